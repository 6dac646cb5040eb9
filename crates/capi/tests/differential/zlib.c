/* Differential cases for the zlib module as C code reaches it through
 * PyImport_ImportModule("zlib") (Modules/zlibmodule.c; Cython 3.2 imports
 * zlib.decompress to unpack every module's compressed string table):
 * decompress over zlib, raw deflate and gzip streams (stored, fixed and
 * dynamic blocks, every wbits form, header flags, trailing data) and
 * every malformed-stream error zlib reports, with its code and message;
 * its argument handling (wbits, bufsize, keywords, bytes-like objects);
 * crc32 and adler32 (running values, masking, argument errors); the
 * error class and constants.
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

static PyObject *zlib;

struct vector {
    const char *what;
    int wbits;
    Py_ssize_t len;
    const char *data;
};

/* Generated with CPython's zlib/gzip modules and a bit writer for the
 * malformed streams. */
static const struct vector vectors[] = {
    {"zlib level 6 'hello'", 15, 13, "\x78\x9c\xcb\x48\xcd\xc9\xc9\x07\x00\x06\x2c\x02\x15"},
    {"zlib level 0 (stored)", 15, 24, "\x78\x01\x01\x0d\x00\xf2\xff\x68\x65\x6c\x6c\x6f\x2c\x20\x73\x74\x6f\x72\x65\x64\x22\x4a\x04\xf2"},
    {"zlib dynamic block", 15, 121, "\x78\xda\x0b\xc9\x48\x55\x28\x2c\xcd\x4c\xce\x56\x48\x2a\xca\x2f\xcf\x53\x48\xcb\xaf\x50\xc8\x2a\xcd\x2d\x28\x56\xc8\x2f\x4b\x2d\x52\x28\x01\x4a\xe7\x24\x56\x55\x2a\xa4\xe4\xa7\xeb\x29\x84\x8c\x2a\x1e\x49\x8a\x19\x18\x99\x98\x59\x58\xd9\xd8\x39\x38\xb9\xb8\x79\x78\xf9\xf8\x05\x04\x85\x84\x45\x44\xc5\xc4\x25\x24\xa5\xa4\x65\x64\xe5\xe4\x15\x14\x95\x94\x55\x54\xd5\xd4\x35\x34\xb5\xb4\x75\x74\xf5\xf4\x0d\x0c\x8d\x8c\x4d\x4c\xcd\xcc\x2d\x2c\xad\xac\x6d\x6c\xed\xec\x01\x63\x14\xc9\xb5"},
    {"raw deflate, wbits=-15", -15, 115, "\x0b\xc9\x48\x55\x28\x2c\xcd\x4c\xce\x56\x48\x2a\xca\x2f\xcf\x53\x48\xcb\xaf\x50\xc8\x2a\xcd\x2d\x28\x56\xc8\x2f\x4b\x2d\x52\x28\x01\x4a\xe7\x24\x56\x55\x2a\xa4\xe4\xa7\xeb\x29\x84\x8c\x2a\x1e\x49\x8a\x19\x18\x99\x98\x59\x58\xd9\xd8\x39\x38\xb9\xb8\x79\x78\xf9\xf8\x05\x04\x85\x84\x45\x44\xc5\xc4\x25\x24\xa5\xa4\x65\x64\xe5\xe4\x15\x14\x95\x94\x55\x54\xd5\xd4\x35\x34\xb5\xb4\x75\x74\xf5\xf4\x0d\x0c\x8d\x8c\x4d\x4c\xcd\xcc\x2d\x2c\xad\xac\x6d\x6c\xed\xec\x01"},
    {"raw deflate, wbits=-8", -8, 7, "\x4b\x4c\x4a\x4e\x04\x23\x00"},
    {"gzip, wbits=31", 31, 31, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x4b\xaf\xca\x2c\x50\xc8\x4d\xcd\x4d\x4a\x2d\x02\x00\x2e\xe3\x08\xa1\x0b\x00\x00\x00"},
    {"gzip, wbits=47 (auto)", 47, 31, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x4b\xaf\xca\x2c\x50\xc8\x4d\xcd\x4d\x4a\x2d\x02\x00\x2e\xe3\x08\xa1\x0b\x00\x00\x00"},
    {"zlib, wbits=47 (auto)", 47, 12, "\x78\x9c\x4b\x2c\x2d\xc9\x07\x00\x04\x3e\x01\xba"},
    {"zlib, wbits=0 (window from header)", 0, 12, "\x78\x9c\xab\x4a\x2d\xca\x07\x00\x04\x6e\x01\xc1"},
    {"gzip, wbits=16", 16, 31, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x4b\xaf\xca\x2c\x50\xc8\x4d\xcd\x4d\x4a\x2d\x02\x00\x2e\xe3\x08\xa1\x0b\x00\x00\x00"},
    {"zlib with trailing garbage", 15, 19, "\x78\x9c\x2b\x49\xcc\xcc\x01\x00\x04\x35\x01\xab\x67\x61\x72\x62\x61\x67\x65"},
    {"gzip with extra, name, comment, header crc", 31, 45, "\x1f\x8b\x08\x1e\x00\x00\x00\x00\x00\x03\x03\x00\x78\x79\x7a\x6e\x61\x6d\x65\x00\x63\x6f\x6d\x6d\x65\x6e\x74\x00\xa4\xbb\x4b\xcb\x49\x4c\x2f\x06\x00\xba\x41\x05\x0b\x05\x00\x00\x00"},
    {"gzip header crc mismatch", 31, 45, "\x1f\x8b\x08\x1e\x00\x00\x00\x00\x00\x03\x03\x00\x78\x79\x7a\x6e\x61\x6d\x65\x00\x63\x6f\x6d\x6d\x65\x6e\x74\x00\x00\x00\x4b\xcb\x49\x4c\x2f\x06\x00\xba\x41\x05\x0b\x05\x00\x00\x00"},
    {"gzip unknown header flags", 31, 31, "\x1f\x8b\x08\x20\x00\x00\x00\x00\x02\x03\x4b\xaf\xca\x2c\x50\xc8\x4d\xcd\x4d\x4a\x2d\x02\x00\x2e\xe3\x08\xa1\x0b\x00\x00\x00"},
    {"gzip unknown method", 31, 31, "\x1f\x8b\x07\x00\x00\x00\x00\x00\x02\x03\x4b\xaf\xca\x2c\x50\xc8\x4d\xcd\x4d\x4a\x2d\x02\x00\x2e\xe3\x08\xa1\x0b\x00\x00\x00"},
    {"gzip bad crc", 31, 31, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x4b\xaf\xca\x2c\x50\xc8\x4d\xcd\x4d\x4a\x2d\x02\x00\x00\x00\x00\x00\x0b\x00\x00\x00"},
    {"gzip bad length", 31, 31, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x4b\xaf\xca\x2c\x50\xc8\x4d\xcd\x4d\x4a\x2d\x02\x00\x2e\xe3\x08\xa1\x01\x00\x00\x00"},
    {"gzip data with wbits=15", 15, 31, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x4b\xaf\xca\x2c\x50\xc8\x4d\xcd\x4d\x4a\x2d\x02\x00\x2e\xe3\x08\xa1\x0b\x00\x00\x00"},
    {"zlib data with wbits=31", 31, 9, "\x78\x9c\xab\x00\x00\x00\x79\x00\x79"},
    {"empty input", 15, 0, ""},
    {"truncated", 15, 40, "\x78\x9c\x0b\xc9\x48\x55\x28\x2c\xcd\x4c\xce\x56\x48\x2a\xca\x2f\xcf\x53\x48\xcb\xaf\x50\xc8\x2a\xcd\x2d\x28\x56\xc8\x2f\x4b\x2d\x52\x28\x01\x4a\xe7\x24\x56\x55"},
    {"header only", 15, 2, "\x78\x9c"},
    {"one byte", 15, 1, "\x78"},
    {"missing adler", 15, 9, "\x78\x9c\xcb\x48\xcd\xc9\xc9\x07\x00"},
    {"bad header check", 15, 9, "\x78\x9d\xab\x00\x00\x00\x79\x00\x79"},
    {"unknown compression method", 15, 10, "\x77\x09\x00\x00\x00\x00\x00\x00\x00\x00"},
    {"invalid window size (16)", 15, 10, "\x88\x1c\x00\x00\x00\x00\x00\x00\x00\x00"},
    {"window larger than wbits=9", 9, 9, "\x78\x9c\xab\x00\x00\x00\x79\x00\x79"},
    {"bad adler32", 15, 13, "\x78\x9c\xcb\x48\xcd\xc9\xc9\x07\x00\x06\x2c\x02\x00"},
    {"preset dictionary", 15, 17, "\x78\xbb\x06\x2c\x02\x15\xcb\x00\x11\x0a\x60\x12\x00\x19\x91\x04\x49"},
    {"invalid block type", -15, 1, "\x07"},
    {"invalid stored block lengths", -15, 10, "\x01\x05\x00\x00\x00\x68\x65\x6c\x6c\x6f"},
    {"stored block truncated", -15, 8, "\x01\x05\x00\xfa\xff\x68\x65\x6c"},
    {"distance too far back", -15, 4, "\x73\x04\x52\x00"},
    {"fixed block, back reference", -15, 4, "\x73\x04\x02\x00"},
    {"invalid literal/length code (286)", -15, 3, "\x1b\x03\x00"},
    {"invalid distance code (30)", -15, 4, "\x73\x04\x3e\x00"},
    {"too many length symbols", -15, 5, "\xfd\x00\x00\x00\x00"},
    {"invalid code lengths set (over-subscribed)", -15, 11, "\x05\xe0\xff\xff\xff\xff\xff\xff\xff\x03\x00"},
    {"invalid code lengths set (incomplete)", -15, 5, "\x05\x00\x02\x00\x00"},
    {"invalid bit length repeat (first)", -15, 6, "\x05\x00\x02\x24\x00\x00"},
    {"invalid code -- missing end-of-block", -15, 37, "\x05\x00\x02\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"},
    {"invalid bit length repeat (overflow)", -15, 38, "\x05\x00\x02\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x40\x00\x00"},
    {"invalid literal/lengths set", -15, 43, "\x05\xc0\x01\x04\x00\x00\x00\x00\x90\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01\x00"},
    {"dynamic: two literals, two distances", -15, 44, "\x05\xc1\x01\x04\x00\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x13\x00\x00"},
};

/* zlib.NAME(*args, **kwargs): args and kwargs are stolen (kwargs may be
   NULL). */
static PyObject *call(const char *name, PyObject *args, PyObject *kwargs)
{
    PyObject *f = PyObject_GetAttrString(zlib, name);
    PyObject *r = (f && args) ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

/* A decompressed result as a short line: long ones by length and their
   first bytes. */
static PyObject *brief(PyObject *r)
{
    if (r == NULL || !PyBytes_Check(r) || PyBytes_GET_SIZE(r) <= 40)
        return r;
    PyObject *head = PyBytes_FromStringAndSize(PyBytes_AS_STRING(r), 24);
    PyObject *s = PyUnicode_FromFormat("%zd bytes, starting %R", PyBytes_GET_SIZE(r), head);
    Py_DECREF(head);
    Py_DECREF(r);
    return s;
}

static PyObject *bytes(const char *s)
{
    return PyBytes_FromString(s);
}

int main(void)
{
    Py_Initialize();
    zlib = PyImport_ImportModule("zlib");
    if (zlib == NULL) {
        PyErr_Print();
        return 1;
    }
    char what[160];

    /* decompress over every vector, with the wbits it was made for */
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        const struct vector *v = &vectors[i];
        snprintf(what, sizeof what, "decompress: %s", v->what);
        show(what, brief(call("decompress", Py_BuildValue("(y#i)", v->data, v->len, v->wbits), NULL)));
    }

    /* the same data through other bytes-like objects */
    PyObject *z = call("decompress", Py_BuildValue("(y)", "x"), NULL); /* an error; cleared below */
    PyErr_Clear();
    Py_XDECREF(z);
    const struct vector *hello = &vectors[0];
    PyObject *ba = PyByteArray_FromStringAndSize(hello->data, hello->len);
    show("decompress(bytearray)", call("decompress", Py_BuildValue("(O)", ba), NULL));
    PyObject *mv = PyMemoryView_FromObject(ba);
    show("decompress(memoryview)", call("decompress", Py_BuildValue("(O)", mv), NULL));
    Py_DECREF(mv);
    Py_DECREF(ba);
    show("decompress(str)", call("decompress", Py_BuildValue("(s)", "abc"), NULL));
    show("decompress(int)", call("decompress", Py_BuildValue("(i)", 5), NULL));
    show("decompress(None)", call("decompress", Py_BuildValue("(O)", Py_None), NULL));
    show("decompress()", call("decompress", PyTuple_New(0), NULL));
    show("decompress(data, 15, 10, 1)",
         call("decompress", Py_BuildValue("(y#iii)", hello->data, hello->len, 15, 10, 1), NULL));

    /* wbits and bufsize */
    static const int bad_wbits[] = {7, -7, -16, 16 + 7, 17, 32 + 7, 48, 64, 100, -100};
    for (size_t i = 0; i < sizeof bad_wbits / sizeof bad_wbits[0]; i++) {
        snprintf(what, sizeof what, "decompress(data, wbits=%d)", bad_wbits[i]);
        show(what, call("decompress", Py_BuildValue("(y#i)", hello->data, hello->len, bad_wbits[i]), NULL));
    }
    show("decompress(data, wbits=2**40)",
         call("decompress", Py_BuildValue("(y#L)", hello->data, hello->len, 1LL << 40), NULL));
    show("decompress(data, wbits='15')",
         call("decompress", Py_BuildValue("(y#s)", hello->data, hello->len, "15"), NULL));
    show("decompress(data, wbits=15.0)",
         call("decompress", Py_BuildValue("(y#d)", hello->data, hello->len, 15.0), NULL));
    show("decompress(data, wbits=True)",
         call("decompress", Py_BuildValue("(y#O)", hello->data, hello->len, Py_True), NULL));
    show("decompress(data, 15, bufsize=-1)",
         call("decompress", Py_BuildValue("(y#i)", hello->data, hello->len, 15), Py_BuildValue("{s:i}", "bufsize", -1)));
    show("decompress(data, 15, bufsize=0)",
         call("decompress", Py_BuildValue("(y#i)", hello->data, hello->len, 15), Py_BuildValue("{s:i}", "bufsize", 0)));
    show("decompress(data, 15, bufsize=1)",
         brief(call("decompress", Py_BuildValue("(y#ii)", vectors[2].data, vectors[2].len, 15, 1), NULL)));
    show("decompress(data, 15, bufsize=2**70)",
         call("decompress", Py_BuildValue("(y#iN)", hello->data, hello->len, 15,
                                          PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70))), NULL));
    show("decompress(data, 15, bufsize='x')",
         call("decompress", Py_BuildValue("(y#is)", hello->data, hello->len, 15, "x"), NULL));
    show("decompress(data, wbits=-15) (raw, keyword)",
         brief(call("decompress", Py_BuildValue("(y#)", vectors[3].data, vectors[3].len),
                    Py_BuildValue("{s:i}", "wbits", -15))));
    show("decompress(data=...)",
         call("decompress", PyTuple_New(0), Py_BuildValue("{s:y#}", "data", hello->data, hello->len)));
    show("decompress(data, spam=1)",
         call("decompress", Py_BuildValue("(y#)", hello->data, hello->len), Py_BuildValue("{s:i}", "spam", 1)));
    show("decompress(data, 15, wbits=15)",
         call("decompress", Py_BuildValue("(y#i)", hello->data, hello->len, 15), Py_BuildValue("{s:i}", "wbits", 15)));

    /* crc32 and adler32 */
    const char *names[] = {"crc32", "adler32"};
    for (int k = 0; k < 2; k++) {
        const char *n = names[k];
        snprintf(what, sizeof what, "%s(b'')", n);
        show(what, call(n, Py_BuildValue("(N)", bytes("")), NULL));
        snprintf(what, sizeof what, "%s(b'hello')", n);
        show(what, call(n, Py_BuildValue("(N)", bytes("hello")), NULL));
        snprintf(what, sizeof what, "%s(b'hello world', 12345)", n);
        show(what, call(n, Py_BuildValue("(Ni)", bytes("hello world"), 12345), NULL));
        snprintf(what, sizeof what, "%s(b' world', %s(b'hello'))", n, n);
        PyObject *first = call(n, Py_BuildValue("(N)", bytes("hello")), NULL);
        show(what, call(n, Py_BuildValue("(NN)", bytes(" world"), first), NULL));
        snprintf(what, sizeof what, "%s(b'abc', -1)", n);
        show(what, call(n, Py_BuildValue("(Ni)", bytes("abc"), -1), NULL));
        snprintf(what, sizeof what, "%s(b'abc', 2**40 + 7)", n);
        show(what, call(n, Py_BuildValue("(NL)", bytes("abc"), (1LL << 40) + 7), NULL));
        snprintf(what, sizeof what, "%s(b'abc', 0xffffffff)", n);
        show(what, call(n, Py_BuildValue("(Nk)", bytes("abc"), 0xffffffffUL), NULL));
        snprintf(what, sizeof what, "%s(b'abc', 2**100)", n);
        show(what, call(n, Py_BuildValue("(NN)", bytes("abc"),
                                         PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(100))), NULL));
        snprintf(what, sizeof what, "%s(b'abc', 1.5)", n);
        show(what, call(n, Py_BuildValue("(Nd)", bytes("abc"), 1.5), NULL));
        snprintf(what, sizeof what, "%s(b'abc', '1')", n);
        show(what, call(n, Py_BuildValue("(Ns)", bytes("abc"), "1"), NULL));
        snprintf(what, sizeof what, "%s(bytearray(b'abc'))", n);
        show(what, call(n, Py_BuildValue("(N)", PyByteArray_FromStringAndSize("abc", 3)), NULL));
        snprintf(what, sizeof what, "%s(big data)", n);
        PyObject *big = PyBytes_FromStringAndSize(NULL, 100000);
        for (Py_ssize_t i = 0; i < 100000; i++)
            PyBytes_AS_STRING(big)[i] = (char)(i * 7 + (i >> 8));
        show(what, call(n, Py_BuildValue("(N)", big), NULL));
        snprintf(what, sizeof what, "%s('abc')", n);
        show(what, call(n, Py_BuildValue("(s)", "abc"), NULL));
        snprintf(what, sizeof what, "%s()", n);
        show(what, call(n, PyTuple_New(0), NULL));
        snprintf(what, sizeof what, "%s(b'a', 1, 2)", n);
        show(what, call(n, Py_BuildValue("(Nii)", bytes("a"), 1, 2), NULL));
        snprintf(what, sizeof what, "%s(b'a', value=1)", n);
        show(what, call(n, Py_BuildValue("(N)", bytes("a")), Py_BuildValue("{s:i}", "value", 1)));
    }

    /* the error class and constants */
    PyObject *err = PyObject_GetAttrString(zlib, "error");
    show("zlib.error.__name__", PyObject_GetAttrString(err, "__name__"));
    show("zlib.error.__module__", PyObject_GetAttrString(err, "__module__"));
    show("issubclass(zlib.error, Exception)", PyBool_FromLong(PyObject_IsSubclass(err, PyExc_Exception)));
    PyObject *r = call("decompress", Py_BuildValue("(y)", "x"), NULL);
    show("decompress(b'x') raises zlib.error", PyBool_FromLong(r == NULL && PyErr_ExceptionMatches(err)));
    PyErr_Clear();
    Py_XDECREF(r);
    Py_DECREF(err);
    show("zlib.MAX_WBITS", PyObject_GetAttrString(zlib, "MAX_WBITS"));
    show("zlib.DEFLATED", PyObject_GetAttrString(zlib, "DEFLATED"));
    show("zlib.DEF_BUF_SIZE", PyObject_GetAttrString(zlib, "DEF_BUF_SIZE"));
    show("zlib.__name__", PyObject_GetAttrString(zlib, "__name__"));
    PyObject *again = PyImport_ImportModule("zlib");
    show("importing zlib twice gives the same module", PyBool_FromLong(again == zlib));
    Py_XDECREF(again);
    Py_DECREF(zlib);
    return 0;
}
