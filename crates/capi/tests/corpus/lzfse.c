/* lzfse 0.4.2.post1 (pyliblzfse): Apple's LZFSE reference codec behind two
 * METH_VARARGS functions parsed with "s#" -- so a str is accepted too, as
 * its UTF-8 encoding, and a bytearray is refused -- a single-phase module
 * and an `error` type from PyErr_NewException raised with PyErr_SetNone.
 *
 * Vectors: the sdist ships no tests; its upstream tests (test_lzfse.py)
 * round-trip text and binary data and expect lzfse.error for garbage. The
 * compressed bytes are recorded and compared with the CPython build's.
 * (Inputs shorter than 12 bytes are not decompressed: the module reads the
 * size field at offset 4 without a length check, on CPython as here.)
 */
#include "corpus.h"
#include "test_bytes.h"

static PyObject *compress_f, *decompress_f, *error;

static void round_trip(PyObject *data, const char *what)
{
    char label[160];
    PyObject *c = keep(call(compress_f, NULL, "(O)", data), what);
    snprintf(label, sizeof label, "%s: the compressed bytes", what);
    record_value(c, label);
    snprintf(label, sizeof label, "%s: round trip", what);
    expect_same_bytes(call(decompress_f, NULL, "(O)", c), data, label);
    Py_DECREF(c);
}

static void run(PyObject *module, const char *sdist)
{
    compress_f = attr(module, "compress");
    decompress_f = attr(module, "decompress");
    error = attr(module, "error");
    expect_true(PyType_Check(error) && PyObject_IsSubclass(error, PyExc_Exception) == 1, "lzfse.error is an Exception");
    record_value(error, "repr(lzfse.error)");
    PyObject *doc = attr(module, "__doc__");
    expect_true(PyUnicode_Check(doc)
                    && strcmp(PyUnicode_AsUTF8(doc), "Python bindings for the LZFSE reference implementation") == 0,
                "the module docstring");
    PyObject *cdoc = attr(compress_f, "__doc__");
    record_value(cdoc, "compress.__doc__");
    Py_DECREF(cdoc);

    PyObject *text = repeat("The quick brown fox jumps over the lazy dog. ", 200);
    round_trip(text, "9 KB of text");
    PyObject *rnd = noise(100000, 11);
    round_trip(rnd, "100 KB random");
    PyObject *zeros = PyBytes_FromStringAndSize(NULL, 1 << 20);
    memset(PyBytes_AS_STRING(zeros), 0, 1 << 20);
    round_trip(zeros, "1 MiB of zeros (decompressed through the doubling loop)");
    PyObject *small = PyBytes_FromString("hello");
    round_trip(small, "5 bytes");
    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    PyObject *ce = keep(call(compress_f, NULL, "(O)", empty), "compress(b'')");
    record_value(ce, "compress(b'')");
    Py_DECREF(ce);
    /* the source file, as its upstream test compresses its own files */
    PyObject *src = read_file(sdist, "pylzfse.c");
    round_trip(src, "pylzfse.c");

    /* "s#": a str is taken as UTF-8; a bytearray is refused. */
    PyObject *from_str = keep(call(compress_f, NULL, "(s)", "caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9"),
                              "compress(str)");
    expect_bytes(call(decompress_f, NULL, "(O)", from_str), "caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9", 23,
                 "...decompresses to its UTF-8 bytes");
    Py_DECREF(from_str);
    PyObject *ba = PyByteArray_FromObject(text);
    expect_error(call(compress_f, NULL, "(O)", ba), PyExc_TypeError,
                 "argument 1 must be read-only bytes-like object, not bytearray", "compress(bytearray) is refused");
    Py_DECREF(ba);
    expect_error(call(compress_f, NULL, "(i)", 5), PyExc_TypeError, "a bytes-like object is required, not 'int'",
                 "compress(5) is refused");
    PyObject *nul = PyUnicode_FromStringAndSize("a\0b", 3);
    record(call(compress_f, NULL, "(O)", nul), "compress('a\\0b'): s# takes embedded NULs");
    Py_DECREF(nul);
    expect_error(call(compress_f, NULL, "(OO)", text, text), PyExc_TypeError, "function takes exactly 1 argument (2 given)",
                 "two arguments");

    /* Garbage: the decoder fails and the module raises error() */
    PyObject *junk = repeat("not an lzfse stream at all ", 4);
    expect_error(call(decompress_f, NULL, "(O)", junk), error, "", "decompress(garbage) raises lzfse.error");
    Py_DECREF(junk);
    PyObject *c = keep(call(compress_f, NULL, "(O)", rnd), "compress(100 KB random)");
    PyObject *cut = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c), PyBytes_GET_SIZE(c) / 2);
    record(call(decompress_f, NULL, "(O)", cut), "decompress(half a stream)");
    Py_DECREF(cut);
    Py_DECREF(c);

    Py_DECREF(src);
    Py_DECREF(empty);
    Py_DECREF(small);
    Py_DECREF(zeros);
    Py_DECREF(rnd);
    Py_DECREF(text);
    Py_DECREF(doc);
}

CORPUS_MAIN("lzfse", run)
