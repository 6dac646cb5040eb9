/* cobs 1.2.2: Consistent Overhead Byte Stuffing, METH_O encode/decode
 * over any buffer (PyObject_GetBuffer, refusing str), a DecodeError made
 * with PyErr_NewException, results built with PyBytes_FromStringAndSize
 * and _PyBytes_Resize; buffers requested with PyBUF_FORMAT alone.
 *
 * Vectors: src/cobs/cobs/test.py (PredefinedEncodingsTests,
 * PredefinedDecodeErrorTests, ZerosTest, NonZerosTest,
 * test_non_zeros_and_trailing_zero, RandomDataTest with a fixed
 * generator, InputTypesTest: bytes, bytearray, memoryview, array('B'),
 * and the str/int TypeErrors).
 */
#include "corpus.h"

static PyObject *encode, *decode, *decode_error;

static const struct {
    const char *raw;
    Py_ssize_t raw_len;
    const char *enc;
    Py_ssize_t enc_len;
} PREDEFINED[] = {
    {"", 0, "\x01", 1},
    {"1", 1, "\x02" "1", 2},
    {"12345", 5, "\x06" "12345", 6},
    {"12345\x00" "6789", 10, "\x06" "12345\x05" "6789", 11},
    {"\x00" "12345\x00" "6789", 11, "\x01\x06" "12345\x05" "6789", 12},
    {"12345\x00" "6789\x00", 11, "\x06" "12345\x05" "6789\x01", 12},
    {"\x00", 1, "\x01\x01", 2},
    {"\x00\x00", 2, "\x01\x01\x01", 3},
    {"\x00\x00\x00", 3, "\x01\x01\x01\x01", 4},
};

/* The test file's infinite_non_zero_generator, as a resumable state. */
typedef struct {
    int i, j;
} NonZeros;

static unsigned char next_non_zero(NonZeros *g)
{
    if (g->i == 0) {
        g->i = 1;
        g->j = 1;
    }
    unsigned char v = (unsigned char)g->j;
    g->j += g->i;
    if (g->j >= 256) {
        g->i = g->i + 1 >= 50 ? 1 : g->i + 1;
        g->j = 1;
    }
    return v;
}

/* NonZerosTest.simple_encode_non_zeros_only; returns the length. */
static size_t simple_encode(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i += 254) {
        size_t block = n - i < 254 ? n - i : 254;
        out[o++] = (unsigned char)(block + 1);
        memcpy(out + o, in + i, block);
        o += block;
    }
    return o;
}

/* encode(raw) must be `enc` and decode(enc) must be raw, one TAP line. */
static void both_ways(const unsigned char *raw, Py_ssize_t raw_len, const unsigned char *enc, Py_ssize_t enc_len,
                      const char *what)
{
    PyObject *r = PyBytes_FromStringAndSize((const char *)raw, raw_len);
    PyObject *e = PyBytes_FromStringAndSize((const char *)enc, enc_len);
    PyObject *got = take(call(encode, NULL, "(O)", r));
    int ok = got != NULL && bytes_equal(got, &PyBytes_Type, enc, enc_len);
    Py_XDECREF(got);
    got = take(call(decode, NULL, "(O)", e));
    ok = ok && got != NULL && bytes_equal(got, &PyBytes_Type, raw, raw_len);
    Py_XDECREF(got);
    Py_DECREF(r);
    Py_DECREF(e);
    tap(ok, what);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    encode = attr(module, "encode");
    decode = attr(module, "decode");
    decode_error = attr(module, "DecodeError");
    PyObject *mro = attr(decode_error, "__mro__");
    record_value(mro, "DecodeError.__mro__");
    Py_DECREF(mro);

    /* PredefinedEncodingsTests (the literal ones, then the byte ranges). */
    for (size_t i = 0; i < sizeof PREDEFINED / sizeof PREDEFINED[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "predefined encoding %zu", i);
        both_ways((const unsigned char *)PREDEFINED[i].raw, PREDEFINED[i].raw_len,
                  (const unsigned char *)PREDEFINED[i].enc, PREDEFINED[i].enc_len, what);
    }
    {
        unsigned char raw[256], enc[300];
        for (int i = 0; i < 256; i++)
            raw[i] = (unsigned char)i;
        /* range(1, 254), range(1, 255): one block each. */
        enc[0] = 0xfe;
        memcpy(enc + 1, raw + 1, 253);
        both_ways(raw + 1, 253, enc, 254, "bytes(range(1, 254))");
        enc[0] = 0xff;
        memcpy(enc + 1, raw + 1, 254);
        both_ways(raw + 1, 254, enc, 255, "bytes(range(1, 255))");
        enc[255] = 0x02;
        enc[256] = 0xff;
        both_ways(raw + 1, 255, enc, 257, "bytes(range(1, 256))");
        unsigned char enc0[300] = {0x01};
        memcpy(enc0 + 1, enc, 257);
        both_ways(raw, 256, enc0, 258, "bytes(range(0, 256))");
    }

    /* PredefinedDecodeErrorTests */
    static const struct {
        const char *s;
        Py_ssize_t n;
    } BAD[] = {{"\x00", 1}, {"\x05" "123", 4}, {"\x05" "1234\x00", 6}, {"\x05" "12\x00" "4", 5}};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "decode error %zu", i);
        PyObject *b = PyBytes_FromStringAndSize(BAD[i].s, BAD[i].n);
        record(call(decode, NULL, "(O)", b), what);
        Py_DECREF(b);
    }

    /* ZerosTest: lengths 0..519. */
    {
        unsigned char zeros[520] = {0}, ones[521];
        memset(ones, 1, sizeof ones);
        int ok = 1;
        for (int n = 0; n < 520 && ok; n++) {
            PyObject *r = PyBytes_FromStringAndSize((const char *)zeros, n);
            PyObject *got = take(call(encode, NULL, "(O)", r));
            ok = got != NULL && bytes_equal(got, &PyBytes_Type, ones, n + 1);
            PyObject *back = got ? take(call(decode, NULL, "(O)", got)) : NULL;
            ok = ok && back != NULL && bytes_equal(back, &PyBytes_Type, zeros, n);
            if (!ok)
                diag("length %d; ", n);
            Py_XDECREF(back);
            Py_XDECREF(got);
            Py_DECREF(r);
        }
        tap(ok, "zeros of lengths 0..519 encode to ones and back");
    }

    /* NonZerosTest and test_non_zeros_and_trailing_zero: lengths 1..999. */
    {
        static unsigned char in[1001], expected[1100];
        int ok = 1, ok_trailing = 1;
        for (int n = 1; n < 1000; n++) {
            NonZeros g = {0, 0};
            for (int k = 0; k < n; k++)
                in[k] = next_non_zero(&g);
            size_t len = simple_encode(in, (size_t)n, expected);
            PyObject *r = PyBytes_FromStringAndSize((const char *)in, n);
            PyObject *got = take(call(encode, NULL, "(O)", r));
            if (got == NULL || !bytes_equal(got, &PyBytes_Type, expected, (Py_ssize_t)len)) {
                if (ok)
                    diag("non-zeros of length %d; ", n);
                ok = 0;
            }
            Py_XDECREF(got);
            Py_DECREF(r);
            in[n] = 0;
            if (n % 254 == 0) {
                expected[len++] = 1;
                expected[len++] = 1;
            } else {
                expected[len++] = 1;
            }
            r = PyBytes_FromStringAndSize((const char *)in, n + 1);
            got = take(call(encode, NULL, "(O)", r));
            if (got == NULL || !bytes_equal(got, &PyBytes_Type, expected, (Py_ssize_t)len)) {
                if (ok_trailing)
                    diag("non-zeros + b'\\x00' of length %d; ", n);
                ok_trailing = 0;
            }
            Py_XDECREF(got);
            Py_DECREF(r);
        }
        tap(ok, "non-zero bytes of lengths 1..999");
        tap(ok_trailing, "non-zero bytes of lengths 1..999 plus a trailing zero");
    }

    /* RandomDataTest, with a fixed linear congruential generator. */
    {
        static unsigned char buf[2001];
        unsigned long long state = 0x2545F4914F6CDD1DULL;
        int ok = 1;
        for (int t = 0; t < 300 && ok; t++) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            int n = (int)((state >> 33) % 2001);
            for (int k = 0; k < n; k++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                buf[k] = (unsigned char)(state >> 56);
            }
            PyObject *r = PyBytes_FromStringAndSize((const char *)buf, n);
            PyObject *enc = take(call(encode, NULL, "(O)", r));
            ok = enc != NULL && memchr(PyBytes_AS_STRING(enc), 0, (size_t)PyBytes_GET_SIZE(enc)) == NULL
                 && PyBytes_GET_SIZE(enc) <= n + 1 + n / 254;
            PyObject *dec = enc ? take(call(decode, NULL, "(O)", enc)) : NULL;
            ok = ok && dec != NULL && bytes_equal(dec, &PyBytes_Type, buf, n);
            if (!ok)
                diag("random case %d (length %d); ", t, n);
            Py_XDECREF(dec);
            Py_XDECREF(enc);
            Py_DECREF(r);
        }
        tap(ok, "300 random strings: no zero in the encoding, bounded size, round trip");
    }

    /* InputTypesTest: any buffer of bytes; str and int refused. */
    {
        PyObject *ba = PyByteArray_FromStringAndSize("12345\x00" "6789", 10);
        expect_bytes(call(encode, NULL, "(O)", ba), "\x06" "12345\x05" "6789", 11, "encode(bytearray)");
        PyObject *eb = PyByteArray_FromStringAndSize("\x06" "12345\x05" "6789", 11);
        expect_bytes(call(decode, NULL, "(O)", eb), "12345\x00" "6789", 10, "decode(bytearray)");
        PyObject *mv = PyMemoryView_FromObject(ba);
        /* A memoryview is refused: cobs asks for PyBUF_FORMAT without
           PyBUF_ND, which memoryview's getbuffer rejects. */
        record(call(encode, NULL, "(O)", mv), "encode(memoryview(bytearray))");
        PyObject *array_mod = PyImport_ImportModule("array");
        PyObject *arr = array_mod ? PyObject_CallMethod(array_mod, "array", "sO", "B", ba) : NULL;
        if (arr == NULL)
            bail("cannot make array('B')");
        record(call(encode, NULL, "(O)", arr), "encode(array('B', ...))");
        PyObject *arr_enc = PyObject_CallMethod(array_mod, "array", "sO", "B", eb);
        record(call(decode, NULL, "(O)", arr_enc), "decode(array('B', ...))");
        PyObject *arr_h = PyObject_CallMethod(array_mod, "array", "s[ii]", "H", 1, 0);
        record(call(encode, NULL, "(O)", arr_h), "encode(array('H', [1, 0]))");
        PyObject *mv_h = PyMemoryView_FromObject(arr_h);
        record(call(encode, NULL, "(O)", mv_h), "encode(memoryview(array('H')))");
        PyObject *bytes_mv = PyBytes_FromStringAndSize("ab\x00", 3);
        PyObject *mv_b = PyMemoryView_FromObject(bytes_mv);
        record(call(encode, NULL, "(O)", mv_b), "encode(memoryview(b'ab\\x00'))");
        PyObject *mv_slice = PySequence_GetSlice(mv, 2, 8);
        record(call(encode, NULL, "(O)", mv_slice), "encode(memoryview(bytearray)[2:8])");
        record(call(encode, NULL, "(s)", "12345"), "encode('12345') (str refused)");
        record(call(decode, NULL, "(s)", "\x02" "1"), "decode('\\x021') (str refused)");
        record(call(encode, NULL, "(i)", 5), "encode(5)");
        record(call(decode, NULL, "(O)", Py_None), "decode(None)");
        Py_DECREF(mv_slice);
        Py_DECREF(mv_b);
        Py_DECREF(bytes_mv);
        Py_DECREF(mv_h);
        Py_DECREF(arr_h);
        Py_DECREF(arr_enc);
        Py_DECREF(arr);
        Py_DECREF(array_mod);
        Py_DECREF(mv);
        Py_DECREF(eb);
        Py_DECREF(ba);
    }
    record(call(encode, NULL, "()"), "encode()");
    record(call(encode, NULL, "(yy)", "a", "b"), "encode(b'a', b'b')");

    Py_DECREF(encode);
    Py_DECREF(decode);
    Py_DECREF(decode_error);
}

CORPUS_MAIN("_cobs_ext", run)
