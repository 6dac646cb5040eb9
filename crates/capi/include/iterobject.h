/*
 * iterobject.h -- the sequence iterator that iter() makes for objects with
 * sq_item but no tp_iter, and the callable iterator of iter(f, sentinel).
 */
#ifndef Py_ITEROBJECT_H
#define Py_ITEROBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PySeqIter_Type;

#define PySeqIter_Check(op) Py_IS_TYPE((op), &PySeqIter_Type)

PyAPI_FUNC(PyObject *) PySeqIter_New(PyObject *seq);

/* What iter(callable, sentinel) makes: calls callable() until it returns
   the sentinel (==) or raises StopIteration. */
PyAPI_DATA(PyTypeObject) PyCallIter_Type;

#define PyCallIter_Check(op) Py_IS_TYPE((op), &PyCallIter_Type)

PyAPI_FUNC(PyObject *) PyCallIter_New(PyObject *callable, PyObject *sentinel);

#ifdef __cplusplus
}
#endif

#endif /* !Py_ITEROBJECT_H */
