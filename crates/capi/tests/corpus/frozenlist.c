/* frozenlist 1.8.0's `_frozenlist` (aiohttp's and aiosignal's list that can
 * be frozen), cythonized from its .pyx by Cython 3.1 as C++: a cdef class
 * over a `list` with an `atomic[bint]` flag, `__class_getitem__ =
 * classmethod(types.GenericAlias)`, `__richcmp__` through `list(self)`,
 * `__hash__` only when frozen, a `__deepcopy__` calling `copy.deepcopy`
 * on each item with the memo, and, at module level, `import copy`,
 * `import types`, `from collections.abc import MutableSequence` and
 * `MutableSequence.register(FrozenList)`.
 *
 * Vectors: tests/test_frozenlist.py's cases, then reprs and errors
 * recorded against CPython's.
 */
#include "corpus.h"

static PyObject *FrozenList, *mutable_sequence, *deepcopy;

/* l[i], del l[i], l[i] = v through the mapping slots a cdef class's
   __getitem__ / __delitem__ / __setitem__ fill (it has no sequence ones). */
static PyObject *item(PyObject *l, long i)
{
    PyObject *k = PyLong_FromLong(i);
    PyObject *r = PyObject_GetItem(l, k);
    Py_DECREF(k);
    return r;
}

static int del_item(PyObject *l, long i)
{
    PyObject *k = PyLong_FromLong(i);
    int r = PyObject_DelItem(l, k);
    Py_DECREF(k);
    return r;
}

static int set_item(PyObject *l, long i, PyObject *v)
{
    PyObject *k = PyLong_FromLong(i);
    int r = PyObject_SetItem(l, k, v);
    Py_DECREF(k);
    return r;
}

static PyObject *fl(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *items = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (items == NULL)
        bail("bad items format %s", fmt);
    PyObject *r = PyObject_CallOneArg(FrozenList, items);
    Py_DECREF(items);
    if (r == NULL)
        bail("FrozenList(%s) failed", fmt);
    return r;
}

static void expect_repr(PyObject *o, const char *text, const char *what)
{
    PyObject *r = PyObject_Repr(o);
    const char *got = r ? PyUnicode_AsUTF8(r) : NULL;
    if (got == NULL || strcmp(got, text) != 0)
        diag("repr is %s; ", got ? got : "(none)");
    tap(got != NULL && strcmp(got, text) == 0, what);
    Py_XDECREF(r);
    PyErr_Clear();
}

static void expect_raises(PyObject *r, PyObject *type, const char *message, const char *what)
{
    int ok = r == NULL && PyErr_ExceptionMatches(type);
    if (ok && message != NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        ok = s != NULL && strcmp(PyUnicode_AsUTF8(s), message) == 0;
        if (!ok)
            diag("message: %s; ", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    } else if (r != NULL) {
        diag("no exception; ");
    }
    PyErr_Clear();
    Py_XDECREF(r);
    tap(ok, what);
}

static void interface(void)
{
    PyObject *alias = PyObject_GetItem(FrozenList, (PyObject *)&PyUnicode_Type);
    record_value(alias, "FrozenList[str]");
    expect_true(alias != NULL && Py_TYPE(alias) == &Py_GenericAliasType, "FrozenList[str] is a types.GenericAlias");
    Py_XDECREF(alias);
    PyErr_Clear();
    expect_true(PyObject_IsSubclass(FrozenList, mutable_sequence) == 1, "issubclass(FrozenList, MutableSequence)");
    PyObject *empty = fl("[]");
    expect_true(PyObject_IsInstance(empty, mutable_sequence) == 1, "isinstance(FrozenList([]), MutableSequence)");
    /* test_iface: every public name of MutableSequence */
    PyObject *names = PyObject_Dir(mutable_sequence);
    int all = names != NULL;
    for (Py_ssize_t i = 0; names && i < PyList_GET_SIZE(names); i++) {
        const char *n = PyUnicode_AsUTF8(PyList_GET_ITEM(names, i));
        if (strcmp(n, "__abstractmethods__") == 0 || strcmp(n, "__slots__") == 0 || (n[0] == '_' && n[strlen(n) - 1] != '_'))
            continue;
        if (!PyObject_HasAttrString(FrozenList, n)) {
            diag("FrozenList lacks %s; ", n);
            all = 0;
        }
    }
    Py_XDECREF(names);
    tap(all, "FrozenList has every name of MutableSequence");
    PyObject *frozen = PyObject_GetAttrString(empty, "frozen");
    expect_true(frozen == Py_False, "FrozenList([]).frozen is False");
    Py_XDECREF(frozen);
    Py_DECREF(empty);

    PyObject *orig = Py_BuildValue("[i]", 1);
    PyObject *l = PyObject_CallOneArg(FrozenList, orig);
    if (del_item(l, 0) < 0)
        bail("del l[0] failed");
    expect_true(PyObject_RichCompareBool(l, orig, Py_NE) == 1, "the constructor copies its list");
    Py_DECREF(l);
    Py_DECREF(orig);
}

static void behaviour(void)
{
    PyObject *l = fl("[i]", 1);
    expect_repr(l, "<FrozenList(frozen=False, [1])>", "repr before freeze()");
    PyObject *r = PyObject_CallMethod(l, "freeze", NULL);
    Py_XDECREF(r);
    expect_repr(l, "<FrozenList(frozen=True, [1])>", "repr after freeze()");
    Py_hash_t h = PyObject_Hash(l);
    PyObject *t = Py_BuildValue("(i)", 1);
    expect_true(h != -1 && h == PyObject_Hash(t), "hash(frozen [1]) == hash((1,))");
    Py_DECREF(t);
    expect_raises(PyObject_CallMethod(l, "append", "i", 2), PyExc_RuntimeError, "Cannot modify frozen list.",
                  "append on a frozen list");
    expect_raises(PyObject_CallMethod(l, "insert", "ii", 0, 2), PyExc_RuntimeError, "Cannot modify frozen list.",
                  "insert on a frozen list");
    expect_raises(set_item(l, 0, Py_None) < 0 ? NULL : Py_NewRef(Py_None), PyExc_RuntimeError,
                  "Cannot modify frozen list.", "l[0] = None on a frozen list");
    expect_raises(del_item(l, 0) < 0 ? NULL : Py_NewRef(Py_None), PyExc_RuntimeError,
                  "Cannot modify frozen list.", "del l[0] on a frozen list");
    expect_raises(PyNumber_InPlaceAdd(l, Py_BuildValue("[i]", 3)), PyExc_RuntimeError, "Cannot modify frozen list.",
                  "l += [3] on a frozen list");
    Py_DECREF(l);

    l = fl("[iii]", 1, 2, 3);
    expect_raises(PyObject_Hash(l) == -1 ? NULL : Py_NewRef(Py_None), PyExc_RuntimeError, "Cannot hash unfrozen list.",
                  "hash of an unfrozen list");
    PyObject *other = Py_BuildValue("[iii]", 1, 2, 3);
    for (int op = 0; op < 6; op++) {
        char what[64];
        snprintf(what, sizeof what, "FrozenList([1, 2, 3]) richcompare(%d) [1, 2, 3]", op);
        record_value(PyObject_RichCompare(l, other, op), what);
    }
    Py_DECREF(other);
    r = PyObject_CallMethod(l, "append", "i", 4);
    Py_XDECREF(r);
    r = PyObject_CallMethod(l, "extend", "((ii))", 5, 6);
    Py_XDECREF(r);
    r = PyObject_CallMethod(l, "insert", "ii", 0, 0);
    Py_XDECREF(r);
    PyObject *items = PySequence_List(l);
    record_value(items, "after append(4), extend((5, 6)), insert(0, 0)");
    Py_XDECREF(items);
    record_value(PyObject_CallMethod(l, "pop", NULL), "pop()");
    record_value(PyObject_CallMethod(l, "pop", "i", 0), "pop(0)");
    record_value(PyObject_CallMethod(l, "index", "i", 3), "index(3)");
    record_value(PyObject_CallMethod(l, "index", "i", 99), "index(99)");
    record_value(PyObject_CallMethod(l, "count", "i", 2), "count(2)");
    record_value(PyObject_CallMethod(l, "remove", "i", 99), "remove(99)");
    PyObject *slice = PySlice_New(PyLong_FromLong(1), PyLong_FromLong(3), NULL);
    record_value(PyObject_GetItem(l, slice), "l[1:3]");
    record_value(PyObject_SetItem(l, slice, Py_BuildValue("[s]", "x")) < 0 ? NULL : PySequence_List(l),
                 "l[1:3] = ['x']");
    Py_DECREF(slice);
    PyObject *rev = PyObject_CallMethod(l, "__reversed__", NULL);
    record_value(rev ? PySequence_List(rev) : NULL, "list(reversed(l))");
    Py_XDECREF(rev);
    record_value(PyBool_FromLong(PySequence_Contains(l, PyLong_FromLong(4))), "4 in l");
    r = PyObject_CallMethod(l, "reverse", NULL);
    Py_XDECREF(r);
    record_value(PySequence_List(l), "after reverse()");
    PyObject *ip = PyNumber_InPlaceAdd(l, Py_BuildValue("(ii)", 7, 8));
    expect_true(ip == l, "l += (7, 8) returns l");
    Py_XDECREF(ip);
    record_value(PySequence_List(l), "after l += (7, 8)");
    record_value(PyLong_FromSsize_t(PyObject_Size(l)), "len(l)");
    r = PyObject_CallMethod(l, "clear", NULL);
    Py_XDECREF(r);
    record_value(PySequence_List(l), "after clear()");
    record_value(PyObject_CallMethod(l, "pop", NULL), "pop() of an empty list");
    Py_DECREF(l);
    record_value(PyObject_CallFunction(FrozenList, "i", 5), "FrozenList(5)");
    record_value(PyObject_CallFunction(FrozenList, "ii", 1, 2), "FrozenList(1, 2)");
    record_value(PyObject_CallNoArgs(FrozenList), "FrozenList()");
}

static void deep_copies(void)
{
    /* test_deepcopy_unfrozen / _frozen */
    for (int frozen = 0; frozen < 2; frozen++) {
        PyObject *orig = fl("[iii]", 1, 2, 3);
        if (frozen)
            Py_XDECREF(PyObject_CallMethod(orig, "freeze", NULL));
        PyObject *c = PyObject_CallOneArg(deepcopy, orig);
        expect_true(c != NULL && c != orig && PyObject_RichCompareBool(c, orig, Py_EQ) == 1,
                    frozen ? "deepcopy(frozen): equal, not the same" : "deepcopy(unfrozen): equal, not the same");
        PyObject *f = c ? PyObject_GetAttrString(c, "frozen") : NULL;
        expect_true(f == (frozen ? Py_True : Py_False),
                    frozen ? "deepcopy keeps the frozen state" : "deepcopy keeps the unfrozen state");
        Py_XDECREF(f);
        PyErr_Clear();
        Py_XDECREF(c);
        Py_DECREF(orig);
    }
    /* test_deepcopy_nested */
    PyObject *inner = fl("[ii]", 1, 2);
    PyObject *orig = fl("[Oi]", inner, 3);
    PyObject *c = PyObject_CallOneArg(deepcopy, orig);
    PyObject *c0 = c ? item(c, 0) : NULL;
    expect_true(c0 != NULL && c0 != inner && Py_TYPE(c0) == Py_TYPE(inner), "deepcopy copies a nested FrozenList");
    Py_XDECREF(c0);
    Py_XDECREF(c);
    Py_DECREF(orig);
    Py_DECREF(inner);
    /* test_deepcopy_circular (and frozen) */
    for (int frozen = 0; frozen < 2; frozen++) {
        orig = fl("[ii]", 1, 2);
        Py_XDECREF(PyObject_CallMethod(orig, "append", "O", orig));
        if (frozen)
            Py_XDECREF(PyObject_CallMethod(orig, "freeze", NULL));
        c = PyObject_CallOneArg(deepcopy, orig);
        PyObject *c2 = c ? item(c, 2) : NULL;
        expect_true(c != NULL && c2 == c && c != orig && PyObject_Size(c) == 3,
                    frozen ? "deepcopy of a frozen list inside itself" : "deepcopy of a list inside itself");
        Py_XDECREF(c2);
        /* break the cycles */
        if (c != NULL) {
            PyObject *items = PyObject_GetAttrString(c, "_items");
            PyErr_Clear();
            Py_XDECREF(items);
        }
        Py_XDECREF(c);
        Py_DECREF(orig);
    }
    /* a memo given by the caller */
    orig = fl("[[i]]", 1);
    PyObject *memo = PyDict_New();
    c = PyObject_CallFunctionObjArgs(deepcopy, orig, memo, NULL);
    record_value(PyLong_FromSsize_t(PyDict_Size(memo)), "len(memo) after deepcopy(FrozenList([[1]]), memo)");
    PyObject *again = PyObject_CallFunctionObjArgs(deepcopy, orig, memo, NULL);
    expect_true(again != NULL && again == c, "deepcopy again with the memo gives the same copy");
    Py_XDECREF(again);
    Py_XDECREF(c);
    Py_DECREF(memo);
    Py_DECREF(orig);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    FrozenList = attr(module, "FrozenList");
    PyObject *abc = PyImport_ImportModule("collections.abc");
    if (abc == NULL)
        bail("import collections.abc");
    mutable_sequence = attr(abc, "MutableSequence");
    PyObject *copy = PyImport_ImportModule("copy");
    if (copy == NULL)
        bail("import copy");
    deepcopy = attr(copy, "deepcopy");
    interface();
    behaviour();
    deep_copies();
    Py_DECREF(copy);
    Py_DECREF(abc);
}

CORPUS_MAIN("_frozenlist", run)
