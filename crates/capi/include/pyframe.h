/*
 * pyframe.h -- frame objects: the accessors of CPython 3.11's pyframe.h and
 * cpython/pyframe.h, declared only. No Python code runs in this library, so
 * no frame object can exist (PyEval_GetFrame / PyThreadState_GetFrame
 * return NULL); a call to any of these fails to compile (see
 * _Pyb_UNAVAILABLE in pyport.h).
 */
#ifndef Py_PYFRAME_H
#define Py_PYFRAME_H

#ifdef __cplusplus
extern "C" {
#endif

#define _Pyb_NO_FRAMES _Pyb_UNAVAILABLE("pybuffer runs no Python code: no frame object can exist")
extern int PyFrame_GetLineNumber(PyFrameObject *frame) _Pyb_NO_FRAMES;
extern PyCodeObject *PyFrame_GetCode(PyFrameObject *frame) _Pyb_NO_FRAMES;
#ifndef Py_LIMITED_API
extern PyFrameObject *PyFrame_GetBack(PyFrameObject *frame) _Pyb_NO_FRAMES;
extern PyObject *PyFrame_GetLocals(PyFrameObject *frame) _Pyb_NO_FRAMES;
extern PyObject *PyFrame_GetGlobals(PyFrameObject *frame) _Pyb_NO_FRAMES;
extern PyObject *PyFrame_GetBuiltins(PyFrameObject *frame) _Pyb_NO_FRAMES;
extern PyObject *PyFrame_GetGenerator(PyFrameObject *frame) _Pyb_NO_FRAMES;
extern int PyFrame_GetLasti(PyFrameObject *frame) _Pyb_NO_FRAMES;
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYFRAME_H */
