/* Adversarial differential cases for binascii (Modules/binascii.c) from
 * C: separators with bytes_per_sep 0, negative, at and past the data
 * length and at the C int bounds; every base64 padding rule in both
 * modes (excess data after padding, leading or discontinuous padding,
 * lone characters); uuencoded lines whose length byte lies about the
 * data; non-ASCII str input and str subclasses; buffers that are not
 * contiguous or not bytes-shaped; and crc seeds at every bound.
 *
 * Built against CPython 3.11 and against pybuffer; scripts/c-tests.sh
 * compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "adv_common.h"

static PyObject *mod;

/* binascii.name(*args, **kw): args from Py_BuildValue(fmt) (a tuple),
   kw a dict or NULL (consumed). */
static PyObject *B(const char *name, PyObject *kw, const char *fmt, ...)
{
    PyObject *f = PyObject_GetAttrString(mod, name);
    if (f == NULL) {
        Py_XDECREF(kw);
        return NULL;
    }
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, kw) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kw);
    Py_DECREF(f);
    return r;
}

static PyObject *KW(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    return d;
}

static void hex_cases(void)
{
    const char *d = "\x01\x02\x03\x04\x05\x06\x07";
    int sizes[] = {0, 1, 2, 3, 6, 7, 8, -1, -2, -3, -6, -7, -8, 2147483647, -2147483647 - 1};
    char what[120];
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        snprintf(what, sizeof what, "hexlify(7 bytes, '|', %d)", sizes[i]);
        R(what, B("hexlify", NULL, "(y#si)", d, (Py_ssize_t)7, "|", sizes[i]));
    }
    for (size_t i = 0; i < 8; i++) {
        snprintf(what, sizeof what, "hexlify(b'', ':', %d)", sizes[i]);
        R(what, B("hexlify", NULL, "(y#si)", d, (Py_ssize_t)0, ":", sizes[i]));
        snprintf(what, sizeof what, "hexlify(b'\\x01', ':', %d)", sizes[i]);
        R(what, B("hexlify", NULL, "(y#si)", d, (Py_ssize_t)1, ":", sizes[i]));
    }
    R("hexlify(b'ab', ':', 2**31)", B("hexlify", NULL, "(ysL)", "ab", ":", 2147483648LL));
    R("hexlify(b'ab', ':', -2**31-1)", B("hexlify", NULL, "(ysL)", "ab", ":", -2147483649LL));
    R("hexlify(b'ab', ':', 2**64)", B("hexlify", NULL, "(ysN)", "ab", ":", BIG("18446744073709551616")));
    R("hexlify(b'ab', ':', True)", B("hexlify", NULL, "(ysO)", "ab", ":", Py_True));
    R("hexlify(b'ab', ':', 1.0)", B("hexlify", NULL, "(ysd)", "ab", ":", 1.0));
    R("hexlify(b'ab', '', 1)", B("hexlify", NULL, "(ysi)", "ab", "", 1));
    R("hexlify(b'ab', b'', 1)", B("hexlify", NULL, "(yyi)", "ab", "", 1));
    R("hexlify(b'ab', None)", B("hexlify", NULL, "(yO)", "ab", Py_None));
    R("hexlify(b'ab', None, 1)", B("hexlify", NULL, "(yOi)", "ab", Py_None, 1));
    R("hexlify(b'ab', '\\x7f')", B("hexlify", NULL, "(ys)", "ab", "\x7f"));
    R("hexlify(b'ab', '\\x80')", B("hexlify", NULL, "(yN)", "ab", PyUnicode_FromOrdinal(0x80)));
    R("hexlify(b'ab', '\\x00')", B("hexlify", NULL, "(yN)", "ab", PyUnicode_FromStringAndSize("\0", 1)));
    R("hexlify(b'ab', b'\\x80')", B("hexlify", NULL, "(yy)", "ab", "\x80"));
    R("hexlify(b'ab', memoryview(b':'))", B("hexlify", NULL, "(yN)", "ab", PyMemoryView_FromObject(PyBytes_FromString(":"))));
    R("hexlify(b'ab', [':'])", B("hexlify", NULL, "(y[s])", "ab", ":"));
    R("hexlify(b'ab', bytes_per_sep=1)", B("hexlify", KW("{si}", "bytes_per_sep", 1), "(y)", "ab"));
    R("hexlify(b'ab', sep=':', bytes_per_sep=1)", B("hexlify", KW("{sssi}", "sep", ":", "bytes_per_sep", 1), "(y)", "ab"));
    R("hexlify(b'ab', ':', sep=':')", B("hexlify", KW("{ss}", "sep", ":"), "(ys)", "ab", ":"));
    R("hexlify(data=b'ab', data2=1)", B("hexlify", KW("{sysi}", "data", "ab", "data2", 1), "()"));
    R("hexlify(array('i', [1]))", B("hexlify", NULL, "(N)", PyObject_CallMethod(PyImport_ImportModule("array"), "array", "s[i]", "i", 1)));
    {
        PyObject *mv = PyMemoryView_FromObject(PyBytes_FromString("abcdef"));
        PyObject *sl = mv ? GET(mv, SL(NULL, NULL, I(2))) : NULL;
        R("hexlify(memoryview(b'abcdef')[::2])", B("hexlify", NULL, "(O)", sl));
        R("unhexlify(memoryview(b'abcdef')[::2])", B("unhexlify", NULL, "(O)", sl));
        R("a2b_base64(memoryview(b'abcdef')[::2])", B("a2b_base64", NULL, "(O)", sl));
        R("crc32(memoryview(b'abcdef')[::2])", B("crc32", NULL, "(O)", sl));
        R("b2a_uu(memoryview(b'abcdef')[::2])", B("b2a_uu", NULL, "(O)", sl));
        Py_XDECREF(sl);
        Py_XDECREF(mv);
    }
    R("unhexlify('\\x00\\x00')", B("unhexlify", NULL, "(N)", PyUnicode_FromStringAndSize("\0\0", 2)));
    R("unhexlify(b'0\\x00')", B("unhexlify", NULL, "(y#)", "0\0", (Py_ssize_t)2));
    R("unhexlify(b'\\xff\\xff')", B("unhexlify", NULL, "(y)", "\xff\xff"));
    R("unhexlify('ab\\u20ac')", B("unhexlify", NULL, "(N)", PyUnicode_FromString("ab\xe2\x82\xac")));
    R("unhexlify('\\U0001f600\\U0001f600')", B("unhexlify", NULL, "(N)", PyUnicode_FromString("\xf0\x9f\x98\x80\xf0\x9f\x98\x80")));
    R("unhexlify(b'AbCdEf')", B("unhexlify", NULL, "(y)", "AbCdEf"));
    R("unhexlify(b'0G')", B("unhexlify", NULL, "(y)", "0G"));
    R("unhexlify(b'G0')", B("unhexlify", NULL, "(y)", "G0"));
    R("unhexlify(b'0')", B("unhexlify", NULL, "(y)", "0"));
    R("unhexlify(b'000')", B("unhexlify", NULL, "(y)", "000"));
    R("unhexlify(bytearray(b'0g0'))", B("unhexlify", NULL, "(N)", PyByteArray_FromStringAndSize("0g0", 3)));
    R("a2b_hex(b'0 0')", B("a2b_hex", NULL, "(y)", "0 0"));
    R("a2b_hex(b'00', 1)", B("a2b_hex", NULL, "(yi)", "00", 1));
}

static void base64_cases(void)
{
    const char *inputs[] = {
        "", "=", "==", "===", "====", "A", "AB", "ABC", "ABCD", "AB=", "AB==", "AB===", "ABC=",
        "ABC==", "A===", "AB=C", "AB=CD==", "AB==CD", "ABCD====", "=ABC", "==AB", "A=B=",
        "AB\n==", "AB=\n=", "A B C D", "ABCD\n", "\nABCD", "AB*=", "AB=*", "ABCD=", "ABCDE",
        "ABCDE=", "ABCDE==", "ABCDEF=", "ABCDEF==", "ABCDEFG=", "ZmZm\x80", "Zg", "Zh", "Zg==",
        "Zh==", "Zm9=", "Zm8=", "*",
    };
    char what[120];
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        snprintf(what, sizeof what, "a2b_base64(%s)", inputs[i]);
        for (char *p = what; *p; p++)
            if (*p == '\n')
                *p = '~';
        R(what, B("a2b_base64", NULL, "(y)", inputs[i]));
        strcat(what, " strict");
        R(what, B("a2b_base64", KW("{sO}", "strict_mode", Py_True), "(y)", inputs[i]));
    }
    R("a2b_base64(str 'Zg==')", B("a2b_base64", NULL, "(s)", "Zg=="));
    R("a2b_base64(str '\\u00ff')", B("a2b_base64", NULL, "(N)", PyUnicode_FromString("\xc3\xbf")));
    R("a2b_base64(b'Zg==', strict_mode=2)", B("a2b_base64", KW("{si}", "strict_mode", 2), "(y)", "Zg=="));
    R("a2b_base64(b'Zg==', strict_mode=[])", B("a2b_base64", KW("{s[]}", "strict_mode"), "(y)", "Zg=="));
    R("a2b_base64(b'Zg==', strict_mode=[1])", B("a2b_base64", KW("{s[i]}", "strict_mode", 1), "(y)", "Z=g="));
    R("a2b_base64(b'Zg==', 1, 2)", B("a2b_base64", NULL, "(yii)", "Zg==", 1, 2));
    R("a2b_base64(None)", B("a2b_base64", NULL, "(O)", Py_None));
    R("a2b_base64(data=b'Zg==')", B("a2b_base64", KW("{sy}", "data", "Zg=="), "()"));
    R("b2a_base64(b'')", B("b2a_base64", NULL, "(y)", ""));
    R("b2a_base64(b'', newline=False)", B("b2a_base64", KW("{sO}", "newline", Py_False), "(y)", ""));
    R("b2a_base64(b'a', newline=[])", B("b2a_base64", KW("{s[]}", "newline"), "(y)", "a"));
    R("b2a_base64(b'a', newline=2**100)", B("b2a_base64", KW("{sN}", "newline", BIG("1267650600228229401496703205376")), "(y)", "a"));
    R("b2a_base64(b'a', True)", B("b2a_base64", NULL, "(yO)", "a", Py_True));
    R("b2a_base64(bytearray(b'\\xff' * 100))[-10:]", GET(B("b2a_base64", NULL, "(N)", PyByteArray_FromObject(PySequence_Repeat(PyBytes_FromString("\xff"), 100))), SL(I(-10), NULL, NULL)));
}

static void uu_cases(void)
{
    const char *lines[] = {
        "", "\n", " ", "!", "!\n", "!!", "!!!!", "\"!!!!", "#!!!!", "$!!!!!!!", "M", "N",
        "`", "``", "!`", "!`\n", "!!!!  ", "!!!!xx", "!!!! `", "!!!!\r\n", "!!!! \n", "!\x80", "\x80",
        "a", "~", "#86)C", "#86)C\n", "#86)Cx", "#86)C x", "#86)", "#8", "#",
        "=", "}", "@",
    };
    char what[120];
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        snprintf(what, sizeof what, "a2b_uu(%s)", lines[i]);
        for (char *p = what; *p; p++)
            if (*p == '\n')
                *p = '~';
            else if (*p == '\r')
                *p = '^';
        R(what, B("a2b_uu", NULL, "(y)", lines[i]));
    }
    R("a2b_uu(str '#86)C')", B("a2b_uu", NULL, "(s)", "#86)C"));
    R("a2b_uu(str '\\u00e9')", B("a2b_uu", NULL, "(N)", PyUnicode_FromString("\xc3\xa9")));
    R("a2b_uu(None)", B("a2b_uu", NULL, "(O)", Py_None));
    R("b2a_uu(b'x' * 45, backtick=True)", B("b2a_uu", KW("{sO}", "backtick", Py_True), "(N)", PySequence_Repeat(PyBytes_FromString("x"), 45)));
    R("b2a_uu(b'\\x00' * 3, backtick=True)", B("b2a_uu", KW("{sO}", "backtick", Py_True), "(y#)", "\0\0\0", (Py_ssize_t)3));
    R("b2a_uu(b'\\x00' * 3)", B("b2a_uu", NULL, "(y#)", "\0\0\0", (Py_ssize_t)3));
    R("b2a_uu(b'a', backtick=[])", B("b2a_uu", KW("{s[]}", "backtick"), "(y)", "a"));
    R("b2a_uu(b'a', True)", B("b2a_uu", NULL, "(yO)", "a", Py_True));
    R("b2a_uu(b'a', x=1)", B("b2a_uu", KW("{si}", "x", 1), "(y)", "a"));
    R("b2a_uu(bytearray(46))", B("b2a_uu", NULL, "(N)", PyByteArray_FromStringAndSize(NULL, 0)));
}

static void crc_cases(void)
{
    const char *seeds[] = {"0", "1", "-1", "4294967295", "4294967296", "-4294967296", "-4294967297",
                           "18446744073709551615", "18446744073709551616", "-18446744073709551617",
                           "340282366920938463463374607431768211456"};
    char what[120];
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        snprintf(what, sizeof what, "crc32(b'abc', %s)", seeds[i]);
        R(what, B("crc32", NULL, "(yN)", "abc", BIG(seeds[i])));
        snprintf(what, sizeof what, "crc_hqx(b'abc', %s)", seeds[i]);
        R(what, B("crc_hqx", NULL, "(yN)", "abc", BIG(seeds[i])));
    }
    R("crc32(b'abc', True)", B("crc32", NULL, "(yO)", "abc", Py_True));
    R("crc32(b'abc', None)", B("crc32", NULL, "(yO)", "abc", Py_None));
    R("crc_hqx(b'abc', None)", B("crc_hqx", NULL, "(yO)", "abc", Py_None));
    R("crc_hqx(b'abc', crc=1)", B("crc_hqx", KW("{si}", "crc", 1), "(y)", "abc"));
    R("crc_hqx()", B("crc_hqx", NULL, "()"));
    R("crc_hqx(b'a', 1, 2)", B("crc_hqx", NULL, "(yii)", "a", 1, 2));
    R("crc32(data=b'a')", B("crc32", KW("{sy}", "data", "a"), "()"));
    R("crc32(bytearray(b'abc'))", B("crc32", NULL, "(N)", PyByteArray_FromStringAndSize("abc", 3)));
    R("crc32('abc')", B("crc32", NULL, "(s)", "abc"));
    R("crc_hqx(memoryview(b'abc'), 0)", B("crc_hqx", NULL, "(Ni)", PyMemoryView_FromObject(PyBytes_FromString("abc")), 0));
}

int main(void)
{
    Py_Initialize();
    mod = PyImport_ImportModule("binascii");
    if (mod == NULL) {
        PyErr_Print();
        return 1;
    }
    hex_cases();
    base64_cases();
    uu_cases();
    crc_cases();
    Py_DECREF(mod);
    return 0;
}
