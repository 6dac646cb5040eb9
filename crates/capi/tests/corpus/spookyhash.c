/* spookyhash 2.1.1's `_spookyhash`: a Cython 3.2.0 module (C++, the .cpp
 * the sdist ships) over Bob Jenkins' SpookyHash V2. Cython 3.2 stores the
 * module's strings zlib-compressed and unpacks them at exec through
 * `zlib.decompress`, and resolves `__import__` among the builtins for its
 * memoryview support code; its `cpdef` functions take `const uint8_t[::1]`
 * typed memoryviews (Cython's own memoryview type over the buffer
 * protocol: bytes, bytearray, memoryview, with format and contiguity
 * checks and an IndexError for an empty buffer), uint32/uint64 arguments
 * with their overflow errors, and `cdef class`es Hash32 / Hash64 /
 * Hash128 deriving from Hash, with `__cinit__` argument checks, `cpdef`
 * methods and a readonly member.
 *
 * Vectors: tests/test_spooky_hash.py of the sdist (the oneshot and
 * incremental expected values for b'hi', b'helloworld' and
 * [b'hello', b'world'], the digest vectors of test_digest); other results
 * are compared line by line with CPython's.
 */
#include "corpus.h"

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *h32 = attr(module, "hash32"), *h64 = attr(module, "hash64"), *h128 = attr(module, "hash128");

    /* test_hash32_oneshot / test_hash64_oneshot, bytes and memoryview */
    expect_int(call(h32, NULL, "(y)", "hi"), "2594624783", "hash32(b'hi') == 0x9aa6d50f");
    expect_int(call(h32, NULL, "(y)", "helloworld"), "1200258548", "hash32(b'helloworld') == 0x478a7df4");
    expect_int(call(h64, NULL, "(y)", "hi"), "14797270550546142479", "hash64(b'hi') == 0xcd5a772a9aa6d50f");
    expect_int(call(h64, NULL, "(y)", "helloworld"), "5722911281645256180",
               "hash64(b'helloworld') == 0x4f6bdd7d478a7df4");
    PyObject *hi = PyBytes_FromString("hi");
    PyObject *mv = PyMemoryView_FromObject(hi);
    expect_int(call(h32, NULL, "(O)", mv), "2594624783", "hash32(memoryview(b'hi'))");
    expect_int(call(h64, kw_dict("{s:i}", "seed", 0), "(O)", mv), "14797270550546142479",
               "hash64(memoryview(b'hi'), seed=0)");
    /* test_hash128_oneshot: (0xcd5a772a9aa6d50f, 0x1d63a8dcb6d1ed50) as
       the little-endian pair of words */
    static const unsigned char hi128[16] = {0x0f, 0xd5, 0xa6, 0x9a, 0x2a, 0x77, 0x5a, 0xcd,
                                            0x50, 0xed, 0xd1, 0xb6, 0xdc, 0xa8, 0x63, 0x1d};
    expect_bytes(call(h128, NULL, "(O)", mv), hi128, 16, "hash128(memoryview(b'hi'))");
    Py_DECREF(mv);
    Py_DECREF(hi);
    static const unsigned char hw128[16] = {0xf4, 0x7d, 0x8a, 0x47, 0x7d, 0xdd, 0x6b, 0x4f,
                                            0xbf, 0x3b, 0x49, 0x3f, 0x83, 0x96, 0x83, 0x0d};
    expect_bytes(call(h128, NULL, "(yii)", "helloworld", 0, 0), hw128, 16, "hash128(b'helloworld', 0, 0)");

    /* seeds, other buffers, and what Cython's conversions refuse */
    record(call(h32, NULL, "(yk)", "helloworld", 0xffffffffUL), "hash32(b'helloworld', 2**32 - 1)");
    record(call(h64, NULL, "(yK)", "helloworld", 0xffffffffffffffffULL), "hash64(b'helloworld', 2**64 - 1)");
    record(call(h128, kw_dict("{s:i,s:i}", "seed1", 1, "seed2", 2), "(y)", "x"), "hash128(b'x', seed1=1, seed2=2)");
    PyObject *ba = PyByteArray_FromStringAndSize("helloworld", 10);
    record(call(h32, NULL, "(O)", ba), "hash32(bytearray(b'helloworld'))");
    PyObject *mba = PyMemoryView_FromObject(ba);
    PyObject *cast = PyObject_CallMethod(mba, "cast", "s", "c");
    record(call(h64, NULL, "(O)", cast), "hash64(memoryview(bytearray).cast('c'))");
    PyObject *step = PySequence_GetSlice(mba, 0, 10);
    PyObject *slice = PySlice_New(NULL, NULL, PyLong_FromLong(2));
    PyObject *strided = PyObject_GetItem(mba, slice);
    record(call(h32, NULL, "(O)", strided), "hash32(memoryview[::2]) (not contiguous)");
    Py_DECREF(strided);
    Py_DECREF(slice);
    Py_DECREF(step);
    Py_DECREF(cast);
    Py_DECREF(mba);
    Py_DECREF(ba);
    PyObject *big = PyBytes_FromStringAndSize(NULL, 5000);
    for (int i = 0; i < 5000; i++)
        PyBytes_AS_STRING(big)[i] = (char)(i * 31 + 7);
    record(call(h32, NULL, "(O)", big), "hash32(5000 bytes)");
    record(call(h64, NULL, "(Oi)", big, 12345), "hash64(5000 bytes, 12345)");
    record(call(h128, NULL, "(Oii)", big, 1, 2), "hash128(5000 bytes, 1, 2)");
    Py_DECREF(big);
    record(call(h32, NULL, "(y)", ""), "hash32(b'')");
    record(call(h32, NULL, "(s)", "text"), "hash32('text')");
    record(call(h32, NULL, "(i)", 5), "hash32(5)");
    record(call(h32, NULL, "(O)", Py_None), "hash32(None)");
    record(call(h32, NULL, "(yi)", "x", -1), "hash32(b'x', -1)");
    record(call(h32, NULL, "(yL)", "x", 1LL << 32), "hash32(b'x', 2**32)");
    record(call(h64, NULL, "(yd)", "x", 1.5), "hash64(b'x', 1.5)");
    record(call(h64, NULL, "()"), "hash64()");
    record(call(h64, NULL, "(yii)", "x", 1, 2), "hash64(b'x', 1, 2)");
    record(call(h64, kw_dict("{s:i}", "sead", 1), "(y)", "x"), "hash64(b'x', sead=1)");
    record(call(h64, kw_dict("{s:y}", "message", "x"), "()"), "hash64(message=b'x')");

    /* test_hash*_inc: Hash32/64/128(seed1, seed2), update, digest */
    const char *classes[] = {"Hash32", "Hash64", "Hash128"};
    for (int k = 0; k < 3; k++) {
        char what[160];
        PyObject *cls = attr(module, classes[k]);
        PyObject *h = keep(call(cls, NULL, "(ii)", 0, 0), classes[k]);
        snprintf(what, sizeof what, "%s(0, 0).update(b'hello')", classes[k]);
        record(call_attr(h, "update", NULL, "(y)", "hello"), what);
        snprintf(what, sizeof what, "%s.update(b'world')", classes[k]);
        record(call_attr(h, "update", NULL, "(y)", "world"), what);
        snprintf(what, sizeof what, "%s.digest() after b'hello', b'world'", classes[k]);
        record(call_attr(h, "digest", NULL, "()"), what);
        PyObject *size = attr(h, "digest_size");
        snprintf(what, sizeof what, "%s.digest_size", classes[k]);
        record_value(size, what);
        Py_DECREF(size);
        snprintf(what, sizeof what, "%s.digest_size = 3", classes[k]);
        PyObject *three = PyLong_FromLong(3);
        int rc = PyObject_SetAttrString(h, "digest_size", three);
        Py_DECREF(three);
        record_value(rc < 0 ? NULL : Py_None, what);
        snprintf(what, sizeof what, "%s.update(b'')", classes[k]);
        record(call_attr(h, "update", NULL, "(y)", ""), what);
        snprintf(what, sizeof what, "%s.update('str')", classes[k]);
        record(call_attr(h, "update", NULL, "(s)", "str"), what);
        Py_DECREF(h);
        snprintf(what, sizeof what, "%s(42, 42).digest()", classes[k]);
        h = keep(call(cls, NULL, "(ii)", 42, 42), what);
        record(call_attr(h, "digest", NULL, "()"), what);
        Py_DECREF(h);
        snprintf(what, sizeof what, "%s(1, 2)", classes[k]);
        record(call(cls, NULL, "(ii)", 1, 2), what);
        snprintf(what, sizeof what, "%s()", classes[k]);
        record(call(cls, NULL, "()"), what);
        snprintf(what, sizeof what, "%s(-1, -1)", classes[k]);
        record(call(cls, NULL, "(ii)", -1, -1), what);
        snprintf(what, sizeof what, "%s(seed1=7, seed2=7)", classes[k]);
        h = record_keep(call(cls, kw_dict("{s:i,s:i}", "seed1", 7, "seed2", 7), "()"), what);
        if (h != NULL) {
            snprintf(what, sizeof what, "%s(seed1=7, seed2=7).digest()", classes[k]);
            record(call_attr(h, "digest", NULL, "()"), what);
            Py_DECREF(h);
        }
        Py_DECREF(cls);
    }
    PyObject *base = attr(module, "Hash");
    PyObject *hash = record_keep(call(base, NULL, "()"), "Hash() (the base class)");
    if (hash != NULL) {
        record(call_attr(hash, "digest", NULL, "()"), "Hash().digest() (digest_size 0)");
        Py_DECREF(hash);
    }
    Py_DECREF(base);
    PyObject *version = attr(module, "__version__");
    record_value(version, "_spookyhash.__version__");
    Py_DECREF(version);
    PyObject *all = attr(module, "__all__");
    record_value(all, "_spookyhash.__all__");
    Py_DECREF(all);
    Py_DECREF(h32);
    Py_DECREF(h64);
    Py_DECREF(h128);
}

CORPUS_MAIN("_spookyhash", run)
