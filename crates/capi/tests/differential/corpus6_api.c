/* Differential cases for the API the corpus6 members (scripts/corpus.py:
 * simplejson, cbor2) added:
 *
 * - struct sequences (Objects/structseq.c): PyStructSequence_InitType2 on
 *   a zeroed static type and PyStructSequence_NewType, with attribute-only
 *   and unnamed fields; PyStructSequence_New/SetItem/GetItem and the
 *   macros; the type's counts and __match_args__; instances from the
 *   constructor (a sequence and a dict of the rest) with each of its
 *   errors; repr, len, items, attributes, __reduce__, comparison and
 *   hashing as tuples; re-initialising a type in use;
 * - PyUnicode_DecodeUTF8Stateful: sequences cut off at the end left
 *   unconsumed (and which ones are errors instead), with each handler;
 * - PyUnicode_Tailmatch: both directions, clamped bounds, type errors;
 * - PyEval_GetBuiltins / PyEval_GetGlobals / PyEval_GetLocals outside any
 *   frame.
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
#include <string.h>

#include "case.h"

/* One case whose result is a C integer (-1 with an error shows it). */
static void show_int(const char *what, Py_ssize_t v)
{
    if (v == -1 && PyErr_Occurred()) {
        show(what, NULL);
        return;
    }
    printf("%d\t%s\t%zd\n", ++case_no, what, v);
}

/* ------------------------------------------------------------------ */
/*                        Struct sequences                            */
/* ------------------------------------------------------------------ */

static PyStructSequence_Field point_fields[] = {
    {"x", "the x coordinate"},
    {"y", NULL},
    {"label", "attribute only"},
    {"weight", NULL},
    {NULL, NULL},
};
static PyStructSequence_Desc point_desc = {"geo.Point", "A point.", point_fields, 2};

static PyStructSequence_Field exact_fields[] = {{"a", NULL}, {"b", NULL}, {NULL, NULL}};
static PyStructSequence_Desc exact_desc = {"geo.Pair", NULL, exact_fields, 2};

static PyStructSequence_Field unnamed_fields[] = {{"first", NULL}, {NULL, NULL}, {"third", NULL}, {NULL, NULL}};
static PyStructSequence_Desc unnamed_desc = {"geo.Gap", NULL, unnamed_fields, 3};

static PyTypeObject PointType;
static PyTypeObject PairType;

static PyObject *call_type(PyObject *type, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args == NULL)
        return NULL;
    PyObject *r = PyObject_Call(type, args, NULL);
    Py_DECREF(args);
    return r;
}

static void show_attr(const char *what, PyObject *o, const char *name)
{
    show(what, PyObject_GetAttrString(o, name));
}

static void structseq_cases(void)
{
    /* Unnamed fields get no attribute: make the middle one so. */
    unnamed_fields[1].name = PyStructSequence_UnnamedField;

    show_int("InitType2(Point)", PyStructSequence_InitType2(&PointType, &point_desc));
    show_int("InitType2(Pair)", PyStructSequence_InitType2(&PairType, &exact_desc));
    /* CPython's message names its own source line: the type is compared. */
    int again = PyStructSequence_InitType2(&PointType, &point_desc);
    PyObject *again_exc = PyErr_Occurred();
    printf("%d\tInitType2(Point) again (in use)\t%d %s\n", ++case_no, again,
           again_exc ? ((PyTypeObject *)again_exc)->tp_name : "no error");
    PyErr_Clear();
    PyObject *point = (PyObject *)&PointType;
    PyObject *pair = (PyObject *)&PairType;
    show("Point", Py_NewRef(point));
    show_attr("Point.__doc__", point, "__doc__");
    show_attr("Point.__module__", point, "__module__");
    show_attr("Point.__name__", point, "__name__");
    show_attr("Point.n_sequence_fields", point, "n_sequence_fields");
    show_attr("Point.n_fields", point, "n_fields");
    show_attr("Point.n_unnamed_fields", point, "n_unnamed_fields");
    show_attr("Point.__match_args__", point, "__match_args__");
    show_attr("Point.__mro__", point, "__mro__");
    show_int("Point is a tuple subclass", PyType_IsSubtype(&PointType, &PyTuple_Type));
    show_int("Point has GC", PyType_HasFeature(&PointType, Py_TPFLAGS_HAVE_GC));
    show_int("Point is a heap type", PyType_HasFeature(&PointType, Py_TPFLAGS_HEAPTYPE));
    show_int("Point.tp_basicsize == tuple's", PointType.tp_basicsize == PyTuple_Type.tp_basicsize);
    show_int("Point.tp_itemsize", PointType.tp_itemsize);
    PyObject *xdoc = PyObject_GetAttrString(point, "x");
    show_attr("Point.x.__doc__", xdoc, "__doc__");
    Py_XDECREF(xdoc);

    /* From C. */
    PyObject *p = PyStructSequence_New(&PointType);
    show_int("New(Point): len", p ? PyTuple_GET_SIZE(p) : -1);
    PyStructSequence_SET_ITEM(p, 0, PyLong_FromLong(3));
    PyStructSequence_SetItem(p, 1, PyLong_FromLong(4));
    PyStructSequence_SET_ITEM(p, 2, PyUnicode_FromString("origin"));
    PyStructSequence_SetItem(p, 3, PyFloat_FromDouble(0.5));
    show("GetItem(p, 2)", Py_NewRef(PyStructSequence_GetItem(p, 2)));
    show("GET_ITEM(p, 3)", Py_NewRef(PyStructSequence_GET_ITEM(p, 3)));
    show("repr(p)", PyObject_Repr(p));
    show_attr("p.x", p, "x");
    show_attr("p.label", p, "label");
    show_attr("p.weight", p, "weight");
    show_int("len(p)", PyObject_Length(p));
    show("p[1]", PySequence_GetItem(p, 1));
    show("p[2]", PySequence_GetItem(p, 2));
    show("p[:]", PySequence_GetSlice(p, 0, 10));
    show("tuple(p)", PySequence_Tuple(p));
    show("p.__reduce__()", PyObject_CallMethod(p, "__reduce__", NULL));
    show_int("p.x = 1", PyObject_SetAttrString(p, "x", Py_None));
    show_int("del p.label", PyObject_DelAttrString(p, "label"));
    show_int("p.new = 1", PyObject_SetAttrString(p, "new", Py_None));
    PyObject *t34 = Py_BuildValue("(ii)", 3, 4);
    show_int("p == (3, 4)", PyObject_RichCompareBool(p, t34, Py_EQ));
    show_int("hash(p) == hash((3, 4))", PyObject_Hash(p) == PyObject_Hash(t34));
    show_int("PyTuple_Check(p)", PyTuple_Check(p));
    show_int("PyTuple_CheckExact(p)", PyTuple_CheckExact(p));
    Py_DECREF(t34);

    /* The constructor. */
    show("Point([1, 2])", call_type(point, "([ii])", 1, 2));
    show("Point((1, 2, 'l'))", call_type(point, "((iis))", 1, 2, "l"));
    show("Point((1, 2, 'l', 9))", call_type(point, "((iisi))", 1, 2, "l", 9));
    PyObject *q = call_type(point, "((ii){s:s,s:i})", 1, 2, "label", "L", "weight", 7);
    show("Point((1, 2), {'label': 'L', 'weight': 7})", Py_XNewRef(q));
    if (q != NULL) {
        show_attr("  .label", q, "label");
        show_attr("  .weight", q, "weight");
        show("  .__reduce__()", PyObject_CallMethod(q, "__reduce__", NULL));
        Py_DECREF(q);
    }
    q = call_type(point, "((ii){s:s,s:i})", 1, 2, "label", "L", "bogus", 1);
    show("Point((1, 2), {'label': 'L', 'bogus': 1})", Py_XNewRef(q));
    if (q != NULL) {
        show_attr("  .weight", q, "weight");
        Py_DECREF(q);
    }
    show("Point((1, 2, 'l'), {'label': 'other'})", call_type(point, "((iis){s:s})", 1, 2, "l", "label", "other"));
    show("Point(range(2))", PyObject_CallFunction(point, "(O)", PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 2)));
    show("Point('ab')", call_type(point, "(s)", "ab"));
    show("Point([1])", call_type(point, "([i])", 1));
    show("Point([1, 2, 3, 4, 5])", call_type(point, "([iiiii])", 1, 2, 3, 4, 5));
    show("Point(5)", call_type(point, "(i)", 5));
    show("Point([1, 2], 5)", call_type(point, "([ii]i)", 1, 2, 5));
    show("Point([1, 2], None)", call_type(point, "([ii]O)", 1, 2, Py_None));
    show("Point()", call_type(point, "()"));
    show("Point([1, 2], {}, 3)", call_type(point, "([ii]{}i)", 1, 2, 3));
    PyObject *kw = Py_BuildValue("{s:(ii)}", "sequence", 5, 6);
    PyObject *empty = PyTuple_New(0);
    show("Point(sequence=(5, 6))", PyObject_Call(point, empty, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("{s:(ii),s:i}", "sequence", 5, 6, "other", 1);
    show("Point(sequence=(5, 6), other=1)", PyObject_Call(point, empty, kw));
    Py_DECREF(kw);
    show("Pair((1, 2))", call_type(pair, "((ii))", 1, 2));
    show("Pair((1,))", call_type(pair, "((i))", 1));
    show("Pair((1, 2, 3))", call_type(pair, "((iii))", 1, 2, 3));
    show("Pair((1, 2), {'a': 9})", call_type(pair, "((ii){s:i})", 1, 2, "a", 9));

    /* A heap type, with an unnamed field. */
    PyTypeObject *gap = PyStructSequence_NewType(&unnamed_desc);
    show("NewType(Gap)", Py_XNewRef((PyObject *)gap));
    if (gap != NULL) {
        show_int("Gap is a heap type", PyType_HasFeature(gap, Py_TPFLAGS_HEAPTYPE));
        show_attr("Gap.__module__", (PyObject *)gap, "__module__");
        show_attr("Gap.__name__", (PyObject *)gap, "__name__");
        show_attr("Gap.__doc__", (PyObject *)gap, "__doc__");
        show_attr("Gap.n_unnamed_fields", (PyObject *)gap, "n_unnamed_fields");
        show_attr("Gap.__match_args__", (PyObject *)gap, "__match_args__");
        PyObject *g = call_type((PyObject *)gap, "((iii))", 1, 2, 3);
        show("Gap((1, 2, 3))", Py_XNewRef(g));
        if (g != NULL) {
            show("  repr() (a visible field without a name)", PyObject_Repr(g));
            show_attr("  .first", g, "first");
            show_attr("  .third", g, "third");
            show("  [1]", PySequence_GetItem(g, 1));
            show("  .__reduce__()", PyObject_CallMethod(g, "__reduce__", NULL));
            Py_DECREF(g);
        }
        Py_ssize_t before = Py_REFCNT(gap);
        g = PyStructSequence_New(gap);
        show_int("New(Gap) holds its type", Py_REFCNT(gap) - before);
        for (int i = 0; i < 3; i++)
            PyStructSequence_SET_ITEM(g, i, PyLong_FromLong(i * 10));
        show("New(Gap) filled", Py_NewRef(g));
        Py_DECREF(g);
        show_int("freed New(Gap) releases its type", Py_REFCNT(gap) - before);
        Py_DECREF(gap);
    }
    Py_DECREF(empty);
    Py_DECREF(p);
}

/* ------------------------------------------------------------------ */
/*                   PyUnicode_DecodeUTF8Stateful                     */
/* ------------------------------------------------------------------ */

static void stateful(const char *what, const char *data, Py_ssize_t n, const char *errors, int with_consumed)
{
    Py_ssize_t consumed = -7;
    PyObject *r = PyUnicode_DecodeUTF8Stateful(data, n, errors, with_consumed ? &consumed : NULL);
    char line[160];
    snprintf(line, sizeof line, "%s [consumed %zd]", what, with_consumed ? consumed : (Py_ssize_t)-1);
    show(line, r);
}

static void utf8_cases(void)
{
    static const struct { const char *what; const char *data; int n; } V[] = {
        {"'abc'", "abc", 3},
        {"'a' + c3 (cut 2-byte)", "a\xc3", 2},
        {"'a' + e6 b0 (cut 3-byte)", "a\xe6\xb0", 3},
        {"'a' + e6 (cut 3-byte at 1)", "a\xe6", 2},
        {"'a' + f0 9d 84 (cut 4-byte)", "a\xf0\x9d\x84", 4},
        {"'a' + f0 9d (cut 4-byte at 2)", "a\xf0\x9d", 3},
        {"'a' + f0 (cut 4-byte at 1)", "a\xf0", 2},
        {"'a' + e0 80 (overlong prefix)", "a\xe0\x80", 3},
        {"'a' + ed a0 (surrogate prefix)", "a\xed\xa0", 3},
        {"'a' + f4 90 (beyond U+10FFFF)", "a\xf4\x90", 3},
        {"'a' + f5 (invalid lead)", "a\xf5", 2},
        {"'a' + c0 (invalid lead)", "a\xc0", 2},
        {"'a' + 80 (lone continuation)", "a\x80", 2},
        {"'a' + e6 41 (bad continuation)", "a\xe6\x41", 3},
        {"ff + 'a' + c3", "\xff" "a\xc3", 3},
        {"c3 only", "\xc3", 1},
        {"'\\u00fc\\u6c34\\U0001d11e' whole", "\xc3\xbc\xe6\xb0\xb4\xf0\x9d\x84\x9e", 9},
        {"empty", "", 0},
        {NULL, NULL, 0},
    };
    for (int i = 0; V[i].what; i++) {
        stateful(V[i].what, V[i].data, V[i].n, NULL, 1);
        stateful(V[i].what, V[i].data, V[i].n, NULL, 0);
        stateful(V[i].what, V[i].data, V[i].n, "replace", 1);
        stateful(V[i].what, V[i].data, V[i].n, "ignore", 1);
        stateful(V[i].what, V[i].data, V[i].n, "surrogateescape", 1);
    }
    stateful("'a' + c3 with errors='bogus'", "a\xc3", 2, "bogus", 1);
    stateful("ff with errors='bogus'", "\xff", 1, "bogus", 1);
}

/* ------------------------------------------------------------------ */
/*                        PyUnicode_Tailmatch                         */
/* ------------------------------------------------------------------ */

static void tailmatch(const char *s, const char *sub, Py_ssize_t start, Py_ssize_t end, int dir)
{
    PyObject *a = PyUnicode_FromString(s), *b = PyUnicode_FromString(sub);
    char what[160];
    snprintf(what, sizeof what, "Tailmatch(%s, %s, %zd, %zd, %d)", s, sub, start, end, dir);
    show_int(what, PyUnicode_Tailmatch(a, b, start, end, dir));
    Py_DECREF(a);
    Py_DECREF(b);
}

static void tailmatch_cases(void)
{
    tailmatch("hello world", "hello", 0, PY_SSIZE_T_MAX, -1);
    tailmatch("hello world", "hello", 0, PY_SSIZE_T_MAX, 1);
    tailmatch("hello world", "world", 0, PY_SSIZE_T_MAX, 1);
    tailmatch("hello world", "world", 0, PY_SSIZE_T_MAX, 0);
    tailmatch("hello world", "lo", 3, 5, -1);
    tailmatch("hello world", "lo", 3, 5, 1);
    tailmatch("hello world", "lo", 3, 4, 1);
    tailmatch("hello world", "wor", -5, -2, 1);
    tailmatch("hello world", "", 0, 0, 1);
    tailmatch("hello world", "", 20, 30, 1);
    tailmatch("hello world", "", 11, 30, -1);
    tailmatch("hello world", "d", -1, PY_SSIZE_T_MAX, -1);
    tailmatch("hello world", "hello world!", 0, PY_SSIZE_T_MAX, 1);
    tailmatch("\xc3\xbc\xe6\xb0\xb4\xf0\x9d\x84\x9e", "\xf0\x9d\x84\x9e", 0, 3, 1);
    tailmatch("\xc3\xbc\xe6\xb0\xb4\xf0\x9d\x84\x9e", "\xc3\xbc", 0, 3, -1);
    tailmatch("abc", "c", 0, 3, 2);
    PyObject *s = PyUnicode_FromString("abc");
    PyObject *b = PyBytes_FromString("a");
    show_int("Tailmatch(b'a', 'abc', ...)", PyUnicode_Tailmatch(b, s, 0, 3, -1));
    show_int("Tailmatch('abc', b'a', ...)", PyUnicode_Tailmatch(s, b, 0, 3, -1));
    show_int("Tailmatch('abc', 5, ...)", PyUnicode_Tailmatch(s, Py_None, 0, 3, -1));
    Py_DECREF(s);
    Py_DECREF(b);
}

/* ------------------------------------------------------------------ */
/*                    The current frame's namespaces                  */
/* ------------------------------------------------------------------ */

static void eval_cases(void)
{
    PyObject *b = PyEval_GetBuiltins();
    show_int("GetBuiltins() is a dict", b != NULL && PyDict_Check(b));
    show("GetBuiltins()['len']", Py_XNewRef(b ? PyDict_GetItemString(b, "len") : NULL));
    show("GetBuiltins()['ValueError']", Py_XNewRef(b ? PyDict_GetItemString(b, "ValueError") : NULL));
    show("GetBuiltins()['__name__']", Py_XNewRef(b ? PyDict_GetItemString(b, "__name__") : NULL));
    PyObject *m = PyImport_ImportModule("builtins");
    show_int("GetBuiltins() is builtins.__dict__", m != NULL && PyModule_GetDict(m) == b);
    Py_XDECREF(m);
    show_int("GetBuiltins() twice: the same", PyEval_GetBuiltins() == b);
    PyObject *g = PyEval_GetGlobals();
    show_int("GetGlobals() is NULL", g == NULL);
    show_int("GetGlobals() sets no error", PyErr_Occurred() != NULL);
    show("GetLocals()", Py_XNewRef(PyEval_GetLocals()));
}

int main(void)
{
    Py_Initialize();
    structseq_cases();
    utf8_cases();
    tailmatch_cases();
    eval_cases();
    return 0;
}
