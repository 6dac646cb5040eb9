/*
 * cpython/abstract.h -- calling objects: PyObject_Call and its variants, and
 * the vectorcall protocol (PEP 590); isinstance() and issubclass(). (CPython splits these between
 * abstract.h and cpython/abstract.h; the number, sequence and mapping
 * protocols are in abstract.h.)
 */
#ifndef Py_CPYTHON_ABSTRACT_H
#define Py_CPYTHON_ABSTRACT_H

#include "../object.h"

#ifdef __cplusplus
extern "C" {
#endif

/* isinstance() and issubclass() (CPython declares them in abstract.h). */
PyAPI_FUNC(int) PyObject_IsInstance(PyObject *object, PyObject *typeorclass);
PyAPI_FUNC(int) PyObject_IsSubclass(PyObject *object, PyObject *typeorclass);

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
/* A new dict of kwnames[i]: values[i] for each name of the tuple `kwnames`
   (a vectorcall's keywords). CPython's private form; Cython 3 builds a
   fastcall function's **kwargs with it. */
PyAPI_FUNC(PyObject *) _PyStack_AsDict(PyObject *const *values, PyObject *kwnames);

/* What CPython 3.11's inline vectorcall helpers call, so an extension built
   against its headers references them: a call through tp_call with the
   arguments in a tuple and the keywords (NULL, a dict, or a kwnames tuple
   whose values follow the arguments) in a dict; and the check of a call's
   result against the error indicator, naming `callable` (or `where` when
   it is NULL) in the SystemError. `tstate` is unused here. */
PyAPI_FUNC(PyObject *) _PyObject_MakeTpCall(PyThreadState *tstate, PyObject *callable,
                                            PyObject *const *args, Py_ssize_t nargs,
                                            PyObject *keywords);
PyAPI_FUNC(PyObject *) _Py_CheckFunctionResult(PyThreadState *tstate, PyObject *callable,
                                               PyObject *result, const char *where);
/* PyObject_Vectorcall with `nargs` positional arguments and no keywords
   (3.11 exports it; earlier versions had it inline). */
PyAPI_FUNC(PyObject *) _PyObject_FastCall(PyObject *callable, PyObject *const *args, Py_ssize_t nargs);

PyAPI_FUNC(PyObject *) PyObject_Call(PyObject *callable, PyObject *args, PyObject *kwargs);
PyAPI_FUNC(PyObject *) PyObject_CallObject(PyObject *callable, PyObject *args);
PyAPI_FUNC(PyObject *) PyObject_CallNoArgs(PyObject *callable);
PyAPI_FUNC(PyObject *) PyObject_CallOneArg(PyObject *callable, PyObject *arg);
PyAPI_FUNC(PyObject *) PyObject_CallMethodNoArgs(PyObject *self, PyObject *name);
PyAPI_FUNC(PyObject *) PyObject_CallMethodOneArg(PyObject *self, PyObject *name, PyObject *arg);
/* The spellings of the vectorcall API from 3.8, when it was provisional;
   3.11 keeps them as aliases. */
#define _PyObject_Vectorcall PyObject_Vectorcall
#define _PyObject_VectorcallMethod PyObject_VectorcallMethod
#define _PyObject_FastCallDict PyObject_VectorcallDict
#define _PyVectorcall_Function PyVectorcall_Function
#define _PyObject_CallOneArg PyObject_CallOneArg
#define _PyObject_CallMethodNoArgs PyObject_CallMethodNoArgs
#define _PyObject_CallMethodOneArg PyObject_CallMethodOneArg

/* The method calls with the name given as a _Py_IDENTIFIER (object.h). */
PyAPI_FUNC(PyObject *) _PyObject_CallMethodId(PyObject *obj, _Py_Identifier *name, const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethodId_SizeT(PyObject *obj, _Py_Identifier *name, const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethodIdObjArgs(PyObject *obj, _Py_Identifier *name, ...);
#ifdef PY_SSIZE_T_CLEAN
#  define _PyObject_CallMethodId _PyObject_CallMethodId_SizeT
#endif

static inline PyObject *_PyObject_VectorcallMethodId(_Py_Identifier *name, PyObject *const *args, size_t nargsf,
                                                     PyObject *kwnames)
{
    PyObject *oname = _PyUnicode_FromId(name); /* borrowed */
    if (oname == _Py_NULL)
        return _Py_NULL;
    return PyObject_VectorcallMethod(oname, args, nargsf, kwnames);
}

static inline PyObject *_PyObject_CallMethodIdNoArgs(PyObject *self, _Py_Identifier *name)
{
    return _PyObject_VectorcallMethodId(name, &self, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, _Py_NULL);
}

static inline PyObject *_PyObject_CallMethodIdOneArg(PyObject *self, _Py_Identifier *name, PyObject *arg)
{
    PyObject *args[2] = {self, arg};
    return _PyObject_VectorcallMethodId(name, args, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, _Py_NULL);
}
/* Calls with the arguments a Py_BuildValue format builds (a single tuple is
   spread into the arguments). Under PY_SSIZE_T_CLEAN, '#' lengths are
   Py_ssize_t. */
#ifdef PY_SSIZE_T_CLEAN
#  define PyObject_CallFunction _PyObject_CallFunction_SizeT
#  define PyObject_CallMethod _PyObject_CallMethod_SizeT
#endif
PyAPI_FUNC(PyObject *) PyObject_CallFunction(PyObject *callable, const char *format, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethod(PyObject *obj, const char *name, const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallFunction_SizeT(PyObject *callable, const char *format, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethod_SizeT(PyObject *obj, const char *name, const char *format, ...);
PyAPI_FUNC(PyObject *) PyEval_CallFunction(PyObject *callable, const char *format, ...);
PyAPI_FUNC(PyObject *) PyEval_CallMethod(PyObject *obj, const char *name, const char *format, ...);
/* The argument lists end with NULL. */
PyAPI_FUNC(PyObject *) PyObject_CallFunctionObjArgs(PyObject *callable, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...);
PyAPI_FUNC(PyObject *) PyEval_CallObjectWithKeywords(PyObject *callable, PyObject *args,
                                                     PyObject *kwargs);
#define PyEval_CallObject(callable, arg) PyEval_CallObjectWithKeywords((callable), (arg), NULL)

#ifdef __cplusplus
}
#endif

#endif /* !Py_CPYTHON_ABSTRACT_H */
