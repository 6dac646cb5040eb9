//! The per-thread error indicator and the `PyErr_*` functions (CPython's
//! `Python/errors.c`).
//!
//! Each thread has one pending error at most, as in CPython: a C function
//! that fails sets it and returns -1 or NULL; the caller inspects it with
//! `PyErr_Occurred` and clears it. Exceptions here are type objects only (no
//! instances): `PyErr_Occurred()` returns the type, and the message is kept
//! beside it. Rust callers (the Node layer) read both with [`take_error`].
//!
//! `PyErr_Format` and `PyErr_FormatV`, which are variadic, are in `errors.c`
//! beside this file.

use std::cell::RefCell;
use std::ffi::{CStr, c_char, c_int};
use std::ptr;

use crate::ffi::{PyObject, PyTypeObject};
use crate::objects::exceptions::{Exc, type_name};
use crate::objects::object;

// ==========================================================================
// The per-thread error indicator
// ==========================================================================

/// A pending error: the exception type (a strong reference) and its message.
struct PendingError {
    ty: *mut PyObject,
    message: String,
}

impl Drop for PendingError {
    fn drop(&mut self) {
        // SAFETY: `ty` is a strong reference taken in `set_object_error`.
        unsafe { object::Py_DecRef(self.ty) };
    }
}

thread_local! {
    static INDICATOR: RefCell<Option<PendingError>> = const { RefCell::new(None) };
}

/// A snapshot of a pending error, for Rust callers such as the Node layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyErrInfo {
    /// The exception type's name as Python prints it (`"BufferError"`,
    /// `"struct.error"`, or a C extension's own type name).
    pub type_name: String,
    /// The message given to `PyErr_SetString` (may be empty).
    pub message: String,
    /// The closest built-in exception this error is an instance of.
    pub kind: Exc,
}

impl std::fmt::Display for PyErrInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.type_name, self.message)
    }
}

impl std::error::Error for PyErrInfo {}

/// Sets the error indicator to `exc` with `message`, replacing any pending
/// error.
pub fn raise(exc: Exc, message: impl Into<String>) {
    // SAFETY: built-in exception types are immortal statics.
    unsafe { set_object_error(exc.type_object(), message.into()) }
}

/// Sets the error indicator and returns -1, for `int`-returning C functions.
pub fn fail(exc: Exc, message: impl Into<String>) -> c_int {
    raise(exc, message);
    -1
}

/// Sets the error indicator and returns NULL, for pointer-returning C functions.
pub fn fail_null<T>(exc: Exc, message: impl Into<String>) -> *mut T {
    raise(exc, message);
    ptr::null_mut()
}

/// Sets the error indicator to the type object `ty`.
///
/// # Safety
/// `ty` must be a live type object; a new reference to it is taken.
unsafe fn set_object_error(ty: *mut PyObject, message: String) {
    // SAFETY: `ty` is live per the contract.
    unsafe { object::Py_IncRef(ty) };
    let pending = PendingError { ty, message };
    // The old error (if any) drops outside the borrow: its type's dealloc
    // could in principle re-enter the indicator.
    let old = INDICATOR.with(|cell| cell.borrow_mut().replace(pending));
    drop(old);
}

/// Removes and returns the pending error of this thread, if any.
pub fn take_error() -> Option<PyErrInfo> {
    let pending = INDICATOR.with(|cell| cell.borrow_mut().take())?;
    Some(describe(&pending))
}

/// Returns the pending error of this thread without clearing it.
pub fn peek_error() -> Option<PyErrInfo> {
    INDICATOR.with(|cell| cell.borrow().as_ref().map(describe))
}

fn describe(pending: &PendingError) -> PyErrInfo {
    // SAFETY: `pending.ty` is a strong reference to a live type object; the
    // name is copied before the reference can be dropped.
    let type_name = unsafe { type_name(pending.ty) }.to_owned();
    let kind = Exc::ALL
        .iter()
        .rev()
        .copied()
        // SAFETY: both are live type objects.
        .find(|exc| unsafe { is_subtype(pending.ty, exc.type_object()) })
        .unwrap_or(Exc::Exception);
    PyErrInfo {
        type_name,
        message: pending.message.clone(),
        kind,
    }
}

/// True when `given` is `exc` or derives from it through `tp_base`.
///
/// # Safety
/// Both must be NULL or live type objects.
unsafe fn is_subtype(given: *mut PyObject, exc: *mut PyObject) -> bool {
    let target = exc as *mut PyTypeObject;
    let mut ty = given as *mut PyTypeObject;
    while !ty.is_null() {
        if ty == target {
            return true;
        }
        // SAFETY: `ty` is a live type object; its base chain is too.
        ty = unsafe { (*ty).tp_base };
    }
    false
}

// ==========================================================================
// C entry points
// ==========================================================================

/// `PyErr_SetString(type, message)`: sets the error indicator.
///
/// A NULL `type` sets `SystemError` instead (CPython would crash); a NULL
/// `message` is treated as empty.
///
/// # Safety
/// `exception` must be NULL or a live type object; `message` NULL or a
/// NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetString(exception: *mut PyObject, message: *const c_char) {
    let text = if message.is_null() {
        String::new()
    } else {
        // SAFETY: `message` is NUL-terminated per the contract.
        unsafe { CStr::from_ptr(message) }
            .to_string_lossy()
            .into_owned()
    };
    if exception.is_null() {
        raise(Exc::SystemError, "PyErr_SetString: exception type is NULL");
        return;
    }
    // SAFETY: `exception` is a live type object per the contract.
    unsafe { set_object_error(exception, text) }
}

/// `PyErr_SetNone(type)`: sets the error indicator with no message.
///
/// # Safety
/// As [`PyErr_SetString`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetNone(exception: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { PyErr_SetString(exception, ptr::null()) }
}

/// `PyErr_Occurred()`: the pending exception type (a borrowed reference), or
/// NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_Occurred() -> *mut PyObject {
    INDICATOR.with(|cell| cell.borrow().as_ref().map_or(ptr::null_mut(), |p| p.ty))
}

/// `PyErr_Clear()`: drops the pending error, if any.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_Clear() {
    let old = INDICATOR.with(|cell| cell.borrow_mut().take());
    drop(old);
}

/// `PyErr_GivenExceptionMatches(given, exc)`: 1 when `given` is `exc` or a
/// subclass of it, else 0. NULL arguments give 0.
///
/// # Safety
/// Both must be NULL or live type objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_GivenExceptionMatches(
    given: *mut PyObject,
    exc: *mut PyObject,
) -> c_int {
    if given.is_null() || exc.is_null() {
        return 0;
    }
    // SAFETY: both live per the contract.
    unsafe { is_subtype(given, exc) as c_int }
}

/// `PyErr_ExceptionMatches(exc)`: whether the pending error matches `exc`.
///
/// # Safety
/// `exc` must be NULL or a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_ExceptionMatches(exc: *mut PyObject) -> c_int {
    // SAFETY: the pending type is live (we hold a reference); `exc` per contract.
    unsafe { PyErr_GivenExceptionMatches(PyErr_Occurred(), exc) }
}

/// `PyErr_NoMemory()`: sets `MemoryError` and returns NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_NoMemory() -> *mut PyObject {
    fail_null(Exc::MemoryError, "")
}

/// `PyErr_BadInternalCall()`: sets `SystemError("bad argument to internal
/// function")`.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_BadInternalCall() {
    raise(Exc::SystemError, "bad argument to internal function");
}

/// `_PyErr_BadInternalCall(file, line)`: the variant CPython's macro calls,
/// which names the C source location.
///
/// # Safety
/// `filename` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyErr_BadInternalCall(filename: *const c_char, lineno: c_int) {
    let file = if filename.is_null() {
        "<unknown>".into()
    } else {
        // SAFETY: NUL-terminated per the contract.
        unsafe { CStr::from_ptr(filename) }.to_string_lossy()
    };
    raise(
        Exc::SystemError,
        format!("{file}:{lineno}: bad argument to internal function"),
    );
}

/// Sets `SystemError` for a NULL argument and returns -1.
pub(crate) fn bad_internal_call() -> c_int {
    PyErr_BadInternalCall();
    -1
}

/// CPython's `PyErr_BadArgument()`.
pub(crate) fn bad_argument() {
    raise(Exc::TypeError, "bad argument type for built-in operation");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::exceptions::{
        PyExc_Exception, PyExc_IndexError, PyExc_LookupError, PyExc_ValueError,
    };

    #[test]
    fn set_occurred_clear() {
        PyErr_Clear();
        assert!(PyErr_Occurred().is_null());
        raise(Exc::IndexError, "boom");
        assert_eq!(PyErr_Occurred(), Exc::IndexError.type_object());
        // SAFETY: statics are live type objects.
        unsafe {
            assert_eq!(PyErr_ExceptionMatches(PyExc_IndexError.0), 1);
            assert_eq!(PyErr_ExceptionMatches(PyExc_LookupError.0), 1);
            assert_eq!(PyErr_ExceptionMatches(PyExc_Exception.0), 1);
            assert_eq!(PyErr_ExceptionMatches(PyExc_ValueError.0), 0);
        }
        let info = take_error().unwrap();
        assert_eq!(info.type_name, "IndexError");
        assert_eq!(info.message, "boom");
        assert_eq!(info.kind, Exc::IndexError);
        assert!(PyErr_Occurred().is_null());
    }

    #[test]
    fn indicator_is_per_thread() {
        raise(Exc::ValueError, "here");
        std::thread::spawn(|| assert!(PyErr_Occurred().is_null()))
            .join()
            .unwrap();
        assert_eq!(take_error().unwrap().kind, Exc::ValueError);
    }

    #[test]
    fn null_type_sets_system_error() {
        // SAFETY: NULL is allowed and handled.
        unsafe { PyErr_SetString(ptr::null_mut(), c"x".as_ptr()) };
        assert_eq!(take_error().unwrap().kind, Exc::SystemError);
    }
}
