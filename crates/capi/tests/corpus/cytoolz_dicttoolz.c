/* cytoolz 1.2.0's `cytoolz.dicttoolz`: a Cython 3.3.0 module (the .c the
 * sdist ships) of dict functions built on PyDict_Next (and the mapping
 * protocol through `.items()` for other mappings), PyDict_GetItem /
 * PyObject_GetItem / PyObject_SetItem, PyIter_Next over an iterable of
 * dicts, calls of user functions, `factory=` keyword arguments, and
 * errors (TypeError, KeyError, IndexError) raised through Cython code.
 *
 * Vectors: tests/test_dicttoolz.py of the sdist (its TestDict, with dict
 * inputs), the functions from docstring examples, and errors;
 * results compared line by line with CPython's.
 *
 * The module's one standard-library import, `from collections import
 * abc` (for `abc.Mapping`, which merge / merge_with test to accept a
 * single iterable of dicts), is stood in for by a `collections` module
 * made here whose `abc.Mapping` is `dict` -- the same under both hosts.
 */
#include "corpus.h"

/* The user functions the tests pass, as C functions. */
static PyObject *inc(PyObject *self, PyObject *x)
{
    (void)self;
    PyObject *one = PyLong_FromLong(1);
    PyObject *r = one ? PyNumber_Add(x, one) : NULL;
    Py_XDECREF(one);
    return r;
}

static PyObject *iseven(PyObject *self, PyObject *x)
{
    (void)self;
    PyObject *two = PyLong_FromLong(2);
    PyObject *r = PyNumber_Remainder(x, two);
    Py_DECREF(two);
    if (r == NULL)
        return NULL;
    int zero = PyObject_Not(r);
    Py_DECREF(r);
    return zero < 0 ? NULL : PyBool_FromLong(zero);
}

/* sum(iterable), which pybuffer's builtins do not have. */
static PyObject *total(PyObject *self, PyObject *iterable)
{
    (void)self;
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL)
        return NULL;
    PyObject *acc = PyLong_FromLong(0), *item;
    while (acc != NULL && (item = PyIter_Next(it)) != NULL) {
        PyObject *next = PyNumber_Add(acc, item);
        Py_DECREF(item);
        Py_SETREF(acc, next);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        Py_CLEAR(acc);
    return acc;
}

/* An item (k, v) -> (v, k). */
static PyObject *swap(PyObject *self, PyObject *item)
{
    (void)self;
    PyObject *k, *v;
    if (!PyArg_ParseTuple(item, "OO:swap", &k, &v))
        return NULL;
    return PyTuple_Pack(2, v, k);
}

/* An item (k, v) -> iseven(k) and v > 1. */
static PyObject *item_pred(PyObject *self, PyObject *item)
{
    (void)self;
    PyObject *k, *v;
    if (!PyArg_ParseTuple(item, "OO:item_pred", &k, &v))
        return NULL;
    PyObject *even = iseven(NULL, k);
    if (even == NULL || even == Py_False)
        return even;
    Py_DECREF(even);
    PyObject *one = PyLong_FromLong(1);
    PyObject *r = PyObject_RichCompare(v, one, Py_GT);
    Py_DECREF(one);
    return r;
}

static PyMethodDef functions[] = {
    {"inc", inc, METH_O, NULL},
    {"iseven", iseven, METH_O, NULL},
    {"total", total, METH_O, NULL},
    {"swap", swap, METH_O, NULL},
    {"item_pred", item_pred, METH_O, NULL},
    {NULL, NULL, 0, NULL},
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

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *merge = attr(module, "merge"), *merge_with = attr(module, "merge_with");
    PyObject *valmap = attr(module, "valmap"), *keymap = attr(module, "keymap"), *itemmap = attr(module, "itemmap");
    PyObject *valfilter = attr(module, "valfilter"), *keyfilter = attr(module, "keyfilter");
    PyObject *itemfilter = attr(module, "itemfilter"), *assoc = attr(module, "assoc"), *dissoc = attr(module, "dissoc");
    PyObject *assoc_in = attr(module, "assoc_in"), *update_in = attr(module, "update_in"), *get_in = attr(module, "get_in");
    PyObject *f_inc = fn("inc"), *f_iseven = fn("iseven"), *f_total = fn("total"), *f_swap = fn("swap");
    PyObject *f_item_pred = fn("item_pred");

    /* merge */
    record(call(merge, NULL, "({i:i,i:i}{i:i})", 1, 1, 2, 2, 3, 4), "merge({1: 1, 2: 2}, {3: 4})");
    record(call(merge, NULL, "([{i:i,i:i}{i:i}])", 1, 1, 2, 2, 3, 4), "merge([{1: 1, 2: 2}, {3: 4}])");
    record(call(merge, NULL, "({i:i}{i:i}{i:i})", 1, 1, 1, 2, 1, 3), "merge: the last value wins");
    record(call(merge, NULL, "()"), "merge()");
    record(call(merge, kw_dict("{s:O}", "factory", (PyObject *)&PyDict_Type), "({s:i})", "a", 1),
           "merge({'a': 1}, factory=dict)");
    record(call(merge, kw_dict("{s:i}", "foo", 1), "({s:i})", "a", 1), "merge(..., foo=1)");
    record(call(merge, NULL, "(i)", 1), "merge(1)");
    record(call(merge, NULL, "({i:i}i)", 1, 1, 2), "merge({1: 1}, 2)");
    record(call(merge, NULL, "([{i:i}i])", 1, 1, 2), "merge([{1: 1}, 2])");

    /* merge_with */
    record(call(merge_with, NULL, "(O{i:i,i:i}{i:i,i:i})", f_total, 1, 1, 2, 2, 1, 10, 2, 20),
           "merge_with(sum, {1: 1, 2: 2}, {1: 10, 2: 20})");
    record(call(merge_with, NULL, "(O{i:i,i:i}{i:i,i:i})", &PyTuple_Type, 1, 1, 2, 2, 1, 10, 2, 20),
           "merge_with(tuple, ...)");
    record(call(merge_with, NULL, "(O{i:i,i:i,i:i}{i:i,i:i})", &PyTuple_Type, 1, 1, 2, 2, 3, 3, 1, 10, 2, 20),
           "merge_with(tuple, uneven dicts)");
    record(call(merge_with, NULL, "(O)", f_total), "merge_with(sum)");
    record(call(merge_with, NULL, "(O({i:i}{i:i}))", f_total, 1, 1, 1, 10), "merge_with(sum, (d1, d2))");
    {
        PyObject *dicts = Py_BuildValue("({i:i}{i:i})", 1, 1, 1, 10);
        PyObject *it = PyObject_GetIter(dicts);
        record(call(merge_with, NULL, "(OO)", f_total, it), "merge_with(sum, iter((d1, d2)))");
        Py_DECREF(it);
        Py_DECREF(dicts);
    }
    record(call(merge_with, NULL, "(O{i:s}{i:i})", f_total, 1, "a", 1, 2), "merge_with(sum, {1: 'a'}, {1: 2})");
    record(call(merge_with, kw_dict("{s:O}", "factory", (PyObject *)&PyDict_Type), "(O{i:i})", &PyList_Type, 1, 2),
           "merge_with(list, {1: 2}, factory=dict)");

    /* valmap, keymap, itemmap */
    record(call(valmap, NULL, "(O{i:i,i:i})", f_inc, 1, 1, 2, 2), "valmap(inc, {1: 1, 2: 2})");
    record(call(keymap, NULL, "(O{i:i,i:i})", f_inc, 1, 1, 2, 2), "keymap(inc, {1: 1, 2: 2})");
    record(call(itemmap, NULL, "(O{i:i,i:i})", f_swap, 1, 2, 2, 4), "itemmap(swap, {1: 2, 2: 4})");
    record(call(valmap, NULL, "(O{i:s})", f_inc, 1, "a"), "valmap(inc, {1: 'a'})");
    record(call(keymap, NULL, "(O{s:i})", f_inc, "a", 1), "keymap(inc, {'a': 1})");
    record(call(keymap, NULL, "(O{i:i})", &PyList_Type, 1, 1), "keymap(list, {1: 1}): list(1)");
    record(call(valmap, NULL, "(O{})", f_inc), "valmap(inc, {})");
    record(call(valmap, NULL, "(Oi)", f_inc, 3), "valmap(inc, 3)");
    record(call(valmap, kw_dict("{s:O}", "factory", (PyObject *)&PyDict_Type), "(O{i:i})", f_inc, 1, 1),
           "valmap(inc, ..., factory=dict)");

    /* valfilter, keyfilter, itemfilter */
    record(call(valfilter, NULL, "(O{i:i,i:i,i:i})", f_iseven, 1, 2, 2, 3, 3, 4), "valfilter(iseven, {1: 2, 2: 3, 3: 4})");
    record(call(keyfilter, NULL, "(O{i:i,i:i,i:i})", f_iseven, 1, 2, 2, 3, 3, 4), "keyfilter(iseven, {1: 2, 2: 3, 3: 4})");
    record(call(itemfilter, NULL, "(O{i:i,i:i,i:i,i:i})", f_item_pred, 1, 2, 2, 3, 3, 4, 4, 1),
           "itemfilter(even key and value > 1, ...)");
    record(call(valfilter, NULL, "(O{i:s})", f_iseven, 1, "a"), "valfilter(iseven, {1: 'a'})");

    /* assoc, dissoc */
    {
        PyObject *d = Py_BuildValue("{s:i}", "x", 1);
        record(call(assoc, NULL, "(Osi)", d, "x", 2), "assoc({'x': 1}, 'x', 2)");
        record(call(assoc, NULL, "(Osi)", d, "y", 3), "assoc({'x': 1}, 'y', 3)");
        record(call(dissoc, NULL, "(Os)", d, "x"), "dissoc({'x': 1}, 'x')");
        record(call(dissoc, NULL, "(Osss)", d, "x", "y", "z"), "dissoc({'x': 1}, 'x', 'y', 'z')");
        record(call(dissoc, NULL, "(O)", d), "dissoc({'x': 1})");
        record_value(d, "the input after assoc / dissoc (unchanged)");
        record(call(assoc, NULL, "(O[i]i)", d, 1, 2), "assoc(d, [1], 2): unhashable key");
        record(call(assoc, NULL, "(isi)", 3, "a", 1), "assoc(3, 'a', 1)");
        record(call(assoc, kw_dict("{s:O}", "factory", (PyObject *)&PyDict_Type), "(Osi)", d, "a", 1),
               "assoc(d, 'a', 1, factory=dict)");
        Py_DECREF(d);
    }

    /* assoc_in, update_in, get_in */
    {
        PyObject *d = Py_BuildValue("{s:{s:i},s:i}", "a", "b", 1, "c", 2);
        record(call(assoc_in, NULL, "(O[ss]i)", d, "a", "b", 5), "assoc_in(d, ['a', 'b'], 5)");
        record(call(assoc_in, NULL, "(O[ss]i)", d, "x", "y", 5), "assoc_in(d, ['x', 'y'], 5)");
        record(call(assoc_in, NULL, "({}[s]i)", "a", 1), "assoc_in({}, ['a'], 1)");
        record(call(assoc_in, NULL, "(O[ss]i)", d, "c", "d", 5), "assoc_in(d, ['c', 'd'], 5): 2 is not a dict");
        record(call(update_in, NULL, "(O[ss]O)", d, "a", "b", f_inc), "update_in(d, ['a', 'b'], inc)");
        record(call(update_in, kw_dict("{s:i}", "default", 10), "(O[ss]O)", d, "x", "y", f_inc),
               "update_in(d, ['x', 'y'], inc, default=10)");
        record(call(update_in, NULL, "(O[s]O)", d, "z", f_inc), "update_in(d, ['z'], inc): inc(None)");
        record(call(update_in, NULL, "(O[]O)", d, f_inc), "update_in(d, [], inc)");
        record(call(get_in, NULL, "([ss]O)", "a", "b", d), "get_in(['a', 'b'], d)");
        record(call(get_in, NULL, "([ss]O)", "a", "x", d), "get_in(['a', 'x'], d)");
        record(call(get_in, NULL, "([ss]Oi)", "a", "x", d, 7), "get_in(['a', 'x'], d, 7)");
        record(call(get_in, kw_dict("{s:O}", "no_default", Py_True), "([ss]O)", "a", "x", d),
               "get_in(['a', 'x'], d, no_default=True)");
        record(call(get_in, NULL, "([ii][[ii][ii]])", 1, 0, 1, 2, 3, 4), "get_in([1, 0], [[1, 2], [3, 4]])");
        record(call(get_in, kw_dict("{s:O}", "no_default", Py_True), "([i][i])", 5, 1), "get_in([5], [1], no_default=True)");
        record(call(get_in, NULL, "([s]O)", "a", Py_None), "get_in(['a'], None)");
        record(call(get_in, kw_dict("{s:O}", "no_default", Py_True), "([s]O)", "a", Py_None),
               "get_in(['a'], None, no_default=True)");
        record(call(get_in, NULL, "([]O)", d), "get_in([], d)");
        record_value(d, "the input after assoc_in / update_in (unchanged)");
        Py_DECREF(d);
    }

    /* A larger merge: 200 dicts of 50 keys each. */
    {
        PyObject *dicts = PyList_New(0);
        for (int i = 0; i < 200; i++) {
            PyObject *dd = PyDict_New();
            for (int k = 0; k < 50; k++) {
                PyObject *key = PyLong_FromLong((i * 7 + k) % 300), *v = PyLong_FromLong(i * k);
                PyDict_SetItem(dd, key, v);
                Py_DECREF(key);
                Py_DECREF(v);
            }
            PyList_Append(dicts, dd);
            Py_DECREF(dd);
        }
        PyObject *merged = take(call(merge, NULL, "(O)", dicts));
        PyObject *n = PyLong_FromSsize_t(merged ? PyDict_Size(merged) : -1);
        record_value(n, "merge(200 dicts of 50): len");
        Py_DECREF(n);
        Py_XDECREF(merged);
        PyObject *summed = take(call(merge_with, NULL, "(OO)", f_total, dicts));
        PyObject *key = PyLong_FromLong(123);
        PyObject *v = summed ? PyDict_GetItem(summed, key) : NULL;
        record_value(v ? v : Py_None, "merge_with(sum, 200 dicts)[123]");
        Py_DECREF(key);
        Py_XDECREF(summed);
        Py_DECREF(dicts);
    }

    PyObject *all[] = {merge, merge_with, valmap, keymap, itemmap, valfilter, keyfilter, itemfilter, assoc, dissoc,
                       assoc_in, update_in, get_in, f_inc, f_iseven, f_total, f_swap, f_item_pred};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        Py_DECREF(all[i]);
}

/* As CORPUS_MAIN, with a `collections` module whose `abc.Mapping` is
   dict (see the top) and the `cytoolz` package in sys.modules first. */
int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    PyObject *collections = PyImport_AddModule("collections");
    PyObject *abc = PyImport_AddModule("collections.abc");
    if (collections == NULL || abc == NULL || PyImport_AddModule("cytoolz") == NULL
        || PyModule_AddObjectRef(abc, "Mapping", (PyObject *)&PyDict_Type) < 0
        || PyModule_AddObjectRef(collections, "abc", abc) < 0)
        bail("making the stand-in modules failed");
    PyObject *module = load_module(argv[1], "dicttoolz");
    run(module, argv[2]);
    return tap_done();
}
