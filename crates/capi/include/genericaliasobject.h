/*
 * genericaliasobject.h -- types.GenericAlias, what `list[int]` is.
 *
 * Py_GenericAlias(origin, args) makes `origin[args]`; extension types use
 * it as their __class_getitem__ ({"__class_getitem__", Py_GenericAlias,
 * METH_O | METH_CLASS, ...}). The alias has __origin__, __args__ and
 * __parameters__, CPython's repr, ==, hash, calls its origin, and reads
 * every other attribute from the origin.
 */
#ifndef Py_GENERICALIASOBJECT_H
#define Py_GENERICALIASOBJECT_H

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(PyObject *) Py_GenericAlias(PyObject *origin, PyObject *args);
PyAPI_DATA(PyTypeObject) Py_GenericAliasType;

#ifdef __cplusplus
}
#endif
#endif /* !Py_GENERICALIASOBJECT_H */
