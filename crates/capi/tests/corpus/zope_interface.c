/* zope.interface 7.2: _zope_interface_coptimizations, the C half of
 * zope.interface (heap types of a multi-phase module with module state,
 * found again from a subclass's methods with PyType_GetModuleByDef).
 *
 * zope.interface's Python classes subclass these types; here the
 * subclasses are made with type() and their Python-level hooks
 * (`_uncached_lookup`, `_uncached_lookupAll`, `_uncached_subscriptions`,
 * `_call_conform`) are C functions bound through PyInstanceMethod_New.
 * The module imports zope.interface.declarations on first use of
 * providedBy / implementedBy; there is no interpreter to run that .py, so
 * a stand-in module in sys.modules gives what the C reads from it:
 * `Implements` (a SpecificationBase subclass), `_empty`,
 * `BuiltinImplementationSpecifications` and `implementedByFallback`.
 *
 * Vectors: tests/test_interface.py (InterfaceBase's comparisons and hash
 * by (__name__, __module__), __call__ with __conform__, alternate and
 * adapter hooks, "Could not adapt"), tests/test_declarations.py
 * (implementedBy from __implemented__, a builtin's spec, the fallback;
 * providedBy through __providedBy__, __provides__ and the class),
 * tests/test_adapter.py (LookupBase's cache: _uncached_lookup once per
 * key until changed(); lookup1, queryAdapter, adapter_hook, lookupAll,
 * subscriptions; "name is not a string").
 */
#include "corpus.h"

static int uncached_calls = 0, fallback_calls = 0, hook_calls = 0;

/* _uncached_lookup(self, required, provided, name): a value naming its
   arguments, so that the cache's keys show in the results. */
static PyObject *uncached_lookup(PyObject *unused, PyObject *args)
{
    (void)unused;
    PyObject *self, *required, *provided, *name = NULL;
    if (!PyArg_ParseTuple(args, "OOO|O", &self, &required, &provided, &name))
        return NULL;
    uncached_calls++;
    if (name == NULL)
        return Py_BuildValue("(sOsi)", "found", required, "(no name)", uncached_calls);
    if (PyUnicode_Check(name) && PyUnicode_CompareWithASCIIString(name, "none") == 0)
        Py_RETURN_NONE;
    if (PyUnicode_Check(name) && PyUnicode_CompareWithASCIIString(name, "factory") == 0)
        return PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "upper");
    return Py_BuildValue("(sOOi)", "found", required, name, uncached_calls);
}

static PyObject *uncached_lookup_all(PyObject *unused, PyObject *args)
{
    (void)unused;
    PyObject *self, *required, *provided;
    if (!PyArg_ParseTuple(args, "OOO", &self, &required, &provided))
        return NULL;
    uncached_calls++;
    return Py_BuildValue("((ss))", "all", "of them");
}

static PyObject *uncached_subscriptions(PyObject *unused, PyObject *args)
{
    (void)unused;
    PyObject *self, *required, *provided;
    if (!PyArg_ParseTuple(args, "OOO", &self, &required, &provided))
        return NULL;
    uncached_calls++;
    return Py_BuildValue("[ss]", "sub1", "sub2");
}

/* _call_conform(self, conform): InterfaceClass's, which calls it. */
static PyObject *call_conform(PyObject *unused, PyObject *args)
{
    (void)unused;
    PyObject *self, *conform;
    if (!PyArg_ParseTuple(args, "OO", &self, &conform))
        return NULL;
    return PyObject_CallOneArg(conform, self);
}

static PyObject *conform_none(PyObject *unused, PyObject *args)
{
    (void)unused;
    PyObject *self, *iface;
    if (!PyArg_ParseTuple(args, "OO", &self, &iface))
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *conform_value(PyObject *unused, PyObject *args)
{
    (void)unused;
    PyObject *self, *iface;
    if (!PyArg_ParseTuple(args, "OO", &self, &iface))
        return NULL;
    return Py_BuildValue("(sO)", "conformed to", iface);
}

static PyObject *empty_spec;
static PyObject *implemented_by_fallback(PyObject *self, PyObject *cls)
{
    (void)self;
    (void)cls;
    fallback_calls++;
    Py_INCREF(empty_spec);
    return empty_spec;
}

/* An adapter hook: adapts only str objects. */
static PyObject *hook(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *iface, *obj;
    if (!PyArg_ParseTuple(args, "OO", &iface, &obj))
        return NULL;
    hook_calls++;
    if (!PyUnicode_Check(obj))
        Py_RETURN_NONE;
    return Py_BuildValue("(sO)", "hooked", obj);
}

static PyMethodDef defs[] = {
    {"_uncached_lookup", uncached_lookup, METH_VARARGS, NULL},
    {"_uncached_lookupAll", uncached_lookup_all, METH_VARARGS, NULL},
    {"_uncached_subscriptions", uncached_subscriptions, METH_VARARGS, NULL},
    {"_call_conform", call_conform, METH_VARARGS, NULL},
    {"__conform__", conform_none, METH_VARARGS, NULL},
    {"__conform__", conform_value, METH_VARARGS, NULL},
    {"implementedByFallback", implemented_by_fallback, METH_O, NULL},
    {"hook", hook, METH_VARARGS, NULL},
};

static PyObject *method(int i)
{
    PyObject *f = PyCFunction_New(&defs[i], NULL);
    PyObject *m = f ? PyInstanceMethod_New(f) : NULL;
    Py_XDECREF(f);
    if (m == NULL)
        bail("cannot make method %s", defs[i].ml_name);
    return m;
}

/* Records a result whose call leaves references behind by design (an
   interface keeps its name; LookupBase's caches keep their keys and
   values), so no reference counts are compared: only the value, with
   CPython's. */
static void record_direct(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

/* obj.name(*args, **kwargs) without the reference-count harness;
   `kwargs` is stolen. */
static PyObject *call_kw(PyObject *obj, const char *name, PyObject *kwargs, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *m = PyObject_GetAttrString(obj, name);
    PyObject *r = m && args ? PyObject_Call(m, args, kwargs) : NULL;
    Py_XDECREF(m);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *make_iface(PyObject *cls, const char *name, const char *module)
{
    PyObject *i = name ? PyObject_CallFunction(cls, "ss", name, module) : PyObject_CallNoArgs(cls);
    if (i == NULL)
        bail("cannot make interface %s", name ? name : "(no name)");
    return i;
}

/* type(name, (base,), ns): ns stolen. */
static PyObject *subclass(const char *name, PyObject *base, PyObject *ns)
{
    PyObject *t = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O)N", name, base, ns);
    if (t == NULL)
        bail("cannot make class %s", name);
    return t;
}

static PyObject *spec_with(PyObject *cls, PyObject *implied_a, PyObject *implied_b)
{
    PyObject *s = PyObject_CallNoArgs(cls);
    PyObject *implied = PyDict_New();
    if (s == NULL || implied == NULL)
        bail("cannot make a specification");
    if (implied_a)
        PyDict_SetItem(implied, implied_a, PyTuple_New(0));
    if (implied_b)
        PyDict_SetItem(implied, implied_b, PyTuple_New(0));
    if (PyObject_SetAttrString(s, "_implied", implied) < 0)
        bail("cannot set _implied");
    Py_DECREF(implied);
    return s;
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *SB = attr(module, "SpecificationBase");
    PyObject *IB = attr(module, "InterfaceBase");
    PyObject *LB = attr(module, "LookupBase");
    PyObject *VB = attr(module, "VerifyingBase");
    PyObject *hooks = attr(module, "adapter_hooks");
    PyObject *provided_by = attr(module, "providedBy");
    PyObject *implemented_by = attr(module, "implementedBy");
    PyObject *get_spec = attr(module, "getObjectSpecification");
    expect_true(PyList_Check(hooks) && PyList_GET_SIZE(hooks) == 0, "adapter_hooks is an empty list");

    /* The classes zope.interface's Python would define. */
    PyObject *Spec = subclass("Specification", SB, PyDict_New());
    PyObject *Iface = subclass("InterfaceClass", IB, Py_BuildValue("{sN}", "_call_conform", method(3)));
    PyObject *Implements = subclass("Implements", Spec, PyDict_New());

    /* InterfaceBase: __init__, comparisons and hash (test_interface.py). */
    PyObject *I1 = make_iface(Iface, "I1", "mod");
    PyObject *kw = kw_dict("{s:s,s:s}", "__name__", "I2", "__module__", "mod");
    PyObject *noargs = PyTuple_New(0);
    PyObject *I2 = PyObject_Call(Iface, noargs, kw);
    if (I2 == NULL)
        bail("InterfaceClass(__name__='I2', __module__='mod') failed");
    Py_DECREF(kw);
    Py_DECREF(noargs);
    PyObject *I1b = make_iface(Iface, "I1", "other");
    PyObject *Inone = make_iface(Iface, NULL, NULL);
    record_value(Inone, "InterfaceClass() (default name and module None)");
    record(call(Iface, NULL, "(sss)", "a", "b", "c"), "InterfaceClass('a', 'b', 'c')");
    record(call(Iface, kw_dict("{s:s}", "bogus", "x"), "()"), "InterfaceClass(bogus='x')");
    PyObject *name = PyObject_GetAttrString(I1, "__name__");
    PyObject *mod = PyObject_GetAttrString(I1, "__module__");
    tap(name && mod && PyUnicode_CompareWithASCIIString(name, "I1") == 0
            && PyUnicode_CompareWithASCIIString(mod, "mod") == 0,
        "I1.__name__ and __module__");
    Py_XDECREF(name);
    Py_XDECREF(mod);
    expect_true(PyObject_SetAttrString(I1b, "__module__", Py_None) < 0, "__module__ is read-only");
    PyErr_Clear();
    PyObject *self_pairs[][2] = {{I1, I1}, {I1, I2}, {I2, I1}, {I1, I1b}, {I1b, I1}, {I1, Py_None}, {Inone, I1}};
    const char *pair_names[] = {"I1, I1", "I1, I2", "I2, I1", "I1, I1@other", "I1@other, I1", "I1, None",
                                "I(None), I1"};
    const char *op_names[] = {"<", "<=", "==", "!=", ">", ">="};
    char what[200];
    for (size_t p = 0; p < sizeof self_pairs / sizeof *self_pairs; p++)
        for (int op = 0; op < 6; op++) {
            snprintf(what, sizeof what, "%s %s %s", pair_names[p], op_names[op], pair_names[p] + 0);
            snprintf(what, sizeof what, "(%s) %s", pair_names[p], op_names[op]);
            PyObject *r = PyObject_RichCompare(self_pairs[p][0], self_pairs[p][1], op);
            print_record(r, what);
            tap(1, what);
        }
    /* A non-interface with __name__ and __module__ compares by them too. */
    PyObject *named = PyModule_New("I1");
    PyObject_SetAttrString(named, "__module__", PyUnicode_FromString("mod"));
    for (int op = 0; op < 6; op++) {
        snprintf(what, sizeof what, "(I1, a module named I1 with __module__ 'mod') %s", op_names[op]);
        PyObject *r = PyObject_RichCompare(I1, named, op);
        print_record(r, what);
        tap(1, what);
    }
    Py_DECREF(named);
    PyObject *r = PyObject_RichCompare(I1, Py_True, Py_LT);
    print_record(r, "I1 < True (no __name__: NotImplemented, then TypeError)");
    tap(1, "I1 < True");
    Py_hash_t h = PyObject_Hash(I1);
    PyObject *key = Py_BuildValue("(ss)", "I1", "mod");
    expect_true(h != -1 && h == PyObject_Hash(key), "hash(I1) == hash(('I1', 'mod'))");
    Py_DECREF(key);
    PyObject *nomod = PyObject_CallNoArgs(Iface);
    PyObject_SetAttrString(nomod, "__ibmodule__", NULL);
    PyErr_Clear();
    h = PyObject_Hash(nomod);
    print_record(h == -1 ? NULL : Py_None, "hash(an interface without __module__)");
    tap(1, "hash(an interface without __module__)");
    Py_DECREF(nomod);

    /* SpecificationBase: isOrExtends and __call__ read _implied. */
    PyObject *S = spec_with(Spec, I1, NULL);
    expect_is(call_attr(S, "isOrExtends", NULL, "(O)", I1), Py_True, "spec.isOrExtends(I1)");
    expect_is(call_attr(S, "isOrExtends", NULL, "(O)", I2), Py_False, "spec.isOrExtends(I2)");
    expect_is(call(S, NULL, "(O)", I1), Py_True, "spec(I1)");
    record(call(S, NULL, "()"), "spec()");
    PyObject *bare = PyObject_CallNoArgs(Spec);
    record(call_attr(bare, "isOrExtends", NULL, "(O)", I1), "spec without _implied: isOrExtends(I1)");
    record(call(bare, NULL, "(O)", I1), "spec without _implied: spec(I1)");
    PyObject *implied = PyObject_GetAttrString(bare, "_implied");
    print_record(implied, "spec without _implied: ._implied");
    tap(1, "spec without _implied: ._implied");
    Py_DECREF(bare);

    /* The stand-in zope.interface.declarations. */
    empty_spec = spec_with(Spec, NULL, NULL);
    PyObject *builtin_specs = PyDict_New();
    PyObject *decls = PyModule_New("zope.interface.declarations");
    PyObject *fallback = PyCFunction_New(&defs[6], NULL);
    PyObject_SetAttrString(decls, "Implements", Implements);
    PyObject_SetAttrString(decls, "_empty", empty_spec);
    PyObject_SetAttrString(decls, "BuiltinImplementationSpecifications", builtin_specs);
    PyObject_SetAttrString(decls, "implementedByFallback", fallback);
    PyDict_SetItemString(PyImport_GetModuleDict(), "zope.interface.declarations", decls);
    /* Its packages, as an importer of zope.interface would have left them. */
    PyObject *zope = PyModule_New("zope"), *zi = PyModule_New("zope.interface");
    PyDict_SetItemString(PyImport_GetModuleDict(), "zope", zope);
    PyDict_SetItemString(PyImport_GetModuleDict(), "zope.interface", zi);
    Py_DECREF(zope);
    Py_DECREF(zi);
    Py_DECREF(fallback);

    /* implementedBy (test_declarations.py). */
    PyObject *impl = spec_with(Implements, I1, NULL);
    PyObject *K = subclass("K", (PyObject *)&PyBaseObject_Type, Py_BuildValue("{sO}", "__implemented__", impl));
    expect_is(call(implemented_by, NULL, "(O)", K), impl, "implementedBy(K) is K.__implemented__");
    expect_is(call(implemented_by, NULL, "(O)", &PyLong_Type), empty_spec, "implementedBy(int): the fallback");
    expect_true(fallback_calls == 1, "the fallback ran once");
    PyObject *int_spec = spec_with(Implements, I2, NULL);
    PyDict_SetItem(builtin_specs, (PyObject *)&PyLong_Type, int_spec);
    expect_is(call(implemented_by, NULL, "(O)", &PyLong_Type), int_spec,
              "implementedBy(int): BuiltinImplementationSpecifications");
    PyObject *old = subclass("Old", (PyObject *)&PyBaseObject_Type, Py_BuildValue("{si}", "__implemented__", 5));
    expect_is(call(implemented_by, NULL, "(O)", old), empty_spec, "implementedBy(old-style __implemented__): fallback");
    expect_true(fallback_calls == 2, "the fallback ran again");
    PyObject *inst = PyObject_CallNoArgs(K);
    expect_is(call(implemented_by, NULL, "(O)", inst), empty_spec,
              "implementedBy(an instance): its __dict__ has no __implemented__");
    record(call(implemented_by, NULL, "()"), "implementedBy()");

    /* providedBy and getObjectSpecification. */
    expect_is(call(provided_by, NULL, "(O)", inst), impl, "providedBy(K()) is implementedBy(K)");
    expect_is(call(get_spec, NULL, "(O)", inst), impl, "getObjectSpecification(K()) is implementedBy(K)");
    expect_is(call(provided_by, NULL, "(i)", 5), int_spec, "providedBy(5) is the builtin int spec");
    PyObject *own = spec_with(Spec, I2, NULL);
    PyObject_SetAttrString(inst, "__provides__", own);
    expect_is(call(get_spec, NULL, "(O)", inst), own, "getObjectSpecification(obj with __provides__)");
    expect_is(call(provided_by, NULL, "(O)", inst), own, "providedBy(obj with __provides__)");
    PyObject_SetAttrString(inst, "__provides__", Py_None);
    expect_is(call(get_spec, NULL, "(O)", inst), impl, "getObjectSpecification(obj whose __provides__ is None)");
    PyObject_SetAttrString(inst, "__providedBy__", own);
    expect_is(call(provided_by, NULL, "(O)", inst), own, "providedBy(obj with __providedBy__)");
    PyObject_SetAttrString(inst, "__providedBy__", Py_None);
    record(call(provided_by, NULL, "(O)", inst), "providedBy(obj whose __providedBy__ is None)");
    PyObject_DelAttrString(inst, "__providedBy__");
    PyObject_DelAttrString(inst, "__provides__");

    /* SpecificationBase.providedBy / implementedBy. */
    expect_is(call_attr(I1, "providedBy", NULL, "(O)", inst), Py_True, "I1.providedBy(K())");
    expect_is(call_attr(I2, "providedBy", NULL, "(O)", inst), Py_False, "I2.providedBy(K())");
    expect_is(call_attr(I1, "implementedBy", NULL, "(O)", K), Py_True, "I1.implementedBy(K)");
    expect_is(call_attr(I2, "implementedBy", NULL, "(O)", &PyLong_Type), Py_True, "I2.implementedBy(int)");

    /* InterfaceBase.__call__ and __adapt__. */
    expect_is(call(I1, NULL, "(O)", inst), inst, "I1(K()) is the object (it provides I1)");
    expect_is(call_attr(I1, "__adapt__", NULL, "(O)", inst), inst, "I1.__adapt__(K())");
    expect_is(call_attr(I2, "__adapt__", NULL, "(O)", inst), Py_None, "I2.__adapt__(K()) is None");
    record(call(I2, NULL, "(O)", inst), "I2(K()) raises Could not adapt");
    expect_str(call(I2, NULL, "(Os)", inst, "alt"), "alt", "I2(K(), 'alt')");
    expect_str(call(I2, kw_dict("{s:s}", "alternate", "alt"), "(O)", inst), "alt", "I2(K(), alternate='alt')");
    PyObject *hook_fn = PyCFunction_New(&defs[7], NULL);
    PyList_Append(hooks, hook_fn);
    record(call(I2, NULL, "(s)", "text"), "I2('text') through the adapter hook");
    record(call(I2, NULL, "(ds)", 7.5, "alt"), "I2(7.5, 'alt'): the hook declines");
    record(call(I2, NULL, "(i)", 7), "I2(7): int provides I2 (a builtin spec), no hook");
    expect_true(hook_calls == 2, "the hook ran twice");
    PyList_SetSlice(hooks, 0, 1, NULL);
    Py_DECREF(hook_fn);
    PyObject *C1 = subclass("Conforming", (PyObject *)&PyBaseObject_Type,
                            Py_BuildValue("{sN}", "__conform__", method(5)));
    PyObject *c1 = PyObject_CallNoArgs(C1);
    record(call(I2, NULL, "(O)", c1), "I2(obj whose __conform__ adapts)");
    PyObject *C2 = subclass("Declining", (PyObject *)&PyBaseObject_Type,
                            Py_BuildValue("{sN}", "__conform__", method(4)));
    PyObject *c2 = PyObject_CallNoArgs(C2);
    record(call(I2, NULL, "(Os)", c2, "alt"), "I2(obj whose __conform__ returns None, 'alt')");
    record(call(I2, NULL, "()"), "I2()");
    Py_DECREF(c1);
    Py_DECREF(c2);

    /* LookupBase (test_adapter.py's LookupBaseTests). */
    PyObject *L = subclass("Lookup", LB,
                           Py_BuildValue("{sNsNsN}", "_uncached_lookup", method(0), "_uncached_lookupAll", method(1),
                                         "_uncached_subscriptions", method(2)));
    PyObject *lk = keep(call(L, NULL, "()"), "Lookup()");
    PyObject *req = Py_BuildValue("(O)", I1);
    uncached_calls = 0;
    record_direct(PyObject_CallMethod(lk, "lookup", "OO", req, I2), "lookup((I1,), I2)");
    record_direct(PyObject_CallMethod(lk, "lookup", "OO", req, I2), "lookup((I1,), I2) again: cached");
    expect_true(uncached_calls == 1, "_uncached_lookup ran once");
    record_direct(PyObject_CallMethod(lk, "lookup", "OOs", req, I2, "named"), "lookup((I1,), I2, 'named')");
    record_direct(call_kw(lk, "lookup", kw_dict("{s:s,s:s}", "name", "none", "default", "dflt"), "(OO)", req, I2), "lookup((I1,), I2, name='none', default='dflt')");
    record_direct(PyObject_CallMethod(lk, "lookup", "OOs", req, I2, "none"), "lookup((I1,), I2, 'none')");
    PyObject *req_list = Py_BuildValue("[OO]", I1, I2);
    record_direct(PyObject_CallMethod(lk, "lookup", "OO", req_list, I2), "lookup([I1, I2], I2)");
    record_direct(PyObject_CallMethod(lk, "lookup", "OOi", req, I2, 5), "lookup((I1,), I2, 5)");
    record_direct(PyObject_CallMethod(lk, "lookup", "iO", 5, I2), "lookup(5, I2)");
    record_direct(PyObject_CallMethod(lk, "lookup", "(O)", req), "lookup((I1,))");
    expect_true(uncached_calls == 4, "four more keys looked up");
    record_direct(PyObject_CallMethod(lk, "lookup1", "OO", I1, I2), "lookup1(I1, I2): the cached (I1,) entry");
    expect_true(uncached_calls == 4, "lookup1 shares lookup's cache");
    /* changed() drops the cache (and the references it held). */
    PyObject *changed = PyObject_CallMethod(lk, "changed", "(O)", Py_None);
    expect_true(changed == Py_None, "changed(None) is None");
    Py_XDECREF(changed);
    record_direct(PyObject_CallMethod(lk, "lookup1", "OO", I1, I2), "lookup1(I1, I2) after changed()");
    expect_true(uncached_calls == 5, "changed() emptied the cache");
    record_direct(PyObject_CallMethod(lk, "lookup1", "OOss", I1, I2, "none", "dflt"), "lookup1(I1, I2, 'none', 'dflt')");
    record_direct(PyObject_CallMethod(lk, "queryAdapter", "sOs", "abc", I1, "factory"), "queryAdapter('abc', I1, 'factory'): the factory called");
    record_direct(PyObject_CallMethod(lk, "queryAdapter", "sOss", "abc", I1, "none", "dflt"), "queryAdapter('abc', I1, 'none', 'dflt')");
    record_direct(PyObject_CallMethod(lk, "adapter_hook", "OOs", I2, inst, "factory"), "adapter_hook(I2, K(), 'factory'): K() is not a str");
    record_direct(call_kw(lk, "adapter_hook", kw_dict("{s:s}", "name", "factory"), "(Os)", I2, "xyz"), "adapter_hook(I2, 'xyz', name='factory')");
    record_direct(PyObject_CallMethod(lk, "adapter_hook", "OOi", I2, inst, 3), "adapter_hook(I2, K(), 3)");
    record_direct(PyObject_CallMethod(lk, "lookupAll", "OO", req, I2), "lookupAll((I1,), I2)");
    record_direct(PyObject_CallMethod(lk, "lookupAll", "OO", req, I2), "lookupAll((I1,), I2) again");
    record_direct(PyObject_CallMethod(lk, "subscriptions", "OO", req, I2), "subscriptions((I1,), I2)");
    record_direct(PyObject_CallMethod(lk, "subscriptions", "OO", req, I2), "subscriptions((I1,), I2) again");
    snprintf(what, sizeof what, "uncached calls: %d", uncached_calls);
    PyObject *n = PyLong_FromLong(uncached_calls);
    record_value(n, "uncached calls after lookupAll and subscriptions");
    Py_DECREF(n);

    /* VerifyingBase: the cache is checked against _verify_ro's generations. */
    PyObject *V = subclass("Verifying", VB,
                           Py_BuildValue("{sNsNsN}", "_uncached_lookup", method(0), "_uncached_lookupAll", method(1),
                                         "_uncached_subscriptions", method(2)));
    PyObject *vk = keep(call(V, NULL, "()"), "Verifying()");
    /* self._registry.ro: the registry itself, then its bases, whose
       _generation numbers the cache is checked against. */
    PyObject *registry = PyModule_New("registry");
    PyObject *reg = PyModule_New("base registry");
    PyObject *one = PyLong_FromLong(1), *two = PyLong_FromLong(2);
    PyObject_SetAttrString(reg, "_generation", one);
    PyObject *ro = Py_BuildValue("[OO]", registry, reg);
    PyObject_SetAttrString(registry, "ro", ro);
    PyObject_SetAttrString(vk, "_registry", registry);
    uncached_calls = 0;
    record_direct(PyObject_CallMethod(vk, "lookup", "OO", req, I2), "Verifying.lookup((I1,), I2)");
    record_direct(PyObject_CallMethod(vk, "lookup", "OO", req, I2), "Verifying.lookup((I1,), I2) again");
    PyObject_SetAttrString(reg, "_generation", two);
    record_direct(PyObject_CallMethod(vk, "lookup", "OO", req, I2), "Verifying.lookup after the generation moved");
    record_direct(PyObject_CallMethod(vk, "lookup1", "OO", I1, I2), "Verifying.lookup1(I1, I2)");
    record_direct(PyObject_CallMethod(vk, "queryAdapter", "sOs", "abc", I1, "factory"), "Verifying.queryAdapter");
    record_direct(PyObject_CallMethod(vk, "lookupAll", "OO", req, I2), "Verifying.lookupAll");
    record_direct(PyObject_CallMethod(vk, "subscriptions", "OO", req, I2), "Verifying.subscriptions");
    record_direct(PyObject_CallMethod(vk, "subscriptions", "OO", req, I2), "Verifying.subscriptions again");
    record_direct(PyObject_CallMethod(vk, "changed", "O", Py_None), "Verifying.changed(None)");
    PyObject_SetAttrString(registry, "ro", Py_None);
    record_direct(PyObject_CallMethod(vk, "changed", "O", Py_None), "Verifying.changed(None) with ro None");
    PyObject_DelAttrString(registry, "ro");
    record_direct(PyObject_CallMethod(vk, "changed", "O", Py_None), "Verifying.changed(None) without ro");
    n = PyLong_FromLong(uncached_calls);
    record_value(n, "Verifying: uncached calls");
    Py_DECREF(n);
    PyObject *gens = PyObject_GetAttrString(vk, "_verify_generations");
    print_record(gens, "Verifying._verify_generations after changed()");
    tap(1, "Verifying._verify_generations after changed()");
    Py_XDECREF(gens);
    Py_DECREF(ro);
    Py_DECREF(reg);
    Py_DECREF(registry);
    Py_DECREF(one);
    Py_DECREF(two);
    Py_DECREF(vk);
    Py_DECREF(V);

    Py_DECREF(req_list);
    Py_DECREF(req);
    Py_DECREF(lk);
    Py_DECREF(L);
    Py_DECREF(C1);
    Py_DECREF(C2);
    Py_DECREF(own);
    Py_DECREF(inst);
    Py_DECREF(old);
    Py_DECREF(int_spec);
    Py_DECREF(K);
    Py_DECREF(impl);
    Py_DECREF(decls);
    Py_DECREF(builtin_specs);
    Py_DECREF(S);
    Py_DECREF(I1);
    Py_DECREF(I2);
    Py_DECREF(I1b);
    Py_DECREF(Inone);
    Py_DECREF(Implements);
    Py_DECREF(Iface);
    Py_DECREF(Spec);
    Py_DECREF(get_spec);
    Py_DECREF(implemented_by);
    Py_DECREF(provided_by);
    Py_DECREF(hooks);
    Py_DECREF(VB);
    Py_DECREF(LB);
    Py_DECREF(IB);
    Py_DECREF(SB);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    corpus_package = "zope.interface";
    PyObject *module = load_module(argv[1], "_zope_interface_coptimizations");
    run(module, argv[2]);
    return tap_done();
}
