/*
 * bytearrayobject.c -- bytearray.__init__ (the type's tp_init), beside
 * bytearrayobject.rs: its keyword parsing is PyArg_ParseTupleAndKeywords',
 * and the conversions are the Rust side's (PyByteArray_Resize, the
 * iterable-of-ints and buffer paths of PyByteArray_FromObject through
 * _Pyb_bytearray_fill).
 */
#include <string.h>

#include "Python.h"

/* The Rust side of bytearray(x) for one argument that is not a str:
   fills an empty bytearray from an integer count, a buffer or an
   iterable of ints (bytearrayobject.rs). */
extern int _Pyb_bytearray_fill(PyObject *self, PyObject *arg);

/* `encoding` / `errors` as Argument Clinic's `str` converter reads them. */
static const char *bytearray_str_argument(PyObject *arg, const char *name)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "bytearray() argument '%s' must be str, not %.50s", name,
                     arg == Py_None ? "None" : Py_TYPE(arg)->tp_name);
        return NULL;
    }
    Py_ssize_t len;
    const char *utf8 = PyUnicode_AsUTF8AndSize(arg, &len);
    if (utf8 != NULL && strlen(utf8) != (size_t)len) {
        PyErr_SetString(PyExc_ValueError, "embedded null character");
        return NULL;
    }
    return utf8;
}

/* bytearray.__init__(source=b'', encoding=..., errors=...), CPython's
   bytearray___init___impl: empties the bytearray first, then encodes a
   str (an encoding is required), or fills it from a count, a buffer or an
   iterable of ints (no encoding or errors allowed). */
int _Pyb_bytearray_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"source", "encoding", "errors", NULL};
    PyObject *arg = NULL, *encoding_obj = NULL, *errors_obj = NULL;
    const char *encoding = NULL, *errors = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OOO:bytearray", kwlist, &arg, &encoding_obj, &errors_obj))
        return -1;
    if (encoding_obj != NULL && (encoding = bytearray_str_argument(encoding_obj, "encoding")) == NULL)
        return -1;
    if (errors_obj != NULL && (errors = bytearray_str_argument(errors_obj, "errors")) == NULL)
        return -1;
    if (PyByteArray_GET_SIZE(self) != 0 && PyByteArray_Resize(self, 0) < 0)
        return -1;
    if (arg == NULL || !PyUnicode_Check(arg)) {
        if (encoding != NULL || errors != NULL) {
            PyErr_SetString(PyExc_TypeError,
                            encoding != NULL ? "encoding without a string argument" : "errors without a string argument");
            return -1;
        }
        return arg == NULL ? 0 : _Pyb_bytearray_fill(self, arg);
    }
    if (encoding == NULL) {
        PyErr_SetString(PyExc_TypeError, "string argument without an encoding");
        return -1;
    }
    PyObject *encoded = PyUnicode_AsEncodedString(arg, encoding, errors);
    if (encoded == NULL)
        return -1;
    Py_ssize_t n = PyBytes_GET_SIZE(encoded);
    int r = PyByteArray_Resize(self, n);
    if (r == 0 && n > 0)
        memcpy(PyByteArray_AS_STRING(self), PyBytes_AS_STRING(encoded), (size_t)n);
    Py_DECREF(encoded);
    return r;
}
