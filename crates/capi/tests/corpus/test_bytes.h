/* Test data made the same way by the drivers of the compressors (lz4's
 * frame and stream modules, lzfse, zstd, deflate): deterministic bytes in place of
 * the random data their test suites use, so that both builds compress the
 * same input. */
#ifndef PYBUFFER_CORPUS_TEST_BYTES_H
#define PYBUFFER_CORPUS_TEST_BYTES_H

#include "corpus.h"

/* `n` incompressible-looking bytes from a linear congruential generator
   started at `seed`. */
static inline PyObject *noise(Py_ssize_t n, unsigned int seed)
{
    PyObject *b = PyBytes_FromStringAndSize(NULL, n);
    if (b == NULL)
        bail("cannot allocate test data");
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(b);
    for (Py_ssize_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (unsigned char)(seed >> 16);
    }
    return b;
}

/* `unit` (a C string) `times` times over. */
static inline PyObject *repeat(const char *unit, int times)
{
    Py_ssize_t n = (Py_ssize_t)strlen(unit);
    PyObject *b = PyBytes_FromStringAndSize(NULL, n * times);
    if (b == NULL)
        bail("cannot allocate test data");
    for (int i = 0; i < times; i++)
        memcpy(PyBytes_AS_STRING(b) + i * n, unit, (size_t)n);
    return b;
}

#endif
