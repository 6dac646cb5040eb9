/* Adversarial differential cases: C callbacks that mutate the container
 * being worked on, reached through the API. An iterator whose first
 * __next__ clears (or extends) a target, fed to slice assignment,
 * extend, update, join and the constructors; sort keys and comparisons
 * that mutate the list being sorted; set algebra whose element __eq__
 * clears the other operand; dict merges whose key __eq__ clears the
 * source. The object under test is shown after each case.
 *
 * Built against CPython 3.11 and against pybuffer; scripts/c-tests.sh
 * compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "adv_common.h"

/* ---- an iterator over `items` that first runs `action` on `target`
   ("clear", or "append" of 7) ---- */
typedef struct {
    PyObject_HEAD
    PyObject *items; /* a tuple */
    Py_ssize_t i;
    PyObject *target;
    const char *action;
} MutIter;

static PyObject *MutIterType;

static PyObject *mutiter_next(PyObject *self)
{
    MutIter *m = (MutIter *)self;
    if (m->target != NULL) {
        PyObject *t = m->target;
        m->target = NULL;
        PyObject *r = strcmp(m->action, "clear") == 0 ? PyObject_CallMethod(t, "clear", NULL)
                                                      : PyObject_CallMethod(t, "append", "i", 7);
        Py_DECREF(t);
        if (r == NULL)
            return NULL;
        Py_DECREF(r);
    }
    if (m->i >= PyTuple_GET_SIZE(m->items))
        return NULL;
    return Py_NewRef(PyTuple_GET_ITEM(m->items, m->i++));
}

static void mutiter_dealloc(PyObject *self)
{
    MutIter *m = (MutIter *)self;
    Py_XDECREF(m->items);
    Py_XDECREF(m->target);
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot mutiter_slots[] = {
    {Py_tp_iter, (void *)PyObject_SelfIter},
    {Py_tp_iternext, (void *)mutiter_next},
    {Py_tp_dealloc, (void *)mutiter_dealloc},
    {0, NULL},
};
static PyType_Spec mutiter_spec = {"adv.MutIter", sizeof(MutIter), 0, Py_TPFLAGS_DEFAULT, mutiter_slots};

/* MutIter over the stolen tuple `items`. */
static PyObject *MI(PyObject *items, PyObject *target, const char *action)
{
    MutIter *m = PyObject_New(MutIter, (PyTypeObject *)MutIterType);
    if (m == NULL)
        return NULL;
    m->items = items;
    m->i = 0;
    m->target = Py_XNewRef(target);
    m->action = action;
    return (PyObject *)m;
}

/* ---- a key hashing to `h`, whose __eq__ first clears `target` ---- */
typedef struct {
    PyObject_HEAD
    long h;
    PyObject *target;
} EqClear;
static PyObject *EqClearType;

static Py_hash_t eqc_hash(PyObject *self) { return ((EqClear *)self)->h; }

static PyObject *eqc_richcompare(PyObject *self, PyObject *other, int op)
{
    (void)other;
    EqClear *e = (EqClear *)self;
    if (e->target != NULL) {
        PyObject *t = e->target;
        e->target = NULL;
        PyObject *r = PyObject_CallMethod(t, "clear", NULL);
        Py_DECREF(t);
        if (r == NULL)
            return NULL;
        Py_DECREF(r);
    }
    if (op == Py_EQ)
        Py_RETURN_FALSE;
    if (op == Py_NE)
        Py_RETURN_TRUE;
    if (op == Py_LT)
        Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

static PyObject *eqc_repr(PyObject *self) { return PyUnicode_FromFormat("EqClear(%ld)", ((EqClear *)self)->h); }

static void eqc_dealloc(PyObject *self)
{
    Py_XDECREF(((EqClear *)self)->target);
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot eqc_slots[] = {
    {Py_tp_hash, (void *)eqc_hash},
    {Py_tp_richcompare, (void *)eqc_richcompare},
    {Py_tp_repr, (void *)eqc_repr},
    {Py_tp_dealloc, (void *)eqc_dealloc},
    {0, NULL},
};
static PyType_Spec eqc_spec = {"adv.EqClear", sizeof(EqClear), 0, Py_TPFLAGS_DEFAULT, eqc_slots};

static PyObject *EQC(long h, PyObject *target)
{
    EqClear *e = PyObject_New(EqClear, (PyTypeObject *)EqClearType);
    if (e == NULL)
        return NULL;
    e->h = h;
    e->target = Py_XNewRef(target);
    return (PyObject *)e;
}

/* A sort key that appends to the global `victim` list (once) and returns
   its argument. */
static PyObject *victim;
static PyObject *key_mutates(PyObject *self, PyObject *arg)
{
    (void)self;
    if (victim != NULL) {
        PyObject *v = victim;
        victim = NULL;
        if (PyList_Append(v, Py_None) < 0) {
            Py_DECREF(v);
            return NULL;
        }
        Py_DECREF(v);
    }
    return Py_NewRef(arg);
}
static PyMethodDef key_def = {"key_mutates", key_mutates, METH_O, NULL};

static PyObject *L(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *o = Py_VaBuildValue(fmt, va);
    va_end(va);
    return o;
}

static PyObject *refill(PyObject *o, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *items = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = CM(o, "clear", "()");
    Py_XDECREF(r);
    r = CM(o, PySet_Check(o) || PyDict_Check(o) ? "update" : "extend", "(N)", items);
    Py_XDECREF(r);
    return o;
}

int main(void)
{
    Py_Initialize();
    MutIterType = PyType_FromSpec(&mutiter_spec);
    EqClearType = PyType_FromSpec(&eqc_spec);
    if (MutIterType == NULL || EqClearType == NULL) {
        PyErr_Print();
        return 1;
    }
    PyObject *l = L("[iiiii]", 0, 1, 2, 3, 4);
    state = l;
    RI("l[1:3] = MutIter(clears l)", SET(l, SL(I(1), I(3), NULL), MI(L("(ii)", 8, 9), l, "clear")));
    refill(l, "[iiiii]", 0, 1, 2, 3, 4);
    RI("l[3:] = MutIter(clears l)", SET(l, SL(I(3), NULL, NULL), MI(L("(iii)", 8, 9, 10), l, "clear")));
    refill(l, "[iiiii]", 0, 1, 2, 3, 4);
    RI("l[1:3] = MutIter(appends to l)", SET(l, SL(I(1), I(3), NULL), MI(L("(i)", 8), l, "append")));
    refill(l, "[iiiii]", 0, 1, 2, 3, 4);
    R("l.extend(MutIter(clears l))", CM(l, "extend", "(N)", MI(L("(ii)", 8, 9), l, "clear")));
    refill(l, "[iiiii]", 0, 1, 2, 3, 4);
    R("l.extend(MutIter(appends to l))", CM(l, "extend", "(N)", MI(L("(ii)", 8, 9), l, "append")));
    refill(l, "[iiiii]", 0, 1, 2, 3, 4);
    R("l += MutIter(clears l)", PyNumber_InPlaceAdd(l, MI(L("(ii)", 8, 9), l, "clear")));
    refill(l, "[iiiii]", 0, 1, 2, 3, 4);
    R("l.__init__(MutIter(appends to l))", CM(l, "__init__", "(N)", MI(L("(ii)", 8, 9), l, "append")));
    refill(l, "[iiiii]", 0, 1, 2, 3, 4);
    R("tuple(MutIter(clears l))", PySequence_Tuple(MI(L("(ii)", 8, 9), l, "clear")));
    refill(l, "[iiiii]", 0, 1, 2, 3, 4);
    R("', '.join(MutIter(clears l))", PyUnicode_Join(PyUnicode_FromString(", "), MI(L("(ss)", "a", "b"), l, "clear")));
    refill(l, "[iiiii]", 4, 3, 2, 1, 0);
    victim = Py_NewRef(l);
    R("l.sort(key=appends to l)", PyObject_Call(PyObject_GetAttrString(l, "sort"), L("()"), L("{sN}", "key", PyCFunction_New(&key_def, NULL))));
    refill(l, "[iiiii]", 4, 3, 2, 1, 0);
    {
        PyObject *e = EQC(1, l);
        PyList_Append(l, e);
        Py_DECREF(e);
        R("l.sort() with an item whose __lt__ clears l", CM(l, "sort", "()"));
    }
    refill(l, "[iiiii]", 4, 3, 2, 1, 0);
    victim = Py_NewRef(l);
    R("sorted(l, key=appends to l)", PyObject_Call(PyDict_GetItemString(PyEval_GetBuiltins(), "sorted"), L("(O)", l), L("{sN}", "key", PyCFunction_New(&key_def, NULL))));
    Py_DECREF(l);

    PyObject *ba = PyByteArray_FromStringAndSize("abcde", 5);
    state = ba;
    RI("ba[1:3] = MutIter(clears ba)", SET(ba, SL(I(1), I(3), NULL), MI(L("(ii)", 8, 9), ba, "clear")));
    refill(ba, "y", "abcde");
    RI("ba[::2] = MutIter(clears ba)", SET(ba, SL(NULL, NULL, I(2)), MI(L("(iii)", 8, 9, 10), ba, "clear")));
    refill(ba, "y", "abcde");
    R("ba.extend(MutIter(clears ba))", CM(ba, "extend", "(N)", MI(L("(ii)", 8, 9), ba, "clear")));
    refill(ba, "y", "abcde");
    R("ba.extend(MutIter(appends to ba))", CM(ba, "extend", "(N)", MI(L("(ii)", 8, 9), ba, "append")));
    refill(ba, "y", "abcde");
    R("ba.__init__(MutIter(appends to ba))", CM(ba, "__init__", "(N)", MI(L("(ii)", 8, 9), ba, "append")));
    refill(ba, "y", "abcde");
    R("b''.join(MutIter(clears ba)) over ba", PyObject_CallMethod(PyBytes_FromString(""), "join", "N", MI(L("(OO)", ba, ba), ba, "clear")));
    refill(ba, "y", "abcde");
    R("bytes(MutIter(clears ba))", PyBytes_FromObject(MI(L("(ii)", 1, 2), ba, "clear")));
    Py_DECREF(ba);

    PyObject *arrmod = PyImport_ImportModule("array");
    PyObject *a = PyObject_CallMethod(arrmod, "array", "s[iii]", "i", 1, 2, 3);
    state = a;
    R("a.extend(MutIter(appends to a))", CM(a, "extend", "(N)", MI(L("(ii)", 8, 9), a, "append")));
    R("array('i', MutIter(appends to a))", PyObject_CallMethod(arrmod, "array", "sN", "i", MI(L("(ii)", 8, 9), a, "append")));
    Py_DECREF(a);
    Py_DECREF(arrmod);

    /* Sets: an element whose __eq__ clears the other operand. */
    PyObject *s = PySet_New(NULL);
    PyObject *t = PySet_New(NULL);
    for (int i = 1; i <= 3; i++) {
        PySet_Add(s, PyLong_FromLong(i));
        PySet_Add(t, PyLong_FromLong(i));
    }
    state = t;
    {
        PyObject *e = EQC(2, t);
        PySet_Add(s, e);
        Py_DECREF(e);
        R("s & t (s's EqClear(2) clears t)", PyNumber_And(s, t));
        refill(t, "[iii]", 1, 2, 3);
        ((EqClear *)e)->target = Py_NewRef(t);
        R("s - t", PyNumber_Subtract(s, t));
        refill(t, "[iii]", 1, 2, 3);
        ((EqClear *)e)->target = Py_NewRef(t);
        R("s <= t", PyObject_RichCompare(s, t, Py_LE));
        refill(t, "[iii]", 1, 2, 3);
        ((EqClear *)e)->target = Py_NewRef(t);
        R("s.isdisjoint(t)", CM(s, "isdisjoint", "(O)", t));
        refill(t, "[iii]", 1, 2, 3);
        ((EqClear *)e)->target = Py_NewRef(t);
        R("t.symmetric_difference_update(s)", CM(t, "symmetric_difference_update", "(O)", s));
        refill(t, "[iii]", 1, 2, 3);
        ((EqClear *)e)->target = Py_NewRef(t);
        R("t.difference_update(s)", CM(t, "difference_update", "(O)", s));
        refill(t, "[iii]", 1, 2, 3);
        ((EqClear *)e)->target = Py_NewRef(t);
        R("t.intersection_update(s)", CM(t, "intersection_update", "(O)", s));
        refill(t, "[iii]", 1, 2, 3);
        ((EqClear *)e)->target = Py_NewRef(t);
        R("t.update(s)", CM(t, "update", "(O)", s));
        refill(t, "[iii]", 1, 2, 3);
        ((EqClear *)e)->target = Py_NewRef(t);
        R("s == t", PyObject_RichCompare(s, t, Py_EQ));
        refill(t, "[iii]", 1, 2, 3);
        R("t.update(MutIter(clears t))", CM(t, "update", "(N)", MI(L("(ii)", 8, 9), t, "clear")));
        R("set(MutIter(clears t))", PySet_New(MI(L("(ii)", 8, 9), t, "clear")));
    }
    Py_DECREF(s);
    Py_DECREF(t);

    /* Dicts: a key whose __eq__ clears the dict. */
    PyObject *d = L("{iiiiii}", 1, 1, 2, 2, 3, 3);
    state = d;
    {
        PyObject *src = PyDict_New();
        PyObject *e = EQC(2, d);
        PyDict_SetItem(src, e, Py_None);
        R("d.update({EqClear(2, clears d): None})", CM(d, "update", "(O)", src));
        refill(d, "{iiiiii}", 1, 1, 2, 2, 3, 3);
        ((EqClear *)e)->target = Py_NewRef(d);
        R("d | src", PyNumber_Or(d, src));
        refill(d, "{iiiiii}", 1, 1, 2, 2, 3, 3);
        ((EqClear *)e)->target = Py_NewRef(d);
        R("d == src", PyObject_RichCompare(d, src, Py_EQ));
        ((EqClear *)e)->target = Py_NewRef(d);
        R("d.setdefault(EqClear(2, clears d), 5)", CM(d, "setdefault", "(Oi)", e, 5));
        refill(d, "{iiiiii}", 1, 1, 2, 2, 3, 3);
        ((EqClear *)e)->target = Py_NewRef(d);
        R("d.pop(EqClear(2, clears d), 0)", CM(d, "pop", "(Oi)", e, 0));
        refill(d, "{iiiiii}", 1, 1, 2, 2, 3, 3);
        ((EqClear *)e)->target = Py_NewRef(d);
        R("dict.fromkeys([1, EqClear(2, clears d)]) keys", PyObject_CallMethod((PyObject *)&PyDict_Type, "fromkeys", "[iO]", 1, e));
        ((EqClear *)e)->target = Py_NewRef(d);
        RI("d[EqClear(2)] = 0 (clears d)", PyDict_SetItem(d, e, PyLong_FromLong(0)));
        Py_DECREF(e);
        Py_DECREF(src);
        refill(d, "{iiiiii}", 1, 1, 2, 2, 3, 3);
        R("d.update(MutIter(clears d) of pairs)", CM(d, "update", "(N)", MI(L("((ii)(ii))", 8, 8, 9, 9), d, "clear")));
        R("dict(MutIter(clears d) of pairs)", PyObject_CallFunction((PyObject *)&PyDict_Type, "N", MI(L("((ii))", 8, 8), d, "clear")));
    }
    Py_DECREF(d);

    /* Containers and exceptions holding themselves. */
    state = NULL;
    {
        PyObject *sl = PyList_New(0);
        PyList_Append(sl, sl);
        PyObject *sd = PyDict_New();
        PyDict_SetItemString(sd, "d", sd);
        PyDict_SetItemString(sd, "l", sl);
        PyList_Append(sl, sd);
        R("repr(l) with l in l and l in d in l", PyObject_Repr(sl));
        R("repr(d) with d in d", PyObject_Repr(sd));
        R("str(l)", PyObject_Str(sl));
        R("ascii(d)", PyObject_ASCII(sd));
        R("l == l", PyObject_RichCompare(sl, sl, Py_EQ));
        PyObject *sl2 = PyList_New(0);
        PyList_Append(sl2, sl2);
        PyList_Append(sl2, sd);
        R("l == l2 (both self-containing)", PyObject_RichCompare(sl, sl2, Py_EQ));
        R("l < l2", PyObject_RichCompare(sl, sl2, Py_LT));
        R("tuple(l) repr", PyObject_Repr(PySequence_Tuple(sl)));
        R("copy of d == d", PyObject_RichCompare(PyDict_Copy(sd), sd, Py_EQ));
        PyObject_CallMethod(sl, "clear", NULL);
        PyObject_CallMethod(sl2, "clear", NULL);
        PyObject_CallMethod(sd, "clear", NULL);
        Py_DECREF(sl);
        Py_DECREF(sl2);
        Py_DECREF(sd);
        PyObject *e = PyObject_CallFunction(PyExc_ValueError, "s", "x");
        PyObject *args = PyTuple_Pack(1, e);
        PyObject_SetAttrString(e, "args", args);
        Py_DECREF(args);
        R("repr(e) with e.args == (e,)", PyObject_Repr(e));
        R("str(e) with e.args == (e,)", PyObject_Str(e));
        args = PyTuple_Pack(2, e, e);
        PyObject_SetAttrString(e, "args", args);
        Py_DECREF(args);
        R("str(e) with e.args == (e, e)", PyObject_Str(e));
        PyObject *k = PyObject_CallFunction(PyExc_KeyError, "O", Py_None);
        args = PyTuple_Pack(1, k);
        PyObject_SetAttrString(k, "args", args);
        Py_DECREF(args);
        R("str(KeyError) with args == (itself,)", PyObject_Str(k));
        PyObject_SetAttrString(e, "args", PyTuple_New(0));
        PyObject_SetAttrString(k, "args", PyTuple_New(0));
        Py_DECREF(e);
        Py_DECREF(k);
    }
    return 0;
}
