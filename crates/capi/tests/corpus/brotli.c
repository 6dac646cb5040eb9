/* brotli 1.2.1's `_brotli`: multi-phase init (Py_mod_exec), two heap types
 * from PyType_FromSpec (Compressor: "|bbbb:Compressor" keywords, process /
 * flush / finish; Decompressor: process(data, output_buffer_limit),
 * is_finished, can_accept_more_data), decompress(string), the module's
 * `error` class from PyErr_NewExceptionWithDoc, and the GIL released around
 * the codec.
 *
 * Vectors: python/tests (decompress_test.py, decompressor_test.py,
 * compressor_test.py, compress_test.py) over the sdist's tests/testdata.
 */
#include "corpus.h"

#include <dirent.h>

static PyObject *module, *error, *Compressor, *Decompressor, *decompress;
static char testdata[4096];
static Sink sink;

static PyObject *kw(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (d == NULL)
        bail("bad keyword format %s", fmt);
    return d;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* decompress_test.py: every *.compressed* file decompresses to its original. */
static void decompress_all(void)
{
    DIR *dir = opendir(testdata);
    if (dir == NULL)
        bail("cannot list %s", testdata);
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && n < 256)
        if (strstr(e->d_name, ".compressed") != NULL) {
            size_t len = strlen(e->d_name) + 1;
            names[n] = malloc(len);
            if (names[n] == NULL)
                bail("out of memory");
            memcpy(names[n++], e->d_name, len);
        }
    closedir(dir);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    expect_true(n >= 30, "the sdist's testdata has the .compressed vectors");
    char what[300], original[256];
    for (int i = 0; i < n; i++) {
        PyObject *compressed = read_file(testdata, names[i]);
        snprintf(original, sizeof original, "%.*s", (int)(strstr(names[i], ".compressed") - names[i]), names[i]);
        PyObject *expected = read_file(testdata, original);
        snprintf(what, sizeof what, "decompress(%s) == %s", names[i], original);
        expect_same_bytes(call(decompress, NULL, "(O)", compressed), expected, what);

        /* decompressor_test.py: the same through a Decompressor, in 2 KiB
           chunks, and with output_buffer_limit=10922 (10 KiB chunks). */
        if (strstr(names[i], ".compressed.") == NULL) {
            PyObject *d = keep(call(Decompressor, NULL, "()"), "Decompressor()");
            for (Py_ssize_t at = 0; at < PyBytes_GET_SIZE(compressed); at += 2048) {
                Py_ssize_t len = PyBytes_GET_SIZE(compressed) - at;
                sink_add(&sink, take(call_attr(d, "process", NULL, "(y#)", PyBytes_AS_STRING(compressed) + at,
                                               len < 2048 ? len : 2048)));
            }
            PyObject *fin = take(call_attr(d, "is_finished", NULL, "()"));
            snprintf(what, sizeof what, "Decompressor over %s in 2 KiB chunks, then finished", names[i]);
            expect_true(sink_equals(&sink, expected) && fin == Py_True, what);
            Py_XDECREF(fin);
            Py_DECREF(d);

            d = keep(call(Decompressor, NULL, "()"), "Decompressor()");
            Py_ssize_t at = 0;
            int bounded = 1;
            for (int guard = 0; guard < 100000; guard++) {
                PyObject *done = take(call_attr(d, "is_finished", NULL, "()"));
                int finished = done == Py_True;
                Py_XDECREF(done);
                if (finished || done == NULL)
                    break;
                PyObject *more = take(call_attr(d, "can_accept_more_data", NULL, "()"));
                Py_ssize_t len = 0;
                if (more == Py_True) {
                    len = PyBytes_GET_SIZE(compressed) - at;
                    if (len > 10240)
                        len = 10240;
                }
                Py_XDECREF(more);
                PyObject *out = take(call_attr(d, "process", kw("{s:n}", "output_buffer_limit", (Py_ssize_t)10922),
                                               "(y#)", PyBytes_AS_STRING(compressed) + at, len));
                at += len;
                if (out != NULL && PyBytes_GET_SIZE(out) > 32768)
                    bounded = 0;
                if (out == NULL)
                    break;
                sink_add(&sink, out);
            }
            snprintf(what, sizeof what, "Decompressor over %s with output_buffer_limit", names[i]);
            expect_true(sink_equals(&sink, expected) && bounded && at == PyBytes_GET_SIZE(compressed), what);
            Py_DECREF(d);
        }
        Py_DECREF(expected);
        Py_DECREF(compressed);
        free(names[i]);
    }
}

/* compressor_test.py / compress_test.py: compress, then decompress back. */
static void compress_file(const char *name, int quality, int lgwin, int chunked, int flush)
{
    char what[300];
    PyObject *data = read_file(testdata, name);
    PyObject *c = keep(call(Compressor, kw("{s:i,s:i}", "quality", quality, "lgwin", lgwin), "()"),
                       "Compressor(quality=, lgwin=)");
    Py_ssize_t step = chunked ? 2048 : PyBytes_GET_SIZE(data);
    for (Py_ssize_t at = 0; at < PyBytes_GET_SIZE(data); at += step) {
        Py_ssize_t len = PyBytes_GET_SIZE(data) - at;
        sink_add(&sink, take(call_attr(c, "process", NULL, "(y#)", PyBytes_AS_STRING(data) + at, len < step ? len : step)));
        if (flush)
            sink_add(&sink, take(call_attr(c, "flush", NULL, "()")));
    }
    sink_add(&sink, take(call_attr(c, "finish", NULL, "()")));
    Py_DECREF(c);
    PyObject *compressed = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    sink.len = 0;
    snprintf(what, sizeof what, "%s at quality %d, lgwin %d%s%s round-trips", name, quality, lgwin,
             chunked ? ", in chunks" : "", flush ? " with flushes" : "");
    expect_same_bytes(call(decompress, NULL, "(O)", compressed), data, what);
    Py_DECREF(compressed);
    Py_DECREF(data);
}

static PyObject *compress_bytes(const char *data, Py_ssize_t len)
{
    PyObject *c = take(call(Compressor, NULL, "()"));
    if (c == NULL)
        return NULL;
    sink_add(&sink, take(call_attr(c, "process", NULL, "(y#)", data, len)));
    sink_add(&sink, take(call_attr(c, "finish", NULL, "()")));
    Py_DECREF(c);
    PyObject *r = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    sink.len = 0;
    return r;
}

static void errors(void)
{
    static const char *failed = "brotli: decoder failed";
    /* test_garbage_appended */
    PyObject *a = compress_bytes("a", 1);
    char buf[64];
    memcpy(buf, PyBytes_AS_STRING(a), (size_t)PyBytes_GET_SIZE(a));
    buf[PyBytes_GET_SIZE(a)] = 'a';
    expect_error(call(decompress, NULL, "(y#)", buf, PyBytes_GET_SIZE(a) + 1), error, failed,
                 "decompress: garbage appended raises brotli.error");
    PyObject *d = keep(call(Decompressor, NULL, "()"), "Decompressor()");
    expect_error(call_attr(d, "process", NULL, "(y#)", buf, PyBytes_GET_SIZE(a) + 1), error, failed,
                 "Decompressor: garbage appended raises brotli.error");
    Py_DECREF(d);
    /* test_already_finished */
    d = keep(call(Decompressor, NULL, "()"), "Decompressor()");
    expect_bytes(call_attr(d, "process", NULL, "(O)", a), "a", 1, "Decompressor.process(compress(b'a'))");
    expect_error(call_attr(d, "process", NULL, "(y#)", "a", (Py_ssize_t)1), error, failed,
                 "process after the end raises brotli.error");
    Py_DECREF(d);
    Py_DECREF(a);

    /* test_too_much_input / test_changing_limit */
    PyObject *z = read_file(testdata, "zerosukkanooa.compressed");
    PyObject *zorig = read_file(testdata, "zerosukkanooa");
    d = keep(call(Decompressor, NULL, "()"), "Decompressor()");
    sink_add(&sink, take(call_attr(d, "process", kw("{s:n}", "output_buffer_limit", (Py_ssize_t)10240), "(y#)",
                                   PyBytes_AS_STRING(z), PyBytes_GET_SIZE(z) - 1)));
    expect_is(call_attr(d, "can_accept_more_data", NULL, "()"), Py_False,
              "a limited decoder with pending output accepts no more data");
    expect_error(call_attr(d, "process", NULL, "(y#)", PyBytes_AS_STRING(z) + PyBytes_GET_SIZE(z) - 1, (Py_ssize_t)1),
                 error, "brotli: decoder process called with data when 'can_accept_more_data()' is False",
                 "feeding it more raises brotli.error");
    Py_DECREF(d);
    sink.len = 0;
    d = keep(call(Decompressor, NULL, "()"), "Decompressor()");
    sink_add(&sink, take(call_attr(d, "process", kw("{s:n}", "output_buffer_limit", (Py_ssize_t)10240), "(y#)",
                                   PyBytes_AS_STRING(z), PyBytes_GET_SIZE(z) - 1)));
    for (int guard = 0; guard < 10000; guard++) {
        PyObject *more = take(call_attr(d, "can_accept_more_data", NULL, "()"));
        int stop = more != Py_False;
        Py_XDECREF(more);
        if (stop)
            break;
        sink_add(&sink, take(call_attr(d, "process", NULL, "(y#)", "", (Py_ssize_t)0)));
    }
    sink_add(&sink, take(call_attr(d, "process", NULL, "(y#)", PyBytes_AS_STRING(z) + PyBytes_GET_SIZE(z) - 1,
                                   (Py_ssize_t)1)));
    expect_true(sink_equals(&sink, zorig), "test_changing_limit: draining then the last byte gives the original");
    Py_DECREF(d);
    Py_DECREF(zorig);
    Py_DECREF(z);

    /* Compressor parameters ("|bbbb:Compressor" then the range checks). */
    expect_error(call(Compressor, kw("{s:i}", "quality", 12), "()"), error, "brotli: invalid quality; range is 0 to 11",
                 "quality=12 is refused");
    expect_error(call(Compressor, kw("{s:i}", "mode", 3), "()"), error, "brotli: invalid mode", "mode=3 is refused");
    expect_error(call(Compressor, kw("{s:i}", "lgwin", 9), "()"), error, "brotli: invalid lgwin; range is 10 to 24",
                 "lgwin=9 is refused");
    expect_error(call(Compressor, kw("{s:i}", "lgblock", 15), "()"), error,
                 "brotli: invalid lgblock; range is 16 to 24, or 0", "lgblock=15 is refused");
    expect_error(call(Compressor, kw("{s:i}", "quality", 256), "()"), PyExc_OverflowError,
                 "unsigned byte integer is greater than maximum", "quality=256 overflows 'b'");
    expect_error(call(Compressor, kw("{s:i}", "quality", -1), "()"), PyExc_OverflowError,
                 "unsigned byte integer is less than minimum", "quality=-1 underflows 'b'");
    expect_error(call(Compressor, kw("{s:s}", "quality", "high"), "()"), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "quality='high' is refused");
    expect_error(call(Compressor, kw("{s:i}", "speed", 1), "()"), PyExc_TypeError,
                 "'speed' is an invalid keyword argument for Compressor()", "an unknown keyword is refused");
    expect_error(call(Compressor, NULL, "(iiiii)", 0, 11, 22, 0, 1), PyExc_TypeError,
                 "Compressor() takes at most 4 arguments (5 given)", "five positional arguments are refused");
    expect_error(call(Decompressor, NULL, "(i)", 1), PyExc_TypeError, "Decompressor() takes at most 0 arguments (1 given)",
                 "Decompressor takes no arguments");

    /* Data that is not a simple buffer. */
    PyObject *c = keep(call(Compressor, kw("{s:i,s:i,s:i,s:i}", "mode", 1, "quality", 5, "lgwin", 16, "lgblock", 16), "()"),
                       "Compressor with every keyword");
    expect_error(call_attr(c, "process", NULL, "(s)", "text"), PyExc_TypeError,
                 "brotli: data must be a C-contiguous buffer", "process(str) is refused");
    expect_error(call_attr(c, "process", NULL, "()"), PyExc_TypeError, "process() takes exactly 1 argument (0 given)",
                 "process() needs data");
    PyObject *ba = PyByteArray_FromStringAndSize("bytearray input", 15);
    sink_add(&sink, take(call_attr(c, "process", NULL, "(O)", ba)));
    sink_add(&sink, take(call_attr(c, "finish", NULL, "()")));
    PyObject *compressed = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    sink.len = 0;
    expect_bytes(call(decompress, kw("{s:O}", "string", compressed), "()"), "bytearray input", 15,
                 "a bytearray compresses; decompress(string=...) by keyword");
    Py_DECREF(compressed);
    Py_DECREF(ba);
    Py_DECREF(c);
}

static void run(PyObject *m, const char *sdist)
{
    module = m;
    snprintf(testdata, sizeof testdata, "%s/tests/testdata", sdist);
    error = attr(module, "error");
    Compressor = attr(module, "Compressor");
    Decompressor = attr(module, "Decompressor");
    decompress = attr(module, "decompress");
    expect_true(PyObject_IsSubclass(error, PyExc_Exception) == 1, "brotli.error is an Exception subclass");
    expect_true(PyType_Check(Compressor) && PyType_Check(Decompressor), "Compressor and Decompressor are types");
    PyObject *mode = attr(module, "MODE_TEXT");
    expect_true(PyLong_Check(mode) && PyLong_AsLong(mode) == 1, "MODE_TEXT == 1");
    Py_DECREF(mode);

    decompress_all();

    static const char *files[] = {"empty", "10x10y", "alice29.txt", "random_org_10k.bin", "mapsdatazrh",
                                  "ukkonooa", "cp1251-utf16le", "cp852-utf8"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        int big = strcmp(files[i], "alice29.txt") == 0 || strcmp(files[i], "mapsdatazrh") == 0;
        compress_file(files[i], 1, 22, 0, 0);
        compress_file(files[i], 6, 15, 1, 0);
        compress_file(files[i], 9, 24, 1, 1);
        if (!big) /* quality 11 is slow on the large files; they get 1-9 */
            compress_file(files[i], 11, 10, 0, 0);
    }

    errors();
    free(sink.data);
    Py_DECREF(decompress);
    Py_DECREF(Decompressor);
    Py_DECREF(Compressor);
    Py_DECREF(error);
}

CORPUS_MAIN("_brotli", run)
