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

/* The leading fields of pybuffer's memoryview; the rest is private. */
typedef struct {
    PyObject_HEAD
    void *mbuf;
    int flags;
    Py_ssize_t exports;
    Py_buffer view;
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
