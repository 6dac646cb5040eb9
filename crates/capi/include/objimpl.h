/*
 * objimpl.h -- allocating objects: the PyObject_Malloc family, and
 * PyObject_New / PyObject_Init for types implemented in C.
 */
#ifndef Py_OBJIMPL_H
#define Py_OBJIMPL_H

#include "pymem.h"
#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(void *) PyObject_Malloc(size_t size);
PyAPI_FUNC(void *) PyObject_Calloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyObject_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyObject_Free(void *ptr);
#define PyObject_Del PyObject_Free
#define PyObject_DEL PyObject_Free
#define PyObject_MALLOC PyObject_Malloc
#define PyObject_REALLOC PyObject_Realloc
#define PyObject_FREE PyObject_Free
/* The bytes an object of `typeobj` takes (with `nitems` items for a
   variable-size one, rounded up to a pointer's size), for extensions that
   allocate their objects themselves. */
#define _PyObject_SIZE(typeobj) ((typeobj)->tp_basicsize)
#define _PyObject_VAR_SIZE(typeobj, nitems) \
    _Py_SIZE_ROUND_UP((typeobj)->tp_basicsize + (nitems) * (typeobj)->tp_itemsize, SIZEOF_VOID_P)

#ifndef Py_LIMITED_API
/* 1 when instances of `type` can be weakly referenced (tp_weaklistoffset
   > 0). */
PyAPI_FUNC(int) PyType_SUPPORTS_WEAKREFS(PyTypeObject *type);
/* The address of the head of op's weak-reference list (meaningful when its
   type supports weak references). */
PyAPI_FUNC(PyObject **) PyObject_GET_WEAKREFS_LISTPTR(PyObject *op);
#endif

PyAPI_FUNC(PyObject *) PyObject_Init(PyObject *op, PyTypeObject *type);
PyAPI_FUNC(PyVarObject *) PyObject_InitVar(PyVarObject *op, PyTypeObject *type, Py_ssize_t size);
PyAPI_FUNC(PyObject *) _PyObject_New(PyTypeObject *type);
PyAPI_FUNC(PyVarObject *) _PyObject_NewVar(PyTypeObject *type, Py_ssize_t nitems);
#define PyObject_New(type, typeobj) ((type *)_PyObject_New(typeobj))
#define PyObject_NewVar(type, typeobj, n) ((type *)_PyObject_NewVar((typeobj), (n)))
#define PyObject_INIT(op, typeobj) PyObject_Init(_PyObject_CAST(op), (typeobj))
#define PyObject_INIT_VAR(op, typeobj, size) PyObject_InitVar((PyVarObject *)(op), (typeobj), (size))
#define PyObject_NEW(type, typeobj) PyObject_New(type, (typeobj))
#define PyObject_NEW_VAR(type, typeobj, n) PyObject_NewVar(type, (typeobj), (n))

/* The garbage-collector API. pybuffer has no cycle collector: objects are
   freed by reference counting alone and reference cycles leak. Tracking is
   bookkeeping (PyObject_GC_IsTracked answers as CPython would); nothing
   calls tp_traverse or tp_clear on its own. GC objects have no header in
   front of them, so PyObject_GC_Del is PyObject_Free plus untracking. */
PyAPI_FUNC(PyObject *) _PyObject_GC_New(PyTypeObject *type);
PyAPI_FUNC(PyVarObject *) _PyObject_GC_NewVar(PyTypeObject *type, Py_ssize_t nitems);
PyAPI_FUNC(PyVarObject *) _PyObject_GC_Resize(PyVarObject *op, Py_ssize_t nitems);
PyAPI_FUNC(void) PyObject_GC_Track(void *op);
PyAPI_FUNC(void) PyObject_GC_UnTrack(void *op);
PyAPI_FUNC(void) PyObject_GC_Del(void *op);

/* gc.enable() / gc.disable() / gc.isenabled(): the state only, as no
   collection ever runs. Each returns the previous (or current) state. */
PyAPI_FUNC(int) PyGC_Enable(void);
PyAPI_FUNC(int) PyGC_Disable(void);
PyAPI_FUNC(int) PyGC_IsEnabled(void);
PyAPI_FUNC(int) PyObject_GC_IsTracked(PyObject *op);
PyAPI_FUNC(int) PyObject_GC_IsFinalized(PyObject *op);
PyAPI_FUNC(int) PyObject_IS_GC(PyObject *op);
#define PyObject_GC_New(type, typeobj) ((type *)_PyObject_GC_New(typeobj))
#define PyObject_GC_NewVar(type, typeobj, n) ((type *)_PyObject_GC_NewVar((typeobj), (n)))
#define PyObject_GC_Resize(type, op, n) ((type *)_PyObject_GC_Resize((PyVarObject *)(op), (n)))
#define PyType_IS_GC(t) PyType_HasFeature((t), Py_TPFLAGS_HAVE_GC)

/* Visits one referent from a tp_traverse function. */
#define Py_VISIT(op)                                                    \
    do {                                                                \
        if (op) {                                                       \
            int vret = visit(_PyObject_CAST(op), arg);                  \
            if (vret)                                                   \
                return vret;                                            \
        }                                                               \
    } while (0)

#ifdef __cplusplus
}
#endif

#endif /* !Py_OBJIMPL_H */
