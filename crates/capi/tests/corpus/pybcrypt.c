/* py-bcrypt 0.4: OpenBSD's bcrypt password hashing and bcrypt_pbkdf
 * (bcrypt._bcrypt: hashpw, checkpw, encode_salt, kdf), Python-2-era
 * METH_VARARGS|METH_KEYWORDS functions parsing "s#" (str as UTF-8, or a
 * read-only bytes-like object) and "l", releasing the GIL around the key
 * schedule; PyModule_Create with a string constant.
 *
 * Vectors: test/test.py (test_vectors for hashpw and checkpw, bytes and
 * str passwords; kdf_test_vectors; the gensalt round trips, with
 * encode_salt standing in for bcrypt.gensalt and a fixed salt), plus the
 * functions' argument and value errors.
 */
#include "corpus.h"

static const struct {
    const char *pw;
    Py_ssize_t pw_len;
    int pw_str;
    const char *salt, *expected;
} HASH_VECTORS[] = {
    {"", 0, 1, "$2a$06$DCq7YPn5Rq63x1Lad4cll.",
     "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."},
    {"", 0, 1, "$2a$08$HqWuK6/Ng6sg9gQzbLrgb.",
     "$2a$08$HqWuK6/Ng6sg9gQzbLrgb.Tl.ZHfXLhvt/SgVyWhQqgqcZ7ZuUtye"},
    {"", 0, 1, "$2a$10$k1wbIrmNyFAPwPVPSVa/ze",
     "$2a$10$k1wbIrmNyFAPwPVPSVa/zecw2BCEnBwVS2GbrmgzxFUOqW9dk4TCW"},
    {"", 0, 1, "$2a$12$k42ZFHFWqBp3vWli.nIn8u",
     "$2a$12$k42ZFHFWqBp3vWli.nIn8uYyIkbvYRvodzbfbK18SSsY.CsIQPlxO"},
    {"a", 1, 1, "$2a$06$m0CrhHm10qJ3lXRY.5zDGO",
     "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe"},
    {"a", 1, 1, "$2a$08$cfcvVd2aQ8CMvoMpP2EBfe",
     "$2a$08$cfcvVd2aQ8CMvoMpP2EBfeodLEkkFJ9umNEfPD18.hUF62qqlC/V."},
    {"a", 1, 1, "$2a$10$k87L/MF28Q673VKh8/cPi.",
     "$2a$10$k87L/MF28Q673VKh8/cPi.SUl7MU/rWuSiIDDFayrKk/1tBsSQu4u"},
    {"a", 1, 1, "$2a$12$8NJH3LsPrANStV6XtBakCe",
     "$2a$12$8NJH3LsPrANStV6XtBakCez0cKHXVxmvxIlcz785vxAIZrihHZpeS"},
    {"abc", 3, 1, "$2a$06$If6bvum7DFjUnE9p2uDeDu",
     "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"},
    {"abc", 3, 1, "$2a$08$Ro0CUfOqk6cXEKf3dyaM7O",
     "$2a$08$Ro0CUfOqk6cXEKf3dyaM7OhSCvnwM9s4wIX9JeLapehKK5YdLxKcm"},
    {"abc", 3, 1, "$2a$10$WvvTPHKwdBJ3uk0Z37EMR.",
     "$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi"},
    {"abc", 3, 1, "$2a$12$EXRkfkdmXn2gzds2SSitu.",
     "$2a$12$EXRkfkdmXn2gzds2SSitu.MW9.gAVqa9eLS1//RYtYCmB1eLHg.9q"},
    {"abcdefghijklmnopqrstuvwxyz", 26, 1, "$2a$06$.rCVZVOThsIa97pEDOxvGu",
     "$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC"},
    {"abcdefghijklmnopqrstuvwxyz", 26, 1, "$2a$08$aTsUwsyowQuzRrDqFflhge",
     "$2a$08$aTsUwsyowQuzRrDqFflhgekJ8d9/7Z3GV3UcgvzQW3J5zMyrTvlz."},
    {"abcdefghijklmnopqrstuvwxyz", 26, 1, "$2a$10$fVH8e28OQRj9tqiDXs1e1u",
     "$2a$10$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq"},
    {"abcdefghijklmnopqrstuvwxyz", 26, 1, "$2a$12$D4G5f18o7aMMfwasBL7Gpu",
     "$2a$12$D4G5f18o7aMMfwasBL7GpuQWuP3pkrZrOAnqP.bmezbMng.QwJ/pG"},
    {"~!@#$%^&*()      ~!@#$%^&*()PNBFRD", 34, 1, "$2a$06$fPIsBO8qRqkjj273rfaOI.",
     "$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO"},
    {"~!@#$%^&*()      ~!@#$%^&*()PNBFRD", 34, 1, "$2a$08$Eq2r4G/76Wv39MzSX262hu",
     "$2a$08$Eq2r4G/76Wv39MzSX262huzPz612MZiYHVUJe/OcOql2jo4.9UxTW"},
    {"~!@#$%^&*()      ~!@#$%^&*()PNBFRD", 34, 1, "$2a$10$LgfYWkbzEvQ4JakH7rOvHe",
     "$2a$10$LgfYWkbzEvQ4JakH7rOvHe0y8pHKF9OaFgwUZ2q7W2FFZmZzJYlfS"},
    {"~!@#$%^&*()      ~!@#$%^&*()PNBFRD", 34, 1, "$2a$12$WApznUOJfkEGSmYRfnkrPO",
     "$2a$12$WApznUOJfkEGSmYRfnkrPOr466oFDCaj4b6HY3EXGvfxm43seyhgC"},
    {"abc", 3, 1, "$2a$10$WvvTPHKwdBJ3uk0Z37EMR.",
     "$2a$10$WvvTPHKwdBJ3uk0Z37EMR.hLA2W6N9AEBhEgrAOljy2Ae5MtaSIUi"},
    {"\xa3", 1, 0, "$2a$05$CCCCCCCCCCCCCCCCCCCCC.",
     "$2a$05$CCCCCCCCCCCCCCCCCCCCC.BvtRGGx3p8o0C5C36uS442Qqnrwofrq"},
    {"\xc2\xa3", 2, 0, "$2a$05$CCCCCCCCCCCCCCCCCCCCC.",
     "$2a$05$CCCCCCCCCCCCCCCCCCCCC.CAzSxlf0FLW7g1A5q7W/ZCj1xsN6A.e"},
    {"\xc2\xa3", 2, 1, "$2a$05$CCCCCCCCCCCCCCCCCCCCC.",
     "$2a$05$CCCCCCCCCCCCCCCCCCCCC.CAzSxlf0FLW7g1A5q7W/ZCj1xsN6A.e"},
};
static const struct {
    int rounds;
    const char *pw;
    Py_ssize_t pw_len;
    int pw_str;
    const char *salt;
    Py_ssize_t salt_len;
    int salt_str;
    const char *key;
    Py_ssize_t key_len;
} KDF_VECTORS[] = {
    {4, "password", 8, 1, "salt", 4, 1,
     "\x5b\xbf\x0c\xc2\x93\x58\x7f\x1c\x36\x35\x55\x5c\x27\x79\x65\x98\xd4\x7e\x57\x90\x71\xbf\x42\x7e\x9d\x8f\xbe\x84\x2a\xba\x34\xd9", 32},
    {4, "password", 8, 1, "\x00", 1, 0,
     "\xc1\x2b\x56\x62\x35\xee\xe0\x4c\x21\x25\x98\x97\x0a\x57\x9a\x67", 16},
    {4, "\x00", 1, 0, "salt", 4, 1,
     "\x60\x51\xbe\x18\xc2\xf4\xf8\x2c\xbf\x0e\xfe\xe5\x47\x1b\x4b\xb9", 16},
    {4, "\x70\x61\x73\x73\x77\x6f\x72\x64\x00", 9, 1, "\x73\x61\x6c\x74\x00", 5, 1,
     "\x74\x10\xe4\x4c\xf4\xfa\x07\xbf\xaa\xc8\xa9\x28\xb1\x72\x7f\xac\x00\x13\x75\xe7\xbf\x73\x84\x37\x0f\x48\xef\xd1\x21\x74\x30\x50", 32},
    {4, "\x70\x61\x73\x73\x00\x77\x6f\x72", 8, 0, "\x73\x61\x00\x6c", 4, 0,
     "\xc2\xbf\xfd\x9d\xb3\x8f\x65\x69\xef\xef\x43\x72\xf4\xde\x83\xc0", 16},
    {4, "\x70\x61\x73\x73\x00\x77\x6f\x72\x64", 9, 0, "\x73\x61\x00\x6c\x74", 5, 0,
     "\x4b\xa4\xac\x39\x25\xc0\xe8\xd7\xf0\xcd\xb6\xbb\x16\x84\xa5\x6f", 16},
    {8, "password", 8, 1, "salt", 4, 1,
     "\xe1\x36\x7e\xc5\x15\x1a\x33\xfa\xac\x4c\xc1\xc1\x44\xcd\x23\xfa\x15\xd5\x54\x84\x93\xec\xc9\x9b\x9b\x5d\x9c\x0d\x3b\x27\xbe\xc7\x62\x27\xea\x66\x08\x8b\x84\x9b\x20\xab\x7a\xa4\x78\x01\x02\x46\xe7\x4b\xba\x51\x72\x3f\xef\xa9\xf9\x47\x4d\x65\x08\x84\x5e\x8d", 64},
    {42, "password", 8, 1, "salt", 4, 1,
     "\x83\x3c\xf0\xdc\xf5\x6d\xb6\x56\x08\xe8\xf0\xdc\x0c\xe8\x82\xbd", 16},
    {8, "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.", 446, 1, "\x73\x61\x6c\x69\x73\x00", 6, 0,
     "\x10\x97\x8b\x07\x25\x3d\xf5\x7f\x71\xa1\x62\xeb\x0e\x8a\xd3\x0a", 16},
    {8, "\x0d\xb3\xac\x94\xb3\xee\x53\x28\x4f\x4a\x22\x89\x3b\x3c\x24\xae", 16, 0, "\x3a\x62\xf0\xf0\xdb\xce\xf8\x23\xcf\xcc\x85\x48\x56\xea\x10\x28", 16, 0,
     "\x20\x44\x38\x17\x5e\xee\x7c\xe1\x36\xc9\x1b\x49\xa6\x79\x23\xff", 16},
    {8, "\x0d\xb3\xac\x94\xb3\xee\x53\x28\x4f\x4a\x22\x89\x3b\x3c\x24\xae", 16, 0, "\x3a\x62\xf0\xf0\xdb\xce\xf8\x23\xcf\xcc\x85\x48\x56\xea\x10\x28", 16, 0,
     "\x20\x54\xb9\xff\xf3\x4e\x37\x21\x44\x03\x34\x74\x68\x28\xe9\xed\x38\xde\x4b\x72\xe0\xa6\x9a\xdc\x17\x0a\x13\xb5\xe8\xd6\x46\x38\x5e\xa4\x03\x4a\xe6\xd2\x66\x00\xee\x23\x32\xc5\xed\x40\xad\x55\x7c\x86\xe3\x40\x3f\xbb\x30\xe4\xe1\xdc\x1a\xe0\x6b\x99\xa0\x71\x36\x8f\x51\x8d\x2c\x42\x66\x51\xc9\xe7\xe4\x37\xfd\x6c\x91\x5b\x1b\xbf\xc3\xa4\xce\xa7\x14\x91\x49\x0e\xa7\xaf\xb7\xdd\x02\x90\xa6\x78\xa4\xf4\x41\x12\x8d\xb1\x79\x2e\xab\x27\x76\xb2\x1e\xb4\x23\x8e\x07\x15\xad\xd4\x12\x7d\xff\x44\xe4\xb3\xe4\xcc\x4c\x4f\x99\x70\x08\x3f\x3f\x74\xbd\x69\x88\x73\xfd\xf6\x48\x84\x4f\x75\xc9\xbf\x7f\x9e\x0c\x4d\x9e\x5d\x89\xa7\x78\x39\x97\x49\x29\x66\x61\x67\x07\x61\x1c\xb9\x01\xde\x31\xa1\x97\x26\xb6\xe0\x8c\x3a\x80\x01\x66\x1f\x2d\x5c\x9d\xcc\x33\xb4\xaa\x07\x2f\x90\xdd\x0b\x3f\x54\x8d\x5e\xeb\xa4\x21\x13\x97\xe2\xfb\x06\x2e\x52\x6e\x1d\x68\xf4\x6a\x4c\xe2\x56\x18\x5b\x4b\xad\xc2\x68\x5f\xbe\x78\xe1\xc7\x65\x7b\x59\xf8\x3a\xb9\xab\x80\xcf\x93\x18\xd6\xad\xd1\xf5\x93\x3f\x12\xd6\xf3\x61\x82\xc8\xe8\x11\x5f\x68\x03\x0a\x12\x44", 256},
    {8, "\xe1\xbd\x88\xce\xb4\xcf\x85\xcf\x83\xcf\x83\xce\xb5\xcf\x8d\xcf\x82", 17, 0, "\xce\xa4\xce\xb7\xce\xbb\xce\xad\xce\xbc\xce\xb1\xcf\x87\xce\xbf\xcf\x82", 18, 0,
     "\x43\x66\x6c\x9b\x09\xef\x33\xed\x8c\x27\xe8\xe8\xf3\xe2\xd8\xe6", 16},
    {8, "\xe1\xbd\x88\xce\xb4\xcf\x85\xcf\x83\xcf\x83\xce\xb5\xcf\x8d\xcf\x82", 17, 1, "\xce\xa4\xce\xb7\xce\xbb\xce\xad\xce\xbc\xce\xb1\xcf\x87\xce\xbf\xcf\x82", 18, 1,
     "\x43\x66\x6c\x9b\x09\xef\x33\xed\x8c\x27\xe8\xe8\xf3\xe2\xd8\xe6", 16},
};

static PyObject *hashpw, *checkpw, *encode_salt, *kdf;

static PyObject *text_or_bytes(const char *s, Py_ssize_t n, int is_str)
{
    return is_str ? PyUnicode_DecodeUTF8(s, n, "strict") : PyBytes_FromStringAndSize(s, n);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    hashpw = attr(module, "hashpw");
    checkpw = attr(module, "checkpw");
    encode_salt = attr(module, "encode_salt");
    kdf = attr(module, "kdf");
    PyObject *version = attr(module, "__version__");
    record_value(version, "__version__");
    Py_DECREF(version);

    /* test_00__test_vectors, test_02__checkpw_success, test_03__checkpw_fail */
    for (size_t i = 0; i < sizeof HASH_VECTORS / sizeof HASH_VECTORS[0]; i++) {
        char what[160];
        PyObject *pw = text_or_bytes(HASH_VECTORS[i].pw, HASH_VECTORS[i].pw_len, HASH_VECTORS[i].pw_str);
        snprintf(what, sizeof what, "hashpw(vector %zu, '%s')", i, HASH_VECTORS[i].salt);
        expect_str(call(hashpw, NULL, "(Os)", pw, HASH_VECTORS[i].salt), HASH_VECTORS[i].expected, what);
        snprintf(what, sizeof what, "checkpw(vector %zu) is True", i);
        expect_is(call(checkpw, NULL, "(Os)", pw, HASH_VECTORS[i].expected), Py_True, what);
        snprintf(what, sizeof what, "checkpw('foo', vector %zu) is False", i);
        expect_is(call(checkpw, NULL, "(ss)", "foo", HASH_VECTORS[i].expected), Py_False, what);
        Py_DECREF(pw);
    }

    /* test_01__gensalt, with fixed raw salts: hashing again with the
       hash as the salt gives the same hash. */
    for (int rounds = 4; rounds < 10; rounds += 2) {
        char raw[16], what[96];
        for (int k = 0; k < 16; k++)
            raw[k] = (char)(rounds * 31 + k * 17);
        PyObject *salt = take(call(encode_salt, NULL, "(y#i)", raw, (Py_ssize_t)16, rounds));
        PyObject *h1 = salt ? take(call(hashpw, NULL, "(sO)", "abc", salt)) : NULL;
        PyObject *h2 = h1 ? take(call(hashpw, NULL, "(sO)", "abc", h1)) : NULL;
        snprintf(what, sizeof what, "gensalt(%d) round trip", rounds);
        tap(h1 && h2 && PyUnicode_Compare(h1, h2) == 0, what);
        snprintf(what, sizeof what, "encode_salt(raw, %d)", rounds);
        record_value(salt, what);
        snprintf(what, sizeof what, "hashpw('abc', encode_salt(raw, %d))", rounds);
        record_value(h1, what);
        Py_XDECREF(h2);
        Py_XDECREF(h1);
        Py_XDECREF(salt);
    }

    /* TestKDF.test_00__test_vectors */
    for (size_t i = 0; i < sizeof KDF_VECTORS / sizeof KDF_VECTORS[0]; i++) {
        char what[96];
        PyObject *pw = text_or_bytes(KDF_VECTORS[i].pw, KDF_VECTORS[i].pw_len, KDF_VECTORS[i].pw_str);
        PyObject *salt = text_or_bytes(KDF_VECTORS[i].salt, KDF_VECTORS[i].salt_len, KDF_VECTORS[i].salt_str);
        snprintf(what, sizeof what, "kdf vector %zu (%d rounds, %zd bytes)", i, KDF_VECTORS[i].rounds,
                 KDF_VECTORS[i].key_len);
        expect_bytes(call(kdf, NULL, "(OOni)", pw, salt, KDF_VECTORS[i].key_len, KDF_VECTORS[i].rounds),
                     KDF_VECTORS[i].key, KDF_VECTORS[i].key_len, what);
        Py_DECREF(salt);
        Py_DECREF(pw);
    }
    expect_bytes(call(kdf, kw_dict("{s:s,s:s,s:i,s:i}", "password", "password", "salt", "salt",
                                   "desired_key_bytes", 32, "rounds", 4),
                      "()"),
                 KDF_VECTORS[0].key, KDF_VECTORS[0].key_len, "kdf by keyword");
    {
        PyObject *ba = PyByteArray_FromStringAndSize("password", 8);
        record(call(kdf, NULL, "(Osii)", ba, "salt", 32, 4), "kdf(bytearray(b'password'), ...) (not read-only)");
        PyObject *mv = PyMemoryView_FromMemory((char *)"password", 8, PyBUF_READ);
        record(call(kdf, NULL, "(Osii)", mv, "salt", 32, 4), "kdf(memoryview(b'password'), ...)");
        Py_DECREF(mv);
        Py_DECREF(ba);
    }

    /* Errors. */
    record(call(hashpw, NULL, "(ss)", "pass", "$2a$05$CCCCCCCCCCCCCCCCCCCCC."), "hashpw('pass', short salt)");
    {
        PyObject *nul = PyUnicode_FromStringAndSize("pa\0ss", 5);
        record(call(hashpw, NULL, "(Os)", nul, "$2a$05$CCCCCCCCCCCCCCCCCCCCC."), "hashpw('pa\\0ss', salt)");
        record(call(checkpw, NULL, "(Os)", nul, HASH_VECTORS[0].expected), "checkpw('pa\\0ss', hash)");
        Py_DECREF(nul);
    }
    record(call(hashpw, NULL, "(ss)", "abc", "$2a$05$short"), "hashpw('abc', '$2a$05$short')");
    record(call(hashpw, NULL, "(ss)", "abc", "nonsense"), "hashpw('abc', 'nonsense')");
    record(call(hashpw, NULL, "(ss)", "abc", "$2a$99$CCCCCCCCCCCCCCCCCCCCC."), "hashpw with 99 rounds");
    record(call(checkpw, NULL, "(ss)", "abc", "$2a$05$short"), "checkpw('abc', '$2a$05$short')");
    record(call(checkpw, NULL, "(ss)", "abc", ""), "checkpw('abc', '')");
    record(call(hashpw, NULL, "(is)", 1, "x"), "hashpw(1, 'x')");
    record(call(hashpw, NULL, "(s)", "x"), "hashpw('x')");
    record(call(hashpw, kw_dict("{s:s}", "salt", "x"), "()"), "hashpw(salt='x')");
    record(call(encode_salt, NULL, "(yi)", "short", 10), "encode_salt(b'short', 10)");
    record(call(encode_salt, NULL, "(y#i)", "0123456789abcdef", (Py_ssize_t)16, 3), "encode_salt(16 bytes, 3)");
    record(call(encode_salt, NULL, "(y#i)", "0123456789abcdef", (Py_ssize_t)16, 32), "encode_salt(16 bytes, 32)");
    record(call(encode_salt, NULL, "(y#i)", "0123456789abcdef", (Py_ssize_t)16, 31), "encode_salt(16 bytes, 31)");
    record(call(encode_salt, NULL, "(y#d)", "0123456789abcdef", (Py_ssize_t)16, 4.0), "encode_salt(16 bytes, 4.0)");
    record(call(kdf, NULL, "(ssii)", "", "salt", 16, 4), "kdf('', 'salt', 16, 4)");
    record(call(kdf, NULL, "(ssii)", "pw", "", 16, 4), "kdf('pw', '', 16, 4)");
    record(call(kdf, NULL, "(ssii)", "pw", "salt", 0, 4), "kdf('pw', 'salt', 0, 4)");
    record(call(kdf, NULL, "(ssii)", "pw", "salt", 16, 0), "kdf('pw', 'salt', 16, 0)");
    record(call(kdf, NULL, "(ssii)", "pw", "salt", 2000, 1), "kdf('pw', 'salt', 2000, 1)");
    record(call(kdf, NULL, "(ssL)", "pw", "salt", 1LL << 62), "kdf('pw', 'salt', 2**62)");
    record(call(kdf, kw_dict("{s:i}", "bogus", 1), "(ssii)", "pw", "salt", 16, 4), "kdf(..., bogus=1)");

    Py_DECREF(hashpw);
    Py_DECREF(checkpw);
    Py_DECREF(encode_salt);
    Py_DECREF(kdf);
}

CORPUS_MAIN("_bcrypt", run)
