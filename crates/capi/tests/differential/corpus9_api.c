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
 *   top-level package without a from-list and the module with one;
 * - copyreg._slotnames(cls) (Lib/copyreg.py), which persistent's
 *   cPersistence takes at init for __getstate__ / __reduce__: the
 *   __slots__ of the MRO in order, private names mangled (not for a class
 *   named only with underscores), __dict__ / __weakref__ left out, a
 *   cached __slotnames__ returned as it is, the result cached where the
 *   class allows it, and its errors.
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

static PyObject *make_class(const char *name, PyObject *base, PyObject *slots)
{
    PyObject *ns = slots ? Py_BuildValue("{sO}", "__slots__", slots) : PyDict_New();
    PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O)N", name, base, ns);
    Py_XDECREF(slots);
    return cls;
}

static void slotnames_cases(void)
{
    PyObject *copyreg = PyImport_ImportModule("copyreg");
    PyObject *f = copyreg ? PyObject_GetAttrString(copyreg, "_slotnames") : NULL;
    Py_XDECREF(copyreg);
    if (f == NULL) {
        show("copyreg._slotnames", NULL);
        return;
    }
    PyObject *object = (PyObject *)&PyBaseObject_Type;
    PyObject *A = make_class("A", object, Py_BuildValue("(sss)", "a", "__b", "__dict__"));
    PyObject *B = make_class("B", A, PyUnicode_FromString("c"));
    PyObject *C = make_class("_Priv", B, Py_BuildValue("[ss]", "__d", "__weakref__"));
    PyObject *D = make_class("___", C, Py_BuildValue("(ss)", "__e", "__f__"));
    PyObject *E = make_class("E", D, NULL);
    PyObject *classes[] = {A, B, C, D, E};
    const char *names[] = {"A", "B(A) with __slots__ 'c'", "_Priv(B)", "___(_Priv)", "E(___) without __slots__"};
    char what[160];
    for (int i = 0; i < 5; i++) {
        snprintf(what, sizeof what, "_slotnames(%s)", names[i]);
        show(what, PyObject_CallOneArg(f, classes[i]));
        snprintf(what, sizeof what, "%s.__dict__['__slotnames__'] afterwards", names[i]);
        PyObject *d = PyObject_GetAttrString(classes[i], "__dict__");
        show(what, d ? PyObject_GetItem(d, PyUnicode_FromString("__slotnames__")) : NULL);
        Py_XDECREF(d);
    }
    PyObject *plain = make_class("Plain", object, NULL);
    show("_slotnames(a class without slots)", PyObject_CallOneArg(f, plain));
    PyObject *five = PyLong_FromLong(5);
    PyObject_SetAttrString(plain, "__slotnames__", five);
    show("_slotnames(a class whose __slotnames__ is 5)", PyObject_CallOneArg(f, plain));
    PyObject_SetAttrString(plain, "__slotnames__", Py_None);
    show("_slotnames(a class whose __slotnames__ is None): recomputed", PyObject_CallOneArg(f, plain));
    show("_slotnames(int): nothing cached on a builtin", PyObject_CallOneArg(f, (PyObject *)&PyLong_Type));
    show("int.__dict__ has no __slotnames__",
         PyBool_FromLong(PyDict_GetItemString(PyLong_Type.tp_dict, "__slotnames__") == NULL));
    show("_slotnames(5)", PyObject_CallOneArg(f, five));
    show("_slotnames()", PyObject_CallNoArgs(f));
    show("_slotnames(A, B)", PyObject_CallFunctionObjArgs(f, A, B, NULL));

    /* Any object with __dict__ and (when it has __slots__) __mro__. */
    PyObject *m = PyModule_New("fake");
    show("_slotnames(a module)", PyObject_CallOneArg(f, m));
    show("the module's __slotnames__ afterwards", PyObject_GetAttrString(m, "__slotnames__"));
    PyObject *m2 = PyModule_New("fake2");
    PyObject_SetAttrString(m2, "__slots__", Py_None);
    show("_slotnames(a module with __slots__ but no __mro__)", PyObject_CallOneArg(f, m2));
    PyObject *base = PyModule_New("_base_");
    PyObject_SetAttrString(base, "__slots__", PyUnicode_FromString("__only"));
    PyObject *mro = PyTuple_Pack(2, base, m);
    PyObject_SetAttrString(m2, "__mro__", mro);
    show("_slotnames(a module whose __mro__ holds modules)", PyObject_CallOneArg(f, m2));
    PyObject *bad = PyModule_New("bad");
    PyObject *ints = Py_BuildValue("[is]", 1, "x");
    PyObject_SetAttrString(bad, "__slots__", ints);
    PyObject *mro2 = PyTuple_Pack(1, bad);
    PyObject *m3 = PyModule_New("fake3");
    PyObject_SetAttrString(m3, "__slots__", Py_None);
    PyObject_SetAttrString(m3, "__mro__", mro2);
    show("_slotnames(a __mro__ whose __slots__ holds an int)", PyObject_CallOneArg(f, m3));
    PyObject_SetAttrString(bad, "__slots__", five);
    show("_slotnames(a __mro__ whose __slots__ is 5)", PyObject_CallOneArg(f, m3));
    PyObject_SetAttrString(m3, "__mro__", five);
    show("_slotnames(a __mro__ of 5)", PyObject_CallOneArg(f, m3));
    Py_DECREF(ints);
    Py_DECREF(mro);
    Py_DECREF(mro2);
    Py_DECREF(bad);
    Py_DECREF(base);
    Py_DECREF(m);
    Py_DECREF(m2);
    Py_DECREF(m3);
    Py_DECREF(five);
    Py_DECREF(plain);
    for (int i = 0; i < 5; i++)
        Py_DECREF(classes[i]);
    Py_DECREF(f);
}

int main(void)
{
    Py_Initialize();
    import_cases();
    slotnames_cases();
    return 0;
}
