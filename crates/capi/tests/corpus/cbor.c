/* cbor 1.0.0: the cbor._cbor codec (plain C, from before cbor2). loads
 * and dumps take their argument tuple by hand (PyList_GetItem /
 * PyTuple_GetItem), dumps reads sort_keys from the keyword dict; encoding
 * walks int (bignums through shifts and ors of PyLong objects), float,
 * str, bytes, list, tuple, dict, bool and None in two passes (size, then
 * bytes into a PyMem buffer); decoding reads a buffer through
 * PyObject_GetBuffer-free byte pointers, building bignums for tag 2 / 3.
 *
 * Vectors: the round trips of tests/cbor/test_cbor.py's test_basic, its
 * random ints and random objects (from a fixed-seed generator here), and
 * RFC 7049 appendix A's examples both ways (test_vectors.py runs the
 * same table); every encoding and decoding is recorded against CPython's
 * build.
 *
 * Tags other than the bignums decode to cbor.cbor.Tag(tag, value), and
 * dumps looks an unsupported object up against that class before refusing
 * it: the extension imports cbor.cbor (the package's Python side) for it,
 * and crashes if that import fails. The driver puts the same stand-in in
 * sys.modules under both hosts: a `cbor.cbor` whose Tag class (made by
 * type()) stores `tag` and `value` in its __init__, a C function bound
 * through PyInstanceMethod_New.
 *
 * Two of the extension's bugs stay out of the vectors: loads() with no
 * argument and dumps() of an unsupported object without cbor.cbor both
 * dereference NULL, on CPython too. Under valgrind its decoder leaks its
 * reader (and a half-built list) on the error paths.
 */
#include "corpus.h"

static PyObject *loads, *dumps;
static PyObject *tag_class;

/* Tag.__init__(self, tag, value). */
static PyObject *tag_init(PyObject *unused, PyObject *args)
{
    (void)unused;
    PyObject *self, *tag, *value;
    if (!PyArg_ParseTuple(args, "OOO:__init__", &self, &tag, &value))
        return NULL;
    if (PyObject_SetAttrString(self, "tag", tag) < 0 || PyObject_SetAttrString(self, "value", value) < 0)
        return NULL;
    Py_RETURN_NONE;
}
static PyMethodDef TAG_INIT = {"__init__", tag_init, METH_VARARGS, NULL};

static void provide_cbor_package(void)
{
    PyObject *package = PyImport_AddModule("cbor"); /* borrowed */
    PyObject *m = PyImport_AddModule("cbor.cbor"); /* borrowed */
    PyObject *f = PyCFunction_New(&TAG_INIT, NULL);
    PyObject *init = f ? PyInstanceMethod_New(f) : NULL;
    tag_class = init ? PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){sOss}", "Tag",
                                             (PyObject *)&PyBaseObject_Type, "__init__", init, "__module__", "cbor.cbor")
                     : NULL;
    if (package == NULL || m == NULL || tag_class == NULL || PyObject_SetAttrString(m, "Tag", tag_class) < 0
        || PyObject_SetAttrString(package, "cbor", m) < 0)
        bail("cannot provide cbor.cbor");
    Py_DECREF(init);
    Py_DECREF(f);
}

/* (tag, value) of a decoded Tag, recorded. */
static void record_tag(PyObject *r, const char *what)
{
    PyObject *pair = NULL;
    if (r != NULL && PyObject_IsInstance(r, tag_class) == 1) {
        PyObject *t = PyObject_GetAttrString(r, "tag"), *v = PyObject_GetAttrString(r, "value");
        if (t && v)
            pair = PyTuple_Pack(2, t, v);
        Py_XDECREF(t);
        Py_XDECREF(v);
    }
    print_record(r == NULL ? NULL : pair, what);
    int ok = settle(0);
    tap(ok, what);
    Py_XDECREF(pair);
}

static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;
static unsigned long long rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* loads(dumps(ob)) == ob, and dumps(loads(dumps(ob))) == dumps(ob);
   both encodings are recorded. */
static void oso(PyObject *ob, const char *what)
{
    char line[160];
    PyObject *enc = call(dumps, NULL, "(O)", ob);
    snprintf(line, sizeof line, "dumps(%s)", what);
    PyObject *encoded = record_keep(enc, line);
    if (encoded == NULL)
        return;
    PyObject *dec = call(loads, NULL, "(O)", encoded);
    int ok = dec != NULL && PyObject_RichCompareBool(dec, ob, Py_EQ) == 1;
    if (!ok) {
        if (PyErr_Occurred())
            diag_exception();
        diag("loads(dumps(x)) != x; ");
    }
    ok &= settle(0);
    snprintf(line, sizeof line, "loads(dumps(%s)) == %s", what, what);
    tap(ok, line);
    Py_DECREF(encoded);
}

static PyObject *random_string(void)
{
    char buf[11];
    int n = 1 + (int)(rng() % 10);
    for (int i = 0; i < n; i++)
        buf[i] = (char)(' ' + rng() % 94);
    return PyUnicode_FromStringAndSize(buf, n);
}

/* test_cbor.py's _randob: dicts, arrays, strings, ints, None. */
static PyObject *random_object(int depth)
{
    unsigned r = (unsigned)(rng() % 100);
    if (depth > 3)
        r = 30 + r % 70;
    if (r < 10) {
        PyObject *d = PyDict_New();
        int n = (int)(rng() % 6);
        for (int i = 0; i < n; i++) {
            PyObject *k = random_string(), *v = random_object(depth + 1);
            PyDict_SetItem(d, k, v);
            Py_DECREF(k);
            Py_DECREF(v);
        }
        return d;
    }
    if (r < 30) {
        int n = (int)(rng() % 6);
        PyObject *l = PyList_New(n);
        for (int i = 0; i < n; i++)
            PyList_SET_ITEM(l, i, random_object(depth + 1));
        return l;
    }
    if (r < 60)
        return random_string();
    if (r < 100)
        return PyLong_FromLongLong((long long)(rng() % 2000001) - 1000000);
    Py_RETURN_NONE;
}

static void from_hex(const char *hex, unsigned char *out, Py_ssize_t *n)
{
    *n = 0;
    for (const char *c = hex; c[0] && c[1]; c += 2) {
        unsigned v;
        sscanf(c, "%2x", &v);
        out[(*n)++] = (unsigned char)v;
    }
}

static void test_basic(void)
{
    struct {
        const char *fmt;
        const char *what;
    } basics[] = {{"i", "1"}, {"i", "0"}, {"O", "True"}, {"O", "False"}, {"O", "None"}, {"i", "-1"},
                  {"d", "-1.5"}, {"d", "1.5"}, {"i", "1000"}, {"i", "-1000"}, {"i", "1000000000"},
                  {"i", "-1000000000"}, {"L", "1000000000000000"}, {"L", "-1000000000000000"}};
    for (size_t i = 0; i < sizeof basics / sizeof basics[0]; i++) {
        PyObject *ob;
        const char *w = basics[i].what;
        if (strcmp(w, "True") == 0)
            ob = Py_NewRef(Py_True);
        else if (strcmp(w, "False") == 0)
            ob = Py_NewRef(Py_False);
        else if (strcmp(w, "None") == 0)
            ob = Py_NewRef(Py_None);
        else if (basics[i].fmt[0] == 'd')
            ob = PyFloat_FromDouble(atof(w));
        else
            ob = PyLong_FromString(w, NULL, 10);
        oso(ob, w);
        Py_DECREF(ob);
    }
    PyObject *ob = PyList_New(0);
    oso(ob, "[]");
    Py_DECREF(ob);
    ob = PyDict_New();
    oso(ob, "{}");
    Py_DECREF(ob);
    ob = PyBytes_FromStringAndSize("aoeu1234\0\xff", 10);
    oso(ob, "b'aoeu1234\\x00\\xff'");
    Py_DECREF(ob);
    ob = PyUnicode_FromString("\xc3\xa5\xc3\xb6\xc3\xa9\xc3\xbb\xe3\x81\xae\xe3\x81\x8b\xe3\x82\x81\xe4\xba\x80");
    oso(ob, "'åöéûのかめ亀'");
    Py_DECREF(ob);
    ob = Py_BuildValue("[is[i[s]]{s:d}]", 1, "two", 3, "four", "five", 5.5);
    oso(ob, "[1, 'two', [3, ['four']], {'five': 5.5}]");
    Py_DECREF(ob);
    ob = Py_BuildValue("(is)", 1, "two");
    record(call(loads, NULL, "(N)", PyObject_CallFunctionObjArgs(dumps, ob, NULL)), "loads(dumps((1, 'two'))) (a list)");
    Py_DECREF(ob);
    /* Bignums (tags 2 and 3) and the 64-bit edges. */
    const char *bigs[] = {"18446744073709551615", "18446744073709551616", "-18446744073709551616",
                          "-18446744073709551617", "1000000000000000000000", "-1000000000000000000000",
                          "340282366920938463463374607431768211457", "9223372036854775807", "-9223372036854775808"};
    for (size_t i = 0; i < sizeof bigs / sizeof bigs[0]; i++) {
        ob = PyLong_FromString(bigs[i], NULL, 10);
        oso(ob, bigs[i]);
        Py_DECREF(ob);
    }
    /* sort_keys. */
    ob = Py_BuildValue("{s:i,s:i,s:i}", "b", 1, "a", 2, "c", 3);
    record(call(dumps, kw_dict("{s:O}", "sort_keys", Py_True), "(O)", ob), "dumps({'b': 1, 'a': 2, 'c': 3}, sort_keys=True)");
    Py_DECREF(ob);
}

static void test_random(void)
{
    int ok = 1, n = 0;
    for (int i = 0; i < 2000; i++) {
        long long v = (long long)(rng() % 2000000001ULL) - 1000000000LL;
        PyObject *ob = PyLong_FromLongLong(v);
        PyObject *enc = take(call(dumps, NULL, "(O)", ob));
        PyObject *dec = enc ? take(call(loads, NULL, "(O)", enc)) : NULL;
        if (dec == NULL || PyObject_RichCompareBool(dec, ob, Py_EQ) != 1) {
            ok = 0;
            diag("round trip of %lld failed; ", v);
        }
        n += enc ? (int)PyBytes_GET_SIZE(enc) : 0;
        Py_XDECREF(dec);
        Py_XDECREF(enc);
        Py_DECREF(ob);
    }
    tap(ok, "test_random_ints: 2000 ints in [-1e9, 1e9] round trip");
    {
        PyObject *total = PyLong_FromLong(n);
        record_value(total, "test_random_ints: total encoded bytes");
        Py_DECREF(total);
    }
    ok = 1;
    n = 0;
    for (int i = 0; i < 300; i++) {
        PyObject *big = PyLong_FromUnsignedLongLong(rng()), *shift = PyLong_FromLong(8);
        PyObject *ob = PyNumber_Lshift(big, shift);
        if (rng() & 1) {
            PyObject *neg = PyNumber_Negative(ob);
            Py_DECREF(ob);
            ob = neg;
        }
        PyObject *enc = take(call(dumps, NULL, "(O)", ob));
        PyObject *dec = enc ? take(call(loads, NULL, "(O)", enc)) : NULL;
        if (dec == NULL || PyObject_RichCompareBool(dec, ob, Py_EQ) != 1) {
            ok = 0;
            diag("a bignum round trip failed; ");
        }
        n += enc ? (int)PyBytes_GET_SIZE(enc) : 0;
        Py_XDECREF(dec);
        Py_XDECREF(enc);
        Py_DECREF(ob);
        Py_DECREF(big);
        Py_DECREF(shift);
    }
    tap(ok, "test_random_ints: 300 72-bit ints round trip");
    PyObject *total = PyLong_FromLong(n);
    record_value(total, "72-bit ints: total encoded bytes");
    Py_DECREF(total);

    ok = 1;
    PyObject *all = PyList_New(0);
    for (int i = 0; i < 1000; i++) {
        PyObject *ob = random_object(0);
        PyObject *enc = take(call(dumps, NULL, "(O)", ob));
        PyObject *dec = enc ? take(call(loads, NULL, "(O)", enc)) : NULL;
        if (dec == NULL || PyObject_RichCompareBool(dec, ob, Py_EQ) != 1) {
            ok = 0;
            diag("a random object's round trip failed; ");
        }
        if (enc)
            PyList_Append(all, enc);
        Py_XDECREF(dec);
        Py_XDECREF(enc);
        Py_DECREF(ob);
    }
    tap(ok, "test_randobs: 1000 random objects round trip");
    PyObject *empty = PyBytes_FromString("");
    PyObject *joined = PyObject_CallMethod(empty, "join", "O", all);
    record_value(joined, "test_randobs: every encoding, joined");
    Py_XDECREF(joined);
    Py_DECREF(empty);
    Py_DECREF(all);
}

static void test_vectors(void)
{
    /* RFC 7049 appendix A: (diagnostic notation, hex). */
    static const char *const VECTORS[][2] = {
        {"0", "00"}, {"1", "01"}, {"10", "0a"}, {"23", "17"}, {"24", "1818"}, {"25", "1819"},
        {"100", "1864"}, {"1000", "1903e8"}, {"1000000", "1a000f4240"}, {"1000000000000", "1b000000e8d4a51000"},
        {"18446744073709551615", "1bffffffffffffffff"}, {"18446744073709551616", "c249010000000000000000"},
        {"-18446744073709551616", "3bffffffffffffffff"}, {"-18446744073709551617", "c349010000000000000000"},
        {"-1", "20"}, {"-10", "29"}, {"-100", "3863"}, {"-1000", "3903e7"}, {"0.0", "f90000"},
        {"-0.0", "f98000"}, {"1.0", "f93c00"}, {"1.1", "fb3ff199999999999a"}, {"1.5", "f93e00"},
        {"65504.0", "f97bff"}, {"100000.0", "fa47c35000"}, {"3.4028234663852886e+38", "fa7f7fffff"},
        {"1.0e+300", "fb7e37e43c8800759c"}, {"5.960464477539063e-8", "f90001"}, {"0.00006103515625", "f90400"},
        {"-4.0", "f9c400"}, {"-4.1", "fbc010666666666666"}, {"Infinity", "f97c00"}, {"-Infinity", "f9fc00"},
        {"Infinity (single)", "fa7f800000"}, {"-Infinity (double)", "fbfff0000000000000"}, {"false", "f4"},
        {"true", "f5"}, {"null", "f6"}, {"h''", "40"}, {"h'01020304'", "4401020304"}, {"\"\"", "60"},
        {"\"a\"", "6161"}, {"\"IETF\"", "6449455446"}, {"\"\\\"\\\\\"", "62225c"}, {"\"\\u00fc\"", "62c3bc"},
        {"\"\\u6c34\"", "63e6b0b4"}, {"\"\\ud800\\udd51\"", "64f0908591"}, {"[]", "80"}, {"[1, 2, 3]", "83010203"},
        {"[1, [2, 3], [4, 5]]", "8301820203820405"},
        {"[1..25]", "98190102030405060708090a0b0c0d0e0f101112131415161718181819"}, {"{}", "a0"},
        {"{1: 2, 3: 4}", "a201020304"}, {"{\"a\": 1, \"b\": [2, 3]}", "a26161016162820203"},
        {"[\"a\", {\"b\": \"c\"}]", "826161a161626163"},
        {"{\"a\": \"A\", ..., \"e\": \"E\"}", "a56161614161626142616361436164614461656145"},
        {"(_ h'0102', h'030405')", "5f42010243030405ff"}, {"(_ \"strea\", \"ming\")", "7f657374726561646d696e67ff"},
        {"[_ ]", "9fff"}, {"[_ 1, [2, 3], [_ 4, 5]]", "9f018202039f0405ffff"},
        {"[_ 1, [2, 3], [4, 5]]", "9f01820203820405ff"}, {"[1, [2, 3], [_ 4, 5]]", "83018202039f0405ff"},
        {"[1, [_ 2, 3], [4, 5]]", "83019f0203ff820405"},
        {"{_ \"a\": 1, \"b\": [_ 2, 3]}", "bf61610161629f0203ffff"}, {"[\"a\", {_ \"b\": \"c\"}]", "826161bf61626163ff"},
        {"{_ \"Fun\": true, \"Amt\": -2}", "bf6346756ef563416d7421ff"},
    };
    for (size_t i = 0; i < sizeof VECTORS / sizeof VECTORS[0]; i++) {
        unsigned char raw[64];
        Py_ssize_t n;
        char what[160];
        from_hex(VECTORS[i][1], raw, &n);
        snprintf(what, sizeof what, "loads(h'%s') (%s)", VECTORS[i][1], VECTORS[i][0]);
        PyObject *ob = record_keep(call(loads, NULL, "(y#)", raw, n), what);
        if (ob == NULL)
            continue;
        snprintf(what, sizeof what, "dumps(loads(h'%s'))", VECTORS[i][1]);
        record(call(dumps, NULL, "(O)", ob), what);
        Py_DECREF(ob);
    }
}

static void test_tags(void)
{
    /* RFC 7049's tagged examples: tag 0 (date/time string), 1 (epoch), 23
       (expected base16), 24 (embedded CBOR), 32 (URI). */
    static const char *const TAGGED[][2] = {
        {"0(\"2013-03-21T20:04:00Z\")", "c074323031332d30332d32315432303a30343a30305a"},
        {"1(1363896240)", "c11a514b67b0"}, {"1(1363896240.5)", "c1fb41d452d9ec200000"},
        {"23(h'01020304')", "d74401020304"}, {"24(h'6449455446')", "d818456449455446"},
        {"32(\"http://www.example.com\")", "d82076687474703a2f2f7777772e6578616d706c652e636f6d"},
    };
    for (size_t i = 0; i < sizeof TAGGED / sizeof TAGGED[0]; i++) {
        unsigned char raw[64];
        Py_ssize_t n;
        char what[160];
        from_hex(TAGGED[i][1], raw, &n);
        snprintf(what, sizeof what, "loads(h'%s') (%s): (tag, value)", TAGGED[i][1], TAGGED[i][0]);
        record_tag(call(loads, NULL, "(y#)", raw, n), what);
    }
    /* A Tag object encodes as its tag and value. */
    PyObject *tag = PyObject_CallFunction(tag_class, "is", 32, "http://www.example.com");
    if (tag == NULL)
        bail("Tag(32, ...) failed");
    PyObject *enc = record_keep(call(dumps, NULL, "(O)", tag), "dumps(Tag(32, 'http://www.example.com'))");
    if (enc != NULL) {
        record_tag(call(loads, NULL, "(O)", enc), "loads(dumps(Tag(32, ...))): (tag, value)");
        Py_DECREF(enc);
    }
    Py_DECREF(tag);
    tag = PyObject_CallFunction(tag_class, "K[ii]", 1000000ULL, 1, 2);
    record(call(dumps, NULL, "(O)", tag), "dumps(Tag(1000000, [1, 2]))");
    Py_DECREF(tag);
}

static void test_errors(void)
{
    record(call(loads, NULL, "(O)", Py_None), "loads(None) raises ValueError");
    /* (loads() with no argument dereferences NULL, on CPython too.) */
    record(call(loads, NULL, "(y)", ""), "loads(b'')");
    unsigned char bad[] = {0x83, 0x01, 0x02};
    record(call(loads, NULL, "(y#)", bad, (Py_ssize_t)3), "loads(h'830102') (truncated)");
    unsigned char bad7[] = {0xfc};
    record(call(loads, NULL, "(y#)", bad7, (Py_ssize_t)1), "loads(h'fc') (reserved simple value)");
    unsigned char bigtag[] = {0xc2, 0x01};
    record(call(loads, NULL, "(y#)", bigtag, (Py_ssize_t)2), "loads(h'c201') (bignum tag not over bytes)");
    PyObject *ba = PyByteArray_FromStringAndSize("\x83\x01\x02\x03", 4);
    record(call(loads, NULL, "(O)", ba), "loads(bytearray(h'83010203'))");
    Py_DECREF(ba);
    record(call(loads, NULL, "(s)", "\x01"), "loads('\\x01') (a str)");
    record(call(dumps, NULL, "()"), "dumps()");
    PyObject *obj = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
    expect_error(call(dumps, NULL, "(O)", obj), PyExc_ValueError, "cannot serialize unknown object: <object object at*",
                 "dumps(object()) raises ValueError");
    Py_DECREF(obj);
    PyObject *set = PySet_New(NULL);
    record(call(dumps, NULL, "(O)", set), "dumps(set()) raises ValueError");
    Py_DECREF(set);
    PyObject *doc = attr(dumps, "__doc__");
    record_value(doc, "dumps.__doc__");
    Py_DECREF(doc);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    provide_cbor_package();
    loads = attr(module, "loads");
    dumps = attr(module, "dumps");
    test_basic();
    test_random();
    test_vectors();
    test_tags();
    test_errors();
    Py_DECREF(loads);
    Py_DECREF(dumps);
    Py_DECREF(tag_class);
}

CORPUS_MAIN("_cbor", run)
