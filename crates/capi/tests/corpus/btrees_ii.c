/* BTrees 6.1's _IIBTree: B-trees with 32-bit signed C int keys and values
 * (the most used integer family), loaded as the BTrees-OO driver loads
 * _OOBTree (persistent's cPersistence from the same directory, through
 * its capsule).
 *
 * Vectors: BTrees/tests/common.py -- testKeyAndValueOverflow (2**31 - 1
 * and -2**31 stored, 2**31 and -2**31 - 1 refused with TypeError, floats
 * and strs refused), testGetReturnsDefaultOverflowRanges (get() of
 * 2**64 + 1 is the default), testHasKeyOverflowAndTypes, byValue, the
 * weighted union / intersection tests (weights, (weight, result) pairs),
 * multiunion, and the range searches and mutations over a tree of many
 * buckets. Outputs its tests do not pin are recorded.
 */
#include "btrees_setup.h"

static void record_direct(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

/* list(r), or r itself when it is not iterable or NULL (released). */
static void record_list(PyObject *r, const char *what)
{
    PyObject *shown = r;
    if (r != NULL && r != Py_None && !PyLong_Check(r) && !PyTuple_Check(r)) {
        PyObject *items = PyObject_HasAttrString(r, "items") ? PyObject_CallMethod(r, "items", NULL) : NULL;
        PyErr_Clear();
        shown = PySequence_List(items ? items : r);
        Py_XDECREF(items);
    }
    print_record(shown, what);
    tap(1, what);
    if (shown != r)
        Py_XDECREF(shown);
    Py_XDECREF(r);
}

static PyObject *tree_of(PyObject *cls, int from, int to, int step, int mul)
{
    PyObject *t = PyObject_CallNoArgs(cls);
    if (t == NULL)
        bail("making a tree");
    for (int i = from; i < to; i += step) {
        PyObject *k = PyLong_FromLong(i), *v = PyLong_FromLong((long)i * mul);
        if (PyObject_SetItem(t, k, v) < 0)
            bail("t[%d] = %d failed", i, i * mul);
        Py_DECREF(k);
        Py_DECREF(v);
    }
    return t;
}

static void run(PyObject *module)
{
    PyObject *BTree = attr(module, "IIBTree"), *Bucket = attr(module, "IIBucket");
    PyObject *Set = attr(module, "IISet"), *TreeSet = attr(module, "IITreeSet");
    char what[200];
    /* The node sizes BTrees' _module_builder sets for int keys and values. */
    PyObject *leaf = PyLong_FromLong(120), *internal = PyLong_FromLong(500);
    PyObject *trees[] = {BTree, TreeSet};
    for (int i = 0; i < 2; i++)
        if (PyObject_SetAttrString(trees[i], "max_leaf_size", leaf) < 0
            || PyObject_SetAttrString(trees[i], "max_internal_size", internal) < 0)
            bail("setting the node sizes");
    Py_DECREF(leaf);
    Py_DECREF(internal);

    /* testKeyAndValueOverflow, testHasKeyOverflowAndTypes. */
    PyObject *t = PyObject_CallNoArgs(BTree);
    const char *keys[] = {"2147483647", "-2147483648", "2147483648", "-2147483649", "18446744073709551617", "0"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        PyObject *k = PyLong_FromString(keys[i], NULL, 10);
        PyObject *one = PyLong_FromLong(1);
        snprintf(what, sizeof what, "t[%s] = 1", keys[i]);
        record_value(PyObject_SetItem(t, k, one) < 0 ? NULL : Py_True, what);
        snprintf(what, sizeof what, "t[0] = %s (a value)", keys[i]);
        PyObject *zero = PyLong_FromLong(0);
        record_value(PyObject_SetItem(t, zero, k) < 0 ? NULL : Py_True, what);
        snprintf(what, sizeof what, "t.get(%s, 'def')", keys[i]);
        record(call_attr(t, "get", NULL, "(Os)", k, "def"), what);
        snprintf(what, sizeof what, "t.has_key(%s)", keys[i]);
        record(call_attr(t, "has_key", NULL, "(O)", k), what);
        snprintf(what, sizeof what, "%s in t", keys[i]);
        int c = PySequence_Contains(t, k);
        record_value(c < 0 ? NULL : c ? Py_True : Py_False, what);
        Py_DECREF(zero);
        Py_DECREF(one);
        Py_DECREF(k);
    }
    PyObject *f = PyFloat_FromDouble(1.5), *s = PyUnicode_FromString("1");
    PyObject *one = PyLong_FromLong(1);
    record_value(PyObject_SetItem(t, f, one) < 0 ? NULL : Py_True, "t[1.5] = 1");
    record_value(PyObject_SetItem(t, one, f) < 0 ? NULL : Py_True, "t[1] = 1.5");
    record_value(PyObject_SetItem(t, s, one) < 0 ? NULL : Py_True, "t['1'] = 1");
    record_value(PyObject_SetItem(t, Py_None, one) < 0 ? NULL : Py_True, "t[None] = 1");
    record_value(PyObject_SetItem(t, Py_True, one) < 0 ? NULL : Py_True, "t[True] = 1");
    record(call_attr(t, "has_key", NULL, "(s)", "1"), "t.has_key('1')");
    record(call_attr(t, "has_key", NULL, "(d)", 1.0), "t.has_key(1.0)");
    record(call_attr(t, "get", NULL, "(O)", Py_None), "t.get(None)");
    Py_DECREF(f);
    Py_DECREF(s);
    Py_DECREF(one);
    record_list(PyObject_CallMethod(t, "items", NULL), "t.items() after the overflow trials");
    Py_DECREF(t);

    /* A tree over many buckets: ranges, byValue, mutations. */
    t = tree_of(BTree, 0, 3000, 3, 7);
    expect_true(PyObject_Length(t) == 1000, "len(IIBTree of 1000 keys)");
    record_list(PyObject_CallMethod(t, "keys", "ii", 1500, 1530), "t.keys(1500, 1530)");
    record_list(PyObject_CallMethod(t, "values", "ii", 2990, 5000), "t.values(2990, 5000)");
    record(call_attr(t, "minKey", NULL, "(i)", 1501), "t.minKey(1501)");
    record(call_attr(t, "maxKey", NULL, "(i)", 1501), "t.maxKey(1501)");
    record(call_attr(t, "maxKey", NULL, "(N)", PyLong_FromString("4294967296", NULL, 10)), "t.maxKey(2**32)");
    record_list(PyObject_CallMethod(t, "byValue", "i", 20900), "t.byValue(20900)");
    record_list(PyObject_CallMethod(t, "items", "iiOO", 9, 21, Py_True, Py_True),
                "t.items(9, 21, excludemin=True, excludemax=True)");
    record_direct(PyObject_CallMethod(t, "pop", "i", 300), "t.pop(300)");
    record_direct(PyObject_CallMethod(t, "pop", "ii", 300, -1), "t.pop(300, -1)");
    record_direct(PyObject_CallMethod(t, "setdefault", "ii", 301, 5), "t.setdefault(301, 5)");
    record_direct(PyObject_CallMethod(t, "update", "(N)", Py_BuildValue("{i:i,i:i}", -5, 5, 3001, 1)),
                  "t.update({-5: 5, 3001: 1})");
    record_direct(PyObject_CallMethod(t, "update", "(N)", Py_BuildValue("{i:s}", 7, "x")), "t.update({7: 'x'})");
    for (int i = 0; i < 3000; i += 2) {
        PyObject *k = PyLong_FromLong(i);
        if (PyObject_DelItem(t, k) < 0)
            PyErr_Clear();
        Py_DECREF(k);
    }
    PyObject *n = PyLong_FromSsize_t(PyObject_Length(t));
    record_value(n, "len(t) after deleting the even keys");
    Py_DECREF(n);
    record_list(PyObject_CallMethod(t, "keys", "ii", 0, 40), "t.keys(0, 40) after the deletions");
    record_direct(PyObject_CallMethod(t, "_check", NULL), "t._check()");
    PyObject *state = PyObject_CallMethod(t, "__getstate__", NULL);
    PyObject *copy = PyObject_CallNoArgs(BTree);
    record_direct(state ? PyObject_CallMethod(copy, "__setstate__", "(O)", state) : NULL,
                  "IIBTree().__setstate__(t.__getstate__())");
    int eq = 0;
    PyObject *a = PyObject_CallMethod(t, "items", NULL), *b = PyObject_CallMethod(copy, "items", NULL);
    PyObject *la = a ? PySequence_List(a) : NULL, *lb = b ? PySequence_List(b) : NULL;
    eq = la && lb && PyObject_RichCompareBool(la, lb, Py_EQ) == 1;
    expect_true(eq, "the copy has the same items");
    Py_XDECREF(la);
    Py_XDECREF(lb);
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(state);
    Py_DECREF(copy);
    Py_DECREF(t);

    /* Set operations of the integer families. */
    PyObject *A = tree_of(Bucket, 0, 20, 2, 1), *B = tree_of(BTree, 0, 20, 3, 10);
    PyObject *SA = PyObject_CallFunction(Set, "([iiiii])", 1, 2, 3, 6, 9);
    PyObject *SB = PyObject_CallFunction(TreeSet, "([iii])", 3, 4, 6);
    const char *ops[] = {"union", "intersection", "difference"};
    for (int i = 0; i < 3; i++) {
        PyObject *op = attr(module, ops[i]);
        snprintf(what, sizeof what, "%s(IIBucket, IIBTree)", ops[i]);
        record_list(PyObject_CallFunctionObjArgs(op, A, B, NULL), what);
        snprintf(what, sizeof what, "%s(IISet, IITreeSet)", ops[i]);
        record_list(PyObject_CallFunctionObjArgs(op, SA, SB, NULL), what);
        Py_DECREF(op);
    }
    PyObject *wu = attr(module, "weightedUnion"), *wi = attr(module, "weightedIntersection");
    record_list(PyObject_CallFunctionObjArgs(wu, A, B, NULL), "weightedUnion(IIBucket, IIBTree)");
    record_list(PyObject_CallFunction(wu, "OOii", A, B, 2, 3), "weightedUnion(IIBucket, IIBTree, 2, 3)");
    record_list(PyObject_CallFunction(wi, "OOii", A, B, 2, 3), "weightedIntersection(IIBucket, IIBTree, 2, 3)");
    record_list(PyObject_CallFunction(wu, "OOii", SA, B, 5, 1), "weightedUnion(IISet, IIBTree, 5, 1)");
    record_list(PyObject_CallFunction(wi, "OO", SA, SB), "weightedIntersection(IISet, IITreeSet)");
    record_list(PyObject_CallFunction(wu, "OO", Py_None, SB), "weightedUnion(None, IITreeSet)");
    PyObject *mu = attr(module, "multiunion");
    PyObject *seq = Py_BuildValue("[OOi]", SA, SB, 42);
    record_list(PyObject_CallOneArg(mu, seq), "multiunion([IISet, IITreeSet, 42])");
    Py_DECREF(seq);
    seq = Py_BuildValue("[s]", "x");
    record_list(PyObject_CallOneArg(mu, seq), "multiunion(['x'])");
    Py_DECREF(seq);
    Py_DECREF(mu);
    Py_DECREF(wu);
    Py_DECREF(wi);
    Py_DECREF(A);
    Py_DECREF(B);
    Py_DECREF(SA);
    Py_DECREF(SB);
    Py_DECREF(BTree);
    Py_DECREF(Bucket);
    Py_DECREF(Set);
    Py_DECREF(TreeSet);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    PyObject *module = load_btrees(argv[1], "_IIBTree");
    run(module);
    return tap_done();
}
