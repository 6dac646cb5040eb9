/* Differential cases for making a class with type(name, bases, dict)
 * (Objects/typeobject.c's type_new) from C: the new type's name,
 * qualname, repr, base and MRO, its dict's items as class attributes,
 * instances with an instance dict and weak references, subclasses of
 * built-in types (int, str, list, dict, set) and of such classes,
 * __slots__ (members, private names mangled, __dict__ / __weakref__ in
 * them, their errors), and every argument error.
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

#include "case.h"

static PyObject *Type = (PyObject *)&PyType_Type;

/* type(name, bases, dict), the three references given up. */
static PyObject *mk(PyObject *name, PyObject *bases, PyObject *dict)
{
    PyObject *r = NULL;
    if (name && bases && dict)
        r = PyObject_CallFunctionObjArgs(Type, name, bases, dict, NULL);
    Py_XDECREF(name);
    Py_XDECREF(bases);
    Py_XDECREF(dict);
    return r;
}

static PyObject *S(const char *s)
{
    return PyUnicode_FromString(s);
}

static PyObject *attr(PyObject *o, const char *name)
{
    if (o == NULL)
        return NULL;
    return PyObject_GetAttrString(o, name);
}

/* A type's own tp_vectorcall, as multidict's istr sets one. */
static PyObject *own_vectorcall(PyObject *type, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    (void)args, (void)kwnames;
    return PyUnicode_FromFormat("%s called through tp_vectorcall with %zd", ((PyTypeObject *)type)->tp_name,
                                PyVectorcall_NARGS(nargsf));
}

/* list(type.__dict__), the type's reference given up. */
static PyObject *keys(PyObject *type)
{
    PyObject *r = NULL;
    if (type) {
        PyObject *d = PyObject_GetAttrString(type, "__dict__");
        r = d ? PySequence_List(d) : NULL;
        Py_XDECREF(d);
    }
    Py_XDECREF(type);
    return r;
}

static PyObject *status(int r)
{
    return r < 0 ? NULL : PyLong_FromLong(r);
}

int main(void)
{
    Py_Initialize();
    PyObject *A = mk(S("A"), PyTuple_New(0), Py_BuildValue("{sisssO}", "x", 1, "__doc__", "A doc.", "f", Py_None));
    show("type('A', (), {...})", Py_XNewRef(A));
    show("A.__name__", attr(A, "__name__"));
    show("A.__qualname__", attr(A, "__qualname__"));
    show("A.__module__", attr(A, "__module__"));
    show("A.__doc__", attr(A, "__doc__"));
    show("A.x", attr(A, "x"));
    show("A.__base__", attr(A, "__base__"));
    show("A.__mro__", attr(A, "__mro__"));
    show("type(A)", Py_NewRef((PyObject *)Py_TYPE(A)));
    show("A is a heap type", PyBool_FromLong(PyType_HasFeature((PyTypeObject *)A, Py_TPFLAGS_HEAPTYPE)));
    show("A is a base type", PyBool_FromLong(PyType_HasFeature((PyTypeObject *)A, Py_TPFLAGS_BASETYPE)));
    {
        PyObject *a = PyObject_CallNoArgs(A);
        show("A()", a ? PyUnicode_FromString(Py_TYPE(a)->tp_name) : NULL);
        show("a.y = 5", status(PyObject_SetAttrString(a, "y", PyLong_FromLong(5))));
        show("a.y", attr(a, "y"));
        show("a.x (class attribute)", attr(a, "x"));
        show("a.x = 2", status(PyObject_SetAttrString(a, "x", PyLong_FromLong(2))));
        show("a.x", attr(a, "x"));
        show("A.x after", attr(A, "x"));
        show("a.__dict__", attr(a, "__dict__"));
        show("a.nope", attr(a, "nope"));
        show("isinstance(a, A)", PyBool_FromLong(PyObject_IsInstance(a, A)));
        PyObject *r = PyWeakref_NewRef(a, NULL);
        show("weakref to a", r ? PyBool_FromLong(PyWeakref_GetObject(r) == a) : NULL);
        Py_DECREF(a);
        show("the weakref after a died", r ? PyBool_FromLong(PyWeakref_GetObject(r) == Py_None) : NULL);
        Py_XDECREF(r);
        show("A(1)", PyObject_CallOneArg(A, Py_None));
    }
    A = mk(S("A2"), PyTuple_New(0), Py_BuildValue("{ssss}", "__qualname__", "Outer.A2", "__module__", "mymod"));
    show("type('A2', (), {__qualname__, __module__})", Py_XNewRef(A));
    show("A2.__qualname__", attr(A, "__qualname__"));
    show("A2.__module__", attr(A, "__module__"));
    show("A2.__dict__ has __qualname__", PyBool_FromLong(PyDict_GetItemString(((PyTypeObject *)A)->tp_dict, "__qualname__") != NULL));
    Py_XDECREF(A);
    {
        PyObject *B = mk(S("B"), Py_BuildValue("(O)", &PyLong_Type), PyDict_New());
        show("type('B', (int,), {})", Py_XNewRef(B));
        PyObject *b = B ? PyObject_CallFunction(B, "i", 42) : NULL;
        show("B(42)", b ? PyObject_Repr(b) : NULL);
        show("B(42) + 1", b ? PyNumber_Add(b, PyLong_FromLong(1)) : NULL);
        show("B(42).z = 3", b ? status(PyObject_SetAttrString(b, "z", PyLong_FromLong(3))) : NULL);
        show("B(42).z", attr(b, "z"));
        show("PyLong_Check(B(42))", b ? PyBool_FromLong(PyLong_Check(b)) : NULL);
        show("weakref to B(42)", b ? PyWeakref_NewRef(b, NULL) : NULL);
        PyObject *C = B ? mk(S("C"), Py_BuildValue("(O)", B), PyDict_New()) : NULL;
        show("type('C', (B,), {}).__mro__", attr(C, "__mro__"));
        PyObject *c = C ? PyObject_CallFunction(C, "s", "7") : NULL;
        show("C('7')", c ? PyObject_Repr(c) : NULL);
        Py_XDECREF(c);
        Py_XDECREF(C);
        Py_XDECREF(b);
        Py_XDECREF(B);
    }
    {
        PyObject *bases[] = {(PyObject *)&PyUnicode_Type, (PyObject *)&PyList_Type, (PyObject *)&PyDict_Type,
                             (PyObject *)&PySet_Type, (PyObject *)&PyTuple_Type};
        for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
            char what[96];
            PyObject *T = mk(S("Sub"), Py_BuildValue("(O)", bases[i]), PyDict_New());
            PyObject *o = T ? PyObject_CallOneArg(T, Py_BuildValue("(ii)", 1, 2)) : NULL;
            snprintf(what, sizeof what, "type('Sub', (%s,), {})((1, 2))", ((PyTypeObject *)bases[i])->tp_name);
            show(what, o ? PyObject_Repr(o) : NULL);
            if (o) {
                snprintf(what, sizeof what, "%s subclass instance .q = 1", ((PyTypeObject *)bases[i])->tp_name);
                show(what, status(PyObject_SetAttrString(o, "q", Py_None)));
            }
            Py_XDECREF(o);
            Py_XDECREF(T);
        }
    }
    {
        PyObject *D = mk(S("D"), PyTuple_New(0), Py_BuildValue("{s(ss)}", "__slots__", "a", "__b"));
        show("type('D', (), {'__slots__': ('a', '__b')})", Py_XNewRef(D));
        show("D.__slots__", attr(D, "__slots__"));
        show("D.a", attr(D, "a"));
        show("D._D__b", attr(D, "_D__b"));
        PyObject *d = D ? PyObject_CallNoArgs(D) : NULL;
        show("d.a (unset)", attr(d, "a"));
        show("d.a = [1]", d ? status(PyObject_SetAttrString(d, "a", Py_BuildValue("[i]", 1))) : NULL);
        show("d.a", attr(d, "a"));
        show("d._D__b = 2", d ? status(PyObject_SetAttrString(d, "_D__b", PyLong_FromLong(2))) : NULL);
        show("d._D__b", attr(d, "_D__b"));
        show("d.other = 1", d ? status(PyObject_SetAttrString(d, "other", Py_None)) : NULL);
        show("del d.a", d ? status(PyObject_DelAttrString(d, "a")) : NULL);
        show("d.a after del", attr(d, "a"));
        show("weakref to d", d ? PyWeakref_NewRef(d, NULL) : NULL);
        Py_XDECREF(d);
        Py_XDECREF(D);
    }
    {
        PyObject *E = mk(S("E"), PyTuple_New(0), Py_BuildValue("{s(ss)}", "__slots__", "__dict__", "__weakref__"));
        PyObject *e = E ? PyObject_CallNoArgs(E) : NULL;
        show("E with __dict__ and __weakref__ slots: e.k = 1", e ? status(PyObject_SetAttrString(e, "k", Py_None)) : NULL);
        PyObject *r = e ? PyWeakref_NewRef(e, NULL) : NULL;
        show("weakref to e", r ? PyUnicode_FromString("ok") : NULL);
        Py_XDECREF(r);
        Py_XDECREF(e);
        Py_XDECREF(E);
        E = mk(S("E2"), PyTuple_New(0), Py_BuildValue("{ss}", "__slots__", "only"));
        show("E2.__slots__ (a str)", attr(E, "__slots__"));
        show("E2.only", attr(E, "only"));
        Py_XDECREF(E);
    }
    show("type(1, (), {})", mk(PyLong_FromLong(1), PyTuple_New(0), PyDict_New()));
    show("type('X', 1, {})", mk(S("X"), PyLong_FromLong(1), PyDict_New()));
    show("type('X', (), 1)", mk(S("X"), PyTuple_New(0), PyLong_FromLong(1)));
    show("type('X', (1,), {})", mk(S("X"), Py_BuildValue("(i)", 1), PyDict_New()));
    show("type('X', (range,), {})", mk(S("X"), Py_BuildValue("(O)", &PyRange_Type), PyDict_New()));
    show("type('X', (bool,), {})", mk(S("X"), Py_BuildValue("(O)", &PyBool_Type), PyDict_New()));
    show("type('X', (), {'__qualname__': 1})", mk(S("X"), PyTuple_New(0), Py_BuildValue("{si}", "__qualname__", 1)));
    show("type('X', (), {'__slots__': (1,)})", mk(S("X"), PyTuple_New(0), Py_BuildValue("{s(i)}", "__slots__", 1)));
    show("type('X', (), {'__slots__': ('1x',)})", mk(S("X"), PyTuple_New(0), Py_BuildValue("{s(s)}", "__slots__", "1x")));
    show("type('X', (), {'__slots__': 'x', 'x': 1})", mk(S("X"), PyTuple_New(0), Py_BuildValue("{sssi}", "__slots__", "x", "x", 1)));
    show("type('X', (), {'__slots__': ('__dict__', '__dict__')})",
         mk(S("X"), PyTuple_New(0), Py_BuildValue("{s(ss)}", "__slots__", "__dict__", "__dict__")));
    show("type('X', (int,), {'__slots__': ('a',)})",
         mk(S("X"), Py_BuildValue("(O)", &PyLong_Type), Py_BuildValue("{s(s)}", "__slots__", "a")));
    show("type('X', (), {'__slots__': 5})", mk(S("X"), PyTuple_New(0), Py_BuildValue("{si}", "__slots__", 5)));
    /* The slots' member descriptors join the class dict sorted by their
     * mangled names (CPython sorts __slots__ before laying them out); the
     * order of checks: a subtype of a variable-size base first (even for
     * ('__dict__',)), then every name's validity, then conflicts. */
    show("list(type('O', (), {'__slots__': ('b', 'a', '_O__z', '__y', 'B')}).__dict__)",
         keys(mk(S("O"), PyTuple_New(0), Py_BuildValue("{s(sssss)}", "__slots__", "b", "a", "_O__z", "__y", "B"))));
    show("type('X', (int,), {'__slots__': ('__dict__',)})",
         mk(S("X"), Py_BuildValue("(O)", &PyLong_Type), Py_BuildValue("{s(s)}", "__slots__", "__dict__")));
    show("type('X', (int,), {'__slots__': ('__weakref__',)})",
         mk(S("X"), Py_BuildValue("(O)", &PyLong_Type), Py_BuildValue("{s(s)}", "__slots__", "__weakref__")));
    show("type('X', (int,), {'__slots__': ()})",
         mk(S("X"), Py_BuildValue("(O)", &PyLong_Type), Py_BuildValue("{s()}", "__slots__")));
    show("type('X', (), {'__slots__': ('x', '1x'), 'x': 1})",
         mk(S("X"), PyTuple_New(0), Py_BuildValue("{s(ss)si}", "__slots__", "x", "1x", "x", 1)));
    show("type('X', (), {'__slots__': ('x', '__dict__', '__dict__'), 'x': 1})",
         mk(S("X"), PyTuple_New(0), Py_BuildValue("{s(sss)si}", "__slots__", "x", "__dict__", "__dict__", "x", 1)));
    show("list(type('Q', (), {'__slots__': ('__qualname__',), '__qualname__': 'R'}).__dict__)",
         keys(mk(S("Q"), PyTuple_New(0), Py_BuildValue("{s(s)ss}", "__slots__", "__qualname__", "__qualname__", "R"))));
    show("list(type('Q', (), {'__slots__': ('__classcell__',)}).__dict__)",
         keys(mk(S("Q"), PyTuple_New(0), Py_BuildValue("{s(s)}", "__slots__", "__classcell__"))));
    show("type('X', (), {'__slots__': ('a\u00b2',)})",
         mk(S("X"), PyTuple_New(0), Py_BuildValue("{s(s)}", "__slots__", "a\xc2\xb2")));
    show("list(type('X', (), {'__slots__': ('a\u00b7', '\u2118')}).__dict__)",
         keys(mk(S("X"), PyTuple_New(0), Py_BuildValue("{s(ss)}", "__slots__", "a\xc2\xb7", "\xe2\x84\x98"))));
    show("type('X', (), {'__slots__': ('',)})", mk(S("X"), PyTuple_New(0), Py_BuildValue("{s(s)}", "__slots__", "")));
    /* The class dict: the given items first, in their order, then what
     * readying adds; __qualname__ and __classcell__ leave it. */
    show("list(type('K', (), {'z': 1, '__eq__': None, 'a': 2, '__qualname__': 'Q'}).__dict__)",
         keys(mk(S("K"), PyTuple_New(0), Py_BuildValue("{sisOsiss}", "z", 1, "__eq__", Py_None, "a", 2, "__qualname__", "Q"))));
    show("list(type('K', (int,), {'__doc__': 'd', 'b': 1}).__dict__)",
         keys(mk(S("K"), Py_BuildValue("(O)", &PyLong_Type), Py_BuildValue("{sssi}", "__doc__", "d", "b", 1))));
    {
        PyObject *K = mk(S("K"), PyTuple_New(0), Py_BuildValue("{si}", "__dictoffset__", 5));
        PyObject *d = attr(K, "__dict__");
        PyObject *key = S("__dictoffset__");
        show("type('K', (), {'__dictoffset__': 5}).__dict__['__dictoffset__']", d ? PyObject_GetItem(d, key) : NULL);
        Py_DECREF(key);
        Py_XDECREF(d);
        Py_XDECREF(K);
    }
    show("type('K', (), {'__classcell__': 1})", mk(S("K"), PyTuple_New(0), Py_BuildValue("{si}", "__classcell__", 1)));
    show("type('K', (), {'__qualname__': 1, '__slots__': (1,)})",
         mk(S("K"), PyTuple_New(0), Py_BuildValue("{sis(i)}", "__qualname__", 1, "__slots__", 1)));
    show("type('K\\0', (), {'__qualname__': 1})", mk(PyUnicode_FromStringAndSize("K\0", 2), PyTuple_New(0), Py_BuildValue("{si}", "__qualname__", 1)));
    {
        PyObject *cell = PyCell_New(NULL);
        PyObject *K = mk(S("K"), PyTuple_New(0), Py_BuildValue("{sO}", "__classcell__", cell));
        show("type('K', (), {'__classcell__': cell})", Py_XNewRef(K));
        show("cell contents is K", K ? PyBool_FromLong(PyCell_GET(cell) == K) : NULL);
        show("list(K.__dict__)", K ? keys(Py_NewRef(K)) : NULL);
        Py_XDECREF(K);
        Py_DECREF(cell);
    }
    {
        PyObject *args = Py_BuildValue("(sOO)", "X", PyTuple_New(0), PyDict_New());
        PyObject *kw = Py_BuildValue("{si}", "x", 1);
        show("type('X', (), {}, x=1)", PyObject_Call(Type, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    show("type('X', ())", PyObject_CallFunction(Type, "s()", "X"));
    {
        PyObject *V = mk(S("V"), PyTuple_New(0), PyDict_New());
        ((PyTypeObject *)V)->tp_vectorcall = own_vectorcall;
        show("V() with tp_vectorcall set", PyObject_CallNoArgs(V));
        show("V(1) through PyObject_Call", PyObject_Call(V, Py_BuildValue("(i)", 1), NULL));
        show("PyVectorcall_Function(V) is it", PyBool_FromLong(PyVectorcall_Function(V) == own_vectorcall));
        show("PyVectorcall_Function(int)", PyBool_FromLong(PyVectorcall_Function((PyObject *)&PyLong_Type) != NULL));
        Py_DECREF(V);
    }
    {
        /* A str __doc__ is also tp_doc, which C code reads. */
        PyObject *D = mk(S("D"), PyTuple_New(0), Py_BuildValue("{ss}", "__doc__", "caf\xc3\xa9 doc"));
        show("type('D', (), {'__doc__': ...}).tp_doc",
             D && ((PyTypeObject *)D)->tp_doc ? PyUnicode_FromString(((PyTypeObject *)D)->tp_doc) : Py_NewRef(Py_None));
        Py_XDECREF(D);
        PyObject *N = mk(S("N"), PyTuple_New(0), Py_BuildValue("{si}", "__doc__", 5));
        show("type('N', (), {'__doc__': 5}).tp_doc is NULL",
             N ? PyBool_FromLong(((PyTypeObject *)N)->tp_doc == NULL) : NULL);
        Py_XDECREF(N);
        PyObject *E = PyErr_NewExceptionWithDoc("mod.E", "An E failed.", PyExc_ValueError, NULL);
        show("PyErr_NewExceptionWithDoc(...).tp_doc",
             E && ((PyTypeObject *)E)->tp_doc ? PyUnicode_FromString(((PyTypeObject *)E)->tp_doc) : Py_NewRef(Py_None));
        show("PyErr_NewExceptionWithDoc(...).__doc__", E ? PyObject_GetAttrString(E, "__doc__") : NULL);
        Py_XDECREF(E);
    }
    {
        /* An __init__ in the dict is what calling the class runs (Cython
           makes its plain `class X: def __init__` this way). A method
           descriptor is called with the instance first; a staticmethod
           through __get__; a non-None result is a TypeError. */
        PyObject *dict_update = PyObject_GetAttrString((PyObject *)&PyDict_Type, "update");
        PyObject *D = mk(S("D"), Py_BuildValue("(O)", &PyDict_Type), Py_BuildValue("{sO}", "__init__", dict_update));
        PyObject *kw = Py_BuildValue("{si}", "a", 1);
        show("D(a=1), D = type('D', (dict,), {'__init__': dict.update})",
             D ? PyObject_Call(D, PyTuple_New(0), kw) : NULL);
        show("D([('b', 2)])", D ? PyObject_CallFunction(D, "([(si)])", "b", 2) : NULL);
        show("D(1)", D ? PyObject_CallFunction(D, "(i)", 1) : NULL);
        PyObject *D2 = D ? mk(S("D2"), Py_BuildValue("(O)", D), PyDict_New()) : NULL;
        show("D2(a=1), D2 = type('D2', (D,), {}): inherited", D2 ? PyObject_Call(D2, PyTuple_New(0), kw) : NULL);
        Py_XDECREF(kw);
        Py_XDECREF(D2);
        Py_XDECREF(D);
        Py_XDECREF(dict_update);
        PyObject *list_append = PyObject_GetAttrString((PyObject *)&PyList_Type, "append");
        PyObject *L = mk(S("L"), Py_BuildValue("(O)", &PyList_Type), Py_BuildValue("{sO}", "__init__", list_append));
        show("L(5), L = type('L', (list,), {'__init__': list.append})", L ? PyObject_CallFunction(L, "(i)", 5) : NULL);
        show("L()", L ? PyObject_CallNoArgs(L) : NULL);
        show("L(1, 2)", L ? PyObject_CallFunction(L, "(ii)", 1, 2) : NULL);
        Py_XDECREF(L);
        Py_XDECREF(list_append);
        PyObject *bit_length = PyObject_GetAttrString((PyObject *)&PyLong_Type, "bit_length");
        PyObject *I = mk(S("I"), Py_BuildValue("(O)", &PyLong_Type), Py_BuildValue("{sO}", "__init__", bit_length));
        show("I(5), I = type('I', (int,), {'__init__': int.bit_length})", I ? PyObject_CallFunction(I, "(i)", 5) : NULL);
        Py_XDECREF(I);
        Py_XDECREF(bit_length);
        PyObject *builtins = PyImport_ImportModule("builtins");
        PyObject *len = builtins ? PyObject_GetAttrString(builtins, "len") : NULL;
        PyObject *sm = len ? PyObject_CallFunction((PyObject *)&PyStaticMethod_Type, "(O)", len) : NULL;
        PyObject *S1 = sm ? mk(S("S1"), PyTuple_New(0), Py_BuildValue("{sO}", "__init__", sm)) : NULL;
        show("S1('abc'), __init__ = staticmethod(len)", S1 ? PyObject_CallFunction(S1, "(s)", "abc") : NULL);
        PyObject *P = len ? mk(S("P"), PyTuple_New(0), Py_BuildValue("{sO}", "__init__", len)) : NULL;
        show("P('abc'), __init__ = len (no descriptor: called as is)",
             P ? PyObject_CallFunction(P, "(s)", "abc") : NULL);
        show("P()", P ? PyObject_CallNoArgs(P) : NULL);
        PyObject *N = mk(S("N"), PyTuple_New(0), Py_BuildValue("{si}", "__init__", 5));
        show("N(), __init__ = 5", N ? PyObject_CallNoArgs(N) : NULL);
        PyObject *Z = mk(S("Z"), PyTuple_New(0), Py_BuildValue("{sO}", "__init__", Py_None));
        show("Z(), __init__ = None", Z ? PyObject_CallNoArgs(Z) : NULL);
        Py_XDECREF(Z);
        Py_XDECREF(N);
        Py_XDECREF(P);
        Py_XDECREF(S1);
        Py_XDECREF(sm);
        Py_XDECREF(len);
        Py_XDECREF(builtins);
    }
    {
        /* A non-type base with __mro_entries__ (a generic alias) needs
           types.new_class(); one without is a metaclass conflict. */
        PyObject *ga = Py_GenericAlias((PyObject *)&PyList_Type, (PyObject *)&PyLong_Type);
        show("type('G', (list[int],), {})",
             ga ? PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "G", ga) : NULL);
        show("type('G', (object, list[int]), {})",
             ga ? PyObject_CallFunction((PyObject *)&PyType_Type, "s(OO){}", "G", &PyBaseObject_Type, ga) : NULL);
        show("type.__new__(type, 'G', (list[int],), {})",
             ga ? PyObject_CallMethod((PyObject *)&PyType_Type, "__new__", "Os(O){}", &PyType_Type, "G", ga) : NULL);
        show("type('G', (1,), {})", PyObject_CallFunction((PyObject *)&PyType_Type, "s(i){}", "G", 1));
        show("list[int].__mro_entries__(())", ga ? PyObject_CallMethod(ga, "__mro_entries__", "()") : NULL);
        show("list[int].__mro_entries__()", ga ? PyObject_CallMethod(ga, "__mro_entries__", NULL) : NULL);
        Py_XDECREF(ga);
    }
    return 0;
}
