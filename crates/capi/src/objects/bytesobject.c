/*
 * bytesobject.c -- the variadic half of bytesobject.rs: PyBytes_FromFormat
 * and PyBytes_FromFormatV, which stable Rust cannot define.
 *
 * The conversions are CPython 3.11's:
 *
 *   %%  %c (int in 0..255)  %d %u (with l or z: long / size_t)  %i %x
 *   %s (precision limits the bytes copied)  %p (always "0x...")
 *
 * A width is skipped, as are any other non-letters before the conversion;
 * precision matters only to %s. An unknown conversion copies the rest of
 * the format, from its '%', verbatim and stops (the arguments can no longer
 * be followed). %c outside 0..255 raises OverflowError.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "Python.h"

typedef struct {
    char *buf;
    size_t len;
    size_t cap;
} bytes_writer;

static int bw_write(bytes_writer *w, const char *s, size_t n) {
    if (n > (size_t)PY_SSIZE_T_MAX - w->len) {
        PyErr_NoMemory();
        return -1;
    }
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 64;
        while (cap < w->len + n) cap = cap > (size_t)PY_SSIZE_T_MAX / 2 ? w->len + n : cap * 2;
        char *p = PyMem_Realloc(w->buf, cap);
        if (p == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        w->buf = p;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

PyObject *PyBytes_FromFormatV(const char *format, va_list vargs) {
    if (format == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    bytes_writer w = {NULL, 0, 0};
    char num[64];
    va_list ap;
    va_copy(ap, vargs);
    for (const char *f = format; *f; f++) {
        if (*f != '%') {
            if (bw_write(&w, f, 1) < 0) goto fail;
            continue;
        }
        const char *start = f++;
        while (is_digit(*f)) f++;
        Py_ssize_t prec = 0;
        if (*f == '.') {
            f++;
            for (; is_digit(*f); f++) prec = prec * 10 + (*f - '0');
        }
        while (*f && *f != '%' && !is_alpha(*f)) f++;
        int longflag = 0, sizeflag = 0;
        if (*f == 'l' && (f[1] == 'd' || f[1] == 'u')) {
            longflag = 1;
            f++;
        }
        if (*f == 'z' && (f[1] == 'd' || f[1] == 'u')) {
            sizeflag = 1;
            f++;
        }
        switch (*f) {
        case 'c': {
            int c = va_arg(ap, int);
            if (c < 0 || c > 255) {
                PyErr_SetString(PyExc_OverflowError,
                                "PyBytes_FromFormatV(): %c format expects an integer in range [0; 255]");
                goto fail;
            }
            char ch = (char)c;
            if (bw_write(&w, &ch, 1) < 0) goto fail;
            break;
        }
        case 'd':
            if (longflag) snprintf(num, sizeof num, "%ld", va_arg(ap, long));
            else if (sizeflag) snprintf(num, sizeof num, "%zd", va_arg(ap, Py_ssize_t));
            else snprintf(num, sizeof num, "%d", va_arg(ap, int));
            if (bw_write(&w, num, strlen(num)) < 0) goto fail;
            break;
        case 'u':
            if (longflag) snprintf(num, sizeof num, "%lu", va_arg(ap, unsigned long));
            else if (sizeflag) snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
            else snprintf(num, sizeof num, "%u", va_arg(ap, unsigned int));
            if (bw_write(&w, num, strlen(num)) < 0) goto fail;
            break;
        case 'i':
            snprintf(num, sizeof num, "%i", va_arg(ap, int));
            if (bw_write(&w, num, strlen(num)) < 0) goto fail;
            break;
        case 'x':
            snprintf(num, sizeof num, "%x", va_arg(ap, unsigned int));
            if (bw_write(&w, num, strlen(num)) < 0) goto fail;
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            size_t n = 0;
            if (prec <= 0) n = strlen(s);
            else while ((Py_ssize_t)n < prec && s[n]) n++;
            if (bw_write(&w, s, n) < 0) goto fail;
            break;
        }
        case 'p': {
            int n = snprintf(num, sizeof num, "%p", va_arg(ap, void *));
            if (n < 0) n = 0;
            /* %p is implementation-defined: make sure of the leading "0x". */
            if (n >= 2 && num[1] == 'X') {
                num[1] = 'x';
            } else if (n < 2 || num[1] != 'x') {
                if (bw_write(&w, "0x", 2) < 0) goto fail;
            }
            if (bw_write(&w, num, (size_t)n) < 0) goto fail;
            break;
        }
        case '%':
            if (bw_write(&w, "%", 1) < 0) goto fail;
            break;
        default:
            /* Unknown: copy the rest of the format verbatim and stop. */
            if (bw_write(&w, start, strlen(start)) < 0) goto fail;
            goto done;
        }
    }
done:
    va_end(ap);
    PyObject *res = PyBytes_FromStringAndSize(w.buf, (Py_ssize_t)w.len);
    PyMem_Free(w.buf);
    return res;

fail:
    va_end(ap);
    PyMem_Free(w.buf);
    return NULL;
}

PyObject *PyBytes_FromFormat(const char *format, ...) {
    va_list vargs;
    va_start(vargs, format);
    PyObject *res = PyBytes_FromFormatV(format, vargs);
    va_end(vargs);
    return res;
}

/* _PyBytes_Join(sep, iterable): sep.join(iterable) for a bytes `sep`, as
   bytes.join: every item must be bytes-like ("sequence item 1: expected a
   bytes-like object, int found"); a one-item sequence holding exactly a
   bytes is returned as is. (Here because it is C over the C API, like the
   formatting above.) */
PyObject *_PyBytes_Join(PyObject *sep, PyObject *iterable)
{
    if (sep == NULL || !PyBytes_Check(sep) || iterable == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    PyObject *seq = PySequence_Fast(iterable, "can only join an iterable");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n == 1 && PyBytes_CheckExact(PySequence_Fast_GET_ITEM(seq, 0))) {
        PyObject *only = PySequence_Fast_GET_ITEM(seq, 0);
        Py_INCREF(only);
        Py_DECREF(seq);
        return only;
    }
    Py_buffer *views = PyMem_New(Py_buffer, n > 0 ? n : 1);
    if (views == NULL) {
        Py_DECREF(seq);
        return PyErr_NoMemory();
    }
    Py_ssize_t held = 0, total = 0, seplen = PyBytes_GET_SIZE(sep);
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        if (PyObject_GetBuffer(item, &views[i], PyBUF_SIMPLE) != 0) {
            PyErr_Format(PyExc_TypeError, "sequence item %zd: expected a bytes-like object, %.80s found", i,
                         Py_TYPE(item)->tp_name);
            goto done;
        }
        held = i + 1;
        Py_ssize_t add = views[i].len + (i != 0 ? seplen : 0);
        if (views[i].len > PY_SSIZE_T_MAX - seplen || add > PY_SSIZE_T_MAX - total) {
            PyErr_SetString(PyExc_OverflowError, "join() result is too long");
            goto done;
        }
        total += add;
    }
    result = PyBytes_FromStringAndSize(NULL, total);
    if (result != NULL) {
        char *out = PyBytes_AS_STRING(result);
        for (Py_ssize_t i = 0; i < n; i++) {
            if (i != 0 && seplen > 0) {
                memcpy(out, PyBytes_AS_STRING(sep), (size_t)seplen);
                out += seplen;
            }
            if (views[i].len > 0)
                memcpy(out, views[i].buf, (size_t)views[i].len);
            out += views[i].len;
        }
    }
done:
    for (Py_ssize_t i = 0; i < held; i++)
        PyBuffer_Release(&views[i]);
    PyMem_Free(views);
    Py_DECREF(seq);
    return result;
}
