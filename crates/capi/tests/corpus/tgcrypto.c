/* TgCrypto 1.2.5's `tgcrypto` (Pyrogram's AES-256 for Telegram's MTProto):
 * IGE, CTR and CBC over "y*" buffers parsed with PyArg_ParseTuple, results
 * built with PyBytes_FromStringAndSize, the bulk work inside
 * Py_BEGIN_ALLOW_THREADS.
 *
 * Vectors: tests/ctr/test_ctr.py (NIST SP 800-38A F.5.5 and the three
 * pyca/cryptography AES-256-CTR vectors), tests/cbc/test_cbc.py (SP 800-38A
 * F.2.5/F.2.6), tests/ige/test_ige.py (random round trips: here 64
 * deterministic ones of every length up to 64 blocks), and the
 * Test*Input argument errors. On a ValueError about sizes TgCrypto returns
 * without releasing the buffers it took (on CPython too), so those vectors
 * check the exception only, on arguments that are not watched; and CTR
 * never releases its `state` buffer, so ctr_call() gives that reference
 * back for it after each call.
 */
#include "corpus.h"

static PyObject *hex(const char *h)
{
    PyObject *r = PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "s", h);
    if (r == NULL)
        bail("bad hex %s", h);
    return r;
}

static const char *KEY_NIST = "603DEB1015CA71BE2B73AEF0857D77811F352C073B6108D72D9810A30914DFF4";
static const char *PLAIN_NIST = "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51"
                                "30C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710";

static void expect_same(PyObject *r, PyObject *want, const char *what)
{
    expect_same_bytes(r, want, what);
}

/* An argument error raised after TgCrypto took its buffers (see above). */
static void expect_value_error(PyObject *fn, PyObject *args, const char *message, const char *what)
{
    PyObject *r = PyObject_Call(fn, args, NULL);
    int ok = r == NULL && PyErr_ExceptionMatches(PyExc_ValueError);
    if (ok) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        const char *got = s ? PyUnicode_AsUTF8(s) : NULL;
        ok = got != NULL && strcmp(got, message) == 0;
        if (!ok)
            diag("message '%s', expected '%s'; ", got ? got : "?", message);
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    } else if (r == NULL) {
        diag_exception();
    } else {
        diag("returned a %s; ", Py_TYPE(r)->tp_name);
    }
    Py_XDECREF(r);
    PyErr_Clear();
    tap(ok, what);
}

/* ctr256_*(data, key, iv, state) through call(), undoing the reference to
   `state` that TgCrypto keeps (its y* buffer is never released). */
static PyObject *ctr_call(PyObject *fn, PyObject *data, PyObject *key, PyObject *iv, PyObject *state)
{
    PyObject *r = call(fn, NULL, "(OOOO)", data, key, iv, state);
    if (r != NULL)
        Py_DECREF(state);
    return r;
}

static void ctr(PyObject *m)
{
    PyObject *enc = attr(m, "ctr256_encrypt"), *dec = attr(m, "ctr256_decrypt");
    PyObject *key = hex(KEY_NIST), *iv = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"), *plain = hex(PLAIN_NIST);
    PyObject *cipher = hex("601EC313775789A5B7A7F504BBF3D228F443E3CA4D62B59ACA84E990CACAF5C5"
                           "2B0930DAA23DE94CE87017BA2D84988DDFC9C58DB67AADA613C2DD08457941A6");
    PyObject *state = PyBytes_FromStringAndSize("\0", 1);
    /* CTR writes the advanced counter back into `iv` and `state`: each
       call gets fresh copies, as the tests' fresh bytes.fromhex(). */
    PyObject *iv1 = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"), *st1 = PyBytes_FromStringAndSize("\0", 1);
    expect_same(ctr_call(enc, plain, key, iv1, st1), cipher, "test_ctr256_encrypt (SP 800-38A F.5.5)");
    PyObject *iv2 = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"), *st2 = PyBytes_FromStringAndSize("\0", 1);
    expect_same(ctr_call(dec, cipher, key, iv2, st2), plain, "test_ctr256_decrypt (SP 800-38A F.5.6)");
    static const char *EXTRA[][4] = {
        {"776BEFF2851DB06F4C8A0542C8696F6C6A81AF1EEC96B4D37FC1D689E6C1C104", "00000060DB5672C97AA8F0B200000001",
         "53696E676C6520626C6F636B206D7367", "145AD01DBF824EC7560863DC71E3E0C0"},
        {"F6D66D6BD52D59BB0796365879EFF886C66DD51A5B6A99744B50590C87A23884", "00FAAC24C1585EF15A43D87500000001",
         "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
         "F05E231B3894612C49EE000B804EB2A9B8306B508F839D6A5530831D9344AF1C"},
        {"FF7A617CE69148E4F1726E2F43581DE2AA62D9F805532EDFF1EED687FB54153D", "001CC5B751A51D70A1C1114800000001",
         "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20212223",
         "EB6C52821D0BBBF7CE7594462ACA4FAAB407DF866569FD07F48CC0B583D6071F1EC0E6B8"},
    };
    for (int i = 0; i < 3; i++) {
        PyObject *k = hex(EXTRA[i][0]), *v = hex(EXTRA[i][1]), *p = hex(EXTRA[i][2]), *c = hex(EXTRA[i][3]);
        PyObject *s = PyBytes_FromStringAndSize("\0", 1);
        char what[64];
        snprintf(what, sizeof what, "test_ctr256_encrypt_extra%d", i + 1);
        expect_same(ctr_call(enc, p, k, v, s), c, what);
        Py_DECREF(k), Py_DECREF(v), Py_DECREF(p), Py_DECREF(c), Py_DECREF(s);
    }
    /* Streaming: the counter and state carried in a bytearray across calls
       of odd sizes give the one-shot ciphertext. */
    PyObject *ivb = PyByteArray_FromObject(iv), *stb = PyByteArray_FromStringAndSize("\0", 1);
    PyObject *parts = PyList_New(0);
    Py_ssize_t sizes[] = {1, 15, 16, 17, 3, 12};
    Py_ssize_t at = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        PyObject *piece = PyBytes_FromStringAndSize(PyBytes_AS_STRING(plain) + at, sizes[i]);
        PyObject *r = take(ctr_call(enc, piece, key, ivb, stb));
        Py_DECREF(piece);
        if (r != NULL) {
            PyList_Append(parts, r);
            Py_DECREF(r);
        }
        at += sizes[i];
    }
    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    PyObject *joined = _PyBytes_Join(empty, parts);
    expect_true(joined != NULL && PyObject_RichCompareBool(joined, cipher, Py_EQ) == 1,
                "ctr256_encrypt in pieces of 1..17 bytes, counter and state in bytearrays");
    Py_XDECREF(joined);
    /* stb stays: the buffers TgCrypto never released still point at it. */
    Py_DECREF(empty), Py_DECREF(parts), Py_DECREF(ivb);

    /* TestCTR256Input */
    expect_error(call(enc, NULL, "(y#y#y#)", "12345678", (Py_ssize_t)8, KEY_NIST, (Py_ssize_t)32, "0123456789abcdef",
                      (Py_ssize_t)16),
                 PyExc_TypeError, "function takes exactly 4 arguments (3 given)", "ctr256_encrypt: three arguments");
    expect_error(call(enc, NULL, "(iiii)", 1, 2, 3, 4), PyExc_TypeError, "a bytes-like object is required, not 'int'",
                 "ctr256_encrypt(1, 2, 3, 4)");
    PyObject *args;
    args = Py_BuildValue("(y#OOO)", "", (Py_ssize_t)0, key, iv, state);
    expect_value_error(enc, args, "Data must not be empty", "ctr256_encrypt: empty data");
    Py_DECREF(args);
    args = Py_BuildValue("(y#y#OO)", "12345678", (Py_ssize_t)8, KEY_NIST, (Py_ssize_t)31, iv, state);
    expect_value_error(enc, args, "Key size must be exactly 32 bytes", "ctr256_encrypt: 31-byte key");
    Py_DECREF(args);
    args = Py_BuildValue("(y#Oy#O)", "12345678", (Py_ssize_t)8, key, "0123456789abcde", (Py_ssize_t)15, state);
    expect_value_error(enc, args, "IV size must be exactly 16 bytes", "ctr256_encrypt: 15-byte IV");
    Py_DECREF(args);
    args = Py_BuildValue("(y#OOy#)", "12345678", (Py_ssize_t)8, key, iv, "\1\2\3", (Py_ssize_t)3);
    expect_value_error(enc, args, "State size must be exactly 1 byte", "ctr256_encrypt: 3-byte state");
    Py_DECREF(args);
    args = Py_BuildValue("(y#OOy#)", "12345678", (Py_ssize_t)8, key, iv, "\x10", (Py_ssize_t)1);
    expect_value_error(enc, args, "State value must be in the range [0, 15]", "ctr256_encrypt: state 16");
    Py_DECREF(args);
    Py_DECREF(iv1), Py_DECREF(st1), Py_DECREF(iv2), Py_DECREF(st2);
    Py_DECREF(key), Py_DECREF(iv), Py_DECREF(plain), Py_DECREF(cipher), Py_DECREF(state);
    Py_DECREF(enc), Py_DECREF(dec);
}

static void cbc(PyObject *m)
{
    PyObject *enc = attr(m, "cbc256_encrypt"), *dec = attr(m, "cbc256_decrypt");
    PyObject *key = hex(KEY_NIST), *iv = hex("000102030405060708090A0B0C0D0E0F"), *plain = hex(PLAIN_NIST);
    PyObject *cipher = hex("F58C4C04D6E5F1BA779EABFB5F7BFBD69CFC4E967EDB808D679F777BC6702C7D"
                           "39F23369A9D9BACFA530E26304231461B2EB05E2C39BE9FCDA6C19078C6A9D1B");
    /* CBC writes the chaining block back into `iv`: a fresh one per call. */
    PyObject *iv1 = hex("000102030405060708090A0B0C0D0E0F"), *iv2 = hex("000102030405060708090A0B0C0D0E0F");
    PyObject *iv3 = hex("000102030405060708090A0B0C0D0E0F");
    expect_same(call(enc, NULL, "(OOO)", plain, key, iv1), cipher, "test_cbc256_encrypt (SP 800-38A F.2.5)");
    expect_same(call(dec, NULL, "(OOO)", cipher, key, iv2), plain, "test_cbc256_decrypt (SP 800-38A F.2.6)");
    /* A bytearray and a memoryview are buffers too. */
    PyObject *ba = PyByteArray_FromObject(plain), *mv = PyMemoryView_FromObject(key);
    expect_same(call(enc, NULL, "(OOO)", ba, mv, iv3), cipher, "cbc256_encrypt over a bytearray and a memoryview");
    Py_DECREF(ba), Py_DECREF(mv), Py_DECREF(iv1), Py_DECREF(iv2), Py_DECREF(iv3);
    expect_error(call(enc, NULL, "(OO)", plain, key), PyExc_TypeError, "function takes exactly 3 arguments (2 given)",
                 "cbc256_encrypt: two arguments");
    expect_error(call(dec, NULL, "(iii)", 1, 2, 3), PyExc_TypeError, "a bytes-like object is required, not 'int'",
                 "cbc256_decrypt(1, 2, 3)");
    PyObject *args = Py_BuildValue("(y#OO)", "", (Py_ssize_t)0, key, iv);
    expect_value_error(enc, args, "Data must not be empty", "cbc256_encrypt: empty data");
    Py_DECREF(args);
    args = Py_BuildValue("(y#OO)", "0123456789abcde", (Py_ssize_t)15, key, iv);
    expect_value_error(dec, args, "Data size must match a multiple of 16 bytes", "cbc256_decrypt: 15 bytes");
    Py_DECREF(args);
    args = Py_BuildValue("(OOy#)", plain, key, "0123456789abcde", (Py_ssize_t)15);
    expect_value_error(enc, args, "IV size must be exactly 16 bytes", "cbc256_encrypt: 15-byte IV");
    Py_DECREF(args);
    Py_DECREF(key), Py_DECREF(iv), Py_DECREF(plain), Py_DECREF(cipher);
    Py_DECREF(enc), Py_DECREF(dec);
}

static void ige(PyObject *m)
{
    PyObject *enc = attr(m, "ige256_encrypt"), *dec = attr(m, "ige256_decrypt");
    /* TestIGE256Random with a fixed generator instead of os.urandom: each
       ciphertext is recorded (CPython's and pybuffer's must match) and
       decrypts back. */
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    unsigned char key[32], iv[32], data[64 * 16];
    for (int n = 1; n <= 64; n++) {
        for (size_t i = 0; i < sizeof key; i++)
            key[i] = (unsigned char)((x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 56);
        for (size_t i = 0; i < sizeof iv; i++)
            iv[i] = (unsigned char)((x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 56);
        for (int i = 0; i < n * 16; i++)
            data[i] = (unsigned char)((x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 56);
        char what[80];
        snprintf(what, sizeof what, "ige256_encrypt of %d blocks", n);
        PyObject *c = record_keep(call(enc, NULL, "(y#y#y#)", data, (Py_ssize_t)n * 16, key, (Py_ssize_t)32, iv,
                                       (Py_ssize_t)32),
                                  what);
        snprintf(what, sizeof what, "ige256_decrypt of %d blocks round-trips", n);
        if (c == NULL) {
            tap(0, what);
            continue;
        }
        expect_bytes(call(dec, NULL, "(Oy#y#)", c, key, (Py_ssize_t)32, iv, (Py_ssize_t)32), data, (Py_ssize_t)n * 16,
                     what);
        Py_DECREF(c);
    }
    expect_error(call(enc, NULL, "(y#y#)", "0123456789abcdef", (Py_ssize_t)16, key, (Py_ssize_t)32), PyExc_TypeError,
                 "function takes exactly 3 arguments (2 given)", "ige256_encrypt: two arguments");
    expect_error(call(dec, NULL, "(iii)", 1, 2, 3), PyExc_TypeError, "a bytes-like object is required, not 'int'",
                 "ige256_decrypt(1, 2, 3)");
    PyObject *args = Py_BuildValue("(y#y#y#)", "", (Py_ssize_t)0, key, (Py_ssize_t)32, iv, (Py_ssize_t)32);
    expect_value_error(enc, args, "Data must not be empty", "ige256_encrypt: empty data");
    Py_DECREF(args);
    args = Py_BuildValue("(y#y#y#)", data, (Py_ssize_t)16, key, (Py_ssize_t)31, iv, (Py_ssize_t)32);
    expect_value_error(enc, args, "Key size must be exactly 32 bytes", "ige256_encrypt: 31-byte key");
    Py_DECREF(args);
    args = Py_BuildValue("(y#y#y#)", data, (Py_ssize_t)16, key, (Py_ssize_t)32, iv, (Py_ssize_t)31);
    expect_value_error(dec, args, "IV size must be exactly 32 bytes", "ige256_decrypt: 31-byte IV");
    Py_DECREF(args);
    args = Py_BuildValue("(y#y#y#)", data, (Py_ssize_t)17, key, (Py_ssize_t)32, iv, (Py_ssize_t)32);
    expect_value_error(enc, args, "Data size must match a multiple of 16 bytes", "ige256_encrypt: 17 bytes");
    Py_DECREF(args);
    Py_DECREF(enc), Py_DECREF(dec);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    ctr(module);
    cbc(module);
    ige(module);
}

CORPUS_MAIN("tgcrypto", run)
