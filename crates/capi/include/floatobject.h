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
/* return a new NaN, or an infinity with the sign of `sign` */
#define Py_RETURN_NAN return PyFloat_FromDouble(Py_NAN)
#define Py_RETURN_INF(sign)                                     \
    do {                                                        \
        if (copysign(1., (sign)) == 1.) {                       \
            return PyFloat_FromDouble(Py_HUGE_VAL);             \
        }                                                       \
        return PyFloat_FromDouble(-Py_HUGE_VAL);                \
    } while (0)
/* float(s) for a str or bytes-like object. */
PyAPI_FUNC(PyObject *) PyFloat_FromString(PyObject *v);
/* float(obj) as a double: a float, __float__, or __index__. */
PyAPI_FUNC(double) PyFloat_AsDouble(PyObject *obj);
PyAPI_FUNC(double) PyFloat_GetMax(void);
PyAPI_FUNC(double) PyFloat_GetMin(void);
/* A new sys.float_info (the limits of double). */
PyAPI_FUNC(PyObject *) PyFloat_GetInfo(void);

/* IEEE 754 binary16/32/64 at p (big endian when le is 0, else little
   endian), as struct's 'e', 'f' and 'd' codes write and read them. Pack
   returns 0, or -1 with OverflowError when x is finite but too large. */
PyAPI_FUNC(int) PyFloat_Pack2(double x, char *p, int le);
PyAPI_FUNC(int) PyFloat_Pack4(double x, char *p, int le);
PyAPI_FUNC(int) PyFloat_Pack8(double x, char *p, int le);
PyAPI_FUNC(double) PyFloat_Unpack2(const char *p, int le);
PyAPI_FUNC(double) PyFloat_Unpack4(const char *p, int le);
PyAPI_FUNC(double) PyFloat_Unpack8(const char *p, int le);

#ifdef __cplusplus
}
#endif

#endif /* !Py_FLOATOBJECT_H */
