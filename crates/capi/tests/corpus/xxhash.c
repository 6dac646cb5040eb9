/* xxhash 4.1.0's `_xxhash`: multi-phase init whose exec slot makes four
 * heap types with PyType_FromModuleAndSpec (and sets their tp_vectorcall),
 * adds them with PyModule_AddType; METH_FASTCALL|METH_KEYWORDS functions
 * that parse their own kwnames; hasher objects with update / digest /
 * hexdigest (PyUnicode_New + 1-byte data) / intdigest (128 bits through
 * PyNumber_Lshift + PyNumber_Add) / copy / reset and getset attributes;
 * PyThread locks and the GIL released above 64 KiB.
 *
 * Vectors: tests/test_xxh32.py, test_xxh64.py, test_xxh3_64.py and
 * test_xxh3_128.py (known answers, seeds that overflow and wrap, the long
 * path, update/copy/reset) and test.py's argument errors.
 */
#include "corpus.h"

typedef struct {
    const char *name;   /* the type; functions are <name>_digest etc. */
    int digest_size;
    const char *a[4];   /* intdigest of b'a' with seed 0, 1, 2**64-1 (or 2**32-1) */
    const char *long_answers[5];
} Algo;

static const Algo ALGOS[] = {
    {"xxh32", 4, {"1426945110", "4111757423", "3443684653"}, {NULL}},
    {"xxh64", 8, {"15154266338359012955", "16051599287423682246", "6972758980737027682"}, {NULL}},
    {"xxh3_64", 8, {"16629034431890738719", "15201566949650179872", "4875116479388997462"},
     {"17784696633448601904", "10343239347255277306", "5358556820880783900", "12137474952470826274",
      "3725042947095682218"}},
    {"xxh3_128", 16,
     {"225219434562328483135862406050043285023", "337425133163118381928709500770786453280",
      "198297796855923085494266857744987477846"},
     {"83055572732911745733364072063521397040", "212898653139750571665199124048622024442",
      "109508391914506197641422089710284077596", "174836936922913186110831535746530774306",
      "336787309845147245671426168055747992746"}},
};

static PyObject *module;

static PyObject *fn(const char *algo, const char *suffix)
{
    char name[64];
    snprintf(name, sizeof name, "%s%s", algo, suffix);
    return attr(module, name);
}

static PyObject *kw(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (d == NULL)
        bail("bad keyword format %s", fmt);
    return d;
}

static PyObject *big(const char *digits)
{
    PyObject *n = PyLong_FromString(digits, NULL, 10);
    if (n == NULL)
        bail("PyLong_FromString(%s)", digits);
    return n;
}

static int same_result(PyObject *a, PyObject *b)
{
    return a != NULL && b != NULL && PyObject_RichCompareBool(a, b, Py_EQ) == 1;
}

static void known_answers(const Algo *al)
{
    char what[200];
    PyObject *type = fn(al->name, "");
    PyObject *intdigest = fn(al->name, "_intdigest");
    int wide = al->digest_size > 4;
    const char *max_seed = wide ? "18446744073709551615" : "4294967295";
    PyObject *seeds[3] = {PyLong_FromLong(0), PyLong_FromLong(1), big(max_seed)};
    for (int i = 0; i < 3; i++) {
        snprintf(what, sizeof what, "%s_intdigest(b'a', seed #%d)", al->name, i);
        expect_int(call(intdigest, NULL, "(y#O)", "a", (Py_ssize_t)1, seeds[i]), al->a[i], what);
        snprintf(what, sizeof what, "%s(b'a', seed #%d).intdigest()", al->name, i);
        PyObject *h = keep(call(type, NULL, "(y#O)", "a", (Py_ssize_t)1, seeds[i]), "construct a hasher");
        expect_int(call_attr(h, "intdigest", NULL, "()"), al->a[i], what);
        Py_DECREF(h);
        snprintf(what, sizeof what, "%s_intdigest(data=b'a', seed=#%d) by keyword", al->name, i);
        expect_int(call(intdigest, kw("{s:y,s:O}", "data", "a", "seed", seeds[i]), "()"), al->a[i], what);
    }
    expect_int(call(intdigest, NULL, "(y#)", "a", (Py_ssize_t)1), al->a[0], "the seed defaults to 0");

    /* test_*_overflow: seeds wrap modulo 2**32 / 2**64, as
       PyLong_AsUnsignedLongLongMask does. */
    static const char s[] = "I want an unsigned 32-bit seed!";
    static const char *narrow[][2] = {{"0", "4294967296"}, {"1", "4294967297"}, {"8589934591", "17179869183"},
                                      {"36893488147419103231", "73786976294838206463"}};
    static const char *wide_pairs[][2] = {{"0", "18446744073709551616"}, {"1", "18446744073709551617"},
                                          {"36893488147419103231", "73786976294838206463"},
                                          {"36893488147419103231", "73786976294838206463"}};
    const char *(*pairs)[2] = wide ? wide_pairs : narrow;
    for (int i = 0; i < 4; i++) {
        PyObject *s1 = big(pairs[i][0]), *s2 = big(pairs[i][1]);
        PyObject *r1 = take(call(intdigest, NULL, "(y#O)", s, (Py_ssize_t)(sizeof s - 1), s1));
        PyObject *h = take(call(type, kw("{s:O}", "seed", s2), "(y#)", s, (Py_ssize_t)(sizeof s - 1)));
        PyObject *r2 = h ? take(call_attr(h, "intdigest", NULL, "()")) : NULL;
        PyObject *seed_attr = h ? PyObject_GetAttrString(h, "seed") : NULL;
        PyObject *h1 = take(call(type, NULL, "(y#O)", s, (Py_ssize_t)(sizeof s - 1), s1));
        PyObject *seed1 = h1 ? PyObject_GetAttrString(h1, "seed") : NULL;
        snprintf(what, sizeof what, "%s: seeds %s and %s hash alike (the .seed attributes too)", al->name,
                 pairs[i][0], pairs[i][1]);
        expect_true(same_result(r1, r2) && same_result(seed_attr, seed1), what);
        Py_XDECREF(seed1);
        Py_XDECREF(h1);
        Py_XDECREF(seed_attr);
        Py_XDECREF(r2);
        Py_XDECREF(h);
        Py_XDECREF(r1);
        Py_DECREF(s2);
        Py_DECREF(s1);
    }
    for (int i = 0; i < 3; i++)
        Py_DECREF(seeds[i]);
    Py_DECREF(intdigest);
    Py_DECREF(type);
}

static PyObject *make_long_input(int which)
{
    switch (which) {
    case 0:
    case 1: {
        PyObject *b = PyBytes_FromStringAndSize(NULL, 241);
        memset(PyBytes_AS_STRING(b), 'a', 241);
        return b;
    }
    case 2: {
        PyObject *b = PyBytes_FromStringAndSize(NULL, 1024);
        memset(PyBytes_AS_STRING(b), 'a', 1024);
        return b;
    }
    case 3: {
        PyObject *b = PyBytes_FromStringAndSize(NULL, 1024);
        for (int i = 0; i < 1024; i++)
            PyBytes_AS_STRING(b)[i] = (char)(i & 0xff);
        return b;
    }
    default: {
        PyObject *b = PyBytes_FromStringAndSize(NULL, 65536);
        memset(PyBytes_AS_STRING(b), 0, 65536);
        return b;
    }
    }
}

/* test_xxh3_*_long: one-shot and 100-byte updates agree with the answers. */
static void long_path(const Algo *al)
{
    if (al->long_answers[0] == NULL)
        return;
    char what[200];
    PyObject *type = fn(al->name, "");
    PyObject *intdigest = fn(al->name, "_intdigest");
    for (int c = 0; c < 5; c++) {
        PyObject *data = make_long_input(c);
        int seed = c == 1;
        snprintf(what, sizeof what, "%s_intdigest of long input #%d", al->name, c);
        expect_int(call(intdigest, NULL, "(Oi)", data, seed), al->long_answers[c], what);
        PyObject *h = keep(call(type, kw("{s:i}", "seed", seed), "()"), "an empty hasher");
        for (Py_ssize_t at = 0; at < PyBytes_GET_SIZE(data); at += 100) {
            Py_ssize_t n = PyBytes_GET_SIZE(data) - at;
            PyObject *none = take(call_attr(h, "update", NULL, "(y#)", PyBytes_AS_STRING(data) + at, n < 100 ? n : 100));
            if (none != NULL && none != Py_None)
                group_ok = 0;
            Py_XDECREF(none);
        }
        snprintf(what, sizeof what, "%s: long input #%d in 100-byte updates", al->name, c);
        expect_int(call_attr(h, "intdigest", NULL, "()"), al->long_answers[c], what);
        Py_DECREF(h);
        Py_DECREF(data);
    }
    Py_DECREF(intdigest);
    Py_DECREF(type);
}

/* test_*_update / copy / reset, and the digest forms agreeing. */
static void hasher_methods(const Algo *al)
{
    char what[200];
    PyObject *type = fn(al->name, "");
    PyObject *digest = fn(al->name, "_digest");
    PyObject *hexdigest = fn(al->name, "_hexdigest");
    PyObject *x = keep(call(type, NULL, "()"), "an empty hasher");
    PyObject *empty = take(call_attr(x, "intdigest", NULL, "()"));
    static const char abc[] = "abc";
    for (Py_ssize_t n = 1; n <= 3; n++) {
        PyObject *none = take(call_attr(x, "update", NULL, "(y#)", abc + n - 1, (Py_ssize_t)1));
        if (none != Py_None)
            group_ok = 0;
        Py_XDECREF(none);
        PyObject *d1 = take(call_attr(x, "digest", NULL, "()"));
        PyObject *d2 = take(call(digest, NULL, "(y#)", abc, n));
        PyObject *h3 = take(call(type, NULL, "(y#)", abc, n));
        PyObject *d3 = h3 ? take(call_attr(h3, "digest", NULL, "()")) : NULL;
        snprintf(what, sizeof what, "%s: update() one byte at a time matches %s_digest and %s(data) (%zd bytes)",
                 al->name, al->name, al->name, n);
        expect_true(same_result(d1, d2) && same_result(d1, d3) && PyBytes_CheckExact(d1) &&
                        PyBytes_GET_SIZE(d1) == al->digest_size,
                    what);
        Py_XDECREF(d3);
        Py_XDECREF(h3);
        Py_XDECREF(d2);
        Py_XDECREF(d1);
    }
    /* hexdigest is the digest in lowercase hex, and the function agrees */
    PyObject *d = take(call_attr(x, "digest", NULL, "()"));
    char hex[40] = {0};
    for (int i = 0; d != NULL && i < al->digest_size; i++)
        snprintf(hex + 2 * i, 3, "%02x", (unsigned char)PyBytes_AS_STRING(d)[i]);
    Py_XDECREF(d);
    snprintf(what, sizeof what, "%s.hexdigest() is the digest in hex", al->name);
    expect_str(call_attr(x, "hexdigest", NULL, "()"), hex, what);
    snprintf(what, sizeof what, "%s_hexdigest agrees", al->name);
    expect_str(call(hexdigest, NULL, "(y#)", abc, (Py_ssize_t)3), hex, what);

    /* copy() is independent; reset() returns to the empty state. */
    PyObject *b = keep(call_attr(x, "copy", NULL, "()"), "copy()");
    expect_true(b != x && Py_TYPE(b) == Py_TYPE(x), "copy() is a new object of the same type");
    PyObject *none = take(call_attr(b, "update", NULL, "(y#)", "xxhash", (Py_ssize_t)6));
    Py_XDECREF(none);
    PyObject *da = take(call_attr(x, "intdigest", NULL, "()"));
    PyObject *db = take(call_attr(b, "intdigest", NULL, "()"));
    snprintf(what, sizeof what, "%s: updating a copy leaves the original alone", al->name);
    expect_true(da && db && !same_result(da, db), what);
    Py_XDECREF(da);
    Py_XDECREF(db);
    none = take(call_attr(x, "reset", NULL, "()"));
    Py_XDECREF(none);
    snprintf(what, sizeof what, "%s: reset() gives the empty digest again", al->name);
    PyObject *after = take(call_attr(x, "intdigest", NULL, "()"));
    expect_true(same_result(after, empty), what);
    Py_XDECREF(after);
    Py_DECREF(b);

    /* getset attributes */
    PyObject *ds = PyObject_GetAttrString(x, "digest_size");
    PyObject *nm = PyObject_GetAttrString(x, "name");
    char upper[16] = {0};
    for (size_t i = 0; al->name[i] && i < sizeof upper - 1; i++)
        upper[i] = (char)(al->name[i] >= 'a' && al->name[i] <= 'z' ? al->name[i] - 32 : al->name[i]);
    snprintf(what, sizeof what, "%s.digest_size and .name", al->name);
    expect_true(ds && PyLong_AsLong(ds) == al->digest_size && nm && PyUnicode_Check(nm) &&
                    strcmp(PyUnicode_AsUTF8(nm), upper) == 0,
                what);
    Py_XDECREF(ds);
    Py_XDECREF(nm);
    PyErr_Clear();

    /* Above 64 KiB the hasher takes its lock and releases the GIL. */
    PyObject *large = PyBytes_FromStringAndSize(NULL, 200000);
    memset(PyBytes_AS_STRING(large), 'z', 200000);
    PyObject *one = take(call(digest, NULL, "(O)", large));
    none = take(call_attr(x, "update", NULL, "(O)", large));
    Py_XDECREF(none);
    PyObject *two = take(call_attr(x, "digest", NULL, "()"));
    snprintf(what, sizeof what, "%s: 200000 bytes (GIL released, hasher lock) hash alike both ways", al->name);
    expect_true(same_result(one, two), what);
    Py_XDECREF(one);
    Py_XDECREF(two);
    Py_DECREF(large);

    Py_XDECREF(empty);
    Py_DECREF(x);
    Py_DECREF(hexdigest);
    Py_DECREF(digest);
    Py_DECREF(type);
}

static void argument_errors(void)
{
    PyObject *f = fn("xxh64", "_intdigest");
    PyObject *t = fn("xxh64", "");
    expect_error(call(f, NULL, "(s)", "text"), PyExc_TypeError, "Strings must be encoded before hashing",
                 "str data is refused");
    expect_error(call(f, NULL, "(O)", Py_None), PyExc_TypeError, "object supporting the buffer API required",
                 "None data is refused");
    expect_error(call(f, NULL, "(i)", 3), PyExc_TypeError, "a bytes-like object is required, not 'int'",
                 "int data is refused");
    expect_error(call(f, NULL, "()"), PyExc_TypeError, "xxh64_intdigest() missing required argument 'data'",
                 "data is required");
    expect_error(call(f, NULL, "(y#ii)", "a", (Py_ssize_t)1, 1, 2), PyExc_TypeError,
                 "xxh64_intdigest() takes at most 2 positional arguments (3 given)", "three positional arguments");
    expect_error(call(f, kw("{s:i}", "seed", 1), "(y#i)", "a", (Py_ssize_t)1, 1), PyExc_TypeError,
                 "xxh64_intdigest() got multiple values for argument 'seed'", "seed given twice");
    expect_error(call(f, kw("{s:i}", "salt", 1), "(y#)", "a", (Py_ssize_t)1), PyExc_TypeError,
                 "'salt' is an invalid keyword argument for 'xxh64_intdigest()'", "an unknown keyword");
    expect_error(call(f, NULL, "(y#s)", "a", (Py_ssize_t)1, "seed"), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "a str seed");
    expect_error(call(f, NULL, "(y#d)", "a", (Py_ssize_t)1, 1.5), PyExc_TypeError,
                 "'float' object cannot be interpreted as an integer", "a float seed");
    /* test_buffer_types: any buffer exporter hashes like bytes */
    PyObject *ba = PyByteArray_FromStringAndSize("abcdef", 6);
    PyObject *mv = PyMemoryView_FromObject(ba);
    expect_int(call(f, NULL, "(O)", ba), "18053520794346263629", "a bytearray hashes");
    expect_int(call(f, NULL, "(O)", mv), "18053520794346263629", "a memoryview hashes");
    Py_DECREF(mv);
    Py_DECREF(ba);
    expect_error(call(t, NULL, "(s)", "text"), PyExc_TypeError, "Strings must be encoded before hashing",
                 "xxh64('text') is refused");
    Py_DECREF(t);
    Py_DECREF(f);
}

static void run(PyObject *m, const char *sdist)
{
    (void)sdist;
    module = m;
    PyObject *version = attr(module, "XXHASH_VERSION");
    expect_true(PyUnicode_Check(version), "XXHASH_VERSION is a str");
    Py_DECREF(version);
    for (size_t i = 0; i < sizeof ALGOS / sizeof ALGOS[0]; i++) {
        known_answers(&ALGOS[i]);
        long_path(&ALGOS[i]);
        hasher_methods(&ALGOS[i]);
    }
    argument_errors();
}

CORPUS_MAIN("_xxhash", run)
