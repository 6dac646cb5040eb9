/* Differential cases for classmethod (PyClassMethod_Type,
 * PyClassMethod_New), which object proxies such as wrapt's test wrapped
 * callables against:
 *
 * - binding: from the class, from an instance (its type), from a subclass,
 *   and through __get__ directly with and without a type; calling the
 *   bound result (the class comes first);
 * - a callable that is itself a descriptor (a method descriptor, another
 *   classmethod) bound to the class, as 3.11 chains them;
 * - classmethod(f) from C: keyword and argument-count errors, the names
 *   functools.wraps would copy (from a builtin function), __func__,
 *   __wrapped__, __isabstractmethod__, __dict__; PyClassMethod_New copies
 *   nothing; an object from __new__ whose __init__ never ran;
 * - isinstance checks and repr.
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

/* Returns its arguments as a tuple, self (the bound class) first. */
static PyObject *echo(PyObject *self, PyObject *args)
{
    PyObject *r = PyTuple_New(PyTuple_GET_SIZE(args) + 1);
    if (r == NULL)
        return NULL;
    PyTuple_SET_ITEM(r, 0, Py_NewRef(self ? self : Py_None));
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++)
        PyTuple_SET_ITEM(r, i + 1, Py_NewRef(PyTuple_GET_ITEM(args, i)));
    return r;
}
static PyMethodDef ECHO = {"echo", echo, METH_VARARGS, "echo(*args) -> (self, *args)"};

static PyObject *make_class(const char *name, PyObject *bases, PyObject *ns)
{
    PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", name, bases, ns);
    Py_DECREF(bases);
    Py_DECREF(ns);
    return cls;
}

static void show_int(const char *what, long v)
{
    if (v == -1 && PyErr_Occurred()) {
        show(what, NULL);
        return;
    }
    printf("%d\t%s\t%ld\n", ++case_no, what, v);
}

int main(void)
{
    Py_Initialize();
    PyObject *fn = PyCFunction_New(&ECHO, NULL);

    PyObject *cm = PyClassMethod_New(fn);
    show("PyClassMethod_New(echo)", Py_XNewRef(cm));
    show_int("PyObject_TypeCheck(cm, classmethod)", PyObject_TypeCheck(cm, &PyClassMethod_Type));
    show_int("isinstance(cm, classmethod)", PyObject_IsInstance(cm, (PyObject *)&PyClassMethod_Type));
    show_int("isinstance(cm, staticmethod)", PyObject_IsInstance(cm, (PyObject *)&PyStaticMethod_Type));
    show_int("isinstance(echo, classmethod)", PyObject_IsInstance(fn, (PyObject *)&PyClassMethod_Type));
    show_int("cm.__func__ is echo", PyObject_GetAttrString(cm, "__func__") == fn);
    Py_DECREF(fn); /* the getattr's reference */
    show_int("cm.__wrapped__ is echo", PyObject_GetAttrString(cm, "__wrapped__") == fn);
    Py_DECREF(fn);
    show("cm.__isabstractmethod__", PyObject_GetAttrString(cm, "__isabstractmethod__"));
    show("cm.__dict__ (PyClassMethod_New copies nothing)", PyObject_GetAttrString(cm, "__dict__"));
    show("cm.__name__", PyObject_GetAttrString(cm, "__name__"));

    PyObject *cls = make_class("K", PyTuple_New(0), Py_BuildValue("{s:O}", "meth", cm));
    PyObject *sub = make_class("Sub", Py_BuildValue("(O)", cls), PyDict_New());
    PyObject *inst = PyObject_CallNoArgs(sub);
    show("K.meth", PyObject_GetAttrString(cls, "meth"));
    show("K.meth(1, 2)", PyObject_CallMethod(cls, "meth", "ii", 1, 2));
    show("Sub.meth(3)", PyObject_CallMethod(sub, "meth", "i", 3));
    show("Sub().meth(4)", PyObject_CallMethod(inst, "meth", "i", 4));
    show("cm.__get__(None, K)", PyObject_CallMethod(cm, "__get__", "OO", Py_None, cls));
    show("cm.__get__(Sub())", PyObject_CallMethod(cm, "__get__", "O", inst));
    show("cm.__get__(5)", PyObject_CallMethod(cm, "__get__", "i", 5));
    show("cm.__get__(None, None)", PyObject_CallMethod(cm, "__get__", "OO", Py_None, Py_None));
    show("cm.__get__()", PyObject_CallMethod(cm, "__get__", NULL));
    PyObject *bound = PyObject_GetAttrString(cls, "meth");
    show_int("K.meth.__self__ is K", bound ? PyObject_GetAttrString(bound, "__self__") == cls : -1);
    Py_DECREF(cls); /* the getattr's reference */
    Py_XDECREF(bound);
    show_int("cm is not callable", PyCallable_Check(cm));
    show("cm()", PyObject_CallNoArgs(cm));

    /* classmethod(f) from C. */
    PyObject *ctype = (PyObject *)&PyClassMethod_Type;
    PyObject *made = PyObject_CallFunction(ctype, "O", fn);
    show("classmethod(echo)", Py_XNewRef(made));
    if (made != NULL) {
        show("  .__name__", PyObject_GetAttrString(made, "__name__"));
        show("  .__qualname__", PyObject_GetAttrString(made, "__qualname__"));
        show("  .__doc__", PyObject_GetAttrString(made, "__doc__"));
        show("  .__module__", PyObject_GetAttrString(made, "__module__"));
        show("  .__annotations__", PyObject_GetAttrString(made, "__annotations__"));
        show("  __dict__ keys", PyDict_Keys(PyObject_GetAttrString(made, "__dict__")));
        show_int("  .attr = 1", PyObject_SetAttrString(made, "attr", Py_True));
        show("  .attr", PyObject_GetAttrString(made, "attr"));
        Py_DECREF(made);
    }
    show("classmethod()", PyObject_CallNoArgs(ctype));
    show("classmethod(echo, 1)", PyObject_CallFunction(ctype, "Oi", fn, 1));
    PyObject *kw = Py_BuildValue("{s:O}", "f", fn);
    PyObject *empty = PyTuple_New(0);
    show("classmethod(f=echo)", PyObject_Call(ctype, empty, kw));
    Py_DECREF(kw);
    show("classmethod(5)", PyObject_CallFunction(ctype, "i", 5));

    /* From __new__ without __init__. */
    PyObject *bare = PyObject_CallMethod(ctype, "__new__", "O", ctype);
    show("classmethod.__new__(classmethod)", bare ? PyUnicode_FromString("made") : NULL);
    if (bare != NULL) {
        show("  .__func__", PyObject_GetAttrString(bare, "__func__"));
        show("  .__get__(None, int)", PyObject_CallMethod(bare, "__get__", "OO", Py_None, &PyLong_Type));
        show("  .__isabstractmethod__", PyObject_GetAttrString(bare, "__isabstractmethod__"));
        Py_DECREF(bare);
    }

    /* A callable that is a descriptor binds to the class (3.11). */
    PyObject *inner = PyClassMethod_New(fn);
    PyObject *outer = PyClassMethod_New(inner);
    show("classmethod(classmethod(echo)).__get__(None, K)()",
         PyObject_CallFunction(PyObject_CallMethod(outer, "__get__", "OO", Py_None, cls), NULL));
    Py_DECREF(outer);
    Py_DECREF(inner);
    PyObject *upper = PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "upper");
    PyObject *cm_upper = PyClassMethod_New(upper);
    show("classmethod(str.upper).__get__(None, str)", PyObject_CallMethod(cm_upper, "__get__", "OO", Py_None, &PyUnicode_Type));
    Py_DECREF(cm_upper);
    Py_DECREF(upper);

    /* __isabstractmethod__ from the callable. */
    PyObject *abs_ns = Py_BuildValue("{s:O}", "__isabstractmethod__", Py_True);
    PyObject *abstract = make_class("Abstract", PyTuple_New(0), abs_ns);
    PyObject *a = PyObject_CallNoArgs(abstract);
    PyObject *cm_abs = PyClassMethod_New(a);
    show("classmethod(abstract).__isabstractmethod__", PyObject_GetAttrString(cm_abs, "__isabstractmethod__"));
    Py_DECREF(cm_abs);
    Py_DECREF(a);
    Py_DECREF(abstract);

    show("classmethod.__name__", PyObject_GetAttrString(ctype, "__name__"));
    show("classmethod is subclassable", PyLong_FromLong(PyType_HasFeature(&PyClassMethod_Type, Py_TPFLAGS_BASETYPE)));
    PyObject *builtins = PyImport_ImportModule("builtins");
    show_int("builtins.classmethod is classmethod",
             builtins ? PyObject_GetAttrString(builtins, "classmethod") == ctype : -1);
    Py_DECREF(ctype);
    Py_XDECREF(builtins);

    Py_DECREF(empty);
    Py_DECREF(inst);
    Py_DECREF(sub);
    Py_DECREF(cls);
    Py_DECREF(cm);
    Py_DECREF(fn);
    return 0;
}
