/* pendulum 2.1.2's pendulum._extensions._helpers: calendar arithmetic
 * over "i" / "iii" / "dii" arguments (is_leap, is_long_year, week_day,
 * days_in_year, local_time), timestamp(dt) reading a datetime's fields
 * through the datetime C API's macros and its tzinfo's utcoffset(), and
 * precise_diff(dt1, dt2) -- which reads datetime structs directly
 * (hastzinfo, tzinfo), asks each tzinfo for a `name` or `zone` attribute
 * (PyObject_HasAttrString) and builds its static PreciseDiff type (T_INT
 * members, PyType_GenericNew, tp_init over "iiiiiii").
 *
 * Vectors: tests/test_helpers.py's test_precise_diff (pendulum's
 * repository; the sdist ships no tests) less its pendulum-timezone DST
 * case, and the helpers over ranges of years and dates, folded into
 * digests; plus aware datetimes and the argument errors.
 */
#include "corpus.h"
#include <datetime.h>

static PyObject *mod;

/* The pending call's result, shown through `view` (a new reference made
   from it), then settled: one TAP line. */
static void rec_view(PyObject *view, const char *what)
{
    print_record(view, what);
    Py_XDECREF(view);
    PyErr_Clear();
    int ok = settle(0);
    tap(ok, what);
}

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    PyErr_Clear();
    tap(1, what);
}

/* Calls mod.<fn>(*args) for many argument tuples, folding the results'
   reprs into one FNV-1a digest. */
static void fold(const char *fn, PyObject *arglist, const char *what)
{
    PyObject *f = attr(mod, fn);
    unsigned long long h = 0xcbf29ce484222325ULL;
    long errors = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(arglist); i++) {
        PyObject *r = PyObject_Call(f, PyList_GET_ITEM(arglist, i), NULL);
        if (r == NULL) {
            errors++;
            PyErr_Clear();
            continue;
        }
        PyObject *s = PyObject_Repr(r);
        Py_ssize_t n = 0;
        const char *p = s ? PyUnicode_AsUTF8AndSize(s, &n) : "";
        for (Py_ssize_t k = 0; k < n; k++) {
            h ^= (unsigned char)p[k];
            h *= 0x100000001b3ULL;
        }
        Py_XDECREF(s);
        Py_DECREF(r);
    }
    char digest[80];
    snprintf(digest, sizeof digest, "%016llx over %zd calls, %ld raising", h, PyList_GET_SIZE(arglist), errors);
    rec(PyUnicode_FromString(digest), what);
    Py_DECREF(arglist);
    Py_DECREF(f);
}

static void test_calendar(void)
{
    PyObject *years = PyList_New(0);
    for (int y = -50; y <= 10000; y += 1) {
        PyObject *a = Py_BuildValue("(i)", y);
        PyList_Append(years, a);
        Py_DECREF(a);
    }
    fold("is_leap", Py_NewRef(years), "is_leap over years -50..10000");
    fold("is_long_year", Py_NewRef(years), "is_long_year over years -50..10000");
    fold("days_in_year", Py_NewRef(years), "days_in_year over years -50..10000");
    Py_DECREF(years);
    PyObject *dates = PyList_New(0);
    for (int y = 1600; y <= 2400; y += 7)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= 28; d += 3) {
                PyObject *a = Py_BuildValue("(iii)", y, m, d);
                PyList_Append(dates, a);
                Py_DECREF(a);
            }
    fold("week_day", dates, "week_day over dates 1600..2400");
    PyObject *times = PyList_New(0);
    for (long long t = -2208988800LL; t <= 4102444800LL; t += 86400LL * 37 + 3601) {
        for (int off = -43200; off <= 50400; off += 19800) {
            PyObject *a = Py_BuildValue("(dii)", (double)t, off, (int)(t % 1000000 < 0 ? -(t % 1000000) : t % 1000000));
            PyList_Append(times, a);
            Py_DECREF(a);
        }
    }
    fold("local_time", times, "local_time over 1900..2100 and offsets");

    PyObject *f = attr(mod, "is_leap");
    expect_is(call(f, NULL, "(i)", 2000), Py_True, "is_leap(2000)");
    expect_is(call(f, NULL, "(i)", 1900), Py_False, "is_leap(1900)");
    record(call(f, NULL, "(s)", "2000"), "is_leap('2000')");
    record(call(f, NULL, "()"), "is_leap()");
    Py_DECREF(f);
    f = attr(mod, "is_long_year");
    expect_is(call(f, NULL, "(i)", 2015), Py_True, "is_long_year(2015)");
    expect_is(call(f, NULL, "(i)", 2016), Py_False, "is_long_year(2016)");
    Py_DECREF(f);
    f = attr(mod, "week_day");
    record(call(f, NULL, "(iii)", 2017, 8, 23), "week_day(2017, 8, 23)");
    record(call(f, NULL, "(ii)", 2017, 8), "week_day(2017, 8)");
    Py_DECREF(f);
    f = attr(mod, "local_time");
    record(call(f, NULL, "(dii)", 1500000000.0, 3600, 123456), "local_time(1500000000.0, 3600, 123456)");
    record(call(f, NULL, "(dii)", -1.0, 0, 0), "local_time(-1.0, 0, 0)");
    record(call(f, NULL, "(iii)", 0, 0, 0), "local_time(0, 0, 0): an int time");
    record(call(f, NULL, "(sii)", "0", 0, 0), "local_time('0', 0, 0)");
    Py_DECREF(f);
}

static void test_timestamp(void)
{
    PyObject *f = attr(mod, "timestamp");
    PyObject *dt = PyDateTime_FromDateAndTime(2016, 10, 6, 12, 34, 56, 123456);
    record(call(f, NULL, "(O)", dt), "timestamp(datetime(2016, 10, 6, 12, 34, 56, 123456))");
    Py_DECREF(dt);
    dt = PyDateTime_FromDateAndTime(1969, 12, 31, 23, 59, 59, 0);
    record(call(f, NULL, "(O)", dt), "timestamp(datetime(1969, 12, 31, 23, 59, 59))");
    Py_DECREF(dt);
    PyObject *delta = PyDelta_FromDSU(0, -5 * 3600, 0);
    PyObject *tz = PyTimeZone_FromOffset(delta);
    dt = PyDateTimeAPI->DateTime_FromDateAndTime(2016, 10, 6, 12, 0, 0, 0, tz, PyDateTimeAPI->DateTimeType);
    record(call(f, NULL, "(O)", dt), "timestamp(an aware datetime at -05:00)");
    Py_DECREF(dt);
    /* (no date: timestamp() reads a datetime's time fields unchecked) */
    Py_DECREF(f);

    f = attr(mod, "precise_diff");
    static const int pairs[][2][7] = {
        {{2003, 3, 1, 0, 0, 0, 0}, {2003, 1, 31, 23, 59, 59, 0}},
        {{2003, 1, 31, 23, 59, 59, 0}, {2003, 3, 1, 0, 0, 0, 0}},
        {{2012, 3, 1, 0, 0, 0, 0}, {2012, 1, 31, 23, 59, 59, 0}},
        {{2012, 1, 31, 23, 59, 59, 0}, {2012, 3, 1, 0, 0, 0, 0}},
        {{2001, 1, 1, 0, 0, 0, 0}, {2003, 9, 17, 20, 54, 47, 282310}},
        {{2017, 2, 17, 16, 5, 45, 123456}, {2018, 2, 17, 16, 5, 45, 123256}},
        {{2000, 2, 29, 0, 0, 0, 0}, {2001, 2, 28, 0, 0, 0, 0}},
        {{1999, 12, 31, 23, 59, 59, 999999}, {2000, 1, 1, 0, 0, 0, 0}},
        {{2020, 5, 5, 5, 5, 5, 5}, {2020, 5, 5, 5, 5, 5, 5}},
    };
    static const char *const fields[] = {"years", "months", "days", "hours", "minutes", "seconds", "microseconds", "total_days"};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const int *a = pairs[i][0], *b = pairs[i][1];
        PyObject *dt1 = PyDateTime_FromDateAndTime(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
        PyObject *dt2 = PyDateTime_FromDateAndTime(b[0], b[1], b[2], b[3], b[4], b[5], b[6]);
        char what[128];
        snprintf(what, sizeof what, "precise_diff(%04d-%02d-%02d %02d:%02d:%02d.%06d, %04d-%02d-%02d %02d:%02d:%02d.%06d)",
                 a[0], a[1], a[2], a[3], a[4], a[5], a[6], b[0], b[1], b[2], b[3], b[4], b[5], b[6]);
        PyObject *r = call(f, NULL, "(OO)", dt1, dt2);
        PyObject *t = r ? PyTuple_New(8) : NULL;
        for (int k = 0; t && k < 8; k++) {
            PyObject *v = PyObject_GetAttrString(r, fields[k]);
            PyTuple_SET_ITEM(t, k, v ? v : Py_NewRef(Py_None));
        }
        PyErr_Clear();
        print_record(t ? t : r, what);
        Py_XDECREF(t);
        int ok = settle(0);
        tap(ok, what);
        Py_DECREF(dt1);
        Py_DECREF(dt2);
    }
    /* aware: the same zone, and two different offsets */
    PyObject *other = PyTimeZone_FromOffset(delta = (Py_DECREF(delta), PyDelta_FromDSU(0, 3600, 0)));
    PyObject *dt1 = PyDateTimeAPI->DateTime_FromDateAndTime(2017, 3, 7, 0, 0, 0, 0, tz, PyDateTimeAPI->DateTimeType);
    PyObject *dt2 = PyDateTimeAPI->DateTime_FromDateAndTime(2017, 3, 13, 0, 0, 0, 0, tz, PyDateTimeAPI->DateTimeType);
    PyObject *dt3 = PyDateTimeAPI->DateTime_FromDateAndTime(2017, 3, 13, 0, 0, 0, 0, other, PyDateTimeAPI->DateTimeType);
    PyObject *r = call(f, NULL, "(OO)", dt1, dt2);
    rec_view(r ? Py_BuildValue("(NNN)", PyObject_GetAttrString(r, "days"), PyObject_GetAttrString(r, "hours"),
                               PyObject_GetAttrString(r, "total_days"))
               : NULL,
             "precise_diff of two datetimes in one fixed zone: (days, hours, total_days)");
    r = call(f, NULL, "(OO)", dt1, dt3);
    rec_view(r ? Py_BuildValue("(NNN)", PyObject_GetAttrString(r, "days"), PyObject_GetAttrString(r, "hours"),
                               PyObject_GetAttrString(r, "total_days"))
               : NULL,
             "precise_diff across two offsets: (days, hours, total_days)");
    PyObject *naive = PyDateTime_FromDateAndTime(2017, 3, 13, 0, 0, 0, 0);
    r = call(f, NULL, "(OO)", dt1, naive);
    rec_view(r ? Py_BuildValue("(NN)", PyObject_GetAttrString(r, "days"), PyObject_GetAttrString(r, "hours")) : NULL,
             "precise_diff aware against naive: (days, hours)");
    record(call(f, NULL, "(O)", naive), "precise_diff(one datetime)");
    Py_DECREF(naive);
    Py_DECREF(dt1);
    Py_DECREF(dt2);
    Py_DECREF(dt3);
    Py_DECREF(other);
    Py_DECREF(tz);
    Py_DECREF(delta);
    Py_DECREF(f);

    PyObject *cls = attr(mod, "PreciseDiff");
    rec(PyObject_GetAttrString(cls, "__name__"), "PreciseDiff.__name__");
    PyObject *pd = call(cls, NULL, "(iiiiiii)", 1, 2, 3, 4, 5, 6, 7);
    rec_view(pd ? Py_BuildValue("(NNN)", PyObject_GetAttrString(pd, "years"), PyObject_GetAttrString(pd, "microseconds"),
                                PyObject_GetAttrString(pd, "days"))
                : NULL,
             "PreciseDiff(1, ..., 7): (years, microseconds, days)");
    record(call(cls, NULL, "(i)", 1), "PreciseDiff(1)");
    Py_DECREF(cls);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyDateTime_IMPORT;
    mod = module;
    test_calendar();
    test_timestamp();
}

CORPUS_MAIN("_helpers", run)
