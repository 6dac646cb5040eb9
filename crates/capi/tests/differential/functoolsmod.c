/* Differential cases for the `functools` and `_functools` modules as C
 * code reaches them through PyImport_ImportModule (a Cython module's
 * `from functools import lru_cache, partial, ...`; Modules/_functoolsmodule.c
 * and Lib/functools.py): partial (calls, vectorcall with keywords,
 * keyword merging, flattening, attributes, repr including the recursive
 * one, __reduce__/__setstate__ and their checks, __dict__, subclasses,
 * __class_getitem__), reduce, cmp_to_key, the LRU cache (bounded,
 * unbounded, uncached, typed, keyword keys, eviction order, re-entrant
 * calls, errors, cache_info/cache_clear/cache_parameters, binding as a
 * method), lru_cache/cache, update_wrapper/wraps and total_ordering,
 * plus reference counts of the objects they hold.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *ft, *base;

/* f(*args, **kwargs) (f borrowed, may be NULL; kwargs consumed). */
static PyObject *callo(PyObject *f, PyObject *kwargs, const char *fmt, ...) {
    if (f == NULL) {
        Py_XDECREF(kwargs);
        return NULL;
    }
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *kw(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    return d;
}

static PyObject *attr(PyObject *o, const char *name) {
    return o ? PyObject_GetAttrString(o, name) : NULL;
}

static PyObject *repr_of(PyObject *o) {
    return o ? PyObject_Repr(o) : NULL;
}

static PyObject *is(PyObject *a, PyObject *b) {
    return PyBool_FromLong(a != NULL && a == b);
}

/* list(o.name), the attribute released */
static PyObject *attr_list(PyObject *o, const char *name) {
    PyObject *a = attr(o, name);
    PyObject *r = a ? PySequence_List(a) : NULL;
    Py_XDECREF(a);
    return r;
}

/* o.name is x, the attribute released */
static PyObject *attr_is(PyObject *o, const char *name, PyObject *x) {
    PyObject *a = attr(o, name);
    PyObject *r = is(a, x);
    Py_XDECREF(a);
    return r;
}

/* o.__reduce__()[i] (and [j] of that when j >= 0), the result released */
static PyObject *reduce_item(PyObject *o, Py_ssize_t i, Py_ssize_t j) {
    PyObject *red = o ? PyObject_CallMethod(o, "__reduce__", NULL) : NULL;
    if (red == NULL)
        return NULL;
    PyObject *r = PySequence_GetItem(red, i);
    Py_DECREF(red);
    if (r && j >= 0) {
        PyObject *x = PySequence_GetItem(r, j);
        Py_DECREF(r);
        r = x;
    }
    return r;
}

/* ---- C callables the cases call through ---- */

/* collect(*args, **kw) -> (args, kw or None) */
static PyObject *collect(PyObject *Py_UNUSED(self), PyObject *args, PyObject *kwargs) {
    return Py_BuildValue("(OO)", args, kwargs ? kwargs : Py_None);
}

static long ncalls;

/* counted(*args, **kw) -> (args, kw-or-None); counts calls */
static PyObject *counted(PyObject *self, PyObject *args, PyObject *kwargs) {
    ncalls++;
    return collect(self, args, kwargs);
}

/* fails(*args) raises ValueError("no") */
static PyObject *fails(PyObject *Py_UNUSED(self), PyObject *Py_UNUSED(args)) {
    ncalls++;
    PyErr_SetString(PyExc_ValueError, "no");
    return NULL;
}

/* sub(a, b) -> a - b */
static PyObject *sub(PyObject *Py_UNUSED(self), PyObject *const *args, Py_ssize_t n) {
    if (n != 2) {
        PyErr_SetString(PyExc_TypeError, "sub takes 2");
        return NULL;
    }
    return PyNumber_Subtract(args[0], args[1]);
}

/* strcmp_(a, b) -> "x" (not comparable with 0) */
static PyObject *strres(PyObject *Py_UNUSED(self), PyObject *const *Py_UNUSED(args), Py_ssize_t Py_UNUSED(n)) {
    return PyUnicode_FromString("x");
}

static PyObject *fib_wrapper;

/* fib(n): fib_wrapper(n-1) + fib_wrapper(n-2), through the cache */
static PyObject *fib(PyObject *Py_UNUSED(self), PyObject *arg) {
    ncalls++;
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 2)
        return PyLong_FromLong(n);
    PyObject *a = PyObject_CallFunction(fib_wrapper, "l", n - 1);
    if (a == NULL)
        return NULL;
    PyObject *b = PyObject_CallFunction(fib_wrapper, "l", n - 2);
    if (b == NULL) {
        Py_DECREF(a);
        return NULL;
    }
    PyObject *r = PyNumber_Add(a, b);
    Py_DECREF(a);
    Py_DECREF(b);
    return r;
}

/* clearer(x): clears fib_wrapper's cache, returns x */
static PyObject *clearer(PyObject *Py_UNUSED(self), PyObject *arg) {
    ncalls++;
    PyObject *r = PyObject_CallMethod(fib_wrapper, "cache_clear", NULL);
    if (r == NULL)
        return NULL;
    Py_DECREF(r);
    return Py_NewRef(arg);
}

/* Comparisons for total_ordering classes: self.v OP other.v, or
   NotImplemented when other has no v. */
static PyObject *cmp_v(PyObject *args, int op) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    PyObject *av = PyObject_GetAttrString(a, "v");
    if (av == NULL)
        return NULL;
    PyObject *bv = PyObject_GetAttrString(b, "v");
    if (bv == NULL) {
        Py_DECREF(av);
        if (!PyErr_ExceptionMatches(PyExc_AttributeError))
            return NULL;
        PyErr_Clear();
        Py_RETURN_NOTIMPLEMENTED;
    }
    PyObject *r = PyObject_RichCompare(av, bv, op);
    Py_DECREF(av);
    Py_DECREF(bv);
    return r;
}
static PyObject *v_lt(PyObject *Py_UNUSED(s), PyObject *a) { return cmp_v(a, Py_LT); }
static PyObject *v_le(PyObject *Py_UNUSED(s), PyObject *a) { return cmp_v(a, Py_LE); }
static PyObject *v_gt(PyObject *Py_UNUSED(s), PyObject *a) { return cmp_v(a, Py_GT); }
static PyObject *v_ge(PyObject *Py_UNUSED(s), PyObject *a) { return cmp_v(a, Py_GE); }
static PyObject *v_eq(PyObject *Py_UNUSED(s), PyObject *a) { return cmp_v(a, Py_EQ); }

/* int_lt(self, other): returns the int self.v - other.v (a non-bool
   result, to see the "or"/"and" forms pass it through). */
static PyObject *v_diff(PyObject *Py_UNUSED(s), PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    PyObject *av = PyObject_GetAttrString(a, "v");
    PyObject *bv = av ? PyObject_GetAttrString(b, "v") : NULL;
    PyObject *r = bv ? PyNumber_Subtract(bv, av) : NULL;
    Py_XDECREF(av);
    Py_XDECREF(bv);
    return r;
}

/* Hostile keys: __hash__ is always 1 (every key collides) and __eq__
   clears fib_wrapper's cache before comparing self.v with other.v. */
static PyObject *h_hash(PyObject *Py_UNUSED(s), PyObject *Py_UNUSED(args)) {
    return PyLong_FromLong(1);
}
static PyObject *h_eq(PyObject *Py_UNUSED(s), PyObject *args) {
    if (fib_wrapper) {
        PyObject *r = PyObject_CallMethod(fib_wrapper, "cache_clear", NULL);
        if (r == NULL)
            return NULL;
        Py_DECREF(r);
    }
    return cmp_v(args, Py_EQ);
}
/* __eq__ that raises */
static PyObject *h_eq_raises(PyObject *Py_UNUSED(s), PyObject *Py_UNUSED(args)) {
    PyErr_SetString(PyExc_RuntimeError, "eq failed");
    return NULL;
}

static PyMethodDef defs[] = {
    {"collect", (PyCFunction)(void (*)(void))collect, METH_VARARGS | METH_KEYWORDS, "collect doc"},
    {"counted", (PyCFunction)(void (*)(void))counted, METH_VARARGS | METH_KEYWORDS, "counted doc"},
    {"fails", fails, METH_VARARGS, NULL},
    {"sub", (PyCFunction)(void (*)(void))sub, METH_FASTCALL, NULL},
    {"strres", (PyCFunction)(void (*)(void))strres, METH_FASTCALL, NULL},
    {"fib", fib, METH_O, "fib doc"},
    {"clearer", clearer, METH_O, NULL},
    {"v_lt", v_lt, METH_VARARGS, NULL},
    {"v_le", v_le, METH_VARARGS, NULL},
    {"v_gt", v_gt, METH_VARARGS, NULL},
    {"v_ge", v_ge, METH_VARARGS, NULL},
    {"v_eq", v_eq, METH_VARARGS, NULL},
    {"v_diff", v_diff, METH_VARARGS, NULL},
    {"h_hash", h_hash, METH_VARARGS, NULL},
    {"h_eq", h_eq, METH_VARARGS, NULL},
    {"h_eq_raises", h_eq_raises, METH_VARARGS, NULL},
    {NULL},
};

static PyObject *fn(const char *name) {
    for (PyMethodDef *d = defs; d->ml_name; d++)
        if (strcmp(d->ml_name, name) == 0)
            return PyCFunction_New(d, NULL);
    return NULL;
}

/* A class `name` with the given comparison methods (pairs of dunder
   name, C function name; NULL ended), built by type(). */
static PyObject *make_class(const char *name, const char **methods) {
    PyObject *d = PyDict_New();
    for (const char **m = methods; m && *m; m += 2) {
        PyObject *f = fn(m[1]);
        PyObject *im = PyInstanceMethod_New(f);
        PyDict_SetItemString(d, m[0], im);
        Py_DECREF(im);
        Py_DECREF(f);
    }
    PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O)O", name, &PyBaseObject_Type, d);
    Py_DECREF(d);
    return cls;
}

static PyObject *inst(PyObject *cls, long v) {
    PyObject *o = PyObject_CallNoArgs(cls);
    if (o == NULL)
        return NULL;
    PyObject *x = PyLong_FromLong(v);
    PyObject_SetAttrString(o, "v", x);
    Py_DECREF(x);
    return o;
}

static const char *opnames[] = {"<", "<=", "==", "!=", ">", ">="};

static void compare_all(const char *label, PyObject *a, PyObject *b) {
    char what[200];
    for (int op = 0; op < 6; op++) {
        snprintf(what, sizeof what, "%s %s", label, opnames[op]);
        show(what, PyObject_RichCompare(a, b, op));
    }
}

static void info(const char *what, PyObject *w) {
    show(what, PyObject_CallMethod(w, "cache_info", NULL));
}

static void partial_cases(void) {
    PyObject *partial = PyObject_GetAttrString(ft, "partial");
    PyObject *col = fn("collect");
    show("functools.partial is _functools.partial", is(partial, attr(base, "partial")));
    Py_DECREF(partial); /* the second reference from attr() */
    show("partial.__name__", attr(partial, "__name__"));
    show("partial.__module__", attr(partial, "__module__"));
    show("partial.__doc__", attr(partial, "__doc__"));
    show("partial()", callo(partial, NULL, "()"));
    show("partial(1)", callo(partial, NULL, "(i)", 1));
    show("partial(None)", callo(partial, NULL, "(O)", Py_None));
    show("partial(func=collect)", callo(partial, kw("{sO}", "func", col), "()"));

    PyObject *p = callo(partial, kw("{si}", "a", 3), "(Oii)", col, 1, 2);
    show("partial(collect, 1, 2, a=3) made", p ? Py_NewRef(Py_None) : NULL);
    show("p.func is collect", attr_is(p, "func", col));
    Py_DECREF(col);
    show("p.args", attr(p, "args"));
    show("p.keywords", attr(p, "keywords"));
    show("repr(p)", repr_of(p));
    show("p()", callo(p, NULL, "()"));
    show("p(4)", callo(p, NULL, "(i)", 4));
    show("p(4, b=5)", callo(p, kw("{si}", "b", 5), "(i)", 4));
    show("p(a=9) overrides", callo(p, kw("{si}", "a", 9), "()"));
    show("p(*[], a=9, z=1)", callo(p, kw("{sisi}", "z", 1, "a", 9), "()"));
    {
        PyObject *args[3] = {NULL, PyLong_FromLong(7), PyLong_FromLong(8)};
        PyObject *names = Py_BuildValue("(s)", "k");
        show("vectorcall p(7, k=8)", PyObject_Vectorcall(p, args + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, names));
        show("vectorcall p(7, 8)", PyObject_Vectorcall(p, args + 1, 2, NULL));
        show("vectorcall p()", PyObject_Vectorcall(p, args + 1, 0, NULL));
        Py_DECREF(names);
        Py_DECREF(args[1]);
        Py_DECREF(args[2]);
    }
    show("p.keywords unchanged by calls", attr(p, "keywords"));
    show("p.func = 1", PyObject_SetAttrString(p, "func", Py_None) < 0 ? NULL : Py_NewRef(Py_None));
    show("del p.args", PyObject_DelAttrString(p, "args") < 0 ? NULL : Py_NewRef(Py_None));
    show("p.__get__", attr(p, "__get__"));
    show("p.__dict__ (empty)", attr(p, "__dict__"));
    show("p.__reduce__()", PyObject_CallMethod(p, "__reduce__", NULL));

    /* a partial without keywords (vectorcall path throughout) */
    PyObject *col2 = fn("collect");
    PyObject *q = callo(partial, NULL, "(Os)", col2, "x");
    {
        PyObject *args[4] = {NULL, PyLong_FromLong(1), PyLong_FromLong(2), PyLong_FromLong(3)};
        PyObject *names = Py_BuildValue("(ss)", "u", "w");
        show("q(1, u=2, w=3) by vectorcall", PyObject_Vectorcall(q, args + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, names));
        show("q(1, 2, 3) by vectorcall", PyObject_Vectorcall(q, args + 1, 3, NULL));
        show("q(1, 2, 3) by call", callo(q, NULL, "(iii)", 1, 2, 3));
        show("q(u=1) by call", callo(q, kw("{si}", "u", 1), "()"));
        show("q() by call", callo(q, NULL, "()"));
        Py_DECREF(names);
        for (int i = 1; i < 4; i++)
            Py_DECREF(args[i]);
    }
    show("repr(q)", repr_of(q));
    show("q.keywords", attr(q, "keywords"));

    /* flattening */
    PyObject *r = callo(partial, kw("{si}", "c", 6), "(Oi)", p, 5);
    show("partial(p, 5, c=6).func is collect", attr_is(r, "func", col2));
    show("partial(p, 5, c=6).args", attr(r, "args"));
    show("partial(p, 5, c=6).keywords", attr(r, "keywords"));
    show("partial(p, 5, c=6)(a=0)", callo(r, kw("{si}", "a", 0), "()"));
    show("repr(flattened)", repr_of(r));
    Py_XDECREF(r);
    r = callo(partial, kw("{si}", "a", 1), "(O)", q);
    show("partial(q, a=1).args", attr(r, "args"));
    show("partial(q, a=1).keywords", attr(r, "keywords"));
    Py_XDECREF(r);
    /* a partial with an instance dict is not flattened */
    PyObject *one = PyLong_FromLong(1);
    show("q.attr = 1", PyObject_SetAttrString(q, "attr", one) < 0 ? NULL : Py_NewRef(Py_None));
    show("q.attr", attr(q, "attr"));
    show("q.__dict__", attr(q, "__dict__"));
    r = callo(partial, NULL, "(Oi)", q, 2);
    show("partial(q-with-dict, 2).func is q", attr_is(r, "func", q));
    show("partial(q-with-dict, 2).args", attr(r, "args"));
    show("partial(q-with-dict, 2)()", callo(r, NULL, "()"));
    show("partial(q-with-dict, 2).__reduce__()[2][3]", reduce_item(r, 2, 3));
    Py_XDECREF(r);
    {
        PyObject *red = PyObject_CallMethod(q, "__reduce__", NULL);
        show("q.__reduce__()[1] is (collect,)", PyBool_FromLong(red && PyTuple_GetItem(PyTuple_GetItem(red, 1), 0) == col2));
        show("q.__reduce__()[2][1:]", red ? PySequence_GetSlice(PyTuple_GetItem(red, 2), 1, 4) : NULL);
        Py_XDECREF(red);
    }
    show("q.__dict__ = 1", PyObject_SetAttrString(q, "__dict__", one) < 0 ? NULL : Py_NewRef(Py_None));
    {
        PyObject *d = PyDict_New();
        show("q.__dict__ = {}", PyObject_SetAttrString(q, "__dict__", d) < 0 ? NULL : Py_NewRef(Py_None));
        Py_DECREF(d);
        show("q.__dict__ after", attr(q, "__dict__"));
    }
    Py_DECREF(one);

    /* recursive repr */
    {
        PyObject *rp = callo(partial, NULL, "(O)", col2);
        PyObject *state = Py_BuildValue("(O(O){sO}O)", col2, rp, "me", rp, Py_None);
        show("setstate making it recursive", PyObject_CallMethod(rp, "__setstate__", "(O)", state));
        Py_XDECREF(state);
        show("repr(recursive partial)", repr_of(rp));
        state = Py_BuildValue("(O()OO)", col2, Py_None, Py_None);
        show("setstate breaking the cycle", PyObject_CallMethod(rp, "__setstate__", "(O)", state));
        Py_XDECREF(state);
        show("repr after", repr_of(rp));
        Py_XDECREF(rp);
    }

    /* __setstate__ */
    {
        PyObject *s = callo(partial, NULL, "(O)", col2);
        PyObject *dict = Py_BuildValue("{si}", "d", 1);
        PyObject *lst = Py_BuildValue("[i]", 1);
        show("setstate(not a tuple)", PyObject_CallMethod(s, "__setstate__", "(O)", lst));
        show("setstate(3 items)", PyObject_CallMethod(s, "__setstate__", "((OOO))", col2, Py_None, Py_None));
        show("setstate(5 items)", PyObject_CallMethod(s, "__setstate__", "((OOOOO))", col2, Py_None, Py_None, Py_None, Py_None));
        show("setstate(non-callable)", PyObject_CallMethod(s, "__setstate__", "((i()OO))", 1, Py_None, Py_None));
        show("setstate(args a list)", PyObject_CallMethod(s, "__setstate__", "((OOOO))", col2, lst, Py_None, Py_None));
        show("setstate(kw a list)", PyObject_CallMethod(s, "__setstate__", "((O()OO))", col2, lst, Py_None));
        show("setstate() no arg", PyObject_CallMethod(s, "__setstate__", NULL));
        show("setstate(ok with dict)", PyObject_CallMethod(s, "__setstate__", "((O(ii){si}O))", col2, 1, 2, "k", 3, dict));
        show("after: args", attr(s, "args"));
        show("after: keywords", attr(s, "keywords"));
        show("after: __dict__ is the given dict", attr_is(s, "__dict__", dict));
        Py_DECREF(dict);
        show("after: call", callo(s, NULL, "(i)", 9));
        show("after: reduce()[2][3] is the dict", reduce_item(s, 2, 3));
        show("setstate(ok, None dict)", PyObject_CallMethod(s, "__setstate__", "((O(i)OO))", col2, 5, Py_None, Py_None));
        show("after: __dict__", attr(s, "__dict__"));
        show("after: call 2", callo(s, NULL, "()"));
        /* a tuple subclass and a dict subclass are converted */
        PyObject *tsub = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "T", &PyTuple_Type);
        PyObject *dsub = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "D", &PyDict_Type);
        PyObject *tv = tsub ? PyObject_CallFunction(tsub, "((ii))", 1, 2) : NULL;
        PyObject *dv = dsub ? PyObject_CallFunction(dsub, "({si})", "e", 4) : NULL;
        show("setstate(tuple subclass, dict subclass)", PyObject_CallMethod(s, "__setstate__", "((OOOO))", col2, tv, dv, Py_None));
        PyObject *a = attr(s, "args"), *k = attr(s, "keywords");
        show("args is an exact tuple", PyBool_FromLong(a && PyTuple_CheckExact(a)));
        show("keywords is an exact dict", PyBool_FromLong(k && PyDict_CheckExact(k)));
        show("args", a);
        show("keywords", k);
        Py_XDECREF(tv);
        Py_XDECREF(dv);
        Py_XDECREF(tsub);
        Py_XDECREF(dsub);
        Py_DECREF(lst);
        Py_XDECREF(s);
    }

    /* __class_getitem__ */
    {
        PyObject *ga = PyObject_GetItem(partial, (PyObject *)&PyLong_Type);
        show("partial[int]", repr_of(ga));
        Py_XDECREF(ga);
    }

    /* subclass */
    {
        PyObject *d = PyDict_New();
        PyObject *sub = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O)O", "MyPartial", partial, d);
        Py_DECREF(d);
        show("subclass made", sub ? Py_NewRef(Py_None) : NULL);
        PyObject *sp = callo(sub, kw("{si}", "k", 1), "(Oi)", col2, 7);
        show("repr(MyPartial(...))", repr_of(sp));
        show("MyPartial(...)(8)", callo(sp, NULL, "(i)", 8));
        show("MyPartial instance type name", sp ? PyUnicode_FromString(Py_TYPE(sp)->tp_name) : NULL);
        PyObject *fp = callo(partial, NULL, "(Oi)", sp, 9);
        show("partial(MyPartial(...), 9).args (flattened)", attr(fp, "args"));
        show("partial(MyPartial(...), 9).keywords", attr(fp, "keywords"));
        Py_XDECREF(fp);
        fp = callo(sub, NULL, "(Oi)", p, 9);
        show("MyPartial(p, 9).args", attr(fp, "args"));
        show("MyPartial(p, 9) type", fp ? PyUnicode_FromString(Py_TYPE(fp)->tp_name) : NULL);
        {
            PyObject *r0 = reduce_item(fp, 0, -1);
            show("MyPartial.__reduce__()[0] is MyPartial", is(r0, sub));
            Py_XDECREF(r0);
        }
        Py_XDECREF(fp);
        PyObject *x = PyLong_FromLong(3);
        show("MyPartial instance attribute", PyObject_SetAttrString(sp, "x", x) < 0 ? NULL : attr(sp, "x"));
        Py_DECREF(x);
        Py_XDECREF(sp);
        Py_XDECREF(sub);
    }

    /* weak references */
    {
        PyObject *wp = callo(partial, NULL, "(O)", col2);
        PyObject *ref = PyWeakref_NewRef(wp, NULL);
        show("weakref to a partial", PyBool_FromLong(ref && PyWeakref_GetObject(ref) == wp));
        Py_XDECREF(wp);
        show("weakref dead after", PyBool_FromLong(ref && PyWeakref_GetObject(ref) == Py_None));
        Py_XDECREF(ref);
    }

    /* errors inside the call */
    {
        PyObject *f = fn("fails");
        PyObject *fp = callo(partial, NULL, "(Oi)", f, 1);
        show("partial(fails, 1)()", callo(fp, NULL, "()"));
        show("partial(fails, 1)(x=1) (no keywords taken)", callo(fp, kw("{si}", "x", 1), "()"));
        Py_XDECREF(fp);
        Py_DECREF(f);
        PyObject *bi = PyImport_ImportModule("builtins");
        PyObject *len = PyObject_GetAttrString(bi, "len");
        fp = callo(partial, NULL, "(O)", len);
        show("partial(len)([1,2])", callo(fp, NULL, "([ii])", 1, 2));
        show("partial(len)()", callo(fp, NULL, "()"));
        Py_XDECREF(fp);
        fp = callo(partial, kw("{si}", "x", 1), "(O)", len);
        show("partial(len, x=1)([])", callo(fp, NULL, "([])"));
        Py_XDECREF(fp);
        fp = callo(partial, NULL, "(Oii)", len, 1, 2);
        show("partial(len, 1, 2)()", callo(fp, NULL, "()"));
        Py_XDECREF(fp);
        Py_DECREF(len);
        Py_DECREF(bi);
    }

    /* reference counts */
    {
        PyObject *held = PyList_New(0);
        Py_ssize_t before = Py_REFCNT(held);
        PyObject *hp = callo(partial, kw("{sO}", "h", held), "(OO)", col2, held);
        show("refcount delta while held by a partial", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        for (int i = 0; i < 3; i++)
            Py_XDECREF(callo(hp, NULL, "(O)", held));
        show("refcount delta after 3 calls", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        PyObject *fp = callo(partial, NULL, "(OO)", hp, held);
        show("refcount delta with a flattened partial too", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        Py_XDECREF(fp);
        Py_XDECREF(hp);
        show("refcount delta after both are gone", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        Py_ssize_t fb = Py_REFCNT(col2);
        hp = callo(partial, NULL, "(O)", col2);
        Py_XDECREF(hp);
        show("func refcount delta after a partial is gone", PyLong_FromSsize_t(Py_REFCNT(col2) - fb));
        Py_DECREF(held);
    }
    Py_XDECREF(q);
    Py_XDECREF(p);
    Py_DECREF(col2);
    Py_DECREF(partial);
}

static void reduce_cases(void) {
    PyObject *reduce = PyObject_GetAttrString(ft, "reduce");
    PyObject *op = PyImport_ImportModule("operator");
    PyObject *add = PyObject_GetAttrString(op, "add");
    PyObject *s = fn("sub");
    show("functools.reduce is _functools.reduce", is(reduce, attr(base, "reduce")));
    Py_DECREF(reduce);
    show("reduce.__doc__", attr(reduce, "__doc__"));
    show("reduce.__name__", attr(reduce, "__name__"));
    show("reduce.__module__", attr(reduce, "__module__"));
    show("reduce(add, [1..5])", callo(reduce, NULL, "(O[iiiii])", add, 1, 2, 3, 4, 5));
    show("reduce(add, [1..5], 10)", callo(reduce, NULL, "(O[iiiii]i)", add, 1, 2, 3, 4, 5, 10));
    show("reduce(sub, [10, 1, 2])", callo(reduce, NULL, "(O[iii])", s, 10, 1, 2));
    show("reduce(sub, [1, 2], 100)", callo(reduce, NULL, "(O[ii]i)", s, 1, 2, 100));
    show("reduce(add, [], 7)", callo(reduce, NULL, "(O[]i)", add, 7));
    show("reduce(add, [], None)", callo(reduce, NULL, "(O[]O)", add, Py_None));
    show("reduce(add, [5])", callo(reduce, NULL, "(O[i])", add, 5));
    show("reduce(add, [])", callo(reduce, NULL, "(O[])", add));
    show("reduce(add, ())", callo(reduce, NULL, "(O())", add));
    show("reduce(add, 'abc')", callo(reduce, NULL, "(Os)", add, "abc"));
    show("reduce(add, 'abc', '>')", callo(reduce, NULL, "(Oss)", add, "abc", ">"));
    show("reduce(add, range(100))", callo(reduce, NULL, "(ON)", add, PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 100)));
    show("reduce(add, {1: 2, 3: 4})", callo(reduce, NULL, "(O{iiii})", add, 1, 2, 3, 4));
    show("reduce(add, 5)", callo(reduce, NULL, "(Oi)", add, 5));
    show("reduce(add, None)", callo(reduce, NULL, "(OO)", add, Py_None));
    show("reduce(add, 5, 1)", callo(reduce, NULL, "(Oii)", add, 5, 1));
    show("reduce(add, [1, 'a'])", callo(reduce, NULL, "(O[is])", add, 1, "a"));
    show("reduce(1, [1, 2])", callo(reduce, NULL, "(i[ii])", 1, 1, 2));
    show("reduce(1, [1])", callo(reduce, NULL, "(i[i])", 1, 1));
    show("reduce(sub, [1, 2, 3]) with 3 args to sub", callo(reduce, NULL, "(O[ii])", s, 1, 2));
    show("reduce()", callo(reduce, NULL, "()"));
    show("reduce(add)", callo(reduce, NULL, "(O)", add));
    show("reduce(add, [], 1, 2)", callo(reduce, NULL, "(O[]ii)", add, 1, 2));
    show("reduce(add, [1], initial=1)", callo(reduce, kw("{si}", "initial", 1), "(O[i])", add, 1));
    show("reduce(function=add, ...)", callo(reduce, kw("{sO}", "function", add), "()"));
    {
        PyObject *f = fn("fails");
        show("reduce(fails, [1, 2])", callo(reduce, NULL, "(O[ii])", f, 1, 2));
        show("reduce(fails, [1])", callo(reduce, NULL, "(O[i])", f, 1));
        Py_DECREF(f);
    }
    {
        PyObject *held = PyList_New(0);
        Py_ssize_t before = Py_REFCNT(held);
        PyObject *col = fn("collect");
        show("reduce(collect, [x, x, x])", callo(reduce, NULL, "(O[OOO])", col, held, held, held));
        show("refcount delta after reduce", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        show("reduce(add, [], x) is x", is(callo(reduce, NULL, "(O[]O)", add, held), held));
        Py_DECREF(held);
        show("refcount delta after reduce returning it", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        Py_DECREF(col);
        Py_DECREF(held);
    }
    Py_DECREF(s);
    Py_DECREF(add);
    Py_DECREF(op);
}

static void cmp_to_key_cases(void) {
    PyObject *c2k = PyObject_GetAttrString(ft, "cmp_to_key");
    show("functools.cmp_to_key is _functools.cmp_to_key", is(c2k, attr(base, "cmp_to_key")));
    Py_DECREF(c2k);
    show("cmp_to_key.__doc__", attr(c2k, "__doc__"));
    show("cmp_to_key()", callo(c2k, NULL, "()"));
    show("cmp_to_key(1, 2)", callo(c2k, NULL, "(ii)", 1, 2));
    show("cmp_to_key(x=1)", callo(c2k, kw("{si}", "x", 1), "()"));
    PyObject *s = fn("sub");
    PyObject *K = callo(c2k, kw("{sO}", "mycmp", s), "()");
    show("cmp_to_key(mycmp=sub) type", K ? PyUnicode_FromString(Py_TYPE(K)->tp_name) : NULL);
    show("K.obj (None)", attr(K, "obj"));
    show("K()", callo(K, NULL, "()"));
    show("K(1, 2)", callo(K, NULL, "(ii)", 1, 2));
    show("K(x=1)", callo(K, kw("{si}", "x", 1), "()"));
    PyObject *k1 = callo(K, NULL, "(i)", 1), *k2 = callo(K, kw("{si}", "obj", 2), "()");
    PyObject *k1b = callo(K, NULL, "(i)", 1);
    show("K(1).obj", attr(k1, "obj"));
    show("K(obj=2).obj", attr(k2, "obj"));
    show("type(K(1)) is type(K)", PyBool_FromLong(k1 && Py_TYPE(k1) == Py_TYPE(K)));
    compare_all("K(1) ? K(2)", k1, k2);
    compare_all("K(2) ? K(1)", k2, k1);
    compare_all("K(1) ? K(1)", k1, k1b);
    show("K(1) < 2", PyObject_RichCompare(k1, PyLong_FromLong(2), Py_LT));
    show("K(1) == 1", PyObject_RichCompare(k1, PyLong_FromLong(1), Py_EQ));
    show("K(1) < K", PyObject_RichCompare(k1, K, Py_LT));
    show("hash(K(1))", PyObject_Hash(k1) == -1 ? NULL : Py_NewRef(Py_None));
    show("K.__hash__", attr(k1, "__hash__"));
    {
        PyObject *five = PyLong_FromLong(5);
        show("K(1).obj = 5", PyObject_SetAttrString(k1, "obj", five) < 0 ? NULL : attr(k1, "obj"));
        Py_DECREF(five);
        compare_all("K(5) ? K(2)", k1, k2);
        show("del K(5).obj", PyObject_DelAttrString(k1, "obj") < 0 ? NULL : attr(k1, "obj"));
        show("K(deleted) < K(2)", PyObject_RichCompare(k1, k2, Py_LT));
        show("K(2) < K(deleted)", PyObject_RichCompare(k2, k1, Py_LT));
        show("K() function < K(2)", PyObject_RichCompare(K, k2, Py_LT));
        show("K.other = 1", PyObject_SetAttrString(k2, "other", five) < 0 ? NULL : Py_NewRef(Py_None));
    }
    /* sorting with the key */
    {
        PyObject *bi = PyImport_ImportModule("builtins");
        PyObject *sorted = PyObject_GetAttrString(bi, "sorted");
        show("sorted([3, 1, 2], key=K)", callo(sorted, kw("{sO}", "key", K), "([iii])", 3, 1, 2));
        show("sorted([3, 1, 2], key=K, reverse=True)", callo(sorted, kw("{sOsO}", "key", K, "reverse", Py_True), "([iii])", 3, 1, 2));
        show("sorted([], key=K)", callo(sorted, kw("{sO}", "key", K), "([])"));
        show("sorted([1, 'a'], key=K)", callo(sorted, kw("{sO}", "key", K), "([is])", 1, "a"));
        PyObject *sr = fn("strres");
        PyObject *K2 = callo(c2k, NULL, "(O)", sr);
        PyObject *a = callo(K2, NULL, "(i)", 1), *b = callo(K2, NULL, "(i)", 2);
        show("K(strres)(1) < K(strres)(2)", PyObject_RichCompare(a, b, Py_LT));
        show("K(strres)(1) == K(strres)(2)", PyObject_RichCompare(a, b, Py_EQ));
        show("K(strres)(1) != K(strres)(2)", PyObject_RichCompare(a, b, Py_NE));
        show("K(strres)(1) < K(sub)(2) (other K type is the same type)", PyObject_RichCompare(a, k2, Py_LT));
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(K2);
        Py_DECREF(sr);
        PyObject *f = fn("fails");
        PyObject *K3 = callo(c2k, NULL, "(O)", f);
        a = callo(K3, NULL, "(i)", 1);
        b = callo(K3, NULL, "(i)", 2);
        show("K(fails)(1) < K(fails)(2)", PyObject_RichCompare(a, b, Py_LT));
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(K3);
        Py_DECREF(f);
        Py_DECREF(sorted);
        Py_DECREF(bi);
    }
    {
        PyObject *held = PyList_New(0);
        Py_ssize_t before = Py_REFCNT(held);
        PyObject *k = callo(K, NULL, "(O)", held);
        show("refcount delta held by a K", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        Py_XDECREF(k);
        show("refcount delta after", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        Py_DECREF(held);
    }
    Py_XDECREF(k1);
    Py_XDECREF(k2);
    Py_XDECREF(k1b);
    Py_XDECREF(K);
    Py_DECREF(s);
}

static void lru_cases(void) {
    PyObject *lru_cache = PyObject_GetAttrString(ft, "lru_cache");
    PyObject *cache = PyObject_GetAttrString(ft, "cache");
    PyObject *wrapper_t = PyObject_GetAttrString(ft, "_lru_cache_wrapper");
    PyObject *CacheInfo = PyObject_GetAttrString(ft, "_CacheInfo");
    PyObject *cnt = fn("counted");
    show("_lru_cache_wrapper is _functools'", is(wrapper_t, attr(base, "_lru_cache_wrapper")));
    Py_DECREF(wrapper_t);
    show("_lru_cache_wrapper.__doc__", attr(wrapper_t, "__doc__"));
    {
        const char *meths[] = {"cache_info", "cache_clear", "__reduce__", "__copy__", "__deepcopy__", "__get__", NULL};
        for (const char **m = meths; *m; m++) {
            char what[100];
            PyObject *d = attr(wrapper_t, *m);
            snprintf(what, sizeof what, "_lru_cache_wrapper.%s.__doc__", *m);
            show(what, attr(d, "__doc__"));
            snprintf(what, sizeof what, "_lru_cache_wrapper.%s.__text_signature__", *m);
            show(what, attr(d, "__text_signature__"));
            Py_XDECREF(d);
        }
        PyObject *p = PyObject_GetAttrString(ft, "partial");
        const char *pm[] = {"__reduce__", "__setstate__", "__class_getitem__", "func", "args", "keywords", NULL};
        for (const char **m = pm; *m; m++) {
            char what[100];
            PyObject *d = attr(p, *m);
            snprintf(what, sizeof what, "partial.%s.__doc__", *m);
            show(what, attr(d, "__doc__"));
            Py_XDECREF(d);
        }
        Py_XDECREF(p);
        PyObject *c2k = PyObject_GetAttrString(ft, "cmp_to_key");
        PyObject *K = c2k ? PyObject_CallOneArg(c2k, c2k) : NULL;
        PyObject *kt = K ? Py_NewRef((PyObject *)Py_TYPE(K)) : NULL;
        show("KeyWrapper.__doc__", attr(kt, "__doc__"));
        PyObject *objd = attr(kt, "obj");
        show("KeyWrapper.obj.__doc__", attr(objd, "__doc__"));
        show("KeyWrapper()", kt ? PyObject_CallNoArgs(kt) : NULL);
        show("KeyWrapper.__module__", attr(kt, "__module__"));
        Py_XDECREF(objd);
        Py_XDECREF(kt);
        Py_XDECREF(K);
        Py_XDECREF(c2k);
        show("_lru_cache_wrapper.__module__", attr(wrapper_t, "__module__"));
        show("class Sub(_lru_cache_wrapper)", PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "Sub", wrapper_t));
        const char *fns[] = {"total_ordering", "cache", "lru_cache", "update_wrapper", "wraps", NULL};
        for (const char **n = fns; *n; n++) {
            char what[100];
            PyObject *f = PyObject_GetAttrString(ft, *n);
            snprintf(what, sizeof what, "%s.__doc__", *n);
            show(what, attr(f, "__doc__"));
            Py_XDECREF(f);
        }
    }
    show("lru_cache.__name__", attr(lru_cache, "__name__"));
    show("lru_cache.__module__", attr(lru_cache, "__module__"));
    show("cache.__name__", attr(cache, "__name__"));
    show("_CacheInfo.__name__", attr(CacheInfo, "__name__"));
    show("_CacheInfo.__module__", attr(CacheInfo, "__module__"));

    /* bounded */
    PyObject *deco = callo(lru_cache, kw("{si}", "maxsize", 2), "()");
    PyObject *f = callo(deco, NULL, "(O)", cnt);
    Py_XDECREF(deco);
    show("lru_cache(maxsize=2)(counted) type", f ? PyUnicode_FromString(Py_TYPE(f)->tp_name) : NULL);
    info("fresh cache_info()", f);
    ncalls = 0;
    int seq[] = {1, 2, 1, 3, 2, 1, 3, 3};
    for (int i = 0; i < 8; i++) {
        char what[100];
        snprintf(what, sizeof what, "f(%d)", seq[i]);
        show(what, callo(f, NULL, "(i)", seq[i]));
        snprintf(what, sizeof what, "cache_info after f(%d), calls %ld", seq[i], ncalls + 0);
        info(what, f);
    }
    show("ncalls", PyLong_FromLong(ncalls));
    {
        PyObject *ci = PyObject_CallMethod(f, "cache_info", NULL);
        show("ci.hits", attr(ci, "hits"));
        show("ci.misses", attr(ci, "misses"));
        show("ci.maxsize", attr(ci, "maxsize"));
        show("ci.currsize", attr(ci, "currsize"));
        show("ci[0]", ci ? PySequence_GetItem(ci, 0) : NULL);
        show("ci[-1]", ci ? PySequence_GetItem(ci, -1) : NULL);
        show("len(ci)", ci ? PyLong_FromSsize_t(PySequence_Size(ci)) : NULL);
        show("tuple(ci)", ci ? PySequence_Tuple(ci) : NULL);
        show("isinstance(ci, tuple)", PyBool_FromLong(ci && PyTuple_Check(ci)));
        show("isinstance(ci, _CacheInfo)", PyBool_FromLong(ci && PyObject_IsInstance(ci, CacheInfo) == 1));
        PyObject *t = Py_BuildValue("(iiii)", 3, 5, 2, 2);
        show("ci == (3, 5, 2, 2)", PyObject_RichCompare(ci, t, Py_EQ));
        Py_DECREF(t);
        Py_XDECREF(ci);
    }
    show("f.cache_parameters()", PyObject_CallMethod(f, "cache_parameters", NULL));
    show("f.cache_parameters(1)", PyObject_CallMethod(f, "cache_parameters", "(i)", 1));
    show("f.__wrapped__ is counted", attr_is(f, "__wrapped__", cnt));
    show("f.__name__", attr(f, "__name__"));
    show("f.__qualname__", attr(f, "__qualname__"));
    show("f.__doc__", attr(f, "__doc__"));
    show("f.__module__", attr(f, "__module__"));
    show("f.__reduce__()", PyObject_CallMethod(f, "__reduce__", NULL));
    show("f.__copy__() is f", is(PyObject_CallMethod(f, "__copy__", NULL), f));
    Py_DECREF(f);
    show("f.__deepcopy__({}) is f", is(PyObject_CallMethod(f, "__deepcopy__", "({})"), f));
    Py_DECREF(f);
    show("f.cache_clear()", PyObject_CallMethod(f, "cache_clear", NULL));
    info("after cache_clear", f);
    show("f(1) after clear", callo(f, NULL, "(i)", 1));
    info("then", f);
    /* keyword arguments: order matters, the mark separates them */
    show("f(1, a=2)", callo(f, kw("{si}", "a", 2), "(i)", 1));
    show("f(1, a=2) again", callo(f, kw("{si}", "a", 2), "(i)", 1));
    info("after keywords", f);
    show("f(a=1, b=2)", callo(f, kw("{sisi}", "a", 1, "b", 2), "()"));
    show("f(b=2, a=1)", callo(f, kw("{sisi}", "b", 2, "a", 1), "()"));
    info("keyword order counts", f);
    show("f([1]) unhashable", callo(f, NULL, "([i])", 1));
    show("f(x=[1]) unhashable", callo(f, kw("{s[i]}", "x", 1), "()"));
    info("unhashable calls are not counted", f);
    show("f((1, 2))", callo(f, NULL, "((ii))", 1, 2));
    show("f(1, 2)", callo(f, NULL, "(ii)", 1, 2));
    info("tuple argument and two arguments are distinct", f);
    show("f(1.0) (== 1, not typed)", callo(f, NULL, "(d)", 1.0));
    show("f(True) (== 1, not typed)", callo(f, NULL, "(O)", Py_True));
    info("after 1.0 and True", f);
    show("f.x = 1", PyObject_SetAttrString(f, "x", Py_None) < 0 ? NULL : attr(f, "x"));
    show("'x' in f.__dict__ keys", attr_list(f, "__dict__"));
    show("f.cache_info = 1 (instance dict shadows? no: method)", PyObject_SetAttrString(f, "cache_info", Py_None) < 0 ? NULL : Py_NewRef(Py_None));
    Py_XDECREF(f);

    /* typed */
    deco = callo(lru_cache, kw("{sO}", "typed", Py_True), "(i)", 10);
    f = callo(deco, NULL, "(O)", cnt);
    Py_XDECREF(deco);
    show("typed f(1)", callo(f, NULL, "(i)", 1));
    show("typed f(1.0)", callo(f, NULL, "(d)", 1.0));
    show("typed f(1) again", callo(f, NULL, "(i)", 1));
    show("typed f(x=1)", callo(f, kw("{si}", "x", 1), "()"));
    show("typed f(x=1.0)", callo(f, kw("{sd}", "x", 1.0), "()"));
    show("typed f(x=1) again", callo(f, kw("{si}", "x", 1), "()"));
    info("typed cache_info", f);
    show("typed cache_parameters", PyObject_CallMethod(f, "cache_parameters", NULL));
    Py_XDECREF(f);

    /* bare decorator, None, 0, negative, True */
    f = callo(lru_cache, NULL, "(O)", cnt);
    show("lru_cache(counted)(5)", callo(f, NULL, "(i)", 5));
    show("lru_cache(counted)(5) again", callo(f, NULL, "(i)", 5));
    info("bare lru_cache", f);
    show("bare cache_parameters", PyObject_CallMethod(f, "cache_parameters", NULL));
    Py_XDECREF(f);
    f = callo(lru_cache, kw("{sO}", "typed", Py_True), "(O)", cnt);
    show("lru_cache(counted, typed=True) cache_parameters", PyObject_CallMethod(f, "cache_parameters", NULL));
    Py_XDECREF(f);
    deco = callo(lru_cache, NULL, "(O)", Py_None);
    f = callo(deco, NULL, "(O)", cnt);
    Py_XDECREF(deco);
    for (int i = 0; i < 5; i++)
        Py_XDECREF(callo(f, NULL, "(i)", i % 3));
    info("lru_cache(None) after 5 calls", f);
    show("lru_cache(None) cache_parameters", PyObject_CallMethod(f, "cache_parameters", NULL));
    show("lru_cache(None) f(k=1)", callo(f, kw("{si}", "k", 1), "()"));
    show("lru_cache(None) f([])", callo(f, NULL, "([])"));
    info("lru_cache(None) then", f);
    show("lru_cache(None) clear", PyObject_CallMethod(f, "cache_clear", NULL));
    info("lru_cache(None) cleared", f);
    Py_XDECREF(f);
    deco = callo(lru_cache, NULL, "(i)", 0);
    f = callo(deco, NULL, "(O)", cnt);
    Py_XDECREF(deco);
    for (int i = 0; i < 3; i++)
        Py_XDECREF(callo(f, NULL, "(i)", 1));
    show("lru_cache(0) f([]) (no key made)", callo(f, NULL, "([])"));
    info("lru_cache(0) after 4 calls", f);
    Py_XDECREF(f);
    deco = callo(lru_cache, NULL, "(i)", -3);
    f = callo(deco, NULL, "(O)", cnt);
    Py_XDECREF(deco);
    Py_XDECREF(callo(f, NULL, "(i)", 1));
    info("lru_cache(-3)", f);
    show("lru_cache(-3) cache_parameters", PyObject_CallMethod(f, "cache_parameters", NULL));
    Py_XDECREF(f);
    deco = callo(lru_cache, NULL, "(O)", Py_True);
    f = callo(deco, NULL, "(O)", cnt);
    Py_XDECREF(deco);
    Py_XDECREF(callo(f, NULL, "(i)", 1));
    Py_XDECREF(callo(f, NULL, "(i)", 2));
    Py_XDECREF(callo(f, NULL, "(i)", 2));
    info("lru_cache(True)", f);
    show("lru_cache(True) cache_parameters", PyObject_CallMethod(f, "cache_parameters", NULL));
    Py_XDECREF(f);
    f = callo(cache, NULL, "(O)", cnt);
    Py_XDECREF(callo(f, NULL, "(i)", 1));
    Py_XDECREF(callo(f, NULL, "(i)", 1));
    info("cache(counted)", f);
    show("cache(counted).cache_parameters()", PyObject_CallMethod(f, "cache_parameters", NULL));
    show("cache(counted).__wrapped__ is counted", attr_is(f, "__wrapped__", cnt));
    Py_XDECREF(f);

    /* errors */
    show("lru_cache(1.5)", callo(lru_cache, NULL, "(d)", 1.5));
    show("lru_cache('x')", callo(lru_cache, NULL, "(s)", "x"));
    show("lru_cache(counted, 1)", callo(lru_cache, NULL, "(Oi)", cnt, 1));
    show("lru_cache(1, 2, 3)", callo(lru_cache, NULL, "(iii)", 1, 2, 3));
    show("lru_cache(size=1)", callo(lru_cache, kw("{si}", "size", 1), "()"));
    show("lru_cache(1, maxsize=2)", callo(lru_cache, kw("{si}", "maxsize", 2), "(i)", 1));
    deco = callo(lru_cache, NULL, "()");
    show("lru_cache()(1)", callo(deco, NULL, "(i)", 1));
    show("lru_cache()()", callo(deco, NULL, "()"));
    show("lru_cache()(a, b)", callo(deco, NULL, "(OO)", cnt, cnt));
    show("lru_cache()(user_function=counted) made", (f = callo(deco, kw("{sO}", "user_function", cnt), "()")) ? Py_NewRef(Py_None) : NULL);
    Py_XDECREF(f);
    Py_XDECREF(deco);
    show("cache()", callo(cache, NULL, "()"));
    show("cache(1)", callo(cache, NULL, "(i)", 1));
    show("_lru_cache_wrapper()", callo(wrapper_t, NULL, "()"));
    show("_lru_cache_wrapper(counted)", callo(wrapper_t, NULL, "(O)", cnt));
    show("_lru_cache_wrapper(1, 1, False, CI)", callo(wrapper_t, NULL, "(iiOO)", 1, 1, Py_False, CacheInfo));
    show("_lru_cache_wrapper(counted, 1.5, False, CI)", callo(wrapper_t, NULL, "(OdOO)", cnt, 1.5, Py_False, CacheInfo));
    show("_lru_cache_wrapper(counted, 2**70, False, CI)", callo(wrapper_t, NULL, "(ONOO)", cnt, PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70)), Py_False, CacheInfo));
    show("_lru_cache_wrapper(counted, 'x', False, CI)", callo(wrapper_t, NULL, "(OsOO)", cnt, "x", Py_False, CacheInfo));
    show("_lru_cache_wrapper(..., x=1)", callo(wrapper_t, kw("{si}", "x", 1), "(OiOO)", cnt, 1, Py_False, CacheInfo));
    /* direct construction */
    f = callo(wrapper_t, kw("{sOsisOsO}", "user_function", cnt, "maxsize", 3, "typed", Py_False, "cache_info_type", CacheInfo), "()");
    show("_lru_cache_wrapper by keywords: call", callo(f, NULL, "(i)", 1));
    info("_lru_cache_wrapper by keywords: cache_info", f);
    show("no __wrapped__ without update_wrapper", attr(f, "__wrapped__"));
    show("no cache_parameters either", attr(f, "cache_parameters"));
    show("__reduce__ without __qualname__", PyObject_CallMethod(f, "__reduce__", NULL));
    show("__dict__", attr(f, "__dict__"));
    {
        PyObject *pp = PyObject_GetAttrString(ft, "partial");
        PyObject *pi = callo(pp, NULL, "(O)", cnt);
        const char *offs[] = {"__dictoffset__", "__weaklistoffset__", "__vectorcalloffset__"};
        for (int i = 0; i < 3; i++) {
            char what[100];
            snprintf(what, sizeof what, "hasattr(lru wrapper, %s)", offs[i]);
            show(what, PyBool_FromLong(PyObject_HasAttrString(f, offs[i])));
            snprintf(what, sizeof what, "hasattr(partial instance, %s)", offs[i]);
            show(what, PyBool_FromLong(PyObject_HasAttrString(pi, offs[i])));
        }
        Py_XDECREF(pi);
        Py_XDECREF(pp);
    }
    Py_XDECREF(f);
    {
        PyObject *col = fn("collect");
        f = callo(wrapper_t, NULL, "(OiOO)", cnt, 4, Py_True, col);
        Py_XDECREF(callo(f, NULL, "(i)", 1));
        show("custom cache_info_type gets the four counts", PyObject_CallMethod(f, "cache_info", NULL));
        Py_XDECREF(f);
        f = callo(wrapper_t, NULL, "(OOOO)", cnt, Py_None, Py_True, col);
        show("custom cache_info_type, maxsize None", PyObject_CallMethod(f, "cache_info", NULL));
        Py_XDECREF(f);
        f = callo(wrapper_t, NULL, "(OiOi)", cnt, 4, Py_True, 5);
        show("cache_info_type not callable", PyObject_CallMethod(f, "cache_info", NULL));
        Py_XDECREF(f);
        f = callo(wrapper_t, NULL, "(Oi[]O)", cnt, 1, CacheInfo);
        show("typed given as [] (false)", f ? PyObject_CallMethod(f, "cache_info", NULL) : NULL);
        Py_XDECREF(f);
        Py_DECREF(col);
    }
    /* errors of the wrapped function */
    {
        PyObject *fl = fn("fails");
        deco = callo(lru_cache, NULL, "(i)", 2);
        f = callo(deco, NULL, "(O)", fl);
        Py_XDECREF(deco);
        ncalls = 0;
        show("cached fails(1)", callo(f, NULL, "(i)", 1));
        show("cached fails(1) again", callo(f, NULL, "(i)", 1));
        info("errors are not cached", f);
        show("ncalls", PyLong_FromLong(ncalls));
        Py_XDECREF(f);
        f = callo(cache, NULL, "(O)", fl);
        show("cache(fails)(1)", callo(f, NULL, "(i)", 1));
        info("cache(fails)", f);
        Py_XDECREF(f);
        Py_DECREF(fl);
    }
    /* re-entrant calls: fib through a bounded cache */
    {
        PyObject *fb = fn("fib");
        int sizes[] = {1, 2, 3, 100};
        for (int i = 0; i < 4; i++) {
            deco = callo(lru_cache, NULL, "(i)", sizes[i]);
            fib_wrapper = callo(deco, NULL, "(O)", fb);
            Py_XDECREF(deco);
            ncalls = 0;
            char what[100];
            snprintf(what, sizeof what, "fib(15) with maxsize %d", sizes[i]);
            show(what, callo(fib_wrapper, NULL, "(i)", 15));
            snprintf(what, sizeof what, "cache_info with maxsize %d", sizes[i]);
            info(what, fib_wrapper);
            snprintf(what, sizeof what, "fib calls with maxsize %d", sizes[i]);
            show(what, PyLong_FromLong(ncalls));
            Py_XDECREF(fib_wrapper);
        }
        fib_wrapper = callo(cache, NULL, "(O)", fb);
        show("fib(40) through cache", callo(fib_wrapper, NULL, "(i)", 40));
        info("fib(40) cache_info", fib_wrapper);
        Py_XDECREF(fib_wrapper);
        Py_DECREF(fb);
        /* a call that clears its own cache */
        PyObject *cl = fn("clearer");
        deco = callo(lru_cache, NULL, "(i)", 2);
        fib_wrapper = callo(deco, NULL, "(O)", cl);
        Py_XDECREF(deco);
        for (int i = 0; i < 4; i++) {
            char what[100];
            snprintf(what, sizeof what, "clearing call %d", i);
            show(what, callo(fib_wrapper, NULL, "(i)", i));
            snprintf(what, sizeof what, "cache_info after clearing call %d", i);
            info(what, fib_wrapper);
        }
        Py_XDECREF(fib_wrapper);
        fib_wrapper = callo(cache, NULL, "(O)", cl);
        show("clearing call through cache", callo(fib_wrapper, NULL, "(i)", 1));
        info("cache_info after it", fib_wrapper);
        Py_XDECREF(fib_wrapper);
        Py_DECREF(cl);
    }
    /* binding as a method */
    {
        PyObject *col = fn("collect");
        f = callo(lru_cache, NULL, "(O)", col);
        descrgetfunc get = Py_TYPE(f)->tp_descr_get;
        show("wrapper has __get__", PyBool_FromLong(get != NULL));
        PyObject *obj = PyLong_FromLong(42);
        PyObject *m = get ? get(f, obj, (PyObject *)&PyLong_Type) : NULL;
        show("bound type", m ? PyUnicode_FromString(Py_TYPE(m)->tp_name) : NULL);
        show("bound(1)", callo(m, NULL, "(i)", 1));
        show("bound(1) again", callo(m, NULL, "(i)", 1));
        info("bound calls share the cache", f);
        show("bound.__self__", attr(m, "__self__"));
        show("bound.__func__ is f", attr_is(m, "__func__", f));
        show("__get__(None, int) is f", get ? is(get(f, Py_None, (PyObject *)&PyLong_Type), f) : NULL);
        Py_DECREF(f);
        show("__get__(NULL, int) is f", get ? is(get(f, NULL, (PyObject *)&PyLong_Type), f) : NULL);
        Py_DECREF(f);
        show("f.__get__(5)", PyObject_CallMethod(f, "__get__", "(i)", 5) ? PyUnicode_FromString("method") : NULL);
        /* on a class made by type() */
        PyObject *d = Py_BuildValue("{sO}", "meth", f);
        PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O)O", "WithCached", &PyBaseObject_Type, d);
        PyObject *o = cls ? PyObject_CallNoArgs(cls) : NULL;
        PyObject *r = o ? PyObject_CallMethod(o, "meth", "(i)", 3) : NULL;
        show("instance.meth(3) -> (args[1:], kw)", r ? Py_BuildValue("(NO)", PyTuple_GetSlice(PyTuple_GetItem(r, 0), 1, 3), PyTuple_GetItem(r, 1)) : NULL);
        show("instance.meth(3) first arg is the instance", PyBool_FromLong(r && PyTuple_GetItem(PyTuple_GetItem(r, 0), 0) == o));
        Py_XDECREF(r);
        show("WithCached.meth is f", attr_is(cls, "meth", f));
        Py_XDECREF(o);
        Py_XDECREF(cls);
        Py_DECREF(d);
        Py_XDECREF(m);
        Py_DECREF(obj);
        Py_XDECREF(f);
        Py_DECREF(col);
    }
    /* hostile keys: every hash collides and __eq__ clears the cache in
       the middle of the lookup, or raises */
    {
        const char *hm[] = {"__hash__", "h_hash", "__eq__", "h_eq", NULL};
        const char *rm[] = {"__hash__", "h_hash", "__eq__", "h_eq_raises", NULL};
        PyObject *H = make_class("H", hm), *R = make_class("R", rm);
        PyObject *col = fn("collect");
        int sizes[] = {2, -1};
        for (int k = 0; k < 2; k++) {
            if (sizes[k] < 0) {
                fib_wrapper = callo(cache, NULL, "(O)", col);
            } else {
                deco = callo(lru_cache, NULL, "(i)", sizes[k]);
                fib_wrapper = callo(deco, NULL, "(O)", col);
                Py_XDECREF(deco);
            }
            for (int i = 0; i < 5; i++) {
                char what[100];
                PyObject *h = inst(H, i % 3);
                PyObject *r = callo(fib_wrapper, NULL, "(O)", h);
                snprintf(what, sizeof what, "maxsize %d: hostile key %d gives back its argument", sizes[k], i % 3);
                show(what, PyBool_FromLong(r && PyTuple_GetItem(PyTuple_GetItem(r, 0), 0) == h));
                Py_XDECREF(r);
                Py_XDECREF(h);
            }
            PyObject *ci = PyObject_CallMethod(fib_wrapper, "cache_info", NULL);
            char what[100];
            snprintf(what, sizeof what, "maxsize %d: currsize after hostile keys is at most 1", sizes[k]);
            show(what, ci ? PyBool_FromLong(PyLong_AsLong(PyTuple_GetItem(ci, 3)) <= 1) : NULL);
            Py_XDECREF(ci);
            Py_XDECREF(PyObject_CallMethod(fib_wrapper, "cache_clear", NULL));
            PyObject *r1 = inst(R, 1), *r2 = inst(R, 2);
            snprintf(what, sizeof what, "maxsize %d: first raising key", sizes[k]);
            {
                PyObject *r = callo(fib_wrapper, NULL, "(O)", r1);
                show(what, r ? PyBool_FromLong(PyTuple_GetItem(PyTuple_GetItem(r, 0), 0) == r1) : NULL);
                Py_XDECREF(r);
            }
            snprintf(what, sizeof what, "maxsize %d: colliding key whose __eq__ raises", sizes[k]);
            show(what, callo(fib_wrapper, NULL, "(O)", r2));
            snprintf(what, sizeof what, "maxsize %d: cache_info after the raising __eq__", sizes[k]);
            info(what, fib_wrapper);
            Py_XDECREF(r1);
            Py_XDECREF(r2);
            Py_XDECREF(fib_wrapper);
            fib_wrapper = NULL;
        }
        Py_DECREF(col);
        Py_XDECREF(H);
        Py_XDECREF(R);
    }
    /* reference counts */
    {
        PyObject *col = fn("collect");
        PyObject *held = PyList_New(0);
        PyObject *key = PyLong_FromLong(123456);
        Py_ssize_t before = Py_REFCNT(held), kbefore = Py_REFCNT(key);
        deco = callo(lru_cache, NULL, "(i)", 1);
        f = callo(deco, NULL, "(O)", col);
        Py_XDECREF(deco);
        PyObject *hk = Py_BuildValue("(O)", held);
        Py_XDECREF(callo(f, kw("{sO}", "h", key), "(O)", key));
        Py_XDECREF(callo(f, kw("{sO}", "h", key), "(O)", key));
        show("key refcount delta while cached", PyLong_FromSsize_t(Py_REFCNT(key) - kbefore));
        Py_XDECREF(callo(f, NULL, "(O)", key));
        show("key refcount delta after eviction by another key", PyLong_FromSsize_t(Py_REFCNT(key) - kbefore));
        Py_XDECREF(PyObject_CallMethod(f, "cache_clear", NULL));
        show("key refcount delta after clear", PyLong_FromSsize_t(Py_REFCNT(key) - kbefore));
        Py_XDECREF(callo(f, NULL, "(O)", hk));
        show("held refcount delta while cached", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        Py_XDECREF(f);
        show("held refcount delta after the wrapper is gone", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        f = callo(cache, NULL, "(O)", col);
        Py_XDECREF(callo(f, NULL, "(O)", hk));
        Py_XDECREF(callo(f, NULL, "(O)", hk));
        show("held refcount delta in an unbounded cache", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        Py_XDECREF(f);
        show("held refcount delta after", PyLong_FromSsize_t(Py_REFCNT(held) - before));
        Py_DECREF(hk);
        Py_DECREF(key);
        Py_DECREF(held);
        Py_DECREF(col);
    }
    Py_DECREF(cnt);
    Py_DECREF(CacheInfo);
    Py_DECREF(lru_cache);
    Py_DECREF(cache);
}

static void wrapper_cases(void) {
    PyObject *uw = PyObject_GetAttrString(ft, "update_wrapper");
    PyObject *wraps = PyObject_GetAttrString(ft, "wraps");
    PyObject *partial = PyObject_GetAttrString(ft, "partial");
    PyObject *col = fn("collect");
    show("WRAPPER_ASSIGNMENTS", attr(ft, "WRAPPER_ASSIGNMENTS"));
    show("WRAPPER_UPDATES", attr(ft, "WRAPPER_UPDATES"));
    show("update_wrapper.__name__", attr(uw, "__name__"));
    show("update_wrapper.__module__", attr(uw, "__module__"));
    show("wraps.__name__", attr(wraps, "__name__"));
    show("update_wrapper()", callo(uw, NULL, "()"));
    show("update_wrapper(1)", callo(uw, NULL, "(i)", 1));
    show("update_wrapper(1, 2, 3, 4, 5)", callo(uw, NULL, "(iiiii)", 1, 2, 3, 4, 5));
    show("update_wrapper(1, 2, x=1)", callo(uw, kw("{si}", "x", 1), "(ii)", 1, 2));
    show("update_wrapper(1, 2, wrapped=1)", callo(uw, kw("{si}", "wrapped", 1), "(ii)", 1, 2));
    show("update_wrapper(1, 2) (int has no __dict__)", callo(uw, NULL, "(ii)", 1, 2));
    show("update_wrapper(1, 2, (), ())", callo(uw, NULL, "(ii()())", 1, 2));
    show("update_wrapper(1, 2, 5)", callo(uw, NULL, "(iii)", 1, 2, 5));
    PyObject *w = callo(partial, NULL, "(O)", col);
    PyObject *r = callo(uw, NULL, "(OO)", w, col);
    show("update_wrapper(partial, collect) returns the wrapper", is(r, w));
    Py_XDECREF(r);
    show("wrapper.__dict__ keys", attr_list(w, "__dict__"));
    show("wrapper.__name__", attr(w, "__name__"));
    show("wrapper.__qualname__", attr(w, "__qualname__"));
    show("wrapper.__doc__", attr(w, "__doc__"));
    show("wrapper.__module__", attr(w, "__module__"));
    show("wrapper.__wrapped__ is collect", attr_is(w, "__wrapped__", col));
    /* __dict__ is merged from a wrapped object with one */
    {
        PyObject *src = callo(partial, NULL, "(O)", col);
        PyObject *v = PyLong_FromLong(7);
        PyObject_SetAttrString(src, "extra", v);
        PyObject_SetAttrString(src, "__name__", v);
        Py_DECREF(v);
        PyObject *w2 = callo(partial, NULL, "(O)", col);
        Py_XDECREF(callo(uw, NULL, "(OO)", w2, src));
        show("merged __dict__", attr_list(w2, "__dict__"));
        show("merged extra", attr(w2, "extra"));
        show("merged __name__", attr(w2, "__name__"));
        PyObject *w3 = callo(partial, NULL, "(O)", col);
        r = callo(uw, kw("{s(s)s()}", "assigned", "extra", "updated"), "(OO)", w3, src);
        show("assigned=('extra',), updated=()", attr_list(w3, "__dict__"));
        Py_XDECREF(r);
        r = callo(uw, kw("{s(i)}", "assigned", 1), "(OO)", w3, src);
        show("assigned=(1,)", r);
        r = callo(uw, kw("{s(s)}", "updated", "nothere"), "(OO)", w3, src);
        show("updated=('nothere',)", r);
        r = callo(uw, kw("{s(s)}", "updated", "extra"), "(OO)", w3, src);
        show("updated=('extra',) (an int has no update)", r);
        r = callo(uw, kw("{s()}", "assigned"), "(Oi)", w3, 5);
        show("update_wrapper(w, 5, assigned=())", r ? Py_NewRef(Py_None) : NULL);
        Py_XDECREF(r);
        show("__wrapped__ now 5", attr(w3, "__wrapped__"));
        Py_XDECREF(w3);
        Py_XDECREF(w2);
        Py_XDECREF(src);
    }
    /* wraps */
    show("wraps()", callo(wraps, NULL, "()"));
    show("wraps(1, 2, 3, 4)", callo(wraps, NULL, "(iiii)", 1, 2, 3, 4));
    show("wraps(x=1)", callo(wraps, kw("{si}", "x", 1), "()"));
    PyObject *d = callo(wraps, NULL, "(O)", col);
    show("wraps(collect) type", d ? PyUnicode_FromString(Py_TYPE(d)->tp_name) : NULL);
    show("wraps(collect).func is update_wrapper", attr_is(d, "func", uw));
    show("wraps(collect).args", attr(d, "args"));
    show("wraps(collect).keywords keys", attr_list(d, "keywords"));
    {
        PyObject *k = attr(d, "keywords");
        show("keywords['wrapped'] is collect", is(k ? PyDict_GetItemString(k, "wrapped") : NULL, col));
        show("keywords['assigned']", k ? Py_XNewRef(PyDict_GetItemString(k, "assigned")) : NULL);
        show("keywords['updated']", k ? Py_XNewRef(PyDict_GetItemString(k, "updated")) : NULL);
        Py_XDECREF(k);
    }
    PyObject *w4 = callo(partial, NULL, "(O)", col);
    r = callo(d, NULL, "(O)", w4);
    show("wraps(collect)(w) is w", is(r, w4));
    Py_XDECREF(r);
    show("w.__name__", attr(w4, "__name__"));
    Py_XDECREF(d);
    d = callo(wraps, kw("{s(s)s()}", "assigned", "__doc__", "updated"), "(O)", col);
    r = callo(d, NULL, "(O)", w4);
    show("wraps(collect, assigned=('__doc__',), updated=())(w)", attr_list(w4, "__dict__"));
    Py_XDECREF(r);
    show("wraps(...)()", callo(d, NULL, "()"));
    show("wraps(...)(1)", callo(d, NULL, "(i)", 1));
    Py_XDECREF(d);
    Py_XDECREF(w4);
    Py_XDECREF(w);
    Py_DECREF(col);
    Py_DECREF(partial);
    Py_DECREF(wraps);
    Py_DECREF(uw);
}

static void ordering_cases(void) {
    PyObject *to = PyObject_GetAttrString(ft, "total_ordering");
    show("total_ordering.__name__", attr(to, "__name__"));
    show("total_ordering()", callo(to, NULL, "()"));
    show("total_ordering(1, 2)", callo(to, NULL, "(ii)", 1, 2));
    show("total_ordering(klass=1)", callo(to, kw("{si}", "klass", 1), "()"));
    show("total_ordering(object)", callo(to, NULL, "(O)", &PyBaseObject_Type));
    show("total_ordering(int) is int", is(callo(to, NULL, "(O)", &PyLong_Type), (PyObject *)&PyLong_Type));
    Py_DECREF(&PyLong_Type);
    show("total_ordering(1)", callo(to, NULL, "(i)", 1));
    {
        const char *none[] = {NULL};
        PyObject *c = make_class("Plain", none);
        show("total_ordering(class without ordering)", callo(to, NULL, "(O)", c));
        Py_XDECREF(c);
    }
    const char *roots[][5] = {
        {"__lt__", "v_lt", "__eq__", "v_eq", NULL},
        {"__le__", "v_le", "__eq__", "v_eq", NULL},
        {"__gt__", "v_gt", "__eq__", "v_eq", NULL},
        {"__ge__", "v_ge", "__eq__", "v_eq", NULL},
        {"__gt__", "v_gt", "__lt__", "v_lt", NULL},
        {"__ge__", "v_ge", "__le__", "v_le", NULL},
        {"__lt__", "v_diff", NULL},
        {"__le__", "v_diff", NULL},
        {"__gt__", "v_diff", NULL},
        {"__ge__", "v_diff", NULL},
    };
    for (int i = 0; i < 10; i++) {
        char label[200];
        snprintf(label, sizeof label, "%s=%s%s%s", roots[i][0], roots[i][1], roots[i][2] ? " " : "", roots[i][2] ? roots[i][2] : "");
        PyObject *c = make_class("C", roots[i]);
        PyObject *r = callo(to, NULL, "(O)", c);
        char what[300];
        snprintf(what, sizeof what, "[%s] total_ordering(C) is C", label);
        show(what, is(r, c));
        Py_XDECREF(r);
        static const char *ops[] = {"__lt__", "__le__", "__gt__", "__ge__"};
        for (int j = 0; j < 4; j++) {
            PyObject *cd = c ? PyObject_GetAttrString(c, "__dict__") : NULL;
            PyObject *m = cd ? PyMapping_GetItemString(cd, ops[j]) : NULL;
            PyErr_Clear();
            snprintf(what, sizeof what, "[%s] %s in C.__dict__", label, ops[j]);
            show(what, PyBool_FromLong(m != NULL));
            if (m) {
                PyObject *nm = PyObject_GetAttrString(m, "__name__");
                snprintf(what, sizeof what, "[%s] C.__dict__[%s].__name__", label, ops[j]);
                show(what, nm);
                PyObject *doc = PyObject_GetAttrString(m, "__doc__");
                snprintf(what, sizeof what, "[%s] C.__dict__[%s].__doc__", label, ops[j]);
                show(what, doc);
            }
            Py_XDECREF(m);
            Py_XDECREF(cd);
        }
        long pairs[][2] = {{1, 2}, {2, 2}, {3, 2}};
        for (int p = 0; p < 3; p++) {
            PyObject *a = inst(c, pairs[p][0]), *b = inst(c, pairs[p][1]);
            snprintf(what, sizeof what, "[%s] C(%ld) ? C(%ld)", label, pairs[p][0], pairs[p][1]);
            compare_all(what, a, b);
            Py_XDECREF(a);
            Py_XDECREF(b);
        }
        PyObject *a = inst(c, 1);
        PyObject *one = PyLong_FromLong(1);
        snprintf(what, sizeof what, "[%s] C(1) ? 1", label);
        compare_all(what, a, one);
        /* calling the generated method directly */
        for (int j = 0; j < 4; j++) {
            snprintf(what, sizeof what, "[%s] C(1).%s(1)", label, ops[j]);
            show(what, a ? PyObject_CallMethod(a, ops[j], "(O)", one) : NULL);
        }
        Py_DECREF(one);
        Py_XDECREF(a);
        Py_XDECREF(c);
    }
    /* a subclass inherits the generated methods */
    {
        const char *m[] = {"__lt__", "v_lt", NULL};
        PyObject *c = make_class("Base", m);
        Py_XDECREF(callo(to, NULL, "(O)", c));
        PyObject *sub = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "Sub", c);
        PyObject *a = inst(sub, 5), *b = inst(c, 4);
        compare_all("Sub(5) ? Base(4)", a, b);
        compare_all("Base(4) ? Sub(5)", b, a);
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(sub);
        Py_XDECREF(c);
    }
    Py_DECREF(to);
}

int main(void) {
    Py_Initialize();
    ft = PyImport_ImportModule("functools");
    show("import functools (its type)", ft ? Py_NewRef((PyObject *)Py_TYPE(ft)) : NULL);
    if (ft == NULL)
        return 1;
    base = PyImport_ImportModule("_functools");
    show("import _functools (its type)", base ? Py_NewRef((PyObject *)Py_TYPE(base)) : NULL);
    if (base == NULL)
        return 1;
    PyObject *again = PyImport_ImportModule("functools");
    show("imported twice is the same module", PyBool_FromLong(again == ft));
    Py_XDECREF(again);
    show("functools.__name__", attr(ft, "__name__"));
    show("_functools.__name__", attr(base, "__name__"));
    show("_functools.__doc__", attr(base, "__doc__"));
    {
        const char *names[] = {"partial", "reduce", "cmp_to_key", "lru_cache", "cache", "wraps",
                               "update_wrapper", "total_ordering", "WRAPPER_ASSIGNMENTS",
                               "WRAPPER_UPDATES", "_lru_cache_wrapper", "_CacheInfo", NULL};
        for (const char **n = names; *n; n++) {
            char what[100];
            snprintf(what, sizeof what, "hasattr(functools, %s)", *n);
            show(what, PyBool_FromLong(PyObject_HasAttrString(ft, *n)));
        }
        const char *cnames[] = {"partial", "reduce", "cmp_to_key", "_lru_cache_wrapper", NULL};
        for (const char **n = cnames; *n; n++) {
            char what[100];
            snprintf(what, sizeof what, "hasattr(_functools, %s)", *n);
            show(what, PyBool_FromLong(PyObject_HasAttrString(base, *n)));
        }
        /* every name of __all__ that both provide exists */
        PyObject *all = PyObject_GetAttrString(ft, "__all__");
        int missing = 0;
        for (Py_ssize_t i = 0; all && i < PyList_Size(all); i++)
            if (!PyObject_HasAttr(ft, PyList_GetItem(all, i)))
                missing++;
        show("names of __all__ missing from the module", PyLong_FromLong(missing));
        Py_XDECREF(all);
    }
    /* from functools import partial, reduce, ... as Cython does it */
    {
        PyObject *fromlist = Py_BuildValue("[sss]", "partial", "lru_cache", "wraps");
        PyObject *m = PyImport_ImportModuleLevel("functools", NULL, NULL, fromlist, 0);
        show("from functools import partial, lru_cache, wraps", is(m, ft));
        Py_XDECREF(m);
        Py_DECREF(fromlist);
    }
    partial_cases();
    reduce_cases();
    cmp_to_key_cases();
    lru_cases();
    wrapper_cases();
    ordering_cases();
    /* operator.methodcaller(...).__reduce__() with keywords goes through
       functools.partial */
    {
        PyObject *op = PyImport_ImportModule("operator");
        PyObject *mc = PyObject_GetAttrString(op, "methodcaller");
        PyObject *g = callo(mc, kw("{si}", "b", 2), "(si)", "f", 1);
        PyObject *red = g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL;
        show("repr(methodcaller('f', 1, b=2).__reduce__())", repr_of(red));
        PyObject *again = red ? PyObject_Call(PyTuple_GetItem(red, 0), PyTuple_GetItem(red, 1), NULL) : NULL;
        show("rebuilt from it", repr_of(again));
        Py_XDECREF(again);
        Py_XDECREF(red);
        Py_XDECREF(g);
        Py_XDECREF(mc);
        Py_XDECREF(op);
    }
    Py_DECREF(base);
    Py_DECREF(ft);
    if (Py_FinalizeEx() < 0)
        return 120;
    return 0;
}
