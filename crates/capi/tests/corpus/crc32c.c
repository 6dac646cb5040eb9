/* crc32c 2.9.post0's `_crc32c`: multi-phase init with an m_size module
 * state (PyModule_GetState) filled by its exec slot, keyword parsing with
 * "y*|Ii:crc32", Py_BEGIN_ALLOW_THREADS for large inputs or on request, and
 * a deprecated alias that calls PyErr_WarnEx(PyExc_DeprecationWarning).
 *
 * Vectors: test/test_crc32c.py (test_values all at once, piece by piece,
 * in chunks of 1..32 bytes and split at memory offsets 0..15; the keyword,
 * GIL-mode and MSVC examples).
 */
#include "corpus.h"

#include <stdint.h>

static const struct {
    const char *name;
    const char *data;
    unsigned long crc;
} VALUES[] = {
    {"Numbers1", "123456789", 0xE3069283},
    {"Numbers2", "23456789", 0xBFE92A83},
    {"Phrase", "The quick brown fox jumps over the lazy dog", 0x22620404},
    {"LongPhrase",
     "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nunc omni virtuti vitium contrario nomine opponitur. "
     "Conferam tecum, quam cuique verso rem subicias; Te ipsum, dignissimum maioribus tuis, voluptasne induxit, ut "
     "adolescentulus eriperes "
     "P. Conclusum est enim contra Cyrenaicos satis acute, nihil ad Epicurum. Duo Reges: constructio interrete. Tum "
     "Torquatus: Prorsus, inquit, assentior;\n"
     "Quando enim Socrates, qui parens philosophiae iure dici potest, quicquam tale fecit? Sed quid sentiat, non "
     "videtis. Haec quo modo conveniant, non "
     "sane intellego. Sed ille, ut dixi, vitiose. Dic in quovis conventu te omnia facere, ne doleas. Quod si ita se "
     "habeat, non possit beatam praestare "
     "vitam sapientia. Quis suae urbis conservatorem Codrum, quis Erechthei filias non maxime laudat? Primum divisit "
     "ineleganter; Huic mori optimum esse "
     "propter desperationem sapientiae, illi propter spem vivere.",
     0xFCB7575A},
    {"Empty", "", 0x0},
};

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

/* crc32c(data[:len], value) through take(); ~0 marks a failed call. */
static unsigned long step(PyObject *fn, const char *data, Py_ssize_t len, unsigned long value)
{
    PyObject *r = take(call(fn, NULL, "(y#k)", data, len, value));
    if (r == NULL)
        return ~0UL;
    unsigned long v = PyLong_AsUnsignedLong(r);
    Py_DECREF(r);
    return v;
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    char what[200], expected[32];
    PyObject *crc32c = attr(module, "crc32c");
    PyObject *crc32 = attr(module, "crc32");
    PyObject *hw = attr(module, "hardware_based");
    expect_true(PyBool_Check(hw), "hardware_based is a bool (set by the exec slot)");
    Py_DECREF(hw);
    PyObject *be = attr(module, "big_endian");
    expect_true(PyLong_Check(be) && PyLong_AsLong(be) == 0, "big_endian == 0 on this machine");
    Py_DECREF(be);

    for (size_t v = 0; v < sizeof VALUES / sizeof VALUES[0]; v++) {
        const char *data = VALUES[v].data;
        Py_ssize_t len = (Py_ssize_t)strlen(data);
        snprintf(expected, sizeof expected, "%lu", VALUES[v].crc);
        snprintf(what, sizeof what, "%s: all at once", VALUES[v].name);
        expect_int(call(crc32c, NULL, "(y#)", data, len), expected, what);

        unsigned long c = 0;
        for (Py_ssize_t i = 0; i < len; i++)
            c = step(crc32c, data + i, 1, c);
        snprintf(what, sizeof what, "%s: piece by piece", VALUES[v].name);
        expect_true(c == VALUES[v].crc, what);

        int all = 1;
        for (Py_ssize_t chunk = 1; chunk <= 32; chunk++) {
            c = 0;
            for (Py_ssize_t at = 0; at < len; at += chunk)
                c = step(crc32c, data + at, len - at < chunk ? len - at : chunk, c);
            all &= c == VALUES[v].crc;
        }
        snprintf(what, sizeof what, "%s: in chunks of 1..32 bytes", VALUES[v].name);
        expect_true(all, what);

        /* test_by_different_memory_offsets: memoryview slices */
        all = 1;
        for (Py_ssize_t offset = 0; offset < 16 && offset <= len; offset++) {
            PyObject *head = PyMemoryView_FromMemory((char *)data, offset, PyBUF_READ);
            PyObject *tail = PyMemoryView_FromMemory((char *)data + offset, len - offset, PyBUF_READ);
            PyObject *r = take(call(crc32c, NULL, "(O)", head));
            PyObject *r2 = r ? take(call(crc32c, NULL, "(OO)", tail, r)) : NULL;
            all &= r2 != NULL && PyLong_AsUnsignedLong(r2) == VALUES[v].crc;
            Py_XDECREF(r2);
            Py_XDECREF(r);
            Py_DECREF(tail);
            Py_DECREF(head);
        }
        snprintf(what, sizeof what, "%s: split at memory offsets 0..15 (memoryviews)", VALUES[v].name);
        expect_true(all, what);
    }

    /* TestMisc */
    expect_int(call(crc32c, NULL, "(y#)", "", (Py_ssize_t)0), "0", "test_zero");
    expect_int(call(crc32c, kw("{s:i}", "value", 10), "(y#)", "", (Py_ssize_t)0), "10", "test_keyword: value=10");
    static const char small[] = "this_doesnt_release_the_gil_by_default";
    Py_ssize_t big_len = 32 * 1024 * 1024;
    PyObject *big = PyBytes_FromStringAndSize(NULL, big_len);
    for (Py_ssize_t i = 0; i < big_len; i += 32)
        memcpy(PyBytes_AS_STRING(big) + i, "this_releases_the_gil_by_default", 32);
    PyObject *small_b = PyBytes_FromStringAndSize(small, (Py_ssize_t)sizeof small - 1);
    PyObject *inputs[2] = {small_b, big};
    for (int i = 0; i < 2; i++) {
        PyObject *want = take(call(crc32c, NULL, "(O)", inputs[i]));
        int same = want != NULL;
        for (int mode = -1; mode <= 1; mode++) {
            PyObject *got = take(call(crc32c, kw("{s:i}", "gil_release_mode", mode), "(O)", inputs[i]));
            same &= got != NULL && want != NULL && PyObject_RichCompareBool(got, want, Py_EQ) == 1;
            Py_XDECREF(got);
        }
        Py_XDECREF(want);
        expect_true(same, i ? "test_gil_behaviour: 32 MiB, GIL released by default, all modes agree"
                            : "test_gil_behaviour: small input, all modes agree");
    }
    Py_DECREF(small_b);
    Py_DECREF(big);

    /* test_msvc_examples: expected ^ max32 == crc32c(b, crc ^ max32) */
    const unsigned long max32 = 0xFFFFFFFFUL;
    uint8_t u8 = 100;
    uint16_t u16 = 1000;
    uint32_t u32 = 50000;
    uint64_t u64 = 0x88889999EEEE3333ULL;
    struct {
        const void *p;
        Py_ssize_t n;
        unsigned long crc, want;
    } msvc[] = {{&u8, 1, 1, 1412925310}, {&u16, 2, 1, 3870914500UL}, {&u32, 4, 1, 971731851}, {&u64, 8, 0x5555AAAA, 0x16F57621}};
    for (int i = 0; i < 4; i++) {
        snprintf(expected, sizeof expected, "%lu", msvc[i].want ^ max32);
        snprintf(what, sizeof what, "MSVC example %d", i + 1);
        expect_int(call(crc32c, NULL, "(y#k)", msvc[i].p, msvc[i].n, msvc[i].crc ^ max32), expected, what);
    }

    /* test_crc32_deprecated: the alias warns (ignored by default filters)
       and computes the same. */
    expect_int(call(crc32, NULL, "(y#)", "123456789", (Py_ssize_t)9), "3808858755",
               "the deprecated crc32() alias still computes crc32c");

    /* "y*|Ii:crc32" */
    expect_error(call(crc32c, NULL, "(s)", "123"), PyExc_TypeError, "a bytes-like object is required, not 'str'",
                 "str data is refused by y*");
    expect_error(call(crc32c, NULL, "(y#s)", "1", (Py_ssize_t)1, "0"), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "a str value is refused by I");
    expect_error(call(crc32c, kw("{s:d}", "gil_release_mode", 1.0), "(y#)", "1", (Py_ssize_t)1), PyExc_TypeError,
                 "'float' object cannot be interpreted as an integer", "a float gil_release_mode is refused by i");
    expect_error(call(crc32c, kw("{s:i}", "crc", 1), "(y#)", "1", (Py_ssize_t)1), PyExc_TypeError,
                 "'crc' is an invalid keyword argument for crc32()", "an unknown keyword");
    expect_error(call(crc32c, NULL, "()"), PyExc_TypeError, "crc32() missing required argument 'data' (pos 1)",
                 "data is required");
    expect_error(call(crc32c, NULL, "(y#kii)", "1", (Py_ssize_t)1, 0UL, 0, 0), PyExc_TypeError,
                 "crc32() takes at most 3 arguments (4 given)", "four arguments");
    expect_error(call(crc32c, kw("{s:i}", "value", 1), "(y#k)", "1", (Py_ssize_t)1, 0UL), PyExc_TypeError,
                 "argument for crc32() given by name ('value') and position (2)", "value given twice");
    Py_DECREF(crc32);
    Py_DECREF(crc32c);
}

CORPUS_MAIN("_crc32c", run)
