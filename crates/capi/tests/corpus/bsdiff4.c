/* bsdiff4 1.3.2's `core` (binary diff and patch, Colin Percival's bsdiff
 * over qsufsort): "s#" buffers parsed with PY_SSIZE_T_CLEAN, the diff as a
 * tuple of three bytes built with Py_BuildValue, 64-bit sign-magnitude
 * integers through PyLong_AsLongLong (OverflowError past 2**63), the work
 * inside Py_BEGIN_ALLOW_THREADS.
 *
 * Vectors: bsdiff4/test_all.py (TestEncode: the special values, the errors
 * and round trips; TestFormat: test_diff_blocks, the edge cases, test_small,
 * the 100 000-byte example and random round trips -- here from a fixed
 * generator), plus suffix_array.
 */
#include "corpus.h"

static PyObject *hexbytes(const char *h)
{
    PyObject *r = PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "s", h);
    if (r == NULL)
        bail("bad hex %s", h);
    return r;
}

static void encode(PyObject *m)
{
    PyObject *enc = attr(m, "encode_int64"), *dec = attr(m, "decode_int64");
    static const struct {
        long long n;
        const char *hex;
    } SPECIAL[] = {
        {-9223372036854775807LL, "ff ff ff ff ff ff ff ff"}, {-256, "00 01 00 00 00 00 00 80"},
        {-128, "80 00 00 00 00 00 00 80"}, {-1, "01 00 00 00 00 00 00 80"}, {0, "00 00 00 00 00 00 00 00"},
        {1, "01 00 00 00 00 00 00 00"}, {127, "7f 00 00 00 00 00 00 00"}, {128, "80 00 00 00 00 00 00 00"},
        {129, "81 00 00 00 00 00 00 00"}, {255, "ff 00 00 00 00 00 00 00"}, {256, "00 01 00 00 00 00 00 00"},
        {257, "01 01 00 00 00 00 00 00"}, {9223372036854775807LL, "ff ff ff ff ff ff ff 7f"},
    };
    for (size_t i = 0; i < sizeof SPECIAL / sizeof SPECIAL[0]; i++) {
        PyObject *b = hexbytes(SPECIAL[i].hex);
        char what[96], digits[32];
        snprintf(what, sizeof what, "encode_int64(%lld)", SPECIAL[i].n);
        expect_same_bytes(call(enc, NULL, "(L)", SPECIAL[i].n), b, what);
        snprintf(what, sizeof what, "decode_int64(%s)", SPECIAL[i].hex);
        snprintf(digits, sizeof digits, "%lld", SPECIAL[i].n);
        expect_int(call(dec, NULL, "(O)", b), digits, what);
        Py_DECREF(b);
    }
    PyObject *negzero = hexbytes("00 00 00 00 00 00 00 80");
    expect_int(call(dec, NULL, "(O)", negzero), "0", "decode_int64 of the noncanonical negative zero");
    Py_DECREF(negzero);
    /* test_errors */
    record(call(enc, NULL, "(s)", "x"), "encode_int64('x')");
    PyObject *big = PyLong_FromString("9223372036854775808", NULL, 10);
    PyObject *neg = PyNumber_Negative(big), *more = PyNumber_Add(big, big), *less = PyNumber_Negative(more);
    PyObject *over[] = {less, neg, big, more};
    for (int i = 0; i < 4; i++)
        expect_error(call(enc, NULL, "(O)", over[i]), PyExc_OverflowError, NULL,
                     i == 0   ? "encode_int64(-2**64): OverflowError"
                     : i == 1 ? "encode_int64(-2**63): OverflowError"
                     : i == 2 ? "encode_int64(2**63): OverflowError"
                              : "encode_int64(2**64): OverflowError");
    for (int i = 0; i < 4; i++)
        Py_DECREF(over[i]);
    record(call(dec, NULL, "(i)", 12345), "decode_int64(12345)");
    record(call(dec, NULL, "(y)", "aaaaaaa"), "decode_int64(7 * b'a')");
    record(call(dec, NULL, "(y)", "bbbbbbbbb"), "decode_int64(9 * b'b')");
    /* test_random, from a fixed generator */
    unsigned long long x = 88172645463325252ULL;
    int all = 1;
    for (int i = 0; i < 1000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        long long n = (long long)(x >> 1) * ((x & 1) ? -1 : 1);
        PyObject *b = take(call(enc, NULL, "(L)", n));
        PyObject *back = b ? take(call(dec, NULL, "(O)", b)) : NULL;
        all &= b != NULL && PyBytes_GET_SIZE(b) == 8 && back != NULL && PyLong_AsLongLong(back) == n;
        Py_XDECREF(back);
        Py_XDECREF(b);
    }
    expect_true(all, "1000 random int64s round-trip through 8 bytes");
    Py_DECREF(enc);
    Py_DECREF(dec);
}

static PyObject *control_block(PyObject *enc, const long long *v, int n)
{
    PyObject *parts = PyList_New(0), *empty = PyBytes_FromStringAndSize("", 0);
    for (int i = 0; i < n; i++) {
        PyObject *b = PyObject_CallFunction(enc, "L", v[i]);
        PyList_Append(parts, b);
        Py_DECREF(b);
    }
    PyObject *r = _PyBytes_Join(empty, parts);
    Py_DECREF(parts);
    Py_DECREF(empty);
    return r;
}

/* core.patch(src, len(dst), *core.diff(src, dst)) == dst (called directly:
   the diff's parts may be the very empty bytes passed in, which would
   confuse the reference accounting of call()). */
static int round_trip(PyObject *diff, PyObject *patch, PyObject *src, PyObject *dst)
{
    PyObject *d = PyObject_CallFunction(diff, "OO", src, dst);
    if (d == NULL) {
        diag_exception();
        return 0;
    }
    int ok = PyTuple_Check(d) && PyTuple_GET_SIZE(d) == 3;
    if (ok) {
        PyObject *p = PyObject_CallFunction(patch, "OnOOO", src, PyBytes_GET_SIZE(dst), PyTuple_GET_ITEM(d, 0),
                                            PyTuple_GET_ITEM(d, 1), PyTuple_GET_ITEM(d, 2));
        if (p == NULL)
            diag_exception();
        ok = p != NULL && PyObject_RichCompareBool(p, dst, Py_EQ) == 1;
        Py_XDECREF(p);
    }
    Py_DECREF(d);
    return ok;
}

static void diff_patch(PyObject *m)
{
    PyObject *diff = attr(m, "diff"), *patch = attr(m, "patch"), *enc = attr(m, "encode_int64");
    /* test_diff_blocks */
    long long c1[] = {3, 4, 2};
    PyObject *want = Py_BuildValue("(Ny#y#)", control_block(enc, c1, 3), "\0\0\0", (Py_ssize_t)3, "dana",
                                   (Py_ssize_t)4);
    PyObject *r = take(call(diff, NULL, "(yy)", "banana", "bandana"));
    expect_true(r != NULL && PyObject_RichCompareBool(r, want, Py_EQ) == 1, "diff(b'banana', b'bandana')");
    Py_XDECREF(r);
    Py_DECREF(want);
    char src[200], dst[200], bd[33];
    memset(src, 'a', 32);
    memset(dst, 'a', 33);
    dst[16] = 'b';
    memset(bd, 0, 32);
    bd[16] = 1;
    long long c2[] = {32, 1, -1};
    want = Py_BuildValue("(Ny#y#)", control_block(enc, c2, 3), bd, (Py_ssize_t)32, "a", (Py_ssize_t)1);
    r = take(call(diff, NULL, "(y#y#)", src, (Py_ssize_t)32, dst, (Py_ssize_t)33));
    expect_true(r != NULL && PyObject_RichCompareBool(r, want, Py_EQ) == 1,
                "diff(32 * b'a', 16 * b'a' + b'b' + 16 * b'a')");
    Py_XDECREF(r);
    Py_DECREF(want);
    memset(src, 'a', 100), memset(src + 100, 'b', 100);
    memset(dst, 'b', 100), memset(dst + 100, 'a', 100);
    char zeros[100] = {0};
    long long c3[] = {0, 100, 0, 100, 0, -100};
    want = Py_BuildValue("(Ny#y#)", control_block(enc, c3, 6), zeros, (Py_ssize_t)100, dst, (Py_ssize_t)100);
    r = take(call(diff, NULL, "(y#y#)", src, (Py_ssize_t)200, dst, (Py_ssize_t)200));
    expect_true(r != NULL && PyObject_RichCompareBool(r, want, Py_EQ) == 1,
                "diff(100 * b'a' + 100 * b'b', 100 * b'b' + 100 * b'a')");
    Py_XDECREF(r);
    Py_DECREF(want);

    /* test_zero, test_edge_cases, test_small */
    static const char *PAIRS[][2] = {
        {"", ""}, {"", "x"}, {"x", ""}, {"abc", "abc"},
        {"123456789 987654321", "123456789000987654321"}, {"123456789000987654321", "123456789 987654321"},
    };
    for (size_t i = 0; i < sizeof PAIRS / sizeof PAIRS[0]; i++) {
        PyObject *s = PyBytes_FromString(PAIRS[i][0]), *d = PyBytes_FromString(PAIRS[i][1]);
        char what[120];
        snprintf(what, sizeof what, "round trip b'%s' -> b'%s'", PAIRS[i][0], PAIRS[i][1]);
        expect_true(round_trip(diff, patch, s, d), what);
        Py_DECREF(s), Py_DECREF(d);
    }
    /* test_example */
    PyObject *a = PyBytes_FromStringAndSize(NULL, 100000), *b = PyBytes_FromStringAndSize(NULL, 100000);
    memset(PyBytes_AS_STRING(a), 'a', 100000);
    memcpy(PyBytes_AS_STRING(b), PyBytes_AS_STRING(a), 100000);
    memcpy(PyBytes_AS_STRING(b) + 100, " diff ", 6);
    expect_true(round_trip(diff, patch, a, b), "test_example: 100 000 bytes with ' diff ' at 100");
    record(call(diff, NULL, "(OO)", a, b), "diff of test_example");
    Py_DECREF(a), Py_DECREF(b);
    /* test_extra and test_random, from a fixed generator */
    unsigned long long x = 0x2545F4914F6CDD1DULL;
    int all = 1;
    for (int i = 0; i < 100; i++) {
        Py_ssize_t n1 = (Py_ssize_t)((x = x * 6364136223846793005ULL + 1) >> 54);
        Py_ssize_t n2 = (Py_ssize_t)((x = x * 6364136223846793005ULL + 1) >> 54);
        PyObject *s = PyBytes_FromStringAndSize(NULL, n1), *d = PyBytes_FromStringAndSize(NULL, n2);
        for (Py_ssize_t j = 0; j < n1; j++)
            PyBytes_AS_STRING(s)[j] = (char)((x = x * 6364136223846793005ULL + 1) >> 61);
        for (Py_ssize_t j = 0; j < n2; j++)
            PyBytes_AS_STRING(d)[j] = (char)((x = x * 6364136223846793005ULL + 1) >> 61);
        all &= round_trip(diff, patch, s, d);
        if (i == 0)
            record(call(diff, NULL, "(OO)", s, d), "diff of the first random pair");
        Py_DECREF(s), Py_DECREF(d);
    }
    expect_true(all, "100 random pairs (0..1023 bytes over 8 symbols) round-trip");
    /* Errors */
    record(call(diff, NULL, "(yi)", "a", 1), "diff(b'a', 1)");
    record(call(patch, NULL, "(ynyyy)", "abc", (Py_ssize_t)3, "short", "", ""), "patch with a short control block");
    record(call(patch, NULL, "(yny#yy)", "abc", (Py_ssize_t)-1, "", (Py_ssize_t)0, "", ""), "patch to a negative length");
    Py_DECREF(diff), Py_DECREF(patch), Py_DECREF(enc);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    encode(module);
    diff_patch(module);
    PyObject *sa = attr(module, "suffix_array");
    record(call(sa, NULL, "(y)", "banana"), "suffix_array(b'banana')");
    record(call(sa, NULL, "(y)", ""), "suffix_array(b'')");
    record(call(sa, NULL, "(y)", "mississippi"), "suffix_array(b'mississippi')");
    Py_DECREF(sa);
}

CORPUS_MAIN("core", run)
