/* editdistance 0.8.1's editdistance.bycython: eval(a, b), a Cython 3.0.8
 * cpdef function compiled as C++ (multi-phase init, fastcall argument
 * parsing with keywords, an `unsigned int` result) that takes any two
 * objects with len() and item access, hashes each item (PyObject_Hash, so
 * str, bytes, ints, tuples and anything hashable) and runs the bundled
 * C++ Myers / Hyyrö bit-parallel distance over the hashes. (The sdist's
 * bycython.cpp predates its .pyx's eval_criterion and eval_dp; this is
 * the C++ it ships.)
 *
 * Vectors: README.md's ('banana', 'bahama') and (['spam', 'egg'],
 * ['spam', 'ham']); upstream's simple cases (empty strings, one edit);
 * plus every pair of a set of strings of every str kind, lists, tuples,
 * bytes and long sequences (past 64 items, the bit-parallel algorithm's
 * block size) against a dynamic-programming distance computed here over
 * the items' equality, and unhashable items.
 */
#include "corpus.h"

static PyObject *eval_fn;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* The Levenshtein distance of two sequences by item equality. */
static long dp_distance(PyObject *a, PyObject *b)
{
    Py_ssize_t n = PySequence_Length(a), m = PySequence_Length(b);
    long *prev = calloc((size_t)m + 1, sizeof(long)), *cur = calloc((size_t)m + 1, sizeof(long));
    for (Py_ssize_t j = 0; j <= m; j++)
        prev[j] = (long)j;
    for (Py_ssize_t i = 1; i <= n; i++) {
        cur[0] = (long)i;
        PyObject *x = PySequence_GetItem(a, i - 1);
        for (Py_ssize_t j = 1; j <= m; j++) {
            PyObject *y = PySequence_GetItem(b, j - 1);
            int eq = PyObject_RichCompareBool(x, y, Py_EQ) == 1;
            Py_DECREF(y);
            long best = prev[j - 1] + (eq ? 0 : 1);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
        Py_DECREF(x);
        long *t = prev;
        prev = cur;
        cur = t;
    }
    long d = prev[m];
    free(prev);
    free(cur);
    return d;
}

static void test_readme(void)
{
    expect_int(call(eval_fn, NULL, "(ss)", "banana", "bahama"), "2", "eval('banana', 'bahama')");
    expect_int(call(eval_fn, NULL, "([ss][ss])", "spam", "egg", "spam", "ham"), "1",
               "eval(['spam', 'egg'], ['spam', 'ham'])");
    expect_int(call(eval_fn, NULL, "(ss)", "abc", "aec"), "1", "eval('abc', 'aec')");
    expect_int(call(eval_fn, NULL, "(ss)", "", ""), "0", "eval('', '')");
    expect_int(call(eval_fn, NULL, "(ss)", "", "abc"), "3", "eval('', 'abc')");
    expect_int(call(eval_fn, NULL, "(ss)", "abc", ""), "3", "eval('abc', '')");
    expect_int(call(eval_fn, NULL, "(ss)", "kitten", "sitting"), "3", "eval('kitten', 'sitting')");
    expect_int(call(eval_fn, NULL, "(yy)", "kitten", "sitting"), "3", "eval(b'kitten', b'sitting')");
    expect_int(call(eval_fn, NULL, "((iii)(ii))", 1, 2, 3, 1, 3), "1", "eval((1, 2, 3), (1, 3))");
}

static void test_pairs(void)
{
    static const char *words[] = {
        "", "a", "ab", "abc", "acb", "banana", "bahama", "caf\xc3\xa9", "cafe", "\xe2\x82\xac" "uro",
        "\xf0\x9f\x98\x80" "smile\xf0\x9f\x98\x80", "The quick brown fox jumps over the lazy dog",
        "The quick brown fox jumped over the lazy dogs",
        "fsffvfdsbbdfvvdavavavavavava", "fvdaabavvvvvadvdvavavadfsfsdafvvav",
    };
    size_t n = sizeof words / sizeof words[0];
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        for (size_t j = 0; j < n && ok; j++) {
            PyObject *a = PyUnicode_FromString(words[i]), *b = PyUnicode_FromString(words[j]);
            long want = dp_distance(a, b);
            PyObject *r = PyObject_CallFunctionObjArgs(eval_fn, a, b, NULL);
            ok = r && PyLong_AsLong(r) == want;
            if (!ok)
                diag("pair %zu, %zu (want %ld); ", i, j, want);
            Py_XDECREF(r);
            Py_DECREF(a);
            Py_DECREF(b);
        }
    PyErr_Clear();
    tap(ok, "every pair of 15 strings against a DP distance");

    /* Long sequences: past the 64-item block. */
    ok = 1;
    for (int len = 60; len <= 300 && ok; len += 48) {
        PyObject *a = PyList_New(len), *b = PyList_New(len + 7);
        for (int i = 0; i < len; i++)
            PyList_SET_ITEM(a, i, PyLong_FromLong((i * 7) % 13));
        for (int i = 0; i < len + 7; i++)
            PyList_SET_ITEM(b, i, PyLong_FromLong((i * 5) % 13));
        long want = dp_distance(a, b);
        PyObject *r = PyObject_CallFunctionObjArgs(eval_fn, a, b, NULL);
        ok = r && PyLong_AsLong(r) == want;
        if (!ok)
            diag("length %d: want %ld; ", len, want);
        Py_XDECREF(r);
        Py_DECREF(a);
        Py_DECREF(b);
    }
    PyErr_Clear();
    tap(ok, "int lists of 60 to 300 items");

    PyObject *t1 = Py_BuildValue("((ii)(ss)O)", 1, 2, "x", "y", Py_None);
    PyObject *t2 = Py_BuildValue("((ii)(ss)d)", 1, 2, "x", "z", 1.5);
    expect_int(call(eval_fn, NULL, "(OO)", t1, t2), "2", "eval over tuples of tuples, None and a float");
    Py_DECREF(t1);
    Py_DECREF(t2);
    PyObject *mixed1 = Py_BuildValue("[idsy]", 1, 1.0, "1", "1");
    PyObject *mixed2 = Py_BuildValue("[dis]", 1.0, 1, "1");
    expect_int(call(eval_fn, NULL, "(OO)", mixed1, mixed2), "1", "eval([1, 1.0, '1', b'1'], [1.0, 1, '1'])");
    Py_DECREF(mixed1);
    Py_DECREF(mixed2);
}

static void test_errors(void)
{
    record(call(eval_fn, NULL, "([[]][i])", 1), "eval([[]], [1]): an unhashable item");
    record(call(eval_fn, NULL, "(ii)", 1, 2), "eval(1, 2)");
    record(call(eval_fn, NULL, "(sO)", "a", Py_None), "eval('a', None)");
    record(call(eval_fn, NULL, "(s)", "a"), "eval('a')");
    record(call(eval_fn, NULL, "(sss)", "a", "b", "c"), "eval('a', 'b', 'c')");
    record(call(eval_fn, kw_dict("{s:s,s:s}", "a", "abc", "b", "abd"), "()"), "eval(a='abc', b='abd')");
    record(call(eval_fn, kw_dict("{s:s}", "c", "abc"), "(s)", "x"), "eval('x', c='abc')");
    rec(PyObject_GetAttrString(eval_fn, "__doc__"), "eval.__doc__");
    rec(PyObject_GetAttrString(eval_fn, "__qualname__"), "eval.__qualname__");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    eval_fn = attr(module, "eval");
    test_readme();
    test_pairs();
    test_errors();
    Py_DECREF(eval_fn);
}

CORPUS_MAIN("bycython", run)
