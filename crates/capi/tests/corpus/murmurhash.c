/* murmurhash 1.0.16's `mrmr` (spaCy's hashing), cythonized from its .pyx by
 * Cython 3.1 as C++: cpdef functions with a typed `bytes` / `unicode`
 * argument and a `uint32_t seed=0` keyword, an `isinstance(value, unicode)`
 * dispatch, str.encode('utf8'), and the cdef functions other Cython modules
 * cimport, exported as PyCapsules in `__pyx_capi__` under their C
 * signatures.
 *
 * Vectors: murmurhash/tests/test_hash.py, MurmurHash3_x86_32's published
 * values, and a spread of keys and seeds recorded against CPython's, with
 * the argument errors Cython raises.
 */
#include "corpus.h"

#include <stdint.h>

static PyObject *module;

static void expect_hash(const char *fn, PyObject *kwargs, const char *fmt, const void *a, Py_ssize_t n,
                        const char *want, const char *what)
{
    PyObject *f = attr(module, fn);
    PyObject *r = fmt[1] == 'y' ? call(f, kwargs, fmt, a, n) : call(f, kwargs, fmt, a);
    expect_int(r, want, what);
    Py_DECREF(f);
}

/* A cdef function of `__pyx_capi__`, by name, checked against its C
   signature (the capsule's name). */
static void *capi_function(const char *name, const char *signature)
{
    PyObject *capi = attr(module, "__pyx_capi__");
    PyObject *cap = PyDict_Check(capi) ? PyDict_GetItemString(capi, name) : NULL;
    void *p = NULL;
    if (cap != NULL && PyCapsule_CheckExact(cap) && PyCapsule_IsValid(cap, signature))
        p = PyCapsule_GetPointer(cap, signature);
    if (p == NULL)
        diag("__pyx_capi__[%s] is not a capsule named \"%s\"; ", name, signature);
    PyErr_Clear();
    Py_DECREF(capi);
    return p;
}

static void run(PyObject *m, const char *sdist)
{
    (void)sdist;
    module = m;

    /* tests/test_hash.py */
    expect_hash("hash", NULL, "(s)", "hello world", 0, "1586663183", "hash('hello world') == 1586663183");
    expect_hash("hash", NULL, "(s)", "anxiety", 0, "-1859125401", "hash('anxiety') == -1859125401");
    /* bytes take hash_bytes, str its UTF-8 */
    expect_hash("hash", NULL, "(y#)", "hello world", 11, "1586663183", "hash(b'hello world') is the str's hash");
    expect_hash("hash_bytes", NULL, "(y#)", "", 0, "0", "hash_bytes(b'') == 0 (x86_32, seed 0)");
    /* MurmurHash3_x86_32 published values (signed as Cython returns int32_t). */
    expect_hash("hash_bytes", kw_dict("{s:k}", "seed", 1UL), "(y#)", "", 0, "1364076727", "hash_bytes(b'', seed=1)");
    expect_hash("hash_bytes", kw_dict("{s:k}", "seed", 0xffffffffUL), "(y#)", "", 0, "-2114883783",
                "hash_bytes(b'', seed=0xffffffff)");
    expect_hash("hash_bytes", NULL, "(y#)", "\xff\xff\xff\xff", 4, "1982413648", "hash_bytes(b'\\xff' * 4)");
    {
        PyObject *hu = attr(module, "hash_unicode");
        record(call(hu, NULL, "(s)", "\xc3\xa9t\xc3\xa9"), "hash_unicode('\u00e9t\u00e9')");
        Py_DECREF(hu);
    }

    /* A spread of keys and seeds, recorded against CPython's. */
    {
        PyObject *fns[3] = {attr(module, "hash"), attr(module, "hash_bytes"), attr(module, "hash_unicode")};
        PyObject *results = PyList_New(0);
        char key[64];
        unsigned long long x = 0x9E3779B97F4A7C15ULL;
        for (int i = 0; i < 64; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            int len = (int)(x >> 58);
            for (int j = 0; j < len; j++)
                key[j] = (char)('a' + (x >> (j % 50)) % 26);
            unsigned long seed = (unsigned long)(x >> 32);
            /* call() takes the keyword dict: one each. */
            PyObject *a = take(call(fns[0], kw_dict("{s:k}", "seed", seed), "(s#)", key, (Py_ssize_t)len));
            PyObject *b = take(call(fns[1], kw_dict("{s:k}", "seed", seed), "(y#)", key, (Py_ssize_t)len));
            PyObject *c = take(call(fns[2], kw_dict("{s:k}", "seed", seed), "(s#)", key, (Py_ssize_t)len));
            if (a != NULL && b != NULL && c != NULL) {
                PyList_Append(results, a);
                if (PyObject_RichCompareBool(a, b, Py_EQ) != 1 || PyObject_RichCompareBool(a, c, Py_EQ) != 1)
                    PyList_Append(results, Py_None);
            }
            Py_XDECREF(a);
            Py_XDECREF(b);
            Py_XDECREF(c);
        }
        tap(PyList_GET_SIZE(results) == 64, "64 keys hash alike through hash, hash_bytes and hash_unicode");
        record_value(results, "64 keys and seeds");
        Py_DECREF(results);
        for (int i = 0; i < 3; i++)
            Py_DECREF(fns[i]);
    }

    /* Argument errors, as Cython raises them. */
    {
        PyObject *hb = attr(module, "hash_bytes"), *hu = attr(module, "hash_unicode"), *h = attr(module, "hash");
        record(call(hb, NULL, "(s)", "text"), "hash_bytes('text')");
        record(call(hu, NULL, "(y)", "bytes"), "hash_unicode(b'bytes')");
        record(call(h, NULL, "(i)", 5), "hash(5)");
        record(call(h, NULL, "(O)", Py_None), "hash(None)");
        record(call(hb, NULL, "(O)", Py_None), "hash_bytes(None)");
        record(call(hb, kw_dict("{s:i}", "seed", -1), "(y)", "x"), "hash_bytes(b'x', seed=-1)");
        record(call(hb, kw_dict("{s:L}", "seed", 1LL << 32), "(y)", "x"), "hash_bytes(b'x', seed=2**32)");
        record(call(hb, kw_dict("{s:d}", "seed", 1.5), "(y)", "x"), "hash_bytes(b'x', seed=1.5)");
        record(call(hb, kw_dict("{s:i}", "salt", 1), "(y)", "x"), "hash_bytes(b'x', salt=1)");
        record(call(hb, NULL, "()"), "hash_bytes()");
        record(call(hb, NULL, "(yii)", "x", 1, 2), "hash_bytes(b'x', 1, 2)");
        record(call(hb, NULL, "(yi)", "x", 7), "hash_bytes(b'x', 7) (seed by position)");
        PyObject *lone = PyUnicode_FromOrdinal(0xD800);
        record(call(hu, NULL, "(O)", lone), "hash_unicode of a lone surrogate");
        Py_XDECREF(lone);
        Py_DECREF(hb);
        Py_DECREF(hu);
        Py_DECREF(h);
    }

    /* The cdef functions spaCy cimports, through their capsules. */
    {
        uint32_t (*hash32)(void *, int, uint32_t) =
            (uint32_t (*)(void *, int, uint32_t))capi_function("hash32", "uint32_t (void *, int, uint32_t)");
        uint64_t (*hash64)(void *, int, uint64_t) =
            (uint64_t (*)(void *, int, uint64_t))capi_function("hash64", "uint64_t (void *, int, uint64_t)");
        void (*hash128_x64)(void const *, int, uint32_t, void *) = (void (*)(void const *, int, uint32_t, void *))
            capi_function("hash128_x64", "void (void const *, int, uint32_t, void *)");
        tap(hash32 != NULL && hash64 != NULL && hash128_x64 != NULL, "__pyx_capi__ exports hash32, hash64, hash128_x64");
        if (hash32 != NULL && hash64 != NULL && hash128_x64 != NULL) {
            char hello[] = "hello world";
            expect_true((int32_t)hash32(hello, 11, 0) == 1586663183, "hash32 through its capsule");
            uint64_t out[2];
            hash128_x64(hello, 11, 0, out);
            PyObject *v = Py_BuildValue("(KKK)", (unsigned long long)hash64(hello, 11, 0), (unsigned long long)out[0],
                                        (unsigned long long)out[1]);
            record_value(v, "hash64 and hash128_x64 of 'hello world'");
            Py_XDECREF(v);
        }
    }
    {
        PyObject *hb = attr(module, "hash_bytes");
        PyObject *doc = PyObject_GetAttrString(hb, "__doc__");
        record_value(doc, "hash_bytes.__doc__ (Cython's embedded signature)");
        Py_XDECREF(doc);
        Py_DECREF(hb);
    }
}

CORPUS_MAIN("mrmr", run)
