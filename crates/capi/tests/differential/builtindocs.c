/* Differential cases for the docstrings of the builtins module's functions
 * (Python/bltinmodule.c and Python/clinic/bltinmodule.c.h): for every
 * built-in function pybuffer has, its __doc__ and __text_signature__
 * (both read from the method's ml_doc, the signature split off at its
 * "--" line), and for the module itself.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>

#include "case.h"

static const char *const NAMES[] = {
    "__import__", "abs", "aiter", "all", "anext", "any", "ascii", "bin", "callable", "chr",
    "delattr", "dir", "divmod", "format", "getattr", "hasattr", "hash",
    "hex", "id", "isinstance", "issubclass", "iter", "len", "max", "min",
    "next", "oct", "ord", "pow", "print", "repr", "round", "setattr",
    "sorted", "sum", "vars",
};

int main(void)
{
    Py_Initialize();
    PyObject *builtins = PyEval_GetBuiltins();
    char what[128];
    for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
        PyObject *f = PyDict_GetItemString(builtins, NAMES[i]);
        snprintf(what, sizeof what, "type(%s)", NAMES[i]);
        if (f == NULL) {
            PyErr_Format(PyExc_NameError, "name '%s' is not defined", NAMES[i]);
            show(what, NULL);
            continue;
        }
        Py_INCREF(Py_TYPE(f));
        show(what, (PyObject *)Py_TYPE(f));
        snprintf(what, sizeof what, "%s.__doc__", NAMES[i]);
        show(what, PyObject_GetAttrString(f, "__doc__"));
        snprintf(what, sizeof what, "%s.__text_signature__", NAMES[i]);
        show(what, PyObject_GetAttrString(f, "__text_signature__"));
        snprintf(what, sizeof what, "%s.__name__", NAMES[i]);
        show(what, PyObject_GetAttrString(f, "__name__"));
        snprintf(what, sizeof what, "%s.__qualname__", NAMES[i]);
        show(what, PyObject_GetAttrString(f, "__qualname__"));
    }
    PyObject *mod = PyImport_ImportModule("builtins");
    show("builtins.__doc__", mod ? PyObject_GetAttrString(mod, "__doc__") : NULL);
    show("builtins.__name__", mod ? PyObject_GetAttrString(mod, "__name__") : NULL);
    Py_XDECREF(mod);
    return 0;
}
