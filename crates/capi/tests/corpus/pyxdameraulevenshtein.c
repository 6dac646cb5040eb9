/* pyxDamerauLevenshtein 1.9.0's pyxdameraulevenshtein._initialize: four
 * Cython 3.1.4 cpdef functions (optimal string alignment distance over any
 * sequence: str of each kind, bytes, list, tuple, range), returning C
 * unsigned long / float and lists built by list comprehensions; it slices
 * its arguments (seq[k:]), compares items with ==/!= through rich
 * comparison, calls len() and takes min() over C values.
 *
 * Vectors: the docstring examples and the project's tests/test_dl.py
 * cases; plus sequences of each kind, the empty ones, mixed item types,
 * and the errors (None, an int, a set, a generator in the *_seqs forms).
 */
#include "corpus.h"

static PyObject *mod;

static void dist(const char *fn, const char *fmt, const char *what, ...)
{
    PyObject *f = attr(mod, fn);
    va_list va;
    va_start(va, what);
    begin_call(NULL);
    PyObject *r = vcall(f, NULL, fmt, va);
    va_end(va);
    record(r, what);
    Py_DECREF(f);
}

static void test_docstrings(void)
{
    PyObject *f = attr(mod, "damerau_levenshtein_distance");
    expect_int(call(f, NULL, "(ss)", "smtih", "smith"), "1", "dl('smtih', 'smith') == 1");
    expect_int(call(f, NULL, "(ss)", "saturday", "sunday"), "3", "dl('saturday', 'sunday') == 3");
    expect_int(call(f, NULL, "(ss)", "orange", "pumpkin"), "7", "dl('orange', 'pumpkin') == 7");
    expect_int(call(f, NULL, "([iiiiii][iiiiiii])", 1, 2, 3, 4, 5, 6, 7, 8, 9, 7, 10, 11, 4), "7",
               "dl([1..6], [7, 8, 9, 7, 10, 11, 4]) == 7");
    Py_DECREF(f);
}

static void test_dl(void)
{
    static const char *const pairs[][2] = {
        {"smtih", "smith"}, {"snapple", "apple"}, {"testing", "testtn"}, {"saturday", "sunday"},
        {"Saturday", "saturday"}, {"orange", "pumpkin"}, {"gifts", "profit"}, {"Sjöstedt", "Sjostedt"},
        {"Sjöstedt", "Sjöstedt"}, {"Sjöstedt", "Söstedt"}, {"Sjöstedt", "Sjöedt"}, {"", ""},
        {"", "abc"}, {"abc", ""}, {"ab", "ba"}, {"abcdef", "badcfe"}, {"ca", "abc"}, {"a cat", "an act"},
        {"日本語", "日語本"}, {"😀😃", "😃😀"}, {"abcd", "abc"}, {"abc", "abcd"}, {"aaaa", "aaaa"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char what[96];
        snprintf(what, sizeof what, "dl(%s, %s)", pairs[i][0], pairs[i][1]);
        dist("damerau_levenshtein_distance", "(ss)", what, pairs[i][0], pairs[i][1]);
        snprintf(what, sizeof what, "normalized(%s, %s)", pairs[i][0], pairs[i][1]);
        dist("normalized_damerau_levenshtein_distance", "(ss)", what, pairs[i][0], pairs[i][1]);
    }
    dist("damerau_levenshtein_distance", "(yy)", "dl(b'smtih', b'smith')", "smtih", "smith");
    dist("damerau_levenshtein_distance", "((iii)(iii))", "dl((1, 2, 3), (1, 3, 2))", 1, 2, 3, 1, 3, 2);
    dist("damerau_levenshtein_distance", "([sss][ss])", "dl(['a', 'b', 'c'], ['b', 'a'])", "a", "b", "c", "b", "a");
    dist("damerau_levenshtein_distance", "([idi][ii])", "dl([1, 2.0, 3], [1, 2]): 2.0 == 2", 1, 2.0, 3, 1, 2);
    dist("damerau_levenshtein_distance", "(s[ss])", "dl('ab', ['a', 'b']): mixed kinds", "ab", "a", "b");

    PyObject *range = (PyObject *)&PyRange_Type;
    PyObject *r1 = PyObject_CallFunction(range, "i", 10), *r2 = PyObject_CallFunction(range, "ii", 1, 11);
    dist("damerau_levenshtein_distance", "(OO)", "dl(range(10), range(1, 11))", r1, r2);
    dist("normalized_damerau_levenshtein_distance", "(OO)", "normalized(range(10), range(1, 11))", r1, r2);
    Py_DECREF(r1);
    Py_DECREF(r2);

    dist("damerau_levenshtein_distance", "(Os)", "dl(None, 'abc')", Py_None, "abc");
    dist("damerau_levenshtein_distance", "(si)", "dl('abc', 5)", "abc", 5);
    dist("damerau_levenshtein_distance", "(s)", "dl('abc')", "abc");
    dist("damerau_levenshtein_distance", "(sss)", "dl('a', 'b', 'c')", "a", "b", "c");
    PyObject *set = PySet_New(NULL);
    dist("damerau_levenshtein_distance", "(OO)", "dl(set(), set())", set, set);
    Py_DECREF(set);
    PyObject *kw = kw_dict("{s:s,s:s}", "seq1", "kitten", "seq2", "sitting");
    PyObject *f = attr(mod, "damerau_levenshtein_distance");
    record(call(f, kw, "()"), "dl(seq1='kitten', seq2='sitting')");
    Py_DECREF(f);
    dist("normalized_damerau_levenshtein_distance", "(ss)", "normalized('smtih', 'smith') == 0.2", "smtih", "smith");
    dist("normalized_damerau_levenshtein_distance", "(ss)", "normalized('saturday', 'sunday') == 0.375", "saturday", "sunday");
    dist("normalized_damerau_levenshtein_distance", "(ss)", "normalized('ab', 'abc'): a float32 result", "ab", "abc");
    dist("normalized_damerau_levenshtein_distance", "(Os)", "normalized(None, 'a')", Py_None, "a");
}

static void test_seqs(void)
{
    static const char *const names[] = {"Sjöstedt", "Sjostedt", "Söstedt", "Sjöedt"};
    PyObject *list = PyList_New(4);
    for (Py_ssize_t i = 0; i < 4; i++)
        PyList_SET_ITEM(list, i, PyUnicode_FromString(names[i]));
    dist("damerau_levenshtein_distance_seqs", "(sO)", "dl_seqs('Sjöstedt', [...]) == [0, 1, 1, 2]", "Sjöstedt", list);
    dist("normalized_damerau_levenshtein_distance_seqs", "(sO)",
         "normalized_seqs('Sjöstedt', [...]) == [0.0, 0.125, 0.125, 0.25]", "Sjöstedt", list);
    PyObject *tuple = PyList_AsTuple(list);
    dist("damerau_levenshtein_distance_seqs", "(sO)", "dl_seqs over a tuple", "Sjostedt", tuple);
    Py_DECREF(tuple);
    PyObject *it = PyObject_GetIter(list);
    dist("damerau_levenshtein_distance_seqs", "(sO)", "dl_seqs over an iterator", "Sjostedt", it);
    Py_DECREF(it);
    Py_DECREF(list);
    PyObject *empty = PyList_New(0);
    dist("damerau_levenshtein_distance_seqs", "(sO)", "dl_seqs over []", "abc", empty);
    dist("normalized_damerau_levenshtein_distance_seqs", "(sO)", "normalized_seqs over []", "abc", empty);
    Py_DECREF(empty);
    dist("damerau_levenshtein_distance_seqs", "(si)", "dl_seqs('abc', 3)", "abc", 3);
    dist("damerau_levenshtein_distance_seqs", "(s[si])", "dl_seqs('abc', ['abd', 3])", "abc", "abd", 3);
    dist("normalized_damerau_levenshtein_distance_seqs", "(s[s])", "normalized_seqs('abc', ['cab'])", "abc", "cab");
}

static void test_module(void)
{
    PyObject *f = attr(mod, "damerau_levenshtein_distance");
    PyObject *doc = PyObject_GetAttrString(f, "__doc__");
    PyObject *head = doc && PyUnicode_Check(doc) ? PyUnicode_Substring(doc, 0, 48) : NULL;
    print_record(head, "damerau_levenshtein_distance.__doc__[:48]");
    Py_XDECREF(head);
    Py_XDECREF(doc);
    PyErr_Clear();
    tap(1, "damerau_levenshtein_distance.__doc__[:48]");
    PyObject *name = PyObject_GetAttrString(f, "__qualname__");
    print_record(name, "__qualname__");
    Py_XDECREF(name);
    tap(1, "__qualname__");
    Py_DECREF(f);
    PyObject *all = PyObject_Dir(mod);
    PyObject *pub = PyList_New(0);
    for (Py_ssize_t i = 0; all && i < PyList_GET_SIZE(all); i++) {
        PyObject *n = PyList_GET_ITEM(all, i);
        if (PyUnicode_READ_CHAR(n, 0) != '_')
            PyList_Append(pub, n);
    }
    print_record(pub, "public names");
    tap(all != NULL, "public names");
    Py_XDECREF(all);
    Py_DECREF(pub);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    mod = module;
    test_docstrings();
    test_dl();
    test_seqs();
    test_module();
}

CORPUS_MAIN("_initialize", run)
