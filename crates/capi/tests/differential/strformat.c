/* Differential cases for printf-style formatting of str
 * (Objects/unicodeobject.c PyUnicode_Format, and `str % args` through
 * PyNumber_Remainder): every conversion (%s %r %a %d %i %u %o %x %X %e %E
 * %f %F %g %G %c) crossed with flags, widths and precisions over ints
 * (small, negative, huge), floats (negative zero, infinities, NaN), bools,
 * str and None; `*` widths and precisions, `%(key)s` mapping keys (nested
 * parentheses, missing keys), a single argument vs a tuple vs a mapping,
 * and CPython's errors: too few or too many arguments, the wrong type for
 * a conversion, an unsupported or incomplete conversion, widths and
 * precisions too big, a `__str__` that raises. Then the same for `bytes %
 * args` and `bytearray % args` (Objects/bytesobject.c _PyBytes_FormatEx):
 * %b and %s of bytes-like objects and __bytes__, byte-valued %c, and its
 * own messages.
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

/* An object whose str() and repr() raise ValueError("no str"). */
static PyObject *raising_str(PyObject *self) {
    (void)self;
    PyErr_SetString(PyExc_ValueError, "no str");
    return NULL;
}
static PyType_Slot raiser_slots[] = {{Py_tp_str, raising_str}, {Py_tp_repr, raising_str}, {0, NULL}};
static PyType_Spec raiser_spec = {"mod.Raiser", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, raiser_slots};

/* `fmt % args` (args consumed), both through PyUnicode_Format and, as a
   second case, through PyNumber_Remainder. */
static void fmt2(const char *fmt, const char *argtext, PyObject *args) {
    char what[300];
    PyObject *f = PyUnicode_FromString(fmt);
    PyObject *shown = PyObject_ASCII(f);
    snprintf(what, sizeof what, "%s %% %s", PyUnicode_AsUTF8(shown), argtext);
    if (args == NULL) {
        show(what, NULL);
    } else {
        show(what, PyUnicode_Format(f, args));
        snprintf(what, sizeof what, "PyNumber_Remainder(%s, %s)", PyUnicode_AsUTF8(shown), argtext);
        show(what, PyNumber_Remainder(f, args));
        Py_DECREF(args);
    }
    Py_DECREF(shown);
    Py_DECREF(f);
}

/* `fmt % args` through PyUnicode_Format only. */
static void fmt1(const char *fmt, const char *argtext, PyObject *args) {
    char what[300];
    PyObject *f = PyUnicode_FromString(fmt);
    PyObject *shown = PyObject_ASCII(f);
    snprintf(what, sizeof what, "%s %% %s", PyUnicode_AsUTF8(shown), argtext);
    show(what, args ? PyUnicode_Format(f, args) : NULL);
    Py_XDECREF(args);
    Py_DECREF(shown);
    Py_DECREF(f);
}

/* `fmt % args` for bytes (args consumed) through PyNumber_Remainder, and
   for a bytearray format when `also_bytearray`. */
static void bfmt(const char *fmt, Py_ssize_t fmtlen, const char *argtext, PyObject *args, int also_bytearray) {
    char what[300];
    PyObject *f = PyBytes_FromStringAndSize(fmt, fmtlen);
    PyObject *shown = PyObject_ASCII(f);
    snprintf(what, sizeof what, "%s %% %s", PyUnicode_AsUTF8(shown), argtext);
    if (args == NULL) {
        show(what, NULL);
    } else {
        show(what, PyNumber_Remainder(f, args));
        if (also_bytearray) {
            PyObject *ba = PyByteArray_FromObject(f);
            snprintf(what, sizeof what, "bytearray(%s) %% %s", PyUnicode_AsUTF8(shown), argtext);
            show(what, PyNumber_Remainder(ba, args));
            Py_DECREF(ba);
        }
        Py_DECREF(args);
    }
    Py_DECREF(shown);
    Py_DECREF(f);
}

/* An object with __bytes__ returning b'dunder'. */
static PyObject *dunder_bytes(PyObject *self, PyObject *unused) {
    (void)self, (void)unused;
    return PyBytes_FromString("dunder");
}
static PyMethodDef dunder_methods[] = {{"__bytes__", dunder_bytes, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyType_Slot dunder_slots[] = {{Py_tp_methods, dunder_methods}, {0, NULL}};
static PyType_Spec dunder_spec = {"mod.Dunder", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, dunder_slots};

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *raiser_type = PyType_FromSpec(&raiser_spec);

    /* The matrix: conversion x flags x width x precision x value. */
    const char *convs = "sradiuoxXeEfFgGc";
    const char *flags[] = {"", "-", "+", " ", "#", "0", "-0", "+#0"};
    const char *widths[] = {"", "1", "7"};
    const char *precs[] = {"", ".0", ".3"};
    PyObject *values[9];
    const char *vtexts[9] = {"0", "-7", "255", "2**70", "3.14159", "-0.0", "1e20", "'ab\\xe9'", "True"};
    values[0] = PyLong_FromLong(0);
    values[1] = PyLong_FromLong(-7);
    values[2] = PyLong_FromLong(255);
    values[3] = PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70));
    values[4] = PyFloat_FromDouble(3.14159);
    values[5] = PyFloat_FromDouble(-0.0);
    values[6] = PyFloat_FromDouble(1e20);
    values[7] = PyUnicode_FromString("ab\xc3\xa9");
    values[8] = Py_NewRef(Py_True);
    for (const char *c = convs; *c; c++) {
        for (size_t fl = 0; fl < sizeof flags / sizeof *flags; fl++) {
            for (size_t w = 0; w < 3; w++) {
                for (size_t p = 0; p < 3; p++) {
                    for (int v = 0; v < 9; v++) {
                        char fmt[40];
                        snprintf(fmt, sizeof fmt, "[%%%s%s%s%c]", flags[fl], widths[w], precs[p], *c);
                        fmt1(fmt, vtexts[v], Py_BuildValue("(O)", values[v]));
                    }
                }
            }
        }
    }
    for (int v = 0; v < 9; v++)
        Py_DECREF(values[v]);

    /* Numbers at the edges. */
    {
        const char *fmts[] = {"%d", "%x", "%#x", "%#X", "%#o", "%o", "%.5x", "%#.5x", "%#010x", "%-#8x|", "%+#x",
                              "% d", "%+d", "%05d", "%-05d|", "%.60d", "%u", "%i", "%ld", "%hd", "%Ld"};
        const char *nums[] = {"-255", "10**50", "-(2**100)", "0", "-1"};
        PyObject *vals[5];
        vals[0] = PyLong_FromLong(-255);
        vals[1] = PyNumber_Power(PyLong_FromLong(10), PyLong_FromLong(50), Py_None);
        vals[2] = PyNumber_Negative(PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(100)));
        vals[3] = PyLong_FromLong(0);
        vals[4] = PyLong_FromLong(-1);
        for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++)
            for (int v = 0; v < 5; v++)
                fmt1(fmts[f], nums[v], PyTuple_Pack(1, vals[v]));
        for (int v = 0; v < 5; v++)
            Py_DECREF(vals[v]);
        const char *ffmts[] = {"%f", "%e", "%g", "%G", "%F", "%+f", "% f", "%010.2f", "%-10.2e|", "%#g", "%#.0f",
                               "%.0e", "%.20f", "%.17g", "%d", "%x", "%c", "%s", "%r", "%5.1F"};
        const char *fnums[] = {"-1.5", "1e-5", "1e100", "inf", "-inf", "nan", "123456789.0", "0.5"};
        double fv[] = {-1.5, 1e-5, 1e100, Py_HUGE_VAL, -Py_HUGE_VAL, Py_NAN, 123456789.0, 0.5};
        for (size_t f = 0; f < sizeof ffmts / sizeof *ffmts; f++)
            for (int v = 0; v < 8; v++)
                fmt1(ffmts[f], fnums[v], Py_BuildValue("(d)", fv[v]));
    }

    /* Arguments: one, a tuple, a mapping, too few, too many. */
    fmt2("%s", "'x'", PyUnicode_FromString("x"));
    fmt2("%s", "5", PyLong_FromLong(5));
    fmt2("%s", "(5,)", Py_BuildValue("(i)", 5));
    fmt2("%s", "((1, 2),)", Py_BuildValue("((ii))", 1, 2));
    fmt2("%s", "(1, 2)", Py_BuildValue("(ii)", 1, 2));
    fmt2("%s %s", "(1, 2)", Py_BuildValue("(ii)", 1, 2));
    fmt2("%s %s", "(1,)", Py_BuildValue("(i)", 1));
    fmt2("%s %s", "1", PyLong_FromLong(1));
    fmt2("%s", "()", PyTuple_New(0));
    fmt2("abc", "()", PyTuple_New(0));
    fmt2("abc", "5", PyLong_FromLong(5));
    fmt2("abc", "(5,)", Py_BuildValue("(i)", 5));
    fmt2("abc", "[]", PyList_New(0));
    fmt2("abc", "{}", PyDict_New());
    fmt2("abc", "b'x'", PyBytes_FromString("x"));
    fmt2("abc", "'x'", PyUnicode_FromString("x"));
    fmt2("%s", "[]", PyList_New(0));
    fmt2("%s", "{}", PyDict_New());
    fmt2("%s", "[1, 2]", Py_BuildValue("[ii]", 1, 2));
    fmt2("%s", "{'a': 1}", Py_BuildValue("{si}", "a", 1));
    fmt2("%s", "None", Py_NewRef(Py_None));
    fmt2("%r", "None", Py_NewRef(Py_None));
    fmt2("%5s|", "None", Py_NewRef(Py_None));
    fmt2("%.1s", "'abc'", PyUnicode_FromString("abc"));
    fmt2("%-5.2s|", "'abc'", PyUnicode_FromString("abc"));
    fmt2("%r", "'\\xe9'", PyUnicode_FromString("\xc3\xa9"));
    fmt2("%a", "'\\xe9\\u20ac'", PyUnicode_FromString("\xc3\xa9\xe2\x82\xac"));
    fmt2("%s", "b'x'", Py_BuildValue("(y)", "x"));
    fmt2("\xc3\xa9%s\xc3\xbc", "'\\u20ac'", PyUnicode_FromString("\xe2\x82\xac"));
    fmt2("%-4c|%3c", "('\\xe9', 0x1f600)", Py_BuildValue("(si)", "\xc3\xa9", 0x1f600));
    fmt2("%c", "'ab'", PyUnicode_FromString("ab"));
    fmt2("%c", "''", Py_BuildValue("(s)", ""));
    fmt2("%c", "0x110000", PyLong_FromLong(0x110000));
    fmt2("%c", "-1", PyLong_FromLong(-1));
    fmt2("%c", "2**70", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70)));
    fmt2("%c", "1.5", PyFloat_FromDouble(1.5));
    fmt2("%c", "None", Py_BuildValue("(O)", Py_None));
    fmt2("%d", "'x'", PyUnicode_FromString("x"));
    fmt2("%d", "('5',)", Py_BuildValue("(s)", "5"));
    fmt2("%x", "1.5", PyFloat_FromDouble(1.5));
    fmt2("%o", "3.0", PyFloat_FromDouble(3.0));
    fmt2("%X", "None", Py_BuildValue("(O)", Py_None));
    fmt2("%d", "3.99", PyFloat_FromDouble(3.99));
    fmt2("%i", "-3.99", PyFloat_FromDouble(-3.99));
    fmt2("%d", "inf", PyFloat_FromDouble(Py_HUGE_VAL));
    fmt2("%d", "nan", PyFloat_FromDouble(Py_NAN));
    fmt2("%d", "[1]", Py_BuildValue("([i])", 1));
    fmt2("%f", "'x'", Py_BuildValue("(s)", "x"));
    fmt2("%f", "10**400", PyNumber_Power(PyLong_FromLong(10), PyLong_FromLong(400), Py_None));
    fmt2("%e", "5", PyLong_FromLong(5));
    fmt2("%g", "2**70", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70)));
    fmt2("%f", "None", Py_BuildValue("(O)", Py_None));
    fmt2("%s", "Raiser()", PyObject_CallNoArgs(raiser_type));
    fmt2("%r", "Raiser()", PyObject_CallNoArgs(raiser_type));
    fmt2("%5s", "Raiser()", PyObject_CallNoArgs(raiser_type));

    /* Star widths and precisions. */
    fmt2("%*d|", "(5, 3)", Py_BuildValue("(ii)", 5, 3));
    fmt2("%-*d|", "(5, 3)", Py_BuildValue("(ii)", 5, 3));
    fmt2("%*d|", "(-5, 3)", Py_BuildValue("(ii)", -5, 3));
    fmt2("%.*f", "(2, 3.14159)", Py_BuildValue("(id)", 2, 3.14159));
    fmt2("%.*f", "(-3, 1.5)", Py_BuildValue("(id)", -3, 1.5));
    fmt2("%*.*s|", "(6, 2, 'abcdef')", Py_BuildValue("(iis)", 6, 2, "abcdef"));
    fmt2("%*d", "('x', 3)", Py_BuildValue("(si)", "x", 3));
    fmt2("%.*d", "(1.5, 3)", Py_BuildValue("(di)", 1.5, 3));
    fmt2("%*d", "(True, 3)", Py_BuildValue("(Oi)", Py_True, 3));
    fmt2("%*d", "(5,)", Py_BuildValue("(i)", 5));
    fmt2("%*d", "5", PyLong_FromLong(5));
    fmt2("%*d", "(2**63, 1)", Py_BuildValue("(Ni)", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(63)), 1));
    fmt2("%.*d", "(2**31, 1)", Py_BuildValue("(Ni)", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(31)), 1));
    fmt2("%.*d", "(2147483647, 1)", Py_BuildValue("(ii)", 2147483647, 1));
    fmt2("%.*s|", "(0, 'abc')", Py_BuildValue("(is)", 0, "abc"));

    /* Mapping keys. */
    fmt2("%(a)s %(b)d", "{'a': 1, 'b': 2}", Py_BuildValue("{sisi}", "a", 1, "b", 2));
    fmt2("%(a)s %(a)r", "{'a': 'x'}", Py_BuildValue("{ss}", "a", "x"));
    fmt2("%(a)s", "{'b': 1}", Py_BuildValue("{si}", "b", 1));
    fmt2("%(a)s", "(1,)", Py_BuildValue("(i)", 1));
    fmt2("%(a)s", "1", PyLong_FromLong(1));
    fmt2("%(a)s", "[1]", Py_BuildValue("[i]", 1));
    fmt2("%(a", "{}", PyDict_New());
    fmt2("%(a)", "{'a': 1}", Py_BuildValue("{si}", "a", 1));
    fmt2("%(a(b))s", "{'a(b)': 5}", Py_BuildValue("{si}", "a(b)", 5));
    fmt2("%()s", "{'': 5}", Py_BuildValue("{si}", "", 5));
    fmt2("%(a)s %s", "{'a': 1}", Py_BuildValue("{si}", "a", 1));
    fmt2("%s %(a)s", "{'a': 1}", Py_BuildValue("{si}", "a", 1));
    fmt2("%(a)*d", "{'a': 5}", Py_BuildValue("{si}", "a", 5));
    fmt2("%(a)-5d|%(b)05.1f", "{'a': 5, 'b': 2.25}", Py_BuildValue("{sisd}", "a", 5, "b", 2.25));
    fmt2("%(\xc3\xa9)s", "{'\\xe9': 1}", Py_BuildValue("{si}", "\xc3\xa9", 1));
    fmt2("%%(a)s", "{'a': 1}", Py_BuildValue("{si}", "a", 1));

    /* Bad conversions and incomplete formats. */
    fmt2("%y", "1", PyLong_FromLong(1));
    fmt2("ab %y", "1", PyLong_FromLong(1));
    fmt2("%\xe2\x82\xac", "1", PyLong_FromLong(1));
    fmt2("%\x01", "1", PyLong_FromLong(1));
    fmt2("%5%", "()", PyTuple_New(0));
    fmt2("%%", "()", PyTuple_New(0));
    fmt2("100%%", "5", PyLong_FromLong(5));
    fmt2("%", "()", PyTuple_New(0));
    fmt2("abc%", "1", PyLong_FromLong(1));
    fmt2("%5", "1", PyLong_FromLong(1));
    fmt2("%.", "1", PyLong_FromLong(1));
    fmt2("%l", "1", PyLong_FromLong(1));
    fmt2("%-", "1", PyLong_FromLong(1));
    fmt2("%.*", "(1, 2)", Py_BuildValue("(ii)", 1, 2));
    fmt2("%*", "(1, 2)", Py_BuildValue("(ii)", 1, 2));
    fmt2("%99999999999999999999d", "1", PyLong_FromLong(1));
    fmt2("%.99999999999d", "1", PyLong_FromLong(1));
    fmt2("%.2147483647d", "1", PyLong_FromLong(1));
    fmt2("%.2147483645x", "1", PyLong_FromLong(1));
    fmt2("%y %s", "()", PyTuple_New(0));
    fmt2("%s %y", "(1,)", Py_BuildValue("(i)", 1));

    /* A format that is not a str; a left operand that is not a str. */
    {
        PyObject *b = PyBytes_FromString("%s"), *one = PyLong_FromLong(1), *x = PyUnicode_FromString("x");
        show("PyUnicode_Format(b'%s', 1)", PyUnicode_Format(b, one));
        show("PyNumber_Remainder(5, 'x')", PyNumber_Remainder(one, x));
        show("PyNumber_Remainder(5, 3)", PyNumber_Remainder(PyLong_FromLong(5), PyLong_FromLong(3)));
        Py_DECREF(b);
        Py_DECREF(one);
        Py_DECREF(x);
    }

    /* Random formats (a fixed-seed generator, the same in both builds)
       from an alphabet of conversion pieces, against a mixed tuple, a
       single argument and a mapping: the cursor arithmetic's corners. */
    {
        const char *alphabet = "%%%%%%()-+ #0123456789.**sdxcfeaglhz ab\xc3\xa9";
        size_t nalpha = strlen(alphabet);
        unsigned long long seed = 0x9e3779b97f4a7c15ULL;
        PyObject *argsets[3];
        argsets[0] = Py_BuildValue("(isdiy)", 3, "k", -2.5, 65, "b");
        argsets[1] = PyLong_FromLong(7);
        argsets[2] = Py_BuildValue("{sisss(i)}", "a", 1, "b", "x", "", 2);
        const char *argtexts[] = {"(3, 'k', -2.5, 65, b'b')", "7", "{'a': 1, 'b': 'x', '': (2,)}"};
        for (int k = 0; k < 1500; k++) {
            char fmt[16];
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            int n = 1 + (int)((seed >> 33) % 8);
            for (int i = 0; i < n; i++) {
                seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
                fmt[i] = alphabet[(seed >> 33) % nalpha];
            }
            fmt[n] = 0;
            /* Keep the text valid UTF-8: drop a lone half of the two-byte
               character. */
            for (int i = 0; i < n; i++)
                if ((unsigned char)fmt[i] >= 0x80)
                    fmt[i] = 'q';
            fmt1(fmt, argtexts[k % 3], Py_NewRef(argsets[k % 3]));
        }
        for (int a = 0; a < 3; a++)
            Py_DECREF(argsets[a]);
    }

    /* bytes % args: the matrix, smaller. */
    {
        const char *bconvs = "sbradxXfgc";
        const char *bflags[] = {"", "-", "+", "#0", " "};
        const char *bwidths[] = {"", "6"};
        const char *bprecs[] = {"", ".2"};
        PyObject *bvals[6];
        const char *bvtexts[6] = {"65", "-7", "2.5", "b'xyz'", "bytearray(b'q')", "'s'"};
        bvals[0] = PyLong_FromLong(65);
        bvals[1] = PyLong_FromLong(-7);
        bvals[2] = PyFloat_FromDouble(2.5);
        bvals[3] = PyBytes_FromString("xyz");
        bvals[4] = PyByteArray_FromStringAndSize("q", 1);
        bvals[5] = PyUnicode_FromString("s");
        for (const char *c = bconvs; *c; c++)
            for (size_t fl = 0; fl < sizeof bflags / sizeof *bflags; fl++)
                for (size_t w = 0; w < 2; w++)
                    for (size_t p = 0; p < 2; p++)
                        for (int v = 0; v < 6; v++) {
                            char fmt[40];
                            int n = snprintf(fmt, sizeof fmt, "[%%%s%s%s%c]", bflags[fl], bwidths[w], bprecs[p], *c);
                            bfmt(fmt, n, bvtexts[v], Py_BuildValue("(O)", bvals[v]), 0);
                        }
        for (int v = 0; v < 6; v++)
            Py_DECREF(bvals[v]);
    }
    {
        PyObject *dunder_type = PyType_FromSpec(&dunder_spec);
        bfmt("%s|%b", 5, "(Dunder(), memoryview(b'mv'))",
             Py_BuildValue("(NN)", PyObject_CallNoArgs(dunder_type), PyMemoryView_FromObject(PyBytes_FromString("mv"))), 1);
        Py_DECREF(dunder_type);
    }
    bfmt("%s", 2, "'x'", PyUnicode_FromString("x"), 1);
    bfmt("%b", 2, "5", PyLong_FromLong(5), 1);
    bfmt("%s %s", 5, "(b'a',)", Py_BuildValue("(y)", "a"), 1);
    bfmt("%s", 2, "(b'a', b'b')", Py_BuildValue("(yy)", "a", "b"), 1);
    bfmt("abc", 3, "5", PyLong_FromLong(5), 1);
    bfmt("abc", 3, "b'x'", PyBytes_FromString("x"), 1);
    bfmt("abc", 3, "bytearray()", PyByteArray_FromStringAndSize("", 0), 1);
    bfmt("abc", 3, "'x'", PyUnicode_FromString("x"), 1);
    bfmt("abc", 3, "[]", PyList_New(0), 1);
    bfmt("abc", 3, "{}", PyDict_New(), 1);
    bfmt("%(a)s", 5, "{b'a': b'x'}", Py_BuildValue("{yy}", "a", "x"), 1);
    bfmt("%(a)s", 5, "{'a': b'x'}", Py_BuildValue("{sy}", "a", "x"), 1);
    bfmt("%(a)d|%(b)5.1f", 14, "{b'a': 1, b'b': 2.25}", Py_BuildValue("{yiyd}", "a", 1, "b", 2.25), 1);
    bfmt("%(a)s", 5, "b'x'", PyBytes_FromString("x"), 1);
    bfmt("%(a", 3, "{}", PyDict_New(), 1);
    bfmt("%r", 2, "'\xe9'", PyUnicode_FromString("Ã©"), 1);
    bfmt("%a", 2, "b'x'", PyBytes_FromString("x"), 1);
    bfmt("%5.2r|", 6, "'abc'", PyUnicode_FromString("abc"), 1);
    bfmt("%c", 2, "256", PyLong_FromLong(256), 1);
    bfmt("%c", 2, "-1", PyLong_FromLong(-1), 1);
    bfmt("%c", 2, "b'ab'", Py_BuildValue("(y)", "ab"), 1);
    bfmt("%c", 2, "'a'", PyUnicode_FromString("a"), 1);
    bfmt("%c", 2, "1.5", PyFloat_FromDouble(1.5), 1);
    bfmt("%5c|%-3c|", 9, "(65, b'z')", Py_BuildValue("(iy)", 65, "z"), 1);
    bfmt("%.0c|", 5, "65", PyLong_FromLong(65), 1);
    bfmt("%i", 2, "'x'", PyUnicode_FromString("x"), 1);
    bfmt("%x", 2, "2.5", PyFloat_FromDouble(2.5), 1);
    bfmt("%d", 2, "2.5", PyFloat_FromDouble(2.5), 1);
    bfmt("%#o|%#X|%+.3d", 13, "(8, 255, 7)", Py_BuildValue("(iii)", 8, 255, 7), 1);
    bfmt("%f", 2, "'x'", PyUnicode_FromString("x"), 1);
    bfmt("%f", 2, "10**400", PyNumber_Power(PyLong_FromLong(10), PyLong_FromLong(400), Py_None), 1);
    bfmt("%e|%G|%#.0f", 11, "(1e-5, 1e100, 2.0)", Py_BuildValue("(ddd)", 1e-5, 1e100, 2.0), 1);
    bfmt("%y", 2, "1", PyLong_FromLong(1), 1);
    bfmt("%\x01", 2, "1", PyLong_FromLong(1), 0);
    bfmt("%\x7f", 2, "1", PyLong_FromLong(1), 0);
    bfmt("%\x80", 2, "1", PyLong_FromLong(1), 0);
    bfmt("%\xff", 2, "()", PyTuple_New(0), 0);
    bfmt("%z.1f", 5, "-0.0001", PyFloat_FromDouble(-0.0001), 1);
    bfmt("%", 1, "()", PyTuple_New(0), 1);
    bfmt("ab%", 3, "1", PyLong_FromLong(1), 1);
    bfmt("%5%", 3, "()", PyTuple_New(0), 1);
    bfmt("100%%", 5, "()", PyTuple_New(0), 1);
    bfmt("%.99999999999d", 14, "1", PyLong_FromLong(1), 1);
    bfmt("%99999999999999999999d", 22, "1", PyLong_FromLong(1), 1);
    bfmt("%*.*b|", 6, "(5, 1, b'xyz')", Py_BuildValue("(iiy)", 5, 1, "xyz"), 1);
    bfmt("%*d", 3, "('x', 1)", Py_BuildValue("(si)", "x", 1), 1);
    bfmt("a\0%s\0b", 6, "b'\\0'", Py_BuildValue("(y#)", "\0", (Py_ssize_t)1), 1);
    {
        PyObject *one = PyLong_FromLong(1), *b = PyBytes_FromString("x");
        show("PyNumber_Remainder(1, b'x')", PyNumber_Remainder(one, b));
        Py_DECREF(one);
        Py_DECREF(b);
    }

    Py_DECREF(raiser_type);
    PyGILState_Release(g);
    return 0;
}
