/* Differential cases for the UTF-16 and UTF-32 codecs of the C API
 * (Objects/unicodeobject.c): PyUnicode_DecodeUTF16, DecodeUTF16Stateful,
 * DecodeUTF32, DecodeUTF32Stateful over byte-order marks, explicit byte
 * orders (NULL, 0, -1, 1, 2), surrogate pairs, lone and reversed
 * surrogates, truncated input, out-of-range code points and the error
 * handlers (strict, ignore, replace, backslashreplace, surrogateescape,
 * surrogatepass, xmlcharrefreplace, an unknown name); each case shows the
 * result, the byte order stored back and the bytes consumed. Then
 * PyUnicode_AsUTF16String and AsUTF32String, with lone surrogates and
 * non-str arguments, and the UTF-16/32 and escape codecs by name through
 * PyUnicode_AsEncodedString (every encoding error handler), PyUnicode_Decode
 * and str.encode / bytes.decode.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

typedef struct {
    const char *name;
    const char *bytes;
    Py_ssize_t size;
} Input;

#define IN(name, lit) {name, lit, sizeof(lit) - 1}

static const Input inputs16[] = {
    IN("empty", ""),
    IN("one byte", "a"),
    IN("'ab' LE", "a\0b\0"),
    IN("'ab' BE", "\0a\0b"),
    IN("BOM LE + 'a'", "\xff\xfe" "a\0"),
    IN("BOM BE + 'a'", "\xfe\xff\0a"),
    IN("BOM LE only", "\xff\xfe"),
    IN("BOM BE only", "\xfe\xff"),
    IN("BOM LE + BOM BE", "\xff\xfe\xfe\xff"),
    IN("pair U+1F600 LE", "\x3d\xd8\x00\xde"),
    IN("pair U+1F600 BE", "\xd8\x3d\xde\x00"),
    IN("lone high at end LE", "a\0\x00\xd8"),
    IN("lone high + 1 byte LE", "\x00\xd8\x41"),
    IN("high then 'A' LE", "\x00\xd8\x41\x00"),
    IN("lone low LE", "\x00\xdc\x41\x00"),
    IN("'a' + odd byte 0xff", "a\0\xff"),
    IN("'a' + odd byte 0x05", "a\0\x05"),
    IN("e-acute euro LE", "\xe9\x00\xac\x20"),
    IN("high high low LE", "\x00\xd8\x00\xd8\x00\xdc"),
};

static const Input inputs32[] = {
    IN("empty", ""),
    IN("three bytes", "a\0\0"),
    IN("'ab' LE", "a\0\0\0b\0\0\0"),
    IN("'ab' BE", "\0\0\0a\0\0\0b"),
    IN("BOM LE + 'a'", "\xff\xfe\0\0a\0\0\0"),
    IN("BOM BE + 'a'", "\0\0\xfe\xff\0\0\0a"),
    IN("BOM LE only", "\xff\xfe\0\0"),
    IN("U+1F600 LE", "\x00\xf6\x01\x00"),
    IN("surrogate LE", "\x00\xd8\x00\x00"),
    IN("surrogate + 'a' + cut LE", "\x00\xd8\x00\x00" "a\0\0\0" "b"),
    IN("0x110000 LE", "\x00\x00\x11\x00"),
    IN("0xffffffff", "\xff\xff\xff\xff"),
    IN("'a' + 2 bytes 0x80", "a\0\0\0\x80\x81"),
    IN("UTF-16 BOM LE (2 bytes)", "\xff\xfe"),
};

static const char *const handlers[] = {NULL,      "strict",          "ignore",         "replace",
                                       "backslashreplace", "surrogateescape", "surrogatepass", "xmlcharrefreplace",
                                       "bogus"};

static void decode_case(int utf32, const Input *in, const char *h, int has_bo, int bo0, int stateful)
{
    char what[200];
    snprintf(what, sizeof what, "DecodeUTF%d%s(%s, errors=%s, byteorder=%s%d)", utf32 ? 32 : 16,
             stateful ? "Stateful" : "", in->name, h ? h : "NULL", has_bo ? "" : "NULL/", has_bo ? bo0 : 0);
    begin(what);
    int bo = bo0;
    Py_ssize_t consumed = -7;
    PyObject *r;
    if (utf32)
        r = stateful ? PyUnicode_DecodeUTF32Stateful(in->bytes, in->size, h, has_bo ? &bo : NULL, &consumed)
                     : PyUnicode_DecodeUTF32(in->bytes, in->size, h, has_bo ? &bo : NULL);
    else
        r = stateful ? PyUnicode_DecodeUTF16Stateful(in->bytes, in->size, h, has_bo ? &bo : NULL, &consumed)
                     : PyUnicode_DecodeUTF16(in->bytes, in->size, h, has_bo ? &bo : NULL);
    if (r != NULL) {
        PyObject *a = PyObject_ASCII(r);
        put("-> %s", PyUnicode_AsUTF8(a));
        Py_DECREF(a);
        Py_DECREF(r);
    } else {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        put("raised %s: %s", t ? ((PyTypeObject *)t)->tp_name : "?", s ? PyUnicode_AsUTF8(s) : "?");
        if (t == PyExc_UnicodeDecodeError) {
            PyObject *obj = PyUnicodeDecodeError_GetObject(v);
            put(" (object of %zd bytes)", obj ? PyBytes_GET_SIZE(obj) : (Py_ssize_t)-1);
            Py_XDECREF(obj);
            PyErr_Clear();
        }
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    }
    if (has_bo)
        put(" bo=%d", bo);
    if (stateful)
        put(" consumed=%zd", consumed);
    end();
}

static void encode_case(const char *what, PyObject *(*fn)(PyObject *), PyObject *s)
{
    begin(what);
    watch(s);
    obj_result(fn(s));
    end();
    Py_XDECREF(s);
}

int main(void)
{
    Py_Initialize();
    char what[300];
    static const int orders[] = {0, -1, 1, 2};
    for (int utf32 = 0; utf32 <= 1; utf32++) {
        const Input *ins = utf32 ? inputs32 : inputs16;
        size_t n = utf32 ? sizeof inputs32 / sizeof *inputs32 : sizeof inputs16 / sizeof *inputs16;
        for (size_t i = 0; i < n; i++) {
            for (int stateful = 0; stateful <= 1; stateful++) {
                decode_case(utf32, &ins[i], NULL, 0, 0, stateful);
                for (size_t o = 0; o < sizeof orders / sizeof *orders; o++)
                    decode_case(utf32, &ins[i], NULL, 1, orders[o], stateful);
                for (size_t h = 1; h < sizeof handlers / sizeof *handlers; h++)
                    decode_case(utf32, &ins[i], handlers[h], 1, 0, stateful);
                decode_case(utf32, &ins[i], "surrogatepass", 1, 1, stateful);
                decode_case(utf32, &ins[i], "replace", 1, -1, stateful);
            }
        }
    }

    encode_case("AsUTF16String('')", PyUnicode_AsUTF16String, PyUnicode_FromString(""));
    encode_case("AsUTF16String('ab')", PyUnicode_AsUTF16String, PyUnicode_FromString("ab"));
    encode_case("AsUTF16String('\\xe9\\u20ac\\U0001f600')", PyUnicode_AsUTF16String,
                PyUnicode_FromString("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
    encode_case("AsUTF16String('a\\ud800\\udc00b')", PyUnicode_AsUTF16String,
                PyUnicode_DecodeUTF8("a\xed\xa0\x80\xed\xb0\x80" "b", 8, "surrogatepass"));
    encode_case("AsUTF16String(1)", PyUnicode_AsUTF16String, PyLong_FromLong(1));
    encode_case("AsUTF16String(b'a')", PyUnicode_AsUTF16String, PyBytes_FromString("a"));
    encode_case("AsUTF32String('')", PyUnicode_AsUTF32String, PyUnicode_FromString(""));
    encode_case("AsUTF32String('ab')", PyUnicode_AsUTF32String, PyUnicode_FromString("ab"));
    encode_case("AsUTF32String('\\xe9\\u20ac\\U0001f600')", PyUnicode_AsUTF32String,
                PyUnicode_FromString("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
    encode_case("AsUTF32String('a\\udfff')", PyUnicode_AsUTF32String,
                PyUnicode_DecodeUTF8("a\xed\xbf\xbf", 4, "surrogatepass"));
    encode_case("AsUTF32String(1)", PyUnicode_AsUTF32String, PyLong_FromLong(1));
    /* The named codecs of PyUnicode_AsEncodedString / PyUnicode_Decode and
       the methods on top of them. */
    {
        static const char *const names[] = {"utf-16", "UTF-16", "utf_16", "u16", "utf16", "utf-16-le", "UTF-16LE",
                                            "utf-16-be", "utf_16be", "UnicodeBigUnmarked", "utf-32", "U32",
                                            "utf-32-le", "utf_32be", "unicode_escape", "unicode-escape",
                                            "Raw_Unicode_Escape", "utf-16-xx"};
        static const char *const ehs[] = {NULL,          "strict",          "ignore",        "replace",
                                          "backslashreplace", "xmlcharrefreplace", "namereplace", "surrogatepass",
                                          "surrogateescape", "bogus"};
        PyObject *plain = PyUnicode_FromString("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
        PyObject *lone = PyUnicode_DecodeUTF8("a\xed\xa0\x80" "b\xed\xbf\xbf", 8, "surrogatepass");
        for (size_t n = 0; n < sizeof names / sizeof *names; n++) {
            snprintf(what, sizeof what, "AsEncodedString('a\\xe9\\u20ac\\U0001f600', '%s', NULL)", names[n]);
            CASE_OBJ(what, PyUnicode_AsEncodedString(plain, names[n], NULL));
            for (size_t e = 0; e < sizeof ehs / sizeof *ehs; e++) {
                snprintf(what, sizeof what, "AsEncodedString('a\\ud800b\\udfff', '%s', %s)", names[n],
                         ehs[e] ? ehs[e] : "NULL");
                CASE_OBJ(what, PyUnicode_AsEncodedString(lone, names[n], ehs[e]));
            }
            PyObject *b = PyUnicode_AsEncodedString(plain, names[n], NULL);
            PyErr_Clear();
            if (b != NULL) {
                snprintf(what, sizeof what, "Decode(encoded, '%s', NULL)", names[n]);
                CASE_OBJ(what, PyUnicode_Decode(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b), names[n], NULL));
                snprintf(what, sizeof what, "Decode(encoded[:-1], '%s', replace)", names[n]);
                CASE_OBJ(what,
                         PyUnicode_Decode(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b) - 1, names[n], "replace"));
                Py_DECREF(b);
            }
        }
        CASE_OBJ("'a\\u20ac'.encode('utf-16-be')", PyObject_CallMethod(plain, "encode", "s", "utf-16-be"));
        CASE_OBJ("'a\\ud800b\\udfff'.encode('utf-32', 'xmlcharrefreplace')",
                 PyObject_CallMethod(lone, "encode", "ss", "utf-32", "xmlcharrefreplace"));
        PyObject *bytes = PyBytes_FromStringAndSize("\xff\xfe" "a\0\x00\xd8", 6);
        CASE_OBJ("b'\\xff\\xfea\\x00\\x00\\xd8'.decode('utf-16')", PyObject_CallMethod(bytes, "decode", "s", "utf-16"));
        CASE_OBJ("b'\\xff\\xfea\\x00\\x00\\xd8'.decode('utf-16', 'surrogatepass')",
                 PyObject_CallMethod(bytes, "decode", "ss", "utf-16", "surrogatepass"));
        CASE_OBJ("b'\\xff\\xfea\\x00\\x00\\xd8'.decode('unicode_escape')",
                 PyObject_CallMethod(bytes, "decode", "s", "unicode_escape"));
        Py_DECREF(bytes);
        Py_DECREF(plain);
        Py_DECREF(lone);
    }

    /* The private encoders with a handler and an order. */
    {
        PyObject *lone = PyUnicode_DecodeUTF8("a\xed\xa0\x80", 4, "surrogatepass");
        static const int bos[] = {0, -1, 1, 2, -2};
        static const char *const ehs[] = {NULL, "replace", "surrogatepass", "bogus"};
        for (size_t b = 0; b < sizeof bos / sizeof *bos; b++)
            for (size_t e = 0; e < sizeof ehs / sizeof *ehs; e++) {
                snprintf(what, sizeof what, "_PyUnicode_EncodeUTF16('a\\ud800', %s, %d)", ehs[e] ? ehs[e] : "NULL",
                         bos[b]);
                CASE_OBJ(what, _PyUnicode_EncodeUTF16(lone, ehs[e], bos[b]));
                snprintf(what, sizeof what, "_PyUnicode_EncodeUTF32('a\\ud800', %s, %d)", ehs[e] ? ehs[e] : "NULL",
                         bos[b]);
                CASE_OBJ(what, _PyUnicode_EncodeUTF32(lone, ehs[e], bos[b]));
            }
        PyObject *one = PyLong_FromLong(1);
        CASE_OBJ("_PyUnicode_EncodeUTF16(1, NULL, 0)", _PyUnicode_EncodeUTF16(one, NULL, 0));
        Py_DECREF(one);
        Py_DECREF(lone);
    }

    /* Round trips. */
    {
        PyObject *s = PyUnicode_FromString("h\xc3\xa9llo \xf0\x9f\x98\x80 w\xe2\x82\xacrld");
        PyObject *b16 = PyUnicode_AsUTF16String(s);
        PyObject *b32 = PyUnicode_AsUTF32String(s);
        begin("DecodeUTF16(AsUTF16String(s)) == s, DecodeUTF32(AsUTF32String(s)) == s");
        PyObject *d16 = PyUnicode_DecodeUTF16(PyBytes_AS_STRING(b16), PyBytes_GET_SIZE(b16), NULL, NULL);
        PyObject *d32 = PyUnicode_DecodeUTF32(PyBytes_AS_STRING(b32), PyBytes_GET_SIZE(b32), NULL, NULL);
        put("-> %d %d", PyUnicode_Compare(s, d16) == 0, PyUnicode_Compare(s, d32) == 0);
        end();
        Py_DECREF(s);
        Py_DECREF(b16);
        Py_DECREF(b32);
        Py_DECREF(d16);
        Py_DECREF(d32);
    }
    return 0;
}
