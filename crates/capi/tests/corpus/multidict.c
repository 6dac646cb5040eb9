/* multidict 7.2.1's _multidict (aiohttp's and yarl's header maps):
 * MultiDict and CIMultiDict over the extension's own insertion-ordered
 * hash table, MultiDictProxy/CIMultiDictProxy, keys/values/items views
 * with set operations and their iterators, istr (a str subclass whose case
 * folding fills a buffer through Py_TOLOWER), module state reached through
 * PyType_GetModuleByDef, METH_FASTCALL|METH_KEYWORDS methods parsed by
 * hand, PyObject_LengthHint for presizing, and GC types.
 *
 * Vectors: tests/test_multidict.py (construction from pairs, mappings,
 * kwargs and generators, getone/getall/get defaults and KeyErrors, views
 * and their set operations, equality with dicts), test_mutable_multidict.py
 * (add, __setitem__ replacing all, extend, update, popone/popall/popitem,
 * setdefault, del, clear, copy, repr), test_istr.py and test_incorrect_args
 * .py (argument errors). Results are recorded and compared with the
 * CPython build's.
 */
#include "corpus.h"

static PyObject *MultiDict, *CIMultiDict, *MultiDictProxy, *CIMultiDictProxy, *istr;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* A status (0 / -1) as a record: None or the exception. */
static void rec_status(int status, const char *what)
{
    rec(status < 0 ? NULL : Py_NewRef(Py_None), what);
}

static PyObject *md_of(PyObject *cls, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(cls, args, NULL) : NULL;
    Py_XDECREF(args);
    if (r == NULL)
        bail("cannot construct %s", fmt);
    return r;
}

/* list(x) as a record. */
static void rec_list(PyObject *x, const char *what)
{
    rec(x ? PySequence_List(x) : NULL, what);
    Py_XDECREF(x);
}

static void test_construct(void)
{
    /* (A MultiDict holds its module's state: made outside the checks.) */
    PyObject *empty = PyObject_CallNoArgs(MultiDict);
    rec(PyObject_Repr(empty), "repr(MultiDict())");
    rec(PyLong_FromSsize_t(PyObject_Length(empty)), "len(MultiDict())");
    PyObject *empty_dict = PyDict_New();
    rec(PyObject_RichCompare(empty, empty_dict, Py_EQ), "MultiDict() == {}");
    PyObject *empty_list = PyList_New(0);
    rec(PyObject_RichCompare(empty, empty_list, Py_NE), "MultiDict() != []");
    record(call(MultiDict, NULL, "(iii)", 1, 2, 3), "MultiDict(1, 2, 3)");
    Py_DECREF(empty);

    PyObject *pairs = Py_BuildValue("[(ss)]", "key", "value1");
    PyObject *d = md_of(MultiDict, "(O)", pairs);
    rec(PyObject_Repr(d), "MultiDict([('key', 'value1')])");
    rec(PyObject_RichCompare(d, Py_BuildValue("{s:s}", "key", "value1"), Py_EQ), "... == {'key': 'value1'}");
    Py_DECREF(d);
    PyObject *kw = kw_dict("{s:s,s:s}", "key", "value1", "key2", "value2");
    PyObject *no_args = PyTuple_New(0);
    d = PyObject_Call(MultiDict, no_args, kw);
    rec(d ? PyObject_Repr(d) : NULL, "MultiDict(key='value1', key2='value2')");
    Py_XDECREF(d);
    PyObject *both = Py_BuildValue("(O)", pairs);
    d = PyObject_Call(MultiDict, both, kw);
    rec(d ? PyObject_Repr(d) : NULL, "MultiDict([('key', 'value1')], key=..., key2=...)");
    Py_XDECREF(d);
    PyObject *lists = Py_BuildValue("[[ss]]", "key", "value1");
    rec(PyObject_CallFunctionObjArgs(MultiDict, lists, NULL), "MultiDict([['key', 'value1']])");
    PyObject *mapping = Py_BuildValue("{s:i,s:i}", "0", 0, "1", 1);
    rec(PyObject_CallFunctionObjArgs(MultiDict, mapping, NULL), "MultiDict({'0': 0, '1': 1})");
    PyObject *tuple_pairs = Py_BuildValue("((si)(si))", "a", 1, "b", 2);
    PyObject *it = PyObject_GetIter(tuple_pairs);
    rec(PyObject_CallFunctionObjArgs(MultiDict, it, NULL), "MultiDict(an iterator of pairs)");
    Py_DECREF(it);
    rec(PyObject_CallFunction(MultiDict, "i", 5), "MultiDict(5)");
    rec(PyObject_CallFunction(MultiDict, "[i]", 5), "MultiDict([5])");
    rec(PyObject_CallFunction(MultiDict, "[(iii)]", 1, 2, 3), "MultiDict([(1, 2, 3)])");
    rec(PyObject_CallFunction(MultiDict, "[s]", "ab"), "MultiDict(['ab']) (a 2-char str is a pair)");
    rec(PyObject_CallFunction(MultiDict, "[(is)]", 1, "x"), "MultiDict([(1, 'x')]) (a non-str key)");
    PyObject *other = md_of(MultiDict, "([(ss)(ss)])", "a", "1", "a", "2");
    rec(PyObject_CallFunctionObjArgs(MultiDict, other, NULL), "MultiDict(another MultiDict)");
    rec(PyObject_CallFunctionObjArgs(CIMultiDict, other, NULL), "CIMultiDict(a MultiDict)");
    Py_DECREF(other);
    Py_DECREF(tuple_pairs);
    Py_DECREF(mapping);
    Py_DECREF(lists);
    Py_DECREF(both);
    Py_DECREF(no_args);
    Py_DECREF(kw);
    Py_DECREF(pairs);
    Py_DECREF(empty_dict);
    Py_DECREF(empty_list);
}

static void test_access(void)
{
    PyObject *d = md_of(MultiDict, "([(ss)(ss)(ss)])", "key", "value1", "key", "value2", "key2", "x");
    PyObject *k = PyUnicode_FromString("key"), *k2 = PyUnicode_FromString("missing");
    expect_str(call_attr(d, "getone", NULL, "(O)", k), "value1", "getone('key')");
    expect_str(call_attr(d, "get", NULL, "(O)", k), "value1", "get('key')");
    rec(PyObject_GetItem(d, k), "d['key']");
    rec(PyObject_GetItem(d, k2), "d['missing']");
    record(call_attr(d, "getone", NULL, "(O)", k2), "getone('missing')");
    record(call_attr(d, "getone", NULL, "(Os)", k2, "default"), "getone('missing', 'default')");
    record(call_attr(d, "getall", NULL, "(O)", k), "getall('key')");
    record(call_attr(d, "getall", NULL, "(O)", k2), "getall('missing')");
    record(call_attr(d, "getall", kw_dict("{s:s,s:s}", "default", "dflt", "key", "notfound"), "()"),
           "getall(default='dflt', key='notfound')");
    expect_is(call_attr(d, "get", NULL, "(O)", k2), Py_None, "get('missing')");
    record(call_attr(d, "get", NULL, "()"), "get()");
    record(call_attr(d, "get", NULL, "(OOO)", k, k, k), "get(3 args)");
    record(call_attr(d, "getone", kw_dict("{s:O,s:s}", "key", k, "extra", "e"), "()"), "getone(key=, extra=)");
    rec_list(PyObject_GetIter(d), "list(d)");
    rec_list(PyObject_CallMethod(d, "keys", NULL), "list(d.keys())");
    rec_list(PyObject_CallMethod(d, "values", NULL), "list(d.values())");
    rec_list(PyObject_CallMethod(d, "items", NULL), "list(d.items())");
    rec(PyBool_FromLong(PySequence_Contains(d, k)), "'key' in d");
    PyObject *i42 = PyLong_FromLong(42);
    rec(PyBool_FromLong(PySequence_Contains(d, i42)), "42 in d");
    PyObject *keys = PyObject_CallMethod(d, "keys", NULL);
    rec(PyObject_Repr(keys), "repr(d.keys())");
    rec(PyBool_FromLong(PySequence_Contains(keys, k)), "'key' in d.keys()");
    PyObject *items = PyObject_CallMethod(d, "items", NULL);
    PyObject *pair = Py_BuildValue("(ss)", "key", "value2");
    rec(PyBool_FromLong(PySequence_Contains(items, pair)), "('key', 'value2') in d.items()");
    rec(PyBool_FromLong(PySequence_Contains(items, i42)), "42 in d.items()");
    rec(PyObject_Repr(items), "repr(d.items())");
    PyObject *values = PyObject_CallMethod(d, "values", NULL);
    rec(PyObject_Repr(values), "repr(d.values())");
    rec(PyLong_FromSsize_t(PyObject_Length(values)), "len(d.values())");

    /* Set operations on the keys view. */
    PyObject *set = Py_BuildValue("[ss]", "key", "other");
    PyObject *as_set = PySet_New(set);
    PyObject *r = PyNumber_And(keys, as_set);
    rec(r ? PySequence_List(r) : NULL, "list(d.keys() & {'key', 'other'})");
    Py_XDECREF(r);
    r = PyNumber_Or(keys, as_set);
    PyObject *sorted = r ? PySequence_List(r) : NULL;
    if (sorted)
        PyList_Sort(sorted);
    rec(sorted, "sorted(d.keys() | {'key', 'other'})");
    Py_XDECREF(r);
    r = PyNumber_Subtract(keys, as_set);
    rec(r ? PySequence_List(r) : NULL, "list(d.keys() - {'key', 'other'})");
    Py_XDECREF(r);
    r = PyNumber_Xor(keys, as_set);
    sorted = r ? PySequence_List(r) : NULL;
    if (sorted)
        PyList_Sort(sorted);
    rec(sorted, "sorted(d.keys() ^ {'key', 'other'})");
    Py_XDECREF(r);
    r = PyNumber_And(keys, set);
    rec(r ? PySequence_List(r) : NULL, "list(d.keys() & ['key', 'other'])");
    Py_XDECREF(r);
    PyObject *key_set = Py_BuildValue("[ss]", "key", "key2");
    PyObject *exact = PySet_New(key_set);
    rec(PyObject_RichCompare(keys, exact, Py_EQ), "d.keys() == {'key', 'key2'}");
    rec(PyObject_RichCompare(keys, exact, Py_LE), "d.keys() <= {'key', 'key2'}");
    rec(PyObject_RichCompare(keys, as_set, Py_LT), "d.keys() < {'key', 'other'}");
    rec(PyObject_CallMethod(keys, "isdisjoint", "O", as_set), "d.keys().isdisjoint({'key', 'other'})");
    PyObject *str_other = PyUnicode_FromString("other");
    rec(PyObject_RichCompare(keys, str_other, Py_NE), "d.keys() != 'other'");
    rec(PyNumber_And(keys, i42), "d.keys() & 42");

    Py_DECREF(str_other);
    Py_DECREF(exact);
    Py_DECREF(key_set);
    Py_DECREF(as_set);
    Py_DECREF(set);
    Py_DECREF(values);
    Py_DECREF(pair);
    Py_DECREF(items);
    Py_DECREF(keys);
    Py_DECREF(i42);
    Py_DECREF(k);
    Py_DECREF(k2);
    Py_DECREF(d);
}

static int setitem(PyObject *d, const char *k, const char *v)
{
    PyObject *key = PyUnicode_FromString(k), *value = PyUnicode_FromString(v);
    int r = PyObject_SetItem(d, key, value);
    Py_DECREF(key);
    Py_DECREF(value);
    return r;
}

static void test_mutation(void)
{
    PyObject *d = PyObject_CallNoArgs(MultiDict);
    rec_status(setitem(d, "key", "one"), "d['key'] = 'one'");
    rec_status(setitem(d, "key", "two"), "d['key'] = 'two'");
    rec(PyObject_Repr(d), "... repr");
    rec(PyObject_CallMethod(d, "add", "ss", "key", "one"), "d.add('key', 'one')");
    rec(PyObject_CallMethod(d, "add", "ss", "foo", "bar"), "d.add('foo', 'bar')");
    rec(PyObject_Repr(d), "... repr");
    PyObject *add = PyObject_GetAttrString(d, "add");
    PyObject *no_args = PyTuple_New(0);
    PyObject *k_only = kw_dict("{s:s}", "key", "k");
    rec(PyObject_Call(add, no_args, k_only), "d.add(key='k')");
    PyObject *extra = kw_dict("{s:s,s:s,s:s}", "key", "k", "value", "v", "extra", "e");
    rec(PyObject_Call(add, no_args, extra), "d.add(key='k', value='v', extra='e')");
    PyObject *value_key = kw_dict("{s:s,s:s}", "value", "4", "key", "k4");
    rec(PyObject_Call(add, no_args, value_key), "d.add(value='4', key='k4')");
    rec(PyObject_CallMethod(d, "getall", "s", "k4"), "... getall('k4')");
    Py_DECREF(value_key);
    Py_DECREF(extra);
    Py_DECREF(k_only);
    Py_DECREF(add);

    /* extend, update, merge. */
    rec(PyObject_CallMethod(d, "extend", "([(ss)(ss)])", "key", "three", "new", "n"), "d.extend([...])");
    PyObject *ext = PyObject_GetAttrString(d, "extend");
    PyObject *kw = kw_dict("{s:s}", "kw", "x");
    rec(PyObject_Call(ext, no_args, kw), "d.extend(kw='x')");
    rec(PyObject_CallMethod(d, "extend", "i", 1), "d.extend(1)");
    rec(PyObject_CallMethod(d, "extend", "OO", d, d), "d.extend(d, d)");
    rec(PyObject_Repr(d), "... repr");
    rec(PyObject_CallMethod(d, "update", "([(ss)])", "key", "updated"), "d.update([('key', 'updated')])");
    rec(PyObject_Repr(d), "... repr (update replaced every 'key')");
    rec(PyObject_CallMethod(d, "merge", "({s:s,s:s})", "foo", "ignored", "fresh", "f"), "d.merge({...})");
    rec(PyObject_Repr(d), "... repr");
    Py_DECREF(kw);
    Py_DECREF(ext);

    /* pop family. */
    rec(PyObject_CallMethod(d, "popone", "s", "foo"), "d.popone('foo')");
    rec(PyObject_CallMethod(d, "popone", "s", "foo"), "d.popone('foo') again");
    rec(PyObject_CallMethod(d, "popone", "ss", "foo", "dflt"), "d.popone('foo', 'dflt')");
    rec(PyObject_CallMethod(d, "add", "ss", "multi", "1"), "d.add('multi', '1')");
    rec(PyObject_CallMethod(d, "add", "ss", "multi", "2"), "d.add('multi', '2')");
    rec(PyObject_CallMethod(d, "popall", "s", "multi"), "d.popall('multi')");
    rec(PyObject_CallMethod(d, "popall", "s", "multi"), "d.popall('multi') again");
    rec(PyObject_CallMethod(d, "pop", "s", "new"), "d.pop('new')");
    rec(PyObject_CallMethod(d, "popitem", NULL), "d.popitem()");
    rec(PyObject_CallMethod(d, "setdefault", "ss", "sd", "first"), "d.setdefault('sd', 'first')");
    rec(PyObject_CallMethod(d, "setdefault", "ss", "sd", "second"), "d.setdefault('sd', 'second')");
    PyObject *sd = PyUnicode_FromString("sd"), *nope = PyUnicode_FromString("nope");
    rec_status(PyObject_DelItem(d, sd), "del d['sd']");
    rec_status(PyObject_DelItem(d, nope), "del d['nope']");
    Py_DECREF(sd);
    Py_DECREF(nope);
    PyObject *copy = PyObject_CallMethod(d, "copy", NULL);
    rec(copy ? PyObject_Repr(copy) : NULL, "d.copy()");
    rec(copy ? PyObject_RichCompare(copy, d, Py_EQ) : NULL, "d.copy() == d");
    Py_XDECREF(copy);
    rec(PyObject_CallMethod(d, "clear", NULL), "d.clear()");
    rec(PyObject_CallMethod(d, "popitem", NULL), "popitem() on an empty MultiDict");
    rec(PyObject_Repr(d), "... repr");

    /* Many keys: the table grows and keeps insertion order. */
    for (int i = 0; i < 2000; i++) {
        PyObject *key = PyUnicode_FromFormat("k%d", i % 700);
        PyObject *r = PyObject_CallMethod(d, "add", "Oi", key, i);
        Py_DECREF(key);
        if (r == NULL)
            bail("add %d failed", i);
        Py_DECREF(r);
    }
    rec(PyLong_FromSsize_t(PyObject_Length(d)), "len after 2000 adds over 700 keys");
    rec(PyObject_CallMethod(d, "getall", "s", "k5"), "getall('k5')");
    rec(PyObject_CallMethod(d, "popall", "s", "k699"), "popall('k699')");
    PyObject *keys = PyObject_CallMethod(d, "keys", NULL);
    PyObject *first = keys ? PySequence_List(keys) : NULL;
    rec(first ? PyList_GetSlice(first, 0, 5) : NULL, "the first five keys");
    Py_XDECREF(first);
    Py_XDECREF(keys);

    /* Mutating while iterating. */
    PyObject *it = PyObject_GetIter(d);
    Py_XDECREF(PyIter_Next(it));
    Py_XDECREF(PyObject_CallMethod(d, "add", "si", "late", 1));
    PyObject *next = PyIter_Next(it);
    rec(next ? next : (PyErr_Occurred() ? NULL : Py_NewRef(Py_None)), "next(iter) after the dict changed");
    Py_DECREF(it);
    Py_DECREF(no_args);
    Py_DECREF(d);
}

static void test_ci_and_istr(void)
{
    PyObject *d = md_of(CIMultiDict, "([(ss)(ss)])", "Key", "one", "KEY", "two");
    /* test_mutable_multidict.py's test__repr__ for the CI class. */
    PyObject *shown = PyObject_Repr(d);
    expect_true(shown != NULL && PyUnicode_CompareWithASCIIString(shown, "<CIMultiDict('Key': 'one', 'KEY': 'two')>") == 0,
                "repr(CIMultiDict([('Key', 'one'), ('KEY', 'two')]))");
    Py_XDECREF(shown);
    PyErr_Clear();
    rec(PyObject_CallMethod(d, "getall", "s", "key"), "getall('key')");
    rec(PyObject_CallMethod(d, "getone", "s", "kEy"), "getone('kEy')");
    rec(PyBool_FromLong(PySequence_Contains(d, PyUnicode_FromString("KEY"))), "'KEY' in d");
    rec_status(setitem(d, "kEY", "three"), "d['kEY'] = 'three'");
    rec(PyObject_Repr(d), "... repr");
    rec_list(PyObject_CallMethod(d, "keys", NULL), "list(d.keys())");
    PyObject *plain = Py_BuildValue("{s:s}", "KEY", "three");
    rec(PyObject_RichCompare(d, plain, Py_EQ), "d == {'KEY': 'three'}");
    Py_DECREF(plain);
    rec(PyObject_CallMethod(d, "add", "ss", "\xc3\x9f", "eszett"), "d.add('ß', ...)");
    rec(PyObject_CallMethod(d, "getone", "s", "\xc3\x9f"), "getone('ß')");
    rec(PyObject_CallMethod(d, "getone", "s", "SS"), "getone('SS')");
    rec(PyObject_CallMethod(d, "add", "is", 1, "x"), "d.add(1, 'x') (keys must be str)");

    /* istr. */
    PyObject *s = PyObject_CallFunction(istr, "s", "Hello World");
    /* test_istr.py's test_ctor_str. */
    if (s == NULL)
        diag_exception();
    expect_true(s != NULL && PyUnicode_Check(s) && PyUnicode_CompareWithASCIIString(s, "Hello World") == 0,
                "istr('Hello World') is a str equal to 'Hello World'");
    rec(s ? PyObject_Repr(s) : NULL, "repr(istr('Hello World'))");
    rec(s ? PyObject_Str(s) : NULL, "str(istr('Hello World'))");
    rec(s ? PyBool_FromLong(PyUnicode_Check(s)) : NULL, "isinstance(istr(...), str)");
    rec(s ? PyBool_FromLong(PyUnicode_CheckExact(s)) : NULL, "type(istr(...)) is str");
    rec(s ? PyObject_RichCompare(s, PyUnicode_FromString("Hello World"), Py_EQ) : NULL, "istr(...) == 'Hello World'");
    rec(s ? PyObject_RichCompare(s, PyUnicode_FromString("hello world"), Py_EQ) : NULL, "istr(...) == 'hello world'");
    rec(s ? PyLong_FromSsize_t(PyObject_Length(s)) : NULL, "len(istr(...))");
    rec(s ? PyObject_CallMethod(d, "add", "Os", s, "v") : NULL, "d.add(istr('Hello World'), 'v')");
    rec(PyObject_CallMethod(d, "getone", "s", "HELLO WORLD"), "getone('HELLO WORLD')");
    Py_XDECREF(s);
    rec(PyObject_CallFunction(istr, NULL), "istr()");
    rec(PyObject_CallFunction(istr, "i", 5), "istr(5)");
    rec(PyObject_CallFunction(istr, "y", "bytes"), "istr(b'bytes')");
    PyObject *encoded = PyObject_Call(istr, Py_BuildValue("(y)", "abc"), kw_dict("{s:s}", "encoding", "ascii"));
    rec(encoded ? PyObject_Repr(encoded) : NULL, "istr(b'abc', encoding='ascii')");
    Py_XDECREF(encoded);
    rec(PyObject_CallFunction(istr, "s", "\xc3\x84rger \xe2\x82\xac"), "istr('Ärger €')");

    /* Proxies. */
    PyObject *proxy = PyObject_CallFunctionObjArgs(CIMultiDictProxy, d, NULL);
    rec(proxy ? PyObject_Repr(proxy) : NULL, "CIMultiDictProxy(d)");
    rec(proxy ? PyObject_CallMethod(proxy, "getall", "s", "KEY") : NULL, "proxy.getall('KEY')");
    rec_status(proxy ? setitem(proxy, "a", "b") : -1, "proxy['a'] = 'b'");
    rec(proxy ? PyObject_GetAttrString(proxy, "add") : NULL, "proxy.add");
    Py_XDECREF(PyObject_CallMethod(d, "add", "ss", "after", "proxy"));
    rec(proxy ? PyLong_FromSsize_t(PyObject_Length(proxy)) : NULL, "len(proxy) after the dict grew");
    PyObject *pcopy = proxy ? PyObject_CallMethod(proxy, "copy", NULL) : NULL;
    rec(pcopy ? PyObject_Repr((PyObject *)Py_TYPE(pcopy)) : NULL, "type(proxy.copy())");
    Py_XDECREF(pcopy);
    Py_XDECREF(proxy);
    rec(PyObject_CallFunctionObjArgs(CIMultiDictProxy, Py_None, NULL), "CIMultiDictProxy(None)");
    PyObject *md = PyObject_CallNoArgs(MultiDict);
    rec(PyObject_CallFunctionObjArgs(CIMultiDictProxy, md, NULL), "CIMultiDictProxy(MultiDict())");
    PyObject *mp = PyObject_CallFunctionObjArgs(MultiDictProxy, md, NULL);
    rec(mp ? PyObject_Repr(mp) : NULL, "MultiDictProxy(MultiDict())");
    Py_XDECREF(mp);
    Py_DECREF(md);
    Py_DECREF(d);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    MultiDict = attr(module, "MultiDict");
    CIMultiDict = attr(module, "CIMultiDict");
    MultiDictProxy = attr(module, "MultiDictProxy");
    CIMultiDictProxy = attr(module, "CIMultiDictProxy");
    istr = attr(module, "istr");
    rec(PyObject_Repr(MultiDict), "_multidict.MultiDict");
    PyObject *mro = PyObject_GetAttrString(istr, "__mro__");
    rec(mro, "istr.__mro__");
    test_construct();
    test_access();
    test_mutation();
    test_ci_and_istr();
    Py_DECREF(istr);
    Py_DECREF(CIMultiDictProxy);
    Py_DECREF(MultiDictProxy);
    Py_DECREF(CIMultiDict);
    Py_DECREF(MultiDict);
}

CORPUS_MAIN("_multidict", run)
