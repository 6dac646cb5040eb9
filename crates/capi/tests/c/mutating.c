/* Operations whose own conversions change the object being operated on,
   where CPython 3.11 reads or writes out of bounds and pybuffer is
   stricter (the README's table): an extended-slice assignment whose
   iterable empties or shrinks the list, and `bytearray % args` whose
   __bytes__ resizes the format bytearray. Each must give a defined result
   with no access outside the objects; scripts/c-tests.sh also runs this
   under AddressSanitizer and valgrind. */
#include <Python.h>
#include <string.h>
#include "check.h"

/* An iterator that, on its first step, cuts `victim` to `keep` items,
   then yields `count` ints. */
static PyObject *victim;
static Py_ssize_t keep;
static int count;
typedef struct {
    PyObject_HEAD
    int n;
} Cutter;
static PyObject *cutter_next(PyObject *self) {
    Cutter *c = (Cutter *)self;
    if (c->n == 0 && victim != NULL)
        PyList_SetSlice(victim, keep, PyList_GET_SIZE(victim), NULL);
    if (c->n >= count)
        return NULL;
    return PyLong_FromLong(100 + c->n++);
}
static PyType_Slot cutter_slots[] = {{Py_tp_iter, PyObject_SelfIter}, {Py_tp_iternext, cutter_next}, {0, NULL}};
static PyType_Spec cutter_spec = {"mod.Cutter", sizeof(Cutter), 0, Py_TPFLAGS_DEFAULT, cutter_slots};

/* An object whose __bytes__ grows the bytearray `format` to 4096 bytes
   (moving its storage) and returns b'R'. */
static PyObject *format;
static PyObject *resizer_bytes(PyObject *self, PyObject *unused) {
    (void)self, (void)unused;
    if (PyByteArray_Resize(format, 4096) < 0)
        return NULL;
    return PyBytes_FromString("R");
}
static PyMethodDef resizer_methods[] = {{"__bytes__", resizer_bytes, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyType_Slot resizer_slots[] = {{Py_tp_methods, resizer_methods}, {0, NULL}};
static PyType_Spec resizer_spec = {"mod.Resizer", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, resizer_slots};

static PyObject *range_list(int n) {
    PyObject *l = PyList_New(n);
    for (int i = 0; i < n; i++)
        PyList_SET_ITEM(l, i, PyLong_FromLong(i));
    return l;
}

/* ascii(o) equals `want`. */
static int ascii_is(PyObject *o, const char *want) {
    PyObject *r = PyObject_ASCII(o);
    int same = r != NULL && strcmp(PyUnicode_AsUTF8(r), want) == 0;
    if (!same)
        printf("# got %s, want %s\n", r ? PyUnicode_AsUTF8(r) : "(error)", want);
    Py_XDECREF(r);
    PyErr_Clear();
    return same;
}

int main(void) {
    Py_Initialize();
    PyObject *cutter_type = PyType_FromSpec(&cutter_spec);
    PyObject *two = PyLong_FromLong(2);
    PyObject *every_other = PySlice_New(NULL, NULL, two);
    Py_DECREF(two);

    /* The iterable empties the list, then yields as many items as the
       slice selected: CPython would store through a NULL item array. */
    victim = range_list(8), keep = 0, count = 4;
    PyObject *it = PyObject_CallNoArgs(cutter_type);
    CHECK(PyObject_SetItem(victim, every_other, it) == -1, "l[::2] = it, it empties l: refused");
    CHECK(PyErr_ExceptionMatches(PyExc_ValueError), "... with ValueError");
    PyErr_Clear();
    CHECK(ascii_is(victim, "[]"), "... and l is as the iterator left it");
    Py_DECREF(it);
    Py_CLEAR(victim);

    /* The iterable cuts the list to 5 items: the old selection (0, 2, 4,
       6) no longer fits, the new one (0, 2, 4) does not match 4 items. */
    victim = range_list(8), keep = 5, count = 4;
    it = PyObject_CallNoArgs(cutter_type);
    CHECK(PyObject_SetItem(victim, every_other, it) == -1, "l[::2] = it, it cuts l to 5: refused");
    PyErr_Clear();
    CHECK(ascii_is(victim, "[0, 1, 2, 3, 4]"), "... and l keeps its 5 items");
    Py_DECREF(it);
    Py_CLEAR(victim);

    /* Refitted, the new selection matches: stored in place. */
    victim = range_list(8), keep = 5, count = 3;
    it = PyObject_CallNoArgs(cutter_type);
    CHECK(PyObject_SetItem(victim, every_other, it) == -1, "l[::2] = 3 items, it cuts l to 5: CPython's size check");
    PyErr_Clear();
    Py_DECREF(it);
    Py_CLEAR(victim);

    /* A cut that leaves the selection inside the list: as CPython. */
    victim = range_list(8), keep = 7, count = 4;
    it = PyObject_CallNoArgs(cutter_type);
    CHECK(PyObject_SetItem(victim, every_other, it) == 0, "l[::2] = it, it cuts l to 7: stored");
    CHECK(ascii_is(victim, "[100, 1, 101, 3, 102, 5, 103]"), "... at the old indices, as CPython");
    Py_DECREF(it);
    Py_CLEAR(victim);

    /* bytearray % args where a conversion moves the format's storage. */
    PyObject *resizer_type = PyType_FromSpec(&resizer_spec);
    format = PyByteArray_FromStringAndSize("<%s|%s>", 7);
    PyObject *args = Py_BuildValue("(Ny)", PyObject_CallNoArgs(resizer_type), "x");
    PyObject *r = PyNumber_Remainder(format, args);
    CHECK(r != NULL && ascii_is(r, "bytearray(b'<R|x>')"), "bytearray % args formats the format as it was");
    CHECK(PyByteArray_GET_SIZE(format) == 4096, "... while __bytes__ resized it");
    Py_XDECREF(r);
    Py_DECREF(args);
    Py_CLEAR(format);

    Py_DECREF(every_other);
    Py_DECREF(cutter_type);
    Py_DECREF(resizer_type);
    return CHECK_DONE();
}
