/* zopfli 0.4.3's `zopfli`: built with Py_LIMITED_API=0x030a0000 (the
 * stable-ABI subset of our headers), C++ (zopflipng, lodepng) linked in,
 * "s#|iiiiii" and "s#|iiiOOiii" keyword parsing under PY_SSIZE_T_CLEAN,
 * str checks through the type's __name__ and PyErr_Format("%U"),
 * sequences of str via PySequence_* and PyUnicode_AsUTF8AndSize, the GIL
 * released around the codec, and a module `error` from PyErr_NewException.
 *
 * Vectors: tests/test_zopfli.py: compress() of the sdist's README.rst in
 * zlib and gzip containers (checked here by their own trailers: Adler-32,
 * CRC-32 and size), more iterations never larger; png_optimize() of the
 * three PngSuite images with the tests' keyword sets, each smaller and a
 * PNG; the outputs themselves are recorded and compared with CPython's.
 */
#include "corpus.h"

#include <stdint.h>

static PyObject *module, *compress, *png_optimize;

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static uint32_t adler32_of(const unsigned char *p, size_t n)
{
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return b << 16 | a;
}

/* Whether `out` is a zlib (or gzip) stream whose trailer describes `in`. */
static int container_ok(PyObject *out, PyObject *in, int gzip)
{
    if (out == NULL || !PyBytes_Check(out))
        return 0;
    const unsigned char *o = (const unsigned char *)PyBytes_AS_STRING(out);
    const unsigned char *i = (const unsigned char *)PyBytes_AS_STRING(in);
    size_t on = (size_t)PyBytes_GET_SIZE(out), in_n = (size_t)PyBytes_GET_SIZE(in);
    if (gzip) {
        if (on < 18 || o[0] != 0x1f || o[1] != 0x8b || o[2] != 8)
            return 0;
        const unsigned char *t = o + on - 8;
        uint32_t crc = (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 | (uint32_t)t[3] << 24;
        uint32_t size = (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 | (uint32_t)t[7] << 24;
        return crc == crc32_of(i, in_n) && size == (uint32_t)in_n;
    }
    if (on < 6 || (o[0] & 0x0f) != 8 || ((unsigned)o[0] << 8 | o[1]) % 31 != 0)
        return 0;
    const unsigned char *t = o + on - 4;
    return ((uint32_t)t[0] << 24 | (uint32_t)t[1] << 16 | (uint32_t)t[2] << 8 | t[3]) == adler32_of(i, in_n);
}

static void compressing(const char *sdist)
{
    PyObject *readme = read_file(sdist, "README.rst");
    PyObject *z = record_keep(call(compress, NULL, "(O)", readme), "compress(README.rst)");
    expect_true(container_ok(z, readme, 0), "compress(README.rst) is a zlib stream with its Adler-32");
    PyObject *g = record_keep(call(compress, kw_dict("{s:i}", "gzip_mode", 1), "(O)", readme),
                              "compress(README.rst, gzip_mode=1)");
    expect_true(container_ok(g, readme, 1), "compress(..., gzip_mode=1) is a gzip stream with its CRC-32 and size");
    PyObject *one = record_keep(call(compress, kw_dict("{s:i}", "numiterations", 1), "(O)", readme),
                                "compress(README.rst, numiterations=1)");
    PyObject *many = record_keep(call(compress, kw_dict("{s:i}", "numiterations", 50), "(O)", readme),
                                 "compress(README.rst, numiterations=50)");
    expect_true(one && many && PyBytes_GET_SIZE(many) <= PyBytes_GET_SIZE(one) && container_ok(many, readme, 0),
                "more iterations never give a larger stream");
    record(call(compress, kw_dict("{s:i,s:i,s:i}", "blocksplitting", 0, "blocksplittinglast", 1, "blocksplittingmax", 3),
                "(O)", readme),
           "compress(README.rst, blocksplitting=0, blocksplittinglast=1, blocksplittingmax=3)");
    record(call(compress, NULL, "(s)", "text as str"), "compress('text as str')");
    record(call(compress, NULL, "(y)", ""), "compress(b'')");
    record(call(compress, NULL, "()"), "compress()");
    record(call(compress, NULL, "(i)", 5), "compress(5)");
    record(call(compress, kw_dict("{s:s}", "verbose", "x"), "(y)", "a"), "compress(b'a', verbose='x')");
    record(call(compress, kw_dict("{s:i}", "nonsense", 1), "(y)", "a"), "compress(b'a', nonsense=1)");
    Py_XDECREF(z);
    Py_XDECREF(g);
    Py_XDECREF(one);
    Py_XDECREF(many);
    Py_DECREF(readme);
}

static void optimizing(const char *sdist)
{
    static const char *PNGS[] = {"basn0g01.png", "basn2c16.png", "tbbn2c16.png"};
    char what[300];
    for (size_t i = 0; i < sizeof PNGS / sizeof PNGS[0]; i++) {
        char path[64];
        snprintf(path, sizeof path, "tests/data/%s", PNGS[i]);
        PyObject *png = read_file(sdist, path);
        PyObject *chunks = Py_BuildValue("[ss]", "gAMA", "bKGD");
        struct {
            const char *label;
            PyObject *kwargs;
        } sets[] = {
            {"", NULL},
            {", lossy_transparent=True", kw_dict("{s:i}", "lossy_transparent", 1)},
            {", lossy_8bit=True", kw_dict("{s:i}", "lossy_8bit", 1)},
            {", use_zopfli=False", kw_dict("{s:i}", "use_zopfli", 0)},
            {", filter_strategies='01234mepb'", kw_dict("{s:s}", "filter_strategies", "01234mepb")},
            {", keepchunks=['gAMA', 'bKGD']", kw_dict("{s:O}", "keepchunks", chunks)},
            {", num_iterations=3", kw_dict("{s:i}", "num_iterations", 3)},
            {", num_iterations_large=2", kw_dict("{s:i}", "num_iterations_large", 2)},
        };
        /* The largest image only with the first sets (time). */
        size_t n_sets = i == 2 ? 2 : sizeof sets / sizeof sets[0];
        for (size_t k = n_sets; k < sizeof sets / sizeof sets[0]; k++)
            Py_XDECREF(sets[k].kwargs);
        for (size_t k = 0; k < n_sets; k++) {
            snprintf(what, sizeof what, "png_optimize(%s%s)", PNGS[i], sets[k].label);
            PyObject *r = record_keep(call(png_optimize, sets[k].kwargs, "(O)", png), what);
            snprintf(what, sizeof what, "png_optimize(%s%s) is a smaller PNG", PNGS[i], sets[k].label);
            expect_true(r != NULL && PyBytes_Check(r) && PyBytes_GET_SIZE(r) >= 8 &&
                            PyBytes_GET_SIZE(r) < PyBytes_GET_SIZE(png) &&
                            memcmp(PyBytes_AS_STRING(r), "\x89PNG\r\n\x1a\n", 8) == 0,
                        what);
            Py_XDECREF(r);
        }
        Py_DECREF(chunks);
        if (i == 2) {
            record(call(png_optimize, kw_dict("{s:s}", "filter_strategies", "z"), "(O)", png),
                   "png_optimize(filter_strategies='z')");
            PyObject *bad = Py_BuildValue("[i]", 1);
            record(call(png_optimize, kw_dict("{s:O}", "keepchunks", bad), "(O)", png), "png_optimize(keepchunks=[1])");
            Py_DECREF(bad);
            record(call(png_optimize, kw_dict("{s:i}", "keepchunks", 1), "(O)", png), "png_optimize(keepchunks=1)");
            record(call(png_optimize, kw_dict("{s:i}", "filter_strategies", 1), "(O)", png),
                   "png_optimize(filter_strategies=1)");
        }
        Py_DECREF(png);
    }
    record(call(png_optimize, NULL, "(y)", "notpng"), "png_optimize(b'notpng')");
    PyObject *error = attr(module, "error");
    expect_true(PyExceptionClass_Check(error) && PyObject_IsSubclass(error, PyExc_Exception) == 1,
                "zopfli.error is an Exception class");
    record_value(error, "zopfli.error");
    Py_DECREF(error);
}

static void run(PyObject *m, const char *sdist)
{
    module = m;
    compress = attr(module, "compress");
    png_optimize = attr(module, "png_optimize");
    compressing(sdist);
    optimizing(sdist);
    Py_DECREF(compress);
    Py_DECREF(png_optimize);
}

CORPUS_MAIN("zopfli", run)
