/*
 * listobject.h -- list: PyList_Type, PyListObject (CPython's layout: the
 * item array ob_item with room for `allocated` items, so PyList_GET_ITEM
 * and PyList_SET_ITEM are memory accesses) and the list API.
 */
#ifndef Py_LISTOBJECT_H
#define Py_LISTOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyList_Type;
PyAPI_DATA(PyTypeObject) PyListIter_Type;
PyAPI_DATA(PyTypeObject) PyListRevIter_Type;

#define PyList_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_LIST_SUBCLASS)
#define PyList_CheckExact(op) Py_IS_TYPE((op), &PyList_Type)

typedef struct {
    PyObject_VAR_HEAD
    PyObject **ob_item;
    Py_ssize_t allocated;
} PyListObject;

/* PyList_New(n) has n NULL items for the caller to fill with
   PyList_SET_ITEM. PyList_SetItem steals the item's reference; PyList_Append
   and PyList_Insert take a new one. */
PyAPI_FUNC(PyObject *) PyList_New(Py_ssize_t size);
PyAPI_FUNC(Py_ssize_t) PyList_Size(PyObject *op);
PyAPI_FUNC(PyObject *) PyList_GetItem(PyObject *op, Py_ssize_t i);
PyAPI_FUNC(int) PyList_SetItem(PyObject *op, Py_ssize_t i, PyObject *item);
PyAPI_FUNC(int) PyList_Insert(PyObject *op, Py_ssize_t where, PyObject *item);
PyAPI_FUNC(int) PyList_Append(PyObject *op, PyObject *item);
PyAPI_FUNC(PyObject *) PyList_GetSlice(PyObject *op, Py_ssize_t low, Py_ssize_t high);
PyAPI_FUNC(int) PyList_SetSlice(PyObject *op, Py_ssize_t low, Py_ssize_t high, PyObject *items);
PyAPI_FUNC(int) PyList_Sort(PyObject *op);
PyAPI_FUNC(int) PyList_Reverse(PyObject *op);
PyAPI_FUNC(PyObject *) PyList_AsTuple(PyObject *op);
PyAPI_FUNC(PyObject *) _PyList_Extend(PyListObject *op, PyObject *iterable);

#define _PyList_CAST(op) ((PyListObject *)(op))
#define PyList_GET_SIZE(op) Py_SIZE(_PyList_CAST(op))
#define PyList_GET_ITEM(op, i) (_PyList_CAST(op)->ob_item[(i)])

/* Stores without releasing the old item, as in CPython. */
static inline void PyList_SET_ITEM(PyObject *op, Py_ssize_t index, PyObject *value) {
    _PyList_CAST(op)->ob_item[index] = value;
}
#define PyList_SET_ITEM(op, index, value) \
    PyList_SET_ITEM(_PyObject_CAST(op), (index), _PyObject_CAST(value))

#ifdef __cplusplus
}
#endif

#endif /* !Py_LISTOBJECT_H */
