/* Differential cases for the API the corpus5 members (scripts/corpus.py:
 * jellyfish, ...) added:
 *
 * - the character database of Objects/unicodectype.c behind the
 *   Py_UNICODE_IS* / Py_UNICODE_TO* macros (jellyfish's soundex, metaphone
 *   and NYSIIS test letters with Py_UNICODE_ISALPHA and fold them with
 *   Py_UNICODE_TOUPPER): every predicate, simple and full case mapping,
 *   decimal, digit and numeric value over every code point (a digest of
 *   all 0x110000 answers and how many are true), plus readable samples and
 *   code points beyond U+10FFFF.
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

int main(void)
{
    Py_Initialize();
    whole_database();
    samples();
    folded_str();
    return 0;
}
