/*
 * pystate.h -- thread states, the interpreter state and PyGILState.
 *
 * There is one interpreter (PyInterpreterState_Main, opaque) and a thread
 * state per thread that takes the GIL. PyGILState_Ensure works on any
 * thread, before or without Py_Initialize.
 *
 * PyThreadState shows the first fields of CPython 3.11's struct _ts, in
 * its order: code that reads tstate->interp (Cython does, to tell
 * interpreters apart) compiles unchanged. Then come the fields of theirs
 * that extensions use by name (not at CPython's offsets, which code
 * compiled against this header does not need): cffi's callbacks raise
 * gilstate_counter, as on CPython, so that PyGILState_Release keeps the
 * thread's state alive. The rest of the state is pybuffer's own and not
 * visible; never allocate one yourself.
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
struct _ts {
    PyThreadState *prev;  /* always NULL: the states are not linked here */
    PyThreadState *next;  /* always NULL */
    PyInterpreterState *interp;
    unsigned long thread_id;  /* PyThread_get_thread_ident() of its thread */
    uint64_t id;              /* PyThreadState_GetID() */
    /* PyGILState_Ensure nesting on the owning thread: PyGILState_Release
       deletes the state when it drops to 0. Touch it only with the GIL. */
    int gilstate_counter;
};
#endif

#ifndef Py_LIMITED_API
/* CPython's entry of a thread's handled-exception stack, for the layout of
   the structs that embed one (PyGenObject); pybuffer keeps the handled
   exception in its own per-thread state (see PyErr_GetExcInfo). */
typedef struct _err_stackitem {
    PyObject *exc_value;
    struct _err_stackitem *previous_item;
} _PyErr_StackItem;
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
