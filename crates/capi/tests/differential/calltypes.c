/* Differential cases for calling the built-in types from C, as
 * extensions do (PyObject_Call, PyObject_CallOneArg, PyObject_CallNoArgs,
 * PyObject_CallFunction, PyObject_Vectorcall with keywords): list, tuple,
 * dict, bytes, bytearray, str, int, float, bool, type, memoryview and
 * slice, with good arguments and with every kind of bad one (too many,
 * unknown or duplicate keywords, wrong types, out-of-range values, an
 * iterator that raises, a __bytes__ that returns something else), and
 * heap subtypes of list,
 * tuple, dict, bytes, bytearray, int and float made with
 * PyType_FromSpecWithBases.
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

/* An iterator that yields 7, 8, then raises ValueError("boom"). */
typedef struct {
    PyObject_HEAD
    int n;
} Boom;
static PyObject *boom_next(PyObject *self) {
    Boom *b = (Boom *)self;
    if (b->n >= 2) {
        PyErr_SetString(PyExc_ValueError, "boom");
        return NULL;
    }
    return PyLong_FromLong(7 + b->n++);
}
static PyType_Slot boom_slots[] = {{Py_tp_iter, PyObject_SelfIter}, {Py_tp_iternext, boom_next}, {0, NULL}};
static PyType_Spec boom_spec = {"mod.Boom", sizeof(Boom), 0, Py_TPFLAGS_DEFAULT, boom_slots};

/* An object whose __bytes__ returns b'dunder', and one whose __bytes__
   returns 5. */
static PyObject *good_bytes(PyObject *self, PyObject *unused) {
    (void)self, (void)unused;
    return PyBytes_FromString("dunder");
}
static PyObject *bad_bytes(PyObject *self, PyObject *unused) {
    (void)self, (void)unused;
    return PyLong_FromLong(5);
}
static PyMethodDef good_methods[] = {{"__bytes__", good_bytes, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyMethodDef bad_methods[] = {{"__bytes__", bad_bytes, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyType_Slot good_slots[] = {{Py_tp_methods, good_methods}, {0, NULL}};
static PyType_Slot bad_slots[] = {{Py_tp_methods, bad_methods}, {0, NULL}};
static PyType_Spec good_spec = {"mod.GoodBytes", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, good_slots};
static PyType_Spec bad_spec = {"mod.BadBytes", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, bad_slots};

/* A mapping that is not a dict: keys() and item access. */
static PyObject *map_keys(PyObject *self, PyObject *unused) {
    (void)self, (void)unused;
    return Py_BuildValue("[ss]", "k1", "k2");
}
static PyObject *map_getitem(PyObject *self, PyObject *key) {
    (void)self;
    return PyUnicode_Concat(key, key);
}
static PyMethodDef map_methods[] = {{"keys", map_keys, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyType_Slot map_slots[] = {{Py_tp_methods, map_methods}, {Py_mp_subscript, map_getitem}, {0, NULL}};
static PyType_Spec map_spec = {"mod.Mapping", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, map_slots};

static PyObject *boom_type, *good_type, *bad_type, *map_type;

/* `callable(*args, **kwargs)` through PyObject_Call; `args` and `kwargs`
   (NULL for none) are consumed. */
static void call(const char *what, PyObject *callable, PyObject *args, PyObject *kwargs) {
    if (args == NULL) {
        show(what, NULL);
        Py_XDECREF(kwargs);
        return;
    }
    show(what, PyObject_Call(callable, args, kwargs));
    Py_DECREF(args);
    Py_XDECREF(kwargs);
}

#define T(t) ((PyObject *)&(t))

static void lists_and_tuples(PyObject *ty, const char *name) {
    char what[160];
#define C(text, args, kwargs)                                   \
    do {                                                        \
        snprintf(what, sizeof what, "%s" text, name);           \
        call(what, ty, args, kwargs);                           \
    } while (0)
    C("()", PyTuple_New(0), NULL);
    C("([1, 2])", Py_BuildValue("([ii])", 1, 2), NULL);
    C("((1, 2))", Py_BuildValue("((ii))", 1, 2), NULL);
    C("('ab')", Py_BuildValue("(s)", "ab"), NULL);
    C("(b'ab')", Py_BuildValue("(y)", "ab"), NULL);
    C("({1: 2, 3: 4})", Py_BuildValue("({ii,ii})", 1, 2, 3, 4), NULL);
    C("(5)", Py_BuildValue("(i)", 5), NULL);
    C("(None)", Py_BuildValue("(O)", Py_None), NULL);
    C("([1], [2])", Py_BuildValue("([i][i])", 1, 2), NULL);
    C("(iterable=[1])", PyTuple_New(0), Py_BuildValue("{s[i]}", "iterable", 1));
    C("([1], x=2)", Py_BuildValue("([i])", 1), Py_BuildValue("{si}", "x", 2));
    C("([1], **{})", Py_BuildValue("([i])", 1), PyDict_New());
    C("(Boom())", PyTuple_Pack(1, PyObject_CallNoArgs(boom_type)), NULL);
    C("(set([3]))", Py_BuildValue("(N)", PySet_New(Py_BuildValue("[i]", 3))), NULL);
#undef C
}

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    boom_type = PyType_FromSpec(&boom_spec);
    good_type = PyType_FromSpec(&good_spec);
    bad_type = PyType_FromSpec(&bad_spec);
    map_type = PyType_FromSpec(&map_spec);

    /* list and tuple */
    lists_and_tuples(T(PyList_Type), "list");
    lists_and_tuples(T(PyTuple_Type), "tuple");
    show("PyObject_CallNoArgs(list)", PyObject_CallNoArgs(T(PyList_Type)));
    {
        PyObject *t = Py_BuildValue("(ii)", 1, 2);
        PyObject *r = PyObject_CallOneArg(T(PyTuple_Type), t);
        printf("%d\ttuple(t) is t\t%d\n", ++case_no, r == t);
        Py_XDECREF(r);
        Py_DECREF(t);
    }
    show("PyObject_CallFunction(list, \"(ii)\", 1, 2)", PyObject_CallFunction(T(PyList_Type), "((ii))", 1, 2));
    show("PyObject_CallFunction(tuple, \"s\", \"xyz\")", PyObject_CallFunction(T(PyTuple_Type), "s", "xyz"));
    show("PyObject_CallFunction(list, NULL)", PyObject_CallFunction(T(PyList_Type), NULL));
    {
        PyObject *args[] = {Py_BuildValue("[i]", 1), PyLong_FromLong(2)};
        PyObject *kwnames = Py_BuildValue("(s)", "x");
        show("PyObject_Vectorcall(list, [1], x=2)", PyObject_Vectorcall(T(PyList_Type), args, 1, kwnames));
        show("PyObject_Vectorcall(dict, [1]->a=..., x=2)", PyObject_Vectorcall(T(PyDict_Type), args + 1, 0, kwnames));
        show("PyObject_Vectorcall(tuple, ([1], 2))", PyObject_Vectorcall(T(PyTuple_Type), args, 2, NULL));
        Py_DECREF(args[0]);
        Py_DECREF(args[1]);
        Py_DECREF(kwnames);
    }

    /* dict */
    {
        PyObject *d = T(PyDict_Type);
        call("dict()", d, PyTuple_New(0), NULL);
        call("dict({1: 2})", d, Py_BuildValue("({ii})", 1, 2), NULL);
        call("dict([(1, 2), (3, 4), (1, 5)])", d, Py_BuildValue("([(ii)(ii)(ii)])", 1, 2, 3, 4, 1, 5), NULL);
        call("dict([(1, 2, 3)])", d, Py_BuildValue("([(iii)])", 1, 2, 3), NULL);
        call("dict([(1, 2), 5])", d, Py_BuildValue("([(ii)i])", 1, 2, 5), NULL);
        call("dict(['ab', 'cd'])", d, Py_BuildValue("([ss])", "ab", "cd"), NULL);
        call("dict(5)", d, Py_BuildValue("(i)", 5), NULL);
        call("dict(None)", d, Py_BuildValue("(O)", Py_None), NULL);
        call("dict({}, {})", d, Py_BuildValue("({}{})"), NULL);
        call("dict(a=1, b=2)", d, PyTuple_New(0), Py_BuildValue("{sisi}", "a", 1, "b", 2));
        call("dict({'a': 0, 1: 1}, a=3)", d, Py_BuildValue("({sisi})", "a", 0, "1", 1), Py_BuildValue("{si}", "a", 3));
        call("dict([('a', 1)], b=2)", d, Py_BuildValue("([(si)])", "a", 1), Py_BuildValue("{si}", "b", 2));
        call("dict(**{1: 2})", d, PyTuple_New(0), Py_BuildValue("{ii}", 1, 2));
        call("dict(Mapping())", d, PyTuple_Pack(1, PyObject_CallNoArgs(map_type)), NULL);
        call("dict(Boom())", d, PyTuple_Pack(1, PyObject_CallNoArgs(boom_type)), NULL);
        call("dict([[1, 2]])", d, Py_BuildValue("([[ii]])", 1, 2), NULL);
        call("dict([([], 1)])", d, Py_BuildValue("([([]i)])", 1), NULL);
        show("PyObject_CallOneArg(dict, [(1, 2)])", PyObject_CallOneArg(d, Py_BuildValue("[(ii)]", 1, 2)));
    }

    /* bytes and bytearray */
    for (int k = 0; k < 2; k++) {
        PyObject *ty = k == 0 ? T(PyBytes_Type) : T(PyByteArray_Type);
        const char *n = k == 0 ? "bytes" : "bytearray";
        char what[160];
#define C(text, args, kwargs)                                \
    do {                                                     \
        snprintf(what, sizeof what, "%s" text, n);           \
        call(what, ty, args, kwargs);                        \
    } while (0)
        C("()", PyTuple_New(0), NULL);
        C("(3)", Py_BuildValue("(i)", 3), NULL);
        C("(0)", Py_BuildValue("(i)", 0), NULL);
        C("(-1)", Py_BuildValue("(i)", -1), NULL);
        C("(10**30)", Py_BuildValue("(N)", PyLong_FromString("1000000000000000000000000000000", NULL, 10)), NULL);
        C("(True)", Py_BuildValue("(O)", Py_True), NULL);
        C("('abc')", Py_BuildValue("(s)", "abc"), NULL);
        C("('abc', 'utf-8')", Py_BuildValue("(ss)", "abc", "utf-8"), NULL);
        C("('h\\xe9', 'latin-1')", Py_BuildValue("(ss)", "h\xc3\xa9", "latin-1"), NULL);
        C("('h\\xe9', 'ascii')", Py_BuildValue("(ss)", "h\xc3\xa9", "ascii"), NULL);
        C("('h\\xe9', 'ascii', 'ignore')", Py_BuildValue("(sss)", "h\xc3\xa9", "ascii", "ignore"), NULL);
        C("('h\\xe9', 'ascii', 'replace')", Py_BuildValue("(sss)", "h\xc3\xa9", "ascii", "replace"), NULL);
        C("('abc', 'utf-8', 'strict')", Py_BuildValue("(sss)", "abc", "utf-8", "strict"), NULL);
        C("('abc', 'no-such-codec')", Py_BuildValue("(ss)", "abc", "no-such-codec"), NULL);
        C("('abc', 5)", Py_BuildValue("(si)", "abc", 5), NULL);
        C("('abc', None)", Py_BuildValue("(sO)", "abc", Py_None), NULL);
        C("('abc', 'utf-8', 5)", Py_BuildValue("(ssi)", "abc", "utf-8", 5), NULL);
        C("('abc', 'utf\\0-8')", Py_BuildValue("(ss#)", "abc", "utf\0-8", (Py_ssize_t)6), NULL);
        C("(encoding='utf-8')", PyTuple_New(0), Py_BuildValue("{ss}", "encoding", "utf-8"));
        C("(errors='strict')", PyTuple_New(0), Py_BuildValue("{ss}", "errors", "strict"));
        C("(5, 'utf-8')", Py_BuildValue("(is)", 5, "utf-8"), NULL);
        C("(5, errors='strict')", Py_BuildValue("(i)", 5), Py_BuildValue("{ss}", "errors", "strict"));
        C("('abc', errors='strict')", Py_BuildValue("(s)", "abc"), Py_BuildValue("{ss}", "errors", "strict"));
        C("(source='abc', encoding='utf-8')", PyTuple_New(0), Py_BuildValue("{ssss}", "source", "abc", "encoding", "utf-8"));
        C("('a', 'b', 'c', 'd')", Py_BuildValue("(ssss)", "a", "b", "c", "d"), NULL);
        C("(x=1)", PyTuple_New(0), Py_BuildValue("{si}", "x", 1));
        C("('a', source='b')", Py_BuildValue("(s)", "a"), Py_BuildValue("{ss}", "source", "b"));
        C("(b'xy')", Py_BuildValue("(y)", "xy"), NULL);
        C("(bytearray(b'xy'))", Py_BuildValue("(N)", PyByteArray_FromStringAndSize("xy", 2)), NULL);
        C("(memoryview(b'xyz'))", Py_BuildValue("(N)", PyMemoryView_FromObject(PyBytes_FromString("xyz"))), NULL);
        C("([1, 2, 255])", Py_BuildValue("([iii])", 1, 2, 255), NULL);
        C("((1, 2))", Py_BuildValue("((ii))", 1, 2), NULL);
        C("([256])", Py_BuildValue("([i])", 256), NULL);
        C("([-1])", Py_BuildValue("([i])", -1), NULL);
        C("(['a'])", Py_BuildValue("([s])", "a"), NULL);
        C("([1.0])", Py_BuildValue("([d])", 1.0), NULL);
        C("(1.5)", Py_BuildValue("(d)", 1.5), NULL);
        C("(None)", Py_BuildValue("(O)", Py_None), NULL);
        C("(Boom())", PyTuple_Pack(1, PyObject_CallNoArgs(boom_type)), NULL);
        C("(GoodBytes())", PyTuple_Pack(1, PyObject_CallNoArgs(good_type)), NULL);
        C("(BadBytes())", PyTuple_Pack(1, PyObject_CallNoArgs(bad_type)), NULL);
        C("({1: 0, 2: 0})", Py_BuildValue("({iiii})", 1, 0, 2, 0), NULL);
#undef C
    }
    show("PyObject_CallFunction(bytes, \"si\", \"x\", 1)", PyObject_CallFunction(T(PyBytes_Type), "si", "x", 1));
    show("PyObject_CallFunction(bytes, \"ss\", \"x\", \"ascii\")",
         PyObject_CallFunction(T(PyBytes_Type), "ss", "x", "ascii"));
    show("PyObject_CallOneArg(bytearray, 4)", PyObject_CallOneArg(T(PyByteArray_Type), PyLong_FromLong(4)));
    {
        /* bytearray.__init__ again on an existing bytearray replaces it. */
        PyObject *ba = PyByteArray_FromStringAndSize("old", 3);
        PyObject *args = Py_BuildValue("(y)", "new!");
        int rc = Py_TYPE(ba)->tp_init(ba, args, NULL);
        PyObject *r = PyObject_ASCII(ba);
        printf("%d\tbytearray.__init__(b'old', b'new!')\trc=%d %s\n", ++case_no, rc, PyUnicode_AsUTF8(r));
        Py_DECREF(r);
        Py_DECREF(args);
        Py_DECREF(ba);
    }

    /* str */
    {
        PyObject *s = T(PyUnicode_Type);
        call("str()", s, PyTuple_New(0), NULL);
        call("str(5)", s, Py_BuildValue("(i)", 5), NULL);
        call("str(b'ab')", s, Py_BuildValue("(y)", "ab"), NULL);
        call("str(b'ab', 'utf-8')", s, Py_BuildValue("(ys)", "ab", "utf-8"), NULL);
        call("str(b'\\xff', 'utf-8')", s, Py_BuildValue("(ys)", "\xff", "utf-8"), NULL);
        call("str(b'\\xff', 'utf-8', 'replace')", s, Py_BuildValue("(yss)", "\xff", "utf-8", "replace"), NULL);
        call("str('x', 'utf-8')", s, Py_BuildValue("(ss)", "x", "utf-8"), NULL);
        call("str(object=[1])", s, PyTuple_New(0), Py_BuildValue("{s[i]}", "object", 1));
        call("str(encoding='utf-8')", s, PyTuple_New(0), Py_BuildValue("{ss}", "encoding", "utf-8"));
        call("str(1, 2, 3, 4)", s, Py_BuildValue("(iiii)", 1, 2, 3, 4), NULL);
        call("str(b'ab', 5)", s, Py_BuildValue("(yi)", "ab", 5), NULL);
    }

    /* int */
    {
        PyObject *i = T(PyLong_Type);
        call("int()", i, PyTuple_New(0), NULL);
        call("int('12')", i, Py_BuildValue("(s)", "12"), NULL);
        call("int(' -12_000 ')", i, Py_BuildValue("(s)", " -12_000 "), NULL);
        call("int('12', 8)", i, Py_BuildValue("(si)", "12", 8), NULL);
        call("int('z', 36)", i, Py_BuildValue("(si)", "z", 36), NULL);
        call("int('0x1f', 0)", i, Py_BuildValue("(si)", "0x1f", 0), NULL);
        call("int('0x1f', 16)", i, Py_BuildValue("(si)", "0x1f", 16), NULL);
        call("int('012', 0)", i, Py_BuildValue("(si)", "012", 0), NULL);
        call("int('12', 1)", i, Py_BuildValue("(si)", "12", 1), NULL);
        call("int('12', 37)", i, Py_BuildValue("(si)", "12", 37), NULL);
        call("int('12', -1)", i, Py_BuildValue("(si)", "12", -1), NULL);
        call("int('12', 2.5)", i, Py_BuildValue("(sd)", "12", 2.5), NULL);
        call("int('12', None)", i, Py_BuildValue("(sO)", "12", Py_None), NULL);
        call("int(12, 10)", i, Py_BuildValue("(ii)", 12, 10), NULL);
        call("int(b'ff', 16)", i, Py_BuildValue("(yi)", "ff", 16), NULL);
        call("int(b' 7 ', 10)", i, Py_BuildValue("(yi)", " 7 ", 10), NULL);
        call("int(bytearray(b'zz'), 16)", i, Py_BuildValue("(Ni)", PyByteArray_FromStringAndSize("zz", 2), 16), NULL);
        call("int(b'1\\x002', 10)", i, Py_BuildValue("(y#i)", "1\0" "2", (Py_ssize_t)3, 10), NULL);
        call("int(b'12')", i, Py_BuildValue("(y)", "12"), NULL);
        call("int('abc')", i, Py_BuildValue("(s)", "abc"), NULL);
        call("int('')", i, Py_BuildValue("(s)", ""), NULL);
        call("int(3.7)", i, Py_BuildValue("(d)", 3.7), NULL);
        call("int(-3.7)", i, Py_BuildValue("(d)", -3.7), NULL);
        call("int(1e300)", i, Py_BuildValue("(d)", 1e300), NULL);
        call("int(inf)", i, Py_BuildValue("(d)", Py_HUGE_VAL), NULL);
        call("int(nan)", i, Py_BuildValue("(d)", Py_NAN), NULL);
        call("int(None)", i, Py_BuildValue("(O)", Py_None), NULL);
        call("int([1])", i, Py_BuildValue("([i])", 1), NULL);
        call("int(True)", i, Py_BuildValue("(O)", Py_True), NULL);
        call("int(base=2)", i, PyTuple_New(0), Py_BuildValue("{si}", "base", 2));
        call("int('101', base=2)", i, Py_BuildValue("(s)", "101"), Py_BuildValue("{si}", "base", 2));
        call("int('1', 2, base=3)", i, Py_BuildValue("(si)", "1", 2), Py_BuildValue("{si}", "base", 3));
        call("int(x=1)", i, PyTuple_New(0), Py_BuildValue("{si}", "x", 1));
        call("int(1, 2, 3)", i, Py_BuildValue("(iii)", 1, 2, 3), NULL);
        show("PyObject_CallFunction(int, \"si\", \"ff\", 16)", PyObject_CallFunction(i, "si", "ff", 16));
    }

    /* float */
    {
        PyObject *f = T(PyFloat_Type);
        call("float()", f, PyTuple_New(0), NULL);
        call("float('1.5')", f, Py_BuildValue("(s)", "1.5"), NULL);
        call("float(' 1e3 ')", f, Py_BuildValue("(s)", " 1e3 "), NULL);
        call("float('-inf')", f, Py_BuildValue("(s)", "-inf"), NULL);
        call("float('nan')", f, Py_BuildValue("(s)", "nan"), NULL);
        call("float('1_0.5')", f, Py_BuildValue("(s)", "1_0.5"), NULL);
        call("float('abc')", f, Py_BuildValue("(s)", "abc"), NULL);
        call("float('')", f, Py_BuildValue("(s)", ""), NULL);
        call("float(5)", f, Py_BuildValue("(i)", 5), NULL);
        call("float(True)", f, Py_BuildValue("(O)", Py_True), NULL);
        call("float(10**400)", f, Py_BuildValue("(N)", PyNumber_Power(PyLong_FromLong(10), PyLong_FromLong(400), Py_None)), NULL);
        call("float(None)", f, Py_BuildValue("(O)", Py_None), NULL);
        call("float([1])", f, Py_BuildValue("([i])", 1), NULL);
        call("float(b'2.5')", f, Py_BuildValue("(y)", "2.5"), NULL);
        call("float(1, 2)", f, Py_BuildValue("(ii)", 1, 2), NULL);
        call("float(x=1)", f, PyTuple_New(0), Py_BuildValue("{si}", "x", 1));
        show("PyObject_CallOneArg(float, '0.1')", PyObject_CallOneArg(f, PyUnicode_FromString("0.1")));
    }

    /* bool */
    {
        PyObject *b = T(PyBool_Type);
        call("bool()", b, PyTuple_New(0), NULL);
        call("bool(0)", b, Py_BuildValue("(i)", 0), NULL);
        call("bool(5)", b, Py_BuildValue("(i)", 5), NULL);
        call("bool('')", b, Py_BuildValue("(s)", ""), NULL);
        call("bool([0])", b, Py_BuildValue("([i])", 0), NULL);
        call("bool(None)", b, Py_BuildValue("(O)", Py_None), NULL);
        call("bool(1, 2)", b, Py_BuildValue("(ii)", 1, 2), NULL);
        call("bool(x=1)", b, PyTuple_New(0), Py_BuildValue("{si}", "x", 1));
    }

    /* type */
    {
        PyObject *t = T(PyType_Type);
        call("type(5)", t, Py_BuildValue("(i)", 5), NULL);
        call("type('a')", t, Py_BuildValue("(s)", "a"), NULL);
        call("type(list)", t, Py_BuildValue("(O)", T(PyList_Type)), NULL);
        call("type()", t, PyTuple_New(0), NULL);
        call("type(1, 2)", t, Py_BuildValue("(ii)", 1, 2), NULL);
        call("type(1, 2, 3, 4)", t, Py_BuildValue("(iiii)", 1, 2, 3, 4), NULL);
        call("type(5, a=1)", t, Py_BuildValue("(i)", 5), Py_BuildValue("{si}", "a", 1));
        call("type(5, **{})", t, Py_BuildValue("(i)", 5), PyDict_New());
    }

    /* memoryview and slice */
    {
        PyObject *m = T(PyMemoryView_Type), *sl = T(PySlice_Type);
        struct {
            const char *what;
            PyObject *args, *kwargs;
        } mv_cases[] = {
            {"memoryview(b'ab')", Py_BuildValue("(y)", "ab"), NULL},
            {"memoryview(object=bytearray(b'xyz'))", PyTuple_New(0),
             Py_BuildValue("{sN}", "object", PyByteArray_FromStringAndSize("xyz", 3))},
            {"memoryview()", PyTuple_New(0), NULL},
            {"memoryview(x=1)", PyTuple_New(0), Py_BuildValue("{si}", "x", 1)},
            {"memoryview(b'a', b'b')", Py_BuildValue("(yy)", "a", "b"), NULL},
            {"memoryview(b'a', object=b'b')", Py_BuildValue("(y)", "a"), Py_BuildValue("{sy}", "object", "b")},
            {"memoryview(5)", Py_BuildValue("(i)", 5), NULL},
            {"memoryview('ab')", Py_BuildValue("(s)", "ab"), NULL},
        };
        for (size_t k = 0; k < sizeof mv_cases / sizeof *mv_cases; k++) {
            PyObject *r = PyObject_Call(m, mv_cases[k].args, mv_cases[k].kwargs);
            /* A memoryview's repr holds its address: show its bytes. */
            show(mv_cases[k].what, r ? PyBytes_FromObject(r) : NULL);
            Py_XDECREF(r);
            Py_DECREF(mv_cases[k].args);
            Py_XDECREF(mv_cases[k].kwargs);
        }
        call("slice(5)", sl, Py_BuildValue("(i)", 5), NULL);
        call("slice(1, 5)", sl, Py_BuildValue("(ii)", 1, 5), NULL);
        call("slice(1, 5, -1)", sl, Py_BuildValue("(iii)", 1, 5, -1), NULL);
        call("slice(None)", sl, Py_BuildValue("(O)", Py_None), NULL);
        call("slice('a', [], 2.5)", sl, Py_BuildValue("(s[]d)", "a", 2.5), NULL);
        call("slice()", sl, PyTuple_New(0), NULL);
        call("slice(1, 2, 3, 4)", sl, Py_BuildValue("(iiii)", 1, 2, 3, 4), NULL);
        call("slice(1, stop=2)", sl, Py_BuildValue("(i)", 1), Py_BuildValue("{si}", "stop", 2));
        call("slice(1, **{})", sl, Py_BuildValue("(i)", 1), PyDict_New());
    }

    /* Heap subtypes of the built-in types. */
    {
        PyTypeObject *bases[] = {&PyList_Type, &PyTuple_Type, &PyDict_Type, &PyBytes_Type,
                                 &PyByteArray_Type, &PyLong_Type, &PyFloat_Type};
        const char *names[] = {"mod.MyList", "mod.MyTuple", "mod.MyDict", "mod.MyBytes",
                               "mod.MyByteArray", "mod.MyInt", "mod.MyFloat"};
        for (int k = 0; k < 7; k++) {
            PyType_Slot slots[] = {{0, NULL}};
            PyType_Spec spec = {names[k], 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
            PyObject *sub = PyType_FromSpecWithBases(&spec, (PyObject *)bases[k]);
            if (sub == NULL) {
                show(names[k], NULL);
                continue;
            }
            char what[160];
            PyObject *argsets[] = {PyTuple_New(0), Py_BuildValue("([ii])", 1, 2), Py_BuildValue("(s)", "42"),
                                   Py_BuildValue("(i)", 3), Py_BuildValue("(ss)", "12", "ascii"),
                                   Py_BuildValue("({ii})", 1, 2)};
            const char *argtexts[] = {"()", "([1, 2])", "('42')", "(3)", "('12', 'ascii')", "({1: 2})"};
            for (int a = 0; a < 6; a++) {
                snprintf(what, sizeof what, "%s%s", names[k], argtexts[a]);
                PyObject *r = PyObject_Call(sub, argsets[a], NULL);
                if (r != NULL) {
                    PyObject *asbase = PyObject_Str(r);
                    printf("%d\t%s\t%s isinstance=%d str=%s hash=", ++case_no, what, Py_TYPE(r)->tp_name,
                           PyObject_IsInstance(r, (PyObject *)bases[k]), asbase ? PyUnicode_AsUTF8(asbase) : "?");
                    Py_XDECREF(asbase);
                    /* str and bytes hashes are randomised per process. */
                    Py_hash_t h = k >= 5 ? PyObject_Hash(r) : 0;
                    if (h == -1) {
                        PyErr_Clear();
                        printf("unhashable\n");
                    } else {
                        printf("%lld\n", (long long)h);
                    }
                    Py_DECREF(r);
                } else {
                    show(what, NULL);
                }
                Py_DECREF(argsets[a]);
            }
            Py_DECREF(sub);
        }
    }

    Py_DECREF(boom_type);
    Py_DECREF(good_type);
    Py_DECREF(bad_type);
    Py_DECREF(map_type);
    PyGILState_Release(g);
    return 0;
}
