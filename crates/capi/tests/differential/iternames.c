/* Differential cases for the iterators of the built-in types: the type
 * each one's iter() gives (str has two, str_ascii_iterator for an ASCII
 * str and str_iterator otherwise, as CPython 3.11), the items a str
 * iterator yields, and its end.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>

#include "case.h"

/* The type name of iter(o) (o is stolen). */
static void iter_type(const char *what, PyObject *o) {
    PyObject *it = o != NULL ? PyObject_GetIter(o) : NULL;
    show(what, it != NULL ? PyUnicode_FromString(Py_TYPE(it)->tp_name) : NULL);
    Py_XDECREF(it);
    Py_XDECREF(o);
}

/* Every item of iter(o) as a list, then whether next() ends cleanly. */
static void iter_items(const char *what, PyObject *o) {
    PyObject *it = PyObject_GetIter(o);
    PyObject *items = PyList_New(0);
    PyObject *x;
    while (it != NULL && (x = PyIter_Next(it)) != NULL) {
        PyList_Append(items, x);
        Py_DECREF(x);
    }
    show(what, items);
    x = it != NULL ? PyIter_Next(it) : NULL;
    printf("%d\t%s: next() after the end\t%s error=%d\n", ++case_no, what, x ? "item" : "NULL", PyErr_Occurred() != NULL);
    Py_XDECREF(it);
    Py_DECREF(o);
}

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    iter_type("iter('abc')", PyUnicode_FromString("abc"));
    iter_type("iter('')", PyUnicode_FromString(""));
    iter_type("iter('caf\\u00e9')", PyUnicode_FromString("caf\xc3\xa9"));
    iter_type("iter('\\u20ac')", PyUnicode_FromString("\xe2\x82\xac"));
    iter_type("iter('\\U0001f600')", PyUnicode_FromString("\xf0\x9f\x98\x80"));
    iter_type("iter(b'ab')", PyBytes_FromString("ab"));
    iter_type("iter(bytearray())", PyByteArray_FromStringAndSize("", 0));
    iter_type("iter([])", PyList_New(0));
    iter_type("iter(())", PyTuple_New(0));
    iter_type("iter({})", PyDict_New());
    iter_type("iter(set())", PySet_New(NULL));
    iter_type("iter(frozenset())", PyFrozenSet_New(NULL));
    PyObject *d = Py_BuildValue("{si}", "k", 1);
    iter_type("iter({}.keys())", PyObject_CallMethod(d, "keys", NULL));
    iter_type("iter({}.values())", PyObject_CallMethod(d, "values", NULL));
    iter_type("iter({}.items())", PyObject_CallMethod(d, "items", NULL));
    Py_DECREF(d);
    iter_type("iter(range(3))", PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 3));
    iter_type("iter(range(10**20))", PyObject_CallFunction((PyObject *)&PyRange_Type, "N",
                                                         PyLong_FromString("100000000000000000000", NULL, 10)));
    iter_type("iter(memoryview(b'ab'))", PyMemoryView_FromObject(PyBytes_FromString("ab")));
    iter_items("list(iter('ab\\u00e9\\U0001f600'))", PyUnicode_FromString("ab\xc3\xa9\xf0\x9f\x98\x80"));
    iter_items("list(iter('xyz'))", PyUnicode_FromString("xyz"));
    iter_items("list(iter(''))", PyUnicode_FromString(""));
    PyObject *s = PyUnicode_FromString("ab");
    PyObject *it = PyObject_GetIter(s);
    show("type(iter('ab')) is type(iter('cd'))",
         PyBool_FromLong(Py_TYPE(it) == Py_TYPE(PyObject_GetIter(PyUnicode_FromString("cd")))));
    show("iter(iter('ab')) is itself", PyBool_FromLong(PyObject_GetIter(it) == it));
    show("PyIter_Check(iter('ab'))", PyBool_FromLong(PyIter_Check(it)));
    Py_DECREF(it);
    Py_DECREF(s);
    PyGILState_Release(g);
    return 0;
}
