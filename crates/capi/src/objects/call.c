/*
 * call.c -- the variadic calls of CPython's Objects/call.c:
 * PyObject_CallFunction, PyObject_CallMethod (and the PyEval_ copies and
 * _SizeT forms PY_SSIZE_T_CLEAN maps them to), PyObject_CallFunctionObjArgs
 * and PyObject_CallMethodObjArgs, and their _Py_IDENTIFIER forms
 * (_PyObject_CallMethodId[_SizeT], _PyObject_CallMethodIdObjArgs). They only
 * start the va_list; building the arguments and calling is
 * python/modsupport.rs's, except for the ObjArgs method calls, which call
 * PyObject_VectorcallMethod.
 */
#include "Python.h"

#define FLAG_SIZE_T 1

/* python/modsupport.rs */
PyObject *_Pyb_call_function(PyObject *callable, const char *format, va_list *va, int flags);
PyObject *_Pyb_call_method(PyObject *obj, const char *name, const char *format, va_list *va, int flags);
PyObject *_Pyb_call_function_objargs(PyObject *callable, va_list *va);

#undef PyObject_CallFunction
#undef PyObject_CallMethod
#undef _PyObject_CallMethodId

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

/* As CPython: the method is looked up as PyObject_VectorcallMethod does
   (a method descriptor is called unbound, with obj first), and the
   arguments (the NULL-terminated rest of `va`) are passed on a stack with a
   spare slot in front. */
static PyObject *call_method_objargs(PyObject *obj, PyObject *name, va_list va)
{
    if (obj == NULL || name == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
        return NULL;
    }
    va_list count;
    size_t n = 0;
    va_copy(count, va);
    while (va_arg(count, PyObject *) != NULL)
        n++;
    va_end(count);
    PyObject *small[8];
    PyObject **stack = small;
    if (n + 2 > sizeof small / sizeof small[0]) {
        stack = PyMem_Malloc((n + 2) * sizeof(PyObject *));
        if (stack == NULL)
            return PyErr_NoMemory();
    }
    stack[1] = obj;
    for (size_t i = 0; i < n; i++)
        stack[i + 2] = va_arg(va, PyObject *);
    PyObject *result = PyObject_VectorcallMethod(name, stack + 1, (n + 1) | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    if (stack != small)
        PyMem_Free(stack);
    return result;
}

PyObject *PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...)
{
    CALL(call_method_objargs(obj, name, va), name);
}

/* The method name of an identifier (borrowed), NULL with the error; a NULL
   object fails first, as in CPython. */
static PyObject *id_name(PyObject *obj, _Py_Identifier *id)
{
    if (obj == NULL || id == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
        return NULL;
    }
    return _PyUnicode_FromId(id);
}

PyObject *_PyObject_CallMethodIdObjArgs(PyObject *obj, _Py_Identifier *name, ...)
{
    PyObject *oname = id_name(obj, name);
    if (oname == NULL)
        return NULL;
    CALL(call_method_objargs(obj, oname, va), name);
}

PyObject *_PyObject_CallMethodId(PyObject *obj, _Py_Identifier *name, const char *format, ...)
{
    if (id_name(obj, name) == NULL)
        return NULL;
    CALL(_Pyb_call_method(obj, name->string, format, &va, 0), format);
}

PyObject *_PyObject_CallMethodId_SizeT(PyObject *obj, _Py_Identifier *name, const char *format, ...)
{
    if (id_name(obj, name) == NULL)
        return NULL;
    CALL(_Pyb_call_method(obj, name->string, format, &va, FLAG_SIZE_T), format);
}
