/* pyzstd 0.16.2's `pyzstd.c._zstd` (the last release with its own C
 * extension; later ones wrap backports.zstd): the bundled libzstd
 * (multi-threaded) behind static types with keyword-parsing constructors
 * (ZstdCompressor, RichMemZstdCompressor, ZstdDecompressor,
 * EndlessZstdDecompressor, ZstdDict), T_BOOL/T_INT/T_UINT members, getters,
 * option dicts keyed by parameter ints, an output buffer grown with
 * _PyBytes_Resize, and ZstdError built with PyErr_NewExceptionWithDoc.
 *
 * Vectors: tests/test_zstd.py (test_function_decompress: empty input, one
 * and two frames, truncated frames, unknown frame descriptors, a wrong
 * checksum; test_function_skippable; the compressor modes; the streaming
 * decompressors' eof/needs_input/unused_data; dictionary training and use),
 * with its random data from a fixed generator. Compressed bytes are
 * recorded and compared with CPython's.
 */
#include "corpus.h"

static PyObject *module;
static long CHECKSUM_FLAG, CONTINUE_MODE, FLUSH_BLOCK, FLUSH_FRAME;

/* Records an attribute's value (not a call). */
static void record_attr(PyObject *obj, const char *name, const char *what)
{
    PyObject *v = attr(obj, name);
    record_value(v, what);
    Py_DECREF(v);
}

static PyObject *fn(const char *name)
{
    return attr(module, name);
}

static long constant(PyObject *owner, const char *name)
{
    PyObject *v = attr(owner, name);
    long n = PyLong_AsLong(v);
    Py_DECREF(v);
    return n;
}

/* RichMemZstdCompressor(option).compress(data), outside the accounting. */
static PyObject *compress(PyObject *data, PyObject *option)
{
    PyObject *type = fn("RichMemZstdCompressor");
    PyObject *c = option ? PyObject_CallFunctionObjArgs(type, option, NULL) : PyObject_CallNoArgs(type);
    Py_DECREF(type);
    if (c == NULL)
        bail("RichMemZstdCompressor()");
    PyObject *r = PyObject_CallMethod(c, "compress", "O", data);
    Py_DECREF(c);
    if (r == NULL)
        bail("compress");
    return r;
}

static PyObject *slice(PyObject *b, Py_ssize_t from, Py_ssize_t to)
{
    Py_ssize_t n = PyBytes_GET_SIZE(b);
    if (to < 0)
        to += n;
    return PyBytes_FromStringAndSize(PyBytes_AS_STRING(b) + from, to - from);
}

static PyObject *concat(PyObject *a, PyObject *b)
{
    PyObject *r = PyBytes_FromStringAndSize(PyBytes_AS_STRING(a), PyBytes_GET_SIZE(a));
    PyBytes_Concat(&r, b);
    return r;
}

static void function_decompress(void)
{
    PyObject *decompress = fn("decompress"), *zerr = fn("ZstdError");
    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    expect_bytes(call(decompress, NULL, "(O)", empty), "", 0, "decompress(b'')");
    /* DECOMPRESSED_DAT / COMPRESSED_DAT */
    PyObject *dat = PyBytes_FromStringAndSize(NULL, 13 * 1000);
    for (int i = 0; i < 1000; i++)
        memcpy(PyBytes_AS_STRING(dat) + 13 * i, "abcdefg123456", 13);
    PyObject *cdat = compress(dat, NULL);
    record_value(cdat, "COMPRESSED_DAT (level 3)");
    expect_same_bytes(call(decompress, NULL, "(O)", cdat), dat, "decompress(COMPRESSED_DAT)");
    /* 100 + 32 KiB of 'a' */
    PyObject *a = PyBytes_FromStringAndSize(NULL, 100 + 32 * 1024);
    memset(PyBytes_AS_STRING(a), 'a', (size_t)PyBytes_GET_SIZE(a));
    PyObject *ca = compress(a, NULL);
    record_value(ca, "COMPRESSED_100_PLUS_32KB");
    expect_same_bytes(call(decompress, NULL, "(O)", ca), a, "decompress(COMPRESSED_100_PLUS_32KB)");
    /* DAT_130K_C: random bytes 0..127 with a checksum */
    PyObject *d130 = PyBytes_FromStringAndSize(NULL, 130 * 1024);
    unsigned long long x = 0x853C49E6748FEA9BULL;
    for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(d130); i++)
        PyBytes_AS_STRING(d130)[i] = (char)((x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 57);
    PyObject *opt = Py_BuildValue("{l:i}", CHECKSUM_FLAG, 1);
    PyObject *c130 = compress(d130, opt);
    record_value(c130, "DAT_130K_C (checksumFlag=1)");
    expect_same_bytes(call(decompress, NULL, "(O)", c130), d130, "decompress(DAT_130K_C)");
    PyObject *cut = slice(c130, 0, -4);
    expect_error(call(decompress, NULL, "(O)", cut), zerr, "Decompression failed: zstd data ends in an incomplete frame, *",
                 "decompress(DAT_130K_C[:-4]): incomplete frame");
    Py_DECREF(cut);
    cut = slice(c130, 0, -1);
    expect_error(call(decompress, NULL, "(O)", cut), zerr, "Decompression failed: zstd data ends in an incomplete frame, *",
                 "decompress(DAT_130K_C[:-1]): incomplete frame");
    Py_DECREF(cut);
    PyObject *wrong = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c130), PyBytes_GET_SIZE(c130));
    char *last4 = PyBytes_AS_STRING(wrong) + PyBytes_GET_SIZE(wrong) - 4;
    last4[0] = (char)((unsigned char)last4[0] == 255 ? 254 : (unsigned char)last4[0] + 1);
    record(call(decompress, NULL, "(O)", wrong), "decompress with a wrong checksum");
    Py_DECREF(wrong);
    record(call(decompress, NULL, "(y)", "aaaaaaaaa"), "decompress(b'aaaaaaaaa'): unknown frame descriptor");
    /* two frames, and a frame followed by junk */
    PyObject *two = concat(cdat, ca), *both = concat(dat, a);
    expect_same_bytes(call(decompress, NULL, "(O)", two), both, "decompress of two frames");
    PyObject *junk = PyBytes_FromString("aaaaaaaaa"), *tail = concat(cdat, junk);
    record(call(decompress, NULL, "(O)", tail), "decompress(frame + b'aaaaaaaaa')");
    /* test_function_skippable */
    PyObject *skip = PyBytes_FromStringAndSize(NULL, 8 + 32 * 1024);
    memcpy(PyBytes_AS_STRING(skip), "\x50\x2a\x4d\x18\x00\x80\x00\x00", 8);
    memset(PyBytes_AS_STRING(skip) + 8, 'a', 32 * 1024);
    expect_bytes(call(decompress, NULL, "(O)", skip), "", 0, "decompress(SKIPPABLE_FRAME)");
    PyObject *skip_then = concat(skip, cdat);
    expect_same_bytes(call(decompress, NULL, "(O)", skip_then), dat, "decompress(SKIPPABLE_FRAME + COMPRESSED_DAT)");
    /* frame sizes and headers */
    record(call(fn("get_frame_size"), NULL, "(O)", c130), "get_frame_size(DAT_130K_C)");
    record(call(fn("_get_frame_info"), NULL, "(O)", cdat), "_get_frame_info(COMPRESSED_DAT)");
    record(call(fn("get_frame_size"), NULL, "(y)", "abc"), "get_frame_size(b'abc')");
    /* the streaming decompressor, fed in pieces */
    PyObject *d = fn("ZstdDecompressor");
    PyObject *dec = PyObject_CallNoArgs(d);
    Py_DECREF(d);
    PyObject *out = PyBytes_FromStringAndSize("", 0);
    for (Py_ssize_t at = 0; at < PyBytes_GET_SIZE(c130); at += 4000) {
        Py_ssize_t n = PyBytes_GET_SIZE(c130) - at < 4000 ? PyBytes_GET_SIZE(c130) - at : 4000;
        PyObject *piece = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c130) + at, n);
        PyObject *r = take(call_attr(dec, "decompress", NULL, "(O)", piece));
        if (r != NULL)
            PyBytes_Concat(&out, r);
        Py_XDECREF(r);
        Py_DECREF(piece);
    }
    expect_true(out != NULL && PyObject_RichCompareBool(out, d130, Py_EQ) == 1,
                "ZstdDecompressor over 4000-byte pieces of DAT_130K_C");
    record_attr(dec, "eof", "ZstdDecompressor.eof at the end");
    record_attr(dec, "needs_input", "ZstdDecompressor.needs_input at the end");
    record(call_attr(dec, "decompress", NULL, "(y)", "more"), "ZstdDecompressor.decompress after eof");
    Py_XDECREF(out);
    Py_DECREF(dec);
    d = fn("ZstdDecompressor");
    dec = PyObject_CallNoArgs(d);
    Py_DECREF(d);
    PyObject *with_tail = concat(cdat, junk);
    record(call_attr(dec, "decompress", kw_dict("{s:i}", "max_length", 100), "(O)", with_tail),
           "ZstdDecompressor.decompress(max_length=100)");
    record_attr(dec, "needs_input", "needs_input after a capped call");
    record(call_attr(dec, "decompress", NULL, "(y)", ""), "the rest of the frame");
    record_attr(dec, "unused_data", "unused_data after the frame");
    Py_DECREF(dec);
    Py_DECREF(with_tail);
    d = fn("EndlessZstdDecompressor");
    dec = PyObject_CallNoArgs(d);
    Py_DECREF(d);
    expect_same_bytes(call_attr(dec, "decompress", NULL, "(O)", two), both, "EndlessZstdDecompressor over two frames");
    record_attr(dec, "at_frame_edge", "EndlessZstdDecompressor.at_frame_edge");
    Py_DECREF(dec);
    Py_DECREF(skip), Py_DECREF(skip_then), Py_DECREF(junk), Py_DECREF(tail), Py_DECREF(two), Py_DECREF(both);
    Py_DECREF(opt), Py_DECREF(c130), Py_DECREF(d130), Py_DECREF(a), Py_DECREF(ca), Py_DECREF(dat), Py_DECREF(cdat);
    Py_DECREF(empty), Py_DECREF(zerr), Py_DECREF(decompress);
}

static void compressor_modes(void)
{
    PyObject *type = fn("ZstdCompressor"), *decompress = fn("decompress");
    PyObject *c = record_keep(call(type, NULL, "(i)", 5), "ZstdCompressor(5)");
    if (c == NULL)
        return;
    record_attr(c, "last_mode", "last_mode of a new compressor");
    PyObject *parts = PyBytes_FromStringAndSize("", 0);
    static const char *CHUNKS[] = {"The quick brown fox ", "jumps over ", "the lazy dog. ", "The end."};
    for (int i = 0; i < 4; i++) {
        PyObject *r = record_keep(call_attr(c, "compress", NULL, "(yl)", CHUNKS[i], i == 1 ? FLUSH_BLOCK : CONTINUE_MODE),
                                  i == 1 ? "compress(..., FLUSH_BLOCK)" : "compress(..., CONTINUE)");
        if (r != NULL)
            PyBytes_Concat(&parts, r);
        Py_XDECREF(r);
    }
    PyObject *end = record_keep(call_attr(c, "flush", NULL, "()"), "flush() (FLUSH_FRAME)");
    if (end != NULL)
        PyBytes_Concat(&parts, end);
    Py_XDECREF(end);
    record_attr(c, "last_mode", "last_mode after flush");
    expect_bytes(call(decompress, NULL, "(O)", parts), "The quick brown fox jumps over the lazy dog. The end.", 53,
                 "the streamed frame decompresses");
    record(call_attr(c, "compress", NULL, "(yi)", "x", 7), "compress(..., mode=7)");
    record(call_attr(c, "flush", NULL, "(l)", CONTINUE_MODE), "flush(CONTINUE)");
    record(call(type, kw_dict("{s:s}", "level_or_option", "x"), "()"), "ZstdCompressor(level_or_option='x')");
    PyObject *bad = Py_BuildValue("{i:i}", 100000, 1);
    record(call(type, NULL, "(O)", bad), "ZstdCompressor({100000: 1}): an unknown parameter");
    Py_DECREF(bad);
    record(call(type, kw_dict("{s:i}", "level", 3), "()"), "ZstdCompressor(level=3): an unknown keyword");
    Py_DECREF(parts);
    Py_DECREF(c);
    Py_DECREF(type);
    Py_DECREF(decompress);
}

static void dictionary(void)
{
    static const char *WORDS[] = {"red",   "green", "yellow", "black", "withe",  "blue", "lilac", "purple", "navy",
                                  "glod",  "silver", "olive", "dog",   "cat",    "tiger", "lion", "fish",  "bird"};
    unsigned long long x = 42;
    PyObject *all = PyBytes_FromStringAndSize("", 0), *sizes = PyList_New(0);
    char line[64], sample[2048];
    for (int i = 0; i < 300; i++) {
        size_t len = 0;
        for (int j = 0; j < 20; j++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            int n = snprintf(line, sizeof line, "%s%s = %d", j ? "\n" : "", WORDS[(x >> 33) % 18], (int)((x >> 20) % 100));
            memcpy(sample + len, line, (size_t)n);
            len += (size_t)n;
        }
        PyObject *s = PyBytes_FromStringAndSize(sample, (Py_ssize_t)len), *n = PyLong_FromSize_t(len);
        PyBytes_Concat(&all, s);
        PyList_Append(sizes, n);
        Py_DECREF(s), Py_DECREF(n);
    }
    PyObject *content = record_keep(call(fn("_train_dict"), NULL, "(OOn)", all, sizes, (Py_ssize_t)4096),
                                    "_train_dict(300 samples, 4096)");
    if (content == NULL)
        return;
    PyObject *dtype = fn("ZstdDict");
    /* Not through call(): the dictionary keeps its content. */
    PyObject *zd = PyObject_CallFunctionObjArgs(dtype, content, NULL);
    expect_true(zd != NULL, "ZstdDict(trained content)");
    if (zd == NULL) {
        diag_exception();
        return;
    }
    record_attr(zd, "dict_id", "ZstdDict.dict_id");
    PyObject *dc = attr(zd, "dict_content");
    expect_true(dc == content, "ZstdDict.dict_content is the content given");
    Py_DECREF(dc);
    PyObject *ctype = fn("ZstdCompressor");
    PyObject *c = PyObject_Call(ctype, PyTuple_New(0), NULL);
    Py_DECREF(c);
    PyObject *kw = Py_BuildValue("{s:O}", "zstd_dict", zd), *noargs = PyTuple_New(0);
    c = PyObject_Call(ctype, noargs, kw);
    Py_DECREF(kw), Py_DECREF(noargs);
    PyObject *first = PySequence_GetSlice(all, 0, 400);
    PyObject *frame = c ? PyObject_CallMethod(c, "compress", "Ol", first, FLUSH_FRAME) : NULL;
    if (frame == NULL)
        bail("compressing with a dictionary");
    record_value(frame, "a sample compressed with the dictionary");
    PyObject *decompress = fn("decompress");
    expect_same_bytes(call(decompress, kw_dict("{s:O}", "zstd_dict", zd), "(O)", frame), first,
                      "decompress(..., zstd_dict=) round-trips");
    record(call(decompress, NULL, "(O)", frame), "decompress without the dictionary");
    record(call(dtype, NULL, "(y)", "abcdefgh"), "ZstdDict(b'abcdefgh'): not a dictionary");
    Py_DECREF(decompress), Py_DECREF(frame), Py_DECREF(first), Py_DECREF(c), Py_DECREF(ctype);
    Py_DECREF(zd), Py_DECREF(dtype), Py_DECREF(content), Py_DECREF(all), Py_DECREF(sizes);
}

static void run(PyObject *m, const char *sdist)
{
    (void)sdist;
    module = m;
    CHECKSUM_FLAG = constant(m, "_ZSTD_c_checksumFlag");
    PyObject *c = attr(m, "ZstdCompressor");
    CONTINUE_MODE = constant(c, "CONTINUE");
    FLUSH_BLOCK = constant(c, "FLUSH_BLOCK");
    FLUSH_FRAME = constant(c, "FLUSH_FRAME");
    Py_DECREF(c);
    record_attr(m, "zstd_version", "zstd_version");
    function_decompress();
    compressor_modes();
    dictionary();
}

CORPUS_MAIN("_zstd", run)
