/* pyfarmhash 0.5.1's `farmhash`: Google's FarmHash in C++, with Python.h
 * included from a .cc file (so our headers compile as C++), METH_VARARGS
 * functions parsed with "s#", "s#I", "s#K" and "s#KK", results built with
 * Py_BuildValue("I"/"k"/"(KK)"), module state holding an exception made by
 * PyErr_NewException, and an extern "C" PyInit.
 *
 * Vectors: the examples in the module's docstrings and README (hash64('abc'),
 * hash64withseed('abc', 12345), hash128('abc'), fingerprint64('abc'));
 * the rest is recorded and compared with the CPython build's.
 */
#include "corpus.h"

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *f;

    f = attr(module, "hash64");
    expect_int(call(f, NULL, "(s)", "abc"), "2640714258260161385", "hash64('abc')");
    expect_int(call(f, NULL, "(y)", "abc"), "2640714258260161385", "hash64(b'abc')");
    record(call(f, NULL, "(s)", ""), "hash64('')");
    record(call(f, NULL, "(s)", "h\xc3\xa9llo w\xc3\xb6rld"), "hash64('héllo wörld') (UTF-8)");
    /* "s#" takes str or a read-only buffer, not a bytearray or int. */
    PyObject *ba = PyByteArray_FromStringAndSize("abc", 3);
    record(call(f, NULL, "(O)", ba), "hash64(bytearray(b'abc'))");
    Py_DECREF(ba);
    record(call(f, NULL, "(i)", 5), "hash64(5)");
    record(call(f, NULL, "()"), "hash64()");
    record(call(f, NULL, "(ss)", "a", "b"), "hash64('a', 'b')");
    record(call(f, NULL, "(s#)", "a\0b", (Py_ssize_t)3), "hash64('a\\0b') (embedded NUL)");
    Py_DECREF(f);

    f = attr(module, "hash64withseed");
    expect_int(call(f, NULL, "(si)", "abc", 12345), "13914286602242141520", "hash64withseed('abc', 12345)");
    record(call(f, NULL, "(sK)", "abc", 0xFFFFFFFFFFFFFFFFULL), "hash64withseed('abc', 2**64 - 1)");
    record(call(f, NULL, "(si)", "abc", -1), "hash64withseed('abc', -1) ('K' masks)");
    record(call(f, NULL, "(sd)", "abc", 1.0), "hash64withseed('abc', 1.0)");
    record(call(f, NULL, "(s)", "abc"), "hash64withseed('abc')");
    Py_DECREF(f);

    f = attr(module, "hash32");
    record(call(f, NULL, "(s)", "abc"), "hash32('abc')");
    Py_DECREF(f);
    f = attr(module, "hash32withseed");
    record(call(f, NULL, "(si)", "abc", 1234), "hash32withseed('abc', 1234)");
    record(call(f, NULL, "(sL)", "abc", (1LL << 32) + 1234), "hash32withseed('abc', 2**32 + 1234) ('I' masks)");
    Py_DECREF(f);

    f = attr(module, "hash128");
    PyObject *pair = keep(call(f, NULL, "(s)", "abc"), "hash128('abc')");
    PyObject *want = Py_BuildValue("(KK)", 4143508125394299908ULL, 11566915719555882565ULL);
    expect_true(PyTuple_CheckExact(pair) && PyObject_RichCompareBool(pair, want, Py_EQ) == 1,
                "hash128('abc') == (4143508125394299908, 11566915719555882565)");
    Py_DECREF(want);
    Py_DECREF(pair);
    Py_DECREF(f);
    f = attr(module, "hash128withseed");
    record(call(f, NULL, "(sii)", "abc", 1234, 0), "hash128withseed('abc', 1234, 0)");
    record(call(f, NULL, "(si)", "abc", 1234), "hash128withseed('abc', 1234)");
    Py_DECREF(f);

    f = attr(module, "fingerprint32");
    /* Its docstring's 2521517342 is stale: FarmHash changed Fingerprint32. */
    record(call(f, NULL, "(s)", "abc"), "fingerprint32('abc')");
    Py_DECREF(f);
    f = attr(module, "fingerprint64");
    expect_int(call(f, NULL, "(s)", "abc"), "2640714258260161385", "fingerprint64('abc')");
    /* Inputs across FarmHash's length classes (0-16, 17-32, 33-64, longer). */
    static const char text[] = "The quick brown fox jumps over the lazy dog, again and again and again and again.";
    for (int n = 0; n <= 80; n += 8) {
        char what[64];
        snprintf(what, sizeof what, "fingerprint64(text[:%d])", n);
        record(call(f, NULL, "(s#)", text, (Py_ssize_t)n), what);
    }
    Py_DECREF(f);
    f = attr(module, "fingerprint128");
    pair = keep(call(f, NULL, "(s)", "abc"), "fingerprint128('abc')");
    record_value(pair, "fingerprint128('abc') value");
    Py_DECREF(pair);
    Py_DECREF(f);

    f = attr(module, "hash64");
    PyObject *doc = attr(f, "__doc__");
    record_value(doc, "hash64.__doc__");
    Py_DECREF(doc);
    Py_DECREF(f);
}

CORPUS_MAIN("farmhash", run)
