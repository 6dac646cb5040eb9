/* persistent 6.9's persistent._timestamp: TimeStamp, ZODB's 8-byte
 * transaction id, made by the module function TimeStamp(*args) from raw
 * bytes ("y#") or from (year, month, day, hour, minute, seconds) ("iii|iid",
 * rounding the seconds to the 32-bit fraction), as a static type the module
 * never passes to PyType_Ready: its init only sets the type's ob_type to
 * PyType_Type and tp_getattro to PyObject_GenericGetAttr, so the methods
 * (METH_NOARGS / METH_O) are found on a type readied on first use. Rich
 * comparison of the raw bytes, a hash over them, a repr / str of the
 * bytes, laterThan() returning self or the next stamp.
 *
 * Vectors: src/persistent/tests/test_timestamp.py (invalid argument
 * lists and strings, from raw bytes of 1900-01-01, from elements, the
 * 2011 stamp's timeTime, laterThan both ways and its TypeErrors, repr,
 * the hash constants of a 64-bit build, ordering, seconds precision and
 * its halves).
 */
#include "corpus.h"

static PyObject *TimeStamp;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static PyObject *ts_raw(const char *raw)
{
    PyObject *t = PyObject_CallFunction(TimeStamp, "y#", raw, (Py_ssize_t)8);
    if (t == NULL)
        bail("TimeStamp(raw) failed");
    return t;
}

static double method_double(PyObject *ts, const char *name)
{
    PyObject *r = PyObject_CallMethod(ts, name, NULL);
    double d = r ? PyFloat_AsDouble(r) : -1e300;
    Py_XDECREF(r);
    PyErr_Clear();
    return d;
}

static int raw_is(PyObject *ts, const char *raw)
{
    PyObject *r = ts ? PyObject_CallMethod(ts, "raw", NULL) : NULL;
    int ok = r && PyBytes_Check(r) && PyBytes_GET_SIZE(r) == 8 && memcmp(PyBytes_AS_STRING(r), raw, 8) == 0;
    Py_XDECREF(r);
    PyErr_Clear();
    return ok;
}

static void test_ctor(void)
{
    static const char *bad[] = {"()", "(i)", "(ii)", "(iii)", "(iiii)", "(iiiii)", "(ssssss)", "(iiiiiii)", "(y)"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "TimeStamp%s", bad[i]);
        PyObject *r;
        switch (i) {
        case 0: r = call(TimeStamp, NULL, "()"); break;
        case 1: r = call(TimeStamp, NULL, "(i)", 1); break;
        case 2: r = call(TimeStamp, NULL, "(ii)", 1, 2); break;
        case 3: r = call(TimeStamp, NULL, "(iii)", 1, 2, 3); break;
        case 4: r = call(TimeStamp, NULL, "(iiii)", 1, 2, 3, 4); break;
        case 5: r = call(TimeStamp, NULL, "(iiiii)", 1, 2, 3, 4, 5); break;
        case 6: r = call(TimeStamp, NULL, "(ssssss)", "1", "2", "3", "4", "5", "6"); break;
        case 7: r = call(TimeStamp, NULL, "(iiiiiii)", 1, 2, 3, 4, 5, 6, 7); break;
        default: r = call(TimeStamp, NULL, "(y)", "123"); break;
        }
        record(r, what);
    }
    for (int n = 0; n <= 7; n++) {
        if (n == 6)
            continue;
        char what[64];
        snprintf(what, sizeof what, "TimeStamp('\\x00' * %d)", n);
        char zeros[8] = {0};
        record(call(TimeStamp, NULL, "(s#)", zeros, (Py_ssize_t)n), what);
    }

    const char zero8[8] = {0};
    PyObject *ts = ts_raw(zero8);
    const double delta = -2208988800.0; /* 1900-01-01 - 1970-01-01 in seconds */
    expect_true(raw_is(ts, zero8) && method_double(ts, "year") == 1900 && method_double(ts, "month") == 1
                    && method_double(ts, "day") == 1 && method_double(ts, "hour") == 0
                    && method_double(ts, "minute") == 0 && method_double(ts, "second") == 0.0
                    && method_double(ts, "timeTime") == delta,
                "TimeStamp(b'\\x00' * 8): 1900-01-01 00:00:00");
    Py_DECREF(ts);
    ts = PyObject_CallFunction(TimeStamp, "iiiiid", 1900, 1, 1, 0, 0, 0.0);
    expect_true(ts && raw_is(ts, zero8) && method_double(ts, "timeTime") == delta,
                "TimeStamp(1900, 1, 1, 0, 0, 0.0)");
    Py_XDECREF(ts);

    PyObject *before = PyObject_CallFunction(TimeStamp, "iiiiid", 2011, 2, 16, 14, 37, 22.80544);
    PyObject *raw = before ? PyObject_CallMethod(before, "raw", NULL) : NULL;
    PyObject *after = raw ? PyObject_CallOneArg(TimeStamp, raw) : NULL;
    expect_true(after && raw_is(after, PyBytes_AS_STRING(raw)), "TimeStamp(before.raw()).raw() == before.raw()");
    expect_true(before && method_double(before, "timeTime") == 1297867042.80544, "... timeTime() == 1297867042.80544");
    rec(raw, "... raw()");
    rec(before ? PyObject_CallMethod(before, "second", NULL) : NULL, "... second()");
    rec(before ? PyObject_Repr(before) : NULL, "... repr");
    rec(before ? PyObject_Str(before) : NULL, "... str");
    Py_XDECREF(after);
    Py_XDECREF(before);
    rec(PyObject_CallFunction(TimeStamp, "iii", 2024, 2, 29), "TimeStamp(2024, 2, 29)");
    rec(PyObject_CallFunction(TimeStamp, "iiiiid", 2024, 13, 1, 0, 0, 0.0), "TimeStamp(2024, 13, 1, ...)");
    rec(PyObject_CallFunction(TimeStamp, "iiiiid", 2024, 1, 1, 25, 0, 0.0), "TimeStamp(2024, 1, 1, 25, ...)");
    rec(PyObject_CallFunction(TimeStamp, "iiiiid", 2024, 1, 1, 0, 0, 61.0), "TimeStamp(..., 61.0 seconds)");
}

static void test_later_and_repr(void)
{
    const char one[8] = {1, 1, 1, 1, 1, 1, 1, 1}, two[8] = {2, 2, 2, 2, 2, 2, 2, 2};
    PyObject *ts1 = ts_raw(one), *ts2 = ts_raw(two);
    static const char *names[] = {"None", "''", "()", "[]", "{}", "object()"};
    PyObject *objs[6] = {Py_NewRef(Py_None), PyUnicode_FromString(""), PyTuple_New(0), PyList_New(0), PyDict_New(),
                         PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type)};
    for (int i = 0; i < 6; i++) {
        char what[48];
        snprintf(what, sizeof what, "laterThan(%s)", names[i]);
        record(call_attr(ts1, "laterThan", NULL, "(O)", objs[i]), what);
        Py_DECREF(objs[i]);
    }
    PyObject *later = PyObject_CallMethod(ts1, "laterThan", "O", ts2);
    const char want[8] = {2, 2, 2, 2, 2, 2, 2, 3};
    expect_true(later && raw_is(later, want), "ts1.laterThan(ts2).raw() == b'\\x02' * 7 + b'\\x03'");
    Py_XDECREF(later);
    later = PyObject_CallMethod(ts2, "laterThan", "O", ts1);
    expect_true(later == ts2, "ts2.laterThan(ts1) is ts2");
    Py_XDECREF(later);
    PyObject *r = PyObject_Repr(ts1), *b = PyBytes_FromStringAndSize(one, 8), *br = PyObject_Repr(b);
    expect_true(r && br && PyUnicode_Compare(r, br) == 0, "repr(ts) == repr(raw)");
    Py_XDECREF(r);
    Py_XDECREF(br);
    Py_DECREF(b);
    /* Its last representable stamp: laterThan rolls over the fraction. */
    const char ff[8] = {0, 0, 0, 0, (char)0xff, (char)0xff, (char)0xff, (char)0xff};
    PyObject *tsff = ts_raw(ff);
    PyObject *next = PyObject_CallMethod(tsff, "laterThan", "O", tsff);
    rec(next ? PyObject_CallMethod(next, "raw", NULL) : NULL, "laterThan(itself) at a full fraction: raw()");
    Py_XDECREF(next);
    Py_DECREF(tsff);
    Py_DECREF(ts1);
    Py_DECREF(ts2);
}

static void test_hash_and_order(void)
{
    static const struct {
        char raw[8];
        const char *hash;
    } H[] = {
        {{0, 0, 0, 0, 0, 0, 0, 0}, "8"},
        {{0, 0, 0, 0, 0, 0, 0, 1}, "9"},
        {{0, 0, 0, 0, 0, 0, 1, 0}, "1000011"},
        {{0, 0, 0, 0, 0, 1, 0, 0}, "1000006000001"},
        {{0, 0, 0, 0, 1, 0, 0, 0}, "1000009000027000019"},
        {{0, 0, 0, 1, 0, 0, 0, 0}, "-4442925868394654887"},
        {{0, 0, 1, 0, 0, 0, 0, 0}, "-3993531167153147845"},
        {{1, 0, 0, 0, 0, 0, 0, 0}, "-3099646879006235965"},
    };
    for (size_t i = 0; i < sizeof H / sizeof H[0]; i++) {
        PyObject *ts = ts_raw(H[i].raw);
        char what[64];
        snprintf(what, sizeof what, "hash of constant %zu == %s", i, H[i].hash);
        Py_hash_t h = PyObject_Hash(ts);
        char got[32];
        snprintf(got, sizeof got, "%lld", (long long)h);
        if (strcmp(got, H[i].hash) != 0)
            diag("got %s; ", got);
        tap(strcmp(got, H[i].hash) == 0, what);
        Py_DECREF(ts);
    }
    const char s[8] = {0, 0, 0, 0, 0, 0, 0, 1}, b[8] = {1, 0, 0, 0, 0, 0, 0, 0};
    PyObject *small = ts_raw(s), *big = ts_raw(b), *small2 = ts_raw(s);
    int ok = PyObject_RichCompareBool(small, big, Py_LT) == 1 && PyObject_RichCompareBool(small, big, Py_LE) == 1
             && PyObject_RichCompareBool(small, small2, Py_LE) == 1 && PyObject_RichCompareBool(small, small2, Py_EQ) == 1
             && PyObject_RichCompareBool(big, small, Py_GT) == 1 && PyObject_RichCompareBool(big, big, Py_GE) == 1
             && PyObject_RichCompareBool(big, small, Py_NE) == 1 && PyObject_RichCompareBool(small, big, Py_EQ) == 0;
    tap(ok, "ordering of two stamps");
    PyObject *raw = PyBytes_FromStringAndSize(s, 8), *i = PyLong_FromLong(1);
    rec(PyObject_RichCompare(small, raw, Py_EQ), "ts == its raw bytes");
    rec(PyObject_RichCompare(small, i, Py_LT), "ts < 1");
    rec(PyObject_RichCompare(small, Py_None, Py_NE), "ts != None");
    Py_DECREF(raw);
    Py_DECREF(i);
    Py_DECREF(small);
    Py_DECREF(small2);
    Py_DECREF(big);

    static const double secs[] = {6.123456789, 6.5, 6.55, 6.555, 6.5555, 6.55555, 6.555555, 6.5555555, 6.55555555,
                                  6.555555555};
    ok = 1;
    for (size_t k = 0; k < sizeof secs / sizeof secs[0] && ok; k++) {
        PyObject *c = PyObject_CallFunction(TimeStamp, "iiiiid", 2001, 2, 3, 4, 5, secs[k]);
        PyObject *craw = c ? PyObject_CallMethod(c, "raw", NULL) : NULL;
        PyObject *c2 = craw ? PyObject_CallOneArg(TimeStamp, craw) : NULL;
        ok = c2 && PyObject_RichCompareBool(c, c2, Py_EQ) == 1 && method_double(c, "second") == method_double(c2, "second");
        Py_XDECREF(c2);
        Py_XDECREF(craw);
        Py_XDECREF(c);
    }
    tap(ok, "seconds precision: a stamp rebuilt from its raw bytes is equal");
    PyObject *c = PyObject_CallFunction(TimeStamp, "iiiiid", 2001, 2, 3, 4, 5, 6.555555555);
    rec(c ? PyObject_CallMethod(c, "second", NULL) : NULL, "second() of 6.555555555");
    rec(c ? PyObject_CallMethod(c, "raw", NULL) : NULL, "... raw()");
    Py_XDECREF(c);
    rec(PyObject_GetAttrString(TimeStamp, "__name__"), "TimeStamp.__name__");
    PyObject *ts = ts_raw(s);
    rec(PyObject_GetAttrString((PyObject *)Py_TYPE(ts), "__name__"), "type(ts).__name__");
    rec(PyObject_GetAttrString(ts, "nonesuch"), "ts.nonesuch");
    Py_DECREF(ts);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    rec(PyObject_GetAttrString(module, "__doc__"), "_timestamp.__doc__");
    TimeStamp = attr(module, "TimeStamp");
    test_ctor();
    test_later_and_repr();
    test_hash_and_order();
    Py_DECREF(TimeStamp);
}

CORPUS_MAIN("_timestamp", run)
