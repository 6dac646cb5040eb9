/* Differential cases for PyErr_SetImportError and
 * PyErr_SetImportErrorSubclass (Python/errors.c): the exception raised,
 * its msg, name and path attributes and str(), NULL name/path as None,
 * subclasses (ModuleNotFoundError and one made with PyErr_NewException),
 * the TypeErrors for a class that is not an ImportError subclass or a
 * missing message, a non-class, and reference counts of the arguments.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

static void put_attr(PyObject *v, const char *name)
{
    PyObject *a = PyObject_GetAttrString(v, name);
    put(" %s=", name);
    if (a == NULL) {
        put("<");
        put_exception();
        put(">");
        return;
    }
    put_repr(a);
    Py_DECREF(a);
}

/* Shows what the call left set: type, str(), msg, name, path, args. */
static void show_raised(PyObject *ret)
{
    put("returned %s;", ret == NULL ? "NULL" : "non-NULL");
    Py_XDECREF(ret);
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    if (t == NULL) {
        put(" nothing raised");
        return;
    }
    PyErr_NormalizeException(&t, &v, &tb);
    put(" raised %s", ((PyTypeObject *)t)->tp_name);
    PyObject *s = PyObject_Str(v);
    put(" str=");
    put_repr(s);
    Py_XDECREF(s);
    if (PyErr_GivenExceptionMatches(t, PyExc_ImportError)) {
        put_attr(v, "msg");
        put_attr(v, "name");
        put_attr(v, "path");
        put_attr(v, "args");
    }
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

#define CASE_RAISED(what, expr) \
    do {                        \
        begin(what);            \
        show_raised(expr);      \
        end();                  \
    } while (0)

int main(void)
{
    Py_Initialize();
    PyObject *msg = PyUnicode_FromString("no module named spam");
    PyObject *name = PyUnicode_FromString("spam");
    PyObject *path = PyUnicode_FromString("/x/spam.so");
    PyObject *sub = PyErr_NewException("importerror.MyImportError", PyExc_ImportError, NULL);
    PyObject *other = PyErr_NewException("importerror.Other", PyExc_ValueError, NULL);

    begin("SetImportError(msg, name, path)");
    watch(msg);
    watch(name);
    watch(path);
    show_raised(PyErr_SetImportError(msg, name, path));
    end();
    CASE_RAISED("SetImportError(msg, NULL, NULL)", PyErr_SetImportError(msg, NULL, NULL));
    CASE_RAISED("SetImportError(msg, name, NULL)", PyErr_SetImportError(msg, name, NULL));
    CASE_RAISED("SetImportError(msg, NULL, path)", PyErr_SetImportError(msg, NULL, path));
    CASE_RAISED("SetImportError(NULL, name, path)", PyErr_SetImportError(NULL, name, path));
    {
        PyObject *i = PyLong_FromLong(7);
        CASE_RAISED("SetImportError(7, 7, 7)", PyErr_SetImportError(i, i, i));
        Py_DECREF(i);
    }
    CASE_RAISED("SetImportError(msg, Py_None, Py_None)", PyErr_SetImportError(msg, Py_None, Py_None));
    CASE_RAISED("SetImportErrorSubclass(ModuleNotFoundError, msg, name, path)",
                PyErr_SetImportErrorSubclass(PyExc_ModuleNotFoundError, msg, name, path));
    begin("SetImportErrorSubclass(MyImportError, msg, name, NULL)");
    watch(sub);
    show_raised(PyErr_SetImportErrorSubclass(sub, msg, name, NULL));
    end();
    CASE_RAISED("SetImportErrorSubclass(ImportError, msg, NULL, NULL)",
                PyErr_SetImportErrorSubclass(PyExc_ImportError, msg, NULL, NULL));
    CASE_RAISED("SetImportErrorSubclass(ValueError, msg, name, path)",
                PyErr_SetImportErrorSubclass(PyExc_ValueError, msg, name, path));
    CASE_RAISED("SetImportErrorSubclass(Other(ValueError), msg, name, path)",
                PyErr_SetImportErrorSubclass(other, msg, name, path));
    CASE_RAISED("SetImportErrorSubclass(ModuleNotFoundError, NULL, name, path)",
                PyErr_SetImportErrorSubclass(PyExc_ModuleNotFoundError, NULL, name, path));
    CASE_RAISED("SetImportErrorSubclass(ValueError, NULL, name, path)",
                PyErr_SetImportErrorSubclass(PyExc_ValueError, NULL, name, path));
    {
        PyObject *i = PyLong_FromLong(7);
        CASE_RAISED("SetImportErrorSubclass(7, msg, name, path)", PyErr_SetImportErrorSubclass(i, msg, name, path));
        Py_DECREF(i);
    }
    CASE_RAISED("SetImportErrorSubclass(str, msg, name, path)",
                PyErr_SetImportErrorSubclass((PyObject *)&PyUnicode_Type, msg, name, path));
    /* A pending error is replaced. */
    PyErr_SetString(PyExc_KeyError, "pending");
    CASE_RAISED("SetImportError(msg, name, path) with KeyError pending", PyErr_SetImportError(msg, name, path));
    /* The raised exception can be caught as ImportError and matched. */
    begin("SetImportErrorSubclass(ModuleNotFoundError, ...) then ExceptionMatches(ImportError)");
    PyErr_SetImportErrorSubclass(PyExc_ModuleNotFoundError, msg, name, path);
    put("-> %d", PyErr_ExceptionMatches(PyExc_ImportError));
    PyErr_Clear();
    end();

    Py_DECREF(msg);
    Py_DECREF(name);
    Py_DECREF(path);
    Py_DECREF(sub);
    Py_DECREF(other);
    return 0;
}
