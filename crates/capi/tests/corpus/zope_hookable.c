/* zope.hookable 8.4's _zope_hookable: `hookable`, a heap type made by
 * PyType_FromSpec in a multi-phase module's exec slot (GC, BASETYPE), whose
 * instances wrap a callable: tp_init parses "O:hookable" with the keyword
 * `implementation`, tp_call forwards with PyObject_Call, `sethook` (METH_O)
 * and `reset` (METH_NOARGS) swap the implementation, `original` and
 * `implementation` are read-only T_OBJECT_EX members, and tp_getattro
 * passes `__doc__` through to the original and synthesizes `__bases__` and
 * `__dict__` when the original has none, before PyObject_GenericGetAttr.
 *
 * Vectors: src/zope/hookable/tests/test_hookable.py's HookableTests and
 * TestIssue6 (functions here are C functions, classes come from type()).
 */
#include "corpus.h"

static PyObject *hookable;

static PyObject *return_foo_impl(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return PyUnicode_FromString("FOO");
}

static PyObject *return_bar_impl(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return PyUnicode_FromString("BAR");
}

static PyObject *not_called_impl(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    PyErr_SetString(PyExc_AssertionError, "This should not be called");
    return NULL;
}

static PyObject *echo_impl(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    return Py_BuildValue("(OO)", args, kwargs ? kwargs : Py_None);
}

static PyMethodDef defs[] = {
    {"return_foo", return_foo_impl, METH_NOARGS, NULL},
    {"return_bar", return_bar_impl, METH_NOARGS, NULL},
    {"not_called", not_called_impl, METH_NOARGS, NULL},
    {"docs", return_foo_impl, METH_NOARGS, "I have some docs"},
    {"echo", (PyCFunction)(void (*)(void))echo_impl, METH_VARARGS | METH_KEYWORDS, NULL},
};

static PyObject *return_foo, *return_bar, *not_called, *docs_fn, *echo;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static PyObject *make_hooked(PyObject *impl)
{
    PyObject *h = PyObject_CallOneArg(hookable, impl);
    if (h == NULL)
        bail("hookable(...) failed");
    return h;
}

static int attr_is(PyObject *o, const char *name, PyObject *want)
{
    PyObject *a = PyObject_GetAttrString(o, name);
    int r = a == want;
    if (!r) {
        if (a == NULL)
            diag_exception();
        else
            diag("%s is not the expected object; ", name);
    }
    Py_XDECREF(a);
    return r;
}

/* A class made by type(name, (object,), {'__doc__': doc}). */
static PyObject *make_class(const char *name, const char *doc)
{
    PyObject *ns = doc ? Py_BuildValue("{s:s}", "__doc__", doc) : PyDict_New();
    PyObject *c = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O)O", name, &PyBaseObject_Type, ns);
    Py_DECREF(ns);
    if (c == NULL)
        bail("type(%s) failed", name);
    return c;
}

static void test_hook(void)
{
    PyObject *hooked = make_hooked(return_foo);
    expect_true(attr_is(hooked, "original", return_foo) && attr_is(hooked, "implementation", return_foo),
                "before hook: original and implementation");
    expect_str(call(hooked, NULL, "()"), "FOO", "before hook: hooked()");
    Py_DECREF(hooked);

    hooked = make_hooked(not_called);
    PyObject *old = PyObject_CallMethod(hooked, "sethook", "O", return_bar);
    expect_true(old == not_called, "after hook: sethook returns the old implementation");
    Py_XDECREF(old);
    expect_true(attr_is(hooked, "original", not_called) && attr_is(hooked, "implementation", return_bar),
                "after hook: original and implementation");
    expect_str(call(hooked, NULL, "()"), "BAR", "after hook: hooked()");
    Py_DECREF(hooked);

    hooked = make_hooked(return_foo);
    old = PyObject_CallMethod(hooked, "sethook", "O", not_called);
    expect_is(call_attr(hooked, "reset", NULL, "()"), Py_None, "reset()");
    expect_true(old == return_foo && attr_is(hooked, "original", return_foo)
                    && attr_is(hooked, "implementation", return_foo),
                "after hook and reset: original and implementation");
    Py_XDECREF(old);
    expect_str(call(hooked, NULL, "()"), "FOO", "after hook and reset: hooked()");
    record(call_attr(hooked, "reset", NULL, "(i)", 1), "reset(1)");
    record(call_attr(hooked, "sethook", NULL, "()"), "sethook()");
    Py_DECREF(hooked);

    hooked = make_hooked(not_called);
    int rc = PyObject_DelAttrString(hooked, "original");
    expect_true(rc < 0 && (PyErr_ExceptionMatches(PyExc_TypeError) || PyErr_ExceptionMatches(PyExc_AttributeError)),
                "del hooked.original raises");
    rec(rc < 0 ? NULL : Py_NewRef(Py_None), "... the error");
    rc = PyObject_DelAttrString(hooked, "implementation");
    expect_true(rc < 0 && (PyErr_ExceptionMatches(PyExc_TypeError) || PyErr_ExceptionMatches(PyExc_AttributeError)),
                "del hooked.implementation raises");
    rec(rc < 0 ? NULL : Py_NewRef(Py_None), "... the error");
    rc = PyObject_SetAttrString(hooked, "implementation", return_foo);
    rec(rc < 0 ? NULL : Py_NewRef(Py_None), "hooked.implementation = return_foo");
    rc = PyObject_SetAttrString(hooked, "other", return_foo);
    rec(rc < 0 ? NULL : Py_NewRef(Py_None), "hooked.other = return_foo");
    record(call(hooked, NULL, "()"), "hooked() calling not_called");
    Py_DECREF(hooked);

    record(call(hookable, NULL, "()"), "hookable()");
    record(call(hookable, NULL, "(OO)", not_called, not_called), "hookable(not_called, not_called)");
    /* (The instance keeps return_foo: no refcount baseline.) */
    PyObject *kw = Py_BuildValue("{s:O}", "implementation", return_foo), *empty = PyTuple_New(0);
    hooked = PyObject_Call(hookable, empty, kw);
    expect_true(hooked && attr_is(hooked, "original", return_foo) && attr_is(hooked, "implementation", return_foo),
                "hookable(implementation=return_foo): original and implementation");
    expect_str(hooked ? call(hooked, NULL, "()") : NULL, "FOO", "... hooked()");
    Py_XDECREF(hooked);
    Py_DECREF(kw);
    record(call(hookable, kw_dict("{s:i}", "nonesuch", 42), "()"), "hookable(nonesuch=42)");
    record(call(hookable, kw_dict("{s:O}", "implementation", return_foo), "(O)", return_bar),
           "hookable(return_bar, implementation=return_foo)");

    /* Arguments pass through. */
    hooked = make_hooked(echo);
    record(call(hooked, kw_dict("{s:i}", "k", 3), "(is)", 1, "two"), "hooked(1, 'two', k=3) -> echo");
    Py_DECREF(hooked);

    /* A class: hooked() instantiates it. */
    PyObject *C = make_class("C", NULL);
    hooked = make_hooked(C);
    PyObject *inst = PyObject_CallNoArgs(hooked);
    expect_true(inst && PyObject_TypeCheck(inst, (PyTypeObject *)C), "hookable(C)() is a C");
    Py_XDECREF(inst);
    Py_XDECREF(PyObject_CallMethod(hooked, "sethook", "O", return_bar));
    expect_str(call(hooked, NULL, "()"), "BAR", "... after sethook(return_bar)");
    Py_DECREF(hooked);
    Py_DECREF(C);
    Py_DECREF(empty);
}

static void test_issue6(void)
{
    PyObject *hooked = make_hooked(docs_fn);
    PyObject *d = PyObject_CallMethod(hooked, "__getattribute__", "s", "__doc__");
    expect_true(d && PyUnicode_Check(d) && strcmp(PyUnicode_AsUTF8(d), "I have some docs") == 0,
                "hookable(docs function).__getattribute__('__doc__')");
    Py_XDECREF(d);
    Py_DECREF(hooked);
    PyObject *Docs = make_class("Docs", "I have some docs");
    hooked = make_hooked(Docs);
    d = PyObject_GetAttrString(hooked, "__doc__");
    expect_true(d && PyUnicode_Check(d) && strcmp(PyUnicode_AsUTF8(d), "I have some docs") == 0,
                "hookable(Docs class).__doc__");
    Py_XDECREF(d);
    Py_DECREF(hooked);
    Py_DECREF(Docs);

    hooked = make_hooked(return_foo);
    PyObject *b = PyObject_GetAttrString(hooked, "__bases__");
    expect_true(b && PyTuple_CheckExact(b) && PyTuple_GET_SIZE(b) == 0, "hookable(function).__bases__ == ()");
    Py_XDECREF(b);
    d = PyObject_GetAttrString(hooked, "__dict__");
    expect_true(d && PyDict_CheckExact(d) && PyDict_GET_SIZE(d) == 0, "hookable(function).__dict__ == {}");
    Py_XDECREF(d);
    PyObject *name = PyLong_FromLong(42);
    rec(PyObject_GetAttr(hooked, name), "getattr(hooked, 42)");
    rec(PyObject_CallMethod(hooked, "__getattribute__", "O", name), "hooked.__getattribute__(42)");
    Py_DECREF(name);
    /* (CPython's type attribute cache keeps the names looked up through
       the original: no refcount baseline for these.) */
    b = PyObject_CallMethod(hooked, "__getattribute__", "s", "__bases__");
    expect_true(b && PyTuple_CheckExact(b) && PyTuple_GET_SIZE(b) == 0, "hooked.__getattribute__('__bases__') == ()");
    Py_XDECREF(b);
    rec(PyObject_CallMethod(hooked, "__getattribute__", "s", ""), "hooked.__getattribute__('')");
    rec(PyObject_CallMethod(hooked, "__getattribute__", "s", "_"), "hooked.__getattribute__('_')");
    rec(PyObject_CallMethod(hooked, "__getattribute__", "s", "__nonesuch__"), "hooked.__getattribute__('__nonesuch__')");
    rec(PyObject_GetAttrString(hooked, "nonesuch"), "hooked.nonesuch");
    rec(PyObject_GetAttrString(hooked, "__class__"), "hooked.__class__");
    Py_DECREF(hooked);

    PyObject *C = make_class("C", NULL);
    hooked = make_hooked(C);
    b = PyObject_GetAttrString(hooked, "__bases__");
    expect_true(b && PyTuple_GET_SIZE(b) == 1 && PyTuple_GET_ITEM(b, 0) == (PyObject *)&PyBaseObject_Type,
                "hookable(C).__bases__ == (object,)");
    Py_XDECREF(b);
    d = PyObject_GetAttrString(hooked, "__dict__");
    PyObject *cd = PyObject_GetAttrString(C, "__dict__");
    expect_true(d && cd && PyObject_RichCompareBool(d, cd, Py_EQ) == 1, "hookable(C).__dict__ == C.__dict__");
    Py_XDECREF(d);
    Py_XDECREF(cd);
    Py_DECREF(hooked);
    Py_DECREF(C);

    /* The type itself. */
    rec(PyObject_GetAttrString(hookable, "__name__"), "hookable.__name__");
    rec(PyObject_GetAttrString(hookable, "__module__"), "hookable.__module__");
    rec(PyObject_GetAttrString(hookable, "__doc__"), "hookable.__doc__");
    PyObject *sethook = PyObject_GetAttrString(hookable, "sethook");
    rec(sethook ? PyObject_GetAttrString(sethook, "__doc__") : NULL, "hookable.sethook.__doc__");
    Py_XDECREF(sethook);
    expect_true(PyType_HasFeature((PyTypeObject *)hookable, Py_TPFLAGS_HEAPTYPE)
                    && PyType_HasFeature((PyTypeObject *)hookable, Py_TPFLAGS_BASETYPE)
                    && PyType_HasFeature((PyTypeObject *)hookable, Py_TPFLAGS_HAVE_GC),
                "hookable is a GC heap base type");
    /* A subclass made by type() wraps too. */
    PyObject *Sub = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "Sub", hookable);
    PyObject *s = Sub ? PyObject_CallOneArg(Sub, return_foo) : NULL;
    expect_str(s ? call(s, NULL, "()") : NULL, "FOO", "type('Sub', (hookable,), {})(return_foo)()");
    Py_XDECREF(s);
    Py_XDECREF(Sub);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    rec(PyObject_GetAttrString(module, "__doc__"), "_zope_hookable.__doc__");
    hookable = attr(module, "hookable");
    PyObject **fns[] = {&return_foo, &return_bar, &not_called, &docs_fn, &echo};
    for (int i = 0; i < 5; i++)
        if ((*fns[i] = PyCFunction_New(&defs[i], NULL)) == NULL)
            bail("PyCFunction_New failed");
    test_hook();
    test_issue6();
    for (int i = 0; i < 5; i++)
        Py_DECREF(*fns[i]);
    Py_DECREF(hookable);
}

CORPUS_MAIN("_zope_hookable", run)
