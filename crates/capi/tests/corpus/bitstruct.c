/* bitstruct 8.24.0's `bitstruct.c`: struct-like packing at bit granularity
 * (u/s ints up to 64 bits, f16/f32/f64 floats through PyFloat_Pack2 and
 * PyFloat_Unpack2, bools, raw bytes and text), over the dict, list, tuple,
 * int, float and str API; two static types with tp_new/tp_init/tp_alloc
 * (CompiledFormat and CompiledFormatDict) with copy and pickle state
 * methods; writable buffers for pack_into ("w*").
 *
 * Vectors: tests/test_c.py (test_pack, test_unpack, test_pack_unpack,
 * test_calcsize, test_compiled_*, test_byteswap, test_pack_into,
 * test_unpack_from, test_pack_unpack_raw, test_*_dict, test_compile*,
 * test_various, test_copy*, test_pickle* via __getstate__/__setstate__);
 * the messages its tests only match by type are recorded.
 */
#include "corpus.h"

/* The result's repr() is `text` (tuples, dicts, floats). */
static void expect_repr(PyObject *r, const char *text, const char *what)
{
    int ok = succeeded(r);
    if (ok) {
        PyObject *s = PyObject_Repr(r);
        const char *got = s ? PyUnicode_AsUTF8(s) : NULL;
        if (got == NULL || strcmp(got, text) != 0) {
            diag("result is %s, expected %s; ", got ? got : "?", text);
            PyErr_Clear();
            ok = 0;
        }
        Py_XDECREF(s);
    }
    ok &= settle(0);
    tap(ok, what);
}

/* The bytearray `ba` now holds data[:len]. */
static void expect_contents(PyObject *ba, const char *data, Py_ssize_t len, const char *what)
{
    int ok = bytes_equal(ba, &PyByteArray_Type, data, len);
    tap(ok, what);
}

/* A compiled format keeps its format string (the first argument): while
   it lives, that count is one higher. keep() checks the call with that
   allowance; this ends it. */
#define compiled(expr) (args_leaked_by_extension = 1, compiled_end(expr))
static PyObject *compiled_end(PyObject *cf)
{
    args_leaked_by_extension = 0;
    return cf;
}

/* What unpickling starts from: a new instance of obj's type made by its
   tp_new (copyreg's cls.__new__(cls)), before __setstate__. */
static PyObject *blank_like(PyObject *obj)
{
    PyObject *args = PyTuple_New(0);
    PyObject *fresh = Py_TYPE(obj)->tp_new(Py_TYPE(obj), args, NULL);
    Py_DECREF(args);
    if (fresh == NULL)
        bail("%s's tp_new failed", Py_TYPE(obj)->tp_name);
    return fresh;
}

static PyObject *fields_dict(void)
{
    return Py_BuildValue("{s:i,s:i,s:i,s:i,s:i}", "foo", 0, "bar", 0, "fie", -2, "fum", 65, "fam", 22);
}

static PyObject *fields_names(void)
{
    return Py_BuildValue("[sssss]", "foo", "bar", "fie", "fum", "fam");
}

static const char FIELDS_REPR[] = "{'foo': 0, 'bar': 0, 'fie': -2, 'fum': 65, 'fam': 22}";

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *pack = attr(module, "pack"), *unpack = attr(module, "unpack");

    /* test_pack */
    expect_bytes(call(pack, NULL, "(siiiii)", "u1u1s6u7u9", 0, 0, -2, 65, 22), "\x3e\x82\x16", 3,
                 "pack('u1u1s6u7u9', 0, 0, -2, 65, 22)");
    expect_bytes(call(pack, NULL, "(si)", "u1", 1), "\x80", 1, "pack('u1', 1)");
    expect_bytes(call(pack, NULL, "(siiii)", "p1u1s6u7u9", 0, -2, 65, 22), "\x3e\x82\x16", 3, "pack('p1u1s6u7u9', ...)");
    expect_bytes(call(pack, NULL, "(siiii)", "P1u1s6u7u9", 0, -2, 65, 22), "\xbe\x82\x16", 3, "pack('P1u1s6u7u9', ...)");
    expect_bytes(call(pack, NULL, "(siii)", "p1u1s6p7u9", 0, -2, 22), "\x3e\x00\x16", 3, "pack('p1u1s6p7u9', ...)");
    expect_bytes(call(pack, NULL, "(sO)", "b1", Py_True), "\x80", 1, "pack('b1', True)");
    expect_bytes(call(pack, NULL, "(sOO)", "b1p6b1", Py_True, Py_True), "\x81", 1, "pack('b1p6b1', True, True)");
    expect_bytes(call(pack, NULL, "(sOO)", "b1P6b1", Py_True, Py_True), "\xff", 1, "pack('b1P6b1', True, True)");
    expect_bytes(call(pack, NULL, "(siOi)", "u5b2u1", 31, Py_False, 1), "\xf9", 1, "pack('u5b2u1', 31, False, 1)");
    expect_bytes(call(pack, NULL, "(sOs)", "b1t24", Py_False, "Hi!"), "$4\x90\x80", 4, "pack('b1t24', False, 'Hi!')");
    expect_bytes(call(pack, NULL, "(sd)", "f16", 1.0), "\x3c\x00", 2, "pack('f16', 1.0)");
    expect_bytes(call(pack, NULL, "(sd)", "f32", 1.0), "\x3f\x80\x00\x00", 4, "pack('f32', 1.0)");
    expect_bytes(call(pack, NULL, "(sd)", "f64", 1.0), "\x3f\xf0\x00\x00\x00\x00\x00\x00", 8, "pack('f64', 1.0)");
    expect_bytes(call(pack, NULL, "(sd)", "f16", -65504.0), "\xfb\xff", 2, "pack('f16', -65504.0)");
    expect_bytes(call(pack, NULL, "(sid)", "u1f16", 1, 0.5), "\x9c\x00\x00", 3, "pack('u1f16', 1, 0.5) (unaligned)");
    record(call(pack, NULL, "(sd)", "f16", 1e6), "pack('f16', 1e6) (OverflowError from PyFloat_Pack2)");
    record(call(pack, NULL, "(si)", "f16", 3), "pack('f16', 3) (an int)");
    char sevens[1000];
    memset(sevens, '7', sizeof sevens);
    PyObject *text = PyUnicode_FromStringAndSize(sevens, 1000);
    expect_bytes(call(pack, NULL, "(sO)", "t8000", text), sevens, 1000, "pack('t8000', '7' * 1000)");
    Py_DECREF(text);
    expect_error(call(pack, NULL, "(sK)", "u77", 0x1000000000ULL), PyExc_NotImplementedError, NULL,
                 "pack('u77', ...) raises NotImplementedError");

    /* test_unpack */
    expect_repr(call(unpack, NULL, "(sy)", "u1u1s6u7u9", "\x3e\x82\x16"), "(0, 0, -2, 65, 22)",
                "unpack('u1u1s6u7u9', b'\\x3e\\x82\\x16')");
    expect_repr(call(unpack, NULL, "(sy)", "u1", "\x80"), "(1,)", "unpack('u1', b'\\x80')");
    expect_repr(call(unpack, NULL, "(sy)", "P1u1s6u7u9", "\xbe\x82\x16"), "(0, -2, 65, 22)", "unpack('P1u1s6u7u9', ...)");
    expect_repr(call(unpack, NULL, "(sy)", "p1u1s6p7u9", "\x3e\x82\x16"), "(0, -2, 22)", "unpack('p1u1s6p7u9', ...)");
    expect_repr(call(unpack, NULL, "(sy)", "b1p6b1", "\x80"), "(True, False)", "unpack('b1p6b1', b'\\x80')");
    expect_repr(call(unpack, NULL, "(sy)", "u5b2u1", "\x06"), "(0, True, 0)", "unpack('u5b2u1', b'\\x06')");
    expect_repr(call(unpack, NULL, "(sy)", "b1t24", "$4\x90\x80"), "(False, 'Hi!')", "unpack('b1t24', ...)");
    expect_repr(call(unpack, NULL, "(sy#)", "f16", "\x3c\x00", (Py_ssize_t)2), "(1.0,)", "unpack('f16', b'\\x3c\\x00')");
    expect_repr(call(unpack, NULL, "(sy#)", "f16", "\x7c\x00", (Py_ssize_t)2), "(inf,)", "unpack('f16', inf)");
    expect_repr(call(unpack, NULL, "(sy#)", "f16", "\x00\x01", (Py_ssize_t)2), "(5.960464477539063e-08,)",
                "unpack('f16', smallest subnormal)");
    expect_repr(call(unpack, NULL, "(sy#)", "f32", "\x3f\x80\x00\x00", (Py_ssize_t)4), "(1.0,)", "unpack('f32', 1.0)");
    expect_repr(call(unpack, NULL, "(sy#)", "f64", "\x3f\xf0\x00\x00\x00\x00\x00\x00", (Py_ssize_t)8), "(1.0,)",
                "unpack('f64', 1.0)");
    expect_error(call(unpack, NULL, "(sy)", "u9", "\x00"), PyExc_ValueError, "Short data.", "unpack('u9', b'\\x00')");
    expect_repr(call(unpack, kw_dict("{s:O}", "allow_truncated", Py_True), "(sy)", "u4u5", "\x5f"), "(5,)",
                "unpack('u4u5', b'\\x5f', allow_truncated=True)");
    expect_repr(call(unpack, kw_dict("{s:O}", "allow_truncated", Py_True), "(sy#)", "p8u4u5", "\x00\x5f", (Py_ssize_t)2),
                "(5,)", "unpack('p8u4u5', b'\\x00\\x5f', allow_truncated=True)");
    PyObject *ba = PyByteArray_FromStringAndSize("\x3e\x82\x16", 3);
    expect_repr(call(unpack, NULL, "(sO)", "u1u1s6u7u9", ba), "(0, 0, -2, 65, 22)", "unpack(fmt, bytearray(...))");
    Py_DECREF(ba);
    expect_repr(call(unpack, NULL, "(sy)", "r24", "1234"), "(b'123',)", "unpack('r24', b'1234')");
    expect_bytes(call(pack, NULL, "(sy)", "r24", "1234"), "123", 3, "pack('r24', b'1234')");

    /* test_calcsize, test_byteswap */
    PyObject *calcsize = attr(module, "calcsize");
    expect_int(call(calcsize, NULL, "(s)", "u1u1s6u7u9"), "24", "calcsize('u1u1s6u7u9')");
    expect_int(call(calcsize, NULL, "(s)", "b1s6u7u9P1t8"), "32", "calcsize('b1s6u7u9P1t8')");
    char longfmt[256] = "";
    for (int i = 0; i < 20; i++)
        strcat(longfmt, "p214748369");
    expect_error(call(calcsize, NULL, "(s)", longfmt), PyExc_ValueError, "Format too long.",
                 "calcsize('p214748369' * 20)");
    Py_DECREF(calcsize);
    PyObject *byteswap = attr(module, "byteswap");
    expect_bytes(call(byteswap, NULL, "(sy)", "12142", "\x01\x03\x02\x04\x08\x07\x06\x05\x0a\x09"),
                 "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a", 10, "byteswap('12142', ...)");
    expect_error(call(byteswap, NULL, "(sy)", "11", "\x01"), PyExc_ValueError, "Out of data to swap.",
                 "byteswap('11', b'\\x00')");
    expect_error(call(byteswap, NULL, "(sy)", "3", "\x01"), PyExc_ValueError, "Expected 1, 2, 4 or 8, but got 3.",
                 "byteswap('3', b'\\x00')");
    record(call(byteswap, NULL, "(Oy)", Py_None, "\x01"), "byteswap(None, b'\\x00')");
    Py_DECREF(byteswap);

    /* test_pack_into, test_unpack_from */
    PyObject *pack_into = attr(module, "pack_into");
    ba = PyByteArray_FromStringAndSize(NULL, 3);
    memset(PyByteArray_AS_STRING(ba), 0, 3);
    expect_is(call(pack_into, NULL, "(sOiiiiii)", "u1u1s6u7u9", ba, 0, 0, 0, -2, 65, 22), Py_None,
              "pack_into('u1u1s6u7u9', bytearray(3), 0, ...)");
    expect_contents(ba, "\x3e\x82\x16", 3, "pack_into wrote b'\\x3e\\x82\\x16'");
    memset(PyByteArray_AS_STRING(ba), 0xff, 3);
    expect_is(call(pack_into, kw_dict("{s:O}", "fill_padding", Py_True), "(sOiiii)", "p4u4p4u4p4u4", ba, 0, 1, 2, 3),
              Py_None, "pack_into('p4u4p4u4p4u4', ..., fill_padding=True)");
    expect_contents(ba, "\x01\x02\x03", 3, "fill_padding=True cleared the padding");
    memset(PyByteArray_AS_STRING(ba), 0xff, 3);
    expect_is(call(pack_into, kw_dict("{s:O}", "fill_padding", Py_False), "(sOiiii)", "p4u4p4u4p4u4", ba, 0, 1, 2, 3),
              Py_None, "pack_into('p4u4p4u4p4u4', ..., fill_padding=False)");
    /* test_pack_into expects an AssertionError here: the padding is not
       kept. What it holds instead is recorded. */
    record_value(ba, "fill_padding=False: the buffer after");
    expect_error(call(pack_into, NULL, "(sOii)", "u25", ba, 0, 1), PyExc_ValueError,
                 "pack_into requires a buffer of at least 25 bits", "pack_into('u25', bytearray(3), 0, 1)");
    memset(PyByteArray_AS_STRING(ba), 0xff, 3);
    expect_is(call(pack_into, NULL, "(sOii)", "u1", ba, 15, 0), Py_None, "pack_into('u1', buf, 15, 0)");
    expect_contents(ba, "\xff\xfe\xff", 3, "pack_into at bit offset 15");
    expect_error(call(pack_into, NULL, "(sOLi)", "u1", ba, 0x80000000LL, 1), PyExc_ValueError,
                 "Offset must be less or equal to *", "pack_into('u1', buf, 0x80000000, 1)");
    expect_error(call(pack_into, NULL, "(syii)", "u1", "\x00", 0, 0), PyExc_TypeError, NULL,
                 "pack_into('u1', b'\\x00', 0, 0) (read-only) raises TypeError");
    record(call(pack_into, NULL, "(syii)", "u1", "\x00", 0, 0), "pack_into into bytes: the message");
    Py_DECREF(pack_into);
    PyObject *unpack_from = attr(module, "unpack_from");
    expect_repr(call(unpack_from, NULL, "(syi)", "u1u1s6u7u9", "\x1f\x41\x0b\x01", 1), "(0, 0, -2, 65, 22)",
                "unpack_from('u1u1s6u7u9', ..., 1)");
    expect_repr(call(unpack_from, NULL, "(syi)", "u1", "\x08", 4), "(1,)", "unpack_from('u1', b'\\x08', 4)");
    expect_error(call(unpack_from, NULL, "(syi)", "u1", "\xff", 8), PyExc_ValueError, NULL,
                 "unpack_from('u1', b'\\xff', 8) raises ValueError");
    record(call(unpack_from, NULL, "(syi)", "u1", "\xff", 8), "unpack_from past the end: the message");
    record(call(unpack_from, NULL, "(syO)", "u1", "\xff", Py_None), "unpack_from('u1', b'\\xff', None)");
    record(call(unpack_from, kw_dict("{s:i}", "offset", 4), "(sy)", "u1", "\x08"), "unpack_from(..., offset=4)");
    Py_DECREF(unpack_from);

    /* Dicts: test_pack_unpack_dict, test_pack_into_unpack_from_dict */
    PyObject *names = fields_names(), *fields = fields_dict();
    PyObject *pack_dict = attr(module, "pack_dict"), *unpack_dict = attr(module, "unpack_dict");
    expect_bytes(call(pack_dict, NULL, "(sOO)", "u1u1s6u7u9", names, fields), "\x3e\x82\x16", 3,
                 "pack_dict('u1u1s6u7u9', names, fields)");
    expect_repr(call(unpack_dict, NULL, "(sOy)", "u1u1s6u7u9", names, "\x3e\x82\x16"), FIELDS_REPR,
                "unpack_dict('u1u1s6u7u9', names, packed)");
    record(call(pack_dict, NULL, "(s[s]{s:i})", "u1u1", "foo", "foo", 1), "pack_dict with fewer names than fields");
    record(call(pack_dict, NULL, "(s[s]{})", "u1", "foo"), "pack_dict with a missing value (KeyError)");
    record(call(unpack_dict, NULL, "(s[s]y)", "u1", "foo", ""), "unpack_dict('u1', ['foo'], b'')");
    expect_error(call(pack_dict, NULL, "(sO{s:i})", "u1", Py_None, "a", 1), PyExc_TypeError, "Names is not a list.",
                 "pack_dict('u1', None, ...)");
    PyObject *pack_into_dict = attr(module, "pack_into_dict");
    ba = PyByteArray_FromStringAndSize("\0\0\0", 3);
    expect_is(call(pack_into_dict, NULL, "(sOOiO)", "u1u1s6u7u9", names, ba, 0, fields), Py_None,
              "pack_into_dict(fmt, names, bytearray(3), 0, fields)");
    expect_contents(ba, "\x3e\x82\x16", 3, "pack_into_dict wrote the fields");
    Py_DECREF(ba);
    Py_DECREF(pack_into_dict);
    PyObject *unpack_from_dict = attr(module, "unpack_from_dict");
    expect_repr(call(unpack_from_dict, NULL, "(sOy)", "u1u1s6u7u9", names, "\x3e\x82\x16"), FIELDS_REPR,
                "unpack_from_dict(fmt, names, packed)");
    Py_DECREF(unpack_from_dict);
    Py_DECREF(pack_dict);
    Py_DECREF(unpack_dict);

    /* test_various: errors. */
    expect_error(call(pack, NULL, "(ss)", "t16", "1"), PyExc_NotImplementedError, "Short text.", "pack('t16', '1')");
    expect_error(call(pack, NULL, "(sd)", "f1", 1.0), PyExc_NotImplementedError, "Float not 16, 32 or 64 bits.",
                 "pack('f1', 1.0)");
    expect_error(call(pack, NULL, "(sO)", "b65", Py_True), PyExc_NotImplementedError, "Bool over 64 bits.",
                 "pack('b65', True)");
    expect_error(call(pack, NULL, "(ss)", "t1", ""), PyExc_NotImplementedError, "Text not multiple of 8 bits.",
                 "pack('t1', '')");
    expect_error(call(pack, NULL, "(ss)", "x1", ""), PyExc_ValueError, "Bad format field type 'x'.", "pack('x1', '')");
    expect_error(call(pack, NULL, "(si)", "u1u1", 1), PyExc_ValueError, "Too few arguments.", "pack('u1u1', 1)");
    expect_error(call(pack, NULL, "()"), PyExc_ValueError, "No format string.", "pack()");
    expect_error(call(unpack, NULL, "(sy)", "u1", ""), PyExc_ValueError, "Short data.", "unpack('u1', b'')");
    expect_error(call(pack, NULL, "(sO)", "b0", Py_None), PyExc_ValueError, "Field of size 0.", "pack('b0', None)");
    expect_bytes(call(pack, NULL, "(sO)", "b8", Py_None), "\x00", 1, "pack('b8', None) (anything is a bool)");
    expect_bytes(call(pack, NULL, "(si)", "u1p1", 1), "\x80", 1, "pack('u1p1', 1)");
    record(call(pack, NULL, "(si)", "u89999888888888888888899", 1), "pack('u89999888888888888888899', 1)");
    record(call(pack, NULL, "(Oi)", Py_None, 1), "pack(None, 1)");
    static const struct {
        const char *fmt, *value, *what;
    } RANGES[] = {
        {"s64", "9223372036854775808", "pack('s64', 1 << 63)"},
        {"s64", "-9223372036854775809", "pack('s64', -(1 << 63) - 1)"},
        {"u64", "18446744073709551616", "pack('u64', 1 << 64)"},
        {"u64", "-1", "pack('u64', -1)"},
        {"u1", "2", "pack('u1', 2)"},
        {"s1", "1", "pack('s1', 1)"},
        {"s1", "-2", "pack('s1', -2)"},
        {"s2", "2", "pack('s2', 2)"},
    };
    for (size_t i = 0; i < sizeof RANGES / sizeof RANGES[0]; i++) {
        PyObject *v = PyLong_FromString(RANGES[i].value, NULL, 10);
        record(call(pack, NULL, "(sO)", RANGES[i].fmt, v), RANGES[i].what);
        Py_DECREF(v);
    }
    expect_bytes(call(pack, NULL, "(sL)", "s64", -(1LL << 62) * 2), "\x80\0\0\0\0\0\0\0", 8, "pack('s64', -(1 << 63))");
    expect_bytes(call(pack, NULL, "(sK)", "u64", 0xFFFFFFFFFFFFFFFFULL), "\xff\xff\xff\xff\xff\xff\xff\xff", 8,
                 "pack('u64', 2**64 - 1)");
    static const char *const BAD_VALUES[] = {"s1", "u1", "f32", "r8", "t8"};
    for (size_t i = 0; i < sizeof BAD_VALUES / sizeof BAD_VALUES[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "pack('%s', None)", BAD_VALUES[i]);
        record(call(pack, NULL, "(sO)", BAD_VALUES[i], Py_None), what);
    }

    /* CompiledFormat: test_compile*, test_copy, test_pickle. */
    PyObject *compile = attr(module, "compile");
    PyObject *cf = compiled(keep(call(compile, NULL, "(s)", "u1u1s6u7u9"), "compile('u1u1s6u7u9')"));
    record_value((PyObject *)Py_TYPE(cf), "type(compile('u1u1s6u7u9'))");
    expect_bytes(call_attr(cf, "pack", NULL, "(iiiii)", 0, 0, -2, 65, 22), "\x3e\x82\x16", 3, "cf.pack(0, 0, -2, 65, 22)");
    expect_repr(call_attr(cf, "unpack", NULL, "(y)", "\x3e\x82\x16"), "(0, 0, -2, 65, 22)", "cf.unpack(packed)");
    expect_int(call_attr(cf, "calcsize", NULL, "()"), "24", "cf.calcsize()");
    PyObject *copy = keep(call_attr(cf, "__copy__", NULL, "()"), "cf.__copy__()");
    expect_bytes(call_attr(copy, "pack", NULL, "(iiiii)", 0, 0, -2, 65, 22), "\x3e\x82\x16", 3, "copy.pack(...)");
    Py_DECREF(copy);
    PyObject *memo = PyDict_New();
    copy = keep(call_attr(cf, "__deepcopy__", NULL, "(O)", memo), "cf.__deepcopy__({})");
    expect_repr(call_attr(copy, "unpack", NULL, "(y)", "\x3e\x82\x16"), "(0, 0, -2, 65, 22)", "deepcopy.unpack(...)");
    Py_DECREF(copy);
    Py_DECREF(memo);
    PyObject *state = keep(call_attr(cf, "__getstate__", NULL, "()"), "cf.__getstate__()");
    record_value(state, "cf.__getstate__() value");
    PyObject *fresh = blank_like(cf);
    expect_is(call_attr(fresh, "__setstate__", NULL, "(O)", state), Py_None, "fresh.__setstate__(state)");
    expect_bytes(call_attr(fresh, "pack", NULL, "(iiiii)", 0, 0, -2, 65, 22), "\x3e\x82\x16", 3,
                 "unpickled.pack(...)");
    Py_DECREF(fresh);
    Py_DECREF(state);
    PyObject *cf2 = compiled(keep(call(compile, NULL, "(s)", "u2"), "compile('u2')"));
    ba = PyByteArray_FromStringAndSize("\0\0", 2);
    expect_is(call_attr(cf2, "pack_into", NULL, "(Oii)", ba, 7, 3), Py_None, "cf.pack_into(bytearray(2), 7, 3)");
    expect_contents(ba, "\x01\x80", 2, "cf.pack_into wrote b'\\x01\\x80'");
    Py_DECREF(ba);
    Py_DECREF(cf2);
    cf2 = compiled(keep(call(compile, NULL, "(s)", "u1"), "compile('u1')"));
    expect_repr(call_attr(cf2, "unpack_from", NULL, "(yi)", "\x40", 1), "(1,)", "cf.unpack_from(b'\\x40', 1)");
    Py_DECREF(cf2);
    /* The type itself: CompiledFormat(fmt). */
    PyObject *type = attr(module, "CompiledFormat");
    cf2 = compiled(keep(call(type, NULL, "(s)", "u1s2p3"), "CompiledFormat('u1s2p3')"));
    expect_bytes(call_attr(cf2, "pack", NULL, "(ii)", 1, -1), "\xe0", 1, "CompiledFormat('u1s2p3').pack(1, -1)");
    Py_DECREF(cf2);
    Py_DECREF(type);
    Py_DECREF(cf);
    expect_error(call(compile, NULL, "(s)", "x1"), PyExc_ValueError, "Bad format field type 'x'.", "compile('x1')");
    expect_error(call(compile, NULL, "(si)", "u1", 1), PyExc_TypeError, "Names is not a list.", "compile('u1', 1)");
    record(call(compile, NULL, "()"), "compile()");
    cf = compiled(keep(call(compile, NULL, "(s)", " u1     s2 p3 "), "compile(' u1     s2 p3 ') (whitespace)"));
    Py_DECREF(cf);

    /* CompiledFormatDict. */
    /* It keeps the names list too, so this call is checked by hand. */
    Py_ssize_t names_refcnt = Py_REFCNT(names);
    cf = PyObject_CallFunction(compile, "sO", "u1u1s6u7u9", names);
    if (cf == NULL)
        bail("compile('u1u1s6u7u9', names) failed");
    expect_true(Py_REFCNT(names) == names_refcnt + 1, "compile('u1u1s6u7u9', names) keeps the names list");
    record_value((PyObject *)Py_TYPE(cf), "type(compile(fmt, names))");
    expect_bytes(call_attr(cf, "pack", NULL, "(O)", fields), "\x3e\x82\x16", 3, "cfd.pack(fields)");
    expect_repr(call_attr(cf, "unpack", NULL, "(y)", "\x3e\x82\x16"), FIELDS_REPR, "cfd.unpack(packed)");
    expect_int(call_attr(cf, "calcsize", NULL, "()"), "24", "cfd.calcsize()");
    ba = PyByteArray_FromStringAndSize("\0\0\0", 3);
    expect_is(call_attr(cf, "pack_into", NULL, "(OiO)", ba, 0, fields), Py_None, "cfd.pack_into(bytearray(3), 0, fields)");
    expect_contents(ba, "\x3e\x82\x16", 3, "cfd.pack_into wrote the fields");
    Py_DECREF(ba);
    expect_repr(call_attr(cf, "unpack_from", NULL, "(y)", "\x3e\x82\x16"), FIELDS_REPR, "cfd.unpack_from(packed)");
    state = keep(call_attr(cf, "__getstate__", NULL, "()"), "cfd.__getstate__()");
    record_value(state, "cfd.__getstate__() value");
    fresh = blank_like(cf);
    expect_is(call_attr(fresh, "__setstate__", NULL, "(O)", state), Py_None, "fresh dict format.__setstate__(state)");
    expect_repr(call_attr(fresh, "unpack", NULL, "(y)", "\x3e\x82\x16"), FIELDS_REPR, "unpickled dict format.unpack");
    Py_DECREF(fresh);
    Py_DECREF(state);
    copy = keep(call_attr(cf, "__copy__", NULL, "()"), "cfd.__copy__()");
    expect_bytes(call_attr(copy, "pack", NULL, "(O)", fields), "\x3e\x82\x16", 3, "copied dict format.pack(fields)");
    Py_DECREF(copy);
    Py_DECREF(cf);
    expect_error(call(compile, NULL, "(s[s])", "x1", "foo"), PyExc_ValueError, "Bad format field type 'x'.",
                 "compile('x1', ['foo'])");

    Py_DECREF(compile);
    Py_DECREF(names);
    Py_DECREF(fields);
    Py_DECREF(pack);
    Py_DECREF(unpack);
    PyObject *doc = attr(module, "__doc__");
    record_value(doc, "bitstruct.c.__doc__");
    Py_DECREF(doc);
}

CORPUS_MAIN("c", run)
