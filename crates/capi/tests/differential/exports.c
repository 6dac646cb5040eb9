/* Differential cases for small exported functions that C code can also
 * reach through macros (Objects/object.c, Python/pystrcmp.c): Py_NewRef,
 * Py_XNewRef and Py_Is called as functions (the parenthesised name skips
 * the macro), and PyOS_mystricmp / PyOS_mystrnicmp (and their
 * PyOS_stricmp / PyOS_strnicmp names) over case, length, embedded
 * differences, bytes above 127 and sizes 0, 1 and negative.
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

int main(void)
{
    Py_Initialize();
    PyObject *o = PyUnicode_FromString("exports object");
    begin("(Py_NewRef)(o)");
    watch(o);
    PyObject *r = (Py_NewRef)(o);
    put("-> same: %d", r == o);
    end(); /* the count rose by one: shown */
    Py_DECREF(r);
    begin("(Py_XNewRef)(o)");
    watch(o);
    r = (Py_XNewRef)(o);
    put("-> same: %d", r == o);
    Py_DECREF(r);
    end();
    begin("(Py_XNewRef)(NULL)");
    put("-> %s", (Py_XNewRef)(NULL) == NULL ? "NULL" : "?");
    end();
    begin("(Py_Is)(o, o), (Py_Is)(o, None), (Py_Is)(None, None), (Py_Is)(NULL, NULL)");
    put("-> %d %d %d %d", (Py_Is)(o, o), (Py_Is)(o, Py_None), (Py_Is)(Py_None, Py_None), (Py_Is)(NULL, NULL));
    end();
    Py_DECREF(o);

    static const char *const pairs[][2] = {
        {"abc", "abc"}, {"abc", "ABC"}, {"ABC", "abd"}, {"abd", "ABC"}, {"ab", "abc"}, {"abc", "ab"},
        {"", ""},       {"", "a"},      {"a", ""},      {"Zeta", "zETA"}, {"a[", "A{"}, {"\xe9", "\xc9"},
        {"\xe9", "e"},  {"x_Y", "X_y"}, {"hello world", "HELLO WORLD!"}};
    static const Py_ssize_t sizes[] = {0, 1, 2, 3, 100, -1};
    char what[160];
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        snprintf(what, sizeof what, "mystricmp(\"%s\", \"%s\")", pairs[i][0], pairs[i][1]);
        begin(what);
        put("-> %d (stricmp %d)", (PyOS_mystricmp(pairs[i][0], pairs[i][1])),
            (PyOS_stricmp(pairs[i][0], pairs[i][1])));
        end();
        for (size_t n = 0; n < sizeof sizes / sizeof *sizes; n++) {
            snprintf(what, sizeof what, "mystrnicmp(\"%s\", \"%s\", %zd)", pairs[i][0], pairs[i][1], sizes[n]);
            begin(what);
            put("-> %d (strnicmp %d)", (PyOS_mystrnicmp(pairs[i][0], pairs[i][1], sizes[n])),
                (PyOS_strnicmp(pairs[i][0], pairs[i][1], sizes[n])));
            end();
        }
    }
    return 0;
}
