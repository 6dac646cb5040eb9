//! The per-thread error indicator and the `PyErr_*` functions (CPython's
//! `Python/errors.c`).
//!
//! ## Design
//!
//! 1. *One pending error per thread*, as in CPython: a C function that fails
//!    sets it and returns -1 or NULL; the caller inspects it with
//!    `PyErr_Occurred` and clears or propagates it. The indicator is the
//!    triple CPython keeps in its thread state, `(type, value, traceback)`,
//!    each a strong reference or NULL. It lives in a Rust thread-local
//!    rather than in the `PyThreadState`, so the buffer-core functions,
//!    which run without the GIL, fail the same way on any thread.
//! 2. *Values are normalised lazily*, as CPython does: `PyErr_SetString`
//!    stores the `str` as the value, `PyErr_SetNone` stores NULL, and
//!    `PyErr_Fetch` hands back exactly what was stored.
//!    `PyErr_NormalizeException` (and [`take_error`]) turn the pair into an
//!    instance of the type.
//! 3. *No tracebacks.* Without an interpreter there are no frames, so no
//!    traceback objects exist: `PyErr_Restore` drops a traceback argument
//!    (CPython drops anything that is not a traceback object) and the third
//!    element is always NULL.
//! 4. *The handled exception* (`PyErr_GetExcInfo` / `SetExcInfo`,
//!    `PyErr_GetHandledException`) is per thread too; setting a new error
//!    while one is handled chains it as `__context__`, as CPython's
//!    `except` blocks do.
//!
//! Rust callers (the Node layer) read the pending error with [`take_error`]
//! and [`peek_error`], which describe it as a [`PyErrInfo`].
//!
//! `PyErr_Format` and `PyErr_FormatV`, which are variadic, are in `errors.c`
//! beside this file.

use std::cell::Cell;
use std::ffi::{CStr, c_char, c_int};
use std::ptr::{self, NonNull};

use crate::ffi::{PyObject, PyTypeObject};
use crate::objects::exceptions::{Exc, is_exception_class, is_type, type_name};
use crate::objects::object::{self, Py_DecRef, Py_IncRef, py_none};
use crate::objects::typeobject::is_subtype;
use crate::objects::unicodeobject::{str_value, unicode_from_str};

// ==========================================================================
// Owned references for Rust callers
// ==========================================================================

/// A strong reference to an object, dropped (`Py_DecRef`) with the value.
///
/// Reference counts are atomic, so an `ObjectRef` may move between threads.
/// Dropping the last reference runs the object's deallocator on the
/// dropping thread; for objects of extension types, drop it while holding
/// the GIL.
pub struct ObjectRef(NonNull<PyObject>);

// SAFETY: refcounts are atomic; the pointee is only touched through the
// C API, whose thread rules the holder follows (see the type's docs).
unsafe impl Send for ObjectRef {}
// SAFETY: `&ObjectRef` gives only the pointer.
unsafe impl Sync for ObjectRef {}

impl ObjectRef {
    /// Takes ownership of a new reference; None for NULL.
    ///
    /// # Safety
    /// `op` must be NULL or a strong reference the caller gives up.
    pub unsafe fn from_owned(op: *mut PyObject) -> Option<Self> {
        NonNull::new(op).map(ObjectRef)
    }

    /// Takes a new reference to a borrowed object; None for NULL.
    ///
    /// # Safety
    /// `op` must be NULL or a live object.
    pub unsafe fn from_borrowed(op: *mut PyObject) -> Option<Self> {
        // SAFETY: live per the contract.
        unsafe { Py_IncRef(op) };
        NonNull::new(op).map(ObjectRef)
    }

    /// The object (borrowed for as long as `self` lives).
    pub fn as_ptr(&self) -> *mut PyObject {
        self.0.as_ptr()
    }

    /// Gives up ownership, returning the strong reference.
    pub fn into_raw(self) -> *mut PyObject {
        let op = self.0.as_ptr();
        std::mem::forget(self);
        op
    }
}

impl Clone for ObjectRef {
    fn clone(&self) -> Self {
        // SAFETY: we hold a reference, so the object is live.
        unsafe { Py_IncRef(self.as_ptr()) };
        ObjectRef(self.0)
    }
}

impl Drop for ObjectRef {
    fn drop(&mut self) {
        // SAFETY: we own this reference.
        unsafe { Py_DecRef(self.as_ptr()) }
    }
}

impl PartialEq for ObjectRef {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for ObjectRef {}

impl std::fmt::Debug for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ObjectRef({:p})", self.0)
    }
}

// ==========================================================================
// The per-thread indicator
// ==========================================================================

/// The raw indicator: three strong references or NULLs.
#[derive(Clone, Copy)]
struct Triple {
    ty: *mut PyObject,
    value: *mut PyObject,
    traceback: *mut PyObject,
}

const EMPTY: Triple = Triple {
    ty: ptr::null_mut(),
    value: ptr::null_mut(),
    traceback: ptr::null_mut(),
};

thread_local! {
    /// The pending error (CPython's `curexc_*`).
    static INDICATOR: Cell<Triple> = const { Cell::new(EMPTY) };
    /// The exception being handled (CPython's `exc_info->exc_value`).
    static HANDLED: Cell<*mut PyObject> = const { Cell::new(ptr::null_mut()) };
}

/// Replaces the indicator with `new` (taking its references) and drops the
/// old one afterwards, so a destructor that re-enters the indicator sees
/// the new state.
fn replace_indicator(new: Triple) {
    let old = INDICATOR.with(|cell| cell.replace(new));
    // SAFETY: the indicator owned these references.
    unsafe {
        Py_DecRef(old.ty);
        Py_DecRef(old.value);
        Py_DecRef(old.traceback);
    }
}

/// Removes the indicator's references and returns them to the caller.
fn fetch_indicator() -> Triple {
    INDICATOR.with(|cell| cell.replace(EMPTY))
}

/// CPython's `_PyErr_Restore`: stores the triple, taking its references.
/// Tracebacks do not exist here, so a traceback argument is dropped.
///
/// # Safety
/// Each argument must be NULL or a strong reference the caller gives up.
unsafe fn restore(ty: *mut PyObject, value: *mut PyObject, traceback: *mut PyObject) {
    // SAFETY: the caller gave up this reference.
    unsafe { Py_DecRef(traceback) };
    replace_indicator(Triple {
        ty,
        value,
        traceback: ptr::null_mut(),
    });
}

/// CPython's `_PyErr_SetObject`: sets `exception` with `value` (borrowed;
/// NULL for no value).
///
/// # Safety
/// `exception` must be a live object; `value` NULL or a live object.
unsafe fn set_object(exception: *mut PyObject, value: *mut PyObject) {
    // SAFETY: live per the contract.
    if !unsafe { is_exception_class(exception) } {
        // SAFETY: live per the contract.
        let shown = unsafe { object::repr(exception) }.unwrap_or_default();
        raise(
            Exc::SystemError,
            format!("_PyErr_SetObject: exception {shown} is not a BaseException subclass"),
        );
        return;
    }
    // SAFETY: both live per the contract; the indicator takes the references.
    unsafe {
        Py_IncRef(exception);
        Py_IncRef(value);
        restore(exception, value, ptr::null_mut());
    }
}

// ==========================================================================
// The Rust API
// ==========================================================================

/// A description of a pending error, for Rust callers such as the Node
/// layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyErrInfo {
    /// The exception type's `tp_name` (`"BufferError"`, `"struct.error"`,
    /// or a C extension's own type name as it spelled it).
    pub type_name: String,
    /// The type's `__name__` (`"LZ4BlockError"` for `_block.LZ4BlockError`).
    pub name: String,
    /// The dotted name Python prints in a traceback's last line:
    /// `__module__` + `.` + `__qualname__`, without the module for
    /// built-ins (`"ValueError"`, `"struct.error"`, `"_block.LZ4BlockError"`).
    pub qualified_name: String,
    /// `str()` of the exception (may be empty).
    pub message: String,
    /// The closest built-in exception this error is an instance of: the
    /// type itself or its nearest built-in base.
    pub kind: Exc,
    /// The exception type object, for mapping types a module defines.
    pub exc_type: ObjectRef,
    /// The exception value as it was stored (a `str` after
    /// `PyErr_SetString`, None after `PyErr_SetNone`).
    pub value: Option<ObjectRef>,
}

impl std::fmt::Display for PyErrInfo {
    /// As the last line of a Python traceback: `Type: message`, or `Type`
    /// alone when the message is empty.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.is_empty() {
            f.write_str(&self.qualified_name)
        } else {
            write!(f, "{}: {}", self.qualified_name, self.message)
        }
    }
}

impl std::error::Error for PyErrInfo {}

/// Sets the error indicator to the built-in `exc` with `message` as its
/// value, replacing any pending error (`PyErr_SetString`).
pub fn raise(exc: Exc, message: impl Into<String>) {
    let text = message.into();
    let value = unicode_from_str(&text);
    // SAFETY: a static exception type; `value` is NULL (allocation failed,
    // and the type then stands alone, as in CPython) or a new reference.
    unsafe {
        set_object(exc.type_object(), value);
        Py_DecRef(value);
    }
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

/// Removes and describes the pending error of this thread, if any.
pub fn take_error() -> Option<PyErrInfo> {
    let Triple {
        ty,
        value,
        traceback,
    } = fetch_indicator();
    // SAFETY: the indicator's references, now ours.
    let (ty, value, _traceback) = unsafe {
        (
            ObjectRef::from_owned(ty),
            ObjectRef::from_owned(value),
            ObjectRef::from_owned(traceback),
        )
    };
    let info = describe(ty?, value);
    Some(info)
}

/// Describes the pending error of this thread without clearing it.
pub fn peek_error() -> Option<PyErrInfo> {
    let Triple { ty, value, .. } = INDICATOR.with(Cell::get);
    // SAFETY: the indicator holds references to both, so they are live;
    // new references are taken for the description.
    let (ty, value) = unsafe {
        (
            ObjectRef::from_borrowed(ty)?,
            ObjectRef::from_borrowed(value),
        )
    };
    // Describing calls str(), which must not see (or clobber) the pending
    // error: set it aside meanwhile.
    let saved = fetch_indicator();
    let info = describe(ty, value);
    replace_indicator(saved);
    Some(info)
}

/// Describes the error `(ty, value)`.
fn describe(ty: ObjectRef, value: Option<ObjectRef>) -> PyErrInfo {
    let t = ty.as_ptr();
    // SAFETY: `t` is live (we hold a reference).
    let (type_name, name, qualified_name) = if unsafe { is_type(t) } {
        // SAFETY: a live type; the names are copied at once.
        let full = unsafe { type_name(t) }.to_owned();
        let (module, qualname) = module_and_qualname(&full);
        let qualified = match module {
            Some(m) if m != "builtins" && m != "__main__" => format!("{m}.{qualname}"),
            _ => qualname.to_owned(),
        };
        (full.clone(), qualname.to_owned(), qualified)
    } else {
        // CPython lets PyErr_Restore store any object as the type.
        // SAFETY: live per the above.
        let shown = unsafe { object::repr(t) }.unwrap_or_default();
        (shown.clone(), shown.clone(), shown)
    };
    let message = message_of(value.as_ref().map(ObjectRef::as_ptr));
    PyErrInfo {
        type_name,
        name,
        qualified_name,
        message,
        // SAFETY: live per the above.
        kind: unsafe { closest_builtin(t) },
        exc_type: ty,
        value,
    }
}

/// `(__module__, __qualname__)` of a type whose `tp_name` is `full`, by
/// CPython's rule for types without a `__module__` entry: the part before
/// the last dot is the module; without a dot the module is `builtins`.
fn module_and_qualname(full: &str) -> (Option<&str>, &str) {
    match full.rfind('.') {
        Some(dot) => (Some(&full[..dot]), &full[dot + 1..]),
        None => (Some("builtins"), full),
    }
}

/// `str()` of an exception value as the message Python would print.
fn message_of(value: Option<*mut PyObject>) -> String {
    let Some(value) = value.filter(|v| *v != py_none()) else {
        return String::new();
    };
    // SAFETY: a live object (the caller holds a reference).
    if let Some(text) = unsafe { str_value(value) } {
        return text.to_owned();
    }
    // SAFETY: as above.
    let text = unsafe { object::PyObject_Str(value) };
    // SAFETY: NULL or a new reference.
    let message = unsafe { str_value(text) }.map(str::to_owned);
    // SAFETY: we own `text`.
    unsafe { Py_DecRef(text) };
    match message {
        Some(m) => m,
        None => {
            // str() itself failed: CPython prints "<exception str() failed>".
            PyErr_Clear();
            "<exception str() failed>".to_owned()
        }
    }
}

/// The nearest built-in exception type at or above `ty` in its base chain;
/// `Exception` for anything else.
///
/// # Safety
/// `ty` must be a live object.
unsafe fn closest_builtin(ty: *mut PyObject) -> Exc {
    // SAFETY: live per the contract.
    if !unsafe { is_type(ty) } {
        return Exc::Exception;
    }
    let mut t = ty as *mut PyTypeObject;
    while !t.is_null() {
        if let Some(exc) = Exc::from_type_object(t.cast()) {
            return exc;
        }
        // SAFETY: a live type; its base chain is live too.
        t = unsafe { (*t).tp_base };
    }
    Exc::Exception
}

/// Sets `SystemError` for a NULL argument and returns -1.
pub(crate) fn bad_internal_call() -> c_int {
    PyErr_BadInternalCall();
    -1
}

/// CPython's `PyErr_BadArgument()`, for Rust callers.
pub(crate) fn bad_argument() {
    PyErr_BadArgument();
}

// ==========================================================================
// C entry points: setting, fetching and clearing
// ==========================================================================

/// `PyErr_SetObject(type, value)`: sets the error indicator to `type` with
/// `value` (borrowed), as given; it is normalised when fetched as an
/// instance.
///
/// A `type` that is not an exception class sets `SystemError` instead (as
/// CPython does); a NULL `type` sets `SystemError("bad argument to internal
/// function")` (stricter: CPython stores a half-set indicator).
///
/// # Safety
/// `exception` must be NULL or a live object; `value` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetObject(exception: *mut PyObject, value: *mut PyObject) {
    if exception.is_null() {
        PyErr_BadInternalCall();
        return;
    }
    // SAFETY: forwarded contract.
    unsafe { set_object(exception, value) }
}

/// `PyErr_SetString(type, message)`: `PyErr_SetObject` with a `str` made
/// from the UTF-8 `message`. As in CPython, a message that is not valid
/// UTF-8 (or NULL) leaves the value NULL.
///
/// # Safety
/// `exception` as in [`PyErr_SetObject`]; `message` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetString(exception: *mut PyObject, message: *const c_char) {
    let value = if message.is_null() {
        ptr::null_mut()
    } else {
        // SAFETY: NUL-terminated per the contract.
        match unsafe { CStr::from_ptr(message) }.to_str() {
            Ok(text) => unicode_from_str(text),
            Err(_) => ptr::null_mut(),
        }
    };
    // SAFETY: forwarded contract; `value` is NULL or ours.
    unsafe {
        PyErr_SetObject(exception, value);
        Py_DecRef(value);
    }
}

/// `PyErr_SetNone(type)`: sets the error indicator with no value.
///
/// # Safety
/// As [`PyErr_SetObject`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetNone(exception: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { PyErr_SetObject(exception, ptr::null_mut()) }
}

/// `PyErr_Occurred()`: the pending exception type (borrowed), or NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_Occurred() -> *mut PyObject {
    INDICATOR.with(|cell| cell.get().ty)
}

/// `PyErr_Clear()`: drops the pending error, if any.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_Clear() {
    replace_indicator(EMPTY);
}

/// `PyErr_Fetch(&type, &value, &traceback)`: moves the pending error's
/// references to the caller and clears the indicator. Each may be NULL.
///
/// A NULL output pointer is skipped and its reference dropped (stricter:
/// CPython writes through it).
///
/// # Safety
/// Each pointer must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_Fetch(
    p_type: *mut *mut PyObject,
    p_value: *mut *mut PyObject,
    p_traceback: *mut *mut PyObject,
) {
    let Triple {
        ty,
        value,
        traceback,
    } = fetch_indicator();
    for (out, op) in [(p_type, ty), (p_value, value), (p_traceback, traceback)] {
        if out.is_null() {
            // SAFETY: nobody takes this reference.
            unsafe { Py_DecRef(op) };
        } else {
            // SAFETY: writable per the contract.
            unsafe { out.write(op) };
        }
    }
}

/// `PyErr_Restore(type, value, traceback)`: sets the indicator, stealing a
/// reference to each argument (NULLs allowed). With a NULL `type` the
/// indicator reads as clear, as in CPython.
///
/// # Safety
/// Each argument must be NULL or a strong reference the caller gives up.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_Restore(
    ty: *mut PyObject,
    value: *mut PyObject,
    traceback: *mut PyObject,
) {
    // SAFETY: forwarded contract.
    unsafe { restore(ty, value, traceback) }
}

// ==========================================================================
// C entry points: matching
// ==========================================================================

/// `PyErr_GivenExceptionMatches(given, exc)`: 1 when `given` (a class or an
/// instance) is `exc` or a subclass of it, else 0. NULL arguments give 0.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_GivenExceptionMatches(
    given: *mut PyObject,
    exc: *mut PyObject,
) -> c_int {
    if given.is_null() || exc.is_null() {
        return 0;
    }
    let mut given = given;
    // SAFETY: live per the contract.
    if unsafe { crate::objects::exceptions::is_exception_instance(given) } {
        // SAFETY: as above.
        given = unsafe { (*given).ob_type }.cast();
    }
    // SAFETY: as above.
    if unsafe { is_exception_class(given) && is_exception_class(exc) } {
        // SAFETY: both are live type objects.
        return unsafe { is_subtype(given.cast(), exc.cast()) } as c_int;
    }
    (given == exc) as c_int
}

/// `PyErr_ExceptionMatches(exc)`: whether the pending error matches `exc`.
///
/// # Safety
/// `exc` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_ExceptionMatches(exc: *mut PyObject) -> c_int {
    // SAFETY: the pending type is live (the indicator holds it).
    unsafe { PyErr_GivenExceptionMatches(PyErr_Occurred(), exc) }
}

// ==========================================================================
// C entry points: the handled exception
// ==========================================================================

/// The type of a handled-exception value, as CPython's `get_exc_type`:
/// `None` when nothing is handled.
fn handled_type(value: *mut PyObject) -> *mut PyObject {
    if value.is_null() || value == py_none() {
        py_none()
    } else {
        // SAFETY: a live object (held by HANDLED).
        unsafe { (*value).ob_type }.cast()
    }
}

/// `PyErr_GetHandledException()`: a new reference to the exception being
/// handled on this thread, or NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_GetHandledException() -> *mut PyObject {
    let value = HANDLED.with(Cell::get);
    if value.is_null() || value == py_none() {
        return ptr::null_mut();
    }
    // SAFETY: HANDLED holds a reference.
    unsafe { Py_IncRef(value) };
    value
}

/// `PyErr_SetHandledException(exc)`: makes `exc` (borrowed; NULL or None
/// for none) the exception being handled on this thread.
///
/// # Safety
/// `exc` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetHandledException(exc: *mut PyObject) {
    // SAFETY: live per the contract.
    unsafe { Py_IncRef(exc) };
    let old = HANDLED.with(|cell| cell.replace(exc));
    // SAFETY: HANDLED owned the old reference.
    unsafe { Py_DecRef(old) };
}

/// `PyErr_GetExcInfo(&type, &value, &traceback)`: new references to the
/// handled exception's type, value and traceback. With none handled, the
/// type and traceback are `None` and the value is NULL, as in CPython; the
/// traceback is always `None` here.
///
/// # Safety
/// Each pointer must be writable (a NULL pointer is skipped: stricter).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_GetExcInfo(
    p_type: *mut *mut PyObject,
    p_value: *mut *mut PyObject,
    p_traceback: *mut *mut PyObject,
) {
    let value = HANDLED.with(Cell::get);
    let ty = handled_type(value);
    for (out, op) in [(p_type, ty), (p_value, value), (p_traceback, py_none())] {
        if !out.is_null() {
            // SAFETY: live objects (HANDLED holds `value`; the rest are
            // types or None); `out` is writable per the contract.
            unsafe {
                Py_IncRef(op);
                out.write(op);
            }
        }
    }
}

/// `PyErr_SetExcInfo(type, value, traceback)`: makes `value` the handled
/// exception, stealing all three references (CPython 3.11 ignores the type
/// and traceback).
///
/// # Safety
/// Each argument must be NULL or a strong reference the caller gives up.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyErr_SetExcInfo(
    ty: *mut PyObject,
    value: *mut PyObject,
    traceback: *mut PyObject,
) {
    // SAFETY: forwarded contract; the three references are ours to drop.
    unsafe {
        PyErr_SetHandledException(value);
        Py_DecRef(value);
        Py_DecRef(ty);
        Py_DecRef(traceback);
    }
}

// ==========================================================================
// C entry points: the common errors
// ==========================================================================

/// `PyErr_NoMemory()`: sets `MemoryError` (no value) and returns NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_NoMemory() -> *mut PyObject {
    // SAFETY: a static exception type.
    unsafe { set_object(Exc::MemoryError.type_object(), ptr::null_mut()) };
    ptr::null_mut()
}

/// `PyErr_BadArgument()`: sets `TypeError("bad argument type for built-in
/// operation")` and returns 0.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_BadArgument() -> c_int {
    raise(Exc::TypeError, "bad argument type for built-in operation");
    0
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

/// `PyErr_CheckSignals()`: runs pending signal handlers. Without an
/// interpreter no Python-level handlers exist and none are ever pending, so
/// it returns 0 (success), as CPython does when no signal arrived.
#[unsafe(no_mangle)]
pub extern "C" fn PyErr_CheckSignals() -> c_int {
    0
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
        assert_eq!(info.qualified_name, "IndexError");
        assert_eq!(info.message, "boom");
        assert_eq!(info.kind, Exc::IndexError);
        assert_eq!(info.exc_type.as_ptr(), Exc::IndexError.type_object());
        assert_eq!(info.to_string(), "IndexError: boom");
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

    #[test]
    fn dotted_names() {
        raise(Exc::StructError, "bad char");
        let info = take_error().unwrap();
        assert_eq!(
            (info.name.as_str(), info.qualified_name.as_str()),
            ("error", "struct.error")
        );
        assert_eq!(info.type_name, "struct.error");
        assert_eq!(info.kind, Exc::StructError);
    }

    #[test]
    fn fetch_restore_round_trip() {
        // SAFETY: static types; the fetched references go back to Restore.
        unsafe {
            PyErr_SetNone(PyExc_ValueError.0);
            let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
            PyErr_Fetch(&mut t, &mut v, &mut tb);
            assert!(PyErr_Occurred().is_null());
            assert_eq!(t, PyExc_ValueError.0);
            assert!(v.is_null() && tb.is_null());
            PyErr_Restore(t, v, tb);
        }
        let info = take_error().unwrap();
        assert_eq!(info.message, "");
        assert_eq!(info.to_string(), "ValueError");
    }
}
