/* lz4 4.4.5's experimental `lz4.stream._stream`: a double-buffered LZ4
 * stream context in a PyCapsule (_create_context, keyword-parsed with
 * "ssI|sIIpIz*": two str, unsigned ints, a predicate and an optional
 * buffer that may be None), blocks prefixed with their compressed size in
 * 1, 2 or 4 bytes (_compress, _get_block, _decompress, "Oy*"), the
 * module's LZ4StreamError (PyErr_NewExceptionWithDoc) and the errors
 * raised for bad configurations (NotImplementedError, ValueError,
 * OverflowError).
 *
 * Vectors: tests/stream/test_stream_0.py (round trips over strategy,
 * mode, buffer size, block-size width and dictionary) and test_stream_1.py
 * (invalid configurations, corrupted and truncated streams, trailers,
 * return_bytearray, memoryview input, dictionaries), through the
 * compress()/decompress() helpers of test_stream_1.py written in C. Random
 * data is replaced by a deterministic generator.
 */
#include "corpus.h"
#include "test_bytes.h"

static PyObject *create, *compress_block, *get_block, *decompress_block, *stream_error;

typedef struct {
    unsigned int buffer_size, store_comp_size;
    const char *mode;
    int return_bytearray;
    PyObject *dictionary; /* NULL: not given */
} Config;

/* _create_context(strategy, direction, buffer_size, **options), as the
   LZ4StreamCompressor/Decompressor constructors call it. */
static PyObject *context(const Config *c, const char *direction)
{
    PyObject *kw = kw_dict("{s:s,s:I,s:O}", "mode", c->mode ? c->mode : "default", "store_comp_size",
                           c->store_comp_size, "return_bytearray", c->return_bytearray ? Py_True : Py_False);
    if (c->dictionary != NULL && PyDict_SetItemString(kw, "dictionary", c->dictionary) < 0)
        bail("cannot set dictionary");
    return take(call(create, kw, "(ssI)", "double_buffer", direction, c->buffer_size));
}

/* test_stream_1.py's compress(): one _compress per buffer_size chunk.
   Returns the joined bytes, or NULL (the failure noted) if a call failed. */
static PyObject *stream_compress(PyObject *data, const Config *c)
{
    PyObject *ctx = context(c, "compress");
    if (ctx == NULL)
        return NULL;
    Py_buffer in;
    if (PyObject_GetBuffer(data, &in, PyBUF_SIMPLE) < 0)
        bail("the input is not a buffer");
    Sink sink = {0};
    int ok = 1;
    for (Py_ssize_t at = 0; at < in.len; at += c->buffer_size) {
        Py_ssize_t len = in.len - at < (Py_ssize_t)c->buffer_size ? in.len - at : (Py_ssize_t)c->buffer_size;
        PyObject *chunk = PyMemoryView_FromMemory((char *)in.buf + at, len, PyBUF_READ);
        PyObject *block = take(call(compress_block, NULL, "(OO)", ctx, chunk));
        Py_DECREF(chunk);
        if (block == NULL) {
            ok = 0;
            break;
        }
        if (c->return_bytearray) {
            if (!PyByteArray_CheckExact(block)) {
                diag("a %s block, not a bytearray; ", Py_TYPE(block)->tp_name);
                ok = 0;
            }
            PyObject *as_bytes = PyBytes_FromObject(block);
            Py_DECREF(block);
            block = as_bytes;
        }
        sink_add(&sink, block);
    }
    PyBuffer_Release(&in);
    Py_DECREF(ctx);
    PyObject *out = ok ? PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len) : NULL;
    free(sink.data);
    if (!ok)
        group_ok = 0;
    return out;
}

/* test_stream_1.py's decompress(): _get_block then _decompress until the
   input is consumed. Returns the joined output, or NULL with the exception
   of the call that failed left pending (not noted as a failure). */
static PyObject *stream_decompress(PyObject *data, const Config *c)
{
    PyObject *ctx = context(c, "decompress");
    if (ctx == NULL)
        return NULL;
    Sink sink = {0};
    Py_ssize_t n = PyBytes_GET_SIZE(data);
    PyObject *failure = NULL, *ftype = NULL, *ftb = NULL;
    for (Py_ssize_t at = 0; at < n;) {
        PyObject *rest = PyMemoryView_FromMemory(PyBytes_AS_STRING(data) + at, n - at, PyBUF_READ);
        /* Called directly (no refcount baseline): a failure here is the
           expected outcome of the corrupted-stream vectors. */
        PyObject *block = PyObject_CallFunctionObjArgs(get_block, ctx, rest, NULL);
        Py_DECREF(rest);
        PyObject *chunk = block ? PyObject_CallFunctionObjArgs(decompress_block, ctx, block, NULL) : NULL;
        if (chunk == NULL) {
            PyErr_Fetch(&ftype, &failure, &ftb);
            Py_XDECREF(block);
            break;
        }
        if (c->return_bytearray && !PyByteArray_CheckExact(chunk)) {
            diag("a %s chunk, not a bytearray; ", Py_TYPE(chunk)->tp_name);
            group_ok = 0;
        }
        PyObject *as_bytes = PyBytes_FromObject(chunk);
        Py_DECREF(chunk);
        sink_add(&sink, as_bytes);
        at += c->store_comp_size + PyObject_Length(block);
        Py_DECREF(block);
    }
    Py_DECREF(ctx);
    PyObject *out = NULL;
    if (ftype != NULL)
        PyErr_Restore(ftype, failure, ftb);
    else
        out = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    free(sink.data);
    return out;
}

/* A round trip that must succeed. */
static void round_trip(PyObject *data, const Config *c, const char *what)
{
    int ok = 1;
    PyObject *compressed = stream_compress(data, c);
    if (compressed == NULL) {
        tap(0, what);
        return;
    }
    PyObject *back = stream_decompress(compressed, c);
    if (back == NULL) {
        diag_exception();
        ok = 0;
    } else {
        Py_buffer in;
        if (PyObject_GetBuffer(data, &in, PyBUF_SIMPLE) < 0)
            bail("the input is not a buffer");
        ok = PyBytes_GET_SIZE(back) == in.len && memcmp(PyBytes_AS_STRING(back), in.buf, (size_t)in.len) == 0;
        if (!ok)
            diag("the round trip gave other data; ");
        PyBuffer_Release(&in);
        Py_DECREF(back);
    }
    Py_DECREF(compressed);
    tap(ok, what);
}

/* stream_decompress(data) must raise LZ4StreamError with `message`. */
static void decompress_fails(PyObject *data, const Config *c, const char *message, const char *what)
{
    PyObject *r = stream_decompress(data, c);
    int ok = 1;
    if (r != NULL) {
        diag("decompressed instead of raising; ");
        Py_DECREF(r);
        ok = 0;
    } else if (!PyErr_ExceptionMatches(stream_error)) {
        diag_exception();
        ok = 0;
    } else {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject *s = value ? PyObject_Str(value) : NULL;
        const char *got = s ? PyUnicode_AsUTF8(s) : "?";
        size_t len = strlen(message);
        if (message[len - 1] == '*' ? strncmp(got, message, len - 1) != 0 : strcmp(got, message) != 0) {
            diag("message '%s', expected '%s'; ", got, message);
            ok = 0;
        }
        printf("#= %s\t%s\n", what, got);
        Py_XDECREF(s);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
    }
    tap(ok, what);
}

static PyObject *with_u32(PyObject *data, Py_ssize_t offset, long delta)
{
    PyObject *b = PyBytes_FromStringAndSize(PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data));
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(b) + offset;
    unsigned long v = p[0] | (p[1] << 8) | (p[2] << 16) | ((unsigned long)p[3] << 24);
    v = (unsigned long)((long)v + delta);
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
    return b;
}

static unsigned long u32_at(PyObject *data, Py_ssize_t offset)
{
    const unsigned char *p = (const unsigned char *)PyBytes_AS_STRING(data) + offset;
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((unsigned long)p[3] << 24);
}

static PyObject *concat(PyObject *a, const char *tail, Py_ssize_t n)
{
    PyObject *b = PyBytes_FromStringAndSize(NULL, PyBytes_GET_SIZE(a) + n);
    memcpy(PyBytes_AS_STRING(b), PyBytes_AS_STRING(a), (size_t)PyBytes_GET_SIZE(a));
    memcpy(PyBytes_AS_STRING(b) + PyBytes_GET_SIZE(a), tail, (size_t)n);
    return b;
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    create = attr(module, "_create_context");
    compress_block = attr(module, "_compress");
    get_block = attr(module, "_get_block");
    decompress_block = attr(module, "_decompress");
    stream_error = attr(module, "LZ4StreamError");
    expect_true(PyType_Check(stream_error) && PyObject_IsSubclass(stream_error, PyExc_Exception) == 1,
                "LZ4StreamError is an Exception subclass");
    PyObject *max_input = attr(module, "LZ4_MAX_INPUT_SIZE");
    expect_true(PyLong_AsLong(max_input) == 0x7E000000, "LZ4_MAX_INPUT_SIZE is 0x7E000000");
    Py_DECREF(max_input);
    PyObject *doc = attr(stream_error, "__doc__");
    record_value(doc, "LZ4StreamError.__doc__");
    Py_DECREF(doc);

    /* test_stream_0.py: the option matrix over its data shapes. */
    PyObject *digits = repeat("2099023098234882923049823094823094898239230982349081231290381209380981203981209381238901283098908123109238098123", 24);
    PyObject *rnd = noise(128 * 1024, 7);
    PyObject *letters = repeat("A", 512);
    PyObject *dict1 = PyBytes_FromStringAndSize(PyBytes_AS_STRING(digits) + 10, 20);
    static const char *modes[] = {"default", "fast", "high_compression"};
    static const unsigned int widths[] = {1, 2, 4};
    static const unsigned int sizes[] = {128, 1024, 64 * 1024};
    char what[200];
    for (int m = 0; m < 3; m++) {
        for (int w = 0; w < 3; w++) {
            for (int s = 0; s < 3; s++) {
                /* A 1-byte size field holds blocks of buffer_size 128 only,
                   a 2-byte one up to 16 KiB-ish: larger are config errors. */
                if ((widths[w] == 1 && sizes[s] > 128) || (widths[w] == 2 && sizes[s] > 1024))
                    continue;
                Config c = {sizes[s], widths[w], modes[m], (m + s) % 2, (m + w + s) % 3 == 0 ? dict1 : NULL};
                PyObject *shapes[] = {digits, rnd, letters};
                for (int d = 0; d < 3; d++) {
                    snprintf(what, sizeof what, "round trip %s, buffer %u, %u-byte sizes, bytearray=%d, dict=%d, data %d",
                             modes[m], sizes[s], widths[w], c.return_bytearray, c.dictionary != NULL, d);
                    round_trip(shapes[d], &c, what);
                }
            }
        }
    }
    Config base = {128, 4, "default", 0, NULL};
    PyObject *c_digits = stream_compress(digits, &base);
    record_value(c_digits, "compress(digits) over 128-byte blocks");
    Config hc = {1024, 4, "high_compression", 0, NULL};
    PyObject *c_hc = stream_compress(rnd, &hc);
    record_value(c_hc, "high_compression over 1 KiB blocks");
    Py_XDECREF(c_hc);

    /* test_memoryview */
    PyObject *mv = PyMemoryView_FromObject(digits);
    PyObject *c_mv = stream_compress(mv, &base);
    expect_true(c_mv != NULL && PyObject_RichCompareBool(c_mv, c_digits, Py_EQ) == 1,
                "compress(memoryview) == compress(bytes)");
    Py_XDECREF(c_mv);
    Py_DECREF(mv);

    /* test_invalid_config_* */
    expect_error(call(create, NULL, "(ssI)", "ring_buffer", "compress", 1024), PyExc_NotImplementedError,
                 "Buffer strategy not implemented: ring_buffer", "the ring_buffer strategy (compress)");
    expect_error(call(create, NULL, "(ssI)", "ring_buffer", "decompress", 1024), PyExc_NotImplementedError,
                 "Buffer strategy not implemented: ring_buffer", "the ring_buffer strategy (decompress)");
    record(call(create, NULL, "(ssI)", "foo", "compress", 1024), "strategy 'foo'");
    record(call(create, NULL, "(ssI)", "double_buffer", "sideways", 1024), "direction 'sideways'");
    for (unsigned int w = 0; w < 3; w++) {
        snprintf(what, sizeof what, "store_comp_size=%u", widths[w] + 5);
        record(call(create, kw_dict("{s:I}", "store_comp_size", widths[w] + 5), "(ssI)", "double_buffer", "compress",
                    1024),
               what);
    }
    expect_error(call(create, kw_dict("{s:I}", "store_comp_size", 1), "(ssI)", "double_buffer", "compress", 256),
                 stream_error,
                 "Inconsistent buffer_size/store_comp_size values. Maximal compressed length (*",
                 "256-byte buffers cannot have 1-byte sizes");
    expect_error(call(create, kw_dict("{s:I}", "store_comp_size", 2), "(ssI)", "double_buffer", "compress", 65536),
                 stream_error,
                 "Inconsistent buffer_size/store_comp_size values. Maximal compressed length (*",
                 "64 KiB buffers cannot have 2-byte sizes");
    expect_error(call(create, NULL, "(ssI)", "double_buffer", "compress", 0x7E000001u), PyExc_ValueError,
                 "Invalid buffer_size argument: 2113929217. Cannot define output buffer size. Must be lesser or equal "
                 "to 2113929216",
                 "buffer_size above LZ4_MAX_INPUT_SIZE");
    record(call(create, kw_dict("{s:s}", "mode", "slow"), "(ssI)", "double_buffer", "compress", 128), "mode 'slow'");
    expect_error(call(create, NULL, "(ssO)", "double_buffer", "compress", Py_None), PyExc_TypeError,
                 "'NoneType' object cannot be interpreted as an integer", "buffer_size=None");
    expect_error(call(create, NULL, "(ssi)", "double_buffer", "compress", -1), PyExc_ValueError,
                 "Invalid buffer_size argument: 4294967295. Cannot define output buffer size. Must be lesser or equal "
                 "to 2113929216",
                 "buffer_size=-1 wraps (\"I\" does no overflow check)");
    expect_error(call(create, NULL, "(ss)", "double_buffer", "compress"), PyExc_TypeError,
                 "function missing required argument 'buffer_size' (pos 3)", "no buffer_size");

    /* test_decompress_corrupted_input_1..4 */
    PyObject *c512 = stream_compress(letters, &base);
    PyObject *cut = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c512) + 4, PyBytes_GET_SIZE(c512) - 4);
    decompress_fails(cut, &base, "Requested input size (*", "a stream missing its first size");
    Py_DECREF(cut);
    PyObject *longer = with_u32(c512, 0, 1), *shorter = with_u32(longer, 0, -2);
    decompress_fails(longer, &base, "Decompression failed. error: *", "a first block size too long");
    decompress_fails(shorter, &base, "Decompression failed. error: *", "a first block size too short");
    Py_DECREF(longer);
    Py_DECREF(shorter);
    Py_ssize_t second = 4 + (Py_ssize_t)u32_at(c512, 0);
    longer = with_u32(c512, second, 1);
    shorter = with_u32(longer, second, -2);
    decompress_fails(longer, &base, "Decompression failed. error: *", "a middle block size too long");
    decompress_fails(shorter, &base, "Decompression failed. error: *", "a middle block size too short");
    Py_DECREF(longer);
    Py_DECREF(shorter);
    PyObject *a256 = repeat("A", 256);
    PyObject *c256 = stream_compress(a256, &base);
    second = 4 + (Py_ssize_t)u32_at(c256, 0);
    longer = with_u32(c256, second, 1);
    shorter = with_u32(longer, second, -2);
    decompress_fails(longer, &base, "Requested input size (*", "a last block size too long");
    decompress_fails(shorter, &base, "Decompression failed. error: *", "a last block size too short");
    Py_DECREF(longer);
    Py_DECREF(shorter);

    /* test_decompress_truncated (every 7th cut) */
    int truncated_ok = 1;
    Py_ssize_t block_end = 0, next_end = 4 + (Py_ssize_t)u32_at(c_digits, 0);
    for (Py_ssize_t n = 1; n < PyBytes_GET_SIZE(c_digits); n += 7) {
        while (n >= next_end) {
            block_end = next_end;
            next_end += 4 + (Py_ssize_t)u32_at(c_digits, next_end);
        }
        PyObject *head = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c_digits), n);
        PyObject *r = stream_decompress(head, &base);
        Py_DECREF(head);
        if (n == block_end) {
            truncated_ok &= r != NULL;
            Py_XDECREF(r);
            PyErr_Clear();
            continue;
        }
        const char *want = n - block_end < 4 ? "Invalid source, too small for holding any block"
                                             : "Requested input size (";
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject *s = value ? PyObject_Str(value) : NULL;
        const char *got = s ? PyUnicode_AsUTF8(s) : "";
        if (r != NULL || type != stream_error || strncmp(got, want, strlen(want)) != 0) {
            diag("cut at %zd: %s; ", n, got);
            truncated_ok = 0;
        }
        Py_XDECREF(r);
        Py_XDECREF(s);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
    }
    tap(truncated_ok, "every truncation of a stream fails as the tests expect");

    /* test_decompress_with_trailer */
    PyObject *a64 = repeat("A", 64);
    PyObject *c64 = stream_compress(a64, &base);
    PyObject *t = concat(c64, "A", 1);
    decompress_fails(t, &base, "Invalid source, too small for holding any block", "a 1-byte trailer");
    Py_DECREF(t);
    t = concat(c64, "AAAAAAAAAA", 10);
    decompress_fails(t, &base, "Requested input size (*", "a 10-byte trailer");
    Py_DECREF(t);
    for (int n = 1; n < 10; n += 3) {
        t = concat(c64, "\0\0\0\0\0\0\0\0\0", n);
        decompress_fails(t, &base, n < 4 ? "Invalid source, too small for holding any block"
                                         : "Decompression failed. error: *",
                         "a trailer of zeros");
        Py_DECREF(t);
    }

    /* test_unicode: y* refuses str */
    PyObject *ctx = context(&base, "compress");
    expect_error(call(compress_block, NULL, "(Os)", ctx, "x"), PyExc_TypeError,
                 "a bytes-like object is required, not 'str'", "_compress(ctx, str)");
    expect_error(call(compress_block, NULL, "(OO)", Py_None, a64), PyExc_ValueError,
                 "No valid LZ4 stream context supplied", "_compress(None, data)");
    PyObject *too_big = PyBytes_FromStringAndSize(NULL, 129);
    memset(PyBytes_AS_STRING(too_big), 'x', 129);
    record(call(compress_block, NULL, "(OO)", ctx, too_big), "a chunk larger than buffer_size");
    Py_DECREF(too_big);
    expect_error(call(get_block, NULL, "(OO)", ctx, a64), stream_error, NULL,
                 "_get_block on a compression context");
    Py_DECREF(ctx);

    /* test_with_dict_none / test_with_dict */
    for (int m = 0; m < 3; m += 2) {
        Config none_dict = {128, 4, modes[m], 0, Py_None};
        snprintf(what, sizeof what, "%s: dictionary=None round-trips", modes[m]);
        round_trip(digits, &none_dict, what);
        PyObject *empty_str = PyUnicode_FromString("");
        Config str_dict = {128, 4, modes[m], 0, empty_str};
        snprintf(what, sizeof what, "%s: dictionary='' round-trips", modes[m]);
        round_trip(digits, &str_dict, what);
        Py_DECREF(empty_str);
        Config with = {128, 4, modes[m], 0, dict1};
        PyObject *cd = stream_compress(digits, &with);
        decompress_fails(cd, &base, "Decompression failed. error: *", "decompress without the dictionary");
        PyObject *short_dict = PyBytes_FromStringAndSize(PyBytes_AS_STRING(dict1), 2);
        Config shortc = {128, 4, modes[m], 0, short_dict};
        decompress_fails(cd, &shortc, "Decompression failed. error: *", "decompress with a truncated dictionary");
        Py_DECREF(short_dict);
        PyObject *back = stream_decompress(cd, &with);
        expect_true(back != NULL && PyObject_RichCompareBool(back, digits, Py_EQ) == 1,
                    "decompress with the dictionary round-trips");
        Py_XDECREF(back);
        Py_XDECREF(cd);
    }

    Py_XDECREF(c64);
    Py_DECREF(a64);
    Py_XDECREF(c256);
    Py_DECREF(a256);
    Py_XDECREF(c512);
    Py_XDECREF(c_digits);
    Py_DECREF(dict1);
    Py_DECREF(letters);
    Py_DECREF(rnd);
    Py_DECREF(digits);
}

CORPUS_MAIN("_stream", run)
