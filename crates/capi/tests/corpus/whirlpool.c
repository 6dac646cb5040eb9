/* whirlpool 1.1.2: the Whirlpool hash (the NESSIE reference code, which
 * the glue #includes), a hashlib-style static type made ready by hand
 * (Py_SET_TYPE then PyType_Ready) with update/digest/hexdigest/copy and
 * read-only getters, hex digits from Py_hexdigits, buffers from
 * PyObject_GetBuffer, and the type put in the module dict directly.
 *
 * Vectors: test/test_whirlpool.py (new() empty and with data, the
 * update/copy interleaving, UTF-8 and binary input, digest_size and
 * block_size read-only), plus the str / non-buffer TypeErrors, the
 * ISO/NESSIE "a" and "abc" vectors and a million-'a' message fed in parts.
 */
#include "corpus.h"

static PyObject *new_fn;

#define EMPTY "19fa61d75522a4669b44e39c1d2e1726c530232130d407f89afee0964997f7a73e83be698b288febcf88e3e03c4f0757ea8964e59b63d93708b138cc42a66eb3"
#define TQBFJOTLD "b97de512e91e3828b40d2b0fdce9ceb3c4a71f9bea8d88e75c4fa854df36725fd2b52eb6544edcacd6f8beddfea403cb55ae31f03ad62a5ef54e42ee82c3fb35"
#define TQBFJOTLE "c27ba124205f72e6847f3e19834f925cc666d0974167af915bb462420ed40cc50900d85a1f923219d832357750492d5c143011a76988344c2635e69d06f2d38c"
#define TQBF "317edc3c5172ea5987902aa9c4f1defedf4d5aa59209bdf7574cc6da0039852c24b8da70ecb07997ff83e86d32d2851215d3dcbd6bb9736bdef21c349d483e6d"
#define UNICODE "2a083e3f53ddc2e4cd003104b0d020a9e7959188289d39c5b58ac9478cbc7f429b851ddce0ca34a668b5f8465175eb1b184afcf306da3afd5bd6f358c16257de"
/* ISO/IEC 10118-3 / NESSIE */
#define A "8aca2602792aec6f11a67206531fb7d7f0dff59413145e6973c45001d0087b42d11bc645413aeff63a42391a39145a591a92200d560195e53b478584fdae231a"
#define ABC "4e2448a4c6f486bb16b6562c73b4020bf3043e3a731bce721ae1b303d97e6d4c7181eebdb6c57e277d0e34957114cbd6c797fc9d95d8b582d225292076d4eef5"
#define MILLION_A "0c99005beb57eff50a7cf005560ddf5d29057fd86b20bfd62deca0f1ccea4af51fc15490eddc47af32bb2b66c34ff9ad8c6008ad677f77126953b226e4ed8b01"

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c - 'a' + 10;
}

/* digest() is the bytes of `hex` and hexdigest() is `hex` itself. */
static void expect_digests(PyObject *h, const char *hex_with_gaps, const char *what)
{
    char hex[129];
    int k = 0;
    for (const char *c = hex_with_gaps; *c && k < 128; c++)
        if (*c != ' ')
            hex[k++] = *c;
    hex[k] = '\0';
    unsigned char raw[64];
    for (int i = 0; i < 64; i++)
        raw[i] = (unsigned char)(hexval(hex[2 * i]) * 16 + hexval(hex[2 * i + 1]));
    PyObject *d = take(call_attr(h, "digest", NULL, "()"));
    PyObject *x = take(call_attr(h, "hexdigest", NULL, "()"));
    int ok = d && x && PyBytes_Check(d) && PyBytes_GET_SIZE(d) == 64 && memcmp(PyBytes_AS_STRING(d), raw, 64) == 0
             && PyUnicode_Check(x) && strcmp(PyUnicode_AsUTF8(x), hex) == 0;
    if (!ok && x && PyUnicode_Check(x))
        diag("hexdigest %s; ", PyUnicode_AsUTF8(x));
    Py_XDECREF(d);
    Py_XDECREF(x);
    tap(ok, what);
}

static void update(PyObject *h, const char *data)
{
    PyObject *r = take(call_attr(h, "update", NULL, "(y)", data));
    Py_XDECREF(r);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    new_fn = attr(module, "new");
    PyObject *ds = attr(module, "digest_size"), *bs = attr(module, "block_size"), *type = attr(module, "WhirlpoolType");
    tap(PyLong_AsLong(ds) == 64 && PyLong_AsLong(bs) == 64, "module digest_size and block_size are 64");
    record_value(type, "WhirlpoolType");

    /* test_new_empty */
    PyObject *wp = keep(call(new_fn, NULL, "()"), "new()");
    expect_digests(wp, EMPTY, "test_new_empty");
    tap(Py_TYPE(wp) == (PyTypeObject *)type, "new() is a WhirlpoolType");
    /* test_digest_size / test_block_size / name */
    {
        PyObject *d = attr(wp, "digest_size"), *b = attr(wp, "block_size"), *n = attr(wp, "name");
        tap(PyLong_AsLong(d) == 64 && PyLong_AsLong(b) == 64 && strcmp(PyUnicode_AsUTF8(n), "WHIRLPOOL") == 0,
            "digest_size, block_size, name");
        Py_DECREF(d), Py_DECREF(b), Py_DECREF(n);
        PyObject *v = PyLong_FromLong(32);
        int rc = PyObject_SetAttrString(wp, "digest_size", v);
        if (rc == 0)
            PyErr_SetString(PyExc_AssertionError, "set");
        print_record(NULL, "wp.digest_size = 32");
        tap(rc < 0, "wp.digest_size = 32 raises");
        rc = PyObject_SetAttrString(wp, "block_size", v);
        if (rc == 0)
            PyErr_SetString(PyExc_AssertionError, "set");
        print_record(NULL, "wp.block_size = 32");
        tap(rc < 0, "wp.block_size = 32 raises");
        Py_DECREF(v);
    }
    Py_DECREF(wp);

    /* test_new_fox */
    {
        PyObject *w1 = keep(call(new_fn, NULL, "(y)", "The quick brown fox jumps over the lazy dog"), "new(tqbfjotld)");
        expect_digests(w1, TQBFJOTLD, "test_new_fox: dog");
        PyObject *w2 = keep(call(new_fn, NULL, "(y)", "The quick brown fox jumps over the lazy eog"), "new(tqbfjotle)");
        expect_digests(w2, TQBFJOTLE, "test_new_fox: eog");
        Py_DECREF(w1), Py_DECREF(w2);
    }
    /* test_update_copy */
    {
        PyObject *w1 = keep(call(new_fn, NULL, "()"), "new() for copies");
        PyObject *w2 = keep(call_attr(w1, "copy", NULL, "()"), "w2 = w1.copy()");
        update(w1, "The quick brown fox");
        PyObject *w3 = keep(call_attr(w1, "copy", NULL, "()"), "w3 = w1.copy()");
        expect_digests(w1, TQBF, "w1 after 'The quick brown fox'");
        expect_digests(w2, EMPTY, "w2 still empty");
        expect_digests(w3, TQBF, "w3 copied after 'The quick brown fox'");
        update(w1, " jumps over the lazy dog");
        expect_digests(w1, TQBFJOTLD, "w1 after ' jumps over the lazy dog'");
        expect_digests(w2, EMPTY, "w2 still empty after w1 grows");
        expect_digests(w3, TQBF, "w3 unchanged by w1");
        update(w3, " jumps over the lazy eog");
        expect_digests(w1, TQBFJOTLD, "w1 unchanged by w3");
        expect_digests(w3, TQBFJOTLE, "w3 after ' jumps over the lazy eog'");
        Py_DECREF(w1), Py_DECREF(w2), Py_DECREF(w3);
    }
    /* test_new_unicode / test_new_binary */
    {
        PyObject *u = PyUnicode_FromString("\xca\xaf\xc6\x9d\xc9\xa8\xc6\x88\xc6\x9f\xc6\x89\xc9\x9b");
        PyObject *enc = PyUnicode_AsUTF8String(u);
        PyObject *w = keep(call(new_fn, NULL, "(O)", enc), "new('ʯƝɨƈƟƉɛ'.encode())");
        expect_digests(w, UNICODE, "test_new_unicode");
        Py_DECREF(w);
        PyObject *ba = PyByteArray_FromObject(enc);
        w = keep(call(new_fn, NULL, "(O)", ba), "new(bytearray(...))");
        expect_digests(w, UNICODE, "test_new_binary (a bytearray)");
        Py_DECREF(w);
        PyObject *mv = PyMemoryView_FromObject(enc);
        w = keep(call(new_fn, NULL, "(O)", mv), "new(memoryview(...))");
        expect_digests(w, UNICODE, "new(memoryview(...))");
        Py_DECREF(w);
        record(call(new_fn, NULL, "(O)", u), "new(str)");
        Py_DECREF(mv), Py_DECREF(ba), Py_DECREF(enc), Py_DECREF(u);
    }
    /* NESSIE vectors */
    {
        PyObject *w = keep(call(new_fn, NULL, "(y)", "a"), "new(b'a')");
        expect_digests(w, A, "whirlpool('a')");
        Py_DECREF(w);
        w = keep(call(new_fn, NULL, "(y)", "abc"), "new(b'abc')");
        expect_digests(w, ABC, "whirlpool('abc')");
        Py_DECREF(w);
        w = keep(call(new_fn, NULL, "()"), "new() for a million a's");
        static char block[10001];
        memset(block, 'a', 10000);
        PyObject *b = PyBytes_FromStringAndSize(block, 10000);
        int ok = 1;
        for (int i = 0; i < 100 && ok; i++) {
            PyObject *r = take(call_attr(w, "update", NULL, "(O)", b));
            ok = r == Py_None;
            Py_XDECREF(r);
        }
        tap(ok, "100 updates of 10000 bytes");
        expect_digests(w, MILLION_A, "whirlpool(a million 'a')");
        Py_DECREF(b);
        Py_DECREF(w);
    }
    /* Errors. */
    {
        PyObject *w = take(call(new_fn, NULL, "()"));
        record(call_attr(w, "update", NULL, "(s)", "text"), "update('text')");
        record(call_attr(w, "update", NULL, "(i)", 5), "update(5)");
        record(call_attr(w, "update", NULL, "()"), "update()");
        record(call_attr(w, "update", NULL, "(yy)", "a", "b"), "update(b'a', b'b')");
        record(call_attr(w, "digest", NULL, "(i)", 1), "digest(1)");
        record(call(new_fn, NULL, "(yy)", "a", "b"), "new(b'a', b'b')");
        record(call(new_fn, kw_dict("{s:y}", "string", "a"), "()"), "new(string=b'a')");
        record(call(type, NULL, "()"), "WhirlpoolType()");
        Py_XDECREF(w);
    }
    Py_DECREF(ds), Py_DECREF(bs), Py_DECREF(type);
    Py_DECREF(new_fn);
}

CORPUS_MAIN("whirlpool", run)
