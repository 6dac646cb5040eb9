/* Differential cases for private functions that extensions built against
 * CPython 3.11's headers reference (a survey of PyPI's cp311 wheels:
 * orjson, charset-normalizer's mypyc modules). CPython's inline call
 * helpers (cpython/abstract.h: PyObject_Vectorcall, PyObject_CallOneArg,
 * PyObject_CallMethodNoArgs, ...) call the first two:
 *
 * - _PyObject_MakeTpCall (Objects/call.c): positional arguments only, a
 *   kwnames tuple whose values follow them, an empty kwnames tuple, a
 *   keyword dict, a callable without tp_call, and an error the callee
 *   raises;
 * - _Py_CheckFunctionResult: a result without an error, NULL without an
 *   error (named by the callable's repr or by `where`), and a result
 *   with an error set (the pending error as the SystemError's cause);
 * - _PyObject_FastCall: positional arguments, none, and an error;
 * - _PyDict_Contains_KnownHash (Objects/dictobject.c): a present key, a
 *   missing one, and a present key given another hash;
 * - _PyDict_GetItemStringWithError: a present key, a missing one (NULL,
 *   no error), a UTF-8 key, and a key that is not UTF-8;
 * - _PyErr_ChainExceptions (Python/errors.c): with an error pending (the
 *   given one becomes its __context__), with none (restored as is), a
 *   NULL type (nothing), and a type that is not an exception class.
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
    /* A present key given another hash. Only int keys here: a str's
       hash changes from run to run (PYTHONHASHSEED), so whether the probe
       for another str's hash meets 'k' (found by identity) would too. In
       {1: 1}, hash 2 probes an empty slot; hash 9 probes key 1's slot. */
    PyObject *one = PyLong_FromLong(1), *d1 = Py_BuildValue("{i:i}", 1, 1);
    show("_PyDict_Contains_KnownHash({1: 1}, 1 with hash 2)",
         PyLong_FromLong(_PyDict_Contains_KnownHash(d1, one, 2)));
    show("_PyDict_Contains_KnownHash({1: 1}, 1 with hash 9)",
         PyLong_FromLong(_PyDict_Contains_KnownHash(d1, one, 9)));
    Py_DECREF(one);
    Py_DECREF(d1);
    /* Not a dict: CPython reads it as one (an assert in a debug build);
       pybuffer refuses it with SystemError, as PyDict_Contains does. */
    Py_DECREF(d);
    Py_DECREF(k);
    Py_DECREF(missing);
    Py_DECREF(seven);
}

static void fastcall_cases(void)
{
    PyObject *int_type = (PyObject *)&PyLong_Type;
    PyObject *s = PyUnicode_FromString("ff"), *sixteen = PyLong_FromLong(16), *x = PyUnicode_FromString("x");
    PyObject *args[2] = {s, sixteen};
    show("_PyObject_FastCall(int, 'ff', 16)", _PyObject_FastCall(int_type, args, 2));
    show("_PyObject_FastCall(int)", _PyObject_FastCall(int_type, NULL, 0));
    show("_PyObject_FastCall(int, 'x')", _PyObject_FastCall(int_type, &x, 1));
    show("_PyObject_FastCall(16)", _PyObject_FastCall(sixteen, NULL, 0));
    Py_DECREF(s);
    Py_DECREF(sixteen);
    Py_DECREF(x);
}

static void getitemstring_cases(void)
{
    PyObject *d = Py_BuildValue("{s:i,s:s}", "k", 1, "caf\xc3\xa9", "utf-8 key");
    PyObject *v = _PyDict_GetItemStringWithError(d, "k");
    Py_XINCREF(v);
    show("_PyDict_GetItemStringWithError(d, 'k')", v);
    v = _PyDict_GetItemStringWithError(d, "caf\xc3\xa9");
    Py_XINCREF(v);
    show("_PyDict_GetItemStringWithError(d, 'caf\\xe9')", v);
    v = _PyDict_GetItemStringWithError(d, "missing");
    printf("%d\t_PyDict_GetItemStringWithError(d, 'missing')\t%s, error %s\n", ++case_no, v ? "found" : "NULL",
           PyErr_Occurred() ? "set" : "not set");
    v = _PyDict_GetItemStringWithError(d, "\xff");
    show("_PyDict_GetItemStringWithError(d, b'\\xff') (not UTF-8)", v);
    Py_DECREF(d);
}

/* The pending error after a chaining, with its __context__. */
static void show_chained(const char *what)
{
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *ctx = v ? PyException_GetContext(v) : NULL;
    PyObject *s = ctx ? PyObject_Str(ctx) : NULL;
    printf("%d\t%s: its __context__\t%s: %s\n", ++case_no, what, ctx ? Py_TYPE(ctx)->tp_name : "(none)",
           s ? PyUnicode_AsUTF8(s) : "");
    Py_XDECREF(s);
    Py_XDECREF(ctx);
    PyErr_Restore(t, v, tb);
    show(what, NULL);
}

static void chain_cases(void)
{
    PyObject *t, *v, *tb;
    PyErr_SetString(PyExc_KeyError, "first");
    PyErr_Fetch(&t, &v, &tb);
    PyErr_SetString(PyExc_ValueError, "second");
    _PyErr_ChainExceptions(t, v, tb);
    show_chained("KeyError('first') chained under a pending ValueError('second')");

    PyErr_SetString(PyExc_KeyError, "alone");
    PyErr_Fetch(&t, &v, &tb);
    _PyErr_ChainExceptions(t, v, tb);
    show_chained("KeyError('alone') chained with nothing pending");

    PyErr_SetString(PyExc_OSError, "pending");
    _PyErr_ChainExceptions(NULL, NULL, NULL);
    show_chained("a NULL type chained under a pending OSError");

    Py_INCREF(PyExc_TypeError);
    PyErr_SetNone(PyExc_RuntimeError);
    _PyErr_ChainExceptions(PyExc_TypeError, NULL, NULL);
    show_chained("a bare TypeError (no value) chained under a pending RuntimeError");
}

int main(void)
{
    Py_Initialize();
    tpcall_cases(PyThreadState_Get());
    dict_cases();
    fastcall_cases();
    getitemstring_cases();
    chain_cases();
    return 0;
}
