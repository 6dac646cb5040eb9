/* Differential cases for the C slots of classes made by type(name, bases,
 * dict) (Objects/typeobject.c's fixup_slot_dispatchers, update_one_slot,
 * update_slot and the slot_* dispatchers): dunders in the class dict
 * (instance methods, static methods, plain built-ins) fill tp_repr,
 * tp_str, tp_hash (None, __eq__ without __hash__), tp_richcompare,
 * tp_iter / tp_iternext, tp_call, tp_getattro (__getattr__), tp_setattro,
 * tp_descr_get / set, tp_new, tp_init, tp_finalize, the mapping and
 * sequence slots, nb_bool and the number slots with their reflected
 * operands; subclasses inherit them, subclasses of int keep int's slots
 * they do not override, and setting or deleting a dunder on the class
 * afterwards changes the slot. Each dispatcher's errors are covered.
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

/* What __del__ calls saw. */
static PyObject *log_list;

static PyObject *items_of(PyObject *self)
{
    return PyObject_GetAttrString(self, "items");
}

/* Every dunder: the tag (the function's self) says which; args[0] is the
   instance (or the class for __new__). */
static PyObject *dispatch(PyObject *tag, PyObject *args, PyObject *kwds)
{
    const char *t = PyUnicode_AsUTF8(tag);
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject *self = n > 0 ? PyTuple_GET_ITEM(args, 0) : Py_None;
    PyObject *a1 = n > 1 ? PyTuple_GET_ITEM(args, 1) : Py_None;
    PyObject *a2 = n > 2 ? PyTuple_GET_ITEM(args, 2) : Py_None;
    if (!strcmp(t, "init")) {
        PyObject *rest = PyTuple_GetSlice(args, 1, n);
        if (rest == NULL)
            return NULL;
        int r = PyObject_GenericSetAttr(self, PyUnicode_FromString("items"), rest);
        Py_DECREF(rest);
        if (r < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    if (!strcmp(t, "init_bad"))
        return PyLong_FromLong(1);
    if (!strcmp(t, "repr")) {
        PyObject *it = items_of(self);
        if (it == NULL)
            return NULL;
        PyObject *r = PyUnicode_FromFormat("V%R", it);
        Py_DECREF(it);
        return r;
    }
    if (!strcmp(t, "repr2"))
        return PyUnicode_FromString("second repr");
    if (!strcmp(t, "str"))
        return PyUnicode_FromString("vec-str");
    if (!strcmp(t, "eq") || !strcmp(t, "lt")) {
        if (Py_TYPE(a1) != Py_TYPE(self))
            Py_RETURN_NOTIMPLEMENTED;
        PyObject *x = items_of(self), *y = items_of(a1);
        PyObject *r = x && y ? PyObject_RichCompare(x, y, t[0] == 'e' ? Py_EQ : Py_LT) : NULL;
        Py_XDECREF(x);
        Py_XDECREF(y);
        return r;
    }
    if (!strcmp(t, "hash")) {
        PyObject *it = items_of(self);
        if (it == NULL)
            return NULL;
        Py_ssize_t len = PyTuple_Size(it);
        Py_DECREF(it);
        return PyLong_FromSsize_t(len + 100);
    }
    if (!strcmp(t, "hash_big"))
        return PyLong_FromString("1180591620717411303424", NULL, 10);
    if (!strcmp(t, "hash_m1"))
        return PyLong_FromLong(-1);
    if (!strcmp(t, "hash_str"))
        return PyUnicode_FromString("h");
    if (!strcmp(t, "len")) {
        PyObject *it = items_of(self);
        if (it == NULL)
            return NULL;
        Py_ssize_t len = PyTuple_Size(it);
        Py_DECREF(it);
        return PyLong_FromSsize_t(len);
    }
    if (!strcmp(t, "len_neg"))
        return PyLong_FromLong(-3);
    if (!strcmp(t, "len_str"))
        return PyUnicode_FromString("3");
    if (!strcmp(t, "len_big"))
        return PyLong_FromString("1180591620717411303424", NULL, 10);
    if (!strcmp(t, "getitem") || !strcmp(t, "iter") || !strcmp(t, "contains")) {
        PyObject *it = items_of(self);
        if (it == NULL)
            return NULL;
        PyObject *r;
        if (t[0] == 'g')
            r = PyObject_GetItem(it, a1);
        else if (t[0] == 'i')
            r = PyObject_GetIter(it);
        else {
            int c = PySequence_Contains(it, a1);
            r = c < 0 ? NULL : PyBool_FromLong(c);
        }
        Py_DECREF(it);
        return r;
    }
    if (!strcmp(t, "setitem"))
        return PyUnicode_FromFormat("ignored %R", a2);
    if (!strcmp(t, "delitem")) {
        PyErr_SetObject(PyExc_KeyError, a1);
        return NULL;
    }
    if (!strcmp(t, "bool")) {
        PyObject *it = items_of(self);
        if (it == NULL)
            return NULL;
        int r = PyTuple_Size(it) > 0;
        Py_DECREF(it);
        return PyBool_FromLong(r);
    }
    if (!strcmp(t, "bool_int"))
        return PyLong_FromLong(1);
    if (!strcmp(t, "add") || !strcmp(t, "radd") || !strcmp(t, "sub") || !strcmp(t, "rsub") ||
        !strcmp(t, "iadd") || !strcmp(t, "pow") || !strcmp(t, "mul")) {
        PyObject *ra = PyObject_Repr(a1);
        PyObject *r = ra ? PyUnicode_FromFormat("%s(%s, %U)", t, Py_TYPE(self)->tp_name, ra) : NULL;
        Py_XDECREF(ra);
        return r;
    }
    if (!strcmp(t, "pow3")) {
        PyObject *ra = PyObject_Repr(a1), *rb = PyObject_Repr(a2);
        PyObject *r = ra && rb ? PyUnicode_FromFormat("pow3(%U, %U)", ra, rb) : NULL;
        Py_XDECREF(ra);
        Py_XDECREF(rb);
        return r;
    }
    if (!strcmp(t, "notimpl"))
        Py_RETURN_NOTIMPLEMENTED;
    if (!strcmp(t, "neg"))
        return PyUnicode_FromString("negated");
    if (!strcmp(t, "index"))
        return PyLong_FromLong(7);
    if (!strcmp(t, "float"))
        return PyFloat_FromDouble(2.5);
    if (!strcmp(t, "call")) {
        PyObject *rest = PyTuple_GetSlice(args, 1, n);
        if (rest == NULL)
            return NULL;
        PyObject *r = PyUnicode_FromFormat("called %R %R", rest, kwds ? kwds : Py_None);
        Py_DECREF(rest);
        return r;
    }
    if (!strcmp(t, "getattr")) {
        if (PyUnicode_CompareWithASCIIString(a1, "boom") == 0) {
            PyErr_SetString(PyExc_ValueError, "boom from __getattr__");
            return NULL;
        }
        return PyUnicode_FromFormat("dyn:%U", a1);
    }
    if (!strcmp(t, "getattribute")) {
        if (PyUnicode_CompareWithASCIIString(a1, "real") == 0)
            return PyUnicode_FromString("from __getattribute__");
        PyErr_SetObject(PyExc_AttributeError, a1);
        return NULL;
    }
    if (!strcmp(t, "setattr")) {
        PyObject *v = PyTuple_Pack(2, PyUnicode_FromString("wrapped"), a2);
        if (v == NULL)
            return NULL;
        int r = PyObject_GenericSetAttr(self, a1, v);
        Py_DECREF(v);
        if (r < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    if (!strcmp(t, "delattr")) {
        PyErr_Format(PyExc_PermissionError, "no deleting %U", a1);
        return NULL;
    }
    if (!strcmp(t, "next")) {
        PyObject *c = PyObject_GetAttrString(self, "count");
        if (c == NULL)
            return NULL;
        long v = PyLong_AsLong(c);
        Py_DECREF(c);
        if (v >= 3) {
            PyErr_SetNone(PyExc_StopIteration);
            return NULL;
        }
        PyObject *nv = PyLong_FromLong(v + 1);
        if (nv == NULL || PyObject_SetAttrString(self, "count", nv) < 0) {
            Py_XDECREF(nv);
            return NULL;
        }
        return nv;
    }
    if (!strcmp(t, "self")) {
        Py_INCREF(self);
        return self;
    }
    if (!strcmp(t, "get")) {
        const char *owner = PyType_Check(a2) ? ((PyTypeObject *)a2)->tp_name : "?";
        return PyUnicode_FromFormat("get(%s, %s)", a1 == Py_None ? "None" : Py_TYPE(a1)->tp_name, owner);
    }
    if (!strcmp(t, "set")) {
        PyObject *r = PyUnicode_FromFormat("set %R", a2);
        if (r == NULL || PyList_Append(log_list, r) < 0) {
            Py_XDECREF(r);
            return NULL;
        }
        Py_DECREF(r);
        Py_RETURN_NONE;
    }
    if (!strcmp(t, "delete")) {
        PyErr_SetString(PyExc_RuntimeError, "no __delete__ allowed");
        return NULL;
    }
    if (!strcmp(t, "del")) {
        PyObject *r = PyUnicode_FromFormat("del %s", Py_TYPE(self)->tp_name);
        if (r == NULL || PyList_Append(log_list, r) < 0) {
            Py_XDECREF(r);
            return NULL;
        }
        Py_DECREF(r);
        Py_RETURN_NONE;
    }
    if (!strcmp(t, "del_raise")) {
        PyErr_SetString(PyExc_ValueError, "del failed");
        return NULL;
    }
    if (!strcmp(t, "new")) {
        /* args[0] is the class: object.__new__(cls), then a mark. */
        PyObject *o = ((PyTypeObject *)self)->tp_alloc((PyTypeObject *)self, 0);
        if (o == NULL)
            return NULL;
        PyObject *rest = PyTuple_GetSlice(args, 1, n);
        if (rest == NULL || PyObject_SetAttrString(o, "items", rest) < 0) {
            Py_XDECREF(rest);
            Py_DECREF(o);
            return NULL;
        }
        Py_DECREF(rest);
        return o;
    }
    if (!strcmp(t, "new_other"))
        return PyUnicode_FromString("not an instance");
    PyErr_Format(PyExc_SystemError, "unknown tag %s", t);
    return NULL;
}

static PyMethodDef dispatch_def = {"dunder", (PyCFunction)(void (*)(void))dispatch, METH_VARARGS | METH_KEYWORDS,
                                   NULL};

/* A built-in bound to its tag. */
static PyObject *builtin(const char *tag)
{
    PyObject *s = PyUnicode_FromString(tag);
    if (s == NULL)
        return NULL;
    PyObject *f = PyCFunction_New(&dispatch_def, s);
    Py_DECREF(s);
    return f;
}

/* The tag as a method (bound to instances as a Python function is). */
static PyObject *meth(const char *tag)
{
    PyObject *f = builtin(tag);
    if (f == NULL)
        return NULL;
    PyObject *m = PyInstanceMethod_New(f);
    Py_DECREF(f);
    return m;
}

static PyObject *staticm(const char *tag)
{
    PyObject *f = builtin(tag);
    if (f == NULL)
        return NULL;
    PyObject *m = PyStaticMethod_New(f);
    Py_DECREF(f);
    return m;
}

/* type(name, bases, {dunder: meth(tag), ...}); `pairs` alternates dunder
   names and tags, NULL-terminated; a tag "=None" stores None. */
static PyObject *mkclass(const char *name, PyObject *bases, const char **pairs)
{
    PyObject *d = PyDict_New();
    if (d == NULL)
        return NULL;
    for (; pairs[0]; pairs += 2) {
        PyObject *v;
        if (!strcmp(pairs[1], "=None")) {
            v = Py_None;
            Py_INCREF(v);
        } else if (!strncmp(pairs[1], "static:", 7))
            v = staticm(pairs[1] + 7);
        else
            v = meth(pairs[1]);
        if (v == NULL || PyDict_SetItemString(d, pairs[0], v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(v);
    }
    if (bases == NULL)
        bases = PyTuple_New(0);
    else
        Py_INCREF(bases);
    PyObject *c = bases ? PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", name, bases, d) : NULL;
    Py_XDECREF(bases);
    Py_DECREF(d);
    return c;
}

static PyObject *status(int r)
{
    return r < 0 ? NULL : PyLong_FromLong(r);
}

static PyObject *hashed(PyObject *o)
{
    if (o == NULL)
        return NULL;
    Py_hash_t h = PyObject_Hash(o);
    return h == -1 && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(h);
}

static PyObject *length(PyObject *o)
{
    if (o == NULL)
        return NULL;
    Py_ssize_t n = PyObject_Length(o);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyObject *truth(PyObject *o)
{
    return o == NULL ? NULL : status(PyObject_IsTrue(o));
}

static PyObject *list_of(PyObject *o)
{
    return o == NULL ? NULL : PySequence_List(o);
}

static PyObject *logged(void)
{
    PyObject *r = PyList_GetSlice(log_list, 0, PyList_GET_SIZE(log_list));
    PyList_SetSlice(log_list, 0, PyList_GET_SIZE(log_list), NULL);
    return r;
}

int main(void)
{
    Py_Initialize();
    log_list = PyList_New(0);
    const char *vec_dunders[] = {"__init__", "init", "__repr__", "repr", "__str__", "str",
                                 "__eq__", "eq", "__hash__", "hash", "__len__", "len",
                                 "__getitem__", "getitem", "__iter__", "iter", "__contains__", "contains",
                                 "__bool__", "bool", "__add__", "add", "__radd__", "radd",
                                 "__neg__", "neg", "__call__", "call", "__index__", "index",
                                 "__float__", "float", "__lt__", "lt", "__pow__", "pow3",
                                 "__setitem__", "setitem", "__delitem__", "delitem", NULL};
    PyObject *Vec = mkclass("Vec", NULL, vec_dunders);
    show("class Vec", Vec == NULL ? NULL : PyObject_Repr(Vec));
    PyObject *v = Vec ? PyObject_CallFunction(Vec, "iii", 1, 2, 3) : NULL;
    PyObject *w = Vec ? PyObject_CallFunction(Vec, "iii", 1, 2, 3) : NULL;
    PyObject *u = Vec ? PyObject_CallFunction(Vec, "ii", 1, 5) : NULL;
    PyObject *e = Vec ? PyObject_CallFunction(Vec, "") : NULL;
    show("repr(v)", v ? PyObject_Repr(v) : NULL);
    show("str(v)", v ? PyObject_Str(v) : NULL);
    show("ascii(v)", v ? PyObject_ASCII(v) : NULL);
    show("format(v, '')", v ? PyObject_Format(v, NULL) : NULL);
    show("v == w", v && w ? PyObject_RichCompare(v, w, Py_EQ) : NULL);
    show("v == u", v && u ? PyObject_RichCompare(v, u, Py_EQ) : NULL);
    show("v != w (from __eq__)", v && w ? PyObject_RichCompare(v, w, Py_NE) : NULL);
    show("v != u", v && u ? PyObject_RichCompare(v, u, Py_NE) : NULL);
    show("v == 3 (NotImplemented both ways)", v ? PyObject_RichCompare(v, PyLong_FromLong(3), Py_EQ) : NULL);
    show("v < u", v && u ? PyObject_RichCompare(v, u, Py_LT) : NULL);
    show("u > v (reflected __lt__)", v && u ? PyObject_RichCompare(u, v, Py_GT) : NULL);
    show("v <= u (no __le__)", v && u ? PyObject_RichCompare(v, u, Py_LE) : NULL);
    show("hash(v)", hashed(v ? (Py_INCREF(v), v) : NULL));
    show("len(v)", length(v ? (Py_INCREF(v), v) : NULL));
    show("len(e)", length(e ? (Py_INCREF(e), e) : NULL));
    show("v[1]", v ? PyObject_GetItem(v, PyLong_FromLong(1)) : NULL);
    show("v[5]", v ? PyObject_GetItem(v, PyLong_FromLong(5)) : NULL);
    show("PySequence_GetItem(v, -1)", v ? PySequence_GetItem(v, -1) : NULL);
    show("v[1] = 9", v ? status(PyObject_SetItem(v, PyLong_FromLong(1), PyLong_FromLong(9))) : NULL);
    show("del v['k']", v ? status(PyObject_DelItem(v, PyUnicode_FromString("k"))) : NULL);
    show("list(v)", list_of(v));
    show("2 in v", v ? status(PySequence_Contains(v, PyLong_FromLong(2))) : NULL);
    show("7 in v", v ? status(PySequence_Contains(v, PyLong_FromLong(7))) : NULL);
    show("bool(v)", truth(v));
    show("bool(e)", truth(e));
    show("v + 1", v ? PyNumber_Add(v, PyLong_FromLong(1)) : NULL);
    show("1 + v (__radd__)", v ? PyNumber_Add(PyLong_FromLong(1), v) : NULL);
    show("v + w", v && w ? PyNumber_Add(v, w) : NULL);
    show("v - 1 (no __sub__)", v ? PyNumber_Subtract(v, PyLong_FromLong(1)) : NULL);
    show("v += 1 (falls back to __add__)", v ? PyNumber_InPlaceAdd(v, PyLong_FromLong(1)) : NULL);
    show("-v", v ? PyNumber_Negative(v) : NULL);
    show("+v (no __pos__)", v ? PyNumber_Positive(v) : NULL);
    show("pow(v, 2, 5)", v ? PyNumber_Power(v, PyLong_FromLong(2), PyLong_FromLong(5)) : NULL);
    show("pow(v, 2)", v ? PyNumber_Power(v, PyLong_FromLong(2), Py_None) : NULL);
    show("operator.index(v)", v ? PyNumber_Index(v) : NULL);
    show("int(v) (via __index__)", v ? PyNumber_Long(v) : NULL);
    show("float(v)", v ? PyNumber_Float(v) : NULL);
    show("PyNumber_Check(v)", v ? PyLong_FromLong(PyNumber_Check(v)) : NULL);
    show("PyIndex_Check(v)", v ? PyLong_FromLong(PyIndex_Check(v)) : NULL);
    show("PyIter_Check(v)", v ? PyLong_FromLong(PyIter_Check(v)) : NULL);
    show("PyCallable_Check(v)", v ? PyLong_FromLong(PyCallable_Check(v)) : NULL);
    show("[1,2,3][v]", v ? PyObject_GetItem(Py_BuildValue("[iiiiiiii]", 0, 1, 2, 3, 4, 5, 6, 7), v) : NULL);
    show("v(1, k=2)", v ? PyObject_Call(v, Py_BuildValue("(i)", 1), Py_BuildValue("{si}", "k", 2)) : NULL);
    show("v()", v ? PyObject_CallNoArgs(v) : NULL);
    show("type(Vec.__hash__)", Vec ? PyObject_Type(PyObject_GetAttrString(Vec, "__hash__")) : NULL);

    /* __eq__ without __hash__: unhashable, __hash__ None. */
    const char *eq_only[] = {"__init__", "init", "__eq__", "eq", NULL};
    PyObject *EqOnly = mkclass("EqOnly", NULL, eq_only);
    PyObject *eo = EqOnly ? PyObject_CallFunction(EqOnly, "i", 1) : NULL;
    show("hash(EqOnly())", hashed(eo ? (Py_INCREF(eo), eo) : NULL));
    show("EqOnly.__hash__", EqOnly ? PyObject_GetAttrString(EqOnly, "__hash__") : NULL);
    show("EqOnly() == EqOnly()", eo ? PyObject_RichCompare(eo, eo, Py_EQ) : NULL);
    const char *hash_none[] = {"__hash__", "=None", NULL};
    PyObject *HN = mkclass("HN", NULL, hash_none);
    show("hash(HN()) (__hash__ = None)", hashed(HN ? PyObject_CallNoArgs(HN) : NULL));
    show("PyObject_Hash of a subclass of HN",
         hashed(HN ? PyObject_CallNoArgs(PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "HNS", HN)) : NULL));
    const char *hash_bad[] = {"__hash__", "hash_str", NULL};
    PyObject *HB = mkclass("HB", NULL, hash_bad);
    show("hash() returning str", hashed(HB ? PyObject_CallNoArgs(HB) : NULL));
    const char *hash_big[] = {"__hash__", "hash_big", NULL};
    PyObject *HG = mkclass("HG", NULL, hash_big);
    show("hash() returning 2**70", hashed(HG ? PyObject_CallNoArgs(HG) : NULL));
    const char *hash_m1[] = {"__hash__", "hash_m1", NULL};
    PyObject *HM = mkclass("HM", NULL, hash_m1);
    show("hash() returning -1", hashed(HM ? PyObject_CallNoArgs(HM) : NULL));

    /* __len__ errors, __bool__ errors, __bool__ from __len__. */
    const char *len_neg[] = {"__len__", "len_neg", NULL};
    PyObject *LN = mkclass("LN", NULL, len_neg);
    PyObject *ln = LN ? PyObject_CallNoArgs(LN) : NULL;
    show("len() returning -3", length(ln ? (Py_INCREF(ln), ln) : NULL));
    show("bool() through negative __len__", truth(ln));
    const char *len_str[] = {"__len__", "len_str", NULL};
    PyObject *LS = mkclass("LS", NULL, len_str);
    show("len() returning str", length(LS ? PyObject_CallNoArgs(LS) : NULL));
    const char *len_big[] = {"__len__", "len_big", NULL};
    PyObject *LB = mkclass("LB", NULL, len_big);
    show("len() returning 2**70", length(LB ? PyObject_CallNoArgs(LB) : NULL));
    const char *bool_int[] = {"__bool__", "bool_int", NULL};
    PyObject *BI = mkclass("BI", NULL, bool_int);
    show("bool() returning 1", truth(BI ? PyObject_CallNoArgs(BI) : NULL));
    const char *len_only[] = {"__init__", "init", "__len__", "len", NULL};
    PyObject *LO = mkclass("LO", NULL, len_only);
    show("bool() from __len__ (0)", truth(LO ? PyObject_CallNoArgs(LO) : NULL));
    show("bool() from __len__ (2)", truth(LO ? PyObject_CallFunction(LO, "ii", 1, 2) : NULL));
    show("bool() of a plain class", truth(PyObject_CallNoArgs(mkclass("Plain", NULL, (const char *[]){NULL}))));

    /* __init__ returning non-None. */
    const char *init_bad[] = {"__init__", "init_bad", NULL};
    PyObject *IB = mkclass("IB", NULL, init_bad);
    show("__init__ returning 1", IB ? PyObject_CallNoArgs(IB) : NULL);

    /* Iterators: __iter__ returning self and __next__. */
    const char *counter[] = {"__iter__", "self", "__next__", "next", NULL};
    PyObject *Counter = mkclass("Counter", NULL, counter);
    PyObject *cn = Counter ? PyObject_CallNoArgs(Counter) : NULL;
    if (cn)
        PyObject_SetAttrString(cn, "count", PyLong_FromLong(0));
    show("PyIter_Check(counter)", cn ? PyLong_FromLong(PyIter_Check(cn)) : NULL);
    show("list(counter)", list_of(cn));
    show("next(counter) exhausted", cn ? PyIter_Next(cn) : NULL);
    const char *iter_none[] = {"__iter__", "=None", "__getitem__", "getitem", NULL};
    PyObject *IN = mkclass("IN", NULL, iter_none);
    show("iter() with __iter__ = None", IN ? PyObject_GetIter(PyObject_CallNoArgs(IN)) : NULL);
    const char *getitem_only[] = {"__init__", "init", "__getitem__", "getitem", NULL};
    PyObject *GO = mkclass("GO", NULL, getitem_only);
    PyObject *go = GO ? PyObject_CallFunction(GO, "sss", "a", "b", "c") : NULL;
    show("list() through __getitem__", list_of(go));
    show("'b' in through __getitem__", go ? status(PySequence_Contains(go, PyUnicode_FromString("b"))) : NULL);
    show("PyMapping_Check", go ? PyLong_FromLong(PyMapping_Check(go)) : NULL);
    show("PySequence_Check", go ? PyLong_FromLong(PySequence_Check(go)) : NULL);
    show("iter() of a plain class", PyObject_GetIter(PyObject_CallNoArgs(mkclass("P2", NULL, (const char *[]){NULL}))));
    const char *cont_none[] = {"__contains__", "=None", NULL};
    PyObject *CN = mkclass("CN", NULL, cont_none);
    show("in with __contains__ = None",
         CN ? status(PySequence_Contains(PyObject_CallNoArgs(CN), Py_None)) : NULL);

    /* Attributes: __getattr__, __getattribute__, __setattr__, __delattr__. */
    const char *dyn[] = {"__getattr__", "getattr", NULL};
    PyObject *Dyn = mkclass("Dyn", NULL, dyn);
    PyObject *dy = Dyn ? PyObject_CallNoArgs(Dyn) : NULL;
    show("dyn.missing", dy ? PyObject_GetAttrString(dy, "missing") : NULL);
    if (dy)
        PyObject_SetAttrString(dy, "real", PyLong_FromLong(5));
    show("dyn.real (instance dict first)", dy ? PyObject_GetAttrString(dy, "real") : NULL);
    show("dyn.boom (error from __getattr__)", dy ? PyObject_GetAttrString(dy, "boom") : NULL);
    show("hasattr(dyn, 'x')", dy ? PyLong_FromLong(PyObject_HasAttrString(dy, "x")) : NULL);
    const char *ga[] = {"__getattribute__", "getattribute", "__getattr__", "getattr", NULL};
    PyObject *GA = mkclass("GA", NULL, ga);
    PyObject *gai = GA ? PyObject_CallNoArgs(GA) : NULL;
    show("ga.real", gai ? PyObject_GetAttrString(gai, "real") : NULL);
    show("ga.other (AttributeError then __getattr__)", gai ? PyObject_GetAttrString(gai, "other") : NULL);
    const char *ga_only[] = {"__getattribute__", "getattribute", NULL};
    PyObject *GAO = mkclass("GAO", NULL, ga_only);
    PyObject *gao = GAO ? PyObject_CallNoArgs(GAO) : NULL;
    show("gao.real", gao ? PyObject_GetAttrString(gao, "real") : NULL);
    show("gao.other", gao ? PyObject_GetAttrString(gao, "other") : NULL);
    const char *sa[] = {"__setattr__", "setattr", "__delattr__", "delattr", NULL};
    PyObject *SA = mkclass("SA", NULL, sa);
    PyObject *sai = SA ? PyObject_CallNoArgs(SA) : NULL;
    show("sa.x = 1", sai ? status(PyObject_SetAttrString(sai, "x", PyLong_FromLong(1))) : NULL);
    show("sa.x", sai ? PyObject_GetAttrString(sai, "x") : NULL);
    show("del sa.x", sai ? status(PyObject_DelAttrString(sai, "x")) : NULL);

    /* Descriptors made of classes with __get__ / __set__ / __delete__. */
    const char *desc[] = {"__get__", "get", "__set__", "set", "__delete__", "delete", NULL};
    PyObject *Desc = mkclass("Desc", NULL, desc);
    PyObject *d_inst = Desc ? PyObject_CallNoArgs(Desc) : NULL;
    PyObject *owner_dict = Py_BuildValue("{sO}", "attr", d_inst ? d_inst : Py_None);
    PyObject *Owner = PyObject_CallFunction((PyObject *)&PyType_Type, "s()O", "Owner", owner_dict);
    PyObject *ow = Owner ? PyObject_CallNoArgs(Owner) : NULL;
    show("ow.attr (__get__)", ow ? PyObject_GetAttrString(ow, "attr") : NULL);
    show("Owner.attr (__get__ with None)", Owner ? PyObject_GetAttrString(Owner, "attr") : NULL);
    show("ow.attr = 5 (__set__)", ow ? status(PyObject_SetAttrString(ow, "attr", PyLong_FromLong(5))) : NULL);
    show("log", logged());
    show("del ow.attr (__delete__)", ow ? status(PyObject_DelAttrString(ow, "attr")) : NULL);
    const char *set_only[] = {"__set__", "set", NULL};
    PyObject *SetOnly = mkclass("SetOnly", NULL, set_only);
    PyObject *so_inst = SetOnly ? PyObject_CallNoArgs(SetOnly) : NULL;
    PyObject *O2 = PyObject_CallFunction((PyObject *)&PyType_Type, "s(){sO}", "O2", "attr", so_inst ? so_inst : Py_None);
    PyObject *o2 = O2 ? PyObject_CallNoArgs(O2) : NULL;
    show("data descriptor without __get__", o2 ? PyObject_Type(PyObject_GetAttrString(o2, "attr")) : NULL);
    show("del through __set__ only", o2 ? status(PyObject_DelAttrString(o2, "attr")) : NULL);

    /* __new__ as a static method; returning a non-instance skips __init__. */
    const char *newc[] = {"__new__", "static:new", "__repr__", "repr", "__init__", "init_bad", NULL};
    PyObject *NewC = mkclass("NewC", NULL, newc);
    show("NewC(1, 2): __new__ then __init__", NewC ? PyObject_CallFunction(NewC, "ii", 1, 2) : NULL);
    const char *newo[] = {"__new__", "static:new_other", "__init__", "init_bad", NULL};
    PyObject *NewO = mkclass("NewO", NULL, newo);
    show("NewO(): __new__ returns a str", NewO ? PyObject_CallNoArgs(NewO) : NULL);
    const char *newr[] = {"__new__", "static:new", "__repr__", "repr", NULL};
    PyObject *NewR = mkclass("NewR", NULL, newr);
    show("NewR(1, 2)", NewR ? PyObject_CallFunction(NewR, "ii", 1, 2) : NULL);

    /* __del__. */
    const char *delc[] = {"__del__", "del", NULL};
    PyObject *DelC = mkclass("DelC", NULL, delc);
    Py_XDECREF(DelC ? PyObject_CallNoArgs(DelC) : NULL);
    show("log after dropping a DelC", logged());

    /* Subclasses inherit the dispatchers; int subclasses keep int's. */
    PyObject *Sub = Vec ? PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "Sub", Vec) : NULL;
    PyObject *sv = Sub ? PyObject_CallFunction(Sub, "ii", 4, 5) : NULL;
    show("repr(Sub(4, 5))", sv ? PyObject_Repr(sv) : NULL);
    show("len(Sub(4, 5))", length(sv ? (Py_INCREF(sv), sv) : NULL));
    show("Sub(4, 5) + 1", sv ? PyNumber_Add(sv, PyLong_FromLong(1)) : NULL);
    show("v + Sub (Sub's __radd__ is Vec's: not first)", v && sv ? PyNumber_Add(v, sv) : NULL);
    const char *subr[] = {"__radd__", "add", NULL};
    PyObject *SubR = Vec ? mkclass("SubR", Py_BuildValue("(O)", Vec), subr) : NULL;
    PyObject *sr = SubR ? PyObject_CallFunction(SubR, "i", 1) : NULL;
    show("v + SubR (overridden __radd__ first)", v && sr ? PyNumber_Add(v, sr) : NULL);
    const char *myint[] = {"__add__", "add", "__repr__", "repr2", NULL};
    PyObject *MyInt = mkclass("MyInt", Py_BuildValue("(O)", &PyLong_Type), myint);
    PyObject *mi = MyInt ? PyObject_CallFunction(MyInt, "i", 3) : NULL;
    show("MyInt(3) + 1", mi ? PyNumber_Add(mi, PyLong_FromLong(1)) : NULL);
    show("1 + MyInt(3)", mi ? PyNumber_Add(PyLong_FromLong(1), mi) : NULL);
    show("MyInt(3) * 2 (int's slot)", mi ? PyNumber_Multiply(mi, PyLong_FromLong(2)) : NULL);
    show("repr(MyInt(3))", mi ? PyObject_Repr(mi) : NULL);
    show("str(MyInt(3)) (int's __str__? no: object's -> __repr__)", mi ? PyObject_Str(mi) : NULL);
    show("hash(MyInt(3))", hashed(mi ? (Py_INCREF(mi), mi) : NULL));
    const char *myrsub[] = {"__rsub__", "rsub", NULL};
    PyObject *MyR = mkclass("MyR", Py_BuildValue("(O)", &PyLong_Type), myrsub);
    PyObject *mr = MyR ? PyObject_CallFunction(MyR, "i", 3) : NULL;
    show("10 - MyR(3) (subclass __rsub__ first)", mr ? PyNumber_Subtract(PyLong_FromLong(10), mr) : NULL);
    show("MyR(3) - 1 (int's __sub__)", mr ? PyNumber_Subtract(mr, PyLong_FromLong(1)) : NULL);
    const char *ni[] = {"__add__", "notimpl", "__radd__", "notimpl", NULL};
    PyObject *NI = mkclass("NI", NULL, ni);
    show("NI() + NI() (both NotImplemented)", NI ? PyNumber_Add(PyObject_CallNoArgs(NI), PyObject_CallNoArgs(NI)) : NULL);
    const char *listsub[] = {"__len__", "len_neg", NULL};
    PyObject *LSub = mkclass("LSub", Py_BuildValue("(O)", &PyList_Type), listsub);
    show("len(list subclass with __len__)", length(LSub ? PyObject_CallNoArgs(LSub) : NULL));
    show("list subclass + [1] (list's concat)", LSub ? PyNumber_Add(PyObject_CallNoArgs(LSub), Py_BuildValue("[i]", 1)) : NULL);

    /* Setting and deleting dunders on the class afterwards. */
    const char *later[] = {"__init__", "init", NULL};
    PyObject *Later = mkclass("Later", NULL, later);
    PyObject *la = Later ? PyObject_CallFunction(Later, "ii", 1, 2) : NULL;
    show("len(la) before", length(la ? (Py_INCREF(la), la) : NULL));
    show("Later.__len__ = len", Later ? status(PyObject_SetAttrString(Later, "__len__", meth("len"))) : NULL);
    show("len(la) after", length(la ? (Py_INCREF(la), la) : NULL));
    show("Later.__repr__ = repr2", Later ? status(PyObject_SetAttrString(Later, "__repr__", meth("repr2"))) : NULL);
    show("repr(la)", la ? PyObject_Repr(la) : NULL);
    show("del Later.__len__", Later ? status(PyObject_DelAttrString(Later, "__len__")) : NULL);
    show("len(la) after delete", length(la ? (Py_INCREF(la), la) : NULL));
    show("Later.__hash__ = None", Later ? status(PyObject_SetAttrString(Later, "__hash__", Py_None)) : NULL);
    show("hash(la)", hashed(la ? (Py_INCREF(la), la) : NULL));
    show("Later.__add__ = add", Later ? status(PyObject_SetAttrString(Later, "__add__", meth("add"))) : NULL);
    show("la + 2", la ? PyNumber_Add(la, PyLong_FromLong(2)) : NULL);
    show("Later.__call__ = call", Later ? status(PyObject_SetAttrString(Later, "__call__", meth("call"))) : NULL);
    show("la(3)", la ? PyObject_CallFunction(la, "i", 3) : NULL);
    show("del Later.__call__", Later ? status(PyObject_DelAttrString(Later, "__call__")) : NULL);
    show("la(3) after delete", la ? PyObject_CallFunction(la, "i", 3) : NULL);
    show("Later.__getattr__ = getattr", Later ? status(PyObject_SetAttrString(Later, "__getattr__", meth("getattr"))) : NULL);
    show("la.zzz", la ? PyObject_GetAttrString(la, "zzz") : NULL);
    show("del Later.__getattr__", Later ? status(PyObject_DelAttrString(Later, "__getattr__")) : NULL);
    show("la.zzz after delete", la ? PyObject_GetAttrString(la, "zzz") : NULL);

    /* A plain built-in in the dict is called without the instance. */
    PyObject *pd = Py_BuildValue("{sN}", "__repr__", builtin("repr2"));
    PyObject *PB = PyObject_CallFunction((PyObject *)&PyType_Type, "s()O", "PB", pd);
    show("repr through a plain built-in", PB ? PyObject_Repr(PyObject_CallNoArgs(PB)) : NULL);

    Py_XDECREF(v);
    Py_XDECREF(w);
    Py_XDECREF(u);
    Py_XDECREF(e);
    return 0;
}
