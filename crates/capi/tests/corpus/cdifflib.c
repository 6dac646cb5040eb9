/* cdifflib 1.2.9: difflib.SequenceMatcher's hot loops in C. The three
 * METH_VARARGS functions take the matcher itself (what cdifflib.py's
 * CSequenceMatcher passes as `self`) and work on its attributes:
 * chain_b(self) builds self.b2j with PyObject_SetAttrString and returns
 * (junk, popular) sets, applying self.isjunk and the autojunk rule (from
 * 200 items, elements in more than 1% of b); find_longest_match(self,
 * alo, ahi, blo, bhi) and matching_blocks(self) read self.a, self.b,
 * self.b2j and call self.isbjunk unless self._nojunk is true. Its
 * "Ollll" parse errors are replaced with ValueError; a non-list `a`
 * makes find_longest_match return NULL with no exception set
 * (SystemError on CPython, and so here). Those error paths leak their
 * references to isbjunk, a and b, on CPython too (under valgrind they
 * show as the driver's objects definitely lost).
 *
 * The matcher is an instance of a class made by type(), with the
 * attributes CSequenceMatcher.__init__ / set_seq2 give it. Vectors: the
 * sdist's tests/testdata.py (a5 / b5, the autojunk bug of issue 5), and
 * the difflib documentation's and test suite's examples
 * ("abxcd" / "abcd", " abcd" / "abcd abcd" with a blank-junk function,
 * "private Thread" lines), each recorded against CPython's build.
 */
#include "corpus.h"

static PyObject *module_ref, *matcher_type;

/* Records a result no call() produced, then releases it. */
static void out(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

static PyObject *sorted_list(PyObject *iterable)
{
    PyObject *l = PySequence_List(iterable);
    if (l != NULL && PyList_Sort(l) < 0)
        Py_CLEAR(l);
    return l;
}

/* A list of one-character str from `text`. */
static PyObject *chars(const char *text)
{
    PyObject *l = PyList_New(0);
    for (const char *c = text; *c; c++) {
        PyObject *s = PyUnicode_FromStringAndSize(c, 1);
        PyList_Append(l, s);
        Py_DECREF(s);
    }
    return l;
}

/* A list of the str between newlines of `text` (each keeping its '\n'). */
static PyObject *lines(const char *text)
{
    PyObject *l = PyList_New(0);
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text + 1) : strlen(text);
        PyObject *s = PyUnicode_FromStringAndSize(text, (Py_ssize_t)n);
        PyList_Append(l, s);
        Py_DECREF(s);
        text += n;
    }
    return l;
}

/* The int list `name = [ ... ]` of tests/testdata.py. */
static PyObject *testdata_list(PyObject *source, const char *name)
{
    char head[16];
    snprintf(head, sizeof head, "\n%s = [", name);
    const char *text = PyBytes_AS_STRING(source);
    const char *p = strstr(text, head);
    if (p == NULL)
        bail("no %s in tests/testdata.py", name);
    p += strlen(head);
    PyObject *l = PyList_New(0);
    while (*p && *p != ']') {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        PyObject *o = PyLong_FromLong(v);
        PyList_Append(l, o);
        Py_DECREF(o);
        p = end;
    }
    return l;
}

/* A matcher as CSequenceMatcher(isjunk, a, b, autojunk) leaves it:
   chain_b run, isbjunk / isbpopular the sets' __contains__. The junk and
   popular sets are recorded (sorted) and so is b2j. */
static PyObject *matcher(PyObject *isjunk, PyObject *a, PyObject *b, int autojunk, const char *label)
{
    char what[160];
    PyObject *m = PyObject_CallNoArgs(matcher_type);
    if (m == NULL || PyObject_SetAttrString(m, "isjunk", isjunk) < 0 || PyObject_SetAttrString(m, "a", a) < 0
        || PyObject_SetAttrString(m, "b", b) < 0
        || PyObject_SetAttrString(m, "autojunk", autojunk ? Py_True : Py_False) < 0)
        bail("cannot make a matcher");
    PyObject *chain_b = attr(module_ref, "chain_b");
    snprintf(what, sizeof what, "%s: chain_b(self)", label);
    PyObject *r = keep(call(chain_b, NULL, "(O)", m), what);
    Py_DECREF(chain_b);
    int ok = PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 2 && PyAnySet_Check(PyTuple_GET_ITEM(r, 0))
             && PyAnySet_Check(PyTuple_GET_ITEM(r, 1));
    snprintf(what, sizeof what, "%s: chain_b returns (set, set)", label);
    expect_true(ok, what);
    if (!ok)
        bail("unexpected chain_b result");
    snprintf(what, sizeof what, "%s: sorted(junk)", label);
    out(sorted_list(PyTuple_GET_ITEM(r, 0)), what);
    snprintf(what, sizeof what, "%s: sorted(popular)", label);
    out(sorted_list(PyTuple_GET_ITEM(r, 1)), what);
    snprintf(what, sizeof what, "%s: self.b2j", label);
    PyObject *b2j = PyObject_GetAttrString(m, "b2j");
    out(b2j ? PyObject_Repr(b2j) : NULL, what);
    Py_XDECREF(b2j);
    PyObject *isbjunk = PyObject_GetAttrString(PyTuple_GET_ITEM(r, 0), "__contains__");
    PyObject *isbpopular = PyObject_GetAttrString(PyTuple_GET_ITEM(r, 1), "__contains__");
    if (isbjunk == NULL || isbpopular == NULL || PyObject_SetAttrString(m, "isbjunk", isbjunk) < 0
        || PyObject_SetAttrString(m, "isbpopular", isbpopular) < 0)
        bail("cannot set isbjunk");
    Py_DECREF(isbjunk);
    Py_DECREF(isbpopular);
    Py_DECREF(r);
    return m;
}

static void longest(PyObject *m, long alo, long ahi, long blo, long bhi, const char *label)
{
    char what[160];
    snprintf(what, sizeof what, "%s: find_longest_match(self, %ld, %ld, %ld, %ld)", label, alo, ahi, blo, bhi);
    PyObject *f = attr(module_ref, "find_longest_match");
    record(call(f, NULL, "(Ollll)", m, alo, ahi, blo, bhi), what);
    Py_DECREF(f);
}

static void blocks(PyObject *m, const char *label)
{
    char what[160];
    snprintf(what, sizeof what, "%s: matching_blocks(self)", label);
    PyObject *f = attr(module_ref, "matching_blocks");
    record(call(f, NULL, "(O)", m), what);
    Py_DECREF(f);
}

/* A whole comparison: chain_b, the longest match over everything, the
   matching blocks, and again with self._nojunk = True. */
static void compare(PyObject *isjunk, PyObject *a, PyObject *b, int autojunk, const char *label)
{
    PyObject *m = matcher(isjunk, a, b, autojunk, label);
    longest(m, 0, (long)PyList_GET_SIZE(a), 0, (long)PyList_GET_SIZE(b), label);
    blocks(m, label);
    char what[160];
    snprintf(what, sizeof what, "%s, _nojunk", label);
    if (PyObject_SetAttrString(m, "_nojunk", Py_True) < 0)
        bail("cannot set _nojunk");
    blocks(m, what);
    Py_DECREF(m);
}

/* isjunk for the difflib examples: a blank or a tab. */
static PyObject *is_blank(PyObject *self, PyObject *x)
{
    (void)self;
    if (!PyUnicode_Check(x))
        Py_RETURN_FALSE;
    const char *s = PyUnicode_AsUTF8(x);
    if (s == NULL)
        return NULL;
    return PyBool_FromLong(strcmp(s, " ") == 0 || strcmp(s, "\t") == 0);
}
static PyMethodDef IS_BLANK = {"is_blank", is_blank, METH_O, NULL};

static void run(PyObject *module, const char *sdist)
{
    module_ref = module;
    matcher_type = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "CSequenceMatcher",
                                         (PyObject *)&PyBaseObject_Type);
    if (matcher_type == NULL)
        bail("cannot make the matcher class");
    PyObject *blank = PyCFunction_New(&IS_BLANK, NULL);

    /* difflib's documentation examples. */
    PyObject *a = chars("abxcd"), *b = chars("abcd");
    compare(Py_None, a, b, 1, "'abxcd' / 'abcd'");
    Py_DECREF(a);
    Py_DECREF(b);
    a = chars(" abcd");
    b = chars("abcd abcd");
    compare(Py_None, a, b, 1, "' abcd' / 'abcd abcd'");
    compare(blank, a, b, 1, "' abcd' / 'abcd abcd', isjunk blank");
    PyObject *m = matcher(Py_None, a, b, 1, "' abcd' / 'abcd abcd' ranges");
    longest(m, 0, 5, 0, 9, "ranges");
    longest(m, 1, 5, 0, 4, "ranges");
    longest(m, 0, 1, 4, 5, "ranges");
    longest(m, 2, 2, 0, 9, "ranges (empty a range)");
    longest(m, 0, 5, 3, 3, "ranges (empty b range)");
    Py_DECREF(m);
    Py_DECREF(a);
    Py_DECREF(b);
    a = chars("qabxcd");
    b = chars("abycdf");
    compare(Py_None, a, b, 1, "'qabxcd' / 'abycdf'");
    compare(blank, a, b, 0, "'qabxcd' / 'abycdf', isjunk blank, no autojunk");
    Py_DECREF(a);
    Py_DECREF(b);
    a = chars("private Thread currentThread;");
    b = chars("private volatile Thread currentThread;");
    compare(blank, a, b, 1, "'private Thread ...' chars, isjunk blank");
    Py_DECREF(a);
    Py_DECREF(b);
    a = lines("one\ntwo\nthree\nfour\n");
    b = lines("zero\none\ntree\nfour\n");
    compare(Py_None, a, b, 1, "ndiff lines");
    Py_DECREF(a);
    Py_DECREF(b);
    a = chars("");
    b = chars("");
    compare(Py_None, a, b, 1, "'' / ''");
    Py_DECREF(a);
    Py_DECREF(b);

    /* tests/testdata.py: a5 / b5 (200 items in b: autojunk applies). */
    PyObject *source = read_file(sdist, "tests/testdata.py");
    PyObject *a5 = testdata_list(source, "a5"), *b5 = testdata_list(source, "b5");
    Py_DECREF(source);
    expect_true(PyList_GET_SIZE(a5) == 190 && PyList_GET_SIZE(b5) == 200, "testdata: len(a5) == 190, len(b5) == 200");
    compare(Py_None, a5, b5, 1, "testdata a5 / b5");
    compare(Py_None, a5, b5, 0, "testdata a5 / b5, no autojunk");
    compare(Py_None, b5, a5, 1, "testdata b5 / a5");
    /* 200 items of 'x' and 'y' in b: every element is popular. */
    PyObject *xy = PyList_New(0);
    for (int i = 0; i < 300; i++) {
        PyObject *s = PyUnicode_FromString(i % 3 ? "x" : "y");
        PyList_Append(xy, s);
        Py_DECREF(s);
    }
    PyObject *xs = chars("xxyxxyz");
    compare(Py_None, xs, xy, 1, "300 x/y in b, autojunk");
    compare(Py_None, xs, xy, 0, "300 x/y in b, no autojunk");
    Py_DECREF(xs);
    Py_DECREF(xy);
    Py_DECREF(a5);
    Py_DECREF(b5);

    /* Errors. */
    PyObject *flm = attr(module, "find_longest_match");
    PyObject *mb = attr(module, "matching_blocks");
    PyObject *cb = attr(module, "chain_b");
    a = chars("abc");
    b = chars("abd");
    m = matcher(Py_None, a, b, 1, "errors");
    expect_error(call(flm, NULL, "(O)", m), PyExc_ValueError, "find_longest_match parameters not as expected",
                 "find_longest_match(self) raises ValueError");
    expect_error(call(flm, NULL, "(Oslll)", m, "0", 1L, 0L, 1L), PyExc_ValueError,
                 "find_longest_match parameters not as expected", "find_longest_match(self, '0', ...) raises ValueError");
    expect_error(call(mb, NULL, "()"), PyExc_ValueError, "expected one argument, self",
                 "matching_blocks() raises ValueError");
    record(call(cb, NULL, "()"), "chain_b() raises TypeError");
    PyObject *notcallable = PyFloat_FromDouble(3.5); /* the functions leak it on this error */
    PyObject_SetAttrString(m, "isbjunk", notcallable);
    Py_DECREF(notcallable);
    expect_error(call(flm, NULL, "(Ollll)", m, 0L, 3L, 0L, 3L), PyExc_RuntimeError, "isbjunk not callable",
                 "find_longest_match with isbjunk = 3.5 raises RuntimeError");
    expect_error(call(mb, NULL, "(O)", m), PyExc_RuntimeError, "isbjunk not callable",
                 "matching_blocks with isbjunk = 3.5 raises RuntimeError");
    PyObject_SetAttrString(m, "_nojunk", Py_True);
    PyObject *t = PyList_AsTuple(a);
    PyObject_SetAttrString(m, "a", t);
    Py_DECREF(t);
    expect_error(call(mb, NULL, "(O)", m), PyExc_ValueError, "cdifflib only supports lists for both sequences",
                 "matching_blocks with a tuple a raises ValueError");
    record(call(flm, NULL, "(Ollll)", m, 0L, 3L, 0L, 3L), "find_longest_match with a tuple a (NULL, no exception)");
    PyObject_SetAttrString(m, "b", Py_None);
    record(call(cb, NULL, "(O)", m), "chain_b with b = None (NULL, no exception)");
    Py_DECREF(m);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(flm);
    Py_DECREF(mb);
    Py_DECREF(cb);
    Py_DECREF(blank);
    Py_DECREF(matcher_type);
}

CORPUS_MAIN("_cdifflib", run)
