/* Differential cases for the `copy` module as C code reaches it through
 * PyImport_ImportModule (Lib/copy.py): its names; copy() of the immutable
 * types (the object itself), of list/dict/set/bytearray (their copy()),
 * of types, of objects with __copy__, of objects reduced through
 * __reduce_ex__(4) (copyreg.__newobj__, state into __dict__ or through
 * __setstate__, (dict, slots) state, list and dict items) and of
 * reductions that are strings or malformed; deepcopy() of nested and
 * self-referencing containers, shared items, tuples that stay the same
 * object, bound methods, __deepcopy__ hooks, explicit memos (what they hold
 * after the copy) and deep reductions; the argument errors of both, as a
 * Python function's; un(shallow)copyable and un(deep)copyable objects.
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

static PyObject *copy_mod, *copy_fn, *deepcopy_fn;

/* `f(*args, **kw)` from a Py_BuildValue tuple format and a dict format
   (NULL: no keywords), built in one pass over the arguments. */
static PyObject *callf(PyObject *f, const char *argfmt, const char *kwfmt, ...)
{
    char fmt[200];
    snprintf(fmt, sizeof fmt, "(%s%s)", argfmt, kwfmt ? kwfmt : "O");
    va_list va;
    va_start(va, kwfmt);
    PyObject *both = kwfmt ? Py_VaBuildValue(fmt, va) : NULL;
    va_end(va);
    if (kwfmt == NULL) {
        snprintf(fmt, sizeof fmt, "%s", argfmt);
        va_start(va, kwfmt);
        PyObject *args = Py_VaBuildValue(fmt, va);
        va_end(va);
        PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
        Py_XDECREF(args);
        return r;
    }
    if (both == NULL)
        return NULL;
    PyObject *args = PyTuple_GetItem(both, 0);
    PyObject *kw = PyTuple_GetItem(both, 1);
    PyObject *r = PyObject_Call(f, args, kw);
    Py_DECREF(both);
    return r;
}

/* Shows `r` and whether it is `x` itself; an object whose repr holds its
   address is shown by its type alone. */
static void show_same(const char *what, PyObject *x, PyObject *r)
{
    char buf[300];
    snprintf(buf, sizeof buf, "%s (is x: %s)", what, r == NULL ? "-" : r == x ? "yes" : "no");
    if (r != NULL) {
        PyObject *text = PyObject_Repr(r);
        const char *t = text ? PyUnicode_AsUTF8(text) : NULL;
        if (t != NULL && strstr(t, " at 0x") != NULL) {
            Py_SETREF(r, PyUnicode_FromFormat("a %s", Py_TYPE(r)->tp_name));
        }
        Py_XDECREF(text);
        PyErr_Clear();
    }
    show(buf, r);
}

/* A class made by type(name, bases, dict). */
static PyObject *make_class(const char *name, PyObject *base, PyObject *dict)
{
    PyObject *bases = base ? PyTuple_Pack(1, base) : PyTuple_New(0);
    PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", name, bases, dict);
    Py_DECREF(bases);
    return cls;
}

/* ---- C functions used as hooks ------------------------------------- */

static PyObject *hook_copy(PyObject *self, PyObject *x)
{
    (void)self;
    return Py_BuildValue("(sO)", "copied by __copy__", x);
}

static PyObject *hook_deepcopy(PyObject *self, PyObject *args)
{
    /* bound through PyInstanceMethod: (obj, memo) */
    (void)self;
    PyObject *obj, *memo;
    if (!PyArg_ParseTuple(args, "OO", &obj, &memo))
        return NULL;
    return Py_BuildValue("(sOn)", "deep-copied by __deepcopy__", PyDict_Check(memo) ? Py_True : Py_False,
                         PyDict_Check(memo) ? PyDict_Size(memo) : -1);
}

static PyObject *reduce_result; /* what reduce_to() returns */

static PyObject *reduce_to(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    Py_INCREF(reduce_result);
    return reduce_result;
}

static PyObject *setstate_seen;

static PyObject *hook_setstate(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *obj, *state;
    if (!PyArg_ParseTuple(args, "OO", &obj, &state))
        return NULL;
    Py_XSETREF(setstate_seen, Py_BuildValue("(sO)", "setstate", state));
    return PyObject_SetAttrString(obj, "restored", state) < 0 ? NULL : Py_NewRef(Py_None);
}

static PyMethodDef hook_copy_def = {"hook_copy", hook_copy, METH_O, NULL};
static PyMethodDef hook_deepcopy_def = {"hook_deepcopy", hook_deepcopy, METH_VARARGS, NULL};
static PyMethodDef reduce_to_def = {"reduce_to", reduce_to, METH_VARARGS, NULL};
static PyMethodDef hook_setstate_def = {"hook_setstate", hook_setstate, METH_VARARGS, NULL};

/* A method: a C function bound like a Python function. */
static PyObject *method_of(PyMethodDef *def)
{
    PyObject *f = PyCFunction_New(def, NULL);
    PyObject *m = f ? PyInstanceMethod_New(f) : NULL;
    Py_XDECREF(f);
    return m;
}

/* ---- the cases ------------------------------------------------------ */

static void names(void)
{
    show("copy.__all__", PyObject_GetAttrString(copy_mod, "__all__"));
    PyObject *err = PyObject_GetAttrString(copy_mod, "Error");
    PyObject *alias = PyObject_GetAttrString(copy_mod, "error");
    show("copy.error is copy.Error", PyBool_FromLong(err != NULL && err == alias));
    show("copy.Error", err ? Py_NewRef(err) : NULL);
    show("copy.Error.__mro__", err ? PyObject_GetAttrString(err, "__mro__") : NULL);
    show("copy.Error.__doc__", err ? PyObject_GetAttrString(err, "__doc__") : NULL);
    Py_XDECREF(err);
    Py_XDECREF(alias);
    show("copy.copy.__doc__", PyObject_GetAttrString(copy_fn, "__doc__"));
    show("copy.deepcopy.__doc__", PyObject_GetAttrString(deepcopy_fn, "__doc__"));
    show("copy.copy.__name__", PyObject_GetAttrString(copy_fn, "__name__"));
    show("copy.copy.__module__", PyObject_GetAttrString(copy_fn, "__module__"));
    show("copy.__doc__", PyObject_GetAttrString(copy_mod, "__doc__"));
    show("copy.__name__", PyObject_GetAttrString(copy_mod, "__name__"));
    PyObject *again = PyImport_ImportModule("copy");
    show("importing again gives the same module", PyBool_FromLong(again == copy_mod));
    Py_XDECREF(again);
}

/* Objects of many kinds, made from C: what copy() and deepcopy() get. */
static PyObject *sample(int i, const char **name)
{
    PyObject *b = PyEval_GetBuiltins();
    switch (i) {
    case 0: *name = "None"; return Py_NewRef(Py_None);
    case 1: *name = "1"; return PyLong_FromLong(1);
    case 2: *name = "10**40"; return PyLong_FromString("10000000000000000000000000000000000000000", NULL, 10);
    case 3: *name = "1.5"; return PyFloat_FromDouble(1.5);
    case 4: *name = "True"; return Py_NewRef(Py_True);
    case 5: *name = "1j"; return PyComplex_FromDoubles(0, 1);
    case 6: *name = "'str'"; return PyUnicode_FromString("str");
    case 7: *name = "(1, [2])"; return Py_BuildValue("(i[i])", 1, 2);
    case 8: *name = "()"; return PyTuple_New(0);
    case 9: *name = "b'b'"; return PyBytes_FromString("b");
    case 10: *name = "frozenset({1})"; return PyFrozenSet_New(Py_BuildValue("[i]", 1));
    case 11: *name = "int"; return Py_NewRef((PyObject *)&PyLong_Type);
    case 12: *name = "range(3)"; return PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 3);
    case 13: *name = "slice(1, 2)"; return PySlice_New(PyLong_FromLong(1), PyLong_FromLong(2), NULL);
    case 14: *name = "property()"; return PyObject_CallNoArgs((PyObject *)&PyProperty_Type);
    case 15: *name = "len"; return Py_XNewRef(PyDict_GetItemString(b, "len"));
    case 16: *name = "..."; return Py_NewRef(Py_Ellipsis);
    case 17: *name = "NotImplemented"; return Py_NewRef(Py_NotImplemented);
    case 18: *name = "[1, [2]]"; return Py_BuildValue("[i[i]]", 1, 2);
    case 19: *name = "{'a': [1]}"; return Py_BuildValue("{s:[i]}", "a", 1);
    case 20: *name = "{1, 2}"; return PySet_New(Py_BuildValue("[ii]", 1, 2));
    case 21: *name = "bytearray(b'ab')"; return PyByteArray_FromStringAndSize("ab", 2);
    case 22: *name = "object()"; return PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
    case 23: *name = "type"; return Py_NewRef((PyObject *)&PyType_Type);
    case 24: *name = "slice(None, 'a', [1])"; return PySlice_New(Py_None, PyUnicode_FromString("a"), Py_BuildValue("[i]", 1));
    case 25: *name = "frozenset({(1, 2)})"; return PyFrozenSet_New(Py_BuildValue("[(ii)]", 1, 2));
    case 26: *name = "frozenset()"; return PyFrozenSet_New(NULL);
    case 27: *name = "set()"; return PySet_New(NULL);
    case 28: *name = "(1, 'a', None)"; return Py_BuildValue("(isO)", 1, "a", Py_None);
    case 29: *name = "[]"; return PyList_New(0);
    case 30: *name = "{}"; return PyDict_New();
    case 31: *name = "bytearray()"; return PyByteArray_FromStringAndSize("", 0);
    case 32: *name = "[(1, [2]), {3: (4,)}]"; return Py_BuildValue("[(i[i]){i:(i)}]", 1, 2, 3, 4);
    case 33: *name = "Exception('e', 1)"; return PyObject_CallFunction(PyExc_Exception, "si", "e", 1);
    case 34: *name = "ValueError()"; return PyObject_CallNoArgs(PyExc_ValueError);
    case 35: *name = "b'x'.upper (a builtin method)"; return PyObject_GetAttrString(PyBytes_FromString("x"), "upper");
    default: return NULL;
    }
}

static void builtins_both_ways(void)
{
    for (int i = 0;; i++) {
        const char *name = NULL;
        PyObject *x = sample(i, &name);
        if (name == NULL)
            break;
        char what[160];
        snprintf(what, sizeof what, "copy(%s)", name);
        show_same(what, x, x ? PyObject_CallOneArg(copy_fn, x) : NULL);
        snprintf(what, sizeof what, "deepcopy(%s)", name);
        show_same(what, x, x ? PyObject_CallOneArg(deepcopy_fn, x) : NULL);
        Py_XDECREF(x);
    }
}

static void argument_errors(void)
{
    show("copy()", callf(copy_fn, "()", NULL));
    show("copy(1, 2)", callf(copy_fn, "(ii)", NULL, 1, 2));
    show("copy(x=[1])", callf(copy_fn, "()", "{s:[i]}", "x", 1));
    show("copy(1, x=2)", callf(copy_fn, "(i)", "{s:i}", 1, "x", 2));
    show("copy(y=1)", callf(copy_fn, "()", "{s:i}", "y", 1));
    show("copy(1, 2, y=1)", callf(copy_fn, "(ii)", "{s:i}", 1, 2, "y", 1));
    show("deepcopy()", callf(deepcopy_fn, "()", NULL));
    show("deepcopy(1, 2, 3, 4)", callf(deepcopy_fn, "(iiii)", NULL, 1, 2, 3, 4));
    show("deepcopy(x=[1], memo={})", callf(deepcopy_fn, "()", "{s:[i],s:{}}", "x", 1, "memo"));
    show("deepcopy([1], None, [])", callf(deepcopy_fn, "([i]OO)", NULL, 1, Py_None, PyList_New(0)));
    show("deepcopy(memo={})", callf(deepcopy_fn, "()", "{s:{}}", "memo"));
    show("deepcopy([1], memo=5)", callf(deepcopy_fn, "([i])", "{s:i}", 1, "memo", 5));
    show("deepcopy(5, memo=5)", callf(deepcopy_fn, "(i)", "{s:i}", 5, "memo", 5));
    PyObject *kw = PyDict_New();
    PyObject *one = PyLong_FromLong(1);
    PyDict_SetItem(kw, one, one);
    PyObject *args = PyTuple_New(0);
    show("copy(**{1: 1})", PyObject_Call(copy_fn, args, kw));
    Py_DECREF(args);
    Py_DECREF(kw);
    Py_DECREF(one);
}

static void deep_structures(void)
{
    /* a list inside itself */
    PyObject *l = Py_BuildValue("[i]", 1);
    PyList_Append(l, l);
    PyObject *c = PyObject_CallOneArg(deepcopy_fn, l);
    show("deepcopy(l) where l = [1, l]: a new list", PyBool_FromLong(c != NULL && c != l));
    show("... whose second item is itself", PyBool_FromLong(c != NULL && PyList_GET_ITEM(c, 1) == c));
    Py_XDECREF(c);
    PyList_SetSlice(l, 0, 2, NULL);
    Py_DECREF(l);

    /* shared items stay shared */
    PyObject *inner = Py_BuildValue("[i]", 7);
    PyObject *outer = Py_BuildValue("[OO(O)]", inner, inner, inner);
    c = PyObject_CallOneArg(deepcopy_fn, outer);
    show("deepcopy([a, a, (a,)]) keeps a shared",
         PyBool_FromLong(c != NULL && PyList_GET_ITEM(c, 0) == PyList_GET_ITEM(c, 1) &&
                         PyTuple_GET_ITEM(PyList_GET_ITEM(c, 2), 0) == PyList_GET_ITEM(c, 0)));
    show("... and copies it", PyBool_FromLong(c != NULL && PyList_GET_ITEM(c, 0) != inner));
    Py_XDECREF(c);

    /* an explicit memo: what it holds afterwards */
    PyObject *memo = PyDict_New();
    c = PyObject_CallFunctionObjArgs(deepcopy_fn, outer, memo, NULL);
    show("len(memo) after deepcopy([a, a, (a,)], memo)", PyLong_FromSsize_t(PyDict_Size(memo)));
    PyObject *key = PyLong_FromVoidPtr(memo);
    PyObject *kept = PyDict_GetItemWithError(memo, key);
    show("memo[id(memo)] (kept alive)", kept ? PyLong_FromSsize_t(PyList_Size(kept)) : NULL);
    PyObject *okey = PyLong_FromVoidPtr(outer);
    show("memo[id(x)] is the copy", PyBool_FromLong(PyDict_GetItemWithError(memo, okey) == c));
    /* a second deepcopy with the same memo returns the same copy */
    PyObject *c2 = PyObject_CallFunctionObjArgs(deepcopy_fn, outer, memo, NULL);
    show("deepcopy again with the memo is the same copy", PyBool_FromLong(c2 != NULL && c2 == c));
    Py_XDECREF(c2);
    Py_XDECREF(c);
    Py_DECREF(key);
    Py_DECREF(okey);
    Py_DECREF(memo);

    /* a memo that already maps id(x) */
    memo = PyDict_New();
    key = PyLong_FromVoidPtr(inner);
    PyObject *planted = PyUnicode_FromString("planted");
    PyDict_SetItem(memo, key, planted);
    show("deepcopy(x, {id(x): 'planted'})", PyObject_CallFunctionObjArgs(deepcopy_fn, inner, memo, NULL));
    PyObject *sentinel = PyUnicode_FromString("planted");
    show("deepcopy(x, {id(x): 'planted'}, _nil='planted' (equal, not identical))",
         PyObject_CallFunctionObjArgs(deepcopy_fn, inner, memo, sentinel, NULL));
    show("deepcopy(x, {id(x): 'planted'}, _nil=<the planted value>)",
         PyObject_CallFunctionObjArgs(deepcopy_fn, inner, memo, planted, NULL));
    Py_DECREF(sentinel);
    Py_DECREF(planted);
    Py_DECREF(key);
    Py_DECREF(memo);

    /* tuples: the same object when no item changes */
    PyObject *t = Py_BuildValue("(is(i))", 1, "a", 2);
    show_same("deepcopy((1, 'a', (2,)))", t, PyObject_CallOneArg(deepcopy_fn, t));
    Py_DECREF(t);
    t = Py_BuildValue("(iO)", 1, inner);
    show_same("deepcopy((1, [7]))", t, PyObject_CallOneArg(deepcopy_fn, t));
    Py_DECREF(t);

    /* a dict with list values and tuple keys */
    PyObject *d = Py_BuildValue("{(ii):O,s:[ii]}", 1, 2, inner, "k", 3, 4);
    c = PyObject_CallOneArg(deepcopy_fn, d);
    show("deepcopy({(1, 2): a, 'k': [3, 4]})", c ? Py_NewRef(c) : NULL);
    show("... values copied", PyBool_FromLong(c != NULL && PyDict_GetItemString(c, "k") != PyDict_GetItemString(d, "k")));
    Py_XDECREF(c);
    Py_DECREF(d);

    /* a bound method: __self__ copied, __func__ kept */
    PyObject *append = PyObject_GetAttrString((PyObject *)&PyList_Type, "append");
    PyObject *bound = PyMethod_New(append, inner);
    c = PyObject_CallOneArg(deepcopy_fn, bound);
    show("deepcopy(method) is a method", c ? PyBool_FromLong(PyMethod_Check(c)) : NULL);
    show("... with __self__ copied", PyBool_FromLong(c != NULL && PyMethod_GET_SELF(c) != inner));
    show("... and __func__ kept", PyBool_FromLong(c != NULL && PyMethod_GET_FUNCTION(c) == append));
    PyObject *same = c ? PyObject_CallOneArg(copy_fn, bound) : NULL;
    show("copy(method) is the method", same ? PyBool_FromLong(same == bound) : NULL);
    Py_XDECREF(same);
    Py_XDECREF(c);
    Py_DECREF(bound);
    Py_DECREF(append);
    Py_DECREF(outer);
    Py_DECREF(inner);

    /* nesting 200 deep */
    PyObject *deep = PyList_New(0);
    for (int i = 0; i < 200; i++) {
        PyObject *next = PyList_New(1);
        PyList_SET_ITEM(next, 0, deep);
        deep = next;
    }
    c = PyObject_CallOneArg(deepcopy_fn, deep);
    show("deepcopy of a list nested 200 deep", c ? PyObject_RichCompare(c, deep, Py_EQ) : NULL);
    Py_XDECREF(c);
    Py_DECREF(deep);
}

static void hooks_and_reductions(void)
{
    /* __copy__ on the class (a plain C function: called with x) */
    PyObject *dict = PyDict_New();
    PyObject *f = PyCFunction_New(&hook_copy_def, NULL);
    PyDict_SetItemString(dict, "__copy__", f);
    PyObject *dm = method_of(&hook_deepcopy_def);
    PyDict_SetItemString(dict, "__deepcopy__", dm);
    PyObject *cls = make_class("Hooked", NULL, dict);
    PyObject *x = cls ? PyObject_CallNoArgs(cls) : NULL;
    PyObject *r = x ? PyObject_CallOneArg(copy_fn, x) : NULL;
    show("copy(Hooked()) calls __copy__", r ? PyBool_FromLong(PyTuple_Check(r) && PyTuple_GET_ITEM(r, 1) == x) : NULL);
    Py_XDECREF(r);
    show("deepcopy(Hooked())", x ? PyObject_CallOneArg(deepcopy_fn, x) : NULL);
    PyObject *memo = Py_BuildValue("{i:i}", 1, 2);
    show("deepcopy(Hooked(), {1: 2})", x ? PyObject_CallFunctionObjArgs(deepcopy_fn, x, memo, NULL) : NULL);
    Py_DECREF(memo);
    Py_XDECREF(x);
    Py_XDECREF(cls);
    Py_DECREF(f);
    Py_XDECREF(dm);
    Py_DECREF(dict);

    /* Reductions from __reduce_ex__ */
    PyObject *rdict = PyDict_New();
    PyObject *rm = method_of(&reduce_to_def);
    PyDict_SetItemString(rdict, "__reduce_ex__", rm);
    PyObject *rcls = make_class("Reduced", NULL, rdict);
    PyObject *rx = rcls ? PyObject_CallNoArgs(rcls) : NULL;
    PyObject *setstate_dict = PyDict_New();
    PyObject *sm = method_of(&hook_setstate_def);
    PyDict_SetItemString(setstate_dict, "__setstate__", sm);
    PyObject *scls = make_class("WithSetstate", NULL, setstate_dict);
    PyObject *plain = make_class("Plain", NULL, PyDict_New());
    struct {
        const char *what;
        PyObject *value;
    } reductions[] = {
        {"'a string'", PyUnicode_FromString("a string")},
        {"5", PyLong_FromLong(5)},
        {"(list, 5)", Py_BuildValue("(Oi)", &PyList_Type, 5)},
        {"(list,)", Py_BuildValue("(O)", &PyList_Type)},
        {"()", PyTuple_New(0)},
        {"(list, (), None, None, None, None)", Py_BuildValue("(O()OOOO)", &PyList_Type, Py_None, Py_None, Py_None, Py_None)},
        {"[list, ([1, 2],)]", Py_BuildValue("[O([ii])]", &PyList_Type, 1, 2)},
        {"(list, ([1, [2]],))", Py_BuildValue("(O([i[i]]))", &PyList_Type, 1, 2)},
        {"(list, (), None, iter([1, [2]]))", Py_BuildValue("(O()OO)", &PyList_Type, Py_None, PyObject_GetIter(Py_BuildValue("[i[i]]", 1, 2)))},
        {"(dict, (), None, None, iter([('a', [1])]))", Py_BuildValue("(O()OOO)", &PyDict_Type, Py_None, Py_None, PyObject_GetIter(Py_BuildValue("[(s[i])]", "a", 1)))},
        {"(dict, (), None, None, iter([1]))", Py_BuildValue("(O()OOO)", &PyDict_Type, Py_None, Py_None, PyObject_GetIter(Py_BuildValue("[i]", 1)))},
        {"(dict, (), None, None, iter([(1, 2, 3)]))", Py_BuildValue("(O()OOO)", &PyDict_Type, Py_None, Py_None, PyObject_GetIter(Py_BuildValue("[(iii)]", 1, 2, 3)))},
        {"(Plain, (), {'a': [1]})", Py_BuildValue("(O(){s:[i]})", plain, "a", 1)},
        {"(Plain, (), ({'a': 1}, {'b': [2]}))", Py_BuildValue("(O()({s:i}{s:[i]}))", plain, "a", 1, "b", 2)},
        {"(Plain, (), (None, {'b': 2}))", Py_BuildValue("(O()(O{s:i}))", plain, Py_None, "b", 2)},
        {"(Plain, (), (None, {1: 2}))", Py_BuildValue("(O()(O{i:i}))", plain, Py_None, 1, 2)},
        {"(Plain, (), 5)", Py_BuildValue("(O()i)", plain, 5)},
        {"(WithSetstate, (), [1])", Py_BuildValue("(O()[i])", scls, 1)},
        {"(int, (5,), None)", Py_BuildValue("(O(i)O)", &PyLong_Type, 5, Py_None)},
        {"(len, ([1, 2],))", Py_BuildValue("(O([ii]))", PyDict_GetItemString(PyEval_GetBuiltins(), "len"), 1, 2)},
    };
    for (size_t i = 0; i < sizeof reductions / sizeof reductions[0]; i++) {
        for (int deep = 0; deep < 2; deep++) {
            Py_XSETREF(reduce_result, reductions[i].value ? Py_NewRef(reductions[i].value) : NULL);
            Py_CLEAR(setstate_seen);
            char what[200];
            snprintf(what, sizeof what, "%s of an object reduced to %s", deep ? "deepcopy" : "copy", reductions[i].what);
            if (rx == NULL || reduce_result == NULL) {
                show(what, NULL);
                continue;
            }
            PyObject *res = PyObject_CallOneArg(deep ? deepcopy_fn : copy_fn, rx);
            if (res != NULL && PyObject_HasAttrString(res, "__dict__") && !PyType_Check(res)) {
                PyObject *vars = PyObject_GetAttrString(res, "__dict__");
                show_same(what, rx, Py_BuildValue("(sO)", Py_TYPE(res)->tp_name, vars));
                Py_XDECREF(vars);
                Py_DECREF(res);
            } else {
                show_same(what, rx, res);
            }
            if (setstate_seen != NULL)
                show("... __setstate__ saw", Py_NewRef(setstate_seen));
        }
        Py_XDECREF(reductions[i].value);
    }
    Py_XDECREF(rx);
    Py_XDECREF(rcls);
    Py_XDECREF(rm);
    Py_DECREF(rdict);
    Py_XDECREF(scls);
    Py_XDECREF(sm);
    Py_DECREF(setstate_dict);

    /* No way to copy at all */
    PyObject *ndict = Py_BuildValue("{sOsO}", "__reduce_ex__", Py_None, "__reduce__", Py_None);
    PyObject *ncls = make_class("Uncopyable", NULL, ndict);
    PyObject *nx = ncls ? PyObject_CallNoArgs(ncls) : NULL;
    show("copy(Uncopyable())", nx ? PyObject_CallOneArg(copy_fn, nx) : NULL);
    show("deepcopy(Uncopyable())", nx ? PyObject_CallOneArg(deepcopy_fn, nx) : NULL);
    Py_XDECREF(nx);
    Py_XDECREF(ncls);
    Py_DECREF(ndict);

    /* Instances of plain classes and of subclasses of builtins, through
       object.__reduce_ex__(4) */
    PyObject *px = plain ? PyObject_CallNoArgs(plain) : NULL;
    if (px != NULL) {
        PyObject *v = Py_BuildValue("[i]", 1);
        PyObject_SetAttrString(px, "attr", v);
        PyObject *c = PyObject_CallOneArg(copy_fn, px);
        show("copy(Plain() with attr=[1]): attr shared",
             c ? PyBool_FromLong(PyObject_GetAttrString(c, "attr") == v) : NULL);
        Py_XDECREF(c);
        c = PyObject_CallOneArg(deepcopy_fn, px);
        PyObject *ca = c ? PyObject_GetAttrString(c, "attr") : NULL;
        show("deepcopy(Plain() with attr=[1]): attr copied", ca ? PyBool_FromLong(ca != v) : NULL);
        show("... equal", ca ? PyObject_RichCompare(ca, v, Py_EQ) : NULL);
        Py_XDECREF(ca);
        Py_XDECREF(c);
        Py_DECREF(v);
        Py_DECREF(px);
    }
    Py_XDECREF(plain);
    const struct {
        const char *name;
        PyObject *base;
        const char *fill;
    } subs[] = {
        {"L", (PyObject *)&PyList_Type, "[1, [2]]"},
        {"D", (PyObject *)&PyDict_Type, "{'a': [1]}"},
        {"S", (PyObject *)&PySet_Type, "{1}"},
        {"T", (PyObject *)&PyTuple_Type, "(1, [2])"},
        {"B", (PyObject *)&PyByteArray_Type, "b'ab'"},
        {"I", (PyObject *)&PyLong_Type, "7"},
    };
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        PyObject *sd = PyDict_New();
        PyObject *sc = make_class(subs[i].name, subs[i].base, sd);
        PyObject *init = NULL;
        switch (i) {
        case 0: init = Py_BuildValue("([i[i]])", 1, 2); break;
        case 1: init = Py_BuildValue("({s:[i]})", "a", 1); break;
        case 2: init = Py_BuildValue("([i])", 1); break;
        case 3: init = Py_BuildValue("((i[i]))", 1, 2); break;
        case 4: init = Py_BuildValue("(y)", "ab"); break;
        default: init = Py_BuildValue("(i)", 7); break;
        }
        PyObject *sx = sc && init ? PyObject_Call(sc, init, NULL) : NULL;
        if (sx != NULL)
            PyObject_SetAttrString(sx, "note", Py_True);
        for (int deep = 0; deep < 2; deep++) {
            char what[120];
            snprintf(what, sizeof what, "%s(%s(%s) with note=True)", deep ? "deepcopy" : "copy", subs[i].name,
                     subs[i].fill);
            PyObject *res = sx ? PyObject_CallOneArg(deep ? deepcopy_fn : copy_fn, sx) : NULL;
            PyObject *note = res ? PyObject_GetAttrString(res, "note") : NULL;
            PyObject *as_base = res ? PyObject_CallOneArg(subs[i].base, res) : NULL;
            show_same(what, sx, res ? Py_BuildValue("(sOO)", Py_TYPE(res)->tp_name, as_base, note) : NULL);
            Py_XDECREF(as_base);
            Py_XDECREF(note);
            Py_XDECREF(res);
        }
        Py_XDECREF(sx);
        Py_XDECREF(init);
        Py_XDECREF(sc);
        Py_DECREF(sd);
    }
}

/* object.__reduce_ex__ finds slot names through copyreg._slotnames, as
 * CPython's _PyType_GetSlotNames does: a replaced _slotnames is called,
 * and what it returns must be a list or None. */
static PyObject *slotnames_result; /* what fake_slotnames returns */
static int slotnames_calls;

/* A reduce tuple without its first item (copyreg.__newobj__ is a Python
 * function in CPython and a built-in one here, as the README says). */
static PyObject *after_callable(PyObject *r)
{
    if (r == NULL || !PyTuple_Check(r))
        return r;
    PyObject *tail = PyTuple_GetSlice(r, 1, PyTuple_GET_SIZE(r));
    Py_DECREF(r);
    return tail;
}

static PyObject *fake_slotnames(PyObject *self, PyObject *cls)
{
    (void)self;
    (void)cls;
    slotnames_calls++;
    if (slotnames_result == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "fake _slotnames failed");
        return NULL;
    }
    return Py_NewRef(slotnames_result);
}

static PyMethodDef fake_slotnames_def = {"_slotnames", fake_slotnames, METH_O, NULL};

static void slotnames_hook(void)
{
    PyObject *copyreg = PyImport_ImportModule("copyreg");
    PyObject *real = copyreg ? PyObject_GetAttrString(copyreg, "_slotnames") : NULL;
    PyObject *fake = PyCFunction_New(&fake_slotnames_def, NULL);
    if (real == NULL || fake == NULL) {
        show("slotnames: setup", NULL);
        Py_XDECREF(copyreg);
        Py_XDECREF(real);
        Py_XDECREF(fake);
        return;
    }
    /* The real one, on a class with private and plain slots. */
    {
        PyObject *d = Py_BuildValue("{s:(sss)}", "__slots__", "a", "__p", "__dict__");
        PyObject *cls = d ? make_class("_Slotted", NULL, d) : NULL;
        PyObject *obj = cls ? PyObject_CallNoArgs(cls) : NULL;
        if (obj != NULL) {
            PyObject *v = PyLong_FromLong(7);
            PyObject_SetAttrString(obj, "a", v);
            PyObject_SetAttrString(obj, "_Slotted__p", v);
            Py_XDECREF(v);
        }
        show("real _slotnames(_Slotted)", cls ? PyObject_CallOneArg(real, cls) : NULL);
        show("_Slotted.__slotnames__ cached", cls ? PyObject_GetAttrString(cls, "__slotnames__") : NULL);
        show("reduce_ex(2)[1:] of a slotted instance", after_callable(obj ? PyObject_CallMethod(obj, "__reduce_ex__", "i", 2) : NULL));
        Py_XDECREF(obj);
        Py_XDECREF(cls);
        Py_XDECREF(d);
    }
    PyObject_SetAttrString(copyreg, "_slotnames", fake);
    static const char *labels[] = {"a list", "None", "a tuple", "an int", "an error"};
    for (int i = 0; i < 5; i++) {
        Py_CLEAR(slotnames_result);
        switch (i) {
        case 0: slotnames_result = Py_BuildValue("[s]", "x"); break;
        case 1: slotnames_result = Py_NewRef(Py_None); break;
        case 2: slotnames_result = Py_BuildValue("(s)", "x"); break;
        case 3: slotnames_result = PyLong_FromLong(5); break;
        default: break;
        }
        char name[40];
        snprintf(name, sizeof name, "_Hooked%d", i);
        PyObject *d = Py_BuildValue("{s:(s)}", "__slots__", "x");
        PyObject *cls = d ? make_class(name, NULL, d) : NULL;
        PyObject *obj = cls ? PyObject_CallNoArgs(cls) : NULL;
        if (obj != NULL) {
            PyObject *v = PyUnicode_FromString("vx");
            PyObject_SetAttrString(obj, "x", v);
            Py_XDECREF(v);
        }
        slotnames_calls = 0;
        char what[120];
        snprintf(what, sizeof what, "reduce_ex(2)[1:], _slotnames gives %s", labels[i]);
        show(what, after_callable(obj ? PyObject_CallMethod(obj, "__reduce_ex__", "i", 2) : NULL));
        snprintf(what, sizeof what, "... _slotnames called (%s)", labels[i]);
        show(what, PyLong_FromLong(slotnames_calls));
        snprintf(what, sizeof what, "... copy.copy (%s)", labels[i]);
        show_same(what, obj, obj ? PyObject_CallOneArg(copy_fn, obj) : NULL);
        Py_XDECREF(obj);
        Py_XDECREF(cls);
        Py_XDECREF(d);
    }
    /* A cached __slotnames__ that is not a list is refused before any call. */
    {
        PyObject *d = Py_BuildValue("{s:(s),s:i}", "__slots__", "x", "__slotnames__", 3);
        PyObject *cls = d ? make_class("_BadCache", NULL, d) : NULL;
        PyObject *obj = cls ? PyObject_CallNoArgs(cls) : NULL;
        slotnames_calls = 0;
        show("reduce_ex(2), __slotnames__ = 3", obj ? PyObject_CallMethod(obj, "__reduce_ex__", "i", 2) : NULL);
        show("... _slotnames called", PyLong_FromLong(slotnames_calls));
        Py_XDECREF(obj);
        Py_XDECREF(cls);
        Py_XDECREF(d);
    }
    PyObject_SetAttrString(copyreg, "_slotnames", real);
    Py_CLEAR(slotnames_result);
    Py_DECREF(fake);
    Py_DECREF(real);
    Py_DECREF(copyreg);
}

int main(void)
{
    Py_Initialize();
    copy_mod = PyImport_ImportModule("copy");
    if (copy_mod == NULL) {
        PyErr_Print();
        return 1;
    }
    copy_fn = PyObject_GetAttrString(copy_mod, "copy");
    deepcopy_fn = PyObject_GetAttrString(copy_mod, "deepcopy");
    names();
    builtins_both_ways();
    argument_errors();
    deep_structures();
    hooks_and_reductions();
    slotnames_hook();
    Py_XDECREF(reduce_result);
    Py_XDECREF(setstate_seen);
    Py_DECREF(copy_fn);
    Py_DECREF(deepcopy_fn);
    Py_DECREF(copy_mod);
    return 0;
}
