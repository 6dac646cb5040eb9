/* groestlcoin_hash 1.0.3: Groestl-512 applied twice (truncated to 32
 * bytes) as one METH_VARARGS function parsing "Sn" -- a bytes object and
 * the number of its bytes to hash -- and returning Py_BuildValue("y#").
 *
 * Vectors: test.py (getHash(b'\x00', 1)), the same header-sized inputs a
 * block hash takes, a prefix length shorter than the bytes, and the parse
 * errors "S" and "n" give (str and bytearray refused, a non-int length,
 * the wrong argument count).
 */
#include "corpus.h"

static const unsigned char ZERO_DIGEST[32] = {
    0xe8, 0x72, 0x10, 0xb1, 0xe1, 0xd6, 0x74, 0xe6, 0x25, 0x3f, 0x85, 0x82, 0x05, 0x9a, 0x3b, 0xea,
    0x51, 0x61, 0xce, 0xf1, 0xe5, 0xb3, 0x2d, 0x5d, 0x06, 0xc5, 0xc3, 0x15, 0x50, 0xf9, 0xef, 0x2a,
};

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *get_hash = attr(module, "getHash");

    expect_bytes(call(get_hash, NULL, "(y#n)", "\0", (Py_ssize_t)1, (Py_ssize_t)1), ZERO_DIGEST, 32,
                 "getHash(b'\\x00', 1) (test.py)");
    record(call(get_hash, NULL, "(y#n)", "", (Py_ssize_t)0, (Py_ssize_t)0), "getHash(b'', 0)");
    record(call(get_hash, NULL, "(yn)", "The quick brown fox jumps over the lazy dog", (Py_ssize_t)43),
           "getHash(b'The quick brown fox ...', 43)");
    /* Only the first `length` bytes count: the same digest as the prefix. */
    PyObject *full = keep(call(get_hash, NULL, "(yn)", "abcdef", (Py_ssize_t)3), "getHash(b'abcdef', 3)");
    if (full != NULL) {
        expect_same_bytes(call(get_hash, NULL, "(yn)", "abc", (Py_ssize_t)3), full,
                          "getHash(b'abc', 3) == getHash(b'abcdef', 3)");
        Py_DECREF(full);
    }
    /* An 80-byte block header of counting bytes, then one per length. */
    unsigned char header[80];
    for (int i = 0; i < 80; i++)
        header[i] = (unsigned char)(i * 7 + 1);
    for (Py_ssize_t n = 1; n <= 80; n += 13) {
        char what[64];
        snprintf(what, sizeof what, "getHash(header, %zd)", n);
        record(call(get_hash, NULL, "(y#n)", header, (Py_ssize_t)80, n), what);
    }
    record(call(get_hash, NULL, "(y#n)", header, (Py_ssize_t)80, (Py_ssize_t)80), "getHash(80-byte header, 80)");
    PyObject *big = PyBytes_FromStringAndSize(NULL, 100000);
    memset(PyBytes_AS_STRING(big), 'g', 100000);
    record(call(get_hash, NULL, "(On)", big, (Py_ssize_t)100000), "getHash(b'g' * 100000, 100000)");
    Py_DECREF(big);

    /* The parse errors. */
    expect_error(call(get_hash, NULL, "(sn)", "abc", (Py_ssize_t)3), PyExc_TypeError,
                 "argument 1 must be bytes, not str", "getHash('abc', 3) raises TypeError");
    PyObject *ba = PyByteArray_FromStringAndSize("abc", 3);
    expect_error(call(get_hash, NULL, "(On)", ba, (Py_ssize_t)3), PyExc_TypeError,
                 "argument 1 must be bytes, not bytearray", "getHash(bytearray, 3) raises TypeError");
    Py_DECREF(ba);
    expect_error(call(get_hash, NULL, "(ys)", "abc", "3"), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "getHash(b'abc', '3') raises TypeError");
    expect_error(call(get_hash, NULL, "(yd)", "abc", 3.0), PyExc_TypeError,
                 "'float' object cannot be interpreted as an integer", "getHash(b'abc', 3.0) raises TypeError");
    expect_error(call(get_hash, NULL, "(yO)", "abc", Py_None), PyExc_TypeError,
                 "'NoneType' object cannot be interpreted as an integer", "getHash(b'abc', None) raises TypeError");
    PyObject *huge = PyLong_FromString("100000000000000000000000", NULL, 10);
    expect_error(call(get_hash, NULL, "(yO)", "abc", huge), PyExc_OverflowError,
                 "Python int too large to convert to C ssize_t", "getHash(b'abc', 10**23) raises OverflowError");
    Py_DECREF(huge);
    expect_error(call(get_hash, NULL, "()"), PyExc_TypeError, "function takes exactly 2 arguments (0 given)",
                 "getHash()");
    expect_error(call(get_hash, NULL, "(y)", "abc"), PyExc_TypeError, "function takes exactly 2 arguments (1 given)",
                 "getHash(b'abc')");
    expect_error(call(get_hash, NULL, "(ynn)", "abc", (Py_ssize_t)3, (Py_ssize_t)3), PyExc_TypeError,
                 "function takes exactly 2 arguments (3 given)", "getHash(b'abc', 3, 3)");
    expect_error(call(get_hash, kw_dict("{s:n}", "length", (Py_ssize_t)3), "(y)", "abc"), PyExc_TypeError,
                 "getHash() takes no keyword arguments", "getHash(b'abc', length=3)");
    PyObject *doc = attr(get_hash, "__doc__");
    record_value(doc, "getHash.__doc__");
    Py_DECREF(doc);
    PyObject *mdoc = attr(module, "__doc__");
    record_value(mdoc, "groestlcoin_hash.__doc__");
    Py_DECREF(mdoc);
    Py_DECREF(get_hash);
}

CORPUS_MAIN("groestlcoin_hash", run)
