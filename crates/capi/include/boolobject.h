/*
 * boolobject.h -- bool: PyBool_Type and its two instances, Py_True and
 * Py_False.
 */
#ifndef Py_BOOLOBJECT_H
#define Py_BOOLOBJECT_H

#include "longobject.h"

#ifdef __cplusplus
extern "C" {
#endif

/* True and False are statics whose reference count is immortal, like
   None. */
PyAPI_DATA(PyTypeObject) PyBool_Type;

#define PyBool_Check(op) Py_IS_TYPE((op), &PyBool_Type)

PyAPI_DATA(PyLongObject) _Py_FalseStruct;
PyAPI_DATA(PyLongObject) _Py_TrueStruct;

PyAPI_FUNC(int) Py_IsTrue(PyObject *x);
PyAPI_FUNC(int) Py_IsFalse(PyObject *x);

#define Py_False ((PyObject *)&_Py_FalseStruct)
#define Py_True ((PyObject *)&_Py_TrueStruct)
#define Py_IsTrue(x) Py_Is((x), Py_True)
#define Py_IsFalse(x) Py_Is((x), Py_False)
#define Py_RETURN_TRUE return Py_NewRef(Py_True)
#define Py_RETURN_FALSE return Py_NewRef(Py_False)

PyAPI_FUNC(PyObject *) PyBool_FromLong(long v);

#ifdef __cplusplus
}
#endif

#endif /* !Py_BOOLOBJECT_H */
