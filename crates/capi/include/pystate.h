/*
 * pystate.h -- thread states, the interpreter state and PyGILState.
 *
 * There is one interpreter (PyInterpreterState_Main, opaque) and a thread
 * state per thread that takes the GIL. PyGILState_Ensure works on any
 * thread, before or without Py_Initialize.
 *
 * PyThreadState has CPython 3.11's struct _ts layout up to id: code that
 * reads tstate->interp (Cython does, to tell interpreters apart) or
 * adjusts tstate->gilstate_counter (pybind11's gil_scoped_acquire and
 * cffi's callbacks do, to keep a thread state alive across nested
 * PyGILState_Ensure calls) or reads thread_id, native_thread_id or id
 * compiles unchanged and finds each field where CPython's is. The fields
 * between are reserved (pybuffer keeps that state elsewhere); the rest of
 * the state is pybuffer's own and not visible; never allocate one
 * yourself.
 */
#ifndef Py_PYSTATE_H
#define Py_PYSTATE_H

#include <stdint.h>

#include "pytypedefs.h"
#include "pyport.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
/* An entry of a thread's stack of handled exceptions (CPython's): the
   thread state's exc_info points at the top one; a generator pushes its
   own while it runs. PyErr_GetExcInfo reads the topmost entry holding an
   exception. */
typedef struct _err_stackitem {
    PyObject *exc_value;
    struct _err_stackitem *previous_item;
} _PyErr_StackItem;
#endif

#ifndef Py_LIMITED_API
struct _ts {
    PyThreadState *prev;  /* always NULL: the states are not linked here */
    PyThreadState *next;  /* always NULL */
    PyInterpreterState *interp;
    /* CPython's _initialized .. tracing_what and cframe .. c_traceobj:
       reserved. */
    int _pybuffer_reserved_ints[7];
    void *_pybuffer_reserved_ptrs[5];
    /* The error indicator (PyErr_Occurred() is curexc_type) and the top of
       the handled-exception stack, at CPython's offsets: the thread's own
       while this state is current on it. Code built against CPython's
       headers (Cython's fast thread state) uses them in place. */
    PyObject *curexc_type;
    PyObject *curexc_value;
    PyObject *curexc_traceback;
    _PyErr_StackItem *exc_info;
    void *_pybuffer_reserved_dict;       /* CPython's dict: see GetDict */
    /* The PyGILState_Ensure nesting on the owning thread: 1 on a state
       PyThreadState_New made (PyGILState_Release never deletes it), 0 on
       one PyGILState_Ensure made before it counts; the PyGILState_Release
       that brings that one back to 0 deletes it. */
    int gilstate_counter;
    void *_pybuffer_reserved_async_exc;  /* CPython's async_exc: NULL */
    unsigned long thread_id;             /* PyThread_get_thread_ident() */
    unsigned long native_thread_id;      /* PyThread_get_thread_native_id() */
    /* CPython's trash_delete_nesting .. context_ver: reserved. */
    int _pybuffer_reserved_trash;
    void *_pybuffer_reserved_ptrs2[3];
    int _pybuffer_reserved_coro;
    void *_pybuffer_reserved_ptrs3[3];
    uint64_t _pybuffer_reserved_context_ver;
    uint64_t id;                         /* PyThreadState_GetID() */
};
#endif

PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Get(void);
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Main(void);
PyAPI_FUNC(int64_t) PyInterpreterState_GetID(PyInterpreterState *interp);
/* A dict for extensions' own state (borrowed; NULL without an error when it
   cannot be made). */
PyAPI_FUNC(PyObject *) PyInterpreterState_GetDict(PyInterpreterState *interp);

#ifndef Py_LIMITED_API
/* The runtime's configuration, read-only and lasting (cpython/pystate.h):
   what CPython's Py_Initialize() would report for this library -- no
   command line, import path or installation, optimization_level from
   Py_OptimizeFlag -- which Cython 0.29's assert checks read. */
struct PyConfig;
PyAPI_FUNC(const struct PyConfig *) _PyInterpreterState_GetConfig(PyInterpreterState *interp);
PyAPI_FUNC(const struct PyConfig *) _Py_GetConfig(void);
#endif

PyAPI_FUNC(PyThreadState *) PyThreadState_New(PyInterpreterState *interp);
PyAPI_FUNC(void) PyThreadState_Clear(PyThreadState *tstate);
PyAPI_FUNC(void) PyThreadState_Delete(PyThreadState *tstate);
PyAPI_FUNC(void) PyThreadState_DeleteCurrent(void);

/* The current thread state; a fatal error when the GIL is released. */
PyAPI_FUNC(PyThreadState *) PyThreadState_Get(void);
#define PyThreadState_GET() PyThreadState_Get()
PyAPI_FUNC(PyThreadState *) _PyThreadState_UncheckedGet(void);
PyAPI_FUNC(PyThreadState *) PyThreadState_Swap(PyThreadState *tstate);

#ifndef Py_LIMITED_API
/* Suspends (Enter) and resumes (Leave) tracing and profiling on tstate
   while a trace function runs; calls nest. Nothing traces here, so only
   the count changes. */
PyAPI_FUNC(void) PyThreadState_EnterTracing(PyThreadState *tstate);
PyAPI_FUNC(void) PyThreadState_LeaveTracing(PyThreadState *tstate);
#endif
/* The current thread state's dict (borrowed), or NULL without an error when
   no thread state is current. */
PyAPI_FUNC(PyObject *) PyThreadState_GetDict(void);
PyAPI_FUNC(PyInterpreterState *) PyThreadState_GetInterpreter(PyThreadState *tstate);
PyAPI_FUNC(uint64_t) PyThreadState_GetID(PyThreadState *tstate);
/* The Python frame the thread runs (a new reference): always NULL here,
   with no error set, since no Python code runs (CPython gives the same
   for a thread running only C code). */
PyAPI_FUNC(PyFrameObject *) PyThreadState_GetFrame(PyThreadState *tstate);

typedef enum { PyGILState_LOCKED, PyGILState_UNLOCKED } PyGILState_STATE;

PyAPI_FUNC(PyGILState_STATE) PyGILState_Ensure(void);
PyAPI_FUNC(void) PyGILState_Release(PyGILState_STATE oldstate);
PyAPI_FUNC(PyThreadState *) PyGILState_GetThisThreadState(void);
PyAPI_FUNC(int) PyGILState_Check(void);

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYSTATE_H */
