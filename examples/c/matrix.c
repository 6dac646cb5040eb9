/*
 * matrix.c -- exporter and consumer sides of the buffer protocol in one
 * program, written exactly as a CPython extension would be.
 *
 *   cargo build --release -p pybuffer-capi
 *   export PKG_CONFIG_PATH=$PWD/crates/capi
 *   cc examples/c/matrix.c $(pkg-config --cflags --libs pybuffer) -o matrix && ./matrix
 *
 * The exporter is a `Matrix` type made with PyType_FromSpec that exports its
 * rows x cols doubles. The consumer takes a transposed, strided view of it
 * (through a memoryview over a hand-built Py_buffer), packs it with
 * PyBuffer_ToContiguous, and writes it back with PyBuffer_FromContiguous.
 */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    Py_ssize_t shape[2];
    Py_ssize_t strides[2];
    double *data;
} Matrix;

static int Matrix_getbuffer(PyObject *self, Py_buffer *view, int flags) {
    Matrix *m = (Matrix *)self;
    Py_ssize_t n = m->shape[0] * m->shape[1];
    if (PyBuffer_FillInfo(view, self, m->data, n * (Py_ssize_t)sizeof(double), 0, flags) < 0)
        return -1;
    /* Upgrade FillInfo's 1-D byte view to a 2-D view of doubles. */
    view->itemsize = sizeof(double);
    view->ndim = 2;
    view->format = (flags & PyBUF_FORMAT) ? "d" : NULL;
    view->shape = (flags & PyBUF_ND) ? m->shape : NULL;
    view->strides = ((flags & PyBUF_STRIDES) == PyBUF_STRIDES) ? m->strides : NULL;
    return 0;
}

static void Matrix_dealloc(PyObject *self) {
    PyTypeObject *tp = Py_TYPE(self);
    PyMem_Free(((Matrix *)self)->data);
    freefunc tp_free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
    tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot Matrix_slots[] = {
    {Py_bf_getbuffer, (void *)Matrix_getbuffer},
    {Py_tp_dealloc, (void *)Matrix_dealloc},
    {0, NULL},
};

static PyType_Spec Matrix_spec = {"example.Matrix", sizeof(Matrix), 0, Py_TPFLAGS_DEFAULT, Matrix_slots};

static PyObject *Matrix_new(PyTypeObject *type, Py_ssize_t rows, Py_ssize_t cols) {
    allocfunc alloc = (allocfunc)PyType_GetSlot(type, Py_tp_alloc);
    Matrix *m = (Matrix *)alloc(type, 0);
    if (m == NULL) return NULL;
    m->data = PyMem_Malloc((size_t)(rows * cols) * sizeof(double));
    if (m->data == NULL) {
        Py_DECREF(m);
        return PyErr_NoMemory();
    }
    m->shape[0] = rows;
    m->shape[1] = cols;
    m->strides[0] = cols * (Py_ssize_t)sizeof(double);
    m->strides[1] = sizeof(double);
    for (Py_ssize_t i = 0; i < rows * cols; i++) m->data[i] = (double)i;
    return (PyObject *)m;
}

static void print_matrix(const char *title, const double *d, Py_ssize_t rows, Py_ssize_t cols) {
    printf("%s\n", title);
    for (Py_ssize_t r = 0; r < rows; r++) {
        for (Py_ssize_t c = 0; c < cols; c++) printf(" %5.1f", d[r * cols + c]);
        printf("\n");
    }
}

int main(void) {
    PyObject *type = PyType_FromSpec(&Matrix_spec);
    PyObject *m = type ? Matrix_new((PyTypeObject *)type, 3, 4) : NULL;
    if (m == NULL) {
        fprintf(stderr, "could not create the matrix\n");
        return 1;
    }

    /* Consumer: a full view of the exporter. */
    Py_buffer view;
    if (PyObject_GetBuffer(m, &view, PyBUF_RECORDS) < 0) return 1;

    /* The transpose of the matrix is a view with swapped shape and strides. */
    Py_ssize_t tshape[2] = {view.shape[1], view.shape[0]};
    Py_ssize_t tstrides[2] = {view.strides[1], view.strides[0]};
    Py_buffer transposed = view;
    transposed.obj = NULL; /* borrowed: `view` keeps the exporter alive */
    transposed.shape = tshape;
    transposed.strides = tstrides;
    printf("transposed view C-contiguous? %d\n", PyBuffer_IsContiguous(&transposed, 'C'));

    double packed[12];
    if (PyBuffer_ToContiguous(packed, &transposed, transposed.len, 'C') < 0) return 1;
    print_matrix("transpose, packed in C order:", packed, 4, 3);

    /* Write the packed data back through the transposed view, doubled. */
    for (int i = 0; i < 12; i++) packed[i] *= 2;
    if (PyBuffer_FromContiguous(&transposed, packed, sizeof packed, 'C') < 0) return 1;
    print_matrix("original after writing 2*transpose through the view:", (double *)view.buf, 3, 4);

    /* The exporter refuses what it cannot give, with CPython's exception. */
    PyObject *ro = PyMemoryView_FromMemory((char *)packed, sizeof packed, PyBUF_READ);
    Py_buffer w;
    if (PyObject_GetBuffer(ro, &w, PyBUF_WRITABLE) < 0 && PyErr_ExceptionMatches(PyExc_BufferError)) {
        printf("writable request on a read-only memoryview: BufferError\n");
        PyErr_Clear();
    }
    Py_DECREF(ro);

    int ok = ((double *)view.buf)[5] == 10.0 && packed[1] == 8.0;
    PyBuffer_Release(&view);
    Py_DECREF(m);
    Py_DECREF(type);
    printf("%s\n", ok ? "ok - matrix example" : "not ok - matrix example");
    return ok ? 0 : 1;
}
