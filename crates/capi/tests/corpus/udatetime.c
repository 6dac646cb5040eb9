/* udatetime 0.0.17's udatetime.rfc3339: RFC 3339 date-times over the
 * datetime C API. Its single-phase init imports the capsule
 * (PyDateTime_IMPORT) and readies TZFixedOffset, a static subclass of
 * PyDateTimeAPI->TZInfoType (offset in minutes; utcoffset / dst / tzname
 * as METH_VARARGS methods returning PyDelta_FromDSU deltas, a repr)
 * allocated through tp_alloc; results come from the table's
 * DateTime_FromDateAndTime; to_rfc3339_string reads a datetime's fields
 * with the PyDateTime_GET_* / PyDateTime_DATE_GET_* macros and its
 * tzinfo through the struct (hastzinfo), refusing any other tzinfo type;
 * fromtimestamp parses "d|O" with keywords; utcnow / now read the clock.
 *
 * Vectors: test/test_udatetime.py (from_and_to_string, fromtimestamp over
 * a day each side of the epoch with and without a fixed offset,
 * utcfromtimestamp, broken and acceptable strings, tzone, precision,
 * raise_on_not_TZFixedOffset, variable fraction; utcnow and now checked
 * for type and offset, not value). The driver runs with TZ=UTC, so the
 * local-time functions have a fixed answer on both hosts.
 */
#include "corpus.h"

#include <time.h>

#include <datetime.h>

static PyObject *mod, *TZ, *from_string, *to_string, *fromtimestamp, *utcfromtimestamp;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* dt's fields and utcoffset() in minutes, as "Y-M-D h:m:s.us +off". */
static int fields_are(PyObject *dt, int y, int mo, int d, int h, int mi, int s, int us, int offset_min)
{
    if (dt == NULL || !PyDateTime_Check(dt)) {
        if (dt == NULL)
            diag_exception();
        else
            diag("not a datetime; ");
        return 0;
    }
    int ok = PyDateTime_GET_YEAR(dt) == y && PyDateTime_GET_MONTH(dt) == mo && PyDateTime_GET_DAY(dt) == d
             && PyDateTime_DATE_GET_HOUR(dt) == h && PyDateTime_DATE_GET_MINUTE(dt) == mi
             && PyDateTime_DATE_GET_SECOND(dt) == s && PyDateTime_DATE_GET_MICROSECOND(dt) == us;
    PyObject *off = PyObject_CallMethod(dt, "utcoffset", NULL);
    PyObject *dst = PyObject_CallMethod(dt, "dst", NULL);
    ok = ok && off && PyDelta_Check(off)
         && PyDateTime_DELTA_GET_DAYS(off) * 1440 + PyDateTime_DELTA_GET_SECONDS(off) / 60 == offset_min
         && PyDateTime_DELTA_GET_SECONDS(off) % 60 == 0 && dst && PyDelta_Check(dst)
         && PyDateTime_DELTA_GET_DAYS(dst) == 0 && PyDateTime_DELTA_GET_SECONDS(dst) == 0;
    if (!ok) {
        PyObject *r = PyObject_Repr(dt);
        diag("got %s; ", r ? PyUnicode_AsUTF8(r) : "?");
        Py_XDECREF(r);
    }
    Py_XDECREF(off);
    Py_XDECREF(dst);
    PyErr_Clear();
    return ok;
}

static void test_strings(void)
{
    const char *s = "2016-07-15T12:33:20.123000+01:30";
    PyObject *dt = keep(call(from_string, NULL, "(s)", s), "from_string('2016-07-15T12:33:20.123000+01:30')");
    expect_true(fields_are(dt, 2016, 7, 15, 12, 33, 20, 123000, 90), "... its fields, offset +90, no DST");
    expect_str(call(to_string, NULL, "(O)", dt), s, "to_string(...) round trip");
    rec(PyObject_Repr(dt), "repr(...)");
    PyObject *tz = PyObject_GetAttrString(dt, "tzinfo");
    rec(tz ? PyObject_Repr(tz) : NULL, "repr(dt.tzinfo)");
    PyObject *off = tz ? PyObject_CallMethod(tz, "utcoffset", NULL) : NULL;
    PyObject *secs = off ? PyObject_CallMethod(off, "total_seconds", NULL) : NULL;
    expect_true(secs && PyFloat_AsDouble(secs) == 5400.0, "tzone: dt.tzinfo.utcoffset().total_seconds() == 5400");
    Py_XDECREF(secs);
    Py_XDECREF(off);
    rec(tz ? PyObject_CallMethod(tz, "dst", NULL) : NULL, "dt.tzinfo.dst()");
    rec(tz ? PyObject_CallMethod(tz, "tzname", NULL) : NULL, "dt.tzinfo.tzname()");
    rec(tz ? PyObject_CallMethod(tz, "utcoffset", "O", dt) : NULL, "dt.tzinfo.utcoffset(dt)");
    Py_XDECREF(tz);
    Py_DECREF(dt);

    s = "2016-07-18T12:58:26.485897-02:00";
    dt = PyObject_CallFunction(from_string, "s", s);
    expect_true(fields_are(dt, 2016, 7, 18, 12, 58, 26, 485897, -120), "from_string('...-02:00')");
    expect_str(dt ? call(to_string, NULL, "(O)", dt) : NULL, s, "... round trip");
    Py_XDECREF(dt);
    dt = PyObject_CallFunction(from_string, "s", "2016-07-15T12:33:20.123000Z");
    expect_true(fields_are(dt, 2016, 7, 15, 12, 33, 20, 123000, 0), "from_string('...Z'): offset 0");
    rec(dt ? PyObject_CallFunctionObjArgs(to_string, dt, NULL) : NULL, "... to_string");
    Py_XDECREF(dt);

    static const char *invalid[] = {
        "2016-07-15 12:33:20.123000+01:30",
        "2016-13-15T12:33:20.123000+01:30",
        "20161315T12:33:20.123000+01:30",
        "Hello World",
        "2016-07-15 12:33:20.123000+01:302016-07-15 12:33:20.123000+01:30",
        "2016-07-15T12:33:20.1Z0",
        "2016-07-15T12:33:20.1 +01:30f",
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        char what[128];
        snprintf(what, sizeof what, "from_string(%.80s) raises ValueError", invalid[i]);
        PyObject *r = call(from_string, NULL, "(s)", invalid[i]);
        int raised = r == NULL && PyErr_ExceptionMatches(PyExc_ValueError);
        record(r, what);
        (void)raised;
    }
    static const char *ok_strings[] = {
        "2016-07-15 T 12:33:20.123000 +01:30",
        "2016-07-15T12:33:20.123 +01:30",
        "2016-07-15T12:33:20 +01:30",
        "2016-07-15T12:33:20 Z",
        "2016-07-15T12:33:20",
        "2016-07-15t12:33:20",
        "2016-07-15T12:33:20.1 +01:30",
    };
    for (size_t i = 0; i < sizeof ok_strings / sizeof ok_strings[0]; i++) {
        char what[128];
        snprintf(what, sizeof what, "from_string(%s)", ok_strings[i]);
        record(call(from_string, NULL, "(s)", ok_strings[i]), what);
    }
    dt = PyObject_CallFunction(from_string, "s", "2016-07-15T12:33:20.123000-02:00");
    expect_true(fields_are(dt, 2016, 7, 15, 12, 33, 20, 123000, -120), "tzone: -02:00");
    Py_XDECREF(dt);

    PyObject *d1 = PyObject_CallFunction(from_string, "s", "2016-07-15T12:33:20.100000Z");
    int ok = d1 != NULL;
    for (int x = 0; x < 6 && ok; x++) {
        char s2[64];
        snprintf(s2, sizeof s2, "2016-07-15T12:33:20.1%.*sZ", x, "00000");
        PyObject *d2 = PyObject_CallFunction(from_string, "s", s2);
        ok = d2 && PyObject_RichCompareBool(d1, d2, Py_EQ) == 1;
        Py_XDECREF(d2);
    }
    tap(ok, "variable fraction: .1 through .100000 are equal");
    Py_XDECREF(d1);
    PyObject *a = PyObject_CallFunction(from_string, "s", "2016-07-15T12:33:20.123Z");
    PyObject *b = PyObject_CallFunction(from_string, "s", "2016-07-15T12:33:20.123000Z");
    expect_true(a && b && PyObject_RichCompareBool(a, b, Py_EQ) == 1, ".123Z == .123000Z");
    Py_XDECREF(a);
    Py_XDECREF(b);
    a = PyObject_CallFunction(from_string, "s", "2016-07-15T12:33:20.0Z");
    b = PyObject_CallFunction(from_string, "s", "2016-07-15T12:33:20Z");
    expect_true(a && b && PyObject_RichCompareBool(a, b, Py_EQ) == 1, ".0Z == no fraction");
    Py_XDECREF(a);
    Py_XDECREF(b);

    /* to_string of a datetime whose tzinfo is not TZFixedOffset. */
    PyObject *utc_dt = PyDateTimeAPI->DateTime_FromDateAndTime(2020, 1, 2, 3, 4, 5, 6, PyDateTime_TimeZone_UTC,
                                                               PyDateTimeAPI->DateTimeType);
    record(call(to_string, NULL, "(O)", utc_dt), "to_string(datetime with timezone.utc)");
    Py_DECREF(utc_dt);
    PyObject *naive = PyDateTimeAPI->DateTime_FromDateAndTime(2020, 1, 2, 3, 4, 5, 6, Py_None,
                                                              PyDateTimeAPI->DateTimeType);
    record(call(to_string, NULL, "(O)", naive), "to_string(a naive datetime)");
    Py_DECREF(naive);
    record(call(to_string, NULL, "(s)", "x"), "to_string('x')");
    record(call(from_string, NULL, "(i)", 5), "from_string(5)");
    record(call(from_string, NULL, "()"), "from_string()");
}

static void test_timestamps(void)
{
    PyObject *cest = keep(call(TZ, NULL, "(i)", 120), "TZFixedOffset(120)");
    rec(PyObject_Repr(cest), "repr(TZFixedOffset(120))");
    int ok = 1;
    /* Local time is UTC here (TZ=UTC). */
    for (long t = 0; t < 86400 - 7200 && ok; t += 3600) {
        PyObject *dt = PyObject_CallFunction(fromtimestamp, "l", t);
        ok = fields_are(dt, 1970, 1, 1, (int)(t / 3600), 0, 0, 0, 0);
        Py_XDECREF(dt);
    }
    tap(ok, "fromtimestamp(t) over the first 22 hours (local time is UTC)");
    ok = 1;
    for (long t = 0; t < 86400 && ok; t += 3600) {
        PyObject *dt = PyObject_CallFunction(fromtimestamp, "lO", t, cest);
        long h = t / 3600 + 2;
        ok = fields_are(dt, 1970, 1, h >= 24 ? 2 : 1, (int)(h % 24), 0, 0, 0, 120);
        Py_XDECREF(dt);
    }
    tap(ok, "fromtimestamp(t, TZFixedOffset(120)) over a day");
    ok = 1;
    for (long t = 0; t > -86400 && ok; t -= 3600) {
        PyObject *dt = PyObject_CallFunction(fromtimestamp, "lO", t, cest);
        long h = 24 + t / 3600 + 2; /* hours into 1969-12-31 */
        ok = fields_are(dt, h >= 24 ? 1970 : 1969, h >= 24 ? 1 : 12, h >= 24 ? 1 : 31, (int)(h % 24), 0, 0, 0, 120);
        Py_XDECREF(dt);
    }
    tap(ok, "fromtimestamp(-t, TZFixedOffset(120)) over the day before");
    ok = 1;
    for (long t = 0; t < 86400 && ok; t += 3600) {
        PyObject *dt = PyObject_CallFunction(utcfromtimestamp, "l", t);
        ok = fields_are(dt, 1970, 1, 1, (int)(t / 3600), 0, 0, 0, 0);
        Py_XDECREF(dt);
    }
    tap(ok, "utcfromtimestamp(t) over a day");
    ok = 1;
    for (long t = 0; t > -86400 && ok; t -= 3600) {
        PyObject *dt = PyObject_CallFunction(utcfromtimestamp, "l", t);
        long h = 24 + t / 3600;
        ok = fields_are(dt, h >= 24 ? 1970 : 1969, h >= 24 ? 1 : 12, h >= 24 ? 1 : 31, (int)(h % 24), 0, 0, 0, 0);
        Py_XDECREF(dt);
    }
    tap(ok, "utcfromtimestamp(-t) over the day before");

    PyObject *p = PyObject_CallFunction(fromtimestamp, "d", 1469897308.549871);
    rec(p, "precision: fromtimestamp(1469897308.549871)");
    PyObject *kw = Py_BuildValue("{s:d,s:O}", "timestamp", 1e9, "tz", cest), *none = PyTuple_New(0);
    rec(PyObject_Call(fromtimestamp, none, kw), "fromtimestamp(timestamp=1e9, tz=TZFixedOffset(120))");
    Py_DECREF(kw);
    Py_DECREF(none);
    record(call(fromtimestamp, NULL, "(dO)", 0.0, PyDateTime_TimeZone_UTC), "fromtimestamp(0, timezone.utc)");
    record(call(fromtimestamp, NULL, "(s)", "x"), "fromtimestamp('x')");
    record(call(utcfromtimestamp, NULL, "(d)", 1e20), "utcfromtimestamp(1e20)");
    record(call(utcfromtimestamp, NULL, "(d)", -62135596801.0), "utcfromtimestamp(before year 1)");
    rec(PyObject_CallFunction(utcfromtimestamp, "d", 253402300799.0), "utcfromtimestamp(the last second of 9999)");
    Py_DECREF(cest);

    record(call(TZ, NULL, "()"), "TZFixedOffset()");
    rec(PyObject_CallFunction(TZ, "i", -330), "TZFixedOffset(-330)");
    PyObject *neg = PyObject_CallFunction(TZ, "i", -330);
    rec(neg ? PyObject_CallMethod(neg, "utcoffset", NULL) : NULL, "TZFixedOffset(-330).utcoffset()");
    rec(neg ? PyObject_CallMethod(neg, "tzname", NULL) : NULL, "TZFixedOffset(-330).tzname()");
    Py_XDECREF(neg);
    expect_true(PyType_IsSubtype((PyTypeObject *)TZ, PyDateTimeAPI->TZInfoType), "TZFixedOffset subclasses tzinfo");
}

static void test_now(void)
{
    const char *names[] = {"utcnow", "now"};
    for (int i = 0; i < 2; i++) {
        PyObject *f = attr(mod, names[i]);
        PyObject *dt = PyObject_CallNoArgs(f);
        PyObject *off = dt ? PyObject_CallMethod(dt, "utcoffset", NULL) : NULL;
        int ok = dt && PyDateTime_Check(dt) && PyDateTime_GET_YEAR(dt) >= 2024 && off && PyDelta_Check(off)
                 && PyDateTime_DELTA_GET_DAYS(off) == 0 && PyDateTime_DELTA_GET_SECONDS(off) == 0;
        char what[64];
        snprintf(what, sizeof what, "%s(): an aware datetime, offset 0, this century", names[i]);
        if (!ok)
            diag_exception();
        tap(ok, what);
        Py_XDECREF(off);
        Py_XDECREF(dt);
        Py_DECREF(f);
    }
    const char *snames[] = {"utcnow_to_string", "now_to_string"};
    for (int i = 0; i < 2; i++) {
        PyObject *f = attr(mod, snames[i]);
        PyObject *s = PyObject_CallNoArgs(f);
        PyObject *back = s ? PyObject_CallOneArg(from_string, s) : NULL;
        char what[64];
        snprintf(what, sizeof what, "%s(): parses back", snames[i]);
        expect_true(s && PyUnicode_Check(s) && PyUnicode_GetLength(s) == 32 && back, what);
        Py_XDECREF(back);
        Py_XDECREF(s);
        Py_DECREF(f);
    }
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    mod = module;
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL)
        bail("PyDateTime_IMPORT failed");
    TZ = attr(module, "TZFixedOffset");
    from_string = attr(module, "from_rfc3339_string");
    to_string = attr(module, "to_rfc3339_string");
    fromtimestamp = attr(module, "from_timestamp");
    utcfromtimestamp = attr(module, "from_utctimestamp");
    test_strings();
    test_timestamps();
    test_now();
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    setenv("TZ", "UTC", 1);
    tzset();
    Py_Initialize();
    run(load_module(argv[1], "rfc3339"), argv[2]);
    return tap_done();
}
