/* Differential cases for print() and the PyFile_Write* functions it
 * writes with (Python/bltinmodule.c, Objects/fileobject.c): print to a
 * `file=` writer and to sys.stdout (a writer installed with
 * PySys_SetObject; None; missing), sep / end / flush and their type
 * errors, keyword errors, writers that fail or lack methods; and
 * PyFile_WriteObject (str with Py_PRINT_RAW, repr without) and
 * PyFile_WriteString with NULL files and a pending error. What was written
 * is gathered by a writer module whose write() appends to a list.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *written; /* the list write() appends to */
static int flushes;

static PyObject *w_write(PyObject *self, PyObject *arg)
{
    (void)self;
    if (PyUnicode_Check(arg) && PyUnicode_CompareWithASCIIString(arg, "boom") == 0) {
        PyErr_SetString(PyExc_OSError, "write failed");
        return NULL;
    }
    if (PyList_Append(written, arg) < 0)
        return NULL;
    return PyLong_FromSsize_t(PyUnicode_Check(arg) ? PyUnicode_GET_LENGTH(arg) : 0);
}

static PyObject *w_flush(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    flushes++;
    Py_RETURN_NONE;
}

static PyMethodDef writer_methods[] = {
    {"write", w_write, METH_O, NULL},
    {"flush", w_flush, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};
static PyMethodDef write_only_methods[] = {
    {"write", w_write, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static PyModuleDef writer_def = {PyModuleDef_HEAD_INIT, "writer", NULL, -1, writer_methods, NULL, NULL, NULL, NULL};
static PyModuleDef write_only_def = {PyModuleDef_HEAD_INIT, "write_only", NULL, -1, write_only_methods,
                                     NULL, NULL, NULL, NULL};

static PyObject *builtins, *print_fn, *writer, *write_only;

/* print(*args, **kwargs), both stolen (kwargs may be NULL); the case shows
   the result, then what was written (and is cleared). */
static void print_case(const char *what, PyObject *args, PyObject *kwargs)
{
    PyObject *r = PyObject_Call(print_fn, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    show(what, r);
    char w[200];
    snprintf(w, sizeof w, "... written (flushes %d)", flushes);
    show(w, PySequence_List(written));
    PyList_SetSlice(written, 0, PyList_GET_SIZE(written), NULL);
    flushes = 0;
}

int main(void)
{
    Py_Initialize();
    written = PyList_New(0);
    builtins = PyImport_ImportModule("builtins");
    print_fn = PyObject_GetAttrString(builtins, "print");
    writer = PyModule_Create(&writer_def);
    write_only = PyModule_Create(&write_only_def);

    print_case("print('a', 1, None, file=w)", Py_BuildValue("(siO)", "a", 1, Py_None),
               Py_BuildValue("{s:O}", "file", writer));
    print_case("print(file=w)", PyTuple_New(0), Py_BuildValue("{s:O}", "file", writer));
    print_case("print('x', 'y', sep='-', end='!', file=w)", Py_BuildValue("(ss)", "x", "y"),
               Py_BuildValue("{s:s,s:s,s:O}", "sep", "-", "end", "!", "file", writer));
    print_case("print('x', 'y', sep=None, end=None, file=w)", Py_BuildValue("(ss)", "x", "y"),
               Py_BuildValue("{s:O,s:O,s:O}", "sep", Py_None, "end", Py_None, "file", writer));
    print_case("print('x', 'y', sep='', end='', file=w)", Py_BuildValue("(ss)", "x", "y"),
               Py_BuildValue("{s:s,s:s,s:O}", "sep", "", "end", "", "file", writer));
    print_case("print(b'raw', 1.5, [1, 'a'], file=w)", Py_BuildValue("(yd[is])", "raw", 1.5, 1, "a"),
               Py_BuildValue("{s:O}", "file", writer));
    print_case("print('x', sep=5, file=w)", Py_BuildValue("(s)", "x"), Py_BuildValue("{s:i,s:O}", "sep", 5, "file", writer));
    print_case("print('x', end=b'!', file=w)", Py_BuildValue("(s)", "x"),
               Py_BuildValue("{s:y,s:O}", "end", "!", "file", writer));
    print_case("print('x', flush=True, file=w)", Py_BuildValue("(s)", "x"),
               Py_BuildValue("{s:O,s:O}", "flush", Py_True, "file", writer));
    print_case("print('x', flush=0, file=w)", Py_BuildValue("(s)", "x"),
               Py_BuildValue("{s:i,s:O}", "flush", 0, "file", writer));
    print_case("print('x', flush=[1], file=w)", Py_BuildValue("(s)", "x"),
               Py_BuildValue("{s:[i],s:O}", "flush", 1, "file", writer));
    print_case("print('x', flush=True, file=write_only)", Py_BuildValue("(s)", "x"),
               Py_BuildValue("{s:O,s:O}", "flush", Py_True, "file", write_only));
    print_case("print('a', 'boom', 'c', file=w)", Py_BuildValue("(sss)", "a", "boom", "c"),
               Py_BuildValue("{s:O}", "file", writer));
    print_case("print('x', file=5)", Py_BuildValue("(s)", "x"), Py_BuildValue("{s:i}", "file", 5));
    print_case("print('x', spam=1)", Py_BuildValue("(s)", "x"), Py_BuildValue("{s:i}", "spam", 1));

    /* sys.stdout */
    PySys_SetObject("stdout", writer);
    print_case("print('to', 'stdout') with sys.stdout = w", Py_BuildValue("(ss)", "to", "stdout"), NULL);
    print_case("print('x', file=None) with sys.stdout = w", Py_BuildValue("(s)", "x"),
               Py_BuildValue("{s:O}", "file", Py_None));
    PySys_SetObject("stdout", Py_None);
    print_case("print('x') with sys.stdout = None", Py_BuildValue("(s)", "x"), NULL);
    PySys_SetObject("stdout", NULL);
    print_case("print('x') with no sys.stdout", Py_BuildValue("(s)", "x"), NULL);
    print_case("print('x', file=w) with no sys.stdout", Py_BuildValue("(s)", "x"),
               Py_BuildValue("{s:O}", "file", writer));

    /* PyFile_WriteObject / PyFile_WriteString */
    PyObject *s = PyUnicode_FromString("text");
    show("PyFile_WriteObject('text', w, Py_PRINT_RAW)", PyLong_FromLong(PyFile_WriteObject(s, writer, Py_PRINT_RAW)));
    show("PyFile_WriteObject('text', w, 0)", PyLong_FromLong(PyFile_WriteObject(s, writer, 0)));
    show("... written", PySequence_List(written));
    PyList_SetSlice(written, 0, PyList_GET_SIZE(written), NULL);
    int rc = PyFile_WriteObject(s, NULL, 0);
    show("PyFile_WriteObject('text', NULL, 0)", rc < 0 ? NULL : PyLong_FromLong(rc));
    PyObject *five = PyLong_FromLong(5);
    rc = PyFile_WriteObject(s, five, 0);
    show("PyFile_WriteObject('text', 5, 0)", rc < 0 ? NULL : PyLong_FromLong(rc));
    Py_DECREF(five);
    show("PyFile_WriteString('abc', w)", PyLong_FromLong(PyFile_WriteString("abc", writer)));
    show("PyFile_WriteString('caf\\u00e9', w)", PyLong_FromLong(PyFile_WriteString("caf\xc3\xa9", writer)));
    show("... written", PySequence_List(written));
    rc = PyFile_WriteString("abc", NULL);
    show("PyFile_WriteString('abc', NULL)", rc < 0 ? NULL : PyLong_FromLong(rc));
    PyErr_SetString(PyExc_KeyError, "pending");
    rc = PyFile_WriteString("abc", writer);
    printf("%d\tPyFile_WriteString with an error pending\treturns %d\n", ++case_no, rc);
    show("... the pending error", NULL);
    PyErr_SetString(PyExc_KeyError, "pending");
    rc = PyFile_WriteString("abc", NULL);
    printf("%d\tPyFile_WriteString(NULL file) with an error pending\treturns %d\n", ++case_no, rc);
    show("... the pending error", NULL);
    show("... written", PySequence_List(written));
    rc = PyFile_WriteString("\xff", writer);
    show("PyFile_WriteString(invalid UTF-8, w)", rc < 0 ? NULL : PyLong_FromLong(rc));
    Py_DECREF(s);
    show("print.__name__", PyObject_GetAttrString(print_fn, "__name__"));
    Py_DECREF(writer);
    Py_DECREF(write_only);
    Py_DECREF(print_fn);
    Py_DECREF(builtins);
    Py_DECREF(written);
    return 0;
}
