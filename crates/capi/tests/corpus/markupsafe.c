/* markupsafe 3.0.4's `markupsafe._speedups`: HTML escaping that reads a
 * str's code units directly in its storage kind (PyUnicode_KIND,
 * PyUnicode_1/2/4BYTE_DATA, PyUnicode_IS_ASCII) and writes a new str made
 * by PyUnicode_New(length, maxchar) in place; returns the argument itself
 * when nothing needs escaping. Multi-phase init with an empty slot list.
 *
 * Vectors: tests/test_escape.py (ASCII, 2-byte and 4-byte kinds; the
 * escaping is markupsafe.escape's once str() has been taken). A non-str
 * argument makes it return NULL with no exception set, recorded.
 */
#include "corpus.h"

static const struct {
    const char *value, *expect, *what;
} VECTORS[] = {
    {"", "", "'' (empty)"},
    {"abcd&><'\"efgh", "abcd&amp;&gt;&lt;&#39;&#34;efgh", "ASCII, specials inside"},
    {"&><'\"efgh", "&amp;&gt;&lt;&#39;&#34;efgh", "ASCII, specials first"},
    {"abcd&><'\"", "abcd&amp;&gt;&lt;&#39;&#34;", "ASCII, specials last"},
    {"caf\xc3\xa9 & cr\xc3\xa8me <br>", "caf\xc3\xa9 &amp; cr\xc3\xa8me &lt;br&gt;", "Latin-1 (1-byte kind, not ASCII)"},
    {"\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf&><'\"\xe3\x81\x93\xe3\x82\x93\xe3\x81\xb0\xe3\x82\x93"
     "\xe3\x81\xaf",
     "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf&amp;&gt;&lt;&#39;&#34;\xe3\x81\x93\xe3\x82\x93\xe3\x81"
     "\xb0\xe3\x82\x93\xe3\x81\xaf",
     "2-byte kind, specials inside"},
    {"&><'\"\xe3\x81\x93\xe3\x82\x93\xe3\x81\xb0\xe3\x82\x93\xe3\x81\xaf",
     "&amp;&gt;&lt;&#39;&#34;\xe3\x81\x93\xe3\x82\x93\xe3\x81\xb0\xe3\x82\x93\xe3\x81\xaf", "2-byte kind, specials first"},
    {"\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf&><'\"",
     "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf&amp;&gt;&lt;&#39;&#34;", "2-byte kind, specials last"},
    {"\xf0\x9f\x8d\xa3\xf0\x9f\x8d\xa2&><'\"\xf0\x9f\x8d\xba xyz",
     "\xf0\x9f\x8d\xa3\xf0\x9f\x8d\xa2&amp;&gt;&lt;&#39;&#34;\xf0\x9f\x8d\xba xyz", "4-byte kind, specials inside"},
    {"&><'\"\xf0\x9f\x8d\xba xyz", "&amp;&gt;&lt;&#39;&#34;\xf0\x9f\x8d\xba xyz", "4-byte kind, specials first"},
    {"\xf0\x9f\x8d\xa3\xf0\x9f\x8d\xa2&><'\"", "\xf0\x9f\x8d\xa3\xf0\x9f\x8d\xa2&amp;&gt;&lt;&#39;&#34;",
     "4-byte kind, specials last"},
};

static const char *const UNCHANGED[] = {"test", "plain ascii", "caf\xc3\xa9", "\xe3\x81\x93\xe3\x82\x93",
                                        "\xf0\x9f\x8d\xa3 sushi"};

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *escape = attr(module, "_escape_inner");
    char what[128];
    for (size_t i = 0; i < sizeof VECTORS / sizeof VECTORS[0]; i++) {
        snprintf(what, sizeof what, "_escape_inner: %s", VECTORS[i].what);
        expect_str(call(escape, NULL, "(s)", VECTORS[i].value), VECTORS[i].expect, what);
    }
    /* Nothing to escape: the very same object comes back. */
    for (size_t i = 0; i < sizeof UNCHANGED / sizeof UNCHANGED[0]; i++) {
        PyObject *s = PyUnicode_FromString(UNCHANGED[i]);
        snprintf(what, sizeof what, "_escape_inner('%s') is its argument", UNCHANGED[i]);
        PyObject *r = take(call(escape, NULL, "(O)", s));
        expect_true(r == s, what);
        Py_XDECREF(r);
        Py_DECREF(s);
    }
    /* The result's kind is the narrowest for its characters. */
    PyObject *r = keep(call(escape, NULL, "(s)", "caf\xc3\xa9 <b>"), "_escape_inner('café <b>')");
    expect_true(PyUnicode_KIND(r) == PyUnicode_1BYTE_KIND && !PyUnicode_IS_ASCII(r)
                    && PyUnicode_GET_LENGTH(r) == 14,
                "the result is a 1-byte, non-ASCII str of 14 characters");
    Py_DECREF(r);
    r = keep(call(escape, NULL, "(s)", "<b>"), "_escape_inner('<b>')");
    expect_true(PyUnicode_IS_ASCII(r) && PyUnicode_GET_LENGTH(r) == 9, "the result is an ASCII str of 9 characters");
    Py_DECREF(r);
    /* A long input (the delta pass and the copy pass both run over it). */
    size_t n = 3000;
    char *big = malloc(n * 2 + 1), *want = malloc(n * 5 + 1);
    for (size_t i = 0; i < n; i++) {
        memcpy(big + 2 * i, "a<", 2);
        memcpy(want + 5 * i, "a&lt;", 5);
    }
    big[2 * n] = want[5 * n] = '\0';
    expect_str(call(escape, NULL, "(s)", big), want, "_escape_inner('a<' * 3000)");
    free(big);
    free(want);
    /* Not a str: NULL without an exception. PyObject_Call with no keywords
       hands that straight back on CPython 3.11 (no SystemError), so the
       record says "raised (nothing)" on both. */
    record(call(escape, NULL, "(y)", "a&b"), "_escape_inner(b'a&b')");
    record(call(escape, NULL, "(i)", 5), "_escape_inner(5)");
    record(call(escape, NULL, "()"), "_escape_inner()");
    record(call(escape, NULL, "(ss)", "a", "b"), "_escape_inner('a', 'b')");
    Py_DECREF(escape);
    PyObject *name = attr(module, "__name__");
    record_value(name, "_speedups.__name__");
    Py_DECREF(name);
}

CORPUS_MAIN("_speedups", run)
