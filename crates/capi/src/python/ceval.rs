//! The recursion guard C code uses around calls that may recurse (CPython's
//! `Python/ceval.c`): `Py_EnterRecursiveCall`, `Py_LeaveRecursiveCall` and
//! `Py_GetRecursionLimit`; and the slice-index converters extensions call
//! from their own `PyArg_ParseTuple` "O&" formats (`_PyEval_SliceIndex`). The depth is the same per-thread count the
//! shim's own calls into slots keep ([`RecursionGuard`]), so recursion
//! through an extension and through the shim is bounded together, at
//! CPython's default limit of 1000 levels.

use std::collections::VecDeque;
use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::ffi::*;
use crate::objects::r#abstract::PyIndex_Check;
use crate::objects::exceptions::Exc;
use crate::objects::object::{
    RecursionGuard, leave_recursive_call, py_none, recursion_limit, set_recursion_limit, type_of,
};
use crate::objects::sliceobject::slice_index;
use crate::python::errors;

/// `Py_EnterRecursiveCall(where)`: 0 one level deeper, or, past the
/// limit, 1 (CPython's value: the `&&` of its two checks) with
/// `RecursionError("maximum recursion depth exceeded" + where)` and the
/// depth unchanged (as in CPython, no leave is owed then).
///
/// # Safety
/// `where_` must be NULL (read as "") or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_EnterRecursiveCall(where_: *const c_char) -> c_int {
    let suffix = if where_.is_null() {
        String::new()
    } else {
        // SAFETY: NUL-terminated per the contract.
        unsafe { CStr::from_ptr(where_) }
            .to_string_lossy()
            .into_owned()
    };
    match RecursionGuard::enter(&suffix) {
        Some(guard) => {
            // The level stays entered until Py_LeaveRecursiveCall.
            std::mem::forget(guard);
            0
        }
        None => 1,
    }
}

/// `Py_LeaveRecursiveCall()`: one level up.
#[unsafe(no_mangle)]
pub extern "C" fn Py_LeaveRecursiveCall() {
    leave_recursive_call();
}

/// `Py_GetRecursionLimit()`: the limit, 1000 unless `sys.setrecursionlimit`
/// or [`Py_SetRecursionLimit`] changed it.
#[unsafe(no_mangle)]
pub extern "C" fn Py_GetRecursionLimit() -> c_int {
    recursion_limit() as c_int
}

/// `Py_SetRecursionLimit(limit)`: sets the limit, unchecked as in CPython.
/// A limit of 0 or less makes every recursion check fail, as there.
#[unsafe(no_mangle)]
pub extern "C" fn Py_SetRecursionLimit(limit: c_int) {
    set_recursion_limit(limit.max(0) as u32);
}

/// `_PyEval_SliceIndex(v, &i)`: stores `v` as a slice index (an int or an
/// object with `__index__`, clamped to the `Py_ssize_t` range) and returns
/// 1; None leaves `*pi` alone and returns 1; anything else returns 0 with
/// `TypeError("slice indices must be integers or None or have an __index__
/// method")` (or the `__index__` error).
///
/// # Safety
/// `v` must be a live object and `pi` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyEval_SliceIndex(v: *mut PyObject, pi: *mut Py_ssize_t) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if v == py_none() {
            return 1;
        }
        match slice_index(v) {
            Ok(x) => {
                *pi = x;
                1
            }
            Err(()) => 0,
        }
    }
}

/// `_PyEval_SliceIndexNotNone(v, &i)`: `_PyEval_SliceIndex` without the
/// None case: anything without `__index__` (None too) raises
/// `TypeError("slice indices must be integers or have an __index__
/// method")`.
///
/// # Safety
/// `v` must be a live object and `pi` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyEval_SliceIndexNotNone(v: *mut PyObject, pi: *mut Py_ssize_t) -> c_int {
    // SAFETY: live per the contract.
    if unsafe { PyIndex_Check(v) } == 0 {
        errors::raise(
            Exc::TypeError,
            "slice indices must be integers or have an __index__ method",
        );
        return 0;
    }
    // SAFETY: per the contract.
    match unsafe { slice_index(v) } {
        Ok(x) => {
            // SAFETY: writable per the contract.
            unsafe { *pi = x };
            1
        }
        Err(()) => 0,
    }
}

// ==========================================================================
// The current frame's namespaces
// ==========================================================================
//
// No Python code runs here, so there is never a current frame: each answers
// as CPython 3.11 does when called with none (from C code a thread calls
// before running any Python).

/// `PyEval_GetBuiltins()`: the builtins namespace (borrowed): with no
/// frame, the interpreter's, which is the `builtins` module's dict. NULL
/// with the error only if making that module fails (MemoryError).
#[unsafe(no_mangle)]
pub extern "C" fn PyEval_GetBuiltins() -> *mut PyObject {
    match crate::python::import::loaded_module("builtins") {
        // SAFETY: the live module; the module registry keeps it (and so
        // its dict) alive after this reference goes, so the borrowed dict
        // outlives the call.
        Some(m) => unsafe { crate::objects::moduleobject::PyModule_GetDict(m.as_ptr()) },
        None => std::ptr::null_mut(),
    }
}

/// `PyEval_GetGlobals()`: the current frame's globals (borrowed): NULL
/// with no exception set, as there is no frame.
#[unsafe(no_mangle)]
pub extern "C" fn PyEval_GetGlobals() -> *mut PyObject {
    std::ptr::null_mut()
}

/// `PyEval_GetLocals()`: the current frame's locals: with no frame, NULL
/// with `SystemError("frame does not exist")`, CPython's answer.
#[unsafe(no_mangle)]
pub extern "C" fn PyEval_GetLocals() -> *mut PyObject {
    errors::raise(Exc::SystemError, "frame does not exist");
    std::ptr::null_mut()
}

// ==========================================================================
// Describing callables
// ==========================================================================

/// `PyEval_GetFuncName(func)`: the name C code puts in its messages: a
/// bound method's function's name, a built-in function's `ml_name`,
/// otherwise the name of `func`'s type (a class gives `"type"`), as
/// CPython's. There are no Python functions here (`PyFunction_Type` has
/// no instances), so CPython's branch for them never applies.
///
/// # Safety
/// `func` must be a live object; the text lives as long as it does.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyEval_GetFuncName(func: *mut PyObject) -> *const c_char {
    // SAFETY: a live object per the contract; a method holds a live
    // function, a built-in function its def.
    unsafe {
        let ty = type_of(func);
        if ty == crate::objects::classobject::PyMethod_Type.get() {
            return PyEval_GetFuncName(crate::objects::classobject::PyMethod_Function(func));
        }
        if crate::objects::methodobject::is_cfunction(func) {
            return (*(*func.cast::<PyCFunctionObject>()).m_ml).ml_name;
        }
        (*ty).tp_name
    }
}

/// `PyEval_GetFuncDesc(func)`: what follows that name in a message:
/// `"()"` for a method or built-in function, `" object"` otherwise.
///
/// # Safety
/// `func` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyEval_GetFuncDesc(func: *mut PyObject) -> *const c_char {
    // SAFETY: a live object per the contract.
    let callable = unsafe {
        type_of(func) == crate::objects::classobject::PyMethod_Type.get()
            || type_of(func) == crate::objects::funcobject::PyFunction_Type.get()
            || crate::objects::methodobject::is_cfunction(func)
    };
    if callable {
        c"()".as_ptr()
    } else {
        c" object".as_ptr()
    }
}

// ==========================================================================
// Pending calls
// ==========================================================================

/// A callback queued by [`Py_AddPendingCall`] (None: a NULL one) and its
/// argument (kept as an address so the queue can be shared between
/// threads).
type PendingCall = (Option<unsafe extern "C" fn(*mut c_void) -> c_int>, usize);

/// CPython's `NPENDINGCALLS`: its ring buffer has 32 slots, and one pass of
/// `Py_MakePendingCalls` makes at most this many calls.
const NPENDINGCALLS: usize = 32;

/// The ring keeps one slot free to tell full from empty: at most 31 calls
/// wait at a time.
const MAX_PENDING_CALLS: usize = NPENDINGCALLS - 1;

/// The queued calls, oldest first.
static PENDING_CALLS: Mutex<VecDeque<PendingCall>> = Mutex::new(VecDeque::new());

/// Set while [`Py_MakePendingCalls`] runs the queue, so that a callback that
/// calls it again returns at once instead of recursing (CPython's `busy`).
static RUNNING_PENDING_CALLS: AtomicBool = AtomicBool::new(false);

/// The thread that initialized the library (0: not yet), the only one that
/// runs pending calls, as CPython's main thread.
static MAIN_THREAD: AtomicU64 = AtomicU64::new(0);

/// Records the calling thread as the main thread (`Py_Initialize` calls
/// this, as CPython's runtime initialization records `main_thread`).
pub(crate) fn note_main_thread() {
    MAIN_THREAD.store(
        crate::python::thread::PyThread_get_thread_ident() as u64,
        Ordering::SeqCst,
    );
}

fn pending_calls() -> std::sync::MutexGuard<'static, VecDeque<PendingCall>> {
    PENDING_CALLS.lock().unwrap_or_else(|e| e.into_inner())
}

/// The pending-call queue held across a `fork()` (from `PyOS_BeforeFork`),
/// so that no thread is queueing a call while the process is copied.
pub(crate) struct PendingForkLock(
    #[allow(dead_code)] std::sync::MutexGuard<'static, VecDeque<PendingCall>>,
);

/// Locks the pending-call queue for a fork.
pub(crate) fn lock_pending_for_fork() -> PendingForkLock {
    PendingForkLock(pending_calls())
}

/// [`lock_pending_for_fork`] without waiting: None when another thread
/// holds it (in a child, one that no longer exists).
pub(crate) fn try_lock_pending_for_fork() -> Option<PendingForkLock> {
    match PENDING_CALLS.try_lock() {
        Ok(g) => Some(PendingForkLock(g)),
        Err(std::sync::TryLockError::Poisoned(e)) => Some(PendingForkLock(e.into_inner())),
        Err(std::sync::TryLockError::WouldBlock) => None,
    }
}

/// In a forked child: the calling thread (the only one) becomes the main
/// thread, which runs pending calls and handles signals, and simulated
/// signals pending in the parent are forgotten (CPython's
/// `_PyRuntimeState_ReInitThreads` and `_PySignal_AfterFork`). Queued
/// pending calls stay queued, as in CPython.
pub(crate) fn reinit_main_thread_after_fork() {
    SIGINT_TRIPPED.store(false, Ordering::SeqCst);
    note_main_thread();
}

/// `Py_AddPendingCall(func, arg)`: queues `func(arg)` for the main thread
/// to run at its next [`Py_MakePendingCalls`]; callable from any thread,
/// with or without the GIL. 0, or -1 (nothing queued, no exception) when
/// 31 calls are already waiting, as CPython's fixed-size queue. A NULL
/// `func` is queued too and, as in CPython, ends the pass that reaches it.
#[unsafe(no_mangle)]
pub extern "C" fn Py_AddPendingCall(
    func: Option<unsafe extern "C" fn(*mut c_void) -> c_int>,
    arg: *mut c_void,
) -> c_int {
    let mut queue = pending_calls();
    if queue.len() >= MAX_PENDING_CALLS {
        return -1;
    }
    queue.push_back((func, arg as usize));
    0
}

/// `Py_MakePendingCalls()`: handles pending signals ([`PyErr_CheckSignals`]),
/// then, on the main thread only, runs the queued
/// calls in order, at most 32 (calls queued meanwhile included; the rest
/// wait for the next pass), as CPython's `make_pending_calls`. A call
/// returning nonzero stops the run, which returns what it returned, with
/// whatever exception it set, and the calls after it left queued; a NULL
/// callback also ends the pass (with 0). 0 otherwise, including on another
/// thread and when called from inside a pending call. The caller holds
/// the GIL.
#[unsafe(no_mangle)]
pub extern "C" fn Py_MakePendingCalls() -> c_int {
    if PyErr_CheckSignals() != 0 {
        return -1;
    }
    if !on_main_thread() {
        return 0;
    }
    run_pending_calls()
}

/// Whether the caller is the main thread (the one that initialized the
/// library), the only one that handles signals and runs pending calls.
fn on_main_thread() -> bool {
    let main = MAIN_THREAD.load(Ordering::SeqCst);
    main != 0 && crate::python::thread::PyThread_get_thread_ident() as u64 == main
}

/// Runs up to [`NPENDINGCALLS`] queued calls in order (the main thread's
/// part of [`Py_MakePendingCalls`]): 0, or the nonzero result of the first
/// that fails; 0 at once when already running.
fn run_pending_calls() -> c_int {
    if RUNNING_PENDING_CALLS.swap(true, Ordering::SeqCst) {
        return 0;
    }
    let mut res = 0;
    for _ in 0..NPENDINGCALLS {
        // The lock is released before the call, which may queue more.
        let next = pending_calls().pop_front();
        let Some((Some(func), arg)) = next else {
            // The queue is empty, or this entry was a NULL callback,
            // which CPython takes for the end of the queue.
            break;
        };
        // SAFETY: a callback and argument its caller queued for exactly
        // this call, on the main thread holding the GIL (the contract of
        // Py_AddPendingCall).
        res = unsafe { func(arg as *mut c_void) };
        if res != 0 {
            break;
        }
    }
    RUNNING_PENDING_CALLS.store(false, Ordering::SeqCst);
    res
}

// ==========================================================================
// Signals (CPython's Modules/signalmodule.c, the C API part)
// ==========================================================================
//
// Node owns the process's signal handlers, and no Python-level handler
// exists, so no real signal is ever pending. What C code can still do is
// what CPython's embedded runtime allows: simulate one with
// `PyErr_SetInterruptEx`. SIGINT's handler is then `default_int_handler`
// (KeyboardInterrupt at the main thread's next check); every other signal
// has the default or the ignore disposition, which CPython does not trip.

/// CPython's `Py_NSIG`, one past the highest signal number: `_NSIG` on
/// Linux (64 signals), `NSIG` on macOS (31) and Windows (22).
#[cfg(not(any(target_os = "macos", windows)))]
const NSIG: c_int = 65;
#[cfg(target_os = "macos")]
const NSIG: c_int = 32;
#[cfg(windows)]
const NSIG: c_int = 23;

/// Whether a simulated SIGINT waits for the main thread.
static SIGINT_TRIPPED: AtomicBool = AtomicBool::new(false);

/// `PyErr_SetInterruptEx(signum)`: simulates the arrival of signal
/// `signum`: SIGINT makes the main thread's next [`PyErr_CheckSignals`]
/// raise `KeyboardInterrupt`; other signals, whose Python handler is the
/// default or ignore one, have no effect. 0, or -1 (no exception) for a
/// number outside 1..NSIG (1 to 64 on Linux), as CPython's. Callable from
/// any thread, with or without the GIL.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_SetInterruptEx(signum: c_int) -> c_int {
    if !(1..NSIG).contains(&signum) {
        return -1;
    }
    if signum == libc::SIGINT {
        SIGINT_TRIPPED.store(true, Ordering::SeqCst);
    }
    0
}

/// `PyErr_SetInterrupt()`: `PyErr_SetInterruptEx(SIGINT)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_SetInterrupt() {
    PyErr_SetInterruptEx(libc::SIGINT);
}

/// `PyErr_CheckSignals()`: on the main thread, runs the handler of a
/// simulated SIGINT: -1 with `KeyboardInterrupt` (once per interrupt).
/// 0 when none is pending, and always on other threads, where the
/// interrupt waits for the main thread, as in CPython.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_CheckSignals() -> c_int {
    // The common case, nothing pending, is one load: repr() and str()
    // check first thing, as CPython's do.
    if !SIGINT_TRIPPED.load(Ordering::Relaxed)
        || !on_main_thread()
        || !SIGINT_TRIPPED.swap(false, Ordering::SeqCst)
    {
        return 0;
    }
    // SAFETY: the caller holds the GIL, as PyErr_CheckSignals requires.
    unsafe { errors::PyErr_SetNone(Exc::KeyboardInterrupt.type_object()) };
    -1
}

/// `PyOS_InterruptOccurred()`: on the main thread, 1 when a simulated
/// SIGINT is pending, which it consumes (so no `KeyboardInterrupt`
/// follows); 0 otherwise and on other threads.
#[unsafe(no_mangle)]
pub extern "C" fn PyOS_InterruptOccurred() -> c_int {
    c_int::from(on_main_thread() && SIGINT_TRIPPED.swap(false, Ordering::SeqCst))
}

#[cfg(test)]
mod pending_call_tests {
    use super::*;
    use std::sync::atomic::AtomicI32;

    static SUM: AtomicI32 = AtomicI32::new(0);

    unsafe extern "C" fn add(arg: *mut c_void) -> c_int {
        SUM.fetch_add(arg.addr() as i32, Ordering::SeqCst);
        0
    }

    unsafe extern "C" fn fail(_arg: *mut c_void) -> c_int {
        -1
    }

    #[test]
    fn queued_calls_run_in_order_and_stop_at_a_failure() {
        // (The main-thread check is Py_MakePendingCalls'; another test may
        // initialize the library from its own thread, so this one runs the
        // queue directly.)
        pending_calls().clear();
        SUM.store(0, Ordering::SeqCst);
        assert_eq!(
            Py_AddPendingCall(Some(add), std::ptr::without_provenance_mut(1)),
            0
        );
        assert_eq!(Py_AddPendingCall(Some(fail), std::ptr::null_mut()), 0);
        assert_eq!(
            Py_AddPendingCall(Some(add), std::ptr::without_provenance_mut(10)),
            0
        );
        assert_eq!(run_pending_calls(), -1);
        assert_eq!(SUM.load(Ordering::SeqCst), 1);
        assert_eq!(run_pending_calls(), 0);
        assert_eq!(SUM.load(Ordering::SeqCst), 11);
        assert_eq!(run_pending_calls(), 0);
        assert_eq!(SUM.load(Ordering::SeqCst), 11);
        // The queue holds 31 calls.
        for _ in 0..MAX_PENDING_CALLS {
            assert_eq!(Py_AddPendingCall(Some(add), std::ptr::null_mut()), 0);
        }
        assert_eq!(Py_AddPendingCall(Some(add), std::ptr::null_mut()), -1);
        pending_calls().clear();
        // A NULL callback ends the pass; what follows it waits.
        SUM.store(0, Ordering::SeqCst);
        assert_eq!(Py_AddPendingCall(None, std::ptr::null_mut()), 0);
        assert_eq!(
            Py_AddPendingCall(Some(add), std::ptr::without_provenance_mut(2)),
            0
        );
        assert_eq!(run_pending_calls(), 0);
        assert_eq!(SUM.load(Ordering::SeqCst), 0);
        assert_eq!(run_pending_calls(), 0);
        assert_eq!(SUM.load(Ordering::SeqCst), 2);
    }
}
