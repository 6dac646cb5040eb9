/*
 * call.c -- the variadic calls of CPython's Objects/call.c:
 * PyObject_CallFunction, PyObject_CallMethod (and the PyEval_ copies and
 * _SizeT forms PY_SSIZE_T_CLEAN maps them to), PyObject_CallFunctionObjArgs
 * and PyObject_CallMethodObjArgs. They only start the va_list; building the
 * arguments and calling is python/modsupport.rs's.
 */
#include "Python.h"

#define FLAG_SIZE_T 1

/* python/modsupport.rs */
PyObject *_Pyb_call_function(PyObject *callable, const char *format, va_list *va, int flags);
PyObject *_Pyb_call_method(PyObject *obj, const char *name, const char *format, va_list *va, int flags);
PyObject *_Pyb_call_function_objargs(PyObject *callable, va_list *va);
PyObject *_Pyb_call_method_objargs(PyObject *obj, PyObject *name, va_list *va);

#undef PyObject_CallFunction
#undef PyObject_CallMethod

#define CALL(expr, last)               \
    va_list va;                        \
    va_start(va, last);                \
    PyObject *result = expr;           \
    va_end(va);                        \
    return result

PyObject *PyObject_CallFunction(PyObject *callable, const char *format, ...)
{
    CALL(_Pyb_call_function(callable, format, &va, 0), format);
}

PyObject *PyEval_CallFunction(PyObject *callable, const char *format, ...)
{
    CALL(_Pyb_call_function(callable, format, &va, 0), format);
}

PyObject *_PyObject_CallFunction_SizeT(PyObject *callable, const char *format, ...)
{
    CALL(_Pyb_call_function(callable, format, &va, FLAG_SIZE_T), format);
}

PyObject *PyObject_CallMethod(PyObject *obj, const char *name, const char *format, ...)
{
    CALL(_Pyb_call_method(obj, name, format, &va, 0), format);
}

PyObject *PyEval_CallMethod(PyObject *obj, const char *name, const char *format, ...)
{
    CALL(_Pyb_call_method(obj, name, format, &va, 0), format);
}

PyObject *_PyObject_CallMethod_SizeT(PyObject *obj, const char *name, const char *format, ...)
{
    CALL(_Pyb_call_method(obj, name, format, &va, FLAG_SIZE_T), format);
}

PyObject *PyObject_CallFunctionObjArgs(PyObject *callable, ...)
{
    CALL(_Pyb_call_function_objargs(callable, &va), callable);
}

PyObject *PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...)
{
    CALL(_Pyb_call_method_objargs(obj, name, &va), name);
}
