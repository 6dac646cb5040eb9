//! The built-in exceptions (CPython's `Objects/exceptions.c`): the standard
//! hierarchy from `BaseException` down, the warning categories and
//! `struct.error`, with instances that behave as CPython's. [`Exc`] names
//! the types for Rust code.
//!
//! Each type is a static `PyTypeObject` exported as CPython exports it
//! (`PyExc_ValueError` is a `PyObject *` variable pointing at the type), with
//! CPython's instance size, flags, base, docstring, slots and attribute
//! tables. Instances have CPython's layouts ([`crate::ffi::PyBaseExceptionObject`]
//! and the per-family extensions such as `PyOSErrorObject`), so C code that
//! reads their fields directly sees what it would see under CPython.
//!
//! ## Design
//!
//! 1. *Families and kinds.* CPython groups the types by instance layout
//!    ("store"): `OSError` and its subclasses share `PyOSErrorObject`, and
//!    so on. A `Family` decides the size and the slots that release the
//!    fields; a `Kind` adds construction and `str()`. Inherited slots are
//!    filled in at definition time, as `PyType_Ready` would fill them,
//!    while attribute tables (`tp_members`, `tp_getset`, `tp_methods`) stay
//!    on the type that defines them, as in CPython.
//! 2. *Construction as `type.__call__`.* Errors are normalised by calling
//!    the class: `tp_new`, then `tp_init` (`instantiate`), so classes made
//!    by `PyErr_NewException` and C subclasses with their own slots behave
//!    as under CPython. `OSError(errno, ...)` picks the subclass for the
//!    errno (`FileNotFoundError` for `ENOENT`).
//! 3. *Tracebacks of C frames only.* The only traceback objects are
//!    those extensions make with `PyFrame_New` + `PyTraceBack_Here`
//!    (Cython does for every function an exception leaves);
//!    `__traceback__` holds one of them or `None`, as in CPython.
//! 4. *No cycle collector.* The types carry `Py_TPFLAGS_HAVE_GC` and a
//!    `tp_traverse`/`tp_clear` as CPython's do (C subclasses inherit them),
//!    but nothing collects cycles: an exception whose `__context__` chain
//!    loops back to itself leaks.
//!
//! `BaseExceptionGroup` is a static type like the others, exported as
//! `PyExc_BaseExceptionGroup`; `ExceptionGroup` is, as in CPython, a class
//! made at start-up from `(BaseExceptionGroup, Exception)` and not
//! exported to C. `split` and `subgroup` take an exception type or a tuple
//! of them: CPython 3.11 also takes a Python function as the predicate,
//! which the library has none of (it refuses a C callable, as CPython
//! does).

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_int, c_long, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::buffer::{PyBuffer_Release, PyObject_GetBuffer};
use crate::ffi::*;
use crate::objects::r#abstract::{
    PyIndex_Check, PyNumber_AsSsize_t, PySequence_Tuple as sequence_tuple,
};
use crate::objects::bytesobject::{
    PyBytes_AsString, PyBytes_FromStringAndSize, PyBytes_Size, is_bytes,
};
use crate::objects::dictobject::{
    PyDict_Copy, PyDict_New, PyDict_Next, PyDict_SetItemString, PyDict_Size, is_dict,
};
use crate::objects::gcmodule::{PyObject_GC_Del, PyObject_GC_UnTrack};
use crate::objects::listobject::{PyList_Append, PyList_New, is_list};
use crate::objects::longobject::{PyLong_AsLongAndOverflow, PyLong_FromSsize_t, PyLong_Type};
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_GenericGetDict, PyObject_GenericSetDict, PyObject_GetAttrString,
    PyObject_HasAttrString, PyObject_Repr, PyObject_SetAttr, PyObject_SetAttrString, PyObject_Str,
    py_none,
};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::tupleobject::{
    self, empty_tuple, is_tuple, tuple_from_owned, tuple_from_slice,
};
use crate::objects::typeobject::{self, PyType_GenericAlloc, PyType_IsSubtype};
use crate::objects::unicodeobject::{
    PyUnicode_FromString, PyUnicode_GetLength, PyUnicode_Type, str_value, unicode_from_str,
};
use crate::python::errors::{
    PyErr_BadInternalCall, PyErr_Occurred, bad_internal_call, fail, fail_null, raise,
};

/// A pointer to an object, exported to C as `PyObject *` data.
#[repr(transparent)]
#[derive(Debug, Clone, Copy)]
pub struct ObjectPtr(pub *mut PyObject);

// SAFETY: the pointee is an immortal static object; the pointer itself is
// never written after initialisation.
unsafe impl Sync for ObjectPtr {}

// ==========================================================================
// Small helpers
// ==========================================================================

/// The common header of an exception instance.
pub(crate) fn header(op: *mut PyObject) -> *mut PyBaseExceptionObject {
    op.cast()
}

/// Stores `value` (a new reference is taken; NULL allowed) in `*slot`,
/// dropping the old value afterwards (CPython's `Py_XSETREF` with
/// `Py_XNewRef`).
///
/// # Safety
/// `slot` must be a field of a live object holding NULL or a strong
/// reference; `value` NULL or a live object.
unsafe fn set_slot(slot: *mut *mut PyObject, value: *mut PyObject) {
    // SAFETY: per the contract.
    unsafe {
        Py_IncRef(value);
        let old = slot.replace(value);
        Py_DecRef(old);
    }
}

/// A field of type `T` at `offset` bytes into `op`.
///
/// # Safety
/// `op` must be a live instance whose layout has a `T` at `offset`.
unsafe fn field<T>(op: *mut PyObject, offset: usize) -> *mut T {
    // SAFETY: per the contract.
    unsafe { op.cast::<u8>().add(offset).cast() }
}

/// The text of a new `str` reference (dropped here), or None with the error
/// set when `result` is NULL or not a `str`.
///
/// # Safety
/// `result` must be NULL or a new reference.
unsafe fn take_text(result: *mut PyObject) -> Option<String> {
    if result.is_null() {
        return None;
    }
    // SAFETY: a live object we own.
    let text = unsafe { str_value(result) }.map(str::to_owned);
    // SAFETY: we own this reference.
    unsafe { Py_DecRef(result) };
    if text.is_none() {
        raise(Exc::TypeError, "__str__ returned non-string");
    }
    text
}

/// `str(op)` as Rust text (None with the error set).
///
/// # Safety
/// `op` must be a live object.
unsafe fn str_text(op: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded contract.
    unsafe { take_text(PyObject_Str(op)) }
}

/// `repr(op)` as Rust text (None with the error set).
///
/// # Safety
/// `op` must be a live object.
unsafe fn repr_text(op: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded contract.
    unsafe { take_text(PyObject_Repr(op)) }
}

/// `op` itself, or `None` for NULL (CPython's `OR_NONE`).
fn or_none(op: *mut PyObject) -> *mut PyObject {
    if op.is_null() { py_none() } else { op }
}

/// A new `str` from `text`, as a slot result.
fn str_result(text: Option<String>) -> *mut PyObject {
    match text {
        Some(t) => unicode_from_str(&t),
        None => ptr::null_mut(),
    }
}

/// The type's name without its module (`_PyType_Name`): the part of
/// `tp_name` after the last dot.
///
/// # Safety
/// `ty` must be a live type object.
unsafe fn short_type_name(ty: *mut PyTypeObject) -> String {
    // SAFETY: per the contract.
    let full = unsafe { type_name(ty.cast()) };
    full.rsplit('.').next().unwrap_or(full).to_owned()
}

/// True when `op` is an `int` (or a subclass).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_int(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*(*op).ob_type).tp_flags & Py_TPFLAGS_LONG_SUBCLASS != 0 }
}

/// True when `op` is a `str` (or a subclass).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_str(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*(*op).ob_type).tp_flags & Py_TPFLAGS_UNICODE_SUBCLASS != 0 }
}

/// The `args` tuple of an instance (borrowed; never NULL once built).
///
/// # Safety
/// `op` must be a live exception instance.
unsafe fn args_of(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { (*header(op)).args }
}

/// `len(args)`, 0 for an instance whose args were never set.
///
/// # Safety
/// `op` must be a live exception instance.
unsafe fn nargs(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: per the contract; args is NULL or a tuple.
    unsafe {
        let args = args_of(op);
        if args.is_null() {
            0
        } else {
            tupleobject::size(args)
        }
    }
}

// ==========================================================================
// BaseException: construction, str(), repr()
// ==========================================================================

/// `tp_new` of `BaseException` (inherited by every built-in exception but
/// the `OSError` family): allocates with the type's `tp_alloc` and keeps
/// `args` (or `()`).
///
/// # Safety
/// `ty` must be a live exception type; `args` NULL or a tuple.
unsafe extern "C" fn base_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live type per the contract.
    let alloc = unsafe { (*ty).tp_alloc }.unwrap_or(PyType_GenericAlloc);
    // SAFETY: the type's own allocator; zeroed memory, so every field is
    // NULL and suppress_context 0.
    let op = unsafe { alloc(ty, 0) };
    if op.is_null() {
        return op;
    }
    let args = if args.is_null() {
        empty_tuple()
    } else {
        // SAFETY: a live tuple per the contract.
        unsafe { Py_IncRef(args) };
        args
    };
    // SAFETY: a fresh instance with the common header.
    unsafe { (*header(op)).args = args };
    op
}

/// `tp_init` of `BaseException`: refuses keyword arguments and stores
/// `args`.
///
/// # Safety
/// `op` must be a live exception instance, `args` a tuple, `kwds` NULL or a
/// dict.
unsafe extern "C" fn base_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a live instance per the contract.
    let name = unsafe { type_name((*op).ob_type.cast()) };
    // SAFETY: forwarded contract.
    if unsafe { !no_keywords(name, kwds) } {
        return -1;
    }
    // SAFETY: the args field of a live instance.
    unsafe { set_slot(&raw mut (*header(op)).args, args) };
    0
}

/// `BaseException.__str__`: `''` for no arguments, `str(arg)` for one,
/// `str(args)` for more.
///
/// # Safety
/// `op` must be a live exception instance.
unsafe extern "C" fn base_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        match nargs(op) {
            0 => unicode_from_str(""),
            1 => PyObject_Str(tupleobject::get(args_of(op), 0)),
            _ => PyObject_Str(args_of(op)),
        }
    }
}

/// `BaseException.__repr__`: `Name(arg)` for one argument, `Name(args...)`
/// otherwise (`Name()` for none), with the type's name without its module.
///
/// # Safety
/// `op` must be a live exception instance.
unsafe extern "C" fn base_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let name = short_type_name((*op).ob_type);
        let args = args_of(op);
        let inner = if args.is_null() {
            Some("()".to_owned())
        } else if tupleobject::size(args) == 1 {
            repr_text(tupleobject::get(args, 0)).map(|r| format!("({r})"))
        } else {
            repr_text(args)
        };
        str_result(inner.map(|i| format!("{name}{i}")))
    }
}

/// `KeyError.__str__`: `repr(key)` for exactly one argument, so that a
/// missing `''` shows as `KeyError: ''`.
///
/// # Safety
/// `op` must be a live exception instance.
unsafe extern "C" fn key_error_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if nargs(op) == 1 {
            return PyObject_Repr(tupleobject::get(args_of(op), 0));
        }
        base_str(op)
    }
}

// ==========================================================================
// BaseException: attributes and methods
// ==========================================================================

/// `args` getter.
unsafe extern "C" fn get_args(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live instance (the descriptor checked the type).
    let args = unsafe { args_of(op) };
    let value = or_none(args);
    // SAFETY: a live object.
    unsafe { Py_IncRef(value) };
    value
}

/// `args` setter: any iterable, stored as a tuple; deleting is refused.
unsafe extern "C" fn set_args(op: *mut PyObject, value: *mut PyObject, _: *mut c_void) -> c_int {
    if value.is_null() {
        return fail(Exc::TypeError, "args may not be deleted");
    }
    // SAFETY: a live object.
    let tuple = unsafe { sequence_tuple(value) };
    if tuple.is_null() {
        return -1;
    }
    // SAFETY: a live instance; the new tuple's reference moves in.
    unsafe {
        set_slot(&raw mut (*header(op)).args, tuple);
        Py_DecRef(tuple);
    }
    0
}

/// `__traceback__` getter: the traceback, or `None`.
unsafe extern "C" fn get_traceback(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live instance.
    let tb = or_none(unsafe { (*header(op)).traceback });
    // SAFETY: a live object.
    unsafe { Py_IncRef(tb) };
    tb
}

/// `__traceback__` setter (CPython's `BaseException_set_tb`): a traceback
/// object or `None`.
unsafe extern "C" fn set_traceback(op: *mut PyObject, tb: *mut PyObject, _: *mut c_void) -> c_int {
    if tb.is_null() {
        return fail(Exc::TypeError, "__traceback__ may not be deleted");
    }
    // SAFETY: a live object (the setter's argument).
    if tb != py_none() && !unsafe { crate::python::traceback::is_traceback(tb) } {
        return fail(Exc::TypeError, "__traceback__ must be a traceback or None");
    }
    // SAFETY: a live instance.
    unsafe { set_slot(&raw mut (*header(op)).traceback, tb) };
    0
}

/// A new reference to `value` or to `None` for NULL.
fn new_ref_or_none(value: *mut PyObject) -> *mut PyObject {
    let v = or_none(value);
    // SAFETY: a live object.
    unsafe { Py_IncRef(v) };
    v
}

/// `__context__` getter.
unsafe extern "C" fn get_context(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live instance.
    new_ref_or_none(unsafe { (*header(op)).context })
}

/// `__cause__` getter.
unsafe extern "C" fn get_cause(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live instance.
    new_ref_or_none(unsafe { (*header(op)).cause })
}

/// The value a `__context__` / `__cause__` assignment stores: NULL for
/// `None`, a new reference to an exception instance, or an error.
///
/// # Safety
/// `arg` must be NULL or a live object.
unsafe fn chained_value(arg: *mut PyObject, what: &str, attr: &str) -> Result<*mut PyObject, ()> {
    if arg.is_null() {
        raise(Exc::TypeError, format!("{attr} may not be deleted"));
        return Err(());
    }
    if arg == py_none() {
        return Ok(ptr::null_mut());
    }
    // SAFETY: live per the contract.
    if !unsafe { is_exception_instance(arg) } {
        raise(
            Exc::TypeError,
            format!("exception {what} must be None or derive from BaseException"),
        );
        return Err(());
    }
    // SAFETY: as above.
    unsafe { Py_IncRef(arg) };
    Ok(arg)
}

/// `__context__` setter.
unsafe extern "C" fn set_context(op: *mut PyObject, arg: *mut PyObject, _: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    match unsafe { chained_value(arg, "context", "__context__") } {
        // SAFETY: a live instance; the reference is stolen.
        Ok(v) => unsafe {
            PyException_SetContext(op, v);
            0
        },
        Err(()) => -1,
    }
}

/// `__cause__` setter (also sets `__suppress_context__`).
unsafe extern "C" fn set_cause(op: *mut PyObject, arg: *mut PyObject, _: *mut c_void) -> c_int {
    // SAFETY: forwarded.
    match unsafe { chained_value(arg, "cause", "__cause__") } {
        // SAFETY: a live instance; the reference is stolen.
        Ok(v) => unsafe {
            PyException_SetCause(op, v);
            0
        },
        Err(()) => -1,
    }
}

/// `BaseException.__reduce__()`: `(type, args)`, or `(type, args, dict)`
/// when the instance has a `__dict__`.
unsafe extern "C" fn base_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live instance; the tuple takes new references.
    unsafe {
        let ty = (*op).ob_type.cast::<PyObject>();
        let args = or_none(args_of(op));
        let dict = (*header(op)).dict;
        if dict.is_null() {
            tuple_from_slice(&[ty, args])
        } else {
            tuple_from_slice(&[ty, args, dict])
        }
    }
}

/// `BaseException.__setstate__(state)`: sets each item of the `state` dict
/// as an attribute (`None` sets nothing).
unsafe extern "C" fn base_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live instance and a live argument (METH_O).
    unsafe {
        if state != py_none() {
            if !is_dict(state) {
                return fail_null(Exc::TypeError, "state is not a dictionary");
            }
            let mut pos: Py_ssize_t = 0;
            let (mut key, mut value) = (ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(state, &mut pos, &mut key, &mut value) != 0 {
                Py_IncRef(key);
                Py_IncRef(value);
                let rc = PyObject_SetAttr(op, key, value);
                Py_DecRef(value);
                Py_DecRef(key);
                if rc < 0 {
                    return ptr::null_mut();
                }
            }
        }
        crate::objects::object::none()
    }
}

/// `BaseException.add_note(note)`: appends the `str` `note` to the list
/// `__notes__` (created on first use).
unsafe extern "C" fn add_note(op: *mut PyObject, note: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live instance and a live argument (METH_O); new references
    // are dropped on every path.
    unsafe {
        if !is_str(note) {
            return fail_null(
                Exc::TypeError,
                format!(
                    "note must be a str, not '{}'",
                    type_name((*note).ob_type.cast())
                ),
            );
        }
        let name = c"__notes__".as_ptr();
        if PyObject_HasAttrString(op, name) == 0 {
            let fresh = PyList_New(0);
            if fresh.is_null() {
                return fresh;
            }
            let rc = PyObject_SetAttrString(op, name, fresh);
            Py_DecRef(fresh);
            if rc < 0 {
                return ptr::null_mut();
            }
        }
        let notes = PyObject_GetAttrString(op, name);
        if notes.is_null() {
            return notes;
        }
        if !is_list(notes) {
            Py_DecRef(notes);
            return fail_null(Exc::TypeError, "Cannot add note: __notes__ is not a list");
        }
        let rc = PyList_Append(notes, note);
        Py_DecRef(notes);
        if rc < 0 {
            return ptr::null_mut();
        }
        crate::objects::object::none()
    }
}

/// `BaseException.with_traceback(tb)`: sets `__traceback__`, returns self.
unsafe extern "C" fn with_traceback(op: *mut PyObject, tb: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live instance; `tb` a live object (METH_O).
    if unsafe { PyException_SetTraceback(op, tb) } < 0 {
        return ptr::null_mut();
    }
    // SAFETY: a live object.
    unsafe { Py_IncRef(op) };
    op
}

// ==========================================================================
// The families' own construction and str()
// ==========================================================================

/// `StopIteration.__init__`: `value` is the first argument or `None`.
unsafe extern "C" fn stop_iteration_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if base_init(op, args, kwds) < 0 {
            return -1;
        }
        let value = if tupleobject::size(args) > 0 {
            tupleobject::get(args, 0)
        } else {
            py_none()
        };
        set_slot(field(op, offset_of!(PyStopIterationObject, value)), value);
    }
    0
}

/// `SystemExit.__init__`: `code` is the only argument, or the whole tuple
/// for several (unchanged for none).
unsafe extern "C" fn system_exit_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if base_init(op, args, kwds) < 0 {
            return -1;
        }
        let code = field(op, offset_of!(PySystemExitObject, code));
        match tupleobject::size(args) {
            0 => {}
            1 => set_slot(code, tupleobject::get(args, 0)),
            _ => set_slot(code, args),
        }
    }
    0
}

/// `ImportError.__init__(*args, name=None, path=None)`: `msg` is the only
/// argument, if exactly one.
unsafe extern "C" fn import_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if base_init(op, args, ptr::null_mut()) < 0 {
            return -1;
        }
        let Ok([name, path]) = keyword_only(kwds, "ImportError", ["name", "path"]) else {
            return -1;
        };
        set_slot(field(op, offset_of!(PyImportErrorObject, name)), name);
        set_slot(field(op, offset_of!(PyImportErrorObject, path)), path);
        let msg = if tupleobject::size(args) == 1 {
            tupleobject::get(args, 0)
        } else {
            ptr::null_mut()
        };
        set_slot(field(op, offset_of!(PyImportErrorObject, msg)), msg);
    }
    0
}

/// `ImportError.__str__`: `msg` when it is exactly a `str`.
unsafe extern "C" fn import_error_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live ImportError.
    unsafe {
        let msg = *field::<*mut PyObject>(op, offset_of!(PyImportErrorObject, msg));
        if !msg.is_null() && (*msg).ob_type == PyUnicode_Type.get() {
            Py_IncRef(msg);
            return msg;
        }
        base_str(op)
    }
}

/// `ImportError.__reduce__()`: `(type, args, state)` with `name` and `path`
/// in the state when set.
unsafe extern "C" fn import_error_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live ImportError.
    unsafe {
        let name = *field::<*mut PyObject>(op, offset_of!(PyImportErrorObject, name));
        let path = *field::<*mut PyObject>(op, offset_of!(PyImportErrorObject, path));
        let dict = (*header(op)).dict;
        if name.is_null() && path.is_null() && dict.is_null() {
            return base_reduce(op, ptr::null_mut());
        }
        let state = import_error_state(op, name, path, dict);
        if state.is_null() {
            return state;
        }
        let ty = (*op).ob_type.cast::<PyObject>();
        let res = tuple_from_slice(&[ty, or_none(args_of(op)), state]);
        Py_DecRef(state);
        res
    }
}

/// `NameError.__init__(*args, name=None)`.
unsafe extern "C" fn name_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if base_init(op, args, ptr::null_mut()) < 0 {
            return -1;
        }
        let Ok([name]) = keyword_only(kwds, "NameError", ["name"]) else {
            return -1;
        };
        set_slot(field(op, offset_of!(PyNameErrorObject, name)), name);
    }
    0
}

/// `AttributeError.__init__(*args, name=None, obj=None)`.
unsafe extern "C" fn attribute_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if base_init(op, args, ptr::null_mut()) < 0 {
            return -1;
        }
        let Ok([name, obj]) = keyword_only(kwds, "AttributeError", ["name", "obj"]) else {
            return -1;
        };
        set_slot(field(op, offset_of!(PyAttributeErrorObject, name)), name);
        set_slot(field(op, offset_of!(PyAttributeErrorObject, obj)), obj);
    }
    0
}

/// `SyntaxError.__init__(msg, (filename, lineno, offset, text[, end_lineno,
/// end_offset]))`.
unsafe extern "C" fn syntax_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if base_init(op, args, kwds) < 0 {
            return -1;
        }
        let n = tupleobject::size(args);
        if n >= 1 {
            set_slot(
                field(op, offset_of!(PySyntaxErrorObject, msg)),
                tupleobject::get(args, 0),
            );
        }
        if n != 2 {
            return 0;
        }
        let info = sequence_tuple(tupleobject::get(args, 1));
        if info.is_null() {
            return -1;
        }
        let len = tupleobject::size(info);
        if !(4..=6).contains(&len) {
            let (kind, bound) = if len < 4 {
                ("at least", 4)
            } else {
                ("at most", 6)
            };
            Py_DecRef(info);
            return fail(
                Exc::TypeError,
                format!("function takes {kind} {bound} arguments ({len} given)"),
            );
        }
        let offsets = [
            offset_of!(PySyntaxErrorObject, filename),
            offset_of!(PySyntaxErrorObject, lineno),
            offset_of!(PySyntaxErrorObject, offset),
            offset_of!(PySyntaxErrorObject, text),
            offset_of!(PySyntaxErrorObject, end_lineno),
            offset_of!(PySyntaxErrorObject, end_offset),
        ];
        for (i, &off) in offsets.iter().enumerate() {
            let item = if (i as Py_ssize_t) < len {
                tupleobject::get(info, i as Py_ssize_t)
            } else {
                ptr::null_mut()
            };
            set_slot(field(op, off), item);
        }
        Py_DecRef(info);
        let end_lineno = *field::<*mut PyObject>(op, offset_of!(PySyntaxErrorObject, end_lineno));
        let end_offset = *field::<*mut PyObject>(op, offset_of!(PySyntaxErrorObject, end_offset));
        if !end_lineno.is_null() && end_offset.is_null() {
            return fail(
                Exc::TypeError,
                "end_offset must be provided when end_lineno is provided",
            );
        }
    }
    0
}

/// `SyntaxError.__str__`: `msg (file, line N)`, with the file's base name,
/// or fewer parts when the filename or line number is missing.
unsafe extern "C" fn syntax_error_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live SyntaxError.
    unsafe {
        let get = |off| *field::<*mut PyObject>(op, off);
        let msg = or_none(get(offset_of!(PySyntaxErrorObject, msg)));
        let filename = get(offset_of!(PySyntaxErrorObject, filename));
        let lineno = get(offset_of!(PySyntaxErrorObject, lineno));
        let file = if !filename.is_null() && is_str(filename) {
            str_value(filename).map(|f| f.rsplit('/').next().unwrap_or(f).to_owned())
        } else {
            None
        };
        let line = if !lineno.is_null() && (*lineno).ob_type == PyLong_Type.get() {
            let mut overflow = 0;
            Some(PyLong_AsLongAndOverflow(lineno, &mut overflow))
        } else {
            None
        };
        if file.is_none() && line.is_none() {
            return PyObject_Str(msg);
        }
        let Some(msg) = str_text(msg) else {
            return ptr::null_mut();
        };
        unicode_from_str(&match (file, line) {
            (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
            (Some(f), None) => format!("{msg} ({f})"),
            (None, Some(l)) => format!("{msg} (line {l})"),
            (None, None) => unreachable!("handled above"),
        })
    }
}

// ==========================================================================
// OSError
// ==========================================================================

/// The `OSError` subclass CPython picks for an errno (its `errnomap`).
fn errno_subclass(errno: c_long) -> Option<Exc> {
    let e = c_int::try_from(errno).ok()?;
    Some(match e {
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => Exc::BlockingIOError,
        libc::EPIPE => Exc::BrokenPipeError,
        // Windows' C runtime has no ESHUTDOWN (CPython maps it `#ifdef`).
        #[cfg(unix)]
        libc::ESHUTDOWN => Exc::BrokenPipeError,
        libc::ECHILD => Exc::ChildProcessError,
        libc::ECONNABORTED => Exc::ConnectionAbortedError,
        libc::ECONNREFUSED => Exc::ConnectionRefusedError,
        libc::ECONNRESET => Exc::ConnectionResetError,
        libc::EEXIST => Exc::FileExistsError,
        libc::ENOENT => Exc::FileNotFoundError,
        libc::EISDIR => Exc::IsADirectoryError,
        libc::ENOTDIR => Exc::NotADirectoryError,
        libc::EINTR => Exc::InterruptedError,
        libc::EACCES | libc::EPERM => Exc::PermissionError,
        libc::ESRCH => Exc::ProcessLookupError,
        libc::ETIMEDOUT => Exc::TimeoutError,
        _ => return None,
    })
}

/// The parsed arguments of `OSError(errno, strerror[, filename[, winerror[,
/// filename2]]])` (borrowed).
#[derive(Clone, Copy)]
struct OsErrorArgs {
    errno: *mut PyObject,
    strerror: *mut PyObject,
    filename: *mut PyObject,
    filename2: *mut PyObject,
}

/// CPython's `oserror_parse_args`: 2 to 5 arguments are unpacked, other
/// counts leave everything unset.
///
/// # Safety
/// `args` must be a live tuple.
unsafe fn os_error_parse(args: *mut PyObject) -> OsErrorArgs {
    // SAFETY: per the contract.
    unsafe {
        let n = tupleobject::size(args);
        let at = |i: Py_ssize_t| {
            if i < n {
                tupleobject::get(args, i)
            } else {
                ptr::null_mut()
            }
        };
        if (2..=5).contains(&n) {
            OsErrorArgs {
                errno: at(0),
                strerror: at(1),
                filename: at(2),
                // at(3) is winerror, ignored on POSIX.
                filename2: at(4),
            }
        } else {
            OsErrorArgs {
                errno: ptr::null_mut(),
                strerror: ptr::null_mut(),
                filename: ptr::null_mut(),
                filename2: ptr::null_mut(),
            }
        }
    }
}

/// CPython's `oserror_init`: fills the fields and `args` (cut to the first
/// two when a filename was given).
///
/// # Safety
/// `op` must be a live OSError instance, `args` a live tuple.
unsafe fn os_error_fill(op: *mut PyObject, args: *mut PyObject, parsed: OsErrorArgs) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let mut args = args;
        Py_IncRef(args);
        let filename = parsed.filename;
        if !filename.is_null() && filename != py_none() {
            if (*op).ob_type == BLOCKING_IO_ERROR.get() && PyIndex_Check(filename) != 0 {
                // BlockingIOError's third argument may be the number of
                // characters written.
                let n = PyNumber_AsSsize_t(filename, Exc::ValueError.type_object());
                if n == -1 && !PyErr_Occurred().is_null() {
                    Py_DecRef(args);
                    return -1;
                }
                *field::<Py_ssize_t>(op, offset_of!(PyOSErrorObject, written)) = n;
            } else {
                set_slot(field(op, offset_of!(PyOSErrorObject, filename)), filename);
                let filename2 = parsed.filename2;
                if !filename2.is_null() && filename2 != py_none() {
                    set_slot(field(op, offset_of!(PyOSErrorObject, filename2)), filename2);
                }
                if (2..=5).contains(&tupleobject::size(args)) {
                    let two =
                        tuple_from_slice(&[tupleobject::get(args, 0), tupleobject::get(args, 1)]);
                    Py_DecRef(args);
                    if two.is_null() {
                        return -1;
                    }
                    args = two;
                }
            }
        }
        set_slot(
            field(op, offset_of!(PyOSErrorObject, myerrno)),
            parsed.errno,
        );
        set_slot(
            field(op, offset_of!(PyOSErrorObject, strerror)),
            parsed.strerror,
        );
        set_slot(&raw mut (*header(op)).args, args);
        Py_DecRef(args);
    }
    0
}

/// CPython's `oserror_use_init`: a subclass that defines its own
/// `__init__` but keeps `OSError.__new__` gets its arguments in `__init__`.
///
/// # Safety
/// `ty` must be a live type.
unsafe fn os_error_uses_init(ty: *mut PyTypeObject) -> bool {
    // SAFETY: per the contract.
    let (init, new) = unsafe { (inherited_init(ty), inherited_new(ty)) };
    init.map(|f| f as *const () as usize) != Some(os_error_init as *const () as usize)
        && new.map(|f| f as *const () as usize) == Some(os_error_new as *const () as usize)
}

/// `OSError.__new__`: maps `OSError(errno, ...)` to the subclass for that
/// errno (`OSError(2, 'x')` is a `FileNotFoundError`), as CPython does.
unsafe extern "C" fn os_error_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per tp_new's contract.
    unsafe {
        let args = if args.is_null() {
            empty_tuple()
        } else {
            Py_IncRef(args);
            args
        };
        let mut ty = ty;
        let use_init = os_error_uses_init(ty);
        let mut parsed = None;
        if !use_init {
            if !no_keywords(type_name(ty.cast()), kwds) {
                Py_DecRef(args);
                return ptr::null_mut();
            }
            let p = os_error_parse(args);
            if ty == OS_ERROR.get() && !p.errno.is_null() && is_int(p.errno) {
                let mut overflow = 0;
                let e = PyLong_AsLongAndOverflow(p.errno, &mut overflow);
                if let Some(sub) = errno_subclass(e).filter(|_| overflow == 0) {
                    ty = sub.type_object().cast();
                }
            }
            parsed = Some(p);
        }
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let op = alloc(ty, 0);
        if op.is_null() {
            Py_DecRef(args);
            return op;
        }
        *field::<Py_ssize_t>(op, offset_of!(PyOSErrorObject, written)) = -1;
        let rc = match parsed {
            Some(p) => os_error_fill(op, args, p),
            None => {
                (*header(op)).args = empty_tuple();
                0
            }
        };
        Py_DecRef(args);
        if rc < 0 {
            Py_DecRef(op);
            return ptr::null_mut();
        }
        op
    }
}

/// `OSError.__init__`: does the work only for subclasses that take their
/// arguments in `__init__` (everything else happened in `__new__`).
unsafe extern "C" fn os_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if !os_error_uses_init((*op).ob_type) {
            return 0;
        }
        if !no_keywords(type_name((*op).ob_type.cast()), kwds) {
            return -1;
        }
        os_error_fill(op, args, os_error_parse(args))
    }
}

/// `OSError.__str__`: `[Errno N] strerror: 'file'` (with ` -> 'file2'`),
/// `[Errno N] strerror`, or `BaseException.__str__`.
unsafe extern "C" fn os_error_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live OSError.
    unsafe {
        let get = |off| *field::<*mut PyObject>(op, off);
        let errno = get(offset_of!(PyOSErrorObject, myerrno));
        let strerror = get(offset_of!(PyOSErrorObject, strerror));
        let filename = get(offset_of!(PyOSErrorObject, filename));
        let filename2 = get(offset_of!(PyOSErrorObject, filename2));
        let text = if !filename.is_null() {
            let head = (|| {
                Some(format!(
                    "[Errno {}] {}: {}",
                    str_text(or_none(errno))?,
                    str_text(or_none(strerror))?,
                    repr_text(filename)?
                ))
            })();
            if filename2.is_null() {
                head
            } else {
                head.and_then(|h| Some(format!("{h} -> {}", repr_text(filename2)?)))
            }
        } else if !errno.is_null() && !strerror.is_null() {
            (|| {
                Some(format!(
                    "[Errno {}] {}",
                    str_text(errno)?,
                    str_text(strerror)?
                ))
            })()
        } else {
            return base_str(op);
        };
        str_result(text)
    }
}

/// `OSError.__reduce__()`: restores the filename arguments `args` lost.
unsafe extern "C" fn os_error_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live OSError.
    unsafe {
        let mut args = args_of(op);
        let filename = *field::<*mut PyObject>(op, offset_of!(PyOSErrorObject, filename));
        let filename2 = *field::<*mut PyObject>(op, offset_of!(PyOSErrorObject, filename2));
        if !args.is_null() && tupleobject::size(args) == 2 && !filename.is_null() {
            let (a, b) = (tupleobject::get(args, 0), tupleobject::get(args, 1));
            args = if filename2.is_null() {
                tuple_from_slice(&[a, b, filename])
            } else {
                tuple_from_slice(&[a, b, filename, py_none(), filename2])
            };
            if args.is_null() {
                return args;
            }
        } else {
            args = or_none(args);
            Py_IncRef(args);
        }
        let ty = (*op).ob_type.cast::<PyObject>();
        let dict = (*header(op)).dict;
        let res = if dict.is_null() {
            tuple_from_slice(&[ty, args])
        } else {
            tuple_from_slice(&[ty, args, dict])
        };
        Py_DecRef(args);
        res
    }
}

/// `OSError.characters_written` getter: set only by `BlockingIOError`.
unsafe extern "C" fn get_written(op: *mut PyObject, _: *mut c_void) -> *mut PyObject {
    // SAFETY: a live OSError.
    let written = unsafe { *field::<Py_ssize_t>(op, offset_of!(PyOSErrorObject, written)) };
    if written == -1 {
        return fail_null(Exc::AttributeError, "characters_written");
    }
    PyLong_FromSsize_t(written)
}

/// `OSError.characters_written` setter / deleter.
unsafe extern "C" fn set_written(op: *mut PyObject, arg: *mut PyObject, _: *mut c_void) -> c_int {
    // SAFETY: a live OSError.
    let written = unsafe { field::<Py_ssize_t>(op, offset_of!(PyOSErrorObject, written)) };
    if arg.is_null() {
        // SAFETY: as above.
        if unsafe { *written } == -1 {
            return fail(Exc::AttributeError, "characters_written");
        }
        // SAFETY: as above.
        unsafe { *written = -1 };
        return 0;
    }
    // SAFETY: a live object.
    let n = unsafe { PyNumber_AsSsize_t(arg, Exc::ValueError.type_object()) };
    if n == -1 && !PyErr_Occurred().is_null() {
        return -1;
    }
    // SAFETY: as above.
    unsafe { *written = n };
    0
}

// ==========================================================================
// UnicodeEncodeError, UnicodeTranslateError
// ==========================================================================

/// Parses the `(str, str, int, int, str)`-like argument tuples of the
/// Unicode errors (`PyArg_ParseTuple` with `U` and `n` units), storing the
/// objects in `fields` (each with its unit) and the integers in `start` /
/// `end`.
///
/// # Safety
/// `op` must be a live Unicode-error instance, `args` a live tuple.
unsafe fn unicode_error_parse(op: *mut PyObject, args: *mut PyObject, units: &[u8]) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let n = tupleobject::size(args);
        if n != units.len() as Py_ssize_t {
            let want = units.len();
            let s = if want == 1 { "" } else { "s" };
            return fail(
                Exc::TypeError,
                format!("function takes exactly {want} argument{s} ({n} given)"),
            );
        }
        let mut objects = Vec::new();
        let mut ints = Vec::new();
        for (i, &unit) in units.iter().enumerate() {
            let item = tupleobject::get(args, i as Py_ssize_t);
            match unit {
                b'U' => {
                    if !is_str(item) {
                        return fail(
                            Exc::TypeError,
                            format!(
                                "argument {} must be str, not {}",
                                i + 1,
                                type_name_of_object(item)
                            ),
                        );
                    }
                    objects.push(item);
                }
                b'O' => objects.push(item),
                _ => {
                    let v = ssize_arg(item);
                    if v == -1 && !PyErr_Occurred().is_null() {
                        return -1;
                    }
                    ints.push(v);
                }
            }
        }
        let reason = objects.pop().expect("every format ends with the reason");
        let object = objects.pop().expect("every format has the object");
        let encoding = objects.pop();
        let u = |off| field::<*mut PyObject>(op, off);
        set_slot(
            u(offset_of!(PyUnicodeErrorObject, encoding)),
            encoding.unwrap_or(ptr::null_mut()),
        );
        set_slot(u(offset_of!(PyUnicodeErrorObject, object)), object);
        set_slot(u(offset_of!(PyUnicodeErrorObject, reason)), reason);
        *field::<Py_ssize_t>(op, offset_of!(PyUnicodeErrorObject, start)) = ints[0];
        *field::<Py_ssize_t>(op, offset_of!(PyUnicodeErrorObject, end)) = ints[1];
    }
    0
}

/// The `n` unit of `PyArg_ParseTuple`: an index-able object as a
/// `Py_ssize_t`, with getargs' messages.
///
/// # Safety
/// `item` must be a live object.
unsafe fn ssize_arg(item: *mut PyObject) -> Py_ssize_t {
    // SAFETY: per the contract.
    unsafe {
        if (*(*item).ob_type).tp_flags & Py_TPFLAGS_LONG_SUBCLASS == 0 && PyIndex_Check(item) == 0 {
            raise(
                Exc::TypeError,
                format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_name_of_object(item)
                ),
            );
            return -1;
        }
        PyNumber_AsSsize_t(item, Exc::OverflowError.type_object())
    }
}

/// The `tp_name` of `op`'s type, cut to 200 bytes as CPython's `%.200s`.
///
/// # Safety
/// `op` must be a live object.
unsafe fn type_name_of_object(op: *mut PyObject) -> String {
    // SAFETY: per the contract.
    let name = unsafe { type_name((*op).ob_type.cast()) };
    let mut end = name.len().min(200);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].to_owned()
}

/// `UnicodeEncodeError.__init__(encoding, object, start, end, reason)`.
unsafe extern "C" fn unicode_encode_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if base_init(op, args, kwds) < 0 {
            return -1;
        }
        unicode_error_parse(op, args, b"UUnnU")
    }
}

/// `UnicodeTranslateError.__init__(object, start, end, reason)`.
unsafe extern "C" fn unicode_translate_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if base_init(op, args, kwds) < 0 {
            return -1;
        }
        unicode_error_parse(op, args, b"UnnU")
    }
}

/// The message of `UnicodeEncodeError` / `UnicodeTranslateError`:
/// `prefix` + "character '\xNN' in position P: reason" for one bad
/// character, else "characters in position P-Q: reason".
///
/// # Safety
/// `op` must be a live Unicode-error instance with a `str` object.
unsafe fn unicode_char_error_str(op: *mut PyObject, prefix: &str) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let object = *field::<*mut PyObject>(op, offset_of!(PyUnicodeErrorObject, object));
        if object.is_null() {
            return unicode_from_str("");
        }
        let reason = *field::<*mut PyObject>(op, offset_of!(PyUnicodeErrorObject, reason));
        let Some(reason) = str_text(or_none(reason)) else {
            return ptr::null_mut();
        };
        let start = *field::<Py_ssize_t>(op, offset_of!(PyUnicodeErrorObject, start));
        let end = *field::<Py_ssize_t>(op, offset_of!(PyUnicodeErrorObject, end));
        // Code points, not UTF-8: the object may hold lone surrogates.
        let chars: Vec<u32> = if crate::objects::unicodeobject::is_str(object) {
            crate::objects::unicodeobject::code_points(object)
        } else {
            Vec::new()
        };
        let text = if start >= 0 && (start as usize) < chars.len() && end == start + 1 {
            let c = chars[start as usize];
            let escaped = if c <= 0xff {
                format!("\\x{c:02x}")
            } else if c <= 0xffff {
                format!("\\u{c:04x}")
            } else {
                format!("\\U{c:08x}")
            };
            format!("{prefix}character '{escaped}' in position {start}: {reason}")
        } else {
            format!(
                "{prefix}characters in position {start}-{}: {reason}",
                end - 1
            )
        };
        unicode_from_str(&text)
    }
}

/// `UnicodeEncodeError.__str__`.
unsafe extern "C" fn unicode_encode_error_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live UnicodeEncodeError.
    unsafe {
        let encoding = *field::<*mut PyObject>(op, offset_of!(PyUnicodeErrorObject, encoding));
        if (*field::<*mut PyObject>(op, offset_of!(PyUnicodeErrorObject, object))).is_null() {
            return unicode_from_str("");
        }
        let Some(encoding) = str_text(or_none(encoding)) else {
            return ptr::null_mut();
        };
        unicode_char_error_str(op, &format!("'{encoding}' codec can't encode "))
    }
}

/// `UnicodeTranslateError.__str__`.
unsafe extern "C" fn unicode_translate_error_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live UnicodeTranslateError.
    unsafe { unicode_char_error_str(op, "can't translate ") }
}

// ==========================================================================
// UnicodeDecodeError
// ==========================================================================

/// `UnicodeDecodeError.__init__(encoding, object, start, end, reason)`:
/// `object` may be any buffer exporter; it is stored as `bytes`.
unsafe extern "C" fn unicode_decode_error_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: per tp_init's contract.
    unsafe {
        if base_init(op, args, kwds) < 0 || unicode_error_parse(op, args, b"UOnnU") < 0 {
            return -1;
        }
        let object = field::<*mut PyObject>(op, offset_of!(PyUnicodeErrorObject, object));
        if is_bytes(*object) {
            return 0;
        }
        let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
        if PyObject_GetBuffer(*object, view.as_mut_ptr(), PyBUF_SIMPLE) != 0 {
            for off in [
                offset_of!(PyUnicodeErrorObject, encoding),
                offset_of!(PyUnicodeErrorObject, object),
                offset_of!(PyUnicodeErrorObject, reason),
            ] {
                clear_slot(field(op, off));
            }
            return -1;
        }
        let view = view.assume_init_mut();
        let bytes = PyBytes_FromStringAndSize(view.buf.cast(), view.len);
        PyBuffer_Release(view);
        if bytes.is_null() {
            return -1;
        }
        set_slot(object, bytes);
        Py_DecRef(bytes);
    }
    0
}

/// `UnicodeDecodeError.__str__`: "'utf-8' codec can't decode byte 0xff in
/// position 0: invalid start byte", or "bytes in position P-Q" for a range.
unsafe extern "C" fn unicode_decode_error_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live UnicodeDecodeError.
    unsafe {
        let object = *field::<*mut PyObject>(op, offset_of!(PyUnicodeErrorObject, object));
        if object.is_null() {
            return unicode_from_str("");
        }
        let reason = *field::<*mut PyObject>(op, offset_of!(PyUnicodeErrorObject, reason));
        let encoding = *field::<*mut PyObject>(op, offset_of!(PyUnicodeErrorObject, encoding));
        let (Some(reason), Some(encoding)) =
            (str_text(or_none(reason)), str_text(or_none(encoding)))
        else {
            return ptr::null_mut();
        };
        let start = *field::<Py_ssize_t>(op, offset_of!(PyUnicodeErrorObject, start));
        let end = *field::<Py_ssize_t>(op, offset_of!(PyUnicodeErrorObject, end));
        let size = if is_bytes(object) {
            PyBytes_Size(object)
        } else {
            0
        };
        let text = if start >= 0 && start < size && end == start + 1 {
            let byte = *PyBytes_AsString(object).cast::<u8>().add(start as usize);
            format!(
                "'{encoding}' codec can't decode byte 0x{byte:02x} in position {start}: {reason}"
            )
        } else {
            format!(
                "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
                end - 1
            )
        };
        unicode_from_str(&text)
    }
}

/// `PyUnicodeDecodeError_Create(encoding, object, length, start, end,
/// reason)`: a new `UnicodeDecodeError` over a copy of `length` bytes.
///
/// # Safety
/// `encoding` and `reason` must be NUL-terminated UTF-8; `object` readable
/// for `length` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicodeDecodeError_Create(
    encoding: *const c_char,
    object: *const c_char,
    length: Py_ssize_t,
    start: Py_ssize_t,
    end: Py_ssize_t,
    reason: *const c_char,
) -> *mut PyObject {
    // SAFETY: per the contract; every new reference is dropped below.
    unsafe {
        let parts = [
            PyUnicode_FromString(encoding),
            PyBytes_FromStringAndSize(object, length),
            PyLong_FromSsize_t(start),
            PyLong_FromSsize_t(end),
            PyUnicode_FromString(reason),
        ];
        if parts.iter().any(|p| p.is_null()) {
            for p in parts {
                Py_DecRef(p);
            }
            return ptr::null_mut();
        }
        let args = tuple_from_owned(parts.to_vec());
        if args.is_null() {
            return args;
        }
        let exc = instantiate(UNICODE_DECODE_ERROR.get(), args, ptr::null_mut());
        Py_DecRef(args);
        exc
    }
}
// ==========================================================================
// BaseExceptionGroup and ExceptionGroup (PEP 654)
// ==========================================================================

// Declared by hand: the variadic parsers live in `getargs.c`.
unsafe extern "C" {
    fn PyArg_ParseTuple(args: *mut PyObject, format: *const c_char, ...) -> c_int;
    fn PyArg_UnpackTuple(
        args: *mut PyObject,
        name: *const c_char,
        min: Py_ssize_t,
        max: Py_ssize_t,
        ...
    ) -> c_int;
}

/// `ExceptionGroup`: as in CPython, not a static type but a class made
/// at start-up by `PyErr_NewException("builtins.ExceptionGroup",
/// (BaseExceptionGroup, Exception))`, kept for the process.
static EXCEPTION_GROUP: crate::modules::MadeOnce = crate::modules::MadeOnce::new();

/// The `ExceptionGroup` class (borrowed), made on first use; NULL with the
/// error if it cannot be made.
pub(crate) fn exception_group_type() -> *mut PyObject {
    EXCEPTION_GROUP.get_or_make(|| {
        // SAFETY: the two static exception types; the bases tuple is
        // released after the class (which holds its own) is made.
        unsafe {
            let bases =
                tuple_from_slice(&[BASE_EXCEPTION_GROUP.get().cast(), EXCEPTION.get().cast()]);
            if bases.is_null() {
                return bases;
            }
            let ty = crate::python::errors::PyErr_NewException(
                c"builtins.ExceptionGroup".as_ptr(),
                bases,
                ptr::null_mut(),
            );
            Py_DecRef(bases);
            ty
        }
    })
}

/// The group fields of an instance.
///
/// # Safety
/// `op` must be a live `BaseExceptionGroup` instance.
unsafe fn group(op: *mut PyObject) -> *mut PyBaseExceptionGroupObject {
    op.cast()
}

/// The message (a str) and exceptions (a tuple) of a group, borrowed; or
/// None with `SystemError` for an instance made without
/// `BaseExceptionGroup.__new__` (a C `tp_new` calling `BaseException`'s
/// directly), whose fields are NULL.
///
/// # Safety
/// `op` must be a live `BaseExceptionGroup` instance.
unsafe fn group_fields(op: *mut PyObject) -> Option<(*mut PyObject, *mut PyObject)> {
    // SAFETY: per the contract.
    let (msg, excs) = unsafe { ((*group(op)).msg, (*group(op)).excs) };
    if msg.is_null() || excs.is_null() {
        PyErr_BadInternalCall();
        return None;
    }
    Some((msg, excs))
}

/// True for an instance of `BaseExceptionGroup` (or a subclass).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_group(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { PyType_IsSubtype((*op).ob_type, BASE_EXCEPTION_GROUP.get()) != 0 }
}

/// `tp_new` of `BaseExceptionGroup(message, exceptions)`: a str message
/// and a non-empty sequence of exception instances, kept as a tuple.
/// `BaseExceptionGroup` itself makes an `ExceptionGroup` when every
/// exception is an `Exception`; `ExceptionGroup` (and any subclass of
/// `Exception`) refuses one that is not.
unsafe extern "C" fn group_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    let mut message: *mut PyObject = ptr::null_mut();
    let mut given: *mut PyObject = ptr::null_mut();
    // SAFETY: tp_new's contract: a live type, a tuple and NULL or a dict;
    // the format's `U` and `O` fill the two borrowed pointers.
    unsafe {
        if PyArg_ParseTuple(
            args,
            c"UO:BaseExceptionGroup.__new__".as_ptr(),
            &mut message as *mut *mut PyObject,
            &mut given as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        if crate::objects::r#abstract::PySequence_Check(given) == 0 {
            return fail_null(
                Exc::TypeError,
                "second argument (exceptions) must be a sequence",
            );
        }
        let excs = sequence_tuple(given);
        if excs.is_null() {
            return excs;
        }
        let Some(cls) = group_class(ty, excs) else {
            Py_DecRef(excs);
            return ptr::null_mut();
        };
        let op = base_new(cls, args, kwds);
        if op.is_null() {
            Py_DecRef(excs);
            return op;
        }
        Py_IncRef(message);
        (*group(op)).msg = message;
        (*group(op)).excs = excs;
        op
    }
}

/// The class a `ty(message, excs)` call makes (CPython's checks in
/// `BaseExceptionGroup_new`), or None with the error.
///
/// # Safety
/// `ty` must be a live subtype of `BaseExceptionGroup`, `excs` a tuple.
unsafe fn group_class(ty: *mut PyTypeObject, excs: *mut PyObject) -> Option<*mut PyTypeObject> {
    // SAFETY: per the contract; the items are live while the tuple is.
    unsafe {
        let n = tupleobject::size(excs);
        if n == 0 {
            raise(
                Exc::ValueError,
                "second argument (exceptions) must be a non-empty sequence",
            );
            return None;
        }
        let mut nested_base = false;
        for i in 0..n {
            let exc = tupleobject::get(excs, i);
            if !is_exception_instance(exc) {
                raise(
                    Exc::ValueError,
                    format!("Item {i} of second argument (exceptions) is not an exception"),
                );
                return None;
            }
            match crate::objects::typeobject::PyObject_IsInstance(exc, EXCEPTION.get().cast()) {
                r if r < 0 => return None,
                0 => nested_base = true,
                _ => {}
            }
        }
        let eg = exception_group_type();
        if eg.is_null() {
            return None;
        }
        let eg = eg.cast::<PyTypeObject>();
        if ty == eg {
            if nested_base {
                raise(
                    Exc::TypeError,
                    "Cannot nest BaseExceptions in an ExceptionGroup",
                );
                return None;
            }
            return Some(ty);
        }
        if ty == BASE_EXCEPTION_GROUP.get() {
            // Only Exceptions: wrapped in an ExceptionGroup.
            return Some(if nested_base { ty } else { eg });
        }
        if nested_base {
            match crate::objects::typeobject::PyObject_IsSubclass(ty.cast(), EXCEPTION.get().cast())
            {
                r if r < 0 => return None,
                0 => {}
                _ => {
                    let name = CStr::from_ptr((*ty).tp_name).to_string_lossy();
                    let name: String = name.chars().take(200).collect();
                    raise(
                        Exc::TypeError,
                        format!("Cannot nest BaseExceptions in '{name}'"),
                    );
                    return None;
                }
            }
        }
        Some(ty)
    }
}

/// `str(group)`: `message (N sub-exception[s])`.
unsafe extern "C" fn group_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live group, whose message is a str and exceptions a tuple.
    unsafe {
        let Some((msg, excs)) = group_fields(op) else {
            return ptr::null_mut();
        };
        let Some(msg) = str_text(msg) else {
            return ptr::null_mut();
        };
        let n = tupleobject::size(excs);
        let s = if n > 1 { "s" } else { "" };
        unicode_from_str(&format!("{msg} ({n} sub-exception{s})"))
    }
}

/// `group.derive(excs)`: `BaseExceptionGroup(self.message, excs)`, the
/// hook `split` and `subgroup` make their parts with.
unsafe extern "C" fn group_derive(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    let mut excs: *mut PyObject = ptr::null_mut();
    // SAFETY: a live group and a varargs call's tuple.
    unsafe {
        if PyArg_ParseTuple(args, c"O".as_ptr(), &mut excs as *mut *mut PyObject) == 0 {
            return ptr::null_mut();
        }
        group_call_base(op, excs)
    }
}

/// `BaseExceptionGroup(op.message, excs)`.
///
/// # Safety
/// `op` must be a live group, `excs` a live object.
unsafe fn group_call_base(op: *mut PyObject, excs: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some((msg, _)) = group_fields(op) else {
            return ptr::null_mut();
        };
        let init_args = tuple_from_slice(&[msg, excs]);
        if init_args.is_null() {
            return init_args;
        }
        let eg =
            crate::objects::call::PyObject_CallObject(BASE_EXCEPTION_GROUP.get().cast(), init_args);
        Py_DecRef(init_args);
        eg
    }
}

/// What `split` / `subgroup` match leaves against (CPython 3.11 takes a
/// Python function as a predicate too; the library has no Python
/// functions, so every callable but a class is refused, as CPython
/// refuses a C callable).
///
/// # Safety
/// `value` must be a live object.
unsafe fn check_matcher(value: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    let ok = unsafe {
        is_exception_class(value)
            || (crate::objects::object::type_of(value) == tupleobject::PyTuple_Type.get()
                && (0..tupleobject::size(value))
                    .all(|i| is_exception_class(tupleobject::get(value, i))))
    };
    if !ok {
        raise(
            Exc::TypeError,
            "expected a function, exception type or tuple of exception types",
        );
    }
    ok
}

/// The two parts of a split: the matching and (when asked for) the rest,
/// each a new reference or NULL for nothing.
struct SplitParts {
    matched: *mut PyObject,
    rest: *mut PyObject,
}

impl SplitParts {
    fn release(&mut self) {
        // SAFETY: NULL or references this value owns.
        unsafe {
            Py_DecRef(std::mem::replace(&mut self.matched, ptr::null_mut()));
            Py_DecRef(std::mem::replace(&mut self.rest, ptr::null_mut()));
        }
    }
}

/// A group with `orig`'s metadata over `excs` (a list), made by
/// `orig.derive(excs)`: NULL for an empty list (Ok), or Err with the error.
/// The traceback, context and cause are copied, and `__notes__` (a
/// sequence) as a new list, so the parts' notes are independent.
///
/// # Safety
/// `orig` must be a live group, `excs` a live list.
unsafe fn group_subset(orig: *mut PyObject, excs: *mut PyObject) -> Result<*mut PyObject, ()> {
    // SAFETY: per the contract; every new object is owned and checked.
    unsafe {
        let n = crate::objects::r#abstract::PySequence_Size(excs);
        if n < 0 {
            return Err(());
        }
        if n == 0 {
            return Ok(ptr::null_mut());
        }
        let eg = crate::objects::call::PyObject_CallMethodOneArg(
            orig,
            crate::objects::object::Owned::new(unicode_from_str("derive"))
                .ok_or(())?
                .as_ptr(),
            excs,
        );
        let Some(eg) = crate::objects::object::Owned::new(eg) else {
            return Err(());
        };
        if !is_group(eg.as_ptr()) {
            raise(
                Exc::TypeError,
                "derive must return an instance of BaseExceptionGroup",
            );
            return Err(());
        }
        let tb = PyException_GetTraceback(orig);
        if !tb.is_null() {
            let r = PyException_SetTraceback(eg.as_ptr(), tb);
            Py_DecRef(tb);
            if r < 0 {
                return Err(());
            }
        }
        PyException_SetContext(eg.as_ptr(), PyException_GetContext(orig));
        PyException_SetCause(eg.as_ptr(), PyException_GetCause(orig));
        let key = crate::objects::object::Owned::new(unicode_from_str("__notes__")).ok_or(())?;
        let mut notes: *mut PyObject = ptr::null_mut();
        if crate::objects::object::_PyObject_LookupAttr(orig, key.as_ptr(), &mut notes) < 0 {
            return Err(());
        }
        if let Some(notes) = crate::objects::object::Owned::new(notes)
            && crate::objects::r#abstract::PySequence_Check(notes.as_ptr()) != 0
        {
            let copy = crate::objects::object::Owned::new(
                crate::objects::r#abstract::PySequence_List(notes.as_ptr()),
            )
            .ok_or(())?;
            if PyObject_SetAttr(eg.as_ptr(), key.as_ptr(), copy.as_ptr()) < 0 {
                return Err(());
            }
        }
        Ok(eg.into_raw())
    }
}

/// CPython's `exceptiongroup_split_recursive`: `exc` whole when it
/// matches; a leaf that does not is the rest; a group is split item by
/// item and its parts re-made with [`group_subset`].
///
/// # Safety
/// `exc` must be a live exception, `matcher` checked by [`check_matcher`].
unsafe fn split_recursive(
    exc: *mut PyObject,
    matcher: *mut PyObject,
    with_rest: bool,
) -> Result<SplitParts, ()> {
    let mut parts = SplitParts {
        matched: ptr::null_mut(),
        rest: ptr::null_mut(),
    };
    // SAFETY: per the contract; the group's tuple is read-only and held by
    // the group, which the caller holds.
    unsafe {
        match crate::python::errors::PyErr_GivenExceptionMatches(exc, matcher) {
            r if r < 0 => return Err(()),
            0 => {}
            _ => {
                Py_IncRef(exc);
                parts.matched = exc;
                return Ok(parts);
            }
        }
        if !is_group(exc) {
            if with_rest {
                Py_IncRef(exc);
                parts.rest = exc;
            }
            return Ok(parts);
        }
        let Some((_, excs)) = group_fields(exc) else {
            return Err(());
        };
        let Some(match_list) = crate::objects::object::Owned::new(PyList_New(0)) else {
            return Err(());
        };
        let rest_list = if with_rest {
            Some(crate::objects::object::Owned::new(PyList_New(0)).ok_or(())?)
        } else {
            None
        };
        for i in 0..tupleobject::size(excs) {
            let e = tupleobject::get(excs, i);
            if crate::python::ceval::Py_EnterRecursiveCall(
                c" in exceptiongroup_split_recursive".as_ptr(),
            ) != 0
            {
                return Err(());
            }
            let sub = split_recursive(e, matcher, with_rest);
            crate::python::ceval::Py_LeaveRecursiveCall();
            let mut sub = sub?;
            let appended = (sub.matched.is_null()
                || PyList_Append(match_list.as_ptr(), sub.matched) == 0)
                && (sub.rest.is_null()
                    || rest_list
                        .as_ref()
                        .is_some_and(|l| PyList_Append(l.as_ptr(), sub.rest) == 0));
            sub.release();
            if !appended {
                return Err(());
            }
        }
        parts.matched = group_subset(exc, match_list.as_ptr())?;
        if let Some(rest_list) = rest_list {
            match group_subset(exc, rest_list.as_ptr()) {
                Ok(r) => parts.rest = r,
                Err(()) => {
                    parts.release();
                    return Err(());
                }
            }
        }
        Ok(parts)
    }
}

/// The one argument of `split` / `subgroup` (`PyArg_UnpackTuple`'s
/// messages), checked as a matcher; None with the error.
///
/// # Safety
/// `args` must be a tuple.
unsafe fn matcher_arg(args: *mut PyObject, name: &CStr) -> Option<*mut PyObject> {
    let mut matcher: *mut PyObject = ptr::null_mut();
    // SAFETY: per the contract; one borrowed pointer to fill.
    unsafe {
        if PyArg_UnpackTuple(
            args,
            name.as_ptr(),
            1,
            1,
            &mut matcher as *mut *mut PyObject,
        ) == 0
            || !check_matcher(matcher)
        {
            return None;
        }
    }
    Some(matcher)
}

/// `group.split(condition)`: `(match, rest)`, each a group or None.
unsafe extern "C" fn group_split(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live group and a varargs call's tuple.
    unsafe {
        let Some(matcher) = matcher_arg(args, c"split") else {
            return ptr::null_mut();
        };
        let Ok(mut parts) = split_recursive(op, matcher, true) else {
            return ptr::null_mut();
        };
        let r = tuple_from_slice(&[or_none(parts.matched), or_none(parts.rest)]);
        parts.release();
        r
    }
}

/// `group.subgroup(condition)`: the matching part, or None.
unsafe extern "C" fn group_subgroup(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live group and a varargs call's tuple.
    unsafe {
        let Some(matcher) = matcher_arg(args, c"subgroup") else {
            return ptr::null_mut();
        };
        let Ok(parts) = split_recursive(op, matcher, false) else {
            return ptr::null_mut();
        };
        if parts.matched.is_null() {
            return new_ref_or_none(ptr::null_mut());
        }
        parts.matched
    }
}

// ==========================================================================
// Releasing fields: dealloc, clear and traverse per family
// ==========================================================================

/// Drops the reference in `*slot` and sets it to NULL, reading the old value
/// first so that a destructor re-entering the object sees NULL (CPython's
/// `Py_CLEAR`).
///
/// # Safety
/// `slot` must point to a field of a live object holding NULL or a strong
/// reference.
unsafe fn clear_slot(slot: *mut *mut PyObject) {
    // SAFETY: a valid field per the contract.
    let old = unsafe { slot.replace(ptr::null_mut()) };
    // SAFETY: the field owned this reference.
    unsafe { Py_DecRef(old) };
}

/// The object fields of the common header, in declaration order.
fn header_fields(op: *mut PyBaseExceptionObject) -> [*mut *mut PyObject; 6] {
    // SAFETY: field addresses inside the caller's live instance; nothing is
    // read.
    unsafe {
        [
            &raw mut (*op).dict,
            &raw mut (*op).args,
            &raw mut (*op).notes,
            &raw mut (*op).traceback,
            &raw mut (*op).cause,
            &raw mut (*op).context,
        ]
    }
}

/// The object fields a family adds after the common header, as byte offsets.
const fn family_fields(family: FamilyId) -> &'static [usize] {
    match family {
        FamilyId::Base => &[],
        FamilyId::StopIteration => &[offset_of!(PyStopIterationObject, value)],
        FamilyId::SystemExit => &[offset_of!(PySystemExitObject, code)],
        FamilyId::ImportError => &[
            offset_of!(PyImportErrorObject, msg),
            offset_of!(PyImportErrorObject, name),
            offset_of!(PyImportErrorObject, path),
        ],
        FamilyId::OSError => &[
            offset_of!(PyOSErrorObject, myerrno),
            offset_of!(PyOSErrorObject, strerror),
            offset_of!(PyOSErrorObject, filename),
            offset_of!(PyOSErrorObject, filename2),
        ],
        FamilyId::NameError => &[offset_of!(PyNameErrorObject, name)],
        FamilyId::AttributeError => &[
            offset_of!(PyAttributeErrorObject, obj),
            offset_of!(PyAttributeErrorObject, name),
        ],
        FamilyId::SyntaxError => &[
            offset_of!(PySyntaxErrorObject, msg),
            offset_of!(PySyntaxErrorObject, filename),
            offset_of!(PySyntaxErrorObject, lineno),
            offset_of!(PySyntaxErrorObject, offset),
            offset_of!(PySyntaxErrorObject, end_lineno),
            offset_of!(PySyntaxErrorObject, end_offset),
            offset_of!(PySyntaxErrorObject, text),
            offset_of!(PySyntaxErrorObject, print_file_and_line),
        ],
        FamilyId::UnicodeError => &[
            offset_of!(PyUnicodeErrorObject, encoding),
            offset_of!(PyUnicodeErrorObject, object),
            offset_of!(PyUnicodeErrorObject, reason),
        ],
        FamilyId::ExceptionGroup => &[
            offset_of!(PyBaseExceptionGroupObject, msg),
            offset_of!(PyBaseExceptionGroupObject, excs),
        ],
    }
}

/// Every object field of an instance of `family`: the header's, then the
/// family's own.
///
/// # Safety
/// `op` must be a live instance whose type belongs to `family` (or derives
/// from one that does).
unsafe fn all_fields(
    op: *mut PyObject,
    family: FamilyId,
) -> impl Iterator<Item = *mut *mut PyObject> {
    let header = header_fields(op.cast());
    let own = family_fields(family).iter().map(move |&offset| {
        // SAFETY: the offset lies inside the family's layout, which the
        // instance has per the contract.
        unsafe { op.cast::<u8>().add(offset).cast::<*mut PyObject>() }
    });
    header.into_iter().chain(own)
}

macro_rules! family_slots {
    ($($family:ident: $dealloc:ident, $clear:ident, $traverse:ident;)*) => {$(
        /// `tp_clear` of the family: drops every object field.
        ///
        /// # Safety
        /// `op` must be a live instance of the family.
        unsafe extern "C" fn $clear(op: *mut PyObject) -> c_int {
            // SAFETY: per the contract.
            for field in unsafe { all_fields(op, FamilyId::$family) } {
                // SAFETY: each field is NULL or a strong reference.
                unsafe { clear_slot(field) };
            }
            0
        }

        /// `tp_dealloc` of the family: drops the fields, then frees the
        /// instance with its type's `tp_free`.
        ///
        /// # Safety
        /// `op` must be an unreferenced instance of the family.
        unsafe extern "C" fn $dealloc(op: *mut PyObject) {
            // SAFETY: per the contract.
            unsafe {
                PyObject_GC_UnTrack(op.cast());
                $clear(op);
            }
            // SAFETY: the type is live while its instance is.
            let free = unsafe { (*(*op).ob_type).tp_free }.unwrap_or(PyObject_Free);
            // SAFETY: the instance's own deallocator.
            unsafe { free(op.cast::<c_void>()) };
        }

        /// `tp_traverse` of the family: visits every object field.
        ///
        /// # Safety
        /// `op` must be a live instance of the family.
        unsafe extern "C" fn $traverse(
            op: *mut PyObject,
            visit: visitproc,
            arg: *mut c_void,
        ) -> c_int {
            // SAFETY: per the contract.
            for field in unsafe { all_fields(op, FamilyId::$family) } {
                // SAFETY: a valid field of a live object.
                let value = unsafe { *field };
                if !value.is_null() {
                    // SAFETY: the visitor's own contract.
                    let rc = unsafe { visit(value, arg) };
                    if rc != 0 {
                        return rc;
                    }
                }
            }
            0
        }
    )*};
}

family_slots! {
    Base: base_dealloc, base_clear, base_traverse;
    StopIteration: stop_iteration_dealloc, stop_iteration_clear, stop_iteration_traverse;
    SystemExit: system_exit_dealloc, system_exit_clear, system_exit_traverse;
    ImportError: import_error_dealloc, import_error_clear, import_error_traverse;
    OSError: os_error_dealloc, os_error_clear, os_error_traverse;
    NameError: name_error_dealloc, name_error_clear, name_error_traverse;
    AttributeError: attribute_error_dealloc, attribute_error_clear, attribute_error_traverse;
    SyntaxError: syntax_error_dealloc, syntax_error_clear, syntax_error_traverse;
    UnicodeError: unicode_error_dealloc, unicode_error_clear, unicode_error_traverse;
    ExceptionGroup: exception_group_dealloc, exception_group_clear, exception_group_traverse;
}

// ==========================================================================
// Families
// ==========================================================================

/// The instance layouts ("stores" in CPython's macros).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FamilyId {
    Base,
    StopIteration,
    SystemExit,
    ImportError,
    OSError,
    NameError,
    AttributeError,
    SyntaxError,
    UnicodeError,
    ExceptionGroup,
}

/// What an instance layout decides about a type.
struct Family {
    basicsize: usize,
    dealloc: destructor,
    clear: inquiry,
    traverse: traverseproc,
}

const fn family(id: FamilyId) -> Family {
    macro_rules! f {
        ($layout:ty, $dealloc:ident, $clear:ident, $traverse:ident) => {
            Family {
                basicsize: size_of::<$layout>(),
                dealloc: $dealloc,
                clear: $clear,
                traverse: $traverse,
            }
        };
    }
    match id {
        FamilyId::Base => f!(
            PyBaseExceptionObject,
            base_dealloc,
            base_clear,
            base_traverse
        ),
        FamilyId::StopIteration => f!(
            PyStopIterationObject,
            stop_iteration_dealloc,
            stop_iteration_clear,
            stop_iteration_traverse
        ),
        FamilyId::SystemExit => f!(
            PySystemExitObject,
            system_exit_dealloc,
            system_exit_clear,
            system_exit_traverse
        ),
        FamilyId::ImportError => f!(
            PyImportErrorObject,
            import_error_dealloc,
            import_error_clear,
            import_error_traverse
        ),
        FamilyId::OSError => {
            f!(
                PyOSErrorObject,
                os_error_dealloc,
                os_error_clear,
                os_error_traverse
            )
        }
        FamilyId::NameError => f!(
            PyNameErrorObject,
            name_error_dealloc,
            name_error_clear,
            name_error_traverse
        ),
        FamilyId::AttributeError => f!(
            PyAttributeErrorObject,
            attribute_error_dealloc,
            attribute_error_clear,
            attribute_error_traverse
        ),
        FamilyId::SyntaxError => f!(
            PySyntaxErrorObject,
            syntax_error_dealloc,
            syntax_error_clear,
            syntax_error_traverse
        ),
        FamilyId::UnicodeError => f!(
            PyUnicodeErrorObject,
            unicode_error_dealloc,
            unicode_error_clear,
            unicode_error_traverse
        ),
        FamilyId::ExceptionGroup => f!(
            PyBaseExceptionGroupObject,
            exception_group_dealloc,
            exception_group_clear,
            exception_group_traverse
        ),
    }
}

// ==========================================================================
// Keyword arguments
// ==========================================================================

/// CPython's `_PyArg_NoKeywords(name, kwds)`: true when `kwds` is NULL or
/// empty; else false with `TypeError("name() takes no keyword arguments")`.
///
/// # Safety
/// `kwds` must be NULL or a live dict.
unsafe fn no_keywords(name: &str, kwds: *mut PyObject) -> bool {
    if kwds.is_null() {
        return true;
    }
    // SAFETY: a live object per the contract.
    if !unsafe { is_dict(kwds) } {
        PyErr_BadInternalCall();
        return false;
    }
    // SAFETY: a live dict.
    if unsafe { PyDict_Size(kwds) } == 0 {
        return true;
    }
    let name = &name[..name.len().min(200)];
    raise(
        Exc::TypeError,
        format!("{name}() takes no keyword arguments"),
    );
    false
}

/// The keyword-only parameters `names` of `fname` (CPython parses them
/// with `"|$O...:fname"`): each given value (borrowed) or NULL. An unknown
/// keyword or a non-`str` key fails with getargs' messages.
///
/// # Safety
/// `kwds` must be NULL or a live dict.
unsafe fn keyword_only<const N: usize>(
    kwds: *mut PyObject,
    fname: &str,
    names: [&str; N],
) -> Result<[*mut PyObject; N], ()> {
    let mut values = [ptr::null_mut(); N];
    if kwds.is_null() {
        return Ok(values);
    }
    let mut pos: Py_ssize_t = 0;
    let (mut key, mut value) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: a live dict; the loop reads borrowed entries.
    while unsafe { PyDict_Next(kwds, &mut pos, &mut key, &mut value) } != 0 {
        // SAFETY: a live key.
        let Some(k) = (unsafe { str_value(key) }) else {
            raise(Exc::TypeError, "keywords must be strings");
            return Err(());
        };
        match names.iter().position(|n| *n == k) {
            Some(i) => values[i] = value,
            None => {
                raise(
                    Exc::TypeError,
                    format!("'{k}' is an invalid keyword argument for {fname}()"),
                );
                return Err(());
            }
        }
    }
    Ok(values)
}

/// The state `ImportError.__reduce__` returns: the instance dict (copied)
/// with `name` and `path` added when set.
///
/// # Safety
/// The arguments must be NULL or live objects; `dict` NULL or a dict.
unsafe fn import_error_state(
    _op: *mut PyObject,
    name: *mut PyObject,
    path: *mut PyObject,
    dict: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let state = if dict.is_null() {
            PyDict_New()
        } else {
            PyDict_Copy(dict)
        };
        if state.is_null() {
            return state;
        }
        for (key, value) in [(c"name", name), (c"path", path)] {
            if !value.is_null() && PyDict_SetItemString(state, key.as_ptr(), value) < 0 {
                Py_DecRef(state);
                return ptr::null_mut();
            }
        }
        state
    }
}

// ==========================================================================
// The type table
// ==========================================================================

/// How a built-in exception type behaves: its layout family and the slots
/// it has (its own or inherited from the base that defines them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Base,
    KeyError,
    StopIteration,
    SystemExit,
    ImportError,
    OSError,
    NameError,
    AttributeError,
    SyntaxError,
    UnicodeEncodeError,
    UnicodeDecodeError,
    UnicodeTranslateError,
    ExceptionGroup,
}

impl Kind {
    const fn family(self) -> FamilyId {
        match self {
            Kind::Base | Kind::KeyError => FamilyId::Base,
            Kind::StopIteration => FamilyId::StopIteration,
            Kind::SystemExit => FamilyId::SystemExit,
            Kind::ImportError => FamilyId::ImportError,
            Kind::OSError => FamilyId::OSError,
            Kind::NameError => FamilyId::NameError,
            Kind::AttributeError => FamilyId::AttributeError,
            Kind::SyntaxError => FamilyId::SyntaxError,
            Kind::UnicodeEncodeError | Kind::UnicodeDecodeError | Kind::UnicodeTranslateError => {
                FamilyId::UnicodeError
            }
            Kind::ExceptionGroup => FamilyId::ExceptionGroup,
        }
    }

    const fn tp_new(self) -> newfunc {
        match self {
            Kind::OSError => os_error_new,
            Kind::ExceptionGroup => group_new,
            _ => base_new,
        }
    }

    const fn tp_init(self) -> initproc {
        match self {
            Kind::Base | Kind::KeyError | Kind::ExceptionGroup => base_init,
            Kind::StopIteration => stop_iteration_init,
            Kind::SystemExit => system_exit_init,
            Kind::ImportError => import_error_init,
            Kind::OSError => os_error_init,
            Kind::NameError => name_error_init,
            Kind::AttributeError => attribute_error_init,
            Kind::SyntaxError => syntax_error_init,
            Kind::UnicodeEncodeError => unicode_encode_error_init,
            Kind::UnicodeDecodeError => unicode_decode_error_init,
            Kind::UnicodeTranslateError => unicode_translate_error_init,
        }
    }

    const fn tp_str(self) -> reprfunc {
        match self {
            Kind::KeyError => key_error_str,
            Kind::ImportError => import_error_str,
            Kind::OSError => os_error_str,
            Kind::SyntaxError => syntax_error_str,
            Kind::UnicodeEncodeError => unicode_encode_error_str,
            Kind::UnicodeDecodeError => unicode_decode_error_str,
            Kind::UnicodeTranslateError => unicode_translate_error_str,
            Kind::ExceptionGroup => group_str,
            _ => base_str,
        }
    }
}

/// A C-visible table (`PyMemberDef[]`, ...) as a static.
#[repr(transparent)]
struct Table<T, const N: usize>([T; N]);

// SAFETY: the tables hold pointers to static strings only and are never
// written.
unsafe impl<T, const N: usize> Sync for Table<T, N> {}

impl<T, const N: usize> Table<T, N> {
    const fn ptr(&'static self) -> *mut T {
        self.0.as_ptr() as *mut T
    }
}

const fn member(
    name: &'static CStr,
    type_code: c_int,
    offset: usize,
    doc: &'static CStr,
) -> PyMemberDef {
    PyMemberDef {
        name: name.as_ptr(),
        type_code,
        offset: offset as Py_ssize_t,
        flags: 0,
        doc: if doc.is_empty() {
            ptr::null()
        } else {
            doc.as_ptr()
        },
    }
}

const fn getset(name: &'static CStr, get: getter, set: setter, doc: &'static CStr) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set: Some(set),
        doc: if doc.is_empty() {
            ptr::null()
        } else {
            doc.as_ptr()
        },
        closure: ptr::null_mut(),
    }
}

const fn method(
    name: &'static CStr,
    meth: PyCFunction,
    flags: c_int,
    doc: &'static CStr,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(meth),
        ml_flags: flags,
        ml_doc: if doc.is_empty() {
            ptr::null()
        } else {
            doc.as_ptr()
        },
    }
}

type ExcStore = PyBaseExceptionObject;

static BASE_MEMBERS: Table<PyMemberDef, 2> = Table([
    member(
        c"__suppress_context__",
        T_BOOL,
        offset_of!(ExcStore, suppress_context),
        c"",
    ),
    PyMemberDef::zeroed(),
]);
static BASE_GETSET: Table<PyGetSetDef, 6> = Table([
    getset(
        c"__dict__",
        PyObject_GenericGetDict,
        PyObject_GenericSetDict,
        c"",
    ),
    getset(c"args", get_args, set_args, c""),
    getset(c"__traceback__", get_traceback, set_traceback, c""),
    getset(
        c"__context__",
        get_context,
        set_context,
        c"exception context",
    ),
    getset(c"__cause__", get_cause, set_cause, c"exception cause"),
    PyGetSetDef::zeroed(),
]);
static BASE_METHODS: Table<PyMethodDef, 5> = Table([
    method(c"__reduce__", base_reduce, METH_NOARGS, c""),
    method(c"__setstate__", base_setstate, METH_O, c""),
    method(
        c"with_traceback",
        with_traceback,
        METH_O,
        c"Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self.",
    ),
    method(
        c"add_note",
        add_note,
        METH_O,
        c"Exception.add_note(note) --\n    add a note to the exception",
    ),
    PyMethodDef::zeroed(),
]);
static STOP_ITERATION_MEMBERS: Table<PyMemberDef, 2> = Table([
    member(
        c"value",
        T_OBJECT,
        offset_of!(PyStopIterationObject, value),
        c"generator return value",
    ),
    PyMemberDef::zeroed(),
]);
static SYSTEM_EXIT_MEMBERS: Table<PyMemberDef, 2> = Table([
    member(
        c"code",
        T_OBJECT,
        offset_of!(PySystemExitObject, code),
        c"exception code",
    ),
    PyMemberDef::zeroed(),
]);
static IMPORT_ERROR_MEMBERS: Table<PyMemberDef, 4> = Table([
    member(
        c"msg",
        T_OBJECT,
        offset_of!(PyImportErrorObject, msg),
        c"exception message",
    ),
    member(
        c"name",
        T_OBJECT,
        offset_of!(PyImportErrorObject, name),
        c"module name",
    ),
    member(
        c"path",
        T_OBJECT,
        offset_of!(PyImportErrorObject, path),
        c"module path",
    ),
    PyMemberDef::zeroed(),
]);
static IMPORT_ERROR_METHODS: Table<PyMethodDef, 2> = Table([
    method(c"__reduce__", import_error_reduce, METH_NOARGS, c""),
    PyMethodDef::zeroed(),
]);
static OS_ERROR_MEMBERS: Table<PyMemberDef, 5> = Table([
    member(
        c"errno",
        T_OBJECT,
        offset_of!(PyOSErrorObject, myerrno),
        c"POSIX exception code",
    ),
    member(
        c"strerror",
        T_OBJECT,
        offset_of!(PyOSErrorObject, strerror),
        c"exception strerror",
    ),
    member(
        c"filename",
        T_OBJECT,
        offset_of!(PyOSErrorObject, filename),
        c"exception filename",
    ),
    member(
        c"filename2",
        T_OBJECT,
        offset_of!(PyOSErrorObject, filename2),
        c"second exception filename",
    ),
    PyMemberDef::zeroed(),
]);
static OS_ERROR_GETSET: Table<PyGetSetDef, 2> = Table([
    getset(c"characters_written", get_written, set_written, c""),
    PyGetSetDef::zeroed(),
]);
static OS_ERROR_METHODS: Table<PyMethodDef, 2> = Table([
    method(c"__reduce__", os_error_reduce, METH_NOARGS, c""),
    PyMethodDef::zeroed(),
]);
static NAME_ERROR_MEMBERS: Table<PyMemberDef, 2> = Table([
    member(
        c"name",
        T_OBJECT,
        offset_of!(PyNameErrorObject, name),
        c"name",
    ),
    PyMemberDef::zeroed(),
]);
static ATTRIBUTE_ERROR_MEMBERS: Table<PyMemberDef, 3> = Table([
    member(
        c"name",
        T_OBJECT,
        offset_of!(PyAttributeErrorObject, name),
        c"attribute name",
    ),
    member(
        c"obj",
        T_OBJECT,
        offset_of!(PyAttributeErrorObject, obj),
        c"object",
    ),
    PyMemberDef::zeroed(),
]);
static SYNTAX_ERROR_MEMBERS: Table<PyMemberDef, 9> = Table([
    member(
        c"msg",
        T_OBJECT,
        offset_of!(PySyntaxErrorObject, msg),
        c"exception msg",
    ),
    member(
        c"filename",
        T_OBJECT,
        offset_of!(PySyntaxErrorObject, filename),
        c"exception filename",
    ),
    member(
        c"lineno",
        T_OBJECT,
        offset_of!(PySyntaxErrorObject, lineno),
        c"exception lineno",
    ),
    member(
        c"offset",
        T_OBJECT,
        offset_of!(PySyntaxErrorObject, offset),
        c"exception offset",
    ),
    member(
        c"text",
        T_OBJECT,
        offset_of!(PySyntaxErrorObject, text),
        c"exception text",
    ),
    member(
        c"end_lineno",
        T_OBJECT,
        offset_of!(PySyntaxErrorObject, end_lineno),
        c"exception end lineno",
    ),
    member(
        c"end_offset",
        T_OBJECT,
        offset_of!(PySyntaxErrorObject, end_offset),
        c"exception end offset",
    ),
    member(
        c"print_file_and_line",
        T_OBJECT,
        offset_of!(PySyntaxErrorObject, print_file_and_line),
        c"exception print_file_and_line",
    ),
    PyMemberDef::zeroed(),
]);
static UNICODE_ERROR_MEMBERS: Table<PyMemberDef, 6> = Table([
    member(
        c"encoding",
        T_OBJECT,
        offset_of!(PyUnicodeErrorObject, encoding),
        c"exception encoding",
    ),
    member(
        c"object",
        T_OBJECT,
        offset_of!(PyUnicodeErrorObject, object),
        c"exception object",
    ),
    member(
        c"start",
        T_PYSSIZET,
        offset_of!(PyUnicodeErrorObject, start),
        c"exception start",
    ),
    member(
        c"end",
        T_PYSSIZET,
        offset_of!(PyUnicodeErrorObject, end),
        c"exception end",
    ),
    member(
        c"reason",
        T_OBJECT,
        offset_of!(PyUnicodeErrorObject, reason),
        c"exception reason",
    ),
    PyMemberDef::zeroed(),
]);

static GROUP_MEMBERS: Table<PyMemberDef, 3> = Table([
    PyMemberDef {
        flags: READONLY,
        ..member(
            c"message",
            T_OBJECT,
            offset_of!(PyBaseExceptionGroupObject, msg),
            c"exception message",
        )
    },
    PyMemberDef {
        flags: READONLY,
        ..member(
            c"exceptions",
            T_OBJECT,
            offset_of!(PyBaseExceptionGroupObject, excs),
            c"nested exceptions",
        )
    },
    PyMemberDef::zeroed(),
]);
static GROUP_METHODS: Table<PyMethodDef, 5> = Table([
    method(
        c"__class_getitem__",
        crate::objects::genericaliasobject::Py_GenericAlias,
        METH_O | METH_CLASS,
        c"See PEP 585",
    ),
    method(c"derive", group_derive, METH_VARARGS, c""),
    method(c"split", group_split, METH_VARARGS, c""),
    method(c"subgroup", group_subgroup, METH_VARARGS, c""),
    PyMethodDef::zeroed(),
]);

/// The attribute tables a type defines itself (CPython's
/// `ComplexExtendsException` types and `BaseException`); other types find
/// these through their bases.
const fn own_tables(
    kind: Kind,
    is_root: bool,
) -> (*mut PyMemberDef, *mut PyGetSetDef, *mut PyMethodDef) {
    let none = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    if !is_root {
        return none;
    }
    match kind {
        Kind::Base => (BASE_MEMBERS.ptr(), BASE_GETSET.ptr(), BASE_METHODS.ptr()),
        Kind::KeyError => none,
        Kind::StopIteration => (
            STOP_ITERATION_MEMBERS.ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
        ),
        Kind::SystemExit => (SYSTEM_EXIT_MEMBERS.ptr(), ptr::null_mut(), ptr::null_mut()),
        Kind::ImportError => (
            IMPORT_ERROR_MEMBERS.ptr(),
            ptr::null_mut(),
            IMPORT_ERROR_METHODS.ptr(),
        ),
        Kind::OSError => (
            OS_ERROR_MEMBERS.ptr(),
            OS_ERROR_GETSET.ptr(),
            OS_ERROR_METHODS.ptr(),
        ),
        Kind::NameError => (NAME_ERROR_MEMBERS.ptr(), ptr::null_mut(), ptr::null_mut()),
        Kind::AttributeError => (
            ATTRIBUTE_ERROR_MEMBERS.ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
        ),
        Kind::SyntaxError => (SYNTAX_ERROR_MEMBERS.ptr(), ptr::null_mut(), ptr::null_mut()),
        Kind::UnicodeEncodeError | Kind::UnicodeDecodeError | Kind::UnicodeTranslateError => (
            UNICODE_ERROR_MEMBERS.ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
        ),
        Kind::ExceptionGroup => (GROUP_MEMBERS.ptr(), ptr::null_mut(), GROUP_METHODS.ptr()),
    }
}

/// A static exception type named `name`, deriving from `base`, behaving as
/// `kind`; `is_root` when it defines its kind's attribute tables.
const fn exception_type(
    name: &'static CStr,
    base: *mut PyTypeObject,
    kind: Kind,
    is_root: bool,
    doc: &'static CStr,
) -> PyTypeObject {
    let family = family(kind.family());
    let (members, getsets, methods) = own_tables(kind, is_root);
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = typeobject::PyType_Type.get();
    ty.tp_name = name.as_ptr();
    ty.tp_basicsize = family.basicsize as Py_ssize_t;
    ty.tp_dealloc = Some(family.dealloc);
    ty.tp_repr = Some(base_repr);
    ty.tp_str = Some(kind.tp_str());
    // Not READY: `PyType_Ready` runs on first attribute lookup and fills
    // `tp_dict` from the tables below.
    ty.tp_flags = Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASE_EXC_SUBCLASS;
    // An empty doc is none at all: `__doc__` is None, as for the classes
    // `PyErr_NewException` makes.
    ty.tp_doc = if doc.is_empty() {
        ptr::null()
    } else {
        doc.as_ptr()
    };
    ty.tp_traverse = Some(family.traverse);
    ty.tp_clear = Some(family.clear);
    ty.tp_members = members;
    ty.tp_getset = getsets;
    ty.tp_methods = methods;
    ty.tp_base = if base.is_null() {
        typeobject::PyBaseObject_Type.get()
    } else {
        base
    };
    ty.tp_dictoffset = offset_of!(PyBaseExceptionObject, dict) as Py_ssize_t;
    ty.tp_init = Some(kind.tp_init());
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_new = Some(kind.tp_new());
    ty.tp_free = Some(PyObject_GC_Del);
    ty
}

macro_rules! exceptions {
    ($(
        $(#[$doc:meta])*
        $variant:ident: $static:ident, $export:ident = $name:literal < $base:expr,
            $kind:ident $(+ $root:ident)?, $tp_doc:literal;
    )*) => {
        $(
            $(#[$doc])*
            pub static $static: StaticObject<PyTypeObject> = StaticObject::new(
                exception_type($name, $base, Kind::$kind, false $(|| is_root!($root))?, $tp_doc),
            );
            $(#[$doc])*
            #[unsafe(no_mangle)]
            pub static $export: ObjectPtr = ObjectPtr($static.get() as *mut PyObject);
        )*

        /// The built-in exception types, for Rust callers.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Exc {
            $( $(#[$doc])* $variant, )*
        }

        impl Exc {
            /// The type object C code sees, e.g. `PyExc_BufferError`.
            pub fn type_object(self) -> *mut PyObject {
                match self {
                    $( Exc::$variant => $static.get() as *mut PyObject, )*
                }
            }

            /// Every built-in exception type, each after its base.
            pub const ALL: &'static [Exc] = &[$( Exc::$variant, )*];
        }
    };
}

/// Marks a type that defines its kind's attribute tables (`+ root`).
macro_rules! is_root {
    (root) => {
        true
    };
}

const NO_BASE: *mut PyTypeObject = ptr::null_mut();

exceptions! {
    /// `BaseException`.
    BaseException: BASE_EXCEPTION, PyExc_BaseException = c"BaseException" < NO_BASE,
        Base + root, c"Common base class for all exceptions";
    /// `Exception`.
    Exception: EXCEPTION, PyExc_Exception = c"Exception" < BASE_EXCEPTION.get(),
        Base, c"Common base class for all non-exit exceptions.";
    /// `GeneratorExit`.
    GeneratorExit: GENERATOR_EXIT, PyExc_GeneratorExit = c"GeneratorExit" < BASE_EXCEPTION.get(),
        Base, c"Request that a generator exit.";
    /// `KeyboardInterrupt`.
    KeyboardInterrupt: KEYBOARD_INTERRUPT, PyExc_KeyboardInterrupt = c"KeyboardInterrupt"
        < BASE_EXCEPTION.get(), Base, c"Program interrupted by user.";
    /// `BaseExceptionGroup` (PEP 654); `ExceptionGroup` is a class made
    /// at start-up ([`exception_group_type`]).
    BaseExceptionGroup: BASE_EXCEPTION_GROUP, PyExc_BaseExceptionGroup = c"BaseExceptionGroup"
        < BASE_EXCEPTION.get(), ExceptionGroup + root,
        c"A combination of multiple unrelated exceptions.";
    /// `SystemExit`.
    SystemExit: SYSTEM_EXIT, PyExc_SystemExit = c"SystemExit" < BASE_EXCEPTION.get(),
        SystemExit + root, c"Request to exit from the interpreter.";
    /// `TypeError`.
    TypeError: TYPE_ERROR, PyExc_TypeError = c"TypeError" < EXCEPTION.get(),
        Base, c"Inappropriate argument type.";
    /// `StopAsyncIteration`.
    StopAsyncIteration: STOP_ASYNC_ITERATION, PyExc_StopAsyncIteration = c"StopAsyncIteration"
        < EXCEPTION.get(), Base, c"Signal the end from iterator.__anext__().";
    /// `StopIteration`.
    StopIteration: STOP_ITERATION, PyExc_StopIteration = c"StopIteration" < EXCEPTION.get(),
        StopIteration + root, c"Signal the end from iterator.__next__().";
    /// `ImportError`.
    ImportError: IMPORT_ERROR, PyExc_ImportError = c"ImportError" < EXCEPTION.get(),
        ImportError + root, c"Import can't find module, or can't find name in module.";
    /// `ModuleNotFoundError`.
    ModuleNotFoundError: MODULE_NOT_FOUND_ERROR, PyExc_ModuleNotFoundError = c"ModuleNotFoundError"
        < IMPORT_ERROR.get(), ImportError, c"Module not found.";
    /// `OSError` (also exported as `PyExc_EnvironmentError` and `PyExc_IOError`).
    OSError: OS_ERROR, PyExc_OSError = c"OSError" < EXCEPTION.get(),
        OSError + root, c"Base class for I/O related errors.";
    /// `BlockingIOError`.
    BlockingIOError: BLOCKING_IO_ERROR, PyExc_BlockingIOError = c"BlockingIOError"
        < OS_ERROR.get(), OSError, c"I/O operation would block.";
    /// `ConnectionError`.
    ConnectionError: CONNECTION_ERROR, PyExc_ConnectionError = c"ConnectionError"
        < OS_ERROR.get(), OSError, c"Connection error.";
    /// `ChildProcessError`.
    ChildProcessError: CHILD_PROCESS_ERROR, PyExc_ChildProcessError = c"ChildProcessError"
        < OS_ERROR.get(), OSError, c"Child process error.";
    /// `BrokenPipeError`.
    BrokenPipeError: BROKEN_PIPE_ERROR, PyExc_BrokenPipeError = c"BrokenPipeError"
        < CONNECTION_ERROR.get(), OSError, c"Broken pipe.";
    /// `ConnectionAbortedError`.
    ConnectionAbortedError: CONNECTION_ABORTED_ERROR, PyExc_ConnectionAbortedError =
        c"ConnectionAbortedError" < CONNECTION_ERROR.get(), OSError, c"Connection aborted.";
    /// `ConnectionRefusedError`.
    ConnectionRefusedError: CONNECTION_REFUSED_ERROR, PyExc_ConnectionRefusedError =
        c"ConnectionRefusedError" < CONNECTION_ERROR.get(), OSError, c"Connection refused.";
    /// `ConnectionResetError`.
    ConnectionResetError: CONNECTION_RESET_ERROR, PyExc_ConnectionResetError =
        c"ConnectionResetError" < CONNECTION_ERROR.get(), OSError, c"Connection reset.";
    /// `FileExistsError`.
    FileExistsError: FILE_EXISTS_ERROR, PyExc_FileExistsError = c"FileExistsError"
        < OS_ERROR.get(), OSError, c"File already exists.";
    /// `FileNotFoundError`.
    FileNotFoundError: FILE_NOT_FOUND_ERROR, PyExc_FileNotFoundError = c"FileNotFoundError"
        < OS_ERROR.get(), OSError, c"File not found.";
    /// `IsADirectoryError`.
    IsADirectoryError: IS_A_DIRECTORY_ERROR, PyExc_IsADirectoryError = c"IsADirectoryError"
        < OS_ERROR.get(), OSError, c"Operation doesn't work on directories.";
    /// `NotADirectoryError`.
    NotADirectoryError: NOT_A_DIRECTORY_ERROR, PyExc_NotADirectoryError = c"NotADirectoryError"
        < OS_ERROR.get(), OSError, c"Operation only works on directories.";
    /// `InterruptedError`.
    InterruptedError: INTERRUPTED_ERROR, PyExc_InterruptedError = c"InterruptedError"
        < OS_ERROR.get(), OSError, c"Interrupted by signal.";
    /// `PermissionError`.
    PermissionError: PERMISSION_ERROR, PyExc_PermissionError = c"PermissionError"
        < OS_ERROR.get(), OSError, c"Not enough permissions.";
    /// `ProcessLookupError`.
    ProcessLookupError: PROCESS_LOOKUP_ERROR, PyExc_ProcessLookupError = c"ProcessLookupError"
        < OS_ERROR.get(), OSError, c"Process not found.";
    /// `TimeoutError`.
    TimeoutError: TIMEOUT_ERROR, PyExc_TimeoutError = c"TimeoutError" < OS_ERROR.get(),
        OSError, c"Timeout expired.";
    /// `EOFError`.
    EOFError: EOF_ERROR, PyExc_EOFError = c"EOFError" < EXCEPTION.get(),
        Base, c"Read beyond end of file.";
    /// `RuntimeError`.
    RuntimeError: RUNTIME_ERROR, PyExc_RuntimeError = c"RuntimeError" < EXCEPTION.get(),
        Base, c"Unspecified run-time error.";
    /// `RecursionError`.
    RecursionError: RECURSION_ERROR, PyExc_RecursionError = c"RecursionError"
        < RUNTIME_ERROR.get(), Base, c"Recursion limit exceeded.";
    /// `NotImplementedError`.
    NotImplementedError: NOT_IMPLEMENTED_ERROR, PyExc_NotImplementedError = c"NotImplementedError"
        < RUNTIME_ERROR.get(), Base, c"Method or function hasn't been implemented yet.";
    /// `NameError`.
    NameError: NAME_ERROR, PyExc_NameError = c"NameError" < EXCEPTION.get(),
        NameError + root, c"Name not found globally.";
    /// `UnboundLocalError`.
    UnboundLocalError: UNBOUND_LOCAL_ERROR, PyExc_UnboundLocalError = c"UnboundLocalError"
        < NAME_ERROR.get(), NameError, c"Local name referenced but not bound to a value.";
    /// `AttributeError`.
    AttributeError: ATTRIBUTE_ERROR, PyExc_AttributeError = c"AttributeError" < EXCEPTION.get(),
        AttributeError + root, c"Attribute not found.";
    /// `SyntaxError`.
    SyntaxError: SYNTAX_ERROR, PyExc_SyntaxError = c"SyntaxError" < EXCEPTION.get(),
        SyntaxError + root, c"Invalid syntax.";
    /// `IndentationError`.
    IndentationError: INDENTATION_ERROR, PyExc_IndentationError = c"IndentationError"
        < SYNTAX_ERROR.get(), SyntaxError, c"Improper indentation.";
    /// `TabError`.
    TabError: TAB_ERROR, PyExc_TabError = c"TabError" < INDENTATION_ERROR.get(),
        SyntaxError, c"Improper mixture of spaces and tabs.";
    /// `LookupError`.
    LookupError: LOOKUP_ERROR, PyExc_LookupError = c"LookupError" < EXCEPTION.get(),
        Base, c"Base class for lookup errors.";
    /// `IndexError`.
    IndexError: INDEX_ERROR, PyExc_IndexError = c"IndexError" < LOOKUP_ERROR.get(),
        Base, c"Sequence index out of range.";
    /// `KeyError`.
    KeyError: KEY_ERROR, PyExc_KeyError = c"KeyError" < LOOKUP_ERROR.get(),
        KeyError, c"Mapping key not found.";
    /// `ValueError`.
    ValueError: VALUE_ERROR, PyExc_ValueError = c"ValueError" < EXCEPTION.get(),
        Base, c"Inappropriate argument value (of correct type).";
    /// `UnicodeError`.
    UnicodeError: UNICODE_ERROR, PyExc_UnicodeError = c"UnicodeError" < VALUE_ERROR.get(),
        Base, c"Unicode related error.";
    /// `UnicodeEncodeError`.
    UnicodeEncodeError: UNICODE_ENCODE_ERROR, PyExc_UnicodeEncodeError = c"UnicodeEncodeError"
        < UNICODE_ERROR.get(), UnicodeEncodeError + root, c"Unicode encoding error.";
    /// `UnicodeDecodeError`.
    UnicodeDecodeError: UNICODE_DECODE_ERROR, PyExc_UnicodeDecodeError = c"UnicodeDecodeError"
        < UNICODE_ERROR.get(), UnicodeDecodeError + root, c"Unicode decoding error.";
    /// `UnicodeTranslateError`.
    UnicodeTranslateError: UNICODE_TRANSLATE_ERROR, PyExc_UnicodeTranslateError =
        c"UnicodeTranslateError" < UNICODE_ERROR.get(), UnicodeTranslateError + root, c"Unicode translation error.";
    /// `AssertionError`.
    AssertionError: ASSERTION_ERROR, PyExc_AssertionError = c"AssertionError" < EXCEPTION.get(),
        Base, c"Assertion failed.";
    /// `ArithmeticError`.
    ArithmeticError: ARITHMETIC_ERROR, PyExc_ArithmeticError = c"ArithmeticError"
        < EXCEPTION.get(), Base, c"Base class for arithmetic errors.";
    /// `FloatingPointError`.
    FloatingPointError: FLOATING_POINT_ERROR, PyExc_FloatingPointError = c"FloatingPointError"
        < ARITHMETIC_ERROR.get(), Base, c"Floating point operation failed.";
    /// `OverflowError`.
    OverflowError: OVERFLOW_ERROR, PyExc_OverflowError = c"OverflowError"
        < ARITHMETIC_ERROR.get(), Base, c"Result too large to be represented.";
    /// `ZeroDivisionError`.
    ZeroDivisionError: ZERO_DIVISION_ERROR, PyExc_ZeroDivisionError = c"ZeroDivisionError"
        < ARITHMETIC_ERROR.get(), Base,
        c"Second argument to a division or modulo operation was zero.";
    /// `SystemError`.
    SystemError: SYSTEM_ERROR, PyExc_SystemError = c"SystemError" < EXCEPTION.get(), Base,
        c"Internal error in the Python interpreter.\n\nPlease report this to the Python maintainer, along with the traceback,\nthe Python version, and the hardware/OS platform and version.";
    /// `ReferenceError`.
    ReferenceError: REFERENCE_ERROR, PyExc_ReferenceError = c"ReferenceError" < EXCEPTION.get(),
        Base, c"Weak ref proxy used after referent went away.";
    /// `MemoryError`.
    MemoryError: MEMORY_ERROR, PyExc_MemoryError = c"MemoryError" < EXCEPTION.get(),
        Base, c"Out of memory.";
    /// `BufferError`.
    BufferError: BUFFER_ERROR, PyExc_BufferError = c"BufferError" < EXCEPTION.get(),
        Base, c"Buffer error.";
    /// `Warning`: the base of the warning categories.
    Warning: WARNING, PyExc_Warning = c"Warning" < EXCEPTION.get(),
        Base, c"Base class for warning categories.";
    /// `UserWarning`.
    UserWarning: USER_WARNING, PyExc_UserWarning = c"UserWarning" < WARNING.get(),
        Base, c"Base class for warnings generated by user code.";
    /// `DeprecationWarning`.
    DeprecationWarning: DEPRECATION_WARNING, PyExc_DeprecationWarning = c"DeprecationWarning"
        < WARNING.get(), Base, c"Base class for warnings about deprecated features.";
    /// `PendingDeprecationWarning`.
    PendingDeprecationWarning: PENDING_DEPRECATION_WARNING, PyExc_PendingDeprecationWarning =
        c"PendingDeprecationWarning" < WARNING.get(), Base,
        c"Base class for warnings about features which will be deprecated\nin the future.";
    /// `SyntaxWarning`.
    SyntaxWarning: SYNTAX_WARNING, PyExc_SyntaxWarning = c"SyntaxWarning" < WARNING.get(),
        Base, c"Base class for warnings about dubious syntax.";
    /// `RuntimeWarning`.
    RuntimeWarning: RUNTIME_WARNING, PyExc_RuntimeWarning = c"RuntimeWarning" < WARNING.get(),
        Base, c"Base class for warnings about dubious runtime behavior.";
    /// `FutureWarning`.
    FutureWarning: FUTURE_WARNING, PyExc_FutureWarning = c"FutureWarning" < WARNING.get(), Base,
        c"Base class for warnings about constructs that will change semantically\nin the future.";
    /// `ImportWarning`.
    ImportWarning: IMPORT_WARNING, PyExc_ImportWarning = c"ImportWarning" < WARNING.get(),
        Base, c"Base class for warnings about probable mistakes in module imports";
    /// `UnicodeWarning`.
    UnicodeWarning: UNICODE_WARNING, PyExc_UnicodeWarning = c"UnicodeWarning" < WARNING.get(),
        Base,
        c"Base class for warnings about Unicode related problems, mostly\nrelated to conversion problems.";
    /// `BytesWarning`.
    BytesWarning: BYTES_WARNING, PyExc_BytesWarning = c"BytesWarning" < WARNING.get(), Base,
        c"Base class for warnings about bytes and buffer related problems, mostly\nrelated to conversion from str or comparing to str.";
    /// `EncodingWarning`.
    EncodingWarning: ENCODING_WARNING, PyExc_EncodingWarning = c"EncodingWarning"
        < WARNING.get(), Base, c"Base class for warnings about encodings.";
    /// `ResourceWarning`.
    ResourceWarning: RESOURCE_WARNING, PyExc_ResourceWarning = c"ResourceWarning"
        < WARNING.get(), Base, c"Base class for warnings about resource usage.";
    /// `struct.error`'s base: CPython exports no C symbol for `struct.error`;
    /// ours is `PyExc_StructError`, which the `struct` module's class (the
    /// one `PyBuffer_SizeFromFormat` raises, `errors::struct_error`)
    /// derives from, so that it matches both. The library raises this one
    /// for format errors that never reach Python code (the Node side's).
    /// No doc, as CPython's `struct.error` has none.
    StructError: STRUCT_ERROR, PyExc_StructError = c"struct.error" < EXCEPTION.get(),
        Base, c"";
}

/// `PyExc_EnvironmentError`: an alias of `OSError`, as in CPython.
#[unsafe(no_mangle)]
pub static PyExc_EnvironmentError: ObjectPtr = ObjectPtr(OS_ERROR.get() as *mut PyObject);

/// `PyExc_IOError`: an alias of `OSError`, as in CPython.
#[unsafe(no_mangle)]
pub static PyExc_IOError: ObjectPtr = ObjectPtr(OS_ERROR.get() as *mut PyObject);

impl Exc {
    /// The type's `tp_name`, e.g. `"BufferError"` or `"struct.error"`.
    pub fn name(self) -> &'static str {
        // SAFETY: every exception type is a static with a static C-string name.
        unsafe { type_name(self.type_object()) }
    }

    /// The built-in exception whose type object is `ty`, if any.
    pub fn from_type_object(ty: *mut PyObject) -> Option<Exc> {
        Exc::ALL.iter().copied().find(|e| e.type_object() == ty)
    }
}

/// The `tp_name` of the type object `ty`.
///
/// # Safety
/// `ty` must point to a live type object whose name outlives `'static` (true
/// for the static exception types) or whose name the caller copies at once.
pub(crate) unsafe fn type_name(ty: *mut PyObject) -> &'static str {
    // SAFETY: per the contract, `ty` is a live type object.
    let name = unsafe { (*(ty as *mut PyTypeObject)).tp_name };
    if name.is_null() {
        return "<unnamed>";
    }
    // SAFETY: tp_name is a NUL-terminated string that outlives the type.
    unsafe { CStr::from_ptr(name) }
        .to_str()
        .unwrap_or("<non-utf8>")
}

// ==========================================================================
// Class and instance checks (the header's macros, as functions)
// ==========================================================================

/// True when `op` is a type object (`PyType_Check`).
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn is_type(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    !op.is_null() && unsafe { (*(*op).ob_type).tp_flags } & Py_TPFLAGS_TYPE_SUBCLASS != 0
}

/// `PyExceptionClass_Check`: `op` is a type deriving from `BaseException`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn is_exception_class(op: *mut PyObject) -> bool {
    // SAFETY: a live type object once `is_type` holds.
    unsafe {
        is_type(op) && (*(op as *mut PyTypeObject)).tp_flags & Py_TPFLAGS_BASE_EXC_SUBCLASS != 0
    }
}

/// `PyExceptionInstance_Check`: `op` is an instance of an exception class.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn is_exception_instance(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    !op.is_null() && unsafe { (*(*op).ob_type).tp_flags } & Py_TPFLAGS_BASE_EXC_SUBCLASS != 0
}

// ==========================================================================
// Creating instances
// ==========================================================================

/// The `tp_new` a type has, inherited along `tp_base` as `PyType_Ready`
/// inherits it (a static C type may leave it NULL before being readied).
///
/// # Safety
/// `ty` must be a live type.
unsafe fn inherited_new(ty: *mut PyTypeObject) -> Option<newfunc> {
    let mut t = ty;
    while !t.is_null() {
        // SAFETY: a live type and its bases.
        unsafe {
            if let Some(f) = (*t).tp_new {
                return Some(f);
            }
            t = (*t).tp_base;
        }
    }
    None
}

/// The `tp_init` a type has, inherited as [`inherited_new`].
///
/// # Safety
/// `ty` must be a live type.
unsafe fn inherited_init(ty: *mut PyTypeObject) -> Option<initproc> {
    let mut t = ty;
    while !t.is_null() {
        // SAFETY: a live type and its bases.
        unsafe {
            if let Some(f) = (*t).tp_init {
                return Some(f);
            }
            t = (*t).tp_base;
        }
    }
    None
}

/// `ty(*args, **kwds)` for an exception class, as `type.__call__` does it:
/// `tp_new`, then `tp_init` when the result is an instance of `ty`.
///
/// # Safety
/// `ty` must be a live type, `args` a tuple, `kwds` NULL or a dict.
pub(crate) unsafe fn instantiate(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(new) = inherited_new(ty) else {
            return fail_null(
                Exc::TypeError,
                format!("cannot create '{}' instances", type_name(ty.cast())),
            );
        };
        let obj = new(ty, args, kwds);
        if obj.is_null() || PyType_IsSubtype((*obj).ob_type, ty) == 0 {
            return obj;
        }
        if let Some(init) = inherited_init((*obj).ob_type)
            && init(obj, args, kwds) < 0
        {
            Py_DecRef(obj);
            return ptr::null_mut();
        }
        obj
    }
}

/// CPython's `_PyErr_CreateException`: an instance of the class `ty` from
/// an error value (NULL or None: no arguments; a tuple: the arguments;
/// anything else: the one argument). Fails with `TypeError` when the class
/// makes something that is not an exception.
///
/// # Safety
/// `ty` must be a live exception class, `value` NULL or a live object.
pub(crate) unsafe fn create_exception(ty: *mut PyObject, value: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let args = if value.is_null() || value == py_none() {
            empty_tuple()
        } else if is_tuple(value) {
            Py_IncRef(value);
            value
        } else {
            tuple_from_slice(&[value])
        };
        if args.is_null() {
            return args;
        }
        let exc = instantiate(ty.cast(), args, ptr::null_mut());
        Py_DecRef(args);
        if !exc.is_null() && !is_exception_instance(exc) {
            let shown = repr_text(ty).unwrap_or_default();
            let made = type_name_of_object(exc);
            Py_DecRef(exc);
            return fail_null(
                Exc::TypeError,
                format!(
                    "calling {shown} should have returned an instance of BaseException, not {made}"
                ),
            );
        }
        exc
    }
}

/// The `code` of a `SystemExit` instance (borrowed; NULL if unset), or
/// `value` itself for any other object.
///
/// # Safety
/// `value` must be a live object.
pub(crate) unsafe fn system_exit_code(value: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; the field exists once the type check holds.
    unsafe {
        if PyType_IsSubtype((*value).ob_type, SYSTEM_EXIT.get()) == 0 {
            return value;
        }
        *field::<*mut PyObject>(value, offset_of!(PySystemExitObject, code))
    }
}

/// Raises a `UnicodeDecodeError` for `object[start..end]` in `encoding`
/// (as a codec does), e.g. ("utf-8", b"\xff", 0, 1, "invalid start byte").
pub(crate) fn raise_unicode_decode_error(
    encoding: &str,
    object: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) {
    let parts = [
        unicode_from_str(encoding),
        crate::objects::bytesobject::bytes_from_slice(object),
        PyLong_FromSsize_t(start as Py_ssize_t),
        PyLong_FromSsize_t(end as Py_ssize_t),
        unicode_from_str(reason),
    ];
    // SAFETY: static class; the parts are NULL (an error is set) or ours.
    unsafe { raise_with_parts(UNICODE_DECODE_ERROR.get(), parts) }
}

/// Raises a `UnicodeEncodeError` for the characters `start..end` of
/// `object` in `encoding`.
pub(crate) fn raise_unicode_encode_error(
    encoding: &str,
    object: &str,
    start: usize,
    end: usize,
    reason: &str,
) {
    let parts = [
        unicode_from_str(encoding),
        unicode_from_str(object),
        PyLong_FromSsize_t(start as Py_ssize_t),
        PyLong_FromSsize_t(end as Py_ssize_t),
        unicode_from_str(reason),
    ];
    // SAFETY: as above.
    unsafe { raise_with_parts(UNICODE_ENCODE_ERROR.get(), parts) }
}

/// Raises `ty(*parts)`, taking the references in `parts`; if one is NULL
/// (its allocation failed and set the error) the rest are dropped.
///
/// # Safety
/// `ty` must be a live exception class; each part NULL or an owned
/// reference.
unsafe fn raise_with_parts<const N: usize>(ty: *mut PyTypeObject, parts: [*mut PyObject; N]) {
    // SAFETY: per the contract.
    unsafe {
        if parts.iter().any(|p| p.is_null()) {
            for p in parts {
                Py_DecRef(p);
            }
            return;
        }
        let args = tuple_from_owned(parts.to_vec());
        if args.is_null() {
            return;
        }
        let exc = instantiate(ty, args, ptr::null_mut());
        Py_DecRef(args);
        if !exc.is_null() {
            crate::python::errors::PyErr_SetObject((*exc).ob_type.cast(), exc);
            Py_DecRef(exc);
        }
    }
}

// ==========================================================================
// C entry points
// ==========================================================================

/// The common header of `op` if it is an exception instance; else
/// `SystemError` (stricter: CPython reads any object as one).
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn checked_header(op: *mut PyObject) -> Option<*mut PyBaseExceptionObject> {
    // SAFETY: per the contract.
    if unsafe { is_exception_instance(op) } {
        Some(header(op))
    } else {
        PyErr_BadInternalCall();
        None
    }
}

/// A new reference to the object field `field` picks out of the exception
/// `exc` (NULL stays NULL), or NULL with `SystemError` when `exc` is not an
/// exception instance: the body of every `PyException_Get*` accessor.
///
/// # Safety
/// `exc` must be NULL or a live object; `field` must return a pointer to
/// an object field of the header it is given.
unsafe fn get_exception_field(
    exc: *mut PyObject,
    field: impl FnOnce(*mut PyBaseExceptionObject) -> *mut *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(h) = checked_header(exc) else {
            return ptr::null_mut();
        };
        let value = *field(h);
        Py_IncRef(value);
        value
    }
}

/// Stores `value` (stolen; NULL clears) in the object field `field` picks
/// out of the exception `exc`, dropping the old value afterwards; when `exc`
/// is not an exception instance, `SystemError` is set and `value` dropped:
/// the body of the stealing `PyException_Set*` accessors.
///
/// # Safety
/// `exc` must be NULL or a live object, `value` NULL or a reference the
/// caller gives up; `field` must return a pointer to an object field of
/// the header it is given.
unsafe fn set_exception_field(
    exc: *mut PyObject,
    value: *mut PyObject,
    field: impl FnOnce(*mut PyBaseExceptionObject) -> *mut *mut PyObject,
) {
    // SAFETY: per the contract.
    unsafe {
        let Some(h) = checked_header(exc) else {
            Py_DecRef(value);
            return;
        };
        let old = field(h).replace(value);
        Py_DecRef(old);
    }
}

/// `PyException_GetTraceback(exc)`: a new reference to `__traceback__`, or
/// NULL when it has none.
///
/// # Safety
/// `exc` must be a live exception instance.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyException_GetTraceback(exc: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; the field is the header's own.
    unsafe { get_exception_field(exc, |h| &raw mut (*h).traceback) }
}

/// `PyException_SetTraceback(exc, tb)`: 0, or -1 with `TypeError` unless
/// `tb` is a traceback object or `None`.
///
/// # Safety
/// `exc` must be a live exception instance, `tb` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyException_SetTraceback(exc: *mut PyObject, tb: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if checked_header(exc).is_none() {
            return -1;
        }
        set_traceback(exc, tb, ptr::null_mut())
    }
}

/// `PyException_GetCause(exc)`: a new reference to `__cause__`, or NULL.
///
/// # Safety
/// `exc` must be a live exception instance.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyException_GetCause(exc: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; the field is the header's own.
    unsafe { get_exception_field(exc, |h| &raw mut (*h).cause) }
}

/// `PyException_SetCause(exc, cause)`: sets `__cause__`, stealing the
/// reference (NULL clears it), and sets `__suppress_context__`.
///
/// # Safety
/// `exc` must be a live exception instance; `cause` NULL or a reference
/// the caller gives up.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyException_SetCause(exc: *mut PyObject, cause: *mut PyObject) {
    // SAFETY: per the contract; the field is the header's own, and
    // `__suppress_context__` is set before the old cause is dropped, as
    // CPython does.
    unsafe {
        set_exception_field(exc, cause, |h| {
            (*h).suppress_context = 1;
            &raw mut (*h).cause
        })
    }
}

/// `PyException_GetContext(exc)`: a new reference to `__context__`, or
/// NULL.
///
/// # Safety
/// `exc` must be a live exception instance.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyException_GetContext(exc: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; the field is the header's own.
    unsafe { get_exception_field(exc, |h| &raw mut (*h).context) }
}

/// `PyException_SetContext(exc, context)`: sets `__context__`, stealing
/// the reference (NULL clears it).
///
/// # Safety
/// `exc` must be a live exception instance; `context` NULL or a reference
/// the caller gives up.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyException_SetContext(exc: *mut PyObject, context: *mut PyObject) {
    // SAFETY: per the contract; the field is the header's own.
    unsafe { set_exception_field(exc, context, |h| &raw mut (*h).context) }
}

/// `PyExceptionClass_Name(cls)`: the class's `tp_name` (NULL with
/// `SystemError` for anything but an exception class: stricter).
///
/// # Safety
/// `cls` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyExceptionClass_Name(cls: *mut PyObject) -> *const c_char {
    // SAFETY: per the contract.
    unsafe {
        if !is_exception_class(cls) {
            PyErr_BadInternalCall();
            return ptr::null();
        }
        (*cls.cast::<PyTypeObject>()).tp_name
    }
}

// ==========================================================================
// The Unicode-error accessors (PyUnicode{Encode,Decode,Translate}Error_*)
// ==========================================================================

/// An attribute of a Unicode error that must be set and of one type:
/// a new reference, or NULL with CPython's `TypeError`.
///
/// # Safety
/// `exc` must be a live Unicode-error instance.
unsafe fn unicode_error_attr(
    exc: *mut PyObject,
    offset: usize,
    name: &str,
    want_bytes: bool,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if !has_unicode_error_layout(exc) {
            PyErr_BadInternalCall();
            return ptr::null_mut();
        }
        let attr = *field::<*mut PyObject>(exc, offset);
        if attr.is_null() {
            return fail_null(Exc::TypeError, format!("{name} attribute not set"));
        }
        let ok = if want_bytes {
            is_bytes(attr)
        } else {
            is_str(attr)
        };
        if !ok {
            let kind = if want_bytes { "bytes" } else { "unicode" };
            return fail_null(Exc::TypeError, format!("{name} attribute must be {kind}"));
        }
        Py_IncRef(attr);
        attr
    }
}

/// True when `op` is an instance of `UnicodeEncodeError`,
/// `UnicodeDecodeError` or `UnicodeTranslateError` (or a subclass), whose
/// layout has the Unicode-error fields. Stricter than CPython, which reads
/// those fields from any object it is given.
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn has_unicode_error_layout(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        !op.is_null()
            && [
                UNICODE_ENCODE_ERROR.get(),
                UNICODE_DECODE_ERROR.get(),
                UNICODE_TRANSLATE_ERROR.get(),
            ]
            .iter()
            .any(|&t| PyType_IsSubtype((*op).ob_type, t) == 1)
    }
}

/// The length of a Unicode error's object (code points, or bytes for a
/// decode error), or -1 with the error set.
///
/// # Safety
/// `exc` must be a live Unicode-error instance.
unsafe fn unicode_error_object_len(exc: *mut PyObject, decode: bool) -> Py_ssize_t {
    // SAFETY: per the contract.
    unsafe {
        let obj = unicode_error_attr(
            exc,
            offset_of!(PyUnicodeErrorObject, object),
            "object",
            decode,
        );
        if obj.is_null() {
            return -1;
        }
        let len = if decode {
            PyBytes_Size(obj)
        } else {
            PyUnicode_GetLength(obj)
        };
        Py_DecRef(obj);
        len
    }
}

/// `Get{Start,End}`: the stored index clamped into the object as CPython
/// clamps it.
///
/// # Safety
/// `exc` must be a live Unicode-error instance; `out` writable.
unsafe fn unicode_error_get_index(
    exc: *mut PyObject,
    out: *mut Py_ssize_t,
    decode: bool,
    is_start: bool,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let size = unicode_error_object_len(exc, decode);
        if size < 0 {
            return -1;
        }
        let offset = if is_start {
            offset_of!(PyUnicodeErrorObject, start)
        } else {
            offset_of!(PyUnicodeErrorObject, end)
        };
        let mut v = *field::<Py_ssize_t>(exc, offset);
        if is_start {
            v = v.max(0);
            if v >= size {
                v = size - 1;
            }
        } else {
            v = v.max(1).min(size);
        }
        if out.is_null() {
            return bad_internal_call();
        }
        *out = v;
    }
    0
}

/// `Set{Start,End}`: stores the index as given.
///
/// # Safety
/// `exc` must be a live Unicode-error instance.
unsafe fn unicode_error_set_index(exc: *mut PyObject, value: Py_ssize_t, is_start: bool) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if !has_unicode_error_layout(exc) {
            return bad_internal_call();
        }
        let offset = if is_start {
            offset_of!(PyUnicodeErrorObject, start)
        } else {
            offset_of!(PyUnicodeErrorObject, end)
        };
        *field::<Py_ssize_t>(exc, offset) = value;
    }
    0
}

/// `SetReason`: stores a new `str` made from the UTF-8 `reason`.
///
/// # Safety
/// `exc` must be a live Unicode-error instance; `reason` NUL-terminated.
unsafe fn unicode_error_set_reason(exc: *mut PyObject, reason: *const c_char) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if !has_unicode_error_layout(exc) {
            return bad_internal_call();
        }
        let value = PyUnicode_FromString(reason);
        if value.is_null() {
            return -1;
        }
        set_slot(field(exc, offset_of!(PyUnicodeErrorObject, reason)), value);
        Py_DecRef(value);
    }
    0
}

macro_rules! unicode_error_api {
    ($($error:literal: $(encoding: $get_encoding:ident,)? object: $get_object:ident,
        start: $get_start:ident / $set_start:ident, end: $get_end:ident / $set_end:ident,
        reason: $get_reason:ident / $set_reason:ident, decode: $decode:expr;)*) => {$(
        $(
            #[doc = concat!("`", stringify!($get_encoding), "(exc)`: the encoding (a new `str` reference), or NULL with `TypeError`.")]
            ///
            /// # Safety
            #[doc = concat!("`exc` must be a live `", $error, "`.")]
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn $get_encoding(exc: *mut PyObject) -> *mut PyObject {
                // SAFETY: forwarded contract.
                unsafe { unicode_error_attr(exc, offset_of!(PyUnicodeErrorObject, encoding), "encoding", false) }
            }
        )?

        #[doc = concat!("`", stringify!($get_object), "(exc)`: the object (a new reference), or NULL with `TypeError`.")]
        ///
        /// # Safety
        #[doc = concat!("`exc` must be a live `", $error, "`.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $get_object(exc: *mut PyObject) -> *mut PyObject {
            // SAFETY: forwarded contract.
            unsafe { unicode_error_attr(exc, offset_of!(PyUnicodeErrorObject, object), "object", $decode) }
        }

        #[doc = concat!("`", stringify!($get_start), "(exc, &start)`: `start`, clamped into the object; 0 or -1.")]
        ///
        /// # Safety
        #[doc = concat!("`exc` must be a live `", $error, "`; `start` writable.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $get_start(exc: *mut PyObject, start: *mut Py_ssize_t) -> c_int {
            // SAFETY: forwarded contract.
            unsafe { unicode_error_get_index(exc, start, $decode, true) }
        }

        #[doc = concat!("`", stringify!($set_start), "(exc, start)`: stores `start`; 0.")]
        ///
        /// # Safety
        #[doc = concat!("`exc` must be a live `", $error, "`.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set_start(exc: *mut PyObject, start: Py_ssize_t) -> c_int {
            // SAFETY: forwarded contract.
            unsafe { unicode_error_set_index(exc, start, true) }
        }

        #[doc = concat!("`", stringify!($get_end), "(exc, &end)`: `end`, clamped into the object; 0 or -1.")]
        ///
        /// # Safety
        #[doc = concat!("`exc` must be a live `", $error, "`; `end` writable.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $get_end(exc: *mut PyObject, end: *mut Py_ssize_t) -> c_int {
            // SAFETY: forwarded contract.
            unsafe { unicode_error_get_index(exc, end, $decode, false) }
        }

        #[doc = concat!("`", stringify!($set_end), "(exc, end)`: stores `end`; 0.")]
        ///
        /// # Safety
        #[doc = concat!("`exc` must be a live `", $error, "`.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set_end(exc: *mut PyObject, end: Py_ssize_t) -> c_int {
            // SAFETY: forwarded contract.
            unsafe { unicode_error_set_index(exc, end, false) }
        }

        #[doc = concat!("`", stringify!($get_reason), "(exc)`: the reason (a new `str` reference), or NULL with `TypeError`.")]
        ///
        /// # Safety
        #[doc = concat!("`exc` must be a live `", $error, "`.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $get_reason(exc: *mut PyObject) -> *mut PyObject {
            // SAFETY: forwarded contract.
            unsafe { unicode_error_attr(exc, offset_of!(PyUnicodeErrorObject, reason), "reason", false) }
        }

        #[doc = concat!("`", stringify!($set_reason), "(exc, reason)`: stores the UTF-8 `reason`; 0 or -1.")]
        ///
        /// # Safety
        #[doc = concat!("`exc` must be a live `", $error, "`; `reason` NUL-terminated.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $set_reason(exc: *mut PyObject, reason: *const c_char) -> c_int {
            // SAFETY: forwarded contract.
            unsafe { unicode_error_set_reason(exc, reason) }
        }
    )*};
}

unicode_error_api! {
    "UnicodeEncodeError": encoding: PyUnicodeEncodeError_GetEncoding,
        object: PyUnicodeEncodeError_GetObject,
        start: PyUnicodeEncodeError_GetStart / PyUnicodeEncodeError_SetStart,
        end: PyUnicodeEncodeError_GetEnd / PyUnicodeEncodeError_SetEnd,
        reason: PyUnicodeEncodeError_GetReason / PyUnicodeEncodeError_SetReason,
        decode: false;
    "UnicodeDecodeError": encoding: PyUnicodeDecodeError_GetEncoding,
        object: PyUnicodeDecodeError_GetObject,
        start: PyUnicodeDecodeError_GetStart / PyUnicodeDecodeError_SetStart,
        end: PyUnicodeDecodeError_GetEnd / PyUnicodeDecodeError_SetEnd,
        reason: PyUnicodeDecodeError_GetReason / PyUnicodeDecodeError_SetReason,
        decode: true;
    "UnicodeTranslateError": object: PyUnicodeTranslateError_GetObject,
        start: PyUnicodeTranslateError_GetStart / PyUnicodeTranslateError_SetStart,
        end: PyUnicodeTranslateError_GetEnd / PyUnicodeTranslateError_SetEnd,
        reason: PyUnicodeTranslateError_GetReason / PyUnicodeTranslateError_SetReason,
        decode: false;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::typeobject::PyType_IsSubtype;

    #[test]
    fn struct_error_name() {
        assert_eq!(Exc::StructError.name(), "struct.error");
    }

    #[test]
    fn hierarchy_matches_cpython() {
        let sub = |a: Exc, b: Exc| {
            // SAFETY: static type objects.
            unsafe { PyType_IsSubtype(a.type_object().cast(), b.type_object().cast()) == 1 }
        };
        assert!(sub(Exc::FileNotFoundError, Exc::OSError));
        assert!(sub(Exc::BrokenPipeError, Exc::ConnectionError));
        assert!(sub(Exc::KeyError, Exc::LookupError));
        assert!(sub(Exc::UnicodeDecodeError, Exc::ValueError));
        assert!(sub(Exc::ResourceWarning, Exc::Warning));
        assert!(sub(Exc::Warning, Exc::Exception));
        assert!(!sub(Exc::SystemExit, Exc::Exception));
        assert!(!sub(Exc::KeyboardInterrupt, Exc::Exception));
        assert!(sub(Exc::GeneratorExit, Exc::BaseException));
        assert_eq!(PyExc_IOError.0, Exc::OSError.type_object());
        assert_eq!(PyExc_EnvironmentError.0, Exc::OSError.type_object());
        for &exc in Exc::ALL {
            // SAFETY: static type objects.
            unsafe {
                assert!(is_exception_class(exc.type_object()));
                let base = (*exc.type_object().cast::<PyTypeObject>()).tp_base;
                if exc != Exc::BaseException {
                    let pos = |e: *mut PyObject| Exc::ALL.iter().position(|x| x.type_object() == e);
                    assert!(
                        pos(base.cast()) < pos(exc.type_object()),
                        "{exc:?} after its base"
                    );
                }
            }
        }
    }
}
