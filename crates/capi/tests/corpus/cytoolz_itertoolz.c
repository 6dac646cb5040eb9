/* cytoolz 1.2.0's `cytoolz.itertoolz`: a Cython 3.3.0 module (the .c the
 * sdist ships) whose lazy functions are iterator `cdef class`es
 * (remove, accumulate, interleave, unique, interpose, iterate,
 * partition_all, _pluck_index, _join, _diff_identity, ...) with
 * tp_iternext over arbitrary iterables through PyIter_Next, and whose
 * eager ones (groupby, frequencies, reduceby, isdistinct, nth, last,
 * get, count, ...) build dicts, lists, sets and tuples with the concrete
 * C API (PyDict_GetItem / SetItem, PyList_Append, PySet_Add /
 * Contains, PyTuple_GetSlice, PySequence_Check), calling user functions
 * and raising IndexError / KeyError / TypeError / StopIteration through
 * Cython code.
 *
 * Vectors: tests/test_itertoolz.py of the sdist and the docstrings'
 * examples; results compared line by line with CPython's.
 *
 * The module's imports of the standard library (collections.deque,
 * heapq, itertools, operator.itemgetter) and of cytoolz.utils are stood
 * in for by modules made here, the same under both hosts: no_default is
 * cytoolz's own sentinel string, the others are placeholders (None; an
 * `itertools.chain` with a None `from_iterable`), so the functions built
 * on them (take, tail, take_nth, concat, mapcat, cons, sliding_window,
 * topk, peek, merge_sorted, pluck with a list index, partition with a
 * pad, diff with a default) are not exercised. The builtins it caches at
 * import (enumerate, map, zip, max) are pybuffer's own.
 */
#include "corpus.h"

static PyObject *inc(PyObject *self, PyObject *x)
{
    (void)self;
    PyObject *one = PyLong_FromLong(1);
    PyObject *r = one ? PyNumber_Add(x, one) : NULL;
    Py_XDECREF(one);
    return r;
}

static PyObject *mod_n(PyObject *x, long n)
{
    PyObject *d = PyLong_FromLong(n);
    PyObject *r = d ? PyNumber_Remainder(x, d) : NULL;
    Py_XDECREF(d);
    return r;
}

static PyObject *iseven(PyObject *self, PyObject *x)
{
    (void)self;
    PyObject *r = mod_n(x, 2);
    if (r == NULL)
        return NULL;
    int zero = PyObject_Not(r);
    Py_DECREF(r);
    return zero < 0 ? NULL : PyBool_FromLong(zero);
}

static PyObject *mod3(PyObject *self, PyObject *x)
{
    (void)self;
    return mod_n(x, 3);
}

static PyObject *add(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO:add", &a, &b))
        return NULL;
    return PyNumber_Add(a, b);
}

static PyObject *length(PyObject *self, PyObject *x)
{
    (void)self;
    Py_ssize_t n = PyObject_Length(x);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyMethodDef functions[] = {
    {"inc", inc, METH_O, NULL},       {"iseven", iseven, METH_O, NULL}, {"mod3", mod3, METH_O, NULL},
    {"add", add, METH_VARARGS, NULL}, {"len", length, METH_O, NULL},    {NULL, NULL, 0, NULL},
};

static PyObject *fn(const char *name)
{
    for (PyMethodDef *m = functions; m->ml_name; m++)
        if (strcmp(m->ml_name, name) == 0) {
            PyObject *f = PyCFunction_New(m, NULL);
            if (f == NULL)
                bail("PyCFunction_New(%s)", name);
            return f;
        }
    bail("no function %s", name);
    return NULL;
}

/* Records list(r) for the pending call's result r (an iterator), or r's
   exception; an exception while listing is recorded the same way. */
static void record_list(PyObject *r, const char *what)
{
    if (r == NULL) {
        record(r, what);
        return;
    }
    /* Listed while the call is pending: settling releases the iterator
       (which holds the arguments) before the counts are compared. */
    PyObject *l = PySequence_List(r);
    print_record(l, what);
    Py_XDECREF(l); /* first: it may hold an argument (a small int) */
    tap(settle(0), what);
}

/* Records list(callable(*args, **kwargs)) without the refcount checks:
   for the calls after which cytoolz itself keeps references to its
   arguments, under CPython too (accumulate keeps its initial value,
   interpose its separator). `kwargs` is stolen. */
static void record_list_unchecked(PyObject *callable, PyObject *kwargs, const char *what, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(callable, args, kwargs) : NULL;
    PyObject *l = r ? PySequence_List(r) : NULL;
    print_record(l, what);
    tap(1, what);
    Py_XDECREF(l);
    Py_XDECREF(r);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
}

/* A fresh list iterator over the Py_BuildValue list `fmt`. */
static PyObject *iter_of(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *l = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *it = l ? PyObject_GetIter(l) : NULL;
    Py_XDECREF(l);
    if (it == NULL)
        bail("iter_of(%s)", fmt);
    return it;
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    const char *names[] = {"remove", "accumulate", "groupby", "interleave", "unique", "isiterable", "isdistinct",
                           "drop", "first", "second", "nth", "last", "get", "mapcat", "interpose", "frequencies",
                           "reduceby", "iterate", "partition", "partition_all", "count", "pluck", "join", "diff",
                           "rest"};
    enum { REMOVE, ACCUMULATE, GROUPBY, INTERLEAVE, UNIQUE, ISITERABLE, ISDISTINCT, DROP, FIRST, SECOND, NTH, LAST,
           GET, MAPCAT, INTERPOSE, FREQUENCIES, REDUCEBY, ITERATE, PARTITION, PARTITION_ALL, COUNT, PLUCK, JOIN,
           DIFF, REST, N_FUNCS };
    PyObject *f[N_FUNCS];
    for (int i = 0; i < N_FUNCS; i++)
        f[i] = attr(module, names[i]);
    PyObject *f_inc = fn("inc"), *f_iseven = fn("iseven"), *f_mod3 = fn("mod3"), *f_add = fn("add"), *f_len = fn("len");

    /* remove, accumulate */
    record_list(call(f[REMOVE], NULL, "(O[iiii])", f_iseven, 1, 2, 3, 4), "remove(iseven, [1, 2, 3, 4])");
    record_list(call(f[REMOVE], NULL, "(Oi)", f_iseven, 3), "remove(iseven, 3)");
    record_list(call(f[REMOVE], NULL, "(O[is])", f_iseven, 1, "a"), "remove(iseven, [1, 'a'])");
    record_list(call(f[ACCUMULATE], NULL, "(O[iiiii])", f_add, 1, 2, 3, 4, 5), "accumulate(add, [1..5])");
    record_list_unchecked(f[ACCUMULATE], NULL, "accumulate(add, [1, 2, 3], -1)", "(O[iii]i)", f_add, 1, 2, 3, -1);
    record_list_unchecked(f[ACCUMULATE], kw_dict("{s:i}", "initial", 10), "accumulate(add, [1, 2], initial=10)",
                          "(O[ii])", f_add, 1, 2);
    record_list_unchecked(f[ACCUMULATE], NULL, "accumulate(add, [])", "(O[])", f_add);
    record_list(call(f[ACCUMULATE], NULL, "(O[is])", f_add, 1, "a"), "accumulate(add, [1, 'a'])");

    /* groupby, frequencies, reduceby, count */
    record(call(f[GROUPBY], NULL, "(O[ssssss])", f_len, "Alice", "Bob", "Charlie", "Dan", "Edith", "Frank"),
           "groupby(len, names)");
    record(call(f[GROUPBY], NULL, "(O[iiiiiii])", f_iseven, 1, 2, 3, 4, 5, 6, 7), "groupby(iseven, [1..7])");
    record(call(f[GROUPBY], NULL, "(i[[ii][ii][ii]])", 0, 1, 2, 1, 3, 2, 4), "groupby(0, pairs) (an index key)");
    record(call(f[GROUPBY], NULL, "(O[[ii]])", f_inc, 1, 2), "groupby(inc, [[1, 2]])");
    record(call(f[FREQUENCIES], NULL, "([ssssss])", "cat", "cat", "ox", "pig", "pig", "cat"), "frequencies(animals)");
    record(call(f[FREQUENCIES], NULL, "([[i]])", 1), "frequencies([[1]]) (unhashable)");
    record(call(f[REDUCEBY], NULL, "(OO[iiiiiii])", f_iseven, f_add, 1, 2, 3, 4, 5, 6, 7), "reduceby(iseven, add, [1..7])");
    record(call(f[REDUCEBY], NULL, "(OO[iiii]i)", f_mod3, f_add, 1, 2, 3, 4, 100), "reduceby(mod3, add, [1..4], 100)");
    record(call(f[REDUCEBY], NULL, "(OO[])", f_mod3, f_add), "reduceby(mod3, add, [])");
    record(call(f[COUNT], NULL, "([iii])", 1, 2, 3), "count([1, 2, 3])");
    record(call(f[COUNT], NULL, "(N)", iter_of("[iiii]", 1, 2, 3, 4)), "count(iter([1, 2, 3, 4]))");
    record(call(f[COUNT], NULL, "(s)", "hello"), "count('hello')");
    record(call(f[COUNT], NULL, "(i)", 1), "count(1)");

    /* interleave, unique, interpose, mapcat */
    record_list(call(f[INTERLEAVE], NULL, "([[iii][ii][iiii]])", 1, 2, 3, 10, 20, 100, 200, 300, 400),
                "interleave([[1, 2, 3], [10, 20], [100..400]])");
    record_list(call(f[INTERLEAVE], NULL, "([])"), "interleave([])");
    record_list(call(f[INTERLEAVE], NULL, "([i])", 1), "interleave([1])");
    record_list(call(f[UNIQUE], NULL, "((iiiiii))", 1, 2, 3, 1, 2, 4), "unique((1, 2, 3, 1, 2, 4))");
    record_list(call(f[UNIQUE], kw_dict("{s:O}", "key", f_len), "([ssss])", "cat", "mouse", "dog", "hen"),
                "unique(words, key=len)");
    record_list(call(f[UNIQUE], NULL, "([[i]])", 1), "unique([[1]]) (unhashable)");
    record_list_unchecked(f[INTERPOSE], NULL, "interpose('a', ['x', 'y', 'z'])", "(s[sss])", "a", "x", "y", "z");
    record_list(call(f[INTERPOSE], NULL, "(i[])", 0), "interpose(0, [])");

    /* isiterable, isdistinct */
    record(call(f[ISITERABLE], NULL, "([i])", 1), "isiterable([1])");
    record(call(f[ISITERABLE], NULL, "(i)", 5), "isiterable(5)");
    record(call(f[ISDISTINCT], NULL, "([iii])", 1, 2, 3), "isdistinct([1, 2, 3])");
    record(call(f[ISDISTINCT], NULL, "([iii])", 1, 2, 1), "isdistinct([1, 2, 1])");
    record(call(f[ISDISTINCT], NULL, "(s)", "Hello"), "isdistinct('Hello')");
    record(call(f[ISDISTINCT], NULL, "(N)", iter_of("[iii]", 1, 2, 1)), "isdistinct(iter([1, 2, 1]))");
    record(call(f[ISDISTINCT], NULL, "([[i]])", 1), "isdistinct([[1]])");

    /* first, second, nth, last, rest, drop, get */
    record(call(f[FIRST], NULL, "(s)", "ABC"), "first('ABC')");
    record(call(f[FIRST], NULL, "([])"), "first([])");
    record(call(f[SECOND], NULL, "(s)", "ABC"), "second('ABC')");
    record(call(f[SECOND], NULL, "(s)", "A"), "second('A')");
    record(call(f[NTH], NULL, "(is)", 1, "ABC"), "nth(1, 'ABC')");
    record(call(f[NTH], NULL, "(iN)", 2, iter_of("[sss]", "a", "b", "c")), "nth(2, iter(abc))");
    record(call(f[NTH], NULL, "(iN)", 5, iter_of("[sss]", "a", "b", "c")), "nth(5, iter(abc))");
    record(call(f[NTH], NULL, "(is)", 5, "ABC"), "nth(5, 'ABC')");
    record(call(f[LAST], NULL, "(s)", "ABC"), "last('ABC')");
    record(call(f[LAST], NULL, "(N)", iter_of("[ii]", 7, 8)), "last(iter([7, 8]))");
    record(call(f[LAST], NULL, "([])"), "last([])");
    record_list(call(f[REST], NULL, "([iii])", 1, 2, 3), "rest([1, 2, 3])");
    record_list(call(f[DROP], NULL, "(i[iiii])", 2, 10, 20, 30, 40), "drop(2, [10, 20, 30, 40])");
    record_list(call(f[DROP], NULL, "(i[i])", 5, 1), "drop(5, [1])");
    record(call(f[GET], NULL, "(is)", 1, "ABC"), "get(1, 'ABC')");
    record(call(f[GET], NULL, "((ii)s)", 1, 2, "ABC"), "get((1, 2), 'ABC')");
    record(call(f[GET], NULL, "([ii]s)", 0, 2, "ABC"), "get([0, 2], 'ABC')");
    record(call(f[GET], NULL, "(s{s:i})", "a", "a", 1), "get('a', {'a': 1})");
    record(call(f[GET], NULL, "(s{s:i})", "b", "a", 1), "get('b', {'a': 1})");
    record(call(f[GET], NULL, "(s{s:i}i)", "b", "a", 1, 0), "get('b', {'a': 1}, 0)");
    record(call(f[GET], NULL, "([ss]{s:i}i)", "a", "b", "a", 1, 0), "get(['a', 'b'], {'a': 1}, 0)");
    record(call(f[GET], NULL, "(is)", 10, "ABC"), "get(10, 'ABC')");
    record(call(f[GET], NULL, "(ii)", 1, 5), "get(1, 5)");

    /* iterate, partition, partition_all */
    {
        /* Infinite: its first five steps, taken while the call is
           pending. */
        PyObject *it = call(f[ITERATE], NULL, "(Oi)", f_inc, 0);
        PyObject *got = PyList_New(0);
        for (int i = 0; it != NULL && got != NULL && i < 5; i++) {
            PyObject *x = PyIter_Next(it);
            if (x == NULL)
                break;
            PyList_Append(got, x);
            Py_DECREF(x);
        }
        print_record(PyErr_Occurred() ? NULL : got, "the first 5 of iterate(inc, 0)");
        Py_XDECREF(got);
        tap(settle(0), "the first 5 of iterate(inc, 0)");
    }
    record_list(call(f[PARTITION], NULL, "(i[iiiii])", 2, 1, 2, 3, 4, 5), "partition(2, [1..5])");
    record_list(call(f[PARTITION_ALL], NULL, "(i[iiiii])", 2, 1, 2, 3, 4, 5), "partition_all(2, [1..5])");
    record_list(call(f[PARTITION_ALL], NULL, "(iN)", 3, iter_of("[iiiiiii]", 10, 11, 12, 13, 14, 15, 16)),
                "partition_all(3, iter([10..16]))");
    record_list(call(f[PARTITION_ALL], NULL, "(i[])", 3), "partition_all(3, [])");

    /* pluck (a single index), join, diff (no default) */
    record_list(call(f[PLUCK], NULL, "(s[{s:i,s:i}{s:i,s:i}])", "id", "id", 1, "n", 2, "id", 3, "n", 4),
                "pluck('id', dicts)");
    record_list(call(f[PLUCK], NULL, "(i[(ii)(ii)])", 1, 1, 2, 3, 4), "pluck(1, pairs)");
    record_list(call(f[PLUCK], NULL, "(i[(ii)(i)])", 1, 1, 2, 3), "pluck(1, a short tuple)");
    record_list(call(f[PLUCK], NULL, "(i[(ii)(i)]i)", 1, 1, 2, 3, -1), "pluck(1, a short tuple, default=-1)");
    record_list(call(f[JOIN], NULL, "(i[(is)(is)(is)]i[(ii)(ii)(ii)])", 0, 1, "one", 2, "two", 3, "three", 0, 1, 10, 2,
                     20, 2, 21),
                "join(0, names, 0, values)");
    record_list(call(f[DIFF], NULL, "([iii][iii])", 1, 2, 3, 1, 5, 3), "diff([1, 2, 3], [1, 5, 3])");
    record_list(call(f[DIFF], NULL, "([iii])", 1, 2, 3), "diff([1, 2, 3])");

    for (int i = 0; i < N_FUNCS; i++)
        Py_DECREF(f[i]);
    Py_DECREF(f_inc);
    Py_DECREF(f_iseven);
    Py_DECREF(f_mod3);
    Py_DECREF(f_add);
    Py_DECREF(f_len);
}

/* A module `name` in sys.modules with each of the NULL-terminated names
   set to None. */
static PyObject *stand_in(const char *name, ...)
{
    PyObject *m = PyImport_AddModule(name);
    if (m == NULL)
        bail("making %s", name);
    va_list va;
    va_start(va, name);
    for (const char *a; (a = va_arg(va, const char *)) != NULL;)
        if (PyModule_AddObjectRef(m, a, Py_None) < 0)
            bail("%s.%s", name, a);
    va_end(va);
    return m;
}

/* As CORPUS_MAIN, with the stand-in modules (see the top) first. */
int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    stand_in("collections", "deque", NULL);
    stand_in("heapq", "heapify", "heappop", "heapreplace", NULL);
    stand_in("operator", "itemgetter", NULL);
    PyObject *itertools = stand_in("itertools", "islice", "zip_longest", NULL);
    PyObject *chain = PyModule_New("itertools.chain");
    if (chain == NULL || PyModule_AddObjectRef(chain, "from_iterable", Py_None) < 0
        || PyModule_AddObject(itertools, "chain", chain) < 0)
        bail("itertools.chain");
    PyObject *package = stand_in("cytoolz", NULL);
    PyObject *utils = stand_in("cytoolz.utils", NULL);
    if (PyModule_AddStringConstant(utils, "no_default", "__no__default__") < 0
        || PyModule_AddObjectRef(package, "utils", utils) < 0)
        bail("cytoolz.utils");
    PyObject *module = load_module(argv[1], "itertoolz");
    run(module, argv[2]);
    return tap_done();
}
