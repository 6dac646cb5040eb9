/*
 * bytesobject.c -- the variadic half of bytesobject.rs: PyBytes_FromFormat
 * and PyBytes_FromFormatV, which stable Rust cannot define; and bytes'
 * tp_new, whose keyword parsing is PyArg_ParseTupleAndKeywords'.
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

/* ------------------------------------------------------------------ */
/*                     bytes(...): calling the type                   */
/* ------------------------------------------------------------------ */

/* The `encoding` / `errors` argument of bytes() as Argument Clinic's
   `str` converter reads it: a str without NULs, as UTF-8, or NULL with
   "bytes() argument 'encoding' must be str, not int" or "embedded null
   character". */
static const char *bytes_str_argument(PyObject *arg, const char *func, const char *name)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s() argument '%s' must be str, not %.50s", func, name,
                     arg == Py_None ? "None" : Py_TYPE(arg)->tp_name);
        return NULL;
    }
    Py_ssize_t len;
    const char *utf8 = PyUnicode_AsUTF8AndSize(arg, &len);
    if (utf8 != NULL && strlen(utf8) != (size_t)len) {
        PyErr_SetString(PyExc_ValueError, "embedded null character");
        return NULL;
    }
    return utf8;
}

/* `x.__bytes__()` looked up on the type (CPython's _PyObject_LookupSpecial):
   1 with the result in *out, 0 when the type has no __bytes__, -1 with an
   error. */
static int call_dunder_bytes(PyObject *x, PyObject **out)
{
    PyObject *name = PyUnicode_FromString("__bytes__");
    if (name == NULL)
        return -1;
    PyObject *f = _PyType_Lookup(Py_TYPE(x), name);
    Py_DECREF(name);
    *out = NULL;
    if (f == NULL)
        return PyErr_Occurred() ? -1 : 0;
    descrgetfunc get = Py_TYPE(f)->tp_descr_get;
    PyObject *bound = get ? get(f, x, (PyObject *)Py_TYPE(x)) : (Py_INCREF(f), f);
    if (bound == NULL)
        return -1;
    *out = PyObject_CallNoArgs(bound);
    Py_DECREF(bound);
    return *out == NULL ? -1 : 1;
}

/* bytes' tp_new, CPython's bytes_new: bytes() is b''; bytes(str,
   encoding[, errors]) encodes; bytes(x) is x.__bytes__() when the type has
   it, n zero bytes for an integer n, else PyBytes_FromObject(x) (any
   buffer, or an iterable of ints in range(256)). For a subtype, the bytes
   are copied into an instance of it. */
PyObject *_Pyb_bytes_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"source", "encoding", "errors", NULL};
    PyObject *x = NULL, *encoding_obj = NULL, *errors_obj = NULL, *bytes = NULL;
    const char *encoding = NULL, *errors = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OOO:bytes", kwlist, &x, &encoding_obj, &errors_obj))
        return NULL;
    if (encoding_obj != NULL && (encoding = bytes_str_argument(encoding_obj, "bytes", "encoding")) == NULL)
        return NULL;
    if (errors_obj != NULL && (errors = bytes_str_argument(errors_obj, "bytes", "errors")) == NULL)
        return NULL;
    if (x == NULL) {
        if (encoding != NULL || errors != NULL) {
            PyErr_SetString(PyExc_TypeError,
                            encoding != NULL ? "encoding without a string argument" : "errors without a string argument");
            return NULL;
        }
        bytes = PyBytes_FromStringAndSize(NULL, 0);
    } else if (encoding != NULL) {
        if (!PyUnicode_Check(x)) {
            PyErr_SetString(PyExc_TypeError, "encoding without a string argument");
            return NULL;
        }
        bytes = PyUnicode_AsEncodedString(x, encoding, errors);
    } else if (errors != NULL) {
        PyErr_SetString(PyExc_TypeError,
                        PyUnicode_Check(x) ? "string argument without an encoding" : "errors without a string argument");
        return NULL;
    } else {
        int found = call_dunder_bytes(x, &bytes);
        if (found < 0)
            return NULL;
        if (found > 0) {
            if (!PyBytes_Check(bytes)) {
                PyErr_Format(PyExc_TypeError, "__bytes__ returned non-bytes (type %.200s)", Py_TYPE(bytes)->tp_name);
                Py_DECREF(bytes);
                return NULL;
            }
        } else if (PyUnicode_Check(x)) {
            PyErr_SetString(PyExc_TypeError, "string argument without an encoding");
            return NULL;
        } else if (PyIndex_Check(x)) {
            Py_ssize_t size = PyNumber_AsSsize_t(x, PyExc_OverflowError);
            if (size == -1 && PyErr_Occurred()) {
                if (!PyErr_ExceptionMatches(PyExc_TypeError))
                    return NULL;
                PyErr_Clear();
                bytes = PyBytes_FromObject(x);
            } else if (size < 0) {
                PyErr_SetString(PyExc_ValueError, "negative count");
                return NULL;
            } else {
                bytes = PyBytes_FromStringAndSize(NULL, size);
                if (bytes != NULL)
                    memset(PyBytes_AS_STRING(bytes), 0, (size_t)size);
            }
        } else {
            bytes = PyBytes_FromObject(x);
        }
    }
    if (bytes == NULL || type == &PyBytes_Type)
        return bytes;
    /* A subtype: the same bytes in an instance of it (CPython's
       bytes_subtype_new). */
    Py_ssize_t n = PyBytes_GET_SIZE(bytes);
    allocfunc alloc = type->tp_alloc ? type->tp_alloc : PyType_GenericAlloc;
    PyObject *obj = alloc(type, n);
    if (obj != NULL) {
        memcpy(((PyBytesObject *)obj)->ob_sval, PyBytes_AS_STRING(bytes), (size_t)n + 1);
        ((PyBytesObject *)obj)->ob_shash = -1;
    }
    Py_DECREF(bytes);
    return obj;
}
