/* websockets 17.4's speedups: apply_mask(data, mask), the XOR masking of
 * every WebSocket frame, as one METH_VARARGS|METH_KEYWORDS function that
 * reads bytes and bytearray directly (PyBytes_AS_STRING,
 * PyByteArray_AS_STRING) and any memoryview through
 * PyMemoryView_GetContiguous(obj, PyBUF_READ, 'C') and
 * PyMemoryView_GET_BUFFER -- a strided view is copied to C order first.
 *
 * Vectors: upstream tests/test_utils.py's ApplyMaskTests (the sdist ships
 * no tests): every bytes/bytearray combination of data and mask, contiguous
 * and strided memoryviews (made with PyMemoryView_FromBuffer), the
 * input-type and mask-length errors; plus 2-D views in C and Fortran order,
 * 4-byte items, a negative stride, keywords and a large frame.
 */
#include "corpus.h"

static PyObject *apply_mask;

static const struct {
    const char *in, *mask, *out;
    Py_ssize_t len;
} VALUES[] = {
    {"", "1234", "", 0},
    {"aBcDe", "\0\0\0\0", "aBcDe", 5},
    {"abcdABCD", "1234", "PPPPpppp", 8},
};

static PyObject *make(int bytearray, const char *s, Py_ssize_t n)
{
    return bytearray ? PyByteArray_FromStringAndSize(s, n) : PyBytes_FromStringAndSize(s, n);
}

/* "abcdABCD" * 10 and its masked form. */
static char long_in[81], long_out[81];

static void test_combinations(void)
{
    for (int i = 0; i < 10; i++) {
        memcpy(long_in + 8 * i, "abcdABCD", 8);
        memcpy(long_out + 8 * i, "PPPPpppp", 8);
    }
    for (int data_ba = 0; data_ba < 2; data_ba++)
        for (int mask_ba = 0; mask_ba < 2; mask_ba++)
            for (int v = 0; v < 4; v++) {
                const char *in = v < 3 ? VALUES[v].in : long_in, *out = v < 3 ? VALUES[v].out : long_out;
                Py_ssize_t len = v < 3 ? VALUES[v].len : 80;
                PyObject *data = make(data_ba, in, len), *mask = make(mask_ba, VALUES[v < 3 ? v : 2].mask, 4);
                char what[128];
                snprintf(what, sizeof what, "apply_mask(%s of %zd, %s mask %d)", data_ba ? "bytearray" : "bytes", len,
                         mask_ba ? "bytearray" : "bytes", v);
                expect_bytes(call(apply_mask, NULL, "(OO)", data, mask), out, len, what);
                Py_DECREF(data);
                Py_DECREF(mask);
            }
}

/* A memoryview over `data` with the given layout (PyMemoryView_FromBuffer
   copies the Py_buffer; `data` must outlive the view). */
static PyObject *view_of(char *data, int ndim, Py_ssize_t *shape, Py_ssize_t *strides, const char *format,
                         Py_ssize_t itemsize, Py_ssize_t offset)
{
    Py_buffer b;
    memset(&b, 0, sizeof b);
    b.buf = data + offset;
    b.obj = NULL;
    b.itemsize = itemsize;
    b.len = itemsize;
    for (int i = 0; i < ndim; i++)
        b.len *= shape[i];
    b.readonly = 1;
    b.ndim = ndim;
    b.format = (char *)format;
    b.shape = shape;
    b.strides = strides;
    PyObject *mv = PyMemoryView_FromBuffer(&b);
    if (mv == NULL)
        bail("PyMemoryView_FromBuffer failed");
    return mv;
}

static void test_memoryviews(void)
{
    for (int mask_ba = 0; mask_ba < 2; mask_ba++)
        for (int v = 0; v < 4; v++) {
            const char *in = v < 3 ? VALUES[v].in : long_in, *out = v < 3 ? VALUES[v].out : long_out;
            const char *mask_bytes = VALUES[v < 3 ? v : 2].mask;
            Py_ssize_t len = v < 3 ? VALUES[v].len : 80;
            PyObject *src = PyBytes_FromStringAndSize(in, len);
            PyObject *mv = PyMemoryView_FromObject(src);
            PyObject *mask = make(mask_ba, mask_bytes, 4);
            char what[128];
            snprintf(what, sizeof what, "apply_mask(memoryview of %zd, %s mask %d)", len, mask_ba ? "bytearray" : "bytes", v);
            expect_bytes(call(apply_mask, NULL, "(OO)", mv, mask), out, len, what);
            /* Every other byte (memoryview(data)[::2]): a strided view,
               copied to C order first, then masked from its first byte. */
            Py_ssize_t shape[1] = {(len + 1) / 2}, strides[1] = {2};
            PyObject *strided = view_of(PyBytes_AS_STRING(src), 1, shape, strides, "B", 1, 0);
            char want[81];
            for (Py_ssize_t i = 0; i < shape[0]; i++)
                want[i] = (char)(in[2 * i] ^ mask_bytes[i % 4]);
            snprintf(what, sizeof what, "apply_mask(every other byte of %zd, %s mask %d)", len,
                     mask_ba ? "bytearray" : "bytes", v);
            expect_bytes(call(apply_mask, NULL, "(OO)", strided, mask), want, shape[0], what);
            Py_DECREF(strided);
            Py_DECREF(mask);
            Py_DECREF(mv);
            Py_DECREF(src);
        }

    /* Other layouts over "abcdABCD" * 10: 8x10 in C order, the same
       transposed (Fortran order: GetContiguous reorders it), 20 uint32
       items, and every third byte backwards (a negative stride). */
    PyObject *src = PyBytes_FromStringAndSize(long_in, 80);
    char *data = PyBytes_AS_STRING(src);
    PyObject *mask = PyBytes_FromString("1234");
    Py_ssize_t shape2[2] = {8, 10}, c_strides[2] = {10, 1}, f_strides[2] = {1, 8};
    PyObject *v = view_of(data, 2, shape2, c_strides, "B", 1, 0);
    expect_bytes(call(apply_mask, NULL, "(OO)", v, mask), long_out, 80, "apply_mask(an 8x10 C-order view, mask)");
    Py_DECREF(v);
    v = view_of(data, 2, shape2, f_strides, "B", 1, 0);
    record(call(apply_mask, NULL, "(OO)", v, mask), "apply_mask(an 8x10 Fortran-order view, mask)");
    Py_DECREF(v);
    Py_ssize_t shape_i[1] = {20}, strides_i[1] = {4};
    v = view_of(data, 1, shape_i, strides_i, "I", 4, 0);
    expect_bytes(call(apply_mask, NULL, "(OO)", v, mask), long_out, 80, "apply_mask(a view of 20 uint32, mask)");
    Py_DECREF(v);
    Py_ssize_t shape_r[1] = {27}, strides_r[1] = {-3};
    v = view_of(data, 1, shape_r, strides_r, "B", 1, 78);
    record(call(apply_mask, NULL, "(OO)", v, mask), "apply_mask(every third byte backwards, mask)");
    Py_DECREF(v);
    Py_DECREF(mask);
    Py_DECREF(src);
}

static void test_errors(void)
{
    expect_error(call(apply_mask, NULL, "(OO)", Py_None, Py_None), PyExc_TypeError,
                 "expected a bytes-like object, NoneType found", "apply_mask(None, None)");
    expect_error(call(apply_mask, NULL, "(yO)", "abcd", Py_None), PyExc_TypeError,
                 "expected a bytes-like object, NoneType found", "apply_mask(b'abcd', None)");
    expect_error(call(apply_mask, NULL, "(Oy)", Py_None, "abcd"), PyExc_TypeError,
                 "expected a bytes-like object, NoneType found", "apply_mask(None, b'abcd')");
    record(call(apply_mask, NULL, "(si)", "abcd", 1), "apply_mask('abcd', 1)");
    static const char *bad[][2] = {{"", ""}, {"abcd", "123"}, {"", "aBcDe"}, {"12345678", "12345678"}};
    for (int i = 0; i < 4; i++) {
        char what[64];
        snprintf(what, sizeof what, "apply_mask(b'%s', b'%s')", bad[i][0], bad[i][1]);
        expect_error(call(apply_mask, NULL, "(yy)", bad[i][0], bad[i][1]), PyExc_ValueError, "mask must contain 4 bytes",
                     what);
    }
    expect_bytes(call(apply_mask, kw_dict("{s:y,s:y}", "data", "abcdABCD", "mask", "1234"), "()"), "PPPPpppp", 8,
                 "apply_mask(data=b'abcdABCD', mask=b'1234')");
    record(call(apply_mask, kw_dict("{s:y}", "mask", "1234"), "(y)", "abcd"), "apply_mask(b'abcd', mask=b'1234')");
    record(call(apply_mask, NULL, "(y)", "abcd"), "apply_mask(b'abcd')");
    /* A big frame: the SIMD loop and its tail. */
    PyObject *big = PyBytes_FromStringAndSize(NULL, 100003);
    for (Py_ssize_t i = 0; i < 100003; i++)
        PyBytes_AS_STRING(big)[i] = (char)(i * 7);
    record(call(apply_mask, NULL, "(Oy)", big, "\x9a\x01\xff\x42"), "apply_mask(100003 bytes, mask)");
    Py_DECREF(big);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    apply_mask = attr(module, "apply_mask");
    test_combinations();
    test_memoryviews();
    test_errors();
    Py_DECREF(apply_mask);
}

CORPUS_MAIN("speedups", run)
