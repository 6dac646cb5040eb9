/* esmre 1.0.1's esm: Index, a Cython 0.29.36 cdef class (__cinit__ /
 * __dealloc__) over the bundled Aho-Corasick index in C. enter() stores
 * any object by raw pointer after Py_IncRef (keywords as UTF-8 bytes when
 * they are str), fix() builds the automaton, query() walks it and calls
 * back into Cython (a cdef function cast from a void * to a list) to
 * append ((start, end), object) tuples; __dealloc__ gives every stored
 * object back with Py_DecRef through a C callback.
 *
 * Vectors: test/test_esm.py's IndexTests (construction, enter with its
 * TypeErrors, fix, the "this here is history" query, objects as values,
 * fix and enter after fix, query before fix, the reference count of an
 * object stored twice); plus bytes keywords and phrases, non-ASCII text
 * (matched by UTF-8 byte offsets), overlapping matches and many indexes.
 */
#include "corpus.h"

static PyObject *Index;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static PyObject *new_index(void)
{
    PyObject *i = PyObject_CallNoArgs(Index);
    if (i == NULL)
        bail("esm.Index() failed");
    return i;
}

/* index.enter(s) for each NUL-separated word of `words` (double NUL
   ends), then index.fix(). */
static PyObject *index_of(const char *words)
{
    PyObject *index = new_index();
    for (const char *w = words; *w; w += strlen(w) + 1) {
        PyObject *r = PyObject_CallMethod(index, "enter", "s", w);
        if (r == NULL)
            bail("enter(%s) failed", w);
        Py_DECREF(r);
    }
    PyObject *r = PyObject_CallMethod(index, "fix", NULL);
    if (r == NULL)
        bail("fix() failed");
    Py_DECREF(r);
    return index;
}

static int repr_is(PyObject *o, const char *want)
{
    PyObject *r = o ? PyObject_Repr(o) : NULL;
    int same = r && strcmp(PyUnicode_AsUTF8(r), want) == 0;
    if (!same) {
        if (o == NULL)
            diag_exception();
        diag("got %s, expected %s; ", r ? PyUnicode_AsUTF8(r) : "?", want);
    }
    Py_XDECREF(r);
    PyErr_Clear();
    return same;
}

static void test_index(void)
{
    PyObject *index = keep(call(Index, NULL, "()"), "Index()");
    expect_true(PyObject_IsTrue(index) == 1, "... is true");
    Py_DECREF(index);
    index = new_index();
    PyObject *r = PyObject_CallMethod(index, "enter", "s", "keyword");
    expect_true(r == Py_None, "enter('keyword')");
    Py_XDECREF(r);
    Py_DECREF(index);

    index = new_index();
    record(call_attr(index, "enter", NULL, "(i)", 0), "enter(0)");
    record(call_attr(index, "enter", NULL, "([])"), "enter([])");
    record(call_attr(index, "enter", NULL, "()"), "enter()");
    record(call_attr(index, "enter", NULL, "(sss)", "a", "b", "c"), "enter('a', 'b', 'c')");
    expect_is(call_attr(index, "fix", NULL, "()"), Py_None, "fix()");
    record(call_attr(index, "fix", NULL, "()"), "fix() again");
    record(call_attr(index, "enter", NULL, "(s)", "foo"), "enter('foo') after fix");
    Py_DECREF(index);
    index = new_index();
    record(call_attr(index, "query", NULL, "(s)", "foo"), "query('foo') before fix");
    Py_DECREF(index);

    index = index_of("he\0she\0his\0hers\0");
    PyObject *q = keep(call_attr(index, "query", NULL, "(s)", "this here is history"), "query('this here is history')");
    expect_true(repr_is(q, "[((1, 4), 'his'), ((5, 7), 'he'), ((13, 16), 'his')]"), "... the three matches");
    Py_DECREF(q);
    q = PyObject_CallMethod(index, "query", "s", "ushers");
    expect_true(repr_is(q, "[((1, 4), 'she'), ((2, 4), 'he'), ((2, 6), 'hers')]"), "query('ushers'): overlapping");
    Py_XDECREF(q);
    q = PyObject_CallMethod(index, "query", "y", "this here");
    rec(q, "query(b'this here')");
    q = PyObject_CallMethod(index, "query", "s", "");
    expect_true(repr_is(q, "[]"), "query('')");
    Py_XDECREF(q);
    rec(PyObject_CallMethod(index, "query", "i", 5), "query(5)");
    rec(PyObject_CallMethod(index, "query", NULL), "query()");
    Py_DECREF(index);
}

static void test_objects(void)
{
    PyObject *index = new_index();
    PyObject *mint = PyDict_New(), *pepper = PyDict_New();
    PyObject *r = PyObject_CallMethod(index, "enter", "sO", "mint", mint);
    Py_XDECREF(r);
    r = PyObject_CallMethod(index, "enter", "sO", "pepper", pepper);
    Py_XDECREF(r);
    r = PyObject_CallMethod(index, "fix", NULL);
    Py_XDECREF(r);
    PyObject *results = PyObject_CallMethod(index, "query", "s", "mint sauce");
    int ok = results && PyList_Check(results) && PyList_GET_SIZE(results) == 1;
    PyObject *first = ok ? PyList_GET_ITEM(results, 0) : NULL;
    ok = ok && PyTuple_Check(first) && PyTuple_GET_SIZE(first) == 2 && repr_is(PyTuple_GET_ITEM(first, 0), "(0, 4)")
         && PyTuple_GET_ITEM(first, 1) == mint;
    if (!ok)
        diag_exception();
    tap(ok, "enter(keyword, obj): query returns the very object");
    Py_XDECREF(results);
    Py_ssize_t before = Py_REFCNT(mint);
    Py_DECREF(index);
    expect_true(Py_REFCNT(mint) == before - 1 && Py_REFCNT(pepper) == 1, "freeing the index releases its objects");
    Py_DECREF(mint);
    Py_DECREF(pepper);

    /* The same object entered twice (common endings). */
    PyObject *o = PyUnicode_FromString("Owt and more to make it a heap string");
    Py_ssize_t initial = Py_REFCNT(o);
    index = new_index();
    Py_XDECREF(PyObject_CallMethod(index, "enter", "sO", "food", o));
    Py_XDECREF(PyObject_CallMethod(index, "enter", "sO", "ood", o));
    Py_XDECREF(PyObject_CallMethod(index, "fix", NULL));
    PyObject *blah = PyObject_CallMethod(index, "query", "s", "blah");
    expect_true(repr_is(blah, "[]"), "query('blah')");
    Py_XDECREF(blah);
    expect_true(Py_REFCNT(o) == initial + 2, "... the object held twice");
    PyObject *food = PyObject_CallMethod(index, "query", "s", "food");
    rec(food, "query('food')");
    Py_DECREF(index);
    expect_true(Py_REFCNT(o) == initial, "objects for common endings are decref'd correctly");
    Py_DECREF(o);

    /* enter(keyword, None) stores the keyword itself. */
    index = new_index();
    Py_XDECREF(PyObject_CallMethod(index, "enter", "sO", "abc", Py_None));
    Py_XDECREF(PyObject_CallMethod(index, "enter", "y", "bc"));
    Py_XDECREF(PyObject_CallMethod(index, "fix", NULL));
    rec(PyObject_CallMethod(index, "query", "s", "xabcx"), "enter('abc', None), enter(b'bc'): query('xabcx')");
    Py_DECREF(index);

    /* Non-ASCII: keywords and phrase as UTF-8, offsets in bytes. */
    index = index_of("caf\xc3\xa9\0\xe2\x82\xac\0\xf0\x9f\x98\x80\0");
    rec(PyObject_CallMethod(index, "query", "s", "un caf\xc3\xa9 \xc3\xa0 3 \xe2\x82\xac \xf0\x9f\x98\x80!"),
        "query of a non-ASCII phrase: byte offsets");
    Py_DECREF(index);

    /* Many keywords, a long phrase. */
    index = new_index();
    for (int i = 0; i < 500; i++) {
        char w[32];
        snprintf(w, sizeof w, "w%dx", i * 7);
        PyObject *n = PyLong_FromLong(i);
        Py_XDECREF(PyObject_CallMethod(index, "enter", "sO", w, n));
        Py_DECREF(n);
    }
    Py_XDECREF(PyObject_CallMethod(index, "fix", NULL));
    PyObject *phrase = PyUnicode_FromString("");
    for (int i = 0; i < 3500; i += 50) {
        PyObject *part = PyUnicode_FromFormat("w%dx ", i);
        PyUnicode_Append(&phrase, part);
        Py_DECREF(part);
    }
    PyObject *many = PyObject_CallMethod(index, "query", "O", phrase);
    expect_true(many && PyList_GET_SIZE(many) == 10, "500 keywords: 10 of 70 words match (multiples of 350)");
    rec(many, "... the matches");
    Py_DECREF(phrase);
    Py_DECREF(index);

    ok = 1;
    for (int i = 0; i < 300 && ok; i++) {
        PyObject *x = index_of("a\0ab\0abc\0");
        PyObject *m = PyObject_CallMethod(x, "query", "s", "abcabc");
        ok = m && PyList_GET_SIZE(m) == 6;
        Py_XDECREF(m);
        Py_DECREF(x);
    }
    tap(ok, "300 indexes made, queried and freed");
    rec(PyObject_GetAttrString(Index, "__module__"), "Index.__module__");
    rec(PyObject_GetAttrString(Index, "__name__"), "Index.__name__");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    Index = attr(module, "Index");
    test_index();
    test_objects();
    Py_DECREF(Index);
}

CORPUS_MAIN("esm", run)
