/* python-Levenshtein 0.12.2's _levenshtein: edit distances and
 * similarities, medians of string sets, and edit operations (editops,
 * opcodes, inverse, apply_edit, matching_blocks, subtract_edit) over str or
 * bytes, as METH_VARARGS functions. It reads str through the deprecated
 * Py_UNICODE API CPython 3.11 still had -- PyUnicode_AS_UNICODE,
 * PyUnicode_GET_SIZE -- and makes results with PyUnicode_FromUnicode, so a
 * str's wchar_t cache (its wstr field) is made and read here.
 *
 * Vectors: the doctests in its docstrings (distance, ratio, hamming, jaro,
 * jaro_winkler, median, median_improve, quickmedian, setmedian, seqratio,
 * setratio, editops, opcodes, inverse, apply_edit, matching_blocks,
 * subtract_edit), with non-ASCII str (2- and 4-byte kinds) and bytes
 * variants, and the argument errors. Values are recorded and compared with
 * the CPython build's; the doctests' exact ones are also checked.
 */
#include "corpus.h"

static PyObject *mod;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static PyObject *fn(const char *name)
{
    return attr(mod, name);
}

/* mod.name(*Py_BuildValue(fmt, ...)), unchecked. */
static PyObject *callf(const char *name, const char *fmt, ...)
{
    PyObject *f = fn(name);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    Py_DECREF(f);
    return r;
}

static void test_distances(void)
{
    PyObject *distance = fn("distance");
    expect_int(call(distance, NULL, "(ss)", "Levenshtein", "Lenvinsten"), "4", "distance('Levenshtein', 'Lenvinsten')");
    expect_int(call(distance, NULL, "(ss)", "Levenshtein", "Levensthein"), "2", "distance('Levenshtein', 'Levensthein')");
    expect_int(call(distance, NULL, "(ss)", "Levenshtein", "Levenshten"), "1", "distance('Levenshtein', 'Levenshten')");
    expect_int(call(distance, NULL, "(ss)", "Levenshtein", "Levenshtein"), "0", "distance('Levenshtein', 'Levenshtein')");
    expect_int(call(distance, NULL, "(yy)", "Levenshtein", "Lenvinsten"), "4", "distance(b'Levenshtein', b'Lenvinsten')");
    /* Non-ASCII: 2-byte and 4-byte kinds through their wchar_t form. */
    expect_int(call(distance, NULL, "(ss)", "na\xc3\xafve caf\xc3\xa9", "naive cafe"), "2", "distance('naïve café', 'naive cafe')");
    expect_int(call(distance, NULL, "(ss)", "\xe2\x82\xac" "100", "$100"), "1", "distance('€100', '$100')");
    expect_int(call(distance, NULL, "(ss)", "\xf0\x9f\x8d\xa3 sushi", "\xf0\x9f\x8d\x99 sushi"), "1",
               "distance('🍣 sushi', '🍙 sushi') (one code point each)");
    expect_int(call(distance, NULL, "(ss)", "", "abc"), "3", "distance('', 'abc')");
    record(call(distance, NULL, "(sy)", "a", "b"), "distance('a', b'b')");
    record(call(distance, NULL, "(s)", "a"), "distance('a')");
    record(call(distance, NULL, "(ii)", 1, 2), "distance(1, 2)");

    PyObject *ratio = fn("ratio");
    record(call(ratio, NULL, "(ss)", "Hello world!", "Holly grail!"), "ratio('Hello world!', 'Holly grail!')");
    record(call(ratio, NULL, "(ss)", "Brian", "Jesus"), "ratio('Brian', 'Jesus')");
    record(call(ratio, NULL, "(ss)", "", ""), "ratio('', '')");
    PyObject *hamming = fn("hamming");
    expect_int(call(hamming, NULL, "(ss)", "Hello world!", "Holly grail!"), "7", "hamming('Hello world!', 'Holly grail!')");
    expect_int(call(hamming, NULL, "(ss)", "Brian", "Jesus"), "5", "hamming('Brian', 'Jesus')");
    record(call(hamming, NULL, "(ss)", "abc", "ab"), "hamming('abc', 'ab')");
    PyObject *jaro = fn("jaro");
    record(call(jaro, NULL, "(ss)", "Brian", "Jesus"), "jaro('Brian', 'Jesus')");
    record(call(jaro, NULL, "(ss)", "Thorkel", "Thorgier"), "jaro('Thorkel', 'Thorgier')");
    record(call(jaro, NULL, "(ss)", "Dinsdale", "D"), "jaro('Dinsdale', 'D')");
    PyObject *jw = fn("jaro_winkler");
    record(call(jw, NULL, "(ss)", "Brian", "Jesus"), "jaro_winkler('Brian', 'Jesus')");
    record(call(jw, NULL, "(ss)", "Thorkel", "Thorgier"), "jaro_winkler('Thorkel', 'Thorgier')");
    record(call(jw, NULL, "(ss)", "Dinsdale", "D"), "jaro_winkler('Dinsdale', 'D')");
    record(call(jw, NULL, "(ssd)", "Thorkel", "Thorgier", 0.25), "jaro_winkler('Thorkel', 'Thorgier', 0.25)");
    record(call(jw, NULL, "(ssd)", "Thorkel", "Thorgier", 0.5), "jaro_winkler('Thorkel', 'Thorgier', 0.5)");
    Py_DECREF(jw);
    Py_DECREF(jaro);
    Py_DECREF(hamming);
    Py_DECREF(ratio);
    Py_DECREF(distance);
}

#define FIXME "[ssssssss]", "Levnhtein", "Leveshein", "Leenshten", "Leveshtei", "Lenshtein", "Lvenstein", \
              "Levenhtin", "evenshtei"

static void test_medians(void)
{
    PyObject *median = fn("median");
    expect_str(call(median, NULL, "([ssssss])", "SpSm", "mpamm", "Spam", "Spa", "Sua", "hSam"), "Spam",
               "median(['SpSm', 'mpamm', 'Spam', 'Spa', 'Sua', 'hSam'])");
    PyObject *fixme = Py_BuildValue(FIXME);
    expect_str(call(median, NULL, "(O)", fixme), "Levenshtein", "median(fixme)");
    record(call(median, NULL, "([yyy])", "spam", "spa", "sam"), "median([b'spam', b'spa', b'sam'])");
    record(call(median, NULL, "([sss])", "caf\xc3\xa9", "cafe", "caf\xc3\xa9s"), "median(['café', 'cafe', 'cafés'])");
    record(call(median, NULL, "([sss][ddd])", "a", "b", "a", 1.0, 5.0, 1.0), "median(['a', 'b', 'a'], [1, 5, 1])");
    record(call(median, NULL, "([])"), "median([])");
    record(call(median, NULL, "([si])", "a", 1), "median(['a', 1])");
    PyObject *improve = fn("median_improve");
    PyObject *once = call(improve, NULL, "(sO)", "spam", fixme);
    PyObject *once_kept = once ? Py_NewRef(once) : NULL;
    expect_str(once, "enhtein", "median_improve('spam', fixme)");
    if (once_kept) {
        expect_str(call(improve, NULL, "(OO)", once_kept, fixme), "Levenshtein", "median_improve(that, fixme)");
        Py_DECREF(once_kept);
    }
    PyObject *quick = fn("quickmedian");
    expect_str(call(quick, NULL, "(O)", fixme), "Levnshein", "quickmedian(fixme)");
    PyObject *setmedian = fn("setmedian");
    expect_str(call(setmedian, NULL, "([ssssssss])", "ehee", "cceaes", "chees", "chreesc", "chees", "cheesee", "cseese",
                    "chetese"),
               "chees", "setmedian([...])");
    PyObject *seqratio = fn("seqratio");
    record(call(seqratio, NULL, "([ssss][ssss])", "newspaper", "litter bin", "tinny", "antelope", "caribou", "sausage",
                "gorn", "woody"),
           "seqratio([...], [...])");
    PyObject *setratio = fn("setratio");
    record(call(setratio, NULL, "([ssss][ssss])", "newspaper", "litter bin", "tinny", "antelope", "caribou", "sausage",
                "gorn", "woody"),
           "setratio([...], [...])");
    Py_DECREF(setratio);
    Py_DECREF(seqratio);
    Py_DECREF(setmedian);
    Py_DECREF(quick);
    Py_DECREF(improve);
    Py_DECREF(fixme);
    Py_DECREF(median);
}

static void test_edits(void)
{
    rec(callf("editops", "(ss)", "spam", "park"), "editops('spam', 'park')");
    rec(callf("editops", "(ss)", "park", "spam"), "editops('park', 'spam')");
    rec(callf("editops", "(yy)", "spam", "park"), "editops(b'spam', b'park')");
    rec(callf("editops", "(ss)", "\xf0\x9f\x8d\xa3\xf0\x9f\x8d\x99", "\xf0\x9f\x8d\x99"), "editops('🍣🍙', '🍙')");
    rec(callf("opcodes", "(ss)", "spam", "park"), "opcodes('spam', 'park')");
    PyObject *e = callf("editops", "(ss)", "spam", "park");
    rec(e ? callf("inverse", "(O)", e) : NULL, "inverse(editops('spam', 'park'))");
    Py_XDECREF(e);
    e = callf("editops", "(ss)", "man", "scotsman");
    if (e == NULL)
        bail("editops('man', 'scotsman') failed");
    rec(callf("apply_edit", "(Oss)", e, "man", "scotsman"), "apply_edit(e, 'man', 'scotsman')");
    PyObject *e3 = PyList_GetSlice(e, 0, 3);
    PyObject *bastard = callf("apply_edit", "(Oss)", e3, "man", "scotsman");
    rec(bastard ? Py_NewRef(bastard) : NULL, "apply_edit(e[:3], 'man', 'scotsman')");
    PyObject *rest = callf("subtract_edit", "(OO)", e, e3);
    rec(rest ? Py_NewRef(rest) : NULL, "subtract_edit(e, e[:3])");
    if (rest && bastard)
        rec(callf("apply_edit", "(OOs)", rest, bastard, "scotsman"), "apply_edit(subtract_edit(e, e1), bastard, 'scotsman')");
    Py_XDECREF(rest);
    Py_XDECREF(bastard);
    Py_DECREF(e3);
    Py_DECREF(e);

    PyObject *ops = callf("opcodes", "(ss)", "spam and eggs", "foo and bar");
    if (ops == NULL)
        bail("opcodes failed");
    PyObject *inv = callf("inverse", "(O)", ops);
    rec(inv ? callf("apply_edit", "(Oss)", inv, "foo and bar", "spam and eggs") : NULL,
        "apply_edit(inverse(opcodes(a, b)), b, a)");
    Py_XDECREF(inv);
    PyObject *changed = Py_BuildValue("(siiii)", "equal", 10, 13, 8, 11);
    PyList_SetItem(ops, 4, changed);
    rec(PyObject_Repr(ops), "e after e[4] = ('equal', 10, 13, 8, 11)");
    rec(callf("apply_edit", "(Oss)", ops, "spam and eggs", "foo and bar"), "apply_edit(e, a, b)");
    Py_DECREF(ops);

    e = callf("editops", "(ss)", "spam", "park");
    rec(callf("matching_blocks", "(Oss)", e, "spam", "park"), "matching_blocks(editops(a, b), a, b)");
    rec(callf("matching_blocks", "(Oii)", e, 4, 4), "matching_blocks(editops(a, b), len(a), len(b))");
    Py_DECREF(e);
    e = callf("editops", "(ss)", "dog kennels", "mattresses");
    rec(callf("matching_blocks", "(Oss)", e, "dog kennels", "mattresses"), "matching_blocks for 'dog kennels'");
    Py_DECREF(e);

    /* Errors. */
    rec(callf("apply_edit", "([(sii)]ss)", "bogus", 0, 0, "a", "b"), "apply_edit([('bogus', 0, 0)], 'a', 'b')");
    rec(callf("apply_edit", "([(sii)]ss)", "delete", 5, 5, "a", "b"), "apply_edit([('delete', 5, 5)], 'a', 'b')");
    rec(callf("editops", "(i)", 1), "editops(1)");
    rec(callf("inverse", "(i)", 1), "inverse(1)");
    rec(callf("editops", "(sy)", "a", "b"), "editops('a', b'b')");
}

/* PyUnicode_FromUnicode results: many medians of wide strings, each a
   new str whose wchar_t form is then read again. */
static void test_wide_results(void)
{
    PyObject *median = fn("median");
    PyObject *words = PyList_New(0);
    for (int i = 0; i < 50; i++) {
        PyObject *w = PyUnicode_FromFormat("%c%c%c%c", 0x4e00 + i % 7, (int)('a' + i % 3), 0x1f363, 0x1f600 + i % 2);
        PyList_Append(words, w);
        Py_DECREF(w);
    }
    PyObject *m = call(median, NULL, "(O)", words);
    PyObject *m_kept = m ? Py_NewRef(m) : NULL;
    record(m, "median of 50 strings mixing CJK, ASCII and emoji");
    if (m_kept) {
        rec(PyLong_FromSsize_t(PyUnicode_GET_LENGTH(m_kept)), "... its length");
        rec(callf("distance", "(OO)", m_kept, PyList_GET_ITEM(words, 0)), "... distance to the first");
        Py_DECREF(m_kept);
    }
    Py_DECREF(words);
    Py_DECREF(median);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    mod = module;
    test_distances();
    test_medians();
    test_edits();
    test_wide_results();
}

CORPUS_MAIN("_levenshtein", run)
