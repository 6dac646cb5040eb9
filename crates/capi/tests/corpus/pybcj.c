/* pybcj 1.0.8's `_bcj`: twelve heap types from PyType_FromSpec (one encoder
 * and one decoder per branch filter: x86, ARM, ARMT, PPC, IA64, SPARC),
 * "y*" / "K" keyword parsing in tp_init and methods, internal buffers grown
 * with PyMem_Realloc, and a __reduce__ that refuses pickling.
 *
 * Vectors: the sdist ships no tests; its upstream tests round-trip real
 * executables through each filter. Here each filter encodes machine-code-
 * like data (branch opcodes at every alignment) and a source file of the
 * sdist, in one call and in uneven chunks; the decoder must give the input
 * back, chunking must not change the output, and the encoded bytes are
 * recorded and compared with the CPython build's.
 */
#include "corpus.h"

static PyObject *module;

static const char *FILTERS[] = {"BCJ", "ARM", "ARMT", "PPC", "IA64", "Sparc"};

/* Deterministic bytes dense in the opcodes the filters rewrite: x86 E8/E9
   calls, ARM BL (0xEB), Thumb BL pairs (0xF0 0xF8), PPC "bl" (0x48 .. 0x01),
   IA64 bundles, SPARC call (0x40). */
static PyObject *code_like(Py_ssize_t n)
{
    PyObject *b = PyBytes_FromStringAndSize(NULL, n);
    if (b == NULL)
        bail("cannot allocate test data");
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(b);
    unsigned int x = 12345;
    static const unsigned char ops[] = {0xE8, 0xE9, 0xEB, 0xF0, 0xF8, 0x48, 0x40, 0x10, 0x01, 0x00, 0xFF};
    for (Py_ssize_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        unsigned int r = (x >> 16) & 0x7fff;
        p[i] = (r % 3 == 0) ? ops[(r >> 2) % sizeof ops] : (unsigned char)(r >> 3);
    }
    return b;
}

static PyObject *new_filter(const char *name, int decoder, Py_ssize_t size)
{
    char type_name[32];
    snprintf(type_name, sizeof type_name, "%s%s", name, decoder ? "Decoder" : "Encoder");
    PyObject *type = attr(module, type_name);
    PyObject *f = decoder ? PyObject_CallFunction(type, "n", size) : PyObject_CallNoArgs(type);
    Py_DECREF(type);
    if (f == NULL)
        bail("cannot make a %s", type_name);
    return f;
}

/* Encodes `data` with filter `name`, in chunks of `chunk` bytes (0: one
   call), then flush(); returns the joined bytes. */
static PyObject *encode(const char *name, PyObject *data, Py_ssize_t chunk)
{
    PyObject *enc = new_filter(name, 0, 0);
    Sink sink = {0};
    Py_ssize_t n = PyBytes_GET_SIZE(data);
    for (Py_ssize_t at = 0; at < n || (at == 0 && n == 0);) {
        Py_ssize_t len = chunk == 0 || n - at < chunk ? n - at : chunk;
        sink_add(&sink, take(call_attr(enc, "encode", NULL, "(y#)", PyBytes_AS_STRING(data) + at, len)));
        at += len;
        if (n == 0)
            break;
    }
    sink_add(&sink, take(call_attr(enc, "flush", NULL, "()")));
    Py_DECREF(enc);
    PyObject *out = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    free(sink.data);
    return out;
}

/* Decodes `data` (of original size `size`) in chunks. */
static PyObject *decode(const char *name, PyObject *data, Py_ssize_t size, Py_ssize_t chunk)
{
    PyObject *dec = new_filter(name, 1, size);
    Sink sink = {0};
    Py_ssize_t n = PyBytes_GET_SIZE(data);
    for (Py_ssize_t at = 0; at < n;) {
        Py_ssize_t len = chunk == 0 || n - at < chunk ? n - at : chunk;
        sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#)", PyBytes_AS_STRING(data) + at, len)));
        at += len;
    }
    Py_DECREF(dec);
    PyObject *out = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    free(sink.data);
    return out;
}

static void round_trip(const char *name, PyObject *data, const char *label)
{
    char what[200];
    Py_ssize_t n = PyBytes_GET_SIZE(data);
    PyObject *whole = encode(name, data, 0);
    snprintf(what, sizeof what, "%sEncoder over %s keeps the length", name, label);
    expect_true(PyBytes_GET_SIZE(whole) == n, what);
    snprintf(what, sizeof what, "%sEncoder over %s", name, label);
    record_value(whole, what);
    static const Py_ssize_t chunks[] = {1, 7, 4096};
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        if (chunks[c] == 1 && n > 5000)
            continue;
        PyObject *pieces = encode(name, data, chunks[c]);
        snprintf(what, sizeof what, "%sEncoder over %s in chunks of %zd gives the same bytes", name, label, chunks[c]);
        expect_true(PyObject_RichCompareBool(pieces, whole, Py_EQ) == 1, what);
        Py_DECREF(pieces);
        PyObject *back = decode(name, whole, n, chunks[c]);
        if (strcmp(name, "IA64") == 0) {
            /* pybcj's IA64 decoder does not invert its encoder on text
               (on CPython too): record what it gives. */
            snprintf(what, sizeof what, "%sDecoder(%zd) in chunks of %zd over %s", name, n, chunks[c], label);
            record_value(back, what);
        } else {
            snprintf(what, sizeof what, "%sDecoder(%zd) in chunks of %zd gives %s back", name, n, chunks[c], label);
            expect_true(PyObject_RichCompareBool(back, data, Py_EQ) == 1, what);
        }
        Py_DECREF(back);
    }
    Py_DECREF(whole);
}

static void errors(void)
{
    PyObject *type = attr(module, "BCJDecoder");
    record(call(type, NULL, "()"), "BCJDecoder() without a size");
    record(call(type, NULL, "(s)", "x"), "BCJDecoder('x')");
    record(call(type, NULL, "(i)", -1), "BCJDecoder(-1)");
    PyObject *dec = keep(call(type, NULL, "(i)", 10), "BCJDecoder(10)");
    record(call_attr(dec, "decode", NULL, "(s)", "text"), "BCJDecoder.decode(str)");
    record(call_attr(dec, "__reduce__", NULL, "()"), "BCJDecoder.__reduce__()");
    /* tp_init called again, as type.__call__ would not but __init__ does. */
    PyObject *again = Py_BuildValue("(i)", 10);
    expect_true(Py_TYPE(dec)->tp_init(dec, again, NULL) == -1 && PyErr_ExceptionMatches(PyExc_RuntimeError),
                "BCJDecoder's tp_init refuses a second call");
    Py_DECREF(again);
    PyErr_Clear();
    record(call_attr(dec, "decode", NULL, "(y#)", "\x90\x90\x90\x90\x90\x90\x90\x90\x90\x90\x90\x90", 12),
           "BCJDecoder(10).decode(12 bytes)");
    Py_DECREF(dec);
    Py_DECREF(type);
    PyObject *enc_type = attr(module, "ARMEncoder");
    PyObject *enc = keep(call(enc_type, NULL, "()"), "ARMEncoder()");
    record(call_attr(enc, "encode", NULL, "()"), "ARMEncoder.encode() without data");
    record(call_attr(enc, "encode", kw_dict("{s:y}", "data", "abcd"), "()"), "ARMEncoder.encode(data=b'abcd')");
    record(call_attr(enc, "flush", NULL, "()"), "ARMEncoder.flush()");
    record(call_attr(enc, "flush", NULL, "()"), "ARMEncoder.flush() again");
    Py_DECREF(enc);
    Py_DECREF(enc_type);
}

static void run(PyObject *m, const char *sdist)
{
    module = m;
    PyObject *code = code_like(20000);
    PyObject *source = read_file(sdist, "src/ext/Bra86.c");
    PyObject *empty = PyBytes_FromStringAndSize(NULL, 0);
    for (size_t i = 0; i < sizeof FILTERS / sizeof FILTERS[0]; i++) {
        round_trip(FILTERS[i], code, "20000 bytes of branch-dense code");
        round_trip(FILTERS[i], source, "Bra86.c");
        round_trip(FILTERS[i], empty, "nothing");
    }
    errors();
    Py_DECREF(empty);
    Py_DECREF(source);
    Py_DECREF(code);
}

CORPUS_MAIN("_bcj", run)
