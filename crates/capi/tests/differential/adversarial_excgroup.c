/* Adversarial differential cases for BaseExceptionGroup / ExceptionGroup
 * (Objects/exceptions.c) from C: split/subgroup through a C subclass
 * whose derive() returns a non-group, raises or answers a group of
 * another class; __notes__ of odd types on the split group; deep
 * nesting (recursion limit in split, repr and str; deallocation of a very
 * deep chain); non-exception members; the same leaf in several places;
 * matchers at every shape.
 *
 * Built against CPython 3.11 and against pybuffer; scripts/c-tests.sh
 * compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "adv_common.h"

static PyObject *EG, *BEG;

/* derive() modes of the C subclass, by its message: "non-group" answers
   5, "raise" raises KeyError('derive'), "base" answers a plain
   BaseExceptionGroup, "same" answers self. Anything else: the default. */
static PyObject *sub_derive(PyObject *self, PyObject *excs)
{
    PyObject *msg = PyObject_GetAttrString(self, "message");
    if (msg == NULL)
        return NULL;
    const char *m = PyUnicode_AsUTF8(msg);
    PyObject *r;
    if (strcmp(m, "non-group") == 0)
        r = PyLong_FromLong(5);
    else if (strcmp(m, "raise") == 0) {
        PyErr_SetString(PyExc_KeyError, "derive");
        r = NULL;
    } else if (strcmp(m, "same") == 0)
        r = Py_NewRef(self);
    else
        r = PyObject_CallFunction(BEG, "OO", msg, excs);
    Py_DECREF(msg);
    return r;
}

static PyMethodDef sub_methods[] = {
    {"derive", sub_derive, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyObject *SubEG;

static PyObject *LEAF(PyObject *type, const char *msg) { return PyObject_CallFunction(type, "s", msg); }

/* A group (new reference) of class `cls` over the stolen items. */
static PyObject *GROUP(PyObject *cls, const char *msg, int n, ...)
{
    PyObject *l = PyList_New(0);
    va_list va;
    va_start(va, n);
    for (int i = 0; i < n; i++) {
        PyObject *e = va_arg(va, PyObject *);
        if (e == NULL || PyList_Append(l, e) < 0) {
            Py_XDECREF(e);
            Py_DECREF(l);
            va_end(va);
            return NULL;
        }
        Py_DECREF(e);
    }
    va_end(va);
    PyObject *g = PyObject_CallFunction(cls, "sO", msg, l);
    Py_DECREF(l);
    return g;
}

static PyObject *SPLIT(PyObject *g, PyObject *m) { return CM(g, "split", "(O)", m); }
static PyObject *SUB(PyObject *g, PyObject *m) { return CM(g, "subgroup", "(O)", m); }

/* `depth` groups nested around one ValueError. */
static PyObject *NESTED(int depth)
{
    PyObject *e = LEAF(PyExc_ValueError, "leaf");
    for (int i = 0; i < depth && e != NULL; i++)
        e = GROUP(EG, "g", 1, e);
    return e;
}

int main(void)
{
    Py_Initialize();
    EG = PyDict_GetItemString(PyEval_GetBuiltins(), "ExceptionGroup");
    BEG = PyExc_BaseExceptionGroup;
    {
        PyType_Slot slots[] = {{Py_tp_methods, sub_methods}, {0, NULL}};
        PyType_Spec spec = {"adv.SubEG", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
        SubEG = PyType_FromSpecWithBases(&spec, EG);
        if (SubEG == NULL) {
            PyErr_Print();
            return 1;
        }
    }
    PyObject *VE = PyExc_ValueError, *TE = PyExc_TypeError;

    /* derive() overridden. */
    const char *modes[] = {"non-group", "raise", "base", "same", "plain"};
    char what[160];
    for (int i = 0; i < 5; i++) {
        PyObject *g = GROUP(SubEG, modes[i], 2, LEAF(VE, "v"), LEAF(TE, "t"));
        snprintf(what, sizeof what, "SubEG('%s').split(ValueError)", modes[i]);
        R(what, SPLIT(g, VE));
        snprintf(what, sizeof what, "SubEG('%s').subgroup(TypeError)", modes[i]);
        R(what, SUB(g, TE));
        snprintf(what, sizeof what, "SubEG('%s').split(SubEG) (whole)", modes[i]);
        R(what, SPLIT(g, SubEG));
        snprintf(what, sizeof what, "SubEG('%s').split(KeyError) (nothing)", modes[i]);
        R(what, SPLIT(g, PyExc_KeyError));
        snprintf(what, sizeof what, "SubEG('%s').derive([])", modes[i]);
        R(what, CM(g, "derive", "([])"));
        Py_DECREF(g);
    }
    {
        PyObject *inner = GROUP(SubEG, "non-group", 2, LEAF(VE, "v"), LEAF(TE, "t"));
        PyObject *g = GROUP(EG, "outer", 2, inner, LEAF(VE, "w"));
        R("EG([SubEG('non-group')...]).split(ValueError)", SPLIT(g, VE));
        R("... .subgroup((ValueError, TypeError))", SUB(g, Py_BuildValue("(OO)", VE, TE)));
        Py_DECREF(g);
    }

    /* __notes__ of every shape. */
    {
        PyObject *notes[] = {
            Py_BuildValue("[s]", "n"), Py_BuildValue("(ss)", "a", "b"), PyUnicode_FromString("xy"),
            PyLong_FromLong(5), Py_NewRef(Py_None), Py_BuildValue("{si}", "k", 1), PyBytes_FromString("ab"),
        };
        const char *names[] = {"['n']", "('a', 'b')", "'xy'", "5", "None", "{'k': 1}", "b'ab'"};
        for (int i = 0; i < 7; i++) {
            PyObject *g = GROUP(EG, "m", 2, LEAF(VE, "v"), LEAF(TE, "t"));
            PyObject_SetAttrString(g, "__notes__", notes[i]);
            PyObject *parts = SPLIT(g, VE);
            snprintf(what, sizeof what, "notes %s: split(ValueError)", names[i]);
            R(what, parts ? NEW(parts) : NULL);
            if (parts) {
                snprintf(what, sizeof what, "notes %s: match part's __notes__", names[i]);
                R(what, PyObject_GetAttrString(PyTuple_GET_ITEM(parts, 0), "__notes__"));
                snprintf(what, sizeof what, "notes %s: the copy is not the original", names[i]);
                PyObject *n = PyObject_GetAttrString(PyTuple_GET_ITEM(parts, 1), "__notes__");
                R(what, n ? PyBool_FromLong(n != notes[i]) : NULL);
                Py_XDECREF(n);
            }
            Py_XDECREF(parts);
            Py_DECREF(notes[i]);
            Py_DECREF(g);
        }
        PyObject *g = GROUP(EG, "m", 1, LEAF(VE, "v"));
        R("add_note(5)", CM(g, "add_note", "(i)", 5));
        PyObject_SetAttrString(g, "__notes__", PyLong_FromLong(1));
        R("add_note('x') over int __notes__", CM(g, "add_note", "(s)", "x"));
        R("add_note()", CM(g, "add_note", "()"));
        Py_DECREF(g);
    }

    /* Metadata carried into the parts. */
    {
        PyObject *g = GROUP(EG, "m", 2, LEAF(VE, "v"), LEAF(TE, "t"));
        PyException_SetCause(g, LEAF(PyExc_KeyError, "cause"));
        PyException_SetContext(g, LEAF(PyExc_IndexError, "ctx"));
        PyObject *parts = SPLIT(g, TE);
        R("split keeps the cause", parts ? PyException_GetCause(PyTuple_GET_ITEM(parts, 0)) : NULL);
        R("split keeps the context", parts ? PyException_GetContext(PyTuple_GET_ITEM(parts, 1)) : NULL);
        R("__suppress_context__ of a part", parts ? PyObject_GetAttrString(PyTuple_GET_ITEM(parts, 0), "__suppress_context__") : NULL);
        Py_XDECREF(parts);
        /* A context cycle: g.__context__ = g. */
        PyException_SetContext(g, Py_NewRef(g));
        R("split with a context cycle", SPLIT(g, VE));
        PyException_SetContext(g, NULL);
        Py_DECREF(g);
    }

    /* The same leaf in several places, and a group inside itself's
       parts. */
    {
        PyObject *v = LEAF(VE, "shared");
        PyObject *inner = GROUP(EG, "inner", 2, Py_NewRef(v), Py_NewRef(v));
        PyObject *g = GROUP(EG, "outer", 3, Py_NewRef(v), Py_NewRef(inner), Py_NewRef(inner));
        R("shared leaves: split(ValueError)", SPLIT(g, VE));
        R("shared leaves: split(TypeError)", SPLIT(g, TE));
        R("shared leaves: subgroup(BaseException)", SUB(g, PyExc_BaseException));
        R("repr(g)", PyObject_Repr(g));
        R("str(g)", PyObject_Str(g));
        RI("refcount of v", Py_REFCNT(v));
        Py_DECREF(g);
        Py_DECREF(inner);
        RI("refcount of v after", Py_REFCNT(v));
        Py_DECREF(v);
    }

    /* Matchers. */
    {
        PyObject *g = GROUP(BEG, "m", 3, LEAF(VE, "v"), LEAF(PyExc_KeyboardInterrupt, "k"), GROUP(EG, "i", 1, LEAF(TE, "t")));
        R("split(())", SPLIT(g, PyTuple_New(0)));
        R("split((ValueError, KeyboardInterrupt))", SPLIT(g, Py_BuildValue("(OO)", VE, PyExc_KeyboardInterrupt)));
        R("split(BaseException)", SPLIT(g, PyExc_BaseException));
        R("split(Exception)", SPLIT(g, PyExc_Exception));
        R("split(ExceptionGroup)", SPLIT(g, EG));
        R("split(BaseExceptionGroup)", SPLIT(g, BEG));
        R("split(SubEG)", SPLIT(g, SubEG));
        R("split((ValueError, 1))", SPLIT(g, Py_BuildValue("(Oi)", VE, 1)));
        R("split(ValueError('x'))", SPLIT(g, PyObject_CallFunction(VE, "s", "x")));
        R("split(object)", SPLIT(g, (PyObject *)&PyBaseObject_Type));
        R("split(type)", SPLIT(g, (PyObject *)&PyType_Type));
        R("split(tuple subclass)", SPLIT(g, PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "T", &PyTuple_Type)));
        R("split(print)", SPLIT(g, PyDict_GetItemString(PyEval_GetBuiltins(), "print")));
        R("subgroup(x=1)", PyObject_Call(PyObject_GetAttrString(g, "subgroup"), Py_BuildValue("(O)", VE), Py_BuildValue("{si}", "x", 1)));
        R("split(ValueError) parts types", SPLIT(g, VE));
        Py_DECREF(g);
    }

    /* Members. */
    R("EG('m', [ValueError, ValueError()])", GROUP(EG, "m", 2, Py_NewRef(VE), LEAF(VE, "v")));
    R("EG('m', [StopIteration()])", GROUP(EG, "m", 1, LEAF(PyExc_StopIteration, "s")));
    R("EG('m', [GeneratorExit()])", GROUP(EG, "m", 1, LEAF(PyExc_GeneratorExit, "s")));
    R("BEG('m', [GeneratorExit()])", GROUP(BEG, "m", 1, LEAF(PyExc_GeneratorExit, "s")));
    R("EG('m', [BEG('i', [SystemExit()])])", GROUP(EG, "m", 1, GROUP(BEG, "i", 1, LEAF(PyExc_SystemExit, "x"))));
    R("SubEG('m', [KeyboardInterrupt()])", GROUP(SubEG, "m", 1, LEAF(PyExc_KeyboardInterrupt, "k")));
    R("EG('m', [None])", GROUP(EG, "m", 1, Py_NewRef(Py_None)));
    R("EG('m', range(2))", PyObject_CallFunction(EG, "sN", "m", PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 2)));
    R("EG('m', iter([ValueError()]))", PyObject_CallFunction(EG, "sN", "m", PyObject_GetIter(Py_BuildValue("[N]", LEAF(VE, "v")))));
    R("EG('m', {ValueError: 1})", PyObject_CallFunction(EG, "sN", "m", Py_BuildValue("{Oi}", VE, 1)));
    R("EG('m', b'ab')", PyObject_CallFunction(EG, "sy", "m", "ab"));
    R("EG('m', memoryview(b'a'))", PyObject_CallFunction(EG, "sN", "m", PyMemoryView_FromObject(PyBytes_FromString("a"))));
    R("EG('', [ValueError()])", GROUP(EG, "", 1, LEAF(VE, "")));
    R("str(EG('', [ValueError()] * 2))", PyObject_Str(GROUP(EG, "", 2, LEAF(VE, ""), LEAF(VE, ""))));
    R("EG.__new__(EG)", CM(EG, "__new__", "(O)", EG));
    R("EG.__new__(ValueError, 'm', [ValueError()])", CM(EG, "__new__", "(Os[N])", VE, "m", LEAF(VE, "v")));
    R("EG.__new__(BEG, 'm', [KeyboardInterrupt()])", CM(EG, "__new__", "(Os[N])", BEG, "m", LEAF(PyExc_KeyboardInterrupt, "k")));
    R("BEG.__new__(EG, 'm', [KeyboardInterrupt()])", CM(BEG, "__new__", "(Os[N])", EG, "m", LEAF(PyExc_KeyboardInterrupt, "k")));
    {
        PyObject *g = GROUP(EG, "m", 1, LEAF(VE, "v"));
        R("g.__init__('x', [TypeError()])", CM(g, "__init__", "(s[N])", "x", LEAF(TE, "t")));
        R("g after __init__", NEW(g));
        R("g.args after __init__", PyObject_GetAttrString(g, "args"));
        R("g.__init__()", CM(g, "__init__", "()"));
        R("g.exceptions = ()", PyObject_SetAttrString(g, "exceptions", PyTuple_New(0)) < 0 ? NULL : NEW(Py_None));
        R("g.message = 'x'", PyObject_SetAttrString(g, "message", Py_None) < 0 ? NULL : NEW(Py_None));
        R("g.args = 5", PyObject_SetAttrString(g, "args", PyLong_FromLong(5)) < 0 ? NULL : NEW(g));
        R("str(g) after args = 5", PyObject_Str(g));
        R("g.with_traceback(None)", CM(g, "with_traceback", "(O)", Py_None));
        R("g.with_traceback(1)", CM(g, "with_traceback", "(i)", 1));
        Py_DECREF(g);
    }

    /* Deep nesting. */
    {
        PyObject *d = NESTED(900);
        PyObject *parts = SPLIT(d, VE);
        R("900 levels: split(ValueError)[0] is d", parts ? PyBool_FromLong(PyTuple_GET_ITEM(parts, 0) == d) : NULL);
        Py_XDECREF(parts);
        parts = SPLIT(d, TE);
        R("900 levels: split(TypeError)[1] type", parts ? NEW((PyObject *)Py_TYPE(PyTuple_GET_ITEM(parts, 1))) : NULL);
        Py_XDECREF(parts);
        R("900 levels: str", PyObject_Str(d));
        Py_DECREF(d);
        d = NESTED(1200);
        R("1200 levels: split(TypeError)", SPLIT(d, TE));
        R("1200 levels: subgroup(ValueError)", SUB(d, VE));
        R("1200 levels: subgroup(ExceptionGroup) is d", PyBool_FromLong(SUB(d, EG) == d));
        Py_DECREF(d); /* the extra reference of the line above */
        R("1200 levels: repr", PyObject_Repr(d));
        RI("1200 levels: matches ValueError", PyErr_GivenExceptionMatches(d, VE));
        Py_DECREF(d);
        d = NESTED(200000);
        R("200000 levels: made", d ? PyBool_FromLong(1) : NULL);
        Py_XDECREF(d);
        R("200000 levels: released", PyBool_FromLong(1));
        /* A deep __context__ chain. */
        PyObject *c = LEAF(VE, "c");
        for (int i = 0; i < 200000; i++) {
            PyObject *n = LEAF(TE, "n");
            PyException_SetContext(n, c);
            c = n;
        }
        Py_DECREF(c);
        R("200000-long __context__ chain released", PyBool_FromLong(1));
    }
    Py_DECREF(SubEG);
    return 0;
}
