/*
 * imageops.c -- an example extension: image operations on strided views of
 * unsigned bytes, 2-D (height, width) grayscale or 3-D (height, width,
 * channels) with 1 to 4 channels (RGBA: 4).
 *
 * It is written as a normal CPython extension and is one: the same source
 * builds against CPython's headers and against pybuffer's.
 *
 *   # a real CPython extension (examples/imageops/test_cpython.py does this):
 *   cc -shared -fPIC $(python3-config --includes) imageops.c \
 *      -o imageops$(python3-config --extension-suffix)
 *
 *   # against pybuffer; the symbols resolve against libpybuffer when the
 *   # host (for example the Node addon) loads the module:
 *   cc -shared -fPIC -Icrates/capi/include imageops.c -o imageops.so
 *
 * Functions (each works on any strided layout, negative strides included):
 *
 *   invert(img)              in place: v -> 255 - v; alpha (the last of 2 or
 *                            4 channels) is kept
 *   flip(img, axis)          in place: axis 0 reverses the rows, 1 the columns
 *   transpose(src, dst)      dst[x, y] = src[y, x]; dst is (width, height[, C])
 *   box_blur(src, dst, r)    mean over the (2r+1) x (2r+1) window clipped to
 *                            the image, rounded half up; dst has src's shape
 *   mean(img) -> float       mean of every byte
 *
 * Each acquires its buffers with PyObject_GetBuffer (PyBUF_RECORDS for what
 * it writes, PyBUF_RECORDS_RO for what it reads), checks the format is 'B',
 * addresses elements through the strides (flip uses PyBuffer_GetPointer),
 * releases every buffer on every path, and reports errors with CPython's
 * exception types.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    Py_buffer view;
    Py_ssize_t height, width, channels;
    Py_ssize_t s_row, s_col, s_chan; /* strides in bytes */
    unsigned char *base;
} Image;

/* Acquires `obj` as an image for `func`'s argument `arg`. On failure an
   exception is set, nothing is held, and -1 is returned. */
static int image_get(PyObject *obj, Image *img, int writable, const char *func, const char *arg) {
    Py_buffer *v = &img->view;
    if (PyObject_GetBuffer(obj, v, writable ? PyBUF_RECORDS : PyBUF_RECORDS_RO) < 0) {
        return -1;
    }
    if (v->format != NULL && strcmp(v->format, "B") != 0) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be an image of unsigned bytes (format 'B'), "
                     "not format '%s'", func, arg, v->format);
        goto fail;
    }
    if (v->itemsize != 1) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must have 1-byte items, not %zd-byte items",
                     func, arg, v->itemsize);
        goto fail;
    }
    if (v->ndim != 2 && v->ndim != 3) {
        PyErr_Format(PyExc_ValueError, "%s() argument '%s' must be 2-D (height, width) or "
                     "3-D (height, width, channels), not %d-D", func, arg, v->ndim);
        goto fail;
    }
    img->height = v->shape[0];
    img->width = v->shape[1];
    img->channels = v->ndim == 3 ? v->shape[2] : 1;
    if (img->channels < 1 || img->channels > 4) {
        PyErr_Format(PyExc_ValueError, "%s() argument '%s' must have 1 to 4 channels, not %zd",
                     func, arg, img->channels);
        goto fail;
    }
    img->s_row = v->strides[0];
    img->s_col = v->strides[1];
    img->s_chan = v->ndim == 3 ? v->strides[2] : 0;
    img->base = (unsigned char *)v->buf;
    return 0;

fail:
    PyBuffer_Release(v);
    return -1;
}

static unsigned char *pixel(const Image *img, Py_ssize_t y, Py_ssize_t x, Py_ssize_t c) {
    return img->base + y * img->s_row + x * img->s_col + c * img->s_chan;
}

/* The lowest and one-past-highest byte addresses an image touches. */
static void extent(const Image *img, unsigned char **lo, unsigned char **hi) {
    Py_ssize_t dims[3] = {img->height, img->width, img->channels};
    Py_ssize_t strides[3] = {img->s_row, img->s_col, img->s_chan};
    Py_ssize_t low = 0, high = 0;
    for (int i = 0; i < 3; i++) {
        Py_ssize_t span = (dims[i] - 1) * strides[i];
        if (span < 0) low += span; else high += span;
    }
    *lo = img->base + low;
    *hi = img->base + high + 1;
}

static int empty(const Image *img) { return img->height == 0 || img->width == 0; }

static int overlap(const Image *a, const Image *b) {
    if (empty(a) || empty(b)) return 0;
    unsigned char *alo, *ahi, *blo, *bhi;
    extent(a, &alo, &ahi);
    extent(b, &blo, &bhi);
    return alo < bhi && blo < ahi;
}

static int check_nargs(const char *func, Py_ssize_t nargs, Py_ssize_t want) {
    if (nargs != want) {
        PyErr_Format(PyExc_TypeError, "%s() takes exactly %zd arguments (%zd given)", func, want, nargs);
        return -1;
    }
    return 0;
}

PyDoc_STRVAR(invert_doc, "invert(img)\n--\n\nInverts a writable image in place (alpha is kept).");

static PyObject *imageops_invert(PyObject *module, PyObject *arg) {
    (void)module;
    Image img;
    if (image_get(arg, &img, 1, "invert", "img") < 0) return NULL;
    /* With 2 or 4 channels the last one is alpha. */
    Py_ssize_t colour = img.channels == 2 || img.channels == 4 ? img.channels - 1 : img.channels;
    for (Py_ssize_t y = 0; y < img.height; y++)
        for (Py_ssize_t x = 0; x < img.width; x++)
            for (Py_ssize_t c = 0; c < colour; c++) {
                unsigned char *p = pixel(&img, y, x, c);
                *p = (unsigned char)(255 - *p);
            }
    PyBuffer_Release(&img.view);
    Py_RETURN_NONE;
}

PyDoc_STRVAR(flip_doc, "flip(img, axis)\n--\n\nReverses a writable image in place: its rows (axis 0) or its columns (axis 1).");

static PyObject *imageops_flip(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (check_nargs("flip", nargs, 2) < 0) return NULL;
    long axis = PyLong_AsLong(args[1]);
    if (axis == -1 && PyErr_Occurred()) return NULL;
    if (axis != 0 && axis != 1) {
        PyErr_Format(PyExc_ValueError, "flip() axis must be 0 (rows) or 1 (columns), not %ld", axis);
        return NULL;
    }
    Image img;
    if (image_get(args[0], &img, 1, "flip", "img") < 0) return NULL;
    Py_ssize_t rows = axis == 0 ? img.height / 2 : img.height;
    Py_ssize_t cols = axis == 1 ? img.width / 2 : img.width;
    for (Py_ssize_t y = 0; y < rows; y++) {
        for (Py_ssize_t x = 0; x < cols; x++) {
            Py_ssize_t a[3] = {y, x, 0};
            Py_ssize_t b[3] = {axis == 0 ? img.height - 1 - y : y, axis == 1 ? img.width - 1 - x : x, 0};
            unsigned char *pa = PyBuffer_GetPointer(&img.view, a);
            unsigned char *pb = PyBuffer_GetPointer(&img.view, b);
            if (pa == NULL || pb == NULL) { /* pybuffer checks indices; CPython never fails */
                PyBuffer_Release(&img.view);
                return NULL;
            }
            for (Py_ssize_t c = 0; c < img.channels; c++) {
                unsigned char t = pa[c * img.s_chan];
                pa[c * img.s_chan] = pb[c * img.s_chan];
                pb[c * img.s_chan] = t;
            }
        }
    }
    PyBuffer_Release(&img.view);
    Py_RETURN_NONE;
}

PyDoc_STRVAR(transpose_doc, "transpose(src, dst)\n--\n\nWrites src transposed into dst, of shape (width, height[, channels]).");

static PyObject *imageops_transpose(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (check_nargs("transpose", nargs, 2) < 0) return NULL;
    Image src, dst;
    if (image_get(args[0], &src, 0, "transpose", "src") < 0) return NULL;
    if (image_get(args[1], &dst, 1, "transpose", "dst") < 0) {
        PyBuffer_Release(&src.view);
        return NULL;
    }
    PyObject *result = NULL;
    if (dst.view.ndim != src.view.ndim || dst.height != src.width || dst.width != src.height ||
        dst.channels != src.channels) {
        PyErr_Format(PyExc_ValueError, "transpose() dst must be %zd x %zd with %zd channel(s) and %d dimensions",
                     src.width, src.height, src.channels, src.view.ndim);
        goto done;
    }
    if (overlap(&src, &dst)) {
        PyErr_SetString(PyExc_ValueError, "transpose() src and dst must not overlap");
        goto done;
    }
    for (Py_ssize_t y = 0; y < src.height; y++)
        for (Py_ssize_t x = 0; x < src.width; x++)
            for (Py_ssize_t c = 0; c < src.channels; c++)
                *pixel(&dst, x, y, c) = *pixel(&src, y, x, c);
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&dst.view);
    PyBuffer_Release(&src.view);
    return result;
}

PyDoc_STRVAR(box_blur_doc, "box_blur(src, dst, radius)\n--\n\nWrites the box blur of src into dst, of the same shape.");

static PyObject *imageops_box_blur(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (check_nargs("box_blur", nargs, 3) < 0) return NULL;
    Py_ssize_t radius = PyLong_AsSsize_t(args[2]);
    if (radius == -1 && PyErr_Occurred()) return NULL;
    if (radius < 0) {
        PyErr_Format(PyExc_ValueError, "box_blur() radius must be >= 0, not %zd", radius);
        return NULL;
    }
    Image src, dst;
    if (image_get(args[0], &src, 0, "box_blur", "src") < 0) return NULL;
    if (image_get(args[1], &dst, 1, "box_blur", "dst") < 0) {
        PyBuffer_Release(&src.view);
        return NULL;
    }
    PyObject *result = NULL;
    unsigned long long *rows = NULL;
    Py_ssize_t h = src.height, w = src.width, nc = src.channels;
    if (dst.view.ndim != src.view.ndim || dst.height != h || dst.width != w || dst.channels != nc) {
        PyErr_SetString(PyExc_ValueError, "box_blur() dst must have the shape of src");
        goto done;
    }
    if (overlap(&src, &dst)) {
        PyErr_SetString(PyExc_ValueError, "box_blur() src and dst must not overlap");
        goto done;
    }
    if (h == 0 || w == 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    if (radius > h && radius > w) radius = h > w ? h : w;
    if (h > PY_SSIZE_T_MAX / w / nc / (Py_ssize_t)sizeof *rows) {
        PyErr_NoMemory();
        goto done;
    }
    /* Pass 1: horizontal window sums; pass 2: vertical sums of those. */
    rows = PyMem_Malloc((size_t)(h * w * nc) * sizeof *rows);
    if (rows == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t y = 0; y < h; y++)
        for (Py_ssize_t c = 0; c < nc; c++) {
            unsigned long long acc = 0;
            for (Py_ssize_t x = 0; x <= radius && x < w; x++) acc += *pixel(&src, y, x, c);
            for (Py_ssize_t x = 0; x < w; x++) {
                rows[(y * w + x) * nc + c] = acc;
                if (x + radius + 1 < w) acc += *pixel(&src, y, x + radius + 1, c);
                if (x - radius >= 0) acc -= *pixel(&src, y, x - radius, c);
            }
        }
    for (Py_ssize_t x = 0; x < w; x++) {
        Py_ssize_t xcount = (x + radius < w ? x + radius : w - 1) - (x - radius > 0 ? x - radius : 0) + 1;
        for (Py_ssize_t c = 0; c < nc; c++) {
            unsigned long long acc = 0;
            for (Py_ssize_t y = 0; y <= radius && y < h; y++) acc += rows[(y * w + x) * nc + c];
            for (Py_ssize_t y = 0; y < h; y++) {
                Py_ssize_t ycount = (y + radius < h ? y + radius : h - 1) - (y - radius > 0 ? y - radius : 0) + 1;
                unsigned long long n = (unsigned long long)(xcount * ycount);
                *pixel(&dst, y, x, c) = (unsigned char)((acc + n / 2) / n);
                if (y + radius + 1 < h) acc += rows[((y + radius + 1) * w + x) * nc + c];
                if (y - radius >= 0) acc -= rows[((y - radius) * w + x) * nc + c];
            }
        }
    }
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(rows);
    PyBuffer_Release(&dst.view);
    PyBuffer_Release(&src.view);
    return result;
}

PyDoc_STRVAR(mean_doc, "mean(img)\n--\n\nThe mean of every byte of the image, as a float.");

static PyObject *imageops_mean(PyObject *module, PyObject *arg) {
    (void)module;
    Image img;
    if (image_get(arg, &img, 0, "mean", "img") < 0) return NULL;
    Py_ssize_t n = img.height * img.width * img.channels;
    if (n == 0) {
        PyBuffer_Release(&img.view);
        PyErr_SetString(PyExc_ValueError, "mean() of an empty image");
        return NULL;
    }
    unsigned long long total = 0;
    for (Py_ssize_t y = 0; y < img.height; y++)
        for (Py_ssize_t x = 0; x < img.width; x++)
            for (Py_ssize_t c = 0; c < img.channels; c++) total += *pixel(&img, y, x, c);
    PyBuffer_Release(&img.view);
    return PyFloat_FromDouble((double)total / (double)n);
}

static PyMethodDef imageops_methods[] = {
    {"invert", imageops_invert, METH_O, invert_doc},
    {"flip", (PyCFunction)(void (*)(void))imageops_flip, METH_FASTCALL, flip_doc},
    {"transpose", (PyCFunction)(void (*)(void))imageops_transpose, METH_FASTCALL, transpose_doc},
    {"box_blur", (PyCFunction)(void (*)(void))imageops_box_blur, METH_FASTCALL, box_blur_doc},
    {"mean", imageops_mean, METH_O, mean_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef imageops_module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "imageops",
    .m_doc = "Image operations on strided views of unsigned bytes.",
    .m_size = 0,
    .m_methods = imageops_methods,
};

PyMODINIT_FUNC PyInit_imageops(void) { return PyModule_Create(&imageops_module); }
