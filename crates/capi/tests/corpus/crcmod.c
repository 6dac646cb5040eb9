/* crcmod 1.7's C extension `_crcfunext`, driven as crcmod.py drives it.
 *
 * crcmod.py builds a 256-entry table for the polynomial (packed with
 * struct, native order) and calls `_crc<N>[r](data, crc, table)`, which
 * parses "O<B|H|I|K>s#". The vectors are test/test_crcmod.py's known
 * answers and predefined.py's check values (CRC of b"123456789"); the
 * wrapper logic (tables, init/xor-out handling) is reproduced here in C.
 */
#include "corpus.h"

#include <stdint.h>

/* The message for str data (crcmod-plus, which reuses this driver, words
   it differently). */
#ifndef CRCMOD_STR_REFUSED
#define CRCMOD_STR_REFUSED "Unicode-objects must be encoded before calculating a CRC"
#endif

typedef struct {
    const char *name;
    int bits;      /* 8, 16, 24, 32 or 64 */
    uint64_t poly; /* without the x^bits term */
    int reverse;
    uint64_t init, xor_out, check;
} CrcDef;

/* predefined.py's table (a selection covering every size and direction). */
static const CrcDef PREDEFINED[] = {
    {"crc-8", 8, 0x07, 0, 0x00, 0x00, 0xF4},
    {"crc-8-darc", 8, 0x39, 1, 0x00, 0x00, 0x15},
    {"crc-8-itu", 8, 0x07, 0, 0x55, 0x55, 0xA1},
    {"crc-8-rohc", 8, 0x07, 1, 0xFF, 0x00, 0xD0},
    {"crc-16", 16, 0x8005, 1, 0x0000, 0x0000, 0xBB3D},
    {"crc-16-dect", 16, 0x0589, 0, 0x0001, 0x0001, 0x007E},
    {"crc-16-dnp", 16, 0x3D65, 1, 0xFFFF, 0xFFFF, 0xEA82},
    {"x-25", 16, 0x1021, 1, 0x0000, 0xFFFF, 0x906E},
    {"xmodem", 16, 0x1021, 0, 0x0000, 0x0000, 0x31C3},
    {"crc-aug-ccitt", 16, 0x1021, 0, 0x1D0F, 0x0000, 0xE5CC},
    {"crc-24", 24, 0x864CFB, 0, 0xB704CE, 0x000000, 0x21CF02},
    {"crc-24-flexray-b", 24, 0x5D6DCB, 0, 0xABCDEF, 0x000000, 0x1F23B8},
    {"crc-32", 32, 0x04C11DB7, 1, 0x00000000, 0xFFFFFFFF, 0xCBF43926},
    {"crc-32-bzip2", 32, 0x04C11DB7, 0, 0x00000000, 0xFFFFFFFF, 0xFC891918},
    {"crc-32c", 32, 0x1EDC6F41, 1, 0x00000000, 0xFFFFFFFF, 0xE3069283},
    {"posix", 32, 0x04C11DB7, 0, 0xFFFFFFFF, 0xFFFFFFFF, 0x765E7680},
    {"jamcrc", 32, 0x04C11DB7, 1, 0xFFFFFFFF, 0x00000000, 0x340BC6D9},
    {"crc-64", 64, 0x000000000000001BULL, 1, 0, 0, 0x46A5A9388A5BEFFEULL},
    {"crc-64-we", 64, 0x42F0E1EBA9EA3693ULL, 0, 0, 0xFFFFFFFFFFFFFFFFULL, 0x62EC59E3F1A4F00AULL},
    {"crc-64-jones", 64, 0xAD93D23594C935A9ULL, 1, 0xFFFFFFFFFFFFFFFFULL, 0, 0xCAA717168609F281ULL},
};

static uint64_t mask_of(int bits)
{
    return bits == 64 ? ~(uint64_t)0 : (((uint64_t)1 << bits) - 1);
}

static uint64_t bitrev(uint64_t x, int n)
{
    uint64_t y = 0;
    for (int i = 0; i < n; i++) {
        y = (y << 1) | (x & 1);
        x >>= 1;
    }
    return y;
}

/* crcmod's _mkTable / _mkTable_r, then struct.pack('256<B|H|I|Q>'). */
static PyObject *make_table(const CrcDef *d)
{
    int width = d->bits == 8 ? 1 : d->bits == 16 ? 2 : d->bits == 64 ? 8 : 4;
    unsigned char packed[256 * 8];
    uint64_t mask = mask_of(d->bits);
    uint64_t poly = d->reverse ? bitrev(d->poly & mask, d->bits) : d->poly & mask;
    for (int i = 0; i < 256; i++) {
        uint64_t crc;
        if (d->reverse) {
            crc = (uint64_t)i;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) ? (crc >> 1) ^ poly : crc >> 1;
        } else {
            crc = (uint64_t)i << (d->bits - 8);
            uint64_t top = (uint64_t)1 << (d->bits - 1);
            for (int k = 0; k < 8; k++)
                crc = (crc & top) ? (crc << 1) ^ poly : crc << 1;
        }
        crc &= mask;
        uint8_t u8 = (uint8_t)crc;
        uint16_t u16 = (uint16_t)crc;
        uint32_t u32 = (uint32_t)crc;
        memcpy(packed + i * width, width == 1 ? (void *)&u8 : width == 2 ? (void *)&u16 : width == 4 ? (void *)&u32 : (void *)&crc,
               (size_t)width);
    }
    return PyBytes_FromStringAndSize((const char *)packed, 256 * width);
}

static PyObject *crc_function(PyObject *module, const CrcDef *d)
{
    char name[16];
    snprintf(name, sizeof name, "_crc%d%s", d->bits, d->reverse ? "r" : "");
    return attr(module, name);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    static const char digits[] = "123456789";
    char what[160];

    for (size_t i = 0; i < sizeof PREDEFINED / sizeof PREDEFINED[0]; i++) {
        const CrcDef *d = &PREDEFINED[i];
        PyObject *fn = crc_function(module, d);
        PyObject *table = make_table(d);
        unsigned long long x = d->xor_out, init = d->init;
        /* crcfun(data) = xorOut ^ fun(data, xorOut ^ initCrc, table) */
        PyObject *r = call(fn, NULL, "(y#KO)", digits, (Py_ssize_t)9, x ^ init, table);
        unsigned long long got = r ? PyLong_AsUnsignedLongLong(r) ^ x : 0;
        snprintf(what, sizeof what, "%s check value of b'123456789'", d->name);
        int ok = succeeded(r) && !PyErr_Occurred() && got == d->check;
        if (r != NULL && got != d->check)
            diag("got 0x%llX, expected 0x%llX; ", got, (unsigned long long)d->check);
        PyErr_Clear();
        ok &= settle(0);
        tap(ok, what);

        /* Chained: crcfun(msg[4:], crcfun(msg[:4])) gives the same value. */
        PyObject *head = keep(call(fn, NULL, "(y#KO)", digits, (Py_ssize_t)4, x ^ init, table),
                              "first half of a chained CRC");
        unsigned long long mid = PyLong_AsUnsignedLongLong(head);
        Py_DECREF(head);
        r = call(fn, NULL, "(y#KO)", digits + 4, (Py_ssize_t)5, mid, table);
        got = r ? PyLong_AsUnsignedLongLong(r) ^ x : 0;
        snprintf(what, sizeof what, "%s chained over two calls", d->name);
        ok = succeeded(r) && got == d->check;
        PyErr_Clear();
        ok &= settle(0);
        tap(ok, what);
        Py_DECREF(table);
        Py_DECREF(fn);
    }

    /* test_crcmod.py KnownAnswerTests: g32 reversed, init 0xFFFFFFFF. */
    const CrcDef g32r = {"g32", 32, 0x04C11DB7, 1, 0xFFFFFFFF, 0, 0};
    PyObject *fn = crc_function(module, &g32r);
    PyObject *table = make_table(&g32r);
    static const char cat[] = "CatMouse987654321";
    expect_int(call(fn, NULL, "(y#kO)", cat, (Py_ssize_t)17, 0xFFFFFFFFUL, table), "4155768999",
               "g32 known answer for b'CatMouse987654321' (0xF7B400A7)");
    expect_int(call(fn, NULL, "(y#kO)", "T", (Py_ssize_t)1, 0xFFFFFFFFUL, table), "1107002783",
               "g32 known answer for b'T' (0x41FB859F)");
    expect_int(call(fn, NULL, "(y#kO)", "", (Py_ssize_t)0, 0UL, table), "0", "crcfun(b'', 0) == 0");

    /* InputTypesTest: any buffer exporter is accepted as data. */
    PyObject *ba = PyByteArray_FromStringAndSize(cat, 17);
    expect_int(call(fn, NULL, "(OkO)", ba, 0xFFFFFFFFUL, table), "4155768999", "a bytearray is accepted as data");
    PyObject *mv = PyMemoryView_FromObject(ba);
    expect_int(call(fn, NULL, "(OkO)", mv, 0xFFFFFFFFUL, table), "4155768999", "a memoryview is accepted as data");
    Py_DECREF(mv);
    Py_DECREF(ba);

    /* The extension's own errors. */
    expect_error(call(fn, NULL, "(skO)", "text", 0UL, table), PyExc_TypeError,
                 CRCMOD_STR_REFUSED, "str data is refused");
    expect_error(call(fn, NULL, "(ikO)", 5, 0UL, table), PyExc_TypeError,
                 "object supporting the buffer API required", "an int as data is refused");
    expect_error(call(fn, NULL, "(y#ky#)", "x", (Py_ssize_t)1, 0UL, "short", (Py_ssize_t)5), PyExc_ValueError,
                 "invalid CRC table", "a table of the wrong length is refused");
    /* ... and PyArg_ParseTuple's ("OIs#"). */
    expect_error(call(fn, NULL, "(y#k)", "x", (Py_ssize_t)1, 0UL), PyExc_TypeError,
                 "function takes exactly 3 arguments (2 given)", "too few arguments");
    expect_error(call(fn, NULL, "(y#sO)", "x", (Py_ssize_t)1, "crc", table), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "a str crc is refused by 'I'");
    expect_error(call(fn, NULL, "(y#ki)", "x", (Py_ssize_t)1, 0UL, 7), PyExc_TypeError,
                 "a bytes-like object is required, not 'int'", "an int table is refused by 's#'");
    Py_DECREF(table);
    Py_DECREF(fn);
}

CORPUS_MAIN("_crcfunext", run)
