/*
 * abstract.c -- PyObject_LengthHint (CPython's Objects/abstract.c): how
 * many items an iteration over `o` will probably give, for presizing.
 * Here because it is C over the C API (a special-method lookup, a call).
 */
#include "Python.h"

/* type(o).__length_hint__ bound to o (a new reference), or NULL, with an
   error only when binding failed. */
static PyObject *lookup_length_hint(PyObject *o)
{
    static PyObject *name;
    if (name == NULL) {
        name = PyUnicode_InternFromString("__length_hint__");
        if (name == NULL)
            return NULL;
    }
    PyObject *found = _PyType_Lookup(Py_TYPE(o), name);
    if (found == NULL)
        return NULL;
    descrgetfunc get = Py_TYPE(found)->tp_descr_get;
    if (get == NULL)
        return Py_NewRef(found);
    return get(found, o, (PyObject *)Py_TYPE(o));
}

Py_ssize_t PyObject_LengthHint(PyObject *o, Py_ssize_t defaultvalue)
{
    PyTypeObject *tp = Py_TYPE(o);
    if ((tp->tp_as_sequence != NULL && tp->tp_as_sequence->sq_length != NULL)
        || (tp->tp_as_mapping != NULL && tp->tp_as_mapping->mp_length != NULL)) {
        Py_ssize_t n = PyObject_Size(o);
        if (n >= 0)
            return n;
        if (!PyErr_ExceptionMatches(PyExc_TypeError))
            return -1;
        PyErr_Clear();
    }
    PyObject *hint = lookup_length_hint(o);
    if (hint == NULL)
        return PyErr_Occurred() ? -1 : defaultvalue;
    PyObject *result = PyObject_CallNoArgs(hint);
    Py_DECREF(hint);
    if (result == NULL) {
        if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            return defaultvalue;
        }
        return -1;
    }
    if (result == Py_NotImplemented) {
        Py_DECREF(result);
        return defaultvalue;
    }
    if (!PyLong_Check(result)) {
        PyErr_Format(PyExc_TypeError, "__length_hint__ must be an integer, not %.100s", Py_TYPE(result)->tp_name);
        Py_DECREF(result);
        return -1;
    }
    Py_ssize_t n = PyLong_AsSsize_t(result);
    Py_DECREF(result);
    if (n < 0 && PyErr_Occurred())
        return -1;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "__length_hint__() should return >= 0");
        return -1;
    }
    return n;
}
