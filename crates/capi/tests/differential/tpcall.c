/* Differential cases for the private functions CPython 3.11's inline call
 * helpers (cpython/abstract.h: PyObject_Vectorcall, PyObject_CallOneArg,
 * PyObject_CallMethodNoArgs, ...) call, which every extension built
 * against CPython's headers and using them references (orjson's wheel,
 * for one), and the dict lookup with a known hash next to them:
 *
 * - _PyObject_MakeTpCall (Objects/call.c): positional arguments only, a
 *   kwnames tuple whose values follow them, an empty kwnames tuple, a
 *   keyword dict, a callable without tp_call, and an error the callee
 *   raises;
 * - _Py_CheckFunctionResult: a result without an error, NULL without an
 *   error (named by the callable's repr or by `where`), and a result
 *   with an error set (the pending error as the SystemError's cause);
 * - _PyDict_Contains_KnownHash (Objects/dictobject.c): a present key, a
 *   missing one, and a present key given another key's hash.
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

/* The pending error's __cause__, as "Type: message" (the cause is what
   _Py_CheckFunctionResult chains), then the error itself; cleared. */
static void show_with_cause(const char *what, PyObject *o)
{
    if (o != NULL || !PyErr_Occurred()) {
        show(what, o);
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *cause = v ? PyException_GetCause(v) : NULL;
    PyObject *s = cause ? PyObject_Str(cause) : NULL;
    printf("%d\t%s: its cause\t%s: %s\n", ++case_no, what, cause ? Py_TYPE(cause)->tp_name : "(none)",
           s ? PyUnicode_AsUTF8(s) : "");
    Py_XDECREF(s);
    Py_XDECREF(cause);
    PyErr_Restore(t, v, tb);
    show(what, NULL);
}

static void tpcall_cases(PyThreadState *ts)
{
    PyObject *builtins = PyEval_GetBuiltins();
    PyObject *int_type = (PyObject *)&PyLong_Type, *dict_type = (PyObject *)&PyDict_Type;
    PyObject *len = PyDict_GetItemString(builtins, "len");

    PyObject *s42 = PyUnicode_FromString("42"), *sixteen = PyLong_FromLong(16);
    PyObject *args[3] = {s42, sixteen, NULL};
    show("_PyObject_MakeTpCall(int, '42')", _PyObject_MakeTpCall(ts, int_type, args, 1, NULL));
    PyObject *hex = PyUnicode_FromString("ff");
    PyObject *hexargs[2] = {hex, sixteen};
    show("_PyObject_MakeTpCall(int, 'ff', 16)", _PyObject_MakeTpCall(ts, int_type, hexargs, 2, NULL));

    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2);
    PyObject *kwvalues[2] = {one, two};
    PyObject *kwnames = Py_BuildValue("(ss)", "a", "b");
    show("_PyObject_MakeTpCall(dict; kwnames ('a', 'b'))", _PyObject_MakeTpCall(ts, dict_type, kwvalues, 0, kwnames));
    PyObject *base = PyTuple_New(0);
    PyObject *withbase[3] = {NULL, one, two};
    withbase[0] = Py_BuildValue("[(si)]", "z", 26);
    show("_PyObject_MakeTpCall(dict, [('z', 26)]; kwnames ('a', 'b'))",
         _PyObject_MakeTpCall(ts, dict_type, withbase, 1, kwnames));
    show("_PyObject_MakeTpCall(int, '42'; kwnames ())", _PyObject_MakeTpCall(ts, int_type, args, 1, base));
    PyObject *kwdict = Py_BuildValue("{s:i}", "base", 16);
    show("_PyObject_MakeTpCall(int, 'ff'; {'base': 16})", _PyObject_MakeTpCall(ts, int_type, hexargs, 1, kwdict));
    PyObject *badkw = Py_BuildValue("(s)", "nope");
    show("_PyObject_MakeTpCall(int, '42'; kwnames ('nope',))", _PyObject_MakeTpCall(ts, int_type, args, 1, badkw));
    show("_PyObject_MakeTpCall(5) (not callable)", _PyObject_MakeTpCall(ts, one, NULL, 0, NULL));
    PyObject *bad = PyUnicode_FromString("x");
    show("_PyObject_MakeTpCall(int, 'x') (raises)", _PyObject_MakeTpCall(ts, int_type, &bad, 1, NULL));
    PyObject *lst = Py_BuildValue("[iii]", 1, 2, 3);
    show("_PyObject_MakeTpCall(len, [1, 2, 3])", _PyObject_MakeTpCall(ts, len, &lst, 1, NULL));

    show("_Py_CheckFunctionResult(len, 7): no error", _Py_CheckFunctionResult(ts, len, PyLong_FromLong(7), NULL));
    show("_Py_CheckFunctionResult(len, NULL): no error", _Py_CheckFunctionResult(ts, len, NULL, NULL));
    show("_Py_CheckFunctionResult(where 'thing', NULL): no error",
         _Py_CheckFunctionResult(ts, NULL, NULL, "thing"));
    PyErr_SetString(PyExc_KeyError, "pending");
    show("_Py_CheckFunctionResult(len, NULL): KeyError set", _Py_CheckFunctionResult(ts, len, NULL, NULL));
    PyErr_SetString(PyExc_ValueError, "stray");
    show_with_cause("_Py_CheckFunctionResult(len, 7): ValueError set",
                    _Py_CheckFunctionResult(ts, len, PyLong_FromLong(7), NULL));
    PyErr_SetString(PyExc_ValueError, "stray");
    show_with_cause("_Py_CheckFunctionResult(where 'thing', 7): ValueError set",
                    _Py_CheckFunctionResult(ts, NULL, PyLong_FromLong(7), "thing"));

    Py_DECREF(s42);
    Py_DECREF(sixteen);
    Py_DECREF(hex);
    Py_DECREF(one);
    Py_DECREF(two);
    Py_DECREF(kwnames);
    Py_DECREF(base);
    Py_DECREF(withbase[0]);
    Py_DECREF(kwdict);
    Py_DECREF(badkw);
    Py_DECREF(bad);
    Py_DECREF(lst);
}

static void dict_cases(void)
{
    PyObject *d = Py_BuildValue("{s:i,i:i}", "k", 1, 7, 2);
    PyObject *k = PyUnicode_FromString("k"), *missing = PyUnicode_FromString("missing"), *seven = PyLong_FromLong(7);
    show("_PyDict_Contains_KnownHash(d, 'k')",
         PyLong_FromLong(_PyDict_Contains_KnownHash(d, k, PyObject_Hash(k))));
    show("_PyDict_Contains_KnownHash(d, 7)",
         PyLong_FromLong(_PyDict_Contains_KnownHash(d, seven, PyObject_Hash(seven))));
    show("_PyDict_Contains_KnownHash(d, 'missing')",
         PyLong_FromLong(_PyDict_Contains_KnownHash(d, missing, PyObject_Hash(missing))));
    show("_PyDict_Contains_KnownHash(d, 'k' with the hash of 'missing')",
         PyLong_FromLong(_PyDict_Contains_KnownHash(d, k, PyObject_Hash(missing))));
    /* Not a dict: CPython reads it as one (an assert in a debug build);
       pybuffer refuses it with SystemError, as PyDict_Contains does. */
    Py_DECREF(d);
    Py_DECREF(k);
    Py_DECREF(missing);
    Py_DECREF(seven);
}

int main(void)
{
    Py_Initialize();
    tpcall_cases(PyThreadState_Get());
    dict_cases();
    return 0;
}
