/*
 * frameobject.h -- CPython 3.11's frame object interface header, which
 * Python.h does not include (pythoncapi_compat.h and Cython-era code
 * include it by name): cpython/frameobject.h's constructor and locals
 * syncing.
 *
 * No Python code runs in this library, so the only frames are those an
 * extension makes with PyFrame_New to name a C function in a traceback
 * (PyTraceBack_Here): a code object, the globals, a line number, no
 * previous frame. There are no fast locals, so the locals syncing
 * functions are declared only; a call to one fails to compile (see
 * _Pyb_UNAVAILABLE in pyport.h).
 */
#ifndef Py_FRAMEOBJECT_H
#define Py_FRAMEOBJECT_H

#include "Python.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
/* A frame running `code` with `globals` (a dict) and `locals` (NULL or a
   mapping): NULL with SystemError for a bad argument. */
PyAPI_FUNC(PyFrameObject *) PyFrame_New(PyThreadState *tstate, PyCodeObject *code,
                                        PyObject *globals, PyObject *locals);
extern void PyFrame_LocalsToFast(PyFrameObject *frame, int clear) _Pyb_NO_FRAMES;
extern int PyFrame_FastToLocalsWithError(PyFrameObject *frame) _Pyb_NO_FRAMES;
extern void PyFrame_FastToLocals(PyFrameObject *frame) _Pyb_NO_FRAMES;
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_FRAMEOBJECT_H */
