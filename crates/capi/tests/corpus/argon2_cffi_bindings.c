/* argon2-cffi-bindings 21.2.0's _ffi: a cffi out-of-line API-mode module
 * (its _ffi_build.py, run by cffi 1.17.1, writes the C; the bundled
 * libargon2 is compiled with it). Its init imports _cffi_backend and
 * takes the "cffi" capsule from it; every lib.* call and ffi.* operation
 * then runs in _cffi_backend (the cffi_backend member, built into the same
 * directory, which this driver loads first and puts in sys.modules, as an
 * importer would have), while the generated wrappers convert arguments
 * through the capsule's table and release the GIL around each call.
 *
 * Vectors: tests/test_smoke.py (the reprs, ARGON2_VERSION_NUMBER,
 * argon2_encodedlen), libargon2's own src/test.c (argon2_hash raw and
 * encoded outputs for Argon2i / Argon2id, argon2_verify, its error codes
 * and argon2_error_message), and argon2_ctx over an argon2_context built
 * from a dict as argon2-cffi builds it; outputs through ffi.buffer,
 * inputs as bytes, from_buffer over bytearray and memoryview; bad
 * arguments (types, counts, uint32 overflow) recorded against CPython's.
 */
#include "corpus.h"

static PyObject *ffi, *lib;

/* A new reference to ffi.<name>(*args), outside the watched calls (a
   cdata keeps the ctype it was made from); bails out on failure. */
static PyObject *ffi_call(const char *name, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *r = call_method_va(ffi, name, fmt, va);
    va_end(va);
    if (r == NULL)
        bail("ffi.%s failed", name);
    return r;
}

static long lib_int(const char *name)
{
    PyObject *v = attr(lib, name);
    long n = PyLong_AsLong(v);
    Py_DECREF(v);
    if (n == -1 && PyErr_Occurred())
        bail("lib.%s is not an int", name);
    return n;
}

static int unhex(const char *hex, unsigned char *out)
{
    int n = 0;
    for (; hex[0] && hex[1]; hex += 2)
        if (sscanf(hex, "%2hhx", &out[n++]) != 1)
            return -1;
    return n;
}

/* Records a value no watched call produced (NULL: the pending
   exception), releasing it. */
static void note(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

struct vector {
    const char *type;
    int t, log_m, p;
    const char *pwd, *salt, *hex, *encoded;
};

static const struct vector VECTORS[] = {
    {"Argon2_i", 2, 8, 1, "password", "somesalt",
     "89e9029f4637b295beb027056a7336c414fadd43f6b208645281cb214a56452f",
     "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$iekCn0Y3spW+sCcFanM2xBT63UP2sghkUoHLIUpWRS8"},
    {"Argon2_i", 2, 16, 1, "password", "somesalt",
     "c1628832147d9720c5bd1cfd61367078729f6dfb6f8fea9ff98158e0d7816ed0",
     "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA"},
    {"Argon2_id", 2, 8, 1, "password", "somesalt",
     "9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe",
     "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"},
    {"Argon2_id", 2, 8, 2, "password", "somesalt",
     "6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037",
     "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc"},
};

static void run(PyObject *module)
{
    ffi = attr(module, "ffi");
    lib = attr(module, "lib");
    PyObject *hash = attr(lib, "argon2_hash");
    PyObject *verify = attr(lib, "argon2_verify");

    /* test_smoke */
    PyObject *r = PyObject_Repr(ffi);
    expect_true(r && strncmp(PyUnicode_AsUTF8(r), "<_cffi_backend.FFI object at", 28) == 0,
                "repr(ffi) starts with <_cffi_backend.FFI object at");
    Py_XDECREF(r);
    r = PyObject_Repr(lib);
    expect_true(r && strncmp(PyUnicode_AsUTF8(r), "<Lib object for", 15) == 0, "repr(lib) starts with <Lib object for");
    note(r, "repr(lib)");
    expect_true(lib_int("ARGON2_VERSION_NUMBER") == 19, "lib.ARGON2_VERSION_NUMBER == 19");
    long id = lib_int("Argon2_id");
    /* (The first lookup of a lib function caches it, referencing lib.) */
    PyObject *encodedlen = attr(lib, "argon2_encodedlen");
    expect_int(call(encodedlen, NULL, "(iiiiil)", 1, 2, 3, 4, 5, id), "42", "argon2_encodedlen(1, 2, 3, 4, 5, Argon2_id)");
    Py_DECREF(encodedlen);
    note(PyObject_Dir(lib), "dir(lib)");

    /* src/test.c's hashtest: raw hash and encoded string, then verify. */
    PyObject *out = ffi_call("new", "(si)", "uint8_t[]", 32);
    PyObject *enc = ffi_call("new", "(si)", "char[]", 128);
    for (size_t i = 0; i < sizeof VECTORS / sizeof VECTORS[0]; i++) {
        const struct vector *v = &VECTORS[i];
        char what[160];
        unsigned char want[32];
        unhex(v->hex, want);
        long type = lib_int(v->type);
        snprintf(what, sizeof what, "argon2_hash %s t=%d m=2**%d p=%d", v->type, v->t, v->log_m, v->p);
        expect_int(call(hash, NULL, "(iiiynynOiOnli)", v->t, 1 << v->log_m, v->p, v->pwd, strlen(v->pwd), v->salt,
                        strlen(v->salt), out, 32, enc, (Py_ssize_t)128, type, 19),
                   "0", what);
        PyObject *buf = ffi_call("buffer", "(O)", out);
        PyObject *raw = PySequence_GetSlice(buf, 0, 32);
        snprintf(what, sizeof what, "raw hash %s t=%d m=2**%d p=%d", v->type, v->t, v->log_m, v->p);
        expect_true(raw && PyBytes_Check(raw) && PyBytes_GET_SIZE(raw) == 32 && memcmp(PyBytes_AS_STRING(raw), want, 32) == 0,
                    what);
        Py_XDECREF(raw);
        Py_DECREF(buf);
        PyObject *s = ffi_call("string", "(O)", enc);
        snprintf(what, sizeof what, "encoded hash %s t=%d m=2**%d p=%d", v->type, v->t, v->log_m, v->p);
        expect_true(PyBytes_Check(s) && strcmp(PyBytes_AS_STRING(s), v->encoded) == 0, what);
        Py_DECREF(s);
        snprintf(what, sizeof what, "argon2_verify %s", v->encoded);
        expect_int(call(verify, NULL, "(yynl)", v->encoded, v->pwd, strlen(v->pwd), type), "0", what);
    }

    /* src/test.c's error-state tests. */
    long i_type = lib_int("Argon2_i");
    expect_int(call(verify, NULL, "(yynl)",
                    "$argon2i$v=19$m=65536,t=2,p=1c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA",
                    "password", (Py_ssize_t)8, i_type),
               "-32", "argon2_verify: a missing $ is ARGON2_DECODING_FAIL");
    expect_int(call(verify, NULL, "(yynl)", "$argon2i$v=19$m=65536,t=2,p=1$$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",
                    "password", (Py_ssize_t)8, i_type),
               "-6", "argon2_verify: an empty salt is ARGON2_SALT_TOO_SHORT");
    expect_int(call(verify, NULL, "(yynl)",
                    "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$8iIuixkI73Js3G1uMbezQXD0b8LG4SXGsOwoQkdAQIM",
                    "password", (Py_ssize_t)8, i_type),
               "-35", "argon2_verify: another password is ARGON2_VERIFY_MISMATCH");
    PyObject *msg = PyObject_CallMethod(lib, "argon2_error_message", "(l)", lib_int("ARGON2_DECODING_FAIL"));
    PyObject *text = msg ? ffi_call("string", "(O)", msg) : NULL;
    expect_true(text && strcmp(PyBytes_AS_STRING(text), "Decoding failed") == 0,
                "ffi.string(argon2_error_message(ARGON2_DECODING_FAIL)) == b'Decoding failed'");
    Py_XDECREF(msg);
    Py_XDECREF(text);

    /* argon2_ctx over a context made from a dict, as argon2-cffi's
       low_level.core builds one: the password from a bytearray and the
       salt from a memoryview, both through ffi.from_buffer. */
    {
        PyObject *null = attr(ffi, "NULL");
        PyObject *pwd = PyByteArray_FromStringAndSize("password", 8);
        PyObject *salt_bytes = PyBytes_FromString("somesalt");
        PyObject *salt_view = PyMemoryView_FromObject(salt_bytes);
        PyObject *pwd_c = ffi_call("from_buffer", "(sO)", "uint8_t[]", pwd);
        PyObject *salt_c = ffi_call("from_buffer", "(sO)", "uint8_t[]", salt_view);
        PyObject *init = Py_BuildValue("{s:O,s:i,s:O,s:i,s:O,s:i,s:i,s:i,s:i,s:i,s:i,s:O,s:O,s:l}", "out", out,
                                       "outlen", 32, "pwd", pwd_c, "pwdlen", 8, "salt", salt_c, "saltlen", 8,
                                       "t_cost", 2, "m_cost", 256, "lanes", 2, "threads", 2, "version", 19,
                                       "secret", null, "ad", null, "flags",
                                       lib_int("ARGON2_DEFAULT_FLAGS"));
        PyObject *ctx = ffi_call("new", "(sO)", "argon2_context *", init);
        PyObject *argon2_ctx = attr(lib, "argon2_ctx");
        expect_int(call(argon2_ctx, NULL, "(Ol)", ctx, id), "0", "argon2_ctx(ctx, Argon2_id), 2 lanes and 2 threads");
        Py_DECREF(argon2_ctx);
        unsigned char want[32];
        unhex(VECTORS[3].hex, want);
        PyObject *buf = ffi_call("buffer", "(Oi)", out, 32);
        PyObject *raw = PySequence_GetSlice(buf, 0, 32);
        expect_true(raw && memcmp(PyBytes_AS_STRING(raw), want, 32) == 0, "argon2_ctx's hash is the Argon2id p=2 vector");
        Py_XDECREF(raw);
        PyObject *lanes = PyObject_GetAttrString(ctx, "lanes");
        note(lanes, "ctx.lanes");
        PyObject *mv = PyMemoryView_FromObject(buf);
        note(mv ? PyObject_CallMethod(mv, "hex", NULL) : NULL, "memoryview(ffi.buffer(out)).hex()");
        Py_XDECREF(mv);
        Py_DECREF(buf);
        note(PyObject_GetAttrString(ctx, "nonexistent"), "ctx.nonexistent");
        PyObject *big = PyLong_FromString("4294967296", NULL, 10);
        int rc = PyObject_SetAttrString(ctx, "t_cost", big);
        expect_true(rc < 0, "ctx.t_cost = 2**32 fails");
        note(NULL, "ctx.t_cost = 2**32");
        Py_DECREF(big);
        Py_DECREF(ctx);
        Py_DECREF(init);
        Py_DECREF(null);
        Py_DECREF(pwd_c);
        Py_DECREF(salt_c);
        Py_DECREF(salt_view);
        Py_DECREF(salt_bytes);
        Py_DECREF(pwd);
    }

    /* Bad arguments: the generated wrappers' conversions. */
    PyObject *ba = PyByteArray_FromStringAndSize("password", 8);
    record(call(hash, NULL, "(iiiOnynOiOnli)", 2, 256, 1, ba, (Py_ssize_t)8, "somesalt", (Py_ssize_t)8, out, 32, enc,
                (Py_ssize_t)128, id, 19),
           "argon2_hash(pwd=bytearray)");
    record(call(hash, NULL, "(iiisnynOiOnli)", 2, 256, 1, "password", (Py_ssize_t)8, "somesalt", (Py_ssize_t)8, out, 32,
                enc, (Py_ssize_t)128, id, 19),
           "argon2_hash(pwd=str)");
    record(call(hash, NULL, "(iiiynyn)", 2, 256, 1, "password", (Py_ssize_t)8, "somesalt", (Py_ssize_t)8),
           "argon2_hash with 7 of 13 arguments");
    record(call(hash, NULL, "(iiiynynOiOnli)", -1, 256, 1, "password", (Py_ssize_t)8, "somesalt", (Py_ssize_t)8, out,
                32, enc, (Py_ssize_t)128, id, 19),
           "argon2_hash(t_cost=-1)");
    record(call(hash, NULL, "(LiiynynOiOnli)", 1LL << 32, 256, 1, "password", (Py_ssize_t)8, "somesalt",
                (Py_ssize_t)8, out, 32, enc, (Py_ssize_t)128, id, 19),
           "argon2_hash(t_cost=2**32)");
    record(call(hash, NULL, "(diiynynOiOnli)", 2.0, 256, 1, "password", (Py_ssize_t)8, "somesalt", (Py_ssize_t)8, out,
                32, enc, (Py_ssize_t)128, id, 19),
           "argon2_hash(t_cost=2.0)");
    record(call(hash, NULL, "(iiiynynOiOnli)", 2, 4, 1, "password", (Py_ssize_t)8, "somesalt", (Py_ssize_t)8, out, 32,
                enc, (Py_ssize_t)128, id, 19),
           "argon2_hash(m_cost=4): ARGON2_MEMORY_TOO_LITTLE");
    record(call(hash, NULL, "(iiiynynOiOnli)", 2, 256, 1, "password", (Py_ssize_t)8, "somesalt", (Py_ssize_t)8, enc, 32,
                enc, (Py_ssize_t)128, id, 19),
           "argon2_hash(hash=char[] for void *)");
    record(call(hash, NULL, "(iiiynynOiOnli)", 2, 256, 1, "password", (Py_ssize_t)8, "somesalt", (Py_ssize_t)8, ba,
                32, enc, (Py_ssize_t)128, id, 19),
           "argon2_hash(hash=bytearray)");
    Py_DECREF(ba);
    note(PyObject_GetAttrString(lib, "argon2_nonexistent"), "lib.argon2_nonexistent");
    note(PyObject_CallMethod(ffi, "new", "(si)", "uint8_t[]", -1), "ffi.new('uint8_t[]', -1)");
    note(PyObject_CallMethod(ffi, "new", "(s)", "argon2_context"), "ffi.new('argon2_context')");
    note(PyObject_CallMethod(ffi, "sizeof", "(s)", "argon2_context"), "ffi.sizeof('argon2_context')");
    note(PyObject_CallMethod(ffi, "typeof", "(O)", hash), "ffi.typeof(lib.argon2_hash)");

    Py_DECREF(out);
    Py_DECREF(enc);
    Py_DECREF(hash);
    Py_DECREF(verify);
    Py_DECREF(lib);
    Py_DECREF(ffi);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    load_cffi_backend_beside(argv[1]);
    PyObject *module = load_module(argv[1], "_ffi");
    run(module);
    return tap_done();
}
