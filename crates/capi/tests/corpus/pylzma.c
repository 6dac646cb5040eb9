/* pylzma 0.6.1's `pylzma`: Igor Pavlov's LZMA SDK (bundled, with the
 * multi-threaded match finder) behind a Python-2-era module: static types
 * made ready with PyType_Ready (decompressobj, compressfile), keyword
 * parsing with PY_LONG_LONG fields, the PyErr_Warn macro, a compressfile
 * that reads a file-like object through PyObject_HasAttrString and
 * PyObject_CallMethod("read", "i"), the "s#|i" branch converters (BCJ),
 * delta coding and the SDK's version constants.
 *
 * Vectors: tests/test_pylzma.py (the exact frames for a test string with
 * and without end mark, round trips of random data at every size up to
 * 128 KiB, one-shot, streamed in one, two and one-byte steps with reset,
 * maxlength, compressfile over a file-like object, the large repeating
 * string, github #10's dictionary range, bugzilla #13's non-file, delta
 * coding). Random data is replaced by a deterministic generator; the file-
 * like object is a small type made here (the tests' io.BytesIO).
 */
#include "corpus.h"

#include <structmember.h>

static PyObject *compress_f, *decompress_f;

static const char PLAIN[] = "hello, this is a test string";
static const char WITH_EOS[] = "\x5d\x00\x00\x80\x00\x00\x34\x19\x49\xee\x8d\xef\x8c\x6b\x64\x90\x9b\x13\x86\xe3\x70\xbe"
                               "\xbe\xb1\xb6\x56\xf5\x73\x6d\x65\x3c\x12\x77\x31\xa2\x14\xff\x70\x31\xc0\x00";
static const char WITHOUT_EOS[] = "\x5d\x00\x00\x80\x00\x00\x34\x19\x49\xee\x8d\xef\x8c\x6b\x64\x90\x9b\x13\x86\xe3\x70"
                                  "\xbe\xbe\xb1\xb6\x56\xf5\x73\x6d\x65\x3c\x11\x5e\xdb\xe9";

/* ------------------------------------------------------------------ */
/*          A file-like object: Reader(data).read(n), as BytesIO      */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    PyObject *data; /* bytes */
    Py_ssize_t pos;
} Reader;

static PyObject *reader_read(PyObject *op, PyObject *args)
{
    Reader *self = (Reader *)op;
    Py_ssize_t n = -1;
    if (!PyArg_ParseTuple(args, "|n:read", &n))
        return NULL;
    Py_ssize_t left = PyBytes_GET_SIZE(self->data) - self->pos;
    if (n < 0 || n > left)
        n = left;
    PyObject *r = PyBytes_FromStringAndSize(PyBytes_AS_STRING(self->data) + self->pos, n);
    self->pos += n;
    return r;
}

static void reader_dealloc(PyObject *op)
{
    PyTypeObject *type = Py_TYPE(op);
    Py_XDECREF(((Reader *)op)->data);
    PyObject_Free(op);
    Py_DECREF(type);
}

static PyMethodDef reader_methods[] = {{"read", reader_read, METH_VARARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyType_Slot reader_slots[] = {
    {Py_tp_methods, reader_methods}, {Py_tp_dealloc, (void *)reader_dealloc}, {0, NULL}};
static PyType_Spec reader_spec = {"corpus.Reader", sizeof(Reader), 0, Py_TPFLAGS_DEFAULT, reader_slots};
static PyObject *reader_type;

static PyObject *reader_new(PyObject *data)
{
    Reader *r = PyObject_New(Reader, (PyTypeObject *)reader_type);
    if (r == NULL)
        bail("cannot make a Reader");
    Py_INCREF(reader_type); /* a heap type's instances hold it */
    Py_INCREF(data);
    r->data = data;
    r->pos = 0;
    return (PyObject *)r;
}

/* ------------------------------------------------------------------ */

/* test_pylzma.py's generate_random: 7-bit characters. */
static PyObject *random7(Py_ssize_t n, unsigned int seed)
{
    PyObject *b = PyBytes_FromStringAndSize(NULL, n);
    if (b == NULL)
        bail("cannot allocate test data");
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(b);
    for (Py_ssize_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (unsigned char)((seed >> 16) & 0x7f);
    }
    return b;
}

/* A decompressobj fed `data` in pieces of `step` bytes (0: one call);
   `reset_after` > 0 feeds that many bytes, resets, and starts over. */
static void streamed(PyObject *module, PyObject *ctor_kw, const char *data, Py_ssize_t n, Py_ssize_t step,
                     int one_byte_out, PyObject *expected, const char *what)
{
    PyObject *type = attr(module, "decompressobj");
    PyObject *d = take(call(type, ctor_kw, "()"));
    Py_DECREF(type);
    if (d == NULL) {
        tap(0, what);
        return;
    }
    Sink s = {0};
    for (Py_ssize_t at = 0; at < n;) {
        Py_ssize_t len = step == 0 || n - at < step ? n - at : step;
        sink_add(&s, take(one_byte_out ? call_attr(d, "decompress", NULL, "(y#i)", data + at, len, 1)
                                       : call_attr(d, "decompress", NULL, "(y#)", data + at, len)));
        at += len;
    }
    sink_add(&s, take(call_attr(d, "flush", NULL, "()")));
    int ok = sink_equals(&s, expected);
    free(s.data);
    Py_DECREF(d);
    tap(ok, what);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    compress_f = attr(module, "compress");
    decompress_f = attr(module, "decompress");
    reader_type = PyType_FromSpec(&reader_spec);
    if (reader_type == NULL)
        bail("cannot make the Reader type");

    /* test_version and the SDK constants */
    PyObject *v = attr(module, "__version__");
    expect_true(PyUnicode_Check(v) && strcmp(PyUnicode_AsUTF8(v), "0.6.1") == 0, "__version__ is '0.6.1'");
    Py_DECREF(v);
    static const char *consts[] = {"SDK_VERSION", "SDK_DATE", "SDK_VER_MAJOR", "SDK_VER_MINOR"};
    for (int i = 0; i < 4; i++) {
        v = attr(module, consts[i]);
        record_value(v, consts[i]);
        Py_DECREF(v);
    }

    /* test_compression_eos / no_eos: the exact frames */
    PyObject *plain = PyBytes_FromString(PLAIN);
    expect_bytes(call(compress_f, kw_dict("{s:i}", "eos", 1), "(O)", plain), WITH_EOS, sizeof WITH_EOS - 1,
                 "compress(plain, eos=1) is the test's frame");
    expect_bytes(call(compress_f, kw_dict("{s:i}", "eos", 0), "(O)", plain), WITHOUT_EOS, sizeof WITHOUT_EOS - 1,
                 "compress(plain, eos=0) is the test's frame");
    /* test_decompression_eos / noeos */
    expect_same_bytes(call(decompress_f, NULL, "(y#)", WITH_EOS, (Py_ssize_t)(sizeof WITH_EOS - 1)), plain,
                      "decompress(with eos)");
    expect_same_bytes(call(decompress_f, kw_dict("{s:i}", "maxlength", 28), "(y#)", WITHOUT_EOS,
                           (Py_ssize_t)(sizeof WITHOUT_EOS - 1)),
                      plain, "decompress(without eos, maxlength=28)");

    /* test_compression_decompression_eos / noeos: every size 2**i */
    for (int i = 0; i < 18; i += 1) {
        Py_ssize_t size = (Py_ssize_t)1 << i;
        PyObject *original = random7(size, (unsigned int)i + 1);
        char what[96];
        PyObject *c = take(call(compress_f, kw_dict("{s:i}", "eos", 1), "(O)", original));
        snprintf(what, sizeof what, "%zd random bytes round-trip with an end mark", size);
        if (c != NULL) {
            expect_same_bytes(call(decompress_f, NULL, "(O)", c), original, what);
            Py_DECREF(c);
        } else {
            tap(0, what);
        }
        c = take(call(compress_f, kw_dict("{s:i}", "eos", 0), "(O)", original));
        snprintf(what, sizeof what, "%zd random bytes round-trip without one (maxlength)", size);
        if (c != NULL) {
            if (i == 10)
                record_value(c, "the 1 KiB frame without an end mark");
            expect_same_bytes(call(decompress_f, kw_dict("{s:n}", "maxlength", size), "(O)", c), original, what);
            Py_DECREF(c);
        } else {
            tap(0, what);
        }
        Py_DECREF(original);
    }

    /* test_decompression_stream*, streaming, reset */
    streamed(module, NULL, WITH_EOS, sizeof WITH_EOS - 1, 0, 0, plain, "decompressobj in one step");
    streamed(module, NULL, WITH_EOS, sizeof WITH_EOS - 1, 10, 0, plain, "decompressobj in 10-byte steps");
    streamed(module, NULL, WITH_EOS, sizeof WITH_EOS - 1, 5, 0, plain, "decompressobj with the properties apart");
    streamed(module, NULL, WITH_EOS, sizeof WITH_EOS - 1, 1, 1, plain, "decompressobj one byte at a time, bufsize 1");
    streamed(module, kw_dict("{s:n}", "maxlength", (Py_ssize_t)(sizeof PLAIN - 1)), WITHOUT_EOS,
             sizeof WITHOUT_EOS - 1, 1, 1, plain, "decompressobj(maxlength) without an end mark, byte by byte");
    PyObject *dtype = attr(module, "decompressobj");
    PyObject *d = keep(call(dtype, NULL, "()"), "decompressobj()");
    Py_XDECREF(take(call_attr(d, "decompress", NULL, "(y#)", WITH_EOS, (Py_ssize_t)10)));
    expect_is(call_attr(d, "reset", NULL, "()"), Py_None, "reset() returns None");
    Sink s = {0};
    sink_add(&s, take(call_attr(d, "decompress", NULL, "(y#)", WITH_EOS, (Py_ssize_t)15)));
    sink_add(&s, take(call_attr(d, "decompress", NULL, "(y#)", WITH_EOS + 15, (Py_ssize_t)(sizeof WITH_EOS - 1 - 15))));
    sink_add(&s, take(call_attr(d, "flush", NULL, "()")));
    expect_true(sink_equals(&s, plain), "...and the stream starts over");
    record(call_attr(d, "decompress", NULL, "(s)", "text"), "decompressobj.decompress(str)");
    record(call_attr(d, "decompress", NULL, "(y#i)", "x", (Py_ssize_t)1, 0), "decompress(data, bufsize=0)");
    Py_DECREF(d);
    Py_DECREF(dtype);

    /* test_compress_large_string / _stream */
    PyObject *big = PyBytes_FromStringAndSize(NULL, 4 * 123456);
    for (Py_ssize_t i = 0; i < 123456; i++)
        memcpy(PyBytes_AS_STRING(big) + 4 * i, "asdf", 4);
    PyObject *cbig = keep(call(compress_f, NULL, "(O)", big), "compress(b'asdf' * 123456)");
    record_value(cbig, "compress(b'asdf' * 123456)");
    expect_same_bytes(call(decompress_f, NULL, "(O)", cbig), big, "...decompresses");
    streamed(module, NULL, PyBytes_AS_STRING(cbig), PyBytes_GET_SIZE(cbig), 1024, 0, big,
             "...and streamed in 1 KiB chunks");
    Py_DECREF(cbig);

    /* test_compression_file: compressfile over a file-like object */
    PyObject *cf = attr(module, "compressfile");
    PyObject *reader = reader_new(plain);
    /* The compressfile it returns holds its file while it lives: one
       reference more on the first argument when the call is settled. */
    args_leaked_by_extension = 1;
    PyObject *f = keep(call(cf, kw_dict("{s:i}", "eos", 1), "(O)", reader), "compressfile(Reader(plain), eos=1)");
    args_leaked_by_extension = 0;
    Sink out = {0};
    for (int rounds = 0; rounds < 1000; rounds++) {
        PyObject *piece = take(call_attr(f, "read", NULL, "(i)", 1));
        if (piece == NULL || PyBytes_GET_SIZE(piece) == 0) {
            Py_XDECREF(piece);
            break;
        }
        sink_add(&out, piece);
    }
    PyObject *packed = PyBytes_FromStringAndSize(out.data, (Py_ssize_t)out.len);
    free(out.data);
    expect_same_bytes(call(decompress_f, NULL, "(O)", packed), plain, "...read 1 byte at a time, it decompresses");
    Py_DECREF(packed);
    Py_DECREF(f);
    expect_true(Py_REFCNT(reader) == 1, "releasing the compressfile releases its file");
    Py_DECREF(reader);
    reader = reader_new(big);
    args_leaked_by_extension = 1;
    f = keep(call(cf, NULL, "(O)", reader), "compressfile(Reader(big))");
    args_leaked_by_extension = 0;
    record(call_attr(f, "read", NULL, "()"), "compressfile.read() of everything");
    Py_DECREF(f);
    Py_DECREF(reader);
    /* test_bugzilla_13 */
    expect_error(call(cf, NULL, "(s)", "/tmp/test"), PyExc_TypeError, "first parameter must be a file-like object",
                 "compressfile(str) is refused");
    Py_DECREF(cf);
    Py_DECREF(big);

    /* test_github_10 and other argument errors */
    expect_error(call(compress_f, kw_dict("{s:i}", "dictionary", 100), "(y)", "foo"), PyExc_ValueError,
                 "dictionary must be between 0 and 27", "compress(dictionary=100)");
    static const char *kws[] = {"fastBytes", "literalContextBits", "literalPosBits", "posBits", "algorithm",
                                "multithreading", "matchfinder"};
    for (int i = 0; i < 7; i++) {
        char what[64];
        snprintf(what, sizeof what, "compress(%s=99)", kws[i]);
        record(call(compress_f, i == 6 ? kw_dict("{s:s}", kws[i], "bt9") : kw_dict("{s:i}", kws[i], 99), "(y)", "foo"),
               what);
    }
    record(call(compress_f, kw_dict("{s:i,s:i}", "dictionary", 16, "fastBytes", 64), "(O)", plain),
           "compress(dictionary=16, fastBytes=64)");
    record(call(compress_f, NULL, "(s)", "text"), "compress(str)");
    record(call(decompress_f, NULL, "(y)", "junk"), "decompress(b'junk')");
    record(call(decompress_f, NULL, "(y#)", WITH_EOS, (Py_ssize_t)20), "decompress of a truncated frame");

    /* test_delta */
    PyObject *enc = attr(module, "delta_encode"), *dec = attr(module, "delta_decode");
    for (int i = 8; i < 18; i += 3) {
        PyObject *original = random7((Py_ssize_t)1 << i, (unsigned int)i * 7);
        int delta = 1 + (i * 37) % 255;
        PyObject *e = keep(call(enc, NULL, "(Oi)", original, delta), "delta_encode");
        expect_true(PyBytes_GET_SIZE(e) == PyBytes_GET_SIZE(original)
                        && PyObject_RichCompareBool(e, original, Py_NE) == 1,
                    "...keeps the length, changes the bytes");
        expect_same_bytes(call(dec, NULL, "(Oi)", e, delta), original, "delta_decode undoes it");
        Py_DECREF(e);
        Py_DECREF(original);
    }
    record(call(enc, NULL, "(y#i)", "abcdef", (Py_ssize_t)6, 1), "delta_encode(b'abcdef', 1)");
    record(call(enc, NULL, "(yi)", "abc", 0), "delta_encode(delta=0)");
    Py_DECREF(dec);
    Py_DECREF(enc);

    /* The BCJ converters on branch-dense data */
    static const char *bcj[] = {"bcj_x86_convert", "bcj_arm_convert", "bcj_armt_convert", "bcj_ppc_convert",
                                "bcj_sparc_convert", "bcj_ia64_convert", "bcj_arm64_convert", "bcj_riscv_convert"};
    PyObject *code = random7(4096, 99);
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(code);
    for (int i = 0; i < 4096; i += 7)
        p[i] = (unsigned char)(i % 3 == 0 ? 0xE8 : i % 3 == 1 ? 0xEB : 0x48);
    for (int i = 0; i < 8; i++) {
        PyObject *fn = attr(module, bcj[i]);
        char what[64];
        snprintf(what, sizeof what, "%s(code, 1) encodes", bcj[i]);
        PyObject *encoded = record_keep(call(fn, NULL, "(Oi)", code, 1), what);
        tap(1, what);
        if (encoded != NULL) {
            snprintf(what, sizeof what, "%s(encoded) decodes it", bcj[i]);
            expect_same_bytes(call(fn, NULL, "(O)", encoded), code, what);
            Py_DECREF(encoded);
        }
        Py_DECREF(fn);
    }
    Py_DECREF(code);
    Py_DECREF(plain);
}

CORPUS_MAIN("pylzma", run)
