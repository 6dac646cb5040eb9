/* inflate64 1.0.4's `_inflate64`: Deflate64 (zip method 9) Deflater and
 * Inflater heap types from PyType_FromSpec, "y*" / "y*|i" / "|i" keyword
 * parsing, a T_BOOL `eof` member, PyThread locks around the codec, the GIL
 * released while it runs, and output grown as a list of bytes blocks
 * (CPython's _BlocksOutputBuffer: PyList_New/PyList_Append, then
 * PyBytes_FromStringAndSize + memcpy of each block, or _PyBytes_Resize).
 *
 * Vectors: tests/test_inflater.py and tests/test_deflater.py over the
 * sdist's tests/data. The expected uncompressed sizes and CRC-32s come from
 * the zip files' own local headers (test-file.zip's twenty Deflate64
 * entries, large-file.zip's 10000SalesRecords.csv read in 8192-byte
 * blocks); the Deflater's output is recorded and compared with CPython's.
 */
#include "corpus.h"

#include <stdint.h>

static PyObject *module, *Inflater, *Deflater;

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* One entry of a zip archive, from its local file header. */
typedef struct {
    char name[256];
    unsigned method;
    uint32_t crc, size;
    const unsigned char *data;
    size_t data_len;
} ZipEntry;

/* Reads the local header at *at (advancing past the entry); 0 at the end. */
static int zip_next(PyObject *zip, size_t *at, ZipEntry *e)
{
    const unsigned char *p = (const unsigned char *)PyBytes_AS_STRING(zip);
    size_t n = (size_t)PyBytes_GET_SIZE(zip);
    if (*at + 30 > n || le32(p + *at) != 0x04034b50u)
        return 0;
    const unsigned char *h = p + *at;
    size_t name_len = le16(h + 26), extra_len = le16(h + 28);
    e->method = le16(h + 8);
    e->crc = le32(h + 14);
    e->data_len = le32(h + 18);
    e->size = le32(h + 22);
    if (name_len >= sizeof e->name || *at + 30 + name_len + extra_len + e->data_len > n)
        bail("malformed zip entry at %zu", *at);
    memcpy(e->name, h + 30, name_len);
    e->name[name_len] = '\0';
    e->data = h + 30 + name_len + extra_len;
    *at += 30 + name_len + extra_len + e->data_len;
    return 1;
}

/* Inflates `len` bytes in blocks of `block` (0: one call); NULL on error. */
static PyObject *inflate(const unsigned char *data, size_t len, size_t block, int *eof)
{
    PyObject *inf = PyObject_CallNoArgs(Inflater);
    if (inf == NULL)
        bail("Inflater() failed");
    Sink sink = {0};
    for (size_t at = 0; at < len;) {
        size_t n = block == 0 || len - at < block ? len - at : block;
        sink_add(&sink, take(call_attr(inf, "inflate", NULL, "(y#)", (const char *)data + at, (Py_ssize_t)n)));
        at += n;
    }
    PyObject *e = PyObject_GetAttrString(inf, "eof");
    *eof = e == Py_True;
    Py_XDECREF(e);
    Py_DECREF(inf);
    PyObject *out = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    free(sink.data);
    return out;
}

/* Deflates `data` in blocks, then flush(); also reports eof before/after. */
static PyObject *deflate(PyObject *data, size_t block, int *eof_before, int *eof_after)
{
    PyObject *def = PyObject_CallNoArgs(Deflater);
    if (def == NULL)
        bail("Deflater() failed");
    PyObject *e = PyObject_GetAttrString(def, "eof");
    *eof_before = e == Py_True;
    Py_XDECREF(e);
    Sink sink = {0};
    size_t len = (size_t)PyBytes_GET_SIZE(data);
    for (size_t at = 0; at < len;) {
        size_t n = block == 0 || len - at < block ? len - at : block;
        sink_add(&sink, take(call_attr(def, "deflate", NULL, "(y#)", PyBytes_AS_STRING(data) + at, (Py_ssize_t)n)));
        at += n;
    }
    sink_add(&sink, take(call_attr(def, "flush", NULL, "()")));
    e = PyObject_GetAttrString(def, "eof");
    *eof_after = e == Py_True;
    Py_XDECREF(e);
    Py_DECREF(def);
    PyObject *out = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    free(sink.data);
    return out;
}

static int matches(PyObject *out, const ZipEntry *e)
{
    if ((size_t)PyBytes_GET_SIZE(out) != e->size) {
        diag("%zd bytes, the zip header says %u; ", PyBytes_GET_SIZE(out), (unsigned)e->size);
        return 0;
    }
    uint32_t crc = crc32_of((const unsigned char *)PyBytes_AS_STRING(out), e->size);
    if (crc != e->crc) {
        diag("CRC-32 %08x, the zip header says %08x; ", (unsigned)crc, (unsigned)e->crc);
        return 0;
    }
    return 1;
}

static void run(PyObject *m, const char *sdist)
{
    module = m;
    /* Deflater.deflate and Inflater.inflate take "y*" and never call
       PyBuffer_Release: each call leaks one reference to its data. */
    args_leaked_by_extension = 1;
    Inflater = attr(module, "Inflater");
    Deflater = attr(module, "Deflater");
    char what[400];

    /* test_inflater.py::test_decompress, then test_deflater.py's
       test_compress_n over the same files. */
    PyObject *zip = read_file(sdist, "tests/data/test-file.zip");
    size_t at = 0;
    ZipEntry e;
    int entries = 0;
    while (zip_next(zip, &at, &e)) {
        if (e.method != 9)
            continue;
        entries++;
        int eof = 0;
        PyObject *out = inflate(e.data, e.data_len, 0, &eof);
        snprintf(what, sizeof what, "Inflater().inflate(%s) matches its zip header's size and CRC-32", e.name);
        expect_true(matches(out, &e) && eof, what);
        int before = 1, after = 0;
        PyObject *packed = deflate(out, 0, &before, &after);
        snprintf(what, sizeof what, "Deflater().deflate(%s) + flush()", e.name);
        record_value(packed, what);
        expect_true(!before && after, "Deflater's eof is False before flush() and True after");
        int eof2 = 0;
        PyObject *back = inflate((const unsigned char *)PyBytes_AS_STRING(packed), (size_t)PyBytes_GET_SIZE(packed),
                                 1000, &eof2);
        snprintf(what, sizeof what, "inflating the Deflater's %s in 1000-byte blocks gives it back", e.name);
        expect_true(PyObject_RichCompareBool(back, out, Py_EQ) == 1 && eof2, what);
        Py_DECREF(back);
        Py_DECREF(packed);
        Py_DECREF(out);
    }
    expect_true(entries == 20, "test-file.zip holds the twenty Deflate64 entries");
    Py_DECREF(zip);

    /* test_decompress_larger: 8192-byte blocks of a 351298-byte stream;
       then test_compress_larger: deflate that in 8192-byte blocks. */
    zip = read_file(sdist, "tests/data/large-file.zip");
    at = 0;
    if (!zip_next(zip, &at, &e) || e.method != 9)
        bail("large-file.zip has no Deflate64 entry first");
    int eof = 0;
    PyObject *out = inflate(e.data, e.data_len, 8192, &eof);
    expect_true(matches(out, &e) && eof, "10000SalesRecords.csv inflated in 8192-byte blocks");
    int before = 1, after = 0;
    PyObject *packed = deflate(out, 8192, &before, &after);
    record_value(packed, "10000SalesRecords.csv deflated in 8192-byte blocks");
    PyObject *back = inflate((const unsigned char *)PyBytes_AS_STRING(packed), (size_t)PyBytes_GET_SIZE(packed), 0, &eof);
    expect_true(PyObject_RichCompareBool(back, out, Py_EQ) == 1, "and inflated back in one call");
    Py_DECREF(back);
    Py_DECREF(packed);

    /* max_length and argument errors */
    PyObject *inf = keep(call(Inflater, NULL, "()"), "Inflater()");
    record(call_attr(inf, "inflate", kw_dict("{s:i}", "max_length", 100), "(y#)", (const char *)e.data, (Py_ssize_t)4096),
           "Inflater.inflate(data, max_length=100)");
    record(call_attr(inf, "inflate", NULL, "(y#i)", (const char *)e.data, (Py_ssize_t)10, -1),
           "Inflater.inflate(data, -1)");
    args_leaked_by_extension = 0; /* from here on the parse fails, or the argument is no buffer */
    record(call_attr(inf, "inflate", NULL, "(s)", "text"), "Inflater.inflate(str)");
    record(call_attr(inf, "inflate", NULL, "()"), "Inflater.inflate()");
    Py_DECREF(inf);
    PyObject *def = keep(call(Deflater, NULL, "()"), "Deflater()");
    record(call_attr(def, "deflate", NULL, "(s)", "text"), "Deflater.deflate(str)");
    record(call_attr(def, "flush", NULL, "(i)", 0), "Deflater.flush(Z_NO_FLUSH)");
    args_leaked_by_extension = 1;
    record(call_attr(def, "deflate", NULL, "(y)", "abcabcabcabc"), "Deflater.deflate(b'abcabcabcabc')");
    args_leaked_by_extension = 0;
    record(call_attr(def, "flush", NULL, "()"), "Deflater.flush()");
    Py_DECREF(def);
    Py_DECREF(out);
    Py_DECREF(zip);
    Py_DECREF(Inflater);
    Py_DECREF(Deflater);
}

CORPUS_MAIN("_inflate64", run)
