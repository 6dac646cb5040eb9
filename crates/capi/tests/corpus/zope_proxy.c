/* zope.proxy 7.3's _zope_proxy_proxy: ProxyBase, a static, subclassable
 * proxy type forwarding the number (binary, unary, in-place, __index__),
 * sequence (len, items, slices, contains), mapping, rich comparison,
 * hashing, truth, iteration and attribute slots to the object it wraps
 * (tp_getattro / tp_setattro through the wrapped object, its own
 * __class__ and __module__ too), __reduce__ refused, the introspection
 * functions (getProxiedObject, setProxiedObject, isProxy,
 * sameProxiedObjects, queryProxy, queryInnerProxy, removeAllProxies) and
 * a PyCapsule of its C API.
 *
 * Vectors: src/zope/proxy/tests/test_proxy.py (ProxyBaseTestCase's
 * constructor, repr/str, comparisons, bool, hash, getattr/setattr/delattr
 * delegation, len, getitem/setitem/delitem, slices of lists and tuples,
 * iteration, contains, index, unops, binops both ways, pow with a
 * modulus, in-place operators, __class__; and the module functions'
 * cases).
 */
#include "corpus.h"

static PyObject *ProxyBase;

static PyObject *wrap(PyObject *o)
{
    PyObject *r = PyObject_CallOneArg(ProxyBase, o);
    if (r == NULL)
        bail("cannot proxy a %s", Py_TYPE(o)->tp_name);
    return r;
}

/* Records expression `op` over (proxy, plain) against (plain, plain). */
static void agree(PyObject *(*op)(PyObject *, PyObject *), PyObject *a, PyObject *b, const char *what)
{
    PyObject *pa = wrap(a), *pb = wrap(b);
    PyObject *want = op(a, b);
    PyObject *l = op(pa, b);
    PyObject *r = op(a, pb);
    int ok = want && l && r && PyObject_RichCompareBool(want, l, Py_EQ) == 1
             && PyObject_RichCompareBool(want, r, Py_EQ) == 1;
    if (!ok) {
        diag_exception();
    }
    tap(ok, what);
    Py_XDECREF(want), Py_XDECREF(l), Py_XDECREF(r), Py_DECREF(pa), Py_DECREF(pb);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    ProxyBase = attr(module, "ProxyBase");
    PyObject *capi = attr(module, "_CAPI");
    tap(PyCapsule_CheckExact(capi), "_CAPI is a capsule");
    Py_DECREF(capi);

    /* test_constructor / repr / str */
    PyObject *o = PyUnicode_FromString("value");
    PyObject *p = wrap(o);
    {
        PyObject *inner = take(call_attr(module, "getProxiedObject", NULL, "(O)", p));
        tap(inner == o, "getProxiedObject(ProxyBase(o)) is o");
        Py_XDECREF(inner);
        PyObject *s = PyObject_Str(p);
        record_value(s, "str(ProxyBase('value'))");
        Py_XDECREF(s);
        s = PyObject_Repr(p);
        record_value(s, "repr(ProxyBase('value'))");
        Py_XDECREF(s);
        PyObject *cls = attr(p, "__class__");
        tap(cls == (PyObject *)&PyUnicode_Type, "ProxyBase('value').__class__ is str");
        Py_DECREF(cls);
        record(call_attr(p, "upper", NULL, "()"), "ProxyBase('value').upper()");
        record(call_attr(p, "__reduce__", NULL, "()"), "ProxyBase('value').__reduce__()");
        /* Delegated to the str; [1:], since copyreg.__newobj__ is Python
           code in CPython and built in here. */
        PyObject *rx = take(call_attr(p, "__reduce_ex__", NULL, "(i)", 2));
        PyObject *tail = rx ? PySequence_GetSlice(rx, 1, 5) : NULL;
        record_value(tail, "ProxyBase('value').__reduce_ex__(2)[1:]");
        Py_XDECREF(tail);
        Py_XDECREF(rx);
        tap(PyObject_Hash(p) == PyObject_Hash(o), "hash(proxy) == hash(o)");
        tap(PyObject_IsTrue(p) == 1, "bool(proxy)");
        tap(PyObject_RichCompareBool(p, o, Py_EQ) == 1 && PyObject_RichCompareBool(o, p, Py_EQ) == 1,
            "proxy == o, o == proxy");
        PyObject *q = wrap(o);
        tap(PyObject_RichCompareBool(p, q, Py_EQ) == 1, "two proxies of o are equal");
        Py_DECREF(q);
        tap(PyObject_Length(p) == 5, "len(proxy) == 5");
        PyObject *it = PyObject_GetIter(p), *l = it ? PySequence_List(it) : NULL;
        record_value(l, "list(proxy)");
        Py_XDECREF(l), Py_XDECREF(it);
        tap(PySequence_Contains(p, PyUnicode_FromString("al")) == 1, "'al' in proxy");
        PyObject *sl = PySequence_GetSlice(p, 1, 3);
        record_value(sl, "proxy[1:3]");
        Py_XDECREF(sl);
    }
    record(call(ProxyBase, NULL, "()"), "ProxyBase()");
    record(call(ProxyBase, NULL, "(ii)", 1, 2), "ProxyBase(1, 2)");
    record(call(ProxyBase, kw_dict("{s:i}", "x", 1), "(i)", 1), "ProxyBase(1, x=1)");

    /* Lists: item and slice assignment through the proxy. */
    {
        PyObject *list = Py_BuildValue("[iiii]", 1, 2, 3, 4);
        PyObject *pl = wrap(list);
        PyObject *zero = PyLong_FromLong(0), *nine = PyLong_FromLong(9);
        tap(PyObject_SetItem(pl, zero, nine) == 0 && PyLong_AsLong(PyList_GET_ITEM(list, 0)) == 9, "proxy[0] = 9");
        PyObject *v = PyObject_GetItem(pl, zero);
        tap(v == nine, "proxy[0] is 9");
        Py_XDECREF(v);
        tap(PyObject_DelItem(pl, zero) == 0 && PyList_GET_SIZE(list) == 3, "del proxy[0]");
        PyObject *repl = Py_BuildValue("[ii]", 7, 8);
        tap(PySequence_SetSlice(pl, 0, 1, repl) == 0, "proxy[0:1] = [7, 8]");
        record_value(list, "the list after the slice assignment");
        PyObject *s = PySlice_New(NULL, NULL, PyLong_FromLong(-1));
        v = PyObject_GetItem(pl, s);
        record_value(v, "proxy[::-1]");
        Py_XDECREF(v);
        Py_DECREF(s);
        v = PyObject_GetItem(pl, PyLong_FromLong(99));
        print_record(v, "proxy[99]");
        tap(v == NULL, "proxy[99] raises");
        PyObject *rev = PyObject_CallMethod(pl, "__reversed__", NULL);
        PyObject *rl = rev ? PySequence_List(rev) : NULL;
        record_value(rl, "list(reversed(proxy))");
        Py_XDECREF(rl), Py_XDECREF(rev);
        Py_DECREF(repl), Py_DECREF(zero), Py_DECREF(nine), Py_DECREF(pl), Py_DECREF(list);
    }
    /* Numbers: test_unops, test_binops, test_pow_w_modulus, test_index. */
    {
        PyObject *a = PyLong_FromLong(23), *b = PyLong_FromLong(4);
        agree(PyNumber_Add, a, b, "binop +");
        agree(PyNumber_Subtract, a, b, "binop -");
        agree(PyNumber_Multiply, a, b, "binop *");
        agree(PyNumber_TrueDivide, a, b, "binop /");
        agree(PyNumber_FloorDivide, a, b, "binop //");
        agree(PyNumber_Remainder, a, b, "binop %");
        agree(PyNumber_Divmod, a, b, "divmod");
        agree(PyNumber_Lshift, a, b, "binop <<");
        agree(PyNumber_Rshift, a, b, "binop >>");
        agree(PyNumber_And, a, b, "binop &");
        agree(PyNumber_Or, a, b, "binop |");
        agree(PyNumber_Xor, a, b, "binop ^");
        PyObject *pa = wrap(a);
        PyObject *r = PyNumber_Power(pa, b, PyLong_FromLong(7));
        record_value(r, "pow(proxy(23), 4, 7)");
        Py_XDECREF(r);
        r = PyNumber_Negative(pa);
        record_value(r, "-proxy(23)");
        Py_XDECREF(r);
        r = PyNumber_Positive(pa);
        record_value(r, "+proxy(23)");
        Py_XDECREF(r);
        r = PyNumber_Absolute(pa);
        record_value(r, "abs(proxy(23))");
        Py_XDECREF(r);
        r = PyNumber_Invert(pa);
        record_value(r, "~proxy(23)");
        Py_XDECREF(r);
        r = PyNumber_Float(pa);
        record_value(r, "float(proxy(23))");
        Py_XDECREF(r);
        r = PyNumber_Index(pa);
        record_value(r, "operator.index(proxy(23))");
        Py_XDECREF(r);
        PyObject *list = Py_BuildValue("[iii]", 10, 20, 30);
        PyObject *one = PyLong_FromLong(1), *pone = wrap(one);
        r = PyObject_GetItem(list, pone);
        record_value(r, "[10, 20, 30][proxy(1)]");
        Py_XDECREF(r);
        Py_DECREF(pone), Py_DECREF(one), Py_DECREF(list);
        static const int ops[] = {Py_LT, Py_LE, Py_EQ, Py_NE, Py_GT, Py_GE};
        int ok = 1;
        for (int i = 0; i < 6; i++)
            ok = ok && PyObject_RichCompareBool(pa, b, ops[i]) == PyObject_RichCompareBool(a, b, ops[i])
                 && PyObject_RichCompareBool(b, pa, ops[i]) == PyObject_RichCompareBool(b, a, ops[i]);
        tap(ok, "test_comparisons: the six, both ways");
        /* test_inplace: the proxy now wraps the result. */
        PyObject *ip = PyNumber_InPlaceAdd(pa, b);
        PyObject *same = PyBool_FromLong(ip == pa);
        record_value(same, "proxy += 4 returns the proxy");
        Py_DECREF(same);
        PyObject *inner = take(call_attr(module, "getProxiedObject", NULL, "(O)", pa));
        record_value(inner, "getProxiedObject(proxy) after += 4");
        Py_XDECREF(inner);
        Py_XDECREF(ip);
        ip = PyNumber_InPlaceMultiply(pa, b);
        Py_XDECREF(ip);
        ip = PyNumber_InPlacePower(pa, b, Py_None);
        Py_XDECREF(ip);
        inner = take(call_attr(module, "getProxiedObject", NULL, "(O)", pa));
        record_value(inner, "after *= 4 and **= 4");
        Py_XDECREF(inner);
        r = PyNumber_Add(pa, PyUnicode_FromString("x"));
        print_record(r, "proxy + 'x'");
        tap(r == NULL, "proxy + 'x' raises");
        Py_DECREF(pa), Py_DECREF(a), Py_DECREF(b);
    }
    /* Attributes: delegated to the wrapped object (a module here). */
    {
        PyObject *m = PyModule_New("target");
        PyObject *pm = wrap(m);
        PyObject *v = PyLong_FromLong(42);
        tap(PyObject_SetAttrString(pm, "answer", v) == 0, "setattr(proxy, 'answer', 42)");
        PyObject *got = PyObject_GetAttrString(m, "answer");
        tap(got == v, "the wrapped module has answer == 42");
        Py_XDECREF(got);
        tap(PyObject_DelAttrString(pm, "answer") == 0 && !PyObject_HasAttrString(m, "answer"), "delattr(proxy, 'answer')");
        got = PyObject_GetAttrString(pm, "missing");
        print_record(got, "proxy.missing");
        tap(got == NULL, "proxy.missing raises");
        Py_XDECREF(got);
        got = PyObject_GetAttrString(pm, "__name__");
        record_value(got, "proxy.__name__");
        Py_XDECREF(got);
        Py_DECREF(v), Py_DECREF(pm), Py_DECREF(m);
    }
    /* The module functions. */
    {
        PyObject *x = PyList_New(0);
        PyObject *p1 = wrap(x), *p2 = wrap(p1);
        expect_is(call_attr(module, "isProxy", NULL, "(O)", p1), Py_True, "isProxy(proxy)");
        expect_is(call_attr(module, "isProxy", NULL, "(O)", x), Py_False, "isProxy(list)");
        expect_is(call_attr(module, "isProxy", NULL, "(OO)", p1, ProxyBase), Py_True, "isProxy(proxy, ProxyBase)");
        expect_is(call_attr(module, "isProxy", NULL, "(OO)", p1, (PyObject *)&PyList_Type), Py_False,
                  "isProxy(proxy, list)");
        expect_is(call_attr(module, "sameProxiedObjects", NULL, "(OO)", p2, x), Py_True, "sameProxiedObjects(p2, x)");
        PyObject *y = PyList_New(0);
        expect_is(call_attr(module, "sameProxiedObjects", NULL, "(OO)", p2, y), Py_False,
                  "sameProxiedObjects(p2, another list)");
        PyObject *r = take(call_attr(module, "removeAllProxies", NULL, "(O)", p2));
        tap(r == x, "removeAllProxies(p2) is x");
        Py_XDECREF(r);
        r = take(call_attr(module, "removeAllProxies", NULL, "(O)", x));
        tap(r == x, "removeAllProxies(x) is x");
        Py_XDECREF(r);
        r = take(call_attr(module, "queryProxy", NULL, "(O)", p2));
        tap(r == p2, "queryProxy(p2) is p2");
        Py_XDECREF(r);
        r = take(call_attr(module, "queryInnerProxy", NULL, "(O)", p2));
        tap(r == p1, "queryInnerProxy(p2) is p1");
        Py_XDECREF(r);
        expect_is(call_attr(module, "queryProxy", NULL, "(O)", x), Py_None, "queryProxy(x) is None");
        record(call_attr(module, "queryProxy", NULL, "(OOi)", x, ProxyBase, 5), "queryProxy(x, ProxyBase, 5)");
        r = PyObject_CallMethod(module, "setProxiedObject", "OO", p1, y);
        tap(r == x, "setProxiedObject(p1, y) returns the old object");
        Py_XDECREF(r);
        r = take(call_attr(module, "getProxiedObject", NULL, "(O)", p1));
        tap(r == y, "getProxiedObject(p1) is now y");
        Py_XDECREF(r);
        record(call_attr(module, "setProxiedObject", NULL, "(OO)", x, y), "setProxiedObject(list, y)");
        record(call_attr(module, "getProxiedObject", NULL, "(i)", 3), "getProxiedObject(3)");
        Py_DECREF(y), Py_DECREF(p2), Py_DECREF(p1), Py_DECREF(x);
    }
    /* A subclass made with type() (test_subclass_constructor). */
    {
        PyObject *bases = PyTuple_Pack(1, ProxyBase), *ns = PyDict_New();
        PyObject *sub = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "MyProxy", bases, ns);
        if (sub == NULL)
            bail("cannot subclass ProxyBase");
        PyObject *sp = PyObject_CallOneArg(sub, o);
        tap(sp && PyObject_IsInstance(sp, ProxyBase) == 1, "MyProxy(o) is a ProxyBase");
        PyObject *r = sp ? take(call_attr(module, "getProxiedObject", NULL, "(O)", sp)) : NULL;
        tap(r == o, "getProxiedObject(MyProxy(o)) is o");
        Py_XDECREF(r), Py_XDECREF(sp), Py_DECREF(sub), Py_DECREF(bases), Py_DECREF(ns);
    }
    Py_DECREF(p);
    Py_DECREF(o);
    Py_DECREF(ProxyBase);
}

CORPUS_MAIN("_zope_proxy_proxy", run)
