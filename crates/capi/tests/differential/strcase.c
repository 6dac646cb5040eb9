/* Differential cases for the str methods over Unicode data and padding:
 * lower, upper, casefold, capitalize, swapcase, title (full mappings, the
 * final-sigma rule, title-case digraphs), the predicates isalpha ...
 * isidentifier, center/ljust/rjust/zfill/expandtabs, removeprefix/
 * removesuffix, maketrans and translate, each with its argument errors
 * (Argument Clinic's messages); every case method over every block of 64
 * code points (a hash per block); and sizes chosen to exhaust memory,
 * which must raise as CPython does (MemoryError, OverflowError), never
 * abort. Padding widths near PY_SSIZE_T_MAX, tab sizes past INT_MAX.
 *
 * Compiled twice, against CPython 3.11 and against pybuffer; each build
 * prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

/* A str from UTF-8 (surrogates as \ud800 escapes are not needed here). */
static PyObject *S(const char *utf8) { return PyUnicode_FromString(utf8); }

/* One method call by name on a fresh str; the case owns what it makes. */
static void call(const char *label, const char *text, const char *name, const char *fmt, ...)
{
    PyObject *s = S(text);
    PyObject *meth = PyObject_GetAttrString(s, name);
    PyObject *r = NULL;
    if (meth != NULL) {
        va_list va;
        va_start(va, fmt);
        PyObject *args = fmt ? Py_VaBuildValue(fmt, va) : PyTuple_New(0);
        va_end(va);
        if (args != NULL && !PyTuple_Check(args)) {
            PyObject *t = PyTuple_Pack(1, args);
            Py_DECREF(args);
            args = t;
        }
        r = args ? PyObject_Call(meth, args, NULL) : NULL;
        Py_XDECREF(args);
        Py_DECREF(meth);
    }
    char what[256];
    snprintf(what, sizeof what, "%s.%s%s", label, name, fmt ? "(...)" : "()");
    show(what, r);
    Py_DECREF(s);
}

static const char *const texts[] = {
    "", "hello world", "Hello World", "HELLO", "hELLO wORLD", "hello_world42", "_private", "42abc",
    "\xc3\x9f" /* ß */, "stra\xc3\x9f" "e", "\xef\xac\x81" "sh" /* ﬁ */, "\xc4\xb0stanbul" /* İ */,
    "\xce\xa3" /* Σ */, "\xce\x9f\xce\x94\xce\x9f\xce\xa3" /* ΟΔΟΣ */, "\xce\x9f\xce\x94\xce\x9f\xce\xa3 x",
    "A\xce\xa3" "b", "A\xce\xa3'", "A'\xce\xa3'", "\xce\xa3\xce\xa3", "a\xcc\x81\xce\xa3" /* á with combining */,
    "\xc7\x85" "a" /* ǅ */, "\xc7\x84\xc7\x86", "\xe1\xbe\x88" /* ᾈ */, "\xe1\xbe\xb3\xe1\xbe\xbc",
    "\xc5\x89" /* ŉ */, "\xc7\xb0\xcc\x8c", "\xe1\xba\x9e" /* ẞ */, "\xe1\x8f\xb8\xe1\x8e\xa0" /* Cherokee */,
    "\xe1\x83\x90\xe1\xb2\x90" /* Georgian */, "\xf0\x90\x90\x80\xf0\x90\x90\xa8" /* Deseret */,
    "\xd9\xa0\xd9\xa1\xd9\xa2" /* Arabic-Indic digits */, "\xc2\xb2\xc2\xb3" /* ²³ */, "\xc2\xbd" /* ½ */,
    "\xe2\x85\xab" /* Ⅻ */, "\xe4\xb8\x80\xe4\xba\x8c" /* 一二 */, "\xe2\x91\xa0" /* ① */,
    "  \t\n\x0b\x0c\r\x1c", "\xe2\x80\xa8\xc2\x85\xe3\x80\x80", "a\xe2\x80\x8b" "b" /* zero width */,
    "\xf0\x9f\x98\x80 smile", "x\xcc\xa7" "y", "\xc2\xaa\xc2\xba", "\xca\xb0" /* ʰ */, "abc\x7f",
    "\xe2\x84\xaa" /* Kelvin */, "\xe2\x84\xa6", "\xef\xbd\x81\xef\xbc\xa1" /* fullwidth */,
    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "der Stra\xc3\x9f" "e m\xc3\xbc\xc3\x9f" "en",
    "they're bill's friends", "1st 2nd", "a1b2", "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87",
    "\xf0\x9d\x90\x80\xf0\x9d\x9f\x8e" /* math bold A, 0 */, "\xe2\x81\xb0\xe2\x82\x81", "\xe2\x93\x90",
};

static const char *const case_methods[] = {"lower", "upper", "casefold", "capitalize", "swapcase", "title"};
static const char *const predicates[] = {"isalpha", "isalnum", "isdecimal", "isdigit", "isnumeric",
                                         "islower", "isupper", "istitle", "isspace", "isascii",
                                         "isprintable", "isidentifier"};

static void text_cases(void)
{
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        char label[16];
        snprintf(label, sizeof label, "texts[%zu]", t);
        for (size_t m = 0; m < sizeof case_methods / sizeof *case_methods; m++)
            call(label, texts[t], case_methods[m], NULL);
        for (size_t m = 0; m < sizeof predicates / sizeof *predicates; m++)
            call(label, texts[t], predicates[m], NULL);
    }
}

/* Every case method over each block of 64 code points (surrogates
   included), the results hashed: the whole Unicode range in 17408 cases
   would be too many lines, so one line per method per 4096 code points
   holds the hash of its 64 blocks' results. */
static void sweep_cases(void)
{
    for (size_t m = 0; m < sizeof case_methods / sizeof *case_methods; m++) {
        for (Py_UCS4 base = 0; base < 0x110000; base += 4096) {
            unsigned long long h = 0xcbf29ce484222325ULL;
            int failed = 0;
            for (Py_UCS4 blk = base; blk < base + 4096; blk += 64) {
                Py_UCS4 cps[66];
                /* A cased letter before and after, so sigma and title
                   rules see context. */
                cps[0] = 'A';
                for (int i = 0; i < 64; i++)
                    cps[i + 1] = blk + (Py_UCS4)i;
                cps[65] = 'b';
                PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, cps, 66);
                PyObject *r = s ? PyObject_CallMethod(s, case_methods[m], NULL) : NULL;
                if (r == NULL) {
                    failed++;
                    PyErr_Clear();
                } else {
                    Py_ssize_t n = PyUnicode_GetLength(r);
                    h = (h ^ (unsigned long long)n) * 0x100000001b3ULL;
                    for (Py_ssize_t i = 0; i < n; i++)
                        h = (h ^ PyUnicode_ReadChar(r, i)) * 0x100000001b3ULL;
                    Py_DECREF(r);
                }
                Py_XDECREF(s);
            }
            printf("%d\tsweep %s U+%05X..\t%016llx, %d failed\n", ++case_no, case_methods[m], (unsigned)base, h,
                   failed);
        }
    }
}

static void padding_cases(void)
{
    const char *samples[] = {"", "abc", "-42", "+7", "\xce\xa3\xce\xa3", "x\ty"};
    for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
        const char *t = samples[i];
        char label[16];
        snprintf(label, sizeof label, "samples[%zu]", i);
        Py_ssize_t widths[] = {-5, 0, 2, 3, 4, 7, 8};
        for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
            call(label, t, "center", "(n)", widths[w]);
            call(label, t, "center", "(ns)", widths[w], "*");
            call(label, t, "ljust", "(ns)", widths[w], "\xc3\xa9");
            call(label, t, "rjust", "(ns)", widths[w], "\xf0\x9f\x98\x80");
            call(label, t, "zfill", "(n)", widths[w]);
        }
        int tabs[] = {-1, 0, 1, 3, 8};
        for (size_t k = 0; k < sizeof tabs / sizeof *tabs; k++)
            call(label, t, "expandtabs", "(i)", tabs[k]);
    }
    call("tabs[0]", "a\tbc\td\r\tx\n\t", "expandtabs", NULL);
    call("tabs[1]", "01\t012\t0123\t01234", "expandtabs", "(i)", 4);
    /* Errors. */
    call("abc", "abc", "center", NULL);
    call("abc", "abc", "center", "(nss)", (Py_ssize_t)5, "*", "*");
    call("abc", "abc", "center", "(ns)", (Py_ssize_t)5, "**");
    call("abc", "abc", "center", "(ns)", (Py_ssize_t)5, "");
    call("abc", "abc", "ljust", "(ni)", (Py_ssize_t)5, 42);
    call("abc", "abc", "rjust", "(s)", "5");
    call("abc", "abc", "zfill", "(d)", 5.0);
    call("abc", "abc", "zfill", "(O)", Py_None);
    call("abc", "abc", "expandtabs", "(s)", "8");
    call("abc", "a\tb", "expandtabs", "(L)", (long long)1 << 40);
    call("abc", "abc", "center", "(O)", PyLong_FromString("99999999999999999999", NULL, 10));
    call("abc", "abc", "removeprefix", "(i)", 1);
    call("abc", "abc", "removesuffix", "(s)", "bc");
    call("abc", "abc", "removesuffix", "(s)", "");
    call("abc", "abc", "removeprefix", "(s)", "ab");
    call("abc", "abc", "removeprefix", "(s)", "abcd");
    call("abc", "abc", "removeprefix", "(s)", "abc");
    call("abc", "abc", "removeprefix", "(ss)", "a", "b");
    /* Memory: these must fail cleanly. */
    call("big", "ab", "center", "(n)", (Py_ssize_t)1 << 60);
    call("big", "ab", "ljust", "(n)", PY_SSIZE_T_MAX);
    call("big", "ab", "rjust", "(n)", PY_SSIZE_T_MAX - 1);
    call("big", "ab", "zfill", "(n)", (Py_ssize_t)1 << 60);
    PyObject *s = S("ab");
    show("'ab' * 2**60", PySequence_Repeat(s, (Py_ssize_t)1 << 60));
    show("'ab' * (PY_SSIZE_T_MAX/2 + 1)", PySequence_Repeat(s, PY_SSIZE_T_MAX / 2 + 1));
    Py_DECREF(s);
}

static PyObject *dict_of(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *d = Py_VaBuildValue(fmt, va);
    va_end(va);
    return d;
}

static void translate_cases(void)
{
    PyObject *str_type = (PyObject *)&PyUnicode_Type;
    show("maketrans('abc', 'xyz')", PyObject_CallMethod(str_type, "maketrans", "ss", "abc", "xyz"));
    show("maketrans('abc', 'xyz', 'q\xce\xa3')", PyObject_CallMethod(str_type, "maketrans", "sss", "abc", "xyz", "q\xce\xa3"));
    show("maketrans({'a': 'b', 98: None})", PyObject_CallMethod(str_type, "maketrans", "N", dict_of("{s:s,i:O}", "a", "b", 98, Py_None)));
    show("maketrans({'ab': 1})", PyObject_CallMethod(str_type, "maketrans", "N", dict_of("{s:i}", "ab", 1)));
    show("maketrans({1.5: 1})", PyObject_CallMethod(str_type, "maketrans", "N", dict_of("{d:i}", 1.5, 1)));
    show("maketrans('ab', 'x')", PyObject_CallMethod(str_type, "maketrans", "ss", "ab", "x"));
    show("maketrans(1, 'x')", PyObject_CallMethod(str_type, "maketrans", "is", 1, "x"));
    show("maketrans('a', 1)", PyObject_CallMethod(str_type, "maketrans", "si", "a", 1));
    show("maketrans('a', 'b', 3)", PyObject_CallMethod(str_type, "maketrans", "ssi", "a", "b", 3));
    show("maketrans([])", PyObject_CallMethod(str_type, "maketrans", "(N)", PyList_New(0)));
    show("maketrans()", PyObject_CallMethod(str_type, "maketrans", NULL));
    show("maketrans(1,2,3,4)", PyObject_CallMethod(str_type, "maketrans", "iiii", 1, 2, 3, 4));
    PyObject *inst = S("x");
    show("'x'.maketrans('a', 'b')", PyObject_CallMethod(inst, "maketrans", "ss", "a", "b"));
    Py_DECREF(inst);

    PyObject *tables[] = {
        dict_of("{i:i,i:s,i:O}", 'a', 'A', 'b', "BB\xce\xa3", 'c', Py_None),
        dict_of("{i:i}", 'a', 0x110000),
        dict_of("{i:i}", 'a', -1),
        dict_of("{i:d}", 'a', 1.0),
        dict_of("{i:N}", 'a', PyLong_FromString("99999999999999999999999", NULL, 10)),
        PyList_New(0),
        dict_of("[iii]", 'x', 'y', 'z'),
        PyLong_FromLong(3),
    };
    const char *inputs[] = {"abcabc", "xyz", "", "\xce\xa3" "a", "\x01\x02"};
    for (size_t t = 0; t < sizeof tables / sizeof *tables; t++) {
        for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
            char what[96];
            snprintf(what, sizeof what, "%s.translate(tables[%zu])", inputs[i], t);
            PyObject *s = S(inputs[i]);
            show(what, PyObject_CallMethod(s, "translate", "O", tables[t]));
            Py_DECREF(s);
        }
        Py_DECREF(tables[t]);
    }
}

int main(void)
{
    Py_Initialize();
    text_cases();
    padding_cases();
    translate_cases();
    sweep_cases();
    return 0;
}
