/* Differential cases for complex arithmetic: the number slots (+ - * /
 * ** with complex, int and float operands on either side, negation,
 * +, abs, truth), == / != and the ordering refusals, hash, the
 * operations complex does not have in 3.11 (// % divmod), and the
 * _Py_c_* value helpers with their errno.
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

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "case.h"


struct operand {
    const char *text;
    PyObject *obj;
};

static void show_c(const char *what, Py_complex c) {
    PyObject *o = PyComplex_FromCComplex(c);
    show(what, o);
}

int main(void) {
    Py_Initialize();

    PyObject *big = PyLong_FromString("1" "0000000000" "0000000000" "0000000000" "0000000000" "0000000000"
                                      "0000000000" "0000000000" "0000000000" "0000000000" "0000000000"
                                      "0000000000" "0000000000" "0000000000" "0000000000" "0000000000"
                                      "0000000000" "0000000000" "0000000000" "0000000000" "0000000000"
                                      "0000000000" "0000000000" "0000000000" "0000000000" "0000000000"
                                      "0000000000" "0000000000" "0000000000" "0000000000" "0000000000"
                                      "0000000000" "00000000000",
                                      NULL, 10);
    struct operand ops[] = {
        {"(1+2j)", PyComplex_FromDoubles(1, 2)},
        {"(-0.5+0j)", PyComplex_FromDoubles(-0.5, 0)},
        {"0j", PyComplex_FromDoubles(0, 0)},
        {"(-0-0j)", PyComplex_FromDoubles(-0.0, -0.0)},
        {"(3-4j)", PyComplex_FromDoubles(3, -4)},
        {"(1e308+1e308j)", PyComplex_FromDoubles(1e308, 1e308)},
        {"(inf+1j)", PyComplex_FromDoubles(Py_HUGE_VAL, 1)},
        {"(1+infj)", PyComplex_FromDoubles(1, Py_HUGE_VAL)},
        {"(nan+0j)", PyComplex_FromDoubles(Py_NAN, 0)},
        {"2j", PyComplex_FromDoubles(0, 2)},
        {"(0.5+0j)", PyComplex_FromDoubles(0.5, 0)},
        {"3", PyLong_FromLong(3)},
        {"0", PyLong_FromLong(0)},
        {"-2", PyLong_FromLong(-2)},
        {"True", Py_NewRef(Py_True)},
        {"10**320", big},
        {"2.5", PyFloat_FromDouble(2.5)},
        {"0.0", PyFloat_FromDouble(0.0)},
        {"-1.5", PyFloat_FromDouble(-1.5)},
        {"'x'", PyUnicode_FromString("x")},
        {"None", Py_NewRef(Py_None)},
    };
    size_t nops = sizeof ops / sizeof *ops;
    size_t ncomplex = 11;

    /* Binary operators, complex on at least one side. */
    const char *names[] = {"+", "-", "*", "/", "**", "//", "%", "divmod", "@"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        for (size_t i = 0; i < nops; i++) {
            for (size_t j = 0; j < nops; j++) {
                if (i >= ncomplex && j >= ncomplex) {
                    continue;
                }
                PyObject *a = ops[i].obj, *b = ops[j].obj, *r = NULL;
                switch (k) {
                case 0: r = PyNumber_Add(a, b); break;
                case 1: r = PyNumber_Subtract(a, b); break;
                case 2: r = PyNumber_Multiply(a, b); break;
                case 3: r = PyNumber_TrueDivide(a, b); break;
                case 4: r = PyNumber_Power(a, b, Py_None); break;
                case 5: r = PyNumber_FloorDivide(a, b); break;
                case 6: r = PyNumber_Remainder(a, b); break;
                case 7: r = PyNumber_Divmod(a, b); break;
                case 8: r = PyNumber_MatrixMultiply(a, b); break;
                }
                char what[200];
                snprintf(what, sizeof what, "%s %s %s", ops[i].text, names[k], ops[j].text);
                show(what, r);
                /* Skip most of the unsupported operators' pairs: one row per
                   left operand is enough. */
                if (k >= 5 && j > 2) {
                    break;
                }
            }
        }
    }

    /* Integral and non-integral exponents, the small-integer path's edges. */
    {
        double exps[][2] = {{2, 0}, {3, 0}, {-1, 0}, {-3, 0}, {0, 0}, {100, 0}, {101, 0}, {-100, 0}, {0.5, 0},
                            {0, 1}, {1, 1}, {-2.5, 0}, {1e10, 0}, {2, 1e-300}};
        double bases[][2] = {{1, 1}, {0, 1}, {2, 0}, {0, 0}, {-1, 0}, {1.5, -0.5}, {10, 10}, {1e-200, 0}};
        for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
            for (size_t j = 0; j < sizeof exps / sizeof *exps; j++) {
                PyObject *a = PyComplex_FromDoubles(bases[i][0], bases[i][1]);
                PyObject *b = PyComplex_FromDoubles(exps[j][0], exps[j][1]);
                char what[200];
                snprintf(what, sizeof what, "complex(%g, %g) ** complex(%g, %g)", bases[i][0], bases[i][1], exps[j][0],
                         exps[j][1]);
                show(what, PyNumber_Power(a, b, Py_None));
                Py_DECREF(a);
                Py_DECREF(b);
            }
        }
        PyObject *a = PyComplex_FromDoubles(1, 1);
        PyObject *two = PyLong_FromLong(2);
        show("pow(1+1j, 2, 2)", PyNumber_Power(a, two, two));
        show("pow(2, 1+1j, 2)", PyNumber_Power(two, a, two));
        show("pow(1+1j, 2, None)", PyNumber_Power(a, two, Py_None));
        Py_DECREF(two);
        Py_DECREF(a);
    }

    /* Unary slots and truth. */
    for (size_t i = 0; i < ncomplex; i++) {
        PyObject *a = ops[i].obj;
        char what[200];
        snprintf(what, sizeof what, "-%s", ops[i].text);
        show(what, PyNumber_Negative(a));
        snprintf(what, sizeof what, "+%s is itself", ops[i].text);
        PyObject *p = PyNumber_Positive(a);
        show(what, p ? PyBool_FromLong(p == a) : NULL);
        Py_XDECREF(p);
        snprintf(what, sizeof what, "abs(%s)", ops[i].text);
        show(what, PyNumber_Absolute(a));
        snprintf(what, sizeof what, "bool(%s)", ops[i].text);
        int t = PyObject_IsTrue(a);
        show(what, t < 0 ? NULL : PyBool_FromLong(t));
        snprintf(what, sizeof what, "~%s", ops[i].text);
        show(what, PyNumber_Invert(a));
        snprintf(what, sizeof what, "int(%s)", ops[i].text);
        show(what, PyNumber_Long(a));
        snprintf(what, sizeof what, "float(%s)", ops[i].text);
        show(what, PyNumber_Float(a));
        if (i != 8) { /* a NaN hashes by identity */
            snprintf(what, sizeof what, "hash(%s)", ops[i].text);
            Py_hash_t h = PyObject_Hash(a);
            show(what, h == -1 ? NULL : PyLong_FromSsize_t(h));
        }
    }
    {
        PyObject *a = PyComplex_FromDoubles(1.7976931348623157e308, 1.7976931348623157e308);
        show("abs(complex(DBL_MAX, DBL_MAX))", PyNumber_Absolute(a));
        Py_DECREF(a);
        a = PyComplex_FromDoubles(Py_NAN, Py_HUGE_VAL);
        show("abs(complex(nan, inf))", PyNumber_Absolute(a));
        Py_DECREF(a);
        double hs[][2] = {{2, 0}, {-1, 0}, {0, -1}, {1.5, 0}, {0, 1}, {1, 1}, {Py_HUGE_VAL, 0}, {0, -Py_HUGE_VAL}};
        for (size_t i = 0; i < sizeof hs / sizeof *hs; i++) {
            a = PyComplex_FromDoubles(hs[i][0], hs[i][1]);
            char what[120];
            snprintf(what, sizeof what, "hash(complex(%g, %g))", hs[i][0], hs[i][1]);
            Py_hash_t h = PyObject_Hash(a);
            show(what, h == -1 ? NULL : PyLong_FromSsize_t(h));
            Py_DECREF(a);
        }
    }

    /* Comparisons, both sides. */
    {
        const char *cmp[] = {"<", "<=", "==", "!=", ">", ">="};
        for (int op = Py_LT; op <= Py_GE; op++) {
            for (size_t i = 0; i < nops; i++) {
                for (size_t j = 0; j < nops; j++) {
                    if (i >= ncomplex && j >= ncomplex) {
                        continue;
                    }
                    if ((op != Py_EQ && op != Py_NE) && j > 1 && i > 1) {
                        continue;
                    }
                    char what[200];
                    snprintf(what, sizeof what, "%s %s %s", ops[i].text, cmp[op], ops[j].text);
                    show(what, PyObject_RichCompare(ops[i].obj, ops[j].obj, op));
                }
            }
        }
        PyObject *c = PyComplex_FromDoubles(1e300 * 1e10, 0);
        PyObject *i = PyLong_FromString("1" "000000000000000000000000000000", NULL, 10);
        PyObject *c2 = PyComplex_FromDoubles(1e30, 0);
        show("complex(inf) == 10**30", PyObject_RichCompare(c, i, Py_EQ));
        show("complex(1e30) == 10**30", PyObject_RichCompare(c2, i, Py_EQ));
        show("complex(1e30) != 10**30", PyObject_RichCompare(c2, i, Py_NE));
        show("10**30 == complex(1e30)", PyObject_RichCompare(i, c2, Py_EQ));
        Py_DECREF(c);
        Py_DECREF(c2);
        Py_DECREF(i);
    }

    /* The _Py_c_* helpers and errno. */
    {
        Py_complex a = {1, 2}, b = {3, -4}, z = {0, 0}, n = {Py_NAN, 1};
        show_c("_Py_c_sum((1+2j), (3-4j))", _Py_c_sum(a, b));
        show_c("_Py_c_diff((1+2j), (3-4j))", _Py_c_diff(a, b));
        show_c("_Py_c_neg((1+2j))", _Py_c_neg(a));
        show_c("_Py_c_prod((1+2j), (3-4j))", _Py_c_prod(a, b));
        errno = 0;
        show_c("_Py_c_quot((1+2j), (3-4j))", _Py_c_quot(a, b));
        printf("%d\terrno after\t%d\n", ++case_no, errno == EDOM ? 1 : errno == ERANGE ? 2 : errno);
        errno = 0;
        show_c("_Py_c_quot((1+2j), 0j)", _Py_c_quot(a, z));
        printf("%d\terrno after\t%d\n", ++case_no, errno == EDOM ? 1 : errno == ERANGE ? 2 : errno);
        errno = 0;
        show_c("_Py_c_quot((1+2j), (nan+1j))", _Py_c_quot(a, n));
        errno = 0;
        show_c("_Py_c_pow((1+2j), (3-4j))", _Py_c_pow(a, b));
        errno = 0;
        show_c("_Py_c_pow(0j, (3-4j))", _Py_c_pow(z, b));
        printf("%d\terrno after\t%d\n", ++case_no, errno == EDOM ? 1 : errno == ERANGE ? 2 : errno);
        errno = 0;
        show_c("_Py_c_pow(0j, 0j)", _Py_c_pow(z, z));
        errno = 0;
        printf("%d\t_Py_c_abs((3-4j))\t%.17g\n", ++case_no, _Py_c_abs(b));
        printf("%d\terrno after\t%d\n", ++case_no, errno == EDOM ? 1 : errno == ERANGE ? 2 : errno);
        Py_complex huge = {1.7976931348623157e308, 1.7976931348623157e308};
        errno = 0;
        printf("%d\t_Py_c_abs(huge)\t%g\n", ++case_no, _Py_c_abs(huge));
        printf("%d\terrno after\t%d\n", ++case_no, errno == EDOM ? 1 : errno == ERANGE ? 2 : errno);
    }

    for (size_t i = 0; i < nops; i++) {
        Py_DECREF(ops[i].obj);
    }
    Py_Finalize();
    return 0;
}
