/* Differential cases for the table of built-in modules: modules added with
 * PyImport_AppendInittab and PyImport_ExtendInittab before Py_Initialize
 * are found by the first import (single-phase and multi-phase
 * initialisation, as built-in modules: origin "built-in", no __file__),
 * registered in sys.modules and not initialised again; failing init
 * functions give CPython's errors; PyImport_Inittab ends with the added
 * entries; and, as in CPython 3.11 (3.12 makes it a fatal error), an
 * entry appended after Py_Initialize is found by the next import.
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

static int spam_inits;

static PyObject *spam_twice(PyObject *self, PyObject *arg)
{
    (void)self;
    return PyNumber_Add(arg, arg);
}

static PyMethodDef spam_methods[] = {
    {"twice", spam_twice, METH_O, "twice(x) -> x + x"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef spam_def = {
    PyModuleDef_HEAD_INIT, "spam", "The spam module.", -1, spam_methods, NULL, NULL, NULL, NULL,
};

static PyObject *PyInit_spam(void)
{
    spam_inits++;
    PyObject *m = PyModule_Create(&spam_def);
    if (m && PyModule_AddIntConstant(m, "answer", 42) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

static int eggs_exec(PyObject *m)
{
    return PyModule_AddStringConstant(m, "how", "scrambled");
}

static PyModuleDef_Slot eggs_slots[] = {
    {Py_mod_exec, eggs_exec},
    {0, NULL},
};

static struct PyModuleDef eggs_def = {
    PyModuleDef_HEAD_INIT, "eggs", NULL, 0, NULL, eggs_slots, NULL, NULL, NULL,
};

static PyObject *PyInit_eggs(void)
{
    return PyModuleDef_Init(&eggs_def);
}

static struct PyModuleDef late_def = {
    PyModuleDef_HEAD_INIT, "late", NULL, 0, NULL, eggs_slots, NULL, NULL, NULL,
};

static PyObject *PyInit_eggs_late(void)
{
    return PyModuleDef_Init(&late_def);
}

static PyObject *PyInit_bad(void)
{
    PyErr_SetString(PyExc_ImportError, "bad cannot start");
    return NULL;
}

static PyObject *PyInit_noerr(void)
{
    return NULL;
}

static PyObject *PyInit_notmod(void)
{
    return PyLong_FromLong(5);
}

static PyObject *attr(PyObject *o, const char *name)
{
    return o ? PyObject_GetAttrString(o, name) : NULL;
}

static PyObject *has(PyObject *o, const char *name)
{
    return o ? PyBool_FromLong(PyObject_HasAttrString(o, name)) : NULL;
}

int main(void)
{
    struct _inittab more[] = {
        {"eggs", PyInit_eggs},
        {"bad", PyInit_bad},
        {"noerr", PyInit_noerr},
        {"notmod", PyInit_notmod},
        {NULL, NULL},
    };
    struct _inittab none[] = {{NULL, NULL}};
    int r1 = PyImport_AppendInittab("spam", PyInit_spam);
    int r2 = PyImport_ExtendInittab(more);
    int r3 = PyImport_ExtendInittab(none);
    more[0].name = "changed"; /* the table keeps the entries, not the array */
    Py_Initialize();
    show("PyImport_AppendInittab('spam')", PyLong_FromLong(r1));
    show("PyImport_ExtendInittab(4 entries)", PyLong_FromLong(r2));
    show("PyImport_ExtendInittab(empty)", PyLong_FromLong(r3));
    {
        int n = 0;
        while (PyImport_Inittab[n].name != NULL)
            n++;
        PyObject *last = PyList_New(0);
        for (int i = n >= 5 ? n - 5 : 0; i < n; i++) {
            PyObject *s = PyUnicode_FromString(PyImport_Inittab[i].name);
            PyList_Append(last, s);
            Py_DECREF(s);
        }
        show("the last five entries of PyImport_Inittab", last);
        int found = 0;
        for (int i = 0; i < n; i++)
            found += strcmp(PyImport_Inittab[i].name, "builtins") == 0 ||
                     strcmp(PyImport_Inittab[i].name, "sys") == 0;
        show("builtins and sys are in PyImport_Inittab", PyBool_FromLong(found == 2));
    }
    show("spam not initialised before its import", PyLong_FromLong(spam_inits));

    PyObject *spam = PyImport_ImportModule("spam");
    show("import spam", spam ? PyObject_Repr(spam) : NULL);
    show("spam initialised once", PyLong_FromLong(spam_inits));
    show("spam.answer", attr(spam, "answer"));
    show("spam.__doc__", attr(spam, "__doc__"));
    {
        PyObject *f = attr(spam, "twice");
        show("spam.twice(21)", f ? PyObject_CallFunction(f, "i", 21) : NULL);
        Py_XDECREF(f);
    }
    show("hasattr(spam, '__file__')", has(spam, "__file__"));
    PyObject *spec = attr(spam, "__spec__");
    show("spam.__spec__.name", attr(spec, "name"));
    show("spam.__spec__.origin", attr(spec, "origin"));
    show("spam.__spec__.has_location", attr(spec, "has_location"));
    Py_XDECREF(spec);
    show("spam.__package__", attr(spam, "__package__"));
    show("spam.__name__", attr(spam, "__name__"));
    {
        PyObject *again = PyImport_ImportModule("spam");
        show("import spam again: the same module", PyBool_FromLong(again == spam));
        show("spam still initialised once", PyLong_FromLong(spam_inits));
        Py_XDECREF(again);
        PyObject *modules = PyImport_GetModuleDict();
        show("sys.modules['spam'] is spam", PyBool_FromLong(PyDict_GetItemString(modules, "spam") == spam));
        PyObject *name = PyUnicode_FromString("spam");
        PyObject *viaimport = PyImport_Import(name);
        show("PyImport_Import('spam') is spam", PyBool_FromLong(viaimport == spam));
        Py_XDECREF(viaimport);
        PyObject *got = PyImport_GetModule(name);
        show("PyImport_GetModule('spam') is spam", PyBool_FromLong(got == spam));
        Py_XDECREF(got);
        Py_DECREF(name);
        show("PyState_FindModule(&spam_def) is spam", PyBool_FromLong(PyState_FindModule(&spam_def) == spam));
    }
    Py_XDECREF(spam);

    PyObject *eggs = PyImport_ImportModule("eggs");
    show("import eggs (multi-phase)", eggs ? PyObject_Repr(eggs) : NULL);
    show("eggs.how (set by its exec slot)", attr(eggs, "how"));
    show("hasattr(eggs, '__file__')", has(eggs, "__file__"));
    {
        PyObject *spec2 = attr(eggs, "__spec__");
        show("eggs.__spec__.origin", attr(spec2, "origin"));
        Py_XDECREF(spec2);
        PyObject *again = PyImport_ImportModule("eggs");
        show("import eggs again: the same module", PyBool_FromLong(again == eggs));
        Py_XDECREF(again);
    }
    Py_XDECREF(eggs);

    show("import changed (renamed after ExtendInittab)", PyImport_ImportModule("changed"));
    show("import bad", PyImport_ImportModule("bad"));
    show("import bad again", PyImport_ImportModule("bad"));
    show("import noerr", PyImport_ImportModule("noerr"));
    show("import notmod", PyImport_ImportModule("notmod"));
    show("import nosuch", PyImport_ImportModule("nosuch"));

    /* After Py_Initialize: CPython 3.11 still reads the live table. */
    show("import late before it is added", PyImport_ImportModule("late"));
    show("PyImport_AppendInittab('late') after Py_Initialize",
         PyLong_FromLong(PyImport_AppendInittab("late", PyInit_eggs_late)));
    {
        PyObject *late = PyImport_ImportModule("late");
        show("import late", late ? PyObject_Repr(late) : NULL);
        Py_XDECREF(late);
        show("import late again", PyImport_ImportModule("late"));
    }

    Py_Finalize();
    return 0;
}
