/* noise 1.2.2's noise._simplex: simplex noise in two, three and four
 * dimensions (snoise2/3/4) with fractal octaves and 2-D tiling,
 * METH_VARARGS|METH_KEYWORDS functions parsing floats with "f" (a C
 * float) through PyArg_ParseTupleAndKeywords ("ff|ifffff:snoise2").
 *
 * Vectors: test.py's SimplexTestCase (the ranges over -10000..9999 with
 * and without octaves), the values recorded against CPython's (digested,
 * every bit), keyword forms, tiling, and the argument errors. (snoise4
 * passes one pointer fewer than its format has units, so it is never
 * given a lacunarity here.)
 */
#include "corpus.h"
#include "noise_range.h"

#include <math.h>

static PyObject *noise2, *noise3, *noise4;

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    noise2 = attr(module, "noise2");
    noise3 = attr(module, "noise3");
    noise4 = attr(module, "noise4");

    {
        static const double s2[] = {0.49, -0.67}, o2[] = {-0.49, 0.67};
        static const double s3[] = {0.31, -0.7, 0.19}, o3[] = {-0.12, 0.55, 0.34};
        static const double s4[] = {0.88, -0.11, -0.57, 0.666}, o4[] = {-0.12, 0.55, 0.34, 0.21};
        range_test(noise2, 2, s2, 10000, 0, "test_simplex_2d_range");
        range_test(noise2, 2, o2, 1000, 10, "test_simplex_2d_octaves_range");
        range_test(noise3, 3, s3, 10000, 0, "test_simplex_3d_range");
        range_test(noise3, 3, o3, 1000, 10, "test_simplex_3d_octaves_range");
        range_test(noise4, 4, s4, 10000, 0, "test_simplex_4d_range");
        range_test(noise4, 4, o4, 1000, 10, "test_simplex_4d_octaves_range");
    }

    /* Tiling in 2-D: repeatx/repeaty, and `base` as an offset. */
    {
        PyObject *a = take(call(noise2, kw_dict("{s:d,s:d}", "repeatx", 4.0, "repeaty", 6.0), "(dd)", 0.5, 0.5));
        PyObject *b = take(call(noise2, kw_dict("{s:d,s:d}", "repeatx", 4.0, "repeaty", 6.0), "(dd)", 4.5, 6.5));
        tap(a && b && fabs(PyFloat_AS_DOUBLE(a) - PyFloat_AS_DOUBLE(b)) < 1e-4, "snoise2 tiles with repeatx=4, repeaty=6");
        record_value(a, "snoise2(0.5, 0.5, repeatx=4, repeaty=6)");
        Py_XDECREF(a), Py_XDECREF(b);
        a = take(call(noise2, kw_dict("{s:d}", "repeatx", 3.0), "(dd)", 0.25, 0.75));
        record_value(a, "snoise2(0.25, 0.75, repeatx=3)");
        Py_XDECREF(a);
        a = take(call(noise2, kw_dict("{s:d}", "repeaty", 5.0), "(dd)", 0.25, 0.75));
        record_value(a, "snoise2(0.25, 0.75, repeaty=5)");
        Py_XDECREF(a);
        a = take(call(noise2, kw_dict("{s:d}", "base", 2.0), "(dd)", 0.25, 0.75));
        PyObject *c = take(call(noise2, NULL, "(dd)", 2.25, 2.75));
        tap(same_value(a, c), "snoise2(x, y, base=2) == snoise2(x + 2, y + 2)");
        Py_XDECREF(a), Py_XDECREF(c);
    }
    record(call(noise3, kw_dict("{s:d,s:d,s:d,s:i,s:d,s:d}", "x", 0.25, "y", 1.5, "z", -2.75, "octaves", 4,
                                "persistence", 0.7, "lacunarity", 2.5),
                "()"),
           "snoise3 with every argument by keyword");
    record(call(noise2, NULL, "(ddiddddd)", 0.25, 1.5, 3, 0.4, 1.9, 10.0, 20.0, 7.0), "snoise2 with every argument");
    record(call(noise4, NULL, "(ddddid)", 0.1, 0.2, 0.3, 0.4, 3, 0.6), "snoise4(.1, .2, .3, .4, 3, 0.6)");
    record(call(noise3, NULL, "(iii)", 1, 2, 3), "snoise3(1, 2, 3) (ints for floats)");

    /* Errors. */
    record(call(noise2, kw_dict("{s:i}", "octaves", 0), "(dd)", 0.5, 0.5), "snoise2(.5, .5, octaves=0)");
    record(call(noise3, kw_dict("{s:i}", "octaves", -2), "(ddd)", 0.5, 0.5, 0.5), "snoise3(..., octaves=-2)");
    record(call(noise4, kw_dict("{s:i}", "octaves", 0), "(dddd)", 0.5, 0.5, 0.5, 0.5), "snoise4(..., octaves=0)");
    record(call(noise2, NULL, "(sd)", "x", 0.5), "snoise2('x', 0.5)");
    record(call(noise3, NULL, "(dd)", 0.5, 0.5), "snoise3(0.5, 0.5)");
    record(call(noise4, NULL, "()"), "snoise4()");
    record(call(noise2, kw_dict("{s:i}", "w", 1), "(dd)", 0.5, 0.5), "snoise2(.5, .5, w=1)");
    record(call(noise2, kw_dict("{s:d}", "y", 0.5), "(dd)", 0.5, 0.5), "snoise2(.5, .5, y=.5)");
    record(call(noise3, NULL, "(dddO)", 0.5, 0.5, 0.5, Py_None), "snoise3(.5, .5, .5, None)");

    Py_DECREF(noise2);
    Py_DECREF(noise3);
    Py_DECREF(noise4);
}

CORPUS_MAIN("_simplex", run)
