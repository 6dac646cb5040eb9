/* Differential cases for the abc module (Lib/abc.py over Modules/_abc.c)
 * and abstract instantiation (Objects/typeobject.c's object_new and
 * type_set_abstractmethods): ABCMeta classes and their
 * __abstractmethods__ (own and inherited), the TypeError instantiating
 * them, ABC as a base, register (virtual subclasses, no-op, cycles, non
 * classes), isinstance / issubclass through the registry, the caches and
 * get_cache_token, __subclasshook__ returning True / False /
 * NotImplemented / something else, _abc_registry_clear and
 * _abc_caches_clear, update_abstractmethods, the deprecated decorator
 * classes, __abstractmethods__ set and deleted on a plain class, and the
 * argument errors.
 *
 * Built against CPython 3.11 and against pybuffer; each build prints one
 * line per case (see case.h) and the two outputs must match.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *abc, *ABCMeta, *Marker;

static PyObject *dispatch(PyObject *tag, PyObject *args)
{
    const char *t = PyUnicode_AsUTF8(tag);
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject *a1 = n > 1 ? PyTuple_GET_ITEM(args, 1) : Py_None;
    if (!strcmp(t, "hook")) {
        /* __subclasshook__(cls, sub): by sub's name. */
        const char *name = PyType_Check(a1) ? ((PyTypeObject *)a1)->tp_name : "?";
        if (!strncmp(name, "Yes", 3))
            Py_RETURN_TRUE;
        if (!strncmp(name, "No", 2))
            Py_RETURN_FALSE;
        if (!strncmp(name, "Bad", 3))
            return PyLong_FromLong(42);
        if (!strncmp(name, "Err", 3)) {
            PyErr_SetString(PyExc_KeyError, "hook failed");
            return NULL;
        }
        Py_RETURN_NOTIMPLEMENTED;
    }
    if (!strcmp(t, "call"))
        return PyUnicode_FromString("called");
    PyErr_Format(PyExc_SystemError, "unknown tag %s", t);
    return NULL;
}

static PyMethodDef dispatch_def = {"m", dispatch, METH_VARARGS, NULL};

static PyObject *cfunc(const char *tag)
{
    PyObject *s = PyUnicode_FromString(tag);
    PyObject *f = s ? PyCFunction_New(&dispatch_def, s) : NULL;
    Py_XDECREF(s);
    return f;
}

/* A fresh object with an instance dict, marked abstract. */
static PyObject *abstract_obj(void)
{
    PyObject *o = PyObject_CallNoArgs(Marker);
    if (o == NULL)
        return NULL;
    PyObject *r = PyObject_CallMethod(abc, "abstractmethod", "O", o);
    Py_DECREF(o);
    return r;
}

/* meta(name, bases, {k: v...}); "A" values are abstract_obj(), "1" ints,
   "H" the hook classmethod. bases stolen. */
static PyObject *mk(PyObject *meta, const char *name, PyObject *bases, const char *spec)
{
    PyObject *d = PyDict_New();
    char key[32];
    for (const char *p = spec; d && p && *p;) {
        const char *eq = strchr(p, '=');
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        snprintf(key, sizeof key, "%.*s", (int)(eq - p), p);
        PyObject *v = NULL;
        if (eq[1] == 'A')
            v = abstract_obj();
        else if (eq[1] == 'H') {
            PyObject *f = cfunc("hook");
            v = f ? PyClassMethod_New(f) : NULL;
            Py_XDECREF(f);
        } else
            v = PyLong_FromLong(1);
        if (v == NULL || PyDict_SetItemString(d, key, v) < 0)
            Py_CLEAR(d);
        Py_XDECREF(v);
        p = *end ? end + 1 : end;
    }
    PyObject *r = d && bases ? PyObject_CallFunction(meta, "sOO", name, bases, d) : NULL;
    Py_XDECREF(d);
    Py_XDECREF(bases);
    return r;
}

static PyObject *abstracts(PyObject *cls)
{
    PyObject *a = cls ? PyObject_GetAttrString(cls, "__abstractmethods__") : NULL;
    if (a == NULL)
        return NULL;
    PyObject *l = PySequence_List(a);
    if (l && PyList_Sort(l) < 0)
        Py_CLEAR(l);
    PyObject *r = l ? PyUnicode_FromFormat("%s %R", Py_TYPE(a)->tp_name, l) : NULL;
    Py_XDECREF(l);
    Py_DECREF(a);
    return r;
}

static PyObject *b(int r)
{
    return r < 0 ? NULL : PyBool_FromLong(r);
}

static PyObject *token(void)
{
    return PyObject_CallMethod(abc, "get_cache_token", NULL);
}

static PyObject *token_delta(PyObject *before)
{
    PyObject *now = token();
    PyObject *r = now && before ? PyNumber_Subtract(now, before) : NULL;
    Py_XDECREF(now);
    return r;
}

static PyObject *reg(PyObject *cls, PyObject *sub)
{
    return PyObject_CallMethod(cls, "register", "O", sub);
}

static PyObject *inst(PyObject *cls)
{
    return PyObject_CallNoArgs(cls);
}

int main(void)
{
    Py_Initialize();
    abc = PyImport_ImportModule("abc");
    show("import abc", abc ? PyUnicode_FromString(Py_TYPE(abc)->tp_name) : NULL);
    if (abc == NULL)
        return 1;
    ABCMeta = PyObject_GetAttrString(abc, "ABCMeta");
    Marker = PyObject_CallFunction((PyObject *)&PyType_Type, "s()N", "Marker", PyDict_New());
    PyObject *ABC = PyObject_GetAttrString(abc, "ABC");
    show("ABCMeta", PyObject_Repr(ABCMeta));
    show("ABCMeta.__mro__", PyObject_GetAttrString(ABCMeta, "__mro__"));
    show("ABC", PyObject_Repr(ABC));
    show("type(ABC)", PyObject_Type(ABC));
    show("ABC.__abstractmethods__", abstracts(ABC));
    show("ABC.__slots__", PyObject_GetAttrString(ABC, "__slots__"));
    show("ABC.__doc__", PyObject_GetAttrString(ABC, "__doc__"));
    show("ABCMeta.__doc__[:40]", PySequence_GetSlice(PyObject_GetAttrString(ABCMeta, "__doc__"), 0, 40));
    show("type(ABC())", PyObject_Type(inst(ABC)));
    show("ABC._abc_impl type", PyObject_Type(PyObject_GetAttrString(ABC, "_abc_impl")));
    show("ABC.__abstractmethods__ builtin name", PyObject_GetAttrString(PyObject_GetAttrString(abc, "abstractmethod"), "__name__"));

    /* Abstract methods, own and inherited. */
    PyObject *A = mk(ABCMeta, "A", PyTuple_New(0), "f=A,g=A,h=1");
    show("A.__abstractmethods__", abstracts(A));
    show("type(A)", PyObject_Type(A));
    show("A()", inst(A));
    show("A(1)", PyObject_CallFunction(A, "i", 1));
    PyObject *B = mk(ABCMeta, "B", PyTuple_Pack(1, A), "f=1");
    show("B.__abstractmethods__", abstracts(B));
    show("B()", inst(B));
    PyObject *C = mk(ABCMeta, "C", PyTuple_Pack(1, B), "g=1,k=A");
    show("C.__abstractmethods__", abstracts(C));
    show("C()", inst(C));
    PyObject *C2 = mk(ABCMeta, "C2", PyTuple_Pack(1, C), "k=1");
    show("C2.__abstractmethods__", abstracts(C2));
    PyObject *c2 = inst(C2);
    show("C2()", c2 ? PyObject_Type(c2) : NULL);
    Py_XDECREF(c2);
    PyObject *D = mk((PyObject *)&PyType_Type, "D", PyTuple_Pack(1, ABC), "x=A,y=A,z=A");
    show("type(D) via ABC base", PyObject_Type(D));
    show("D.__abstractmethods__", abstracts(D));
    show("D()", inst(D));
    show("D.__abstractmethods__ = ()", b(PyObject_SetAttrString(D, "__abstractmethods__", PyTuple_New(0)) == 0));
    PyObject *d = inst(D);
    show("D() after", d ? PyObject_Type(d) : NULL);
    Py_XDECREF(d);

    /* Registration. */
    PyObject *t0 = token();
    show("A.register(int)", reg(A, (PyObject *)&PyLong_Type));
    show("token delta", token_delta(t0));
    show("issubclass(int, A)", b(PyObject_IsSubclass((PyObject *)&PyLong_Type, A)));
    show("issubclass(bool, A)", b(PyObject_IsSubclass((PyObject *)&PyBool_Type, A)));
    show("issubclass(int, B)", b(PyObject_IsSubclass((PyObject *)&PyLong_Type, B)));
    show("issubclass(str, A)", b(PyObject_IsSubclass((PyObject *)&PyUnicode_Type, A)));
    PyObject *five = PyLong_FromLong(5);
    show("isinstance(5, A)", b(PyObject_IsInstance(five, A)));
    show("isinstance(True, A)", b(PyObject_IsInstance(Py_True, A)));
    show("isinstance('s', A)", b(PyObject_IsInstance(Py_None, A)));
    show("A.__instancecheck__(5)", PyObject_CallMethod(A, "__instancecheck__", "O", five));
    show("A.__subclasscheck__(int)", PyObject_CallMethod(A, "__subclasscheck__", "O", &PyLong_Type));
    show("A.__subclasscheck__(5)", PyObject_CallMethod(A, "__subclasscheck__", "O", five));
    show("issubclass(5, A)", b(PyObject_IsSubclass(five, A)));
    show("A.register(5)", reg(A, five));
    show("A.register()", PyObject_CallMethod(A, "register", NULL));
    t0 = token();
    show("A.register(B) (already)", reg(A, B));
    show("token delta none", token_delta(t0));
    show("A.register(A)", reg(A, A));
    show("B.register(A) cycle", reg(B, A));
    show("issubclass(C, A)", b(PyObject_IsSubclass(C, A)));
    show("issubclass(A, C)", b(PyObject_IsSubclass(A, C)));
    /* The negative cache goes stale on register. */
    PyObject *X = mk(ABCMeta, "X", PyTuple_New(0), "");
    show("issubclass(float, X)", b(PyObject_IsSubclass((PyObject *)&PyFloat_Type, X)));
    show("issubclass(float, X) cached", b(PyObject_IsSubclass((PyObject *)&PyFloat_Type, X)));
    t0 = token();
    show("X.register(float)", reg(X, (PyObject *)&PyFloat_Type));
    show("token delta", token_delta(t0));
    show("issubclass(float, X) after", b(PyObject_IsSubclass((PyObject *)&PyFloat_Type, X)));
    PyObject *half = PyFloat_FromDouble(0.5);
    show("isinstance(0.5, X)", b(PyObject_IsInstance(half, X)));
    PyObject *XS = mk(ABCMeta, "XS", PyTuple_Pack(1, X), "");
    PyObject *Y = mk((PyObject *)&PyType_Type, "Y", PyTuple_New(0), "");
    show("XS.register(Y)", reg(XS, Y));
    show("issubclass(Y, X) via subclass's registry", b(PyObject_IsSubclass(Y, X)));
    PyObject *y = inst(Y);
    show("isinstance(Y(), X)", b(PyObject_IsInstance(y, X)));
    show("X._abc_registry_clear()", PyObject_CallMethod(X, "_abc_registry_clear", NULL));
    show("issubclass(float, X) still cached", b(PyObject_IsSubclass((PyObject *)&PyFloat_Type, X)));
    show("X._abc_caches_clear()", PyObject_CallMethod(X, "_abc_caches_clear", NULL));
    show("issubclass(float, X) cleared", b(PyObject_IsSubclass((PyObject *)&PyFloat_Type, X)));
    show("issubclass(Y, X) still via XS", b(PyObject_IsSubclass(Y, X)));

    /* __subclasshook__. */
    PyObject *H = mk(ABCMeta, "H", PyTuple_New(0), "__subclasshook__=H");
    PyObject *Yes = mk((PyObject *)&PyType_Type, "Yes", PyTuple_New(0), "");
    PyObject *No = mk(ABCMeta, "No", PyTuple_Pack(1, H), "");
    PyObject *Bad = mk((PyObject *)&PyType_Type, "Bad", PyTuple_New(0), "");
    PyObject *Err = mk((PyObject *)&PyType_Type, "Err", PyTuple_New(0), "");
    PyObject *Maybe = mk((PyObject *)&PyType_Type, "Maybe", PyTuple_Pack(1, H), "");
    show("issubclass(Yes, H)", b(PyObject_IsSubclass(Yes, H)));
    show("issubclass(No(H), H)", b(PyObject_IsSubclass(No, H)));
    show("issubclass(Bad, H)", b(PyObject_IsSubclass(Bad, H)));
    show("issubclass(Err, H)", b(PyObject_IsSubclass(Err, H)));
    show("issubclass(Maybe(H), H)", b(PyObject_IsSubclass(Maybe, H)));
    show("issubclass(int, H)", b(PyObject_IsSubclass((PyObject *)&PyLong_Type, H)));
    PyObject *yes = inst(Yes);
    show("isinstance(Yes(), H)", b(PyObject_IsInstance(yes, H)));
    show("H.__subclasshook__(int)", PyObject_CallMethod(H, "__subclasshook__", "O", &PyLong_Type));
    show("A.__subclasshook__(int)", PyObject_CallMethod(A, "__subclasshook__", "O", &PyLong_Type));
    Py_XDECREF(yes);

    /* update_abstractmethods. */
    PyObject *U = mk(ABCMeta, "U", PyTuple_New(0), "f=A");
    show("U.__abstractmethods__", abstracts(U));
    PyObject *one = PyLong_FromLong(1);
    PyObject_SetAttrString(U, "f", one);
    show("U() before update", inst(U));
    show("update_abstractmethods(U) is U", b(PyObject_CallMethod(abc, "update_abstractmethods", "O", U) == U));
    show("U.__abstractmethods__ after", abstracts(U));
    PyObject *u = inst(U);
    show("U() after", u ? PyObject_Type(u) : NULL);
    Py_XDECREF(u);
    PyObject *ab = abstract_obj();
    PyObject_SetAttrString(U, "g", ab);
    Py_XDECREF(ab);
    show("update_abstractmethods(U) again", PyObject_CallMethod(abc, "update_abstractmethods", "O", U));
    show("U.__abstractmethods__ g", abstracts(U));
    show("update_abstractmethods(int)", PyObject_CallMethod(abc, "update_abstractmethods", "O", &PyLong_Type));
    PyObject *V = mk(ABCMeta, "V", PyTuple_Pack(1, U), "");
    show("V.__abstractmethods__", abstracts(V));

    /* __abstractmethods__ on plain classes. */
    PyObject *T = mk((PyObject *)&PyType_Type, "T", PyTuple_New(0), "");
    show("T.__abstractmethods__", PyObject_GetAttrString(T, "__abstractmethods__"));
    show("type.__abstractmethods__", PyObject_GetAttrString((PyObject *)&PyType_Type, "__abstractmethods__"));
    show("int.__abstractmethods__", PyObject_GetAttrString((PyObject *)&PyLong_Type, "__abstractmethods__"));
    show("int.__abstractmethods__ = ()", b(PyObject_SetAttrString((PyObject *)&PyLong_Type, "__abstractmethods__", Py_None)));
    PyObject *fs = Py_BuildValue("(ss)", "zz", "aa");
    show("T.__abstractmethods__ = ('zz','aa')", b(PyObject_SetAttrString(T, "__abstractmethods__", fs)));
    show("T()", inst(T));
    show("T.__abstractmethods__ = []", b(PyObject_SetAttrString(T, "__abstractmethods__", PyList_New(0))));
    PyObject *tt = inst(T);
    show("T() falsy", tt ? PyObject_Type(tt) : NULL);
    Py_XDECREF(tt);
    show("T.__abstractmethods__ = 'q'", b(PyObject_SetAttrString(T, "__abstractmethods__", PyUnicode_FromString("q"))));
    show("T() str", inst(T));
    show("del T.__abstractmethods__", b(PyObject_DelAttrString(T, "__abstractmethods__")));
    tt = inst(T);
    show("T() after del", tt ? PyObject_Type(tt) : NULL);
    Py_XDECREF(tt);
    show("del again", b(PyObject_DelAttrString(T, "__abstractmethods__")));
    Py_XDECREF(fs);

    /* The deprecated decorator classes. */
    PyObject *acm = PyObject_GetAttrString(abc, "abstractclassmethod");
    PyObject *asm_ = PyObject_GetAttrString(abc, "abstractstaticmethod");
    PyObject *ap = PyObject_GetAttrString(abc, "abstractproperty");
    show("abstractclassmethod.__mro__", PyObject_GetAttrString(acm, "__mro__"));
    show("abstractstaticmethod.__mro__", PyObject_GetAttrString(asm_, "__mro__"));
    show("abstractproperty.__mro__", PyObject_GetAttrString(ap, "__mro__"));
    show("abstractclassmethod.__isabstractmethod__", PyObject_GetAttrString(acm, "__isabstractmethod__"));
    PyObject *m = inst(Marker);
    PyObject *cm = PyObject_CallFunction(acm, "O", m);
    show("abstractclassmethod(m)", cm ? PyObject_Type(cm) : NULL);
    show("m.__isabstractmethod__", PyObject_GetAttrString(m, "__isabstractmethod__"));
    show("cm.__isabstractmethod__", cm ? PyObject_GetAttrString(cm, "__isabstractmethod__") : NULL);
    show("cm.__func__ is m", cm ? b(PyObject_GetAttrString(cm, "__func__") == m) : NULL);
    Py_DECREF(m);
    show("abstractclassmethod()", PyObject_CallNoArgs(acm));
    show("abstractclassmethod(1, 2)", PyObject_CallFunction(acm, "ii", 1, 2));
    show("abstractstaticmethod(len)", PyObject_CallFunction(asm_, "O", PyObject_GetAttrString(PyEval_GetBuiltins(), "len")));
    PyObject *p = PyObject_CallNoArgs(ap);
    show("abstractproperty().__isabstractmethod__", p ? PyObject_GetAttrString(p, "__isabstractmethod__") : NULL);
    PyObject *pd = PyDict_New();
    PyDict_SetItemString(pd, "prop", p);
    PyDict_SetItemString(pd, "cm", cm);
    PyObject *P = PyObject_CallFunction(ABCMeta, "s()O", "P", pd);
    show("P.__abstractmethods__", abstracts(P));
    show("P()", inst(P));
    Py_XDECREF(P);
    Py_XDECREF(pd);
    Py_XDECREF(p);
    Py_XDECREF(cm);
    show("abstractmethod(1)", PyObject_CallMethod(abc, "abstractmethod", "i", 1));

    /* ABCMeta's own argument errors and subclasses of it. */
    show("ABCMeta('Q')", PyObject_CallFunction(ABCMeta, "s", "Q"));
    show("ABCMeta('Q', ())", PyObject_CallFunction(ABCMeta, "s()", "Q"));
    show("ABCMeta(1,2,3,4)", PyObject_CallFunction(ABCMeta, "iiii", 1, 2, 3, 4));
    show("ABCMeta(1,(),{})", PyObject_CallFunction(ABCMeta, "i(){}", 1));
    PyObject *M2 = mk((PyObject *)&PyType_Type, "M2", PyTuple_Pack(1, ABCMeta), "");
    PyObject *Z = mk(M2, "Z", PyTuple_New(0), "q=A");
    show("type(Z)", PyObject_Type(Z));
    show("Z.__abstractmethods__", abstracts(Z));
    show("Z()", inst(Z));
    show("M2.__new__ is ABCMeta.__new__", b(PyObject_RichCompareBool(PyObject_GetAttrString(M2, "__new__"), PyObject_GetAttrString(ABCMeta, "__new__"), Py_EQ)));
    show("Z.register(str)", reg(Z, (PyObject *)&PyUnicode_Type));
    show("isinstance('', Z)", b(PyObject_IsInstance(PyUnicode_FromString(""), Z)));
    show("A.__subclasses__()", PyObject_CallMethod(A, "__subclasses__", NULL));
    show("A.register.__doc__", PyObject_GetAttrString(PyObject_GetAttrString(ABCMeta, "register"), "__doc__"));

    Py_XDECREF(one);
    Py_XDECREF(five);
    Py_XDECREF(half);
    return 0;
}
