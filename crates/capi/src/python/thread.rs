//! OS threads, locks and thread-specific storage (CPython's
//! `Python/thread.c` and `Python/thread_pthread.h`): `PyThread_*`.
//!
//! ## Design
//!
//! 1. *Locks are binary semaphores*, as CPython's: any thread may release a
//!    lock another thread acquired (C code hands locks between threads).
//!    They are a `Mutex<bool>` (locked) and a `Condvar`, so waits with a
//!    timeout use the monotonic clock. Waits are never interrupted by
//!    signals, so `PY_LOCK_INTR` is never returned.
//! 2. *Releasing an unlocked lock leaves it unlocked* (stricter: CPython's
//!    semaphore would count up and later admit two holders at once).
//! 3. *Thread-specific storage* is pthread keys (TLS indexes on Windows),
//!    as in CPython; a `Py_tss_t`
//!    that was never created reads as NULL and refuses `set` (stricter:
//!    CPython passes its zeroed key to pthread, which may be another
//!    library's key).
//! 4. *Threads* are detached pthreads (Win32 threads on Windows) with
//!    CPython's stack-size setting.
//! 5. *The OS layer* (`mod os`) is the only platform-specific code: one
//!    implementation per OS family, the same functions each.

use std::ffi::{c_int, c_ulong, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::ffi::*;

// ==========================================================================
// Thread identity and creation
// ==========================================================================

/// `PyThread_init_thread()`: nothing to initialise (the pthread
/// implementation needs no set-up).
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_init_thread() {}

/// `PyThread_get_thread_ident()`: the calling thread's `pthread_self()`
/// (`GetCurrentThreadId()` on Windows), as CPython returns it. Never 0.
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_get_thread_ident() -> c_ulong {
    os::ident()
}

/// `PyThread_get_thread_native_id()`: the kernel's id of the calling thread
/// (`gettid()` on Linux, `pthread_threadid_np()` on macOS,
/// `GetCurrentThreadId()` on Windows; pythread.h declares it exactly there,
/// with `PY_HAVE_THREAD_NATIVE_ID`).
#[cfg(any(target_os = "linux", target_os = "macos", windows))]
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_get_thread_native_id() -> c_ulong {
    os::native_id()
}

/// The stack size new threads get (0: the system's default), as
/// `threading.stack_size()` sets it.
static STACK_SIZE: AtomicUsize = AtomicUsize::new(0);

/// CPython's `THREAD_STACK_MIN` (`THREAD_MIN_STACKSIZE` on Windows): the
/// smallest stack size it accepts.
const THREAD_STACK_MIN: usize = 0x8000;

/// `PyThread_get_stacksize()`: the stack size for new threads; 0 means the
/// system default.
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_get_stacksize() -> usize {
    STACK_SIZE.load(Ordering::Relaxed)
}

/// `PyThread_set_stacksize(size)`: 0 on success (0 restores the default),
/// -1 for a size below the minimum or one the OS refuses.
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_set_stacksize(size: usize) -> c_int {
    if size == 0 {
        STACK_SIZE.store(0, Ordering::Relaxed);
        return 0;
    }
    if size < THREAD_STACK_MIN || !os::stack_size_ok(size) {
        return -1;
    }
    STACK_SIZE.store(size, Ordering::Relaxed);
    0
}

/// What a new thread runs.
struct Start {
    func: unsafe extern "C" fn(*mut c_void),
    arg: *mut c_void,
}

/// Runs the `Start` that `PyThread_start_new_thread` leaked for this thread.
///
/// # Safety
/// `start` must be that leaked Box, taken once.
unsafe fn run_start(start: *mut c_void) {
    // SAFETY: the Box leaked by PyThread_start_new_thread for this thread.
    let Start { func, arg } = *unsafe { Box::from_raw(start.cast::<Start>()) };
    // SAFETY: the caller's function with the caller's argument.
    unsafe { func(arg) };
}

/// `PyThread_start_new_thread(func, arg)`: runs `func(arg)` on a new,
/// detached thread and returns its ident (what `PyThread_get_thread_ident`
/// returns there), or `PYTHREAD_INVALID_THREAD_ID` when no thread could be
/// started. The new thread does not hold the GIL.
///
/// # Safety
/// `func` must be safe to call with `arg` on another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_start_new_thread(
    func: Option<unsafe extern "C" fn(*mut c_void)>,
    arg: *mut c_void,
) -> c_ulong {
    let Some(func) = func else {
        return PYTHREAD_INVALID_THREAD_ID;
    };
    let start = Box::into_raw(Box::new(Start { func, arg }));
    // SAFETY: on success the new thread owns `start` (run_start takes it).
    match unsafe { os::start(start.cast::<c_void>(), PyThread_get_stacksize()) } {
        Some(ident) => ident,
        None => {
            // SAFETY: no thread was created, so the Box is still ours.
            drop(unsafe { Box::from_raw(start) });
            PYTHREAD_INVALID_THREAD_ID
        }
    }
}

// ==========================================================================
// Locks
// ==========================================================================

/// A lock: a binary semaphore any thread may release.
struct Lock {
    locked: Mutex<bool>,
    released: Condvar,
}

impl Lock {
    fn state(&self) -> std::sync::MutexGuard<'_, bool> {
        self.locked.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Acquires, waiting up to `timeout` (None: forever).
    fn acquire(&self, timeout: Option<Duration>) -> bool {
        let mut locked = self.state();
        match timeout {
            None => {
                while *locked {
                    locked = self
                        .released
                        .wait(locked)
                        .unwrap_or_else(|e| e.into_inner());
                }
            }
            Some(limit) => {
                let deadline = Instant::now().checked_add(limit);
                while *locked {
                    let left = match deadline {
                        Some(d) => d.saturating_duration_since(Instant::now()),
                        None => Duration::MAX,
                    };
                    if left.is_zero() {
                        return false;
                    }
                    locked = self
                        .released
                        .wait_timeout(locked, left)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            }
        }
        *locked = true;
        true
    }

    fn release(&self) {
        let mut locked = self.state();
        *locked = false;
        // Notified before the mutex is let go: once a waiter can take the
        // lock, this thread no longer touches it, so the lock may be freed.
        self.released.notify_one();
        drop(locked);
    }
}

/// `PyThread_allocate_lock()`: a new, unlocked lock (never NULL short of
/// running out of memory, which aborts).
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_allocate_lock() -> PyThread_type_lock {
    Box::into_raw(Box::new(Lock {
        locked: Mutex::new(false),
        released: Condvar::new(),
    }))
    .cast()
}

/// `PyThread_free_lock(lock)`: frees a lock; NULL is ignored.
///
/// # Safety
/// `lock` must be NULL or a lock from `PyThread_allocate_lock` that no
/// thread waits on or uses afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_free_lock(lock: PyThread_type_lock) {
    if !lock.is_null() {
        // SAFETY: allocated by PyThread_allocate_lock, unused per the contract.
        drop(unsafe { Box::from_raw(lock.cast::<Lock>()) });
    }
}

/// `PyThread_acquire_lock(lock, waitflag)`: 1 when acquired, 0 when
/// `waitflag` is 0 and the lock is taken.
///
/// # Safety
/// `lock` must be a live lock from `PyThread_allocate_lock`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_acquire_lock(lock: PyThread_type_lock, waitflag: c_int) -> c_int {
    let timeout = if waitflag != 0 { -1 } else { 0 };
    // SAFETY: forwarded contract.
    (unsafe { PyThread_acquire_lock_timed(lock, timeout, 0) } == PY_LOCK_ACQUIRED) as c_int
}

/// `PyThread_acquire_lock_timed(lock, microseconds, intr_flag)`: waits
/// forever for a negative timeout, not at all for 0, else up to
/// `microseconds`. `PY_LOCK_ACQUIRED` or `PY_LOCK_FAILURE`.
///
/// # Safety
/// `lock` must be a live lock from `PyThread_allocate_lock`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_acquire_lock_timed(
    lock: PyThread_type_lock,
    microseconds: PY_TIMEOUT_T,
    _intr_flag: c_int,
) -> PyLockStatus {
    // SAFETY: a live lock per the contract.
    let lock = unsafe { &*lock.cast::<Lock>() };
    let timeout = u64::try_from(microseconds).ok().map(Duration::from_micros);
    if lock.acquire(timeout) {
        PY_LOCK_ACQUIRED
    } else {
        PY_LOCK_FAILURE
    }
}

/// `PyThread_release_lock(lock)`: unlocks; any thread may release.
///
/// # Safety
/// `lock` must be a live lock from `PyThread_allocate_lock`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_release_lock(lock: PyThread_type_lock) {
    // SAFETY: a live lock per the contract.
    unsafe { &*lock.cast::<Lock>() }.release();
}

// ==========================================================================
// Thread-specific storage
// ==========================================================================

/// `PyThread_tss_alloc()`: a new, not yet created key (NULL when out of
/// memory).
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_tss_alloc() -> *mut Py_tss_t {
    Box::into_raw(Box::new(Py_tss_t {
        _is_initialized: 0,
        _key: 0,
    }))
}

/// `PyThread_tss_free(key)`: deletes the key and frees it; NULL is ignored.
///
/// # Safety
/// `key` must be NULL or from `PyThread_tss_alloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_tss_free(key: *mut Py_tss_t) {
    if !key.is_null() {
        // SAFETY: a live key per the contract, freed once.
        unsafe {
            PyThread_tss_delete(key);
            drop(Box::from_raw(key));
        }
    }
}

/// `PyThread_tss_is_created(key)`: 1 once created.
///
/// # Safety
/// `key` must point to a `Py_tss_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_tss_is_created(key: *mut Py_tss_t) -> c_int {
    // SAFETY: readable per the contract.
    (!key.is_null() && unsafe { (*key)._is_initialized } != 0) as c_int
}

/// `PyThread_tss_create(key)`: creates the key (0), once; -1 when the
/// system has no key left.
///
/// # Safety
/// `key` must point to a `Py_tss_t` (e.g. initialised with
/// `Py_tss_NEEDS_INIT`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_tss_create(key: *mut Py_tss_t) -> c_int {
    if key.is_null() {
        return -1;
    }
    // SAFETY: a valid key per the contract.
    unsafe {
        if (*key)._is_initialized != 0 {
            return 0;
        }
        let Some(native) = os::key_create() else {
            return -1;
        };
        (*key)._key = native;
        (*key)._is_initialized = 1;
    }
    0
}

/// `PyThread_tss_delete(key)`: deletes a created key; others are skipped.
///
/// # Safety
/// `key` must point to a `Py_tss_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_tss_delete(key: *mut Py_tss_t) {
    // SAFETY: a valid key per the contract.
    unsafe {
        if key.is_null() || (*key)._is_initialized == 0 {
            return;
        }
        os::key_delete((*key)._key);
        (*key)._is_initialized = 0;
    }
}

/// `PyThread_tss_set(key, value)`: sets this thread's value; 0 on success,
/// -1 for a key that was not created.
///
/// # Safety
/// `key` must point to a `Py_tss_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_tss_set(key: *mut Py_tss_t, value: *mut c_void) -> c_int {
    // SAFETY: a valid key per the contract.
    unsafe {
        if key.is_null() || (*key)._is_initialized == 0 {
            return -1;
        }
        if os::key_set((*key)._key, value) {
            0
        } else {
            -1
        }
    }
}

/// `PyThread_tss_get(key)`: this thread's value (NULL if unset or the key
/// was not created).
///
/// # Safety
/// `key` must point to a `Py_tss_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_tss_get(key: *mut Py_tss_t) -> *mut c_void {
    // SAFETY: a valid key per the contract.
    unsafe {
        if key.is_null() || (*key)._is_initialized == 0 {
            return std::ptr::null_mut();
        }
        os::key_get((*key)._key)
    }
}

// ==========================================================================
// The deprecated TLS API (int keys)
// ==========================================================================

/// `PyThread_create_key()`: a new pthread key as an int, or -1.
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_create_key() -> c_int {
    let Some(key) = os::key_create() else {
        return -1;
    };
    match c_int::try_from(key) {
        Ok(k) => k,
        Err(_) => {
            // SAFETY: the key just created.
            unsafe { os::key_delete(key) };
            -1
        }
    }
}

/// `PyThread_delete_key(key)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_delete_key(key: c_int) {
    if let Ok(k) = NATIVE_TSS_KEY_T::try_from(key) {
        // SAFETY: deleting an invalid key only reports an error.
        unsafe { os::key_delete(k) };
    }
}

/// `PyThread_delete_key_value(key)`: clears this thread's value.
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_delete_key_value(key: c_int) {
    if let Ok(k) = NATIVE_TSS_KEY_T::try_from(key) {
        // SAFETY: an invalid key only reports an error.
        unsafe { os::key_set(k, std::ptr::null_mut()) };
    }
}

/// `PyThread_set_key_value(key, value)`: 0 on success, -1 on failure.
///
/// # Safety
/// `value` is stored, not read.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThread_set_key_value(key: c_int, value: *mut c_void) -> c_int {
    let Ok(k) = NATIVE_TSS_KEY_T::try_from(key) else {
        return -1;
    };
    // SAFETY: an invalid key only reports an error.
    if unsafe { os::key_set(k, value) } {
        0
    } else {
        -1
    }
}

/// `PyThread_get_key_value(key)`: this thread's value, or NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_get_key_value(key: c_int) -> *mut c_void {
    match NATIVE_TSS_KEY_T::try_from(key) {
        // SAFETY: an invalid key gives NULL.
        Ok(k) => unsafe { os::key_get(k) },
        Err(_) => std::ptr::null_mut(),
    }
}

/// `PyThread_ReInitTLS()`: nothing to do after `fork()` with pthread keys
/// (as in CPython).
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_ReInitTLS() {}

// ==========================================================================
// PyThread_GetInfo
// ==========================================================================

/// The C library's thread implementation and version, as CPython reads it
/// for `sys.thread_info.version`: glibc's `confstr(_CS_GNU_LIBPTHREAD_VERSION)`
/// (such as "NPTL 2.36"); None where there is no such setting.
pub(crate) fn pthread_version() -> Option<String> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let mut buf = [0u8; 255];
        // SAFETY: `buf` is writable for its length; confstr writes at most
        // that many bytes, NUL included, and returns the full length
        // needed (0 for an unknown name).
        let len = unsafe {
            libc::confstr(
                libc::_CS_GNU_LIBPTHREAD_VERSION,
                buf.as_mut_ptr().cast(),
                buf.len(),
            )
        };
        // CPython keeps the value only when it fit (len counts the NUL).
        if len > 1 && len < buf.len() {
            return Some(String::from_utf8_lossy(&buf[..len - 1]).into_owned());
        }
    }
    None
}

/// `PyThread_GetInfo()`: a new `sys.thread_info` (name, lock, version).
///
/// Fails (NULL) with `MemoryError`. The caller holds the GIL.
#[unsafe(no_mangle)]
pub extern "C" fn PyThread_GetInfo() -> *mut PyObject {
    crate::python::sysmodule::thread_info()
}

// ==========================================================================
// The OS layer: pthreads on Unix, the Win32 API on Windows
// ==========================================================================

/// Unix: pthreads, as CPython's `thread_pthread.h`.
#[cfg(unix)]
mod os {
    use super::run_start;
    use crate::ffi::NATIVE_TSS_KEY_T;
    use std::ffi::{c_ulong, c_void};
    use std::mem::MaybeUninit;

    pub(super) fn ident() -> c_ulong {
        // SAFETY: pthread_self has no preconditions.
        unsafe { libc::pthread_self() as c_ulong }
    }

    #[cfg(target_os = "linux")]
    pub(super) fn native_id() -> c_ulong {
        // SAFETY: gettid has no preconditions.
        unsafe { libc::gettid() as c_ulong }
    }

    #[cfg(target_os = "macos")]
    pub(super) fn native_id() -> c_ulong {
        let mut id = 0u64;
        // SAFETY: a null thread means the calling one; writes `id`.
        unsafe { libc::pthread_threadid_np(0, &mut id) };
        id as c_ulong
    }

    /// Whether pthread accepts `size` as a thread's stack size.
    pub(super) fn stack_size_ok(size: usize) -> bool {
        if size < libc::PTHREAD_STACK_MIN {
            return false;
        }
        let mut attrs = MaybeUninit::<libc::pthread_attr_t>::uninit();
        // SAFETY: initialise, try the size, destroy: the attributes never
        // escape.
        unsafe {
            if libc::pthread_attr_init(attrs.as_mut_ptr()) != 0 {
                return false;
            }
            let rc = libc::pthread_attr_setstacksize(attrs.as_mut_ptr(), size);
            libc::pthread_attr_destroy(attrs.as_mut_ptr());
            rc == 0
        }
    }

    extern "C" fn thread_main(start: *mut c_void) -> *mut c_void {
        // SAFETY: `start` was handed to this thread alone by `start`.
        unsafe { run_start(start) };
        std::ptr::null_mut()
    }

    /// Starts a detached thread running `run_start(start)` with `stack`
    /// bytes of stack (0: the default); its ident, or None (then `start`
    /// was not taken).
    ///
    /// # Safety
    /// `start` must be a `Start` Box that the new thread may own.
    pub(super) unsafe fn start(start: *mut c_void, stack: usize) -> Option<c_ulong> {
        let mut attrs = MaybeUninit::<libc::pthread_attr_t>::uninit();
        // SAFETY: initialised here, destroyed below on every path.
        if unsafe { libc::pthread_attr_init(attrs.as_mut_ptr()) } != 0 {
            return None;
        }
        // SAFETY: initialised attributes.
        if stack != 0 && unsafe { libc::pthread_attr_setstacksize(attrs.as_mut_ptr(), stack) } != 0
        {
            // SAFETY: as above.
            unsafe { libc::pthread_attr_destroy(attrs.as_mut_ptr()) };
            return None;
        }
        let mut th = MaybeUninit::<libc::pthread_t>::uninit();
        // SAFETY: valid attributes; `thread_main` takes ownership of `start`.
        let rc =
            unsafe { libc::pthread_create(th.as_mut_ptr(), attrs.as_ptr(), thread_main, start) };
        // SAFETY: initialised above.
        unsafe { libc::pthread_attr_destroy(attrs.as_mut_ptr()) };
        if rc != 0 {
            return None;
        }
        // SAFETY: pthread_create succeeded and wrote the handle.
        let th = unsafe { th.assume_init() };
        // SAFETY: a joinable thread nobody joins.
        unsafe { libc::pthread_detach(th) };
        Some(th as c_ulong)
    }

    pub(super) fn key_create() -> Option<NATIVE_TSS_KEY_T> {
        let mut key: NATIVE_TSS_KEY_T = 0;
        // SAFETY: writes the new key.
        (unsafe { libc::pthread_key_create(&mut key, None) } == 0).then_some(key)
    }

    /// # Safety
    /// `key` must not be another library's key (an unknown key only
    /// returns EINVAL).
    pub(super) unsafe fn key_delete(key: NATIVE_TSS_KEY_T) {
        // SAFETY: per the contract.
        unsafe { libc::pthread_key_delete(key) };
    }

    /// # Safety
    /// As `key_delete`.
    pub(super) unsafe fn key_set(key: NATIVE_TSS_KEY_T, value: *mut c_void) -> bool {
        // SAFETY: per the contract.
        unsafe { libc::pthread_setspecific(key, value) == 0 }
    }

    /// # Safety
    /// As `key_delete` (an unknown key reads NULL).
    pub(super) unsafe fn key_get(key: NATIVE_TSS_KEY_T) -> *mut c_void {
        // SAFETY: per the contract.
        unsafe { libc::pthread_getspecific(key) }
    }
}

/// Windows: Win32 threads and TLS indexes, as CPython's `thread_nt.h`.
#[cfg(windows)]
mod os {
    use super::run_start;
    use crate::ffi::NATIVE_TSS_KEY_T;
    use std::ffi::{c_ulong, c_void};
    use windows_sys::Win32::Foundation::CloseHandle;
    use windows_sys::Win32::System::Threading::{
        CreateThread, GetCurrentThreadId, STACK_SIZE_PARAM_IS_A_RESERVATION, TLS_OUT_OF_INDEXES,
        TlsAlloc, TlsFree, TlsGetValue, TlsSetValue,
    };

    /// CPython's `THREAD_MAX_STACKSIZE` on Windows.
    const THREAD_MAX_STACKSIZE: usize = 0x1000_0000;

    pub(super) fn ident() -> c_ulong {
        // SAFETY: no preconditions.
        unsafe { GetCurrentThreadId() }
    }

    pub(super) fn native_id() -> c_ulong {
        ident()
    }

    pub(super) fn stack_size_ok(size: usize) -> bool {
        size <= THREAD_MAX_STACKSIZE
    }

    unsafe extern "system" fn thread_main(start: *mut c_void) -> u32 {
        // SAFETY: `start` was handed to this thread alone by `start`.
        unsafe { run_start(start) };
        0
    }

    /// As the Unix `start`.
    ///
    /// # Safety
    /// `start` must be a `Start` Box that the new thread may own.
    pub(super) unsafe fn start(start: *mut c_void, stack: usize) -> Option<c_ulong> {
        let mut id = 0u32;
        // SAFETY: `thread_main` takes ownership of `start`; `id` is written.
        let handle = unsafe {
            CreateThread(
                std::ptr::null(),
                stack,
                Some(thread_main),
                start,
                STACK_SIZE_PARAM_IS_A_RESERVATION,
                &mut id,
            )
        };
        if handle.is_null() {
            return None;
        }
        // SAFETY: our handle; the thread runs on detached.
        unsafe { CloseHandle(handle) };
        Some(id)
    }

    pub(super) fn key_create() -> Option<NATIVE_TSS_KEY_T> {
        // SAFETY: no preconditions.
        let key = unsafe { TlsAlloc() };
        (key != TLS_OUT_OF_INDEXES).then_some(key)
    }

    /// # Safety
    /// `key` must not be another library's index (an unknown index only
    /// fails).
    pub(super) unsafe fn key_delete(key: NATIVE_TSS_KEY_T) {
        // SAFETY: per the contract.
        unsafe { TlsFree(key) };
    }

    /// # Safety
    /// As `key_delete`.
    pub(super) unsafe fn key_set(key: NATIVE_TSS_KEY_T, value: *mut c_void) -> bool {
        // SAFETY: per the contract.
        unsafe { TlsSetValue(key, value) != 0 }
    }

    /// # Safety
    /// As `key_delete` (an unknown index reads NULL).
    pub(super) unsafe fn key_get(key: NATIVE_TSS_KEY_T) -> *mut c_void {
        // SAFETY: per the contract.
        unsafe { TlsGetValue(key) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    #[test]
    fn lock_is_released_by_another_thread() {
        let lock = PyThread_allocate_lock() as usize;
        let l = || lock as PyThread_type_lock;
        // SAFETY: a live lock throughout; freed at the end.
        unsafe {
            assert_eq!(PyThread_acquire_lock(l(), 1), 1);
            assert_eq!(PyThread_acquire_lock(l(), 0), 0);
            assert_eq!(PyThread_acquire_lock_timed(l(), 20_000, 0), PY_LOCK_FAILURE);
            let got = Arc::new(AtomicBool::new(false));
            let g = got.clone();
            let waiter = std::thread::spawn(move || {
                // SAFETY: the lock outlives the thread.
                let r = PyThread_acquire_lock_timed(lock as PyThread_type_lock, -1, 0);
                g.store(true, Ordering::SeqCst);
                r
            });
            std::thread::sleep(Duration::from_millis(20));
            assert!(!got.load(Ordering::SeqCst));
            std::thread::spawn(move || PyThread_release_lock(lock as PyThread_type_lock))
                .join()
                .unwrap();
            assert_eq!(waiter.join().unwrap(), PY_LOCK_ACQUIRED);
            PyThread_release_lock(l());
            PyThread_release_lock(l());
            assert_eq!(PyThread_acquire_lock(l(), 0), 1);
            assert_eq!(PyThread_acquire_lock(l(), 0), 0, "one release, one holder");
            PyThread_free_lock(l());
        }
    }

    #[test]
    fn tss_keys_are_per_thread() {
        let key = PyThread_tss_alloc();
        // SAFETY: a live key throughout.
        unsafe {
            assert_eq!(PyThread_tss_is_created(key), 0);
            assert!(PyThread_tss_get(key).is_null());
            assert_eq!(PyThread_tss_set(key, 3 as *mut c_void), -1);
            assert_eq!(PyThread_tss_create(key), 0);
            assert_eq!(PyThread_tss_create(key), 0);
            assert_eq!(PyThread_tss_set(key, 7 as *mut c_void), 0);
            let k = key as usize;
            std::thread::spawn(move || {
                let key = k as *mut Py_tss_t;
                assert!(PyThread_tss_get(key).is_null());
                assert_eq!(PyThread_tss_set(key, 9 as *mut c_void), 0);
                assert_eq!(PyThread_tss_get(key) as usize, 9);
            })
            .join()
            .unwrap();
            assert_eq!(PyThread_tss_get(key) as usize, 7);
            PyThread_tss_free(key);
        }
    }

    #[test]
    fn started_thread_reports_its_ident() {
        static SEEN: AtomicUsize = AtomicUsize::new(0);
        unsafe extern "C" fn run(done: *mut c_void) {
            SEEN.store(PyThread_get_thread_ident() as usize, Ordering::SeqCst);
            // SAFETY: the lock the test waits on.
            unsafe { PyThread_release_lock(done) };
        }
        let done = PyThread_allocate_lock();
        // SAFETY: a live lock; `run` releases it once.
        unsafe {
            PyThread_acquire_lock(done, 1);
            let ident = PyThread_start_new_thread(Some(run), done);
            assert_ne!(ident, PYTHREAD_INVALID_THREAD_ID);
            PyThread_acquire_lock(done, 1);
            assert_eq!(SEEN.load(Ordering::SeqCst) as c_ulong, ident);
            assert_ne!(ident, PyThread_get_thread_ident());
            PyThread_release_lock(done);
            PyThread_free_lock(done);
        }
        assert_eq!(PyThread_set_stacksize(100), -1);
        assert_eq!(PyThread_set_stacksize(1 << 20), 0);
        assert_eq!(PyThread_get_stacksize(), 1 << 20);
        assert_eq!(PyThread_set_stacksize(0), 0);
    }
}
