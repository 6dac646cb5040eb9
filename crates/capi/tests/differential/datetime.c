/* The datetime C API: PyDateTime_IMPORT, the CAPI table and its macros,
 * the field macros, and the module's types used from C as extensions use
 * them (calls with positional and keyword arguments, attributes, methods,
 * comparison, hashing, arithmetic, fixed-offset time zones, timestamps,
 * C subclasses of datetime and tzinfo, ISO week dates and fromisoformat). TZ is set to UTC so local
 * time is UTC on both hosts. */
#include <Python.h>
#include <datetime.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "case.h"

static PyObject *M, *DATE, *TIME, *DT, *TD, *TZINFO, *TZ;

/* callable(*args, **kw); args and kw are stolen (either may be NULL). */
static PyObject *call(PyObject *callable, PyObject *args, PyObject *kw) {
    if (args == NULL) args = PyTuple_New(0);
    PyObject *r = args ? PyObject_Call(callable, args, kw) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kw);
    return r;
}

/* o.name(*args, **kw), args and kw stolen; o borrowed. */
static PyObject *meth(PyObject *o, const char *name, PyObject *args, PyObject *kw) {
    if (o == NULL) {
        Py_XDECREF(args);
        Py_XDECREF(kw);
        return NULL;
    }
    PyObject *m = PyObject_GetAttrString(o, name);
    if (m == NULL) {
        Py_XDECREF(args);
        Py_XDECREF(kw);
        return NULL;
    }
    PyObject *r = call(m, args, kw);
    Py_DECREF(m);
    return r;
}

/* Steals o; returns str(o). */
static PyObject *str_of(PyObject *o) {
    if (o == NULL) return NULL;
    PyObject *r = PyObject_Str(o);
    Py_DECREF(o);
    return r;
}

/* Steals o; returns o.name. */
static PyObject *attr_of(PyObject *o, const char *name) {
    if (o == NULL) return NULL;
    PyObject *r = PyObject_GetAttrString(o, name);
    Py_DECREF(o);
    return r;
}

/* Steals a and b; the comparison result as a bool, or the error. */
static PyObject *cmp(PyObject *a, PyObject *b, int op) {
    PyObject *r = (a && b) ? PyObject_RichCompare(a, b, op) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    return r;
}

/* Steals a and b: whether their hashes are equal. */
static PyObject *same_hash(PyObject *a, PyObject *b) {
    PyObject *r = NULL;
    if (a && b) {
        Py_hash_t x = PyObject_Hash(a), y = PyObject_Hash(b);
        if (!PyErr_Occurred()) r = PyBool_FromLong(x == y);
    }
    Py_XDECREF(a);
    Py_XDECREF(b);
    return r;
}

/* Steals o: its hash as an int (only for values CPython hashes
 * deterministically: timedeltas and aware datetimes/times). */
static PyObject *hash_of(PyObject *o) {
    if (o == NULL) return NULL;
    Py_hash_t h = PyObject_Hash(o);
    Py_DECREF(o);
    if (h == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromSsize_t(h);
}

/* Steals a and b. */
static PyObject *binop(PyObject *a, PyObject *b, PyObject *(*f)(PyObject *, PyObject *)) {
    PyObject *r = (a && b) ? f(a, b) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    return r;
}

static PyObject *td(int d, int s, int us) { return PyDelta_FromDSU(d, s, us); }

/* timezone(timedelta(seconds=secs)) */
static PyObject *tz(int secs) {
    PyObject *off = PyDelta_FromDSU(0, secs, 0);
    if (off == NULL) return NULL;
    PyObject *r = PyTimeZone_FromOffset(off);
    Py_DECREF(off);
    return r;
}

static PyObject *aware(int y, int mo, int d, int h, int mi, int s, int us, PyObject *zone) {
    if (zone == NULL) return NULL;
    PyObject *r = PyDateTimeAPI->DateTime_FromDateAndTime(y, mo, d, h, mi, s, us, zone,
                                                          PyDateTimeAPI->DateTimeType);
    Py_DECREF(zone);
    return r;
}

/* The field macros of a datetime, as text. */
static PyObject *fields(PyObject *o) {
    if (o == NULL) return NULL;
    PyObject *r;
    if (PyDateTime_Check(o))
        r = PyUnicode_FromFormat("%d-%d-%d %d:%d:%d.%d fold=%d tz=%s", PyDateTime_GET_YEAR(o),
                                 PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o),
                                 PyDateTime_DATE_GET_HOUR(o), PyDateTime_DATE_GET_MINUTE(o),
                                 PyDateTime_DATE_GET_SECOND(o),
                                 PyDateTime_DATE_GET_MICROSECOND(o), PyDateTime_DATE_GET_FOLD(o),
                                 Py_TYPE(PyDateTime_DATE_GET_TZINFO(o))->tp_name);
    else if (PyDate_Check(o))
        r = PyUnicode_FromFormat("%d-%d-%d", PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o),
                                 PyDateTime_GET_DAY(o));
    else if (PyTime_Check(o))
        r = PyUnicode_FromFormat("%d:%d:%d.%d fold=%d tz=%s", PyDateTime_TIME_GET_HOUR(o),
                                 PyDateTime_TIME_GET_MINUTE(o), PyDateTime_TIME_GET_SECOND(o),
                                 PyDateTime_TIME_GET_MICROSECOND(o), PyDateTime_TIME_GET_FOLD(o),
                                 Py_TYPE(PyDateTime_TIME_GET_TZINFO(o))->tp_name);
    else if (PyDelta_Check(o))
        r = PyUnicode_FromFormat("d=%d s=%d us=%d", PyDateTime_DELTA_GET_DAYS(o),
                                 PyDateTime_DELTA_GET_SECONDS(o),
                                 PyDateTime_DELTA_GET_MICROSECONDS(o));
    else
        r = PyUnicode_FromString("?");
    Py_DECREF(o);
    return r;
}

/* ---- a C tzinfo subclass with a fixed offset in minutes (like ciso8601's) ---- */
typedef struct {
    PyObject_HEAD
    int minutes;
} Fixed;

static PyObject *fixed_utcoffset(PyObject *self, PyObject *dt) {
    (void)dt;
    return PyDelta_FromDSU(0, ((Fixed *)self)->minutes * 60, 0);
}
static PyObject *fixed_dst(PyObject *self, PyObject *dt) {
    (void)self;
    (void)dt;
    return PyDelta_FromDSU(0, 0, 0);
}
static PyObject *fixed_tzname(PyObject *self, PyObject *dt) {
    (void)dt;
    return PyUnicode_FromFormat("FIX%d", ((Fixed *)self)->minutes);
}
static PyObject *fixed_repr(PyObject *self) {
    return PyUnicode_FromFormat("Fixed(%d)", ((Fixed *)self)->minutes);
}
static PyMethodDef fixed_methods[] = {
    {"utcoffset", fixed_utcoffset, METH_O, NULL},
    {"dst", fixed_dst, METH_O, NULL},
    {"tzname", fixed_tzname, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static PyTypeObject FixedType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "test.Fixed",
    .tp_basicsize = sizeof(Fixed),
};

static PyObject *fixed(int minutes) {
    Fixed *f = PyObject_New(Fixed, &FixedType);
    if (f) f->minutes = minutes;
    return (PyObject *)f;
}

/* A tzinfo whose methods return wrong things. */
static PyObject *bad_utcoffset(PyObject *self, PyObject *dt) {
    (void)self;
    (void)dt;
    return PyLong_FromLong(5);
}
static PyObject *bad_tzname(PyObject *self, PyObject *dt) {
    (void)self;
    (void)dt;
    return PyLong_FromLong(7);
}
static PyObject *big_dst(PyObject *self, PyObject *dt) {
    (void)self;
    (void)dt;
    return PyDelta_FromDSU(1, 0, 0);
}
static PyMethodDef bad_methods[] = {
    {"utcoffset", bad_utcoffset, METH_O, NULL},
    {"tzname", bad_tzname, METH_O, NULL},
    {"dst", big_dst, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static PyTypeObject BadType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "test.Bad",
    .tp_basicsize = sizeof(PyObject),
};

/* A tzinfo whose offset depends on the fold between 1:00 and 2:00 (a
   repeated hour): -4h with fold 0, -5h with fold 1, else -5h. */
static PyObject *folding_utcoffset(PyObject *self, PyObject *dt) {
    (void)self;
    int hour = PyDateTime_DATE_GET_HOUR(dt);
    int minus4 = hour == 1 && !PyDateTime_DATE_GET_FOLD(dt);
    return PyDelta_FromDSU(0, (minus4 ? -4 : -5) * 3600, 0);
}
static PyMethodDef folding_methods[] = {
    {"utcoffset", folding_utcoffset, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static PyTypeObject FoldingType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "test.Folding",
    .tp_basicsize = sizeof(PyObject),
};

/* A C subclass of datetime. */
static PyTypeObject MyDTType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "test.MyDT",
};

/* before + the code point sur + after, as a UCS-2 str (before and after
   ASCII): a str with a lone surrogate. */
static PyObject *with_surrogate(const char *before, Py_UCS2 sur, const char *after) {
    Py_UCS2 buf[64];
    size_t n = 0;
    for (const char *c = before; *c && n < 62; c++) buf[n++] = (Py_UCS2)*c;
    buf[n++] = sur;
    for (const char *c = after; *c && n < 63; c++) buf[n++] = (Py_UCS2)*c;
    return PyUnicode_FromKindAndData(PyUnicode_2BYTE_KIND, buf, (Py_ssize_t)n);
}

/* cls.fromisoformat(text), the text given as UTF-8. */
static PyObject *fromiso(PyObject *cls, const char *text) {
    return meth(cls, "fromisoformat", Py_BuildValue("(s)", text), NULL);
}

/* The ISO week dates (isocalendar, fromisocalendar, IsoCalendarDate) and
   fromisoformat of date, time and datetime by 3.11's rules. */
static void iso_cases(void) {
    int dates[][3] = {{2020, 1, 1}, {2021, 1, 3}, {2026, 12, 31}, {1, 1, 1}, {9999, 12, 31}, {2008, 12, 29},
                      {2010, 1, 3}, {2004, 12, 31}, {2015, 12, 31}, {2016, 1, 1}, {1999, 2, 28}, {2000, 2, 29}};
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        char what[120];
        PyObject *d = PyDate_FromDate(dates[i][0], dates[i][1], dates[i][2]);
        snprintf(what, sizeof what, "date(%d, %d, %d).isocalendar()", dates[i][0], dates[i][1], dates[i][2]);
        show(what, meth(d, "isocalendar", NULL, NULL));
        Py_XDECREF(d);
    }
    PyObject *d = PyDate_FromDate(2021, 1, 3);
    PyObject *ic = meth(d, "isocalendar", NULL, NULL);
    show("isocalendar type name", ic ? PyUnicode_FromString(Py_TYPE(ic)->tp_name) : NULL);
    show("isocalendar is a tuple", ic ? PyBool_FromLong(PyTuple_Check(ic)) : NULL);
    show("tuple(isocalendar)", ic ? PySequence_Tuple(ic) : NULL);
    show("isocalendar.year", ic ? PyObject_GetAttrString(ic, "year") : NULL);
    show("isocalendar.week", ic ? PyObject_GetAttrString(ic, "week") : NULL);
    show("isocalendar.weekday", ic ? PyObject_GetAttrString(ic, "weekday") : NULL);
    show("isocalendar[1]", ic ? PySequence_GetItem(ic, 1) : NULL);
    show("len(isocalendar)", ic ? PyLong_FromSsize_t(PyObject_Length(ic)) : NULL);
    PyObject *t3 = Py_BuildValue("(iii)", 2020, 53, 7);
    show("isocalendar == (2020, 53, 7)", ic ? PyObject_RichCompare(ic, t3, Py_EQ) : NULL);
    show("hash(isocalendar) == hash(tuple)", ic ? same_hash(Py_NewRef(ic), Py_NewRef(t3)) : NULL);
    show("isocalendar.__reduce__()", meth(ic, "__reduce__", NULL, NULL));
    show("str(isocalendar)", ic ? PyObject_Str(ic) : NULL);
    show("isocalendar.year = 1",
         ic ? (PyObject_SetAttrString(ic, "year", Py_None) < 0 ? NULL : Py_NewRef(Py_None)) : NULL);
    PyObject *naive = aware(2021, 1, 3, 12, 0, 0, 0, Py_NewRef(Py_None));
    show("datetime(2021, 1, 3, 12).isocalendar()", meth(naive, "isocalendar", NULL, NULL));
    Py_XDECREF(naive);
    if (ic) {
        PyObject *ty = (PyObject *)Py_TYPE(ic);
        show("IsoCalendarDate(2020, 1, 2)", call(ty, Py_BuildValue("(iii)", 2020, 1, 2), NULL));
        show("IsoCalendarDate(year=1, week=2, weekday=3)",
             call(ty, NULL, Py_BuildValue("{s:i,s:i,s:i}", "year", 1, "week", 2, "weekday", 3)));
        show("IsoCalendarDate(1, 2)", call(ty, Py_BuildValue("(ii)", 1, 2), NULL));
        show("IsoCalendarDate('a', 2, 3)", call(ty, Py_BuildValue("(sii)", "a", 2, 3), NULL));
        show("hasattr(datetime, 'IsoCalendarDate')", PyBool_FromLong(PyObject_HasAttrString(M, "IsoCalendarDate")));
    }
    Py_XDECREF(t3);
    Py_XDECREF(ic);
    Py_XDECREF(d);

    long long cal[][3] = {{2020, 53, 7}, {2020, 1, 1}, {2021, 53, 1}, {2015, 53, 5}, {2020, 0, 1}, {2020, 1, 0},
                          {2020, 1, 8}, {0, 1, 1}, {10000, 1, 1}, {9999, 52, 5}, {9999, 52, 6}, {1, 1, 1},
                          {2147483648LL, 1, 1}, {2020, 1099511627776LL, 1}, {2020, -1, 1}};
    for (size_t i = 0; i < sizeof cal / sizeof *cal; i++) {
        char what[120];
        snprintf(what, sizeof what, "date.fromisocalendar(%lld, %lld, %lld)", cal[i][0], cal[i][1], cal[i][2]);
        show(what, meth(DATE, "fromisocalendar", Py_BuildValue("(LLL)", cal[i][0], cal[i][1], cal[i][2]), NULL));
    }
    show("datetime.fromisocalendar(2020, 1, 1)", meth(DT, "fromisocalendar", Py_BuildValue("(iii)", 2020, 1, 1), NULL));
    show("date.fromisocalendar(year=2020, week=2, day=3)",
         meth(DATE, "fromisocalendar", NULL, Py_BuildValue("{s:i,s:i,s:i}", "year", 2020, "week", 2, "day", 3)));
    show("date.fromisocalendar('2020', 1, 1)", meth(DATE, "fromisocalendar", Py_BuildValue("(sii)", "2020", 1, 1), NULL));

    const char *dates_iso[] = {"2020-01-01", "20200101", "20200101xx", "2020W01", "2020-W01", "2020-W01-1", "2020W011",
                               "2020-W53", "2021-W53", "2020-W53-7", "2020W537", "2020-W01-8", "2020-W00", "2020-W01-0",
                               "2020-02-30", "2020-0101", "202001-01", "2020-1-01", "2020-01-01T00", "0000-01-01",
                               "0000-W01-1", "0001-W01-1", "0000-W52-7", "9999-W52-5", "9999-W52-6", "9999-W53",
                               "2015-W53", "2004-W53", "2020-W5", "2020-W01-", "2020-W011", "2020W01-1", "2020-W1-1",
                               "", "2020-13-01", "2020-00-10", "2020-01-32", "abcdefgh", "2020-01-0a", "\xef\xbc\x92" "020-01-01",
                               "2020_01_01", "2020W0a"};
    for (size_t i = 0; i < sizeof dates_iso / sizeof *dates_iso; i++) {
        char what[120];
        snprintf(what, sizeof what, "date.fromisoformat(%s)", dates_iso[i]);
        show(what, fromiso(DATE, dates_iso[i]));
    }
    const char *times_iso[] = {"12:30:45:123", "12:30:45.", "12:30", "12", "1230", "123045", "12:30:45.123456789",
                               "12:30:45,5", "T12:30", "12:30Z", "12:30+01:00", "12:30-0130", "12:30+01:00:30.5",
                               "12:30+01", "12:30Z1", "12:3", "12:30:45.12x", "12:30+25:00", "12:30+01:00Z", "", "T",
                               "24:00", "12:60", "12:30:45.1+01:00", "1230+0100", "12:30:4", "12:30:45+", "12:30.5",
                               "12.5", "12:30:45 ", "12:30:45.000001Z", "12:30+00:00", "12:30+00:00:00.5",
                               "12:30-00:00:01", "12:30:61", "1:30", "12:30:45.1234567+01:00", "12-01", "TT12",
                               "12:30+1", "12:30+01:3", "12:30:45.5Z", "12:30z", "12:30+23:59:59.999999",
                               "123045.5", "12:3045", "1230:45"};
    for (size_t i = 0; i < sizeof times_iso / sizeof *times_iso; i++) {
        char what[120];
        snprintf(what, sizeof what, "time.fromisoformat(%s)", times_iso[i]);
        show(what, fromiso(TIME, times_iso[i]));
    }
    const char *dts_iso[] = {"2020-01-01", "2020-01-01T12:30", "2020-01-01 12:30:45.5", "20200101T123045",
                             "2020-01-01x12", "2020-W01-1T12", "2020-W01T12", "2020W01T12", "2020W011T12",
                             "2020W0112", "2020W01112", "2020-W01-0000", "2020-W01-1200", "2020-W01-", "2020W01",
                             "2020-01-01T12:30+05:30", "2020-01-01T12:30Z", "2020-01-01T25:00", "2020-01-01T",
                             "2020-01-0112:30", "2020-01-01\xc3\xa9" "12:30", "2020-01-01\xe2\x82\xac" "12:30",
                             "2020-01-01\xf0\x9f\x98\x80" "12:30", "20200101\xc3\xa9" "1230", "2020-01", "2020-1-1",
                             "2020-13-01T00:00", "2020-01-01T12:30:45.123456789-01:00", "0001-01-01T00:00+00:00:01",
                             "2020-02-30T00:00", "2020-01-01T12:30+24:00", "9999-12-31T23:59:59.999999",
                             "2020-01-01T12:30:45,25", "2020-W53-7T01"};
    for (size_t i = 0; i < sizeof dts_iso / sizeof *dts_iso; i++) {
        char what[120];
        snprintf(what, sizeof what, "datetime.fromisoformat(%s)", dts_iso[i]);
        show(what, fromiso(DT, dts_iso[i]));
    }
    show("date.fromisoformat(5)", meth(DATE, "fromisoformat", Py_BuildValue("(i)", 5), NULL));
    show("time.fromisoformat(b'12:30')", meth(TIME, "fromisoformat", Py_BuildValue("(y)", "12:30"), NULL));
    show("datetime.fromisoformat(None)", meth(DT, "fromisoformat", Py_BuildValue("(O)", Py_None), NULL));
    show("date.fromisoformat()", meth(DATE, "fromisoformat", NULL, NULL));
    show("datetime.fromisoformat(date string) type",
         attr_of(attr_of(fromiso(DT, "2020-01-01"), "__class__"), "__name__"));
    show("MyDT.fromisoformat", str_of(fromiso((PyObject *)&MyDTType, "2020-01-01T01:02")));
    show("MyDT.fromisoformat type", attr_of(attr_of(fromiso((PyObject *)&MyDTType, "2020-01-01T01:02"), "__class__"), "__name__"));
    show("MyDT.fromisocalendar type",
         attr_of(attr_of(meth((PyObject *)&MyDTType, "fromisocalendar", Py_BuildValue("(iii)", 2020, 1, 1), NULL), "__class__"), "__name__"));
    /* Surrogates: invalid anywhere but as datetime's separator. */
    PyObject *s1 = with_surrogate("2020-01-01", 0xDC80, "12:30");
    show("datetime.fromisoformat(surrogate separator)", meth(DT, "fromisoformat", Py_BuildValue("(O)", s1), NULL));
    show("date.fromisoformat(surrogate)", meth(DATE, "fromisoformat", Py_BuildValue("(O)", s1), NULL));
    Py_XDECREF(s1);
    s1 = with_surrogate("2020W01", 0xD800, "12");
    show("datetime.fromisoformat(surrogate at 7)", meth(DT, "fromisoformat", Py_BuildValue("(O)", s1), NULL));
    Py_XDECREF(s1);
    s1 = with_surrogate("12:30", 0xD800, "");
    show("time.fromisoformat(surrogate)", meth(TIME, "fromisoformat", Py_BuildValue("(O)", s1), NULL));
    Py_XDECREF(s1);
    s1 = with_surrogate("2020-01-01T12:30", 0xD800, "");
    show("datetime.fromisoformat(surrogate in time)", meth(DT, "fromisoformat", Py_BuildValue("(O)", s1), NULL));
    Py_XDECREF(s1);
    s1 = with_surrogate("2020-01-01", 0xDC80, "12:30\xff");
    show("datetime.fromisoformat(surrogate separator, U+FFFF after)", meth(DT, "fromisoformat", Py_BuildValue("(O)", s1), NULL));
    Py_XDECREF(s1);
    s1 = with_surrogate("2020-01", 0xD800, "");
    show("datetime.fromisoformat(surrogate at 7, end)", meth(DT, "fromisoformat", Py_BuildValue("(O)", s1), NULL));
    Py_XDECREF(s1);
    /* Round trips of isoformat(). */
    PyObject *z = tz(-5400);
    PyObject *a = aware(2021, 3, 4, 5, 6, 7, 890, z);
    PyObject *txt = meth(a, "isoformat", NULL, NULL);
    PyObject *back = txt ? meth(DT, "fromisoformat", Py_BuildValue("(O)", txt), NULL) : NULL;
    show("fromisoformat(isoformat()) == dt", back && a ? PyObject_RichCompare(back, a, Py_EQ) : NULL);
    show("fromisoformat(isoformat())", back ? Py_NewRef(back) : NULL);
    Py_XDECREF(back);
    Py_XDECREF(txt);
    Py_XDECREF(a);
    Py_XDECREF(z);
}

static void date_cases(void) {
    static const int ys[] = {-1, 0, 1, 1900, 2000, 2023, 9999, 10000};
    static const int ms[] = {0, 1, 2, 12, 13};
    static const int ds[] = {0, 1, 28, 29, 30, 31, 32};
    char what[96];
    for (size_t a = 0; a < sizeof ys / sizeof *ys; a++)
        for (size_t b = 0; b < sizeof ms / sizeof *ms; b++)
            for (size_t c = 0; c < sizeof ds / sizeof *ds; c++) {
                if ((ys[a] == 0 || ys[a] == -1 || ys[a] == 10000) && c > 1) continue;
                if ((ms[b] == 0 || ms[b] == 13) && c > 1) continue;
                snprintf(what, sizeof what, "PyDate_FromDate(%d, %d, %d)", ys[a], ms[b], ds[c]);
                show(what, PyDate_FromDate(ys[a], ms[b], ds[c]));
            }
    show("fields date", fields(PyDate_FromDate(2024, 2, 29)));
    show("date kw", call(DATE, Py_BuildValue("(i)", 2020), Py_BuildValue("{s:i,s:i}", "day", 3, "month", 4)));
    show("date missing", call(DATE, Py_BuildValue("(ii)", 2020, 1), NULL));
    show("date extra", call(DATE, Py_BuildValue("(iiii)", 2020, 1, 1, 1), NULL));
    show("date bad kw", call(DATE, Py_BuildValue("(iii)", 2020, 1, 1), Py_BuildValue("{s:i}", "hour", 3)));
    show("date float", call(DATE, Py_BuildValue("(dii)", 2020.0, 1, 1), NULL));
    show("date str", call(DATE, Py_BuildValue("(sii)", "x", 1, 1), NULL));
    show("date huge", call(DATE, Py_BuildValue("(Lii)", (long long)1 << 40, 1, 1), NULL));
    show("str(date)", str_of(PyDate_FromDate(5, 3, 7)));
    show("date.isoformat", meth(PyDate_FromDate(2000, 12, 31), "isoformat", NULL, NULL));
    static const int ords[][3] = {{1, 1, 1}, {1970, 1, 1}, {2000, 2, 29}, {2000, 3, 1},
                                  {1900, 3, 1}, {2023, 12, 31}, {9999, 12, 31}, {2024, 7, 4}};
    for (size_t i = 0; i < sizeof ords / sizeof *ords; i++) {
        PyObject *d = PyDate_FromDate(ords[i][0], ords[i][1], ords[i][2]);
        snprintf(what, sizeof what, "toordinal %d-%d-%d", ords[i][0], ords[i][1], ords[i][2]);
        show(what, meth(d, "toordinal", NULL, NULL));
        snprintf(what, sizeof what, "weekday %d-%d-%d", ords[i][0], ords[i][1], ords[i][2]);
        show(what, meth(d, "weekday", NULL, NULL));
        snprintf(what, sizeof what, "isoweekday %d-%d-%d", ords[i][0], ords[i][1], ords[i][2]);
        show(what, meth(d, "isoweekday", NULL, NULL));
        PyObject *o = meth(d, "toordinal", NULL, NULL);
        snprintf(what, sizeof what, "fromordinal back %d-%d-%d", ords[i][0], ords[i][1], ords[i][2]);
        show(what, o ? meth(DATE, "fromordinal", PyTuple_Pack(1, o), NULL) : NULL);
        Py_XDECREF(o);
        Py_XDECREF(d);
    }
    static const long ordinals[] = {0, -5, 1, 365, 366, 730119, 3652059, 3652060, 3652425, 2147483647};
    for (size_t i = 0; i < sizeof ordinals / sizeof *ordinals; i++) {
        snprintf(what, sizeof what, "date.fromordinal(%ld)", ordinals[i]);
        show(what, meth(DATE, "fromordinal", Py_BuildValue("(l)", ordinals[i]), NULL));
        snprintf(what, sizeof what, "datetime.fromordinal(%ld)", ordinals[i]);
        show(what, meth(DT, "fromordinal", Py_BuildValue("(l)", ordinals[i]), NULL));
    }
    PyObject *d = PyDate_FromDate(2000, 1, 31);
    show("date.year", PyObject_GetAttrString(d, "year"));
    show("date.month", PyObject_GetAttrString(d, "month"));
    show("date.day", PyObject_GetAttrString(d, "day"));
    show("date.hour", PyObject_GetAttrString(d, "hour"));
    show("date.replace month", meth(d, "replace", NULL, Py_BuildValue("{s:i}", "month", 2)));
    show("date.replace day", meth(d, "replace", Py_BuildValue("(iii)", 2001, 2, 28), NULL));
    show("date.replace bad", meth(d, "replace", NULL, Py_BuildValue("{s:i}", "year", 0)));
    show("date.min", PyObject_GetAttrString(DATE, "min"));
    show("date.max", PyObject_GetAttrString(DATE, "max"));
    show("date.resolution", PyObject_GetAttrString(DATE, "resolution"));
    static const int shifts[] = {0, 1, -1, 29, 30, 365, -365, 36524, -730119, 3000000, -3000000};
    for (size_t i = 0; i < sizeof shifts / sizeof *shifts; i++) {
        snprintf(what, sizeof what, "date + timedelta(%d)", shifts[i]);
        show(what, binop(Py_NewRef(d), td(shifts[i], 0, 0), PyNumber_Add));
        snprintf(what, sizeof what, "date - timedelta(%d)", shifts[i]);
        show(what, binop(Py_NewRef(d), td(shifts[i], 3600, 5), PyNumber_Subtract));
    }
    show("timedelta + date", binop(td(3, 0, 0), Py_NewRef(d), PyNumber_Add));
    show("date - date", binop(Py_NewRef(d), PyDate_FromDate(1999, 1, 1), PyNumber_Subtract));
    show("date - date neg", binop(PyDate_FromDate(1, 1, 1), Py_NewRef(d), PyNumber_Subtract));
    show("date + date", binop(Py_NewRef(d), PyDate_FromDate(1999, 1, 1), PyNumber_Add));
    show("date + 1", binop(Py_NewRef(d), PyLong_FromLong(1), PyNumber_Add));
    show("date - timedelta type", binop(Py_NewRef(d), td(0, 0, 0), PyNumber_Subtract));
    for (int op = Py_LT; op <= Py_GE; op++) {
        snprintf(what, sizeof what, "date cmp op %d", op);
        show(what, cmp(Py_NewRef(d), PyDate_FromDate(2000, 2, 1), op));
        snprintf(what, sizeof what, "date cmp same op %d", op);
        show(what, cmp(Py_NewRef(d), PyDate_FromDate(2000, 1, 31), op));
        snprintf(what, sizeof what, "date cmp int op %d", op);
        show(what, cmp(Py_NewRef(d), PyLong_FromLong(3), op));
        snprintf(what, sizeof what, "date cmp datetime op %d", op);
        show(what, cmp(Py_NewRef(d), PyDateTime_FromDateAndTime(2000, 1, 31, 0, 0, 0, 0), op));
    }
    show("hash date eq", same_hash(Py_NewRef(d), PyDate_FromDate(2000, 1, 31)));
    Py_DECREF(d);
}

static void datetime_cases(void) {
    static const int hs[][5] = {
        {0, 0, 0, 0, 0},       {23, 59, 59, 999999, 0}, {24, 0, 0, 0, 0}, {-1, 0, 0, 0, 0},
        {0, 60, 0, 0, 0},      {0, -1, 0, 0, 0},        {0, 0, 60, 0, 0}, {0, 0, 0, 1000000, 0},
        {0, 0, 0, -1, 0},      {1, 2, 3, 4, 1},         {1, 2, 3, 4, 2},  {12, 30, 0, 0, 0},
        {12, 30, 15, 0, 0},    {12, 30, 0, 500, 0},     {5, 0, 0, 0, -1},
    };
    char what[128];
    for (size_t i = 0; i < sizeof hs / sizeof *hs; i++) {
        snprintf(what, sizeof what, "datetime fold (%d,%d,%d,%d,%d)", hs[i][0], hs[i][1], hs[i][2], hs[i][3], hs[i][4]);
        show(what, PyDateTime_FromDateAndTimeAndFold(2021, 6, 15, hs[i][0], hs[i][1], hs[i][2], hs[i][3], hs[i][4]));
        snprintf(what, sizeof what, "time fold (%d,%d,%d,%d,%d)", hs[i][0], hs[i][1], hs[i][2], hs[i][3], hs[i][4]);
        show(what, PyTime_FromTimeAndFold(hs[i][0], hs[i][1], hs[i][2], hs[i][3], hs[i][4]));
        snprintf(what, sizeof what, "str datetime (%d,%d,%d,%d)", hs[i][0], hs[i][1], hs[i][2], hs[i][3]);
        show(what, str_of(PyDateTime_FromDateAndTime(2021, 6, 15, hs[i][0], hs[i][1], hs[i][2], hs[i][3])));
        snprintf(what, sizeof what, "str time (%d,%d,%d,%d)", hs[i][0], hs[i][1], hs[i][2], hs[i][3]);
        show(what, str_of(PyTime_FromTime(hs[i][0], hs[i][1], hs[i][2], hs[i][3])));
        snprintf(what, sizeof what, "fields datetime (%d,%d,%d,%d)", hs[i][0], hs[i][1], hs[i][2], hs[i][3]);
        show(what, fields(PyDateTime_FromDateAndTimeAndFold(2021, 6, 15, hs[i][0], hs[i][1], hs[i][2], hs[i][3], hs[i][4])));
        snprintf(what, sizeof what, "fields time (%d,%d,%d,%d)", hs[i][0], hs[i][1], hs[i][2], hs[i][3]);
        show(what, fields(PyTime_FromTimeAndFold(hs[i][0], hs[i][1], hs[i][2], hs[i][3], hs[i][4])));
    }
    show("datetime bad date", PyDateTime_FromDateAndTime(2021, 2, 29, 0, 0, 0, 0));
    show("datetime year 0", PyDateTime_FromDateAndTime(0, 2, 1, 0, 0, 0, 0));
    show("datetime tz int", PyDateTimeAPI->DateTime_FromDateAndTime(2021, 2, 1, 0, 0, 0, 0, Py_True, PyDateTimeAPI->DateTimeType));
    show("time tz str", PyDateTimeAPI->Time_FromTime(1, 0, 0, 0, Py_Ellipsis, PyDateTimeAPI->TimeType));
    show("datetime kw", call(DT, Py_BuildValue("(iii)", 2020, 5, 6), Py_BuildValue("{s:i,s:i,s:i}", "minute", 7, "microsecond", 8, "fold", 1)));
    show("datetime all kw", call(DT, NULL, Py_BuildValue("{s:i,s:i,s:i,s:i}", "year", 2020, "month", 5, "day", 6, "hour", 23)));
    show("datetime fold positional", call(DT, Py_BuildValue("(iiiiiiiOi)", 2020, 5, 6, 0, 0, 0, 0, Py_None, 1), NULL));
    show("datetime missing day", call(DT, Py_BuildValue("(ii)", 2020, 5), NULL));
    show("datetime tz kw", call(DT, Py_BuildValue("(iii)", 2020, 5, 6), Py_BuildValue("{s:N}", "tzinfo", tz(3600))));
    show("datetime tz bad", call(DT, Py_BuildValue("(iii)", 2020, 5, 6), Py_BuildValue("{s:i}", "tzinfo", 1)));
    show("datetime fold 2 kw", call(DT, Py_BuildValue("(iii)", 2020, 5, 6), Py_BuildValue("{s:i}", "fold", 2)));
    show("time kw", call(TIME, NULL, Py_BuildValue("{s:i,s:i}", "second", 5, "hour", 3)));
    show("time none", call(TIME, NULL, NULL));
    show("time bad kw", call(TIME, NULL, Py_BuildValue("{s:i}", "day", 5)));
    show("time too many", call(TIME, Py_BuildValue("(iiiiOi)", 1, 2, 3, 4, Py_None, 0), NULL));
    show("time tz", call(TIME, Py_BuildValue("(iiiiN)", 1, 2, 3, 4, tz(-3600)), NULL));

    PyObject *a = PyDateTime_FromDateAndTime(2021, 6, 15, 12, 30, 45, 123456);
    const char *names[] = {"year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(what, sizeof what, "datetime.%s", names[i]);
        show(what, PyObject_GetAttrString(a, names[i]));
    }
    PyObject *t = PyTime_FromTimeAndFold(1, 2, 3, 4, 1);
    for (size_t i = 3; i < sizeof names / sizeof *names; i++) {
        snprintf(what, sizeof what, "time.%s", names[i]);
        show(what, PyObject_GetAttrString(t, names[i]));
    }
    show("time.year", PyObject_GetAttrString(t, "year"));
    show("dt.date()", meth(a, "date", NULL, NULL));
    show("dt.time()", meth(a, "time", NULL, NULL));
    show("dt.timetz()", meth(a, "timetz", NULL, NULL));
    show("dt.utcoffset()", meth(a, "utcoffset", NULL, NULL));
    show("dt.tzname()", meth(a, "tzname", NULL, NULL));
    show("dt.dst()", meth(a, "dst", NULL, NULL));
    show("dt.toordinal()", meth(a, "toordinal", NULL, NULL));
    show("dt.weekday()", meth(a, "weekday", NULL, NULL));
    static const char *specs[] = {"auto", "hours", "minutes", "seconds", "milliseconds", "microseconds", "nanos"};
    for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
        snprintf(what, sizeof what, "dt.isoformat(timespec=%s)", specs[i]);
        show(what, meth(a, "isoformat", NULL, Py_BuildValue("{s:s}", "timespec", specs[i])));
        snprintf(what, sizeof what, "time.isoformat(%s)", specs[i]);
        show(what, meth(t, "isoformat", Py_BuildValue("(s)", specs[i]), NULL));
    }
    show("dt.isoformat(' ')", meth(a, "isoformat", Py_BuildValue("(s)", " "), NULL));
    show("dt.isoformat(sep=é)", meth(a, "isoformat", NULL, Py_BuildValue("{s:s}", "sep", "\xc3\xa9")));
    show("dt.isoformat('ab')", meth(a, "isoformat", Py_BuildValue("(s)", "ab"), NULL));
    show("dt.replace hour", meth(a, "replace", NULL, Py_BuildValue("{s:i}", "hour", 1)));
    show("dt.replace tz", meth(a, "replace", NULL, Py_BuildValue("{s:N}", "tzinfo", tz(7200))));
    show("dt.replace fold", meth(a, "replace", NULL, Py_BuildValue("{s:i}", "fold", 1)));
    show("dt.replace bad", meth(a, "replace", NULL, Py_BuildValue("{s:i}", "minute", 61)));
    show("dt.replace pos", meth(a, "replace", Py_BuildValue("(iii)", 1999, 12, 31), NULL));
    show("time.replace", meth(t, "replace", NULL, Py_BuildValue("{s:i,s:i}", "hour", 9, "fold", 0)));
    show("datetime.min", PyObject_GetAttrString(DT, "min"));
    show("datetime.max", PyObject_GetAttrString(DT, "max"));
    show("datetime.resolution", PyObject_GetAttrString(DT, "resolution"));
    show("time.min", PyObject_GetAttrString(TIME, "min"));
    show("time.max", PyObject_GetAttrString(TIME, "max"));
    show("combine", meth(DT, "combine", Py_BuildValue("(NN)", PyDate_FromDate(2000, 1, 1), PyTime_FromTime(1, 2, 3, 4)), NULL));
    show("combine tz", meth(DT, "combine", Py_BuildValue("(NNN)", PyDate_FromDate(2000, 1, 1), PyTime_FromTime(1, 2, 3, 4), tz(60)), NULL));
    show("combine bad", meth(DT, "combine", Py_BuildValue("(ii)", 1, 2), NULL));

    static const int64_t shifts[][3] = {{0, 0, 1}, {0, 0, -1}, {0, 86399, 999999}, {1, 0, 0}, {-1, 0, 0},
                                        {365, 3600, 0}, {-738000, 0, 0}, {3000000, 0, 0}, {0, 43200, 0}};
    for (size_t i = 0; i < sizeof shifts / sizeof *shifts; i++) {
        snprintf(what, sizeof what, "dt + td(%d,%d,%d)", (int)shifts[i][0], (int)shifts[i][1], (int)shifts[i][2]);
        show(what, binop(Py_NewRef(a), td(shifts[i][0], shifts[i][1], shifts[i][2]), PyNumber_Add));
        snprintf(what, sizeof what, "td + dt (%d,%d,%d)", (int)shifts[i][0], (int)shifts[i][1], (int)shifts[i][2]);
        show(what, binop(td(shifts[i][0], shifts[i][1], shifts[i][2]), Py_NewRef(a), PyNumber_Add));
        snprintf(what, sizeof what, "dt - td(%d,%d,%d)", (int)shifts[i][0], (int)shifts[i][1], (int)shifts[i][2]);
        show(what, binop(Py_NewRef(a), td(shifts[i][0], shifts[i][1], shifts[i][2]), PyNumber_Subtract));
    }
    show("dt - dt", binop(Py_NewRef(a), PyDateTime_FromDateAndTime(2020, 1, 1, 0, 0, 0, 1), PyNumber_Subtract));
    show("dt - dt neg", binop(PyDateTime_FromDateAndTime(2020, 1, 1, 0, 0, 0, 1), Py_NewRef(a), PyNumber_Subtract));
    show("dt - date", binop(Py_NewRef(a), PyDate_FromDate(2020, 1, 1), PyNumber_Subtract));
    show("date - dt", binop(PyDate_FromDate(2020, 1, 1), Py_NewRef(a), PyNumber_Subtract));
    show("dt + dt", binop(Py_NewRef(a), Py_NewRef(a), PyNumber_Add));
    show("aware - naive", binop(aware(2020, 1, 1, 0, 0, 0, 0, tz(0)), Py_NewRef(a), PyNumber_Subtract));
    show("aware - aware", binop(aware(2020, 1, 1, 0, 0, 0, 0, tz(3600)), aware(2020, 1, 1, 0, 0, 0, 0, tz(-1800)), PyNumber_Subtract));
    show("aware - aware same", binop(aware(2020, 1, 1, 5, 0, 0, 0, tz(3600)), aware(2020, 1, 1, 0, 0, 0, 0, tz(3600)), PyNumber_Subtract));
    show("aware + td tz kept", binop(aware(2020, 1, 1, 5, 0, 0, 0, tz(3600)), td(0, 7200, 0), PyNumber_Add));
    for (int op = Py_LT; op <= Py_GE; op++) {
        snprintf(what, sizeof what, "naive cmp op %d", op);
        show(what, cmp(Py_NewRef(a), PyDateTime_FromDateAndTime(2021, 6, 15, 12, 30, 45, 123457), op));
        snprintf(what, sizeof what, "naive vs aware op %d", op);
        show(what, cmp(Py_NewRef(a), aware(2021, 6, 15, 12, 30, 45, 123456, tz(0)), op));
        snprintf(what, sizeof what, "aware vs aware op %d", op);
        show(what, cmp(aware(2021, 6, 15, 12, 0, 0, 0, tz(3600)), aware(2021, 6, 15, 11, 0, 0, 0, tz(0)), op));
        snprintf(what, sizeof what, "aware vs aware later op %d", op);
        show(what, cmp(aware(2021, 6, 15, 12, 0, 0, 0, tz(3600)), aware(2021, 6, 15, 11, 0, 0, 1, fixed(0)), op));
        snprintf(what, sizeof what, "dt vs date op %d", op);
        show(what, cmp(Py_NewRef(a), PyDate_FromDate(2021, 6, 15), op));
        snprintf(what, sizeof what, "time cmp op %d", op);
        show(what, cmp(PyTime_FromTime(1, 0, 0, 0), PyTime_FromTime(0, 59, 59, 999999), op));
        snprintf(what, sizeof what, "time naive vs aware op %d", op);
        show(what, cmp(PyTime_FromTime(1, 0, 0, 0), call(TIME, Py_BuildValue("(iiiiN)", 1, 0, 0, 0, tz(0)), NULL), op));
        snprintf(what, sizeof what, "time aware op %d", op);
        show(what, cmp(call(TIME, Py_BuildValue("(iiiiN)", 2, 0, 0, 0, tz(3600)), NULL), call(TIME, Py_BuildValue("(iiiiN)", 1, 0, 0, 0, tz(0)), NULL), op));
        snprintf(what, sizeof what, "timedelta cmp op %d", op);
        show(what, cmp(td(-1, 5, 0), td(0, 0, -3), op));
        snprintf(what, sizeof what, "timedelta cmp int op %d", op);
        show(what, cmp(td(0, 0, 0), PyLong_FromLong(0), op));
    }
    show("hash naive eq", same_hash(Py_NewRef(a), PyDateTime_FromDateAndTime(2021, 6, 15, 12, 30, 45, 123456)));
    show("hash naive fold", same_hash(Py_NewRef(a), PyDateTime_FromDateAndTimeAndFold(2021, 6, 15, 12, 30, 45, 123456, 1)));
    show("hash aware", hash_of(aware(2021, 6, 15, 12, 0, 0, 0, tz(3600))));
    show("hash aware eq", same_hash(aware(2021, 6, 15, 12, 0, 0, 0, tz(3600)), aware(2021, 6, 15, 11, 0, 0, 0, fixed(0))));
    show("hash time aware", hash_of(call(TIME, Py_BuildValue("(iiiiN)", 2, 0, 0, 0, tz(3600)), NULL)));
    {
        /* Offsets with microseconds: CPython compares the times' own
           microseconds, not the offsets'. */
        PyObject *z1 = PyTimeZone_FromOffset(td(0, 3600, 500000));
        PyObject *z2 = PyTimeZone_FromOffset(td(0, 3600, 0));
        for (int op = Py_LT; op <= Py_GE; op++) {
            snprintf(what, sizeof what, "time us offsets op %d", op);
            show(what, cmp(call(TIME, Py_BuildValue("(iiiiO)", 1, 0, 0, 0, z1), NULL),
                           call(TIME, Py_BuildValue("(iiiiO)", 1, 0, 0, 0, z2), NULL), op));
            snprintf(what, sizeof what, "datetime us offsets op %d", op);
            show(what, cmp(aware(2000, 1, 1, 1, 0, 0, 0, Py_NewRef(z1)), aware(2000, 1, 1, 1, 0, 0, 0, Py_NewRef(z2)), op));
        }
        show("time us offsets hash eq", same_hash(call(TIME, Py_BuildValue("(iiiiO)", 1, 0, 0, 500000, z1), NULL),
                                                  call(TIME, Py_BuildValue("(iiiiO)", 1, 0, 0, 0, z2), NULL)));
        Py_DECREF(z1);
        Py_DECREF(z2);
    }
    show("hash time naive eq", same_hash(PyTime_FromTime(1, 2, 3, 4), PyTime_FromTime(1, 2, 3, 4)));
    Py_DECREF(a);
    Py_DECREF(t);
}

static void delta_cases(void) {
    static const int dsu[][3] = {
        {0, 0, 0}, {1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, -1}, {0, 86400, 0},
        {0, 0, 1000000}, {2, -1, -1}, {999999999, 86399, 999999}, {999999999, 86400, 0},
        {-999999999, 0, 0}, {-999999999, 0, -1}, {0, 2147483647, 0}, {0, 0, 2147483647}, {0, -2147483647, 0},
        {1, 2, 3}, {-2, 3, 4}, {10, 0, 0}, {0, 3600, 0}, {0, 36000, 500},
    };
    char what[128];
    for (size_t i = 0; i < sizeof dsu / sizeof *dsu; i++) {
        snprintf(what, sizeof what, "PyDelta_FromDSU(%d,%d,%d)", dsu[i][0], dsu[i][1], dsu[i][2]);
        show(what, PyDelta_FromDSU(dsu[i][0], dsu[i][1], dsu[i][2]));
        snprintf(what, sizeof what, "str td(%d,%d,%d)", dsu[i][0], dsu[i][1], dsu[i][2]);
        show(what, str_of(PyDelta_FromDSU(dsu[i][0], dsu[i][1], dsu[i][2])));
        snprintf(what, sizeof what, "fields td(%d,%d,%d)", dsu[i][0], dsu[i][1], dsu[i][2]);
        show(what, fields(PyDelta_FromDSU(dsu[i][0], dsu[i][1], dsu[i][2])));
        snprintf(what, sizeof what, "total_seconds td(%d,%d,%d)", dsu[i][0], dsu[i][1], dsu[i][2]);
        show(what, meth(PyDelta_FromDSU(dsu[i][0], dsu[i][1], dsu[i][2]), "total_seconds", NULL, NULL));
        snprintf(what, sizeof what, "hash td(%d,%d,%d)", dsu[i][0], dsu[i][1], dsu[i][2]);
        show(what, hash_of(PyDelta_FromDSU(dsu[i][0], dsu[i][1], dsu[i][2])));
        snprintf(what, sizeof what, "-td(%d,%d,%d)", dsu[i][0], dsu[i][1], dsu[i][2]);
        PyObject *x = PyDelta_FromDSU(dsu[i][0], dsu[i][1], dsu[i][2]);
        show(what, x ? PyNumber_Negative(x) : NULL);
        snprintf(what, sizeof what, "abs td(%d,%d,%d)", dsu[i][0], dsu[i][1], dsu[i][2]);
        show(what, x ? PyNumber_Absolute(x) : NULL);
        snprintf(what, sizeof what, "bool td(%d,%d,%d)", dsu[i][0], dsu[i][1], dsu[i][2]);
        show(what, x ? PyBool_FromLong(PyObject_IsTrue(x)) : NULL);
        Py_XDECREF(x);
    }
    /* Unnormalised through the table (CPython takes the fields as given). */
    show("Delta_FromDelta raw", fields(PyDateTimeAPI->Delta_FromDelta(1, 5, 7, 0, PyDateTimeAPI->DeltaType)));
    /* timedelta(...) keyword construction. */
    show("td()", call(TD, NULL, NULL));
    show("td(1,2,3)", call(TD, Py_BuildValue("(iii)", 1, 2, 3), NULL));
    show("td weeks", call(TD, NULL, Py_BuildValue("{s:i}", "weeks", 2)));
    show("td hours min", call(TD, NULL, Py_BuildValue("{s:i,s:i,s:i}", "hours", 25, "minutes", -1, "milliseconds", 1500)));
    show("td all pos", call(TD, Py_BuildValue("(iiiiiii)", 1, 2, 3, 4, 5, 6, 7), NULL));
    show("td float days", call(TD, NULL, Py_BuildValue("{s:d}", "days", 1.5)));
    show("td float seconds", call(TD, NULL, Py_BuildValue("{s:d}", "seconds", 0.0000005)));
    show("td float seconds 1.5us", call(TD, NULL, Py_BuildValue("{s:d}", "seconds", 0.0000015)));
    show("td float us 2.5", call(TD, NULL, Py_BuildValue("{s:d}", "microseconds", 2.5)));
    show("td float us 3.5", call(TD, NULL, Py_BuildValue("{s:d}", "microseconds", 3.5)));
    show("td float neg", call(TD, NULL, Py_BuildValue("{s:d,s:d}", "hours", -1.25, "minutes", 0.1)));
    show("td float ms", call(TD, NULL, Py_BuildValue("{s:d}", "milliseconds", 1.0001)));
    show("td nan", call(TD, NULL, Py_BuildValue("{s:d}", "days", Py_NAN)));
    show("td inf", call(TD, NULL, Py_BuildValue("{s:d}", "days", Py_HUGE_VAL)));
    show("td str", call(TD, NULL, Py_BuildValue("{s:s}", "hours", "1")));
    show("td bad kw", call(TD, NULL, Py_BuildValue("{s:i}", "years", 1)));
    show("td too many", call(TD, Py_BuildValue("(iiiiiiii)", 1, 2, 3, 4, 5, 6, 7, 8), NULL));
    show("td overflow", call(TD, NULL, Py_BuildValue("{s:i}", "days", 1000000000)));
    show("td overflow weeks", call(TD, NULL, Py_BuildValue("{s:L}", "weeks", 1LL << 40)));
    show("td bool kw", call(TD, NULL, Py_BuildValue("{s:O}", "days", Py_True)));
    show("td max", PyObject_GetAttrString(TD, "max"));
    show("td min", PyObject_GetAttrString(TD, "min"));
    show("td resolution", PyObject_GetAttrString(TD, "resolution"));
    PyObject *x = td(1, 3600, 5);
    show("td.days", PyObject_GetAttrString(x, "days"));
    show("td.seconds", PyObject_GetAttrString(x, "seconds"));
    show("td.microseconds", PyObject_GetAttrString(x, "microseconds"));
    show("td + td", binop(Py_NewRef(x), td(0, 86000, 999999), PyNumber_Add));
    show("td - td", binop(Py_NewRef(x), td(2, 0, 0), PyNumber_Subtract));
    show("td * 3", binop(Py_NewRef(x), PyLong_FromLong(3), PyNumber_Multiply));
    show("-2 * td", binop(PyLong_FromLong(-2), Py_NewRef(x), PyNumber_Multiply));
    show("td // 7", binop(Py_NewRef(x), PyLong_FromLong(7), PyNumber_FloorDivide));
    show("td // -7", binop(Py_NewRef(x), PyLong_FromLong(-7), PyNumber_FloorDivide));
    show("td // td", binop(Py_NewRef(x), td(0, 3600, 0), PyNumber_FloorDivide));
    show("td // 0", binop(Py_NewRef(x), PyLong_FromLong(0), PyNumber_FloorDivide));
    show("td / td", binop(Py_NewRef(x), td(0, 7, 0), PyNumber_TrueDivide));
    show("td / 3", binop(Py_NewRef(x), PyLong_FromLong(3), PyNumber_TrueDivide));
    show("td(us=5) / 2", binop(td(0, 0, 5), PyLong_FromLong(2), PyNumber_TrueDivide));
    show("td(us=7) / 2", binop(td(0, 0, 7), PyLong_FromLong(2), PyNumber_TrueDivide));
    show("td / td(0)", binop(Py_NewRef(x), td(0, 0, 0), PyNumber_TrueDivide));
    show("td / 0", binop(Py_NewRef(x), PyLong_FromLong(0), PyNumber_TrueDivide));
    show("td % td", binop(Py_NewRef(x), td(0, 7, 0), PyNumber_Remainder));
    show("td + 1", binop(Py_NewRef(x), PyLong_FromLong(1), PyNumber_Add));
    show("td * td", binop(Py_NewRef(x), Py_NewRef(x), PyNumber_Multiply));
    show("max td + 1us", binop(PyObject_GetAttrString(TD, "max"), td(0, 0, 1), PyNumber_Add));
    show("max td * 2", binop(PyObject_GetAttrString(TD, "max"), PyLong_FromLong(2), PyNumber_Multiply));
    show("max td total_seconds", meth(PyObject_GetAttrString(TD, "max"), "total_seconds", NULL, NULL));
    static const double fs[] = {2.5, 0.5, -0.5, 1e-300, 1e10, 1.0 / 3, -7.25, 0.0, 1e-6, 123456.789};
    for (size_t i = 0; i < sizeof fs / sizeof *fs; i++) {
        snprintf(what, sizeof what, "td * %.17g", fs[i]);
        show(what, binop(Py_NewRef(x), PyFloat_FromDouble(fs[i]), PyNumber_Multiply));
        snprintf(what, sizeof what, "%.17g * td(us=3)", fs[i]);
        show(what, binop(PyFloat_FromDouble(fs[i]), td(0, 0, 3), PyNumber_Multiply));
        snprintf(what, sizeof what, "td(us=5) * %.17g", fs[i]);
        show(what, binop(td(0, 0, 5), PyFloat_FromDouble(fs[i]), PyNumber_Multiply));
        snprintf(what, sizeof what, "td / %.17g", fs[i]);
        show(what, binop(Py_NewRef(x), PyFloat_FromDouble(fs[i]), PyNumber_TrueDivide));
        snprintf(what, sizeof what, "td // %.17g", fs[i]);
        show(what, binop(Py_NewRef(x), PyFloat_FromDouble(fs[i]), PyNumber_FloorDivide));
    }
    show("td * nan", binop(Py_NewRef(x), PyFloat_FromDouble(Py_NAN), PyNumber_Multiply));
    show("td * inf", binop(Py_NewRef(x), PyFloat_FromDouble(Py_HUGE_VAL), PyNumber_Multiply));
    show("td / -inf", binop(Py_NewRef(x), PyFloat_FromDouble(-Py_HUGE_VAL), PyNumber_TrueDivide));
    show("max td * 1.5", binop(PyObject_GetAttrString(TD, "max"), PyFloat_FromDouble(1.5), PyNumber_Multiply));
    PyObject *big = PyLong_FromString("1000000000000000000000000000000", NULL, 10);
    show("td * 10**30", binop(Py_NewRef(x), Py_NewRef(big), PyNumber_Multiply));
    show("td // 10**30", binop(Py_NewRef(x), Py_NewRef(big), PyNumber_FloorDivide));
    show("td / 10**30", binop(Py_NewRef(x), Py_NewRef(big), PyNumber_TrueDivide));
    show("td * True", binop(Py_NewRef(x), Py_NewRef(Py_True), PyNumber_Multiply));
    Py_DECREF(big);
    show("divmod td td", binop(Py_NewRef(x), td(0, 7, 0), PyNumber_Divmod));
    show("divmod -td td", binop(td(-1, 0, 0), td(0, 7, 0), PyNumber_Divmod));
    show("divmod td -td", binop(Py_NewRef(x), td(0, -7, 0), PyNumber_Divmod));
    show("divmod td 0", binop(Py_NewRef(x), td(0, 0, 0), PyNumber_Divmod));
    show("divmod td int", binop(Py_NewRef(x), PyLong_FromLong(2), PyNumber_Divmod));
    show("td % 0", binop(Py_NewRef(x), td(0, 0, 0), PyNumber_Remainder));
    show("td % -td", binop(Py_NewRef(x), td(0, -7, 0), PyNumber_Remainder));
    show("td // td(0)", binop(Py_NewRef(x), td(0, 0, 0), PyNumber_FloorDivide));
    show("int / td", binop(PyLong_FromLong(1), Py_NewRef(x), PyNumber_TrueDivide));
    show("float * td max", binop(PyFloat_FromDouble(-1.0), PyObject_GetAttrString(TD, "max"), PyNumber_Multiply));
    show("+td", x ? PyNumber_Positive(x) : NULL);
    Py_DECREF(x);
}

static void tz_cases(void) {
    static const int offs[] = {0, 60, -60, 3600, -3600, 19800, -34200, 86399, -86399, 86400, -86400, 45, 5400};
    char what[128];
    for (size_t i = 0; i < sizeof offs / sizeof *offs; i++) {
        snprintf(what, sizeof what, "timezone(%d)", offs[i]);
        show(what, tz(offs[i]));
        snprintf(what, sizeof what, "str timezone(%d)", offs[i]);
        show(what, str_of(tz(offs[i])));
        snprintf(what, sizeof what, "aware iso %d", offs[i]);
        show(what, str_of(aware(2000, 1, 1, 0, 0, 0, 0, tz(offs[i]))));
        snprintf(what, sizeof what, "aware repr %d", offs[i]);
        show(what, aware(2000, 1, 1, 0, 0, 0, 0, tz(offs[i])));
    }
    show("timezone us", str_of(PyTimeZone_FromOffset(td(0, 3600, 5))));
    show("timezone -us", str_of(PyTimeZone_FromOffset(td(-1, 86399, 999995))));
    PyObject *off = td(0, -18000, 0);
    PyObject *name = PyUnicode_FromString("EST");
    show("named", PyTimeZone_FromOffsetAndName(off, name));
    show("named str", str_of(PyTimeZone_FromOffsetAndName(off, name)));
    show("named zero", PyTimeZone_FromOffsetAndName(PyObject_GetAttrString(TD, "resolution") ? td(0, 0, 0) : NULL, name));
    show("UTC macro", Py_NewRef(PyDateTime_TimeZone_UTC));
    show("UTC is timezone.utc", PyBool_FromLong(PyDateTime_TimeZone_UTC == PyObject_GetAttrString(TZ, "utc")));
    Py_DECREF(PyDateTime_TimeZone_UTC); /* the reference the getattr above made */
    show("module UTC", PyObject_GetAttrString(M, "UTC"));
    show("tz() kw", call(TZ, NULL, Py_BuildValue("{s:O,s:s}", "offset", off, "name", "X")));
    show("tz() int", call(TZ, Py_BuildValue("(i)", 5), NULL));
    show("tz() name int", call(TZ, Py_BuildValue("(Oi)", off, 5), NULL));
    show("tz() none", call(TZ, NULL, NULL));
    show("tz() day", call(TZ, Py_BuildValue("(N)", td(1, 0, 0)), NULL));
    show("tz() -day", call(TZ, Py_BuildValue("(N)", td(-1, 0, 0)), NULL));
    show("tz() zero", call(TZ, Py_BuildValue("(N)", td(0, 0, 0)), NULL));
    show("timezone.min", PyObject_GetAttrString(TZ, "min"));
    show("timezone.max", PyObject_GetAttrString(TZ, "max"));
    PyObject *z = PyTimeZone_FromOffsetAndName(off, name);
    show("tz.utcoffset(None)", meth(z, "utcoffset", Py_BuildValue("(O)", Py_None), NULL));
    show("tz.utcoffset(1)", meth(z, "utcoffset", Py_BuildValue("(i)", 1), NULL));
    show("tz.dst(None)", meth(z, "dst", Py_BuildValue("(O)", Py_None), NULL));
    show("tz.dst(date)", meth(z, "dst", Py_BuildValue("(N)", PyDate_FromDate(2000, 1, 1)), NULL));
    show("tz.tzname(None)", meth(z, "tzname", Py_BuildValue("(O)", Py_None), NULL));
    show("tz.tzname(str)", meth(z, "tzname", Py_BuildValue("(s)", "x"), NULL));
    show("tz.fromutc", meth(z, "fromutc", Py_BuildValue("(N)", aware(2000, 1, 1, 3, 0, 0, 0, Py_NewRef(z))), NULL));
    show("tz.fromutc other", meth(z, "fromutc", Py_BuildValue("(N)", aware(2000, 1, 1, 3, 0, 0, 0, tz(0))), NULL));
    show("tz.fromutc int", meth(z, "fromutc", Py_BuildValue("(i)", 1), NULL));
    show("tz eq", cmp(Py_NewRef(z), tz(-18000), Py_EQ));
    show("tz ne", cmp(Py_NewRef(z), tz(-18000), Py_NE));
    show("tz lt", cmp(Py_NewRef(z), tz(-18000), Py_LT));
    show("tz eq int", cmp(Py_NewRef(z), PyLong_FromLong(1), Py_EQ));
    show("tz hash", hash_of(Py_NewRef(z)));
    show("aware utcoffset", meth(aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(z)), "utcoffset", NULL, NULL));
    show("aware tzname", meth(aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(z)), "tzname", NULL, NULL));
    show("aware dst", meth(aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(z)), "dst", NULL, NULL));
    show("aware tzinfo macro", fields(aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(z))));
    show("time aware str", str_of(call(TIME, Py_BuildValue("(iiiiO)", 1, 2, 3, 0, z), NULL)));
    show("time aware utcoffset", meth(call(TIME, Py_BuildValue("(iiiiO)", 1, 2, 3, 0, z), NULL), "utcoffset", NULL, NULL));
    Py_DECREF(z);
    Py_DECREF(off);
    Py_DECREF(name);

    /* tzinfo itself and C subclasses of it. */
    PyObject *base = call(TZINFO, NULL, NULL);
    show("tzinfo().utcoffset", meth(base, "utcoffset", Py_BuildValue("(O)", Py_None), NULL));
    show("tzinfo().tzname", meth(base, "tzname", Py_BuildValue("(O)", Py_None), NULL));
    show("tzinfo().dst", meth(base, "dst", Py_BuildValue("(O)", Py_None), NULL));
    show("aware base tz utcoffset", meth(aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(base)), "utcoffset", NULL, NULL));
    Py_XDECREF(base);
    show("fixed repr", aware(2000, 1, 1, 0, 0, 0, 0, fixed(90)));
    show("fixed str", str_of(aware(2000, 1, 1, 0, 0, 0, 0, fixed(-330))));
    show("fixed tzname", meth(aware(2000, 1, 1, 0, 0, 0, 0, fixed(-330)), "tzname", NULL, NULL));
    show("fixed is tzinfo", PyBool_FromLong(PyTZInfo_Check((PyObject *)&FixedType) == 0));
    PyObject *f = fixed(60);
    show("fixed fromutc default", meth(f, "fromutc", Py_BuildValue("(N)", aware(2000, 1, 1, 23, 30, 0, 0, Py_NewRef(f))), NULL));
    show("fixed check", PyBool_FromLong(PyTZInfo_Check(f)));
    Py_DECREF(f);
    PyObject *bad = PyObject_New(PyObject, &BadType);
    show("bad utcoffset", meth(aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(bad)), "utcoffset", NULL, NULL));
    show("bad tzname", meth(aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(bad)), "tzname", NULL, NULL));
    show("bad dst", meth(aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(bad)), "dst", NULL, NULL));
    show("bad str", str_of(aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(bad))));
    Py_DECREF(bad);
}

static void timestamp_cases(void) {
    static const double ts[] = {0.0, 1.5, -1.5, 1e9, 1700000000.123456, 1700000000.1234565, 0.0000005, 0.0000015,
                                -0.0000005, 253402300799.0, 253402300800.0, -62135596800.0, -62135596801.0};
    char what[128];
    for (size_t i = 0; i < sizeof ts / sizeof *ts; i++) {
        snprintf(what, sizeof what, "utcfromtimestamp(%.7f)", ts[i]);
        show(what, meth(DT, "utcfromtimestamp", Py_BuildValue("(d)", ts[i]), NULL));
        snprintf(what, sizeof what, "fromtimestamp(%.7f, UTC)", ts[i]);
        show(what, meth(DT, "fromtimestamp", Py_BuildValue("(dO)", ts[i], PyDateTime_TimeZone_UTC), NULL));
        snprintf(what, sizeof what, "PyDateTime_FromTimestamp(%.7f)", ts[i]);
        PyObject *args = Py_BuildValue("(d)", ts[i]);
        show(what, PyDateTime_FromTimestamp(args));
        snprintf(what, sizeof what, "PyDate_FromTimestamp(%.7f)", ts[i]);
        show(what, PyDate_FromTimestamp(args));
        Py_DECREF(args);
    }
    PyObject *args = Py_BuildValue("(L)", 1234567890LL);
    show("fromtimestamp int", PyDateTime_FromTimestamp(args));
    show("date fromtimestamp int", PyDate_FromTimestamp(args));
    Py_DECREF(args);
    args = Py_BuildValue("(d)", Py_NAN);
    show("fromtimestamp nan", PyDateTime_FromTimestamp(args));
    show("date fromtimestamp nan", PyDate_FromTimestamp(args));
    Py_DECREF(args);
    args = Py_BuildValue("(d)", 1e20);
    show("fromtimestamp 1e20", PyDateTime_FromTimestamp(args));
    Py_DECREF(args);
    args = Py_BuildValue("(s)", "1");
    show("fromtimestamp str", PyDateTime_FromTimestamp(args));
    show("date fromtimestamp str", PyDate_FromTimestamp(args));
    Py_DECREF(args);
    args = PyTuple_New(0);
    show("fromtimestamp none", PyDateTime_FromTimestamp(args));
    show("date fromtimestamp none", PyDate_FromTimestamp(args));
    Py_DECREF(args);
    show("fromtimestamp tz kw", meth(DT, "fromtimestamp", Py_BuildValue("(i)", 86400), Py_BuildValue("{s:N}", "tz", tz(-3600))));
    show("fromtimestamp tz fixed", meth(DT, "fromtimestamp", Py_BuildValue("(iN)", 86400, fixed(30)), NULL));
    show("fromtimestamp tz bad", meth(DT, "fromtimestamp", Py_BuildValue("(ii)", 86400, 1), NULL));
    show("date.fromtimestamp", meth(DATE, "fromtimestamp", Py_BuildValue("(d)", 86399.9), NULL));
}

/* Steals a and b: whether |a - b| < 2 seconds (two clock readings). */
static PyObject *close_in_time(PyObject *a, PyObject *b) {
    PyObject *d = binop(a, b, PyNumber_Subtract);
    if (d == NULL) return NULL;
    PyObject *secs = meth(d, "total_seconds", NULL, NULL);
    Py_DECREF(d);
    if (secs == NULL) return NULL;
    double v = PyFloat_AsDouble(secs);
    Py_DECREF(secs);
    return PyBool_FromLong(v > -2.0 && v < 2.0);
}

static void now_cases(void) {
    PyObject *utc = PyDateTime_TimeZone_UTC;
    show("now() type", attr_of(attr_of(meth(DT, "now", NULL, NULL), "__class__"), "__name__"));
    show("now() naive", attr_of(meth(DT, "now", NULL, NULL), "tzinfo"));
    show("now(UTC).tzinfo", attr_of(meth(DT, "now", Py_BuildValue("(O)", utc), NULL), "tzinfo"));
    show("now(tz=+1).tzinfo", attr_of(meth(DT, "now", NULL, Py_BuildValue("{s:N}", "tz", tz(3600))), "tzinfo"));
    show("now(1)", meth(DT, "now", Py_BuildValue("(i)", 1), NULL));
    show("now(x=1)", meth(DT, "now", NULL, Py_BuildValue("{s:i}", "x", 1)));
    show("now() ~ utcnow() in UTC", close_in_time(meth(DT, "now", NULL, NULL), meth(DT, "utcnow", NULL, NULL)));
    show("now(UTC) ~ now(+1)", close_in_time(meth(DT, "now", Py_BuildValue("(O)", utc), NULL),
                                             meth(DT, "now", Py_BuildValue("(N)", tz(3600)), NULL)));
    show("today() type", attr_of(attr_of(meth(DATE, "today", NULL, NULL), "__class__"), "__name__"));
    show("datetime.today() type", attr_of(attr_of(meth(DT, "today", NULL, NULL), "__class__"), "__name__"));
    show("today() == now().date()", cmp(meth(DATE, "today", NULL, NULL), meth(meth(DT, "now", NULL, NULL), "date", NULL, NULL), Py_EQ));
    show("utcnow(1)", meth(DT, "utcnow", Py_BuildValue("(i)", 1), NULL));
    static const int dts[][7] = {{1970, 1, 1, 0, 0, 0, 0}, {2000, 1, 1, 0, 0, 0, 500000}, {1969, 12, 31, 23, 59, 59, 1},
                                 {2038, 1, 19, 3, 14, 8, 0}, {9999, 12, 31, 23, 59, 59, 999999}, {1, 1, 1, 0, 0, 0, 0},
                                 {1, 1, 2, 0, 0, 0, 0}, {2021, 3, 14, 2, 30, 0, 0}, {2021, 11, 7, 1, 30, 0, 0}};
    char what[128];
    for (int zone = 0; zone < 2; zone++) {
        if (zone == 1) {
            /* A POSIX rule (no tz database needed) with DST: gaps and folds. */
            setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
            tzset();
        }
        for (size_t i = 0; i < sizeof dts / sizeof *dts; i++) {
            for (int fold = 0; fold < 2; fold++) {
                snprintf(what, sizeof what, "zone %d naive timestamp %d-%d-%d %d:%d fold=%d", zone, dts[i][0], dts[i][1], dts[i][2], dts[i][3], dts[i][4], fold);
                show(what, meth(PyDateTime_FromDateAndTimeAndFold(dts[i][0], dts[i][1], dts[i][2], dts[i][3], dts[i][4], dts[i][5], dts[i][6], fold), "timestamp", NULL, NULL));
            }
            snprintf(what, sizeof what, "zone %d aware timestamp %d-%d-%d", zone, dts[i][0], dts[i][1], dts[i][2]);
            show(what, meth(aware(dts[i][0], dts[i][1], dts[i][2], dts[i][3], dts[i][4], dts[i][5], dts[i][6], tz(-3600)), "timestamp", NULL, NULL));
        }
        static const double ts[] = {1615705199.0, 1615705200.0, 1615708800.0, 1636261199.0, 1636261200.0,
                                    1636264799.0, 1636264800.0, 1636268400.0, 0.0, -1.0};
        for (size_t i = 0; i < sizeof ts / sizeof *ts; i++) {
            PyObject *args = Py_BuildValue("(d)", ts[i]);
            snprintf(what, sizeof what, "zone %d fromtimestamp(%.1f)", zone, ts[i]);
            show(what, PyDateTime_FromTimestamp(args));
            snprintf(what, sizeof what, "zone %d date.fromtimestamp(%.1f)", zone, ts[i]);
            show(what, PyDate_FromTimestamp(args));
            snprintf(what, sizeof what, "zone %d round trip %.1f", zone, ts[i]);
            show(what, meth(PyDateTime_FromTimestamp(args), "timestamp", NULL, NULL));
            Py_DECREF(args);
        }
    }
    setenv("TZ", "UTC", 1);
    tzset();
    show("aware bad timestamp", meth(aware(2000, 1, 1, 0, 0, 0, 0, PyObject_New(PyObject, &BadType)), "timestamp", NULL, NULL));
    show("aware none-offset timestamp", meth(aware(2000, 1, 1, 0, 0, 0, 0, call(TZINFO, NULL, NULL)), "timestamp", NULL, NULL));
}

static PyObject *fold_dt(int h, int fold) {
    return PyDateTimeAPI->DateTime_FromDateAndTimeAndFold(2021, 11, 7, h, 30, 0, 0,
        (PyObject *)PyObject_New(PyObject, &FoldingType), fold, PyDateTimeAPI->DateTimeType);
}

static void pep495_cases(void) {
    char what[128];
    for (int h = 0; h < 3; h++)
        for (int fold = 0; fold < 2; fold++) {
            PyObject *a = fold_dt(h, fold);
            /* The folding zone object above is referenced by a only. */
            Py_DECREF(PyDateTime_DATE_GET_TZINFO(a));
            PyObject *u = meth(a, "astimezone", Py_BuildValue("(O)", PyDateTime_TimeZone_UTC), NULL);
            snprintf(what, sizeof what, "fold zone %d:30 fold=%d astimezone(UTC)", h, fold);
            show(what, u ? Py_NewRef(u) : NULL);
            snprintf(what, sizeof what, "fold zone %d:30 fold=%d == its UTC", h, fold);
            show(what, cmp(Py_NewRef(a), u ? Py_NewRef(u) : NULL, Py_EQ));
            snprintf(what, sizeof what, "fold zone %d:30 fold=%d != its UTC", h, fold);
            show(what, cmp(Py_NewRef(a), u ? Py_NewRef(u) : NULL, Py_NE));
            snprintf(what, sizeof what, "fold zone %d:30 fold=%d <= its UTC", h, fold);
            show(what, cmp(Py_NewRef(a), u ? Py_NewRef(u) : NULL, Py_LE));
            snprintf(what, sizeof what, "fold zone %d:30 fold=%d hash == UTC's", h, fold);
            show(what, same_hash(Py_NewRef(a), u ? Py_NewRef(u) : NULL));
            snprintf(what, sizeof what, "fold zone %d:30 fold=%d - UTC", h, fold);
            show(what, binop(Py_NewRef(a), u ? Py_NewRef(u) : NULL, PyNumber_Subtract));
            Py_XDECREF(u);
            Py_DECREF(a);
        }
}

static void astimezone_cases(void) {
    char what[128];
    static const int hours[] = {0, 1, 2, 3, 6, 23};
    for (int zone = 0; zone < 2; zone++) {
        if (zone == 1) {
            setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
            tzset();
        }
        for (size_t i = 0; i < sizeof hours / sizeof *hours; i++) {
            for (int fold = 0; fold < 2; fold++) {
                snprintf(what, sizeof what, "zone %d naive 2021-11-07 %d:30 fold=%d astimezone()", zone, hours[i], fold);
                show(what, meth(PyDateTime_FromDateAndTimeAndFold(2021, 11, 7, hours[i], 30, 0, 0, fold), "astimezone", NULL, NULL));
                snprintf(what, sizeof what, "zone %d naive 2021-03-14 %d:30 fold=%d astimezone(UTC)", zone, hours[i], fold);
                show(what, meth(PyDateTime_FromDateAndTimeAndFold(2021, 3, 14, hours[i], 30, 0, 0, fold), "astimezone", Py_BuildValue("(O)", PyDateTime_TimeZone_UTC), NULL));
            }
            snprintf(what, sizeof what, "zone %d aware %d:30 astimezone()", zone, hours[i]);
            show(what, meth(aware(2021, 11, 7, hours[i], 30, 0, 0, tz(0)), "astimezone", NULL, NULL));
            snprintf(what, sizeof what, "zone %d aware %d:30 astimezone(+5:30)", zone, hours[i]);
            show(what, meth(aware(2021, 11, 7, hours[i], 30, 0, 0, tz(-3600)), "astimezone", Py_BuildValue("(N)", tz(19800)), NULL));
            snprintf(what, sizeof what, "zone %d aware %d:30 astimezone(fixed)", zone, hours[i]);
            show(what, meth(aware(2021, 11, 7, hours[i], 30, 0, 0, tz(-3600)), "astimezone", NULL, Py_BuildValue("{s:N}", "tz", fixed(45))));
        }
    }
    setenv("TZ", "UTC", 1);
    tzset();
    PyObject *z = tz(3600);
    PyObject *a = aware(2000, 1, 1, 0, 0, 0, 0, Py_NewRef(z));
    PyObject *same = meth(a, "astimezone", Py_BuildValue("(O)", z), NULL);
    show("astimezone same tz is self", same ? PyBool_FromLong(same == a) : NULL);
    Py_XDECREF(same);
    Py_XDECREF(a);
    Py_DECREF(z);
    show("astimezone bad", meth(PyDateTime_FromDateAndTime(2000, 1, 1, 0, 0, 0, 0), "astimezone", Py_BuildValue("(i)", 1), NULL));
    show("astimezone min", meth(aware(1, 1, 1, 0, 0, 0, 0, tz(3600)), "astimezone", Py_BuildValue("(O)", PyDateTime_TimeZone_UTC), NULL));
    show("astimezone max", meth(aware(9999, 12, 31, 23, 0, 0, 0, tz(-3600)), "astimezone", Py_BuildValue("(O)", PyDateTime_TimeZone_UTC), NULL));
    show("astimezone bad utcoffset", meth(aware(2000, 1, 1, 0, 0, 0, 0, PyObject_New(PyObject, &BadType)), "astimezone", Py_BuildValue("(O)", PyDateTime_TimeZone_UTC), NULL));
    show("date.ctime", meth(PyDate_FromDate(2002, 3, 11), "ctime", NULL, NULL));
    show("datetime.ctime", meth(PyDateTime_FromDateAndTime(2021, 6, 5, 12, 3, 4, 5), "ctime", NULL, NULL));
    show("datetime.ctime year 1", meth(PyDateTime_FromDateAndTime(1, 1, 1, 0, 0, 0, 0), "ctime", NULL, NULL));
}

static void subclass_cases(void) {
    PyObject *o = PyDateTimeAPI->DateTime_FromDateAndTime(2001, 2, 3, 4, 5, 6, 7, Py_None, &MyDTType);
    show("subclass via CAPI", o);
    show("subclass call", call((PyObject *)&MyDTType, Py_BuildValue("(iii)", 2001, 2, 3), NULL));
    o = PyDateTimeAPI->DateTime_FromDateAndTime(2001, 2, 3, 4, 5, 6, 7, Py_None, &MyDTType);
    show("subclass check", PyBool_FromLong(o && PyDateTime_Check(o) && !PyDateTime_CheckExact(o) && PyDate_Check(o)));
    show("subclass + td", binop(Py_NewRef(o), td(1, 0, 0), PyNumber_Add));
    show("subclass - dt", binop(Py_NewRef(o), PyDateTime_FromDateAndTime(2001, 2, 3, 0, 0, 0, 0), PyNumber_Subtract));
    show("subclass fields", fields(Py_NewRef(o)));
    show("subclass str", str_of(Py_NewRef(o)));
    show("subclass eq", cmp(Py_NewRef(o), PyDateTime_FromDateAndTime(2001, 2, 3, 4, 5, 6, 7), Py_EQ));
    show("subclass replace", meth(o, "replace", NULL, Py_BuildValue("{s:i}", "year", 2002)));
    show("subclass fromordinal", meth((PyObject *)&MyDTType, "fromordinal", Py_BuildValue("(i)", 1000), NULL));
    Py_XDECREF(o);
    show("checks", PyUnicode_FromFormat("%d%d%d%d%d", PyDate_CheckExact(DATE) == 0, PyDelta_Check(Py_None) == 0,
                                        PyTime_Check(Py_None) == 0, PyTZInfo_Check(Py_None) == 0,
                                        PyTZInfo_CheckExact(Py_None) == 0));
    show("MINYEAR", PyObject_GetAttrString(M, "MINYEAR"));
    show("MAXYEAR", PyObject_GetAttrString(M, "MAXYEAR"));
    show("date type name", attr_of(PyObject_GetAttrString(M, "date"), "__name__"));
    show("datetime module", attr_of(PyObject_GetAttrString(M, "datetime"), "__module__"));
    show("timezone base", PyBool_FromLong(PyType_IsSubtype((PyTypeObject *)TZ, PyDateTimeAPI->TZInfoType)));
    show("datetime base", PyBool_FromLong(PyDateTimeAPI->DateTimeType->tp_base == PyDateTimeAPI->DateType));
    show("capsule again", PyBool_FromLong(PyCapsule_Import("datetime.datetime_CAPI", 0) == PyDateTimeAPI));
    show("capsule wrong", PyCapsule_Import("datetime.nothing", 0) ? PyLong_FromLong(1) : NULL);
}

int main(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
    Py_Initialize();
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL) {
        PyErr_Print();
        return 1;
    }
    M = PyImport_ImportModule("datetime");
    DATE = PyObject_GetAttrString(M, "date");
    TIME = PyObject_GetAttrString(M, "time");
    DT = PyObject_GetAttrString(M, "datetime");
    TD = PyObject_GetAttrString(M, "timedelta");
    TZINFO = PyObject_GetAttrString(M, "tzinfo");
    TZ = PyObject_GetAttrString(M, "timezone");
    FixedType.tp_flags = Py_TPFLAGS_DEFAULT;
    FixedType.tp_repr = fixed_repr;
    FixedType.tp_methods = fixed_methods;
    FixedType.tp_base = PyDateTimeAPI->TZInfoType;
    BadType.tp_flags = Py_TPFLAGS_DEFAULT;
    BadType.tp_methods = bad_methods;
    BadType.tp_base = PyDateTimeAPI->TZInfoType;
    MyDTType.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE;
    MyDTType.tp_base = PyDateTimeAPI->DateTimeType;
    FoldingType.tp_flags = Py_TPFLAGS_DEFAULT;
    FoldingType.tp_methods = folding_methods;
    FoldingType.tp_base = PyDateTimeAPI->TZInfoType;
    if (PyType_Ready(&FoldingType) < 0 || PyType_Ready(&FixedType) < 0 || PyType_Ready(&BadType) < 0 || PyType_Ready(&MyDTType) < 0) {
        PyErr_Print();
        return 1;
    }
    date_cases();
    datetime_cases();
    delta_cases();
    tz_cases();
    timestamp_cases();
    subclass_cases();
    now_cases();
    pep495_cases();
    astimezone_cases();
    iso_cases();
    return 0;
}
