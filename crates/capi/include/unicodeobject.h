/*
 * unicodeobject.h -- str: PyUnicode_Type, CPython 3.11's compact layouts
 * (PyASCIIObject, PyCompactUnicodeObject: 1-, 2- or 4-byte characters after
 * the header, read by the PyUnicode_KIND / DATA / READ_CHAR / GET_LENGTH
 * macros) and the str API.
 */
#ifndef Py_UNICODEOBJECT_H
#define Py_UNICODEOBJECT_H

#include <stdarg.h>

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t Py_UCS4;
/* U+FFFD, what the "replace" error handler decodes a bad byte to */
#define Py_UNICODE_REPLACEMENT_CHARACTER ((Py_UCS4)0xFFFD)
/* wchar_t holds any code point (4 bytes on the platforms we build for) */
#define Py_UNICODE_WIDE
#define Py_USING_UNICODE
typedef uint16_t Py_UCS2;
typedef uint8_t Py_UCS1;
typedef wchar_t Py_UNICODE;

PyAPI_DATA(PyTypeObject) PyUnicode_Type;
PyAPI_DATA(PyTypeObject) PyUnicodeIter_Type;
#define PyUnicode_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_UNICODE_SUBCLASS)
#define PyUnicode_CheckExact(op) Py_IS_TYPE((op), &PyUnicode_Type)

/* Every exact str is compact and ready: an ASCII one (state.ascii) keeps
   its characters right after PyASCIIObject, any other right after
   PyCompactUnicodeObject; both end with a NUL character. An instance of a
   subtype of str is ready but not compact (state.compact 0), as in
   CPython: its characters are in a buffer of their own (data.any), which
   is also its UTF-8 form (utf8) when ASCII and its wchar_t form (wstr)
   when its kind is wchar_t's width. */
typedef struct {
    PyObject_HEAD
    Py_ssize_t length; /* code points */
    Py_hash_t hash;    /* -1 until computed */
    struct {
        unsigned int interned : 2;
        unsigned int kind : 3; /* 1, 2 or 4 bytes per character */
        unsigned int compact : 1;
        unsigned int ascii : 1;
        unsigned int ready : 1;
        unsigned int : 24;
    } state;
    wchar_t *wstr; /* the wchar_t form PyUnicode_AsUnicode made, or NULL */
} PyASCIIObject;

typedef struct {
    PyASCIIObject _base;
    Py_ssize_t utf8_length;
    char *utf8; /* UTF-8 cache made by PyUnicode_AsUTF8, or NULL */
    Py_ssize_t wstr_length;
} PyCompactUnicodeObject;

typedef struct {
    PyCompactUnicodeObject _base;
    union {
        void *any;
        Py_UCS1 *latin1;
        Py_UCS2 *ucs2;
        Py_UCS4 *ucs4;
    } data;
} PyUnicodeObject;

enum PyUnicode_Kind {
    PyUnicode_WCHAR_KIND = 0,
    PyUnicode_1BYTE_KIND = 1,
    PyUnicode_2BYTE_KIND = 2,
    PyUnicode_4BYTE_KIND = 4
};

#define _PyASCIIObject_CAST(op) ((PyASCIIObject *)(op))
#define _PyCompactUnicodeObject_CAST(op) ((PyCompactUnicodeObject *)(op))
#define PyUnicode_IS_READY(op) (_PyASCIIObject_CAST(op)->state.ready)
#define PyUnicode_IS_ASCII(op) (_PyASCIIObject_CAST(op)->state.ascii)
#define PyUnicode_IS_COMPACT(op) (_PyASCIIObject_CAST(op)->state.compact)
#define PyUnicode_IS_COMPACT_ASCII(op) (PyUnicode_IS_ASCII(op) && PyUnicode_IS_COMPACT(op))
#define PyUnicode_KIND(op) (_PyASCIIObject_CAST(op)->state.kind)
/* Interned strings live as long as the process here, "mortal" or not. */
#define SSTATE_NOT_INTERNED 0
#define SSTATE_INTERNED_MORTAL 1
#define SSTATE_INTERNED_IMMORTAL 2
#define PyUnicode_CHECK_INTERNED(op) (_PyASCIIObject_CAST(op)->state.interned)

static inline void *_PyUnicode_COMPACT_DATA(PyObject *op) {
    if (PyUnicode_IS_ASCII(op)) return (void *)(_PyASCIIObject_CAST(op) + 1);
    return (void *)(_PyCompactUnicodeObject_CAST(op) + 1);
}
static inline void *_PyUnicode_NONCOMPACT_DATA(PyObject *op) { return ((PyUnicodeObject *)op)->data.any; }
static inline void *PyUnicode_DATA(PyObject *op) {
    if (PyUnicode_IS_COMPACT(op)) return _PyUnicode_COMPACT_DATA(op);
    return _PyUnicode_NONCOMPACT_DATA(op);
}
#define PyUnicode_DATA(op) PyUnicode_DATA(_PyObject_CAST(op))
#define PyUnicode_1BYTE_DATA(op) ((Py_UCS1 *)PyUnicode_DATA(op))
#define PyUnicode_2BYTE_DATA(op) ((Py_UCS2 *)PyUnicode_DATA(op))
#define PyUnicode_4BYTE_DATA(op) ((Py_UCS4 *)PyUnicode_DATA(op))

static inline Py_ssize_t PyUnicode_GET_LENGTH(PyObject *op) { return _PyASCIIObject_CAST(op)->length; }
#define PyUnicode_GET_LENGTH(op) PyUnicode_GET_LENGTH(_PyObject_CAST(op))

static inline void PyUnicode_WRITE(int kind, void *data, Py_ssize_t index, Py_UCS4 value) {
    if (kind == PyUnicode_1BYTE_KIND) ((Py_UCS1 *)data)[index] = (Py_UCS1)value;
    else if (kind == PyUnicode_2BYTE_KIND) ((Py_UCS2 *)data)[index] = (Py_UCS2)value;
    else ((Py_UCS4 *)data)[index] = value;
}
#define PyUnicode_WRITE(kind, data, index, value) \
    PyUnicode_WRITE((int)(kind), (void *)(data), (index), (Py_UCS4)(value))

static inline Py_UCS4 PyUnicode_READ(int kind, const void *data, Py_ssize_t index) {
    if (kind == PyUnicode_1BYTE_KIND) return ((const Py_UCS1 *)data)[index];
    if (kind == PyUnicode_2BYTE_KIND) return ((const Py_UCS2 *)data)[index];
    return ((const Py_UCS4 *)data)[index];
}
#define PyUnicode_READ(kind, data, index) \
    PyUnicode_READ((int)(kind), (const void *)(data), (index))

static inline Py_UCS4 PyUnicode_READ_CHAR(PyObject *unicode, Py_ssize_t index) {
    return PyUnicode_READ(PyUnicode_KIND(unicode), PyUnicode_DATA(unicode), index);
}
#define PyUnicode_READ_CHAR(unicode, index) PyUnicode_READ_CHAR(_PyObject_CAST(unicode), (index))

static inline Py_UCS4 PyUnicode_MAX_CHAR_VALUE(PyObject *op) {
    if (PyUnicode_IS_ASCII(op)) return 0x7fU;
    if (PyUnicode_KIND(op) == PyUnicode_1BYTE_KIND) return 0xffU;
    if (PyUnicode_KIND(op) == PyUnicode_2BYTE_KIND) return 0xffffU;
    return 0x10ffffU;
}
#define PyUnicode_MAX_CHAR_VALUE(op) PyUnicode_MAX_CHAR_VALUE(_PyObject_CAST(op))

PyAPI_FUNC(int) _PyUnicode_Ready(PyObject *unicode);
#define PyUnicode_READY(op) (PyUnicode_IS_READY(op) ? 0 : _PyUnicode_Ready(_PyObject_CAST(op)))

/* PyUnicode_New(size, maxchar) makes size NUL characters of the kind
   maxchar needs, for C code to fill before sharing the string. */
PyAPI_FUNC(PyObject *) PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar);
PyAPI_FUNC(PyObject *) PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size);
PyAPI_FUNC(PyObject *) PyUnicode_FromWideChar(const wchar_t *w, Py_ssize_t size);
/* The str as wchar_t (UTF-16 where wchar_t is 16 bits): into w (at most
   size units, NUL-terminated when it fits; the units written; w NULL: the
   size needed with the NUL), or a new PyMem buffer (size NULL: an embedded
   NUL is a ValueError). */
PyAPI_FUNC(Py_ssize_t) PyUnicode_AsWideChar(PyObject *unicode, wchar_t *w, Py_ssize_t size);
PyAPI_FUNC(wchar_t *) PyUnicode_AsWideCharString(PyObject *unicode, Py_ssize_t *size);

/* The deprecated Py_UNICODE (wchar_t) API of CPython 3.11: the str's
   wchar_t form, made once and kept with it (PyUnicode_AS_UNICODE and
   PyUnicode_GET_SIZE read that cache). PyUnicode_FromUnicode(NULL, n > 0)
   is refused (SystemError): use PyUnicode_New. */
#define Py_UNICODE_SIZE SIZEOF_WCHAR_T
Py_DEPRECATED(3.3) PyAPI_FUNC(Py_UNICODE *) PyUnicode_AsUnicode(PyObject *unicode);
Py_DEPRECATED(3.3) PyAPI_FUNC(Py_UNICODE *) PyUnicode_AsUnicodeAndSize(PyObject *unicode, Py_ssize_t *size);
Py_DEPRECATED(3.3) PyAPI_FUNC(PyObject *) PyUnicode_FromUnicode(const Py_UNICODE *u, Py_ssize_t size);

static inline Py_ssize_t PyUnicode_WSTR_LENGTH(PyObject *op) {
    if (PyUnicode_IS_COMPACT_ASCII(op)) return _PyASCIIObject_CAST(op)->length;
    return _PyCompactUnicodeObject_CAST(op)->wstr_length;
}
#define PyUnicode_WSTR_LENGTH(op) PyUnicode_WSTR_LENGTH(_PyObject_CAST(op))

#if defined(__GNUC__) || defined(__clang__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
Py_DEPRECATED(3.3) static inline Py_ssize_t PyUnicode_GET_SIZE(PyObject *op) {
    if (_PyASCIIObject_CAST(op)->wstr == NULL) (void)PyUnicode_AsUnicode(op);
    return PyUnicode_WSTR_LENGTH(op);
}
Py_DEPRECATED(3.3) static inline Py_ssize_t PyUnicode_GET_DATA_SIZE(PyObject *op) {
    return PyUnicode_GET_SIZE(op) * Py_UNICODE_SIZE;
}
Py_DEPRECATED(3.3) static inline Py_UNICODE *PyUnicode_AS_UNICODE(PyObject *op) {
    wchar_t *wstr = _PyASCIIObject_CAST(op)->wstr;
    return wstr != NULL ? wstr : PyUnicode_AsUnicode(op);
}
Py_DEPRECATED(3.3) static inline const char *PyUnicode_AS_DATA(PyObject *op) {
    return (const char *)PyUnicode_AS_UNICODE(op);
}
#if defined(__GNUC__) || defined(__clang__)
#  pragma GCC diagnostic pop
#endif
#define PyUnicode_GET_SIZE(op) PyUnicode_GET_SIZE(_PyObject_CAST(op))
#define PyUnicode_GET_DATA_SIZE(op) PyUnicode_GET_DATA_SIZE(_PyObject_CAST(op))
#define PyUnicode_AS_UNICODE(op) PyUnicode_AS_UNICODE(_PyObject_CAST(op))
#define PyUnicode_AS_DATA(op) PyUnicode_AS_DATA(_PyObject_CAST(op))
PyAPI_FUNC(PyObject *) PyUnicode_FromString(const char *u);
PyAPI_FUNC(PyObject *) PyUnicode_FromStringAndSize(const char *u, Py_ssize_t size);
PyAPI_FUNC(PyObject *) PyUnicode_FromOrdinal(int ordinal);
PyAPI_FUNC(PyObject *) PyUnicode_FromObject(PyObject *obj);
PyAPI_FUNC(PyObject *) PyUnicode_Substring(PyObject *str, Py_ssize_t start, Py_ssize_t end);
/* Copies up to how_many characters of from[from_start:] into the unshared
   `to` at to_start: the count, or -1 with SystemError/IndexError. */
PyAPI_FUNC(Py_ssize_t) PyUnicode_CopyCharacters(PyObject *to, Py_ssize_t to_start, PyObject *from,
                                                Py_ssize_t from_start, Py_ssize_t how_many);
#ifndef Py_LIMITED_API
/* The same without checks, for ranges known to fit (a call that does not
   fit copies nothing). */
PyAPI_FUNC(void) _PyUnicode_FastCopyCharacters(PyObject *to, Py_ssize_t to_start, PyObject *from,
                                               Py_ssize_t from_start, Py_ssize_t how_many);
#endif
PyAPI_FUNC(Py_ssize_t) PyUnicode_GetLength(PyObject *unicode);
PyAPI_FUNC(Py_UCS4) PyUnicode_ReadChar(PyObject *unicode, Py_ssize_t index);
PyAPI_FUNC(int) PyUnicode_WriteChar(PyObject *unicode, Py_ssize_t index, Py_UCS4 character);

/* The UTF-8 text is cached in the object and lives as long as it. */
PyAPI_FUNC(const char *) PyUnicode_AsUTF8(PyObject *unicode);
/* its old internal name, still an alias in 3.11 */
#define _PyUnicode_AsString PyUnicode_AsUTF8
PyAPI_FUNC(const char *) PyUnicode_AsUTF8AndSize(PyObject *unicode, Py_ssize_t *size);
/* The code points into target (room for targetsize), or into a new
   PyMem_Malloc block (Copy: always with a terminating 0). */
PyAPI_FUNC(Py_UCS4 *) PyUnicode_AsUCS4(PyObject *unicode, Py_UCS4 *buffer, Py_ssize_t buflen, int copy_null);
PyAPI_FUNC(Py_UCS4 *) PyUnicode_AsUCS4Copy(PyObject *unicode);

/* Codecs: UTF-8, ASCII and Latin-1 (and their aliases), with the strict,
   replace, ignore, surrogateescape, surrogatepass (UTF-8) and
   backslashreplace handlers (and xmlcharrefreplace when encoding). */
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF8(const char *s, Py_ssize_t size, const char *errors);
/* As PyUnicode_DecodeUTF8; with `consumed` non-NULL, a sequence cut off
   at the end is left undecoded and *consumed says how many bytes were. */
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF8Stateful(const char *s, Py_ssize_t size, const char *errors,
                                                    Py_ssize_t *consumed);

/* File-system paths: UTF-8 with surrogateescape, as CPython on Linux and
   macOS. FSConverter (to bytes) and FSDecoder (to str) are O& converters
   that take str, bytes or an os.PathLike and support cleanup. */
PyAPI_FUNC(PyObject *) PyUnicode_DecodeFSDefault(const char *s);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeFSDefaultAndSize(const char *s, Py_ssize_t size);
PyAPI_FUNC(PyObject *) PyUnicode_EncodeFSDefault(PyObject *unicode);
PyAPI_FUNC(int) PyUnicode_FSConverter(PyObject *arg, void *addr);
PyAPI_FUNC(int) PyUnicode_FSDecoder(PyObject *arg, void *addr);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeASCII(const char *s, Py_ssize_t size, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeLatin1(const char *s, Py_ssize_t size, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_Decode(const char *s, Py_ssize_t size, const char *encoding,
                                        const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_FromEncodedObject(PyObject *obj, const char *encoding, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsEncodedString(PyObject *unicode, const char *encoding,
                                                 const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF8String(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_AsASCIIString(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_AsLatin1String(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF16(const char *s, Py_ssize_t size, const char *errors, int *byteorder);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF16Stateful(const char *s, Py_ssize_t size, const char *errors,
                                                     int *byteorder, Py_ssize_t *consumed);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF16String(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF32(const char *s, Py_ssize_t size, const char *errors, int *byteorder);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUTF32Stateful(const char *s, Py_ssize_t size, const char *errors,
                                                     int *byteorder, Py_ssize_t *consumed);
PyAPI_FUNC(PyObject *) PyUnicode_AsUTF32String(PyObject *unicode);
#ifndef Py_LIMITED_API
/* byteorder 0: a byte-order mark and native order; -1 little, 1 big-endian. */
PyAPI_FUNC(PyObject *) _PyUnicode_EncodeUTF16(PyObject *unicode, const char *errors, int byteorder);
PyAPI_FUNC(PyObject *) _PyUnicode_EncodeUTF32(PyObject *unicode, const char *errors, int byteorder);
#endif
PyAPI_FUNC(PyObject *) PyUnicode_DecodeUnicodeEscape(const char *s, Py_ssize_t size, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsUnicodeEscapeString(PyObject *unicode);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeRawUnicodeEscape(const char *s, Py_ssize_t size, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_AsRawUnicodeEscapeString(PyObject *unicode);
/* The locale encoding is taken to be UTF-8 (as the file-system encoding);
   the handlers are "strict" (or NULL) and "surrogateescape". */
PyAPI_FUNC(PyObject *) PyUnicode_DecodeLocaleAndSize(const char *str, Py_ssize_t len, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_DecodeLocale(const char *str, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_EncodeLocale(PyObject *unicode, const char *errors);

PyAPI_FUNC(int) PyUnicode_Compare(PyObject *left, PyObject *right);
PyAPI_FUNC(int) PyUnicode_CompareWithASCIIString(PyObject *left, const char *right);
PyAPI_FUNC(int) _PyUnicode_EqualToASCIIString(PyObject *left, const char *right);
/* whether `left` is a str equal to the identifier's string (errors cleared) */
PyAPI_FUNC(int) _PyUnicode_EqualToASCIIId(PyObject *left, _Py_Identifier *right);
PyAPI_FUNC(PyObject *) PyUnicode_Concat(PyObject *left, PyObject *right);
PyAPI_FUNC(PyObject *) PyUnicode_Format(PyObject *format, PyObject *args);
PyAPI_FUNC(PyObject *) PyUnicode_Join(PyObject *separator, PyObject *seq);
/* Interned strings live for the whole process. */
PyAPI_FUNC(void) PyUnicode_InternInPlace(PyObject **p);
PyAPI_FUNC(PyObject *) PyUnicode_InternFromString(const char *u);
PyAPI_FUNC(int) PyUnicode_Contains(PyObject *container, PyObject *element);
PyAPI_FUNC(Py_ssize_t) PyUnicode_FindChar(PyObject *str, Py_UCS4 ch, Py_ssize_t start, Py_ssize_t end,
                                          int direction);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Find(PyObject *str, PyObject *substr, Py_ssize_t start, Py_ssize_t end,
                                      int direction);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Count(PyObject *str, PyObject *substr, Py_ssize_t start, Py_ssize_t end);
PyAPI_FUNC(Py_ssize_t) PyUnicode_Tailmatch(PyObject *str, PyObject *substr, Py_ssize_t start, Py_ssize_t end,
                                           int direction);
PyAPI_FUNC(PyObject *) PyUnicode_Split(PyObject *s, PyObject *sep, Py_ssize_t maxsplit);
PyAPI_FUNC(PyObject *) PyUnicode_RSplit(PyObject *s, PyObject *sep, Py_ssize_t maxsplit);
PyAPI_FUNC(PyObject *) PyUnicode_Splitlines(PyObject *s, int keepends);
PyAPI_FUNC(PyObject *) PyUnicode_Partition(PyObject *s, PyObject *sep);
PyAPI_FUNC(PyObject *) PyUnicode_RPartition(PyObject *s, PyObject *sep);
PyAPI_FUNC(PyObject *) PyUnicode_Replace(PyObject *str, PyObject *substr, PyObject *replstr, Py_ssize_t maxcount);
PyAPI_FUNC(PyObject *) PyUnicode_Translate(PyObject *str, PyObject *table, const char *errors);
PyAPI_FUNC(PyObject *) PyUnicode_RichCompare(PyObject *left, PyObject *right, int op);
PyAPI_FUNC(void) PyUnicode_Append(PyObject **pleft, PyObject *right);
PyAPI_FUNC(void) PyUnicode_AppendAndDel(PyObject **pleft, PyObject *right);
PyAPI_FUNC(int) PyUnicode_Resize(PyObject **unicode, Py_ssize_t length);
PyAPI_FUNC(int) PyUnicode_IsIdentifier(PyObject *s);
PyAPI_FUNC(const char *) PyUnicode_GetDefaultEncoding(void);
Py_DEPRECATED(3.3) PyAPI_FUNC(Py_ssize_t) PyUnicode_GetSize(PyObject *unicode);
Py_DEPRECATED(3.10) PyAPI_FUNC(void) PyUnicode_InternImmortal(PyObject **p);
#ifndef Py_LIMITED_API
PyAPI_FUNC(Py_ssize_t) PyUnicode_Fill(PyObject *unicode, Py_ssize_t start, Py_ssize_t length,
                                      Py_UCS4 fill_char);
#endif

/* CPython 3.11's conversions: %% %c %d %i %u %x %ld %li %lu %lld %lli %llu
   %zd %zi %zu %p %s %U %V %S %R %A, with an optional '0' flag, width and
   precision. An unknown conversion copies the rest of the format as is. */
PyAPI_FUNC(PyObject *) PyUnicode_FromFormat(const char *format, ...);
PyAPI_FUNC(PyObject *) PyUnicode_FromFormatV(const char *format, va_list vargs);

#ifndef Py_LIMITED_API
/* 1 when a and b (both str) are equal, else 0. */
PyAPI_FUNC(int) _PyUnicode_EQ(PyObject *a, PyObject *b);
/* Character classes and case mappings of one code point (CPython's
   Objects/unicodectype.c, with its Unicode 14.0.0 data): the functions
   behind the Py_UNICODE_IS* and Py_UNICODE_TO* macros. Any Py_UCS4 is
   accepted; past U+10FFFF none is in a class and each maps to itself.
   The *Full mappings write up to 3 code points to res and return how
   many. */
PyAPI_FUNC(int) _PyUnicode_IsLowercase(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsUppercase(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsTitlecase(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsXidStart(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsXidContinue(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsWhitespace(const Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsLinebreak(const Py_UCS4 ch);
PyAPI_FUNC(Py_UCS4) _PyUnicode_ToLowercase(Py_UCS4 ch);
PyAPI_FUNC(Py_UCS4) _PyUnicode_ToUppercase(Py_UCS4 ch);
Py_DEPRECATED(3.3) PyAPI_FUNC(Py_UCS4) _PyUnicode_ToTitlecase(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_ToLowerFull(Py_UCS4 ch, Py_UCS4 *res);
PyAPI_FUNC(int) _PyUnicode_ToTitleFull(Py_UCS4 ch, Py_UCS4 *res);
PyAPI_FUNC(int) _PyUnicode_ToUpperFull(Py_UCS4 ch, Py_UCS4 *res);
PyAPI_FUNC(int) _PyUnicode_ToFoldedFull(Py_UCS4 ch, Py_UCS4 *res);
PyAPI_FUNC(int) _PyUnicode_IsCaseIgnorable(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsCased(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_ToDecimalDigit(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_ToDigit(Py_UCS4 ch);
PyAPI_FUNC(double) _PyUnicode_ToNumeric(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsDecimalDigit(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsDigit(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsNumeric(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsPrintable(Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicode_IsAlpha(Py_UCS4 ch);

/* ASCII whitespace as str.isspace() counts it (index < 128). */
PyAPI_DATA(const unsigned char) _Py_ascii_whitespace[];

#define Py_UNICODE_ISSPACE(ch) \
    ((Py_UCS4)(ch) < 128U ? _Py_ascii_whitespace[(ch)] : _PyUnicode_IsWhitespace((Py_UCS4)(ch)))
#define Py_UNICODE_ISLOWER(ch) _PyUnicode_IsLowercase(ch)
#define Py_UNICODE_ISUPPER(ch) _PyUnicode_IsUppercase(ch)
#define Py_UNICODE_ISTITLE(ch) _PyUnicode_IsTitlecase(ch)
#define Py_UNICODE_ISLINEBREAK(ch) _PyUnicode_IsLinebreak(ch)
#define Py_UNICODE_TOLOWER(ch) _PyUnicode_ToLowercase(ch)
#define Py_UNICODE_TOUPPER(ch) _PyUnicode_ToUppercase(ch)
#define Py_UNICODE_TOTITLE(ch) _PyUnicode_ToTitlecase(ch)
#define Py_UNICODE_ISDECIMAL(ch) _PyUnicode_IsDecimalDigit(ch)
#define Py_UNICODE_ISDIGIT(ch) _PyUnicode_IsDigit(ch)
#define Py_UNICODE_ISNUMERIC(ch) _PyUnicode_IsNumeric(ch)
#define Py_UNICODE_ISPRINTABLE(ch) _PyUnicode_IsPrintable(ch)
#define Py_UNICODE_TODECIMAL(ch) _PyUnicode_ToDecimalDigit(ch)
#define Py_UNICODE_TODIGIT(ch) _PyUnicode_ToDigit(ch)
#define Py_UNICODE_TONUMERIC(ch) _PyUnicode_ToNumeric(ch)
#define Py_UNICODE_ISALPHA(ch) _PyUnicode_IsAlpha(ch)
#define Py_UNICODE_ISALNUM(ch) \
    (Py_UNICODE_ISALPHA(ch) || Py_UNICODE_ISDECIMAL(ch) || Py_UNICODE_ISDIGIT(ch) || \
     Py_UNICODE_ISNUMERIC(ch))

/* UTF-16 surrogates. */
#define Py_UNICODE_IS_SURROGATE(ch) (0xD800 <= (ch) && (ch) <= 0xDFFF)
#define Py_UNICODE_IS_HIGH_SURROGATE(ch) (0xD800 <= (ch) && (ch) <= 0xDBFF)
#define Py_UNICODE_IS_LOW_SURROGATE(ch) (0xDC00 <= (ch) && (ch) <= 0xDFFF)
#define Py_UNICODE_JOIN_SURROGATES(high, low) \
    ((Py_UCS4)(((((Py_UCS4)(high)&0x03FF) << 10) | ((Py_UCS4)(low)&0x03FF)) + 0x10000))
#define Py_UNICODE_HIGH_SURROGATE(ch) (0xD800 - (0x10000 >> 10) + ((ch) >> 10))
#define Py_UNICODE_LOW_SURROGATE(ch) (0xDC00 + ((ch)&0x3FF))

/* _PyUnicodeWriter: CPython 3.11's string builder, with its layout. The
   caller may write characters directly at data[pos] after a successful
   _PyUnicodeWriter_Prepare(writer, n, maxchar), which guarantees room for
   n more characters up to maxchar (kind, data, maxchar and size describe
   the current buffer); the functions below do the same for whole strings.
   _PyUnicodeWriter_Finish returns the text (the canonical str) and
   releases the buffer; _PyUnicodeWriter_Dealloc releases it on error. */
typedef struct {
    PyObject *buffer;
    void *data;
    enum PyUnicode_Kind kind;
    Py_UCS4 maxchar;
    Py_ssize_t size;
    Py_ssize_t pos;
    Py_ssize_t min_length; /* the first buffer's minimum length */
    Py_UCS4 min_char;      /* the first buffer's minimum maxchar */
    unsigned char overallocate; /* grow by a quarter more than asked */
    unsigned char readonly;     /* always 0 here: buffers are never shared */
} _PyUnicodeWriter;

PyAPI_FUNC(void) _PyUnicodeWriter_Init(_PyUnicodeWriter *writer);
#define _PyUnicodeWriter_Prepare(WRITER, LENGTH, MAXCHAR)                                  \
    (((MAXCHAR) <= (WRITER)->maxchar && (LENGTH) <= (WRITER)->size - (WRITER)->pos) ? 0 \
     : (((LENGTH) == 0) ? 0 : _PyUnicodeWriter_PrepareInternal((WRITER), (LENGTH), (MAXCHAR))))
PyAPI_FUNC(int) _PyUnicodeWriter_PrepareInternal(_PyUnicodeWriter *writer, Py_ssize_t length, Py_UCS4 maxchar);
#define _PyUnicodeWriter_PrepareKind(WRITER, KIND) \
    ((KIND) <= (WRITER)->kind ? 0 : _PyUnicodeWriter_PrepareKindInternal((WRITER), (KIND)))
PyAPI_FUNC(int) _PyUnicodeWriter_PrepareKindInternal(_PyUnicodeWriter *writer, enum PyUnicode_Kind kind);
PyAPI_FUNC(int) _PyUnicodeWriter_WriteChar(_PyUnicodeWriter *writer, Py_UCS4 ch);
PyAPI_FUNC(int) _PyUnicodeWriter_WriteStr(_PyUnicodeWriter *writer, PyObject *str);
PyAPI_FUNC(int) _PyUnicodeWriter_WriteSubstring(_PyUnicodeWriter *writer, PyObject *str, Py_ssize_t start,
                                                Py_ssize_t end);
PyAPI_FUNC(int) _PyUnicodeWriter_WriteASCIIString(_PyUnicodeWriter *writer, const char *str, Py_ssize_t len);
PyAPI_FUNC(int) _PyUnicodeWriter_WriteLatin1String(_PyUnicodeWriter *writer, const char *str, Py_ssize_t len);
PyAPI_FUNC(PyObject *) _PyUnicodeWriter_Finish(_PyUnicodeWriter *writer);
PyAPI_FUNC(void) _PyUnicodeWriter_Dealloc(_PyUnicodeWriter *writer);
#endif /* !Py_LIMITED_API */

#ifdef __cplusplus
}
#endif

#endif /* !Py_UNICODEOBJECT_H */
