/* Differential cases for the format-spec mini-language (Python/
 * formatter_unicode.c): PyObject_Format and the `format` builtin over a
 * grid of specs (fill, align, sign, z, #, 0, width, grouping, precision,
 * type) crossed with ints (small, negative, zero, huge), bools, floats
 * (negative zero, tiny, huge, inf, nan), complexes and strs (ASCII and
 * not), plus CPython's errors (invalid specs, unknown codes, signs and
 * alternate forms where they are refused, digits overflowing), a C type
 * with its own __format__, object.__format__, and results of __format__
 * that are not str. Long results print as their length and a hash.
 *
 * Built against CPython 3.11 and against pybuffer; each build prints one
 * line per case,
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

/* One case: the result of formatting (a reference this consumes): a
   short str shown with ascii(), a long one as its length and a hash of
   its code points; NULL shows the error. */
static void show_fmt(const char *what, PyObject *o) {
    if (o != NULL && PyUnicode_Check(o) && PyUnicode_GetLength(o) > 80) {
        Py_ssize_t n = PyUnicode_GetLength(o);
        unsigned long long h = 1469598103934665603ULL;
        for (Py_ssize_t i = 0; i < n; i++) {
            h = (h ^ PyUnicode_ReadChar(o, i)) * 1099511628211ULL;
        }
        printf("%d\t%s\tstr len=%zd hash=%016llx first=%lu last=%lu\n", ++case_no, what, n, h,
               (unsigned long)PyUnicode_ReadChar(o, 0), (unsigned long)PyUnicode_ReadChar(o, n - 1));
        Py_DECREF(o);
        return;
    }
    show(what, o);
}

/* format(value, spec) through PyObject_Format; `vtext` names the value. */
static void fmt(const char *vtext, PyObject *value, const char *spec) {
    char what[400];
    PyObject *s = PyUnicode_FromString(spec);
    PyObject *shown = PyObject_ASCII(s);
    snprintf(what, sizeof what, "format(%s, %s)", vtext, PyUnicode_AsUTF8(shown));
    show_fmt(what, PyObject_Format(value, s));
    Py_DECREF(shown);
    Py_DECREF(s);
}

static const char *int_specs[] = {
    "", "d", "5", "<5", ">5", "^5", "=5", "*^9", "+", "-", " ", "+5", " 5", "05", "+05", "08,",
    "010_", "_", ",", ",d", "_d", "b", "#b", "o", "#o", "x", "#x", "X", "#X", "#010x", "#_b",
    "_x", "_o", "#_X", "n", "08n", "c", ">3c", "e", "E", ".2f", "F", ".3g", "G", "%", ".1%",
    "g", ",.2f", "0=8", "x<8", "\xc3\xa9>6", "\xe2\x82\xac^7d", "=+8", "#012_b", "0<8", "0>8",
    ".0e", "#.0e", "012,", "013,", "014,", "010_x", "09_x", NULL};

static const char *float_specs[] = {
    "", "f", ".0f", ".1f", ".2f", ".10f", ".20f", "e", ".0e", ".3e", "E", "g", ".0g", ".1g",
    ".3g", ".10g", ".17g", "G", "n", ".3n", "%", ".0%", ".2%", "#g", "#.3g", "#.0f", "#.0e",
    "#", ".3", ".0", ".1", "+", " ", "+.2f", " .2f", "z", "z.1f", "z.0f", "+z.2f", "z%", "10",
    "<10", "^10", ">10", "=10", "010", "010.2f", "+010.2f", "012,.2f", ",", ",.3f", "_.1f",
    "_", ",g", ",e", "*^12.3f", "\xe2\x82\xac<9", "-10.4e", "F", ".3F", ".2E", ".4G", "0<10",
    "#.5", "#.3%", ".30f", ".25e", ".100f", NULL};

static const char *str_specs[] = {
    "", "s", "10", "<10", ">10", "^10", "^11", "*<8", "*>8", "*^8", ".2", ".0", "10.3", "^5.1s",
    "\xc3\xa9^9", "\xf0\x9f\x98\x80>6", "0", "05", "0>5", "1", "3s", ".100", NULL};

/* Specs every type refuses, with the type's message. */
static const char *error_specs[] = {
    "abc", ".", "z", "#", "+", " ", "-", ",s", "_s", ",_", "_,", ",c", "_n", ",n", "_c", ",b",
    ",x", ",o", "_e", "q", "\xc3\xa9", "\x01", "\x7f", ".2d", ".2x", "+c", "#c", "zd", "zx",
    "=", "=10", "99999999999999999999", ".99999999999999999999", ".3000000000", "c,", "s,",
    ".2s", "ss", "10.2.3", "<<5", ",,", "__", "z#", "#z", "0z", "+-", "dd", "%", "n", "\xf0\x9f\x98\x80", "s",
    "d", "x", "b", "o", "c", "e", "f", "g", "X", "E", "F", "G", NULL};

static void grid(const char *vtext, PyObject *v, const char **specs) {
    for (int i = 0; specs[i] != NULL; i++) {
        fmt(vtext, v, specs[i]);
    }
}

/* A C type whose tp_methods __format__ returns "<spec>!" as a str, or
   an int for the spec "int". */
static PyObject *custom_format(PyObject *self, PyObject *spec) {
    (void)self;
    if (PyUnicode_Check(spec) && PyUnicode_CompareWithASCIIString(spec, "int") == 0) {
        return PyLong_FromLong(7);
    }
    return PyUnicode_FromFormat("<%U>!", spec);
}
static PyMethodDef custom_methods[] = {{"__format__", custom_format, METH_O, NULL}, {NULL, NULL, 0, NULL}};
static PyType_Slot custom_slots[] = {{Py_tp_methods, custom_methods}, {0, NULL}};
static PyType_Spec custom_spec = {"mod.Custom", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, custom_slots};

/* A plain C type (object.__format__) with a str(). */
static PyObject *plain_str(PyObject *self) {
    (void)self;
    return PyUnicode_FromString("plain!");
}
static PyType_Slot plain_slots[] = {{Py_tp_str, plain_str}, {0, NULL}};
static PyType_Spec plain_spec = {"mod.Plain", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                                 plain_slots};

/* A method call o.name(arg) as a case. */
static void call1(const char *what, PyObject *o, const char *name, PyObject *arg) {
    show_fmt(what, PyObject_CallMethod(o, name, "O", arg));
}

int main(void) {
    Py_Initialize();
    PyObject *ints[] = {PyLong_FromLong(0),
                        PyLong_FromLong(42),
                        PyLong_FromLong(-42),
                        PyLong_FromLong(1234567),
                        PyLong_FromLong(-1234567),
                        PyLong_FromLong(255),
                        PyLong_FromLong(65),
                        PyLong_FromString("123456789012345678901234567890123", NULL, 10),
                        PyLong_FromString("-98765432109876543210987654321098765", NULL, 10),
                        PyLong_FromLongLong(-9223372036854775807LL - 1),
                        PyLong_FromLong(0x20ac)};
    const char *int_names[] = {"0", "42", "-42", "1234567", "-1234567", "255", "65",
                               "123456789012345678901234567890123", "-98765432109876543210987654321098765",
                               "-2**63", "0x20ac"};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        grid(int_names[i], ints[i], int_specs);
    }
    double floats[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1234567.891, -0.0001234, 1e16,
                       1e-5, 123456789e20, 5e-324, 1.7976931348623157e308, 0.5, 2.5, 1e22,
                       0.1, 100.0, 9.9999, -1e-7, Py_HUGE_VAL, -Py_HUGE_VAL, Py_NAN, 0.125, 1e100};
    for (size_t i = 0; i < sizeof floats / sizeof *floats; i++) {
        char name[64];
        PyObject *f = PyFloat_FromDouble(floats[i]);
        PyObject *r = PyObject_Repr(f);
        snprintf(name, sizeof name, "%s", PyUnicode_AsUTF8(r));
        grid(name, f, float_specs);
        Py_DECREF(r);
        Py_DECREF(f);
    }
    const char *strs[] = {"", "abc", "hello world", "\xc3\xa9t\xc3\xa9", "\xe2\x82\xac\xe2\x82\xac",
                          "\xf0\x9f\x98\x80x", "a very long string of text here"};
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
        PyObject *s = PyUnicode_FromString(strs[i]);
        PyObject *r = PyObject_ASCII(s);
        grid(PyUnicode_AsUTF8(r), s, str_specs);
        Py_DECREF(r);
        Py_DECREF(s);
    }

    /* Errors, for each kind of value. */
    PyObject *err_values[] = {PyLong_FromLong(5), PyFloat_FromDouble(2.5), PyUnicode_FromString("s"),
                              Py_NewRef(Py_True), PyComplex_FromDoubles(1, 2)};
    const char *err_names[] = {"5", "2.5", "'s'", "True", "(1+2j)"};
    for (size_t i = 0; i < sizeof err_values / sizeof *err_values; i++) {
        grid(err_names[i], err_values[i], error_specs);
    }

    /* bool goes through int, except the empty spec. */
    const char *bool_specs[] = {"", "d", ">5", "<6", "x", "#b", ".2f", "s", "5", "^7", "+", "c", NULL};
    grid("True", Py_True, bool_specs);
    grid("False", Py_False, bool_specs);

    /* complex. */
    const char *complex_specs[] = {"", "g", ".2f", "e", "+.3f", "20", "<20", "^20", "*^24.2f", ".1", "n",
                                   "z", "z.1f", "#", ",.2f", "_", "-", " ", "+", ".0f", "E", "G", "F",
                                   "010", "0<10", "=10", "%", "d", "#.0f", NULL};
    Py_complex cvals[] = {{1, 2}, {0, 2}, {-0.0, 2}, {0, -2}, {-1.5, -2.25}, {1e20, 1e-20}, {0, 0},
                          {Py_HUGE_VAL, Py_NAN}, {1234567.5, -7654321.25}, {-0.0, -0.0}};
    for (size_t i = 0; i < sizeof cvals / sizeof *cvals; i++) {
        PyObject *c = PyComplex_FromCComplex(cvals[i]);
        PyObject *r = PyObject_Repr(c);
        grid(PyUnicode_AsUTF8(r), c, complex_specs);
        Py_DECREF(r);
        Py_DECREF(c);
    }

    /* Huge widths that are allocatable; results shown by length. */
    fmt("7", ints[1], ">1000");
    fmt("7", ints[1], "*<5000,");
    fmt("7", ints[1], "0100000");
    fmt("1234567", ints[3], "0200,");
    fmt("1234567", ints[3], "0201_x");
    fmt("1.5", err_values[1], "^3001.2f");
    fmt("'s'", err_values[2], "\xe2\x82\xac>2000");
    fmt("2.5", err_values[1], ".500f");
    fmt("2.5", err_values[1], ".500e");
    fmt("2.5", err_values[1], "#.400g");
    fmt("huge", ints[7], "0300,d");
    fmt("huge", ints[8], "0300_b");

    /* int with float types beyond float range. */
    PyObject *big = PyLong_FromString("1" "000000000000000000000000000000000000000000000000000000000000"
                                      "000000000000000000000000000000000000000000000000000000000000"
                                      "000000000000000000000000000000000000000000000000000000000000"
                                      "000000000000000000000000000000000000000000000000000000000000"
                                      "000000000000000000000000000000000000000000000000000000000000"
                                      "0000000000",
                                      NULL, 10);
    fmt("10**310", big, ".2f");
    fmt("10**310", big, "e");
    fmt("10**310", big, "x");
    fmt("10**310", big, ",");
    Py_DECREF(big);
    PyObject *toolong = PyLong_FromString("1", NULL, 10);
    PyObject *p = PyLong_FromLong(10), *e = PyLong_FromLong(5000);
    PyObject *huge = PyNumber_Power(p, e, Py_None);
    fmt("10**5000", huge, "");
    fmt("10**5000", huge, "d");
    fmt("10**5000", huge, ",");
    fmt("10**5000", huge, "x");
    fmt("10**5000", huge, "#o");
    Py_DECREF(huge);
    Py_DECREF(p);
    Py_DECREF(e);
    Py_DECREF(toolong);

    /* Non-ASCII decimal digits in the width and precision. */
    fmt("42", ints[1], "\xd9\xa1\xd9\xa2");
    fmt("2.5", err_values[1], ".\xd9\xa3" "f");
    fmt("'s'", err_values[2], "\xef\xbc\x95");

    /* PyObject_Format with a NULL spec, a non-str spec, None, a list. */
    show("PyObject_Format(42, NULL)", PyObject_Format(ints[1], NULL));
    show("PyObject_Format(2.5, NULL)", PyObject_Format(err_values[1], NULL));
    show("PyObject_Format(None, NULL)", PyObject_Format(Py_None, NULL));
    PyObject *sp = PyUnicode_FromString("");
    show("PyObject_Format(None, '')", PyObject_Format(Py_None, sp));
    Py_DECREF(sp);
    sp = PyUnicode_FromString(">6");
    show("PyObject_Format(None, '>6')", PyObject_Format(Py_None, sp));
    PyObject *lst = PyList_New(0);
    show("PyObject_Format([], '>6')", PyObject_Format(lst, sp));
    show("PyObject_Format(42, b'')", PyObject_Format(ints[1], PyBytes_FromString("")));
    PyErr_Clear();
    PyObject *numspec = PyLong_FromLong(5);
    show("PyObject_Format(42, 5)", PyObject_Format(ints[1], numspec));

    /* __format__ methods called directly. */
    call1("(42).__format__(5)", ints[1], "__format__", numspec);
    call1("(2.5).__format__(5)", err_values[1], "__format__", numspec);
    call1("'s'.__format__(5)", err_values[2], "__format__", numspec);
    call1("None.__format__(5)", Py_None, "__format__", numspec);
    call1("(42).__format__('>6')", ints[1], "__format__", sp);
    call1("True.__format__('>6')", Py_True, "__format__", sp);
    call1("None.__format__('>6')", Py_None, "__format__", sp);
    call1("[].__format__('>6')", lst, "__format__", sp);
    PyObject *empty = PyUnicode_FromString("");
    call1("None.__format__('')", Py_None, "__format__", empty);
    call1("[].__format__('')", lst, "__format__", empty);
    show("(42).__format__()", PyObject_CallMethod(ints[1], "__format__", NULL));
    Py_DECREF(lst);
    Py_DECREF(numspec);

    /* A C type's own __format__, and a plain C type's object.__format__. */
    PyObject *custom_type = PyType_FromSpec(&custom_spec);
    PyObject *custom = PyObject_CallNoArgs(custom_type);
    fmt("Custom()", custom, "");
    fmt("Custom()", custom, "abc");
    fmt("Custom()", custom, "\xc3\xa9");
    fmt("Custom()", custom, "int");
    show("PyObject_Format(Custom(), NULL)", PyObject_Format(custom, NULL));
    PyObject *plain_type = PyType_FromSpec(&plain_spec);
    PyObject *plain = PyObject_CallNoArgs(plain_type);
    fmt("Plain()", plain, "");
    fmt("Plain()", plain, "x");
    show("PyObject_Format(Plain(), NULL)", PyObject_Format(plain, NULL));

    /* The format builtin. */
    PyObject *builtins = PyImport_ImportModule("builtins");
    PyObject *format = PyObject_GetAttrString(builtins, "format");
    show("format(42)", PyObject_CallFunction(format, "O", ints[1]));
    show("format(42, '#x')", PyObject_CallFunction(format, "Os", ints[1], "#x"));
    show("format(2.5, '08.3f')", PyObject_CallFunction(format, "Os", err_values[1], "08.3f"));
    show("format('s', '^5')", PyObject_CallFunction(format, "Os", err_values[2], "^5"));
    show("format(None)", PyObject_CallFunction(format, "O", Py_None));
    show("format(Custom(), 'q')", PyObject_CallFunction(format, "Os", custom, "q"));
    show("format(42, 5)", PyObject_CallFunction(format, "Oi", ints[1], 5));
    show("format()", PyObject_CallNoArgs(format));
    show("format(1, '', 3)", PyObject_CallFunction(format, "Osi", ints[1], "", 3));
    show("format(42, 'q')", PyObject_CallFunction(format, "Os", ints[1], "q"));
    Py_DECREF(format);
    Py_DECREF(builtins);

    /* The kind of the result str: ASCII in, wide fill out. */
    PyObject *wide = PyUnicode_FromString("\xf0\x9f\x98\x80^5");
    PyObject *r = PyObject_Format(ints[1], wide);
    printf("%d\tkind of format(42, '\\U0001f600^5')\t%d %zd\n", ++case_no, (int)PyUnicode_KIND(r),
           PyUnicode_GET_LENGTH(r));
    Py_DECREF(r);
    Py_DECREF(wide);
    r = PyObject_Format(err_values[2], sp);
    printf("%d\tkind of format('s', '>6')\t%d %zd\n", ++case_no, (int)PyUnicode_KIND(r), PyUnicode_GET_LENGTH(r));
    Py_DECREF(r);

    Py_DECREF(sp);
    Py_DECREF(empty);
    Py_DECREF(custom);
    Py_DECREF(custom_type);
    Py_DECREF(plain);
    Py_DECREF(plain_type);
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        Py_DECREF(ints[i]);
    }
    for (size_t i = 0; i < sizeof err_values / sizeof *err_values; i++) {
        Py_DECREF(err_values[i]);
    }
    Py_Finalize();
    return 0;
}
