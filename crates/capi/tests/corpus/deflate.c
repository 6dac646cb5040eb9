/* deflate 0.9.0: libdeflate's whole-buffer DEFLATE, zlib and gzip codecs and
 * its CRC-32 / Adler-32, built as its wheels are, for the limited API
 * (Py_LIMITED_API=0x030b0000): "y*" buffers parsed with keywords, a
 * bytearray result that is allocated at the compress bound and shrunk with
 * PyByteArray_Resize, the GIL released around each codec call, and a
 * DeflateError from PyErr_NewException.
 *
 * Vectors follow its tests (tests/test_compress.py, test_crc32.py,
 * test_adler32.py): round trips at every level, checksums against the
 * zlib module's, streams that zlib decodes, errors for bad levels and bad
 * data. The compressed bytes are recorded and compared with the CPython
 * build's.
 */
#include "corpus.h"
#include "test_bytes.h"

static PyObject *zlib_mod, *error;

/* A decompressor's result (a bytearray, taken) holds `data`'s bytes. */
static void expect_same_content(PyObject *r, PyObject *data, const char *what)
{
    int ok = r != NULL && PyByteArray_CheckExact(r) && PyByteArray_GET_SIZE(r) == PyBytes_GET_SIZE(data)
             && memcmp(PyByteArray_AS_STRING(r), PyBytes_AS_STRING(data), (size_t)PyBytes_GET_SIZE(data)) == 0;
    if (r != NULL && !ok)
        diag("a %s of %zd bytes, not the input's %zd; ", Py_TYPE(r)->tp_name, Py_SIZE(r), PyBytes_GET_SIZE(data));
    Py_XDECREF(r);
    expect_true(ok, what);
}

/* One format: compress at `level`, record the stream, decompress it with the
 * original size (and, for gzip, without: the trailer gives it), and check
 * that the zlib module reads the stream back (wbits selects the format). */
static void round_trip(PyObject *module, const char *fmt, int wbits, PyObject *data, int level, const char *what)
{
    char name[64], label[200];
    snprintf(name, sizeof name, "%s_compress", fmt);
    PyObject *kw = kw_dict("{s:i}", "compresslevel", level);
    PyObject *c = keep(call_attr(module, name, kw, "(O)", data), what); /* the call takes kw */
    snprintf(label, sizeof label, "%s: %s_compress(level %d) is a bytearray", what, fmt, level);
    expect_true(PyByteArray_CheckExact(c), label);
    snprintf(label, sizeof label, "%s: %s stream at level %d", what, fmt, level);
    record_value(c, label);
    snprintf(name, sizeof name, "%s_decompress", fmt);
    snprintf(label, sizeof label, "%s: %s round trip at level %d", what, fmt, level);
    expect_same_content(take(call_attr(module, name, NULL, "(On)", c, PyBytes_GET_SIZE(data))), data, label);
    if (strcmp(fmt, "gzip") == 0) {
        snprintf(label, sizeof label, "%s: gzip round trip at level %d, size from the trailer", what, level);
        expect_same_content(take(call_attr(module, "gzip_decompress", NULL, "(O)", c)), data, label);
    }
    snprintf(label, sizeof label, "%s: zlib.decompress reads the %s stream at level %d", what, fmt, level);
    expect_same_bytes(call_attr(zlib_mod, "decompress", NULL, "(Oi)", c, wbits), data, label);
    Py_DECREF(c);
}

/* `module.name(data[, start])` equals `zlib.name(data[, start])`; the value is
 * recorded too. `start` < 0: none. */
static void checksum(PyObject *module, const char *name, PyObject *data, long long start, const char *what)
{
    char label[200];
    PyObject *want, *got;
    if (start < 0) {
        want = keep(call_attr(zlib_mod, name, NULL, "(O)", data), "the zlib module's checksum");
        got = take(call_attr(module, name, NULL, "(O)", data));
        snprintf(label, sizeof label, "%s: %s is zlib's", what, name);
    } else {
        want = keep(call_attr(zlib_mod, name, NULL, "(OK)", data, (unsigned long long)start),
                    "the zlib module's checksum");
        got = take(call_attr(module, name, NULL, "(OK)", data, (unsigned long long)start));
        snprintf(label, sizeof label, "%s: %s from %lld is zlib's", what, name, start);
    }
    expect_true(got != NULL && PyObject_RichCompareBool(got, want, Py_EQ) == 1, label);
    if (got != NULL)
        record_value(got, label);
    Py_XDECREF(got);
    Py_DECREF(want);
}

static void checksums(PyObject *module, PyObject *data, const char *what)
{
    checksum(module, "crc32", data, -1, what);
    checksum(module, "crc32", data, 0xdeadbeefLL, what);
    checksum(module, "adler32", data, -1, what);
    checksum(module, "adler32", data, 12345, what);
}

static void run(PyObject *module, const char *sdist)
{
    zlib_mod = PyImport_ImportModule("zlib");
    if (zlib_mod == NULL)
        bail("cannot import zlib");
    error = attr(module, "DeflateError");
    expect_true(PyType_Check(error) && PyObject_IsSubclass(error, PyExc_Exception) == 1,
                "DeflateError is an Exception");
    record_value(error, "repr(DeflateError)");
    PyObject *version = attr(module, "__version__");
    record_value(version, "__version__");
    Py_DECREF(version);
    PyObject *doc = attr(module, "__doc__");
    record_value(doc, "the module docstring");
    Py_DECREF(doc);

    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    PyObject *zero = PyBytes_FromStringAndSize("\0", 1);
    PyObject *text = repeat("The quick brown fox jumps over the lazy dog. ", 500);
    PyObject *rnd = noise(50000, 7);
    PyObject *src = read_file(sdist, "src/_deflate.c");
    struct {
        PyObject *data;
        const char *what;
    } inputs[] = {{zero, "one NUL"}, {text, "22 KB of text"}, {rnd, "50 KB random"}, {src, "_deflate.c"}};
    const int levels[] = {-1, 0, 1, 6, 9, 12};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        for (size_t l = 0; l < sizeof levels / sizeof *levels; l++) {
            round_trip(module, "deflate", -15, inputs[i].data, levels[l], inputs[i].what);
            round_trip(module, "zlib", 15, inputs[i].data, levels[l], inputs[i].what);
            round_trip(module, "gzip", 31, inputs[i].data, levels[l], inputs[i].what);
        }
        checksums(module, inputs[i].data, inputs[i].what);
    }
    checksums(module, empty, "b''");
    record(call_attr(module, "crc32", NULL, "(y)", "123456789"), "crc32(b'123456789') (the CRC-32 check value)");
    record(call_attr(module, "adler32", NULL, "(y)", "Wikipedia"), "adler32(b'Wikipedia')");

    /* Empty input: every compressor emits a stream; originalsize 0 gives an
     * empty bytearray without looking at the data. */
    record(call_attr(module, "deflate_compress", NULL, "(O)", empty), "deflate_compress(b'')");
    record(call_attr(module, "zlib_compress", NULL, "(O)", empty), "zlib_compress(b'')");
    record(call_attr(module, "deflate_decompress", NULL, "(Oi)", text, 0), "deflate_decompress(text, 0)");

    /* Other buffer exporters: bytearray, memoryview, array. */
    PyObject *ba = PyByteArray_FromObject(text);
    PyObject *c1 = keep(call_attr(module, "zlib_compress", NULL, "(O)", ba), "zlib_compress(bytearray)");
    PyObject *c2 = keep(call_attr(module, "zlib_compress", NULL, "(O)", text), "zlib_compress(bytes)");
    expect_true(PyObject_RichCompareBool(c1, c2, Py_EQ) == 1, "a bytearray compresses as the bytes do");
    PyObject *mv = PyMemoryView_FromObject(text);
    PyObject *c3 = keep(call_attr(module, "zlib_compress", NULL, "(O)", mv), "zlib_compress(memoryview)");
    expect_true(PyObject_RichCompareBool(c3, c2, Py_EQ) == 1, "a memoryview compresses as the bytes do");
    PyObject *kw = kw_dict("{s:O,s:i}", "data", text, "compresslevel", 9);
    record(call_attr(module, "gzip_compress", kw, "()"), "gzip_compress(data=..., compresslevel=9)");
    Py_DECREF(c1);
    Py_DECREF(c2);
    Py_DECREF(c3);
    Py_DECREF(mv);
    Py_DECREF(ba);

    /* Errors */
    expect_error(call_attr(module, "zlib_compress", NULL, "(Oi)", text, 13), PyExc_ValueError,
                 "compresslevel must be between -1 (default) and 12", "compresslevel 13");
    expect_error(call_attr(module, "gzip_compress", NULL, "(Oi)", text, -2), PyExc_ValueError,
                 "compresslevel must be between -1 (default) and 12", "compresslevel -2");
    expect_error(call_attr(module, "zlib_compress", NULL, "(s)", "text"), PyExc_TypeError,
                 "a bytes-like object is required, not 'str'", "zlib_compress(str) is refused (y*)");
    expect_error(call_attr(module, "deflate_decompress", NULL, "(O)", text), PyExc_TypeError,
                 "function missing required argument 'originalsize' (pos 2)",
                 "deflate_decompress needs originalsize");
    expect_error(call_attr(module, "gzip_decompress", NULL, "(O)", text), PyExc_ValueError, "Invalid gzip data",
                 "gzip_decompress(not gzip)");
    expect_error(call_attr(module, "zlib_decompress", NULL, "(Oi)", text, 100), error, "Decompression failed",
                 "zlib_decompress(not zlib)");
    record(call_attr(module, "crc32", NULL, "(Oi)", text, -1), "crc32 start -1 (I wraps, unchecked)");
    record(call_attr(module, "crc32", NULL, "(OK)", text, 0x1ffffffffULL), "crc32 start 2**33-1 (I wraps, unchecked)");
    PyObject *z = keep(call_attr(module, "zlib_compress", NULL, "(O)", text), "zlib_compress(text)");
    record(call_attr(module, "zlib_decompress", NULL, "(Oi)", z, 100), "zlib_decompress with too small an originalsize");
    record(call_attr(module, "zlib_decompress", NULL, "(Oi)", z, 1000000), "zlib_decompress with a larger originalsize (shrunk)");
    PyObject *cut = PyBytes_FromStringAndSize(PyByteArray_AS_STRING(z), PyByteArray_GET_SIZE(z) / 2);
    expect_error(call_attr(module, "zlib_decompress", NULL, "(On)", cut, PyBytes_GET_SIZE(text)), error,
                 "Decompression failed", "zlib_decompress(half a stream)");
    Py_DECREF(cut);
    Py_DECREF(z);

    Py_DECREF(src);
    Py_DECREF(rnd);
    Py_DECREF(text);
    Py_DECREF(zero);
    Py_DECREF(empty);
    Py_DECREF(zlib_mod);
}

CORPUS_MAIN("_deflate", run)
