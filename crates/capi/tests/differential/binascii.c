/* Differential cases for the binascii module as C code reaches it through
 * PyImport_ImportModule("binascii") (Modules/binascii.c; xxtea's
 * encrypt_hex/decrypt_hex call its hexlify/unhexlify): hexlify/b2a_hex
 * with separators, unhexlify/a2b_hex, base64 both ways (strict mode,
 * padding rules, newline), uuencode both ways (backtick), crc32 and
 * crc_hqx; the ascii_buffer converter (bytes-like or ASCII str) and the
 * plain buffer converter, argument errors, and the Error/Incomplete
 * classes.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *mod;

/* mod.name(*args, **kwargs): args built by Py_BuildValue(fmt, ...) (a
   tuple), kwargs NULL or a dict built by the caller (consumed). */
static PyObject *callv(const char *name, PyObject *kwargs, const char *fmt, ...) {
    PyObject *f = PyObject_GetAttrString(mod, name);
    if (f == NULL) {
        Py_XDECREF(kwargs);
        return NULL;
    }
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    Py_DECREF(f);
    return r;
}

static PyObject *kw(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    return d;
}

int main(void) {
    Py_Initialize();
    mod = PyImport_ImportModule("binascii");
    show("import binascii (its type)", mod ? Py_NewRef((PyObject *)Py_TYPE(mod)) : NULL);
    if (mod == NULL)
        return 1;
    PyObject *again = PyImport_ImportModule("binascii");
    show("imported twice is the same module", PyBool_FromLong(again == mod));
    Py_XDECREF(again);

    /* hexlify / b2a_hex */
    show("hexlify(b'\\x00\\xffAz')", callv("hexlify", NULL, "(y#)", "\x00\xff" "Az", (Py_ssize_t)4));
    show("b2a_hex(b'')", callv("b2a_hex", NULL, "(y)", ""));
    show("hexlify(bytearray)", callv("hexlify", NULL, "(N)", PyByteArray_FromStringAndSize("ab", 2)));
    show("hexlify(memoryview)", callv("hexlify", NULL, "(N)", PyMemoryView_FromMemory("xyz", 3, PyBUF_READ)));
    show("hexlify(data=b'ab')", callv("hexlify", kw("{s:y}", "data", "ab"), "()"));
    show("hexlify(b'abcdef', '-')", callv("hexlify", NULL, "(ys)", "abcdef", "-"));
    show("hexlify(b'abcdef', b':', 2)", callv("hexlify", NULL, "(yyi)", "abcdef", ":", 2));
    show("hexlify(b'abcde', ':', 2)", callv("hexlify", NULL, "(ysi)", "abcde", ":", 2));
    show("hexlify(b'abcde', ':', -2)", callv("hexlify", NULL, "(ysi)", "abcde", ":", -2));
    show("hexlify(b'abc', ':', 5)", callv("hexlify", NULL, "(ysi)", "abc", ":", 5));
    show("b2a_hex(b'abc', sep='.', bytes_per_sep=0)", callv("b2a_hex", kw("{s:s,s:i}", "sep", ".", "bytes_per_sep", 0), "(y)", "abc"));
    show("hexlify(b'abc', '::')", callv("hexlify", NULL, "(ys)", "abc", "::"));
    show("hexlify(b'abc', '\\u00e9')", callv("hexlify", NULL, "(ys)", "abc", "\xc3\xa9"));
    show("hexlify(b'abc', '\\u20ac')", callv("hexlify", NULL, "(ys)", "abc", "\xe2\x82\xac"));
    show("hexlify(b'abc', b'\\xff')", callv("hexlify", NULL, "(yy)", "abc", "\xff"));
    show("hexlify(b'abc', bytearray(b':'))", callv("hexlify", NULL, "(yN)", "abc", PyByteArray_FromStringAndSize(":", 1)));
    show("hexlify(b'abc', 5)", callv("hexlify", NULL, "(yi)", "abc", 5));
    show("hexlify(b'abc', ':', 'x')", callv("hexlify", NULL, "(yss)", "abc", ":", "x"));
    show("hexlify('abc')", callv("hexlify", NULL, "(s)", "abc"));
    show("hexlify(5)", callv("hexlify", NULL, "(i)", 5));
    show("hexlify()", callv("hexlify", NULL, "()"));
    show("hexlify(b'a', bogus=1)", callv("hexlify", kw("{s:i}", "bogus", 1), "(y)", "a"));
    show("b2a_hex(b'a', ':', 1, 2)", callv("b2a_hex", NULL, "(ysii)", "a", ":", 1, 2));

    /* unhexlify / a2b_hex */
    show("unhexlify(b'00fFa5')", callv("unhexlify", NULL, "(y)", "00fFa5"));
    show("unhexlify('4142')", callv("unhexlify", NULL, "(s)", "4142"));
    show("a2b_hex(bytearray(b'6162'))", callv("a2b_hex", NULL, "(N)", PyByteArray_FromStringAndSize("6162", 4)));
    show("unhexlify(b'')", callv("unhexlify", NULL, "(y)", ""));
    show("unhexlify(b'abc')", callv("unhexlify", NULL, "(y)", "abc"));
    show("unhexlify(b'zz')", callv("unhexlify", NULL, "(y)", "zz"));
    show("unhexlify(b'0g')", callv("unhexlify", NULL, "(y)", "0g"));
    show("unhexlify(b'a ')", callv("unhexlify", NULL, "(y)", "a "));
    show("unhexlify('\\u00e9\\u00e9')", callv("unhexlify", NULL, "(s)", "\xc3\xa9\xc3\xa9"));
    show("unhexlify(5)", callv("unhexlify", NULL, "(i)", 5));
    show("unhexlify(None)", callv("unhexlify", NULL, "(O)", Py_None));
    show("unhexlify()", callv("unhexlify", NULL, "()"));
    show("unhexlify(b'00', b'00')", callv("unhexlify", NULL, "(yy)", "00", "00"));
    show("unhexlify(hexstr=b'00')", callv("unhexlify", kw("{s:y}", "hexstr", "00"), "()"));

    /* b2a_base64 */
    const char *b64in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    for (size_t i = 0; i < sizeof b64in / sizeof *b64in; i++) {
        char what[64];
        snprintf(what, sizeof what, "b2a_base64(b'%s')", b64in[i]);
        show(what, callv("b2a_base64", NULL, "(y)", b64in[i]));
    }
    show("b2a_base64(b'\\xff\\xfe\\xfd')", callv("b2a_base64", NULL, "(y)", "\xff\xfe\xfd"));
    show("b2a_base64(b'foo', newline=False)", callv("b2a_base64", kw("{s:O}", "newline", Py_False), "(y)", "foo"));
    show("b2a_base64(b'fo', newline=0)", callv("b2a_base64", kw("{s:i}", "newline", 0), "(y)", "fo"));
    show("b2a_base64(b'fo', newline=2)", callv("b2a_base64", kw("{s:i}", "newline", 2), "(y)", "fo"));
    show("b2a_base64(b'fo', newline=1.5)", callv("b2a_base64", kw("{s:d}", "newline", 1.5), "(y)", "fo"));
    show("b2a_base64(b'fo', newline=None)", callv("b2a_base64", kw("{s:O}", "newline", Py_None), "(y)", "fo"));
    show("b2a_base64(b'fo', False)", callv("b2a_base64", NULL, "(yO)", "fo", Py_False));
    show("b2a_base64('fo')", callv("b2a_base64", NULL, "(s)", "fo"));
    show("b2a_base64(data=b'fo')", callv("b2a_base64", kw("{s:y}", "data", "fo"), "()"));
    show("b2a_base64(bytearray(60 bytes))", callv("b2a_base64", NULL, "(N)", PyByteArray_FromStringAndSize("0123456789012345678901234567890123456789012345678901234567890", 60)));

    /* a2b_base64 */
    const char *b64dec[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy",
                            "Zm9vYmFy\n", "Z m\n9v", "Zm8=garbage", "Zm8=Zm8=", "Zg=", "Zg", "Zm9",
                            "Z", "Zm9vY", "Zm9vYmFyY", "====", "=Zm8=", "Zm=8", "Zm==8", "Zg===",
                            "Zm!8", "!!!!", "YWJj\r\nZGVm", "Zm9v=", "Zm9v==", "Z===", "YQ"};
    for (size_t i = 0; i < sizeof b64dec / sizeof *b64dec; i++) {
        char what[96];
        snprintf(what, sizeof what, "a2b_base64(%zu)", i);
        show(what, callv("a2b_base64", NULL, "(y)", b64dec[i]));
        snprintf(what, sizeof what, "a2b_base64(%zu, strict_mode=True)", i);
        show(what, callv("a2b_base64", kw("{s:O}", "strict_mode", Py_True), "(y)", b64dec[i]));
    }
    show("a2b_base64('Zm9v') (str)", callv("a2b_base64", NULL, "(s)", "Zm9v"));
    show("a2b_base64('Zm9v\\u00e9')", callv("a2b_base64", NULL, "(s)", "Zm9v\xc3\xa9"));
    show("a2b_base64(b'Zm9v\\xff')", callv("a2b_base64", NULL, "(y)", "Zm9v\xff"));
    show("a2b_base64(b'Zm9v\\xff', strict_mode=1)", callv("a2b_base64", kw("{s:i}", "strict_mode", 1), "(y)", "Zm9v\xff"));
    show("a2b_base64(b'Zm9v', strict_mode='x')", callv("a2b_base64", kw("{s:s}", "strict_mode", "x"), "(y)", "Zm9v"));
    show("a2b_base64(b'Zm9v', True)", callv("a2b_base64", NULL, "(yO)", "Zm9v", Py_True));
    show("a2b_base64(3.5)", callv("a2b_base64", NULL, "(d)", 3.5));
    show("a2b_base64(memoryview(b'Zm9v'))", callv("a2b_base64", NULL, "(N)", PyMemoryView_FromMemory("Zm9v", 4, PyBUF_READ)));

    /* uuencode */
    show("b2a_uu(b'Cat')", callv("b2a_uu", NULL, "(y)", "Cat"));
    show("b2a_uu(b'')", callv("b2a_uu", NULL, "(y)", ""));
    show("b2a_uu(b'', backtick=True)", callv("b2a_uu", kw("{s:O}", "backtick", Py_True), "(y)", ""));
    show("b2a_uu(b'\\x00\\x00\\x00a', backtick=True)", callv("b2a_uu", kw("{s:O}", "backtick", Py_True), "(y#)", "\x00\x00\x00" "a", (Py_ssize_t)4));
    show("b2a_uu(b'\\x00\\x00\\x00a')", callv("b2a_uu", NULL, "(y#)", "\x00\x00\x00" "a", (Py_ssize_t)4));
    show("b2a_uu(45 bytes)", callv("b2a_uu", NULL, "(y)", "The quick brown fox jumps over the lazy dog..."));
    show("b2a_uu(46 bytes)", callv("b2a_uu", NULL, "(y)", "The quick brown fox jumps over the lazy dog...."));
    show("b2a_uu('Cat')", callv("b2a_uu", NULL, "(s)", "Cat"));
    show("a2b_uu(b'#0V%T\\n')", callv("a2b_uu", NULL, "(y)", "#0V%T\n"));
    show("a2b_uu('#0V%T')", callv("a2b_uu", NULL, "(s)", "#0V%T"));
    show("a2b_uu(b'#0V')", callv("a2b_uu", NULL, "(y)", "#0V"));
    show("a2b_uu(b'#0V%T   ``\\r\\n')", callv("a2b_uu", NULL, "(y)", "#0V%T   ``\r\n"));
    show("a2b_uu(b'#0V%Tx')", callv("a2b_uu", NULL, "(y)", "#0V%Tx"));
    show("a2b_uu(b'#0V\\x01T')", callv("a2b_uu", NULL, "(y)", "#0V\x01T"));
    show("a2b_uu(b'#0V~T')", callv("a2b_uu", NULL, "(y)", "#0V~T"));
    show("a2b_uu(b' ')", callv("a2b_uu", NULL, "(y)", " "));
    show("a2b_uu(b'`')", callv("a2b_uu", NULL, "(y)", "`"));
    show("a2b_uu(b'')", callv("a2b_uu", NULL, "(y)", ""));
    show("a2b_uu(b'!\\n')", callv("a2b_uu", NULL, "(y)", "!\n"));
    show("a2b_uu(b'\\x7f')", callv("a2b_uu", NULL, "(y)", "\x7f"));

    /* crc32 / crc_hqx */
    show("crc32(b'hello')", callv("crc32", NULL, "(y)", "hello"));
    show("crc32(b'lo', crc32(b'hel'))", callv("crc32", NULL, "(yk)", "lo", 0xf5f27cd6UL));
    show("crc32(b'', 0xffffffff)", callv("crc32", NULL, "(yk)", "", 0xffffffffUL));
    show("crc32(b'a', -1)", callv("crc32", NULL, "(yi)", "a", -1));
    show("crc32(b'a', 2**40)", callv("crc32", NULL, "(yL)", "a", 1LL << 40));
    show("crc32(b'a', 'x')", callv("crc32", NULL, "(ys)", "a", "x"));
    show("crc32('a')", callv("crc32", NULL, "(s)", "a"));
    show("crc32()", callv("crc32", NULL, "()"));
    show("crc32(b'a', 1, 2)", callv("crc32", NULL, "(yii)", "a", 1, 2));
    show("crc_hqx(b'123456789', 0)", callv("crc_hqx", NULL, "(yi)", "123456789", 0));
    show("crc_hqx(b'123456789', 0xffff)", callv("crc_hqx", NULL, "(yi)", "123456789", 0xffff));
    show("crc_hqx(b'abc', 0x12345)", callv("crc_hqx", NULL, "(yi)", "abc", 0x12345));
    show("crc_hqx(b'abc', -1)", callv("crc_hqx", NULL, "(yi)", "abc", -1));
    show("crc_hqx(b'', 7)", callv("crc_hqx", NULL, "(yi)", "", 7));
    show("crc_hqx(b'abc')", callv("crc_hqx", NULL, "(y)", "abc"));
    show("crc_hqx(b'abc', 1.0)", callv("crc_hqx", NULL, "(yd)", "abc", 1.0));
    show("crc_hqx('abc', 0)", callv("crc_hqx", NULL, "(si)", "abc", 0));

    /* The exceptions */
    PyObject *err = PyObject_GetAttrString(mod, "Error");
    PyObject *inc = PyObject_GetAttrString(mod, "Incomplete");
    show("Error", err ? PyObject_Repr(err) : NULL);
    show("Incomplete", inc ? PyObject_Repr(inc) : NULL);
    show("issubclass(Error, ValueError)", PyBool_FromLong(err && PyObject_IsSubclass(err, PyExc_ValueError) == 1));
    show("issubclass(Incomplete, Exception)", PyBool_FromLong(inc && PyObject_IsSubclass(inc, PyExc_Exception) == 1));
    show("issubclass(Incomplete, ValueError)", PyBool_FromLong(inc && PyObject_IsSubclass(inc, PyExc_ValueError) == 1));
    PyObject *r = callv("unhexlify", NULL, "(y)", "0");
    show("unhexlify(b'0') raises binascii.Error", PyBool_FromLong(r == NULL && PyErr_ExceptionMatches(err)));
    PyErr_Clear();
    Py_XDECREF(err);
    Py_XDECREF(inc);
    PyObject *name = PyObject_GetAttrString(mod, "__name__");
    show("__name__", name);
    PyObject *hex = PyObject_GetAttrString(mod, "hexlify");
    show("hexlify.__name__", hex ? PyObject_GetAttrString(hex, "__name__") : NULL);
    show("hexlify.__text_signature__", hex ? PyObject_GetAttrString(hex, "__text_signature__") : NULL);
    Py_XDECREF(hex);
    PyObject *unhex = PyObject_GetAttrString(mod, "unhexlify");
    show("unhexlify.__text_signature__", unhex ? PyObject_GetAttrString(unhex, "__text_signature__") : NULL);
    Py_XDECREF(unhex);
    Py_DECREF(mod);
    return 0;
}
