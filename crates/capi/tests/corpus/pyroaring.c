/* pyroaring 1.2.0: CRoaring's compressed bitmaps behind Cython 3.1 C++
 * (cythonized from its .pyx, roaring.c compiled as C11 as setup.py's
 * separate library). cdef classes with `__cinit__` keyword arguments,
 * subclasses of a common base (BitMap, FrozenBitMap, BitMap64,
 * FrozenBitMap64), rich comparisons and set operators typed to the base
 * class, `uint32_t` / `uint64_t` conversions with Cython's OverflowErrors,
 * typed memoryviews over `array.array` (`cimport cpython.array`, which reads
 * the array object's struct: `to_array()` builds one and fills it through
 * `unsigned[:]`), construction from a range through `range.__reduce__()`,
 * `const unsigned char[:]` deserialisation of bytes, slicing,
 * `__getstate__` / `__setstate__`, hashing of frozen bitmaps, iterators.
 *
 * Vectors: the README's example, then operations recorded against
 * CPython's (the sdist ships no tests).
 */
#include "corpus.h"

static PyObject *BitMap, *FrozenBitMap, *BitMap64, *FrozenBitMap64;

/* A new bitmap of `cls` from a Python expression's value. */
static PyObject *make(PyObject *cls, PyObject *values, const char *what)
{
    PyObject *r = keep(call(cls, NULL, "(O)", values), what);
    if (r == NULL)
        bail("cannot make %s", what);
    return r;
}

static PyObject *range(long long start, long long stop, long long step)
{
    PyObject *r = PyObject_CallFunction((PyObject *)&PyRange_Type, "LLL", start, stop, step);
    if (r == NULL)
        bail("range() failed");
    return r;
}

/* Checks a value no call produced (it is consumed) against `text`. */
static void expect_text(PyObject *value, const char *text, const char *what)
{
    const char *got = value != NULL && PyUnicode_Check(value) ? PyUnicode_AsUTF8(value) : NULL;
    if (got == NULL)
        diag("no str; ");
    else if (strcmp(got, text) != 0)
        diag("got %s; ", got);
    PyErr_Clear();
    tap(got != NULL && strcmp(got, text) == 0, what);
    Py_XDECREF(value);
}

static void readme(void)
{
    PyObject *bm1 = keep(call(BitMap, NULL, "()"), "BitMap()");
    record(call_attr(bm1, "add", NULL, "(i)", 3), "bm1.add(3)");
    record(call_attr(bm1, "add", NULL, "(i)", 18), "bm1.add(18)");
    expect_true(PySequence_Contains(bm1, PyLong_FromLong(3)) == 1, "has 3: True");
    expect_true(PySequence_Contains(bm1, PyLong_FromLong(4)) == 0, "has 4: False");
    PyObject *l = Py_BuildValue("[iii]", 3, 27, 42);
    PyObject *bm2 = make(BitMap, l, "BitMap([3, 27, 42])");
    expect_text(PyObject_Str(bm1), "BitMap([3, 18])", "bm1 = BitMap([3, 18])");
    expect_text(PyObject_Str(bm2), "BitMap([3, 27, 42])", "bm2 = BitMap([3, 27, 42])");
    PyObject *a = PyNumber_And(bm1, bm2);
    expect_text(a ? PyObject_Str(a) : NULL, "BitMap([3])", "bm1 & bm2 = BitMap([3])");
    PyObject *o = PyNumber_Or(bm1, bm2);
    expect_text(o ? PyObject_Str(o) : NULL, "BitMap([3, 18, 27, 42])", "bm1 | bm2 = BitMap([3, 18, 27, 42])");
    Py_XDECREF(a);
    Py_XDECREF(o);
    Py_DECREF(l);
    Py_DECREF(bm1);
    Py_DECREF(bm2);
}

static void operations(PyObject *cls, const char *name)
{
    char what[200];
#define W(...) (snprintf(what, sizeof what, __VA_ARGS__), what)
    PyObject *r1 = range(0, 100000, 3), *r2 = range(50000, 150000, 7);
    PyObject *a = make(cls, r1, W("%s(range(0, 100000, 3))", name));
    PyObject *b = make(cls, r2, W("%s(range(50000, 150000, 7))", name));
    for (int op = 0; op < 4; op++) {
        static const char *ops[] = {"|", "&", "^", "-"};
        PyObject *r = op == 0 ? PyNumber_Or(a, b) : op == 1 ? PyNumber_And(a, b) : op == 2 ? PyNumber_Xor(a, b)
                                                                                    : PyNumber_Subtract(a, b);
        PyObject *len = r ? PyLong_FromSsize_t(PyObject_Size(r)) : NULL;
        record_value(len, W("len(%s a %s b)", name, ops[op]));
        PyObject *ser = r ? PyObject_CallMethod(r, "serialize", NULL) : NULL;
        record_value(ser, W("(%s a %s b).serialize()", name, ops[op]));
        Py_XDECREF(ser);
        Py_XDECREF(len);
        Py_XDECREF(r);
    }
    for (int op = 0; op < 6; op++)
        record_value(PyObject_RichCompare(a, b, op), W("%s: a richcompare(%d) b", name, op));
    record(call_attr(a, "intersection_cardinality", NULL, "(O)", b), W("%s.intersection_cardinality", name));
    record(call_attr(a, "union_cardinality", NULL, "(O)", b), W("%s.union_cardinality", name));
    record(call_attr(a, "jaccard_index", NULL, "(O)", b), W("%s.jaccard_index", name));
    record(call_attr(a, "isdisjoint", NULL, "(O)", b), W("%s.isdisjoint", name));
    record(call_attr(a, "issubset", NULL, "(O)", b), W("%s.issubset", name));
    record(call_attr(a, "min", NULL, "()"), W("%s.min()", name));
    record(call_attr(a, "max", NULL, "()"), W("%s.max()", name));
    record(call_attr(a, "rank", NULL, "(i)", 30000), W("%s.rank(30000)", name));
    record(call_attr(a, "next_set_bit", NULL, "(i)", 30001), W("%s.next_set_bit(30001)", name));
    record(call_attr(a, "contains_range", NULL, "(ii)", 0, 3), W("%s.contains_range(0, 3)", name));
    record(call_attr(a, "range_cardinality", NULL, "(ii)", 10, 1000), W("%s.range_cardinality(10, 1000)", name));
    record(call_attr(a, "get_statistics", NULL, "()"), W("%s.get_statistics()", name));
    record(call_attr(a, "__getitem__", NULL, "(i)", 5), W("%s[5]", name));
    record(call_attr(a, "__getitem__", NULL, "(i)", -1), W("%s[-1]", name));
    record(call_attr(a, "__getitem__", NULL, "(L)", 1LL << 40), W("%s[2**40]", name));
    PyObject *sl = PySlice_New(PyLong_FromLong(10), PyLong_FromLong(40), PyLong_FromLong(3));
    record(call_attr(a, "__getitem__", NULL, "(O)", sl), W("%s[10:40:3]", name));
    Py_XDECREF(sl);
    record(call_attr(a, "to_array", NULL, "()"), W("%s.to_array() (an array.array through unsigned[:])", name));
    PyObject *state = keep(call_attr(a, "__getstate__", NULL, "()"), W("%s.__getstate__()", name));
    if (state != NULL) {
        PyObject *c = take(call(cls, NULL, "()"));
        if (c != NULL) {
            record(call_attr(c, "__setstate__", NULL, "(O)", state), W("%s().__setstate__(state)", name));
            record_value(PyObject_RichCompare(a, c, Py_EQ), W("%s: restored == original", name));
            Py_DECREF(c);
        }
        record(call_attr(cls, "deserialize", NULL, "(O)", state), W("%s.deserialize(state)", name));
        PyObject *mv = PyMemoryView_FromObject(state);
        record(call_attr(cls, "deserialize", NULL, "(O)", mv), W("%s.deserialize(memoryview(state))", name));
        Py_XDECREF(mv);
        Py_DECREF(state);
    }
    record(call_attr(cls, "deserialize", NULL, "(y)", "junk"), W("%s.deserialize(b'junk')", name));
    record(call_attr(cls, "deserialize", NULL, "(s)", "text"), W("%s.deserialize('text')", name));
    record(call_attr(a, "iter_equal_or_larger", NULL, "(i)", 99990), W("%s.iter_equal_or_larger(99990)", name));
    PyObject *it = PyObject_GetIter(b);
    PyObject *first = it ? PyIter_Next(it) : NULL;
    record_value(first, W("next(iter(%s b))", name));
    Py_XDECREF(first);
    Py_XDECREF(it);
    PyObject *small = make(cls, Py_BuildValue("[iii]", 7, 1, 4), W("%s([7, 1, 4])", name));
    PyObject *lst = PySequence_List(small);
    record_value(lst, W("list(%s([7, 1, 4]))", name));
    Py_XDECREF(lst);
    record_value(PyObject_Repr(small), W("repr(%s([7, 1, 4]))", name));
    record(call_attr(small, "copy", NULL, "()"), W("%s.copy()", name));
    record(call_attr(small, "shift", NULL, "(i)", 10), W("%s.shift(10)", name));
    record(call_attr(small, "flip", NULL, "(ii)", 0, 8), W("%s.flip(0, 8)", name));
    record(call_attr(cls, "union", NULL, "(OOO)", a, b, small), W("%s.union(a, b, small)", name));
    record(call_attr(cls, "intersection", NULL, "(OO)", a, b), W("%s.intersection(a, b)", name));
    Py_hash_t h = PyObject_Hash(small);
    PyObject *hv = h == -1 ? NULL : PyLong_FromSsize_t(h);
    record_value(hv, W("hash(%s([7, 1, 4]))", name));
    Py_XDECREF(hv);
    PyErr_Clear();
    Py_DECREF(small);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(r1);
    Py_DECREF(r2);
#undef W
}

static void mutation(PyObject *cls, const char *name, int wide)
{
    char what[200];
#define W(...) (snprintf(what, sizeof what, __VA_ARGS__), what)
    PyObject *bm = keep(call(cls, NULL, "()"), W("%s()", name));
    if (bm == NULL)
        return;
    record(call_attr(bm, "add", NULL, "(i)", 5), W("%s.add(5)", name));
    record(call_attr(bm, "add_checked", NULL, "(i)", 5), W("%s.add_checked(5) again", name));
    record(call_attr(bm, "add", NULL, "(i)", -1), W("%s.add(-1)", name));
    record(call_attr(bm, "add", NULL, "(L)", 1LL << 32), W("%s.add(2**32)", name));
    PyObject *huge = PyLong_FromString("100000000000000000000", NULL, 10);
    record(call_attr(bm, "add", NULL, "(O)", huge), W("%s.add(10**20)", name));
    Py_XDECREF(huge);
    record(call_attr(bm, "add", NULL, "(d)", 1.5), W("%s.add(1.5)", name));
    record(call_attr(bm, "add", NULL, "(s)", "x"), W("%s.add('x')", name));
    record(call_attr(bm, "add_range", NULL, "(ii)", 100, 200), W("%s.add_range(100, 200)", name));
    record(call_attr(bm, "remove_range", NULL, "(ii)", 150, 160), W("%s.remove_range(150, 160)", name));
    PyObject *arr = PyObject_CallMethod(PyImport_ImportModule("array"), "array", "s[iii]", wide ? "Q" : "I", 9, 1000,
                                        70000);
    record(call_attr(bm, "update", NULL, "(OO)", arr, range(1000, 1010, 1)),
           W("%s.update(array, range)", name));
    Py_XDECREF(arr);
    record(call_attr(bm, "update", NULL, "(O)", Py_BuildValue("[iO]", 3, Py_None)), W("%s.update([3, None])", name));
    record(call_attr(bm, "discard", NULL, "(i)", 5), W("%s.discard(5)", name));
    record(call_attr(bm, "remove", NULL, "(i)", 5), W("%s.remove(5) (absent)", name));
    record(call_attr(bm, "pop", NULL, "()"), W("%s.pop()", name));
    record(call_attr(bm, "flip_inplace", NULL, "(ii)", 0, 4), W("%s.flip_inplace(0, 4)", name));
    record_value(PyObject_Repr(bm), W("repr(%s) after the mutations", name));
    record(call_attr(bm, "run_optimize", NULL, "()"), W("%s.run_optimize()", name));
    record(call_attr(bm, "shrink_to_fit", NULL, "()"), W("%s.shrink_to_fit()", name));
    record(call_attr(bm, "clear", NULL, "()"), W("%s.clear()", name));
    record(call_attr(bm, "pop", NULL, "()"), W("%s.pop() of an empty bitmap", name));
    record(call_attr(bm, "min", NULL, "()"), W("%s.min() of an empty bitmap", name));
    record(call(cls, kw_dict("{s:O}", "copy_on_write", Py_True), "(O)", range(0, 10, 1)),
           W("%s(range(10), copy_on_write=True)", name));
    record(call(cls, kw_dict("{s:O}", "bogus", Py_True), "()"), W("%s(bogus=True)", name));
    record(call(cls, NULL, "(i)", 5), W("%s(5)", name));
    record(call(cls, NULL, "(O)", range(0, 10, -1)), W("%s(range(0, 10, -1))", name));
    record(call(cls, NULL, "(O)", range(10, 0, -2)), W("%s(range(10, 0, -2))", name));
    Py_DECREF(bm);
#undef W
}

static void frozen(void)
{
    PyObject *f = make(FrozenBitMap, range(0, 50, 5), "FrozenBitMap(range(0, 50, 5))");
    PyObject *add = PyObject_GetAttrString(f, "add");
    record_value(add, "FrozenBitMap has no add");
    Py_XDECREF(add);
    PyObject *ior = PyNumber_InPlaceOr(f, f);
    record_value(ior, "frozen |= frozen");
    Py_XDECREF(ior);
    Py_hash_t h = PyObject_Hash(f);
    PyObject *g = make(FrozenBitMap, range(0, 50, 5), "another FrozenBitMap(range(0, 50, 5))");
    expect_true(h != -1 && h == PyObject_Hash(g), "equal frozen bitmaps hash alike");
    PyObject *b = make(BitMap, range(0, 50, 5), "BitMap(range(0, 50, 5))");
    record_value(PyObject_RichCompare(f, b, Py_EQ), "FrozenBitMap == BitMap of the same values");
    record_value(PyObject_RichCompare(f, Py_None, Py_EQ), "FrozenBitMap == None");
    record_value(PyObject_RichCompare(f, Py_None, Py_LT), "FrozenBitMap < None");
    PyErr_Clear();
    PyObject *u = PyNumber_Or(f, b);
    record_value(u ? (PyObject *)Py_TYPE(u) : NULL, "type(FrozenBitMap | BitMap)");
    Py_XDECREF(u);
    PyObject *set = PySet_New(NULL);
    record_value(set && PySet_Add(set, f) == 0 ? PyLong_FromSsize_t(PySet_Size(set)) : NULL,
                 "a FrozenBitMap in a set");
    Py_XDECREF(set);
    record_value(PyNumber_Or(b, Py_None), "BitMap | None");
    PyErr_Clear();
    Py_DECREF(f);
    Py_DECREF(g);
    Py_DECREF(b);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    BitMap = attr(module, "BitMap");
    FrozenBitMap = attr(module, "FrozenBitMap");
    BitMap64 = attr(module, "BitMap64");
    FrozenBitMap64 = attr(module, "FrozenBitMap64");
    readme();
    operations(BitMap, "BitMap");
    operations(FrozenBitMap, "FrozenBitMap");
    operations(BitMap64, "BitMap64");
    mutation(BitMap, "BitMap", 0);
    mutation(BitMap64, "BitMap64", 1);
    frozen();
    PyObject *version = PyObject_GetAttrString(module, "__version__");
    record_value(version, "pyroaring.__version__");
    Py_XDECREF(version);
    PyErr_Clear();
}

CORPUS_MAIN("pyroaring", run)
