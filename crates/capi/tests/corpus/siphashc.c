/* siphashc 2.9.1: SipHash-2-4 as one METH_FASTCALL function of a
 * limited-API (abi3) module that takes str (read through
 * PyUnicode_AsUTF8AndSize) or bytes for both key and message, hand-checks
 * its argument count, and releases the GIL from 8 KiB on.
 *
 * Vectors: test_siphashc.py (test_hash, test_immutable_inputs,
 * test_rejects_other_inputs, test_argument_count, test_rejects_keywords,
 * test_errors, test_reference_vectors: all 64 of SipHash's reference
 * vectors with key bytes(range(16))).
 */
#include "corpus.h"

static const unsigned long long REFERENCE[64] = {
    0x726FDB47DD0E0E31ULL, 0x74F839C593DC67FDULL, 0x0D6C8009D9A94F5AULL, 0x85676696D7FB7E2DULL,
    0xCF2794E0277187B7ULL, 0x18765564CD99A68DULL, 0xCBC9466E58FEE3CEULL, 0xAB0200F58B01D137ULL,
    0x93F5F5799A932462ULL, 0x9E0082DF0BA9E4B0ULL, 0x7A5DBBC594DDB9F3ULL, 0xF4B32F46226BADA7ULL,
    0x751E8FBC860EE5FBULL, 0x14EA5627C0843D90ULL, 0xF723CA908E7AF2EEULL, 0xA129CA6149BE45E5ULL,
    0x3F2ACC7F57C29BDBULL, 0x699AE9F52CBE4794ULL, 0x4BC1B3F0968DD39CULL, 0xBB6DC91DA77961BDULL,
    0xBED65CF21AA2EE98ULL, 0xD0F2CBB02E3B67C7ULL, 0x93536795E3A33E88ULL, 0xA80C038CCD5CCEC8ULL,
    0xB8AD50C6F649AF94ULL, 0xBCE192DE8A85B8EAULL, 0x17D835B85BBB15F3ULL, 0x2F2E6163076BCFADULL,
    0xDE4DAAACA71DC9A5ULL, 0xA6A2506687956571ULL, 0xAD87A3535C49EF28ULL, 0x32D892FAD841C342ULL,
    0x7127512F72F27CCEULL, 0xA7F32346F95978E3ULL, 0x12E0B01ABB051238ULL, 0x15E034D40FA197AEULL,
    0x314DFFBE0815A3B4ULL, 0x027990F029623981ULL, 0xCADCD4E59EF40C4DULL, 0x9ABFD8766A33735CULL,
    0x0E3EA96B5304A7D0ULL, 0xAD0C42D6FC585992ULL, 0x187306C89BC215A9ULL, 0xD4A60ABCF3792B95ULL,
    0xF935451DE4F21DF2ULL, 0xA9538F0419755787ULL, 0xDB9ACDDFF56CA510ULL, 0xD06C98CD5C0975EBULL,
    0xE612A3CB9ECBA951ULL, 0xC766E62CFCADAF96ULL, 0xEE64435A9752FE72ULL, 0xA192D576B245165AULL,
    0x0A8787BF8ECB74B2ULL, 0x81B3E73D20B49B6FULL, 0x7FA8220BA3B2ECEAULL, 0x245731C13CA42499ULL,
    0xB78DBFAF3A8D83BDULL, 0xEA1AD565322A1A0BULL, 0x60E61C23A3795013ULL, 0x6606D7E446282B93ULL,
    0x6CA4ECB15C5F91E1ULL, 0x9F626DA15C9625F3ULL, 0xE51B38608EF25F57ULL, 0x958A324CEB064572ULL,
};

static const char KEY_LENGTH[] = "key must be exactly 128 bits long (16 chars)";

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *siphash = attr(module, "siphash");
    char digits[32];

    expect_int(call(siphash, NULL, "(ss)", "sixteencharstrng", "i need a hash of this"), "10796923698683394048",
               "siphash('sixteencharstrng', 'i need a hash of this')");
    expect_int(call(siphash, NULL, "(ss)", "0123456789ABCDEF", "a"), "12398370950267227270",
               "siphash('0123456789ABCDEF', 'a')");
    expect_int(call(siphash, NULL, "(yy)", "0123456789ABCDEF", "a"), "12398370950267227270",
               "siphash(b'0123456789ABCDEF', b'a')");
    expect_int(call(siphash, NULL, "(sy)", "0123456789ABCDEF", "a"), "12398370950267227270",
               "siphash(str key, bytes plaintext)");
    /* A non-ASCII str is hashed as its UTF-8 (PyUnicode_AsUTF8AndSize). */
    record(call(siphash, NULL, "(ss)", "0123456789ABCDEF", "h\xc3\xa9llo w\xc3\xb6rld \xe2\x82\xac"),
           "siphash(key, 'héllo wörld €')");
    expect_error(call(siphash, NULL, "(ss)", "0123456789ABCDE\xc3\xa9", "a"), PyExc_ValueError, KEY_LENGTH,
                 "siphash(a 16-char str key of 17 UTF-8 bytes) (UTF-8 length counts)");

    /* All 64 reference vectors: key bytes(range(16)), message bytes(range(i)). */
    unsigned char key[16], message[64];
    for (int i = 0; i < 16; i++)
        key[i] = (unsigned char)i;
    for (int i = 0; i < 64; i++)
        message[i] = (unsigned char)i;
    for (int i = 0; i < 64; i++) {
        char what[64];
        snprintf(what, sizeof what, "reference vector %d (message bytes(range(%d)))", i, i);
        snprintf(digits, sizeof digits, "%llu", REFERENCE[i]);
        expect_int(call(siphash, NULL, "(y#y#)", key, (Py_ssize_t)16, message, (Py_ssize_t)i), digits, what);
    }

    /* From the GIL-release threshold on, the same hash. */
    PyObject *big = PyBytes_FromStringAndSize(NULL, 8192);
    memset(PyBytes_AS_STRING(big), 'a', 8192);
    record(call(siphash, NULL, "(yO)", "0123456789ABCDEF", big), "siphash(key, b'a' * 8192) (GIL released)");
    Py_DECREF(big);

    /* test_rejects_other_inputs: mutable and generic buffers are refused. */
    PyObject *ba = PyByteArray_FromStringAndSize("0123456789ABCDEF", 16);
    PyObject *bk = PyBytes_FromString("0123456789ABCDEF");
    PyObject *mv = PyMemoryView_FromObject(bk);
    PyObject *obj = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
    expect_error(call(siphash, NULL, "(Oy)", ba, "a"), PyExc_TypeError, "key must be str or bytes",
                 "siphash(bytearray key) raises TypeError");
    expect_error(call(siphash, NULL, "(Oy)", mv, "a"), PyExc_TypeError, "key must be str or bytes",
                 "siphash(memoryview key) raises TypeError");
    expect_error(call(siphash, NULL, "(Oy)", obj, "a"), PyExc_TypeError, "key must be str or bytes",
                 "siphash(object() key) raises TypeError");
    expect_error(call(siphash, NULL, "(yO)", "0123456789ABCDEF", ba), PyExc_TypeError,
                 "plaintext must be str or bytes", "siphash(key, bytearray) raises TypeError");
    expect_error(call(siphash, NULL, "(yO)", "0123456789ABCDEF", mv), PyExc_TypeError,
                 "plaintext must be str or bytes", "siphash(key, memoryview) raises TypeError");
    expect_error(call(siphash, NULL, "(yi)", "0123456789ABCDEF", 5), PyExc_TypeError,
                 "plaintext must be str or bytes", "siphash(key, 5) raises TypeError");
    Py_DECREF(mv);
    Py_DECREF(bk);
    Py_DECREF(ba);
    Py_DECREF(obj);

    /* test_argument_count, test_rejects_keywords, test_errors. */
    expect_error(call(siphash, NULL, "()"), PyExc_TypeError, "siphash() takes exactly 2 arguments (0 given)",
                 "siphash()");
    expect_error(call(siphash, NULL, "(y)", "key"), PyExc_TypeError, "siphash() takes exactly 2 arguments (1 given)",
                 "siphash(b'key')");
    expect_error(call(siphash, NULL, "(yyy)", "key", "plaintext", "extra"), PyExc_TypeError,
                 "siphash() takes exactly 2 arguments (3 given)", "siphash(3 arguments)");
    expect_error(call(siphash, kw_dict("{s:y,s:y}", "key", "0123456789ABCDEF", "plaintext", "a"), "()"),
                 PyExc_TypeError, "siphashc.siphash() takes no keyword arguments", "siphash(key=..., plaintext=...)");
    expect_error(call(siphash, NULL, "(ss)", "not long enough", "a"), PyExc_ValueError, KEY_LENGTH,
                 "siphash('not long enough', 'a')");
    expect_error(call(siphash, NULL, "(ss)", "toooooooooooooooooooooooo long", "a"), PyExc_ValueError, KEY_LENGTH,
                 "siphash(a too long key, 'a')");
    expect_error(call(siphash, NULL, "(ss)", "", "a"), PyExc_ValueError, KEY_LENGTH, "siphash('', 'a')");
    PyObject *doc = attr(siphash, "__doc__");
    record_value(doc, "siphash.__doc__");
    Py_DECREF(doc);
    Py_DECREF(siphash);
}

CORPUS_MAIN("siphashc", run)
