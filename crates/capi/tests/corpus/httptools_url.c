/* httptools 0.9.0's httptools.parser.url_parser: parse_url(url), a Cython
 * 3.3.0 function over http-parser's URL splitter. It takes any buffer
 * through PyObject_GetBuffer(PyBUF_SIMPLE) (so bytes, bytearray and
 * memoryview, but not str), raises HttpParserInvalidURLError -- imported
 * from the package's Python module `errors` by a relative import -- with
 * the URL's repr in the message, and returns an instance of URL, a cdef
 * class with a freelist (@cython.freelist(250)) whose seven fields are
 * read-only bytes / object members and whose __repr__ uses str.format.
 *
 * Vectors: tests/test_parser.py's TestUrlParser (every parse and error);
 * plus URL.__repr__, the freelist under churn and non-buffer arguments.
 * The errors module is stood in for by the driver (an Exception subclass
 * made with PyErr_NewException, under both hosts), and the module is
 * loaded with a spec naming its package so the relative import resolves.
 */
#include "corpus.h"

static PyObject *parse_url, *InvalidURL;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* The package modules httptools' Python half would have made. */
static void stand_in_errors(void)
{
    PyObject *pkg = PyImport_AddModule("httptools"); /* borrowed */
    PyObject *sub = PyImport_AddModule("httptools.parser");
    PyObject *errors = PyImport_AddModule("httptools.parser.errors");
    if (pkg == NULL || sub == NULL || errors == NULL)
        bail("cannot add the httptools package modules");
    PyObject *path = PyList_New(0);
    PyObject_SetAttrString(pkg, "__path__", path);
    PyObject_SetAttrString(sub, "__path__", path);
    Py_DECREF(path);
    PyObject *base = PyErr_NewException("httptools.parser.errors.HttpParserError", NULL, NULL);
    InvalidURL = PyErr_NewException("httptools.parser.errors.HttpParserInvalidURLError", base, NULL);
    if (base == NULL || InvalidURL == NULL || PyModule_AddObject(errors, "HttpParserError", base) < 0
        || PyModule_AddObject(errors, "HttpParserInvalidURLError", Py_NewRef(InvalidURL)) < 0)
        bail("cannot fill httptools.parser.errors");
}

static const char *FIELDS[] = {"schema", "host", "port", "path", "query", "fragment", "userinfo"};

/* repr((url.schema, ..., url.userinfo)) of parse_url(arg), or the
   exception; compared with the test's expected tuple. */
static void expect_parse(PyObject *arg, const char *want, const char *what)
{
    PyObject *url = PyObject_CallOneArg(parse_url, arg);
    Py_DECREF(arg);
    int ok = 0;
    if (url == NULL) {
        diag_exception();
    } else {
        PyObject *t = PyTuple_New(7);
        for (int i = 0; i < 7; i++)
            PyTuple_SET_ITEM(t, i, PyObject_GetAttrString(url, FIELDS[i]));
        PyObject *r = PyObject_Repr(t);
        const char *got = r ? PyUnicode_AsUTF8(r) : NULL;
        ok = got && strcmp(got, want) == 0;
        if (!ok)
            diag("got %s, expected %s; ", got ? got : "?", want);
        Py_XDECREF(r);
        Py_DECREF(t);
        Py_DECREF(url);
    }
    PyErr_Clear();
    tap(ok, what);
}

static PyObject *B(const char *s)
{
    return PyBytes_FromString(s);
}

static void expect_invalid(PyObject *arg, const char *what)
{
    PyObject *r = PyObject_CallOneArg(parse_url, arg);
    Py_DECREF(arg);
    int ok = r == NULL && PyErr_ExceptionMatches(InvalidURL);
    Py_XDECREF(r);
    print_record(NULL, what); /* the message, compared with CPython's */
    tap(ok, what);
}

static void test_urls(void)
{
    expect_parse(B("dsf://aaa/b/c?aa#123"), "(b'dsf', b'aaa', None, b'/b/c', b'aa', b'123', None)", "dsf://aaa/b/c?aa#123");
    expect_parse(B("dsf://i:n@aaa:88/b/c?aa#123"), "(b'dsf', b'aaa', 88, b'/b/c', b'aa', b'123', b'i:n')",
                 "dsf://i:n@aaa:88/b/c?aa#123");
    expect_parse(B("////"), "(None, None, None, b'////', None, None, None)", "////");
    expect_parse(B("////1/1?a=b&c[]=d&c[]=z"), "(None, None, None, b'////1/1', b'a=b&c[]=d&c[]=z', None, None)",
                 "////1/1?a=b&c[]=d&c[]=z");
    expect_parse(B("/////?#123"), "(None, None, None, b'/////', None, b'123', None)", "/////?#123");
    expect_parse(B("/a/b/c?b=1&"), "(None, None, None, b'/a/b/c', b'b=1&', None, None)", "/a/b/c?b=1&");
    expect_invalid(B(""), "b'' is invalid");
    expect_invalid(B(" "), "b' ' is invalid");
    expect_invalid(B(":///1"), "b':///1' is invalid");
    expect_parse(B("http://[1:2::3:4]:67/"), "(b'http', b'1:2::3:4', 67, b'/', None, None, None)",
                 "http://[1:2::3:4]:67/");
    expect_parse(PyByteArray_FromStringAndSize("/", 1), "(None, None, None, b'/', None, None, None)", "bytearray(b'/')");
    PyObject *b = B("http://example.com:8080/p?q#f");
    expect_parse(PyMemoryView_FromObject(b), "(b'http', b'example.com', 8080, b'/p', b'q', b'f', None)",
                 "memoryview(b'http://example.com:8080/p?q#f')");
    Py_DECREF(b);
    expect_invalid(PyBytes_FromStringAndSize("dsf://a\0aa", 10), "b'dsf://a\\x00aa' is invalid");
    /* A URL too long for http-parser's 16-bit offsets. */
    PyObject *longurl = PyBytes_FromStringAndSize(NULL, 9 + 65535);
    memcpy(PyBytes_AS_STRING(longurl), "http://h/", 9);
    memset(PyBytes_AS_STRING(longurl) + 9, 'a', 65535);
    expect_invalid(longurl, "a URL of 65544 bytes: too long");
    longurl = PyBytes_FromStringAndSize(NULL, 9 + 65500);
    memcpy(PyBytes_AS_STRING(longurl), "http://h/", 9);
    memset(PyBytes_AS_STRING(longurl) + 9, 'a', 65500);
    PyObject *u = PyObject_CallOneArg(parse_url, longurl);
    PyObject *path = u ? PyObject_GetAttrString(u, "path") : NULL;
    expect_true(path && PyBytes_GET_SIZE(path) == 65501, "a URL of 65509 bytes: its path");
    Py_XDECREF(path);
    Py_XDECREF(u);
    Py_DECREF(longurl);
    expect_parse(B("https://user:pw@host.example:0/a%20b?x=1;y=2#frag"),
                 "(b'https', b'host.example', 0, b'/a%20b', b'x=1;y=2', b'frag', b'user:pw')", "a URL with every part");
    expect_invalid(B("http://host:99999/"), "port 99999 is invalid");
    expect_parse(B("*"), "(None, None, None, b'*', None, None, None)", "*");
}

static void test_errors_and_repr(void)
{
    record(call(parse_url, NULL, "(O)", Py_None), "parse_url(None)");
    record(call(parse_url, NULL, "(s)", "dsf://aaa"), "parse_url('dsf://aaa')");
    record(call(parse_url, NULL, "(i)", 1), "parse_url(1)");
    record(call(parse_url, NULL, "()"), "parse_url()");
    record(call(parse_url, kw_dict("{s:y}", "url", "/x"), "()"), "parse_url(url=b'/x')");
    record(call(parse_url, NULL, "(yy)", "/", "/"), "parse_url(b'/', b'/')");

    PyObject *url = keep(call(parse_url, NULL, "(y)", "dsf://i:n@aaa:88/b/c?aa#123"), "parse_url(full)");
    rec(PyObject_Repr(url), "repr(URL)");
    PyObject *zero = PyLong_FromLong(0);
    int rc = PyObject_SetAttrString(url, "port", zero);
    expect_true(rc < 0 && PyErr_ExceptionMatches(PyExc_AttributeError), "url.port = 0 raises AttributeError");
    rec(NULL, "... its message");
    Py_DECREF(zero);
    rec(PyObject_GetAttrString((PyObject *)Py_TYPE(url), "__name__"), "type(url).__name__");
    rec(PyObject_GetAttrString((PyObject *)Py_TYPE(url), "__module__"), "type(url).__module__");
    rec(PyObject_CallNoArgs((PyObject *)Py_TYPE(url)), "URL()");
    PyObject *made = PyObject_CallFunction((PyObject *)Py_TYPE(url), "yyOyyyy", "a", "b", Py_None, "c", "d", "e", "f");
    rec(made ? PyObject_Repr(made) : NULL, "URL(b'a', b'b', None, b'c', b'd', b'e', b'f')");
    Py_XDECREF(made);
    rec(PyObject_CallFunction((PyObject *)Py_TYPE(url), "sssssss", "a", "b", "c", "d", "e", "f", "g"),
        "URL with str fields");
    Py_DECREF(url);

    /* The freelist: many URLs alive at once, then freed and remade. */
    PyObject *keep_list = PyList_New(0);
    int ok = 1;
    for (int round = 0; round < 3 && ok; round++) {
        for (int i = 0; i < 400 && ok; i++) {
            char s[64];
            snprintf(s, sizeof s, "http://h%d:%d/p%d", i, 1000 + i, round);
            PyObject *arg = B(s);
            PyObject *u2 = PyObject_CallOneArg(parse_url, arg);
            Py_DECREF(arg);
            PyObject *port = u2 ? PyObject_GetAttrString(u2, "port") : NULL;
            ok = port && PyLong_AsLong(port) == 1000 + i;
            Py_XDECREF(port);
            if (u2)
                PyList_Append(keep_list, u2);
            Py_XDECREF(u2);
        }
        PyList_SetSlice(keep_list, 0, PyList_GET_SIZE(keep_list), NULL);
    }
    tap(ok, "1200 URLs made and freed through the freelist");
    Py_DECREF(keep_list);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    parse_url = attr(module, "parse_url");
    rec(PyObject_GetAttrString(module, "__all__"), "url_parser.__all__");
    rec(PyObject_GetAttrString(module, "__name__"), "url_parser.__name__");
    rec(PyObject_GetAttrString(module, "__package__"), "url_parser.__package__");
    PyObject *imported = PyObject_GetAttrString(module, "HttpParserInvalidURLError");
    expect_true(imported == InvalidURL, "the module's HttpParserInvalidURLError is the errors module's");
    Py_XDECREF(imported);
    test_urls();
    test_errors_and_repr();
    Py_DECREF(parse_url);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    stand_in_errors();
    corpus_package = "httptools.parser";
    run(load_module(argv[1], "url_parser"), argv[2]);
    return tap_done();
}
