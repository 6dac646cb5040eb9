/* tornado 6.6.1's speedups: websocket_mask(mask, data), the XOR masking of
 * WebSocket frames, built for the limited API (Py_LIMITED_API=0x030b0000,
 * as setup.py builds it) as a multi-phase module (PyModuleDef_Init, an exec
 * slot). One METH_VARARGS function parses "s#s#": str (as UTF-8) or any
 * read-only bytes-like object whose buffer needs no release, so bytes pass
 * and a bytearray, a memoryview (even of bytes), None or an int fail with
 * PyArg's own messages; the result
 * is PyBytes_FromStringAndSize(NULL, n) filled through PyBytes_AsString.
 *
 * Vectors: tornado/test/websocket_test.py's MaskFunctionMixin (test_mask,
 * test_length_validation); plus str arguments, lengths around the 8- and
 * 4-byte loops, argument-count and type errors.
 */
#include "corpus.h"

static PyObject *websocket_mask;

static void test_mask(void)
{
    static const struct {
        const char *mask, *data, *out;
        Py_ssize_t len;
    } V[] = {
        {"abcd", "", "", 0},
        {"abcd", "b", "\x03", 1},
        {"abcd", "54321", "TVPVP", 5},
        {"ZXCV", "98765432", "c`t`olpd", 8},
        {"\x00\x01\x02\x03", "\xff\xfb\xfd\xfc\xfe\xfa", "\xff\xfa\xff\xff\xfe\xfb", 6},
        {"\xff\xfb\xfd\xfc", "\x00\x01\x02\x03\x04\x05", "\xff\xfa\xff\xff\xfb\xfe", 6},
    };
    for (size_t i = 0; i < sizeof V / sizeof V[0]; i++) {
        char what[96];
        snprintf(what, sizeof what, "websocket_mask(mask %zu, %zd bytes)", i, V[i].len);
        expect_bytes(call(websocket_mask, NULL, "(y#y#)", V[i].mask, (Py_ssize_t)4, V[i].data, V[i].len), V[i].out,
                     V[i].len, what);
    }
}

static void test_length_validation(void)
{
    static const char *masks[] = {"", "a", "ab", "abc", "abcde", "abcdef"};
    for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
        char what[96];
        snprintf(what, sizeof what, "websocket_mask(b'%s', b'data asdf') raises", masks[i]);
        expect_error(call(websocket_mask, NULL, "(yy)", masks[i], "data asdf"), PyExc_ValueError,
                     "mask must be 4 bytes", what);
    }
}

static void test_more(void)
{
    /* Every length from 0 to 40: the 8-byte loop, the 4-byte loop and the
       byte tail, against a mask computed here. */
    char data[41], want[41];
    const char mask[4] = {'\x9a', '\x01', '\xff', '\x42'};
    for (int i = 0; i < 41; i++)
        data[i] = (char)(i * 37 + 11);
    for (Py_ssize_t n = 0; n <= 40; n++) {
        for (Py_ssize_t i = 0; i < n; i++)
            want[i] = (char)(data[i] ^ mask[i % 4]);
        char what[64];
        snprintf(what, sizeof what, "websocket_mask(mask, %zd bytes)", n);
        expect_bytes(call(websocket_mask, NULL, "(y#y#)", mask, (Py_ssize_t)4, data, n), want, n, what);
    }
    /* str arguments: "s#" takes their UTF-8. */
    expect_bytes(call(websocket_mask, NULL, "(ss)", "abcd", "54321"), "TVPVP", 5, "websocket_mask('abcd', '54321')");
    record(call(websocket_mask, NULL, "(ss)", "\xc3\xa9\xc3\xa9", "h\xc3\xa9llo"),
           "websocket_mask('\\u00e9\\u00e9', 'h\\u00e9llo')");
    expect_error(call(websocket_mask, NULL, "(ss)", "\xc3\xa9", "abc"), PyExc_ValueError, "mask must be 4 bytes",
                 "websocket_mask('\\u00e9', 'abc'): 2 UTF-8 bytes");
    /* A memoryview, even of bytes, has a releasebuffer slot: "s#" refuses
       it as it refuses any buffer that must be released. */
    PyObject *b = PyBytes_FromStringAndSize("98765432", 8);
    PyObject *mv = PyMemoryView_FromObject(b);
    expect_error(call(websocket_mask, NULL, "(yO)", "ZXCV", mv), PyExc_TypeError,
                 "argument 2 must be read-only bytes-like object, not memoryview", "websocket_mask(b'ZXCV', memoryview)");
    Py_DECREF(mv);
    /* A bytearray is writable: "s#" refuses it. */
    PyObject *ba = PyByteArray_FromStringAndSize("abcd", 4);
    record(call(websocket_mask, NULL, "(Oy)", ba, "data"), "websocket_mask(bytearray, b'data')");
    record(call(websocket_mask, NULL, "(yO)", "abcd", ba), "websocket_mask(b'abcd', bytearray)");
    Py_DECREF(ba);
    record(call(websocket_mask, NULL, "(yO)", "abcd", Py_None), "websocket_mask(b'abcd', None)");
    record(call(websocket_mask, NULL, "(iy)", 1234, "data"), "websocket_mask(1234, b'data')");
    record(call(websocket_mask, NULL, "(y)", "abcd"), "websocket_mask(b'abcd')");
    record(call(websocket_mask, NULL, "(yyy)", "abcd", "ab", "cd"), "websocket_mask(3 arguments)");
    record(call(websocket_mask, NULL, "()"), "websocket_mask()");
    record(call(websocket_mask, kw_dict("{s:y}", "data", "ab"), "(y)", "abcd"), "websocket_mask(b'abcd', data=b'ab')");
    /* A large frame. */
    PyObject *big = PyBytes_FromStringAndSize(NULL, 65539);
    for (Py_ssize_t i = 0; i < 65539; i++)
        PyBytes_AS_STRING(big)[i] = (char)(i * 13);
    record(call(websocket_mask, NULL, "(yO)", "\x01\x80\x7f\xfe", big), "websocket_mask(mask, 65539 bytes)");
    Py_DECREF(big);
    Py_DECREF(b);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    websocket_mask = attr(module, "websocket_mask");
    test_mask();
    test_length_validation();
    test_more();
    Py_DECREF(websocket_mask);
}

CORPUS_MAIN("speedups", run)
