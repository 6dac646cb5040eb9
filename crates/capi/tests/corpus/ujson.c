/* ujson 6.1.0's `ujson`: a JSON codec over most of the object API --
 * dict (PyDict_Next, PyDict_Keys + PyList_Sort for sort_keys, PyDict_SetItem
 * with duplicate keys), list and tuple, str (PyUnicode_AsUTF8AndSize,
 * compact-ASCII fast paths, PyUnicode_FromKindAndData for every kind,
 * lone surrogates), int (PyLong_AsLongLong / AsUnsignedLongLong with
 * their OverflowError, then PyNumber_ToBase for ints past 64 bits and its
 * digit limit), float (PyFloat_AsDouble, NaN and infinities), bytes,
 * PyObject_GetBuffer for bytes-like input, PyErr_Format messages with the
 * object's repr, toDict / __json__ / default= callbacks, and
 * PyImport_ImportModule("decimal") at init (which fails here: ujson then
 * treats no object as a Decimal, as on an interpreter without decimal).
 * C++ (double-conversion) does the float formatting.
 *
 * Vectors: tests/test_ujson.py -- its decode inputs (valid, invalid,
 * surrogates, bad UTF-8, specials, numbers, big ints), the dumps options
 * (ensure_ascii, encode_html_chars, escape_forward_slashes, sort_keys,
 * indent, allow_nan, reject_bytes, default, separators), dump/load through
 * file-like objects, toDict/__json__ objects and the encoder's errors.
 * Where the tests pin a value it is checked here; every result (its repr)
 * or exception (type and message) is also recorded and compared with the
 * CPython build's, line by line.
 */
#include "corpus.h"

static PyObject *module, *loads, *dumps;

/* JSON inputs from test_ujson.py, as bytes (some are not UTF-8). */
static const struct {
    const char *text;
    Py_ssize_t len;
} INPUTS[] = {
    {"\"\\uD83D\\uDCA9\"", 14},
    {"\"a\\uD83D\\uDCA9b\"", 16},
    {"\"\\uD800\"", 8},
    {"\"a\\uD800b\"", 10},
    {"\"\\uDEAD\"", 8},
    {"\"a\\uDEADb\"", 10},
    {"\"\\uD83D\\uD83D\\uDCA9\"", 20},
    {"\"\\uDCA9\\uD83D\\uDCA9\"", 20},
    {"\"\\uD83D\\uDCA9\\uD83D\"", 20},
    {"\"\\uD83D\\uDCA9\\uDCA9\"", 20},
    {"\"\\uD83D \\uDCA9\"", 15},
    {"\"\xed\xa0\x80\"", 5},
    {"\"\xed\xa0\x80" "a\xed\xba\xad\"", 9},
    {"[31337]", 7},
    {"18446744073709551615", 20},
    {"9223372036854775807", 19},
    {"-9223372036854775808", 20},
    {"{}\x0a\x09 ", 5},
    {"31337", 5},
    {"-31337", 6},
    {"100000000000000000000.0", 23},
    {"-0", 2},
    {"-0.0", 4},
    {"1337E40", 7},
    {"1.337E40", 8},
    {"1337E+9", 7},
    {"1.337e+40", 9},
    {"1337e40", 7},
    {"1.337E-4", 8},
    {"1.337e-4", 8},
    {"-10000000000000000000000000", 27},
    {"-18446744073709551616", 21},
    {"-9223372036854775809", 20},
    {"18446744073709551616", 20},
    {"10000000000000000000000000", 26},
    {"1267650600228229401496703205376", 31},
    {"-1267650600228229401496703205376", 32},
    {"[1606938044258990275541962092341162602522202993782792835301376]", 63},
    {"{\"i\":18446744073709551616}", 26},
    {"{{1337:\"\"}}", 11},
    {"{{\"key\":\"}", 10},
    {"[[[true", 7},
    {"fdsa sda v9sa fdsa", 18},
    {"[", 1},
    {"{", 1},
    {"]", 1},
    {"}", 1},
    {"{\"one\":1,}", 10},
    {"\"TESTING", 8},
    {"\"TESTING\\\"", 10},
    {"tru", 3},
    {"fa", 2},
    {"n", 1},
    {"{{{{31337}}}}", 13},
    {"{{{{\"key\"}}}}", 13},
    {"{{{{\"key\":}}}}", 14},
    {"[31337,]", 8},
    {"[,31337]", 8},
    {"[,]", 3},
    {"[]]", 3},
    {"{}\x0a\x09 a", 6},
    {"{\"age\", 44}", 11},
    {"\"\\q\"", 4},
    {"\"\\x41\"", 6},
    {"\"\\0\"", 4},
    {"\"\\a\"", 4},
    {"\"a\x00" "b\"", 5},
    {"\"\\\"", 3},
    {"\"\xc3\x00\"", 4},
    {"\"\\u00e\x00\"", 8},
    {"\"\\u123z\"", 8},
    {"\"\\\x00\"", 4},
    {"\"\xfd\"", 3},
    {"\"\xfc:\"", 4},
    {"\"U>\xfb\"", 5},
    {"\"\\\xf8\x98\x09\"", 6},
    {"\"\x9b\"", 3},
    {"\"B\x8a\"", 4},
    {"\"\xcf\x13\"", 4},
    {"\"\xcf" "a\"", 4},
    {"\"\xd8\xcf\xd3\"", 5},
    {"\"\xd2\x09\x8b\x84\"", 6},
    {"\"\xe2\x17\xce\"", 5},
    {"\"\xe0\x9c\xc6\xde\"", 6},
    {"\"\xf0H\xce\x9b\"", 6},
    {"\"\xc3\"", 3},
    {"\"a\xe3\"", 4},
    {"\"=\xe3\x8c\"", 5},
    {"\"\xf0\x90\x94\"", 5},
    {"\"\xc0\xa2\"", 4},
    {"\"\xc1\xbf\"", 4},
    {"\"\xe0\x9d\xb3\"", 5},
    {"\"\xe0\x9f\xbf\"", 5},
    {"\"\xf0\x80\x80\x80\"", 6},
    {"\"\xf0\x8f\xbf\xbf\"", 6},
    {"\"\xf4\x90\x80\x80\"", 6},
    {"\"\xf7\xbf\xbf\xbf\"", 6},
    {"\"\xc3", 2},
    {"\"\xf0\x90\x94", 4},
    {"\"\xf4\x90\x80\x80", 5},
    {"[\"a\", NaN, \"NaN\", Infinity, \"Infinity\", -Infinity, \"-Infinity\"]", 63},
    {"Infinity", 8},
    {"-Infinity", 9},
    {"NaN", 3},
    {"null", 4},
    {"n", 1},
    {"N", 1},
    {"NA", 2},
    {"Na N", 4},
    {"nan", 3},
    {"none", 4},
    {"i", 1},
    {"I", 1},
    {"Inf", 3},
    {"InfinitY", 8},
    {"-i", 2},
    {"-I", 2},
    {"-Inf", 4},
    {"-InfinitY", 9},
    {"- i", 3},
    {"- I", 3},
    {"- Inf", 5},
    {"- InfinitY", 10},
    {"Infinit", 7},
    {"Infinityz", 9},
    {"Na", 2},
    {"NaNz", 4},
    {"nul", 3},
    {"nullz", 5},
    {"tr", 2},
    {"truez", 5},
    {"fals", 4},
    {"falsez", 6},
    {"NaNaNaN", 7},
    {"Infinity and Beyond", 19},
    {"-Infinity-and-Beyond", 20},
    {"NaN!", 4},
    {"Infinity!", 9},
    {"-Infinity!", 10},
    {"\"\\uFFFF\"", 8},
    {"\"\\u0080\"", 8},
    {"\"\\u0800\"", 8},
    {"-1.1234567893", 13},
    {"-1.234567893", 12},
    {"-1.34567893", 11},
    {"-1.4567893", 10},
    {"-1.567893", 9},
    {"-1.67893", 8},
    {"-1.7893", 7},
    {"-1.893", 6},
    {"-1.3", 4},
    {"1.1234567893", 12},
    {"1.234567893", 11},
    {"1.34567893", 10},
    {"1.4567893", 9},
    {"1.567893", 8},
    {"1.67893", 7},
    {"1.7893", 6},
    {"1.893", 5},
    {"1.3", 3},
    {"true", 4},
    {"false", 5},
    {"null", 4},
    {" [ true, false,null] ", 21},
    {"{\"key1\": \"value1\", \"key1\": 1, \"key2\": \"value2\"}", 47},
    {"{\"obj\": 31337}", 14},
    {"\"\\u00e5\\u00e4\\u00f6\"", 20},
    {"{\"id\": 3590016419}", 18},
    {"{\"id\": 4294967295}", 18},
    {"{\"id\": 9223372036854775807}", 27},
    {"[]", 2},
    {"[[[[]]]]", 8},
    {"[{\"a\": [1, {\"b\": [2.5, \"c\", null]}]}, {}, []]", 45},
    {"1e-10", 5},
    {"0.0001", 6},
    {"10000000000.0", 13},
    {"1e15", 4},
    {"1e16", 4},
    {"1e30", 4},
    {"3.141592653589793", 17},
    {"-2.718281828459045", 18},
    {"1.7976931348623157e308", 22},
    {"-1.7976931348623157e308", 23},
    {"5e-324", 6},
    {"2.2250738585072014e-308", 23},
    {"1e400", 5},
    {"-1e400", 6},
    {"1e-400", 6},
    {"0.1", 3},
    {"0.30000000000000004", 19},
    {"123456789012345678901234567890.5", 32},
    {"1.0", 3},
    {"01", 2},
    {"-", 1},
    {"1.", 2},
    {".5", 2},
    {"1e", 2},
    {"1e+", 3},
    {"--1", 3},
    {"+1", 2},
    {"0x10", 4},
    {"1_000", 5},
    {"\"\\b\\f\\n\\r\\t\\\"\\\\\\/\"", 18},
    {"\"A string \\\\ \\/ \\b \\f \\n \\r \\t\"", 31},
    {"\"\\u0000\\u001f\\u007f\"", 20},
    {"\"R\xc3\xa4ksm\xc3\xb6rg\xc3\xa5s \xd8\xa7\xd8\xb3\xd8\xa7\xd9\x85\xd8\xa9\"", 26},
    {"\"\xf0\x9f\x98\x80 and \\ud83d\\ude00\"", 23},
    {"\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", 302},
    {"\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
     "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
     "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
     "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
     "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
     "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
     "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
     "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
     "\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
     "\xa9\xc3\xa9\"", 202},
    {"\"\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
     "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4"
     "\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8"
     "\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
     "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4"
     "\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8"
     "\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
     "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4"
     "\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8"
     "\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
     "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4"
     "\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8"
     "\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad"
     "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad\"", 302},
    {"\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0"
     "\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98"
     "\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0"
     "\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98"
     "\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0"
     "\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98"
     "\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0"
     "\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98"
     "\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0"
     "\x9f\x98\x80\"", 202},
    {"{\"\": 1, \" \": 2, \"\\u0000\": 3}", 28},
    {"{\"a\": 1, \"a\": 2}", 16},
    {"{1: 2}", 6},
    {"{\"a\" 1}", 7},
    {"{\"a\":1 \"b\":2}", 13},
    {" \x09\x0a\x0d 1 \x09\x0a\x0d ", 11},
    {"", 0},
    {"   ", 3},
};

/* The dumps option sets each decoded value goes through. */
static const char *OPTION_SETS[] = {
    NULL,
    "{s:O}|ensure_ascii=False",
    "{s:O}|sort_keys=True",
    "{s:i}|indent=4",
    "{s:O}|escape_forward_slashes=False",
    "{s:O}|encode_html_chars=True",
    "{s:O}|allow_nan=False",
    "{s:(ss)}|separators=(', ', ': ')",
};

static PyObject *options(size_t i, const char **label)
{
    const char *set = OPTION_SETS[i];
    if (set == NULL) {
        *label = "";
        return NULL;
    }
    const char *bar = strchr(set, '|');
    *label = bar + 1;
    char name[64];
    const char *eq = strchr(bar, '=');
    snprintf(name, sizeof name, "%.*s", (int)(eq - bar - 1), bar + 1);
    if (strcmp(name, "indent") == 0)
        return kw_dict("{s:i}", name, 4);
    if (strcmp(name, "separators") == 0)
        return kw_dict("{s:(ss)}", name, ", ", ": ");
    return kw_dict("{s:O}", name, strcmp(name, "sort_keys") == 0 || strcmp(name, "encode_html_chars") == 0
                                      ? Py_True
                                      : Py_False);
}

/* A short label for an input: the repr of its first 40 bytes. */
static PyObject *repr_of_input(PyObject *b)
{
    Py_ssize_t n = PyBytes_GET_SIZE(b);
    PyObject *head = PyBytes_FromStringAndSize(PyBytes_AS_STRING(b), n < 40 ? n : 40);
    PyObject *r = head ? PyObject_Repr(head) : NULL;
    Py_XDECREF(head);
    if (r != NULL && n > 40) {
        PyObject *longer = PyUnicode_FromFormat("%U... (%zd bytes)", r, n);
        Py_DECREF(r);
        r = longer;
    }
    return r;
}

/* test_decode_* / test_loads: each input as bytes and (when it is UTF-8,
   surrogates allowed) as str; then every decoded value through dumps()
   with each option set, and dumps(loads(dumps(v))) == dumps(v). */
static void decoding(void)
{
    char what[400];
    for (size_t i = 0; i < sizeof INPUTS / sizeof INPUTS[0]; i++) {
        PyObject *b = PyBytes_FromStringAndSize(INPUTS[i].text, INPUTS[i].len);
        PyObject *r = repr_of_input(b);
        snprintf(what, sizeof what, "loads(%s)", r ? PyUnicode_AsUTF8(r) : "?");
        PyObject *value = record_keep(call(loads, NULL, "(O)", b), what);
        PyObject *s = PyUnicode_DecodeUTF8(INPUTS[i].text, INPUTS[i].len, "surrogatepass");
        if (s == NULL) {
            PyErr_Clear();
        } else {
            snprintf(what, sizeof what, "loads(%s decoded to str)", r ? PyUnicode_AsUTF8(r) : "?");
            PyObject *again = record_keep(call(loads, NULL, "(O)", s), what);
            /* (Compared by their repr: NaN != NaN.) */
            int same = (value == NULL) == (again == NULL);
            if (value != NULL && again != NULL) {
                PyObject *r1 = PyObject_Repr(value), *r2 = PyObject_Repr(again);
                same = r1 && r2 && PyUnicode_Compare(r1, r2) == 0;
                Py_XDECREF(r1);
                Py_XDECREF(r2);
            }
            PyErr_Clear();
            snprintf(what, sizeof what, "loads(%s) is the same from bytes and str", r ? PyUnicode_AsUTF8(r) : "?");
            expect_true(same, what);
            Py_XDECREF(again);
            Py_DECREF(s);
        }
        if (value != NULL) {
            for (size_t k = 0; k < sizeof OPTION_SETS / sizeof OPTION_SETS[0]; k++) {
                const char *label;
                PyObject *kwargs = options(k, &label);
                snprintf(what, sizeof what, "dumps(loads(%s)%s%s)", r ? PyUnicode_AsUTF8(r) : "?", *label ? ", " : "",
                         label);
                PyObject *text = record_keep(call(dumps, kwargs, "(O)", value), what);
                if (k == 0 && text != NULL) {
                    PyObject *back = take(call(loads, NULL, "(O)", text));
                    PyObject *text2 = back ? take(call(dumps, NULL, "(O)", back)) : NULL;
                    snprintf(what, sizeof what, "dumps(loads(dumps(loads(%s)))) is stable", r ? PyUnicode_AsUTF8(r) : "?");
                    expect_true(text2 != NULL && PyUnicode_Compare(text, text2) == 0, what);
                    Py_XDECREF(back);
                    Py_XDECREF(text2);
                }
                Py_XDECREF(text);
            }
        }
        Py_XDECREF(value);
        Py_XDECREF(r);
        Py_DECREF(b);
    }
}

/* ------------------------------------------------------------------ */
/*               Objects JSON text cannot produce                     */
/* ------------------------------------------------------------------ */

/* A callable that returns its bound `self` (for read(), toDict(),
   __json__ and default=), or appends its argument to `self` (write()). */
static PyObject *give_self(PyObject *self, PyObject *unused)
{
    (void)unused;
    Py_INCREF(self);
    return self;
}
static PyObject *raise_attribute_error(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    PyErr_SetString(PyExc_AttributeError, "raised by the callback");
    return NULL;
}
static PyObject *append_to_self(PyObject *self, PyObject *arg)
{
    if (PyList_Append(self, arg) < 0)
        return NULL;
    Py_RETURN_NONE;
}
static PyMethodDef GIVE_SELF = {"give", give_self, METH_NOARGS, NULL};
static PyMethodDef GIVE_SELF_O = {"default", give_self, METH_O, NULL};
static PyMethodDef RAISE = {"fail", raise_attribute_error, METH_NOARGS, NULL};
static PyMethodDef APPEND = {"write", append_to_self, METH_O, NULL};

/* An object (a module named `name`) whose attribute `attr_name` is the
   function `def` bound to `self` (stolen). */
static PyObject *with_method(const char *name, const char *attr_name, PyMethodDef *def, PyObject *self)
{
    PyObject *obj = PyModule_New(name);
    PyObject *f = obj && self ? PyCFunction_New(def, self) : NULL;
    if (f == NULL || PyObject_SetAttrString(obj, attr_name, f) < 0)
        bail("cannot make a %s object", name);
    Py_DECREF(f);
    Py_DECREF(self);
    return obj;
}

static PyObject *big(const char *digits)
{
    PyObject *v = PyLong_FromString(digits, NULL, 10);
    if (v == NULL)
        bail("bad int %s", digits);
    return v;
}

/* dumps(obj, **kwargs), recorded. */
static void dumps_case(PyObject *obj, PyObject *kwargs, const char *what)
{
    record(call(dumps, kwargs, "(O)", obj), what);
}

/* dumps() of obj must be `expected` (test_ujson.py's value); recorded too. */
static void dumps_is(PyObject *obj, PyObject *kwargs, const char *expected, const char *what)
{
    PyObject *r = record_keep(call(dumps, kwargs, "(O)", obj), what);
    int ok = r != NULL && PyUnicode_Check(r) && strcmp(PyUnicode_AsUTF8(r), expected) == 0;
    if (!ok && r != NULL)
        diag("got %s; ", PyUnicode_Check(r) ? PyUnicode_AsUTF8(r) : "a non-str");
    expect_true(ok, what);
    Py_XDECREF(r);
}

static void ints(void)
{
    static const char *INTS[] = {"-1", "0", "9223372036854775807", "-9223372036854775808", "18446744073709551615",
                                 "-9223372036854775809", "18446744073709551616", "-18446744073709551616",
                                 "10000000000000000000000000", "-10000000000000000000000000",
                                 "1267650600228229401496703205376", "-1267650600228229401496703205376",
                                 "1606938044258990275541962092341162602522202993782792835301376"};
    char what[200];
    for (size_t i = 0; i < sizeof INTS / sizeof INTS[0]; i++) {
        PyObject *v = big(INTS[i]);
        snprintf(what, sizeof what, "dumps(%s)", INTS[i]);
        dumps_is(v, NULL, INTS[i], what);
        PyObject *list = Py_BuildValue("[O]", v);
        PyObject *dict = Py_BuildValue("{s:O}", "i", v);
        snprintf(what, sizeof what, "dumps([%s])", INTS[i]);
        dumps_case(list, NULL, what);
        snprintf(what, sizeof what, "dumps({'i': %s}, sort_keys=True)", INTS[i]);
        dumps_case(dict, kw_dict("{s:O}", "sort_keys", Py_True), what);
        snprintf(what, sizeof what, "dumps({%s: 1}) (an int key)", INTS[i]);
        PyObject *keyed = Py_BuildValue("{O:i}", v, 1);
        dumps_case(keyed, NULL, what);
        Py_DECREF(keyed);
        Py_DECREF(dict);
        Py_DECREF(list);
        Py_DECREF(v);
    }
    /* test_encode_too_big_int_error: 2**40000 has 12042 digits. */
    PyObject *one = PyLong_FromLong(1), *shift = PyLong_FromLong(40000);
    PyObject *huge = PyNumber_Lshift(one, shift);
    expect_error(call(dumps, NULL, "(O)", huge), PyExc_ValueError,
                 "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to "
                 "increase the limit",
                 "dumps(2**40000) hits the int digit limit");
    Py_DECREF(huge);
    Py_DECREF(shift);
    Py_DECREF(one);
    /* test_decode_too_big_int_error / near_str_digit_limit */
    char *nines = malloc(10001);
    memset(nines, '9', 10000);
    nines[10000] = '\0';
    record(call(loads, NULL, "(s#)", nines, (Py_ssize_t)4300), "loads('9' * 4300)");
    record(call(loads, NULL, "(s#)", nines, (Py_ssize_t)4301), "loads('9' * 4301)");
    record(call(loads, NULL, "(s#)", nines, (Py_ssize_t)10000), "loads('9' * 10000)");
    free(nines);
}

static void floats(void)
{
    static const double FLOATS[] = {1.0, 1e-10, 1e-4, 1e10, 1e15, 1e16, 1e30, -0.0, 0.1, 1.0 / 3.0,
                                    1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 31337.31337,
                                    -1.1234567893, 123456789.123456789, 0.30000000000000004};
    char what[200];
    for (size_t i = 0; i < sizeof FLOATS / sizeof FLOATS[0]; i++) {
        PyObject *f = PyFloat_FromDouble(FLOATS[i]);
        snprintf(what, sizeof what, "dumps(%.17g)", FLOATS[i]);
        dumps_case(f, NULL, what);
        PyObject *list = Py_BuildValue("[OO]", f, f);
        snprintf(what, sizeof what, "dumps([%.17g] * 2, indent=2)", FLOATS[i]);
        dumps_case(list, kw_dict("{s:i}", "indent", 2), what);
        Py_DECREF(list);
        Py_DECREF(f);
    }
    PyObject *one = PyFloat_FromDouble(1.0);
    dumps_is(one, NULL, "1.0", "test_encode: dumps(1.0)");
    Py_DECREF(one);
    /* test_encode, test_encode_raises_allow_nan */
    static const struct {
        double v;
        const char *json;
    } SPECIALS[] = {{Py_NAN, "{\"a\":NaN}"}, {Py_HUGE_VAL, "{\"a\":Infinity}"}, {-Py_HUGE_VAL, "{\"a\":-Infinity}"}};
    for (size_t i = 0; i < 3; i++) {
        PyObject *d = Py_BuildValue("{s:d}", "a", SPECIALS[i].v);
        snprintf(what, sizeof what, "dumps(%s)", SPECIALS[i].json);
        dumps_is(d, NULL, SPECIALS[i].json, what);
        snprintf(what, sizeof what, "dumps(%s, allow_nan=False)", SPECIALS[i].json);
        dumps_case(d, kw_dict("{s:O}", "allow_nan", Py_False), what);
        PyObject *nested = Py_BuildValue("[[O]]", d);
        snprintf(what, sizeof what, "dumps([[%s]], allow_nan=False)", SPECIALS[i].json);
        dumps_case(nested, kw_dict("{s:O}", "allow_nan", Py_False), what);
        Py_DECREF(nested);
        Py_DECREF(d);
    }
}

static void strings(void)
{
    /* test_encode_string_conversion */
    PyObject *s = PyUnicode_FromString("A string \\ / \b \f \n \r \t </script> &");
    const char *plain = "\"A string \\\\ \\/ \\b \\f \\n \\r \\t <\\/script> &\"";
    const char *html = "\"A string \\\\ \\/ \\b \\f \\n \\r \\t \\u003c\\/script\\u003e \\u0026\"";
    dumps_is(s, kw_dict("{s:O}", "ensure_ascii", Py_True), plain, "test_encode_string_conversion, ensure_ascii");
    dumps_is(s, kw_dict("{s:O}", "ensure_ascii", Py_False), plain, "test_encode_string_conversion, not ensure_ascii");
    dumps_is(s, kw_dict("{s:O,s:O}", "ensure_ascii", Py_True, "encode_html_chars", Py_True), html,
             "test_encode_string_conversion, encode_html_chars");
    dumps_is(s, kw_dict("{s:O}", "escape_forward_slashes", Py_False),
             "\"A string \\\\ / \\b \\f \\n \\r \\t </script> &\"", "test_encode_string_conversion, keep slashes");
    Py_DECREF(s);
    /* every kind of str, lone surrogates, control characters */
    static const char *TEXTS[] = {"", "ascii", "R\xc3\xa4ksm\xc3\xb6rg\xc3\xa5s \xd8\xa7\xd8\xb3\xd8\xa7\xd9\x85\xd8\xa9",
                                  "\xe6\x97\xa5\xd1\x88", "\xf0\x90\x8d\x86", "\xf0\x91\x80\xb0TRAILINGNORMAL",
                                  "\xf3\xbf\xbf\xbfTRAILINGNORMAL", "\xef\xbf\xbf", "\xc2\x80", "\xe0\xa0\x80",
                                  "\x7f\xc2\x9f", "\xe2\x80\xa8\xe2\x80\xa9", "\xf0\x9f\x98\x80\xe4\xb8\xad\xc3\xa9" "a"};
    char what[300];
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++) {
        PyObject *t = PyUnicode_FromString(TEXTS[i]);
        PyObject *r = PyObject_Repr(t);
        snprintf(what, sizeof what, "dumps(%s)", PyUnicode_AsUTF8(r));
        dumps_case(t, NULL, what);
        snprintf(what, sizeof what, "dumps(%s, ensure_ascii=False)", PyUnicode_AsUTF8(r));
        dumps_case(t, kw_dict("{s:O}", "ensure_ascii", Py_False), what);
        snprintf(what, sizeof what, "dumps({%s: %s}, sort_keys=True)", PyUnicode_AsUTF8(r), PyUnicode_AsUTF8(r));
        PyObject *d = Py_BuildValue("{OO}", t, t);
        dumps_case(d, kw_dict("{s:O}", "sort_keys", Py_True), what);
        Py_DECREF(d);
        Py_DECREF(r);
        Py_DECREF(t);
    }
    for (int cp = 0; cp < 0x20; cp++) {
        PyObject *t = PyUnicode_FromOrdinal(cp);
        snprintf(what, sizeof what, "test_encode_control_escaping: dumps(chr(%d))", cp);
        dumps_case(t, NULL, what);
        Py_DECREF(t);
    }
    /* test_encode_surrogate_characters / test_encode_null_character */
    static const Py_UCS4 LONE[][3] = {{0xd800, 0, 0}, {0xdead, 'a', 0}, {0xd83d, 0xdca9, 0}, {'a', 0, 'b'}};
    for (size_t i = 0; i < 4; i++) {
        PyObject *t = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, LONE[i], i == 3 ? 3 : (LONE[i][1] ? 2 : 1));
        PyObject *r = PyObject_Repr(t);
        snprintf(what, sizeof what, "dumps(%s)", PyUnicode_AsUTF8(r));
        dumps_case(t, NULL, what);
        snprintf(what, sizeof what, "dumps(%s, ensure_ascii=False)", PyUnicode_AsUTF8(r));
        dumps_case(t, kw_dict("{s:O}", "ensure_ascii", Py_False), what);
        snprintf(what, sizeof what, "dumps({%s: 1})", PyUnicode_AsUTF8(r));
        PyObject *d = Py_BuildValue("{Oi}", t, 1);
        dumps_case(d, NULL, what);
        Py_DECREF(d);
        Py_DECREF(r);
        Py_DECREF(t);
    }
}

static void containers(void)
{
    /* test_dumps, test_encode_dict_conversion, special keys, sort_keys */
    PyObject *v = Py_BuildValue("(OOO)", Py_True, Py_False, Py_None);
    dumps_is(v, NULL, "[true,false,null]", "dumps((True, False, None))");
    Py_DECREF(v);
    v = Py_BuildValue("((i(i(i))))", 1, 2, 3);
    dumps_case(v, NULL, "dumps of nested tuples");
    dumps_case(v, kw_dict("{s:i}", "indent", 3), "dumps of nested tuples, indent=3");
    Py_DECREF(v);
    v = Py_BuildValue("{s:i,s:i,s:i,s:i,s:i,s:i}", "a", 1, "c", 1, "b", 1, "e", 1, "f", 1, "d", 1);
    dumps_is(v, kw_dict("{s:O}", "sort_keys", Py_True), "{\"a\":1,\"b\":1,\"c\":1,\"d\":1,\"e\":1,\"f\":1}",
             "test_sort_keys");
    Py_DECREF(v);
    v = Py_BuildValue("{s:i,i:i,O:i}", "a", 1, 1, 2, Py_None, 3);
    dumps_is(v, NULL, "{\"a\":1,\"1\":2,\"null\":3}", "test_sort_keys_unordered: dumps");
    dumps_case(v, kw_dict("{s:O}", "sort_keys", Py_True), "test_sort_keys_unordered: sort_keys=True raises");
    Py_DECREF(v);
    /* test_encode_special_keys */
    v = Py_BuildValue("{O:i,O:i,O:i,d:i,y:i,d:i}", Py_True, 1, Py_False, 2, Py_None, 3, 1.5, 4, "bk", 5, -0.0, 6);
    dumps_case(v, NULL, "dumps with bool, None, float and bytes keys");
    dumps_case(v, kw_dict("{s:O}", "reject_bytes", Py_True), "the same with reject_bytes=True");
    Py_DECREF(v);
    v = Py_BuildValue("{(ii):i}", 1, 2, 3);
    dumps_case(v, NULL, "dumps with a tuple key");
    Py_DECREF(v);
    /* bytes values: test_reject_bytes_* and invalid UTF-8 */
    v = Py_BuildValue("[y]", "abc");
    dumps_case(v, NULL, "dumps([b'abc'])");
    dumps_case(v, kw_dict("{s:O}", "reject_bytes", Py_True), "dumps([b'abc'], reject_bytes=True)");
    dumps_case(v, kw_dict("{s:O}", "reject_bytes", Py_False), "dumps([b'abc'], reject_bytes=False)");
    Py_DECREF(v);
    v = Py_BuildValue("y#", "\xff\xfe", (Py_ssize_t)2);
    dumps_case(v, kw_dict("{s:O}", "reject_bytes", Py_False), "dumps(b'\\xff\\xfe', reject_bytes=False)");
    Py_DECREF(v);
    v = PyByteArray_FromStringAndSize("ab", 2);
    dumps_case(v, NULL, "dumps(bytearray(b'ab'))");
    Py_DECREF(v);
    v = PyComplex_FromDoubles(1.0, 2.0);
    dumps_case(v, NULL, "dumps(1+2j) is not serializable");
    dumps_case(v, kw_dict("{s:O}", "default", (PyObject *)&PyUnicode_Type), "dumps(1+2j, default=str)");
    dumps_case(v, kw_dict("{s:i}", "default", 5), "dumps(1+2j, default=5)");
    PyObject *ident = PyCFunction_New(&GIVE_SELF_O, Py_None);
    dumps_case(v, kw_dict("{s:O}", "default", ident), "dumps(1+2j, default=lambda o: o) recurses");
    Py_DECREF(ident);
    Py_DECREF(v);
    /* recursion: a list that holds itself; nesting just under the limit */
    v = PyList_New(0);
    PyList_Append(v, v);
    dumps_case(v, NULL, "dumps of a list that contains itself");
    PyList_SetSlice(v, 0, 1, NULL);
    Py_DECREF(v);
    PyObject *deep = PyList_New(0);
    for (int i = 0; i < 1023; i++) {
        PyObject *outer = PyList_New(1);
        PyList_SET_ITEM(outer, 0, deep);
        deep = outer;
    }
    dumps_case(deep, NULL, "dumps of lists nested 1024 deep");
    PyObject *deeper = Py_BuildValue("[N]", deep);
    dumps_case(deeper, NULL, "dumps of lists nested 1025 deep");
    Py_DECREF(deeper);
    /* indent and separators */
    v = Py_BuildValue("{s:[i,i],s:{s:s}}", "a", 1, 2, "b", "c", "d");
    static const char *INDENTS[] = {"0", "1", "-1", "999", "1073741824", "9223372036854775808"};
    char what[200];
    for (size_t i = 0; i < sizeof INDENTS / sizeof INDENTS[0]; i++) {
        snprintf(what, sizeof what, "dumps(obj, indent=%s)", INDENTS[i]);
        PyObject *n = big(INDENTS[i]);
        PyObject *kwargs = kw_dict("{s:O}", "indent", n);
        Py_DECREF(n);
        if (i >= 4) /* long outputs: record the error, or the length */
            record(call(dumps, kwargs, "(O)", v), what);
        else
            dumps_case(v, kwargs, what);
    }
    dumps_case(v, kw_dict("{s:s}", "indent", "x"), "dumps(obj, indent='x')");
    dumps_case(v, kw_dict("{s:(ss)}", "separators", ",", ":"), "dumps(obj, separators=(',', ':'))");
    dumps_case(v, kw_dict("{s:(ss),s:i}", "separators", "; ", " = ", "indent", 2), "dumps(obj, separators=('; ', ' = '), indent=2)");
    dumps_case(v, kw_dict("{s:(s)}", "separators", ","), "dumps(obj, separators=(',',))");
    dumps_case(v, kw_dict("{s:(ii)}", "separators", 1, 2), "dumps(obj, separators=(1, 2))");
    dumps_case(v, kw_dict("{s:s}", "separators", "ab"), "dumps(obj, separators='ab')");
    dumps_case(v, kw_dict("{s:i}", "nonsense", 1), "dumps(obj, nonsense=1)");
    record(call(dumps, NULL, "()"), "dumps()");
    record(call(loads, NULL, "()"), "loads()");
    record(call(loads, NULL, "(i)", 5), "loads(5)");
    record(call(loads, kw_dict("{s:s}", "obj", "[1]"), "()"), "loads(obj='[1]')");
    PyObject *mv = PyMemoryView_FromMemory((char *)"[1, 2]", 6, PyBUF_READ);
    record(call(loads, NULL, "(O)", mv), "loads(memoryview(b'[1, 2]'))");
    Py_DECREF(mv);
    Py_DECREF(v);
}

static void callbacks(void)
{
    /* test_to_dict, test_object_with_json, ..._type_error, ..._attribute_error */
    PyObject *o = with_method("DictTest", "toDict", &GIVE_SELF, Py_BuildValue("{s:i}", "key", 31337));
    dumps_is(o, NULL, "{\"key\":31337}", "test_to_dict");
    Py_DECREF(o);
    o = with_method("JSONTest", "__json__", &GIVE_SELF, PyUnicode_FromString("\"this is the correct output\""));
    PyObject *d = Py_BuildValue("{s:O}", "key", o);
    dumps_is(d, NULL, "{\"key\":\"this is the correct output\"}", "test_object_with_json");
    Py_DECREF(d);
    Py_DECREF(o);
    o = with_method("BytesJSON", "__json__", &GIVE_SELF, PyBytes_FromString("{\"source\": \"bytes\"}"));
    dumps_case(o, NULL, "test_object_with_json_bytes");
    Py_DECREF(o);
    PyObject *wrong[] = {Py_None, PyLong_FromLong(1234), PyFloat_FromDouble(12.34), Py_True, PyDict_New(),
                         PyUnicode_FromString("json")};
    char what[200];
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        if (wrong[i] == Py_None || wrong[i] == Py_True)
            Py_INCREF(wrong[i]);
        Py_INCREF(wrong[i]);
        o = with_method("JSONTest", "__json__", &GIVE_SELF, wrong[i]);
        snprintf(what, sizeof what, "__json__ returning a %s", Py_TYPE(wrong[i])->tp_name);
        dumps_case(o, NULL, what);
        Py_DECREF(o);
        o = with_method("JSONtoDict", "toDict", &GIVE_SELF, wrong[i]);
        snprintf(what, sizeof what, "toDict returning a %s", Py_TYPE(wrong[i])->tp_name);
        dumps_case(o, NULL, what);
        Py_DECREF(o);
    }
    o = with_method("JSONTestAttributeError", "__json__", &RAISE, Py_NewRef(Py_None));
    dumps_case(o, NULL, "__json__ raising AttributeError");
    Py_DECREF(o);
    o = with_method("JSONtoDictAttributeError", "toDict", &RAISE, Py_NewRef(Py_None));
    dumps_case(o, NULL, "toDict raising AttributeError");
    Py_DECREF(o);
    o = PyModule_New("PlainObject");
    dumps_case(o, NULL, "dumps of a plain object");
    PyObject *fallback = PyCFunction_New(&GIVE_SELF_O, Py_None);
    Py_DECREF(fallback);
    Py_DECREF(o);

    /* dump / load through file-like objects */
    PyObject *written = PyList_New(0);
    PyObject *file = with_method("file", "write", &APPEND, Py_NewRef(written));
    PyObject *dump = attr(module, "dump"), *load = attr(module, "load");
    PyObject *data = Py_BuildValue("{s:[i,s]}", "a", 1, "\xc3\xa9");
    record(call(dump, NULL, "(OO)", data, file), "dump(data, file)");
    record_value(written, "what dump() wrote");
    record(call(dump, kw_dict("{s:i}", "indent", 2), "(OO)", data, file), "dump(data, file, indent=2)");
    record(call(dump, NULL, "(Oi)", data, 5), "dump(data, 5)");
    PyObject *nowrite = PyModule_New("nowrite");
    PyObject_SetAttrString(nowrite, "write", Py_None);
    record(call(dump, NULL, "(OO)", data, nowrite), "dump(data, object with write=None)");
    record(call(dump, NULL, "(O)", data), "dump(data)");
    PyObject *reader = with_method("file", "read", &GIVE_SELF, PyUnicode_FromString("{\"a\": [1, \"\\u00e9\"]}"));
    record(call(load, NULL, "(O)", reader), "load(file)");
    record(call(load, NULL, "(i)", 5), "load(5)");
    PyObject *failing = with_method("file", "read", &RAISE, Py_NewRef(Py_None));
    record(call(load, NULL, "(O)", failing), "load(file whose read raises)");
    Py_DECREF(failing);
    Py_DECREF(reader);
    Py_DECREF(nowrite);
    Py_DECREF(data);
    Py_DECREF(dump);
    Py_DECREF(load);
    Py_DECREF(file);
    Py_DECREF(written);
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
        Py_DECREF(wrong[i]);
}

static void run(PyObject *m, const char *sdist)
{
    (void)sdist;
    module = m;
    loads = attr(module, "loads");
    dumps = attr(module, "dumps");
    PyObject *version = attr(module, "__version__");
    expect_true(PyUnicode_Check(version) && strcmp(PyUnicode_AsUTF8(version), "6.1.0") == 0, "ujson.__version__");
    Py_DECREF(version);
    PyObject *error = attr(module, "JSONDecodeError");
    expect_true(PyExceptionClass_Check(error) && PyObject_IsSubclass(error, PyExc_ValueError) == 1 &&
                    error != PyExc_ValueError,
                "test_decode_exception_is_value_error");
    record_value(error, "ujson.JSONDecodeError");
    Py_DECREF(error);
    decoding();
    ints();
    floats();
    strings();
    containers();
    callbacks();
    Py_DECREF(loads);
    Py_DECREF(dumps);
}

CORPUS_MAIN("ujson", run)
