/* Differential cases for slice assignment and deletion on list and
 * bytearray (Objects/listobject.c list_ass_subscript / list_ass_slice,
 * Objects/bytearrayobject.c bytearray_ass_subscript /
 * bytearray_setslice_linear, Objects/abstract.c PySequence_SetSlice /
 * PySequence_DelSlice): through PyObject_SetItem / PyObject_DelItem with a
 * slice key, PySequence_SetSlice / DelSlice and PyList_SetSlice /
 * GetSlice; every step sign, bounds past either end and near
 * PY_SSIZE_T_MAX, extended slices of the wrong size, values of every kind
 * (lists, tuples, iterators, bytes-like objects, ints out of range, str),
 * self-assignment, an iterator that raises midway (the target must be left
 * unchanged), an __index__ that empties the target, a bytearray with a
 * live export (BufferError only when it would resize), and 1200 random
 * slices and values from a fixed-seed generator.
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
#include <string.h>

#include "case.h"

/* One case: the status (or the pending error, cleared), then ascii() of
   the target after the operation. */
static void status(const char *what, int rc, PyObject *target) {
    printf("%d\t%s\t", ++case_no, what);
    if (rc < 0) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        const char *tn = t ? ((PyTypeObject *)t)->tp_name : "?";
        /* SystemError messages name CPython's source file and line. */
        printf("%s: %s", tn, strcmp(tn, "SystemError") == 0 ? "-" : (s ? PyUnicode_AsUTF8(s) : "?"));
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    } else {
        printf("rc=%d", rc);
    }
    if (PyErr_Occurred()) {
        printf(" (error left set)");
        PyErr_Clear();
    }
    PyObject *r = target ? PyObject_ASCII(target) : NULL;
    printf(" -> %s\n", r ? PyUnicode_AsUTF8(r) : "-");
    Py_XDECREF(r);
    PyErr_Clear();
}

/* An iterator that yields 7, 8, then raises ValueError("boom"). */
typedef struct {
    PyObject_HEAD
    int n;
} Boom;
static PyObject *boom_next(PyObject *self) {
    Boom *b = (Boom *)self;
    if (b->n >= 2) {
        PyErr_SetString(PyExc_ValueError, "boom");
        return NULL;
    }
    return PyLong_FromLong(7 + b->n++);
}
static PyType_Slot boom_slots[] = {{Py_tp_iter, PyObject_SelfIter}, {Py_tp_iternext, boom_next}, {0, NULL}};
static PyType_Spec boom_spec = {"mod.Boom", sizeof(Boom), 0, Py_TPFLAGS_DEFAULT, boom_slots};

/* An integer-like object whose __index__ empties `victim` (a list or
   bytearray) and returns 1. */
static PyObject *victim;
static PyObject *clear_index(PyObject *self) {
    (void)self;
    if (PyList_Check(victim))
        PyList_SetSlice(victim, 0, PyList_GET_SIZE(victim), NULL);
    else
        PyByteArray_Resize(victim, 0);
    return PyLong_FromLong(1);
}
static PyType_Slot clear_slots[] = {{Py_nb_index, clear_index}, {0, NULL}};
static PyType_Spec clear_spec = {"mod.ClearIndex", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, clear_slots};

/* An iterator that appends to `victim` (a list) once, then yields 5, 6. */
typedef struct {
    PyObject_HEAD
    int n;
} Grow;
static PyObject *grow_next(PyObject *self) {
    Grow *g = (Grow *)self;
    if (g->n == 0) {
        PyObject *x = PyLong_FromLong(99);
        PyList_Append(victim, x);
        Py_DECREF(x);
    }
    if (g->n >= 2)
        return NULL;
    return PyLong_FromLong(5 + g->n++);
}
static PyType_Slot grow_slots[] = {{Py_tp_iter, PyObject_SelfIter}, {Py_tp_iternext, grow_next}, {0, NULL}};
static PyType_Spec grow_spec = {"mod.Grow", sizeof(Grow), 0, Py_TPFLAGS_DEFAULT, grow_slots};

#define NONE PY_SSIZE_T_MIN

static PyObject *bound(Py_ssize_t v) { return v == NONE ? Py_NewRef(Py_None) : PyLong_FromSsize_t(v); }

static PyObject *mkslice(Py_ssize_t a, Py_ssize_t b, Py_ssize_t c) {
    PyObject *x = bound(a), *y = bound(b), *z = bound(c);
    PyObject *s = PySlice_New(x, y, z);
    Py_DECREF(x);
    Py_DECREF(y);
    Py_DECREF(z);
    return s;
}

static void fmt_bound(char *buf, size_t n, Py_ssize_t v) {
    if (v == NONE)
        buf[0] = 0;
    else
        snprintf(buf, n, "%zd", v);
}

static PyObject *new_list(int n) {
    PyObject *l = PyList_New(n);
    for (int i = 0; i < n; i++)
        PyList_SET_ITEM(l, i, PyLong_FromLong(i));
    return l;
}

static PyObject *new_bytearray(int n) {
    PyObject *b = PyByteArray_FromStringAndSize(NULL, n);
    for (int i = 0; i < n; i++)
        PyByteArray_AS_STRING(b)[i] = (char)('a' + i);
    return b;
}

/* `target[key] = value` (value NULL: `del target[key]`) on a fresh copy
   made by `make(n)`. */
static void assign(PyObject *(*make)(int), int n, PyObject *key, const char *keytext, PyObject *value,
                   const char *valuetext) {
    char what[400];
    PyObject *t = make(n);
    int rc;
    if (value == NULL) {
        snprintf(what, sizeof what, "del %s(%d)[%s]", Py_TYPE(t)->tp_name, n, keytext);
        rc = PyObject_DelItem(t, key);
    } else {
        snprintf(what, sizeof what, "%s(%d)[%s] = %s", Py_TYPE(t)->tp_name, n, keytext, valuetext);
        rc = PyObject_SetItem(t, key, value);
    }
    status(what, rc, t);
    Py_DECREF(t);
}

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *boom_type = PyType_FromSpec(&boom_spec);
    PyObject *clear_type = PyType_FromSpec(&clear_spec);
    PyObject *grow_type = PyType_FromSpec(&grow_spec);

    Py_ssize_t slices[][3] = {
        {NONE, NONE, NONE}, {1, 3, NONE},     {NONE, NONE, 2},   {NONE, NONE, -1}, {1, NONE, 2},
        {-1, NONE, -2},     {5, 1, -1},       {5, 2, NONE},      {100, 200, NONE}, {-100, 2, NONE},
        {NONE, NONE, 3},    {2, 2, NONE},     {6, 1, -2},        {0, 8, 3},        {-3, -1, NONE},
        {NONE, NONE, -3},   {4, 1, 1},        {3, 3, -1},        {2, 5, 2},        {-2, NONE, NONE},
        {PY_SSIZE_T_MAX, NONE, -1},          {NONE, PY_SSIZE_T_MIN + 1, -1},       {NONE, NONE, PY_SSIZE_T_MAX},
        {PY_SSIZE_T_MIN + 1, PY_SSIZE_T_MAX, NONE}, {1, 2, PY_SSIZE_T_MIN + 1},   {NONE, NONE, 0},
    };
    const int nslices = (int)(sizeof slices / sizeof *slices);
    int sizes[] = {0, 1, 7};

    /* list: each slice with each value, and deletion. */
    PyObject *lvalues[8];
    const char *ltexts[8] = {"[]", "[10]", "[10, 11]", "[10, 11, 12]", "(20, 21, 22, 23)", "iter([30, 31, 32])",
                             "'ab'", "5"};
    lvalues[0] = PyList_New(0);
    lvalues[1] = Py_BuildValue("[i]", 10);
    lvalues[2] = Py_BuildValue("[ii]", 10, 11);
    lvalues[3] = Py_BuildValue("[iii]", 10, 11, 12);
    lvalues[4] = Py_BuildValue("(iiii)", 20, 21, 22, 23);
    lvalues[6] = PyUnicode_FromString("ab");
    lvalues[7] = PyLong_FromLong(5);
    for (int si = 0; si < 3; si++) {
        for (int k = 0; k < nslices; k++) {
            char a[32], b[32], c[32], keytext[120];
            fmt_bound(a, sizeof a, slices[k][0]);
            fmt_bound(b, sizeof b, slices[k][1]);
            fmt_bound(c, sizeof c, slices[k][2]);
            snprintf(keytext, sizeof keytext, "%s:%s:%s", a, b, c);
            PyObject *key = mkslice(slices[k][0], slices[k][1], slices[k][2]);
            for (int v = 0; v < 8; v++) {
                if (v == 5) {
                    PyObject *src = Py_BuildValue("[iii]", 30, 31, 32);
                    lvalues[5] = PyObject_GetIter(src);
                    Py_DECREF(src);
                }
                assign(new_list, sizes[si], key, keytext, lvalues[v], ltexts[v]);
                if (v == 5)
                    Py_CLEAR(lvalues[5]);
            }
            assign(new_list, sizes[si], key, keytext, NULL, NULL);
            Py_DECREF(key);
        }
    }

    /* bytearray: each slice with each value, and deletion. */
    PyObject *bvalues[11];
    const char *btexts[11] = {"b''",        "b'X'",         "b'XY'",  "bytearray(b'XYZ')", "memoryview(b'UVWXYZ')",
                              "[65, 66]",   "[300]",        "['a']",  "5",                 "'ab'",
                              "(1, 2, 3, 4)"};
    bvalues[0] = PyBytes_FromString("");
    bvalues[1] = PyBytes_FromString("X");
    bvalues[2] = PyBytes_FromString("XY");
    bvalues[3] = PyByteArray_FromStringAndSize("XYZ", 3);
    PyObject *backing = PyBytes_FromString("UVWXYZ");
    bvalues[4] = PyMemoryView_FromObject(backing);
    bvalues[5] = Py_BuildValue("[ii]", 65, 66);
    bvalues[6] = Py_BuildValue("[i]", 300);
    bvalues[7] = Py_BuildValue("[s]", "a");
    bvalues[8] = PyLong_FromLong(5);
    bvalues[9] = PyUnicode_FromString("ab");
    bvalues[10] = Py_BuildValue("(iiii)", 1, 2, 3, 4);
    for (int si = 0; si < 3; si++) {
        for (int k = 0; k < nslices; k++) {
            char a[32], b[32], c[32], keytext[120];
            fmt_bound(a, sizeof a, slices[k][0]);
            fmt_bound(b, sizeof b, slices[k][1]);
            fmt_bound(c, sizeof c, slices[k][2]);
            snprintf(keytext, sizeof keytext, "%s:%s:%s", a, b, c);
            PyObject *key = mkslice(slices[k][0], slices[k][1], slices[k][2]);
            for (int v = 0; v < 11; v++)
                assign(new_bytearray, sizes[si], key, keytext, bvalues[v], btexts[v]);
            assign(new_bytearray, sizes[si], key, keytext, NULL, NULL);
            Py_DECREF(key);
        }
    }

    /* Integer keys and bad keys, both types. */
    {
        PyObject *keys[] = {PyLong_FromLong(0), PyLong_FromLong(-1), PyLong_FromLong(7), PyLong_FromLong(-8),
                            PyLong_FromString("100000000000000000000000", NULL, 10), PyUnicode_FromString("a"),
                            PyFloat_FromDouble(1.0)};
        const char *ktexts[] = {"0", "-1", "7", "-8", "10**23", "'a'", "1.0"};
        PyObject *vals[] = {PyLong_FromLong(65), PyLong_FromLong(256), PyBytes_FromString("x"), NULL};
        const char *vtexts[] = {"65", "256", "b'x'", NULL};
        for (int k = 0; k < 7; k++) {
            for (int v = 0; v < 4; v++) {
                assign(new_list, 7, keys[k], ktexts[k], vals[v], vtexts[v]);
                assign(new_bytearray, 7, keys[k], ktexts[k], vals[v], vtexts[v]);
            }
        }
        for (int k = 0; k < 7; k++)
            Py_DECREF(keys[k]);
        for (int v = 0; v < 3; v++)
            Py_DECREF(vals[v]);
    }

    /* Slices whose bounds are not integers, or are huge ints. */
    {
        PyObject *big = PyLong_FromString("-100000000000000000000000", NULL, 10);
        PyObject *huge = PyLong_FromString("100000000000000000000000", NULL, 10);
        PyObject *str = PyUnicode_FromString("x");
        PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2);
        PyObject *keys[] = {PySlice_New(str, NULL, NULL), PySlice_New(NULL, str, NULL), PySlice_New(NULL, NULL, str),
                            PySlice_New(big, huge, NULL), PySlice_New(huge, big, big), PySlice_New(NULL, NULL, huge),
                            PySlice_New(one, two, big)};
        const char *ktexts[] = {"'x':", ":'x'", "::'x'", "-10**23:10**23", "10**23:-10**23:-10**23", "::10**23",
                                "1:2:-10**23"};
        PyObject *lv = Py_BuildValue("[i]", 9), *bv = PyBytes_FromString("Q");
        for (int k = 0; k < 7; k++) {
            assign(new_list, 7, keys[k], ktexts[k], lv, "[9]");
            assign(new_list, 7, keys[k], ktexts[k], NULL, NULL);
            assign(new_bytearray, 7, keys[k], ktexts[k], bv, "b'Q'");
            assign(new_bytearray, 7, keys[k], ktexts[k], NULL, NULL);
            Py_DECREF(keys[k]);
        }
        Py_DECREF(lv);
        Py_DECREF(bv);
        Py_DECREF(big);
        Py_DECREF(huge);
        Py_DECREF(str);
        Py_DECREF(one);
        Py_DECREF(two);
    }

    /* Self-assignment. */
    {
        Py_ssize_t self_slices[][3] = {{NONE, NONE, NONE}, {NONE, NONE, -1}, {1, 3, NONE},   {NONE, NONE, 2},
                                       {2, 2, NONE},       {7, NONE, NONE},  {0, 7, 1},      {-1, NONE, -1}};
        for (int k = 0; k < 8; k++) {
            char a[32], b[32], c[32], what[160];
            fmt_bound(a, sizeof a, self_slices[k][0]);
            fmt_bound(b, sizeof b, self_slices[k][1]);
            fmt_bound(c, sizeof c, self_slices[k][2]);
            PyObject *key = mkslice(self_slices[k][0], self_slices[k][1], self_slices[k][2]);
            PyObject *l = new_list(7);
            snprintf(what, sizeof what, "l[%s:%s:%s] = l", a, b, c);
            status(what, PyObject_SetItem(l, key, l), l);
            Py_DECREF(l);
            PyObject *ba = new_bytearray(7);
            snprintf(what, sizeof what, "ba[%s:%s:%s] = ba", a, b, c);
            status(what, PyObject_SetItem(ba, key, ba), ba);
            Py_DECREF(ba);
            Py_DECREF(key);
        }
        PyObject *l = new_list(5);
        status("PyList_SetSlice(l, 1, 3, l)", PyList_SetSlice(l, 1, 3, l), l);
        status("PyList_SetSlice(l, 0, 100, l)", PyList_SetSlice(l, 0, 100, l), l);
        status("PySequence_SetSlice(l, -2, 1, l)", PySequence_SetSlice(l, -2, 1, l), l);
        Py_DECREF(l);
    }

    /* An iterator that raises midway leaves the target unchanged. */
    {
        Py_ssize_t boom_slices[][3] = {{NONE, NONE, NONE}, {1, 3, NONE}, {NONE, NONE, 2}, {0, 2, NONE}, {5, 1, -2}};
        for (int k = 0; k < 5; k++) {
            char a[32], b[32], c[32], keytext[120];
            fmt_bound(a, sizeof a, boom_slices[k][0]);
            fmt_bound(b, sizeof b, boom_slices[k][1]);
            fmt_bound(c, sizeof c, boom_slices[k][2]);
            snprintf(keytext, sizeof keytext, "%s:%s:%s", a, b, c);
            PyObject *key = mkslice(boom_slices[k][0], boom_slices[k][1], boom_slices[k][2]);
            PyObject *it = PyObject_CallNoArgs(boom_type);
            assign(new_list, 7, key, keytext, it, "Boom()");
            Py_DECREF(it);
            it = PyObject_CallNoArgs(boom_type);
            assign(new_bytearray, 7, key, keytext, it, "Boom()");
            Py_DECREF(it);
            Py_DECREF(key);
        }
        PyObject *l = new_list(4);
        PyObject *it = PyObject_CallNoArgs(boom_type);
        status("PyList_SetSlice(l, 1, 2, Boom())", PyList_SetSlice(l, 1, 2, it), l);
        Py_DECREF(it);
        it = PyObject_CallNoArgs(boom_type);
        status("PySequence_SetSlice(l, 0, 4, Boom())", PySequence_SetSlice(l, 0, 4, it), l);
        Py_DECREF(it);
        Py_DECREF(l);
    }

    /* An __index__ in the slice that empties the target first. */
    {
        PyObject *ci = PyObject_CallNoArgs(clear_type);
        PyObject *keys[] = {PySlice_New(ci, NULL, NULL), PySlice_New(NULL, ci, NULL), PySlice_New(NULL, NULL, ci),
                            PySlice_New(ci, NULL, ci)};
        const char *ktexts[] = {"C:", ":C", "::C", "C::C"};
        PyObject *lv = Py_BuildValue("[ii]", 1, 2), *bv = PyBytes_FromString("PQ");
        for (int k = 0; k < 4; k++) {
            char what[100];
            victim = new_list(6);
            snprintf(what, sizeof what, "l[%s] = [1, 2] (C.__index__ empties l)", ktexts[k]);
            status(what, PyObject_SetItem(victim, keys[k], lv), victim);
            Py_CLEAR(victim);
            victim = new_list(6);
            snprintf(what, sizeof what, "del l[%s] (C.__index__ empties l)", ktexts[k]);
            status(what, PyObject_DelItem(victim, keys[k]), victim);
            Py_CLEAR(victim);
            victim = new_bytearray(6);
            snprintf(what, sizeof what, "ba[%s] = b'PQ' (C.__index__ empties ba)", ktexts[k]);
            status(what, PyObject_SetItem(victim, keys[k], bv), victim);
            Py_CLEAR(victim);
            victim = new_bytearray(6);
            snprintf(what, sizeof what, "del ba[%s] (C.__index__ empties ba)", ktexts[k]);
            status(what, PyObject_DelItem(victim, keys[k]), victim);
            Py_CLEAR(victim);
            Py_DECREF(keys[k]);
        }
        victim = new_list(6);
        status("l[C] = 5 (C.__index__ empties l)", PyObject_SetItem(victim, ci, lv), victim);
        Py_CLEAR(victim);
        victim = new_bytearray(6);
        PyObject *five = PyLong_FromLong(65);
        status("ba[C] = 65 (C.__index__ empties ba)", PyObject_SetItem(victim, ci, five), victim);
        Py_CLEAR(victim);
        Py_DECREF(five);
        Py_DECREF(lv);
        Py_DECREF(bv);
        Py_DECREF(ci);
    }

    /* An iterator that grows the list while it is consumed (step 1: the
       bounds are clamped after the iterator is drained). */
    {
        Py_ssize_t grow_slices[][3] = {{NONE, NONE, NONE}, {1, 3, NONE}, {5, NONE, NONE}, {-1, NONE, NONE}};
        for (int k = 0; k < 4; k++) {
            char a[32], b[32], c[32], what[200];
            fmt_bound(a, sizeof a, grow_slices[k][0]);
            fmt_bound(b, sizeof b, grow_slices[k][1]);
            fmt_bound(c, sizeof c, grow_slices[k][2]);
            PyObject *key = mkslice(grow_slices[k][0], grow_slices[k][1], grow_slices[k][2]);
            victim = new_list(5);
            PyObject *it = PyObject_CallNoArgs(grow_type);
            snprintf(what, sizeof what, "l[%s:%s:%s] = Grow()", a, b, c);
            status(what, PyObject_SetItem(victim, key, it), victim);
            Py_DECREF(it);
            Py_CLEAR(victim);
            Py_DECREF(key);
        }
    }

    /* A bytearray with a live export: only resizing is refused. */
    {
        struct {
            Py_ssize_t s[3];
            const char *value;
        } cases[] = {
            {{1, 2, NONE}, "xyz"}, {{1, 2, NONE}, "q"}, {{1, 2, NONE}, NULL}, {{NONE, NONE, 2}, NULL},
            {{5, 5, NONE}, NULL},  {{NONE, NONE, 2}, "ABCD"}, {{3, 1, NONE}, ""}, {{NONE, NONE, 2}, ""},
            {{9, 9, 2}, NULL},     {{0, 2, NONE}, "z"}, {{0, 3, NONE}, NULL},  {{1, 1, NONE}, "new"},
        };
        for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
            char a[32], b[32], c[32], what[160];
            fmt_bound(a, sizeof a, cases[k].s[0]);
            fmt_bound(b, sizeof b, cases[k].s[1]);
            fmt_bound(c, sizeof c, cases[k].s[2]);
            PyObject *key = mkslice(cases[k].s[0], cases[k].s[1], cases[k].s[2]);
            for (int exported = 0; exported < 2; exported++) {
                PyObject *ba = new_bytearray(7);
                Py_buffer view;
                if (exported)
                    PyObject_GetBuffer(ba, &view, PyBUF_SIMPLE);
                int rc;
                if (cases[k].value) {
                    PyObject *v = PyBytes_FromString(cases[k].value);
                    snprintf(what, sizeof what, "%sba[%s:%s:%s] = b'%s'", exported ? "exported " : "", a, b, c,
                             cases[k].value);
                    rc = PyObject_SetItem(ba, key, v);
                    Py_DECREF(v);
                } else {
                    snprintf(what, sizeof what, "%sdel ba[%s:%s:%s]", exported ? "exported " : "", a, b, c);
                    rc = PyObject_DelItem(ba, key);
                }
                if (exported)
                    PyBuffer_Release(&view);
                status(what, rc, ba);
                Py_DECREF(ba);
            }
            Py_DECREF(key);
        }
        PyObject *ba = new_bytearray(4);
        Py_buffer view;
        PyObject_GetBuffer(ba, &view, PyBUF_SIMPLE);
        PyObject *one = PyLong_FromLong(1);
        status("exported del ba[1]", PyObject_DelItem(ba, one), ba);
        status("exported PySequence_DelSlice(ba, 0, 0)", PySequence_DelSlice(ba, 0, 0), ba);
        status("exported PySequence_DelSlice(ba, 0, 1)", PySequence_DelSlice(ba, 0, 1), ba);
        PyBuffer_Release(&view);
        status("released del ba[1]", PyObject_DelItem(ba, one), ba);
        Py_DECREF(one);
        Py_DECREF(ba);
    }

    /* PySequence_SetSlice / PySequence_DelSlice on every kind of object. */
    {
        Py_ssize_t bounds[][2] = {{1, 3}, {-2, -1}, {-100, 100}, {5, 2}, {PY_SSIZE_T_MIN, PY_SSIZE_T_MAX},
                                  {0, 0}, {7, 7},   {-1, 0}};
        PyObject *lv = Py_BuildValue("(ii)", 1, 2), *bv = PyBytes_FromString("PQ");
        for (int k = 0; k < 8; k++) {
            Py_ssize_t i1 = bounds[k][0], i2 = bounds[k][1];
            char what[160];
            PyObject *l = new_list(7);
            snprintf(what, sizeof what, "PySequence_SetSlice(list(7), %zd, %zd, (1, 2))", i1, i2);
            status(what, PySequence_SetSlice(l, i1, i2, lv), l);
            Py_DECREF(l);
            l = new_list(7);
            snprintf(what, sizeof what, "PySequence_SetSlice(list(7), %zd, %zd, NULL)", i1, i2);
            status(what, PySequence_SetSlice(l, i1, i2, NULL), l);
            Py_DECREF(l);
            l = new_list(7);
            snprintf(what, sizeof what, "PySequence_DelSlice(list(7), %zd, %zd)", i1, i2);
            status(what, PySequence_DelSlice(l, i1, i2), l);
            Py_DECREF(l);
            l = new_list(7);
            snprintf(what, sizeof what, "PyList_SetSlice(list(7), %zd, %zd, (1, 2))", i1, i2);
            status(what, PyList_SetSlice(l, i1, i2, lv), l);
            Py_DECREF(l);
            l = new_list(7);
            snprintf(what, sizeof what, "PyList_SetSlice(list(7), %zd, %zd, NULL)", i1, i2);
            status(what, PyList_SetSlice(l, i1, i2, NULL), l);
            Py_DECREF(l);
            l = new_list(7);
            snprintf(what, sizeof what, "PyList_GetSlice(list(7), %zd, %zd)", i1, i2);
            show(what, PyList_GetSlice(l, i1, i2));
            Py_DECREF(l);
            PyObject *ba = new_bytearray(7);
            snprintf(what, sizeof what, "PySequence_SetSlice(bytearray(7), %zd, %zd, b'PQ')", i1, i2);
            status(what, PySequence_SetSlice(ba, i1, i2, bv), ba);
            Py_DECREF(ba);
            ba = new_bytearray(7);
            snprintf(what, sizeof what, "PySequence_DelSlice(bytearray(7), %zd, %zd)", i1, i2);
            status(what, PySequence_DelSlice(ba, i1, i2), ba);
            Py_DECREF(ba);
        }
        PyObject *others[] = {Py_BuildValue("(ii)", 1, 2), PyBytes_FromString("ab"), PyUnicode_FromString("ab"),
                              Py_BuildValue("{ii}", 1, 2), PyLong_FromLong(3)};
        for (int k = 0; k < 5; k++) {
            char what[100];
            snprintf(what, sizeof what, "PySequence_SetSlice(%s, 0, 1, (1, 2))", Py_TYPE(others[k])->tp_name);
            status(what, PySequence_SetSlice(others[k], 0, 1, lv), others[k]);
            snprintf(what, sizeof what, "PySequence_DelSlice(%s, 0, 1)", Py_TYPE(others[k])->tp_name);
            status(what, PySequence_DelSlice(others[k], 0, 1), others[k]);
            snprintf(what, sizeof what, "PyObject_DelItem(%s, slice(0, 1))", Py_TYPE(others[k])->tp_name);
            PyObject *key = mkslice(0, 1, NONE);
            status(what, PyObject_DelItem(others[k], key), others[k]);
            Py_DECREF(key);
            Py_DECREF(others[k]);
        }
        PyObject *l = new_list(3);
        PyObject *five = PyLong_FromLong(5);
        status("PyList_SetSlice(list, 0, 1, 5)", PyList_SetSlice(l, 0, 1, five), l);
        Py_DECREF(five);
        status("PyList_SetSlice(tuple, 0, 1, NULL)", PyList_SetSlice(lv, 0, 1, NULL), lv);
        Py_DECREF(l);
        Py_DECREF(lv);
        Py_DECREF(bv);
    }

    /* Random slices and values (a fixed-seed generator, the same in both
       builds): lengths 0-9, bounds and steps in -12..12 or None, values
       of 0-6 items, assignment and deletion, on both types. */
    {
        unsigned long long seed = 0x2545f4914f6cdd1dULL;
#define NEXT(m) (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL, (long)((seed >> 33) % (m)))
        for (int k = 0; k < 1200; k++) {
            int n = (int)NEXT(10);
            Py_ssize_t b[3];
            for (int j = 0; j < 3; j++) {
                long r = NEXT(30);
                b[j] = r >= 25 ? NONE : (Py_ssize_t)(r - 12);
            }
            if (b[2] == 0)
                b[2] = NONE;
            int m = (int)NEXT(8) - 1; /* -1: delete */
            char a1[32], a2[32], a3[32], keytext[120], vtext[64];
            fmt_bound(a1, sizeof a1, b[0]);
            fmt_bound(a2, sizeof a2, b[1]);
            fmt_bound(a3, sizeof a3, b[2]);
            snprintf(keytext, sizeof keytext, "%s:%s:%s", a1, a2, a3);
            PyObject *key = mkslice(b[0], b[1], b[2]);
            PyObject *lv = NULL, *bv = NULL;
            if (m >= 0) {
                lv = PyList_New(m);
                bv = PyBytes_FromStringAndSize(NULL, m);
                for (int i = 0; i < m; i++) {
                    PyList_SET_ITEM(lv, i, PyLong_FromLong(100 + i));
                    PyBytes_AS_STRING(bv)[i] = (char)('A' + i);
                }
                snprintf(vtext, sizeof vtext, "<%d items>", m);
            }
            assign(new_list, n, key, keytext, lv, vtext);
            assign(new_bytearray, n, key, keytext, bv, vtext);
            Py_XDECREF(lv);
            Py_XDECREF(bv);
            Py_DECREF(key);
        }
#undef NEXT
    }

    for (int v = 0; v < 8; v++)
        Py_XDECREF(lvalues[v]);
    for (int v = 0; v < 11; v++)
        Py_DECREF(bvalues[v]);
    Py_DECREF(backing);
    Py_DECREF(boom_type);
    Py_DECREF(clear_type);
    Py_DECREF(grow_type);
    PyGILState_Release(g);
    return 0;
}
