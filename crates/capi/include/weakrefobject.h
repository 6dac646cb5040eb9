/*
 * weakrefobject.h -- weak references: the reference type
 * (weakref.ReferenceType) and the two proxy types, laid out as CPython
 * 3.11's PyWeakReference. An object can be weakly referenced when its type
 * has a positive tp_weaklistoffset (a PyObject * its instances keep for
 * the head of the list of references to them); its tp_dealloc calls
 * PyObject_ClearWeakRefs, which clears the references and calls their
 * callbacks.
 */
#ifndef Py_WEAKREFOBJECT_H
#define Py_WEAKREFOBJECT_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _PyWeakReference PyWeakReference;

struct _PyWeakReference {
    PyObject_HEAD
    /* The referent (not owned), or Py_None once it has died. */
    PyObject *wr_object;
    /* The callback (owned), or NULL. */
    PyObject *wr_callback;
    /* The referent's hash, or -1 until asked. */
    Py_hash_t hash;
    /* The neighbours in the referent's list. */
    PyWeakReference *wr_prev;
    PyWeakReference *wr_next;
    vectorcallfunc vectorcall;
};

PyAPI_DATA(PyTypeObject) _PyWeakref_RefType;
PyAPI_DATA(PyTypeObject) _PyWeakref_ProxyType;
PyAPI_DATA(PyTypeObject) _PyWeakref_CallableProxyType;

#define PyWeakref_CheckRef(op) PyObject_TypeCheck((op), &_PyWeakref_RefType)
#define PyWeakref_CheckRefExact(op) Py_IS_TYPE((op), &_PyWeakref_RefType)
#define PyWeakref_CheckProxy(op) \
    (Py_IS_TYPE((op), &_PyWeakref_ProxyType) || Py_IS_TYPE((op), &_PyWeakref_CallableProxyType))
#define PyWeakref_Check(op) (PyWeakref_CheckRef(op) || PyWeakref_CheckProxy(op))

/* A weak reference to ob, or a proxy for it; callback (NULL or None for
   none) is called with the reference when ob dies. Without a callback,
   ob's one shared reference (or proxy) is returned. TypeError ("cannot
   create weak reference to 'T' object") for a type without
   tp_weaklistoffset. */
PyAPI_FUNC(PyObject *) PyWeakref_NewRef(PyObject *ob, PyObject *callback);
PyAPI_FUNC(PyObject *) PyWeakref_NewProxy(PyObject *ob, PyObject *callback);
/* The referent (borrowed), or Py_None once it has died; NULL with
   SystemError for anything but a weak reference. */
PyAPI_FUNC(PyObject *) PyWeakref_GetObject(PyObject *ref);
PyAPI_FUNC(Py_ssize_t) _PyWeakref_GetWeakrefCount(PyWeakReference *head);

static inline PyObject *PyWeakref_GET_OBJECT(PyObject *ref_obj) {
    PyObject *obj = ((PyWeakReference *)ref_obj)->wr_object;
    /* A referent being deallocated counts as dead, as in CPython. */
    if (Py_REFCNT(obj) > 0) return obj;
    return Py_None;
}
#define PyWeakref_GET_OBJECT(ref) PyWeakref_GET_OBJECT(_PyObject_CAST(ref))

/* Clears the weak references to `object` and calls their callbacks (each
   with its reference; an exception one raises is reported as
   unraisable): from the tp_dealloc of a type with tp_weaklistoffset, the
   object's count at 0 (otherwise SystemError). */
PyAPI_FUNC(void) PyObject_ClearWeakRefs(PyObject *object);

#ifdef __cplusplus
}
#endif

#endif /* !Py_WEAKREFOBJECT_H */
