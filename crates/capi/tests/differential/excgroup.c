/* Differential cases for BaseExceptionGroup / ExceptionGroup (PEP 654,
 * Objects/exceptions.c): construction (the message and exceptions checks,
 * BaseExceptionGroup becoming ExceptionGroup, nesting BaseExceptions,
 * subclasses, keywords), the attributes and str/repr, the classes'
 * hierarchy, derive, split and subgroup (by type, by tuple of types,
 * nested groups, full and empty matches, the metadata split copies:
 * __cause__, __context__, __notes__ and __suppress_context__), a
 * subclass whose derive misbehaves, the matcher errors and references.
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

static PyObject *EG, *BEG;

/* An exception instance: type(msg) (msg NULL: no arguments). */
static PyObject *exc(PyObject *type, const char *msg)
{
    return msg ? PyObject_CallFunction(type, "s", msg) : PyObject_CallNoArgs(type);
}

/* type(*args, **kwargs); args and kwargs are stolen (kwargs may be NULL). */
static PyObject *call(PyObject *type, PyObject *args, PyObject *kwargs)
{
    PyObject *r = args ? PyObject_Call(type, args, kwargs) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

/* type(message, [items...]) with the items stolen. */
static PyObject *group2(PyObject *type, const char *message, PyObject *a, PyObject *b)
{
    PyObject *l = PyList_New(0);
    if (a) {
        PyList_Append(l, a);
        Py_DECREF(a);
    }
    if (b) {
        PyList_Append(l, b);
        Py_DECREF(b);
    }
    PyObject *r = PyObject_CallFunction(type, "sO", message, l);
    Py_DECREF(l);
    return r;
}

/* obj.name(*args) with args stolen. */
static PyObject *meth(PyObject *obj, const char *name, PyObject *args)
{
    PyObject *f = PyObject_GetAttrString(obj, name);
    PyObject *r = (f && args) ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(args);
    return r;
}

/* A case showing getattr(obj, name). */
static void show_attr(const char *what, PyObject *obj, const char *name)
{
    show(what, obj ? PyObject_GetAttrString(obj, name) : NULL);
}

/* A case showing str(obj) (obj borrowed). */
static void show_str(const char *what, PyObject *obj)
{
    show(what, obj ? PyObject_Str(obj) : NULL);
}

static PyObject *derive_none(PyObject *self, PyObject *arg)
{
    (void)self;
    (void)arg;
    Py_RETURN_NONE;
}

static PyObject *derive_leaf(PyObject *self, PyObject *arg)
{
    (void)self;
    (void)arg;
    return PyObject_CallFunction(PyExc_ValueError, "s", "not a group");
}

static PyObject *derive_raises(PyObject *self, PyObject *arg)
{
    (void)self;
    (void)arg;
    PyErr_SetString(PyExc_RuntimeError, "derive failed");
    return NULL;
}

static PyMethodDef derive_defs[] = {
    {"derive", derive_none, METH_O, NULL},
    {"derive", derive_leaf, METH_O, NULL},
    {"derive", derive_raises, METH_O, NULL},
};

/* A subclass of ExceptionGroup named `name` whose class dict has `derive`
   set to a C function (not bound: builtin functions are no descriptors,
   so `self.derive(excs)` calls it with the list alone). */
static PyObject *subclass_with_derive(const char *name, PyMethodDef *def)
{
    PyObject *dict = PyDict_New();
    PyObject *f = PyCFunction_New(def, NULL);
    PyDict_SetItemString(dict, "derive", f);
    Py_DECREF(f);
    PyObject *cls = PyErr_NewException(name, EG, dict);
    Py_DECREF(dict);
    return cls;
}

/* The split of `eg` by `matcher` (borrowed), shown. */
static void show_split(const char *what, PyObject *eg, PyObject *matcher)
{
    show(what, meth(eg, "split", Py_BuildValue("(O)", matcher)));
}

static void show_subgroup(const char *what, PyObject *eg, PyObject *matcher)
{
    show(what, meth(eg, "subgroup", Py_BuildValue("(O)", matcher)));
}

int main(void)
{
    Py_Initialize();
    PyObject *builtins = PyEval_GetBuiltins();
    EG = PyDict_GetItemString(builtins, "ExceptionGroup");
    BEG = PyDict_GetItemString(builtins, "BaseExceptionGroup");
    if (EG == NULL || BEG == NULL) {
        printf("no ExceptionGroup in builtins\n");
        return 1;
    }

    /* ---- the classes ---- */
    show("builtins.BaseExceptionGroup is PyExc_BaseExceptionGroup", PyBool_FromLong(BEG == PyExc_BaseExceptionGroup));
    show_attr("BaseExceptionGroup.__name__", BEG, "__name__");
    show_attr("ExceptionGroup.__name__", EG, "__name__");
    show_attr("BaseExceptionGroup.__module__", BEG, "__module__");
    show_attr("ExceptionGroup.__module__", EG, "__module__");
    show_attr("BaseExceptionGroup.__doc__", BEG, "__doc__");
    show_attr("ExceptionGroup.__doc__", EG, "__doc__");
    show_attr("ExceptionGroup.__mro__", EG, "__mro__");
    show_attr("BaseExceptionGroup.__mro__", BEG, "__mro__");
    show_attr("ExceptionGroup.__bases__", EG, "__bases__");
    show("issubclass(ExceptionGroup, Exception)", PyBool_FromLong(PyObject_IsSubclass(EG, PyExc_Exception)));
    show("issubclass(BaseExceptionGroup, Exception)", PyBool_FromLong(PyObject_IsSubclass(BEG, PyExc_Exception)));
    show("PyExceptionClass_Check(ExceptionGroup)", PyBool_FromLong(PyExceptionClass_Check(EG)));
    show("PyExceptionClass_Name(BaseExceptionGroup)", PyUnicode_FromString(PyExceptionClass_Name(BEG)));
    show("PyExceptionClass_Name(ExceptionGroup)", PyUnicode_FromString(PyExceptionClass_Name(EG)));
    show("ExceptionGroup[int]", PyObject_GetItem(EG, (PyObject *)&PyLong_Type));
    show("BaseExceptionGroup[ValueError]", PyObject_GetItem(BEG, PyExc_ValueError));
    show_attr("BaseExceptionGroup.message.__doc__", PyObject_GetAttrString(BEG, "message"), "__doc__");
    show_attr("BaseExceptionGroup.exceptions.__doc__", PyObject_GetAttrString(BEG, "exceptions"), "__doc__");
    PyErr_Clear();

    /* ---- construction ---- */
    show("ExceptionGroup('m', [ValueError('a')])", group2(EG, "m", exc(PyExc_ValueError, "a"), NULL));
    show("BaseExceptionGroup('m', [ValueError()]) is an ExceptionGroup", group2(BEG, "m", exc(PyExc_ValueError, NULL), NULL));
    show("BaseExceptionGroup('m', [KeyboardInterrupt()])", group2(BEG, "m", exc(PyExc_KeyboardInterrupt, NULL), NULL));
    show("BaseExceptionGroup('m', [ValueError(), KeyboardInterrupt()])", group2(BEG, "m", exc(PyExc_ValueError, NULL), exc(PyExc_KeyboardInterrupt, NULL)));
    show("BaseExceptionGroup('m', [SystemExit(1)])", call(BEG, Py_BuildValue("(s[N])", "m", PyObject_CallFunction(PyExc_SystemExit, "i", 1)), NULL));
    show("ExceptionGroup('m', [KeyboardInterrupt()])", group2(EG, "m", exc(PyExc_KeyboardInterrupt, NULL), NULL));
    show("ExceptionGroup('m', [ValueError(), GeneratorExit()])", group2(EG, "m", exc(PyExc_ValueError, NULL), exc(PyExc_GeneratorExit, NULL)));
    show("ExceptionGroup('m')", call(EG, Py_BuildValue("(s)", "m"), NULL));
    show("ExceptionGroup()", call(EG, PyTuple_New(0), NULL));
    show("BaseExceptionGroup()", call(BEG, PyTuple_New(0), NULL));
    show("ExceptionGroup('m', [ValueError()], 'extra')", call(EG, Py_BuildValue("(s[N]s)", "m", exc(PyExc_ValueError, NULL), "extra"), NULL));
    show("ExceptionGroup(1, [ValueError()])", call(EG, Py_BuildValue("(i[N])", 1, exc(PyExc_ValueError, NULL)), NULL));
    show("ExceptionGroup(None, [ValueError()])", call(EG, Py_BuildValue("(O[N])", Py_None, exc(PyExc_ValueError, NULL)), NULL));
    show("ExceptionGroup(b'm', [ValueError()])", call(EG, Py_BuildValue("(y[N])", "m", exc(PyExc_ValueError, NULL)), NULL));
    show("ExceptionGroup('m', 1)", call(EG, Py_BuildValue("(si)", "m", 1), NULL));
    show("ExceptionGroup('m', None)", call(EG, Py_BuildValue("(sO)", "m", Py_None), NULL));
    show("ExceptionGroup('m', [])", call(EG, Py_BuildValue("(s[])", "m"), NULL));
    show("ExceptionGroup('m', ())", call(EG, Py_BuildValue("(s())", "m"), NULL));
    show("BaseExceptionGroup('m', [])", call(BEG, Py_BuildValue("(s[])", "m"), NULL));
    show("ExceptionGroup('m', [1])", call(EG, Py_BuildValue("(s[i])", "m", 1), NULL));
    show("ExceptionGroup('m', [ValueError(), 2])", call(EG, Py_BuildValue("(s[Ni])", "m", exc(PyExc_ValueError, NULL), 2), NULL));
    show("ExceptionGroup('m', [ValueError])", call(EG, Py_BuildValue("(s[O])", "m", PyExc_ValueError), NULL));
    show("ExceptionGroup('m', 'ab')", call(EG, Py_BuildValue("(ss)", "m", "ab"), NULL));
    show("ExceptionGroup('m', {ValueError()})", call(EG, Py_BuildValue("(s{Ni})", "m", exc(PyExc_ValueError, NULL), 1), NULL));
    {
        PyObject *s = PySet_New(NULL);
        PyObject *v = exc(PyExc_ValueError, NULL);
        PySet_Add(s, v);
        Py_DECREF(v);
        show("ExceptionGroup('m', set)", call(EG, Py_BuildValue("(sN)", "m", s), NULL));
    }
    show("ExceptionGroup('m', (ValueError(),))", call(EG, Py_BuildValue("(s(N))", "m", exc(PyExc_ValueError, NULL)), NULL));
    show("ExceptionGroup('m', [ValueError()], x=1)", call(EG, Py_BuildValue("(s[N])", "m", exc(PyExc_ValueError, NULL)), Py_BuildValue("{si}", "x", 1)));
    show("BaseExceptionGroup('m', [ValueError()], x=1)", call(BEG, Py_BuildValue("(s[N])", "m", exc(PyExc_ValueError, NULL)), Py_BuildValue("{si}", "x", 1)));
    show("BaseExceptionGroup('m', [KeyboardInterrupt()], x=1)", call(BEG, Py_BuildValue("(s[N])", "m", exc(PyExc_KeyboardInterrupt, NULL)), Py_BuildValue("{si}", "x", 1)));
    show("ExceptionGroup(message='m', exceptions=[])", call(EG, PyTuple_New(0), Py_BuildValue("{ss}", "message", "m")));
    show("nested ExceptionGroup", group2(EG, "outer", group2(EG, "inner", exc(PyExc_ValueError, "v"), NULL), exc(PyExc_TypeError, "t")));
    show("BaseExceptionGroup over a BaseExceptionGroup", group2(BEG, "outer", group2(BEG, "inner", exc(PyExc_KeyboardInterrupt, NULL), NULL), NULL));
    show("ExceptionGroup over a BaseExceptionGroup", group2(EG, "outer", group2(BEG, "inner", exc(PyExc_KeyboardInterrupt, NULL), NULL), NULL));
    show("ExceptionGroup over an ExceptionGroup made by BaseExceptionGroup", group2(EG, "outer", group2(BEG, "inner", exc(PyExc_ValueError, NULL), NULL), NULL));

    /* subclasses made by PyErr_NewException */
    PyObject *MyEG = PyErr_NewException("mod.MyEG", EG, NULL);
    PyObject *MyBEG = PyErr_NewException("mod.MyBEG", BEG, NULL);
    show("MyEG('m', [ValueError()])", group2(MyEG, "m", exc(PyExc_ValueError, NULL), NULL));
    show("MyEG('m', [KeyboardInterrupt()])", group2(MyEG, "m", exc(PyExc_KeyboardInterrupt, NULL), NULL));
    show("MyBEG('m', [ValueError()]) stays MyBEG", group2(MyBEG, "m", exc(PyExc_ValueError, NULL), NULL));
    show("MyBEG('m', [KeyboardInterrupt()])", group2(MyBEG, "m", exc(PyExc_KeyboardInterrupt, NULL), NULL));
    show("MyEG('m', [])", call(MyEG, Py_BuildValue("(s[])", "m"), NULL));
    show("MyEG(1, [])", call(MyEG, Py_BuildValue("(i[])", 1), NULL));
    show("MyEG('m', [ValueError()], k=1)", call(MyEG, Py_BuildValue("(s[N])", "m", exc(PyExc_ValueError, NULL)), Py_BuildValue("{si}", "k", 1)));
    {
        PyObject *bases = PyTuple_Pack(2, BEG, PyExc_ValueError);
        PyObject *Mixed = PyErr_NewException("mod.Mixed", bases, NULL);
        Py_DECREF(bases);
        show("Mixed(BaseExceptionGroup, ValueError)('m', [KeyboardInterrupt()])", Mixed ? group2(Mixed, "m", exc(PyExc_KeyboardInterrupt, NULL), NULL) : NULL);
        show("Mixed(...)('m', [TypeError()])", Mixed ? group2(Mixed, "m", exc(PyExc_TypeError, NULL), NULL) : NULL);
        Py_XDECREF(Mixed);
    }

    /* ---- attributes, str and repr ---- */
    PyObject *one = group2(EG, "one", exc(PyExc_ValueError, "a"), NULL);
    PyObject *two = group2(EG, "two", exc(PyExc_ValueError, "a"), exc(PyExc_TypeError, "b"));
    show_attr("one.message", one, "message");
    show_attr("one.exceptions", one, "exceptions");
    show_attr("one.args", one, "args");
    show_attr("two.exceptions", two, "exceptions");
    show_str("str(one)", one);
    show_str("str(two)", two);
    show("repr(two)", PyObject_Repr(two));
    {
        PyObject *t = call(EG, Py_BuildValue("(s(NNN))", "three", exc(PyExc_ValueError, NULL), exc(PyExc_ValueError, NULL), exc(PyExc_ValueError, NULL)), NULL);
        show_str("str(three)", t);
        show_attr("three.args (a tuple given)", t, "args");
        Py_XDECREF(t);
    }
    {
        PyObject *e = call(EG, Py_BuildValue("(s[N])", "", exc(PyExc_ValueError, NULL)), NULL);
        show_str("str(empty message)", e);
        Py_XDECREF(e);
    }
    show("one.message = 'x'", PyObject_SetAttrString(one, "message", Py_None) < 0 ? NULL : Py_NewRef(Py_None));
    show("del one.exceptions", PyObject_DelAttrString(one, "exceptions") < 0 ? NULL : Py_NewRef(Py_None));
    {
        PyObject *a = PyObject_GetAttrString(one, "exceptions");
        PyObject *b = PyObject_GetAttrString(one, "exceptions");
        show("exceptions tuple is kept", PyBool_FromLong(a == b));
        Py_XDECREF(a);
        Py_XDECREF(b);
    }
    show("one.args = ('x',)", PyObject_SetAttrString(one, "args", Py_BuildValue("(s)", "x")) < 0 ? NULL : Py_NewRef(Py_None));
    show_str("str(one) after args changed", one);
    show("repr(one) after args changed", PyObject_Repr(one));
    show_attr("one.message after args changed", one, "message");
    show("one.add_note('note')", meth(one, "add_note", Py_BuildValue("(s)", "note")));
    show_attr("one.__notes__", one, "__notes__");
    show("PyErr_GivenExceptionMatches(one, Exception)", PyBool_FromLong(PyErr_GivenExceptionMatches(one, PyExc_Exception)));
    show("PyErr_GivenExceptionMatches(one, BaseExceptionGroup)", PyBool_FromLong(PyErr_GivenExceptionMatches(one, PyExc_BaseExceptionGroup)));
    show("PyErr_GivenExceptionMatches(one, ValueError)", PyBool_FromLong(PyErr_GivenExceptionMatches(one, PyExc_ValueError)));
    show("isinstance(one, BaseExceptionGroup)", PyBool_FromLong(PyObject_IsInstance(one, BEG)));
    show("two.__reduce__()", meth(two, "__reduce__", PyTuple_New(0)));
    {
        PyErr_SetObject(EG, two);
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        show("PyErr_SetObject(ExceptionGroup, group): value is the group", PyBool_FromLong(v == two));
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        PyErr_SetObject(BEG, Py_BuildValue("(s[N])", "set", exc(PyExc_ValueError, NULL)));
        show("PyErr_SetObject(BaseExceptionGroup, args)", NULL);
    }

    /* ---- derive ---- */
    show("one.derive([TypeError()])", meth(one, "derive", Py_BuildValue("([N])", exc(PyExc_TypeError, NULL))));
    show("one.derive([KeyboardInterrupt()])", meth(one, "derive", Py_BuildValue("([N])", exc(PyExc_KeyboardInterrupt, NULL))));
    show("one.derive()", meth(one, "derive", PyTuple_New(0)));
    show("one.derive(1, 2)", meth(one, "derive", Py_BuildValue("(ii)", 1, 2)));
    show("one.derive(1)", meth(one, "derive", Py_BuildValue("(i)", 1)));
    show("one.derive([])", meth(one, "derive", Py_BuildValue("([])")));
    show("one.derive([1])", meth(one, "derive", Py_BuildValue("([i])", 1)));
    {
        PyObject *m = group2(MyBEG, "mine", exc(PyExc_KeyboardInterrupt, NULL), NULL);
        show("MyBEG(...).derive([ValueError()])", m ? meth(m, "derive", Py_BuildValue("([N])", exc(PyExc_ValueError, NULL))) : NULL);
        Py_XDECREF(m);
    }

    /* ---- split and subgroup ---- */
    PyObject *a = exc(PyExc_ValueError, "a");
    PyObject *b = exc(PyExc_TypeError, "b");
    PyObject *c = exc(PyExc_ValueError, "c");
    PyObject *d = exc(PyExc_KeyError, "d");
    Py_INCREF(c);
    Py_INCREF(d);
    PyObject *nested = group2(EG, "nested", c, d);
    Py_INCREF(a);
    Py_INCREF(b);
    Py_INCREF(nested);
    PyObject *eg = call(EG, Py_BuildValue("(s[NNN])", "eg", a, b, nested), NULL);
    Py_ssize_t eg_refs = Py_REFCNT(eg);
    show_split("eg.split(ValueError)", eg, PyExc_ValueError);
    show_split("eg.split(TypeError)", eg, PyExc_TypeError);
    show_split("eg.split(KeyError)", eg, PyExc_KeyError);
    show_split("eg.split(LookupError)", eg, PyExc_LookupError);
    show_split("eg.split(OSError)", eg, PyExc_OSError);
    show_split("eg.split(Exception)", eg, PyExc_Exception);
    show_split("eg.split(BaseException)", eg, PyExc_BaseException);
    show_split("eg.split(ExceptionGroup)", eg, EG);
    show_split("eg.split(BaseExceptionGroup)", eg, BEG);
    show_split("eg.split(MyEG)", eg, MyEG);
    {
        PyObject *t = PyTuple_Pack(2, PyExc_ValueError, PyExc_KeyError);
        show_split("eg.split((ValueError, KeyError))", eg, t);
        show_subgroup("eg.subgroup((ValueError, KeyError))", eg, t);
        Py_DECREF(t);
        t = PyTuple_New(0);
        show_split("eg.split(())", eg, t);
        show_subgroup("eg.subgroup(())", eg, t);
        Py_DECREF(t);
        t = PyTuple_Pack(1, PyExc_TypeError);
        show_split("eg.split((TypeError,))", eg, t);
        Py_DECREF(t);
    }
    show_subgroup("eg.subgroup(ValueError)", eg, PyExc_ValueError);
    show_subgroup("eg.subgroup(TypeError)", eg, PyExc_TypeError);
    show_subgroup("eg.subgroup(KeyError)", eg, PyExc_KeyError);
    show_subgroup("eg.subgroup(OSError)", eg, PyExc_OSError);
    show_subgroup("eg.subgroup(Exception)", eg, PyExc_Exception);
    show_subgroup("eg.subgroup(ExceptionGroup)", eg, EG);
    {
        PyObject *r = meth(eg, "split", Py_BuildValue("(O)", PyExc_Exception));
        show("eg.split(Exception)[0] is eg", r ? PyBool_FromLong(PyTuple_GET_ITEM(r, 0) == eg) : NULL);
        Py_XDECREF(r);
        r = meth(eg, "subgroup", Py_BuildValue("(O)", PyExc_Exception));
        show("eg.subgroup(Exception) is eg", r ? PyBool_FromLong(r == eg) : NULL);
        Py_XDECREF(r);
        r = meth(eg, "split", Py_BuildValue("(O)", PyExc_ValueError));
        PyObject *m = r ? PyTuple_GET_ITEM(r, 0) : NULL;
        PyObject *rest = r ? PyTuple_GET_ITEM(r, 1) : NULL;
        PyObject *mx = m ? PyObject_GetAttrString(m, "exceptions") : NULL;
        PyObject *rx = rest ? PyObject_GetAttrString(rest, "exceptions") : NULL;
        show("split(ValueError): the leaves are the same objects", mx && rx ? PyBool_FromLong(PyTuple_GET_ITEM(mx, 0) == a && PyTuple_GET_ITEM(rx, 0) == b) : NULL);
        show("split(ValueError): the nested part is a new group", mx ? PyBool_FromLong(PyTuple_GET_ITEM(mx, 1) != nested) : NULL);
        show("split(ValueError): match type", m ? Py_NewRef((PyObject *)Py_TYPE(m)) : NULL);
        show_attr("split(ValueError): match.message", m, "message");
        show_attr("split(ValueError): match.__suppress_context__", m, "__suppress_context__");
        Py_XDECREF(mx);
        Py_XDECREF(rx);
        Py_XDECREF(r);
    }
    show("eg refcount unchanged by the splits", PyLong_FromSsize_t(Py_REFCNT(eg) - eg_refs));

    /* matcher errors */
    show("eg.split()", meth(eg, "split", PyTuple_New(0)));
    show("eg.split(ValueError, TypeError)", meth(eg, "split", Py_BuildValue("(OO)", PyExc_ValueError, PyExc_TypeError)));
    show("eg.subgroup()", meth(eg, "subgroup", PyTuple_New(0)));
    show("eg.subgroup(1, 2)", meth(eg, "subgroup", Py_BuildValue("(ii)", 1, 2)));
    show("eg.split(1)", meth(eg, "split", Py_BuildValue("(i)", 1)));
    show("eg.split('ValueError')", meth(eg, "split", Py_BuildValue("(s)", "ValueError")));
    show("eg.split(None)", meth(eg, "split", Py_BuildValue("(O)", Py_None)));
    show("eg.split(int)", meth(eg, "split", Py_BuildValue("(O)", (PyObject *)&PyLong_Type)));
    show("eg.split((ValueError, 1))", meth(eg, "split", Py_BuildValue("((Oi))", PyExc_ValueError, 1)));
    show("eg.split([ValueError])", meth(eg, "split", Py_BuildValue("([O])", PyExc_ValueError)));
    show("eg.split(len) (a C callable)", meth(eg, "split", Py_BuildValue("(O)", PyDict_GetItemString(builtins, "len"))));
    show("eg.subgroup(len)", meth(eg, "subgroup", Py_BuildValue("(O)", PyDict_GetItemString(builtins, "len"))));
    show("eg.subgroup(ValueError())", meth(eg, "subgroup", Py_BuildValue("(N)", exc(PyExc_ValueError, NULL))));
    show("eg.split(((ValueError,),))", meth(eg, "split", Py_BuildValue("(((O)))", PyExc_ValueError)));

    /* metadata copied by split */
    {
        PyException_SetCause(eg, exc(PyExc_RuntimeError, "cause"));
        PyException_SetContext(eg, exc(PyExc_RuntimeError, "context"));
        PyObject *notes = Py_BuildValue("[s]", "n1");
        PyObject_SetAttrString(eg, "__notes__", notes);
        PyObject *r = meth(eg, "split", Py_BuildValue("(O)", PyExc_ValueError));
        PyObject *m = r ? PyTuple_GET_ITEM(r, 0) : NULL;
        PyObject *rest = r ? PyTuple_GET_ITEM(r, 1) : NULL;
        show_attr("match.__cause__", m, "__cause__");
        show_attr("match.__context__", m, "__context__");
        show_attr("match.__notes__", m, "__notes__");
        show_attr("match.__suppress_context__", m, "__suppress_context__");
        show_attr("rest.__cause__", rest, "__cause__");
        show_attr("rest.__notes__", rest, "__notes__");
        show_attr("rest.__traceback__", rest, "__traceback__");
        PyObject *mn = m ? PyObject_GetAttrString(m, "__notes__") : NULL;
        PyObject *rn = rest ? PyObject_GetAttrString(rest, "__notes__") : NULL;
        show("the parts' notes are new lists", mn && rn ? PyBool_FromLong(mn != notes && rn != notes && mn != rn) : NULL);
        PyObject *mx = m ? PyObject_GetAttrString(m, "exceptions") : NULL;
        PyObject *inner = mx ? PyTuple_GET_ITEM(mx, 1) : NULL;
        show("hasattr(nested part, '__notes__')", inner ? PyBool_FromLong(PyObject_HasAttrString(inner, "__notes__")) : NULL);
        show_attr("nested part __cause__", inner, "__cause__");
        Py_XDECREF(mx);
        Py_XDECREF(mn);
        Py_XDECREF(rn);
        Py_XDECREF(r);
        show_subgroup("subgroup with metadata", eg, PyExc_TypeError);
        r = meth(eg, "subgroup", Py_BuildValue("(O)", PyExc_TypeError));
        show_attr("subgroup.__notes__", r, "__notes__");
        show_attr("subgroup.__context__", r, "__context__");
        Py_XDECREF(r);
        /* notes that are not a list */
        PyObject_SetAttrString(eg, "__notes__", Py_BuildValue("(ss)", "t1", "t2"));
        r = meth(eg, "subgroup", Py_BuildValue("(O)", PyExc_TypeError));
        show_attr("tuple notes: subgroup.__notes__", r, "__notes__");
        Py_XDECREF(r);
        PyObject *five = PyLong_FromLong(5);
        PyObject_SetAttrString(eg, "__notes__", five);
        Py_DECREF(five);
        r = meth(eg, "subgroup", Py_BuildValue("(O)", PyExc_TypeError));
        show("int notes: hasattr(subgroup, '__notes__')", r ? PyBool_FromLong(PyObject_HasAttrString(r, "__notes__")) : NULL);
        Py_XDECREF(r);
        PyObject_SetAttrString(eg, "__notes__", Py_BuildValue("s", "ab"));
        r = meth(eg, "subgroup", Py_BuildValue("(O)", PyExc_TypeError));
        show_attr("str notes: subgroup.__notes__", r, "__notes__");
        Py_XDECREF(r);
        Py_DECREF(notes);
        PyObject_DelAttrString(eg, "__notes__");
        PyException_SetCause(eg, NULL);
        r = meth(eg, "subgroup", Py_BuildValue("(O)", PyExc_TypeError));
        show_attr("no cause: subgroup.__cause__", r, "__cause__");
        show_attr("no cause: subgroup.__suppress_context__", r, "__suppress_context__");
        Py_XDECREF(r);
    }

    /* a subclass's parts come from derive */
    {
        PyObject *g = group2(MyEG, "mine", exc(PyExc_ValueError, "v"), exc(PyExc_TypeError, "t"));
        show_split("MyEG.split(ValueError): parts are ExceptionGroups", g, PyExc_ValueError);
        show_split("MyEG.split(Exception): whole", g, PyExc_Exception);
        Py_XDECREF(g);
        static const char *const names[] = {"mod.DeriveNone", "mod.DeriveLeaf", "mod.DeriveRaises"};
        for (int i = 0; i < 3; i++) {
            PyObject *cls = subclass_with_derive(names[i], &derive_defs[i]);
            PyObject *h = cls ? group2(cls, "h", exc(PyExc_ValueError, "v"), exc(PyExc_TypeError, "t")) : NULL;
            char what[120];
            snprintf(what, sizeof what, "%s: split(ValueError)", names[i]);
            show_split(what, h, PyExc_ValueError);
            snprintf(what, sizeof what, "%s: subgroup(TypeError)", names[i]);
            show_subgroup(what, h, PyExc_TypeError);
            snprintf(what, sizeof what, "%s: split(Exception) (no derive)", names[i]);
            show_split(what, h, PyExc_Exception);
            snprintf(what, sizeof what, "%s: split(OSError)", names[i]);
            show_split(what, h, PyExc_OSError);
            Py_XDECREF(h);
            Py_XDECREF(cls);
        }
    }

    /* deep nesting */
    {
        PyObject *g = group2(EG, "level0", exc(PyExc_ValueError, "deep"), exc(PyExc_TypeError, "deep"));
        char msg[32];
        for (int i = 1; i < 20; i++) {
            snprintf(msg, sizeof msg, "level%d", i);
            g = group2(EG, msg, g, NULL);
        }
        PyObject *r = meth(g, "subgroup", Py_BuildValue("(O)", PyExc_TypeError));
        show_str("20 levels: str(subgroup(TypeError))", r);
        PyObject *x = r;
        Py_XINCREF(x);
        for (int i = 0; x && i < 19; i++) {
            PyObject *t = PyObject_GetAttrString(x, "exceptions");
            Py_DECREF(x);
            x = t ? Py_NewRef(PyTuple_GET_ITEM(t, 0)) : NULL;
            Py_XDECREF(t);
        }
        show("20 levels: the innermost part", x);
        Py_XDECREF(r);
        Py_XDECREF(g);
    }

    /* BaseException groups */
    {
        PyObject *g = group2(BEG, "base", exc(PyExc_KeyboardInterrupt, NULL), exc(PyExc_ValueError, "v"));
        show_split("BaseExceptionGroup.split(ValueError)", g, PyExc_ValueError);
        show_split("BaseExceptionGroup.split(KeyboardInterrupt)", g, PyExc_KeyboardInterrupt);
        show_split("BaseExceptionGroup.split(Exception)", g, PyExc_Exception);
        show_subgroup("BaseExceptionGroup.subgroup(BaseException)", g, PyExc_BaseException);
        Py_XDECREF(g);
    }

    Py_DECREF(eg);
    Py_DECREF(nested);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    Py_DECREF(d);
    Py_DECREF(one);
    Py_DECREF(two);
    Py_DECREF(MyEG);
    Py_DECREF(MyBEG);
    return 0;
}
