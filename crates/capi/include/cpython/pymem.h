/*
 * cpython/pymem.h -- the allocator of each memory domain, as CPython 3.11's
 * header declares it: PyMem_GetAllocator copies it out, PyMem_SetAllocator
 * installs another (a hook, such as tracemalloc's, wraps the one it got).
 * Included by pymem.h; not part of the limited API.
 *
 * The default allocator of every domain is the C library's malloc, calloc,
 * realloc and free (context NULL): there is no pymalloc here, hence no
 * arena allocator to get or set, and no debug hooks (PyMem_SetupDebugHooks
 * is not provided).
 */
#ifndef Py_CPYTHON_PYMEM_H
#define Py_CPYTHON_PYMEM_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    /* PyMem_RawMalloc(), PyMem_RawRealloc() and PyMem_RawFree() */
    PYMEM_DOMAIN_RAW,
    /* PyMem_Malloc(), PyMem_Realloc() and PyMem_Free() */
    PYMEM_DOMAIN_MEM,
    /* PyObject_Malloc(), PyObject_Realloc() and PyObject_Free() */
    PYMEM_DOMAIN_OBJ
} PyMemAllocatorDomain;

/* The names PYTHONMALLOC takes (CPython's values; here every domain is
   the C library's allocator whatever the setting). */
typedef enum {
    PYMEM_ALLOCATOR_NOT_SET = 0,
    PYMEM_ALLOCATOR_DEFAULT = 1,
    PYMEM_ALLOCATOR_DEBUG = 2,
    PYMEM_ALLOCATOR_MALLOC = 3,
    PYMEM_ALLOCATOR_MALLOC_DEBUG = 4
} PyMemAllocatorName;

typedef struct {
    /* user context passed as the first argument to the 4 functions */
    void *ctx;
    /* allocate a memory block (a distinct non-NULL pointer for 0 bytes) */
    void *(*malloc)(void *ctx, size_t size);
    /* allocate a memory block initialized by zeros */
    void *(*calloc)(void *ctx, size_t nelem, size_t elsize);
    /* allocate or resize a memory block */
    void *(*realloc)(void *ctx, void *ptr, size_t new_size);
    /* release a memory block */
    void (*free)(void *ctx, void *ptr);
} PyMemAllocatorEx;

/* Copies the allocator of `domain` into *allocator (all NULL for an
   unknown domain). */
PyAPI_FUNC(void) PyMem_GetAllocator(PyMemAllocatorDomain domain,
                                    PyMemAllocatorEx *allocator);
/* Installs *allocator (copied) for `domain`; an unknown domain is ignored.
   Blocks allocated before are freed by the new allocator, so it must wrap
   the previous one or be installed before any allocation in its domain;
   the PYMEM_DOMAIN_RAW one must be thread-safe (it is called without the
   GIL). */
PyAPI_FUNC(void) PyMem_SetAllocator(PyMemAllocatorDomain domain,
                                    PyMemAllocatorEx *allocator);

#ifdef __cplusplus
}
#endif

#endif /* !Py_CPYTHON_PYMEM_H */
