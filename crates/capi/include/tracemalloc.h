/*
 * tracemalloc.h -- reporting an extension's own allocations to tracemalloc
 * (CPython 3.11's Include/tracemalloc.h). tracemalloc is never tracing
 * here (there is no tracemalloc module to start it), so the functions
 * answer as CPython's do when it is not: PyTraceMalloc_Track and
 * PyTraceMalloc_Untrack return -2 and record nothing, and
 * _PyTraceMalloc_GetTraceback returns None.
 */
#ifndef Py_TRACEMALLOC_H
#define Py_TRACEMALLOC_H

#include <stddef.h>
#include <stdint.h>

#include "pyport.h"
#include "pytypedefs.h"

#ifndef Py_LIMITED_API
#ifdef __cplusplus
extern "C" {
#endif

/* 0 once tracked, -1 on error, -2 when tracemalloc is disabled. */
PyAPI_FUNC(int) PyTraceMalloc_Track(unsigned int domain, uintptr_t ptr, size_t size);
/* -2 when tracemalloc is disabled, else 0. */
PyAPI_FUNC(int) PyTraceMalloc_Untrack(unsigned int domain, uintptr_t ptr);
/* A tuple of (filename, lineno) tuples, or None when not tracked. */
PyAPI_FUNC(PyObject *) _PyTraceMalloc_GetTraceback(unsigned int domain, uintptr_t ptr);

#ifdef __cplusplus
}
#endif
#endif /* !Py_LIMITED_API */

#endif /* !Py_TRACEMALLOC_H */
