/*
 * ceval.h -- the GIL as extensions use it: PyEval_SaveThread /
 * RestoreThread and the Py_BEGIN_ALLOW_THREADS family of macros.
 *
 * The GIL is one process-wide lock. Extension code runs holding it, except
 * between Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS, where it must not
 * touch Python objects.
 */
#ifndef Py_CEVAL_H
#define Py_CEVAL_H

#include "pystate.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Releases the GIL and returns the thread state to restore. */
PyAPI_FUNC(PyThreadState *) PyEval_SaveThread(void);
/* Takes the GIL (waiting for it) and makes tstate current. */
PyAPI_FUNC(void) PyEval_RestoreThread(PyThreadState *tstate);

/* The GIL always exists: PyEval_InitThreads does nothing (as in CPython
   3.9+) and PyEval_ThreadsInitialized returns 1. */
Py_DEPRECATED(3.9) PyAPI_FUNC(int) PyEval_ThreadsInitialized(void);
Py_DEPRECATED(3.9) PyAPI_FUNC(void) PyEval_InitThreads(void);
PyAPI_FUNC(void) PyEval_AcquireThread(PyThreadState *tstate);
PyAPI_FUNC(void) PyEval_ReleaseThread(PyThreadState *tstate);

/* The current Python frame (borrowed): always NULL, as
   PyThreadState_GetFrame. */
PyAPI_FUNC(PyFrameObject *) PyEval_GetFrame(void);
/* The current frame's namespaces; with no frame (always, here), as
   CPython answers then: the interpreter's builtins dict (borrowed), NULL
   globals without an error, and NULL locals with SystemError("frame does
   not exist"). */
PyAPI_FUNC(PyObject *) PyEval_GetBuiltins(void);
PyAPI_FUNC(PyObject *) PyEval_GetGlobals(void);
PyAPI_FUNC(PyObject *) PyEval_GetLocals(void);

/* The name and the description C code puts in a message about a callable:
   a method's function's or a built-in function's name and "()", else the
   name of the object's type and " object". */
PyAPI_FUNC(const char *) PyEval_GetFuncName(PyObject *func);
PyAPI_FUNC(const char *) PyEval_GetFuncDesc(PyObject *func);

/* One level of recursion in C code that may call back (a serializer over
   nested containers): 0, or nonzero (1, as CPython) with
   RecursionError("maximum recursion depth exceeded<where>") past the
   limit. Each successful enter is matched by one leave. */
PyAPI_FUNC(int) Py_EnterRecursiveCall(const char *where);
PyAPI_FUNC(void) Py_LeaveRecursiveCall(void);
PyAPI_FUNC(int) Py_GetRecursionLimit(void);
PyAPI_FUNC(void) Py_SetRecursionLimit(int);

/* A slice index from an int, an object with __index__ (clamped to the
   Py_ssize_t range) or None (leaving *pi alone): 1, or 0 with TypeError.
   The "O&" converters of extensions that parse slices themselves. */
PyAPI_FUNC(int) _PyEval_SliceIndex(PyObject *v, Py_ssize_t *pi);
PyAPI_FUNC(int) _PyEval_SliceIndexNotNone(PyObject *v, Py_ssize_t *pi);

/* Queues func(arg) for the main thread (the one that called
   Py_Initialize); any thread may call it, with or without the GIL. 0, or
   -1 when 31 calls already wait. */
PyAPI_FUNC(int) Py_AddPendingCall(int (*func)(void *), void *arg);
/* Handles pending signals and, on the main thread, runs the queued calls
   in order: 0, or -1 with the exception of the call that failed. */
PyAPI_FUNC(int) Py_MakePendingCalls(void);

#define Py_BEGIN_ALLOW_THREADS { \
                        PyThreadState *_save; \
                        _save = PyEval_SaveThread();
#define Py_BLOCK_THREADS        PyEval_RestoreThread(_save);
#define Py_UNBLOCK_THREADS      _save = PyEval_SaveThread();
#define Py_END_ALLOW_THREADS    PyEval_RestoreThread(_save); \
                 }

#ifdef __cplusplus
}
#endif

#endif /* !Py_CEVAL_H */
