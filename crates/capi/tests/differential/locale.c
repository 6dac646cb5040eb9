/* Differential cases for the locale codec (Objects/unicodeobject.c,
 * Python/fileutils.c) under a UTF-8 locale (the tests run with
 * LANG=C.UTF-8, which pybuffer assumes): PyUnicode_DecodeLocaleAndSize /
 * DecodeLocale over valid text, undecodable bytes (invalid, truncated,
 * overlong, encoded surrogates, above U+10FFFF) with strict and
 * surrogateescape, other handlers, embedded NULs; PyUnicode_EncodeLocale
 * over lone surrogates, embedded NULs and non-str arguments; and
 * Py_DecodeLocale / Py_EncodeLocale with their size and error position
 * outputs.
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

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "refcase.h"

typedef struct {
    const char *name;
    const char *bytes;
    Py_ssize_t size;
} Input;

#define IN(name, lit) {name, lit, sizeof(lit) - 1}

static const Input inputs[] = {
    IN("empty", ""),
    IN("ascii", "plain text"),
    IN("e-acute euro emoji", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
    IN("ascii then 0xff", "ab\xff"),
    IN("0xff inside", "a\xff" "b"),
    IN("truncated euro", "a\xe2\x82"),
    IN("lone 0xc3", "\xc3"),
    IN("overlong NUL", "\xc0\x80"),
    IN("encoded surrogate", "\xed\xa0\x80"),
    IN("encoded low surrogate", "ab\xed\xb2\xaa"),
    IN("above U+10FFFF", "\xf4\x90\x80\x80"),
    IN("0x80 run", "\x80\x81\x82"),
    IN("valid after bad", "\xff\xc3\xa9"),
};

static const char *const handlers[] = {NULL, "strict", "surrogateescape", "replace", "ignore", "bogus"};

static void put_wide(const wchar_t *w)
{
    put("[");
    for (size_t i = 0; w[i]; i++)
        put("%s%lx", i ? " " : "", (unsigned long)w[i]);
    put("]");
}

int main(void)
{
    Py_Initialize();
    char what[200];
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        for (size_t h = 0; h < sizeof handlers / sizeof *handlers; h++) {
            snprintf(what, sizeof what, "DecodeLocaleAndSize(%s, %s)", inputs[i].name,
                     handlers[h] ? handlers[h] : "NULL");
            CASE_OBJ(what, PyUnicode_DecodeLocaleAndSize(inputs[i].bytes, inputs[i].size, handlers[h]));
        }
    CASE_OBJ("DecodeLocale('abc\\xff', strict)", PyUnicode_DecodeLocale("abc\xff", "strict"));
    CASE_OBJ("DecodeLocale('abc\\xff', surrogateescape)", PyUnicode_DecodeLocale("abc\xff", "surrogateescape"));
    CASE_OBJ("DecodeLocaleAndSize('abc', 2)", PyUnicode_DecodeLocaleAndSize("abc", 2, NULL));
    CASE_OBJ("DecodeLocaleAndSize('a\\0b', 3)", PyUnicode_DecodeLocaleAndSize("a\0b", 3, NULL));
    CASE_OBJ("DecodeLocaleAndSize('a\\0b', 3, bogus)", PyUnicode_DecodeLocaleAndSize("a\0b", 3, "bogus"));

    PyObject *texts[] = {
        PyUnicode_FromString(""),
        PyUnicode_FromString("plain"),
        PyUnicode_FromString("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
        PyUnicode_DecodeUTF8("a\xff" "b", 3, "surrogateescape"),
        PyUnicode_DecodeUTF8("\xc3\xa9\x80\xff", 4, "surrogateescape"),
        PyUnicode_DecodeUTF8("a\xed\xa0\x80", 4, "surrogatepass"),
        PyUnicode_DecodeUTF8("ab\xed\xb1\xbf", 5, "surrogatepass"),
        PyUnicode_FromStringAndSize("a\0b", 3),
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
        for (size_t h = 0; h < sizeof handlers / sizeof *handlers; h++) {
            PyObject *a = PyObject_ASCII(texts[t]);
            snprintf(what, sizeof what, "EncodeLocale(%s, %s)", PyUnicode_AsUTF8(a),
                     handlers[h] ? handlers[h] : "NULL");
            Py_DECREF(a);
            begin(what);
            watch(texts[t]);
            obj_result(PyUnicode_EncodeLocale(texts[t], handlers[h]));
            end();
        }
    {
        PyObject *one = PyLong_FromLong(1);
        CASE_OBJ("EncodeLocale(1, NULL)", PyUnicode_EncodeLocale(one, NULL));
        PyObject *b = PyBytes_FromString("x");
        CASE_OBJ("EncodeLocale(b'x', NULL)", PyUnicode_EncodeLocale(b, NULL));
        Py_DECREF(one);
        Py_DECREF(b);
    }

    /* Py_DecodeLocale / Py_EncodeLocale */
    static const char *const args[] = {"", "plain", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "a\xff" "b",
                                       "\xed\xa0\x80", "\xe2\x82"};
    for (size_t i = 0; i < sizeof args / sizeof *args; i++) {
        snprintf(what, sizeof what, "Py_DecodeLocale(arg %zu)", i);
        begin(what);
        size_t size = 12345;
        wchar_t *w = Py_DecodeLocale(args[i], &size);
        if (w == NULL) {
            put("-> NULL size=%zd", (Py_ssize_t)size);
        } else {
            put("-> ");
            put_wide(w);
            put(" size=%zu", size);
            /* And back. */
            size_t pos = 777;
            char *back = Py_EncodeLocale(w, &pos);
            put(" | back: %s same=%d pos=%zd", back ? "ok" : "NULL", back && strcmp(back, args[i]) == 0,
                (Py_ssize_t)pos);
            PyMem_Free(back);
            PyMem_RawFree(w);
        }
        end();
    }
    static const wchar_t *const wides[] = {L"", L"plain", L"\xe9\x20ac\x1f600", L"a\xdcff", L"ab\xd800" L"c",
                                           L"\xdc80\xdc7f", L"x\xdfff"};
    for (size_t i = 0; i < sizeof wides / sizeof *wides; i++) {
        snprintf(what, sizeof what, "Py_EncodeLocale(wide %zu)", i);
        begin(what);
        size_t pos = 777;
        char *s = Py_EncodeLocale(wides[i], &pos);
        if (s == NULL) {
            put("-> NULL pos=%zd", (Py_ssize_t)pos);
        } else {
            put("-> ");
            for (size_t k = 0; s[k]; k++)
                put("%02x", (unsigned char)s[k]);
            put(" pos=%zd", (Py_ssize_t)pos);
            PyMem_Free(s);
        }
        char *s2 = Py_EncodeLocale(wides[i], NULL);
        put(" (no pos: %s)", s2 ? "ok" : "NULL");
        PyMem_Free(s2);
        end();
    }
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
        Py_DECREF(texts[t]);
    return 0;
}
