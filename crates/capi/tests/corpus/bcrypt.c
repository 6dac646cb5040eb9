/* bcrypt 4.3.0 (pyca/bcrypt): bcrypt._bcrypt, Rust over PyO3 0.23 built with
 * its "abi3" feature, so every object access goes through the stable ABI's
 * functions (PyType_GetSlot / PyType_GetFlags for type checks, _Py_IncRef /
 * _Py_DecRef for every reference, PyBytes_AsString / PyBytes_Size for
 * `&[u8]` arguments, PyErr_WarnEx for kdf's few-rounds warning) instead of
 * reading CPython's struct layouts. PyO3's own fastcall argument parsing
 * (positional, keyword and defaulted arguments, `Option<u16>` and `usize`
 * conversions with their OverflowErrors) and its error messages.
 *
 * Vectors: tests/test_bcrypt.py (every _test_vectors and _2y_test_vectors
 * case through hashpw and checkpw, the kdf vectors, the gensalt rounds and
 * prefixes, NUL bytes, extra data, the 2a wraparound bug and the invalid
 * parameters), plus the module's constants.
 */
#include "corpus.h"

struct hash_vector {
    const char *pw;
    Py_ssize_t pw_len;
    const char *salt, *hashed;
};
struct kdf_vector {
    int rounds;
    const char *pw;
    Py_ssize_t pw_len;
    const char *salt;
    Py_ssize_t salt_len;
    const char *key;
    Py_ssize_t key_len;
};

static const struct hash_vector HASH_VECTORS[] = {
    {"Kk4DQuMMfZL9o", 13, "$2b$04$cVWp4XaNU8a4v1uMRum2SO", "$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm"},
    {"9IeRXmnGxMYbs", 13, "$2b$04$pQ7gRO7e6wx/936oXhNjrO", "$2b$04$pQ7gRO7e6wx/936oXhNjrOUNOHL1D0h1N2IDbJZYs.1ppzSof6SPy"},
    {"xVQVbwa1S0M8r", 13, "$2b$04$SQe9knOzepOVKoYXo9xTte", "$2b$04$SQe9knOzepOVKoYXo9xTteNYr6MBwVz4tpriJVe3PNgYufGIsgKcW"},
    {"Zfgr26LWd22Za", 13, "$2b$04$eH8zX.q5Q.j2hO1NkVYJQO", "$2b$04$eH8zX.q5Q.j2hO1NkVYJQOM6KxntS/ow3.YzVmFrE4t//CoF4fvne"},
    {"Tg4daC27epFBE", 13, "$2b$04$ahiTdwRXpUG2JLRcIznxc.", "$2b$04$ahiTdwRXpUG2JLRcIznxc.s1.ydaPGD372bsGs8NqyYjLY1inG5n2"},
    {"xhQPMmwh5ALzW", 13, "$2b$04$nQn78dV0hGHf5wUBe0zOFu", "$2b$04$nQn78dV0hGHf5wUBe0zOFu8n07ZbWWOKoGasZKRspZxtt.vBRNMIy"},
    {"59je8h5Gj71tg", 13, "$2b$04$cvXudZ5ugTg95W.rOjMITu", "$2b$04$cvXudZ5ugTg95W.rOjMITuM1jC0piCl3zF5cmGhzCibHZrNHkmckG"},
    {"wT4fHJa2N9WSW", 13, "$2b$04$YYjtiq4Uh88yUsExO0RNTu", "$2b$04$YYjtiq4Uh88yUsExO0RNTuEJ.tZlsONac16A8OcLHleWFjVawfGvO"},
    {"uSgFRnQdOgm4S", 13, "$2b$04$WLTjgY/pZSyqX/fbMbJzf.", "$2b$04$WLTjgY/pZSyqX/fbMbJzf.qxCeTMQOzgL.CimRjMHtMxd/VGKojMu"},
    {"tEPtJZXur16Vg", 13, "$2b$04$2moPs/x/wnCfeQ5pCheMcu", "$2b$04$2moPs/x/wnCfeQ5pCheMcuSJQ/KYjOZG780UjA/SiR.KsYWNrC7SG"},
    {"vvho8C6nlVf9K", 13, "$2b$04$HrEYC/AQ2HS77G78cQDZQ.", "$2b$04$HrEYC/AQ2HS77G78cQDZQ.r44WGcruKw03KHlnp71yVQEwpsi3xl2"},
    {"5auCCY9by0Ruf", 13, "$2b$04$vVYgSTfB8KVbmhbZE/k3R.", "$2b$04$vVYgSTfB8KVbmhbZE/k3R.ux9A0lJUM4CZwCkHI9fifke2.rTF7MG"},
    {"GtTkR6qn2QOZW", 13, "$2b$04$JfoNrR8.doieoI8..F.C1O", "$2b$04$JfoNrR8.doieoI8..F.C1OQgwE3uTeuardy6lw0AjALUzOARoyf2m"},
    {"zKo8vdFSnjX0f", 13, "$2b$04$HP3I0PUs7KBEzMBNFw7o3O", "$2b$04$HP3I0PUs7KBEzMBNFw7o3O7f/uxaZU7aaDot1quHMgB2yrwBXsgyy"},
    {"I9VfYlacJiwiK", 13, "$2b$04$xnFVhJsTzsFBTeP3PpgbMe", "$2b$04$xnFVhJsTzsFBTeP3PpgbMeMREb6rdKV9faW54Sx.yg9plf4jY8qT6"},
    {"VFPO7YXnHQbQO", 13, "$2b$04$WQp9.igoLqVr6Qk70mz6xu", "$2b$04$WQp9.igoLqVr6Qk70mz6xuRxE0RttVXXdukpR9N54x17ecad34ZF6"},
    {"VDx5BdxfxstYk", 13, "$2b$04$xgZtlonpAHSU/njOCdKztO", "$2b$04$xgZtlonpAHSU/njOCdKztOPuPFzCNVpB4LGicO4/OGgHv.uKHkwsS"},
    {"dEe6XfVGrrfSH", 13, "$2b$04$2Siw3Nv3Q/gTOIPetAyPr.", "$2b$04$2Siw3Nv3Q/gTOIPetAyPr.GNj3aO0lb1E5E9UumYGKjP9BYqlNWJe"},
    {"cTT0EAFdwJiLn", 13, "$2b$04$7/Qj7Kd8BcSahPO4khB8me", "$2b$04$7/Qj7Kd8BcSahPO4khB8me4ssDJCW3r4OGYqPF87jxtrSyPj5cS5m"},
    {"J8eHUDuxBB520", 13, "$2b$04$VvlCUKbTMjaxaYJ.k5juoe", "$2b$04$VvlCUKbTMjaxaYJ.k5juoecpG/7IzcH1AkmqKi.lIZMVIOLClWAk."},
    {"U*U", 3, "$2a$05$CCCCCCCCCCCCCCCCCCCCC.", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
    {"U*U*", 4, "$2a$05$CCCCCCCCCCCCCCCCCCCCC.", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"},
    {"U*U*U", 5, "$2a$05$XXXXXXXXXXXXXXXXXXXXXO", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"},
    {"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789chars after 72 are ignored", 98, "$2a$05$abcdefghijklmnopqrstuu", "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"},
    {"\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa\x63\x68\x61\x72\x73\x20\x61\x66\x74\x65\x72\x20\x37\x32\x20\x61\x72\x65\x20\x69\x67\x6e\x6f\x72\x65\x64\x20\x61\x73\x20\x75\x73\x75\x61\x6c", 107, "$2a$05$/OK.fbVrR/bpIqNJ5ianF.", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.swQOIzjOiJ9GHEPuhEkvqrUyvWhEMx6"},
    {"\xa3", 1, "$2a$05$/OK.fbVrR/bpIqNJ5ianF.", "$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq"},
    {"\x7d\x3e\xb3\xfe\xf1\x8b\xa0\xe6\x28\xa2\x4c\x7a\x71\xc3\x50\x7f\xcc\xc8\x62\x7b\xf9\x14\xf6\xf6\x60\x81\x47\x35\xec\x1d\x87\x10\xbf\xa7\xe1\x7d\x49\x37\x20\x96\xdf\x63\xf2\xbf\xb3\x56\x68\xdf\x4d\x88\x71\xf7\xff\x1b\x82\x7e\x7a\x13\xdd\xe9\x84\x00\xdd\x34", 64, "$2b$10$keO.ZZs22YtygVF6BLfhGO", "$2b$10$keO.ZZs22YtygVF6BLfhGOI/JjshJYPp8DZsUtym6mJV2Eha2Hdd."},
    {"\x67\x37\x0d\x01\xf3\xd4\xd0\xa9\x4a\x42\x5e\x18\x00\x37\x50\xb2\x4e\xc7\x1c\xee\x87\x26\x83\x43\x8b\xe8\x18\xc5\x3e\x86\x14\x2f\xd6\xcc\x1c\x4a\xde\xd7\x69\x78\xeb\xde\x4f\xef\xe1\x69\xac\xcb\x03\x96\x76\x31\x27\x20\xd6\x40\x2e\x6d\xa5\x21\xa0\xef\xc0\x28", 64, "$2a$04$tecY.9ylRInW/rAAzXCXPO", "$2a$04$tecY.9ylRInW/rAAzXCXPOOlyYeCNzmNTzPDNSIFztFMKbvs/s5XG"},
};
static const struct hash_vector Y2_VECTORS[] = {
    {"\xa3", 1, "$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq"},
    {"\xff\xff\xa3", 3, "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", "$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e"},
};
static const struct kdf_vector KDF_VECTORS[] = {
    {4, "password", 8, "salt", 4,
     "\x5b\xbf\x0c\xc2\x93\x58\x7f\x1c\x36\x35\x55\x5c\x27\x79\x65\x98\xd4\x7e\x57\x90\x71\xbf\x42\x7e\x9d\x8f\xbe\x84\x2a\xba\x34\xd9", 32},
    {4, "password", 8, "\x00", 1,
     "\xc1\x2b\x56\x62\x35\xee\xe0\x4c\x21\x25\x98\x97\x0a\x57\x9a\x67", 16},
    {4, "\x00", 1, "salt", 4,
     "\x60\x51\xbe\x18\xc2\xf4\xf8\x2c\xbf\x0e\xfe\xe5\x47\x1b\x4b\xb9", 16},
    {4, "\x70\x61\x73\x73\x77\x6f\x72\x64\x00", 9, "\x73\x61\x6c\x74\x00", 5,
     "\x74\x10\xe4\x4c\xf4\xfa\x07\xbf\xaa\xc8\xa9\x28\xb1\x72\x7f\xac\x00\x13\x75\xe7\xbf\x73\x84\x37\x0f\x48\xef\xd1\x21\x74\x30\x50", 32},
    {4, "\x70\x61\x73\x73\x00\x77\x6f\x72", 8, "\x73\x61\x00\x6c", 4,
     "\xc2\xbf\xfd\x9d\xb3\x8f\x65\x69\xef\xef\x43\x72\xf4\xde\x83\xc0", 16},
    {4, "\x70\x61\x73\x73\x00\x77\x6f\x72\x64", 9, "\x73\x61\x00\x6c\x74", 5,
     "\x4b\xa4\xac\x39\x25\xc0\xe8\xd7\xf0\xcd\xb6\xbb\x16\x84\xa5\x6f", 16},
    {8, "password", 8, "salt", 4,
     "\xe1\x36\x7e\xc5\x15\x1a\x33\xfa\xac\x4c\xc1\xc1\x44\xcd\x23\xfa\x15\xd5\x54\x84\x93\xec\xc9\x9b\x9b\x5d\x9c\x0d\x3b\x27\xbe\xc7\x62\x27\xea\x66\x08\x8b\x84\x9b\x20\xab\x7a\xa4\x78\x01\x02\x46\xe7\x4b\xba\x51\x72\x3f\xef\xa9\xf9\x47\x4d\x65\x08\x84\x5e\x8d", 64},
    {42, "password", 8, "salt", 4,
     "\x83\x3c\xf0\xdc\xf5\x6d\xb6\x56\x08\xe8\xf0\xdc\x0c\xe8\x82\xbd", 16},
    {8, "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.", 446, "\x73\x61\x6c\x69\x73\x00", 6,
     "\x10\x97\x8b\x07\x25\x3d\xf5\x7f\x71\xa1\x62\xeb\x0e\x8a\xd3\x0a", 16},
    {8, "\x0d\xb3\xac\x94\xb3\xee\x53\x28\x4f\x4a\x22\x89\x3b\x3c\x24\xae", 16, "\x3a\x62\xf0\xf0\xdb\xce\xf8\x23\xcf\xcc\x85\x48\x56\xea\x10\x28", 16,
     "\x20\x44\x38\x17\x5e\xee\x7c\xe1\x36\xc9\x1b\x49\xa6\x79\x23\xff", 16},
    {8, "\x0d\xb3\xac\x94\xb3\xee\x53\x28\x4f\x4a\x22\x89\x3b\x3c\x24\xae", 16, "\x3a\x62\xf0\xf0\xdb\xce\xf8\x23\xcf\xcc\x85\x48\x56\xea\x10\x28", 16,
     "\x20\x54\xb9\xff\xf3\x4e\x37\x21\x44\x03\x34\x74\x68\x28\xe9\xed\x38\xde\x4b\x72\xe0\xa6\x9a\xdc\x17\x0a\x13\xb5\xe8\xd6\x46\x38\x5e\xa4\x03\x4a\xe6\xd2\x66\x00\xee\x23\x32\xc5\xed\x40\xad\x55\x7c\x86\xe3\x40\x3f\xbb\x30\xe4\xe1\xdc\x1a\xe0\x6b\x99\xa0\x71\x36\x8f\x51\x8d\x2c\x42\x66\x51\xc9\xe7\xe4\x37\xfd\x6c\x91\x5b\x1b\xbf\xc3\xa4\xce\xa7\x14\x91\x49\x0e\xa7\xaf\xb7\xdd\x02\x90\xa6\x78\xa4\xf4\x41\x12\x8d\xb1\x79\x2e\xab\x27\x76\xb2\x1e\xb4\x23\x8e\x07\x15\xad\xd4\x12\x7d\xff\x44\xe4\xb3\xe4\xcc\x4c\x4f\x99\x70\x08\x3f\x3f\x74\xbd\x69\x88\x73\xfd\xf6\x48\x84\x4f\x75\xc9\xbf\x7f\x9e\x0c\x4d\x9e\x5d\x89\xa7\x78\x39\x97\x49\x29\x66\x61\x67\x07\x61\x1c\xb9\x01\xde\x31\xa1\x97\x26\xb6\xe0\x8c\x3a\x80\x01\x66\x1f\x2d\x5c\x9d\xcc\x33\xb4\xaa\x07\x2f\x90\xdd\x0b\x3f\x54\x8d\x5e\xeb\xa4\x21\x13\x97\xe2\xfb\x06\x2e\x52\x6e\x1d\x68\xf4\x6a\x4c\xe2\x56\x18\x5b\x4b\xad\xc2\x68\x5f\xbe\x78\xe1\xc7\x65\x7b\x59\xf8\x3a\xb9\xab\x80\xcf\x93\x18\xd6\xad\xd1\xf5\x93\x3f\x12\xd6\xf3\x61\x82\xc8\xe8\x11\x5f\x68\x03\x0a\x12\x44", 256},
    {8, "\xe1\xbd\x88\xce\xb4\xcf\x85\xcf\x83\xcf\x83\xce\xb5\xcf\x8d\xcf\x82", 17, "\xce\xa4\xce\xb7\xce\xbb\xce\xad\xce\xbc\xce\xb1\xcf\x87\xce\xbf\xcf\x82", 18,
     "\x43\x66\x6c\x9b\x09\xef\x33\xed\x8c\x27\xe8\xe8\xf3\xe2\xd8\xe6", 16},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static PyObject *hashpw, *checkpw, *gensalt, *kdf;

/* Whether `r` is bytes starting with `prefix` and `total` bytes long. */
static void expect_salt(PyObject *r, const char *prefix, const char *what)
{
    int ok = succeeded(r);
    if (ok && (!PyBytes_CheckExact(r) || PyBytes_GET_SIZE(r) != 29
               || strncmp(PyBytes_AS_STRING(r), prefix, strlen(prefix)) != 0)) {
        diag("result is not a 29-byte salt starting with %s; ", prefix);
        ok = 0;
    }
    ok &= settle(0);
    tap(ok, what);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    hashpw = attr(module, "hashpw");
    checkpw = attr(module, "checkpw");
    gensalt = attr(module, "gensalt");
    kdf = attr(module, "kdf");
    static const char *constants[] = {"__title__", "__summary__", "__uri__", "__version_ex__", "__author__",
                                      "__email__", "__license__", "__copyright__"};
    for (size_t i = 0; i < N(constants); i++) {
        PyObject *v = attr(module, constants[i]);
        record_value(v, constants[i]);
        Py_DECREF(v);
    }
    record_value(hashpw, "repr(hashpw)");

    /* test_hashpw_new, test_checkpw, test_hashpw_existing */
    for (size_t i = 0; i < N(HASH_VECTORS); i++) {
        char what[160];
        const struct hash_vector *v = &HASH_VECTORS[i];
        snprintf(what, sizeof what, "hashpw(vector %zu, %s)", i, v->salt);
        expect_bytes(call(hashpw, NULL, "(y#y)", v->pw, v->pw_len, v->salt), v->hashed, strlen(v->hashed), what);
        snprintf(what, sizeof what, "checkpw(vector %zu) is True", i);
        expect_is(call(checkpw, NULL, "(y#y)", v->pw, v->pw_len, v->hashed), Py_True, what);
        snprintf(what, sizeof what, "hashpw(vector %zu, its hash)", i);
        expect_bytes(call(hashpw, NULL, "(y#y)", v->pw, v->pw_len, v->hashed), v->hashed, strlen(v->hashed), what);
    }
    /* test_hashpw_2y_prefix, test_checkpw_2y_prefix */
    for (size_t i = 0; i < N(Y2_VECTORS); i++) {
        char what[160];
        const struct hash_vector *v = &Y2_VECTORS[i];
        snprintf(what, sizeof what, "hashpw(2y vector %zu)", i);
        expect_bytes(call(hashpw, NULL, "(y#y)", v->pw, v->pw_len, v->salt), v->hashed, strlen(v->hashed), what);
        snprintf(what, sizeof what, "checkpw(2y vector %zu) is True", i);
        expect_is(call(checkpw, NULL, "(y#y)", v->pw, v->pw_len, v->salt), Py_True, what);
    }

    /* test_gensalt_basic, test_gensalt_rounds_valid / _invalid, the
       prefixes; the salts are random, so only their shape is checked. */
    expect_salt(call(gensalt, NULL, "()"), "$2b$12$", "gensalt()");
    for (int rounds = 4; rounds <= 24; rounds++) {
        char prefix[16], what[64];
        snprintf(prefix, sizeof prefix, "$2b$%02d$", rounds);
        snprintf(what, sizeof what, "gensalt(%d)", rounds);
        expect_salt(call(gensalt, NULL, "(i)", rounds), prefix, what);
    }
    for (int rounds = 1; rounds < 4; rounds++) {
        char what[64];
        snprintf(what, sizeof what, "gensalt(%d) is refused", rounds);
        expect_error(call(gensalt, NULL, "(i)", rounds), PyExc_ValueError, "Invalid rounds", what);
    }
    expect_error(call(gensalt, kw_dict("{s:y}", "prefix", "bad"), "()"), PyExc_ValueError,
                 "Supported prefixes are b'2a' or b'2b'", "gensalt(prefix=b'bad')");
    expect_salt(call(gensalt, kw_dict("{s:y}", "prefix", "2a"), "()"), "$2a$12$", "gensalt(prefix=b'2a')");
    expect_salt(call(gensalt, kw_dict("{s:i,s:y}", "rounds", 5, "prefix", "2b"), "()"), "$2b$05$",
                "gensalt(rounds=5, prefix=b'2b')");
    expect_salt(call(gensalt, NULL, "(OO)", Py_None, Py_None), "$2b$12$", "gensalt(None, None)");
    record(call(gensalt, NULL, "(i)", 32), "gensalt(32)");
    record(call(gensalt, NULL, "(i)", -1), "gensalt(-1)");
    record(call(gensalt, NULL, "(i)", 70000), "gensalt(70000)");
    record(call(gensalt, NULL, "(d)", 5.0), "gensalt(5.0)");
    record(call(gensalt, NULL, "(s)", "5"), "gensalt('5')");
    record(call(gensalt, NULL, "(is)", 5, "2b"), "gensalt(5, '2b')");
    record(call(gensalt, NULL, "(iyi)", 5, "2b", 1), "gensalt(5, b'2b', 1)");
    record(call(gensalt, kw_dict("{s:i}", "cost", 5), "()"), "gensalt(cost=5)");
    record(call(gensalt, kw_dict("{s:i}", "rounds", 5), "(i)", 5), "gensalt(5, rounds=5)");

    /* A fresh salt hashes and checks (test_hashpw_nul_byte,
       test_checkpw_extra_data). */
    {
        PyObject *salt = take(call(gensalt, NULL, "(i)", 4));
        PyObject *hashed = salt ? take(call(hashpw, NULL, "(y#O)", "abc\0def", (Py_ssize_t)7, salt)) : NULL;
        tap(hashed != NULL && PyBytes_GET_SIZE(hashed) == 60, "hashpw(b'abc\\0def', gensalt(4))");
        if (hashed != NULL) {
            expect_is(call(checkpw, NULL, "(y#O)", "abc\0def", (Py_ssize_t)7, hashed), Py_True,
                      "checkpw(b'abc\\0def', hashed)");
            expect_is(call(checkpw, NULL, "(y#O)", "abc\0deg", (Py_ssize_t)7, hashed), Py_False,
                      "checkpw(b'abc\\0deg', hashed)");
            expect_is(call(checkpw, NULL, "(y#O)", "abc\0def\0", (Py_ssize_t)8, hashed), Py_False,
                      "checkpw(b'abc\\0def\\0', hashed)");
            expect_is(call(checkpw, NULL, "(y#O)", "abc\0def\0\0", (Py_ssize_t)9, hashed), Py_False,
                      "checkpw(b'abc\\0def\\0\\0', hashed)");
            PyObject *extra = PyBytes_FromFormat("%sextra", PyBytes_AS_STRING(hashed));
            expect_is(call(checkpw, NULL, "(y#O)", "abc\0def", (Py_ssize_t)7, extra), Py_False,
                      "checkpw(pw, hashed + b'extra')");
            Py_DECREF(extra);
            PyObject *cut = PyBytes_FromStringAndSize(PyBytes_AS_STRING(hashed), 50);
            expect_is(call(checkpw, NULL, "(y#O)", "abc\0def", (Py_ssize_t)7, cut), Py_False,
                      "checkpw(pw, hashed[:-10])");
            Py_DECREF(cut);
        }
        Py_XDECREF(hashed);
        Py_XDECREF(salt);
    }

    /* test_hashpw_invalid, test_checkpw_wrong_password, _bad_salt,
       _nul_byte and the str refusals. */
    expect_error(call(hashpw, NULL, "(yy)", "password", "$2z$04$cVWp4XaNU8a4v1uMRum2SO"), PyExc_ValueError,
                 "Invalid salt", "hashpw with a $2z$ salt");
    expect_is(call(checkpw, NULL, "(yy)", "badpass", "$2b$04$2Siw3Nv3Q/gTOIPetAyPr.GNj3aO0lb1E5E9UumYGKjP9BYqlNWJe"),
              Py_False, "checkpw(b'badpass', ...) is False");
    expect_error(call(checkpw, NULL, "(yy)", "badpass", "$2b$04$?Siw3Nv3Q/gTOIPetAyPr.GNj3aO0lb1E5E9UumYGKjP9BYqlNWJe"),
                 PyExc_ValueError, "Invalid salt", "checkpw with a '?' in the salt");
    expect_error(call(checkpw, NULL, "(yy)", "password", "$2b$3$mdEQPMOtfPX.WGZNXgF66OhmBlOGKEd66SQ7DyJPGucYYmvTJYviy"),
                 PyExc_ValueError, "Invalid salt", "checkpw with 3 rounds");
    expect_error(call(checkpw, NULL, "(yy)", "password", "$2b$12$incorrect"), PyExc_ValueError, "Invalid salt",
                 "checkpw with a short salt");
    expect_is(call(checkpw, NULL, "(y#y)", "abc\0def", (Py_ssize_t)7,
                   "$2b$04$2Siw3Nv3Q/gTOIPetAyPr.GNj3aO0lb1E5E9UumYGKjP9BYqlNWJe"),
              Py_False, "checkpw(b'abc\\0def', ...)");
    expect_error(call(checkpw, NULL, "(yy#)", "abcdef", "$2b$04$2S\0w3Nv3Q/gTOIPetAyPr.GNj3aO0lb1E5E9UumYGKjP9BYqlNWJe",
                      (Py_ssize_t)60),
                 PyExc_ValueError, "Invalid salt", "checkpw with a NUL in the salt");
    expect_error(call(checkpw, NULL, "(sy)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO"), PyExc_TypeError, NULL,
                 "checkpw(str, bytes)");
    expect_error(call(checkpw, NULL, "(ys)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO"), PyExc_TypeError, NULL,
                 "checkpw(bytes, str)");
    expect_error(call(hashpw, NULL, "(sy)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO"), PyExc_TypeError, NULL,
                 "hashpw(str, bytes)");
    expect_error(call(hashpw, NULL, "(ys)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO"), PyExc_TypeError, NULL,
                 "hashpw(bytes, str)");
    record(call(hashpw, NULL, "(sy)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO"), "hashpw('password', salt)");
    record(call(checkpw, NULL, "(ys)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO"), "checkpw(b'password', str)");
    {
        PyObject *ba = PyByteArray_FromStringAndSize("password", 8);
        record(call(hashpw, NULL, "(Oy)", ba, "$2b$04$cVWp4XaNU8a4v1uMRum2SO"), "hashpw(bytearray, salt)");
        Py_DECREF(ba);
        PyObject *mv = PyMemoryView_FromMemory((char *)"password", 8, PyBUF_READ);
        record(call(hashpw, NULL, "(Oy)", mv, "$2b$04$cVWp4XaNU8a4v1uMRum2SO"), "hashpw(memoryview, salt)");
        Py_DECREF(mv);
    }
    record(call(hashpw, NULL, "(y)", "password"), "hashpw(b'password')");
    record(call(hashpw, NULL, "()"), "hashpw()");
    record(call(hashpw, NULL, "(yyy)", "a", "b", "c"), "hashpw(three arguments)");
    record(call(hashpw, kw_dict("{s:y,s:y}", "password", "abc", "salt", HASH_VECTORS[0].salt), "()"),
           "hashpw(password=, salt=)");
    record(call(hashpw, kw_dict("{s:y}", "pepper", "x"), "(yy)", "abc", HASH_VECTORS[0].salt),
           "hashpw(..., pepper=b'x')");
    record(call(hashpw, kw_dict("{s:y}", "password", "x"), "(yy)", "abc", HASH_VECTORS[0].salt),
           "hashpw(password twice)");
    record(call(checkpw, kw_dict("{s:y,s:y}", "password", HASH_VECTORS[1].pw, "hashed_password",
                                 HASH_VECTORS[1].hashed),
                "()"),
           "checkpw(password=, hashed_password=)");
    record(call(checkpw, NULL, "(iy)", 1, "x"), "checkpw(1, b'x')");
    record(call(hashpw, NULL, "(Oy)", Py_None, "x"), "hashpw(None, b'x')");

    /* test_2a_wraparound_bug */
    {
        char pw[256];
        for (int k = 0; k < 255; k++)
            pw[k] = (char)('0' + k % 10);
        expect_bytes(call(hashpw, NULL, "(y#y)", pw, (Py_ssize_t)255, "$2a$04$R1lJ2gkNaoPGdafE.H.16."),
                     "$2a$04$R1lJ2gkNaoPGdafE.H.16.1MKHPvmKwryeulRe225LKProWYwt9Oi", 60, "the 2a wraparound bug");
    }

    /* test_kdf */
    for (size_t i = 0; i < N(KDF_VECTORS); i++) {
        char what[96];
        const struct kdf_vector *v = &KDF_VECTORS[i];
        snprintf(what, sizeof what, "kdf vector %zu (%d rounds, %zd bytes)", i, v->rounds, v->key_len);
        expect_bytes(call(kdf, kw_dict("{s:O}", "ignore_few_rounds", Py_True), "(y#y#ni)", v->pw, v->pw_len,
                          v->salt, v->salt_len, v->key_len, v->rounds),
                     v->key, v->key_len, what);
    }
    expect_bytes(call(kdf, kw_dict("{s:y,s:y,s:i,s:i,s:O}", "password", "password", "salt", "salt",
                                   "desired_key_bytes", 32, "rounds", 4, "ignore_few_rounds", Py_True),
                      "()"),
                 KDF_VECTORS[0].key, KDF_VECTORS[0].key_len, "kdf by keyword");
    /* test_kdf_no_warn_rounds, test_kdf_warn_rounds: the warning goes to
       stderr under either host; the key is the same. Called outside the
       refcount baseline: CPython's warnings registry keeps references to
       what it was given. */
    record(call(kdf, NULL, "(yyiiO)", "password", "salt", 10, 10, Py_True), "kdf(..., 10, 10, True)");
    {
        PyObject *args = Py_BuildValue("(yyii)", "password", "salt", 10, 10);
        PyObject *r = PyObject_Call(kdf, args, NULL);
        if (r == NULL)
            diag_exception();
        tap(r != NULL && PyBytes_Check(r) && PyBytes_GET_SIZE(r) == 10, "kdf(..., 10, 10) warns and derives");
        record_value(r, "kdf(..., 10, 10) (warns)");
        Py_XDECREF(r);
        Py_DECREF(args);
    }
    record(call(kdf, NULL, "(yyiii)", "password", "salt", 10, 60, 0), "kdf(..., 10, 60, 0)");
    /* test_kdf_str_password, test_kdf_str_salt, test_invalid_params */
    expect_error(call(kdf, NULL, "(syii)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO", 10, 10), PyExc_TypeError,
                 NULL, "kdf(str password)");
    expect_error(call(kdf, NULL, "(ysii)", "password", "salt", 10, 10), PyExc_TypeError, NULL, "kdf(str salt)");
    expect_error(call(kdf, NULL, "(yyii)", "", "$2b$04$cVWp4XaNU8a4v1uMRum2SO", 10, 10), PyExc_ValueError,
                 "password and salt must not be empty", "kdf(empty password)");
    expect_error(call(kdf, NULL, "(yyii)", "password", "", 10, 10), PyExc_ValueError,
                 "password and salt must not be empty", "kdf(empty salt)");
    expect_error(call(kdf, NULL, "(yyii)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO", 0, 10), PyExc_ValueError,
                 "desired_key_bytes must be 1-512", "kdf(0 key bytes)");
    expect_error(call(kdf, NULL, "(yyii)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO", -3, 10),
                 PyExc_OverflowError, NULL, "kdf(-3 key bytes)");
    expect_error(call(kdf, NULL, "(yyii)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO", 513, 10), PyExc_ValueError,
                 "desired_key_bytes must be 1-512", "kdf(513 key bytes)");
    expect_error(call(kdf, NULL, "(yyii)", "password", "$2b$04$cVWp4XaNU8a4v1uMRum2SO", 20, 0), PyExc_ValueError,
                 "rounds must be 1 or more", "kdf(0 rounds)");
    record(call(kdf, NULL, "(syii)", "password", "salt", 10, 10), "kdf(str password) message");
    record(call(kdf, NULL, "(yyii)", "password", "salt", -3, 10), "kdf(-3 key bytes) message");
    record(call(kdf, NULL, "(yyiL)", "password", "salt", 10, 1LL << 33), "kdf(rounds=2**33)");
    record(call(kdf, NULL, "(yyii)", "password", "salt", 10, -1), "kdf(rounds=-1)");
    record(call(kdf, NULL, "(yydi)", "password", "salt", 10.0, 10), "kdf(10.0 key bytes)");
    record(call(kdf, NULL, "(yyy)", "password", "salt", "x"), "kdf(three arguments)");
    record(call(kdf, NULL, "(yyiis)", "password", "salt", 10, 60, "yes"), "kdf(ignore_few_rounds='yes')");

    Py_DECREF(hashpw);
    Py_DECREF(checkpw);
    Py_DECREF(gensalt);
    Py_DECREF(kdf);
}

CORPUS_MAIN("_bcrypt", run)
