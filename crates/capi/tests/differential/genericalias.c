/* Differential cases for types.GenericAlias (Objects/genericaliasobject.c)
 * as extensions reach it: Py_GenericAlias(origin, args) (an extension
 * type's __class_getitem__), its repr for classes, builtins, Ellipsis,
 * list arguments, other objects and an extension's own heap type,
 * __origin__ / __args__ / __parameters__, ==, hash, calling it, and
 * attributes read from the origin.
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

static PyType_Slot thing_slots[] = {{0, NULL}};
static PyType_Spec thing_spec = {"mod.Thing", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, thing_slots};

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *list = (PyObject *)&PyList_Type, *intt = (PyObject *)&PyLong_Type;
    PyObject *str = (PyObject *)&PyUnicode_Type, *tup = (PyObject *)&PyTuple_Type;
    PyObject *thing = PyType_FromSpec(&thing_spec);

    PyObject *a = Py_GenericAlias(list, intt);
    show("list[int]", Py_NewRef(a));
    show("list[int, str]", Py_GenericAlias(list, Py_BuildValue("(OO)", intt, str)));
    show("list[()]", Py_GenericAlias(list, PyTuple_New(0)));
    show("tuple[int, ...]", Py_GenericAlias(tup, Py_BuildValue("(OO)", intt, Py_Ellipsis)));
    show("list[[int, str], int]", Py_GenericAlias(list, Py_BuildValue("([OO]O)", intt, str, intt)));
    show("list[3, 'x', None]", Py_GenericAlias(list, Py_BuildValue("(isO)", 3, "x", Py_None)));
    show("mod.Thing[int]", Py_GenericAlias(thing, intt));
    show("list[mod.Thing]", Py_GenericAlias(list, thing));
    show("list[list[int]]", Py_GenericAlias(list, a));
    show("type(list[int])", Py_NewRef((PyObject *)Py_TYPE(a)));
    show("list[int].__origin__", PyObject_GetAttrString(a, "__origin__"));
    show("list[int].__args__", PyObject_GetAttrString(a, "__args__"));
    show("list[int].__parameters__", PyObject_GetAttrString(a, "__parameters__"));
    show("list[int].__name__ (the origin's)", PyObject_GetAttrString(a, "__name__"));
    show("list[int].__qualname__", PyObject_GetAttrString(a, "__qualname__"));
    show("list[int].nope", PyObject_GetAttrString(a, "nope"));
    PyObject *b = Py_GenericAlias(list, intt), *c = Py_GenericAlias(list, str), *d = Py_GenericAlias(tup, intt);
    show("list[int] == list[int]", PyObject_RichCompare(a, b, Py_EQ));
    show("list[int] != list[int]", PyObject_RichCompare(a, b, Py_NE));
    show("list[int] == list[str]", PyObject_RichCompare(a, c, Py_EQ));
    show("list[int] == tuple[int]", PyObject_RichCompare(a, d, Py_EQ));
    show("list[int] == list", PyObject_RichCompare(a, list, Py_EQ));
    show("list[int] < list[int]", PyObject_RichCompare(a, b, Py_LT));
    printf("%d\thash(list[int]) == hash(list[int])\t%d\n", ++case_no, PyObject_Hash(a) == PyObject_Hash(b));
    printf("%d\thash(list[int]) == hash(list[str])\t%d\n", ++case_no, PyObject_Hash(a) == PyObject_Hash(c));
    PyObject *sa = Py_GenericAlias((PyObject *)&PySet_Type, intt);
    show("set[int]([1, 2])", PyObject_CallFunction(sa, "([ii])", 1, 2));
    show("set[int]()", PyObject_CallNoArgs(sa));
    show("set[int](1)", PyObject_CallFunction(sa, "(i)", 1));
    PyObject *ta = Py_GenericAlias(thing, intt);
    PyObject *made = PyObject_CallNoArgs(ta);
    printf("%d\tmod.Thing[int]()\t%s\n", ++case_no, made ? Py_TYPE(made)->tp_name : "NULL");
    show("mod.Thing[int]().__orig_class__", made ? PyObject_GetAttrString(made, "__orig_class__") : NULL);
    Py_XDECREF(made);
    Py_DECREF(ta);
    Py_DECREF(sa);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    Py_DECREF(d);
    Py_DECREF(thing);
    PyGILState_Release(g);
    return 0;
}
