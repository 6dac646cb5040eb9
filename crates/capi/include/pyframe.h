/*
 * pyframe.h -- frame objects: the accessors of CPython 3.11's pyframe.h and
 * cpython/pyframe.h. No Python code runs in this library, so the only
 * frames are those extensions make with PyFrame_New for tracebacks (see
 * frameobject.h); PyEval_GetFrame / PyThreadState_GetFrame return NULL.
 * Such a frame has no locals, builtins or generator: those accessors are
 * declared only, and a call to one fails to compile (see _Pyb_UNAVAILABLE
 * in pyport.h).
 */
#ifndef Py_PYFRAME_H
#define Py_PYFRAME_H

#ifdef __cplusplus
extern "C" {
#endif

#define _Pyb_NO_FRAMES _Pyb_UNAVAILABLE("pybuffer runs no Python code: no frame object can exist")
/* f_lineno, or the code object's first line while it is 0. */
PyAPI_FUNC(int) PyFrame_GetLineNumber(PyFrameObject *frame);
/* The frame's code object (a new reference). */
PyAPI_FUNC(PyCodeObject *) PyFrame_GetCode(PyFrameObject *frame);
#ifndef Py_LIMITED_API
/* The frame type (cpython/pyframe.h): `types.FrameType`. */
PyAPI_DATA(PyTypeObject) PyFrame_Type;
#define PyFrame_Check(op) Py_IS_TYPE((op), &PyFrame_Type)
/* The calling frame (a new reference): always NULL, without an error. */
PyAPI_FUNC(PyFrameObject *) PyFrame_GetBack(PyFrameObject *frame);
extern PyObject *PyFrame_GetLocals(PyFrameObject *frame) _Pyb_NO_FRAMES;
/* The frame's globals (a new reference). */
PyAPI_FUNC(PyObject *) PyFrame_GetGlobals(PyFrameObject *frame);
extern PyObject *PyFrame_GetBuiltins(PyFrameObject *frame) _Pyb_NO_FRAMES;
extern PyObject *PyFrame_GetGenerator(PyFrameObject *frame) _Pyb_NO_FRAMES;
/* The last instruction's offset: 0, as CPython 3.11 reports for a frame
   made by PyFrame_New. */
PyAPI_FUNC(int) PyFrame_GetLasti(PyFrameObject *frame);
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYFRAME_H */
