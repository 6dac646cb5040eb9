/*
 * cpython/pytime.h -- CPython 3.11's private clock API, which
 * pythoncapi_compat.h builds PyTime_Monotonic / PyTime_Time /
 * PyTime_PerfCounter on: times are _PyTime_t nanoseconds; the clocks are
 * POSIX clock_gettime (CLOCK_MONOTONIC for the monotonic and performance
 * counters, CLOCK_REALTIME for the system clock), as CPython uses on Linux.
 * Not part of the limited API.
 */
#ifndef Py_LIMITED_API
#ifndef Py_PYTIME_H
#define Py_PYTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A time or duration in nanoseconds. */
typedef int64_t _PyTime_t;
#define _PyTime_MIN INT64_MIN
#define _PyTime_MAX INT64_MAX

/* What a clock is (time.get_clock_info()): filled when not NULL. */
typedef struct {
    const char *implementation;
    int monotonic;
    int adjustable;
    double resolution;
} _Py_clock_info_t;

/* t in seconds. */
PyAPI_FUNC(double) _PyTime_AsSecondsDouble(_PyTime_t t);
/* Each stores the clock's time in *t and returns 0, or raises OSError and
   returns -1 when the clock cannot be read. */
PyAPI_FUNC(int) _PyTime_GetMonotonicClockWithInfo(_PyTime_t *t, _Py_clock_info_t *info);
PyAPI_FUNC(int) _PyTime_GetSystemClockWithInfo(_PyTime_t *t, _Py_clock_info_t *info);
PyAPI_FUNC(int) _PyTime_GetPerfCounterWithInfo(_PyTime_t *t, _Py_clock_info_t *info);

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYTIME_H */
#endif /* !Py_LIMITED_API */
