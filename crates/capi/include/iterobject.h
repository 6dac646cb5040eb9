/*
 * iterobject.h -- the sequence iterator that iter() makes for objects with
 * sq_item but no tp_iter.
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

#ifdef __cplusplus
}
#endif

#endif /* !Py_ITEROBJECT_H */
