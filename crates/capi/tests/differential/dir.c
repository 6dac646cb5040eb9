/* Differential cases for dir(): PyObject_Dir, the builtin dir(), and the
 * __dir__ methods behind them (object.__dir__, type.__dir__,
 * module.__dir__):
 *
 * - the sorted result for instances (their __dict__ and their class's
 *   merged MRO dicts), classes (their own and their bases' dicts, not the
 *   metaclass's), modules (their dict, or a module-level __dir__), types
 *   made from specs, exceptions, and builtins' own types;
 * - a __dir__ a class defines, returning any iterable (sorted, as a list)
 *   or failing; a __dict__ that is not a dict; an instance with no
 *   __dict__;
 * - PyObject_Dir(NULL) outside any frame, and dir()'s argument errors;
 * - references: the instance dict is copied, not changed.
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
#include <structmember.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "case.h"

/* The names in a dir() result that do not start with "__" (the dunder
   set of the builtin types is shown only where it is the point). */
static void show_plain(const char *what, PyObject *list)
{
    if (list == NULL || !PyList_Check(list)) {
        show(what, list);
        return;
    }
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *n = PyList_GET_ITEM(list, i);
        if (!PyUnicode_Check(n) || PyUnicode_GET_LENGTH(n) < 2 || PyUnicode_READ_CHAR(n, 0) != '_'
            || PyUnicode_READ_CHAR(n, 1) != '_')
            PyList_Append(out, n);
    }
    Py_DECREF(list);
    show(what, out);
}

static PyObject *eval_class(const char *name, PyObject *bases, PyObject *ns)
{
    PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", name, bases, ns);
    Py_DECREF(bases);
    Py_DECREF(ns);
    return cls;
}

/* __dir__ implementations a class can define. */
static PyObject *dir_tuple(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return Py_BuildValue("(sss)", "zeta", "alpha", "mu");
}
static PyObject *dir_fails(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    PyErr_SetString(PyExc_ValueError, "no listing");
    return NULL;
}
static PyObject *dir_int(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyLong_FromLong(5);
}
static PyObject *dir_mixed(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return Py_BuildValue("[si]", "a", 1);
}
static PyObject *module_level_dir(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return Py_BuildValue("[ss]", "only", "these");
}
static PyMethodDef DIR_TUPLE = {"__dir__", dir_tuple, METH_NOARGS, NULL};
static PyMethodDef DIR_FAILS = {"__dir__", dir_fails, METH_NOARGS, NULL};
static PyMethodDef DIR_INT = {"__dir__", dir_int, METH_NOARGS, NULL};
static PyMethodDef DIR_MIXED = {"__dir__", dir_mixed, METH_NOARGS, NULL};
static PyMethodDef MODULE_DIR = {"__dir__", module_level_dir, METH_NOARGS, NULL};

/* A class whose __dir__ is the C function (as a method via a descriptor:
   PyDescr_NewMethod makes it bind like a def). */
static PyObject *class_with_dir(const char *name, PyMethodDef *def)
{
    PyObject *cls = eval_class(name, PyTuple_New(0), PyDict_New());
    if (cls == NULL)
        return NULL;
    PyObject *d = PyDescr_NewMethod((PyTypeObject *)cls, def);
    if (d == NULL || PyObject_SetAttrString(cls, "__dir__", d) < 0) {
        Py_XDECREF(d);
        Py_DECREF(cls);
        return NULL;
    }
    Py_DECREF(d);
    return cls;
}

/* A spec type with members, methods and getsets. */
typedef struct {
    PyObject_HEAD
    int value;
} Thing;
static PyObject *thing_poke(PyObject *self, PyObject *unused)
{
    (void)unused;
    return Py_NewRef(self);
}
static PyObject *thing_get(PyObject *self, void *closure)
{
    (void)closure;
    return PyLong_FromLong(((Thing *)self)->value);
}
static PyMethodDef thing_methods[] = {{"poke", thing_poke, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyMemberDef thing_members[] = {{"value", T_INT, offsetof(Thing, value), 0, NULL}, {NULL, 0, 0, 0, NULL}};
static PyGetSetDef thing_getsets[] = {{"twice", thing_get, NULL, NULL, NULL}, {NULL, NULL, NULL, NULL, NULL}};
static PyType_Slot thing_slots[] = {
    {Py_tp_methods, thing_methods},
    {Py_tp_members, thing_members},
    {Py_tp_getset, thing_getsets},
    {0, NULL},
};
static PyType_Spec thing_spec = {"mod.Thing", sizeof(Thing), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, thing_slots};

int main(void)
{
    Py_Initialize();

    show("PyObject_Dir(NULL)", PyObject_Dir(NULL));

    /* Classes and instances made with type(). */
    PyObject *base = eval_class("Base", PyTuple_New(0), Py_BuildValue("{s:i,s:i}", "shared", 1, "b_only", 2));
    PyObject *derived = eval_class("Derived", Py_BuildValue("(O)", base), Py_BuildValue("{s:i,s:i}", "shared", 3, "d_only", 4));
    show_plain("dir(Base)", PyObject_Dir(base));
    show_plain("dir(Derived)", PyObject_Dir(derived));
    PyObject *inst = PyObject_CallNoArgs(derived);
    PyObject_SetAttrString(inst, "attr", Py_None);
    PyObject_SetAttrString(inst, "zzz", Py_None);
    show_plain("dir(Derived())", PyObject_Dir(inst));
    PyObject *idict = PyObject_GetAttrString(inst, "__dict__");
    show("instance __dict__ unchanged", PyDict_Keys(idict));
    Py_DECREF(idict);
    PyObject *dunders = PyObject_Dir(inst);
    if (dunders == NULL) {
        show("dir(Derived()) again", NULL);
        return 1;
    }
    PyObject *probe = PyUnicode_FromString("__dict__");
    printf("%d\tdir(Derived()) has __dict__\t%d\n", ++case_no, PySequence_Contains(dunders, probe));
    Py_DECREF(probe);
    probe = PyUnicode_FromString("__module__");
    printf("%d\tdir(Derived()) has __module__\t%d\n", ++case_no, PySequence_Contains(dunders, probe));
    Py_DECREF(probe);
    probe = PyUnicode_FromString("__class__");
    printf("%d\tdir(Derived()) has __class__\t%d\n", ++case_no, PySequence_Contains(dunders, probe));
    Py_DECREF(probe);
    probe = PyUnicode_FromString("mro");
    PyObject *cls_dir = PyObject_Dir(derived);
    if (cls_dir == NULL) {
        show("dir(Derived) again", NULL);
        return 1;
    }
    printf("%d\tdir(Derived) has mro (a metaclass name)\t%d\n", ++case_no, PySequence_Contains(cls_dir, probe));
    Py_DECREF(probe);
    Py_DECREF(cls_dir);
    Py_DECREF(dunders);

    /* Through the __dir__ methods themselves (unsorted, as lists). */
    PyObject *raw = PyObject_CallMethod(inst, "__dir__", NULL);
    printf("%d\tinst.__dir__() type\t%s\n", ++case_no, raw ? Py_TYPE(raw)->tp_name : "error");
    Py_XDECREF(raw);
    PyErr_Clear();
    raw = PyObject_CallMethod((PyObject *)&PyType_Type, "__dir__", "O", derived);
    printf("%d\ttype.__dir__(Derived) type\t%s\n", ++case_no, raw ? Py_TYPE(raw)->tp_name : "error");
    Py_XDECREF(raw);
    PyErr_Clear();
    show("object.__dir__() without self", PyObject_CallMethod((PyObject *)&PyBaseObject_Type, "__dir__", NULL));
    show("object.__dir__(1, 2)", PyObject_CallMethod(inst, "__dir__", "i", 2));

    /* A class's own __dir__. */
    PyObject *c = class_with_dir("T", &DIR_TUPLE);
    PyObject *o = c ? PyObject_CallNoArgs(c) : NULL;
    show("dir(obj with __dir__ -> tuple)", o ? PyObject_Dir(o) : NULL);
    Py_XDECREF(o);
    show_plain("dir(class with __dir__) uses type.__dir__", c ? PyObject_Dir(c) : NULL);
    Py_XDECREF(c);
    c = class_with_dir("F", &DIR_FAILS);
    o = c ? PyObject_CallNoArgs(c) : NULL;
    show("dir(obj with failing __dir__)", o ? PyObject_Dir(o) : NULL);
    Py_XDECREF(o);
    Py_XDECREF(c);
    c = class_with_dir("I", &DIR_INT);
    o = c ? PyObject_CallNoArgs(c) : NULL;
    show("dir(obj with __dir__ -> 5)", o ? PyObject_Dir(o) : NULL);
    Py_XDECREF(o);
    Py_XDECREF(c);
    c = class_with_dir("M", &DIR_MIXED);
    o = c ? PyObject_CallNoArgs(c) : NULL;
    show("dir(obj with __dir__ -> ['a', 1])", o ? PyObject_Dir(o) : NULL);
    Py_XDECREF(o);
    Py_XDECREF(c);
    /* __dir__ = None in the class: calling it fails. */
    c = eval_class("N", PyTuple_New(0), Py_BuildValue("{s:O}", "__dir__", Py_None));
    o = c ? PyObject_CallNoArgs(c) : NULL;
    show("dir(obj whose class sets __dir__ = None)", o ? PyObject_Dir(o) : NULL);
    Py_XDECREF(o);
    Py_XDECREF(c);
    /* An instance __dict__ entry named __dir__ is not used. */
    o = PyObject_CallNoArgs(base);
    PyObject *f = PyCFunction_New(&DIR_TUPLE, NULL);
    PyObject_SetAttrString(o, "__dir__", f);
    Py_DECREF(f);
    show_plain("dir(obj with __dir__ in its instance dict)", PyObject_Dir(o));
    Py_DECREF(o);

    /* Modules. */
    PyObject *m = PyModule_New("sample");
    PyModule_AddIntConstant(m, "beta", 2);
    PyModule_AddIntConstant(m, "alpha", 1);
    show("dir(module)", PyObject_Dir(m));
    f = PyCFunction_New(&MODULE_DIR, NULL);
    PyModule_AddObject(m, "__dir__", f);
    show("dir(module with __dir__)", PyObject_Dir(m));
    show("module.__dir__()", PyObject_CallMethod(m, "__dir__", NULL));
    Py_DECREF(m);

    /* Spec types and their instances. */
    PyObject *thing = PyType_FromSpec(&thing_spec);
    show_plain("dir(Thing)", PyObject_Dir(thing));
    o = PyObject_CallNoArgs(thing);
    show_plain("dir(Thing())", o ? PyObject_Dir(o) : NULL);
    show("Thing() has no __dict__", PyLong_FromLong(o ? PyObject_HasAttrString(o, "__dict__") : -1));
    Py_XDECREF(o);
    PyObject *sub = eval_class("SubThing", Py_BuildValue("(O)", thing), Py_BuildValue("{s:i}", "extra", 1));
    show_plain("dir(SubThing)", sub ? PyObject_Dir(sub) : NULL);
    Py_XDECREF(sub);
    Py_DECREF(thing);

    /* Exceptions: instances with a dict, classes over the hierarchy. */
    PyObject *exc = PyErr_NewException("mod.Oops", PyExc_ValueError, NULL);
    PyObject_SetAttrString(exc, "code", Py_None);
    show_plain("dir(Oops)", PyObject_Dir(exc));
    o = PyObject_CallFunction(exc, "s", "x");
    PyObject_SetAttrString(o, "detail", Py_None);
    show_plain("dir(Oops('x'))", PyObject_Dir(o));
    Py_DECREF(o);
    Py_DECREF(exc);

    /* Builtin objects: the non-dunder names. */
    show("dir(object()) (all)", PyObject_Dir(PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type)));
    show_plain("dir(None)", PyObject_Dir(Py_None));
    show_plain("dir(5)", PyObject_Dir(PyLong_FromLong(5)));
    show_plain("dir([])", PyObject_Dir(PyList_New(0)));
    show_plain("dir({})", PyObject_Dir(PyDict_New()));
    show_plain("dir(())", PyObject_Dir(PyTuple_New(0)));
    show_plain("dir(1.5)", PyObject_Dir(PyFloat_FromDouble(1.5)));
    show_plain("dir(b'')", PyObject_Dir(PyBytes_FromString("")));
    show_plain("dir('')", PyObject_Dir(PyUnicode_FromString("")));
    show_plain("dir(int)", PyObject_Dir((PyObject *)&PyLong_Type));
    show_plain("dir(type)", PyObject_Dir((PyObject *)&PyType_Type));
    show_plain("dir(ValueError)", PyObject_Dir(PyExc_ValueError));

    /* dir() itself. */
    PyObject *builtins = PyImport_ImportModule("builtins");
    PyObject *dir = builtins ? PyObject_GetAttrString(builtins, "dir") : NULL;
    show("dir()", dir ? PyObject_CallNoArgs(dir) : NULL);
    show("dir(1, 2)", dir ? PyObject_CallFunction(dir, "ii", 1, 2) : NULL);
    show("dir(x=1)", dir ? PyObject_Call(dir, PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)) : NULL);
    show_plain("dir(Base) via builtins", dir ? PyObject_CallFunction(dir, "O", base) : NULL);
    show("dir.__name__", dir ? PyObject_GetAttrString(dir, "__name__") : NULL);
    Py_XDECREF(dir);
    Py_XDECREF(builtins);

    Py_DECREF(inst);
    Py_DECREF(derived);
    Py_DECREF(base);
    return 0;
}
