/*
 * call.c -- the variadic half of call.rs: PyObject_CallFunctionObjArgs and
 * PyObject_CallMethodObjArgs, whose NULL-terminated argument lists stable
 * Rust cannot read. The C side only collects the pointers into an array;
 * the call itself is PyObject_Vectorcall's (call.rs).
 */
#include "Python.h"

/* Collects the NULL-terminated PyObject * arguments of `va` after an
   optional leading `self` into a new array; *n receives the count. NULL
   with MemoryError set on failure. */
static PyObject **collect_args(PyObject *self, va_list va, Py_ssize_t *n)
{
    va_list count;
    Py_ssize_t nargs = self != NULL ? 1 : 0;
    va_copy(count, va);
    while (va_arg(count, PyObject *) != NULL) {
        nargs++;
    }
    va_end(count);
    /* One spare slot in front, so callees may use
       PY_VECTORCALL_ARGUMENTS_OFFSET. */
    PyObject **stack = PyMem_Malloc((size_t)(nargs + 1) * sizeof(PyObject *));
    if (stack == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    Py_ssize_t i = 1;
    if (self != NULL) {
        stack[i++] = self;
    }
    for (; i <= nargs; i++) {
        stack[i] = va_arg(va, PyObject *);
    }
    *n = nargs;
    return stack;
}

PyObject *PyObject_CallFunctionObjArgs(PyObject *callable, ...)
{
    if (callable == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
        }
        return NULL;
    }
    va_list va;
    Py_ssize_t nargs = 0;
    va_start(va, callable);
    PyObject **stack = collect_args(NULL, va, &nargs);
    va_end(va);
    if (stack == NULL) {
        return NULL;
    }
    PyObject *result = PyObject_Vectorcall(callable, stack + 1,
                                           (size_t)nargs | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    PyMem_Free(stack);
    return result;
}

PyObject *PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...)
{
    PyObject *callable = _Pyb_GetMethodForCall(obj, name);
    if (callable == NULL) {
        return NULL;
    }
    va_list va;
    Py_ssize_t nargs = 0;
    va_start(va, name);
    PyObject **stack = collect_args(NULL, va, &nargs);
    va_end(va);
    if (stack == NULL) {
        Py_DECREF(callable);
        return NULL;
    }
    PyObject *result = PyObject_Vectorcall(callable, stack + 1,
                                           (size_t)nargs | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    PyMem_Free(stack);
    Py_DECREF(callable);
    return result;
}
