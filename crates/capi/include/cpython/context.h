/*
 * cpython/context.h -- context variables (PEP 567), declared only.
 *
 * pybuffer has no contextvars: no PyContext or PyContextVar object
 * exists, so a call to any of these fails to compile (see
 * _Pyb_UNAVAILABLE in pyport.h). The declarations are here because code
 * generators emit them whether or not they are used: Cython's
 * cpython/contextvars.pxd turns into static inline helpers in every
 * module that cimports from `cpython`, and an unused one must still
 * compile.
 */
#ifndef Py_CONTEXT_H
#define Py_CONTEXT_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
#define _Pyb_NO_CONTEXTVARS _Pyb_UNAVAILABLE("pybuffer has no context variables")
extern PyObject *PyContext_New(void) _Pyb_NO_CONTEXTVARS;
extern PyObject *PyContext_Copy(PyObject *ctx) _Pyb_NO_CONTEXTVARS;
extern PyObject *PyContext_CopyCurrent(void) _Pyb_NO_CONTEXTVARS;
extern int PyContext_Enter(PyObject *ctx) _Pyb_NO_CONTEXTVARS;
extern int PyContext_Exit(PyObject *ctx) _Pyb_NO_CONTEXTVARS;
extern PyObject *PyContextVar_New(const char *name, PyObject *default_value) _Pyb_NO_CONTEXTVARS;
extern int PyContextVar_Get(PyObject *var, PyObject *default_value, PyObject **value)
    _Pyb_NO_CONTEXTVARS;
extern PyObject *PyContextVar_Set(PyObject *var, PyObject *value) _Pyb_NO_CONTEXTVARS;
extern int PyContextVar_Reset(PyObject *var, PyObject *token) _Pyb_NO_CONTEXTVARS;
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_CONTEXT_H */
