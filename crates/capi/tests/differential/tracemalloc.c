/* Differential cases for tracemalloc's C API (Include/tracemalloc.h), which
 * extensions that manage their own memory call (cykhash's sets and maps):
 * with tracemalloc not started -- CPython's state unless Python code
 * starts it, and the only state pybuffer has -- tracking and untracking
 * return -2 for any domain and pointer, and no block has a traceback
 * (None). Each call leaves no error set.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <stdio.h>

#include "case.h"

static void result(const char *what, int rc)
{
    printf("%d\t%s\t%d, error set: %s\n", ++case_no, what, rc, PyErr_Occurred() ? "yes" : "no");
    PyErr_Clear();
}

int main(void)
{
    Py_Initialize();
    static char block[64];
    uintptr_t p = (uintptr_t)block;
    result("PyTraceMalloc_Track(0, block, 64)", PyTraceMalloc_Track(0, p, 64));
    result("PyTraceMalloc_Track(0, block, 64) again", PyTraceMalloc_Track(0, p, 64));
    result("PyTraceMalloc_Track(12345, block, 0)", PyTraceMalloc_Track(12345, p, 0));
    result("PyTraceMalloc_Track(0, 0, (size_t)-1)", PyTraceMalloc_Track(0, 0, (size_t)-1));
    show("_PyTraceMalloc_GetTraceback(0, block)", _PyTraceMalloc_GetTraceback(0, p));
    show("_PyTraceMalloc_GetTraceback(7, 0)", _PyTraceMalloc_GetTraceback(7, 0));
    result("PyTraceMalloc_Untrack(0, block)", PyTraceMalloc_Untrack(0, p));
    result("PyTraceMalloc_Untrack(0, block) again", PyTraceMalloc_Untrack(0, p));
    result("PyTraceMalloc_Untrack(99, 0)", PyTraceMalloc_Untrack(99, 0));
    /* With an error already pending: it is left as it was. */
    PyErr_SetString(PyExc_KeyError, "pending");
    int rc = PyTraceMalloc_Track(0, p, 8);
    printf("%d\tPyTraceMalloc_Track with an error pending\t%d\n", ++case_no, rc);
    show("... the pending error", NULL);
    return 0;
}
