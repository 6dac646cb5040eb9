/* Differential cases for memoryview's Python-level behaviour
 * (Objects/memoryobject.c): item access and slicing through
 * PyObject_GetItem / PySequence_GetItem (1-D, N-D tuples, 0-dim, every
 * error), item and slice assignment (pack errors, read-only, deletion,
 * structure mismatches, overlapping sources), == / != against other
 * exporters (equal values under different formats, shapes, NaN), hash(),
 * the methods (tobytes, tolist, hex, release, cast, toreadonly, __enter__,
 * __exit__), the attributes, iteration, calling the type, and every
 * operation on a released view.
 *
 * The views come from bytes, bytearray and a small exporter type of the
 * test's own that presents its memory with any format, shape, strides and
 * suboffsets (multi-dimensional, Fortran order, negative strides, 0-dim,
 * PIL-style indirection, every native format and some unsupported ones).
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

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "case.h"

/* ---------------------------------------------------------------------- */
/* The exporter                                                            */
/* ---------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    union {
        double align;
        unsigned char bytes[512];
    } mem;
    char *rows[4]; /* the pointer array of an indirect (PIL-style) view */
    Py_ssize_t offset;
    Py_ssize_t itemsize;
    int readonly, ndim, indirect, exports;
    char format[16];
    Py_ssize_t shape[4], strides[4], suboffsets[4];
} Exp;

static PyObject *exp_type;

static int exp_getbuffer(PyObject *self, Py_buffer *view, int flags) {
    Exp *e = (Exp *)self;
    if ((flags & PyBUF_WRITABLE) && e->readonly) {
        PyErr_SetString(PyExc_BufferError, "Exp: read-only");
        return -1;
    }
    Py_ssize_t len = e->itemsize;
    for (int i = 0; i < e->ndim; i++)
        len *= e->shape[i];
    view->obj = Py_NewRef(self);
    view->buf = e->indirect ? (void *)e->rows : (void *)(e->mem.bytes + e->offset);
    view->len = len;
    view->itemsize = e->itemsize;
    view->readonly = e->readonly;
    view->ndim = e->ndim;
    view->format = (flags & PyBUF_FORMAT) ? e->format : NULL;
    view->shape = (flags & PyBUF_ND) == PyBUF_ND ? e->shape : NULL;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? e->strides : NULL;
    view->suboffsets = e->indirect && (flags & PyBUF_INDIRECT) == PyBUF_INDIRECT ? e->suboffsets : NULL;
    view->internal = NULL;
    e->exports++;
    return 0;
}

static void exp_releasebuffer(PyObject *self, Py_buffer *view) {
    (void)view;
    ((Exp *)self)->exports--;
}

static PyType_Slot exp_slots[] = {
    {Py_bf_getbuffer, (void *)exp_getbuffer},
    {Py_bf_releasebuffer, (void *)exp_releasebuffer},
    {0, NULL},
};
static PyType_Spec exp_spec = {"mod.Exp", sizeof(Exp), 0, Py_TPFLAGS_DEFAULT, exp_slots};

/* An exporter of `ndim` dimensions with C-contiguous strides unless
   `strides` is given; `data` (n bytes) is copied to byte `offset` of its
   memory, and the view starts at byte `start`. */
static PyObject *exp_new(const char *fmt, Py_ssize_t itemsize, int ndim, const Py_ssize_t *shape,
                         const Py_ssize_t *strides, const void *data, size_t n, Py_ssize_t start,
                         int readonly) {
    Exp *e = (Exp *)PyObject_CallNoArgs(exp_type);
    if (e == NULL)
        return NULL;
    snprintf(e->format, sizeof e->format, "%s", fmt);
    e->itemsize = itemsize;
    e->ndim = ndim;
    e->readonly = readonly;
    e->offset = start;
    Py_ssize_t stride = itemsize;
    for (int i = ndim - 1; i >= 0; i--) {
        e->shape[i] = shape[i];
        e->strides[i] = strides ? strides[i] : stride;
        stride *= shape[i];
    }
    if (data)
        memcpy(e->mem.bytes, data, n);
    return (PyObject *)e;
}

/* A 1-D writable exporter of `n` items of `size` bytes. */
static PyObject *exp_1d(const char *fmt, Py_ssize_t size, Py_ssize_t n, const void *data) {
    return exp_new(fmt, size, 1, &n, NULL, data, (size_t)(size * n), 0, 0);
}

/* An index whose __index__ releases `victim` (and is 0): code that runs in
   the middle of an operation and releases the view it works on. */
static PyObject *victim, *releasing_type;
static PyObject *releasing_index(PyObject *self) {
    (void)self;
    PyObject *r = PyObject_CallMethod(victim, "release", NULL);
    if (r == NULL)
        return NULL;
    Py_DECREF(r);
    return PyLong_FromLong(0);
}
static PyType_Slot releasing_slots[] = {{Py_nb_index, (void *)releasing_index}, {0, NULL}};
static PyType_Spec releasing_spec = {"mod.ReleasingIndex", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT,
                                     releasing_slots};

/* ---------------------------------------------------------------------- */
/* Printing                                                                */
/* ---------------------------------------------------------------------- */

/* `o` itself, or when NULL a str "!Type: message" for the pending error. */
static PyObject *or_error(PyObject *o) {
    if (o != NULL)
        return o;
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    PyObject *r = PyUnicode_FromFormat("!%s: %s", t ? ((PyTypeObject *)t)->tp_name : "?",
                                       s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return r;
}

static const char *const described[] = {"format", "itemsize", "ndim", "shape", "strides", "suboffsets",
                                         "readonly", "nbytes", "c_contiguous", "f_contiguous",
                                         "contiguous"};

/* A memoryview's attributes, tolist() and tobytes() (its repr would show
   an address), as a list. */
static PyObject *describe(PyObject *mv) {
    size_t n = sizeof described / sizeof *described;
    PyObject *list = PyList_New(0);
    for (size_t i = 0; i < n; i++) {
        PyObject *a = or_error(PyObject_GetAttrString(mv, described[i]));
        PyList_Append(list, a);
        Py_DECREF(a);
    }
    PyObject *l = or_error(PyObject_CallMethod(mv, "tolist", NULL));
    PyList_Append(list, l);
    Py_DECREF(l);
    PyObject *b = or_error(PyObject_CallMethod(mv, "tobytes", NULL));
    PyList_Append(list, b);
    Py_DECREF(b);
    return list;
}

/* Like show(), describing a memoryview result instead of its repr. */
static void showv(const char *what, PyObject *o) {
    if (o != NULL && PyMemoryView_Check(o)) {
        PyObject *d = describe(o);
        Py_DECREF(o);
        o = d;
    }
    show(what, o);
}

/* Shows an int-returning call: its result, or the error. */
static void show_int(const char *what, int rc) {
    show(what, rc == -1 && PyErr_Occurred() ? NULL : PyLong_FromLong(rc));
}

static PyObject *call(PyObject *o, const char *name, PyObject *args, PyObject *kwargs) {
    PyObject *m = PyObject_GetAttrString(o, name);
    if (m == NULL)
        return NULL;
    PyObject *empty = PyTuple_New(0);
    PyObject *r = PyObject_Call(m, args ? args : empty, kwargs);
    Py_DECREF(empty);
    Py_DECREF(m);
    return r;
}

/* mv[key] = value, then (on success) mv.tolist(). */
static void setitem(const char *what, PyObject *mv, PyObject *key, PyObject *value) {
    int rc = PyObject_SetItem(mv, key, value);
    show(what, rc < 0 ? NULL : PyObject_CallMethod(mv, "tolist", NULL));
}

static PyObject *slice(long start, long stop, long step) {
    /* LONG_MIN stands for None. */
    PyObject *a = start == LONG_MIN ? Py_NewRef(Py_None) : PyLong_FromLong(start);
    PyObject *b = stop == LONG_MIN ? Py_NewRef(Py_None) : PyLong_FromLong(stop);
    PyObject *c = step == LONG_MIN ? Py_NewRef(Py_None) : PyLong_FromLong(step);
    PyObject *s = PySlice_New(a, b, c);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    return s;
}
#define N LONG_MIN

/* A slice bound for a case's label: the number, or "" for None. */
static const char *bound(long v, char *buf, size_t n) {
    if (v == N)
        return "";
    snprintf(buf, n, "%ld", v);
    return buf;
}

/* "a:b:c" for a slice's bounds (LONG_MIN is None). */
static const char *slice_label(long a, long b, long c) {
    static char out[96];
    char x[24], y[24], z[24];
    snprintf(out, sizeof out, "%s:%s:%s", bound(a, x, sizeof x), bound(b, y, sizeof y), bound(c, z, sizeof z));
    return out;
}

static PyObject *big(const char *digits) { return PyLong_FromString(digits, NULL, 10); }

/* ---------------------------------------------------------------------- */
/* Cases                                                                   */
/* ---------------------------------------------------------------------- */

static void item_access(void) {
    PyObject *b = PyBytes_FromString("abcdef");
    PyObject *mv = PyMemoryView_FromObject(b);
    showv("memoryview(b'abcdef')", Py_NewRef(mv));
    const long idx[] = {0, 5, -1, -6, 6, -7, 100};
    for (size_t i = 0; i < sizeof idx / sizeof *idx; i++) {
        char what[64];
        PyObject *k = PyLong_FromLong(idx[i]);
        snprintf(what, sizeof what, "mv[%ld]", idx[i]);
        show(what, PyObject_GetItem(mv, k));
        snprintf(what, sizeof what, "PySequence_GetItem(mv, %ld)", idx[i]);
        show(what, PySequence_GetItem(mv, idx[i]));
        Py_DECREF(k);
    }
    PyObject *k;
    k = big("1180591620717411303424");
    show("mv[2**70]", PyObject_GetItem(mv, k));
    Py_DECREF(k);
    show("mv[True]", PyObject_GetItem(mv, Py_True));
    k = PyFloat_FromDouble(1.0);
    show("mv[1.0]", PyObject_GetItem(mv, k));
    Py_DECREF(k);
    k = PyUnicode_FromString("a");
    show("mv['a']", PyObject_GetItem(mv, k));
    Py_DECREF(k);
    show("mv[None]", PyObject_GetItem(mv, Py_None));
    show("mv[...] (1-D)", PyObject_GetItem(mv, Py_Ellipsis));
    const char *tuples[] = {"(i)", "()", "(ii)", "(O)", "(Oi)", "(d)", "(iO)"};
    const char *names[] = {"mv[(1,)]", "mv[()] (1-D)", "mv[0, 0] (1-D)", "mv[1:2,] (multislice)",
                           "mv[1:2, 0]", "mv[0.5,]", "mv[0, ...]"};
    for (size_t i = 0; i < sizeof tuples / sizeof *tuples; i++) {
        PyObject *s = slice(1, 2, N), *t;
        switch (i) {
        case 0: t = Py_BuildValue(tuples[i], 1); break;
        case 1: t = PyTuple_New(0); break;
        case 2: t = Py_BuildValue(tuples[i], 0, 0); break;
        case 3: t = Py_BuildValue(tuples[i], s); break;
        case 4: t = Py_BuildValue(tuples[i], s, 0); break;
        case 5: t = Py_BuildValue(tuples[i], 0.5); break;
        default: t = Py_BuildValue(tuples[i], 0, Py_Ellipsis); break;
        }
        show(names[i], PyObject_GetItem(mv, t));
        Py_DECREF(t);
        Py_DECREF(s);
    }
    /* Slices of the first dimension. */
    const long sl[][3] = {{1, 4, N}, {N, N, 2}, {N, N, -1}, {5, 1, -2}, {10, 20, N}, {-3, N, N},
                          {N, N, 0}, {4, 1, N}, {N, -100, -1}, {-100, 100, 3}};
    for (size_t i = 0; i < sizeof sl / sizeof *sl; i++) {
        char what[96];
        snprintf(what, sizeof what, "mv[%s]", slice_label(sl[i][0], sl[i][1], sl[i][2]));
        PyObject *s = slice(sl[i][0], sl[i][1], sl[i][2]);
        showv(what, PyObject_GetItem(mv, s));
        Py_DECREF(s);
    }
    PyObject *f = PyFloat_FromDouble(1.0);
    PyObject *s = PySlice_New(f, NULL, NULL);
    showv("mv[1.0:]", PyObject_GetItem(mv, s));
    Py_DECREF(s);
    Py_DECREF(f);
    /* A slice of a slice shares the managed buffer. */
    PyObject *s1 = slice(1, N, N), *s2 = slice(N, N, -2);
    PyObject *m1 = PyObject_GetItem(mv, s1);
    PyObject *m2 = PyObject_GetItem(m1, s2);
    showv("mv[1:][::-2]", Py_NewRef(m2));
    show("mv[1:][::-2].obj is b", PyBool_FromLong(PyObject_GetAttrString(m2, "obj") == b));
    Py_DECREF(b); /* the attribute's reference */
    show("mv[1:][::-2][0]", PySequence_GetItem(m2, 0));
    Py_DECREF(m1);
    Py_DECREF(m2);
    Py_DECREF(s1);
    Py_DECREF(s2);
    show("PySequence_Check(mv)", PyLong_FromLong(PySequence_Check(mv)));
    show("PyMapping_Check(mv)", PyLong_FromLong(PyMapping_Check(mv)));
    show("len(mv)", PyLong_FromSsize_t(PyObject_Size(mv)));
    k = PyLong_FromLong(0);
    setitem("readonly mv[0] = 0", mv, k, k);
    show_int("readonly del mv[0]", PyObject_DelItem(mv, k));
    show_int("PySequence_SetItem(mv, 0, 0)", PySequence_SetItem(mv, 0, k));
    Py_DECREF(k);
    Py_DECREF(mv);
    Py_DECREF(b);
}

static void assignment(void) {
    PyObject *ba = PyByteArray_FromStringAndSize("abcdef", 6);
    PyObject *mv = PyMemoryView_FromObject(ba);
    PyObject *zero = PyLong_FromLong(0), *five = PyLong_FromLong(5), *ten = PyLong_FromLong(10);
    PyObject *v;
    v = PyLong_FromLong(65);
    setitem("mv[0] = 65", mv, zero, v);
    setitem("mv[10] = 65", mv, ten, v);
    Py_DECREF(v);
    v = PyLong_FromLong(256);
    setitem("mv[0] = 256", mv, zero, v);
    Py_DECREF(v);
    v = PyLong_FromLong(-1);
    setitem("mv[-1] = -1", mv, v, v);
    setitem("mv[5] = -1", mv, five, v);
    Py_DECREF(v);
    v = PyFloat_FromDouble(1.5);
    setitem("mv[0] = 1.5", mv, zero, v);
    Py_DECREF(v);
    v = PyBytes_FromString("x");
    setitem("mv[0] = b'x'", mv, zero, v);
    Py_DECREF(v);
    setitem("mv[0] = True", mv, zero, Py_True);
    setitem("mv[0] = None", mv, zero, Py_None);
    v = big("1180591620717411303424");
    setitem("mv[0] = 2**70", mv, zero, v);
    Py_DECREF(v);
    v = PyTuple_Pack(1, five);
    PyObject *x = PyLong_FromLong(120);
    setitem("mv[(5,)] = 120", mv, v, x);
    Py_DECREF(v);
    v = Py_BuildValue("(ii)", 0, 0);
    setitem("mv[0, 0] = 120", mv, v, x);
    Py_DECREF(v);
    v = PyTuple_New(0);
    setitem("mv[()] = 120 (1-D)", mv, v, x);
    Py_DECREF(v);
    setitem("mv[...] = 120 (1-D)", mv, Py_Ellipsis, x);
    v = PyUnicode_FromString("k");
    setitem("mv['k'] = 120", mv, v, x);
    Py_DECREF(v);
    Py_DECREF(x);
    show_int("del mv[0]", PyObject_DelItem(mv, zero));
    PyObject *s = slice(0, 2, N);
    show_int("del mv[0:2]", PyObject_DelItem(mv, s));
    Py_DECREF(s);

    /* Slice assignment. */
    struct {
        long start, stop, step;
        const char *src;
        Py_ssize_t n;
    } cases[] = {
        {1, 3, N, "XY", 2}, {1, 3, N, "XYZ", 3}, {N, N, 2, "123", 3}, {N, N, -1, "uvwxyz", 6},
        {N, N, -2, "ABC", 3}, {4, 1, N, "", 0}, {10, 20, N, "", 0}, {N, N, 0, "", 0},
        {0, 1, N, "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char what[96];
        snprintf(what, sizeof what, "mv[%s] = b'%s'", slice_label(cases[i].start, cases[i].stop, cases[i].step),
                 cases[i].src);
        s = slice(cases[i].start, cases[i].stop, cases[i].step);
        v = PyBytes_FromStringAndSize(cases[i].src, cases[i].n);
        setitem(what, mv, s, v);
        Py_DECREF(v);
        Py_DECREF(s);
    }
    s = slice(0, 2, N);
    setitem("mv[0:2] = 5", mv, s, five);
    v = PyUnicode_FromString("ab");
    setitem("mv[0:2] = 'ab'", mv, s, v);
    Py_DECREF(v);
    int16_t h[1] = {0x4142};
    PyObject *eh = exp_1d("h", 2, 1, h);
    setitem("mv[0:2] = <h view of 1 item>", mv, s, eh);
    Py_DECREF(eh);
    PyObject *ec = exp_1d("c", 1, 2, "PQ");
    setitem("mv[0:2] = <c view of 2 items>", mv, s, ec);
    Py_DECREF(ec);
    PyObject *eb = exp_1d("@B", 1, 2, "RS");
    setitem("mv[0:2] = <@B view of 2 items>", mv, s, eb);
    Py_DECREF(eb);
    Py_DECREF(s);
    /* Overlapping sources. */
    PyObject *s04 = slice(0, 4, N), *s15 = slice(1, 5, N), *all = slice(N, N, N), *rev = slice(N, N, -1);
    PyObject *src = PyObject_GetItem(mv, s04);
    setitem("mv[1:5] = mv[0:4]", mv, s15, src);
    Py_DECREF(src);
    src = PyObject_GetItem(mv, s15);
    setitem("mv[0:4] = mv[1:5]", mv, s04, src);
    Py_DECREF(src);
    src = PyObject_GetItem(mv, rev);
    setitem("mv[:] = mv[::-1]", mv, all, src);
    Py_DECREF(src);
    PyObject *s2 = slice(N, N, 2), *s3 = slice(N, 3, N);
    src = PyObject_GetItem(mv, s3);
    setitem("mv[::2] = mv[:3]", mv, s2, src);
    Py_DECREF(src);
    setitem("mv[:] = mv", mv, all, mv);
    show("bytearray after the assignments", Py_NewRef(ba));
    Py_DECREF(s2);
    Py_DECREF(s3);
    Py_DECREF(s04);
    Py_DECREF(s15);
    Py_DECREF(all);
    Py_DECREF(rev);
    Py_DECREF(zero);
    Py_DECREF(five);
    Py_DECREF(ten);
    Py_DECREF(mv);
    Py_DECREF(ba);
}

/* Each native format: reading, tolist, and assigning the same values. */
static void formats(void) {
    struct {
        const char *fmt;
        Py_ssize_t size;
        unsigned char data[24];
    } f[19];
    int n = 0;
#define FMT(F, T, ...)                                                                                     \
    do {                                                                                                   \
        T a[3] = {__VA_ARGS__};                                                                            \
        f[n].fmt = F;                                                                                      \
        f[n].size = sizeof(T);                                                                             \
        memcpy(f[n].data, a, sizeof a);                                                                    \
        n++;                                                                                               \
    } while (0)
    FMT("B", unsigned char, 1, 200, 255);
    FMT("b", signed char, 1, -2, 127);
    FMT("c", char, 'a', 'b', 'c');
    FMT("h", short, 1, -2, 32767);
    FMT("H", unsigned short, 1, 65535, 7);
    FMT("i", int, 1, -2, INT_MAX);
    FMT("I", unsigned int, 1, UINT_MAX, 3);
    FMT("l", long, 1, -2, LONG_MAX);
    FMT("L", unsigned long, 1, ULONG_MAX, 2);
    FMT("q", long long, 1, -2, LLONG_MIN);
    FMT("Q", unsigned long long, 1, ULLONG_MAX, 5);
    FMT("n", Py_ssize_t, 1, -2, PY_SSIZE_T_MAX);
    FMT("N", size_t, 1, SIZE_MAX, 0);
    FMT("f", float, 1.5f, -2.25f, 1e30f);
    FMT("d", double, 1.5, -0.0, 1e300);
    FMT("?", unsigned char, 0, 1, 1);
    FMT("e", uint16_t, 0x3c00, 0xc000, 0x7bff);
    FMT("P", uintptr_t, 0, 16, UINTPTR_MAX);
    FMT("@i", int, 7, 8, 9);
#undef FMT
    PyObject *values[] = {PyLong_FromLong(7),
                          PyLong_FromLong(-1),
                          PyLong_FromLong(300),
                          PyLong_FromLong(70000),
                          big("2147483648"),
                          big("9223372036854775808"),
                          big("18446744073709551616"),
                          PyFloat_FromDouble(2.5),
                          PyFloat_FromDouble(1e300),
                          big("1" "000000000000000000000000000000000000000000000000000000000000000000000000000000"
                              "000000000000000000000000000000000000000000000000000000000000000000000000000000"
                              "000000000000000000000000000000000000000000000000000000000000000000000000000000"
                              "000000000000000000000000000000000000000000000000000000000000000000000000000000"),
                          PyBytes_FromString("x"),
                          PyBytes_FromString("xy"),
                          Py_NewRef(Py_True),
                          PyUnicode_FromString("s"),
                          Py_NewRef(Py_None)};
    const char *vnames[] = {"7",     "-1",        "300", "70000", "2**31",   "2**63", "2**64", "2.5",
                            "1e300", "10**312", "b'x'", "b'xy'", "True", "'s'", "None"};
    size_t nv = sizeof values / sizeof *values;
    for (int i = 0; i < n; i++) {
        char what[96];
        PyObject *e = exp_1d(f[i].fmt, f[i].size, 3, f[i].data);
        PyObject *mv = PyMemoryView_FromObject(e);
        snprintf(what, sizeof what, "'%s' view", f[i].fmt);
        showv(what, Py_NewRef(mv));
        snprintf(what, sizeof what, "'%s' mv[1]", f[i].fmt);
        show(what, PySequence_GetItem(mv, 1));
        snprintf(what, sizeof what, "'%s' list(mv)", f[i].fmt);
        show(what, PySequence_List(mv));
        for (size_t j = 0; j < nv; j++) {
            PyObject *k = PyLong_FromLong(2);
            snprintf(what, sizeof what, "'%s' mv[2] = %s", f[i].fmt, vnames[j]);
            setitem(what, mv, k, values[j]);
            Py_DECREF(k);
        }
        Py_DECREF(mv);
        Py_DECREF(e);
    }
    for (size_t j = 0; j < nv; j++)
        Py_DECREF(values[j]);

    /* Formats that memoryview does not unpack. */
    const char *unsupported[] = {"xB", "<i", "2i", "=h", "ii", "Z", "3s"};
    const Py_ssize_t sizes[] = {2, 4, 8, 2, 8, 1, 3};
    for (size_t i = 0; i < sizeof unsupported / sizeof *unsupported; i++) {
        char what[96];
        unsigned char data[24] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24};
        PyObject *e = exp_1d(unsupported[i], sizes[i], 3, data);
        PyObject *mv = PyMemoryView_FromObject(e);
        snprintf(what, sizeof what, "'%s' view", unsupported[i]);
        showv(what, Py_NewRef(mv));
        snprintf(what, sizeof what, "'%s' mv[0]", unsupported[i]);
        show(what, PySequence_GetItem(mv, 0));
        PyObject *k = PyLong_FromLong(0);
        snprintf(what, sizeof what, "'%s' mv[0] = 0", unsupported[i]);
        setitem(what, mv, k, k);
        snprintf(what, sizeof what, "'%s' type(iter(mv))", unsupported[i]);
        PyObject *it = PyObject_GetIter(mv);
        show(what, it ? PyUnicode_FromString(Py_TYPE(it)->tp_name) : NULL);
        Py_XDECREF(it);
        snprintf(what, sizeof what, "'%s' mv.hex()", unsupported[i]);
        show(what, PyObject_CallMethod(mv, "hex", NULL));
        snprintf(what, sizeof what, "'%s' mv[1:2].tobytes()", unsupported[i]);
        PyObject *s = slice(1, 2, N);
        PyObject *sub = PyObject_GetItem(mv, s);
        show(what, sub ? PyObject_CallMethod(sub, "tobytes", NULL) : NULL);
        Py_XDECREF(sub);
        Py_DECREF(s);
        Py_DECREF(k);
        Py_DECREF(mv);
        Py_DECREF(e);
    }
}

/* Both directions of ==. */
static void compare_pair(const char *what, PyObject *a, PyObject *b) {
    char w[160];
    snprintf(w, sizeof w, "%s (a == b)", what);
    show(w, PyObject_RichCompare(a, b, Py_EQ));
    snprintf(w, sizeof w, "%s (b == a)", what);
    show(w, PyObject_RichCompare(b, a, Py_EQ));
}

static void multi_dim(void) {
    int data[12] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    Py_ssize_t shape23[2] = {2, 3};
    PyObject *e = exp_new("i", sizeof(int), 2, shape23, NULL, data, sizeof data, 0, 0);
    PyObject *mv = PyMemoryView_FromObject(e);
    showv("2x3 'i' C order", Py_NewRef(mv));
    int ij[][2] = {{1, 2}, {-1, -1}, {0, 0}, {2, 0}, {0, 3}, {-3, 0}, {0, -4}};
    for (size_t i = 0; i < sizeof ij / sizeof *ij; i++) {
        char what[64];
        snprintf(what, sizeof what, "mv[%d, %d]", ij[i][0], ij[i][1]);
        PyObject *t = Py_BuildValue("(ii)", ij[i][0], ij[i][1]);
        show(what, PyObject_GetItem(mv, t));
        Py_DECREF(t);
    }
    PyObject *t = Py_BuildValue("(i)", 0);
    show("mv[0,] (2-D)", PyObject_GetItem(mv, t));
    Py_DECREF(t);
    t = Py_BuildValue("(iii)", 0, 0, 0);
    show("mv[0, 0, 0] (2-D)", PyObject_GetItem(mv, t));
    Py_DECREF(t);
    t = Py_BuildValue("(iO)", 1, Py_True);
    show("mv[1, True]", PyObject_GetItem(mv, t));
    Py_DECREF(t);
    t = Py_BuildValue("(iN)", 0, big("1180591620717411303424"));
    show("mv[0, 2**70]", PyObject_GetItem(mv, t));
    Py_DECREF(t);
    t = PyTuple_New(0);
    show("mv[()] (2-D)", PyObject_GetItem(mv, t));
    Py_DECREF(t);
    show("mv[0] (2-D)", PySequence_GetItem(mv, 0));
    show("mv[5] (2-D)", PySequence_GetItem(mv, 5));
    PyObject *s = slice(1, N, N), *r = slice(N, N, -1);
    showv("mv[1:] (2-D)", PyObject_GetItem(mv, s));
    showv("mv[::-1] (2-D)", PyObject_GetItem(mv, r));
    t = PyTuple_Pack(2, s, r);
    show("mv[1:, ::-1]", PyObject_GetItem(mv, t));
    PyObject *seven = PyLong_FromLong(7);
    setitem("mv[1:, ::-1] = 7", mv, t, seven);
    Py_DECREF(t);
    t = Py_BuildValue("(ii)", 1, 1);
    setitem("mv[1, 1] = 7", mv, t, seven);
    Py_DECREF(t);
    t = Py_BuildValue("(ii)", 2, 1);
    setitem("mv[2, 1] = 7", mv, t, seven);
    Py_DECREF(t);
    t = Py_BuildValue("(i)", 1);
    setitem("mv[1,] = 7", mv, t, seven);
    Py_DECREF(t);
    PyObject *one = PyLong_FromLong(1);
    setitem("mv[1] = 7 (2-D)", mv, one, seven);
    setitem("mv[1:] = mv[:1] (2-D)", mv, s, mv);
    Py_DECREF(one);
    Py_DECREF(seven);
    show("iter(mv) (2-D)", PyObject_GetIter(mv));
    show("len(mv) (2-D)", PyLong_FromSsize_t(PyObject_Size(mv)));
    const char *orders[] = {"C", "F", "A"};
    for (int i = 0; i < 3; i++) {
        char what[64];
        snprintf(what, sizeof what, "2x3 C tobytes('%s')", orders[i]);
        show(what, PyObject_CallMethod(mv, "tobytes", "s", orders[i]));
    }
    show("2x3 C hex()", PyObject_CallMethod(mv, "hex", NULL));
    Py_DECREF(s);
    Py_DECREF(r);
    Py_DECREF(mv);
    Py_DECREF(e);

    /* Fortran order. */
    Py_ssize_t fstrides[2] = {4, 8};
    e = exp_new("i", 4, 2, shape23, fstrides, data, sizeof data, 0, 0);
    mv = PyMemoryView_FromObject(e);
    showv("2x3 'i' Fortran order", Py_NewRef(mv));
    for (int i = 0; i < 3; i++) {
        char what[64];
        snprintf(what, sizeof what, "2x3 F tobytes('%s')", orders[i]);
        show(what, PyObject_CallMethod(mv, "tobytes", "s", orders[i]));
    }
    show("2x3 F hex(':', 4)", PyObject_CallMethod(mv, "hex", "si", ":", 4));
    showv("2x3 F cast('B')", PyObject_CallMethod(mv, "cast", "s", "B"));
    t = Py_BuildValue("(ii)", 1, 2);
    show("2x3 F mv[1, 2]", PyObject_GetItem(mv, t));
    Py_DECREF(t);
    Py_DECREF(mv);
    Py_DECREF(e);

    /* A strided 2x2 window of a 3x3 array, and negative strides. */
    Py_ssize_t shape22[2] = {2, 2}, wstrides[2] = {12, 4}, nstrides[2] = {-12, -4};
    e = exp_new("i", 4, 2, shape22, wstrides, data, sizeof data, 4, 0);
    mv = PyMemoryView_FromObject(e);
    showv("2x2 window of 3x3", Py_NewRef(mv));
    show("2x2 window hex()", PyObject_CallMethod(mv, "hex", NULL));
    showv("2x2 window cast('B')", PyObject_CallMethod(mv, "cast", "s", "B"));
    Py_DECREF(mv);
    Py_DECREF(e);
    e = exp_new("i", 4, 2, shape22, nstrides, data, sizeof data, 32, 0);
    mv = PyMemoryView_FromObject(e);
    showv("2x2 negative strides", Py_NewRef(mv));
    t = Py_BuildValue("(ii)", 0, 1);
    show("2x2 negative strides mv[0, 1]", PyObject_GetItem(mv, t));
    Py_DECREF(t);
    Py_DECREF(mv);
    Py_DECREF(e);
    Py_ssize_t n4 = 4, neg = -4;
    e = exp_new("i", 4, 1, &n4, &neg, data, sizeof data, 12, 0);
    mv = PyMemoryView_FromObject(e);
    showv("1-D negative stride", Py_NewRef(mv));
    show("1-D negative stride list(mv)", PySequence_List(mv));
    show("1-D negative stride hex('-', 2)", PyObject_CallMethod(mv, "hex", "si", "-", 2));
    int rev[4] = {3, 2, 1, 0};
    PyObject *erev = exp_1d("i", 4, 4, rev);
    compare_pair("1-D negative stride vs i[3,2,1,0]", mv, erev);
    Py_DECREF(erev);
    s = slice(N, N, -1);
    showv("1-D negative stride mv[::-1]", PyObject_GetItem(mv, s));
    PyObject *s13 = slice(1, 3, N);
    PyObject *src = PyObject_GetItem(mv, s);
    PyObject *head = PySequence_GetSlice(src, 0, 2);
    setitem("1-D negative stride mv[1:3] = mv[::-1][:2]", mv, s13, head);
    Py_DECREF(head);
    Py_DECREF(src);
    Py_DECREF(s13);
    Py_DECREF(s);
    Py_DECREF(mv);
    Py_DECREF(e);

    /* PIL-style: the first dimension goes through a pointer array. */
    Exp *p = (Exp *)exp_new("B", 1, 2, shape23, NULL, "abcdefghij", 10, 0, 0);
    p->indirect = 1;
    p->strides[0] = sizeof(char *);
    p->strides[1] = 1;
    p->suboffsets[0] = 0;
    p->suboffsets[1] = -1;
    p->rows[0] = (char *)p->mem.bytes + 4;
    p->rows[1] = (char *)p->mem.bytes + 1;
    mv = PyMemoryView_FromObject((PyObject *)p);
    showv("PIL-style 2x3", Py_NewRef(mv));
    t = Py_BuildValue("(ii)", 1, 2);
    show("PIL-style mv[1, 2]", PyObject_GetItem(mv, t));
    PyObject *z = PyLong_FromLong(90);
    setitem("PIL-style mv[1, 2] = 90", mv, t, z);
    Py_DECREF(z);
    Py_DECREF(t);
    show("PIL-style hex()", PyObject_CallMethod(mv, "hex", NULL));
    show("PIL-style tobytes('F')", PyObject_CallMethod(mv, "tobytes", "s", "F"));
    PyObject *pil_bytes = PyObject_CallMethod(mv, "tobytes", NULL);
    PyObject *flat = PyMemoryView_FromObject(pil_bytes);
    PyObject *shaped = PyObject_CallMethod(flat, "cast", "s[ii]", "B", 2, 3);
    compare_pair("PIL-style vs its bytes cast to [2, 3]", mv, shaped);
    Py_XDECREF(shaped);
    Py_DECREF(flat);
    Py_DECREF(pil_bytes);
    PyObject *it = PyObject_GetIter(mv);
    show("PIL-style iter()", it);
    showv("PIL-style PySequence_GetSlice(mv, 0, 1)", PySequence_GetSlice(mv, 0, 1));
    show("PIL-style cast('B')", PyObject_CallMethod(mv, "cast", "s", "B"));
    Py_DECREF(mv);
    Py_DECREF(p);

    /* Empty shapes. */
    Py_ssize_t zero = 0, shape20[2] = {2, 0};
    e = exp_new("i", 4, 1, &zero, NULL, NULL, 0, 0, 0);
    mv = PyMemoryView_FromObject(e);
    showv("empty 1-D 'i'", Py_NewRef(mv));
    show("empty 1-D mv[0]", PySequence_GetItem(mv, 0));
    show("empty 1-D list(mv)", PySequence_List(mv));
    show("empty 1-D hex()", PyObject_CallMethod(mv, "hex", "s", ":"));
    showv("empty 1-D cast('B')", PyObject_CallMethod(mv, "cast", "s", "B"));
    showv("empty 1-D cast('B', [1])", PyObject_CallMethod(mv, "cast", "s[i]", "B", 1));
    Py_DECREF(mv);
    Py_DECREF(e);
    e = exp_new("i", 4, 2, shape20, NULL, NULL, 0, 0, 0);
    mv = PyMemoryView_FromObject(e);
    showv("2x0 'i'", Py_NewRef(mv));
    showv("2x0 cast('B')", PyObject_CallMethod(mv, "cast", "s", "B"));
    Py_DECREF(mv);
    Py_DECREF(e);
}

static void zero_dim(void) {
    double d = 2.5;
    PyObject *e = exp_new("d", 8, 0, NULL, NULL, &d, sizeof d, 0, 0);
    PyObject *mv = PyMemoryView_FromObject(e);
    showv("0-dim 'd'", Py_NewRef(mv));
    PyObject *t = PyTuple_New(0), *zero = PyLong_FromLong(0), *v = PyFloat_FromDouble(3.5);
    show("0-dim mv[()]", PyObject_GetItem(mv, t));
    PyObject *r = PyObject_GetItem(mv, Py_Ellipsis);
    show("0-dim mv[...] is mv", r ? PyBool_FromLong(r == mv) : NULL);
    Py_XDECREF(r);
    show("0-dim mv[0]", PyObject_GetItem(mv, zero));
    show("0-dim PySequence_GetItem(mv, 0)", PySequence_GetItem(mv, 0));
    PyObject *s = slice(N, N, N);
    show("0-dim mv[:]", PyObject_GetItem(mv, s));
    setitem("0-dim mv[:] = mv", mv, s, mv);
    Py_DECREF(s);
    show("0-dim len(mv)", PyLong_FromSsize_t(PyObject_Size(mv)));
    show("0-dim iter(mv)", PyObject_GetIter(mv));
    setitem("0-dim mv[()] = 3.5", mv, t, v);
    Py_DECREF(v);
    v = PyLong_FromLong(4);
    setitem("0-dim mv[...] = 4", mv, Py_Ellipsis, v);
    setitem("0-dim mv[0] = 4", mv, zero, v);
    Py_DECREF(v);
    v = PyUnicode_FromString("x");
    setitem("0-dim mv[()] = 'x'", mv, t, v);
    Py_DECREF(v);
    show("0-dim tobytes()", PyObject_CallMethod(mv, "tobytes", NULL));
    showv("0-dim cast('B')", PyObject_CallMethod(mv, "cast", "s", "B"));
    showv("0-dim cast('B', [8])", PyObject_CallMethod(mv, "cast", "s[i]", "B", 8));
    PyObject *c = PyObject_CallMethod(mv, "cast", "s", "B");
    showv("0-dim cast('B').cast('d', [])", c ? PyObject_CallMethod(c, "cast", "s[]", "d") : NULL);
    showv("0-dim cast('B').cast('q', ())", c ? PyObject_CallMethod(c, "cast", "s()", "q") : NULL);
    Py_XDECREF(c);
    PyObject *other = PyMemoryView_FromObject(e);
    show("0-dim mv == mv'", PyObject_RichCompare(mv, other, Py_EQ));
    Py_DECREF(other);
    Py_DECREF(t);
    Py_DECREF(zero);
    Py_DECREF(mv);
    Py_DECREF(e);
    unsigned char byte = 0x7f;
    e = exp_new("B", 1, 0, NULL, NULL, &byte, 1, 0, 1);
    mv = PyMemoryView_FromObject(e);
    showv("0-dim readonly 'B'", Py_NewRef(mv));
    PyObject *b = PyBytes_FromString("\x7f");
    Py_hash_t h = PyObject_Hash(mv);
    show("0-dim hash(mv) == hash(b'\\x7f')", h == -1 ? NULL : PyBool_FromLong(h == PyObject_Hash(b)));
    show("0-dim mv == b'\\x7f'", PyObject_RichCompare(mv, b, Py_EQ));
    Py_DECREF(b);
    Py_DECREF(mv);
    Py_DECREF(e);
}

static void compare(const char *what, PyObject *a, PyObject *b) {
    char w[160];
    snprintf(w, sizeof w, "%s ==", what);
    show(w, PyObject_RichCompare(a, b, Py_EQ));
    snprintf(w, sizeof w, "%s !=", what);
    show(w, PyObject_RichCompare(a, b, Py_NE));
}

static void comparisons(void) {
    PyObject *b = PyBytes_FromString("abc");
    PyObject *mv = PyMemoryView_FromObject(b);
    PyObject *o;
    compare("mv(b'abc') vs b'abc'", mv, b);
    o = PyBytes_FromString("abd");
    compare("mv(b'abc') vs b'abd'", mv, o);
    Py_DECREF(o);
    o = PyBytes_FromString("ab");
    compare("mv(b'abc') vs b'ab'", mv, o);
    Py_DECREF(o);
    o = PyByteArray_FromStringAndSize("abc", 3);
    compare("mv(b'abc') vs bytearray(b'abc')", mv, o);
    compare("bytearray(b'abc') vs mv(b'abc')", o, mv);
    Py_DECREF(o);
    o = PyUnicode_FromString("abc");
    compare("mv(b'abc') vs 'abc'", mv, o);
    show("mv(b'abc') tp_richcompare(mv, 'abc', EQ)", Py_TYPE(mv)->tp_richcompare(mv, o, Py_EQ));
    Py_DECREF(o);
    o = PyLong_FromLong(1);
    compare("mv(b'abc') vs 1", mv, o);
    Py_DECREF(o);
    compare("mv vs mv", mv, mv);
    show("mv < b'abc'", PyObject_RichCompare(mv, b, Py_LT));
    show("tp_richcompare(mv, b'abc', LE)", Py_TYPE(mv)->tp_richcompare(mv, b, Py_LE));
    show("tp_richcompare(mv, b'abc', GT)", Py_TYPE(mv)->tp_richcompare(mv, b, Py_GT));
    o = exp_1d("c", 1, 3, "abc");
    compare("mv(b'abc') vs <c view 'abc'>", mv, o);
    Py_DECREF(o);
    o = exp_1d("b", 1, 3, "abc");
    compare("mv(b'abc') vs <b view 'abc'>", mv, o);
    Py_DECREF(o);

    int i3[3] = {1, 2, 3};
    long long q3[3] = {1, 2, 3};
    float f3[3] = {1, 2, 3};
    double d3[3] = {1, 2, 3.5};
    short h3[3] = {1, 2, -3};
    int xi3[6] = {9, 1, 9, 2, 9, 3};
    PyObject *ei = exp_1d("i", 4, 3, i3), *eq = exp_1d("q", 8, 3, q3), *ef = exp_1d("f", 4, 3, f3),
             *ed = exp_1d("d", 8, 3, d3), *eh = exp_1d("h", 2, 3, h3), *eli = exp_1d("<i", 4, 3, i3),
             *e2i = exp_1d("xi", 8, 3, xi3), *ebad = exp_1d("Z", 4, 3, i3), *ee = exp_1d("e", 2, 3, NULL);
    uint16_t e3[3] = {0x3c00, 0x4000, 0x4200};
    memcpy(((Exp *)ee)->mem.bytes, e3, sizeof e3);
    PyObject *mi = PyMemoryView_FromObject(ei);
    compare("i[1,2,3] vs q[1,2,3]", mi, eq);
    compare("i[1,2,3] vs f[1,2,3]", mi, ef);
    compare("i[1,2,3] vs d[1,2,3.5]", mi, ed);
    compare("i[1,2,3] vs h[1,2,-3]", mi, eh);
    compare("i[1,2,3] vs <i[1,2,3]", mi, eli);
    compare("i[1,2,3] vs xi (padding first)", mi, e2i);
    compare("i[1,2,3] vs 'Z' (bad format)", mi, ebad);
    compare("i[1,2,3] vs e[1,2,3]", mi, ee);
    compare("i[1,2,3] vs mv(b'abc')", mi, mv);
    PyObject *me = PyMemoryView_FromObject(ebad);
    compare("'Z' view vs itself", me, me);
    Py_DECREF(me);
    Py_DECREF(ei);
    Py_DECREF(eq);
    Py_DECREF(ef);
    Py_DECREF(ed);
    Py_DECREF(eh);
    Py_DECREF(eli);
    Py_DECREF(e2i);
    Py_DECREF(ebad);
    Py_DECREF(ee);
    double nan3[3] = {1, Py_NAN, 3};
    PyObject *en = exp_1d("d", 8, 3, nan3), *mn = PyMemoryView_FromObject(en);
    compare("d[1,nan,3] vs itself", mn, mn);
    compare("d[1,nan,3] vs its exporter", mn, en);
    PyObject *enf = exp_1d("f", 4, 3, NULL);
    float nanf3[3] = {1, Py_NAN, 3};
    memcpy(((Exp *)enf)->mem.bytes, nanf3, sizeof nanf3);
    compare("d[1,nan,3] vs f[1,nan,3]", mn, enf);
    Py_DECREF(enf);
    Py_DECREF(mn);
    Py_DECREF(en);
    double negz[1] = {-0.0}, posz[1] = {0.0};
    PyObject *e1 = exp_1d("d", 8, 1, negz), *e2 = exp_1d("d", 8, 1, posz), *m1 = PyMemoryView_FromObject(e1);
    compare("d[-0.0] vs d[0.0]", m1, e2);
    Py_DECREF(m1);
    Py_DECREF(e1);
    Py_DECREF(e2);
    long long bigq[1] = {9007199254740993LL};
    double bigd[1] = {9007199254740992.0};
    e1 = exp_1d("q", 8, 1, bigq), e2 = exp_1d("d", 8, 1, bigd);
    m1 = PyMemoryView_FromObject(e1);
    compare("q[2**53+1] vs d[2**53]", m1, e2);
    Py_DECREF(m1);
    Py_DECREF(e1);
    Py_DECREF(e2);
    unsigned long long bigQ[1] = {ULLONG_MAX};
    long long minus1[1] = {-1};
    e1 = exp_1d("Q", 8, 1, bigQ), e2 = exp_1d("q", 8, 1, minus1);
    m1 = PyMemoryView_FromObject(e1);
    compare("Q[2**64-1] vs q[-1]", m1, e2);
    Py_DECREF(m1);
    Py_DECREF(e1);
    Py_DECREF(e2);
    unsigned char bools[2] = {0, 1}, ints[2] = {0, 1};
    e1 = exp_1d("?", 1, 2, bools), e2 = exp_1d("B", 1, 2, ints);
    m1 = PyMemoryView_FromObject(e1);
    compare("?[F,T] vs B[0,1]", m1, e2);
    Py_DECREF(m1);
    Py_DECREF(e1);
    Py_DECREF(e2);
    e1 = exp_1d("2i", 8, 1, i3), e2 = exp_1d("ii", 8, 1, i3);
    m1 = PyMemoryView_FromObject(e1);
    compare("2i vs ii", m1, e2);
    Py_DECREF(e2);
    e2 = exp_1d("q", 8, 1, i3);
    compare("2i vs q", m1, e2);
    Py_DECREF(m1);
    Py_DECREF(e1);
    Py_DECREF(e2);

    /* Shapes and layouts. */
    int data[6] = {0, 1, 2, 3, 4, 5}, fdata[6] = {0, 3, 1, 4, 2, 5};
    Py_ssize_t shape23[2] = {2, 3}, shape32[2] = {3, 2}, fstrides[2] = {4, 8}, s6 = 6;
    PyObject *c23 = exp_new("i", 4, 2, shape23, NULL, data, sizeof data, 0, 0),
             *f23 = exp_new("i", 4, 2, shape23, fstrides, fdata, sizeof fdata, 0, 0),
             *c32 = exp_new("i", 4, 2, shape32, NULL, data, sizeof data, 0, 0),
             *l6 = exp_new("i", 4, 1, &s6, NULL, data, sizeof data, 0, 0),
             *q23 = exp_new("q", 8, 2, shape23, NULL, NULL, 0, 0, 0);
    long long qdata[6] = {0, 1, 2, 3, 4, 5};
    memcpy(((Exp *)q23)->mem.bytes, qdata, sizeof qdata);
    PyObject *mc = PyMemoryView_FromObject(c23);
    compare("2x3 C vs 2x3 F (same values)", mc, f23);
    compare("2x3 C vs 3x2", mc, c32);
    compare("2x3 C vs 6", mc, l6);
    compare("2x3 'i' vs 2x3 'q'", mc, q23);
    ((Exp *)f23)->mem.bytes[0] = 9;
    compare("2x3 C vs 2x3 F (one differs)", mc, f23);
    Py_DECREF(mc);
    Py_ssize_t shape205[3] = {2, 0, 5}, shape207[3] = {2, 0, 7}, shape305[3] = {3, 0, 5};
    PyObject *z1 = exp_new("i", 4, 3, shape205, NULL, NULL, 0, 0, 0),
             *z2 = exp_new("d", 8, 3, shape207, NULL, NULL, 0, 0, 0),
             *z3 = exp_new("i", 4, 3, shape305, NULL, NULL, 0, 0, 0);
    PyObject *mz = PyMemoryView_FromObject(z1);
    compare("[2,0,5] 'i' vs [2,0,7] 'd'", mz, z2);
    compare("[2,0,5] vs [3,0,5]", mz, z3);
    Py_DECREF(mz);
    Py_DECREF(z1);
    Py_DECREF(z2);
    Py_DECREF(z3);
    Py_DECREF(c23);
    Py_DECREF(f23);
    Py_DECREF(c32);
    Py_DECREF(l6);
    Py_DECREF(q23);

    /* Released views. */
    PyObject *mv2 = PyMemoryView_FromObject(b);
    Py_XDECREF(PyObject_CallMethod(mv2, "release", NULL));
    compare("released vs itself", mv2, mv2);
    compare("released vs b'abc'", mv2, b);
    compare("mv vs released", mv, mv2);
    Py_DECREF(mv2);
    Py_DECREF(mv);
    Py_DECREF(b);
}

static void hashing(void) {
    PyObject *b = PyBytes_FromString("abcdef");
    PyObject *mv = PyMemoryView_FromObject(b);
    Py_hash_t h = PyObject_Hash(mv);
    show("hash(mv(b'abcdef')) == hash(b'abcdef')", h == -1 ? NULL : PyBool_FromLong(h == PyObject_Hash(b)));
    PyObject *s = slice(N, N, 2);
    PyObject *sub = PyObject_GetItem(mv, s);
    PyObject *sb = PyBytes_FromString("ace");
    h = PyObject_Hash(sub);
    show("hash(mv[::2]) == hash(b'ace')", h == -1 ? NULL : PyBool_FromLong(h == PyObject_Hash(sb)));
    Py_DECREF(sb);
    Py_DECREF(sub);
    Py_DECREF(s);
    PyObject *ba = PyByteArray_FromStringAndSize("abc", 3);
    PyObject *mw = PyMemoryView_FromObject(ba);
    show_int("hash(mv(bytearray))", (int)PyObject_Hash(mw));
    PyObject *ro = PyObject_CallMethod(mw, "toreadonly", NULL);
    show_int("hash(mv(bytearray).toreadonly())", (int)PyObject_Hash(ro));
    Py_DECREF(ro);
    Py_DECREF(mw);
    Py_DECREF(ba);
    int i2[2] = {1, 2};
    PyObject *e = exp_1d("i", 4, 2, i2);
    ((Exp *)e)->readonly = 1;
    PyObject *mi = PyMemoryView_FromObject(e);
    show_int("hash(readonly 'i' view)", (int)PyObject_Hash(mi));
    PyObject *cast = PyObject_CallMethod(mi, "cast", "s", "c");
    h = PyObject_Hash(cast);
    PyObject *raw = PyBytes_FromStringAndSize((const char *)((Exp *)e)->mem.bytes, 8);
    show("hash(readonly 'i' view cast to 'c') == hash(bytes)", h == -1 ? NULL : PyBool_FromLong(h == PyObject_Hash(raw)));
    Py_DECREF(raw);
    Py_DECREF(cast);
    Py_DECREF(mi);
    Py_DECREF(e);
    e = exp_1d("@b", 1, 2, "xy");
    ((Exp *)e)->readonly = 1;
    mi = PyMemoryView_FromObject(e);
    raw = PyBytes_FromString("xy");
    h = PyObject_Hash(mi);
    show("hash(readonly '@b' view) == hash(b'xy')", h == -1 ? NULL : PyBool_FromLong(h == PyObject_Hash(raw)));
    Py_DECREF(raw);
    Py_DECREF(mi);
    Py_DECREF(e);
    /* The hash is kept after release. */
    h = PyObject_Hash(mv);
    Py_XDECREF(PyObject_CallMethod(mv, "release", NULL));
    Py_hash_t h2 = PyObject_Hash(mv);
    show("hash after release (hashed before)", h2 == -1 ? NULL : PyBool_FromLong(h == h2));
    PyObject *mv2 = PyMemoryView_FromObject(b);
    Py_XDECREF(PyObject_CallMethod(mv2, "release", NULL));
    show_int("hash after release (not hashed before)", (int)PyObject_Hash(mv2));
    Py_DECREF(mv2);
    Py_DECREF(mv);
    Py_DECREF(b);
}

static void methods(void) {
    PyObject *b = PyBytes_FromString("\xb9\x01\xef\x10\x20");
    PyObject *mv = PyMemoryView_FromObject(b);
    PyObject *kw;
    show("tobytes()", PyObject_CallMethod(mv, "tobytes", NULL));
    show("tobytes(None)", PyObject_CallMethod(mv, "tobytes", "O", Py_None));
    show("tobytes('X')", PyObject_CallMethod(mv, "tobytes", "s", "X"));
    show("tobytes('')", PyObject_CallMethod(mv, "tobytes", "s", ""));
    show("tobytes('CC')", PyObject_CallMethod(mv, "tobytes", "s", "CC"));
    show("tobytes(1)", PyObject_CallMethod(mv, "tobytes", "i", 1));
    show("tobytes('C', 'C')", PyObject_CallMethod(mv, "tobytes", "ss", "C", "C"));
    show("tobytes('A\\0')", PyObject_CallMethod(mv, "tobytes", "N", PyUnicode_FromStringAndSize("A\0", 2)));
    kw = Py_BuildValue("{s:s}", "order", "F");
    show("tobytes(order='F')", call(mv, "tobytes", NULL, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("{s:s}", "orde", "F");
    show("tobytes(orde='F')", call(mv, "tobytes", NULL, kw));
    Py_DECREF(kw);
    show("hex()", PyObject_CallMethod(mv, "hex", NULL));
    show("hex(':')", PyObject_CallMethod(mv, "hex", "s", ":"));
    show("hex(b'-')", PyObject_CallMethod(mv, "hex", "y", "-"));
    show("hex(':', 2)", PyObject_CallMethod(mv, "hex", "si", ":", 2));
    show("hex(':', -2)", PyObject_CallMethod(mv, "hex", "si", ":", -2));
    show("hex(':', 0)", PyObject_CallMethod(mv, "hex", "si", ":", 0));
    show("hex(':', 5)", PyObject_CallMethod(mv, "hex", "si", ":", 5));
    show("hex(':', -4)", PyObject_CallMethod(mv, "hex", "si", ":", -4));
    show("hex('ab')", PyObject_CallMethod(mv, "hex", "s", "ab"));
    show("hex('')", PyObject_CallMethod(mv, "hex", "s", ""));
    show("hex(5)", PyObject_CallMethod(mv, "hex", "i", 5));
    show("hex([1])", PyObject_CallMethod(mv, "hex", "[i]", 1));
    show("hex('\\xe9')", PyObject_CallMethod(mv, "hex", "s", "\xc3\xa9"));
    show("hex(b'\\xe9')", PyObject_CallMethod(mv, "hex", "y", "\xe9"));
    show("hex(':', 'x')", PyObject_CallMethod(mv, "hex", "ss", ":", "x"));
    show("hex(':', 2**40)", PyObject_CallMethod(mv, "hex", "sL", ":", 1LL << 40));
    show("hex(':', 1, 2)", PyObject_CallMethod(mv, "hex", "sii", ":", 1, 2));
    kw = Py_BuildValue("{s:i}", "bytes_per_sep", 2);
    show("hex(bytes_per_sep=2)", call(mv, "hex", NULL, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("{s:s,s:i}", "sep", "_", "bytes_per_sep", -3);
    show("hex(sep='_', bytes_per_sep=-3)", call(mv, "hex", NULL, kw));
    Py_DECREF(kw);
    show("tolist()", PyObject_CallMethod(mv, "tolist", NULL));
    show("tolist(1)", PyObject_CallMethod(mv, "tolist", "i", 1));
    show("toreadonly(1)", PyObject_CallMethod(mv, "toreadonly", "i", 1));
    show("release(1)", PyObject_CallMethod(mv, "release", "i", 1));
    show("nosuch()", PyObject_CallMethod(mv, "nosuch", NULL));
    show("mv.nosuch", PyObject_GetAttrString(mv, "nosuch"));
    show_int("setattr(mv, 'format', 'B')", PyObject_SetAttrString(mv, "format", Py_None));
    show_int("hasattr(mv, 'cast')", PyObject_HasAttrString(mv, "cast"));
    PyObject *o = PyObject_GetAttrString(mv, "obj");
    show("mv.obj is b", o ? PyBool_FromLong(o == b) : NULL);
    Py_XDECREF(o);
    Py_DECREF(mv);

    /* cast */
    char raw[24] = "0123456789abcdefghijklm";
    PyObject *ba = PyByteArray_FromStringAndSize(raw, 24);
    mv = PyMemoryView_FromObject(ba);
    showv("cast('i')", PyObject_CallMethod(mv, "cast", "s", "i"));
    showv("cast('@q')", PyObject_CallMethod(mv, "cast", "s", "@q"));
    showv("cast('c')", PyObject_CallMethod(mv, "cast", "s", "c"));
    showv("cast('i', [2, 3])", PyObject_CallMethod(mv, "cast", "s[ii]", "i", 2, 3));
    showv("cast('B', (2, 3, 4))", PyObject_CallMethod(mv, "cast", "s(iii)", "B", 2, 3, 4));
    showv("cast('B', [2, 2])", PyObject_CallMethod(mv, "cast", "s[ii]", "B", 2, 2));
    showv("cast('Z')", PyObject_CallMethod(mv, "cast", "s", "Z"));
    showv("cast('<i')", PyObject_CallMethod(mv, "cast", "s", "<i"));
    showv("cast('ii')", PyObject_CallMethod(mv, "cast", "s", "ii"));
    showv("cast('')", PyObject_CallMethod(mv, "cast", "s", ""));
    showv("cast('e')", PyObject_CallMethod(mv, "cast", "s", "e"));
    showv("cast('\\xe9')", PyObject_CallMethod(mv, "cast", "s", "\xc3\xa9"));
    showv("cast(1)", PyObject_CallMethod(mv, "cast", "i", 1));
    showv("cast(b'B')", PyObject_CallMethod(mv, "cast", "y", "B"));
    showv("cast()", PyObject_CallMethod(mv, "cast", NULL));
    showv("cast('B', 5)", PyObject_CallMethod(mv, "cast", "si", "B", 5));
    showv("cast('B', [0, 24])", PyObject_CallMethod(mv, "cast", "s[ii]", "B", 0, 24));
    showv("cast('B', [-1])", PyObject_CallMethod(mv, "cast", "s[i]", "B", -1));
    showv("cast('B', ['a'])", PyObject_CallMethod(mv, "cast", "s[s]", "B", "a"));
    showv("cast('B', [1.0])", PyObject_CallMethod(mv, "cast", "s[d]", "B", 1.0));
    showv("cast('B', [2**62, 4])", PyObject_CallMethod(mv, "cast", "s[Li]", "B", 1LL << 62, 4));
    showv("cast('B', [2**70])", PyObject_CallMethod(mv, "cast", "s[N]", "B", big("1180591620717411303424")));
    showv("cast('B', [24], 1)", PyObject_CallMethod(mv, "cast", "s[i]i", "B", 24, 1));
    PyObject *dims = PyList_New(65);
    for (int i = 0; i < 65; i++)
        PyList_SET_ITEM(dims, i, PyLong_FromLong(1));
    showv("cast('B', [1]*65)", PyObject_CallMethod(mv, "cast", "sO", "B", dims));
    Py_DECREF(dims);
    dims = PyList_New(64);
    for (int i = 0; i < 64; i++)
        PyList_SET_ITEM(dims, i, PyLong_FromLong(i == 0 ? 24 : 1));
    showv("cast('B', [24]+[1]*63)", PyObject_CallMethod(mv, "cast", "sO", "B", dims));
    Py_DECREF(dims);
    kw = Py_BuildValue("{s:s,s:(ii)}", "format", "h", "shape", 3, 4);
    showv("cast(format='h', shape=(3, 4))", call(mv, "cast", NULL, kw));
    Py_DECREF(kw);
    PyObject *mi = PyObject_CallMethod(mv, "cast", "s", "i");
    showv("cast('i').cast('h')", PyObject_CallMethod(mi, "cast", "s", "h"));
    showv("cast('i').cast('B')", PyObject_CallMethod(mi, "cast", "s", "B"));
    showv("cast('i').cast('b', [4, 6])", PyObject_CallMethod(mi, "cast", "s[ii]", "b", 4, 6));
    showv("cast('i').cast('i', [2, 3])", PyObject_CallMethod(mi, "cast", "s[ii]", "i", 2, 3));
    Py_XDECREF(mi);
    PyObject *m2 = PyObject_CallMethod(mv, "cast", "s[ii]", "B", 4, 6);
    showv("cast('B', [4, 6]).cast('i')", PyObject_CallMethod(m2, "cast", "s", "i"));
    showv("cast('B', [4, 6]).cast('B', [2, 12])", PyObject_CallMethod(m2, "cast", "s[ii]", "B", 2, 12));
    showv("cast('B', [4, 6]).cast('B', [24])", PyObject_CallMethod(m2, "cast", "s[i]", "B", 24));
    Py_XDECREF(m2);
    PyObject *s = slice(N, N, 2);
    PyObject *strided = PyObject_GetItem(mv, s);
    showv("mv[::2].cast('B')", PyObject_CallMethod(strided, "cast", "s", "B"));
    Py_DECREF(strided);
    Py_DECREF(s);
    PyObject *s7 = slice(0, 7, N);
    PyObject *seven = PyObject_GetItem(mv, s7);
    showv("mv[:7].cast('i')", PyObject_CallMethod(seven, "cast", "s", "i"));
    showv("mv[:7].cast('c', [7])", PyObject_CallMethod(seven, "cast", "s[i]", "c", 7));
    Py_DECREF(seven);
    Py_DECREF(s7);
    PyObject *s0 = slice(0, 0, N);
    PyObject *empty = PyObject_GetItem(mv, s0);
    showv("mv[:0].cast('i')", PyObject_CallMethod(empty, "cast", "s", "i"));
    showv("mv[:0].cast('i', [0])", PyObject_CallMethod(empty, "cast", "s[i]", "i", 0));
    showv("mv[:0].cast('i', [1])", PyObject_CallMethod(empty, "cast", "s[i]", "i", 1));
    Py_DECREF(empty);
    Py_DECREF(s0);
    double dd[3] = {1, 2, 3};
    PyObject *ed = exp_1d("d", 8, 3, dd);
    PyObject *md = PyMemoryView_FromObject(ed);
    showv("'d' cast('i')", PyObject_CallMethod(md, "cast", "s", "i"));
    showv("'d' cast('B')", PyObject_CallMethod(md, "cast", "s", "B"));
    showv("'d' cast('c', [2, 12])", PyObject_CallMethod(md, "cast", "s[ii]", "c", 2, 12));
    Py_DECREF(md);
    Py_DECREF(ed);
    PyObject *exb = exp_1d("xB", 2, 3, "abcdef");
    md = PyMemoryView_FromObject(exb);
    showv("'xB' cast('B')", PyObject_CallMethod(md, "cast", "s", "B"));
    showv("'xB' cast('h')", PyObject_CallMethod(md, "cast", "s", "h"));
    Py_DECREF(md);
    Py_DECREF(exb);

    /* toreadonly */
    PyObject *r = PyObject_CallMethod(mv, "toreadonly", NULL);
    showv("toreadonly()", Py_NewRef(r));
    PyObject *zero = PyLong_FromLong(0);
    setitem("toreadonly()[0] = 0", r, zero, zero);
    o = PyObject_GetAttrString(r, "obj");
    show("toreadonly().obj is the bytearray", o ? PyBool_FromLong(o == ba) : NULL);
    Py_XDECREF(o);
    Py_buffer view;
    show_int("GetBuffer(toreadonly(), WRITABLE)", PyObject_GetBuffer(r, &view, PyBUF_WRITABLE));
    PyObject *rr = PyObject_CallMethod(r, "toreadonly", NULL);
    show("toreadonly().toreadonly() is new", rr ? PyBool_FromLong(rr != r) : NULL);
    Py_XDECREF(rr);
    Py_DECREF(r);
    Py_DECREF(zero);

    /* release, exports, the context manager */
    show("release()", PyObject_CallMethod(mv, "release", NULL));
    show("release() again", PyObject_CallMethod(mv, "release", NULL));
    Py_DECREF(mv);
    mv = PyMemoryView_FromObject(ba);
    Py_buffer v1, v2;
    show_int("GetBuffer(mv)", PyObject_GetBuffer(mv, &v1, PyBUF_SIMPLE));
    show("release() with 1 export", PyObject_CallMethod(mv, "release", NULL));
    show_int("GetBuffer(mv) again", PyObject_GetBuffer(mv, &v2, PyBUF_FULL_RO));
    show("release() with 2 exports", PyObject_CallMethod(mv, "release", NULL));
    show("__exit__ with 2 exports", PyObject_CallMethod(mv, "__exit__", "OOO", Py_None, Py_None, Py_None));
    show_int("PyByteArray_Resize with exports", PyByteArray_Resize(ba, 25));
    PyBuffer_Release(&v1);
    show("release() with 1 export left", PyObject_CallMethod(mv, "release", NULL));
    PyBuffer_Release(&v2);
    o = PyObject_CallMethod(mv, "__enter__", NULL);
    show("__enter__() is mv", o ? PyBool_FromLong(o == mv) : NULL);
    Py_XDECREF(o);
    show("__exit__(None, None, None)", PyObject_CallMethod(mv, "__exit__", "OOO", Py_None, Py_None, Py_None));
    show("__enter__() after __exit__", PyObject_CallMethod(mv, "__enter__", NULL));
    show("__exit__() again", PyObject_CallMethod(mv, "__exit__", NULL));
    Py_DECREF(mv);
    /* A slice outlives the release of the view it came from. */
    mv = PyMemoryView_FromObject(ba);
    s = slice(1, 4, N);
    PyObject *part = PyObject_GetItem(mv, s);
    show("release() with a slice alive", PyObject_CallMethod(mv, "release", NULL));
    show("slice.tobytes() after the parent's release", PyObject_CallMethod(part, "tobytes", NULL));
    Py_DECREF(part);
    Py_DECREF(s);
    Py_DECREF(mv);
    Py_DECREF(ba);
    Py_DECREF(b);
}

static void released(void) {
    PyObject *ba = PyByteArray_FromStringAndSize("abcd", 4);
    PyObject *mv = PyMemoryView_FromObject(ba);
    PyObject *r = PyObject_Repr(mv);
    char expect[64];
    snprintf(expect, sizeof expect, "<memory at %p>", (void *)mv);
    show("repr(mv) is '<memory at %p>'", PyBool_FromLong(r && strcmp(PyUnicode_AsUTF8(r), expect) == 0));
    Py_XDECREF(r);
    Py_XDECREF(PyObject_CallMethod(mv, "release", NULL));
    r = PyObject_Repr(mv);
    snprintf(expect, sizeof expect, "<released memory at %p>", (void *)mv);
    show("repr(released) is '<released memory at %p>'", PyBool_FromLong(r && strcmp(PyUnicode_AsUTF8(r), expect) == 0));
    Py_XDECREF(r);
    for (size_t i = 0; i < sizeof described / sizeof *described; i++) {
        char what[64];
        snprintf(what, sizeof what, "released .%s", described[i]);
        show(what, PyObject_GetAttrString(mv, described[i]));
    }
    show("released .obj", PyObject_GetAttrString(mv, "obj"));
    PyObject *zero = PyLong_FromLong(0);
    show("released len()", PyLong_FromSsize_t(PyObject_Size(mv)));
    show("released mv[0]", PyObject_GetItem(mv, zero));
    show("released PySequence_GetItem(mv, 0)", PySequence_GetItem(mv, 0));
    PyObject *s = slice(N, N, N);
    show("released mv[:]", PyObject_GetItem(mv, s));
    Py_DECREF(s);
    setitem("released mv[0] = 0", mv, zero, zero);
    show_int("released del mv[0]", PyObject_DelItem(mv, zero));
    show("released tobytes()", PyObject_CallMethod(mv, "tobytes", NULL));
    show("released tobytes('X')", PyObject_CallMethod(mv, "tobytes", "s", "X"));
    show("released tolist()", PyObject_CallMethod(mv, "tolist", NULL));
    show("released hex()", PyObject_CallMethod(mv, "hex", NULL));
    show("released cast('B')", PyObject_CallMethod(mv, "cast", "s", "B"));
    show("released toreadonly()", PyObject_CallMethod(mv, "toreadonly", NULL));
    show("released __enter__()", PyObject_CallMethod(mv, "__enter__", NULL));
    show("released release()", PyObject_CallMethod(mv, "release", NULL));
    show("released PyMemoryView_FromObject", PyMemoryView_FromObject(mv));
    show("released PyMemoryView_GetContiguous", PyMemoryView_GetContiguous(mv, PyBUF_READ, 'C'));
    show("released bytes(mv)", PyBytes_FromObject(mv));
    Py_buffer view;
    show_int("released GetBuffer", PyObject_GetBuffer(mv, &view, PyBUF_SIMPLE));
    show_int("released CheckBuffer", PyObject_CheckBuffer(mv));
    show_int("released hash", (int)PyObject_Hash(mv));
    show_int("PyByteArray_Resize after release", PyByteArray_Resize(ba, 5));
    show("bytearray", Py_NewRef(ba));
    Py_DECREF(zero);
    Py_DECREF(mv);
    Py_DECREF(ba);
}

/* Operations whose arguments release the view while they run. */
static void reentrancy(void) {
    PyObject *ba = PyByteArray_FromStringAndSize("abcdef", 6);
    PyObject *idx = PyObject_CallNoArgs(releasing_type);
    PyObject *b = PyBytes_FromString("xy");
#define FRESH() (Py_XDECREF(victim), victim = PyMemoryView_FromObject(ba))
    FRESH();
    show("mv[releasing 0]", PyObject_GetItem(victim, idx));
    FRESH();
    PyObject *s = PySlice_New(idx, NULL, NULL);
    showv("mv[releasing 0:] (the slice survives)", PyObject_GetItem(victim, s));
    show_int("len(mv) after mv[releasing 0:]", (int)PyObject_Size(victim));
    FRESH();
    PyObject *zero = PyLong_FromLong(0);
    setitem("mv[0] = releasing 0", victim, zero, idx);
    FRESH();
    PyObject *two = PyLong_FromLong(2);
    PyObject *s2 = PySlice_New(idx, two, NULL);
    Py_DECREF(two);
    setitem("mv[releasing 0:2] = b'xy'", victim, s2, b);
    FRESH();
    show("mv.hex(':', releasing 0)", PyObject_CallMethod(victim, "hex", "sO", ":", idx));
    FRESH();
    PyObject *t = PyTuple_Pack(1, idx);
    show("mv[releasing 0,]", PyObject_GetItem(victim, t));
    Py_DECREF(t);
    int data[4] = {1, 2, 3, 4};
    Py_ssize_t shape[2] = {2, 2};
    PyObject *e = exp_new("i", 4, 2, shape, NULL, data, sizeof data, 0, 0);
    Py_XDECREF(victim);
    victim = PyMemoryView_FromObject(e);
    t = PyTuple_Pack(2, zero, idx);
    show("2-D mv[0, releasing 0]", PyObject_GetItem(victim, t));
    Py_DECREF(t);
    Py_XDECREF(victim);
    victim = PyMemoryView_FromObject(e);
    t = PyTuple_Pack(2, idx, zero);
    setitem("2-D mv[releasing 0, 0] = 5", victim, t, zero);
    Py_DECREF(t);
    Py_ssize_t shape23[2] = {2, 3};
    Exp *p = (Exp *)exp_new("B", 1, 2, shape23, NULL, "abcdefgh", 8, 0, 0);
    p->indirect = 1;
    p->strides[0] = sizeof(char *);
    p->suboffsets[0] = 0;
    p->suboffsets[1] = -1;
    p->rows[0] = (char *)p->mem.bytes + 2;
    p->rows[1] = (char *)p->mem.bytes;
    Py_XDECREF(victim);
    victim = PyMemoryView_FromObject((PyObject *)p);
    t = PyTuple_Pack(2, zero, idx);
    show("PIL-style mv[0, releasing 0]", PyObject_GetItem(victim, t));
    Py_XDECREF(victim);
    victim = PyMemoryView_FromObject((PyObject *)p);
    PyObject *t12 = Py_BuildValue("(ii)", 1, 2);
    show("PIL-style mv[1, 2] (fresh)", PyObject_GetItem(victim, t12));
    Py_DECREF(t12);
    setitem("PIL-style mv[0, releasing 0] = 0", victim, t, zero);
    Py_DECREF(t);
    Py_DECREF(p);
    Py_CLEAR(victim);
#undef FRESH
    Py_DECREF(e);
    Py_DECREF(zero);
    Py_DECREF(s);
    Py_DECREF(s2);
    Py_DECREF(b);
    Py_DECREF(idx);
    Py_DECREF(ba);
}

static void iteration_and_type(void) {
    PyObject *b = PyBytes_FromString("xyz");
    PyObject *mv = PyMemoryView_FromObject(b);
    PyObject *it = PyObject_GetIter(mv);
    show("type(iter(mv)).__name__", it ? PyUnicode_FromString(Py_TYPE(it)->tp_name) : NULL);
    show("next(it)", PyIter_Next(it));
    show("iter(it) is it", PyBool_FromLong(PyObject_GetIter(it) == it));
    Py_DECREF(it); /* from PyObject_GetIter(it) */
    show("next(it)", PyIter_Next(it));
    show("next(it)", PyIter_Next(it));
    PyObject *end = PyIter_Next(it);
    show("next(it) at the end (NULL, no error)", PyBool_FromLong(end == NULL && !PyErr_Occurred()));
    end = PyIter_Next(it);
    show("next(it) again", PyBool_FromLong(end == NULL && !PyErr_Occurred()));
    Py_DECREF(it);
    it = PyObject_GetIter(mv);
    PyObject *first = PyIter_Next(it);
    Py_XDECREF(first);
    Py_XDECREF(PyObject_CallMethod(mv, "release", NULL));
    show("next(it) after release", PyIter_Next(it));
    Py_DECREF(it);
    Py_DECREF(mv);
    mv = PyMemoryView_FromObject(b);
    PyObject *y = PyLong_FromLong('y'), *q = PyLong_FromLong('q');
    show_int("ord('y') in mv", PySequence_Contains(mv, y));
    show_int("ord('q') in mv", PySequence_Contains(mv, q));
    show("tuple(mv)", PySequence_Tuple(mv));
    Py_DECREF(y);
    Py_DECREF(q);
    PyObject *c = PyObject_CallMethod(mv, "cast", "s", "c");
    show("list(mv.cast('c'))", c ? PySequence_List(c) : NULL);
    Py_XDECREF(c);
    Py_DECREF(mv);

    PyObject *type = (PyObject *)&PyMemoryView_Type;
    showv("memoryview(b'xyz')", PyObject_CallOneArg(type, b));
    PyObject *kw = Py_BuildValue("{s:O}", "object", b), *empty = PyTuple_New(0);
    showv("memoryview(object=b'xyz')", PyObject_Call(type, empty, kw));
    Py_DECREF(kw);
    show("memoryview()", PyObject_CallNoArgs(type));
    PyObject *five = PyLong_FromLong(5);
    show("memoryview(5)", PyObject_CallOneArg(type, five));
    show("PyMemoryView_FromObject(5)", PyMemoryView_FromObject(five));
    Py_DECREF(five);
    PyObject *args = PyTuple_Pack(2, b, b);
    show("memoryview(b, b)", PyObject_Call(type, args, NULL));
    Py_DECREF(args);
    kw = Py_BuildValue("{s:O}", "obj", b);
    show("memoryview(obj=b)", PyObject_Call(type, empty, kw));
    Py_DECREF(kw);
    Py_DECREF(empty);
    PyObject *m1 = PyMemoryView_FromObject(b);
    PyObject *m2 = PyObject_CallOneArg(type, m1);
    show("memoryview(mv) is a new view", m2 ? PyBool_FromLong(m2 != m1 && PyMemoryView_Check(m2)) : NULL);
    PyObject *o = m2 ? PyObject_GetAttrString(m2, "obj") : NULL;
    show("memoryview(mv).obj is b", o ? PyBool_FromLong(o == b) : NULL);
    Py_XDECREF(o);
    Py_XDECREF(m2);
    Py_DECREF(m1);
    m1 = PyMemoryView_FromMemory("hello", 5, PyBUF_READ);
    show("PyMemoryView_FromMemory(...).obj", PyObject_GetAttrString(m1, "obj"));
    show("PyMemoryView_FromMemory(...)[1]", PySequence_GetItem(m1, 1));
    Py_DECREF(m1);
    Py_DECREF(b);
}

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    exp_type = PyType_FromSpec(&exp_spec);
    item_access();
    assignment();
    formats();
    multi_dim();
    zero_dim();
    comparisons();
    hashing();
    methods();
    released();
    iteration_and_type();
    releasing_type = PyType_FromSpec(&releasing_spec);
    reentrancy();
    Py_DECREF(releasing_type);
    Py_DECREF(exp_type);
    PyGILState_Release(g);
    return 0;
}
