/* fastcache 1.1.0: functools.lru_cache in C. clru_cache(maxsize=,
 * typed=, state=, unhashable=) parses "|OpOO:lrucache" and returns a
 * decorator object; calling it with a function gives a cache object (a
 * static type with T_OBJECT members, a __dict__ getset and per-instance
 * PyThread lock, since CPython's pyport.h defines WITH_THREAD) whose calls
 * hash (args, kwargs[, types]) into a HashedArgs object, find it in a
 * dict, and keep a circular list of nodes in use order; unhashable
 * arguments raise TypeError, warn (PyErr_WarnEx UserWarning) or pass
 * through; extra `state` (a list or dict) is part of the key.
 * cache_info() builds collections.namedtuple("CacheInfo", ...) objects.
 *
 * pybuffer has no `collections`: when the host has none, the driver puts
 * a stand-in namedtuple in sys.modules whose classes build plain tuples,
 * and cache_info() results are compared as tuples.
 *
 * Vectors: fastcache/tests/test_clrucache.py (function attributes, the
 * arg_gen sweep with list and dict state, the memory-leak sweep, the
 * three unhashable modes, state types, typed=False / typed=True with
 * positional and keyword arguments, dynamic attributes) with C functions
 * as the wrapped callables (pybuffer runs no Python functions). Its lock
 * calls Py_MakePendingCalls when a lock wait is interrupted.
 */
#include "corpus.h"

static PyObject *clru_cache;
static long calls; /* how often a wrapped function ran */

/* namedtuple(name, fields) stand-in: a callable packing its arguments. */
static PyObject *pack(PyObject *self, PyObject *args)
{
    (void)self;
    return Py_NewRef(args);
}
static PyMethodDef PACK = {"CacheInfo", pack, METH_VARARGS, NULL};
static PyObject *namedtuple(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return PyCFunction_New(&PACK, NULL);
}
static PyMethodDef NAMEDTUPLE = {"namedtuple", namedtuple, METH_VARARGS, NULL};

static void provide_collections(void)
{
    PyObject *c = PyImport_ImportModule("collections");
    if (c != NULL) {
        Py_DECREF(c);
        return;
    }
    PyErr_Clear();
    PyObject *m = PyImport_AddModule("collections"); /* borrowed */
    PyObject *f = PyCFunction_New(&NAMEDTUPLE, NULL);
    if (m == NULL || f == NULL || PyObject_SetAttrString(m, "namedtuple", f) < 0)
        bail("cannot provide collections");
    Py_DECREF(f);
}

/* tfunc(a, b, c=None) of test_function_cache: (a, b, c, c, a) while
   state[0] is true, else 2*a - 10*b. */
static PyObject *cat_state;
static PyObject *without_self(PyObject *args);
static PyObject *tfunc(PyObject *self, PyObject *args_with_self, PyObject *kwargs)
{
    (void)self;
    static char *kwlist[] = {"a", "b", "c", NULL};
    PyObject *a, *b, *c = Py_None;
    PyObject *args = without_self(args_with_self);
    int ok = args && PyArg_ParseTupleAndKeywords(args, kwargs, "OO|O:tfunc", kwlist, &a, &b, &c);
    Py_XDECREF(args); /* a, b and c stay alive in args_with_self */
    if (!ok)
        return NULL;
    calls++;
    if (cat_state != NULL && PyObject_IsTrue(PyList_GET_ITEM(cat_state, 0)))
        return PyTuple_Pack(5, a, b, c, c, a);
    long va = PyLong_AsLong(a), vb = PyLong_AsLong(b);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(2 * va - 10 * vb);
}
static PyMethodDef TFUNC = {"tfunc", (PyCFunction)(void (*)(void))tfunc, METH_VARARGS | METH_KEYWORDS,
                            "test function docstring."};

/* a + b (typed tests) and (a, b) (unhashable tests). */
static PyObject *add(PyObject *self, PyObject *args_with_self, PyObject *kwargs)
{
    (void)self;
    static char *kwlist[] = {"a", "b", NULL};
    PyObject *a, *b;
    PyObject *args = without_self(args_with_self);
    int ok = args && PyArg_ParseTupleAndKeywords(args, kwargs, "OO:add", kwlist, &a, &b);
    Py_XDECREF(args);
    if (!ok)
        return NULL;
    calls++;
    return PyNumber_Add(a, b);
}
static PyMethodDef ADD = {"add", (PyCFunction)(void (*)(void))add, METH_VARARGS | METH_KEYWORDS, NULL};
static PyObject *pair(PyObject *self, PyObject *args)
{
    (void)self;
    calls++;
    return without_self(args);
}
static PyMethodDef PAIR = {"pair", pair, METH_VARARGS, NULL};

/* The wrapped callables: fastcache reads a function's __dict__ and uses
   it as the cache object's instance dict, so a C function (which has
   none) will not do. Each is an instance of a class made by type() whose
   __call__ is the C function bound with PyInstanceMethod_New: it gets
   the instance first, and drops it. */
static PyObject *without_self(PyObject *args)
{
    return PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
}

static PyObject *callable_of(PyMethodDef *def, const char *name)
{
    PyObject *f = PyCFunction_New(def, NULL);
    PyObject *m = f ? PyInstanceMethod_New(f) : NULL;
    PyObject *cls = m ? PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){sOss}", name,
                                              (PyObject *)&PyBaseObject_Type, "__call__", m, "__doc__",
                                              "test function docstring.")
                      : NULL;
    PyObject *obj = cls ? PyObject_CallNoArgs(cls) : NULL;
    if (obj == NULL)
        bail("cannot make the callable %s", name);
    Py_DECREF(cls);
    Py_DECREF(m);
    Py_DECREF(f);
    return obj;
}

/* A cache keeps its arguments (the key), its results and its state, so
   calls that go through one are not refcount-watched: ccall() calls
   without watching and out() records what it returned. */
static PyObject *ccall(PyObject *callable, PyObject *kwargs, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args == NULL)
        bail("bad argument format %s", fmt);
    PyObject *r = PyObject_Call(callable, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

/* Records a result no call() produced, then releases it. */
static void out(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

/* A result kept for an identity check; NULL fails the line. */
static PyObject *ckeep(PyObject *r, const char *what)
{
    if (r == NULL)
        diag_exception();
    tap(r != NULL, what);
    return r;
}

/* clru_cache(**kw)(fn); bails out if that fails. */
static PyObject *cached(PyMethodDef *def, PyObject *kw, const char *what)
{
    PyObject *fn = callable_of(def, def->ml_name);
    PyObject *deco = ckeep(ccall(clru_cache, kw, "()"), what);
    if (deco == NULL)
        bail("clru_cache failed");
    PyObject *c = PyObject_CallOneArg(deco, fn);
    Py_DECREF(deco);
    Py_DECREF(fn);
    if (c == NULL)
        bail("decorating failed");
    return c;
}

static void info(PyObject *c, const char *what)
{
    PyObject *r = PyObject_CallMethod(c, "cache_info", NULL);
    PyObject *t = r ? PySequence_Tuple(r) : NULL;
    Py_XDECREF(r);
    print_record(t, what);
    tap(t != NULL, what);
    Py_XDECREF(t);
}

/* arg_gen(1, max, repeat) of the test file: cfunc(j, k[, c=j-k]) must
   equal the unwrapped function's result for every (j, k) pair. */
static void sweep(PyObject *c, int max, int repeat, int with_c, const char *what)
{
    PyObject *direct = PyObject_GetAttrString(c, "__wrapped__");
    if (direct == NULL)
        bail("no __wrapped__");
    int ok = 1;
    for (int i = 1; i < max; i++)
        for (int r = 0; r < repeat; r++)
            for (int j = 0, k = i; j < i; j++, k--) {
                PyObject *got = with_c ? ccall(c, kw_dict("{s:i}", "c", j - k), "(ii)", j, k)
                                       : ccall(c, NULL, "(ii)", j, k);
                if (got == NULL)
                    PyErr_Clear();
                PyObject *args = Py_BuildValue("(ii)", j, k);
                PyObject *kw = with_c ? kw_dict("{s:i}", "c", j - k) : NULL;
                long before = calls;
                PyObject *want = PyObject_Call(direct, args, kw);
                calls = before;
                if (got == NULL || want == NULL || PyObject_RichCompareBool(got, want, Py_EQ) != 1) {
                    if (ok)
                        diag("cfunc(%d, %d) differs from the function's result; ", j, k);
                    ok = 0;
                }
                Py_XDECREF(got);
                Py_XDECREF(want);
                Py_DECREF(args);
                Py_XDECREF(kw);
            }
    tap(ok, what);
    Py_DECREF(direct);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    provide_collections();
    clru_cache = attr(module, "clru_cache");
    PyObject *doc = attr(clru_cache, "__doc__");
    record_value(doc, "clru_cache.__doc__");
    Py_DECREF(doc);

    /* test_function_attributes. */
    PyObject *c = cached(&TFUNC, NULL, "clru_cache()");
    /* (cfunc.__doc__ reads the wrapped callable as a PyFunctionObject:
       with a C function wrapped, it reads past the object, on CPython too.) */
    expect_true(PyObject_HasAttrString(c, "cache_info") && PyObject_HasAttrString(c, "cache_clear")
                    && PyObject_HasAttrString(c, "__wrapped__"),
                "cfunc has cache_info, cache_clear and __wrapped__");
    PyObject *w = PyObject_GetAttrString(c, "__wrapped__");
    expect_true(w != NULL && PyCallable_Check(w), "cfunc.__wrapped__ is the function");
    Py_XDECREF(w);
    PyObject *name = PyObject_GetAttrString(c, "__name__");
    print_record(name, "cfunc.__name__");
    tap(name != NULL, "cfunc.__name__");
    Py_XDECREF(name);
    PyObject *five = PyLong_FromLong(5);
    int rc = PyObject_SetAttrString(c, "new_attr", five);
    PyObject *back = rc == 0 ? PyObject_GetAttrString(c, "new_attr") : NULL;
    expect_true(back == five, "test_dynamic_attribute: cfunc.new_attr = 5");
    if (back == NULL)
        PyErr_Clear();
    Py_XDECREF(back);
    Py_DECREF(five);
    Py_DECREF(c);

    /* test_function_cache: list state. */
    cat_state = Py_BuildValue("[O]", Py_True);
    c = cached(&TFUNC, kw_dict("{s:i,s:O}", "maxsize", 100, "state", cat_state), "clru_cache(maxsize=100, state=[True])");
    calls = 0;
    out(ccall(c, NULL, "(ii)", 3, 4), "cfunc(3, 4) with state [True]");
    sweep(c, 75, 5, 0, "test_function_cache: arg_gen(max=75, repeat=5) with state [True]");
    info(c, "cache_info() after the first sweep");
    PyList_SetItem(cat_state, 0, Py_NewRef(Py_False));
    out(ccall(c, NULL, "(ii)", 3, 4), "cfunc(3, 4) with state [False]");
    sweep(c, 75, 5, 0, "test_function_cache: the sweep again with state [False]");
    info(c, "cache_info() after the second sweep");
    PyObject *ncalls = PyLong_FromLong(calls);
    record_value(ncalls, "tfunc calls in both sweeps");
    Py_DECREF(ncalls);
    out(PyObject_CallMethod(c, "cache_clear", NULL), "cfunc.cache_clear()");
    info(c, "cache_info() after cache_clear()");
    Py_DECREF(c);
    Py_CLEAR(cat_state);

    /* Dict state. */
    PyObject *dstate = PyDict_New();
    c = cached(&TFUNC, kw_dict("{s:i,s:O}", "maxsize", 100, "state", dstate), "clru_cache(maxsize=100, state={})");
    out(ccall(c, NULL, "(ii)", 1, 2), "cfunc(1, 2) with state {}");
    info(c, "cache_info(): 1 miss");
    PyObject *v = PyLong_FromLong(42);
    PyDict_SetItemString(dstate, "a", v);
    Py_DECREF(v);
    out(ccall(c, NULL, "(ii)", 1, 2), "cfunc(1, 2) with state {'a': 42}");
    info(c, "cache_info(): 2 misses");
    out(ccall(c, NULL, "(ii)", 1, 2), "cfunc(1, 2) with state {'a': 42} again");
    info(c, "cache_info(): 2 misses, 1 hit");
    PyDict_Clear(dstate);
    out(ccall(c, NULL, "(ii)", 1, 2), "cfunc(1, 2) with state {} again");
    info(c, "cache_info(): 2 misses, 2 hits");
    v = PyLong_FromLong(44);
    PyDict_SetItemString(dstate, "a", v);
    Py_DECREF(v);
    out(ccall(c, NULL, "(ii)", 1, 2), "cfunc(1, 2) with state {'a': 44}");
    info(c, "cache_info(): 3 misses");
    Py_DECREF(c);
    Py_DECREF(dstate);

    /* test_memory_leaks, smaller: maxsize 200 evicts as it goes. */
    c = cached(&TFUNC, kw_dict("{s:i}", "maxsize", 200), "clru_cache(maxsize=200)");
    sweep(c, 120, 2, 1, "test_memory_leaks: arg_gen(max=120, repeat=2) with c=i-j, maxsize 200");
    info(c, "cache_info() after the eviction sweep");
    out(ccall(c, kw_dict("{s:i}", "c", 7), "(ii)", 10, 3), "cfunc(10, 3, c=7)");
    Py_DECREF(c);
    c = cached(&TFUNC, kw_dict("{s:O}", "maxsize", Py_None), "clru_cache(maxsize=None)");
    sweep(c, 40, 2, 0, "arg_gen(max=40, repeat=2), maxsize None");
    info(c, "cache_info(), maxsize None");
    Py_DECREF(c);
    c = cached(&TFUNC, kw_dict("{s:i}", "maxsize", 0), "clru_cache(maxsize=0)");
    out(ccall(c, NULL, "(ii)", 1, 2), "cfunc(1, 2), maxsize 0");
    out(ccall(c, NULL, "(ii)", 1, 2), "cfunc(1, 2) again, maxsize 0");
    info(c, "cache_info(), maxsize 0");
    Py_DECREF(c);

    /* Unhashable arguments. */
    c = cached(&PAIR, kw_dict("{s:s}", "unhashable", "warning"), "clru_cache(unhashable='warning')");
    out(ccall(c, NULL, "([i]i)", 1, 2), "f([1], 2) with unhashable='warning'");
    info(c, "cache_info() after the warning");
    Py_DECREF(c);
    c = cached(&PAIR, kw_dict("{s:s}", "unhashable", "ignore"), "clru_cache(unhashable='ignore')");
    out(ccall(c, NULL, "([i]i)", 1, 2), "f([1], 2) with unhashable='ignore'");
    info(c, "cache_info() after the ignored one");
    Py_DECREF(c);
    c = cached(&PAIR, NULL, "clru_cache()");
        out(ccall(c, NULL, "([i]i)", 1, 2), "test_default_unhashable_args: f([1], 2) raises TypeError");
    Py_DECREF(c);
    c = cached(&PAIR, kw_dict("{s:s}", "unhashable", "error"), "clru_cache(unhashable='error')");
    out(ccall(c, NULL, "([i]i)", 1, 2), "unhashable='error': f([1], 2) raises TypeError");
    Py_DECREF(c);
    record(call(clru_cache, kw_dict("{s:s}", "unhashable", "sometimes"), "()"), "clru_cache(unhashable='sometimes')");

    /* test_state_type and the other decorator arguments. */
    record(call(clru_cache, kw_dict("{s:(i)}", "state", 1), "()"), "test_state_type: clru_cache(state=(1,))");
    PyObject *fn = callable_of(&PAIR, "pair");
    record(call(clru_cache, kw_dict("{s:i}", "state", -1), "()"), "test_state_type: clru_cache(state=-1)");
    record(call(clru_cache, kw_dict("{s:s}", "maxsize", "big"), "()"), "clru_cache(maxsize='big')");
    record(call(clru_cache, kw_dict("{s:i}", "maxsize", -5), "()"), "clru_cache(maxsize=-5)");
    record(call(clru_cache, kw_dict("{s:i}", "size", 5), "()"), "clru_cache(size=5)");
    record(call(clru_cache, NULL, "(iiOOi)", 1, 0, Py_None, Py_None, 5), "clru_cache(5 arguments)");
    PyObject *deco = ckeep(ccall(clru_cache, NULL, "()"), "clru_cache()");
    if (deco == NULL)
        bail("clru_cache() failed");
    out(ccall(deco, NULL, "(i)", 5), "clru_cache()(5) raises TypeError");
    Py_DECREF(deco);
    Py_DECREF(fn);

    /* test_typed_False / test_typed_True. */
    c = cached(&ADD, kw_dict("{s:O}", "typed", Py_False), "clru_cache(typed=False)");
    PyObject *r1 = ckeep(ccall(c, NULL, "(ii)", 1, 2), "cfunc(1, 2)");
    PyObject *r2 = ckeep(ccall(c, NULL, "(di)", 1.0, 2), "cfunc(1.0, 2)");
    PyObject *r3 = ckeep(ccall(c, NULL, "(id)", 1, 2.0), "cfunc(1, 2.0)");
    expect_true(r1 == r2 && r1 == r3, "typed=False: cfunc(1, 2) is cfunc(1.0, 2) is cfunc(1, 2.0)");
    Py_DECREF(r1);
    Py_DECREF(r2);
    Py_DECREF(r3);
    r1 = ckeep(ccall(c, kw_dict("{s:i}", "b", 2), "(i)", 1), "cfunc(1, b=2)");
    r2 = ckeep(ccall(c, kw_dict("{s:i}", "b", 2), "(d)", 1.0), "cfunc(1.0, b=2)");
    r3 = ckeep(ccall(c, kw_dict("{s:d}", "b", 2.0), "(i)", 1), "cfunc(1, b=2.0)");
    expect_true(r1 == r2 && r1 == r3, "typed=False: the same with b as a keyword");
    Py_DECREF(r1);
    Py_DECREF(r2);
    Py_DECREF(r3);
    info(c, "typed=False: cache_info()");
    Py_DECREF(c);
    c = cached(&ADD, kw_dict("{s:O}", "typed", Py_True), "clru_cache(typed=True)");
    r1 = ckeep(ccall(c, NULL, "(ii)", 1, 2), "cfunc(1, 2)");
    r2 = ckeep(ccall(c, NULL, "(di)", 1.0, 2), "cfunc(1.0, 2)");
    r3 = ckeep(ccall(c, NULL, "(id)", 1, 2.0), "cfunc(1, 2.0)");
    expect_true(r1 != r2 && r1 != r3, "typed=True: cfunc(1, 2) is not cfunc(1.0, 2) nor cfunc(1, 2.0)");
    Py_DECREF(r1);
    Py_DECREF(r2);
    Py_DECREF(r3);
    r1 = ckeep(ccall(c, kw_dict("{s:i}", "b", 2), "(i)", 1), "cfunc(1, b=2)");
    r2 = ckeep(ccall(c, kw_dict("{s:i}", "b", 2), "(d)", 1.0), "cfunc(1.0, b=2)");
    r3 = ckeep(ccall(c, kw_dict("{s:d}", "b", 2.0), "(i)", 1), "cfunc(1, b=2.0)");
    expect_true(r1 != r2 && r1 != r3, "typed=True: the same with b as a keyword");
    Py_DECREF(r1);
    Py_DECREF(r2);
    Py_DECREF(r3);
    info(c, "typed=True: cache_info()");
    out(ccall(c, NULL, "(i)", 1), "cfunc(1) (the wrapped function's TypeError passes through)");
    Py_DECREF(c);
    Py_DECREF(clru_cache);
}

CORPUS_MAIN("_lrucache", run)
