/* lz4 4.4.5's `lz4.block._block`: compress(source, mode, store_size,
 * acceleration, compression, return_bytearray, dict) and decompress(source,
 * uncompressed_size, return_bytearray, dict), keyword-parsed with
 * "y*|spiipz*" / "y*|ipz*", releasing the GIL around the codec, and the
 * module's LZ4BlockError (PyErr_NewExceptionWithDoc).
 *
 * Vectors: tests/block/test_block_0.py (round trips over every mode,
 * store_size, return_bytearray and dict variation) and test_block_1.py
 * (known decompressions, truncation, trailers, overflow, dicts).
 */
#include "corpus.h"

static PyObject *compress, *decompress, *block_error;

static PyObject *kw(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (d == NULL)
        bail("bad keyword format %s", fmt);
    return d;
}

static PyObject *repeat(const char *unit, int times)
{
    Py_ssize_t n = (Py_ssize_t)strlen(unit);
    PyObject *b = PyBytes_FromStringAndSize(NULL, n * times);
    for (int i = 0; i < times; i++)
        memcpy(PyBytes_AS_STRING(b) + i * n, unit, (size_t)n);
    return b;
}

static void round_trips(PyObject *data, const char *label)
{
    static const char *modes[] = {"default", "fast", "high_compression"};
    char what[200];
    for (int m = 0; m < 3; m++) {
        for (int store = 0; store < 2; store++) {
            for (int ba = 0; ba < 2; ba++) {
                PyObject *c = keep(call(compress, kw("{s:s,s:O,s:O}", "mode", modes[m], "store_size",
                                                     store ? Py_True : Py_False, "return_bytearray",
                                                     ba ? Py_True : Py_False),
                                        "(O)", data),
                                   "compress");
                const char *cdata = ba ? PyByteArray_AS_STRING(c) : PyBytes_AS_STRING(c);
                if (store) {
                    /* get_stored_size(): a little-endian u32 of the input length */
                    const unsigned char *h = (const unsigned char *)cdata;
                    unsigned long stored = h[0] | (h[1] << 8) | (h[2] << 16) | ((unsigned long)h[3] << 24);
                    snprintf(what, sizeof what, "%s %s: the stored size is the input's", label, modes[m]);
                    expect_true(stored == (unsigned long)PyBytes_GET_SIZE(data), what);
                }
                snprintf(what, sizeof what, "%s %s store_size=%d return_bytearray=%d: round trip", label, modes[m],
                         store, ba);
                PyObject *r = store ? call(decompress, kw("{s:O}", "return_bytearray", ba ? Py_True : Py_False),
                                           "(O)", c)
                                    : call(decompress,
                                           kw("{s:n,s:O}", "uncompressed_size", PyBytes_GET_SIZE(data),
                                              "return_bytearray", ba ? Py_True : Py_False),
                                           "(O)", c);
                if (ba)
                    expect_bytearray(r, PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), what);
                else
                    expect_same_bytes(r, data, what);
                Py_DECREF(c);
            }
        }
    }
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    compress = attr(module, "compress");
    decompress = attr(module, "decompress");
    block_error = attr(module, "LZ4BlockError");
    expect_true(PyType_Check(block_error) && PyObject_IsSubclass(block_error, PyExc_Exception) == 1,
                "LZ4BlockError is an Exception subclass");

    /* test_known_decompress_1..4 */
    expect_bytes(call(decompress, NULL, "(y#)", "\0\0\0\0\0", (Py_ssize_t)5), "", 0, "known decompress 1 (empty)");
    expect_bytes(call(decompress, NULL, "(y#)", "\x01\0\0\0\x10 ", (Py_ssize_t)6), " ", 1,
                 "known decompress 2 (one space)");
    static const char k3[] = "h\0\0\0\xff\x0bLorem ipsum dolor sit amet\x1a\0" "6P amet";
    PyObject *lorem = repeat("Lorem ipsum dolor sit amet", 4);
    expect_same_bytes(call(decompress, NULL, "(y#)", k3, (Py_ssize_t)(sizeof k3 - 1)), lorem,
                      "known decompress 3 (lorem ipsum)");
    static const char k4_head[] = "\xb0\xb3\0\0\xff\x1f" "Excepteur sint occaecat cupidatat non proident.";
    char k4[256];
    size_t n4 = sizeof k4_head; /* with its NUL, which the vector has too */
    memcpy(k4, k4_head, n4);
    memset(k4 + n4, 0xff, 180);
    n4 += 180;
    memcpy(k4 + n4, "\x1ePident", 7);
    n4 += 7;
    PyObject *excepteur = repeat("Excepteur sint occaecat cupidatat non proident", 1000);
    expect_same_bytes(call(decompress, NULL, "(y#)", k4, (Py_ssize_t)n4), excepteur, "known decompress 4 (46000 bytes)");

    /* test_block_0's data shapes, through every option. */
    PyObject *digits = repeat("2099023098234882923049823094823094898239230982349081231290381209380981203981209381238901283098908123109238098123", 24);
    round_trips(lorem, "lorem");
    round_trips(digits, "digits");
    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    round_trips(empty, "empty");

    /* Any buffer is accepted as source ("y*"): bytearray and memoryview. */
    PyObject *c = keep(call(compress, NULL, "(O)", digits), "compress bytes");
    PyObject *ba = PyByteArray_FromObject(digits);
    expect_same_bytes(call(compress, NULL, "(O)", ba), c, "compress(bytearray) == compress(bytes)");
    PyObject *mv = PyMemoryView_FromObject(c);
    expect_same_bytes(call(decompress, NULL, "(O)", mv), digits, "decompress(memoryview)");
    Py_DECREF(mv);
    Py_DECREF(ba);

    /* test_decompress_truncated */
    expect_error(call(decompress, NULL, "(y#)", "", (Py_ssize_t)0), PyExc_ValueError,
                 "Input source data size too small", "decompress(b'') is refused");
    expect_error(call(decompress, NULL, "(y#)", PyBytes_AS_STRING(c), (Py_ssize_t)1), PyExc_ValueError,
                 "Input source data size too small", "decompress of 1 byte is refused");
    static const Py_ssize_t cuts[] = {24, 25, 27, 67, 85};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        expect_error(call(decompress, NULL, "(y#)", PyBytes_AS_STRING(c), cuts[i]), block_error, NULL,
                     "truncated input raises LZ4BlockError");
    expect_error(call(decompress, NULL, "(y#)", PyBytes_AS_STRING(c), PyBytes_GET_SIZE(c) - 2), block_error, NULL,
                 "input cut by 2 bytes raises LZ4BlockError");

    /* test_decompress_with_trailer */
    PyObject *a64 = repeat("A", 64);
    PyObject *comp = keep(call(compress, NULL, "(O)", a64), "compress(b'A' * 64)");
    static const char *failed = "Decompression failed: corrupt input or insufficient space in destination buffer. Error code: *";
    char buf[512];
    Py_ssize_t clen = PyBytes_GET_SIZE(comp);
    memcpy(buf, PyBytes_AS_STRING(comp), (size_t)clen);
    buf[clen] = 'A';
    expect_error(call(decompress, NULL, "(y#)", buf, clen + 1), block_error, failed, "a trailing byte is refused");
    memcpy(buf + clen, PyBytes_AS_STRING(comp), (size_t)clen);
    expect_error(call(decompress, NULL, "(y#)", buf, 2 * clen), block_error, failed, "a doubled block is refused");

    /* test_decompress_without_leak: a header claiming 79 bytes */
    memcpy(buf, PyBytes_AS_STRING(comp), (size_t)clen);
    buf[0] = 0x4f;
    expect_error(call(decompress, NULL, "(y#)", buf, clen), block_error,
                 "Decompressor wrote 64 bytes, but 79 bytes expected from header", "a lying header is refused");

    /* test_decompress_with_small_buffer */
    PyObject *raw = keep(call(compress, kw("{s:O}", "store_size", Py_False), "(O)", a64), "compress without size");
    expect_error(call(decompress, kw("{s:i}", "uncompressed_size", 60), "(O)", raw), block_error, failed,
                 "uncompressed_size too small is refused");

    /* test_decompress_ui32_overflow: "i" refuses 2**32 + 64 */
    PyObject *big = PyLong_FromUnsignedLongLong((1ULL << 32) + 64);
    expect_error(call(decompress, kw("{s:O}", "uncompressed_size", big), "(y#)", PyBytes_AS_STRING(comp) + 4,
                      clen - 4),
                 PyExc_OverflowError, "signed integer is greater than maximum", "uncompressed_size of 2**32 + 64");
    Py_DECREF(big);

    /* test_with_dict / test_with_dict_none */
    PyObject *dict1 = PyBytes_FromStringAndSize(PyBytes_AS_STRING(digits) + 10, 20);
    PyObject *dict2 = PyBytes_FromStringAndSize(PyBytes_AS_STRING(digits) + 20, 20);
    static const char *modes[] = {"default", "high_compression"};
    for (int m = 0; m < 2; m++) {
        PyObject *cd = keep(call(compress, kw("{s:s,s:O}", "mode", modes[m], "dict", dict1), "(O)", digits),
                            "compress with a dict");
        expect_error(call(decompress, NULL, "(O)", cd), block_error, failed, "decompress without the dict fails");
        PyObject *short_dict = PyBytes_FromStringAndSize(PyBytes_AS_STRING(dict1), 2);
        expect_error(call(decompress, kw("{s:O}", "dict", short_dict), "(O)", cd), block_error, failed,
                     "decompress with a truncated dict fails");
        Py_DECREF(short_dict);
        PyObject *wrong = keep(call(decompress, kw("{s:O}", "dict", dict2), "(O)", cd), "decompress with another dict");
        expect_true(PyObject_RichCompareBool(wrong, digits, Py_NE) == 1, "...gives other data");
        Py_DECREF(wrong);
        expect_same_bytes(call(decompress, kw("{s:O}", "dict", dict1), "(O)", cd), digits,
                          "decompress with the dict round-trips");
        Py_DECREF(cd);
        PyObject *cn = keep(call(compress, kw("{s:s,s:O}", "mode", modes[m], "dict", Py_None), "(O)", digits),
                            "compress with dict=None");
        expect_same_bytes(call(decompress, kw("{s:s}", "dict", ""), "(O)", cn), digits, "dict='' (a str) is accepted");
        expect_same_bytes(call(decompress, kw("{s:y}", "dict", ""), "(O)", cn), digits, "dict=b'' is accepted");
        Py_DECREF(cn);
    }
    expect_same_bytes(call(decompress, kw("{s:O}", "dict", dict1), "(O)", c), digits,
                      "a dict on decompress only is harmless");

    /* Argument errors from PyArg_ParseTupleAndKeywords */
    expect_error(call(compress, NULL, "(s)", "x"), PyExc_TypeError, "a bytes-like object is required, not 'str'",
                 "test_unicode: compress(str) is refused by y*");
    expect_error(call(compress, kw("{s:s}", "mode", "slow"), "(O)", digits), PyExc_ValueError,
                 "Invalid mode argument: slow. Must be one of: standard, fast, high_compression", "an unknown mode");
    expect_error(call(compress, kw("{s:i}", "level", 3), "(O)", digits), PyExc_TypeError,
                 "'level' is an invalid keyword argument for this function", "an unknown keyword");
    expect_error(call(compress, kw("{s:O}", "source", digits), "(O)", digits), PyExc_TypeError,
                 "argument for function given by name ('source') and position (1)", "source given twice");
    expect_error(call(decompress, NULL, "()"), PyExc_TypeError,
                 "function missing required argument 'source' (pos 1)", "decompress without source");
    expect_error(call(decompress, NULL, "(OiiOi)", c, 1, 2, Py_None, 3), PyExc_TypeError,
                 "function takes at most 4 arguments (5 given)", "decompress with too many arguments");

    Py_DECREF(dict2);
    Py_DECREF(dict1);
    Py_DECREF(raw);
    Py_DECREF(comp);
    Py_DECREF(a64);
    Py_DECREF(c);
    Py_DECREF(empty);
    Py_DECREF(digits);
    Py_DECREF(excepteur);
    Py_DECREF(lorem);
    Py_DECREF(block_error);
    Py_DECREF(decompress);
    Py_DECREF(compress);
}

CORPUS_MAIN("_block", run)
