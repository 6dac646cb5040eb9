/* metrohash 0.4.1's `metrohash`: a Cython 3.1.4 module (C++, the .cpp the
 * sdist ships) over J. Andrew Rogers' MetroHash64/128. Its functions take
 * `data` as an untyped object and read it themselves: a str through
 * PyUnicode_AsUTF8AndSize, anything else through PyObject_CheckBuffer /
 * PyObject_GetBuffer(PyBUF_SIMPLE) and PyBuffer_Release, writing the hash
 * into a fresh bytearray and returning bytes (or its hex / int, 128-bit
 * ints built from two words); uint64 seeds with Cython's overflow errors;
 * `cdef class`es MetroHash64 / MetroHash128 owning a C++ object from
 * `__cinit__` to `__dealloc__`, with reset / update / digest / hexdigest /
 * intdigest.
 *
 * Vectors: the README's examples (hash64_int("abc") and hash128_int("abc"),
 * the incremental "Nobody inspects" / " the spammish repetition" digest
 * equal to the one-shot one); other results are compared line by line
 * with CPython's.
 */
#include "corpus.h"

/* The module's attributes, looked up once (borrowed references, released
   at the end). */
static struct {
    const char *name;
    PyObject *obj;
} attrs[16];

static PyObject *attr_cached(PyObject *module, const char *name)
{
    size_t i = 0;
    for (; i < sizeof attrs / sizeof attrs[0] && attrs[i].name; i++)
        if (strcmp(attrs[i].name, name) == 0)
            return attrs[i].obj;
    if (i == sizeof attrs / sizeof attrs[0])
        bail("too many attributes");
    attrs[i].name = name;
    attrs[i].obj = attr(module, name);
    return attrs[i].obj;
}

static void attr_cache_clear(void)
{
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0] && attrs[i].name; i++)
        Py_CLEAR(attrs[i].obj);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    char what[160];
    /* Types this library readies on first use (CPython at start-up) keep
       references to None in their dicts from then on (NoneType's own,
       when the TypeError message reads type(None).__name__): one lookup
       first, so that the first vector passing None is not charged. */
    PyObject_HasAttrString((PyObject *)Py_TYPE(Py_None), "__pybuffer_warm_up__");
    expect_int(call(attr_cached(module, "hash64_int"), NULL, "(s)", "abc"), "17099979927131455419",
               "hash64_int('abc')");
    expect_int(call(attr_cached(module, "hash64_int"), kw_dict("{s:i}", "seed", 0), "(s)", "abc"),
               "17099979927131455419", "hash64_int('abc', seed=0)");
    expect_int(call(attr_cached(module, "hash128_int"), NULL, "(s)", "abc"),
               "182995299641628952910564950850867298725", "hash128_int('abc')");
    expect_int(call(attr_cached(module, "hash64_int"), NULL, "(y)", "abc"), "17099979927131455419",
               "hash64_int(b'abc') (the same bytes as the str's UTF-8)");

    const char *funcs[] = {"hash64", "hash128", "hash64_hex", "hash128_hex", "hash64_int", "hash128_int"};
    for (size_t i = 0; i < sizeof funcs / sizeof funcs[0]; i++) {
        PyObject *f = attr_cached(module, funcs[i]);
        snprintf(what, sizeof what, "%s(b'')", funcs[i]);
        record(call(f, NULL, "(y)", ""), what);
        snprintf(what, sizeof what, "%s('h\\u00e9llo w\\u00f6rld')", funcs[i]);
        record(call(f, NULL, "(s)", "h\xc3\xa9llo w\xc3\xb6rld"), what);
        snprintf(what, sizeof what, "%s(b'abc', 2**64 - 1)", funcs[i]);
        record(call(f, NULL, "(yK)", "abc", 0xffffffffffffffffULL), what);
        PyObject *ba = PyByteArray_FromStringAndSize("bytearray data", 14);
        snprintf(what, sizeof what, "%s(bytearray(...), seed=42)", funcs[i]);
        record(call(f, kw_dict("{s:i}", "seed", 42), "(O)", ba), what);
        PyObject *mv = PyMemoryView_FromObject(ba);
        snprintf(what, sizeof what, "%s(memoryview(bytearray))", funcs[i]);
        record(call(f, NULL, "(O)", mv), what);
        PyObject *two = PyLong_FromLong(2);
        PyObject *step = PySlice_New(NULL, NULL, two);
        PyObject *strided = PyObject_GetItem(mv, step);
        snprintf(what, sizeof what, "%s(memoryview[::2]) (not contiguous)", funcs[i]);
        record(call(f, NULL, "(O)", strided), what);
        Py_DECREF(strided);
        Py_DECREF(step);
        Py_DECREF(two);
        Py_DECREF(mv);
        Py_DECREF(ba);
        snprintf(what, sizeof what, "%s(12)", funcs[i]);
        record(call(f, NULL, "(i)", 12), what);
        snprintf(what, sizeof what, "%s(None)", funcs[i]);
        record(call(f, NULL, "(O)", Py_None), what);
        snprintf(what, sizeof what, "%s(b'x', -1)", funcs[i]);
        record(call(f, NULL, "(yi)", "x", -1), what);
        snprintf(what, sizeof what, "%s(b'x', 2**64)", funcs[i]);
        record(call(f, NULL, "(yN)", "x", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(64))), what);
        snprintf(what, sizeof what, "%s(b'x', '1')", funcs[i]);
        record(call(f, NULL, "(ys)", "x", "1"), what);
        snprintf(what, sizeof what, "%s()", funcs[i]);
        record(call(f, NULL, "()"), what);
        snprintf(what, sizeof what, "%s(b'x', 1, 2)", funcs[i]);
        record(call(f, NULL, "(yii)", "x", 1, 2), what);
        snprintf(what, sizeof what, "%s(data=b'x', seed=3)", funcs[i]);
        record(call(f, kw_dict("{s:y,s:i}", "data", "x", "seed", 3), "()"), what);
        snprintf(what, sizeof what, "%s(b'x', sed=3)", funcs[i]);
        record(call(f, kw_dict("{s:i}", "sed", 3), "(y)", "x"), what);
    }
    PyObject *big = PyBytes_FromStringAndSize(NULL, 100000);
    for (int i = 0; i < 100000; i++)
        PyBytes_AS_STRING(big)[i] = (char)(i ^ (i >> 7));
    record(call(attr_cached(module, "hash64_hex"), NULL, "(O)", big), "hash64_hex(100000 bytes)");
    record(call(attr_cached(module, "hash128_hex"), NULL, "(O)", big), "hash128_hex(100000 bytes)");

    const char *classes[] = {"MetroHash64", "MetroHash128"};
    for (int k = 0; k < 2; k++) {
        PyObject *cls = attr_cached(module, classes[k]);
        snprintf(what, sizeof what, "%s()", classes[k]);
        PyObject *h = keep(call(cls, NULL, "()"), what);
        snprintf(what, sizeof what, "%s.update('Nobody inspects')", classes[k]);
        record(call_attr(h, "update", NULL, "(s)", "Nobody inspects"), what);
        snprintf(what, sizeof what, "%s.update(' the spammish repetition')", classes[k]);
        record(call_attr(h, "update", NULL, "(s)", " the spammish repetition"), what);
        snprintf(what, sizeof what, "%s.intdigest() (README: 7851180100622203313 for 64)", classes[k]);
        record(call_attr(h, "intdigest", NULL, "()"), what);
        snprintf(what, sizeof what, "%s.hexdigest()", classes[k]);
        record(call_attr(h, "hexdigest", NULL, "()"), what);
        snprintf(what, sizeof what, "%s.digest()", classes[k]);
        record(call_attr(h, "digest", NULL, "()"), what);
        snprintf(what, sizeof what, "%s.update(100000 bytes)", classes[k]);
        record(call_attr(h, "update", NULL, "(O)", big), what);
        snprintf(what, sizeof what, "%s.intdigest() after more", classes[k]);
        record(call_attr(h, "intdigest", NULL, "()"), what);
        snprintf(what, sizeof what, "%s.reset(7)", classes[k]);
        record(call_attr(h, "reset", NULL, "(i)", 7), what);
        snprintf(what, sizeof what, "%s.intdigest() after reset(7)", classes[k]);
        record(call_attr(h, "intdigest", NULL, "()"), what);
        snprintf(what, sizeof what, "%s.reset(-1)", classes[k]);
        record(call_attr(h, "reset", NULL, "(i)", -1), what);
        snprintf(what, sizeof what, "%s.update(3.5)", classes[k]);
        record(call_attr(h, "update", NULL, "(d)", 3.5), what);
        snprintf(what, sizeof what, "%s.update()", classes[k]);
        record(call_attr(h, "update", NULL, "()"), what);
        Py_DECREF(h);
        snprintf(what, sizeof what, "%s(seed=99).hexdigest()", classes[k]);
        h = keep(call(cls, kw_dict("{s:i}", "seed", 99), "()"), what);
        record(call_attr(h, "hexdigest", NULL, "()"), what);
        Py_DECREF(h);
        snprintf(what, sizeof what, "%s(1, 2)", classes[k]);
        record(call(cls, NULL, "(ii)", 1, 2), what);
        snprintf(what, sizeof what, "%s(-5)", classes[k]);
        record(call(cls, NULL, "(i)", -5), what);
    }
    Py_DECREF(big);
    PyObject *names = PyObject_Dir(module);
    record_value(names, "dir(metrohash)");
    Py_DECREF(names);
    attr_cache_clear();
}

CORPUS_MAIN("metrohash", run)
