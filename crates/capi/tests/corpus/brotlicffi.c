/* brotlicffi 1.1.0.0's _brotlicffi: brotli through cffi, an out-of-line
 * API-mode module (its _build.py, run by cffi 1.17.1, writes the C; the
 * bundled libbrotli is compiled with it). Its init imports _cffi_backend
 * (the cffi member, built into the same directory, which this driver
 * loads first and puts in sys.modules, as an importer would have).
 *
 * brotlicffi's Python layer (_api.py) is not run; the driver makes the
 * calls it makes, through `ffi` and `lib`: BrotliEncoderCreateInstance
 * with NULL allocators, BrotliEncoderSetParameter, BrotliEncoderCompressStream
 * over `uint8_t **` / `size_t *` cdata with BROTLI_OPERATION_PROCESS and
 * FINISH, the decoder's BrotliDecoderDecompressStream until
 * NEEDS_MORE_OUTPUT stops, ffi.buffer()[:] of the output, and the
 * one-shot BrotliEncoderCompress / BrotliDecoderDecompress.
 *
 * Vectors: test_simple_compression.py / test_simple_decompression.py's
 * round trips (the sdist has no libbrotli test data: generated text and
 * binary data here), every quality 0-11 and the three modes, a streamed
 * input in chunks, a truncated and a corrupted stream (the decoder's
 * error code and its BrotliDecoderErrorString), and BrotliEncoderVersion.
 * The compressed bytes are recorded and compared with CPython's run.
 */
#include "corpus.h"

static PyObject *ffi, *lib;

static PyObject *ffi_call(const char *name, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *r = call_method_va(ffi, name, fmt, va);
    va_end(va);
    if (r == NULL)
        bail("ffi.%s failed", name);
    return r;
}

static long lib_int(const char *name)
{
    PyObject *v = attr(lib, name);
    long n = PyLong_AsLong(v);
    Py_DECREF(v);
    if (n == -1 && PyErr_Occurred())
        bail("lib.%s is not an int", name);
    return n;
}

/* lib.<name>(*args) as a long (0 for a void function), outside the
   watched calls. */
static long lib_call(const char *name, const char *fmt, ...)
{
    PyObject *f = attr(lib, name);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    Py_DECREF(f);
    if (r == NULL)
        bail("lib.%s failed", name);
    long n = r == Py_None ? 0 : PyLong_AsLong(r);
    Py_DECREF(r);
    if (n == -1 && PyErr_Occurred())
        bail("lib.%s did not return an int", name);
    return n;
}

/* p[0] of a `T *` cdata, as a long. */
static long deref(PyObject *p)
{
    PyObject *zero = PyLong_FromLong(0);
    PyObject *v = PyObject_GetItem(p, zero);
    Py_DECREF(zero);
    long n = v ? PyLong_AsLong(v) : -1;
    Py_XDECREF(v);
    return n;
}

/* bytes(ffi.buffer(buf, n)). */
static PyObject *buffer_bytes(PyObject *buf, long n)
{
    PyObject *b = ffi_call("buffer", "(Ol)", buf, n);
    PyObject *r = PySequence_GetSlice(b, 0, n);
    Py_DECREF(b);
    return r;
}

/* brotlicffi.Compressor(mode, quality, lgwin, lgblock) fed `data` in
   `chunk`-byte pieces, then finished: the output as bytes. */
static PyObject *compress_stream(const unsigned char *data, Py_ssize_t len, Py_ssize_t chunk, int mode,
                                 int quality, int lgwin)
{
    PyObject *null = attr(ffi, "NULL");
    PyObject *create = attr(lib, "BrotliEncoderCreateInstance");
    PyObject *state = PyObject_CallFunctionObjArgs(create, null, null, null, NULL);
    Py_DECREF(create);
    if (state == NULL)
        bail("BrotliEncoderCreateInstance failed");
    long ok = lib_call("BrotliEncoderSetParameter", "(Oll)", state, lib_int("BROTLI_PARAM_MODE"), (long)mode)
              & lib_call("BrotliEncoderSetParameter", "(Oll)", state, lib_int("BROTLI_PARAM_QUALITY"), (long)quality)
              & lib_call("BrotliEncoderSetParameter", "(Oll)", state, lib_int("BROTLI_PARAM_LGWIN"), (long)lgwin);
    if (!ok)
        bail("BrotliEncoderSetParameter refused");
    PyObject *out = PyBytes_FromStringAndSize(NULL, 0);
    long process = lib_int("BROTLI_OPERATION_PROCESS"), finish = lib_int("BROTLI_OPERATION_FINISH");
    for (Py_ssize_t at = 0; at <= len; at += chunk) {
        Py_ssize_t n = len - at < chunk ? len - at : chunk;
        int last = at + chunk > len;
        PyObject *input = PyBytes_FromStringAndSize((const char *)data + at, n);
        /* _api.py's _compress: sized output buffer and pointers to both. */
        long want = (long)(n + (n >> 2) + 1024);
        PyObject *available_out = ffi_call("new", "(sl)", "size_t *", want);
        PyObject *output_buffer = ffi_call("new", "(sl)", "uint8_t []", want);
        PyObject *ptr_out = ffi_call("new", "(sO)", "uint8_t **", output_buffer);
        PyObject *input_size = ffi_call("new", "(sn)", "size_t *", n);
        PyObject *input_buffer = ffi_call("new", "(sO)", "uint8_t []", input);
        PyObject *ptr_in = ffi_call("new", "(sO)", "uint8_t **", input_buffer);
        for (;;) {
            long rc = lib_call("BrotliEncoderCompressStream", "(OlOOOOO)", state, last ? finish : process,
                               input_size, ptr_in, available_out, ptr_out, null);
            if (rc != 1)
                bail("BrotliEncoderCompressStream failed");
            long produced = want - deref(available_out);
            PyObject *piece = buffer_bytes(output_buffer, produced);
            PyBytes_ConcatAndDel(&out, piece);
            if (deref(input_size) == 0
                && !lib_call("BrotliEncoderHasMoreOutput", "(O)", state)
                && (!last || lib_call("BrotliEncoderIsFinished", "(O)", state)))
                break;
            /* Room again for what is left. */
            Py_DECREF(ptr_out);
            Py_DECREF(available_out);
            available_out = ffi_call("new", "(sl)", "size_t *", want);
            ptr_out = ffi_call("new", "(sO)", "uint8_t **", output_buffer);
        }
        Py_DECREF(ptr_in);
        Py_DECREF(input_buffer);
        Py_DECREF(input_size);
        Py_DECREF(ptr_out);
        Py_DECREF(output_buffer);
        Py_DECREF(available_out);
        Py_DECREF(input);
        if (last)
            break;
    }
    lib_call("BrotliEncoderDestroyInstance", "(O)", state);
    Py_DECREF(state);
    Py_DECREF(null);
    return out;
}

/* brotlicffi.Decompressor().process(data): the output, or NULL with the
   decoder's error recorded under `what`. */
static PyObject *decompress_stream(PyObject *data, const char *what)
{
    PyObject *null = attr(ffi, "NULL");
    PyObject *create = attr(lib, "BrotliDecoderCreateInstance");
    PyObject *state = PyObject_CallFunctionObjArgs(create, null, null, null, NULL);
    Py_DECREF(create);
    if (state == NULL)
        bail("BrotliDecoderCreateInstance failed");
    PyObject *input_buffer = ffi_call("new", "(sO)", "uint8_t []", data);
    PyObject *ptr_in = ffi_call("new", "(sO)", "uint8_t **", input_buffer);
    PyObject *available_in = ffi_call("new", "(sn)", "size_t *", PyBytes_GET_SIZE(data));
    long buffer_size = 5 * PyBytes_GET_SIZE(data) + 64;
    PyObject *out = PyBytes_FromStringAndSize(NULL, 0);
    long needs_more_output = lib_int("BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT");
    long rc;
    do {
        PyObject *available_out = ffi_call("new", "(sl)", "size_t *", buffer_size);
        PyObject *output_buffer = ffi_call("new", "(sl)", "uint8_t []", buffer_size);
        PyObject *ptr_out = ffi_call("new", "(sO)", "uint8_t **", output_buffer);
        rc = lib_call("BrotliDecoderDecompressStream", "(OOOOOO)", state, available_in, ptr_in, available_out,
                      ptr_out, null);
        PyBytes_ConcatAndDel(&out, buffer_bytes(output_buffer, buffer_size - deref(available_out)));
        Py_DECREF(ptr_out);
        Py_DECREF(output_buffer);
        Py_DECREF(available_out);
    } while (rc == needs_more_output);
    if (rc == lib_int("BROTLI_DECODER_RESULT_ERROR")) {
        long code = lib_call("BrotliDecoderGetErrorCode", "(O)", state);
        PyObject *f = attr(lib, "BrotliDecoderErrorString");
        PyObject *s = PyObject_CallFunction(f, "l", code);
        PyObject *text = s ? ffi_call("string", "(O)", s) : NULL;
        PyObject *msg = PyUnicode_FromFormat("error %ld: %S", code, text ? text : Py_None);
        print_record(msg, what);
        tap(1, what);
        Py_XDECREF(msg);
        Py_XDECREF(text);
        Py_XDECREF(s);
        Py_DECREF(f);
        Py_CLEAR(out);
    } else {
        PyObject *r = PyUnicode_FromFormat("result %ld, finished %ld", rc,
                                           lib_call("BrotliDecoderIsFinished", "(O)", state));
        print_record(r, what);
        tap(1, what);
        Py_DECREF(r);
    }
    lib_call("BrotliDecoderDestroyInstance", "(O)", state);
    Py_DECREF(state);
    Py_DECREF(available_in);
    Py_DECREF(ptr_in);
    Py_DECREF(input_buffer);
    Py_DECREF(null);
    return out;
}

static void run(PyObject *module)
{
    ffi = attr(module, "ffi");
    lib = attr(module, "lib");
    char what[200];

    const char *consts[] = {"BROTLI_MODE_GENERIC", "BROTLI_MODE_TEXT", "BROTLI_MODE_FONT", "BROTLI_DEFAULT_QUALITY",
                            "BROTLI_DEFAULT_WINDOW", "BROTLI_TRUE", "BROTLI_FALSE"};
    for (size_t i = 0; i < sizeof consts / sizeof *consts; i++) {
        PyObject *c = attr(lib, consts[i]);
        record_value(c, consts[i]);
        Py_DECREF(c);
    }

    /* Test data: text (a repeated paragraph with a counter) and binary. */
    static unsigned char text[20000], binary[5000];
    size_t tl = 0;
    for (int i = 0; tl + 100 < sizeof text; i++)
        tl += (size_t)snprintf((char *)text + tl, sizeof text - tl,
                               "Alice was beginning to get very tired of sitting by her sister %d. ", i);
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof binary; i++) {
        x = x * 1103515245u + 12345u;
        binary[i] = (unsigned char)(x >> 16);
    }
    PyObject *text_bytes = PyBytes_FromStringAndSize((const char *)text, (Py_ssize_t)tl);
    PyObject *binary_bytes = PyBytes_FromStringAndSize((const char *)binary, sizeof binary);

    /* Every quality, each mode; the round trip through the decoder. */
    for (int q = 0; q <= 11; q++)
        for (int mode = 0; mode <= 2; mode += (q == 5 ? 1 : 2)) {
            PyObject *c = compress_stream(text, (Py_ssize_t)tl, (Py_ssize_t)tl, mode, q, 22);
            snprintf(what, sizeof what, "compress(text, quality=%d, mode=%d)", q, mode);
            record_value(c, what);
            snprintf(what, sizeof what, "decompress(text at quality %d, mode %d)", q, mode);
            PyObject *d = decompress_stream(c, what);
            snprintf(what, sizeof what, "round trip (text, quality %d, mode %d)", q, mode);
            expect_true(d && PyObject_RichCompareBool(d, text_bytes, Py_EQ) == 1, what);
            Py_XDECREF(d);
            Py_DECREF(c);
        }
    /* Streamed in chunks (test_streaming_compression), binary data. */
    const Py_ssize_t chunks[] = {1 << 12, 997, 5000};
    for (size_t i = 0; i < sizeof chunks / sizeof *chunks; i++) {
        PyObject *c = compress_stream(binary, sizeof binary, chunks[i], 0, 5, 16);
        snprintf(what, sizeof what, "compress(binary in %zd-byte chunks, quality 5, lgwin 16)", chunks[i]);
        record_value(c, what);
        snprintf(what, sizeof what, "decompress(binary, %zd-byte chunks)", chunks[i]);
        PyObject *d = decompress_stream(c, what);
        snprintf(what, sizeof what, "round trip (binary, %zd-byte chunks)", chunks[i]);
        expect_true(d && PyObject_RichCompareBool(d, binary_bytes, Py_EQ) == 1, what);
        Py_XDECREF(d);
        Py_DECREF(c);
    }
    /* Empty input. */
    PyObject *c = compress_stream((const unsigned char *)"", 0, 1, 0, 11, 22);
    record_value(c, "compress(b'')");
    PyObject *d = decompress_stream(c, "decompress(compress(b''))");
    expect_true(d && PyBytes_GET_SIZE(d) == 0, "round trip (b'')");
    Py_XDECREF(d);
    Py_DECREF(c);

    /* Truncated and corrupted streams. */
    c = compress_stream(text, (Py_ssize_t)tl, (Py_ssize_t)tl, 1, 9, 22);
    PyObject *cut = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c), PyBytes_GET_SIZE(c) / 2);
    d = decompress_stream(cut, "decompress(half a stream)");
    Py_XDECREF(d);
    Py_DECREF(cut);
    PyObject *bad = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c), PyBytes_GET_SIZE(c));
    PyBytes_AS_STRING(bad)[0] = (char)0xFF;
    PyBytes_AS_STRING(bad)[1] = (char)0xFF;
    d = decompress_stream(bad, "decompress(a corrupted header)");
    Py_XDECREF(d);
    Py_DECREF(bad);
    Py_DECREF(c);

    /* The one-shot BrotliEncoderCompress / BrotliDecoderDecompress. */
    long max = (long)(tl + (tl >> 2) + 1024);
    PyObject *encoded_size = ffi_call("new", "(sl)", "size_t *", max);
    PyObject *encoded = ffi_call("new", "(sl)", "uint8_t []", max);
    PyObject *one_shot = attr(lib, "BrotliEncoderCompress");
    expect_is(call(one_shot, NULL, "(lllnOOO)", 9L, 22L, 0L, (Py_ssize_t)tl, text_bytes, encoded_size, encoded),
              Py_True, "BrotliEncoderCompress(9, 22, GENERIC, text) is True (BROTLI_BOOL is bool)");
    PyObject *once = buffer_bytes(encoded, deref(encoded_size));
    record_value(once, "BrotliEncoderCompress(text) output");
    PyObject *back = decompress_stream(once, "decompress(BrotliEncoderCompress output)");
    expect_true(back && PyObject_RichCompareBool(back, text_bytes, Py_EQ) == 1, "one-shot round trip");
    Py_XDECREF(back);
    /* cffi's argument conversions, as the generated wrapper asks for them. */
    record(call(one_shot, NULL, "(lllnsOO)", 9L, 22L, 0L, (Py_ssize_t)3, "abc", encoded_size, encoded),
           "BrotliEncoderCompress(..., 'abc', ...) (a str is not const uint8_t *)");
    record(call(one_shot, NULL, "(lll)", 9L, 22L, 0L), "BrotliEncoderCompress(3 arguments)");
    record(call(one_shot, NULL, "(lllnOOO)", 9L, 22L, 0L, (Py_ssize_t)-1, text_bytes, encoded_size, encoded),
           "BrotliEncoderCompress(..., -1, ...) (size_t)");
    record(call(one_shot, NULL, "(slln" "OOO)", "9", 22L, 0L, (Py_ssize_t)3, text_bytes, encoded_size, encoded),
           "BrotliEncoderCompress('9', ...) (int)");
    record(call(one_shot, NULL, "(lllnOOO)", 9L, 22L, 0L, (Py_ssize_t)3, text_bytes, encoded, encoded),
           "BrotliEncoderCompress(..., uint8_t[] as size_t *, ...)");
    Py_DECREF(once);
    Py_DECREF(one_shot);
    Py_DECREF(encoded);
    Py_DECREF(encoded_size);
    Py_DECREF(text_bytes);
    Py_DECREF(binary_bytes);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    load_cffi_backend_beside(argv[1]);
    PyObject *module = load_module(argv[1], "_brotlicffi");
    run(module);
    return tap_done();
}
