/* mmh3 2.5.1's `mmh3`: the C++ module of the Python-2-and-3 era, every
 * function METH_VARARGS|METH_KEYWORDS over PyArg_ParseTupleAndKeywords
 * with the old unit letters: "s#" keys (str as UTF-8, read-only buffers;
 * a bytearray refused), "s*" for hash_from_buffer, "I" seeds
 * (PyLong_AsUnsignedLongMask: -1 and 2**32 + 1 wrap, no overflow error)
 * and "B" flags (unsigned char, not bool), Py_BuildValue("i"/"I"/"(LL)"/
 * "(KK)"), 128-bit results built with _PyLong_FromByteArray, and the
 * module made by PyModule_Create with a string constant.
 *
 * Vectors: the mmh3 2.5.1 test suite's Ian Boyd and PeterScott vectors
 * (tests/test_mmh3.py in the 2.5.1 tag), the README's examples, and the
 * argument errors the old units raise.
 */
#include "corpus.h"
#include "mmh3_vectors.h"

#include <stdint.h>

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    char what[200], want[32];
    PyObject *version = attr(module, "__version__");
    expect_true(PyUnicode_Check(version) && PyUnicode_CompareWithASCIIString(version, "2.5.1") == 0,
                "__version__ is '2.5.1'");
    Py_DECREF(version);

    PyObject *hash = attr(module, "hash");
    expect_int(call(hash, NULL, "(s)", "foo"), "-156908512", "hash('foo')");
    expect_int(call(hash, NULL, "(y)", "foo"), "-156908512", "hash(b'foo')");
    for (size_t i = 0; i < sizeof BOYD / sizeof BOYD[0]; i++) {
        snprintf(want, sizeof want, "%ld", (long)(int32_t)(uint32_t)BOYD[i].hash);
        snprintf(what, sizeof what, "hash(Boyd vector %zu, seed=0x%lX)", i, BOYD[i].seed);
        expect_int(call(hash, kw_dict("{s:k}", "seed", BOYD[i].seed), "(y#)", BOYD[i].key, BOYD[i].len), want, what);
        snprintf(want, sizeof want, "%lu", BOYD[i].hash);
        snprintf(what, sizeof what, "hash(Boyd vector %zu, seed, signed=False) positionally", i);
        expect_int(call(hash, NULL, "(y#kO)", BOYD[i].key, BOYD[i].len, BOYD[i].seed, Py_False), want, what);
    }
    expect_int(call(hash, kw_dict("{s:O}", "signed", Py_False), "(s)", "foo"), "4138058784",
               "hash('foo', signed=False)");
    expect_int(call(hash, NULL, "(sk)", "\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80\xcf\x80", 0x9747B28CUL),
               "-713006143", "hash of a non-ASCII str hashes its UTF-8");
    /* "I" masks: -1 is 0xFFFFFFFF and 2**32 + 1 is 1, without an error. */
    expect_int(call(hash, NULL, "(yi)", "", -1), "-2114883783", "hash(b'', -1): the seed wraps to 0xFFFFFFFF");
    expect_int(call(hash, NULL, "(yL)", "", (long long)((1ULL << 32) + 1)), "1364076727",
               "hash(b'', 2**32 + 1): the seed wraps to 1");
    record(call(hash, NULL, "(yN)", "", PyLong_FromString("340282366920938463463374607431768211457", NULL, 10)),
           "hash(b'', 2**128 + 1)");
    /* "B" stores one byte into mmh3's int flag (so 2 would index past its
       two-entry mask table: not called); 256 masks to 0. */
    record(call(hash, NULL, "(sii)", "foo", 0, 256), "hash('foo', 0, 256): B masks to 0");
    record(call(hash, NULL, "(N)", PyMemoryView_FromMemory((char *)"foo", 3, PyBUF_READ)), "hash(memoryview(b'foo'))");
    record(call(hash, NULL, "(N)", PyByteArray_FromStringAndSize("foo", 3)), "hash(bytearray(b'foo'))");
    record(call(hash, NULL, "(i)", 42), "hash(42)");
    record(call(hash, NULL, "()"), "hash()");
    record(call(hash, NULL, "(ss)", "foo", "1"), "hash('foo', '1')");
    record(call(hash, NULL, "(sd)", "foo", 1.5), "hash('foo', 1.5)");
    record(call(hash, NULL, "(sis)", "foo", 0, "yes"), "hash('foo', 0, 'yes')");
    record(call(hash, NULL, "(siii)", "foo", 0, 1, 2), "hash with four arguments");
    record(call(hash, kw_dict("{s:i}", "bogus", 1), "(s)", "foo"), "hash('foo', bogus=1)");
    record(call(hash, kw_dict("{s:s}", "key", "bar"), "(s)", "foo"), "hash('foo', key='bar')");
    record(call(hash, kw_dict("{s:s,s:i}", "key", "bar", "seed", 7), "()"), "hash(key='bar', seed=7)");
    record(call(hash, NULL, "(s#)", "a\0b", (Py_ssize_t)3), "hash('a\\0b')");
    Py_DECREF(hash);

    /* hash_from_buffer never releases its "s*" buffer: each successful
       call leaks a reference to the key, on CPython too. */
    PyObject *from_buffer = attr(module, "hash_from_buffer");
    args_leaked_by_extension = 1;
    PyObject *mv = PyMemoryView_FromMemory((char *)"foo", 3, PyBUF_READ);
    expect_int(call(from_buffer, NULL, "(O)", mv), "-156908512", "hash_from_buffer(memoryview(b'foo'))");
    expect_int(call(from_buffer, kw_dict("{s:O}", "signed", Py_False), "(O)", mv), "4138058784",
               "hash_from_buffer(..., signed=False)");
    Py_DECREF(mv);
    record(call(from_buffer, NULL, "(N)", PyByteArray_FromStringAndSize("foo", 3)), "hash_from_buffer(bytearray)");
    record(call(from_buffer, NULL, "(s)", "foo"), "hash_from_buffer('foo')");
    record(call(from_buffer, NULL, "(yi)", FOX, 0x2A), "hash_from_buffer(fox, 42)");
    args_leaked_by_extension = 0;
    record(call(from_buffer, NULL, "(i)", 3), "hash_from_buffer(3)");
    record(call(from_buffer, NULL, "()"), "hash_from_buffer()");
    record(call(from_buffer, NULL, "(ss)", "hello, world", "42"), "hash_from_buffer with a str seed");
    Py_DECREF(from_buffer);

    PyObject *hash_bytes = attr(module, "hash_bytes");
    expect_bytes(call(hash_bytes, NULL, "(s)", "foo"), FOO_X64_128, 16, "hash_bytes('foo')");
    expect_bytes(call(hash_bytes, NULL, "(siO)", "foo", 0, Py_True), FOO_X64_128, 16, "hash_bytes('foo', 0, True)");
    static const unsigned char hello_x86[16] = {0x9E, 0x12, 0xC9, 0x61, 0xD7, 0xAC, 0x1A, 0x5A,
                                                0x62, 0x21, 0x16, 0xA4, 0x86, 0xC8, 0x37, 0x9E};
    expect_bytes(call(hash_bytes, kw_dict("{s:O}", "x64arch", Py_False), "(si)", "Hello, world!", 123), hello_x86, 16,
                 "hash_bytes('Hello, world!', 123, x64arch=False)");
    record(call(hash_bytes, NULL, "(y)", ""), "hash_bytes(b'')");
    record(call(hash_bytes, NULL, "(yi)", FOX, 0x9747B28C), "hash_bytes(fox, 0x9747B28C)");
    record(call(hash_bytes, kw_dict("{s:i}", "signed", 0), "(y)", "x"), "hash_bytes(b'x', signed=0): no such keyword");
    Py_DECREF(hash_bytes);

    PyObject *hash64 = attr(module, "hash64");
    record(call(hash64, NULL, "(s)", "foo"), "hash64('foo')");
    record(call(hash64, kw_dict("{s:O}", "signed", Py_False), "(s)", "foo"), "hash64('foo', signed=False)");
    record(call(hash64, NULL, "(sk)", FOX, 0x9747B28CUL), "hash64(fox, 0x9747B28C)");
    record(call(hash64, kw_dict("{s:O,s:O}", "signed", Py_False, "x64arch", Py_False), "(si)", "Hello, world!", 123),
           "hash64('Hello, world!', 123, x64arch=False, signed=False)");
    record(call(hash64, NULL, "(siOO)", "", 123, Py_False, Py_False), "hash64('', 123, False, False)");
    record(call(hash64, NULL, "(siOOi)", "", 1, Py_True, Py_True, 5), "hash64 with five arguments");
    Py_DECREF(hash64);

    PyObject *hash128 = attr(module, "hash128");
    record(call(hash128, NULL, "(s)", "foo"), "hash128('foo')");
    record(call(hash128, kw_dict("{s:O}", "signed", Py_True), "(s)", "foo"), "hash128('foo', signed=True)");
    record(call(hash128, NULL, "(sk)", FOX, 0x9747B28CUL), "hash128(fox, 0x9747B28C)");
    record(call(hash128, kw_dict("{s:O}", "x64arch", Py_False), "(si)", "Hello, world!", 123),
           "hash128('Hello, world!', 123, x64arch=False)");
    record(call(hash128, NULL, "(siOO)", "Hello, world!", 123, Py_False, Py_True),
           "hash128('Hello, world!', 123, False, True)");
    record(call(hash128, NULL, "(y)", ""), "hash128(b'')");
    record(call(hash128, NULL, "(O)", Py_None), "hash128(None)");
    Py_DECREF(hash128);

    /* A long key through every function: the tails and the block loop. */
    static char data[1031];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)(i * 7 + 3);
    for (Py_ssize_t n = 0; n <= 1031; n += 103) {
        snprintf(what, sizeof what, "hash of %zd generated bytes, seed 99", n);
        record(call_attr(module, "hash", NULL, "(y#i)", data, n, 99), what);
        snprintf(what, sizeof what, "hash128 of %zd generated bytes (x86)", n);
        record(call_attr(module, "hash128", NULL, "(y#iO)", data, n, 0, Py_False), what);
        snprintf(what, sizeof what, "hash64 of %zd generated bytes", n);
        record(call_attr(module, "hash64", NULL, "(y#)", data, n), what);
    }
}

CORPUS_MAIN("mmh3", run)
