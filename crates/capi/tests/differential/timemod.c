/* Differential cases for the `time` module as C code (a Cython module's
 * `import time`, PyImport_ImportModule("time")) reaches it
 * (Modules/timemodule.c): deterministic cases only. TZ is set by the test
 * (setenv + time.tzset()) before any local-time case, under three zones:
 * gmtime/localtime/mktime/asctime/ctime/strftime of fixed timestamps and
 * tuples, struct_time (repr, fields, tm_zone/tm_gmtoff, constructor
 * errors), timezone/altzone/daylight/tzname, range and type errors
 * (OverflowError, ValueError, TypeError, OSError), the clocks' result
 * types and monotonicity as booleans, clock_getres, clock_settime's
 * errors on a clock that cannot be set, sleep's errors, get_clock_info
 * (a types.SimpleNamespace), and the functions' __doc__.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"

static PyObject *mod;

static PyObject *callv(const char *name, const char *fmt, ...) {
    PyObject *f = PyObject_GetAttrString(mod, name);
    if (f == NULL)
        return NULL;
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    Py_DECREF(f);
    return r;
}

static PyObject *attr_of(PyObject *o, const char *name) {
    if (o == NULL)
        return NULL;
    PyObject *r = PyObject_GetAttrString(o, name);
    Py_DECREF(o);
    return r;
}

static PyObject *type_name_of(PyObject *o) {
    if (o == NULL)
        return NULL;
    PyObject *r = PyUnicode_FromString(Py_TYPE(o)->tp_name);
    Py_DECREF(o);
    return r;
}

/* A struct_time built from 11 items. */
static PyObject *st11(int y, int mo, int d, int h, int mi, int s, int wd, int yd, int dst, const char *zone, long off) {
    PyObject *ty = PyObject_GetAttrString(mod, "struct_time");
    if (ty == NULL)
        return NULL;
    PyObject *r = PyObject_CallFunction(ty, "((iiiiiiiiisl))", y, mo, d, h, mi, s, wd, yd, dst, zone, off);
    Py_DECREF(ty);
    return r;
}

static void zone_cases(const char *tz) {
    char what[300];
    setenv("TZ", tz, 1);
    show("tzset()", callv("tzset", "()"));
    snprintf(what, sizeof what, "[%s] timezone", tz);
    show(what, PyObject_GetAttrString(mod, "timezone"));
    snprintf(what, sizeof what, "[%s] altzone", tz);
    show(what, PyObject_GetAttrString(mod, "altzone"));
    snprintf(what, sizeof what, "[%s] daylight", tz);
    show(what, PyObject_GetAttrString(mod, "daylight"));
    snprintf(what, sizeof what, "[%s] tzname", tz);
    show(what, PyObject_GetAttrString(mod, "tzname"));
    const long long stamps[] = {0, 1, -1, 86399, 951782400, 1000000000, 1234567890, 1700000000, 1719792000,
        -2208988800LL, 4102444800LL, 253402300799LL, -62135596800LL, 2147483647, 2147483648LL};
    for (size_t i = 0; i < sizeof stamps / sizeof *stamps; i++) {
        snprintf(what, sizeof what, "[%s] localtime(%lld)", tz, stamps[i]);
        show(what, callv("localtime", "(L)", stamps[i]));
        snprintf(what, sizeof what, "[%s] localtime(%lld).tm_zone", tz, stamps[i]);
        show(what, attr_of(callv("localtime", "(L)", stamps[i]), "tm_zone"));
        snprintf(what, sizeof what, "[%s] localtime(%lld).tm_gmtoff", tz, stamps[i]);
        show(what, attr_of(callv("localtime", "(L)", stamps[i]), "tm_gmtoff"));
        snprintf(what, sizeof what, "[%s] ctime(%lld)", tz, stamps[i]);
        show(what, callv("ctime", "(L)", stamps[i]));
        snprintf(what, sizeof what, "[%s] mktime(localtime(%lld))", tz, stamps[i]);
        PyObject *lt = callv("localtime", "(L)", stamps[i]);
        show(what, lt ? callv("mktime", "(O)", lt) : NULL);
        snprintf(what, sizeof what, "[%s] strftime('%%Y-%%m-%%d %%H:%%M:%%S %%Z %%z %%j %%a %%A %%b %%B %%p %%w %%U %%c %%x %%X', localtime(%lld))", tz, stamps[i]);
        show(what, lt ? callv("strftime", "(sO)", "%Y-%m-%d %H:%M:%S %Z %z %j %a %A %b %B %p %w %U %c %x %X", lt) : NULL);
        snprintf(what, sizeof what, "[%s] asctime(localtime(%lld))", tz, stamps[i]);
        show(what, lt ? callv("asctime", "(O)", lt) : NULL);
        Py_XDECREF(lt);
    }
    snprintf(what, sizeof what, "[%s] localtime(1.9)", tz);
    show(what, callv("localtime", "(d)", 1.9));
    snprintf(what, sizeof what, "[%s] localtime(-1.5)", tz);
    show(what, callv("localtime", "(d)", -1.5));
    /* mktime of tuples, with DST flags -1, 0, 1 */
    for (int dst = -1; dst <= 1; dst++) {
        snprintf(what, sizeof what, "[%s] mktime((2021, 7, 1, 12, 0, 0, 0, 0, %d))", tz, dst);
        show(what, callv("mktime", "((iiiiiiiii))", 2021, 7, 1, 12, 0, 0, 0, 0, dst));
        snprintf(what, sizeof what, "[%s] mktime((2021, 1, 15, 12, 0, 0, 0, 0, %d))", tz, dst);
        show(what, callv("mktime", "((iiiiiiiii))", 2021, 1, 15, 12, 0, 0, 0, 0, dst));
    }
    snprintf(what, sizeof what, "[%s] mktime((2021, 13, 40, 25, 61, 61, 9, 400, 0)) normalises", tz);
    show(what, callv("mktime", "((iiiiiiiii))", 2021, 13, 40, 25, 61, 61, 9, 400, 0));
    snprintf(what, sizeof what, "[%s] strftime('%%Z %%z', (2000, 1, 1, 0, 0, 0, 0, 1, 0))", tz);
    show(what, callv("strftime", "(s(iiiiiiiii))", "%Z %z", 2000, 1, 1, 0, 0, 0, 0, 1, 0));
    snprintf(what, sizeof what, "[%s] strftime('%%Z %%z', (2000, 7, 1, 0, 0, 0, 0, 1, 1))", tz);
    show(what, callv("strftime", "(s(iiiiiiiii))", "%Z %z", 2000, 7, 1, 0, 0, 0, 0, 1, 1));
    snprintf(what, sizeof what, "[%s] strftime('%%Z', (2000, 7, 1, 0, 0, 0, 0, 1, 5)) (isdst clamped)", tz);
    show(what, callv("strftime", "(s(iiiiiiiii))", "%Z", 2000, 7, 1, 0, 0, 0, 0, 1, 5));
}

int main(void) {
    setenv("TZ", "UTC", 1);
    Py_Initialize();
    mod = PyImport_ImportModule("time");
    show("import time (its type)", mod ? Py_NewRef((PyObject *)Py_TYPE(mod)) : NULL);
    if (mod == NULL)
        return 1;
    show("tzset() first", callv("tzset", "()"));
    PyObject *again = PyImport_ImportModule("time");
    show("imported twice is the same module", PyBool_FromLong(again == mod));
    Py_XDECREF(again);
    show("time.__name__", PyObject_GetAttrString(mod, "__name__"));
    show("time.__doc__", PyObject_GetAttrString(mod, "__doc__"));
    show("_STRUCT_TM_ITEMS", PyObject_GetAttrString(mod, "_STRUCT_TM_ITEMS"));
    const char *consts[] = {"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
        "CLOCK_MONOTONIC_RAW", "CLOCK_BOOTTIME", "CLOCK_TAI"};
    for (size_t i = 0; i < sizeof consts / sizeof *consts; i++)
        show(consts[i], PyObject_GetAttrString(mod, consts[i]));

    const char *funcs[] = {"time", "time_ns", "gmtime", "localtime", "asctime", "ctime", "mktime", "strftime",
        "sleep", "tzset", "monotonic", "monotonic_ns", "process_time", "process_time_ns", "thread_time",
        "thread_time_ns", "perf_counter", "perf_counter_ns", "clock_gettime", "clock_gettime_ns", "clock_settime",
        "clock_settime_ns", "clock_getres", "pthread_getcpuclockid"};
    for (size_t i = 0; i < sizeof funcs / sizeof *funcs; i++) {
        char what[200];
        PyObject *f = PyObject_GetAttrString(mod, funcs[i]);
        snprintf(what, sizeof what, "%s.__doc__", funcs[i]);
        show(what, f ? PyObject_GetAttrString(f, "__doc__") : NULL);
        snprintf(what, sizeof what, "%s.__text_signature__", funcs[i]);
        show(what, f ? PyObject_GetAttrString(f, "__text_signature__") : NULL);
        snprintf(what, sizeof what, "repr(%s)", funcs[i]);
        show(what, f ? PyObject_Repr(f) : NULL);
        Py_XDECREF(f);
    }

    /* the clocks: result types and monotonicity */
    const char *clocks[] = {"time", "monotonic", "perf_counter", "process_time", "thread_time"};
    for (size_t i = 0; i < sizeof clocks / sizeof *clocks; i++) {
        char what[200], ns[64];
        snprintf(what, sizeof what, "type(%s())", clocks[i]);
        show(what, type_name_of(callv(clocks[i], "()")));
        snprintf(ns, sizeof ns, "%s_ns", clocks[i]);
        snprintf(what, sizeof what, "type(%s())", ns);
        show(what, type_name_of(callv(ns, "()")));
        PyObject *a = callv(ns, "()"), *b = callv(ns, "()");
        snprintf(what, sizeof what, "%s() twice does not go back", ns);
        show(what, a && b ? PyBool_FromLong(PyObject_RichCompareBool(a, b, Py_LE) == 1) : NULL);
        snprintf(what, sizeof what, "%s() is positive", ns);
        show(what, a ? PyBool_FromLong(PyLong_AsLongLong(a) > 0) : NULL);
        Py_XDECREF(a);
        Py_XDECREF(b);
        snprintf(what, sizeof what, "%s(1)", clocks[i]);
        show(what, callv(clocks[i], "(i)", 1));
    }
    {
        PyObject *t = callv("time", "()"), *tn = callv("time_ns", "()");
        double d = t ? PyFloat_AsDouble(t) : 0;
        long long n = tn ? PyLong_AsLongLong(tn) : 0;
        show("time() and time_ns() agree within a second", PyBool_FromLong(d > 1.6e9 && n / 1000000000 - (long long)d <= 1));
        Py_XDECREF(t);
        Py_XDECREF(tn);
        PyObject *m1 = callv("monotonic", "()");
        show("sleep(0.01)", callv("sleep", "(d)", 0.01));
        PyObject *m2 = callv("monotonic", "()");
        show("monotonic advanced by >= 0.01 over sleep(0.01)", m1 && m2 ? PyBool_FromLong(PyFloat_AsDouble(m2) - PyFloat_AsDouble(m1) >= 0.0099) : NULL);
        Py_XDECREF(m1);
        Py_XDECREF(m2);
    }
    show("sleep(0)", callv("sleep", "(i)", 0));
    show("sleep(-1)", callv("sleep", "(i)", -1));
    show("sleep(-0.5)", callv("sleep", "(d)", -0.5));
    show("sleep('x')", callv("sleep", "(s)", "x"));
    show("sleep(None)", callv("sleep", "(O)", Py_None));
    show("sleep(nan)", callv("sleep", "(d)", Py_NAN));
    show("sleep(1e30)", callv("sleep", "(d)", 1e30));
    show("sleep(2**40)", callv("sleep", "(L)", 1LL << 40));
    show("sleep(2**70)", callv("sleep", "(N)", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70))));
    show("sleep()", callv("sleep", "()"));
    show("sleep(1, 2)", callv("sleep", "(ii)", 1, 2));

    /* get_clock_info */
    const char *infos[] = {"time", "monotonic", "perf_counter", "process_time", "thread_time"};
    for (size_t i = 0; i < sizeof infos / sizeof *infos; i++) {
        char what[200];
        snprintf(what, sizeof what, "get_clock_info('%s')", infos[i]);
        PyObject *info = callv("get_clock_info", "(s)", infos[i]);
        show(what, info ? PyObject_Repr(info) : NULL);
        snprintf(what, sizeof what, "get_clock_info('%s').resolution", infos[i]);
        show(what, info ? PyObject_GetAttrString(info, "resolution") : NULL);
        snprintf(what, sizeof what, "type(get_clock_info('%s'))", infos[i]);
        show(what, info ? Py_NewRef((PyObject *)Py_TYPE(info)) : NULL);
        Py_XDECREF(info);
    }
    show("get_clock_info('x')", callv("get_clock_info", "(s)", "x"));
    show("get_clock_info(1)", callv("get_clock_info", "(i)", 1));
    show("get_clock_info()", callv("get_clock_info", "()"));
    show("get_clock_info('a\\0b')", callv("get_clock_info", "(s#)", "a\0b", (Py_ssize_t)3));
    show("get_clock_info.__doc__", attr_of(PyObject_GetAttrString(mod, "get_clock_info"), "__doc__"));

    /* clock_* */
    show("type(clock_gettime(CLOCK_MONOTONIC))", type_name_of(callv("clock_gettime", "(i)", CLOCK_MONOTONIC)));
    show("type(clock_gettime_ns(CLOCK_REALTIME))", type_name_of(callv("clock_gettime_ns", "(i)", CLOCK_REALTIME)));
    show("clock_getres(CLOCK_MONOTONIC)", callv("clock_getres", "(i)", CLOCK_MONOTONIC));
    show("clock_getres(CLOCK_REALTIME)", callv("clock_getres", "(i)", CLOCK_REALTIME));
    show("clock_gettime(12345)", callv("clock_gettime", "(i)", 12345));
    show("clock_gettime_ns(12345)", callv("clock_gettime_ns", "(i)", 12345));
    show("clock_getres(12345)", callv("clock_getres", "(i)", 12345));
    show("clock_gettime('x')", callv("clock_gettime", "(s)", "x"));
    show("clock_gettime(1.5)", callv("clock_gettime", "(d)", 1.5));
    show("clock_gettime(2**40)", callv("clock_gettime", "(L)", 1LL << 40));
    show("clock_gettime()", callv("clock_gettime", "()"));
    show("clock_gettime_ns()", callv("clock_gettime_ns", "()"));
    show("clock_getres()", callv("clock_getres", "()"));
    show("clock_settime(CLOCK_MONOTONIC, 0)", callv("clock_settime", "(ii)", CLOCK_MONOTONIC, 0));
    show("clock_settime(CLOCK_MONOTONIC, 1.5)", callv("clock_settime", "(id)", CLOCK_MONOTONIC, 1.5));
    show("clock_settime(CLOCK_MONOTONIC, 'x')", callv("clock_settime", "(is)", CLOCK_MONOTONIC, "x"));
    show("clock_settime(CLOCK_MONOTONIC, nan)", callv("clock_settime", "(id)", CLOCK_MONOTONIC, Py_NAN));
    show("clock_settime(CLOCK_MONOTONIC, 2**70)", callv("clock_settime", "(iN)", CLOCK_MONOTONIC, PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70))));
    show("clock_settime(CLOCK_MONOTONIC)", callv("clock_settime", "(i)", CLOCK_MONOTONIC));
    show("clock_settime_ns(CLOCK_MONOTONIC, 0)", callv("clock_settime_ns", "(ii)", CLOCK_MONOTONIC, 0));
    show("clock_settime_ns(CLOCK_MONOTONIC, 1.5)", callv("clock_settime_ns", "(id)", CLOCK_MONOTONIC, 1.5));
    show("clock_settime_ns(CLOCK_MONOTONIC, 2**70)", callv("clock_settime_ns", "(iN)", CLOCK_MONOTONIC, PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70))));
    show("clock_settime_ns()", callv("clock_settime_ns", "()"));
    {
        PyObject *id = PyLong_FromUnsignedLong(PyThread_get_thread_ident());
        PyObject *clk = callv("pthread_getcpuclockid", "(O)", id);
        show("type(pthread_getcpuclockid(get_ident()))", type_name_of(clk ? Py_NewRef(clk) : NULL));
        show("clock_gettime(pthread_getcpuclockid(get_ident())) is a float", clk ? type_name_of(callv("clock_gettime", "(O)", clk)) : NULL);
        Py_XDECREF(clk);
        Py_XDECREF(id);
        show("pthread_getcpuclockid(1.5)", callv("pthread_getcpuclockid", "(d)", 1.5));
        show("pthread_getcpuclockid('x')", callv("pthread_getcpuclockid", "(s)", "x"));
        show("pthread_getcpuclockid()", callv("pthread_getcpuclockid", "()"));
    }

    /* struct_time */
    PyObject *st = PyObject_GetAttrString(mod, "struct_time");
    show("struct_time.__name__", PyObject_GetAttrString(st, "__name__"));
    show("struct_time.__module__", PyObject_GetAttrString(st, "__module__"));
    show("struct_time.__doc__", PyObject_GetAttrString(st, "__doc__"));
    show("struct_time.n_sequence_fields", PyObject_GetAttrString(st, "n_sequence_fields"));
    show("struct_time.n_fields", PyObject_GetAttrString(st, "n_fields"));
    show("struct_time.n_unnamed_fields", PyObject_GetAttrString(st, "n_unnamed_fields"));
    show("struct_time.__match_args__", PyObject_GetAttrString(st, "__match_args__"));
    show("repr(struct_time)", PyObject_Repr(st));
    const char *fields[] = {"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday",
        "tm_isdst", "tm_zone", "tm_gmtoff"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        char what[200];
        snprintf(what, sizeof what, "struct_time.%s.__doc__", fields[i]);
        show(what, attr_of(PyObject_GetAttrString(st, fields[i]), "__doc__"));
        snprintf(what, sizeof what, "gmtime(1234567890).%s", fields[i]);
        show(what, attr_of(callv("gmtime", "(i)", 1234567890), fields[i]));
    }
    show("struct_time((1,)*9)", PyObject_CallFunction(st, "((iiiiiiiii))", 1, 1, 1, 1, 1, 1, 1, 1, 1));
    show("struct_time((1,)*9).tm_zone", attr_of(PyObject_CallFunction(st, "((iiiiiiiii))", 1, 1, 1, 1, 1, 1, 1, 1, 1), "tm_zone"));
    show("struct_time(11 items)", st11(2000, 1, 2, 3, 4, 5, 6, 7, 0, "ABC", 3600));
    show("struct_time(11 items).tm_zone", attr_of(st11(2000, 1, 2, 3, 4, 5, 6, 7, 0, "ABC", 3600), "tm_zone"));
    show("struct_time((1,)*8)", PyObject_CallFunction(st, "((iiiiiiii))", 1, 1, 1, 1, 1, 1, 1, 1));
    show("struct_time((1,)*12)", PyObject_CallFunction(st, "((iiiiiiiiiiii))", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
    show("struct_time(5)", PyObject_CallFunction(st, "(i)", 5));
    show("len(gmtime(0))", PyLong_FromSsize_t(PyObject_Length(callv("gmtime", "(i)", 0))));
    {
        PyObject *g = callv("gmtime", "(i)", 0);
        show("gmtime(0)[8]", g ? PySequence_GetItem(g, 8) : NULL);
        show("gmtime(0)[9]", g ? PySequence_GetItem(g, 9) : NULL);
        show("gmtime(0).__reduce__()", g ? PyObject_CallMethod(g, "__reduce__", NULL) : NULL);
        show("gmtime(0) == (1970, 1, 1, 0, 0, 0, 3, 1, 0)", g ? PyObject_RichCompare(g, Py_BuildValue("(iiiiiiiii)", 1970, 1, 1, 0, 0, 0, 3, 1, 0), Py_EQ) : NULL);
        Py_XDECREF(g);
    }
    Py_XDECREF(st);

    /* gmtime over fixed timestamps and errors */
    const long long gstamps[] = {0, 1, -1, 59, 86400, 951782400, 1234567890, 2147483647, 2147483648LL,
        -2147483649LL, 253402300799LL, 253402300800LL, -62135596800LL, -62135596801LL, 67767976233316800LL};
    for (size_t i = 0; i < sizeof gstamps / sizeof *gstamps; i++) {
        char what[200];
        snprintf(what, sizeof what, "gmtime(%lld)", gstamps[i]);
        show(what, callv("gmtime", "(L)", gstamps[i]));
        snprintf(what, sizeof what, "asctime(gmtime(%lld))", gstamps[i]);
        PyObject *g = callv("gmtime", "(L)", gstamps[i]);
        show(what, g ? callv("asctime", "(O)", g) : NULL);
        snprintf(what, sizeof what, "strftime('%%Y-%%m-%%dT%%H:%%M:%%S %%Z %%z', gmtime(%lld))", gstamps[i]);
        show(what, g ? callv("strftime", "(sO)", "%Y-%m-%dT%H:%M:%S %Z %z", g) : NULL);
        Py_XDECREF(g);
    }
    show("gmtime(0.999)", callv("gmtime", "(d)", 0.999));
    show("gmtime(-0.5)", callv("gmtime", "(d)", -0.5));
    show("gmtime(1e10)", callv("gmtime", "(d)", 1e10));
    show("gmtime(True)", callv("gmtime", "(O)", Py_True));
    show("gmtime(2**62)", callv("gmtime", "(L)", 1LL << 62));
    show("gmtime(-2**62)", callv("gmtime", "(L)", -(1LL << 62)));
    show("gmtime(1e20)", callv("gmtime", "(d)", 1e20));
    show("gmtime(-1e20)", callv("gmtime", "(d)", -1e20));
    show("gmtime(2**70)", callv("gmtime", "(N)", PyNumber_Lshift(PyLong_FromLong(1), PyLong_FromLong(70))));
    show("gmtime(inf)", callv("gmtime", "(d)", Py_HUGE_VAL));
    show("gmtime(nan)", callv("gmtime", "(d)", Py_NAN));
    show("gmtime('x')", callv("gmtime", "(s)", "x"));
    show("gmtime([])", callv("gmtime", "([])"));
    show("gmtime(1, 2)", callv("gmtime", "(ii)", 1, 2));
    show("type(gmtime())", type_name_of(callv("gmtime", "()")));
    show("type(gmtime(None))", type_name_of(callv("gmtime", "(O)", Py_None)));
    show("type(localtime())", type_name_of(callv("localtime", "()")));
    show("localtime(1, 2)", callv("localtime", "(ii)", 1, 2));
    show("localtime(nan)", callv("localtime", "(d)", Py_NAN));
    show("localtime(2**62)", callv("localtime", "(L)", 1LL << 62));
    show("ctime(1, 2)", callv("ctime", "(ii)", 1, 2));
    show("ctime(1e20)", callv("ctime", "(d)", 1e20));
    show("type(ctime())", type_name_of(callv("ctime", "()")));
    show("type(asctime())", type_name_of(callv("asctime", "()")));
    show("asctime(1, 2)", callv("asctime", "(ii)", 1, 2));

    /* tuple arguments: asctime / strftime / mktime */
    struct { const char *what; int v[9]; } tuples[] = {
        {"(2000, 1, 1, 1, 1, 1, 1, 1, 1)", {2000, 1, 1, 1, 1, 1, 1, 1, 1}},
        {"(2000, 0, 0, 0, 0, 0, 0, 0, 0)", {2000, 0, 0, 0, 0, 0, 0, 0, 0}},
        {"(1900, 12, 31, 23, 59, 61, 6, 366, -1)", {1900, 12, 31, 23, 59, 61, 6, 366, -1}},
        {"(1900, 13, 1, 1, 1, 1, 1, 1, 1)", {1900, 13, 1, 1, 1, 1, 1, 1, 1}},
        {"(1900, -1, 1, 1, 1, 1, 1, 1, 1)", {1900, -1, 1, 1, 1, 1, 1, 1, 1}},
        {"(1900, 1, 32, 1, 1, 1, 1, 1, 1)", {1900, 1, 32, 1, 1, 1, 1, 1, 1}},
        {"(1900, 1, -1, 1, 1, 1, 1, 1, 1)", {1900, 1, -1, 1, 1, 1, 1, 1, 1}},
        {"(1900, 1, 1, 24, 1, 1, 1, 1, 1)", {1900, 1, 1, 24, 1, 1, 1, 1, 1}},
        {"(1900, 1, 1, -1, 1, 1, 1, 1, 1)", {1900, 1, 1, -1, 1, 1, 1, 1, 1}},
        {"(1900, 1, 1, 1, 60, 1, 1, 1, 1)", {1900, 1, 1, 1, 60, 1, 1, 1, 1}},
        {"(1900, 1, 1, 1, 1, 62, 1, 1, 1)", {1900, 1, 1, 1, 1, 62, 1, 1, 1}},
        {"(1900, 1, 1, 1, 1, -1, 1, 1, 1)", {1900, 1, 1, 1, 1, -1, 1, 1, 1}},
        {"(1900, 1, 1, 1, 1, 1, -2, 1, 1)", {1900, 1, 1, 1, 1, 1, -2, 1, 1}},
        {"(1900, 1, 1, 1, 1, 1, 13, 1, 1)", {1900, 1, 1, 1, 1, 1, 13, 1, 1}},
        {"(1900, 1, 1, 1, 1, 1, 1, 367, 1)", {1900, 1, 1, 1, 1, 1, 1, 367, 1}},
        {"(1900, 1, 1, 1, 1, 1, 1, -1, 1)", {1900, 1, 1, 1, 1, 1, 1, -1, 1}},
        {"(1900, 1, 1, 1, 1, 1, 1, 1, -5)", {1900, 1, 1, 1, 1, 1, 1, 1, -5}},
        {"(-2147483648, 1, 1, 1, 1, 1, 1, 1, 1)", {-2147483647 - 1, 1, 1, 1, 1, 1, 1, 1, 1}},
        {"(2147483647, 1, 1, 1, 1, 1, 1, 1, 1)", {2147483647, 1, 1, 1, 1, 1, 1, 1, 1}},
        {"(0, 1, 1, 1, 1, 1, 1, 1, 1)", {0, 1, 1, 1, 1, 1, 1, 1, 1}},
        {"(-5, 1, 1, 1, 1, 1, 1, 1, 1)", {-5, 1, 1, 1, 1, 1, 1, 1, 1}},
        {"(12345, 6, 7, 8, 9, 10, 2, 158, 0)", {12345, 6, 7, 8, 9, 10, 2, 158, 0}},
    };
    for (size_t i = 0; i < sizeof tuples / sizeof *tuples; i++) {
        const int *v = tuples[i].v;
        char what[300];
        snprintf(what, sizeof what, "asctime(%s)", tuples[i].what);
        show(what, callv("asctime", "((iiiiiiiii))", v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
        snprintf(what, sizeof what, "strftime('%%Y|%%m|%%d|%%H|%%M|%%S|%%a|%%j|%%y|%%C|%%G|%%V|%%u', %s)", tuples[i].what);
        show(what, callv("strftime", "(s(iiiiiiiii))", "%Y|%m|%d|%H|%M|%S|%a|%j|%y|%C|%G|%V|%u", v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
        snprintf(what, sizeof what, "mktime(%s) in UTC", tuples[i].what);
        show(what, callv("mktime", "((iiiiiiiii))", v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
    }
    show("asctime((2000,)*8)", callv("asctime", "((iiiiiiii))", 2000, 1, 1, 1, 1, 1, 1, 1));
    show("asctime([2000, 1, 1, 1, 1, 1, 1, 1, 1])", callv("asctime", "([iiiiiiiii])", 2000, 1, 1, 1, 1, 1, 1, 1, 1));
    show("asctime(5)", callv("asctime", "(i)", 5));
    show("asctime((1.5,)*9)", callv("asctime", "((ddddddddd))", 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5));
    show("asctime((2**40, 1, ...))", callv("asctime", "((Liiiiiiii))", 1LL << 40, 1, 1, 1, 1, 1, 1, 1, 1));
    show("mktime((2000,)*8)", callv("mktime", "((iiiiiiii))", 2000, 1, 1, 1, 1, 1, 1, 1));
    show("mktime((2000,)*10)", callv("mktime", "((iiiiiiiiii))", 2000, 1, 1, 1, 1, 1, 1, 1, 1, 1));
    show("mktime(5)", callv("mktime", "(i)", 5));
    show("mktime(None)", callv("mktime", "(O)", Py_None));
    show("mktime()", callv("mktime", "()"));
    show("mktime(('x', 1, 1, 1, 1, 1, 1, 1, 1))", callv("mktime", "((siiiiiiii))", "x", 1, 1, 1, 1, 1, 1, 1, 1));
    show("mktime((2**40, 1, ...))", callv("mktime", "((Liiiiiiii))", 1LL << 40, 1, 1, 1, 1, 1, 1, 1, 1));
    show("mktime(gmtime(1234567890)) in UTC", callv("mktime", "(N)", callv("gmtime", "(i)", 1234567890)));
    show("mktime(struct_time(11 items))", callv("mktime", "(N)", st11(2000, 1, 2, 3, 4, 5, 6, 7, 0, "ABC", 3600)));
    show("strftime('%Z %z', struct_time zone 'ABC' +3600)", callv("strftime", "(sN)", "%Z %z", st11(2000, 1, 2, 3, 4, 5, 6, 7, 0, "ABC", 3600)));
    {
        PyObject *ty = PyObject_GetAttrString(mod, "struct_time");
        PyObject *bad = ty ? PyObject_CallFunction(ty, "((iiiiiiiiiil))", 2000, 1, 1, 1, 1, 1, 1, 1, 1, 5, 3600L) : NULL;
        show("strftime('%Z', struct_time with tm_zone=5)", bad ? callv("strftime", "(sO)", "%Z", bad) : NULL);
        Py_XDECREF(bad);
        bad = ty ? PyObject_CallFunction(ty, "((iiiiiiiiiOs))", 2000, 1, 1, 1, 1, 1, 1, 1, 1, Py_None, "x") : NULL;
        show("strftime('%z', struct_time with tm_gmtoff='x')", bad ? callv("strftime", "(sO)", "%z", bad) : NULL);
        Py_XDECREF(bad);
        bad = ty ? PyObject_CallFunction(ty, "((iiiiiiiiiOO))", 2000, 1, 1, 1, 1, 1, 1, 1, 1, Py_None, Py_None) : NULL;
        show("strftime('%Y %Z', struct_time with None zone and offset)", bad ? callv("strftime", "(sO)", "%Y %Z", bad) : NULL);
        Py_XDECREF(bad);
        Py_XDECREF(ty);
    }

    /* strftime's format */
    show("strftime('', tuple)", callv("strftime", "(s(iiiiiiiii))", "", 2000, 1, 1, 1, 1, 1, 1, 1, 1));
    show("strftime('%', tuple)", callv("strftime", "(s(iiiiiiiii))", "%", 2000, 1, 1, 1, 1, 1, 1, 1, 1));
    show("strftime('%%', tuple)", callv("strftime", "(s(iiiiiiiii))", "%%", 2000, 1, 1, 1, 1, 1, 1, 1, 1));
    show("strftime('%Q', tuple)", callv("strftime", "(s(iiiiiiiii))", "%Q", 2000, 1, 1, 1, 1, 1, 1, 1, 1));
    show("strftime('x' * 3000, tuple)", PyLong_FromSsize_t(PyObject_Length(callv("strftime", "(N(iiiiiiiii))", PyUnicode_FromFormat("%3000s", "x"), 2000, 1, 1, 1, 1, 1, 1, 1, 1))));
    show("strftime('%Y' * 700, tuple) length", PyLong_FromSsize_t(PyObject_Length(callv("strftime", "(N(iiiiiiiii))", PySequence_Repeat(PyUnicode_FromString("%Y"), 700), 2000, 1, 1, 1, 1, 1, 1, 1, 1))));
    show("strftime('\\u00e9 %Y \\u20ac', tuple)", callv("strftime", "(s(iiiiiiiii))", "\xc3\xa9 %Y \xe2\x82\xac", 2000, 1, 1, 1, 1, 1, 1, 1, 1));
    show("strftime('\\U0001f600%d', tuple)", callv("strftime", "(s(iiiiiiiii))", "\xf0\x9f\x98\x80%d", 2000, 1, 1, 1, 1, 1, 1, 1, 1));
    show("strftime('\\ud800', tuple)", callv("strftime", "(N(iiiiiiiii))", PyUnicode_FromOrdinal(0xd800), 2000, 1, 1, 1, 1, 1, 1, 1, 1));
    show("strftime('a\\0b', tuple)", callv("strftime", "(N(iiiiiiiii))", PyUnicode_FromStringAndSize("a\0b", 3), 2000, 1, 1, 1, 1, 1, 1, 1, 1));
    show("strftime(5)", callv("strftime", "(i)", 5));
    show("strftime(b'%Y')", callv("strftime", "(y)", "%Y"));
    show("strftime()", callv("strftime", "()"));
    show("strftime('%Y', 5)", callv("strftime", "(si)", "%Y", 5));
    show("strftime('%Y', (1,)*8)", callv("strftime", "(s(iiiiiiii))", "%Y", 1, 1, 1, 1, 1, 1, 1, 1));
    show("strftime('%Y', t, 3)", callv("strftime", "(s(iiiiiiiii)i)", "%Y", 2000, 1, 1, 1, 1, 1, 1, 1, 1, 3));
    show("type(strftime('%Y'))", type_name_of(callv("strftime", "(s)", "%Y")));
    show("tzset(1)", callv("tzset", "(i)", 1));

    /* local time under explicit zones */
    zone_cases("UTC");
    zone_cases("America/New_York");
    zone_cases("Australia/Sydney");
    zone_cases("Asia/Kolkata");
    zone_cases("EST+05EDT,M3.2.0,M11.1.0");
    zone_cases("<+0330>-3:30");

    Py_DECREF(mod);
    Py_Finalize();
    return 0;
}
