/* python-lzf 0.2.6's `lzf` module: compress(input, max_len=None) and
 * decompress(input, max_len), both "s#"-parsed METH_VARARGS functions.
 *
 * Vectors: the upstream tests.py (the sdist ships none) -- round trips of
 * a short string, a repetitive one and the module's own C source (read
 * from the sdist), the max_len edge cases -- plus the argument errors that
 * "s#" and the module raise.
 */
#include "corpus.h"

static void round_trip(PyObject *compress, PyObject *decompress, PyObject *val, const char *label)
{
    char what[160];
    Py_ssize_t len = PyBytes_GET_SIZE(val);
    /* tests.py compresses str values; "s#" hands C their UTF-8. */
    PyObject *text = PyUnicode_DecodeUTF8(PyBytes_AS_STRING(val), len, "strict");
    if (text == NULL)
        bail("%s is not UTF-8", label);

    /* lzf output is within 104% of the input, so 2*len always fits. */
    snprintf(what, sizeof what, "%s: compress(str, 2*len) succeeds", label);
    PyObject *c = keep(call(compress, NULL, "(On)", text, 2 * len), what);
    snprintf(what, sizeof what, "%s: a bytes result", label);
    expect_true(PyBytes_CheckExact(c), what);

    snprintf(what, sizeof what, "%s: compressing bytes gives the same", label);
    expect_same_bytes(call(compress, NULL, "(On)", val, 2 * len), c, what);

    snprintf(what, sizeof what, "%s: decompress(c, len) gives the input back", label);
    expect_same_bytes(call(decompress, NULL, "(On)", c, len), val, what);

    snprintf(what, sizeof what, "%s: decompress(c, len - 1) is None", label);
    expect_is(call(decompress, NULL, "(On)", c, len - 1), Py_None, what);

    snprintf(what, sizeof what, "%s: compress(x, -6) is refused", label);
    expect_error(call(compress, NULL, "(Oi)", text, -6), PyExc_ValueError, "max_len must be > 0", what);

    snprintf(what, sizeof what, "%s: decompress(c, -1) is refused", label);
    expect_error(call(decompress, NULL, "(Oi)", c, -1), PyExc_ValueError, "max_len cannot be less than 0", what);
    Py_DECREF(c);
    Py_DECREF(text);
}

static void run(PyObject *module, const char *sdist)
{
    PyObject *compress = attr(module, "compress");
    PyObject *decompress = attr(module, "decompress");

    PyObject *shortv = PyBytes_FromString("this is a test");
    round_trip(compress, decompress, shortv, "short string");

    const char *unit = "a longer string, repeating. ";
    PyObject *repeated = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)strlen(unit) * 500);
    for (int i = 0; i < 500; i++)
        memcpy(PyBytes_AS_STRING(repeated) + i * strlen(unit), unit, strlen(unit));
    round_trip(compress, decompress, repeated, "string with repetition");

    PyObject *source = read_file(sdist, "lzf_module.c");
    round_trip(compress, decompress, source, "long string, no repetition");

    /* The default max_len is len - 1: a short string does not shrink. */
    expect_is(call(compress, NULL, "(O)", shortv), Py_None, "compress(short) without max_len is None");
    PyObject *c = keep(call(compress, NULL, "(O)", repeated), "compress(repetitive) without max_len");
    expect_same_bytes(call(decompress, NULL, "(On)", c, PyBytes_GET_SIZE(repeated)), repeated,
                      "...and it decompresses");
    Py_DECREF(c);

    /* A literal run longer than the input left (lzf_d.c: EINVAL). */
    expect_error(call(decompress, NULL, "(y#i)", "\x05" "ab", (Py_ssize_t)3, 100), PyExc_ValueError,
                 "error in compressed data", "corrupt input is refused");
    expect_error(call(compress, NULL, "(Os)", shortv, "many"), PyExc_TypeError, "max_len must be an integer",
                 "a str max_len is refused");

    /* "s#" takes str and read-only buffers, not bytearray or int. */
    PyObject *ba = PyByteArray_FromStringAndSize("abc", 3);
    expect_error(call(compress, NULL, "(Oi)", ba, 10), PyExc_TypeError,
                 "argument 1 must be read-only bytes-like object, not bytearray", "a bytearray is refused by s#");
    Py_DECREF(ba);
    expect_error(call(compress, NULL, "(ii)", 1, 10), PyExc_TypeError,
                 "a bytes-like object is required, not 'int'", "an int is refused by s#");
    expect_error(call(decompress, NULL, "(y#)", "x", (Py_ssize_t)1), PyExc_TypeError,
                 "function takes exactly 2 arguments (1 given)", "decompress needs max_len");
    expect_error(call(compress, NULL, "()"), PyExc_TypeError, "function takes at least 1 argument (0 given)",
                 "compress needs input");
    expect_error(call(compress, NULL, "(sii)", "x", 1, 2), PyExc_TypeError,
                 "function takes at most 2 arguments (3 given)", "compress takes at most two");

    Py_DECREF(source);
    Py_DECREF(repeated);
    Py_DECREF(shortv);
    Py_DECREF(decompress);
    Py_DECREF(compress);
}

CORPUS_MAIN("lzf", run)
