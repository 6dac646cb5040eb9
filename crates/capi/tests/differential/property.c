/* Differential cases for property (PyProperty_Type, builtins.property),
 * which Cython's generated classes and hand-written extensions build
 * accessors with:
 *
 * - the descriptor: fget from an instance, the property itself from the
 *   class; fset and fdel; CPython 3.11's messages for a missing function,
 *   with and without a name from __set_name__, and from __get__ /
 *   __set__ / __delete__ called directly;
 * - fget/fset/fdel/__doc__ members (the doc taken from the getter),
 *   getter/setter/deleter copies (keeping the name, the getter's doc
 *   following a new getter), __isabstractmethod__;
 * - property(...) argument errors; a subclass of property (its copies of
 *   the same type, the getter's doc in its instance dict);
 * - reference counts of the functions a property holds.
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

/* obj._x */
static PyObject *get_x(PyObject *self, PyObject *obj)
{
    (void)self;
    return PyObject_GetAttrString(obj, "_x");
}
/* obj._x = value */
static PyObject *set_x(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *obj, *value;
    if (!PyArg_ParseTuple(args, "OO", &obj, &value))
        return NULL;
    if (PyObject_SetAttrString(obj, "_x", value) < 0)
        return NULL;
    Py_RETURN_NONE;
}
/* del obj._x */
static PyObject *del_x(PyObject *self, PyObject *obj)
{
    (void)self;
    if (PyObject_DelAttrString(obj, "_x") < 0)
        return NULL;
    Py_RETURN_NONE;
}
/* 2 * obj._x */
static PyObject *get_double(PyObject *self, PyObject *obj)
{
    (void)self;
    PyObject *x = PyObject_GetAttrString(obj, "_x");
    if (x == NULL)
        return NULL;
    PyObject *r = PyNumber_Add(x, x);
    Py_DECREF(x);
    return r;
}
static PyObject *boom(PyObject *self, PyObject *obj)
{
    (void)self;
    (void)obj;
    PyErr_SetString(PyExc_ValueError, "boom");
    return NULL;
}
static PyMethodDef GET_X = {"get_x", get_x, METH_O, "Get x."};
static PyMethodDef SET_X = {"set_x", set_x, METH_VARARGS, "Set x."};
static PyMethodDef DEL_X = {"del_x", del_x, METH_O, NULL};
static PyMethodDef GET_DOUBLE = {"get_double", get_double, METH_O, "Twice x."};
static PyMethodDef BOOM = {"boom", boom, METH_O, NULL};

static PyObject *prop_call(PyTypeObject *t, PyObject *args, PyObject *kwargs)
{
    PyObject *r = args ? PyObject_Call((PyObject *)t, args, kwargs) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *attr(PyObject *o, const char *name)
{
    return o ? PyObject_GetAttrString(o, name) : NULL;
}

int main(void)
{
    Py_Initialize();
    PyObject *g = PyCFunction_New(&GET_X, NULL);
    PyObject *s = PyCFunction_New(&SET_X, NULL);
    PyObject *dl = PyCFunction_New(&DEL_X, NULL);
    PyObject *g2 = PyCFunction_New(&GET_DOUBLE, NULL);
    PyObject *bm = PyCFunction_New(&BOOM, NULL);
    PyObject *five = PyLong_FromLong(5);
    PyObject *builtins = PyEval_GetBuiltins();

    CASE_OBJ("builtins.property is PyProperty_Type",
             PyBool_FromLong(PyDict_GetItemString(builtins, "property") == (PyObject *)&PyProperty_Type));
    CASE_OBJ("property()", prop_call(&PyProperty_Type, PyTuple_New(0), NULL));
    begin("property(get_x, set_x, del_x) holds them");
    watch(g);
    watch(s);
    watch(dl);
    PyObject *full = prop_call(&PyProperty_Type, Py_BuildValue("(OOO)", g, s, dl), NULL);
    put_repr(full);
    end();
    CASE_OBJ("full.fget is get_x", PyBool_FromLong(attr(full, "fget") == g));
    Py_DECREF(g);
    CASE_OBJ("full.__doc__ (the getter's)", attr(full, "__doc__"));
    PyObject *bare = prop_call(&PyProperty_Type, PyTuple_New(0), NULL);
    CASE_OBJ("property().fget", attr(bare, "fget"));
    CASE_OBJ("property().fdel", attr(bare, "fdel"));
    CASE_OBJ("property().__doc__", attr(bare, "__doc__"));
    CASE_OBJ("property(None, None, None, 'D').__doc__",
             attr(prop_call(&PyProperty_Type, Py_BuildValue("(OOOs)", Py_None, Py_None, Py_None, "D"), NULL), "__doc__"));
    CASE_OBJ("property(get_x, doc='D').__doc__",
             attr(prop_call(&PyProperty_Type, Py_BuildValue("(O)", g), Py_BuildValue("{s:s}", "doc", "D")), "__doc__"));
    CASE_OBJ("property(fget=get_x).fget",
             attr(prop_call(&PyProperty_Type, PyTuple_New(0), Py_BuildValue("{s:O}", "fget", g)), "fget"));
    CASE_OBJ("property(del_x).__doc__ (a getter without one)",
             attr(prop_call(&PyProperty_Type, Py_BuildValue("(O)", dl), NULL), "__doc__"));

    /* on a class */
    PyObject *P = PyObject_CallFunction((PyObject *)&PyType_Type, "s(){}", "P");
    PyObject_SetAttrString(P, "full", full);
    PyObject_SetAttrString(P, "bare", bare);
    PyObject *inst = PyObject_CallNoArgs(P);
    CASE_OBJ("P.full is the property", PyBool_FromLong(attr(P, "full") == full));
    Py_DECREF(full);
    CASE_OBJ("P().full before setting", attr(inst, "full"));
    CASE_INT("P().full = 5", PyObject_SetAttrString(inst, "full", five));
    CASE_OBJ("P().full", attr(inst, "full"));
    CASE_OBJ("P().__dict__", attr(inst, "__dict__"));
    CASE_INT("del P().full", PyObject_DelAttrString(inst, "full"));
    CASE_INT("del P().full again", PyObject_DelAttrString(inst, "full"));
    CASE_OBJ("P().bare", attr(inst, "bare"));
    CASE_INT("P().bare = 5", PyObject_SetAttrString(inst, "bare", five));
    CASE_INT("del P().bare", PyObject_DelAttrString(inst, "bare"));
    CASE_OBJ("bare.__set_name__(P, 'bare')", PyObject_CallMethod(bare, "__set_name__", "Os", P, "bare"));
    CASE_OBJ("P().bare (named)", attr(inst, "bare"));
    CASE_INT("P().bare = 5 (named)", PyObject_SetAttrString(inst, "bare", five));
    CASE_INT("del P().bare (named)", PyObject_DelAttrString(inst, "bare"));
    CASE_OBJ("bare.__set_name__(P, 7)", PyObject_CallMethod(bare, "__set_name__", "Oi", P, 7));
    CASE_OBJ("P().bare (named 7)", attr(inst, "bare"));
    CASE_OBJ("bare.__set_name__(P)", PyObject_CallMethod(bare, "__set_name__", "(O)", P));
    CASE_OBJ("bare.__set_name__(P, 1, 2)", PyObject_CallMethod(bare, "__set_name__", "Oii", P, 1, 2));
    CASE_OBJ("bare.__get__(None, P) is bare", PyBool_FromLong(PyObject_CallMethod(bare, "__get__", "OO", Py_None, P) == bare));
    Py_DECREF(bare);
    CASE_OBJ("bare.__get__(5)", PyObject_CallMethod(bare, "__get__", "O", five));
    CASE_OBJ("bare.__get__(None, None)", PyObject_CallMethod(bare, "__get__", "OO", Py_None, Py_None));
    CASE_OBJ("bare.__set__(5, 5)", PyObject_CallMethod(bare, "__set__", "OO", five, five));
    CASE_OBJ("bare.__set__(None, 5)", PyObject_CallMethod(bare, "__set__", "OO", Py_None, five));
    CASE_OBJ("bare.__delete__(5)", PyObject_CallMethod(bare, "__delete__", "O", five));
    PyObject *bprop = prop_call(&PyProperty_Type, Py_BuildValue("(OO)", bm, bm), NULL);
    PyObject_SetAttrString(P, "bad", bprop);
    CASE_OBJ("P().bad (the getter raises)", attr(inst, "bad"));
    CASE_INT("P().bad = 5 (the setter takes one argument)", PyObject_SetAttrString(inst, "bad", five));
    Py_XDECREF(bprop);

    /* copies */
    PyObject *ro = prop_call(&PyProperty_Type, Py_BuildValue("(O)", g), NULL);
    PyObject_CallMethod(ro, "__set_name__", "Os", P, "ro");
    PyObject *rw = PyObject_CallMethod(ro, "setter", "O", s);
    CASE_OBJ("ro.setter(set_x) is a new property", PyBool_FromLong(rw != NULL && rw != ro && Py_IS_TYPE(rw, &PyProperty_Type)));
    CASE_OBJ("  its fget is get_x", PyBool_FromLong(attr(rw, "fget") == g));
    Py_DECREF(g);
    CASE_OBJ("  its fset", attr(rw, "fset"));
    CASE_OBJ("  its __doc__", attr(rw, "__doc__"));
    PyObject_SetAttrString(P, "rw", rw);
    CASE_INT("  P().rw = 5", PyObject_SetAttrString(inst, "rw", five));
    CASE_INT("  del P().rw (the name is kept)", PyObject_DelAttrString(inst, "rw"));
    CASE_OBJ("ro.getter(get_double).__doc__ (the new getter's)", attr(PyObject_CallMethod(ro, "getter", "O", g2), "__doc__"));
    CASE_OBJ("ro.getter(None).__doc__", attr(PyObject_CallMethod(ro, "getter", "O", Py_None), "__doc__"));
    CASE_OBJ("ro.deleter(del_x).fdel", attr(PyObject_CallMethod(ro, "deleter", "O", dl), "fdel"));
    CASE_OBJ("property(get_x, doc='D').getter(get_double).__doc__",
             attr(PyObject_CallMethod(prop_call(&PyProperty_Type, Py_BuildValue("(O)", g), Py_BuildValue("{s:s}", "doc", "D")),
                                      "getter", "O", g2), "__doc__"));
    CASE_OBJ("ro.getter()", PyObject_CallMethod(ro, "getter", NULL));
    CASE_OBJ("ro.setter(1, 2)", PyObject_CallMethod(ro, "setter", "ii", 1, 2));
    Py_XDECREF(rw);

    /* members */
    CASE_INT("ro.fget = 5", PyObject_SetAttrString(ro, "fget", five));
    CASE_INT("ro.__doc__ = 5", PyObject_SetAttrString(ro, "__doc__", five));
    CASE_OBJ("ro.__doc__", attr(ro, "__doc__"));
    CASE_INT("ro.other = 5", PyObject_SetAttrString(ro, "other", five));
    CASE_OBJ("ro.__isabstractmethod__", attr(ro, "__isabstractmethod__"));
    PyObject *A = PyObject_CallFunction((PyObject *)&PyType_Type, "s(){s:O}", "A", "__isabstractmethod__", Py_True);
    PyObject *a = PyObject_CallNoArgs(A);
    CASE_OBJ("property(None, A()).__isabstractmethod__",
             attr(prop_call(&PyProperty_Type, Py_BuildValue("(OO)", Py_None, a), NULL), "__isabstractmethod__"));
    CASE_OBJ("property(None, None, A()).__isabstractmethod__",
             attr(prop_call(&PyProperty_Type, Py_BuildValue("(OOO)", Py_None, Py_None, a), NULL), "__isabstractmethod__"));
    Py_XDECREF(a);
    Py_XDECREF(A);
    Py_DECREF(ro);

    /* argument errors */
    CASE_OBJ("property(1, 2, 3, 4, 5)", prop_call(&PyProperty_Type, Py_BuildValue("(iiiii)", 1, 2, 3, 4, 5), NULL));
    CASE_OBJ("property(x=1)", prop_call(&PyProperty_Type, PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)));
    CASE_OBJ("property(get_x, fget=get_x)", prop_call(&PyProperty_Type, Py_BuildValue("(O)", g), Py_BuildValue("{s:O}", "fget", g)));
    CASE_OBJ("property(5).__get__(P())", PyObject_CallMethod(prop_call(&PyProperty_Type, Py_BuildValue("(i)", 5), NULL), "__get__", "O", inst));

    /* a subclass */
    PyObject *Sub = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "Sub", (PyObject *)&PyProperty_Type);
    PyObject *sp = Sub ? PyObject_CallFunction(Sub, "O", g) : NULL;
    CASE_OBJ("Sub(get_x).__doc__", attr(sp, "__doc__"));
    CASE_OBJ("Sub(get_x).__dict__", attr(sp, "__dict__"));
    CASE_OBJ("type(Sub(get_x).setter(set_x)).__name__", attr(attr(PyObject_CallMethod(sp, "setter", "O", s), "__class__"), "__name__"));
    if (sp)
        PyObject_SetAttrString(P, "sub", sp);
    CASE_INT("P().sub = 5", PyObject_SetAttrString(inst, "sub", five));
    CASE_OBJ("P().sub", attr(inst, "sub"));
    Py_XDECREF(sp);
    Py_XDECREF(Sub);

    CASE_OBJ("property.__doc__ starts", PySequence_GetSlice(attr((PyObject *)&PyProperty_Type, "__doc__"), 0, 40));
    CASE_OBJ("property.getter.__doc__", attr(attr((PyObject *)&PyProperty_Type, "getter"), "__doc__"));

    begin("releasing the class and instance releases the functions");
    watch(g);
    watch(s);
    watch(dl);
    Py_CLEAR(inst);
    Py_CLEAR(P);
    end();
    Py_DECREF(g);
    Py_DECREF(s);
    Py_DECREF(dl);
    Py_DECREF(g2);
    Py_DECREF(bm);
    Py_DECREF(five);
    return 0;
}
