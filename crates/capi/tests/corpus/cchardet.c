/* faust-cchardet 2.1.19: uchardet (C++) behind the C++ that Cython 3.0.0
 * wrote from _cchardet.pyx (shipped in the sdist): a `def` function typed
 * `bytes msg` returning `(bytes, float)` or `(None, None)`, and a `cdef
 * class UniversalDetector` with `__init__`, `feed(bytes)`, `close`,
 * `reset` and the `done` / `result` properties.
 *
 * Vectors: src/tests/cchardet_test.py -- test_detect over every file of
 * src/tests/testdata/<lang>/<charset>.txt (the expected charset is the
 * file name, compared case-insensitively; the test's SKIP_LIST left out),
 * test_detector (the Shift-JIS sample fed line by line until `done`),
 * test_ascii, test_github_issue_20, test_utf8_with_bom, test_null_bytes.
 * cchardet.detect() itself is Python (cchardet/__init__.py) over
 * detect_with_confidence, called here directly. Confidences are recorded.
 */
#include "corpus.h"
#include <dirent.h>
#include <strings.h>

static const char *const SKIP[] = {
    "ja/utf-16le.txt", "ja/utf-16be.txt", "es/iso-8859-15.txt", "da/iso-8859-1.txt", "he/iso-8859-8.txt",
};

static int skipped(const char *lang, const char *file)
{
    char rel[1024];
    snprintf(rel, sizeof rel, "%s/%s", lang, file);
    for (size_t i = 0; i < sizeof SKIP / sizeof *SKIP; i++)
        if (strcmp(rel, SKIP[i]) == 0)
            return 1;
    return 0;
}

/* Whether `result` is a (bytes, float) pair whose bytes equal `charset`
   case-insensitively (NULL: the pair is (None, None)). */
static int charset_is(PyObject *result, const char *charset, size_t n)
{
    if (!PyTuple_Check(result) || PyTuple_GET_SIZE(result) != 2) {
        diag("result is not a pair; ");
        return 0;
    }
    PyObject *enc = PyTuple_GET_ITEM(result, 0), *conf = PyTuple_GET_ITEM(result, 1);
    if (charset == NULL) {
        if (enc != Py_None || conf != Py_None) {
            diag("expected (None, None); ");
            return 0;
        }
        return 1;
    }
    if (!PyBytes_Check(enc) || !PyFloat_Check(conf)) {
        diag("expected (bytes, float), got (%s, %s); ", Py_TYPE(enc)->tp_name, Py_TYPE(conf)->tp_name);
        return 0;
    }
    if ((size_t)PyBytes_GET_SIZE(enc) != n || strncasecmp(PyBytes_AS_STRING(enc), charset, n) != 0) {
        diag("detected %s, expected %.*s; ", PyBytes_AS_STRING(enc), (int)n, charset);
        return 0;
    }
    return 1;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void run(PyObject *module, const char *sdist)
{
    PyObject *detect = attr(module, "detect_with_confidence");
    PyObject *detector_type = attr(module, "UniversalDetector");
    char what[1024], dir[4096];

    /* test_detect: every sample in the test data, in a fixed order. */
    snprintf(dir, sizeof dir, "%s/src/tests/testdata", sdist);
    struct dirent **langs;
    int n_langs = scandir(dir, &langs, NULL, by_name);
    if (n_langs < 0)
        bail("cannot list %s", dir);
    int files = 0;
    for (int i = 0; i < n_langs; i++) {
        const char *lang = langs[i]->d_name;
        if (lang[0] == '.')
            continue;
        char langdir[4608];
        snprintf(langdir, sizeof langdir, "%s/%s", dir, lang);
        struct dirent **names;
        int n = scandir(langdir, &names, NULL, by_name);
        for (int j = 0; j < n; j++) {
            const char *file = names[j]->d_name;
            size_t len = strlen(file);
            if (len > 4 && strcmp(file + len - 4, ".txt") == 0 && !skipped(lang, file)) {
                PyObject *msg = read_file(langdir, file);
                snprintf(what, sizeof what, "detect_with_confidence(testdata/%s/%s)", lang, file);
                PyObject *r = take(call(detect, NULL, "(O)", msg));
                int ok = r != NULL && charset_is(r, file, len - 4);
                if (r != NULL) {
                    PyObject *conf = PyTuple_GET_ITEM(r, 1);
                    snprintf(what + strlen(what), sizeof what - strlen(what), " confidence");
                    print_record(conf, what);
                    what[strlen(what) - strlen(" confidence")] = '\0';
                }
                Py_XDECREF(r);
                Py_DECREF(msg);
                tap(ok, what);
                files++;
            }
            free(names[j]);
        }
        free(names);
    }
    for (int i = 0; i < n_langs; i++)
        free(langs[i]);
    free(langs);
    expect_true(files > 100, "the test data has its samples");

    /* test_ascii, test_utf8_with_bom, test_null_bytes, test_github_issue_20. */
    PyObject *r = take(call(detect, NULL, "(y)", "abcdefghijklmnopqrstuvwxyz"));
    tap(r != NULL && charset_is(r, "ascii", 5), "detect_with_confidence(b'abc...z') is ASCII");
    if (r != NULL)
        record_value(r, "detect_with_confidence(b'abc...z')");
    Py_XDECREF(r);
    r = take(call(detect, NULL, "(y)", "\xEF\xBB\xBF"));
    tap(r != NULL && charset_is(r, "utf-8-sig", 9), "detect_with_confidence(BOM) is UTF-8-SIG");
    Py_XDECREF(r);
    r = take(call(detect, NULL, "(y#)", "ABC\x00\x80\x81", (Py_ssize_t)6));
    tap(r != NULL && charset_is(r, NULL, 0), "detect_with_confidence(b'ABC\\x00\\x80\\x81') is (None, None)");
    Py_XDECREF(r);
    record(call(detect, NULL, "(y)", "\x8f"), "detect_with_confidence(b'\\x8f') (github issue 20)");
    record(call(detect, NULL, "(y)", ""), "detect_with_confidence(b'')");

    /* The `bytes msg` argument check and the call's arity. */
    record(call(detect, NULL, "(s)", "abc"), "detect_with_confidence('abc')");
    PyObject *ba = PyByteArray_FromStringAndSize("abc", 3);
    record(call(detect, NULL, "(O)", ba), "detect_with_confidence(bytearray)");
    Py_DECREF(ba);
    record(call(detect, NULL, "(O)", Py_None), "detect_with_confidence(None)");
    record(call(detect, NULL, "()"), "detect_with_confidence()");
    record(call(detect, kw_dict("{s:y}", "msg", "abc"), "()"), "detect_with_confidence(msg=b'abc')");

    /* test_detector: the Shift-JIS sample, line by line until done. */
    PyObject *detector = keep(call(detector_type, NULL, "()"), "UniversalDetector()");
    snprintf(dir, sizeof dir, "%s/src/tests/samples", sdist);
    PyObject *sample = read_file(dir, "wikipediaJa_One_Thousand_and_One_Nights_SJIS.txt");
    const char *p = PyBytes_AS_STRING(sample), *end = p + PyBytes_GET_SIZE(sample);
    int lines = 0, done = 0;
    group_ok = 1;
    while (p < end && !done) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        Py_ssize_t len = nl ? nl - p + 1 : end - p;
        Py_XDECREF(take(call_attr(detector, "feed", NULL, "(y#)", p, len)));
        PyObject *flag = PyObject_GetAttrString(detector, "done");
        done = flag == Py_True;
        Py_XDECREF(flag);
        p += len;
        lines++;
    }
    Py_DECREF(sample);
    snprintf(what, sizeof what, "feed() the SJIS sample line by line (%d lines until done)", lines);
    tap(group_ok, what);
    expect_is(call_attr(detector, "close", NULL, "()"), Py_None, "UniversalDetector.close()");
    PyObject *result = PyObject_GetAttrString(detector, "result");
    tap(result != NULL && charset_is(result, "shift_jis", 9), "UniversalDetector.result is SHIFT_JIS");
    if (result != NULL)
        record_value(PyTuple_GET_ITEM(result, 1), "UniversalDetector.result confidence (SJIS)");
    Py_XDECREF(result);
    PyErr_Clear();
    expect_is(call_attr(detector, "feed", NULL, "(y)", "more"), Py_None, "feed() after close() is ignored");
    expect_is(call_attr(detector, "reset", NULL, "()"), Py_None, "reset() after close() does nothing");
    Py_DECREF(detector);

    /* A fresh detector: nothing fed; then reset; then a feed of str. */
    detector = keep(call(detector_type, NULL, "()"), "UniversalDetector() again");
    result = PyObject_GetAttrString(detector, "result");
    tap(result != NULL && charset_is(result, NULL, 0), "result before any feed is (None, None)");
    Py_XDECREF(result);
    PyObject *flag = PyObject_GetAttrString(detector, "done");
    tap(flag == Py_False, "done before any feed is False");
    Py_XDECREF(flag);
    expect_is(call_attr(detector, "feed", NULL, "(y)", "abcdef"), Py_None, "feed(b'abcdef')");
    result = PyObject_GetAttrString(detector, "result");
    if (result != NULL)
        record_value(result, "result after feed(b'abcdef')");
    Py_XDECREF(result);
    expect_is(call_attr(detector, "reset", NULL, "()"), Py_None, "reset()");
    result = PyObject_GetAttrString(detector, "result");
    tap(result != NULL && charset_is(result, NULL, 0), "result after reset() is (None, None)");
    Py_XDECREF(result);
    record(call_attr(detector, "feed", NULL, "(s)", "abc"), "UniversalDetector.feed('abc')");
    record(call_attr(detector, "feed", NULL, "()"), "UniversalDetector.feed()");
    expect_is(call_attr(detector, "feed", NULL, "(y)", "\x8f"), Py_None, "feed(b'\\x8f') (github issue 20)");
    expect_is(call_attr(detector, "close", NULL, "()"), Py_None, "close() after a lone \\x8f");
    Py_DECREF(detector);
    PyErr_Clear();

    Py_DECREF(detect);
    Py_DECREF(detector_type);
}

CORPUS_MAIN("_cchardet", run)
