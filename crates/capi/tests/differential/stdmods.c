/* Differential cases for the `types` and `string` modules as C code
 * reaches them through PyImport_ImportModule (Lib/types.py,
 * Lib/string.py): every `types` name the library has is the very type
 * object C gets elsewhere (the exported PyXxx_Type, or Py_TYPE of an
 * object of it); every `string` constant's value; string.capwords over
 * separators, whitespace, non-ASCII text, and its argument errors (as a
 * Python function reports them) and failures of the words' methods.
 * Importing twice gives the same module.
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

static PyObject *types_mod, *string_mod;

/* One case: whether types.NAME is `expected`, and its __name__. */
static void same_type(const char *name, PyObject *expected)
{
    char what[160];
    snprintf(what, sizeof what, "types.%s", name);
    PyObject *t = PyObject_GetAttrString(types_mod, name);
    if (t == NULL) {
        show(what, NULL);
        return;
    }
    PyObject *n = PyObject_GetAttrString(t, "__name__");
    PyObject *r = n ? PyUnicode_FromFormat("%s %U", t == expected ? "is" : "is NOT", n) : NULL;
    Py_XDECREF(n);
    Py_DECREF(t);
    show(what, r);
}

/* type(getattr(obj, attr)) for the identity checks. */
static PyObject *type_of_attr(PyObject *obj, const char *attr)
{
    PyObject *a = PyObject_GetAttrString(obj, attr);
    if (a == NULL)
        return NULL;
    PyObject *t = (PyObject *)Py_TYPE(a);
    Py_DECREF(a); /* the type outlives the attribute */
    return t;
}

/* f(*args, **kwargs); args and kwargs are stolen (kwargs may be NULL). */
static PyObject *call_kw(PyObject *f, PyObject *args, PyObject *kwargs)
{
    PyObject *r = args ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

/* string.capwords(*args, **kwargs); args and kwargs are stolen (kwargs
   may be NULL). */
static PyObject *capwords(PyObject *args, PyObject *kwargs)
{
    PyObject *f = PyObject_GetAttrString(string_mod, "capwords");
    PyObject *r = (f && args) ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

int main(void)
{
    Py_Initialize();
    types_mod = PyImport_ImportModule("types");
    string_mod = PyImport_ImportModule("string");
    if (types_mod == NULL || string_mod == NULL) {
        PyErr_Print();
        return 1;
    }

    /* ---- types: each name against the type C knows ---- */
    PyObject *builtins = PyEval_GetBuiltins();
    PyObject *object = PyDict_GetItemString(builtins, "object");
    PyObject *str = PyDict_GetItemString(builtins, "str");
    PyObject *dict = PyDict_GetItemString(builtins, "dict");
    PyObject *len = PyDict_GetItemString(builtins, "len");
    PyObject *inst = PyObject_CallNoArgs(object);
    PyObject *lst = PyList_New(0);

    same_type("ModuleType", (PyObject *)Py_TYPE(types_mod));
    same_type("ModuleType", (PyObject *)&PyModule_Type);
    same_type("MappingProxyType", (PyObject *)&PyDictProxy_Type);
    same_type("MappingProxyType", type_of_attr(str, "__dict__"));
    same_type("CellType", (PyObject *)&PyCell_Type);
    same_type("CodeType", (PyObject *)&PyCode_Type);
    same_type("FrameType", (PyObject *)&PyFrame_Type);
    same_type("TracebackType", (PyObject *)&PyTraceBack_Type);
    same_type("GeneratorType", (PyObject *)&PyGen_Type);
    same_type("CoroutineType", (PyObject *)&PyCoro_Type);
    same_type("AsyncGeneratorType", (PyObject *)&PyAsyncGen_Type);
    same_type("MethodType", (PyObject *)&PyMethod_Type);
    same_type("BuiltinFunctionType", (PyObject *)&PyCFunction_Type);
    same_type("BuiltinFunctionType", (PyObject *)Py_TYPE(len));
    same_type("BuiltinMethodType", (PyObject *)&PyCFunction_Type);
    same_type("BuiltinMethodType", type_of_attr(lst, "append"));
    same_type("WrapperDescriptorType", (PyObject *)&PyWrapperDescr_Type);
    same_type("WrapperDescriptorType", type_of_attr(object, "__init__"));
    same_type("MethodWrapperType", (PyObject *)&_PyMethodWrapper_Type);
    same_type("MethodWrapperType", type_of_attr(inst, "__str__"));
    same_type("MethodDescriptorType", (PyObject *)&PyMethodDescr_Type);
    same_type("MethodDescriptorType", type_of_attr(str, "join"));
    same_type("ClassMethodDescriptorType", (PyObject *)&PyClassMethodDescr_Type);
    {
        PyObject *dd = PyObject_GetAttrString(dict, "__dict__");
        PyObject *fk = dd ? PyMapping_GetItemString(dd, "fromkeys") : NULL;
        same_type("ClassMethodDescriptorType", fk ? (PyObject *)Py_TYPE(fk) : NULL);
        Py_XDECREF(fk);
        Py_XDECREF(dd);
    }
    same_type("GetSetDescriptorType", (PyObject *)&PyGetSetDescr_Type);
    same_type("MemberDescriptorType", (PyObject *)&PyMemberDescr_Type);
    same_type("GenericAlias", (PyObject *)&Py_GenericAliasType);
    same_type("EllipsisType", (PyObject *)Py_TYPE(Py_Ellipsis));
    same_type("NoneType", (PyObject *)Py_TYPE(Py_None));
    same_type("NotImplementedType", (PyObject *)Py_TYPE(Py_NotImplemented));
    /* types.SimpleNamespace */
    {
        PyObject *ns = PyObject_GetAttrString(types_mod, "SimpleNamespace");
        show("SimpleNamespace", ns ? PyObject_Repr(ns) : NULL);
        show("SimpleNamespace.__doc__", ns ? PyObject_GetAttrString(ns, "__doc__") : NULL);
        PyObject *kw = Py_BuildValue("{s:i,s:s}", "a", 1, "b", "x");
        PyObject *e = PyTuple_New(0);
        PyObject *n1 = ns ? PyObject_Call(ns, e, kw) : NULL;
        show("SimpleNamespace(a=1, b='x')", n1 ? PyObject_Repr(n1) : NULL);
        show("SimpleNamespace(a=1, b='x').a", n1 ? PyObject_GetAttrString(n1, "a") : NULL);
        show("SimpleNamespace(a=1, b='x').c", n1 ? PyObject_GetAttrString(n1, "c") : NULL);
        show("SimpleNamespace(a=1, b='x').__dict__", n1 ? PyObject_GetAttrString(n1, "__dict__") : NULL);
        show("SimpleNamespace(a=1, b='x').__reduce__()", n1 ? PyObject_CallMethod(n1, "__reduce__", NULL) : NULL);
        if (n1) {
            show("setattr(ns, 'c', [])", PyLong_FromLong(PyObject_SetAttrString(n1, "c", lst)));
            show("delattr(ns, 'a')", PyLong_FromLong(PyObject_DelAttrString(n1, "a")));
            show("delattr(ns, 'zz')", PyObject_DelAttrString(n1, "zz") < 0 ? NULL : Py_NewRef(Py_None));
            show("ns after setattr/delattr", PyObject_Repr(n1));
            PyObject_SetAttrString(n1, "self", n1);
            show("recursive ns repr", PyObject_Repr(n1));
            PyObject_DelAttrString(n1, "self");
        }
        PyObject *n2 = ns ? PyObject_Call(ns, e, kw) : NULL;
        PyObject *n3 = ns ? PyObject_Call(ns, e, kw) : NULL;
        show("SimpleNamespace(**kw) == SimpleNamespace(**kw)", n2 && n3 ? PyObject_RichCompare(n2, n3, Py_EQ) : NULL);
        show("SimpleNamespace(**kw) != SimpleNamespace(**kw)", n2 && n3 ? PyObject_RichCompare(n2, n3, Py_NE) : NULL);
        show("SimpleNamespace(**kw) == ns changed", n1 && n2 ? PyObject_RichCompare(n1, n2, Py_EQ) : NULL);
        show("SimpleNamespace(**kw) == dict", n2 ? PyObject_RichCompare(n2, kw, Py_EQ) : NULL);
        show("SimpleNamespace(**kw) < ns", n2 && n3 ? PyObject_RichCompare(n2, n3, Py_LT) : NULL);
        show("hash(SimpleNamespace())", n2 ? (PyObject_Hash(n2) == -1 ? NULL : Py_NewRef(Py_None)) : NULL);
        show("SimpleNamespace()", ns ? PyObject_CallNoArgs(ns) : NULL);
        show("SimpleNamespace(1)", ns ? PyObject_CallFunction(ns, "i", 1) : NULL);
        PyObject *bad = Py_BuildValue("{i:i}", 1, 2);
        PyObject *n4 = ns ? PyObject_CallNoArgs(ns) : NULL;
        PyObject *init = n4 ? PyObject_GetAttrString(n4, "__init__") : NULL;
        show("ns.__init__(**{1: 2})", init ? PyObject_Call(init, e, bad) : NULL);
        show("SimpleNamespace(**{'': 1})", ns ? PyObject_Call(ns, e, Py_BuildValue("{s:i}", "", 1)) : NULL);
        Py_XDECREF(init);
        Py_XDECREF(n4);
        Py_XDECREF(bad);
        Py_XDECREF(n1);
        Py_XDECREF(n2);
        Py_XDECREF(n3);
        Py_XDECREF(e);
        Py_XDECREF(kw);
        Py_XDECREF(ns);
    }
    /* the types are usable through the module */
    {
        PyObject *d = PyDict_New();
        PyDict_SetItemString(d, "k", Py_True);
        PyObject *mpt = PyObject_GetAttrString(types_mod, "MappingProxyType");
        PyObject *p = mpt ? PyObject_CallOneArg(mpt, d) : NULL;
        show("MappingProxyType({'k': True})", p);
        show("MappingProxyType([])", mpt ? PyObject_CallOneArg(mpt, lst) : NULL);
        PyObject *mt = PyObject_GetAttrString(types_mod, "ModuleType");
        PyObject *name = PyUnicode_FromString("made");
        PyObject *m = mt ? PyObject_CallOneArg(mt, name) : NULL;
        show("ModuleType('made').__name__", m ? PyObject_GetAttrString(m, "__name__") : NULL);
        show("ModuleType() no name", mt ? PyObject_CallNoArgs(mt) : NULL);
        PyObject *ga = PyObject_GetAttrString(types_mod, "GenericAlias");
        PyObject *ga_args = Py_BuildValue("(OO)", (PyObject *)&PyList_Type, (PyObject *)&PyLong_Type);
        show("GenericAlias(list, int)", ga && ga_args ? PyObject_Call(ga, ga_args, NULL) : NULL);
        PyObject *ct = PyObject_GetAttrString(types_mod, "CellType");
        PyObject *cell = ct ? PyObject_CallOneArg(ct, name) : NULL;
        show("CellType('made').cell_contents", cell ? PyObject_GetAttrString(cell, "cell_contents") : NULL);
        show("ModuleType(1)", mt ? call_kw(mt, Py_BuildValue("(i)", 1), NULL) : NULL);
        PyObject *m2 = mt ? call_kw(mt, Py_BuildValue("(ss)", "a", "the doc"), NULL) : NULL;
        show("ModuleType('a', 'the doc').__doc__", m2 ? PyObject_GetAttrString(m2, "__doc__") : NULL);
        show("vars(ModuleType('a', 'the doc'))", m2 ? PyObject_GetAttrString(m2, "__dict__") : NULL);
        show("repr(ModuleType('a', 'the doc'))", m2 ? PyObject_Repr(m2) : NULL);
        Py_XDECREF(m2);
        m2 = mt ? call_kw(mt, PyTuple_New(0), Py_BuildValue("{sssi}", "name", "kw", "doc", 5)) : NULL;
        show("ModuleType(name='kw', doc=5).__doc__", m2 ? PyObject_GetAttrString(m2, "__doc__") : NULL);
        show("ModuleType(name='kw', doc=5).__name__", m2 ? PyObject_GetAttrString(m2, "__name__") : NULL);
        Py_XDECREF(m2);
        show("ModuleType('a', 'b', 'c')", mt ? call_kw(mt, Py_BuildValue("(sss)", "a", "b", "c"), NULL) : NULL);
        show("ModuleType('a', x=1)", mt ? call_kw(mt, Py_BuildValue("(s)", "a"), Py_BuildValue("{si}", "x", 1)) : NULL);
        show("ModuleType('a', name='b')", mt ? call_kw(mt, Py_BuildValue("(s)", "a"), Py_BuildValue("{ss}", "name", "b")) : NULL);
        m2 = mt ? PyObject_CallMethod(mt, "__new__", "O", mt) : NULL;
        show("ModuleType.__new__(ModuleType).__dict__", m2 ? PyObject_GetAttrString(m2, "__dict__") : NULL);
        show("repr(ModuleType.__new__(ModuleType))", m2 ? PyObject_Repr(m2) : NULL);
        Py_XDECREF(m2);
        show("GenericAlias(list)", ga ? call_kw(ga, Py_BuildValue("(O)", (PyObject *)&PyList_Type), NULL) : NULL);
        show("GenericAlias(list, int, x=1)", ga ? call_kw(ga, Py_BuildValue("(OO)", (PyObject *)&PyList_Type, (PyObject *)&PyLong_Type), Py_BuildValue("{si}", "x", 1)) : NULL);
        show("GenericAlias(list, (int, str))", ga ? call_kw(ga, Py_BuildValue("(O(OO))", (PyObject *)&PyList_Type, (PyObject *)&PyLong_Type, (PyObject *)&PyUnicode_Type), NULL) : NULL);
        static const char *const singles[] = {"NoneType", "NotImplementedType", "EllipsisType"};
        for (int i = 0; i < 3; i++) {
            char what[80];
            PyObject *st = PyObject_GetAttrString(types_mod, singles[i]);
            snprintf(what, sizeof what, "%s()", singles[i]);
            show(what, st ? PyObject_CallNoArgs(st) : NULL);
            snprintf(what, sizeof what, "%s(1)", singles[i]);
            show(what, st ? call_kw(st, Py_BuildValue("(i)", 1), NULL) : NULL);
            snprintf(what, sizeof what, "%s(x=1)", singles[i]);
            show(what, st ? call_kw(st, PyTuple_New(0), Py_BuildValue("{si}", "x", 1)) : NULL);
            Py_XDECREF(st);
        }
        Py_XDECREF(cell);
        Py_XDECREF(ct);
        Py_XDECREF(ga_args);
        Py_XDECREF(ga);
        Py_XDECREF(m);
        Py_XDECREF(name);
        Py_XDECREF(mt);
        Py_XDECREF(mpt);
        Py_DECREF(d);
    }
    show("types.__name__", PyObject_GetAttrString(types_mod, "__name__"));
    show("types.no_such_name", PyObject_GetAttrString(types_mod, "no_such_name"));
    {
        PyObject *again = PyImport_ImportModule("types");
        show("import types twice: same module", PyBool_FromLong(again == types_mod));
        Py_XDECREF(again);
        again = PyImport_ImportModule("string");
        show("import string twice: same module", PyBool_FromLong(again == string_mod));
        Py_XDECREF(again);
    }

    /* ---- string: the constants ---- */
    static const char *const constants[] = {
        "ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits",
        "octdigits", "punctuation", "printable", "whitespace",
    };
    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++) {
        char what[80];
        snprintf(what, sizeof what, "string.%s", constants[i]);
        show(what, PyObject_GetAttrString(string_mod, constants[i]));
    }
    show("string.__name__", PyObject_GetAttrString(string_mod, "__name__"));

    /* ---- string.capwords: results ---- */
    static const char *const texts[] = {
        "hello world", "  leading and trailing  ", "MiXeD cAsE wOrDs", "tab\tand\nnewline",
        "", "   ", "one", "x y z", "don't stop", "123abc 4DEF", "\xc3\xa9lan vital",
        "\xc3\x9f and \xef\xac\x81", "a\x0b\x0c" "b", "double  space",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char what[120];
        snprintf(what, sizeof what, "capwords(text %zu)", i);
        show(what, capwords(Py_BuildValue("(s)", texts[i]), NULL));
        snprintf(what, sizeof what, "capwords(text %zu, None)", i);
        show(what, capwords(Py_BuildValue("(sO)", texts[i], Py_None), NULL));
        snprintf(what, sizeof what, "capwords(text %zu, ' ')", i);
        show(what, capwords(Py_BuildValue("(ss)", texts[i], " "), NULL));
    }
    show("capwords('a-b-c', '-')", capwords(Py_BuildValue("(ss)", "a-b-c", "-"), NULL));
    show("capwords('a--b', '-')", capwords(Py_BuildValue("(ss)", "a--b", "-"), NULL));
    show("capwords('xAByABz', 'AB')", capwords(Py_BuildValue("(ss)", "xAByABz", "AB"), NULL));
    show("capwords('a b', sep='b')", capwords(Py_BuildValue("(s)", "a b"), Py_BuildValue("{ss}", "sep", "b")));
    show("capwords(s='x y')", capwords(PyTuple_New(0), Py_BuildValue("{ss}", "s", "x y")));
    show("capwords(s='x-y', sep='-')", capwords(PyTuple_New(0), Py_BuildValue("{ssss}", "s", "x-y", "sep", "-")));
    show("capwords('a b', 0) (falsy sep: space join, split on 0)", capwords(Py_BuildValue("(si)", "a b", 0), NULL));

    /* ---- string.capwords: errors ---- */
    show("capwords()", capwords(PyTuple_New(0), NULL));
    show("capwords(1)", capwords(Py_BuildValue("(i)", 1), NULL));
    show("capwords(None)", capwords(Py_BuildValue("(O)", Py_None), NULL));
    show("capwords('a b', 1)", capwords(Py_BuildValue("(si)", "a b", 1), NULL));
    show("capwords('a b', b'x')", capwords(Py_BuildValue("(sy)", "a b", "x"), NULL));
    show("capwords('a b', '')", capwords(Py_BuildValue("(ss)", "a b", ""), NULL));
    show("capwords(b'a b')", capwords(Py_BuildValue("(y)", "a b"), NULL));
    show("capwords(b'', )", capwords(Py_BuildValue("(y)", ""), NULL));
    show("capwords('a', 'b', 'c')", capwords(Py_BuildValue("(sss)", "a", "b", "c"), NULL));
    show("capwords('a', s='x')", capwords(Py_BuildValue("(s)", "a"), Py_BuildValue("{ss}", "s", "x")));
    show("capwords('a', 'b', sep='c')", capwords(Py_BuildValue("(ss)", "a", "b"), Py_BuildValue("{ss}", "sep", "c")));
    show("capwords('a', x=1)", capwords(Py_BuildValue("(s)", "a"), Py_BuildValue("{si}", "x", 1)));
    show("capwords(sep='c')", capwords(PyTuple_New(0), Py_BuildValue("{ss}", "sep", "c")));
    show("capwords('a', 'b', 'c', s='x')", capwords(Py_BuildValue("(sss)", "a", "b", "c"), Py_BuildValue("{ss}", "s", "x")));
    show("capwords('a', 'b', 'c', x=1)", capwords(Py_BuildValue("(sss)", "a", "b", "c"), Py_BuildValue("{si}", "x", 1)));
    show("capwords('a', **{1: 2})", capwords(Py_BuildValue("(s)", "a"), Py_BuildValue("{ii}", 1, 2)));
    show("capwords('a', **{'\\xe9': 2})", capwords(Py_BuildValue("(s)", "a"), Py_BuildValue("{si}", "\xc3\xa9", 2)));
    show("capwords(['a b'])", capwords(Py_BuildValue("([s])", "a b"), NULL));

    Py_DECREF(lst);
    Py_DECREF(inst);
    Py_DECREF(types_mod);
    Py_DECREF(string_mod);
    return 0;
}
