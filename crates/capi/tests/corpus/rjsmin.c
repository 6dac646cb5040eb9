/* rjsmin 1.3.0's `_rjsmin` (the JavaScript minifier of webassets and
 * others): the same scanner design as rcssmin over str or bytes-like
 * input, with regex-literal and bang-comment handling, keep_bang_comments
 * read through PyObject_IsTrue (whose exception it passes on).
 *
 * Vectors: tests/test_basic.py, test_incomplete.py, test_issue8.py and
 * test_issue13.py over the sdist's own files (each tests/js/NAME.js against
 * NAME.min.js, and against NAME.bang.js with keep_bang_comments=True), as
 * bytes and as latin-1 str; test_issue17.py's inline cases; test_ctype.py
 * (a keep_bang_comments whose __bool__ raises, inputs of the wrong type).
 */
#include "corpus.h"

#include <dirent.h>

static PyObject *jsmin;

static void compare(PyObject *inp, PyObject *exp, int bang, const char *name)
{
    char what[300];
    PyObject *kw = bang ? kw_dict("{s:O}", "keep_bang_comments", Py_True) : NULL;
    snprintf(what, sizeof what, "jsmin(%s%s) (bytes)", name, bang ? ", keep_bang_comments=True" : "");
    expect_same_bytes(call(jsmin, kw, "(O)", inp), exp, what);
    PyObject *sinp = PyUnicode_DecodeLatin1(PyBytes_AS_STRING(inp), PyBytes_GET_SIZE(inp), NULL);
    PyObject *sexp = PyUnicode_DecodeLatin1(PyBytes_AS_STRING(exp), PyBytes_GET_SIZE(exp), NULL);
    kw = bang ? kw_dict("{s:O}", "keep_bang_comments", Py_True) : NULL;
    snprintf(what, sizeof what, "jsmin(%s%s) (latin-1 str)", name, bang ? ", keep_bang_comments=True" : "");
    PyObject *r = take(call(jsmin, kw, "(O)", sinp));
    expect_true(r != NULL && PyUnicode_Check(r) && PyUnicode_Compare(r, sexp) == 0, what);
    Py_XDECREF(r);
    Py_DECREF(sinp), Py_DECREF(sexp);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
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

static void files(const char *sdist)
{
    char dir[4096], *names[128], other[512];
    snprintf(dir, sizeof dir, "%s/tests/js", sdist);
    DIR *d = opendir(dir);
    if (d == NULL)
        bail("cannot list %s", dir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 128) {
        size_t l = strlen(e->d_name);
        if (l > 3 && strcmp(e->d_name + l - 3, ".js") == 0 && strstr(e->d_name, ".min.js") == NULL
            && strstr(e->d_name, ".bang.js") == NULL)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    for (int i = 0; i < n; i++) {
        int stem = (int)strlen(names[i]) - 3;
        PyObject *inp = read_file(dir, names[i]);
        snprintf(other, sizeof other, "%.*s.min.js", stem, names[i]);
        if (exists(dir, other)) {
            PyObject *exp = read_file(dir, other);
            compare(inp, exp, 0, names[i]);
            Py_DECREF(exp);
        }
        snprintf(other, sizeof other, "%.*s.bang.js", stem, names[i]);
        if (exists(dir, other)) {
            PyObject *exp = read_file(dir, other);
            compare(inp, exp, 1, names[i]);
            Py_DECREF(exp);
        }
        Py_DECREF(inp);
        free(names[i]);
    }
}

static int badbool_bool(PyObject *self)
{
    (void)self;
    PyErr_SetString(PyExc_RuntimeError, "yoyo");
    return -1;
}

static void ctype(void)
{
    /* test_ctype: _util.badbool, an object whose truth raises */
    PyType_Slot slots[] = {{Py_nb_bool, (void *)badbool_bool}, {0, NULL}};
    PyType_Spec spec = {"corpus.BadBool", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
    PyObject *type = PyType_FromSpec(&spec);
    PyObject *badbool = type ? PyObject_CallNoArgs(type) : NULL;
    if (badbool == NULL)
        bail("cannot make badbool");
    expect_error(call(jsmin, kw_dict("{s:O}", "keep_bang_comments", badbool), "(s)", ""), PyExc_RuntimeError, "yoyo",
                 "test_keep_bang_comments: a raising __bool__ propagates");
    Py_DECREF(badbool);
    Py_DECREF(type);
    expect_error(call(jsmin, NULL, "(O)", Py_None), PyExc_TypeError, NULL, "test_input_type: jsmin(None)");
    record(call(jsmin, NULL, "(O)", Py_None), "jsmin(None): the message");
    record(call(jsmin, NULL, "(i)", 1), "jsmin(1)");
    record(call(jsmin, NULL, "()"), "jsmin()");
    record(call(jsmin, kw_dict("{s:s}", "script", "var a = 1 ;"), "()"), "jsmin(script=...)");
    PyObject *ba = PyByteArray_FromStringAndSize("var  a = 1 ;", 12);
    record(call(jsmin, NULL, "(O)", ba), "jsmin(bytearray)");
    Py_DECREF(ba);
    record(call(jsmin, NULL, "(s)", "var s = '\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80' ; /* x */ var t = 2"),
           "jsmin of a str with 2- and 4-byte characters");
}

static void issue17(void)
{
    static const char *CASES[][2] = {
        {"console.write((f++)/ 4 + 3 / 2)", "console.write((f++)/4+3/2)"},
        {"if (Y) { ba=Math.max(ba, Math.round(W.minHeight/Y))}; "
         "bo.setKnobFactor((bp.width===0)? 0: br.width /bp.width);",
         "if(Y){ba=Math.max(ba,Math.round(W.minHeight/Y))};bo.setKnobFactor((bp.width===0)?0:br.width/bp.width);"},
    };
    for (int i = 0; i < 2; i++)
        for (int bang = 0; bang < 2; bang++) {
            PyObject *inp = PyBytes_FromString(CASES[i][0]), *exp = PyBytes_FromString(CASES[i][1]);
            compare(inp, exp, bang, i ? "test_non_issue2" : "test_non_issue");
            Py_DECREF(inp), Py_DECREF(exp);
        }
}

static void run(PyObject *module, const char *sdist)
{
    jsmin = attr(module, "jsmin");
    files(sdist);
    issue17();
    ctype();
    Py_DECREF(jsmin);
}

CORPUS_MAIN("_rjsmin", run)
