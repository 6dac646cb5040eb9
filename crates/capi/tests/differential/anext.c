/* Differential cases for aiter() and anext() (Python/bltinmodule.c),
 * PyObject_GetAIter and PyAIter_Check (Objects/abstract.c) and the
 * anext_awaitable that anext(aiterator, default) returns
 * (Objects/iterobject.c), driven from C over async iterators and
 * awaitables made with PyType_FromSpec: what each returns, the iterator an
 * awaitable's __await__ gives, StopAsyncIteration turned into
 * StopIteration(default), send / throw / close passed on, every TypeError,
 * and the references the awaitable keeps.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

/* ---- Ender: an iterator whose next raises StopAsyncIteration, and whose
   send / throw / close report their arguments. ---- */
static PyObject *ender_next(PyObject *self)
{
    (void)self;
    PyErr_SetString(PyExc_StopAsyncIteration, "ended");
    return NULL;
}
static PyObject *ender_send(PyObject *self, PyObject *arg)
{
    (void)self;
    if (PyLong_Check(arg) && PyLong_AsLong(arg) == 99) {
        PyErr_SetNone(PyExc_StopAsyncIteration);
        return NULL;
    }
    return Py_BuildValue("(sO)", "sent", arg);
}
static PyObject *ender_throw(PyObject *self, PyObject *args)
{
    (void)self;
    return Py_BuildValue("(sO)", "thrown", args);
}
static PyObject *ender_close(PyObject *self, PyObject *args)
{
    (void)self;
    return Py_BuildValue("(sO)", "closed", args);
}
static PyMethodDef ender_methods[] = {
    {"send", ender_send, METH_O, NULL},
    {"throw", ender_throw, METH_VARARGS, NULL},
    {"close", ender_close, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static PyType_Slot ender_slots[] = {
    {Py_tp_iter, (void *)PyObject_SelfIter},
    {Py_tp_iternext, (void *)ender_next},
    {Py_tp_methods, ender_methods},
    {0, NULL},
};
static PyType_Spec ender_spec = {"t.Ender", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, ender_slots};
static PyObject *Ender;

/* ---- Aw: an awaitable whose __await__ returns what it holds. ---- */
typedef struct {
    PyObject_HEAD
    PyObject *it;
} AwObject;
static PyObject *aw_await(PyObject *self)
{
    PyObject *it = ((AwObject *)self)->it;
    if (it == NULL)
        return PyObject_CallNoArgs(Ender);
    Py_INCREF(it);
    return it;
}
static void aw_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Py_XDECREF(((AwObject *)self)->it);
    tp->tp_free(self);
    Py_DECREF(tp);
}
static PyType_Slot aw_slots[] = {
    {Py_am_await, (void *)aw_await},
    {Py_tp_dealloc, (void *)aw_dealloc},
    {0, NULL},
};
static PyType_Spec aw_spec = {"t.Aw", sizeof(AwObject), 0, Py_TPFLAGS_DEFAULT, aw_slots};
static PyObject *Aw;

/* An Aw whose __await__ gives `it` (stolen; NULL: a new Ender). */
static PyObject *aw(PyObject *it)
{
    PyObject *o = PyType_GenericNew((PyTypeObject *)Aw, NULL, NULL);
    if (o != NULL)
        ((AwObject *)o)->it = it;
    else
        Py_XDECREF(it);
    return o;
}

/* ---- AIt: an async iterator; mode 0: __anext__ gives an Aw over an
   Ender (exhausted); 1: an Aw over iter([1, 2]); 2: the int 5 (not
   awaitable); 3: an Aw whose __await__ gives 5 (not an iterator);
   4: __anext__ raises KeyError; 5: __aiter__ returns 5. ---- */
typedef struct {
    PyObject_HEAD
    int mode;
} AItObject;
static PyObject *ait_aiter(PyObject *self)
{
    if (((AItObject *)self)->mode == 5)
        return PyLong_FromLong(5);
    Py_INCREF(self);
    return self;
}
static PyObject *ait_anext(PyObject *self)
{
    switch (((AItObject *)self)->mode) {
    case 0:
        return aw(NULL);
    case 1:
        return aw(PyObject_GetIter(Py_BuildValue("[ii]", 1, 2)));
    case 2:
        return PyLong_FromLong(5);
    case 3:
        return aw(PyLong_FromLong(5));
    default:
        PyErr_SetString(PyExc_KeyError, "anext failed");
        return NULL;
    }
}
static PyType_Slot ait_slots[] = {
    {Py_am_aiter, (void *)ait_aiter},
    {Py_am_anext, (void *)ait_anext},
    {0, NULL},
};
static PyType_Spec ait_spec = {"t.AIt", sizeof(AItObject), 0, Py_TPFLAGS_DEFAULT, ait_slots};
static PyObject *AIt;

static PyObject *ait(int mode)
{
    PyObject *o = PyType_GenericNew((PyTypeObject *)AIt, NULL, NULL);
    if (o != NULL)
        ((AItObject *)o)->mode = mode;
    return o;
}

static PyObject *builtins;

/* builtins.name(*args), args built by Py_BuildValue (a tuple). */
static PyObject *call(const char *name, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *f = PyDict_GetItemString(builtins, name);
    PyObject *r = (f && args) ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    return r;
}

/* The type name of `o` (stolen). */
static PyObject *type_name(PyObject *o)
{
    if (o == NULL)
        return NULL;
    PyObject *r = PyUnicode_FromString(Py_TYPE(o)->tp_name);
    Py_DECREF(o);
    return r;
}

/* o's tp_iternext (o stolen; PyIter_Next would swallow StopIteration),
   or the exception with StopIteration's value. */
static void next_result(PyObject *o)
{
    PyObject *r = o ? Py_TYPE(o)->tp_iternext(o) : NULL;
    if (r == NULL && PyErr_ExceptionMatches(PyExc_StopIteration)) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        put("StopIteration value=");
        PyObject *value = v ? PyObject_GetAttrString(v, "value") : NULL;
        put_repr(value ? value : Py_None);
        Py_XDECREF(value);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    } else if (r == NULL && !PyErr_Occurred()) {
        put("exhausted");
    } else {
        obj_result(r);
    }
    Py_XDECREF(o);
}

int main(void)
{
    Py_Initialize();
    builtins = PyEval_GetBuiltins();
    Ender = PyType_FromSpec(&ender_spec);
    Aw = PyType_FromSpec(&aw_spec);
    AIt = PyType_FromSpec(&ait_spec);
    if (!Ender || !Aw || !AIt) {
        PyErr_Print();
        return 1;
    }

    PyObject *a0 = ait(0);
    begin("aiter(ait) is ait");
    {
        PyObject *r = call("aiter", "(O)", a0);
        put("%d", r == a0);
        Py_XDECREF(r);
    }
    end();
    CASE_OBJ("aiter(5)", call("aiter", "(i)", 5));
    CASE_OBJ("aiter(x) where __aiter__ returns 5", call("aiter", "(N)", ait(5)));
    CASE_OBJ("aiter()", call("aiter", "()"));
    CASE_OBJ("aiter(a, b)", call("aiter", "(OO)", a0, a0));
    CASE_OBJ("PyObject_GetAIter(5)", PyObject_GetAIter(PyLong_FromLong(5)));
    CASE_INT("PyAIter_Check(ait)", PyAIter_Check(a0));
    {
        PyObject *five = PyLong_FromLong(5);
        CASE_INT("PyAIter_Check(5)", PyAIter_Check(five));
        Py_DECREF(five);
    }
    CASE_INT("PyAIter_Check(the Aw type)", PyAIter_Check(Aw));

    CASE_OBJ("type(anext(ait))", type_name(call("anext", "(O)", a0)));
    CASE_OBJ("anext(5)", call("anext", "(i)", 5));
    CASE_OBJ("anext(5, 1)", call("anext", "(ii)", 5, 1));
    CASE_OBJ("anext()", call("anext", "()"));
    CASE_OBJ("anext(a, b, c)", call("anext", "(OOO)", a0, a0, a0));
    CASE_OBJ("anext(ait raising KeyError)", call("anext", "(N)", ait(4)));
    /* (anext(x, default) where x.__anext__ raises crashes CPython 3.11,
       which wraps the NULL result; pybuffer raises the error.) */

    {
        PyObject *dflt = PyUnicode_FromString("default value");
        begin("x = anext(exhausted, d): type, refs");
        watch(dflt);
        PyObject *x = call("anext", "(OO)", a0, dflt);
        obj_result(type_name(x ? (Py_INCREF(x), x) : NULL));
        end();
        begin("x.__await__() is x, iter(x) is x");
        {
            PyObject *w = x ? PyObject_CallMethod(x, "__await__", NULL) : NULL;
            PyObject *i = x ? PyObject_GetIter(x) : NULL;
            put("%d %d", w == x && w != NULL, i == x && i != NULL);
            Py_XDECREF(w);
            Py_XDECREF(i);
        }
        end();
        begin("next(x): StopIteration(default)");
        next_result(x ? (Py_INCREF(x), x) : NULL);
        end();
        begin("next(x) again");
        next_result(x ? (Py_INCREF(x), x) : NULL);
        end();
        CASE_OBJ("x.send(7)", x ? PyObject_CallMethod(x, "send", "(i)", 7) : NULL);
        CASE_OBJ("x.send((1, 2))", x ? PyObject_CallMethod(x, "send", "((ii))", 1, 2) : NULL);
        begin("x.send(99): StopAsyncIteration becomes StopIteration(default)");
        {
            PyObject *r = x ? PyObject_CallMethod(x, "send", "(i)", 99) : NULL;
            if (r == NULL && PyErr_ExceptionMatches(PyExc_StopIteration)) {
                PyObject *t, *v, *tb;
                PyErr_Fetch(&t, &v, &tb);
                PyErr_NormalizeException(&t, &v, &tb);
                PyObject *value = PyObject_GetAttrString(v, "value");
                put("StopIteration value=");
                put_repr(value);
                Py_XDECREF(value);
                Py_XDECREF(t);
                Py_XDECREF(v);
                Py_XDECREF(tb);
            } else {
                obj_result(r);
            }
        }
        end();
        CASE_OBJ("x.throw(ValueError)", x ? PyObject_CallMethod(x, "throw", "(O)", PyExc_ValueError) : NULL);
        CASE_OBJ("x.throw(ValueError, 1)", x ? PyObject_CallMethod(x, "throw", "(Oi)", PyExc_ValueError, 1) : NULL);
        CASE_OBJ("x.close()", x ? PyObject_CallMethod(x, "close", NULL) : NULL);
        CASE_OBJ("x.close(1)", x ? PyObject_CallMethod(x, "close", "(i)", 1) : NULL);
        CASE_OBJ("x.send()", x ? PyObject_CallMethod(x, "send", NULL) : NULL);
        begin("del x: the default's references");
        watch(dflt);
        Py_XDECREF(x);
        put("done");
        end();
        Py_DECREF(dflt);
    }
    {
        PyObject *x = call("anext", "(Ni)", ait(1), 0);
        begin("anext(over iter([1, 2]), 0): next");
        next_result(x ? (Py_INCREF(x), x) : NULL);
        end();
        begin("next again: a fresh __await__ iterator each time");
        next_result(x ? (Py_INCREF(x), x) : NULL);
        end();
        CASE_OBJ("send(None): list_iterator has no send",
                 x ? PyObject_CallMethod(x, "send", "(O)", Py_None) : NULL);
        Py_XDECREF(x);
    }
    {
        PyObject *x = call("anext", "(Ni)", ait(2), 0);
        begin("anext(__anext__ gives 5, 0): next");
        next_result(x);
        end();
        x = call("anext", "(Ni)", ait(2), 0);
        CASE_OBJ("anext(__anext__ gives 5, 0).send(1)", x ? PyObject_CallMethod(x, "send", "(i)", 1) : NULL);
        Py_XDECREF(x);
        x = call("anext", "(Ni)", ait(3), 0);
        begin("anext(__await__ gives 5, 0): next");
        next_result(x);
        end();
    }
    {
        PyObject *x = call("anext", "(Oi)", a0, 0);
        PyObject *t = x ? (PyObject *)Py_TYPE(x) : NULL;
        CASE_OBJ("type(x)()", t ? PyObject_CallNoArgs(t) : NULL);
        CASE_OBJ("type(x).__name__", t ? PyObject_GetAttrString(t, "__name__") : NULL);
        CASE_OBJ("type(x).__module__", t ? PyObject_GetAttrString(t, "__module__") : NULL);
        CASE_OBJ("type(x).send.__doc__", t ? PyObject_GetAttrString(PyObject_GetAttrString(t, "send"), "__doc__") : NULL);
        CASE_OBJ("type(x).throw.__doc__", t ? PyObject_GetAttrString(PyObject_GetAttrString(t, "throw"), "__doc__") : NULL);
        CASE_OBJ("type(x).close.__doc__", t ? PyObject_GetAttrString(PyObject_GetAttrString(t, "close"), "__doc__") : NULL);
        CASE_OBJ("type(x).__doc__", t ? PyObject_GetAttrString(t, "__doc__") : NULL);
        Py_XDECREF(x);
    }
    Py_DECREF(a0);
    return 0;
}
