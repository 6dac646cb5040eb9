/* srsly 2.5.6's ujson: spaCy's fork of UltraJSON 1.35 (not the ujson 6
 * member): METH_VARARGS|METH_KEYWORDS functions parsed with
 * PyArg_ParseTupleAndKeywords ("O|ObiOOi"-style flags), its own number
 * and string codecs, objects serialised through toDict() / __json__(),
 * sort_keys through PyMapping_Keys + PyList_Sort, and the datetime C API
 * imported with PyCapsule_Import.
 *
 * Vectors: srsly/tests/ujson/test_ujson.py (string/HTML/slash escaping,
 * doubles, longs and their overflows, NaN/Inf, unicode and surrogates,
 * nesting limits, the broken-input ValueErrors, toDict/__json__,
 * sort_keys, indent, trailing data).
 */
#include "corpus.h"

static PyObject *dumps, *loads;

/* loads(text) recorded. */
static void rec_loads(const char *text, const char *what)
{
    record(call(loads, NULL, "(s)", text), what);
}

/* dumps(value) recorded; steals `value`. */
static void rec_dumps(PyObject *value, PyObject *kwargs, const char *what)
{
    if (value == NULL)
        bail("cannot build the value for %s", what);
    record(call(dumps, kwargs, "(O)", value), what);
    Py_DECREF(value);
}

/* dumps(value) must be `expected`, and loads() of it must equal value. */
static void round_trip(PyObject *value, const char *expected, const char *what)
{
    if (value == NULL)
        bail("cannot build the value for %s", what);
    PyObject *enc = keep(call(dumps, NULL, "(O)", value), what);
    if (enc == NULL) {
        tap(0, what);
        Py_DECREF(value);
        return;
    }
    int ok = 1;
    if (expected != NULL) {
        const char *got = PyUnicode_AsUTF8(enc);
        ok = got != NULL && strcmp(got, expected) == 0;
        if (!ok)
            diag("dumps gave %s, expected %s; ", got ? got : "?", expected);
    }
    PyObject *dec = keep(call(loads, NULL, "(O)", enc), what);
    if (dec == NULL) {
        ok = 0;
    } else {
        int eq = PyObject_RichCompareBool(dec, value, Py_EQ);
        if (eq != 1) {
            diag("loads(dumps(x)) != x; ");
            ok = 0;
        }
        PyErr_Clear();
        Py_DECREF(dec);
    }
    Py_DECREF(enc);
    Py_DECREF(value);
    tap(ok, what);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    dumps = attr(module, "dumps");
    loads = attr(module, "loads");
    PyObject *encode = attr(module, "encode");
    PyObject *decode = attr(module, "decode");

    /* test_encodeStringConversion, testWriteEscapedString */
    const char *s = "A string \\ / \b \f \n \r \t </script> &";
    expect_str(call(encode, kw_dict("{s:O}", "ensure_ascii", Py_True), "(s)", s),
               "\"A string \\\\ \\/ \\b \\f \\n \\r \\t <\\/script> &\"", "encode(s, ensure_ascii=True)");
    expect_str(call(encode, kw_dict("{s:O}", "ensure_ascii", Py_False), "(s)", s),
               "\"A string \\\\ \\/ \\b \\f \\n \\r \\t <\\/script> &\"", "encode(s, ensure_ascii=False)");
    expect_str(call(encode, kw_dict("{s:O}", "encode_html_chars", Py_True), "(s)", s),
               "\"A string \\\\ \\/ \\b \\f \\n \\r \\t \\u003c\\/script\\u003e \\u0026\"",
               "encode(s, encode_html_chars=True)");
    expect_str(call(encode, kw_dict("{s:O}", "escape_forward_slashes", Py_False), "(s)", s),
               "\"A string \\\\ / \\b \\f \\n \\r \\t </script> &\"", "encode(s, escape_forward_slashes=False)");
    expect_str(call(dumps, kw_dict("{s:O}", "encode_html_chars", Py_True), "(s)", "<img src='&amp;'/>"),
               "\"\\u003cimg src='\\u0026amp;'\\/\\u003e\"", "dumps(html, encode_html_chars=True)");
    round_trip(PyUnicode_FromString(s), NULL, "round trip of the escaped string");

    /* Numbers: test_doubleLongIssue, test_encodeWithDecimal, test_encode*Conversion. */
    round_trip(Py_BuildValue("{s:L}", "a", -4342969734183514LL), NULL, "{'a': -4342969734183514}");
    round_trip(Py_BuildValue("{s:d}", "a", -12345678901234.56789012), NULL, "{'a': -12345678901234.568}");
    rec_dumps(Py_BuildValue("{s:d}", "a", -528656961.4399388), NULL, "dumps({'a': -528656961.4399388})");
    rec_dumps(PyFloat_FromDouble(4.56), NULL, "dumps(4.56)");
    expect_str(call(encode, NULL, "(d)", 1.0), "1.0", "encode(1.0)");
    rec_dumps(PyFloat_FromDouble(3.141592653589793), NULL, "dumps(math.pi)");
    rec_dumps(PyFloat_FromDouble(-3.141592653589793), NULL, "dumps(-math.pi)");
    rec_dumps(PyFloat_FromDouble(3.141592653589793), kw_dict("{s:i}", "double_precision", 3),
              "dumps(math.pi, double_precision=3)");
    rec_dumps(PyFloat_FromDouble(3.141592653589793), kw_dict("{s:i}", "double_precision", 20),
              "dumps(math.pi, double_precision=20) (above the maximum)");
    rec_dumps(PyFloat_FromDouble(31337.31337), NULL, "dumps(31337.31337)");
    rec_dumps(PyFloat_FromDouble(1e300), NULL, "dumps(1e300)");
    rec_dumps(PyFloat_FromDouble(Py_NAN), NULL, "dumps(nan)");
    rec_dumps(PyFloat_FromDouble(Py_HUGE_VAL), NULL, "dumps(inf)");
    rec_dumps(PyFloat_FromDouble(-Py_HUGE_VAL), NULL, "dumps(-inf)");
    expect_str(call(encode, NULL, "(L)", 9223372036854775807LL), "9223372036854775807", "encode(2**63-1)");
    expect_str(call(encode, NULL, "(K)", 18446744073709551615ULL), "18446744073709551615", "encode(2**64-1)");
    rec_dumps(PyLong_FromString("18446744073709551616", NULL, 10), NULL, "dumps(2**64) (too big)");
    rec_dumps(PyLong_FromString("-9223372036854775809", NULL, 10), NULL, "dumps(-2**63-1) (too small)");
    rec_dumps(Py_BuildValue("[LLL]", 9223372036854775807LL, 9223372036854775807LL, -9223372036854775807LL - 1),
              NULL, "dumps([2**63-1, 2**63-1, -2**63])");
    rec_dumps(Py_BuildValue("(OOO)", Py_None, Py_True, Py_False), NULL, "dumps((None, True, False))");

    /* Unicode: test_encodeUnicodeConversion*, test_encodeUnicodeSurrogatePair, test_encodeControlEscaping. */
    const char *rak = "R\xc3\xa4ksm\xc3\xb6rg\xc3\xa5s \xd8\xa7\xd8\xb3\xd8\xa7\xd9\x85\xd8\xa9";
    round_trip(PyUnicode_FromString(rak), NULL, "round trip of 'Räksmörgås اسامة'");
    rec_dumps(PyUnicode_FromString(rak), NULL, "dumps('Räksmörgås اسامة')");
    rec_dumps(PyUnicode_FromString(rak), kw_dict("{s:O}", "ensure_ascii", Py_False),
              "dumps('Räksmörgås اسامة', ensure_ascii=False)");
    rec_dumps(PyUnicode_FromString("\xf0\x90\x8d\x86"), NULL, "dumps('\\U00010346') (a surrogate pair)");
    rec_dumps(PyUnicode_FromString("\x19"), NULL, "dumps('\\x19')");
    rec_dumps(PyUnicode_FromStringAndSize("31337 \0 1337", 12), NULL, "dumps('31337 \\x00 1337')");
    expect_str(call(dumps, NULL, "(O)", PyUnicode_FromStringAndSize("  \0\r\n ", 6)), "\"  \\u0000\\r\\n \"",
               "dumps('  \\x00\\r\\n ')");
    rec_dumps(PyUnicode_DecodeUTF8("a\xed\xa0\x80z", 5, "surrogatepass"), NULL,
              "dumps('a\\ud800z') (a lone surrogate)");
    rec_dumps(PyBytes_FromString("\xfd\xbf\xbf\xbf\xbf\xbf"), NULL, "dumps(bad UTF-8 bytes)");
    rec_dumps(PyBytes_FromString("bytes"), NULL, "dumps(b'bytes')");
    rec_loads("\"\\u00e5\\u00e4\\u00f6\"", "loads(escaped åäö)");
    rec_loads("\"\\ud83d\\ude00\"", "loads(an escaped surrogate pair)");
    rec_loads("\"\\ud83d\"", "loads(an escaped lone surrogate)");
    rec_loads("\"31337 \\u0000 31337\"", "loads(an escaped NUL)");
    rec_loads("\"\xe6\x97\xa5\xd1\x88\"", "loads(UTF-8 text)");
    rec_loads("\"\\uzzzz\"", "loads(a bad \\u escape)");

    /* Containers: nesting, sort_keys, indent. */
    rec_dumps(Py_BuildValue("[[[[]]],[[[]]],[[[]]]]"), NULL, "dumps([[[[]]]] * 3)");
    rec_dumps(Py_BuildValue("{s:i,s:i,s:{s:i,s:i}}", "b", 1, "a", 2, "d", "c", 3, "a", 4), kw_dict("{s:O}", "sort_keys", Py_True),
              "dumps(nested dict, sort_keys=True)");
    rec_dumps(Py_BuildValue("{i:i,s:i}", 1, 1, "a", 2), kw_dict("{s:O}", "sort_keys", Py_True),
              "dumps({1: 1, 'a': 2}, sort_keys=True) (unorderable keys)");
    rec_dumps(Py_BuildValue("{s:[i,i],s:{s:O}}", "a", 1, 2, "b", "c", Py_None), kw_dict("{s:i}", "indent", 4),
              "dumps(nested, indent=4)");
    rec_dumps(Py_BuildValue("{i:i,d:i,O:i}", 1, 2, 1.5, 3, Py_True, 4), NULL, "dumps(non-str keys)");
    rec_dumps(Py_BuildValue("{(ii):i}", 1, 2, 3), NULL, "dumps({(1, 2): 3})");
    rec_dumps(PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type), NULL, "dumps(object())");
    {
        PyObject *deep = PyList_New(0), *cur = deep;
        for (int i = 0; i < 2000; i++) {
            PyObject *inner = PyList_New(0);
            PyList_Append(cur, inner);
            Py_DECREF(inner);
            cur = inner;
        }
        rec_dumps(deep, NULL, "dumps(a list nested 2000 deep) (test_encodeRecursionMax)");
    }

    /* toDict() and __json__() on a type() class's instances. */
    {
        PyObject *C = PyObject_CallFunction((PyObject *)&PyType_Type, "s()N", "C", PyDict_New());
        PyObject *o = PyObject_CallNoArgs(C);
        PyObject *d = Py_BuildValue("{s:i}", "key", 31337);
        PyObject *copy = PyObject_GetAttrString(d, "copy");
        PyObject_SetAttrString(o, "toDict", copy);
        record(call(dumps, NULL, "(O)", o), "dumps(obj with toDict())");
        Py_DECREF(o);
        o = PyObject_CallNoArgs(C);
        PyObject *js = PyUnicode_FromString("  {\"a\": [1, 2]}");
        PyObject *strip = PyObject_GetAttrString(js, "strip");
        PyObject_SetAttrString(o, "__json__", strip);
        record(call(dumps, NULL, "(O)", o), "dumps(obj with __json__())");
        Py_DECREF(o);
        o = PyObject_CallNoArgs(C);
        PyObject *upper = PyObject_GetAttrString(d, "__len__");
        PyObject_SetAttrString(o, "__json__", upper);
        record(call(dumps, NULL, "(O)", o), "dumps(obj whose __json__() gives an int)");
        Py_DECREF(o);
        Py_DECREF(upper);
        Py_DECREF(strip);
        Py_DECREF(js);
        Py_DECREF(copy);
        Py_DECREF(d);
        Py_DECREF(C);
    }

    /* Decoding: the test file's good and broken inputs. */
    static const char *const DECODE[] = {
        "31337", "-31337", "1337E40", "1.337E40", "1337E+9", "1.337e+40", "1337E40", "1.337E-4", "1.337e-4",
        "1.337E40", "-1.337E40", "1.5e-300", "[]", "[31337]", "18446744073709551615", "9223372036854775807",
        "-9223372036854775808", "18446744073709551616", "-9223372036854775809", "[18446744073709551616]",
        "1e400", "true", "false", "null", "[true, false, null]", "\"TRAILINGNORMAL\"   ", "{\"a\": 1}  x",
        "fdsa sda v9sa fdsa", "[", "{", "]", "}", "{\"one\":1,}", "\"TESTING", "\"TESTING\\\"", "\"TESTING\\",
        "tru", "fa", "n", "{{1337:\"\"}}", "{{\"key\":\"}", "[[[true", "{{{{31337}}}}", "{{{{\"key\"}}}}",
        "{{{{\"key\":}}}}", "[31337,]", "[,31337]", "[,]", "[]]", "{\"a\": 1, \"b\": [1.5, {\"c\": null}]}",
        "31337.31337", "-1.1234567893", "0.5", "-0.0", "1.7976931348623157e308", "[1,2,3", "",
        "   ", "[\"\\u0000\\u001f\\n\\t\"]",
    };
    for (size_t i = 0; i < sizeof DECODE / sizeof DECODE[0]; i++) {
        char what[128];
        snprintf(what, sizeof what, "loads(%.100s)", DECODE[i]);
        rec_loads(DECODE[i], what);
    }
    record(call(loads, kw_dict("{s:O}", "precise_float", Py_True), "(s)", "31337.31337"),
           "loads('31337.31337', precise_float=True)");
    record(call(loads, kw_dict("{s:O}", "precise_float", Py_True), "(s)", "-1.1234567893"),
           "loads('-1.1234567893', precise_float=True)");
    record(call(decode, NULL, "(y)", "[1, \"b\"]"), "decode(b'[1, \"b\"]')");
    record(call(loads, NULL, "(i)", 1), "loads(1)");
    {
        char deep[2100];
        memset(deep, '[', 2048);
        deep[2048] = '\0';
        rec_loads(deep, "loads('[' * 2048) (test_decodeArrayDepthTooBig)");
        for (int i = 0; i < 2048; i++)
            deep[i] = i % 2 ? ':' : '{';
        rec_loads(deep, "loads('{' * 1024 ...) (test_decodeObjectDepthTooBig)");
    }

    /* Arguments. */
    record(call(dumps, NULL, "()"), "dumps()");
    record(call(dumps, kw_dict("{s:i}", "bogus", 1), "(i)", 1), "dumps(1, bogus=1)");
    record(call(dumps, kw_dict("{s:s}", "indent", "x"), "(i)", 1), "dumps(1, indent='x')");
    record(call(loads, NULL, "()"), "loads()");
    record(call(loads, NULL, "(ss)", "1", "2"), "loads('1', '2')");

    Py_DECREF(encode);
    Py_DECREF(decode);
    Py_DECREF(dumps);
    Py_DECREF(loads);
}

CORPUS_MAIN("ujson", run)
