//! CPython's private clock API (`Python/pytime.c`), as far as
//! `pythoncapi_compat.h` builds the public `PyTime_*` functions on it:
//! `_PyTime_t` nanoseconds read from the clocks CPython reads on each
//! platform (POSIX `clock_gettime`; on Windows `GetTickCount64`,
//! `QueryPerformanceCounter` and `GetSystemTimeAsFileTime`), with the
//! `_Py_clock_info_t` description `time.get_clock_info()` gives there.

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

/// The clocks of the private API.
#[derive(Clone, Copy)]
enum Clock {
    Monotonic,
    PerfCounter,
    System,
}

/// A reading: nanoseconds, or the error to raise.
type Reading = Result<PyTimeT, ReadError>;

enum ReadError {
    /// The OS call failed: `OSError` from errno.
    Os,
    /// The value does not fit `_PyTime_t`.
    Overflow,
}

#[cfg(unix)]
mod os {
    use super::{Clock, ReadError, Reading};
    use std::ffi::CStr;

    fn clock_id(clock: Clock) -> libc::clockid_t {
        match clock {
            Clock::Monotonic | Clock::PerfCounter => libc::CLOCK_MONOTONIC,
            Clock::System => libc::CLOCK_REALTIME,
        }
    }

    /// A timespec in nanoseconds, if that fits `_PyTime_t`. (`time_t` and
    /// `long` are 32 bits wide on some targets, hence the conversions.)
    #[allow(clippy::useless_conversion)]
    fn nanoseconds(ts: &libc::timespec) -> Option<i64> {
        i64::from(ts.tv_sec)
            .checked_mul(1_000_000_000)
            .and_then(|s| s.checked_add(i64::from(ts.tv_nsec)))
    }

    pub(super) fn now(clock: Clock) -> Reading {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a writable timespec.
        if unsafe { libc::clock_gettime(clock_id(clock), &mut ts) } != 0 {
            return Err(ReadError::Os);
        }
        nanoseconds(&ts).ok_or(ReadError::Overflow)
    }

    /// The clock's implementation name and resolution in seconds.
    pub(super) fn describe(clock: Clock) -> Result<(&'static CStr, f64), ReadError> {
        let mut res = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `res` is a writable timespec.
        if unsafe { libc::clock_getres(clock_id(clock), &mut res) } != 0 {
            return Err(ReadError::Os);
        }
        let name = match clock {
            Clock::Monotonic | Clock::PerfCounter => c"clock_gettime(CLOCK_MONOTONIC)",
            Clock::System => c"clock_gettime(CLOCK_REALTIME)",
        };
        Ok((name, res.tv_sec as f64 + res.tv_nsec as f64 * 1e-9))
    }
}

#[cfg(windows)]
mod os {
    use super::{Clock, ReadError, Reading};
    use std::ffi::CStr;
    use windows_sys::Win32::Foundation::FILETIME;
    use windows_sys::Win32::System::Performance::{
        QueryPerformanceCounter, QueryPerformanceFrequency,
    };
    use windows_sys::Win32::System::SystemInformation::{
        GetSystemTimeAdjustment, GetSystemTimeAsFileTime, GetTickCount64,
    };

    /// Seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01.
    const EPOCH_DIFFERENCE_S: i64 = 11_644_473_600;

    fn performance_frequency() -> Result<i64, ReadError> {
        let mut freq = 0i64;
        // SAFETY: `freq` is writable.
        if unsafe { QueryPerformanceFrequency(&mut freq) } == 0 || freq <= 0 {
            return Err(ReadError::Os);
        }
        Ok(freq)
    }

    pub(super) fn now(clock: Clock) -> Reading {
        match clock {
            Clock::Monotonic => {
                // SAFETY: no preconditions.
                let ms = unsafe { GetTickCount64() };
                i64::try_from(ms)
                    .ok()
                    .and_then(|ms| ms.checked_mul(1_000_000))
                    .ok_or(ReadError::Overflow)
            }
            Clock::PerfCounter => {
                let freq = performance_frequency()?;
                let mut ticks = 0i64;
                // SAFETY: `ticks` is writable.
                if unsafe { QueryPerformanceCounter(&mut ticks) } == 0 {
                    return Err(ReadError::Os);
                }
                // ticks * 1e9 / freq without overflow for any realistic value.
                let ns = i128::from(ticks) * 1_000_000_000 / i128::from(freq);
                i64::try_from(ns).map_err(|_| ReadError::Overflow)
            }
            Clock::System => {
                let mut ft = FILETIME {
                    dwLowDateTime: 0,
                    dwHighDateTime: 0,
                };
                // SAFETY: `ft` is writable.
                unsafe { GetSystemTimeAsFileTime(&mut ft) };
                let hundreds = (i64::from(ft.dwHighDateTime) << 32) | i64::from(ft.dwLowDateTime);
                hundreds
                    .checked_mul(100)
                    .and_then(|ns| ns.checked_sub(EPOCH_DIFFERENCE_S * 1_000_000_000))
                    .ok_or(ReadError::Overflow)
            }
        }
    }

    /// The system clock's tick in seconds, as CPython reads it.
    fn time_increment() -> Result<f64, ReadError> {
        let (mut adjustment, mut increment, mut disabled) = (0u32, 0u32, 0i32);
        // SAFETY: the three out-parameters are writable.
        if unsafe { GetSystemTimeAdjustment(&mut adjustment, &mut increment, &mut disabled) } == 0 {
            return Err(ReadError::Os);
        }
        Ok(f64::from(increment) * 1e-7)
    }

    /// The clock's implementation name and resolution in seconds.
    pub(super) fn describe(clock: Clock) -> Result<(&'static CStr, f64), ReadError> {
        Ok(match clock {
            Clock::Monotonic => (c"GetTickCount64()", time_increment()?),
            Clock::PerfCounter => (
                c"QueryPerformanceCounter()",
                1.0 / performance_frequency()? as f64,
            ),
            Clock::System => (c"GetSystemTimeAsFileTime()", time_increment()?),
        })
    }
}

#[cfg(not(any(unix, windows)))]
compile_error!("pytime.rs: no clock source for this target (neither POSIX nor Windows)");

/// Raises the error a failed reading stands for; -1.
fn raise(e: ReadError) -> c_int {
    match e {
        ReadError::Os => {
            // SAFETY: errno (or the OS's last error) is set by the failed call.
            unsafe { errors::PyErr_SetFromErrno(Exc::OSError.type_object()) };
            -1
        }
        ReadError::Overflow => errors::fail(
            Exc::OverflowError,
            "timestamp too large to convert to C _PyTime_t",
        ),
    }
}

/// Reads `clock` into `*t` (and describes it into `*info`); 0, or -1 with
/// the error raised.
///
/// # Safety
/// `t` must be writable; `info` NULL or writable.
unsafe fn read_clock(clock: Clock, t: *mut PyTimeT, info: *mut PyClockInfo) -> c_int {
    if t.is_null() {
        return errors::bad_internal_call();
    }
    let ns = match os::now(clock) {
        Ok(ns) => ns,
        Err(e) => return raise(e),
    };
    // SAFETY: writable per the contract.
    unsafe { *t = ns };
    if !info.is_null() {
        let (name, resolution) = match os::describe(clock) {
            Ok(d) => d,
            Err(e) => return raise(e),
        };
        let monotonic = !matches!(clock, Clock::System);
        // SAFETY: writable per the contract.
        unsafe {
            *info = PyClockInfo {
                implementation: name.as_ptr(),
                monotonic: monotonic as c_int,
                adjustable: (!monotonic) as c_int,
                resolution,
            };
        }
    }
    0
}

/// `_PyTime_GetMonotonicClockWithInfo(&t, info)`: `CLOCK_MONOTONIC`
/// (`GetTickCount64` on Windows).
///
/// # Safety
/// `t` must be writable; `info` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTime_GetMonotonicClockWithInfo(
    t: *mut PyTimeT,
    info: *mut PyClockInfo,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { read_clock(Clock::Monotonic, t, info) }
}

/// `_PyTime_GetPerfCounterWithInfo(&t, info)`: the monotonic clock, as on
/// CPython's Unix builds (`QueryPerformanceCounter` on Windows).
///
/// # Safety
/// As [`_PyTime_GetMonotonicClockWithInfo`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTime_GetPerfCounterWithInfo(
    t: *mut PyTimeT,
    info: *mut PyClockInfo,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { read_clock(Clock::PerfCounter, t, info) }
}

/// `_PyTime_GetSystemClockWithInfo(&t, info)`: `CLOCK_REALTIME`
/// (`GetSystemTimeAsFileTime` on Windows).
///
/// # Safety
/// As [`_PyTime_GetMonotonicClockWithInfo`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTime_GetSystemClockWithInfo(
    t: *mut PyTimeT,
    info: *mut PyClockInfo,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { read_clock(Clock::System, t, info) }
}
