/* cityhash 0.4.10's sibling module `farmhash`: a second Cython 3.1.4
 * module (C++) from the same sdist, over Google's FarmHash: ten `def`
 * functions (hashes, seeded hashes and the portable Fingerprint
 * functions), uint32_t and uint64_t seeds through Cython's integer
 * conversions (with their OverflowError messages), a 128-bit seed split
 * into two words, str and buffer arguments, keyword arguments, and
 * errors carrying traceback entries.
 *
 * Vectors: tests/test_farmhash.py of the project's repository (str and
 * bytes agree, buffer types agree, seeds matter, TypeError for a list);
 * the exact hashes are CPython's outputs for the same build, compared
 * line by line.
 */
#include "corpus.h"

static const char *const FUNCS[] = {
    "FarmHash32",  "FarmHash32WithSeed", "FarmHash64",    "FarmHash64WithSeed", "FarmHash64WithSeeds",
    "FarmHash128", "FarmHash128WithSeed", "Fingerprint32", "Fingerprint64",      "Fingerprint128",
};
#define NFUNCS (sizeof FUNCS / sizeof FUNCS[0])

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    char what[160];
    PyObject *f[NFUNCS];
    for (size_t i = 0; i < NFUNCS; i++)
        f[i] = attr(module, FUNCS[i]);

    static const char *const ABC[NFUNCS] = {
        "795041479",
        "795041479",
        "2640714258260161385",
        "6234256295332240817",
        "9119717311854442064",
        "76434233956484675513733017140465933893",
        "164655989659061527156339546049943539076",
        "795041479",
        "2640714258260161385",
        "76434233956484675513733017140465933893",
    };
    for (size_t i = 0; i < NFUNCS; i++) {
        snprintf(what, sizeof what, "%s('abc')", FUNCS[i]);
        expect_int(call(f[i], NULL, "(s)", "abc"), ABC[i], what);
        snprintf(what, sizeof what, "%s(b'ab\\x00c')", FUNCS[i]);
        record(call(f[i], NULL, "(y#)", "ab\0c", (Py_ssize_t)4), what);
        snprintf(what, sizeof what, "%s('\\u2661')", FUNCS[i]);
        record(call(f[i], NULL, "(s)", "\xe2\x99\xa1"), what);
    }

    /* Seeds by keyword. */
    expect_int(call(f[1], kw_dict("{s:i}", "seed", 5), "(y)", "abc"), "856840141", "FarmHash32WithSeed(b'abc', seed=5)");
    expect_int(call(f[4], kw_dict("{s:i,s:i}", "seed0", 1, "seed1", 2), "(y)", "abc"), "11472871742719157320",
               "FarmHash64WithSeeds(b'abc', seed0=1, seed1=2)");
    PyObject *big = PyLong_FromString("1267650600228229401496703205383", NULL, 10); /* 2**100 + 7 */
    expect_int(call(f[6], kw_dict("{s:O}", "seed", big), "(y)", "abc"), "69752581050586228261682722312901994079",
               "FarmHash128WithSeed(b'abc', seed=2**100 + 7)");
    Py_DECREF(big);

    /* str and bytes agree; bytes, bytearray and memoryview agree. */
    PyObject *by = PyBytes_FromString("abracadabra");
    PyObject *ba = PyByteArray_FromStringAndSize("abracadabra", 11);
    PyObject *mv = PyMemoryView_FromObject(by);
    for (size_t i = 0; i < NFUNCS; i++) {
        PyObject *r0 = take(call(f[i], NULL, "(s)", "abracadabra"));
        PyObject *r1 = take(call(f[i], NULL, "(O)", by));
        PyObject *r2 = take(call(f[i], NULL, "(O)", ba));
        PyObject *r3 = take(call(f[i], NULL, "(O)", mv));
        snprintf(what, sizeof what, "%s: str, bytes, bytearray and memoryview hash alike", FUNCS[i]);
        expect_true(r0 && r1 && r2 && r3 && PyObject_RichCompareBool(r0, r1, Py_EQ) == 1 &&
                        PyObject_RichCompareBool(r1, r2, Py_EQ) == 1 && PyObject_RichCompareBool(r1, r3, Py_EQ) == 1,
                    what);
        Py_XDECREF(r0);
        Py_XDECREF(r1);
        Py_XDECREF(r2);
        Py_XDECREF(r3);
    }
    Py_DECREF(mv);
    Py_DECREF(ba);
    Py_DECREF(by);

    /* Different seeds, different hashes. */
    static const size_t SEEDED[] = {1, 3, 4, 6};
    for (size_t k = 0; k < sizeof SEEDED / sizeof SEEDED[0]; k++) {
        size_t i = SEEDED[k];
        PyObject *r0 = take(call(f[i], NULL, "(si)", "just a string", 0));
        PyObject *r1 = take(call(f[i], NULL, "(si)", "just a string", 1));
        snprintf(what, sizeof what, "%s: seeds 0 and 1 differ", FUNCS[i]);
        expect_true(r0 && r1 && PyObject_RichCompareBool(r0, r1, Py_NE) == 1, what);
        Py_XDECREF(r0);
        Py_XDECREF(r1);
    }

    /* Errors. */
    for (size_t i = 0; i < NFUNCS; i++) {
        PyObject *list = PyList_New(0);
        snprintf(what, sizeof what, "%s([]) raises TypeError", FUNCS[i]);
        expect_error(call(f[i], NULL, "(O)", list), PyExc_TypeError,
                     "Argument 'data' has incorrect type: expected ['basestring', 'buffer'], got 'list' instead", what);
        Py_DECREF(list);
    }
    PyObject *two32 = PyLong_FromString("4294967296", NULL, 10);
    expect_error(call(f[1], kw_dict("{s:O}", "seed", two32), "(y)", "a"), PyExc_OverflowError,
                 "value too large to convert to uint32_t", "FarmHash32WithSeed(b'a', seed=2**32)");
    Py_DECREF(two32);
    expect_error(call(f[1], kw_dict("{s:i}", "seed", -1), "(y)", "a"), PyExc_OverflowError,
                 "can't convert negative value to uint32_t", "FarmHash32WithSeed(b'a', seed=-1)");
    expect_error(call(f[6], kw_dict("{s:i}", "seed", -1), "(y)", "a"), PyExc_OverflowError,
                 "can't convert negative value to uint64_t", "FarmHash128WithSeed(b'a', seed=-1)");
    expect_error(call(f[0], kw_dict("{s:i}", "seed", 1), "(y)", "a"), PyExc_TypeError,
                 "FarmHash32() got an unexpected keyword argument 'seed'", "FarmHash32(b'a', seed=1)");

    /* The traceback entry of an error raised in farmhash.pyx. */
    PyObject *list = PyList_New(0);
    if (PyObject_CallOneArg(f[8], list) != NULL)
        bail("Fingerprint64([]) did not fail");
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *frame = tb ? PyObject_GetAttrString(tb, "tb_frame") : NULL;
    PyObject *code = frame ? PyObject_GetAttrString(frame, "f_code") : NULL;
    PyObject *summary = code ? Py_BuildValue("(NNN)", PyObject_GetAttrString(code, "co_name"),
                                             PyObject_GetAttrString(code, "co_filename"),
                                             PyObject_GetAttrString(tb, "tb_lineno"))
                             : NULL;
    if (summary == NULL)
        bail("no traceback entry for Fingerprint64([])");
    record_value(summary, "traceback of Fingerprint64([]): (co_name, co_filename, tb_lineno)");
    Py_DECREF(summary);
    Py_XDECREF(code);
    Py_XDECREF(frame);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    Py_DECREF(list);

    PyObject *all = attr(module, "__all__");
    record_value(all, "__all__");
    Py_DECREF(all);
    for (size_t i = 0; i < NFUNCS; i++)
        Py_DECREF(f[i]);
}

CORPUS_MAIN("farmhash", run)
