/* Differential cases for deeply nested objects: deallocation (CPython's
 * trashcan), comparison and repr (its recursion limit), and hashing.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line. A crash
 * (a stack overflow) leaves the pybuffer output short, which fails every
 * case after it.
 *
 * Where CPython itself crashes (hashing a tuple nested a million deep),
 * there is no reference: crates/capi/tests/hardening.rs checks pybuffer's
 * RecursionError instead.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>

static int case_no;

/* The pending error as "Type: message", cleared; or "no error". */
static void print_pending(void) {
    if (!PyErr_Occurred()) {
        printf("no error");
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s: %s", ((PyTypeObject *)t)->tp_name, s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

static void begin(const char *what) { printf("%d\t%s\t", ++case_no, what); }
static void end(void) { printf("\n"); fflush(stdout); }

enum kind { LIST, TUPLE, DICT };

/* A container of `leaf` nested `depth` levels deep: [[...[leaf]...]],
   ((...(leaf,)...),), or {'k': {'k': ... leaf}}. Steals `leaf`. */
static PyObject *nest(enum kind kind, long depth, PyObject *leaf) {
    PyObject *x = leaf;
    for (long i = 0; i < depth && x != NULL; i++) {
        PyObject *c;
        if (kind == LIST) {
            c = PyList_New(1);
            if (c) PyList_SET_ITEM(c, 0, x);
        } else if (kind == TUPLE) {
            c = PyTuple_New(1);
            if (c) PyTuple_SET_ITEM(c, 0, x);
        } else {
            c = PyDict_New();
            if (c && PyDict_SetItemString(c, "k", x) < 0) Py_CLEAR(c);
            Py_DECREF(x);
        }
        x = c;
    }
    return x;
}

static const char *kind_name[] = {"list", "tuple", "dict"};

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    char what[128];
    long depths[] = {10, 999, 5000, 100000, 1000000};
    for (int k = LIST; k <= DICT; k++) {
        for (size_t d = 0; d < sizeof depths / sizeof *depths; d++) {
            long n = depths[d];
            PyObject *x = nest((enum kind)k, n, PyLong_FromLong(7));
            snprintf(what, sizeof what, "%s nested %ld deep: made, freed", kind_name[k], n);
            begin(what);
            printf("%s", x ? "made" : "failed");
            Py_XDECREF(x);
            printf(", freed");
            end();
        }
    }
    long cmp_depths[] = {10, 500, 5000, 100000};
    for (int k = LIST; k <= DICT; k++) {
        for (size_t d = 0; d < sizeof cmp_depths / sizeof *cmp_depths; d++) {
            long n = cmp_depths[d];
            PyObject *a = nest((enum kind)k, n, PyLong_FromLong(1));
            PyObject *b = nest((enum kind)k, n, PyLong_FromLong(1));
            snprintf(what, sizeof what, "%s nested %ld deep: a == b", kind_name[k], n);
            begin(what);
            int r = PyObject_RichCompareBool(a, b, Py_EQ);
            printf("%d ", r);
            print_pending();
            end();
            snprintf(what, sizeof what, "%s nested %ld deep: repr", kind_name[k], n);
            begin(what);
            PyObject *s = PyObject_Repr(a);
            if (s) printf("%zd chars ", PyUnicode_GetLength(s));
            Py_XDECREF(s);
            print_pending();
            end();
            snprintf(what, sizeof what, "%s nested %ld deep: str", kind_name[k], n);
            begin(what);
            s = PyObject_Str(a);
            if (s) printf("%zd chars ", PyUnicode_GetLength(s));
            Py_XDECREF(s);
            print_pending();
            end();
            Py_DECREF(a);
            Py_DECREF(b);
        }
    }
    /* Hashing: a tuple a few hundred deep hashes (ints all the way), as in
       CPython; a list inside is unhashable at any depth CPython survives. */
    long hash_depths[] = {10, 500, 5000};
    for (size_t d = 0; d < sizeof hash_depths / sizeof *hash_depths; d++) {
        long n = hash_depths[d];
        PyObject *t = nest(TUPLE, n, PyLong_FromLong(3));
        snprintf(what, sizeof what, "tuple nested %ld deep: hash", n);
        begin(what);
        Py_hash_t h = PyObject_Hash(t);
        printf("%lld ", (long long)h);
        print_pending();
        end();
        Py_DECREF(t);
        t = nest(TUPLE, n, PyList_New(0));
        snprintf(what, sizeof what, "tuple nested %ld deep around a list: hash", n);
        begin(what);
        h = PyObject_Hash(t);
        printf("%lld ", (long long)h);
        print_pending();
        end();
        Py_DECREF(t);
    }
    PyGILState_Release(g);
    return 0;
}
