/* Differential cases for metaclasses (Objects/typeobject.c's type_new,
 * type_call, type_init, _PyType_CalculateMetaclass, type_new_set_names,
 * type_new_init_subclass): subclasses of type made by type(), classes
 * made by calling them (type(C) is the metaclass, its __new__ / __init__
 * / __call__ / __repr__ / __getattr__ used), the most derived metaclass
 * of the bases and the conflict error, type.__new__(M, ...) called
 * explicitly and its argument errors, type.__init__'s, __prepare__,
 * __init_subclass__ with keywords, __set_name__ (and its RuntimeError),
 * __instancecheck__ / __subclasscheck__ on type.
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

static PyObject *log_list;

static int note(PyObject *s)
{
    if (s == NULL)
        return -1;
    int r = PyList_Append(log_list, s);
    Py_DECREF(s);
    return r;
}

static PyObject *logged(void)
{
    PyObject *r = PyList_GetSlice(log_list, 0, PyList_GET_SIZE(log_list));
    PyList_SetSlice(log_list, 0, PyList_GET_SIZE(log_list), NULL);
    return r;
}

static const char *name_of(PyObject *o)
{
    return PyType_Check(o) ? ((PyTypeObject *)o)->tp_name : Py_TYPE(o)->tp_name;
}

/* Every method: the tag (the function's self) says which; args[0] is the
   instance, class or metaclass. */
static PyObject *dispatch(PyObject *tag, PyObject *args, PyObject *kwds)
{
    const char *t = PyUnicode_AsUTF8(tag);
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject *a0 = n > 0 ? PyTuple_GET_ITEM(args, 0) : Py_None;
    PyObject *a1 = n > 1 ? PyTuple_GET_ITEM(args, 1) : Py_None;
    PyObject *a2 = n > 2 ? PyTuple_GET_ITEM(args, 2) : Py_None;
    if (!strcmp(t, "mnew")) {
        /* super().__new__(mcls, name, bases, dict, **kwds), then a mark. */
        PyObject *tnew = PyObject_GetAttrString((PyObject *)&PyType_Type, "__new__");
        if (tnew == NULL)
            return NULL;
        PyObject *cls = PyObject_Call(tnew, args, kwds);
        Py_DECREF(tnew);
        if (cls == NULL)
            return NULL;
        PyObject *mark = PyUnicode_FromString("mnew");
        if (mark == NULL || PyObject_SetAttrString(cls, "made_by", mark) < 0) {
            Py_XDECREF(mark);
            Py_DECREF(cls);
            return NULL;
        }
        Py_DECREF(mark);
        return cls;
    }
    if (!strcmp(t, "minit")) {
        if (note(PyUnicode_FromFormat("minit %s %R kw=%R", name_of(a0), a1, kwds ? kwds : Py_None)) < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    if (!strcmp(t, "mcall")) {
        PyObject *rest = PyTuple_GetSlice(args, 1, n);
        PyObject *r = rest ? PyUnicode_FromFormat("mcall %s %R", name_of(a0), rest) : NULL;
        Py_XDECREF(rest);
        return r;
    }
    if (!strcmp(t, "mrepr"))
        return PyUnicode_FromFormat("<M class %s>", name_of(a0));
    if (!strcmp(t, "mgetattr"))
        return PyUnicode_FromFormat("meta:%U", a1);
    if (!strcmp(t, "prepare")) {
        PyObject *d = PyDict_New();
        if (d == NULL || PyDict_SetItemString(d, "prepared", Py_True) < 0) {
            Py_XDECREF(d);
            return NULL;
        }
        return d;
    }
    if (!strcmp(t, "isub")) {
        if (note(PyUnicode_FromFormat("init_subclass %s kw=%R", name_of(a0), kwds ? kwds : Py_None)) < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    if (!strcmp(t, "setname")) {
        if (note(PyUnicode_FromFormat("set_name %s %s %R", name_of(a0), name_of(a1), a2)) < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    if (!strcmp(t, "setname_raise")) {
        PyErr_SetString(PyExc_ValueError, "set_name failed");
        return NULL;
    }
    PyErr_Format(PyExc_SystemError, "unknown tag %s", t);
    return NULL;
}

static PyMethodDef dispatch_def = {"m", (PyCFunction)(void (*)(void))dispatch, METH_VARARGS | METH_KEYWORDS, NULL};

static PyObject *builtin(const char *tag)
{
    PyObject *s = PyUnicode_FromString(tag);
    if (s == NULL)
        return NULL;
    PyObject *f = PyCFunction_New(&dispatch_def, s);
    Py_DECREF(s);
    return f;
}

/* The tag wrapped: "m:" instance method, "s:" static, "c:" class method. */
static PyObject *wrapped(const char *spec)
{
    PyObject *f = builtin(spec + 2);
    if (f == NULL)
        return NULL;
    PyObject *m = spec[0] == 'm' ? PyInstanceMethod_New(f) : spec[0] == 's' ? PyStaticMethod_New(f)
                                                                            : PyClassMethod_New(f);
    Py_DECREF(f);
    return m;
}

/* A dict of name -> wrapped(spec) pairs, NULL-terminated. */
static PyObject *ns(const char **pairs)
{
    PyObject *d = PyDict_New();
    for (; d && pairs[0]; pairs += 2) {
        PyObject *v = wrapped(pairs[1]);
        if (v == NULL || PyDict_SetItemString(d, pairs[0], v) < 0) {
            Py_XDECREF(v);
            Py_CLEAR(d);
        }
        Py_XDECREF(v);
    }
    return d;
}

/* meta(name, bases, dict) with dict from pairs, kwargs (a dict or NULL). */
static PyObject *mk(PyObject *meta, const char *name, PyObject *bases, const char **pairs, PyObject *kw)
{
    PyObject *d = ns(pairs);
    PyObject *args = d && bases ? Py_BuildValue("(sOO)", name, bases, d) : NULL;
    PyObject *r = args && meta ? PyObject_Call(meta, args, kw) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(d);
    Py_XDECREF(bases);
    Py_XDECREF(kw);
    return r;
}

static const char *none[] = {NULL};
#define TYPE ((PyObject *)&PyType_Type)

static PyObject *tuple1(PyObject *o)
{
    return o ? PyTuple_Pack(1, o) : NULL;
}

static PyObject *tuple2(PyObject *a, PyObject *b)
{
    return a && b ? PyTuple_Pack(2, a, b) : NULL;
}

static PyObject *type_name(PyObject *o)
{
    return o ? PyUnicode_FromString(name_of((PyObject *)Py_TYPE(o))) : NULL;
}

static PyObject *names(PyObject *tuple)
{
    if (tuple == NULL)
        return NULL;
    PyObject *l = PyList_New(0);
    for (Py_ssize_t i = 0; l && i < PyTuple_GET_SIZE(tuple); i++) {
        PyObject *s = PyUnicode_FromString(name_of(PyTuple_GET_ITEM(tuple, i)));
        if (s == NULL || PyList_Append(l, s) < 0)
            Py_CLEAR(l);
        Py_XDECREF(s);
    }
    Py_DECREF(tuple);
    return l;
}

static PyObject *status(int r)
{
    return r < 0 ? NULL : PyLong_FromLong(r);
}

/* _PyType_CalculateMetaclass(type, bases), bases given up. */
static PyObject *winner_of(PyObject *bases)
{
    PyTypeObject *w = bases ? _PyType_CalculateMetaclass(&PyType_Type, bases) : NULL;
    Py_XDECREF(bases);
    return w ? PyUnicode_FromString(w->tp_name) : NULL;
}

/* type.__new__(*args) through the attribute, as super().__new__ calls it. */
static PyObject *type_dunder_new(PyObject *args)
{
    PyObject *f = PyObject_GetAttrString(TYPE, "__new__");
    PyObject *r = f && args ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(args);
    return r;
}

int main(void)
{
    Py_Initialize();
    log_list = PyList_New(0);

    PyObject *M = mk(TYPE, "M", tuple1(TYPE), none, NULL);
    show("M = type('M', (type,), {})", M ? PyObject_Repr(M) : NULL);
    show("type(M)", type_name(M));
    show("M.__mro__", M ? names(PyObject_GetAttrString(M, "__mro__")) : NULL);
    show("M.__basicsize__ == type.__basicsize__",
         M ? PyBool_FromLong(((PyTypeObject *)M)->tp_basicsize == PyType_Type.tp_basicsize) : NULL);
    show("issubclass(M, type)", M ? status(PyObject_IsSubclass(M, TYPE)) : NULL);
    PyObject *C = mk(M, "C", PyTuple_New(0), none, NULL);
    show("C = M('C', (), {})", C ? PyObject_Repr(C) : NULL);
    show("type(C)", type_name(C));
    show("C.__mro__", C ? names(PyObject_GetAttrString(C, "__mro__")) : NULL);
    PyObject *ci = C ? PyObject_CallNoArgs(C) : NULL;
    show("type(C())", type_name(ci));
    show("isinstance(C(), C)", ci ? status(PyObject_IsInstance(ci, C)) : NULL);
    show("isinstance(C, M)", C ? status(PyObject_IsInstance(C, M)) : NULL);
    show("isinstance(C, type)", C ? status(PyObject_IsInstance(C, TYPE)) : NULL);
    show("C.x = 5", C ? status(PyObject_SetAttrString(C, "x", PyLong_FromLong(5))) : NULL);
    show("C().x", ci ? PyObject_GetAttrString(ci, "x") : NULL);
    PyObject *D = C ? mk(TYPE, "D", tuple1(C), none, NULL) : NULL;
    show("type(type('D', (C,), {}))", type_name(D));
    show("M(5)", M ? PyObject_CallFunction(M, "i", 5) : NULL);
    show("M('a', 'b')", M ? PyObject_CallFunction(M, "ss", "a", "b") : NULL);
    show("M('N', (), {}, x=1)", M ? mk(M, "N", PyTuple_New(0), none, Py_BuildValue("{si}", "x", 1)) : NULL);
    show("M(1, (), {})", M ? PyObject_CallFunction(M, "i()O", 1, PyDict_New()) : NULL);
    show("M('N', 1, {})", M ? PyObject_CallFunction(M, "siO", "N", 1, PyDict_New()) : NULL);

    /* The most derived metaclass, and conflicts. */
    PyObject *M2 = mk(TYPE, "M2", tuple1(TYPE), none, NULL);
    PyObject *E = M2 ? mk(M2, "E", PyTuple_New(0), none, NULL) : NULL;
    show("type('F', (C, E), {})", C && E ? mk(TYPE, "F", tuple2(C, E), none, NULL) : NULL);
    show("M('F', (E,), {})", M && E ? mk(M, "F", tuple1(E), none, NULL) : NULL);
    PyObject *M3 = M ? mk(TYPE, "M3", tuple1(M), none, NULL) : NULL;
    PyObject *G = M3 ? mk(M3, "G", PyTuple_New(0), none, NULL) : NULL;
    PyObject *H = C && G ? mk(TYPE, "H", tuple2(C, G), none, NULL) : NULL;
    show("type(type('H', (C, G), {}))", type_name(H));
    PyObject *H2 = C && G ? mk(M, "H2", tuple2(G, C), none, NULL) : NULL;
    show("type(M('H2', (G, C), {}))", type_name(H2));
    show("type('B', (1,), {})", mk(TYPE, "B", tuple1(PyLong_FromLong(1)), none, NULL));
    show("_PyType_CalculateMetaclass(type, (C, G))", C && G ? winner_of(tuple2(C, G)) : NULL);
    show("_PyType_CalculateMetaclass(type, (C, E))", C && E ? winner_of(tuple2(C, E)) : NULL);

    /* A metaclass with __new__ and __init__. */
    const char *mn[] = {"__new__", "s:mnew", "__init__", "m:minit", NULL};
    PyObject *MN = mk(TYPE, "MN", tuple1(TYPE), mn, NULL);
    PyObject *X = MN ? mk(MN, "X", PyTuple_New(0), none, NULL) : NULL;
    show("type(MN('X', (), {}))", type_name(X));
    show("X.made_by", X ? PyObject_GetAttrString(X, "made_by") : NULL);
    show("log", logged());
    PyObject *X2 = X ? mk(TYPE, "X2", tuple1(X), none, NULL) : NULL;
    show("type('X2', (X,), {}) goes to MN", X2 ? PyObject_GetAttrString(X2, "made_by") : NULL);
    show("log", logged());
    show("MN('X3', (), {}, k=1) (init_subclass refuses)", MN ? mk(MN, "X3", PyTuple_New(0), none, Py_BuildValue("{si}", "k", 1)) : NULL);
    show("log", logged());

    /* type.__new__ explicitly. */
    PyObject *Y = M ? type_dunder_new(Py_BuildValue("(Os()N)", M, "Y", PyDict_New())) : NULL;
    show("type.__new__(M, 'Y', (), {})", Y ? PyObject_Repr(Y) : NULL);
    show("type(Y)", type_name(Y));
    show("type.__new__(MN, 'Y2', (), {}) (no __init__)", MN ? type_name(type_dunder_new(Py_BuildValue("(Os()N)", MN, "Y2", PyDict_New()))) : NULL);
    show("log", logged());
    show("type.__new__(int, 'Z', (), {})", type_dunder_new(Py_BuildValue("(Os()N)", &PyLong_Type, "Z", PyDict_New())));
    show("type.__new__(M)", M ? type_dunder_new(Py_BuildValue("(O)", M)) : NULL);
    show("type.__new__()", type_dunder_new(PyTuple_New(0)));
    show("type.__new__(5, 'Z', (), {})", type_dunder_new(Py_BuildValue("(is()N)", 5, "Z", PyDict_New())));
    show("type.__new__(M, 'Z', [], {})", M ? type_dunder_new(Py_BuildValue("(Os[]N)", M, "Z", PyDict_New())) : NULL);
    show("type.__new__(M, 'Z', (), [])", M ? type_dunder_new(Py_BuildValue("(Os()[])", M, "Z")) : NULL);
    show("type.__new__(type, 'Z', (C,), {}) (winner M)", C ? type_name(type_dunder_new(Py_BuildValue("(Os(O)N)", TYPE, "Z", C, PyDict_New()))) : NULL);
    PyObject *tinit = PyObject_GetAttrString(TYPE, "__init__");
    show("type.__init__(C, 1, 2)", tinit && C ? PyObject_CallFunction(tinit, "Oii", C, 1, 2) : NULL);
    show("type.__init__(C, 1, x=1)", tinit && C ? PyObject_Call(tinit, Py_BuildValue("(Oi)", C, 1), Py_BuildValue("{si}", "x", 1)) : NULL);
    show("type.__init__(C, 1, 2, 3, x=1)", tinit && C ? PyObject_Call(tinit, Py_BuildValue("(Oiii)", C, 1, 2, 3), Py_BuildValue("{si}", "x", 1)) : NULL);
    show("type('A', (), {}, x=1)", mk(TYPE, "A", PyTuple_New(0), none, Py_BuildValue("{si}", "x", 1)));
    show("type('A', (), {}, **{})", mk(TYPE, "A", PyTuple_New(0), none, PyDict_New()) ? PyUnicode_FromString("ok") : NULL);
    show("type(1, 2)", PyObject_CallFunction(TYPE, "ii", 1, 2));
    show("type()", PyObject_CallNoArgs(TYPE));

    /* __prepare__. */
    show("type.__prepare__()", PyObject_CallMethod(TYPE, "__prepare__", NULL));
    show("M.__prepare__('n', (), k=1)", M ? PyObject_Call(PyObject_GetAttrString(M, "__prepare__"), Py_BuildValue("(s())", "n"), Py_BuildValue("{si}", "k", 1)) : NULL);
    const char *mp[] = {"__prepare__", "c:prepare", NULL};
    PyObject *MP = mk(TYPE, "MP", tuple1(TYPE), mp, NULL);
    show("MP.__prepare__('n', ())", MP ? PyObject_CallMethod(MP, "__prepare__", "s()", "n") : NULL);
    show("type(C).__prepare__ is type's", C ? PyObject_CallMethod((PyObject *)Py_TYPE(C), "__prepare__", "s()", "n") : NULL);

    /* __init_subclass__. */
    const char *isub[] = {"__init_subclass__", "c:isub", NULL};
    PyObject *Base = mk(TYPE, "Base", PyTuple_New(0), isub, NULL);
    show("log after Base", logged());
    PyObject *Sub = Base ? mk(TYPE, "Sub", tuple1(Base), none, Py_BuildValue("{si}", "flag", 1)) : NULL;
    show("type('Sub', (Base,), {}, flag=1)", Sub ? PyObject_Repr(Sub) : NULL);
    show("log", logged());
    PyObject *Sub2 = Sub ? mk(TYPE, "Sub2", tuple1(Sub), none, NULL) : NULL;
    show("type('Sub2', (Sub,), {})", Sub2 ? PyObject_Repr(Sub2) : NULL);
    show("log", logged());
    PyObject *MSub = Base && M ? mk(M, "MSub", tuple1(Base), none, Py_BuildValue("{ss}", "a", "b")) : NULL;
    show("M('MSub', (Base,), {}, a='b')", MSub ? type_name(MSub) : NULL);
    show("log", logged());
    show("object.__init_subclass__()", PyObject_CallMethod((PyObject *)&PyBaseObject_Type, "__init_subclass__", NULL));

    /* __set_name__. */
    const char *sn[] = {"__set_name__", "m:setname", NULL};
    PyObject *SN = mk(TYPE, "SN", PyTuple_New(0), sn, NULL);
    PyObject *sni = SN ? PyObject_CallNoArgs(SN) : NULL;
    PyObject *od = sni ? Py_BuildValue("{sO}", "field", sni) : NULL;
    PyObject *Owner = od ? PyObject_CallFunction(TYPE, "s()O", "Owner", od) : NULL;
    show("class with an SN() attribute", Owner ? PyObject_Repr(Owner) : NULL);
    show("log", logged());
    PyObject *Owner2 = od && M ? PyObject_CallFunction(M, "s()O", "Owner2", od) : NULL;
    show("M class with an SN() attribute", Owner2 ? PyObject_Repr(Owner2) : NULL);
    show("log", logged());
    const char *snr[] = {"__set_name__", "m:setname_raise", NULL};
    PyObject *SNR = mk(TYPE, "SNR", PyTuple_New(0), snr, NULL);
    PyObject *snri = SNR ? PyObject_CallNoArgs(SNR) : NULL;
    PyObject *od2 = snri ? Py_BuildValue("{sO}", "bad", snri) : NULL;
    PyObject *bad = od2 ? PyObject_CallFunction(TYPE, "s()O", "BadOwner", od2) : NULL;
    if (bad == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *cause = v ? PyException_GetCause(v) : NULL;
        show("__set_name__ raising: cause", cause ? PyObject_Repr(cause) : PyUnicode_FromString("no cause"));
        Py_XDECREF(cause);
        PyErr_Restore(t, v, tb);
    } else {
        show("__set_name__ raising: cause", PyUnicode_FromString("no error"));
    }
    show("__set_name__ raising", bad);

    /* A metaclass's own slots: __call__, __repr__, __getattr__. */
    const char *mc[] = {"__call__", "m:mcall", "__repr__", "m:mrepr", "__getattr__", "m:mgetattr", NULL};
    PyObject *MC = mk(TYPE, "MC", tuple1(TYPE), mc, NULL);
    PyObject *K = MC ? mk(MC, "K", PyTuple_New(0), none, NULL) : NULL;
    show("K(1, 2) through MC.__call__", K ? PyObject_CallFunction(K, "ii", 1, 2) : NULL);
    show("repr(K)", K ? PyObject_Repr(K) : NULL);
    show("K.missing", K ? PyObject_GetAttrString(K, "missing") : NULL);
    show("K.__name__", K ? PyObject_GetAttrString(K, "__name__") : NULL);
    show("type(K)", type_name(K));

    /* type's __instancecheck__ / __subclasscheck__. */
    show("type.__instancecheck__(int, 3)", PyObject_CallMethod(TYPE, "__instancecheck__", "Oi", &PyLong_Type, 3));
    show("type.__subclasscheck__(int, bool)", PyObject_CallMethod(TYPE, "__subclasscheck__", "OO", &PyLong_Type, &PyBool_Type));
    show("int.__instancecheck__('x')", PyObject_CallMethod((PyObject *)&PyLong_Type, "__instancecheck__", "s", "x"));
    show("C.__subclasscheck__(D)", C && D ? PyObject_CallMethod(C, "__subclasscheck__", "O", D) : NULL);
    show("issubclass(D, C)", C && D ? status(PyObject_IsSubclass(D, C)) : NULL);
    show("issubclass(C, D)", C && D ? status(PyObject_IsSubclass(C, D)) : NULL);

    /* Slots of metaclass: __slots__ is refused for subtypes of type. */
    PyObject *sd = Py_BuildValue("{s(s)}", "__slots__", "a");
    show("type('MS', (type,), {'__slots__': ('a',)})", sd ? PyObject_CallFunction(TYPE, "s(O)O", "MS", TYPE, sd) : NULL);

    return 0;
}
