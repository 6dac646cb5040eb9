/* wrapt 1.17.2's wrapt._wrappers: transparent object proxies. ObjectProxy
 * forwards every slot of the object it wraps (numbers, in-place numbers,
 * sequences, mappings, rich comparison, hashing, truth, iteration,
 * attributes, __wrapped__, __class__, __dir__, repr/str); the call
 * proxies and FunctionWrapper, which calls wrapper(wrapped, instance,
 * args, kwargs) and binds through __get__; and isinstance() checks
 * against PyFunction_Type, PyMethod_Type and PyType_Type.
 *
 * Vectors: tests/test_object_proxy.py (attribute access and setting,
 * the numeric and sequence operators, comparisons, hash, iteration,
 * __wrapped__, proxies of proxies, and the errors of an uninitialised
 * proxy), tests/test_callable_object_proxy.py and
 * tests/test_function_wrapper.py with a C wrapper standing in for the
 * Python one.
 */
#include "corpus.h"

static PyObject *ObjectProxy, *CallableObjectProxy, *FunctionWrapper;

/* The wrapper FunctionWrapper calls: returns (instance, args, kwargs,
   wrapped(*args, **kwargs)). */
static PyObject *wrapper_impl(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *wrapped, *instance, *a, *kw;
    if (!PyArg_ParseTuple(args, "OOOO", &wrapped, &instance, &a, &kw))
        return NULL;
    PyObject *r = PyObject_Call(wrapped, a, kw);
    if (r == NULL)
        return NULL;
    return Py_BuildValue("(OOON)", instance, a, kw, r);
}

static PyMethodDef wrapper_def = {"wrapper", wrapper_impl, METH_VARARGS, NULL};

/* A proxy (or wrapper) made outside call(): it keeps what it wraps, so
   the wrapped object's count rightly stays one up while it lives. */
static PyObject *make(PyObject *type, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(type, args, NULL) : NULL;
    Py_XDECREF(args);
    if (r == NULL)
        bail("cannot make a %s", ((PyTypeObject *)type)->tp_name);
    return r;
}

static PyObject *proxy_of(PyObject *o)
{
    return make(ObjectProxy, "(O)", o);
}

static void binop(PyObject *(*op)(PyObject *, PyObject *), PyObject *a, PyObject *b, const char *what)
{
    PyObject *pa = proxy_of(a), *pb = proxy_of(b);
    PyObject *plain = op(a, b);
    PyObject *lhs = pa ? op(pa, b) : NULL;
    if (lhs == NULL)
        PyErr_Clear();
    PyObject *rhs = pb ? op(a, pb) : NULL;
    if (rhs == NULL)
        PyErr_Clear();
    int ok = plain && lhs && rhs && PyObject_RichCompareBool(plain, lhs, Py_EQ) == 1
             && PyObject_RichCompareBool(plain, rhs, Py_EQ) == 1;
    if (!ok)
        PyErr_Clear();
    tap(ok, what);
    Py_XDECREF(plain), Py_XDECREF(lhs), Py_XDECREF(rhs), Py_XDECREF(pa), Py_XDECREF(pb);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    ObjectProxy = attr(module, "ObjectProxy");
    CallableObjectProxy = attr(module, "CallableObjectProxy");
    FunctionWrapper = attr(module, "FunctionWrapper");

    /* test_object_proxy: attributes */
    PyObject *list = Py_BuildValue("[iii]", 3, 1, 2);
    PyObject *p = proxy_of(list);
    {
        PyObject *w = attr(p, "__wrapped__");
        tap(w == list, "proxy.__wrapped__ is the list");
        Py_DECREF(w);
        PyObject *cls = attr(p, "__class__");
        tap(cls == (PyObject *)&PyList_Type, "proxy.__class__ is list");
        Py_DECREF(cls);
        tap(PyObject_IsInstance(p, (PyObject *)&PyList_Type) == 1, "isinstance(proxy, list)");
        expect_int(call_attr(p, "__len__", NULL, "()"), "3", "proxy.__len__()");
        tap(PyObject_Length(p) == 3, "len(proxy)");
        PyObject *r = PyObject_CallMethod(p, "append", "i", 4);
        tap(r == Py_None && PyList_GET_SIZE(list) == 4, "proxy.append(4) appends to the list");
        Py_XDECREF(r);
        PyObject *item = PyObject_GetItem(p, PyLong_FromLong(0));
        record_value(item, "proxy[0]");
        Py_XDECREF(item);
        PyObject *zero = PyLong_FromLong(0), *nine = PyLong_FromLong(9);
        tap(PyObject_SetItem(p, zero, nine) == 0 && PyLong_AsLong(PyList_GET_ITEM(list, 0)) == 9, "proxy[0] = 9");
        tap(PyObject_DelItem(p, zero) == 0 && PyList_GET_SIZE(list) == 3, "del proxy[0]");
        tap(PySequence_Contains(p, PyLong_FromLong(4)) == 1, "4 in proxy");
        Py_DECREF(zero), Py_DECREF(nine);
        PyObject *it = PyObject_GetIter(p);
        PyObject *as_list = it ? PySequence_List(it) : NULL;
        record_value(as_list, "list(iter(proxy))");
        Py_XDECREF(as_list), Py_XDECREF(it);
        record_value(p, "the proxy itself (by its repr)");
        PyObject *s = PyObject_Str(p);
        record_value(s, "str(proxy)");
        Py_XDECREF(s);
        s = PyObject_Repr(p);
        record_value(s, "repr(proxy)");
        Py_XDECREF(s);
        PyObject *d = PyObject_Dir(p);
        tap(d && PySequence_Contains(d, PyUnicode_FromString("append")) == 1, "'append' in dir(proxy)");
        Py_XDECREF(d);
        PyObject *missing = PyObject_GetAttrString(p, "no_such_attribute");
        print_record(missing, "proxy.no_such_attribute");
        tap(missing == NULL, "proxy.no_such_attribute raises");
        Py_XDECREF(missing);
        PyObject *v = PyLong_FromLong(5);
        int rc = PyObject_SetAttrString(p, "attribute", v);
        print_record(rc < 0 ? NULL : Py_None, "proxy.attribute = 5 (a list has no __dict__)");
        tap(1, "proxy.attribute = 5 recorded");
        rc = PyObject_SetAttrString(p, "_self_note", v);
        PyObject *note = rc == 0 ? PyObject_GetAttrString(p, "_self_note") : NULL;
        tap(note == v, "proxy._self_note = 5 stays on the proxy");
        Py_XDECREF(note);
        Py_DECREF(v);
        PyObject *h = PyObject_CallMethod(p, "__hash__", NULL);
        print_record(h, "proxy.__hash__()");
        tap(h == NULL, "proxy.__hash__() raises for a list");
        Py_XDECREF(h);
        Py_hash_t hv = PyObject_Hash(p);
        print_record(hv == -1 ? NULL : Py_None, "hash(proxy of a list)");
        tap(hv == -1, "hash(proxy of a list) raises");
    }
    Py_DECREF(p);

    /* Numbers: every operator agrees with the wrapped value. */
    {
        PyObject *a = PyLong_FromLong(17), *b = PyLong_FromLong(5);
        binop(PyNumber_Add, a, b, "proxy + 5, 17 + proxy");
        binop(PyNumber_Subtract, a, b, "subtract");
        binop(PyNumber_Multiply, a, b, "multiply");
        binop(PyNumber_FloorDivide, a, b, "floor divide");
        binop(PyNumber_TrueDivide, a, b, "true divide");
        binop(PyNumber_Remainder, a, b, "remainder");
        binop(PyNumber_Divmod, a, b, "divmod");
        binop(PyNumber_Lshift, a, b, "lshift");
        binop(PyNumber_Rshift, a, b, "rshift");
        binop(PyNumber_And, a, b, "and");
        binop(PyNumber_Or, a, b, "or");
        binop(PyNumber_Xor, a, b, "xor");
        PyObject *pa = proxy_of(a);
        PyObject *r = PyNumber_Negative(pa);
        record_value(r, "-proxy(17)");
        Py_XDECREF(r);
        r = PyNumber_Invert(pa);
        record_value(r, "~proxy(17)");
        Py_XDECREF(r);
        r = PyNumber_Index(pa);
        record_value(r, "operator.index(proxy(17))");
        Py_XDECREF(r);
        r = PyNumber_Float(pa);
        record_value(r, "float(proxy(17))");
        Py_XDECREF(r);
        r = PyNumber_Power(pa, b, Py_None);
        record_value(r, "proxy(17) ** 5");
        Py_XDECREF(r);
        tap(PyObject_Hash(pa) == PyObject_Hash(a), "hash(proxy(17)) == hash(17)");
        tap(PyObject_IsTrue(pa) == 1, "bool(proxy(17))");
        static const int ops[] = {Py_LT, Py_LE, Py_EQ, Py_NE, Py_GT, Py_GE};
        int ok = 1;
        for (int i = 0; i < 6; i++)
            ok = ok && PyObject_RichCompareBool(pa, b, ops[i]) == PyObject_RichCompareBool(a, b, ops[i])
                 && PyObject_RichCompareBool(b, pa, ops[i]) == PyObject_RichCompareBool(b, a, ops[i]);
        tap(ok, "the six comparisons, both ways");
        /* In-place: the proxy rebinds to the result. */
        PyObject *ip = PyNumber_InPlaceAdd(pa, b);
        tap(ip == pa, "proxy += 5 returns the proxy");
        PyObject *w = attr(pa, "__wrapped__");
        record_value(w, "proxy.__wrapped__ after += 5");
        Py_DECREF(w);
        Py_XDECREF(ip);
        /* A proxy of a proxy. */
        PyObject *pp = proxy_of(pa);
        r = PyNumber_Add(pp, b);
        record_value(r, "proxy(proxy(22)) + 5");
        Py_XDECREF(r);
        Py_XDECREF(pp);
        Py_XDECREF(pa);
        Py_DECREF(a), Py_DECREF(b);
    }
    /* Mappings */
    {
        PyObject *d = Py_BuildValue("{s:i}", "a", 1);
        PyObject *pd = proxy_of(d);
        PyObject *v = PyObject_GetItem(pd, PyUnicode_FromString("a"));
        record_value(v, "proxy({'a': 1})['a']");
        Py_XDECREF(v);
        v = PyObject_GetItem(pd, PyUnicode_FromString("b"));
        print_record(v, "proxy({'a': 1})['b']");
        tap(v == NULL, "missing key raises");
        record(call_attr(pd, "get", NULL, "(si)", "b", 7), "proxy.get('b', 7)");
        Py_XDECREF(pd);
        Py_DECREF(d);
    }
    /* An uninitialised proxy (ObjectProxy.__new__ without __init__). */
    {
        PyObject *raw = ((PyTypeObject *)ObjectProxy)->tp_new((PyTypeObject *)ObjectProxy, PyTuple_New(0), NULL);
        if (raw != NULL) {
            PyObject *w = PyObject_GetAttrString(raw, "__wrapped__");
            print_record(w, "uninitialised proxy.__wrapped__");
            Py_XDECREF(w);
            tap(w == NULL, "uninitialised proxy has no __wrapped__");
            PyObject *s = PyObject_Str(raw);
            print_record(s, "str(uninitialised proxy)");
            Py_XDECREF(s);
            tap(s == NULL, "str(uninitialised proxy) raises");
            Py_DECREF(raw);
        }
    }
    record(call(ObjectProxy, NULL, "()"), "ObjectProxy()");
    record(call(ObjectProxy, NULL, "(ii)", 1, 2), "ObjectProxy(1, 2)");

    /* test_callable_object_proxy */
    {
        PyObject *builtins = PyImport_ImportModule("builtins");
        PyObject *len = PyObject_GetAttrString(builtins, "len");
        PyObject *cp = make(CallableObjectProxy, "(O)", len);
        expect_int(call(cp, NULL, "(s)", "abcd"), "4", "CallableObjectProxy(len)('abcd')");
        record(call(cp, NULL, "()"), "CallableObjectProxy(len)()");
        PyObject *plain = proxy_of(len);
        record(call(plain, NULL, "(s)", "ab"), "ObjectProxy(len)('ab') (not callable)");
        Py_XDECREF(plain);

        /* test_function_wrapper: the wrapper sees (wrapped, instance, args, kwargs). */
        PyObject *wrapper = PyCFunction_New(&wrapper_def, NULL);
        PyObject *fw = make(FunctionWrapper, "(OO)", len, wrapper);
        record(call(fw, NULL, "(s)", "abc"), "FunctionWrapper(len, wrapper)('abc')");
        record(call(fw, kw_dict("{s:i}", "x", 1), "(s)", "abc"), "FunctionWrapper(len, wrapper)('abc', x=1)");
        PyObject *sorted = PyObject_GetAttrString(builtins, "sorted");
        PyObject *fs = make(FunctionWrapper, "(OO)", sorted, wrapper);
        PyObject *l = Py_BuildValue("[iii]", 3, 1, 2);
        record(call(fs, kw_dict("{s:O}", "reverse", Py_True), "(O)", l), "wrapped sorted(l, reverse=True)");
        /* Binding through __get__ (len is a builtin: binding 'builtin'). */
        PyObject *bound = PyObject_CallMethod(fw, "__get__", "OO", l, (PyObject *)&PyList_Type);
        print_record(bound, "FunctionWrapper.__get__(l, list)");
        tap(bound != NULL, "FunctionWrapper.__get__(l, list) binds");
        Py_XDECREF(bound);
        PyObject *binding = PyObject_GetAttrString(fw, "_self_binding");
        record_value(binding, "FunctionWrapper(len, ...)._self_binding");
        Py_XDECREF(binding);
        PyObject *w = attr(fw, "__wrapped__");
        tap(w == len, "FunctionWrapper.__wrapped__ is len");
        Py_DECREF(w);
        record(call(FunctionWrapper, NULL, "(O)", len), "FunctionWrapper(len)");
        Py_DECREF(l), Py_DECREF(fs), Py_DECREF(sorted), Py_DECREF(fw), Py_DECREF(wrapper);
        Py_DECREF(cp), Py_DECREF(len), Py_DECREF(builtins);
    }

    Py_DECREF(list);
    Py_DECREF(ObjectProxy), Py_DECREF(CallableObjectProxy), Py_DECREF(FunctionWrapper);
}

CORPUS_MAIN("_wrappers", run)
