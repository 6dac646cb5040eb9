/* fastnumbers 5.2.0's `fastnumbers` (C++17, six sources): fast number
 * parsing that must agree with Python's int() / float() to the last digit.
 * It exercises the str internals (PyUnicode_KIND / DATA of every kind,
 * unicodedata-free digit and numeric lookups through Py_UNICODE_TODECIMAL
 * and Py_UNICODE_TONUMERIC), PyLong_FromString for long digit runs,
 * PyFloat_FromString fallbacks, __float__ / __int__ / __index__ protocols,
 * the buffer protocol for bytes and bytearray input, keyword-only
 * arguments parsed by hand from fastcall kwnames, module sentinels (RAISE,
 * INPUT, ALLOWED, ...) compared by identity, and an iterator type for
 * map=True.
 *
 * Vectors: tests/test_fastnumbers_examples.py and the project's README.
 */
#include "corpus.h"

static PyObject *module_attr;

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    module_attr = module;
    /* Types this library readies on first use (CPython at start-up) keep
       references to None in their dicts from then on: one failed
       attribute lookup first, so that the first vector that makes one is
       not charged for them. */
    PyObject_HasAttrString(Py_None, "__pybuffer_warm_up__");
    /* Likewise list, whose method descriptors each hold the type once it
       is readied (the map=list vector passes the type itself). */
    PyObject *warm = PyList_New(0);
    Py_XDECREF(PyObject_Repr(warm));
    Py_XDECREF(warm);
    PyObject *try_float = attr(module, "try_float");
    PyObject *try_int = attr(module, "try_int");
    PyObject *try_real = attr(module, "try_real");
    PyObject *try_forceint = attr(module, "try_forceint");
    PyObject *check_float = attr(module, "check_float");
    PyObject *check_int = attr(module, "check_int");
    PyObject *check_real = attr(module, "check_real");
    PyObject *check_intlike = attr(module, "check_intlike");
    PyObject *query_type = attr(module, "query_type");
    PyObject *fn_int = attr(module, "int");
    PyObject *fn_float = attr(module, "float");
    PyObject *fn_real = attr(module, "real");
    PyObject *RAISE = attr(module, "RAISE");
    PyObject *INPUT = attr(module, "INPUT");
    PyObject *ALLOWED = attr(module, "ALLOWED");
    PyObject *DISALLOWED = attr(module, "DISALLOWED");
    PyObject *STRING_ONLY = attr(module, "STRING_ONLY");

    /* try_float */
    const char *floats[] = {"56.07", "  -4.5e3  ", "1_000.5", "inf", "-INFINITY", "nan", "0x1p3", "1e400",
                            "4.9406564584124654e-324", "0.1", "12345678901234567890.5", "١٢٣.٥", "abc", "",
                            "  ", "5.", ".5", "+.5e-2", "1e", "nan(123)", NULL};
    for (int i = 0; floats[i] != NULL; i++) {
        char what[96];
        snprintf(what, sizeof what, "try_float(%s)", floats[i]);
        record(call(try_float, NULL, "(s)", floats[i]), what);
    }
    record(call(try_float, kw_dict("{s:O}", "on_fail", RAISE), "(s)", "abc"), "try_float('abc', on_fail=RAISE)");
    record(call(try_float, kw_dict("{s:d}", "on_fail", -1.0), "(s)", "abc"), "try_float('abc', on_fail=-1.0)");
    record(call(try_float, kw_dict("{s:O}", "allow_underscores", Py_True), "(s)", "1_000.5"),
           "try_float('1_000.5', allow_underscores=True)");
    record(call(try_float, kw_dict("{s:O}", "inf", DISALLOWED), "(s)", "inf"), "try_float('inf', inf=DISALLOWED)");
    record(call(try_float, kw_dict("{s:d}", "nan", 0.0), "(s)", "nan"), "try_float('nan', nan=0.0)");
    record(call(try_float, NULL, "(i)", 5), "try_float(5)");
    record(call(try_float, NULL, "(y)", "2.5"), "try_float(b'2.5')");
    record(call(try_float, NULL, "(O)", Py_None), "try_float(None)");
    record(call(try_float, kw_dict("{s:O}", "on_type_error", INPUT), "(O)", Py_None), "try_float(None, on_type_error=INPUT)");
    record(call(try_float, NULL, "()"), "try_float()");
    record(call(try_float, kw_dict("{s:i}", "nope", 1), "(s)", "1"), "try_float('1', nope=1)");
    record(call(try_float, kw_dict("{s:O}", "map", Py_True), "([sss])", "1", "2.5", "x"), "try_float([...], map=True)");
    record(call(try_float, kw_dict("{s:O}", "map", (PyObject *)&PyList_Type), "([sss])", "1", "2.5", "x"),
           "try_float([...], map=list)");

    /* try_int */
    const char *ints[] = {"12", "-0", "+7", "  42  ", "1_000", "123456789012345678901234567890", "0x1F", "12.0",
                          "٣", "²", "abc", "", NULL};
    for (int i = 0; ints[i] != NULL; i++) {
        char what[96];
        snprintf(what, sizeof what, "try_int(%s)", ints[i]);
        record(call(try_int, NULL, "(s)", ints[i]), what);
    }
    record(call(try_int, kw_dict("{s:i}", "base", 16), "(s)", "0x1F"), "try_int('0x1F', base=16)");
    record(call(try_int, kw_dict("{s:i}", "base", 0), "(s)", "0o17"), "try_int('0o17', base=0)");
    record(call(try_int, kw_dict("{s:i}", "base", 2), "(s)", "102"), "try_int('102', base=2)");
    record(call(try_int, kw_dict("{s:i}", "base", 40), "(s)", "1"), "try_int('1', base=40)");
    record(call(try_int, kw_dict("{s:O}", "on_fail", RAISE), "(s)", "1.5"), "try_int('1.5', on_fail=RAISE)");
    record(call(try_int, NULL, "(d)", 3.7), "try_int(3.7)");

    /* try_real, try_forceint */
    const char *reals[] = {"1.0", "1.5", "1e3", "-2", "1e400", "nan", "9007199254740993.0", "abc", NULL};
    for (int i = 0; reals[i] != NULL; i++) {
        char what[96];
        snprintf(what, sizeof what, "try_real(%s)", reals[i]);
        record(call(try_real, NULL, "(s)", reals[i]), what);
        snprintf(what, sizeof what, "try_forceint(%s)", reals[i]);
        record(call(try_forceint, NULL, "(s)", reals[i]), what);
    }
    record(call(try_real, kw_dict("{s:O}", "coerce", Py_False), "(s)", "1.0"), "try_real('1.0', coerce=False)");
    record(call(try_real, kw_dict("{s:O}", "denoise", Py_True), "(d)", 3.453e23), "try_real(3.453e23, denoise=True)");
    record(call(try_forceint, kw_dict("{s:O}", "denoise", Py_True), "(d)", 3.453e23),
           "try_forceint(3.453e23, denoise=True)");

    /* checks and query_type */
    const char *checked[] = {"56", "56.0", "inf", "nan", "1e5", "abc", " 12 ", NULL};
    for (int i = 0; checked[i] != NULL; i++) {
        char what[96];
        snprintf(what, sizeof what, "check_float(%s)", checked[i]);
        record(call(check_float, NULL, "(s)", checked[i]), what);
        snprintf(what, sizeof what, "check_int(%s)", checked[i]);
        record(call(check_int, NULL, "(s)", checked[i]), what);
        snprintf(what, sizeof what, "check_real(%s)", checked[i]);
        record(call(check_real, NULL, "(s)", checked[i]), what);
        snprintf(what, sizeof what, "check_intlike(%s)", checked[i]);
        record(call(check_intlike, NULL, "(s)", checked[i]), what);
        snprintf(what, sizeof what, "query_type(%s)", checked[i]);
        record(call(query_type, NULL, "(s)", checked[i]), what);
    }
    record(call(check_float, kw_dict("{s:O}", "inf", ALLOWED), "(s)", "inf"), "check_float('inf', inf=ALLOWED)");
    record(call(check_float, kw_dict("{s:O}", "consider", STRING_ONLY), "(d)", 5.0), "check_float(5.0, consider=STRING_ONLY)");
    record(call(check_float, kw_dict("{s:O}", "strict", Py_True), "(s)", "5"), "check_float('5', strict=True)");
    record(call(check_int, NULL, "(d)", 5.0), "check_int(5.0)");
    record(call(check_intlike, NULL, "(d)", 5.0), "check_intlike(5.0)");
    record(call(query_type, kw_dict("{s:O}", "coerce", Py_True), "(s)", "5.0"), "query_type('5.0', coerce=True)");
    record(call(query_type, NULL, "(O)", Py_None), "query_type(None)");

    /* the builtin replacements */
    record(call(fn_int, NULL, "()"), "int()");
    record(call(fn_int, NULL, "(s)", "  77  "), "int('  77  ')");
    record(call(fn_int, NULL, "(si)", "ff", 16), "int('ff', 16)");
    record(call(fn_int, NULL, "(s)", "7.5"), "int('7.5')");
    record(call(fn_int, NULL, "(d)", -7.9), "int(-7.9)");
    record(call(fn_float, NULL, "()"), "float()");
    record(call(fn_float, NULL, "(s)", "1e-5"), "float('1e-5')");
    record(call(fn_float, NULL, "(s)", "x"), "float('x')");
    record(call(fn_float, NULL, "(i)", 3), "float(3)");
    record(call(fn_real, NULL, "(s)", "4.0"), "real('4.0')");
    record(call(fn_real, kw_dict("{s:O}", "coerce", Py_False), "(s)", "4.0"), "real('4.0', coerce=False)");
    record(call(fn_real, NULL, "(s)", "4.5"), "real('4.5')");

    Py_DECREF(try_float);
    Py_DECREF(try_int);
    Py_DECREF(try_real);
    Py_DECREF(try_forceint);
    Py_DECREF(check_float);
    Py_DECREF(check_int);
    Py_DECREF(check_real);
    Py_DECREF(check_intlike);
    Py_DECREF(query_type);
    Py_DECREF(fn_int);
    Py_DECREF(fn_float);
    Py_DECREF(fn_real);
    Py_DECREF(RAISE);
    Py_DECREF(INPUT);
    Py_DECREF(ALLOWED);
    Py_DECREF(DISALLOWED);
    Py_DECREF(STRING_ONLY);
}

CORPUS_MAIN("fastnumbers", run)
