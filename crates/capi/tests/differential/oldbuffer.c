/* Differential cases for the old buffer API CPython 3.11 keeps in
 * Objects/abstract.c (deprecated since 3.0): PyObject_CheckReadBuffer,
 * PyObject_AsCharBuffer, PyObject_AsReadBuffer and PyObject_AsWriteBuffer,
 * on bytes, bytearray, memoryviews (contiguous, strided, read-only),
 * objects without buffers and NULL arguments: the result, where the
 * pointer points (relative to the object's own data) and the length, the
 * error, whether an error is left pending, and that no export is left
 * behind (a bytearray can be resized afterwards).
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

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static int case_no;

/* The pending error as "Type: message", cleared, or "no error". */
static void print_error(void) {
    if (!PyErr_Occurred()) {
        printf("no error");
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf("%s: %s", t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

/* `base` is where the object's own data starts (NULL: unknown). */
static void report(const char *what, int rc, const void *p, Py_ssize_t len, const char *base) {
    printf("%d\t%s\trc=%d", ++case_no, what, rc);
    if (rc == 0) {
        if (base != NULL)
            printf(" at=%ld", (long)((const char *)p - base));
        printf(" len=%zd ", len);
        if (len > 0)
            printf("first=%d ", ((const unsigned char *)p)[0]);
    } else {
        printf(" ");
    }
    print_error();
    printf("\n");
}

static void check(const char *what, PyObject *o) {
    int rc = PyObject_CheckReadBuffer(o);
    printf("%d\tCheckReadBuffer(%s)\t%d ", ++case_no, what, rc);
    print_error();
    printf("\n");
}

static void all_four(const char *what, PyObject *o, const char *base) {
    char label[160];
    const char *c = NULL;
    const void *r = NULL;
    void *w = NULL;
    Py_ssize_t len = -7;
    check(what, o);
    snprintf(label, sizeof label, "AsCharBuffer(%s)", what);
    int rc = PyObject_AsCharBuffer(o, &c, &len);
    report(label, rc, c, len, base);
    len = -7;
    snprintf(label, sizeof label, "AsReadBuffer(%s)", what);
    rc = PyObject_AsReadBuffer(o, &r, &len);
    report(label, rc, r, len, base);
    len = -7;
    snprintf(label, sizeof label, "AsWriteBuffer(%s)", what);
    rc = PyObject_AsWriteBuffer(o, &w, &len);
    report(label, rc, w, len, base);
}

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();

    PyObject *b = PyBytes_FromStringAndSize("\x05hello", 6);
    all_four("bytes", b, PyBytes_AS_STRING(b));
    PyObject *empty = PyBytes_FromStringAndSize(NULL, 0);
    all_four("b''", empty, PyBytes_AS_STRING(empty));

    PyObject *ba = PyByteArray_FromStringAndSize("\x09" "abcdef", 7);
    all_four("bytearray", ba, PyByteArray_AS_STRING(ba));
    /* No export is left: the bytearray can be resized. */
    int rs = PyByteArray_Resize(ba, 100);
    printf("%d\tbytearray resize after the four\t%d ", ++case_no, rs);
    print_error();
    printf(" size=%zd\n", PyByteArray_GET_SIZE(ba));
    PyObject *eba = PyByteArray_FromStringAndSize(NULL, 0);
    all_four("bytearray()", eba, NULL);

    PyObject *mv = PyMemoryView_FromObject(ba);
    all_four("memoryview(bytearray)", mv, PyByteArray_AS_STRING(ba));
    PyObject *ro = PyMemoryView_FromObject(b);
    all_four("memoryview(bytes)", ro, PyBytes_AS_STRING(b));
    PyObject *step = PySlice_New(NULL, NULL, PyLong_FromLong(2));
    PyObject *strided = PyObject_GetItem(mv, step);
    all_four("memoryview(bytearray)[::2]", strided, PyByteArray_AS_STRING(ba));
    PyObject *one = PySlice_New(PyLong_FromLong(3), PyLong_FromLong(10), NULL);
    PyObject *sub = PyObject_GetItem(mv, one);
    all_four("memoryview(bytearray)[3:10]", sub, PyByteArray_AS_STRING(ba));
    PyObject *castd = PyObject_CallMethod(mv, "cast", "s", "i");
    all_four("memoryview(bytearray).cast('i')", castd, PyByteArray_AS_STRING(ba));
    PyObject *rel = PyMemoryView_FromObject(ba);
    PyObject *r = PyObject_CallMethod(rel, "release", NULL);
    Py_XDECREF(r);
    all_four("released memoryview", rel, NULL);

    PyObject *i = PyLong_FromLong(5);
    all_four("int", i, NULL);
    PyObject *s = PyUnicode_FromString("text");
    all_four("str", s, NULL);
    PyObject *lst = PyList_New(0);
    all_four("list", lst, NULL);

    /* NULL arguments. */
    const void *p = NULL;
    void *wp = NULL;
    Py_ssize_t len = 0;
    report("AsReadBuffer(NULL, &p, &len)", PyObject_AsReadBuffer(NULL, &p, &len), p, len, NULL);
    report("AsReadBuffer(b, NULL, &len)", PyObject_AsReadBuffer(b, NULL, &len), p, len, NULL);
    report("AsReadBuffer(b, &p, NULL)", PyObject_AsReadBuffer(b, &p, NULL), p, len, NULL);
    report("AsCharBuffer(b, NULL, &len)", PyObject_AsCharBuffer(b, NULL, &len), p, len, NULL);
    report("AsWriteBuffer(ba, NULL, &len)", PyObject_AsWriteBuffer(ba, NULL, &len), wp, len, NULL);
    report("AsWriteBuffer(NULL, &wp, &len)", PyObject_AsWriteBuffer(NULL, &wp, &len), wp, len, NULL);
    /* A pending error is kept by the NULL check, not replaced. */
    PyErr_SetString(PyExc_KeyError, "pending");
    report("AsReadBuffer(NULL) with KeyError pending", PyObject_AsReadBuffer(NULL, &p, &len), p, len,
           NULL);

    Py_DECREF(b);
    Py_DECREF(empty);
    Py_DECREF(eba);
    Py_DECREF(sub);
    Py_DECREF(one);
    Py_XDECREF(castd);
    Py_DECREF(strided);
    Py_DECREF(step);
    Py_DECREF(mv);
    Py_DECREF(ro);
    Py_DECREF(rel);
    Py_DECREF(ba);
    Py_DECREF(i);
    Py_DECREF(s);
    Py_DECREF(lst);
    PyGILState_Release(g);
    return 0;
}
