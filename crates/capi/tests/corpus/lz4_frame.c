/* lz4 4.4.5's `lz4.frame._frame`: the LZ4 frame format, one-shot
 * (compress, decompress with return_bytes_read, get_frame_info's dict) and
 * streamed through compression and decompression contexts held in named
 * PyCapsules with destructors (compress_begin / compress_chunk /
 * compress_flush, decompress_chunk with max_length and its
 * (data, bytes_read, eof) tuple, reset_decompression_context), with
 * "y*|iippppp"-style keyword parsing and the GIL released around the codec.
 *
 * Vectors: tests/frame/test_frame_0.py (return types, context reset,
 * constants), test_frame_1.py (round trips over block sizes, linking,
 * checksums, levels, store_size, one-shot and through contexts, with
 * get_frame_info checked as helpers.py does), test_frame_2.py (chunked
 * round trips), test_frame_3.py (truncation and checksum failures) and
 * test_frame_7.py (multiple frames). Random data is replaced by a
 * deterministic generator.
 */
#include "corpus.h"
#include "test_bytes.h"

static PyObject *m_compress, *m_decompress, *m_frame_info, *m_cctx, *m_dctx, *m_begin, *m_chunk, *m_flush,
    *m_dchunk, *m_reset;

static PyObject *filled(Py_ssize_t n, char c)
{
    PyObject *b = PyBytes_FromStringAndSize(NULL, n);
    if (b == NULL)
        bail("cannot allocate test data");
    memset(PyBytes_AS_STRING(b), c, (size_t)n);
    return b;
}

static long dict_long(PyObject *d, const char *key)
{
    PyObject *v = PyDict_GetItemString(d, key);
    if (v == NULL) {
        diag("frame info has no '%s'; ", key);
        return -12345;
    }
    return PyLong_AsLong(v);
}

/* helpers.py's get_frame_info_check. */
static int frame_info_ok(PyObject *compressed, Py_ssize_t source_size, int store_size, int block_size,
                         int block_linked, int content_checksum, int block_checksum)
{
    PyObject *info = take(call(m_frame_info, NULL, "(O)", compressed));
    if (info == NULL)
        return 0;
    int ok = PyDict_Check(info);
    ok = ok && dict_long(info, "content_checksum") == content_checksum;
    ok = ok && dict_long(info, "block_checksum") == block_checksum;
    ok = ok && PyDict_GetItemString(info, "skippable") == Py_False;
    ok = ok && dict_long(info, "content_size") == (store_size ? source_size : 0);
    if (ok && source_size > dict_long(info, "block_size")) {
        ok = dict_long(info, "block_linked") == block_linked;
        ok = ok && dict_long(info, "block_size_id") == (block_size == 0 ? 4 : block_size);
    }
    if (!ok)
        diag("get_frame_info disagrees with the options; ");
    Py_DECREF(info);
    return ok;
}

/* test_roundtrip_1: one-shot, checked with get_frame_info and
   decompress(return_bytes_read=True). The output is compared with
   `expected`, the bytes `data` (any buffer) holds. */
static void roundtrip_1_as(PyObject *data, PyObject *expected, const char *label, int block_size, int linked, int cc,
                           int bc, int level, int store)
{
    char what[200];
    snprintf(what, sizeof what, "%s: compress(block_size=%d, linked=%d, content_checksum=%d, block_checksum=%d, level=%d, "
             "store_size=%d) round-trips", label, block_size, linked, cc, bc, level, store);
    PyObject *kw = kw_dict("{s:O,s:i,s:i,s:O,s:O,s:O}", "store_size", store ? Py_True : Py_False,
                           "compression_level", level, "block_size", block_size, "block_linked",
                           linked ? Py_True : Py_False, "content_checksum", cc ? Py_True : Py_False,
                           "block_checksum", bc ? Py_True : Py_False);
    PyObject *c = take(call(m_compress, kw, "(O)", data));
    if (c == NULL) {
        tap(0, what);
        return;
    }
    int ok = frame_info_ok(c, PyObject_Length(data), store, block_size, linked, cc, bc);
    PyObject *r = take(call(m_decompress, kw_dict("{s:O}", "return_bytes_read", Py_True), "(O)", c));
    if (r != NULL) {
        Py_ssize_t read = PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 2 ? PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 1)) : -1;
        ok = ok && read == PyBytes_GET_SIZE(c);
        ok = ok && PyObject_RichCompareBool(PyTuple_GET_ITEM(r, 0), expected, Py_EQ) == 1;
        if (!ok)
            diag("decompress gave other data or bytes_read; ");
        Py_DECREF(r);
    } else {
        ok = 0;
    }
    Py_DECREF(c);
    tap(ok, what);
}

static void roundtrip_1(PyObject *data, const char *label, int block_size, int linked, int cc, int bc, int level,
                        int store)
{
    roundtrip_1_as(data, data, label, block_size, linked, cc, bc, level, store);
}

/* test_roundtrip_2 / test_roundtrip_chunked: through a compression
   context, `nchunks` compress_chunk calls; decompressed through a
   decompression context in chunks of `dchunk` bytes. */
static void roundtrip_contexts(PyObject *data, const char *label, int block_size, int linked, int cc, int bc,
                               int level, int auto_flush, int store, int nchunks, Py_ssize_t dchunk)
{
    char what[240];
    snprintf(what, sizeof what, "%s: contexts (block_size=%d, linked=%d, checksums=%d/%d, level=%d, auto_flush=%d, "
             "source_size=%d, %d chunks) round-trip in %zd-byte pieces", label, block_size, linked, cc, bc, level,
             auto_flush, store, nchunks, dchunk);
    Py_ssize_t n = PyBytes_GET_SIZE(data);
    PyObject *ctx = take(call(m_cctx, NULL, "()"));
    if (ctx == NULL) {
        tap(0, what);
        return;
    }
    PyObject *kw = kw_dict("{s:i,s:i,s:O,s:O,s:O,s:O}", "compression_level", level, "block_size", block_size,
                           "block_linked", linked ? Py_True : Py_False, "content_checksum", cc ? Py_True : Py_False,
                           "block_checksum", bc ? Py_True : Py_False, "auto_flush", auto_flush ? Py_True : Py_False);
    if (store) {
        PyObject *size = PyLong_FromSsize_t(n);
        if (size == NULL || PyDict_SetItemString(kw, "source_size", size) < 0)
            bail("cannot set source_size");
        Py_DECREF(size);
    }
    Sink sink = {0};
    sink_add(&sink, take(call(m_begin, kw, "(O)", ctx)));
    Py_ssize_t stride = n / nchunks;
    for (int i = 0; i < nchunks; i++) {
        Py_ssize_t at = i * stride, len = i == nchunks - 1 ? n - at : stride;
        sink_add(&sink, take(call(m_chunk, NULL, "(Oy#)", ctx, PyBytes_AS_STRING(data) + at, len)));
    }
    sink_add(&sink, take(call(m_flush, NULL, "(O)", ctx)));
    Py_DECREF(ctx);
    PyObject *c = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    free(sink.data);
    int ok = frame_info_ok(c, n, store, block_size, linked, cc, bc);

    PyObject *dctx = take(call(m_dctx, NULL, "()"));
    Sink out = {0};
    int eof = 0;
    Py_ssize_t cn = PyBytes_GET_SIZE(c);
    for (Py_ssize_t at = 0; dctx != NULL && at < cn && !eof;) {
        Py_ssize_t len = cn - at < dchunk ? cn - at : dchunk;
        PyObject *r = take(call(m_dchunk, NULL, "(Oy#)", dctx, PyBytes_AS_STRING(c) + at, len));
        if (r == NULL || !PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 3) {
            ok = 0;
            Py_XDECREF(r);
            break;
        }
        PyObject *piece = PyTuple_GET_ITEM(r, 0);
        Py_INCREF(piece);
        sink_add(&out, piece);
        at += PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 1));
        eof = PyTuple_GET_ITEM(r, 2) == Py_True;
        Py_DECREF(r);
    }
    Py_XDECREF(dctx);
    ok = ok && eof && sink_equals(&out, data);
    free(out.data);
    Py_DECREF(c);
    tap(ok, what);
}

static long module_long(PyObject *module, const char *name)
{
    PyObject *v = attr(module, name);
    long x = PyLong_AsLong(v);
    Py_DECREF(v);
    return x;
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    m_compress = attr(module, "compress");
    m_decompress = attr(module, "decompress");
    m_frame_info = attr(module, "get_frame_info");
    m_cctx = attr(module, "create_compression_context");
    m_dctx = attr(module, "create_decompression_context");
    m_begin = attr(module, "compress_begin");
    m_chunk = attr(module, "compress_chunk");
    m_flush = attr(module, "compress_flush");
    m_dchunk = attr(module, "decompress_chunk");
    m_reset = attr(module, "reset_decompression_context");

    /* test_block_size_constants */
    expect_true(module_long(module, "BLOCKSIZE_DEFAULT") == 0 && module_long(module, "BLOCKSIZE_MAX64KB") == 4
                    && module_long(module, "BLOCKSIZE_MAX256KB") == 5 && module_long(module, "BLOCKSIZE_MAX1MB") == 6
                    && module_long(module, "BLOCKSIZE_MAX4MB") == 7,
                "the BLOCKSIZE_* constants");

    /* test_create_*_context: capsules */
    PyObject *cctx = keep(call(m_cctx, NULL, "()"), "create_compression_context()");
    expect_true(PyCapsule_CheckExact(cctx) && PyCapsule_IsValid(cctx, "_frame.LZ4F_cctx"),
                "...is a capsule named _frame.LZ4F_cctx");
    PyObject *dctx = keep(call(m_dctx, NULL, "()"), "create_decompression_context()");
    expect_true(PyCapsule_CheckExact(dctx) && PyCapsule_IsValid(dctx, "_frame.LZ4F_dctx"),
                "...is a capsule named _frame.LZ4F_dctx");

    /* test_compress_return_type_*, test_decompress_return_type_* */
    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    PyObject *c_empty = keep(call(m_compress, kw_dict("{s:O}", "return_bytearray", Py_False), "(O)", empty),
                             "compress(b'')");
    expect_true(PyBytes_CheckExact(c_empty), "compress(return_bytearray=False) gives bytes");
    record(call(m_compress, NULL, "(O)", empty), "compress(b'')");
    PyObject *r = keep(call(m_compress, kw_dict("{s:O}", "return_bytearray", Py_True), "(O)", empty),
                       "compress(b'', return_bytearray=True)");
    expect_true(PyByteArray_CheckExact(r), "...gives a bytearray");
    Py_DECREF(r);
    expect_bytes(call(m_decompress, kw_dict("{s:O,s:O}", "return_bytearray", Py_False, "return_bytes_read", Py_False),
                      "(O)", c_empty),
                 "", 0, "decompress gives bytes");
    expect_bytearray(call(m_decompress, kw_dict("{s:O}", "return_bytearray", Py_True), "(O)", c_empty), "", 0,
                     "decompress(return_bytearray=True) gives a bytearray");
    record(call(m_decompress, kw_dict("{s:O}", "return_bytes_read", Py_True), "(O)", c_empty),
           "decompress(return_bytes_read=True) gives (b'', n)");
    record(call(m_dchunk, NULL, "(OO)", dctx, c_empty), "decompress_chunk(ctx, compress(b''))");
    record(call(m_dchunk, kw_dict("{s:O}", "return_bytearray", Py_True), "(OO)", dctx, c_empty),
           "decompress_chunk(..., return_bytearray=True)");

    /* test_reset_decompression_context_1/2 */
    expect_is(call(m_reset, NULL, "(O)", dctx), Py_None, "reset_decompression_context returns None");
    PyObject *four = PyBytes_FromString("1234");
    PyObject *c4 = keep(call(m_compress, NULL, "(O)", four), "compress(b'1234')");
    record(call(m_dchunk, NULL, "(Oy#)", dctx, PyBytes_AS_STRING(c4) + 4, PyBytes_GET_SIZE(c4) - 4),
           "decompress_chunk of junk");
    expect_is(call(m_reset, NULL, "(O)", dctx), Py_None, "reset after an error");
    r = keep(call(m_dchunk, NULL, "(OO)", dctx, c4), "the context decompresses after reset");
    expect_true(PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 3
                    && PyObject_RichCompareBool(PyTuple_GET_ITEM(r, 0), four, Py_EQ) == 1
                    && PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 1)) == PyBytes_GET_SIZE(c4)
                    && PyTuple_GET_ITEM(r, 2) == Py_True,
                "...giving (b'1234', len(c), True)");
    Py_DECREF(r);

    /* test_frame_1 / test_frame_2 data shapes (random data made
       deterministic), through the option matrix. */
    PyObject *rnd8k = noise(8 * 1024, 1), *zeros8k = filled(8 * 1024, '0'), *rnd256k = noise(256 * 1024, 2);
    struct { PyObject *data; const char *label; } shapes[] = {
        {empty, "b''"}, {rnd8k, "8 KiB random"}, {zeros8k, "b'0' * 8 KiB"}, {rnd256k, "256 KiB random"},
    };
    static const int block_sizes[] = {0, 4, 5, 6, 7};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        for (size_t b = 0; b < 5; b++) {
            int variant = (int)(s * 5 + b);
            roundtrip_1(shapes[s].data, shapes[s].label, block_sizes[b], variant & 1, (variant >> 1) & 1,
                        (variant >> 2) & 1, (int[]){0, 4, 9, 16}[variant % 4], variant % 3 != 0);
            if (s > 0)
                roundtrip_contexts(shapes[s].data, shapes[s].label, block_sizes[b], (variant >> 2) & 1, variant & 1,
                                   (variant >> 1) & 1, (int[]){0, 4, 9, 16}[(variant + 1) % 4], variant & 1,
                                   variant % 2 == 0, 1 + variant % 4, (Py_ssize_t[]){8, 100, 4096, 1 << 20}[b % 4]);
        }
    }
    /* Any buffer is accepted: bytearray and memoryview sources. */
    PyObject *ba = PyByteArray_FromObject(rnd8k), *mv = PyMemoryView_FromObject(rnd8k);
    roundtrip_1_as(ba, rnd8k, "bytearray(8 KiB random)", 0, 1, 0, 0, 0, 1);
    roundtrip_1_as(mv, rnd8k, "memoryview(8 KiB random)", 4, 0, 1, 1, 3, 0);
    Py_DECREF(mv);
    Py_DECREF(ba);
    record(call(m_compress, kw_dict("{s:i,s:O}", "compression_level", 9, "content_checksum", Py_True), "(O)", rnd8k),
           "compress(8 KiB random, level 9, content checksum)");
    record(call(m_compress, NULL, "(O)", zeros8k), "compress(b'0' * 8 KiB)");

    /* max_length: decompress_chunk stops at it and resumes. */
    PyObject *cz = keep(call(m_compress, NULL, "(O)", zeros8k), "compress(b'0' * 8 KiB)");
    PyObject *d2 = keep(call(m_dctx, NULL, "()"), "a second decompression context");
    record(call(m_dchunk, kw_dict("{s:n}", "max_length", (Py_ssize_t)1000), "(OO)", d2, cz),
           "decompress_chunk(max_length=1000)");
    Py_DECREF(d2);

    /* test_roundtrip_multiframe_1: decompress reads one frame of many. */
    PyObject *two = PyBytes_FromStringAndSize(NULL, 2 * PyBytes_GET_SIZE(cz));
    memcpy(PyBytes_AS_STRING(two), PyBytes_AS_STRING(cz), (size_t)PyBytes_GET_SIZE(cz));
    memcpy(PyBytes_AS_STRING(two) + PyBytes_GET_SIZE(cz), PyBytes_AS_STRING(cz), (size_t)PyBytes_GET_SIZE(cz));
    r = keep(call(m_decompress, kw_dict("{s:O}", "return_bytes_read", Py_True), "(O)", two),
             "decompress of two frames");
    expect_true(PyTuple_Check(r) && PyObject_RichCompareBool(PyTuple_GET_ITEM(r, 0), zeros8k, Py_EQ) == 1
                    && PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 1)) == PyBytes_GET_SIZE(cz),
                "...reads the first frame only");
    Py_DECREF(r);
    Py_DECREF(two);

    /* test_decompress_truncated */
    PyObject *big = keep(call(m_compress, NULL, "(O)", rnd256k), "compress(256 KiB random)");
    expect_error(call(m_decompress, NULL, "(y#)", PyBytes_AS_STRING(big), (Py_ssize_t)6), PyExc_RuntimeError,
                 "LZ4F_getFrameInfo failed with code: ERROR_frameHeader_incomplete", "a 6-byte frame is incomplete");
    static const Py_ssize_t cuts[] = {16, 21, 1001, 65536 + 11, -2};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        Py_ssize_t n = cuts[i] > 0 ? cuts[i] : PyBytes_GET_SIZE(big) + cuts[i];
        expect_error(call(m_decompress, NULL, "(y#)", PyBytes_AS_STRING(big), n), PyExc_RuntimeError,
                     "Frame incomplete. LZ4F_decompress returned:*", "a truncated frame is refused");
    }
    record(call(m_decompress, NULL, "(y#)", PyBytes_AS_STRING(big), (Py_ssize_t)1001), "decompress(c[:1001])");

    /* test_content_checksum_failure / test_block_checksum_failure */
    PyObject *cs = keep(call(m_compress, kw_dict("{s:O}", "content_checksum", Py_True), "(O)", rnd256k),
                        "compress with a content checksum");
    PyObject *bad = PyBytes_FromStringAndSize(PyBytes_AS_STRING(cs), PyBytes_GET_SIZE(cs));
    PyBytes_AS_STRING(bad)[PyBytes_GET_SIZE(bad) - 1] ^= 0x42;
    expect_error(call(m_decompress, NULL, "(O)", bad), PyExc_RuntimeError,
                 "LZ4F_decompress failed with code: ERROR_contentChecksum_invalid", "a bad content checksum");
    Py_DECREF(bad);
    Py_DECREF(cs);
    PyObject *bcs = keep(call(m_compress,
                              kw_dict("{s:O,s:O,s:O}", "content_checksum", Py_True, "block_checksum", Py_True,
                                      "return_bytearray", Py_True),
                              "(O)", rnd256k),
                         "compress with block checksums into a bytearray");
    PyByteArray_AS_STRING(bcs)[22] ^= 0x42;
    expect_error(call(m_decompress, NULL, "(O)", bcs), PyExc_RuntimeError,
                 "LZ4F_decompress failed with code: ERROR_blockChecksum_invalid", "a bad block checksum");
    Py_DECREF(bcs);

    /* The wrong capsule, or none: PyCapsule_GetPointer fails and the
       module replaces its error. */
    expect_error(call(m_chunk, NULL, "(OO)", dctx, four), PyExc_ValueError, "No compression context supplied",
                 "compress_chunk with a decompression context");
    expect_error(call(m_flush, NULL, "(O)", Py_None), PyExc_ValueError, "No compression context supplied",
                 "compress_flush(None)");
    expect_error(call(m_begin, NULL, "(O)", dctx), PyExc_ValueError, "No valid compression context supplied",
                 "compress_begin with a decompression context");
    expect_error(call(m_dchunk, NULL, "(OO)", cctx, c4), PyExc_ValueError, "No valid decompression context supplied",
                 "decompress_chunk with a compression context");
    record(call(m_reset, NULL, "(O)", cctx), "reset_decompression_context(compression context)");
    /* Argument parsing */
    expect_error(call(m_compress, NULL, "(s)", "text"), PyExc_TypeError, "a bytes-like object is required, not 'str'",
                 "compress(str) is refused by y*");
    expect_error(call(m_compress, kw_dict("{s:s}", "block_size", "big"), "(O)", four), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "block_size='big'");
    expect_error(call(m_compress, kw_dict("{s:i}", "level", 3), "(O)", four), PyExc_TypeError,
                 "'level' is an invalid keyword argument for this function", "an unknown keyword");
    /* "k" takes any int, wrapping it without an overflow check. */
    record(call(m_begin, kw_dict("{s:i}", "source_size", -1), "(O)", cctx), "compress_begin(source_size=-1)");
    record(call(m_flush, NULL, "(O)", cctx), "compress_flush after it");
    record(call(m_decompress, NULL, "(y#)", "\x04\x22\x4d\x18\x64\x40\xa7\x00\x00\x00\x00", (Py_ssize_t)11),
           "decompress of a bare empty frame header");

    Py_DECREF(big);
    Py_DECREF(cz);
    Py_DECREF(rnd256k);
    Py_DECREF(zeros8k);
    Py_DECREF(rnd8k);
    Py_DECREF(c4);
    Py_DECREF(four);
    Py_DECREF(c_empty);
    Py_DECREF(empty);
    Py_DECREF(dctx);
    Py_DECREF(cctx);
}

CORPUS_MAIN("_frame", run)
