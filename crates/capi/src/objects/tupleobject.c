/*
 * tupleobject.c -- the variadic half of tupleobject.rs: PyTuple_Pack, which
 * stable Rust cannot define. It only moves its arguments into a tuple made
 * by PyTuple_New.
 */
#include <stdarg.h>

#include "Python.h"

PyObject *PyTuple_Pack(Py_ssize_t n, ...) {
    PyObject *result = PyTuple_New(n);
    if (result == NULL) return NULL;
    va_list vargs;
    va_start(vargs, n);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *o = va_arg(vargs, PyObject *);
        Py_XINCREF(o);
        PyTuple_SET_ITEM(result, i, o);
    }
    va_end(vargs);
    return result;
}
