/* zstandard 0.25.0's C backend (`zstandard.backend_c`, python-zstandard):
 * one translation unit holding its twenty-odd types and all of libzstd.
 * ZstdCompressor/ZstdDecompressor with many optional keyword arguments
 * ("|iOO!OOOi"-style PyArg_ParseTupleAndKeywords), ZstdCompressionParameters
 * with getters, frame parameters, trained dictionaries, compressobj and
 * decompressobj, chunkers and read_to_iter() iterators (tp_iter/
 * tp_iternext) over buffer-protocol sources, stream readers with readinto
 * and the context-manager protocol, multi-threaded compression, and the
 * BufferWithSegments(Collection) types that export the buffer protocol.
 *
 * Vectors: tests/test_compressor_compress.py (exact frames of the empty
 * input, input types, the recommended-input-size frame, magicless frames,
 * checksums, content sizes, dictionary ids, multi-threaded frames, the
 * explicit-default and conflicting parameters), test_decompressor_decompress
 * .py (its error messages, max_output_size, headerless frames,
 * dictionaries), test_compressor_compressobj.py, test_compressor_chunker.py,
 * test_compressor_read_to_iter.py, test_decompressor_content_dict_chain.py,
 * test_data_structures.py, test_buffer_util.py and
 * test_module_attributes.py. Where a test gives no value (frames compared by
 * round trip, messages matched by regex), the result is recorded and
 * compared with the CPython build's.
 */
#include "corpus.h"

static PyObject *mod, *Compressor, *Decompressor, *Params, *ZError;

/* `byte * n` as bytes. */
static PyObject *repeat_byte(char byte, Py_ssize_t n)
{
    PyObject *b = PyBytes_FromStringAndSize(NULL, n);
    if (b == NULL)
        bail("cannot allocate test data");
    memset(PyBytes_AS_STRING(b), byte, (size_t)n);
    return b;
}

/* `text * n` as bytes. */
static PyObject *repeat_text(const char *text, Py_ssize_t n)
{
    size_t len = strlen(text);
    PyObject *b = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)len * n);
    if (b == NULL)
        bail("cannot allocate test data");
    for (Py_ssize_t i = 0; i < n; i++)
        memcpy(PyBytes_AS_STRING(b) + (size_t)i * len, text, len);
    return b;
}

/* A new object from callable(**kwargs) outside any checked call. */
static PyObject *make(PyObject *callable, PyObject *kwargs)
{
    PyObject *no_args = PyTuple_New(0);
    PyObject *r = PyObject_Call(callable, no_args, kwargs);
    Py_DECREF(no_args);
    Py_XDECREF(kwargs);
    if (r == NULL)
        bail("cannot construct a %s", Py_TYPE(callable)->tp_name);
    return r;
}

/* obj.name(*args, **kwargs) outside the refcount check, for results that
   keep references to their maker or arguments (compressobj, iterators,
   stream readers); bails out if it fails. `kwargs` is stolen. */
static PyObject *obtain(PyObject *obj, const char *name, PyObject *kwargs, const char *fmt, ...)
{
    PyObject *method = attr(obj, name);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args == NULL)
        bail("bad argument format %s", fmt);
    PyObject *r = PyObject_Call(method, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    Py_DECREF(method);
    if (r == NULL)
        bail("%s() failed", name);
    return r;
}

/* Records a result no checked call produced (NULL: the pending
   exception), releasing it. */
static void record_direct(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* Records len(obj). */
static void record_len(PyObject *obj, const char *what)
{
    Py_ssize_t n = PyObject_Length(obj);
    record_direct(n < 0 ? NULL : PyLong_FromSsize_t(n), what);
}

/* The frame parameters of `frame` as one record line. */
static void record_frame_params(PyObject *frame, const char *what)
{
    PyObject *get = attr(mod, "get_frame_parameters");
    PyObject *p = record_keep(call(get, NULL, "(O)", frame), what);
    Py_DECREF(get);
    if (p == NULL) {
        tap(0, what);
        return;
    }
    PyObject *t = Py_BuildValue("(NNNN)", attr(p, "content_size"), attr(p, "window_size"), attr(p, "dict_id"),
                                attr(p, "has_checksum"));
    char line[160];
    snprintf(line, sizeof line, "%s: (content_size, window_size, dict_id, has_checksum)", what);
    record_value(t, line);
    Py_DECREF(t);
    Py_DECREF(p);
}

/* The samples test_compressor_compress.py trains its dictionaries on. */
static PyObject *foobar_samples(int extra)
{
    static const char *words[] = {"foo", "bar", "foobar", "qwert", "yuiop", "asdfg", "hijkl"};
    int n_words = extra ? 7 : 3;
    PyObject *list = PyList_New(0);
    for (int i = 0; i < 128; i++)
        for (int w = 0; w < n_words; w++) {
            PyObject *s = repeat_text(words[w], 64);
            PyList_Append(list, s);
            Py_DECREF(s);
        }
    return list;
}

static void test_module(void)
{
    static const char *names[] = {"ZSTD_VERSION", "MAX_COMPRESSION_LEVEL", "FRAME_HEADER", "MAGIC_NUMBER",
                                  "CONTENTSIZE_UNKNOWN", "CONTENTSIZE_ERROR", "COMPRESSION_RECOMMENDED_INPUT_SIZE",
                                  "DECOMPRESSION_RECOMMENDED_OUTPUT_SIZE", "BLOCKSIZE_MAX", "WINDOWLOG_MAX",
                                  "FORMAT_ZSTD1_MAGICLESS", "STRATEGY_BTULTRA2", "FLUSH_FRAME"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        PyObject *v = attr(mod, names[i]);
        record_value(v, names[i]);
        Py_DECREF(v);
    }
    PyObject *base = PyObject_GetAttrString(ZError, "__mro__");
    record_value(base, "ZstdError.__mro__");
    Py_XDECREF(base);
    PyObject *f = attr(mod, "estimate_decompression_context_size");
    record(call(f, NULL, "()"), "estimate_decompression_context_size()");
    Py_DECREF(f);
}

static void test_compress(void)
{
    PyObject *c = make(Compressor, kw_dict("{s:i,s:O}", "level", 1, "write_content_size", Py_False));
    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    PyObject *frame = keep(call_attr(c, "compress", NULL, "(O)", empty), "compress(b'') at level 1 without size");
    expect_true(bytes_equal(frame, &PyBytes_Type, "\x28\xb5\x2f\xfd\x00\x00\x01\x00\x00", 9),
                "... is the test's 9-byte frame");
    record_frame_params(frame, "get_frame_parameters(empty frame)");
    Py_DECREF(frame);

    /* test_input_types: memoryview, bytearray. */
    static const char FOO_FRAME[] = "\x28\xb5\x2f\xfd\x00\x00\x19\x00\x00\x66\x6f\x6f";
    PyObject *foo = PyBytes_FromString("foo");
    PyObject *mv = PyMemoryView_FromObject(foo);
    PyObject *ba = PyByteArray_FromStringAndSize("foo", 3);
    expect_bytes(call_attr(c, "compress", NULL, "(O)", foo), FOO_FRAME, 12, "compress(b'foo')");
    expect_bytes(call_attr(c, "compress", NULL, "(O)", mv), FOO_FRAME, 12, "compress(memoryview(b'foo'))");
    expect_bytes(call_attr(c, "compress", NULL, "(O)", ba), FOO_FRAME, 12, "compress(bytearray(b'foo'))");
    expect_error(call_attr(c, "compress", NULL, "(s)", "foo"), PyExc_TypeError, NULL, "compress('foo') (a str)");
    record(call_attr(c, "compress", NULL, "(s)", "foo"), "compress('foo')'s message");
    record(call_attr(c, "compress", NULL, "()"), "compress() without data");
    Py_DECREF(mv);
    Py_DECREF(ba);

    /* test_compress_large: the recommended input size plus one byte. */
    PyObject *size_obj = attr(mod, "COMPRESSION_RECOMMENDED_INPUT_SIZE");
    Py_ssize_t rec = PyLong_AsSsize_t(size_obj);
    Py_DECREF(size_obj);
    PyObject *big = repeat_byte('f', rec + 1);
    PyBytes_AS_STRING(big)[rec] = 'o';
    static const char BIG_FRAME[] = "\x28\xb5\x2f\xfd\x00\x40\x54\x00\x00\x10\x66\x66\x01\x00\xfb\xff\x39\xc0"
                                    "\x02\x09\x00\x00\x6f";
    expect_bytes(call_attr(c, "compress", NULL, "(O)", big), BIG_FRAME, 23,
                 "compress(b'f' * COMPRESSION_RECOMMENDED_INPUT_SIZE + b'o')");
    Py_DECREF(c);

    /* 255 runs of 16 KiB at level 3: 1029 bytes. */
    c = make(Compressor, kw_dict("{s:i,s:O}", "level", 3, "write_content_size", Py_False));
    PyObject *runs = PyBytes_FromStringAndSize(NULL, 255 * 16384);
    for (int i = 0; i < 255; i++)
        memset(PyBytes_AS_STRING(runs) + i * 16384, i, 16384);
    PyObject *r = keep(call_attr(c, "compress", NULL, "(O)", runs), "compress(255 runs of 16 KiB)");
    expect_true(PyBytes_GET_SIZE(r) == 1029 && memcmp(PyBytes_AS_STRING(r), "\x28\xb5\x2f\xfd", 4) == 0,
                "... is a 1029-byte zstd frame");
    Py_DECREF(r);
    Py_DECREF(runs);
    Py_DECREF(c);

    /* The default compressor writes the content size. */
    c = make(Compressor, NULL);
    expect_bytes(call_attr(c, "compress", NULL, "(O)", empty), "\x28\xb5\x2f\xfd\x20\x00\x01\x00\x00", 9,
                 "ZstdCompressor().compress(b'')");
    PyObject *m = attr(c, "memory_size");
    record(call(m, NULL, "()"), "ZstdCompressor().memory_size()");
    Py_DECREF(m);
    record(call_attr(c, "frame_progression", NULL, "()"), "frame_progression() after one frame");
    Py_DECREF(c);

    /* test_explicit_default_params and conflicting parameters. */
    PyObject *explicit = kw_dict("{s:i,s:O,s:O,s:O,s:O,s:O,s:i}", "level", 3, "dict_data", Py_None,
                                 "compression_params", Py_None, "write_checksum", Py_None, "write_content_size",
                                 Py_None, "write_dict_id", Py_None, "threads", 0);
    c = make(Compressor, explicit);
    expect_bytes(call_attr(c, "compress", NULL, "(O)", empty), "\x28\xb5\x2f\xfd\x20\x00\x01\x00\x00", 9,
                 "explicit default parameters compress(b'')");
    Py_DECREF(c);
    PyObject *from_level = attr(Params, "from_level");
    PyObject *params3 = keep(call(from_level, NULL, "(i)", 3), "ZstdCompressionParameters.from_level(3)");
    record(call(Compressor, kw_dict("{s:i,s:O,s:O}", "level", 3, "compression_params", params3, "write_checksum",
                                    Py_False),
                "()"),
           "compression_params with write_checksum=False");
    record(call(Compressor, kw_dict("{s:O,s:O}", "compression_params", params3, "write_content_size", Py_True), "()"),
           "compression_params with write_content_size=True");
    record(call(Compressor, kw_dict("{s:O,s:O}", "compression_params", params3, "write_dict_id", Py_True), "()"),
           "compression_params with write_dict_id=True");
    record(call(Compressor, kw_dict("{s:i}", "level", 23), "()"), "ZstdCompressor(level=23)");
    record(call(Compressor, kw_dict("{s:s}", "level", "3"), "()"), "ZstdCompressor(level='3')");
    record(call(Compressor, kw_dict("{s:i}", "levle", 3), "()"), "ZstdCompressor(levle=3)");
    record(call(Compressor, kw_dict("{s:i}", "dict_data", 3), "()"), "ZstdCompressor(dict_data=3)");

    /* test_no_magic, test_write_checksum, test_write_content_size. */
    PyObject *fmt1 = attr(mod, "FORMAT_ZSTD1"), *fmt_nomagic = attr(mod, "FORMAT_ZSTD1_MAGICLESS");
    PyObject *p_magic = obtain(Params, "from_level", kw_dict("{s:O}", "format", fmt1), "(i)", 1);
    PyObject *p_nomagic = obtain(Params, "from_level", kw_dict("{s:O}", "format", fmt_nomagic), "(i)", 1);
    PyObject *c_magic = make(Compressor, kw_dict("{s:O}", "compression_params", p_magic));
    PyObject *c_nomagic = make(Compressor, kw_dict("{s:O}", "compression_params", p_nomagic));
    PyObject *foobar = PyBytes_FromString("foobar");
    PyObject *magic = take(call_attr(c_magic, "compress", NULL, "(O)", foobar));
    PyObject *no_magic = take(call_attr(c_nomagic, "compress", NULL, "(O)", foobar));
    expect_true(magic && no_magic && PyBytes_GET_SIZE(magic) == PyBytes_GET_SIZE(no_magic) + 4
                    && memcmp(PyBytes_AS_STRING(magic) + 4, PyBytes_AS_STRING(no_magic),
                              (size_t)PyBytes_GET_SIZE(no_magic)) == 0,
                "a magicless frame is the frame without its 4-byte magic");
    PyObject *d_nomagic = make(Decompressor, kw_dict("{s:O}", "format", fmt_nomagic));
    expect_bytes(call_attr(d_nomagic, "decompress", NULL, "(O)", no_magic), "foobar", 6,
                 "ZstdDecompressor(format=FORMAT_ZSTD1_MAGICLESS).decompress(headerless frame)");
    Py_XDECREF(magic);
    Py_XDECREF(no_magic);
    Py_DECREF(d_nomagic);
    Py_DECREF(c_magic);
    Py_DECREF(c_nomagic);
    Py_XDECREF(p_magic);
    Py_XDECREF(p_nomagic);
    Py_DECREF(fmt1);
    Py_DECREF(fmt_nomagic);

    c = make(Compressor, kw_dict("{s:i,s:O}", "level", 1, "write_checksum", Py_True));
    PyObject *with_checksum = take(call_attr(c, "compress", NULL, "(O)", foobar));
    Py_DECREF(c);
    if (with_checksum != NULL) {
        record_frame_params(with_checksum, "get_frame_parameters(write_checksum=True frame)");
        Py_DECREF(with_checksum);
    }
    c = make(Compressor, kw_dict("{s:i}", "level", 1));
    PyObject *foobar256 = repeat_text("foobar", 256);
    PyObject *with_size = take(call_attr(c, "compress", NULL, "(O)", foobar256));
    Py_DECREF(c);
    if (with_size != NULL) {
        record_frame_params(with_size, "get_frame_parameters(foobar * 256 at level 1)");
        PyObject *fcs = attr(mod, "frame_content_size");
        expect_int(call(fcs, NULL, "(O)", with_size), "1536", "frame_content_size(frame of foobar * 256)");
        PyObject *fhs = attr(mod, "frame_header_size");
        record(call(fhs, NULL, "(O)", with_size), "frame_header_size(frame of foobar * 256)");
        record(call(fcs, NULL, "(y)", "foobar"), "frame_content_size(b'foobar')");
        record(call(fhs, NULL, "(y)", "fo"), "frame_header_size(b'fo')");
        Py_DECREF(fhs);
        Py_DECREF(fcs);
        Py_DECREF(with_size);
    }
    PyObject *gfp = attr(mod, "get_frame_parameters");
    record(call(gfp, NULL, "(y)", "foobarbaz"), "get_frame_parameters(b'foobarbaz')");
    record(call(gfp, NULL, "(y)", "\x28\xb5\x2f"), "get_frame_parameters(3 bytes)");
    Py_DECREF(gfp);

    Py_DECREF(foobar256);
    Py_DECREF(foobar);
    Py_DECREF(params3);
    Py_DECREF(from_level);
    Py_DECREF(big);
    Py_DECREF(foo);
    Py_DECREF(empty);
}

static void test_dictionaries(void)
{
    PyObject *train = attr(mod, "train_dictionary");
    PyObject *samples = foobar_samples(0);
    PyObject *d = keep(call(train, NULL, "(iO)", 1024, samples), "train_dictionary(1024, samples)");
    expect_int(call_attr(d, "dict_id", NULL, "()"), "1123828263", "the trained dictionary's dict_id()");
    record(call_attr(d, "as_bytes", NULL, "()"), "the trained dictionary's as_bytes()");
    record_len(d, "len(trained dictionary)");

    PyObject *c = make(Compressor, kw_dict("{s:i,s:O}", "level", 1, "dict_data", d));
    PyObject *c_noid = make(Compressor, kw_dict("{s:i,s:O,s:O}", "level", 1, "dict_data", d, "write_dict_id", Py_False));
    PyObject *fbfb = PyBytes_FromString("foobarfoobar");
    PyObject *with_id = take(call_attr(c, "compress", NULL, "(O)", fbfb));
    PyObject *no_id = take(call_attr(c_noid, "compress", NULL, "(O)", fbfb));
    expect_true(with_id && no_id && PyBytes_GET_SIZE(with_id) == PyBytes_GET_SIZE(no_id) + 4,
                "write_dict_id=False saves the 4-byte dictionary id");
    if (with_id && no_id) {
        record_frame_params(with_id, "get_frame_parameters(frame with dict id)");
        record_frame_params(no_id, "get_frame_parameters(frame without dict id)");
    }
    PyObject *dd = make(Decompressor, kw_dict("{s:O}", "dict_data", d));
    if (with_id)
        expect_bytes(call_attr(dd, "decompress", NULL, "(O)", with_id), "foobarfoobar", 12,
                     "decompress with the dictionary");
    PyObject *plain = make(Decompressor, NULL);
    if (with_id)
        record(call_attr(plain, "decompress", NULL, "(O)", with_id), "decompress a dictionary frame without it");
    Py_XDECREF(with_id);
    Py_XDECREF(no_id);
    Py_DECREF(c_noid);
    Py_DECREF(c);

    /* test_multithreaded_dict: an exact frame. */
    c = make(Compressor, kw_dict("{s:O,s:i}", "dict_data", d, "threads", 2));
    expect_bytes(call_attr(c, "compress", NULL, "(y)", "foo"),
                 "\x28\xb5\x2f\xfd\x23\x27\x42\xfc\x42\x03\x19\x00\x00\x66\x6f\x6f", 16,
                 "compress(b'foo') with the dictionary, threads=2");
    Py_DECREF(c);
    expect_is(call_attr(d, "precompute_compress", kw_dict("{s:i}", "level", 1), "()"), Py_None,
              "precompute_compress(level=1)");
    record(call_attr(d, "precompute_compress", NULL, "()"), "precompute_compress() without level or params");
    Py_DECREF(d);
    Py_DECREF(samples);

    /* test_dictionary (decompressor): 8 KiB trained on seven words. */
    samples = foobar_samples(1);
    d = keep(call(train, NULL, "(iO)", 8192, samples), "train_dictionary(8192, seven-word samples)");
    PyObject *orig = repeat_text("foobar", 16384);
    c = make(Compressor, kw_dict("{s:i,s:O}", "level", 1, "dict_data", d));
    PyObject *frame = take(call_attr(c, "compress", NULL, "(O)", orig));
    Py_DECREF(dd);
    dd = make(Decompressor, kw_dict("{s:O}", "dict_data", d));
    if (frame != NULL) {
        expect_same_bytes(call_attr(dd, "decompress", NULL, "(O)", frame), orig,
                          "foobar * 16384 round trip through a dictionary");
        Py_DECREF(frame);
    }
    Py_DECREF(c);
    Py_DECREF(orig);
    Py_DECREF(d);
    Py_DECREF(samples);

    /* Bad training input and raw dictionaries. */
    record(call(train, NULL, "(i[s])", 1024, "not bytes"), "train_dictionary(1024, ['not bytes'])");
    record(call(train, NULL, "(iO)", 1024, Py_None), "train_dictionary(1024, None)");
    PyObject *Dict = attr(mod, "ZstdCompressionDict");
    PyObject *raw = keep(call(Dict, kw_dict("{s:i}", "dict_type", 1), "(y)", "foobarbaz" "foobarbaz"),
                         "ZstdCompressionDict(data, dict_type=DICT_TYPE_RAWCONTENT)");
    expect_int(call_attr(raw, "dict_id", NULL, "()"), "0", "a raw-content dictionary's dict_id()");
    Py_DECREF(raw);
    record(call(Dict, kw_dict("{s:i}", "dict_type", 42), "(y)", "foo"), "ZstdCompressionDict(dict_type=42)");
    PyObject *full = attr(mod, "DICT_TYPE_FULLDICT");
    PyObject *bad_full = call(Dict, kw_dict("{s:O}", "dict_type", full), "(y)", "foobar");
    record(bad_full, "ZstdCompressionDict(b'foobar', dict_type=DICT_TYPE_FULLDICT)");
    Py_DECREF(full);
    Py_DECREF(Dict);
    Py_DECREF(train);
    Py_DECREF(plain);
    Py_DECREF(dd);
    Py_DECREF(fbfb);
}

static void test_decompress(void)
{
    PyObject *d = make(Decompressor, NULL);
    expect_error(call_attr(d, "decompress", NULL, "(y)", ""), ZError,
                 "error determining content size from frame header", "decompress(b'')");
    expect_error(call_attr(d, "decompress", NULL, "(y)", "foobar"), ZError,
                 "error determining content size from frame header", "decompress(b'foobar')");

    PyObject *c_nosize = make(Compressor, kw_dict("{s:O}", "write_content_size", Py_False));
    PyObject *foobar = PyBytes_FromString("foobar");
    PyObject *frame = keep(call_attr(c_nosize, "compress", NULL, "(O)", foobar), "compress without content size");
    expect_error(call_attr(d, "decompress", NULL, "(O)", frame), ZError,
                 "could not determine content size in frame header", "decompress(frame without content size)");
    Py_DECREF(frame);

    /* test_max_output_size. */
    PyObject *source = repeat_text("foobar", 256);
    frame = keep(call_attr(c_nosize, "compress", NULL, "(O)", source), "compress(foobar * 256) without size");
    expect_same_bytes(call_attr(d, "decompress", kw_dict("{s:i}", "max_output_size", 1536), "(O)", frame), source,
                      "decompress(max_output_size=len(source))");
    expect_error(call_attr(d, "decompress", kw_dict("{s:i}", "max_output_size", 1535), "(O)", frame), ZError,
                 "decompression error: did not decompress full frame", "decompress(max_output_size=len(source) - 1)");
    expect_same_bytes(call_attr(d, "decompress", kw_dict("{s:i}", "max_output_size", 1537), "(O)", frame), source,
                      "decompress(max_output_size=len(source) + 1)");
    expect_same_bytes(call_attr(d, "decompress", kw_dict("{s:i}", "max_output_size", 1536 * 64), "(O)", frame),
                      source, "decompress(max_output_size=len(source) * 64)");
    record(call_attr(d, "decompress", kw_dict("{s:L}", "max_output_size", 1LL << 62), "(O)", frame),
           "decompress(max_output_size=2**62)");
    record(call_attr(d, "decompress", kw_dict("{s:i}", "max_output_size", -1), "(O)", frame),
           "decompress(max_output_size=-1)");
    Py_DECREF(frame);

    /* Input types, an empty round trip, two frames back to back. */
    PyObject *c = make(Compressor, kw_dict("{s:i}", "level", 1));
    frame = keep(call_attr(c, "compress", NULL, "(y)", "foo"), "compress(b'foo') at level 1");
    PyObject *mv = PyMemoryView_FromObject(frame);
    PyObject *ba = PyByteArray_FromObject(frame);
    expect_bytes(call_attr(d, "decompress", NULL, "(O)", mv), "foo", 3, "decompress(memoryview(frame))");
    expect_bytes(call_attr(d, "decompress", NULL, "(O)", ba), "foo", 3, "decompress(bytearray(frame))");
    PyObject *two = PySequence_Concat(frame, frame);
    record(call_attr(d, "decompress", NULL, "(O)", two), "decompress(two frames)");
    record(call_attr(d, "decompress", kw_dict("{s:O}", "read_across_frames", Py_True), "(O)", two),
           "decompress(two frames, read_across_frames=True)");
    record(call_attr(d, "decompress", kw_dict("{s:O}", "allow_extra_data", Py_False), "(O)", two),
           "decompress(two frames, allow_extra_data=False)");
    Py_DECREF(two);
    Py_DECREF(mv);
    Py_DECREF(ba);
    Py_DECREF(frame);
    PyObject *empty = keep(call_attr(c, "compress", NULL, "(y)", ""), "compress(b'')");
    expect_bytes(call_attr(d, "decompress", NULL, "(O)", empty), "", 0, "decompress(compress(b''))");
    Py_DECREF(empty);
    record(call_attr(d, "memory_size", NULL, "()"), "ZstdDecompressor().memory_size()");
    record(call(Decompressor, kw_dict("{s:i}", "max_window_size", 1), "()"), "ZstdDecompressor(max_window_size=1)");
    record(call(Decompressor, kw_dict("{s:i}", "format", 7), "()"), "ZstdDecompressor(format=7)");

    /* test_multithreaded: two chunks, each four windows long, threads=2. */
    PyObject *from_level = attr(Params, "from_level");
    PyObject *p1 = take(call(from_level, NULL, "(i)", 1));
    PyObject *wl = p1 ? attr(p1, "window_log") : NULL;
    long chunk = wl ? 1L << (PyLong_AsLong(wl) + 2) : 0;
    Py_XDECREF(wl);
    Py_XDECREF(p1);
    Py_DECREF(from_level);
    PyObject *xy = PyBytes_FromStringAndSize(NULL, 2 * chunk);
    memset(PyBytes_AS_STRING(xy), 'x', (size_t)chunk);
    memset(PyBytes_AS_STRING(xy) + chunk, 'y', (size_t)chunk);
    PyObject *mt = make(Compressor, kw_dict("{s:i,s:i}", "level", 1, "threads", 2));
    frame = keep(call_attr(mt, "compress", NULL, "(O)", xy), "compress(2 * chunk_size bytes), threads=2");
    record_frame_params(frame, "get_frame_parameters(multi-threaded frame)");
    expect_same_bytes(call_attr(d, "decompress", NULL, "(O)", frame), xy, "the multi-threaded frame round-trips");
    Py_DECREF(frame);
    Py_DECREF(mt);
    Py_DECREF(xy);

    Py_DECREF(c);
    Py_DECREF(source);
    Py_DECREF(foobar);
    Py_DECREF(c_nosize);
    Py_DECREF(d);
}

/* Iterates `it` to the end, appending its bytes chunks to one bytes object
   (NULL with the error set if a step failed). */
static PyObject *join_iter(PyObject *it)
{
    PyObject *out = PyBytes_FromStringAndSize("", 0);
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        PyBytes_ConcatAndDel(&out, item);
        if (out == NULL)
            return NULL;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static void test_streams(void)
{
    PyObject *c = make(Compressor, kw_dict("{s:i}", "level", 1));
    PyObject *d = make(Decompressor, NULL);
    PyObject *source = repeat_text("foobar", 4096);

    /* compressobj: compress() chunks plus flush() make a frame. */
    PyObject *co = obtain(c, "compressobj", NULL, "()");
    PyObject *part1 = take(call_attr(co, "compress", NULL, "(O)", source));
    PyObject *part2 = take(call_attr(co, "flush", NULL, "()"));
    PyObject *frame = NULL;
    if (part1 && part2) {
        frame = PySequence_Concat(part1, part2);
        record_value(frame, "compressobj().compress(foobar * 4096) + flush()");
    } else {
        tap(0, "compressobj().compress(foobar * 4096) + flush()");
    }
    record(call_attr(co, "compress", NULL, "(y)", "more"), "compressobj.compress() after flush()");
    record(call_attr(co, "flush", NULL, "()"), "compressobj.flush() twice");
    Py_XDECREF(part1);
    Py_XDECREF(part2);
    Py_DECREF(co);
    co = obtain(c, "compressobj", NULL, "()");
    record(call_attr(co, "flush", NULL, "(i)", 5), "compressobj.flush(5)");
    PyObject *block = attr(mod, "COMPRESSOBJ_FLUSH_BLOCK");
    PyObject *b1 = take(call_attr(co, "compress", NULL, "(y)", "foo"));
    record(call_attr(co, "flush", NULL, "(O)", block), "compressobj.flush(COMPRESSOBJ_FLUSH_BLOCK)");
    Py_XDECREF(b1);
    Py_DECREF(block);
    Py_DECREF(co);

    /* decompressobj: fed one byte at a time. */
    if (frame != NULL) {
        PyObject *dobj = obtain(d, "decompressobj", NULL, "()");
        PyObject *out = PyBytes_FromStringAndSize("", 0);
        for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(frame); i++) {
            PyObject *piece = take(call_attr(dobj, "decompress", NULL, "(y#)", PyBytes_AS_STRING(frame) + i,
                                             (Py_ssize_t)1));
            if (piece == NULL)
                break;
            PyBytes_ConcatAndDel(&out, piece);
        }
        expect_true(out != NULL && PyObject_RichCompareBool(out, source, Py_EQ) == 1,
                    "decompressobj().decompress() one byte at a time");
        Py_XDECREF(out);
        record(call_attr(dobj, "decompress", NULL, "(y)", "x"), "decompressobj.decompress() after the frame's end");
        PyObject *eof = attr(dobj, "eof");
        record_value(eof, "decompressobj.eof");
        Py_DECREF(eof);
        record(call_attr(dobj, "flush", NULL, "()"), "decompressobj.flush()");
        Py_DECREF(dobj);
        dobj = obtain(d, "decompressobj", NULL, "()");
        record(call_attr(dobj, "decompress", NULL, "(y)", "\x28\xb5\x2f\xfd\xff\xff\xff\xff"),
               "decompressobj.decompress(a corrupt header)");
        Py_DECREF(dobj);
    }

    /* read_to_iter over a buffer-protocol source, both ways. */
    PyObject *it = obtain(c, "read_to_iter", kw_dict("{s:i}", "read_size", 4096), "(O)", source);
    PyObject *joined = join_iter(it);
    if (joined == NULL)
        diag_exception();
    expect_true(joined != NULL, "iterating read_to_iter()");
    Py_DECREF(it);
    if (joined != NULL) {
        PyObject *dit = obtain(d, "read_to_iter", kw_dict("{s:i}", "write_size", 1000), "(O)", joined);
        PyObject *back = join_iter(dit);
        if (back == NULL)
            diag_exception();
        expect_true(back != NULL && PyObject_RichCompareBool(back, source, Py_EQ) == 1,
                    "decompressor read_to_iter() gives the source back");
        Py_XDECREF(back);
        Py_DECREF(dit);
        Py_DECREF(joined);
    }
    record(call_attr(c, "read_to_iter", NULL, "(O)", Py_True), "read_to_iter(True)");

    /* The chunker: fixed-size chunks, then finish(). */
    PyObject *ch = obtain(c, "chunker", kw_dict("{s:i}", "chunk_size", 64), "()");
    PyObject *chunks = obtain(ch, "compress", NULL, "(O)", source);
    PyObject *list = PySequence_List(chunks);
    if (list == NULL)
        diag_exception();
    PyObject *fin_it = obtain(ch, "finish", NULL, "()");
    PyObject *fin = fin_it ? PySequence_List(fin_it) : NULL;
    if (fin_it != NULL && fin == NULL)
        diag_exception();
    PyObject *all = list && fin ? PySequence_Concat(list, fin) : NULL;
    PyObject *lengths = PyList_New(0);
    PyObject *whole = PyBytes_FromStringAndSize("", 0);
    for (Py_ssize_t i = 0; all && i < PyList_GET_SIZE(all); i++) {
        PyObject *n = PyLong_FromSsize_t(PyBytes_GET_SIZE(PyList_GET_ITEM(all, i)));
        PyList_Append(lengths, n);
        Py_DECREF(n);
        PyBytes_Concat(&whole, PyList_GET_ITEM(all, i));
    }
    record_value(lengths, "the chunker's chunk lengths");
    expect_same_bytes(call_attr(d, "decompress", kw_dict("{s:n}", "max_output_size", PyBytes_GET_SIZE(source)), "(O)",
                                whole),
                      source, "the chunks make one frame");
    record(call_attr(ch, "compress", NULL, "(y)", "late"), "chunker.compress() after finish()");
    Py_DECREF(whole);
    Py_DECREF(lengths);
    Py_XDECREF(all);
    Py_XDECREF(fin);
    Py_XDECREF(fin_it);
    Py_XDECREF(list);
    Py_DECREF(chunks);
    Py_DECREF(ch);

    /* A stream reader over a buffer: read, readinto, tell, the context
       manager, reads after close. */
    PyObject *sr = obtain(c, "stream_reader", NULL, "(O)", source);
    PyObject *entered = take(call_attr(sr, "__enter__", NULL, "()"));
    expect_true(entered == sr, "stream_reader.__enter__() returns the reader");
    Py_XDECREF(entered);
    record(call_attr(sr, "readable", NULL, "()"), "stream_reader.readable()");
    record(call_attr(sr, "seekable", NULL, "()"), "stream_reader.seekable()");
    PyObject *head = take(call_attr(sr, "read", NULL, "(i)", 10));
    record_value(head, "stream_reader.read(10)");
    Py_XDECREF(head);
    PyObject *into = PyByteArray_FromStringAndSize(NULL, 8192);
    record(call_attr(sr, "readinto", NULL, "(O)", into), "stream_reader.readinto(bytearray(8192))");
    record(call_attr(sr, "tell", NULL, "()"), "stream_reader.tell()");
    record(call_attr(sr, "read", NULL, "(i)", -2), "stream_reader.read(-2)");
    PyObject *rest = take(call_attr(sr, "read", NULL, "()"));
    record_value(rest, "stream_reader.read() (the rest)");
    Py_XDECREF(rest);
    /* (__exit__ keeps a reference to None on CPython too: unchecked.) */
    record_direct(PyObject_CallMethod(sr, "__exit__", "OOO", Py_None, Py_None, Py_None), "stream_reader.__exit__()");
    PyObject *closed = attr(sr, "closed");
    record_value(closed, "stream_reader.closed after __exit__");
    Py_DECREF(closed);
    record(call_attr(sr, "read", NULL, "(i)", 1), "stream_reader.read(1) after close");
    Py_DECREF(into);
    Py_DECREF(sr);

    /* A decompression stream reader over a frame. */
    PyObject *zframe = take(call_attr(c, "compress", NULL, "(O)", source));
    if (zframe != NULL) {
        PyObject *dsr = obtain(d, "stream_reader", NULL, "(O)", zframe);
        PyObject *first = take(call_attr(dsr, "read", NULL, "(i)", 12));
        record_value(first, "decompression stream_reader.read(12)");
        Py_XDECREF(first);
        record(call_attr(dsr, "seek", NULL, "(i)", 100), "decompression stream_reader.seek(100)");
        PyObject *next = take(call_attr(dsr, "read", NULL, "(i)", 6));
        record_value(next, "decompression stream_reader.read(6) after seek(100)");
        Py_XDECREF(next);
        record(call_attr(dsr, "seek", NULL, "(i)", 0), "decompression stream_reader.seek(0) (backwards)");
        record(call_attr(dsr, "tell", NULL, "()"), "decompression stream_reader.tell()");
        Py_DECREF(dsr);
        Py_DECREF(zframe);
    }
    Py_XDECREF(frame);
    Py_DECREF(source);
    Py_DECREF(d);
    Py_DECREF(c);
}

static void test_params_and_buffers(void)
{
    /* ZstdCompressionParameters: the constructor and its getters. */
    PyObject *p = keep(call(Params, kw_dict("{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "window_log", 10, "chain_log", 6,
                                            "hash_log", 7, "search_log", 4, "min_match", 5, "target_length", 8,
                                            "strategy", 1, "threads", 2),
                            "()"),
                       "ZstdCompressionParameters(window_log=10, ...)");
    static const char *getters[] = {"format", "compression_level", "window_log", "hash_log", "chain_log",
                                    "search_log", "min_match", "target_length", "strategy", "write_content_size",
                                    "write_checksum", "write_dict_id", "job_size", "overlap_log",
                                    "force_max_window", "enable_ldm", "ldm_hash_log", "ldm_min_match",
                                    "ldm_bucket_size_log", "ldm_hash_rate_log", "threads"};
    PyObject *values = PyList_New(0);
    for (size_t i = 0; i < sizeof getters / sizeof *getters; i++) {
        PyObject *v = PyObject_GetAttrString(p, getters[i]);
        if (v == NULL) {
            diag_exception();
            v = PyUnicode_FromString("(missing)");
        }
        PyList_Append(values, v);
        Py_DECREF(v);
    }
    record_value(values, "its getters");
    Py_DECREF(values);
    record(call_attr(p, "estimated_compression_context_size", NULL, "()"),
           "estimated_compression_context_size()");
    Py_DECREF(p);
    record(call(Params, kw_dict("{s:i}", "window_log", 1), "()"), "ZstdCompressionParameters(window_log=1)");
    record(call(Params, kw_dict("{s:s}", "window_log", "ten"), "()"), "ZstdCompressionParameters(window_log='ten')");
    record(call(Params, kw_dict("{s:i}", "strategy", 42), "()"), "ZstdCompressionParameters(strategy=42)");
    record(call(Params, kw_dict("{s:i}", "window_size", 3), "()"), "ZstdCompressionParameters(window_size=3)");
    PyObject *from_level = attr(Params, "from_level");
    /* (from_level deletes source_size from the keyword dict it is given:
       unchecked, since that drops the dict's reference.) */
    PyObject *three = Py_BuildValue("(i)", 3), *source_size = kw_dict("{s:i}", "source_size", 1024);
    record_direct(PyObject_Call(from_level, three, source_size), "from_level(3, source_size=1024)");
    Py_DECREF(source_size);
    Py_DECREF(three);
    record(call(from_level, NULL, "()"), "from_level()");
    Py_DECREF(from_level);

    /* multi_compress_to_buffer / multi_decompress_to_buffer: the
       BufferWithSegmentsCollection type, its segments, the buffer protocol. */
    PyObject *c = make(Compressor, kw_dict("{s:i}", "level", 1));
    PyObject *d = make(Decompressor, NULL);
    PyObject *inputs = Py_BuildValue("[yyyy]", "foo", "bar", "foobar", "hello world, hello world");
    PyObject *coll = keep(call_attr(c, "multi_compress_to_buffer", NULL, "(O)", inputs),
                          "multi_compress_to_buffer([4 inputs])");
    record_len(coll, "len(the collection)");
    PyObject *size = take(call_attr(coll, "size", NULL, "()"));
    record_value(size, "collection.size()");
    Py_XDECREF(size);
    PyObject *seg0 = PySequence_GetItem(coll, 0);
    if (seg0 == NULL)
        diag_exception();
    if (seg0 != NULL) {
        record(call_attr(seg0, "tobytes", NULL, "()"), "collection[0].tobytes()");
        PyObject *view = PyMemoryView_FromObject(seg0);
        if (view == NULL)
            diag_exception();
        PyObject *copy = view ? PyBytes_FromObject(view) : NULL;
        record_value(copy, "bytes(memoryview(collection[0]))");
        Py_XDECREF(copy);
        Py_XDECREF(view);
        PyObject *offset = attr(seg0, "offset");
        record_value(offset, "collection[0].offset");
        Py_DECREF(offset);
        Py_DECREF(seg0);
    }
    PyObject *oob = PySequence_GetItem(coll, 4);
    record_direct(oob, "collection[4]");
    PyObject *back = keep(call_attr(d, "multi_decompress_to_buffer", NULL, "(O)", coll),
                          "multi_decompress_to_buffer(collection)");
    PyObject *texts = PyList_New(0);
    for (Py_ssize_t i = 0; i < PyObject_Length(back); i++) {
        PyObject *seg = PySequence_GetItem(back, i);
        PyObject *b = seg ? PyObject_CallMethod(seg, "tobytes", NULL) : NULL;
        if (b == NULL) {
            diag_exception();
            b = Py_NewRef(Py_None);
        }
        PyList_Append(texts, b);
        Py_DECREF(b);
        Py_XDECREF(seg);
    }
    expect_true(PyObject_RichCompareBool(texts, inputs, Py_EQ) == 1,
                "multi_decompress_to_buffer gives the four inputs back");
    Py_DECREF(texts);
    Py_DECREF(back);
    record(call_attr(c, "multi_compress_to_buffer", NULL, "(O)", Py_None), "multi_compress_to_buffer(None)");
    record(call_attr(c, "multi_compress_to_buffer", NULL, "([])"), "multi_compress_to_buffer([])");

    /* BufferWithSegments from raw segments (test_buffer_util.py). */
    PyObject *BWS = attr(mod, "BufferWithSegments");
    unsigned long long segs[4] = {0, 3, 3, 4};
    PyObject *bws = PyObject_CallFunction(BWS, "yy#", "foobarbaz", (const char *)segs, (Py_ssize_t)sizeof segs);
    if (bws == NULL)
        bail("BufferWithSegments(b'foobarbaz', segments (0, 3), (3, 4)) failed");
    record_len(bws, "len(BufferWithSegments)");
    PyObject *s1 = PySequence_GetItem(bws, 1);
    if (s1 == NULL)
        diag_exception();
    if (s1 != NULL) {
        record(call_attr(s1, "tobytes", NULL, "()"), "BufferWithSegments[1].tobytes()");
        Py_DECREF(s1);
    }
    PyObject *segs_obj = obtain(bws, "segments", NULL, "()");
    PyObject *segs_view = segs_obj ? PyMemoryView_FromObject(segs_obj) : NULL;
    PyObject *segs_bytes = segs_view ? PyBytes_FromObject(segs_view) : NULL;
    if (segs_obj && !segs_bytes)
        diag_exception();
    record_value(segs_bytes, "bytes(memoryview(bws.segments()))");
    Py_XDECREF(segs_bytes);
    Py_XDECREF(segs_view);
    Py_XDECREF(segs_obj);
    PyObject *bws_view = PyMemoryView_FromObject(bws);
    PyObject *bws_bytes = bws_view ? PyBytes_FromObject(bws_view) : NULL;
    if (bws_bytes == NULL)
        diag_exception();
    record_value(bws_bytes, "bytes(memoryview(BufferWithSegments))");
    Py_XDECREF(bws_bytes);
    Py_XDECREF(bws_view);
    Py_DECREF(bws);
    unsigned long long bad[2] = {5, 10};
    record(call(BWS, NULL, "(yy#)", "foo", (const char *)bad, (Py_ssize_t)sizeof bad),
           "BufferWithSegments(b'foo', a segment past the end)");
    record(call(BWS, NULL, "(yy#)", "foo", "abc", (Py_ssize_t)3), "BufferWithSegments(b'foo', 3 bytes of segments)");
    Py_DECREF(BWS);

    /* decompress_content_dict_chain (test_decompressor_content_dict_chain.py). */
    PyObject *chain_frames = PyList_New(0);
    PyObject *first = keep(call_attr(c, "compress", NULL, "(y)", "foo" "bar" "baz"), "the chain's first frame");
    PyList_Append(chain_frames, first);
    PyObject *Dict = attr(mod, "ZstdCompressionDict");
    PyObject *prev = PyBytes_FromString("foobarbaz");
    for (int i = 0; i < 3; i++) {
        PyObject *dict = PyObject_CallFunction(Dict, "O", prev);
        PyObject *cc = dict ? make(Compressor, kw_dict("{s:i,s:O}", "level", 1, "dict_data", dict)) : NULL;
        PyObject *next_text = PyBytes_FromFormat("%s%d", PyBytes_AS_STRING(prev), i);
        PyObject *f = cc ? PyObject_CallMethod(cc, "compress", "O", next_text) : NULL;
        if (f == NULL)
            bail("cannot build the dictionary chain");
        PyList_Append(chain_frames, f);
        Py_DECREF(f);
        Py_DECREF(cc);
        Py_DECREF(dict);
        Py_SETREF(prev, next_text);
    }
    PyObject *chain = attr(d, "decompress_content_dict_chain");
    expect_same_bytes(call(chain, NULL, "(O)", chain_frames), prev, "decompress_content_dict_chain(4 frames)");
    record(call(chain, NULL, "([])"), "decompress_content_dict_chain([])");
    record(call(chain, NULL, "([O])", Py_None), "decompress_content_dict_chain([None])");
    record(call(chain, NULL, "([y])", "notzstd"), "decompress_content_dict_chain([b'notzstd'])");
    record(call(chain, NULL, "(O)", first), "decompress_content_dict_chain(bytes)");
    Py_DECREF(chain);
    Py_DECREF(prev);
    Py_DECREF(Dict);
    Py_DECREF(first);
    Py_DECREF(chain_frames);
    Py_DECREF(coll);
    Py_DECREF(inputs);
    Py_DECREF(d);
    Py_DECREF(c);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    mod = module;
    Compressor = attr(mod, "ZstdCompressor");
    Decompressor = attr(mod, "ZstdDecompressor");
    Params = attr(mod, "ZstdCompressionParameters");
    ZError = attr(mod, "ZstdError");
    test_module();
    test_compress();
    test_dictionaries();
    test_decompress();
    test_streams();
    test_params_and_buffers();
    Py_DECREF(ZError);
    Py_DECREF(Params);
    Py_DECREF(Decompressor);
    Py_DECREF(Compressor);
}

CORPUS_MAIN("backend_c", run)
