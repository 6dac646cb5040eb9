/* BTrees 6.1's _OOBTree: ZODB's B-trees with object keys and values
 * (OOBucket, OOBTree, OOSet, OOTreeSet, their iterators and range
 * searches, set operations), static types whose base is persistent's
 * Persistent, which the module reaches through the C API capsule
 * `persistent.cPersistence.CAPI` (PyCapsule_Import). The
 * persistent-cpersistence member's build sits next to this one: the
 * driver loads it and registers `persistent` / `persistent.cPersistence`
 * in sys.modules as an importer would have, with a stand-in
 * `BTrees.Interfaces` holding BTreesConflictError (a ValueError; the
 * module's init imports it from there).
 *
 * Vectors: BTrees/tests/common.py's MappingBase / BTreeTests / ExtendedSetTests
 * (setitem / getitem / KeyError, len, keys / values / items with min,
 * max, excludemin, excludemax, minKey / maxKey with bounds, has_key,
 * get, pop, popitem, setdefault, update, clear, deleting, iteration,
 * sets' add / remove / discard / update / isdisjoint, union /
 * intersection / difference over buckets, trees and sets), and
 * test_OOBTree.py's rejection of keys with default comparison and of
 * None. Mutations keep their keys and values, so their reference counts
 * are not compared; lookups' are.
 */
#include "btrees_setup.h"

static void record_direct(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

/* t[key] = value for key, value in pairs (ints and strs). */
static void fill(PyObject *t, int from, int to)
{
    for (int i = from; i < to; i++) {
        PyObject *k = PyLong_FromLong(i), *v = PyUnicode_FromFormat("v%d", i);
        if (PyObject_SetItem(t, k, v) < 0)
            bail("t[%d] = 'v%d' failed", i, i);
        Py_DECREF(k);
        Py_DECREF(v);
    }
}

static void mapping_cases(PyObject *cls, const char *name, int n)
{
    char what[200];
#define W(...) (snprintf(what, sizeof what, __VA_ARGS__), what)
    PyObject *t = PyObject_CallNoArgs(cls);
    if (t == NULL)
        bail("%s() failed", name);
    fill(t, 0, n);
    expect_true(PyObject_Length(t) == n, W("len(%s of %d)", name, n));
    expect_str(call_attr(t, "__getitem__", NULL, "(i)", 7), "v7", W("%s[7]", name));
    expect_error(call_attr(t, "__getitem__", NULL, "(i)", n + 5), PyExc_KeyError, NULL, W("%s[missing] KeyError", name));
    expect_is(call_attr(t, "has_key", NULL, "(i)", n + 5), Py_False, W("%s.has_key(missing)", name));
    record(call_attr(t, "has_key", NULL, "(i)", 3), W("%s.has_key(3)", name));
    expect_str(call_attr(t, "get", NULL, "(is)", n + 5, "dflt"), "dflt", W("%s.get(missing, 'dflt')", name));
    expect_is(call_attr(t, "get", NULL, "(i)", n + 5), Py_None, W("%s.get(missing)", name));
    record(call_attr(t, "minKey", NULL, "()"), W("%s.minKey()", name));
    record(call_attr(t, "maxKey", NULL, "()"), W("%s.maxKey()", name));
    record(call_attr(t, "minKey", NULL, "(i)", 5), W("%s.minKey(5)", name));
    record(call_attr(t, "maxKey", NULL, "(i)", 5), W("%s.maxKey(5)", name));
    record(call_attr(t, "maxKey", NULL, "(i)", -1), W("%s.maxKey(-1)", name));
    record(call_attr(t, "minKey", NULL, "(i)", n + 1), W("%s.minKey(past the end)", name));
    PyObject *r = call_attr(t, "keys", NULL, "(ii)", 3, 9);
    PyObject *l = r ? PySequence_List(r) : NULL; /* settle() releases r */
    print_record(l, W("list(%s.keys(3, 9))", name));
    Py_XDECREF(l);
    tap(settle(0), what);
    r = call_attr(t, "items", kw_dict("{s:i,s:i,s:O,s:O}", "min", 3, "max", 9, "excludemin", Py_True, "excludemax",
                                      Py_True), "()");
    l = r ? PySequence_List(r) : NULL; /* settle() releases r */
    print_record(l, W("list(%s.items(min=3, max=9, excludemin=True, excludemax=True))", name));
    Py_XDECREF(l);
    tap(settle(0), what);
    r = call_attr(t, "values", NULL, "(i)", n - 3);
    l = r ? PySequence_List(r) : NULL; /* settle() releases r */
    print_record(l, W("list(%s.values(%d))", name, n - 3));
    Py_XDECREF(l);
    tap(settle(0), what);
    r = call_attr(t, "keys", NULL, "()");
    if (r != NULL) {
        PyObject *k = PySequence_GetItem(r, -1);
        print_record(k, W("%s.keys()[-1]", name));
        Py_XDECREF(k);
        k = PySequence_GetSlice(r, 2, 5);
        PyObject *kl = k ? PySequence_List(k) : NULL;
        print_record(kl, W("list(%s.keys()[2:5])", name));
        Py_XDECREF(kl);
        Py_XDECREF(k);
        PyObject *ln = PyLong_FromSsize_t(PyObject_Length(r));
        print_record(ln, W("len(%s.keys())", name));
        Py_XDECREF(ln);
    }
    tap(settle(0), W("%s.keys() as a sequence", name));
    record(call_attr(t, "keys", kw_dict("{s:s}", "min", "x"), "()"), W("%s.keys(min='x') (int keys)", name));
    PyObject *it = PyObject_GetIter(t);
    long sum = 0, count = 0;
    PyObject *item;
    while (it && (item = PyIter_Next(it)) != NULL) {
        sum += PyLong_AsLong(item);
        count++;
        Py_DECREF(item);
    }
    Py_XDECREF(it);
    expect_true(!PyErr_Occurred() && count == n && sum == (long)n * (n - 1) / 2, W("iter(%s) yields its keys", name));
    expect_true(PySequence_Contains(t, PyLong_FromLong(4)) == 1, W("4 in %s", name));

    /* Mutations. */
    record_direct(PyObject_CallMethod(t, "pop", "i", 4), W("%s.pop(4)", name));
    record_direct(PyObject_CallMethod(t, "pop", "is", 4, "gone"), W("%s.pop(4, 'gone')", name));
    record_direct(PyObject_CallMethod(t, "pop", "i", 4), W("%s.pop(4) again", name));
    record_direct(PyObject_CallMethod(t, "setdefault", "is", 4, "again"), W("%s.setdefault(4, 'again')", name));
    record_direct(PyObject_CallMethod(t, "setdefault", "is", 4, "other"), W("%s.setdefault(4, 'other')", name));
    record_direct(PyObject_CallMethod(t, "insert", "is", 4, "no"), W("%s.insert(4, 'no') (present)", name));
    record_direct(PyObject_CallMethod(t, "insert", "is", n + 10, "yes"), W("%s.insert(new key, 'yes')", name));
    PyObject *upd = Py_BuildValue("{i:s,i:s}", -1, "minus one", 2, "two");
    record_direct(PyObject_CallMethod(t, "update", "O", upd), W("%s.update({-1: ..., 2: ...})", name));
    Py_DECREF(upd);
    PyObject *pairs = Py_BuildValue("[(is)]", -2, "minus two");
    record_direct(PyObject_CallMethod(t, "update", "(O)", pairs), W("%s.update([(-2, ...)])", name));
    Py_DECREF(pairs);
    record_direct(PyObject_CallMethod(t, "update", "(i)", 5), W("%s.update(5)", name));
    record_direct(PyObject_CallMethod(t, "popitem", NULL), W("%s.popitem()", name));
    PyObject *k = PyLong_FromLong(2);
    record_value(PyObject_DelItem(t, k) < 0 ? NULL : Py_True, W("del %s[2]", name));
    record_value(PyObject_DelItem(t, k) < 0 ? NULL : Py_True, W("del %s[2] again", name));
    Py_DECREF(k);
    PyObject *ln = PyLong_FromSsize_t(PyObject_Length(t));
    record_value(ln, W("len(%s) after the mutations", name));
    Py_DECREF(ln);
    PyObject *all = PySequence_List(t);
    record_value(all, W("list(%s) after the mutations", name));
    Py_XDECREF(all);

    /* Keys must be orderable (test_OOBTree.py). */
    PyObject *obj = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
    record_value(PyObject_SetItem(t, obj, Py_None) < 0 ? NULL : Py_True, W("%s[object()] = None", name));
    Py_DECREF(obj);
    record_value(PyObject_SetItem(t, Py_None, Py_None) < 0 ? NULL : Py_True, W("%s[None] = None", name));
    PyObject *s = PyUnicode_FromString("str key");
    record_value(PyObject_SetItem(t, s, Py_None) < 0 ? NULL : Py_True, W("%s['str key'] = None (mixed with ints)", name));
    Py_DECREF(s);

    /* State, as pickling and persistence see it. */
    PyObject *small = PyObject_CallNoArgs(cls);
    fill(small, 0, 3);
    PyObject *state = PyObject_CallMethod(small, "__getstate__", NULL);
    record_value(state, W("%s of 3: __getstate__()", name));
    PyObject *copy = PyObject_CallNoArgs(cls);
    record_direct(state ? PyObject_CallMethod(copy, "__setstate__", "(O)", state) : NULL,
                  W("a new %s: __setstate__(that)", name));
    PyObject *items = PyObject_CallMethod(copy, "items", NULL);
    PyObject *il = items ? PySequence_List(items) : NULL;
    record_value(il, W("its items (%s)", name));
    Py_XDECREF(il);
    Py_XDECREF(items);
    Py_XDECREF(state);
    Py_DECREF(copy);
    record_direct(PyObject_CallMethod(small, "__setstate__", "(i)", 5), W("%s.__setstate__(5)", name));
    record_direct(PyObject_CallMethod(t, "clear", NULL), W("%s.clear()", name));
    expect_true(PyObject_Length(t) == 0, W("len(%s) after clear()", name));
    record(call_attr(t, "minKey", NULL, "()"), W("%s.minKey() when empty", name));
    record(call_attr(t, "popitem", NULL, "()"), W("%s.popitem() when empty", name));
    Py_DECREF(small);
    Py_DECREF(t);
#undef W
}

static void set_cases(PyObject *cls, const char *name)
{
    char what[200];
#define W(...) (snprintf(what, sizeof what, __VA_ARGS__), what)
    PyObject *init = Py_BuildValue("[iiiii]", 5, 1, 3, 1, 9);
    PyObject *s = PyObject_CallOneArg(cls, init);
    Py_DECREF(init);
    if (s == NULL)
        bail("%s([5, 1, 3, 1, 9]) failed", name);
    PyObject *l = PySequence_List(s);
    record_value(l, W("list(%s([5, 1, 3, 1, 9]))", name));
    Py_XDECREF(l);
    record(call_attr(s, "has_key", NULL, "(i)", 3), W("%s.has_key(3)", name));
    record(call_attr(s, "has_key", NULL, "(i)", 4), W("%s.has_key(4)", name));
    record(call_attr(s, "minKey", NULL, "(i)", 4), W("%s.minKey(4)", name));
    record(call_attr(s, "maxKey", NULL, "(i)", 4), W("%s.maxKey(4)", name));
    record_direct(PyObject_CallMethod(s, "add", "i", 4), W("%s.add(4)", name));
    record_direct(PyObject_CallMethod(s, "add", "i", 4), W("%s.add(4) again", name));
    record_direct(PyObject_CallMethod(s, "insert", "i", 7), W("%s.insert(7)", name));
    record_direct(PyObject_CallMethod(s, "remove", "i", 1), W("%s.remove(1)", name));
    record_direct(PyObject_CallMethod(s, "remove", "i", 1), W("%s.remove(1) again", name));
    record_direct(PyObject_CallMethod(s, "discard", "i", 1), W("%s.discard(1)", name));
    PyObject *more = Py_BuildValue("(iii)", 20, 2, 3);
    record_direct(PyObject_CallMethod(s, "update", "(O)", more), W("%s.update((20, 2, 3))", name));
    Py_DECREF(more);
    PyObject *other = Py_BuildValue("[ii]", 100, 200);
    record(call_attr(s, "isdisjoint", NULL, "(O)", other), W("%s.isdisjoint([100, 200])", name));
    Py_DECREF(other);
    record_direct(PyObject_CallMethod(s, "pop", NULL), W("%s.pop()", name));
    l = PySequence_List(s);
    record_value(l, W("list(%s) after the mutations", name));
    Py_XDECREF(l);
    PyObject *keys = PyObject_CallMethod(s, "keys", "ii", 3, 9);
    l = keys ? PySequence_List(keys) : NULL;
    record_value(l, W("list(%s.keys(3, 9))", name));
    Py_XDECREF(l);
    Py_XDECREF(keys);
    Py_DECREF(s);
#undef W
}

static void setop_cases(PyObject *module)
{
    PyObject *Set = attr(module, "OOSet"), *TreeSet = attr(module, "OOTreeSet");
    PyObject *Bucket = attr(module, "OOBucket"), *BTree = attr(module, "OOBTree");
    PyObject *union_ = attr(module, "union"), *inter = attr(module, "intersection");
    PyObject *diff = attr(module, "difference");
    PyObject *a = PyObject_CallFunction(Set, "([iiii])", 1, 3, 5, 7);
    PyObject *b = PyObject_CallFunction(TreeSet, "([iii])", 3, 4, 5);
    PyObject *m = PyObject_CallNoArgs(BTree);
    fill(m, 2, 6);
    PyObject *bk = PyObject_CallNoArgs(Bucket);
    fill(bk, 4, 9);
    struct {
        PyObject *f;
        const char *fname;
        PyObject *x, *y;
        const char *xy;
    } ops[] = {
        {union_, "union", a, b, "OOSet, OOTreeSet"},    {inter, "intersection", a, b, "OOSet, OOTreeSet"},
        {diff, "difference", a, b, "OOSet, OOTreeSet"}, {diff, "difference", m, a, "OOBTree, OOSet"},
        {inter, "intersection", m, bk, "OOBTree, OOBucket"}, {union_, "union", a, Py_None, "OOSet, None"},
        {diff, "difference", Py_None, a, "None, OOSet"}, {union_, "union", a, m, "OOSet, OOBTree"},
    };
    char what[200];
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        PyObject *r = PyObject_CallFunctionObjArgs(ops[i].f, ops[i].x, ops[i].y, NULL);
        snprintf(what, sizeof what, "%s(%s)", ops[i].fname, ops[i].xy);
        PyObject *shown = r;
        if (r != NULL && r != Py_None) {
            PyObject *items = PyObject_HasAttrString(r, "items") ? PyObject_CallMethod(r, "items", NULL) : NULL;
            shown = PySequence_List(items ? items : r);
            Py_XDECREF(items);
            PyObject *tn = PyUnicode_FromString(Py_TYPE(r)->tp_name);
            snprintf(what + strlen(what), sizeof what - strlen(what), " -> %s", PyUnicode_AsUTF8(tn));
            Py_DECREF(tn);
        }
        print_record(shown, what);
        tap(1, what);
        if (shown != r)
            Py_XDECREF(shown);
        Py_XDECREF(r);
    }
    PyObject *r = PyObject_CallFunctionObjArgs(union_, a, NULL);
    record_value(r, "union(one argument)");
    Py_XDECREF(r);
    PyObject *three = PyLong_FromLong(3);
    r = PyObject_CallFunctionObjArgs(union_, a, three, NULL);
    record_value(r, "union(OOSet, 3)");
    Py_XDECREF(r);
    Py_DECREF(three);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(m);
    Py_DECREF(bk);
    Py_DECREF(Set);
    Py_DECREF(TreeSet);
    Py_DECREF(Bucket);
    Py_DECREF(BTree);
    Py_DECREF(union_);
    Py_DECREF(inter);
    Py_DECREF(diff);
}

static void run(PyObject *module)
{
    PyObject *BTree = attr(module, "OOBTree");
    PyObject *Bucket = attr(module, "OOBucket");
    PyObject *Set = attr(module, "OOSet");
    PyObject *TreeSet = attr(module, "OOTreeSet");
    PyObject *Persistent = PyObject_GetAttrString(PyDict_GetItemString(PyImport_GetModuleDict(),
                                                                        "persistent.cPersistence"),
                                                  "Persistent");
    expect_true(PyType_IsSubtype((PyTypeObject *)BTree, (PyTypeObject *)Persistent),
                "OOBTree is a Persistent subclass");
    Py_XDECREF(Persistent);
    /* The node sizes BTrees' _module_builder sets on the tree classes
       (for object keys and values: leaves of 30, internal nodes of 250),
       through the metaclass's setattro, which allows only these names. */
    PyObject *leaf = PyLong_FromLong(30), *internal = PyLong_FromLong(250);
    PyObject *trees[] = {BTree, TreeSet};
    for (int i = 0; i < 2; i++)
        if (PyObject_SetAttrString(trees[i], "max_leaf_size", leaf) < 0
            || PyObject_SetAttrString(trees[i], "max_internal_size", internal) < 0)
            bail("setting the node sizes");
    Py_DECREF(leaf);
    Py_DECREF(internal);
    record_value(PyObject_SetAttrString(BTree, "other", Py_None) < 0 ? NULL : Py_True, "OOBTree.other = None");
    PyObject *size = PyObject_GetAttrString(BTree, "max_leaf_size");
    record_value(size, "OOBTree.max_leaf_size");
    Py_XDECREF(size);
    mapping_cases(Bucket, "OOBucket", 20);
    mapping_cases(BTree, "OOBTree", 20);
    mapping_cases(BTree, "OOBTree", 1000); /* many buckets */
    set_cases(Set, "OOSet");
    set_cases(TreeSet, "OOTreeSet");
    setop_cases(module);
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
    PyObject *module = load_btrees(argv[1], "_OOBTree");
    run(module);
    return tap_done();
}
