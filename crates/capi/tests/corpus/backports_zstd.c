/* backports.zstd 1.8.0's `_zstd`: CPython 3.14's compression.zstd C module
 * built for 3.11 as CPython builds its own modules (Py_BUILD_CORE_MODULE):
 * Argument Clinic parsers (_PyArg_UnpackKeywords, _PyNumber_Index,
 * positional-only and keyword-only arguments, `object(subclass_of=...)`),
 * multi-phase init with module state, heap types from
 * PyType_FromModuleAndSpec (ZstdCompressor, ZstdDecompressor, ZstdDict)
 * with members, getters and class constants, PyThread locks, a
 * blocks-output buffer of bytes objects in a list, and the zstd library's
 * multi-threaded compressor.
 *
 * Vectors: tests/test/test_zstd.py (CPython's own Lib/test/test_zstd.py):
 * FunctionsTestCase, CompressorTestCase (bad arguments, parameters,
 * flush modes, last_mode, set_pledged_input_size), DecompressorTestCase
 * (bad arguments, parameters, epilogue flags, max_length chunks,
 * unused_data, eof, needs_input) and ZstdDictTestCase (is_raw, invalid
 * dicts, train_dict/finalize_dict over deterministic samples, as_prefix,
 * digested and undigested). The compress()/decompress() helpers of
 * backports/zstd/__init__.py are written here in C. Where the tests give
 * no value (exact frames, messages matched by regex), the result is
 * recorded and compared with the CPython build's.
 */
#include "corpus.h"

static PyObject *mod, *Compressor, *Decompressor, *Dict, *ZError;
static long C_LEVEL, C_WINDOW_LOG, C_CHECKSUM, C_CONTENT_SIZE, C_LDM_BUCKET, C_NB_WORKERS, D_WINDOW_LOG_MAX;

static PyObject *noise7(Py_ssize_t n, unsigned int seed)
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

static long module_long(const char *name)
{
    PyObject *v = attr(mod, name);
    long x = PyLong_AsLong(v);
    Py_DECREF(v);
    return x;
}

/* 2**n as an int. */
static PyObject *pow2(long n)
{
    PyObject *one = PyLong_FromLong(1), *shift = PyLong_FromLong(n);
    PyObject *r = PyNumber_Lshift(one, shift);
    Py_DECREF(one);
    Py_DECREF(shift);
    if (r == NULL)
        bail("cannot make 2**%ld", n);
    return r;
}

static PyObject *int_dict(long key, long value)
{
    PyObject *d = Py_BuildValue("{l:l}", key, value);
    if (d == NULL)
        bail("cannot build an options dict");
    return d;
}

/* backports.zstd.compress(data, level, options, zstd_dict): a compressor's
   compress(data, FLUSH_FRAME). A new reference, or NULL with the error. */
static PyObject *zcompress(PyObject *data, PyObject *ctor_kwargs)
{
    PyObject *no_args = PyTuple_New(0);
    PyObject *c = PyObject_Call(Compressor, no_args, ctor_kwargs);
    Py_DECREF(no_args);
    if (c == NULL)
        return NULL;
    PyObject *r = PyObject_CallMethod(c, "compress", "Oi", data, 2);
    Py_DECREF(c);
    return r;
}

/* backports.zstd.decompress(data, zstd_dict, options): frame after frame
   through unused_data; an unfinished frame raises ZstdError. */
static PyObject *zdecompress(PyObject *data, PyObject *ctor_kwargs)
{
    PyObject *out = PyBytes_FromStringAndSize("", 0);
    Py_INCREF(data);
    for (;;) {
        PyObject *empty_args = PyTuple_New(0);
        PyObject *d = PyObject_Call(Decompressor, empty_args, ctor_kwargs);
        Py_DECREF(empty_args);
        PyObject *piece = d ? PyObject_CallMethod(d, "decompress", "O", data) : NULL;
        if (piece == NULL) {
            Py_XDECREF(d);
            Py_DECREF(data);
            Py_DECREF(out);
            return NULL;
        }
        PyBytes_ConcatAndDel(&out, piece);
        if (out == NULL) {
            Py_DECREF(d);
            Py_DECREF(data);
            return NULL;
        }
        PyObject *eof = PyObject_GetAttrString(d, "eof");
        if (eof != Py_True) {
            Py_XDECREF(eof);
            Py_DECREF(d);
            Py_DECREF(data);
            Py_DECREF(out);
            PyErr_SetString(ZError, "Compressed data ended before the end-of-stream marker was reached");
            return NULL;
        }
        Py_DECREF(eof);
        PyObject *rest = PyObject_GetAttrString(d, "unused_data");
        Py_DECREF(d);
        Py_DECREF(data);
        data = rest;
        if (rest == NULL || PyBytes_GET_SIZE(rest) == 0)
            break;
    }
    if (data == NULL) {
        Py_DECREF(out);
        return NULL;
    }
    Py_DECREF(data);
    return out;
}

/* Runs `r` (a new reference, or NULL with an exception) as a recorded
   call: the result or exception is printed for the comparison. */
static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static void round_trip(PyObject *data, PyObject *ckw, PyObject *dkw, const char *what)
{
    PyObject *c = zcompress(data, ckw);
    PyObject *d = c ? zdecompress(c, dkw) : NULL;
    int ok = d != NULL && PyObject_RichCompareBool(d, data, Py_EQ) == 1;
    if (d == NULL)
        diag_exception();
    else if (!ok)
        diag("the round trip gave other data; ");
    Py_XDECREF(c);
    Py_XDECREF(d);
    tap(ok, what);
}

static PyObject *frame_info(PyObject *frame)
{
    PyObject *f = attr(mod, "get_frame_info");
    PyObject *r = PyObject_CallOneArg(f, frame);
    Py_DECREF(f);
    return r;
}

static void functions(PyObject *file_bytes)
{
    PyObject *f = attr(mod, "zstd_version");
    record_value(f, "zstd_version");
    Py_DECREF(f);
    f = attr(mod, "zstd_version_number");
    record_value(f, "zstd_version_number");
    Py_DECREF(f);
    f = attr(mod, "get_param_bounds");
    record(call(f, NULL, "(lO)", C_LEVEL, Py_True), "get_param_bounds(compression_level, True)");
    record(call(f, NULL, "(lO)", D_WINDOW_LOG_MAX, Py_False), "get_param_bounds(window_log_max, False)");
    record(call(f, NULL, "(iO)", 3333, Py_True), "get_param_bounds(3333, True)");
    record(call(f, NULL, "(l)", C_LEVEL), "get_param_bounds with one argument");
    record(call(f, kw_dict("{s:l,s:O}", "parameter", C_LEVEL, "is_compress", Py_True), "()"),
           "get_param_bounds by keyword");
    Py_DECREF(f);
    f = attr(mod, "ZSTD_CLEVEL_DEFAULT");
    record_value(f, "ZSTD_CLEVEL_DEFAULT");
    Py_DECREF(f);

    /* test_roundtrip_default / test_roundtrip_level */
    PyObject *part = PyBytes_FromStringAndSize(PyBytes_AS_STRING(file_bytes), PyBytes_GET_SIZE(file_bytes) / 6);
    round_trip(part, NULL, NULL, "round trip at the default level");
    static const int levels[] = {-20, -5, -1, 0, 1, 3, 9, 15, 19, 22};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "round trip at level %d", levels[i]);
        PyObject *kw = kw_dict("{s:i}", "level", levels[i]);
        round_trip(part, kw, NULL, what);
        Py_DECREF(kw);
    }
    PyObject *kw = kw_dict("{s:i}", "level", 19);
    rec(zcompress(part, kw), "the level-19 frame");
    Py_DECREF(kw);
    Py_DECREF(part);

    /* test_get_frame_info / test_get_frame_size */
    PyObject *a32k = PyBytes_FromStringAndSize(NULL, 100 + 32 * 1024);
    memset(PyBytes_AS_STRING(a32k), 'a', 100 + 32 * 1024);
    PyObject *c32k = zcompress(a32k, NULL);
    PyObject *head = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c32k), 20);
    f = attr(mod, "get_frame_info");
    PyObject *info = keep(call(f, NULL, "(O)", head), "get_frame_info(first 20 bytes)");
    expect_true(PyTuple_Check(info) && PyTuple_GET_SIZE(info) == 2
                    && PyLong_AsLong(PyTuple_GET_ITEM(info, 0)) == 100 + 32 * 1024
                    && PyLong_AsLong(PyTuple_GET_ITEM(info, 1)) == 0,
                "...is (32 KiB + 100, dictionary id 0)");
    Py_DECREF(info);
    expect_error(call(f, NULL, "(y)", "aaaaaaaaaaaaaa"), ZError, NULL, "get_frame_info(b'a' * 14) raises ZstdError");
    record(call(f, NULL, "(y)", "aaaaaaaaaaaaaa"), "...with this message");
    record(call(f, NULL, "(s)", "text"), "get_frame_info(str)");
    Py_DECREF(f);
    f = attr(mod, "get_frame_size");
    PyObject *size = keep(call(f, NULL, "(O)", c32k), "get_frame_size(frame)");
    expect_true(PyLong_AsSsize_t(size) == PyBytes_GET_SIZE(c32k), "...is the frame's length");
    Py_DECREF(size);
    record(call(f, NULL, "(y)", "aaaaaaaaaaaaaa"), "get_frame_size(b'a' * 14)");
    Py_DECREF(f);
    Py_DECREF(head);
    Py_DECREF(c32k);
    Py_DECREF(a32k);

    /* test_decompress_2x130_1K */
    PyObject *d130 = noise7(130 * 1024, 5);
    PyObject *opts = int_dict(C_CHECKSUM, 1);
    kw = kw_dict("{s:O}", "options", opts);
    PyObject *c130 = zcompress(d130, kw);
    Py_DECREF(kw);
    Py_DECREF(opts);
    PyObject *two = PyBytes_FromStringAndSize(NULL, 2 * PyBytes_GET_SIZE(c130));
    memcpy(PyBytes_AS_STRING(two), PyBytes_AS_STRING(c130), (size_t)PyBytes_GET_SIZE(c130));
    memcpy(PyBytes_AS_STRING(two) + PyBytes_GET_SIZE(c130), PyBytes_AS_STRING(c130), (size_t)PyBytes_GET_SIZE(c130));
    PyObject *d2 = zdecompress(two, NULL);
    expect_true(d2 != NULL && PyBytes_GET_SIZE(d2) == 2 * 130 * 1024, "two 130 KiB frames decompress to 260 KiB");
    Py_XDECREF(d2);
    Py_DECREF(two);
    Py_DECREF(c130);
    Py_DECREF(d130);
}

static void compressor(PyObject *file_bytes)
{
    /* test_simple_compress_bad_args */
    static const struct { const char *fmt; const char *what; } bad[] = {
        {"{s:d}", "level=3.14"}, {"{s:s}", "level='abc'"}, {"{s:y}", "options=b'abc'"},
        {"{s:i}", "zstd_dict=123"}, {"{s:y}", "zstd_dict=b'abcd1234'"},
    };
    PyObject *kws[5] = {
        kw_dict(bad[0].fmt, "level", 3.14), kw_dict(bad[1].fmt, "level", "abc"),
        kw_dict(bad[2].fmt, "options", "abc"), kw_dict(bad[3].fmt, "zstd_dict", 123),
        kw_dict(bad[4].fmt, "zstd_dict", "abcd1234"),
    };
    for (int i = 0; i < 5; i++) {
        char what[80];
        snprintf(what, sizeof what, "ZstdCompressor(%s)", bad[i].what);
        record(call(Compressor, kws[i], "()"), what);
    }
    PyObject *lst = PyList_New(0);
    record(call(Compressor, NULL, "(O)", lst), "ZstdCompressor([])");
    Py_DECREF(lst);
    record(call(Compressor, NULL, "(i)", 2147483647), "ZstdCompressor(C_INT_MAX)");
    record(call(Compressor, NULL, "(i)", -2147483647 - 1), "ZstdCompressor(C_INT_MIN)");
    PyObject *huge = pow2(1000);
    record(call(Compressor, kw_dict("{s:O}", "level", huge), "()"), "ZstdCompressor(level=2**1000)");
    PyObject *opts = int_dict(C_WINDOW_LOG, 100);
    record(call(Compressor, kw_dict("{s:O}", "options", opts), "()"), "ZstdCompressor(options={window_log: 100})");
    Py_DECREF(opts);
    opts = int_dict(3333, 100);
    record(call(Compressor, kw_dict("{s:O}", "options", opts), "()"), "ZstdCompressor(options={3333: 100})");
    Py_DECREF(opts);
    opts = Py_BuildValue("{l:i,i:i}", C_LEVEL, 10, 100001234, 200000000);
    record(call(Compressor, kw_dict("{s:O}", "options", opts), "()"), "an unknown compression parameter");
    Py_DECREF(opts);
    opts = Py_BuildValue("{l:O}", C_LEVEL, huge);
    record(call(Compressor, kw_dict("{s:O}", "options", opts), "()"), "options={compression_level: 2**1000}");
    Py_DECREF(opts);
    opts = Py_BuildValue("{O:i}", huge, 1);
    record(call(Compressor, kw_dict("{s:O}", "options", opts), "()"), "options={2**1000: 1}");
    Py_DECREF(opts);
    opts = Py_BuildValue("{s:i}", "level", 1);
    record(call(Compressor, kw_dict("{s:O}", "options", opts), "()"), "options={'level': 1}");
    Py_DECREF(opts);
    record(call(Compressor, kw_dict("{s:i,s:O}", "level", 3, "options", Py_None), "()"),
           "ZstdCompressor(level=3, options=None)");
    opts = int_dict(C_LEVEL, 3);
    record(call(Compressor, kw_dict("{s:i,s:O}", "level", 3, "options", opts), "()"),
           "level and options together");
    Py_DECREF(opts);
    record(call(Compressor, kw_dict("{s:i}", "lvl", 3), "()"), "ZstdCompressor(lvl=3)");
    record(call(Compressor, NULL, "(iOOO)", 3, Py_None, Py_None, Py_None), "ZstdCompressor with 4 arguments");
    Py_DECREF(huge);

    /* Method bad arguments */
    PyObject *zc = keep(call(Compressor, NULL, "()"), "ZstdCompressor()");
    record_value((PyObject *)Py_TYPE(zc), "type(ZstdCompressor())");
    record(call_attr(zc, "compress", NULL, "()"), "zc.compress()");
    record(call_attr(zc, "compress", NULL, "(yy)", "foo", "bar"), "zc.compress(b'foo', b'bar')");
    record(call_attr(zc, "compress", NULL, "(s)", "str"), "zc.compress('str')");
    record(call_attr(zc, "flush", NULL, "(y)", "foo"), "zc.flush(b'foo')");
    record(call_attr(zc, "flush", NULL, "(yi)", "blah", 1), "zc.flush(b'blah', 1)");
    record(call_attr(zc, "compress", NULL, "(yi)", "", -1), "zc.compress(b'', -1)");
    record(call_attr(zc, "compress", NULL, "(yi)", "", 3), "zc.compress(b'', 3)");
    record(call_attr(zc, "flush", NULL, "(i)", 0), "zc.flush(CONTINUE)");
    record(call_attr(zc, "flush", NULL, "(i)", 3), "zc.flush(3)");
    record(call_attr(zc, "compress", kw_dict("{s:i}", "mode", 5), "(y)", ""), "zc.compress(b'', mode=5)");
    for (int mode = 0; mode < 3; mode++)
        record(call_attr(zc, "compress", NULL, "(yi)", "", mode), "zc.compress(b'', mode)");
    record(call_attr(zc, "flush", NULL, "()"), "zc.flush()");
    record(call_attr(zc, "flush", NULL, "(i)", 1), "zc.flush(FLUSH_BLOCK)");
    record(call_attr(zc, "flush", kw_dict("{s:i}", "mode", 2), "()"), "zc.flush(mode=FLUSH_FRAME)");
    static const char *constants[] = {"CONTINUE", "FLUSH_BLOCK", "FLUSH_FRAME", "last_mode"};
    for (int i = 0; i < 4; i++) {
        PyObject *v = attr(zc, constants[i]);
        record_value(v, constants[i]);
        Py_DECREF(v);
    }
    rec(PyObject_SetAttrString(zc, "last_mode", Py_None) < 0 ? NULL : Py_NewRef(Py_None), "zc.last_mode = None");
    Py_DECREF(zc);

    /* test_compress_parameters */
    PyObject *d = Py_BuildValue("{l:i,l:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i,i:i,l:i,l:i,i:i,l:i,i:i,i:i}",
                                C_LEVEL, 10, C_WINDOW_LOG, 12, 102, 10, 103, 12, 104, 12, 105, 4, 106, 12, 107, 4,
                                160, 1, 161, 12, 162, 11, 163, 5, 164, 12, C_CONTENT_SIZE, 1, C_CHECKSUM, 1, 202, 0,
                                C_NB_WORKERS, 2, 401, 5 * 1024 * 1024, 402, 9);
    PyObject *zcp = keep(call(Compressor, kw_dict("{s:O}", "options", d), "()"), "ZstdCompressor(options=every parameter)");
    PyObject *c = keep(call_attr(zcp, "compress", NULL, "(Oi)", file_bytes, 2), "...compresses");
    PyObject *back = zdecompress(c, NULL);
    expect_true(back != NULL && PyObject_RichCompareBool(back, file_bytes, Py_EQ) == 1, "...and round-trips");
    Py_XDECREF(back);
    Py_DECREF(c);
    Py_DECREF(zcp);
    PyObject *v = PyLong_FromLong(2147483647);
    PyObject *k = PyLong_FromLong(C_LDM_BUCKET);
    PyDict_SetItem(d, k, v);
    record(call(Compressor, kw_dict("{s:O}", "options", d), "()"), "ldm_bucket_size_log = C_INT_MAX");
    Py_DECREF(v);
    Py_DECREF(k);
    Py_DECREF(d);
    record(call(Compressor, NULL, "(i)", 23), "level 23");

    /* test_compress_flushblock / flushframe */
    PyObject *info;
    Py_ssize_t point = PyBytes_GET_SIZE(file_bytes) / 2;
    PyObject *first = PyBytes_FromStringAndSize(PyBytes_AS_STRING(file_bytes), point);
    PyObject *second = PyBytes_FromStringAndSize(PyBytes_AS_STRING(file_bytes) + point,
                                                 PyBytes_GET_SIZE(file_bytes) - point);
    zc = keep(call(Compressor, NULL, "()"), "a compressor for flush blocks");
    PyObject *lm = attr(zc, "last_mode");
    expect_true(PyLong_AsLong(lm) == 2, "last_mode starts at FLUSH_FRAME");
    Py_DECREF(lm);
    Sink s = {0};
    sink_add(&s, take(call_attr(zc, "compress", NULL, "(O)", first)));
    lm = attr(zc, "last_mode");
    expect_true(PyLong_AsLong(lm) == 0, "...CONTINUE after compress(data)");
    Py_DECREF(lm);
    sink_add(&s, take(call_attr(zc, "compress", NULL, "(Oi)", second, 1)));
    lm = attr(zc, "last_mode");
    expect_true(PyLong_AsLong(lm) == 1, "...FLUSH_BLOCK after compress(data, FLUSH_BLOCK)");
    Py_DECREF(lm);
    PyObject *dat1 = PyBytes_FromStringAndSize(s.data, (Py_ssize_t)s.len);
    expect_true(zdecompress(dat1, NULL) == NULL && PyErr_ExceptionMatches(ZError), "a flushed block is not a frame");
    PyErr_Clear();
    sink_add(&s, take(call_attr(zc, "flush", NULL, "()")));
    PyObject *whole = PyBytes_FromStringAndSize(s.data, (Py_ssize_t)s.len);
    free(s.data);
    back = zdecompress(whole, NULL);
    expect_true(back != NULL && PyObject_RichCompareBool(back, file_bytes, Py_EQ) == 1, "...flush() completes it");
    Py_XDECREF(back);
    info = frame_info(whole);
    rec(info, "get_frame_info of a streamed frame (no content size)");
    Py_DECREF(whole);
    Py_DECREF(dat1);
    Py_DECREF(zc);
    zc = keep(call(Compressor, NULL, "()"), "a compressor for one FLUSH_FRAME");
    c = keep(call_attr(zc, "compress", kw_dict("{s:i}", "mode", 2), "(O)", file_bytes), "compress(data, mode=FLUSH_FRAME)");
    info = frame_info(c);
    expect_true(info != NULL && PyLong_AsSsize_t(PyTuple_GET_ITEM(info, 0)) == PyBytes_GET_SIZE(file_bytes),
                "...records the content size");
    Py_XDECREF(info);
    Py_DECREF(c);
    Py_DECREF(zc);
    Py_DECREF(first);
    Py_DECREF(second);

    /* test_set_pledged_input_size */
    zc = keep(call(Compressor, NULL, "()"), "a compressor for pledged sizes");
    PyObject *big = pow2(64);
    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2), *three = PyLong_FromLong(3);
    PyObject *m1 = PyNumber_Subtract(big, one), *m2 = PyNumber_Subtract(big, two), *m3 = PyNumber_Subtract(big, three);
    record(call_attr(zc, "set_pledged_input_size", NULL, "(i)", -300), "set_pledged_input_size(-300)");
    record(call_attr(zc, "set_pledged_input_size", NULL, "(O)", big), "set_pledged_input_size(2**64)");
    record(call_attr(zc, "set_pledged_input_size", NULL, "(O)", m2), "set_pledged_input_size(2**64-2)");
    record(call_attr(zc, "set_pledged_input_size", NULL, "(O)", m1), "set_pledged_input_size(2**64-1)");
    expect_is(call_attr(zc, "set_pledged_input_size", NULL, "(O)", m3), Py_None, "set_pledged_input_size(2**64-3)");
    record(call_attr(zc, "set_pledged_input_size", NULL, "(s)", "10"), "set_pledged_input_size('10')");
    Py_DECREF(zc);
    Py_DECREF(m1);
    Py_DECREF(m2);
    Py_DECREF(m3);
    Py_DECREF(one);
    Py_DECREF(two);
    Py_DECREF(three);
    Py_DECREF(big);
    zc = keep(call(Compressor, kw_dict("{s:i}", "level", 1), "()"), "ZstdCompressor(level=1)");
    expect_is(call_attr(zc, "set_pledged_input_size", NULL, "(i)", 0), Py_None, "set_pledged_input_size(0)");
    Py_XDECREF(take(call_attr(zc, "compress", NULL, "(y)", "")));
    c = keep(call_attr(zc, "flush", NULL, "()"), "an empty pledged frame");
    info = frame_info(c);
    expect_true(info != NULL && PyLong_AsLong(PyTuple_GET_ITEM(info, 0)) == 0, "...has content size 0");
    Py_XDECREF(info);
    Py_DECREF(c);
    Py_XDECREF(take(call_attr(zc, "compress", NULL, "(y)", "123456")));
    record(call_attr(zc, "set_pledged_input_size", NULL, "(i)", 300), "set_pledged_input_size mid-frame");
    Py_DECREF(zc);
    zc = keep(call(Compressor, kw_dict("{s:i}", "level", 1), "()"), "another ZstdCompressor(level=1)");
    expect_is(call_attr(zc, "set_pledged_input_size", NULL, "(n)", PyBytes_GET_SIZE(file_bytes) + 1), Py_None,
              "pledging one byte too many");
    Py_XDECREF(take(call_attr(zc, "compress", NULL, "(O)", file_bytes)));
    expect_error(call_attr(zc, "flush", NULL, "()"), ZError, NULL, "...fails at flush");
    Py_DECREF(zc);
}

static void decompressor(PyObject *file_bytes)
{
    /* test_simple_decompress_bad_args */
    PyObject *t = PyTuple_New(0);
    record(call(Decompressor, NULL, "(O)", t), "ZstdDecompressor(())");
    Py_DECREF(t);
    record(call(Decompressor, kw_dict("{s:i}", "zstd_dict", 123), "()"), "ZstdDecompressor(zstd_dict=123)");
    record(call(Decompressor, kw_dict("{s:i}", "options", 123), "()"), "ZstdDecompressor(options=123)");
    record(call(Decompressor, kw_dict("{s:s}", "options", "abc"), "()"), "ZstdDecompressor(options='abc')");
    PyObject *o = int_dict(2147483647, 100);
    record(call(Decompressor, kw_dict("{s:O}", "options", o), "()"), "options={C_INT_MAX: 100}");
    Py_DECREF(o);
    o = int_dict(0, 2147483647);
    record(call(Decompressor, kw_dict("{s:O}", "options", o), "()"), "options={0: C_INT_MAX}");
    Py_DECREF(o);
    PyObject *huge = pow2(1000);
    o = Py_BuildValue("{O:i}", huge, 100);
    record(call(Decompressor, kw_dict("{s:O}", "options", o), "()"), "options={2**1000: 100}");
    Py_DECREF(o);
    o = Py_BuildValue("{i:O}", 0, huge);
    record(call(Decompressor, kw_dict("{s:O}", "options", o), "()"), "options={0: 2**1000}");
    Py_DECREF(o);
    o = int_dict(D_WINDOW_LOG_MAX, 100);
    record(call(Decompressor, kw_dict("{s:O}", "options", o), "()"), "options={window_log_max: 100}");
    Py_DECREF(o);
    o = Py_BuildValue("{l:i,i:i}", D_WINDOW_LOG_MAX, 31, 100001234, 200000000);
    record(call(Decompressor, kw_dict("{s:O}", "options", o), "()"), "an unknown decompression parameter");
    Py_DECREF(o);
    o = int_dict(D_WINDOW_LOG_MAX, 15);
    PyObject *dwl = keep(call(Decompressor, NULL, "(OO)", Py_None, o), "ZstdDecompressor(None, {window_log_max: 15})");
    expect_true(PyObject_IsInstance(dwl, Decompressor) == 1, "...is a ZstdDecompressor");
    Py_DECREF(dwl);
    Py_DECREF(o);
    Py_DECREF(huge);

    PyObject *lzd = keep(call(Decompressor, NULL, "()"), "ZstdDecompressor()");
    record(call_attr(lzd, "decompress", NULL, "()"), "lzd.decompress()");
    record(call_attr(lzd, "decompress", NULL, "(yy)", "foo", "bar"), "lzd.decompress(b'foo', b'bar')");
    record(call_attr(lzd, "decompress", NULL, "(s)", "str"), "lzd.decompress('str')");
    static const char *props[] = {"eof", "needs_input", "unused_data"};
    for (int i = 0; i < 3; i++) {
        PyObject *v = attr(lzd, props[i]);
        record_value(v, props[i]);
        Py_DECREF(v);
    }
    rec(PyObject_SetAttrString(lzd, "eof", Py_True) < 0 ? NULL : Py_NewRef(Py_None), "lzd.eof = True");
    Py_DECREF(lzd);

    /* test_decompress_epilogue_flags */
    PyObject *d130 = noise7(130 * 1024, 5);
    PyObject *opts = int_dict(C_CHECKSUM, 1);
    PyObject *kw = kw_dict("{s:O}", "options", opts);
    PyObject *c130 = zcompress(d130, kw);
    Py_DECREF(kw);
    Py_DECREF(opts);
    static const int cuts[] = {0, 4, 3, 1};
    for (int i = 0; i < 4; i++) {
        for (int limited = 0; limited < 2; limited++) {
            char what[120];
            PyObject *d = keep(call(Decompressor, NULL, "()"), "a decompressor");
            PyObject *r = limited ? take(call_attr(d, "decompress", NULL, "(y#n)", PyBytes_AS_STRING(c130),
                                                   PyBytes_GET_SIZE(c130) - cuts[i], (Py_ssize_t)130 * 1024))
                                  : take(call_attr(d, "decompress", NULL, "(y#)", PyBytes_AS_STRING(c130),
                                                   PyBytes_GET_SIZE(c130) - cuts[i]));
            PyObject *needs = attr(d, "needs_input");
            int ok = r != NULL && PyObject_RichCompareBool(r, d130, Py_EQ) == 1
                     && needs == ((cuts[i] == 0 || limited) ? Py_False : Py_True);
            snprintf(what, sizeof what, "frame[:-%d] %s: 130 KiB out, needs_input as the test expects", cuts[i],
                     limited ? "limited" : "unlimited");
            tap(ok, what);
            Py_XDECREF(r);
            Py_DECREF(needs);
            snprintf(what, sizeof what, "frame[:-%d] %s: then decompress(b'')", cuts[i], limited ? "limited" : "unlimited");
            record(limited ? call_attr(d, "decompress", NULL, "(yi)", "", 0) : call_attr(d, "decompress", NULL, "(y)", ""),
                   what);
            Py_DECREF(d);
        }
    }

    /* test_decompressor_chunks_read_300 (max_length chunks) and unused_data */
    PyObject *dat = PyBytes_FromStringAndSize(NULL, 13 * 1000);
    for (int i = 0; i < 1000; i++)
        memcpy(PyBytes_AS_STRING(dat) + 13 * i, "abcdefg123456", 13);
    PyObject *cdat = zcompress(dat, NULL);
    PyObject *tail = PyBytes_FromStringAndSize(NULL, PyBytes_GET_SIZE(cdat) + 5);
    memcpy(PyBytes_AS_STRING(tail), PyBytes_AS_STRING(cdat), (size_t)PyBytes_GET_SIZE(cdat));
    memcpy(PyBytes_AS_STRING(tail) + PyBytes_GET_SIZE(cdat), "12345", 5);
    PyObject *d = keep(call(Decompressor, NULL, "()"), "a decompressor for chunks");
    Sink s = {0};
    PyObject *eof = NULL;
    int rounds = 0;
    for (PyObject *input = tail; rounds < 200; input = NULL, rounds++) {
        PyObject *piece = input ? take(call_attr(d, "decompress", NULL, "(On)", input, (Py_ssize_t)300))
                                : take(call_attr(d, "decompress", NULL, "(yn)", "", (Py_ssize_t)300));
        if (piece == NULL)
            break;
        expect_true(PyBytes_GET_SIZE(piece) <= 300, "a max_length=300 chunk is at most 300 bytes");
        sink_add(&s, piece);
        eof = attr(d, "eof");
        int done = eof == Py_True;
        Py_DECREF(eof);
        if (done)
            break;
    }
    expect_true(sink_equals(&s, dat), "chunks of 300 give the data back");
    free(s.data);
    PyObject *unused = attr(d, "unused_data");
    expect_true(PyBytes_Check(unused) && strcmp(PyBytes_AS_STRING(unused), "12345") == 0, "unused_data is the trailer");
    Py_DECREF(unused);
    record(call_attr(d, "decompress", NULL, "(y)", "x"), "decompress after eof");
    Py_DECREF(d);

    /* Corrupt input */
    PyObject *bogus = zdecompress(dat, NULL);
    rec(bogus, "decompress(plain data)");
    PyObject *bad = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c130), PyBytes_GET_SIZE(c130));
    PyBytes_AS_STRING(bad)[PyBytes_GET_SIZE(bad) - 2] ^= 0x42;
    rec(zdecompress(bad, NULL), "decompress(a frame with a bad checksum)");
    Py_DECREF(bad);
    o = int_dict(D_WINDOW_LOG_MAX, 10);
    kw = kw_dict("{s:O}", "options", o);
    rec(zdecompress(cdat, kw), "decompress with window_log_max=10");
    Py_DECREF(kw);
    Py_DECREF(o);

    /* test_function_skippable: a skippable frame before a real one */
    PyObject *skip = PyBytes_FromStringAndSize(NULL, 8 + 32 + PyBytes_GET_SIZE(cdat));
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(skip);
    memcpy(p, "\x50\x2a\x4d\x18\x20\x00\x00\x00", 8);
    memset(p + 8, 'a', 32);
    memcpy(p + 40, PyBytes_AS_STRING(cdat), (size_t)PyBytes_GET_SIZE(cdat));
    PyObject *ds = zdecompress(skip, NULL);
    expect_true(ds != NULL && PyObject_RichCompareBool(ds, dat, Py_EQ) == 1, "a skippable frame is skipped");
    Py_XDECREF(ds);
    Py_DECREF(skip);
    (void)file_bytes;
    Py_DECREF(tail);
    Py_DECREF(cdat);
    Py_DECREF(dat);
    Py_DECREF(c130);
    Py_DECREF(d130);
}

static void dictionaries(void)
{
    /* test_is_raw / test_invalid_dict / test_decompressor_arg */
    PyObject *zd = keep(call(Dict, kw_dict("{s:O}", "is_raw", Py_True), "(y)", "12345678"), "ZstdDict(b'12345678', is_raw=True)");
    static const char *props[] = {"dict_id", "dict_content"};
    for (int i = 0; i < 2; i++) {
        PyObject *v = attr(zd, props[i]);
        record_value(v, props[i]);
        Py_DECREF(v);
    }
    expect_true(PyObject_Length(zd) == 8, "len(ZstdDict) is its content's");
    record(call(Dict, NULL, "(y)", "12345678"), "ZstdDict(b'12345678') (not raw)");
    record(call(Dict, NULL, "(y)", ""), "ZstdDict(b'')");
    record(call(Dict, NULL, "(y#)", "\x37\xa4\x30\xec\x01\x02\x03\x04xxxxxxxx", (Py_ssize_t)16), "a dict with the magic but nothing valid");
    record(call(Dict, NULL, "(s)", "text"), "ZstdDict('text')");
    record(call(Dict, NULL, "(yO)", "12345678", Py_True), "ZstdDict(b'...', True): is_raw is keyword-only");
    PyObject *empty = PyDict_New();
    record(call(Decompressor, kw_dict("{s:O}", "zstd_dict", empty), "()"), "ZstdDecompressor(zstd_dict={})");
    record(call(Decompressor, kw_dict("{s:O}", "options", zd), "()"), "ZstdDecompressor(options=zd)");
    record(call(Decompressor, NULL, "(OO)", zd, empty), "ZstdDecompressor(zd, {})");
    Py_DECREF(empty);

    /* test_train_dict over deterministic samples */
    static const char *words[] = {"red", "green", "yellow", "black", "withe", "blue", "lilac", "purple", "navy",
                                  "glod", "silver", "olive", "dog", "cat", "tiger", "lion", "fish", "bird"};
    unsigned int seed = 42;
    PyObject *joined = PyBytes_FromStringAndSize(NULL, 0);
    PyObject *sizes = PyTuple_New(300);
    for (int i = 0; i < 300; i++) {
        char sample[1024];
        size_t len = 0;
        for (int j = 0; j < 20; j++) {
            seed = seed * 1103515245u + 12345u;
            const char *w = words[(seed >> 16) % 18];
            seed = seed * 1103515245u + 12345u;
            len += (size_t)snprintf(sample + len, sizeof sample - len, "%s%s = %u", j ? "\n" : "", w, (seed >> 16) % 100);
        }
        PyObject *piece = PyBytes_FromStringAndSize(sample, (Py_ssize_t)len);
        PyBytes_Concat(&joined, piece);
        Py_DECREF(piece);
        PyTuple_SET_ITEM(sizes, i, PyLong_FromSize_t(len));
    }
    PyObject *train = attr(mod, "train_dict");
    PyObject *content = keep(call(train, NULL, "(OOi)", joined, sizes, 3 * 1024), "train_dict(samples, sizes, 3 KiB)");
    expect_true(PyBytes_Check(content) && PyBytes_GET_SIZE(content) <= 3 * 1024, "...at most 3 KiB");
    record_value(content, "the trained dictionary");
    record(call(train, NULL, "(OOi)", joined, sizes, 0), "train_dict(dict_size=0)");
    PyObject *short_sizes = PyTuple_GetSlice(sizes, 0, 3);
    record(call(train, NULL, "(OOi)", joined, short_sizes, 1024), "train_dict with sizes not adding up");
    Py_DECREF(short_sizes);
    PyObject *sizes_list = PySequence_List(sizes);
    record(call(train, NULL, "(OOi)", joined, sizes_list, 1024), "train_dict(sizes as a list)");
    Py_DECREF(sizes_list);
    Py_DECREF(train);
    PyObject *finalize = attr(mod, "finalize_dict");
    record(call(finalize, NULL, "(OOOii)", content, joined, sizes, 10 * 1024, 3), "finalize_dict(dict, samples, sizes, 10 KiB, 3)");
    Py_DECREF(finalize);
    PyObject *trained = keep(call(Dict, NULL, "(O)", content), "ZstdDict(trained)");
    PyObject *id = attr(trained, "dict_id");
    expect_true(PyLong_AsLong(id) != 0, "a trained dict has an id");
    Py_DECREF(id);

    /* Compress and decompress with it, as is, digested, undigested, prefix */
    PyObject *sample = PyBytes_FromString("red = 1\ngreen = 2\nblue = 3\ndog = 42\ncat = 7\nlion = 99\nred = 1\n");
    static const char *forms[] = {NULL, "as_digested_dict", "as_undigested_dict", "as_prefix"};
    for (int i = 0; i < 4; i++) {
        PyObject *form = forms[i] ? attr(trained, forms[i]) : (Py_INCREF(trained), trained);
        char what[80];
        snprintf(what, sizeof what, "a dict %s round-trips", forms[i] ? forms[i] : "as is");
        PyObject *kw = kw_dict("{s:O}", "zstd_dict", form);
        round_trip(sample, kw, kw, what);
        snprintf(what, sizeof what, "the frame compressed with the dict %s", forms[i] ? forms[i] : "as is");
        rec(zcompress(sample, kw), what);
        Py_DECREF(kw);
        record_value(form, forms[i] ? forms[i] : "repr(ZstdDict) scrubbed");
        Py_DECREF(form);
    }
    PyObject *kw = kw_dict("{s:O}", "zstd_dict", trained);
    PyObject *c = zcompress(sample, kw);
    Py_DECREF(kw);
    PyObject *info = frame_info(c);
    rec(info, "get_frame_info of a dict frame");
    rec(zdecompress(c, NULL), "decompress without the dict");
    Py_DECREF(c);
    PyObject *bad_form = Py_BuildValue("(Oi)", trained, 7);
    kw = kw_dict("{s:O}", "zstd_dict", bad_form);
    rec(zcompress(sample, kw), "zstd_dict=(dict, 7)");
    Py_DECREF(kw);
    Py_DECREF(bad_form);

    Py_DECREF(sample);
    Py_DECREF(trained);
    Py_DECREF(content);
    Py_DECREF(sizes);
    Py_DECREF(joined);
    Py_DECREF(zd);
}

static void run(PyObject *module, const char *sdist)
{
    mod = module;
    Compressor = attr(module, "ZstdCompressor");
    Decompressor = attr(module, "ZstdDecompressor");
    Dict = attr(module, "ZstdDict");
    ZError = attr(module, "ZstdError");
    expect_true(PyType_Check(ZError) && PyObject_IsSubclass(ZError, PyExc_Exception) == 1, "ZstdError is an Exception");
    record_value(Compressor, "repr(ZstdCompressor)");
    record_value(ZError, "repr(ZstdError)");
    C_LEVEL = module_long("ZSTD_c_compressionLevel");
    C_WINDOW_LOG = module_long("ZSTD_c_windowLog");
    C_CHECKSUM = module_long("ZSTD_c_checksumFlag");
    C_CONTENT_SIZE = module_long("ZSTD_c_contentSizeFlag");
    C_LDM_BUCKET = module_long("ZSTD_c_ldmBucketSizeLog");
    C_NB_WORKERS = module_long("ZSTD_c_nbWorkers");
    D_WINDOW_LOG_MAX = module_long("ZSTD_d_windowLogMax");

    PyObject *file_bytes = read_file(sdist, "tests/test/test_zstd.py");
    functions(file_bytes);
    compressor(file_bytes);
    decompressor(file_bytes);
    dictionaries();
    Py_DECREF(file_bytes);
}

CORPUS_MAIN("_zstd", run)
