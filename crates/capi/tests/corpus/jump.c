/* jump-consistent-hash 3.6.0: Google's jump consistent hash, one
 * METH_FASTCALL function that masks its key to 64 bits with
 * PyLong_AsUnsignedLongLongMask and bounds the bucket count with
 * PyLong_AsLongLongAndOverflow, in a multi-phase module.
 *
 * Vectors: tests/test_jump.py (KNOWN_BUCKETS, the non-positive and
 * out-of-int32 bucket counts, the non-integer arguments) plus the
 * argument-count error and keys that need the mask (huge, negative).
 */
#include "corpus.h"

static PyObject *hash;

static void known(const char *key, long buckets, const char *expected, const char *what)
{
    PyObject *k = PyLong_FromString(key, NULL, 0);
    PyObject *n = PyLong_FromLong(buckets);
    expect_int(call(hash, NULL, "(OO)", k, n), expected, what);
    Py_DECREF(k);
    Py_DECREF(n);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    hash = attr(module, "hash");

    /* KNOWN_BUCKETS */
    known("1", 1, "0", "hash(1, 1) == 0");
    known("42", 57, "43", "hash(42, 57) == 43");
    known("0xDEAD10CC", 1, "0", "hash(0xDEAD10CC, 1) == 0");
    known("0xDEAD10CC", 666, "361", "hash(0xDEAD10CC, 666) == 361");
    known("256", 1024, "520", "hash(256, 1024) == 520");
    /* int(sha1(b"abc").hexdigest(), 16): 160 bits, reduced to 64. */
    known("0xa9993e364706816aba3e25717850c26c9cd0d89d", 5, "2", "hash(sha1('abc') as int, 5) == 2");
    known("-42", 57, "8", "hash(-42, 57) == 8 (negative keys as unsigned)");

    /* A spread of keys and bucket counts, recorded against CPython's. */
    {
        PyObject *results = PyList_New(0);
        unsigned long long key = 0x9E3779B97F4A7C15ULL;
        for (int i = 0; i < 200; i++) {
            key = key * 6364136223846793005ULL + 1442695040888963407ULL;
            PyObject *k = PyLong_FromUnsignedLongLong(key);
            PyObject *n = PyLong_FromLong(1 + (long)(key >> 40) % 100000);
            PyObject *r = take(call(hash, NULL, "(OO)", k, n));
            if (r != NULL) {
                PyList_Append(results, r);
                Py_DECREF(r);
            }
            Py_DECREF(k);
            Py_DECREF(n);
        }
        tap(PyList_GET_SIZE(results) == 200, "200 pseudo-random keys hash");
        PyObject *sum = PyNumber_Long(PyList_GET_ITEM(results, 0));
        record_value(results, "200 pseudo-random buckets");
        Py_XDECREF(sum);
        Py_DECREF(results);
    }
    /* Consistency: growing the bucket count moves a key only to the new bucket. */
    {
        int ok = 1;
        for (unsigned long long key = 0; key < 300 && ok; key++) {
            PyObject *k = PyLong_FromUnsignedLongLong(key * 0x100000001ULL);
            long prev = -1;
            for (long n = 1; n <= 40 && ok; n++) {
                PyObject *r = take(call(hash, NULL, "(Ol)", k, n));
                long b = r ? PyLong_AsLong(r) : -1;
                Py_XDECREF(r);
                if (b < 0 || b >= n || (prev >= 0 && b != prev && b != n - 1)) {
                    diag("key %llu, %ld buckets: %ld after %ld; ", key, n, b, prev);
                    ok = 0;
                }
                prev = b;
            }
            Py_DECREF(k);
        }
        tap(ok, "keys move only to the newest bucket as buckets grow (300 keys, 1..40)");
    }

    /* test_non_positive_bucket_number */
    expect_error(call(hash, NULL, "(ki)", 0xDEAD10CCUL, 0), PyExc_ValueError,
                 "'num_buckets' must be a positive number, got 0", "hash(key, 0) raises ValueError");
    expect_error(call(hash, NULL, "(ki)", 0xDEAD10CCUL, -10), PyExc_ValueError,
                 "'num_buckets' must be a positive number, got -10", "hash(key, -10) raises ValueError");
    expect_error(call(hash, NULL, "(ki)", 0xDEAD10CCUL, -666), PyExc_ValueError,
                 "'num_buckets' must be a positive number, got -666", "hash(key, -666) raises ValueError");
    /* test_bucket_number_outside_int32 */
    expect_error(call(hash, NULL, "(kL)", 0xDEAD10CCUL, 2147483648LL), PyExc_OverflowError,
                 "signed integer is greater than maximum", "hash(key, 2**31) raises OverflowError");
    expect_error(call(hash, NULL, "(kL)", 0xDEAD10CCUL, -2147483649LL), PyExc_OverflowError,
                 "signed integer is less than minimum", "hash(key, -2**31 - 1) raises OverflowError");
    {
        PyObject *big = PyLong_FromString("1" "000000000000000000000000000000", NULL, 10);
        record(call(hash, NULL, "(iO)", 1, big), "hash(1, 10**30)");
        PyObject *neg = PyNumber_Negative(big);
        record(call(hash, NULL, "(iO)", 1, neg), "hash(1, -10**30)");
        Py_DECREF(neg);
        Py_DECREF(big);
    }
    /* test_non_integer_argument */
    record(call(hash, NULL, "(id)", 42, 57.9), "hash(42, 57.9)");
    record(call(hash, NULL, "(di)", 1.5, 57), "hash(1.5, 57)");
    record(call(hash, NULL, "(si)", "42", 57), "hash('42', 57)");
    record(call(hash, NULL, "(Oi)", Py_True, 57), "hash(True, 57)");
    record(call(hash, NULL, "(iO)", 42, Py_None), "hash(42, None)");
    /* The argument count. */
    record(call(hash, NULL, "(i)", 42), "hash(42)");
    record(call(hash, NULL, "(iii)", 42, 57, 1), "hash(42, 57, 1)");
    record(call(hash, NULL, "()"), "hash()");
    record(call(hash, kw_dict("{s:i,s:i}", "key", 1, "num_buckets", 2), "()"), "hash(key=1, num_buckets=2)");

    Py_DECREF(hash);
}

CORPUS_MAIN("_jump", run)
