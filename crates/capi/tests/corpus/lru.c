/* lru-dict 1.4.1's `_lru`: one GC type, LRU, a dict-like map that keeps a
 * doubly linked list in use order over a real dict. It goes through the
 * mapping protocol (mp_subscript / mp_ass_subscript / mp_length), a
 * METH_COEXIST __contains__, PyArg_ParseTupleAndKeywords with defaults,
 * PyDict_* on its own dict, PyObject_CallFunctionObjArgs for the eviction
 * callback, tp_repr through the inner dict, and tp_traverse / tp_clear.
 *
 * Vectors: test/test_lru.py (the sizes, access order, peeks, stats,
 * pop/popitem, setdefault, update, the callback, errors).
 */
#include "corpus.h"

/* The eviction callback's log: a list of (key, value) pairs. */
static PyObject *evicted;

static PyObject *on_evict(PyObject *self, PyObject *args)
{
    (void)self;
    if (PyList_Append(evicted, args) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *on_evict_fails(PyObject *self, PyObject *args)
{
    (void)self, (void)args;
    PyErr_SetString(PyExc_RuntimeError, "the callback fails");
    return NULL;
}

static PyMethodDef evict_def = {"on_evict", on_evict, METH_VARARGS, NULL};
static PyMethodDef evict_fails_def = {"on_evict_fails", on_evict_fails, METH_VARARGS, NULL};

/* Makes the result of a protocol call made directly (after begin_call and
   watch) the pending result, as call() does for a call through the
   arguments' tuple. */
static PyObject *direct(PyObject *r)
{
    pending = 1;
    pending_args = PyTuple_New(0);
    pending_kwargs = NULL;
    pending_result = r;
    return r;
}

static PyObject *status(int rc)
{
    return direct(rc < 0 ? NULL : Py_NewRef(Py_None));
}

/* callable(*args, **kwargs), or self.<name>(...) when `name` is given
   (kwargs stolen, may be NULL), for a call that keeps or drops its
   arguments by design (setdefault, pop, update, the callback LRU keeps):
   only `self` is watched. */
static PyObject *unwatched(PyObject *self, const char *name, PyObject *callable, PyObject *kwargs,
                           const char *fmt, ...)
{
    begin_call(self);
    PyObject *method = name != NULL ? attr(self, name) : Py_NewRef(callable);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = PyObject_Call(method, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    Py_DECREF(method);
    return direct(r);
}

static PyObject *item(PyObject *l, PyObject *key)
{
    begin_call(l);
    watch(key, "key");
    return direct(PyObject_GetItem(l, key));
}

static void set_int(PyObject *l, long k, long v, const char *what)
{
    /* The map keeps the key and the value: only `l` is watched. */
    PyObject *key = PyLong_FromLong(k), *value = PyLong_FromLong(v);
    begin_call(l);
    int rc = PyObject_SetItem(l, key, value);
    record(status(rc), what);
    Py_DECREF(key);
    Py_DECREF(value);
}

static void set_str(PyObject *l, const char *k, PyObject *value, const char *what)
{
    PyObject *key = PyUnicode_FromString(k);
    begin_call(l);
    int rc = PyObject_SetItem(l, key, value);
    record(status(rc), what);
    Py_DECREF(key);
}

/* The map drops its own reference to the stored key (the same object as
   `key` when CPython shares it, as one-character strings are): only `l`
   is watched. */
static void del_key(PyObject *l, PyObject *key, const char *what)
{
    begin_call(l);
    int rc = PyObject_DelItem(l, key);
    record(status(rc), what);
}

static void state(PyObject *l, const char *what)
{
    char buf[160];
    snprintf(buf, sizeof buf, "%s: keys()", what);
    record(call_attr(l, "keys", NULL, "()"), buf);
    snprintf(buf, sizeof buf, "%s: items()", what);
    record(call_attr(l, "items", NULL, "()"), buf);
    snprintf(buf, sizeof buf, "%s: len()", what);
    begin_call(l);
    Py_ssize_t n = PyObject_Size(l);
    record(direct(n < 0 ? NULL : PyLong_FromSsize_t(n)), buf);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *LRU = attr(module, "LRU");
    evicted = PyList_New(0);

    /* test_invalid_size, test_empty */
    record(call(LRU, NULL, "(i)", -1), "LRU(-1)");
    record(call(LRU, NULL, "(i)", 0), "LRU(0)");
    record(call(LRU, NULL, "(s)", "x"), "LRU('x')");
    record(call(LRU, NULL, "()"), "LRU()");
    record(call(LRU, kw_dict("{s:i}", "nope", 1), "(i)", 1), "LRU(1, nope=1)");
    PyObject *l = record_keep(call(LRU, NULL, "(i)", 1), "LRU(1)");
    state(l, "empty");
    record(call_attr(l, "peek_first_item", NULL, "()"), "empty peek_first_item()");
    record(call_attr(l, "popitem", NULL, "()"), "empty popitem()");
    Py_DECREF(l);

    /* test_add_multiple, test_access, test_lru: eviction in use order */
    l = record_keep(call(LRU, NULL, "(i)", 3), "LRU(3)");
    for (long i = 0; i < 5; i++) {
        char what[64];
        snprintf(what, sizeof what, "l[%ld] = %ld", i, i * 10);
        set_int(l, i, i * 10, what);
    }
    state(l, "after 5 sets");
    PyObject *k = PyLong_FromLong(2);
    record(item(l, k), "l[2] (now the most recent)");
    state(l, "after l[2]");
    Py_DECREF(k);
    k = PyLong_FromLong(0);
    record(item(l, k), "l[0] (evicted)");
    Py_DECREF(k);
    PyObject *s = PyUnicode_FromString("missing");
    record(item(l, s), "l['missing']");
    Py_DECREF(s);
    record(call_attr(l, "peek_first_item", NULL, "()"), "peek_first_item()");
    record(call_attr(l, "peek_last_item", NULL, "()"), "peek_last_item()");
    state(l, "after peeks (no reordering)");
    record(call_attr(l, "get_stats", NULL, "()"), "get_stats()");

    /* test_contains, test_has_key */
    k = PyLong_FromLong(3);
    begin_call(l);
    watch(k, "key");
    int has = PySequence_Contains(l, k);
    record(direct(has < 0 ? NULL : PyBool_FromLong(has)), "3 in l");
    record(call_attr(l, "has_key", NULL, "(O)", k), "has_key(3)");
    record(call_attr(l, "__contains__", NULL, "(i)", 99), "__contains__(99)");
    record(call_attr(l, "has_key", NULL, "()"), "has_key()");

    /* get with defaults and keywords */
    record(call_attr(l, "get", NULL, "(O)", k), "get(3)");
    record(call_attr(l, "get", NULL, "(is)", 99, "dflt"), "get(99, 'dflt')");
    record(call_attr(l, "get", kw_dict("{s:i,s:s}", "key", 98, "default", "kw"), "()"), "get(key=98, default='kw')");
    record(call_attr(l, "get", NULL, "(i)", 99), "get(99)");
    record(call_attr(l, "get", NULL, "()"), "get()");
    Py_DECREF(k);

    /* test_capacity_get / set: shrinking evicts the least recent */
    record(call_attr(l, "get_size", NULL, "()"), "get_size()");
    record(call_attr(l, "set_size", NULL, "(i)", 2), "set_size(2)");
    state(l, "after set_size(2)");
    record(call_attr(l, "set_size", NULL, "(i)", 0), "set_size(0)");
    record(call_attr(l, "set_size", NULL, "(s)", "a"), "set_size('a')");
    record(call_attr(l, "set_size", NULL, "(i)", 5), "set_size(5)");

    /* test_unhashable */
    PyObject *unhashable = PyList_New(0);
    record(item(l, unhashable), "l[[]]");
    set_str(l, "list", unhashable, "l['list'] = []");
    begin_call(l);
    watch(unhashable, "key");
    record(status(PyObject_SetItem(l, unhashable, Py_None)), "l[[]] = None");
    Py_DECREF(unhashable);

    /* test_get_and_del */
    k = PyUnicode_FromString("list");
    del_key(l, k, "del l['list']");
    del_key(l, k, "del l['list'] again");
    Py_DECREF(k);
    state(l, "after del");

    /* test_overwrite, test_setdefault, test_pop, test_popitem */
    set_int(l, 4, 400, "l[4] = 400 (overwrite)");
    record(unwatched(l, "setdefault", NULL, NULL, "(ii)", 7, 70), "setdefault(7, 70)");
    record(call_attr(l, "setdefault", NULL, "(ii)", 7, 71), "setdefault(7, 71)");
    record(unwatched(l, "setdefault", NULL, NULL, "(i)", 8), "setdefault(8)");
    record(call_attr(l, "setdefault", NULL, "()"), "setdefault()");
    state(l, "after setdefault");
    record(unwatched(l, "pop", NULL, NULL, "(i)", 7), "pop(7)");
    record(call_attr(l, "pop", NULL, "(i)", 7), "pop(7) again");
    record(call_attr(l, "pop", NULL, "(is)", 7, "gone"), "pop(7, 'gone')");
    record(call_attr(l, "pop", kw_dict("{s:i,s:i}", "key", 7, "default", 0), "()"), "pop(key=7, default=0)");
    record(call_attr(l, "popitem", NULL, "()"), "popitem()");
    record(call_attr(l, "popitem", kw_dict("{s:O}", "least_recent", Py_False), "()"), "popitem(least_recent=False)");
    record(call_attr(l, "popitem", NULL, "(O)", Py_True), "popitem(True)");
    state(l, "after pops");
    record(call_attr(l, "get_stats", NULL, "()"), "get_stats()");

    /* test_update */
    record(unwatched(l, "update", NULL, NULL, "({s:i,s:i})", "a", 1, "b", 2), "update({'a': 1, 'b': 2})");
    record(unwatched(l, "update", NULL, kw_dict("{s:i}", "c", 3), "()"), "update(c=3)");
    record(call_attr(l, "update", NULL, "(i)", 5), "update(5)");
    record(call_attr(l, "update", NULL, "({s:i}{s:i})", "a", 1, "b", 2), "update({}, {})");
    state(l, "after update");
    record(call_attr(l, "values", NULL, "()"), "values()");
    begin_call(l);
    record(direct(PyObject_Repr(l)), "repr(l)");
    record(call_attr(l, "clear", NULL, "()"), "clear()");
    state(l, "after clear");
    record(call_attr(l, "get_stats", NULL, "()"), "get_stats() after clear");
    Py_DECREF(l);

    /* test_callback */
    PyObject *cb = PyCFunction_New(&evict_def, NULL);
    l = record_keep(unwatched(NULL, NULL, LRU, kw_dict("{s:O}", "callback", cb), "(i)", 1), "LRU(1, callback=on_evict)");
    PyObject *one = PyLong_FromLong(1);
    set_str(l, "a", one, "l['a'] = 1");
    set_str(l, "b", one, "l['b'] = 1 (evicts a)");
    set_str(l, "b", one, "l['b'] = 1 again (no eviction)");
    record_value(evicted, "evicted so far");
    record(call_attr(l, "set_callback", NULL, "(O)", Py_None), "set_callback(None)");
    set_str(l, "c", one, "l['c'] = 1 (no callback)");
    record(unwatched(l, "set_callback", NULL, NULL, "(O)", cb), "set_callback(on_evict)");
    k = PyUnicode_FromString("c");
    del_key(l, k, "del l['c'] (no callback)");
    Py_DECREF(k);
    record(call_attr(l, "set_callback", NULL, "(i)", 5), "set_callback(5)");
    record(call_attr(l, "set_callback", NULL, "()"), "set_callback()");
    record_value(evicted, "evicted");
    Py_DECREF(l);
    PyObject *bad = PyCFunction_New(&evict_fails_def, NULL);
    l = record_keep(unwatched(NULL, NULL, LRU, kw_dict("{s:O}", "callback", bad), "(i)", 1), "LRU(1, callback=on_evict_fails)");
    set_str(l, "a", one, "l['a'] = 1");
    set_str(l, "b", one, "l['b'] = 1 (the callback fails)");
    /* _lru ignores the callback's result and returns success with the
       callback's exception still set, on CPython as here. */
    PyObject *left = PyErr_Occurred();
    record_value(left ? (PyObject *)left : Py_None, "the exception left set after the failing callback");
    PyErr_Clear();
    state(l, "after the failing callback");
    record(call(LRU, kw_dict("{s:i}", "callback", 3), "(i)", 1), "LRU(1, callback=3)");
    Py_DECREF(l);
    Py_DECREF(one);
    Py_DECREF(bad);
    Py_DECREF(cb);
    Py_DECREF(evicted);
    Py_DECREF(LRU);
}

CORPUS_MAIN("_lru", run)
