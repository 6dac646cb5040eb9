/* Differential cases for the `warnings` module as C code reaches it
 * through PyImport_ImportModule: `warnings.warn` (CPython's C
 * `_warnings.warn`, which Lib/warnings.py re-exports), called with no
 * Python frame on the stack, so every warning is attributed to `sys:1`.
 * Cython modules such as cymem `import warnings` at init and call
 * `warnings.warn(...)`. The cases cover the category rules (a Warning
 * instance names its own class, None means UserWarning, a non-Warning
 * category is a TypeError naming the category's type), stacklevel and
 * source, argument errors, and the default filters' verdicts (what is
 * printed to stderr, once per message and category, and what is
 * ignored: DeprecationWarning outside __main__, PendingDeprecationWarning,
 * ImportWarning, ResourceWarning). scripts/c-tests.sh also compares
 * stderr, where the shown warnings go.
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

static PyObject *warn;

/* One case: warnings.warn(*args, **kwargs) from a Py_BuildValue format
   for the arguments (a tuple) and an optional dict of keywords. Flushes
   stdout and stderr around it so the two streams interleave in order. */
static void call(const char *what, PyObject *args, PyObject *kwargs)
{
    fflush(stdout);
    fprintf(stderr, "[case %d]\n", case_no + 1);
    PyObject *r = args ? PyObject_Call(warn, args, kwargs) : NULL;
    fflush(stderr);
    show(what, r);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
}

int main(void)
{
    Py_Initialize();
    PyObject *m = PyImport_ImportModule("warnings");
    show("import warnings", m ? PyUnicode_FromString(PyModule_GetName(m)) : NULL);
    if (m == NULL)
        return 1;
    PyObject *again = PyImport_ImportModule("warnings");
    show("import warnings twice: the same module", PyBool_FromLong(again == m));
    Py_XDECREF(again);
    warn = PyObject_GetAttrString(m, "warn");
    show("warnings.warn is callable", PyBool_FromLong(warn && PyCallable_Check(warn)));
    if (warn == NULL)
        return 1;
    show("warnings.warn.__name__", PyObject_GetAttrString(warn, "__name__"));

    /* The category rules. */
    call("warn('plain')", Py_BuildValue("(s)", "plain"), NULL);
    call("warn('plain') again: shown once", Py_BuildValue("(s)", "plain"), NULL);
    call("warn('plain', RuntimeWarning): a new category, shown",
         Py_BuildValue("(sO)", "plain", PyExc_RuntimeWarning), NULL);
    call("warn('cat None', None)", Py_BuildValue("(sO)", "cat None", Py_None), NULL);
    call("warn('kw', category=SyntaxWarning)", Py_BuildValue("(s)", "kw"),
         Py_BuildValue("{s:O}", "category", PyExc_SyntaxWarning));
    call("warn(message='by keyword')", PyTuple_New(0), Py_BuildValue("{s:s}", "message", "by keyword"));
    call("warn(UserWarning('instance'))", Py_BuildValue("(N)", PyObject_CallFunction(PyExc_UserWarning, "s", "instance")),
         NULL);
    call("warn(BytesWarning('inst'), RuntimeWarning): the instance's class wins",
         Py_BuildValue("(NO)", PyObject_CallFunction(PyExc_BytesWarning, "s", "inst"), PyExc_RuntimeWarning), NULL);
    call("warn(ValueError('not a warning'))", Py_BuildValue("(N)", PyObject_CallFunction(PyExc_ValueError, "s", "nw")),
         NULL);
    call("warn(42): any message object", Py_BuildValue("(i)", 42), NULL);
    call("warn(('a', 1))", Py_BuildValue("((si))", "a", 1), NULL);
    call("warn(None)", Py_BuildValue("(O)", Py_None), NULL);
    call("warn('x', ValueError)", Py_BuildValue("(sO)", "x", PyExc_ValueError), NULL);
    call("warn('x', 5)", Py_BuildValue("(si)", "x", 5), NULL);
    call("warn('x', 'UserWarning')", Py_BuildValue("(ss)", "x", "UserWarning"), NULL);
    call("warn('x', int)", Py_BuildValue("(sO)", "x", (PyObject *)&PyLong_Type), NULL);
    call("warn('x', Warning)", Py_BuildValue("(sO)", "x", PyExc_Warning), NULL);
    call("warn('x', UnicodeWarning)", Py_BuildValue("(sO)", "x", PyExc_UnicodeWarning), NULL);

    /* What the default filters ignore from C code (module 'sys'). */
    call("warn('dep', DeprecationWarning): ignored", Py_BuildValue("(sO)", "dep", PyExc_DeprecationWarning), NULL);
    call("warn('pdep', PendingDeprecationWarning): ignored",
         Py_BuildValue("(sO)", "pdep", PyExc_PendingDeprecationWarning), NULL);
    call("warn('imp', ImportWarning): ignored", Py_BuildValue("(sO)", "imp", PyExc_ImportWarning), NULL);
    call("warn('res', ResourceWarning): ignored", Py_BuildValue("(sO)", "res", PyExc_ResourceWarning), NULL);
    call("warn('fut', FutureWarning): shown", Py_BuildValue("(sO)", "fut", PyExc_FutureWarning), NULL);

    /* stacklevel and source. */
    call("warn('lvl', UserWarning, 2)", Py_BuildValue("(sOi)", "lvl", PyExc_UserWarning, 2), NULL);
    call("warn('lvl0', stacklevel=0)", Py_BuildValue("(s)", "lvl0"), Py_BuildValue("{s:i}", "stacklevel", 0));
    call("warn('lvlneg', stacklevel=-5)", Py_BuildValue("(s)", "lvlneg"), Py_BuildValue("{s:i}", "stacklevel", -5));
    call("warn('lvl', stacklevel='2')", Py_BuildValue("(s)", "lvl"), Py_BuildValue("{s:s}", "stacklevel", "2"));
    call("warn('lvl', stacklevel=1.5)", Py_BuildValue("(s)", "lvl"), Py_BuildValue("{s:d}", "stacklevel", 1.5));
    call("warn('lvl', stacklevel=True)", Py_BuildValue("(s)", "lvlb"), Py_BuildValue("{s:O}", "stacklevel", Py_True));
    call("warn('lvl', stacklevel=2**70)", Py_BuildValue("(s)", "lvlbig"),
         Py_BuildValue("{s:N}", "stacklevel", PyLong_FromString("1180591620717411303424", NULL, 10)));
    call("warn('src', source=object())", Py_BuildValue("(s)", "src"),
         Py_BuildValue("{s:N}", "source", PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type)));
    call("warn('all four', UserWarning, 1, None)", Py_BuildValue("(sOiO)", "all four", PyExc_UserWarning, 1, Py_None),
         NULL);

    /* Argument errors. */
    call("warn()", PyTuple_New(0), NULL);
    call("warn(1, 2, 3, 4, 5)", Py_BuildValue("(iiiii)", 1, 2, 3, 4, 5), NULL);
    call("warn('x', bogus=1)", Py_BuildValue("(s)", "x"), Py_BuildValue("{s:i}", "bogus", 1));
    call("warn('x', message='y')", Py_BuildValue("(s)", "x"), Py_BuildValue("{s:s}", "message", "y"));
    call("warn(category=UserWarning)", PyTuple_New(0), Py_BuildValue("{s:O}", "category", PyExc_UserWarning));

    /* A warning category an extension makes. */
    {
        PyObject *mine = PyErr_NewException("ext.MyWarning", PyExc_UserWarning, NULL);
        call("warn('custom', ext.MyWarning)", Py_BuildValue("(sO)", "custom", mine), NULL);
        call("warn(ext.MyWarning('inst'))", Py_BuildValue("(N)", PyObject_CallFunction(mine, "s", "inst")), NULL);
        Py_XDECREF(mine);
    }
    /* PyErr_WarnEx and warnings.warn share the once-per-location registry. */
    fflush(stdout);
    fprintf(stderr, "[case %d]\n", case_no + 1);
    int rc = PyErr_WarnEx(PyExc_UserWarning, "shared", 1);
    fflush(stderr);
    show("PyErr_WarnEx(UserWarning, 'shared')", PyLong_FromLong(rc));
    call("warn('shared'): already shown from C", Py_BuildValue("(s)", "shared"), NULL);

    Py_DECREF(warn);
    Py_DECREF(m);
    return 0;
}
