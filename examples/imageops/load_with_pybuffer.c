/*
 * load_with_pybuffer.c -- loads imageops built against pybuffer the way a
 * host does (dlopen, PyInit_imageops, then the functions of its method
 * table), and checks each function on memoryviews over C arrays, strided
 * and with negative strides, against plain C references.
 *
 *   cc -shared -fPIC -Icrates/capi/include examples/imageops/imageops.c -o imageops.so
 *   cc -Icrates/capi/include examples/imageops/load_with_pybuffer.c \
 *      -Ltarget/release -lpybuffer -ldl -o load && ./load ./imageops.so
 *
 * The module's undefined symbols resolve against the libpybuffer.so this
 * program is linked with. Prints TAP.
 */
#include <dlfcn.h>
#include <Python.h>
#include "../../crates/capi/tests/c/check.h"

static PyObject *module;

static PyMethodDef *find(const char *name) {
    for (PyMethodDef *m = PyModule_GetDef(module)->m_methods; m->ml_name != NULL; m++)
        if (strcmp(m->ml_name, name) == 0) return m;
    return NULL;
}

/* Calls a module function as an interpreter does: METH_O or METH_FASTCALL. */
static PyObject *call(const char *name, PyObject *const *args, Py_ssize_t nargs) {
    PyMethodDef *m = find(name);
    if (m == NULL) return NULL;
    if (m->ml_flags == METH_O) return m->ml_meth(module, args[0]);
    return ((_PyCFunctionFast)(void (*)(void))m->ml_meth)(module, args, nargs);
}

/* A memoryview over `base` with the given 2-D or 3-D layout; `first` is the
   offset of element [0,0(,0)] (nonzero for negative strides). */
static PyObject *view(unsigned char *base, Py_ssize_t first, int ndim, const Py_ssize_t *shape,
                      const Py_ssize_t *strides, int readonly) {
    Py_buffer info = {0};
    Py_ssize_t n = 1;
    for (int i = 0; i < ndim; i++) n *= shape[i];
    info.buf = base + first;
    info.len = n;
    info.itemsize = 1;
    info.readonly = readonly;
    info.ndim = ndim;
    info.format = "B";
    info.shape = (Py_ssize_t *)shape;
    info.strides = (Py_ssize_t *)strides;
    return PyMemoryView_FromBuffer(&info);
}

#define H 5
#define W 6

static unsigned char at(const unsigned char *base, Py_ssize_t first, const Py_ssize_t *st, int y, int x,
                        int c) {
    return base[first + y * st[0] + x * st[1] + c * st[2]];
}

static void test_grayscale_negative_strides(void) {
    /* A 5x6 view of a 10x12 array: every other row and column, reversed. */
    static unsigned char base[10 * 12], orig[10 * 12];
    for (int i = 0; i < 10 * 12; i++) base[i] = orig[i] = (unsigned char)(i * 37 % 256);
    const Py_ssize_t shape[2] = {H, W}, strides[3] = {-24, -2, 0};
    const Py_ssize_t first = 8 * 12 + 10; /* row 8, column 10 */
    PyObject *img = view(base, first, 2, shape, strides, 0);
    CHECK(img != NULL, "memoryview with negative strides");

    PyObject *r = call("invert", &img, 1);
    int ok = r == Py_None;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            ok &= at(base, first, strides, y, x, 0) == 255 - at(orig, first, strides, y, x, 0);
    for (int i = 0; i < 10 * 12; i++)
        if (i % 2 == 1 || (i / 12) % 2 == 1) ok &= base[i] == orig[i]; /* untouched elsewhere */
    CHECK(ok, "invert on a negatively strided grayscale view");
    Py_XDECREF(r);
    r = call("invert", &img, 1);
    Py_XDECREF(r);

    PyObject *axis = PyLong_FromLong(1);
    PyObject *args[3] = {img, axis, NULL};
    r = call("flip", args, 2);
    ok = r == Py_None;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            ok &= at(base, first, strides, y, x, 0) == at(orig, first, strides, y, W - 1 - x, 0);
    CHECK(ok, "flip axis 1");
    Py_XDECREF(r);
    r = call("flip", args, 2);
    Py_XDECREF(r);
    CHECK(memcmp(base, orig, sizeof base) == 0, "flip twice restores the image");

    unsigned char out[W * H];
    const Py_ssize_t tshape[2] = {W, H}, tstrides[3] = {H, 1, 0};
    PyObject *dst = view(out, 0, 2, tshape, tstrides, 0);
    args[1] = dst;
    r = call("transpose", args, 2);
    ok = r == Py_None;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) ok &= out[x * H + y] == at(base, first, strides, y, x, 0);
    CHECK(ok, "transpose into a contiguous dst");
    Py_XDECREF(r);

    unsigned char blurred[H * W];
    const Py_ssize_t bstrides[3] = {W, 1, 0};
    PyObject *bdst = view(blurred, 0, 2, shape, bstrides, 0);
    PyObject *radius = PyLong_FromLong(1);
    PyObject *bargs[3] = {img, bdst, radius};
    r = call("box_blur", bargs, 3);
    ok = r == Py_None;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            unsigned sum = 0, n = 0;
            for (int yy = y - 1; yy <= y + 1; yy++)
                for (int xx = x - 1; xx <= x + 1; xx++)
                    if (yy >= 0 && yy < H && xx >= 0 && xx < W) {
                        sum += at(base, first, strides, yy, xx, 0);
                        n++;
                    }
            ok &= blurred[y * W + x] == (sum + n / 2) / n;
        }
    CHECK(ok, "box_blur radius 1");
    Py_XDECREF(r);

    r = call("mean", &img, 1);
    unsigned total = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) total += at(base, first, strides, y, x, 0);
    CHECK(r != NULL && PyFloat_Check(r) && PyFloat_AsDouble(r) == (double)total / (H * W), "mean");
    Py_XDECREF(r);

    /* Errors, and every buffer released on every path. */
    bargs[1] = img;
    CHECK(call("box_blur", bargs, 3) == NULL && PyErr_ExceptionMatches(PyExc_ValueError), "overlap is refused");
    PyErr_Clear();
    args[1] = bdst;
    CHECK(call("transpose", args, 2) == NULL && PyErr_ExceptionMatches(PyExc_ValueError),
          "transpose into the wrong shape is refused");
    PyErr_Clear();
    CHECK(call("flip", args, 1) == NULL && PyErr_ExceptionMatches(PyExc_TypeError), "flip with one argument");
    PyErr_Clear();
    CHECK(Py_REFCNT(img) == 1 && Py_REFCNT(dst) == 1 && Py_REFCNT(bdst) == 1,
          "no export outlives a call");
    Py_DECREF(radius);
    Py_DECREF(axis);
    Py_DECREF(bdst);
    Py_DECREF(dst);
    Py_DECREF(img);
}

static void test_rgba(void) {
    static unsigned char px[3 * 4 * 4];
    for (int i = 0; i < 48; i++) px[i] = (unsigned char)(i * 11);
    const Py_ssize_t shape[3] = {3, 4, 4}, strides[3] = {16, 4, 1};
    PyObject *img = view(px, 0, 3, shape, strides, 0);
    PyObject *r = call("invert", &img, 1);
    int ok = r == Py_None;
    for (int i = 0; i < 48; i++) ok &= px[i] == (i % 4 == 3 ? (unsigned char)(i * 11) : 255 - (unsigned char)(i * 11));
    CHECK(ok, "invert keeps RGBA alpha");
    Py_XDECREF(r);
    PyObject *axis = PyLong_FromLong(0);
    PyObject *args[2] = {img, axis};
    r = call("flip", args, 2);
    ok = r == Py_None;
    for (int y = 0; y < 3; y++)
        for (int i = 0; i < 16; i++) {
            unsigned char v = (unsigned char)(((2 - y) * 16 + i) * 11);
            ok &= px[y * 16 + i] == (i % 4 == 3 ? v : 255 - v);
        }
    CHECK(ok, "flip axis 0 on RGBA");
    Py_XDECREF(r);
    Py_DECREF(axis);
    Py_DECREF(img);

    PyObject *ro = view(px, 0, 3, shape, strides, 1);
    CHECK(call("invert", &ro, 1) == NULL && PyErr_ExceptionMatches(PyExc_BufferError),
          "invert on a read-only view raises BufferError");
    PyErr_Clear();
    r = call("mean", &ro, 1);
    CHECK(r != NULL && PyFloat_Check(r), "mean on a read-only view");
    Py_XDECREF(r);
    Py_DECREF(ro);

    double d[4] = {0};
    Py_buffer info = {0};
    Py_ssize_t dshape[2] = {2, 2}, dstrides[2] = {16, 8};
    info.buf = d;
    info.len = sizeof d;
    info.itemsize = 8;
    info.ndim = 2;
    info.format = "d";
    info.shape = dshape;
    info.strides = dstrides;
    PyObject *dv = PyMemoryView_FromBuffer(&info);
    CHECK(call("invert", &dv, 1) == NULL && PyErr_ExceptionMatches(PyExc_TypeError),
          "invert on doubles raises TypeError (PyErr_Format)");
    PyErr_Clear();
    Py_DECREF(dv);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s path/to/imageops.so\n", argv[0]);
        return 2;
    }
    void *so = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    CHECK(so != NULL, "dlopen imageops.so built against pybuffer");
    if (so == NULL) {
        printf("# %s\n", dlerror());
        return CHECK_DONE();
    }
    PyObject *(*init)(void) = (PyObject * (*)(void)) dlsym(so, "PyInit_imageops");
    CHECK(init != NULL, "PyInit_imageops is exported");
    module = init ? init() : NULL;
    CHECK(module != NULL && PyModule_Check(module) && strcmp(PyModule_GetName(module), "imageops") == 0,
          "PyInit_imageops returns the imageops module");
    if (module == NULL) return CHECK_DONE();
    CHECK(find("invert") && find("flip") && find("transpose") && find("box_blur") && find("mean"),
          "the method table has every function");
    test_grayscale_negative_strides();
    test_rgba();
    Py_DECREF(module);
    return CHECK_DONE();
}
