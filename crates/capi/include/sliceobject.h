/*
 * sliceobject.h -- the Ellipsis singleton. (Slice objects themselves are
 * not implemented: code that uses PySlice_* fails to compile.)
 */
#ifndef Py_SLICEOBJECT_H
#define Py_SLICEOBJECT_H

#ifdef __cplusplus
extern "C" {
#endif

/* `...`: immortal, of type `ellipsis`, whose repr is 'Ellipsis'. */
PyAPI_DATA(PyObject) _Py_EllipsisObject;
#define Py_Ellipsis (&_Py_EllipsisObject)
PyAPI_DATA(PyTypeObject) PyEllipsis_Type;

#ifdef __cplusplus
}
#endif

#endif /* !Py_SLICEOBJECT_H */
