/*
 * classobject.h -- bound method objects (`method`), as CPython's
 * cpython/classobject.h: PyMethod_New pairs a callable with the object it
 * is bound to. The layout is CPython's, for the macros below.
 */
#ifndef Py_CLASSOBJECT_H
#define Py_CLASSOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    PyObject_HEAD
    PyObject *im_func;        /* The callable object implementing the method */
    PyObject *im_self;        /* The instance it is bound to */
    PyObject *im_weakreflist; /* List of weak references */
    vectorcallfunc vectorcall;
} PyMethodObject;

PyAPI_DATA(PyTypeObject) PyMethod_Type;

#define PyMethod_Check(op) Py_IS_TYPE((op), &PyMethod_Type)

PyAPI_FUNC(PyObject *) PyMethod_New(PyObject *func, PyObject *self);
PyAPI_FUNC(PyObject *) PyMethod_Function(PyObject *im);
PyAPI_FUNC(PyObject *) PyMethod_Self(PyObject *im);

#define PyMethod_GET_FUNCTION(meth) (((PyMethodObject *)(meth))->im_func)
#define PyMethod_GET_SELF(meth) (((PyMethodObject *)(meth))->im_self)

#ifdef __cplusplus
}
#endif

#endif /* !Py_CLASSOBJECT_H */
