/* cbitstruct 1.2.0's `_cbitstruct` (bitstruct's C implementation):
 * bit-level pack/unpack over format strings, with positional and keyword
 * arguments mixed as the module parses them by hand (PyTuple_GetSlice of
 * the leading arguments, PyArg_ParseTupleAndKeywords on the rest),
 * "y*"/"w*" buffers (pack_into a bytearray), dict packing, and two types
 * (CompiledFormat, CompiledFormatDict) built with PyType_Ready.
 *
 * Vectors: cbitstruct/tests/test_bitstruct.py (test_pack, test_unpack,
 * test_pack_unpack, test_calcsize, test_byteswap, test_pack_into,
 * test_unpack_from, test_pack_dict, test_unpack_dict, test_compile, the
 * errors) and test_api.py (keyword spellings). Not fill_padding=: the
 * module releases a reference to that argument it does not own (on
 * CPython too).
 */
#include "corpus.h"

static PyObject *module;

static PyObject *fn(const char *name)
{
    return attr(module, name);
}

static void pack_vectors(void)
{
    PyObject *pack = fn("pack");
    expect_bytes(call(pack, NULL, "(siiiii)", "u1u1s6u7u9", 0, 0, -2, 65, 22), "\x3e\x82\x16", 3,
                 "pack('u1u1s6u7u9', 0, 0, -2, 65, 22)");
    expect_bytes(call(pack, NULL, "(si)", "u1", 1), "\x80", 1, "pack('u1', 1)");
    expect_bytes(call(pack, NULL, "(siiii)", "p1u1s6u7u9", 0, -2, 65, 22), "\x3e\x82\x16", 3, "pack('p1u1s6u7u9', ...)");
    expect_bytes(call(pack, NULL, "(siiii)", "P1u1s6u7u9", 0, -2, 65, 22), "\xbe\x82\x16", 3, "pack('P1u1s6u7u9', ...)");
    expect_bytes(call(pack, NULL, "(siii)", "p1u1s6p7u9", 0, -2, 22), "\x3e\x00\x16", 3, "pack('p1u1s6p7u9', ...)");
    expect_bytes(call(pack, NULL, "(siii)", "P1u1s6p7u9", 0, -2, 22), "\xbe\x00\x16", 3, "pack('P1u1s6p7u9', ...)");
    expect_bytes(call(pack, NULL, "(siidy#)", "u1s6f32r43", 0, -2, 3.75, "\x00\xff\x00\xff\x00\xff", (Py_ssize_t)6),
                 "\x7c\x80\xe0\x00\x00\x01\xfe\x01\xfe\x01\xc0", 11, "pack('u1s6f32r43', 0, -2, 3.75, b'...')");
    expect_bytes(call(pack, NULL, "(sO)", "b1", Py_True), "\x80", 1, "pack('b1', True)");
    expect_bytes(call(pack, NULL, "(sOO)", "b1p6b1", Py_True, Py_True), "\x81", 1, "pack('b1p6b1', True, True)");
    expect_bytes(call(pack, NULL, "(sOO)", "b1P6b1", Py_True, Py_True), "\xff", 1, "pack('b1P6b1', True, True)");
    expect_bytes(call(pack, NULL, "(siOi)", "u5b2u1", 31, Py_False, 1), "\xf9", 1, "pack('u5b2u1', 31, False, 1)");
    expect_bytes(call(pack, NULL, "(sOs)", "b1t24", Py_False, "Hi!"), "$4\x90\x80", 4, "pack('b1t24', False, 'Hi!')");
    expect_bytes(call(pack, NULL, "(sd)", "f16", 1.5), "\x3e\x00", 2, "pack('f16', 1.5)");
    expect_bytes(call(pack, NULL, "(sd)", "f64", -2.0), "\xc0\x00\x00\x00\x00\x00\x00\x00", 8, "pack('f64', -2.0)");
    expect_bytes(call(pack, NULL, "(sL)", "s64", -9223372036854775807LL - 1), "\x80\x00\x00\x00\x00\x00\x00\x00", 8,
                 "pack('s64', -2**63)");
    expect_bytes(call(pack, NULL, "(sK)", "u64", 18446744073709551615ULL), "\xff\xff\xff\xff\xff\xff\xff\xff", 8,
                 "pack('u64', 2**64 - 1)");
    record(call(pack, NULL, "(sii)", ">u4<u4", 1, 1), "pack('>u4<u4', 1, 1): bit order per field");
    expect_bytes(call(pack, NULL, "(si)", "u16<", 0x1234), "\x34\x12", 2, "pack('u16<', 0x1234): byte order suffix");
    /* Errors: the messages are cbitstruct's (recorded, compared with CPython's). */
    record(call(pack, NULL, "(sO)", "b1t24", Py_False), "pack('b1t24', False): too few values");
    record(call(pack, NULL, "(ss)", "u1", "foo"), "pack('u1', 'foo')");
    record(call(pack, NULL, "(ss)", "f32", "foo"), "pack('f32', 'foo')");
    record(call(pack, NULL, "(sd)", "r5", 1.0), "pack('r5', 1.0)");
    record(call(pack, NULL, "(sd)", "t8", 1.0), "pack('t8', 1.0)");
    record(call(pack, NULL, "(si)", "u1", 2), "pack('u1', 2): out of range");
    record(call(pack, NULL, "(si)", "s3", -5), "pack('s3', -5): out of range");
    record(call(pack, NULL, "(si)", "u65", 1), "pack('u65', 1): too wide");
    record(call(pack, NULL, "(si)", "x5", 1), "pack('x5', 1): bad type");
    record(call(pack, NULL, "(sd)", "f24", 1.0), "pack('f24', 1.0): bad float size");
    record(call(pack, NULL, "(i)", 3), "pack(3)");
    record(call(pack, NULL, "()"), "pack()");
    record(call(pack, kw_dict("{s:s}", "fmt", "u32"), "(i)", 12), "pack(12, fmt='u32')");
    Py_DECREF(pack);
}

static void unpack_vectors(void)
{
    PyObject *unpack = fn("unpack");
    record(call(unpack, NULL, "(sy#)", "u1u1s6u7u9", "\x3e\x82\x16", (Py_ssize_t)3), "unpack('u1u1s6u7u9', ...)");
    PyObject *ba = PyByteArray_FromStringAndSize("\x80", 1);
    record(call(unpack, NULL, "(sO)", "u1", ba), "unpack('u1', bytearray(b'\\x80'))");
    record(call(unpack, NULL, "(sO)", "b1", ba), "unpack('b1', bytearray(b'\\x80'))");
    Py_DECREF(ba);
    record(call(unpack, NULL, "(sy#)", "P1u1s6u7u9", "\xbe\x82\x16", (Py_ssize_t)3), "unpack('P1u1s6u7u9', ...)");
    record(call(unpack, NULL, "(sy#)", "p1u1s6p7u9", "\x3e\x82\x16", (Py_ssize_t)3), "unpack('p1u1s6p7u9', ...)");
    record(call(unpack, NULL, "(sy#)", "u1s6f32r43", "\x7c\x80\xe0\x00\x00\x01\xfe\x01\xfe\x01\xc0", (Py_ssize_t)11),
           "unpack('u1s6f32r43', ...)");
    record(call(unpack, NULL, "(sy#)", "b1p6b1", "\x80", (Py_ssize_t)1), "unpack('b1p6b1', b'\\x80')");
    record(call(unpack, NULL, "(sy#)", "u5b2u1", "\x06", (Py_ssize_t)1), "unpack('u5b2u1', b'\\x06')");
    record(call(unpack, NULL, "(sy#)", "u4b1t24", "\x24\x34\x90\x80", (Py_ssize_t)4), "unpack('u4b1t24', ...)");
    record(call(unpack, NULL, "(sy#)", "t16", "\xc3\x28", (Py_ssize_t)2), "unpack('t16', invalid UTF-8)");
    record(call(unpack, NULL, "(sy#)", "f16f32f64", "\x3e\x00\x3f\x80\x00\x00\xc0\x00\x00\x00\x00\x00\x00\x00",
                (Py_ssize_t)14),
           "unpack('f16f32f64', ...)");
    record(call(unpack, NULL, "(sy#)", "s64u64", "\x80\0\0\0\0\0\0\0\xff\xff\xff\xff\xff\xff\xff\xff", (Py_ssize_t)16),
           "unpack('s64u64', ...)");
    record(call(unpack, NULL, "(sy#)", "u16<u16>", "\x34\x12\x12\x34", (Py_ssize_t)4), "unpack('u16<u16>', ...)");
    record(call(unpack, NULL, "(sy#)", "u9", "\x00", (Py_ssize_t)1), "unpack('u9', 1 byte): short data");
    record(call(unpack, NULL, "(ss)", "u8", "a"), "unpack('u8', 'a'): str data");
    record(call(unpack, kw_dict("{s:s,s:y}", "fmt", "u32", "data", "\x01\x02\x03\x04"), "()"),
           "unpack(fmt='u32', data=...)");
    record(call(unpack, kw_dict("{s:y}", "data", "\x01\x02\x03\x04"), "(s)", "u32"), "unpack('u32', data=...)");
    Py_DECREF(unpack);

    PyObject *unpack_from = fn("unpack_from");
    record(call(unpack_from, NULL, "(sy#i)", "u1u1s6u7u9", "\xff\x3e\x82\x16", (Py_ssize_t)4, 8),
           "unpack_from('u1u1s6u7u9', ..., 8)");
    record(call(unpack_from, kw_dict("{s:i}", "offset", 4), "(sy#)", "u4", "\x12", (Py_ssize_t)1),
           "unpack_from('u4', b'\\x12', offset=4)");
    record(call(unpack_from, NULL, "(sy#i)", "u8", "\x12", (Py_ssize_t)1, 4), "unpack_from: past the end");
    record(call(unpack_from, NULL, "(sy#i)", "u8", "\x12", (Py_ssize_t)1, -1), "unpack_from: negative offset");
    Py_DECREF(unpack_from);
}

static void sizes_and_swaps(void)
{
    PyObject *calcsize = fn("calcsize"), *byteswap = fn("byteswap");
    static const char *FMTS[] = {"u1u1s6u7u9", "u1", "u1s6f32r43", "b1t24", "p1P3u2", "f64r0", "t0"};
    for (size_t i = 0; i < sizeof FMTS / sizeof FMTS[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "calcsize('%s')", FMTS[i]);
        record(call(calcsize, NULL, "(s)", FMTS[i]), what);
    }
    record(call(calcsize, NULL, "(s)", "u1z"), "calcsize('u1z')");
    expect_bytes(call(byteswap, NULL, "(sy#)", "12", "\x00\x11\x22", (Py_ssize_t)3), "\x00\x22\x11", 3,
                 "byteswap('12', b'\\x00\\x11\\x22')");
    expect_bytes(call(byteswap, NULL, "(sy#)", "333", "\x00\x11\x22\x33\x44\x55\x66\x77\x88", (Py_ssize_t)9),
                 "\x22\x11\x00\x55\x44\x33\x88\x77\x66", 9, "byteswap('333', ...)");
    record(call(byteswap, NULL, "(sy#)", "1", "", (Py_ssize_t)0), "byteswap('1', b''): short data");
    record(call(byteswap, NULL, "(sy#)", "0", "\x01", (Py_ssize_t)1), "byteswap('0', ...)");
    Py_DECREF(calcsize);
    Py_DECREF(byteswap);
}

static void pack_into_vectors(void)
{
    PyObject *pack_into = fn("pack_into");
    PyObject *buf = PyByteArray_FromStringAndSize("\xff\xff\xff\xff", 4);
    expect_is(call(pack_into, NULL, "(sOiiiiii)", "u1u1s6u7u9", buf, 0, 0, 0, -2, 65, 22), Py_None,
              "pack_into('u1u1s6u7u9', buf, 0, ...)");
    record_value(buf, "the bytearray after pack_into at 0");
    expect_is(call(pack_into, NULL, "(sOiiiiii)", "u1u1s6u7u9", buf, 3, 0, 0, -2, 65, 22), Py_None,
              "pack_into(..., buf, 3, ...)");
    record_value(buf, "the bytearray after pack_into at bit 3");
    record(call(pack_into, NULL, "(sOii)", "u8", buf, 28, 5), "pack_into past the end");
    PyObject *b = PyBytes_FromStringAndSize("\0\0", 2);
    record(call(pack_into, NULL, "(sOii)", "u8", b, 0, 5), "pack_into a bytes (read-only)");
    Py_DECREF(b);
    expect_is(call(pack_into, kw_dict("{s:s,s:O,s:i}", "fmt", "u32", "buf", buf, "offset", 0), "(i)", 12), Py_None,
              "pack_into(12, fmt='u32', buf=buf, offset=0)");
    record_value(buf, "the bytearray after keyword pack_into");
    Py_DECREF(buf);
    Py_DECREF(pack_into);
}

static void dict_vectors(void)
{
    PyObject *names = Py_BuildValue("[sss]", "foo", "bar", "fie");
    PyObject *data = Py_BuildValue("{s:i,s:i,s:i}", "foo", 0, "bar", -2, "fie", 65);
    record(call(fn("pack_dict"), NULL, "(sOO)", "u1s6u7", names, data), "pack_dict('u1s6u7', names, data)");
    record(call(fn("unpack_dict"), NULL, "(sOy#)", "u1s6u7", names, "\x7c\x82", (Py_ssize_t)2),
           "unpack_dict('u1s6u7', names, ...)");
    record(call(fn("unpack_from_dict"), NULL, "(sOy#i)", "u1s6u7", names, "\xff\x7c\x82", (Py_ssize_t)3, 8),
           "unpack_from_dict(..., 8)");
    PyObject *missing = Py_BuildValue("{s:i}", "foo", 1);
    record(call(fn("pack_dict"), NULL, "(sOO)", "u1s6u7", names, missing), "pack_dict with a name missing");
    Py_DECREF(missing);
    PyObject *buf = PyByteArray_FromStringAndSize("\0\0\0", 3);
    expect_is(call(fn("pack_into_dict"), NULL, "(sOOiO)", "u1s6u7", names, buf, 4, data), Py_None,
              "pack_into_dict('u1s6u7', names, buf, 4, data)");
    record_value(buf, "the bytearray after pack_into_dict");
    Py_DECREF(buf);
    Py_DECREF(names);
    Py_DECREF(data);
}

static void compiled_vectors(void)
{
    PyObject *cf = record_keep(call(fn("compile"), NULL, "(s)", "u1u1s6u7u9"), "compile('u1u1s6u7u9')");
    if (cf != NULL) {
        expect_bytes(call_attr(cf, "pack", NULL, "(iiiii)", 0, 0, -2, 65, 22), "\x3e\x82\x16", 3, "CompiledFormat.pack");
        record(call_attr(cf, "unpack", NULL, "(y#)", "\x3e\x82\x16", (Py_ssize_t)3), "CompiledFormat.unpack");
        record(call_attr(cf, "unpack_from", kw_dict("{s:i}", "offset", 8), "(y#)", "\x00\x3e\x82\x16", (Py_ssize_t)4),
               "CompiledFormat.unpack_from(offset=8)");
        record(call_attr(cf, "calcsize", NULL, "()"), "CompiledFormat.calcsize()");
        record(call_attr(cf, "pack", NULL, "(i)", 0), "CompiledFormat.pack with too few values");
        Py_DECREF(cf);
    }
    PyObject *names = Py_BuildValue("[sss]", "foo", "bar", "fie");
    /* Not through call(): the compiled format keeps `names`. */
    PyObject *compile = fn("compile"), *cargs = Py_BuildValue("(s)", "u1s6u7");
    PyObject *ckw = Py_BuildValue("{s:O}", "names", names);
    PyObject *cfd = PyObject_Call(compile, cargs, ckw);
    Py_DECREF(compile), Py_DECREF(cargs), Py_DECREF(ckw);
    expect_true(cfd != NULL && strcmp(Py_TYPE(cfd)->tp_name, "_cbitstruct.CompiledFormatDict") == 0,
                "compile('u1s6u7', names=[...]) is a CompiledFormatDict");
    if (cfd != NULL) {
        PyObject *data = Py_BuildValue("{s:i,s:i,s:i}", "foo", 0, "bar", -2, "fie", 65);
        record(call_attr(cfd, "pack", NULL, "(O)", data), "CompiledFormatDict.pack");
        record(call_attr(cfd, "unpack", NULL, "(y#)", "\x7c\x82", (Py_ssize_t)2), "CompiledFormatDict.unpack");
        record(call_attr(cfd, "calcsize", NULL, "()"), "CompiledFormatDict.calcsize()");
        Py_DECREF(data);
        Py_DECREF(cfd);
    }
    record(call(fn("CompiledFormat"), NULL, "(s)", "u1q"), "CompiledFormat('u1q')");
    record(call(fn("CompiledFormatDict"), NULL, "(sO)", "u1", names), "CompiledFormatDict('u1', 3 names)");
    record(call(fn("CompiledFormat"), NULL, "()"), "CompiledFormat()");
    Py_DECREF(names);
}

static void run(PyObject *m, const char *sdist)
{
    (void)sdist;
    module = m;
    pack_vectors();
    unpack_vectors();
    sizes_and_swaps();
    pack_into_vectors();
    dict_vectors();
    compiled_vectors();
}

CORPUS_MAIN("_cbitstruct", run)
