/* Differential cases for slicing the built-in sequences (list, tuple,
 * bytes, bytearray, str) through PyObject_GetItem with a slice key and
 * through PySequence_GetSlice, as Objects/listobject.c, tupleobject.c,
 * bytesobject.c, bytearrayobject.c and unicodeobject.c define it: every
 * step sign, bounds past either end, empty selections, a zero step, bounds
 * that are not integers, and whether a whole-sequence slice of an exact
 * tuple/bytes/str is the object itself.
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

static int case_no;

/* repr() of `o`, or the pending error as "Type: message" (cleared). */
static void print_result(PyObject *o) {
    if (o == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s: %s", t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        return;
    }
    PyObject *r = PyObject_Repr(o);
    printf("%s %s", Py_TYPE(o)->tp_name, r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    Py_XDECREF(r);
    PyErr_Clear();
}

static PyObject *opt(long v, int none) { return none ? Py_NewRef(Py_None) : PyLong_FromLong(v); }

#define NONE 0x7fffffffL

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *seqs[5];
    seqs[0] = Py_BuildValue("[iiiiiii]", 0, 1, 2, 3, 4, 5, 6);
    seqs[1] = Py_BuildValue("(iiiiiii)", 0, 1, 2, 3, 4, 5, 6);
    seqs[2] = PyBytes_FromString("abcdefg");
    seqs[3] = PyByteArray_FromStringAndSize("abcdefg", 7);
    seqs[4] = PyUnicode_FromString("ab\xc3\xa9\xe2\x82\xac" "d\xf0\x9f\x98\x80" "f"); /* ab é € d 😀 f */
    long slices[][3] = {
        {NONE, NONE, NONE}, {1, 4, NONE}, {NONE, NONE, -1}, {5, 1, -2}, {-3, NONE, NONE},
        {NONE, -2, NONE},   {2, 2, NONE}, {4, 1, NONE},     {-100, 100, NONE}, {100, -100, -1},
        {0, 7, 3},          {6, NONE, -3}, {NONE, NONE, 0}, {1, 6, 2},          {-1, -8, -1},
    };
    char what[160];
    for (int s = 0; s < 5; s++) {
        for (size_t i = 0; i < sizeof slices / sizeof *slices; i++) {
            long *sl = slices[i];
            PyObject *a = opt(sl[0], sl[0] == NONE), *b = opt(sl[1], sl[1] == NONE), *c = opt(sl[2], sl[2] == NONE);
            PyObject *key = PySlice_New(a, b, c);
            snprintf(what, sizeof what, "%s[%ld:%ld:%ld] (%ld = None)", Py_TYPE(seqs[s])->tp_name, sl[0], sl[1], sl[2], NONE);
            printf("%d\t%s\t", ++case_no, what);
            PyObject *r = PyObject_GetItem(seqs[s], key);
            print_result(r);
            if (r != NULL) printf(" same=%d", r == seqs[s]);
            Py_XDECREF(r);
            printf("\n");
            Py_DECREF(key);
            Py_DECREF(a);
            Py_DECREF(b);
            Py_DECREF(c);
        }
        /* PySequence_GetSlice, with out-of-range and negative bounds. */
        Py_ssize_t bounds[][2] = {{1, 3}, {0, 100}, {-2, -1}, {5, 2}, {0, 7}};
        for (size_t i = 0; i < sizeof bounds / sizeof *bounds; i++) {
            snprintf(what, sizeof what, "PySequence_GetSlice(%s, %zd, %zd)", Py_TYPE(seqs[s])->tp_name, bounds[i][0], bounds[i][1]);
            printf("%d\t%s\t", ++case_no, what);
            PyObject *r = PySequence_GetSlice(seqs[s], bounds[i][0], bounds[i][1]);
            print_result(r);
            if (r != NULL) printf(" same=%d", r == seqs[s]);
            Py_XDECREF(r);
            printf("\n");
        }
        /* Bounds that are not integers. */
        PyObject *key = PySlice_New(PyUnicode_FromString("x"), NULL, NULL);
        snprintf(what, sizeof what, "%s['x':]", Py_TYPE(seqs[s])->tp_name);
        printf("%d\t%s\t", ++case_no, what);
        print_result(PyObject_GetItem(seqs[s], key));
        printf("\n");
        Py_DECREF(key);
        /* A float index. */
        PyObject *f = PyFloat_FromDouble(1.0);
        snprintf(what, sizeof what, "%s[1.0]", Py_TYPE(seqs[s])->tp_name);
        printf("%d\t%s\t", ++case_no, what);
        print_result(PyObject_GetItem(seqs[s], f));
        printf("\n");
        Py_DECREF(f);
    }
    for (int s = 0; s < 5; s++) Py_DECREF(seqs[s]);
    PyGILState_Release(g);
    return 0;
}
