/*
 * tupleobject.h -- tuple: PyTuple_Type, PyTupleObject (items inline, as in
 * CPython, so PyTuple_GET_ITEM and PyTuple_SET_ITEM are memory accesses)
 * and the tuple API.
 */
#ifndef Py_TUPLEOBJECT_H
#define Py_TUPLEOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyTuple_Type;
PyAPI_DATA(PyTypeObject) PyTupleIter_Type;

#define PyTuple_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_TUPLE_SUBCLASS)
#define PyTuple_CheckExact(op) Py_IS_TYPE((op), &PyTuple_Type)

typedef struct {
    PyObject_VAR_HEAD
    /* ob_item holds ob_size items; a new tuple's items are NULL until set. */
    PyObject *ob_item[1];
} PyTupleObject;

/* PyTuple_New(0) returns the one (immortal) empty tuple. PyTuple_SetItem
   steals the item's reference and needs a tuple nobody else references. */
PyAPI_FUNC(PyObject *) PyTuple_New(Py_ssize_t size);
PyAPI_FUNC(Py_ssize_t) PyTuple_Size(PyObject *op);
PyAPI_FUNC(PyObject *) PyTuple_GetItem(PyObject *op, Py_ssize_t i);
PyAPI_FUNC(int) PyTuple_SetItem(PyObject *op, Py_ssize_t i, PyObject *item);
PyAPI_FUNC(PyObject *) PyTuple_GetSlice(PyObject *op, Py_ssize_t low, Py_ssize_t high);
PyAPI_FUNC(PyObject *) PyTuple_Pack(Py_ssize_t n, ...);
PyAPI_FUNC(int) _PyTuple_Resize(PyObject **p, Py_ssize_t newsize);

#define _PyTuple_CAST(op) ((PyTupleObject *)(op))
#define PyTuple_GET_SIZE(op) Py_SIZE(_PyTuple_CAST(op))
#define PyTuple_GET_ITEM(op, i) (_PyTuple_CAST(op)->ob_item[(i)])

/* Stores without releasing the old item (it must be NULL), as in CPython. */
static inline void PyTuple_SET_ITEM(PyObject *op, Py_ssize_t index, PyObject *value) {
    _PyTuple_CAST(op)->ob_item[index] = value;
}
#define PyTuple_SET_ITEM(op, index, value) \
    PyTuple_SET_ITEM(_PyObject_CAST(op), (index), _PyObject_CAST(value))

#ifdef __cplusplus
}
#endif

#endif /* !Py_TUPLEOBJECT_H */
