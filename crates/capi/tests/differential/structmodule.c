/* Differential cases for the struct module as C code reaches it through
 * PyImport_ImportModule("struct") (Lib/struct.py over Modules/_struct.c):
 * pack/unpack of every format character in every byte order, native
 * alignment, repeat counts and whitespace, range and type errors with
 * their struct.error messages, __index__ objects, float rounding and
 * overflow for 'e' and 'f', pack_into/unpack_from with (negative)
 * offsets, iter_unpack and its iterator, calcsize, the Struct type and
 * its attributes, the format cache, argument errors, refcounts.
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

/* obj.name(*args, **kwargs): args built by Py_BuildValue(fmt, ...) (a
   tuple), kwargs NULL or a dict built by the caller (consumed). */
static PyObject *callo(PyObject *obj, const char *name, PyObject *kwargs, const char *fmt, ...) {
    PyObject *f = PyObject_GetAttrString(obj, name);
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

#define CALL(name, ...) callo(mod, name, NULL, __VA_ARGS__)

static PyObject *kw(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    return d;
}

static PyObject *big(const char *digits) {
    return PyLong_FromString(digits, NULL, 0);
}

/* A type whose instances have __index__ returning 7. */
static PyObject *index_nb(PyObject *self) {
    (void)self;
    return PyLong_FromLong(7);
}
static PyObject *bad_index_nb(PyObject *self) {
    (void)self;
    PyErr_SetString(PyExc_RuntimeError, "index boom");
    return NULL;
}

static PyObject *make_type(const char *name, void *nb) {
    PyType_Slot slots[] = {{Py_nb_index, nb}, {0, NULL}};
    PyType_Spec spec = {name, sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
    return PyType_FromSpec(&spec);
}

/* pack then unpack: the round-tripped tuple. */
static PyObject *roundtrip(const char *fmt, PyObject *args) {
    if (args == NULL)
        return NULL;
    PyObject *s = CALL("Struct", "(s)", fmt);
    if (s == NULL) {
        Py_DECREF(args);
        return NULL;
    }
    PyObject *f = PyObject_GetAttrString(s, "pack");
    PyObject *b = f ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(f);
    Py_DECREF(args);
    PyObject *r = b ? callo(s, "unpack", NULL, "(O)", b) : NULL;
    Py_XDECREF(b);
    Py_DECREF(s);
    return r;
}

/* list(iterator) */
static PyObject *listof(PyObject *it) {
    if (it == NULL)
        return NULL;
    PyObject *l = PySequence_List(it);
    Py_DECREF(it);
    return l;
}

int main(void) {
    Py_Initialize();
    mod = PyImport_ImportModule("struct");
    show("import struct (its type)", mod ? Py_NewRef((PyObject *)Py_TYPE(mod)) : NULL);
    if (mod == NULL)
        return 1;
    PyObject *cmod = PyImport_ImportModule("_struct");
    show("import _struct (its type)", cmod ? Py_NewRef((PyObject *)Py_TYPE(cmod)) : NULL);
    show("struct.__all__", PyObject_GetAttrString(mod, "__all__"));
    show("struct.Struct is _struct.Struct", PyBool_FromLong(cmod && PyObject_GetAttrString(mod, "Struct") == PyObject_GetAttrString(cmod, "Struct")));
    show("struct.error", PyObject_GetAttrString(mod, "error"));
    PyObject *err = PyObject_GetAttrString(mod, "error");
    show("error is an Exception subclass", PyBool_FromLong(PyObject_IsSubclass(err, PyExc_Exception)));
    show("error.__module__", PyObject_GetAttrString(err, "__module__"));
    show("error.__name__", PyObject_GetAttrString(err, "__name__"));
    show("error.__qualname__", PyObject_GetAttrString(err, "__qualname__"));
    show("error.__doc__", PyObject_GetAttrString(err, "__doc__"));
    show("_struct.error is struct.error", PyBool_FromLong(cmod && PyObject_GetAttrString(cmod, "error") == err));
    /* PyBuffer_SizeFromFormat raises struct.error itself (CPython calls
     * struct.calcsize), so the module's class catches it. */
    {
        Py_ssize_t n = PyBuffer_SizeFromFormat("zz");
        int failed = n == -1 && PyErr_Occurred() != NULL;
        int matches = PyErr_ExceptionMatches(err);
        int matches_exception = PyErr_ExceptionMatches(PyExc_Exception);
        show("SizeFromFormat('zz'), the error", NULL);
        show("SizeFromFormat('zz') fails", PyBool_FromLong(failed));
        show("... with struct.error", PyBool_FromLong(matches));
        show("... an Exception", PyBool_FromLong(matches_exception));
        n = PyBuffer_SizeFromFormat("3i");
        show("SizeFromFormat('3i')", PyLong_FromSsize_t(n));
    }
    {
        PyObject *e = PyObject_CallFunction(err, "s", "boom");
        show("error('boom')", e);
        e = PyObject_CallFunction(err, "s", "boom");
        show("error('boom').__reduce__()", e ? PyObject_CallMethod(e, "__reduce__", NULL) : NULL);
        show("isinstance(error('boom'), Exception)", PyBool_FromLong(e && PyObject_IsInstance(e, PyExc_Exception)));
        Py_XDECREF(e);
    }
    show("Struct", PyObject_GetAttrString(mod, "Struct"));
    PyObject *doc = PyObject_GetAttrString(mod, "__doc__");
    show("__doc__ starts", doc ? PyUnicode_Substring(doc, 0, 40) : NULL);
    Py_XDECREF(doc);
    show("_clearcache()", CALL("_clearcache", "()"));

    /* calcsize */
    show("calcsize('')", CALL("calcsize", "(s)", ""));
    show("calcsize('c')", CALL("calcsize", "(s)", "c"));
    show("calcsize('bhilqnNP')", CALL("calcsize", "(s)", "bhilqnNP"));
    show("calcsize('bi')", CALL("calcsize", "(s)", "bi"));
    show("calcsize('ib')", CALL("calcsize", "(s)", "ib"));
    show("calcsize('<bi')", CALL("calcsize", "(s)", "<bi"));
    show("calcsize('b0i')", CALL("calcsize", "(s)", "b0i"));
    show("calcsize('b d e f ?')", CALL("calcsize", "(s)", "b d e f ?"));
    show("calcsize('=bhilqefd?')", CALL("calcsize", "(s)", "=bhilqefd?"));
    show("calcsize('!10s3p2x')", CALL("calcsize", "(s)", "!10s3p2x"));
    show("calcsize(b'@3i')", CALL("calcsize", "(y)", "@3i"));
    show("calcsize('z')", CALL("calcsize", "(s)", "z"));
    show("calcsize('<n')", CALL("calcsize", "(s)", "<n"));
    show("calcsize('>P')", CALL("calcsize", "(s)", ">P"));
    show("calcsize('i<')", CALL("calcsize", "(s)", "i<"));
    show("calcsize('3')", CALL("calcsize", "(s)", "3"));
    show("calcsize('3 i')", CALL("calcsize", "(s)", "3 i"));
    show("calcsize('99999999999999999999i')", CALL("calcsize", "(s)", "99999999999999999999i"));
    show("calcsize('i\\0i')", CALL("calcsize", "(y#)", "i\0i", (Py_ssize_t)3));
    show("calcsize(5)", CALL("calcsize", "(i)", 5));
    show("calcsize([])", CALL("calcsize", "(N)", PyList_New(0)));
    show("calcsize('\\u00e9')", CALL("calcsize", "(s)", "\xc3\xa9"));
    show("calcsize()", CALL("calcsize", "()"));

    /* pack: every code, native and standard */
    show("pack('b', -128)", CALL("pack", "(si)", "b", -128));
    show("pack('B', 255)", CALL("pack", "(si)", "B", 255));
    show("pack('b', 128)", CALL("pack", "(si)", "b", 128));
    show("pack('B', -1)", CALL("pack", "(si)", "B", -1));
    show("pack('<h', -2)", CALL("pack", "(si)", "<h", -2));
    show("pack('>h', 258)", CALL("pack", "(si)", ">h", 258));
    show("pack('<h', 32768)", CALL("pack", "(si)", "<h", 32768));
    show("pack('>h', 32768)", CALL("pack", "(si)", ">h", 32768));
    show("pack('h', -32769)", CALL("pack", "(si)", "h", -32769));
    show("pack('H', 65536)", CALL("pack", "(si)", "H", 65536));
    show("pack('>H', -1)", CALL("pack", "(si)", ">H", -1));
    show("pack('<H', 65535)", CALL("pack", "(si)", "<H", 65535));
    show("pack('i', 2**31)", CALL("pack", "(sL)", "i", 2147483648LL));
    show("pack('>i', -2**31)", CALL("pack", "(sL)", ">i", -2147483648LL));
    show("pack('>i', 2**31)", CALL("pack", "(sL)", ">i", 2147483648LL));
    show("pack('<I', 2**32)", CALL("pack", "(sL)", "<I", 4294967296LL));
    show("pack('>I', 2**32-1)", CALL("pack", "(sL)", ">I", 4294967295LL));
    show("pack('I', -1)", CALL("pack", "(si)", "I", -1));
    show("pack('<l', 2**31)", CALL("pack", "(sL)", "<l", 2147483648LL));
    show("pack('>L', 2**32)", CALL("pack", "(sL)", ">L", 4294967296LL));
    show("pack('l', 2**40)", CALL("pack", "(sL)", "l", 1099511627776LL));
    show("pack('L', -1)", CALL("pack", "(si)", "L", -1));
    show("pack('q', -1)", CALL("pack", "(si)", "q", -1));
    show("pack('>Q', 2**64-1)", CALL("pack", "(sN)", ">Q", big("18446744073709551615")));
    show("pack('>Q', 2**64)", CALL("pack", "(sN)", ">Q", big("18446744073709551616")));
    show("pack('<Q', 2**64)", CALL("pack", "(sN)", "<Q", big("18446744073709551616")));
    show("pack('>q', 2**63)", CALL("pack", "(sN)", ">q", big("9223372036854775808")));
    show("pack('<q', 2**63)", CALL("pack", "(sN)", "<q", big("9223372036854775808")));
    show("pack('>q', -2**100)", CALL("pack", "(sN)", ">q", big("-1267650600228229401496703205376")));
    show("pack('i', 2**100)", CALL("pack", "(sN)", "i", big("1267650600228229401496703205376")));
    show("pack('>Q', -1)", CALL("pack", "(si)", ">Q", -1));
    show("pack('Q', -1)", CALL("pack", "(si)", "Q", -1));
    show("pack('n', -5)", CALL("pack", "(si)", "n", -5));
    show("pack('N', -5)", CALL("pack", "(si)", "N", -5));
    show("pack('n', 2**63)", CALL("pack", "(sN)", "n", big("9223372036854775808")));
    show("pack('P', 4096)", CALL("pack", "(si)", "P", 4096));
    show("pack('P', -1)", CALL("pack", "(si)", "P", -1));
    show("pack('P', 2**64)", CALL("pack", "(sN)", "P", big("18446744073709551616")));
    show("pack('<?', 5)", CALL("pack", "(si)", "<?", 5));
    show("pack('?" "?', 0, [1])", CALL("pack", "(siN)", "?" "?", 0, Py_BuildValue("[i]", 1)));
    show("pack('?', '')", CALL("pack", "(ss)", "?", ""));
    show("pack('c', b'x')", CALL("pack", "(sy)", "c", "x"));
    show("pack('c', b'xy')", CALL("pack", "(sy)", "c", "xy"));
    show("pack('c', 'x')", CALL("pack", "(ss)", "c", "x"));
    show("pack('c', bytearray(b'x'))", CALL("pack", "(sN)", "c", PyByteArray_FromStringAndSize("x", 1)));
    show("pack('c', 65)", CALL("pack", "(si)", "c", 65));
    show("pack('5s', b'ab')", CALL("pack", "(sy)", "5s", "ab"));
    show("pack('2s', b'abcd')", CALL("pack", "(sy)", "2s", "abcd"));
    show("pack('s', b'')", CALL("pack", "(sy)", "s", ""));
    show("pack('0s', b'abc')", CALL("pack", "(sy)", "0s", "abc"));
    show("pack('3s', bytearray(b'xyz'))", CALL("pack", "(sN)", "3s", PyByteArray_FromStringAndSize("xyz", 3)));
    show("pack('3s', 'abc')", CALL("pack", "(ss)", "3s", "abc"));
    show("pack('4p', 'abc')", CALL("pack", "(ss)", "4p", "abc"));
    show("pack('5p', b'ab')", CALL("pack", "(sy)", "5p", "ab"));
    show("pack('3p', b'abcdef')", CALL("pack", "(sy)", "3p", "abcdef"));
    show("pack('p', b'abc')", CALL("pack", "(sy)", "p", "abc"));
    show("pack('1p', b'')", CALL("pack", "(sy)", "1p", ""));
    show("pack('<e', 1.5)", CALL("pack", "(sd)", "<e", 1.5));
    show("pack('>e', -0.0)", CALL("pack", "(sd)", ">e", -0.0));
    show("pack('<e', 65504.0)", CALL("pack", "(sd)", "<e", 65504.0));
    show("pack('<e', 65520.0)", CALL("pack", "(sd)", "<e", 65520.0));
    show("pack('<e', 1e-8)", CALL("pack", "(sd)", "<e", 1e-8));
    show("pack('<e', 6e-8)", CALL("pack", "(sd)", "<e", 6e-8));
    show("pack('<e', 1.0009765625)", CALL("pack", "(sd)", "<e", 1.0009765625));
    show("pack('<e', 1.00048828125)", CALL("pack", "(sd)", "<e", 1.00048828125));
    show("pack('<e', inf)", CALL("pack", "(sd)", "<e", Py_HUGE_VAL));
    show("pack('<e', nan)", CALL("pack", "(sd)", "<e", Py_NAN));
    show("pack('e', 100000)", CALL("pack", "(si)", "e", 100000));
    show("pack('e', 3)", CALL("pack", "(si)", "e", 3));
    show("pack('<f', 1.1)", CALL("pack", "(sd)", "<f", 1.1));
    show("pack('>f', 1e39)", CALL("pack", "(sd)", ">f", 1e39));
    show("pack('>f', 10**40)", CALL("pack", "(sN)", ">f", big("10000000000000000000000000000000000000000")));
    show("pack('f', 1e39)", CALL("pack", "(sd)", "f", 1e39));
    show("pack('f', -inf)", CALL("pack", "(sd)", "f", -Py_HUGE_VAL));
    show("pack('>f', 3.4028235e38)", CALL("pack", "(sd)", ">f", 3.4028235e38));
    show("pack('<d', 0.1)", CALL("pack", "(sd)", "<d", 0.1));
    show("pack('>d', 2)", CALL("pack", "(si)", ">d", 2));
    show("pack('d', 2**2000)", CALL("pack", "(sN)", "d", PyNumber_Power(PyLong_FromLong(2), PyLong_FromLong(2000), Py_None)));
    show("pack('d', '1.0')", CALL("pack", "(ss)", "d", "1.0"));
    show("pack('f', None)", CALL("pack", "(sO)", "f", Py_None));
    show("pack('e', b'x')", CALL("pack", "(sy)", "e", "x"));
    show("pack('i', 1.5)", CALL("pack", "(sd)", "i", 1.5));
    show("pack('i', '1')", CALL("pack", "(ss)", "i", "1"));
    show("pack('Q', None)", CALL("pack", "(sO)", "Q", Py_None));
    show("pack('P', 1.0)", CALL("pack", "(sd)", "P", 1.0));
    show("pack('h', True)", CALL("pack", "(sO)", "h", Py_True));

    /* __index__ */
    PyObject *IndexT = make_type("structtest.Idx", (void *)index_nb);
    PyObject *BadT = make_type("structtest.BadIdx", (void *)bad_index_nb);
    PyObject *idx = PyObject_CallNoArgs(IndexT);
    PyObject *bad = PyObject_CallNoArgs(BadT);
    show("pack('<i', Idx())", CALL("pack", "(sO)", "<i", idx));
    show("pack('b', Idx())", CALL("pack", "(sO)", "b", idx));
    show("pack('>Q', Idx())", CALL("pack", "(sO)", ">Q", idx));
    show("pack('P', Idx())", CALL("pack", "(sO)", "P", idx));
    show("pack('d', Idx())", CALL("pack", "(sO)", "d", idx));
    show("pack('?', Idx())", CALL("pack", "(sO)", "?", idx));
    show("pack('i', BadIdx())", CALL("pack", "(sO)", "i", bad));
    show("pack('f', BadIdx())", CALL("pack", "(sO)", "f", bad));

    /* several items, alignment, counts, whitespace */
    show("pack('bi', 1, 2)", CALL("pack", "(sii)", "bi", 1, 2));
    show("pack('<bi', 1, 2)", CALL("pack", "(sii)", "<bi", 1, 2));
    show("pack('>3h', 1, 2, 3)", CALL("pack", "(siii)", ">3h", 1, 2, 3));
    show("pack('b x 2x h', 1, 2)", CALL("pack", "(sii)", "b x 2x h", 1, 2));
    show("pack('!i\\t\\nh', 1, 2)", CALL("pack", "(sii)", "!i\t\nh", 1, 2));
    show("pack('@bq', 1, 2)", CALL("pack", "(sii)", "@bq", 1, 2));
    show("pack('=bq', 1, 2)", CALL("pack", "(sii)", "=bq", 1, 2));
    show("pack('b0q', 1)", CALL("pack", "(si)", "b0q", 1));
    show("pack('2s2p', b'ab', b'cd')", CALL("pack", "(syy)", "2s2p", "ab", "cd"));
    show("pack('')", CALL("pack", "(s)", ""));
    show("pack(b'<H', 1)", CALL("pack", "(yi)", "<H", 1));
    show("pack('ii', 1)", CALL("pack", "(si)", "ii", 1));
    show("pack('i', 1, 2)", CALL("pack", "(sii)", "i", 1, 2));
    show("pack('3s')", CALL("pack", "(s)", "3s"));
    show("pack('x', 1)", CALL("pack", "(si)", "x", 1));
    show("pack('bi', 1, 'x')", CALL("pack", "(sis)", "bi", 1, "x"));
    show("pack()", CALL("pack", "()"));
    show("pack(None)", CALL("pack", "(O)", Py_None));
    show("pack([])", CALL("pack", "(N)", PyList_New(0)));
    show("pack('k', 1)", CALL("pack", "(si)", "k", 1));
    show("pack('<N', 1)", CALL("pack", "(si)", "<N", 1));
    show("pack(format='i')", callo(mod, "pack", kw("{s:s}", "format", "i"), "()"));

    /* unpack */
    show("unpack('<h', b'\\xff\\xfe')", CALL("unpack", "(sy#)", "<h", "\xff\xfe", (Py_ssize_t)2));
    show("unpack('>H', b'\\xff\\xfe')", CALL("unpack", "(sy#)", ">H", "\xff\xfe", (Py_ssize_t)2));
    show("unpack('bB', b'\\x80\\x80')", CALL("unpack", "(sy#)", "bB", "\x80\x80", (Py_ssize_t)2));
    show("unpack('<i', b'\\x01\\x00\\x00\\x80')", CALL("unpack", "(sy#)", "<i", "\x01\x00\x00\x80", (Py_ssize_t)4));
    show("unpack('>I', b'\\xff\\xff\\xff\\xff')", CALL("unpack", "(sy#)", ">I", "\xff\xff\xff\xff", (Py_ssize_t)4));
    show("unpack('<q', 8*b'\\xff')", CALL("unpack", "(sy#)", "<q", "\xff\xff\xff\xff\xff\xff\xff\xff", (Py_ssize_t)8));
    show("unpack('>Q', 8*b'\\xff')", CALL("unpack", "(sy#)", ">Q", "\xff\xff\xff\xff\xff\xff\xff\xff", (Py_ssize_t)8));
    show("unpack('l', 8*b'\\xff')", CALL("unpack", "(sy#)", "l", "\xff\xff\xff\xff\xff\xff\xff\xff", (Py_ssize_t)8));
    show("unpack('N', 8*b'\\xff')", CALL("unpack", "(sy#)", "N", "\xff\xff\xff\xff\xff\xff\xff\xff", (Py_ssize_t)8));
    show("unpack('n', 8*b'\\xff')", CALL("unpack", "(sy#)", "n", "\xff\xff\xff\xff\xff\xff\xff\xff", (Py_ssize_t)8));
    show("unpack('P', b'\\x10'+7*b'\\0')", CALL("unpack", "(sy#)", "P", "\x10\0\0\0\0\0\0\0", (Py_ssize_t)8));
    show("unpack('?" "?', b'\\x00\\x01')", CALL("unpack", "(sy#)", "?" "?", "\x00\x01", (Py_ssize_t)2));
    show("unpack('<?', b'\\x07')", CALL("unpack", "(sy#)", "<?", "\x07", (Py_ssize_t)1));
    show("unpack('c', b'\\x00')", CALL("unpack", "(sy#)", "c", "\0", (Py_ssize_t)1));
    show("unpack('3s', b'a\\0b')", CALL("unpack", "(sy#)", "3s", "a\0b", (Py_ssize_t)3));
    show("unpack('4p', b'\\x02abc')", CALL("unpack", "(sy#)", "4p", "\x02" "abc", (Py_ssize_t)4));
    show("unpack('4p', b'\\x09abc')", CALL("unpack", "(sy#)", "4p", "\x09" "abc", (Py_ssize_t)4));
    show("unpack('<e', b'\\x00\\x3c')", CALL("unpack", "(sy#)", "<e", "\x00\x3c", (Py_ssize_t)2));
    show("unpack('>e', b'\\x7c\\x00')", CALL("unpack", "(sy#)", ">e", "\x7c\x00", (Py_ssize_t)2));
    show("unpack('<e', b'\\x01\\x00')", CALL("unpack", "(sy#)", "<e", "\x01\x00", (Py_ssize_t)2));
    show("unpack('>f', b'\\x3f\\x8c\\xcc\\xcd')", CALL("unpack", "(sy#)", ">f", "\x3f\x8c\xcc\xcd", (Py_ssize_t)4));
    show("unpack('<d', b'\\x9a\\x99\\x99\\x99\\x99\\x99\\xb9\\x3f')", CALL("unpack", "(sy#)", "<d", "\x9a\x99\x99\x99\x99\x99\xb9\x3f", (Py_ssize_t)8));
    show("unpack('b x h', 4 bytes)", CALL("unpack", "(sy#)", "b x h", "\x01\x02\x03\x04", (Py_ssize_t)4));
    show("unpack('', b'')", CALL("unpack", "(sy)", "", ""));
    show("unpack('i', b'abc')", CALL("unpack", "(sy)", "i", "abc"));
    show("unpack('i', b'abcde')", CALL("unpack", "(sy)", "i", "abcde"));
    show("unpack('i', bytearray(b'abcd'))", CALL("unpack", "(sN)", "<i", PyByteArray_FromStringAndSize("abcd", 4)));
    show("unpack('<H', memoryview(b'ab'))", CALL("unpack", "(sN)", "<H", PyMemoryView_FromMemory("ab", 2, PyBUF_READ)));
    show("unpack('i', 'abcd')", CALL("unpack", "(ss)", "i", "abcd"));
    show("unpack('i', 5)", CALL("unpack", "(si)", "i", 5));
    show("unpack('z', 'abcd')", CALL("unpack", "(ss)", "z", "abcd"));
    show("unpack('i')", CALL("unpack", "(s)", "i"));
    show("unpack('i', b'', 1)", CALL("unpack", "(syi)", "i", "", 1));
    show("unpack(format='i', buffer=b'abcd')", callo(mod, "unpack", kw("{s:s,s:y}", "format", "i", "buffer", "abcd"), "()"));

    /* round trips */
    show("roundtrip('<bBhHiIlLqQ?', ...)", roundtrip("<bBhHiIlLqQ?", Py_BuildValue("(iiiiiiiiLLi)", -1, 2, -3, 4, -5, 6, -7, 8, -9LL, 10LL, 1)));
    show("roundtrip('@bhiqnNP', ...)", roundtrip("@bhiqnNP", Py_BuildValue("(iiiLnni)", -1, -2, -3, -4LL, (Py_ssize_t)-5, (Py_ssize_t)6, 4096)));
    show("roundtrip('>efd', 0.1, 0.1, 0.1)", roundtrip(">efd", Py_BuildValue("(ddd)", 0.1, 0.1, 0.1)));
    show("roundtrip('e', 65519.0)", roundtrip("e", Py_BuildValue("(d)", 65519.0)));
    show("roundtrip('f', 1e-46)", roundtrip("f", Py_BuildValue("(d)", 1e-46)));
    show("roundtrip('<f', nan)", roundtrip("<f", Py_BuildValue("(d)", Py_NAN)));
    show("roundtrip('3c', b'a', b'b', b'c')", roundtrip("3c", Py_BuildValue("(yyy)", "a", "b", "c")));

    /* pack_into */
    PyObject *ba = PyByteArray_FromStringAndSize("0123456789", 10);
    show("pack_into('<h', ba, 2, 0x4142)", CALL("pack_into", "(sOii)", "<h", ba, 2, 0x4142));
    show("  ba", Py_NewRef(ba));
    show("pack_into('<h', ba, -2, 0x4443)", CALL("pack_into", "(sOii)", "<h", ba, -2, 0x4443));
    show("  ba", Py_NewRef(ba));
    show("pack_into('<h', ba, -1, 1)", CALL("pack_into", "(sOii)", "<h", ba, -1, 1));
    show("pack_into('<h', ba, -11, 1)", CALL("pack_into", "(sOii)", "<h", ba, -11, 1));
    show("pack_into('<h', ba, 9, 1)", CALL("pack_into", "(sOii)", "<h", ba, 9, 1));
    show("pack_into('<h', ba, 10, 1)", CALL("pack_into", "(sOii)", "<h", ba, 10, 1));
    show("pack_into('<h', ba, 2**70, 1)", CALL("pack_into", "(sONi)", "<h", ba, big("1180591620717411303424"), 1));
    show("pack_into('<h', ba, '1', 1)", CALL("pack_into", "(sOsi)", "<h", ba, "1", 1));
    show("pack_into('<h', ba, Idx(), 1)", CALL("pack_into", "(sOOi)", "<h", ba, idx, 1));
    show("  ba", Py_NewRef(ba));
    show("pack_into('<hh', ba, 0, 0x3030, 99999)", CALL("pack_into", "(sOiii)", "<hh", ba, 0, 0x3030, 99999));
    show("  ba (partial write stays)", Py_NewRef(ba));
    show("pack_into('<h', b'ab', 0, 1)", CALL("pack_into", "(syii)", "<h", "ab", 0, 1));
    show("pack_into('<h', 'ab', 0, 1)", CALL("pack_into", "(ssii)", "<h", "ab", 0, 1));
    show("pack_into('<h', ba, 0)", CALL("pack_into", "(sOi)", "<h", ba, 0));
    show("pack_into('<h', ba, 0, 1, 2)", CALL("pack_into", "(sOiii)", "<h", ba, 0, 1, 2));
    show("pack_into('<h', ba)", CALL("pack_into", "(sO)", "<h", ba));
    show("pack_into('<h')", CALL("pack_into", "(s)", "<h"));
    show("pack_into()", CALL("pack_into", "()"));
    show("pack_into('', ba, 10)", CALL("pack_into", "(sOi)", "", ba, 10));
    show("pack_into('', ba, 11)", CALL("pack_into", "(sOi)", "", ba, 11));
    show("pack_into('', ba, -10)", CALL("pack_into", "(sOi)", "", ba, -10));
    show("pack_into('4s', memoryview(ba)[1:], 0, b'wxyz')", CALL("pack_into", "(sNiy)", "4s", PySequence_GetSlice(PyMemoryView_FromObject(ba), 1, 10), 0, "wxyz"));
    show("  ba", Py_NewRef(ba));

    /* unpack_from */
    PyObject *data = PyBytes_FromStringAndSize("\x01\x02\x03\x04\x05\x06", 6);
    show("unpack_from('<h', data)", CALL("unpack_from", "(sO)", "<h", data));
    show("unpack_from('<h', data, 4)", CALL("unpack_from", "(sOi)", "<h", data, 4));
    show("unpack_from('<h', data, 5)", CALL("unpack_from", "(sOi)", "<h", data, 5));
    show("unpack_from('<h', data, -2)", CALL("unpack_from", "(sOi)", "<h", data, -2));
    show("unpack_from('<h', data, -1)", CALL("unpack_from", "(sOi)", "<h", data, -1));
    show("unpack_from('<h', data, -7)", CALL("unpack_from", "(sOi)", "<h", data, -7));
    show("unpack_from('<h', data, 6)", CALL("unpack_from", "(sOi)", "<h", data, 6));
    show("unpack_from('', data, 6)", CALL("unpack_from", "(sOi)", "", data, 6));
    show("unpack_from('<h', data, 1.0)", CALL("unpack_from", "(sOd)", "<h", data, 1.0));
    show("unpack_from('<h', data, 2**70)", CALL("unpack_from", "(sON)", "<h", data, big("1180591620717411303424")));
    show("unpack_from('<h', buffer=data, offset=3)", callo(mod, "unpack_from", kw("{s:O,s:i}", "buffer", data, "offset", 3), "(s)", "<h"));
    show("unpack_from('<h', data, offset=Idx())", callo(mod, "unpack_from", kw("{s:O}", "offset", idx), "(sO)", "<h", data));
    show("unpack_from('<h')", CALL("unpack_from", "(s)", "<h"));
    show("unpack_from()", CALL("unpack_from", "()"));
    show("unpack_from('<h', data, 0, 0)", CALL("unpack_from", "(sOii)", "<h", data, 0, 0));
    show("unpack_from('<h', data, bogus=1)", callo(mod, "unpack_from", kw("{s:i}", "bogus", 1), "(sO)", "<h", data));
    show("unpack_from('<h', 'ab')", CALL("unpack_from", "(ss)", "<h", "ab"));
    show("unpack_from(format='<h', buffer=data)", callo(mod, "unpack_from", kw("{s:s,s:O}", "format", "<h", "buffer", data), "()"));

    /* iter_unpack */
    show("list(iter_unpack('<h', data))", listof(CALL("iter_unpack", "(sO)", "<h", data)));
    show("list(iter_unpack('<3s', data))", listof(CALL("iter_unpack", "(sO)", "<3s", data)));
    show("iter_unpack('<i', data)", CALL("iter_unpack", "(sO)", "<i", data));
    show("iter_unpack('', data)", CALL("iter_unpack", "(sO)", "", data));
    show("iter_unpack('2x', data) (no values)", listof(CALL("iter_unpack", "(sO)", "2x", data)));
    show("iter_unpack('<h', 'abcd')", CALL("iter_unpack", "(ss)", "<h", "abcd"));
    show("iter_unpack('<h')", CALL("iter_unpack", "(s)", "<h"));
    show("list(iter_unpack('<h', b''))", listof(CALL("iter_unpack", "(sy)", "<h", "")));
    PyObject *it = CALL("iter_unpack", "(sO)", "<h", data);
    show("type(iterator)", it ? Py_NewRef((PyObject *)Py_TYPE(it)) : NULL);
    show("__length_hint__() at start", it ? callo(it, "__length_hint__", NULL, "()") : NULL);
    show("next()", it ? PyIter_Next(it) : NULL);
    show("__length_hint__() after one", it ? callo(it, "__length_hint__", NULL, "()") : NULL);
    show("iter(it) is it", it ? PyBool_FromLong(PyObject_GetIter(it) == it) : NULL);
    if (it)
        Py_DECREF(it);
    show("next()", it ? PyIter_Next(it) : NULL);
    show("next()", it ? PyIter_Next(it) : NULL);
    show("next() exhausted (NULL, no error)", it ? PyBool_FromLong(PyIter_Next(it) == NULL && !PyErr_Occurred()) : NULL);
    show("__length_hint__() at end", it ? callo(it, "__length_hint__", NULL, "()") : NULL);
    show("type(iterator)()", it ? PyObject_CallNoArgs((PyObject *)Py_TYPE(it)) : NULL);
    Py_XDECREF(it);
    PyObject *ba2 = PyByteArray_FromStringAndSize("abcd", 4);
    it = CALL("iter_unpack", "(sO)", "<h", ba2);
    show("bytearray resize while iterating", PyByteArray_Resize(ba2, 10) < 0 ? NULL : Py_NewRef(ba2));
    show("next() from bytearray", it ? PyIter_Next(it) : NULL);
    Py_XDECREF(it);
    Py_DECREF(ba2);

    /* Struct */
    PyObject *S = CALL("Struct", "(s)", "<hi3s");
    show("Struct('<hi3s')", S ? Py_NewRef((PyObject *)Py_TYPE(S)) : NULL);
    show("  .format", S ? PyObject_GetAttrString(S, "format") : NULL);
    show("  .size", S ? PyObject_GetAttrString(S, "size") : NULL);
    show("  .pack(1, 2, b'abc')", S ? callo(S, "pack", NULL, "(iiy)", 1, 2, "abc") : NULL);
    show("  .pack(1, 2)", S ? callo(S, "pack", NULL, "(ii)", 1, 2) : NULL);
    show("  .unpack(9 bytes)", S ? callo(S, "unpack", NULL, "(y)", "\x01\x00\x02\x00\x00\x00xyz") : NULL);
    show("  .unpack(b'')", S ? callo(S, "unpack", NULL, "(y)", "") : NULL);
    show("  .unpack_from(data+pad, 0)", S ? callo(S, "unpack_from", NULL, "(yi)", "\x01\x00\x02\x00\x00\x00xyz!", 1) : NULL);
    show("  .unpack_from(buffer=..., offset=-9)", S ? callo(S, "unpack_from", kw("{s:y,s:i}", "buffer", "\x01\x00\x02\x00\x00\x00xyz!", "offset", -9), "()") : NULL);
    show("  .unpack_from()", S ? callo(S, "unpack_from", NULL, "()") : NULL);
    show("  .iter_unpack(18 bytes)", S ? listof(callo(S, "iter_unpack", NULL, "(y#)", "\x01\x00\x02\x00\x00\x00xyz\x01\x00\x02\x00\x00\x00xyz", (Py_ssize_t)18)) : NULL);
    show("  .pack_into(bytearray(10), 1, 1, 2, b'z')", S ? callo(S, "pack_into", NULL, "(Niiiy)", PyByteArray_FromStringAndSize("\0\0\0\0\0\0\0\0\0\0", 10), 1, 1, 2, "z") : NULL);
    show("  .__sizeof__() - object base", S ? PyLong_FromSsize_t(PyLong_AsSsize_t(callo(S, "__sizeof__", NULL, "()")) - Py_TYPE(S)->tp_basicsize) : NULL);
    show("  __init__('>q') again", S ? callo(S, "__init__", NULL, "(s)", ">q") : NULL);
    show("  .format after __init__", S ? PyObject_GetAttrString(S, "format") : NULL);
    show("  .size after __init__", S ? PyObject_GetAttrString(S, "size") : NULL);
    show("  .size = 3", S ? (PyObject_SetAttrString(S, "size", Py_None) < 0 ? NULL : Py_NewRef(Py_None)) : NULL);
    Py_XDECREF(S);
    show("Struct(b'3i').format", callo(mod, "Struct", NULL, "(y)", "3i") ? PyObject_GetAttrString(callo(mod, "Struct", NULL, "(y)", "3i"), "format") : NULL);
    show("Struct(format='H').size", PyObject_GetAttrString(callo(mod, "Struct", kw("{s:s}", "format", "H"), "()"), "size"));
    show("Struct()", CALL("Struct", "()"));
    show("Struct(1)", CALL("Struct", "(i)", 1));
    show("Struct('i', 'h')", CALL("Struct", "(ss)", "i", "h"));
    show("Struct('qq').size", PyObject_GetAttrString(callo(mod, "Struct", NULL, "(s)", "qq"), "size"));
    show("unpack_from('<i', b'ab', -3)", CALL("unpack_from", "(syi)", "<i", "ab", -3));
    show("unpack_from('<h', b'ab', -3)", CALL("unpack_from", "(syi)", "<h", "ab", -3));
    show("pack_into('<i', bytearray(2), -3, 1)", CALL("pack_into", "(sNii)", "<i", PyByteArray_FromStringAndSize("ab", 2), -3, 1));
    show("pack_into('<h', bytearray(2), -3, 1)", CALL("pack_into", "(sNii)", "<h", PyByteArray_FromStringAndSize("ab", 2), -3, 1));
    show("Struct('y')", CALL("Struct", "(s)", "y"));
    show("Struct('\\u00ff')", CALL("Struct", "(s)", "\xc3\xbf"));
    show("Struct(b'\\xff')", CALL("Struct", "(y)", "\xff"));
    show("Struct(bytearray(b'i'))", CALL("Struct", "(N)", PyByteArray_FromStringAndSize("i", 1)));
    show("Struct('') sizes", PyObject_GetAttrString(callo(mod, "Struct", NULL, "(s)", ""), "size"));
    S = CALL("Struct", "(s)", "3i");
    show("Struct('3i').__sizeof__() - base", S ? PyLong_FromSsize_t(PyLong_AsSsize_t(callo(S, "__sizeof__", NULL, "()")) - Py_TYPE(S)->tp_basicsize) : NULL);
    show("Struct('3i').pack(1, 2, 3)", S ? callo(S, "pack", NULL, "(iii)", 1, 2, 3) : NULL);
    Py_XDECREF(S);
    S = CALL("Struct", "(s)", "bxx2sx3phi");
    show("Struct('bxx2sx3phi').__sizeof__() - base", S ? PyLong_FromSsize_t(PyLong_AsSsize_t(callo(S, "__sizeof__", NULL, "()")) - Py_TYPE(S)->tp_basicsize) : NULL);
    show("Struct('bxx2sx3phi').size", S ? PyObject_GetAttrString(S, "size") : NULL);
    Py_XDECREF(S);

    /* non-contiguous buffers */
    PyObject *mv = PyMemoryView_FromObject(data);
    PyObject *step = PySlice_New(NULL, NULL, PyLong_FromLong(2));
    PyObject *strided = (mv && step) ? PyObject_GetItem(mv, step) : NULL;
    show("unpack('3s', memoryview(data)[::2])", CALL("unpack", "(sO)", "3s", strided));
    show("unpack_from('3s', memoryview(data)[::2])", CALL("unpack_from", "(sO)", "3s", strided));
    show("iter_unpack('3s', memoryview(data)[::2])", CALL("iter_unpack", "(sO)", "3s", strided));
    S = CALL("Struct", "(s)", "3s");
    show("Struct('3s').unpack(memoryview(data)[::2])", S ? callo(S, "unpack", NULL, "(O)", strided) : NULL);
    show("Struct('3s').unpack_from(memoryview(data)[::2])", S ? callo(S, "unpack_from", NULL, "(O)", strided) : NULL);
    /* a failed re-initialisation keeps the old layout, the new format */
    show("Struct('3s').__init__('zz')", S ? callo(S, "__init__", NULL, "(s)", "zz") : NULL);
    show("  .format after failed __init__", S ? PyObject_GetAttrString(S, "format") : NULL);
    show("  .size after failed __init__", S ? PyObject_GetAttrString(S, "size") : NULL);
    show("  .pack(b'abc') after failed __init__", S ? callo(S, "pack", NULL, "(y)", "abc") : NULL);
    Py_XDECREF(S);
    Py_XDECREF(strided);
    Py_XDECREF(step);
    Py_XDECREF(mv);
    /* a subclass made from C */
    {
        PyObject *base = PyObject_GetAttrString(mod, "Struct");
        PyType_Slot slots[] = {{0, NULL}};
        PyType_Spec spec = {"structtest.Sub", 0, 0, Py_TPFLAGS_DEFAULT, slots};
        PyObject *bases = base ? PyTuple_Pack(1, base) : NULL;
        PyObject *Sub = bases ? PyType_FromSpecWithBases(&spec, bases) : NULL;
        show("subclass of Struct", Sub ? Py_NewRef(Sub) : NULL);
        PyObject *o = Sub ? PyObject_CallFunction(Sub, "s", "<H") : NULL;
        show("Sub('<H').pack(258)", o ? callo(o, "pack", NULL, "(i)", 258) : NULL);
        show("Sub('<H').size", o ? PyObject_GetAttrString(o, "size") : NULL);
        show("isinstance(Sub('<H'), Struct)", o && base ? PyBool_FromLong(PyObject_IsInstance(o, base)) : NULL);
        Py_XDECREF(o);
        Py_XDECREF(Sub);
        Py_XDECREF(bases);
        Py_XDECREF(base);
    }

    /* refcounts */
    PyObject *payload = PyBytes_FromStringAndSize("hello world", 11);
    Py_ssize_t before = Py_REFCNT(payload);
    PyObject *r = CALL("pack", "(sO)", "11s", payload);
    Py_XDECREF(r);
    r = CALL("unpack", "(sO)", "11s", payload);
    Py_XDECREF(r);
    r = CALL("unpack_from", "(sOi)", "5s", payload, 6);
    Py_XDECREF(r);
    it = CALL("iter_unpack", "(sO)", "11s", payload);
    Py_XDECREF(it);
    show("payload refcount unchanged", PyBool_FromLong(Py_REFCNT(payload) == before));
    Py_DECREF(payload);
    PyObject *fmt = PyUnicode_FromString("<7h");
    r = CALL("calcsize", "(O)", fmt);
    Py_XDECREF(r);
    before = Py_REFCNT(fmt);
    for (int i = 0; i < 5; i++) {
        r = CALL("calcsize", "(O)", fmt);
        Py_XDECREF(r);
    }
    show("format refcount steady across cached calls", PyBool_FromLong(Py_REFCNT(fmt) == before));
    show("_clearcache() again", CALL("_clearcache", "()"));
    show("calcsize after _clearcache", CALL("calcsize", "(O)", fmt));
    Py_DECREF(fmt);
    before = Py_REFCNT(ba);
    r = CALL("pack_into", "(sOii)", "<h", ba, 0, 1);
    Py_XDECREF(r);
    r = CALL("pack_into", "(sOii)", "<h", ba, 0, 999999);
    Py_XDECREF(r);
    PyErr_Clear();
    show("bytearray refcount unchanged after pack_into", PyBool_FromLong(Py_REFCNT(ba) == before));
    show("bytearray resizable after pack_into", PyByteArray_Resize(ba, 3) < 0 ? NULL : Py_NewRef(ba));

    Py_DECREF(data);
    Py_DECREF(ba);
    Py_DECREF(idx);
    Py_DECREF(bad);
    Py_DECREF(IndexT);
    Py_DECREF(BadT);
    Py_DECREF(err);
    Py_XDECREF(cmod);
    Py_DECREF(mod);
    return 0;
}
