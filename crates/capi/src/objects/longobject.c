/*
 * longobject.c -- int's tp_new, beside longobject.rs: int(x=0, /,
 * base=10), whose keyword parsing (a positional-only x, a keyword base) is
 * PyArg_ParseTupleAndKeywords'. The conversions are the Rust side's
 * (PyNumber_Long, PyLong_FromUnicodeObject, _Pyb_long_from_bytes).
 */
#include <string.h>

#include "Python.h"
#include "cpython/longintrepr.h"

/* int(b, base) for the bytes of a bytes or bytearray (CPython's
   _PyLong_FromBytes, in longobject.rs). */
extern PyObject *_Pyb_long_from_bytes(const char *s, Py_ssize_t len, int base);

/* int(x, base) for int itself (CPython's long_new_impl). */
static PyObject *long_new_exact(PyObject *x, PyObject *obase)
{
    if (x == NULL) {
        if (obase != NULL) {
            PyErr_SetString(PyExc_TypeError, "int() missing string argument");
            return NULL;
        }
        return PyLong_FromLong(0);
    }
    if (obase == NULL)
        return PyNumber_Long(x);
    Py_ssize_t base = PyNumber_AsSsize_t(obase, NULL);
    if (base == -1 && PyErr_Occurred())
        return NULL;
    if ((base != 0 && base < 2) || base > 36) {
        PyErr_SetString(PyExc_ValueError, "int() base must be >= 2 and <= 36, or 0");
        return NULL;
    }
    if (PyUnicode_Check(x))
        return PyLong_FromUnicodeObject(x, (int)base);
    if (PyByteArray_Check(x))
        return _Pyb_long_from_bytes(PyByteArray_AS_STRING(x), PyByteArray_GET_SIZE(x), (int)base);
    if (PyBytes_Check(x))
        return _Pyb_long_from_bytes(PyBytes_AS_STRING(x), PyBytes_GET_SIZE(x), (int)base);
    PyErr_SetString(PyExc_TypeError, "int() can't convert non-string with explicit base");
    return NULL;
}

/* int's tp_new. For a subtype the value is made as an int, then its digits
   are copied into an instance of the subtype (CPython's long_subtype_new),
   which always has room for at least one digit. */
PyObject *_Pyb_long_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"", "base", NULL};
    PyObject *x = NULL, *obase = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OO:int", kwlist, &x, &obase))
        return NULL;
    PyObject *value = long_new_exact(x, obase);
    if (value == NULL || type == &PyLong_Type)
        return value;
    Py_ssize_t size = Py_SIZE(value), n = size < 0 ? -size : size;
    allocfunc alloc = type->tp_alloc ? type->tp_alloc : PyType_GenericAlloc;
    PyObject *obj = alloc(type, n == 0 ? 1 : n);
    if (obj != NULL) {
        Py_SET_SIZE(obj, size);
        memcpy(((PyLongObject *)obj)->ob_digit, ((PyLongObject *)value)->ob_digit, (size_t)n * sizeof(digit));
    }
    Py_DECREF(value);
    return obj;
}
