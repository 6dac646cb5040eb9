/* pendulum 2.1.2's pendulum.parsing._iso8601: parse_iso8601(text) ("s"),
 * an ISO 8601 parser in C returning datetime, date and time objects made
 * through the datetime C API (PyDateTimeAPI's constructors), with a
 * static tzinfo subclass -- TZFixedOffset, whose tp_base is set to
 * PyDateTimeAPI->TZInfoType before PyType_Ready, with T_INT members and
 * utcoffset / dst / tzname methods -- and a static Duration type of T_INT
 * members, both given PyType_GenericNew and a tp_init at module init.
 *
 * Vectors: tests/parsing/test_parse_iso8601.py (pendulum's repository;
 * the sdist ships no tests): dates, ordinal and week dates, times,
 * datetimes with and without offsets, every invalid form, and the
 * durations with their fields; plus TZFixedOffset and Duration used
 * directly.
 */
#include "corpus.h"
#include <datetime.h>

static PyObject *parse;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    PyErr_Clear();
    tap(1, what);
}

/* parse_iso8601(text), recorded with its tzinfo's offset and name. */
static void P(const char *text)
{
    char what[96];
    snprintf(what, sizeof what, "parse_iso8601('%s')", text);
    PyObject *r = call(parse, NULL, "(s)", text);
    print_record(r, what);
    if (r != NULL && PyDateTime_Check(r)) {
        PyObject *tz = PyObject_GetAttrString(r, "tzinfo");
        if (tz != NULL && tz != Py_None) {
            PyObject *info = Py_BuildValue("(NNNN)", PyObject_CallMethod(r, "utcoffset", NULL),
                                           PyObject_CallMethod(tz, "tzname", "O", r), PyObject_CallMethod(r, "dst", NULL),
                                           PyObject_GetAttrString(tz, "offset"));
            char w2[128];
            snprintf(w2, sizeof w2, "... its (utcoffset(), tzname(), dst(), offset)");
            print_record(info, w2);
            Py_XDECREF(info);
            PyObject *iso = PyObject_CallMethod(r, "isoformat", NULL);
            print_record(iso, "... isoformat()");
            Py_XDECREF(iso);
        }
        Py_XDECREF(tz);
    }
    PyErr_Clear();
    int ok = settle(0);
    tap(ok, what);
}

/* A duration's fields, as the test reads them. */
static void PD(const char *text)
{
    char what[96];
    snprintf(what, sizeof what, "parse_iso8601('%s')", text);
    PyObject *r = call(parse, NULL, "(s)", text);
    if (r == NULL) {
        print_record(r, what);
    } else {
        static const char *const fields[] = {"years", "months", "weeks", "days", "remaining_days", "hours",
                                             "minutes", "seconds", "remaining_seconds", "microseconds"};
        PyObject *t = PyTuple_New(11);
        PyTuple_SET_ITEM(t, 0, PyUnicode_FromString(Py_TYPE(r)->tp_name));
        for (int i = 0; i < 10; i++) {
            PyObject *v = PyObject_GetAttrString(r, fields[i]);
            PyTuple_SET_ITEM(t, i + 1, v ? v : Py_NewRef(Py_None));
        }
        PyErr_Clear();
        print_record(t, what);
        Py_DECREF(t);
    }
    int ok = settle(0);
    tap(ok, what);
}

static void test_parse(void)
{
    static const char *const valid[] = {
        "2016", "2016-10", "2016-10-06", "20161006", "201610", "2016-10-06T12:34:56.123456",
        "2016-10-06T12:34:56.123", "2016-10-06T12:34:56.000123", "2016-10-06T12", "2016-10-06T123456",
        "2016-10-06T123456.123456", "20161006T123456.123456", "20161006 123456.123456",
        "2016-10-06T12:34:56.123456+05:30", "2016-10-06T12:34:56.123456+0530", "2016-10-06T12:34:56.123456-05:30",
        "2016-10-06T12:34:56.123456-0530", "2016-10-06T12:34:56.123456+05", "2016-10-06T12:34:56.123456-05",
        "20161006T123456,123456-05", "2016-10-06T12:34:56.123456789+05:30", "2012-007", "2012007", "2017-079",
        "2012-W05", "2008-W39-6", "2009-W53-7", "2009-W01-1", "2008-W39-6T09", "2016-10-06T12:34:56Z",
        "2016-02-29T00:00:00+00:00", "12:34:56", "12:34", "T12:34:56.5",
    };
    for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
        P(valid[i]);
    static const char *const invalid[] = {
        "20161306T123456", "20161033T123456", "20161131T123456", "20161006T243456", "20161006T126056",
        "20161006T123460", "20140203 04:05:.123456", "2009-05-19 14:", "2009367", "2009-367", "2015-366",
        "2015-000", "2009-", "2009-05-19T14:3924", "2010-02-18T16.5:23.35:48", "2010-02-18T16:23.35:48.45",
        "2010-02-18T16:23.33.600", "2009-05-19 14:39:22+063", "2009-05-19 14:39:22+06a00",
        "2009-05-19 14:39:22+0:6:00", "2009-05-1914:39", "2012-W63", "2012-W12-9", "2012W12-3", "2012-W123",
        "", "x", "2015-02-29",
    };
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
        P(invalid[i]);
    static const char *const durations[] = {
        "P2Y3M4DT5H6M7S", "P1Y2M3DT4H5M6.5S", "P1Y2M3DT4H5M6,5S", "P1Y2M3D", "P1Y2M3.5D", "P1Y2M3,5D",
        "PT4H54M6.5S", "PT4H54M6,5S", "P1Y", "P1.5Y", "P1,5Y", "P1M", "P1.5M", "P1,5M", "P1W", "P1.5W",
        "P1,5W", "P1D", "P1.5D", "P1,5D", "PT1H", "PT1.5H", "PT1,5H", "P2Y30M4DT5H6M7S", "2Y3M4DT5H6M7S",
        "P1Y2W", "P1S", "P1D1S", "1Y2M3D1SPT1M", "P1Y2M3D2MT1S", "P2M3D1ST1Y1M", "P1Y2M2MT3D1S", "P1D1Y1M",
        "PT1S1H", "P1Dasdfasdf", "P2Y3M4DT5.5H6M7S",
    };
    for (size_t i = 0; i < sizeof durations / sizeof durations[0]; i++)
        PD(durations[i]);
    record(call(parse, NULL, "(y)", "2016"), "parse_iso8601(b'2016')");
    record(call(parse, NULL, "(i)", 2016), "parse_iso8601(2016)");
    record(call(parse, NULL, "()"), "parse_iso8601()");
    record(call(parse, NULL, "(ss)", "2016", "x"), "parse_iso8601('2016', 'x')");
}

static void test_types(PyObject *module)
{
    PyObject *tzcls = attr(module, "TZFixedOffset");
    rec(PyBool_FromLong(PyType_IsSubtype((PyTypeObject *)tzcls, PyDateTimeAPI->TZInfoType)), "TZFixedOffset is a tzinfo subclass");
    rec(PyObject_GetAttrString(tzcls, "__name__"), "TZFixedOffset.__name__");
    PyObject *tz = keep(call(tzcls, NULL, "(i)", 19800), "TZFixedOffset(19800)");
    rec(PyObject_GetAttrString(tz, "offset"), "... .offset");
    rec(PyObject_CallMethod(tz, "utcoffset", "O", Py_None), "... .utcoffset(None)");
    rec(PyObject_CallMethod(tz, "tzname", "O", Py_None), "... .tzname(None)");
    rec(PyObject_CallMethod(tz, "dst", "O", Py_None), "... .dst(None)");
    PyObject *dt = PyDateTimeAPI->DateTime_FromDateAndTime(2020, 2, 29, 23, 0, 0, 0, tz, PyDateTimeAPI->DateTimeType);
    rec(dt ? PyObject_CallMethod(dt, "isoformat", NULL) : NULL, "a datetime in it: isoformat()");
    PyObject *utc = dt ? PyObject_CallMethod(dt, "astimezone", "O", PyDateTimeAPI->TimeZone_UTC) : NULL;
    rec(utc ? PyObject_CallMethod(utc, "isoformat", NULL) : NULL, "... astimezone(utc)");
    Py_XDECREF(utc);
    Py_XDECREF(dt);
    PyObject *minus_hour = PyLong_FromLong(-3600);
    int rc = PyObject_SetAttrString(tz, "offset", minus_hour);
    Py_DECREF(minus_hour);
    rec(rc == 0 ? PyObject_CallMethod(tz, "utcoffset", "O", Py_None) : NULL, "offset = -3600; utcoffset(None)");
    Py_DECREF(tz);
    record(call(tzcls, kw_dict("{s:i,s:s}", "offset", 60, "tzname", "ONE"), "()"), "TZFixedOffset(offset=60, tzname='ONE')");
    record(call(tzcls, NULL, "(s)", "x"), "TZFixedOffset('x')");
    Py_DECREF(tzcls);

    PyObject *dcls = attr(module, "Duration");
    rec(PyObject_GetAttrString(dcls, "__name__"), "Duration.__name__");
    PyObject *d = keep(call(dcls, NULL, "(iiiiiiii)", 1, 2, 3, 4, 5, 6, 7, 8), "Duration(1, 2, 3, 4, 5, 6, 7, 8)");
    rec(Py_BuildValue("(NNNNN)", PyObject_GetAttrString(d, "years"), PyObject_GetAttrString(d, "weeks"),
                      PyObject_GetAttrString(d, "remaining_days"), PyObject_GetAttrString(d, "remaining_seconds"),
                      PyObject_GetAttrString(d, "microseconds")),
        "... its years, weeks, remaining_days, remaining_seconds, microseconds");
    rc = PyObject_SetAttrString(d, "years", Py_None);
    rec(rc == 0 ? PyObject_GetAttrString(d, "years") : NULL, "... years = None");
    Py_DECREF(d);
    record(call(dcls, NULL, "(s)", "x"), "Duration('x')");
    Py_DECREF(dcls);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyDateTime_IMPORT;
    parse = attr(module, "parse_iso8601");
    test_parse();
    test_types(module);
    Py_DECREF(parse);
}

CORPUS_MAIN("_iso8601", run)
