/*
 * pymem.h -- the raw memory interface: PyMem_Malloc and friends.
 */
#ifndef Py_PYMEM_H
#define Py_PYMEM_H

#include "pyport.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(void *) PyMem_Malloc(size_t size);
PyAPI_FUNC(void *) PyMem_Calloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyMem_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyMem_Free(void *ptr);

/* The raw allocator: callable without holding the GIL (here the same C
   heap; size 0 still returns a unique pointer). Not in the limited API. */
#ifndef Py_LIMITED_API
PyAPI_FUNC(void *) PyMem_RawMalloc(size_t size);
PyAPI_FUNC(void *) PyMem_RawCalloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyMem_RawRealloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyMem_RawFree(void *ptr);
#endif

/* Typed allocation: the multiplication is overflow-checked (NULL when
   n * sizeof(type) would pass PY_SSIZE_T_MAX). PyMem_Resize assigns its
   result to p, NULL included: keep the old pointer to free it. */
#define PyMem_New(type, n) \
    (((size_t)(n) > PY_SSIZE_T_MAX / sizeof(type)) ? NULL : ((type *)PyMem_Malloc((n) * sizeof(type))))
#define PyMem_Resize(p, type, n) \
    ((p) = ((size_t)(n) > PY_SSIZE_T_MAX / sizeof(type)) ? NULL \
                                                          : (type *)PyMem_Realloc((p), (n) * sizeof(type)))

/* The old spellings, kept as CPython keeps them (PyMem_Del without
   parentheses so that it can be a tp_free). */
#define PyMem_MALLOC(n) PyMem_Malloc(n)
#define PyMem_NEW(type, n) PyMem_New(type, n)
#define PyMem_REALLOC(p, n) PyMem_Realloc(p, n)
#define PyMem_RESIZE(p, type, n) PyMem_Resize(p, type, n)
#define PyMem_FREE(p) PyMem_Free(p)
#define PyMem_Del PyMem_Free
#define PyMem_DEL PyMem_Free

#ifndef Py_LIMITED_API
#  include "cpython/pymem.h"
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYMEM_H */
