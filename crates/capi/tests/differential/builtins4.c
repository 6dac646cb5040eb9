/* Differential cases for the builtins extensions resolve and call from C
 * that are types (Python/bltinmodule.c, Objects/typeobject.c,
 * Objects/funcobject.c): filter (with None, bool and a function; errors
 * from the function and the iterable; __reduce__; a subclass), super (the
 * instance, class and unbound forms, lookup along the MRO after the given
 * class, binding, members, argument errors, the zero-argument form with
 * no frame), vars (with and without an argument), and staticmethod called
 * as a type (its __init__, the names it copies, errors).
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

static PyObject *builtins;

/* builtins.NAME(*args, **kwargs), both references stolen. */
static PyObject *call_kw(const char *name, PyObject *args, PyObject *kwargs)
{
    PyObject *f = PyDict_GetItemString(builtins, name);
    PyObject *r = (f && args) ? PyObject_Call(f, args, kwargs) : NULL;
    if (f == NULL)
        PyErr_Format(PyExc_NameError, "name '%s' is not defined", name);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *list_of(PyObject *o)
{
    if (o == NULL)
        return NULL;
    PyObject *r = PySequence_List(o);
    Py_DECREF(o);
    return r;
}

/* x > 1 */
static PyObject *gt1(PyObject *self, PyObject *x)
{
    (void)self;
    PyObject *one = PyLong_FromLong(1);
    PyObject *r = PyObject_RichCompare(x, one, Py_GT);
    Py_DECREF(one);
    return r;
}
/* raises for 3 */
static PyObject *no3(PyObject *self, PyObject *x)
{
    (void)self;
    if (PyLong_Check(x) && PyLong_AsLong(x) == 3) {
        PyErr_SetString(PyExc_ValueError, "three");
        return NULL;
    }
    Py_RETURN_TRUE;
}
/* (tag, *args) */
static PyObject *tagged(PyObject *self, PyObject *args)
{
    PyObject *tag = self ? self : Py_None;
    PyObject *r = PyTuple_New(PyTuple_GET_SIZE(args) + 1);
    if (r == NULL)
        return NULL;
    PyTuple_SET_ITEM(r, 0, Py_NewRef(tag));
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++)
        PyTuple_SET_ITEM(r, i + 1, Py_NewRef(PyTuple_GET_ITEM(args, i)));
    return r;
}
static PyMethodDef GT1 = {"gt1", gt1, METH_O, "x > 1"};
static PyMethodDef NO3 = {"no3", no3, METH_O, NULL};
static PyMethodDef TAGGED = {"tagged", tagged, METH_VARARGS, "tagged(*args)"};

/* A function returning (tag, *args), bound like a Python function. */
static PyObject *method_tagged(const char *tag)
{
    PyObject *t = PyUnicode_FromString(tag);
    PyObject *f = PyCFunction_New(&TAGGED, t);
    Py_DECREF(t);
    PyObject *im = PyInstanceMethod_New(f);
    Py_DECREF(f);
    return im;
}

static PyObject *make_class(const char *name, PyObject *bases, PyObject *ns)
{
    PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", name, bases, ns);
    Py_DECREF(bases);
    Py_DECREF(ns);
    return cls;
}

static PyObject *su(PyObject *t, PyObject *o)
{
    return o ? PyObject_CallFunctionObjArgs((PyObject *)&PySuper_Type, t, o, NULL)
             : PyObject_CallOneArg((PyObject *)&PySuper_Type, t);
}

static PyObject *attr(PyObject *o, const char *name)
{
    if (o == NULL)
        return NULL;
    PyObject *r = PyObject_GetAttrString(o, name);
    Py_DECREF(o);
    return r;
}

static PyObject *call0(PyObject *o)
{
    if (o == NULL)
        return NULL;
    PyObject *r = PyObject_CallNoArgs(o);
    Py_DECREF(o);
    return r;
}

int main(void)
{
    Py_Initialize();
    builtins = PyEval_GetBuiltins();
    PyObject *f_gt1 = PyCFunction_New(&GT1, NULL);
    PyObject *f_no3 = PyCFunction_New(&NO3, NULL);
    PyObject *items = Py_BuildValue("[iisiiO]", 0, 1, "", 2, 3, Py_None);
    PyObject *nums = Py_BuildValue("[iiii]", 0, 1, 2, 3);

    /* filter */
    CASE_OBJ("builtins.filter is PyFilter_Type",
             PyBool_FromLong(PyDict_GetItemString(builtins, "filter") == (PyObject *)&PyFilter_Type));
    CASE_OBJ("list(filter(None, items))", list_of(call_kw("filter", Py_BuildValue("(OO)", Py_None, items), NULL)));
    CASE_OBJ("list(filter(bool, items))", list_of(call_kw("filter", Py_BuildValue("(OO)", &PyBool_Type, items), NULL)));
    CASE_OBJ("list(filter(gt1, nums))", list_of(call_kw("filter", Py_BuildValue("(OO)", f_gt1, nums), NULL)));
    CASE_OBJ("list(filter(gt1, items))", list_of(call_kw("filter", Py_BuildValue("(OO)", f_gt1, items), NULL)));
    CASE_OBJ("list(filter(no3, nums))", list_of(call_kw("filter", Py_BuildValue("(OO)", f_no3, nums), NULL)));
    CASE_OBJ("list(filter(None, 'a\\0b'))", list_of(call_kw("filter", Py_BuildValue("(Os)", Py_None, "ab"), NULL)));
    CASE_OBJ("list(filter(len, ['', 'a']))", list_of(call_kw("filter", Py_BuildValue("(O[ss])", PyDict_GetItemString(builtins, "len"), "", "a"), NULL)));
    CASE_OBJ("list(filter(5, nums))", list_of(call_kw("filter", Py_BuildValue("(iO)", 5, nums), NULL)));
    CASE_OBJ("filter()", call_kw("filter", PyTuple_New(0), NULL));
    CASE_OBJ("filter(None)", call_kw("filter", Py_BuildValue("(O)", Py_None), NULL));
    CASE_OBJ("filter(None, 1)", call_kw("filter", Py_BuildValue("(Oi)", Py_None, 1), NULL));
    CASE_OBJ("filter(None, [], x=1)", call_kw("filter", Py_BuildValue("(O[])", Py_None), Py_BuildValue("{s:i}", "x", 1)));
    CASE_OBJ("filter(None, [], [])", call_kw("filter", Py_BuildValue("(O[][])", Py_None), NULL));
    PyObject *flt = call_kw("filter", Py_BuildValue("(OO)", f_gt1, nums), NULL);
    CASE_OBJ("next(filter(gt1, nums))", PyIter_Next(flt));
    begin("filter.__reduce__()");
    PyObject *red = PyObject_CallMethod(flt, "__reduce__", NULL);
    if (red) {
        put("type is filter: %d, func is gt1: %d, iterator type %s",
            PyTuple_GET_ITEM(red, 0) == (PyObject *)&PyFilter_Type,
            PyTuple_GET_ITEM(PyTuple_GET_ITEM(red, 1), 0) == f_gt1,
            Py_TYPE(PyTuple_GET_ITEM(PyTuple_GET_ITEM(red, 1), 1))->tp_name);
        Py_DECREF(red);
    } else {
        obj_result(NULL);
    }
    end();
    CASE_OBJ("list(rest of the filter)", PySequence_List(flt));
    CASE_OBJ("iter(filter) is filter", PyBool_FromLong(PyObject_GetIter(flt) == flt));
    Py_DECREF(flt);
    begin("filter(gt1, nums) holds both");
    watch(f_gt1);
    watch(nums);
    flt = call_kw("filter", Py_BuildValue("(OO)", f_gt1, nums), NULL);
    put_repr(PyObject_Type(flt));
    Py_DECREF(Py_TYPE(flt));
    end();
    begin("releasing it releases them");
    watch(f_gt1);
    watch(nums);
    Py_DECREF(flt);
    end();
    PyObject *MyFilter = make_class("MyFilter", Py_BuildValue("(O)", &PyFilter_Type), PyDict_New());
    CASE_OBJ("list(MyFilter(gt1, nums))", list_of(MyFilter ? PyObject_CallFunctionObjArgs(MyFilter, f_gt1, nums, NULL) : NULL));
    CASE_OBJ("MyFilter(gt1, nums, x=1)", MyFilter ? PyObject_Call(MyFilter, Py_BuildValue("(OO)", f_gt1, nums), Py_BuildValue("{s:i}", "x", 1)) : NULL);
    CASE_OBJ("MyFilter(gt1, nums).__reduce__()[0] is MyFilter",
             PyBool_FromLong(MyFilter && PyTuple_GetItem(PyObject_CallMethod(PyObject_CallFunctionObjArgs(MyFilter, f_gt1, nums, NULL), "__reduce__", NULL), 0) == MyFilter));
    Py_XDECREF(MyFilter);
    CASE_OBJ("filter.__doc__", PyObject_GetAttrString((PyObject *)&PyFilter_Type, "__doc__"));

    /* super */
    PyObject *A = make_class("A", PyTuple_New(0), Py_BuildValue("{s:N,s:N}", "who", method_tagged("A"), "only_a", method_tagged("only A")));
    PyObject *B = make_class("B", Py_BuildValue("(O)", A), Py_BuildValue("{s:N}", "who", method_tagged("B")));
    PyObject *C = make_class("C", Py_BuildValue("(O)", B), Py_BuildValue("{s:N}", "who", method_tagged("C")));
    PyObject *c = PyObject_CallNoArgs(C);
    PyObject *Cname = PyUnicode_FromString("C");
    PyObject_SetAttrString(c, "name", Cname);
    Py_DECREF(Cname);
    CASE_OBJ("builtins.super is PySuper_Type",
             PyBool_FromLong(PyDict_GetItemString(builtins, "super") == (PyObject *)&PySuper_Type));
    CASE_OBJ("super(C, c)", su(C, c));
    CASE_OBJ("super(C, c).who()[0]", PySequence_GetItem(call0(attr(su(C, c), "who")), 0));
    CASE_OBJ("super(C, c).who.__self__ is c", PyBool_FromLong(attr(attr(su(C, c), "who"), "__self__") == c));
    Py_DECREF(c);
    CASE_OBJ("super(B, c).who()[0]", PySequence_GetItem(call0(attr(su(B, c), "who")), 0));
    CASE_OBJ("super(A, c).who", attr(su(A, c), "who"));
    CASE_OBJ("super(C, c).only_a()[0]", PySequence_GetItem(call0(attr(su(C, c), "only_a")), 0));
    CASE_OBJ("super(C, c).name (instance attributes are not searched)", attr(su(C, c), "name"));
    CASE_OBJ("super(C, c).__class__", attr(su(C, c), "__class__"));
    CASE_OBJ("super(C, c).__thisclass__", attr(su(C, c), "__thisclass__"));
    CASE_OBJ("super(C, c).__self_class__", attr(su(C, c), "__self_class__"));
    CASE_OBJ("super(C, c).__self__ is c", PyBool_FromLong(attr(su(C, c), "__self__") == c));
    Py_DECREF(c);
    CASE_OBJ("super(C, C)", su(C, C));
    CASE_OBJ("super(C, C).who is B's function", attr(attr(su(C, C), "who"), "__self__"));
    CASE_OBJ("super(B, C).__self__", attr(su(B, C), "__self__"));
    CASE_OBJ("super(C, B)", su(C, B));
    CASE_OBJ("super(C, 1)", su(C, PyLong_FromLong(1)));
    CASE_OBJ("super(bool, True)", su((PyObject *)&PyBool_Type, Py_True));
    CASE_OBJ("super(bool, True).__repr__()", call0(attr(su((PyObject *)&PyBool_Type, Py_True), "__repr__")));
    CASE_OBJ("super(int, 5).__add__(1)", PyObject_CallMethod(su((PyObject *)&PyLong_Type, PyLong_FromLong(5)), "__add__", "i", 1));
    CASE_OBJ("super(int, 5).__add__ bound", attr(attr(su((PyObject *)&PyLong_Type, PyLong_FromLong(5)), "__add__"), "__self__"));
    CASE_OBJ("super(C)", su(C, NULL));
    CASE_OBJ("super(C, None)", su(C, Py_None));
    CASE_OBJ("super(C).who", attr(su(C, NULL), "who"));
    CASE_OBJ("super(C).__get__(c)", PyObject_CallMethod(su(C, NULL), "__get__", "O", c));
    CASE_OBJ("super(C).__get__(c).who()[0]", PySequence_GetItem(call0(attr(PyObject_CallMethod(su(C, NULL), "__get__", "O", c), "who")), 0));
    CASE_OBJ("super(C).__get__(None)", PyObject_CallMethod(su(C, NULL), "__get__", "OO", Py_None, C));
    CASE_OBJ("super(C).__get__(1)", PyObject_CallMethod(su(C, NULL), "__get__", "O", PyLong_FromLong(1)));
    CASE_OBJ("super(C, c).__get__(B())", PyObject_CallMethod(su(C, c), "__get__", "O", c));
    CASE_OBJ("super()", PyObject_CallNoArgs((PyObject *)&PySuper_Type));
    CASE_OBJ("super(1)", PyObject_CallFunction((PyObject *)&PySuper_Type, "i", 1));
    CASE_OBJ("super(C, c, 1)", PyObject_CallFunction((PyObject *)&PySuper_Type, "OOi", C, c, 1));
    CASE_OBJ("super(C, obj=c)", PyObject_Call((PyObject *)&PySuper_Type, Py_BuildValue("(O)", C), Py_BuildValue("{s:O}", "obj", c)));
    PyObject *s1 = su(C, c);
    PyObject *sinit = PyObject_GetAttrString((PyObject *)&PySuper_Type, "__init__");
    CASE_OBJ("super(C, c).__init__ (found along the MRO)", PyObject_CallMethod(s1, "__init__", NULL));
    CASE_OBJ("super.__init__(s, 1)", PyObject_CallFunction(sinit, "Oi", s1, 1));
    CASE_OBJ("super.__init__(s, None)", PyObject_CallFunction(sinit, "OO", s1, Py_None));
    CASE_OBJ("super.__init__(s, B, c, 1)", PyObject_CallFunction(sinit, "OOOi", s1, B, c, 1));
    CASE_OBJ("super.__init__(s, B, x=1)", PyObject_Call(sinit, Py_BuildValue("(OO)", s1, B), Py_BuildValue("{s:i}", "x", 1)));
    CASE_OBJ("super.__init__(s, B, 1)", PyObject_CallFunction(sinit, "OOi", s1, B, 1));
    CASE_OBJ("  still", Py_NewRef(s1));
    CASE_OBJ("super.__init__(s, B, c)", PyObject_CallFunction(sinit, "OOO", s1, B, c));
    CASE_OBJ("  now", Py_NewRef(s1));
    CASE_OBJ("  who()[0]", PySequence_GetItem(call0(attr(Py_NewRef(s1), "who")), 0));
    CASE_OBJ("super.__init__(s, B)", PyObject_CallFunction(sinit, "OO", s1, B));
    CASE_OBJ("  now", Py_NewRef(s1));
    CASE_OBJ("super.__init__(s)", PyObject_CallFunction(sinit, "O", s1));
    CASE_OBJ("  still", Py_NewRef(s1));
    Py_XDECREF(sinit);
    Py_DECREF(s1);
    begin("super(C, c) holds C and c");
    watch(C);
    watch(c);
    s1 = su(C, c);
    end();
    begin("releasing it releases them");
    watch(C);
    watch(c);
    Py_DECREF(s1);
    end();
    PyObject *MySuper = make_class("MySuper", Py_BuildValue("(O)", &PySuper_Type), PyDict_New());
    CASE_OBJ("MySuper(C, c)", MySuper ? PyObject_CallFunctionObjArgs(MySuper, C, c, NULL) : NULL);
    CASE_OBJ("MySuper(C, c).who()[0]", MySuper ? PySequence_GetItem(call0(attr(PyObject_CallFunctionObjArgs(MySuper, C, c, NULL), "who")), 0) : NULL);
    CASE_OBJ("MySuper(C).__get__(c)", MySuper ? PyObject_CallMethod(PyObject_CallFunctionObjArgs(MySuper, C, NULL), "__get__", "O", c) : NULL);
    Py_XDECREF(MySuper);

    /* vars */
    CASE_OBJ("vars(c)", call_kw("vars", Py_BuildValue("(O)", c), NULL));
    CASE_OBJ("vars(B)['who']", PyMapping_GetItemString(call_kw("vars", Py_BuildValue("(O)", B), NULL), "who"));
    CASE_OBJ("type(vars(int))", PyObject_Type(call_kw("vars", Py_BuildValue("(O)", &PyLong_Type), NULL)));
    CASE_OBJ("vars(1)", call_kw("vars", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("vars(1, 2)", call_kw("vars", Py_BuildValue("(ii)", 1, 2), NULL));
    CASE_OBJ("vars()", call_kw("vars", PyTuple_New(0), NULL));
    CASE_OBJ("vars(x=1)", call_kw("vars", PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)));
    CASE_OBJ("vars(builtins module) is its dict",
             PyBool_FromLong(call_kw("vars", Py_BuildValue("(O)", PyImport_AddModule("builtins")), NULL) == builtins));
    Py_DECREF(builtins);
    CASE_OBJ("PyEval_GetLocals()", Py_XNewRef(PyEval_GetLocals()));

    /* staticmethod as a type */
    PyObject *len = PyDict_GetItemString(builtins, "len");
    PyObject *sm = call_kw("staticmethod", Py_BuildValue("(O)", len), NULL);
    CASE_OBJ("staticmethod(len)", Py_XNewRef(sm));
    CASE_OBJ("staticmethod(len)('abc')", sm ? PyObject_CallFunction(sm, "s", "abc") : NULL);
    CASE_OBJ("staticmethod(len).__dict__ keys", sm ? PyMapping_Keys(attr(Py_NewRef(sm), "__dict__")) : NULL);
    CASE_OBJ("staticmethod(len).__name__", sm ? PyObject_GetAttrString(sm, "__name__") : NULL);
    CASE_OBJ("staticmethod(len).__isabstractmethod__", sm ? PyObject_GetAttrString(sm, "__isabstractmethod__") : NULL);
    CASE_OBJ("staticmethod(len).__func__ is len", PyBool_FromLong(sm && attr(Py_NewRef(sm), "__func__") == len));
    Py_DECREF(len);
    CASE_OBJ("staticmethod(len).__get__(1) is len", PyBool_FromLong(sm && PyObject_CallMethod(sm, "__get__", "i", 1) == len));
    Py_DECREF(len);
    if (sm)
        PyObject_SetAttrString(C, "slen", sm);
    CASE_OBJ("c.slen('ab')", PyObject_CallMethod(c, "slen", "s", "ab"));
    CASE_OBJ("C.slen('abcd')", PyObject_CallMethod(C, "slen", "s", "abcd"));
    Py_XDECREF(sm);
    CASE_OBJ("staticmethod(tagged).__dict__",
             attr(call_kw("staticmethod", Py_BuildValue("(N)", PyCFunction_New(&TAGGED, NULL)), NULL), "__dict__"));
    CASE_OBJ("staticmethod(1)", call_kw("staticmethod", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("staticmethod(1)()", call0(call_kw("staticmethod", Py_BuildValue("(i)", 1), NULL)));
    CASE_OBJ("staticmethod()", call_kw("staticmethod", PyTuple_New(0), NULL));
    CASE_OBJ("staticmethod(len, len)", call_kw("staticmethod", Py_BuildValue("(OO)", len, len), NULL));
    CASE_OBJ("staticmethod(f=len)", call_kw("staticmethod", PyTuple_New(0), Py_BuildValue("{s:O}", "f", len)));
    PyObject *raw = PyObject_CallMethod((PyObject *)&PyStaticMethod_Type, "__new__", "O", &PyStaticMethod_Type);
    CASE_OBJ("staticmethod.__new__(staticmethod)", Py_XNewRef(raw));
    CASE_OBJ("  its __get__(1)", raw ? PyObject_CallMethod(raw, "__get__", "i", 1) : NULL);
    CASE_OBJ("  its __func__", raw ? PyObject_GetAttrString(raw, "__func__") : NULL);
    CASE_OBJ("  its __isabstractmethod__", raw ? PyObject_GetAttrString(raw, "__isabstractmethod__") : NULL);
    CASE_OBJ("  __init__(len)", raw ? PyObject_CallMethod(raw, "__init__", "O", len) : NULL);
    CASE_OBJ("  then", Py_XNewRef(raw));
    Py_XDECREF(raw);
    PyObject *MySm = make_class("MySm", Py_BuildValue("(O)", &PyStaticMethod_Type), PyDict_New());
    CASE_OBJ("MySm(len)('abc')", MySm ? PyObject_CallFunction(PyObject_CallOneArg(MySm, len), "s", "abc") : NULL);
    Py_XDECREF(MySm);
    CASE_OBJ("staticmethod.__doc__ starts", PySequence_GetSlice(PyObject_GetAttrString((PyObject *)&PyStaticMethod_Type, "__doc__"), 0, 40));

    Py_DECREF(c);
    Py_DECREF(C);
    Py_DECREF(B);
    Py_DECREF(A);
    Py_DECREF(items);
    Py_DECREF(nums);
    Py_DECREF(f_gt1);
    Py_DECREF(f_no3);
    return 0;
}
