/* Differential cases for subclass tracking (Objects/typeobject.c's
 * tp_subclasses, type.__subclasses__, update_subclasses /
 * recurse_down_subclasses): the immediate subclasses of classes made by
 * type() in creation order, diamonds, a subclass of a built-in type, a
 * subclass dropped once it is collected, and a dunder set or deleted on
 * a base reaching the C slots of subclasses that do not define it
 * themselves (and not those that do).
 *
 * Built against CPython 3.11 and against pybuffer; each build prints one
 * line per case (see case.h) and the two outputs must match.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *dispatch(PyObject *tag, PyObject *args)
{
    const char *t = PyUnicode_AsUTF8(tag);
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject *a1 = n > 1 ? PyTuple_GET_ITEM(args, 1) : Py_None;
    if (!strcmp(t, "add1"))
        return PyUnicode_FromFormat("add1 %s %R", Py_TYPE(PyTuple_GET_ITEM(args, 0))->tp_name, a1);
    if (!strcmp(t, "add2"))
        return PyUnicode_FromFormat("add2 %s %R", Py_TYPE(PyTuple_GET_ITEM(args, 0))->tp_name, a1);
    if (!strcmp(t, "len7"))
        return PyLong_FromLong(7);
    if (!strcmp(t, "repr"))
        return PyUnicode_FromFormat("<repr of %s>", Py_TYPE(PyTuple_GET_ITEM(args, 0))->tp_name);
    PyErr_Format(PyExc_SystemError, "unknown tag %s", t);
    return NULL;
}

static PyMethodDef dispatch_def = {"m", dispatch, METH_VARARGS, NULL};

static PyObject *meth(const char *tag)
{
    PyObject *s = PyUnicode_FromString(tag);
    PyObject *f = s ? PyCFunction_New(&dispatch_def, s) : NULL;
    Py_XDECREF(s);
    PyObject *m = f ? PyInstanceMethod_New(f) : NULL;
    Py_XDECREF(f);
    return m;
}

/* type(name, bases, {k: meth(tag)}) ; bases is stolen. */
static PyObject *mk(const char *name, PyObject *bases, const char *k, const char *tag)
{
    PyObject *d = PyDict_New();
    if (d && k) {
        PyObject *m = meth(tag);
        if (m == NULL || PyDict_SetItemString(d, k, m) < 0)
            Py_CLEAR(d);
        Py_XDECREF(m);
    }
    PyObject *r = d && bases ? PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", name, bases, d) : NULL;
    Py_XDECREF(d);
    Py_XDECREF(bases);
    return r;
}

static PyObject *subs(PyObject *cls)
{
    PyObject *l = PyObject_CallMethod(cls, "__subclasses__", NULL);
    if (l == NULL)
        return NULL;
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out && i < PyList_GET_SIZE(l); i++) {
        PyObject *s = PyObject_GetAttrString(PyList_GET_ITEM(l, i), "__name__");
        if (s == NULL || PyList_Append(out, s) < 0)
            Py_CLEAR(out);
        Py_XDECREF(s);
    }
    Py_DECREF(l);
    return out;
}

static PyObject *inst(PyObject *cls)
{
    return PyObject_CallNoArgs(cls);
}

static PyObject *add(PyObject *cls, long v)
{
    PyObject *o = inst(cls);
    PyObject *i = PyLong_FromLong(v);
    PyObject *r = o && i ? PyNumber_Add(o, i) : NULL;
    Py_XDECREF(o);
    Py_XDECREF(i);
    return r;
}

static PyObject *len_of(PyObject *cls)
{
    PyObject *o = inst(cls);
    if (o == NULL)
        return NULL;
    Py_ssize_t n = PyObject_Length(o);
    Py_DECREF(o);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static void gc(void)
{
    PyObject *m = PyImport_ImportModule("gc");
    PyObject *r = m ? PyObject_CallMethod(m, "collect", NULL) : NULL;
    Py_XDECREF(r);
    Py_XDECREF(m);
    PyErr_Clear();
}

static int set(PyObject *cls, const char *k, const char *tag)
{
    PyObject *m = meth(tag);
    int r = m ? PyObject_SetAttrString(cls, k, m) : -1;
    Py_XDECREF(m);
    return r;
}

int main(void)
{
    Py_Initialize();
    PyObject *A = mk("A", PyTuple_New(0), NULL, NULL);
    show("A.__subclasses__() empty", subs(A));
    PyObject *B = mk("B", PyTuple_Pack(1, A), NULL, NULL);
    PyObject *C = mk("C", PyTuple_Pack(1, A), "__add__", "add2");
    PyObject *D = mk("D", PyTuple_Pack(2, B, C), NULL, NULL);
    PyObject *E = mk("E", PyTuple_Pack(1, B), NULL, NULL);
    show("A.__subclasses__()", subs(A));
    show("B.__subclasses__()", subs(B));
    show("C.__subclasses__()", subs(C));
    show("D.__subclasses__()", subs(D));
    show("type(A.__subclasses__())", PyObject_Type(PyObject_CallMethod(A, "__subclasses__", NULL)));
    show("A.__subclasses__(1)", PyObject_CallMethod(A, "__subclasses__", "i", 1));
    show("type.__subclasses__(A)", subs(A));
    PyObject *I = mk("I", PyTuple_Pack(1, (PyObject *)&PyLong_Type), NULL, NULL);
    PyObject *il = PyObject_CallMethod((PyObject *)&PyLong_Type, "__subclasses__", NULL);
    show("I in int.__subclasses__()", il ? PyBool_FromLong(PySequence_Contains(il, I)) : NULL);
    show("bool in int.__subclasses__()", il ? PyBool_FromLong(PySequence_Contains(il, (PyObject *)&PyBool_Type)) : NULL);
    Py_XDECREF(il);
    show("I.__subclasses__()", subs(I));

    /* A subclass that dies drops out. */
    PyObject *T = mk("T", PyTuple_Pack(1, A), NULL, NULL);
    show("with T", subs(A));
    /* Without a cycle collector a class is freed once its cycles are
       broken; type's tp_clear breaks them, as the collector would. */
    if (T)
        Py_TYPE(T)->tp_clear(T);
    Py_XDECREF(T);
    gc();
    show("T freed", subs(A));
    PyObject *T2 = mk("T2", PyTuple_Pack(1, A), NULL, NULL);
    show("T2 after", subs(A));

    /* Slot propagation. */
    show("B()+1 before", add(B, 1));
    show("C()+1", add(C, 1));
    show("set A.__add__", PyLong_FromLong(set(A, "__add__", "add1")));
    show("A()+1", add(A, 1));
    show("B()+1", add(B, 1));
    show("E()+1 (grandchild)", add(E, 1));
    show("C()+1 (own __add__)", add(C, 1));
    show("D()+1 (MRO D,B,C,A)", add(D, 1));
    show("T2()+1", add(T2, 1));
    show("set B.__add__", PyLong_FromLong(set(B, "__add__", "add2")));
    show("E()+1 via B", add(E, 1));
    show("A()+1 still", add(A, 1));
    show("del B.__add__", PyLong_FromLong(PyObject_DelAttrString(B, "__add__")));
    show("E()+1 back to A", add(E, 1));
    show("del A.__add__", PyLong_FromLong(PyObject_DelAttrString(A, "__add__")));
    show("A()+1 gone", add(A, 1));
    show("B()+1 gone", add(B, 1));
    show("E()+1 gone", add(E, 1));
    show("D()+1 from C", add(D, 1));
    show("len(E()) before", len_of(E));
    show("set A.__len__", PyLong_FromLong(set(A, "__len__", "len7")));
    show("len(E())", len_of(E));
    show("len(D())", len_of(D));
    show("set A.__repr__", PyLong_FromLong(set(A, "__repr__", "repr")));
    PyObject *e = inst(E);
    show("repr(E())", e ? PyObject_Repr(e) : NULL);
    Py_XDECREF(e);
    PyObject *e2 = inst(I);
    show("set I.__add__", PyLong_FromLong(set(I, "__add__", "add1")));
    PyObject *J = mk("J", PyTuple_Pack(1, I), NULL, NULL);
    PyObject *j = J ? PyObject_CallFunction(J, "i", 5) : NULL;
    PyObject *one = PyLong_FromLong(1);
    show("J(5)+1", j ? PyNumber_Add(j, one) : NULL);
    show("del I.__add__", PyLong_FromLong(PyObject_DelAttrString(I, "__add__")));
    show("J(5)+1 int again", j ? PyNumber_Add(j, one) : NULL);
    Py_XDECREF(j);
    Py_XDECREF(e2);
    Py_XDECREF(one);
    Py_XDECREF(J);
    Py_XDECREF(T2);
    Py_XDECREF(I);
    Py_XDECREF(E);
    Py_XDECREF(D);
    Py_XDECREF(C);
    Py_XDECREF(B);
    Py_XDECREF(A);
    return 0;
}
