//! The recursion checks of CPython's `Python/ceval.c` that C code calls
//! around its own recursion (a JSON encoder walking nested containers):
//! `Py_EnterRecursiveCall` and `Py_LeaveRecursiveCall`. They share the
//! per-thread depth that pybuffer's own nested calls count
//! ([`RecursionGuard`]), as CPython's share the thread state's
//! `recursion_remaining`, with CPython's limit of 1000 levels.

use std::ffi::{CStr, c_char, c_int};

use crate::objects::object::{RecursionGuard, leave_recursion_level};

/// `Py_EnterRecursiveCall(where)`: enters one level of nesting; 0, or -1
/// with `RecursionError("maximum recursion depth exceeded<where>")` when the
/// thread is already 1000 levels deep (the level is then not entered).
///
/// Stricter than CPython (which formats NULL with "%s"): a NULL `where`
/// appends nothing.
///
/// # Safety
/// `where_` must be NULL or a NUL-terminated string.
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
        None => -1,
    }
}

/// `Py_LeaveRecursiveCall()`: leaves the level the last successful
/// `Py_EnterRecursiveCall` entered.
///
/// Stricter than CPython: a leave with no level entered does nothing (CPython
/// would let a later call nest one level deeper than the limit).
#[unsafe(no_mangle)]
pub extern "C" fn Py_LeaveRecursiveCall() {
    leave_recursion_level();
}
