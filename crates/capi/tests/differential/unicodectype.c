/* Differential cases for the character classes and case mappings of one
 * code point (Objects/unicodectype.c: the functions behind the
 * Py_UNICODE_IS* / Py_UNICODE_TO* macros): every function over every code
 * point 0..U+10FFFF and a few past it, one line per function and block of
 * 4096 code points holding a hash of the results, so a difference names
 * the function and the block. Then the macros themselves on a handful of
 * code points, surrogate helpers included.
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

/* _PyUnicode_ToTitlecase (Py_UNICODE_TOTITLE) is deprecated since 3.3,
   here as in CPython; it is still part of the API under test. */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static int case_no;

typedef int (*pred_fn)(Py_UCS4);
typedef Py_UCS4 (*map_fn)(Py_UCS4);
typedef int (*full_fn)(Py_UCS4, Py_UCS4 *);

static unsigned long long mix(unsigned long long h, unsigned long long v)
{
    return (h ^ v) * 0x100000001b3ULL;
}

#define BLOCK 4096u
#define END 0x110000u

/* The code points of block b, with the ones past U+10FFFF in the last. */
static int block_points(unsigned b, Py_UCS4 *out)
{
    int n = 0;
    for (unsigned c = b * BLOCK; c < (b + 1) * BLOCK && c < END; c++)
        out[n++] = c;
    if ((b + 1) * BLOCK >= END) {
        static const Py_UCS4 beyond[] = {0x110000, 0x110001, 0x1FFFFF, 0x7FFFFFFF, 0xFFFFFFFF};
        for (size_t i = 0; i < sizeof beyond / sizeof *beyond; i++)
            out[n++] = beyond[i];
    }
    return n;
}

static Py_UCS4 points[BLOCK + 8];

static void preds(const char *name, pred_fn f)
{
    for (unsigned b = 0; b * BLOCK < END; b++) {
        int n = block_points(b, points);
        unsigned long long h = 0xcbf29ce484222325ULL;
        int count = 0;
        for (int i = 0; i < n; i++) {
            int r = f(points[i]) != 0;
            count += r;
            h = mix(h, (unsigned long long)r);
        }
        printf("%d\t%s U+%05X..\t%d true, %016llx\n", ++case_no, name, b * BLOCK, count, h);
    }
}

static void maps(const char *name, map_fn f)
{
    for (unsigned b = 0; b * BLOCK < END; b++) {
        int n = block_points(b, points);
        unsigned long long h = 0xcbf29ce484222325ULL;
        int changed = 0;
        for (int i = 0; i < n; i++) {
            Py_UCS4 r = f(points[i]);
            changed += r != points[i];
            h = mix(h, r);
        }
        printf("%d\t%s U+%05X..\t%d changed, %016llx\n", ++case_no, name, b * BLOCK, changed, h);
    }
}

static void fulls(const char *name, full_fn f)
{
    for (unsigned b = 0; b * BLOCK < END; b++) {
        int n = block_points(b, points);
        unsigned long long h = 0xcbf29ce484222325ULL;
        int multi = 0;
        for (int i = 0; i < n; i++) {
            Py_UCS4 res[3] = {0, 0, 0};
            int k = f(points[i], res);
            multi += k > 1;
            h = mix(h, (unsigned long long)k);
            for (int j = 0; j < k && j < 3; j++)
                h = mix(h, res[j]);
        }
        printf("%d\t%s U+%05X..\t%d multi, %016llx\n", ++case_no, name, b * BLOCK, multi, h);
    }
}

static int to_decimal(Py_UCS4 c) { return _PyUnicode_ToDecimalDigit(c) + 1; }
static int to_digit(Py_UCS4 c) { return _PyUnicode_ToDigit(c) + 1; }

static void numerics(void)
{
    for (unsigned b = 0; b * BLOCK < END; b++) {
        int n = block_points(b, points);
        unsigned long long h = 0xcbf29ce484222325ULL;
        for (int i = 0; i < n; i++) {
            double v = _PyUnicode_ToNumeric(points[i]);
            unsigned long long bits;
            memcpy(&bits, &v, sizeof bits);
            h = mix(h, bits);
        }
        printf("%d\t_PyUnicode_ToNumeric U+%05X..\t%016llx\n", ++case_no, b * BLOCK, h);
    }
}

int main(void)
{
    Py_Initialize();
    preds("_PyUnicode_IsLowercase", _PyUnicode_IsLowercase);
    preds("_PyUnicode_IsUppercase", _PyUnicode_IsUppercase);
    preds("_PyUnicode_IsTitlecase", _PyUnicode_IsTitlecase);
    preds("_PyUnicode_IsXidStart", _PyUnicode_IsXidStart);
    preds("_PyUnicode_IsXidContinue", _PyUnicode_IsXidContinue);
    preds("_PyUnicode_IsWhitespace", _PyUnicode_IsWhitespace);
    preds("_PyUnicode_IsLinebreak", _PyUnicode_IsLinebreak);
    preds("_PyUnicode_IsCaseIgnorable", _PyUnicode_IsCaseIgnorable);
    preds("_PyUnicode_IsCased", _PyUnicode_IsCased);
    preds("_PyUnicode_IsDecimalDigit", _PyUnicode_IsDecimalDigit);
    preds("_PyUnicode_IsDigit", _PyUnicode_IsDigit);
    preds("_PyUnicode_IsNumeric", _PyUnicode_IsNumeric);
    preds("_PyUnicode_IsPrintable", _PyUnicode_IsPrintable);
    preds("_PyUnicode_IsAlpha", _PyUnicode_IsAlpha);
    preds("_PyUnicode_ToDecimalDigit+1", to_decimal);
    preds("_PyUnicode_ToDigit+1", to_digit);
    maps("_PyUnicode_ToLowercase", _PyUnicode_ToLowercase);
    maps("_PyUnicode_ToUppercase", _PyUnicode_ToUppercase);
    maps("_PyUnicode_ToTitlecase", _PyUnicode_ToTitlecase);
    fulls("_PyUnicode_ToLowerFull", _PyUnicode_ToLowerFull);
    fulls("_PyUnicode_ToUpperFull", _PyUnicode_ToUpperFull);
    fulls("_PyUnicode_ToTitleFull", _PyUnicode_ToTitleFull);
    fulls("_PyUnicode_ToFoldedFull", _PyUnicode_ToFoldedFull);
    numerics();

    /* The macros, over a few code points each. */
    static const Py_UCS4 sample[] = {0x09, 0x1C, 0x20, 0x41, 0x61, 0xB2, 0xBD, 0xDF, 0x130, 0x1C5,
                                     0x3A3, 0x0660, 0x2028, 0x3000, 0xD800, 0xDC00, 0x10400, 0x1F600};
    for (size_t i = 0; i < sizeof sample / sizeof *sample; i++) {
        Py_UCS4 c = sample[i];
        printf("%d\tmacros U+%04X\tspace %d lower %d upper %d title %d linebreak %d decimal %d digit %d "
               "numeric %d printable %d alpha %d alnum %d tolower %04X toupper %04X totitle %04X "
               "todecimal %d todigit %d tonumeric %g surrogate %d high %d low %d\n",
               ++case_no, (unsigned)c, Py_UNICODE_ISSPACE(c) != 0, Py_UNICODE_ISLOWER(c) != 0,
               Py_UNICODE_ISUPPER(c) != 0, Py_UNICODE_ISTITLE(c) != 0, Py_UNICODE_ISLINEBREAK(c) != 0,
               Py_UNICODE_ISDECIMAL(c) != 0, Py_UNICODE_ISDIGIT(c) != 0, Py_UNICODE_ISNUMERIC(c) != 0,
               Py_UNICODE_ISPRINTABLE(c) != 0, Py_UNICODE_ISALPHA(c) != 0, Py_UNICODE_ISALNUM(c) != 0,
               (unsigned)Py_UNICODE_TOLOWER(c), (unsigned)Py_UNICODE_TOUPPER(c), (unsigned)Py_UNICODE_TOTITLE(c),
               Py_UNICODE_TODECIMAL(c), Py_UNICODE_TODIGIT(c), Py_UNICODE_TONUMERIC(c),
               Py_UNICODE_IS_SURROGATE(c), Py_UNICODE_IS_HIGH_SURROGATE(c), Py_UNICODE_IS_LOW_SURROGATE(c));
    }
    Py_UCS4 big = 0x1F600;
    Py_UCS4 hi = Py_UNICODE_HIGH_SURROGATE(big), lo = Py_UNICODE_LOW_SURROGATE(big);
    printf("%d\tsurrogate pair of U+1F600\t%04X %04X -> %05X\n", ++case_no, (unsigned)hi, (unsigned)lo,
           (unsigned)Py_UNICODE_JOIN_SURROGATES(hi, lo));
    return 0;
}
