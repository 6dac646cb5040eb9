/* Adversarial differential cases for contextvars (Python/context.c) from
 * C: Context.run inside itself and re-entered through another context,
 * tokens reused, reset in another context or with another variable,
 * PyContext_Enter/Exit out of order, mapping access with keys that are
 * no variables, iteration over a context whose variables change,
 * argument errors of every constructor and method.
 *
 * Built against CPython 3.11 and against pybuffer; scripts/c-tests.sh
 * compares the two outputs line for line (addresses masked).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "adv_common.h"

static PyObject *cv; /* the contextvars module */
static PyObject *ContextType, *VarType, *TokenType;

/* A C callable that runs ctx.run(ctx.run, ...) style recursion: calls
   args[0](*args[1:]). */
static PyObject *apply(PyObject *self, PyObject *args)
{
    (void)self;
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 1) {
        PyErr_SetString(PyExc_TypeError, "apply needs a callable");
        return NULL;
    }
    PyObject *rest = PyTuple_GetSlice(args, 1, n);
    if (rest == NULL)
        return NULL;
    PyObject *r = PyObject_Call(PyTuple_GET_ITEM(args, 0), rest, NULL);
    Py_DECREF(rest);
    return r;
}

/* Raises ValueError("boom") after setting the variable args[0] to 9. */
static PyObject *set_then_raise(PyObject *self, PyObject *var)
{
    (void)self;
    PyObject *t = PyContextVar_Set(var, PyLong_FromLong(9));
    Py_XDECREF(t);
    PyErr_SetString(PyExc_ValueError, "boom");
    return NULL;
}

/* Enters args[0] (a context) with PyContext_Enter, then exits it. */
static PyObject *enter_exit(PyObject *self, PyObject *ctx)
{
    (void)self;
    if (PyContext_Enter(ctx) < 0)
        return NULL;
    if (PyContext_Exit(ctx) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* Exits args (a context) without entering it. */
static PyObject *exit_only(PyObject *self, PyObject *ctx)
{
    (void)self;
    if (PyContext_Exit(ctx) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef fns[] = {
    {"apply", apply, METH_VARARGS, NULL},
    {"set_then_raise", set_then_raise, METH_O, NULL},
    {"enter_exit", enter_exit, METH_O, NULL},
    {"exit_only", exit_only, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyObject *FN(int i) { return PyCFunction_New(&fns[i], NULL); }

static PyObject *GETV(PyObject *var)
{
    PyObject *v = NULL;
    if (PyContextVar_Get(var, NULL, &v) < 0)
        return NULL;
    if (v == NULL)
        return PyUnicode_FromString("<unset>");
    return v;
}

int main(void)
{
    Py_Initialize();
    cv = PyImport_ImportModule("contextvars");
    if (cv == NULL) {
        PyErr_Print();
        return 1;
    }
    ContextType = PyObject_GetAttrString(cv, "Context");
    VarType = PyObject_GetAttrString(cv, "ContextVar");
    TokenType = PyObject_GetAttrString(cv, "Token");

    /* Constructors. */
    R("ContextVar()", PyObject_CallNoArgs(VarType));
    R("ContextVar(1)", PyObject_CallFunction(VarType, "i", 1));
    R("ContextVar(b'x')", PyObject_CallFunction(VarType, "y", "x"));
    R("ContextVar('x', 1, 2)", PyObject_CallFunction(VarType, "sii", "x", 1, 2));
    R("ContextVar('x', foo=1)", PyObject_Call(VarType, Py_BuildValue("(s)", "x"), Py_BuildValue("{si}", "foo", 1)));
    R("ContextVar('x', default=1)", PyObject_Call(VarType, Py_BuildValue("(s)", "x"), Py_BuildValue("{si}", "default", 1)));
    R("ContextVar(name='x')", PyObject_Call(VarType, Py_BuildValue("()"), Py_BuildValue("{ss}", "name", "x")));
    R("Context(1)", PyObject_CallFunction(ContextType, "i", 1));
    R("Context(a=1)", PyObject_Call(ContextType, Py_BuildValue("()"), Py_BuildValue("{si}", "a", 1)));
    R("Token()", PyObject_CallNoArgs(TokenType));
    R("ContextVar[int]", PyObject_GetItem(VarType, (PyObject *)&PyLong_Type));
    R("Token[int]", PyObject_GetItem(TokenType, (PyObject *)&PyLong_Type));
    R("Context[int]", PyObject_GetItem(ContextType, (PyObject *)&PyLong_Type));
    {
        PyObject *bases = PyTuple_Pack(1, VarType);
        R("type('V', (ContextVar,), {})", PyObject_CallFunction((PyObject *)&PyType_Type, "sO{}", "V", bases));
        Py_DECREF(bases);
        bases = PyTuple_Pack(1, ContextType);
        R("type('C', (Context,), {})", PyObject_CallFunction((PyObject *)&PyType_Type, "sO{}", "C", bases));
        Py_DECREF(bases);
    }
    R("PyContextVar_New('x', NULL) repr", PyContextVar_New("x", NULL));
    R("PyContextVar_New('\\xff', NULL)", PyContextVar_New("\xff", NULL));

    PyObject *x = PyContextVar_New("x", NULL);
    PyObject *y = PyContextVar_New("y", PyLong_FromLong(42));
    Py_DECREF(PyLong_FromLong(42));

    /* Variable methods. */
    R("x.get()", CM(x, "get", "()"));
    R("x.get(1)", CM(x, "get", "(i)", 1));
    R("x.get(1, 2)", CM(x, "get", "(ii)", 1, 2));
    R("x.get(default=1)", PyObject_Call(PyObject_GetAttrString(x, "get"), Py_BuildValue("()"), Py_BuildValue("{si}", "default", 1)));
    R("y.get()", CM(y, "get", "()"));
    R("y.get(None)", CM(y, "get", "(O)", Py_None));
    R("x.set()", CM(x, "set", "()"));
    R("x.set(1, 2)", CM(x, "set", "(ii)", 1, 2));
    R("x.reset(5)", CM(x, "reset", "(i)", 5));
    R("x.reset()", CM(x, "reset", "()"));
    R("x.name", PyObject_GetAttrString(x, "name"));
    R("x.name = 'z'", PyObject_SetAttrString(x, "name", Py_None) < 0 ? NULL : NEW(Py_None));
    RI("hash(x) == hash(x)", PyObject_Hash(x) == PyObject_Hash(x));
    R("PyContextVar_Get(5)", GETV(Py_None));
    R("PyContextVar_Set(5, 1)", PyContextVar_Set(Py_None, Py_None));
    RI("PyContextVar_Reset(x, 5)", PyContextVar_Reset(x, Py_None));
    RI("PyContextVar_Reset(5, x)", PyContextVar_Reset(Py_None, x));

    /* Tokens: reuse, wrong variable, wrong context. */
    PyObject *t1 = PyContextVar_Set(x, PyLong_FromLong(1));
    Py_DECREF(PyLong_FromLong(1));
    R("t1.old_value", PyObject_GetAttrString(t1, "old_value"));
    R("t1.var is x", PyBool_FromLong(PyObject_GetAttrString(t1, "var") == x));
    Py_DECREF(x);
    R("Token.MISSING", PyObject_GetAttrString(TokenType, "MISSING"));
    R("t1.old_value = 1", PyObject_SetAttrString(t1, "old_value", Py_None) < 0 ? NULL : NEW(Py_None));
    RI("hash(t1)", PyObject_Hash(t1));
    RI("y.reset(t1)", PyContextVar_Reset(y, t1));
    R("x after y.reset(t1)", GETV(x));
    PyObject *t2 = PyContextVar_Set(x, PyLong_FromLong(2));
    R("t2.old_value", PyObject_GetAttrString(t2, "old_value"));
    RI("x.reset(t1) (out of order)", PyContextVar_Reset(x, t1));
    R("x after reset(t1)", GETV(x));
    RI("x.reset(t1) again", PyContextVar_Reset(x, t1));
    RI("x.reset(t2) (old value 1)", PyContextVar_Reset(x, t2));
    R("x after reset(t2)", GETV(x));
    RI("x.reset(t2) again", PyContextVar_Reset(x, t2));
    {
        PyObject *ctx = PyContext_New();
        PyObject *t3 = PyContextVar_Set(x, PyLong_FromLong(3));
        R("ctx.run(x.reset, t3) (token of another context)", CM(ctx, "run", "(NO)", PyObject_GetAttrString(x, "reset"), t3));
        R("x unchanged", GETV(x));
        R("t3 still usable", CM(x, "reset", "(O)", t3));
        R("x after reset(t3)", GETV(x));
        PyObject *t4 = CM(ctx, "run", "(NO)", PyObject_GetAttrString(x, "set"), PyLong_FromLong(4));
        R("ctx.run(x.set, 4) gives a token", NEW(Py_TYPE(t4) == (PyTypeObject *)TokenType ? Py_True : Py_False));
        R("x outside ctx", GETV(x));
        R("ctx[x]", PyObject_GetItem(ctx, x));
        RI("x.reset(t4) outside ctx", PyContextVar_Reset(x, t4));
        R("ctx.run(x.reset, t4)", CM(ctx, "run", "(NO)", PyObject_GetAttrString(x, "reset"), t4));
        RI("x in ctx", PySequence_Contains(ctx, x));
        R("ctx.run(x.reset, t4) again", CM(ctx, "run", "(NO)", PyObject_GetAttrString(x, "reset"), t4));
        Py_XDECREF(t4);
        Py_DECREF(t3);

        /* Mapping with hostile keys. */
        R("ctx[1]", PyObject_GetItem(ctx, PyLong_FromLong(1)));
        R("ctx[x] (unset)", PyObject_GetItem(ctx, x));
        R("ctx.get(1)", CM(ctx, "get", "(i)", 1));
        R("ctx.get(x)", CM(ctx, "get", "(O)", x));
        R("ctx.get(x, 5)", CM(ctx, "get", "(Oi)", x, 5));
        R("ctx.get(x, default=5)", PyObject_Call(PyObject_GetAttrString(ctx, "get"), Py_BuildValue("(O)", x), Py_BuildValue("{si}", "default", 5)));
        R("ctx.get()", CM(ctx, "get", "()"));
        RI("1 in ctx", PySequence_Contains(ctx, PyLong_FromLong(1)));
        RI("len(ctx)", PyObject_Length(ctx));
        RI("hash(ctx)", PyObject_Hash(ctx));
        R("ctx == 1", PyObject_RichCompare(ctx, PyLong_FromLong(1), Py_EQ));
        R("ctx < ctx", PyObject_RichCompare(ctx, ctx, Py_LT));
        R("ctx == Context()", PyObject_RichCompare(ctx, PyContext_New(), Py_EQ));
        RI("ctx[x] = 1", PyObject_SetItem(ctx, x, PyLong_FromLong(1)));
        RI("del ctx[x]", PyObject_DelItem(ctx, x));
        R("ctx.keys()", CM(ctx, "keys", "()"));
        R("ctx.copy(1)", CM(ctx, "copy", "(i)", 1));

        /* Iteration while the context changes underneath. */
        PyObject *tt = CM(ctx, "run", "(NO)", PyObject_GetAttrString(x, "set"), PyLong_FromLong(7));
        Py_XDECREF(tt);
        PyObject *it = PyObject_GetIter(ctx);
        tt = CM(ctx, "run", "(NO)", PyObject_GetAttrString(y, "set"), PyLong_FromLong(8));
        Py_XDECREF(tt);
        R("next(it) after a set in ctx", PyIter_Next(it));
        R("next(it) again", PyIter_Next(it));
        RI("len(ctx) now", PyObject_Length(ctx));
        Py_DECREF(it);

        /* Re-entrancy. */
        R("ctx.run(ctx.run, len, ())", CM(ctx, "run", "(NNN)", PyObject_GetAttrString(ctx, "run"), PyObject_GetAttrString(ctx, "run"), Py_BuildValue("()")));
        R("ctx.run(apply, ctx.run, len, ())", CM(ctx, "run", "(NNON)", FN(0), PyObject_GetAttrString(ctx, "run"), (PyObject *)&PyTuple_Type, Py_BuildValue("()")));
        PyObject *ctx2 = PyContext_New();
        R("ctx.run(ctx2.run, ctx.run, len, ())", CM(ctx, "run", "(NNNN)", PyObject_GetAttrString(ctx2, "run"), PyObject_GetAttrString(ctx, "run"), PyObject_GetAttrString((PyObject *)&PyTuple_Type, "__len__"), Py_BuildValue("()")));
        R("ctx.run(ctx2.run, x.get, 0)", CM(ctx, "run", "(NNi)", PyObject_GetAttrString(ctx2, "run"), PyObject_GetAttrString(x, "get"), 0));
        R("ctx.run(set_then_raise, x)", CM(ctx, "run", "(NO)", FN(1), x));
        R("ctx[x] after the raise", PyObject_GetItem(ctx, x));
        R("x outside after the raise", GETV(x));
        R("ctx.run(enter_exit, ctx)", CM(ctx, "run", "(NO)", FN(2), ctx));
        R("ctx.run(enter_exit, ctx2)", CM(ctx, "run", "(NO)", FN(2), ctx2));
        R("ctx.run(exit_only, ctx2)", CM(ctx, "run", "(NO)", FN(3), ctx2));
        R("ctx.run()", CM(ctx, "run", "()"));
        R("ctx.run(5)", CM(ctx, "run", "(i)", 5));
        R("ctx.run(x.get, 1, 2)", CM(ctx, "run", "(Nii)", PyObject_GetAttrString(x, "get"), 1, 2));
        R("ctx.run(dict, a=1)", PyObject_Call(PyObject_GetAttrString(ctx, "run"), Py_BuildValue("(O)", &PyDict_Type), Py_BuildValue("{si}", "a", 1)));
        R("ctx.run(func=dict)", PyObject_Call(PyObject_GetAttrString(ctx, "run"), Py_BuildValue("()"), Py_BuildValue("{sO}", "func", &PyDict_Type)));

        /* The C API out of order. */
        RI("PyContext_Exit(ctx) (not entered)", PyContext_Exit(ctx));
        RI("PyContext_Enter(ctx)", PyContext_Enter(ctx));
        RI("PyContext_Enter(ctx) again", PyContext_Enter(ctx));
        R("ctx.run(len, ()) while entered", CM(ctx, "run", "(ON)", (PyObject *)&PyTuple_Type, Py_BuildValue("()")));
        RI("PyContext_Enter(ctx2)", PyContext_Enter(ctx2));
        RI("PyContext_Exit(ctx) (not current)", PyContext_Exit(ctx));
        RI("PyContext_Exit(ctx2)", PyContext_Exit(ctx2));
        RI("PyContext_Exit(ctx2) again", PyContext_Exit(ctx2));
        R("x inside ctx", GETV(x));
        RI("PyContext_Exit(ctx)", PyContext_Exit(ctx));
        R("x outside", GETV(x));
        RI("PyContext_Enter(x)", PyContext_Enter(x));
        RI("PyContext_Exit(x)", PyContext_Exit(x));
        R("PyContext_Copy(x)", PyContext_Copy(x));
        R("PyContext_Copy(ctx) == ctx", PyObject_RichCompare(PyContext_Copy(ctx), ctx, Py_EQ));
        Py_DECREF(ctx2);
        Py_DECREF(ctx);
    }
    R("copy_context(1)", PyObject_CallMethod(cv, "copy_context", "i", 1));
    Py_DECREF(t1);
    Py_DECREF(t2);
    Py_DECREF(x);
    Py_DECREF(y);
    return 0;
}
