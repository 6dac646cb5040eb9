//! The `time` module (CPython's `Modules/timemodule.c`) on Linux, as
//! CPython builds it with glibc: the clocks (`time`, `monotonic`, `perf_counter`,
//! `process_time`, `thread_time`, each with its `_ns` twin, and
//! `clock_gettime` / `clock_getres` / `clock_settime` over the `CLOCK_*`
//! constants), `sleep` (the GIL released while it waits, interruptible
//! by signals), the broken-down time functions (`gmtime`, `localtime`,
//! `mktime`, `asctime`, `ctime`, `strftime`) with the `struct_time` struct
//! sequence, and the time-zone values (`timezone`, `altzone`,
//! `daylight`, `tzname`) that `tzset` recomputes. C extensions and
//! Cython modules import it at load time.
//!
//! Arguments are parsed as CPython 3.11 parses them (`PyArg_ParseTuple`
//! formats, with their messages). Not here: `strptime`, which CPython
//! implements in Python (`Lib/_strptime.py`, with locale-dependent
//! regular expressions). `get_clock_info` returns a
//! `types.SimpleNamespace`, as CPython's.

use std::ffi::{CStr, c_char, c_int, c_long};
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::python::errors;

unsafe extern "C" {
    fn PyArg_ParseTuple(args: *mut PyObject, format: *const c_char, ...) -> c_int;
    fn PyArg_UnpackTuple(
        args: *mut PyObject,
        name: *const c_char,
        min: Py_ssize_t,
        max: Py_ssize_t,
        ...
    ) -> c_int;
    fn PyFloat_FromDouble(v: f64) -> *mut PyObject;
    fn PyFloat_AsDouble(o: *mut PyObject) -> f64;
    fn PyLong_FromLong(v: c_long) -> *mut PyObject;
    fn PyLong_FromLongLong(v: i64) -> *mut PyObject;
    fn PyLong_AsLong(o: *mut PyObject) -> c_long;
    fn PyLong_AsLongLong(o: *mut PyObject) -> i64;
    fn PyUnicode_AsUTF8(o: *mut PyObject) -> *const c_char;
    fn PyUnicode_AsWideCharString(o: *mut PyObject, size: *mut Py_ssize_t) -> *mut libc::wchar_t;
    fn PyUnicode_FromWideChar(w: *const libc::wchar_t, n: Py_ssize_t) -> *mut PyObject;
    fn PyUnicode_DecodeLocale(s: *const c_char, errors: *const c_char) -> *mut PyObject;
    fn PyUnicode_FromFormat(format: *const c_char, ...) -> *mut PyObject;
    fn PyUnicode_FromString(s: *const c_char) -> *mut PyObject;
    fn PyMem_Free(p: *mut std::ffi::c_void);
    fn PyModule_New(name: *const c_char) -> *mut PyObject;
    fn PyModule_AddObjectRef(m: *mut PyObject, name: *const c_char, v: *mut PyObject) -> c_int;
    fn PyModule_AddIntConstant(m: *mut PyObject, name: *const c_char, v: c_long) -> c_int;
    fn PyModule_AddFunctions(m: *mut PyObject, defs: *mut PyMethodDef) -> c_int;
    fn PyModule_SetDocString(m: *mut PyObject, doc: *const c_char) -> c_int;
    fn PyErr_SetFromErrno(exc: *mut PyObject) -> *mut PyObject;
    fn PyErr_CheckSignals() -> c_int;
    fn PyEval_SaveThread() -> *mut PyThreadState;
    fn PyEval_RestoreThread(t: *mut PyThreadState);
    fn wcsftime(
        s: *mut libc::wchar_t,
        max: usize,
        format: *const libc::wchar_t,
        tm: *const libc::tm,
    ) -> usize;
    fn wcslen(s: *const libc::wchar_t) -> usize;
    fn tzset();
}

// ==========================================================================
// Errors
// ==========================================================================

/// Raises `OSError` (or its errno subclass) for `errno`; NULL.
fn os_error(errno: c_int) -> *mut PyObject {
    // SAFETY: sets the thread's errno, then raises from it.
    unsafe {
        *libc::__errno_location() = errno;
        PyErr_SetFromErrno(Exc::OSError.type_object());
    }
    ptr::null_mut()
}

/// The errno of the last failed C library call.
fn last_errno() -> c_int {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

const TIME_T_OVERFLOW: &str = "timestamp out of range for platform time_t";
const PYTIME_OVERFLOW: &str = "timestamp too large to convert to C _PyTime_t";

// ==========================================================================
// Timestamps
// ==========================================================================

/// How a float timestamp is rounded to whole units.
#[derive(Clone, Copy)]
enum Round {
    /// Towards minus infinity (`_PyTime_ROUND_FLOOR`).
    Floor,
    /// Away from zero (`_PyTime_ROUND_TIMEOUT`, for `sleep`).
    Up,
}

fn round(d: f64, how: Round) -> f64 {
    match how {
        Round::Floor => d.floor(),
        Round::Up => {
            if d >= 0.0 {
                d.ceil()
            } else {
                d.floor()
            }
        }
    }
}

/// `_PyTime_ObjectToTime_t(obj, &t, _PyTime_ROUND_FLOOR)`: whole seconds
/// of an int or float timestamp; None with CPython's error.
///
/// # Safety
/// `obj` a live object.
unsafe fn object_to_time_t(obj: *mut PyObject) -> Option<libc::time_t> {
    // SAFETY: a live object.
    unsafe {
        if crate::objects::floatobject::is_float(obj) {
            let d = PyFloat_AsDouble(obj);
            if d.is_nan() {
                errors::fail(Exc::ValueError, "Invalid value NaN (not a number)");
                return None;
            }
            let d = round(d, Round::Floor);
            if !(d >= libc::time_t::MIN as f64 && d < libc::time_t::MAX as f64) {
                errors::fail(Exc::OverflowError, TIME_T_OVERFLOW);
                return None;
            }
            return Some(d as libc::time_t);
        }
        let v = PyLong_AsLongLong(obj);
        if v == -1 && !errors::PyErr_Occurred().is_null() {
            if errors::PyErr_ExceptionMatches(Exc::OverflowError.type_object()) != 0 {
                errors::PyErr_Clear();
                errors::fail(Exc::OverflowError, TIME_T_OVERFLOW);
            }
            return None;
        }
        match libc::time_t::try_from(v) {
            Ok(t) => Some(t),
            Err(_) => {
                errors::fail(Exc::OverflowError, TIME_T_OVERFLOW);
                None
            }
        }
    }
}

/// `_PyTime_FromSecondsObject(&t, obj, round)`: nanoseconds of an int or
/// float number of seconds; None with CPython's error.
///
/// # Safety
/// `obj` a live object.
unsafe fn seconds_to_ns(obj: *mut PyObject, how: Round) -> Option<i64> {
    // SAFETY: a live object.
    unsafe {
        if crate::objects::floatobject::is_float(obj) {
            let d = PyFloat_AsDouble(obj);
            if d.is_nan() {
                errors::fail(Exc::ValueError, "Invalid value NaN (not a number)");
                return None;
            }
            let d = round(d * 1e9, how);
            if !(d >= i64::MIN as f64 && d < -(i64::MIN as f64)) {
                errors::fail(Exc::OverflowError, TIME_T_OVERFLOW);
                return None;
            }
            return Some(d as i64);
        }
        let v = PyLong_AsLongLong(obj);
        if v == -1 && !errors::PyErr_Occurred().is_null() {
            if errors::PyErr_ExceptionMatches(Exc::OverflowError.type_object()) != 0 {
                errors::PyErr_Clear();
                errors::fail(Exc::OverflowError, PYTIME_OVERFLOW);
            }
            return None;
        }
        match v.checked_mul(1_000_000_000) {
            Some(ns) => Some(ns),
            None => {
                errors::fail(Exc::OverflowError, PYTIME_OVERFLOW);
                None
            }
        }
    }
}

/// `_PyTime_AsTimespec`: nanoseconds as a `timespec` (floor division).
fn ns_to_timespec(ns: i64) -> libc::timespec {
    libc::timespec {
        tv_sec: ns.div_euclid(1_000_000_000) as libc::time_t,
        tv_nsec: ns.rem_euclid(1_000_000_000) as _,
    }
}

// ==========================================================================
// Clocks
// ==========================================================================

/// Reads `clock`; the errno of a failure.
fn gettime(clock: libc::clockid_t) -> Result<libc::timespec, c_int> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a writable timespec.
    if unsafe { libc::clock_gettime(clock, &mut ts) } != 0 {
        return Err(last_errno());
    }
    Ok(ts)
}

/// Nanoseconds of a `timespec` (`_PyTime_FromTimespec`), saturating as
/// no real clock reaches the limits.
// `time_t` and `c_long` are `i64` on 64-bit targets only.
#[allow(clippy::useless_conversion)]
fn timespec_ns(ts: &libc::timespec) -> i64 {
    i64::from(ts.tv_sec)
        .saturating_mul(1_000_000_000)
        .saturating_add(i64::from(ts.tv_nsec))
}

/// `clock` in seconds as a float (`ns == false`) or nanoseconds as an int.
fn clock_result(clock: libc::clockid_t, ns: bool) -> *mut PyObject {
    match gettime(clock) {
        // SAFETY: makes a new number.
        Ok(ts) if ns => unsafe { PyLong_FromLongLong(timespec_ns(&ts)) },
        Ok(ts) => {
            let t = timespec_ns(&ts);
            // SAFETY: makes a new float.
            unsafe { PyFloat_FromDouble(crate::python::pytime::_PyTime_AsSecondsDouble(t)) }
        }
        Err(e) => os_error(e),
    }
}

macro_rules! clock_functions {
    ($($f:ident => $clock:expr, $ns:expr;)*) => {$(
        unsafe extern "C" fn $f(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
            clock_result($clock, $ns)
        }
    )*};
}

clock_functions! {
    time_time => libc::CLOCK_REALTIME, false;
    time_time_ns => libc::CLOCK_REALTIME, true;
    time_monotonic => libc::CLOCK_MONOTONIC, false;
    time_monotonic_ns => libc::CLOCK_MONOTONIC, true;
    time_perf_counter => libc::CLOCK_MONOTONIC, false;
    time_perf_counter_ns => libc::CLOCK_MONOTONIC, true;
    time_process_time => libc::CLOCK_PROCESS_CPUTIME_ID, false;
    time_process_time_ns => libc::CLOCK_PROCESS_CPUTIME_ID, true;
    time_thread_time => libc::CLOCK_THREAD_CPUTIME_ID, false;
    time_thread_time_ns => libc::CLOCK_THREAD_CPUTIME_ID, true;
}

/// `clock_gettime(clk_id)` / `clock_gettime_ns(clk_id)` (both parse as
/// `clock_gettime`, as in CPython).
///
/// # Safety
/// `args` a live tuple.
unsafe fn clock_gettime_with(args: *mut PyObject, ns: bool) -> *mut PyObject {
    let mut clk: c_int = 0;
    // SAFETY: a live tuple; `clk` matches `i`.
    if unsafe { PyArg_ParseTuple(args, c"i:clock_gettime".as_ptr(), &mut clk) } == 0 {
        return ptr::null_mut();
    }
    clock_result(clk as libc::clockid_t, ns)
}

unsafe extern "C" fn time_clock_gettime(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS tuple.
    unsafe { clock_gettime_with(args, false) }
}

unsafe extern "C" fn time_clock_gettime_ns(
    _m: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a METH_VARARGS tuple.
    unsafe { clock_gettime_with(args, true) }
}

/// Sets clock `clk` to `ns` nanoseconds; NULL with the `OSError`.
fn settime(clk: c_int, ns: i64) -> *mut PyObject {
    let ts = ns_to_timespec(ns);
    // SAFETY: a valid timespec.
    if unsafe { libc::clock_settime(clk as libc::clockid_t, &ts) } != 0 {
        return os_error(last_errno());
    }
    crate::objects::object::none()
}

/// `clock_settime(clk_id, time)`.
unsafe extern "C" fn time_clock_settime(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let (mut clk, mut obj): (c_int, *mut PyObject) = (0, ptr::null_mut());
    // SAFETY: a live tuple; the outputs match `iO`.
    unsafe {
        if PyArg_ParseTuple(args, c"iO:clock_settime".as_ptr(), &mut clk, &mut obj) == 0 {
            return ptr::null_mut();
        }
        match seconds_to_ns(obj, Round::Floor) {
            Some(ns) => settime(clk, ns),
            None => ptr::null_mut(),
        }
    }
}

/// `clock_settime_ns(clk_id, time)`: `time` an int of nanoseconds.
unsafe extern "C" fn time_clock_settime_ns(
    _m: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    let (mut clk, mut obj): (c_int, *mut PyObject) = (0, ptr::null_mut());
    // SAFETY: a live tuple; the outputs match `iO`.
    unsafe {
        if PyArg_ParseTuple(args, c"iO:clock_settime".as_ptr(), &mut clk, &mut obj) == 0 {
            return ptr::null_mut();
        }
        if (*(*obj).ob_type).tp_flags & Py_TPFLAGS_LONG_SUBCLASS == 0 {
            errors::fail(
                Exc::TypeError,
                format!(
                    "expect int, got {}",
                    crate::objects::object::type_name_of(obj)
                ),
            );
            return ptr::null_mut();
        }
        let ns = PyLong_AsLongLong(obj);
        if ns == -1 && !errors::PyErr_Occurred().is_null() {
            if errors::PyErr_ExceptionMatches(Exc::OverflowError.type_object()) != 0 {
                errors::PyErr_Clear();
                errors::fail(Exc::OverflowError, PYTIME_OVERFLOW);
            }
            return ptr::null_mut();
        }
        settime(clk, ns)
    }
}

/// `clock_getres(clk_id)`.
unsafe extern "C" fn time_clock_getres(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let mut clk: c_int = 0;
    // SAFETY: a live tuple; `clk` matches `i`; a writable timespec.
    unsafe {
        if PyArg_ParseTuple(args, c"i:clock_getres".as_ptr(), &mut clk) == 0 {
            return ptr::null_mut();
        }
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        if libc::clock_getres(clk as libc::clockid_t, &mut ts) != 0 {
            return os_error(last_errno());
        }
        PyFloat_FromDouble(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)
    }
}

/// `pthread_getcpuclockid(thread_id)`: the CPU-time clock of a thread
/// (`thread_id` as `threading.get_ident()` gives it).
///
/// Stricter than CPython, which hands the id to the C library: glibc reads
/// the thread's descriptor through it, so a made-up or stale id crashes
/// the process there. Here the id must be the calling thread's or one a
/// thread state was made on (else `OSError(ESRCH)`), and the clock id is
/// built from that thread's kernel id as glibc builds it
/// (`MAKE_THREAD_CPUCLOCK(tid, CPUCLOCK_SCHED)`), reading nothing through
/// the `pthread_t`. A thread that has exited leaves a clock that
/// `clock_gettime` refuses (`EINVAL`).
unsafe extern "C" fn time_pthread_getcpuclockid(
    _m: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    let mut thread: std::ffi::c_ulong = 0;
    // SAFETY: a live tuple; `thread` matches `k`; a writable clock id.
    unsafe {
        if PyArg_ParseTuple(args, c"k:pthread_getcpuclockid".as_ptr(), &mut thread) == 0 {
            return ptr::null_mut();
        }
        let Some(tid) = crate::python::pystate::native_id_of(thread) else {
            return os_error(libc::ESRCH);
        };
        PyLong_FromLong(thread_cpu_clock(tid) as c_long)
    }
}

/// The CPU-time clock id of the thread whose kernel id is `tid`, as
/// glibc's `pthread_getcpuclockid` makes it: the complemented id shifted
/// past the three clock-type bits, with `CPUCLOCK_SCHED` (2) and
/// `CPUCLOCK_PERTHREAD_MASK` (4).
fn thread_cpu_clock(tid: std::ffi::c_ulong) -> libc::clockid_t {
    ((!(tid as u32) as i32) << 3) | 6
}

/// `get_clock_info(name)`: a namespace with the clock's
/// `implementation`, `monotonic`, `adjustable` and `resolution`.
unsafe extern "C" fn time_get_clock_info(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let mut name: *const c_char = ptr::null();
    // SAFETY: a live tuple; `name` matches `s` and lives as long as it.
    unsafe {
        if PyArg_ParseTuple(args, c"s:get_clock_info".as_ptr(), &mut name) == 0 {
            return ptr::null_mut();
        }
        let (clock, implementation, monotonic): (_, &CStr, bool) =
            match CStr::from_ptr(name).to_bytes() {
                b"time" => (
                    libc::CLOCK_REALTIME,
                    c"clock_gettime(CLOCK_REALTIME)",
                    false,
                ),
                b"monotonic" | b"perf_counter" => (
                    libc::CLOCK_MONOTONIC,
                    c"clock_gettime(CLOCK_MONOTONIC)",
                    true,
                ),
                b"process_time" => (
                    libc::CLOCK_PROCESS_CPUTIME_ID,
                    c"clock_gettime(CLOCK_PROCESS_CPUTIME_ID)",
                    true,
                ),
                b"thread_time" => (
                    libc::CLOCK_THREAD_CPUTIME_ID,
                    c"clock_gettime(CLOCK_THREAD_CPUTIME_ID)",
                    true,
                ),
                _ => return errors::fail_null(Exc::ValueError, "unknown clock"),
            };
        // CPython reads the clock before describing it.
        if let Err(e) = gettime(clock) {
            return os_error(e);
        }
        let mut res = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        if libc::clock_getres(clock, &mut res) != 0 {
            return os_error(last_errno());
        }
        let resolution = res.tv_sec as f64 + res.tv_nsec as f64 * 1e-9;
        let Some(d) = Owned::new(crate::objects::dictobject::PyDict_New()) else {
            return ptr::null_mut();
        };
        let values = [
            (
                c"implementation",
                PyUnicode_FromString(implementation.as_ptr()),
            ),
            (
                c"monotonic",
                crate::objects::boolobject::bool_from_bool(monotonic),
            ),
            (
                c"adjustable",
                crate::objects::boolobject::bool_from_bool(!monotonic),
            ),
            (c"resolution", PyFloat_FromDouble(resolution)),
        ];
        let mut failed = false;
        for (key, value) in values {
            let Some(value) = Owned::new(value) else {
                failed = true;
                continue;
            };
            if !failed
                && crate::objects::dictobject::PyDict_SetItemString(
                    d.as_ptr(),
                    key.as_ptr(),
                    value.as_ptr(),
                ) < 0
            {
                failed = true;
            }
        }
        if failed {
            return ptr::null_mut();
        }
        crate::objects::namespaceobject::namespace_from(d.as_ptr())
    }
}

// ==========================================================================
// sleep
// ==========================================================================

/// `sleep(seconds)` (METH_O): waits until a monotonic deadline with the
/// GIL released, running signal handlers when a signal interrupts the
/// wait (their exception ends it).
unsafe extern "C" fn time_sleep(_m: *mut PyObject, obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument.
    let Some(ns) = (unsafe { seconds_to_ns(obj, Round::Up) }) else {
        return ptr::null_mut();
    };
    if ns < 0 {
        errors::fail(Exc::ValueError, "sleep length must be non-negative");
        return ptr::null_mut();
    }
    let now = match gettime(libc::CLOCK_MONOTONIC) {
        Ok(ts) => timespec_ns(&ts),
        Err(e) => return os_error(e),
    };
    // Saturating, as CPython's `_PyTime_Add`: an absurd length sleeps
    // "forever" rather than failing.
    let until = ns_to_timespec(now.saturating_add(ns));
    loop {
        // SAFETY: `Py_BEGIN_ALLOW_THREADS`: a module function runs with
        // the GIL held.
        let tstate = unsafe { PyEval_SaveThread() };
        // SAFETY: a valid absolute deadline; no remainder is asked for.
        let ret = unsafe {
            libc::clock_nanosleep(
                libc::CLOCK_MONOTONIC,
                libc::TIMER_ABSTIME,
                &until,
                ptr::null_mut(),
            )
        };
        // SAFETY: the state saved above.
        unsafe { PyEval_RestoreThread(tstate) };
        if ret == 0 {
            break;
        }
        if ret != libc::EINTR {
            return os_error(ret);
        }
        // Interrupted by a signal: its handler runs, then the wait goes
        // on to the same deadline.
        // SAFETY: the GIL is held again.
        if unsafe { PyErr_CheckSignals() } != 0 {
            return ptr::null_mut();
        }
    }
    crate::objects::object::none()
}

// ==========================================================================
// struct_time
// ==========================================================================

static STRUCT_TIME: super::MadeOnce = super::MadeOnce::new();

/// `(name, doc)` of `struct_time`'s fields; the first 9 are the sequence.
const FIELDS: [(&CStr, &CStr); 11] = [
    (c"tm_year", c"year, for example, 1993"),
    (c"tm_mon", c"month of year, range [1, 12]"),
    (c"tm_mday", c"day of month, range [1, 31]"),
    (c"tm_hour", c"hours, range [0, 23]"),
    (c"tm_min", c"minutes, range [0, 59]"),
    (c"tm_sec", c"seconds, range [0, 61])"),
    (c"tm_wday", c"day of week, range [0, 6], Monday is 0"),
    (c"tm_yday", c"day of year, range [1, 366]"),
    (
        c"tm_isdst",
        c"1 if summer time is in effect, 0 if not, and -1 if unknown",
    ),
    (c"tm_zone", c"abbreviation of timezone name"),
    (c"tm_gmtoff", c"offset from UTC in seconds"),
];

const STRUCT_TIME_DOC: &CStr = c"The time value as returned by gmtime(), localtime(), and strptime(), and\n accepted by asctime(), mktime() and strftime().  May be considered as a\n sequence of 9 integers.\n\n Note that several fields' values are not the same as those defined by\n the C language standard for struct tm.  For example, the value of the\n field tm_year is the actual year, not year - 1900.  See individual\n fields' descriptions for details.";

/// The `time.struct_time` type (borrowed; made on first use), or NULL.
fn struct_time_type() -> *mut PyTypeObject {
    use crate::objects::structseq::{
        PyStructSequence_Desc, PyStructSequence_Field, PyStructSequence_NewType,
    };
    STRUCT_TIME
        .get_or_make(|| {
            let mut fields: Vec<PyStructSequence_Field> = FIELDS
                .iter()
                .map(|(name, doc)| PyStructSequence_Field {
                    name: name.as_ptr(),
                    doc: doc.as_ptr(),
                })
                .collect();
            fields.push(PyStructSequence_Field {
                name: ptr::null(),
                doc: ptr::null(),
            });
            let mut desc = PyStructSequence_Desc {
                name: c"time.struct_time".as_ptr(),
                doc: STRUCT_TIME_DOC.as_ptr(),
                fields: fields.as_mut_ptr(),
                n_in_sequence: 9,
            };
            // SAFETY: the descriptor and fields live across the call,
            // which copies what it keeps (the strings are static).
            unsafe { PyStructSequence_NewType(&mut desc).cast() }
        })
        .cast()
}

/// `tmtotuple`: a `struct_time` of a broken-down time.
fn tm_to_struct_time(tm: &libc::tm) -> *mut PyObject {
    use crate::objects::structseq::{PyStructSequence_New, PyStructSequence_SetItem};
    let ty = struct_time_type();
    if ty.is_null() {
        return ptr::null_mut();
    }
    let ints = [
        c_long::from(tm.tm_year) + 1900,
        c_long::from(tm.tm_mon) + 1,
        c_long::from(tm.tm_mday),
        c_long::from(tm.tm_hour),
        c_long::from(tm.tm_min),
        c_long::from(tm.tm_sec),
        c_long::from((tm.tm_wday + 6) % 7),
        c_long::from(tm.tm_yday) + 1,
        c_long::from(tm.tm_isdst),
    ];
    // SAFETY: a ready struct sequence type; each item is checked; the
    // zone is the C library's NUL-terminated string (or NULL).
    unsafe {
        let Some(v) = Owned::new(PyStructSequence_New(ty)) else {
            return ptr::null_mut();
        };
        for (i, x) in ints.into_iter().enumerate() {
            let item = PyLong_FromLong(x);
            if item.is_null() {
                return ptr::null_mut();
            }
            PyStructSequence_SetItem(v.as_ptr(), i as Py_ssize_t, item);
        }
        let zone = if tm.tm_zone.is_null() {
            crate::objects::object::none()
        } else {
            PyUnicode_DecodeLocale(tm.tm_zone, c"surrogateescape".as_ptr())
        };
        if zone.is_null() {
            return ptr::null_mut();
        }
        PyStructSequence_SetItem(v.as_ptr(), 9, zone);
        let off = PyLong_FromLong(tm.tm_gmtoff as c_long);
        if off.is_null() {
            return ptr::null_mut();
        }
        PyStructSequence_SetItem(v.as_ptr(), 10, off);
        v.into_raw()
    }
}

/// `gettmarg`: a broken-down time from a 9-tuple or `struct_time`
/// (whose zone and offset are used too); None with CPython's error.
/// `format` is the `PyArg_ParseTuple` format naming the caller.
///
/// The returned `tm_zone` points into the `struct_time`'s str, so the
/// caller uses the result while `args` lives.
///
/// # Safety
/// `args` a live object.
unsafe fn tuple_to_tm(args: *mut PyObject, format: &CStr) -> Option<libc::tm> {
    // SAFETY: a zeroed tm is valid; a live object; the outputs match the
    // nine `i`s.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if (*(*args).ob_type).tp_flags & Py_TPFLAGS_TUPLE_SUBCLASS == 0 {
            errors::fail(Exc::TypeError, "Tuple or struct_time argument required");
            return None;
        }
        let mut y: c_int = 0;
        if PyArg_ParseTuple(
            args,
            format.as_ptr(),
            &mut y,
            &mut tm.tm_mon,
            &mut tm.tm_mday,
            &mut tm.tm_hour,
            &mut tm.tm_min,
            &mut tm.tm_sec,
            &mut tm.tm_wday,
            &mut tm.tm_yday,
            &mut tm.tm_isdst,
        ) == 0
        {
            return None;
        }
        if y < c_int::MIN + 1900 {
            errors::fail(Exc::OverflowError, "year out of range");
            return None;
        }
        tm.tm_year = y - 1900;
        tm.tm_mon -= 1;
        tm.tm_wday = (tm.tm_wday.wrapping_add(1)) % 7;
        tm.tm_yday -= 1;
        let ty = STRUCT_TIME.made();
        if !ty.is_null() && (*args).ob_type == ty.cast() {
            use crate::objects::structseq::PyStructSequence_GetItem;
            let zone = PyStructSequence_GetItem(args, 9);
            if zone != crate::objects::object::py_none() {
                let z = PyUnicode_AsUTF8(zone);
                if z.is_null() {
                    return None;
                }
                tm.tm_zone = z;
            }
            let off = PyStructSequence_GetItem(args, 10);
            if off != crate::objects::object::py_none() {
                let v = PyLong_AsLong(off);
                if !errors::PyErr_Occurred().is_null() {
                    return None;
                }
                tm.tm_gmtoff = v;
            }
        }
        Some(tm)
    }
}

/// `checktm`: fixes a zero month (-1) or day or year day and checks the
/// ranges; false with CPython's `ValueError`.
fn check_tm(tm: &mut libc::tm) -> bool {
    let fail = |m: &str| {
        errors::fail(Exc::ValueError, m);
        false
    };
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    } else if !(0..=11).contains(&tm.tm_mon) {
        return fail("month out of range");
    }
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    } else if !(0..=31).contains(&tm.tm_mday) {
        return fail("day of month out of range");
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return fail("hour out of range");
    }
    if !(0..=59).contains(&tm.tm_min) {
        return fail("minute out of range");
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return fail("seconds out of range");
    }
    // `% 7` in `tuple_to_tm` bounds it above.
    if tm.tm_wday < 0 {
        return fail("day of week out of range");
    }
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    } else if !(0..=365).contains(&tm.tm_yday) {
        return fail("day of year out of range");
    }
    true
}

/// `_PyTime_gmtime` / `_PyTime_localtime`: the broken-down time of `t`;
/// None with the `OSError` (EINVAL when the C library sets no errno).
fn broken_down(t: libc::time_t, local: bool) -> Option<libc::tm> {
    // SAFETY: a zeroed tm is valid; valid pointers; errno is ours.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        *libc::__errno_location() = 0;
        let r = if local {
            libc::localtime_r(&t, &mut tm)
        } else {
            libc::gmtime_r(&t, &mut tm)
        };
        if r.is_null() {
            let e = last_errno();
            os_error(if e == 0 { libc::EINVAL } else { e });
            return None;
        }
        Some(tm)
    }
}

/// The current time as `time_t`.
fn now() -> libc::time_t {
    // SAFETY: `time(NULL)` writes nothing.
    unsafe { libc::time(ptr::null_mut()) }
}

/// `parse_time_t_args`: the optional seconds argument (None or absent:
/// now) of a `|O:name` function.
///
/// # Safety
/// `args` a live tuple.
unsafe fn time_t_arg(args: *mut PyObject, format: &CStr) -> Option<libc::time_t> {
    let mut ot: *mut PyObject = ptr::null_mut();
    // SAFETY: a live tuple; `ot` matches `O`.
    unsafe {
        if PyArg_ParseTuple(args, format.as_ptr(), &mut ot) == 0 {
            return None;
        }
        if ot.is_null() || ot == crate::objects::object::py_none() {
            return Some(now());
        }
        object_to_time_t(ot)
    }
}

// ==========================================================================
// Broken-down time functions
// ==========================================================================

unsafe extern "C" fn time_gmtime(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS tuple.
    let Some(t) = (unsafe { time_t_arg(args, c"|O:gmtime") }) else {
        return ptr::null_mut();
    };
    broken_down(t, false).map_or(ptr::null_mut(), |tm| tm_to_struct_time(&tm))
}

unsafe extern "C" fn time_localtime(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS tuple.
    let Some(t) = (unsafe { time_t_arg(args, c"|O:localtime") }) else {
        return ptr::null_mut();
    };
    broken_down(t, true).map_or(ptr::null_mut(), |tm| tm_to_struct_time(&tm))
}

/// `_asctime`: `Sun Jan  1 00:00:00 2000` (fields checked already).
fn asctime_str(tm: &libc::tm) -> *mut PyObject {
    const WDAY: [&CStr; 7] = [c"Sun", c"Mon", c"Tue", c"Wed", c"Thu", c"Fri", c"Sat"];
    const MON: [&CStr; 12] = [
        c"Jan", c"Feb", c"Mar", c"Apr", c"May", c"Jun", c"Jul", c"Aug", c"Sep", c"Oct", c"Nov",
        c"Dec",
    ];
    let (Some(w), Some(m)) = (WDAY.get(tm.tm_wday as usize), MON.get(tm.tm_mon as usize)) else {
        return errors::fail_null(Exc::ValueError, "time value out of range");
    };
    // SAFETY: NUL-terminated names and int arguments matching the format.
    unsafe {
        PyUnicode_FromFormat(
            c"%s %s%3d %.2d:%.2d:%.2d %d".as_ptr(),
            w.as_ptr(),
            m.as_ptr(),
            tm.tm_mday,
            tm.tm_hour,
            tm.tm_min,
            tm.tm_sec,
            1900i64.wrapping_add(i64::from(tm.tm_year)) as c_int,
        )
    }
}

unsafe extern "C" fn time_asctime(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let mut tup: *mut PyObject = ptr::null_mut();
    // SAFETY: a METH_VARARGS tuple; `tup` is borrowed from it.
    unsafe {
        if PyArg_UnpackTuple(args, c"asctime".as_ptr(), 0, 1, &mut tup) == 0 {
            return ptr::null_mut();
        }
        let tm = if tup.is_null() {
            broken_down(now(), true)
        } else {
            tuple_to_tm(tup, c"iiiiiiiii;asctime(): illegal time tuple argument")
                .and_then(|mut tm| check_tm(&mut tm).then_some(tm))
        };
        tm.map_or(ptr::null_mut(), |tm| asctime_str(&tm))
    }
}

unsafe extern "C" fn time_ctime(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS tuple.
    let Some(t) = (unsafe { time_t_arg(args, c"|O:ctime") }) else {
        return ptr::null_mut();
    };
    broken_down(t, true).map_or(ptr::null_mut(), |tm| asctime_str(&tm))
}

/// `mktime(tuple)` (METH_O).
unsafe extern "C" fn time_mktime(_m: *mut PyObject, tup: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live argument; the tm's zone (if any) lives in it.
    unsafe {
        let Some(mut tm) = tuple_to_tm(tup, c"iiiiiiiii;mktime(): illegal time tuple argument")
        else {
            return ptr::null_mut();
        };
        // A sentinel: mktime sets it when it succeeds, so -1 then is a
        // real time.
        tm.tm_wday = -1;
        let t = libc::mktime(&mut tm);
        if t == -1 && tm.tm_wday == -1 {
            return errors::fail_null(Exc::OverflowError, "mktime argument out of range");
        }
        PyFloat_FromDouble(t as f64)
    }
}

/// `strftime(format[, tuple])`, through `wcsftime` as CPython on glibc.
unsafe extern "C" fn time_strftime(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let (mut format, mut tup): (*mut PyObject, *mut PyObject) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: a METH_VARARGS tuple; the outputs match `U|O` and are
    // borrowed from it; the tm's zone (if any) lives in `tup`; the wide
    // format is ours until freed.
    unsafe {
        if PyArg_ParseTuple(args, c"U|O:strftime".as_ptr(), &mut format, &mut tup) == 0 {
            return ptr::null_mut();
        }
        let tm = if tup.is_null() {
            broken_down(now(), true)
        } else {
            tuple_to_tm(tup, c"iiiiiiiii;strftime(): illegal time tuple argument")
                .and_then(|mut tm| check_tm(&mut tm).then_some(tm))
        };
        let Some(mut tm) = tm else {
            return ptr::null_mut();
        };
        tm.tm_isdst = tm.tm_isdst.clamp(-1, 1);
        let fmt = PyUnicode_AsWideCharString(format, ptr::null_mut());
        if fmt.is_null() {
            return ptr::null_mut();
        }
        let fmtlen = wcslen(fmt);
        let mut size = 1024usize;
        let result = loop {
            let mut out: Vec<libc::wchar_t> = Vec::new();
            if out.try_reserve_exact(size).is_err() {
                break errors::PyErr_NoMemory();
            }
            let n = wcsftime(out.as_mut_ptr(), size, fmt, &tm);
            // Nothing written in a buffer 256 times the format's length
            // is an empty result (`%Z` with no zone, say), not a short
            // buffer.
            if n > 0 || size >= 256 * fmtlen {
                break PyUnicode_FromWideChar(out.as_ptr(), n as Py_ssize_t);
            }
            size += size;
        };
        PyMem_Free(fmt.cast());
        result
    }
}

// ==========================================================================
// Time zones
// ==========================================================================

/// The zone abbreviation of `tm` (`get_zone`: at most 9 bytes, three
/// spaces when the C library gives none).
fn zone_name(tm: &libc::tm) -> Vec<u8> {
    if tm.tm_zone.is_null() {
        return b"   ".to_vec();
    }
    // SAFETY: the C library's NUL-terminated abbreviation.
    let z = unsafe { CStr::from_ptr(tm.tm_zone) }.to_bytes();
    z[..z.len().min(9)].to_vec()
}

/// `init_timezone` as CPython builds it with glibc: `timezone`,
/// `altzone`, `daylight` and `tzname` from the local times of this
/// year's 1 January and 1 July (the later one is daylight saving time
/// when it differs, in either hemisphere). Adds them to module `m`.
///
/// # Safety
/// `m` a live module.
unsafe fn init_timezone(m: *mut PyObject) -> c_int {
    const YEAR: libc::time_t = (365 * 24 + 6) * 3600;
    let t = (now() / YEAR) * YEAR;
    let Some(jan) = broken_down(t, true) else {
        return -1;
    };
    let Some(jul) = broken_down(t + YEAR / 2, true) else {
        return -1;
    };
    let (janzone, julzone) = (-jan.tm_gmtoff, -jul.tm_gmtoff);
    const MAX: c_long = 48 * 3600;
    if !(-MAX..=MAX).contains(&janzone) || !(-MAX..=MAX).contains(&julzone) {
        return errors::fail(Exc::RuntimeError, "invalid GMT offset");
    }
    let (janname, julname) = (zone_name(&jan), zone_name(&jul));
    let (std_off, dst_off, std_name, dst_name) = if janzone < julzone {
        // Daylight saving time in January: the southern hemisphere.
        (julzone, janzone, julname, janname)
    } else {
        (janzone, julzone, janname, julname)
    };
    // SAFETY: per the contract; the names are UTF-8-decoded as `z` does.
    unsafe {
        let name = |n: &[u8]| {
            crate::objects::unicodeobject::PyUnicode_FromStringAndSize(
                n.as_ptr().cast(),
                n.len() as Py_ssize_t,
            )
        };
        let (Some(a), Some(b)) = (Owned::new(name(&std_name)), Owned::new(name(&dst_name))) else {
            return -1;
        };
        let Some(tzname) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
            a.as_ptr(),
            b.as_ptr(),
        ])) else {
            return -1;
        };
        if PyModule_AddIntConstant(m, c"timezone".as_ptr(), std_off) < 0
            || PyModule_AddIntConstant(m, c"altzone".as_ptr(), dst_off) < 0
            || PyModule_AddIntConstant(m, c"daylight".as_ptr(), c_long::from(janzone != julzone))
                < 0
            || PyModule_AddObjectRef(m, c"tzname".as_ptr(), tzname.as_ptr()) < 0
        {
            return -1;
        }
    }
    0
}

/// `tzset()`: rereads `TZ` and recomputes the module's zone values.
unsafe extern "C" fn time_tzset(_m: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    let Some(m) = crate::python::import::loaded_module("time") else {
        return ptr::null_mut();
    };
    // SAFETY: tzset reads the environment; the live module.
    unsafe {
        tzset();
        if init_timezone(m.as_ptr()) < 0 {
            return ptr::null_mut();
        }
    }
    crate::objects::object::none()
}

// ==========================================================================
// The module
// ==========================================================================

const fn row(name: &'static CStr, f: PyCFunction, flags: c_int) -> PyMethodDef {
    crate::python::clinic::method(name, f, flags)
}

static METHODS: StaticObject<[PyMethodDef; 26]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"time() -> floating point number\n\nReturn the current time in seconds since the Epoch.\nFractions of a second may be present if the system clock provides them.".as_ptr(),
        ..row(c"time", time_time, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"time_ns() -> int\n\nReturn the current time in nanoseconds since the Epoch.".as_ptr(),
        ..row(c"time_ns", time_time_ns, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"gmtime([seconds]) -> (tm_year, tm_mon, tm_mday, tm_hour, tm_min,\n                       tm_sec, tm_wday, tm_yday, tm_isdst)\n\nConvert seconds since the Epoch to a time tuple expressing UTC (a.k.a.\nGMT).  When 'seconds' is not passed in, convert the current time instead.\n\nIf the platform supports the tm_gmtoff and tm_zone, they are available as\nattributes only.".as_ptr(),
        ..row(c"gmtime", time_gmtime, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"localtime([seconds]) -> (tm_year,tm_mon,tm_mday,tm_hour,tm_min,\n                          tm_sec,tm_wday,tm_yday,tm_isdst)\n\nConvert seconds since the Epoch to a time tuple expressing local time.\nWhen 'seconds' is not passed in, convert the current time instead.".as_ptr(),
        ..row(c"localtime", time_localtime, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"asctime([tuple]) -> string\n\nConvert a time tuple to a string, e.g. 'Sat Jun 06 16:26:11 1998'.\nWhen the time tuple is not present, current time as returned by localtime()\nis used.".as_ptr(),
        ..row(c"asctime", time_asctime, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"ctime(seconds) -> string\n\nConvert a time in seconds since the Epoch to a string in local time.\nThis is equivalent to asctime(localtime(seconds)). When the time tuple is\nnot present, current time as returned by localtime() is used.".as_ptr(),
        ..row(c"ctime", time_ctime, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"mktime(tuple) -> floating point number\n\nConvert a time tuple in local time to seconds since the Epoch.\nNote that mktime(gmtime(0)) will not generally return zero for most\ntime zones; instead the returned value will either be equal to that\nof the timezone or altzone attributes on the time module.".as_ptr(),
        ..row(c"mktime", time_mktime, METH_O)
    },
    PyMethodDef {
        ml_doc: c"strftime(format[, tuple]) -> string\n\nConvert a time tuple to a string according to a format specification.\nSee the library reference manual for formatting codes. When the time tuple\nis not present, current time as returned by localtime() is used.\n\nCommonly used format codes:\n\n%Y  Year with century as a decimal number.\n%m  Month as a decimal number [01,12].\n%d  Day of the month as a decimal number [01,31].\n%H  Hour (24-hour clock) as a decimal number [00,23].\n%M  Minute as a decimal number [00,59].\n%S  Second as a decimal number [00,61].\n%z  Time zone offset from UTC.\n%a  Locale's abbreviated weekday name.\n%A  Locale's full weekday name.\n%b  Locale's abbreviated month name.\n%B  Locale's full month name.\n%c  Locale's appropriate date and time representation.\n%I  Hour (12-hour clock) as a decimal number [01,12].\n%p  Locale's equivalent of either AM or PM.\n\nOther codes may be available on your platform.  See documentation for\nthe C library strftime function.\n".as_ptr(),
        ..row(c"strftime", time_strftime, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"sleep(seconds)\n\nDelay execution for a given number of seconds.  The argument may be\na floating point number for subsecond precision.".as_ptr(),
        ..row(c"sleep", time_sleep, METH_O)
    },
    PyMethodDef {
        ml_doc: c"tzset()\n\nInitialize, or reinitialize, the local timezone to the value stored in\nos.environ['TZ']. The TZ environment variable should be specified in\nstandard Unix timezone format as documented in the tzset man page\n(eg. 'US/Eastern', 'Europe/Amsterdam'). Unknown timezones will silently\nfall back to UTC. If the TZ environment variable is not set, the local\ntimezone is set to the systems best guess of wallclock time.\nChanging the TZ environment variable without calling tzset *may* change\nthe local timezone used by methods such as localtime, but this behaviour\nshould not be relied on.".as_ptr(),
        ..row(c"tzset", time_tzset, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"monotonic() -> float\n\nMonotonic clock, cannot go backward.".as_ptr(),
        ..row(c"monotonic", time_monotonic, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"monotonic_ns() -> int\n\nMonotonic clock, cannot go backward, as nanoseconds.".as_ptr(),
        ..row(c"monotonic_ns", time_monotonic_ns, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"process_time() -> float\n\nProcess time for profiling: sum of the kernel and user-space CPU time.".as_ptr(),
        ..row(c"process_time", time_process_time, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"process_time() -> int\n\nProcess time for profiling as nanoseconds:\nsum of the kernel and user-space CPU time.".as_ptr(),
        ..row(c"process_time_ns", time_process_time_ns, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"thread_time() -> float\n\nThread time for profiling: sum of the kernel and user-space CPU time.".as_ptr(),
        ..row(c"thread_time", time_thread_time, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"thread_time() -> int\n\nThread time for profiling as nanoseconds:\nsum of the kernel and user-space CPU time.".as_ptr(),
        ..row(c"thread_time_ns", time_thread_time_ns, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"perf_counter() -> float\n\nPerformance counter for benchmarking.".as_ptr(),
        ..row(c"perf_counter", time_perf_counter, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"perf_counter_ns() -> int\n\nPerformance counter for benchmarking as nanoseconds.".as_ptr(),
        ..row(c"perf_counter_ns", time_perf_counter_ns, METH_NOARGS)
    },
    PyMethodDef {
        ml_doc: c"clock_gettime(clk_id) -> float\n\nReturn the time of the specified clock clk_id.".as_ptr(),
        ..row(c"clock_gettime", time_clock_gettime, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"clock_gettime_ns(clk_id) -> int\n\nReturn the time of the specified clock clk_id as nanoseconds.".as_ptr(),
        ..row(c"clock_gettime_ns", time_clock_gettime_ns, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"clock_settime(clk_id, time)\n\nSet the time of the specified clock clk_id.".as_ptr(),
        ..row(c"clock_settime", time_clock_settime, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"clock_settime_ns(clk_id, time)\n\nSet the time of the specified clock clk_id with nanoseconds.".as_ptr(),
        ..row(c"clock_settime_ns", time_clock_settime_ns, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"clock_getres(clk_id) -> floating point number\n\nReturn the resolution (precision) of the specified clock clk_id.".as_ptr(),
        ..row(c"clock_getres", time_clock_getres, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"pthread_getcpuclockid(thread_id) -> int\n\nReturn the clk_id of a thread's CPU time clock.".as_ptr(),
        ..row(c"pthread_getcpuclockid", time_pthread_getcpuclockid, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"get_clock_info(name: str) -> dict\n\nGet information of the specified clock.".as_ptr(),
        ..row(c"get_clock_info", time_get_clock_info, METH_VARARGS)
    },
    crate::python::clinic::METHOD_END,
]);

const MODULE_DOC: &CStr = c"This module provides various functions to manipulate time values.\n\nThere are two standard representations of time.  One is the number\nof seconds since the Epoch, in UTC (a.k.a. GMT).  It may be an integer\nor a floating point number (to represent fractions of seconds).\nThe Epoch is system-defined; on Unix, it is generally January 1st, 1970.\nThe actual value can be retrieved by calling gmtime(0).\n\nThe other representation is a tuple of 9 integers giving local time.\nThe tuple items are:\n  year (including century, e.g. 1998)\n  month (1-12)\n  day (1-31)\n  hours (0-23)\n  minutes (0-59)\n  seconds (0-59)\n  weekday (0-6, Monday is 0)\n  Julian day (day in the year, 1-366)\n  DST (Daylight Savings Time) flag (-1, 0 or 1)\nIf the DST flag is 0, the time is given in the regular time zone;\nif it is 1, the time is given in the DST time zone;\nif it is -1, mktime() should guess based on the date and time.\n";

/// The `CLOCK_*` constants this platform has, as CPython exposes them.
fn clock_constants() -> Vec<(&'static CStr, libc::clockid_t)> {
    let mut v = vec![
        (c"CLOCK_REALTIME", libc::CLOCK_REALTIME),
        (c"CLOCK_MONOTONIC", libc::CLOCK_MONOTONIC),
        (c"CLOCK_PROCESS_CPUTIME_ID", libc::CLOCK_PROCESS_CPUTIME_ID),
        (c"CLOCK_THREAD_CPUTIME_ID", libc::CLOCK_THREAD_CPUTIME_ID),
    ];
    #[cfg(any(target_os = "linux", target_os = "android"))]
    v.extend([
        (c"CLOCK_MONOTONIC_RAW", libc::CLOCK_MONOTONIC_RAW),
        (c"CLOCK_BOOTTIME", libc::CLOCK_BOOTTIME),
        (c"CLOCK_TAI", libc::CLOCK_TAI),
    ]);
    v
}

/// Makes the `time` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static table outlives the module;
    // every object is checked before use.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"time".as_ptr())) else {
            return ptr::null_mut();
        };
        if PyModule_SetDocString(m.as_ptr(), MODULE_DOC.as_ptr()) < 0
            || PyModule_AddFunctions(m.as_ptr(), METHODS.get().cast()) < 0
        {
            return ptr::null_mut();
        }
        for (name, clock) in clock_constants() {
            if PyModule_AddIntConstant(m.as_ptr(), name.as_ptr(), clock as c_long) < 0 {
                return ptr::null_mut();
            }
        }
        tzset();
        if init_timezone(m.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        let ty = struct_time_type();
        if ty.is_null()
            || PyModule_AddObjectRef(m.as_ptr(), c"struct_time".as_ptr(), ty.cast()) < 0
            || PyModule_AddIntConstant(m.as_ptr(), c"_STRUCT_TM_ITEMS".as_ptr(), 11) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clock built from a kernel thread id is the one glibc gives for
    /// that thread, on this thread and on another.
    #[test]
    fn thread_cpu_clock_is_glibcs() {
        let glibc = || {
            let mut clk: libc::clockid_t = 0;
            // SAFETY: this thread's own, live pthread_t; a writable clock id.
            assert_eq!(
                unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut clk) },
                0
            );
            clk
        };
        // SAFETY: gettid has no preconditions.
        let ours = || thread_cpu_clock(unsafe { libc::gettid() } as std::ffi::c_ulong);
        assert_eq!(ours(), glibc());
        let (a, b) = std::thread::spawn(move || (ours(), glibc()))
            .join()
            .unwrap();
        assert_eq!(a, b);
    }
}
