/* Consumer-side use of the buffer API, as a CPython extension would write it:
   memoryviews over C memory, GetBuffer with each kind of request, copies to
   and from contiguous memory on strided and indirect layouts, CopyData, and
   the error cases. */
#include <Python.h>
#include "check.h"

static void test_simple_memoryview(void) {
    unsigned char data[12];
    for (int i = 0; i < 12; i++) data[i] = (unsigned char)i;
    PyObject *mv = PyMemoryView_FromMemory((char *)data, 12, PyBUF_WRITE);
    CHECK(mv != NULL, "PyMemoryView_FromMemory");
    CHECK(PyMemoryView_Check(mv), "PyMemoryView_Check");
    CHECK(PyObject_CheckBuffer(mv), "PyObject_CheckBuffer");
    Py_buffer *own = PyMemoryView_GET_BUFFER(mv);
    CHECK(own->len == 12 && own->ndim == 1 && own->shape[0] == 12, "GET_BUFFER layout");

    Py_buffer view;
    CHECK(PyObject_GetBuffer(mv, &view, PyBUF_FULL) == 0, "GetBuffer FULL");
    CHECK(view.obj == mv && Py_REFCNT(mv) == 2, "view holds a reference");
    CHECK(strcmp(view.format, "B") == 0, "format B");
    CHECK(PyBuffer_IsContiguous(&view, 'C') && PyBuffer_IsContiguous(&view, 'F'),
          "1-D contiguous in both orders");
    Py_ssize_t idx = 5;
    CHECK(PyBuffer_GetPointer(&view, &idx) == data + 5, "GetPointer");
    PyBuffer_Release(&view);
    CHECK(view.obj == NULL && Py_REFCNT(mv) == 1, "Release drops the reference");
    PyBuffer_Release(&view); /* a second release is a no-op */
    CHECK(Py_REFCNT(mv) == 1, "double release is a no-op");

    CHECK(PyObject_GetBuffer(mv, &view, PyBUF_SIMPLE) == 0, "GetBuffer SIMPLE");
    CHECK(view.format == NULL && view.shape == NULL && view.strides == NULL,
          "SIMPLE leaves out format, shape, strides");
    PyBuffer_Release(&view);
    CHECK(PyObject_GetBuffer(mv, &view, PyBUF_SIMPLE | PyBUF_FORMAT) == -1,
          "SIMPLE|FORMAT is refused");
    CHECK_ERR(PyExc_BufferError, NULL, "SIMPLE|FORMAT");
    Py_DECREF(mv);

    mv = PyMemoryView_FromMemory((char *)data, 12, PyBUF_READ);
    CHECK(PyObject_GetBuffer(mv, &view, PyBUF_WRITABLE) == -1, "writable request on read-only");
    CHECK_ERR(PyExc_BufferError, NULL, "writable request");
    Py_DECREF(mv);
}

/* A 3x4 view of every other column of a 3x8 array of int16. */
static void test_strided_copies(void) {
    short base[3][8];
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 8; c++) base[r][c] = (short)(r * 100 + c);
    Py_ssize_t shape[2] = {3, 4}, strides[2] = {16, 4};
    Py_buffer info = {0};
    info.buf = base;
    info.len = 3 * 4 * 2;
    info.itemsize = 2;
    info.ndim = 2;
    info.format = "h";
    info.shape = shape;
    info.strides = strides;
    PyObject *mv = PyMemoryView_FromBuffer(&info);
    CHECK(mv != NULL, "PyMemoryView_FromBuffer over a strided layout");

    Py_buffer view;
    CHECK(PyObject_GetBuffer(mv, &view, PyBUF_C_CONTIGUOUS) == -1, "C_CONTIGUOUS on strided fails");
    CHECK_ERR(PyExc_BufferError, NULL, "C_CONTIGUOUS");
    CHECK(PyObject_GetBuffer(mv, &view, PyBUF_RECORDS) == 0, "RECORDS on strided");
    CHECK(!PyBuffer_IsContiguous(&view, 'A'), "strided view is not contiguous");

    short packed[12], expect_c[12], expect_f[12];
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 4; c++) {
            expect_c[r * 4 + c] = base[r][2 * c];
            expect_f[c * 3 + r] = base[r][2 * c];
        }
    CHECK(PyBuffer_ToContiguous(packed, &view, view.len, 'C') == 0, "ToContiguous C");
    CHECK(memcmp(packed, expect_c, sizeof packed) == 0, "ToContiguous C result");
    CHECK(PyBuffer_ToContiguous(packed, &view, view.len, 'F') == 0, "ToContiguous F");
    CHECK(memcmp(packed, expect_f, sizeof packed) == 0, "ToContiguous F result");
    CHECK(PyBuffer_ToContiguous(packed, &view, view.len - 1, 'C') == -1, "ToContiguous len mismatch");
    CHECK_ERR(PyExc_ValueError, NULL, "len mismatch");
    CHECK(PyBuffer_ToContiguous(packed, &view, view.len, 'X') == -1, "ToContiguous bad order");
    CHECK_ERR(PyExc_ValueError, NULL, "bad order");

    short src[12];
    for (int i = 0; i < 12; i++) src[i] = (short)(-i - 1);
    CHECK(PyBuffer_FromContiguous(&view, src, sizeof src, 'C') == 0, "FromContiguous C");
    int ok = 1;
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 8; c++) {
            short want = (c % 2) ? (short)(r * 100 + c) : (short)(-(r * 4 + c / 2) - 1);
            ok &= base[r][c] == want;
        }
    CHECK(ok, "FromContiguous wrote the view's items and nothing else");
    CHECK(PyBuffer_FromContiguous(&view, src, -1, 'C') == -1, "FromContiguous negative len");
    CHECK_ERR(PyExc_ValueError, NULL, "negative len");

    Py_ssize_t idx[2] = {2, 3};
    CHECK(PyBuffer_GetPointer(&view, idx) == (void *)&base[2][6], "GetPointer strided");
    idx[1] = 4;
    CHECK(PyBuffer_GetPointer(&view, idx) == NULL, "GetPointer out of range");
    CHECK_ERR(PyExc_IndexError, NULL, "out of range index");
    PyBuffer_Release(&view);

    PyObject *contig = PyMemoryView_GetContiguous(mv, PyBUF_READ, 'F');
    CHECK(contig != NULL, "GetContiguous READ copies");
    Py_buffer *cv = PyMemoryView_GET_BUFFER(contig);
    CHECK(PyBuffer_IsContiguous(cv, 'F') && cv->readonly, "copy is F-contiguous and read-only");
    Py_DECREF(contig);
    CHECK(PyMemoryView_GetContiguous(mv, PyBUF_WRITE, 'C') == NULL, "GetContiguous WRITE on strided");
    CHECK_ERR(PyExc_BufferError, NULL, "GetContiguous WRITE");
    Py_DECREF(mv);
}

/* A PIL-style indirect 2x3 array of bytes: rows reached through pointers. */
static void test_indirect(void) {
    unsigned char row0[] = {1, 2, 3}, row1[] = {4, 5, 6};
    unsigned char *rows[2] = {row0, row1};
    Py_ssize_t shape[2] = {2, 3}, strides[2] = {sizeof(char *), 1}, sub[2] = {0, -1};
    Py_buffer v = {0};
    v.buf = rows;
    v.len = 6;
    v.itemsize = 1;
    v.ndim = 2;
    v.shape = shape;
    v.strides = strides;
    v.suboffsets = sub;
    unsigned char out[6];
    CHECK(!PyBuffer_IsContiguous(&v, 'C'), "indirect view is not contiguous");
    CHECK(PyBuffer_ToContiguous(out, &v, 6, 'C') == 0, "ToContiguous indirect");
    CHECK(memcmp(out, "\1\2\3\4\5\6", 6) == 0, "indirect C result");
    CHECK(PyBuffer_ToContiguous(out, &v, 6, 'F') == 0, "ToContiguous indirect F");
    CHECK(memcmp(out, "\1\4\2\5\3\6", 6) == 0, "indirect F result");
    unsigned char in[6] = {9, 8, 7, 6, 5, 4};
    CHECK(PyBuffer_FromContiguous(&v, in, 6, 'C') == 0, "FromContiguous indirect");
    CHECK(row0[0] == 9 && row1[2] == 4, "FromContiguous indirect result");
    Py_ssize_t idx[2] = {1, 1};
    CHECK(PyBuffer_GetPointer(&v, idx) == &row1[1], "GetPointer follows suboffsets");
}

static void test_copydata_and_misc(void) {
    double a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {0};
    PyObject *ma = PyMemoryView_FromMemory((char *)a, sizeof a, PyBUF_READ);
    PyObject *mb = PyMemoryView_FromMemory((char *)b, sizeof b, PyBUF_WRITE);
    CHECK(PyObject_CopyData(mb, ma) == 0, "CopyData contiguous");
    CHECK(memcmp(a, b, sizeof a) == 0, "CopyData result");
    CHECK(PyObject_CopyData(ma, mb) == -1, "CopyData into read-only");
    CHECK_ERR(PyExc_BufferError, NULL, "CopyData into read-only");
    PyObject *small = PyMemoryView_FromMemory((char *)b, 8, PyBUF_WRITE);
    CHECK(PyObject_CopyData(small, ma) == -1, "CopyData into smaller");
    CHECK_ERR(PyExc_BufferError, NULL, "CopyData too small");
    Py_DECREF(small);
    Py_DECREF(ma);
    Py_DECREF(mb);

    Py_ssize_t shape[3] = {2, 3, 4}, strides[3];
    PyBuffer_FillContiguousStrides(3, shape, strides, 8, 'C');
    CHECK(strides[0] == 96 && strides[1] == 32 && strides[2] == 8, "FillContiguousStrides C");
    PyBuffer_FillContiguousStrides(3, shape, strides, 8, 'F');
    CHECK(strides[0] == 8 && strides[1] == 16 && strides[2] == 48, "FillContiguousStrides F");

    CHECK(PyBuffer_SizeFromFormat("<hq") == 10, "SizeFromFormat standard");
    CHECK(PyBuffer_SizeFromFormat("hq") == 16, "SizeFromFormat native alignment");
    CHECK(PyBuffer_SizeFromFormat("3s") == 3, "SizeFromFormat s");
    CHECK(PyBuffer_SizeFromFormat("z") == -1, "SizeFromFormat bad char");
    /* struct.error, the struct module's class, derives from PyExc_StructError. */
    CHECK(PyErr_ExceptionMatches(PyExc_StructError), "bad format raises a PyExc_StructError");
    PyErr_Clear();

    Py_buffer v;
    char mem[4];
    CHECK(PyBuffer_FillInfo(&v, NULL, mem, 4, 1, PyBUF_WRITABLE) == -1, "FillInfo writable on read-only");
    CHECK_ERR(PyExc_BufferError, NULL, "FillInfo");
    CHECK(PyBuffer_FillInfo(&v, NULL, mem, -4, 0, PyBUF_FULL) == -1, "FillInfo negative len");
    CHECK_ERR(PyExc_ValueError, NULL, "FillInfo negative len");
    CHECK(PyBuffer_FillInfo(&v, NULL, mem, 4, 0, PyBUF_FULL) == 0 && v.shape == &v.len,
          "FillInfo FULL");
    CHECK(PyBuffer_FromContiguous(&v, "abcd", 4, 'C') == 0 && memcmp(mem, "abcd", 4) == 0,
          "FromContiguous into FillInfo view");
    v.readonly = 1;
    CHECK(PyBuffer_FromContiguous(&v, "abcd", 4, 'C') == -1, "FromContiguous into read-only");
    CHECK_ERR(PyExc_BufferError, NULL, "read-only FromContiguous");

    CHECK(PyObject_GetBuffer(NULL, &v, 0) == -1, "GetBuffer NULL object");
    CHECK_ERR(PyExc_SystemError, NULL, "NULL object");
    CHECK(PyBuffer_ToContiguous(mem, NULL, 4, 'C') == -1, "ToContiguous NULL view");
    CHECK_ERR(PyExc_SystemError, NULL, "NULL view");
    v.ndim = 65;
    CHECK(PyBuffer_ToContiguous(mem, &v, 4, 'C') == -1, "ToContiguous ndim > 64");
    CHECK_ERR(PyExc_ValueError, NULL, "ndim > 64");
    PyBuffer_Release(NULL);
}

/* Py_SETREF, Py_XSETREF and Py_CLEAR drop the old reference exactly once. */
static void test_ref_macros(void) {
    char mem[4] = {0};
    PyObject *a = PyMemoryView_FromMemory(mem, 4, PyBUF_READ);
    PyObject *b = PyMemoryView_FromMemory(mem, 4, PyBUF_READ);
    PyObject *slot = Py_NewRef(a);
    CHECK(Py_REFCNT(a) == 2, "Py_NewRef takes a reference");
    Py_SETREF(slot, Py_NewRef(b));
    CHECK(slot == b && Py_REFCNT(a) == 1 && Py_REFCNT(b) == 2, "Py_SETREF swaps references");
    PyObject *none = NULL;
    Py_XSETREF(none, Py_NewRef(a));
    CHECK(none == a && Py_REFCNT(a) == 2, "Py_XSETREF from NULL");
    Py_CLEAR(none);
    CHECK(none == NULL && Py_REFCNT(a) == 1, "Py_CLEAR drops and clears");
    Py_CLEAR(none);
    CHECK(none == NULL, "Py_CLEAR on NULL is a no-op");
    Py_DECREF(slot);
    Py_DECREF(a);
    Py_DECREF(b);
}

int main(void) {
    test_ref_macros();
    test_simple_memoryview();
    test_strided_copies();
    test_indirect();
    test_copydata_and_misc();
    CHECK(PyErr_Occurred() == NULL, "no error left pending");
    return CHECK_DONE();
}
