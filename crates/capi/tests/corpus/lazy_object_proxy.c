/* lazy-object-proxy 1.13.0 (cext.c): a static GC type whose every slot
 * resolves a factory on first use and forwards to the object it returned --
 * numbers and in-place numbers (the proxy rebinding to the result), the
 * mapping and sequence slots, rich comparison, hashing, iteration, calls,
 * attributes through tp_getattro / tp_setattro with a __getattr__ fallback,
 * and getsets for __wrapped__, __factory__, __resolved__, __class__,
 * __name__ and __doc__; METH_VARARGS|METH_KEYWORDS __round__ / __exit__.
 *
 * Its PyInit takes `await_` from the Python module lazy_object_proxy.utils,
 * which needs no more than a callable here (the driver provides one, as a
 * host would provide the package's Python side; nothing awaits).
 * Vectors follow tests/test_lazy_object_proxy.py.
 */
#include "corpus.h"

static PyObject *Proxy;
static int factory_calls;
static PyObject *factory_result;

static PyObject *counting_factory(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    factory_calls++;
    if (factory_result == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the factory failed");
        return NULL;
    }
    return Py_NewRef(factory_result);
}

static PyMethodDef factory_def = {"factory", counting_factory, METH_NOARGS, "makes the wrapped object"};

/* lazy_object_proxy and lazy_object_proxy.utils, with utils.await_. */
static void provide_utils(void)
{
    PyObject *pkg = PyImport_AddModule("lazy_object_proxy"); /* borrowed */
    PyObject *utils = PyImport_AddModule("lazy_object_proxy.utils");
    PyObject *builtins = PyImport_ImportModule("builtins");
    PyObject *iter = builtins ? PyObject_GetAttrString(builtins, "iter") : NULL;
    if (pkg == NULL || utils == NULL || iter == NULL || PyObject_SetAttrString(utils, "await_", iter) < 0
        || PyObject_SetAttrString(pkg, "utils", utils) < 0)
        bail("cannot provide lazy_object_proxy.utils");
    Py_DECREF(iter);
    Py_DECREF(builtins);
}

/* The result of a direct C API call (not a call through call()): recorded,
 * or its exception by type and message, and compared with CPython's. */
static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

/* A direct C API call's result is `expected`. */
static void is(PyObject *r, PyObject *expected, const char *what)
{
    if (r == NULL)
        diag_exception();
    expect_true(r == expected, what);
    Py_XDECREF(r);
}

/* A new proxy whose factory returns `target` (counted). */
static PyObject *proxy_of(PyObject *target)
{
    Py_XSETREF(factory_result, Py_XNewRef(target));
    factory_calls = 0;
    PyObject *factory = PyCFunction_New(&factory_def, NULL);
    /* Direct: the proxy keeps a reference to its factory, which the
     * argument refcount check of call() would report. */
    PyObject *p = PyObject_CallOneArg(Proxy, factory);
    if (p == NULL)
        diag_exception();
    expect_true(p != NULL, "Proxy(factory)");
    if (p == NULL)
        bail("cannot continue without a proxy");
    Py_DECREF(factory);
    return p;
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    Proxy = attr(module, "Proxy");
    record_value(Proxy, "repr(Proxy)");
    PyObject *identity = attr(module, "identity");
    record(call(identity, NULL, "(i)", 42), "identity(42)");
    Py_DECREF(identity);

    /* Laziness: nothing until first use, then the factory once. */
    PyObject *list = Py_BuildValue("[iii]", 3, 1, 2);
    PyObject *p = proxy_of(list);
    expect_true(factory_calls == 0, "the factory is not called on construction");
    rec(PyObject_GetAttrString(p, "__resolved__"), "__resolved__ before use");
    rec(PyObject_Repr(p) ? PyUnicode_FromString("(a repr)") : NULL, "repr() works before resolution");
    rec(PyLong_FromSsize_t(PyObject_Length(p)), "len(proxy of [3, 1, 2])");
    expect_true(factory_calls == 1, "the factory ran once");
    rec(PyObject_GetAttrString(p, "__resolved__"), "__resolved__ after use");
    is(PyObject_GetAttrString(p, "__wrapped__"), list, "__wrapped__ is the factory's object");
    rec(PySequence_List(p), "list(proxy)");
    rec(PyObject_GetItem(p, PyLong_FromLong(1)), "proxy[1]");
    PyObject *idx = PyLong_FromLong(0), *val = PyLong_FromLong(9);
    expect_true(PyObject_SetItem(p, idx, val) == 0, "proxy[0] = 9");
    record_value(list, "the wrapped list after proxy[0] = 9");
    expect_true(PyObject_DelItem(p, idx) == 0, "del proxy[0]");
    record_value(list, "the wrapped list after del proxy[0]");
    Py_DECREF(idx);
    Py_DECREF(val);
    PyObject *one = PyLong_FromLong(1);
    rec(PyBool_FromLong(PySequence_Contains(p, one)), "1 in proxy");
    Py_DECREF(one);
    rec(PyObject_CallMethod(p, "append", "i", 7), "proxy.append(7): attribute forwarding");
    rec(PyObject_Str(p), "str(proxy)");
    rec(PyBool_FromLong(PyObject_IsTrue(p)), "bool(proxy)");
    expect_true(PyObject_IsInstance(p, (PyObject *)&PyList_Type) == 1, "isinstance(proxy, list) (__class__ forwards)");
    is(PyObject_GetAttrString(p, "__class__"), (PyObject *)&PyList_Type, "proxy.__class__ is list");
    expect_true(Py_TYPE(p) == (PyTypeObject *)Proxy, "type(proxy) is Proxy");
    rec(PyObject_RichCompare(p, list, Py_EQ), "proxy == the list");
    rec(PyObject_Dir(p) ? PyUnicode_FromString("(a list)") : NULL, "dir(proxy)");
    rec(PyObject_GetAttrString(p, "no_such_attribute"), "a missing attribute");
    rec(PyObject_Hash(p) == -1 ? NULL : PyLong_FromLong(0), "hash(proxy of a list)");
    Py_DECREF(p);

    /* Numbers: forwarding, in-place operators rebinding __wrapped__. */
    PyObject *seven = PyLong_FromLong(7);
    p = proxy_of(seven);
    rec(PyNumber_Add(p, seven), "proxy(7) + 7");
    rec(PyNumber_Subtract(seven, p), "7 - proxy(7)");
    rec(PyNumber_Multiply(p, p), "proxy(7) * proxy(7)");
    rec(PyNumber_TrueDivide(p, PyLong_FromLong(2)), "proxy(7) / 2");
    rec(PyNumber_FloorDivide(p, PyLong_FromLong(2)), "proxy(7) // 2");
    rec(PyNumber_Remainder(p, PyLong_FromLong(4)), "proxy(7) % 4");
    rec(PyNumber_Power(p, PyLong_FromLong(2), Py_None), "proxy(7) ** 2");
    rec(PyNumber_Lshift(p, PyLong_FromLong(3)), "proxy(7) << 3");
    rec(PyNumber_And(p, PyLong_FromLong(3)), "proxy(7) & 3");
    rec(PyNumber_Negative(p), "-proxy(7)");
    rec(PyNumber_Invert(p), "~proxy(7)");
    rec(PyNumber_Float(p), "float(proxy(7))");
    rec(PyNumber_Index(p), "operator.index(proxy(7))");
    record(call_attr(p, "__round__", NULL, "(i)", -1), "round(proxy(7), -1)");
    rec(PyLong_FromSsize_t(PyObject_Hash(p)), "hash(proxy(7))");
    rec(PyObject_RichCompare(p, seven, Py_LT), "proxy(7) < 7");
    rec(PyObject_RichCompare(p, seven, Py_GE), "proxy(7) >= 7");
    PyObject *r = PyNumber_InPlaceAdd(p, PyLong_FromLong(5));
    is(r, p, "proxy += 5 returns the proxy");
    rec(PyObject_GetAttrString(p, "__wrapped__"), "...which now wraps 12");
    r = PyNumber_InPlaceMultiply(p, PyLong_FromLong(2));
    is(r, p, "proxy *= 2 returns the proxy");
    rec(PyObject_GetAttrString(p, "__wrapped__"), "...which now wraps 24");
    rec(PyObject_Format(p, PyUnicode_FromString("05d")), "format(proxy, '05d')");
    rec(PyNumber_Add(p, PyUnicode_FromString("x")), "proxy(24) + 'x'");
    Py_DECREF(p);
    Py_DECREF(seven);

    /* Calls, __name__ and __doc__ forward to a callable. */
    PyObject *builtins = PyImport_ImportModule("builtins");
    PyObject *sorted = PyObject_GetAttrString(builtins, "sorted");
    p = proxy_of(sorted);
    PyObject *data = Py_BuildValue("[iii]", 5, 9, 1);
    record(call(p, kw_dict("{s:O}", "reverse", Py_True), "(O)", data), "proxy(sorted)([5, 9, 1], reverse=True)");
    rec(PyObject_GetAttrString(p, "__name__"), "proxy(sorted).__name__");
    rec(PyObject_GetAttrString(p, "__module__"), "proxy(sorted).__module__");
    Py_DECREF(data);
    Py_DECREF(p);
    PyObject *fn = PyCFunction_New(&factory_def, NULL);
    p = proxy_of(fn);
    rec(PyObject_GetAttrString(p, "__doc__"), "proxy(a C function).__doc__");
    rec(PyObject_GetAttrString(p, "__qualname__"), "proxy(a C function).__qualname__");
    Py_DECREF(p);
    Py_DECREF(fn);

    /* Setting and deleting attributes forwards; __wrapped__ can be replaced. */
    PyObject *dict = PyDict_New();
    p = proxy_of(dict);
    PyObject *key = PyUnicode_FromString("k"), *v = PyLong_FromLong(1);
    expect_true(PyObject_SetItem(p, key, v) == 0, "proxy['k'] = 1");
    record_value(dict, "the wrapped dict");
    record(call_attr(p, "get", NULL, "(s)", "k"), "proxy.get('k')");
    rec(PyObject_GetIter(p) ? PyUnicode_FromString("(an iterator)") : NULL, "iter(proxy(dict))");
    PyObject *other = Py_BuildValue("{s:i}", "z", 26);
    expect_true(PyObject_SetAttrString(p, "__wrapped__", other) == 0, "proxy.__wrapped__ = another dict");
    record(call_attr(p, "get", NULL, "(s)", "z"), "proxy.get('z') after the rebinding");
    rec(PyObject_SetAttrString(p, "x", v) == 0 ? Py_NewRef(Py_None) : NULL, "proxy.x = 1 (a dict has no attributes to set)");
    expect_true(PyObject_DelAttrString(p, "__wrapped__") == 0, "del proxy.__wrapped__");
    rec(PyObject_GetAttrString(p, "__resolved__"), "__resolved__ after the delete");
    Py_DECREF(key);
    Py_DECREF(v);
    Py_DECREF(other);
    Py_DECREF(p);
    Py_DECREF(dict);

    /* A failing factory: the error comes out of each use; a bad factory
     * argument. */
    factory_result = NULL;
    PyObject *factory = PyCFunction_New(&factory_def, NULL);
    p = PyObject_CallOneArg(Proxy, factory);
    expect_true(p != NULL, "Proxy(failing factory)");
    if (p == NULL)
        bail("cannot continue without a proxy");
    rec(PyObject_Str(p), "str() of a proxy whose factory fails");
    rec(PyNumber_Add(p, p), "proxy + proxy, factory failing");
    rec(PyObject_GetAttrString(p, "__wrapped__"), "__wrapped__ of a failing factory");
    is(PyObject_GetAttrString(p, "__factory__"), factory, "__factory__");
    Py_DECREF(p);
    Py_DECREF(factory);
    expect_error(call(Proxy, NULL, "()"), PyExc_TypeError, NULL, "Proxy() without a factory");
    record(call(Proxy, NULL, "(i)", 1), "Proxy(1): any object is taken as the factory");

    Py_DECREF(sorted);
    Py_DECREF(builtins);
    Py_DECREF(list);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    provide_utils();
    PyObject *module = load_module(argv[1], "cext");
    run(module, argv[2]);
    return tap_done();
}
