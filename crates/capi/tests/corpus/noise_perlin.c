/* noise 1.2.2's noise._perlin: improved Perlin noise in one, two and
 * three dimensions (pnoise1/2/3), METH_VARARGS|METH_KEYWORDS functions
 * parsing floats with "f" (a C float) and ints with "i" through
 * PyArg_ParseTupleAndKeywords with named formats ("f|iffii:noise1").
 *
 * Vectors: test.py's PerlinTestCase (the ranges over -10000..9999 with
 * and without octaves, the base tests), the values themselves recorded
 * against CPython's (digested, every bit), keyword forms, tiling by
 * `repeat`, and the argument errors.
 */
#include "corpus.h"
#include "noise_range.h"

static PyObject *noise1, *noise2, *noise3;

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    noise1 = attr(module, "noise1");
    noise2 = attr(module, "noise2");
    noise3 = attr(module, "noise3");

    {
        static const double s1[] = {0.49}, s2[] = {0.49, -0.67}, s3[] = {-0.49, 0.67, -0.727};
        static const double o2[] = {-0.49, 0.67}, o3[] = {0.22, -0.77, -0.17};
        range_test(noise1, 1, s1, 10000, 0, "test_perlin_1d_range");
        range_test(noise1, 1, s1, 1000, 10, "test_perlin_1d_octaves_range");
        range_test(noise2, 2, s2, 10000, 0, "test_perlin_2d_range");
        range_test(noise2, 2, o2, 1000, 10, "test_perlin_2d_octaves_range");
        range_test(noise3, 3, s3, 10000, 0, "test_perlin_3d_range");
        range_test(noise3, 3, o3, 1000, 10, "test_perlin_3d_octaves_range");
    }

    /* test_perlin_*d_base */
    {
        PyObject *a = take(call(noise1, NULL, "(d)", 0.5));
        PyObject *b = take(call(noise1, kw_dict("{s:i}", "base", 0), "(d)", 0.5));
        PyObject *c = take(call(noise1, kw_dict("{s:i}", "base", 5), "(d)", 0.5));
        PyObject *d = take(call(noise1, kw_dict("{s:i}", "base", 1), "(d)", 0.5));
        tap(same_value(a, b) && !same_value(a, c) && !same_value(c, d) && c && d, "test_perlin_1d_base");
        record_value(c, "pnoise1(0.5, base=5)");
        Py_XDECREF(a), Py_XDECREF(b), Py_XDECREF(c), Py_XDECREF(d);
    }
    {
        PyObject *a = take(call(noise2, NULL, "(dd)", 0.73, 0.27));
        PyObject *b = take(call(noise2, kw_dict("{s:i}", "base", 0), "(dd)", 0.73, 0.27));
        PyObject *c = take(call(noise2, kw_dict("{s:i}", "base", 5), "(dd)", 0.73, 0.27));
        PyObject *d = take(call(noise2, kw_dict("{s:i}", "base", 1), "(dd)", 0.73, 0.27));
        tap(same_value(a, b) && !same_value(a, c) && !same_value(c, d) && c && d, "test_perlin_2d_base");
        record_value(a, "pnoise2(0.73, 0.27)");
        Py_XDECREF(a), Py_XDECREF(b), Py_XDECREF(c), Py_XDECREF(d);
    }
    {
        PyObject *a = take(call(noise3, NULL, "(ddd)", 0.1, 0.7, 0.33));
        PyObject *b = take(call(noise3, kw_dict("{s:i}", "base", 0), "(ddd)", 0.1, 0.7, 0.33));
        PyObject *c = take(call(noise3, kw_dict("{s:i}", "base", 5), "(ddd)", 0.1, 0.7, 0.33));
        PyObject *d = take(call(noise3, kw_dict("{s:i}", "base", 1), "(ddd)", 0.1, 0.7, 0.33));
        tap(same_value(a, b) && !same_value(a, c) && !same_value(c, d) && c && d, "test_perlin_3d_base");
        record_value(a, "pnoise3(0.1, 0.7, 0.33)");
        Py_XDECREF(a), Py_XDECREF(b), Py_XDECREF(c), Py_XDECREF(d);
    }

    /* Tiling: noise repeats with period `repeat`. */
    {
        PyObject *a = take(call(noise1, kw_dict("{s:i}", "repeat", 8), "(d)", 1.25));
        PyObject *b = take(call(noise1, kw_dict("{s:i}", "repeat", 8), "(d)", 9.25));
        tap(same_value(a, b), "pnoise1 tiles with repeat=8");
        Py_XDECREF(a), Py_XDECREF(b);
        a = take(call(noise2, kw_dict("{s:i,s:i}", "repeatx", 4, "repeaty", 6), "(dd)", 0.3, 0.6));
        b = take(call(noise2, kw_dict("{s:i,s:i}", "repeatx", 4, "repeaty", 6), "(dd)", 4.3, 6.6));
        record_value(a, "pnoise2(0.3, 0.6, repeatx=4, repeaty=6)");
        record_value(b, "pnoise2(4.3, 6.6, repeatx=4, repeaty=6)");
        Py_XDECREF(a), Py_XDECREF(b);
    }
    /* Every parameter by keyword, and positionally. */
    record(call(noise3, kw_dict("{s:d,s:d,s:d,s:i,s:d,s:d,s:i,s:i,s:i,s:i}", "x", 0.25, "y", 1.5, "z", -2.75,
                                "octaves", 4, "persistence", 0.7, "lacunarity", 2.5, "repeatx", 16, "repeaty",
                                32, "repeatz", 64, "base", 3),
                "()"),
           "pnoise3 with every argument by keyword");
    record(call(noise2, NULL, "(ddiddiii)", 0.25, 1.5, 3, 0.4, 1.9, 10, 20, 7), "pnoise2 with every argument");
    record(call(noise1, NULL, "(i)", 3), "pnoise1(3) (an int for a float)");
    record(call(noise1, NULL, "(d)", 1e300), "pnoise1(1e300)");

    /* Errors. */
    record(call(noise1, kw_dict("{s:i}", "octaves", 0), "(d)", 0.5), "pnoise1(0.5, octaves=0)");
    record(call(noise2, kw_dict("{s:i}", "octaves", -1), "(dd)", 0.5, 0.5), "pnoise2(.5, .5, octaves=-1)");
    record(call(noise3, kw_dict("{s:i}", "octaves", 0), "(ddd)", 0.5, 0.5, 0.5), "pnoise3(.5, .5, .5, octaves=0)");
    record(call(noise1, NULL, "(s)", "x"), "pnoise1('x')");
    record(call(noise1, NULL, "()"), "pnoise1()");
    record(call(noise2, NULL, "(d)", 0.5), "pnoise2(0.5)");
    record(call(noise1, NULL, "(dd)", 0.5, 0.5), "pnoise1(0.5, 0.5) (a float for octaves)");
    record(call(noise1, kw_dict("{s:i}", "bogus", 1), "(d)", 0.5), "pnoise1(0.5, bogus=1)");
    record(call(noise1, kw_dict("{s:d}", "x", 0.5), "(d)", 0.5), "pnoise1(0.5, x=0.5)");
    record(call(noise1, NULL, "(diddiii)", 0.5, 1, 0.5, 2.0, 1, 1, 1), "pnoise1 with seven arguments");
    record(call(noise1, NULL, "(dL)", 0.5, 1LL << 40), "pnoise1(0.5, 2**40)");

    Py_DECREF(noise1);
    Py_DECREF(noise2);
    Py_DECREF(noise3);
}

CORPUS_MAIN("_perlin", run)
