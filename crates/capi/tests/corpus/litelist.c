/* recordclass 0.24.1's _litelist: litelist, a mutable list type of fixed
 * layout whose instances the module allocates itself with PyObject_Malloc
 * (items in PyMem_Malloc'd memory) and gives their first reference with
 * _Py_NewReference; sq_length / sq_item / sq_ass_item, mp_subscript and
 * mp_ass_subscript for slices (PySlice_Unpack / AdjustIndices), append /
 * extend / remove / __copy__ / __sizeof__ / __reduce__, a repr built from
 * a list's, an iterator type (litelistiter) with __length_hint__ and
 * __reduce__ / __setstate__ (pickling through builtins.iter, imported with
 * PyImport_Import), and the module function litelist_fromargs.
 *
 * Vectors: lib/recordclass/test/test_litelist.py (len, items, remove,
 * append, extend, repr, iteration, slices read and assigned, del, the
 * iterator's pickle state, the reference count of an item while it is
 * held and after it is replaced, litelist_fromargs, 10000 appends); plus
 * the errors its parsers and index checks raise.
 */
#include "corpus.h"

static PyObject *litelist, *fromargs;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static PyObject *ll_of(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *list = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = list ? PyObject_CallOneArg(litelist, list) : NULL;
    Py_XDECREF(list);
    if (r == NULL)
        bail("litelist(%s) failed", fmt);
    return r;
}

/* repr(o) is `want`; o is released. */
static void expect_repr(PyObject *o, const char *want, const char *what)
{
    PyObject *r = o ? PyObject_Repr(o) : NULL;
    int ok = r && strcmp(PyUnicode_AsUTF8(r), want) == 0;
    if (!ok) {
        if (r == NULL)
            diag_exception();
        else
            diag("got %s, expected %s; ", PyUnicode_AsUTF8(r), want);
    }
    PyErr_Clear();
    Py_XDECREF(r);
    Py_XDECREF(o);
    tap(ok, what);
}

static long item(PyObject *ll, Py_ssize_t i)
{
    PyObject *v = PySequence_GetItem(ll, i);
    long r = v ? PyLong_AsLong(v) : -999;
    Py_XDECREF(v);
    PyErr_Clear();
    return r;
}

static PyObject *slice(PyObject *ll, Py_ssize_t start, Py_ssize_t stop, int has_start, int has_stop)
{
    PyObject *a = has_start ? PyLong_FromSsize_t(start) : Py_NewRef(Py_None);
    PyObject *b = has_stop ? PyLong_FromSsize_t(stop) : Py_NewRef(Py_None);
    PyObject *s = PySlice_New(a, b, NULL);
    PyObject *r = PyObject_GetItem(ll, s);
    Py_DECREF(s);
    Py_DECREF(a);
    Py_DECREF(b);
    return r;
}

static int set_slice(PyObject *ll, PyObject *start, PyObject *stop, PyObject *value)
{
    PyObject *s = PySlice_New(start, stop, NULL);
    int r = PyObject_SetItem(ll, s, value);
    Py_DECREF(s);
    Py_DECREF(value);
    return r;
}

static void test_basics(void)
{
    PyObject *a = ll_of("[]");
    expect_true(PyObject_Length(a) == 0, "len(litelist([])) == 0");
    expect_repr(a, "litelist([])", "repr(litelist([]))");
    a = ll_of("[i]", 1);
    expect_true(PyObject_Length(a) == 1, "len(litelist([1])) == 1");
    expect_repr(a, "litelist([1])", "repr(litelist([1]))");
    expect_repr(ll_of("[ii]", 1, 2), "litelist([1, 2])", "repr(litelist([1, 2]))");

    a = ll_of("[iii]", 1, 2, 3);
    expect_true(item(a, 0) == 1 && item(a, 2) == 3, "items: a[0], a[2]");
    PyObject *neg = PyLong_FromLong(-1);
    PyObject *last = PyObject_GetItem(a, neg);
    expect_true(last && PyLong_AsLong(last) == 3, "a[-1] == 3");
    Py_XDECREF(last);
    Py_DECREF(neg);
    PyObject *hundred = PyLong_FromLong(100);
    expect_true(PySequence_SetItem(a, 1, hundred) == 0 && item(a, 1) == 100, "a[1] = 100");
    rec(PySequence_GetItem(a, 3), "a[3]");
    rec(PyLong_FromLong(PySequence_SetItem(a, 5, hundred)), "a[5] = 100");
    PyErr_Clear();
    PyObject *key = PyUnicode_FromString("x");
    rec(PyObject_GetItem(a, key), "a['x']");
    Py_DECREF(key);
    Py_DECREF(hundred);
    Py_DECREF(a);

    static const long removed[] = {2, 1, 3};
    static const char *after[] = {"litelist([1, 3])", "litelist([2, 3])", "litelist([1, 2])"};
    for (int i = 0; i < 3; i++) {
        a = ll_of("[iii]", 1, 2, 3);
        char what[48];
        snprintf(what, sizeof what, "remove(%ld)", removed[i]);
        /* (No refcount baseline: the small int argument is the very object
           the litelist lets go of.) */
        PyObject *r = PyObject_CallMethod(a, "remove", "l", removed[i]);
        expect_true(r == Py_None, what);
        Py_XDECREF(r);
        expect_repr(a, after[i], "... the rest");
    }
    a = ll_of("[iii]", 1, 2, 3);
    record(call_attr(a, "remove", NULL, "(i)", 7), "remove(7)");
    record(call_attr(a, "remove", NULL, "()"), "remove()");
    Py_DECREF(a);

    a = ll_of("[]");
    for (long i = 1; i <= 3; i++)
        Py_XDECREF(PyObject_CallMethod(a, "append", "l", i));
    expect_true(item(a, 0) == 1 && item(a, 1) == 2 && item(a, 2) == 3, "append(1), append(2), append(3)");
    Py_DECREF(a);
    a = ll_of("[]");
    Py_XDECREF(PyObject_CallMethod(a, "extend", "([iii])", 1, 2, 3));
    expect_repr(Py_NewRef(a), "litelist([1, 2, 3])", "extend([1, 2, 3]) of an empty litelist");
    Py_XDECREF(PyObject_CallMethod(a, "extend", "([iii])", 4, 5, 6));
    expect_repr(Py_NewRef(a), "litelist([1, 2, 3, 4, 5, 6])", "extend([4, 5, 6])");
    Py_XDECREF(PyObject_CallMethod(a, "extend", "((ii))", 7, 8));
    expect_repr(Py_NewRef(a), "litelist([1, 2, 3, 4, 5, 6, 7, 8])", "extend((7, 8))");
    /* (extend(5) crashes both hosts: PySequence_Fast's failure is not
       checked.) */
    rec(PyObject_CallMethod(a, "extend", "(O)", a), "extend(itself)");
    rec(PyObject_Repr(a), "... then");
    /* (litelist(3) crashes both hosts the same way: PySequence_Tuple's
       failure is not checked.) */
    record(call(litelist, NULL, "()"), "litelist()");
    rec(PyObject_CallFunction(litelist, "(s)", "abc"), "litelist('abc')");
    rec(PyObject_CallMethod(a, "__len__", NULL), "a.__len__()");
    rec(PyObject_CallMethod(a, "__bool__", NULL), "a.__bool__()");
    rec(PyBool_FromLong(PyObject_IsTrue(a)), "bool(a)");
    PyObject *empty = ll_of("[]");
    rec(PyBool_FromLong(PyObject_IsTrue(empty)), "bool(litelist([]))");
    Py_DECREF(empty);
    PyObject *copy = PyObject_CallMethod(a, "__copy__", NULL);
    expect_true(copy && copy != a && Py_TYPE(copy) == (PyTypeObject *)litelist, "a.__copy__() is a new litelist");
    expect_repr(copy, "litelist([1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8])", "... equal");
    PyObject *reduced = PyObject_CallMethod(a, "__reduce__", NULL);
    expect_true(reduced && PyTuple_Check(reduced) && PyTuple_GET_ITEM(reduced, 0) == litelist, "a.__reduce__()");
    rec(reduced, "... its value");
    Py_DECREF(a);
}

static void test_iteration_and_slices(void)
{
    PyObject *a = ll_of("[iii]", 1, 2, 3);
    expect_repr(PySequence_List(a), "[1, 2, 3]", "list(a)");
    expect_repr(PySequence_Tuple(a), "(1, 2, 3)", "tuple(a)");
    PyObject *it = PyObject_GetIter(a);
    PyObject *iter_type = attr(corpus_module, "litelistiter");
    expect_true(it && Py_TYPE(it) == (PyTypeObject *)iter_type, "iter(a) is a litelistiter");
    rec(it ? PyObject_CallMethod(it, "__length_hint__", NULL) : NULL, "iter(a).__length_hint__()");
    PyObject *red = it ? PyObject_CallMethod(it, "__reduce__", NULL) : NULL;
    rec(red, "iter(a).__reduce__()");
    PyObject *first = it ? PyIter_Next(it) : NULL;
    expect_true(first && PyLong_AsLong(first) == 1, "next(it) == 1");
    Py_XDECREF(first);
    rec(it ? PyObject_CallMethod(it, "__reduce__", NULL) : NULL, "... then __reduce__()");
    rec(it ? PyObject_CallMethod(it, "__length_hint__", NULL) : NULL, "... and __length_hint__()");
    /* Pickle state: a fresh iterator moved to the state of the first. */
    PyObject *it2 = PyObject_GetIter(a);
    PyObject *st = it2 ? PyObject_CallMethod(it2, "__setstate__", "i", 2) : NULL;
    Py_XDECREF(st);
    expect_repr(it2 ? PySequence_List(it2) : NULL, "[3]", "__setstate__(2): list(it) == [3]");
    rec(it2 ? PyObject_CallMethod(it2, "__setstate__", "s", "x") : NULL, "__setstate__('x')");
    rec(it2 ? PyObject_CallMethod(it2, "__reduce__", NULL) : NULL, "exhausted iterator __reduce__()");
    Py_XDECREF(it2);
    Py_XDECREF(it);
    Py_DECREF(iter_type);

    PyObject *s = slice(a, 1, 1, 1, 1);
    expect_true(s && PyObject_Length(s) == 0, "len(a[1:1]) == 0");
    expect_repr(s, "litelist([])", "repr(a[1:1])");
    s = slice(a, 1, 2, 1, 1);
    expect_true(s && PyObject_Length(s) == 1, "len(a[1:2]) == 1");
    expect_repr(s, "litelist([2])", "repr(a[1:2])");
    s = slice(a, 0, -1, 0, 1);
    expect_true(s && PyObject_Length(s) == 2, "len(a[:-1]) == 2");
    expect_repr(s, "litelist([1, 2])", "repr(a[:-1])");
    expect_repr(slice(a, 0, 0, 0, 0), "litelist([1, 2, 3])", "repr(a[:])");
    PyObject *step = PySlice_New(Py_None, Py_None, PyLong_FromLong(2));
    rec(PyObject_GetItem(a, step), "a[::2]");
    Py_DECREF(step);
    Py_DECREF(a);

    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2), *m1 = PyLong_FromLong(-1);
    a = ll_of("[iii]", 1, 2, 3);
    set_slice(a, one, one, PyList_New(0));
    expect_repr(Py_NewRef(a), "litelist([1, 2, 3])", "a[1:1] = []");
    Py_DECREF(a);
    a = ll_of("[iii]", 1, 2, 3);
    set_slice(a, one, two, Py_BuildValue("[i]", 100));
    expect_repr(Py_NewRef(a), "litelist([1, 100, 3])", "a[1:2] = [100]");
    Py_DECREF(a);
    a = ll_of("[iii]", 1, 2, 3);
    set_slice(a, Py_None, m1, Py_BuildValue("[ii]", 100, 200));
    expect_repr(Py_NewRef(a), "litelist([100, 200, 3])", "a[:-1] = [100, 200]");
    Py_DECREF(a);
    a = ll_of("[iii]", 1, 2, 3);
    set_slice(a, Py_None, Py_None, Py_BuildValue("[iii]", 100, 200, 300));
    expect_repr(Py_NewRef(a), "litelist([100, 200, 300])", "a[:] = [100, 200, 300]");
    rec(PyLong_FromLong(set_slice(a, Py_None, Py_None, Py_BuildValue("[i]", 1))), "a[:] = [1] (a different length)");
    PyErr_Clear();
    rec(PyObject_Repr(a), "... then");
    Py_DECREF(a);
    Py_DECREF(one);
    Py_DECREF(two);
    Py_DECREF(m1);

    static const Py_ssize_t dels[] = {1, 0, 4, -1};
    static const char *after[] = {"litelist([1, 3, 4, 5])", "litelist([2, 3, 4, 5])", "litelist([1, 2, 3, 4])",
                                  "litelist([1, 2, 3, 4])"};
    for (int i = 0; i < 4; i++) {
        a = ll_of("[iiiii]", 1, 2, 3, 4, 5);
        PyObject *k = PyLong_FromSsize_t(dels[i]);
        int rc = PyObject_DelItem(a, k);
        Py_DECREF(k);
        char what[32];
        snprintf(what, sizeof what, "del a[%zd]", dels[i]);
        if (rc < 0)
            diag_exception();
        expect_repr(rc == 0 ? Py_NewRef(a) : NULL, after[i], what);
        Py_DECREF(a);
    }
    a = ll_of("[i]", 1);
    PyObject *k = PyLong_FromLong(3);
    rec(PyLong_FromLong(PyObject_DelItem(a, k)), "del a[3] of a 1-item litelist");
    PyErr_Clear();
    Py_DECREF(k);
    Py_DECREF(a);
}

static void test_refs_and_fromargs(void)
{
    PyObject *t = Py_BuildValue("(iii)", 1, 2, 3);
    Py_ssize_t c = Py_REFCNT(t);
    PyObject *ll = ll_of("[Oii]", t, 2, 3);
    expect_true(Py_REFCNT(t) == c + 1, "litelist([a, 2, 3]) holds a once");
    PyObject *b = PySequence_GetItem(ll, 0);
    expect_true(Py_REFCNT(t) == c + 2 && b == t, "b = ll[0]: one more");
    PySequence_SetItem(ll, 0, Py_None);
    expect_true(Py_REFCNT(t) == c + 1, "ll[0] = None: the litelist let go");
    Py_DECREF(b);
    Py_DECREF(ll);
    expect_true(Py_REFCNT(t) == c, "... and freed, none left");
    Py_DECREF(t);

    PyObject *a = keep(call(fromargs, NULL, "()"), "litelist_fromargs()");
    expect_true(PyObject_Length(a) == 0, "... len 0");
    expect_repr(a, "litelist([])", "... repr");
    a = PyObject_CallFunction(fromargs, "iiiii", 1, 2, 3, 4, 5);
    expect_true(a && PyObject_Length(a) == 5, "litelist_fromargs(1, 2, 3, 4, 5): len 5");
    expect_repr(a, "litelist([1, 2, 3, 4, 5])", "... repr");

    PyObject *ll2 = ll_of("[]");
    int ok = 1;
    for (long i = 0; i < 10000 && ok; i++) {
        PyObject *r = PyObject_CallMethod(ll2, "append", "l", i);
        ok = r != NULL;
        Py_XDECREF(r);
    }
    ok = ok && PyObject_Length(ll2) == 10000 && item(ll2, 9999) == 9999 && item(ll2, 5000) == 5000;
    tap(ok, "10000 appends");
    rec(PyObject_CallMethod(ll2, "__sizeof__", NULL), "__sizeof__() after 10000 appends");
    Py_DECREF(ll2);

    /* Many litelists made and freed (PyObject_Malloc + _Py_NewReference). */
    ok = 1;
    for (int i = 0; i < 5000 && ok; i++) {
        PyObject *x = PyObject_CallFunction(fromargs, "iis", i, i + 1, "two");
        ok = x && PyObject_Length(x) == 3 && Py_REFCNT(x) == 1;
        Py_XDECREF(x);
    }
    tap(ok, "5000 litelists made with one reference and freed");
    rec(PyObject_GetAttrString(litelist, "__module__"), "litelist.__module__");
    rec(PyObject_GetAttrString(litelist, "__name__"), "litelist.__name__");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    litelist = attr(module, "litelist");
    fromargs = attr(module, "litelist_fromargs");
    test_basics();
    test_iteration_and_slices();
    test_refs_and_fromargs();
    Py_DECREF(litelist);
    Py_DECREF(fromargs);
}

CORPUS_MAIN("_litelist", run)
