/*
 * sliceobject.h -- slices and the Ellipsis singleton.
 *
 * A slice holds start, stop and step (each None when omitted). Extensions
 * read one as C indices with PySlice_Unpack (clamped to Py_ssize_t) and
 * then PySlice_AdjustIndices (fitted to a length, returning how many items
 * it selects), or both at once with PySlice_GetIndicesEx. Slices compare
 * as (start, stop, step) tuples and are unhashable (as in 3.11). Not
 * provided: slice.indices() and calling `slice` itself.
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

#ifndef Py_LIMITED_API
typedef struct {
    PyObject_HEAD
    PyObject *start, *stop, *step; /* not NULL */
} PySliceObject;
#endif

PyAPI_DATA(PyTypeObject) PySlice_Type;
#define PySlice_Check(op) Py_IS_TYPE((op), &PySlice_Type)

/* A new slice; a NULL part is None. */
PyAPI_FUNC(PyObject *) PySlice_New(PyObject *start, PyObject *stop, PyObject *step);
/* The old interface: -1 (no error set) for non-int parts or out-of-range
   indices. */
PyAPI_FUNC(int) PySlice_GetIndices(PyObject *r, Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop,
                                   Py_ssize_t *step);
PyAPI_FUNC(int) PySlice_GetIndicesEx(PyObject *r, Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop,
                                     Py_ssize_t *step, Py_ssize_t *slicelength);
#define PySlice_GetIndicesEx(slice, length, start, stop, step, slicelen)                    \
    (PySlice_Unpack((slice), (start), (stop), (step)) < 0 ? ((*(slicelen) = 0), -1)       \
                                                          : ((*(slicelen) = PySlice_AdjustIndices( \
                                                                  (length), (start), (stop), *(step))), \
                                                             0))
PyAPI_FUNC(int) PySlice_Unpack(PyObject *slice, Py_ssize_t *start, Py_ssize_t *stop, Py_ssize_t *step);
PyAPI_FUNC(Py_ssize_t) PySlice_AdjustIndices(Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop,
                                             Py_ssize_t step);

#ifdef __cplusplus
}
#endif

#endif /* !Py_SLICEOBJECT_H */
