/* dulwich 0.21.7's dulwich._objects: parse_tree(text, strict=False)
 * ("y#|O" keywords; strtol/strnlen over the raw tree, (name, mode, hexsha)
 * tuples built with "(NlN)") and sorted_tree_items(entries, name_order)
 * (a dict walked with PyDict_Next, qsort in git's tree order or by name,
 * each item made by calling dulwich.objects.TreeEntry). Its init imports
 * dulwich.errors and dulwich.objects, stood in for by the driver
 * (dulwich_standins.h: TreeEntry is a heap tuple subclass there).
 *
 * Vectors: dulwich/tests/test_objects.py's TreeTests -- _do_test_parse_tree
 * over the sdist's testdata/trees object (zlib-inflated here), the broken
 * tree with a leading zero, strict and not, _do_test_sorted_tree_items and
 * its errors, _do_test_sorted_tree_items_name_order; plus truncated trees,
 * a missing space, many entries, and non-dict / non-bool arguments.
 */
#include "corpus.h"
#include "dulwich_standins.h"

static PyObject *parse_tree, *sorted_tree_items;

static const char A_SHA[] = "6f670c0fb53f9463760b7295fbb814e965fb20c8";
static const char B_SHA[] = "2969be3e8ee1c0222396a5611407e4769f14e54b";
static const char MY_SHA[] = "d80c186a03f423a81b39df39dc87fd269736ca86";

static PyObject *hex_to_sha(const char *hex)
{
    PyObject *h = PyUnicode_FromString(hex);
    PyObject *r = h ? PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "O", h) : NULL;
    Py_XDECREF(h);
    return r;
}

/* The raw tree of testdata/trees/70/c190eb...: the loose object inflated,
   its "tree <size>\0" header dropped. */
static PyObject *raw_test_tree(const char *sdist)
{
    PyObject *compressed = read_file(sdist, "testdata/trees/70/c190eb48fa8bbb50ddc692a17b44cb781af7f6");
    if (compressed == NULL)
        return NULL;
    PyObject *zlib = PyImport_ImportModule("zlib");
    PyObject *obj = zlib ? PyObject_CallMethod(zlib, "decompress", "O", compressed) : NULL;
    Py_XDECREF(zlib);
    Py_DECREF(compressed);
    if (obj == NULL)
        return NULL;
    const char *p = PyBytes_AS_STRING(obj);
    const char *nul = memchr(p, '\0', (size_t)PyBytes_GET_SIZE(obj));
    PyObject *raw = nul ? PyBytes_FromStringAndSize(nul + 1, PyBytes_GET_SIZE(obj) - (nul + 1 - p)) : NULL;
    Py_DECREF(obj);
    return raw;
}

static void test_parse_tree(const char *sdist)
{
    PyObject *raw = raw_test_tree(sdist);
    if (raw == NULL) {
        diag_exception();
        tap(0, "read testdata/trees/70/c190eb...");
        return;
    }
    PyObject *want = Py_BuildValue("[(yiy)(yiy)]", "a", 0100644, A_SHA, "b", 0100644, B_SHA);
    PyObject *r = call(parse_tree, NULL, "(O)", raw);
    int ok = succeeded(r) && PyObject_RichCompareBool(r, want, Py_EQ) == 1;
    ok &= settle(0);
    tap(ok, "parse_tree(testdata tree) == [(b'a', 0o100644, a_sha), (b'b', 0o100644, b_sha)]");
    record(call(parse_tree, NULL, "(O)", raw), "... the list");
    Py_DECREF(want);

    /* the broken tree: a leading 0 on the mode */
    PyObject *sha = hex_to_sha(A_SHA);
    PyObject *head = PyBytes_FromStringAndSize("0100644 foo\0", 12);
    PyObject *broken = PySequence_Concat(head, sha);
    want = Py_BuildValue("[(yiy)]", "foo", 0100644, A_SHA);
    r = call(parse_tree, NULL, "(O)", broken);
    ok = succeeded(r) && PyObject_RichCompareBool(r, want, Py_EQ) == 1;
    ok &= settle(0);
    tap(ok, "parse_tree(broken_tree) == [(b'foo', 0o100644, a_sha)]");
    Py_DECREF(want);
    expect_error(call(parse_tree, kw_dict("{s:O}", "strict", Py_True), "(O)", broken), ObjectFormatException,
                 "Illegal leading zero on mode", "parse_tree(broken_tree, strict=True)");
    record(call(parse_tree, kw_dict("{s:O}", "strict", Py_False), "(O)", broken), "parse_tree(broken_tree, strict=False)");
    record(call(parse_tree, kw_dict("{s:i}", "strict", 0), "(O)", broken), "parse_tree(broken_tree, strict=0)");
    record(call(parse_tree, kw_dict("{s:s}", "strict", "yes"), "(O)", broken), "parse_tree(broken_tree, strict='yes')");
    record(call(parse_tree, NULL, "(OO)", broken, Py_True), "parse_tree(broken_tree, True)");
    record(call(parse_tree, kw_dict("{s:O}", "text", broken), "()"), "parse_tree(text=broken_tree)");

    /* truncations and malformed trees */
    Py_ssize_t n = PyBytes_GET_SIZE(raw);
    for (Py_ssize_t cut = 1; cut < n; cut += 7) {
        char what[64];
        snprintf(what, sizeof what, "parse_tree(raw[:%zd])", n - cut);
        record(call(parse_tree, NULL, "(y#)", PyBytes_AS_STRING(raw), n - cut), what);
    }
    record(call(parse_tree, NULL, "(y)", ""), "parse_tree(b'')");
    record(call(parse_tree, NULL, "(y)", "100644foo"), "parse_tree(b'100644foo'): no space");
    record(call(parse_tree, NULL, "(y)", "40000 dir"), "parse_tree(b'40000 dir'): no sha");
    PyObject *many = PyBytes_FromStringAndSize("", 0);
    for (int i = 0; i < 200; i++) {
        char entry[64];
        int len = snprintf(entry, sizeof entry, "%o file%03d", i % 2 ? 040000 : 0100755, i);
        PyObject *e = PyBytes_FromStringAndSize(entry, len + 1); /* with the NUL */
        PyBytes_ConcatAndDel(&many, e);
        PyBytes_Concat(&many, sha);
    }
    r = call(parse_tree, NULL, "(O)", many);
    ok = succeeded(r) && PyList_Check(r) && PyList_GET_SIZE(r) == 200;
    if (ok) {
        PyObject *last = PyList_GET_ITEM(r, 199);
        ok = PyTuple_Check(last) && PyLong_AsLong(PyTuple_GET_ITEM(last, 1)) == 040000;
    }
    ok &= settle(0);
    tap(ok, "parse_tree of 200 entries");
    r = call(parse_tree, NULL, "(O)", many);
    PyObject *tail = r ? PySequence_GetSlice(r, 197, 200) : NULL;
    print_record(tail, "... its last three entries");
    Py_XDECREF(tail);
    ok = settle(0);
    tap(ok, "... its last three entries");
    Py_DECREF(many);

    record(call(parse_tree, NULL, "(s)", "100644 a"), "parse_tree('100644 a'): a str");
    PyObject *ba = PyByteArray_FromObject(broken);
    record(call(parse_tree, NULL, "(O)", ba), "parse_tree(bytearray(broken_tree))");
    Py_DECREF(ba);
    record(call(parse_tree, NULL, "()"), "parse_tree()");
    record(call(parse_tree, kw_dict("{s:O}", "other", Py_True), "(O)", broken), "parse_tree(broken_tree, other=True)");
    Py_DECREF(broken);
    Py_DECREF(head);
    Py_DECREF(sha);
    Py_DECREF(raw);
}

static PyObject *tree_items(void)
{
    return Py_BuildValue("{y:(iy),y:(iy),y:(iy)}", "a.c", 0100755, MY_SHA, "a", 040000, MY_SHA, "a/c", 040000, MY_SHA);
}

static void test_sorted_tree_items(void)
{
    PyObject *items = tree_items();
    PyObject *want = Py_BuildValue("[NNN]", PyObject_CallFunction(TreeEntry, "yiy", "a.c", 0100755, MY_SHA),
                                   PyObject_CallFunction(TreeEntry, "yiy", "a", 040000, MY_SHA),
                                   PyObject_CallFunction(TreeEntry, "yiy", "a/c", 040000, MY_SHA));
    PyObject *r = call(sorted_tree_items, NULL, "(OO)", items, Py_False);
    int ok = succeeded(r) && PyObject_RichCompareBool(r, want, Py_EQ) == 1;
    ok = ok && PyList_GET_SIZE(r) == 3 && PyObject_IsInstance(PyList_GET_ITEM(r, 0), TreeEntry) == 1;
    ok &= settle(0);
    tap(ok, "sorted_tree_items(_TREE_ITEMS, False) == _SORTED_TREE_ITEMS, of TreeEntry");
    record(call(sorted_tree_items, NULL, "(OO)", items, Py_False), "... the list");
    Py_DECREF(want);

    want = Py_BuildValue("[NNN]", PyObject_CallFunction(TreeEntry, "yiy", "a", 040000, MY_SHA),
                         PyObject_CallFunction(TreeEntry, "yiy", "a.c", 0100755, MY_SHA),
                         PyObject_CallFunction(TreeEntry, "yiy", "a/c", 040000, MY_SHA));
    r = call(sorted_tree_items, NULL, "(OO)", items, Py_True);
    ok = succeeded(r) && PyObject_RichCompareBool(r, want, Py_EQ) == 1;
    ok &= settle(0);
    tap(ok, "sorted_tree_items(_TREE_ITEMS, True): name order");
    Py_DECREF(want);
    record(call(sorted_tree_items, NULL, "(Oi)", items, 1), "sorted_tree_items(_TREE_ITEMS, 1)");
    record(call(sorted_tree_items, NULL, "(OO)", items, Py_None), "sorted_tree_items(_TREE_ITEMS, None)");
    record(call(sorted_tree_items, NULL, "(Os)", items, ""), "sorted_tree_items(_TREE_ITEMS, '')");
    Py_DECREF(items);

    /* the errors the test expects (TypeError, ValueError or AttributeError) */
    record(call(sorted_tree_items, NULL, "(yO)", "foo", Py_False), "do_sort(b'foo')");
    record(call(sorted_tree_items, NULL, "({y:(iii)}O)", "foo", 1, 2, 3, Py_False), "do_sort({b'foo': (1, 2, 3)})");
    record(call(sorted_tree_items, NULL, "({y:(yy)}O)", "foo", "xxx", MY_SHA, Py_False),
           "do_sort({b'foo': (b'xxx', myhexsha)})");
    record(call(sorted_tree_items, NULL, "({y:(ii)}O)", "foo", 0100755, 12345, Py_False),
           "do_sort({b'foo': (0o100755, 12345)})");
    record(call(sorted_tree_items, NULL, "({s:(iy)}O)", "foo", 0100755, MY_SHA, Py_False), "a str name");
    record(call(sorted_tree_items, NULL, "({y:[iy]}O)", "foo", 0100755, MY_SHA, Py_False), "a list value");
    record(call(sorted_tree_items, NULL, "({y:O}O)", "foo", Py_None, Py_False), "a None value");
    record(call(sorted_tree_items, NULL, "({}O)", Py_False), "an empty dict");
    record(call(sorted_tree_items, NULL, "(O)", Py_None), "one argument");

    /* a larger directory, in both orders */
    PyObject *big = PyDict_New();
    static const char *const names[] = {"foo", "foo.c", "foo-bar", "foo/bar", "Foo", "a", "zzz", "foo0", "fo", "foo_"};
    for (int i = 0; i < 10; i++) {
        PyObject *k = PyBytes_FromString(names[i]);
        PyObject *v = Py_BuildValue("(iy)", i % 3 == 0 ? 040000 : (i % 3 == 1 ? 0100644 : 0120000), MY_SHA);
        PyDict_SetItem(big, k, v);
        Py_DECREF(k);
        Py_DECREF(v);
    }
    record(call(sorted_tree_items, NULL, "(OO)", big, Py_False), "ten names in tree order");
    record(call(sorted_tree_items, NULL, "(OO)", big, Py_True), "ten names in name order");
    Py_DECREF(big);

    /* the stand-in's behaviour the extension relies on */
    PyObject *e = PyObject_CallFunction(TreeEntry, "yiy", "a", 040000, MY_SHA);
    PyObject *path = e ? PyObject_GetAttrString(e, "path") : NULL;
    print_record(path, "TreeEntry(...).path");
    tap(path != NULL, "TreeEntry(...).path");
    Py_XDECREF(path);
    Py_XDECREF(e);
}

static void run(PyObject *module, const char *sdist)
{
    parse_tree = attr(module, "parse_tree");
    sorted_tree_items = attr(module, "sorted_tree_items");
    test_parse_tree(sdist);
    test_sorted_tree_items();
    Py_DECREF(parse_tree);
    Py_DECREF(sorted_tree_items);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    stand_in_dulwich();
    run(load_module(argv[1], "_objects"), argv[2]);
    return tap_done();
}
