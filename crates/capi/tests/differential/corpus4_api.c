/* Differential cases for the API the corpus4 members (scripts/corpus.py:
 * zstandard, ...) added: bytes.join called by name, as python-zstandard's
 * stream readers join their chunks (`PyObject_CallMethod(b"", "join", "O",
 * chunks)`): separators, bytes-like items, iterators, a one-item list
 * holding exactly a bytes (returned as is), the type errors, and the
 * method's argument-count errors.
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

static void bytes_join(void)
{
    PyObject *empty = PyBytes_FromStringAndSize("", 0), *dash = PyBytes_FromString("--");
    PyObject *abc = Py_BuildValue("[yyy]", "a", "bc", "");
    show("b''.join([b'a', b'bc', b''])", PyObject_CallMethod(empty, "join", "O", abc));
    show("b'--'.join([b'a', b'bc', b''])", PyObject_CallMethod(dash, "join", "O", abc));
    show("b'--'.join([])", PyObject_CallMethod(dash, "join", "(N)", PyList_New(0)));
    show("b'--'.join(())", PyObject_CallMethod(dash, "join", "(N)", PyTuple_New(0)));
    PyObject *only = PyBytes_FromString("only");
    PyObject *got = PyObject_CallMethod(dash, "join", "([O])", only);
    show("b'--'.join([x]) is x", PyBool_FromLong(got == only));
    Py_XDECREF(got);
    PyObject *ba = PyByteArray_FromStringAndSize("ba", 2);
    got = PyObject_CallMethod(dash, "join", "([O])", ba);
    show("b'--'.join([bytearray]) is a new bytes", got != NULL && got != ba ? got : NULL);
    PyObject *mv = PyMemoryView_FromObject(only);
    show("b'--'.join([bytearray, memoryview, bytes])", PyObject_CallMethod(dash, "join", "([OOy])", ba, mv, "z"));
    PyObject *it = PyObject_GetIter(abc);
    show("b'+'.join(iter([...]))", PyObject_CallMethod(PyBytes_FromString("+"), "join", "N", it));
    show("b'--'.join([b'a', 1])", PyObject_CallMethod(dash, "join", "([yi])", "a", 1));
    show("b'--'.join([b'a', 'str'])", PyObject_CallMethod(dash, "join", "([ys])", "a", "str"));
    show("b'--'.join(5)", PyObject_CallMethod(dash, "join", "i", 5));
    show("b'--'.join(None)", PyObject_CallMethod(dash, "join", "(O)", Py_None));
    show("b'--'.join(b'ab') (ints)", PyObject_CallMethod(dash, "join", "(y)", "ab"));
    show("b'--'.join()", PyObject_CallMethod(dash, "join", NULL));
    show("b'--'.join(a, b)", PyObject_CallMethod(dash, "join", "OO", abc, abc));
    PyObject *meth = PyObject_GetAttrString(dash, "join");
    PyObject *kw = Py_BuildValue("{s:O}", "iterable", abc);
    PyObject *no_args = PyTuple_New(0);
    show("b'--'.join(iterable=...)", PyObject_Call(meth, no_args, kw));
    show("bytes.join(b'--', [...])",
         PyObject_CallMethod((PyObject *)&PyBytes_Type, "join", "OO", dash, abc));
    show("bytes.join('str', [...])", PyObject_CallMethod((PyObject *)&PyBytes_Type, "join", "sO", "x", abc));
    show("hasattr(b'', 'join')", PyBool_FromLong(PyObject_HasAttrString(empty, "join")));
    Py_DECREF(no_args);
    Py_DECREF(kw);
    Py_DECREF(meth);
    Py_DECREF(mv);
    Py_DECREF(ba);
    Py_DECREF(only);
    Py_DECREF(abc);
    Py_DECREF(dash);
    Py_DECREF(empty);
}

int main(void)
{
    Py_Initialize();
    bytes_join();
    return 0;
}
