/*
 * va.c -- reading C variadic arguments for Rust.
 *
 * Stable Rust can neither define variadic functions nor read a va_list, so
 * every variadic entry point (PyArg_ParseTuple, Py_BuildValue,
 * PyObject_CallFunction, ...) is a small C trampoline that starts its
 * va_list (va_copy-ing one it was given, so the caller's stays usable) and
 * hands a pointer to it to the Rust implementation. Rust then pulls each
 * argument, as the format it is interpreting demands, through these
 * accessors (see python/va.rs). They take the va_list by pointer so that
 * every pull advances the one list the trampoline owns.
 *
 * Arguments narrower than int arrive promoted (char, short -> int; float
 * -> double), which is why there is no accessor for them.
 */
#include "Python.h"

void *_Pyb_va_ptr(va_list *va) { return va_arg(*va, void *); }
int _Pyb_va_int(va_list *va) { return va_arg(*va, int); }
unsigned int _Pyb_va_uint(va_list *va) { return va_arg(*va, unsigned int); }
long _Pyb_va_long(va_list *va) { return va_arg(*va, long); }
unsigned long _Pyb_va_ulong(va_list *va) { return va_arg(*va, unsigned long); }
long long _Pyb_va_longlong(va_list *va) { return va_arg(*va, long long); }
unsigned long long _Pyb_va_ulonglong(va_list *va) { return va_arg(*va, unsigned long long); }
Py_ssize_t _Pyb_va_ssize(va_list *va) { return va_arg(*va, Py_ssize_t); }
double _Pyb_va_double(va_list *va) { return va_arg(*va, double); }
