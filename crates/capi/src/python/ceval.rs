//! The recursion guard C code uses around calls that may recurse (CPython's
//! `Python/ceval.c`): `Py_EnterRecursiveCall`, `Py_LeaveRecursiveCall` and
//! `Py_GetRecursionLimit`. The depth is the same per-thread count the
//! shim's own calls into slots keep ([`RecursionGuard`]), so recursion
//! through an extension and through the shim is bounded together, at
//! CPython's default limit of 1000 levels.

use std::ffi::{CStr, c_char, c_int};

use crate::objects::object::{RECURSION_LIMIT, RecursionGuard, leave_recursive_call};

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

/// `Py_GetRecursionLimit()`: 1000, CPython's default (there is no
/// `sys.setrecursionlimit` here).
#[unsafe(no_mangle)]
pub extern "C" fn Py_GetRecursionLimit() -> c_int {
    RECURSION_LIMIT as c_int
}
