/* ciso8601 2.3.1: an ISO 8601 / RFC 3339 timestamp parser written against
 * the datetime C API. It imports the capsule in its init function
 * (PyDateTime_IMPORT), builds results through PyDateTimeAPI's
 * DateTime_FromDateAndTime with a tzinfo, makes offsets with
 * PyDelta_FromDSU / PyTimeZone_FromOffset or its own FixedOffset (a C
 * subclass of tzinfo), returns PyDateTime_TimeZone_UTC for 'Z', and adds a
 * day with PyNumber_Add for "24:00".
 *
 * Vectors: tests/tests.py (valid and invalid timestamps, ordinal dates,
 * special midnight, RFC 3339, offsets out of range, mixed formats) and
 * tests/test_timezone.py (FixedOffset's utcoffset/dst/tzname/fromutc). The
 * results' reprs and the error messages are also recorded for comparison
 * with CPython.
 */
#include "corpus.h"

static PyObject *DT, *TIMEDELTA, *TIMEZONE;

/* A datetime(y, m, d, h, mi, s, us, tzinfo) made through the datetime
   module, for comparison with ciso8601's results. */
static PyObject *datetime_of(int y, int m, int d, int h, int mi, int s, int us, PyObject *tz)
{
    return PyObject_CallFunction(DT, "iiiiiiiO", y, m, d, h, mi, s, us, tz);
}

/* Whether r == expected (both owned, either may be NULL after a failure;
   released here), as a TAP line. `r` is a result already take()n (or a
   value no call produced). */
static void check_equal(PyObject *r, PyObject *expected, const char *what)
{
    int ok = r != NULL && expected != NULL;
    if (ok) {
        int eq = PyObject_RichCompareBool(r, expected, Py_EQ);
        if (eq != 1) {
            PyObject *rr = PyObject_Repr(r), *er = PyObject_Repr(expected);
            diag("got %s, expected %s; ", rr ? PyUnicode_AsUTF8(rr) : "?", er ? PyUnicode_AsUTF8(er) : "?");
            Py_XDECREF(rr);
            Py_XDECREF(er);
            PyErr_Clear();
            ok = 0;
        }
    }
    Py_XDECREF(r);
    Py_XDECREF(expected);
    tap(ok, what);
}

static const char *VALID[] = {
    "2014-02", "2014-02-03", "20140203", "2014-034", "2014034",
    "2014-02-03T10", "2014-02-03T10:35", "2014-02-03T10:35:27", "2014-02-03T10:35:27.234567",
    "2014-02-03T10:35:27.2", "2014-02-03T10:35:27,23", "20140203T103527", "20140203T103527.234567",
    "2014-02-03 10:35:27", "2014-02-03t10:35:27", "2014-02-03T10:35:27Z", "2014-02-03T10:35:27z",
    "2014-02-03T10:35:27+00:00", "2014-02-03T10:35:27-00:00", "2014-02-03T10:35:27+05:30",
    "2014-02-03T10:35:27-08:00", "2014-02-03T10:35:27+0530", "2014-02-03T10:35:27+05",
    "2014-02-03T10:35:27.5-0130", "20140203T103527+0100", "2014-02-03T23:59:59.999999+23:59",
    "2014-02-03T00:00:00-23:59", "2014-02-03T24:00:00", "2014-12-31T24:00:00Z", "9999-12-30T24:00:00",
    "2014-02-03T24:00:00+01:00", "2016-02-29", "2000-02-29T12:00:00Z", "1600-02-29",
    "0001-01-01T00:00:00", "9999-12-31T23:59:59.999999", "2014-001", "2014-031", "2014-032",
    "2014-059", "2014-060", "2016-060", "2014-365", "2016-365", "2016-366", "2014-W01",
    "2014-W01-1", "2014W017", "2009-W53-7", "2008-W01-1", "20140203T103527.234567891234",
    "2014-02-03T10:35:27.234567891234+01:00", "2018-01-02T03:04:05.12345Z", "2018-11-01 20:42:09+01:30",
};

static const char *INVALID[] = {
    "", "2", "201", "2014", "201402", "2014-", "2014-0", "2014-1", "2014-13", "2014-00", "2014-02-", "2014-02-3",
    "2014-02-30", "2014-02-00", "2014-04-31", "2015-02-29", "1900-02-29", "2014-000", "2014-366",
    "2018=01=01", "2018-01=01", "2018-0102", "201801-01", "2014-02-03T", "2014-02-03T1",
    "2014-02-03T25", "2014-02-03T24:01", "2014-02-03T24:00:01", "2014-02-03T24:00:00.1",
    "2014-02-03T10:60", "2014-02-03T10:35:60", "2014-02-03T10:35:27.", "2014-02-03T10:35:27+",
    "2014-02-03T10:35:27+1", "2014-02-03T10:35:27+01:", "2014-02-03T10:35:27+01:6",
    "2018-01-01T00:00:00.00-24", "2018-01-01T00:00:00.00+24", "2018-01-01T00:00:00.00-99",
    "2018-01-01T00:00:00.00+99", "2018-01-01T00:00:00.00-23:60", "2014-01-02T010203",
    "20140102T01:02:03", "2014-02-03T10:35:27Zjunk", "2014-02-03X10", "2014-W00", "2014-W54",
    "2014-W01-0", "2014-W01-8", "2014-W1", "2009-W53-8", "2019-01-01\xf0\x9f\x90\xb5" "01:02:03Z",
    "2019-01-\xf0\x9f\x90\xb5", "abcd", "99999",
};

static const char *RFC3339_BAD[] = {
    "2018-01-02", "2018-01-02T03", "2018-01-02T03Z", "2018-01-02T03:04", "2018-01-02T03:04Z",
    "2018-01-02T03:04:01+04", "2018-01-02T03:04:05", "2018-01-02T03:04:05.12345",
    "2018-01-02T24:00:00Z", "20180102T03:04:05-12:34", "2018-01-02T030405-12:34",
    "2018-01-02T03:04:05-1234", "2018-01-02T03:04:05,12345Z",
};

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *dtmod = PyImport_ImportModule("datetime");
    if (dtmod == NULL)
        bail("import datetime failed");
    DT = attr(dtmod, "datetime");
    TIMEDELTA = attr(dtmod, "timedelta");
    TIMEZONE = attr(dtmod, "timezone");
    PyObject *utc = attr(TIMEZONE, "utc");
    PyObject *parse = attr(module, "parse_datetime");
    PyObject *naive = attr(module, "parse_datetime_as_naive");
    PyObject *rfc = attr(module, "parse_rfc3339");
    PyObject *fixed = attr(module, "FixedOffset");
    char what[160];

    /* tests.py's explicit vectors. */
    check_equal(take(call(parse, NULL, "(s)", "20140203T103527.234567891234")),
                 datetime_of(2014, 2, 3, 10, 35, 27, 234567, Py_None), "excessive subsecond precision");
    static const int leap[] = {1600, 2000, 2016};
    for (int i = 0; i < 3; i++) {
        char ts[16];
        snprintf(ts, sizeof ts, "%d-02-29", leap[i]);
        snprintf(what, sizeof what, "leap year %s", ts);
        check_equal(take(call(parse, NULL, "(s)", ts)), datetime_of(leap[i], 2, 29, 0, 0, 0, 0, Py_None), what);
    }
    check_equal(take(call(parse, NULL, "(s)", "2014-02-03T24:00:00")),
                 datetime_of(2014, 2, 4, 0, 0, 0, 0, Py_None), "special midnight");
    PyObject *r = take(call(parse, NULL, "(s)", "2018-01-01T00:00:00.00Z"));
    PyObject *tz = r ? PyObject_GetAttrString(r, "tzinfo") : NULL;
    expect_true(tz == utc, "'Z' gives datetime.timezone.utc");
    Py_XDECREF(tz);
    Py_XDECREF(r);
    static const struct { const char *ts; int m, d; } ordinals[] = {
        {"2014-001", 1, 1}, {"2014-031", 1, 31}, {"2014-032", 2, 1}, {"2014-059", 2, 28},
        {"2014-060", 3, 1}, {"2016-060", 2, 29}, {"2014-365", 12, 31}, {"2016-365", 12, 30},
        {"2016-366", 12, 31},
    };
    for (size_t i = 0; i < sizeof ordinals / sizeof *ordinals; i++) {
        snprintf(what, sizeof what, "ordinal %s", ordinals[i].ts);
        int year = ordinals[i].ts[3] == '4' ? 2014 : 2016;
        check_equal(take(call(parse, NULL, "(s)", ordinals[i].ts)),
                     datetime_of(year, ordinals[i].m, ordinals[i].d, 0, 0, 0, 0, Py_None), what);
    }
    expect_error(call(parse, NULL, "(s)", "2018=01=01"), PyExc_ValueError,
                 "Invalid character while parsing month*", "invalid calendar separator");
    expect_error(call(parse, NULL, "(s)", ""), PyExc_ValueError,
                 "Unexpected end of string while parsing year. Expected 4 more characters", "empty string");
    expect_error(call(parse, NULL, "(s)", "2014-01-02T010203"), PyExc_ValueError,
                 "Cannot combine \"extended\" date format with \"basic\" time format*", "mixed formats");
    expect_error(call(parse, NULL, "(s)", "2018-01-01T00:00:00.00+24"), PyExc_ValueError,
                 "offset must be a timedelta strictly between -timedelta(hours=24) and "
                 "timedelta(hours=24), not datetime.timedelta(days=1).",
                 "offset +24 too large");
    expect_error(call(parse, NULL, "(s)", "2018-01-01T00:00:00.00-24"), PyExc_ValueError,
                 "offset must be a timedelta strictly between -timedelta(hours=24) and "
                 "timedelta(hours=24), not datetime.timedelta(days=-1).",
                 "offset -24 too large");
    expect_error(call(parse, NULL, "(s)", "2018-01-01T00:00:00.00-23:60"), PyExc_ValueError,
                 "tzminute must be in 0..59", "tz minute 60");

    /* Every valid timestamp through the three parsers: parse_datetime ==
       parse_rfc3339 where both accept it, naive == aware.replace(tzinfo=None),
       and the reprs recorded. */
    for (size_t i = 0; i < sizeof VALID / sizeof *VALID; i++) {
        snprintf(what, sizeof what, "parse_datetime(%s)", VALID[i]);
        PyObject *aware = record_keep(call(parse, NULL, "(s)", VALID[i]), what);
        expect_true(aware != NULL, what);
        snprintf(what, sizeof what, "parse_datetime_as_naive(%s)", VALID[i]);
        PyObject *plain = record_keep(call(naive, NULL, "(s)", VALID[i]), what);
        if (aware && plain) {
            PyObject *kw = Py_BuildValue("{s:O}", "tzinfo", Py_None);
            PyObject *rep = PyObject_GetAttrString(aware, "replace");
            PyObject *args = PyTuple_New(0);
            PyObject *stripped = PyObject_Call(rep, args, kw);
            Py_DECREF(args);
            Py_DECREF(rep);
            Py_DECREF(kw);
            snprintf(what, sizeof what, "naive == aware.replace(tzinfo=None) (%s)", VALID[i]);
            check_equal(Py_NewRef(plain), stripped, what);
            snprintf(what, sizeof what, "str(parse_datetime(%s))", VALID[i]);
            record_value(PyObject_Str(aware), what);
            snprintf(what, sizeof what, "utcoffset (%s)", VALID[i]);
            record(call_attr(aware, "utcoffset", NULL, "()"), what);
            snprintf(what, sizeof what, "tzname (%s)", VALID[i]);
            record(call_attr(aware, "tzname", NULL, "()"), what);
        }
        snprintf(what, sizeof what, "parse_rfc3339(%s)", VALID[i]);
        PyObject *strict = record_keep(call(rfc, NULL, "(s)", VALID[i]), what);
        if (strict && aware) {
            snprintf(what, sizeof what, "parse_rfc3339 == parse_datetime (%s)", VALID[i]);
            check_equal(Py_NewRef(strict), Py_NewRef(aware), what);
        }
        Py_XDECREF(strict);
        Py_XDECREF(aware);
        Py_XDECREF(plain);
    }
    for (size_t i = 0; i < sizeof INVALID / sizeof *INVALID; i++) {
        snprintf(what, sizeof what, "invalid parse_datetime(%s)", INVALID[i]);
        expect_error(call(parse, NULL, "(s)", INVALID[i]), PyExc_ValueError, NULL, what);
        snprintf(what, sizeof what, "invalid parse_datetime message (%s)", INVALID[i]);
        record(call(parse, NULL, "(s)", INVALID[i]), what);
        snprintf(what, sizeof what, "invalid parse_datetime_as_naive(%s)", INVALID[i]);
        record(call(naive, NULL, "(s)", INVALID[i]), what);
    }
    for (size_t i = 0; i < sizeof RFC3339_BAD / sizeof *RFC3339_BAD; i++) {
        snprintf(what, sizeof what, "parse_rfc3339(%s)", RFC3339_BAD[i]);
        expect_error(call(rfc, NULL, "(s)", RFC3339_BAD[i]), PyExc_ValueError, "*", what);
        snprintf(what, sizeof what, "parse_rfc3339 message (%s)", RFC3339_BAD[i]);
        record(call(rfc, NULL, "(s)", RFC3339_BAD[i]), what);
    }
    record(call(parse, NULL, "(i)", 5), "parse_datetime(5)");
    record(call(parse, NULL, "(y)", "2014-02-03"), "parse_datetime(b'2014-02-03')");
    record(call(parse, NULL, "()"), "parse_datetime()");
    record(call_attr(module, "_hard_coded_benchmark_timestamp", NULL, "()"), "_hard_coded_benchmark_timestamp()");

    /* test_timezone.py: FixedOffset against datetime.timezone, every
       whole minute of the day either way. */
    int bad = 0;
    for (int minutes = -1439; minutes < 1440; minutes++) {
        PyObject *off = PyObject_CallFunction(TIMEDELTA, "iii", 0, minutes * 60, 0);
        PyObject *builtin_tz = PyObject_CallFunctionObjArgs(TIMEZONE, off, NULL);
        PyObject *our_tz = PyObject_CallFunction(fixed, "i", minutes * 60);
        PyObject *a = datetime_of(2014, 2, 3, 10, 35, 27, 234567, builtin_tz);
        PyObject *b = datetime_of(2014, 2, 3, 10, 35, 27, 234567, our_tz);
        const char *names[] = {"utcoffset", "tzname"};
        for (int k = 0; k < 2 && a && b; k++) {
            PyObject *x = PyObject_CallMethod(a, names[k], NULL);
            PyObject *y = PyObject_CallMethod(b, names[k], NULL);
            if (x == NULL || y == NULL || PyObject_RichCompareBool(x, y, Py_EQ) != 1) {
                if (bad++ < 3)
                    diag("%s differs at %d minutes; ", names[k], minutes);
            }
            Py_XDECREF(x);
            Py_XDECREF(y);
        }
        if (a == NULL || b == NULL)
            bad++;
        PyErr_Clear();
        Py_XDECREF(a);
        Py_XDECREF(b);
        Py_XDECREF(off);
        Py_XDECREF(builtin_tz);
        Py_XDECREF(our_tz);
    }
    expect_true(bad == 0, "FixedOffset utcoffset/tzname match timezone for -1439..1439 minutes");
    PyObject *one_hour = PyObject_CallFunction(fixed, "i", 3600);
    PyObject *dt = datetime_of(2014, 2, 3, 10, 35, 27, 234567, one_hour);
    /* Called directly: the result holds the tzinfo, so the harness's
       refcount baseline of `self` does not apply. */
    check_equal(PyObject_CallMethod(one_hour, "fromutc", "O", dt),
                 datetime_of(2014, 2, 3, 11, 35, 27, 234567, one_hour), "FixedOffset.fromutc");
    record(call_attr(one_hour, "dst", NULL, "(O)", dt), "FixedOffset.dst");
    record(call_attr(one_hour, "tzname", NULL, "(O)", dt), "FixedOffset.tzname");
    record(call_attr(one_hour, "utcoffset", NULL, "(O)", dt), "FixedOffset.utcoffset");
    record(call(fixed, NULL, "(i)", -86400), "FixedOffset(-86400)");
    record(call(fixed, NULL, "(i)", 600000), "FixedOffset(600000)");
    record(call(fixed, NULL, "(s)", "x"), "FixedOffset('x')");
    record_value(dt, "datetime with FixedOffset");
    PyObject *s = PyObject_Str(dt);
    record_value(s, "str(datetime with FixedOffset)");
    Py_XDECREF(s);
    Py_XDECREF(dt);
    dt = datetime_of(2014, 2, 3, 23, 35, 27, 0, one_hour);
    record(call_attr(one_hour, "fromutc", NULL, "(O)", dt), "FixedOffset.fromutc across midnight");
    Py_XDECREF(dt);
    record(call_attr(one_hour, "fromutc", NULL, "(i)", 1), "FixedOffset.fromutc(1)");
    dt = datetime_of(2014, 2, 3, 23, 35, 27, 0, Py_None);
    record(call_attr(one_hour, "fromutc", NULL, "(O)", dt), "FixedOffset.fromutc(naive)");
    Py_XDECREF(dt);
    dt = datetime_of(2014, 2, 3, 23, 35, 27, 0, utc);
    record(call_attr(one_hour, "fromutc", NULL, "(O)", dt), "FixedOffset.fromutc(other tz)");
    Py_XDECREF(dt);
    Py_XDECREF(one_hour);

    Py_DECREF(parse);
    Py_DECREF(naive);
    Py_DECREF(rfc);
    Py_DECREF(fixed);
    Py_DECREF(utc);
    Py_DECREF(dtmod);
}

CORPUS_MAIN("ciso8601", run)
