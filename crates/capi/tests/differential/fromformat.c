/* Differential cases for PyUnicode_FromFormat (Objects/unicodeobject.c):
 * each conversion with widths and precisions, and lone surrogates, which
 * CPython copies through %c, %U, %V, %S and %R as they are (shown by
 * ascii(), which escapes them).
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

#include <stdio.h>

#include "case.h"

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *sur = PyUnicode_DecodeUTF8("a\xed\xa0\x80z", 5, "surrogatepass");
    PyObject *low = PyUnicode_DecodeUTF8("\xed\xb2\x80", 3, "surrogatepass");
    PyObject *cafe = PyUnicode_FromString("caf\xc3\xa9\xf0\x9f\x98\x80");
    PyObject *tup = Py_BuildValue("(Oi)", sur, 1);

    show("%c 0xD800", PyUnicode_FromFormat("[%c]", 0xD800));
    show("%c 0xDFFF and 'x'", PyUnicode_FromFormat("%c%c", 0xDFFF, 'x'));
    show("%c 0x10FFFF", PyUnicode_FromFormat("%c", 0x10FFFF));
    show("%c 0x110000", PyUnicode_FromFormat("%c", 0x110000));
    show("%c -1", PyUnicode_FromFormat("%c", -1));
    show("%U with a surrogate", PyUnicode_FromFormat("<%U>", sur));
    show("%5U with a surrogate", PyUnicode_FromFormat("<%5U>", sur));
    show("%.2U with a surrogate", PyUnicode_FromFormat("<%.2U>", sur));
    show("%.1U of a lone low surrogate", PyUnicode_FromFormat("<%.1U>", low));
    show("%V with a surrogate", PyUnicode_FromFormat("<%V>", sur, "unused"));
    show("%V NULL", PyUnicode_FromFormat("<%V>", (PyObject *)NULL, "fallback"));
    show("%S with a surrogate", PyUnicode_FromFormat("<%S>", sur));
    show("%R with a surrogate", PyUnicode_FromFormat("<%R>", sur));
    show("%R of a tuple holding one", PyUnicode_FromFormat("<%R>", tup));
    show("%A with a surrogate", PyUnicode_FromFormat("<%A>", sur));
    show("%U astral, %.3U", PyUnicode_FromFormat("%U|%.3U|%8.4U", cafe, cafe, cafe));
    show("%s invalid UTF-8", PyUnicode_FromFormat("%s", "a\xed\xa0\x80" "b\xff"));
    show("%.3s", PyUnicode_FromFormat("%.3s|%5s|%-5s|", "abcdef", "ab", "cd"));
    show("%d %i %u %x", PyUnicode_FromFormat("%d %i %u %x", -5, 7, 8u, 255));
    show("%ld %lu %lld %llu %zd %zu", PyUnicode_FromFormat("%ld %lu %lld %llu %zd %zu", -1L, 2UL, -3LL, 4ULL,
                                                            (Py_ssize_t)-5, (size_t)6));
    show("%5d %-5d| %05d", PyUnicode_FromFormat("%5d %-5d| %05d", 42, 42, 42));
    show("%p NULL", PyUnicode_FromFormat("%p", (void *)NULL));
    show("%% and unknown %y", PyUnicode_FromFormat("100%% %y rest"));
    Py_DECREF(tup);
    Py_DECREF(cafe);
    Py_DECREF(low);
    Py_DECREF(sur);
    PyGILState_Release(g);
    return 0;
}
