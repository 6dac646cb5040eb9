/* clickhouse-cityhash 1.0.2.4: CityHash 1.0.2, the version ClickHouse's
 * native protocol checksums its compressed blocks with, behind the C++
 * that Cython 0.25.2 wrote (shipped in the sdist): five `cpdef` functions
 * taking str (hashed as UTF-8), bytes or any buffer, uint64 seeds with
 * defaults given positionally or by keyword, and 128-bit results that the
 * generated code builds with Python-level `*` and `+` on ints.
 *
 * The sdist has no tests: the hashes are recorded and compared with the
 * CPython build's, except CityHash64(b'') (CityHash's k2 constant, as
 * every CityHash release returns for empty input). CityHash128WithSeed is
 * not called: its .pyx computes the two seed halves but passes an
 * uninitialised pair to the C++, so its result is not deterministic on
 * CPython either. A buffer other than bytes and str is acquired and never
 * released by the extension (on CPython too): the memoryview call expects
 * that one leaked reference.
 */
#include "corpus.h"

static const char *const SAMPLES[] = {
    "", "a", "abc", "hello world", "0123456789abcdef", "The quick brown fox jumps over the lazy dog",
};

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *h64 = attr(module, "CityHash64");
    PyObject *h64s = attr(module, "CityHash64WithSeed");
    PyObject *h64ss = attr(module, "CityHash64WithSeeds");
    PyObject *h128 = attr(module, "CityHash128");
    char what[160];

    expect_int(call(h64, NULL, "(y)", ""), "11160318154034397263", "CityHash64(b'') is k2");
    for (size_t i = 0; i < sizeof SAMPLES / sizeof *SAMPLES; i++) {
        snprintf(what, sizeof what, "CityHash64(b'%s')", SAMPLES[i]);
        record(call(h64, NULL, "(y)", SAMPLES[i]), what);
        snprintf(what, sizeof what, "CityHash128(b'%s')", SAMPLES[i]);
        record(call(h128, NULL, "(y)", SAMPLES[i]), what);
        snprintf(what, sizeof what, "CityHash64WithSeed(b'%s', 12345)", SAMPLES[i]);
        record(call(h64s, NULL, "(yK)", SAMPLES[i], 12345ULL), what);
        snprintf(what, sizeof what, "CityHash64WithSeeds(b'%s', 1, 2**64-1)", SAMPLES[i]);
        record(call(h64ss, NULL, "(yKK)", SAMPLES[i], 1ULL, 0xFFFFFFFFFFFFFFFFULL), what);
    }

    /* Longer inputs take CityHash's 17-32, 33-64 and >64 byte paths. */
    unsigned char data[1000];
    for (int i = 0; i < 1000; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    const Py_ssize_t lengths[] = {17, 31, 32, 33, 64, 65, 127, 128, 129, 1000};
    for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
        snprintf(what, sizeof what, "CityHash64(%zd bytes)", lengths[i]);
        record(call(h64, NULL, "(y#)", data, lengths[i]), what);
        snprintf(what, sizeof what, "CityHash128(%zd bytes)", lengths[i]);
        record(call(h128, NULL, "(y#)", data, lengths[i]), what);
    }

    /* str is hashed as its UTF-8: the same as the encoded bytes. */
    PyObject *want = keep(call(h64, NULL, "(y)", "h\xc3\xa9llo \xe2\x82\xac"), "CityHash64(UTF-8 bytes)");
    PyObject *want_s = PyObject_Str(want);
    expect_int(call(h64, NULL, "(s)", "h\xc3\xa9llo \xe2\x82\xac"), PyUnicode_AsUTF8(want_s),
               "CityHash64('héllo €') hashes the UTF-8");
    Py_DECREF(want_s);
    Py_DECREF(want);
    want = keep(call(h128, NULL, "(y)", "h\xc3\xa9llo"), "CityHash128(UTF-8 bytes)");
    want_s = PyObject_Str(want);
    expect_int(call(h128, NULL, "(s)", "h\xc3\xa9llo"), PyUnicode_AsUTF8(want_s), "CityHash128('héllo')");
    Py_DECREF(want_s);
    Py_DECREF(want);

    /* Defaults and keywords. */
    want = keep(call(h64s, NULL, "(yK)", "abc", 0ULL), "CityHash64WithSeed(b'abc', 0)");
    want_s = PyObject_Str(want);
    expect_int(call(h64s, NULL, "(y)", "abc"), PyUnicode_AsUTF8(want_s), "CityHash64WithSeed(b'abc') seed=0");
    Py_DECREF(want_s);
    Py_DECREF(want);
    record(call(h64s, kw_dict("{s:K}", "seed", 99ULL), "(y)", "abc"), "CityHash64WithSeed(b'abc', seed=99)");
    record(call(h64s, kw_dict("{s:y,s:K}", "data", "abc", "seed", 99ULL), "()"),
           "CityHash64WithSeed(data=b'abc', seed=99)");
    record(call(h64ss, kw_dict("{s:K}", "seed1", 7ULL), "(y)", "abc"), "CityHash64WithSeeds(b'abc', seed1=7)");

    /* A memoryview goes through PyObject_GetBuffer (never released). */
    PyObject *b = PyBytes_FromString("hello world");
    PyObject *mv = PyMemoryView_FromObject(b);
    args_leaked_by_extension = 1;
    record(call(h64, NULL, "(O)", mv), "CityHash64(memoryview(b'hello world')) (one leaked export)");
    args_leaked_by_extension = 0;
    Py_DECREF(b);

    /* Errors: the argument checks Cython generates and the .pyx's own. */
    record(call(h64, NULL, "(i)", 5), "CityHash64(5)");
    /* A float made for the call, not None: how many references to None
       CPython's error path drops or takes depends on its string hash key,
       so a refcount check on None passes or fails from run to run. */
    record(call(h128, NULL, "(d)", 1.5), "CityHash128(1.5)");
    record(call(h64, NULL, "()"), "CityHash64()");
    record(call(h64, NULL, "(yy)", "a", "b"), "CityHash64(b'a', b'b')");
    record(call(h64s, NULL, "(yi)", "abc", -1), "CityHash64WithSeed(b'abc', -1)");
    record(call(h64s, NULL, "(yN)", "abc", PyLong_FromString("18446744073709551616", NULL, 10)),
           "CityHash64WithSeed(b'abc', 2**64)");
    record(call(h64s, NULL, "(ys)", "abc", "x"), "CityHash64WithSeed(b'abc', 'x')");
    record(call(h64s, kw_dict("{s:i}", "bogus", 1), "(y)", "abc"), "CityHash64WithSeed(b'abc', bogus=1)");
    record(call(h64ss, NULL, "(yiii)", "abc", 1, 2, 3), "CityHash64WithSeeds(4 arguments)");

    PyObject *doc = attr(h64, "__doc__");
    record_value(doc, "CityHash64.__doc__");
    Py_DECREF(doc);
    Py_DECREF(h64);
    Py_DECREF(h64s);
    Py_DECREF(h64ss);
    Py_DECREF(h128);
}

CORPUS_MAIN("cityhash", run)
