/* Differential cases for the generator C API (Objects/genobject.c and
 * PyIter_Send in Objects/abstract.c) that code generators' own generator
 * types use (Cython's __pyx_Generator): _PyGen_SetStopIterationValue (a
 * `return value`: None, an int, a tuple, an exception instance, NULL),
 * _PyGen_FetchStopIterationValue (normalised and unnormalised
 * StopIteration, a subclass, a tuple value, no error, another error),
 * PyIter_Send over a list iterator, a type with am_send, a type with only
 * tp_iternext returning a value through StopIteration or failing, and
 * objects without a `send` method given a value; the generator
 * types (their names, the checks on ordinary objects, calling one), and
 * Py_OptimizeFlag; BaseException.__traceback__ with a traceback object
 * (PyTraceBack_Here on a PyFrame_New frame, as Cython's tracebacks are
 * made), None, and a wrong type.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case (refcase.h) and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

/* ------------------------------------------------------------------ */
/*     Iterators: one with am_send, one with only tp_iternext         */
/* ------------------------------------------------------------------ */

/* Counts down from `n`: each step yields the count; at 0 it returns
   `ret` (StopIteration(ret)), or raises ValueError when `fail`. A value
   sent in is added to the count. */
typedef struct {
    PyObject_HEAD
    long n;
    PyObject *ret;
    int fail;
} Countdown;

static void cd_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Py_XDECREF(((Countdown *)self)->ret);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PySendResult cd_step(Countdown *c, PyObject *arg, PyObject **result)
{
    if (arg != NULL && arg != Py_None) {
        long add = PyLong_AsLong(arg);
        if (add == -1 && PyErr_Occurred())
            return PYGEN_ERROR;
        c->n += add;
    }
    if (c->n <= 0) {
        if (c->fail) {
            PyErr_SetString(PyExc_ValueError, "countdown failed");
            *result = NULL;
            return PYGEN_ERROR;
        }
        *result = Py_NewRef(c->ret);
        return PYGEN_RETURN;
    }
    *result = PyLong_FromLong(c->n--);
    return *result ? PYGEN_NEXT : PYGEN_ERROR;
}

static PySendResult cd_send(PyObject *self, PyObject *arg, PyObject **result)
{
    return cd_step((Countdown *)self, arg, result);
}

/* tp_iternext of the type without am_send: the return value goes out
   through StopIteration, as a generator's does. */
static PyObject *cd_next(PyObject *self)
{
    PyObject *r;
    PySendResult s = cd_step((Countdown *)self, NULL, &r);
    if (s == PYGEN_RETURN) {
        if (r != Py_None)
            _PyGen_SetStopIterationValue(r);
        Py_DECREF(r);
        return NULL;
    }
    return r;
}

static PyType_Slot send_slots[] = {
    {Py_am_send, (void *)cd_send},
    {Py_tp_dealloc, (void *)cd_dealloc}, {Py_tp_iter, (void *)PyObject_SelfIter},
    {Py_tp_iternext, (void *)cd_next}, {0, NULL},
};
static PyType_Slot next_slots[] = {
    {Py_tp_dealloc, (void *)cd_dealloc}, {Py_tp_iter, (void *)PyObject_SelfIter},
    {Py_tp_iternext, (void *)cd_next}, {0, NULL},
};
static PyType_Spec send_spec = {"gentest.SendCountdown", sizeof(Countdown), 0, Py_TPFLAGS_DEFAULT, send_slots};
static PyType_Spec next_spec = {"gentest.NextCountdown", sizeof(Countdown), 0, Py_TPFLAGS_DEFAULT, next_slots};
static PyTypeObject *SendType, *NextType;

static PyObject *countdown(PyTypeObject *tp, long n, PyObject *ret, int fail)
{
    Countdown *c = (Countdown *)PyType_GenericAlloc(tp, 0);
    if (c == NULL)
        return NULL;
    c->n = n;
    c->ret = Py_NewRef(ret);
    c->fail = fail;
    return (PyObject *)c;
}

/* ------------------------------------------------------------------ */
/*                           Case printers                            */
/* ------------------------------------------------------------------ */

/* The pending error as "Type(value repr)" after normalising, or "no
   error"; it is cleared. */
static void put_pending_as(int show_unnormalised)
{
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (t == NULL) {
        put("no error");
        return;
    }
    if (show_unnormalised)
        put("unnormalised value %s; ", v == NULL ? "NULL" : Py_TYPE(v)->tp_name);
    PyErr_NormalizeException(&t, &v, &tb);
    put("%s", ((PyTypeObject *)t)->tp_name);
    if (v != NULL && PyObject_TypeCheck(v, (PyTypeObject *)PyExc_StopIteration)) {
        put(" .value=");
        put_repr(((PyStopIterationObject *)v)->value);
        PyObject *args = PyObject_GetAttrString(v, "args");
        put(" .args=");
        if (args != NULL)
            put_repr(args);
        Py_XDECREF(args);
    } else if (v != NULL) {
        put(": ");
        PyObject *s = PyObject_Str(v);
        put_masked(s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s);
    }
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

#define put_pending() put_pending_as(1)

static void set_value_case(const char *what, PyObject *value)
{
    begin(what);
    if (value != Py_None) /* CPython 3.11's None count moves on its own */
        watch(value);
    int r = _PyGen_SetStopIterationValue(value);
    put("-> %d, ", r);
    put_pending();
    end();
}

/* _PyGen_FetchStopIterationValue with the error set by `setup`, which
   runs before the case starts watching. */
static void fetch_case(const char *what, PyObject *watched_value)
{
    begin(what);
    watch(watched_value);
    PyObject *value = (PyObject *)0x1; /* must be untouched on -1 */
    int r = _PyGen_FetchStopIterationValue(&value);
    put("-> %d, ", r);
    if (r == 0) {
        put("value ");
        put_repr(value);
        Py_DECREF(value);
        put(", ");
    } else {
        put("value %s, ", value == (PyObject *)0x1 ? "untouched" : "CHANGED");
    }
    put_pending();
    end();
}

static void send_case(const char *what, PyObject *iter, PyObject *arg)
{
    begin(what);
    watch(iter);
    if (arg != Py_None) /* CPython 3.11's None count moves on its own */
        watch(arg);
    PyObject *result = NULL;
    PySendResult r = PyIter_Send(iter, arg, &result);
    put("-> %s, ", r == PYGEN_NEXT ? "PYGEN_NEXT" : r == PYGEN_RETURN ? "PYGEN_RETURN" : r == PYGEN_ERROR ? "PYGEN_ERROR" : "?");
    if (result != NULL) {
        put_repr(result);
        Py_DECREF(result);
    } else {
        put("NULL");
    }
    if (r == PYGEN_ERROR) {
        /* Only the normalised error: how eagerly an AttributeError is
           instantiated is not PyIter_Send's. */
        put(", ");
        put_pending_as(0);
    }
    end();
}

/* ------------------------------------------------------------------ */
/*                               Cases                                */
/* ------------------------------------------------------------------ */

static void set_value_cases(void)
{
    PyObject *big = PyLong_FromString("123456789012345678901234567890", NULL, 10);
    PyObject *tuple = Py_BuildValue("(is)", 1, "two");
    PyObject *empty = PyTuple_New(0);
    PyObject *exc = PyObject_CallFunction(PyExc_KeyError, "(s)", "k");
    PyObject *stop = PyObject_CallFunction(PyExc_StopIteration, "(i)", 7);
    set_value_case("_PyGen_SetStopIterationValue(NULL)", NULL);
    set_value_case("_PyGen_SetStopIterationValue(None)", Py_None);
    set_value_case("_PyGen_SetStopIterationValue(big int)", big);
    set_value_case("_PyGen_SetStopIterationValue((1, 'two'))", tuple);
    set_value_case("_PyGen_SetStopIterationValue(())", empty);
    set_value_case("_PyGen_SetStopIterationValue(KeyError('k'))", exc);
    set_value_case("_PyGen_SetStopIterationValue(StopIteration(7))", stop);
    /* Over a pending error: replaced. */
    PyErr_SetString(PyExc_ValueError, "earlier");
    set_value_case("_PyGen_SetStopIterationValue(big int) over a pending ValueError", big);
    Py_DECREF(big);
    Py_DECREF(tuple);
    Py_DECREF(empty);
    Py_DECREF(exc);
    Py_DECREF(stop);
}

static void fetch_cases(void)
{
    PyObject *v = PyUnicode_FromString("result");
    PyObject *tuple = Py_BuildValue("(ii)", 1, 2);
    PyObject *single = Py_BuildValue("(s)", "only");
    PyObject *inst = PyObject_CallFunction(PyExc_StopIteration, "(O)", v);
    PyObject *sub = PyErr_NewException("gentest.MyStop", PyExc_StopIteration, NULL);
    PyObject *sub_inst = PyObject_CallFunction(sub, "(ii)", 3, 4);
    PyObject *gen_exit = PyObject_CallFunction(PyExc_StopAsyncIteration, "(i)", 1);

    fetch_case("_PyGen_FetchStopIterationValue with no error", NULL);
    PyErr_SetNone(PyExc_StopIteration);
    fetch_case("... with StopIteration and no value", NULL);
    PyErr_SetObject(PyExc_StopIteration, v);
    fetch_case("... with StopIteration and an unnormalised str", v);
    PyErr_SetObject(PyExc_StopIteration, tuple);
    fetch_case("... with StopIteration and an unnormalised tuple (1, 2)", tuple);
    PyErr_SetObject(PyExc_StopIteration, single);
    fetch_case("... with StopIteration and an unnormalised 1-tuple", single);
    PyErr_SetObject(PyExc_StopIteration, inst);
    fetch_case("... with a StopIteration('result') instance", inst);
    PyErr_SetObject(sub, v);
    fetch_case("... with a StopIteration subclass, unnormalised str", v);
    PyErr_SetObject(sub, sub_inst);
    fetch_case("... with a StopIteration subclass instance (3, 4)", sub_inst);
    PyErr_Restore(Py_NewRef(PyExc_StopIteration), Py_NewRef(sub_inst), NULL);
    fetch_case("... restored as StopIteration with a subclass instance", sub_inst);
    PyErr_Restore(Py_NewRef(PyExc_StopIteration), Py_NewRef(gen_exit), NULL);
    fetch_case("... restored as StopIteration with a StopAsyncIteration instance", gen_exit);
    PyErr_SetString(PyExc_ValueError, "not a stop");
    fetch_case("... with ValueError", NULL);
    PyErr_SetNone(PyExc_StopAsyncIteration);
    fetch_case("... with StopAsyncIteration", NULL);

    /* Set then fetch: the value comes back as it went in. */
    PyObject *values[] = {Py_None, v, tuple, single, inst};
    const char *names[] = {"None", "'result'", "(1, 2)", "('only',)", "StopIteration('result')"};
    for (int i = 0; i < 5; i++) {
        char what[128];
        snprintf(what, sizeof what, "Set then Fetch of %s", names[i]);
        begin(what);
        watch(values[i]);
        PyObject *got = NULL;
        int s = _PyGen_SetStopIterationValue(values[i]);
        int f = _PyGen_FetchStopIterationValue(&got);
        put("-> %d %d, is the same object: %s, ", s, f, got == values[i] ? "yes" : "no");
        put_repr(got);
        Py_XDECREF(got);
        end();
    }
    Py_DECREF(v);
    Py_DECREF(tuple);
    Py_DECREF(single);
    Py_DECREF(inst);
    Py_DECREF(sub_inst);
    Py_DECREF(sub);
    Py_DECREF(gen_exit);
}

static void send_cases(void)
{
    PyObject *list = Py_BuildValue("[ii]", 10, 20);
    PyObject *it = PyObject_GetIter(list);
    PyObject *one = PyLong_FromLong(1);
    send_case("PyIter_Send(list iterator, None)", it, Py_None);
    send_case("PyIter_Send(list iterator, 1): no .send", it, one);
    send_case("PyIter_Send(list iterator, None) again", it, Py_None);
    send_case("PyIter_Send(list iterator, None) at the end", it, Py_None);
    send_case("PyIter_Send(exhausted list iterator, None)", it, Py_None);
    Py_DECREF(it);

    PyObject *ret = PyUnicode_FromString("done");
    PyObject *cd = countdown(SendType, 2, ret, 0);
    send_case("PyIter_Send(am_send countdown from 2, None)", cd, Py_None);
    send_case("PyIter_Send(am_send countdown, 1)", cd, one);
    send_case("PyIter_Send(am_send countdown, None)", cd, Py_None);
    send_case("PyIter_Send(am_send countdown, None)", cd, Py_None);
    send_case("PyIter_Send(am_send countdown at 0, None): returns", cd, Py_None);
    PyObject *str = PyUnicode_FromString("x");
    send_case("PyIter_Send(am_send countdown, 'x'): error", cd, str);
    Py_DECREF(cd);

    cd = countdown(NextType, 1, ret, 0);
    send_case("PyIter_Send(tp_iternext countdown from 1, None)", cd, Py_None);
    send_case("PyIter_Send(tp_iternext countdown, 'done'): no .send", cd, ret);
    send_case("PyIter_Send(tp_iternext countdown, None) at 0", cd, Py_None);
    Py_DECREF(cd);
    cd = countdown(NextType, 0, Py_None, 0);
    send_case("PyIter_Send(tp_iternext countdown returning None)", cd, Py_None);
    Py_DECREF(cd);
    PyObject *tuple = Py_BuildValue("(ii)", 5, 6);
    cd = countdown(NextType, 0, tuple, 0);
    send_case("PyIter_Send(tp_iternext countdown returning (5, 6))", cd, Py_None);
    Py_DECREF(cd);
    cd = countdown(NextType, 0, Py_None, 1);
    send_case("PyIter_Send(tp_iternext countdown failing)", cd, Py_None);
    Py_DECREF(cd);
    send_case("PyIter_Send(int 1, None): not an iterator", one, Py_None);
    Py_DECREF(tuple);
    Py_DECREF(str);
    Py_DECREF(ret);
    Py_DECREF(one);
    Py_DECREF(list);
}

static void type_cases(void)
{
    PyTypeObject *types[] = {&PyGen_Type, &PyCoro_Type, &PyAsyncGen_Type};
    for (int i = 0; i < 3; i++) {
        char what[96];
        snprintf(what, sizeof what, "type #%d: tp_name", i);
        CASE_OBJ(what, PyUnicode_FromString(types[i]->tp_name));
        snprintf(what, sizeof what, "calling %s()", types[i]->tp_name);
        CASE_OBJ(what, PyObject_CallNoArgs((PyObject *)types[i]));
        snprintf(what, sizeof what, "%s is a type", types[i]->tp_name);
        CASE_INT(what, PyType_Check((PyObject *)types[i]));
    }
    PyObject *objs[] = {Py_None, PyLong_FromLong(3), PyList_New(0), (PyObject *)&PyGen_Type};
    const char *names[] = {"None", "3", "[]", "PyGen_Type"};
    for (int i = 0; i < 4; i++) {
        char what[96];
        snprintf(what, sizeof what, "PyGen_Check/CheckExact, PyCoro_CheckExact, PyAsyncGen_CheckExact(%s)", names[i]);
        begin(what);
        put("-> %d %d %d %d", PyGen_Check(objs[i]), PyGen_CheckExact(objs[i]), PyCoro_CheckExact(objs[i]),
            PyAsyncGen_CheckExact(objs[i]));
        end();
    }
    Py_DECREF(objs[1]);
    Py_DECREF(objs[2]);
    CASE_INT("Py_OptimizeFlag", Py_OptimizeFlag);
}

static void traceback_cases(void)
{
    PyCodeObject *co = PyCode_NewEmpty("src/gen.pyx", "gen.body", 12);
    PyObject *globals = PyDict_New();
    PyDict_SetItemString(globals, "__name__", PyUnicode_FromString("gen"));
    PyFrameObject *f = PyFrame_New(PyThreadState_Get(), co, globals, NULL);
    PyErr_SetString(PyExc_ValueError, "inside");
    PyTraceBack_Here(f);
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    CASE_INT("PyTraceBack_Check(fetched traceback)", tb != NULL && PyTraceBack_Check(tb));
    CASE_INT("PyException_SetTraceback(value, traceback) (as Cython's except clause)", PyException_SetTraceback(v, tb));
    begin("PyException_GetTraceback(value) is the traceback");
    PyObject *got = PyException_GetTraceback(v);
    put("-> %s", got == tb ? "yes" : "no");
    Py_XDECREF(got);
    end();
    begin("value.__traceback__.tb_lineno");
    PyObject *a = PyObject_GetAttrString(v, "__traceback__");
    obj_result(a ? PyObject_GetAttrString(a, "tb_lineno") : NULL);
    Py_XDECREF(a);
    end();
    CASE_INT("PyException_SetTraceback(value, None)", PyException_SetTraceback(v, Py_None));
    CASE_OBJ("value.__traceback__ after None", PyObject_GetAttrString(v, "__traceback__"));
    CASE_INT("PyException_SetTraceback(value, 3)", PyException_SetTraceback(v, PyLong_FromLong(3)));
    CASE_INT("setattr(value, '__traceback__', traceback)", PyObject_SetAttrString(v, "__traceback__", tb));
    CASE_INT("delattr(value, '__traceback__')", PyObject_DelAttrString(v, "__traceback__"));
    begin("value.with_traceback(traceback) is value");
    PyObject *w = PyObject_CallMethod(v, "with_traceback", "(O)", tb);
    put("-> %s", w == v ? "yes" : "no");
    Py_XDECREF(w);
    end();
    CASE_OBJ("value.with_traceback('x')", PyObject_CallMethod(v, "with_traceback", "(s)", "x"));
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    Py_DECREF(f);
    Py_DECREF(globals);
    Py_DECREF(co);
}

int main(void)
{
    Py_Initialize();
    SendType = (PyTypeObject *)PyType_FromSpec(&send_spec);
    NextType = (PyTypeObject *)PyType_FromSpec(&next_spec);
    if (SendType == NULL || NextType == NULL)
        return 1;
    set_value_cases();
    fetch_cases();
    send_cases();
    type_cases();
    traceback_cases();
    Py_DECREF(SendType);
    Py_DECREF(NextType);
    return 0;
}
