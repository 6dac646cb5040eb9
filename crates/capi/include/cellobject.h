/*
 * cellobject.h -- cell objects (`cell`), as CPython's cpython/cellobject.h:
 * a box holding one reference or nothing (closures' variables; Cython's
 * too). The layout is CPython's, for the macros below.
 */
#ifndef Py_CELLOBJECT_H
#define Py_CELLOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    PyObject_HEAD
    /* Content of the cell or NULL when empty */
    PyObject *ob_ref;
} PyCellObject;

PyAPI_DATA(PyTypeObject) PyCell_Type;

#define PyCell_Check(op) Py_IS_TYPE((op), &PyCell_Type)

PyAPI_FUNC(PyObject *) PyCell_New(PyObject *);
PyAPI_FUNC(PyObject *) PyCell_Get(PyObject *);
PyAPI_FUNC(int) PyCell_Set(PyObject *, PyObject *);

#define PyCell_GET(op) (((PyCellObject *)(op))->ob_ref)
#define PyCell_SET(op, v) _Py_RVALUE(((PyCellObject *)(op))->ob_ref = (v))

#ifdef __cplusplus
}
#endif

#endif /* !Py_CELLOBJECT_H */
