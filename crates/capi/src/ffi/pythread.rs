//! `pythread.h` (with `cpython/pythread.h`): lock handles, lock statuses
//! and the thread-specific-storage key `Py_tss_t`, laid out as CPython's.

#![allow(non_camel_case_types)]

use std::ffi::{c_int, c_void};

/// `PyThread_type_lock`: an opaque lock handle.
pub type PyThread_type_lock = *mut c_void;

/// `PyLockStatus`, the result of `PyThread_acquire_lock_timed`.
pub type PyLockStatus = c_int;
/// The lock was not acquired in time.
pub const PY_LOCK_FAILURE: PyLockStatus = 0;
/// The lock was acquired.
pub const PY_LOCK_ACQUIRED: PyLockStatus = 1;
/// A signal interrupted the wait (never returned here: waits are not
/// interruptible by signals).
pub const PY_LOCK_INTR: PyLockStatus = 2;

/// `PY_TIMEOUT_T`: microseconds.
pub type PY_TIMEOUT_T = i64;
/// `PY_TIMEOUT_MAX` on POSIX: the largest timeout in microseconds.
pub const PY_TIMEOUT_MAX: PY_TIMEOUT_T = i64::MAX / 1000;

/// `PYTHREAD_INVALID_THREAD_ID`.
pub const PYTHREAD_INVALID_THREAD_ID: std::ffi::c_ulong = std::ffi::c_ulong::MAX;

/// `NATIVE_TSS_KEY_T`: the OS's thread-local key, a pthread key on Unix and
/// a `TlsAlloc` index (`DWORD`) on Windows, as in CPython.
#[cfg(unix)]
pub type NATIVE_TSS_KEY_T = libc::pthread_key_t;
/// `NATIVE_TSS_KEY_T`: the OS's thread-local key, a pthread key on Unix and
/// a `TlsAlloc` index (`DWORD`) on Windows, as in CPython.
#[cfg(windows)]
pub type NATIVE_TSS_KEY_T = u32;
#[cfg(not(any(unix, windows)))]
compile_error!("pybuffer's threads need pthreads (Unix) or the Win32 API (Windows)");

/// `Py_tss_t`: a thread-specific-storage key, statically allocatable with
/// `Py_tss_NEEDS_INIT` (all zero).
#[repr(C)]
#[derive(Debug)]
pub struct Py_tss_t {
    /// Nonzero once `PyThread_tss_create` succeeded.
    pub _is_initialized: c_int,
    /// The native key.
    pub _key: NATIVE_TSS_KEY_T,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn tss_key_matches_cpython_layout() {
        // An int, then the key at its own alignment.
        let key = size_of::<NATIVE_TSS_KEY_T>();
        assert_eq!(offset_of!(Py_tss_t, _key), key.max(4));
        assert_eq!(size_of::<Py_tss_t>(), 2 * key.max(4));
    }
}
