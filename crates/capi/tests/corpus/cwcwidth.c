/* cwcwidth 0.1.12: the C library's wcwidth(3)/wcswidth(3) behind a
 * Cython 3.1.6 module: `str ... not None` arguments, an optional `n`
 * converted to size_t, PyUnicode_AsWideCharString / PyUnicode_AsWideChar,
 * and a try/finally that frees the wide copy.
 *
 * The answers depend on the LC_CTYPE locale, which Py_Initialize sets from
 * the environment under CPython (and pybuffer): the non-ASCII vectors run
 * only in a UTF-8 locale, as the package's own tests skip them otherwise.
 *
 * Vectors: tests/test_cwcwidth.py (all of it: test_exceptions,
 * test_empty_string, test_hello_world, test_hello_jp,
 * test_wcswidth_substr, test_null_width_0, test_control_c0_width_negative_1,
 * test_combining_*, test_carriage_return), plus the argument errors.
 */
#include "corpus.h"

#include <ctype.h>
#include <locale.h>

static PyObject *wcwidth_f, *wcswidth_f;

/* Whether the LC_CTYPE locale Py_Initialize left is a UTF-8 one (the
   tests' `"UTF-8" in locale.getlocale()`). */
static int utf8_locale(void)
{
    const char *name = setlocale(LC_CTYPE, NULL);
    if (name == NULL)
        return 0;
    char folded[128];
    size_t n = 0;
    for (; name[n] && n < sizeof folded - 1; n++)
        folded[n] = (char)tolower((unsigned char)name[n]);
    folded[n] = '\0';
    return strstr(folded, "utf-8") != NULL || strstr(folded, "utf8") != NULL;
}

/* The tests' _exec_test: wcwidth of each of the first `n` characters
   (all when n < 0) and wcswidth(phrase, n) (n None when n < 0). */
static void exec_test(const char *what, const char *phrase, const int *widths, int count, int expected, int n)
{
    PyObject *text = PyUnicode_FromString(phrase);
    if (text == NULL)
        bail("cannot make %s", what);
    int upto = n < 0 ? count : n;
    for (int i = 0; i < upto; i++) {
        PyObject *ch = PyUnicode_Substring(text, i, i + 1);
        char label[160], digits[16];
        snprintf(label, sizeof label, "%s: wcwidth(phrase[%d])", what, i);
        snprintf(digits, sizeof digits, "%d", widths[i]);
        expect_int(call(wcwidth_f, NULL, "(O)", ch), digits, label);
        Py_DECREF(ch);
    }
    char label[160], digits[16];
    snprintf(digits, sizeof digits, "%d", expected);
    if (n < 0) {
        snprintf(label, sizeof label, "%s: wcswidth(phrase)", what);
        expect_int(call(wcswidth_f, NULL, "(O)", text), digits, label);
    } else {
        snprintf(label, sizeof label, "%s: wcswidth(phrase, %d)", what, n);
        expect_int(call(wcswidth_f, NULL, "(Oi)", text, n), digits, label);
    }
    Py_DECREF(text);
}

static int sum(const int *w, int n)
{
    int s = 0;
    for (int i = 0; i < n; i++)
        s += w[i];
    return s;
}

#define EXEC(what, phrase, n, ...)                                                         \
    do {                                                                                   \
        static const int w_[] = {__VA_ARGS__};                                             \
        int c_ = (int)(sizeof w_ / sizeof w_[0]);                                          \
        exec_test(what, phrase, w_, c_, sum(w_, (n) < 0 ? c_ : (n)), n);                   \
    } while (0)

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    wcwidth_f = attr(module, "wcwidth");
    wcswidth_f = attr(module, "wcswidth");

    /* test_exceptions */
    expect_error(call(wcwidth_f, NULL, "(s)", ""), PyExc_ValueError, "Expected one unicode character",
                 "wcwidth('') raises ValueError");
    expect_error(call(wcwidth_f, NULL, "(s)", "abc"), PyExc_ValueError, "Expected one unicode character",
                 "wcwidth('abc') raises ValueError");
    /* test_empty_string */
    expect_int(call(wcswidth_f, NULL, "(s)", ""), "0", "wcswidth('')");
    /* test_hello_world */
    EXEC("Hello World!", "Hello World!", -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    /* test_null_width_0 */
    {
        PyObject *nul = PyUnicode_FromStringAndSize("abc\0def", 7);
        const int w[] = {1, 1, 1, 0, 1, 1, 1};
        for (int i = 0; i < 7; i++) {
            PyObject *ch = PyUnicode_Substring(nul, i, i + 1);
            char label[64], digits[8];
            snprintf(label, sizeof label, "abc\\x00def: wcwidth(phrase[%d])", i);
            snprintf(digits, sizeof digits, "%d", w[i]);
            expect_int(call(wcwidth_f, NULL, "(O)", ch), digits, label);
            Py_DECREF(ch);
        }
        expect_int(call(wcswidth_f, NULL, "(O)", nul), "6", "abc\\x00def: wcswidth(phrase) (NUL counts 0)");
        expect_int(call(wcswidth_f, NULL, "(Oi)", nul, 7), "6", "abc\\x00def: wcswidth(phrase, 7)");
        expect_int(call(wcswidth_f, NULL, "(Oi)", nul, 3), "3", "abc\\x00def: wcswidth(phrase, 3)");
        Py_DECREF(nul);
    }
    /* test_control_c0_width_negative_1 */
    {
        static const int w[] = {-1, 1, 1, 1};
        exec_test("\\x1b[0m", "\x1b[0m", w, 4, -1, -1);
    }
    /* test_carriage_return */
    {
        static const int w[] = {-1};
        exec_test("\\r", "\r", w, 1, -1, -1);
    }
    /* wcswidth's n: larger than the string, zero; and bad n / argument types. */
    expect_int(call(wcswidth_f, NULL, "(si)", "abc", 100), "3", "wcswidth('abc', 100)");
    expect_int(call(wcswidth_f, NULL, "(si)", "abc", 0), "0", "wcswidth('abc', 0)");
    expect_int(call(wcswidth_f, NULL, "(sO)", "abc", Py_None), "3", "wcswidth('abc', None)");
    expect_error(call(wcswidth_f, NULL, "(si)", "abc", -1), PyExc_OverflowError,
                 "can't convert negative value to size_t", "wcswidth('abc', -1) raises OverflowError");
    expect_error(call(wcswidth_f, NULL, "(ss)", "abc", "2"), PyExc_TypeError,
                 "an integer is required", "wcswidth('abc', '2') raises TypeError");
    expect_error(call(wcswidth_f, NULL, "(y)", "abc"), PyExc_TypeError,
                 "Argument 'pwcs' has incorrect type (expected str, got bytes)", "wcswidth(b'abc') raises TypeError");
    expect_error(call(wcswidth_f, NULL, "(O)", Py_None), PyExc_TypeError,
                 "Argument 'pwcs' has incorrect type (expected str, got NoneType)",
                 "wcswidth(None) raises TypeError");
    expect_error(call(wcwidth_f, NULL, "(i)", 1), PyExc_TypeError,
                 "Argument 'wc' has incorrect type (expected str, got int)", "wcwidth(1) raises TypeError");
    expect_error(call(wcwidth_f, NULL, "()"), PyExc_TypeError,
                 "wcwidth() takes exactly 1 positional argument (0 given)", "wcwidth() raises TypeError");
    expect_int(call(wcswidth_f, kw_dict("{s:s,s:i}", "pwcs", "abcd", "n", 2), "()"), "2",
               "wcswidth(pwcs='abcd', n=2)");

    if (!utf8_locale()) {
        tap(1, "the UTF-8 vectors are skipped: the LC_CTYPE locale is not a UTF-8 one");
    } else {
        /* test_hello_jp */
        EXEC("hello_jp", "\xe3\x82\xb3\xe3\x83\xb3\xe3\x83\x8b\xe3\x83\x81\xe3\x83\x8f, "
                         "\xe3\x82\xbb\xe3\x82\xab\xe3\x82\xa4!",
             -1, 2, 2, 2, 2, 2, 1, 1, 2, 2, 2, 1);
        /* test_wcswidth_substr */
        EXEC("wcswidth_substr", "\xe3\x82\xb3\xe3\x83\xb3\xe3\x83\x8b\xe3\x83\x81\xe3\x83\x8f, "
                                "\xe3\x82\xbb\xe3\x82\xab\xe3\x82\xa4!",
             7, 2, 2, 2, 2, 2, 1, 1);
        /* test_combining_width_negative_1 */
        EXEC("--\\u05bf--", "--\xd6\xbf--", -1, 1, 1, 0, 1, 1);
        /* test_combining_cafe */
        EXEC("cafe\\u0301", "cafe\xcc\x81", -1, 1, 1, 1, 1, 0);
        /* test_combining_enclosing */
        EXEC("\\u0410\\u0488", "\xd0\x90\xd2\x88", -1, 1, 0);
        /* test_combining_spacing */
        EXEC("\\u1b13\\u1b28\\u1b2e\\u1b44", "\xe1\xac\x93\xe1\xac\xa8\xe1\xac\xae\xe1\xad\x84", -1, 1, 1, 1, 1);
        /* An astral character (a wchar_t of its own on Linux). */
        EXEC("U+1F600", "\xf0\x9f\x98\x80", -1, 2);
    }
    Py_DECREF(wcwidth_f);
    Py_DECREF(wcswidth_f);
}

CORPUS_MAIN("_impl", run)
