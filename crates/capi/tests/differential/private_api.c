/* Differential cases for private CPython 3.11 functions that real
 * extensions call (found by a survey of PyPI sdists: Cython 3.x output in
 * aiohttp's _http_parser and _websocket.reader_c and asyncpg's protocol,
 * and recordclass's _litelist):
 *
 * - _PyStack_AsDict (Objects/call.c), behind a fastcall function's
 *   **kwargs: names and values in order, none, a repeated name (the last
 *   value wins), a non-str name, an unhashable name, and the references
 *   the dict takes;
 * - _PyErr_FormatFromCause (Python/errors.c), behind Cython's "'async for'
 *   received an invalid object" errors: the new exception's type and
 *   message (%s, %d, %R, %U, %zd), its __cause__ and __context__ (the
 *   pending error, normalised from a bare type or a tuple value),
 *   __suppress_context__, a cause that has its own cause, and the return
 *   value;
 * - _Py_NewReference (Objects/object.c), with which recordclass's
 *   litelist makes PyObject_Malloc'd memory an object: the count it
 *   sets, a heap type's count left alone, and the object working (repr,
 *   isinstance) and freed through its type.
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
#include <string.h>

#include "case.h"

static void stack_cases(void)
{
    PyObject *one = PyLong_FromLong(1), *a = PyUnicode_FromString("a"), *big = PyLong_FromString("123456789012345678901234567890", NULL, 10);
    PyObject *values[3] = {one, a, big};
    PyObject *names = Py_BuildValue("(sss)", "x", "y", "z");
    show("_PyStack_AsDict(1, 'a', big; ('x', 'y', 'z'))", _PyStack_AsDict(values, names));
    Py_DECREF(names);

    names = PyTuple_New(0);
    show("_PyStack_AsDict(; ())", _PyStack_AsDict(values, names));
    Py_DECREF(names);

    names = Py_BuildValue("(ss)", "x", "x");
    show("_PyStack_AsDict(1, 'a'; ('x', 'x')): the last value wins", _PyStack_AsDict(values, names));
    Py_DECREF(names);

    names = Py_BuildValue("(is)", 7, "y");
    show("_PyStack_AsDict(1, 'a'; (7, 'y')): a non-str name", _PyStack_AsDict(values, names));
    Py_DECREF(names);

    names = Py_BuildValue("(s[])", "x");
    show("_PyStack_AsDict(1, 'a'; ('x', [])): an unhashable name", _PyStack_AsDict(values, names));
    Py_DECREF(names);

    /* The dict takes one reference to each value and name. */
    names = Py_BuildValue("(ss)", "p", "q");
    PyObject *v1 = PyUnicode_FromString("value one"), *v2 = PyList_New(0);
    PyObject *vv[2] = {v1, v2};
    Py_ssize_t before1 = Py_REFCNT(v1), before2 = Py_REFCNT(v2), before_name = Py_REFCNT(PyTuple_GET_ITEM(names, 0));
    PyObject *d = _PyStack_AsDict(vv, names);
    show("... the values' references while the dict lives",
         Py_BuildValue("(nnn)", Py_REFCNT(v1) - before1, Py_REFCNT(v2) - before2,
                       Py_REFCNT(PyTuple_GET_ITEM(names, 0)) - before_name));
    show("... its type is dict", PyBool_FromLong(d != NULL && PyDict_CheckExact(d)));
    Py_XDECREF(d);
    show("... and after it is gone",
         Py_BuildValue("(nnn)", Py_REFCNT(v1) - before1, Py_REFCNT(v2) - before2,
                       Py_REFCNT(PyTuple_GET_ITEM(names, 0)) - before_name));
    Py_DECREF(v1);
    Py_DECREF(v2);
    Py_DECREF(names);

    /* A tuple subclass of names. */
    PyObject *sub = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "T", &PyTuple_Type);
    PyObject *plain = Py_BuildValue("(ss)", "m", "n");
    names = sub ? PyObject_CallOneArg(sub, plain) : NULL;
    show("_PyStack_AsDict(1, 'a'; T(('m', 'n'))): a tuple subclass", names ? _PyStack_AsDict(values, names) : NULL);
    Py_XDECREF(names);
    Py_DECREF(plain);
    Py_XDECREF(sub);
    Py_DECREF(one);
    Py_DECREF(a);
    Py_DECREF(big);
}

/* The pending error after `r` (which must be NULL) as a tuple:
   (type name, str, repr(__cause__), repr(__context__),
   __suppress_context__, __cause__ is __context__, r is NULL). */
static PyObject *describe(PyObject *r)
{
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (t == NULL)
        return Py_BuildValue("(sO)", "no error", r == NULL ? Py_True : Py_False);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *cause = PyException_GetCause(v), *context = PyException_GetContext(v);
    PyObject *suppress = PyObject_GetAttrString(v, "__suppress_context__");
    PyObject *cause_tb = cause ? PyObject_GetAttrString(cause, "__traceback__") : NULL;
    PyObject *out = Py_BuildValue("(sNNNOOOO)", ((PyTypeObject *)t)->tp_name, PyObject_Str(v),
                                  PyObject_Repr(cause ? cause : Py_None), PyObject_Repr(context ? context : Py_None),
                                  suppress ? suppress : Py_None, cause == context ? Py_True : Py_False,
                                  r == NULL ? Py_True : Py_False, cause_tb ? cause_tb : Py_None);
    Py_XDECREF(cause_tb);
    Py_XDECREF(suppress);
    Py_XDECREF(cause);
    Py_XDECREF(context);
    Py_DECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return out;
}

static void fromcause_cases(void)
{
    PyErr_SetString(PyExc_KeyError, "k");
    PyObject *r = _PyErr_FormatFromCause(PyExc_TypeError, "bad %s %d", "thing", 3);
    show("KeyError('k') pending; _PyErr_FormatFromCause(TypeError, 'bad %s %d', 'thing', 3)", describe(r));

    PyErr_SetNone(PyExc_ValueError);
    r = _PyErr_FormatFromCause(PyExc_RuntimeError, "from a bare type");
    show("ValueError (a bare type) pending: the cause is normalised", describe(r));

    PyObject *args = Py_BuildValue("(is)", 5, "five");
    PyErr_SetObject(PyExc_StopIteration, args);
    Py_DECREF(args);
    r = _PyErr_FormatFromCause(PyExc_RuntimeError, "generator raised StopIteration");
    show("StopIteration((5, 'five')) pending", describe(r));

    PyObject *obj = PyUnicode_FromString("quote'd"), *u = PyUnicode_FromString("\xc3\xa9t\xc3\xa9");
    PyErr_SetString(PyExc_OSError, "disk");
    r = _PyErr_FormatFromCause(PyExc_TypeError, "'async for' received an invalid object from __anext__: %R %U %zd",
                               obj, u, (Py_ssize_t)-42);
    show("OSError('disk') pending; %R %U %zd", describe(r));
    Py_DECREF(obj);
    Py_DECREF(u);

    /* A cause that has a cause of its own keeps it. */
    PyErr_SetString(PyExc_ZeroDivisionError, "inner");
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *outer = PyObject_CallFunction(PyExc_LookupError, "s", "outer");
    PyException_SetCause(outer, v); /* steals v */
    Py_DECREF(t);
    Py_XDECREF(tb);
    PyErr_SetObject(PyExc_LookupError, outer);
    r = _PyErr_FormatFromCause(PyExc_ValueError, "wrapped");
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *c = v ? PyException_GetCause(v) : NULL;
    PyObject *cc = c ? PyException_GetCause(c) : NULL;
    show("LookupError('outer') from ZeroDivisionError('inner'): the cause's cause",
         Py_BuildValue("(OOO)", c == outer ? Py_True : Py_False, cc ? cc : Py_None, r == NULL ? Py_True : Py_False));
    Py_XDECREF(cc);
    Py_XDECREF(c);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    Py_DECREF(outer);

    /* An exception class of the caller's own as the new type. */
    PyObject *mine = PyErr_NewException("probe.MyError", PyExc_ValueError, NULL);
    PyErr_SetString(PyExc_IndexError, "idx");
    r = _PyErr_FormatFromCause(mine, "mine %c", 'x');
    show("IndexError('idx') pending; _PyErr_FormatFromCause(probe.MyError, 'mine %c', 'x')", describe(r));
    Py_DECREF(mine);
}

static PyType_Slot plain_slots[] = {{0, NULL}};
static PyType_Spec plain_spec = {"probe.Plain", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, plain_slots};

/* An object of a heap type (no GC, no __dict__: nothing in front of the
   object) allocated the way litelist allocates: PyObject_Malloc,
   Py_SET_TYPE, _Py_NewReference. */
static void newreference_cases(void)
{
    PyObject *T = PyType_FromSpec(&plain_spec);
    if (T == NULL) {
        show("PyType_FromSpec(probe.Plain)", NULL);
        return;
    }
    PyTypeObject *tp = (PyTypeObject *)T;
    Py_ssize_t type_refs = Py_REFCNT(T);
    PyObject *op = PyObject_Malloc((size_t)tp->tp_basicsize);
    memset(op, 0, (size_t)tp->tp_basicsize);
    Py_SET_TYPE(op, tp);
    Py_SET_REFCNT(op, 12345);
    _Py_NewReference(op);
    show("PyObject_Malloc'd; Py_SET_TYPE; _Py_NewReference: Py_REFCNT", PyLong_FromSsize_t(Py_REFCNT(op)));
    show("... the heap type's count unchanged", PyBool_FromLong(Py_REFCNT(T) == type_refs));
    show("... isinstance(op, Plain)", PyBool_FromLong(PyObject_IsInstance(op, T)));
    show("... type(op).__name__", PyObject_GetAttrString((PyObject *)Py_TYPE(op), "__name__"));
    /* The type's deallocator frees it and gives up a reference to the
       heap type, which the caller takes first (litelist's type, being
       static, needs none). */
    Py_INCREF(T);
    Py_DECREF(op);
    show("... freed: the heap type's count back", PyBool_FromLong(Py_REFCNT(T) == type_refs));
    Py_DECREF(T);
}

int main(void)
{
    Py_Initialize();
    stack_cases();
    fromcause_cases();
    newreference_cases();
    return 0;
}
