/* The range tests and value comparison shared by the drivers of noise
 * 1.2.2's two extensions, noise._perlin (noise_perlin.c) and
 * noise._simplex (noise_simplex.c), whose noise functions take the same
 * coordinates and `octaves` keyword and return floats in [-1, 1]. */
#ifndef PYBUFFER_CORPUS_NOISE_RANGE_H
#define PYBUFFER_CORPUS_NOISE_RANGE_H

#include "corpus.h"

/* Folds a result into a running digest of its bits; 1 if it is a float in [-1, 1]. */
static int fold(PyObject *r, unsigned long long *digest)
{
    if (r == NULL || !PyFloat_CheckExact(r))
        return 0;
    double v = PyFloat_AS_DOUBLE(r);
    *digest = (*digest ^ fnv1a(&v, sizeof v)) * 1099511628211ULL;
    return v >= -1.0 && v <= 1.0;
}

static void record_digest(unsigned long long digest, const char *what)
{
    PyObject *s = PyUnicode_FromFormat("%08x%08x", (unsigned)(digest >> 32), (unsigned)digest);
    record_value(s, what);
    Py_DECREF(s);
}

/* One range test: `dims` coordinates i*scale[d] for i in -n..n-1, with
   octaves 1..max_oct (0: the default). */
static void range_test(PyObject *fn, int dims, const double *scale, int n, int max_oct, const char *what)
{
    unsigned long long digest = 0;
    int ok = 1;
    for (int i = -n; i < n && ok; i++) {
        for (int o = max_oct ? 1 : 0; o <= max_oct && ok; o++) {
            PyObject *args = PyTuple_New(dims);
            for (int d = 0; d < dims; d++)
                PyTuple_SET_ITEM(args, d, PyFloat_FromDouble(i * scale[d]));
            PyObject *kw = o ? kw_dict("{s:i}", "octaves", o) : NULL;
            PyObject *r = take(call(fn, kw, "O", args));
            if (!fold(r, &digest)) {
                diag("i=%d octaves=%d out of range or failed; ", i, o);
                ok = 0;
            }
            Py_XDECREF(r);
            Py_DECREF(args);
        }
    }
    tap(ok, what);
    char label[160];
    snprintf(label, sizeof label, "%s: the values", what);
    record_digest(digest, label);
}

static int same_value(PyObject *a, PyObject *b)
{
    return a && b && PyFloat_Check(a) && PyFloat_Check(b) && PyFloat_AS_DOUBLE(a) == PyFloat_AS_DOUBLE(b);
}

#endif
