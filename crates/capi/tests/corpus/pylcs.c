/* pylcs 0.1.1 (_pylcs): longest common subsequence and substring, their
 * index mappings and the (weighted) edit distance over UTF-8 strings, in
 * C++ bound with pybind11: std::string and std::vector<std::string>
 * arguments, std::vector<int> results, overloads under one name (the
 * plain and the weighted edit_distance), a std::map<std::string,
 * std::map<std::string, float>> argument with a default, keyword
 * arguments, and pybind11's own errors for arguments that match no
 * overload.
 *
 * Vectors: the sdist's tests/test_pylcs.py (every assertion but the
 * colouring, which is Python in pylcs/__init__.py), then the argument
 * errors and docstrings, recorded against CPython.
 */
#include "corpus.h"

static PyObject *m;

/* [item] * 10, a new list. */
static PyObject *ten_of(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *one = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *ten = one ? PySequence_Repeat(one, 10) : NULL;
    Py_XDECREF(one);
    if (ten == NULL)
        bail("cannot build a list");
    return ten;
}

static void int_is(const char *fn, const char *fmt, const char *a, const char *b, long expected, const char *what)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", expected);
    expect_int(call_attr(m, fn, NULL, fmt, a, b), digits, what);
}

/* The pending call's result is the list `expected` (compared by repr). */
static void list_is(PyObject *r, const char *expected, const char *what)
{
    if (r == NULL) {
        diag_exception();
        settle(0);
        tap(0, what);
        return;
    }
    PyObject *s = PyObject_Repr(r);
    const char *text = s ? PyUnicode_AsUTF8(s) : NULL;
    int ok = text && strcmp(text, expected) == 0;
    if (!ok)
        diag("got %s, expected %s; ", text ? text : "?", expected);
    Py_XDECREF(s);
    ok = settle(0) && ok;
    tap(ok, what);
}

static PyObject *weight(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (d == NULL)
        bail("bad weight %s", fmt);
    return d;
}

static void weighted_is(const char *a, const char *b, PyObject *w, long expected, const char *what)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", expected);
    PyObject *r = call_attr(m, "edit_distance", NULL, "(ssO)", a, b, w);
    /* The result is a float (the weights are); compare its value. */
    if (r && PyFloat_Check(r)) {
        int ok = PyFloat_AsDouble(r) == (double)expected;
        if (!ok)
            diag("got %g, expected %ld; ", PyFloat_AsDouble(r), expected);
        ok = settle(0) && ok;
        tap(ok, what);
    } else {
        expect_int(r, digits, what);
    }
    Py_DECREF(w);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        bail("usage: pylcs <_pylcs.so> [srcdir]");
    Py_Initialize();
    m = load_module(argv[1], "_pylcs");

    /* test_lcs_sequence */
    int_is("lcs", "(ss)", "aaa", "", 0, "lcs('aaa', '')");
    int_is("lcs", "(ss)", "", "bbb", 0, "lcs('', 'bbb')");
    int_is("lcs", "(ss)", "aaa", "bbb", 0, "lcs('aaa', 'bbb')");
    int_is("lcs", "(ss)", "你好", "中国", 0, "lcs of two disjoint CJK strings");
    int_is("lcs_sequence_length", "(ss)", "aaa", "aabbbaa", 3, "lcs_sequence_length('aaa', 'aabbbaa')");
    int_is("lcs_sequence_length", "(ss)", "aaa你好", "你好呀", 2, "lcs_sequence_length over CJK");

    /* test_lcs_sequence_of_list */
    PyObject *ten_a = ten_of("[s]", "aabbbaa");
    PyObject *ten_c = ten_of("[s]", "你好呀");
    list_is(call_attr(m, "lcs_of_list", NULL, "(sO)", "aaa", ten_a), "[3, 3, 3, 3, 3, 3, 3, 3, 3, 3]", "lcs_of_list");
    list_is(call_attr(m, "lcs_of_list", NULL, "(sO)", "aaa你好", ten_c), "[2, 2, 2, 2, 2, 2, 2, 2, 2, 2]", "lcs_of_list CJK");
    list_is(call_attr(m, "lcs_sequence_of_list", NULL, "(sO)", "aaa", ten_a), "[3, 3, 3, 3, 3, 3, 3, 3, 3, 3]",
            "lcs_sequence_of_list");

    /* test_lcs_sequence_idx */
    list_is(call_attr(m, "lcs_sequence_idx", NULL, "(ss)", "", "bbb"), "[]", "lcs_sequence_idx('', 'bbb')");
    list_is(call_attr(m, "lcs_sequence_idx", NULL, "(ss)", "aaa", ""), "[-1, -1, -1]", "lcs_sequence_idx('aaa', '')");
    list_is(call_attr(m, "lcs_sequence_idx", NULL, "(ss)", "你好", "中国"), "[-1, -1]", "lcs_sequence_idx CJK disjoint");
    record(call_attr(m, "lcs_sequence_idx", NULL, "(ss)", "aaa", "aabbbaa"), "lcs_sequence_idx('aaa', 'aabbbaa')");
    list_is(call_attr(m, "lcs_sequence_idx", NULL, "(ss)", "aaa你好", "你好呀"), "[-1, -1, -1, 0, 1]",
            "lcs_sequence_idx CJK");
    list_is(call_attr(m, "lcs_sequence_idx", kw_dict("{s:s,s:s}", "s", "ab", "ref", "xab"), "()"), "[1, 2]",
            "lcs_sequence_idx(s=, ref=)");

    /* test_lcs_string and _of_list */
    int_is("lcs2", "(ss)", "aaa", "", 0, "lcs2('aaa', '')");
    int_is("lcs2", "(ss)", "aaa", "bbb", 0, "lcs2('aaa', 'bbb')");
    int_is("lcs_string_length", "(ss)", "aaa", "aabbbaa", 2, "lcs_string_length('aaa', 'aabbbaa')");
    int_is("lcs_string_length", "(ss)", "aaa你好", "好呀你", 1, "lcs_string_length CJK");
    PyObject *ten_d = ten_of("[s]", "好呀你");
    list_is(call_attr(m, "lcs2_of_list", NULL, "(sO)", "aaa", ten_a), "[2, 2, 2, 2, 2, 2, 2, 2, 2, 2]", "lcs2_of_list");
    list_is(call_attr(m, "lcs_string_of_list", NULL, "(sO)", "aaa你好", ten_d), "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
            "lcs_string_of_list CJK");

    /* test_lcs_string_idx */
    list_is(call_attr(m, "lcs_string_idx", NULL, "(ss)", "", "bbb"), "[]", "lcs_string_idx('', 'bbb')");
    list_is(call_attr(m, "lcs_string_idx", NULL, "(ss)", "aaa", "bbb"), "[-1, -1, -1]", "lcs_string_idx('aaa', 'bbb')");
    record(call_attr(m, "lcs_string_idx", NULL, "(ss)", "aaa", "aabbbaa"), "lcs_string_idx('aaa', 'aabbbaa')");
    list_is(call_attr(m, "lcs_string_idx", NULL, "(ss)", "aaa", "aabbbaaa"), "[5, 6, 7]", "lcs_string_idx('aaa', 'aabbbaaa')");
    list_is(call_attr(m, "lcs_string_idx", NULL, "(ss)", "aaa你好", "你好呀"), "[-1, -1, -1, 0, 1]", "lcs_string_idx CJK");

    /* test_edit_distance */
    int_is("edit_distance", "(ss)", "", "", 0, "edit_distance('', '')");
    int_is("edit_distance", "(ss)", "", "bbb", 3, "edit_distance('', 'bbb')");
    int_is("edit_distance", "(ss)", "aaa", "", 3, "edit_distance('aaa', '')");
    int_is("edit_distance", "(ss)", "aaa", "aaa", 0, "edit_distance('aaa', 'aaa')");
    int_is("edit_distance", "(ss)", "aaa", "aabbbaa", 4, "edit_distance('aaa', 'aabbbaa')");
    int_is("edit_distance", "(ss)", "你好", "中国", 2, "edit_distance CJK");
    int_is("levenshtein_distance", "(ss)", "aaa你好", "你好呀", 4, "levenshtein_distance CJK");

    /* test_edit_distance_weighted: the second overload */
    weighted_is("", "bbb", weight("{}"), 3, "weighted: empty weights");
    weighted_is("", "bbb", weight("{s:{s:i}}", "", "b", 2), 6, "weighted: insertion 2");
    weighted_is("", "bbb", weight("{s:{s:i}}", "b", "", 2), 3, "weighted: deletion weight unused");
    weighted_is("aaa", "", weight("{s:{s:i}}", "a", "", 2), 6, "weighted: deletion 2");
    weighted_is("aaa", "aba", weight("{s:{s:i}}", "a", "b", 2), 2, "weighted: substitution 2");
    weighted_is("aaa", "aba", weight("{s:{s:i}}", "a", "b", 3), 2, "weighted: substitution 3");
    weighted_is("aaa", "aaa", weight("{s:{s:i}}", "a", "a", 1), 3, "weighted: match costs 1");
    weighted_is("aa", "aababb", weight("{s:{s:d,s:i}}", "a", "a", 0.5, "b", 2), 5, "weighted: mixed");
    weighted_is("x你好", "你好呀", weight("{s:{s:i}}", "你", "你", -1), 1, "weighted: CJK negative match");
    weighted_is("x你好", "你好呀", weight("{s:{s:i}}", "你好", "你好", -1), 2, "weighted: multi-char key unused");
    weighted_is("GCT", "CTT",
                weight("{s:{s:i,s:i,s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i,s:i},"
                       "s:{s:i,s:i,s:i,s:i,s:i},s:{s:i,s:i,s:i,s:i,s:i}}",
                       "A", "A", -2, "C", 7, "G", 5, "T", 7, "", 5,
                       "C", "A", 7, "C", -2, "G", 7, "T", 5, "", 5,
                       "G", "A", 5, "C", 7, "G", -2, "T", 7, "", 5,
                       "T", "A", 7, "C", 5, "G", 7, "T", -2, "", 5,
                       "", "A", 5, "C", 5, "G", 5, "T", 5, "", 0),
                6, "weighted: DNA matrix");

    /* test_edit_distance_idx (a default weight) */
    list_is(call_attr(m, "edit_distance_idx", NULL, "(ss)", "aaa", ""), "[-1, -1, -1]", "edit_distance_idx('aaa', '')");
    list_is(call_attr(m, "edit_distance_idx", NULL, "(ss)", "", "bbb"), "[]", "edit_distance_idx('', 'bbb')");
    {
        PyObject *w = weight("{s:{s:i}}", "a", "b", 1);
        list_is(call_attr(m, "edit_distance_idx", NULL, "(ssO)", "aaa", "aba", w), "[0, 1, 2]", "edit_distance_idx cheap b");
        Py_DECREF(w);
        w = weight("{s:{s:i}}", "a", "b", 3);
        list_is(call_attr(m, "edit_distance_idx", kw_dict("{s:O}", "weight", w), "(ss)", "aaa", "aba"), "[0, -1, 2]",
                "edit_distance_idx(weight=) dear b");
        Py_DECREF(w);
        w = weight("{s:{s:i,s:i}}", "a", "a", 2, "b", 0);
        list_is(call_attr(m, "edit_distance_idx", NULL, "(ssO)", "aa", "aabb", w), "[2, 3]", "edit_distance_idx free b");
        Py_DECREF(w);
    }

    /* test_edit_distance_of_list */
    PyObject *ten_b = ten_of("[s]", "bbb");
    PyObject *mixed = ten_of("[ss]", "bbb", "你好呀");
    list_is(call_attr(m, "edit_distance_of_list", NULL, "(sO)", "aaa", ten_b), "[3, 3, 3, 3, 3, 3, 3, 3, 3, 3]",
            "edit_distance_of_list");
    list_is(call_attr(m, "levenshtein_distance_of_list", NULL, "(sO)", "aaa你好", ten_c),
            "[4, 4, 4, 4, 4, 4, 4, 4, 4, 4]", "levenshtein_distance_of_list CJK");
    record(call_attr(m, "edit_distance_of_list", NULL, "(sO)", "aaa你好", mixed), "edit_distance_of_list mixed");

    /* What CPython says for arguments no overload takes, and the
       docstrings pybind11 writes. */
    record(call_attr(m, "lcs", NULL, "(si)", "a", 1), "lcs('a', 1)");
    record(call_attr(m, "lcs", NULL, "(s)", "a"), "lcs('a')");
    record(call_attr(m, "edit_distance", NULL, "(ssi)", "a", "b", 3), "edit_distance('a', 'b', 3)");
    record(call_attr(m, "edit_distance", NULL, "(ss{s:s})", "a", "b", "a", "x"), "edit_distance with a str weight");
    record(call_attr(m, "lcs_of_list", NULL, "(s[si])", "a", "b", 2), "lcs_of_list with an int in the list");
    record(call_attr(m, "lcs_sequence_idx", kw_dict("{s:s}", "t", "x"), "(s)", "a"), "lcs_sequence_idx(t=)");
    record(call_attr(m, "lcs", NULL, "(yy)", "a", "b"), "lcs(b'a', b'b')");
    record(call_attr(m, "lcs", NULL, "(ss)", "\xc3\xa9t\xc3\xa9", "ete"), "lcs over two-byte UTF-8");
    PyObject *doc = attr(attr(m, "edit_distance"), "__doc__");
    record_value(doc, "edit_distance.__doc__");
    Py_DECREF(doc);
    PyObject *mdoc = attr(m, "__doc__");
    record_value(mdoc, "module __doc__");
    Py_DECREF(mdoc);

    Py_DECREF(ten_a);
    Py_DECREF(ten_b);
    Py_DECREF(ten_c);
    Py_DECREF(ten_d);
    Py_DECREF(mixed);
    return tap_done();
}
