/* Randomised differential sequences: a seeded PRNG drives the same
 * operations on an array.array('h'), a bytearray and a list (append,
 * insert, pop, remove, index, count, extend (also with itself), slice
 * reads, writes and deletions with random and extreme bounds and steps
 * (also assigning the object to itself), in-place repeat and concat,
 * reverse, byteswap, frombytes, buffer exports held across steps), each
 * step printing the result (or the exception type) and a digest of the
 * object's repr, so any divergence in result, error or state shows on
 * the step where it happens. Same seed under both hosts.
 *
 * Built against CPython 3.11 and against pybuffer; scripts/c-tests.sh
 * compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* A uniform pick in [lo, hi]. */
static long pick(long lo, long hi) { return lo + (long)(rnd() % (uint32_t)(hi - lo + 1)); }

/* An index around the bounds of a sequence of length n, sometimes
   extreme. */
static Py_ssize_t idx(Py_ssize_t n)
{
    switch (rnd() % 8) {
    case 0:
        return PY_SSIZE_T_MAX - pick(0, 1);
    case 1:
        return PY_SSIZE_T_MIN + pick(0, 1);
    default:
        return pick(-n - 2, n + 2);
    }
}

static PyObject *slice_obj(Py_ssize_t n)
{
    PyObject *a = rnd() % 4 ? PyLong_FromSsize_t(idx(n)) : Py_NewRef(Py_None);
    PyObject *b = rnd() % 4 ? PyLong_FromSsize_t(idx(n)) : Py_NewRef(Py_None);
    PyObject *c;
    switch (rnd() % 6) {
    case 0:
        c = Py_NewRef(Py_None);
        break;
    case 1:
        c = PyLong_FromSsize_t(rnd() % 8 ? pick(-3, 3) : (rnd() % 2 ? PY_SSIZE_T_MAX : PY_SSIZE_T_MIN));
        break;
    default:
        c = PyLong_FromLong(pick(-3, 3));
        break;
    }
    PyObject *s = PySlice_New(a, b, c);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    return s;
}

enum kind { K_ARRAY, K_BYTEARRAY, K_LIST };
static PyObject *ArrayType;

static PyObject *value(enum kind k)
{
    if (k == K_BYTEARRAY)
        return PyLong_FromLong(rnd() % 16 ? pick(0, 255) : pick(-2, 300));
    if (k == K_ARRAY)
        return PyLong_FromLong(rnd() % 16 ? pick(-300, 300) : (rnd() % 2 ? 32768 : -32769));
    return PyLong_FromLong(pick(-5, 50));
}

/* A new sequence of the same kind with `m` random items. */
static PyObject *make(enum kind k, Py_ssize_t m)
{
    PyObject *l = PyList_New(0);
    for (Py_ssize_t i = 0; i < m; i++) {
        PyObject *v = value(k);
        long x = PyLong_AsLong(v);
        if ((k == K_BYTEARRAY && (x < 0 || x > 255)) || (k == K_ARRAY && (x < -32768 || x > 32767))) {
            Py_DECREF(v);
            v = PyLong_FromLong(7);
        }
        PyList_Append(l, v);
        Py_DECREF(v);
    }
    if (k == K_LIST)
        return l;
    PyObject *r = k == K_ARRAY ? PyObject_CallFunction(ArrayType, "sO", "h", l)
                               : PyByteArray_FromObject(l);
    Py_DECREF(l);
    return r;
}

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int step_no;

/* Prints the step: its name, the result (short: type name and small
   ints) or the error type and message, and the digest and length of
   `o`. `r` is consumed. */
static void report(const char *what, PyObject *o, PyObject *r, int rc_mode, int rc)
{
    printf("%d\t%s\t", ++step_no, what);
    if ((rc_mode && rc < 0) || (!rc_mode && r == NULL)) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s: %.80s", t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    } else if (rc_mode) {
        printf("%d", rc);
    } else if (PyLong_Check(r) || r == Py_None || PyBool_Check(r)) {
        PyObject *s = PyObject_Repr(r);
        printf("%s", PyUnicode_AsUTF8(s));
        Py_DECREF(s);
    } else {
        PyObject *s = PyObject_Repr(r);
        printf("%s len %zd #%016llx", Py_TYPE(r)->tp_name, PyObject_Length(r),
               (unsigned long long)fnv(s ? PyUnicode_AsUTF8(s) : "?"));
        PyErr_Clear();
        Py_XDECREF(s);
    }
    Py_XDECREF(r);
    PyObject *s = PyObject_Repr(o);
    printf(" | len %zd #%016llx\n", PyObject_Length(o), (unsigned long long)fnv(PyUnicode_AsUTF8(s)));
    Py_DECREF(s);
    if (PyErr_Occurred()) {
        printf("!! left set\n");
        PyErr_Clear();
    }
}

static void run(enum kind k, int steps)
{
    PyObject *o = make(k, 6);
    Py_buffer view;
    int exported = 0;
    char what[200];
    for (int s = 0; s < steps; s++) {
        Py_ssize_t n = PyObject_Length(o);
        int op = (int)(rnd() % 22);
        PyObject *r = NULL;
        int rc = 0, rcm = 0;
        switch (op) {
        case 0: {
            PyObject *v = value(k);
            snprintf(what, sizeof what, "append(%ld)", PyLong_AsLong(v));
            r = PyObject_CallMethod(o, "append", "O", v);
            Py_DECREF(v);
            break;
        }
        case 1: {
            PyObject *v = value(k);
            Py_ssize_t i = idx(n);
            snprintf(what, sizeof what, "insert(%zd, %ld)", i, PyLong_AsLong(v));
            r = PyObject_CallMethod(o, "insert", "nO", i, v);
            Py_DECREF(v);
            break;
        }
        case 2: {
            Py_ssize_t i = idx(n);
            snprintf(what, sizeof what, "pop(%zd)", i);
            r = PyObject_CallMethod(o, "pop", "n", i);
            break;
        }
        case 3: {
            PyObject *v = value(k);
            snprintf(what, sizeof what, "remove(%ld)", PyLong_AsLong(v));
            r = PyObject_CallMethod(o, "remove", "O", v);
            Py_DECREF(v);
            break;
        }
        case 4: {
            PyObject *v = value(k);
            Py_ssize_t a = idx(n), b = idx(n);
            snprintf(what, sizeof what, "index(%ld, %zd, %zd)", PyLong_AsLong(v), a, b);
            r = PyObject_CallMethod(o, "index", "Onn", v, a, b);
            Py_DECREF(v);
            break;
        }
        case 5: {
            PyObject *v = value(k);
            snprintf(what, sizeof what, "count(%ld)", PyLong_AsLong(v));
            r = PyObject_CallMethod(o, "count", "O", v);
            Py_DECREF(v);
            break;
        }
        case 6: {
            Py_ssize_t m = pick(0, 4);
            PyObject *l = PyList_New(0);
            for (Py_ssize_t i = 0; i < m; i++) {
                PyObject *v = value(k);
                PyList_Append(l, v);
                Py_DECREF(v);
            }
            PyObject *lr = PyObject_Repr(l);
            snprintf(what, sizeof what, "extend(%s)", PyUnicode_AsUTF8(lr));
            Py_DECREF(lr);
            r = PyObject_CallMethod(o, "extend", "O", l);
            Py_DECREF(l);
            break;
        }
        case 7:
            if (n > 200) {
                snprintf(what, sizeof what, "del o[100:]");
                rcm = 1;
                rc = PySequence_DelSlice(o, 100, PY_SSIZE_T_MAX);
            } else {
                snprintf(what, sizeof what, "extend(self)");
                r = PyObject_CallMethod(o, "extend", "O", o);
            }
            break;
        case 8:
        case 9: {
            PyObject *sl = slice_obj(n);
            PyObject *sr = PyObject_Repr(sl);
            snprintf(what, sizeof what, "o[%s]", PyUnicode_AsUTF8(sr));
            Py_DECREF(sr);
            r = PyObject_GetItem(o, sl);
            Py_DECREF(sl);
            break;
        }
        case 10:
        case 11: {
            PyObject *sl = slice_obj(n);
            int self = rnd() % 4 == 0;
            Py_ssize_t m = pick(0, 5);
            PyObject *v = self ? Py_NewRef(o) : make(k, m);
            PyObject *sr = PyObject_Repr(sl);
            snprintf(what, sizeof what, "o[%s] = %s", PyUnicode_AsUTF8(sr), self ? "o" : "new");
            if (!self)
                snprintf(what + strlen(what), sizeof what - strlen(what), " of %zd", m);
            Py_DECREF(sr);
            rcm = 1;
            rc = PyObject_SetItem(o, sl, v);
            Py_DECREF(v);
            Py_DECREF(sl);
            break;
        }
        case 12: {
            PyObject *sl = slice_obj(n);
            PyObject *sr = PyObject_Repr(sl);
            snprintf(what, sizeof what, "del o[%s]", PyUnicode_AsUTF8(sr));
            Py_DECREF(sr);
            rcm = 1;
            rc = PyObject_DelItem(o, sl);
            Py_DECREF(sl);
            break;
        }
        case 13: {
            Py_ssize_t i = idx(n);
            PyObject *v = value(k);
            snprintf(what, sizeof what, "o[%zd] = %ld", i, PyLong_AsLong(v));
            rcm = 1;
            rc = PySequence_SetItem(o, i, v);
            Py_DECREF(v);
            break;
        }
        case 14: {
            Py_ssize_t i = idx(n);
            snprintf(what, sizeof what, "del o[%zd]", i);
            rcm = 1;
            rc = PySequence_DelItem(o, i);
            break;
        }
        case 15: {
            Py_ssize_t t = n > 50 ? pick(-1, 1) : pick(-1, 3);
            if (rnd() % 10 == 0)
                t = PY_SSIZE_T_MAX / 2;
            snprintf(what, sizeof what, "o *= %zd", t);
            r = PySequence_InPlaceRepeat(o, t);
            break;
        }
        case 16:
            if (n > 200) {
                snprintf(what, sizeof what, "del o[::2]");
                rcm = 1;
                PyObject *sl = PySlice_New(NULL, NULL, PyLong_FromLong(2));
                rc = PyObject_DelItem(o, sl);
                Py_DECREF(sl);
            } else {
                snprintf(what, sizeof what, "o += o");
                r = PySequence_InPlaceConcat(o, o);
            }
            break;
        case 17:
            snprintf(what, sizeof what, "reverse()");
            r = PyObject_CallMethod(o, "reverse", NULL);
            break;
        case 18: {
            Py_ssize_t m = pick(0, 5);
            char buf[5] = {1, 2, 3, 4, 5};
            snprintf(what, sizeof what, "%s(%zd bytes)", k == K_LIST ? "extend" : "frombytes", m);
            PyObject *b = PyBytes_FromStringAndSize(buf, m);
            r = PyObject_CallMethod(o, k == K_LIST ? "extend" : (k == K_ARRAY ? "frombytes" : "extend"), "O", b);
            Py_DECREF(b);
            break;
        }
        case 19:
            if (k == K_LIST) {
                snprintf(what, sizeof what, "sort()");
                r = PyObject_CallMethod(o, "sort", NULL);
            } else if (k == K_ARRAY) {
                snprintf(what, sizeof what, "byteswap()");
                r = PyObject_CallMethod(o, "byteswap", NULL);
            } else {
                snprintf(what, sizeof what, "o.find(o[:2])");
                PyObject *h = PySequence_GetSlice(o, 0, 2);
                r = PyObject_CallMethod(o, "find", "O", h);
                Py_DECREF(h);
            }
            break;
        case 20:
        case 21:
            if (k == K_LIST) {
                snprintf(what, sizeof what, "o + o[:1]");
                PyObject *h = PySequence_GetSlice(o, 0, 1);
                r = PyNumber_Add(o, h);
                Py_DECREF(h);
            } else if (!exported) {
                snprintf(what, sizeof what, "export");
                rcm = 1;
                rc = PyObject_GetBuffer(o, &view, PyBUF_SIMPLE);
                exported = rc == 0;
            } else {
                snprintf(what, sizeof what, "release");
                rcm = 1;
                PyBuffer_Release(&view);
                exported = 0;
            }
            break;
        }
        report(what, o, r, rcm, rc);
    }
    if (exported)
        PyBuffer_Release(&view);
    Py_DECREF(o);
}

int main(void)
{
    Py_Initialize();
    PyObject *mod = PyImport_ImportModule("array");
    ArrayType = mod ? PyObject_GetAttrString(mod, "array") : NULL;
    if (ArrayType == NULL) {
        PyErr_Print();
        return 1;
    }
    run(K_ARRAY, 600);
    run(K_BYTEARRAY, 600);
    run(K_LIST, 500);
    Py_DECREF(ArrayType);
    Py_DECREF(mod);
    return 0;
}
