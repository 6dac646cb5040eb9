/*
 * funcobject.h -- staticmethod, what a METH_STATIC method becomes in its
 * type's dict. (pybuffer has no Python functions.)
 */
#ifndef Py_FUNCOBJECT_H
#define Py_FUNCOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyStaticMethod_Type;
PyAPI_FUNC(PyObject *) PyStaticMethod_New(PyObject *callable);
/* classmethod: getting it from a class or an instance binds the callable
   to the class. */
PyAPI_DATA(PyTypeObject) PyClassMethod_Type;
PyAPI_FUNC(PyObject *) PyClassMethod_New(PyObject *callable);

#ifdef __cplusplus
}
#endif

#endif /* !Py_FUNCOBJECT_H */
