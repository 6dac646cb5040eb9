/* pyppmd 1.3.1's `_ppmd`: PPMd variant H (Ppmd7, 7-Zip) and variant I
 * (Ppmd8) encoder/decoder heap types from PyType_FromSpec, keyword parsing
 * of sizes through PyLong_AsUnsignedLong, T_BOOL members `eof` and
 * `needs_input`, PyThread locks, integer constants from
 * PyModule_AddIntConstant, and a Ppmd8 decoder that runs the codec on a
 * pthread of its own while the GIL is released.
 *
 * Vectors: tests/test_ppmd7.py and tests/test_ppmd8.py (the encoded bytes
 * of their sample sentence, one-shot and split, the decoder's eof and
 * needs_input), and their round trips of tests/data/10000SalesRecords.csv
 * in 16384-byte blocks, whose encoded bytes are recorded and compared with
 * the CPython build's.
 */
#include "corpus.h"

static PyObject *module;
static const char DATA7[] = "This file is located in a folder.This file is located in the root.";
static const char ENCODED7[] = "\x00T\x16" "C\x98\xbdi\x9b\n\xf1" "B^N\xac\xc8}:\xbak&\xc1\x7f\x01p\xc5" "1C\xb0"
                               "b\x1b@\x9a\xb6h\x9a-0\x98\xc0\\'";
static const char DATA8[] = "This file is located in a folder.This file is located in the root.\n";
static const char ENCODED8[] = "\x54\x16\x43\x6d\x5c\xd8\xd7\x3a\xb3\x58\x31\xac\x1d\x09\x23\xfd\x11\xd5\x72\x62\x73"
                               "\x13\xb6\xce\xb2\xe7\x6a\xb9\xf6\xe8\x66\xf5\x08\xc3\x0a\x09\x36\x12\xeb\xda\xda\xba";
#define BLOCK 16384

/* The encoders' encode() takes "y*" and never calls PyBuffer_Release (on
   CPython too): each call leaks one reference to its data. */
static PyObject *leaky(PyObject *r)
{
    PyObject *kept = take(r);
    args_leaked_by_extension = 0;
    return kept;
}
#define ENCODE(enc, ...) (args_leaked_by_extension = 1, leaky(call_attr(enc, "encode", NULL, __VA_ARGS__)))

static int flag(PyObject *obj, const char *name)
{
    PyObject *v = attr(obj, name);
    int r = v == Py_True;
    Py_DECREF(v);
    return r;
}

static PyObject *make(const char *type_name, const char *fmt, ...)
{
    PyObject *type = attr(module, type_name);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *obj = args ? PyObject_Call(type, args, NULL) : NULL;
    Py_XDECREF(args);
    Py_DECREF(type);
    if (obj == NULL)
        bail("%s%s failed", type_name, fmt);
    return obj;
}

static void ppmd7(void)
{
    Sink sink = {0};
    PyObject *expected = PyBytes_FromStringAndSize(ENCODED7, sizeof ENCODED7 - 1);
    PyObject *data = PyBytes_FromStringAndSize(DATA7, sizeof DATA7 - 1);

    PyObject *enc = make("Ppmd7Encoder", "(ik)", 6, 16UL << 20);
    sink_add(&sink, ENCODE(enc, "(O)", data));
    sink_add(&sink, take(call_attr(enc, "flush", NULL, "()")));
    expect_true(sink_equals(&sink, expected), "test_ppmd7_encoder");
    Py_DECREF(enc);

    enc = make("Ppmd7Encoder", "(ik)", 6, 16UL << 20);
    sink_add(&sink, ENCODE(enc, "(y#)", DATA7, (Py_ssize_t)33));
    sink_add(&sink, ENCODE(enc, "(y#)", DATA7 + 33, (Py_ssize_t)(sizeof DATA7 - 1 - 33)));
    sink_add(&sink, take(call_attr(enc, "flush", kw_dict("{s:O}", "endmark", Py_False), "()")));
    expect_true(sink_equals(&sink, expected), "test_ppmd7_encoder2 (split, flush(endmark=False))");
    Py_DECREF(enc);

    PyObject *dec = make("Ppmd7Decoder", "(ik)", 6, 16UL << 20);
    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(Oi)", expected, 66)));
    expect_true(sink_equals(&sink, data) && flag(dec, "eof") && !flag(dec, "needs_input"), "test_ppmd7_decoder");
    Py_DECREF(dec);

    dec = make("Ppmd7Decoder", "(ik)", 6, 16UL << 20);
    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#i)", ENCODED7, (Py_ssize_t)33, 33)));
    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#i)", ENCODED7 + 33, (Py_ssize_t)(sizeof ENCODED7 - 1 - 33), 28)));
    int eof_early = flag(dec, "eof");
    for (int guard = 0; sink.len < 66 && guard < 100; guard++) {
        if (flag(dec, "needs_input")) {
            sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#i)", "\0", (Py_ssize_t)1, (int)(66 - sink.len))));
            break;
        }
        sink_add(&sink, take(call_attr(dec, "decode", NULL, "(yi)", "", (int)(66 - sink.len))));
    }
    expect_true(!eof_early && sink_equals(&sink, data) && !flag(dec, "needs_input") && flag(dec, "eof"),
                "test_ppmd7_decoder2 (split)");
    Py_DECREF(dec);
    Py_DECREF(data);
    Py_DECREF(expected);
    free(sink.data);
}

static void ppmd8(void)
{
    Sink sink = {0};
    PyObject *expected = PyBytes_FromStringAndSize(ENCODED8, sizeof ENCODED8 - 1);
    PyObject *data = PyBytes_FromStringAndSize(DATA8, sizeof DATA8 - 1);
    PyObject *restart = attr(module, "PPMD8_RESTORE_METHOD_RESTART");
    PyObject *cut_off = attr(module, "PPMD8_RESTORE_METHOD_CUT_OFF");
    expect_true(PyLong_AsLong(restart) == 0 && PyLong_AsLong(cut_off) == 1, "the PPMD8_RESTORE_METHOD_* constants");

    PyObject *enc = make("Ppmd8Encoder", "(ikO)", 6, 8UL << 20, restart);
    sink_add(&sink, ENCODE(enc, "(O)", data));
    sink_add(&sink, take(call_attr(enc, "flush", NULL, "()")));
    expect_true(sink_equals(&sink, expected), "test_ppmd8_encoder1");
    Py_DECREF(enc);

    enc = make("Ppmd8Encoder", "(ikO)", 6, 8UL << 20, restart);
    sink_add(&sink, ENCODE(enc, "(y#)", DATA8, (Py_ssize_t)33));
    sink_add(&sink, ENCODE(enc, "(y#)", DATA8 + 33, (Py_ssize_t)(sizeof DATA8 - 1 - 33)));
    sink_add(&sink, take(call_attr(enc, "flush", NULL, "()")));
    expect_true(sink_equals(&sink, expected), "test_ppmd8_encoder2 (split)");
    Py_DECREF(enc);

    PyObject *dec = make("Ppmd8Decoder", "(ikO)", 6, 8UL << 20, restart);
    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(Oi)", expected, -1)));
    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(yi)", "", -1)));
    expect_true(sink_equals(&sink, data), "test_ppmd8_decoder1");
    Py_DECREF(dec);

    dec = make("Ppmd8Decoder", "(ikO)", 6, 8UL << 20, restart);
    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#)", ENCODED8, (Py_ssize_t)20)));
    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#)", ENCODED8 + 20, (Py_ssize_t)(sizeof ENCODED8 - 1 - 20))));
    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(yi)", "", -1)));
    expect_true(sink_equals(&sink, data), "test_ppmd8_decoder2 (split)");
    Py_DECREF(dec);

    /* test_ppmd8_encode_decode_shortage */
    static const char shortage[] = "\xf0\x91\x89\xbf\xf1\xa9\xbd\xaa\xf1\xa9\xbd\xaa";
    PyObject *obj = PyBytes_FromStringAndSize(shortage, sizeof shortage - 1);
    enc = make("Ppmd8Encoder", "(ik)", 3, 2048UL);
    sink_add(&sink, ENCODE(enc, "(O)", obj));
    sink_add(&sink, take(call_attr(enc, "flush", NULL, "()")));
    PyObject *packed = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    sink.len = 0;
    Py_DECREF(enc);
    dec = make("Ppmd8Decoder", "(ik)", 3, 2048UL);
    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(On)", packed, PyBytes_GET_SIZE(obj))));
    if ((Py_ssize_t)sink.len < PyBytes_GET_SIZE(obj))
        sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#n)", "\0", (Py_ssize_t)1,
                                       PyBytes_GET_SIZE(obj) - (Py_ssize_t)sink.len)));
    expect_true(sink_equals(&sink, obj), "test_ppmd8_encode_decode_shortage");
    Py_DECREF(dec);
    Py_DECREF(packed);
    Py_DECREF(obj);

    Py_DECREF(restart);
    Py_DECREF(cut_off);
    Py_DECREF(data);
    Py_DECREF(expected);
    free(sink.data);
}

/* test_ppmd7_encode_decode / test_ppmd8_encode_decode over the CSV. */
static void round_trip(PyObject *csv, int variant8, unsigned long mem_size, int restore)
{
    char what[200];
    Sink sink = {0};
    Py_ssize_t n = PyBytes_GET_SIZE(csv);
    PyObject *enc = variant8 ? make("Ppmd8Encoder", "(iki)", 6, mem_size, restore)
                             : make("Ppmd7Encoder", "(ik)", 6, mem_size);
    for (Py_ssize_t at = 0; at < n; at += BLOCK)
        sink_add(&sink, ENCODE(enc, "(y#)", PyBytes_AS_STRING(csv) + at,
                                       n - at < BLOCK ? n - at : (Py_ssize_t)BLOCK));
    sink_add(&sink, take(call_attr(enc, "flush", variant8 ? kw_dict("{s:O}", "endmark", Py_True) : NULL, "()")));
    Py_DECREF(enc);
    PyObject *packed = PyBytes_FromStringAndSize(sink.data, (Py_ssize_t)sink.len);
    sink.len = 0;
    snprintf(what, sizeof what, "Ppmd%dEncoder(6, %lu%s) over 10000SalesRecords.csv", variant8 ? 8 : 7, mem_size,
             variant8 ? (restore ? ", CUT_OFF" : ", RESTART") : "");
    record_value(packed, what);

    PyObject *dec = variant8 ? make("Ppmd8Decoder", "(iki)", 6, mem_size, restore)
                             : make("Ppmd7Decoder", "(ik)", 6, mem_size);
    Py_ssize_t m = PyBytes_GET_SIZE(packed);
    if (variant8) {
        for (Py_ssize_t at = 0; !flag(dec, "eof"); at += BLOCK) {
            Py_ssize_t len = at >= m ? 0 : (m - at < BLOCK ? m - at : (Py_ssize_t)BLOCK);
            sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#)", PyBytes_AS_STRING(packed) + (at < m ? at : m), len)));
            if (len == 0)
                break;
        }
    } else {
        Py_ssize_t remaining = n;
        for (Py_ssize_t at = 0; remaining > 0; at += BLOCK) {
            Py_ssize_t len = at >= m ? 0 : (m - at < BLOCK ? m - at : (Py_ssize_t)BLOCK);
            size_t before = sink.len;
            sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#n)", PyBytes_AS_STRING(packed) + (at < m ? at : m), len,
                                           remaining < BLOCK ? remaining : (Py_ssize_t)BLOCK)));
            if (sink.len == before) {
                if (flag(dec, "needs_input"))
                    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(y#n)", "\0", (Py_ssize_t)1, remaining)));
                else
                    sink_add(&sink, take(call_attr(dec, "decode", NULL, "(yn)", "", remaining)));
                break;
            }
            remaining -= (Py_ssize_t)(sink.len - before);
        }
    }
    Py_DECREF(dec);
    snprintf(what, sizeof what, "Ppmd%dDecoder(6, %lu) gives the 1237262 bytes back", variant8 ? 8 : 7, mem_size);
    expect_true(n == 1237262 && sink_equals(&sink, csv), what);
    Py_DECREF(packed);
    free(sink.data);
}

static void errors(void)
{
    PyObject *type = attr(module, "Ppmd7Encoder");
    /* (Not Ppmd7Encoder(): its failed init frees an unallocated model and
       crashes, on CPython too.) */
    record(call(type, NULL, "(ii)", 1, 16 << 20), "Ppmd7Encoder(1, 16 MiB): order too small");
    record(call(type, NULL, "(ii)", 6, 10), "Ppmd7Encoder(6, 10): memory too small");
    record(call(type, NULL, "(si)", "6", 16 << 20), "Ppmd7Encoder('6', ...)");
    PyObject *enc = keep(call(type, NULL, "(ii)", 6, 1 << 20), "Ppmd7Encoder(6, 1 MiB)");
    record(call_attr(enc, "encode", NULL, "(s)", "text"), "Ppmd7Encoder.encode(str)");
    record(call_attr(enc, "encode", NULL, "()"), "Ppmd7Encoder.encode()");
    record(call_attr(enc, "flush", NULL, "()"), "Ppmd7Encoder.flush() with nothing encoded");
    record(call_attr(enc, "flush", NULL, "()"), "Ppmd7Encoder.flush() a second time");
    Py_DECREF(enc);
    Py_DECREF(type);
    type = attr(module, "Ppmd7Decoder");
    record(call(type, NULL, "(ii)", 6, -1), "Ppmd7Decoder(6, -1)");
    Py_DECREF(type);
    type = attr(module, "Ppmd8Decoder");
    record(call(type, NULL, "(iii)", 6, 1 << 20, 7), "Ppmd8Decoder(6, 1 MiB, restore_method=7)");
    PyObject *dec = keep(call(type, NULL, "(ii)", 6, 1 << 20), "Ppmd8Decoder(6, 1 MiB)");
    args_leaked_by_extension = 1; /* its error path keeps the buffer too */
    record(call_attr(dec, "decode", NULL, "(y#)", "\xff\xff\xff\xff\xff\xff\xff\xff", (Py_ssize_t)8),
           "Ppmd8Decoder.decode of garbage");
    args_leaked_by_extension = 0;
    Py_DECREF(dec);
    Py_DECREF(type);
}

static void run(PyObject *m, const char *sdist)
{
    module = m;
    ppmd7();
    ppmd8();
    PyObject *csv = read_file(sdist, "tests/data/10000SalesRecords.csv");
    /* (The tests' other memory sizes cost time and add no API.) */
    round_trip(csv, 0, 1UL << 20, 0);
    round_trip(csv, 1, 1UL << 20, 1);
    Py_DECREF(csv);
    errors();
}

CORPUS_MAIN("_ppmd", run)
