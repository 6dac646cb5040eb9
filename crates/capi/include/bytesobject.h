/*
 * bytesobject.h -- bytes: PyBytes_Type, PyBytesObject (CPython 3.11's
 * layout: the bytes follow the header and end with a NUL, so
 * PyBytes_AS_STRING is a pointer computation) and the bytes API. A bytes
 * object exports a read-only buffer with no bf_releasebuffer.
 */
#ifndef Py_BYTESOBJECT_H
#define Py_BYTESOBJECT_H

#include <stdarg.h>

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyBytes_Type;
PyAPI_DATA(PyTypeObject) PyBytesIter_Type;

#define PyBytes_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_BYTES_SUBCLASS)
#define PyBytes_CheckExact(op) Py_IS_TYPE((op), &PyBytes_Type)

typedef struct {
    PyObject_VAR_HEAD
    Py_hash_t ob_shash; /* cached hash, -1 until computed */
    char ob_sval[1];    /* ob_size bytes and a NUL */
} PyBytesObject;

/* PyBytes_FromStringAndSize(NULL, n) makes n zero bytes for the caller to
   fill through PyBytes_AS_STRING before sharing the object. */
PyAPI_FUNC(PyObject *) PyBytes_FromStringAndSize(const char *v, Py_ssize_t len);
PyAPI_FUNC(PyObject *) PyBytes_FromString(const char *v);
PyAPI_FUNC(PyObject *) PyBytes_FromObject(PyObject *o);
/* CPython 3.11's conversions: %% %c %d %u %ld %lu %zd %zu %i %x %s %p. */
PyAPI_FUNC(PyObject *) PyBytes_FromFormatV(const char *format, va_list vargs);
PyAPI_FUNC(PyObject *) PyBytes_FromFormat(const char *format, ...);
PyAPI_FUNC(Py_ssize_t) PyBytes_Size(PyObject *o);
PyAPI_FUNC(char *) PyBytes_AsString(PyObject *o);
PyAPI_FUNC(int) PyBytes_AsStringAndSize(PyObject *obj, char **s, Py_ssize_t *len);
PyAPI_FUNC(PyObject *) PyBytes_Repr(PyObject *o, int smartquotes);
PyAPI_FUNC(void) PyBytes_Concat(PyObject **pv, PyObject *w);
PyAPI_FUNC(void) PyBytes_ConcatAndDel(PyObject **pv, PyObject *w);
#ifndef Py_LIMITED_API
/* sep.join(iterable) for a bytes sep. */
PyAPI_FUNC(PyObject *) _PyBytes_Join(PyObject *sep, PyObject *iterable);
#endif
PyAPI_FUNC(int) _PyBytes_Resize(PyObject **pv, Py_ssize_t newsize);

#define _PyBytes_CAST(op) ((PyBytesObject *)(op))
#define PyBytes_AS_STRING(op) (_PyBytes_CAST(op)->ob_sval)
#define PyBytes_GET_SIZE(op) Py_SIZE(_PyBytes_CAST(op))

#ifdef __cplusplus
}
#endif

#endif /* !Py_BYTESOBJECT_H */
