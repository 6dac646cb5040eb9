/*
 * rangeobject.h -- range: PyRange_Type and its two iterator types
 * (range_iterator over C longs, longrange_iterator over ints of any size).
 * A range keeps its bounds as ints of any size, as in CPython.
 */
#ifndef Py_RANGEOBJECT_H
#define Py_RANGEOBJECT_H

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyRange_Type;
PyAPI_DATA(PyTypeObject) PyRangeIter_Type;
PyAPI_DATA(PyTypeObject) PyLongRangeIter_Type;

#define PyRange_Check(op) Py_IS_TYPE((op), &PyRange_Type)

#ifdef __cplusplus
}
#endif

#endif /* !Py_RANGEOBJECT_H */
