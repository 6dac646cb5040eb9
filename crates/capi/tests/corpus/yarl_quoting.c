/* yarl 1.25.1's `_quoting_c`, cythonized from its .pyx by Cython 3.1: the
 * percent-quoter and unquoter behind every yarl.URL. Two cdef classes with
 * keyword-only `__init__` (typed `str` and `bint` arguments) and a
 * `__call__`; UCS-4 iteration over str, C buffers grown with
 * PyMem_Realloc, PyUnicode_DecodeUTF8 of escapes (strict, or with U+FFFD),
 * str.replace, and `from string import ascii_letters, digits` at module
 * level.
 *
 * Vectors: yarl_vectors.h, the results of yarl's own pure-Python
 * reference (_quoting_py, which its tests hold _quoting_c to) over 7 quoter
 * and 6 unquoter configurations and 43 inputs; then the constructor's and
 * the call's errors, and str subclasses, recorded against CPython's.
 */
#include "corpus.h"
#include "yarl_vectors.h"

static PyObject *quoter_type, *unquoter_type;

static PyObject *quoter_config(int i)
{
    switch (i) {
    case 0: return kw_dict("{}");
    case 1: return kw_dict("{s:s}", "safe", "/");
    case 2: return kw_dict("{s:s}", "protected", "/");
    case 3: return kw_dict("{s:O}", "qs", Py_True);
    case 4: return kw_dict("{s:O}", "requote", Py_False);
    case 5: return kw_dict("{s:s,s:s}", "safe", "@:", "protected", "/+");
    default: return kw_dict("{s:O,s:s}", "qs", Py_True, "protected", "=&");
    }
}

static PyObject *unquoter_config(int i)
{
    switch (i) {
    case 0: return kw_dict("{}");
    case 1: return kw_dict("{s:s}", "ignore", "/");
    case 2: return kw_dict("{s:O}", "qs", Py_True);
    case 3: return kw_dict("{s:O}", "plus", Py_True);
    case 4: return kw_dict("{s:O}", "replace_invalid", Py_True);
    default: return kw_dict("{s:s,s:O}", "ignore", "/?", "qs", Py_True);
    }
}

static void vectors(void)
{
    PyObject *made[2][8] = {{NULL}};
    size_t n = sizeof YARL_VECTORS / sizeof YARL_VECTORS[0];
    char what[160];
    for (size_t i = 0; i < n; i++) {
        const struct yarl_vector *v = &YARL_VECTORS[i];
        PyObject **f = &made[v->unquote][v->config];
        if (*f == NULL) {
            PyObject *type = v->unquote ? unquoter_type : quoter_type;
            PyObject *kw = v->unquote ? unquoter_config(v->config) : quoter_config(v->config);
            snprintf(what, sizeof what, "%s config %d", v->unquote ? "_Unquoter" : "_Quoter", v->config);
            *f = keep(call(type, kw, "()"), what);
            if (*f == NULL)
                continue;
        }
        snprintf(what, sizeof what, "%s config %d, vector %zu", v->unquote ? "_Unquoter" : "_Quoter", v->config, i);
        PyObject *r = call(*f, NULL, "(s#)", v->in, v->in_len);
        if (v->out == NULL)
            record(r, what);
        else
            expect_str(r, v->out, what);
    }
    for (int k = 0; k < 2; k++)
        for (int c = 0; c < 8; c++)
            Py_XDECREF(made[k][c]);
}

static void errors(void)
{
    record(call(quoter_type, kw_dict("{s:s}", "safe", "\xc3\xa9"), "()"), "_Quoter(safe='\\u00e9')");
    record(call(quoter_type, kw_dict("{s:s}", "protected", "%"), "()"), "_Quoter(protected='%')");
    record(call(quoter_type, kw_dict("{s:s}", "safe", "%"), "()"), "_Quoter(safe='%') (requote)");
    record(call(quoter_type, kw_dict("{s:s,s:O}", "safe", "%", "requote", Py_False), "()"),
           "_Quoter(safe='%', requote=False)");
    record(call(quoter_type, kw_dict("{s:s,s:O}", "safe", " ", "qs", Py_True), "()"), "_Quoter(safe=' ', qs=True)");
    record(call(quoter_type, kw_dict("{s:i}", "safe", 1), "()"), "_Quoter(safe=1)");
    record(call(quoter_type, kw_dict("{s:O}", "safe", Py_None), "()"), "_Quoter(safe=None)");
    record(call(quoter_type, NULL, "(s)", "/"), "_Quoter('/') (keyword-only)");
    record(call(quoter_type, kw_dict("{s:i}", "path", 1), "()"), "_Quoter(path=1)");
    record(call(quoter_type, kw_dict("{s:s}", "qs", "yes"), "()"), "_Quoter(qs='yes') (bint of a str)");
    record(call(unquoter_type, kw_dict("{s:s}", "ignore", "a"), "()"), "_Unquoter(ignore='a')");
    record(call(unquoter_type, kw_dict("{s:s}", "ignore", "\xc3\xa9"), "()"), "_Unquoter(ignore='\\u00e9')");
    record(call(unquoter_type, kw_dict("{s:s}", "unsafe", "/"), "()"), "_Unquoter(unsafe='/')");

    PyObject *q = take(call(quoter_type, kw_dict("{}"), "()"));
    PyObject *u = take(call(unquoter_type, kw_dict("{}"), "()"));
    if (q == NULL || u == NULL) {
        Py_XDECREF(q);
        Py_XDECREF(u);
        return;
    }
    record(call(q, NULL, "(O)", Py_None), "quoter(None)");
    record(call(u, NULL, "(O)", Py_None), "unquoter(None)");
    record(call(q, NULL, "(i)", 5), "quoter(5)");
    record(call(u, NULL, "(y)", "a%20b"), "unquoter(b'a%20b')");
    record(call(q, NULL, "()"), "quoter()");
    record(call(q, NULL, "(ss)", "a", "b"), "quoter('a', 'b')");
    PyObject *lone = PyUnicode_FromOrdinal(0xDC80);
    record(call(q, NULL, "(O)", lone), "quoter of a lone surrogate");
    record(call(u, NULL, "(O)", lone), "unquoter of a lone surrogate");
    Py_XDECREF(lone);

    /* A str subclass is quoted as its str value. */
    PyObject *bases = Py_BuildValue("(O)", (PyObject *)&PyUnicode_Type);
    PyObject *ns = PyDict_New();
    PyObject *sub = bases && ns ? PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "S", bases, ns) : NULL;
    PyObject *inst = sub ? PyObject_CallFunction(sub, "s", "a b/%zz") : NULL;
    if (inst == NULL)
        bail("cannot make a str subclass");
    PyObject *r = record_keep(call(q, NULL, "(O)", inst), "quoter(S('a b/%zz'))");
    expect_true(r != NULL && PyUnicode_CheckExact(r), "a str subclass comes back as an exact str");
    Py_XDECREF(r);
    record(call(u, NULL, "(O)", inst), "unquoter(S('a b/%zz'))");
    Py_DECREF(inst);
    Py_DECREF(sub);
    Py_DECREF(ns);
    Py_DECREF(bases);

    /* Long input: the quoter's stack buffer gives way to PyMem_Realloc (no
       hex digit follows a %, so nothing is taken for an escape). */
    PyObject *big = PyUnicode_New(20000, 0x10FFFF);
    if (big == NULL)
        bail("cannot make a long str");
    for (Py_ssize_t i = 0; i < 20000; i++)
        PyUnicode_WriteChar(big, i, (Py_UCS4)(i % 7 == 0 ? 0x1F600 : i % 5 == 0 ? '%' : 'g' + i % 20));
    PyObject *quoted = record_keep(call(q, NULL, "(O)", big), "quoter of 20000 mixed characters");
    PyObject *back = quoted ? record_keep(call(u, NULL, "(O)", quoted), "unquoted again") : NULL;
    expect_true(back != NULL && PyUnicode_Compare(back, big) == 0, "quoting then unquoting gives the input back");
    Py_XDECREF(back);
    Py_XDECREF(quoted);
    Py_DECREF(big);

    PyObject *doc = PyObject_GetAttrString(quoter_type, "__doc__");
    record_value(doc, "_Quoter.__doc__");
    Py_XDECREF(doc);
    PyObject *ascii = PyObject_GetAttrString(corpus_module, "ascii_letters");
    record_value(ascii, "the module's ascii_letters (from string)");
    Py_XDECREF(ascii);
    Py_DECREF(q);
    Py_DECREF(u);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    quoter_type = attr(module, "_Quoter");
    unquoter_type = attr(module, "_Unquoter");
    vectors();
    errors();
    Py_DECREF(quoter_type);
    Py_DECREF(unquoter_type);
}

CORPUS_MAIN("_quoting_c", run)
