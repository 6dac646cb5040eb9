/* Differential cases for `_io` as C code reaches it through
 * PyImport_ImportModule (cffi's _cffi_backend does at init, for
 * `_io._IOBase`): the class and `UnsupportedOperation` (an OSError and a
 * ValueError); an `_IOBase` instance's closed-state protocol (`closed`,
 * `flush`, `close` twice, `isatty`, `__enter__` / `__exit__` before and
 * after closing; `readable` / `writable` / `seekable`; `fileno`, `seek`,
 * `tell`, `truncate` raising UnsupportedOperation); a subclass made from
 * a spec whose `flush` counts its calls and whose `closed` is its own
 * (close() flushes, close() after a failing flush still closes, the
 * finalizer closes an instance left open, and an instance whose `closed`
 * says so is not flushed again); isinstance of other objects.
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

static int flushes;
static int fail_flush;

static PyObject *counting_flush(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    flushes++;
    if (fail_flush) {
        PyErr_SetString(PyExc_RuntimeError, "flush failed");
        return NULL;
    }
    return PyLong_FromLong(flushes);
}

static PyMethodDef counting_methods[] = {
    {"flush", counting_flush, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyObject *call0(PyObject *o, const char *name)
{
    return PyObject_CallMethod(o, name, NULL);
}

static PyObject *bool_of(int v)
{
    if (v < 0)
        return NULL;
    return PyBool_FromLong(v);
}

int main(void)
{
    Py_Initialize();
    PyObject *io = PyImport_ImportModule("_io");
    if (io == NULL) {
        show("import _io", NULL);
        return 1;
    }
    PyObject *base = PyObject_GetAttrString(io, "_IOBase");
    PyObject *unsupported = PyObject_GetAttrString(io, "UnsupportedOperation");
    if (base == NULL || unsupported == NULL || !PyType_Check(base)) {
        show("_io._IOBase and UnsupportedOperation", NULL);
        return 1;
    }
    show("_IOBase.__name__", PyObject_GetAttrString(base, "__name__"));
    show("_IOBase.__module__", PyObject_GetAttrString(base, "__module__"));
    show("_IOBase is a base type", bool_of((((PyTypeObject *)base)->tp_flags & Py_TPFLAGS_BASETYPE) != 0));
    show("UnsupportedOperation.__module__", PyObject_GetAttrString(unsupported, "__module__"));
    show("UnsupportedOperation.__name__", PyObject_GetAttrString(unsupported, "__name__"));
    show("issubclass(UnsupportedOperation, OSError)", bool_of(PyObject_IsSubclass(unsupported, PyExc_OSError)));
    show("issubclass(UnsupportedOperation, ValueError)",
         bool_of(PyObject_IsSubclass(unsupported, PyExc_ValueError)));
    show("DEFAULT_BUFFER_SIZE", PyObject_GetAttrString(io, "DEFAULT_BUFFER_SIZE"));

    /* A bare _IOBase. */
    PyObject *f = PyObject_CallNoArgs(base);
    if (f == NULL) {
        show("_IOBase()", NULL);
        return 1;
    }
    show("isinstance(_IOBase(), _IOBase)", bool_of(PyObject_IsInstance(f, base)));
    show("closed", PyObject_GetAttrString(f, "closed"));
    show("readable()", call0(f, "readable"));
    show("writable()", call0(f, "writable"));
    show("seekable()", call0(f, "seekable"));
    show("isatty()", call0(f, "isatty"));
    show("flush()", call0(f, "flush"));
    show("fileno()", call0(f, "fileno"));
    show("seek(0)", PyObject_CallMethod(f, "seek", "(i)", 0));
    show("seek(0, 2)", PyObject_CallMethod(f, "seek", "(ii)", 0, 2));
    show("tell()", call0(f, "tell"));
    show("truncate()", call0(f, "truncate"));
    show("truncate(3)", PyObject_CallMethod(f, "truncate", "(i)", 3));
    show("readable(1)", PyObject_CallMethod(f, "readable", "(i)", 1));
    PyObject *entered = call0(f, "__enter__");
    show("__enter__() is self", bool_of(entered == f));
    Py_XDECREF(entered);
    show("fileno() is an OSError", bool_of(call0(f, "fileno") == NULL && PyErr_ExceptionMatches(PyExc_OSError)));
    PyErr_Clear();
    show("close()", call0(f, "close"));
    show("closed after close()", PyObject_GetAttrString(f, "closed"));
    show("__dict__ after close()", PyObject_GetAttrString(f, "__dict__"));
    show("flush() after close()", call0(f, "flush"));
    show("isatty() after close()", call0(f, "isatty"));
    show("__enter__() after close()", call0(f, "__enter__"));
    show("readable() after close()", call0(f, "readable"));
    show("close() again", call0(f, "close"));
    show("__exit__(None, None, None)", PyObject_CallMethod(f, "__exit__", "(OOO)", Py_None, Py_None, Py_None));
    Py_DECREF(f);

    /* A subclass with its own flush. */
    PyType_Slot slots[] = {{Py_tp_methods, counting_methods}, {0, NULL}};
    PyType_Spec spec = {"diff.Counting", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
    PyObject *bases = PyTuple_Pack(1, base);
    PyObject *counting = bases ? PyType_FromSpecWithBases(&spec, bases) : NULL;
    Py_XDECREF(bases);
    if (counting == NULL) {
        show("PyType_FromSpecWithBases(_IOBase)", NULL);
        return 1;
    }
    PyObject *c = PyObject_CallNoArgs(counting);
    show("Counting(): isinstance of _IOBase", bool_of(c ? PyObject_IsInstance(c, base) : -1));
    show("Counting().close() (flush() returns an int)", call0(c, "close"));
    show("flushes after close()", PyLong_FromLong(flushes));
    show("Counting().close() again", call0(c, "close"));
    show("flushes after a second close()", PyLong_FromLong(flushes));
    Py_DECREF(c);

    c = PyObject_CallNoArgs(counting);
    fail_flush = 1;
    show("close() with a failing flush", call0(c, "close"));
    fail_flush = 0;
    show("closed after the failing flush", PyObject_GetAttrString(c, "closed"));
    Py_DECREF(c);

    flushes = 0;
    c = PyObject_CallNoArgs(counting);
    show("an open Counting() dies", (Py_DECREF(c), PyLong_FromLong(flushes)));

    flushes = 0;
    c = PyObject_CallNoArgs(counting);
    show("__exit__ closes", PyObject_CallMethod(c, "__exit__", "(OOO)", Py_None, Py_None, Py_None));
    show("flushes after __exit__", PyLong_FromLong(flushes));
    show("finalizing a closed one", (Py_DECREF(c), PyLong_FromLong(flushes)));

    flushes = 0;
    c = PyObject_CallNoArgs(counting);
    fail_flush = 1;
    show("an open Counting() whose flush fails dies", (Py_DECREF(c), PyLong_FromLong(flushes)));
    fail_flush = 0;
    show("no error pending after that", bool_of(PyErr_Occurred() != NULL));

    /* `closed` of the subclass's own: a class attribute True. */
    if (PyObject_SetAttrString(counting, "closed", Py_True) < 0) {
        show("Counting.closed = True", NULL);
    } else {
        flushes = 0;
        c = PyObject_CallNoArgs(counting);
        show("isatty() when closed says True", call0(c, "isatty"));
        show("__enter__() when closed says True", call0(c, "__enter__"));
        show("flush() looks at the mark, not closed", PyObject_CallMethod(base, "flush", "(O)", c));
        show("dying when closed says True", (Py_DECREF(c), PyLong_FromLong(flushes)));
    }
    Py_DECREF(counting);

    PyObject *ba = PyByteArray_FromStringAndSize("x", 1);
    show("isinstance(bytearray, _IOBase)", bool_of(PyObject_IsInstance(ba, base)));
    Py_DECREF(ba);
    show("isinstance(_IOBase, _IOBase)", bool_of(PyObject_IsInstance(base, base)));
    Py_DECREF(base);
    Py_DECREF(unsupported);
    Py_DECREF(io);
    return 0;
}
