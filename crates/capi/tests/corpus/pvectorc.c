/* pyrsistent 0.20.0's pvectorc: PVector, a persistent vector over a 32-way
 * trie with a tail, as one static GC type implementing the sequence
 * protocol (length, item, concat, repeat, contains), the mapping protocol
 * (int and slice keys), rich comparison with lists and other vectors,
 * hashing, iteration and reversed(); its index() parses its bounds with
 * "O&" and _PyEval_SliceIndex; the PVectorEvolver type is mutable through
 * mp_ass_subscript (set and del); both deallocators bracket their bodies
 * with Py_TRASHCAN_BEGIN/END.
 *
 * Vectors: tests/vector_test.py (every test that does not need the pure-
 * Python pyrsistent package: construction, appends across the tail and
 * root, set/mset/delete/remove with their IndexError and ValueError
 * messages, slices with steps, repeat identities, comparisons, hashing,
 * repr with a self-referencing list, evolvers and their deletes), plus a
 * chain of 20000 nested vectors freed at once. Values the tests assert are
 * recorded and compared with the CPython build's.
 */
#include "corpus.h"

static PyObject *pvector_fn;

/* Records a result no checked call produced (NULL: the pending
   exception), releasing it. */
static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* pvector(range(n)) outside the checks. */
static PyObject *pv_range(long start, long stop)
{
    PyObject *list = PyList_New(0);
    for (long i = start; i < stop; i++) {
        PyObject *x = PyLong_FromLong(i);
        PyList_Append(list, x);
        Py_DECREF(x);
    }
    PyObject *v = PyObject_CallFunctionObjArgs(pvector_fn, list, NULL);
    Py_DECREF(list);
    if (v == NULL)
        bail("pvector(range(%ld, %ld)) failed", start, stop);
    return v;
}

static PyObject *pv_of(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *list = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *v = list ? PyObject_CallFunctionObjArgs(pvector_fn, list, NULL) : NULL;
    Py_XDECREF(list);
    if (v == NULL)
        bail("pvector(%s) failed", fmt);
    return v;
}

static PyObject *item(PyObject *v, Py_ssize_t i)
{
    PyObject *k = PyLong_FromSsize_t(i);
    PyObject *r = PyObject_GetItem(v, k);
    Py_DECREF(k);
    return r;
}

/* Whether v[i] == i for every i in [0, n) (diagnosing the first miss). */
static int items_are_indices(PyObject *v, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *x = item(v, i);
        Py_ssize_t got = x ? PyLong_AsSsize_t(x) : -1;
        Py_XDECREF(x);
        if (got != i) {
            PyErr_Clear();
            diag("item %zd is %zd; ", i, got);
            return 0;
        }
    }
    return 1;
}

static PyObject *slice(PyObject *v, PyObject *start, PyObject *stop, PyObject *step)
{
    PyObject *s = PySlice_New(start, stop, step);
    PyObject *r = PyObject_GetItem(v, s);
    Py_DECREF(s);
    return r;
}

static PyObject *I(long x)
{
    return PyLong_FromLong(x);
}

/* x in v, for an int x. */
static int contains_int(PyObject *v, long x)
{
    PyObject *k = I(x);
    int r = PySequence_Contains(v, k);
    Py_DECREF(k);
    return r;
}

/* n * v, for an int n. */
static PyObject *times(long n, PyObject *v)
{
    PyObject *k = I(n);
    PyObject *r = PyNumber_Multiply(k, v);
    Py_DECREF(k);
    return r;
}

static void test_basics(void)
{
    PyObject *empty = keep(call(pvector_fn, NULL, "()"), "pvector()");
    rec(PyLong_FromSsize_t(PyObject_Length(empty)), "len(pvector())");
    rec(item(empty, 0), "pvector()[0]");
    PyObject *again = keep(call(pvector_fn, NULL, "([])"), "pvector([])");
    expect_true(again == empty, "pvector([]) is pvector() (the shared empty vector)");
    Py_DECREF(again);
    rec(PyObject_Repr(empty), "repr(pvector())");
    rec(PyBool_FromLong(PyObject_IsTrue(empty)), "bool(pvector())");

    PyObject *three = keep(call(pvector_fn, NULL, "([i])", 3), "pvector([3])");
    /* (Results that hold their arguments are made outside the refcount
       checks.) */
    PyObject *appended = PyObject_CallMethod(three, "append", "i", 2);
    rec(PyObject_Repr(three), "the original after append");
    rec(PyObject_Repr(appended), "the appended vector");
    Py_DECREF(appended);
    Py_DECREF(three);

    /* Appends across the tail (33) and past a full root (32 * 33 + 1). */
    PyObject *seq = Py_NewRef(empty);
    for (long x = 0; x < 32 * 33; x++) {
        PyObject *next = PyObject_CallMethod(seq, "append", "l", x);
        if (next == NULL)
            bail("append %ld failed", x);
        Py_SETREF(seq, next);
    }
    PyObject *last = PyObject_CallMethod(seq, "append", "i", 10001);
    expect_true(last && items_are_indices(last, 32 * 33) && PyObject_Length(last) == 32 * 33 + 1,
                "1056 appends then one more: every item in place");
    if (last)
        rec(item(last, 32 * 33), "... and the last is 10001");
    Py_XDECREF(last);
    Py_DECREF(seq);

    PyObject *big = pv_range(0, 8000);
    PyObject *big2 = PyObject_CallMethod(big, "append", "i", 11);
    expect_true(big2 && items_are_indices(big2, 8000), "pvector(range(8000)).append(11): items 0..7999");
    if (big2)
        rec(item(big2, 8000), "... item 8000");
    Py_XDECREF(big2);
    PyObject *range_iter = PyObject_GetIter(big);
    PyObject *from_iter = keep(call(pvector_fn, NULL, "(O)", range_iter), "pvector(iter(a vector of 8000))");
    expect_true(items_are_indices(from_iter, 8000), "... holds 0..7999");
    rec(PyObject_RichCompare(from_iter, big, Py_EQ), "... == the vector it iterated");
    Py_DECREF(from_iter);
    Py_DECREF(range_iter);

    /* set, with negative and out-of-range indices. */
    PyObject *v123 = pv_of("[iii]", 1, 2, 3);
    rec(PyObject_CallMethod(v123, "set", "ii", 1, 4), "pvector([1, 2, 3]).set(1, 4)");
    rec(PyObject_Repr(v123), "... the original");
    PyObject *v2 = pv_range(0, 2);
    record(call_attr(v2, "set", NULL, "(ii)", 2, 50), "pvector(range(2)).set(2, 50)");
    PyObject *v3 = PyObject_CallMethod(v2, "set", "ii", 2, 50);
    record(call_attr(v3, "set", NULL, "(ii)", 19, 4), "....set(19, 4)");
    Py_DECREF(v3);
    PyObject *v1234 = pv_of("[iiii]", 1, 2, 3, 4);
    record(call_attr(v1234, "set", NULL, "(ii)", -2, 5), "pvector([1, 2, 3, 4]).set(-2, 5)");
    record(call_attr(v1234, "set", NULL, "(ii)", -5, 17), "pvector([1, 2, 3, 4]).set(-5, 17)");
    record(call_attr(v1234, "set", NULL, "(si)", "a", 17), "pvector([1, 2, 3, 4]).set('a', 17)");
    record(call_attr(v1234, "set", NULL, "(i)", 1), "pvector([1, 2, 3, 4]).set(1)");
    PyObject *big_set = PyObject_CallMethod(big, "set", "ii", 7000, 4);
    if (big_set)
        rec(item(big_set, 7000), "pvector(range(8000)).set(7000, 4)[7000]");
    Py_XDECREF(big_set);
    rec(item(big, 7000), "... the original's [7000]");

    /* Iteration, reversed(), contains, index, count. */
    PyObject *it = PyObject_GetIter(big);
    Py_ssize_t n = 0, bad = 0;
    PyObject *x;
    while ((x = PyIter_Next(it)) != NULL) {
        if (PyLong_AsSsize_t(x) != n)
            bad++;
        n++;
        Py_DECREF(x);
    }
    Py_DECREF(it);
    expect_true(n == 8000 && bad == 0 && !PyErr_Occurred(), "iterating pvector(range(8000))");
    PyObject *v125 = pv_of("[iii]", 1, 2, 5);
    PyObject *rev = PyObject_CallMethod(v125, "__reversed__", NULL);
    if (rev == NULL) {
        PyErr_Clear();
        rev = PySequence_List(v125);
        if (rev)
            PyList_Reverse(rev);
    }
    rec(rev ? PySequence_List(rev) : NULL, "reversed(pvector([1, 2, 5]))");
    Py_XDECREF(rev);
    rec(PyBool_FromLong(contains_int(v125, 2)), "2 in pvector([1, 2, 5])");
    rec(PyBool_FromLong(contains_int(v125, 3)), "3 in pvector([1, 2, 5])");
    expect_int(call_attr(v125, "index", NULL, "(i)", 5), "2", "pvector([1, 2, 5]).index(5)");
    record(call_attr(v125, "index", NULL, "(i)", 7), "pvector([1, 2, 5]).index(7)");
    PyObject *v1251 = pv_of("[iiii]", 1, 2, 5, 1);
    record(call_attr(v1251, "index", NULL, "(iii)", 1, 1, 3), "pvector([1, 2, 5, 1]).index(1, 1, 3)");
    record(call_attr(v1251, "index", NULL, "(ii)", 1, 1), "pvector([1, 2, 5, 1]).index(1, 1)");
    record(call_attr(v1251, "index", NULL, "(iiO)", 1, -3, Py_None), "....index(1, -3, None)");
    record(call_attr(v1251, "index", NULL, "(iL)", 1, -(1LL << 62) * 2), "....index(1, -2**63) (clamped)");
    record(call_attr(v1251, "index", NULL, "(is)", 1, "x"), "....index(1, 'x')");
    record(call_attr(v1251, "index", NULL, "(iO)", 1, Py_True), "....index(1, True)");
    record(call_attr(v1251, "index", NULL, "(id)", 1, 1.0), "....index(1, 1.0)");
    expect_int(call_attr(v1251, "count", NULL, "(i)", 1), "2", "pvector([1, 2, 5, 1]).count(1)");
    expect_int(call_attr(v1251, "count", NULL, "(i)", 4), "0", "pvector([1, 2, 5, 1]).count(4)");
    Py_DECREF(v1251);
    Py_DECREF(v125);
    Py_DECREF(big);
    Py_DECREF(v1234);
    Py_DECREF(v2);
    Py_DECREF(v123);
    Py_DECREF(empty);
}

static void test_slices_and_deletes(void)
{
    PyObject *ten = pv_range(0, 10), *hundred = pv_range(0, 100);
    PyObject *two = I(2), *three = I(3), *four = I(4), *twelve = I(12), *m1 = I(-1), *m3 = I(-3), *m7 = I(-7);
    rec(slice(ten, two, two, NULL), "pvector(range(10))[2:2]");
    rec(slice(ten, two, four, NULL), "pvector(range(10))[2:4]");
    PyObject *same = slice(ten, NULL, NULL, NULL);
    expect_true(same == ten, "pvector(range(10))[::] is the vector itself");
    Py_XDECREF(same);
    rec(slice(hundred, two, twelve, three), "pvector(range(100))[2:12:3]");
    rec(slice(ten, NULL, NULL, two), "pvector(range(10))[::2]");
    rec(slice(ten, NULL, NULL, m1), "pvector(range(10))[::-1]");
    rec(slice(ten, m3, m7, m1), "pvector(range(10))[-3:-7:-1]");
    PyObject *zero = I(0);
    rec(slice(ten, NULL, NULL, zero), "pvector(range(10))[::0]");
    PyObject *s = PyUnicode_FromString("a");
    rec(PyObject_GetItem(ten, s), "pvector(range(10))['a']");
    rec(item(ten, -1), "pvector(range(10))[-1]");
    rec(item(ten, -10), "pvector(range(10))[-10]");
    rec(item(ten, 10), "pvector(range(10))[10]");
    rec(item(ten, -11), "pvector(range(10))[-11]");

    PyObject *v123 = pv_of("[iii]", 1, 2, 3);
    static const int one_index[] = {0, 1, 2, -1, -2, -3};
    for (size_t i = 0; i < sizeof one_index / sizeof *one_index; i++) {
        char what[64];
        snprintf(what, sizeof what, "pvector([1, 2, 3]).delete(%d)", one_index[i]);
        record(call_attr(v123, "delete", NULL, "(i)", one_index[i]), what);
    }
    PyObject *empty = pv_of("[]");
    record(call_attr(empty, "delete", NULL, "(i)", 0), "pvector([]).delete(0)");
    record(call_attr(empty, "delete", NULL, "(i)", -1), "pvector([]).delete(-1)");
    record(call_attr(empty, "delete", NULL, "(s)", "a"), "pvector([]).delete('a')");
    PyObject *five = pv_range(0, 5);
    static const int pairs[][2] = {{1, 4}, {4, 1}, {0, 1}, {6, 8}, {-1, 1}, {1, -1}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        char what[64];
        snprintf(what, sizeof what, "pvector(range(5)).delete(%d, %d)", pairs[i][0], pairs[i][1]);
        record(call_attr(five, "delete", NULL, "(ii)", pairs[i][0], pairs[i][1]), what);
    }
    record(call_attr(five, "remove", NULL, "(i)", 3), "pvector(range(5)).remove(3)");
    record(call_attr(five, "remove", NULL, "(i)", 5), "pvector(range(5)).remove(5)");
    PyObject *v12321 = pv_of("[iiiii]", 1, 2, 3, 2, 1);
    record(call_attr(v12321, "remove", NULL, "(i)", 2), "pvector([1, 2, 3, 2, 1]).remove(2)");

    /* mset. */
    PyObject *v2000 = pv_range(0, 2000);
    PyObject *m = PyObject_CallMethod(v2000, "mset", "iiiiii", 1, -1, 505, -505, 1998, -1998);
    if (m != NULL) {
        PyObject *t = Py_BuildValue("(NNN)", item(m, 1), item(m, 505), item(m, 1998));
        rec(t, "pvector(range(2000)).mset(1, -1, 505, -505, 1998, -1998)'s items");
        Py_DECREF(m);
    }
    PyObject *t = Py_BuildValue("(NNN)", item(v2000, 1), item(v2000, 505), item(v2000, 1998));
    rec(t, "... the original's");
    PyObject *v01 = pv_range(0, 2);
    record(call_attr(v01, "mset", NULL, "(iii)", 0, 10, 1), "pvector([0, 1]).mset(0, 10, 1)");
    record(call_attr(v01, "mset", NULL, "(ii)", 3, 10), "pvector([0, 1]).mset(3, 10)");

    /* + and *. */
    PyObject *v12 = pv_of("[ii]", 1, 2), *v34 = pv_of("[ii]", 3, 4);
    rec(PyNumber_Add(v12, v34), "pvector([1, 2]) + pvector([3, 4])");
    rec(PySequence_Concat(v12, v34), "PySequence_Concat(pvector([1, 2]), pvector([3, 4]))");
    PyObject *list34 = Py_BuildValue("[ii]", 3, 4);
    rec(PyNumber_Add(v12, list34), "pvector([1, 2]) + [3, 4]");
    rec(PyNumber_Add(v12, two), "pvector([1, 2]) + 2");
    PyObject *r = PySequence_Repeat(v12, 1);
    expect_true(r == v12, "1 * v is v");
    Py_XDECREF(r);
    r = times(5, empty);
    expect_true(r == empty, "5 * pvector() is pvector()");
    Py_XDECREF(r);
    r = times(0, v12);
    expect_true(r == empty, "0 * v is pvector()");
    Py_XDECREF(r);
    rec(times(2, v12), "2 * pvector([1, 2])");
    r = times(-3, v12);
    expect_true(r == empty, "-3 * v is pvector()");
    Py_XDECREF(r);
    rec(PyNumber_Multiply(v12, v12), "pvector([1, 2]) * pvector([1, 2])");

    Py_DECREF(list34);
    Py_DECREF(v12);
    Py_DECREF(v34);
    Py_DECREF(v01);
    Py_DECREF(v2000);
    Py_DECREF(v12321);
    Py_DECREF(five);
    Py_DECREF(empty);
    Py_DECREF(v123);
    Py_DECREF(s);
    Py_DECREF(zero);
    Py_DECREF(two);
    Py_DECREF(three);
    Py_DECREF(four);
    Py_DECREF(twelve);
    Py_DECREF(m1);
    Py_DECREF(m3);
    Py_DECREF(m7);
    Py_DECREF(ten);
    Py_DECREF(hundred);
}

static void test_compare_hash_repr(void)
{
    PyObject *v12 = pv_of("[ii]", 1, 2), *v12b = pv_of("[ii]", 1, 2), *v13 = pv_of("[ii]", 1, 3);
    PyObject *v123 = pv_of("[iii]", 1, 2, 3), *l12 = Py_BuildValue("[ii]", 1, 2), *foo = PyUnicode_FromString("foo");
    static const char *ops[] = {"<", "<=", "==", "!=", ">", ">="};
    PyObject *pairs[][2] = {{v12, v12b}, {v12, v13}, {v12, v123}, {v123, v12}, {v12, l12}, {v12, foo}};
    static const char *names[] = {"[1, 2] vs [1, 2]", "[1, 2] vs [1, 3]", "[1, 2] vs [1, 2, 3]",
                                  "[1, 2, 3] vs [1, 2]", "pvector([1, 2]) vs list [1, 2]", "[1, 2] vs 'foo'"};
    for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
        PyObject *results = PyList_New(0);
        for (int op = 0; op < 6; op++) {
            PyObject *res = PyObject_RichCompare(pairs[p][0], pairs[p][1], op);
            if (res == NULL) {
                PyObject *type, *value, *tb;
                PyErr_Fetch(&type, &value, &tb);
                res = Py_NewRef(type);
                Py_XDECREF(type);
                Py_XDECREF(value);
                Py_XDECREF(tb);
            }
            PyList_Append(results, res);
            Py_DECREF(res);
        }
        char what[96];
        snprintf(what, sizeof what, "%s: %s %s %s %s %s %s", names[p], ops[0], ops[1], ops[2], ops[3], ops[4],
                 ops[5]);
        rec(results, what);
    }
    Py_hash_t h1 = PyObject_Hash(v12), h2 = PyObject_Hash(v12b);
    expect_true(h1 == h2 && h1 != -1, "hash(pvector([1, 2])) == hash(another pvector([1, 2]))");
    rec(PyLong_FromSsize_t(h1), "hash(pvector([1, 2]))");
    PyObject *nested = pv_of("[ii[ii]]", 1, 2, 1, 2);
    Py_hash_t h3 = PyObject_Hash(nested);
    rec(h3 == -1 ? NULL : PyLong_FromSsize_t(h3), "hash(pvector([1, 2, [1, 2]]))");

    PyObject *v = pv_of("[iii]", 1, 2, 3);
    rec(PyObject_Repr(v), "repr(pvector([1, 2, 3]))");
    rec(PyObject_Str(v), "str(pvector([1, 2, 3])) (again)");
    PyObject *x = Py_BuildValue("[iii]", 1, 2, 3);
    PyObject *vx = pv_of("[iiO]", 1, 2, x);
    PyList_Append(x, vx);
    rec(PyObject_Repr(vx), "repr of a vector holding a list holding it");
    /* Break the cycle (no collector here). */
    PyList_SetSlice(x, 3, 4, NULL);
    rec(PyObject_CallMethod(v, "tolist", NULL), "pvector([1, 2, 3]).tolist()");
    rec(PyObject_CallMethod(v, "extend", "(iii)", 4, 5, 6), "pvector([1, 2, 3]).extend((4, 5, 6))");
    rec(PyObject_CallMethod(v, "extend", "i", 4), "pvector([1, 2, 3]).extend(4)");
    PyObject *ext = pv_range(0, 2137);
    PyObject *ext2 = PyObject_CallMethod(ext, "extend", "N", pv_range(2137, 2142));
    expect_true(ext2 && items_are_indices(ext2, 2142) && items_are_indices(ext, 2137) && PyObject_Length(ext) == 2137,
                "extending a vector of 2137 by 5 leaves the original intact");
    Py_XDECREF(ext2);
    Py_DECREF(ext);
    rec(PyObject_CallFunction(pvector_fn, "i", 5), "pvector(5)");
    rec(PyObject_CallFunction(pvector_fn, "ii", 5, 6), "pvector(5, 6)");
    Py_DECREF(vx);
    Py_DECREF(x);
    Py_DECREF(v);
    Py_DECREF(nested);
    Py_DECREF(v12);
    Py_DECREF(v12b);
    Py_DECREF(v13);
    Py_DECREF(v123);
    Py_DECREF(l12);
    Py_DECREF(foo);
}

static int set_item(PyObject *e, Py_ssize_t i, long value)
{
    PyObject *k = PyLong_FromSsize_t(i), *v = PyLong_FromLong(value);
    int r = PyObject_SetItem(e, k, v);
    Py_DECREF(k);
    Py_DECREF(v);
    return r;
}

static int del_item(PyObject *e, Py_ssize_t i)
{
    PyObject *k = PyLong_FromSsize_t(i);
    int r = PyObject_DelItem(e, k);
    Py_DECREF(k);
    return r;
}

/* A setitem/delitem's outcome as a record: None or the exception. */
static void rec_status(int status, const char *what)
{
    rec(status < 0 ? NULL : Py_NewRef(Py_None), what);
}

static void test_evolvers(void)
{
    PyObject *v40 = pv_range(0, 40);
    PyObject *e = PyObject_CallMethod(v40, "evolver", NULL);
    PyObject *p = PyObject_CallMethod(e, "persistent", NULL);
    expect_true(p == v40, "an untouched evolver's persistent() is the vector");
    Py_XDECREF(p);
    Py_DECREF(e);

    PyObject *v3500 = pv_range(0, 3500);
    e = PyObject_CallMethod(v3500, "evolver", NULL);
    int ok = set_item(e, 10, -10) == 0 && set_item(e, 11, -11) == 0 && set_item(e, 10, -1000) == 0
             && set_item(e, 50, -50) == 0 && set_item(e, 50, -5000) == 0 && set_item(e, 3000, -3000) == 0
             && set_item(e, 3000, -30000) == 0;
    expect_true(ok, "updates in and across the evolver's nodes");
    rec(Py_BuildValue("(NNNN)", item(e, 10), item(e, 11), item(e, 50), item(e, 3000)),
        "evolver[10], [11], [50], [3000]");
    PyObject *v2 = PyObject_CallMethod(e, "persistent", NULL);
    rec(v2 ? Py_BuildValue("(NNN)", item(v2, 10), item(v2, 50), item(v2, 3000)) : NULL,
        "persistent()[10], [50], [3000]");
    rec(Py_BuildValue("(NNN)", item(v3500, 10), item(v3500, 50), item(v3500, 3000)), "the original's");
    Py_XDECREF(v2);
    rec(PyLong_FromSsize_t(PyObject_Length(e)), "len(evolver)");
    rec_status(set_item(e, 3501, 1), "evolver[3501] = 1");
    rec_status(set_item(e, 3500, 1), "evolver[3500] = 1 (one past the end appends)");
    PyObject *foo = PyUnicode_FromString("foo");
    rec(PyObject_GetItem(e, foo), "evolver['foo']");
    rec_status(PyObject_SetItem(e, foo, foo), "evolver['foo'] = 'foo'");
    rec_status(PyObject_DelItem(e, foo), "del evolver['foo']");
    Py_DECREF(e);
    Py_DECREF(v3500);

    PyObject *v0 = pv_of("[i]", 0);
    e = PyObject_CallMethod(v0, "evolver", NULL);
    rec_status(set_item(e, 10, 1), "pvector([0]).evolver()[10] = 1");
    rec(item(e, 1), "pvector([0]).evolver()[1]");
    Py_DECREF(e);

    /* append, extend, set chaining; negative indices. */
    PyObject *v12 = pv_of("[ii]", 1, 2);
    e = PyObject_CallMethod(v12, "evolver", NULL);
    PyObject *chained = PyObject_CallMethod(e, "append", "i", 3);
    expect_true(chained == e, "evolver.append returns the evolver");
    Py_XDECREF(chained);
    Py_XDECREF(PyObject_CallMethod(e, "extend", "([ii])", 4, 5));
    Py_XDECREF(PyObject_CallMethod(e, "set", "ii", 1, 6));
    rec(PyObject_CallMethod(e, "persistent", NULL), "evolver().append(3).extend([4, 5]).set(1, 6).persistent()");
    rec(PyObject_CallMethod(e, "is_dirty", NULL), "is_dirty() after persistent()");
    set_item(e, -1, 33);
    rec(PyObject_CallMethod(e, "is_dirty", NULL), "is_dirty() after e[-1] = 33");
    rec(PyObject_CallMethod(e, "persistent", NULL), "persistent() after e[-1] = 33");
    Py_DECREF(e);

    /* Deletes. */
    PyObject *v123 = pv_of("[iii]", 1, 2, 3);
    e = PyObject_CallMethod(v123, "evolver", NULL);
    rec_status(del_item(e, 0), "del evolver[0]");
    rec(PyObject_CallMethod(e, "persistent", NULL), "... persistent()");
    PyObject *chained2 = PyObject_CallMethod(e, "append", "i", 4);
    rec(chained2 ? PyObject_CallMethod(chained2, "persistent", NULL) : NULL, "... append(4).persistent()");
    Py_XDECREF(chained2);
    rec(PyObject_CallMethod(e, "delete", "i", 1), "evolver.delete(1)");
    rec(PyObject_CallMethod(e, "persistent", NULL), "... persistent()");
    rec_status(del_item(e, 5), "del evolver[5]");
    Py_DECREF(e);
    PyObject *v40b = pv_range(0, 40);
    e = PyObject_CallMethod(v40b, "evolver", NULL);
    int all = 1;
    for (int i = 0; i < 40 && all; i++) {
        PyObject *first = item(e, 0);
        PyObject *snapshot = PyObject_CallMethod(e, "persistent", NULL);
        all = first && PyLong_AsLong(first) == i && snapshot && PyObject_Length(snapshot) == 40 - i
              && del_item(e, 0) == 0;
        Py_XDECREF(first);
        Py_XDECREF(snapshot);
    }
    expect_true(all, "deleting item 0 forty times, each snapshot right");
    rec_status(del_item(e, 0), "del evolver[0] on an emptied evolver");
    rec(PyObject_CallMethod(e, "persistent", NULL), "... persistent()");
    Py_DECREF(e);

    /* Two evolvers of one vector do not share updates. */
    PyObject *e1 = PyObject_CallMethod(v40b, "evolver", NULL), *e2 = PyObject_CallMethod(v40b, "evolver", NULL);
    Py_XDECREF(PyObject_CallMethod(e1, "extend", "([iii])", 1, 2, 3));
    set_item(e1, 2, 20);
    set_item(e1, 35, 350);
    Py_XDECREF(PyObject_CallMethod(e2, "extend", "([iii])", -1, -2, -3));
    set_item(e2, 2, -20);
    set_item(e2, 35, -350);
    PyObject *p1 = PyObject_CallMethod(e1, "persistent", NULL), *p2 = PyObject_CallMethod(e2, "persistent", NULL);
    rec(p1 ? PyObject_CallMethod(p1, "tolist", NULL) : NULL, "the first evolver's vector");
    rec(p2 ? PyObject_CallMethod(p2, "tolist", NULL) : NULL, "the second evolver's vector");
    Py_XDECREF(p1);
    Py_XDECREF(p2);
    Py_DECREF(e1);
    Py_DECREF(e2);

    /* A dirty evolver over a big vector is freed with its updates. */
    PyObject *v3220 = pv_range(0, 3220);
    e = PyObject_CallMethod(v3220, "evolver", NULL);
    expect_true(set_item(e, 10, -10) == 0 && set_item(e, 3220, -3220) == 0, "a dirty evolver's updates");
    Py_DECREF(e);
    Py_DECREF(v3220);
    Py_DECREF(v40b);
    Py_DECREF(v123);
    Py_DECREF(v12);
    Py_DECREF(v0);
    Py_DECREF(foo);
    Py_DECREF(v40);
}

/* A vector holding a vector holding ... 20000 deep: freeing the outermost
   frees them all through the trashcan, without recursing 20000 times. */
static void test_deep_chain(void)
{
    PyObject *v = pv_of("[]");
    for (int i = 0; i < 20000; i++) {
        PyObject *outer = pv_of("[iO]", i, v);
        Py_SETREF(v, outer);
    }
    PyObject *first = item(v, 0);
    rec(first, "the outermost of 20000 nested vectors: item 0");
    Py_DECREF(v);
    expect_true(1, "20000 nested vectors freed");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    pvector_fn = attr(module, "pvector");
    PyObject *type = attr(module, "PVector");
    rec(PyObject_Repr(type), "pvectorc.PVector");
    Py_DECREF(type);
    test_basics();
    test_slices_and_deletes();
    test_compare_hash_repr();
    test_evolvers();
    test_deep_chain();
    Py_DECREF(pvector_fn);
}

CORPUS_MAIN("pvectorc", run)
