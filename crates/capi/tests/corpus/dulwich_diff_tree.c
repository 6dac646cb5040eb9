/* dulwich 0.21.7's dulwich._diff_tree: _is_tree(entry) (the entry's `mode`
 * attribute through PyLong_AsLong and S_ISDIR), _merge_entries(path, tree1,
 * tree2) ("y#OO"; each tree's iteritems(True) list turned into TreeEntry
 * objects with joined paths, merged by strcmp of their `path` attributes,
 * the gaps filled with _NULL_ENTRY) and _count_blocks(obj) (obj's
 * as_raw_chunks() cut into 64-byte or newline-ended blocks, each block's
 * bytes hashed with PyObject_Hash and counted into a defaultdict(int)
 * through its __getitem__ / __setitem__, with PyLong_AS_LONG). Its init
 * imports dulwich.objects (TreeEntry) and dulwich.diff_tree (_NULL_ENTRY,
 * _BLOCK_SIZE, defaultdict), stood in for by the driver, and finds `int`
 * in PyEval_GetBuiltins().
 *
 * The defaultdict stand-in is a heap subclass of dict with __missing__
 * (so dict's subscript has to find a subclass's __missing__); trees and
 * blobs are module objects carrying a bound C function as their
 * iteritems / as_raw_chunks.
 *
 * Vectors: dulwich/tests/test_diff_tree.py's _do_test_merge_entries (with
 * its blob ids), _do_test_is_tree, and the _do_test_count_blocks* cases
 * compared as assertBlockCountEqual does (by hash, computed here in the
 * same process); plus more paths, bad trees and bad chunks.
 */
#include "corpus.h"
#include "dulwich_standins.h"

static PyObject *is_tree, *merge_entries, *count_blocks, *DefaultDict;
static PyObject *default_factory; /* of the last defaultdict made */

static const char A1[] = "59ef8d134f97de87ebcac8e3a0c32d78c81e842e";
static const char A2[] = "12b98c239e8f933d213617a1b965333d478b2743";
static const char B1[] = "611d98703450f8b677144017a77c83405374d654";
static const char C2[] = "c67b7b40c1fd6a6dbdc93f653cce660866095e51";

/* ------------------------------------------------------------------ */
/*                       defaultdict, trees, blobs                    */
/* ------------------------------------------------------------------ */

static int defaultdict_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *factory = Py_None;
    if (!PyArg_UnpackTuple(args, "defaultdict", 0, 1, &factory))
        return -1;
    if (factory != Py_None && !PyCallable_Check(factory)) {
        PyErr_SetString(PyExc_TypeError, "first argument must be callable or None");
        return -1;
    }
    Py_XSETREF(default_factory, Py_NewRef(factory));
    PyObject *none = PyTuple_New(0);
    int rc = none ? PyDict_Type.tp_init(self, none, kwds) : -1;
    Py_XDECREF(none);
    return rc;
}

static PyObject *defaultdict_missing(PyObject *self, PyObject *key)
{
    if (default_factory == NULL || default_factory == Py_None) {
        PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    PyObject *value = PyObject_CallNoArgs(default_factory);
    if (value == NULL)
        return NULL;
    if (PyObject_SetItem(self, key, value) < 0) {
        Py_DECREF(value);
        return NULL;
    }
    return value;
}

static PyMethodDef defaultdict_methods[] = {
    {"__missing__", defaultdict_missing, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot defaultdict_slots[] = {
    {Py_tp_init, (void *)defaultdict_init},
    {Py_tp_methods, defaultdict_methods},
    {0, NULL},
};

static PyType_Spec defaultdict_spec = {"collections.defaultdict", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                                       defaultdict_slots};

static PyObject *give_self(PyObject *self, PyObject *ignored)
{
    (void)ignored;
    return Py_NewRef(self);
}

static PyMethodDef iteritems_def = {"iteritems", give_self, METH_O, NULL};
static PyMethodDef chunks_def = {"as_raw_chunks", give_self, METH_NOARGS, NULL};

/* An object whose `name` attribute is a C function returning `value`. */
static PyObject *holder(const char *kind, PyMethodDef *def, PyObject *value)
{
    PyObject *obj = PyModule_New(kind);
    PyObject *fn = obj ? PyCFunction_New(def, value) : NULL;
    if (fn == NULL || PyObject_SetAttrString(obj, def->ml_name, fn) < 0)
        bail("cannot make a %s", kind);
    Py_DECREF(fn);
    Py_DECREF(value);
    return obj;
}

/* A tree: iteritems(name_order) gives the (name, mode, sha) tuples. */
static PyObject *tree(PyObject *items) { return holder("tree", &iteritems_def, items); }
/* A blob: as_raw_chunks() gives `chunks`. */
static PyObject *blob(PyObject *chunks) { return holder("blob", &chunks_def, chunks); }

static void stand_in_diff_tree(void)
{
    stand_in_dulwich();
    PyObject *m = PyImport_AddModule("dulwich.diff_tree"); /* borrowed */
    PyObject *bases = PyTuple_Pack(1, (PyObject *)&PyDict_Type);
    DefaultDict = bases ? PyType_FromSpecWithBases(&defaultdict_spec, bases) : NULL;
    Py_XDECREF(bases);
    PyObject *null = PyObject_CallFunction(TreeEntry, "OOO", Py_None, Py_None, Py_None);
    if (m == NULL || DefaultDict == NULL || null == NULL || PyModule_AddObject(m, "_NULL_ENTRY", null) < 0
        || PyModule_AddIntConstant(m, "_BLOCK_SIZE", 64) < 0
        || PyModule_AddObject(m, "defaultdict", Py_NewRef(DefaultDict)) < 0)
        bail("cannot fill dulwich.diff_tree");
}

/* ------------------------------------------------------------------ */

static void test_merge_entries(void)
{
    PyObject *empty = tree(PyList_New(0));
    PyObject *tree1 = tree(Py_BuildValue("[(yiy)(yiy)]", "a", 0100644, A1, "b", 0100755, B1));
    PyObject *tree2 = tree(Py_BuildValue("[(yiy)(yiy)]", "a", 0100644, A2, "c", 0100755, C2));
    struct {
        const char *path;
        PyObject *t1, *t2;
        PyObject *want;
        const char *what;
    } cases[] = {
        {"", empty, empty, PyList_New(0), "merge_entries(b'', empty, empty) == []"},
        {"", empty, tree1,
         Py_BuildValue("[((OOO)(yiy))((OOO)(yiy))]", Py_None, Py_None, Py_None, "a", 0100644, A1, Py_None, Py_None,
                       Py_None, "b", 0100755, B1),
         "merge_entries(b'', empty, tree1)"},
        {"x", empty, tree1,
         Py_BuildValue("[((OOO)(yiy))((OOO)(yiy))]", Py_None, Py_None, Py_None, "x/a", 0100644, A1, Py_None, Py_None,
                       Py_None, "x/b", 0100755, B1),
         "merge_entries(b'x', empty, tree1)"},
        {"", tree2, empty,
         Py_BuildValue("[((yiy)(OOO))((yiy)(OOO))]", "a", 0100644, A2, Py_None, Py_None, Py_None, "c", 0100755, C2,
                       Py_None, Py_None, Py_None),
         "merge_entries(b'', tree2, empty)"},
        {"", tree1, tree2,
         Py_BuildValue("[((yiy)(yiy))((yiy)(OOO))((OOO)(yiy))]", "a", 0100644, A1, "a", 0100644, A2, "b", 0100755, B1,
                       Py_None, Py_None, Py_None, Py_None, Py_None, Py_None, "c", 0100755, C2),
         "merge_entries(b'', tree1, tree2)"},
        {"", tree2, tree1,
         Py_BuildValue("[((yiy)(yiy))((OOO)(yiy))((yiy)(OOO))]", "a", 0100644, A2, "a", 0100644, A1, Py_None, Py_None,
                       Py_None, "b", 0100755, B1, "c", 0100755, C2, Py_None, Py_None, Py_None),
         "merge_entries(b'', tree2, tree1)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PyObject *r = call(merge_entries, NULL, "(yOO)", cases[i].path, cases[i].t1, cases[i].t2);
        int ok = succeeded(r) && PyObject_RichCompareBool(r, cases[i].want, Py_EQ) == 1;
        if (ok && PyList_GET_SIZE(r) > 0) {
            PyObject *pair = PyList_GET_ITEM(r, 0);
            ok = PyObject_IsInstance(PyTuple_GET_ITEM(pair, 0), TreeEntry) == 1
                 && PyObject_IsInstance(PyTuple_GET_ITEM(pair, 1), TreeEntry) == 1;
        }
        ok &= settle(0);
        tap(ok, cases[i].what);
        Py_DECREF(cases[i].want);
    }
    record(call(merge_entries, NULL, "(yOO)", "dir/sub", tree1, tree2), "merge_entries(b'dir/sub', tree1, tree2)");
    /* (None for a tree, which the module allows, is left out: None's own
       reference count drifts under CPython between the two readings) */

    /* assertMergeFails: a bad name, mode or sha in one tree */
    PyObject *bad[] = {
        tree(Py_BuildValue("[(yiy)(Kis)]", "a", 0100644, A1, 0xDEADBEEFULL, 0100644, "1111111111111111111111111111111111111111")),
        tree(Py_BuildValue("[(yiy)(yys)]", "a", 0100644, A1, "a", "deadbeef", "1111111111111111111111111111111111111111")),
        tree(Py_BuildValue("[(yiy)(yiK)]", "a", 0100644, A1, "a", 0100644, 0xDEADBEEFULL)),
    };
    const char *bad_what[] = {"a name 0xDEADBEEF", "a mode b'deadbeef'", "a sha 0xDEADBEEF"};
    for (int i = 0; i < 3; i++) {
        char what[96];
        snprintf(what, sizeof what, "merge_entries(b'', tree1, tree with %s)", bad_what[i]);
        record(call(merge_entries, NULL, "(yOO)", "", tree1, bad[i]), what);
        snprintf(what, sizeof what, "merge_entries(b'', tree with %s, tree1)", bad_what[i]);
        record(call(merge_entries, NULL, "(yOO)", "", bad[i], tree1), what);
        Py_DECREF(bad[i]);
    }
    PyObject *not_list = tree(Py_BuildValue("((yiy))", "a", 0100644, A1));
    record(call(merge_entries, NULL, "(yOO)", "", not_list, tree1), "iteritems() giving a tuple");
    Py_DECREF(not_list);
    PyObject *short_items = tree(Py_BuildValue("[(yi)]", "a", 0100644));
    record(call(merge_entries, NULL, "(yOO)", "", short_items, tree1), "an item of two");
    Py_DECREF(short_items);
    record(call(merge_entries, NULL, "(yOO)", "", Py_True, tree1), "a tree without iteritems");
    record(call(merge_entries, NULL, "(sOO)", "", tree1, tree1), "a str path");
    record(call(merge_entries, NULL, "(yO)", "", tree1), "two arguments");
    Py_DECREF(empty);
    Py_DECREF(tree1);
    Py_DECREF(tree2);
}

static void test_is_tree(void)
{
    static const char SHA40[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    PyObject *e = PyObject_CallFunction(TreeEntry, "OOO", Py_None, Py_None, Py_None);
    expect_is(call(is_tree, NULL, "(O)", e), Py_False, "is_tree(TreeEntry(None, None, None))");
    Py_DECREF(e);
    static const int modes[] = {0100644, 0100755, 0120000, 0040000, 0160000, 0};
    for (int i = 0; i < 6; i++) {
        char what[64];
        snprintf(what, sizeof what, "is_tree(TreeEntry(b'a', 0o%o, b'a' * 40))", modes[i]);
        e = PyObject_CallFunction(TreeEntry, "yiy", "a", modes[i], SHA40);
        expect_is(call(is_tree, NULL, "(O)", e), modes[i] == 0040000 ? Py_True : Py_False, what);
        Py_DECREF(e);
    }
    e = PyObject_CallFunction(TreeEntry, "yyy", "a", "x", SHA40);
    expect_error(call(is_tree, NULL, "(O)", e), PyExc_TypeError, NULL, "is_tree(TreeEntry(b'a', b'x', ...)): TypeError");
    record(call(is_tree, NULL, "(O)", e), "... its message");
    Py_DECREF(e);
    expect_error(call(is_tree, NULL, "(i)", 1234), PyExc_AttributeError, NULL, "is_tree(1234): AttributeError");
    record(call(is_tree, NULL, "(i)", 1234), "... its message");
    e = PyObject_CallFunction(TreeEntry, "yOy", "a", Py_True, SHA40);
    record(call(is_tree, NULL, "(O)", e), "is_tree(an entry with mode True)");
    Py_DECREF(e);
    PyObject *big = PyLong_FromString("99999999999999999999999", NULL, 10);
    e = PyObject_CallFunction(TreeEntry, "yOy", "a", big, SHA40);
    record(call(is_tree, NULL, "(O)", e), "is_tree(an entry with a mode past a C long)");
    Py_DECREF(e);
    Py_DECREF(big);
    record(call(is_tree, NULL, "()"), "is_tree()");
}

/* _count_blocks(blob of `chunks`) compared as assertBlockCountEqual does:
   {hash(block) & 0xFFFFFFFF: count} on both sides. */
static PyObject *by_hash(PyObject *counts, int hash_keys)
{
    PyObject *out = PyDict_New(), *k, *v;
    Py_ssize_t pos = 0;
    while (out && PyDict_Next(counts, &pos, &k, &v)) {
        Py_hash_t h = hash_keys ? PyObject_Hash(k) : PyLong_AsSsize_t(k);
        PyObject *key = PyLong_FromUnsignedLong((unsigned long)((size_t)h & 0xFFFFFFFFu));
        if (key == NULL || PyDict_SetItem(out, key, v) < 0) {
            Py_XDECREF(key);
            Py_CLEAR(out);
            break;
        }
        Py_DECREF(key);
    }
    return out;
}

static void block_case(PyObject *chunks, PyObject *expected, const char *what)
{
    PyObject *b = blob(chunks);
    PyObject *r = call(count_blocks, NULL, "(O)", b);
    int ok = succeeded(r);
    if (ok) {
        PyObject *got = by_hash(r, 0), *want = by_hash(expected, 1);
        ok = got && want && PyObject_RichCompareBool(got, want, Py_EQ) == 1;
        ok = ok && Py_IS_TYPE(r, (PyTypeObject *)DefaultDict);
        if (!ok)
            diag("the block counts differ; ");
        Py_XDECREF(got);
        Py_XDECREF(want);
    }
    ok &= settle(0);
    tap(ok, what);
    Py_DECREF(expected);
    Py_DECREF(b);
}

static void test_count_blocks(void)
{
    block_case(Py_BuildValue("[y]", "a\nb\na\n"), Py_BuildValue("{y:i,y:i}", "a\n", 4, "b\n", 2), "test_count_blocks");
    block_case(Py_BuildValue("[y]", "a\na"), Py_BuildValue("{y:i,y:i}", "a\n", 2, "a", 1),
               "test_count_blocks_no_newline");
    block_case(Py_BuildValue("[yy]", "a\nb", "\na\n"), Py_BuildValue("{y:i,y:i}", "a\n", 4, "b\n", 2),
               "test_count_blocks_chunks");
    char a64[65];
    memset(a64, 'a', 64);
    a64[64] = '\0';
    PyObject *data = PyBytes_FromFormat("%sxxx\ny\n%szzz\n", a64, a64);
    block_case(Py_BuildValue("[N]", data), Py_BuildValue("{y:i,y:i,y:i,y:i}", a64, 128, "xxx\n", 4, "y\n", 2, "zzz\n", 4),
               "test_count_blocks_long_lines");
    block_case(PyList_New(0), PyDict_New(), "no chunks");
    block_case(Py_BuildValue("[yyy]", "", "\n", ""), Py_BuildValue("{y:i}", "\n", 1), "empty chunks and a newline");
    block_case(Py_BuildValue("[y#]", "a\0b\nc\0", (Py_ssize_t)6), Py_BuildValue("{y#:i,y#:i}", "a\0b\n", (Py_ssize_t)4, 4, "c\0", (Py_ssize_t)2, 2),
               "NUL bytes inside blocks");

    PyObject *b = blob(Py_BuildValue("[ys]", "a\n", "text"));
    record(call(count_blocks, NULL, "(O)", b), "a str chunk");
    Py_DECREF(b);
    b = blob(Py_BuildValue("(y)", "a\n"));
    record(call(count_blocks, NULL, "(O)", b), "as_raw_chunks() giving a tuple");
    Py_DECREF(b);
    record(call(count_blocks, NULL, "(i)", 5), "_count_blocks(5)");
    record(call(count_blocks, NULL, "()"), "_count_blocks()");

    /* the defaultdict stand-in, read back as dulwich reads it */
    PyObject *d = PyObject_CallFunctionObjArgs(DefaultDict, (PyObject *)&PyLong_Type, NULL);
    PyObject *v = d ? PyObject_GetItem(d, Py_None) : NULL;
    print_record(v, "defaultdict(int)[None]");
    tap(v != NULL, "defaultdict(int)[None]");
    Py_XDECREF(v);
    Py_XDECREF(d);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    is_tree = attr(module, "_is_tree");
    merge_entries = attr(module, "_merge_entries");
    count_blocks = attr(module, "_count_blocks");
    test_merge_entries();
    test_is_tree();
    test_count_blocks();
    Py_DECREF(is_tree);
    Py_DECREF(merge_entries);
    Py_DECREF(count_blocks);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    stand_in_diff_tree();
    run(load_module(argv[1], "_diff_tree"), argv[2]);
    return tap_done();
}
