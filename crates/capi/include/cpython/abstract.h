/*
 * cpython/abstract.h -- calling objects: PyObject_Call and its variants, and
 * the vectorcall protocol (PEP 590). (CPython splits these between
 * abstract.h and cpython/abstract.h; the number, sequence and mapping
 * protocols are in abstract.h.)
 */
#ifndef Py_CPYTHON_ABSTRACT_H
#define Py_CPYTHON_ABSTRACT_H

#include "../object.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Set in nargsf when the callee may overwrite args[-1]. */
#define PY_VECTORCALL_ARGUMENTS_OFFSET ((size_t)1 << (8 * sizeof(size_t) - 1))

static inline Py_ssize_t PyVectorcall_NARGS(size_t nargsf) {
    return (Py_ssize_t)(nargsf & ~PY_VECTORCALL_ARGUMENTS_OFFSET);
}

PyAPI_FUNC(vectorcallfunc) PyVectorcall_Function(PyObject *callable);
PyAPI_FUNC(PyObject *) PyVectorcall_Call(PyObject *callable, PyObject *tuple, PyObject *dict);
PyAPI_FUNC(PyObject *) PyObject_Vectorcall(PyObject *callable, PyObject *const *args,
                                           size_t nargsf, PyObject *kwnames);
PyAPI_FUNC(PyObject *) PyObject_VectorcallDict(PyObject *callable, PyObject *const *args,
                                               size_t nargsf, PyObject *kwargs);
PyAPI_FUNC(PyObject *) PyObject_VectorcallMethod(PyObject *name, PyObject *const *args,
                                                 size_t nargsf, PyObject *kwnames);

PyAPI_FUNC(PyObject *) PyObject_Call(PyObject *callable, PyObject *args, PyObject *kwargs);
PyAPI_FUNC(PyObject *) PyObject_CallObject(PyObject *callable, PyObject *args);
PyAPI_FUNC(PyObject *) PyObject_CallNoArgs(PyObject *callable);
PyAPI_FUNC(PyObject *) PyObject_CallOneArg(PyObject *callable, PyObject *arg);
PyAPI_FUNC(PyObject *) PyObject_CallMethodNoArgs(PyObject *self, PyObject *name);
PyAPI_FUNC(PyObject *) PyObject_CallMethodOneArg(PyObject *self, PyObject *name, PyObject *arg);
/* The argument lists end with NULL. */
PyAPI_FUNC(PyObject *) PyObject_CallFunctionObjArgs(PyObject *callable, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...);
PyAPI_FUNC(PyObject *) PyEval_CallObjectWithKeywords(PyObject *callable, PyObject *args,
                                                     PyObject *kwargs);
#define PyEval_CallObject(callable, arg) PyEval_CallObjectWithKeywords((callable), (arg), NULL)

/* Private: the method lookup of PyObject_CallMethodObjArgs (call.c). */
PyAPI_FUNC(PyObject *) _Pyb_GetMethodForCall(PyObject *obj, PyObject *name);

#ifdef __cplusplus
}
#endif

#endif /* !Py_CPYTHON_ABSTRACT_H */
