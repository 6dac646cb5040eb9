/*
 * memoryobject.h -- memoryview: the built-in exporter of the buffer protocol.
 */
#ifndef Py_MEMORYOBJECT_H
#define Py_MEMORYOBJECT_H

#include "object.h"
#include "pybuffer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CPython 3.11's memoryview fields, at its offsets (so an extension built
   against CPython's headers finds `view` too); the shape, strides and
   suboffsets live in private memory after them, not in an ob_array. */
typedef struct {
    PyObject_VAR_HEAD
    void *mbuf;
    Py_hash_t hash;
    int flags;
    Py_ssize_t exports;
    Py_buffer view;
    PyObject *weakreflist;
} PyMemoryViewObject;

PyAPI_DATA(PyTypeObject) PyMemoryView_Type;

PyAPI_FUNC(PyObject *) PyMemoryView_FromObject(PyObject *base);
PyAPI_FUNC(PyObject *) PyMemoryView_FromMemory(char *mem, Py_ssize_t size, int flags);
PyAPI_FUNC(PyObject *) PyMemoryView_FromBuffer(const Py_buffer *info);
PyAPI_FUNC(PyObject *) PyMemoryView_GetContiguous(PyObject *base, int buffertype, char order);
#define PyMemoryView_Check(op) Py_IS_TYPE((op), &PyMemoryView_Type)
#define PyMemoryView_GET_BUFFER(op) (&((PyMemoryViewObject *)(op))->view)
#define PyMemoryView_GET_BASE(op) (((PyMemoryViewObject *)(op))->view.obj)

#ifdef __cplusplus
}
#endif

#endif /* !Py_MEMORYOBJECT_H */
