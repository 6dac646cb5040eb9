/* Differential cases for small builtins: round() with float.__round__
 * (correctly rounded, ties to even, huge and tiny ndigits, inf/nan) and
 * int.__round__ (negative ndigits, ties to even); complex.real, .imag and
 * conjugate(); PyUnicode_FindChar, PyUnicode_Find, PyUnicode_Count and
 * PyUnicode_Tailmatch (both directions, slice bounds);
 * _PyDict_SetItem_KnownHash; enumerate and its __reduce__; slice.indices; PyObject_Dir and
 * dir(); PyImport_ImportModuleLevelObject; bound method objects
 * (PyMethod_New); builtins.__import__; the IOError and
 * EnvironmentError aliases of OSError.
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

static PyObject *builtins;

/* builtins.NAME(*args) with args built by Py_BuildValue(fmt, ...). */
static PyObject *callb(const char *name, PyObject *args) {
    PyObject *f = PyObject_GetAttrString(builtins, name);
    PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    Py_DECREF(f);
    return r;
}

static void round_f(double x, const char *nd) {
    char what[200];
    PyObject *args;
    PyObject *fx = PyFloat_FromDouble(x);
    PyObject *r = PyObject_Repr(fx);
    if (nd == NULL) {
        snprintf(what, sizeof what, "round(%s)", PyUnicode_AsUTF8(r));
        args = PyTuple_Pack(1, fx);
    } else {
        snprintf(what, sizeof what, "round(%s, %s)", PyUnicode_AsUTF8(r), nd);
        PyObject *n = PyLong_FromString(nd, NULL, 10);
        args = PyTuple_Pack(2, fx, n);
        Py_DECREF(n);
    }
    show(what, callb("round", args));
    Py_DECREF(r);
    Py_DECREF(fx);
}

static void round_i(const char *v, const char *nd) {
    char what[200];
    PyObject *iv = PyLong_FromString(v, NULL, 10);
    PyObject *args;
    if (nd == NULL) {
        snprintf(what, sizeof what, "round(%s)", v);
        args = PyTuple_Pack(1, iv);
    } else {
        snprintf(what, sizeof what, "round(%s, %s)", v, nd);
        PyObject *n = PyLong_FromString(nd, NULL, 10);
        args = PyTuple_Pack(2, iv, n);
        Py_DECREF(n);
    }
    show(what, callb("round", args));
    Py_DECREF(iv);
}

/* A C function for bound methods: returns (self, args...) as a tuple, and
   the keyword dict when given. */
static PyObject *echo(PyObject *module, PyObject *args, PyObject *kwargs) {
    (void)module;
    if (kwargs != NULL && PyDict_Size(kwargs) > 0) {
        return Py_BuildValue("(OO)", args, kwargs);
    }
    return Py_NewRef(args);
}
static PyMethodDef echo_def = {"echo", (PyCFunction)(void (*)(void))echo, METH_VARARGS | METH_KEYWORDS, NULL};

int main(void) {
    Py_Initialize();
    builtins = PyImport_ImportModule("builtins");

    /* round(float) and round(float, n). */
    double fs[] = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2.675, 1.005, 0.125, 0.375,
                   1234.5678, -1234.5678, 1e300, 1.7976931348623157e308, 5e-324, 0.0, -0.0, 1e16 + 1,
                   4503599627370497.0, 0.285, 1.15, 2.345, 123456789.987654321, 1e-10, 9.995, 0.05};
    const char *nds[] = {NULL, "0", "1", "2", "3", "-1", "-2", "-3", "10", "-10", "20", "300", "323", "324",
                         "-308", "-309", "400", "-400", "100000000000000000000", "-100000000000000000000"};
    for (size_t i = 0; i < sizeof fs / sizeof *fs; i++) {
        for (size_t j = 0; j < sizeof nds / sizeof *nds; j++) {
            round_f(fs[i], nds[j]);
        }
    }
    round_f(Py_HUGE_VAL, NULL);
    round_f(-Py_HUGE_VAL, NULL);
    round_f(Py_NAN, NULL);
    round_f(Py_HUGE_VAL, "2");
    round_f(Py_NAN, "2");
    round_f(1.7976931348623157e308, "-308");
    round_f(-1.7976931348623157e308, "-308");
    round_f(1e308, "-308");

    /* round(int) and round(int, n). */
    const char *is[] = {"0", "5", "15", "25", "-15", "-25", "1234567", "-1234567", "149", "150", "250", "-250",
                        "123456789012345678901234567890", "-555555555555555555555555555555", "99999", "50"};
    /* (A hugely negative ndigits makes CPython compute 10**-ndigits.) */
    const char *ind[] = {NULL, "0", "1", "5", "-1", "-2", "-3", "-7", "-29", "-30", "-31", "-100",
                         "100000000000000000000"};
    for (size_t i = 0; i < sizeof is / sizeof *is; i++) {
        for (size_t j = 0; j < sizeof ind / sizeof *ind; j++) {
            round_i(is[i], ind[j]);
        }
    }
    /* round's errors and other argument forms. */
    show("round()", callb("round", PyTuple_New(0)));
    show("round(1, 2, 3)", callb("round", Py_BuildValue("(iii)", 1, 2, 3)));
    show("round('x')", callb("round", Py_BuildValue("(s)", "x")));
    show("round(None)", callb("round", Py_BuildValue("(O)", Py_None)));
    show("round(1.5, 'x')", callb("round", Py_BuildValue("(ds)", 1.5, "x")));
    show("round(1, 'x')", callb("round", Py_BuildValue("(is)", 1, "x")));
    show("round(1.5, 1.0)", callb("round", Py_BuildValue("(dd)", 1.5, 1.0)));
    show("round(2.5, None)", callb("round", Py_BuildValue("(dO)", 2.5, Py_None)));
    show("round(25, None)", callb("round", Py_BuildValue("(iO)", 25, Py_None)));
    show("round(True)", callb("round", Py_BuildValue("(O)", Py_True)));
    show("round(True, -1)", callb("round", Py_BuildValue("(Oi)", Py_True, -1)));
    show("round(2.5, True)", callb("round", Py_BuildValue("(dO)", 2.5, Py_True)));
    {
        PyObject *f = PyObject_GetAttrString(builtins, "round");
        PyObject *kw = Py_BuildValue("{s:d,s:i}", "number", 2.675, "ndigits", 2);
        PyObject *empty = PyTuple_New(0);
        show("round(number=2.675, ndigits=2)", PyObject_Call(f, empty, kw));
        Py_DECREF(kw);
        kw = Py_BuildValue("{s:i}", "nd", 1);
        PyObject *a = Py_BuildValue("(d)", 2.5);
        show("round(2.5, nd=1)", PyObject_Call(f, a, kw));
        Py_DECREF(kw);
        Py_DECREF(a);
        Py_DECREF(empty);
        Py_DECREF(f);
        PyObject *x = PyFloat_FromDouble(1.25);
        show("(1.25).__round__(1, 2)", PyObject_CallMethod(x, "__round__", "ii", 1, 2));
        show("(1.25).__round__(1)", PyObject_CallMethod(x, "__round__", "i", 1));
        show("(1.25).__round__()", PyObject_CallMethod(x, "__round__", NULL));
        Py_DECREF(x);
        x = PyLong_FromLong(125);
        show("(125).__round__(-1, 2)", PyObject_CallMethod(x, "__round__", "ii", -1, 2));
        show("(125).__round__(-1)", PyObject_CallMethod(x, "__round__", "i", -1));
        show("(125).__round__(1.0)", PyObject_CallMethod(x, "__round__", "d", 1.0));
        Py_DECREF(x);
    }

    /* complex attributes and conjugate(). */
    {
        Py_complex cs[] = {{1, 2}, {-0.0, -3.5}, {Py_HUGE_VAL, 0}, {0, 0}};
        for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
            char what[120];
            PyObject *c = PyComplex_FromCComplex(cs[i]);
            PyObject *r = PyObject_Repr(c);
            snprintf(what, sizeof what, "%s.real", PyUnicode_AsUTF8(r));
            show(what, PyObject_GetAttrString(c, "real"));
            snprintf(what, sizeof what, "%s.imag", PyUnicode_AsUTF8(r));
            show(what, PyObject_GetAttrString(c, "imag"));
            snprintf(what, sizeof what, "%s.conjugate()", PyUnicode_AsUTF8(r));
            show(what, PyObject_CallMethod(c, "conjugate", NULL));
            snprintf(what, sizeof what, "%s.conjugate(1)", PyUnicode_AsUTF8(r));
            show(what, PyObject_CallMethod(c, "conjugate", "i", 1));
            Py_DECREF(r);
            Py_DECREF(c);
        }
        PyObject *c = PyComplex_FromDoubles(1, 2);
        show("(1+2j).real = 3", PyObject_SetAttrString(c, "real", Py_None) < 0 ? NULL : Py_NewRef(Py_None));
        Py_DECREF(c);
    }

    /* PyUnicode_FindChar. */
    {
        PyObject *s = PyUnicode_FromString("abcab\xe2\x82\xac" "ca");
        Py_UCS4 chars[] = {'a', 'c', 0x20ac, 'z'};
        Py_ssize_t bounds[][2] = {{0, 100}, {1, 8}, {2, 4}, {-3, -1}, {4, 2}, {0, 0}, {-100, 100}, {5, 6},
                                  {7, 8}, {8, 100}, {PY_SSIZE_T_MIN, PY_SSIZE_T_MAX}};
        for (size_t i = 0; i < sizeof chars / sizeof *chars; i++) {
            for (size_t j = 0; j < sizeof bounds / sizeof *bounds; j++) {
                for (int dir = -1; dir <= 1; dir += 2) {
                    Py_ssize_t got = PyUnicode_FindChar(s, chars[i], bounds[j][0], bounds[j][1], dir);
                    printf("%d\tPyUnicode_FindChar(s, %lu, %zd, %zd, %d)\t%zd\n", ++case_no, (unsigned long)chars[i],
                           bounds[j][0], bounds[j][1], dir, got);
                }
            }
        }
        Py_DECREF(s);
        s = PyUnicode_FromString("");
        printf("%d\tPyUnicode_FindChar('', 'a', 0, 1, 1)\t%zd\n", ++case_no, PyUnicode_FindChar(s, 'a', 0, 1, 1));
        Py_DECREF(s);
        s = PyUnicode_FromString("x\xf0\x9f\x98\x80y\xf0\x9f\x98\x80");
        printf("%d\tPyUnicode_FindChar(wide, U+1F600, 0, 9, 1)\t%zd\n", ++case_no,
               PyUnicode_FindChar(s, 0x1F600, 0, 9, 1));
        printf("%d\tPyUnicode_FindChar(wide, U+1F600, 0, 9, -1)\t%zd\n", ++case_no,
               PyUnicode_FindChar(s, 0x1F600, 0, 9, -1));
        printf("%d\tPyUnicode_FindChar(wide, 0x110000, 0, 9, 0)\t%zd\n", ++case_no,
               PyUnicode_FindChar(s, 0x110000, 0, 9, 0));
        Py_DECREF(s);
    }

    /* PyUnicode_Find, PyUnicode_Count, PyUnicode_Tailmatch: slice bounds,
       both directions, empty and wider needles, non-str arguments. */
    {
        PyObject *s = PyUnicode_FromString("abcab\xe2\x82\xac" "cabab");
        const char *needles[] = {"ab", "a", "", "\xe2\x82\xac" "c", "\xf0\x9f\x98\x80", "abcab\xe2\x82\xac" "cababx", "b"};
        Py_ssize_t bounds[][2] = {{0, 100}, {1, 8}, {2, 4}, {-3, -1}, {4, 2}, {0, 0}, {-100, 100}, {5, 7},
                                  {10, 10}, {11, 100}, {PY_SSIZE_T_MIN, PY_SSIZE_T_MAX}};
        for (size_t i = 0; i < sizeof needles / sizeof *needles; i++) {
            PyObject *sub = PyUnicode_FromString(needles[i]);
            for (size_t j = 0; j < sizeof bounds / sizeof *bounds; j++) {
                Py_ssize_t a = bounds[j][0], b = bounds[j][1];
                printf("%d\tPyUnicode_Find/Count/Tailmatch(s, needle %zu, %zd, %zd)\t%zd %zd %zd %zd %zd %zd\n",
                       ++case_no, i, a, b, PyUnicode_Find(s, sub, a, b, 1), PyUnicode_Find(s, sub, a, b, -1),
                       PyUnicode_Count(s, sub, a, b), PyUnicode_Tailmatch(s, sub, a, b, 1),
                       PyUnicode_Tailmatch(s, sub, a, b, -1), PyUnicode_Tailmatch(s, sub, a, b, 0));
            }
            Py_DECREF(sub);
        }
        PyObject *empty = PyUnicode_FromString("");
        printf("%d\tPyUnicode_Find/Count/Tailmatch('', '', 0, 0)\t%zd %zd %zd %zd\n", ++case_no,
               PyUnicode_Find(empty, empty, 0, 0, 1), PyUnicode_Find(empty, empty, 0, 0, -1),
               PyUnicode_Count(empty, empty, 0, 0), PyUnicode_Tailmatch(empty, empty, 0, 0, 1));
        PyObject *bytes = PyBytes_FromString("ab");
        PyObject *num = PyLong_FromLong(3);
        Py_ssize_t r;
        char what[120];
        PyObject *bad[][2] = {{s, bytes}, {bytes, s}, {num, s}, {s, num}, {num, bytes}};
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            r = PyUnicode_Find(bad[i][0], bad[i][1], 0, 10, 1);
            snprintf(what, sizeof what, "PyUnicode_Find(bad pair %zu) = %zd", i, r);
            show(what, PyErr_Occurred() ? NULL : Py_NewRef(Py_None));
            r = PyUnicode_Count(bad[i][0], bad[i][1], 0, 10);
            snprintf(what, sizeof what, "PyUnicode_Count(bad pair %zu) = %zd", i, r);
            show(what, PyErr_Occurred() ? NULL : Py_NewRef(Py_None));
            r = PyUnicode_Tailmatch(bad[i][0], bad[i][1], 0, 10, 1);
            snprintf(what, sizeof what, "PyUnicode_Tailmatch(bad pair %zu) = %zd", i, r);
            show(what, PyErr_Occurred() ? NULL : Py_NewRef(Py_None));
        }
        Py_DECREF(num);
        Py_DECREF(bytes);
        Py_DECREF(empty);
        Py_DECREF(s);
    }

    /* _PyDict_SetItem_KnownHash. */
    {
        PyObject *d = PyDict_New();
        PyObject *k = PyUnicode_FromString("key");
        PyObject *v = PyLong_FromLong(5);
        Py_ssize_t before_k = Py_REFCNT(k), before_v = Py_REFCNT(v);
        int rc = _PyDict_SetItem_KnownHash(d, k, v, PyObject_Hash(k));
        printf("%d\t_PyDict_SetItem_KnownHash(d, 'key', 5)\t%d refs +%zd +%zd\n", ++case_no, rc,
               Py_REFCNT(k) - before_k, Py_REFCNT(v) - before_v);
        show("d['key']", Py_XNewRef(PyDict_GetItemString(d, "key")));
        PyObject *v2 = PyLong_FromLong(6);
        rc = _PyDict_SetItem_KnownHash(d, k, v2, PyObject_Hash(k));
        printf("%d\t_PyDict_SetItem_KnownHash again\t%d len %zd\n", ++case_no, rc, PyDict_Size(d));
        show("d after replace", Py_NewRef(d));
        PyObject *i7 = PyLong_FromLong(7);
        rc = _PyDict_SetItem_KnownHash(d, i7, v, 7);
        printf("%d\t_PyDict_SetItem_KnownHash(d, 7, 5, 7)\t%d\n", ++case_no, rc);
        show("d[7]", PyObject_GetItem(d, i7));
        PyObject *lst = PyList_New(0);
        /* (CPython's message names its source line: only the type.) */
        rc = _PyDict_SetItem_KnownHash(lst, k, v, 0);
        printf("%d\t_PyDict_SetItem_KnownHash(list, ...)\t%d %s\n", ++case_no, rc,
               PyErr_ExceptionMatches(PyExc_SystemError) ? "SystemError" : "?");
        PyErr_Clear();
        Py_DECREF(lst);
        Py_DECREF(i7);
        Py_DECREF(v2);
        Py_DECREF(v);
        Py_DECREF(k);
        Py_DECREF(d);
    }

    /* enumerate. */
    {
        show("enumerate('abc')", callb("list", Py_BuildValue("(N)", callb("enumerate", Py_BuildValue("(s)", "abc")))));
        show("enumerate('abc', 5)",
             callb("list", Py_BuildValue("(N)", callb("enumerate", Py_BuildValue("(si)", "abc", 5)))));
        show("enumerate('ab', -3)",
             callb("list", Py_BuildValue("(N)", callb("enumerate", Py_BuildValue("(si)", "ab", -3)))));
        show("enumerate('abc', True)",
             callb("list", Py_BuildValue("(N)", callb("enumerate", Py_BuildValue("(sO)", "abc", Py_True)))));
        show("enumerate([], 1)", callb("list", Py_BuildValue("(N)", callb("enumerate", Py_BuildValue("([]i)", 1)))));
        show("enumerate('ab', 2**63-1)",
             callb("list", Py_BuildValue("(N)", callb("enumerate", Py_BuildValue("(sn)", "ab", PY_SSIZE_T_MAX)))));
        show("enumerate('abc', 2**63-2)",
             callb("list",
                   Py_BuildValue("(N)", callb("enumerate", Py_BuildValue("(sn)", "abc", PY_SSIZE_T_MAX - 1)))));
        show("enumerate('ab', 10**30)",
             callb("list", Py_BuildValue("(N)", callb("enumerate", Py_BuildValue("(sN)", "ab",
                                                                                 PyLong_FromString("1000000000000000000000000000000", NULL, 10))))));
        show("enumerate()", callb("enumerate", PyTuple_New(0)));
        show("enumerate(5)", callb("enumerate", Py_BuildValue("(i)", 5)));
        show("enumerate('a', 'x')", callb("enumerate", Py_BuildValue("(ss)", "a", "x")));
        show("enumerate('a', 1.5)", callb("enumerate", Py_BuildValue("(sd)", "a", 1.5)));
        show("enumerate('a', 1, 2)", callb("enumerate", Py_BuildValue("(sii)", "a", 1, 2)));
        PyObject *f = PyObject_GetAttrString(builtins, "enumerate");
        PyObject *kw = Py_BuildValue("{s:s,s:i}", "iterable", "xy", "start", 7);
        PyObject *empty = PyTuple_New(0);
        PyObject *e = PyObject_Call(f, empty, kw);
        show("type(enumerate(iterable='xy', start=7))", e ? Py_NewRef((PyObject *)Py_TYPE(e)) : NULL);
        show("next(e)", e ? PyIter_Next(e) : NULL);
        show("next(e)", e ? PyIter_Next(e) : NULL);
        PyObject *n = e ? PyIter_Next(e) : NULL;
        printf("%d\tnext(e) at the end\t%s %d\n", ++case_no, n ? "item" : "NULL", PyErr_Occurred() != NULL);
        show("iter(e) is e", e ? PyBool_FromLong(PyObject_GetIter(e) == e) : NULL);
        Py_XDECREF(e); /* the iter() reference */
        Py_XDECREF(e);
        Py_DECREF(kw);
        kw = Py_BuildValue("{s:i}", "begin", 1);
        PyObject *a = Py_BuildValue("(s)", "x");
        show("enumerate('x', begin=1)", PyObject_Call(f, a, kw));
        Py_DECREF(a);
        Py_DECREF(kw);
        Py_DECREF(empty);
        show("enumerate is PyEnum_Type", PyBool_FromLong(f == (PyObject *)&PyEnum_Type));

        /* enumerate.__reduce__: (enumerate, (iterator, count)); the
           iterator's repr has an address, so only its type is shown, and
           the reduction is rebuilt to check it resumes where it was. */
        const char *starts[] = {"0", "5", "-2", "9223372036854775806", "9223372036854775807",
                                "100000000000000000000"};
        for (size_t i = 0; i < sizeof starts / sizeof *starts; i++) {
            char what[200];
            PyObject *st = PyLong_FromString(starts[i], NULL, 10);
            PyObject *en = callb("enumerate", Py_BuildValue("([iii]N)", 10, 20, 30, st));
            PyObject *first = en ? PyIter_Next(en) : NULL;
            snprintf(what, sizeof what, "next(enumerate([10, 20, 30], %s))", starts[i]);
            show(what, first);
            PyObject *red = en ? PyObject_CallMethod(en, "__reduce__", NULL) : NULL;
            PyObject *fn = red && PyTuple_Check(red) && PyTuple_GET_SIZE(red) == 2 ? PyTuple_GET_ITEM(red, 0) : NULL;
            PyObject *ra = fn ? PyTuple_GET_ITEM(red, 1) : NULL;
            snprintf(what, sizeof what, "reduce len / [0] is enumerate (start %s)", starts[i]);
            show(what, red ? Py_BuildValue("(nO)", PyTuple_Check(red) ? PyTuple_GET_SIZE(red) : -1,
                                           fn == f ? Py_True : Py_False)
                           : NULL);
            snprintf(what, sizeof what, "reduce args: iterator type, count (start %s)", starts[i]);
            show(what, ra && PyTuple_Check(ra) && PyTuple_GET_SIZE(ra) == 2
                           ? Py_BuildValue("(sO)", Py_TYPE(PyTuple_GET_ITEM(ra, 0))->tp_name, PyTuple_GET_ITEM(ra, 1))
                           : NULL);
            snprintf(what, sizeof what, "list(enumerate(*reduce args)) (start %s)", starts[i]);
            show(what, ra ? callb("list", Py_BuildValue("(N)", PyObject_Call(fn, ra, NULL))) : NULL);
            Py_XDECREF(red);
            Py_XDECREF(en);
        }
        {
            PyObject *en = callb("enumerate", Py_BuildValue("([ii])", 1, 2));
            Py_XDECREF(en ? PyIter_Next(en) : NULL);
            Py_XDECREF(en ? PyIter_Next(en) : NULL);
            PyObject *red = en ? PyObject_CallMethod(en, "__reduce__", NULL) : NULL;
            PyObject *ra = red ? PyTuple_GetItem(red, 1) : NULL;
            show("reduce of an exhausted enumerate: count",
                 ra ? Py_NewRef(PyTuple_GetItem(ra, 1)) : NULL);
            show("enumerate.__reduce__(1)", en ? PyObject_CallMethod(en, "__reduce__", "i", 1) : NULL);
            Py_XDECREF(red);
            Py_XDECREF(en);
        }
        Py_DECREF(f);
    }

    /* slice.indices. */
    {
        const char *slices[][3] = {{"None", "None", "None"}, {"1", "5", "None"}, {"-3", "None", "None"},
                                   {"None", "-1", "2"},       {"None", "None", "-1"}, {"10", "-10", "-2"},
                                   {"-100", "100", "3"},      {"5", "1", "-1"},      {"0", "0", "0"},
                                   {"2**80", "-2**80", "-1"}, {"'a'", "None", "None"}, {"1.5", "2", "1"},
                                   {"None", "None", "2**70"}, {"True", "False", "True"}};
        const char *lens[] = {"0", "1", "10", "-1", "2**100", "'x'", "2.0", "True"};
        for (size_t i = 0; i < sizeof slices / sizeof *slices; i++) {
            for (size_t j = 0; j < sizeof lens / sizeof *lens; j++) {
                char expr[200], what[240];
                snprintf(expr, sizeof expr, "slice(%s, %s, %s)", slices[i][0], slices[i][1], slices[i][2]);
                snprintf(what, sizeof what, "%s.indices(%s)", expr, lens[j]);
                PyObject *parts[3];
                for (int k = 0; k < 3; k++) {
                    const char *t = slices[i][k];
                    if (strcmp(t, "None") == 0) parts[k] = Py_NewRef(Py_None);
                    else if (strcmp(t, "'a'") == 0) parts[k] = PyUnicode_FromString("a");
                    else if (strcmp(t, "1.5") == 0) parts[k] = PyFloat_FromDouble(1.5);
                    else if (strcmp(t, "True") == 0) parts[k] = Py_NewRef(Py_True);
                    else if (strcmp(t, "False") == 0) parts[k] = Py_NewRef(Py_False);
                    else if (strcmp(t, "2**80") == 0) parts[k] = PyLong_FromString("1208925819614629174706176", NULL, 10);
                    else if (strcmp(t, "-2**80") == 0) parts[k] = PyLong_FromString("-1208925819614629174706176", NULL, 10);
                    else if (strcmp(t, "2**70") == 0) parts[k] = PyLong_FromString("1180591620717411303424", NULL, 10);
                    else parts[k] = PyLong_FromString(t, NULL, 10);
                }
                PyObject *sl = PySlice_New(parts[0], parts[1], parts[2]);
                PyObject *ln;
                const char *t = lens[j];
                if (strcmp(t, "2**100") == 0) ln = PyLong_FromString("1267650600228229401496703205376", NULL, 10);
                else if (strcmp(t, "'x'") == 0) ln = PyUnicode_FromString("x");
                else if (strcmp(t, "2.0") == 0) ln = PyFloat_FromDouble(2.0);
                else if (strcmp(t, "True") == 0) ln = Py_NewRef(Py_True);
                else ln = PyLong_FromString(t, NULL, 10);
                show(what, PyObject_CallMethod(sl, "indices", "O", ln));
                Py_DECREF(ln);
                Py_DECREF(sl);
                for (int k = 0; k < 3; k++) Py_DECREF(parts[k]);
            }
        }
        PyObject *sl = PySlice_New(NULL, NULL, NULL);
        show("slice(None).indices()", PyObject_CallMethod(sl, "indices", NULL));
        show("slice(None).indices(1, 2)", PyObject_CallMethod(sl, "indices", "ii", 1, 2));
        Py_DECREF(sl);
    }

    /* PyImport_ImportModuleLevelObject. */
    {
        PyObject *name = PyUnicode_FromString("builtins");
        PyObject *m = PyImport_ImportModuleLevelObject(name, NULL, NULL, NULL, 0);
        show("ImportModuleLevelObject('builtins', level 0) is builtins", m ? PyBool_FromLong(m == builtins) : NULL);
        Py_XDECREF(m);
        PyObject *fl = Py_BuildValue("(s)", "len");
        m = PyImport_ImportModuleLevelObject(name, NULL, NULL, fl, 0);
        show("... fromlist ('len',) is builtins", m ? PyBool_FromLong(m == builtins) : NULL);
        Py_XDECREF(m);
        m = PyImport_ImportModuleLevel("builtins", NULL, NULL, NULL, 0);
        show("ImportModuleLevel('builtins', 0) is builtins", m ? PyBool_FromLong(m == builtins) : NULL);
        Py_XDECREF(m);
        show("level -1", PyImport_ImportModuleLevelObject(name, NULL, NULL, NULL, -1));
        show("level 1, globals NULL", PyImport_ImportModuleLevelObject(name, NULL, NULL, NULL, 1));
        PyObject *g = PyDict_New();
        show("level 1, globals {}", PyImport_ImportModuleLevelObject(name, g, NULL, NULL, 1));
        PyDict_SetItemString(g, "__package__", Py_None);
        PyObject *nm = PyUnicode_FromString("toplevel");
        PyDict_SetItemString(g, "__name__", nm);
        Py_DECREF(nm);
        PyErr_Clear();
        show("level 1, __name__ 'toplevel'", PyImport_ImportModuleLevelObject(name, g, NULL, NULL, 1));
        PyObject *five = PyLong_FromLong(5);
        PyDict_SetItemString(g, "__package__", five);
        show("level 1, __package__ 5", PyImport_ImportModuleLevelObject(name, g, NULL, NULL, 1));
        PyObject *pk = PyUnicode_FromString("");
        PyDict_SetItemString(g, "__package__", pk);
        show("level 1, __package__ ''", PyImport_ImportModuleLevelObject(name, g, NULL, NULL, 1));
        Py_DECREF(pk);
        pk = PyUnicode_FromString("pkg");
        PyDict_SetItemString(g, "__package__", pk);
        show("level 2, __package__ 'pkg'", PyImport_ImportModuleLevelObject(name, g, NULL, NULL, 2));
        Py_DECREF(pk);
        show("level 1, globals a list", PyImport_ImportModuleLevelObject(name, fl, NULL, NULL, 1));
        Py_DECREF(five);
        Py_DECREF(g);
        PyObject *empty = PyUnicode_FromString("");
        show("'' level 0", PyImport_ImportModuleLevelObject(empty, NULL, NULL, NULL, 0));
        show("NULL name", PyImport_ImportModuleLevelObject(NULL, NULL, NULL, NULL, 0));
        show("name 5", PyImport_ImportModuleLevelObject(fl, NULL, NULL, NULL, 0));
        PyObject *missing = PyUnicode_FromString("no_such_module_xyz");
        show("'no_such_module_xyz'", PyImport_ImportModuleLevelObject(missing, NULL, NULL, NULL, 0));
        Py_DECREF(missing);
        Py_DECREF(empty);
        Py_DECREF(fl);
        Py_DECREF(name);
    }

    /* Bound method objects. */
    {
        PyObject *func = PyCFunction_New(&echo_def, NULL);
        PyObject *self = PyLong_FromLong(42);
        PyObject *m = PyMethod_New(func, self);
        show("type(PyMethod_New(echo, 42))", Py_NewRef((PyObject *)Py_TYPE(m)));
        show("PyMethod_Check", PyBool_FromLong(PyMethod_Check(m)));
        show("PyMethod_Function is echo", PyBool_FromLong(PyMethod_Function(m) == func));
        show("PyMethod_Self", Py_NewRef(PyMethod_Self(m)));
        show("PyMethod_GET_FUNCTION is echo", PyBool_FromLong(PyMethod_GET_FUNCTION(m) == func));
        show("PyMethod_GET_SELF", Py_NewRef(PyMethod_GET_SELF(m)));
        show("m()", PyObject_CallNoArgs(m));
        show("m(1, 'a')", PyObject_CallFunction(m, "is", 1, "a"));
        PyObject *a = Py_BuildValue("(i)", 1);
        PyObject *kw = Py_BuildValue("{s:i}", "k", 2);
        show("m(1, k=2)", PyObject_Call(m, a, kw));
        Py_DECREF(kw);
        Py_DECREF(a);
        show("repr(m)", PyObject_Repr(m));
        show("m.__func__ is echo", PyBool_FromLong(PyObject_GetAttrString(m, "__func__") == func));
        Py_DECREF(func); /* the reference __func__ returned */
        show("m.__self__", PyObject_GetAttrString(m, "__self__"));
        show("m.__name__", PyObject_GetAttrString(m, "__name__"));
        show("m.nope", PyObject_GetAttrString(m, "nope"));
        show("m.__self__ = 1", PyObject_SetAttrString(m, "__self__", self) < 0 ? NULL : Py_NewRef(Py_None));
        PyObject *m2 = PyMethod_New(func, self);
        PyObject *other = PyLong_FromLong(43);
        PyObject *m3 = PyMethod_New(func, other);
        show("m == same", PyObject_RichCompare(m, m2, Py_EQ));
        show("m != same", PyObject_RichCompare(m, m2, Py_NE));
        show("m == other self", PyObject_RichCompare(m, m3, Py_EQ));
        show("m != other self", PyObject_RichCompare(m, m3, Py_NE));
        show("m < same", PyObject_RichCompare(m, m2, Py_LT));
        show("m == 5", PyObject_RichCompare(m, self, Py_EQ));
        show("hash(m) == hash(same)", PyBool_FromLong(PyObject_Hash(m) == PyObject_Hash(m2)));
        /* (CPython's SystemError names its source line: only the type.) */
        PyObject *bad[3] = {PyMethod_New(func, NULL), NULL, NULL};
        int sys0 = PyErr_ExceptionMatches(PyExc_SystemError);
        PyErr_Clear();
        bad[1] = Py_XNewRef(PyMethod_Function(self));
        int sys1 = PyErr_ExceptionMatches(PyExc_SystemError);
        PyErr_Clear();
        bad[2] = Py_XNewRef(PyMethod_Self(self));
        int sys2 = PyErr_ExceptionMatches(PyExc_SystemError);
        PyErr_Clear();
        printf("%d\tPyMethod_New(func, NULL), PyMethod_Function(5), PyMethod_Self(5)\t%d%d%d %d%d%d\n", ++case_no,
               bad[0] == NULL, bad[1] == NULL, bad[2] == NULL, sys0, sys1, sys2);
        Py_ssize_t before = Py_REFCNT(self);
        Py_DECREF(m2);
        printf("%d\tself refs after freeing a method\t%zd\n", ++case_no, before - Py_REFCNT(self));
        Py_DECREF(m3);
        Py_DECREF(other);
        Py_DECREF(m);
        Py_DECREF(self);
        Py_DECREF(func);
    }

    /* builtins.__import__ (Cython 3.2 looks it up when a module
       initialises, and calls it for `collections.abc`). */
    {
        PyObject *sys = PyImport_ImportModule("sys");
        PyObject *m = callb("__import__", Py_BuildValue("(s)", "sys"));
        show("__import__('sys') is sys", m ? PyBool_FromLong(m == sys) : NULL);
        Py_XDECREF(m);
        PyObject *kw = Py_BuildValue("{s:s}", "name", "sys");
        PyObject *f = PyObject_GetAttrString(builtins, "__import__");
        PyObject *none = PyTuple_New(0);
        m = PyObject_Call(f, none, kw);
        Py_DECREF(none);
        show("__import__(name='sys') is sys", m ? PyBool_FromLong(m == sys) : NULL);
        Py_XDECREF(m);
        Py_DECREF(kw);
        m = callb("__import__", Py_BuildValue("(sOO(s)i)", "builtins", Py_None, Py_None, "len", 0));
        show("__import__('builtins', None, None, ('len',), 0) is builtins", m ? PyBool_FromLong(m == builtins) : NULL);
        Py_XDECREF(m);
        m = callb("__import__", Py_BuildValue("(sOO[s])", "builtins", Py_None, Py_None, "nothing_here"));
        show("__import__('builtins', fromlist=['nothing_here']) is builtins", m ? PyBool_FromLong(m == builtins) : NULL);
        Py_XDECREF(m);
        show("__import__()", callb("__import__", PyTuple_New(0)));
        show("__import__(5)", callb("__import__", Py_BuildValue("(i)", 5)));
        show("__import__(b'sys')", callb("__import__", Py_BuildValue("(y)", "sys")));
        show("__import__('')", callb("__import__", Py_BuildValue("(s)", "")));
        show("__import__('sys', None, None, None, -1)",
             callb("__import__", Py_BuildValue("(sOOOi)", "sys", Py_None, Py_None, Py_None, -1)));
        show("__import__('sys', {}, None, None, 1)",
             callb("__import__", Py_BuildValue("(s{}OOi)", "sys", Py_None, Py_None, 1)));
        show("__import__('sys', None, None, None, 'x')",
             callb("__import__", Py_BuildValue("(sOOOs)", "sys", Py_None, Py_None, Py_None, "x")));
        show("__import__('sys', None, None, None, 2**40)",
             callb("__import__", Py_BuildValue("(sOOOL)", "sys", Py_None, Py_None, Py_None, 1LL << 40)));
        show("__import__('sys', None, None, None, 0, 6)",
             callb("__import__", Py_BuildValue("(sOOOii)", "sys", Py_None, Py_None, Py_None, 0, 6)));
        show("__import__('no_such_module_xyz')", callb("__import__", Py_BuildValue("(s)", "no_such_module_xyz")));
        show("__import__('no_such_pkg_xyz.sub')", callb("__import__", Py_BuildValue("(s)", "no_such_pkg_xyz.sub")));
        kw = Py_BuildValue("{s:i}", "spam", 1);
        PyObject *args = Py_BuildValue("(s)", "sys");
        show("__import__('sys', spam=1)", PyObject_Call(f, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
        show("__import__.__name__", PyObject_GetAttrString(f, "__name__"));
        /* OSError's aliases, which Cython resolves at import for an
           `except IOError`. */
        const char *aliases[] = {"IOError", "EnvironmentError"};
        for (int i = 0; i < 2; i++) {
            char what[80];
            PyObject *a = PyObject_GetAttrString(builtins, aliases[i]);
            snprintf(what, sizeof what, "builtins.%s is OSError", aliases[i]);
            show(what, a ? PyBool_FromLong(a == PyExc_OSError) : NULL);
            Py_XDECREF(a);
        }
        Py_DECREF(f);
        Py_DECREF(sys);
    }

    Py_DECREF(builtins);
    Py_Finalize();
    return 0;
}
