/* An exporter type defined the limited-API way with PyType_FromSpec, as a
   CPython extension defines one: a 2-D matrix of doubles that exports its
   memory, counts its exports, and is seen to release each export exactly
   once and to be deallocated only after the last release. */
#include <Python.h>
#include "check.h"

typedef struct {
    PyObject_HEAD
    double data[2][3];
    Py_ssize_t shape[2];
    Py_ssize_t strides[2];
    int exports;
} Matrix;

static int getbuffer_calls, releasebuffer_calls, dealloc_calls;

static int matrix_getbuffer(PyObject *self, Py_buffer *view, int flags) {
    Matrix *m = (Matrix *)self;
    if ((flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS) {
        PyErr_SetString(PyExc_BufferError, "Matrix is C-contiguous only");
        return -1;
    }
    getbuffer_calls++;
    view->obj = Py_NewRef(self);
    view->buf = m->data;
    view->len = sizeof m->data;
    view->itemsize = sizeof(double);
    view->readonly = 0;
    view->ndim = 2;
    view->format = (flags & PyBUF_FORMAT) ? "d" : NULL;
    view->shape = (flags & PyBUF_ND) ? m->shape : NULL;
    view->strides = ((flags & PyBUF_STRIDES) == PyBUF_STRIDES) ? m->strides : NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    m->exports++;
    return 0;
}

static void matrix_releasebuffer(PyObject *self, Py_buffer *view) {
    (void)view;
    releasebuffer_calls++;
    ((Matrix *)self)->exports--;
}

static void matrix_dealloc(PyObject *self) {
    PyTypeObject *tp = Py_TYPE(self);
    dealloc_calls++;
    freefunc tp_free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot matrix_slots[] = {
    {Py_bf_getbuffer, (void *)matrix_getbuffer},
    {Py_bf_releasebuffer, (void *)matrix_releasebuffer},
    {Py_tp_dealloc, (void *)matrix_dealloc},
    {Py_tp_doc, (void *)"A 2x3 matrix of doubles."},
    {0, NULL},
};

static PyType_Spec matrix_spec = {
    .name = "example.Matrix",
    .basicsize = sizeof(Matrix),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = matrix_slots,
};

static Matrix *matrix_new(PyTypeObject *type) {
    allocfunc alloc = (allocfunc)PyType_GetSlot(type, Py_tp_alloc);
    Matrix *m = (Matrix *)alloc(type, 0);
    if (m == NULL) return NULL;
    for (int i = 0; i < 6; i++) m->data[i / 3][i % 3] = i + 0.5;
    m->shape[0] = 2;
    m->shape[1] = 3;
    m->strides[0] = 3 * sizeof(double);
    m->strides[1] = sizeof(double);
    return m;
}

int main(void) {
    PyTypeObject *type = (PyTypeObject *)PyType_FromSpec(&matrix_spec);
    CHECK(type != NULL, "PyType_FromSpec");
    CHECK(PyType_GetSlot(type, Py_tp_alloc) == (void *)PyType_GenericAlloc, "default tp_alloc");
    CHECK(PyType_GetSlot(type, Py_tp_free) == (void *)PyObject_Free, "default tp_free");
    CHECK(PyType_GetSlot(type, Py_bf_getbuffer) == (void *)matrix_getbuffer, "bf_getbuffer slot");
    CHECK(strcmp(type->tp_name, "example.Matrix") == 0, "tp_name");
    CHECK(type->tp_flags & Py_TPFLAGS_HEAPTYPE, "heap type flag");

    Matrix *m = matrix_new(type);
    CHECK(m != NULL && Py_REFCNT(m) == 1, "instance created");
    /* The type refers to itself through its MRO, as in CPython. */
    CHECK(Py_REFCNT(type) == 3, "instance holds a reference to its type");
    PyObject *obj = (PyObject *)m;
    CHECK(PyObject_CheckBuffer(obj), "CheckBuffer on exporter");

    /* Direct consumer use. */
    Py_buffer view;
    CHECK(PyObject_GetBuffer(obj, &view, PyBUF_FULL_RO) == 0, "GetBuffer on exporter");
    CHECK(m->exports == 1 && Py_REFCNT(obj) == 2, "export counted");
    double out[6];
    CHECK(PyBuffer_ToContiguous(out, &view, view.len, 'F') == 0, "ToContiguous F of exporter");
    CHECK(out[1] == 3.5 && out[2] == 1.5, "F-order copy");
    PyBuffer_Release(&view);
    PyBuffer_Release(&view);
    CHECK(releasebuffer_calls == 1 && m->exports == 0, "release callback ran exactly once");
    CHECK(PyObject_GetBuffer(obj, &view, PyBUF_F_CONTIGUOUS) == -1, "exporter refuses a request");
    CHECK(PyErr_ExceptionMatches(PyExc_BufferError), "exporter's own exception");
    PyErr_Clear();

    /* Through a memoryview: the managed buffer holds one export. */
    PyObject *mv = PyMemoryView_FromObject(obj);
    CHECK(mv != NULL && m->exports == 1, "memoryview acquires one export");
    PyObject *mv2 = PyMemoryView_FromObject(mv);
    CHECK(mv2 != NULL && m->exports == 1, "memoryview of memoryview shares it");
    Py_buffer v2;
    CHECK(PyObject_GetBuffer(mv2, &v2, PyBUF_STRIDED) == 0, "GetBuffer on memoryview");
    Py_DECREF(mv);
    Py_DECREF(mv2);
    Py_DECREF(obj);
    CHECK(dealloc_calls == 0 && m->exports == 1, "exporter alive while C holds a view");
    double *p = (double *)v2.buf;
    CHECK(p[5] == 5.5, "memory still readable");
    PyBuffer_Release(&v2);
    CHECK(releasebuffer_calls == 2, "release callback ran once for the memoryview export");
    CHECK(dealloc_calls == 1, "exporter deallocated after the last release");
    CHECK(Py_REFCNT(type) == 2, "type reference dropped by dealloc");
    CHECK(getbuffer_calls == releasebuffer_calls, "every export released");
    Py_DECREF(type);

    CHECK(PyType_FromSpec(NULL) == NULL, "PyType_FromSpec(NULL)");
    CHECK(PyErr_ExceptionMatches(PyExc_SystemError), "NULL spec is SystemError");
    PyErr_Clear();
    return CHECK_DONE();
}
