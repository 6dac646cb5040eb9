/* Differential cases for the rest of the zlib module (Modules/zlibmodule.c
 * over the zlib library): compress at every level and wbits form (the
 * compressed bytes compared by length and CRC-32), compressobj with every
 * strategy, memory level and flush mode, copies, preset dictionaries;
 * decompressobj streaming with small max_length (unconsumed_tail,
 * unused_data, eof), flush, copies, corrupted and truncated streams; the
 * Compress/Decompress types; every argument error with its message; the
 * constants; reference counts of the arguments.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *zlib;
static char what[200];

/* zlib.NAME(*args, **kwargs): args and kwargs are stolen (kwargs may be
   NULL). */
static PyObject *call(const char *name, PyObject *args, PyObject *kwargs)
{
    PyObject *f = PyObject_GetAttrString(zlib, name);
    PyObject *r = (f && args) ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

/* obj.NAME(*args, **kwargs): args and kwargs are stolen. */
static PyObject *meth(PyObject *obj, const char *name, PyObject *args, PyObject *kwargs)
{
    PyObject *f = obj ? PyObject_GetAttrString(obj, name) : NULL;
    PyObject *r = (f && args) ? PyObject_Call(f, args, kwargs) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static unsigned long crc_of(const char *p, Py_ssize_t n)
{
    PyObject *b = PyBytes_FromStringAndSize(p, n);
    PyObject *c = call("crc32", Py_BuildValue("(N)", b), NULL);
    unsigned long v = c ? PyLong_AsUnsignedLong(c) : 0;
    Py_XDECREF(c);
    return v;
}

/* Bytes as a short line: short ones whole, long ones by length and
   CRC-32. Steals r. */
static PyObject *digest(PyObject *r)
{
    if (r == NULL || !PyBytes_Check(r) || PyBytes_GET_SIZE(r) <= 24)
        return r;
    char line[64];
    snprintf(line, sizeof line, "%zd bytes, crc %08lx", PyBytes_GET_SIZE(r),
             crc_of(PyBytes_AS_STRING(r), PyBytes_GET_SIZE(r)));
    PyObject *s = PyUnicode_FromString(line);
    Py_DECREF(r);
    return s;
}

/* Deterministic inputs. */
static PyObject *text_data(Py_ssize_t n)
{
    static const char *words[] = {"zlib ", "deflate ", "the ", "quick ", "brown ", "fox ",
                                  "jumps ", "over ", "lazy ", "dog ", "1234 ", "\n"};
    PyObject *b = PyBytes_FromStringAndSize(NULL, n);
    char *p = PyBytes_AS_STRING(b);
    unsigned x = 12345;
    Py_ssize_t i = 0;
    while (i < n) {
        x = x * 1103515245u + 12345u;
        const char *w = words[(x >> 16) % 12];
        while (*w && i < n)
            p[i++] = *w++;
    }
    return b;
}

static PyObject *random_data(Py_ssize_t n, unsigned seed)
{
    PyObject *b = PyBytes_FromStringAndSize(NULL, n);
    char *p = PyBytes_AS_STRING(b);
    unsigned x = seed;
    for (Py_ssize_t i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        p[i] = (char)(x >> 24);
    }
    return b;
}

/* "same" when a equals b (both bytes), else a description. Steals a. */
static PyObject *same_as(PyObject *a, PyObject *b)
{
    if (a == NULL)
        return NULL;
    int eq = PyObject_RichCompareBool(a, b, Py_EQ);
    PyObject *r = eq == 1 ? PyUnicode_FromString("same") : digest(Py_NewRef(a));
    Py_DECREF(a);
    return r;
}

/* Concatenates b onto *acc (both bytes; b stolen; NULL b leaves the
   error set and returns -1). */
static int append(PyObject **acc, PyObject *b)
{
    if (b == NULL)
        return -1;
    PyBytes_ConcatAndDel(acc, b);
    return *acc ? 0 : -1;
}

/* Two threads sharing one compressor: each call's output is appended to
   `pieces` while the GIL is still held, so the list is in call order. */
static PyObject *shared_co, *shared_chunk, *pieces, *thread_big, *thread_big_c;
static PyThread_type_lock thread_done[2];
static int thread_errors[2], thread_big_same[2];

static void worker(void *arg)
{
    int id = (int)(Py_intptr_t)arg;
    PyGILState_STATE st = PyGILState_Ensure();
    for (int i = 0; i < 50; i++) {
        PyObject *r = meth(shared_co, "compress", Py_BuildValue("(O)", shared_chunk), NULL);
        if (r == NULL || PyList_Append(pieces, r) < 0) {
            thread_errors[id]++;
            PyErr_Clear();
        }
        Py_XDECREF(r);
    }
    PyObject *c = call("compress", Py_BuildValue("(O)", thread_big), NULL);
    thread_big_same[id] = c != NULL && PyObject_RichCompareBool(c, thread_big_c, Py_EQ) == 1;
    Py_XDECREF(c);
    PyErr_Clear();
    PyGILState_Release(st);
    PyThread_release_lock(thread_done[id]);
}

int main(void)
{
    Py_Initialize();
    zlib = PyImport_ImportModule("zlib");
    if (zlib == NULL) {
        PyErr_Print();
        return 1;
    }
    PyObject *text = text_data(20000);
    PyObject *rnd = random_data(100000, 7);
    PyObject *big = text_data(400000);
    PyObject *hello = PyBytes_FromString("hello hello hello hello");
    PyObject *empty = PyBytes_FromString("");
    PyObject *inputs[] = {text, rnd, hello, empty};
    const char *input_names[] = {"text", "random", "hello", "empty"};

    /* compress at every level, round trip */
    for (int k = 0; k < 4; k++) {
        for (int level = -1; level <= 9; level++) {
            snprintf(what, sizeof what, "compress(%s, %d)", input_names[k], level);
            PyObject *c = call("compress", Py_BuildValue("(Oi)", inputs[k], level), NULL);
            if (c) {
                PyObject *d = call("decompress", Py_BuildValue("(O)", c), NULL);
                snprintf(what + strlen(what), sizeof what - strlen(what), " round trip");
                show(what, same_as(d, inputs[k]));
                snprintf(what, sizeof what, "compress(%s, %d)", input_names[k], level);
            }
            show(what, digest(c));
        }
    }
    show("compress(big text)", digest(call("compress", Py_BuildValue("(O)", big), NULL)));
    show("compress(big text, level=1)",
         digest(call("compress", Py_BuildValue("(O)", big), Py_BuildValue("{s:i}", "level", 1))));

    /* every wbits form */
    static const int wbits_list[] = {9, 10, 12, 15, -9, -11, -15, 25, 27, 31, 8, -8, 7, 16, 24,
                                     32, 47, -16, 0, 99};
    for (size_t i = 0; i < sizeof wbits_list / sizeof wbits_list[0]; i++) {
        int w = wbits_list[i];
        snprintf(what, sizeof what, "compress(text, wbits=%d)", w);
        PyObject *c = call("compress", Py_BuildValue("(O)", text), Py_BuildValue("{s:i}", "wbits", w));
        if (c) {
            snprintf(what, sizeof what, "decompress(compress(text, wbits=%d), wbits=%d)", w, w);
            show(what, same_as(call("decompress", Py_BuildValue("(Oi)", c, w), NULL), text));
            snprintf(what, sizeof what, "compress(text, wbits=%d)", w);
        }
        show(what, digest(c));
    }
    static const int bad_levels[] = {10, -2, 100, -100};
    for (size_t i = 0; i < sizeof bad_levels / sizeof bad_levels[0]; i++) {
        snprintf(what, sizeof what, "compress(hello, %d)", bad_levels[i]);
        show(what, call("compress", Py_BuildValue("(Oi)", hello, bad_levels[i]), NULL));
    }
    show("compress(hello, 2**40)",
         call("compress", Py_BuildValue("(OL)", hello, 1LL << 40), NULL));
    show("compress(hello, '1')", call("compress", Py_BuildValue("(Os)", hello, "1"), NULL));
    show("compress(hello, 1.0)", call("compress", Py_BuildValue("(Od)", hello, 1.0), NULL));
    show("compress('abc')", call("compress", Py_BuildValue("(s)", "abc"), NULL));
    show("compress(None)", call("compress", Py_BuildValue("(O)", Py_None), NULL));
    show("compress()", call("compress", PyTuple_New(0), NULL));
    show("compress(hello, 1, 15, 1)", call("compress", Py_BuildValue("(Oiii)", hello, 1, 15, 1), NULL));
    show("compress(data=hello)", call("compress", PyTuple_New(0), Py_BuildValue("{s:O}", "data", hello)));
    show("compress(hello, spam=1)", call("compress", Py_BuildValue("(O)", hello), Py_BuildValue("{s:i}", "spam", 1)));
    show("compress(hello, 1, level=1)", call("compress", Py_BuildValue("(Oi)", hello, 1), Py_BuildValue("{s:i}", "level", 1)));
    PyObject *ba = PyByteArray_FromObject(text);
    show("compress(bytearray(text))", digest(call("compress", Py_BuildValue("(O)", ba), NULL)));
    PyObject *mv = PyMemoryView_FromObject(ba);
    show("compress(memoryview(bytearray(text)))", digest(call("compress", Py_BuildValue("(O)", mv), NULL)));
    PyObject *arraymod = PyImport_ImportModule("array");
    PyObject *arr = arraymod ? PyObject_CallMethod(arraymod, "array", "sO", "I", Py_BuildValue("[iii]", 1, 2, 3)) : NULL;
    show("compress(array('I', [1, 2, 3]))", digest(call("compress", Py_BuildValue("(O)", arr), NULL)));
    PyObject *carr = arr ? call("compress", Py_BuildValue("(O)", arr), NULL) : NULL;
    PyObject *carr_ba = carr ? PyByteArray_FromObject(carr) : NULL;
    show("decompress(bytearray(compress(array)))",
         digest(call("decompress", Py_BuildValue("(O)", carr_ba), NULL)));
    Py_XDECREF(carr);
    Py_XDECREF(carr_ba);
    PyObject *mvs = PyObject_CallMethod(mv, "__getitem__", "N", PySlice_New(NULL, NULL, PyLong_FromLong(2)));
    show("compress(memoryview[::2]) (not contiguous)", digest(call("compress", Py_BuildValue("(O)", mvs), NULL)));
    Py_XDECREF(mvs);
    Py_DECREF(mv);
    Py_ssize_t before = Py_REFCNT(text);
    PyObject *t = call("compress", Py_BuildValue("(O)", text), NULL);
    Py_XDECREF(t);
    snprintf(what, sizeof what, "refcount of data after compress: %+zd", Py_REFCNT(text) - before);
    show(what, Py_NewRef(Py_None));

    /* decompress of big outputs and bufsize */
    PyObject *cbig = call("compress", Py_BuildValue("(O)", big), NULL);
    show("decompress(compress(big))", same_as(call("decompress", Py_BuildValue("(O)", cbig), NULL), big));
    show("decompress(compress(big), bufsize=1)",
         same_as(call("decompress", Py_BuildValue("(Oin)", cbig, 15, (Py_ssize_t)1), NULL), big));
    show("decompress(compress(big), bufsize=10**6)",
         same_as(call("decompress", Py_BuildValue("(Oin)", cbig, 15, (Py_ssize_t)1000000), NULL), big));
    PyObject *crnd = call("compress", Py_BuildValue("(O)", rnd), NULL);
    show("compress(random) then decompress", same_as(call("decompress", Py_BuildValue("(O)", crnd), NULL), rnd));

    /* compressobj: strategies, memory levels, methods */
    static const char *strategies[] = {"Z_DEFAULT_STRATEGY", "Z_FILTERED", "Z_HUFFMAN_ONLY", "Z_RLE", "Z_FIXED"};
    for (int s = 0; s < 5; s++) {
        PyObject *sv = PyObject_GetAttrString(zlib, strategies[s]);
        for (int level = 0; level <= 9; level += 3) {
            PyObject *co = call("compressobj", PyTuple_New(0), Py_BuildValue("{s:i,s:O}", "level", level, "strategy", sv));
            PyObject *out = PyBytes_FromStringAndSize("", 0);
            if (append(&out, meth(co, "compress", Py_BuildValue("(O)", text), NULL)) == 0)
                append(&out, meth(co, "flush", PyTuple_New(0), NULL));
            snprintf(what, sizeof what, "compressobj(level=%d, strategy=%s)", level, strategies[s]);
            if (out) {
                PyObject *d = call("decompress", Py_BuildValue("(O)", out), NULL);
                snprintf(what + strlen(what), sizeof what - strlen(what), " round trip");
                show(what, same_as(d, text));
                snprintf(what, sizeof what, "compressobj(level=%d, strategy=%s)", level, strategies[s]);
            }
            show(what, digest(out));
            Py_XDECREF(co);
        }
        Py_DECREF(sv);
    }
    for (int m = 0; m <= 10; m++) {
        PyObject *co = call("compressobj", PyTuple_New(0), Py_BuildValue("{s:i}", "memLevel", m));
        PyObject *out = PyBytes_FromStringAndSize("", 0);
        if (co == NULL) {
            Py_CLEAR(out);
        } else if (append(&out, meth(co, "compress", Py_BuildValue("(O)", text), NULL)) == 0) {
            append(&out, meth(co, "flush", PyTuple_New(0), NULL));
        }
        snprintf(what, sizeof what, "compressobj(memLevel=%d)", m);
        show(what, digest(out));
        Py_XDECREF(co);
    }
    static const int co_bad[][5] = {
        /* level, method, wbits, memLevel, strategy */
        {10, 8, 15, 8, 0}, {-2, 8, 15, 8, 0}, {6, 9, 15, 8, 0}, {6, 0, 15, 8, 0},
        {6, 8, 7, 8, 0}, {6, 8, 8, 8, 0}, {6, 8, -8, 8, 0}, {6, 8, 32, 8, 0},
        {6, 8, 16, 8, 0}, {6, 8, 31, 8, 0}, {6, 8, 15, 8, 5}, {6, 8, 15, 8, -1},
        {6, 8, -15, 1, 4},
    };
    for (size_t i = 0; i < sizeof co_bad / sizeof co_bad[0]; i++) {
        const int *a = co_bad[i];
        snprintf(what, sizeof what, "compressobj(%d, %d, %d, %d, %d)", a[0], a[1], a[2], a[3], a[4]);
        PyObject *co = call("compressobj", Py_BuildValue("(iiiii)", a[0], a[1], a[2], a[3], a[4]), NULL);
        PyObject *out = co ? PyBytes_FromStringAndSize("", 0) : NULL;
        if (co && append(&out, meth(co, "compress", Py_BuildValue("(O)", hello), NULL)) == 0)
            append(&out, meth(co, "flush", PyTuple_New(0), NULL));
        show(what, digest(out));
        Py_XDECREF(co);
    }
    show("compressobj(1, 8, 15, 8, 0, None, 1)",
         call("compressobj", Py_BuildValue("(iiiiiOi)", 1, 8, 15, 8, 0, Py_None, 1), NULL));
    show("compressobj(spam=1)", call("compressobj", PyTuple_New(0), Py_BuildValue("{s:i}", "spam", 1)));
    show("compressobj(level='x')", call("compressobj", PyTuple_New(0), Py_BuildValue("{s:s}", "level", "x")));
    show("compressobj(zdict='abc')", call("compressobj", PyTuple_New(0), Py_BuildValue("{s:s}", "zdict", "abc")));
    show("compressobj(zdict=None)", call("compressobj", PyTuple_New(0), Py_BuildValue("{s:O}", "zdict", Py_None)));
    show("compressobj(zdict=5)", call("compressobj", PyTuple_New(0), Py_BuildValue("{s:i}", "zdict", 5)));

    /* compressobj in pieces with every flush mode */
    static const char *modes[] = {"Z_NO_FLUSH", "Z_PARTIAL_FLUSH", "Z_SYNC_FLUSH", "Z_FULL_FLUSH",
                                  "Z_BLOCK", "Z_TREES", "Z_FINISH"};
    for (int md = 0; md < 7; md++) {
        PyObject *mode = PyObject_GetAttrString(zlib, modes[md]);
        PyObject *co = call("compressobj", Py_BuildValue("(i)", 6), NULL);
        PyObject *out = PyBytes_FromStringAndSize("", 0);
        int ok = 0;
        for (Py_ssize_t off = 0; off < 20000 && ok == 0; off += 5000) {
            PyObject *piece = PyBytes_FromStringAndSize(PyBytes_AS_STRING(text) + off, 5000);
            ok = append(&out, meth(co, "compress", Py_BuildValue("(N)", piece), NULL));
            if (ok == 0) {
                PyObject *f = meth(co, "flush", Py_BuildValue("(O)", mode), NULL);
                snprintf(what, sizeof what, "Compress.flush(%s) after piece %zd", modes[md], off / 5000);
                show(what, digest(f ? Py_NewRef(f) : NULL));
                ok = append(&out, f);
                if (ok < 0)
                    PyErr_Clear();
            }
        }
        if (ok == 0)
            append(&out, meth(co, "flush", PyTuple_New(0), NULL));
        snprintf(what, sizeof what, "compress in pieces with flush(%s)", modes[md]);
        show(what, digest(out ? Py_NewRef(out) : NULL));
        if (out) {
            snprintf(what, sizeof what, "decompress(pieces with flush(%s))", modes[md]);
            show(what, same_as(call("decompress", Py_BuildValue("(O)", out), NULL), text));
        }
        Py_XDECREF(out);
        Py_XDECREF(co);
        Py_DECREF(mode);
    }
    {
        PyObject *co = call("compressobj", PyTuple_New(0), NULL);
        show("Compress.compress(hello)", meth(co, "compress", Py_BuildValue("(O)", hello), NULL));
        show("Compress.flush(99)", meth(co, "flush", Py_BuildValue("(i)", 99), NULL));
        show("Compress.flush(-1)", meth(co, "flush", Py_BuildValue("(i)", -1), NULL));
        show("Compress.flush(Z_SYNC_FLUSH)", meth(co, "flush", Py_BuildValue("(i)", 2), NULL));
        show("Compress.flush(mode=Z_FINISH)", meth(co, "flush", PyTuple_New(0), Py_BuildValue("{s:i}", "mode", 4)));
        show("Compress.flush(4, 5)", meth(co, "flush", Py_BuildValue("(ii)", 4, 5), NULL));
        show("Compress.flush('x')", meth(co, "flush", Py_BuildValue("(s)", "x"), NULL));
        show("Compress.compress()", meth(co, "compress", PyTuple_New(0), NULL));
        show("Compress.compress('abc')", meth(co, "compress", Py_BuildValue("(s)", "abc"), NULL));
        show("Compress.compress(hello, 1)", meth(co, "compress", Py_BuildValue("(Oi)", hello, 1), NULL));
        show("Compress.compress(data=hello)", meth(co, "compress", PyTuple_New(0), Py_BuildValue("{s:O}", "data", hello)));
        show("Compress.flush()", meth(co, "flush", PyTuple_New(0), NULL));
        show("Compress.compress(hello) after flush()", meth(co, "compress", Py_BuildValue("(O)", hello), NULL));
        show("Compress.flush() after flush()", meth(co, "flush", PyTuple_New(0), NULL));
        show("Compress.flush(Z_SYNC_FLUSH) after flush()", meth(co, "flush", Py_BuildValue("(i)", 2), NULL));
        show("Compress.flush(Z_NO_FLUSH) after flush()", meth(co, "flush", Py_BuildValue("(i)", 0), NULL));
        show("Compress.copy() after flush()", meth(co, "copy", PyTuple_New(0), NULL));
        Py_XDECREF(co);
    }

    /* copies of a compressor */
    {
        PyObject *co = call("compressobj", Py_BuildValue("(i)", 9), NULL);
        PyObject *a = meth(co, "compress", Py_BuildValue("(O)", text), NULL);
        PyObject *cp = meth(co, "copy", PyTuple_New(0), NULL);
        PyObject *cp2 = meth(co, "__copy__", PyTuple_New(0), NULL);
        PyObject *memo = PyDict_New();
        PyObject *cp3 = meth(co, "__deepcopy__", Py_BuildValue("(O)", memo), NULL);
        show("type(Compress.copy())", cp ? Py_NewRef((PyObject *)Py_TYPE(cp)) : NULL);
        show("Compress.copy() is not the original", PyBool_FromLong(cp != co));
        PyObject *tails[4] = {co, cp, cp2, cp3};
        const char *tn[4] = {"original", "copy()", "__copy__()", "__deepcopy__({})"};
        PyObject *results[4];
        for (int i = 0; i < 4; i++) {
            PyObject *out = a ? PyBytes_FromStringAndSize(PyBytes_AS_STRING(a), PyBytes_GET_SIZE(a)) : NULL;
            PyObject *extra = i == 0 ? hello : text;
            if (append(&out, meth(tails[i], "compress", Py_BuildValue("(O)", extra), NULL)) == 0)
                append(&out, meth(tails[i], "flush", PyTuple_New(0), NULL));
            results[i] = out;
            snprintf(what, sizeof what, "compressor %s continued", tn[i]);
            show(what, digest(out ? Py_NewRef(out) : NULL));
        }
        PyObject *tt = PySequence_Concat(text, text);
        PyObject *th = PySequence_Concat(text, hello);
        show("original decompresses to text + hello",
             results[0] ? same_as(call("decompress", Py_BuildValue("(O)", results[0]), NULL), th) : NULL);
        show("copy decompresses to text + text",
             results[1] ? same_as(call("decompress", Py_BuildValue("(O)", results[1]), NULL), tt) : NULL);
        for (int i = 0; i < 4; i++)
            Py_XDECREF(results[i]);
        Py_DECREF(tt);
        Py_DECREF(th);
        show("Compress.copy(1)", meth(co, "copy", Py_BuildValue("(i)", 1), NULL));
        show("Compress.copy(x=1)", meth(co, "copy", PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)));
        show("Compress.__deepcopy__()", meth(co, "__deepcopy__", PyTuple_New(0), NULL));
        show("Compress.__deepcopy__(1, 2)", meth(co, "__deepcopy__", Py_BuildValue("(ii)", 1, 2), NULL));
        show("Compress.__copy__(1)", meth(co, "__copy__", Py_BuildValue("(i)", 1), NULL));
        Py_XDECREF(a);
        Py_XDECREF(memo);
        Py_XDECREF(cp);
        Py_XDECREF(cp2);
        Py_XDECREF(cp3);
        Py_XDECREF(co);
    }

    /* preset dictionaries */
    PyObject *zdict = PyBytes_FromString("the quick brown fox jumps over the lazy dog zlib deflate 1234");
    PyObject *wrongdict = PyBytes_FromString("something else entirely, not the dictionary");
    static const int zd_wbits[] = {15, -15, 31};
    for (int i = 0; i < 3; i++) {
        int w = zd_wbits[i];
        PyObject *co = call("compressobj", PyTuple_New(0), Py_BuildValue("{s:i,s:O}", "wbits", w, "zdict", zdict));
        PyObject *out = co ? PyBytes_FromStringAndSize("", 0) : NULL;
        if (co && append(&out, meth(co, "compress", Py_BuildValue("(O)", text), NULL)) == 0)
            append(&out, meth(co, "flush", PyTuple_New(0), NULL));
        snprintf(what, sizeof what, "compressobj(wbits=%d, zdict=...) output", w);
        show(what, digest(out ? Py_NewRef(out) : NULL));
        Py_XDECREF(co);
        if (out == NULL)
            continue;
        PyObject *dicts[3] = {zdict, wrongdict, NULL};
        const char *dn[3] = {"zdict", "wrong zdict", "no zdict"};
        for (int j = 0; j < 3; j++) {
            PyObject *dobj = dicts[j] ? call("decompressobj", PyTuple_New(0), Py_BuildValue("{s:i,s:O}", "wbits", w, "zdict", dicts[j]))
                                      : call("decompressobj", Py_BuildValue("(i)", w), NULL);
            snprintf(what, sizeof what, "decompressobj(wbits=%d, %s).decompress", w, dn[j]);
            show(what, same_as(meth(dobj, "decompress", Py_BuildValue("(O)", out), NULL), text));
            Py_XDECREF(dobj);
        }
        snprintf(what, sizeof what, "decompress(zdict stream, wbits=%d)", w);
        show(what, digest(call("decompress", Py_BuildValue("(Oi)", out, w), NULL)));
        Py_DECREF(out);
    }
    {
        PyObject *zba = PyByteArray_FromObject(zdict);
        PyObject *co = call("compressobj", PyTuple_New(0), Py_BuildValue("{s:O}", "zdict", zba));
        PyObject *out = co ? PyBytes_FromStringAndSize("", 0) : NULL;
        if (co && append(&out, meth(co, "compress", Py_BuildValue("(O)", hello), NULL)) == 0)
            append(&out, meth(co, "flush", PyTuple_New(0), NULL));
        show("compressobj(zdict=bytearray)", digest(out ? Py_NewRef(out) : NULL));
        PyObject *zmv = PyMemoryView_FromObject(zba);
        PyObject *dobj = call("decompressobj", PyTuple_New(0), Py_BuildValue("{s:O}", "zdict", zmv));
        show("decompressobj(zdict=memoryview).decompress", same_as(meth(dobj, "decompress", Py_BuildValue("(O)", out), NULL), hello));
        Py_XDECREF(dobj);
        dobj = call("decompressobj", PyTuple_New(0), Py_BuildValue("{s:O}", "zdict", empty));
        show("decompressobj(zdict=b'').decompress(zdict stream)", meth(dobj, "decompress", Py_BuildValue("(O)", out), NULL));
        Py_XDECREF(dobj);
        Py_XDECREF(zmv);
        Py_XDECREF(out);
        Py_XDECREF(co);
        Py_DECREF(zba);
        PyObject *made = call("compressobj", PyTuple_New(0), Py_BuildValue("{s:O}", "zdict", empty));
        show("compressobj(zdict=b'') then flush()", digest(meth(made, "flush", PyTuple_New(0), NULL)));
        Py_XDECREF(made);
        show("decompressobj(zdict='abc')", call("decompressobj", PyTuple_New(0), Py_BuildValue("{s:s}", "zdict", "abc")));
        show("decompressobj(zdict=None)", call("decompressobj", PyTuple_New(0), Py_BuildValue("{s:O}", "zdict", Py_None)));
        show("decompressobj(-15, 'abc')", call("decompressobj", Py_BuildValue("(is)", -15, "abc"), NULL));
    }

    /* decompressobj: streaming with small max_length */
    PyObject *ctext = call("compress", Py_BuildValue("(O)", text), NULL);
    static const Py_ssize_t maxes[] = {1, 7, 100, 1000, 4096, 32768, 40000};
    for (size_t i = 0; i < sizeof maxes / sizeof maxes[0]; i++) {
        PyObject *d = call("decompressobj", PyTuple_New(0), NULL);
        PyObject *out = PyBytes_FromStringAndSize("", 0);
        PyObject *in = Py_NewRef(ctext);
        int calls = 0;
        Py_ssize_t tail_sum = 0;
        while (out && calls < 100000) {
            PyObject *r = meth(d, "decompress", Py_BuildValue("(On)", in, maxes[i]), NULL);
            calls++;
            if (r == NULL || append(&out, r) < 0)
                break;
            Py_DECREF(in);
            in = PyObject_GetAttrString(d, "unconsumed_tail");
            tail_sum += PyBytes_GET_SIZE(in);
            if (PyBytes_GET_SIZE(in) == 0)
                break;
        }
        PyObject *eof = PyObject_GetAttrString(d, "eof");
        snprintf(what, sizeof what, "decompressobj max_length=%zd: %d calls, tails %zd, eof %s", maxes[i], calls, tail_sum,
                 eof == Py_True ? "True" : "False");
        show(what, same_as(out, text));
        Py_XDECREF(eof);
        Py_XDECREF(in);
        Py_XDECREF(d);
    }
    {
        /* one byte at a time, with trailing data */
        PyObject *d = call("decompressobj", PyTuple_New(0), NULL);
        PyObject *withtail = PySequence_Concat(ctext, hello);
        PyObject *out = PyBytes_FromStringAndSize("", 0);
        Py_ssize_t n = PyBytes_GET_SIZE(withtail);
        int eof_at = -1;
        for (Py_ssize_t i = 0; i < n && out; i++) {
            PyObject *r = meth(d, "decompress", Py_BuildValue("(y#)", PyBytes_AS_STRING(withtail) + i, (Py_ssize_t)1), NULL);
            if (append(&out, r) < 0)
                break;
            PyObject *eof = PyObject_GetAttrString(d, "eof");
            if (eof == Py_True && eof_at < 0)
                eof_at = (int)i;
            Py_XDECREF(eof);
        }
        snprintf(what, sizeof what, "decompressobj byte by byte (eof at byte %d of %zd)", eof_at, n);
        show(what, same_as(out, text));
        show("  unused_data", PyObject_GetAttrString(d, "unused_data"));
        show("  unconsumed_tail", PyObject_GetAttrString(d, "unconsumed_tail"));
        show("  flush()", meth(d, "flush", PyTuple_New(0), NULL));
        show("  eof", PyObject_GetAttrString(d, "eof"));
        show("  decompress(b'more') after flush", meth(d, "decompress", Py_BuildValue("(y)", "more"), NULL));
        show("  copy() after flush", meth(d, "copy", PyTuple_New(0), NULL));
        show("  flush() again", meth(d, "flush", PyTuple_New(0), NULL));
        Py_DECREF(withtail);
        Py_XDECREF(d);
    }
    {
        /* data after the end, in two calls, before any flush */
        PyObject *d = call("decompressobj", PyTuple_New(0), NULL);
        PyObject *withtail = PySequence_Concat(ctext, hello);
        show("decompress(stream + tail)", same_as(meth(d, "decompress", Py_BuildValue("(O)", withtail), NULL), text));
        show("  unused_data", PyObject_GetAttrString(d, "unused_data"));
        show("  decompress(b'more')", meth(d, "decompress", Py_BuildValue("(y)", "more"), NULL));
        show("  unused_data after more", PyObject_GetAttrString(d, "unused_data"));
        show("  eof", PyObject_GetAttrString(d, "eof"));
        PyObject *cp = meth(d, "copy", PyTuple_New(0), NULL);
        show("  copy().unused_data", cp ? PyObject_GetAttrString(cp, "unused_data") : NULL);
        Py_XDECREF(cp);
        Py_DECREF(withtail);
        Py_XDECREF(d);
    }
    {
        /* max_length stop, then flush finishes */
        PyObject *d = call("decompressobj", PyTuple_New(0), NULL);
        PyObject *first = meth(d, "decompress", Py_BuildValue("(On)", ctext, (Py_ssize_t)100), NULL);
        show("decompress(ctext, 100)", digest(first));
        show("  unconsumed_tail", digest(PyObject_GetAttrString(d, "unconsumed_tail")));
        PyObject *cp = meth(d, "copy", PyTuple_New(0), NULL);
        show("  flush()", digest(meth(d, "flush", PyTuple_New(0), NULL)));
        show("  eof after flush", PyObject_GetAttrString(d, "eof"));
        show("  unconsumed_tail after flush", PyObject_GetAttrString(d, "unconsumed_tail"));
        show("  copy's flush(1)", digest(meth(cp, "flush", Py_BuildValue("(i)", 1), NULL)));
        show("  copy's eof", PyObject_GetAttrString(cp, "eof"));
        Py_XDECREF(cp);
        Py_XDECREF(d);
        d = call("decompressobj", PyTuple_New(0), NULL);
        show("decompress(ctext, max_length=10)", meth(d, "decompress", Py_BuildValue("(O)", ctext), Py_BuildValue("{s:i}", "max_length", 10)));
        show("decompress(ctext, -1)", meth(d, "decompress", Py_BuildValue("(Oi)", ctext, -1), NULL));
        show("decompress(ctext, 'x')", meth(d, "decompress", Py_BuildValue("(Os)", ctext, "x"), NULL));
        show("decompress(ctext, 1, 2)", meth(d, "decompress", Py_BuildValue("(Oii)", ctext, 1, 2), NULL));
        show("decompress()", meth(d, "decompress", PyTuple_New(0), NULL));
        show("decompress('abc')", meth(d, "decompress", Py_BuildValue("(s)", "abc"), NULL));
        show("flush(0)", meth(d, "flush", Py_BuildValue("(i)", 0), NULL));
        show("flush(-5)", meth(d, "flush", Py_BuildValue("(i)", -5), NULL));
        show("flush(length=5)", meth(d, "flush", PyTuple_New(0), Py_BuildValue("{s:i}", "length", 5)));
        show("flush(1, 2)", meth(d, "flush", Py_BuildValue("(ii)", 1, 2), NULL));
        show("flush('x')", meth(d, "flush", Py_BuildValue("(s)", "x"), NULL));
        show("copy(1)", meth(d, "copy", Py_BuildValue("(i)", 1), NULL));
        show("__deepcopy__()", meth(d, "__deepcopy__", PyTuple_New(0), NULL));
        PyObject *dc = meth(d, "__deepcopy__", Py_BuildValue("(O)", Py_None), NULL);
        show("type(__deepcopy__(None))", dc ? Py_NewRef((PyObject *)Py_TYPE(dc)) : NULL);
        Py_XDECREF(dc);
        dc = meth(d, "__copy__", PyTuple_New(0), NULL);
        show("__copy__().decompress(ctext)", digest(meth(dc, "decompress", Py_BuildValue("(O)", ctext), NULL)));
        Py_XDECREF(dc);
        show("decompress(ctext) after max_length stop", digest(meth(d, "decompress", Py_BuildValue("(O)", ctext), NULL)));
        Py_XDECREF(d);
    }

    /* corrupted and truncated streams */
    {
        Py_ssize_t n = PyBytes_GET_SIZE(ctext);
        PyObject *trunc = PyBytes_FromStringAndSize(PyBytes_AS_STRING(ctext), n / 2);
        PyObject *noadler = PyBytes_FromStringAndSize(PyBytes_AS_STRING(ctext), n - 4);
        PyObject *badcheck = PyBytes_FromStringAndSize(PyBytes_AS_STRING(ctext), n);
        PyBytes_AS_STRING(badcheck)[n - 1] ^= 1;
        PyObject *badbody = PyBytes_FromStringAndSize(PyBytes_AS_STRING(ctext), n);
        for (Py_ssize_t i = 10; i < 60; i++)
            PyBytes_AS_STRING(badbody)[i] = (char)0xff;
        PyObject *badhead = PyBytes_FromStringAndSize(PyBytes_AS_STRING(ctext), n);
        PyBytes_AS_STRING(badhead)[1] ^= 1;
        PyObject *streams[] = {trunc, noadler, badcheck, badbody, badhead, empty};
        const char *sn[] = {"truncated half", "missing adler", "bad adler", "garbage body", "bad header", "empty"};
        for (int i = 0; i < 6; i++) {
            snprintf(what, sizeof what, "decompress(%s)", sn[i]);
            show(what, digest(call("decompress", Py_BuildValue("(O)", streams[i]), NULL)));
            PyObject *d = call("decompressobj", PyTuple_New(0), NULL);
            snprintf(what, sizeof what, "decompressobj().decompress(%s)", sn[i]);
            show(what, digest(meth(d, "decompress", Py_BuildValue("(O)", streams[i]), NULL)));
            snprintf(what, sizeof what, "  then eof, flush(), eof");
            PyObject *eof = PyObject_GetAttrString(d, "eof");
            PyObject *f = meth(d, "flush", PyTuple_New(0), NULL);
            PyObject *eof2 = PyObject_GetAttrString(d, "eof");
            show(what, f ? Py_BuildValue("(OOO)", eof, digest(Py_NewRef(f)), eof2) : NULL);
            Py_XDECREF(f);
            Py_XDECREF(eof);
            Py_XDECREF(eof2);
            snprintf(what, sizeof what, "  then decompress(b'x')");
            show(what, digest(meth(d, "decompress", Py_BuildValue("(y)", "x"), NULL)));
            Py_XDECREF(d);
            snprintf(what, sizeof what, "decompressobj().decompress(%s, 50)", sn[i]);
            d = call("decompressobj", PyTuple_New(0), NULL);
            show(what, digest(meth(d, "decompress", Py_BuildValue("(Oi)", streams[i], 50), NULL)));
            show("  unconsumed_tail", digest(PyObject_GetAttrString(d, "unconsumed_tail")));
            Py_XDECREF(d);
        }
        Py_DECREF(trunc);
        Py_DECREF(noadler);
        Py_DECREF(badcheck);
        Py_DECREF(badbody);
        Py_DECREF(badhead);
    }

    /* decompressobj wbits forms and errors */
    static const int dwbits[] = {0, 9, 15, -15, -9, 31, 47, 8, -8, 7, 16, 48, 99, -99};
    for (size_t i = 0; i < sizeof dwbits / sizeof dwbits[0]; i++) {
        snprintf(what, sizeof what, "decompressobj(%d).decompress(compress(text))", dwbits[i]);
        PyObject *d = call("decompressobj", Py_BuildValue("(i)", dwbits[i]), NULL);
        show(what, d ? digest(meth(d, "decompress", Py_BuildValue("(O)", ctext), NULL)) : NULL);
        Py_XDECREF(d);
    }
    show("decompressobj(wbits='x')", call("decompressobj", PyTuple_New(0), Py_BuildValue("{s:s}", "wbits", "x")));
    show("decompressobj(1, 2, 3)", call("decompressobj", Py_BuildValue("(iii)", 1, 2, 3), NULL));
    show("decompressobj(spam=1)", call("decompressobj", PyTuple_New(0), Py_BuildValue("{s:i}", "spam", 1)));

    /* the types */
    {
        PyObject *co = call("compressobj", PyTuple_New(0), NULL);
        PyObject *d = call("decompressobj", PyTuple_New(0), NULL);
        PyObject *ct = (PyObject *)Py_TYPE(co), *dt = (PyObject *)Py_TYPE(d);
        show("type(compressobj())", Py_NewRef(ct));
        show("type(decompressobj())", Py_NewRef(dt));
        show("Compress.__name__", PyObject_GetAttrString(ct, "__name__"));
        show("Compress.__module__", PyObject_GetAttrString(ct, "__module__"));
        show("Decompress.__qualname__", PyObject_GetAttrString(dt, "__qualname__"));
        show("Compress()", PyObject_CallNoArgs(ct));
        show("Decompress()", PyObject_CallNoArgs(dt));
        show("zlib.Compress", PyObject_GetAttrString(zlib, "Compress"));
        show("decompressobj().eof", PyObject_GetAttrString(d, "eof"));
        show("decompressobj().unused_data", PyObject_GetAttrString(d, "unused_data"));
        show("decompressobj().unconsumed_tail", PyObject_GetAttrString(d, "unconsumed_tail"));
        show("setattr(d, 'eof', True)", PyObject_SetAttrString(d, "eof", Py_True) < 0 ? NULL : Py_NewRef(Py_None));
        show("setattr(d, 'unused_data', b'')", PyObject_SetAttrString(d, "unused_data", empty) < 0 ? NULL : Py_NewRef(Py_None));
        show("setattr(d, 'spam', 1)", PyObject_SetAttrString(d, "spam", Py_True) < 0 ? NULL : Py_NewRef(Py_None));
        show("compressobj().unused_data", PyObject_GetAttrString(co, "unused_data"));
        show("Compress.compress(decompressobj(), b'')",
             PyObject_CallMethod(ct, "compress", "OO", d, empty));
        Py_ssize_t rc = Py_REFCNT(hello);
        PyObject *r = meth(co, "compress", Py_BuildValue("(O)", hello), NULL);
        Py_XDECREF(r);
        r = meth(d, "decompress", Py_BuildValue("(O)", hello), NULL);
        Py_XDECREF(r);
        PyErr_Clear();
        snprintf(what, sizeof what, "refcount of data after Compress/Decompress calls: %+zd", Py_REFCNT(hello) - rc);
        show(what, Py_NewRef(Py_None));
        Py_XDECREF(co);
        Py_XDECREF(d);
    }

    /* checksums of empty buffers continue from the value given */
    {
        PyObject *eba = PyByteArray_FromStringAndSize(NULL, 0);
        PyObject *emv = PyMemoryView_FromObject(empty);
        show("crc32(bytearray(), 12345)", call("crc32", Py_BuildValue("(Oi)", eba, 12345), NULL));
        show("adler32(bytearray(), 12345)", call("adler32", Py_BuildValue("(Oi)", eba, 12345), NULL));
        show("crc32(memoryview(b''), 7)", call("crc32", Py_BuildValue("(Oi)", emv, 7), NULL));
        show("adler32(memoryview(b''), 7)", call("adler32", Py_BuildValue("(Oi)", emv, 7), NULL));
        show("crc32(big text)", call("crc32", Py_BuildValue("(O)", big), NULL));
        show("adler32(big text, 99)", call("adler32", Py_BuildValue("(Oi)", big, 99), NULL));
        show("compress(bytearray())", call("compress", Py_BuildValue("(O)", eba), NULL));
        PyObject *d = call("decompressobj", PyTuple_New(0), NULL);
        show("decompressobj().decompress(bytearray())", meth(d, "decompress", Py_BuildValue("(O)", eba), NULL));
        Py_XDECREF(d);
        Py_DECREF(emv);
        Py_DECREF(eba);
    }

    /* one compressor shared by two threads */
    {
        shared_co = call("compressobj", PyTuple_New(0), NULL);
        shared_chunk = PyBytes_FromStringAndSize(PyBytes_AS_STRING(text), 1000);
        pieces = PyList_New(0);
        thread_big = big;
        thread_big_c = cbig;
        int started = 0;
        for (int i = 0; i < 2; i++) {
            thread_done[i] = PyThread_allocate_lock();
            PyThread_acquire_lock(thread_done[i], WAIT_LOCK);
            if (PyThread_start_new_thread(worker, (void *)(Py_intptr_t)i) != (unsigned long)-1)
                started++;
        }
        Py_BEGIN_ALLOW_THREADS
        for (int i = 0; i < started; i++)
            PyThread_acquire_lock(thread_done[i], WAIT_LOCK);
        Py_END_ALLOW_THREADS
        snprintf(what, sizeof what, "two threads: started %d, errors %d/%d, one-shot compress same %d/%d", started,
                 thread_errors[0], thread_errors[1], thread_big_same[0], thread_big_same[1]);
        PyObject *sep = PyBytes_FromStringAndSize("", 0);
        PyObject *joined = _PyBytes_Join(sep, pieces);
        if (append(&joined, meth(shared_co, "flush", PyTuple_New(0), NULL)) == 0) {
            PyObject *expect = PySequence_Repeat(shared_chunk, 100);
            show(what, same_as(call("decompress", Py_BuildValue("(O)", joined), NULL), expect));
            Py_DECREF(expect);
        } else {
            show(what, NULL);
        }
        Py_XDECREF(joined);
        Py_DECREF(sep);
        for (int i = 0; i < 2; i++)
            PyThread_free_lock(thread_done[i]);
        Py_CLEAR(pieces);
        Py_CLEAR(shared_chunk);
        Py_CLEAR(shared_co);
    }

    /* constants */
    static const char *consts[] = {"MAX_WBITS", "DEFLATED", "DEF_MEM_LEVEL", "DEF_BUF_SIZE",
                                   "Z_NO_COMPRESSION", "Z_BEST_SPEED", "Z_BEST_COMPRESSION",
                                   "Z_DEFAULT_COMPRESSION", "Z_FILTERED", "Z_HUFFMAN_ONLY", "Z_RLE",
                                   "Z_FIXED", "Z_DEFAULT_STRATEGY", "Z_NO_FLUSH", "Z_PARTIAL_FLUSH",
                                   "Z_SYNC_FLUSH", "Z_FULL_FLUSH", "Z_FINISH", "Z_BLOCK", "Z_TREES"};
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) {
        snprintf(what, sizeof what, "zlib.%s", consts[i]);
        show(what, PyObject_GetAttrString(zlib, consts[i]));
    }
    /* The versions differ between CPython's system zlib and ours: only
       their presence and type. */
    static const char *versions[] = {"ZLIB_VERSION", "ZLIB_RUNTIME_VERSION"};
    for (int i = 0; i < 2; i++) {
        PyObject *v = PyObject_GetAttrString(zlib, versions[i]);
        snprintf(what, sizeof what, "zlib.%s is a str starting '1.'", versions[i]);
        show(what, v ? PyBool_FromLong(PyUnicode_Check(v) && PyUnicode_READ_CHAR(v, 0) == '1' && PyUnicode_READ_CHAR(v, 1) == '.') : NULL);
        Py_XDECREF(v);
    }
    PyObject *names = PyObject_Dir(zlib);
    PyObject *pub = PyList_New(0);
    for (Py_ssize_t i = 0; names && i < PyList_GET_SIZE(names); i++) {
        PyObject *nm = PyList_GET_ITEM(names, i);
        if (PyUnicode_READ_CHAR(nm, 0) != '_')
            PyList_Append(pub, nm);
    }
    show("public names of zlib", pub);
    Py_XDECREF(names);

    Py_XDECREF(ctext);
    Py_XDECREF(cbig);
    Py_XDECREF(crnd);
    Py_XDECREF(zdict);
    Py_XDECREF(wrongdict);
    Py_XDECREF(arr);
    Py_XDECREF(arraymod);
    Py_DECREF(ba);
    Py_DECREF(text);
    Py_DECREF(rnd);
    Py_DECREF(big);
    Py_DECREF(hello);
    Py_DECREF(empty);
    Py_DECREF(zlib);
    return 0;
}
