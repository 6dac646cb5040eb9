/* wsaccel 0.6.7's wsaccel.xormask: Cython 3.0.11 C with two cdef classes,
 * XorMaskerNull (a pass-through counting bytes) and XorMaskerSimple, whose
 * __init__ and process take `const unsigned char[:]` typed memoryviews --
 * so Cython's memoryview utility code (its own array, memoryview and Enum
 * types, __Pyx_GetBuffer over bytes, bytearray and array.array, the
 * read-only and dimension checks and their messages) -- and build the
 * result with PyBytes_FromStringAndSize(NULL, n) + PyBytes_AsString; and
 * createXorMasker(mask, len=None).
 *
 * Vectors: tests/test_xormask.py; plus the mask carried across calls,
 * every length up to 40, bytearray / memoryview / array inputs, reset(),
 * the null masker, and the errors (a mask of 3 bytes, str, int, None, a
 * 2-d memoryview, a non-byte format).
 */
#include "corpus.h"

static PyObject *module_obj;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static void test_suite(void)
{
    /* test_xormasker */
    PyObject *cls = attr(module_obj, "XorMaskerSimple");
    PyObject *m = keep(call(cls, NULL, "(y#)", "\xf0\xf0\x0f\x0f", (Py_ssize_t)4), "XorMaskerSimple(b'\\xf0\\xf0\\x0f\\x0f')");
    if (m == NULL) {
        Py_DECREF(cls);
        return;
    }
    expect_bytes(call_attr(m, "process", NULL, "(y#)", "\0\0\0\0\0\0", (Py_ssize_t)6), "\xf0\xf0\x0f\x0f\xf0\xf0", 6,
                 "process(b'\\x00'*6)");
    expect_int(call_attr(m, "pointer", NULL, "()"), "6", "pointer() == 6");
    expect_bytes(call_attr(m, "process", NULL, "(y#)", "\0\0\0\0\0\0", (Py_ssize_t)6), "\x0f\x0f\xf0\xf0\x0f\x0f", 6,
                 "process(b'\\x00'*6) again: the mask carries on");
    expect_int(call_attr(m, "pointer", NULL, "()"), "12", "pointer() == 12");
    expect_is(call_attr(m, "reset", NULL, "()"), Py_None, "reset()");
    expect_int(call_attr(m, "pointer", NULL, "()"), "0", "pointer() == 0 after reset");
    expect_bytes(call_attr(m, "process", NULL, "(y#)", "", (Py_ssize_t)0), "", 0, "process(b'')");

    /* every length, against a masking done here, the pointer carried on */
    const unsigned char mask[4] = {0x9a, 0x01, 0xff, 0x42};
    unsigned char buf[41], want[41];
    for (int i = 0; i < 41; i++)
        buf[i] = (unsigned char)(i * 37 + 11);
    int ok = 1;
    size_t ptr = 0;
    PyObject *mk = PyObject_CallFunction(cls, "y#", (const char *)mask, (Py_ssize_t)4);
    for (Py_ssize_t n = 0; n <= 40 && ok && mk; n++) {
        for (Py_ssize_t i = 0; i < n; i++)
            want[i] = (unsigned char)(buf[i] ^ mask[(ptr + (size_t)i) & 3]);
        ptr += (size_t)n;
        PyObject *r = PyObject_CallMethod(mk, "process", "y#", (const char *)buf, n);
        ok = r && PyBytes_CheckExact(r) && PyBytes_GET_SIZE(r) == n && memcmp(PyBytes_AS_STRING(r), want, (size_t)n) == 0;
        if (!ok)
            diag("length %zd wrong; ", n);
        Py_XDECREF(r);
    }
    PyObject *p = mk ? PyObject_CallMethod(mk, "pointer", NULL) : NULL;
    ok = ok && p && PyLong_AsSsize_t(p) == 820;
    Py_XDECREF(p);
    Py_XDECREF(mk);
    PyErr_Clear();
    tap(ok, "every length from 0 to 40, the pointer carried on (820)");

    /* other buffers: bytearray, memoryview, array.array('B') */
    PyObject *ba = PyByteArray_FromStringAndSize("\x01\x02\x03\x04\x05", 5);
    record(call_attr(m, "process", NULL, "(O)", ba), "process(bytearray)");
    PyObject *mv = PyMemoryView_FromObject(ba);
    record(call_attr(m, "process", NULL, "(O)", mv), "process(memoryview(bytearray))");
    PyObject *sl = PySequence_GetSlice(mv, 1, 4);
    record(call_attr(m, "process", NULL, "(O)", sl), "process(memoryview[1:4])");
    Py_XDECREF(sl);
    PyObject *two = PyLong_FromLong(2);
    PyObject *step = PySlice_New(NULL, NULL, two);
    Py_DECREF(two);
    PyObject *strided = step ? PyObject_GetItem(mv, step) : NULL;
    Py_XDECREF(step);
    record(strided ? call_attr(m, "process", NULL, "(O)", strided) : NULL, "process(memoryview[::2]), strided");
    Py_XDECREF(strided);
    PyObject *array = PyImport_ImportModule("array");
    PyObject *arr = array ? PyObject_CallMethod(array, "array", "sy", "B", "\x10\x20\x30") : NULL;
    record(arr ? call_attr(m, "process", NULL, "(O)", arr) : NULL, "process(array('B', ...))");
    Py_XDECREF(arr);
    arr = array ? PyObject_CallMethod(array, "array", "s(ii)", "i", 1, 2) : NULL;
    record(arr ? call_attr(m, "process", NULL, "(O)", arr) : NULL, "process(array('i', [1, 2])): a format not B");
    Py_XDECREF(arr);
    arr = array ? PyObject_CallMethod(array, "array", "s(ii)", "b", 1, 2) : NULL;
    record(arr ? call_attr(m, "process", NULL, "(O)", arr) : NULL, "process(array('b', [1, 2])): signed chars");
    Py_XDECREF(arr);
    Py_XDECREF(array);
    PyObject *two_d = PyObject_CallMethod(mv, "cast", "s(ii)", "B", 1, 5);
    record(two_d ? call_attr(m, "process", NULL, "(O)", two_d) : NULL, "process(a 2-d memoryview)");
    Py_XDECREF(two_d);
    Py_DECREF(mv);
    Py_DECREF(ba);
    record(call_attr(m, "pointer", NULL, "()"), "pointer() after them");

    record(call_attr(m, "process", NULL, "(s)", "text"), "process('text')");
    record(call_attr(m, "process", NULL, "(i)", 5), "process(5)");
    record(call_attr(m, "process", NULL, "(O)", Py_None), "process(None)");
    record(call_attr(m, "process", NULL, "()"), "process()");
    record(call_attr(m, "process", NULL, "(yy)", "a", "b"), "process(b'a', b'b')");
    record(call_attr(m, "process", kw_dict("{s:y}", "data", "abc"), "()"), "process(data=b'abc')");
    record(call_attr(m, "pointer", NULL, "(i)", 1), "pointer(1)");
    Py_DECREF(m);

    record(call(cls, NULL, "(y)", "abc"), "XorMaskerSimple(b'abc')");
    record(call(cls, NULL, "(y)", "abcde"), "XorMaskerSimple(b'abcde')");
    record(call(cls, NULL, "(s)", "abcd"), "XorMaskerSimple('abcd')");
    record(call(cls, NULL, "(O)", Py_None), "XorMaskerSimple(None)");
    record(call(cls, NULL, "()"), "XorMaskerSimple()");
    record(call(cls, kw_dict("{s:y}", "mask", "abcd"), "()"), "XorMaskerSimple(mask=b'abcd')");
    PyObject *bam = PyByteArray_FromStringAndSize("wxyz", 4);
    PyObject *mb = keep(call(cls, NULL, "(O)", bam), "XorMaskerSimple(bytearray(b'wxyz'))");
    if (mb)
        record(call_attr(mb, "process", NULL, "(y)", "abcd"), "... .process(b'abcd')");
    Py_XDECREF(mb);
    Py_DECREF(bam);
    rec(PyObject_GetAttrString(cls, "__name__"), "XorMaskerSimple.__name__");
    rec(PyObject_GetAttrString(cls, "__module__"), "XorMaskerSimple.__module__");
    Py_DECREF(cls);
}

static void test_null_and_factory(void)
{
    PyObject *cls = attr(module_obj, "XorMaskerNull");
    PyObject *m = keep(call(cls, NULL, "()"), "XorMaskerNull()");
    if (m) {
        PyObject *data = PyBytes_FromString("unmasked");
        PyObject *r = call_attr(m, "process", NULL, "(O)", data);
        int same = r == data;
        same &= settle(1);
        Py_XDECREF(r);
        tap(same, "XorMaskerNull.process returns its argument");
        Py_DECREF(data);
        expect_int(call_attr(m, "pointer", NULL, "()"), "8", "pointer() == 8");
        record(call_attr(m, "process", NULL, "(i)", 3), "XorMaskerNull.process(3)");
        expect_is(call_attr(m, "reset", NULL, "()"), Py_None, "reset()");
        expect_int(call_attr(m, "pointer", NULL, "()"), "0", "pointer() == 0");
        Py_DECREF(m);
    }
    record(call(cls, NULL, "(y)", "abcd"), "XorMaskerNull(b'abcd')");
    record(call(cls, NULL, "(yy)", "abcd", "x"), "XorMaskerNull(b'abcd', b'x')");
    Py_DECREF(cls);

    PyObject *create = attr(module_obj, "createXorMasker");
    PyObject *c = keep(call(create, NULL, "(y)", "\x01\x02\x03\x04"), "createXorMasker(b'\\x01\\x02\\x03\\x04')");
    if (c) {
        rec(PyUnicode_FromString(Py_TYPE(c)->tp_name), "... its type");
        record(call_attr(c, "process", NULL, "(y)", "\x01\x02\x03\x04\x05"), "... .process(b'\\x01..\\x05')");
        Py_DECREF(c);
    }
    record(call(create, kw_dict("{s:i}", "len", 4), "(y)", "abcd"), "createXorMasker(b'abcd', len=4)");
    record(call(create, NULL, "(y)", "abc"), "createXorMasker(b'abc')");
    record(call(create, NULL, "()"), "createXorMasker()");
    Py_DECREF(create);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    module_obj = module;
    test_suite();
    test_null_and_factory();
}

CORPUS_MAIN("xormask", run)
