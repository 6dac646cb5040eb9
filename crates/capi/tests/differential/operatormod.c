/* Differential cases for the `operator` and `_operator` modules as C code
 * (a Cython module's `import operator` / `from operator import
 * itemgetter`) reaches them through PyImport_ImportModule
 * (Modules/_operator.c, Lib/operator.py): every operator function over
 * several operand types, wrong argument counts, the dunder aliases,
 * itemgetter/attrgetter/methodcaller (calls, missing keys and
 * attributes, dotted names, keyword arguments, reprs, __reduce__,
 * argument errors), length_hint, index, _compare_digest, call, and the
 * functions' __doc__/__text_signature__.
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

static PyObject *mod, *base;

/* mod.name(*args, **kwargs): args built by Py_BuildValue(fmt, ...) (a
   tuple), kwargs NULL or a dict (consumed). */
static PyObject *callv(PyObject *m, const char *name, PyObject *kwargs, const char *fmt, ...) {
    PyObject *f = PyObject_GetAttrString(m, name);
    if (f == NULL) {
        Py_XDECREF(kwargs);
        return NULL;
    }
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    Py_DECREF(f);
    return r;
}

static PyObject *kw(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    return d;
}

/* f(*args) with args built by Py_BuildValue (f borrowed). */
static PyObject *callo(PyObject *f, PyObject *kwargs, const char *fmt, ...) {
    if (f == NULL) {
        Py_XDECREF(kwargs);
        return NULL;
    }
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *repr_of(PyObject *o) {
    if (o == NULL)
        return NULL;
    PyObject *r = PyObject_Repr(o);
    Py_DECREF(o);
    return r;
}

static PyObject *attr_of(PyObject *o, const char *name) {
    if (o == NULL)
        return NULL;
    PyObject *r = PyObject_GetAttrString(o, name);
    Py_DECREF(o);
    return r;
}

int main(void) {
    Py_Initialize();
    mod = PyImport_ImportModule("operator");
    show("import operator (its type)", mod ? Py_NewRef((PyObject *)Py_TYPE(mod)) : NULL);
    if (mod == NULL)
        return 1;
    base = PyImport_ImportModule("_operator");
    show("import _operator (its type)", base ? Py_NewRef((PyObject *)Py_TYPE(base)) : NULL);
    if (base == NULL)
        return 1;
    PyObject *again = PyImport_ImportModule("operator");
    show("imported twice is the same module", PyBool_FromLong(again == mod));
    Py_XDECREF(again);
    show("operator.__name__", PyObject_GetAttrString(mod, "__name__"));
    show("_operator.__name__", PyObject_GetAttrString(base, "__name__"));
    show("operator.__doc__", PyObject_GetAttrString(mod, "__doc__"));
    show("operator.__all__", PyObject_GetAttrString(mod, "__all__"));
    show("operator._compare_digest", PyObject_GetAttrString(mod, "_compare_digest"));
    show("_operator.__add__", PyObject_GetAttrString(base, "__add__"));
    {
        PyObject *a = PyObject_GetAttrString(mod, "add"), *b = PyObject_GetAttrString(base, "add");
        PyObject *d = PyObject_GetAttrString(mod, "__add__");
        show("operator.add is _operator.add", PyBool_FromLong(a && a == b));
        show("operator.__add__ is operator.add", PyBool_FromLong(a && a == d));
        show("operator.add.__self__.__name__", a ? attr_of(PyObject_GetAttrString(a, "__self__"), "__name__") : NULL);
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(d);
        PyObject *ab = PyObject_GetAttrString(mod, "_abs");
        PyObject *bi = PyImport_ImportModule("builtins");
        PyObject *babs = bi ? PyObject_GetAttrString(bi, "abs") : NULL;
        show("operator._abs is builtins.abs", PyBool_FromLong(ab && ab == babs));
        Py_XDECREF(ab);
        Py_XDECREF(bi);
        Py_XDECREF(babs);
    }

    /* every function's name, __doc__ and __text_signature__; the dunder
       aliases */
    PyObject *all = PyObject_GetAttrString(mod, "__all__");
    Py_ssize_t nall = all ? PyList_Size(all) : 0;
    for (Py_ssize_t i = 0; i < nall; i++) {
        const char *name = PyUnicode_AsUTF8(PyList_GetItem(all, i));
        char what[200];
        PyObject *f = PyObject_GetAttrString(mod, name);
        snprintf(what, sizeof what, "%s.__doc__", name);
        show(what, f ? PyObject_GetAttrString(f, "__doc__") : NULL);
        if (f == NULL || PyCFunction_Check(f)) {
            snprintf(what, sizeof what, "%s.__text_signature__", name);
            show(what, f ? PyObject_GetAttrString(f, "__text_signature__") : NULL);
        }
        snprintf(what, sizeof what, "%s.__module__", name);
        show(what, f ? PyObject_GetAttrString(f, "__module__") : NULL);
        snprintf(what, sizeof what, "repr(%s)", name);
        show(what, f ? PyObject_Repr(f) : NULL);
        Py_XDECREF(f);
    }
    Py_XDECREF(all);
    {
        PyObject *f = PyObject_GetAttrString(base, "_compare_digest");
        show("_compare_digest.__text_signature__", f ? PyObject_GetAttrString(f, "__text_signature__") : NULL);
        show("_compare_digest.__doc__", f ? PyObject_GetAttrString(f, "__doc__") : NULL);
        Py_XDECREF(f);
    }
    const char *dunders[] = {"__abs__", "__add__", "__and__", "__call__", "__concat__", "__contains__",
        "__delitem__", "__eq__", "__floordiv__", "__ge__", "__getitem__", "__gt__", "__iadd__", "__iand__",
        "__iconcat__", "__ifloordiv__", "__ilshift__", "__imatmul__", "__imod__", "__imul__", "__index__",
        "__inv__", "__invert__", "__ior__", "__ipow__", "__irshift__", "__isub__", "__itruediv__", "__ixor__",
        "__le__", "__lshift__", "__lt__", "__matmul__", "__mod__", "__mul__", "__ne__", "__neg__", "__not__",
        "__or__", "__pos__", "__pow__", "__rshift__", "__setitem__", "__sub__", "__truediv__", "__xor__"};
    for (size_t i = 0; i < sizeof dunders / sizeof *dunders; i++) {
        char what[200];
        snprintf(what, sizeof what, "operator.%s.__name__", dunders[i]);
        show(what, attr_of(PyObject_GetAttrString(mod, dunders[i]), "__name__"));
    }

    /* binary functions over several operand pairs */
    const char *binary[] = {"add", "sub", "mul", "matmul", "floordiv", "truediv", "mod", "lshift", "rshift",
        "and_", "xor", "or_", "pow", "iadd", "isub", "imul", "imatmul", "ifloordiv", "itruediv", "imod",
        "ilshift", "irshift", "iand", "ixor", "ior", "ipow", "concat", "iconcat", "lt", "le", "eq", "ne", "gt",
        "ge", "is_", "is_not", "contains", "countOf", "indexOf", "getitem"};
    struct { const char *what; const char *fmt; } pairs[] = {
        {"(7, 3)", "(ii)"}, {"(2.5, 2)", "(di)"}, {"([1, 2], [3])", "([ii][i])"}, {"('ab', 'c')", "(ss)"},
        {"(7, 0)", "(ii)"}, {"((1, 2, 1), 1)", "((iii)i)"}, {"('abca', 'a')", "(ss)"}, {"(None, 1)", "(Oi)"},
    };
    for (size_t i = 0; i < sizeof binary / sizeof *binary; i++) {
        for (size_t j = 0; j < sizeof pairs / sizeof *pairs; j++) {
            char what[200];
            snprintf(what, sizeof what, "%s%s", binary[i], pairs[j].what);
            PyObject *r;
            switch (j) {
            case 0: r = callv(mod, binary[i], NULL, pairs[j].fmt, 7, 3); break;
            case 1: r = callv(mod, binary[i], NULL, pairs[j].fmt, 2.5, 2); break;
            case 2: r = callv(mod, binary[i], NULL, pairs[j].fmt, 1, 2, 3); break;
            case 3: r = callv(mod, binary[i], NULL, pairs[j].fmt, "ab", "c"); break;
            case 4: r = callv(mod, binary[i], NULL, pairs[j].fmt, 7, 0); break;
            case 5: r = callv(mod, binary[i], NULL, pairs[j].fmt, 1, 2, 1, 1); break;
            case 6: r = callv(mod, binary[i], NULL, pairs[j].fmt, "abca", "a"); break;
            default: r = callv(mod, binary[i], NULL, pairs[j].fmt, Py_None, 1); break;
            }
            show(what, r);
        }
        char what[200];
        snprintf(what, sizeof what, "%s()", binary[i]);
        show(what, callv(mod, binary[i], NULL, "()"));
        snprintf(what, sizeof what, "%s(1, 2, 3)", binary[i]);
        show(what, callv(mod, binary[i], NULL, "(iii)", 1, 2, 3));
        snprintf(what, sizeof what, "%s(a=1, b=2)", binary[i]);
        show(what, callv(mod, binary[i], kw("{s:i,s:i}", "a", 1, "b", 2), "()"));
    }
    /* in-place on a mutable list really mutates it */
    {
        PyObject *l = Py_BuildValue("[ii]", 1, 2);
        PyObject *r = callv(mod, "iadd", NULL, "(O[i])", l, 3);
        show("iadd(list, [3]) is the list", PyBool_FromLong(r == l));
        Py_XDECREF(r);
        r = callv(mod, "iconcat", NULL, "(O(i))", l, 4);
        show("iconcat(list, (4,)) is the list", PyBool_FromLong(r == l));
        Py_XDECREF(r);
        show("iconcat(list, 5)", callv(mod, "iconcat", NULL, "(Oi)", l, 5));
        show("imul(list, 2)", callv(mod, "imul", NULL, "(Oi)", l, 2));
        show("the list", l);
    }

    /* unary functions */
    const char *unary[] = {"neg", "pos", "abs", "inv", "invert", "not_", "truth", "index"};
    struct { const char *what; const char *fmt; } ones[] = {
        {"(-5)", "(i)"}, {"(2.5)", "(d)"}, {"('')", "(s)"}, {"([1])", "([i])"}, {"(True)", "(O)"}, {"(None)", "(O)"},
    };
    for (size_t i = 0; i < sizeof unary / sizeof *unary; i++) {
        for (size_t j = 0; j < sizeof ones / sizeof *ones; j++) {
            char what[200];
            snprintf(what, sizeof what, "%s%s", unary[i], ones[j].what);
            PyObject *r;
            switch (j) {
            case 0: r = callv(mod, unary[i], NULL, ones[j].fmt, -5); break;
            case 1: r = callv(mod, unary[i], NULL, ones[j].fmt, 2.5); break;
            case 2: r = callv(mod, unary[i], NULL, ones[j].fmt, ""); break;
            case 3: r = callv(mod, unary[i], NULL, ones[j].fmt, 1); break;
            case 4: r = callv(mod, unary[i], NULL, ones[j].fmt, Py_True); break;
            default: r = callv(mod, unary[i], NULL, ones[j].fmt, Py_None); break;
            }
            show(what, r);
        }
        char what[200];
        snprintf(what, sizeof what, "%s()", unary[i]);
        show(what, callv(mod, unary[i], NULL, "()"));
        snprintf(what, sizeof what, "%s(1, 2)", unary[i]);
        show(what, callv(mod, unary[i], NULL, "(ii)", 1, 2));
        snprintf(what, sizeof what, "%s(a=1)", unary[i]);
        show(what, callv(mod, unary[i], kw("{s:i}", "a", 1), "()"));
    }

    /* setitem / delitem / getitem on dicts and lists */
    {
        PyObject *d = PyDict_New();
        show("setitem(d, 'k', 1)", callv(mod, "setitem", NULL, "(Osi)", d, "k", 1));
        show("getitem(d, 'k')", callv(mod, "getitem", NULL, "(Os)", d, "k"));
        show("getitem(d, 'missing')", callv(mod, "getitem", NULL, "(Os)", d, "missing"));
        show("delitem(d, 'k')", callv(mod, "delitem", NULL, "(Os)", d, "k"));
        show("delitem(d, 'k') again", callv(mod, "delitem", NULL, "(Os)", d, "k"));
        show("setitem(d, [], 1)", callv(mod, "setitem", NULL, "(O[]i)", d, 1));
        show("setitem(d, 1)", callv(mod, "setitem", NULL, "(Oi)", d, 1));
        show("setitem(1, 2, 3)", callv(mod, "setitem", NULL, "(iii)", 1, 2, 3));
        show("setitem(list, 5, 0)", callv(mod, "setitem", NULL, "([i]ii)", 1, 5, 0));
        show("delitem('abc', 0)", callv(mod, "delitem", NULL, "(si)", "abc", 0));
        show("getitem([1, 2], -1)", callv(mod, "getitem", NULL, "([ii]i)", 1, 2, -1));
        show("getitem([1, 2], 'x')", callv(mod, "getitem", NULL, "([ii]s)", 1, 2, "x"));
        show("the dict", d);
    }

    /* length_hint */
    show("length_hint([1, 2])", callv(mod, "length_hint", NULL, "([ii])", 1, 2));
    show("length_hint(5)", callv(mod, "length_hint", NULL, "(i)", 5));
    show("length_hint(5, 7)", callv(mod, "length_hint", NULL, "(ii)", 5, 7));
    show("length_hint(5, -1)", callv(mod, "length_hint", NULL, "(ii)", 5, -1));
    show("length_hint(5, 'x')", callv(mod, "length_hint", NULL, "(is)", 5, "x"));
    show("length_hint(5, 2.0)", callv(mod, "length_hint", NULL, "(id)", 5, 2.0));
    show("length_hint(5, 2**70)", callv(mod, "length_hint", NULL, "(iN)", 5, PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70))));
    show("length_hint(iter(range(3)))", callv(mod, "length_hint", NULL, "(N)", PyObject_GetIter(PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 3))));
    show("length_hint()", callv(mod, "length_hint", NULL, "()"));
    show("length_hint(1, 2, 3)", callv(mod, "length_hint", NULL, "(iii)", 1, 2, 3));
    show("length_hint(obj=[])", callv(mod, "length_hint", kw("{s:[]}", "obj"), "()"));

    /* index */
    show("index(2**70)", callv(mod, "index", NULL, "(N)", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70))));
    show("index('1')", callv(mod, "index", NULL, "(s)", "1"));

    /* countOf / indexOf / contains */
    show("countOf([1, 1.0, True, 2], 1)", callv(mod, "countOf", NULL, "([idOi]i)", 1, 1.0, Py_True, 2, 1));
    show("indexOf((3, 4), 4)", callv(mod, "indexOf", NULL, "((ii)i)", 3, 4, 4));
    show("indexOf('abc', 'c')", callv(mod, "indexOf", NULL, "(ss)", "abc", "c"));
    show("indexOf(5, 1)", callv(mod, "indexOf", NULL, "(ii)", 5, 1));
    show("contains({'a': 1}, 'a')", callv(mod, "contains", NULL, "({si}s)", "a", 1, "a"));
    show("contains('abc', 1)", callv(mod, "contains", NULL, "(si)", "abc", 1));

    /* _compare_digest */
    show("_compare_digest('abc', 'abc')", callv(base, "_compare_digest", NULL, "(ss)", "abc", "abc"));
    show("_compare_digest('abc', 'abd')", callv(base, "_compare_digest", NULL, "(ss)", "abc", "abd"));
    show("_compare_digest('abc', 'ab')", callv(base, "_compare_digest", NULL, "(ss)", "abc", "ab"));
    show("_compare_digest(b'abc', b'abc')", callv(base, "_compare_digest", NULL, "(yy)", "abc", "abc"));
    show("_compare_digest(b'abc', bytearray(b'abc'))", callv(base, "_compare_digest", NULL, "(yN)", "abc", PyByteArray_FromStringAndSize("abc", 3)));
    show("_compare_digest(b'', b'')", callv(base, "_compare_digest", NULL, "(yy)", "", ""));
    show("_compare_digest(b'a', b'')", callv(base, "_compare_digest", NULL, "(yy)", "a", ""));
    show("_compare_digest('a', b'a')", callv(base, "_compare_digest", NULL, "(sy)", "a", "a"));
    show("_compare_digest(b'a', 'a')", callv(base, "_compare_digest", NULL, "(ys)", "a", "a"));
    show("_compare_digest('\\u00e9', '\\u00e9')", callv(base, "_compare_digest", NULL, "(ss)", "\xc3\xa9", "\xc3\xa9"));
    show("_compare_digest(1, 2)", callv(base, "_compare_digest", NULL, "(ii)", 1, 2));
    show("_compare_digest(1, b'')", callv(base, "_compare_digest", NULL, "(iy)", 1, ""));
    show("_compare_digest(b'x')", callv(base, "_compare_digest", NULL, "(y)", "x"));

    /* call */
    {
        PyObject *bi = PyImport_ImportModule("builtins");
        PyObject *len = PyObject_GetAttrString(bi, "len");
        PyObject *dict = PyObject_GetAttrString(bi, "dict");
        show("call(len, [1, 2])", callv(mod, "call", NULL, "(O[ii])", len, 1, 2));
        show("call(dict, a=1)", callv(mod, "call", kw("{s:i}", "a", 1), "(O)", dict));
        show("call(dict, [(1, 2)], b=3)", callv(mod, "call", kw("{s:i}", "b", 3), "(O[(ii)])", dict, 1, 2));
        show("call()", callv(mod, "call", NULL, "()"));
        show("call(obj=len)", callv(mod, "call", kw("{s:O}", "obj", len), "()"));
        show("call(5)", callv(mod, "call", NULL, "(i)", 5));
        show("call(len)", callv(mod, "call", NULL, "(O)", len));
        Py_XDECREF(bi);
        Py_XDECREF(len);
        Py_XDECREF(dict);
    }

    /* itemgetter */
    PyObject *ig = PyObject_GetAttrString(mod, "itemgetter");
    show("itemgetter.__name__", PyObject_GetAttrString(ig, "__name__"));
    show("itemgetter.__module__", PyObject_GetAttrString(ig, "__module__"));
    show("itemgetter.__doc__", PyObject_GetAttrString(ig, "__doc__"));
    show("repr(itemgetter)", PyObject_Repr(ig));
    {
        PyObject *g = callo(ig, NULL, "(i)", 1);
        show("repr(itemgetter(1))", PyObject_Repr(g));
        show("itemgetter(1)([10, 20])", callo(g, NULL, "([ii])", 10, 20));
        show("itemgetter(1)((10, 20))", callo(g, NULL, "((ii))", 10, 20));
        show("itemgetter(1)('ab')", callo(g, NULL, "(s)", "ab"));
        show("itemgetter(1)({1: 'x'})", callo(g, NULL, "({is})", 1, "x"));
        show("itemgetter(1)([10])", callo(g, NULL, "([i])", 10));
        show("itemgetter(1)((10,))", callo(g, NULL, "((i))", 10));
        show("itemgetter(1)({})", callo(g, NULL, "({})"));
        show("itemgetter(1)(5)", callo(g, NULL, "(i)", 5));
        show("itemgetter(1)()", callo(g, NULL, "()"));
        show("itemgetter(1)([1], [2])", callo(g, NULL, "([i][i])", 1, 2));
        show("itemgetter(1)([1, 2], x=1)", callo(g, kw("{s:i}", "x", 1), "([ii])", 1, 2));
        show("itemgetter(1).__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        show("itemgetter(1).__reduce__(1)", g ? PyObject_CallMethod(g, "__reduce__", "(i)", 1) : NULL);
        show("type(itemgetter(1)).__name__", g ? attr_of(Py_NewRef((PyObject *)Py_TYPE(g)), "__name__") : NULL);
        Py_XDECREF(g);
        g = callo(ig, NULL, "(i)", -1);
        show("itemgetter(-1)([1, 2])", callo(g, NULL, "([ii])", 1, 2));
        show("itemgetter(-1)((1, 2))", callo(g, NULL, "((ii))", 1, 2));
        Py_XDECREF(g);
        g = callo(ig, NULL, "(N)", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70)));
        show("itemgetter(2**70)([1])", callo(g, NULL, "([i])", 1));
        show("repr(itemgetter(2**70))", PyObject_Repr(g));
        Py_XDECREF(g);
        g = callo(ig, NULL, "(O)", Py_True);
        show("itemgetter(True)([1, 2])", callo(g, NULL, "([ii])", 1, 2));
        Py_XDECREF(g);
        g = callo(ig, NULL, "(N)", PySlice_New(PyLong_FromLong(1), NULL, NULL));
        show("itemgetter(slice(1))('abc')", callo(g, NULL, "(s)", "abc"));
        show("repr(itemgetter(slice(1, None)))", PyObject_Repr(g));
        Py_XDECREF(g);
        g = callo(ig, NULL, "(isi)", 0, "k", 2);
        show("repr(itemgetter(0, 'k', 2))", PyObject_Repr(g));
        show("itemgetter(0, 'k', 2)({0: 'a', 'k': 'b', 2: 'c'})", callo(g, NULL, "({sssss})", "0", "a", "k", "b", "2", "c") );
        show("itemgetter(0, 'k', 2).__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        Py_XDECREF(g);
        g = callo(ig, NULL, "(ii)", 0, 2);
        show("itemgetter(0, 2)([5, 6, 7])", callo(g, NULL, "([iii])", 5, 6, 7));
        show("itemgetter(0, 2)([5, 6])", callo(g, NULL, "([ii])", 5, 6));
        show("itemgetter(0, 2)('xyz')", callo(g, NULL, "(s)", "xyz"));
        Py_XDECREF(g);
        g = callo(ig, NULL, "((i))", 1);
        show("repr(itemgetter((1,)))", PyObject_Repr(g));
        show("itemgetter((1,)).__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        show("itemgetter((1,))({(1,): 'y'})", callo(g, NULL, "({(i)s})", 1, "y"));
        Py_XDECREF(g);
        g = callo(ig, NULL, "(s)", "a");
        show("repr(itemgetter('a'))", PyObject_Repr(g));
        PyObject *l = PyList_New(0);
        PyObject *g2 = callo(ig, NULL, "(O)", l);
        PyList_Append(l, g2);
        show("repr(itemgetter(recursive list))", PyObject_Repr(g2));
        PyList_SetSlice(l, 0, 1, NULL); /* break the cycle */
        Py_XDECREF(g2);
        Py_XDECREF(l);
        Py_XDECREF(g);
        show("itemgetter()", callo(ig, NULL, "()"));
        show("itemgetter(a=1)", callo(ig, kw("{s:i}", "a", 1), "()"));
        show("itemgetter(1, a=1)", callo(ig, kw("{s:i}", "a", 1), "(i)", 1));
        show("itemgetter([])", repr_of(callo(ig, NULL, "([])")));
    }

    /* attrgetter */
    PyObject *ag = PyObject_GetAttrString(mod, "attrgetter");
    show("attrgetter.__name__", PyObject_GetAttrString(ag, "__name__"));
    show("attrgetter.__doc__", PyObject_GetAttrString(ag, "__doc__"));
    show("repr(attrgetter)", PyObject_Repr(ag));
    {
        PyObject *g = callo(ag, NULL, "(s)", "real");
        show("repr(attrgetter('real'))", PyObject_Repr(g));
        show("attrgetter('real')(3)", callo(g, NULL, "(i)", 3));
        show("attrgetter('real')(2.5)", callo(g, NULL, "(d)", 2.5));
        show("attrgetter('real')('x')", callo(g, NULL, "(s)", "x"));
        show("attrgetter('real')()", callo(g, NULL, "()"));
        show("attrgetter('real')(1, 2)", callo(g, NULL, "(ii)", 1, 2));
        show("attrgetter('real')(1, k=2)", callo(g, kw("{s:i}", "k", 2), "(i)", 1));
        show("attrgetter('real').__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        Py_XDECREF(g);
        g = callo(ag, NULL, "(s)", "real.imag");
        show("repr(attrgetter('real.imag'))", PyObject_Repr(g));
        show("attrgetter('real.imag')(3)", callo(g, NULL, "(i)", 3));
        show("attrgetter('real.imag')('s')", callo(g, NULL, "(s)", "s"));
        show("attrgetter('real.imag').__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        Py_XDECREF(g);
        g = callo(ag, NULL, "(ss)", "real", "__class__.__name__");
        show("repr(attrgetter('real', '__class__.__name__'))", PyObject_Repr(g));
        show("attrgetter('real', '__class__.__name__')(5)", callo(g, NULL, "(i)", 5));
        show("attrgetter('real', '__class__.__name__')('s')", callo(g, NULL, "(s)", "s"));
        show("attrgetter(..).__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        Py_XDECREF(g);
        g = callo(ag, NULL, "(s)", ".a");
        show("repr(attrgetter('.a'))", PyObject_Repr(g));
        show("attrgetter('.a')(1)", callo(g, NULL, "(i)", 1));
        Py_XDECREF(g);
        g = callo(ag, NULL, "(s)", "a..b");
        show("attrgetter('a..b').__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        Py_XDECREF(g);
        g = callo(ag, NULL, "(s)", "");
        show("attrgetter('')(1)", callo(g, NULL, "(i)", 1));
        Py_XDECREF(g);
        g = callo(ag, NULL, "(s)", "__doc__.x");
        show("attrgetter('__doc__.x')(len)", callo(g, NULL, "(O)", Py_None));
        Py_XDECREF(g);
        show("attrgetter()", callo(ag, NULL, "()"));
        show("attrgetter(1)", callo(ag, NULL, "(i)", 1));
        show("attrgetter('a', 2)", callo(ag, NULL, "(si)", "a", 2));
        show("attrgetter(b'a')", callo(ag, NULL, "(y)", "a"));
        show("attrgetter(a='x')", callo(ag, kw("{s:s}", "a", "x"), "()"));
        show("attrgetter('x', a='x')", callo(ag, kw("{s:s}", "a", "x"), "(s)", "x"));
    }

    /* methodcaller */
    PyObject *mc = PyObject_GetAttrString(mod, "methodcaller");
    show("methodcaller.__name__", PyObject_GetAttrString(mc, "__name__"));
    show("methodcaller.__doc__", PyObject_GetAttrString(mc, "__doc__"));
    show("repr(methodcaller)", PyObject_Repr(mc));
    {
        PyObject *g = callo(mc, NULL, "(s)", "upper");
        show("repr(methodcaller('upper'))", PyObject_Repr(g));
        show("methodcaller('upper')('ab')", callo(g, NULL, "(s)", "ab"));
        show("methodcaller('upper')(5)", callo(g, NULL, "(i)", 5));
        show("methodcaller('upper')()", callo(g, NULL, "()"));
        show("methodcaller('upper')('a', 'b')", callo(g, NULL, "(ss)", "a", "b"));
        show("methodcaller('upper')('a', k=1)", callo(g, kw("{s:i}", "k", 1), "(s)", "a"));
        show("methodcaller('upper').__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        Py_XDECREF(g);
        g = callo(mc, NULL, "(ssi)", "split", ",", 1);
        show("repr(methodcaller('split', ',', 1))", PyObject_Repr(g));
        show("methodcaller('split', ',', 1)('a,b,c')", callo(g, NULL, "(s)", "a,b,c"));
        show("methodcaller('split', ',', 1).__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        Py_XDECREF(g);
        g = callo(mc, kw("{s:s,s:i}", "sep", "-", "maxsplit", 1), "(s)", "split");
        show("repr(methodcaller('split', sep='-', maxsplit=1))", PyObject_Repr(g));
        show("methodcaller('split', sep='-', maxsplit=1)('a-b-c')", callo(g, NULL, "(s)", "a-b-c"));
        show("methodcaller('split', sep='-', maxsplit=1)(1)", callo(g, NULL, "(i)", 1));
        Py_XDECREF(g);
        g = callo(mc, kw("{s:[i]}", "k", 1), "(sis)", "f", 1, "x");
        show("repr(methodcaller('f', 1, 'x', k=[1]))", PyObject_Repr(g));
        show("methodcaller('f', 1, 'x', k=[1])(3)", callo(g, NULL, "(i)", 3));
        Py_XDECREF(g);
        g = callo(mc, kw("{}"), "(s)", "upper");
        show("methodcaller('upper', **{}).__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        Py_XDECREF(g);
        g = callo(mc, NULL, "(sO)", "bit_length", Py_None);
        show("methodcaller('bit_length', None)(3)", callo(g, NULL, "(i)", 3));
        Py_XDECREF(g);
        show("methodcaller()", callo(mc, NULL, "()"));
        show("methodcaller(1)", callo(mc, NULL, "(i)", 1));
        show("methodcaller(name='x')", callo(mc, kw("{s:s}", "name", "x"), "()"));
        show("methodcaller(b'x')", callo(mc, NULL, "(y)", "x"));
    }
    Py_XDECREF(ig);
    Py_XDECREF(ag);
    Py_XDECREF(mc);

    Py_DECREF(mod);
    Py_DECREF(base);
    Py_Finalize();
    return 0;
}
