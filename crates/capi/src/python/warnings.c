/*
 * warnings.c -- the variadic half of warnings.rs: PyErr_WarnFormat,
 * PyErr_ResourceWarning and PyErr_WarnExplicitFormat, which stable Rust
 * cannot define. The message is formatted by PyUnicode_FromFormatV
 * (objects/unicodeobject.c); the warning itself is issued in Rust.
 */
#include "Python.h"

/* Issues a warning whose message is the str `message` (warnings.rs). */
int _Pyb_WarnUnicode(PyObject *category, PyObject *message, PyObject *source);

static int warn_formatted(PyObject *category, PyObject *source, const char *format, va_list vargs) {
    PyObject *message = PyUnicode_FromFormatV(format, vargs);
    if (message == NULL) {
        return -1;
    }
    int res = _Pyb_WarnUnicode(category, message, source);
    Py_DECREF(message);
    return res;
}

int PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level, const char *format, ...) {
    (void)stack_level; /* no Python frames to skip */
    va_list vargs;
    va_start(vargs, format);
    int res = warn_formatted(category, NULL, format, vargs);
    va_end(vargs);
    return res;
}

int PyErr_ResourceWarning(PyObject *source, Py_ssize_t stack_level, const char *format, ...) {
    (void)stack_level; /* no Python frames to skip */
    va_list vargs;
    va_start(vargs, format);
    int res = warn_formatted(PyExc_ResourceWarning, source, format, vargs);
    va_end(vargs);
    return res;
}

int PyErr_WarnExplicitFormat(PyObject *category, const char *filename, int lineno,
                             const char *module, PyObject *registry, const char *format, ...) {
    va_list vargs;
    va_start(vargs, format);
    PyObject *message = PyUnicode_FromFormatV(format, vargs);
    va_end(vargs);
    if (message == NULL) {
        return -1;
    }
    int res = -1;
    PyObject *file = PyUnicode_FromString(filename);
    PyObject *mod = module != NULL ? PyUnicode_FromString(module) : NULL;
    if (file != NULL && (module == NULL || mod != NULL)) {
        res = PyErr_WarnExplicitObject(category, message, file, lineno, mod, registry);
    }
    Py_XDECREF(file);
    Py_XDECREF(mod);
    Py_DECREF(message);
    return res;
}
