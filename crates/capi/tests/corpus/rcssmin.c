/* rcssmin 1.3.0's `_rcssmin` (the CSS minifier of webassets and others): a
 * hand-written scanner over a str (any kind, through PyUnicode_READ) or
 * any bytes-like input (through the buffer protocol), building its result
 * with PyUnicode_New / PyBytes_FromStringAndSize of the input's type, and
 * "O|O" keyword parsing of keep_bang_comments (PyObject_IsTrue).
 *
 * Vectors: tests/test_main.py and tests/test_yui.py over the sdist's own
 * files -- each tests/main/NAME.css against NAME.out (and NAME.out.b with
 * keep_bang_comments=True), the same for tests/yui/NAME.css (rcssmin's own
 * out/ files, not YUI's .min) -- as bytes and as latin-1 str, exactly as
 * those tests compare them.
 */
#include "corpus.h"

#include <ctype.h>
#include <dirent.h>

static PyObject *cssmin;

/* test_main's bscheck: an expectation that ends in a CSS escape (a
   backslash not itself escaped, then 1-6 alphanumerics) gets the space
   rcssmin keeps after it. */
static PyObject *expected(PyObject *raw)
{
    PyObject *exp = PyObject_CallMethod(raw, "strip", NULL);
    if (exp == NULL)
        bail("strip failed");
    const char *s = PyBytes_AS_STRING(exp);
    Py_ssize_t n = PyBytes_GET_SIZE(exp), run = 0;
    while (run < n && isalnum((unsigned char)s[n - 1 - run]))
        run++;
    Py_ssize_t slashes = 0;
    while (n - run - 1 - slashes >= 0 && s[n - run - 1 - slashes] == '\\')
        slashes++;
    if (run >= 1 && run <= 6 && slashes % 2 == 1) {
        PyObject *sp = PyBytes_FromString(" ");
        PyBytes_ConcatAndDel(&exp, sp);
    }
    return exp;
}

/* cssmin(input) == expected, as bytes and as latin-1 str. */
static void check(const char *dir, const char *in_name, const char *out_name, int bang)
{
    PyObject *inp = read_file(dir, in_name), *raw = read_file(dir, out_name);
    PyObject *exp = expected(raw);
    PyObject *kw = bang ? kw_dict("{s:O}", "keep_bang_comments", Py_True) : NULL;
    char what[300];
    snprintf(what, sizeof what, "cssmin(%s%s) == %s (bytes)", in_name, bang ? ", keep_bang_comments=True" : "",
             out_name);
    expect_same_bytes(call(cssmin, kw, "(O)", inp), exp, what);
    PyObject *sinp = PyUnicode_DecodeLatin1(PyBytes_AS_STRING(inp), PyBytes_GET_SIZE(inp), NULL);
    PyObject *sexp = PyUnicode_DecodeLatin1(PyBytes_AS_STRING(exp), PyBytes_GET_SIZE(exp), NULL);
    kw = bang ? kw_dict("{s:O}", "keep_bang_comments", Py_True) : NULL;
    snprintf(what, sizeof what, "cssmin(%s%s) == %s (latin-1 str)", in_name, bang ? ", keep_bang_comments=True" : "",
             out_name);
    PyObject *r = take(call(cssmin, kw, "(O)", sinp));
    expect_true(r != NULL && PyUnicode_Check(r) && PyUnicode_Compare(r, sexp) == 0, what);
    Py_XDECREF(r);
    Py_DECREF(sinp), Py_DECREF(sexp), Py_DECREF(inp), Py_DECREF(raw), Py_DECREF(exp);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dir ending in `suffix`. */
static int list(const char *dir, const char *suffix, char **names, int max)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        bail("cannot list %s", dir);
    int n = 0;
    struct dirent *e;
    size_t sl = strlen(suffix);
    while ((e = readdir(d)) != NULL && n < max) {
        size_t l = strlen(e->d_name);
        if (l > sl && strcmp(e->d_name + l - sl, suffix) == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    return n;
}

static int exists(const char *dir, const char *name)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

static void run(PyObject *module, const char *sdist)
{
    cssmin = attr(module, "cssmin");
    char dir[4096], *names[256], out[512];
    static const char *DIRS[] = {"main", "yui"};
    for (int d = 0; d < 2; d++) {
        snprintf(dir, sizeof dir, "%s/tests/%s", sdist, DIRS[d]);
        int n = list(dir, ".css", names, 256);
        for (int i = 0; i < n; i++) {
            size_t stem = strlen(names[i]) - 4;
            snprintf(out, sizeof out, "out/%.*s.out", (int)stem, names[i]);
            if (exists(dir, out))
                check(dir, names[i], out, 0);
            snprintf(out, sizeof out, "out/%.*s.out.b", (int)stem, names[i]);
            if (exists(dir, out))
                check(dir, names[i], out, 1);
            free(names[i]);
        }
    }
    /* Other buffers, and what is refused. */
    PyObject *ba = PyByteArray_FromStringAndSize("a { color : red ; }", 19);
    record(call(cssmin, NULL, "(O)", ba), "cssmin(bytearray)");
    PyObject *mv = PyMemoryView_FromObject(ba);
    record(call(cssmin, NULL, "(O)", mv), "cssmin(memoryview)");
    Py_DECREF(mv), Py_DECREF(ba);
    record(call(cssmin, NULL, "(s)", "p{margin:0 0 0 0}\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 /* c */ q{}"),
           "cssmin of a str with 2- and 4-byte characters");
    record(call(cssmin, NULL, "(i)", 3), "cssmin(3)");
    record(call(cssmin, NULL, "()"), "cssmin()");
    record(call(cssmin, kw_dict("{s:s}", "style", "a { b : c }"), "()"), "cssmin(style=...)");
    record(call(cssmin, kw_dict("{s:i}", "bang", 1), "(s)", "a{}"), "cssmin(..., bang=1)");
    Py_DECREF(cssmin);
}

CORPUS_MAIN("_rcssmin", run)
