/* py-radix 1.1.0 (radix._radix): a radix tree of IPv4 and IPv6 prefixes --
 * a Radix type whose methods parse "|zlz#:name" keywords (network string,
 * mask length, packed address), RadixNode objects with READONLY T_OBJECT
 * members (a per-node data dict, prefix strings, the packed bytes), a
 * parent getset, node identity kept across lookups, tp_iter over the tree
 * raising RuntimeWarning when the tree changes under it, and the address
 * parsing of getaddrinfo / inet_ntop.
 *
 * Vectors follow tests/test_regression.py.
 */
#include "corpus.h"

static PyObject *Radix;

/* obj.name(*args, **kw) called directly, not through call(): a node keeps
 * its mask length, so a call's argument refcount check would report the
 * (shared small) int it was given. `kw` is stolen. NULL with the exception
 * recorded when it fails. */
static PyObject *direct(PyObject *obj, const char *name, PyObject *kw, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *m = PyObject_GetAttrString(obj, name);
    PyObject *r = m && args ? PyObject_Call(m, args, kw) : NULL;
    if (r == NULL)
        diag_exception();
    Py_XDECREF(m);
    Py_XDECREF(args);
    Py_XDECREF(kw);
    return r;
}

static PyObject *add(PyObject *tree, const char *network, long masklen)
{
    if (masklen < 0)
        return direct(tree, "add", NULL, "(s)", network);
    return direct(tree, "add", NULL, "(sl)", network, masklen);
}

static void record_attr(PyObject *obj, const char *name, const char *what)
{
    PyObject *v = PyObject_GetAttrString(obj, name);
    if (v == NULL)
        bail("no attribute %s", name);
    record_value(v, what);
    Py_DECREF(v);
}

static void record_prefixes(PyObject *nodes, const char *what)
{
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(nodes); i++) {
        PyObject *p = PyObject_GetAttrString(PyList_GET_ITEM(nodes, i), "prefix");
        PyList_Append(out, p);
        Py_DECREF(p);
    }
    PyList_Sort(out);
    record_value(out, what);
    Py_DECREF(out);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    Radix = attr(module, "Radix");
    record_value(Radix, "repr(Radix)");
    PyObject *tree = keep(call(Radix, NULL, "()"), "Radix()");
    PyObject *type = PyObject_Type(tree);
    record_value(type, "type(Radix())");
    Py_DECREF(type);

    /* Nodes: members, data, identity across lookups. */
    PyObject *n1 = add(tree, "10.0.0.0/8", -1);
    if (n1 == NULL)
        bail("add failed");
    const char *members[] = {"prefix", "network", "prefixlen", "family", "packed", "data", "parent"};
    for (size_t i = 0; i < sizeof members / sizeof *members; i++) {
        char label[64];
        snprintf(label, sizeof label, "node.%s", members[i]);
        record_attr(n1, members[i], label);
    }
    PyObject *data = PyObject_GetAttrString(n1, "data");
    PyDict_SetItemString(data, "asn", PyLong_FromLong(64512));
    Py_DECREF(data);
    expect_is(call_attr(tree, "search_exact", NULL, "(s)", "10.0.0.0/8"), n1, "search_exact gives the same node");
    PyObject *again = add(tree, "10.1.2.3", 8);
    expect_true(again == n1, "add of the same prefix (another spelling) gives the same node");
    Py_XDECREF(again);
    record_attr(n1, "data", "its data survives");
    expect_true(PyObject_SetAttrString(n1, "prefix", Py_None) < 0, "node.prefix is read-only");
    print_record(NULL, "setting node.prefix");
    tap(1, "setting node.prefix");

    /* Masks, both families, packed addresses. */
    PyObject *n2 = (direct(tree, "add", kw_dict("{s:s,s:i}", "network", "10.255.255.252", "masklen", 28), "()"));
    record_attr(n2, "prefix", "add(network='10.255.255.252', masklen=28)");
    PyObject *n3 = add(tree, "dead:beef:1234:5678::", 32);
    record_attr(n3, "prefix", "add('dead:beef:1234:5678::', 32)");
    record_attr(n3, "family", "its family (AF_INET6)");
    record_attr(n3, "packed", "its packed address");
    const unsigned char p4[4] = {0xe0, 0x14, 0x0b, 0x40};
    PyObject *n4 = (direct(tree, "add", kw_dict("{s:y#,s:i}", "packed", (const char *)p4, (Py_ssize_t)4,
                                                     "masklen", 26),
                                  "()"));
    record_attr(n4, "prefix", "add(packed=4 bytes, masklen=26)");
    const unsigned char p6[16] = {0xde, 0xad, 0xbe, 0xef, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
    PyObject *n5 = (direct(tree, "add", kw_dict("{s:y#,s:i}", "packed", (const char *)p6, (Py_ssize_t)16,
                                                     "masklen", 108),
                                  "()"));
    record_attr(n5, "prefix", "add(packed=16 bytes, masklen=108)");
    Py_XDECREF(n2);
    Py_XDECREF(n3);
    Py_XDECREF(n4);
    Py_XDECREF(n5);

    /* Searches. */
    PyObject *n6 = add(tree, "10.0.0.0/16", -1), *n7 = add(tree, "10.0.0.0/24", -1), *n8 = add(tree, "0.0.0.0/0", -1);
    PyObject *b = take(call_attr(tree, "search_best", NULL, "(s)", "10.0.0.77"));
    record_attr(b, "prefix", "search_best('10.0.0.77')");
    Py_XDECREF(b);
    PyObject *w = take(call_attr(tree, "search_worst", NULL, "(s)", "10.0.0.77"));
    record_attr(w, "prefix", "search_worst('10.0.0.77')");
    Py_XDECREF(w);
    record(call_attr(tree, "search_exact", NULL, "(s)", "10.0.0.77"), "search_exact('10.0.0.77') (no such prefix)");
    PyObject *covered = take(call_attr(tree, "search_covered", NULL, "(s)", "10.0.0.0/8"));
    record_prefixes(covered, "search_covered('10.0.0.0/8')");
    Py_XDECREF(covered);
    PyObject *covering = take(call_attr(tree, "search_covering", NULL, "(s)", "10.0.0.0/24"));
    record_prefixes(covering, "search_covering('10.0.0.0/24')");
    Py_XDECREF(covering);
    record_attr(n7, "parent", "the /24's parent");
    PyObject *nodes = take(call_attr(tree, "nodes", NULL, "()"));
    record_prefixes(nodes, "nodes()");
    Py_XDECREF(nodes);
    PyObject *prefixes = take(call_attr(tree, "prefixes", NULL, "()"));
    if (prefixes != NULL)
        PyList_Sort(prefixes);
    record_value(prefixes, "sorted(prefixes())");
    Py_XDECREF(prefixes);

    /* Iteration, and a tree changed while it is iterated. */
    PyObject *iter = PyObject_GetIter(tree);
    PyObject *first = iter ? PyIter_Next(iter) : NULL;
    expect_true(first != NULL, "the iterator gives a node");
    PyObject *del = take(call_attr(tree, "delete", NULL, "(s)", "0.0.0.0/0"));
    Py_XDECREF(del);
    PyObject *after = PyIter_Next(iter);
    print_record(after, "next() after the tree changed");
    tap(1, "next() after the tree changed");
    Py_XDECREF(after);
    Py_XDECREF(first);
    Py_XDECREF(iter);

    /* Deletes and errors. */
    record(call_attr(tree, "delete", NULL, "(s)", "10.0.0.0/24"), "delete('10.0.0.0/24')");
    record(call_attr(tree, "delete", NULL, "(s)", "10.0.0.0/24"), "delete of a deleted prefix");
    record_attr(n7, "prefix", "a deleted node keeps its prefix");
    record(call_attr(tree, "add", NULL, "()"), "add() without an address");
    record(call_attr(tree, "add", NULL, "(s)", "blah/32"), "add('blah/32')");
    record(call_attr(tree, "add", NULL, "(si)", "127.0.0.1", -2), "add('127.0.0.1', -2)");
    record(call_attr(tree, "add", NULL, "(si)", "127.0.0.1", 64), "add('127.0.0.1', 64)");
    record(call_attr(tree, "add", NULL, "(si)", "::", 256), "add('::', 256)");
    record(call_attr(tree, "add", kw_dict("{s:y,s:i}", "packed", "abc", "masklen", 8), "()"),
           "add(packed=3 bytes)");
    record(call_attr(tree, "add", kw_dict("{s:s,s:y}", "network", "10.0.0.0/8", "packed", "abcd"), "()"),
           "add(network=..., packed=...)");
    record(call_attr(tree, "nodes", NULL, "(i)", 1), "nodes(1)");
    record(call(Radix, NULL, "(i)", 1), "Radix(1)");

    /* Many prefixes, as the test suite's lots_of_prefixes. */
    PyObject *big = keep(call(Radix, NULL, "()"), "another Radix()");
    int added = 0;
    for (int i = 0; i < 64; i++) {
        for (int j = 0; j < 64; j++) {
            char net[32];
            snprintf(net, sizeof net, "1.%d.%d.0", i, j);
            PyObject *n = direct(big, "add", NULL, "(si)", net, ((i + j) % 8) + 24);
            added += n != NULL;
            Py_XDECREF(n);
        }
    }
    expect_true(added == 64 * 64, "4096 prefixes added");
    PyObject *all = take(call_attr(big, "prefixes", NULL, "()"));
    expect_true(all != NULL && PyList_GET_SIZE(all) == 4096, "prefixes() gives all 4096");
    Py_XDECREF(all);
    PyObject *hit = take(call_attr(big, "search_best", NULL, "(s)", "1.7.9.33"));
    record_attr(hit, "prefix", "search_best('1.7.9.33') among them");
    Py_XDECREF(hit);
    Py_DECREF(big);

    /* A node outlives its tree. */
    Py_DECREF(tree);
    record_attr(n1, "prefix", "a node after its tree is gone");
    Py_XDECREF(n6);
    Py_XDECREF(n7);
    Py_XDECREF(n8);
    Py_DECREF(n1);
}

CORPUS_MAIN("_radix", run)
