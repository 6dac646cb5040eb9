/* mmh3 5.3.1's `mmh3`: METH_FASTCALL|METH_KEYWORDS functions that parse
 * their own kwnames (PyUnicode_AsUTF8 of each name, PyObject_IsTrue flags,
 * PyBytes_Check / PyUnicode_AsUTF8AndSize keys), "s*|Lp" keyword parsing,
 * Py_BuildValue("KK"/"LL") tuples, 128-bit ints from _PyLong_FromByteArray,
 * and three hasher types made ready with PyType_Ready (update via METH_O,
 * digest/sintdigest/uintdigest/stupledigest/utupledigest/copy, getsets).
 *
 * Vectors: tests/test_mmh3.py (Ian Boyd's and PeterScott's vectors),
 * tests/test_mmh3_hasher.py and tests/test_invalid_inputs.py.
 */
#include "corpus.h"
#include "mmh3_vectors.h"

#include <stdint.h>

static PyObject *module;

static const char FOX_X64_128[] = "!1c\xd2;\x7f\x8as\xe5\x16\xc0~rsE\xf9";

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

static void expect_pair(PyObject *r, const char *a, const char *b, const char *what)
{
    int ok = succeeded(r) && PyTuple_CheckExact(r) && PyTuple_GET_SIZE(r) == 2;
    if (ok) {
        PyObject *wa = PyLong_FromString(a, NULL, 10), *wb = PyLong_FromString(b, NULL, 10);
        ok = PyObject_RichCompareBool(PyTuple_GET_ITEM(r, 0), wa, Py_EQ) == 1 &&
             PyObject_RichCompareBool(PyTuple_GET_ITEM(r, 1), wb, Py_EQ) == 1;
        if (!ok)
            diag("tuple differs from (%s, %s); ", a, b);
        Py_XDECREF(wa);
        Py_XDECREF(wb);
    } else if (r != NULL) {
        diag("result is a %s, not a pair; ", Py_TYPE(r)->tp_name);
    }
    ok &= settle(0);
    tap(ok, what);
}

static void one_shot(void)
{
    char what[200], want[32];
    PyObject *hash = attr(module, "hash");
    expect_int(call(hash, NULL, "(s)", "foo"), "-156908512", "hash('foo')");
    expect_int(call(hash, kw("{s:O}", "signed", Py_False), "(s)", "foo"), "4138058784", "hash('foo', signed=False)");
    for (size_t i = 0; i < sizeof BOYD / sizeof BOYD[0]; i++) {
        snprintf(want, sizeof want, "%ld", (long)(int32_t)(uint32_t)BOYD[i].hash);
        snprintf(what, sizeof what, "hash(Boyd vector %zu, seed=0x%lX)", i, BOYD[i].seed);
        expect_int(call(hash, kw("{s:k}", "seed", BOYD[i].seed), "(y#)", BOYD[i].key, BOYD[i].len), want, what);
        snprintf(want, sizeof want, "%lu", BOYD[i].hash);
        snprintf(what, sizeof what, "hash(Boyd vector %zu, seed, signed=False) positionally", i);
        expect_int(call(hash, NULL, "(y#kO)", BOYD[i].key, BOYD[i].len, BOYD[i].seed, Py_False), want, what);
    }
    /* str keys hash their UTF-8 */
    expect_int(call(hash, NULL, "(sk)", "\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80", 0x9747B28CUL),
               "-713006143", "hash of a non-ASCII str hashes its UTF-8");

    PyObject *from_buffer = attr(module, "hash_from_buffer");
    PyObject *mv = PyMemoryView_FromMemory((char *)"foo", 3, PyBUF_READ);
    expect_int(call(from_buffer, NULL, "(O)", mv), "-156908512", "hash_from_buffer(memoryview(b'foo'))");
    expect_int(call(from_buffer, kw("{s:O}", "signed", Py_False), "(O)", mv), "4138058784",
               "hash_from_buffer(..., signed=False)");
    Py_DECREF(mv);
    expect_error(call(from_buffer, NULL, "()"), PyExc_TypeError, "function missing required argument 'key' (pos 1)",
                 "hash_from_buffer() needs key");
    expect_error(call(from_buffer, NULL, "(ss)", "hello, world", "42"), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "hash_from_buffer with a str seed");
    /* (Not seed=-1 as the test suite does: that path returns without
       releasing the s* buffer, a leak in mmh3 on CPython too.) "L" fails
       after "s*" succeeded: PyArg_ParseTupleAndKeywords releases it. */
    PyObject *huge = PyLong_FromString("18446744073709551616", NULL, 10);
    expect_error(call(from_buffer, NULL, "(sO)", "hello, world", huge), PyExc_OverflowError, "int too big to convert",
                 "hash_from_buffer with seed 2**64 overflows L and releases the s* buffer");
    Py_DECREF(huge);
    Py_DECREF(from_buffer);

    PyObject *hash_bytes = attr(module, "hash_bytes");
    expect_bytes(call(hash_bytes, NULL, "(s)", "foo"), FOO_X64_128, 16, "hash_bytes('foo')");
    expect_bytes(call(hash_bytes, NULL, "(siO)", "foo", 0, Py_True), FOO_X64_128, 16, "hash_bytes('foo', 0, True)");
    static const unsigned char hello_x86[16] = {0x9E, 0x12, 0xC9, 0x61, 0xD7, 0xAC, 0x1A, 0x5A,
                                                0x62, 0x21, 0x16, 0xA4, 0x86, 0xC8, 0x37, 0x9E};
    expect_bytes(call(hash_bytes, kw("{s:O}", "x64arch", Py_False), "(si)", "Hello, world!", 123), hello_x86, 16,
                 "hash_bytes('Hello, world!', 123, x64arch=False)");
    Py_DECREF(hash_bytes);

    PyObject *hash64 = attr(module, "hash64");
    expect_pair(call(hash64, NULL, "(s)", "foo"), "-2129773440516405919", "9128664383759220103", "hash64('foo')");
    expect_pair(call(hash64, kw("{s:O}", "signed", Py_False), "(s)", "foo"), "16316970633193145697",
                "9128664383759220103", "hash64('foo', signed=False)");
    expect_pair(call(hash64, NULL, "(sk)", FOX, 0x9747B28CUL), "8325606756057297185", "-484854449282476315",
                "hash64(fox, 0x9747B28C)");
    expect_pair(call(hash64, kw("{s:O,s:O}", "signed", Py_False, "x64arch", Py_False), "(si)", "Hello, world!", 123),
                "6492691853866504862", "11400801462315786594", "hash64('Hello, world!', 123, x64arch=False)");
    expect_pair(call(hash64, NULL, "(siOO)", "", 123, Py_False, Py_False), "2806841641373815365", "2806841637751482265",
                "hash64('', 123, False, False)");
    Py_DECREF(hash64);

    PyObject *hash128 = attr(module, "hash128");
    expect_int(call(hash128, NULL, "(s)", "foo"), "168394135621993849475852668931176482145", "hash128('foo')");
    expect_int(call(hash128, NULL, "(si)", "foo", 42), "215966891540331383248189432718888555506", "hash128('foo', 42)");
    expect_int(call(hash128, kw("{s:O}", "signed", Py_True), "(si)", "foo", 42), "-124315475380607080215185174712879655950",
               "hash128('foo', 42, signed=True)");
    expect_int(call(hash128, kw("{s:O,s:O}", "signed", Py_False, "x64arch", Py_False), "(si)", "Hello, world!", 123),
               "210307666810512926314976378695950340766", "hash128('Hello, world!', 123, x64arch=False)");
    expect_int(call(hash128, NULL, "(siOO)", "", 123, Py_False, Py_False), "51777089347033367541582857833899905605",
               "hash128('', 123, False, False)");
    Py_DECREF(hash128);

    /* mmh3_32_digest / sintdigest over bytes, bytearray and memoryview slices */
    PyObject *digest = attr(module, "mmh3_32_digest");
    PyObject *sint = attr(module, "mmh3_32_sintdigest");
    for (size_t i = 0; i < sizeof BOYD / sizeof BOYD[0]; i++) {
        unsigned char le[4] = {(unsigned char)BOYD[i].hash, (unsigned char)(BOYD[i].hash >> 8),
                               (unsigned char)(BOYD[i].hash >> 16), (unsigned char)(BOYD[i].hash >> 24)};
        snprintf(what, sizeof what, "mmh3_32_digest(Boyd vector %zu)", i);
        expect_bytes(call(digest, NULL, "(y#k)", BOYD[i].key, BOYD[i].len, BOYD[i].seed), le, 4, what);
    }
    PyObject *ba = PyByteArray_FromStringAndSize("aaaa", 4);
    expect_bytes(call(digest, NULL, "(Ok)", ba, 0x9747B28CUL), "\x8a\x80\x97\x5a", 4, "mmh3_32_digest(bytearray)");
    PyObject *foobar = PyByteArray_FromStringAndSize("foobar", 6);
    PyObject *slice = PyMemoryView_FromMemory(PyByteArray_AS_STRING(foobar), 3, PyBUF_READ);
    expect_int(call(sint, NULL, "(O)", slice), "-156908512", "mmh3_32_sintdigest(memoryview(b'foobar')[0:3])");
    expect_int(call(sint, NULL, "(Ok)", ba, 0x9747B28CUL), "1519878282", "mmh3_32_sintdigest(bytearray)");
    Py_DECREF(slice);
    Py_DECREF(foobar);
    Py_DECREF(ba);
    expect_error(call(digest, NULL, "()"), PyExc_TypeError, "function takes at least 1 argument (0 given)",
                 "mmh3_32_digest()");
    expect_error(call(digest, NULL, "(sii)", "hello, world", 42, 1234), PyExc_TypeError,
                 "function takes at most 2 arguments (3 given)", "mmh3_32_digest with three arguments");
    expect_error(call(digest, NULL, "(sL)", "hello, world", 1LL << 32), PyExc_ValueError, "seed is out of range",
                 "mmh3_32_digest with seed 2**32");
    Py_DECREF(sint);
    Py_DECREF(digest);

    /* test_invalid_inputs.py: hash() */
    expect_error(call(hash, NULL, "()"), PyExc_TypeError, "function missing required argument 'key' (pos 1)", "hash()");
    expect_error(call(hash, NULL, "(ss)", "hello, world", "42"), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "hash with a str seed");
    expect_error(call(hash, NULL, "(siOi)", "hello, world", 42, Py_True, 1234), PyExc_TypeError,
                 "function takes at most 3 arguments (4 given)", "hash with four arguments");
    expect_error(call(hash, kw("{s:s}", "seed", "42"), "(s)", "hello, world"), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "hash with seed='42'");
    expect_error(call(hash, NULL, "([iii]i)", 1, 2, 3, 42), PyExc_TypeError,
                 "argument 1 must be read-only bytes-like object, not 'list'", "hash of a list");
    expect_error(call(hash, kw("{s:y}", "key", "42"), "(s)", "hello, world"), PyExc_TypeError,
                 "argument for function given by name ('key') and position (1)", "hash with key twice");
    expect_error(call(hash, NULL, "(si)", "hello, world", -1), PyExc_ValueError, "seed is out of range", "hash seed -1");
    expect_error(call(hash, NULL, "(sL)", "hello, world", 1LL << 32), PyExc_ValueError, "seed is out of range",
                 "hash seed 2**32");
    expect_error(call(hash, kw("{s:i}", "salt", 1), "(s)", "x"), PyExc_TypeError,
                 "'salt' is an invalid keyword argument for this function", "hash with an unknown keyword");
    Py_DECREF(hash);
}

static void hashers(void)
{
    PyObject *m32 = attr(module, "mmh3_32");
    PyObject *h = keep(call(m32, NULL, "()"), "mmh3_32()");
    expect_is(call_attr(h, "update", NULL, "(y#)", "", (Py_ssize_t)0), Py_None, "update(b'')");
    expect_bytes(call_attr(h, "digest", NULL, "()"), "\0\0\0\0", 4, "an empty mmh3_32 digests to zeros");
    expect_is(call_attr(h, "update", NULL, "(y#)", "foo", (Py_ssize_t)3), Py_None, "update(b'foo')");
    expect_int(call_attr(h, "sintdigest", NULL, "()"), "-156908512", "mmh3_32 sintdigest of b'foo'");
    expect_int(call_attr(h, "uintdigest", NULL, "()"), "4138058784", "mmh3_32 uintdigest of b'foo'");
    Py_DECREF(h);

    /* test_mmh3_32_copy */
    h = keep(call(m32, kw("{s:k}", "seed", 0x9747B28CUL), "()"), "mmh3_32(seed=0x9747B28C)");
    expect_is(call_attr(h, "update", NULL, "(y#)", FOX, (Py_ssize_t)19), Py_None, "update(b'The quick brown fox')");
    PyObject *h2 = keep(call_attr(h, "copy", NULL, "()"), "copy()");
    expect_is(call_attr(h, "update", NULL, "(y#)", FOX + 19, (Py_ssize_t)24), Py_None, "update the original");
    expect_int(call_attr(h, "uintdigest", NULL, "()"), "799549133", "the original hashes the fox");
    expect_is(call_attr(h2, "update", NULL, "(y#)", FOX + 19, (Py_ssize_t)24), Py_None, "update the copy");
    expect_int(call_attr(h2, "uintdigest", NULL, "()"), "799549133", "the copy hashes the fox too");
    Py_DECREF(h2);
    Py_DECREF(h);
    expect_error(call(m32, kw("{s:i}", "seed", -1), "()"), PyExc_ValueError, "seed is out of range", "mmh3_32(seed=-1)");
    Py_DECREF(m32);

    PyObject *x64 = attr(module, "mmh3_x64_128");
    h = keep(call(x64, NULL, "()"), "mmh3_x64_128()");
    PyObject *ds = PyObject_GetAttrString(h, "digest_size"), *bs = PyObject_GetAttrString(h, "block_size"),
             *nm = PyObject_GetAttrString(h, "name");
    expect_true(ds && bs && nm && PyLong_AsLong(ds) == 16 && PyLong_AsLong(bs) == 32 &&
                    strcmp(PyUnicode_AsUTF8(nm), "mmh3_x64_128") == 0,
                "mmh3_x64_128 digest_size, block_size and name");
    Py_XDECREF(ds);
    Py_XDECREF(bs);
    Py_XDECREF(nm);
    expect_pair(call_attr(h, "stupledigest", NULL, "()"), "0", "0", "an empty hasher's stupledigest is (0, 0)");
    expect_int(call_attr(h, "sintdigest", NULL, "()"), "0", "an empty hasher's sintdigest is 0");
    expect_is(call_attr(h, "update", NULL, "(y#)", "foo", (Py_ssize_t)3), Py_None, "update(b'foo')");
    expect_bytes(call_attr(h, "digest", NULL, "()"), FOO_X64_128, 16, "mmh3_x64_128 digest of b'foo'");
    Py_DECREF(h);
    h = keep(call(x64, NULL, "(y#k)", FOX, (Py_ssize_t)16, 0x9747B28CUL), "mmh3_x64_128(b'The quick brown ', seed)");
    expect_is(call_attr(h, "update", NULL, "(y#)", FOX + 16, (Py_ssize_t)27), Py_None, "update the rest");
    expect_bytes(call_attr(h, "digest", NULL, "()"), FOX_X64_128, 16, "digest of the fox in two parts");
    expect_pair(call_attr(h, "stupledigest", NULL, "()"), "8325606756057297185", "-484854449282476315",
                "stupledigest of the fox");
    expect_pair(call_attr(h, "utupledigest", NULL, "()"), "8325606756057297185", "17961889624427075301",
                "utupledigest of the fox");
    Py_DECREF(h);
    /* update is METH_O: one buffer argument */
    h = keep(call(x64, NULL, "()"), "mmh3_x64_128()");
    expect_error(call_attr(h, "update", NULL, "(y#y#)", "a", (Py_ssize_t)1, "b", (Py_ssize_t)1), PyExc_TypeError,
                 "mmh3_x64_128.update() takes exactly one argument (2 given)", "update() with two arguments (METH_O)");
    expect_error(call_attr(h, "digest", NULL, "(i)", 1), PyExc_TypeError,
                 "mmh3_x64_128.digest() takes no arguments (1 given)", "digest() with an argument (METH_NOARGS)");
    Py_DECREF(h);
    Py_DECREF(x64);

    PyObject *x86 = attr(module, "mmh3_x86_128");
    h = keep(call(x86, NULL, "()"), "mmh3_x86_128()");
    nm = PyObject_GetAttrString(h, "name");
    expect_true(nm && strcmp(PyUnicode_AsUTF8(nm), "mmh3_x86_128") == 0, "mmh3_x86_128 name");
    Py_XDECREF(nm);
    expect_error(call_attr(h, "update", NULL, "(s)", "Hello, world!"), PyExc_TypeError,
                 "Strings must be encoded before hashing", "update(str) is refused");
    Py_DECREF(h);
    h = keep(call(x86, kw("{s:i}", "seed", 123), "()"), "mmh3_x86_128(seed=123)");
    expect_is(call_attr(h, "update", NULL, "(y#)", "Hello, world!", (Py_ssize_t)13), Py_None, "update(b'Hello, world!')");
    expect_int(call_attr(h, "uintdigest", NULL, "()"), "210307666810512926314976378695950340766",
               "mmh3_x86_128 uintdigest of 'Hello, world!' with seed 123");
    Py_DECREF(h);
    Py_DECREF(x86);
}

static void run(PyObject *m, const char *sdist)
{
    (void)sdist;
    module = m;
    one_shot();
    hashers();
}

CORPUS_MAIN("mmh3", run)
