/* aiohttp 3.14.5's aiohttp._websocket.mask: _websocket_mask_cython(mask,
 * data), a Cython 3.2.5 cpdef void function typed (bytes mask, bytearray
 * data) -- Cython's argument type tests, which let None through to the
 * len() that then fails -- that
 * asserts len(mask) == 4 (AssertionError while assertions are enabled,
 * which Cython reads from the interpreter's flags) and XORs the
 * bytearray in place through PyByteArray_AsString, 8, 4 and 1 bytes at a
 * time. It returns None; the module is built for METH_FASTCALL.
 *
 * Vectors: tests/test_websocket_parser.py's test_websocket_mask_cython and
 * test_websocket_mask_cython_empty; plus every length through the loops,
 * a bytearray that grew (its allocation larger than its size), the type
 * and assertion errors and keyword arguments.
 */
#include "corpus.h"

static PyObject *mask_fn;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static void test_mask(void)
{
    static const char data[] = "some very long data for masking by websocket";
    static const char masked[] = "B]^Q\x11" "DVFH\x12_[_U\x13PPFR\x14W]A\x14\\S@_X\\T\x14SK\x13" "CTP@[RYV@";
    PyObject *message = PyByteArray_FromStringAndSize(data, sizeof data - 1);
    expect_is(call(mask_fn, NULL, "(yO)", "1234", message), Py_None, "_websocket_mask_cython(b'1234', message)");
    expect_true(PyByteArray_GET_SIZE(message) == (Py_ssize_t)(sizeof masked - 1)
                    && memcmp(PyByteArray_AS_STRING(message), masked, sizeof masked - 1) == 0,
                "... message == websocket_mask_masked");
    expect_is(call(mask_fn, NULL, "(yO)", "1234", message), Py_None, "... again");
    expect_true(memcmp(PyByteArray_AS_STRING(message), data, sizeof data - 1) == 0, "... unmasks it");
    Py_DECREF(message);

    message = PyByteArray_FromStringAndSize("", 0);
    expect_is(call(mask_fn, NULL, "(yO)", "1234", message), Py_None, "an empty bytearray");
    expect_true(PyByteArray_GET_SIZE(message) == 0, "... stays empty");
    Py_DECREF(message);

    const char mask[4] = {'\x9a', '\x01', '\xff', '\x42'};
    char buf[41], want[41];
    for (int i = 0; i < 41; i++)
        buf[i] = (char)(i * 37 + 11);
    int ok = 1;
    for (Py_ssize_t n = 0; n <= 40 && ok; n++) {
        for (Py_ssize_t i = 0; i < n; i++)
            want[i] = (char)(buf[i] ^ mask[i % 4]);
        PyObject *m = PyBytes_FromStringAndSize(mask, 4);
        PyObject *d = PyByteArray_FromStringAndSize(buf, n);
        PyObject *r = PyObject_CallFunctionObjArgs(mask_fn, m, d, NULL);
        ok = r == Py_None && PyByteArray_GET_SIZE(d) == n && memcmp(PyByteArray_AS_STRING(d), want, (size_t)n) == 0;
        if (!ok)
            diag("length %zd wrong; ", n);
        Py_XDECREF(r);
        Py_DECREF(d);
        Py_DECREF(m);
    }
    PyErr_Clear();
    tap(ok, "every length from 0 to 40");

    /* A bytearray that grew: its buffer is larger than its size. */
    PyObject *grown = PyByteArray_FromStringAndSize("abcdefgh", 8);
    PyObject *more = PyBytes_FromString("ijklmnopq");
    PyObject *r = PyNumber_InPlaceAdd(grown, more);
    Py_XDECREF(r);
    Py_DECREF(more);
    expect_is(call(mask_fn, NULL, "(yO)", "\x01\x02\x03\x04", grown), Py_None, "a grown bytearray of 17");
    rec(PyBytes_FromStringAndSize(PyByteArray_AS_STRING(grown), PyByteArray_GET_SIZE(grown)), "... its bytes");
    Py_DECREF(grown);
}

static void test_errors(void)
{
    PyObject *d = PyByteArray_FromStringAndSize("data", 4);
    record(call(mask_fn, NULL, "(yO)", "123", d), "mask of 3 bytes");
    record(call(mask_fn, NULL, "(yO)", "12345", d), "mask of 5 bytes");
    record(call(mask_fn, NULL, "(yy)", "1234", "data"), "bytes data");
    record(call(mask_fn, NULL, "(OO)", d, d), "bytearray mask");
    record(call(mask_fn, NULL, "(sO)", "1234", d), "str mask");
    record(call(mask_fn, NULL, "(OO)", Py_None, d), "None mask");
    record(call(mask_fn, NULL, "(yO)", "1234", Py_None), "None data");
    record(call(mask_fn, NULL, "(y)", "1234"), "one argument");
    record(call(mask_fn, NULL, "()"), "no arguments");
    record(call(mask_fn, NULL, "(yOO)", "1234", d, d), "three arguments");
    record(call(mask_fn, kw_dict("{s:y,s:O}", "mask", "1234", "data", d), "()"), "keywords mask= and data=");
    rec(PyBytes_FromStringAndSize(PyByteArray_AS_STRING(d), 4), "... the data after it");
    record(call(mask_fn, kw_dict("{s:O}", "data", d), "(y)", "1234"), "b'1234', data=");
    record(call(mask_fn, kw_dict("{s:O}", "other", d), "(y)", "1234"), "b'1234', other=");
    Py_DECREF(d);
    rec(PyObject_GetAttrString(mask_fn, "__name__"), "__name__");
    rec(PyObject_GetAttrString(mask_fn, "__qualname__"), "__qualname__");
    rec(PyObject_GetAttrString(mask_fn, "__doc__"), "__doc__");
    rec(PyObject_GetAttrString(mask_fn, "__module__"), "__module__");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    mask_fn = attr(module, "_websocket_mask_cython");
    test_mask();
    test_errors();
    Py_DECREF(mask_fn);
}

CORPUS_MAIN("mask", run)
