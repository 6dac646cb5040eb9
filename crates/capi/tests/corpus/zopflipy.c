/* zopflipy 1.11: zopfli._zopfli, Google's Zopfli deflate / zlib / gzip
 * compressor and ZopfliPNG (C and C++ over the bundled zopfli and
 * lodepng) as three static types with "|iOiOi"-style keyword tp_inits.
 * ZopfliCompressor gathers its input in an io.BytesIO (PyImport of `io`,
 * `write` through PyObject_CallMethod) and compresses it at flush() from
 * `getbuffer()` through PyObject_GetBuffer; ZopfliDeflater keeps the last
 * chunk and compresses each as the next arrives; ZopfliPNG has getset
 * properties over str / sequence options (PySequence_Tuple,
 * PyUnicode_AsASCIIString) and optimises PNG bytes. PyThread locks around
 * each call.
 *
 * Vectors: tests/test_zopfli.py (each format and block splitting, read
 * back with the zlib module as its ZopfliDecompressor does; the
 * compressor's and deflater's errors; every ZopfliPNG property, its
 * errors and the 64x64 black PNG), the compressed bytes recorded against
 * CPython's.
 */
#include "corpus.h"

static PyObject *zlib_decompress;

/* The result of a direct call (not through call()), recorded. */
static void record_direct(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* zlib.decompress(z, wbits) == want: ZopfliDecompressor(fmt) of the
   package's Python side (gzip, zlib or raw deflate by wbits). */
static int decompresses_to(PyObject *z, int fmt, const char *want, Py_ssize_t n)
{
    int wbits = fmt == 0 ? 15 + 16 : fmt == 1 ? 15 : -15;
    PyObject *r = z ? PyObject_CallFunction(zlib_decompress, "Oi", z, wbits) : NULL;
    int ok = r != NULL && PyBytes_GET_SIZE(r) == n && memcmp(PyBytes_AS_STRING(r), want, n) == 0;
    if (r == NULL)
        diag_exception();
    Py_XDECREF(r);
    return ok;
}

/* a + b as a new bytes object (either may be NULL: then NULL). */
static PyObject *concat(PyObject *a, PyObject *b)
{
    if (a == NULL || b == NULL)
        return NULL;
    PyObject *r = PyBytes_FromStringAndSize(PyBytes_AS_STRING(a), PyBytes_GET_SIZE(a));
    PyBytes_Concat(&r, b);
    return r;
}

static PyObject *get(PyObject *o, const char *name)
{
    PyObject *v = PyObject_GetAttrString(o, name);
    if (v == NULL)
        diag_exception();
    return v;
}

static void set_record(PyObject *o, const char *name, PyObject *v, const char *what)
{
    int r = PyObject_SetAttrString(o, name, v);
    record_direct(r < 0 ? NULL : get(o, name), what);
}

static void run(PyObject *m, const char *sdist)
{
    (void)sdist;
    PyObject *zlib = PyImport_ImportModule("zlib");
    if (zlib == NULL)
        bail("no zlib");
    zlib_decompress = attr(zlib, "decompress");
    PyObject *C = attr(m, "ZopfliCompressor"), *D = attr(m, "ZopfliDeflater"), *P = attr(m, "ZopfliPNG");
    static const char *formats[] = {"ZOPFLI_FORMAT_GZIP", "ZOPFLI_FORMAT_ZLIB", "ZOPFLI_FORMAT_DEFLATE"};
    for (int i = 0; i < 3; i++) {
        PyObject *v = attr(m, formats[i]);
        char want[4];
        snprintf(want, sizeof want, "%d", i);
        expect_true(PyLong_Check(v) && PyLong_AsLong(v) == i, formats[i]);
        Py_DECREF(v);
    }
    record_value(C, "ZopfliCompressor");

    /* test_gzip, test_zlib, test_deflate */
    for (int fmt = 0; fmt < 3; fmt++) {
        for (int bs = 0; bs < 2; bs++) {
            char what[96];
            PyObject *c = take(call(C, kw_dict("{s:i}", "block_splitting", bs), "(i)", fmt));
            PyObject *a = c ? take(call_attr(c, "compress", NULL, "(y)", "Hello, world!")) : NULL;
            PyObject *b = c ? take(call_attr(c, "flush", NULL, "()")) : NULL;
            PyObject *z = concat(a, b);
            snprintf(what, sizeof what, "ZopfliCompressor(%s, block_splitting=%d) round trip", formats[fmt], bs);
            tap(a && PyBytes_GET_SIZE(a) == 0 && decompresses_to(z, fmt, "Hello, world!", 13), what);
            record_value(z, what);
            Py_XDECREF(z);
            Py_XDECREF(a);
            Py_XDECREF(b);
            Py_XDECREF(c);
        }
    }
    /* A larger input in several writes, each format. */
    {
        char text[4096];
        for (int i = 0; i < 4096; i++)
            text[i] = "the quick brown fox jumps over the lazy dog "[i % 44] ^ (i % 97 == 0);
        for (int fmt = 0; fmt < 3; fmt++) {
            char what[96];
            PyObject *c = take(call(C, kw_dict("{s:i,s:i}", "iterations", 5, "block_splitting_max", 4), "(i)", fmt));
            for (int k = 0; c && k < 4; k++) {
                PyObject *ba = PyByteArray_FromStringAndSize(text + k * 1024, 1024);
                Py_XDECREF(take(call_attr(c, "compress", NULL, "(O)", ba)));
                Py_DECREF(ba);
            }
            PyObject *z = c ? take(call_attr(c, "flush", NULL, "()")) : NULL;
            snprintf(what, sizeof what, "4 KiB in four bytearrays (%s)", formats[fmt]);
            tap(decompresses_to(z, fmt, text, 4096), what);
            record_value(z, what);
            Py_XDECREF(z);
            Py_XDECREF(c);
        }
    }

    /* test_unknown, test_compressor */
    record(call(C, NULL, "(i)", -1), "ZopfliCompressor(-1)");
    record(call(C, NULL, "(i)", 3), "ZopfliCompressor(3)");
    record(call(C, NULL, "(O)", Py_None), "ZopfliCompressor(None)");
    record(call(C, kw_dict("{s:O}", "iterations", Py_None), "()"), "ZopfliCompressor(iterations=None)");
    record(call(C, kw_dict("{s:O}", "block_splitting_max", Py_None), "()"), "ZopfliCompressor(block_splitting_max=None)");
    record(call(C, kw_dict("{s:i}", "level", 1), "()"), "ZopfliCompressor(level=1)");
    record(call(C, NULL, "(iOiOii)", 0, Py_False, 1, Py_True, 1, 1), "ZopfliCompressor with six arguments");
    {
        PyObject *c = keep(call(C, NULL, "()"), "ZopfliCompressor()");
        /* compress(None) fails in BytesIO.write; CPython's own run loses a
           reference to None on that path, so it is called directly. */
        PyObject *args = PyTuple_Pack(1, Py_None);
        PyObject *meth = attr(c, "compress");
        record_direct(PyObject_Call(meth, args, NULL), "compress(None)");
        Py_DECREF(meth);
        Py_DECREF(args);
        record(call_attr(c, "compress", NULL, "(s)", "text"), "compress('text')");
        expect_bytes(call_attr(c, "flush", NULL, "()"), "\x03\x00", 2, "flush() of nothing is b'\\x03\\x00'");
        record(call_attr(c, "compress", NULL, "(y)", ""), "compress after flush");
        record(call_attr(c, "flush", NULL, "()"), "flush after flush");
        Py_DECREF(c);
    }

    /* test_deflater: the deflater keeps the last chunk (one reference to
       it) until the next call. */
    for (int bs = 0; bs < 2; bs++) {
        char what[96];
        PyObject *d = take(call(D, kw_dict("{s:i}", "block_splitting", bs), "()"));
        PyObject *hello = PyBytes_FromString("Hello, world!");
        args_leaked_by_extension = 1;
        PyObject *a = d ? take(call_attr(d, "compress", NULL, "(O)", hello)) : NULL;
        args_leaked_by_extension = 0;
        PyObject *b = d ? take(call_attr(d, "flush", NULL, "()")) : NULL;
        PyObject *z = concat(a, b);
        snprintf(what, sizeof what, "ZopfliDeflater(block_splitting=%d) round trip", bs);
        tap(decompresses_to(z, 2, "Hello, world!", 13), what);
        record_value(z, what);
        Py_XDECREF(z);
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(d);
        d = take(call(D, kw_dict("{s:i}", "block_splitting", bs), "()"));
        Sink out = {0};
        for (int k = 0; d && k < 3; k++) {
            /* The later calls drop the chunk they replace: the same one. */
            args_leaked_by_extension = k == 0;
            PyObject *part = take(call_attr(d, "compress", NULL, "(O)", hello));
            args_leaked_by_extension = 0;
            if (part != NULL)
                sink_add(&out, part);
        }
        if (d)
            sink_add(&out, take(call_attr(d, "flush", NULL, "()")));
        PyObject *all = PyBytes_FromStringAndSize(out.data, (Py_ssize_t)out.len);
        snprintf(what, sizeof what, "ZopfliDeflater(block_splitting=%d), three chunks", bs);
        tap(decompresses_to(all, 2, "Hello, world!Hello, world!Hello, world!", 39), what);
        record_value(all, what);
        Py_DECREF(all);
        free(out.data);
        Py_XDECREF(d);
        Py_DECREF(hello);
    }
    record(call(D, kw_dict("{s:O}", "iterations", Py_None), "()"), "ZopfliDeflater(iterations=None)");
    record(call(D, kw_dict("{s:O}", "block_splitting_max", Py_None), "()"), "ZopfliDeflater(block_splitting_max=None)");
    record(call(D, kw_dict("{s:i}", "bogus", 1), "()"), "ZopfliDeflater(bogus=1)");
    {
        PyObject *d = keep(call(D, NULL, "()"), "ZopfliDeflater()");
        /* None is kept as the pending chunk, then refused as a buffer. */
        PyObject *args = PyTuple_Pack(1, Py_None);
        PyObject *meth = attr(d, "compress");
        record_direct(PyObject_Call(meth, args, NULL), "deflater compress(None) first");
        record_direct(PyObject_Call(meth, args, NULL), "deflater compress(None) again");
        Py_DECREF(meth);
        Py_DECREF(args);
        Py_DECREF(d);
        d = keep(call(D, NULL, "()"), "ZopfliDeflater() again");
        expect_bytes(call_attr(d, "flush", NULL, "()"), "", 0, "deflater flush() of nothing is b''");
        record(call_attr(d, "compress", NULL, "(y)", ""), "deflater compress after flush");
        record(call_attr(d, "flush", NULL, "()"), "deflater flush after flush");
        Py_DECREF(d);
    }

    /* ZopfliPNGTestCase: the properties. */
    {
        PyObject *p = keep(call(P, NULL, "()"), "ZopfliPNG()");
        static const char *props[] = {"verbose", "lossy_transparent", "lossy_8bit", "filter_strategies",
                                      "auto_filter_strategy", "keep_color_type", "keep_chunks", "use_zopfli",
                                      "iterations", "iterations_large"};
        for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
            char what[64];
            snprintf(what, sizeof what, "ZopfliPNG().%s", props[i]);
            record_direct(get(p, props[i]), what);
        }
        for (int i = 0; i < 3; i++) {
            static const char *flags[] = {"verbose", "lossy_transparent", "lossy_8bit"};
            char what[64];
            snprintf(what, sizeof what, "set %s = True", flags[i]);
            set_record(p, flags[i], Py_True, what);
            snprintf(what, sizeof what, "del %s", flags[i]);
            record_direct(PyObject_DelAttrString(p, flags[i]) < 0 ? NULL : Py_NewRef(Py_None), what);
        }
        PyObject *s = PyUnicode_FromString("01234mepb");
        set_record(p, "filter_strategies", s, "filter_strategies = '01234mepb'");
        record_direct(get(p, "auto_filter_strategy"), "auto_filter_strategy after that");
        Py_DECREF(s);
        s = PyUnicode_FromString(".");
        record_direct(PyObject_SetAttrString(p, "filter_strategies", s) < 0 ? NULL : Py_NewRef(Py_None),
                      "filter_strategies = '.'");
        record_direct(get(p, "filter_strategies"), "filter_strategies after the failure");
        record_direct(get(p, "auto_filter_strategy"), "auto_filter_strategy after the failure");
        Py_DECREF(s);
        s = PyUnicode_FromString("01");
        set_record(p, "filter_strategies", s, "filter_strategies = '01'");
        Py_DECREF(s);
        set_record(p, "auto_filter_strategy", Py_True, "auto_filter_strategy = True");
        record_direct(get(p, "filter_strategies"), "filter_strategies after that");
        PyObject *chunks = Py_BuildValue("[sss]", "tEXt", "zTXt", "iTXt");
        set_record(p, "keep_chunks", chunks, "keep_chunks = ['tEXt', 'zTXt', 'iTXt']");
        Py_DECREF(chunks);
        set_record(p, "use_zopfli", Py_False, "use_zopfli = False");
        PyObject *n = PyLong_FromLong(30);
        set_record(p, "iterations", n, "iterations = 30");
        set_record(p, "iterations_large", n, "iterations_large = 30");
        Py_DECREF(n);
        record_direct(PyObject_SetAttrString(p, "iterations", Py_None) < 0 ? NULL : Py_NewRef(Py_None),
                      "iterations = None");
        static const char *dels[] = {"filter_strategies", "auto_filter_strategy", "keep_color_type", "keep_chunks",
                                     "use_zopfli", "iterations", "iterations_large"};
        for (size_t i = 0; i < sizeof dels / sizeof dels[0]; i++) {
            char what[64];
            snprintf(what, sizeof what, "del %s", dels[i]);
            record_direct(PyObject_DelAttrString(p, dels[i]) < 0 ? NULL : Py_NewRef(Py_None), what);
        }
        Py_DECREF(p);
    }
    record(call(P, kw_dict("{s:O}", "verbose", Py_True), "()"), "ZopfliPNG(verbose=True)");
    {
        /* Made directly: the instance keeps the filter_strategies str. */
        PyObject *kw = kw_dict("{s:s,s:[sss],s:i,s:i}", "filter_strategies", "01234mepb", "keep_chunks", "tEXt",
                               "zTXt", "iTXt", "iterations", 30, "iterations_large", 10);
        PyObject *noargs = PyTuple_New(0);
        PyObject *p = PyObject_Call(P, noargs, kw);
        Py_DECREF(noargs);
        Py_DECREF(kw);
        if (p == NULL)
            bail("ZopfliPNG(filter_strategies=, keep_chunks=, iterations=, iterations_large=)");
        record_direct(get(p, "filter_strategies"), "its filter_strategies");
        record_direct(get(p, "keep_chunks"), "its keep_chunks");
        record_direct(get(p, "iterations"), "its iterations");
        Py_DECREF(p);
    }
    record(call(P, kw_dict("{s:O}", "filter_strategies", Py_None), "()"), "ZopfliPNG(filter_strategies=None)");
    record(call(P, kw_dict("{s:s}", "filter_strategies", "\xc2\xb7"), "()"), "ZopfliPNG(filter_strategies='\\xb7')");
    record(call(P, kw_dict("{s:s}", "filter_strategies", "z"), "()"), "ZopfliPNG(filter_strategies='z')");
    record(call(P, kw_dict("{s:O}", "keep_chunks", Py_None), "()"), "ZopfliPNG(keep_chunks=None)");
    record(call(P, kw_dict("{s:[O]}", "keep_chunks", Py_None), "()"), "ZopfliPNG(keep_chunks=[None])");
    record(call(P, kw_dict("{s:[s]}", "keep_chunks", "\xc2\xb7"), "()"), "ZopfliPNG(keep_chunks=['\\xb7'])");
    record(call(P, kw_dict("{s:O}", "iterations", Py_None), "()"), "ZopfliPNG(iterations=None)");

    /* test_optimize: the 64x64 black PNG, then not a PNG. */
    {
        static const unsigned char black_png[] = {
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
            0x00, 0x40, 0x00, 0x00, 0x00, 0x40, 0x08, 0x00, 0x00, 0x00, 0x00, 0x8f, 0x02, 0x2e, 0x02, 0x00, 0x00, 0x00,
            0x1b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0xed, 0xc1, 0x81, 0x00, 0x00, 0x00, 0x00, 0xc3, 0xa0, 0xf9, 0x53,
            0xdf, 0xe0, 0x04, 0x55, 0x01, 0x00, 0x00, 0x00, 0x7c, 0x03, 0x10, 0x40, 0x00, 0x01, 0x46, 0x38, 0x0d, 0x1d,
            0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
        PyObject *p = keep(call(P, NULL, "()"), "ZopfliPNG() for optimize");
        PyObject *out = take(call_attr(p, "optimize", NULL, "(y#)", black_png, (Py_ssize_t)sizeof black_png));
        tap(out != NULL && PyBytes_Check(out) && PyBytes_GET_SIZE(out) > 8 && PyBytes_GET_SIZE(out) < (Py_ssize_t)sizeof black_png
                && memcmp(PyBytes_AS_STRING(out), black_png, 8) == 0,
            "optimize(black_png) is a smaller PNG");
        record_value(out, "optimize(black_png)");
        Py_XDECREF(out);
        record(call_attr(p, "optimize", NULL, "(y)", "not a png"), "optimize(b'not a png')");
        record(call_attr(p, "optimize", NULL, "(s)", "text"), "optimize('text')");
        record(call_attr(p, "optimize", NULL, "(O)", Py_None), "optimize(None)");
        Py_DECREF(p);
    }

    Py_DECREF(C);
    Py_DECREF(D);
    Py_DECREF(P);
    Py_DECREF(zlib_decompress);
    Py_DECREF(zlib);
}

CORPUS_MAIN("_zopfli", run)
