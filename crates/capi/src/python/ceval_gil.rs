//! The global interpreter lock (CPython's `Python/ceval_gil.h` and the
//! `PyEval_*` thread functions of `Python/ceval.c`).
//!
//! ## Design
//!
//! 1. *One process-wide lock.* Extension code assumes that it runs alone
//!    unless it released the GIL (`Py_BEGIN_ALLOW_THREADS`), so every entry
//!    into extension code holds this lock: C drivers after `Py_Initialize`,
//!    foreign threads through `PyGILState_Ensure`, the Node layer through
//!    [`crate::python::pystate::Guard`]. The buffer-core functions do not
//!    need it (atomic refcounts, a per-thread error indicator).
//! 2. *FIFO hand-over.* Waiters take tickets and the lock is handed to them
//!    in order. CPython forces a switch only from its eval loop; without one,
//!    a thread that drops the GIL around short pieces of work and takes it
//!    straight back would otherwise starve the others.
//! 3. *The current thread state* is one process-wide pointer, as CPython's
//!    `_PyRuntime.gilstate.tstate_current`: the state of the thread holding
//!    the GIL, or NULL. `PyEval_SaveThread` clears it and drops the lock,
//!    `PyEval_RestoreThread` takes the lock and sets it.
//! 4. *Misuse is fatal*, with CPython's messages (`Py_FatalError`): saving
//!    without holding the GIL, restoring a NULL state, releasing a GIL that
//!    is not locked. Stricter than CPython, which hangs or corrupts: a thread
//!    that asks for the GIL it already holds, or drops a GIL another thread
//!    holds, also stops with a fatal error naming the mistake.

use std::ffi::c_int;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

use crate::ffi::PyThreadState;
use crate::python::pylifecycle::{fatal_error, fatal_tstate_null};
use crate::python::thread::PyThread_get_thread_ident;

// ==========================================================================
// The lock
// ==========================================================================

/// The lock's state, behind a mutex.
struct GilState {
    /// The next ticket to hand out.
    next_ticket: u64,
    /// The ticket allowed to hold the lock; it is held while
    /// `next_ticket != serving`.
    serving: u64,
    /// `PyThread_get_thread_ident()` of the holder (0 when free).
    holder: std::ffi::c_ulong,
}

static GIL: Mutex<GilState> = Mutex::new(GilState {
    next_ticket: 0,
    serving: 0,
    holder: 0,
});
static GIL_CHANGED: Condvar = Condvar::new();

/// The state of the thread holding the GIL, or NULL.
static TSTATE_CURRENT: AtomicPtr<PyThreadState> = AtomicPtr::new(ptr::null_mut());

fn lock_state() -> MutexGuard<'static, GilState> {
    // A panic while the state mutex is held cannot leave it inconsistent
    // (every update is a single field store), so poisoning is ignored.
    GIL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Takes the GIL for the calling thread, waiting for its turn. `func`
/// names the API function for the fatal error a self-deadlock gives.
pub(crate) fn take_gil(func: &str) {
    let me = PyThread_get_thread_ident();
    let mut state = lock_state();
    if state.next_ticket != state.serving && state.holder == me {
        drop(state);
        fatal_error(
            Some(func),
            "this thread already holds the GIL (a PyGILState_Ensure or \
             Py_END_ALLOW_THREADS without the matching release)",
        );
    }
    let ticket = state.next_ticket;
    state.next_ticket += 1;
    while state.serving != ticket {
        state = GIL_CHANGED.wait(state).unwrap_or_else(|e| e.into_inner());
    }
    state.holder = me;
}

/// Releases the GIL held by the calling thread.
pub(crate) fn drop_gil() {
    let mut state = lock_state();
    if state.next_ticket == state.serving {
        drop(state);
        fatal_error(Some("drop_gil"), "GIL is not locked");
    }
    if state.holder != PyThread_get_thread_ident() {
        drop(state);
        fatal_error(Some("drop_gil"), "the GIL is held by another thread");
    }
    state.holder = 0;
    state.serving += 1;
    drop(state);
    GIL_CHANGED.notify_all();
}

/// True when the calling thread holds the GIL.
pub(crate) fn gil_held_by_me() -> bool {
    let state = lock_state();
    state.next_ticket != state.serving && state.holder == PyThread_get_thread_ident()
}

/// The current thread state (`_PyThreadState_GET()`): the GIL holder's, or
/// NULL.
pub(crate) fn current() -> *mut PyThreadState {
    TSTATE_CURRENT.load(Ordering::Acquire)
}

/// Sets the current thread state and returns the previous one
/// (`_PyThreadState_Swap`). The GIL is not touched.
pub(crate) fn swap_current(new: *mut PyThreadState) -> *mut PyThreadState {
    let old = TSTATE_CURRENT.swap(new, Ordering::AcqRel);
    // SAFETY: `new` is NULL or a live state the caller makes current on
    // its own thread (every caller holds, or is taking, the GIL).
    unsafe { crate::python::errors::follow_thread_state(new) };
    old
}

// ==========================================================================
// fork()
// ==========================================================================

/// The GIL's state mutex, held across a `fork()` (from `PyOS_BeforeFork`)
/// so that no other thread is inside it when the process is copied: a
/// child would find it locked by a thread it does not have.
pub(crate) struct GilForkLock(MutexGuard<'static, GilState>);

/// Locks the GIL's state mutex for a fork. Threads waiting for the GIL
/// keep waiting (they wait on the condition variable, outside the mutex);
/// a thread about to take or drop it waits until the lock is released.
pub(crate) fn lock_for_fork() -> GilForkLock {
    GilForkLock(lock_state())
}

/// [`lock_for_fork`] without waiting: None when another thread holds the
/// mutex (in a child that was forked without `PyOS_BeforeFork`, a thread
/// that no longer exists).
pub(crate) fn try_lock_for_fork() -> Option<GilForkLock> {
    match GIL.try_lock() {
        Ok(g) => Some(GilForkLock(g)),
        Err(std::sync::TryLockError::Poisoned(e)) => Some(GilForkLock(e.into_inner())),
        Err(std::sync::TryLockError::WouldBlock) => None,
    }
}

impl GilForkLock {
    /// Whether the calling thread holds the GIL.
    pub(crate) fn held_by_me(&self) -> bool {
        self.0.next_ticket != self.0.serving && self.0.holder == PyThread_get_thread_ident()
    }

    /// In a forked child, whose only thread is the caller and holds the GIL
    /// ([`held_by_me`](Self::held_by_me)): forgets the tickets of the
    /// threads that were waiting in the parent, which do not exist here, so
    /// that the next release does not hand the GIL to one of them.
    pub(crate) fn reset_in_child(&mut self) {
        let state = &mut *self.0;
        state.next_ticket = state.serving + 1;
        state.holder = PyThread_get_thread_ident();
    }
}

// ==========================================================================
// C entry points
// ==========================================================================

/// `PyEval_InitThreads()`: nothing to do, as in CPython 3.9+ (the GIL always
/// exists).
#[unsafe(no_mangle)]
pub extern "C" fn PyEval_InitThreads() {}

/// `PyEval_ThreadsInitialized()`: 1, since the GIL always exists here
/// (CPython answers 1 once `Py_Initialize` created it).
#[unsafe(no_mangle)]
pub extern "C" fn PyEval_ThreadsInitialized() -> c_int {
    1
}

/// `PyEval_SaveThread()`: releases the GIL and returns the thread state,
/// which is no longer current (`Py_BEGIN_ALLOW_THREADS`).
///
/// Fatal error, as CPython, when the calling thread has no current thread
/// state (the GIL is not held).
#[unsafe(no_mangle)]
pub extern "C" fn PyEval_SaveThread() -> *mut PyThreadState {
    if current().is_null() || !gil_held_by_me() {
        fatal_tstate_null("PyEval_SaveThread");
    }
    let tstate = swap_current(ptr::null_mut());
    drop_gil();
    tstate
}

/// `PyEval_RestoreThread(tstate)`: takes the GIL (waiting for it) and makes
/// `tstate` current (`Py_END_ALLOW_THREADS`). Fatal error for a NULL
/// `tstate`.
///
/// # Safety
/// `tstate` must be a live thread state.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyEval_RestoreThread(tstate: *mut PyThreadState) {
    if tstate.is_null() {
        fatal_tstate_null("PyEval_RestoreThread");
    }
    take_gil("PyEval_RestoreThread");
    swap_current(tstate);
}

/// `PyEval_AcquireThread(tstate)`: takes the GIL and makes `tstate` current;
/// fatal error if another state was current.
///
/// # Safety
/// `tstate` must be a live thread state.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyEval_AcquireThread(tstate: *mut PyThreadState) {
    if tstate.is_null() {
        fatal_tstate_null("PyEval_AcquireThread");
    }
    take_gil("PyEval_AcquireThread");
    if !swap_current(tstate).is_null() {
        fatal_error(Some("PyEval_AcquireThread"), "non-NULL old thread state");
    }
}

/// `PyEval_ReleaseThread(tstate)`: makes no state current and releases the
/// GIL; fatal error if `tstate` was not the current state.
///
/// # Safety
/// `tstate` must be a live thread state.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyEval_ReleaseThread(tstate: *mut PyThreadState) {
    if swap_current(ptr::null_mut()) != tstate {
        fatal_error(Some("PyEval_ReleaseThread"), "wrong thread state");
    }
    drop_gil();
}
