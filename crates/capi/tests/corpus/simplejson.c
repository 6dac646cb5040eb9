/* simplejson 4.3.0's `_speedups`: the C scanner (make_scanner), encoder
 * (make_encoder), scanstring and the two basestring encoders that
 * simplejson's Python layer drives. Multi-phase init with module state;
 * the exec imports simplejson.raw_json.RawJSON,
 * simplejson.errors.JSONDecodeError and operator.itemgetter.
 *
 * Neither host runs simplejson's Python code here, so main() puts what
 * the exec imports into sys.modules first: a `RawJSON` class and a
 * JSONDecodeError(ValueError) (both made through the C API), and, where
 * the host has no `operator` module (pybuffer), an `operator.itemgetter`
 * built from a C function, enough for sort_keys.
 *
 * Vectors: simplejson/tests (test_scanstring, test_encode_basestring_ascii,
 * test_fail's JSON_checker documents, test_pass1, test_float, test_unicode,
 * test_indent, test_item_sort_key, test_bigint_as_string, test_speedups'
 * argument errors). Results are recorded and compared with CPython's.
 */
#include "corpus.h"

static PyObject *scanner_type, *encoder_type, *raw_json_type;

/* ------------------------------------------------------------------ */
/*              What the module's exec imports                        */
/* ------------------------------------------------------------------ */

/* itemgetter(i)(obj) == obj[i]: the index rides in the function's self. */
static PyObject *getter_call(PyObject *index, PyObject *obj)
{
    return PyObject_GetItem(obj, index);
}
static PyMethodDef GETTER = {"itemgetter_call", getter_call, METH_O, NULL};

static PyObject *itemgetter(PyObject *mod, PyObject *index)
{
    (void)mod;
    return PyCFunction_New(&GETTER, index);
}
static PyMethodDef ITEMGETTER = {"itemgetter", itemgetter, METH_O, NULL};

static void provide_modules(void)
{
    PyObject *op = PyImport_ImportModule("operator");
    if (op != NULL) {
        Py_DECREF(op);
    } else {
        PyErr_Clear();
        PyObject *m = PyImport_AddModule("operator"); /* borrowed */
        PyObject *f = m ? PyCFunction_New(&ITEMGETTER, m) : NULL;
        if (f == NULL || PyModule_AddObject(m, "itemgetter", f) < 0)
            bail("cannot provide operator.itemgetter");
    }
    PyObject *pkg = PyImport_AddModule("simplejson");
    PyObject *errors = PyImport_AddModule("simplejson.errors");
    PyObject *raw = PyImport_AddModule("simplejson.raw_json");
    if (pkg == NULL || errors == NULL || raw == NULL)
        bail("cannot make the simplejson package");
    PyObject *exc = PyErr_NewException("simplejson.errors.JSONDecodeError", PyExc_ValueError, NULL);
    if (exc == NULL || PyModule_AddObject(errors, "JSONDecodeError", exc) < 0)
        bail("cannot make JSONDecodeError");
    raw_json_type = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){s:s}", "RawJSON", &PyBaseObject_Type,
                                          "__module__", "simplejson.raw_json");
    if (raw_json_type == NULL)
        bail("cannot make RawJSON");
    Py_INCREF(raw_json_type);
    if (PyModule_AddObject(raw, "RawJSON", raw_json_type) < 0)
        bail("cannot add RawJSON");
}

/* ------------------------------------------------------------------ */
/*                             Helpers                                */
/* ------------------------------------------------------------------ */

/* The JSONDecoder stand-in make_scanner reads its settings from. */
static PyObject *decoder_context(int strict, PyObject *object_hook, PyObject *pairs_hook)
{
    PyObject *ctx = PyModule_New("ctx");
    PyObject *consts = Py_BuildValue("{s:d,s:d,s:d}", "-Infinity", -1.0 / 0.0, "Infinity", 1.0 / 0.0, "NaN",
                                     0.0 / 0.0);
    PyObject *getitem = consts ? PyObject_GetAttrString(consts, "__getitem__") : NULL;
    if (ctx == NULL || getitem == NULL || PyModule_AddStringConstant(ctx, "encoding", "utf-8") < 0
        || PyModule_AddObject(ctx, "strict", PyBool_FromLong(strict)) < 0
        || PyObject_SetAttrString(ctx, "object_hook", object_hook) < 0
        || PyObject_SetAttrString(ctx, "object_pairs_hook", pairs_hook) < 0
        || PyObject_SetAttrString(ctx, "array_hook", Py_None) < 0
        || PyObject_SetAttrString(ctx, "parse_float", (PyObject *)&PyFloat_Type) < 0
        || PyObject_SetAttrString(ctx, "parse_int", (PyObject *)&PyLong_Type) < 0
        || PyModule_AddObject(ctx, "parse_constant", getitem) < 0)
        bail("cannot make a decoder context");
    Py_DECREF(consts);
    return ctx;
}

static PyObject *new_scanner(int strict, PyObject *object_hook, PyObject *pairs_hook)
{
    PyObject *ctx = decoder_context(strict, object_hook, pairs_hook);
    PyObject *s = PyObject_CallFunctionObjArgs(scanner_type, ctx, NULL);
    if (s == NULL)
        bail("make_scanner(ctx) failed");
    Py_DECREF(ctx);
    return s;
}

/* Records scanner(doc, idx). */
static void scan(PyObject *scanner, const char *doc, Py_ssize_t idx)
{
    char what[160];
    snprintf(what, sizeof what, "scan_once(%.100s, %zd)", doc, idx);
    record(call(scanner, NULL, "(sn)", doc, idx), what);
}

/* The encoder options that differ between the vectors. */
struct enc_opts {
    const char *indent;     /* NULL: None */
    const char *key_sep;
    const char *item_sep;
    int sort_keys, skipkeys, allow_nan, ignore_nan, tuple_as_array, for_json, iterable_as_array;
    int bitcount;           /* 0: None */
    PyObject *item_sort_key; /* NULL: None */
    PyObject *default_fn;   /* NULL: None */
    int check_circular;
};

static PyObject *new_encoder(PyObject *module, const struct enc_opts *o)
{
    PyObject *enc = attr(module, "encode_basestring_ascii");
    PyObject *memo = PyDict_New();
    PyObject *markers = o->check_circular ? PyDict_New() : Py_NewRef(Py_None);
    PyObject *indent = o->indent ? PyUnicode_FromString(o->indent) : Py_NewRef(Py_None);
    PyObject *bitcount = o->bitcount ? PyLong_FromLong(o->bitcount) : Py_NewRef(Py_None);
    PyObject *args = Py_BuildValue(
        "(OOOOssOOOOOOOOOsOOOO)", markers, o->default_fn ? o->default_fn : Py_None, enc, indent,
        o->key_sep ? o->key_sep : ": ", o->item_sep ? o->item_sep : ", ", o->sort_keys ? Py_True : Py_False,
        o->skipkeys ? Py_True : Py_False, o->allow_nan ? Py_True : Py_False, memo, Py_False, Py_True,
        o->tuple_as_array ? Py_True : Py_False, bitcount, o->item_sort_key ? o->item_sort_key : Py_None, "utf-8",
        o->for_json ? Py_True : Py_False, o->ignore_nan ? Py_True : Py_False, Py_None,
        o->iterable_as_array ? Py_True : Py_False);
    if (args == NULL)
        bail("cannot build make_encoder's arguments");
    PyObject *e = PyObject_Call(encoder_type, args, NULL);
    if (e == NULL)
        bail("make_encoder(...) failed");
    Py_DECREF(args);
    Py_DECREF(enc);
    Py_DECREF(memo);
    Py_DECREF(markers);
    Py_DECREF(indent);
    Py_DECREF(bitcount);
    return e;
}

/* Records ''.join(encoder(obj, 0)) (obj is stolen). */
static void encode(PyObject *encoder, PyObject *obj, const char *what)
{
    if (obj == NULL)
        bail("cannot build the value for %s", what);
    PyObject *chunks = call(encoder, NULL, "(Oi)", obj, 0);
    PyObject *joined = NULL;
    if (chunks != NULL) {
        PyObject *empty = PyUnicode_FromString("");
        joined = PyUnicode_Join(empty, chunks);
        Py_DECREF(empty);
    }
    print_record(joined, what);
    Py_XDECREF(joined);
    tap(settle(0), what);
    Py_DECREF(obj);
}

/* Builds a value from a JSON document with a default scanner. */
static PyObject *parse(PyObject *scanner, const char *doc)
{
    PyObject *r = PyObject_CallFunction(scanner, "(si)", doc, 0);
    if (r == NULL)
        bail("cannot parse %s", doc);
    PyObject *v = Py_NewRef(PyTuple_GET_ITEM(r, 0));
    Py_DECREF(r);
    return v;
}

/* ------------------------------------------------------------------ */
/*                              Vectors                               */
/* ------------------------------------------------------------------ */

static const char *FAIL_DOCS[] = {
    "\"A JSON payload should be an object or array, not a string.\"",
    "[\"Unclosed array\"",
    "{unquoted_key: \"keys must be quoted\"}",
    "[\"extra comma\",]",
    "[\"double extra comma\",,]",
    "[   , \"<-- missing value\"]",
    "[\"Extra close\"]]",
    "{\"Extra comma\": true,}",
    "{\"Illegal expression\": 1 + 2}",
    "{\"Illegal invocation\": alert()}",
    "{\"Numbers cannot have leading zeroes\": 013}",
    "{\"Numbers cannot be hex\": 0x14}",
    "[\"Illegal backslash escape: \\x15\"]",
    "[\\naked]",
    "[\"Illegal backslash escape: \\017\"]",
    "{\"Missing colon\" null}",
    "{\"Double colon\":: null}",
    "{\"Comma instead of colon\", null}",
    "[\"Colon instead of comma\": false]",
    "[\"Bad value\", truth]",
    "['single quote']",
    "[\"\ttab\tcharacter\tin\tstring\t\"]",
    "[\"line\nbreak\"]",
    "[0e]",
    "[0e+]",
    "[0e+-1]",
    "{\"Comma instead if closing brace\": true,",
    "[\"mismatch\"}",
    "[\"A\\u000\"]",
    "{\"a\":",
    "[1, 2",
    "\"unterminated",
    "[-]",
    "{\"a\" 1}",
    "",
    "[",
    "{",
    "[\"\\ud800\\u\"]",
    NULL,
};

static const char *PASS_DOCS[] = {
    "[\"JSON Test Pattern pass1\", {\"object with 1 member\":[\"array with 1 element\"]}, {}, [], -42, true, "
    "false, null, {\"integer\": 1234567890, \"real\": -9876.543210, \"e\": 0.123456789e-12, \"E\": 1.234567890E+34, "
    "\"\":  23456789012E66, \"zero\": 0, \"one\": 1, \"space\": \" \", \"quote\": \"\\\"\", \"backslash\": \"\\\\\"}]",
    "[[[[[[[[[[[[[[[[[[[\"Not too deep\"]]]]]]]]]]]]]]]]]]]",
    "{\"JSON Test Pattern pass3\": {\"The outermost value\": \"must be an object or array.\", \"In this test\": "
    "\"It is an object.\"}}",
    "[1e1, 0.1e1, 1e-1, 1e00, 2e+00, 2e-00, \"rosebud\"]",
    "{\"controls\": \"\\b\\f\\n\\r\\t\", \"slash\": \"/ & \\/\", \"alpha\": \"abcdefghijklmnopqrstuvwyz\", "
    "\"hex\": \"\\u0123\\u4567\\u89AB\\uCDEF\\uabcd\\uef4A\"}",
    "[ 1 , 2 , [ ] , { } , \"\" ]  ",
    "[NaN, Infinity, -Infinity, 1.5, -0.0, 12345678901234567890123]",
    "{\"a\": 1, \"a\": 2, \"b\": {\"c\": [true, false, null]}}",
    "\"\\ud834\\udd20 and \\u00e9\"",
    "\"z\xf0\x9d\x84\xa0x\"",
    "[\"\xc3\xa9\xe2\x82\xac\", \"\\u20ac\"]",
    "123.456e-7",
    "-0",
    "1E400",
    NULL,
};

static void scanstring_vectors(PyObject *module)
{
    PyObject *f = attr(module, "scanstring");
    /* Once without a baseline: pybuffer makes some of its tables on first
       use (the first repr() of a tuple holding an astral character keeps
       references to None), which is not a leak. */
    PyObject *warm = Py_BuildValue("(si)", "\xf0\x9d\x84\xa0", 1);
    Py_XDECREF(warm ? PyObject_Repr(warm) : NULL);
    Py_XDECREF(warm);
    static const struct { const char *s; int end; int strict; } V[] = {
        {"\"z\xf0\x9d\x84\xa0x\"", 1, 1},
        {"\"\\u007b\"", 1, 1},
        {"\"A JSON payload should be an object or array, not a string.\"", 1, 1},
        {"[\"Unclosed array\"", 2, 1},
        {"[\"extra comma\",]", 2, 1},
        {"[\"Comma after the close\"],", 2, 1},
        {"[\"Extra close\"]]", 2, 1},
        {"{\"Extra comma\": true,}", 2, 1},
        {"\"\\ud834\\udd20\"", 1, 1},
        {"\"\\ud834x\"", 1, 1},
        {"\"\\udd20\\ud834\"", 1, 1},
        {"\"\\ud834\\u0041\"", 1, 1},
        {"\"tab\there\"", 1, 0},
        {"\"tab\there\"", 1, 1},
        {"", 0, 1},
        {"a", 0, 1},
        {"\\", 0, 1},
        {"\\u", 0, 1},
        {"\\u0", 0, 1},
        {"\\u01", 0, 1},
        {"\\u012", 0, 1},
        {"\\u0123", 0, 1},
        {"\\u-123\"", 0, 1},
        {"\\u EDD\"", 0, 1},
        {"\"\\x\"", 1, 1},
        {"xxx", 1, 1},
        {"xxx", 5, 1},
        {"xxx", -1, 1},
        {"\"abc", 1, 1},
        {NULL, 0, 0},
    };
    for (int i = 0; V[i].s; i++) {
        char what[128];
        snprintf(what, sizeof what, "scanstring(%.60s, %d, None, %s)", V[i].s, V[i].end, V[i].strict ? "True" : "False");
        record(call(f, NULL, "(siOO)", V[i].s, V[i].end, Py_None, V[i].strict ? Py_True : Py_False), what);
    }
    record(call(f, NULL, "(si)", "\"abc\"", 1), "scanstring('\"abc\"', 1)");
    record(call(f, NULL, "(Oi)", Py_None, 1), "scanstring(None, 1)");
    record(call(f, NULL, "(yi)", "\"abc\"", 1), "scanstring(b'\"abc\"', 1)");
    record(call(f, NULL, "(s)", "x"), "scanstring('x')");
    record(call(f, NULL, "(sn)", "xxx", PY_SSIZE_T_MAX), "scanstring('xxx', maxsize)");
    record(call(f, NULL, "(ss)", "xxx", "1"), "scanstring('xxx', '1')");
    Py_DECREF(f);
}

static void basestring_vectors(PyObject *module)
{
    static const char *CASES[] = {
        "/\\\"\xec\xab\xbe\xeb\xaa\xbe\xea\xae\x98\xef\xb3\x9e\xeb\xb3\x9a\xee\xbd\x8a\x08\x0c\n\r\t`1~!@#$%^&*()_+-=[]{}|;:',./<>?",
        "\xc4\xa3\xe4\x95\xa7\xe8\xa6\xab\xec\xb7\xaf\xea\xaf\x8d\xee\xbd\x8a",
        "controls",
        "\x08\x0c\n\r\t",
        "{\"object with 1 member\":[\"array with 1 element\"]}",
        " s p a c e d ",
        "\xf0\x9d\x84\xa0",
        "\xce\xb1\xce\xa9",
        "`1~!@#$%^&*()_+-={':[,]}|;.</>?",
        "",
        "\x7f\x01\x1f",
        NULL,
    };
    PyObject *ascii = attr(module, "encode_basestring_ascii");
    PyObject *plain = attr(module, "encode_basestring");
    for (int i = 0; CASES[i]; i++) {
        char what[96];
        snprintf(what, sizeof what, "encode_basestring_ascii(case %d)", i);
        record(call(ascii, NULL, "(s)", CASES[i]), what);
        snprintf(what, sizeof what, "encode_basestring(case %d)", i);
        record(call(plain, NULL, "(s)", CASES[i]), what);
    }
    record(call(ascii, NULL, "(y)", "\xce\xb1\xce\xa9"), "encode_basestring_ascii(b'\\xce\\xb1\\xce\\xa9')");
    record(call(plain, NULL, "(y)", "caf\xc3\xa9"), "encode_basestring(b'caf\\xc3\\xa9')");
    record(call(ascii, NULL, "(y)", "\xff"), "encode_basestring_ascii(b'\\xff')");
    record(call(ascii, NULL, "(i)", 5), "encode_basestring_ascii(5)");
    record(call(plain, NULL, "(O)", Py_None), "encode_basestring(None)");
    Py_DECREF(ascii);
    Py_DECREF(plain);
}

static void scanner_vectors(void)
{
    PyObject *s = new_scanner(1, Py_None, Py_None);
    for (int i = 0; FAIL_DOCS[i]; i++)
        scan(s, FAIL_DOCS[i], 0);
    for (int i = 0; PASS_DOCS[i]; i++)
        scan(s, PASS_DOCS[i], 0);
    scan(s, "[1, 2, 3]", 4);
    scan(s, "[1, 2, 3]", 9);
    scan(s, "[1, 2, 3]", 10);
    scan(s, "[1, 2, 3]", -1);
    record(call(s, NULL, "(y)", "[]"), "scan_once(b'[]') without idx");
    record(call(s, NULL, "(yi)", "[]", 0), "scan_once(b'[]', 0)");
    record(call(s, NULL, "(Oi)", Py_None, 0), "scan_once(None, 0)");
    record(call(s, kw_dict("{s:s,s:i}", "string", "{\"k\": [1]}", "idx", 0), "()"), "scan_once(string=..., idx=0)");
    PyObject *member = attr(s, "strict");
    record_value(member, "scanner.strict");
    Py_DECREF(member);
    member = attr(s, "encoding");
    record_value(member, "scanner.encoding");
    Py_DECREF(member);
    Py_DECREF(s);

    PyObject *lax = new_scanner(0, Py_None, Py_None);
    scan(lax, "[\"\ttab\tcharacter\tin\tstring\t\"]", 0);
    scan(lax, "[\"line\nbreak\"]", 0);
    Py_DECREF(lax);

    /* object_pairs_hook=tuple, object_hook=len (test_decode). */
    PyObject *hooked = new_scanner(1, (PyObject *)&PyList_Type, (PyObject *)&PyTuple_Type);
    scan(hooked, "{\"xkd\": 1, \"kcw\": 2, \"art\": 3, \"hxm\": 4, \"qrt\": 5, \"pad\": 6, \"hoy\": 7}", 0);
    scan(hooked, "{}", 0);
    scan(hooked, "{\"empty\": {}}", 0);
    Py_DECREF(hooked);
    PyObject *builtins = PyEval_GetBuiltins();
    PyObject *len = PyDict_GetItemString(builtins, "len");
    PyObject *by_len = new_scanner(1, len, Py_None);
    scan(by_len, "{\"a\": 1, \"b\": {\"c\": 2}}", 0);
    Py_DECREF(by_len);

    record(call(scanner_type, NULL, "()"), "make_scanner()");
}

static void encoder_vectors(PyObject *module, PyObject *scanner)
{
    struct enc_opts plain = {.allow_nan = 1, .check_circular = 1, .tuple_as_array = 1};
    PyObject *e = new_encoder(module, &plain);
    for (int i = 0; PASS_DOCS[i]; i++) {
        char what[160];
        snprintf(what, sizeof what, "encode(%.100s)", PASS_DOCS[i]);
        encode(e, parse(scanner, PASS_DOCS[i]), what);
    }
    encode(e, Py_BuildValue("(iis)", 1, 2, "t"), "encode((1, 2, 't'))");
    encode(e, Py_BuildValue("{i:s,d:s,O:s,O:s}", 1, "int", 2.5, "float", Py_True, "T", Py_None, "N"),
           "encode({1: 'int', 2.5: 'float', True: 'T', None: 'N'})");
    encode(e, Py_BuildValue("[dddd]", 1.0 / 3, 1e100, 5e-324, -0.0), "encode([1/3, 1e100, 5e-324, -0.0])");
    encode(e, PyLong_FromString("123456789012345678901234567890", NULL, 10), "encode(big int)");
    encode(e, Py_BuildValue("y", "bytes"), "encode(b'bytes')");
    encode(e, Py_BuildValue("{y:i}", "bkey", 1), "encode({b'bkey': 1})");
    encode(e, PyObject_CallFunction((PyObject *)&PySet_Type, NULL), "encode(set())");
    encode(e, Py_BuildValue("{(i):i}", 1, 2), "encode({(1,): 2})");
    PyObject *raw = PyObject_CallNoArgs(raw_json_type);
    if (raw == NULL || PyObject_SetAttrString(raw, "encoded_json", PyUnicode_FromString("[1,  2]")) < 0)
        bail("cannot make a RawJSON");
    encode(e, Py_BuildValue("{s:O}", "raw", raw), "encode({'raw': RawJSON('[1,  2]')})");
    Py_DECREF(raw);
    PyObject *cyc = PyList_New(0);
    PyList_Append(cyc, cyc);
    encode(e, Py_NewRef(cyc), "encode(self-containing list)");
    PyList_SetSlice(cyc, 0, 1, NULL);
    Py_DECREF(cyc);
    record(call(e, NULL, "(s)", "x"), "encoder('x') without level");
    record(call(e, NULL, "(ss)", "x", "y"), "encoder('x', 'y')");
    PyObject *member = attr(e, "key_separator");
    record_value(member, "encoder.key_separator");
    Py_DECREF(member);
    Py_DECREF(e);

    struct enc_opts strict = {.allow_nan = 0, .check_circular = 1};
    e = new_encoder(module, &strict);
    encode(e, Py_BuildValue("[d]", 0.0 / 0.0), "encode([nan]) allow_nan=False");
    encode(e, Py_BuildValue("[d]", 1.0 / 0.0), "encode([inf]) allow_nan=False");
    Py_DECREF(e);
    struct enc_opts ignore = {.ignore_nan = 1};
    e = new_encoder(module, &ignore);
    encode(e, Py_BuildValue("[ddd]", 0.0 / 0.0, -1.0 / 0.0, 2.0), "encode([nan, -inf, 2.0]) ignore_nan");
    Py_DECREF(e);

    struct enc_opts indented = {.indent = "  ", .item_sep = ",", .sort_keys = 1, .allow_nan = 1};
    e = new_encoder(module, &indented);
    encode(e, parse(scanner, PASS_DOCS[0]), "encode(pass1, indent='  ', sort_keys)");
    encode(e, parse(scanner, "{\"one\": 1, \"two\": 2, \"three\": 3, \"four\": 4, \"five\": 5}"),
           "encode(dict, sort_keys)");
    encode(e, parse(scanner, "[[], {}, [[]]]"), "encode([[], {}, [[]]], indent)");
    Py_DECREF(e);

    struct enc_opts skip = {.skipkeys = 1, .key_sep = ":", .item_sep = ","};
    e = new_encoder(module, &skip);
    encode(e, Py_BuildValue("{(i):i,s:i}", 1, 2, "b", 3), "encode({(1,): 2, 'b': 3}) skipkeys");
    Py_DECREF(e);

    struct enc_opts bits = {.bitcount = 31, .allow_nan = 1};
    e = new_encoder(module, &bits);
    encode(e, Py_BuildValue("[LLLi]", (long long)1 << 31, -((long long)1 << 31), ((long long)1 << 31) - 1, 7),
           "encode([2**31, -2**31, 2**31-1, 7]) int_as_string_bitcount=31");
    Py_DECREF(e);

    PyObject *key = PyObject_GetAttrString(module, "encode_basestring");
    struct enc_opts sorted = {.item_sort_key = key, .allow_nan = 1};
    e = new_encoder(module, &sorted);
    encode(e, parse(scanner, "{\"b\": 1, \"a\": 2, \"c\": 3}"), "encode(dict, item_sort_key=encode_basestring)");
    Py_DECREF(e);
    Py_DECREF(key);

    PyObject *repr = PyObject_GetAttrString((PyObject *)&PyBaseObject_Type, "__repr__");
    struct enc_opts dflt = {.default_fn = (PyObject *)&PyUnicode_Type, .allow_nan = 1, .check_circular = 1};
    e = new_encoder(module, &dflt);
    encode(e, Py_BuildValue("[O]", (PyObject *)&PyLong_Type), "encode([int]) default=str");
    Py_DECREF(e);
    Py_DECREF(repr);

    struct enc_opts iter = {.iterable_as_array = 1, .allow_nan = 1};
    e = new_encoder(module, &iter);
    encode(e, PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 4), "encode(range(4)) iterable_as_array");
    Py_DECREF(e);

    struct enc_opts notuple = {.tuple_as_array = 0, .allow_nan = 1};
    e = new_encoder(module, &notuple);
    encode(e, Py_BuildValue("(i)", 1), "encode((1,)) tuple_as_array=False");
    Py_DECREF(e);

    record(call(encoder_type, NULL, "()"), "make_encoder()");
    record(call(encoder_type, NULL, "(i)", 1), "make_encoder(1)");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    scanner_type = attr(module, "make_scanner");
    encoder_type = attr(module, "make_encoder");
    record_value(scanner_type, "make_scanner");
    record_value(encoder_type, "make_encoder");
    scanstring_vectors(module);
    basestring_vectors(module);
    scanner_vectors();
    PyObject *scanner = new_scanner(1, Py_None, Py_None);
    encoder_vectors(module, scanner);
    Py_DECREF(scanner);
    PyObject *doc = attr(module, "__doc__");
    record_value(doc, "_speedups.__doc__");
    Py_DECREF(doc);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    provide_modules();
    PyObject *module = load_module(argv[1], "_speedups");
    run(module, argv[2]);
    return tap_done();
}
