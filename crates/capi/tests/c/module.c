/* The module API as a CPython extension uses it: None/True/False, int,
   float, bool and str objects with their conversions and errors,
   PyUnicode_FromFormat and PyErr_Format, and a module created from a
   PyModuleDef whose METH_NOARGS, METH_O and METH_FASTCALL functions are
   called through their C function pointers, as an interpreter would. The
   expected strings are CPython 3.11's. */
#include <Python.h>
#include "check.h"

/* The pending exception is `exc`; clears it. */
#define RAISED(exc) (PyErr_Occurred() == (exc) ? (PyErr_Clear(), 1) : (PyErr_Clear(), 0))

static int str_is(PyObject *s, const char *want) {
    if (s == NULL) {
        PyErr_Clear();
        return 0;
    }
    const char *got = PyUnicode_AsUTF8(s);
    int ok = got != NULL && strcmp(got, want) == 0;
    if (!ok) printf("# got '%s', want '%s'\n", got ? got : "(NULL)", want);
    Py_DECREF(s);
    return ok;
}

static PyObject *return_none(void) { Py_RETURN_NONE; }
static PyObject *return_true(void) { Py_RETURN_TRUE; }
static PyObject *return_false(void) { Py_RETURN_FALSE; }

static void test_singletons(void) {
    Py_ssize_t none0 = Py_REFCNT(Py_None), true0 = Py_REFCNT(Py_True), false0 = Py_REFCNT(Py_False);
    CHECK(none0 > (1L << 30) && true0 > (1L << 30) && false0 > (1L << 30),
          "None, True and False have immortal refcounts");
    for (int i = 0; i < 1000; i++) {
        PyObject *n = return_none(), *t = return_true(), *f = return_false();
        Py_DECREF(n);
        Py_DECREF(t);
        Py_DECREF(f);
    }
    CHECK(Py_REFCNT(Py_None) == none0 && Py_REFCNT(Py_True) == true0 && Py_REFCNT(Py_False) == false0,
          "Py_RETURN_NONE/TRUE/FALSE and Py_DECREF are balanced");
    CHECK(return_none() == Py_None && Py_IsNone(Py_None) && !Py_IsNone(Py_True), "Py_RETURN_NONE, Py_IsNone");
    Py_DECREF(Py_None);
    CHECK((Py_IsNone)(Py_None) == 1 && (Py_IsTrue)(Py_True) == 1 && (Py_IsFalse)(Py_False) == 1 &&
              (Py_IsTrue)(Py_False) == 0,
          "Py_IsNone/IsTrue/IsFalse as functions");
    CHECK(Py_IsTrue(Py_True) && Py_IsFalse(Py_False), "Py_IsTrue, Py_IsFalse");
    CHECK(Py_IS_TYPE(Py_None, &_PyNone_Type), "type(None) is NoneType");
    CHECK(str_is(PyObject_Repr(Py_None), "None") && str_is(PyObject_Str(Py_True), "True") &&
              str_is(PyObject_Repr(Py_False), "False"),
          "repr/str of None, True, False");
}

static void test_bool_and_int(void) {
    PyObject *t = PyBool_FromLong(42), *f = PyBool_FromLong(0);
    CHECK(t == Py_True && f == Py_False, "PyBool_FromLong");
    CHECK(PyBool_Check(t) && PyLong_Check(t) && !PyLong_CheckExact(t), "bool is an int subclass");
    CHECK(PyLong_AsLong(t) == 1 && PyLong_AsLongLong(f) == 0 && PyLong_AsSsize_t(t) == 1,
          "PyLong_As* accept bools");
    CHECK(PyFloat_AsDouble(t) == 1.0, "PyFloat_AsDouble(True)");
    Py_DECREF(t);
    Py_DECREF(f);

    PyObject *a = PyLong_FromLong(-7);
    CHECK(a != NULL && PyLong_Check(a) && PyLong_CheckExact(a) && !PyBool_Check(a), "PyLong_FromLong");
    CHECK(Py_REFCNT(a) == 1, "a new int has one reference");
    CHECK(PyLong_AsLong(a) == -7 && PyLong_AsLongLong(a) == -7 && PyLong_AsSsize_t(a) == -7,
          "PyLong_AsLong/LongLong/Ssize_t");
    CHECK(PyLong_AsDouble(a) == -7.0 && PyFloat_AsDouble(a) == -7.0, "PyLong_AsDouble, PyFloat_AsDouble(int)");
    CHECK(PyLong_AsUnsignedLongLong(a) == (unsigned long long)-1 && RAISED(PyExc_OverflowError),
          "PyLong_AsUnsignedLongLong(-7) raises OverflowError");
    CHECK(PyLong_AsSize_t(a) == (size_t)-1 && RAISED(PyExc_OverflowError), "PyLong_AsSize_t(-7) overflows");
    CHECK(PyLong_AsUnsignedLong(a) == (unsigned long)-1 && RAISED(PyExc_OverflowError),
          "PyLong_AsUnsignedLong(-7) overflows");
    CHECK(str_is(PyObject_Repr(a), "-7"), "repr(int)");
    Py_DECREF(a);

    PyObject *big = PyLong_FromUnsignedLongLong(ULLONG_MAX);
    CHECK(PyLong_AsUnsignedLongLong(big) == ULLONG_MAX && PyErr_Occurred() == NULL,
          "ints reach ULLONG_MAX");
    CHECK(PyLong_AsLong(big) == -1 && RAISED(PyExc_OverflowError), "PyLong_AsLong overflow");
    CHECK(PyLong_AsLongLong(big) == -1 && RAISED(PyExc_OverflowError), "PyLong_AsLongLong overflow");
    CHECK(PyLong_AsSsize_t(big) == -1 && RAISED(PyExc_OverflowError), "PyLong_AsSsize_t overflow");
    CHECK(PyLong_AsSize_t(big) == SIZE_MAX && !PyErr_Occurred(), "PyLong_AsSize_t(2**64-1)");
    int overflow = 7;
    CHECK(PyLong_AsLongAndOverflow(big, &overflow) == -1 && overflow == 1 && !PyErr_Occurred(),
          "PyLong_AsLongAndOverflow reports overflow without an exception");
    CHECK(str_is(PyObject_Repr(big), "18446744073709551615"), "repr(2**64-1)");
    Py_DECREF(big);

    PyObject *m = PyLong_FromLongLong(LLONG_MIN);
    CHECK(PyLong_AsLongLong(m) == LLONG_MIN && PyLong_AsLong(m) == LONG_MIN, "LLONG_MIN round trip");
    overflow = 7;
    CHECK(PyLong_AsLongAndOverflow(m, &overflow) == LONG_MIN && overflow == 0, "no overflow at LONG_MIN");
    Py_DECREF(m);
    PyObject *s = PyLong_FromSsize_t(PY_SSIZE_T_MAX), *z = PyLong_FromSize_t(SIZE_MAX);
    PyObject *ul = PyLong_FromUnsignedLong(ULONG_MAX);
    CHECK(PyLong_AsSsize_t(s) == PY_SSIZE_T_MAX && PyLong_AsSize_t(z) == SIZE_MAX &&
              PyLong_AsUnsignedLong(ul) == ULONG_MAX,
          "PyLong_FromSsize_t/FromSize_t/FromUnsignedLong round trips");
    CHECK(PyLong_AsSsize_t(z) == -1 && RAISED(PyExc_OverflowError), "PyLong_AsSsize_t(SIZE_MAX) overflows");
    Py_DECREF(s);
    Py_DECREF(z);
    Py_DECREF(ul);

    PyObject *fl = PyFloat_FromDouble(2.5), *str = PyUnicode_FromString("3");
    CHECK(PyLong_AsLong(fl) == -1 && RAISED(PyExc_TypeError), "PyLong_AsLong(float) raises TypeError");
    CHECK(PyLong_AsLongLong(str) == -1 && RAISED(PyExc_TypeError), "PyLong_AsLongLong(str) raises TypeError");
    CHECK(PyLong_AsSsize_t(Py_None) == -1 && RAISED(PyExc_TypeError), "PyLong_AsSsize_t(None) raises TypeError");
    CHECK(PyLong_AsUnsignedLongLong(fl) == ULLONG_MAX && RAISED(PyExc_TypeError),
          "PyLong_AsUnsignedLongLong(float) raises TypeError");
    CHECK(PyLong_AsDouble(fl) == -1.0 && RAISED(PyExc_TypeError), "PyLong_AsDouble(float) raises TypeError");
    CHECK(PyLong_AsLongAndOverflow(fl, &overflow) == -1 && RAISED(PyExc_TypeError),
          "PyLong_AsLongAndOverflow(float) raises TypeError");
    CHECK(PyLong_AsLong(NULL) == -1 && RAISED(PyExc_SystemError), "PyLong_AsLong(NULL) raises SystemError");
    Py_DECREF(fl);
    Py_DECREF(str);
}

static void test_float(void) {
    PyObject *f = PyFloat_FromDouble(-0.125);
    CHECK(f != NULL && PyFloat_Check(f) && PyFloat_CheckExact(f) && !PyLong_Check(f), "PyFloat_FromDouble");
    CHECK(PyFloat_AsDouble(f) == -0.125 && PyFloat_AS_DOUBLE(f) == -0.125, "PyFloat_AsDouble, PyFloat_AS_DOUBLE");
    CHECK(str_is(PyObject_Repr(f), "-0.125"), "repr(float)");
    Py_DECREF(f);
    const struct {
        double v;
        const char *repr;
    } reprs[] = {{1e16, "1e+16"}, {1e-5, "1e-05"}, {0.1, "0.1"}, {1e15, "1000000000000000.0"}, {-0.0, "-0.0"}};
    int ok = 1;
    for (size_t i = 0; i < sizeof reprs / sizeof reprs[0]; i++) {
        PyObject *v = PyFloat_FromDouble(reprs[i].v);
        ok &= str_is(PyObject_Repr(v), reprs[i].repr);
        Py_DECREF(v);
    }
    CHECK(ok, "repr(float) as Python prints it");
    PyObject *s = PyUnicode_FromString("1.5");
    CHECK(PyFloat_AsDouble(s) == -1.0 && RAISED(PyExc_TypeError), "PyFloat_AsDouble(str) raises TypeError");
    CHECK(PyFloat_AsDouble(Py_None) == -1.0 && RAISED(PyExc_TypeError), "PyFloat_AsDouble(None) raises TypeError");
    CHECK(PyFloat_AsDouble(NULL) == -1.0 && RAISED(PyExc_TypeError), "PyFloat_AsDouble(NULL) raises TypeError");
    Py_DECREF(s);
}

static void test_str(void) {
    PyObject *s = PyUnicode_FromString("h\xc3\xa9llo");
    CHECK(s != NULL && PyUnicode_Check(s) && PyUnicode_CheckExact(s), "PyUnicode_FromString");
    const char *u = PyUnicode_AsUTF8(s);
    CHECK(u != NULL && strcmp(u, "h\xc3\xa9llo") == 0, "PyUnicode_AsUTF8");
    CHECK(PyUnicode_AsUTF8(s) == u, "PyUnicode_AsUTF8's pointer is stable");
    Py_ssize_t n = -1;
    CHECK(PyUnicode_AsUTF8AndSize(s, &n) == u && n == 6, "PyUnicode_AsUTF8AndSize gives bytes");
    CHECK(PyUnicode_GetLength(s) == 5, "PyUnicode_GetLength counts code points");
    CHECK(str_is(PyObject_Repr(s), "'h\xc3\xa9llo'") && str_is(PyObject_ASCII(s), "'h\\xe9llo'"),
          "repr and ascii of a str");
    PyObject *same = PyObject_Str(s);
    CHECK(same == s && Py_REFCNT(s) == 2, "str(str) is the same object");
    Py_DECREF(same);
    Py_DECREF(s);

    s = PyUnicode_FromStringAndSize("a\0b", 3);
    CHECK(s != NULL && PyUnicode_AsUTF8AndSize(s, &n) != NULL && n == 3 && PyUnicode_GetLength(s) == 3,
          "PyUnicode_FromStringAndSize keeps embedded NULs");
    Py_DECREF(s);
    s = PyUnicode_FromStringAndSize(NULL, 0);
    CHECK(s != NULL && PyUnicode_GetLength(s) == 0, "PyUnicode_FromStringAndSize(NULL, 0) is ''");
    Py_DECREF(s);
    CHECK(PyUnicode_FromStringAndSize("abc", -1) == NULL && RAISED(PyExc_SystemError), "negative size");
    CHECK(PyUnicode_FromString("\xff") == NULL && PyErr_ExceptionMatches(PyExc_ValueError) &&
              RAISED(PyExc_UnicodeDecodeError),
          "invalid UTF-8 raises UnicodeDecodeError, a ValueError");
    CHECK(PyUnicode_FromStringAndSize("ok\xc3", 3) == NULL && RAISED(PyExc_UnicodeDecodeError),
          "truncated UTF-8 raises UnicodeDecodeError");
    CHECK(PyUnicode_FromString(NULL) == NULL && RAISED(PyExc_SystemError), "PyUnicode_FromString(NULL)");
    PyObject *i = PyLong_FromLong(1);
    CHECK(PyUnicode_AsUTF8(i) == NULL && RAISED(PyExc_TypeError), "PyUnicode_AsUTF8(int) raises TypeError");
    CHECK(PyUnicode_AsUTF8AndSize(i, &n) == NULL && RAISED(PyExc_TypeError), "PyUnicode_AsUTF8AndSize(int)");
    CHECK(PyUnicode_GetLength(i) == -1 && RAISED(PyExc_TypeError), "PyUnicode_GetLength(int)");
    Py_DECREF(i);
}

static void test_format(void) {
    /* Every expected string is what CPython 3.11's PyUnicode_FromFormat gives. */
    PyObject *obj = PyUnicode_FromString("h\xc3\xa9llo"), *ab = PyUnicode_FromString("ab");
    PyObject *fl = PyFloat_FromDouble(1.5), *q = PyUnicode_FromString("\xc3\xa9'");
    CHECK(str_is(PyUnicode_FromFormat("%d|%i|%u", -5, 7, 4000000000u), "-5|7|4000000000"), "%d %i %u");
    CHECK(str_is(PyUnicode_FromFormat("%ld|%li|%lu", -(1L << 40), 3L, ULONG_MAX),
                 "-1099511627776|3|18446744073709551615"),
          "%ld %li %lu");
    CHECK(str_is(PyUnicode_FromFormat("%lld|%llu", LLONG_MIN, ULLONG_MAX),
                 "-9223372036854775808|18446744073709551615"),
          "%lld %llu");
    CHECK(str_is(PyUnicode_FromFormat("%zd|%zi|%zu", (Py_ssize_t)-9, (Py_ssize_t)9, SIZE_MAX),
                 "-9|9|18446744073709551615"),
          "%zd %zi %zu");
    CHECK(str_is(PyUnicode_FromFormat("%x|%x", 255, -1), "ff|ffffffff"), "%x");
    CHECK(str_is(PyUnicode_FromFormat("%05d|%5d|%.3d|%8.3d|%03x|%.0d", 42, 42, 7, 7, 10, 0),
                 "00042|   42|007|     007|00a|0"),
          "numeric width, precision and zero padding");
    CHECK(str_is(PyUnicode_FromFormat("[%020d]", -5), "[000000000000000000-5]"),
          "zero padding goes before the sign, as in CPython");
    CHECK(str_is(PyUnicode_FromFormat("%s|%.2s|%5s|%05s|%.0s|", "hello", "hello", "hi", "ab", "ab"),
                 "hello|he|   hi|   ab||"),
          "%s with precision and width");
    CHECK(str_is(PyUnicode_FromFormat("%.1s|%s", "\xc3\xa9", "\xff\xfeok"), "\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbdok"),
          "%s replaces invalid UTF-8 with U+FFFD");
    CHECK(str_is(PyUnicode_FromFormat("%c%c%c|%5c", 65, 0xe9, 0x1f600, 66), "A\xc3\xa9\xf0\x9f\x98\x80|B"),
          "%c takes code points and ignores width");
    CHECK(str_is(PyUnicode_FromFormat("%p|%p", (void *)0x1234, (void *)0x10), "0x1234|0x10"), "%p");
    CHECK(str_is(PyUnicode_FromFormat("%U|%.2U|%5U|%10.3U|", obj, obj, ab, obj),
                 "h\xc3\xa9llo|h\xc3\xa9|   ab|       h\xc3\xa9l|"),
          "%U counts characters for width and precision");
    CHECK(str_is(PyUnicode_FromFormat("%V|%V", ab, "x", (PyObject *)NULL, "fallback"), "ab|fallback"), "%V");
    CHECK(str_is(PyUnicode_FromFormat("%S|%R|%A|%5.1S", fl, q, q, ab), "1.5|\"\xc3\xa9'\"|\"\\xe9'\"|    a"),
          "%S %R %A");
    CHECK(str_is(PyUnicode_FromFormat("%%|%5%|%d%", 3), "%|%|3%"), "%% and a trailing %");
    CHECK(str_is(PyUnicode_FromFormat("%lx rest %d", 255L, 1), "%lx rest %d"),
          "an unknown conversion copies the rest verbatim");
    CHECK(str_is(PyUnicode_FromFormat("%d %-5d|%d", 1, 2, 3), "1 %-5d|%d"), "'-' is not a CPython 3.11 flag");
    CHECK(PyUnicode_FromFormat("%c", 0x110000) == NULL && RAISED(PyExc_OverflowError),
          "%c out of range raises OverflowError");
    CHECK(PyUnicode_FromFormat("caf\xc3\xa9 %d", 1) == NULL && RAISED(PyExc_ValueError),
          "a non-ASCII format raises ValueError");
    CHECK(PyUnicode_FromFormat("%99999999999999999999d", 1) == NULL && RAISED(PyExc_ValueError),
          "an overflowing width raises ValueError");

    CHECK(PyErr_Format(PyExc_IndexError, "index %zd out of range for %s", (Py_ssize_t)5, "axis") == NULL &&
              RAISED(PyExc_IndexError),
          "PyErr_Format sets the exception and returns NULL");
    PyErr_SetString(PyExc_KeyError, "stale");
    CHECK(PyErr_Format(PyExc_TypeError, "%c", -1) == NULL && RAISED(PyExc_OverflowError),
          "a formatting failure leaves its own exception");
    CHECK(PyErr_Format(NULL, "x") == NULL && RAISED(PyExc_SystemError), "PyErr_Format(NULL type)");
    Py_DECREF(obj);
    Py_DECREF(ab);
    Py_DECREF(fl);
    Py_DECREF(q);
}

static PyObject *vformat(PyObject *exc, const char *format, ...) {
    va_list vargs;
    va_start(vargs, format);
    PyObject *res = exc ? PyErr_FormatV(exc, format, vargs) : PyUnicode_FromFormatV(format, vargs);
    va_end(vargs);
    return res;
}

static void test_format_v(void) {
    CHECK(str_is(vformat(NULL, "%s=%lld", "n", -3LL), "n=-3"), "PyUnicode_FromFormatV");
    CHECK(vformat(PyExc_ValueError, "bad %d", 1) == NULL && RAISED(PyExc_ValueError), "PyErr_FormatV");
}

/* ---- a module ---------------------------------------------------------- */

typedef struct {
    long calls;
} module_state;

static int free_calls;

static void mod_free(void *module) {
    (void)module;
    free_calls++;
}

/* METH_NOARGS: counts its calls in the module state. */
static PyObject *mod_tick(PyObject *module, PyObject *Py_UNUSED(ignored)) {
    module_state *st = PyModule_GetState(module);
    if (st == NULL) return NULL;
    return PyLong_FromLong(++st->calls);
}

/* METH_O: doubles an int, or fails as a CPython function would. */
static PyObject *mod_double(PyObject *module, PyObject *arg) {
    (void)module;
    if (!PyLong_Check(arg)) {
        return PyErr_Format(PyExc_TypeError, "double() argument must be int, not %s", Py_TYPE(arg)->tp_name);
    }
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromLong(v * 2);
}

/* METH_FASTCALL: sums ints and floats into a float. */
static PyObject *mod_sum(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    double total = 0;
    for (Py_ssize_t i = 0; i < nargs; i++) {
        double v = PyFloat_AsDouble(args[i]);
        if (v == -1.0 && PyErr_Occurred()) return NULL;
        total += v;
    }
    return PyFloat_FromDouble(total);
}

static PyMethodDef mod_methods[] = {
    {"tick", mod_tick, METH_NOARGS, "Counts calls."},
    {"double", mod_double, METH_O, NULL},
    {"sum", _PyCFunction_CAST(mod_sum), METH_FASTCALL, "Sums numbers."},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef mod_def = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "testmod",
    .m_doc = "A test module.",
    .m_size = sizeof(module_state),
    .m_methods = mod_methods,
    .m_free = mod_free,
};

PyMODINIT_FUNC PyInit_testmod(void) { return PyModule_Create(&mod_def); }

typedef struct {
    PyObject_HEAD
} Thing;

static PyType_Slot thing_slots[] = {{0, NULL}};
static PyType_Spec thing_spec = {"testmod.Thing", sizeof(Thing), 0, Py_TPFLAGS_DEFAULT, thing_slots};

static void test_module(void) {
    PyObject *m = PyInit_testmod();
    /* As in CPython, each module function holds a reference to the module. */
    CHECK(m != NULL && PyModule_Check(m) && PyModule_CheckExact(m) && Py_REFCNT(m) == 4,
          "PyModule_Create from a PyModuleDef");
    CHECK(strcmp(PyModule_GetName(m), "testmod") == 0, "PyModule_GetName");
    CHECK(str_is(PyModule_GetNameObject(m), "testmod"), "PyModule_GetNameObject");
    CHECK(str_is(PyObject_Repr(m), "<module 'testmod'>"), "repr(module)");
    CHECK(PyModule_GetDef(m) == &mod_def, "PyModule_GetDef");
    module_state *st = PyModule_GetState(m);
    CHECK(st != NULL && st->calls == 0, "PyModule_GetState is zeroed");

    /* Call through the table, as the interpreter does. */
    PyMethodDef *defs = PyModule_GetDef(m)->m_methods;
    CHECK(defs[0].ml_flags == METH_NOARGS && defs[1].ml_flags == METH_O && defs[2].ml_flags == METH_FASTCALL,
          "method flags");
    PyObject *r1 = defs[0].ml_meth(m, NULL), *r2 = defs[0].ml_meth(m, NULL);
    CHECK(PyLong_AsLong(r1) == 1 && PyLong_AsLong(r2) == 2 && st->calls == 2, "METH_NOARGS uses module state");
    Py_DECREF(r1);
    Py_DECREF(r2);

    /* Ints outside -5..256 (shared objects, as in CPython), so that their
       reference counts below are the test's own. */
    PyObject *x = PyLong_FromLong(1021);
    PyObject *r = defs[1].ml_meth(m, x);
    CHECK(r != NULL && PyLong_AsLong(r) == 2042, "METH_O");
    Py_XDECREF(r);
    PyObject *s = PyUnicode_FromString("21");
    CHECK(defs[1].ml_meth(m, s) == NULL && RAISED(PyExc_TypeError), "METH_O raising TypeError via PyErr_Format");

    PyObject *f = PyFloat_FromDouble(0.5);
    PyObject *args[3] = {x, f, Py_True};
    _PyCFunctionFast fast = (_PyCFunctionFast)(void (*)(void))defs[2].ml_meth;
    r = fast(m, args, 3);
    CHECK(r != NULL && PyFloat_AsDouble(r) == 1022.5, "METH_FASTCALL with int, float and bool");
    Py_XDECREF(r);
    r = fast(m, args, 0);
    CHECK(r != NULL && PyFloat_AsDouble(r) == 0.0, "METH_FASTCALL with no arguments");
    Py_XDECREF(r);
    args[1] = s;
    CHECK(fast(m, args, 2) == NULL && RAISED(PyExc_TypeError), "METH_FASTCALL propagates TypeError");

    /* Attributes. */
    CHECK(PyModule_AddObjectRef(m, "x", x) == 0 && Py_REFCNT(x) == 2, "PyModule_AddObjectRef takes a reference");
    PyObject *y = PyLong_FromLong(100005);
    CHECK(PyModule_AddObject(m, "y", y) == 0 && Py_REFCNT(y) == 1, "PyModule_AddObject steals on success");
    CHECK(PyModule_AddObjectRef(m, "x", f) == 0 && Py_REFCNT(x) == 1 && Py_REFCNT(f) == 2,
          "re-adding a name releases the old value");
    CHECK(PyModule_AddIntConstant(m, "ANSWER", 42) == 0, "PyModule_AddIntConstant");
    CHECK(PyModule_AddIntMacro(m, INT_MAX) == 0, "PyModule_AddIntMacro");
    CHECK(PyModule_AddStringConstant(m, "version", "1.0") == 0, "PyModule_AddStringConstant");
    PyObject *thing = PyType_FromSpec(&thing_spec);
    /* A heap type also refers to itself through its MRO, as in CPython. */
    CHECK(thing != NULL && PyModule_AddType(m, (PyTypeObject *)thing) == 0 && Py_REFCNT(thing) == 3,
          "PyModule_AddType adds a heap type under its short name");
    CHECK(str_is(PyObject_Repr(thing), "<class 'testmod.Thing'>"), "repr(type)");
    CHECK(PyModule_AddObjectRef(m, "z", NULL) == -1 && RAISED(PyExc_SystemError),
          "PyModule_AddObjectRef(NULL) without an exception raises SystemError");
    PyErr_SetString(PyExc_MemoryError, "");
    CHECK(PyModule_AddObjectRef(m, "z", NULL) == -1 && RAISED(PyExc_MemoryError),
          "PyModule_AddObjectRef(NULL) keeps the pending exception");
    int before = Py_REFCNT(y) == 1;
    CHECK(PyModule_AddObject(x, "y", y) == -1 && RAISED(PyExc_TypeError) && before,
          "PyModule_AddObject on a non-module raises TypeError");
    CHECK(PyModule_GetName(x) == NULL && RAISED(PyExc_TypeError), "PyModule_GetName(non-module)");
    CHECK(PyModule_GetDef(x) == NULL && RAISED(PyExc_TypeError), "PyModule_GetDef(non-module)");
    CHECK(PyModule_GetState(x) == NULL && RAISED(PyExc_TypeError), "PyModule_GetState(non-module)");

    /* The functions and the module refer to each other; with no cycle
       collector, clearing the dict (as interpreter shutdown does) lets the
       module go. */
    PyDict_Clear(PyModule_GetDict(m));
    CHECK(Py_REFCNT(m) == 1, "clearing the dict drops the functions' references");
    Py_DECREF(m);
    CHECK(free_calls == 1, "m_free runs when the module dies");
    CHECK(Py_REFCNT(f) == 1 && Py_REFCNT(thing) == 2, "the module's references are released");
    Py_DECREF(thing);
    Py_DECREF(f);
    Py_DECREF(s);
    Py_DECREF(x);

    /* The limited-API spelling passes the ABI version. */
    static PyModuleDef plain = {
        .m_base = PyModuleDef_HEAD_INIT, .m_name = "plain", .m_size = -1, .m_methods = NULL};
    m = PyModule_Create2(&plain, PYTHON_ABI_VERSION);
    CHECK(m != NULL && PyModule_GetState(m) == NULL && !PyErr_Occurred(), "a module without state or methods");
    Py_XDECREF(m);
}

static PyObject *noop(PyObject *self, PyObject *arg) {
    (void)self;
    (void)arg;
    Py_RETURN_NONE;
}

static void test_bad_definitions(void) {
    static PyMethodDef bad_flags[] = {{"f", noop, METH_NOARGS | METH_O, NULL}, {NULL, NULL, 0, NULL}};
    static PyMethodDef class_flag[] = {{"f", noop, METH_O | METH_CLASS, NULL}, {NULL, NULL, 0, NULL}};
    static PyModuleDef_Slot slots[] = {{0, NULL}};
    static PyModuleDef d1 = {.m_base = PyModuleDef_HEAD_INIT, .m_name = "bad", .m_methods = bad_flags};
    static PyModuleDef d2 = {.m_base = PyModuleDef_HEAD_INIT, .m_name = "bad", .m_methods = class_flag};
    static PyModuleDef d3 = {.m_base = PyModuleDef_HEAD_INIT, .m_name = "bad", .m_slots = slots};
    CHECK(PyModule_Create(&d1) == NULL && RAISED(PyExc_SystemError), "bad call flags raise SystemError");
    CHECK(PyModule_Create(&d2) == NULL && RAISED(PyExc_ValueError), "METH_CLASS raises ValueError");
    CHECK(PyModule_Create(&d3) == NULL && RAISED(PyExc_SystemError), "m_slots raise SystemError");
    CHECK(PyModule_Create(NULL) == NULL && RAISED(PyExc_SystemError), "PyModule_Create(NULL)");
}

int main(void) {
    test_singletons();
    test_bool_and_int();
    test_float();
    test_str();
    test_format();
    test_format_v();
    test_module();
    test_bad_definitions();
    return CHECK_DONE();
}
