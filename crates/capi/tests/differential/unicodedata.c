/* Differential cases for the unicodedata module as C code reaches it
 * through PyImport_ImportModule("unicodedata") (Modules/unicodedata.c;
 * jellyfish's C extension calls its normalize), and for the
 * unicode_escape decoder's \N{name}, which goes through the module's
 * _ucnhash_CAPI capsule.
 *
 * Exhaustive parts print a digest per block of 0x1000 code points, one
 * line per group (properties, names and lookups, normal forms), so a
 * mismatch names its block and group:
 * - category, bidirectional, combining, east_asian_width, mirrored,
 *   decomposition, decimal, digit, numeric of every code point;
 * - name() of every code point, and lookup() of every name found;
 * - normalize() in all four forms of every code point (with whether the
 *   input itself came back) and is_normalized();
 * - every name alias and named sequence (through the capsule's getname)
 *   looked up as is and in lower case, in groups of 32;
 * - normalize()/is_normalized() of 24000 pseudo-random strings over
 *   characters that compose, decompose, reorder and block each other.
 * Then single cases: tricky strings, errors and messages, reference
 * counts, the capsule's getname/getcode and \N{...} in unicode_escape.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

static PyObject *mod;

/* CPython's _PyUnicode_Name_CAPI (Include/internal/pycore_ucnhash.h). */
typedef struct {
    int (*getname)(Py_UCS4 code, char *buffer, int buflen, int with_alias_and_seq);
    int (*getcode)(const char *name, int namelen, Py_UCS4 *code, int with_named_seq);
} name_capi;

/* ---- Digests ---- */

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s) { return fnv(h, s, strlen(s) + 1); }

/* Folds a result (stolen) into `h`: a str by its code points, an int, a
   float by %.17g, else its type; NULL by the error's type and message
   (cleared). */
static uint64_t fold(uint64_t h, PyObject *o) {
    char buf[64];
    if (o == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        h = fnv_str(h, t ? ((PyTypeObject *)t)->tp_name : "?");
        PyObject *s = v ? PyObject_Str(v) : NULL;
        if (s != NULL) {
            Py_ssize_t n = PyUnicode_GET_LENGTH(s);
            for (Py_ssize_t i = 0; i < n; i++) {
                Py_UCS4 c = PyUnicode_READ_CHAR(s, i);
                h = fnv(h, &c, sizeof c);
            }
        }
        PyErr_Clear();
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        return h;
    }
    h = fnv_str(h, Py_TYPE(o)->tp_name);
    if (PyUnicode_Check(o)) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(o);
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(o, i);
            h = fnv(h, &c, sizeof c);
        }
        h = fnv(h, &n, sizeof n);
    } else if (PyLong_Check(o)) {
        long v = PyLong_AsLong(o);
        h = fnv(h, &v, sizeof v);
    } else if (PyFloat_Check(o)) {
        snprintf(buf, sizeof buf, "%.17g", PyFloat_AsDouble(o));
        h = fnv_str(h, buf);
    }
    Py_DECREF(o);
    return h;
}

static PyObject *fn(const char *name) { return PyObject_GetAttrString(mod, name); }

static PyObject *call1(PyObject *f, PyObject *a) { return PyObject_CallOneArg(f, a); }

static PyObject *call2(PyObject *f, PyObject *a, PyObject *b) {
    PyObject *args[2] = {a, b};
    return PyObject_Vectorcall(f, args, 2, NULL);
}

static PyObject *ucs4(const Py_UCS4 *s, Py_ssize_t n) {
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, s, n);
}

/* ---- Single cases ---- */

/* mod.name(*args): args by Py_BuildValue(fmt, ...) (a tuple). */
static void case_call(const char *what, const char *name, const char *fmt, ...) {
    begin(what);
    PyObject *f = fn(name);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = (f && args) ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(f);
    obj_result(r);
    end();
}

/* normalize(form, s) and is_normalized(form, s) of a UCS4 string: the
   result, and whether it is the input itself. */
static void case_nf(const char *what, const char *form, const Py_UCS4 *s, Py_ssize_t n) {
    PyObject *in = ucs4(s, n);
    PyObject *f = fn("normalize"), *g = fn("is_normalized");
    PyObject *fo = PyUnicode_FromString(form);
    begin(what);
    watch(in);
    PyObject *r = call2(f, fo, in);
    if (r != NULL && r == in)
        put("(same object) ");
    obj_result(r);
    put(" is_normalized ");
    obj_result(call2(g, fo, in));
    end();
    Py_DECREF(in);
    Py_DECREF(f);
    Py_DECREF(g);
    Py_DECREF(fo);
}

static void all_forms(const char *what, const Py_UCS4 *s, Py_ssize_t n) {
    static const char *forms[] = {"NFC", "NFD", "NFKC", "NFKD"};
    char label[200];
    for (int i = 0; i < 4; i++) {
        snprintf(label, sizeof label, "%s %s", forms[i], what);
        case_nf(label, forms[i], s, n);
    }
}

static void case_escape(const char *what, const char *bytes, const char *errors) {
    begin(what);
    obj_result(PyUnicode_DecodeUnicodeEscape(bytes, (Py_ssize_t)strlen(bytes), errors));
    end();
}

/* ---- Exhaustive parts ---- */

static const char *prop_names[] = {"category", "bidirectional", "combining", "east_asian_width",
                                   "mirrored", "decomposition"};
static const char *value_names[] = {"decimal", "digit", "numeric"};
static const char *form_names[] = {"NFC", "NFD", "NFKC", "NFKD"};

static void every_code_point(void) {
    PyObject *props[6], *values[3], *forms[4];
    for (int i = 0; i < 6; i++)
        props[i] = fn(prop_names[i]);
    for (int i = 0; i < 3; i++)
        values[i] = fn(value_names[i]);
    for (int i = 0; i < 4; i++)
        forms[i] = PyUnicode_FromString(form_names[i]);
    PyObject *name = fn("name"), *lookup = fn("lookup"), *normalize = fn("normalize"),
             *is_normalized = fn("is_normalized");
    PyObject *none_default = PyLong_FromLong(-1);
    PyObject *empty = PyUnicode_FromString("");
    for (Py_UCS4 block = 0; block < 0x110000; block += 0x1000) {
        uint64_t hp = 14695981039346656037ULL, hn = hp, hf = hp;
        long named = 0, same = 0;
        for (Py_UCS4 c = block; c < block + 0x1000; c++) {
            PyObject *ch = PyUnicode_FromOrdinal((int)c);
            for (int i = 0; i < 6; i++)
                hp = fold(hp, call1(props[i], ch));
            for (int i = 0; i < 3; i++)
                hp = fold(hp, call2(values[i], ch, none_default));
            PyObject *nm = call2(name, ch, empty);
            if (nm != NULL && PyUnicode_GET_LENGTH(nm) > 0) {
                named++;
                PyObject *back = call1(lookup, nm);
                hn = fold(hn, back);
            }
            hn = fold(hn, nm);
            for (int i = 0; i < 4; i++) {
                PyObject *r = call2(normalize, forms[i], ch);
                if (r == ch) {
                    same++;
                    hf = fnv(hf, "=", 1);
                }
                hf = fold(hf, r);
                hf = fold(hf, call2(is_normalized, forms[i], ch));
            }
            Py_DECREF(ch);
        }
        printf("%d\tblock %05X properties\t%016llx\n", ++case_no, (unsigned)block,
               (unsigned long long)hp);
        printf("%d\tblock %05X names and lookups\t%ld named %016llx\n", ++case_no,
               (unsigned)block, named, (unsigned long long)hn);
        printf("%d\tblock %05X normal forms\t%ld same %016llx\n", ++case_no, (unsigned)block,
               same, (unsigned long long)hf);
    }
    for (int i = 0; i < 6; i++)
        Py_DECREF(props[i]);
    for (int i = 0; i < 3; i++)
        Py_DECREF(values[i]);
    for (int i = 0; i < 4; i++)
        Py_DECREF(forms[i]);
    Py_DECREF(name);
    Py_DECREF(lookup);
    Py_DECREF(normalize);
    Py_DECREF(is_normalized);
    Py_DECREF(none_default);
    Py_DECREF(empty);
}

/* The aliases (from U+F0000) and named sequences (from U+F0200), which
   only the capsule's getname lists, looked up as is and in lower case. */
static void aliases_and_sequences(name_capi *capi) {
    PyObject *lookup = fn("lookup");
    Py_UCS4 starts[2] = {0xF0000, 0xF0200};
    for (int k = 0; k < 2; k++) {
        char buf[300];
        int n = 0;
        uint64_t h = 14695981039346656037ULL;
        for (Py_UCS4 c = starts[k];; c++) {
            int found = capi->getname(c, buf, sizeof buf, 1);
            if (found) {
                h = fnv_str(h, buf);
                h = fold(h, PyObject_CallFunction(lookup, "s", buf));
                for (char *p = buf; *p; p++)
                    if (*p >= 'A' && *p <= 'Z')
                        *p += 32;
                h = fold(h, PyObject_CallFunction(lookup, "s", buf));
                h = fold(h, PyObject_CallFunction(lookup, "y", buf));
                Py_UCS4 code = 0;
                h = fnv(h, &(int){capi->getcode(buf, (int)strlen(buf), &code, 0)}, sizeof(int));
                h = fnv(h, &code, sizeof code);
                code = 0;
                h = fnv(h, &(int){capi->getcode(buf, (int)strlen(buf), &code, 1)}, sizeof(int));
                h = fnv(h, &code, sizeof code);
                h = fnv(h, &(int){capi->getname(c, buf, sizeof buf, 0)}, sizeof(int));
                n++;
            }
            if (!found || n % 32 == 0) {
                printf("%d\t%s up to %05X\t%d %016llx\n", ++case_no, k ? "named sequences" : "aliases",
                       (unsigned)c, n, (unsigned long long)h);
                h = 14695981039346656037ULL;
            }
            if (!found)
                break;
        }
    }
    Py_DECREF(lookup);
}

/* Pseudo-random strings over characters that interact in normalization. */
static const Py_UCS4 pool[] = {
    'a', 'e', 'o', 'u', 'A', 'E', 'O', 'U', 'i', 's', 'd', 'f', 'l',   /* bases */
    0x0300, 0x0301, 0x0302, 0x0303, 0x0308, 0x030A, 0x030C, 0x0323, 0x0327, 0x0328,
    0x0316, 0x031B, 0x0345, 0x0344, 0x0340, 0x0341, 0x0343, 0x034F, 0x05B0, 0x05B7,
    0x0591, 0x0F71, 0x0F72, 0x0F74, 0x0F80, 0x0F73, 0x0F75, 0x0F81, 0x0F40, 0x0FB5,
    0x0F42, 0x0FB7, 0x0F92, 0x093C, 0x0928, 0x0929, 0x09C7, 0x09BE, 0x09D7, 0x09CB,
    0x0B47, 0x0B3E, 0x0B56, 0x0B57, 0x0BC6, 0x0BBE, 0x0BD7, 0x0CC6, 0x0CC2, 0x0CD5,
    0x0DD9, 0x0DCF, 0x0DDF, 0x1025, 0x102E, 0x1B05, 0x1B35, 0x3099, 0x309A, 0x304B,
    0x30AB, 0x30CF, 0x309B, 0x309C, 0x1100, 0x1101, 0x1112, 0x1113, 0x1161, 0x1175,
    0x1176, 0x11A7, 0x11A8, 0x11C2, 0x11C3, 0xAC00, 0xAC01, 0xD7A3, 0xD7A4, 0x00C5,
    0x212B, 0x2126, 0x03A9, 0x1E0A, 0x1E0C, 0x1E9B, 0x00E9, 0x01D5, 0x1EA5, 0x0386,
    0x1F00, 0x1F80, 0x1FBF, 0x1FFE, 0x0390, 0x03D3, 0xFB01, 0x2460, 0x00BD, 0x00A0,
    0x2000, 0x3000, 0xFF21, 0x1D400, 0x2F800, 0xFA10, 0x0958, 0xFB1D, 0xFB2C, 0x00B8,
    0x110BA, 0x11099, 0x1109A, 0x11131, 0x11127, 0x1112E, 0x114B9, 0x114BA, 0x114BB,
    0x115B8, 0x115AF, 0x115BA, 0x11935, 0x11930, 0x11938, 0x0CBF, 0x0CC7, 0xD800, 0x10FFFF,
};

static void random_strings(void) {
    PyObject *normalize = fn("normalize"), *is_normalized = fn("is_normalized");
    PyObject *forms[4];
    for (int i = 0; i < 4; i++)
        forms[i] = PyUnicode_FromString(form_names[i]);
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    const size_t npool = sizeof pool / sizeof pool[0];
    for (int group = 0; group < 24; group++) {
        uint64_t h = 14695981039346656037ULL;
        long same = 0, normal = 0;
        for (int k = 0; k < 1000; k++) {
            Py_UCS4 s[10];
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            int n = 1 + (int)((state >> 33) % 10);
            for (int j = 0; j < n; j++) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                s[j] = pool[(state >> 33) % npool];
            }
            PyObject *in = ucs4(s, n);
            for (int i = 0; i < 4; i++) {
                PyObject *r = call2(normalize, forms[i], in);
                same += r == in;
                h = fold(h, r);
                PyObject *b = call2(is_normalized, forms[i], in);
                normal += b == Py_True;
                h = fold(h, b);
            }
            Py_DECREF(in);
        }
        printf("%d\trandom strings %d\t%ld same %ld normalized %016llx\n", ++case_no, group,
               same, normal, (unsigned long long)h);
    }
    for (int i = 0; i < 4; i++)
        Py_DECREF(forms[i]);
    Py_DECREF(normalize);
    Py_DECREF(is_normalized);
}

int main(void) {
    Py_Initialize();
    mod = PyImport_ImportModule("unicodedata");
    begin("import unicodedata");
    obj_result(mod ? Py_NewRef((PyObject *)Py_TYPE(mod)) : NULL);
    end();
    if (mod == NULL)
        return 1;
    PyObject *again = PyImport_ImportModule("unicodedata");
    begin("imported twice is the same module");
    obj_result(PyBool_FromLong(again == mod));
    end();
    Py_XDECREF(again);
    begin("unidata_version");
    obj_result(PyObject_GetAttrString(mod, "unidata_version"));
    end();
    name_capi *capi = PyCapsule_Import("unicodedata._ucnhash_CAPI", 0);
    begin("PyCapsule_Import unicodedata._ucnhash_CAPI");
    obj_result(PyBool_FromLong(capi != NULL));
    end();
    if (capi == NULL)
        return 1;

    /* ---- Properties, one by one ---- */
    case_call("category A", "category", "(s)", "A");
    case_call("category U+0378 (unassigned)", "category", "(C)", 0x378);
    case_call("category U+D800", "category", "(C)", 0xD800);
    case_call("category U+E000", "category", "(C)", 0xE000);
    case_call("category U+10FFFF", "category", "(C)", 0x10FFFF);
    case_call("bidirectional U+0661", "bidirectional", "(C)", 0x661);
    case_call("bidirectional U+0378", "bidirectional", "(C)", 0x378);
    case_call("combining U+0301", "combining", "(C)", 0x301);
    case_call("combining U+0345", "combining", "(C)", 0x345);
    case_call("east_asian_width U+4E00", "east_asian_width", "(C)", 0x4E00);
    case_call("east_asian_width U+FF61", "east_asian_width", "(C)", 0xFF61);
    case_call("mirrored (", "mirrored", "(s)", "(");
    case_call("decomposition U+00BC", "decomposition", "(C)", 0xBC);
    case_call("decomposition U+00C5", "decomposition", "(C)", 0xC5);
    case_call("decomposition U+AC00 (Hangul: none)", "decomposition", "(C)", 0xAC00);
    case_call("decomposition U+FDFA", "decomposition", "(C)", 0xFDFA);
    case_call("decomposition U+2F800", "decomposition", "(C)", 0x2F800);
    case_call("decimal 7", "decimal", "(s)", "7");
    case_call("decimal U+00B2", "decimal", "(C)", 0xB2);
    case_call("decimal U+00B2 default None", "decimal", "(CO)", 0xB2, Py_None);
    case_call("digit U+00B2", "digit", "(C)", 0xB2);
    case_call("digit U+2460", "digit", "(C)", 0x2460);
    case_call("digit x", "digit", "(s)", "x");
    case_call("numeric U+00BD", "numeric", "(C)", 0xBD);
    case_call("numeric U+5146", "numeric", "(C)", 0x5146);
    case_call("numeric U+216C", "numeric", "(C)", 0x216C);
    case_call("numeric x", "numeric", "(s)", "x");
    case_call("numeric x default 'd'", "numeric", "(ss)", "x", "d");

    /* ---- Names ---- */
    case_call("name A", "name", "(s)", "A");
    case_call("name U+AC00", "name", "(C)", 0xAC00);
    case_call("name U+D7A3", "name", "(C)", 0xD7A3);
    case_call("name U+AC01", "name", "(C)", 0xAC01);
    case_call("name U+4E00", "name", "(C)", 0x4E00);
    case_call("name U+9FFF", "name", "(C)", 0x9FFF);
    case_call("name U+3134A", "name", "(C)", 0x3134A);
    case_call("name U+3134B", "name", "(C)", 0x3134B);
    case_call("name U+17000 (Tangut: none)", "name", "(C)", 0x17000);
    case_call("name U+1B170", "name", "(C)", 0x1B170);
    case_call("name U+0000", "name", "(C)", 0);
    case_call("name U+0000 default None", "name", "(CO)", 0, Py_None);
    case_call("name U+F0000", "name", "(C)", 0xF0000);
    case_call("name U+FEFF", "name", "(C)", 0xFEFF);
    case_call("lookup LATIN SMALL LETTER A", "lookup", "(s)", "LATIN SMALL LETTER A");
    case_call("lookup latin small letter a", "lookup", "(s)", "latin small letter a");
    case_call("lookup LaTiN sMaLl LeTtEr A", "lookup", "(s)", "LaTiN sMaLl LeTtEr A");
    case_call("lookup bytes", "lookup", "(y)", "LATIN SMALL LETTER A");
    case_call("lookup HANGUL SYLLABLE GA", "lookup", "(s)", "HANGUL SYLLABLE GA");
    case_call("lookup HANGUL SYLLABLE GAG", "lookup", "(s)", "HANGUL SYLLABLE GAG");
    case_call("lookup HANGUL SYLLABLE A (IEUNG)", "lookup", "(s)", "HANGUL SYLLABLE A");
    case_call("lookup HANGUL SYLLABLE GGWAELH", "lookup", "(s)", "HANGUL SYLLABLE GGWAELH");
    case_call("lookup HANGUL SYLLABLE HIH", "lookup", "(s)", "HANGUL SYLLABLE HIH");
    case_call("lookup HANGUL SYLLABLE G", "lookup", "(s)", "HANGUL SYLLABLE G");
    case_call("lookup HANGUL SYLLABLE GAX", "lookup", "(s)", "HANGUL SYLLABLE GAX");
    case_call("lookup HANGUL SYLLABLE ", "lookup", "(s)", "HANGUL SYLLABLE ");
    case_call("lookup HANGUL SYLLABLE", "lookup", "(s)", "HANGUL SYLLABLE");
    case_call("lookup hangul syllable ga", "lookup", "(s)", "hangul syllable ga");
    case_call("lookup HANGUL SYLLABLE GA NUL", "lookup", "(y#)", "HANGUL SYLLABLE GA", (Py_ssize_t)19);
    case_call("lookup CJK UNIFIED IDEOGRAPH-4E00", "lookup", "(s)", "CJK UNIFIED IDEOGRAPH-4E00");
    case_call("lookup CJK UNIFIED IDEOGRAPH-20000", "lookup", "(s)", "CJK UNIFIED IDEOGRAPH-20000");
    case_call("lookup CJK UNIFIED IDEOGRAPH-04E00", "lookup", "(s)", "CJK UNIFIED IDEOGRAPH-04E00");
    case_call("lookup CJK UNIFIED IDEOGRAPH-4e00", "lookup", "(s)", "CJK UNIFIED IDEOGRAPH-4e00");
    case_call("lookup CJK UNIFIED IDEOGRAPH-A000", "lookup", "(s)", "CJK UNIFIED IDEOGRAPH-A000");
    case_call("lookup CJK UNIFIED IDEOGRAPH-", "lookup", "(s)", "CJK UNIFIED IDEOGRAPH-");
    case_call("lookup cjk unified ideograph-4e00", "lookup", "(s)", "cjk unified ideograph-4e00");
    case_call("lookup NULL (alias)", "lookup", "(s)", "NULL");
    case_call("lookup LATIN CAPITAL LETTER GHA (alias)", "lookup", "(s)", "LATIN CAPITAL LETTER GHA");
    case_call("lookup BYTE ORDER MARK (alias)", "lookup", "(s)", "BYTE ORDER MARK");
    case_call("lookup KEYCAP NUMBER SIGN (sequence)", "lookup", "(s)", "KEYCAP NUMBER SIGN");
    case_call("lookup LATIN CAPITAL LETTER A WITH MACRON AND GRAVE", "lookup", "(s)",
              "LATIN CAPITAL LETTER A WITH MACRON AND GRAVE");
    case_call("lookup TAMIL SYLLABLE SSSSI? (unknown)", "lookup", "(s)", "TAMIL SYLLABLE SSSSI");
    case_call("lookup empty", "lookup", "(s)", "");
    case_call("lookup with embedded NUL", "lookup", "(y#)", "LATIN SMALL LETTER A\0B", (Py_ssize_t)22);
    case_call("lookup non-ASCII", "lookup", "(s)", "LATIN SMALL LETTER \xc3\x85");
    case_call("lookup invalid UTF-8 bytes", "lookup", "(y)", "A\xff\xfe B");
    {
        char longname[300];
        memset(longname, 'X', sizeof longname);
        longname[256] = '\0';
        case_call("lookup 256 characters", "lookup", "(s)", longname);
        longname[256] = 'X';
        longname[257] = '\0';
        case_call("lookup 257 characters", "lookup", "(s)", longname);
    }
    case_call("lookup int", "lookup", "(i)", 5);
    case_call("lookup None", "lookup", "(O)", Py_None);
    {
        PyObject *ba = PyByteArray_FromStringAndSize("NULL", 4);
        case_call("lookup bytearray", "lookup", "(O)", ba);
        PyObject *mv = PyMemoryView_FromObject(ba);
        case_call("lookup memoryview", "lookup", "(O)", mv);
        Py_XDECREF(mv);
        Py_XDECREF(ba);
    }
    case_call("lookup lone surrogate", "lookup", "(O)", PyUnicode_FromOrdinal(0xDC80));

    /* ---- Argument errors ---- */
    case_call("category 'ab'", "category", "(s)", "ab");
    case_call("category ''", "category", "(s)", "");
    case_call("category 1", "category", "(i)", 1);
    case_call("category b'a'", "category", "(y)", "a");
    case_call("category no argument", "category", "()");
    case_call("category two arguments", "category", "(ss)", "a", "b");
    case_call("bidirectional 'ab'", "bidirectional", "(s)", "ab");
    case_call("combining None", "combining", "(O)", Py_None);
    case_call("mirrored 'ab'", "mirrored", "(s)", "ab");
    case_call("east_asian_width ''", "east_asian_width", "(s)", "");
    case_call("decomposition 'ab'", "decomposition", "(s)", "ab");
    case_call("decimal 'ab'", "decimal", "(s)", "ab");
    case_call("decimal no argument", "decimal", "()");
    case_call("decimal three arguments", "decimal", "(sii)", "a", 1, 2);
    case_call("digit 1", "digit", "(i)", 1);
    case_call("numeric 'ab'", "numeric", "(s)", "ab");
    case_call("name 'ab'", "name", "(s)", "ab");
    case_call("name no argument", "name", "()");
    case_call("lookup no argument", "lookup", "()");
    case_call("lookup two arguments", "lookup", "(ss)", "a", "b");
    case_call("normalize one argument", "normalize", "(s)", "NFC");
    case_call("normalize three arguments", "normalize", "(sss)", "NFC", "a", "b");
    case_call("normalize form bytes", "normalize", "(ys)", "NFC", "a");
    case_call("normalize input int", "normalize", "(si)", "NFC", 1);
    case_call("normalize form 'nfc'", "normalize", "(ss)", "nfc", "\xc3\xa9");
    case_call("normalize form 'NFX'", "normalize", "(ss)", "NFX", "\xc3\xa9");
    case_call("normalize form 'NFX' ASCII input", "normalize", "(ss)", "NFX", "abc");
    case_call("normalize form 'NFX' empty input", "normalize", "(ss)", "NFX", "");
    case_call("normalize form 'NFC ' ", "normalize", "(ss)", "NFC ", "a");
    case_call("is_normalized form 'NFX'", "is_normalized", "(ss)", "NFX", "a");
    case_call("is_normalized form 'NFX' empty input", "is_normalized", "(ss)", "NFX", "");
    case_call("is_normalized form int", "is_normalized", "(is)", 1, "a");
    case_call("is_normalized input bytes", "is_normalized", "(sy)", "NFC", "a");
    case_call("is_normalized one argument", "is_normalized", "(s)", "NFC");
    {
        /* Keywords are refused (positional-only). */
        begin("normalize with keywords");
        PyObject *f = fn("normalize");
        PyObject *args = Py_BuildValue("(s)", "NFC");
        PyObject *kw = Py_BuildValue("{s:s}", "unistr", "a");
        obj_result(PyObject_Call(f, args, kw));
        end();
        Py_DECREF(f);
        Py_DECREF(args);
        Py_DECREF(kw);
    }

    /* ---- Reference counts ---- */
    {
        PyObject *f = fn("name");
        PyObject *ch = PyUnicode_FromOrdinal(0x378);
        PyObject *dflt = PyList_New(0);
        begin("name(U+0378, default list) returns the default");
        watch(dflt);
        watch(ch);
        PyObject *r = call2(f, ch, dflt);
        put("same object %d ", r == dflt);
        obj_result(r);
        end();
        Py_DECREF(f);
        f = fn("decimal");
        begin("decimal(U+0378, default list) returns the default");
        watch(dflt);
        r = call2(f, ch, dflt);
        put("same object %d ", r == dflt);
        obj_result(r);
        end();
        Py_DECREF(f);
        Py_DECREF(ch);
        Py_DECREF(dflt);
    }
    {
        static const Py_UCS4 ascii[] = {'a', 'b', 'c'};
        static const Py_UCS4 nfc_yes[] = {0xE9, 0x4E00, 0xAC00};
        static const Py_UCS4 maybe[] = {'e', 0x301};
        static const Py_UCS4 composed_already[] = {0xE9, 0x300};
        all_forms("ASCII", ascii, 3);
        all_forms("precomposed, CJK, Hangul", nfc_yes, 3);
        all_forms("e + acute", maybe, 2);
        all_forms("e-acute + grave (MAYBE, unchanged)", composed_already, 2);
        case_nf("NFC empty", "NFC", ascii, 0);
    }

    /* ---- Tricky strings ---- */
    {
        static const Py_UCS4 s1[] = {'a', 0x301, 0x316};            /* reordering */
        static const Py_UCS4 s2[] = {'a', 0x316, 0x301};
        static const Py_UCS4 s3[] = {0x1100, 0x1161, 0x11A8};         /* L V T */
        static const Py_UCS4 s4[] = {0x1100, 0x1161, 0x11A7};         /* T base is no T */
        static const Py_UCS4 s5[] = {0xAC00, 0x11A8};                 /* LV + T */
        static const Py_UCS4 s6[] = {0x1100, 0x301, 0x1161};          /* blocked */
        static const Py_UCS4 s7[] = {0x212B, 0x2126, 0x1E9B, 0x323};  /* singletons */
        static const Py_UCS4 s8[] = {0x308, 0x301};                   /* non-starter decomposition */
        static const Py_UCS4 s9[] = {0x344, 'a'};
        static const Py_UCS4 s10[] = {0x0F71, 0x0F72, 0x0F74};        /* Tibetan */
        static const Py_UCS4 s11[] = {0x0915, 0x093C};                /* excluded composite */
        static const Py_UCS4 s12[] = {'e', 0x302, 0x323, 0x301};
        static const Py_UCS4 s13[] = {'e', 0x323, 0x302, 0x301};
        static const Py_UCS4 s14[] = {0x09C7, 0x09BE};                /* starter + starter */
        static const Py_UCS4 s15[] = {0x1025, 0x102E};
        static const Py_UCS4 s16[] = {0xFDFA};                        /* long compat decomposition */
        static const Py_UCS4 s17[] = {0x1D15E, 0x1D160};              /* musical symbols */
        static const Py_UCS4 s18[] = {0x3300, 0xFB01, 0x2460, 0x00BD};
        static const Py_UCS4 s19[] = {0x05D0, 0x05B7, 0x0591, 0x05B0, 0x05BC};
        static const Py_UCS4 s20[] = {0xD800, 0x301, 'a', 0xDFFF};
        static const Py_UCS4 s21[] = {'A', 0x30A, 0x30A, 0x301};
        static const Py_UCS4 s22[] = {0x1100, 0x1161, 0x11A8, 0x1161};
        static const Py_UCS4 s23[] = {0x110B, 0x1175, 0x11C2, 0x11C3};
        static const Py_UCS4 s24[] = {0x301, 0x300, 'a', 0x300};
        all_forms("a acute dot-below", s1, 3);
        all_forms("a dot-below acute", s2, 3);
        all_forms("Hangul L V T", s3, 3);
        all_forms("Hangul L V TBase", s4, 3);
        all_forms("Hangul LV + T", s5, 2);
        all_forms("Hangul L mark V", s6, 3);
        all_forms("singletons", s7, 4);
        all_forms("diaeresis acute", s8, 2);
        all_forms("U+0344 a", s9, 2);
        all_forms("Tibetan vowels", s10, 3);
        all_forms("ka nukta", s11, 2);
        all_forms("e circumflex dot-below acute", s12, 4);
        all_forms("e dot-below circumflex acute", s13, 4);
        all_forms("Bengali o", s14, 2);
        all_forms("Myanmar uu", s15, 2);
        all_forms("U+FDFA", s16, 1);
        all_forms("musical symbols", s17, 2);
        all_forms("compatibility mix", s18, 4);
        all_forms("Hebrew points", s19, 5);
        all_forms("surrogates and marks", s20, 4);
        all_forms("A ring ring acute", s21, 4);
        all_forms("Hangul LVT V", s22, 4);
        all_forms("Hangul LV T T", s23, 4);
        all_forms("leading marks", s24, 4);
    }

    /* ---- The capsule ---- */
    {
        char buf[64];
        int sizes[] = {0, 22, 23, 26, 27, 28};
        Py_UCS4 codes[] = {'A', 0xAC00, 0x4E00, 0x378, 0xF0000, 0xF0200, 0x110000};
        for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
            for (size_t j = 0; j < sizeof sizes / sizeof sizes[0]; j++)
                for (int alias = 0; alias < 2; alias++) {
                    char what[100];
                    memset(buf, 0, sizeof buf);
                    snprintf(what, sizeof what, "getname U+%04X buflen %d with_alias %d",
                             (unsigned)codes[i], sizes[j], alias);
                    begin(what);
                    int r = capi->getname(codes[i], buf, sizes[j], alias);
                    put("-> %d '%s'", r, r ? buf : "");
                    end();
                }
        const char *names[] = {"LATIN SMALL LETTER A", "latin small letter a", "NULL",
                               "KEYCAP NUMBER SIGN", "HANGUL SYLLABLE GAG",
                               "CJK UNIFIED IDEOGRAPH-4E00", "NO SUCH NAME", ""};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            for (int seq = 0; seq < 2; seq++) {
                char what[100];
                snprintf(what, sizeof what, "getcode '%s' with_named_seq %d", names[i], seq);
                begin(what);
                Py_UCS4 code = 0xFFFFFFFF;
                int r = capi->getcode(names[i], (int)strlen(names[i]), &code, seq);
                put("-> %d %X", r, r ? (unsigned)code : 0u);
                end();
            }
        begin("getcode of a prefix (namelen shorter than the string)");
        Py_UCS4 code = 0;
        int r = capi->getcode("LATIN SMALL LETTER AB", 20, &code, 0);
        put("-> %d %X", r, r ? (unsigned)code : 0u);
        end();
    }

    /* ---- \N{...} in unicode_escape ---- */
    case_escape("\\N{LATIN SMALL LETTER A}", "x\\N{LATIN SMALL LETTER A}y", NULL);
    case_escape("\\N{latin small letter a}", "\\N{latin small letter a}", NULL);
    case_escape("\\N{HANGUL SYLLABLE GAG}", "\\N{HANGUL SYLLABLE GAG}", NULL);
    case_escape("\\N{CJK UNIFIED IDEOGRAPH-20000}", "\\N{CJK UNIFIED IDEOGRAPH-20000}", NULL);
    case_escape("\\N{NULL} (alias)", "\\N{NULL}", NULL);
    case_escape("\\N{KEYCAP NUMBER SIGN} (sequence)", "\\N{KEYCAP NUMBER SIGN}", NULL);
    case_escape("\\N{NO SUCH}", "ab\\N{NO SUCH}cd", NULL);
    case_escape("\\N{NO SUCH} replace", "ab\\N{NO SUCH}cd", "replace");
    case_escape("\\N{NO SUCH} ignore", "ab\\N{NO SUCH}cd", "ignore");
    case_escape("\\N{NO SUCH} backslashreplace", "ab\\N{NO SUCH}cd", "backslashreplace");
    case_escape("\\N{}", "ab\\N{}cd", NULL);
    case_escape("\\N{} replace", "ab\\N{}cd", "replace");
    case_escape("\\N without brace", "ab\\Nxcd", NULL);
    case_escape("\\N without brace replace", "ab\\Nxcd", "replace");
    case_escape("\\N at end", "ab\\N", NULL);
    case_escape("\\N at end replace", "ab\\N", "replace");
    case_escape("\\N{ unterminated", "ab\\N{LATIN", NULL);
    case_escape("\\N{ unterminated replace", "ab\\N{LATIN", "replace");
    case_escape("\\N{ with nested {", "\\N{{LATIN SMALL LETTER A}", NULL);
    case_escape("two \\N escapes", "\\N{DIGIT ONE}\\N{DIGIT TWO}", NULL);
    case_escape("raw escape keeps \\N", "\\N{DIGIT ONE}", NULL);
    begin("raw_unicode_escape keeps \\N");
    obj_result(PyUnicode_DecodeRawUnicodeEscape("\\N{DIGIT ONE}", 13, NULL));
    end();

    /* ---- Exhaustive parts ---- */
    aliases_and_sequences(capi);
    random_strings();
    every_code_point();

    Py_DECREF(mod);
    return 0;
}
