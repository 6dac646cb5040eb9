/*
 * genobject.h -- generators, coroutines and asynchronous generators, as
 * CPython 3.11's cpython/genobject.h declares them (same struct layout).
 *
 * No Python code runs in this library, so no generator, coroutine or
 * async generator object can exist: the three types are here (with
 * CPython's names, and no tp_new, as in CPython), so the
 * PyGen_Check family compiles and answers 0 for every object; the
 * constructors, which need a running frame, are declared only and a call
 * to one fails to compile (see _Pyb_UNAVAILABLE in pyport.h). Code
 * generators' own generator types (Cython's __pyx_Generator, made from a
 * spec) work like any other type, and use the StopIteration plumbing
 * below to return a value.
 */
#ifndef Py_GENOBJECT_H
#define Py_GENOBJECT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
#define _Pyb_NO_GENERATORS _Pyb_UNAVAILABLE("pybuffer runs no Python code: no generator frame can exist")

#define _PyGenObject_HEAD(prefix)                                           \
    PyObject_HEAD                                                           \
    PyCodeObject *prefix##_code;                                            \
    PyObject *prefix##_weakreflist;                                         \
    PyObject *prefix##_name;                                                \
    PyObject *prefix##_qualname;                                            \
    _PyErr_StackItem prefix##_exc_state;                                    \
    PyObject *prefix##_origin_or_finalizer;                                 \
    char prefix##_hooks_inited;                                             \
    char prefix##_closed;                                                   \
    char prefix##_running_async;                                            \
    int8_t prefix##_frame_state;                                            \
    PyObject *prefix##_iframe[1];

typedef struct {
    _PyGenObject_HEAD(gi)
} PyGenObject;

/* `generator`. */
PyAPI_DATA(PyTypeObject) PyGen_Type;

#define PyGen_Check(op) PyObject_TypeCheck((op), &PyGen_Type)
#define PyGen_CheckExact(op) Py_IS_TYPE((op), &PyGen_Type)

extern PyObject *PyGen_New(PyFrameObject *frame) _Pyb_NO_GENERATORS;
extern PyObject *PyGen_NewWithQualName(PyFrameObject *frame, PyObject *name, PyObject *qualname)
    _Pyb_NO_GENERATORS;
extern PyCodeObject *PyGen_GetCode(PyGenObject *gen) _Pyb_NO_GENERATORS;

/* Sets StopIteration carrying `value` (NULL: no value), as a generator's
   `return value` does: a tuple or an exception instance is wrapped in a
   StopIteration instance first, so it stays the exception's .value
   rather than becoming its arguments. 0, or -1 with the error making the
   instance raised. */
PyAPI_FUNC(int) _PyGen_SetStopIterationValue(PyObject *value);
/* Takes the value out of a pending StopIteration (clearing it) into
   *pvalue (a new reference; None when it has none), or None when no
   error is pending: 0. -1, leaving the error, for any other error. */
PyAPI_FUNC(int) _PyGen_FetchStopIterationValue(PyObject **pvalue);

typedef struct {
    _PyGenObject_HEAD(cr)
} PyCoroObject;

/* `coroutine`. */
PyAPI_DATA(PyTypeObject) PyCoro_Type;

#define PyCoro_CheckExact(op) Py_IS_TYPE((op), &PyCoro_Type)
extern PyObject *PyCoro_New(PyFrameObject *frame, PyObject *name, PyObject *qualname)
    _Pyb_NO_GENERATORS;

typedef struct {
    _PyGenObject_HEAD(ag)
} PyAsyncGenObject;

/* `async_generator`. */
PyAPI_DATA(PyTypeObject) PyAsyncGen_Type;

#define PyAsyncGen_CheckExact(op) Py_IS_TYPE((op), &PyAsyncGen_Type)
extern PyObject *PyAsyncGen_New(PyFrameObject *frame, PyObject *name, PyObject *qualname)
    _Pyb_NO_GENERATORS;

#undef _PyGenObject_HEAD
#endif /* !Py_LIMITED_API */

#ifdef __cplusplus
}
#endif

#endif /* !Py_GENOBJECT_H */
