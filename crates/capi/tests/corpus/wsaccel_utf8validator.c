/* wsaccel 0.6.7's wsaccel.utf8validator: Cython 3.0.11 C with the cdef
 * class Utf8Validator (Bjoern Hoehrmann's DFA from dfa.h): `cdef public
 * int` attributes i / state / codepoint (member descriptors with
 * T_INT), class attributes UTF8_ACCEPT / UTF8_REJECT, decode(b) one byte
 * at a time, reset(), and validate(const unsigned char[:] buf) over a typed
 * memoryview, returning (valid, ends_on_codepoint, index, total) tuples.
 *
 * Vectors: tests/test_4.py (Autobahn case 6.2.1); plus the Autobahn 6.x
 * style cases (overlong forms, surrogates, code points past U+10FFFF,
 * truncated sequences), a sequence split across validate() calls, decode()
 * byte by byte, the public attributes (read, written, deleted, given a
 * non-int / an out-of-range int) and the errors.
 */
#include "corpus.h"

static PyObject *cls;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static void validate_once(const char *bytes, Py_ssize_t n, const char *what)
{
    PyObject *v = keep(call(cls, NULL, "()"), what);
    if (v == NULL)
        return;
    record(call_attr(v, "validate", NULL, "(y#)", bytes, n), what);
    Py_DECREF(v);
}

static void test_validate(void)
{
    /* test_validate: "Hello-µ@ßöäüàá-UTF-8!!" */
    static const char hello[] = "Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!";
    PyObject *v = keep(call(cls, NULL, "()"), "Utf8Validator()");
    if (v == NULL)
        return;
    PyObject *want = Py_BuildValue("(OOii)", Py_True, Py_True, 29, 29);
    PyObject *got = call_attr(v, "validate", NULL, "(y#)", hello, (Py_ssize_t)(sizeof hello - 1));
    int eq = got && PyObject_RichCompareBool(got, want, Py_EQ) == 1;
    Py_DECREF(want);
    eq &= settle(0);
    tap(eq, "validate(case 6.2.1) == (True, True, 29, 29)");
    Py_DECREF(v);

    static const struct {
        const char *bytes;
        Py_ssize_t n;
        const char *what;
    } cases[] = {
        {"", 0, "empty"},
        {"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", 11, "6.2.x kosme"},
        {"\xf0\x90\x80\x80", 4, "U+10000"},
        {"\xf4\x8f\xbf\xbf", 4, "U+10FFFF"},
        {"\xf4\x90\x80\x80", 4, "U+110000"},
        {"\xed\xa0\x80", 3, "a surrogate U+D800"},
        {"\xc0\xaf", 2, "overlong /"},
        {"\xe0\x80\xaf", 3, "overlong / in three"},
        {"\xc2", 1, "a truncated two-byte sequence"},
        {"\xe2\x82", 2, "a truncated three-byte sequence"},
        {"abc\x80xyz", 7, "a lone continuation byte"},
        {"\xfe", 1, "0xFE"},
        {"\xff\xff", 2, "0xFF 0xFF"},
        {"\xef\xbf\xbe", 3, "U+FFFE"},
        {"\x00\x7f", 2, "NUL and DEL"},
        {"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80\x65\x64\x69\x74\x65\x64", 20, "6.4.x kosme then a surrogate"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        validate_once(cases[i].bytes, cases[i].n, cases[i].what);

    /* a sequence split across calls: state and totals carry on */
    v = keep(call(cls, NULL, "()"), "Utf8Validator() for split input");
    if (v == NULL)
        return;
    record(call_attr(v, "validate", NULL, "(y#)", "ab\xe2\x82", (Py_ssize_t)4), "validate(b'ab\\xe2\\x82')");
    rec(PyObject_GetAttrString(v, "state"), "... state");
    rec(PyObject_GetAttrString(v, "i"), "... i");
    record(call_attr(v, "validate", NULL, "(y#)", "\xac!", (Py_ssize_t)2), "validate(b'\\xac!')");
    record(call_attr(v, "validate", NULL, "(y#)", "\xff", (Py_ssize_t)1), "validate(b'\\xff')");
    rec(PyObject_GetAttrString(v, "state"), "... state after a reject");
    record(call_attr(v, "validate", NULL, "(y#)", "ok", (Py_ssize_t)2), "validate(b'ok') after a reject");
    expect_is(call_attr(v, "reset", NULL, "()"), Py_None, "reset()");
    rec(Py_BuildValue("(NNN)", PyObject_GetAttrString(v, "i"), PyObject_GetAttrString(v, "state"),
                      PyObject_GetAttrString(v, "codepoint")),
        "... (i, state, codepoint)");

    /* other buffers */
    PyObject *ba = PyByteArray_FromStringAndSize("\xc3\xa9t\xc3\xa9", 5);
    record(call_attr(v, "validate", NULL, "(O)", ba), "validate(bytearray('été'))");
    PyObject *mv = PyMemoryView_FromObject(ba);
    PyObject *sl = mv ? PySequence_GetSlice(mv, 1, 5) : NULL;
    record(sl ? call_attr(v, "validate", NULL, "(O)", sl) : NULL, "validate(memoryview[1:5])");
    Py_XDECREF(sl);
    Py_XDECREF(mv);
    Py_DECREF(ba);
    record(call_attr(v, "validate", NULL, "(s)", "text"), "validate('text')");
    record(call_attr(v, "validate", NULL, "(O)", Py_None), "validate(None)");
    record(call_attr(v, "validate", NULL, "()"), "validate()");
    record(call_attr(v, "validate", kw_dict("{s:y}", "buf", "x"), "()"), "validate(buf=b'x')");
    Py_DECREF(v);
}

static void test_decode(void)
{
    PyObject *v = keep(call(cls, NULL, "()"), "Utf8Validator() for decode");
    if (v == NULL)
        return;
    static const unsigned char euro[] = {0xe2, 0x82, 0xac};
    for (int i = 0; i < 3; i++) {
        char what[64];
        snprintf(what, sizeof what, "decode(0x%02x)", euro[i]);
        record(call_attr(v, "decode", NULL, "(i)", euro[i]), what);
    }
    rec(PyObject_GetAttrString(v, "codepoint"), "... codepoint == 0x20ac");
    record(call_attr(v, "decode", NULL, "(i)", 0xff), "decode(0xff)");
    /* (not 256 or -1: decode() indexes its table unchecked) */
    record(call_attr(v, "decode", NULL, "(s)", "a"), "decode('a')");
    record(call_attr(v, "decode", NULL, "(d)", 1.0), "decode(1.0)");

    /* the public attributes */
    PyObject *seven = PyLong_FromLong(7);
    int rc = PyObject_SetAttrString(v, "i", seven);
    Py_DECREF(seven);
    rec(rc == 0 ? PyObject_GetAttrString(v, "i") : NULL, "v.i = 7");
    PyObject *big = PyLong_FromString("4294967296", NULL, 10);
    rc = PyObject_SetAttrString(v, "state", big);
    Py_DECREF(big);
    rec(rc == 0 ? PyObject_GetAttrString(v, "state") : NULL, "v.state = 2**32");
    PyObject *text = PyUnicode_FromString("0");
    rc = PyObject_SetAttrString(v, "codepoint", text);
    Py_DECREF(text);
    rec(rc == 0 ? PyObject_GetAttrString(v, "codepoint") : NULL, "v.codepoint = '0'");
    rc = PyObject_DelAttrString(v, "i");
    rec(rc == 0 ? PyObject_GetAttrString(v, "i") : NULL, "del v.i");
    rc = PyObject_SetAttrString(v, "other", Py_None);
    rec(rc == 0 ? Py_NewRef(Py_None) : NULL, "v.other = None");
    Py_DECREF(v);

    rec(PyObject_GetAttrString(cls, "UTF8_ACCEPT"), "Utf8Validator.UTF8_ACCEPT");
    rec(PyObject_GetAttrString(cls, "UTF8_REJECT"), "Utf8Validator.UTF8_REJECT");
    rec(PyObject_GetAttrString(cls, "__module__"), "Utf8Validator.__module__");
    PyObject *doc = PyObject_GetAttrString(cls, "__doc__");
    rec(doc && PyUnicode_Check(doc) ? PyUnicode_Substring(doc, 0, 60) : doc, "Utf8Validator.__doc__[:60]");
    if (doc && PyUnicode_Check(doc))
        Py_DECREF(doc);
    record(call(cls, NULL, "(i)", 1), "Utf8Validator(1)");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    cls = attr(module, "Utf8Validator");
    test_validate();
    test_decode();
    Py_DECREF(cls);
}

CORPUS_MAIN("utf8validator", run)
