/*
 * floatobject.h -- float: PyFloat_Type, PyFloatObject and the conversions
 * between float and double.
 */
#ifndef Py_FLOATOBJECT_H
#define Py_FLOATOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyFloat_Type;

#define PyFloat_Check(op) PyObject_TypeCheck((op), &PyFloat_Type)
#define PyFloat_CheckExact(op) Py_IS_TYPE((op), &PyFloat_Type)

typedef struct {
    PyObject_HEAD
    double ob_fval;
} PyFloatObject;
#define PyFloat_AS_DOUBLE(op) (((PyFloatObject *)(op))->ob_fval)

PyAPI_FUNC(PyObject *) PyFloat_FromDouble(double v);
/* float(s) for a str or bytes-like object. */
PyAPI_FUNC(PyObject *) PyFloat_FromString(PyObject *v);
/* float(obj) as a double: a float, __float__, or __index__. */
PyAPI_FUNC(double) PyFloat_AsDouble(PyObject *obj);
PyAPI_FUNC(double) PyFloat_GetMax(void);
PyAPI_FUNC(double) PyFloat_GetMin(void);

#ifdef __cplusplus
}
#endif

#endif /* !Py_FLOATOBJECT_H */
