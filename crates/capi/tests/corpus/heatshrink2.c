/* heatshrink2 0.15.0: the heatshrink LZSS encoder/decoder behind a C
 * Cython 3.2.4 module that imports `array` and `numbers` at init, with
 * `cdef class` Writer / Reader (cpython.array buffers), the Python-level
 * class Encoder over them, and module-level encode / decode.
 *
 * Vectors: tests/test_core.py (InternalEncodersTest's window_sz2 /
 * lookahead_sz2 checks, EncoderTest's accepted and refused fill types,
 * finished, operations after finish, small fills, CompressFunctionTest's
 * b'abcde' bytes and parameters, DecompressFunctionTest,
 * CompressDecompressTest) and the sdist's tests/files (foo.txt
 * against foo.hs and, with window_sz2=8 / lookahead_sz2=5, foo-8-5.hs).
 */
#include "corpus.h"

static PyObject *encode, *decode, *Writer, *Reader, *Encoder;

/* cls(**{key: value}) recorded. */
static void make_with(PyObject *cls, const char *cls_name, const char *key, PyObject *value, const char *shown)
{
    char what[128];
    snprintf(what, sizeof what, "%s(%s=%s)", cls_name, key, shown);
    PyObject *kw = Py_BuildValue("{sO}", key, value);
    PyObject *r = call(cls, kw, "()");
    /* The instance's repr has an address: record its type only. */
    if (r != NULL) {
        PyObject *t = PyUnicode_FromString(Py_TYPE(r)->tp_name);
        print_record(t, what);
        Py_DECREF(t);
        tap(settle(0), what);
    } else {
        record(r, what);
    }
}

static void run(PyObject *module, const char *srcdir)
{
    encode = attr(module, "encode");
    decode = attr(module, "decode");
    Writer = attr(module, "Writer");
    Reader = attr(module, "Reader");
    Encoder = attr(module, "Encoder");
    record_value(PyObject_GetAttrString(module, "DEFAULT_WINDOW_SZ2"), "DEFAULT_WINDOW_SZ2");
    record_value(PyObject_GetAttrString(module, "MIN_WINDOW_SZ2"), "MIN_WINDOW_SZ2");
    record_value(PyObject_GetAttrString(module, "MAX_WINDOW_SZ2"), "MAX_WINDOW_SZ2");

    /* CompressFunctionTest / DecompressFunctionTest. */
    PyObject *r = take(call(encode, NULL, "(y)", "abcde"));
    tap(r && bytes_equal(r, &PyBytes_Type, "\xb0\xd8\xacvK(", 6), "encode(b'abcde') == b'\\xb0\\xd8\\xacvK('");
    Py_XDECREF(r);
    PyObject *kw = kw_dict("{s:i}", "window_sz2", 8);
    r = take(call(encode, kw, "(y)", "abcde"));
    tap(r && bytes_equal(r, &PyBytes_Type, "\xb0\xd8\xacvK(", 6), "encode(b'abcde', window_sz2=8)");
    Py_XDECREF(r);
    kw = kw_dict("{s:i}", "lookahead_sz2", 3);
    r = take(call(encode, kw, "(y)", "abcde"));
    tap(r && bytes_equal(r, &PyBytes_Type, "\xb0\xd8\xacvK(", 6), "encode(b'abcde', lookahead_sz2=3)");
    Py_XDECREF(r);
    kw = kw_dict("{s:i}", "lookahead_sz2", 3);
    r = take(call(decode, kw, "(y#)", "\xb0\xd8\xacvK(", (Py_ssize_t)6));
    tap(r && bytes_equal(r, &PyBytes_Type, "abcde", 5), "decode(..., lookahead_sz2=3) == b'abcde'");
    Py_XDECREF(r);
    kw = kw_dict("{s:i}", "window_sz2", 11);
    r = take(call(decode, kw, "(y#)", "\xb0\xd8\xacvK(", (Py_ssize_t)6));
    tap(r && bytes_equal(r, &PyBytes_Type, "abcde", 5), "decode(..., window_sz2=11) == b'abcde'");
    Py_XDECREF(r);
    record(call(decode, NULL, "(y)", "abcde"), "decode(b'abcde')");
    const char *s = "A string with stuff in it";
    for (int w = 8; w <= 11; w += 3) {
        char what[64];
        snprintf(what, sizeof what, "encode(s, window_sz2=%d)", w);
        kw = kw_dict("{s:i}", "window_sz2", w);
        record(call(encode, kw, "(y)", s), what);
    }
    for (int l = 4; l <= 8; l += 4) {
        char what[64];
        snprintf(what, sizeof what, "encode(s, lookahead_sz2=%d)", l);
        kw = kw_dict("{s:i}", "lookahead_sz2", l);
        record(call(encode, kw, "(y)", s), what);
    }
    /* CompressDecompressTest. */
    PyObject *c = take(call(encode, NULL, "(y)", "a string"));
    r = c ? take(call(decode, NULL, "(O)", c)) : NULL;
    tap(r && bytes_equal(r, &PyBytes_Type, "a string", 8), "decode(encode(b'a string'))");
    Py_XDECREF(r);
    Py_XDECREF(c);

    /* The sdist's files. */
    PyObject *txt = read_file(srcdir, "tests/files/foo.txt");
    PyObject *hs = read_file(srcdir, "tests/files/foo.hs");
    PyObject *hs85 = read_file(srcdir, "tests/files/foo-8-5.hs");
    r = take(call(encode, NULL, "(O)", txt));
    tap(r && bytes_equal(r, &PyBytes_Type, PyBytes_AS_STRING(hs), PyBytes_GET_SIZE(hs)), "encode(foo.txt) == foo.hs");
    Py_XDECREF(r);
    r = take(call(decode, NULL, "(O)", hs));
    tap(r && bytes_equal(r, &PyBytes_Type, PyBytes_AS_STRING(txt), PyBytes_GET_SIZE(txt)), "decode(foo.hs) == foo.txt");
    Py_XDECREF(r);
    kw = kw_dict("{s:i,s:i}", "window_sz2", 8, "lookahead_sz2", 5);
    r = take(call(encode, kw, "(O)", txt));
    tap(r && bytes_equal(r, &PyBytes_Type, PyBytes_AS_STRING(hs85), PyBytes_GET_SIZE(hs85)),
        "encode(foo.txt, 8, 5) == foo-8-5.hs");
    Py_XDECREF(r);
    kw = kw_dict("{s:i,s:i}", "window_sz2", 8, "lookahead_sz2", 5);
    r = take(call(decode, kw, "(O)", hs85));
    tap(r && bytes_equal(r, &PyBytes_Type, PyBytes_AS_STRING(txt), PyBytes_GET_SIZE(txt)),
        "decode(foo-8-5.hs, 8, 5) == foo.txt");
    Py_XDECREF(r);
    Py_DECREF(txt);
    Py_DECREF(hs);
    Py_DECREF(hs85);

    /* InternalEncodersTest. */
    PyObject *classes[] = {Writer, Reader};
    const char *names[] = {"Writer", "Reader"};
    for (int i = 0; i < 2; i++) {
        PyObject *str = PyUnicode_FromString("a string");
        make_with(classes[i], names[i], "window_sz2", str, "'a string'");
        make_with(classes[i], names[i], "lookahead_sz2", str, "'a string'");
        Py_DECREF(str);
        int ws[] = {3, 16, 5, 14};
        for (int k = 0; k < 4; k++) {
            char shown[16];
            snprintf(shown, sizeof shown, "%d", ws[k]);
            PyObject *v = PyLong_FromLong(ws[k]);
            make_with(classes[i], names[i], "window_sz2", v, shown);
            Py_DECREF(v);
        }
        int ls[] = {1, 16, 4, 10};
        for (int k = 0; k < 4; k++) {
            char shown[16];
            snprintf(shown, sizeof shown, "%d", ls[k]);
            PyObject *v = PyLong_FromLong(ls[k]);
            make_with(classes[i], names[i], "lookahead_sz2", v, shown);
            Py_DECREF(v);
        }
    }

    /* EncoderTest. */
    for (int i = 0; i < 2; i++) {
        char what[96];
        PyObject *inner = keep(call(classes[i], NULL, "()"), names[i]);
        /* The Encoder keeps its inner object: made outside the refcount
           baseline. */
        PyObject *enc = PyObject_CallOneArg(Encoder, inner);
        if (enc == NULL)
            bail("Encoder(%s()) failed", names[i]);
        expect_true(1, "Encoder(...)");
        snprintf(what, sizeof what, "Encoder(%s()).fill(b'abcde')", names[i]);
        record(call_attr(enc, "fill", NULL, "(y)", "abcde"), what);
        PyObject *ba = PyByteArray_FromStringAndSize("\x01\x02\x03", 3);
        snprintf(what, sizeof what, "Encoder(%s()).fill(bytearray)", names[i]);
        record(call_attr(enc, "fill", NULL, "(O)", ba), what);
        PyObject *array_mod = PyImport_ImportModule("array");
        PyObject *arr = array_mod ? PyObject_CallMethod(array_mod, "array", "s[iii]", "B", 1, 2, 3) : NULL;
        if (arr == NULL)
            bail("cannot make array('B')");
        snprintf(what, sizeof what, "Encoder(%s()).fill(array('B'))", names[i]);
        record(call_attr(enc, "fill", NULL, "(O)", arr), what);
        snprintf(what, sizeof what, "Encoder(%s()).fill([1, 2, 3])", names[i]);
        record(call_attr(enc, "fill", NULL, "([iii])", 1, 2, 3), what);
        PyObject *b = PyBytes_FromString("abcde");
        PyObject *mv = PyMemoryView_FromObject(b);
        snprintf(what, sizeof what, "Encoder(%s()).fill(memoryview)", names[i]);
        record(call_attr(enc, "fill", NULL, "(O)", mv), what);
        snprintf(what, sizeof what, "Encoder(%s()).fill('abcde')", names[i]);
        record(call_attr(enc, "fill", NULL, "(s)", "abcde"), what);
        snprintf(what, sizeof what, "Encoder(%s()).fill(True)", names[i]);
        record(call_attr(enc, "fill", NULL, "(O)", Py_True), what);
        snprintf(what, sizeof what, "Encoder(%s()).finished", names[i]);
        record_value(PyObject_GetAttrString(enc, "finished"), what);
        snprintf(what, sizeof what, "Encoder(%s()).finish()", names[i]);
        record(call_attr(enc, "finish", NULL, "()"), what);
        snprintf(what, sizeof what, "Encoder(%s()).finished after", names[i]);
        record_value(PyObject_GetAttrString(enc, "finished"), what);
        snprintf(what, sizeof what, "Encoder(%s()).fill after finish", names[i]);
        record(call_attr(enc, "fill", NULL, "(y)", "abcde"), what);
        snprintf(what, sizeof what, "Encoder(%s()).finish() again", names[i]);
        record(call_attr(enc, "finish", NULL, "()"), what);
        Py_DECREF(mv);
        Py_DECREF(b);
        Py_DECREF(arr);
        Py_DECREF(array_mod);
        Py_DECREF(ba);
        Py_DECREF(enc);
        Py_DECREF(inner);
    }
    PyObject *w = keep(call(Writer, NULL, "()"), "Writer()");
    PyObject *enc = PyObject_CallOneArg(Encoder, w);
    if (enc == NULL)
        bail("Encoder(Writer()) failed");
    expect_true(1, "Encoder(Writer())");
    record(call_attr(enc, "fill", NULL, "(y)", "abcde"), "small fill gives nothing");
    record(call_attr(enc, "finish", NULL, "()"), "finish gives the rest");
    Py_DECREF(enc);
    Py_DECREF(w);

    Py_DECREF(encode);
    Py_DECREF(decode);
    Py_DECREF(Writer);
    Py_DECREF(Reader);
    Py_DECREF(Encoder);
}

CORPUS_MAIN("core", run)
