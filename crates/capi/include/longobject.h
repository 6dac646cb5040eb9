/*
 * longobject.h -- int: PyLong_Type and the conversions between int and C
 * numbers and strings. An int has any size; its layout (PyLongObject, 30-bit
 * digits) is in cpython/longintrepr.h, as in CPython.
 */
#ifndef Py_LONGOBJECT_H
#define Py_LONGOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

/* bool derives from int: PyLong_Check(Py_True) is true and
   PyLong_AsLong(Py_True) is 1. */
PyAPI_DATA(PyTypeObject) PyLong_Type;

#define PyLong_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_LONG_SUBCLASS)
#define PyLong_CheckExact(op) Py_IS_TYPE((op), &PyLong_Type)

/* A new sys.int_info (digit size, int-to-str digit limits). */
PyAPI_FUNC(PyObject *) PyLong_GetInfo(void);
PyAPI_FUNC(PyObject *) PyLong_FromLong(long v);
PyAPI_FUNC(PyObject *) PyLong_FromUnsignedLong(unsigned long v);
PyAPI_FUNC(PyObject *) PyLong_FromLongLong(long long v);
PyAPI_FUNC(PyObject *) PyLong_FromUnsignedLongLong(unsigned long long v);
PyAPI_FUNC(PyObject *) PyLong_FromSsize_t(Py_ssize_t v);
PyAPI_FUNC(PyObject *) PyLong_FromSize_t(size_t v);
PyAPI_FUNC(PyObject *) PyLong_FromDouble(double v);
PyAPI_FUNC(PyObject *) PyLong_FromVoidPtr(void *p);
PyAPI_FUNC(PyObject *) PyLong_FromString(const char *str, char **pend, int base);
/* strtoul/strtol with Python's literal rules (0x/0o/0b prefixes, no C
   octal); an overflow sets errno to ERANGE and clamps. */
PyAPI_FUNC(unsigned long) PyOS_strtoul(const char *str, char **ptr, int base);
PyAPI_FUNC(long) PyOS_strtol(const char *str, char **ptr, int base);
PyAPI_FUNC(PyObject *) PyLong_FromUnicodeObject(PyObject *u, int base);

/* Conversions to C raise OverflowError with CPython's messages when the
   value does not fit. PyLong_AsLong, AsLongLong, the *AndOverflow and
   *Mask variants accept any object with __index__; the others need an
   int. */
PyAPI_FUNC(long) PyLong_AsLong(PyObject *obj);
/* The old unchecked spelling (a plain alias in 3.11, as is the pid_t pair:
   pid_t is an int on the platforms we build for, and CPython picks the long
   conversions for an int-sized pid_t). */
#define PyLong_AS_LONG(op) PyLong_AsLong(op)
#define _Py_PARSE_PID "i"
#define PyLong_FromPid PyLong_FromLong
#define PyLong_AsPid PyLong_AsLong
/* format units for an intptr_t / uintptr_t (a long on LP64) */
#define _Py_PARSE_INTPTR "l"
#define _Py_PARSE_UINTPTR "k"
PyAPI_FUNC(long) PyLong_AsLongAndOverflow(PyObject *obj, int *overflow);
PyAPI_FUNC(long long) PyLong_AsLongLong(PyObject *obj);
PyAPI_FUNC(long long) PyLong_AsLongLongAndOverflow(PyObject *obj, int *overflow);
PyAPI_FUNC(unsigned long) PyLong_AsUnsignedLong(PyObject *obj);
PyAPI_FUNC(unsigned long long) PyLong_AsUnsignedLongLong(PyObject *obj);
PyAPI_FUNC(unsigned long) PyLong_AsUnsignedLongMask(PyObject *obj);
PyAPI_FUNC(unsigned long long) PyLong_AsUnsignedLongLongMask(PyObject *obj);
PyAPI_FUNC(Py_ssize_t) PyLong_AsSsize_t(PyObject *obj);
PyAPI_FUNC(size_t) PyLong_AsSize_t(PyObject *obj);
PyAPI_FUNC(double) PyLong_AsDouble(PyObject *obj);
PyAPI_FUNC(void *) PyLong_AsVoidPtr(PyObject *obj);
PyAPI_FUNC(int) _PyLong_AsInt(PyObject *obj);

/* Sign, size and raw bytes (two's complement when is_signed). */
PyAPI_FUNC(int) _PyLong_Sign(PyObject *v);
PyAPI_FUNC(size_t) _PyLong_NumBits(PyObject *v);
PyAPI_FUNC(PyObject *) _PyLong_FromByteArray(const unsigned char *bytes, size_t n,
                                             int little_endian, int is_signed);
PyAPI_FUNC(int) _PyLong_AsByteArray(PyLongObject *v, unsigned char *bytes, size_t n,
                                    int little_endian, int is_signed);

#ifdef __cplusplus
}
#endif

#endif /* !Py_LONGOBJECT_H */
