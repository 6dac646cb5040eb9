/*
 * frameobject.h -- CPython 3.11's frame object interface header, which
 * Python.h does not include (pythoncapi_compat.h and Cython-era code
 * include it by name). pyframe.h's accessors plus cpython/frameobject.h's
 * constructors and locals syncing, declared only: no Python code runs in
 * this library, so no frame object can exist, and a call to any of these
 * fails to compile (see _Pyb_UNAVAILABLE in pyport.h).
 */
#ifndef Py_FRAMEOBJECT_H
#define Py_FRAMEOBJECT_H

#include "Python.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
extern PyFrameObject *PyFrame_New(PyThreadState *tstate, PyCodeObject *code, PyObject *globals,
                                  PyObject *locals) _Pyb_NO_FRAMES;
extern void PyFrame_LocalsToFast(PyFrameObject *frame, int clear) _Pyb_NO_FRAMES;
extern int PyFrame_FastToLocalsWithError(PyFrameObject *frame) _Pyb_NO_FRAMES;
extern void PyFrame_FastToLocals(PyFrameObject *frame) _Pyb_NO_FRAMES;
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_FRAMEOBJECT_H */
