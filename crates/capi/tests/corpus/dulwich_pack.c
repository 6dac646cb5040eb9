/* dulwich 0.21.7's dulwich._pack: apply_delta(src, delta) -- git's delta
 * format over bytes or lists of bytes chunks (joined with _PyBytes_Join),
 * the result a one-item list, its errors raised as the package's
 * ApplyDeltaError (PyErr_Format with %lu / %ld) -- and bisect_find_sha(start,
 * end, sha, unpack_name) ("iiy#O", calling back into Python). Its init
 * imports dulwich.errors, which the driver stands in for (dulwich_standins.h).
 *
 * Vectors: dulwich/tests/test_pack.py's TestPackDeltas (each round trip,
 * with deltas made here the way create_delta makes them -- and two that
 * create_delta itself made -- test_dest_overflow and test_pypy_issue),
 * and bisect_find_sha over a sorted sha table as PackIndex uses it; plus
 * the errors (wrong sizes, opcode 0, trailing delta bytes, non-bytes
 * arguments and chunks).
 */
#include "corpus.h"
#include "dulwich_standins.h"

static PyObject *apply_delta, *bisect_find_sha;

/* ------------------------------------------------------------------ */
/*          Deltas, made as dulwich.pack.create_delta makes them      */
/* ------------------------------------------------------------------ */

typedef struct {
    unsigned char *p;
    size_t n, cap;
} Buf;

static void put(Buf *b, const void *data, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        if (b->p == NULL)
            bail("out of memory");
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
}

static void put_size(Buf *b, size_t size)
{
    do {
        unsigned char c = size & 0x7f;
        size >>= 7;
        if (size)
            c |= 0x80;
        put(b, &c, 1);
    } while (size);
}

static void put_copy(Buf *b, size_t off, size_t len)
{
    while (len) {
        size_t n = len > 0x10000 ? 0x10000 : len;
        unsigned char cmd = 0x80, args[7];
        int k = 0;
        for (int i = 0; i < 4; i++)
            if ((off >> (8 * i)) & 0xff) {
                cmd |= (unsigned char)(1 << i);
                args[k++] = (unsigned char)(off >> (8 * i));
            }
        size_t sz = n == 0x10000 ? 0 : n; /* 0x10000 is spelled as no size */
        for (int i = 0; i < 3; i++)
            if ((sz >> (8 * i)) & 0xff) {
                cmd |= (unsigned char)(1 << (4 + i));
                args[k++] = (unsigned char)(sz >> (8 * i));
            }
        put(b, &cmd, 1);
        put(b, args, (size_t)k);
        off += n;
        len -= n;
    }
}

static void put_insert(Buf *b, const unsigned char *data, size_t len)
{
    while (len) {
        unsigned char n = len > 127 ? 127 : (unsigned char)len;
        put(b, &n, 1);
        put(b, data, n);
        data += n;
        len -= n;
    }
}

/* A delta from `src` to `dst`: their common prefix and suffix copied, the
   rest inserted. */
static PyObject *make_delta(const unsigned char *src, size_t ns, const unsigned char *dst, size_t nd)
{
    size_t pre = 0, suf = 0;
    while (pre < ns && pre < nd && src[pre] == dst[pre])
        pre++;
    while (suf < ns - pre && suf < nd - pre && src[ns - 1 - suf] == dst[nd - 1 - suf])
        suf++;
    Buf b = {0};
    put_size(&b, ns);
    put_size(&b, nd);
    put_copy(&b, 0, pre);
    put_insert(&b, dst + pre, nd - pre - suf);
    put_copy(&b, ns - suf, suf);
    PyObject *r = PyBytes_FromStringAndSize((const char *)b.p, (Py_ssize_t)b.n);
    free(b.p);
    return r;
}

/* apply_delta(base, [delta]) must give [target]. */
static void roundtrip(PyObject *base, PyObject *target, const char *what)
{
    PyObject *delta = make_delta((const unsigned char *)PyBytes_AS_STRING(base), (size_t)PyBytes_GET_SIZE(base),
                                 (const unsigned char *)PyBytes_AS_STRING(target), (size_t)PyBytes_GET_SIZE(target));
    PyObject *chunks = Py_BuildValue("[O]", delta);
    PyObject *r = call(apply_delta, NULL, "(OO)", base, chunks);
    int ok = succeeded(r) && PyList_CheckExact(r) && PyList_GET_SIZE(r) == 1;
    if (ok) {
        PyObject *joined = PyList_GET_ITEM(r, 0);
        ok = PyBytes_CheckExact(joined) && PyObject_RichCompareBool(joined, target, Py_EQ) == 1;
    }
    if (!ok)
        diag("the round trip did not give the target; ");
    ok &= settle(0);
    tap(ok, what);
    Py_DECREF(chunks);
    Py_DECREF(delta);
}

static void test_deltas(void)
{
    PyObject *s1 = PyBytes_FromString("The answer was flailing in the wind");
    PyObject *s2 = PyBytes_FromString("The answer was falling down the pipe");
    PyObject *s3 = PyBytes_FromString("zzzzz");
    PyObject *empty = PyBytes_FromString("");
    char *z = malloc(100000);
    memset(z, 'Z', 100000);
    PyObject *big = PyBytes_FromStringAndSize(z, 8192), *huge = PyBytes_FromStringAndSize(z, 100000);
    free(z);
    roundtrip(s1, s1, "test_nochange");
    roundtrip(huge, huge, "test_nochange_huge");
    roundtrip(s1, s2, "test_change");
    roundtrip(s1, s3, "test_rewrite");
    roundtrip(empty, big, "test_empty_to_big");
    roundtrip(empty, huge, "test_empty_to_huge");
    PyObject *h1 = PySequence_Concat(huge, s1), *h2 = PySequence_Concat(huge, s2);
    roundtrip(h1, h2, "test_huge_copy");
    roundtrip(h2, s1, "huge to small");
    Py_DECREF(h1);
    Py_DECREF(h2);

    /* deltas create_delta made (dulwich.pack, pure Python) */
    static const char change[] = "#$\x90\x10\x01" "a\x91\x10\x01\x91\x13\x05\x03" "dow\x91\x19\x06\x01p\x91 \x01\x02pe";
    record(call(apply_delta, NULL, "(Oy#)", s1, change, (Py_ssize_t)(sizeof change - 1)),
           "apply_delta(string1, create_delta(string1, string2)) as bytes");
    record(call(apply_delta, NULL, "(O[y#])", s1, "#\x05\x05zzzzz", (Py_ssize_t)8),
           "apply_delta(string1, [create_delta(string1, string3)])");

    /* test_dest_overflow */
    char *a = malloc(0x10000 + 7);
    memset(a, 'a', 0x10000 + 7);
    memcpy(a, "\x80\x80\x04\x80\x80\x04\x80", 7);
    PyObject *src = PyBytes_FromStringAndSize(a + 7, 0x10000);
    expect_error(call(apply_delta, NULL, "(Oy#)", src, a, (Py_ssize_t)(0x10000 + 7)), ApplyDeltaError, NULL,
                 "test_dest_overflow: a copy past the destination");
    record(call(apply_delta, NULL, "(Oy#)", src, a, (Py_ssize_t)(0x10000 + 7)), "... its message");
    free(a);
    Py_DECREF(src);
    expect_error(call(apply_delta, NULL, "(yy#)", "", "\x00\x80\x02\xb0\x11\x11", (Py_ssize_t)6), ApplyDeltaError,
                 NULL, "test_dest_overflow: b'' and b'\\x00\\x80\\x02\\xb0\\x11\\x11'");
    record(call(apply_delta, NULL, "(yy#)", "", "\x00\x80\x02\xb0\x11\x11", (Py_ssize_t)6), "... its message");

    /* test_pypy_issue */
    PyObject *chunks = Py_BuildValue(
        "[y]", "tree 03207ccf58880a748188836155ceed72f03d65d6\n"
               "parent 408fbab530fd4abe49249a636a10f10f44d07a21\n"
               "author Victor Stinner <victor.stinner@gmail.com> 1421355207 +0100\n"
               "committer Victor Stinner <victor.stinner@gmail.com> 1421355207 +0100\n"
               "\n"
               "Backout changeset 3a06020af8cf\n"
               "\nStreamWriter: close() now clears the reference to the transport\n"
               "\nStreamWriter now raises an exception if it is closed: write(), writelines(),\n"
               "write_eof(), can_write_eof(), get_extra_info(), drain().\n");
    static const char pypy_delta[] = "\xcd\x03\xad\x03]tree ff3c181a393d5a7270cddc01ea863818a8621ca8\n"
                                     "parent 20a103cc90135494162e819f98d0edfc1f1fba6b\x91]7\x05" "10738"
                                     "\x91\x99@\x0b" "10738 +0100\x93\x04\x01\xc9";
    PyObject *delta = Py_BuildValue("[y#]", pypy_delta, (Py_ssize_t)(sizeof pypy_delta - 1));
    static const char expected[] =
        "tree ff3c181a393d5a7270cddc01ea863818a8621ca8\n"
        "parent 20a103cc90135494162e819f98d0edfc1f1fba6b"
        "\nauthor Victor Stinner <victor.stinner@gmail.com> 14213"
        "10738"
        " +0100\ncommitter Victor Stinner <victor.stinner@gmail.com> 14213"
        "10738 +0100"
        "\n\nStreamWriter: close() now clears the reference to the transport\n\n"
        "StreamWriter now raises an exception if it is closed: write(), writelines(),\n"
        "write_eof(), can_write_eof(), get_extra_info(), drain().\n";
    PyObject *r = call(apply_delta, NULL, "(OO)", chunks, delta);
    int ok = succeeded(r) && PyList_Check(r) && PyList_GET_SIZE(r) == 1
             && bytes_equal(PyList_GET_ITEM(r, 0), &PyBytes_Type, expected, (Py_ssize_t)(sizeof expected - 1));
    ok &= settle(0);
    tap(ok, "test_pypy_issue: chunk lists on both sides");
    /* the source split into several chunks */
    PyObject *whole = PyList_GET_ITEM(chunks, 0);
    PyObject *parts = PyList_New(0);
    for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(whole); i += 37) {
        Py_ssize_t n = PyBytes_GET_SIZE(whole) - i < 37 ? PyBytes_GET_SIZE(whole) - i : 37;
        PyObject *part = PyBytes_FromStringAndSize(PyBytes_AS_STRING(whole) + i, n);
        PyList_Append(parts, part);
        Py_DECREF(part);
    }
    r = call(apply_delta, NULL, "(OO)", parts, delta);
    ok = succeeded(r) && PyList_Check(r) && PyList_GET_SIZE(r) == 1
         && bytes_equal(PyList_GET_ITEM(r, 0), &PyBytes_Type, expected, (Py_ssize_t)(sizeof expected - 1));
    ok &= settle(0);
    tap(ok, "... the source in 37-byte chunks");
    Py_DECREF(parts);
    Py_DECREF(delta);
    Py_DECREF(chunks);

    /* errors */
    record(call(apply_delta, NULL, "(Oy)", s1, "\x05\x05zzzzz"), "a delta for a source of 5 bytes");
    record(call(apply_delta, NULL, "(yy)", "abc", "\x03\x03\x00"), "opcode 0");
    record(call(apply_delta, NULL, "(yy)", "abc", "\x03\x02\x90\x02\x90\x02"), "a copy past the end: trailing bytes");
    record(call(apply_delta, NULL, "(yy)", "abc", "\x03\x04\x90\x03"), "a destination too long for its delta");
    record(call(apply_delta, NULL, "(yy)", "abc", "\x03\x02\x05hello"), "an insert past the destination");
    record(call(apply_delta, NULL, "(yy)", "abc", "\x03\x00"), "an empty destination");
    record(call(apply_delta, NULL, "(yy)", "", ""), "an empty delta");
    record(call(apply_delta, NULL, "(sy)", "abc", "\x03\x03\x90\x03"), "a str source");
    record(call(apply_delta, NULL, "(yO)", "abc", Py_None), "a None delta");
    PyObject *ba = PyByteArray_FromStringAndSize("abc", 3);
    record(call(apply_delta, NULL, "(Oy)", ba, "\x03\x03\x90\x03"), "a bytearray source");
    Py_DECREF(ba);
    record(call(apply_delta, NULL, "([ys]y)", "ab", "c", "\x03\x03\x90\x03"), "a str among the chunks");
    record(call(apply_delta, NULL, "([]y)", "\x00\x01\x01x"), "an empty chunk list");
    record(call(apply_delta, NULL, "((y)y)", "abc", "\x03\x03\x90\x03"), "a tuple of chunks");
    record(call(apply_delta, NULL, "(y)", "abc"), "one argument");
    record(call(apply_delta, kw_dict("{s:y}", "delta", "x"), "(y)", "abc"), "a keyword argument");
    Py_DECREF(s1);
    Py_DECREF(s2);
    Py_DECREF(s3);
    Py_DECREF(empty);
    Py_DECREF(big);
    Py_DECREF(huge);
}

static void test_bisect(void)
{
    /* a sorted table of 41 shas, as PackIndex._unpack_name reads them */
    PyObject *table = PyList_New(0);
    for (int i = 0; i < 41; i++) {
        unsigned char sha[20];
        for (int k = 0; k < 20; k++)
            sha[k] = (unsigned char)(i * 6 + k * (i % 3));
        PyObject *b = PyBytes_FromStringAndSize((const char *)sha, 20);
        PyList_Append(table, b);
        Py_DECREF(b);
    }
    PyList_Sort(table);
    PyObject *unpack = PyObject_GetAttrString(table, "__getitem__");
    int ok = 1;
    for (int i = 0; i < 41 && ok; i++) {
        PyObject *r = PyObject_CallFunction(bisect_find_sha, "iiOO", 0, 40, PyList_GET_ITEM(table, i), unpack);
        ok = r && PyLong_Check(r) && PyLong_AsLong(r) == i;
        Py_XDECREF(r);
    }
    PyErr_Clear();
    tap(ok, "bisect_find_sha finds each of 41 shas");
    char absent[20];
    memset(absent, 0xff, 20);
    expect_is(call(bisect_find_sha, NULL, "(iiy#O)", 0, 40, absent, (Py_ssize_t)20, unpack), Py_None, "an absent sha: None");
    memset(absent, 0, 20);
    absent[19] = 1;
    expect_is(call(bisect_find_sha, NULL, "(iiy#O)", 0, 40, absent, (Py_ssize_t)20, unpack), Py_None,
              "a sha just above the zero sha: None");
    record(call(bisect_find_sha, NULL, "(iiOO)", 3, 3, PyList_GET_ITEM(table, 3), unpack), "a range of one");
    record(call(bisect_find_sha, NULL, "(iiOO)", 5, 40, PyList_GET_ITEM(table, 3), unpack), "a sha before the range");
    record(call(bisect_find_sha, NULL, "(iiy#O)", 0, 40, "short", (Py_ssize_t)5, unpack), "a sha of 5 bytes");
    record(call(bisect_find_sha, NULL, "(iiOO)", 4, 3, PyList_GET_ITEM(table, 3), unpack), "start > end");
    record(call(bisect_find_sha, NULL, "(iiOO)", 0, 99, PyList_GET_ITEM(table, 40), unpack), "an end past the table");
    PyObject *len = PyObject_GetAttrString(table, "__len__");
    record(call(bisect_find_sha, NULL, "(iiOO)", 0, 40, PyList_GET_ITEM(table, 3), len), "unpack_name not taking an index");
    Py_DECREF(len);
    PyObject *names = PyList_New(41);
    for (Py_ssize_t i = 0; i < 41; i++)
        PyList_SET_ITEM(names, i, PyUnicode_FromFormat("sha%zd", i));
    PyObject *bad = PyObject_GetAttrString(names, "__getitem__");
    record(call(bisect_find_sha, NULL, "(iiOO)", 0, 40, PyList_GET_ITEM(table, 3), bad), "unpack_name giving str");
    Py_DECREF(bad);
    Py_DECREF(names);
    record(call(bisect_find_sha, NULL, "(iisO)", 0, 40, "01234567890123456789", unpack), "a str sha");
    record(call(bisect_find_sha, NULL, "(OiOO)", Py_None, 40, PyList_GET_ITEM(table, 3), unpack), "start None");
    record(call(bisect_find_sha, NULL, "(LiOO)", 1LL << 40, 40, PyList_GET_ITEM(table, 3), unpack), "start 2**40");
    record(call(bisect_find_sha, NULL, "(iiO)", 0, 40, PyList_GET_ITEM(table, 3)), "three arguments");
    Py_DECREF(unpack);
    Py_DECREF(table);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    apply_delta = attr(module, "apply_delta");
    bisect_find_sha = attr(module, "bisect_find_sha");
    test_deltas();
    test_bisect();
    Py_DECREF(apply_delta);
    Py_DECREF(bisect_find_sha);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    stand_in_dulwich();
    run(load_module(argv[1], "_pack"), argv[2]);
    return tap_done();
}
