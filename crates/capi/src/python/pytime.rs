//! CPython's private clock API (`Python/pytime.c`), as far as
//! `pythoncapi_compat.h` builds the public `PyTime_*` functions on it:
//! `_PyTime_t` nanoseconds read from POSIX `clock_gettime`, with the
//! `_Py_clock_info_t` description `time.get_clock_info()` gives on Linux.

use std::ffi::{c_char, c_double, c_int};

use crate::objects::exceptions::Exc;
use crate::python::errors;

/// `_PyTime_t`: nanoseconds.
pub type PyTimeT = i64;

/// `_Py_clock_info_t`.
#[repr(C)]
pub struct PyClockInfo {
    /// The C function behind the clock (a static string).
    pub implementation: *const c_char,
    /// Whether the clock never goes back.
    pub monotonic: c_int,
    /// Whether the clock can be set.
    pub adjustable: c_int,
    /// Its resolution in seconds.
    pub resolution: c_double,
}

/// `_PyTime_AsSecondsDouble(t)`: `t` nanoseconds in seconds, exact when
/// `t` is a whole number of seconds (as CPython divides those first).
#[unsafe(no_mangle)]
pub extern "C" fn _PyTime_AsSecondsDouble(t: PyTimeT) -> c_double {
    const NS: i64 = 1_000_000_000;
    if t % NS == 0 {
        (t / NS) as f64
    } else {
        t as f64 / NS as f64
    }
}

/// A timespec in nanoseconds, if that fits `_PyTime_t`. (`time_t` and
/// `long` are 32 bits wide on some targets, hence the conversions.)
#[allow(clippy::useless_conversion)]
fn nanoseconds(ts: &libc::timespec) -> Option<PyTimeT> {
    i64::from(ts.tv_sec)
        .checked_mul(1_000_000_000)
        .and_then(|s| s.checked_add(i64::from(ts.tv_nsec)))
}

/// Reads `clock` into `*t` (and describes it into `*info`); 0, or -1 with
/// `OSError` from errno.
///
/// # Safety
/// `t` must be writable; `info` NULL or writable.
unsafe fn read_clock(
    clock: libc::clockid_t,
    name: &'static std::ffi::CStr,
    monotonic: bool,
    t: *mut PyTimeT,
    info: *mut PyClockInfo,
) -> c_int {
    if t.is_null() {
        return errors::bad_internal_call();
    }
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a writable timespec.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        // SAFETY: errno is set by the failed call.
        unsafe { errors::PyErr_SetFromErrno(Exc::OSError.type_object()) };
        return -1;
    }
    let Some(ns) = nanoseconds(&ts) else {
        return errors::fail(
            Exc::OverflowError,
            "timestamp too large to convert to C _PyTime_t",
        );
    };
    // SAFETY: writable per the contract.
    unsafe { *t = ns };
    if !info.is_null() {
        let mut res = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `res` is a writable timespec.
        if unsafe { libc::clock_getres(clock, &mut res) } != 0 {
            // SAFETY: errno is set by the failed call.
            unsafe { errors::PyErr_SetFromErrno(Exc::OSError.type_object()) };
            return -1;
        }
        // SAFETY: writable per the contract.
        unsafe {
            *info = PyClockInfo {
                implementation: name.as_ptr(),
                monotonic: monotonic as c_int,
                adjustable: (!monotonic) as c_int,
                resolution: res.tv_sec as f64 + res.tv_nsec as f64 * 1e-9,
            };
        }
    }
    0
}

/// `_PyTime_GetMonotonicClockWithInfo(&t, info)`: `CLOCK_MONOTONIC`.
///
/// # Safety
/// `t` must be writable; `info` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTime_GetMonotonicClockWithInfo(
    t: *mut PyTimeT,
    info: *mut PyClockInfo,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        read_clock(
            libc::CLOCK_MONOTONIC,
            c"clock_gettime(CLOCK_MONOTONIC)",
            true,
            t,
            info,
        )
    }
}

/// `_PyTime_GetPerfCounterWithInfo(&t, info)`: the monotonic clock, as on
/// CPython's Unix builds.
///
/// # Safety
/// As [`_PyTime_GetMonotonicClockWithInfo`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTime_GetPerfCounterWithInfo(
    t: *mut PyTimeT,
    info: *mut PyClockInfo,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { _PyTime_GetMonotonicClockWithInfo(t, info) }
}

/// `_PyTime_GetSystemClockWithInfo(&t, info)`: `CLOCK_REALTIME`.
///
/// # Safety
/// As [`_PyTime_GetMonotonicClockWithInfo`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTime_GetSystemClockWithInfo(
    t: *mut PyTimeT,
    info: *mut PyClockInfo,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        read_clock(
            libc::CLOCK_REALTIME,
            c"clock_gettime(CLOCK_REALTIME)",
            false,
            t,
            info,
        )
    }
}
