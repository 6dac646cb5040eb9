/* zfec 1.6.0.0's `zfec._fec`: static types made ready with PyType_Ready
 * (Encoder, Decoder: tp_new + tp_init with "ii:Encoder.__init__" keywords,
 * T_SHORT READONLY members k and m), METH_VARARGS methods taking sequences
 * through PySequence_Fast and returning lists (PyList_New/SetItem) whose
 * primary blocks are the very input objects, `_fec.Error` from
 * PyErr_NewException put in the module dict, and the GIL released around
 * the codec.
 *
 * Vectors: zfec/test/test_zfec.py (test_from_agl_c/_py, test_small and
 * test_random round trips -- driven here by a fixed-seed generator -- and
 * the bad-argument tests).
 */
#include "corpus.h"

static PyObject *Encoder, *Decoder, *Error;
static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned next_rand(unsigned bound)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % bound);
}

/* _h(k, m, ss): encode k blocks into m, decode from a random k of them. */
static int round_trip(int k, int m, Py_ssize_t len)
{
    PyObject *ss = PyList_New(k);
    for (int i = 0; i < k; i++) {
        PyObject *b = PyBytes_FromStringAndSize(NULL, len);
        for (Py_ssize_t j = 0; j < len; j++)
            PyBytes_AS_STRING(b)[j] = (char)next_rand(256);
        PyList_SET_ITEM(ss, i, b);
    }
    int ok = 0;
    PyObject *enc = take(call(Encoder, NULL, "(ii)", k, m));
    PyObject *blocks = enc ? take(call_attr(enc, "encode", NULL, "(O)", ss)) : NULL;
    if (blocks != NULL && PyList_Check(blocks) && PyList_GET_SIZE(blocks) == m) {
        /* the first k blocks are the primary blocks themselves */
        int primaries_shared = 1;
        for (int i = 0; i < k; i++)
            primaries_shared &= PyList_GET_ITEM(blocks, i) == PyList_GET_ITEM(ss, i);
        /* random.sample(nums_and_blocks, k) */
        int *order = malloc(sizeof(int) * (size_t)m);
        for (int i = 0; i < m; i++)
            order[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + (int)next_rand((unsigned)(m - i));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        PyObject *chosen = PyTuple_New(k), *nums = PyList_New(k);
        for (int i = 0; i < k; i++) {
            PyObject *b = PyList_GET_ITEM(blocks, order[i]);
            Py_INCREF(b);
            PyTuple_SET_ITEM(chosen, i, b);
            PyList_SET_ITEM(nums, i, PyLong_FromLong(order[i]));
        }
        free(order);
        PyObject *dec = take(call(Decoder, NULL, "(ii)", k, m));
        PyObject *decoded = dec ? take(call_attr(dec, "decode", NULL, "(OO)", chosen, nums)) : NULL;
        ok = primaries_shared && decoded != NULL && PyList_Check(decoded) && PyList_GET_SIZE(decoded) == k;
        for (int i = 0; ok && i < k; i++)
            ok = PyObject_RichCompareBool(PyList_GET_ITEM(decoded, i), PyList_GET_ITEM(ss, i), Py_EQ) == 1;
        if (!primaries_shared)
            diag("encode() did not return the primary blocks themselves; ");
        Py_XDECREF(decoded);
        Py_XDECREF(dec);
        Py_DECREF(nums);
        Py_DECREF(chosen);
    }
    Py_XDECREF(blocks);
    Py_XDECREF(enc);
    Py_DECREF(ss);
    return ok;
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    char what[200];
    Encoder = attr(module, "Encoder");
    Decoder = attr(module, "Decoder");
    Error = attr(module, "Error");
    expect_true(PyType_Check(Encoder) && PyType_Check(Decoder), "Encoder and Decoder are types");
    expect_true(PyObject_IsSubclass(Error, PyExc_Exception) == 1, "_fec.Error is an Exception subclass");

    PyObject *agl = attr(module, "test_from_agl");
    expect_is(call(agl, NULL, "()"), Py_True, "test_from_agl_c");
    Py_DECREF(agl);

    /* test_from_agl_py */
    PyObject *e = keep(call(Encoder, NULL, "(ii)", 3, 5), "Encoder(3, 5)");
    PyObject *k = PyObject_GetAttrString(e, "k"), *m = PyObject_GetAttrString(e, "m");
    expect_true(k && m && PyLong_AsLong(k) == 3 && PyLong_AsLong(m) == 5, "the k and m members read 3 and 5");
    Py_XDECREF(k);
    Py_XDECREF(m);
    PyObject *seven = PyLong_FromLong(7);
    int refused = PyObject_SetAttrString(e, "k", seven) < 0 && PyErr_ExceptionMatches(PyExc_AttributeError);
    PyErr_Clear();
    Py_DECREF(seven);
    expect_true(refused, "the READONLY member k refuses assignment with AttributeError");
    static const char b0[] = "\x01\x01\x01\x01\x01\x01\x01\x01", b1[] = "\x02\x02\x02\x02\x02\x02\x02\x02",
                      b2[] = "\x03\x03\x03\x03\x03\x03\x03\x03";
    PyObject *checks = keep(call_attr(e, "encode", NULL, "([y#y#y#](ii))", b0, (Py_ssize_t)8, b1, (Py_ssize_t)8, b2,
                                      (Py_ssize_t)8, 3, 4),
                            "encode([b0, b1, b2], (3, 4))");
    expect_true(PyList_Check(checks) && PyList_GET_SIZE(checks) == 2, "two check blocks come back in a list");
    PyObject *d = keep(call(Decoder, NULL, "(ii)", 3, 5), "Decoder(3, 5)");
    PyObject *r = keep(call_attr(d, "decode", NULL, "((y#OO)(iii))", b2, (Py_ssize_t)8, PyList_GET_ITEM(checks, 0),
                                 PyList_GET_ITEM(checks, 1), 2, 3, 4),
                       "decode((b2, b3, b4), (2, 3, 4))");
    int recovered = PyList_Check(r) && PyList_GET_SIZE(r) == 3;
    const char *want[] = {b0, b1, b2};
    for (int i = 0; recovered && i < 3; i++) {
        PyObject *blk = PyList_GET_ITEM(r, i);
        recovered = PyBytes_Check(blk) && PyBytes_GET_SIZE(blk) == 8 && memcmp(PyBytes_AS_STRING(blk), want[i], 8) == 0;
    }
    expect_true(recovered, "the decoder recovers b0, b1, b2");
    Py_DECREF(r);
    Py_DECREF(d);
    Py_DECREF(checks);
    Py_DECREF(e);

    /* test_small: block lengths 0..15 over a spread of k <= m <= 256 */
    for (int i = 0; i < 60; i++) {
        int mm = 1 + (int)next_rand(256);
        int kk = 1 + (int)next_rand((unsigned)mm);
        int l = (int)next_rand(16);
        snprintf(what, sizeof what, "round trip k=%d m=%d block length %d", kk, mm, l / kk);
        expect_true(round_trip(kk, mm, l / kk), what);
    }
    /* test_random: lengths up to 2**9 */
    for (int i = 0; i < 6; i++) {
        int mm = 1 + (int)next_rand(256);
        int kk = 1 + (int)next_rand((unsigned)mm);
        int l = (int)next_rand(512);
        snprintf(what, sizeof what, "random round trip k=%d m=%d block length %d", kk, mm, l / kk);
        expect_true(round_trip(kk, mm, l / kk), what);
    }
    expect_true(round_trip(1, 1, 100), "k = m = 1");
    expect_true(round_trip(256, 256, 3), "k = m = 256");

    /* test_bad_args_construct_* */
    expect_error(call(Encoder, NULL, "()"), PyExc_TypeError, "Encoder.__init__() missing required argument 'k' (pos 1)",
                 "Encoder() without arguments");
    expect_error(call(Decoder, NULL, "()"), PyExc_TypeError, "Decoder.__init__() missing required argument 'k' (pos 1)",
                 "Decoder() without arguments");
    expect_error(call(Decoder, NULL, "(ii)", -1, -1), Error,
                 "Precondition violation: first argument is required to be greater than or equal to 1, but it was -1",
                 "Decoder(-1, -1)");
    expect_error(call(Decoder, NULL, "(ii)", 1, 257), Error,
                 "Precondition violation: second argument is required to be less than or equal to 256, but it was 257",
                 "Decoder(1, 257)");
    expect_error(call(Decoder, NULL, "(ii)", 3, 2), Error,
                 "Precondition violation: first argument is required to be less than or equal to the second argument, "
                 "but they were 3 and 2 respectively",
                 "Decoder(3, 2)");
    expect_error(call(Encoder, NULL, "(ii)", -1, -1), Error,
                 "Precondition violation: first argument is required to be greater than or equal to 1, but it was -1",
                 "Encoder(-1, -1)");
    expect_error(call(Encoder, NULL, "(ii)", 1, 257), Error,
                 "Precondition violation: second argument is required to be less than or equal to 256, but it was 257",
                 "Encoder(1, 257)");
    expect_error(call(Encoder, NULL, "(is)", 1, "2"), PyExc_TypeError, "'str' object cannot be interpreted as an integer",
                 "Encoder(1, '2')");
    PyObject *kwargs = Py_BuildValue("{s:i,s:i}", "k", 2, "m", 3);
    PyObject *enc = keep(call(Encoder, kwargs, "()"), "Encoder(k=2, m=3) by keyword");
    expect_error(call_attr(enc, "encode", NULL, "([y#y#])", "ab", (Py_ssize_t)2, "abc", (Py_ssize_t)3), Error,
                 "Precondition violation: Input blocks are required to be all the same length.  length of one block "
                 "was: 2, length of another block was: 3",
                 "encode() of blocks of different lengths");
    expect_error(call_attr(enc, "encode", NULL, "([y#])", "ab", (Py_ssize_t)2), Error,
                 "Precondition violation: Wrong length -- first argument (the sequence of input blocks) is required to "
                 "contain exactly k blocks.  len(first): 1, k: 2",
                 "encode() of too few blocks");
    Py_DECREF(enc);

    /* test_bad_args_dec */
    PyObject *decer = keep(call(Decoder, NULL, "(ii)", 2, 4), "Decoder(2, 4)");
    expect_error(call_attr(decer, "decode", NULL, "(i[])", 98), PyExc_TypeError, "First argument was not a sequence.",
                 "decode(98, [])");
    expect_error(call_attr(decer, "decode", NULL, "([ss][ss])", "a", "b", "c", "d"), Error,
                 "Precondition violation: second argument is required to contain int.", "decode(['a', 'b'], ['c', 'd'])");
    expect_error(call_attr(decer, "decode", NULL, "([ss]i)", "a", "b", 98), PyExc_TypeError,
                 "Second argument was not a sequence.", "decode(['a', 'b'], 98)");
    expect_error(call_attr(decer, "decode", NULL, "([ss])", "a", "b"), PyExc_TypeError,
                 "Decoder.decode() takes exactly 2 arguments (1 given)", "decode() with one argument");
    Py_DECREF(decer);
    Py_DECREF(Error);
    Py_DECREF(Decoder);
    Py_DECREF(Encoder);
}

CORPUS_MAIN("_fec", run)
