/* Differential cases for collections.abc (Lib/_collections_abc.py): the
 * imports (PyImport_ImportModule("collections.abc"), "_collections_abc",
 * PyImport_ImportModuleLevel with and without a fromlist, builtins
 * __import__), __all__, every ABC's MRO, sorted __abstractmethods__ and
 * __doc__ presence; isinstance of built-in objects and issubclass of
 * built-in types against every ABC (the registrations and the subclass
 * hooks); classes made by calling type(name, bases, dict) whose methods
 * are C functions (PyInstanceMethod_New) over a container kept in
 * self.data: instantiation errors, the Sequence / MutableSequence /
 * Mapping / MutableMapping / Set / MutableSet mixins with their argument
 * and error messages, Set operators between mixin sets and built-in
 * sets, Set._hash against frozenset's hash, the views (repr, len, in,
 * iteration, operators); registration; subclass hooks with a method set
 * to None; __class_getitem__; Generator / Coroutine mixins.
 *
 * Built against CPython 3.11 and against pybuffer; each build prints one
 * line per case (see case.h) and the two outputs must match.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *cabc;

static PyObject *get(const char *name)
{
    return PyObject_GetAttrString(cabc, name);
}

static PyObject *b(int r)
{
    return r < 0 ? NULL : PyBool_FromLong(r);
}

/* sorted(o) */
static PyObject *sorted(PyObject *o)
{
    if (o == NULL)
        return NULL;
    PyObject *l = PySequence_List(o);
    if (l && PyList_Sort(l) < 0)
        Py_CLEAR(l);
    Py_DECREF(o);
    return l;
}

/* list(o), taking o */
static PyObject *listof(PyObject *o)
{
    if (o == NULL)
        return NULL;
    PyObject *l = PySequence_List(o);
    Py_DECREF(o);
    return l;
}

/* o.name(*args) from a Py_BuildValue format ("()" for none). */
static PyObject *callm(PyObject *o, const char *name, const char *fmt, ...)
{
    PyObject *f = PyObject_GetAttrString(o, name);
    if (f == NULL)
        return NULL;
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    Py_DECREF(f);
    return r;
}

/* Runs Python-free "code": the value of builtins.<name>(*args). */
static PyObject *builtin(const char *name, const char *fmt, ...)
{
    PyObject *bi = PyEval_GetBuiltins();
    PyObject *f = bi ? PyDict_GetItemString(bi, name) : NULL;
    if (f == NULL) {
        PyErr_SetString(PyExc_SystemError, "no builtin");
        return NULL;
    }
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    return r;
}

/* ------------------------------------------------------------------ */
/* The C methods of the test classes: a container in self.data.        */
/* ------------------------------------------------------------------ */

static PyObject *data_of(PyObject *self)
{
    return PyObject_GetAttrString(self, "data");
}

static PyObject *m_init(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self = PyTuple_GET_ITEM(args, 0);
    PyObject *kind = PyObject_GetAttrString((PyObject *)Py_TYPE(self), "kind");
    if (kind == NULL)
        return NULL;
    PyObject *rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    PyObject *d = rest ? PyObject_Call(kind, rest, NULL) : NULL;
    Py_XDECREF(rest);
    Py_DECREF(kind);
    if (d == NULL)
        return NULL;
    int r = PyObject_SetAttrString(self, "data", d);
    Py_DECREF(d);
    if (r < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *m_getitem(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self, *k;
    if (!PyArg_ParseTuple(args, "OO", &self, &k))
        return NULL;
    PyObject *d = data_of(self);
    PyObject *r = d ? PyObject_GetItem(d, k) : NULL;
    Py_XDECREF(d);
    return r;
}

static PyObject *m_setitem(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self, *k, *v;
    if (!PyArg_ParseTuple(args, "OOO", &self, &k, &v))
        return NULL;
    PyObject *d = data_of(self);
    int r = d ? PyObject_SetItem(d, k, v) : -1;
    Py_XDECREF(d);
    if (r < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *m_delitem(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self, *k;
    if (!PyArg_ParseTuple(args, "OO", &self, &k))
        return NULL;
    PyObject *d = data_of(self);
    int r = d ? PyObject_DelItem(d, k) : -1;
    Py_XDECREF(d);
    if (r < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *m_len(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self;
    if (!PyArg_ParseTuple(args, "O", &self))
        return NULL;
    PyObject *d = data_of(self);
    Py_ssize_t n = d ? PyObject_Size(d) : -1;
    Py_XDECREF(d);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyObject *m_iter(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self;
    if (!PyArg_ParseTuple(args, "O", &self))
        return NULL;
    PyObject *d = data_of(self);
    PyObject *r = d ? PyObject_GetIter(d) : NULL;
    Py_XDECREF(d);
    return r;
}

static PyObject *m_contains(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self, *k;
    if (!PyArg_ParseTuple(args, "OO", &self, &k))
        return NULL;
    PyObject *d = data_of(self);
    int r = d ? PySequence_Contains(d, k) : -1;
    Py_XDECREF(d);
    return b(r);
}

/* self.data.<name>(*args[1:]) */
static PyObject *forward(PyObject *args, const char *name)
{
    PyObject *self = PyTuple_GET_ITEM(args, 0);
    PyObject *d = data_of(self);
    if (d == NULL)
        return NULL;
    PyObject *f = PyObject_GetAttrString(d, name);
    Py_DECREF(d);
    if (f == NULL)
        return NULL;
    PyObject *rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    PyObject *r = rest ? PyObject_Call(f, rest, NULL) : NULL;
    Py_XDECREF(rest);
    Py_DECREF(f);
    return r;
}

static PyObject *m_insert(PyObject *mod, PyObject *args)
{
    (void)mod;
    return forward(args, "insert");
}

static PyObject *m_add(PyObject *mod, PyObject *args)
{
    (void)mod;
    return forward(args, "add");
}

static PyObject *m_discard(PyObject *mod, PyObject *args)
{
    (void)mod;
    return forward(args, "discard");
}

static PyObject *m_repr(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self = PyTuple_GET_ITEM(args, 0);
    PyObject *d = data_of(self);
    if (d == NULL)
        return NULL;
    PyObject *r = PyUnicode_FromFormat("%s(%R)", Py_TYPE(self)->tp_name, d);
    Py_DECREF(d);
    return r;
}

static PyObject *m_hash(PyObject *mod, PyObject *args)
{
    (void)mod;
    return callm(PyTuple_GET_ITEM(args, 0), "_hash", "()");
}

static PyObject *m_send(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self, *v;
    if (!PyArg_ParseTuple(args, "OO", &self, &v))
        return NULL;
    /* self.data is a list iterator: send returns its next item. */
    PyObject *d = data_of(self);
    if (d == NULL)
        return NULL;
    PyObject *r = PyIter_Next(d);
    Py_DECREF(d);
    if (r == NULL && !PyErr_Occurred()) {
        /* Ends with StopIteration(self.retval) when it has one. */
        PyObject *rv = PyObject_GetAttrString(self, "retval");
        if (rv == NULL) {
            PyErr_Clear();
            PyErr_SetNone(PyExc_StopIteration);
        } else {
            PyObject *e = PyObject_CallOneArg(PyExc_StopIteration, rv);
            if (e)
                PyErr_SetObject(PyExc_StopIteration, e);
            Py_XDECREF(e);
            Py_DECREF(rv);
        }
    }
    return r;
}

static PyObject *m_throw(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self, *t, *v = Py_None, *tb = Py_None;
    if (!PyArg_ParseTuple(args, "OO|OO", &self, &t, &v, &tb))
        return NULL;
    /* Ignores GeneratorExit when self.ignore is true. */
    PyObject *ig = PyObject_GetAttrString(self, "ignore");
    int ignore = ig ? PyObject_IsTrue(ig) : -1;
    Py_XDECREF(ig);
    if (ignore < 0)
        return NULL;
    if (ignore)
        return PyLong_FromLong(7);
    PyErr_SetObject(t, v == Py_None ? NULL : v);
    return NULL;
}

/* An awaitable over self.data: type(self).aw(self.data). */
static PyObject *m_asend(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self, *v;
    if (!PyArg_ParseTuple(args, "OO", &self, &v))
        return NULL;
    PyObject *d = data_of(self);
    PyObject *r = d ? PyObject_CallMethod((PyObject *)Py_TYPE(self), "aw", "O", d) : NULL;
    Py_XDECREF(d);
    return r;
}

/* Raises typ unless self.ignore, then an awaitable over []. */
static PyObject *m_athrow(PyObject *mod, PyObject *args)
{
    (void)mod;
    PyObject *self, *t, *v = Py_None, *tb = Py_None;
    if (!PyArg_ParseTuple(args, "OO|OO", &self, &t, &v, &tb))
        return NULL;
    PyObject *ig = PyObject_GetAttrString(self, "ignore");
    int ignore = ig ? PyObject_IsTrue(ig) : -1;
    Py_XDECREF(ig);
    if (ignore < 0)
        return NULL;
    if (ignore)
        return PyObject_CallMethod((PyObject *)Py_TYPE(self), "aw", "()");
    PyErr_SetObject(t, v == Py_None ? NULL : v);
    return NULL;
}

/* self.data itself */
static PyObject *m_data(PyObject *mod, PyObject *args)
{
    (void)mod;
    return data_of(PyTuple_GET_ITEM(args, 0));
}

static PyMethodDef defs[] = {
    {"__init__", m_init, METH_VARARGS, NULL},
    {"__getitem__", m_getitem, METH_VARARGS, NULL},
    {"__setitem__", m_setitem, METH_VARARGS, NULL},
    {"__delitem__", m_delitem, METH_VARARGS, NULL},
    {"__len__", m_len, METH_VARARGS, NULL},
    {"__iter__", m_iter, METH_VARARGS, NULL},
    {"__contains__", m_contains, METH_VARARGS, NULL},
    {"insert", m_insert, METH_VARARGS, NULL},
    {"add", m_add, METH_VARARGS, NULL},
    {"discard", m_discard, METH_VARARGS, NULL},
    {"__repr__", m_repr, METH_VARARGS, NULL},
    {"__hash__", m_hash, METH_VARARGS, NULL},
    {"send", m_send, METH_VARARGS, NULL},
    {"throw", m_throw, METH_VARARGS, NULL},
    {"__await__", m_iter, METH_VARARGS, NULL},
    {"asend", m_asend, METH_VARARGS, NULL},
    {"data_itself", m_data, METH_VARARGS, NULL},
    {"athrow", m_athrow, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* An instance method of the C function called `name`. */
static PyObject *meth(const char *name)
{
    for (PyMethodDef *d = defs; d->ml_name; d++)
        if (strcmp(d->ml_name, name) == 0) {
            PyObject *f = PyCFunction_New(d, NULL);
            PyObject *m = f ? PyInstanceMethod_New(f) : NULL;
            Py_XDECREF(f);
            return m;
        }
    return NULL;
}

/* type(name, (bases...), {methods..., kind}); `methods` is a
   space-separated list of names of `defs`, `none` names set to None. */
static PyObject *mkclass(const char *name, const char *bases, const char *methods, PyObject *kind,
                         const char *none)
{
    PyObject *bt = PyTuple_New(0), *d = PyDict_New();
    char buf[256];
    if (bt == NULL || d == NULL)
        goto fail;
    snprintf(buf, sizeof buf, "%s", bases);
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
        PyObject *base = get(t);
        if (base == NULL)
            goto fail;
        Py_ssize_t n = PyTuple_GET_SIZE(bt);
        if (_PyTuple_Resize(&bt, n + 1) < 0) {
            Py_DECREF(base);
            goto fail;
        }
        PyTuple_SET_ITEM(bt, n, base);
    }
    snprintf(buf, sizeof buf, "%s", methods);
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
        PyObject *m = meth(t);
        if (m == NULL || PyDict_SetItemString(d, t, m) < 0) {
            Py_XDECREF(m);
            goto fail;
        }
        Py_DECREF(m);
    }
    snprintf(buf, sizeof buf, "%s", none ? none : "");
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " "))
        if (PyDict_SetItemString(d, t, Py_None) < 0)
            goto fail;
    if (kind && PyDict_SetItemString(d, "kind", kind) < 0)
        goto fail;
    PyObject *r = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", name, bt, d);
    Py_DECREF(bt);
    Py_DECREF(d);
    return r;
fail:
    Py_XDECREF(bt);
    Py_XDECREF(d);
    return NULL;
}

static PyObject *abstracts(PyObject *cls)
{
    PyObject *a = cls ? PyObject_GetAttrString(cls, "__abstractmethods__") : NULL;
    return sorted(a);
}

static PyObject *mro_names(PyObject *cls)
{
    PyObject *mro = PyObject_GetAttrString(cls, "__mro__");
    if (mro == NULL)
        return NULL;
    PyObject *l = PyList_New(0);
    for (Py_ssize_t i = 0; l && i < PyTuple_GET_SIZE(mro); i++) {
        PyObject *n = PyObject_GetAttrString(PyTuple_GET_ITEM(mro, i), "__qualname__");
        if (n == NULL || PyList_Append(l, n) < 0)
            Py_CLEAR(l);
        Py_XDECREF(n);
    }
    Py_DECREF(mro);
    return l;
}

static const char *abcs[] = {
    "Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator", "Hashable",
    "Iterable", "Iterator", "Generator", "Reversible", "Sized", "Container",
    "Callable", "Collection", "Set", "MutableSet", "Mapping", "MutableMapping",
    "MappingView", "KeysView", "ItemsView", "ValuesView", "Sequence", "MutableSequence",
    "ByteString", NULL,
};

#define SHOW(what, expr) show(what, expr)

int main(void)
{
    char what[512];
    Py_Initialize();

    /* Imports. */
    cabc = PyImport_ImportModule("collections.abc");
    show("import collections.abc", cabc ? PyObject_GetAttrString(cabc, "__name__") : NULL);
    if (cabc == NULL)
        return 1;
    {
        PyObject *p = PyImport_ImportModule("_collections_abc");
        show("_collections_abc.__name__", p ? PyObject_GetAttrString(p, "__name__") : NULL);
        if (p) {
            PyObject *x = PyObject_GetAttrString(p, "Mapping");
            PyObject *y = get("Mapping");
            show("same Mapping", b(x && y && x == y));
            Py_XDECREF(x);
            Py_XDECREF(y);
            show("_collections_abc.dict_keys", PyObject_GetAttrString(p, "dict_keys"));
            show("_collections_abc.list_iterator", PyObject_GetAttrString(p, "list_iterator"));
            show("_collections_abc.mappingproxy", PyObject_GetAttrString(p, "mappingproxy"));
            Py_DECREF(p);
        }
        PyObject *fl = Py_BuildValue("[s]", "MutableSequence");
        PyObject *m = PyImport_ImportModuleLevel("collections.abc", NULL, NULL, fl, 0);
        show("ImportModuleLevel fromlist", m ? PyObject_GetAttrString(m, "__name__") : NULL);
        if (m) {
            show("fromlist MutableSequence", PyObject_GetAttrString(m, "MutableSequence"));
            Py_DECREF(m);
        }
        m = PyImport_ImportModuleLevel("collections.abc", NULL, NULL, NULL, 0);
        show("ImportModuleLevel no fromlist", m ? PyObject_GetAttrString(m, "__name__") : NULL);
        if (m) {
            PyObject *sub = PyObject_GetAttrString(m, "abc");
            show("collections.abc is the module", b(sub == cabc));
            Py_XDECREF(sub);
            Py_DECREF(m);
        }
        m = builtin("__import__", "s{}{}[s]", "collections.abc", "Mapping");
        show("__import__ fromlist", m ? PyObject_GetAttrString(m, "__name__") : NULL);
        Py_XDECREF(m);
        m = builtin("__import__", "(s)", "collections.abc");
        show("__import__ plain", m ? PyObject_GetAttrString(m, "__name__") : NULL);
        Py_XDECREF(m);
        m = PyImport_ImportModule("collections");
        show("import collections", m ? PyObject_GetAttrString(m, "__name__") : NULL);
        Py_XDECREF(m);
        PyObject *all = get("__all__");
        show("__all__", all);
        Py_XDECREF(fl);
    }

    /* The classes. */
    for (const char **n = abcs; *n; n++) {
        PyObject *c = get(*n);
        snprintf(what, sizeof what, "%s repr", *n);
        show(what, c ? PyObject_Repr(c) : NULL);
        if (c == NULL)
            continue;
        snprintf(what, sizeof what, "%s mro", *n);
        show(what, mro_names(c));
        snprintf(what, sizeof what, "%s abstracts", *n);
        show(what, abstracts(c));
        snprintf(what, sizeof what, "%s type", *n);
        show(what, PyObject_Repr((PyObject *)Py_TYPE(c)));
        PyObject *doc = PyObject_GetAttrString(c, "__doc__");
        snprintf(what, sizeof what, "%s doc is None", *n);
        show(what, b(doc ? doc == Py_None : -1));
        Py_XDECREF(doc);
        snprintf(what, sizeof what, "%s() ", *n);
        show(what, PyObject_CallNoArgs(c));
        PyObject *sl = PyObject_GetAttrString(c, "__slots__");
        snprintf(what, sizeof what, "%s __slots__", *n);
        show(what, sl);
        /* Callable.__class_getitem__ (CPython's _CallableGenericAlias) is
           not provided by pybuffer: Callable is left out here. */
        if (strcmp(*n, "Callable") != 0) {
            snprintf(what, sizeof what, "%s[int]", *n);
            PyObject *ga = PyObject_GetItem(c, (PyObject *)&PyLong_Type);
            show(what, ga ? PyObject_Repr(ga) : NULL);
            Py_XDECREF(ga);
            snprintf(what, sizeof what, "%s own names", *n);
            PyObject *dct = PyObject_GetAttrString(c, "__dict__");
            PyObject *keys = dct ? PyMapping_Keys(dct) : NULL;
            Py_XDECREF(dct);
            show(what, sorted(keys));
        }
        Py_DECREF(c);
    }
    {
        PyObject *m = get("Mapping"), *s = get("Set"), *sq = get("Sequence");
        PyObject *h = m ? PyObject_GetAttrString(m, "__hash__") : NULL;
        show("Mapping.__hash__", h);
        h = s ? PyObject_GetAttrString(s, "__hash__") : NULL;
        show("Set.__hash__", h);
        h = m ? PyObject_GetAttrString(m, "__reversed__") : NULL;
        show("Mapping.__reversed__", h);
        show("Mapping flags", b(m ? (((PyTypeObject *)m)->tp_flags & Py_TPFLAGS_MAPPING) != 0 : -1));
        show("Sequence flags",
             b(sq ? (((PyTypeObject *)sq)->tp_flags & Py_TPFLAGS_SEQUENCE) != 0 : -1));
        PyObject *f = m ? PyObject_GetAttrString(m, "get") : NULL;
        show("Mapping.get.__qualname__", f ? PyObject_GetAttrString(f, "__qualname__") : NULL);
        show("Mapping.get.__name__", f ? PyObject_GetAttrString(f, "__name__") : NULL);
        Py_XDECREF(f);
        f = m ? PyObject_GetAttrString(m, "__getitem__") : NULL;
        show("Mapping.__getitem__.__isabstractmethod__",
             f ? PyObject_GetAttrString(f, "__isabstractmethod__") : NULL);
        Py_XDECREF(f);
        f = s ? PyObject_GetAttrString(s, "__rand__") : NULL;
        show("Set.__rand__.__qualname__", f ? PyObject_GetAttrString(f, "__qualname__") : NULL);
        Py_XDECREF(f);
        Py_XDECREF(m);
        Py_XDECREF(s);
        Py_XDECREF(sq);
    }

    /* isinstance of built-in objects against every ABC. */
    {
        PyObject *objs = PyList_New(0);
        const char *names[40];
        int n = 0;
#define ADD(label, expr)                                                     \
    do {                                                                     \
        PyObject *o_ = (expr);                                               \
        if (o_ == NULL || PyList_Append(objs, o_) < 0) {                     \
            show("make " label, NULL);                                       \
        } else                                                               \
            names[n++] = label;                                              \
        Py_XDECREF(o_);                                                      \
    } while (0)
        PyObject *dict = Py_BuildValue("{s:i}", "a", 1);
        PyObject *lst = Py_BuildValue("[ii]", 1, 2);
        ADD("0", PyLong_FromLong(0));
        ADD("1.5", PyFloat_FromDouble(1.5));
        ADD("'s'", PyUnicode_FromString("s"));
        ADD("b'b'", PyBytes_FromString("b"));
        ADD("bytearray()", PyByteArray_FromStringAndSize("", 0));
        ADD("[1, 2]", Py_NewRef(lst));
        ADD("()", PyTuple_New(0));
        ADD("{'a': 1}", Py_NewRef(dict));
        ADD("set()", PySet_New(NULL));
        ADD("frozenset()", PyFrozenSet_New(NULL));
        ADD("range(3)", builtin("range", "(i)", 3));
        ADD("memoryview(b'')", PyMemoryView_FromObject(PyTuple_GET_ITEM(Py_BuildValue("(y)", ""), 0)));
        ADD("iter([])", PyObject_GetIter(lst));
        ADD("iter(())", builtin("iter", "(())"));
        ADD("iter('')", builtin("iter", "(s)", ""));
        ADD("iter(b'')", builtin("iter", "(y)", ""));
        ADD("iter(bytearray())", PyObject_GetIter(PyList_GET_ITEM(objs, 4)));
        ADD("iter({})", PyObject_GetIter(dict));
        ADD("iter(set())", PyObject_GetIter(PyList_GET_ITEM(objs, 8)));
        ADD("iter(range(3))", PyObject_GetIter(PyList_GET_ITEM(objs, 10)));
        ADD("keys", callm(dict, "keys", "()"));
        ADD("values", callm(dict, "values", "()"));
        ADD("items", callm(dict, "items", "()"));
        ADD("iter(items)", PyObject_GetIter(PyList_GET_ITEM(objs, n - 1)));
        ADD("zip()", builtin("zip", "()"));
        ADD("reversed([])", builtin("reversed", "(O)", lst));
        ADD("enumerate([])", builtin("enumerate", "(O)", lst));
        ADD("len", Py_NewRef(PyDict_GetItemString(PyEval_GetBuiltins(), "len")));
        ADD("None", Py_NewRef(Py_None));
        ADD("int", Py_NewRef((PyObject *)&PyLong_Type));
        ADD("object()", PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type));
        ADD("type.__dict__", PyObject_GetAttrString((PyObject *)&PyType_Type, "__dict__"));
        ADD("slice(1)", PySlice_New(NULL, PyLong_FromLong(1), NULL));
        Py_XDECREF(dict);
        Py_XDECREF(lst);
        for (const char **a = abcs; *a; a++) {
            PyObject *c = get(*a);
            for (int i = 0; i < n && c; i++) {
                /* pybuffer's dict and its views have no __reversed__ yet. */
                if (strcmp(*a, "Reversible") == 0 && (strcmp(names[i], "{'a': 1}") == 0 ||
                    strcmp(names[i], "keys") == 0 || strcmp(names[i], "values") == 0 ||
                    strcmp(names[i], "items") == 0))
                    continue;
                snprintf(what, sizeof what, "isinstance(%s, %s)", names[i], *a);
                show(what, b(PyObject_IsInstance(PyList_GET_ITEM(objs, i), c)));
            }
            for (int i = 0; i < n && c; i++) {
                PyObject *o = PyList_GET_ITEM(objs, i);
                if (strcmp(*a, "Reversible") == 0 && (strcmp(names[i], "{'a': 1}") == 0 ||
                    strcmp(names[i], "keys") == 0 || strcmp(names[i], "values") == 0 ||
                    strcmp(names[i], "items") == 0))
                    continue;
                snprintf(what, sizeof what, "issubclass(type(%s), %s)", names[i], *a);
                show(what, b(PyObject_IsSubclass((PyObject *)Py_TYPE(o), c)));
            }
            Py_XDECREF(c);
        }
        Py_DECREF(objs);
    }

    /* Classes deriving from the ABCs. */
    PyObject *list_t = (PyObject *)&PyList_Type, *dict_t = (PyObject *)&PyDict_Type,
             *set_t = (PyObject *)&PySet_Type;
    PyObject *Seq = mkclass("Seq", "Sequence", "__init__ __getitem__ __len__ __repr__", list_t, NULL);
    PyObject *MSeq = mkclass("MSeq", "MutableSequence",
                             "__init__ __getitem__ __len__ __repr__ __setitem__ __delitem__ insert",
                             list_t, NULL);
    PyObject *Map = mkclass("Map", "Mapping", "__init__ __getitem__ __len__ __iter__ __repr__",
                            dict_t, NULL);
    PyObject *MMap = mkclass("MMap", "MutableMapping",
                             "__init__ __getitem__ __len__ __iter__ __repr__ __setitem__ __delitem__",
                             dict_t, NULL);
    PyObject *St = mkclass("St", "Set", "__init__ __contains__ __len__ __iter__ __repr__", set_t, NULL);
    PyObject *HSt = mkclass("HSt", "Set", "__init__ __contains__ __len__ __iter__ __repr__ __hash__",
                            set_t, NULL);
    PyObject *MSt = mkclass("MSt", "MutableSet",
                            "__init__ __contains__ __len__ __iter__ __repr__ add discard", set_t, NULL);
    show("class Seq", Seq ? PyObject_Repr(Seq) : NULL);
    show("class MSeq", MSeq ? PyObject_Repr(MSeq) : NULL);
    show("class Map", Map ? PyObject_Repr(Map) : NULL);
    show("class MMap", MMap ? PyObject_Repr(MMap) : NULL);
    show("class St", St ? PyObject_Repr(St) : NULL);
    show("class HSt", HSt ? PyObject_Repr(HSt) : NULL);
    show("class MSt", MSt ? PyObject_Repr(MSt) : NULL);
    if (!Seq || !MSeq || !Map || !MMap || !St || !HSt || !MSt)
        return 1;
    show("MSeq abstracts", abstracts(MSeq));
    show("MSeq mro", mro_names(MSeq));

    /* Instantiation errors. */
    {
        struct { const char *name, *bases, *methods; } bad[] = {
            {"B1", "Sequence", "__len__"},
            {"B2", "Sequence", ""},
            {"B3", "MutableSequence", "__getitem__ __len__"},
            {"B4", "Mapping", "__getitem__"},
            {"B5", "MutableMapping", "__getitem__ __len__ __iter__"},
            {"B6", "Set", "__iter__"},
            {"B7", "MutableSet", "__iter__ __len__ __contains__ add"},
            {"B8", "Iterator", ""},
            {"B9", "Iterator", "__iter__"},
            {"B10", "Generator", "send"},
            {"B11", "Coroutine", ""},
            {"B12", "Hashable", ""},
            {"B13", "Callable", ""},
            {"B14", "Collection", "__len__"},
            {"B15", "AsyncGenerator", ""},
            {"B16", "KeysView", ""},
            {"B17", "Sized Iterable", "__len__"},
            {"B18", "Reversible", "__iter__"},
            {"B19", "Awaitable", ""},
            {"B20", "AsyncIterator", ""},
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            PyObject *c = mkclass(bad[i].name, bad[i].bases, bad[i].methods, NULL, NULL);
            snprintf(what, sizeof what, "%s(%s) with %s: abstracts", bad[i].name, bad[i].bases,
                     bad[i].methods);
            show(what, c ? abstracts(c) : NULL);
            snprintf(what, sizeof what, "%s()", bad[i].name);
            show(what, c ? PyObject_CallNoArgs(c) : NULL);
            Py_XDECREF(c);
        }
    }

    /* Sequence mixins. */
    PyObject *seq = PyObject_CallFunction(Seq, "([iiiii])", 1, 2, 3, 2, 1);
    show("Seq([1,2,3,2,1])", seq ? PyObject_Repr(seq) : NULL);
    if (seq == NULL)
        return 1;
    show("isinstance(seq, Sequence)", b(PyObject_IsInstance(seq, get("Sequence"))));
    show("PySequence_Check(seq)", b(PySequence_Check(seq)));
    show("len(seq)", PyLong_FromSsize_t(PyObject_Size(seq)));
    show("list(seq)", listof(PyObject_GetIter(seq)));
    show("list(reversed(seq))", listof(builtin("reversed", "(O)", seq)));
    show("2 in seq", b(PySequence_Contains(seq, PyLong_FromLong(2))));
    show("9 in seq", b(PySequence_Contains(seq, PyLong_FromLong(9))));
    show("seq.index(2)", callm(seq, "index", "(i)", 2));
    show("seq.index(2, 2)", callm(seq, "index", "(ii)", 2, 2));
    show("seq.index(2, -2)", callm(seq, "index", "(ii)", 2, -2));
    show("seq.index(2, -100)", callm(seq, "index", "(ii)", 2, -100));
    show("seq.index(1, 1, -1)", callm(seq, "index", "(iii)", 1, 1, -1));
    show("seq.index(1, 1, None)", callm(seq, "index", "(iiO)", 1, 1, Py_None));
    show("seq.index(9)", callm(seq, "index", "(i)", 9));
    show("seq.index(3, 0, 2)", callm(seq, "index", "(iii)", 3, 0, 2));
    show("seq.index(1, None)", callm(seq, "index", "(iO)", 1, Py_None));
    show("seq.index(1, 'x')", callm(seq, "index", "(is)", 1, "x"));
    show("seq.index()", callm(seq, "index", "()"));
    show("seq.index(1,2,3,4)", callm(seq, "index", "(iiii)", 1, 2, 3, 4));
    {
        PyObject *f = PyObject_GetAttrString(seq, "index");
        PyObject *args = Py_BuildValue("(i)", 2);
        PyObject *kw = Py_BuildValue("{s:i}", "start", 2);
        show("seq.index(2, start=2)", f ? PyObject_Call(f, args, kw) : NULL);
        Py_DECREF(kw);
        kw = Py_BuildValue("{s:i}", "value", 2);
        show("seq.index(2, value=2)", f ? PyObject_Call(f, args, kw) : NULL);
        Py_DECREF(kw);
        kw = Py_BuildValue("{s:i}", "bogus", 2);
        show("seq.index(2, bogus=2)", f ? PyObject_Call(f, args, kw) : NULL);
        Py_DECREF(kw);
        Py_DECREF(args);
        Py_XDECREF(f);
    }
    show("seq.count(2)", callm(seq, "count", "(i)", 2));
    show("seq.count(7)", callm(seq, "count", "(i)", 7));
    show("seq.count()", callm(seq, "count", "()"));
    show("Sequence.count(seq, 1)", callm(get("Sequence"), "count", "(Oi)", seq, 1));
    show("Sequence.index(seq)", callm(get("Sequence"), "index", "(O)", seq));
    show("Sequence.__getitem__(seq, 0)", callm(get("Sequence"), "__getitem__", "(Oi)", seq, 0));
    show("Sequence.__len__(seq)", callm(get("Sized"), "__len__", "(O)", seq));
    show("seq.__contains__(1)", callm(seq, "__contains__", "(i)", 1));
    show("seq[1:3]", PySequence_GetSlice(seq, 1, 3));
    show("hash(seq) type", b(PyObject_Hash(seq) != -1 || !PyErr_Occurred()));
    {
        PyObject *it = PyObject_GetIter(seq);
        show("next(iter(seq))", it ? PyIter_Next(it) : NULL);
        show("next again", it ? PyIter_Next(it) : NULL);
        show("rest", listof(it));
    }
    /* A sequence whose __getitem__ raises something else. */
    {
        PyObject *s2 = PyObject_CallFunction(Seq, "(O)", Py_None);
        show("Seq(None)", s2);
    }
    {
        PyObject *s2 = PyObject_CallFunction(Seq, "(s)", "abc");
        show("Seq('abc') list", listof(s2 ? PyObject_GetIter(s2) : NULL));
        show("Seq('abc').index('c')", s2 ? callm(s2, "index", "(s)", "c") : NULL);
        PyObject *d = s2 ? PyDict_New() : NULL;
        if (d)
            PyObject_SetAttrString(s2, "data", d);
        show("seq over dict: list", listof(s2 ? PyObject_GetIter(s2) : NULL));
        show("seq over dict: 1 in", b(s2 ? PySequence_Contains(s2, PyLong_FromLong(1)) : -1));
        show("seq over dict: index", s2 ? callm(s2, "index", "(i)", 1) : NULL);
        show("seq over dict: reversed", listof(s2 ? builtin("reversed", "(O)", s2) : NULL));
        Py_XDECREF(d);
        Py_XDECREF(s2);
    }

    /* MutableSequence mixins. */
    PyObject *ms = PyObject_CallFunction(MSeq, "([iii])", 1, 2, 3);
    show("MSeq([1,2,3])", ms ? PyObject_Repr(ms) : NULL);
    if (ms == NULL)
        return 1;
    show("ms.append(4)", callm(ms, "append", "(i)", 4));
    show("ms", PyObject_Repr(ms));
    show("ms.extend([5, 6])", callm(ms, "extend", "([ii])", 5, 6));
    show("ms", PyObject_Repr(ms));
    show("ms.extend(ms)", callm(ms, "extend", "(O)", ms));
    show("ms", PyObject_Repr(ms));
    show("ms.pop()", callm(ms, "pop", "()"));
    show("ms.pop(0)", callm(ms, "pop", "(i)", 0));
    show("ms.pop(100)", callm(ms, "pop", "(i)", 100));
    show("ms", PyObject_Repr(ms));
    show("ms.remove(4)", callm(ms, "remove", "(i)", 4));
    show("ms.remove(40)", callm(ms, "remove", "(i)", 40));
    show("ms", PyObject_Repr(ms));
    show("ms.reverse()", callm(ms, "reverse", "()"));
    show("ms", PyObject_Repr(ms));
    {
        PyObject *r = PyNumber_InPlaceAdd(ms, Py_BuildValue("[i]", 9));
        show("ms += [9] is ms", b(r ? r == ms : -1));
        Py_XDECREF(r);
    }
    show("ms", PyObject_Repr(ms));
    show("ms.extend(5)", callm(ms, "extend", "(i)", 5));
    show("ms.insert(0, 0)", callm(ms, "insert", "(ii)", 0, 0));
    show("ms.count(2)", callm(ms, "count", "(i)", 2));
    show("ms.clear()", callm(ms, "clear", "()"));
    show("ms", PyObject_Repr(ms));
    show("ms.pop() empty", callm(ms, "pop", "()"));
    show("ms.append()", callm(ms, "append", "()"));
    show("ms.reverse(1)", callm(ms, "reverse", "(i)", 1));
    show("MutableSequence.insert(ms, 0, 1)", callm(get("MutableSequence"), "insert", "(Oii)", ms, 0, 1));
    show("MutableSequence.append", callm(get("MutableSequence"), "append", "()"));
    show("MutableSequence.pop(ms, 0, 1)", callm(get("MutableSequence"), "pop", "(Oii)", ms, 0, 1));

    /* Mapping mixins. */
    PyObject *map = PyObject_CallFunction(Map, "({sisi})", "a", 1, "b", 2);
    show("Map", map ? PyObject_Repr(map) : NULL);
    if (map == NULL)
        return 1;
    show("PyMapping_Check(map)", b(PyMapping_Check(map)));
    show("map.get('a')", callm(map, "get", "(s)", "a"));
    show("map.get('z')", callm(map, "get", "(s)", "z"));
    show("map.get('z', 0)", callm(map, "get", "(si)", "z", 0));
    show("map.get([])", callm(map, "get", "([])"));
    show("map.get()", callm(map, "get", "()"));
    show("'a' in map", b(PySequence_Contains(map, PyUnicode_FromString("a"))));
    show("'z' in map", b(PySequence_Contains(map, PyUnicode_FromString("z"))));
    show("[] in map", b(PySequence_Contains(map, PyList_New(0))));
    PyObject *kv = callm(map, "keys", "()");
    PyObject *iv = callm(map, "items", "()");
    PyObject *vv = callm(map, "values", "()");
    show("map.keys()", kv ? PyObject_Repr(kv) : NULL);
    show("map.items()", iv ? PyObject_Repr(iv) : NULL);
    show("map.values()", vv ? PyObject_Repr(vv) : NULL);
    if (!kv || !iv || !vv)
        return 1;
    show("type(keys)", PyObject_Repr((PyObject *)Py_TYPE(kv)));
    show("len(keys)", PyLong_FromSsize_t(PyObject_Size(kv)));
    show("len(items)", PyLong_FromSsize_t(PyObject_Size(iv)));
    show("len(values)", PyLong_FromSsize_t(PyObject_Size(vv)));
    show("list(keys)", listof(PyObject_GetIter(kv)));
    show("list(items)", listof(PyObject_GetIter(iv)));
    show("list(values)", listof(PyObject_GetIter(vv)));
    show("'a' in keys", b(PySequence_Contains(kv, PyUnicode_FromString("a"))));
    show("('a', 1) in items", b(PySequence_Contains(iv, Py_BuildValue("(si)", "a", 1))));
    show("('a', 2) in items", b(PySequence_Contains(iv, Py_BuildValue("(si)", "a", 2))));
    show("('z', 2) in items", b(PySequence_Contains(iv, Py_BuildValue("(si)", "z", 2))));
    show("1 in items", b(PySequence_Contains(iv, PyLong_FromLong(1))));
    show("(1,) in items", b(PySequence_Contains(iv, Py_BuildValue("(i)", 1))));
    show("(1,2,3) in items", b(PySequence_Contains(iv, Py_BuildValue("(iii)", 1, 2, 3))));
    show("2 in values", b(PySequence_Contains(vv, PyLong_FromLong(2))));
    show("5 in values", b(PySequence_Contains(vv, PyLong_FromLong(5))));
    show("keys & {'a', 'q'}", sorted(PyNumber_And(kv, Py_BuildValue("[ss]", "a", "q"))));
    show("keys | ['q']", sorted(PyNumber_Or(kv, Py_BuildValue("[s]", "q"))));
    show("keys - ['a']", sorted(PyNumber_Subtract(kv, Py_BuildValue("[s]", "a"))));
    show("['a', 'z'] - keys", sorted(PyNumber_Subtract(Py_BuildValue("[ss]", "a", "z"), kv)));
    show("keys ^ ['a', 'z']", sorted(PyNumber_Xor(kv, Py_BuildValue("[ss]", "a", "z"))));
    show("keys == {'a','b'}", PyObject_RichCompare(kv, Py_BuildValue("{ss}", "a", "b"), Py_EQ));
    show("keys <= {'a','b','c'}",
         PyObject_RichCompare(kv, PyFrozenSet_New(Py_BuildValue("(sss)", "a", "b", "c")), Py_LE));
    show("keys < keys", PyObject_RichCompare(kv, kv, Py_LT));
    show("keys.isdisjoint(['q'])", callm(kv, "isdisjoint", "([s])", "q"));
    show("keys.isdisjoint(['a'])", callm(kv, "isdisjoint", "([s])", "a"));
    show("keys.isdisjoint(1)", callm(kv, "isdisjoint", "(i)", 1));
    show("keys & 1", PyNumber_And(kv, PyLong_FromLong(1)));
    show("type(keys & [])", PyObject_Repr((PyObject *)Py_TYPE(PyNumber_And(kv, PyList_New(0)))));
    show("items & [('a', 1)]", sorted(PyNumber_And(iv, Py_BuildValue("[(si)]", "a", 1))));
    show("values | []", PyNumber_Or(vv, PyList_New(0)));
    show("map == {'a':1,'b':2}", PyObject_RichCompare(map, Py_BuildValue("{sisi}", "a", 1, "b", 2), Py_EQ));
    show("map == {'a':1}", PyObject_RichCompare(map, Py_BuildValue("{si}", "a", 1), Py_EQ));
    show("map != {'a':1}", PyObject_RichCompare(map, Py_BuildValue("{si}", "a", 1), Py_NE));
    show("map == [1]", PyObject_RichCompare(map, Py_BuildValue("[i]", 1), Py_EQ));
    show("map.__eq__(1)", callm(map, "__eq__", "(i)", 1));
    show("hash(map)", PyObject_Hash(map) == -1 && PyErr_Occurred() ? NULL : PyLong_FromLong(0));
    show("reversed(map)", builtin("reversed", "(O)", map));
    show("map.keys(1)", callm(map, "keys", "(i)", 1));
    show("KeysView(1)", PyObject_CallFunction(get("KeysView"), "(i)", 1));
    {
        PyObject *k1 = PyObject_CallFunction(get("KeysView"), "(i)", 1);
        show("len(KeysView(1))", k1 ? PyLong_FromSsize_t(PyObject_Size(k1)) : NULL);
        show("KeysView(1) repr", k1 ? PyObject_Repr(k1) : NULL);
        show("list(KeysView(1))", k1 ? listof(PyObject_GetIter(k1)) : NULL);
        show("KeysView(1)._mapping", k1 ? PyObject_GetAttrString(k1, "_mapping") : NULL);
        show("KeysView(1).x = 1", b(k1 ? PyObject_SetAttrString(k1, "x", Py_None) : -1));
        Py_XDECREF(k1);
        PyObject *k2 = PyObject_CallFunction(get("ItemsView"), "({si})", "x", 5);
        show("ItemsView({'x':5})", k2 ? PyObject_Repr(k2) : NULL);
        show("list(ItemsView)", k2 ? listof(PyObject_GetIter(k2)) : NULL);
        Py_XDECREF(k2);
        k2 = PyObject_CallFunction(get("ValuesView"), "([ii])", 7, 8);
        show("ValuesView([7,8]) repr", k2 ? PyObject_Repr(k2) : NULL);
        show("7 in ValuesView([7,8])", b(k2 ? PySequence_Contains(k2, PyLong_FromLong(0)) : -1));
        Py_XDECREF(k2);
        show("MappingView()", PyObject_CallNoArgs(get("MappingView")));
        show("MappingView(1, 2)", PyObject_CallFunction(get("MappingView"), "(ii)", 1, 2));
        k2 = PyObject_CallFunction(get("MappingView"), "(s)", "xyz");
        show("MappingView('xyz')", k2 ? PyObject_Repr(k2) : NULL);
        show("len(MappingView('xyz'))", k2 ? PyLong_FromSsize_t(PyObject_Size(k2)) : NULL);
        Py_XDECREF(k2);
    }

    /* MutableMapping mixins. */
    PyObject *mm = PyObject_CallFunction(MMap, "({sisi})", "a", 1, "b", 2);
    show("MMap", mm ? PyObject_Repr(mm) : NULL);
    if (mm == NULL)
        return 1;
    show("mm.pop('a')", callm(mm, "pop", "(s)", "a"));
    show("mm.pop('a')", callm(mm, "pop", "(s)", "a"));
    show("mm.pop('a', 0)", callm(mm, "pop", "(si)", "a", 0));
    show("mm.pop('a', None)", callm(mm, "pop", "(sO)", "a", Py_None));
    show("mm.pop()", callm(mm, "pop", "()"));
    show("mm.setdefault('c', 3)", callm(mm, "setdefault", "(si)", "c", 3));
    show("mm.setdefault('c', 4)", callm(mm, "setdefault", "(si)", "c", 4));
    show("mm.setdefault('d')", callm(mm, "setdefault", "(s)", "d"));
    show("mm", PyObject_Repr(mm));
    show("mm.popitem()", callm(mm, "popitem", "()"));
    show("mm", PyObject_Repr(mm));
    show("mm.update({'x': 1})", callm(mm, "update", "({si})", "x", 1));
    show("mm.update([('y', 2)])", callm(mm, "update", "([(si)])", "y", 2));
    show("mm.update(map)", callm(mm, "update", "(O)", map));
    {
        PyObject *f = PyObject_GetAttrString(mm, "update");
        PyObject *args = PyTuple_New(0);
        PyObject *kw = Py_BuildValue("{sisi}", "other", 5, "self", 6);
        show("mm.update(other=5, self=6)", f ? PyObject_Call(f, args, kw) : NULL);
        Py_DECREF(kw);
        Py_DECREF(args);
        args = Py_BuildValue("([(ii)])", 8, 9);
        kw = Py_BuildValue("{si}", "z", 0);
        show("mm.update([(8, 9)], z=0)", f ? PyObject_Call(f, args, kw) : NULL);
        Py_DECREF(kw);
        Py_DECREF(args);
        Py_XDECREF(f);
    }
    show("mm", PyObject_Repr(mm));
    show("mm.update(1)", callm(mm, "update", "(i)", 1));
    show("mm.update([1])", callm(mm, "update", "([i])", 1));
    show("mm.update([(1,)])", callm(mm, "update", "([(i)])", 1));
    show("mm.update([(1, 2, 3)])", callm(mm, "update", "([(iii)])", 1, 2, 3));
    show("mm.update(KeysView({5:6}))", callm(mm, "update", "(N)", PyObject_CallFunction(get("KeysView"), "({ii})", 5, 6)));
    show("mm.update({}, {})", callm(mm, "update", "({}{})"));
    show("mm.update()", callm(mm, "update", "()"));
    show("mm", PyObject_Repr(mm));
    show("mm.clear()", callm(mm, "clear", "()"));
    show("mm", PyObject_Repr(mm));
    show("mm.popitem() empty", callm(mm, "popitem", "()"));
    show("MutableMapping.__setitem__(mm, 1, 2)", callm(get("MutableMapping"), "__setitem__", "(Oii)", mm, 1, 2));
    show("MutableMapping.__delitem__(mm, 1)", callm(get("MutableMapping"), "__delitem__", "(Oi)", mm, 1));
    show("Mapping.__getitem__(mm, 1)", callm(get("Mapping"), "__getitem__", "(Oi)", mm, 1));
    show("mm.pop(1, 2, 3)", callm(mm, "pop", "(iii)", 1, 2, 3));

    /* Set mixins. */
    PyObject *st = PyObject_CallFunction(St, "([iii])", 1, 2, 3);
    PyObject *st2 = PyObject_CallFunction(St, "([ii])", 2, 3);
    show("St", st ? PyObject_Repr(st) : NULL);
    if (st == NULL || st2 == NULL)
        return 1;
    PyObject *bset = Py_BuildValue("[iii]", 2, 3, 4);
    PyObject *pset = PySet_New(bset);
    PyObject *fset = PyFrozenSet_New(bset);
    struct { const char *name; PyObject *o; } others[] = {
        {"st2", st2}, {"{2,3,4}", pset}, {"frozenset({2,3,4})", fset}, {"[2,3,4]", bset},
        {"st", st}, {"5", NULL},
    };
    PyObject *five = PyLong_FromLong(5);
    others[5].o = five;
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        PyObject *o = others[i].o;
#define BIN(label, call)                                                  \
        do {                                                              \
            snprintf(what, sizeof what, label, others[i].name);           \
            PyObject *r_ = (call);                                        \
            if (r_ && (PySet_Check(r_) || PyObject_TypeCheck(r_, (PyTypeObject *)St))) { \
                PyObject *l_ = sorted(r_);                                \
                show(what, l_);                                           \
            } else                                                        \
                show(what, r_);                                           \
        } while (0)
        BIN("st & %s", PyNumber_And(st, o));
        BIN("%s & st", PyNumber_And(o, st));
        BIN("st | %s", PyNumber_Or(st, o));
        BIN("%s | st", PyNumber_Or(o, st));
        BIN("st - %s", PyNumber_Subtract(st, o));
        BIN("%s - st", PyNumber_Subtract(o, st));
        BIN("st ^ %s", PyNumber_Xor(st, o));
        BIN("%s ^ st", PyNumber_Xor(o, st));
        BIN("st == %s", PyObject_RichCompare(st, o, Py_EQ));
        BIN("st != %s", PyObject_RichCompare(st, o, Py_NE));
        BIN("st < %s", PyObject_RichCompare(st, o, Py_LT));
        BIN("st <= %s", PyObject_RichCompare(st, o, Py_LE));
        BIN("st > %s", PyObject_RichCompare(st, o, Py_GT));
        BIN("st >= %s", PyObject_RichCompare(st, o, Py_GE));
        BIN("%s < st", PyObject_RichCompare(o, st, Py_LT));
        BIN("%s >= st", PyObject_RichCompare(o, st, Py_GE));
        BIN("st.isdisjoint(%s)", callm(st, "isdisjoint", "(O)", o));
        BIN("st.__le__(%s)", callm(st, "__le__", "(O)", o));
        BIN("st.__sub__(%s)", callm(st, "__sub__", "(O)", o));
        BIN("st.__rsub__(%s)", callm(st, "__rsub__", "(O)", o));
        BIN("st.__xor__(%s)", callm(st, "__xor__", "(O)", o));
    }
    show("type(st & st2)", PyObject_Repr((PyObject *)Py_TYPE(PyNumber_And(st, st2))));
    show("hash(st)", PyObject_Hash(st) == -1 && PyErr_Occurred() ? NULL : PyLong_FromLong(0));
    {
        PyObject *h = PyObject_CallFunction(HSt, "([iii])", 1, 2, 3);
        Py_hash_t x = h ? PyObject_Hash(h) : -1;
        PyObject *fs = Py_BuildValue("[iii]", 1, 2, 3);
        PyObject *ff = PyFrozenSet_New(fs);
        show("hash(HSt([1,2,3])) == hash(frozenset)", b(x != -1 && x == PyObject_Hash(ff)));
        show("HSt._hash()", h ? callm(h, "_hash", "()") : NULL);
        Py_XDECREF(h);
        PyObject *words = Py_BuildValue("[sssi]", "spam", "eggs", "", -1);
        h = PyObject_CallFunction(HSt, "(O)", words);
        PyObject *fw = PyFrozenSet_New(words);
        show("hash(HSt(words)) == hash(frozenset)", b(h && PyObject_Hash(h) == PyObject_Hash(fw)));
        Py_XDECREF(h);
        h = PyObject_CallFunction(HSt, "()");
        PyObject *fe = PyFrozenSet_New(NULL);
        show("hash(HSt()) == hash(frozenset())", b(h && PyObject_Hash(h) == PyObject_Hash(fe)));
        show("HSt() in {HSt()}", b(h ? PySequence_Contains(Py_BuildValue("[O]", h), h) : -1));
        Py_XDECREF(h);
        Py_XDECREF(fe);
        Py_XDECREF(fw);
        Py_XDECREF(words);
        Py_XDECREF(fs);
        Py_XDECREF(ff);
        h = PyObject_CallFunction(HSt, "([[]])");
        show("HSt([[]])", h);
    }
    show("Set._from_iterable(1)", callm(get("Set"), "_from_iterable", "(i)", 1));
    show("St._from_iterable([4])", sorted(callm(St, "_from_iterable", "([i])", 4)));
    show("KeysView._from_iterable([4])", callm(get("KeysView"), "_from_iterable", "([i])", 4));
    show("Set._from_iterable()", callm(get("Set"), "_from_iterable", "()"));
    show("Set._hash(st) == hash(frozenset({1,2,3}))",
         PyObject_RichCompare(callm(get("Set"), "_hash", "(O)", st),
                              PyLong_FromSsize_t(PyObject_Hash(PyFrozenSet_New(Py_BuildValue("[iii]", 1, 2, 3)))), Py_EQ));

    /* MutableSet mixins. */
    PyObject *mset = PyObject_CallFunction(MSt, "([iii])", 1, 2, 3);
    show("MSt", mset ? PyObject_Repr(mset) : NULL);
    if (mset == NULL)
        return 1;
    show("mset.remove(1)", callm(mset, "remove", "(i)", 1));
    show("mset.remove(1)", callm(mset, "remove", "(i)", 1));
    show("mset.remove((1,))", callm(mset, "remove", "((i))", 1));
    show("mset.remove([])", callm(mset, "remove", "([])"));
    show("mset.pop()", callm(mset, "pop", "()"));
    show("mset", sorted(Py_NewRef(mset)));
    {
        PyObject *r = PyNumber_InPlaceOr(mset, Py_BuildValue("[iii]", 5, 6, 7));
        show("mset |= [5,6,7] is mset", b(r ? r == mset : -1));
        Py_XDECREF(r);
        show("mset", sorted(Py_NewRef(mset)));
        r = PyNumber_InPlaceAnd(mset, Py_BuildValue("[iii]", 5, 6, 3));
        show("mset &= [5,6,3]", r ? sorted(r) : NULL);
        r = PyNumber_InPlaceXor(mset, Py_BuildValue("[iii]", 6, 8, 9));
        show("mset ^= [6,8,9]", r ? sorted(r) : NULL);
        r = PyNumber_InPlaceXor(mset, Py_BuildValue("{ii}", 8, 10));
        show("mset ^= {8,10}", r ? sorted(r) : NULL);
        r = PyNumber_InPlaceSubtract(mset, Py_BuildValue("[ii]", 5, 100));
        show("mset -= [5,100]", r ? sorted(r) : NULL);
        r = PyNumber_InPlaceOr(mset, PyLong_FromLong(1));
        show("mset |= 1", r);
        r = PyNumber_InPlaceAnd(mset, PyLong_FromLong(1));
        show("mset &= 1", r);
        r = PyNumber_InPlaceXor(mset, mset);
        show("mset ^= mset", r ? sorted(r) : NULL);
        show("mset.add(4)", callm(mset, "add", "(i)", 4));
        r = PyNumber_InPlaceSubtract(mset, mset);
        show("mset -= mset", r ? sorted(r) : NULL);
        show("mset.pop() empty", callm(mset, "pop", "()"));
        show("mset.add(4)", callm(mset, "add", "(i)", 4));
        show("mset.clear()", callm(mset, "clear", "()"));
        show("mset", sorted(Py_NewRef(mset)));
        show("MutableSet.add(mset, 1)", callm(get("MutableSet"), "add", "(Oi)", mset, 1));
        show("MutableSet.discard(mset, 1)", callm(get("MutableSet"), "discard", "(Oi)", mset, 1));
        show("MutableSet.clear()", callm(get("MutableSet"), "clear", "()"));
        show("mset.remove()", callm(mset, "remove", "()"));
    }
    show("isinstance(mset, Set)", b(PyObject_IsInstance(mset, get("Set"))));
    show("isinstance(mset, Hashable)", b(PyObject_IsInstance(mset, get("Hashable"))));
    show("isinstance(st, Hashable)", b(PyObject_IsInstance(st, get("Hashable"))));
    show("isinstance(seq, Hashable)", b(PyObject_IsInstance(seq, get("Hashable"))));

    /* __slots__: an instance of a direct subclass with no __dict__. */
    {
        PyObject *d = PyDict_New();
        PyObject *sl = PyTuple_New(0);
        PyDict_SetItemString(d, "__slots__", sl);
        PyObject *it = meth("__iter__");
        PyDict_SetItemString(d, "__iter__", it);
        PyObject *bases = Py_BuildValue("(N)", get("Iterable"));
        PyObject *c = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "Slotted", bases, d);
        PyObject *o = c ? PyObject_CallNoArgs(c) : NULL;
        show("Slotted()", o ? PyUnicode_FromString("made") : NULL);
        show("Slotted().x = 1", b(o ? PyObject_SetAttrString(o, "x", Py_None) : -1));
        show("Slotted().__dict__", o ? PyObject_GetAttrString(o, "__dict__") : NULL);
        show("Slotted basicsize == object's",
             b(c ? ((PyTypeObject *)c)->tp_basicsize == PyBaseObject_Type.tp_basicsize : -1));
        Py_XDECREF(o);
        Py_XDECREF(c);
        Py_XDECREF(bases);
        Py_XDECREF(it);
        Py_XDECREF(sl);
        Py_XDECREF(d);
        o = PyObject_CallFunction(Seq, "([])");
        show("Seq([]).__dict__", o ? PyObject_GetAttrString(o, "__dict__") : NULL);
        Py_XDECREF(o);
    }

    /* Subclass hooks. */
    {
        struct { const char *name, *methods, *none; } hk[] = {
            {"H1", "__iter__", NULL},
            {"H2", "", "__iter__"},
            {"H3", "__iter__ __len__ __contains__", NULL},
            {"H4", "__iter__ __len__", "__contains__"},
            {"H5", "__hash__", NULL},
            {"H6", "", "__hash__"},
            {"H7", "__len__", NULL},
            {"H8", "__contains__", NULL},
            {"H9", "__iter__ __getitem__ __len__", NULL},
            {"H10", "send throw __iter__", NULL},
            {"H11", "__repr__", "__len__"},
        };
        const char *targets[] = {"Iterable", "Collection", "Hashable", "Sized", "Container",
                                 "Iterator", "Generator", "Reversible", "Sequence", "Callable",
                                 "Awaitable", "AsyncIterable", NULL};
        for (size_t i = 0; i < sizeof hk / sizeof hk[0]; i++) {
            PyObject *c = mkclass(hk[i].name, "", hk[i].methods, NULL, hk[i].none);
            if (c == NULL) {
                show(hk[i].name, NULL);
                continue;
            }
            for (const char **t = targets; *t; t++) {
                PyObject *abc = get(*t);
                snprintf(what, sizeof what, "issubclass(%s[%s|None %s], %s)", hk[i].name,
                         hk[i].methods, hk[i].none ? hk[i].none : "", *t);
                show(what, b(abc ? PyObject_IsSubclass(c, abc) : -1));
                Py_XDECREF(abc);
            }
            Py_DECREF(c);
        }
        /* A subclass of a class whose __iter__ is None. */
        PyObject *h2 = mkclass("Base", "", "__iter__", NULL, NULL);
        PyObject *bases = h2 ? Py_BuildValue("(O)", h2) : NULL;
        PyObject *d = Py_BuildValue("{sO}", "__iter__", Py_None);
        PyObject *h3 = bases ? PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "Sub", bases, d) : NULL;
        PyObject *it = get("Iterable");
        show("issubclass(Base, Iterable)", b(PyObject_IsSubclass(h2, it)));
        show("issubclass(Sub (None), Iterable)", b(PyObject_IsSubclass(h3, it)));
        show("Iterable.__subclasshook__(Base)", callm(it, "__subclasshook__", "(O)", h2));
        show("Iterable.__subclasshook__(Sub)", callm(it, "__subclasshook__", "(O)", h3));
        show("Iterable.__subclasshook__(1)", callm(it, "__subclasshook__", "(i)", 1));
        show("Iterable.__subclasshook__()", callm(it, "__subclasshook__", "()"));
        PyObject *col = get("Collection");
        show("Collection.__subclasshook__(list)", callm(col, "__subclasshook__", "(O)", (PyObject *)&PyList_Type));
        show("Sequence.__subclasshook__(list)", callm(get("Sequence"), "__subclasshook__", "(O)", (PyObject *)&PyList_Type));
        show("Seq.__subclasshook__(list)", callm(Seq, "__subclasshook__", "(O)", (PyObject *)&PyList_Type));
        Py_XDECREF(col);
        Py_XDECREF(it);
        Py_XDECREF(h3);
        Py_XDECREF(d);
        Py_XDECREF(bases);
        Py_XDECREF(h2);
    }

    /* Registration. */
    {
        PyObject *c = mkclass("Plain", "", "", NULL, NULL);
        PyObject *o = c ? PyObject_CallNoArgs(c) : NULL;
        PyObject *sq = get("Sequence");
        show("isinstance(Plain(), Sequence)", b(PyObject_IsInstance(o, sq)));
        PyObject *r = callm(sq, "register", "(O)", c);
        show("Sequence.register(Plain) is Plain", b(r ? r == c : -1));
        Py_XDECREF(r);
        show("isinstance(Plain(), Sequence)", b(PyObject_IsInstance(o, sq)));
        show("issubclass(Plain, Reversible)", b(PyObject_IsSubclass(c, get("Reversible"))));
        show("issubclass(Plain, MutableSequence)", b(PyObject_IsSubclass(c, get("MutableSequence"))));
        show("issubclass(Plain, Collection)", b(PyObject_IsSubclass(c, get("Collection"))));
        show("Plain().index", o ? PyObject_GetAttrString(o, "index") : NULL);
        show("Sequence.register(1)", callm(sq, "register", "(i)", 1));
        Py_XDECREF(o);
        Py_XDECREF(c);
        Py_XDECREF(sq);
    }

    /* Generator and Coroutine mixins. */
    {
        PyObject *G = mkclass("G", "Generator", "send throw", NULL, NULL);
        PyObject *g = G ? PyObject_CallNoArgs(G) : NULL;
        show("G()", g ? PyUnicode_FromString("made") : NULL);
        if (g) {
            PyObject *l = Py_BuildValue("[iii]", 1, 2, 3);
            PyObject_SetAttrString(g, "data", PyObject_GetIter(l));
            PyObject_SetAttrString(g, "ignore", Py_False);
            show("next(g)", PyIter_Next(g));
            show("g.__next__()", callm(g, "__next__", "()"));
            show("iter(g) is g", b(PyObject_GetIter(g) == g));
            show("g.close()", callm(g, "close", "()"));
            PyObject_SetAttrString(g, "ignore", Py_True);
            show("g.close() ignored", callm(g, "close", "()"));
            show("list(g)", listof(PyObject_GetIter(g)));
            show("g.__next__() end", callm(g, "__next__", "()"));
            show("isinstance(g, Iterator)", b(PyObject_IsInstance(g, get("Iterator"))));
            Py_DECREF(l);
        }
        PyObject *gen = get("Generator");
        show("Generator.throw(g, ValueError)", callm(gen, "throw", "(OO)", g, PyExc_ValueError));
        show("Generator.throw(g, ValueError, 5)", callm(gen, "throw", "(OOi)", g, PyExc_ValueError, 5));
        show("Generator.throw(g, ValueError('x'))", callm(gen, "throw", "(ON)", g, PyObject_CallFunction(PyExc_ValueError, "s", "x")));
        show("Generator.throw(g, 1)", callm(gen, "throw", "(Oi)", g, 1));
        show("Generator.throw(g, int, 1)", callm(gen, "throw", "(OOi)", g, (PyObject *)&PyLong_Type, 1));
        show("Generator.throw(g, KeyError, None, 1)", callm(gen, "throw", "(OOOi)", g, PyExc_KeyError, Py_None, 1));
        show("Generator.throw(g)", callm(gen, "throw", "(O)", g));
        show("Generator.send(g, 1)", callm(gen, "send", "(Oi)", g, 1));
        show("Iterator.__next__(g)", callm(get("Iterator"), "__next__", "(O)", g));
        show("Hashable.__hash__(g)", callm(get("Hashable"), "__hash__", "(O)", g));
        show("Sized.__len__(g)", callm(get("Sized"), "__len__", "(O)", g));
        show("Container.__contains__(g, 1)", callm(get("Container"), "__contains__", "(Oi)", g, 1));
        show("Callable.__call__(g, 1, 2)", callm(get("Callable"), "__call__", "(Oii)", g, 1, 2));
        show("Callable.__call__()", callm(get("Callable"), "__call__", "()"));
        show("list(Iterable.__iter__(g))", listof(callm(get("Iterable"), "__iter__", "(O)", g)));
        show("list(Awaitable.__await__(g))", listof(callm(get("Awaitable"), "__await__", "(O)", g)));
        show("AsyncIterable.__aiter__(g)", callm(get("AsyncIterable"), "__aiter__", "(O)", g));
        show("AsyncIterator.__aiter__(g) is g", b(callm(get("AsyncIterator"), "__aiter__", "(O)", g) == g));
        Py_XDECREF(gen);
        PyObject *C = mkclass("C", "Coroutine", "send throw", NULL, NULL);
        show("C() abstracts", C ? abstracts(C) : NULL);
        PyObject *C2 = mkclass("C2", "Coroutine", "send throw __iter__", NULL, NULL);
        show("C2()", C2 ? PyObject_CallNoArgs(C2) : NULL);
        Py_XDECREF(C2);
        Py_XDECREF(C);
        Py_XDECREF(g);
        Py_XDECREF(G);
    }

    /* The async mixins, awaited through __await__. */
    {
        PyObject *Aw = mkclass("Aw", "", "__init__ __await__", list_t, NULL);
        PyObject *AG = mkclass("AG", "AsyncGenerator", "asend athrow", NULL, NULL);
        PyObject *ag = AG ? PyObject_CallNoArgs(AG) : NULL;
        show("AG()", ag ? PyUnicode_FromString("made") : NULL);
        if (ag && Aw) {
            PyObject_SetAttrString(AG, "aw", Aw);
            PyObject *l = Py_BuildValue("[ii]", 4, 5);
            PyObject_SetAttrString(ag, "data", l);
            PyObject_SetAttrString(ag, "ignore", Py_False);
            Py_DECREF(l);
            show("isinstance(ag, AsyncIterator)", b(PyObject_IsInstance(ag, get("AsyncIterator"))));
            show("ag.__aiter__() is ag", b(callm(ag, "__aiter__", "()") == ag));
            PyObject *a = callm(ag, "__anext__", "()");
            show("list(ag.__anext__().__await__())", a ? listof(callm(a, "__await__", "()")) : NULL);
            Py_XDECREF(a);
            a = callm(ag, "aclose", "()");
            show("list(ag.aclose().__await__())", a ? listof(callm(a, "__await__", "()")) : NULL);
            Py_XDECREF(a);
            PyObject_SetAttrString(ag, "ignore", Py_True);
            a = callm(ag, "aclose", "()");
            show("list(ag.aclose().__await__()) ignored", a ? listof(callm(a, "__await__", "()")) : NULL);
            Py_XDECREF(a);
            a = callm(get("AsyncIterator"), "__anext__", "(O)", ag);
            show("list(AsyncIterator.__anext__(ag).__await__())", a ? listof(callm(a, "__await__", "()")) : NULL);
            Py_XDECREF(a);
            a = callm(get("AsyncGenerator"), "asend", "(Oi)", ag, 1);
            show("list(AsyncGenerator.asend(ag, 1).__await__())", a ? listof(callm(a, "__await__", "()")) : NULL);
            Py_XDECREF(a);
            a = callm(get("AsyncGenerator"), "athrow", "(OO)", ag, PyExc_KeyError);
            show("list(AsyncGenerator.athrow(ag, KeyError).__await__())", a ? listof(callm(a, "__await__", "()")) : NULL);
            Py_XDECREF(a);
            a = callm(get("AsyncGenerator"), "athrow", "(OOi)", ag, PyExc_KeyError, 3);
            show("list(AsyncGenerator.athrow(ag, KeyError, 3).__await__())", a ? listof(callm(a, "__await__", "()")) : NULL);
            Py_XDECREF(a);
            show("AsyncGenerator.athrow(ag)", callm(get("AsyncGenerator"), "athrow", "(O)", ag));
            /* The value the awaited call returns is __anext__'s. */
            PyObject *G = mkclass("G2", "Generator", "send throw", NULL, NULL);
            PyObject *g2 = G ? PyObject_CallNoArgs(G) : NULL;
            PyObject *Aw3 = mkclass("Aw3", "", "__init__", NULL, NULL);
            PyObject *dm = meth("data_itself");
            if (g2 && Aw3 && dm) {
                PyObject_SetAttrString(Aw3, "__await__", dm);
                PyObject_SetAttrString(Aw3, "kind", PyDict_GetItemString(PyEval_GetBuiltins(), "iter"));
                PyObject_SetAttrString(AG, "aw", Aw3);
                PyObject *l2 = Py_BuildValue("[ii]", 4, 5);
                PyObject_SetAttrString(g2, "data", PyObject_GetIter(l2));
                PyObject_SetAttrString(g2, "ignore", Py_False);
                PyObject_SetAttrString(g2, "retval", PyLong_FromLong(99));
                PyObject_SetAttrString(ag, "data", g2);
                a = callm(ag, "__anext__", "()");
                PyObject *w = a ? callm(a, "__await__", "()") : NULL;
                show("await ag.__anext__(): step 1", w ? callm(w, "__next__", "()") : NULL);
                show("step 2", w ? callm(w, "__next__", "()") : NULL);
                show("step 3 (the return value)", w ? callm(w, "__next__", "()") : NULL);
                show("step 4", w ? callm(w, "__next__", "()") : NULL);
                Py_XDECREF(w);
                Py_XDECREF(a);
                PyObject_SetAttrString(g2, "retval", Py_None);
                PyObject_SetAttrString(g2, "data", PyObject_GetIter(l2));
                a = callm(ag, "__anext__", "()");
                show("list(await ag.__anext__()) returning None", a ? listof(callm(a, "__await__", "()")) : NULL);
                Py_XDECREF(a);
                PyObject *t3 = Py_BuildValue("((i))", 1);
                PyObject_SetAttrString(g2, "retval", t3);
                PyObject_SetAttrString(g2, "data", PyObject_GetIter(l2));
                a = callm(ag, "__anext__", "()");
                w = a ? callm(a, "__await__", "()") : NULL;
                show("tuple return: step 1", w ? callm(w, "__next__", "()") : NULL);
                show("tuple return: step 2", w ? callm(w, "__next__", "()") : NULL);
                show("tuple return: step 3", w ? callm(w, "__next__", "()") : NULL);
                Py_XDECREF(w);
                Py_XDECREF(a);
                Py_XDECREF(t3);
                Py_DECREF(l2);
                PyObject_SetAttrString(AG, "aw", Aw);
            }
            Py_XDECREF(dm);
            Py_XDECREF(Aw3);
            Py_XDECREF(g2);
            Py_XDECREF(G);
            PyObject_SetAttrString(ag, "data", Py_None);
            a = callm(ag, "__anext__", "()");
            show("list(ag.__anext__().__await__()) over None", a ? listof(callm(a, "__await__", "()")) : NULL);
            Py_XDECREF(a);
        }
        Py_XDECREF(ag);
        Py_XDECREF(AG);
        Py_XDECREF(Aw);
    }

    Py_DECREF(seq);
    Py_DECREF(ms);
    Py_DECREF(map);
    Py_DECREF(mm);
    Py_DECREF(st);
    Py_DECREF(st2);
    Py_DECREF(mset);
    Py_DECREF(kv);
    Py_DECREF(iv);
    Py_DECREF(vv);
    Py_DECREF(pset);
    Py_DECREF(fset);
    Py_DECREF(bset);
    Py_DECREF(five);
    Py_DECREF(Seq);
    Py_DECREF(MSeq);
    Py_DECREF(Map);
    Py_DECREF(MMap);
    Py_DECREF(St);
    Py_DECREF(HSt);
    Py_DECREF(MSt);
    Py_DECREF(cabc);
    return 0;
}
