//! The recursion guard C code uses around calls that may recurse (CPython's
//! `Python/ceval.c`): `Py_EnterRecursiveCall`, `Py_LeaveRecursiveCall` and
//! `Py_GetRecursionLimit`; and the slice-index converters extensions call
//! from their own `PyArg_ParseTuple` "O&" formats (`_PyEval_SliceIndex`). The depth is the same per-thread count the
//! shim's own calls into slots keep ([`RecursionGuard`]), so recursion
//! through an extension and through the shim is bounded together, at
//! CPython's default limit of 1000 levels.

use std::ffi::{CStr, c_char, c_int};

use crate::ffi::*;
use crate::objects::r#abstract::PyIndex_Check;
use crate::objects::exceptions::Exc;
use crate::objects::object::{
    RecursionGuard, leave_recursive_call, py_none, recursion_limit, set_recursion_limit,
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
