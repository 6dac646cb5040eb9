/* jellyfish 0.9.0: approximate and phonetic string matching in C
 * (jellyfish.cjellyfish). Its init imports `unicodedata` and keeps
 * `unicodedata.normalize` in the module state; soundex, metaphone, nysiis,
 * match_rating_codex/comparison and porter_stem call it ("NFKD") through
 * PyObject_CallFunction("sO") and work on the UTF-8 of the result; the
 * distances read the strings as UCS4 (PyUnicode_AsUCS4Copy) from "UU"
 * arguments, refusing bytes with their own TypeError.
 *
 * Vectors: jellyfish/test.py, reading the sdist's own testdata CSV files as
 * the tests do (jaro_winkler, jaro_winkler_longtol, jaro_distance,
 * hamming, levenshtein, damerau_levenshtein, soundex, metaphone, nysiis,
 * match_rating_codex, match_rating_comparison, porter: all 23530 rows),
 * test_match_rating_comparison_segfault, the unicode and long_tolerance
 * tests, the *_type tests, and a few non-ASCII inputs whose NFKD form
 * matters (accents dropped by the phonetic codes).
 */
#include "corpus.h"

#include <math.h>

static PyObject *mod;

/* A CSV row of at most 3 fields (csv.reader's quoting: "..." with ""),
   read from `*p` up to the end of its line; returns the field count, 0 at
   the end of the text. */
static int csv_row(const char **p, const char *end, char fields[3][256])
{
    if (*p >= end)
        return 0;
    int n = 0;
    for (;;) {
        size_t len = 0;
        char *f = fields[n < 3 ? n : 2];
        if (**p == '"') {
            (*p)++;
            while (*p < end) {
                if (**p == '"') {
                    if (*p + 1 < end && (*p)[1] == '"') {
                        if (len < 255)
                            f[len++] = '"';
                        *p += 2;
                        continue;
                    }
                    (*p)++;
                    break;
                }
                if (len < 255)
                    f[len++] = **p;
                (*p)++;
            }
        }
        while (*p < end && **p != ',' && **p != '\n' && **p != '\r') {
            if (len < 255)
                f[len++] = **p;
            (*p)++;
        }
        f[len] = '\0';
        n++;
        if (*p < end && **p == ',') {
            (*p)++;
            continue;
        }
        while (*p < end && (**p == '\r' || **p == '\n'))
            (*p)++;
        return n;
    }
}

/* Every row of testdata/<name>.csv through check(row, fields); one TAP
   line for the file. */
static void each_row(const char *sdist, const char *name, int (*check)(char f[3][256]))
{
    char file[64], what[96];
    snprintf(file, sizeof file, "testdata/%s.csv", name);
    PyObject *text = read_file(sdist, file);
    const char *p = PyBytes_AS_STRING(text), *end = p + PyBytes_GET_SIZE(text);
    char fields[3][256];
    int rows = 0, ok = 1;
    while (csv_row(&p, end, fields) > 0) {
        rows++;
        if (!check(fields)) {
            ok = 0;
            diag("row %d (%s, %s); ", rows, fields[0], fields[1]);
        }
    }
    Py_DECREF(text);
    snprintf(what, sizeof what, "%s.csv: %d rows", name, rows);
    tap(ok && rows > 0, what);
}

static PyObject *fn(const char *name) { return PyObject_GetAttrString(mod, name); }

/* name(s1[, s2][, extra]) as a float within 0.001 of `want`. */
static int close_to(const char *name, const char *s1, const char *s2, PyObject *extra, double want)
{
    PyObject *f = fn(name);
    PyObject *r = take(extra ? call(f, NULL, "(ssO)", s1, s2, extra) : call(f, NULL, "(ss)", s1, s2));
    int ok = r != NULL && PyFloat_Check(r) && fabs(PyFloat_AsDouble(r) - want) < 0.001;
    Py_XDECREF(r);
    Py_DECREF(f);
    return ok;
}

static int int_is(const char *name, const char *s1, const char *s2, long want)
{
    PyObject *f = fn(name);
    PyObject *r = take(call(f, NULL, "(ss)", s1, s2));
    int ok = r != NULL && PyLong_Check(r) && PyLong_AsLong(r) == want;
    Py_XDECREF(r);
    Py_DECREF(f);
    return ok;
}

static int str_is(const char *name, const char *s, const char *want)
{
    PyObject *f = fn(name);
    PyObject *r = take(call(f, NULL, "(s)", s));
    const char *got = r && PyUnicode_Check(r) ? PyUnicode_AsUTF8(r) : NULL;
    int ok = got != NULL && strcmp(got, want) == 0;
    if (!ok && got)
        diag("got '%s'; ", got);
    Py_XDECREF(r);
    Py_DECREF(f);
    return ok;
}

static int row_jw(char f[3][256]) { return close_to("jaro_winkler_similarity", f[0], f[1], NULL, atof(f[2])); }
static int row_jw_long(char f[3][256]) { return close_to("jaro_winkler_similarity", f[0], f[1], Py_True, atof(f[2])); }
static int row_jaro(char f[3][256]) { return close_to("jaro_similarity", f[0], f[1], NULL, atof(f[2])); }
static int row_hamming(char f[3][256]) { return int_is("hamming_distance", f[0], f[1], atol(f[2])); }
static int row_lev(char f[3][256]) { return int_is("levenshtein_distance", f[0], f[1], atol(f[2])); }
static int row_dl(char f[3][256]) { return int_is("damerau_levenshtein_distance", f[0], f[1], atol(f[2])); }
static int row_soundex(char f[3][256]) { return str_is("soundex", f[0], f[1]); }
static int row_metaphone(char f[3][256]) { return str_is("metaphone", f[0], f[1]); }
static int row_nysiis(char f[3][256]) { return str_is("nysiis", f[0], f[1]); }
static int row_mrc(char f[3][256]) { return str_is("match_rating_codex", f[0], f[1]); }
static int row_porter(char f[3][256]) { return str_is("porter_stem", f[0], f[1]); }

static int row_mr_comparison(char f[3][256])
{
    PyObject *want = strcmp(f[2], "True") == 0 ? Py_True : strcmp(f[2], "False") == 0 ? Py_False : Py_None;
    PyObject *g = fn("match_rating_comparison");
    PyObject *r = take(call(g, NULL, "(ss)", f[0], f[1]));
    int ok = r != NULL && r == want;
    Py_XDECREF(r);
    Py_DECREF(g);
    return ok;
}

static void run(PyObject *module, const char *sdist)
{
    mod = module;
    each_row(sdist, "jaro_winkler", row_jw);
    each_row(sdist, "jaro_winkler_longtol", row_jw_long);
    each_row(sdist, "jaro_distance", row_jaro);
    each_row(sdist, "hamming", row_hamming);
    each_row(sdist, "levenshtein", row_lev);
    each_row(sdist, "damerau_levenshtein", row_dl);
    each_row(sdist, "soundex", row_soundex);
    each_row(sdist, "metaphone", row_metaphone);
    each_row(sdist, "nysiis", row_nysiis);
    each_row(sdist, "match_rating_codex", row_mrc);
    each_row(sdist, "match_rating_comparison", row_mr_comparison);
    each_row(sdist, "porter", row_porter);

    /* test_match_rating_comparison_segfault: sha1 hex digests of 0..99
       compared pairwise (the digests computed by hashlib in the test; here
       any 100 distinct 40-hex-digit strings exercise the same paths). */
    {
        char h[100][41];
        unsigned long long x = 0x0123456789abcdefULL;
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 40; j++) {
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                h[i][j] = "0123456789abcdef"[(x >> 59) & 15];
            }
            h[i][40] = '\0';
        }
        PyObject *g = fn("match_rating_comparison");
        int ok = 1;
        for (int i = 0; i < 100 && ok; i++)
            for (int j = 0; j < 100 && ok; j++) {
                PyObject *r = take(call(g, NULL, "(ss)", h[i], h[j]));
                ok = r != NULL && (r == Py_True || r == Py_False || r == Py_None);
                Py_XDECREF(r);
            }
        Py_DECREF(g);
        tap(ok, "match_rating_comparison over 100 x 100 hex digests");
    }

    /* test_damerau_levenshtein_unicode_segfault */
    expect_true(int_is("damerau_levenshtein_distance", "mylifeoutdoors", "\xd0\xbd\xd0\xb0\xd1\x85\xd0\xbb\xd1\x8b\xd1\x81\xd1\x82", 14)
                    && int_is("damerau_levenshtein_distance", "\xd0\xbd\xd0\xb0\xd1\x85\xd0\xbb\xd1\x8b\xd1\x81\xd1\x82", "mylifeoutdoors", 14),
                "damerau_levenshtein_distance of Latin and Cyrillic strings is 14 both ways");

    /* test_jaro_winkler_long_tolerance */
    expect_true(close_to("jaro_winkler_similarity", "two long strings", "two long stringz", Py_False, 0.975)
                    && close_to("jaro_winkler_similarity", "two long strings", "two long stringz", Py_True, 0.984),
                "jaro_winkler_similarity long_tolerance False / True");
    {
        PyObject *g = fn("jaro_winkler_similarity");
        PyObject *kw = kw_dict("{s:O}", "long_tolerance", Py_True);
        PyObject *r = call(g, kw, "(ss)", "two long strings", "two long stringz");
        int ok = succeeded(r) && PyFloat_Check(r) && fabs(PyFloat_AsDouble(r) - 0.984) < 0.001;
        ok &= settle(0); /* releases r and the (stolen) keywords */
        tap(ok, "jaro_winkler_similarity long_tolerance=True as a keyword");
        Py_DECREF(g);
    }

    /* The *_type tests: bytes are refused with the module's TypeError. */
    {
        static const char *two[] = {"damerau_levenshtein_distance", "levenshtein_distance", "jaro_similarity",
                                    "jaro_winkler_similarity", "match_rating_comparison", "hamming_distance"};
        for (size_t i = 0; i < sizeof two / sizeof two[0]; i++) {
            char what[96];
            PyObject *g = fn(two[i]);
            snprintf(what, sizeof what, "%s(b'abc', b'abc') raises TypeError", two[i]);
            expect_error(call(g, NULL, "(yy)", "abc", "abc"), PyExc_TypeError, "*", what);
            Py_DECREF(g);
        }
        static const char *one[] = {"soundex", "metaphone", "nysiis", "match_rating_codex", "porter_stem"};
        for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
            char what[96];
            PyObject *g = fn(one[i]);
            snprintf(what, sizeof what, "%s(b'abc') raises TypeError", one[i]);
            expect_error(call(g, NULL, "(y)", "abc"), PyExc_TypeError, "*", what);
            Py_DECREF(g);
        }
    }

    /* Inputs whose NFKD form matters: the accents and ligatures the
       phonetic functions see decomposed (answers as CPython's build). */
    {
        static const char *words[] = {"J\xc3\xbcrgen", "\xc3\x89milie", "Fran\xc3\xa7ois", "\xef\xac\x81sh",
                                      "Bj\xc3\xb6rk", "\xc3\x85ngstr\xc3\xb6m", "M\xc3\xbcller", "Nu\xc3\xb1" "ez",
                                      "\xe2\x84\xab" "elvin", "\xea\xb0\x80\xea\xb0\x81"};
        static const char *fns[] = {"soundex", "metaphone", "nysiis", "match_rating_codex", "porter_stem"};
        for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
            PyObject *g = fn(fns[i]);
            for (size_t j = 0; j < sizeof words / sizeof words[0]; j++) {
                char what[96];
                snprintf(what, sizeof what, "%s of non-ASCII word %zu", fns[i], j);
                record(call(g, NULL, "(s)", words[j]), what);
            }
            Py_DECREF(g);
        }
    }
}

CORPUS_MAIN("cjellyfish", run)
