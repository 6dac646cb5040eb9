/*
 * classobject.h -- bound method objects (`method`), as CPython's
 * cpython/classobject.h: PyMethod_New pairs a callable with the object it
 * is bound to; PyInstanceMethod_New wraps a callable so that it binds to
 * instances as a function does. The layouts are CPython's, for the macros
 * below.
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

/* instancemethod: a callable that binds to instances like a function. */
typedef struct {
    PyObject_HEAD
    PyObject *func;
} PyInstanceMethodObject;

PyAPI_DATA(PyTypeObject) PyInstanceMethod_Type;

#define PyInstanceMethod_Check(op) Py_IS_TYPE((op), &PyInstanceMethod_Type)

PyAPI_FUNC(PyObject *) PyInstanceMethod_New(PyObject *);
PyAPI_FUNC(PyObject *) PyInstanceMethod_Function(PyObject *);

#define PyInstanceMethod_GET_FUNCTION(meth) \
        (((PyInstanceMethodObject *)(meth))->func)

#ifdef __cplusplus
}
#endif

#endif /* !Py_CLASSOBJECT_H */
