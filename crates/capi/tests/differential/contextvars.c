/* Differential cases for context variables (PEP 567, cpython/context.h)
 * and the _contextvars / contextvars modules:
 *
 * - the types: names, reprs (addresses masked), not subclassable,
 *   unhashable Context and Token, Token() and Context(...) refused,
 *   ContextVar(...) argument errors, __class_getitem__, Token.MISSING;
 * - the C API: PyContextVar_New / Get / Set / Reset, PyContext_New /
 *   Copy / CopyCurrent / Enter / Exit, with every error path (wrong types,
 *   token used twice, token of another variable or another context,
 *   entering twice, exiting what is not entered or not current);
 * - the methods through PyObject_Call*: Context.run (arguments, keywords,
 *   errors, nesting, exit on exception), copy, get, [], in, len, iter,
 *   keys / values / items, ==; ContextVar.get / set / reset; Token.var /
 *   old_value; copy_context();
 * - copies isolated from later sets, and reference counts of values
 *   stored, replaced, reset and released with their context;
 * - PyObject_GetItem on a type calls its __class_getitem__ (PEP 560:
 *   ContextVar[int], list[int], type[int]; str[int] fails).
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

/* obj.name(*args, **kwargs); `args` (a tuple) and `kwargs` (NULL or a
   dict) are stolen. */
static PyObject *meth(PyObject *obj, const char *name, PyObject *args, PyObject *kwargs)
{
    PyObject *f = PyObject_GetAttrString(obj, name);
    PyObject *r = NULL;
    if (f != NULL && args != NULL)
        r = PyObject_Call(f, args, kwargs);
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

/* callable(*args, **kwargs), both stolen. */
static PyObject *call(PyObject *callable, PyObject *args, PyObject *kwargs)
{
    PyObject *r = args ? PyObject_Call(callable, args, kwargs) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *attr(PyObject *obj, const char *name)
{
    return PyObject_GetAttrString(obj, name);
}

/* The sorted list of what `iterable` yields. */
static PyObject *sorted(PyObject *iterable)
{
    PyObject *l = PySequence_List(iterable);
    Py_DECREF(iterable);
    if (l != NULL && PyList_Sort(l) < 0)
        Py_CLEAR(l);
    return l;
}

static PyObject *long_or_null(Py_ssize_t n)
{
    return n == -1 && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(n);
}

/* ------------------------------------------------------------------ */
/* C functions that Context.run calls                                 */

/* var.get() in the current context, or the string "unset". */
static PyObject *f_get(PyObject *self, PyObject *var)
{
    (void)self;
    PyObject *v = NULL;
    if (PyContextVar_Get(var, NULL, &v) < 0)
        return NULL;
    return v ? v : PyUnicode_FromString("unset");
}

/* (var, value): var.set(value) through the C API; the token. */
static PyObject *f_set(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *var, *value;
    if (!PyArg_ParseTuple(args, "OO", &var, &value))
        return NULL;
    return PyContextVar_Set(var, value);
}

/* (args, kwargs) as received. */
static PyObject *f_echo(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    return Py_BuildValue("(OO)", args, kwargs ? kwargs : Py_None);
}

static PyObject *f_boom(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    PyErr_SetString(PyExc_ValueError, "boom");
    return NULL;
}

/* (ctx, callable, arg): ctx.run(callable, arg), from inside a run. */
static PyObject *f_run(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *ctx, *callable, *arg;
    if (!PyArg_ParseTuple(args, "OOO", &ctx, &callable, &arg))
        return NULL;
    return meth(ctx, "run", Py_BuildValue("(OO)", callable, arg), NULL);
}

/* (var, token): var.reset(token) through the C API; None. */
static PyObject *f_reset(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *var, *token;
    if (!PyArg_ParseTuple(args, "OO", &var, &token))
        return NULL;
    if (PyContextVar_Reset(var, token) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* ------------------------------------------------------------------ */
/* Another thread: its own, empty context                             */

static PyObject *thread_var;
static PyThread_type_lock thread_done;
static char thread_out[256];

static void thread_main(void *arg)
{
    (void)arg;
    PyGILState_STATE st = PyGILState_Ensure();
    PyObject *v = NULL;
    int r = PyContextVar_Get(thread_var, NULL, &v);
    PyObject *c = PyContext_CopyCurrent();
    PyObject *tok = PyContextVar_Set(thread_var, Py_True);
    PyObject *w = NULL;
    int r2 = PyContextVar_Get(thread_var, NULL, &w);
    snprintf(thread_out, sizeof thread_out, "get=%d %s copy_len=%zd set=%d get=%d %s", r,
             v == NULL ? "unset" : "set", c ? PyObject_Length(c) : (Py_ssize_t)-1, tok != NULL, r2,
             w == Py_True ? "True" : "other");
    Py_XDECREF(v);
    Py_XDECREF(w);
    Py_XDECREF(c);
    Py_XDECREF(tok);
    PyGILState_Release(st);
    PyThread_release_lock(thread_done);
}

static PyMethodDef defs[] = {
    {"f_get", f_get, METH_O, NULL},
    {"f_set", f_set, METH_VARARGS, NULL},
    {"f_echo", (PyCFunction)(void (*)(void))f_echo, METH_VARARGS | METH_KEYWORDS, NULL},
    {"f_boom", f_boom, METH_VARARGS, NULL},
    {"f_run", f_run, METH_VARARGS, NULL},
    {"f_reset", f_reset, METH_VARARGS, NULL},
};

/* ------------------------------------------------------------------ */

int main(void)
{
    Py_Initialize();
    PyObject *get = PyCFunction_New(&defs[0], NULL);
    PyObject *set = PyCFunction_New(&defs[1], NULL);
    PyObject *echo = PyCFunction_New(&defs[2], NULL);
    PyObject *boom = PyCFunction_New(&defs[3], NULL);
    PyObject *run = PyCFunction_New(&defs[4], NULL);
    PyObject *reset = PyCFunction_New(&defs[5], NULL);
    PyObject *Context = (PyObject *)&PyContext_Type;
    PyObject *ContextVar = (PyObject *)&PyContextVar_Type;
    PyObject *Token = (PyObject *)&PyContextToken_Type;
    PyObject *one = PyLong_FromLong(1);
    PyObject *v1 = PyUnicode_FromString("value one");
    PyObject *v2 = PyUnicode_FromString("value two");
    PyObject *dflt = PyUnicode_FromString("the default");

    /* ---------------- modules and types ---------------- */
    PyObject *cmod = PyImport_ImportModule("_contextvars");
    PyObject *pmod = PyImport_ImportModule("contextvars");

    CASE_OBJ("repr(Context)", PyObject_Repr(Context));
    CASE_OBJ("repr(ContextVar)", PyObject_Repr(ContextVar));
    CASE_OBJ("repr(Token)", PyObject_Repr(Token));
    CASE_OBJ("Context.__module__", attr(Context, "__module__"));
    CASE_OBJ("Token.__name__", attr(Token, "__name__"));
    CASE_OBJ("_contextvars.__name__", cmod ? attr(cmod, "__name__") : NULL);
    CASE_OBJ("_contextvars.__doc__", cmod ? attr(cmod, "__doc__") : NULL);

    begin("_contextvars exports the types");
    if (cmod) {
        PyObject *c = attr(cmod, "Context"), *v = attr(cmod, "ContextVar"), *t = attr(cmod, "Token");
        put("%d %d %d", c == Context, v == ContextVar, t == Token);
        Py_XDECREF(c);
        Py_XDECREF(v);
        Py_XDECREF(t);
    }
    end();

    CASE_OBJ("repr(_contextvars.copy_context)", cmod ? PyObject_Repr(attr(cmod, "copy_context")) : NULL);
    CASE_OBJ("contextvars.__all__", pmod ? attr(pmod, "__all__") : NULL);

    begin("contextvars re-exports _contextvars");
    if (pmod && cmod) {
        int same = 1;
        const char *names[] = {"Context", "ContextVar", "Token", "copy_context"};
        for (int i = 0; i < 4; i++) {
            PyObject *a = attr(pmod, names[i]), *b = attr(cmod, names[i]);
            same &= a != NULL && a == b;
            Py_XDECREF(a);
            Py_XDECREF(b);
        }
        put("same=%d", same);
    }
    end();

    CASE_OBJ("class X(Context)",
             call((PyObject *)&PyType_Type, Py_BuildValue("(s(O){})", "X", Context), NULL));
    CASE_OBJ("class X(ContextVar)",
             call((PyObject *)&PyType_Type, Py_BuildValue("(s(O){})", "X", ContextVar), NULL));
    CASE_OBJ("class X(Token)",
             call((PyObject *)&PyType_Type, Py_BuildValue("(s(O){})", "X", Token), NULL));
    CASE_OBJ("Token()", call(Token, PyTuple_New(0), NULL));
    CASE_OBJ("Context(1)", call(Context, Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("Context(a=1)", call(Context, PyTuple_New(0), Py_BuildValue("{s:i}", "a", 1)));
    CASE_OBJ("Context()", call(Context, PyTuple_New(0), NULL));
    CASE_OBJ("ContextVar()", call(ContextVar, PyTuple_New(0), NULL));
    CASE_OBJ("ContextVar(1)", call(ContextVar, Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("ContextVar(b'x')", call(ContextVar, Py_BuildValue("(y)", "x"), NULL));
    CASE_OBJ("ContextVar('a', 1)", call(ContextVar, Py_BuildValue("(si)", "a", 1), NULL));
    CASE_OBJ("ContextVar('a', foo=1)",
             call(ContextVar, Py_BuildValue("(s)", "a"), Py_BuildValue("{s:i}", "foo", 1)));
    CASE_OBJ("ContextVar(name='a')",
             call(ContextVar, PyTuple_New(0), Py_BuildValue("{s:s}", "name", "a")));
    CASE_OBJ("ContextVar('a', default=1, foo=2)",
             call(ContextVar, Py_BuildValue("(s)", "a"), Py_BuildValue("{s:i,s:i}", "default", 1, "foo", 2)));
    CASE_OBJ("ContextVar('a', default=[1])",
             call(ContextVar, Py_BuildValue("(s)", "a"), Py_BuildValue("{s:[i]}", "default", 1)));
    CASE_OBJ("ContextVar('a', default=None)",
             call(ContextVar, Py_BuildValue("(s)", "a"), Py_BuildValue("{s:O}", "default", Py_None)));
    CASE_OBJ("ContextVar[int]", PyObject_GetItem(ContextVar, (PyObject *)&PyLong_Type));
    CASE_OBJ("Token[str]", PyObject_GetItem(Token, (PyObject *)&PyUnicode_Type));
    CASE_OBJ("Context[int]", PyObject_GetItem(Context, (PyObject *)&PyLong_Type));
    CASE_OBJ("Token.MISSING", attr(Token, "MISSING"));
    CASE_OBJ("type(Token.MISSING)", PyObject_Repr(PyObject_Type(attr(Token, "MISSING"))));
    CASE_OBJ("type(Token.MISSING)()", call(PyObject_Type(attr(Token, "MISSING")), PyTuple_New(0), NULL));
    CASE_OBJ("hash(Context())", long_or_null(PyObject_Hash(PyContext_New())));
    CASE_OBJ("Context.__hash__", attr(Context, "__hash__"));

    /* ---------------- PyContextVar_New / Get ---------------- */
    PyObject *x = PyContextVar_New("x", NULL);
    PyObject *y = PyContextVar_New("y", dflt);
    CASE_OBJ("repr(PyContextVar_New('x', NULL))", PyObject_Repr(x));
    CASE_OBJ("repr(PyContextVar_New('y', default))", PyObject_Repr(y));
    CASE_OBJ("PyContextVar_New('\\xff')", PyContextVar_New("\xff", NULL));
    CASE_OBJ("x.name", attr(x, "name"));

    begin("PyContextVar_CheckExact etc.");
    put("%d %d %d %d", PyContextVar_CheckExact(x), PyContext_CheckExact(x),
        PyContextToken_CheckExact(x), PyContextVar_CheckExact(one));
    end();

    CASE_INT("x.name = 'z'", PyObject_SetAttrString(x, "name", one));
    CASE_INT("del x.name", PyObject_SetAttrString(x, "name", NULL));

    begin("hash(x) is stable and not -1");
    {
        Py_hash_t h1 = PyObject_Hash(x), h2 = PyObject_Hash(x);
        put("%d %d", h1 == h2, h1 != -1);
    }
    end();

    begin("x == x, x != y (identity)");
    put("%d %d", PyObject_RichCompareBool(x, x, Py_EQ), PyObject_RichCompareBool(x, y, Py_NE));
    end();

    begin("PyContextVar_Get(unset x, NULL)");
    {
        PyObject *v = (PyObject *)1;
        int r = PyContextVar_Get(x, NULL, &v);
        put("%d %s", r, v == NULL ? "NULL" : "object");
    }
    end();

    begin("PyContextVar_Get(unset x, default) is a new reference");
    watch(dflt);
    {
        PyObject *v = NULL;
        int r = PyContextVar_Get(x, dflt, &v);
        put("%d same=%d", r, v == dflt);
        end();
        Py_XDECREF(v);
    }

    begin("PyContextVar_Get(unset y, NULL) gives y's default");
    watch(dflt);
    {
        PyObject *v = NULL;
        int r = PyContextVar_Get(y, NULL, &v);
        put("%d same=%d", r, v == dflt);
        Py_XDECREF(v);
    }
    end();

    begin("PyContextVar_Get(unset y, one) prefers the argument");
    {
        PyObject *v = NULL;
        int r = PyContextVar_Get(y, one, &v);
        put("%d same=%d", r, v == one);
        Py_XDECREF(v);
    }
    end();

    begin("PyContextVar_Get(int)");
    {
        PyObject *v = (PyObject *)1;
        int_result(PyContextVar_Get(one, NULL, &v));
        put(" value untouched=%d", v == (PyObject *)1);
    }
    end();

    CASE_OBJ("PyContextVar_Set(int, v1)", PyContextVar_Set(one, v1));
    CASE_INT("PyContextVar_Reset(int, x)", PyContextVar_Reset(one, x));
    CASE_INT("PyContextVar_Reset(x, int)", PyContextVar_Reset(x, one));
    CASE_OBJ("x.get()", meth(x, "get", PyTuple_New(0), NULL));
    CASE_OBJ("x.get(1)", meth(x, "get", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("x.get(1, 2)", meth(x, "get", Py_BuildValue("(ii)", 1, 2), NULL));
    CASE_OBJ("x.get(default=1)", meth(x, "get", PyTuple_New(0), Py_BuildValue("{s:i}", "default", 1)));
    CASE_OBJ("y.get()", meth(y, "get", PyTuple_New(0), NULL));

    /* ---------------- PyContextVar_Set / Reset ---------------- */
    PyObject *t1 = NULL, *t2 = NULL;
    begin("t1 = PyContextVar_Set(x, v1): the context holds v1");
    watch(v1);
    t1 = PyContextVar_Set(x, v1);
    put_repr(t1);
    end();

    CASE_OBJ("PyContextToken_CheckExact(t1)", PyBool_FromLong(PyContextToken_CheckExact(t1)));
    begin("t1.var is x");
    {
        PyObject *v = t1 ? attr(t1, "var") : NULL;
        put("%d", v == x);
        Py_XDECREF(v);
    }
    end();
    CASE_OBJ("t1.old_value", attr(t1, "old_value"));
    CASE_OBJ("t1.old_value is Token.MISSING",
             PyBool_FromLong(PyObject_RichCompareBool(attr(t1, "old_value"), attr(Token, "MISSING"), Py_EQ)));
    CASE_INT("t1.var = 1", PyObject_SetAttrString(t1, "var", one));
    CASE_OBJ("hash(t1)", long_or_null(PyObject_Hash(t1)));

    begin("PyContextVar_Get(x) after the set");
    watch(v1);
    {
        PyObject *v = NULL;
        int r = PyContextVar_Get(x, dflt, &v);
        put("%d same=%d", r, v == v1);
        Py_XDECREF(v);
    }
    end();

    CASE_OBJ("x.get() after the set", meth(x, "get", PyTuple_New(0), NULL));

    begin("t2 = x.set(v2): v1 moves from the context to t2");
    watch(v1);
    watch(v2);
    t2 = meth(x, "set", Py_BuildValue("(O)", v2), NULL);
    put_repr(t2);
    end();

    CASE_OBJ("t2.old_value", attr(t2, "old_value"));
    CASE_OBJ("x.set()", meth(x, "set", PyTuple_New(0), NULL));
    CASE_OBJ("x.set(1, 2)", meth(x, "set", Py_BuildValue("(ii)", 1, 2), NULL));
    CASE_OBJ("x.reset(1)", meth(x, "reset", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("x.reset()", meth(x, "reset", PyTuple_New(0), NULL));
    CASE_OBJ("y.reset(t2): another variable's token", meth(y, "reset", Py_BuildValue("(O)", t2), NULL));
    CASE_INT("PyContextVar_Reset(y, t2)", PyContextVar_Reset(y, t2));

    begin("x.reset(t2): back to v1, v2 released");
    watch(v1);
    watch(v2);
    obj_result(meth(x, "reset", Py_BuildValue("(O)", t2), NULL));
    end();

    CASE_OBJ("repr(t2) once used", PyObject_Repr(t2));
    CASE_OBJ("x.reset(t2) again", meth(x, "reset", Py_BuildValue("(O)", t2), NULL));
    CASE_INT("PyContextVar_Reset(x, t2) again", PyContextVar_Reset(x, t2));
    CASE_OBJ("x.get() after reset(t2)", meth(x, "get", PyTuple_New(0), NULL));

    begin("PyContextVar_Reset(x, t1): unset again, v1 released");
    watch(v1);
    int_result(PyContextVar_Reset(x, t1));
    end();

    CASE_OBJ("x.get() after reset(t1)", meth(x, "get", PyTuple_New(0), NULL));
    CASE_OBJ("x.get('d') after reset(t1)", meth(x, "get", Py_BuildValue("(s)", "d"), NULL));
    Py_CLEAR(t1);
    Py_CLEAR(t2);

    /* ---------------- contexts: the C API ---------------- */
    PyObject *ctx = PyContext_New();
    CASE_OBJ("repr(PyContext_New())", PyObject_Repr(ctx));
    CASE_OBJ("len(new context)", long_or_null(PyObject_Length(ctx)));
    CASE_OBJ("PyContext_Copy(int)", PyContext_Copy(one));
    CASE_INT("PyContext_Enter(int)", PyContext_Enter(one));
    CASE_INT("PyContext_Exit(int)", PyContext_Exit(one));
    CASE_INT("PyContext_Exit(not entered)", PyContext_Exit(ctx));

    begin("set x=v1 in the current context, then copy it");
    PyObject *tok = PyContextVar_Set(x, v1);
    PyObject *snap = PyContext_CopyCurrent();
    put("%d %d", tok != NULL, snap != NULL && PyContext_CheckExact(snap));
    end();

    CASE_OBJ("snap[x]", PyObject_GetItem(snap, x));
    CASE_OBJ("x.set(v2) after the copy", meth(x, "set", Py_BuildValue("(O)", v2), NULL));
    CASE_OBJ("snap[x] still v1", PyObject_GetItem(snap, x));
    CASE_OBJ("x.get() now v2", meth(x, "get", PyTuple_New(0), NULL));
    CASE_OBJ("x.reset(tok): made in this context",
             meth(x, "reset", Py_BuildValue("(O)", tok), NULL));
    Py_CLEAR(tok);

    CASE_INT("PyContext_Enter(ctx)", PyContext_Enter(ctx));
    CASE_OBJ("x.get('unset') inside ctx", meth(x, "get", Py_BuildValue("(s)", "unset"), NULL));
    CASE_INT("PyContext_Enter(ctx) again", PyContext_Enter(ctx));

    begin("set x=v2 inside ctx");
    tok = PyContextVar_Set(x, v2);
    put("%d", tok != NULL);
    end();

    PyObject *other = PyContext_New();
    CASE_INT("PyContext_Enter(other) inside ctx", PyContext_Enter(other));
    CASE_OBJ("x.get('unset') inside other", meth(x, "get", Py_BuildValue("(s)", "unset"), NULL));
    CASE_INT("PyContext_Exit(ctx) while other is current", PyContext_Exit(ctx));
    CASE_OBJ("x.reset(tok) in other: another context", meth(x, "reset", Py_BuildValue("(O)", tok), NULL));
    CASE_INT("PyContext_Exit(other)", PyContext_Exit(other));
    CASE_INT("PyContext_Exit(other) again", PyContext_Exit(other));
    CASE_OBJ("x.get() back in ctx", meth(x, "get", PyTuple_New(0), NULL));
    CASE_INT("PyContext_Exit(ctx)", PyContext_Exit(ctx));
    CASE_OBJ("x.get('unset') outside ctx", meth(x, "get", Py_BuildValue("(s)", "unset"), NULL));
    CASE_OBJ("ctx[x]", PyObject_GetItem(ctx, x));
    CASE_OBJ("x.reset(tok) outside ctx", meth(x, "reset", Py_BuildValue("(O)", tok), NULL));
    CASE_OBJ("ctx.run(f_reset, x, tok) resets it", meth(ctx, "run", Py_BuildValue("(OOO)", reset, x, tok), NULL));
    CASE_OBJ("ctx.run(f_reset, x, tok) again", meth(ctx, "run", Py_BuildValue("(OOO)", reset, x, tok), NULL));
    CASE_OBJ("len(ctx) after the reset", long_or_null(PyObject_Length(ctx)));
    Py_CLEAR(tok);
    Py_CLEAR(other);

    /* ---------------- Context.run ---------------- */
    CASE_OBJ("ctx.run()", meth(ctx, "run", PyTuple_New(0), NULL));
    CASE_OBJ("ctx.run(1)", meth(ctx, "run", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("ctx.run(f_echo, 1, 2, k=3)",
             meth(ctx, "run", Py_BuildValue("(Oii)", echo, 1, 2), Py_BuildValue("{s:i}", "k", 3)));
    CASE_OBJ("ctx.run(f_boom)", meth(ctx, "run", Py_BuildValue("(O)", boom), NULL));
    CASE_OBJ("ctx.run(f_get, x) after the failure", meth(ctx, "run", Py_BuildValue("(OO)", get, x), NULL));
    CASE_OBJ("ctx.run(f_run, ctx, f_get, x): nested",
             meth(ctx, "run", Py_BuildValue("(OOOO)", run, ctx, get, x), NULL));

    begin("ctx.run(f_set, x, v1): the set stays in ctx");
    watch(v1);
    {
        PyObject *r = meth(ctx, "run", Py_BuildValue("(OOO)", set, x, v1), NULL);
        put("token=%d", r != NULL && PyContextToken_CheckExact(r));
        Py_XDECREF(r);
    }
    end();

    CASE_OBJ("ctx.run(f_get, x)", meth(ctx, "run", Py_BuildValue("(OO)", get, x), NULL));
    CASE_OBJ("f_get(x) outside", PyObject_CallOneArg(get, x));

    other = PyContext_New();
    CASE_OBJ("ctx.run(f_run, other, f_get, x): another context nested",
             meth(ctx, "run", Py_BuildValue("(OOOO)", run, other, get, x), NULL));
    CASE_OBJ("Context.run(1, f_get)",
             call(attr(Context, "run"), Py_BuildValue("(iO)", 1, get), NULL));

    /* ---------------- mapping methods ---------------- */
    CASE_OBJ("ctx[x]", PyObject_GetItem(ctx, x));
    CASE_OBJ("ctx[y] (unset)", PyObject_GetItem(ctx, y));
    CASE_OBJ("ctx[1]", PyObject_GetItem(ctx, one));
    CASE_INT("x in ctx", PySequence_Contains(ctx, x));
    CASE_INT("y in ctx", PySequence_Contains(ctx, y));
    CASE_INT("1 in ctx", PySequence_Contains(ctx, one));
    CASE_OBJ("ctx.get(x)", meth(ctx, "get", Py_BuildValue("(O)", x), NULL));
    CASE_OBJ("ctx.get(y)", meth(ctx, "get", Py_BuildValue("(O)", y), NULL));
    CASE_OBJ("ctx.get(y, 5)", meth(ctx, "get", Py_BuildValue("(Oi)", y, 5), NULL));
    CASE_OBJ("ctx.get()", meth(ctx, "get", PyTuple_New(0), NULL));
    CASE_OBJ("ctx.get(1)", meth(ctx, "get", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("ctx.get(x, 1, 2)", meth(ctx, "get", Py_BuildValue("(Oii)", x, 1, 2), NULL));
    CASE_OBJ("ctx.get(x, default=1)",
             meth(ctx, "get", Py_BuildValue("(O)", x), Py_BuildValue("{s:i}", "default", 1)));
    CASE_OBJ("len(ctx)", long_or_null(PyObject_Length(ctx)));
    CASE_OBJ("list(ctx) == [x]",
             PyBool_FromLong(PyObject_RichCompareBool(PySequence_List(ctx), Py_BuildValue("[O]", x), Py_EQ)));
    CASE_OBJ("list(ctx.values())", PySequence_List(meth(ctx, "values", PyTuple_New(0), NULL)));
    CASE_OBJ("len(list(ctx.items()))", long_or_null(PyObject_Length(PySequence_List(meth(ctx, "items", PyTuple_New(0), NULL)))));

    begin("ctx.items() yields (x, v1)");
    {
        PyObject *l = PySequence_List(meth(ctx, "items", PyTuple_New(0), NULL));
        PyObject *item = l && PyList_GET_SIZE(l) == 1 ? PyList_GET_ITEM(l, 0) : NULL;
        put("%d", item != NULL && PyTuple_Check(item) && PyTuple_GET_ITEM(item, 0) == x &&
                      PyTuple_GET_ITEM(item, 1) == v1);
        Py_XDECREF(l);
    }
    end();

    CASE_OBJ("ctx.keys(1)", meth(ctx, "keys", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("ctx.copy(1)", meth(ctx, "copy", Py_BuildValue("(i)", 1), NULL));

    begin("iter(ctx): type name, len before and after next, iter(it) is it");
    {
        PyObject *it = PyObject_GetIter(ctx);
        Py_ssize_t before = it ? PyObject_Length(it) : -2;
        PyObject *first = it ? PyIter_Next(it) : NULL;
        Py_ssize_t after = it ? PyObject_Length(it) : -2;
        PyObject *again = it ? PyObject_GetIter(it) : NULL;
        PyObject *second = it ? PyIter_Next(it) : NULL;
        put("%s %zd %zd first=%d self=%d end=%d", it ? Py_TYPE(it)->tp_name : "?", before, after,
            first == x, again == it, second == NULL && !PyErr_Occurred());
        Py_XDECREF(first);
        Py_XDECREF(again);
        Py_XDECREF(it);
    }
    end();

    begin("type names of keys() / values() / items()");
    {
        const char *names[] = {"keys", "values", "items"};
        for (int i = 0; i < 3; i++) {
            PyObject *it = meth(ctx, names[i], PyTuple_New(0), NULL);
            put("%s ", it ? Py_TYPE(it)->tp_name : "?");
            Py_XDECREF(it);
        }
    }
    end();

    /* two variables: order-independent views */
    PyObject *ctx2 = NULL;
    begin("ctx2 = ctx.copy() with y set too");
    ctx2 = meth(ctx, "copy", PyTuple_New(0), NULL);
    {
        PyObject *r = ctx2 ? meth(ctx2, "run", Py_BuildValue("(OOO)", set, y, v2), NULL) : NULL;
        put("%d", r != NULL);
        Py_XDECREF(r);
    }
    end();

    CASE_OBJ("len(ctx2)", long_or_null(PyObject_Length(ctx2)));
    CASE_OBJ("len(ctx) unchanged", long_or_null(PyObject_Length(ctx)));
    CASE_OBJ("sorted(ctx2.values())", sorted(meth(ctx2, "values", PyTuple_New(0), NULL)));
    CASE_OBJ("len(ctx2.keys())", long_or_null(PyObject_Length(meth(ctx2, "keys", PyTuple_New(0), NULL))));
    CASE_INT("y in ctx2", PySequence_Contains(ctx2, y));
    CASE_INT("y in ctx", PySequence_Contains(ctx, y));

    /* ---------------- equality ---------------- */
    CASE_OBJ("ctx == ctx", PyObject_RichCompare(ctx, ctx, Py_EQ));
    CASE_OBJ("ctx == ctx.copy()", PyObject_RichCompare(ctx, meth(ctx, "copy", PyTuple_New(0), NULL), Py_EQ));
    CASE_OBJ("ctx == ctx2", PyObject_RichCompare(ctx, ctx2, Py_EQ));
    CASE_OBJ("ctx != ctx2", PyObject_RichCompare(ctx, ctx2, Py_NE));
    CASE_OBJ("ctx == Context()", PyObject_RichCompare(ctx, other, Py_EQ));
    CASE_OBJ("Context() == Context()", PyObject_RichCompare(other, PyContext_New(), Py_EQ));
    CASE_OBJ("ctx == 1", PyObject_RichCompare(ctx, one, Py_EQ));
    CASE_OBJ("ctx != 1", PyObject_RichCompare(ctx, one, Py_NE));
    CASE_OBJ("ctx < ctx", PyObject_RichCompare(ctx, ctx, Py_LT));
    CASE_OBJ("ctx.__eq__(1)", meth(ctx, "__eq__", Py_BuildValue("(i)", 1), NULL));

    begin("equal values in different contexts compare equal");
    {
        PyObject *a = PyContext_New(), *b = PyContext_New();
        PyObject *ra = meth(a, "run", Py_BuildValue("(OOi)", set, x, 1000), NULL);
        PyObject *rb = meth(b, "run", Py_BuildValue("(OOi)", set, x, 1000), NULL);
        put("%d ", PyObject_RichCompareBool(a, b, Py_EQ));
        PyObject *rc = meth(b, "run", Py_BuildValue("(OOi)", set, x, 1001), NULL);
        put("%d", PyObject_RichCompareBool(a, b, Py_EQ));
        Py_XDECREF(ra);
        Py_XDECREF(rb);
        Py_XDECREF(rc);
        Py_DECREF(a);
        Py_DECREF(b);
    }
    end();

    /* ---------------- copy_context ---------------- */
    PyObject *copy_context = cmod ? attr(cmod, "copy_context") : NULL;
    CASE_OBJ("copy_context(1)", copy_context ? call(copy_context, Py_BuildValue("(i)", 1), NULL) : NULL);

    begin("copy_context() in ctx.run sees ctx's x");
    {
        PyObject *c = ctx2 ? meth(ctx2, "run", Py_BuildValue("(O)", copy_context), NULL) : NULL;
        put("%d len=%zd ", c != NULL && PyContext_CheckExact(c), c ? PyObject_Length(c) : -1);
        PyObject *eq = c ? PyObject_RichCompare(c, ctx2, Py_EQ) : NULL;
        put_repr(eq);
        Py_XDECREF(eq);
        Py_XDECREF(c);
    }
    end();

    begin("PyContext_Copy(ctx2) is a new, equal context");
    {
        PyObject *c = PyContext_Copy(ctx2);
        put("new=%d eq=%d len=%zd", c != ctx2, PyObject_RichCompareBool(c, ctx2, Py_EQ), PyObject_Length(c));
        Py_XDECREF(c);
    }
    end();

    /* ---------------- reference counts ---------------- */
    begin("a context that goes releases its values");
    {
        PyObject *val = PyUnicode_FromString("held by a context");
        watch(val);
        PyObject *c = PyContext_New();
        PyObject *r = meth(c, "run", Py_BuildValue("(OOO)", set, x, val), NULL);
        put("set=%d ", r != NULL);
        Py_XDECREF(r);
        Py_DECREF(c);
        end();
        Py_DECREF(val);
    }

    begin("a token keeps the old value, its context and variable");
    {
        PyObject *val = PyUnicode_FromString("old value");
        PyObject *c = PyContext_New();
        PyObject *r1 = meth(c, "run", Py_BuildValue("(OOO)", set, x, val), NULL);
        watch(val);
        watch(c);
        watch(x);
        PyObject *r2 = meth(c, "run", Py_BuildValue("(OOO)", set, x, one), NULL);
        put("tokens=%d %d", r1 != NULL, r2 != NULL);
        end();
        begin("... and lets them go with it");
        watch(val);
        watch(c);
        watch(x);
        Py_XDECREF(r2);
        put("released");
        end();
        Py_XDECREF(r1);
        Py_DECREF(c);
        Py_DECREF(val);
    }

    begin("a variable holds its name and default");
    {
        PyObject *d = PyUnicode_FromString("dflt");
        watch(d);
        PyObject *v = PyContextVar_New("named", d);
        put("made=%d", v != NULL);
        end();
        begin("... and releases them");
        watch(d);
        Py_XDECREF(v);
        put("released");
        end();
        Py_DECREF(d);
    }

    begin("ctx.run returns the callable's result unchanged");
    watch(v1);
    {
        PyObject *r = meth(ctx, "run", Py_BuildValue("(OO)", get, x), NULL);
        put("same=%d", r == v1);
        Py_XDECREF(r);
    }
    end();

    begin("weakref to a context");
    {
        PyObject *c = PyContext_New();
        PyObject *w = PyWeakref_NewRef(c, NULL);
        put("%d ", w != NULL && PyWeakref_GetObject(w) == c);
        Py_DECREF(c);
        put("%d", w != NULL && PyWeakref_GetObject(w) == Py_None);
        Py_XDECREF(w);
    }
    end();

    begin("a new thread starts with an empty context of its own");
    {
        thread_var = x;
        thread_done = PyThread_allocate_lock();
        PyThread_acquire_lock(thread_done, WAIT_LOCK);
        PyObject *mine = NULL;
        PyObject *tok = PyContextVar_Set(x, v1);
        if (PyThread_start_new_thread(thread_main, NULL) != (unsigned long)-1) {
            Py_BEGIN_ALLOW_THREADS
            PyThread_acquire_lock(thread_done, WAIT_LOCK);
            Py_END_ALLOW_THREADS
            put("%s", thread_out);
        }
        PyContextVar_Get(x, NULL, &mine);
        put(" | main still %s", mine == v1 ? "v1" : "other");
        Py_XDECREF(mine);
        if (tok)
            PyContextVar_Reset(x, tok);
        Py_XDECREF(tok);
        PyThread_free_lock(thread_done);
    }
    end();

    /* docstrings and signatures */
    {
        struct { PyObject *owner; const char *name; } m[] = {
            {Context, "get"}, {Context, "items"}, {Context, "keys"}, {Context, "values"},
            {Context, "copy"}, {Context, "run"}, {ContextVar, "get"}, {ContextVar, "set"},
            {ContextVar, "reset"}, {ContextVar, "__class_getitem__"}, {Token, "__class_getitem__"},
            {copy_context, NULL},
        };
        for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
            char what[96];
            snprintf(what, sizeof what, "%s.__text_signature__ and len(__doc__)",
                     m[i].name ? m[i].name : "copy_context");
            begin(what);
            PyObject *f = m[i].name ? attr(m[i].owner, m[i].name) : (Py_XINCREF(m[i].owner), m[i].owner);
            PyObject *sig = f ? attr(f, "__text_signature__") : NULL;
            PyObject *d = f ? attr(f, "__doc__") : NULL;
            put_repr(sig);
            put(" %zd", d && d != Py_None ? PyObject_Length(d) : (Py_ssize_t)-1);
            Py_XDECREF(sig);
            Py_XDECREF(d);
            Py_XDECREF(f);
            end();
        }
    }
    CASE_OBJ("ContextVar.get.__doc__", attr(attr(ContextVar, "get"), "__doc__"));

    /* PyObject_GetItem on other types (PEP 560), as ContextVar[int] uses */
    CASE_OBJ("list[int]", PyObject_GetItem((PyObject *)&PyList_Type, (PyObject *)&PyLong_Type));
    CASE_OBJ("dict[str, int]",
             PyObject_GetItem((PyObject *)&PyDict_Type,
                              Py_BuildValue("(OO)", (PyObject *)&PyUnicode_Type, (PyObject *)&PyLong_Type)));
    CASE_OBJ("type[int]", PyObject_GetItem((PyObject *)&PyType_Type, (PyObject *)&PyLong_Type));
    CASE_OBJ("str[int]", PyObject_GetItem((PyObject *)&PyUnicode_Type, (PyObject *)&PyLong_Type));
    CASE_OBJ("int[1]", PyObject_GetItem((PyObject *)&PyLong_Type, one));

    Py_XDECREF(copy_context);
    Py_XDECREF(ctx2);
    Py_XDECREF(other);
    Py_XDECREF(snap);
    Py_XDECREF(ctx);
    Py_XDECREF(x);
    Py_XDECREF(y);
    Py_XDECREF(cmod);
    Py_XDECREF(pmod);
    Py_DECREF(one);
    Py_DECREF(v1);
    Py_DECREF(v2);
    Py_DECREF(dflt);
    Py_DECREF(get);
    Py_DECREF(set);
    Py_DECREF(echo);
    Py_DECREF(boom);
    Py_DECREF(run);
    Py_DECREF(reset);
    Py_Finalize();
    return 0;
}
