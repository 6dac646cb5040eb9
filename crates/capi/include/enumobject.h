/*
 * enumobject.h -- reversed(), the iterator over a sequence from its last
 * item that object proxies call with the wrapped object. (enumerate is not
 * implemented.)
 */
#ifndef Py_ENUMOBJECT_H
#define Py_ENUMOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyEnum_Type;
PyAPI_DATA(PyTypeObject) PyReversed_Type;

#ifdef __cplusplus
}
#endif

#endif /* !Py_ENUMOBJECT_H */
