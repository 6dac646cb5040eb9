/* A misbehaving exporter, written in C as an extension would write it: its
   bf_getbuffer fills the Py_buffer from a script that lies -- a len larger
   than its 64 bytes, ndim 65 or 10^6 over 2-entry arrays, no shape for a
   2-D view, a negative dimension, itemsize 0, a NULL buf, a read-only
   buffer for a writable request, suboffsets nobody asked for, no obj.
   PyObject_GetBuffer must refuse each one before anything reads it and
   release the export again; PyMemoryView_FromObject likewise. Hand-built
   views that lie about len must be refused by PyBuffer_ToContiguous and
   PyBuffer_FromContiguous instead of copying len bytes. The data lives in
   a malloc'd block of exactly 64 bytes, so that under AddressSanitizer or
   valgrind (scripts/c-tests.sh runs both) any read or write past it is
   reported. */
#include <Python.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

typedef struct {
    int ndim;
    Py_ssize_t itemsize, len;
    int readonly;
    int has_shape, has_strides, has_suboffsets, null_buf, null_obj;
    Py_ssize_t shape[2], strides[2];
} Script;

typedef struct {
    PyObject_HEAD
    unsigned char *data; /* 64 bytes */
    Script script;
    Py_ssize_t shape[2], strides[2], suboffsets[2];
    int exports;
} Liar;

static int gets, releases, deallocs;

static int liar_getbuffer(PyObject *self, Py_buffer *view, int flags) {
    Liar *l = (Liar *)self;
    const Script *s = &l->script;
    (void)flags; /* a liar fills in what it likes */
    memcpy(l->shape, s->shape, sizeof l->shape);
    memcpy(l->strides, s->strides, sizeof l->strides);
    l->suboffsets[0] = l->suboffsets[1] = -1;
    view->obj = s->null_obj ? NULL : Py_NewRef(self);
    view->buf = s->null_buf ? NULL : l->data;
    view->len = s->len;
    view->itemsize = s->itemsize;
    view->readonly = s->readonly;
    view->ndim = s->ndim;
    view->format = NULL;
    view->shape = s->has_shape ? l->shape : NULL;
    view->strides = s->has_strides ? l->strides : NULL;
    view->suboffsets = s->has_suboffsets ? l->suboffsets : NULL;
    view->internal = NULL;
    l->exports++;
    gets++;
    return 0;
}

static void liar_releasebuffer(PyObject *self, Py_buffer *view) {
    (void)view;
    ((Liar *)self)->exports--;
    releases++;
}

static void liar_dealloc(PyObject *self) {
    PyTypeObject *tp = Py_TYPE(self);
    deallocs++;
    free(((Liar *)self)->data);
    freefunc tp_free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot liar_slots[] = {
    {Py_bf_getbuffer, (void *)liar_getbuffer},
    {Py_bf_releasebuffer, (void *)liar_releasebuffer},
    {Py_tp_dealloc, (void *)liar_dealloc},
    {0, NULL},
};

static PyType_Spec liar_spec = {
    .name = "badexporter.Liar",
    .basicsize = sizeof(Liar),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = liar_slots,
};

static PyTypeObject *liar_type;

/* An honest 8x8 matrix of bytes. */
static Script honest(void) {
    Script s = {.ndim = 2, .itemsize = 1, .len = 64, .has_shape = 1, .has_strides = 1,
                .shape = {8, 8}, .strides = {8, 1}};
    return s;
}

static Liar *liar_new(Script s) {
    allocfunc alloc = (allocfunc)PyType_GetSlot(liar_type, Py_tp_alloc);
    Liar *l = (Liar *)alloc(liar_type, 0);
    if (l == NULL) return NULL;
    l->data = malloc(64);
    memset(l->data, 7, 64);
    l->script = s;
    return l;
}

/* Acquiring `s` with `flags` fails with `exc`; the export was released,
   the view keeps no object, and the exporter is deallocated at the end. */
static void refused(Script s, int flags, PyObject *exc, const char *what) {
    char msg[200];
    int deallocs_before = deallocs;
    Liar *l = liar_new(s);
    PyObject *obj = (PyObject *)l;
    Py_buffer view;
    memset(&view, 0, sizeof view);
    int rc = PyObject_GetBuffer(obj, &view, flags);
    snprintf(msg, sizeof msg, "GetBuffer refuses %s", what);
    CHECK(rc == -1, msg);
    snprintf(msg, sizeof msg, "%s raises the right exception", what);
    CHECK(PyErr_ExceptionMatches(exc), msg);
    PyErr_Clear();
    snprintf(msg, sizeof msg, "%s: export released, view empty, refcount back", what);
    CHECK(l->exports == 0 && view.obj == NULL && Py_REFCNT(obj) == 1, msg);
    PyBuffer_Release(&view); /* a no-op on a refused view */
    CHECK(l->exports == 0, "releasing a refused view again does nothing");
    Py_DECREF(obj);
    snprintf(msg, sizeof msg, "%s: exporter deallocated", what);
    CHECK(deallocs == deallocs_before + 1, msg);
}

int main(void) {
    liar_type = (PyTypeObject *)PyType_FromSpec(&liar_spec);
    CHECK(liar_type != NULL, "PyType_FromSpec");
    Script s;

    /* Finding 2: ndim beyond the arrays. */
    s = honest(); s.ndim = 65;
    refused(s, PyBUF_FULL_RO, PyExc_BufferError, "ndim 65");
    s.ndim = 1000000;
    refused(s, PyBUF_FULL_RO, PyExc_BufferError, "ndim 10^6");
    s.ndim = -1;
    refused(s, PyBUF_FULL_RO, PyExc_BufferError, "ndim -1");

    /* Finding 1 through an exporter: len larger than the shape says. */
    s = honest(); s.len = 4096;
    refused(s, PyBUF_FULL_RO, PyExc_BufferError, "len 4096 over 64 bytes");
    s.has_strides = 0;
    refused(s, PyBUF_RECORDS_RO, PyExc_BufferError, "len 4096, NULL strides, 2-D");
    refused(s, PyBUF_SIMPLE, PyExc_BufferError, "len 4096 for a simple request");

    s = honest(); s.has_shape = 0;
    refused(s, PyBUF_FULL_RO, PyExc_BufferError, "ndim 2 without a shape");
    s = honest(); s.shape[0] = -8;
    refused(s, PyBUF_FULL_RO, PyExc_BufferError, "a negative dimension");
    s = honest(); s.itemsize = 0; s.len = 0;
    refused(s, PyBUF_FULL_RO, PyExc_BufferError, "itemsize 0");
    s = honest(); s.null_buf = 1;
    refused(s, PyBUF_FULL_RO, PyExc_BufferError, "a NULL buf with len 64");
    s = honest(); s.readonly = 1;
    refused(s, PyBUF_WRITABLE, PyExc_BufferError, "a read-only export for a writable request");
    s = honest(); s.has_suboffsets = 1;
    refused(s, PyBUF_RECORDS_RO, PyExc_BufferError, "unrequested suboffsets");
    s = honest(); s.strides[0] = 1; s.strides[1] = 8;
    refused(s, PyBUF_ND, PyExc_BufferError, "F strides for a request without strides");
    s = honest(); s.null_obj = 1;
    refused(s, PyBUF_FULL_RO, PyExc_BufferError, "an export without obj");

    /* An honest export still works, and copies what it says. */
    Liar *l = liar_new(honest());
    Py_buffer view;
    CHECK(PyObject_GetBuffer((PyObject *)l, &view, PyBUF_FULL_RO) == 0, "honest export accepted");
    unsigned char out[64];
    CHECK(PyBuffer_ToContiguous(out, &view, view.len, 'F') == 0 && out[63] == 7,
          "honest export copies");
    PyBuffer_Release(&view);
    CHECK(l->exports == 0, "honest export released");

    /* memoryview: CPython's ValueError for ndim > 64, and the export is released. */
    l->script.ndim = 65;
    PyObject *mv = PyMemoryView_FromObject((PyObject *)l);
    CHECK(mv == NULL && PyErr_ExceptionMatches(PyExc_ValueError), "memoryview refuses ndim 65");
    PyErr_Clear();
    CHECK(l->exports == 0 && Py_REFCNT(l) == 1, "memoryview released the refused export");
    Py_DECREF(l);

    /* Finding 1 with hand-built views: shape [64] over 64 bytes, len 4096. */
    unsigned char *mem = malloc(64);
    unsigned char *big = malloc(4096);
    memset(mem, 1, 64);
    Py_ssize_t shape1[1] = {64}, stride1[1] = {1}, shape2[2] = {8, 8};
    Py_buffer v;
    memset(&v, 0, sizeof v);
    v.buf = mem; v.len = 4096; v.itemsize = 1; v.ndim = 1; v.shape = shape1;
    const char orders[] = {'C', 'F', 'A'};
    for (int i = 0; i < 3; i++) {
        v.strides = NULL;
        CHECK(PyBuffer_ToContiguous(big, &v, 4096, orders[i]) == -1
              && PyErr_ExceptionMatches(PyExc_ValueError), "ToContiguous refuses len 4096 (NULL strides)");
        PyErr_Clear();
        CHECK(PyBuffer_FromContiguous(&v, big, 4096, orders[i]) == -1
              && PyErr_ExceptionMatches(PyExc_ValueError), "FromContiguous refuses len 4096 (NULL strides)");
        PyErr_Clear();
        v.strides = stride1;
        CHECK(PyBuffer_ToContiguous(big, &v, 4096, orders[i]) == -1
              && PyErr_ExceptionMatches(PyExc_ValueError), "ToContiguous refuses len 4096 (strides)");
        PyErr_Clear();
        CHECK(PyBuffer_FromContiguous(&v, big, 4096, orders[i]) == -1
              && PyErr_ExceptionMatches(PyExc_ValueError), "FromContiguous refuses len 4096 (strides)");
        PyErr_Clear();
        CHECK(PyBuffer_IsContiguous(&v, orders[i]) == 0 && PyErr_Occurred() == NULL,
              "IsContiguous is 0 for the lying view, without an exception");
    }
    v.ndim = 2; v.shape = shape2; v.strides = NULL;
    CHECK(PyBuffer_ToContiguous(big, &v, 4096, 'C') == -1, "ToContiguous refuses len 4096 (2-D, NULL strides)");
    PyErr_Clear();
    CHECK(PyBuffer_FromContiguous(&v, big, 4096, 'C') == -1, "FromContiguous refuses len 4096 (2-D, NULL strides)");
    PyErr_Clear();
    Py_ssize_t idx[2] = {0, 0};
    CHECK(PyBuffer_GetPointer(&v, idx) == NULL && PyErr_ExceptionMatches(PyExc_ValueError),
          "GetPointer refuses the lying view");
    PyErr_Clear();
    v.ndim = 1000000;
    CHECK(PyBuffer_IsContiguous(&v, 'C') == 0, "IsContiguous is 0 for ndim 10^6");
    CHECK(PyBuffer_GetPointer(&v, idx) == NULL, "GetPointer refuses ndim 10^6");
    PyErr_Clear();
    v.ndim = 2; v.len = 64;
    memset(big, 0, 4096);
    CHECK(PyBuffer_ToContiguous(big, &v, 64, 'C') == 0 && big[63] == 1 && big[64] == 0,
          "the honest view copies exactly 64 bytes");
    free(mem);
    free(big);

    CHECK(gets == releases, "every export was released");
    Py_DECREF(liar_type);
    return CHECK_DONE();
}
