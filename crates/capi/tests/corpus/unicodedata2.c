/* unicodedata2 15.1.0: CPython's unicodedata module with Unicode 15.1's
 * tables, Argument Clinic glue and all (METH_O and fastcall functions
 * through _PyArg_CheckPositional / _PyArg_BadArgument, PyUnicode_READ_CHAR
 * of one-character str) and the UCD type with its ucd_3_2_0 instance. It
 * includes internal/pycore_ucnhash.h (defining Py_BUILD_CORE) for the name
 * database struct, though it exports no capsule of its own.
 *
 * Vectors: tests/test_unicodedata2.py -- test_function_checksum (every
 * code point's ten properties, joined as the test joins them; the digest
 * here is FNV-1a, as the sandbox has no hashlib, and is recorded), the
 * inverse name lookup over every code point, and the digit / numeric /
 * decimal / category / bidirectional / decomposition / mirrored /
 * combining / normalize / east_asian_width cases with their errors.
 */
#include "corpus.h"

static PyObject *db;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    PyErr_Clear();
    tap(1, what);
}

/* db.<fn>(*args) through the driver's call checks, recorded. */
static void R(const char *fn, const char *fmt, const char *what, ...)
{
    PyObject *f = attr(db, fn);
    va_list va;
    va_start(va, what);
    begin_call(NULL);
    PyObject *r = vcall(f, NULL, fmt, va);
    va_end(va);
    record(r, what);
    Py_DECREF(f);
}

static unsigned long long fnv_add(unsigned long long h, PyObject *s)
{
    Py_ssize_t n;
    const char *p = s ? PyUnicode_AsUTF8AndSize(s, &n) : NULL;
    if (p == NULL) {
        PyErr_Clear();
        p = "<error>";
        n = 7;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void test_function_checksum(void)
{
    static const char *const fns[] = {"digit",         "numeric",  "decimal",   "category",         "bidirectional",
                                      "decomposition", "mirrored", "combining", "east_asian_width", "name"};
    PyObject *f[10];
    for (int k = 0; k < 10; k++)
        f[k] = attr(db, fns[k]);
    PyObject *minus1 = PyLong_FromLong(-1), *empty = PyUnicode_FromString(""), *spec = PyUnicode_FromString(".12g");
    unsigned long long h = 0xcbf29ce484222325ULL;
    long errors = 0;
    for (int i = 0; i <= 0x10FFFF; i++) {
        PyObject *ch = PyUnicode_FromOrdinal(i);
        for (int k = 0; k < 10; k++) {
            PyObject *r;
            if (k < 3)
                r = PyObject_CallFunctionObjArgs(f[k], ch, minus1, NULL);
            else if (k == 9)
                r = PyObject_CallFunctionObjArgs(f[k], ch, empty, NULL);
            else
                r = PyObject_CallOneArg(f[k], ch);
            if (r == NULL) {
                errors++;
                PyErr_Clear();
                continue;
            }
            PyObject *s = k < 3 ? PyObject_Format(r, spec) : PyObject_Str(r);
            h = fnv_add(h, s);
            Py_XDECREF(s);
            Py_DECREF(r);
        }
        Py_DECREF(ch);
    }
    char digest[64];
    snprintf(digest, sizeof digest, "%016llx, %ld errors", h, errors);
    rec(PyUnicode_FromString(digest), "test_function_checksum: FNV-1a of every code point's properties");
    expect_true(errors == 0, "... with no call raising");
    Py_DECREF(minus1);
    Py_DECREF(empty);
    Py_DECREF(spec);
    for (int k = 0; k < 10; k++)
        Py_DECREF(f[k]);
}

static void test_name_inverse_lookup(void)
{
    PyObject *name = attr(db, "name"), *lookup = attr(db, "lookup");
    long named = 0, bad = 0;
    for (int i = 0; i <= 0x10FFFF; i++) {
        PyObject *ch = PyUnicode_FromOrdinal(i);
        PyObject *n = PyObject_CallFunctionObjArgs(name, ch, Py_None, NULL);
        if (n != NULL && n != Py_None) {
            named++;
            PyObject *back = PyObject_CallOneArg(lookup, n);
            if (back == NULL || PyUnicode_Compare(back, ch) != 0)
                bad++;
            Py_XDECREF(back);
        }
        PyErr_Clear();
        Py_XDECREF(n);
        Py_DECREF(ch);
    }
    char what[96];
    snprintf(what, sizeof what, "%ld named code points, %ld not found back", named, bad);
    rec(PyUnicode_FromString(what), "test_name_inverse_lookup");
    expect_true(bad == 0 && named > 100000, "... every name looks up its character");
    Py_DECREF(name);
    Py_DECREF(lookup);
}

static void test_properties(void)
{
    R("digit", "(sO)", "digit('A', None)", "A", Py_None);
    R("digit", "(s)", "digit('9')", "9");
    R("digit", "(sO)", "digit('\\u215b', None)", "\xe2\x85\x9b", Py_None);
    R("digit", "(s)", "digit('\\u2468')", "\xe2\x91\xa8");
    R("digit", "(s)", "digit('\\U0001D7FD')", "\xf0\x9d\x9f\xbd");
    R("digit", "(s)", "digit('A')", "A");
    R("digit", "(s)", "digit('xx')", "xx");
    R("digit", "()", "digit()");
    R("digit", "(y)", "digit(b'9')", "9");
    R("numeric", "(s)", "numeric('\\u215b')", "\xe2\x85\x9b");
    R("numeric", "(s)", "numeric('\\ua627')", "\xea\x98\xa7");
    R("numeric", "(s)", "numeric('\\U0001012A')", "\xf0\x90\x84\xaa");
    R("numeric", "(s)", "numeric('A')", "A");
    R("numeric", "(sss)", "numeric('a', 'b', 'c')", "a", "b", "c");
    R("decimal", "(s)", "decimal('\\U0001D7FD')", "\xf0\x9d\x9f\xbd");
    R("decimal", "(s)", "decimal('\\u2468')", "\xe2\x91\xa8");
    R("category", "(s)", "category('\\uFFFE')", "\xef\xbf\xbe");
    R("category", "(s)", "category('\\U0001012A')", "\xf0\x90\x84\xaa");
    R("category", "(s)", "category('\\U00020000')", "\xf0\xa0\x80\x80");
    R("category", "(i)", "category(1)", 1);
    R("bidirectional", "(s)", "bidirectional(' ')", " ");
    R("bidirectional", "(s)", "bidirectional('\\uFFFE')", "\xef\xbf\xbe");
    R("decomposition", "(s)", "decomposition('\\u00bc')", "\xc2\xbc");
    R("decomposition", "(s)", "decomposition('\\uAC00')", "\xea\xb0\x80");
    R("mirrored", "(s)", "mirrored('\\u2201')", "\xe2\x88\x81");
    R("combining", "(s)", "combining('\\u20e1')", "\xe2\x83\xa1");
    R("name", "(s)", "name('\\uAC00')", "\xea\xb0\x80");
    R("name", "(s)", "name('\\u4E00')", "\xe4\xb8\x80");
    R("name", "(s)", "name('\\uFFFE')", "\xef\xbf\xbe");
    R("lookup", "(s)", "lookup('LATIN SMALL LETTER A')", "LATIN SMALL LETTER A");
    R("lookup", "(s)", "lookup('latin small letter a')", "latin small letter a");
    R("lookup", "(s)", "lookup('HANGUL SYLLABLE GAG')", "HANGUL SYLLABLE GAG");
    R("lookup", "(s)", "lookup('CJK UNIFIED IDEOGRAPH-4E00')", "CJK UNIFIED IDEOGRAPH-4E00");
    R("lookup", "(s)", "lookup('LATIN CAPITAL LETTER GHA'): an alias", "LATIN CAPITAL LETTER GHA");
    R("lookup", "(s)", "lookup('KEYCAP NUMBER SIGN'): a named sequence", "KEYCAP NUMBER SIGN");
    R("lookup", "(s)", "lookup('NO SUCH NAME')", "NO SUCH NAME");
    R("lookup", "(y)", "lookup(b'LATIN SMALL LETTER B')", "LATIN SMALL LETTER B");
    R("normalize", "()", "normalize()");
    R("normalize", "(ss)", "normalize('unknown', 'xx')", "unknown", "xx");
    R("normalize", "(ss)", "normalize('NFKC', '')", "NFKC", "");
    static const char *const pr29[] = {
        "\xe0\xad\x87\xcc\x80\xe0\xac\xbe", "\xe1\x84\x80\xcc\x80\xe1\x85\xa1", "Li\xcc\x8dt-s\xe1\xb9\xb3\xcc\x81",
        "\xe0\xa4\xae\xe0\xa4\xbe\xe0\xa4\xb0\xe0\xa5\x8d\xe0\xa4\x95 \xe0\xa4\x9c\xe0\xa4\xbc\xe0\xa5\x81\xe0\xa4\x95"
        "\xe0\xa5\x87\xe0\xa4\xb0\xe0\xa4\xac\xe0\xa4\xb0\xe0\xa5\x8d\xe0\xa4\x97"};
    for (int i = 0; i < 4; i++) {
        char what[48];
        snprintf(what, sizeof what, "test_pr29: normalize('NFC', text %d)", i);
        R("normalize", "(ss)", what, "NFC", pr29[i]);
    }
    PyObject *a = PyUnicode_FromString("");
    for (int i = 0; i < 20; i++)
        PyUnicode_AppendAndDel(&a, PyUnicode_FromString("C\xcc\xb8"));
    PyUnicode_AppendAndDel(&a, PyUnicode_FromString("C\xcc\xa7"));
    R("normalize", "(sO)", "test_issue10254", "NFC", a);
    Py_DECREF(a);
    R("normalize", "(ss)", "test_issue29456: u1176", "NFC", "\xe1\x84\x80\xe1\x85\xb6\xe1\x86\xa8");
    R("normalize", "(ss)", "test_issue29456: u11a7", "NFC", "\xe1\x84\x80\xe1\x85\xb5\xe1\x86\xa7");
    R("normalize", "(ss)", "test_issue29456: u11c3", "NFC", "\xe1\x84\x80\xe1\x85\xb5\xe1\x87\x83");
    static const char *const forms[] = {"NFC", "NFD", "NFKC", "NFKD"};
    for (int i = 0; i < 4; i++) {
        char what[64];
        snprintf(what, sizeof what, "normalize('%s', mixed text)", forms[i]);
        R("normalize", "(ss)", what, forms[i], "\xef\xac\x81 \xe2\x84\xab \xea\xb0\x80 e\xcc\x81 \xc3\x85 \xe2\x91\xa0");
    }
    R("normalize", "(sy)", "normalize('NFC', b'x')", "NFC", "x");

    R("east_asian_width", "(y)", "east_asian_width(b'a')", "a");
    R("east_asian_width", "(s)", "east_asian_width('')", "");
    R("east_asian_width", "(s)", "east_asian_width('ra')", "ra");
    static const char *const eaw[] = {"\x1e", "\x20", "\xec\xa2\x94", "\xef\xbd\xa6", "\xef\xbc\x9f", "\xe2\x80\x90",
                                      "\xf0\xa0\x80\x80", "\xd4\xb0", "\xef\xa9\xae", "\xee\x80\x80", "\xf4\x80\x80\x80"};
    for (int i = 0; i < 11; i++) {
        char what[48];
        snprintf(what, sizeof what, "east_asian_width(vector %d)", i);
        R("east_asian_width", "(s)", what, eaw[i]);
    }
    PyObject *old = attr(db, "ucd_3_2_0");
    PyObject *r = PyObject_CallMethod(old, "east_asian_width", "s", "\xe2\x8c\x9a");
    rec(r, "test_east_asian_width_9_0_changes: ucd_3_2_0.east_asian_width('\\u231a')");
    R("east_asian_width", "(s)", "east_asian_width('\\u231a')", "\xe2\x8c\x9a");
    rec(PyObject_GetAttrString(old, "unidata_version"), "ucd_3_2_0.unidata_version");
    rec(PyObject_CallMethod(old, "name", "s", "\xf0\x9f\x98\x80"), "ucd_3_2_0.name('\\U0001F600')");
    rec(PyObject_CallMethod(old, "normalize", "ss", "NFC", "\xe1\x84\x80\xe1\x85\xb5\xe1\x86\xa7"),
        "ucd_3_2_0.normalize('NFC', u11a7)");
    rec(PyUnicode_FromString(Py_TYPE(old)->tp_name), "type(ucd_3_2_0)");
    Py_DECREF(old);
    rec(PyObject_GetAttrString(db, "unidata_version"), "unidata_version");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    db = module;
    test_properties();
    test_function_checksum();
    test_name_inverse_lookup();
}

CORPUS_MAIN("unicodedata2", run)
