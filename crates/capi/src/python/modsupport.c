/*
 * modsupport.c -- the variadic half of modsupport.rs: Py_BuildValue,
 * Py_VaBuildValue, _Py_VaBuildStack and the _SizeT forms <Python.h> maps them to under
 * PY_SSIZE_T_CLEAN. They only start (or copy) the va_list; the building is
 * in Rust. Without FLAG_SIZE_T a '#' length is an int, and refused.
 */
#include "Python.h"

#define FLAG_SIZE_T 1

/* modsupport.rs */
PyObject *_Pyb_va_build_value(const char *format, va_list *va, int flags);
PyObject **_Pyb_va_build_stack(PyObject **small_stack, Py_ssize_t small_len, const char *format, va_list *va,
                               int flags, Py_ssize_t *p_nargs);

#undef Py_BuildValue
#undef Py_VaBuildValue
#undef _Py_VaBuildStack

PyObject *Py_BuildValue(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *retval = _Pyb_va_build_value(format, &va, 0);
    va_end(va);
    return retval;
}

PyObject *_Py_BuildValue_SizeT(const char *format, ...)
{
    va_list va;
    va_start(va, format);
    PyObject *retval = _Pyb_va_build_value(format, &va, FLAG_SIZE_T);
    va_end(va);
    return retval;
}

PyObject *Py_VaBuildValue(const char *format, va_list given)
{
    va_list va;
    va_copy(va, given);
    PyObject *retval = _Pyb_va_build_value(format, &va, 0);
    va_end(va);
    return retval;
}

PyObject *_Py_VaBuildValue_SizeT(const char *format, va_list given)
{
    va_list va;
    va_copy(va, given);
    PyObject *retval = _Pyb_va_build_value(format, &va, FLAG_SIZE_T);
    va_end(va);
    return retval;
}

PyObject **_Py_VaBuildStack(PyObject **small_stack, Py_ssize_t small_stack_len, const char *format, va_list given,
                            Py_ssize_t *p_nargs)
{
    va_list va;
    va_copy(va, given);
    PyObject **stack = _Pyb_va_build_stack(small_stack, small_stack_len, format, &va, 0, p_nargs);
    va_end(va);
    return stack;
}

PyObject **_Py_VaBuildStack_SizeT(PyObject **small_stack, Py_ssize_t small_stack_len, const char *format,
                                  va_list given, Py_ssize_t *p_nargs)
{
    va_list va;
    va_copy(va, given);
    PyObject **stack = _Pyb_va_build_stack(small_stack, small_stack_len, format, &va, FLAG_SIZE_T, p_nargs);
    va_end(va);
    return stack;
}
