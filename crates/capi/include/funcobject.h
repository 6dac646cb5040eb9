/*
 * funcobject.h -- staticmethod, what a METH_STATIC method becomes in its
 * type's dict; classmethod; and the function type.
 *
 * No Python code runs in this library, so no function object can exist:
 * PyFunction_Type is here (CPython 3.11's PyFunctionObject layout, the name
 * "function") so that PyFunction_Check and isinstance(x, FunctionType)
 * compile and answer false for every object; calling the type raises
 * TypeError (no tp_new). The functions that make or read a function are
 * declared only, and a call to one fails to compile (see _Pyb_UNAVAILABLE
 * in pyport.h).
 */
#ifndef Py_FUNCOBJECT_H
#define Py_FUNCOBJECT_H

#include "object.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
#define _Pyb_NO_FUNCTIONS _Pyb_UNAVAILABLE("pybuffer runs no Python code: no function object can exist")

#define _Py_COMMON_FIELDS(PREFIX)                                           \
    PyObject *PREFIX##globals;                                              \
    PyObject *PREFIX##builtins;                                             \
    PyObject *PREFIX##name;                                                 \
    PyObject *PREFIX##qualname;                                             \
    PyObject *PREFIX##code;                                                 \
    PyObject *PREFIX##defaults;                                             \
    PyObject *PREFIX##kwdefaults;                                           \
    PyObject *PREFIX##closure;

typedef struct {
    PyObject_HEAD
    _Py_COMMON_FIELDS(func_)
    PyObject *func_doc;
    PyObject *func_dict;
    PyObject *func_weakreflist;
    PyObject *func_module;
    PyObject *func_annotations;
    vectorcallfunc vectorcall;
    uint32_t func_version;
} PyFunctionObject;

/* `function`: no instance can exist here. */
PyAPI_DATA(PyTypeObject) PyFunction_Type;

#define PyFunction_Check(op) Py_IS_TYPE((op), &PyFunction_Type)

extern PyObject *PyFunction_New(PyObject *code, PyObject *globals) _Pyb_NO_FUNCTIONS;
extern PyObject *PyFunction_NewWithQualName(PyObject *code, PyObject *globals, PyObject *qualname)
    _Pyb_NO_FUNCTIONS;
extern PyObject *PyFunction_GetCode(PyObject *op) _Pyb_NO_FUNCTIONS;
extern PyObject *PyFunction_GetGlobals(PyObject *op) _Pyb_NO_FUNCTIONS;
extern PyObject *PyFunction_GetModule(PyObject *op) _Pyb_NO_FUNCTIONS;
extern PyObject *PyFunction_GetDefaults(PyObject *op) _Pyb_NO_FUNCTIONS;
extern int PyFunction_SetDefaults(PyObject *op, PyObject *defaults) _Pyb_NO_FUNCTIONS;
extern PyObject *PyFunction_GetKwDefaults(PyObject *op) _Pyb_NO_FUNCTIONS;
extern int PyFunction_SetKwDefaults(PyObject *op, PyObject *defaults) _Pyb_NO_FUNCTIONS;
extern PyObject *PyFunction_GetClosure(PyObject *op) _Pyb_NO_FUNCTIONS;
extern int PyFunction_SetClosure(PyObject *op, PyObject *closure) _Pyb_NO_FUNCTIONS;
extern PyObject *PyFunction_GetAnnotations(PyObject *op) _Pyb_NO_FUNCTIONS;
extern int PyFunction_SetAnnotations(PyObject *op, PyObject *annotations) _Pyb_NO_FUNCTIONS;

/* The fields, unchecked (CPython's macros). */
#define PyFunction_GET_CODE(func) (((PyFunctionObject *)func)->func_code)
#define PyFunction_GET_GLOBALS(func) (((PyFunctionObject *)func)->func_globals)
#define PyFunction_GET_MODULE(func) (((PyFunctionObject *)func)->func_module)
#define PyFunction_GET_DEFAULTS(func) (((PyFunctionObject *)func)->func_defaults)
#define PyFunction_GET_KW_DEFAULTS(func) (((PyFunctionObject *)func)->func_kwdefaults)
#define PyFunction_GET_CLOSURE(func) (((PyFunctionObject *)func)->func_closure)
#define PyFunction_GET_ANNOTATIONS(func) (((PyFunctionObject *)func)->func_annotations)
#endif /* !Py_LIMITED_API */

PyAPI_DATA(PyTypeObject) PyStaticMethod_Type;
PyAPI_FUNC(PyObject *) PyStaticMethod_New(PyObject *callable);
/* classmethod: getting it from a class or an instance binds the callable
   to the class. */
PyAPI_DATA(PyTypeObject) PyClassMethod_Type;
PyAPI_FUNC(PyObject *) PyClassMethod_New(PyObject *callable);

#ifdef __cplusplus
}
#endif

#endif /* !Py_FUNCOBJECT_H */
