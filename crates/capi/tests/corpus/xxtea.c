/* xxtea 4.0.0: the XXTEA block cipher as a multi-phase module with module
 * state holding binascii.hexlify/unhexlify (imported in its exec slot:
 * encrypt_hex and decrypt_hex go through them), METH_FASTCALL|
 * METH_KEYWORDS functions that walk kwnames by hand
 * (PyUnicode_CompareWithASCIIString), PyObject_IsTrue/
 * PyLong_AsUnsignedLong for padding and rounds, and buffers for data and
 * key.
 *
 * Vectors: tests/test.py (TestXXTEA: the fixed vector, encrypt_hex/
 * decrypt_hex, round trips over many sizes and zero data, no-padding
 * sizes, invalid ciphertext, binascii.b2a_hex agreement; TestArgPassing:
 * every positional/keyword combination), with a fixed key in place of
 * os.urandom.
 */
#include "corpus.h"

static const char DATA[] = "How do you do?";
static const char KEY[] = "Fine. And you?  ";
static const char ENC[] = "x\xf4" "e\xeb\x1bI\x85\x88}\x11\x84.\xde\x85" "6!";
static const char HEXENC[] = "78f465eb1b4985887d11842ede853621";

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *encrypt = attr(module, "encrypt");
    PyObject *decrypt = attr(module, "decrypt");
    PyObject *encrypt_hex = attr(module, "encrypt_hex");
    PyObject *decrypt_hex = attr(module, "decrypt_hex");
    PyObject *version = attr(module, "VERSION");
    expect_true(PyUnicode_Check(version), "VERSION is a str");
    Py_DECREF(version);

    /* TestXXTEA: the fixed vector both ways, raw and hex. */
    expect_bytes(call(encrypt, NULL, "(yy)", DATA, KEY), ENC, 16, "encrypt(data, key)");
    expect_bytes(call(encrypt_hex, NULL, "(yy)", DATA, KEY), HEXENC, 32, "encrypt_hex(data, key)");
    expect_bytes(call(decrypt, NULL, "(y#y)", ENC, (Py_ssize_t)16, KEY), DATA, 14, "decrypt(enc, key)");
    expect_bytes(call(decrypt_hex, NULL, "(yy)", HEXENC, KEY), DATA, 14, "decrypt_hex(hexenc, key)");
    expect_bytes(call(decrypt_hex, NULL, "(sy)", HEXENC, KEY), DATA, 14,
                 "decrypt_hex(str hexenc, key) (unhexlify takes ASCII str)");
    expect_bytes(call(decrypt_hex, NULL, "(yy)", "78F465EB1B4985887D11842EDE853621", KEY), DATA, 14,
                 "decrypt_hex(upper-case hex, key)");
    expect_error(call(decrypt_hex, NULL, "(yy)", "zz", KEY), PyExc_ValueError, "Non-hexadecimal digit found",
                 "decrypt_hex(b'zz', key): binascii.Error");
    expect_error(call(decrypt_hex, NULL, "(yy)", "abc", KEY), PyExc_ValueError, "Odd-length string",
                 "decrypt_hex(b'abc', key): binascii.Error");
    expect_error(call(decrypt_hex, NULL, "(sy)", "\xc3\xa9\xc3\xa9", KEY), PyExc_ValueError,
                 "string argument should contain only ASCII characters", "decrypt_hex('éé', key)");
    record(call(decrypt_hex, NULL, "(iy)", 5, KEY), "decrypt_hex(5, key)");
    record(call(encrypt_hex, NULL, "(sy)", "text", KEY), "encrypt_hex('text', key)");

    /* test_hex_encode: encrypt_hex == binascii.b2a_hex(encrypt). */
    PyObject *binascii = PyImport_ImportModule("binascii");
    if (binascii == NULL)
        bail("import binascii");
    PyObject *b2a_hex = attr(binascii, "b2a_hex");
    int same = 1;
    char buf[64];
    for (int i = 0; i < 64; i++) {
        for (int j = 0; j < i; j++)
            buf[j] = (char)(j * 37 + i);
        PyObject *enc = take(call(encrypt, NULL, "(y#y)", buf, (Py_ssize_t)i, KEY));
        PyObject *hex = take(call(encrypt_hex, NULL, "(y#y)", buf, (Py_ssize_t)i, KEY));
        PyObject *via = enc ? take(call(b2a_hex, NULL, "(O)", enc)) : NULL;
        if (enc == NULL || hex == NULL || via == NULL || PyObject_RichCompareBool(hex, via, Py_EQ) != 1) {
            diag("size %d differs; ", i);
            same = 0;
        }
        PyErr_Clear();
        Py_XDECREF(enc);
        Py_XDECREF(hex);
        Py_XDECREF(via);
    }
    expect_true(same, "encrypt_hex(d, k) == binascii.b2a_hex(encrypt(d, k)) for 64 sizes");
    Py_DECREF(b2a_hex);
    Py_DECREF(binascii);

    /* test_urandom / test_zero_bytes: round trips (fixed data and keys). */
    static char data[2048];
    int round_trips = 1;
    for (int i = 0; i < 2048; i += 7) {
        for (int j = 0; j < i; j++)
            data[j] = (char)((j * 131) ^ i);
        for (int zero = 0; zero < 2; zero++) {
            PyObject *d = zero ? PyBytes_FromStringAndSize(NULL, i) : PyBytes_FromStringAndSize(data, i);
            if (zero)
                memset(PyBytes_AS_STRING(d), 0, (size_t)i);
            PyObject *enc = take(call(encrypt, NULL, "(Oy)", d, KEY));
            PyObject *dec = enc ? take(call(decrypt, NULL, "(Oy)", enc, KEY)) : NULL;
            if (dec == NULL || PyObject_RichCompareBool(dec, d, Py_EQ) != 1) {
                diag("size %d%s; ", i, zero ? " (zeros)" : "");
                round_trips = 0;
            }
            PyErr_Clear();
            Py_XDECREF(enc);
            Py_XDECREF(dec);
            Py_DECREF(d);
        }
    }
    expect_true(round_trips, "decrypt(encrypt(d, k), k) == d for 293 sizes, data and zeros");

    /* test_encrypt_nopadding (and _hex, _zero): multiples of 4 from 8. */
    for (int i = 8; i <= 20; i += 4) {
        char what[80];
        snprintf(what, sizeof what, "encrypt(%d bytes, key, padding=False)", i);
        PyObject *enc = record_keep(call(encrypt, kw_dict("{s:O}", "padding", Py_False), "(y#y)", data, (Py_ssize_t)i, KEY), what);
        if (enc) {
            snprintf(what, sizeof what, "decrypt(that, key, padding=False) (%d bytes)", i);
            record(call(decrypt, kw_dict("{s:O}", "padding", Py_False), "(Oy)", enc, KEY), what);
            Py_DECREF(enc);
        }
        snprintf(what, sizeof what, "encrypt_hex(%d zero bytes, key, padding=False)", i);
        record(call(encrypt_hex, kw_dict("{s:O}", "padding", Py_False), "(y#y)", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", (Py_ssize_t)i, KEY), what);
    }
    record(call(encrypt, kw_dict("{s:O}", "padding", Py_False), "(yy)", "abc", KEY), "encrypt(3 bytes, padding=False)");
    record(call(encrypt, kw_dict("{s:O}", "padding", Py_False), "(yy)", "abcdefghi", KEY),
           "encrypt(9 bytes, padding=False)");

    /* test_decrypt_invalid: ciphertext that is not a padded message. */
    for (int i = 0; i < 6; i++) {
        char what[80];
        snprintf(what, sizeof what, "decrypt(%d bytes of noise, key)", i * 8);
        record(call(decrypt, NULL, "(y#y)", data + 100, (Py_ssize_t)(i * 8), KEY), what);
        snprintf(what, sizeof what, "decrypt(%d bytes of noise, key, padding=False)", i * 8);
        record(call(decrypt, kw_dict("{s:O}", "padding", Py_False), "(y#y)", data + 100, (Py_ssize_t)(i * 8), KEY),
               what);
    }

    /* TestArgPassing: every way to pass data, key, padding and rounds. */
    record(call(encrypt, kw_dict("{s:y}", "key", KEY), "(y)", DATA), "encrypt(data, key=key)");
    record(call(encrypt, kw_dict("{s:y,s:y}", "data", DATA, "key", KEY), "()"), "encrypt(data=, key=)");
    record(call(encrypt, kw_dict("{s:y,s:y}", "key", KEY, "data", DATA), "()"), "encrypt(key=, data=)");
    record(call(encrypt, NULL, "(yyO)", DATA, KEY, Py_True), "encrypt(data, key, True)");
    record(call(encrypt, NULL, "(yyOi)", DATA, KEY, Py_True, 32), "encrypt(data, key, True, 32)");
    record(call(encrypt, kw_dict("{s:i}", "rounds", 32), "(yy)", DATA, KEY), "encrypt(data, key, rounds=32)");
    record(call(encrypt, kw_dict("{s:O,s:i}", "padding", Py_True, "rounds", 32), "(yy)", DATA, KEY),
           "encrypt(data, key, padding=True, rounds=32)");
    record(call(encrypt, kw_dict("{s:i,s:y,s:y}", "rounds", 32, "key", KEY, "data", DATA), "()"),
           "encrypt(rounds=32, key=, data=)");
    PyObject *enc32 = record_keep(call(encrypt, NULL, "(yyOi)", DATA, KEY, Py_True, 32), "encrypt(.., True, 32) kept");
    if (enc32) {
        expect_bytes(call(decrypt, NULL, "(OyOi)", enc32, KEY, Py_True, 32), DATA, 14, "decrypt(enc, key, True, 32)");
        expect_bytes(call(decrypt, kw_dict("{s:i}", "rounds", 32), "(Oy)", enc32, KEY), DATA, 14,
                     "decrypt(enc, key, rounds=32)");
        record(call(decrypt, kw_dict("{s:O,s:y}", "data", enc32, "key", KEY), "()"),
               "decrypt(data=, key=) with the default rounds (not the message)");
        Py_DECREF(enc32);
    }
    expect_bytes(call(decrypt_hex, kw_dict("{s:y,s:y}", "key", KEY, "data", HEXENC), "()"), DATA, 14,
                 "decrypt_hex(key=, data=)");
    record(call(encrypt_hex, NULL, "(yyOi)", DATA, KEY, Py_False, 7), "encrypt_hex(data, key, False, 7)");
    record(call(encrypt, NULL, "(Ny)", PyByteArray_FromStringAndSize(DATA, 14), KEY), "encrypt(bytearray, key)");
    record(call(encrypt, NULL, "(yN)", DATA, PyMemoryView_FromMemory((char *)KEY, 16, PyBUF_READ)),
           "encrypt(data, memoryview key)");

    /* Argument errors. */
    record(call(encrypt, NULL, "(yy)", DATA, "short"), "encrypt(data, 5-byte key)");
    record(call(encrypt, NULL, "(y)", DATA), "encrypt(data)");
    record(call(encrypt, NULL, "()"), "encrypt()");
    record(call(encrypt, NULL, "(yyOii)", DATA, KEY, Py_True, 1, 2), "encrypt(5 positional)");
    record(call(encrypt, kw_dict("{s:y}", "data", DATA), "(yy)", DATA, KEY), "encrypt(data, key, data=)");
    record(call(encrypt, kw_dict("{s:y}", "key", KEY), "(yy)", DATA, KEY), "encrypt(data, key, key=)");
    record(call(encrypt, kw_dict("{s:O}", "padding", Py_True), "(yyO)", DATA, KEY, Py_True),
           "encrypt(data, key, True, padding=True)");
    record(call(encrypt, kw_dict("{s:i}", "bogus", 1), "(yy)", DATA, KEY), "encrypt(data, key, bogus=1)");
    record(call(encrypt, kw_dict("{s:i}", "rounds", -1), "(yy)", DATA, KEY), "encrypt(data, key, rounds=-1)");
    record(call(encrypt, kw_dict("{s:L}", "rounds", 1LL << 40), "(yy)", DATA, KEY),
           "encrypt(data, key, rounds=2**40)");
    record(call(encrypt, kw_dict("{s:s}", "rounds", "x"), "(yy)", DATA, KEY), "encrypt(data, key, rounds='x')");
    record(call(encrypt, NULL, "(sy)", "text", KEY), "encrypt('text', key)");
    record(call(encrypt, NULL, "(iy)", 3, KEY), "encrypt(3, key)");

    Py_DECREF(encrypt);
    Py_DECREF(decrypt);
    Py_DECREF(encrypt_hex);
    Py_DECREF(decrypt_hex);
}

CORPUS_MAIN("xxtea", run)
