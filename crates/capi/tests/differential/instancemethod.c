/* Differential cases for instancemethod (PyInstanceMethod_Type,
 * PyInstanceMethod_New, PyInstanceMethod_Function and
 * PyInstanceMethod_GET_FUNCTION), which Cython wraps its functions in so
 * they bind like Python functions, and for the parts of method
 * (PyMethod_Type) that C code reaches: method(function, instance),
 * __reduce__, __doc__, attribute assignment.
 *
 * - binding: from the class (the callable itself), from an instance (a
 *   method bound to it), __get__ called directly; calling both;
 * - attributes: __func__, __doc__ and others from the callable, errors;
 * - comparisons, hash, repr (addresses masked), the type's constructor
 *   and its errors; reference counts of what the objects hold.
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

/* Returns its arguments as a tuple. */
static PyObject *echo(PyObject *self, PyObject *args)
{
    (void)self;
    return Py_NewRef(args);
}
static PyMethodDef ECHO = {"echo", echo, METH_VARARGS, "echo(*args) -> args"};

static PyObject *call_type(PyTypeObject *t, PyObject *args, PyObject *kwargs)
{
    PyObject *r = PyObject_Call((PyObject *)t, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *compare(PyObject *a, PyObject *b, int op)
{
    PyObject *r = PyObject_RichCompare(a, b, op);
    Py_DECREF(a);
    Py_DECREF(b);
    return r;
}

int main(void)
{
    Py_Initialize();
    PyObject *fn = PyCFunction_New(&ECHO, NULL);
    PyObject *s = PyUnicode_FromString("abc");

    /* the C API */
    begin("PyInstanceMethod_New(echo) holds a reference");
    watch(fn);
    PyObject *im = PyInstanceMethod_New(fn);
    put_repr(im);
    put(" check=%d", PyInstanceMethod_Check(im));
    end();
    begin("PyInstanceMethod_GET_FUNCTION(im)");
    put("is echo: %d", PyInstanceMethod_GET_FUNCTION(im) == fn);
    end();
    begin("PyInstanceMethod_Function(im)");
    watch(fn);
    put("is echo: %d", PyInstanceMethod_Function(im) == fn);
    end();
    begin("PyInstanceMethod_Function(echo)");
    obj_result(Py_XNewRef(PyInstanceMethod_Function(fn)));
    end();
    begin("PyInstanceMethod_Check(echo)");
    put("%d", PyInstanceMethod_Check(fn));
    end();
    CASE_OBJ("PyInstanceMethod_New(1)", PyInstanceMethod_New(s));

    /* calling and binding */
    CASE_OBJ("im(1, 2)", PyObject_CallFunction(im, "ii", 1, 2));
    CASE_OBJ("im(x=1)", PyObject_Call(im, PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)));
    PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(){s:O}", "K", "meth", im);
    PyObject *inst = PyObject_CallNoArgs(cls);
    begin("K.meth is echo");
    PyObject *got = PyObject_GetAttrString(cls, "meth");
    put("%d", got == fn);
    Py_XDECREF(got);
    end();
    CASE_OBJ("K().meth", PyObject_GetAttrString(PyObject_GetAttrString(inst, "meth"), "__self__") == inst
                             ? PyUnicode_FromString("bound to the instance")
                             : NULL);
    CASE_OBJ("type(K().meth)", Py_XNewRef((PyObject *)Py_TYPE(PyObject_GetAttrString(inst, "meth"))));
    CASE_OBJ("K().meth(1)", PyObject_CallMethod(inst, "meth", "i", 1));
    CASE_OBJ("im.__get__(None, K) is echo",
             PyBool_FromLong(PyObject_CallMethod(im, "__get__", "OO", Py_None, cls) == fn));
    CASE_OBJ("im.__get__(s)(2)", PyObject_CallFunction(PyObject_CallMethod(im, "__get__", "O", s), "i", 2));
    CASE_OBJ("im.__get__()", PyObject_CallMethod(im, "__get__", NULL));

    /* attributes */
    CASE_OBJ("im.__func__ is echo", PyBool_FromLong(PyObject_GetAttrString(im, "__func__") == fn));
    Py_DECREF(fn);
    CASE_OBJ("im.__doc__", PyObject_GetAttrString(im, "__doc__"));
    CASE_OBJ("im.__name__", PyObject_GetAttrString(im, "__name__"));
    CASE_OBJ("im.__class__", PyObject_GetAttrString(im, "__class__"));
    CASE_OBJ("im.nothing", PyObject_GetAttrString(im, "nothing"));
    CASE_INT("im.x = 1", PyObject_SetAttrString(im, "x", s));
    CASE_INT("im.__func__ = 1", PyObject_SetAttrString(im, "__func__", s));
    CASE_OBJ("PyInstanceMethod_New(K()).__doc__", PyObject_GetAttrString(PyInstanceMethod_New(inst), "__doc__"));
    CASE_OBJ("instancemethod.__doc__", PyObject_GetAttrString((PyObject *)&PyInstanceMethod_Type, "__doc__"));
    CASE_OBJ("instancemethod.__name__", PyObject_GetAttrString((PyObject *)&PyInstanceMethod_Type, "__name__"));

    /* comparisons */
    CASE_OBJ("im == instancemethod(echo)", compare(Py_NewRef(im), PyInstanceMethod_New(fn), Py_EQ));
    CASE_OBJ("im != instancemethod(echo)", compare(Py_NewRef(im), PyInstanceMethod_New(fn), Py_NE));
    CASE_OBJ("im == instancemethod(str)", compare(Py_NewRef(im), PyInstanceMethod_New(s), Py_EQ));
    CASE_OBJ("im == echo", compare(Py_NewRef(im), Py_NewRef(fn), Py_EQ));
    CASE_OBJ("im < im", compare(Py_NewRef(im), Py_NewRef(im), Py_LT));
    begin("hash(im)");
    put("%zd", (Py_ssize_t)PyObject_Hash(im));
    end();

    /* the constructor */
    CASE_OBJ("instancemethod(echo)", call_type(&PyInstanceMethod_Type, Py_BuildValue("(O)", fn), NULL));
    CASE_OBJ("instancemethod('abc')", call_type(&PyInstanceMethod_Type, Py_BuildValue("(O)", s), NULL));
    CASE_OBJ("instancemethod()", call_type(&PyInstanceMethod_Type, PyTuple_New(0), NULL));
    CASE_OBJ("instancemethod(echo, echo)", call_type(&PyInstanceMethod_Type, Py_BuildValue("(OO)", fn, fn), NULL));
    CASE_OBJ("instancemethod(function=echo)",
             call_type(&PyInstanceMethod_Type, PyTuple_New(0), Py_BuildValue("{s:O}", "function", fn)));
    CASE_OBJ("class X(instancemethod)",
             PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "X", (PyObject *)&PyInstanceMethod_Type));

    begin("releasing im releases echo");
    watch(fn);
    Py_CLEAR(im);
    Py_CLEAR(cls); /* its dict held im */
    Py_CLEAR(inst);
    end();

    /* method */
    begin("method(echo, 'abc') holds both");
    watch(fn);
    watch(s);
    PyObject *m = call_type(&PyMethod_Type, Py_BuildValue("(OO)", fn, s), NULL);
    put_repr(m);
    end();
    CASE_OBJ("m()", PyObject_CallNoArgs(m));
    CASE_OBJ("m.__reduce__()", PyObject_CallMethod(m, "__reduce__", NULL));
    CASE_OBJ("m.__doc__", PyObject_GetAttrString(m, "__doc__"));
    CASE_OBJ("m.__name__", PyObject_GetAttrString(m, "__name__"));
    CASE_INT("m.x = 1", PyObject_SetAttrString(m, "x", s));
    CASE_INT("m.__self__ = 1", PyObject_SetAttrString(m, "__self__", s));
    CASE_OBJ("method(echo)", call_type(&PyMethod_Type, Py_BuildValue("(O)", fn), NULL));
    CASE_OBJ("method(echo, None)", call_type(&PyMethod_Type, Py_BuildValue("(OO)", fn, Py_None), NULL));
    CASE_OBJ("method('abc', 'abc')", call_type(&PyMethod_Type, Py_BuildValue("(OO)", s, s), NULL));
    CASE_OBJ("method(echo, 'abc', 1)", call_type(&PyMethod_Type, Py_BuildValue("(OOi)", fn, s, 1), NULL));
    CASE_OBJ("method(echo, instance='abc')",
             call_type(&PyMethod_Type, Py_BuildValue("(O)", fn), Py_BuildValue("{s:O}", "instance", s)));
    CASE_OBJ("method.__doc__", PyObject_GetAttrString((PyObject *)&PyMethod_Type, "__doc__"));
    begin("releasing m releases both");
    watch(fn);
    watch(s);
    Py_CLEAR(m);
    end();

    Py_DECREF(fn);
    Py_DECREF(s);
    return 0;
}
