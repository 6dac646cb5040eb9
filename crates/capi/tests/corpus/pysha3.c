/* safe-pysha3 1.0.7: CPython 3.6's _sha3 module as a backport (the
 * Keccak Code Package underneath): ten static hasher types whose tp_new
 * takes an optional `string`, hashlib-style update/digest/hexdigest/copy,
 * getters (name, digest_size, block_size, _rate_bits, _capacity_bits,
 * _suffix), SHAKE's variable-length digests, _Py_strhex, buffers with
 * PyObject_GetBuffer, and the GIL released for large inputs.
 *
 * Vectors: tests.py with its vectors directory (every message of every hash:
 * whole, updated at once, and byte by byte), test_basics (the sizes, the
 * read-only attributes, the TypeErrors), test_vectors_unaligned and
 * test_long_unaligned (memoryview slices), test_digest_too_large, and
 * copy().
 */
#include "corpus.h"

static const struct {
    const char *name;
    int digest_size, block_size, rate_bits, capacity_bits, shake;
} HASHES[] = {
    {"sha3_224", 28, 144, 1152, 448, 0},   {"sha3_256", 32, 136, 1088, 512, 0},
    {"sha3_384", 48, 104, 832, 768, 0},    {"sha3_512", 64, 72, 576, 1024, 0},
    {"shake_128", 0, 168, 1344, 256, 1},   {"shake_256", 0, 136, 1088, 512, 1},
    {"keccak_224", 28, 144, 1152, 448, 0}, {"keccak_256", 32, 136, 1088, 512, 0},
    {"keccak_384", 48, 104, 832, 768, 0},  {"keccak_512", 64, 72, 576, 1024, 0},
};

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Hex text to bytes; returns the length. */
static Py_ssize_t unhex(const char *s, Py_ssize_t n, unsigned char *out)
{
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i + 1 < n; i += 2)
        out[k++] = (unsigned char)(hexval(s[i]) * 16 + hexval(s[i + 1]));
    return k;
}

static void lower(char *s, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++)
        if (s[i] >= 'A' && s[i] <= 'F')
            s[i] = (char)(s[i] - 'A' + 'a');
}

/* The digest and hexdigest of `h` are `digest` (hex `hex`). */
static int check_digests(PyObject *h, int shake, const unsigned char *digest, Py_ssize_t dlen, const char *hex)
{
    PyObject *d = shake ? take(call_attr(h, "digest", NULL, "(n)", dlen)) : take(call_attr(h, "digest", NULL, "()"));
    PyObject *x = shake ? take(call_attr(h, "hexdigest", NULL, "(n)", dlen))
                        : take(call_attr(h, "hexdigest", NULL, "()"));
    int ok = d && x && PyBytes_Check(d) && PyBytes_GET_SIZE(d) == dlen && memcmp(PyBytes_AS_STRING(d), digest, dlen) == 0
             && PyUnicode_Check(x) && strcmp(PyUnicode_AsUTF8(x), hex) == 0;
    Py_XDECREF(d);
    Py_XDECREF(x);
    return ok;
}

static void vectors(PyObject *type, const char *name, int shake, const char *sdist)
{
    char file[64];
    snprintf(file, sizeof file, "vectors/%s.txt", name);
    PyObject *text = read_file(sdist, file);
    const char *p = PyBytes_AS_STRING(text), *end = p + PyBytes_GET_SIZE(text);
    static unsigned char msg[4096], digest[1024];
    static char hex[2100];
    int ok = 1, count = 0;
    while (p < end && ok) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (eol == NULL)
            eol = end;
        const char *line = p;
        p = eol + 1;
        Py_ssize_t n = eol - line;
        while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
            n--;
        if (n == 0 || line[0] == '#')
            continue;
        const char *comma = memchr(line, ',', (size_t)n);
        if (comma == NULL)
            continue;
        Py_ssize_t mlen = unhex(line, comma - line, msg);
        Py_ssize_t hlen = n - (comma + 1 - line);
        memcpy(hex, comma + 1, (size_t)hlen);
        hex[hlen] = '\0';
        lower(hex, hlen);
        Py_ssize_t dlen = unhex(hex, hlen, digest);
        count++;

        PyObject *m = PyBytes_FromStringAndSize((const char *)msg, mlen);
        PyObject *h = take(call(type, NULL, "(O)", m));
        ok = h && check_digests(h, shake, digest, dlen, hex);
        Py_XDECREF(h);
        h = take(call(type, NULL, "()"));
        PyObject *r = h ? take(call_attr(h, "update", NULL, "(O)", m)) : NULL;
        ok = ok && r == Py_None && check_digests(h, shake, digest, dlen, hex);
        Py_XDECREF(r);
        Py_XDECREF(h);
        /* byte by byte (the short messages; the long ones take long) */
        if (mlen <= 64) {
            h = take(call(type, NULL, "()"));
            for (Py_ssize_t i = 0; h && i < mlen; i++) {
                r = take(call_attr(h, "update", NULL, "(y#)", (const char *)msg + i, (Py_ssize_t)1));
                Py_XDECREF(r);
            }
            ok = ok && h && check_digests(h, shake, digest, dlen, hex);
            Py_XDECREF(h);
        }
        if (!ok)
            diag("%s vector %d (message of %zd bytes); ", name, count, mlen);
        Py_DECREF(m);
    }
    Py_DECREF(text);
    char what[96];
    snprintf(what, sizeof what, "%s: test_vectors (%d messages)", name, count);
    tap(ok && count > 0, what);
}

static PyObject *digest_of(PyObject *h, int shake)
{
    return shake ? take(call_attr(h, "digest", NULL, "(i)", 64)) : take(call_attr(h, "digest", NULL, "()"));
}

static void run(PyObject *module, const char *sdist)
{
    PyObject *impl = attr(module, "implementation");
    record_value(impl, "implementation");
    Py_DECREF(impl);
    PyObject *opt = attr(module, "keccakopt");
    record_value(opt, "keccakopt");
    Py_DECREF(opt);

    for (size_t t = 0; t < sizeof HASHES / sizeof HASHES[0]; t++) {
        const char *name = HASHES[t].name;
        int shake = HASHES[t].shake;
        char what[128];
        PyObject *type = attr(module, name);

        /* test_basics */
        PyObject *h = keep(call(type, NULL, "()"), name);
        {
            PyObject *n = attr(h, "name"), *ds = attr(h, "digest_size"), *bs = attr(h, "block_size");
            PyObject *rb = attr(h, "_rate_bits"), *cb = attr(h, "_capacity_bits"), *sfx = attr(h, "_suffix");
            int ok = strcmp(PyUnicode_AsUTF8(n), name) == 0 && PyLong_AsLong(ds) == HASHES[t].digest_size
                     && PyLong_AsLong(bs) == HASHES[t].block_size && PyLong_AsLong(rb) == HASHES[t].rate_bits
                     && PyLong_AsLong(cb) == HASHES[t].capacity_bits;
            snprintf(what, sizeof what, "%s: name, digest_size, block_size, _rate_bits, _capacity_bits", name);
            tap(ok, what);
            snprintf(what, sizeof what, "%s._suffix", name);
            record_value(sfx, what);
            Py_DECREF(n), Py_DECREF(ds), Py_DECREF(bs), Py_DECREF(rb), Py_DECREF(cb), Py_DECREF(sfx);
        }
        if (shake) {
            int ok = 1;
            static const int lens[] = {4, 8, 97};
            for (int i = 0; i < 3; i++) {
                PyObject *d = take(call_attr(h, "digest", NULL, "(i)", lens[i]));
                PyObject *x = take(call_attr(h, "hexdigest", NULL, "(i)", lens[i]));
                ok = ok && d && x && PyBytes_GET_SIZE(d) == lens[i] && PyUnicode_GET_LENGTH(x) == 2 * lens[i];
                Py_XDECREF(d);
                Py_XDECREF(x);
            }
            snprintf(what, sizeof what, "%s: digest(n) / hexdigest(n) lengths", name);
            tap(ok, what);
        } else {
            PyObject *d = take(call_attr(h, "digest", NULL, "()"));
            PyObject *x = take(call_attr(h, "hexdigest", NULL, "()"));
            snprintf(what, sizeof what, "%s: digest() / hexdigest() lengths", name);
            tap(d && x && PyBytes_GET_SIZE(d) == HASHES[t].digest_size
                    && PyUnicode_GET_LENGTH(x) == 2 * HASHES[t].digest_size,
                what);
            Py_XDECREF(d);
            Py_XDECREF(x);
        }
        /* read-only */
        {
            static const char *attrs[] = {"attribute", "digest_size", "name"};
            for (int i = 0; i < 3; i++) {
                int rc = PyObject_SetAttrString(h, attrs[i], Py_None);
                snprintf(what, sizeof what, "%s: setattr(h, '%s', None)", name, attrs[i]);
                if (rc == 0)
                    PyErr_SetString(PyExc_AssertionError, "setattr succeeded");
                print_record(NULL, what);
                tap(rc < 0, what);
            }
        }
        expect_true(Py_TYPE(h) == (PyTypeObject *)type, "type(h) is the constructor");
        record(call(type, NULL, "(y)", "data"), "new(b'data')");
        record(call(type, kw_dict("{s:y}", "string", "data"), "()"), "new(string=b'data')");
        snprintf(what, sizeof what, "%s(None)", name);
        record(call(type, NULL, "(O)", Py_None), what);
        snprintf(what, sizeof what, "%s.update(None)", name);
        record(call_attr(h, "update", NULL, "(O)", Py_None), what);
        snprintf(what, sizeof what, "%s('text')", name);
        record(call(type, NULL, "(s)", "text"), what);
        snprintf(what, sizeof what, "%s.update('text')", name);
        record(call_attr(h, "update", NULL, "(s)", "text"), what);
        snprintf(what, sizeof what, "%s(b'a', b'b')", name);
        record(call(type, NULL, "(yy)", "a", "b"), what);
        snprintf(what, sizeof what, "%s(bogus=b'a')", name);
        record(call(type, kw_dict("{s:y}", "bogus", "a"), "()"), what);
        {
            PyObject *tname = attr(type, "__name__"), *tmod = attr(type, "__module__");
            snprintf(what, sizeof what, "%s: type __name__ and __module__", name);
            tap(strcmp(PyUnicode_AsUTF8(tname), name) == 0 && strcmp(PyUnicode_AsUTF8(tmod), "_pysha3") == 0, what);
            Py_DECREF(tname), Py_DECREF(tmod);
            PyObject *bases = Py_BuildValue("(O)", type), *ns = PyDict_New();
            snprintf(what, sizeof what, "type('subclass', (%s,), {})", name);
            record(call((PyObject *)&PyType_Type, NULL, "(sOO)", "subclass", bases, ns), what);
            Py_DECREF(bases), Py_DECREF(ns);
        }

        vectors(type, name, shake, sdist);

        /* test_vectors_unaligned: the empty message and "cc", offset by 1..14. */
        {
            PyObject *whole = digest_of(h, shake); /* h saw nothing yet */
            int ok = whole != NULL;
            for (int i = 1; i < 15 && ok; i++) {
                char buf[32] = {0};
                PyObject *b = PyBytes_FromStringAndSize(buf, i);
                PyObject *mv = PyMemoryView_FromObject(b);
                PyObject *sl = PySequence_GetSlice(mv, i, i);
                PyObject *h2 = take(call(type, NULL, "(O)", sl));
                PyObject *d = h2 ? digest_of(h2, shake) : NULL;
                ok = d && PyObject_RichCompareBool(d, whole, Py_EQ) == 1;
                Py_XDECREF(d), Py_XDECREF(h2), Py_DECREF(sl), Py_DECREF(mv), Py_DECREF(b);
            }
            Py_XDECREF(whole);
            snprintf(what, sizeof what, "%s: test_vectors_unaligned", name);
            tap(ok, what);
        }
        /* test_long_unaligned */
        {
            unsigned char msg[2048 + 8];
            for (int i = 0; i < 2048; i++)
                msg[i] = (unsigned char)i;
            PyObject *m = PyBytes_FromStringAndSize((const char *)msg, 2048);
            PyObject *h2 = take(call(type, NULL, "(O)", m));
            PyObject *expected = h2 ? digest_of(h2, shake) : NULL;
            Py_XDECREF(h2);
            int ok = expected != NULL;
            for (int i = 1; i < 8 && ok; i++) {
                unsigned char shifted[2048 + 8] = {0};
                memcpy(shifted + i, msg, 2048);
                PyObject *b = PyBytes_FromStringAndSize((const char *)shifted, 2048 + i);
                PyObject *mv = PyMemoryView_FromObject(b);
                PyObject *un = PySequence_GetSlice(mv, i, 2048 + i);
                PyObject *h3 = take(call(type, NULL, "(O)", un));
                PyObject *d = h3 ? digest_of(h3, shake) : NULL;
                ok = d && PyObject_RichCompareBool(d, expected, Py_EQ) == 1;
                Py_XDECREF(d), Py_XDECREF(h3);
                PyObject *a = PySequence_GetSlice(un, 0, 3), *z = PySequence_GetSlice(un, 3, 2048);
                h3 = take(call(type, NULL, "()"));
                PyObject *r1 = h3 ? take(call_attr(h3, "update", NULL, "(O)", a)) : NULL;
                PyObject *r2 = h3 ? take(call_attr(h3, "update", NULL, "(O)", z)) : NULL;
                d = h3 ? digest_of(h3, shake) : NULL;
                ok = ok && d && PyObject_RichCompareBool(d, expected, Py_EQ) == 1;
                Py_XDECREF(d), Py_XDECREF(r1), Py_XDECREF(r2), Py_XDECREF(h3);
                Py_DECREF(a), Py_DECREF(z), Py_DECREF(un), Py_DECREF(mv), Py_DECREF(b);
            }
            snprintf(what, sizeof what, "%s: test_long_unaligned", name);
            tap(ok, what);
            snprintf(what, sizeof what, "%s(bytes(range(256)) * 8)", name);
            record_value(expected, what);
            Py_XDECREF(expected);
            Py_DECREF(m);
        }
        /* copy(): independent states. */
        {
            PyObject *a = take(call(type, NULL, "(y)", "The quick brown fox"));
            PyObject *b = a ? take(call_attr(a, "copy", NULL, "()")) : NULL;
            PyObject *r = b ? take(call_attr(b, "update", NULL, "(y)", " jumps")) : NULL;
            PyObject *da = a ? digest_of(a, shake) : NULL, *db = b ? digest_of(b, shake) : NULL;
            PyObject *c = take(call(type, NULL, "(y)", "The quick brown fox jumps"));
            PyObject *dc = c ? digest_of(c, shake) : NULL;
            snprintf(what, sizeof what, "%s: copy() is independent", name);
            tap(da && db && dc && PyObject_RichCompareBool(db, dc, Py_EQ) == 1
                    && PyObject_RichCompareBool(da, db, Py_EQ) == 0,
                what);
            Py_XDECREF(a), Py_XDECREF(b), Py_XDECREF(r), Py_XDECREF(da), Py_XDECREF(db), Py_XDECREF(c), Py_XDECREF(dc);
        }
        if (shake) {
            /* test_digest_too_large */
            PyObject *d = take(call(type, NULL, "(y)", "data"));
            snprintf(what, sizeof what, "%s.digest(2**29)", name);
            record(call_attr(d, "digest", NULL, "(L)", 1LL << 29), what);
            snprintf(what, sizeof what, "%s.hexdigest(2**29)", name);
            record(call_attr(d, "hexdigest", NULL, "(L)", 1LL << 29), what);
            snprintf(what, sizeof what, "%s.digest(2**64 - 1)", name);
            record(call_attr(d, "digest", NULL, "(K)", ~0ULL), what);
            snprintf(what, sizeof what, "%s.digest(-1)", name);
            record(call_attr(d, "digest", NULL, "(i)", -1), what);
            snprintf(what, sizeof what, "%s.hexdigest(-1)", name);
            record(call_attr(d, "hexdigest", NULL, "(i)", -1), what);
            snprintf(what, sizeof what, "%s.digest(2**20)", name);
            record(call_attr(d, "digest", NULL, "(i)", 1 << 20), what);
            snprintf(what, sizeof what, "%s.digest()", name);
            record(call_attr(d, "digest", NULL, "()"), what);
            snprintf(what, sizeof what, "%s.digest('4')", name);
            record(call_attr(d, "digest", NULL, "(s)", "4"), what);
            Py_XDECREF(d);
        } else {
            snprintf(what, sizeof what, "%s.digest(4)", name);
            record(call_attr(h, "digest", NULL, "(i)", 4), what);
        }
        Py_DECREF(h);
        Py_DECREF(type);
    }
}

CORPUS_MAIN("_pysha3", run)
