/* Differential cases for the API the corpus5 members (scripts/corpus.py:
 * jellyfish, ...) added:
 *
 * - the character database of Objects/unicodectype.c behind the
 *   Py_UNICODE_IS* / Py_UNICODE_TO* macros (jellyfish's soundex, metaphone
 *   and NYSIIS test letters with Py_UNICODE_ISALPHA and fold them with
 *   Py_UNICODE_TOUPPER): every predicate, simple and full case mapping,
 *   decimal, digit and numeric value over every code point (a digest of
 *   all 0x110000 answers and how many are true), plus readable samples and
 *   code points beyond U+10FFFF;
 * - reversed (PyReversed_Type, which wrapt and lazy-object-proxy call with
 *   the wrapped object): __reversed__ preferred, None there meaning "not
 *   reversible", sequences walked from the end, a sequence that shrinks or
 *   raises meanwhile, the argument errors, __length_hint__, __reduce__ and
 *   __setstate__ (clamping).
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static unsigned long long fnv(unsigned long long h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void line(const char *what, const char *fmt, ...)
{
    char buf[256];
    va_list va;
    va_start(va, fmt);
    vsnprintf(buf, sizeof buf, fmt, va);
    va_end(va);
    printf("%d\t%s\t%s\n", ++case_no, what, buf);
}

/* Each macro through a function, so one loop covers them all. */
#define PREDICATE(name, macro) \
    static int name(Py_UCS4 ch) { return (macro(ch)) != 0; }
PREDICATE(is_alpha, Py_UNICODE_ISALPHA)
PREDICATE(is_alnum, Py_UNICODE_ISALNUM)
PREDICATE(is_lower, Py_UNICODE_ISLOWER)
PREDICATE(is_upper, Py_UNICODE_ISUPPER)
PREDICATE(is_title, Py_UNICODE_ISTITLE)
PREDICATE(is_linebreak, Py_UNICODE_ISLINEBREAK)
PREDICATE(is_decimal, Py_UNICODE_ISDECIMAL)
PREDICATE(is_digit, Py_UNICODE_ISDIGIT)
PREDICATE(is_numeric, Py_UNICODE_ISNUMERIC)
PREDICATE(is_printable, Py_UNICODE_ISPRINTABLE)
PREDICATE(is_space, Py_UNICODE_ISSPACE)
PREDICATE(is_xid_start, _PyUnicode_IsXidStart)
PREDICATE(is_xid_continue, _PyUnicode_IsXidContinue)
PREDICATE(is_case_ignorable, _PyUnicode_IsCaseIgnorable)
PREDICATE(is_cased, _PyUnicode_IsCased)

static const struct {
    const char *name;
    int (*fn)(Py_UCS4);
} PREDICATES[] = {
    {"Py_UNICODE_ISALPHA", is_alpha},
    {"Py_UNICODE_ISALNUM", is_alnum},
    {"Py_UNICODE_ISLOWER", is_lower},
    {"Py_UNICODE_ISUPPER", is_upper},
    {"Py_UNICODE_ISTITLE", is_title},
    {"Py_UNICODE_ISLINEBREAK", is_linebreak},
    {"Py_UNICODE_ISDECIMAL", is_decimal},
    {"Py_UNICODE_ISDIGIT", is_digit},
    {"Py_UNICODE_ISNUMERIC", is_numeric},
    {"Py_UNICODE_ISPRINTABLE", is_printable},
    {"Py_UNICODE_ISSPACE", is_space},
    {"_PyUnicode_IsXidStart", is_xid_start},
    {"_PyUnicode_IsXidContinue", is_xid_continue},
    {"_PyUnicode_IsCaseIgnorable", is_case_ignorable},
    {"_PyUnicode_IsCased", is_cased},
};

static Py_UCS4 to_lower(Py_UCS4 ch) { return Py_UNICODE_TOLOWER(ch); }
static Py_UCS4 to_upper(Py_UCS4 ch) { return Py_UNICODE_TOUPPER(ch); }
/* CPython marks _PyUnicode_ToTitlecase deprecated; the macro is not. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static Py_UCS4 to_title(Py_UCS4 ch) { return Py_UNICODE_TOTITLE(ch); }
#pragma GCC diagnostic pop

static const struct {
    const char *name;
    Py_UCS4 (*fn)(Py_UCS4);
} SIMPLE[] = {
    {"Py_UNICODE_TOLOWER", to_lower},
    {"Py_UNICODE_TOUPPER", to_upper},
    {"Py_UNICODE_TOTITLE", to_title},
};

static const struct {
    const char *name;
    int (*fn)(Py_UCS4, Py_UCS4 *);
} FULL[] = {
    {"_PyUnicode_ToLowerFull", _PyUnicode_ToLowerFull},
    {"_PyUnicode_ToUpperFull", _PyUnicode_ToUpperFull},
    {"_PyUnicode_ToTitleFull", _PyUnicode_ToTitleFull},
    {"_PyUnicode_ToFoldedFull", _PyUnicode_ToFoldedFull},
};

#define BASIS 14695981039346656037ULL

static void whole_database(void)
{
    char what[96];
    for (size_t f = 0; f < sizeof PREDICATES / sizeof PREDICATES[0]; f++) {
        unsigned long long h = BASIS;
        long count = 0;
        for (Py_UCS4 ch = 0; ch < 0x110000; ch++) {
            unsigned char v = (unsigned char)PREDICATES[f].fn(ch);
            count += v;
            h = fnv(h, &v, 1);
        }
        snprintf(what, sizeof what, "%s over U+0000..U+10FFFF", PREDICATES[f].name);
        line(what, "%ld true, fnv1a %016llx", count, h);
    }
    for (size_t f = 0; f < sizeof SIMPLE / sizeof SIMPLE[0]; f++) {
        unsigned long long h = BASIS;
        long changed = 0;
        for (Py_UCS4 ch = 0; ch < 0x110000; ch++) {
            Py_UCS4 v = SIMPLE[f].fn(ch);
            changed += v != ch;
            h = fnv(h, &v, sizeof v);
        }
        snprintf(what, sizeof what, "%s over U+0000..U+10FFFF", SIMPLE[f].name);
        line(what, "%ld changed, fnv1a %016llx", changed, h);
    }
    for (size_t f = 0; f < sizeof FULL / sizeof FULL[0]; f++) {
        unsigned long long h = BASIS;
        long multi = 0;
        for (Py_UCS4 ch = 0; ch < 0x110000; ch++) {
            Py_UCS4 res[3] = {0, 0, 0};
            int n = FULL[f].fn(ch, res);
            multi += n > 1;
            h = fnv(h, &n, sizeof n);
            h = fnv(h, res, (size_t)n * sizeof res[0]);
        }
        snprintf(what, sizeof what, "%s over U+0000..U+10FFFF", FULL[f].name);
        line(what, "%ld map to several, fnv1a %016llx", multi, h);
    }
    unsigned long long hd = BASIS, hg = BASIS, hn = BASIS;
    for (Py_UCS4 ch = 0; ch < 0x110000; ch++) {
        int d = Py_UNICODE_TODECIMAL(ch), g = Py_UNICODE_TODIGIT(ch);
        double n = Py_UNICODE_TONUMERIC(ch);
        hd = fnv(hd, &d, sizeof d);
        hg = fnv(hg, &g, sizeof g);
        hn = fnv(hn, &n, sizeof n);
    }
    line("Py_UNICODE_TODECIMAL over U+0000..U+10FFFF", "fnv1a %016llx", hd);
    line("Py_UNICODE_TODIGIT over U+0000..U+10FFFF", "fnv1a %016llx", hg);
    line("Py_UNICODE_TONUMERIC over U+0000..U+10FFFF", "fnv1a %016llx", hn);
}

static void samples(void)
{
    static const Py_UCS4 CHARS[] = {
        'A', 'z', '5', ' ', '_', '\n', 0x85,  0xB2,   0xBD,    0xDF,    0x130,   0x1C5,   0x1F0,  0x345,
        0x3A3, 0x390, 0x2028, 0x2167, 0x2460, 0x3007, 0x4E94, 0xFB03, 0xFF21, 0x1D7CE, 0x10400, 0x1F600, 0x10FFFF,
    };
    char what[96];
    for (size_t i = 0; i < sizeof CHARS / sizeof CHARS[0]; i++) {
        Py_UCS4 ch = CHARS[i];
        char flags[32] = "";
        for (size_t f = 0; f < sizeof PREDICATES / sizeof PREDICATES[0]; f++)
            strcat(flags, PREDICATES[f].fn(ch) ? "1" : "0");
        snprintf(what, sizeof what, "U+%04X: predicates, simple mappings, values", (unsigned)ch);
        line(what, "%s lower=%04X upper=%04X title=%04X decimal=%d digit=%d numeric=%g", flags,
             (unsigned)Py_UNICODE_TOLOWER(ch), (unsigned)Py_UNICODE_TOUPPER(ch), (unsigned)to_title(ch),
             Py_UNICODE_TODECIMAL(ch), Py_UNICODE_TODIGIT(ch), Py_UNICODE_TONUMERIC(ch));
        for (size_t f = 0; f < sizeof FULL / sizeof FULL[0]; f++) {
            Py_UCS4 res[3] = {0, 0, 0};
            int n = FULL[f].fn(ch, res);
            snprintf(what, sizeof what, "%s(U+%04X)", FULL[f].name, (unsigned)ch);
            line(what, "%d: %04X %04X %04X", n, (unsigned)res[0], (unsigned)res[1], (unsigned)res[2]);
        }
    }
    /* Beyond the code space: no properties, mapped to itself. */
    static const Py_UCS4 BEYOND[] = {0x110000, 0x7FFFFFFF, 0xFFFFFFFF};
    for (size_t i = 0; i < sizeof BEYOND / sizeof BEYOND[0]; i++) {
        Py_UCS4 ch = BEYOND[i];
        char flags[32] = "";
        for (size_t f = 0; f < sizeof PREDICATES / sizeof PREDICATES[0]; f++)
            strcat(flags, PREDICATES[f].fn(ch) ? "1" : "0");
        Py_UCS4 res[3] = {0, 0, 0};
        int n = _PyUnicode_ToUpperFull(ch, res);
        snprintf(what, sizeof what, "0x%X (beyond U+10FFFF)", (unsigned)ch);
        line(what, "%s lower=%X upper=%X title=%X decimal=%d digit=%d numeric=%g full upper %d: %X", flags,
             (unsigned)Py_UNICODE_TOLOWER(ch), (unsigned)Py_UNICODE_TOUPPER(ch), (unsigned)to_title(ch),
             Py_UNICODE_TODECIMAL(ch), Py_UNICODE_TODIGIT(ch), Py_UNICODE_TONUMERIC(ch), n, (unsigned)res[0]);
    }
}

/* A str built from full mappings, as extensions build their results. */
static void folded_str(void)
{
    static const Py_UCS4 TEXT[] = {'S', 't', 'r', 0xDF, 0xFB03, 0x130, 0x3A3};
    Py_UCS4 out[3 * sizeof TEXT / sizeof TEXT[0]];
    Py_ssize_t n = 0;
    for (size_t i = 0; i < sizeof TEXT / sizeof TEXT[0]; i++)
        n += _PyUnicode_ToFoldedFull(TEXT[i], out + n);
    show("casefold of 'Stru00dfufb03u0130u03a3' code point by code point",
         PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n));
    n = 0;
    for (size_t i = 0; i < sizeof TEXT / sizeof TEXT[0]; i++)
        n += _PyUnicode_ToUpperFull(TEXT[i], out + n);
    show("upper of the same, code point by code point", PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, n));
}

/* A sequence of `n` ints (n*10 + i) that raises ValueError at index 2
   when `n` is 7, and shrinks by one on each read when `n` is 9. */
typedef struct {
    PyObject_HEAD
    Py_ssize_t n;
} Seq;

static Py_ssize_t seq_len(PyObject *op)
{
    return ((Seq *)op)->n;
}

static PyObject *seq_item(PyObject *op, Py_ssize_t i)
{
    Seq *s = (Seq *)op;
    if (s->n == 7 && i == 2) {
        PyErr_SetString(PyExc_ValueError, "no item 2");
        return NULL;
    }
    if (i < 0 || i >= s->n) {
        PyErr_SetString(PyExc_IndexError, "index out of range");
        return NULL;
    }
    PyObject *r = PyLong_FromSsize_t(s->n * 10 + i);
    if (s->n == 9)
        s->n = 3;
    return r;
}

static PyObject *make_seq(PyObject *type, Py_ssize_t n)
{
    PyObject *o = PyType_GenericAlloc((PyTypeObject *)type, 0);
    if (o != NULL)
        ((Seq *)o)->n = n;
    return o;
}

static PyObject *drain(PyObject *it)
{
    if (it == NULL)
        return NULL;
    PyObject *l = PySequence_List(it);
    Py_DECREF(it);
    return l;
}

static PyObject *rev(PyObject *arg)
{
    return PyObject_CallFunctionObjArgs((PyObject *)&PyReversed_Type, arg, NULL);
}

static void reversed_cases(void)
{
    PyObject *tuple = Py_BuildValue("(iii)", 1, 2, 3), *list = Py_BuildValue("[iii]", 1, 2, 3);
    PyObject *r = rev(tuple);
    show("type(reversed((1, 2, 3))) is PyReversed_Type", PyBool_FromLong(r != NULL && Py_IS_TYPE(r, &PyReversed_Type)));
    show("type(reversed((1, 2, 3))).__name__", r ? PyObject_GetAttrString((PyObject *)Py_TYPE(r), "__name__") : NULL);
    show("iter(reversed(t)) is itself", PyBool_FromLong(r != NULL && PyObject_GetIter(r) == r));
    Py_XDECREF(r); /* the reference iter() returned */
    show("list(reversed((1, 2, 3)))", drain(r));
    show("list(reversed([1, 2, 3])) (list.__reversed__)", drain(rev(list)));
    PyObject *lr = rev(list);
    show("type(reversed([1, 2, 3])).__name__", lr ? PyObject_GetAttrString((PyObject *)Py_TYPE(lr), "__name__") : NULL);
    Py_XDECREF(lr);
    PyObject *str = PyUnicode_FromString("abc\xc3\xa9"), *b = PyBytes_FromString("xyz");
    show("list(reversed('abc\\xe9'))", drain(rev(str)));
    show("list(reversed(b'xyz'))", drain(rev(b)));
    PyObject *empty = PyTuple_New(0);
    show("list(reversed(()))", drain(rev(empty)));
    PyObject *set = PySet_New(tuple), *five = PyLong_FromLong(5);
    show("reversed({1, 2, 3})", rev(set));
    show("reversed(5)", rev(five));
    show("reversed()", PyObject_CallNoArgs((PyObject *)&PyReversed_Type));
    show("reversed((), ())", PyObject_CallFunctionObjArgs((PyObject *)&PyReversed_Type, empty, empty, NULL));
    PyObject *kw = Py_BuildValue("{s:O}", "sequence", tuple), *args = PyTuple_Pack(1, tuple);
    show("reversed((1, 2, 3), sequence=...)", PyObject_Call((PyObject *)&PyReversed_Type, args, kw));
    PyObject *emptykw = PyDict_New();
    show("reversed((1, 2, 3), **{})", drain(PyObject_Call((PyObject *)&PyReversed_Type, args, emptykw)));
    Py_DECREF(emptykw);

    /* A sequence type of our own, and one whose __reversed__ is None. */
    PyType_Slot slots[] = {{Py_sq_length, (void *)seq_len}, {Py_sq_item, (void *)seq_item}, {0, NULL}};
    PyType_Spec spec = {"corpus5.Seq", sizeof(Seq), 0, Py_TPFLAGS_DEFAULT, slots};
    PyObject *type = PyType_FromSpec(&spec);
    PyObject *s4 = make_seq(type, 4), *s7 = make_seq(type, 7), *s9 = make_seq(type, 9);
    show("list(reversed(Seq(4)))", drain(rev(s4)));
    PyObject *r7 = rev(s7), *got = PyList_New(0), *item;
    while (r7 != NULL && (item = PyIter_Next(r7)) != NULL) {
        PyList_Append(got, item);
        Py_DECREF(item);
    }
    show("reversed(Seq(7)): what index 2 raised", NULL);
    show("reversed(Seq(7)): the items before it", got);
    PyObject *after = r7 ? PyIter_Next(r7) : NULL;
    show("reversed(Seq(7)): next() after the error ends it", after ? after : PyBool_FromLong(!PyErr_Occurred()));
    show("reversed(Seq(7)).__length_hint__() when done", r7 ? PyObject_CallMethod(r7, "__length_hint__", NULL) : NULL);
    Py_XDECREF(r7);
    show("list(reversed(Seq(9))): shrinks to 3 after the first read", drain(rev(s9)));
    PyObject_SetAttrString(type, "__reversed__", Py_None);
    show("reversed(x) where type(x).__reversed__ is None", rev(s4));
    Py_DECREF(s4), Py_DECREF(s7), Py_DECREF(s9), Py_DECREF(type);

    /* __length_hint__, __reduce__, __setstate__ */
    PyObject *big = Py_BuildValue("(iiiii)", 1, 2, 3, 4, 5);
    r = rev(big);
    show("__length_hint__() of reversed(5 items)", PyObject_CallMethod(r, "__length_hint__", NULL));
    Py_XDECREF(PyIter_Next(r));
    show("__length_hint__() after one next()", PyObject_CallMethod(r, "__length_hint__", NULL));
    show("__reduce__() after one next()", PyObject_CallMethod(r, "__reduce__", NULL));
    show("__setstate__(10) (clamped to the end)", PyObject_CallMethod(r, "__setstate__", "i", 10));
    show("__length_hint__() after __setstate__(10)", PyObject_CallMethod(r, "__length_hint__", NULL));
    show("__setstate__(-5) (clamped to -1)", PyObject_CallMethod(r, "__setstate__", "i", -5));
    show("list() after __setstate__(-5)", PySequence_List(r));
    show("__setstate__('x')", PyObject_CallMethod(r, "__setstate__", "s", "x"));
    show("__reduce__() once exhausted", PyObject_CallMethod(r, "__reduce__", NULL));
    show("__setstate__(2) once exhausted (ignored)", PyObject_CallMethod(r, "__setstate__", "i", 2));
    show("list() of the exhausted iterator", PySequence_List(r));
    Py_DECREF(r);
    r = rev(big);
    show("__setstate__(1) then list()", PyObject_CallMethod(r, "__setstate__", "i", 1));
    show("  ... the items left", PySequence_List(r));
    Py_DECREF(r);
    Py_DECREF(big), Py_DECREF(kw), Py_DECREF(args), Py_DECREF(set), Py_DECREF(five), Py_DECREF(empty);
    Py_DECREF(str), Py_DECREF(b), Py_DECREF(tuple), Py_DECREF(list);
}

int main(void)
{
    Py_Initialize();
    whole_database();
    samples();
    folded_str();
    reversed_cases();
    return 0;
}
