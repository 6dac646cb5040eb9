/* zipfile-deflate64 0.2.0's `deflate64`: a static type (Deflate64) with
 * tp_new = PyType_GenericNew, a tp_init that allocates a z_stream with
 * PyMem_Calloc and a 64 KiB window held in a bytes object, tp_dealloc,
 * a READONLY T_BOOL member (`eof`), and one METH_VARARGS method parsing
 * "y*" whose output grows through _PyBytes_Resize from the empty bytes
 * object; errors as ValueError("Bad Deflate64 data: <zlib message>"). The
 * decoder is zlib's contrib/infback9 (Deflate64: length code 285 carries
 * 16 extra bits, distance codes 30 and 31 reach back 64 KiB).
 *
 * Vectors: plain deflate data (what zipfile's deflate64 reader sees for
 * members without Deflate64's extensions) and hand-made Deflate64 blocks
 * using both extensions, as the project's tests decompress a Deflate64
 * zip member; errors and the `eof` flag are compared line by line with
 * CPython's.
 */
#include "corpus.h"

static const char LONG_MATCH[] = "\x73\x74\x72\x1e\x2d\x1f\x40\x00"; /* "ABC" + (len 1000, dist 3) */
static const char FAR_TAIL[] = "\x43\xbc\x1f\x0e\x00";              /* (len 10, dist 40000) */
static const char PLAIN[] = "\xab\xca\x2c\x48\xcb\xcc\x49\x55\x48\x49\x4d\xcb\x49\x2c\x49\x35\x33\x51"
                            "\x28\xc8\x49\xcc\xcc\x83\xf1\x15\x4a\x52\x2b\x4a\x74\xb0\x88\x01\x00";

static PyObject *cls;

static PyObject *fresh(const char *what)
{
    return keep(call(cls, NULL, "()"), what);
}

static void record_eof(PyObject *d, const char *what)
{
    PyObject *eof = PyObject_GetAttrString(d, "eof");
    record_value(eof, what);
    Py_XDECREF(eof);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    cls = attr(module, "Deflate64");
    PyObject *d = fresh("Deflate64()");
    record_eof(d, "Deflate64().eof before any data");
    expect_bytes(call_attr(d, "decompress", NULL, "(y#)", PLAIN, (Py_ssize_t)sizeof PLAIN - 1),
                 "zipfile deflate64 plain deflate text, plain deflate text", 56, "decompress(plain deflate)");
    record_eof(d, "eof after a whole stream");
    Py_DECREF(d);

    /* Deflate64's 16-bit length extension: "ABC" then 1000 bytes from 3 back. */
    char want[1003];
    for (int i = 0; i < 1003; i++)
        want[i] = "ABC"[i % 3];
    d = fresh("Deflate64() for the long match");
    expect_bytes(call_attr(d, "decompress", NULL, "(y#)", LONG_MATCH, (Py_ssize_t)sizeof LONG_MATCH - 1), want,
                 1003, "decompress(length code 285 with 16 extra bits: 1000)");
    record_eof(d, "eof after the long match");
    Py_DECREF(d);

    /* Deflate64's 64 KiB window: a 40000-byte stored block, then a match
       40000 back (distance code 30). */
    Py_ssize_t n = 40000;
    PyObject *stream = PyBytes_FromStringAndSize(NULL, 5 + n + (Py_ssize_t)sizeof FAR_TAIL - 1);
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(stream);
    p[0] = 0x00; /* not final, stored */
    p[1] = (unsigned char)(n & 0xff);
    p[2] = (unsigned char)(n >> 8);
    p[3] = (unsigned char)(~n & 0xff);
    p[4] = (unsigned char)((~n >> 8) & 0xff);
    for (Py_ssize_t i = 0; i < n; i++)
        p[5 + i] = (unsigned char)('a' + (i * 7 + i / 26) % 26);
    memcpy(p + 5 + n, FAR_TAIL, sizeof FAR_TAIL - 1);
    d = fresh("Deflate64() for the far match");
    PyObject *out = record_keep(call_attr(d, "decompress", NULL, "(O)", stream),
                                "decompress(40000 stored bytes, then distance 40000)");
    if (out != NULL) {
        expect_true(PyBytes_GET_SIZE(out) == n + 10 && memcmp(PyBytes_AS_STRING(out) + n, p + 5, 10) == 0,
                    "the far match copies the stream's first 10 bytes");
        Py_DECREF(out);
    }
    record_eof(d, "eof after the far match");
    Py_DECREF(d);

    /* The same stream through a bytearray and a memoryview. */
    PyObject *ba = PyByteArray_FromObject(stream);
    d = fresh("Deflate64() for a bytearray");
    record(call_attr(d, "decompress", NULL, "(O)", ba), "decompress(bytearray)");
    Py_DECREF(d);
    PyObject *mv = PyMemoryView_FromObject(ba);
    d = fresh("Deflate64() for a memoryview");
    record(call_attr(d, "decompress", NULL, "(O)", mv), "decompress(memoryview)");
    Py_DECREF(d);
    Py_DECREF(mv);
    Py_DECREF(ba);

    /* A truncated stream: no error, what was decoded, eof still false. */
    d = fresh("Deflate64() for a truncated stream");
    record(call_attr(d, "decompress", NULL, "(y#)", PyBytes_AS_STRING(stream), (Py_ssize_t)3000),
           "decompress(the first 3000 bytes)");
    record_eof(d, "eof after a truncated stream");
    Py_DECREF(d);
    Py_DECREF(stream);

    /* Errors, each on a fresh object: after a data error infback9 leaves
       strm->msg NULL for the next call, which the extension formats with
       "%s" (a crash under CPython). */
    static const struct {
        const char *data;
        Py_ssize_t len;
        const char *what;
    } bad[] = {
        {"\x07", 1, "decompress(b'\\x07') (block type 3)"},
        {"\x01\x05\x00\x00\x00hello", 10, "decompress(stored block, bad NLEN)"},
        {"\x05\xe0\xff", 3, "decompress(a dynamic block header cut short)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = fresh("Deflate64() for an error");
        record(call_attr(d, "decompress", NULL, "(y#)", bad[i].data, bad[i].len), bad[i].what);
        Py_DECREF(d);
    }
    d = fresh("Deflate64() for argument errors");
    record(call_attr(d, "decompress", NULL, "(y)", ""), "decompress(b'')");
    record(call_attr(d, "decompress", NULL, "(s)", "text"), "decompress('text')");
    record(call_attr(d, "decompress", NULL, "(i)", 5), "decompress(5)");
    record(call_attr(d, "decompress", NULL, "()"), "decompress()");
    record(call_attr(d, "decompress", NULL, "(yy)", "a", "b"), "decompress(b'a', b'b')");
    record(call_attr(d, "decompress", kw_dict("{s:y}", "data", "a"), "()"), "decompress(data=b'a')");
    record_eof(d, "eof after argument errors");
    Py_DECREF(d);
    d = fresh("Deflate64() for setting eof");
    PyObject *one = PyLong_FromLong(1);
    int rc = PyObject_SetAttrString(d, "eof", one);
    Py_DECREF(one);
    record_value(rc < 0 ? NULL : Py_None, "Deflate64().eof = 1 (READONLY)");
    Py_DECREF(d);
    record(call(cls, NULL, "(i)", 1), "Deflate64(1) (tp_init ignores its arguments)");
    PyObject *doc = attr(cls, "__doc__");
    record_value(doc, "Deflate64.__doc__");
    Py_DECREF(doc);
    PyObject *name = attr(cls, "__module__");
    record_value(name, "Deflate64.__module__");
    Py_DECREF(name);
    PyObject *mdoc = attr(module, "__doc__");
    record_value(mdoc, "deflate64.__doc__");
    Py_DECREF(mdoc);
    Py_DECREF(cls);
}

CORPUS_MAIN("deflate64", run)
