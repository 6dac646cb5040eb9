/* pyahocorasick 2.3.1's `ahocorasick` (the unicode build, setup.py's
 * default): a static Automaton type over str keys read with
 * PyUnicode_AsUCS4Copy, three iterator types (keys/values/items and the
 * search iterators), METH_VARARGS|METH_KEYWORDS search with start/end,
 * callbacks called with PyObject_CallFunction, KeyError/ValueError/
 * AttributeError paths, get_stats' dict and its own __reduce__ state.
 *
 * Vectors: tests/test_basic.py (test_basic_unicode,
 * test_basic_items_keys_and_values_with_unicode_build) and the
 * single-call checks of tests/test_unit.py (len, exists, get, match,
 * longest_prefix, pop, remove_word, clear, kind, iter_long, STORE_INTS,
 * STORE_LENGTH); what those tests only check by type is recorded.
 */
#include "corpus.h"

/* The result's repr() is `text`; `sorted` sorts a list result first. */
static void expect_repr(PyObject *r, int sorted, const char *text, const char *what)
{
    int ok = succeeded(r);
    if (ok && sorted && PyList_Sort(r) < 0) {
        diag_exception();
        ok = 0;
    }
    if (ok) {
        PyObject *s = PyObject_Repr(r);
        const char *got = s ? PyUnicode_AsUTF8(s) : NULL;
        if (got == NULL || strcmp(got, text) != 0) {
            diag("result is %s, expected %s; ", got ? got : "?", text);
            PyErr_Clear();
            ok = 0;
        }
        Py_XDECREF(s);
    }
    ok &= settle(0);
    tap(ok, what);
}

/* list(iterator) for the pending call that returned an iterator, then
   the call's refcount check once the iterator (which holds the automaton)
   is gone; NULL with the exception still set when either failed. */
static PyObject *listed(PyObject *it)
{
    PyObject *l = it != NULL ? PySequence_List(it) : NULL;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (!settle(0))
        group_ok = 0;
    PyErr_Restore(type, value, tb);
    return l;
}

/* The list's (sorted, when asked) repr() is `text`; one TAP line. */
static void expect_list(PyObject *l, int sorted, const char *text, const char *what)
{
    int ok = l != NULL;
    if (!ok)
        diag_exception();
    if (ok && sorted && PyList_Sort(l) < 0) {
        diag_exception();
        ok = 0;
    }
    if (ok) {
        PyObject *s = PyObject_Repr(l);
        const char *got = s ? PyUnicode_AsUTF8(s) : NULL;
        if (got == NULL || strcmp(got, text) != 0) {
            diag("list is %s, expected %s; ", got ? got : "?", text);
            PyErr_Clear();
            ok = 0;
        }
        Py_XDECREF(s);
    }
    Py_XDECREF(l);
    tap(ok, what);
}

/* Records the list (or the exception of listing it). */
static void record_list(PyObject *l, const char *what)
{
    if (l != NULL) {
        record_value(l, what);
        Py_DECREF(l);
    } else {
        print_record(NULL, what);
        tap(1, what);
    }
}

static PyObject *found;

/* find_all's callback: appends (index, item). */
static PyObject *collect(PyObject *self, PyObject *args)
{
    (void)self;
    if (PyList_Append(found, args) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef collect_def = {"collect", collect, METH_VARARGS, NULL};

static const char *const WORDS[] = {"he", "e", "hers", "his", "she", "hi", "him", "man", "he"};

/* add_word(key, value) by hand: the automaton keeps `value`, which the
   refcount baseline of call() would count against it. */
static int add(PyObject *a, const char *key, PyObject *value)
{
    PyObject *r = value ? PyObject_CallMethod(a, "add_word", "sO", key, value)
                        : PyObject_CallMethod(a, "add_word", "s", key);
    int flag = r == Py_True ? 1 : r == Py_False ? 0 : -1;
    if (r == NULL)
        diag_exception();
    Py_XDECREF(r);
    return flag;
}

static PyObject *filled(PyObject *Automaton)
{
    PyObject *a = keep(call(Automaton, NULL, "()"), "Automaton()");
    int ok = 1;
    for (int i = 0; i < 9; i++) {
        PyObject *value = Py_BuildValue("(is)", i, WORDS[i]);
        Py_ssize_t before = Py_REFCNT(value);
        /* True for a new word; the second 'he' replaces the first: False. */
        if (add(a, WORDS[i], value) != (i == 8 ? 0 : 1) || Py_REFCNT(value) != before + 1)
            ok = 0;
        Py_DECREF(value);
    }
    tap(ok, "add_word of nine words: True when new, False for the second 'he'; each value kept");
    return a;
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *Automaton = attr(module, "Automaton");
    PyObject *unicode = attr(module, "unicode");
    expect_true(PyLong_AsLong(unicode) == 1, "ahocorasick.unicode == 1");
    Py_DECREF(unicode);

    /* test_basic_items_keys_and_values_with_unicode_build */
    PyObject *a = filled(Automaton);
    for (int built = 0; built < 2; built++) {
        const char *when = built ? " (built)" : " (trie)";
        char what[96];
        snprintf(what, sizeof what, "sorted(keys())%s", when);
        expect_list(listed(call_attr(a, "keys", NULL, "()")), 1,
                    "['e', 'he', 'hers', 'hi', 'him', 'his', 'man', 'she']", what);
        snprintf(what, sizeof what, "sorted(values())%s", when);
        expect_list(listed(call_attr(a, "values", NULL, "()")), 1,
                    "[(1, 'e'), (2, 'hers'), (3, 'his'), (4, 'she'), (5, 'hi'), (6, 'him'), (7, 'man'), (8, 'he')]",
                    what);
        snprintf(what, sizeof what, "sorted(items())%s", when);
        expect_list(listed(call_attr(a, "items", NULL, "()")), 1,
                    "[('e', (1, 'e')), ('he', (8, 'he')), ('hers', (2, 'hers')), ('hi', (5, 'hi')), "
                    "('him', (6, 'him')), ('his', (3, 'his')), ('man', (7, 'man')), ('she', (4, 'she'))]",
                    what);
        if (!built)
            expect_is(call_attr(a, "make_automaton", NULL, "()"), Py_None, "make_automaton()");
    }
    expect_list(listed(call_attr(a, "keys", NULL, "(s)", "h")), 1, "['he', 'hers', 'hi', 'him', 'his']",
                "sorted(keys('h')) (a prefix)");
    expect_list(listed(call_attr(a, "keys", NULL, "(ss)", "h?", "?")), 1, "['he', 'hi']",
                "sorted(keys('h?', '?')) (a wildcard)");

    /* test_basic_unicode */
    const char *query = "he rshershidamanza ";
    expect_list(listed(call_attr(a, "iter", kw_dict("{s:s,s:i,s:i}", "string", query, "start", 2, "end", 8), "()")), 0,
                "[(6, (4, 'she')), (6, (8, 'he')), (6, (1, 'e'))]", "list(iter(string=query, start=2, end=8))");
    found = PyList_New(0);
    PyObject *callback = PyCFunction_New(&collect_def, NULL);
    expect_is(call_attr(a, "find_all", NULL, "(sOii)", query, callback, 2, 11), Py_None,
              "find_all(query, callback, 2, 11)");
    PyObject *s = PyObject_Repr(found);
    const char *want = "[(6, (4, 'she')), (6, (8, 'he')), (6, (1, 'e')), (8, (2, 'hers')), (10, (5, 'hi'))]";
    if (strcmp(PyUnicode_AsUTF8(s), want) != 0)
        diag("callback saw %s; ", PyUnicode_AsUTF8(s));
    tap(strcmp(PyUnicode_AsUTF8(s), want) == 0, "find_all's callback saw the five matches in order");
    Py_DECREF(s);
    Py_DECREF(found);
    expect_list(listed(call_attr(a, "iter", NULL, "(s)", "ushers")), 0,
                "[(3, (4, 'she')), (3, (8, 'he')), (3, (1, 'e')), (5, (2, 'hers'))]", "list(iter('ushers'))");
    record_list(listed(call_attr(a, "iter_long", NULL, "(s)", "ushers")), "list(iter_long('ushers'))");
    record_list(listed(call_attr(a, "iter_long", NULL, "(s)", "he rshershidamanza ")), "list(iter_long(query))");
    expect_list(listed(call_attr(a, "iter", kw_dict("{s:O}", "ignore_white_space", Py_True), "(s)", "s h e")), 0,
                "[(4, (4, 'she')), (4, (8, 'he')), (4, (1, 'e'))]", "list(iter('s h e', ignore_white_space=True))");
    /* A non-ASCII haystack and key. */
    PyObject *b = keep(call(Automaton, NULL, "()"), "Automaton()");
    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2);
    expect_true(add(b, "caf\xc3\xa9", one) == 1 && add(b, "\xf0\x9f\x8d\xa3", two) == 1,
                "add_word('café', 1), add_word('🍣', 2)");
    Py_DECREF(one);
    Py_DECREF(two);
    Py_XDECREF(take(call_attr(b, "make_automaton", NULL, "()")));
    expect_list(listed(call_attr(b, "iter", NULL, "(s)", "un caf\xc3\xa9 \xf0\x9f\x8d\xa3!")), 0, "[(6, 1), (8, 2)]",
                "list(iter('un café 🍣!')) (code point indices)");
    Py_DECREF(b);

    /* test_unit: single calls. */
    expect_true(PyObject_Length(a) == 8, "len(A) == 8");
    PyObject *key = PyUnicode_FromString("hers"), *nokey = PyUnicode_FromString("her");
    expect_true(PySequence_Contains(a, key) == 1 && PySequence_Contains(a, nokey) == 0,
                "'hers' in A, 'her' not in A");
    Py_DECREF(key);
    Py_DECREF(nokey);
    expect_is(call_attr(a, "exists", NULL, "(s)", "hers"), Py_True, "exists('hers')");
    expect_is(call_attr(a, "exists", NULL, "(s)", "her"), Py_False, "exists('her')");
    expect_is(call_attr(a, "match", NULL, "(s)", "her"), Py_True, "match('her') (a prefix)");
    expect_is(call_attr(a, "match", NULL, "(s)", "xyz"), Py_False, "match('xyz')");
    expect_int(call_attr(a, "longest_prefix", NULL, "(s)", "hersx"), "4", "longest_prefix('hersx')");
    expect_repr(call_attr(a, "get", NULL, "(s)", "his"), 0, "(3, 'his')", "get('his')");
    expect_repr(call_attr(a, "get", NULL, "(ss)", "nope", "default"), 0, "'default'", "get('nope', 'default')");
    record(call_attr(a, "get", NULL, "(s)", "nope"), "get('nope')");
    record(call_attr(a, "get", NULL, "(i)", 5), "get(5)");
    record(call_attr(a, "add_word", NULL, "(i)", 5), "add_word(5)");
    record(call_attr(a, "iter", NULL, "(i)", 5), "iter(5)");
    record(call_attr(a, "kind", NULL, "()"), "kind (called: an int attribute)");
    PyObject *kind = attr(a, "kind");
    PyObject *AHOCORASICK = attr(module, "AHOCORASICK");
    expect_true(PyObject_RichCompareBool(kind, AHOCORASICK, Py_EQ) == 1, "A.kind == AHOCORASICK after make_automaton");
    Py_DECREF(AHOCORASICK);
    Py_DECREF(kind);
    record(call_attr(a, "get_stats", NULL, "()"), "get_stats()");
    /* Its pickled node bytes hold struct padding, which differs from run to
       run: the rest of the state is recorded. */
    PyObject *reduced = take(call_attr(a, "__reduce__", NULL, "()"));
    PyObject *state = reduced ? PySequence_GetItem(reduced, 1) : NULL;
    PyObject *rest = state ? PyTuple_GetSlice(state, 1, 7) : NULL;
    if (rest == NULL)
        bail("__reduce__() has no state tuple");
    expect_true(PyTuple_GET_ITEM(reduced, 0) == Automaton, "__reduce__()[0] is Automaton");
    record_value(rest, "__reduce__()[1][1:]");
    Py_DECREF(rest);
    Py_DECREF(state);
    Py_DECREF(reduced);
    expect_repr(call_attr(a, "pop", NULL, "(s)", "hers"), 0, "(2, 'hers')", "pop('hers')");
    record(call_attr(a, "pop", NULL, "(s)", "hers"), "pop('hers') again");
    expect_is(call_attr(a, "remove_word", NULL, "(s)", "him"), Py_True, "remove_word('him')");
    expect_is(call_attr(a, "remove_word", NULL, "(s)", "him"), Py_False, "remove_word('him') again");
    PyObject *kind2 = attr(a, "kind");
    PyObject *TRIE = attr(module, "TRIE");
    expect_true(PyObject_RichCompareBool(kind2, TRIE, Py_EQ) == 1, "removing words makes it a TRIE again");
    Py_DECREF(TRIE);
    Py_DECREF(kind2);
    record_list(listed(call_attr(a, "iter", NULL, "(s)", "he")), "iter() of a TRIE");
    expect_is(call_attr(a, "clear", NULL, "()"), Py_None, "clear()");
    expect_list(listed(call_attr(a, "keys", NULL, "()")), 0, "[]", "keys() after clear()");
    Py_DECREF(a);

    /* STORE_INTS and STORE_LENGTH automatons. */
    PyObject *STORE_INTS = attr(module, "STORE_INTS"), *STORE_LENGTH = attr(module, "STORE_LENGTH");
    a = keep(call(Automaton, NULL, "(O)", STORE_INTS), "Automaton(STORE_INTS)");
    /* Integers are stored as C values: nothing is kept. */
    expect_is(call_attr(a, "add_word", NULL, "(si)", "cat", 7), Py_True, "STORE_INTS: add_word('cat', 7)");
    expect_is(call_attr(a, "add_word", NULL, "(s)", "dog"), Py_True, "STORE_INTS: add_word('dog') numbers it");
    record(call_attr(a, "add_word", NULL, "(ss)", "cow", "x"), "STORE_INTS: add_word('cow', 'x')");
    expect_list(listed(call_attr(a, "items", NULL, "()")), 1, "[('cat', 7), ('dog', 2)]", "STORE_INTS: sorted(items())");
    Py_DECREF(a);
    a = keep(call(Automaton, NULL, "(O)", STORE_LENGTH), "Automaton(STORE_LENGTH)");
    Py_XDECREF(take(call_attr(a, "add_word", NULL, "(s)", "abcd")));
    Py_XDECREF(take(call_attr(a, "make_automaton", NULL, "()")));
    expect_list(listed(call_attr(a, "iter", NULL, "(s)", "xxabcd")), 0, "[(5, 4)]", "STORE_LENGTH: iter('xxabcd')");
    Py_DECREF(a);
    record(call(Automaton, NULL, "(i)", 99), "Automaton(99)");
    Py_DECREF(STORE_INTS);
    Py_DECREF(STORE_LENGTH);
    Py_DECREF(callback);
    Py_DECREF(Automaton);
}

CORPUS_MAIN("ahocorasick", run)
