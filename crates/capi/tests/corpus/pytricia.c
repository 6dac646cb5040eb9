/* pytricia 1.3.0: a patricia trie of IPv4 / IPv6 prefixes. A static
 * mapping type with mp_subscript / mp_ass_subscript, sq_contains and
 * sq_length, tp_iter returning a separate key-iterator type (allocated
 * with PyObject_New), METH_VARARGS methods parsing "O", "O|OO" and
 * "O|O:get", a tp_init parsing "|iiO", keys as str, int, packed bytes,
 * (bytes, prefixlen) tuples and ipaddress objects (found with
 * PyObject_IsInstance against ipaddress._BaseAddress / _BaseNetwork), and
 * __reduce__ / __setstate__ pickling of a frozen trie.
 *
 * The first key conversion imports `ipaddress` (and leaves the error set
 * when that fails). pybuffer has no standard library, so the driver puts
 * the same stand-in in sys.modules under both hosts first: an `ipaddress`
 * with _BaseAddress / _BaseNetwork classes made by type(), whose
 * instances carry `packed`, `network_address` and `prefixlen` as the real
 * ones do.
 *
 * Vectors: test.py (testInit, testBasic, testMoreComplex,
 * testInsertRemove, testIteration, testChildren, testParent, testGet,
 * testGetKey, testIPv6, testNonStringKey, testRaw, testFreeze, pickling).
 */
#include "corpus.h"

#include <sys/socket.h>

static PyObject *tricia_type, *base_address, *base_network;

/* Records a result no call() produced (a protocol call), then releases it. */
static void out(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

static void out_int(Py_ssize_t v, const char *what)
{
    if (v == -1 && PyErr_Occurred())
        out(NULL, what);
    else
        out(PyLong_FromSsize_t(v), what);
}

static void provide_ipaddress(void)
{
    PyObject *m = PyImport_AddModule("ipaddress"); /* borrowed */
    if (m == NULL)
        bail("cannot add ipaddress");
    base_address = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){ss}", "_BaseAddress",
                                         (PyObject *)&PyBaseObject_Type, "__module__", "ipaddress");
    base_network = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){ss}", "_BaseNetwork",
                                         (PyObject *)&PyBaseObject_Type, "__module__", "ipaddress");
    if (base_address == NULL || base_network == NULL || PyObject_SetAttrString(m, "_BaseAddress", base_address) < 0
        || PyObject_SetAttrString(m, "_BaseNetwork", base_network) < 0)
        bail("cannot provide ipaddress");
}

/* An address object: `packed` holds the address bytes. */
static PyObject *address(const void *packed, Py_ssize_t n)
{
    PyObject *a = PyObject_CallNoArgs(base_address);
    PyObject *b = PyBytes_FromStringAndSize(packed, n);
    if (a == NULL || b == NULL || PyObject_SetAttrString(a, "packed", b) < 0)
        bail("cannot make an address");
    Py_DECREF(b);
    return a;
}

/* A network object: `network_address` and `prefixlen`. */
static PyObject *network(const void *packed, Py_ssize_t n, long prefixlen)
{
    PyObject *net = PyObject_CallNoArgs(base_network);
    PyObject *a = address(packed, n);
    PyObject *len = PyLong_FromLong(prefixlen);
    if (net == NULL || len == NULL || PyObject_SetAttrString(net, "network_address", a) < 0
        || PyObject_SetAttrString(net, "prefixlen", len) < 0)
        bail("cannot make a network");
    Py_DECREF(a);
    Py_DECREF(len);
    return net;
}

static PyObject *new_tricia(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args == NULL)
        bail("cannot build arguments");
    PyObject *t = PyObject_Call(tricia_type, args, NULL);
    Py_DECREF(args);
    return t;
}

static void set_str(PyObject *t, const char *key, const char *value, const char *what)
{
    PyObject *k = PyUnicode_FromString(key), *v = PyUnicode_FromString(value);
    int rc = PyObject_SetItem(t, k, v);
    Py_DECREF(k);
    Py_DECREF(v);
    out(rc < 0 ? NULL : Py_NewRef(Py_None), what);
}

static void get_str(PyObject *t, const char *key, const char *what)
{
    PyObject *k = PyUnicode_FromString(key);
    out(PyObject_GetItem(t, k), what);
    Py_DECREF(k);
}

static void contains_str(PyObject *t, const char *key, const char *what)
{
    PyObject *k = PyUnicode_FromString(key);
    out_int(PySequence_Contains(t, k), what);
    Py_DECREF(k);
}

/* sorted(keys) through the iterator protocol, and len(). */
static void keys_via_iter(PyObject *t, const char *what)
{
    PyObject *list = PySequence_List(t);
    if (list != NULL && PyList_Sort(list) < 0)
        Py_CLEAR(list);
    out(list, what);
}

static void sorted_keys(PyObject *t, const char *what)
{
    PyObject *list = call_attr(t, "keys", NULL, "()");
    if (list != NULL && PyList_Sort(list) < 0)
        Py_CLEAR(list);
    record(list, what);
}

static void test_init(void)
{
    expect_error(call(tricia_type, NULL, "(s)", "a"), PyExc_ValueError, "Error parsing prefix length or address family",
                 "PyTricia('a') raises ValueError");
    expect_error(call(tricia_type, NULL, "(i)", -1), PyExc_ValueError,
                 "Invalid number of maximum bits; must be between 0 and 128, inclusive",
                 "PyTricia(-1) raises ValueError");
    expect_error(call(tricia_type, NULL, "(i)", 129), PyExc_ValueError,
                 "Invalid number of maximum bits; must be between 0 and 128, inclusive",
                 "PyTricia(129) raises ValueError");
    expect_error(call(tricia_type, NULL, "(ii)", 32, 99), PyExc_ValueError,
                 "Invalid address family; must be AF_INET (2) or AF_INET6 (30)",
                 "PyTricia(32, 99) raises ValueError");
    expect_error(call(tricia_type, NULL, "(iiii)", 32, AF_INET, 0, 0), PyExc_ValueError,
                 "Error parsing prefix length or address family", "PyTricia(4 arguments) raises ValueError");
    int lens[] = {1, 128};
    for (int i = 0; i < 2; i++) {
        PyObject *t = new_tricia("(i)", lens[i]);
        char what[64];
        snprintf(what, sizeof what, "PyTricia(%d) is a PyTricia", lens[i]);
        expect_true(t != NULL && PyObject_TypeCheck(t, (PyTypeObject *)tricia_type), what);
        if (t == NULL)
            PyErr_Clear();
        Py_XDECREF(t);
    }
    PyObject *t = new_tricia("()");
    out_int(t ? PyObject_Length(t) : -1, "len(PyTricia())");
    Py_XDECREF(t);
}

static void test_basic(void)
{
    PyObject *pyt = new_tricia("()");
    if (pyt == NULL)
        bail("PyTricia() failed");
    set_str(pyt, "10.0.0.0/8", "a", "pyt['10.0.0.0/8'] = 'a'");
    set_str(pyt, "10.1.0.0/16", "b", "pyt['10.1.0.0/16'] = 'b'");
    PyObject *k = PyLong_FromLong(167838211), *v = PyUnicode_FromString("x");
    out(PyObject_SetItem(pyt, k, v) < 0 ? NULL : Py_NewRef(Py_None), "pyt[167838211] = 'x' (10.1.2.3)");
    Py_DECREF(k);
    Py_DECREF(v);
    contains_str(pyt, "10.1.2.3", "'10.1.2.3' in pyt");
    expect_is(call_attr(pyt, "has_key", NULL, "(s)", "10.1.2.3/32"), Py_True, "pyt.has_key('10.1.2.3/32')");
    set_str(pyt, "10.1.2.4/50", "banana", "pyt['10.1.2.4/50'] = 'banana' (a length over 32 means 32)");
    contains_str(pyt, "10.1.2.4", "'10.1.2.4' in pyt");
    set_str(pyt, "10.1.2.5/17", "peanut", "pyt['10.1.2.5/17'] = 'peanut'");
    record(call_attr(pyt, "has_key", NULL, "(s)", "10.1.2.5/17"), "pyt.has_key('10.1.2.5/17')");
    record(call_attr(pyt, "has_key", NULL, "(s)", "10.1.0.0/17"), "pyt.has_key('10.1.0.0/17')");
    set_str(pyt, "", "blank", "pyt[''] = 'blank' raises ValueError");
    set_str(pyt, "astring", "astring", "pyt['astring'] = ... raises ValueError");
    set_str(pyt, "10.0.0.300", "x", "pyt['10.0.0.300'] = ... fails with no exception set");

    get_str(pyt, "10.0.0.0/8", "pyt['10.0.0.0/8']");
    get_str(pyt, "10.1.0.0/16", "pyt['10.1.0.0/16']");
    get_str(pyt, "10.0.0.0", "pyt['10.0.0.0']");
    get_str(pyt, "10.1.0.0", "pyt['10.1.0.0']");
    get_str(pyt, "10.1.0.1", "pyt['10.1.0.1']");
    get_str(pyt, "10.0.0.1", "pyt['10.0.0.1']");
    get_str(pyt, "9.0.0.0", "pyt['9.0.0.0'] raises KeyError");
    get_str(pyt, "nonsense", "pyt['nonsense'] raises ValueError");
    contains_str(pyt, "10.0.0.0", "'10.0.0.0' in pyt");
    contains_str(pyt, "10.1.0.0", "'10.1.0.0' in pyt");
    contains_str(pyt, "10.0.0.1", "'10.0.0.1' in pyt");
    contains_str(pyt, "9.0.0.0", "'9.0.0.0' in pyt");
    contains_str(pyt, "0.0.0.0", "'0.0.0.0' in pyt");
    contains_str(pyt, "bogus", "'bogus' in pyt raises ValueError");
    const char *has[] = {"10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "9.0.0.0/8", "10.0.0.0"};
    for (int i = 0; i < 5; i++) {
        char what[64];
        snprintf(what, sizeof what, "pyt.has_key('%s')", has[i]);
        record(call_attr(pyt, "has_key", NULL, "(s)", has[i]), what);
    }
    sorted_keys(pyt, "sorted(pyt.keys())");
    out_int(PyObject_Length(pyt), "len(pyt)");
    out_int(PySequence_Size(pyt), "PySequence_Size(pyt)");

    /* get, get_key. */
    record(call_attr(pyt, "get", NULL, "(s)", "10.0.0.0/8"), "pyt.get('10.0.0.0/8')");
    record(call_attr(pyt, "get", NULL, "(s)", "10.1.0.0/16"), "pyt.get('10.1.0.0/16')");
    record(call_attr(pyt, "get", NULL, "(s)", "10.1.0.1"), "pyt.get('10.1.0.1')");
    record(call_attr(pyt, "get", NULL, "(s)", "11.0.0.0"), "pyt.get('11.0.0.0') is None");
    record(call_attr(pyt, "get", NULL, "(ss)", "11.0.0.0", "dflt"), "pyt.get('11.0.0.0', 'dflt')");
    record(call_attr(pyt, "get", NULL, "(s)", "junk"), "pyt.get('junk') raises ValueError");
    record(call_attr(pyt, "get", NULL, "()"), "pyt.get() raises TypeError");
    record(call_attr(pyt, "get", NULL, "(sss)", "a", "b", "c"), "pyt.get(3 arguments) raises TypeError");
    record(call_attr(pyt, "get_key", NULL, "(s)", "10.1.2.3"), "pyt.get_key('10.1.2.3')");
    record(call_attr(pyt, "get_key", NULL, "(s)", "10.1.200.3"), "pyt.get_key('10.1.200.3')");
    record(call_attr(pyt, "get_key", NULL, "(s)", "10.200.0.1"), "pyt.get_key('10.200.0.1')");
    record(call_attr(pyt, "get_key", NULL, "(s)", "192.168.0.1"), "pyt.get_key('192.168.0.1') is None");
    Py_DECREF(pyt);
}

static void test_more_complex(void)
{
    PyObject *pyt = new_tricia("()");
    set_str(pyt, "10.0.0.0/8", "a", "more: pyt['10.0.0.0/8'] = 'a'");
    set_str(pyt, "10.1.0.0/16", "b", "more: pyt['10.1.0.0/16'] = 'b'");
    set_str(pyt, "10.0.1.0/24", "c", "more: pyt['10.0.1.0/24'] = 'c'");
    set_str(pyt, "0.0.0.0/0", "default route", "more: pyt['0.0.0.0/0'] = 'default route'");
    record(call_attr(pyt, "has_key", NULL, "(s)", "1.0.0.0/8"), "more: pyt.has_key('1.0.0.0/8')");
    get_str(pyt, "1.0.0.0", "more: pyt['1.0.0.0'] (the default route)");
    get_str(pyt, "10.0.1.77", "more: pyt['10.0.1.77']");
    keys_via_iter(pyt, "more: sorted(iter(pyt))");

    /* children and parent. */
    PyObject *l = call_attr(pyt, "children", NULL, "(s)", "10.0.0.0/8");
    if (l != NULL && PyList_Sort(l) < 0)
        Py_CLEAR(l);
    record(l, "pyt.children('10.0.0.0/8')");
    record(call_attr(pyt, "children", NULL, "(s)", "10.0.1.0/24"), "pyt.children('10.0.1.0/24')");
    record(call_attr(pyt, "children", NULL, "(s)", "10.2.0.0/16"), "pyt.children('10.2.0.0/16') raises KeyError");
    record(call_attr(pyt, "children", NULL, "(s)", "nope"), "pyt.children('nope') raises ValueError");
    record(call_attr(pyt, "parent", NULL, "(s)", "10.0.1.0/24"), "pyt.parent('10.0.1.0/24')");
    record(call_attr(pyt, "parent", NULL, "(s)", "10.1.0.0/16"), "pyt.parent('10.1.0.0/16')");
    record(call_attr(pyt, "parent", NULL, "(s)", "10.0.0.0/8"), "pyt.parent('10.0.0.0/8')");
    record(call_attr(pyt, "parent", NULL, "(s)", "0.0.0.0/0"), "pyt.parent('0.0.0.0/0') is None");
    record(call_attr(pyt, "parent", NULL, "(s)", "10.9.0.0/16"), "pyt.parent('10.9.0.0/16') raises KeyError");

    /* The iterator object. */
    PyObject *it = PyObject_GetIter(pyt);
    if (it != NULL) {
        out(PyObject_Str((PyObject *)Py_TYPE(it)), "type(iter(pyt))");
        out_int(PyIter_Check(it), "PyIter_Check(iter(pyt))");
        PyObject *again = PyObject_GetIter(it);
        out_int(again == it, "iter(iter(pyt)) is the iterator");
        Py_XDECREF(again);
        int n = 0;
        PyObject *item;
        while ((item = PyIter_Next(it)) != NULL) {
            n++;
            Py_DECREF(item);
        }
        out_int(PyErr_Occurred() ? -1 : n, "items from iter(pyt)");
        out(PyIter_Next(it), "next(exhausted iterator) (NULL, no error)");
        Py_DECREF(it);
    } else {
        out(NULL, "iter(pyt)");
    }
    Py_DECREF(pyt);
}

static void test_insert_remove(void)
{
    PyObject *pyt = new_tricia("()");
    PyObject *range = PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 10);
    PyObject *l = PySequence_List(range);
    Py_DECREF(range);
    for (int round = 0; round < 3; round++) {
        char what[96];
        PyObject *k = PyUnicode_FromString("10.0.0.0/8");
        snprintf(what, sizeof what, "round %d: pyt['10.0.0.0/8'] = list(range(10))", round);
        out(PyObject_SetItem(pyt, k, l) < 0 ? NULL : Py_NewRef(Py_None), what);
        snprintf(what, sizeof what, "round %d: pyt.keys()", round);
        sorted_keys(pyt, what);
        snprintf(what, sizeof what, "round %d: pyt['10.1.1.1']", round);
        get_str(pyt, "10.1.1.1", what);
        if (round < 2) {
            snprintf(what, sizeof what, "round %d: pyt.delete('10.0.0.0/8')", round);
            record(call_attr(pyt, "delete", NULL, "(O)", k), what);
        } else {
            snprintf(what, sizeof what, "round %d: del pyt['10.0.0.0/8']", round);
            out(PyObject_DelItem(pyt, k) < 0 ? NULL : Py_NewRef(Py_None), what);
        }
        snprintf(what, sizeof what, "round %d: pyt.keys() after the delete", round);
        sorted_keys(pyt, what);
        snprintf(what, sizeof what, "round %d: pyt.has_key('10.0.0.0/8')", round);
        record(call_attr(pyt, "has_key", NULL, "(O)", k), what);
        Py_DECREF(k);
    }
    record(call_attr(pyt, "delete", NULL, "(s)", "10.0.0.0/9"), "pyt.delete('10.0.0.0/9') raises KeyError");
    PyObject *k = PyUnicode_FromString("10.0.0.0/9");
    out(PyObject_DelItem(pyt, k) < 0 ? NULL : Py_NewRef(Py_None), "del pyt['10.0.0.0/9'] raises KeyError");
    Py_DECREF(k);
    record(call_attr(pyt, "delete", NULL, "(s)", "junk"), "pyt.delete('junk') raises ValueError");
    record(call_attr(pyt, "delete", NULL, "()"), "pyt.delete() raises TypeError");

    /* insert(prefix, data) and insert(address, prefixlen, data): the trie
       keeps the data, so these calls are not refcount-watched. */
    out(PyObject_CallMethod(pyt, "insert", "ss", "10.0.0.0/8", "a"), "pyt.insert('10.0.0.0/8', 'a')");
    out(PyObject_CallMethod(pyt, "insert", "sis", "10.2.0.0", 16, "b"), "pyt.insert('10.2.0.0', 16, 'b')");
    record(call_attr(pyt, "insert", NULL, "(s)", "10.3.0.0/16"), "pyt.insert('10.3.0.0/16') raises ValueError");
    record(call_attr(pyt, "insert", NULL, "()"), "pyt.insert() raises ValueError");
    record(call_attr(pyt, "insert", NULL, "(ss)", "junk", "x"), "pyt.insert('junk', 'x') raises ValueError");
    sorted_keys(pyt, "pyt.keys() after insert");
    get_str(pyt, "10.2.3.4", "pyt['10.2.3.4'] after insert");
    Py_DECREF(l);
    Py_DECREF(pyt);
}

static void test_key_types(void)
{
    PyObject *pyt = new_tricia("()");
    const unsigned char ten[4] = {10, 0, 0, 0}, ten_one[4] = {10, 1, 0, 0}, host[4] = {10, 1, 2, 3};
    /* Packed bytes and (bytes, prefixlen) tuples. */
    PyObject *key = Py_BuildValue("(y#i)", ten, (Py_ssize_t)4, 8), *v = PyUnicode_FromString("tuple");
    out(PyObject_SetItem(pyt, key, v) < 0 ? NULL : Py_NewRef(Py_None), "pyt[(b'\\n\\0\\0\\0', 8)] = 'tuple'");
    Py_DECREF(key);
    Py_DECREF(v);
    key = PyBytes_FromStringAndSize((const char *)host, 4);
    out(PyObject_GetItem(pyt, key), "pyt[b'\\n\\x01\\x02\\x03']");
    out_int(PySequence_Contains(pyt, key), "b'\\n\\x01\\x02\\x03' in pyt");
    Py_DECREF(key);
    key = PyBytes_FromStringAndSize("abc", 3);
    out(PyObject_GetItem(pyt, key), "pyt[b'abc'] raises ValueError");
    Py_DECREF(key);
    key = Py_BuildValue("(si)", "10.0.0.0", 8);
    out(PyObject_GetItem(pyt, key), "pyt[('10.0.0.0', 8)] raises ValueError");
    Py_DECREF(key);
    key = Py_BuildValue("(y#s)", ten, (Py_ssize_t)4, "8");
    out(PyObject_GetItem(pyt, key), "pyt[(b'\\n\\0\\0\\0', '8')] raises ValueError");
    Py_DECREF(key);
    key = Py_BuildValue("(y)", "ab");
    out(PyObject_GetItem(pyt, key), "pyt[(b'ab',)] raises ValueError");
    Py_DECREF(key);
    key = PyFloat_FromDouble(1.5);
    out(PyObject_GetItem(pyt, key), "pyt[1.5] raises ValueError");
    out_int(PySequence_Contains(pyt, key), "1.5 in pyt raises ValueError");
    Py_DECREF(key);
    key = PyLong_FromLong(167838211);
    out(PyObject_GetItem(pyt, key), "pyt[167838211]");
    Py_DECREF(key);

    /* ipaddress objects: an address and a network. */
    PyObject *net = network(ten_one, 4, 16);
    v = PyUnicode_FromString("network");
    out(PyObject_SetItem(pyt, net, v) < 0 ? NULL : Py_NewRef(Py_None), "pyt[IPv4Network('10.1.0.0/16')] = 'network'");
    Py_DECREF(v);
    record(call_attr(pyt, "has_key", NULL, "(s)", "10.1.0.0/16"), "pyt.has_key('10.1.0.0/16') (from the network)");
    record(call_attr(pyt, "has_key", NULL, "(O)", net), "pyt.has_key(IPv4Network('10.1.0.0/16'))");
    Py_DECREF(net);
    PyObject *addr = address(host, 4);
    out(PyObject_GetItem(pyt, addr), "pyt[IPv4Address('10.1.2.3')]");
    record(call_attr(pyt, "get_key", NULL, "(O)", addr), "pyt.get_key(IPv4Address('10.1.2.3'))");
    Py_DECREF(addr);
    addr = address("abc", 3);
    out(PyObject_GetItem(pyt, addr), "pyt[address with 3 packed bytes] raises ValueError");
    Py_DECREF(addr);
    addr = PyObject_CallNoArgs(base_address);
    out(PyObject_GetItem(pyt, addr), "pyt[address without packed] raises ValueError");
    Py_DECREF(addr);
    sorted_keys(pyt, "sorted(pyt.keys()) of the key-type trie");
    Py_DECREF(pyt);
}

static void test_ipv6_and_raw(void)
{
    PyObject *pyt = new_tricia("(ii)", 128, AF_INET6);
    if (pyt == NULL)
        bail("PyTricia(128, AF_INET6) failed");
    set_str(pyt, "2001:db8::/32", "doc", "v6: pyt['2001:db8::/32'] = 'doc'");
    set_str(pyt, "2001:db8:1::/48", "one", "v6: pyt['2001:db8:1::/48'] = 'one'");
    set_str(pyt, "fe80::/10", "link", "v6: pyt['fe80::/10'] = 'link'");
    set_str(pyt, "2001:db8::g", "bad", "v6: pyt['2001:db8::g'] = ... fails with no exception set");
    get_str(pyt, "2001:db8:1:2::5", "v6: pyt['2001:db8:1:2::5']");
    get_str(pyt, "2001:db8:2::5", "v6: pyt['2001:db8:2::5']");
    get_str(pyt, "fe80::1", "v6: pyt['fe80::1']");
    get_str(pyt, "::1", "v6: pyt['::1'] raises KeyError");
    contains_str(pyt, "2001:db8::1", "v6: '2001:db8::1' in pyt");
    sorted_keys(pyt, "v6: sorted(pyt.keys())");
    keys_via_iter(pyt, "v6: sorted(iter(pyt))");
    record(call_attr(pyt, "parent", NULL, "(s)", "2001:db8:1::/48"), "v6: pyt.parent('2001:db8:1::/48')");
    record(call_attr(pyt, "children", NULL, "(s)", "2001:db8::/32"), "v6: pyt.children('2001:db8::/32')");
    unsigned char v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9};
    PyObject *addr = address(v6, 16);
    out(PyObject_GetItem(pyt, addr), "v6: pyt[IPv6Address('2001:db8:1:2::9')]");
    Py_DECREF(addr);
    PyObject *key = PyBytes_FromStringAndSize((const char *)v6, 16);
    out(PyObject_GetItem(pyt, key), "v6: pyt[16 packed bytes]");
    Py_DECREF(key);
    Py_DECREF(pyt);

    /* raw_output: keys come back as (packed bytes, prefixlen). */
    PyObject *raw = new_tricia("(iiO)", 32, AF_INET, Py_True);
    if (raw == NULL)
        bail("PyTricia(32, AF_INET, True) failed");
    set_str(raw, "10.0.0.0/8", "a", "raw: pyt['10.0.0.0/8'] = 'a'");
    set_str(raw, "192.168.1.0/24", "b", "raw: pyt['192.168.1.0/24'] = 'b'");
    sorted_keys(raw, "raw: sorted(pyt.keys())");
    keys_via_iter(raw, "raw: sorted(iter(pyt))");
    record(call_attr(raw, "get_key", NULL, "(s)", "192.168.1.7"), "raw: pyt.get_key('192.168.1.7')");
    record(call_attr(raw, "parent", NULL, "(s)", "192.168.1.0/24"), "raw: pyt.parent('192.168.1.0/24')");
    Py_DECREF(raw);
}

static void test_freeze_and_pickle(void)
{
    PyObject *pyt = new_tricia("()");
    set_str(pyt, "10.0.0.0/8", "a", "freeze: pyt['10.0.0.0/8'] = 'a'");
    set_str(pyt, "10.1.0.0/16", "b", "freeze: pyt['10.1.0.0/16'] = 'b'");
    set_str(pyt, "10.0.1.0/24", "c", "freeze: pyt['10.0.1.0/24'] = 'c'");
    record(call_attr(pyt, "__reduce__", NULL, "()"), "pyt.__reduce__() before freeze raises RuntimeError");
    record(call_attr(pyt, "freeze", NULL, "()"), "pyt.freeze()");
    set_str(pyt, "11.0.0.0/8", "d", "frozen: pyt['11.0.0.0/8'] = 'd' raises ValueError");
    record(call_attr(pyt, "delete", NULL, "(s)", "10.0.0.0/8"), "frozen: pyt.delete('10.0.0.0/8') raises ValueError");
    record(call_attr(pyt, "insert", NULL, "(ss)", "12.0.0.0/8", "e"), "frozen: pyt.insert(...) raises ValueError");
    get_str(pyt, "10.1.2.3", "frozen: pyt['10.1.2.3']");
    get_str(pyt, "10.0.1.9", "frozen: pyt['10.0.1.9']");
    get_str(pyt, "10.200.0.1", "frozen: pyt['10.200.0.1']");
    sorted_keys(pyt, "frozen: sorted(pyt.keys())");
    keys_via_iter(pyt, "frozen: sorted(iter(pyt))");
    out_int(PyObject_Length(pyt), "frozen: len(pyt)");
    record(call_attr(pyt, "parent", NULL, "(s)", "10.0.1.0/24"), "frozen: pyt.parent('10.0.1.0/24')");

    /* Pickling: __reduce__ gives (type, (maxbits,), state); a new trie from
       those with __setstate__(state) has the same mappings. */
    PyObject *reduced = PyObject_CallMethod(pyt, "__reduce__", NULL);
    int ok = reduced != NULL && PyTuple_Check(reduced) && PyTuple_GET_SIZE(reduced) == 3
             && PyTuple_GET_ITEM(reduced, 0) == tricia_type;
    expect_true(ok, "pyt.__reduce__() is (PyTricia, args, state)");
    if (!ok) {
        PyErr_Clear();
    } else {
        out(PyObject_Repr(PyTuple_GET_ITEM(reduced, 1)), "pyt.__reduce__()[1]");
        PyObject *copy = PyObject_Call(tricia_type, PyTuple_GET_ITEM(reduced, 1), NULL);
        if (copy == NULL)
            bail("PyTricia(*args) failed");
        /* The copy keeps the state's data values. */
        out(PyObject_CallMethod(copy, "__setstate__", "O", PyTuple_GET_ITEM(reduced, 2)), "copy.__setstate__(state)");
        sorted_keys(copy, "copy: sorted(keys())");
        get_str(copy, "10.1.2.3", "copy: pyt['10.1.2.3']");
        get_str(copy, "10.0.1.9", "copy: pyt['10.0.1.9']");
        get_str(copy, "10.3.0.1", "copy: pyt['10.3.0.1']");
        record(call_attr(copy, "__setstate__", NULL, "(i)", 5), "copy.__setstate__(5) raises TypeError");
        Py_DECREF(copy);
    }
    Py_XDECREF(reduced);

    record(call_attr(pyt, "thaw", NULL, "()"), "pyt.thaw()");
    set_str(pyt, "11.0.0.0/8", "d", "thawed: pyt['11.0.0.0/8'] = 'd'");
    sorted_keys(pyt, "thawed: sorted(pyt.keys())");
    get_str(pyt, "10.1.2.3", "thawed: pyt['10.1.2.3']");
    get_str(pyt, "11.1.2.3", "thawed: pyt['11.1.2.3']");
    Py_DECREF(pyt);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    provide_ipaddress();
    tricia_type = attr(module, "PyTricia");
    PyObject *doc = attr(module, "__doc__");
    record_value(doc, "pytricia.__doc__");
    Py_DECREF(doc);
    test_init();
    test_basic();
    test_more_complex();
    test_insert_remove();
    test_key_types();
    test_ipv6_and_raw();
    test_freeze_and_pickle();
    Py_DECREF(tricia_type);
}

CORPUS_MAIN("pytricia", run)
