/* libscrc 1.8.1's `_crc32`: some thirty CRC-32 variants as METH_VARARGS
 * functions parsed with PyArg_ParseTuple("y*|I") (the optional previous
 * CRC continues a computation: PyTuple_Size(args) decides), a keyword
 * "y*|IIIppp" generator (hacker32: 'p' predicates), a table builder that
 * fills a list with PyList_SetItem + Py_BuildValue("I"), and
 * PyModule_AddStringConstant. The sibling modules (_crc8, _crc16, _crc64,
 * ...) are built the same way from the same sdist.
 *
 * Vectors: libscrc/test/crc32.py (do_basics, do_gradually).
 */
#include "corpus.h"

static const struct {
    const char *name;
    unsigned long check; /* of b'123456789' */
} CHECKS[] = {
    {"fsc", 0x0376E6E7},     {"crc32", 0xCBF43926},    {"iso_hdlc32", 0xCBF43926}, {"xz32", 0xCBF43926},
    {"pkzip", 0xCBF43926},   {"adccp", 0xCBF43926},    {"v_42", 0xCBF43926},       {"ecmxf", 0xCBF43926},
    {"mpeg2", 0x0376E6E7},   {"posix", 0x765E7680},    {"cksum", 0x765E7680},      {"bzip2", 0xFC891918},
    {"jamcrc", 0x340BC6D9},  {"autosar", 0x1697D06A},  {"crc32_c", 0xE3069283},    {"base91_c", 0xE3069283},
    {"iscsi", 0xE3069283},   {"crc32_d", 0x87315576},  {"crc32_q", 0x3010BF7F},    {"aixm", 0x3010BF7F},
    {"xfer", 0xBD0BE338},    {"base91_d", 0x87315576}, {"aal5", 0xFC891918},       {"cdma", 0x04C34ABF},
    {"philips", 0x0CE9E46C}, {"stm32", 0x1556F485},    {"fletcher32", 0xDF09D509},
};

/* do_gradually: f(b'6789', f(b'12345')) == f(b'123456789'). */
static const char *const GRADUAL[] = {
    "mpeg2", "crc32", "posix", "bzip2", "jamcrc", "autosar", "crc32_c",
    "crc32_d", "crc32_q", "xfer", "cdma", "philips", "stm32", "ecmxf",
};

static unsigned long check_of(const char *name)
{
    for (size_t i = 0; i < sizeof CHECKS / sizeof CHECKS[0]; i++)
        if (strcmp(CHECKS[i].name, name) == 0)
            return CHECKS[i].check;
    bail("no check value for %s", name);
    return 0;
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    char what[128], digits[32];
    for (size_t i = 0; i < sizeof CHECKS / sizeof CHECKS[0]; i++) {
        PyObject *f = attr(module, CHECKS[i].name);
        snprintf(what, sizeof what, "%s(b'123456789') == 0x%08lX", CHECKS[i].name, CHECKS[i].check);
        snprintf(digits, sizeof digits, "%lu", CHECKS[i].check);
        expect_int(call(f, NULL, "(y)", "123456789"), digits, what);
        Py_DECREF(f);
    }
    for (size_t i = 0; i < sizeof GRADUAL / sizeof GRADUAL[0]; i++) {
        PyObject *f = attr(module, GRADUAL[i]);
        PyObject *first = keep(call(f, NULL, "(y)", "12345"), "first part");
        snprintf(what, sizeof what, "%s(b'6789', %s(b'12345')) continues the CRC", GRADUAL[i], GRADUAL[i]);
        snprintf(digits, sizeof digits, "%lu", check_of(GRADUAL[i]));
        expect_int(call(f, NULL, "(yO)", "6789", first), digits, what);
        Py_DECREF(first);
        Py_DECREF(f);
    }

    PyObject *crc32 = attr(module, "crc32");
    PyObject *big = PyBytes_FromStringAndSize(NULL, 4096 * 10);
    memset(PyBytes_AS_STRING(big), 'A', 4096 * 10);
    PyObject *a4096 = PyBytes_FromStringAndSize(PyBytes_AS_STRING(big), 4096);
    expect_int(call(crc32, NULL, "(O)", a4096), "4272305216", "crc32(b'A' * 4096) == 0xFEA63440");
    expect_int(call(crc32, NULL, "(O)", big), "354533478", "crc32(b'A' * 40960) == 0x1521C066");
    expect_int(call(crc32, NULL, "(y)", ""), "0", "crc32(b'') == 0");
    /* y* takes any C-contiguous buffer. */
    PyObject *ba = PyByteArray_FromStringAndSize("123456789", 9);
    PyObject *mv = PyMemoryView_FromObject(ba);
    expect_int(call(crc32, NULL, "(O)", ba), "3421780262", "crc32(bytearray(b'123456789'))");
    expect_int(call(crc32, NULL, "(O)", mv), "3421780262", "crc32(memoryview(bytearray(b'123456789')))");
    Py_DECREF(mv);
    Py_DECREF(ba);
    Py_DECREF(big);
    Py_DECREF(a4096);
    /* Argument errors of PyArg_ParseTuple("y*|I"), as CPython words them. */
    record(call(crc32, NULL, "(s)", "123456789"), "crc32('123456789') (str is not bytes-like)");
    record(call(crc32, NULL, "()"), "crc32()");
    record(call(crc32, NULL, "(yii)", "1", 2, 3), "crc32(b'1', 2, 3)");
    record(call(crc32, NULL, "(ys)", "1", "x"), "crc32(b'1', 'x')");
    record(call(crc32, NULL, "(yi)", "1", -1), "crc32(b'1', -1) ('I' masks)");
    record(call(crc32, NULL, "(yL)", "1", 1LL << 40), "crc32(b'1', 2**40) ('I' masks)");
    record(call(crc32, NULL, "(yd)", "1", 1.5), "crc32(b'1', 1.5)");
    record(call(crc32, kw_dict("{s:i}", "init", 1), "(y)", "1"), "crc32(b'1', init=1)");
    Py_DECREF(crc32);

    PyObject *hacker = attr(module, "hacker32");
    expect_int(call(hacker, NULL, "(y)", "123456789"), "3421780262", "hacker32(b'123456789') == 0xCBF43926");
    static const struct {
        int refin, refout;
        const char *check;
    } HACKS[] = {{0, 0, "4236843288"}, {1, 0, "1687957459"}, {0, 1, "412651839"}, {1, 1, "3421780262"}};
    for (size_t i = 0; i < sizeof HACKS / sizeof HACKS[0]; i++) {
        snprintf(what, sizeof what, "hacker32(data=..., poly=0x04C11DB7, refin=%s, refout=%s, reinit=True)",
                 HACKS[i].refin ? "True" : "False", HACKS[i].refout ? "True" : "False");
        PyObject *kw = kw_dict("{s:y,s:k,s:k,s:k,s:O,s:O,s:O}", "data", "123456789", "poly", 0x04C11DB7UL, "init",
                               0xFFFFFFFFUL, "xorout", 0xFFFFFFFFUL, "refin", HACKS[i].refin ? Py_True : Py_False,
                               "refout", HACKS[i].refout ? Py_True : Py_False, "reinit", Py_True);
        expect_int(call(hacker, kw, "()"), HACKS[i].check, what);
    }
    /* 'p' takes any truth value. */
    expect_int(call(hacker, kw_dict("{s:s,s:s,s:i}", "refin", "yes", "refout", "", "reinit", 1), "(y)", "123456789"),
               "1687957459", "hacker32(b'123456789', refin='yes', refout='', reinit=1) (truth values)");
    record(call(hacker, kw_dict("{s:y}", "datum", "1"), "()"), "hacker32(datum=b'1')");
    record(call(hacker, kw_dict("{s:i}", "data", 1), "()"), "hacker32(data=1)");
    record(call(hacker, kw_dict("{s:y}", "data", "1"), "(y)", "1"), "hacker32(b'1', data=b'1')");
    Py_DECREF(hacker);

    PyObject *table = attr(module, "table32");
    record(call(table, NULL, "(k)", 0x04C11DB7UL), "table32(0x04C11DB7)");
    record(call(table, NULL, "(kOi)", 0x04C11DB7UL, Py_True, 32), "table32(0x04C11DB7, True, 32)");
    record(call(table, NULL, "(kOi)", 0x7UL, Py_False, 8), "table32(0x7, False, 8)");
    record(call(table, NULL, "()"), "table32()");
    Py_DECREF(table);

    PyObject *adler = attr(module, "adler32");
    record(call(adler, NULL, "(y)", "123456789"), "adler32(b'123456789')");
    record(call(adler, NULL, "(yi)", "123456789", 1), "adler32(b'123456789', 1)");
    Py_DECREF(adler);

    PyObject *version = attr(module, "__version__");
    record_value(version, "_crc32.__version__");
    Py_DECREF(version);
    PyObject *author = attr(module, "__author__");
    record_value(author, "_crc32.__author__");
    Py_DECREF(author);
}

CORPUS_MAIN("_crc32", run)
