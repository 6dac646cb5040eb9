/* Differential cases for what the Round 5 corpus members (scripts/corpus.py:
 * zope.interface 7.2 among them) showed:
 *
 * - PyImport_ImportModule / PyImport_Import of a dotted name that is in
 *   sys.modules while its top-level package is not: CPython's
 *   PyImport_Import calls __import__(name, globals, globals, [], 0), whose
 *   empty from-list imports the top-level package too, so the import fails
 *   with "No module named 'pkg'" (zope.interface's C module imports
 *   zope.interface.declarations that way); with the package there (even
 *   without __path__) it is sys.modules[name];
 * - a None entry in sys.modules stops an import ("import of NAME halted;
 *   None in sys.modules"), for the name itself and for a parent;
 * - PyImport_ImportModuleLevel of a dotted name at level 0 returns the
 *   top-level package without a from-list and the module with one.
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

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *modules;

static PyObject *put(const char *name)
{
    PyObject *m = PyModule_New(name);
    PyDict_SetItemString(modules, name, m);
    Py_DECREF(m);
    return m; /* borrowed: sys.modules holds it */
}

/* "is X" when `r` is `expected`, else what it is (or the error). */
static void show_is(const char *what, PyObject *r, PyObject *expected, const char *name)
{
    if (r != NULL && r == expected) {
        Py_DECREF(r);
        show(what, PyUnicode_FromFormat("is %s", name));
        return;
    }
    show(what, r);
}

/* The error's `name` attribute, then the error as show() prints it. */
static void show_import_error(const char *what, PyObject *r)
{
    if (r != NULL) {
        show(what, r);
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *name = v ? PyObject_GetAttrString(v, "name") : NULL;
    PyErr_Clear();
    PyErr_Restore(t, v, tb);
    show(what, NULL);
    char buf[256];
    snprintf(buf, sizeof buf, "%s: the error's .name", what);
    show(buf, name);
}

static void import_cases(void)
{
    modules = PyImport_GetModuleDict();

    /* A dotted name registered alone. */
    PyObject *sub = Py_NewRef(put("r5pkg.sub"));
    show_import_error("ImportModule('r5pkg.sub') without r5pkg", PyImport_ImportModule("r5pkg.sub"));
    PyObject *n = PyUnicode_FromString("r5pkg.sub");
    show_import_error("PyImport_Import('r5pkg.sub') without r5pkg", PyImport_Import(n));
    show_is("PyImport_GetModule('r5pkg.sub') without r5pkg", PyImport_GetModule(n), sub, "r5pkg.sub");
    show_is("PyImport_AddModule('r5pkg.sub') without r5pkg", Py_XNewRef(PyImport_AddModule("r5pkg.sub")), sub,
            "r5pkg.sub");

    /* With the package registered (a plain module: no __path__). */
    PyObject *pkg = put("r5pkg");
    show_is("ImportModule('r5pkg.sub') with r5pkg", PyImport_ImportModule("r5pkg.sub"), sub, "r5pkg.sub");
    show_is("PyImport_Import('r5pkg.sub') with r5pkg", PyImport_Import(n), sub, "r5pkg.sub");
    show_is("ImportModuleLevel('r5pkg.sub', no from-list)",
            PyImport_ImportModuleLevel("r5pkg.sub", NULL, NULL, NULL, 0), pkg, "r5pkg");
    PyObject *from = Py_BuildValue("[s]", "x");
    show_is("ImportModuleLevel('r5pkg.sub', ['x'])", PyImport_ImportModuleLevel("r5pkg.sub", NULL, NULL, from, 0),
            sub, "r5pkg.sub");
    PyObject *empty = PyList_New(0);
    show_is("ImportModuleLevel('r5pkg.sub', [])", PyImport_ImportModuleLevel("r5pkg.sub", NULL, NULL, empty, 0),
            pkg, "r5pkg");
    show_import_error("ImportModule('r5pkg.missing'): r5pkg is not a package",
                      PyImport_ImportModule("r5pkg.missing"));
    Py_DECREF(n);

    /* Three levels: the middle package need not be there. */
    PyObject *deep = put("r5a.b.c");
    show_import_error("ImportModule('r5a.b.c') without r5a", PyImport_ImportModule("r5a.b.c"));
    put("r5a");
    show_is("ImportModule('r5a.b.c') with r5a but not r5a.b", PyImport_ImportModule("r5a.b.c"), deep, "r5a.b.c");
    show_import_error("ImportModule('r5a.b') (not registered)", PyImport_ImportModule("r5a.b"));

    /* None in sys.modules. */
    PyDict_SetItemString(modules, "r5none", Py_None);
    show_import_error("ImportModule('r5none') with None in sys.modules", PyImport_ImportModule("r5none"));
    n = PyUnicode_FromString("r5none");
    show_import_error("PyImport_Import('r5none') with None in sys.modules", PyImport_Import(n));
    show("PyImport_GetModule('r5none') with None in sys.modules", PyImport_GetModule(n));
    Py_DECREF(n);
    put("r5none.child");
    show_import_error("ImportModule('r5none.child'): its package is None", PyImport_ImportModule("r5none.child"));
    PyDict_SetItemString(modules, "r5pkg.sub", Py_None);
    show_import_error("ImportModule('r5pkg.sub') after sys.modules['r5pkg.sub'] = None",
                      PyImport_ImportModule("r5pkg.sub"));
    PyDict_SetItemString(modules, "r5pkg.sub", sub);
    PyDict_SetItemString(modules, "r5pkg", Py_None);
    show_import_error("ImportModule('r5pkg.sub') after sys.modules['r5pkg'] = None",
                      PyImport_ImportModule("r5pkg.sub"));
    show_is("ImportModuleLevel('r5pkg.sub', ['x']) after sys.modules['r5pkg'] = None",
            PyImport_ImportModuleLevel("r5pkg.sub", NULL, NULL, from, 0), sub, "r5pkg.sub");
    Py_DECREF(sub);
    Py_DECREF(from);
    Py_DECREF(empty);

    /* Names of the library's own modules keep working. */
    PyObject *sys = PyImport_ImportModule("sys");
    show("ImportModule('sys').__name__", sys ? PyObject_GetAttrString(sys, "__name__") : NULL);
    Py_XDECREF(sys);
    PyObject *abc = PyImport_ImportModule("collections.abc");
    show("ImportModule('collections.abc').__name__", abc ? PyObject_GetAttrString(abc, "__name__") : NULL);
    Py_XDECREF(abc);
}

int main(void)
{
    Py_Initialize();
    import_cases();
    return 0;
}
