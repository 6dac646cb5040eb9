/*
 * unicodeobject.c -- the variadic half of unicodeobject.rs:
 * PyUnicode_FromFormat and PyUnicode_FromFormatV, which stable Rust cannot
 * define. Compiled by the crate's build script.
 *
 * The conversions are CPython 3.11's (Objects/unicodeobject.c documents them
 * in PyUnicode_FromFormat's docs):
 *
 *   %%  %c (int code point)  %d %i %u %x  %ld %li %lu  %lld %lli %llu
 *   %zd %zi %zu  %p  %s (UTF-8, invalid bytes replaced)  %U (str)
 *   %V (str or, when NULL, UTF-8)  %S (str())  %R (repr())  %A (ascii())
 *
 * with an optional '0' flag, width and precision. Numbers: precision is the
 * minimum digit count, width pads with spaces (zeros with '0') in front of
 * the sign too, as CPython does. Strings: precision truncates (bytes for %s,
 * characters otherwise), width pads with spaces on the left, counted in
 * characters. %c and %p ignore width. Anything else (for example %lx or
 * %-5d) stops the conversion: the rest of the format is copied as is, since
 * the argument list can no longer be followed. The format must be ASCII.
 *
 * Also here, being C written over the C API: str()'s constructor (the
 * type's tp_new, parsing its arguments as CPython's Argument Clinic does),
 * PyUnicode_FromEncodedObject, which it uses, and the _PyUnicodeWriter
 * string builder.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "Python.h"

/* Decodes UTF-8 with U+FFFD for invalid sequences (in unicodeobject.rs). */
PyObject *_Pyb_Unicode_DecodeUTF8Replace(const char *s, Py_ssize_t size);

typedef struct {
    char *buf;
    size_t len;
    size_t cap;
} writer;

static int w_reserve(writer *w, size_t extra) {
    if (extra > (size_t)PY_SSIZE_T_MAX - w->len - 1) {
        PyErr_NoMemory();
        return -1;
    }
    size_t need = w->len + extra + 1;
    if (need <= w->cap) return 0;
    size_t cap = w->cap ? w->cap : 64;
    while (cap < need) cap = cap > (size_t)PY_SSIZE_T_MAX / 2 ? need : cap * 2;
    char *p = PyMem_Realloc(w->buf, cap);
    if (p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    w->buf = p;
    w->cap = cap;
    return 0;
}

static int w_write(writer *w, const char *s, size_t n) {
    if (w_reserve(w, n) < 0) return -1;
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    return 0;
}

static int w_fill(writer *w, char c, Py_ssize_t n) {
    if (n <= 0) return 0;
    if (w_reserve(w, (size_t)n) < 0) return -1;
    memset(w->buf + w->len, c, (size_t)n);
    w->len += (size_t)n;
    return 0;
}

/* Bytes in the UTF-8 sequence that starts with `lead` (valid UTF-8). */
static size_t utf8_seq_len(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead < 0xe0) return 2;
    if (lead < 0xf0) return 3;
    return 4;
}

/* Writes a str object: at most `precision` characters (-1: all), right
   aligned in `width` characters. */
static int w_str(writer *w, PyObject *str, Py_ssize_t width, Py_ssize_t precision) {
    Py_ssize_t size;
    PyObject *passed = NULL;
    const char *s = PyUnicode_AsUTF8AndSize(str, &size);
    if (s == NULL) {
        /* A lone surrogate, which CPython's formatter copies as it is: the
           writer holds it encoded as three bytes (surrogatepass), as it
           holds %c's, until the end decodes them back. */
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return -1;
        PyErr_Clear();
        passed = PyUnicode_AsEncodedString(str, "utf-8", "surrogatepass");
        if (passed == NULL) return -1;
        s = PyBytes_AS_STRING(passed);
        size = PyBytes_GET_SIZE(passed);
    }
    Py_ssize_t chars = 0;
    size_t end = 0;
    while (end < (size_t)size && (precision < 0 || chars < precision)) {
        end += utf8_seq_len((unsigned char)s[end]);
        chars++;
    }
    int res = width > chars ? w_fill(w, ' ', width - chars) : 0;
    if (res == 0) res = w_write(w, s, end);
    Py_XDECREF(passed);
    return res;
}

/* Writes a C string: at most `precision` bytes, decoded as UTF-8 with
   replacement, then padded as w_str does. NULL prints "(null)". */
static int w_cstr(writer *w, const char *s, Py_ssize_t width, Py_ssize_t precision) {
    if (s == NULL) s = "(null)";
    Py_ssize_t n = 0;
    while (s[n] != '\0' && (precision < 0 || n < precision)) n++;
    PyObject *u = _Pyb_Unicode_DecodeUTF8Replace(s, n);
    if (u == NULL) return -1;
    int res = w_str(w, u, width, -1);
    Py_DECREF(u);
    return res;
}

/* Writes an object converted by `conv` (PyObject_Str, _Repr or _ASCII). */
static int w_conv(writer *w, PyObject *obj, PyObject *(*conv)(PyObject *), Py_ssize_t width,
                  Py_ssize_t precision) {
    PyObject *s = conv(obj);
    if (s == NULL) return -1;
    int res = w_str(w, s, width, precision);
    Py_DECREF(s);
    return res;
}

/* Appends the UTF-8 encoding of code point `c` (0..0x10ffff). */
static int w_char(writer *w, unsigned int c) {
    char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (char)(0xc0 | (c >> 6));
        b[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (char)(0xe0 | (c >> 12));
        b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        b[0] = (char)(0xf0 | (c >> 18));
        b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    return w_write(w, b, n);
}

/* Parses a run of digits into *out, failing with ValueError("<what> too
   big") on overflow. Returns the position after the digits. */
static const char *parse_count(const char *f, Py_ssize_t *out, const char *what) {
    Py_ssize_t v = 0;
    while (*f >= '0' && *f <= '9') {
        int d = *f - '0';
        if (v > (PY_SSIZE_T_MAX - d) / 10) {
            PyErr_Format(PyExc_ValueError, "%s too big", what);
            return NULL;
        }
        v = v * 10 + d;
        f++;
    }
    *out = v;
    return f;
}

/* Formats one conversion starting at the '%' `p`; returns the position
   after it, or NULL with an exception set. */
static const char *format_arg(writer *w, const char *p, va_list *vargs) {
    const char *f = p + 1;
    int zeropad = 0;
    if (*f == '0') {
        zeropad = 1;
        f++;
    }
    Py_ssize_t width = -1, precision = -1;
    if (*f >= '0' && *f <= '9') {
        f = parse_count(f, &width, "width");
        if (f == NULL) return NULL;
    }
    if (*f == '.') {
        f++;
        if (*f >= '0' && *f <= '9') {
            f = parse_count(f, &precision, "precision");
            if (f == NULL) return NULL;
        }
        if (*f == '%') f--; /* "%.3%s": the conversion char is the digit */
    }
    if (*f == '\0') f--; /* a format ending in "%.12": likewise */

    enum { PLAIN, LONG, LONGLONG, SIZE } size = PLAIN;
    if (*f == 'l') {
        if (f[1] == 'd' || f[1] == 'u' || f[1] == 'i') {
            size = LONG;
            f++;
        } else if (f[1] == 'l' && (f[2] == 'd' || f[2] == 'u' || f[2] == 'i')) {
            size = LONGLONG;
            f += 2;
        }
    } else if (*f == 'z' && (f[1] == 'd' || f[1] == 'u' || f[1] == 'i')) {
        size = SIZE;
        f++;
    }

    switch (*f) {
    case 'c': {
        int ordinal = va_arg(*vargs, int);
        if (ordinal < 0 || ordinal > 0x10ffff) {
            PyErr_SetString(PyExc_OverflowError, "character argument not in range(0x110000)");
            return NULL;
        }
        if (w_char(w, (unsigned int)ordinal) < 0) return NULL;
        break;
    }
    case 'd':
    case 'i':
    case 'u':
    case 'x': {
        char digits[64];
        int len;
        if (*f == 'u') {
            switch (size) {
            case LONG: len = snprintf(digits, sizeof digits, "%lu", va_arg(*vargs, unsigned long)); break;
            case LONGLONG: len = snprintf(digits, sizeof digits, "%llu", va_arg(*vargs, unsigned long long)); break;
            case SIZE: len = snprintf(digits, sizeof digits, "%zu", va_arg(*vargs, size_t)); break;
            default: len = snprintf(digits, sizeof digits, "%u", va_arg(*vargs, unsigned int)); break;
            }
        } else if (*f == 'x') {
            len = snprintf(digits, sizeof digits, "%x", va_arg(*vargs, unsigned int));
        } else {
            switch (size) {
            case LONG: len = snprintf(digits, sizeof digits, "%ld", va_arg(*vargs, long)); break;
            case LONGLONG: len = snprintf(digits, sizeof digits, "%lld", va_arg(*vargs, long long)); break;
            case SIZE: len = snprintf(digits, sizeof digits, "%zd", va_arg(*vargs, Py_ssize_t)); break;
            default: len = snprintf(digits, sizeof digits, "%d", va_arg(*vargs, int)); break;
            }
        }
        if (len < 0) len = 0;
        if (precision < len) precision = len;
        if (width > precision && w_fill(w, zeropad ? '0' : ' ', width - precision) < 0) return NULL;
        if (w_fill(w, '0', precision - len) < 0) return NULL;
        if (w_write(w, digits, (size_t)len) < 0) return NULL;
        break;
    }
    case 'p': {
        char num[64];
        int len = snprintf(num, sizeof num, "%p", va_arg(*vargs, void *));
        if (len < 0) len = 0;
        /* %p is implementation-defined: make sure of the leading "0x". */
        if (len >= 2 && num[1] == 'X') {
            num[1] = 'x';
        } else if (len < 2 || num[1] != 'x') {
            if (w_write(w, "0x", 2) < 0) return NULL;
        }
        if (w_write(w, num, (size_t)len) < 0) return NULL;
        break;
    }
    case 's':
        if (w_cstr(w, va_arg(*vargs, const char *), width, precision) < 0) return NULL;
        break;
    case 'U': {
        PyObject *obj = va_arg(*vargs, PyObject *);
        if (obj == NULL || !PyUnicode_Check(obj)) {
            PyErr_SetString(PyExc_SystemError, "PyUnicode_FromFormat: %U needs a str object");
            return NULL;
        }
        if (w_str(w, obj, width, precision) < 0) return NULL;
        break;
    }
    case 'V': {
        PyObject *obj = va_arg(*vargs, PyObject *);
        const char *str = va_arg(*vargs, const char *);
        if (obj != NULL) {
            if (!PyUnicode_Check(obj)) {
                PyErr_SetString(PyExc_SystemError, "PyUnicode_FromFormat: %V needs a str object or NULL");
                return NULL;
            }
            if (w_str(w, obj, width, precision) < 0) return NULL;
        } else if (w_cstr(w, str, width, precision) < 0) {
            return NULL;
        }
        break;
    }
    case 'S':
        if (w_conv(w, va_arg(*vargs, PyObject *), PyObject_Str, width, precision) < 0) return NULL;
        break;
    case 'R':
        if (w_conv(w, va_arg(*vargs, PyObject *), PyObject_Repr, width, precision) < 0) return NULL;
        break;
    case 'A':
        if (w_conv(w, va_arg(*vargs, PyObject *), PyObject_ASCII, width, precision) < 0) return NULL;
        break;
    case '%':
        if (w_write(w, "%", 1) < 0) return NULL;
        break;
    default: {
        /* Unknown: copy the rest of the format verbatim and stop. */
        size_t rest = strlen(p);
        if (w_write(w, p, rest) < 0) return NULL;
        return p + rest;
    }
    }
    return f + 1;
}

PyObject *PyUnicode_FromFormatV(const char *format, va_list vargs) {
    if (format == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    writer w = {NULL, 0, 0};
    va_list ap;
    va_copy(ap, vargs);
    const char *f = format;
    while (*f != '\0') {
        if (*f == '%') {
            f = format_arg(&w, f, &ap);
            if (f == NULL) goto fail;
            continue;
        }
        const char *q = f;
        while (*q != '\0' && *q != '%') {
            if ((unsigned char)*q > 127) {
                PyErr_Format(PyExc_ValueError,
                             "PyUnicode_FromFormatV() expects an ASCII-encoded format string, "
                             "got a non-ASCII byte: 0x%02x",
                             (unsigned int)(unsigned char)*q);
                goto fail;
            }
            q++;
        }
        if (w_write(&w, f, (size_t)(q - f)) < 0) goto fail;
        f = q;
    }
    va_end(ap);
    /* surrogatepass: %c and %U may have written lone surrogates. */
    PyObject *res = PyUnicode_DecodeUTF8(w.buf, (Py_ssize_t)w.len, "surrogatepass");
    PyMem_Free(w.buf);
    return res;

fail:
    va_end(ap);
    PyMem_Free(w.buf);
    return NULL;
}

PyObject *PyUnicode_FromFormat(const char *format, ...) {
    va_list vargs;
    va_start(vargs, format);
    PyObject *res = PyUnicode_FromFormatV(format, vargs);
    va_end(vargs);
    return res;
}

/* ------------------------------------------------------------------ */
/*                 str(object='', encoding=..., errors=...)           */
/* ------------------------------------------------------------------ */

/* PyUnicode_FromEncodedObject(obj, encoding, errors): decodes a bytes-like
   object (bytes, or anything with a simple buffer); a str is refused
   ("decoding str is not supported"), as is anything without a buffer. An
   empty input gives '' without consulting the codec, as in CPython. */
PyObject *PyUnicode_FromEncodedObject(PyObject *obj, const char *encoding, const char *errors)
{
    if (obj == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (PyBytes_Check(obj)) {
        if (PyBytes_GET_SIZE(obj) == 0)
            return PyUnicode_New(0, 0);
        return PyUnicode_Decode(PyBytes_AS_STRING(obj), PyBytes_GET_SIZE(obj), encoding, errors);
    }
    if (PyUnicode_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "decoding str is not supported");
        return NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_SIMPLE) < 0) {
        PyErr_Format(PyExc_TypeError, "decoding to str: need a bytes-like object, %.80s found",
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyObject *v = view.len == 0 ? PyUnicode_New(0, 0) : PyUnicode_Decode(view.buf, view.len, encoding, errors);
    PyBuffer_Release(&view);
    return v;
}

/* The UTF-8 of a str argument of str(), or NULL with clinic's errors:
   "str() argument 'encoding' must be str, not int", "embedded null
   character". */
static const char *str_argument(PyObject *arg, const char *name)
{
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "str() argument '%s' must be str, not %.50s", name,
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

/* unicodeobject.rs */
PyObject *_Pyb_unicode_subtype_new(PyTypeObject *type, PyObject *unicode);

/* str(object='', encoding='utf-8', errors='strict') as an exact str. */
static PyObject *unicode_new_exact(PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"object", "encoding", "errors", NULL};
    PyObject *x = NULL, *encoding_obj = NULL, *errors_obj = NULL;
    const char *encoding = NULL, *errors = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OOO:str", kwlist, &x, &encoding_obj, &errors_obj))
        return NULL;
    /* CPython's clinic names the argument even when it came by position. */
    if (encoding_obj != NULL && (encoding = str_argument(encoding_obj, "encoding")) == NULL)
        return NULL;
    if (errors_obj != NULL && (errors = str_argument(errors_obj, "errors")) == NULL)
        return NULL;
    if (x == NULL)
        return PyUnicode_New(0, 0);
    if (encoding == NULL && errors == NULL)
        return PyObject_Str(x);
    return PyUnicode_FromEncodedObject(x, encoding, errors);
}

/* str's tp_new: str() is '', str(x) is PyObject_Str(x), and with an
   encoding or errors argument x is decoded. For a subtype the text is
   then copied into an instance of it, as CPython does (a __str__ that
   returns a str subclass gives its text, as an exact str, first). */
PyObject *_Pyb_unicode_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    /* CPython writes a str's fields into whatever the type allocates. */
    if (type == NULL || !PyType_IsSubtype(type, &PyUnicode_Type)) {
        PyErr_Format(PyExc_TypeError, "str.__new__(%s): %s is not a subtype of str",
                     type ? type->tp_name : "NULL", type ? type->tp_name : "NULL");
        return NULL;
    }
    PyObject *unicode = unicode_new_exact(args, kwds);
    if (unicode == NULL || type == &PyUnicode_Type)
        return unicode;
    if (!PyUnicode_CheckExact(unicode)) {
        PyObject *exact = PyUnicode_FromObject(unicode);
        Py_DECREF(unicode);
        if (exact == NULL)
            return NULL;
        unicode = exact;
    }
    return _Pyb_unicode_subtype_new(type, unicode);
}

/* ------------------------------------------------------------------ */
/*                         _PyUnicodeWriter                           */
/* ------------------------------------------------------------------ */

/* The writer's buffer is a str from PyUnicode_New that only the writer
   sees: characters are written into its data in place (by the functions
   below, or by the caller after _PyUnicodeWriter_Prepare), and Finish
   copies the first `pos` characters into the canonical result, so the
   buffer's unwritten tail never escapes. */

void _PyUnicodeWriter_Init(_PyUnicodeWriter *writer)
{
    memset(writer, 0, sizeof *writer);
    writer->min_char = 127; /* at least ASCII */
    writer->kind = 0;       /* below every kind: PrepareKind allocates */
}

static void writer_describe(_PyUnicodeWriter *writer)
{
    writer->maxchar = PyUnicode_MAX_CHAR_VALUE(writer->buffer);
    writer->data = PyUnicode_DATA(writer->buffer);
    writer->kind = (enum PyUnicode_Kind)PyUnicode_KIND(writer->buffer);
    writer->size = PyUnicode_GET_LENGTH(writer->buffer);
}

int _PyUnicodeWriter_PrepareInternal(_PyUnicodeWriter *writer, Py_ssize_t length, Py_UCS4 maxchar)
{
    if (length > PY_SSIZE_T_MAX - writer->pos) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t needed = writer->pos + length;
    if (maxchar < writer->min_char)
        maxchar = writer->min_char;
    if (writer->buffer != NULL && needed <= writer->size && maxchar <= writer->maxchar)
        return 0;
    if (maxchar > 0x10ffff) {
        PyErr_SetString(PyExc_SystemError, "invalid maximum character passed to PyUnicode_New");
        return -1;
    }
    Py_ssize_t size = writer->buffer != NULL && writer->size > needed ? writer->size : needed;
    if (writer->overallocate && size <= PY_SSIZE_T_MAX - size / 4)
        size += size / 4;
    if (writer->buffer == NULL && size < writer->min_length)
        size = writer->min_length;
    if (writer->buffer != NULL && maxchar < writer->maxchar)
        maxchar = writer->maxchar;
    PyObject *grown = PyUnicode_New(size, maxchar);
    if (grown == NULL)
        return -1;
    if (writer->buffer != NULL) {
        int kind = PyUnicode_KIND(grown);
        void *data = PyUnicode_DATA(grown);
        for (Py_ssize_t i = 0; i < writer->pos; i++)
            PyUnicode_WRITE(kind, data, i, PyUnicode_READ(writer->kind, writer->data, i));
        Py_DECREF(writer->buffer);
    }
    writer->buffer = grown;
    writer_describe(writer);
    return 0;
}

int _PyUnicodeWriter_PrepareKindInternal(_PyUnicodeWriter *writer, enum PyUnicode_Kind kind)
{
    Py_UCS4 maxchar;
    switch (kind) {
    case PyUnicode_1BYTE_KIND:
        maxchar = 0xff;
        break;
    case PyUnicode_2BYTE_KIND:
        maxchar = 0xffff;
        break;
    case PyUnicode_4BYTE_KIND:
        maxchar = 0x10ffff;
        break;
    default:
        PyErr_SetString(PyExc_SystemError, "invalid kind");
        return -1;
    }
    return _PyUnicodeWriter_PrepareInternal(writer, 0, maxchar);
}

int _PyUnicodeWriter_WriteChar(_PyUnicodeWriter *writer, Py_UCS4 ch)
{
    /* A character past U+10FFFF fails in PyUnicode_New, with CPython's
       SystemError("invalid maximum character passed to PyUnicode_New"). */
    if (_PyUnicodeWriter_Prepare(writer, 1, ch) < 0)
        return -1;
    PyUnicode_WRITE(writer->kind, writer->data, writer->pos, ch);
    writer->pos++;
    return 0;
}

int _PyUnicodeWriter_WriteSubstring(_PyUnicodeWriter *writer, PyObject *str, Py_ssize_t start, Py_ssize_t end)
{
    if (!PyUnicode_Check(str)) {
        PyErr_BadInternalCall();
        return -1;
    }
    if (start < 0 || end > PyUnicode_GET_LENGTH(str) || start > end) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return -1;
    }
    int kind = PyUnicode_KIND(str);
    const void *data = PyUnicode_DATA(str);
    Py_UCS4 maxchar = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c > maxchar)
            maxchar = c;
    }
    if (_PyUnicodeWriter_Prepare(writer, end - start, maxchar) < 0)
        return -1;
    for (Py_ssize_t i = start; i < end; i++)
        PyUnicode_WRITE(writer->kind, writer->data, writer->pos++, PyUnicode_READ(kind, data, i));
    return 0;
}

int _PyUnicodeWriter_WriteStr(_PyUnicodeWriter *writer, PyObject *str)
{
    if (!PyUnicode_Check(str)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return _PyUnicodeWriter_WriteSubstring(writer, str, 0, PyUnicode_GET_LENGTH(str));
}

/* `len` bytes (all of a NUL-terminated `str` when -1), each one character. */
static int writer_write_bytes(_PyUnicodeWriter *writer, const char *str, Py_ssize_t len, Py_UCS4 limit)
{
    if (len == -1)
        len = (Py_ssize_t)strlen(str);
    if (len < 0) {
        PyErr_BadInternalCall();
        return -1;
    }
    Py_UCS4 maxchar = 0;
    for (Py_ssize_t i = 0; i < len; i++)
        if ((unsigned char)str[i] > maxchar)
            maxchar = (unsigned char)str[i];
    if (maxchar > limit) {
        /* CPython only asserts that the text is ASCII; decode it instead of
           writing characters it does not mean. (Its Latin-1 writer reads the
           bytes as signed chars, so 0xff becomes the invalid U+FFFFFFFF;
           here every byte is the Latin-1 character it names.) */
        PyObject *s = PyUnicode_DecodeASCII(str, len, "strict");
        int r = s == NULL ? -1 : _PyUnicodeWriter_WriteStr(writer, s);
        Py_XDECREF(s);
        return r;
    }
    if (_PyUnicodeWriter_Prepare(writer, len, maxchar) < 0)
        return -1;
    for (Py_ssize_t i = 0; i < len; i++)
        PyUnicode_WRITE(writer->kind, writer->data, writer->pos++, (unsigned char)str[i]);
    return 0;
}

int _PyUnicodeWriter_WriteASCIIString(_PyUnicodeWriter *writer, const char *str, Py_ssize_t len)
{
    return writer_write_bytes(writer, str, len, 0x7f);
}

int _PyUnicodeWriter_WriteLatin1String(_PyUnicodeWriter *writer, const char *str, Py_ssize_t len)
{
    return writer_write_bytes(writer, str, len, 0xff);
}

PyObject *_PyUnicodeWriter_Finish(_PyUnicodeWriter *writer)
{
    PyObject *result = writer->pos == 0 ? PyUnicode_New(0, 0)
                                        : PyUnicode_FromKindAndData(writer->kind, writer->data, writer->pos);
    Py_CLEAR(writer->buffer);
    writer->data = NULL;
    writer->size = writer->pos = 0;
    return result;
}

void _PyUnicodeWriter_Dealloc(_PyUnicodeWriter *writer)
{
    Py_CLEAR(writer->buffer);
}

/* ---------------------------------------------------------------------- */
/*     wchar_t views: PyUnicode_AsWideChar(String), and the deprecated      */
/*     Py_UNICODE cache (PyUnicode_AsUnicode(AndSize), FromUnicode)        */
/* ---------------------------------------------------------------------- */

/* The str's length in wchar_t units: its code points, plus one more for
   each one past U+FFFF where wchar_t is 16 bits (a surrogate pair). */
static Py_ssize_t widechar_size(PyObject *unicode)
{
    if (_PyASCIIObject_CAST(unicode)->wstr != NULL)
        return PyUnicode_WSTR_LENGTH(unicode);
    Py_ssize_t n = PyUnicode_GET_LENGTH(unicode);
#if SIZEOF_WCHAR_T == 2
    if (PyUnicode_KIND(unicode) == PyUnicode_4BYTE_KIND) {
        const Py_UCS4 *s = PyUnicode_4BYTE_DATA(unicode);
        for (Py_ssize_t i = 0, len = n; i < len; i++)
            if (s[i] > 0xFFFF)
                n++;
    }
#endif
    return n;
}

/* Copies the first `size` wchar_t units of the str (its terminating NUL
   is unit widechar_size()) into w. */
static void copy_as_widechar(PyObject *unicode, wchar_t *w, Py_ssize_t size)
{
    const wchar_t *wstr = _PyASCIIObject_CAST(unicode)->wstr;
    if (wstr != NULL) {
        memcpy(w, wstr, (size_t)size * sizeof(wchar_t));
        return;
    }
    int kind = PyUnicode_KIND(unicode);
    const void *data = PyUnicode_DATA(unicode);
    Py_ssize_t i = 0;
    for (Py_ssize_t out = 0; out < size; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
#if SIZEOF_WCHAR_T == 2
        if (ch > 0xFFFF) {
            w[out++] = (wchar_t)(0xD800 + ((ch - 0x10000) >> 10));
            if (out == size)
                break;
            w[out++] = (wchar_t)(0xDC00 + ((ch - 0x10000) & 0x3FF));
            continue;
        }
#endif
        w[out++] = (wchar_t)ch;
    }
}

Py_ssize_t PyUnicode_AsWideChar(PyObject *unicode, wchar_t *w, Py_ssize_t size)
{
    if (unicode == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    if (!PyUnicode_Check(unicode)) {
        PyErr_BadArgument();
        return -1;
    }
    Py_ssize_t res = widechar_size(unicode);
    if (w == NULL)
        return res + 1;
    if (size > res)
        size = res + 1; /* the NUL too */
    else
        res = size;
    copy_as_widechar(unicode, w, size);
    return res;
}

wchar_t *PyUnicode_AsWideCharString(PyObject *unicode, Py_ssize_t *size)
{
    if (unicode == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (!PyUnicode_Check(unicode)) {
        PyErr_BadArgument();
        return NULL;
    }
    Py_ssize_t buflen = widechar_size(unicode);
    wchar_t *buffer = PyMem_New(wchar_t, buflen + 1);
    if (buffer == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    copy_as_widechar(unicode, buffer, buflen + 1);
    if (size != NULL) {
        *size = buflen;
    } else if (wcslen(buffer) != (size_t)buflen) {
        PyMem_Free(buffer);
        PyErr_SetString(PyExc_ValueError, "embedded null character");
        return NULL;
    }
    return buffer;
}

/* Defining the deprecated functions is not using them. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* The str's wchar_t form, made on first use and kept in its wstr field
   (CPython 3.11's cache, which PyUnicode_AS_UNICODE and PyUnicode_GET_SIZE
   read directly); freed with the str. */
Py_UNICODE *PyUnicode_AsUnicodeAndSize(PyObject *unicode, Py_ssize_t *size)
{
    if (unicode == NULL || !PyUnicode_Check(unicode)) {
        PyErr_BadArgument();
        return NULL;
    }
    PyASCIIObject *ascii = _PyASCIIObject_CAST(unicode);
    wchar_t *w = __atomic_load_n(&ascii->wstr, __ATOMIC_ACQUIRE);
    if (w == NULL) {
        Py_ssize_t wlen = widechar_size(unicode);
        if ((size_t)wlen > PY_SSIZE_T_MAX / sizeof(wchar_t) - 1) {
            PyErr_NoMemory();
            return NULL;
        }
        w = (wchar_t *)PyObject_Malloc(sizeof(wchar_t) * (size_t)(wlen + 1));
        if (w == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        copy_as_widechar(unicode, w, wlen + 1);
        if (!PyUnicode_IS_COMPACT_ASCII(unicode))
            _PyCompactUnicodeObject_CAST(unicode)->wstr_length = wlen;
        wchar_t *expected = NULL;
        if (!__atomic_compare_exchange_n(&ascii->wstr, &expected, w, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            /* Another thread made it first: use theirs. */
            PyObject_Free(w);
            w = expected;
        }
    }
    if (size != NULL)
        *size = PyUnicode_WSTR_LENGTH(unicode);
    return w;
}

Py_UNICODE *PyUnicode_AsUnicode(PyObject *unicode)
{
    return PyUnicode_AsUnicodeAndSize(unicode, NULL);
}

/* Unlike CPython, u == NULL with size > 0 fails (SystemError): a str here
   is always compact and ready, so there is no unfinished "legacy" str to
   fill in afterwards; PyUnicode_New is the way to make one to fill. */
PyObject *PyUnicode_FromUnicode(const Py_UNICODE *u, Py_ssize_t size)
{
    if (u == NULL) {
        if (size == 0)
            return PyUnicode_New(0, 0);
        PyErr_SetString(PyExc_SystemError,
                        "PyUnicode_FromUnicode(NULL, size) is not supported: use PyUnicode_New() instead");
        return NULL;
    }
    if (size < 0) {
        PyErr_BadInternalCall();
        return NULL;
    }
    return PyUnicode_FromWideChar(u, size);
}
