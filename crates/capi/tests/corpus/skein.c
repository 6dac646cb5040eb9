/* pyskein 1.0 (_skein): the Skein-256/512/1024 hash family and Threefish,
 * as two static types -- a hash object with getsets, update() taking a bit
 * count ("y*|n:update" keywords), digest(start, stop) over any output
 * length ("|KK:digest"), copy(), and pickling through __reduce__ and the
 * module's _from_state -- built by three METH_VARARGS|METH_KEYWORDS
 * constructors parsing "|y*Oy*y*y*y*y*O:skeinN" (key, personalisation,
 * public key, key id, nonce, and tree parameters through PySequence_Fast);
 * digest_bits up to 2**64-1 through PyLong_AsUnsignedLongLong.
 *
 * Vectors: the sdist's test/skein_golden_kat.txt (the Skein team's known
 * answers: every state size, bit-length messages, MACs and tree hashing),
 * parsed here; and the properties its test_skein.py checks.
 */
#include "corpus.h"

#include <ctype.h>

static PyObject *ctor[3]; /* skein256, skein512, skein1024 */

static PyObject *hasher_for(int state_bits)
{
    return state_bits == 256 ? ctor[0] : state_bits == 512 ? ctor[1] : ctor[2];
}

/* Hex byte pairs from the lines after `*p` up to a line that does not start
 * with a blank; `*p` is left there. */
static Py_ssize_t read_hex(const char **p, unsigned char *out, Py_ssize_t cap)
{
    Py_ssize_t n = 0;
    const char *s = *p;
    while (*s == ' ') {
        const char *eol = strchr(s, '\n');
        if (eol == NULL)
            eol = s + strlen(s);
        const char *none = strstr(s, "(none)");
        if (none != NULL && none < eol) { /* an empty field, and a comment */
            s = *eol ? eol + 1 : eol;
            continue;
        }
        for (const char *q = s; q + 1 < eol; q++) {
            unsigned int v;
            if (isxdigit((unsigned char)q[0]) && isxdigit((unsigned char)q[1]) && sscanf(q, "%2x", &v) == 1) {
                if (n < cap)
                    out[n] = (unsigned char)v;
                n++;
                q++;
            }
        }
        s = *eol ? eol + 1 : eol;
    }
    *p = s;
    return n;
}

static void known_answers(const char *sdist)
{
    PyObject *file = read_file(sdist, "test/skein_golden_kat.txt");
    /* The file has CRLF line ends: drop the CRs. */
    char *text = malloc((size_t)PyBytes_GET_SIZE(file) + 1);
    if (text == NULL)
        bail("out of memory");
    size_t len = 0;
    for (const char *q = PyBytes_AS_STRING(file); *q; q++)
        if (*q != '\r')
            text[len++] = *q;
    text[len] = '\0';
    static unsigned char msg[4096], key[512], want[512];
    int checked[3] = {0, 0, 0}, passed[3] = {0, 0, 0}; /* plain, MAC, tree */
    int recorded = 0;
    for (const char *s = strstr(text, ":Skein-"); s != NULL; s = strstr(s + 1, ":Skein-")) {
        int state_bits, digest_bits;
        long msg_bits;
        if (sscanf(s, ":Skein-%d: %d-bit hash, msgLen = %ld bits", &state_bits, &digest_bits, &msg_bits) != 3)
            bail("unreadable known-answer header");
        const char *eol = strchr(s, '\n');
        unsigned int leaf = 0, node = 0, levels = 0;
        const char *tree = strstr(s, "Tree:");
        int is_tree = tree != NULL && tree < eol;
        if (is_tree && sscanf(tree, "Tree: leaf=%x, node=%x, maxLevels=%x", &leaf, &node, &levels) != 3)
            bail("unreadable tree parameters");
        const char *m = strstr(s, "Message data:\n");
        if (m == NULL)
            bail("no message data");
        const char *p = m + strlen("Message data:\n");
        Py_ssize_t msg_len = read_hex(&p, msg, sizeof msg);
        Py_ssize_t key_len = -1;
        if (strncmp(p, "MAC key", 7) == 0) {
            p = strchr(p, '\n') + 1;
            key_len = read_hex(&p, key, sizeof key);
        }
        if (strncmp(p, "Result:\n", 8) != 0)
            bail("no result where expected");
        p += 8;
        Py_ssize_t want_len = read_hex(&p, want, sizeof want);
        int kind = is_tree ? 2 : key_len >= 0 ? 1 : 0;

        PyObject *kw = Py_BuildValue("{s:i}", "digest_bits", digest_bits);
        if (key_len >= 0) {
            PyObject *k = PyBytes_FromStringAndSize((const char *)key, key_len);
            PyDict_SetItemString(kw, "key", k);
            Py_DECREF(k);
        }
        if (is_tree) {
            PyObject *t = Py_BuildValue("(III)", leaf, node, levels);
            PyDict_SetItemString(kw, "tree", t);
            Py_DECREF(t);
        }
        PyObject *h = take(call(hasher_for(state_bits), kw, "()"));
        int ok = 0;
        if (h != NULL) {
            PyObject *data = PyBytes_FromStringAndSize((const char *)msg, msg_len);
            PyObject *u = take(call_attr(h, "update", kw_dict("{s:l}", "bits", msg_bits), "(O)", data));
            PyObject *d = u ? take(call_attr(h, "digest", NULL, "()")) : NULL;
            ok = d != NULL && PyBytes_GET_SIZE(d) == want_len && memcmp(PyBytes_AS_STRING(d), want, (size_t)want_len) == 0;
            if (d != NULL && recorded < 12 && (msg_bits % 8 != 0 || kind != 0)) {
                char label[160];
                snprintf(label, sizeof label, "Skein-%d, %d-bit digest, %ld-bit message%s", state_bits, digest_bits,
                         msg_bits, kind == 2 ? ", tree" : kind == 1 ? ", MAC" : "");
                record_value(d, label);
                recorded++;
            }
            Py_XDECREF(d);
            Py_XDECREF(u);
            Py_DECREF(data);
            Py_DECREF(h);
        }
        checked[kind]++;
        passed[kind] += ok;
        s = p - 1;
    }
    char label[160];
    const char *kinds[] = {"plain hashes", "MACs", "tree hashes"};
    for (int k = 0; k < 3; k++) {
        snprintf(label, sizeof label, "the golden known answers: %d of %d %s", passed[k], checked[k], kinds[k]);
        expect_true(checked[k] > 0 && passed[k] == checked[k], label);
    }
    free(text);
    Py_DECREF(file);
}

static void run(PyObject *module, const char *sdist)
{
    ctor[0] = attr(module, "skein256");
    ctor[1] = attr(module, "skein512");
    ctor[2] = attr(module, "skein1024");
    PyObject *doc = attr(ctor[1], "__doc__");
    record_value(doc, "skein512.__doc__");
    Py_DECREF(doc);

    known_answers(sdist);

    /* A hasher's attributes and methods. */
    PyObject *h = keep(call(ctor[1], NULL, "(y)", "abc"), "skein512(b'abc')");
    PyObject *type = PyObject_Type(h);
    record_value(type, "type(skein512())");
    Py_DECREF(type);
    const char *getsets[] = {"name", "block_size", "block_bits", "digest_size", "digest_bits", "hashed_bits"};
    for (size_t i = 0; i < sizeof getsets / sizeof *getsets; i++) {
        PyObject *v = PyObject_GetAttrString(h, getsets[i]);
        if (v == NULL)
            bail("no attribute %s", getsets[i]);
        record_value(v, getsets[i]);
        Py_DECREF(v);
    }
    record(call_attr(h, "hexdigest", NULL, "()"), "skein512(b'abc').hexdigest()");
    record(call_attr(h, "digest", NULL, "(KK)", 3ULL, 9ULL), "digest(3, 9)");
    record(call_attr(h, "digest", NULL, "(KK)", 9ULL, 3ULL), "digest(9, 3)");
    record(call_attr(h, "digest", NULL, "(KK)", 0ULL, 65ULL), "digest(0, 65)");
    PyObject *c = keep(call_attr(h, "copy", NULL, "()"), "copy()");
    record(call_attr(c, "update", NULL, "(y)", "def"), "copy.update(b'def')");
    record(call_attr(c, "hexdigest", NULL, "()"), "the copy's digest moves on");
    record(call_attr(h, "hexdigest", NULL, "()"), "the original's does not");
    record(call_attr(h, "update", kw_dict("{s:n}", "bits", (Py_ssize_t)5), "(y)", "\xff"), "update(b'\\xff', bits=5)");
    PyObject *bits = PyObject_GetAttrString(h, "hashed_bits");
    record_value(bits, "hashed_bits after 29 bits");
    Py_XDECREF(bits);
    /* Direct calls: on these errors update() leaves its "y*" buffer
     * unreleased, so the message keeps one more reference (on CPython too). */
    PyObject *byte = PyBytes_FromStringAndSize("\xff", 1);
    PyObject *upd = PyObject_GetAttrString(h, "update");
    PyObject *a1 = PyTuple_Pack(1, byte);
    PyObject *k9 = Py_BuildValue("{s:i}", "bits", 9), *km = Py_BuildValue("{s:i}", "bits", -2);
    PyObject *r = PyObject_Call(upd, a1, k9);
    print_record(r, "update(1 byte, bits=9) is refused");
    expect_true(r == NULL, "update(1 byte, bits=9) is refused");
    r = PyObject_Call(upd, a1, km);
    print_record(r, "update(bits=-2) is refused");
    expect_true(r == NULL, "update(bits=-2) is refused");
    Py_DECREF(k9);
    Py_DECREF(km);
    Py_DECREF(a1);
    Py_DECREF(upd);
    record(call_attr(h, "update", NULL, "(s)", "text"), "update(str) is refused");
    PyObject *reduced = keep(call_attr(h, "__reduce__", NULL, "()"), "__reduce__()");
    expect_true(PyTuple_Check(reduced) && PyTuple_GET_SIZE(reduced) == 2, "__reduce__ gives (callable, args)");
    if (PyTuple_Check(reduced) && PyTuple_GET_SIZE(reduced) == 2) {
        PyObject *args = PyTuple_GET_ITEM(reduced, 1);
        PyObject *back = take(call(PyTuple_GET_ITEM(reduced, 0), NULL, "O", args));
        PyObject *d1 = back ? take(call_attr(back, "hexdigest", NULL, "()")) : NULL;
        PyObject *d2 = take(call_attr(h, "hexdigest", NULL, "()"));
        expect_true(d1 && d2 && PyObject_RichCompareBool(d1, d2, Py_EQ) == 1,
                    "_from_state(*__reduce__()[1]) continues the same hash");
        Py_XDECREF(d1);
        Py_XDECREF(d2);
        Py_XDECREF(back);
    }
    Py_DECREF(reduced);
    PyObject *from_state = attr(module, "_from_state");
    record(call(from_state, NULL, "(i)", 1), "_from_state(1)");
    record(call(from_state, NULL, "((i))", 1), "_from_state((1,))");
    Py_DECREF(from_state);
    Py_DECREF(c);
    Py_DECREF(h);

    /* Constructor arguments. */
    record(call(ctor[0], kw_dict("{s:y,s:y,s:y,s:y,s:y}", "key", "k", "pers", "20081031 me@example.com/app",
                                  "public_key", "pk", "key_id", "id", "nonce", "n"),
                "(y)", "msg"),
           "skein256 with key, pers, public_key, key_id and nonce");
    record(call(ctor[2], kw_dict("{s:K}", "digest_bits", 18446744073709551615ULL), "()"),
           "skein1024(digest_bits=2**64-1)");
    record(call(ctor[0], kw_dict("{s:i}", "digest_bits", 0), "()"), "digest_bits=0 is refused");
    record(call(ctor[0], kw_dict("{s:i}", "digest_bits", -1), "()"), "digest_bits=-1 is refused");
    record(call(ctor[0], NULL, "(yiy)", "a", 8, "b"), "three positional arguments are refused");
    record(call(ctor[0], kw_dict("{s:(ii)}", "tree", 1, 2), "()"), "a tree of two parameters is refused");
    record(call(ctor[0], kw_dict("{s:(iii)}", "tree", 0, 2, 2), "()"), "tree leaf 0 is refused");
    record(call(ctor[0], kw_dict("{s:i}", "tree", 5), "()"), "tree=5 is refused");
    record(call(ctor[0], kw_dict("{s:i}", "nope", 5), "()"), "an unknown keyword");

    /* Threefish: block encryption round trips. */
    PyObject *threefish = attr(module, "threefish");
    unsigned char k[64], t[16], block[64];
    for (int i = 0; i < 64; i++) {
        k[i] = (unsigned char)(i * 7 + 1);
        block[i] = (unsigned char)(255 - i);
    }
    for (int i = 0; i < 16; i++)
        t[i] = (unsigned char)i;
    PyObject *tf = keep(call(threefish, NULL, "(y#y#)", (const char *)k, (Py_ssize_t)64, (const char *)t,
                             (Py_ssize_t)16),
                        "threefish(64-byte key, tweak)");
    PyObject *enc = keep(call_attr(tf, "encrypt_block", NULL, "(y#)", (const char *)block, (Py_ssize_t)64),
                         "encrypt_block");
    record_value(enc, "Threefish-512 ciphertext");
    expect_bytes(call_attr(tf, "decrypt_block", NULL, "(O)", enc), block, 64, "decrypt_block(encrypt_block(x)) == x");
    PyObject *tweak = PyObject_GetAttrString(tf, "tweak");
    record_value(tweak, "threefish.tweak");
    Py_XDECREF(tweak);
    PyObject *bs = PyObject_GetAttrString(tf, "block_size");
    record_value(bs, "threefish.block_size");
    Py_XDECREF(bs);
    record(call_attr(tf, "encrypt_block", NULL, "(y)", "short"), "encrypt_block(5 bytes) is refused");
    record(call(threefish, NULL, "(y#y)", (const char *)k, (Py_ssize_t)33, "t"), "threefish(33-byte key) is refused");
    Py_DECREF(enc);
    Py_DECREF(tf);
    Py_DECREF(threefish);
}

CORPUS_MAIN("_skein", run)
