/* py-tlsh 5.0.0: TLSH, Trend Micro's locality-sensitive hash, as a C++
 * module: METH_VARARGS functions parsing "y#" and "ss", a static Tlsh
 * type (tp_new/tp_init that refuse keywords, METH_VARARGS/METH_NOARGS
 * methods, getters that raise until final()), a "y*" buffer filled in
 * place (toByteArray), PyUnicode_AsASCIIString and PyBytes_AsStringAndSize
 * for hex-string arguments.
 *
 * Vectors: README.md's usage (hash, diff, diffxlen, the streaming Tlsh
 * object and its diff with itself, conservativehash's 256-byte minimum,
 * the old-style hashes), over deterministic text in place of files and
 * os.urandom; the hashes are compared with CPython's run and checked to
 * agree between the one-shot and streaming forms.
 */
#include "corpus.h"

/* Deterministic, varied text: a line generator with a slow drift. */
static char text[4096];

static void make_text(char *buf, size_t len, unsigned seed)
{
    static const char *words[] = {"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
                                  "and", "then", "runs", "into", "deep", "dark", "forest", "again"};
    size_t n = 0;
    unsigned x = seed;
    while (n < len) {
        x = x * 1103515245u + 12345u;
        const char *w = words[(x >> 16) % 16];
        for (size_t i = 0; w[i] && n < len; i++)
            buf[n++] = w[i];
        if (n < len)
            buf[n++] = ((x >> 8) % 11 == 0) ? '\n' : ' ';
    }
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *hash = attr(module, "hash");
    PyObject *diff = attr(module, "diff");
    PyObject *diffxlen = attr(module, "diffxlen");
    PyObject *Tlsh = attr(module, "Tlsh");
    make_text(text, sizeof text, 1);
    char similar[4096];
    memcpy(similar, text, sizeof similar);
    for (size_t i = 100; i < sizeof similar; i += 400)
        similar[i] = 'X';

    PyObject *h1 = record_keep(call(hash, NULL, "(y#)", text, (Py_ssize_t)sizeof text), "hash(text)");
    tap(1, "hash(text) kept");
    PyObject *h2 = record_keep(call(hash, NULL, "(y#)", similar, (Py_ssize_t)sizeof similar), "hash(similar)");
    tap(1, "hash(similar) kept");
    if (h1 == NULL || h2 == NULL)
        bail("no hashes");
    record(call(diff, NULL, "(OO)", h1, h2), "diff(h1, h2)");
    record(call(diff, NULL, "(OO)", h2, h1), "diff(h2, h1)");
    expect_int(call(diff, NULL, "(OO)", h1, h1), "0", "diff(h1, h1) == 0");
    record(call(diffxlen, NULL, "(OO)", h1, h2), "diffxlen(h1, h2)");
    record(call(diff, NULL, "(Os)", h1, "T1nothex"), "diff(h1, 'T1nothex')");
    record(call(diff, NULL, "(O)", h1), "diff(h1)");
    record(call(diff, NULL, "(Oi)", h1, 3), "diff(h1, 3)");

    /* Sizes around the 50-byte minimum and the conservative 256. */
    static const int sizes[] = {0, 49, 50, 51, 100, 255, 256, 257, 512, 1000};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        char what[64];
        snprintf(what, sizeof what, "hash(%d bytes)", sizes[i]);
        record(call(hash, NULL, "(y#)", text, (Py_ssize_t)sizes[i]), what);
        snprintf(what, sizeof what, "conservativehash(%d bytes)", sizes[i]);
        record(call_attr(module, "conservativehash", NULL, "(y#)", text, (Py_ssize_t)sizes[i]), what);
        snprintf(what, sizeof what, "oldhash(%d bytes)", sizes[i]);
        record(call_attr(module, "oldhash", NULL, "(y#)", text, (Py_ssize_t)sizes[i]), what);
        snprintf(what, sizeof what, "oldconservativehash(%d bytes)", sizes[i]);
        record(call_attr(module, "oldconservativehash", NULL, "(y#)", text, (Py_ssize_t)sizes[i]), what);
    }
    record(call(hash, NULL, "(y#)", "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", (Py_ssize_t)60), "hash(60 zero bytes)");
    record(call(hash, NULL, "(s)", "text"), "hash('text')");
    record(call(hash, NULL, "(N)", PyByteArray_FromStringAndSize(text, 300)), "hash(bytearray)");
    record(call(hash, NULL, "()"), "hash()");

    /* The streaming object, fed in 512-byte pieces as the README does. */
    PyObject *obj = keep(call(Tlsh, NULL, "()"), "Tlsh() for streaming");
    record(call_attr(obj, "hexdigest", NULL, "()"), "hexdigest() before final()");
    /* A bound method called with its own self: the harness's baseline for
       an argument includes the argument tuple's reference, not so for self. */
    PyObject *obj_diff = attr(obj, "diff");
    record(call(obj_diff, NULL, "(O)", obj), "diff() before final() (not checked)");
    PyObject *early = PyObject_GetAttrString(obj, "lvalue");
    record_value(early, "lvalue before final()");
    PyErr_Clear();
    Py_XDECREF(early);
    for (size_t off = 0; off < sizeof text; off += 512) {
        PyObject *r = take(call_attr(obj, "update", NULL, "(y#)", text + off, (Py_ssize_t)512));
        Py_XDECREF(r);
    }
    tap(1, "update() in eight 512-byte pieces");
    record(call_attr(obj, "final", NULL, "()"), "final()");
    PyObject *digest = keep(call_attr(obj, "hexdigest", NULL, "()"), "hexdigest()");
    expect_true(PyObject_RichCompareBool(digest, h1, Py_EQ) == 1, "streamed hexdigest() == hash(text)");
    expect_int(call(obj_diff, NULL, "(O)", obj), "0", "h3.diff(h3) == 0");
    Py_DECREF(obj_diff);
    record(call_attr(obj, "diff", NULL, "(O)", h2), "h3.diff(h2 as a str)");
    record(call_attr(obj, "diff", NULL, "(s)", "\xc3\xa9t\xc3\xa9"), "h3.diff('été')");
    record(call_attr(obj, "diff", NULL, "(i)", 5), "h3.diff(5)");
    record(call_attr(obj, "diff", NULL, "(OO)", h2, h2), "h3.diff(h2, h2)");
    record(call_attr(obj, "update", NULL, "(y)", "more"), "update() after final()");
    record(call_attr(obj, "final", NULL, "()"), "final() twice");
    static const char *getters[] = {"lvalue", "q1ratio", "q2ratio", "is_valid"};
    for (size_t i = 0; i < 4; i++) {
        PyObject *v = PyObject_GetAttrString(obj, getters[i]);
        record_value(v, getters[i]);
        PyErr_Clear();
        Py_XDECREF(v);
    }
    record(call_attr(obj, "checksum", NULL, "(i)", 0), "checksum(0)");
    record(call_attr(obj, "bucket_value", NULL, "(i)", 0), "bucket_value(0)");
    record(call_attr(obj, "bucket_value", NULL, "(i)", 127), "bucket_value(127)");

    /* fromTlshStr and toByteArray. */
    PyObject *other = keep(call(Tlsh, NULL, "()"), "Tlsh() for fromTlshStr");
    record(call_attr(other, "fromTlshStr", NULL, "(O)", h2), "fromTlshStr(h2)");
    record(call_attr(other, "hexdigest", NULL, "()"), "hexdigest() of fromTlshStr(h2)");
    record(call_attr(obj, "diff", NULL, "(O)", other), "h3.diff(Tlsh from h2)");
    record(call_attr(other, "fromTlshStr", NULL, "(s)", "T1zz"), "fromTlshStr('T1zz')");
    record(call_attr(other, "fromTlshStr", NULL, "(i)", 5), "fromTlshStr(5)");
    PyObject *vec = PyByteArray_FromStringAndSize(NULL, 36);
    memset(PyByteArray_AS_STRING(vec), 0, 36);
    record(call_attr(obj, "toByteArray", NULL, "(O)", vec), "toByteArray(bytearray(36))");
    record_value(vec, "the bytearray after toByteArray");
    Py_DECREF(vec);
    record(call(Tlsh, kw_dict("{s:i}", "x", 1), "()"), "Tlsh(x=1)");
    record(call(Tlsh, NULL, "(y)", "data"), "Tlsh(b'data')");

    Py_DECREF(digest);
    Py_DECREF(other);
    Py_DECREF(obj);
    Py_DECREF(h1);
    Py_DECREF(h2);
    Py_DECREF(hash);
    Py_DECREF(diff);
    Py_DECREF(diffxlen);
    Py_DECREF(Tlsh);
}

CORPUS_MAIN("tlsh", run)
