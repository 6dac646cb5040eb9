/* The one-line-per-case output of the differential sources that include
 * it (scripts/c-tests.sh compares those lines with CPython's):
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * Include after <Python.h> and <stdio.h>; the source numbers its cases
 * through `case_no`.
 */
#ifndef PYBUFFER_DIFFERENTIAL_CASE_H
#define PYBUFFER_DIFFERENTIAL_CASE_H

static int case_no;

/* One case: the type and ascii() of `o` (a reference the case owns and
   gives up), or when `o` is NULL the pending error as "Type: message",
   cleared. */
static void show(const char *what, PyObject *o) {
    printf("%d\t%s\t", ++case_no, what);
    if (o == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s: %s\n", t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        return;
    }
    PyObject *r = PyObject_ASCII(o);
    printf("%s %s\n", Py_TYPE(o)->tp_name, r ? PyUnicode_AsUTF8(r) : "<ascii failed>");
    Py_XDECREF(r);
    PyErr_Clear();
    Py_DECREF(o);
}

#endif
