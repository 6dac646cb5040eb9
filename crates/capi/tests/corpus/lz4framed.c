/* py-lz4framed 0.14.0's `_lz4framed`: lz4's frame format (bundled under
 * its own xxhash namespace) with contexts in capsules guarded by PyThread
 * locks, Lz4FramedError raised through PyErr_SetObject with a
 * (message, code) tuple, Lz4FramedNoDataError for empty input, keyword
 * options parsed with "p"/"i" units, decompress_update's list of chunks
 * with the input hint appended, and get_frame_info's dict.
 *
 * Vectors: the sdist's test.py (TestCompress, TestDecompress,
 * TestLowLevelFunctions): round trips over block sizes, linking,
 * checksums and every level from -10 to the maximum, buffer_size,
 * truncated and corrupt frames with their error codes, the low-level
 * begin/update/end cycle, chunked decompress_update and get_frame_info.
 */
#include "corpus.h"

static PyObject *mod, *compress_f, *decompress_f, *err, *nodata;

static long module_long(const char *name)
{
    PyObject *v = attr(mod, name);
    long x = PyLong_AsLong(v);
    Py_DECREF(v);
    return x;
}

static PyObject *fn(const char *name)
{
    return attr(mod, name);
}

/* The call raised Lz4FramedError whose args[1] is `code`. */
static void expect_code(PyObject *r, long code, const char *what)
{
    int ok = 1;
    if (r != NULL) {
        diag("returned instead of raising; ");
        ok = 0;
    } else if (!PyErr_ExceptionMatches(err)) {
        diag_exception();
        ok = 0;
    } else {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        PyObject *args = value ? PyObject_GetAttrString(value, "args") : NULL;
        if (args == NULL || !PyTuple_Check(args) || PyTuple_GET_SIZE(args) != 2
            || PyLong_AsLong(PyTuple_GET_ITEM(args, 1)) != code) {
            diag("args are not (message, %ld); ", code);
            ok = 0;
        } else {
            printf("#= %s\t%s\n", what, PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 0)));
        }
        PyErr_Clear();
        Py_XDECREF(args);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
    }
    ok &= settle(0);
    tap(ok, what);
}

/* A call whose error path keeps a reference to its data argument (a "y*"
   buffer it never releases, on CPython too): made without the refcount
   baseline, and recorded with the number of references it kept, which
   must be CPython's. `kw` is stolen. */
static void leaky_call(PyObject *callable, PyObject *kw, PyObject *ctx, PyObject *data, const char *what)
{
    Py_ssize_t before = Py_REFCNT(data);
    PyObject *args = PyTuple_Pack(2, ctx, data);
    PyObject *r = PyObject_Call(callable, args, kw);
    Py_DECREF(args);
    Py_XDECREF(kw);
    Py_ssize_t kept = Py_REFCNT(data) - before;
    char label[160];
    snprintf(label, sizeof label, "%s (the data keeps %zd more references)", what, kept);
    print_record(r, label);
    Py_XDECREF(r);
    tap(1, what);
}

static void round_trip(PyObject *data, PyObject *kw, const char *what)
{
    PyObject *c = take(call(compress_f, kw, "(O)", data));
    if (c == NULL) {
        tap(0, what);
        return;
    }
    expect_same_bytes(call(decompress_f, NULL, "(O)", c), data, what);
    Py_DECREF(c);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    mod = module;
    compress_f = fn("compress");
    decompress_f = fn("decompress");
    err = fn("Lz4FramedError");
    nodata = fn("Lz4FramedNoDataError");
    expect_true(PyObject_IsSubclass(nodata, err) == 1 || PyObject_IsSubclass(nodata, PyExc_Exception) == 1,
                "Lz4FramedNoDataError is an exception type");
    record_value(nodata, "repr(Lz4FramedNoDataError)");
    PyObject *base = attr(nodata, "__base__");
    record_value(base, "Lz4FramedNoDataError.__base__");
    Py_DECREF(base);
    static const char *consts[] = {"LZ4_VERSION", "LZ4F_VERSION", "LZ4F_COMPRESSION_MAX", "LZ4F_COMPRESSION_MIN_HC"};
    for (int i = 0; i < 4; i++) {
        PyObject *v = attr(module, consts[i]);
        record_value(v, consts[i]);
        Py_DECREF(v);
    }
    long max_level = module_long("LZ4F_COMPRESSION_MAX");

    PyObject *shortin = PyBytes_FromString("abcdefghijklmnopqrstuvwxyz0123456789");
    PyObject *longin = PyBytes_FromStringAndSize(NULL, 36 * 100000);
    for (int i = 0; i < 100000; i++)
        memcpy(PyBytes_AS_STRING(longin) + 36 * i, PyBytes_AS_STRING(shortin), 36);

    /* test_compress_minimal / block size / linked / checksums / level */
    record(call(compress_f, NULL, "()"), "compress()");
    expect_error(call(compress_f, NULL, "(y)", ""), nodata, NULL, "compress(b'') raises Lz4FramedNoDataError");
    round_trip(shortin, NULL, "the short input round-trips");
    record(call(compress_f, kw_dict("{s:s}", "block_size_id", "1"), "(O)", shortin), "block_size_id='1'");
    record(call(compress_f, kw_dict("{s:i}", "block_size_id", -1), "(O)", shortin), "block_size_id=-1");
    static const char *sizes[] = {"LZ4F_BLOCKSIZE_DEFAULT", "LZ4F_BLOCKSIZE_MAX64KB", "LZ4F_BLOCKSIZE_MAX256KB",
                                  "LZ4F_BLOCKSIZE_MAX1MB", "LZ4F_BLOCKSIZE_MAX4MB"};
    for (int i = 0; i < 5; i++) {
        char what[80];
        PyObject *kw = kw_dict("{s:l}", "block_size_id", module_long(sizes[i]));
        snprintf(what, sizeof what, "the long input round-trips with %s", sizes[i]);
        round_trip(longin, kw, what);
    }
    record(call(compress_f, kw_dict("{s:O}", "block_mode_linked", Py_None), "(O)", shortin), "block_mode_linked=None");
    round_trip(shortin, kw_dict("{s:O}", "block_mode_linked", Py_False), "block_mode_linked=False");
    round_trip(shortin, kw_dict("{s:O,s:O}", "checksum", Py_True, "block_checksum", Py_True), "with checksums");
    for (long level = -10; level <= max_level; level++) {
        char what[64];
        snprintf(what, sizeof what, "level %ld round-trips", level);
        round_trip(shortin, kw_dict("{s:l}", "level", level), what);
    }
    round_trip(longin, kw_dict("{s:i}", "level", 10), "the long input at level 10");
    record(call(compress_f, kw_dict("{s:s}", "level", "1"), "(O)", shortin), "level='1'");
    record(call(compress_f, kw_dict("{s:i}", "level", 9), "(O)", longin), "the long input at level 9");
    PyObject *mv = PyMemoryView_FromObject(longin);
    PyObject *cmv = keep(call(compress_f, NULL, "(O)", mv), "compress(memoryview)");
    expect_same_bytes(call(decompress_f, NULL, "(O)", cmv), longin, "...round-trips");
    Py_DECREF(cmv);
    Py_DECREF(mv);

    /* test_compress_checksum's corrupt checksum */
    PyObject *cs = keep(call(compress_f, kw_dict("{s:O}", "checksum", Py_True), "(O)", longin), "compress(checksum=True)");
    PyObject *bad = PyBytes_FromStringAndSize(PyBytes_AS_STRING(cs), PyBytes_GET_SIZE(cs));
    PyBytes_AS_STRING(bad)[PyBytes_GET_SIZE(bad) - 1] = '0';
    expect_code(call(decompress_f, NULL, "(O)", bad), module_long("LZ4F_ERROR_contentChecksum_invalid"),
                "a bad content checksum");
    Py_DECREF(bad);

    /* TestDecompress */
    record(call(decompress_f, NULL, "()"), "decompress()");
    expect_error(call(decompress_f, NULL, "(y)", ""), nodata, NULL, "decompress(b'') raises Lz4FramedNoDataError");
    PyObject *c = keep(call(compress_f, NULL, "(O)", longin), "compress(long input)");
    record(call(decompress_f, kw_dict("{s:s}", "buffer_size", "1"), "(O)", c), "buffer_size='1'");
    record(call(decompress_f, kw_dict("{s:i}", "buffer_size", 0), "(O)", c), "buffer_size=0");
    for (int bs = 1; bs < 1025; bs += 256) {
        char what[64];
        snprintf(what, sizeof what, "decompress(buffer_size=%d)", bs);
        expect_same_bytes(call(decompress_f, kw_dict("{s:i}", "buffer_size", bs), "(O)", c), longin, what);
    }
    expect_code(call(decompress_f, NULL, "(y)", "invalidheader"), module_long("LZ4F_ERROR_frameType_unknown"),
                "decompress(b'invalidheader')");
    PyObject *cs2 = keep(call(compress_f, NULL, "(O)", shortin), "compress(short input)");
    expect_error(call(decompress_f, NULL, "(y#)", PyBytes_AS_STRING(cs2), PyBytes_GET_SIZE(cs2) - 5),
                 PyExc_ValueError, "frame incomplete*", "a frame missing 5 bytes");
    Py_DECREF(cs2);

    /* TestLowLevelFunctions */
    PyObject *gbs = fn("get_block_size");
    record(call(gbs, NULL, "(s)", "1"), "get_block_size('1')");
    record(call(gbs, NULL, "(i)", 1), "get_block_size(1)");
    expect_int(call(gbs, NULL, "()"), "65536", "get_block_size() is 64 KiB");
    for (int i = 1; i < 5; i++) {
        char want[32], what[64];
        long id = module_long(sizes[i]);
        snprintf(want, sizeof want, "%ld", 1L << (8 + 2 * id));
        snprintf(what, sizeof what, "get_block_size(%s)", sizes[i]);
        expect_int(call(gbs, NULL, "(l)", id), want, what);
    }
    Py_DECREF(gbs);

    PyObject *cctx_f = fn("create_compression_context"), *dctx_f = fn("create_decompression_context");
    PyObject *begin = fn("compress_begin"), *update = fn("compress_update"), *end = fn("compress_end");
    PyObject *dupdate = fn("decompress_update"), *info = fn("get_frame_info");
    PyObject *dctx = keep(call(dctx_f, NULL, "()"), "create_decompression_context()");
    PyObject *cctx = keep(call(cctx_f, NULL, "()"), "create_compression_context()");
    expect_true(PyCapsule_CheckExact(dctx) && PyCapsule_CheckExact(cctx), "contexts are capsules");
    record(call(info, NULL, "(O)", cctx), "get_frame_info(compression context)");
    expect_code(call(info, NULL, "(O)", dctx), module_long("LZ4F_ERROR_srcPtr_wrong"), "get_frame_info before data");
    PyObject *c256 = keep(call(compress_f,
                               kw_dict("{s:O,s:l,s:O}", "checksum", Py_True, "block_size_id",
                                       module_long("LZ4F_BLOCKSIZE_MAX256KB"), "block_mode_linked", Py_False),
                               "(O)", longin),
                          "compress(checksum, 256 KiB blocks, unlinked)");
    PyObject *r = take(call(dupdate, NULL, "(Oy#)", dctx, PyBytes_AS_STRING(c256), (Py_ssize_t)15));
    Py_XDECREF(r);
    record(call(info, NULL, "(O)", dctx), "get_frame_info after the header");
    Py_DECREF(c256);

    record(call(begin, NULL, "()"), "compress_begin()");
    record(call(begin, NULL, "(O)", dctx), "compress_begin(decompression context)");
    PyObject *data = PyBytes_FromString("abcdefghijklmnopqrstuvwxyz0123456789");
    leaky_call(update, NULL, cctx, data, "compress_update before compress_begin");
    PyObject *header = keep(call(begin, NULL, "(O)", cctx), "compress_begin(ctx)");
    expect_true(PyBytes_GET_SIZE(header) >= 7 && PyBytes_GET_SIZE(header) <= 15, "...a 7 to 15 byte header");
    record(call(update, NULL, "(Oi)", cctx, 1), "compress_update(ctx, 1)");
    PyObject *empty = PyBytes_FromStringAndSize("x", 0 * 1);
    leaky_call(update, NULL, cctx, empty, "compress_update(ctx, b'')");
    Sink s = {0};
    Py_INCREF(header);
    sink_add(&s, header);
    for (Py_ssize_t at = 0; at < PyBytes_GET_SIZE(longin); at += 100000)
        sink_add(&s, take(call(update, NULL, "(Oy#)", cctx, PyBytes_AS_STRING(longin) + at, (Py_ssize_t)100000)));
    sink_add(&s, take(call(end, NULL, "(O)", cctx)));
    PyObject *framed = PyBytes_FromStringAndSize(s.data, (Py_ssize_t)s.len);
    free(s.data);
    expect_same_bytes(call(decompress_f, NULL, "(O)", framed), longin, "begin/update/end make a frame");
    record(call(end, NULL, "(O)", dctx), "compress_end(decompression context)");
    Py_DECREF(header);

    /* test_decompress_update_invalid */
    PyObject *space = PyBytes_FromString(" ");
    leaky_call(dupdate, NULL, cctx, space, "decompress_update(compression context)");
    PyObject *d2 = keep(call(dctx_f, NULL, "()"), "a fresh decompression context");
    record(call(dupdate, kw_dict("{s:s}", "chunk_len", "1"), "(Oy)", d2, " "), "chunk_len='1'");
    leaky_call(dupdate, kw_dict("{s:i}", "chunk_len", 0), d2, space, "chunk_len=0");
    PyObject *ret = keep(call(dupdate, kw_dict("{s:i}", "chunk_len", 2), "(Oy#)", d2, PyBytes_AS_STRING(cs),
                              (Py_ssize_t)512),
                         "decompress_update(chunk_len=2) of 512 bytes");
    int ok = PyList_Check(ret) && PyList_GET_SIZE(ret) > 1;
    for (Py_ssize_t i = 0; ok && i < PyList_GET_SIZE(ret) - 1; i++) {
        Py_ssize_t n = PyBytes_GET_SIZE(PyList_GET_ITEM(ret, i));
        ok = n >= 1 && n <= 2;
    }
    ok = ok && PyLong_AsLong(PyList_GET_ITEM(ret, PyList_GET_SIZE(ret) - 1)) > 0;
    expect_true(ok, "...gives chunks of 1 or 2 bytes and a positive input hint");
    record_value(PyList_GET_ITEM(ret, PyList_GET_SIZE(ret) - 1), "the input hint");
    Py_DECREF(ret);
    leaky_call(dupdate, NULL, d2, cs, "a new frame in the middle of one");
    Py_DECREF(d2);

    Py_DECREF(framed);
    Py_DECREF(space);
    Py_DECREF(empty);
    Py_DECREF(data);
    Py_DECREF(dupdate);
    Py_DECREF(info);
    Py_DECREF(end);
    Py_DECREF(update);
    Py_DECREF(begin);
    Py_DECREF(cctx);
    Py_DECREF(dctx);
    Py_DECREF(dctx_f);
    Py_DECREF(cctx_f);
    Py_DECREF(c);
    Py_DECREF(cs);
    Py_DECREF(longin);
    Py_DECREF(shortin);
}

CORPUS_MAIN("_lz4framed", run)
