/*
 * weakrefobject.h -- weak references. This library has no weak reference
 * type, so no object ever has a weak reference: PyObject_ClearWeakRefs
 * (which a type that reserves tp_weaklistoffset calls from its dealloc)
 * has nothing to clear, and the functions that take a weak reference are
 * declared only: a call to one fails to compile (see _Pyb_UNAVAILABLE in
 * pyport.h).
 */
#ifndef Py_WEAKREFOBJECT_H
#define Py_WEAKREFOBJECT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Clears the weak references to `object` (from its tp_dealloc, its count
   at 0, its type with tp_weaklistoffset): there are none. */
PyAPI_FUNC(void) PyObject_ClearWeakRefs(PyObject *object);

#define _Pyb_NO_WEAKREFS _Pyb_UNAVAILABLE("pybuffer has no weak references")
extern int PyWeakref_Check(PyObject *op) _Pyb_NO_WEAKREFS;
extern PyObject *PyWeakref_NewRef(PyObject *ob, PyObject *callback) _Pyb_NO_WEAKREFS;
extern PyObject *PyWeakref_NewProxy(PyObject *ob, PyObject *callback) _Pyb_NO_WEAKREFS;
extern PyObject *PyWeakref_GetObject(PyObject *ref) _Pyb_NO_WEAKREFS;

#ifdef __cplusplus
}
#endif

#endif /* !Py_WEAKREFOBJECT_H */
