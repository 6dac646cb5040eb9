/*
 * bytearrayobject.h -- bytearray: PyByteArray_Type, PyByteArrayObject
 * (CPython 3.11's layout, read by PyByteArray_AS_STRING) and the bytearray
 * API. A bytearray exports a writable buffer; while any export is alive,
 * resizing it raises BufferError.
 */
#ifndef Py_BYTEARRAYOBJECT_H
#define Py_BYTEARRAYOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyByteArray_Type;
PyAPI_DATA(PyTypeObject) PyByteArrayIter_Type;

#define PyByteArray_Check(self) PyObject_TypeCheck((self), &PyByteArray_Type)
#define PyByteArray_CheckExact(self) Py_IS_TYPE((self), &PyByteArray_Type)

typedef struct {
    PyObject_VAR_HEAD
    Py_ssize_t ob_alloc;   /* bytes allocated at ob_bytes */
    char *ob_bytes;        /* the allocation, or NULL when empty */
    char *ob_start;        /* the first byte, inside ob_bytes */
    Py_ssize_t ob_exports; /* live buffer exports */
} PyByteArrayObject;

PyAPI_DATA(char) _PyByteArray_empty_string[];

PyAPI_FUNC(PyObject *) PyByteArray_FromObject(PyObject *o);
PyAPI_FUNC(PyObject *) PyByteArray_Concat(PyObject *a, PyObject *b);
PyAPI_FUNC(PyObject *) PyByteArray_FromStringAndSize(const char *v, Py_ssize_t len);
PyAPI_FUNC(Py_ssize_t) PyByteArray_Size(PyObject *self);
PyAPI_FUNC(char *) PyByteArray_AsString(PyObject *self);
PyAPI_FUNC(int) PyByteArray_Resize(PyObject *self, Py_ssize_t size);

#define _PyByteArray_CAST(op) ((PyByteArrayObject *)(op))
#define PyByteArray_AS_STRING(op) \
    (Py_SIZE(op) ? _PyByteArray_CAST(op)->ob_start : _PyByteArray_empty_string)
#define PyByteArray_GET_SIZE(op) Py_SIZE(_PyByteArray_CAST(op))

#ifdef __cplusplus
}
#endif

#endif /* !Py_BYTEARRAYOBJECT_H */
