/* Differential cases for the unicode_escape and raw_unicode_escape codecs
 * of the C API (Objects/unicodeobject.c): PyUnicode_DecodeUnicodeEscape
 * and PyUnicode_DecodeRawUnicodeEscape over every escape form, runs of
 * backslashes, truncated and out-of-range escapes, unknown escapes and
 * octal escapes above 0o377 (which warn; the case shows whether the call
 * still succeeded), Latin-1 bytes, and the error handlers; then
 * PyUnicode_AsUnicodeEscapeString and AsRawUnicodeEscapeString, with
 * round trips and non-str arguments.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

typedef struct {
    const char *name;
    const char *bytes;
    Py_ssize_t size;
} Input;

#define IN(lit) {#lit, lit, sizeof(lit) - 1}

static const Input inputs[] = {
    IN(""),
    IN("plain"),
    IN("\\\\ \\' \\\" \\a\\b\\f\\n\\r\\t\\v|"),
    IN("line\\\ncont"),
    IN("\\0\\7\\07\\101\\1012\\377"),
    IN("\\x41\\xff\\xFf"),
    IN("\\u20ac\\U0001F600\\U0010ffff"),
    IN("a\\"),
    IN("\\x4"),
    IN("\\x4z"),
    IN("\\xZZ"),
    IN("\\u12"),
    IN("\\u12345"),
    IN("\\U0011"),
    IN("\\U00110000"),
    IN("\\Uffffffff"),
    IN("\\\\u0041"),
    IN("\\\\\\u0041"),
    IN("\\\\\\u00"),
    IN("\\\\\\\\"),
    IN("\\q\\8\\X"),
    IN("\\777\\400"),
    IN("\\q\\777"),
    IN("\\777\\q"),
    IN("\xe9\xff \\xe9"),
    IN("\\u12\\x4"),
    IN("\xff\\u1"),
};

static const char *const handlers[] = {NULL,       "strict",          "ignore",        "replace", "backslashreplace",
                                       "surrogateescape", "surrogatepass", "xmlcharrefreplace", "bogus"};

static void decode_case(int raw, const Input *in, const char *h)
{
    char what[200];
    snprintf(what, sizeof what, "Decode%sUnicodeEscape(%s, %s)", raw ? "Raw" : "", in->name, h ? h : "NULL");
    begin(what);
    PyObject *r = raw ? PyUnicode_DecodeRawUnicodeEscape(in->bytes, in->size, h)
                      : PyUnicode_DecodeUnicodeEscape(in->bytes, in->size, h);
    obj_result(r);
    end();
}

static void encode_case(const char *what, PyObject *(*fn)(PyObject *), PyObject *s)
{
    begin(what);
    watch(s);
    obj_result(fn(s));
    end();
    Py_XDECREF(s);
}

int main(void)
{
    Py_Initialize();
    for (int raw = 0; raw <= 1; raw++)
        for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
            for (size_t h = 0; h < sizeof handlers / sizeof *handlers; h++)
                decode_case(raw, &inputs[i], handlers[h]);

    static const char *const texts[] = {"", "plain ascii", "\\ back \\\\ slash", "tab\tnl\ncr\r",
                                        "quotes ' \"", "\x01\x1f\x7f", "\xc3\xa9\xc3\xbf", "\xe2\x82\xac",
                                        "\xf0\x9f\x98\x80", "mix \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \\u20ac"};
    char what[200];
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        PyObject *s = PyUnicode_FromString(texts[i]);
        PyObject *a = PyObject_ASCII(s);
        snprintf(what, sizeof what, "AsUnicodeEscapeString(%s)", PyUnicode_AsUTF8(a));
        Py_INCREF(s);
        encode_case(what, PyUnicode_AsUnicodeEscapeString, s);
        snprintf(what, sizeof what, "AsRawUnicodeEscapeString(%s)", PyUnicode_AsUTF8(a));
        Py_INCREF(s);
        encode_case(what, PyUnicode_AsRawUnicodeEscapeString, s);
        /* Round trips. */
        PyObject *e = PyUnicode_AsUnicodeEscapeString(s);
        PyObject *d = PyUnicode_DecodeUnicodeEscape(PyBytes_AS_STRING(e), PyBytes_GET_SIZE(e), NULL);
        PyObject *re = PyUnicode_AsRawUnicodeEscapeString(s);
        PyObject *rd = PyUnicode_DecodeRawUnicodeEscape(PyBytes_AS_STRING(re), PyBytes_GET_SIZE(re), NULL);
        snprintf(what, sizeof what, "round trips of %s", PyUnicode_AsUTF8(a));
        begin(what);
        put("-> %d %d", d && PyUnicode_Compare(s, d) == 0, rd && PyUnicode_Compare(s, rd) == 0);
        PyErr_Clear();
        end();
        Py_XDECREF(e);
        Py_XDECREF(d);
        Py_XDECREF(re);
        Py_XDECREF(rd);
        Py_DECREF(a);
        Py_DECREF(s);
    }
    {
        PyObject *lone = PyUnicode_DecodeUTF8("a\xed\xa0\x80", 4, "surrogatepass");
        encode_case("AsUnicodeEscapeString('a\\ud800')", PyUnicode_AsUnicodeEscapeString, lone);
        lone = PyUnicode_DecodeUTF8("a\xed\xa0\x80", 4, "surrogatepass");
        encode_case("AsRawUnicodeEscapeString('a\\ud800')", PyUnicode_AsRawUnicodeEscapeString, lone);
    }
    encode_case("AsUnicodeEscapeString(1)", PyUnicode_AsUnicodeEscapeString, PyLong_FromLong(1));
    encode_case("AsRawUnicodeEscapeString(b'a')", PyUnicode_AsRawUnicodeEscapeString, PyBytes_FromString("a"));
    begin("DecodeUnicodeEscape(NULL, 0, NULL)");
    obj_result(PyUnicode_DecodeUnicodeEscape(NULL, 0, NULL));
    end();
    return 0;
}
