/*
 * object.c -- PyObject_Print (CPython's Objects/object.c): writes str(op)
 * (with Py_PRINT_RAW) or repr(op) to a C stdio stream, as UTF-8 with
 * backslash escapes for what UTF-8 cannot carry (lone surrogates). It is C
 * because its argument is a FILE *.
 */
#include "Python.h"

int PyObject_Print(PyObject *op, FILE *fp, int flags)
{
    int ret = 0;
    if (PyErr_CheckSignals())
        return -1;
    clearerr(fp); /* only this call's errors are reported */
    if (op == NULL) {
        fprintf(fp, "<nil>");
    } else if (Py_REFCNT(op) <= 0) {
        fprintf(fp, "<refcnt %zd at %p>", Py_REFCNT(op), (void *)op);
    } else {
        PyObject *s = (flags & Py_PRINT_RAW) ? PyObject_Str(op) : PyObject_Repr(op);
        if (s == NULL) {
            ret = -1;
        } else if (PyBytes_Check(s)) {
            fwrite(PyBytes_AS_STRING(s), 1, (size_t)PyBytes_GET_SIZE(s), fp);
        } else if (PyUnicode_Check(s)) {
            PyObject *t = PyUnicode_AsEncodedString(s, "utf-8", "backslashreplace");
            if (t == NULL) {
                ret = -1;
            } else {
                fwrite(PyBytes_AS_STRING(t), 1, (size_t)PyBytes_GET_SIZE(t), fp);
                Py_DECREF(t);
            }
        } else {
            PyErr_Format(PyExc_TypeError, "str() or repr() returned '%.100s'", Py_TYPE(s)->tp_name);
            ret = -1;
        }
        Py_XDECREF(s);
    }
    if (ret == 0 && ferror(fp)) {
        PyErr_SetFromErrno(PyExc_OSError);
        clearerr(fp);
        ret = -1;
    }
    return ret;
}
