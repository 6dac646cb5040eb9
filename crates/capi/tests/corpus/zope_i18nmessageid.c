/* zope.i18nmessageid 8.4's _zope_i18nmessageid_message: Message, a str
 * subclass carrying six more fields (domain, default, mapping,
 * msgid_plural, default_plural, number) as a heap type made by
 * PyType_FromModuleAndSpec over (str,) in a multi-phase module with
 * module state (m_size, m_traverse, m_clear) that PyType_GetModuleState
 * reads back. tp_new parses "O|OOOOOO" with keywords, builds the string
 * part by calling PyUnicode_Type.tp_new for the subtype (so str's own
 * constructor must lay out a larger, GC-tracked instance), copies the
 * fields of a Message passed as the value, wraps the mapping in
 * PyDictProxy_New; tp_dealloc clears its fields and ends in
 * PyUnicode_Type.tp_dealloc. __reduce__ rebuilds a plain str and a dict
 * with PyObject_CallFunctionObjArgs(&PyUnicode_Type / &PyDict_Type, ...).
 *
 * Vectors: src/zope/i18nmessageid/tests.py's MessageTests (defaults,
 * values, read-only mapping, copies with and without overrides, read-only
 * members, __reduce__, non-numeric number, the immutable type); plus the
 * str behaviour a Message keeps (hash, equality, concatenation, methods,
 * non-ASCII text) and a Message subclass made by type() (whose instances
 * cannot be made: it has no module state).
 */
#include "corpus.h"

static PyObject *Message;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* Message(*args, **kwargs) from Py_BuildValue formats (kw may be NULL). */
static PyObject *msg(const char *argfmt, PyObject *kw, ...)
{
    va_list va;
    va_start(va, kw);
    PyObject *args = Py_VaBuildValue(argfmt, va);
    va_end(va);
    if (args == NULL)
        bail("bad format %s", argfmt);
    PyObject *r = PyObject_Call(Message, args, kw);
    Py_DECREF(args);
    Py_XDECREF(kw);
    return r;
}

static PyObject *dict_kv(const char *k, const char *v)
{
    return Py_BuildValue("{s:s}", k, v);
}

/* Field `name` of m, repr'd, is `want`. */
static int field_repr(PyObject *m, const char *name, const char *want)
{
    PyObject *a = PyObject_GetAttrString(m, name);
    PyObject *r = a ? PyObject_Repr(a) : NULL;
    const char *got = r ? PyUnicode_AsUTF8(r) : NULL;
    int ok = got && strcmp(got, want) == 0;
    if (!ok) {
        if (!got)
            diag_exception();
        else
            diag("%s is %s, expected %s; ", name, got, want);
    }
    Py_XDECREF(r);
    Py_XDECREF(a);
    return ok;
}

static int equals_str(PyObject *m, const char *s)
{
    PyObject *u = PyUnicode_FromString(s);
    int r = m && PyObject_RichCompareBool(m, u, Py_EQ) == 1;
    Py_DECREF(u);
    if (!r)
        diag("message != '%s'; ", s);
    return r;
}

static const char *FIELDS[] = {"domain", "default", "mapping", "msgid_plural", "default_plural", "number"};

/* Every field, in FIELDS order, repr'd. */
static int fields_are(PyObject *m, const char *const want[6])
{
    int ok = m != NULL;
    if (!ok)
        diag_exception();
    for (int i = 0; ok && i < 6; i++)
        ok = field_repr(m, FIELDS[i], want[i]);
    return ok;
}

static void test_values(void)
{
    PyObject *m = msg("(s)", NULL, "testing");
    static const char *const none6[6] = {"None", "None", "None", "None", "None", "None"};
    expect_true(equals_str(m, "testing") && fields_are(m, none6), "defaults");
    expect_true(m && PyUnicode_Check(m) && !PyUnicode_CheckExact(m) && PyObject_TypeCheck(m, (PyTypeObject *)Message),
                "... a str subclass instance");
    rec(m ? PyObject_GetAttrString(m, "_readonly") : NULL, "... _readonly (the C type has none)");
    Py_XDECREF(m);

    PyObject *mapping = dict_kv("key", "value");
    m = msg("(sssO)", Py_BuildValue("{s:s,s:s,s:i}", "msgid_plural", "testings", "default_plural", "defaults", "number", 2),
            "testing", "domain", "default", mapping);
    static const char *const vals[6] = {"'domain'", "'default'", "mappingproxy({'key': 'value'})", "'testings'",
                                        "'defaults'", "2"};
    expect_true(equals_str(m, "testing") && fields_are(m, vals), "values");
    PyObject *mp = m ? PyObject_GetAttrString(m, "mapping") : NULL;
    expect_true(mp && PyObject_RichCompareBool(mp, mapping, Py_EQ) == 1, "... mapping == the dict");
    PyObject *nv = PyUnicode_FromString("new value"), *key = PyUnicode_FromString("key");
    int rc = mp ? PyObject_SetItem(mp, key, nv) : 0;
    expect_true(rc < 0 && PyErr_ExceptionMatches(PyExc_TypeError), "... message.mapping['key'] = ... raises TypeError");
    rec(NULL, "... its message");
    /* The proxy sees later changes to the dict. */
    PyDict_SetItemString(mapping, "other", nv);
    rec(mp ? PyObject_Repr(mp) : NULL, "... the proxy after the dict changed");
    Py_XDECREF(mp);
    Py_XDECREF(m);
    Py_DECREF(mapping);

    mapping = dict_kv("key", "value");
    m = msg("(ss)", Py_BuildValue("{s:O,s:s,s:i}", "mapping", mapping, "msgid_plural", "testings", "number", 2),
            "testing", "domain");
    static const char *const nodef[6] = {"'domain'", "None", "mappingproxy({'key': 'value'})", "'testings'", "None",
                                         "2"};
    expect_true(equals_str(m, "testing") && fields_are(m, nodef), "values without defaults");
    Py_XDECREF(m);
    m = msg("(sssO)", Py_BuildValue("{s:s,s:s,s:d}", "msgid_plural", "testings", "default_plural", "defaults", "number",
                                    2.2),
            "testing", "domain", "default", mapping);
    expect_true(field_repr(m, "number", "2.2"), "values with a float number");
    Py_XDECREF(m);
    m = msg("(sssO)", Py_BuildValue("{s:s,s:s,s:i}", "msgid_plural", "testings", "default_plural", "defaults", "number",
                                    0),
            "testing", "domain", "default", mapping);
    expect_true(field_repr(m, "number", "0"), "values with number 0");

    /* Copies keep the very field objects. */
    PyObject *copy = msg("(O)", NULL, m);
    int ok = copy != NULL && equals_str(copy, "testing");
    for (int i = 0; ok && i < 6; i++) {
        PyObject *a = PyObject_GetAttrString(m, FIELDS[i]), *b = PyObject_GetAttrString(copy, FIELDS[i]);
        ok = a && a == b;
        if (!ok)
            diag("%s differs; ", FIELDS[i]);
        Py_XDECREF(a);
        Py_XDECREF(b);
    }
    tap(ok, "copy: the same field objects");
    expect_true(copy && Py_TYPE(copy) == (PyTypeObject *)Message, "... a Message");
    Py_XDECREF(copy);
    Py_XDECREF(m);

    PyObject *source = msg("(ss)", Py_BuildValue("{s:s,s:O,s:s,s:s,s:i}", "default", "other", "mapping", mapping,
                                                 "msgid_plural", "workings", "default_plural", "others", "number", 3),
                           "testing", "domain");
    m = msg("(O)", Py_BuildValue("{s:O,s:s,s:i}", "mapping", Py_None, "msgid_plural", "override", "number", 0), source);
    static const char *const over[6] = {"'domain'", "'other'", "None", "'override'", "'others'", "0"};
    expect_true(equals_str(m, "testing") && fields_are(m, over), "copy with overrides");
    Py_XDECREF(m);
    Py_XDECREF(source);

    PyObject *pref = msg("(s)", NULL, "${name} Preferences");
    PyObject *name = dict_kv("name", "name");
    copy = msg("(O)", Py_BuildValue("{s:O}", "mapping", name), pref);
    expect_true(field_repr(copy, "default", "None") && field_repr(copy, "mapping", "mappingproxy({'name': 'name'})"),
                "copy with only a mapping: no default");
    Py_XDECREF(copy);
    copy = msg("(O)", NULL, pref);
    expect_true(fields_are(pref, none6) && fields_are(copy, none6), "copy with no overrides");
    Py_XDECREF(copy);
    Py_DECREF(name);
    Py_XDECREF(pref);
    Py_DECREF(mapping);
    Py_DECREF(nv);
    Py_DECREF(key);
}

static void test_immutable(void)
{
    PyObject *m = msg("(s)", NULL, "testing");
    static const char *names[] = {"domain", "default", "mapping", "msgid_plural", "default_plural", "number",
                                  "unknown"};
    PyObject *value = PyUnicode_FromString("x");
    for (int i = 0; i < 7; i++) {
        char what[64];
        snprintf(what, sizeof what, "message.%s = 'x'", names[i]);
        int rc = PyObject_SetAttrString(m, names[i], value);
        expect_true(rc < 0 && (PyErr_ExceptionMatches(PyExc_TypeError) || PyErr_ExceptionMatches(PyExc_AttributeError)),
                    what);
        rec(rc < 0 ? NULL : Py_NewRef(Py_None), "... the error");
    }
    int rc = PyObject_SetAttrString(Message, "foo", value);
    expect_true(rc < 0 && PyErr_ExceptionMatches(PyExc_TypeError), "Message.foo = 'x' raises TypeError");
    rec(rc < 0 ? NULL : Py_NewRef(Py_None), "... the error");
    Py_DECREF(value);
    Py_DECREF(m);
}

static void test_reduce(void)
{
    PyObject *m = msg("(s)", NULL, "testing");
    PyObject *r = keep(call_attr(m, "__reduce__", NULL, "()"), "__reduce__() without values");
    expect_true(PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 2 && PyTuple_GET_ITEM(r, 0) == Message,
                "... (Message, state)");
    rec(PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 2 ? Py_NewRef(PyTuple_GET_ITEM(r, 1)) : NULL, "... the state");
    PyObject *s0 = PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 2 ? PyTuple_GetItem(PyTuple_GET_ITEM(r, 1), 0) : NULL;
    expect_true(s0 && PyUnicode_CheckExact(s0), "... its value is an exact str");
    Py_DECREF(r);

    PyObject *mapping = dict_kv("key", "value");
    PyObject *full = msg("(OssO)", Py_BuildValue("{s:s,s:s,s:i}", "msgid_plural", "testings", "default_plural", "defaults",
                                                 "number", 2),
                         m, "domain", "default", mapping);
    r = full ? PyObject_CallMethod(full, "__reduce__", NULL) : NULL;
    rec(r && PyTuple_Check(r) ? Py_NewRef(PyTuple_GET_ITEM(r, 1)) : NULL, "__reduce__() of a full message: the state");
    PyObject *state_map = r && PyTuple_Check(r) ? PyTuple_GetItem(PyTuple_GET_ITEM(r, 1), 3) : NULL;
    expect_true(state_map && PyDict_CheckExact(state_map) && state_map != mapping
                    && PyObject_RichCompareBool(state_map, mapping, Py_EQ) == 1,
                "... its mapping is a new dict equal to the original");
    /* Rebuilding from the state gives an equal message. */
    PyObject *again = r ? PyObject_CallObject(PyTuple_GET_ITEM(r, 0), PyTuple_GET_ITEM(r, 1)) : NULL;
    static const char *const vals[6] = {"'domain'", "'default'", "mappingproxy({'key': 'value'})", "'testings'",
                                        "'defaults'", "2"};
    expect_true(equals_str(again, "testing") && fields_are(again, vals), "Message(*state) round trip");
    Py_XDECREF(again);
    Py_XDECREF(r);
    Py_XDECREF(full);
    Py_DECREF(mapping);
    Py_DECREF(m);

    PyObject *d = msg("(s)", Py_BuildValue("{s:i}", "default", 123), "str");
    expect_true(field_repr(d, "default", "123"), "non-str default");
    Py_XDECREF(d);
    rec(msg("(s)", Py_BuildValue("{s:i,s:s}", "default", 123, "number", "one"), "str"), "number='one'");
    rec(msg("()", NULL), "Message()");
    rec(msg("(sssssss)", NULL, "a", "b", "c", "d", "e", "f", "g"), "Message(7 arguments)");
    rec(msg("(s)", Py_BuildValue("{s:i}", "nonesuch", 1), "x"), "Message('x', nonesuch=1)");
    rec(msg("(s)", Py_BuildValue("{s:i}", "mapping", 1), "x"), "Message('x', mapping=1)");
    rec(msg("(i)", NULL, 42), "Message(42): str(42)");
    rec(msg("(y)", NULL, "bytes"), "Message(b'bytes'): str(b'bytes')");
}

static void test_str_behaviour(void)
{
    PyObject *m = msg("(s)", Py_BuildValue("{s:s}", "domain", "d"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    PyObject *plain = PyUnicode_FromString("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    expect_true(m && PyObject_Hash(m) == PyObject_Hash(plain), "hash(Message(s)) == hash(s), non-ASCII");
    expect_true(m && PyObject_RichCompareBool(m, plain, Py_EQ) == 1, "Message(s) == s");
    expect_true(m && PyUnicode_GetLength(m) == 8, "len(Message(s)) == 8");
    expect_true(m && PyUnicode_Compare(m, plain) == 0, "PyUnicode_Compare");
    rec(m ? PyObject_Repr(m) : NULL, "repr(Message(s))");
    rec(m ? PyObject_Str(m) : NULL, "str(Message(s))");
    PyObject *s = m ? PyObject_Str(m) : NULL;
    expect_true(s && PyUnicode_CheckExact(s), "... an exact str");
    Py_XDECREF(s);
    rec(m ? PyUnicode_AsUTF8String(m) : NULL, "Message(s).encode()");
    rec(m ? PyUnicode_Concat(m, plain) : NULL, "Message(s) + s");
    rec(m ? PyObject_CallMethod(m, "upper", NULL) : NULL, "Message(s).upper()");
    rec(m ? PyObject_CallMethod(m, "split", NULL) : NULL, "Message(s).split()");
    rec(m ? PyObject_CallMethod(m, "replace", "ss", "caf", "tea") : NULL, "Message(s).replace('caf', 'tea')");
    rec(m ? PySequence_GetItem(m, 3) : NULL, "Message(s)[3]");
    rec(m ? PyUnicode_Substring(m, 5, 8) : NULL, "Message(s)[5:8]");
    PyObject *fmt = PyUnicode_FromString("<%s>");
    rec(m ? PyUnicode_Format(fmt, m) : NULL, "'<%s>' % Message(s)");
    Py_DECREF(fmt);
    PyObject *d = PyDict_New();
    if (m && PyDict_SetItem(d, m, Py_True) == 0)
        rec(PyDict_GetItemWithError(d, plain) ? Py_NewRef(PyDict_GetItemWithError(d, plain)) : NULL,
            "{Message(s): True}[s]");
    else
        rec(NULL, "{Message(s): True}[s]");
    Py_DECREF(d);
    Py_XDECREF(m);
    Py_DECREF(plain);

    /* A subclass made by type(): its tp_new is Message's, whose
       PyType_GetModuleState(Sub) fails (Sub has no module). */
    PyObject *Sub = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "Sub", Message);
    expect_true(Sub != NULL, "type('Sub', (Message,), {})");
    rec(Sub ? PyObject_CallFunction(Sub, "ss", "hello", "dom") : NULL, "Sub('hello', 'dom')");
    Py_XDECREF(Sub);

    /* Many messages made and freed. */
    int ok = 1;
    for (int i = 0; i < 2000 && ok; i++) {
        PyObject *x = msg("(s)", Py_BuildValue("{s:i,s:{s:i}}", "number", i, "mapping", "n", i), "message");
        ok = x != NULL;
        Py_XDECREF(x);
    }
    tap(ok, "2000 messages made and freed");

    rec(PyObject_GetAttrString(Message, "__name__"), "Message.__name__");
    rec(PyObject_GetAttrString(Message, "__module__"), "Message.__module__");
    rec(PyObject_GetAttrString(Message, "__mro__"), "Message.__mro__");
    expect_true(PyType_HasFeature((PyTypeObject *)Message, Py_TPFLAGS_IMMUTABLETYPE)
                    && PyType_HasFeature((PyTypeObject *)Message, Py_TPFLAGS_UNICODE_SUBCLASS),
                "Message: an immutable str subclass");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    rec(PyObject_GetAttrString(module, "__doc__"), "module __doc__");
    Message = attr(module, "Message");
    test_values();
    test_immutable();
    test_reduce();
    test_str_behaviour();
    Py_DECREF(Message);
}

CORPUS_MAIN("_zope_i18nmessageid_message", run)
