/* curve25519-donna 1.3: X25519 key agreement (the portable 32-bit donna)
 * behind three METH_VARARGS functions of a single-phase module, each
 * parsing "y#" with a ":name" suffix for its messages. make_private
 * clamps its argument in place -- it writes through the pointer "y#"
 * gives into the bytes object it was passed, as it does on CPython -- and
 * returns a copy.
 *
 * Vectors: RFC 7748's (section 5.2's two scalar multiplications, the
 * iterated test to 1,000 rounds, and section 6.1's Alice-and-Bob exchange),
 * as the sdist's own test_curve25519.py checks agreement between key pairs.
 */
#include "corpus.h"

static PyObject *make_private, *make_public, *make_shared;

static PyObject *from_hex(const char *hex)
{
    unsigned char raw[32];
    for (int i = 0; i < 32; i++) {
        unsigned int v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            bail("bad hex vector %s", hex);
        raw[i] = (unsigned char)v;
    }
    return PyBytes_FromStringAndSize((const char *)raw, 32);
}

static void expect_hex(PyObject *r, const char *hex, const char *what)
{
    PyObject *want = from_hex(hex);
    expect_same_bytes(r, want, what);
    Py_DECREF(want);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    make_private = attr(module, "make_private");
    make_public = attr(module, "make_public");
    make_shared = attr(module, "make_shared");
    record_value(make_shared, "repr(make_shared)");
    PyObject *doc = attr(make_public, "__doc__");
    record_value(doc, "make_public.__doc__");
    Py_DECREF(doc);

    /* RFC 7748 5.2: two scalar multiplications (the function clamps). */
    PyObject *k = from_hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
    PyObject *u = from_hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
    expect_hex(call(make_shared, NULL, "(OO)", k, u),
               "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", "RFC 7748 5.2, vector 1");
    Py_DECREF(k);
    Py_DECREF(u);
    k = from_hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d");
    u = from_hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493");
    /* Its u has the top bit set, which RFC 7748 masks and this donna (from
     * before the RFC) does not, so the result is not the RFC's. */
    record(call(make_shared, NULL, "(OO)", k, u), "RFC 7748 5.2, vector 2 (u's top bit set: not masked)");
    Py_DECREF(k);
    Py_DECREF(u);

    /* RFC 7748 5.2, iterated: k = u = 9; then (k, u) = (X25519(k, u), k). */
    unsigned char nine[32] = {9};
    k = PyBytes_FromStringAndSize((const char *)nine, 32);
    u = PyBytes_FromStringAndSize((const char *)nine, 32);
    PyObject *after1 = from_hex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    PyObject *after1000 = from_hex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    int one_ok = 0;
    for (int i = 1; i <= 1000; i++) {
        PyObject *next = take(call(make_shared, NULL, "(OO)", k, u));
        if (next == NULL)
            bail("iteration %d of the RFC 7748 test failed", i);
        Py_DECREF(u);
        u = k;
        k = next;
        if (i == 1)
            one_ok = PyObject_RichCompareBool(k, after1, Py_EQ) == 1;
    }
    expect_true(one_ok, "RFC 7748 5.2, after one iteration");
    expect_true(PyObject_RichCompareBool(k, after1000, Py_EQ) == 1, "RFC 7748 5.2, after 1,000 iterations");
    Py_DECREF(after1);
    Py_DECREF(after1000);
    Py_DECREF(k);
    Py_DECREF(u);

    /* RFC 7748 6.1: Alice and Bob. */
    PyObject *a = from_hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    PyObject *b = from_hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    PyObject *ap = keep(call(make_public, NULL, "(O)", a), "Alice's public key");
    record_value(ap, "RFC 7748 6.1, Alice's public key");
    PyObject *bp = keep(call(make_public, NULL, "(O)", b), "Bob's public key");
    record_value(bp, "RFC 7748 6.1, Bob's public key");
    PyObject *want_ap = from_hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    PyObject *want_bp = from_hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    expect_true(PyObject_RichCompareBool(ap, want_ap, Py_EQ) == 1, "RFC 7748 6.1, Alice's public key");
    expect_true(PyObject_RichCompareBool(bp, want_bp, Py_EQ) == 1, "RFC 7748 6.1, Bob's public key");
    Py_DECREF(want_ap);
    Py_DECREF(want_bp);
    const char *shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    expect_hex(call(make_shared, NULL, "(OO)", a, bp), shared, "RFC 7748 6.1, Alice's shared secret");
    expect_hex(call(make_shared, NULL, "(OO)", b, ap), shared, "RFC 7748 6.1, Bob's shared secret");

    /* make_private clamps in place through "y#" and returns a copy. */
    PyObject *seed = PyBytes_FromStringAndSize(NULL, 32);
    memset(PyBytes_AS_STRING(seed), 0xff, 32);
    PyObject *priv = keep(call(make_private, NULL, "(O)", seed), "make_private(32 x 0xff)");
    record_value(priv, "make_private(32 x 0xff)");
    record_value(seed, "...and its argument afterwards (clamped in place)");
    expect_true(priv != seed, "make_private returns a new object");
    PyObject *pub = keep(call(make_public, NULL, "(O)", priv), "make_public(clamped)");
    record_value(pub, "make_public(clamped)");
    Py_DECREF(pub);
    Py_DECREF(priv);
    Py_DECREF(seed);

    /* Errors: "y#" refuses str, bytearray and memoryview; lengths are checked. */
    expect_error(call(make_public, NULL, "(y#)", "short", (Py_ssize_t)5), PyExc_ValueError,
                 "input must be 32-byte string", "make_public(5 bytes)");
    expect_error(call(make_shared, NULL, "(Oy#)", a, "short", (Py_ssize_t)5), PyExc_ValueError,
                 "input must be 32-byte string", "make_shared(key, 5 bytes)");
    expect_error(call(make_shared, NULL, "(y#O)", "short", (Py_ssize_t)5, bp), PyExc_ValueError,
                 "input must be 32-byte string", "make_shared(5 bytes, key)");
    expect_error(call(make_public, NULL, "(s)", "0123456789abcdef0123456789abcdef"), PyExc_TypeError,
                 "a bytes-like object is required, not 'str'", "make_public(str)");
    PyObject *ba = PyByteArray_FromObject(a);
    expect_error(call(make_public, NULL, "(O)", ba), PyExc_TypeError,
                 "makepublic() argument 1 must be read-only bytes-like object, not bytearray",
                 "make_public(bytearray)");
    Py_DECREF(ba);
    PyObject *mv = PyMemoryView_FromObject(a);
    /* "y#" takes only objects without bf_releasebuffer: not a memoryview. */
    expect_error(call(make_public, NULL, "(O)", mv), PyExc_TypeError,
                 "makepublic() argument 1 must be read-only bytes-like object, not memoryview",
                 "make_public(memoryview of bytes)");
    Py_DECREF(mv);
    expect_error(call(make_shared, NULL, "(O)", a), PyExc_TypeError, "generate() takes exactly 2 arguments (1 given)",
                 "make_shared with one argument");
    expect_error(call(make_private, NULL, "()"), PyExc_TypeError, "clamp() takes exactly 1 argument (0 given)",
                 "make_private with none");

    Py_DECREF(bp);
    Py_DECREF(ap);
    Py_DECREF(b);
    Py_DECREF(a);
}

CORPUS_MAIN("_curve25519", run)
