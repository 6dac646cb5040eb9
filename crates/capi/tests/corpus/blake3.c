/* blake3 1.0.11 (blake3-py): a PyO3 0.29 extension in Rust, built by cargo
 * as maturin builds it (not abi3: PyO3 reads CPython 3.11's struct layouts
 * directly), the same .so loaded under both hosts. Multi-phase init through
 * PyO3's module def, a PyType_FromSpec class with a #[new] constructor and
 * positional-only / keyword-only signatures parsed by PyO3 itself, typed
 * buffers (PyBuffer<u8>, then PyBuffer<i8>) with the contiguity check, the
 * GIL released (PyEval_SaveThread) around large updates and rayon thread
 * pools, class attributes, PyO3's own argument-error messages, os.fspath
 * paths for update_mmap and io::Error -> FileNotFoundError.
 *
 * Vectors: tests/test_vectors.json of the sdist (the official BLAKE3
 * vectors: hash, keyed_hash and derive_key of the 0..250 pattern at each
 * length, extended outputs) read at run time, and tests/test_blake3.py
 * (buffer types, key lengths, xof/seek, threads, copy, reset, errors).
 */
#include "corpus.h"

#include <unistd.h>

static const char CONTEXT[] = "BLAKE3 2019-12-27 16:29:52 test vectors context";

/* The 0, 1, ..., 250, 0, ... pattern of the vectors, as a bytearray. */
static PyObject *make_input(Py_ssize_t len)
{
    PyObject *b = PyByteArray_FromStringAndSize(NULL, len);
    if (b == NULL)
        bail("cannot make %zd bytes", len);
    char *p = PyByteArray_AS_STRING(b);
    for (Py_ssize_t i = 0; i < len; i++)
        p[i] = (char)(i % 251);
    return b;
}

/* The string value of `"field": "..."` after `from`, copied into `out`;
   returns the position after it (bails out when there is none). */
static const char *json_string(const char *from, const char *field, char *out, size_t cap)
{
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": \"", field);
    const char *p = strstr(from, pattern);
    if (p == NULL)
        bail("test_vectors.json: no \"%s\"", field);
    p += strlen(pattern);
    const char *end = strchr(p, '"');
    if (end == NULL || (size_t)(end - p) >= cap)
        bail("test_vectors.json: bad \"%s\"", field);
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return end + 1;
}

static int unhex(const char *hex, unsigned char *out)
{
    size_t n = strlen(hex) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            bail("bad hex in the vectors");
        out[i] = (unsigned char)v;
    }
    return (int)n;
}

/* hasher.digest(length) / hexdigest(length) against the expected output. */
static void check_digests(PyObject *h, const char *hex, const char *what)
{
    unsigned char bytes[512];
    int n = unhex(hex, bytes);
    char label[200];
    snprintf(label, sizeof label, "%s: digest()", what);
    expect_bytes(call_attr(h, "digest", NULL, "()"), bytes, 32, label);
    snprintf(label, sizeof label, "%s: digest(length=%d)", what, n);
    expect_bytes(call_attr(h, "digest", kw_dict("{s:i}", "length", n), "()"), bytes, n, label);
    snprintf(label, sizeof label, "%s: hexdigest(length=%d)", what, n);
    expect_str(call_attr(h, "hexdigest", kw_dict("{s:i}", "length", n), "()"), hex, label);
}

/* Feeds `input` in two halves (bytearray slices as bytes) to `h`. */
static void update_halves(PyObject *h, PyObject *input, const char *what)
{
    Py_ssize_t len = PyByteArray_GET_SIZE(input), half = len / 2;
    const char *p = PyByteArray_AS_STRING(input);
    PyObject *r = take(call_attr(h, "update", NULL, "(y#)", p, half));
    int ok = r == h;
    Py_XDECREF(r);
    r = take(call_attr(h, "update", NULL, "(y#)", p + half, len - half));
    ok &= r == h;
    Py_XDECREF(r);
    if (!ok)
        diag("update() did not return the hasher itself; ");
    tap(ok, what);
}

static void vectors(PyObject *cls, const char *sdist)
{
    PyObject *json = read_file(sdist, "tests/test_vectors.json");
    const char *text = PyBytes_AS_STRING(json);
    char key[64], hash[600], keyed[600], derived[600], what[200];
    const char *p = json_string(text, "key", key, sizeof key);
    int cases = 0;
    while ((p = strstr(p, "\"input_len\": ")) != NULL) {
        Py_ssize_t len = strtol(p + strlen("\"input_len\": "), NULL, 10);
        p = json_string(p, "hash", hash, sizeof hash);
        p = json_string(p, "keyed_hash", keyed, sizeof keyed);
        p = json_string(p, "derive_key", derived, sizeof derived);
        PyObject *input = make_input(len);
        unsigned char want[32];
        cases++;

        snprintf(what, sizeof what, "hash of %zd bytes", len);
        PyObject *h = keep(call(cls, NULL, "(O)", input), what);
        check_digests(h, hash, what);
        Py_DECREF(h);
        snprintf(what, sizeof what, "hash of %zd bytes, in two updates", len);
        h = take(call(cls, NULL, "()"));
        update_halves(h, input, what);
        unhex(hash, want);
        expect_bytes(call_attr(h, "digest", NULL, "()"), want, 32, what);
        Py_DECREF(h);

        snprintf(what, sizeof what, "keyed hash of %zd bytes", len);
        h = keep(call(cls, kw_dict("{s:y}", "key", key), "(O)", input), what);
        check_digests(h, keyed, what);
        Py_DECREF(h);
        snprintf(what, sizeof what, "keyed hash of %zd bytes, in two updates", len);
        h = take(call(cls, kw_dict("{s:y}", "key", key), "()"));
        update_halves(h, input, what);
        unhex(keyed, want);
        expect_bytes(call_attr(h, "digest", NULL, "()"), want, 32, what);
        Py_DECREF(h);

        snprintf(what, sizeof what, "derive_key of %zd bytes", len);
        h = keep(call(cls, kw_dict("{s:s}", "derive_key_context", CONTEXT), "(O)", input), what);
        check_digests(h, derived, what);
        Py_DECREF(h);
        snprintf(what, sizeof what, "derive_key of %zd bytes, in two updates", len);
        h = take(call(cls, kw_dict("{s:s}", "derive_key_context", CONTEXT), "()"));
        update_halves(h, input, what);
        unhex(derived, want);
        expect_bytes(call_attr(h, "digest", NULL, "()"), want, 32, what);
        Py_DECREF(h);
        Py_DECREF(input);
    }
    expect_true(cases == 22, "the sdist's test_vectors.json has its 22 cases");
    Py_DECREF(json);
}

/* blake3(obj).digest() == blake3(b"foo").digest() */
static void same_as_foo(PyObject *cls, PyObject *obj, const char *what)
{
    PyObject *h = take(call(cls, NULL, "(O)", obj));
    if (h == NULL) {
        tap(0, what);
        return;
    }
    static const unsigned char FOO[32] = {
        0x04, 0xe0, 0xbb, 0x39, 0xf3, 0x0b, 0x1a, 0x3f, 0xeb, 0x89, 0xf5, 0x36, 0xc9, 0x3b, 0xe1, 0x50,
        0x55, 0x48, 0x2d, 0xf7, 0x48, 0x67, 0x4b, 0x00, 0xd2, 0x6e, 0x5a, 0x75, 0x77, 0x77, 0x02, 0xe9,
    };
    expect_bytes(call_attr(h, "digest", NULL, "()"), FOO, 32, what);
    Py_DECREF(h);
}

static void buffers(PyObject *cls)
{
    PyObject *array = PyImport_ImportModule("array");
    if (array == NULL)
        bail("import array");
    PyObject *array_type = attr(array, "array");
    PyObject *foo = PyBytes_FromString("foo");
    PyObject *ba = PyByteArray_FromStringAndSize("foo", 3);
    PyObject *mv = PyMemoryView_FromObject(foo);
    PyObject *mvba = PyMemoryView_FromObject(ba);
    PyObject *arr_B = PyObject_CallFunction(array_type, "sO", "B", foo);
    PyObject *arr_b = PyObject_CallFunction(array_type, "sO", "b", foo);
    PyObject *arr_i = PyObject_CallFunction(array_type, "s", "i");
    if (!mv || !mvba || !arr_B || !arr_b || !arr_i)
        bail("cannot make the buffer inputs");
    PyObject *mv_B = PyMemoryView_FromObject(arr_B);
    PyObject *mv_b = PyMemoryView_FromObject(arr_b);
    same_as_foo(cls, foo, "bytes input");
    same_as_foo(cls, mv, "memoryview(bytes) input");
    same_as_foo(cls, ba, "bytearray input");
    same_as_foo(cls, mvba, "memoryview(bytearray) input");
    same_as_foo(cls, arr_B, "array('B') input (PyBuffer<u8>)");
    same_as_foo(cls, mv_B, "memoryview(array('B')) input");
    same_as_foo(cls, arr_b, "array('b') input (PyBuffer<i8>, after u8 is refused)");
    same_as_foo(cls, mv_b, "memoryview(array('b')) input");

    /* A strided memoryview (every other byte): not C-contiguous. */
    PyObject *slice = PySlice_New(NULL, NULL, PyLong_FromLong(2));
    PyObject *strided = PyObject_GetItem(mvba, slice);
    if (strided == NULL)
        bail("memoryview[::2]");
    record(call(cls, NULL, "(O)", strided), "a strided memoryview is refused");
    record(call(cls, NULL, "(O)", arr_i), "array('i') is refused (items of 4 bytes)");
    PyObject *h = keep(call(cls, NULL, "()"), "blake3()");
    record(call_attr(h, "update", NULL, "(O)", arr_i), "update(array('i')) is refused");

    /* update() of each kind, one after another. */
    PyObject *parts[] = {PyBytes_FromString("one"),
                         PyMemoryView_FromObject(PyBytes_FromString("two")),
                         PyByteArray_FromStringAndSize("three", 5),
                         PyMemoryView_FromObject(PyByteArray_FromStringAndSize("four", 4)),
                         PyObject_CallFunction(array_type, "sy", "B", "five"),
                         PyMemoryView_FromObject(PyObject_CallFunction(array_type, "sy", "B", "six")),
                         PyObject_CallFunction(array_type, "sy", "b", "seven"),
                         PyMemoryView_FromObject(PyObject_CallFunction(array_type, "sy", "b", "eight"))};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (parts[i] == NULL)
            bail("cannot make update part %zu", i);
        PyObject *r = take(call_attr(h, "update", NULL, "(O)", parts[i]));
        Py_XDECREF(r);
    }
    PyObject *whole = take(call(cls, NULL, "(y)", "onetwothreefourfivesixseveneight"));
    PyObject *want = whole ? take(call_attr(whole, "digest", NULL, "()")) : NULL;
    if (want == NULL)
        bail("digest of the joined parts");
    expect_same_bytes(call_attr(h, "digest", NULL, "()"), want, "update() with each buffer kind in turn");
    Py_DECREF(want);
    Py_DECREF(whole);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        Py_DECREF(parts[i]);
    Py_DECREF(h);

    /* The buffers are released: a bytearray can be resized afterwards. */
    PyObject *key = PyByteArray_FromStringAndSize(NULL, 32), *msg = PyByteArray_FromStringAndSize(NULL, 32);
    memset(PyByteArray_AS_STRING(key), 0, 32);
    memset(PyByteArray_AS_STRING(msg), 0, 32);
    h = keep(call(cls, kw_dict("{s:O}", "key", key), "(O)", msg), "blake3(bytearray, key=bytearray)");
    PyObject *r = take(call_attr(h, "update", NULL, "(O)", msg));
    Py_XDECREF(r);
    expect_true(PyByteArray_Resize(key, 35) == 0 && PyByteArray_Resize(msg, 35) == 0,
                "the key and data buffers were released (the bytearrays resize)");
    Py_DECREF(h);
    Py_DECREF(key);
    Py_DECREF(msg);

    Py_DECREF(slice);
    Py_DECREF(strided);
    Py_DECREF(mv_B);
    Py_DECREF(mv_b);
    Py_DECREF(arr_i);
    Py_DECREF(arr_b);
    Py_DECREF(arr_B);
    Py_DECREF(mvba);
    Py_DECREF(mv);
    Py_DECREF(ba);
    Py_DECREF(foo);
    Py_DECREF(array_type);
    Py_DECREF(array);
}

static void keys(PyObject *cls)
{
    char key[100], what[100];
    memset(key, 42, 32);
    PyObject *h = keep(call(cls, kw_dict("{s:y#}", "key", key, (Py_ssize_t)32), "(y)", "foo"), "key of bytes");
    PyObject *want = keep(call_attr(h, "digest", NULL, "()"), "its digest");
    Py_DECREF(h);
    PyObject *kb = PyByteArray_FromStringAndSize(key, 32);
    PyObject *kbytes = PyBytes_FromStringAndSize(key, 32);
    PyObject *km = PyMemoryView_FromObject(kbytes);
    h = take(call(cls, kw_dict("{s:O}", "key", kb), "(y)", "foo"));
    expect_same_bytes(h ? call_attr(h, "digest", NULL, "()") : NULL, want, "key as a bytearray");
    Py_XDECREF(h);
    h = take(call(cls, kw_dict("{s:O}", "key", km), "(y)", "foo"));
    expect_same_bytes(h ? call_attr(h, "digest", NULL, "()") : NULL, want, "key as a memoryview");
    Py_XDECREF(h);
    Py_DECREF(kb);
    Py_DECREF(km);
    Py_DECREF(kbytes);
    Py_DECREF(want);
    memset(key, 0xff, sizeof key);
    for (int n = 0; n < 100; n += (n < 40 ? 1 : 29)) {
        snprintf(what, sizeof what, "a key of %d bytes", n);
        if (n == 32)
            record(call(cls, kw_dict("{s:y#}", "key", key, (Py_ssize_t)n), "(y)", "foo"), what);
        else
            expect_error(call(cls, kw_dict("{s:y#}", "key", key, (Py_ssize_t)n), "(y)", "foo"), PyExc_ValueError,
                         NULL, what);
    }
    record(call(cls, kw_dict("{s:y#}", "key", key, (Py_ssize_t)33), "(y)", "foo"), "the message for a 33-byte key");
    record(call(cls, kw_dict("{s:y#,s:s}", "key", key, (Py_ssize_t)32, "derive_key_context", ""), "(y)", "foo"),
           "key and derive_key_context together");
    record(call(cls, kw_dict("{s:y}", "derive_key_context", "foo"), "()"), "derive_key_context as bytes");
    record(call(cls, kw_dict("{s:i}", "key", 5), "()"), "key as an int");
}

static void api(PyObject *m, PyObject *cls)
{
    static const char *const names[] = {"name", "digest_size", "block_size", "key_size", "AUTO"};
    char what[100];
    PyObject *h = keep(call(cls, NULL, "()"), "blake3()");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        PyObject *a = PyObject_GetAttrString(cls, names[i]);
        snprintf(what, sizeof what, "blake3.%s", names[i]);
        record_value(a, what);
        PyObject *b = PyObject_GetAttrString(h, names[i]);
        snprintf(what, sizeof what, "blake3().%s is blake3.%s", names[i], names[i]);
        expect_true(a != NULL && b != NULL && PyObject_RichCompareBool(a, b, Py_EQ) == 1, what);
        Py_XDECREF(a);
        Py_XDECREF(b);
    }
    PyObject *v = attr(m, "__version__");
    record_value(v, "__version__");
    Py_DECREF(v);
    PyObject *mod = attr(cls, "__module__");
    record_value(mod, "blake3.__module__");
    Py_DECREF(mod);
    PyObject *qual = attr(cls, "__qualname__");
    record_value(qual, "blake3.__qualname__");
    Py_DECREF(qual);
    expect_true(PyType_Check(cls), "blake3 is a type");
    record_value((PyObject *)Py_TYPE(h), "type(blake3())");

    /* Signatures PyO3 parses itself: its messages are recorded. */
    record(call(cls, kw_dict("{s:y}", "data", ""), "()"), "data is positional-only");
    record(call_attr(h, "update", kw_dict("{s:y}", "data", ""), "()"), "update(data=...) is refused");
    record(call(cls, NULL, "(yy)", "", "key"), "key is keyword-only");
    record(call_attr(h, "digest", NULL, "(ii)", 32, 0), "seek is keyword-only (digest)");
    record(call_attr(h, "hexdigest", NULL, "(ii)", 32, 0), "seek is keyword-only (hexdigest)");
    record(call_attr(h, "digest", kw_dict("{s:i}", "size", 3), "()"), "digest(size=3): an unknown keyword");
    record(call_attr(h, "digest", kw_dict("{s:i}", "length", 3), "(i)", 3), "digest(3, length=3): given twice");
    record(call_attr(h, "digest", NULL, "(s)", "x"), "digest('x')");
    record(call_attr(h, "digest", NULL, "(i)", -1), "digest(-1)");
    record(call_attr(h, "digest", NULL, "(d)", 1.5), "digest(1.5)");
    record(call_attr(h, "digest", kw_dict("{s:i}", "seek", -1), "()"), "digest(seek=-1)");
    record(call_attr(h, "digest", NULL, "(n)", PY_SSIZE_T_MAX), "digest(sys.maxsize) (MemoryError)");
    record(call_attr(h, "digest", NULL, "(K)", (unsigned long long)PY_SSIZE_T_MAX + 1), "digest(sys.maxsize + 1)");
    record(call_attr(h, "hexdigest", NULL, "(n)", PY_SSIZE_T_MAX / 2 + 1), "hexdigest(sys.maxsize // 2 + 1)");
    record(call_attr(h, "digest", NULL, "(O)", Py_True), "digest(True)");
    record(call_attr(h, "digest", NULL, "(i)", 0), "digest(0)");
    record(call(cls, NULL, "(s)", "a string"), "blake3('a string')");
    record(call(cls, NULL, "(i)", 123), "blake3(123)");
    record(call_attr(h, "update", NULL, "(s)", "a string"), "update('a string')");
    record(call_attr(h, "update", NULL, "()"), "update() with no data");
    record(call(cls, NULL, "(O)", Py_None), "blake3(None) (the default)");
    record(call(cls, kw_dict("{s:i}", "max_threads", 0), "()"), "max_threads=0");
    record(call(cls, kw_dict("{s:i}", "max_threads", -2), "()"), "max_threads=-2");
    record(call(cls, kw_dict("{s:s}", "max_threads", "2"), "()"), "max_threads='2'");
    record(call(cls, kw_dict("{s:O}", "usedforsecurity", Py_False), "()"), "usedforsecurity=False is ignored");
    record(call(cls, kw_dict("{s:i}", "usedforsecurity", 1), "()"), "usedforsecurity=1 (not a bool)");
    record(call_attr(h, "copy", NULL, "(i)", 1), "copy(1)");
    Py_DECREF(h);
}

static void xof(PyObject *cls)
{
    PyObject *h = keep(call(cls, NULL, "(y)", "foo"), "blake3(b'foo')");
    PyObject *ext = keep(call_attr(h, "digest", kw_dict("{s:i}", "length", 100), "()"), "digest(length=100)");
    const char *e = PyBytes_AS_STRING(ext);
    int ok = 1;
    for (int i = 0; i <= 100; i++) {
        PyObject *a = take(call_attr(h, "digest", kw_dict("{s:i}", "length", i), "()"));
        PyObject *b = take(call_attr(h, "digest", kw_dict("{s:i,s:i}", "length", 100 - i, "seek", i), "()"));
        ok &= a && b && PyBytes_GET_SIZE(a) == i && memcmp(PyBytes_AS_STRING(a), e, (size_t)i) == 0
              && PyBytes_GET_SIZE(b) == 100 - i && memcmp(PyBytes_AS_STRING(b), e + i, (size_t)(100 - i)) == 0;
        Py_XDECREF(a);
        Py_XDECREF(b);
    }
    tap(ok, "digest(length=i) and digest(length=100-i, seek=i) are the pieces of the 100-byte output");
    record(call_attr(h, "hexdigest", kw_dict("{s:i,s:K}", "length", 8, "seek", 0xffffffffffffff00ULL), "()"),
           "hexdigest(8, seek=2**64-256)");
    Py_DECREF(ext);
    Py_DECREF(h);
}

static void threads_copy_reset(PyObject *cls)
{
    PyObject *b = make_input(1000000), *b2 = make_input(1000000);
    PyObject *h = keep(call(cls, NULL, "(O)", b), "blake3(1 MB)");
    PyObject *want = keep(call_attr(h, "digest", NULL, "()"), "its digest");
    Py_DECREF(h);
    PyObject *auto_ = attr(cls, "AUTO");
    PyObject *modes[] = {PyLong_FromLong(2), auto_, PyLong_FromLong(4)};
    const char *names[] = {"max_threads=2", "max_threads=AUTO", "max_threads=4"};
    for (int i = 0; i < 3; i++) {
        char what[100];
        snprintf(what, sizeof what, "blake3(1 MB, %s) (rayon, GIL released)", names[i]);
        h = take(call(cls, kw_dict("{s:O}", "max_threads", modes[i]), "(O)", b));
        expect_same_bytes(h ? call_attr(h, "digest", NULL, "()") : NULL, want, what);
        Py_XDECREF(h);
        snprintf(what, sizeof what, "update(1 MB) with %s", names[i]);
        h = take(call(cls, kw_dict("{s:O}", "max_threads", modes[i]), "()"));
        PyObject *r = h ? take(call_attr(h, "update", NULL, "(O)", b)) : NULL;
        Py_XDECREF(r);
        expect_same_bytes(h ? call_attr(h, "digest", NULL, "()") : NULL, want, what);
        Py_XDECREF(h);
        Py_DECREF(modes[i]);
    }

    /* copy(): independent states. */
    for (int threads = 1; threads <= 2; threads++) {
        char what[100];
        PyObject *h1 = take(call(cls, kw_dict("{s:i}", "max_threads", threads), "(O)", b));
        PyObject *h2 = take(call_attr(h1, "copy", NULL, "()"));
        snprintf(what, sizeof what, "copy() has the same digest (max_threads=%d)", threads);
        expect_same_bytes(call_attr(h2, "digest", NULL, "()"), want, what);
        PyObject *r = take(call_attr(h1, "update", NULL, "(O)", b2));
        Py_XDECREF(r);
        PyObject *want2 = take(call_attr(h1, "digest", NULL, "()"));
        PyObject *d2 = take(call_attr(h2, "digest", NULL, "()"));
        snprintf(what, sizeof what, "the copy is independent (max_threads=%d)", threads);
        expect_true(want2 && d2 && PyObject_RichCompareBool(want2, d2, Py_NE) == 1, what);
        r = take(call_attr(h2, "update", NULL, "(O)", b2));
        Py_XDECREF(r);
        snprintf(what, sizeof what, "the copy follows the same updates (max_threads=%d)", threads);
        expect_same_bytes(call_attr(h2, "digest", NULL, "()"), want2, what);
        Py_XDECREF(d2);
        Py_XDECREF(want2);
        Py_XDECREF(h2);
        Py_XDECREF(h1);
    }

    h = keep(call(cls, NULL, "()"), "blake3() to reset");
    PyObject *h1 = take(call_attr(h, "digest", NULL, "()"));
    PyObject *r = take(call_attr(h, "update", NULL, "(y)", "foo"));
    Py_XDECREF(r);
    PyObject *h2 = take(call_attr(h, "digest", NULL, "()"));
    expect_is(call_attr(h, "reset", NULL, "()"), Py_None, "reset() returns None");
    expect_same_bytes(call_attr(h, "digest", NULL, "()"), h1, "after reset() the digest is the empty input's");
    r = take(call_attr(h, "update", NULL, "(y)", "foo"));
    Py_XDECREF(r);
    expect_same_bytes(call_attr(h, "digest", NULL, "()"), h2, "and updates start over");
    Py_XDECREF(h1);
    Py_XDECREF(h2);
    Py_DECREF(h);
    Py_DECREF(want);
    Py_DECREF(b);
    Py_DECREF(b2);
}

static void mmap_files(PyObject *cls)
{
    char path[] = "/tmp/pybuffer-blake3-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        bail("mkstemp");
    static char chunk[1000];
    memset(chunk, 42, sizeof chunk);
    for (int i = 0; i < 1000; i++)
        if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk)
            bail("write");
    close(fd);
    PyObject *input = PyBytes_FromStringAndSize(NULL, 1000000);
    memset(PyBytes_AS_STRING(input), 42, 1000000);
    PyObject *h = keep(call(cls, NULL, "(O)", input), "blake3(1 MB of 42s)");
    PyObject *want = keep(call_attr(h, "digest", NULL, "()"), "its digest");
    Py_DECREF(h);
    for (int threads = 1; threads <= 4; threads *= 2) {
        char what[100];
        snprintf(what, sizeof what, "update_mmap(str path) (max_threads=%d)", threads);
        h = take(call(cls, kw_dict("{s:i}", "max_threads", threads), "()"));
        PyObject *r = take(call_attr(h, "update_mmap", NULL, "(s)", path));
        Py_XDECREF(r);
        expect_same_bytes(call_attr(h, "digest", NULL, "()"), want, what);
        Py_DECREF(h);
    }
    h = keep(call(cls, NULL, "()"), "blake3() for update_mmap(path=...)");
    PyObject *r = take(call_attr(h, "update_mmap", kw_dict("{s:s}", "path", path), "()"));
    Py_XDECREF(r);
    expect_same_bytes(call_attr(h, "digest", NULL, "()"), want, "update_mmap(path=str)");
    record(call_attr(h, "update_mmap", kw_dict("{s:y}", "path", path), "()"), "update_mmap(path=bytes)");
    record(call_attr(h, "update_mmap", NULL, "(s)", "/non/existent/file.txt"), "update_mmap of a missing file");
    record(call_attr(h, "update_mmap", NULL, "(i)", 5), "update_mmap(5)");
    record(call_attr(h, "update_mmap", NULL, "(s)", "/"), "update_mmap of a directory");
    Py_DECREF(h);
    Py_DECREF(want);
    Py_DECREF(input);
    unlink(path);
}

static void run(PyObject *module, const char *sdist)
{
    PyObject *cls = attr(module, "blake3");
    vectors(cls, sdist);
    buffers(cls);
    keys(cls);
    api(module, cls);
    xof(cls);
    threads_copy_reset(cls);
    mmap_files(cls);
    Py_DECREF(cls);
}

CORPUS_MAIN("blake3", run)
