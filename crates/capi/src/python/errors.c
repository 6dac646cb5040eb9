/*
 * errors.c -- the variadic half of errors.rs: PyErr_Format and
 * PyErr_FormatV, which stable Rust cannot define. Compiled by the crate's
 * build script; the formatting itself is PyUnicode_FromFormatV's
 * (objects/unicodeobject.c).
 */
#include "Python.h"

PyObject *PyErr_FormatV(PyObject *exception, const char *format, va_list vargs) {
    /* As CPython: formatting must not run with an exception set, and a
       formatting failure leaves its own exception. */
    PyErr_Clear();
    PyObject *message = PyUnicode_FromFormatV(format, vargs);
    if (message != NULL) {
        PyErr_SetObject(exception, message);
        Py_DECREF(message);
    }
    return NULL;
}

PyObject *PyErr_Format(PyObject *exception, const char *format, ...) {
    va_list vargs;
    va_start(vargs, format);
    PyErr_FormatV(exception, format, vargs);
    va_end(vargs);
    return NULL;
}
