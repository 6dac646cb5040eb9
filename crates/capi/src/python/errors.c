/*
 * errors.c -- the variadic half of errors.rs: PyErr_Format,
 * PyErr_FormatV and _PyErr_FormatFromCause, which stable Rust cannot
 * define. Compiled by the crate's
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

/* CPython's private _PyErr_FormatFromCause, which Cython 3 calls (for
   'async for' over a bad awaitable, a generator's StopIteration): raises
   `exception` with the formatted message in place of the pending error,
   which becomes the new exception's __cause__ (so __suppress_context__ is
   set) and __context__, normalised, with its traceback attached. Always
   returns NULL. With no error pending it only raises the new one. */
PyObject *_PyErr_FormatFromCause(PyObject *exception, const char *format, ...) {
    PyObject *cause_type, *cause, *cause_tb;
    PyErr_Fetch(&cause_type, &cause, &cause_tb);
    if (cause_type != NULL) {
        PyErr_NormalizeException(&cause_type, &cause, &cause_tb);
        if (cause_tb != NULL && cause != NULL)
            PyException_SetTraceback(cause, cause_tb);
    }
    Py_XDECREF(cause_type);
    Py_XDECREF(cause_tb);

    va_list vargs;
    va_start(vargs, format);
    PyErr_FormatV(exception, format, vargs);
    va_end(vargs);
    if (cause == NULL)
        return NULL;

    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (value != NULL) {
        /* SetCause and SetContext each take a reference. */
        Py_INCREF(cause);
        PyException_SetCause(value, cause);
        PyException_SetContext(value, cause);
    } else {
        Py_DECREF(cause);
    }
    PyErr_Restore(type, value, tb);
    return NULL;
}
