/* polyleven 0.12.0: Levenshtein distance with an optional bound (mbleven
 * for bounds 1..3, Myers' bit-parallel algorithm otherwise, one and
 * many 64-bit blocks), reading str of every PyUnicode kind with
 * PyUnicode_READ after PyArg_ParseTuple's "UU|i".
 *
 * Vectors: the README's doctests (the sdist has no test suite), the
 * upstream test suite's cases (test/test_polyleven.py: empty strings,
 * single edits, the bounded forms), and pseudo-random strings over
 * 1-, 2- and 4-byte alphabets checked against a plain dynamic-programming
 * distance computed here.
 */
#include "corpus.h"

static PyObject *lev;

static void lev_is(const char *a, const char *b, int k, long expected, const char *what)
{
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", expected);
    if (k < -1)
        expect_int(call(lev, NULL, "(ss)", a, b), digits, what);
    else
        expect_int(call(lev, NULL, "(ssi)", a, b, k), digits, what);
}

/* The textbook distance, over code points. */
static long dp_distance(const Py_UCS4 *a, long n, const Py_UCS4 *b, long m)
{
    static long row[2][600];
    for (long j = 0; j <= m; j++)
        row[0][j] = j;
    for (long i = 1; i <= n; i++) {
        long *cur = row[i & 1], *prev = row[(i - 1) & 1];
        cur[0] = i;
        for (long j = 1; j <= m; j++) {
            long best = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            cur[j] = best;
        }
    }
    return row[n & 1][m];
}

static unsigned long long rng = 0x853C49E6748FEA9BULL;
static unsigned next_rand(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rng >> 33);
}

static void random_cases(const Py_UCS4 *alphabet, int alphabet_len, int max_len, int cases, const char *what)
{
    static Py_UCS4 a[600], b[600];
    int ok = 1;
    for (int t = 0; t < cases && ok; t++) {
        long n = (long)(next_rand() % (unsigned)(max_len + 1));
        long m = (long)(next_rand() % (unsigned)(max_len + 1));
        for (long i = 0; i < n; i++)
            a[i] = alphabet[next_rand() % (unsigned)alphabet_len];
        /* b: mostly a mutated copy of a, so distances are small too */
        if (t % 2 == 0 && n > 0) {
            m = n;
            memcpy(b, a, sizeof(Py_UCS4) * (size_t)n);
            int edits = (int)(next_rand() % 6);
            for (int e = 0; e < edits; e++)
                b[next_rand() % (unsigned)m] = alphabet[next_rand() % (unsigned)alphabet_len];
        } else {
            for (long i = 0; i < m; i++)
                b[i] = alphabet[next_rand() % (unsigned)alphabet_len];
        }
        long want = dp_distance(a, n, b, m);
        PyObject *sa = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, a, n);
        PyObject *sb = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, b, m);
        int k = (int)(next_rand() % 5) - 1; /* -1 (none), 0..3 */
        PyObject *r = take(call(lev, NULL, "(OOi)", sa, sb, k));
        long got = r ? PyLong_AsLong(r) : -2;
        long expect = want;
        if (k >= 0 && want > k)
            expect = k + 1;
        if (got != expect) {
            diag("case %d (len %ld/%ld, k %d): got %ld, expected %ld; ", t, n, m, k, got, expect);
            ok = 0;
        }
        Py_XDECREF(r);
        r = take(call(lev, NULL, "(OO)", sa, sb));
        got = r ? PyLong_AsLong(r) : -2;
        if (got != want) {
            diag("case %d unbounded: got %ld, expected %ld; ", t, got, want);
            ok = 0;
        }
        Py_XDECREF(r);
        Py_DECREF(sa);
        Py_DECREF(sb);
    }
    tap(ok, what);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    lev = attr(module, "levenshtein");

    /* README */
    lev_is("aaa", "ccc", -2, 3, "levenshtein('aaa', 'ccc') == 3");
    lev_is("acc", "ccc", 1, 1, "levenshtein('acc', 'ccc', 1) == 1");
    lev_is("aaa", "ccc", 1, 2, "levenshtein('aaa', 'ccc', 1) == 2");

    /* The upstream suite's fixed cases. */
    lev_is("", "", -2, 0, "empty strings");
    lev_is("abc", "", -2, 3, "against the empty string");
    lev_is("", "abc", -2, 3, "the empty string against");
    lev_is("abc", "abc", -2, 0, "equal strings");
    lev_is("abc", "abd", -2, 1, "one substitution");
    lev_is("abc", "abcd", -2, 1, "one insertion");
    lev_is("abcd", "abc", -2, 1, "one deletion");
    lev_is("kitten", "sitting", -2, 3, "kitten/sitting");
    lev_is("kitten", "sitting", 0, 1, "kitten/sitting, k=0");
    lev_is("kitten", "sitting", 1, 2, "kitten/sitting, k=1");
    lev_is("kitten", "sitting", 2, 3, "kitten/sitting, k=2");
    lev_is("kitten", "sitting", 3, 3, "kitten/sitting, k=3");
    lev_is("kitten", "sitting", 4, 3, "kitten/sitting, k=4");
    lev_is("abc", "abc", 0, 0, "equal, k=0");
    lev_is("abcdef", "a", 2, 3, "length gap beyond k");
    lev_is("\xc3\xa9t\xc3\xa9", "ete", -2, 2, "Latin-1 str");
    lev_is("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\xe6\x97\xa5\xe6\x9c\xac", -2, 1, "UCS-2 str");
    lev_is("\xf0\x9f\x98\x80x", "\xf0\x9f\x98\x81x", -2, 1, "UCS-4 str");
    lev_is("\xf0\x9f\x98\x80" "abc", "abc", 1, 1, "mixed kinds, k=1");
    {
        /* Beyond one 64-bit block (Myers over several words). */
        char a[301], b[301];
        for (int i = 0; i < 300; i++) {
            a[i] = (char)('a' + i % 26);
            b[i] = (char)('a' + (i * 7) % 26);
        }
        a[300] = b[300] = '\0';
        PyObject *r = take(call(lev, NULL, "(ss)", a, b));
        record_value(r, "300-character strings");
        Py_XDECREF(r);
        b[150] = '\0';
        r = take(call(lev, NULL, "(ss)", a, b));
        record_value(r, "300 against 150 characters");
        Py_XDECREF(r);
        lev_is(a, a, -2, 0, "a 300-character string against itself");
    }

    {
        static const Py_UCS4 ascii[] = {'a', 'b', 'c', 'd'};
        static const Py_UCS4 ucs2[] = {0x65e5, 0x672c, 'a', 0x8a9e, 0xe9};
        static const Py_UCS4 ucs4[] = {0x1F600, 'x', 0x1F601, 0x4E00, 0x10FFFF};
        random_cases(ascii, 4, 20, 300, "300 short ASCII pairs against the DP distance");
        random_cases(ascii, 4, 200, 100, "100 long ASCII pairs (several blocks)");
        random_cases(ucs2, 5, 80, 150, "150 UCS-2 pairs");
        random_cases(ucs4, 5, 80, 150, "150 UCS-4 pairs");
    }

    /* Argument errors. */
    record(call(lev, NULL, "(ys)", "abc", "abc"), "levenshtein(b'abc', 'abc')");
    record(call(lev, NULL, "(si)", "abc", 1), "levenshtein('abc', 1)");
    record(call(lev, NULL, "(s)", "abc"), "levenshtein('abc')");
    record(call(lev, NULL, "(ssd)", "abc", "abd", 1.0), "levenshtein('abc', 'abd', 1.0)");
    record(call(lev, NULL, "(ssL)", "abc", "abd", 1LL << 40), "levenshtein('abc', 'abd', 2**40)");
    record(call(lev, NULL, "(ssii)", "a", "b", 1, 2), "levenshtein with four arguments");
    record(call(lev, kw_dict("{s:i}", "k", 1), "(ss)", "a", "b"), "levenshtein('a', 'b', k=1)");

    Py_DECREF(lev);
}

CORPUS_MAIN("polyleven", run)
