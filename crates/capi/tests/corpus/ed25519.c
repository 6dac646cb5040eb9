/* ed25519 1.5's `ed25519._ed25519` (python-ed25519): Ed25519 signatures
 * over SUPERCOP's ref10 code, as METH_VARARGS functions parsed with "y#"
 * and "y#y#:name", results built with "(y#y#)" and "y#", a
 * PyErr_NewException error type, PyModule_AddIntConstant.
 *
 * Vectors: the first 64 lines of the sdist's kat-ed25519.txt (the
 * known-answer file test_ed25519_kat.py reads: seed+public key, public
 * key, message, signature+message) and test_ed25519.py's test_raw (the
 * all-zero seed, "hello world", and every tampering it rejects). Not
 * called: publickey() with a seed shorter than 32 bytes, which the module
 * does not check and reads past (on CPython too).
 */
#include "corpus.h"

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The bytes spelled by the hex digits text[0:n]. */
static PyObject *unhex(const char *text, size_t n)
{
    PyObject *b = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(n / 2));
    for (size_t i = 0; i + 1 < n; i += 2) {
        int hi = hexval(text[i]), lo = hexval(text[i + 1]);
        if (hi < 0 || lo < 0)
            bail("bad hex in the known-answer file");
        PyBytes_AS_STRING(b)[i / 2] = (char)(hi * 16 + lo);
    }
    return b;
}

static PyObject *concat(PyObject *a, PyObject *b)
{
    PyObject *r = PyBytes_FromStringAndSize(NULL, PyBytes_GET_SIZE(a) + PyBytes_GET_SIZE(b));
    memcpy(PyBytes_AS_STRING(r), PyBytes_AS_STRING(a), (size_t)PyBytes_GET_SIZE(a));
    memcpy(PyBytes_AS_STRING(r) + PyBytes_GET_SIZE(a), PyBytes_AS_STRING(b), (size_t)PyBytes_GET_SIZE(b));
    return r;
}

/* A copy of `b` with bit 0 of byte `at` flipped (test_ed25519's flip_bit). */
static PyObject *flipped(PyObject *b, Py_ssize_t at)
{
    PyObject *r = PyBytes_FromStringAndSize(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b));
    PyBytes_AS_STRING(r)[at] ^= 1;
    return r;
}

static void run(PyObject *module, const char *sdist)
{
    PyObject *publickey = attr(module, "publickey"), *sign = attr(module, "sign"), *open_ = attr(module, "open");
    PyObject *BadSignatureError = attr(module, "BadSignatureError");
    expect_true(PyObject_IsSubclass(BadSignatureError, PyExc_Exception) == 1, "BadSignatureError is an Exception");
    static const char *const CONSTANTS[] = {"SECRETKEYBYTES", "PUBLICKEYBYTES", "SIGNATUREKEYBYTES"};
    for (int i = 0; i < 3; i++) {
        PyObject *c = attr(module, CONSTANTS[i]);
        record_value(c, CONSTANTS[i]);
        Py_DECREF(c);
    }

    /* Known answers. */
    PyObject *kat = read_file(sdist, "kat-ed25519.txt");
    const char *p = PyBytes_AS_STRING(kat), *end = p + PyBytes_GET_SIZE(kat);
    for (int line = 0; line < 64 && p < end; line++) {
        const char *field[5];
        size_t len[4];
        field[0] = p;
        for (int f = 0; f < 4; f++) {
            const char *colon = memchr(field[f], ':', (size_t)(end - field[f]));
            if (colon == NULL)
                bail("short line %d in the known-answer file", line);
            len[f] = (size_t)(colon - field[f]);
            field[f + 1] = colon + 1;
        }
        p = memchr(field[4], '\n', (size_t)(end - field[4]));
        p = p ? p + 1 : end;
        PyObject *skpk = unhex(field[0], len[0]), *pk = unhex(field[1], len[1]), *msg = unhex(field[2], len[2]);
        PyObject *sigmsg = unhex(field[3], len[3]);
        PyObject *seed = PyBytes_FromStringAndSize(PyBytes_AS_STRING(skpk), 32);
        char what[96];
        snprintf(what, sizeof what, "KAT %d (a %zd-byte message): publickey, sign, open", line, PyBytes_GET_SIZE(msg));
        PyObject *keys = take(call(publickey, NULL, "(O)", seed));
        PyObject *signed_ = take(call(sign, NULL, "(OO)", msg, skpk));
        PyObject *opened = take(call(open_, NULL, "(OO)", sigmsg, pk));
        int ok = keys != NULL && signed_ != NULL && opened != NULL;
        if (ok && !(PyTuple_Check(keys) && PyTuple_GET_SIZE(keys) == 2
                    && PyObject_RichCompareBool(PyTuple_GET_ITEM(keys, 0), pk, Py_EQ) == 1
                    && PyObject_RichCompareBool(PyTuple_GET_ITEM(keys, 1), skpk, Py_EQ) == 1)) {
            diag("publickey(seed) is not (pk, seed + pk); ");
            ok = 0;
        }
        if (ok && PyObject_RichCompareBool(signed_, sigmsg, Py_EQ) != 1) {
            diag("sign(msg, sk) is not the known signature + message; ");
            ok = 0;
        }
        if (ok && PyObject_RichCompareBool(opened, msg, Py_EQ) != 1) {
            diag("open(sig + msg, pk) is not msg; ");
            ok = 0;
        }
        tap(ok, what);
        Py_XDECREF(keys);
        Py_XDECREF(signed_);
        Py_XDECREF(opened);
        Py_DECREF(seed);
        Py_DECREF(skpk);
        Py_DECREF(pk);
        Py_DECREF(msg);
        Py_DECREF(sigmsg);
    }
    Py_DECREF(kat);

    /* test_raw */
    PyObject *zero = PyBytes_FromStringAndSize("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 32);
    PyObject *keys = keep(call(publickey, NULL, "(O)", zero), "publickey(b'\\0' * 32)");
    PyObject *vk = PyTuple_GET_ITEM(keys, 0), *skvk = PyTuple_GET_ITEM(keys, 1);
    PyObject *want_vk = unhex("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", 64);
    expect_true(PyObject_RichCompareBool(vk, want_vk, Py_EQ) == 1, "its verifying key is test_raw's");
    PyObject *want_sig = unhex("b0b47780f096ae60bfff8d8e7b19c36b321ae6e69cca972f2ff987ef30f20d29"
                               "774b53bae404485c4391ddf1b3f37aaa8a9747f984eb0884e8aa533386e73305", 128);
    PyObject *msg = PyBytes_FromString("hello world");
    PyObject *sigmsg = concat(want_sig, msg);
    expect_same_bytes(call(sign, NULL, "(OO)", msg, skvk), sigmsg, "sign(b'hello world', sk) is test_raw's signature");
    expect_same_bytes(call(open_, NULL, "(OO)", sigmsg, vk), msg, "open(sig + msg, vk) == msg");
    PyObject *longer = PyBytes_FromString("hello world.. NOT!");
    PyObject *bad[5];
    bad[0] = concat(want_sig, longer);
    PyObject *fmsg = flipped(msg, 0);
    bad[1] = concat(want_sig, fmsg);
    PyObject *fsig = flipped(want_sig, 0), *fsig33 = flipped(want_sig, 33);
    bad[2] = concat(fsig, msg);
    bad[3] = concat(fsig33, msg);
    bad[4] = NULL;
    static const char *const BAD[] = {"a longer message", "a flipped message bit", "a flipped R bit",
                                      "a flipped S bit"};
    for (int i = 0; bad[i] != NULL; i++) {
        char what[80];
        snprintf(what, sizeof what, "open() with %s raises BadSignatureError", BAD[i]);
        expect_error(call(open_, NULL, "(OO)", bad[i], vk), BadSignatureError, "Bad Signature", what);
        Py_DECREF(bad[i]);
    }
    PyObject *fvk = flipped(vk, 0), *fvk2 = flipped(vk, 2);
    expect_error(call(open_, NULL, "(OO)", sigmsg, fvk), BadSignatureError, "Bad Signature",
                 "open() with a flipped key bit raises BadSignatureError");
    expect_error(call(open_, NULL, "(OO)", sigmsg, fvk2), BadSignatureError, "Bad Signature",
                 "open() with a flipped bit in key byte 2 raises BadSignatureError");
    /* Argument errors, as the module and PyArg_ParseTuple word them. */
    record(call(sign, NULL, "(Oy)", msg, "short"), "sign(msg, b'short')");
    record(call(open_, NULL, "(yO)", "short", vk), "open(b'short', vk)");
    record(call(open_, NULL, "(Oy)", sigmsg, "short"), "open(sig + msg, b'short')");
    record(call(publickey, NULL, "(s)", "text"), "publickey('text')");
    record(call(publickey, NULL, "()"), "publickey()");
    record(call(sign, NULL, "(O)", msg), "sign(msg)");
    Py_DECREF(fvk);
    Py_DECREF(fvk2);
    Py_DECREF(fsig);
    Py_DECREF(fsig33);
    Py_DECREF(fmsg);
    Py_DECREF(longer);
    Py_DECREF(msg);
    Py_DECREF(sigmsg);
    Py_DECREF(want_sig);
    Py_DECREF(want_vk);
    Py_DECREF(keys);
    Py_DECREF(zero);
    Py_DECREF(BadSignatureError);
    Py_DECREF(publickey);
    Py_DECREF(sign);
    Py_DECREF(open_);
}

CORPUS_MAIN("_ed25519", run)
