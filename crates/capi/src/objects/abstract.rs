//! The abstract object protocols (CPython's `Objects/abstract.c`): the
//! number, sequence, mapping and iterator protocols, dispatched through the
//! slot tables of each object's type (`tp_as_number`, `tp_as_sequence`,
//! `tp_as_mapping`, `tp_iter`, `tp_iternext`) exactly as CPython dispatches
//! them, with CPython's messages.
//!
//! It also holds the comparison, hashing and truth-testing dispatch the
//! built-in containers need for their items (CPython's `do_richcompare`,
//! `PyObject_Hash` and `PyObject_IsTrue` semantics), as crate-internal
//! helpers.

#![allow(non_snake_case, non_upper_case_globals)]

use std::cell::RefCell;
use std::ffi::c_int;
use std::ptr;

use crate::ffi::*;
use crate::objects::boolobject::{py_false, py_true};
use crate::objects::exceptions::Exc;
use crate::objects::longobject::PyLong_Type;
use crate::objects::object::{
    Py_DecRef, Py_IncRef, py_none, py_not_implemented, truncate, type_name_of, type_of,
};
use crate::objects::typeobject::PyType_IsSubtype;
use crate::python::errors;
use crate::python::pyhash;

// ==========================================================================
// Helpers
// ==========================================================================

/// The `tp_name` of `op`'s type cut to 200 bytes, as CPython's messages
/// print it with `%.200s`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn type_name_200(op: *mut PyObject) -> String {
    // SAFETY: forwarded contract.
    let name = unsafe { type_name_of(op) };
    truncate(&name, 200).to_owned()
}

/// The `tp_name` of `op`'s type cut to `n` bytes.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn type_name_n(op: *mut PyObject, n: usize) -> String {
    // SAFETY: forwarded contract.
    let name = unsafe { type_name_of(op) };
    truncate(&name, n).to_owned()
}

/// CPython's `null_error()`: `SystemError("null argument to internal
/// routine")`, unless an error is already set. Returns NULL.
pub(crate) fn null_error<T>() -> *mut T {
    if errors::PyErr_Occurred().is_null() {
        errors::raise(Exc::SystemError, "null argument to internal routine");
    }
    ptr::null_mut()
}

/// CPython's `type_error(msg, obj)` for messages with one `%.200s`: the
/// message with `{}` replaced by the type name of `obj`.
///
/// # Safety
/// `obj` must be a live object.
pub(crate) unsafe fn type_error<T>(template: &str, obj: *mut PyObject) -> *mut T {
    // SAFETY: forwarded contract.
    let name = unsafe { type_name_200(obj) };
    errors::raise(Exc::TypeError, template.replacen("{}", &name, 1));
    ptr::null_mut()
}

/// The number slots of `op`'s type, if any.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn number_methods<'a>(op: *mut PyObject) -> Option<&'a PyNumberMethods> {
    // SAFETY: live per the contract; slot tables live as long as their type.
    unsafe { (*type_of(op)).tp_as_number.as_ref() }
}

/// The sequence slots of `op`'s type, if any.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn sequence_methods<'a>(op: *mut PyObject) -> Option<&'a PySequenceMethods> {
    // SAFETY: live per the contract; slot tables live as long as their type.
    unsafe { (*type_of(op)).tp_as_sequence.as_ref() }
}

/// The mapping slots of `op`'s type, if any.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn mapping_methods<'a>(op: *mut PyObject) -> Option<&'a PyMappingMethods> {
    // SAFETY: live per the contract; slot tables live as long as their type.
    unsafe { (*type_of(op)).tp_as_mapping.as_ref() }
}

/// True when `ty` has `flag` in `tp_flags`.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn has_flag(ty: *mut PyTypeObject, flag: std::ffi::c_ulong) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*ty).tp_flags & flag != 0 }
}

// ==========================================================================
// Comparison, hashing and truth (the dispatch CPython's object.c does)
// ==========================================================================

/// The operator each comparison becomes when its operands swap.
const SWAPPED_OP: [c_int; 6] = [Py_GT, Py_GE, Py_EQ, Py_NE, Py_LT, Py_LE];
/// The operators as Python writes them, for messages.
const OP_STRINGS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

/// `v op w` as CPython's `PyObject_RichCompare` computes it: the reflected
/// method of `w` first when `w`'s type is a proper subtype of `v`'s, then
/// `v`'s, then `w`'s; when all decline (`NotImplemented`), identity for
/// `==`/`!=` and otherwise `TypeError("'<' not supported between instances
/// of 'A' and 'B'")`. Returns a new reference, or NULL with an error.
///
/// # Safety
/// `v` and `w` must be NULL or live objects.
pub(crate) unsafe fn rich_compare(v: *mut PyObject, w: *mut PyObject, op: c_int) -> *mut PyObject {
    if v.is_null() || w.is_null() || !(Py_LT..=Py_GE).contains(&op) {
        if errors::PyErr_Occurred().is_null() {
            errors::PyErr_BadInternalCall();
        }
        return ptr::null_mut();
    }
    // SAFETY: both live per the contract; each slot is its type's own.
    unsafe {
        let (tv, tw) = (type_of(v), type_of(w));
        let swapped = SWAPPED_OP[op as usize];
        let mut checked_reverse = false;
        if tv != tw
            && PyType_IsSubtype(tw, tv) != 0
            && let Some(f) = (*tw).tp_richcompare
        {
            checked_reverse = true;
            let res = f(w, v, swapped);
            if res != py_not_implemented() {
                return res;
            }
            Py_DecRef(res);
        }
        if let Some(f) = (*tv).tp_richcompare {
            let res = f(v, w, op);
            if res != py_not_implemented() {
                return res;
            }
            Py_DecRef(res);
        }
        if !checked_reverse && let Some(f) = (*tw).tp_richcompare {
            let res = f(w, v, swapped);
            if res != py_not_implemented() {
                return res;
            }
            Py_DecRef(res);
        }
        let result = match op {
            Py_EQ => v == w,
            Py_NE => v != w,
            _ => {
                let msg = format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    OP_STRINGS[op as usize],
                    type_name_n(v, 100),
                    type_name_n(w, 100)
                );
                errors::raise(Exc::TypeError, msg);
                return ptr::null_mut();
            }
        };
        let res = if result { py_true() } else { py_false() };
        Py_IncRef(res);
        res
    }
}

/// `v op w` as a C truth value (CPython's `PyObject_RichCompareBool`):
/// identical objects are equal without calling their comparison. 1, 0, or
/// -1 with an error.
///
/// # Safety
/// `v` and `w` must be NULL or live objects.
pub(crate) unsafe fn rich_compare_bool(v: *mut PyObject, w: *mut PyObject, op: c_int) -> c_int {
    if v == w && !v.is_null() {
        if op == Py_EQ {
            return 1;
        }
        if op == Py_NE {
            return 0;
        }
    }
    // SAFETY: forwarded contract.
    let res = unsafe { rich_compare(v, w, op) };
    if res.is_null() {
        return -1;
    }
    let truth = if res == py_true() {
        1
    } else if res == py_false() {
        0
    } else {
        // SAFETY: a live object.
        unsafe { is_true(res) }
    };
    // SAFETY: the new reference from rich_compare.
    unsafe { Py_DecRef(res) };
    truth
}

/// `hash(op)` as CPython's `PyObject_Hash` computes it: the type's
/// `tp_hash`; a type without one inherits its nearest base's, except that
/// a type defining `tp_richcompare` without `tp_hash` is unhashable
/// (`TypeError("unhashable type: 'T'")`), and `object` hashes by address.
/// -1 with an error.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: live per the contract; the base chain of a live type is live.
    unsafe {
        let mut ty = type_of(op);
        while !ty.is_null() {
            if let Some(f) = (*ty).tp_hash {
                return f(op);
            }
            if (*ty).tp_richcompare.is_some() {
                return crate::objects::object::PyObject_HashNotImplemented(op);
            }
            ty = (*ty).tp_base;
        }
    }
    pyhash::hash_pointer(op as *const std::ffi::c_void)
}

/// `bool(op)` as CPython's `PyObject_IsTrue` computes it: `True`, `False`
/// and `None` directly, else `nb_bool`, then `mp_length`, then `sq_length`
/// (nonzero is true), else true. 1, 0, or -1 with an error.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_true(op: *mut PyObject) -> c_int {
    if op == py_true() {
        return 1;
    }
    if op == py_false() || op == py_none() {
        return 0;
    }
    // SAFETY: live per the contract; the slots are the type's own.
    let res = unsafe {
        if let Some(f) = number_methods(op).and_then(|m| m.nb_bool) {
            return f(op);
        } else if let Some(f) = mapping_methods(op).and_then(|m| m.mp_length) {
            f(op)
        } else if let Some(f) = sequence_methods(op).and_then(|m| m.sq_length) {
            f(op)
        } else {
            return 1;
        }
    };
    if res > 0 { 1 } else { res as c_int }
}

// ==========================================================================
// repr() of containers
// ==========================================================================

thread_local! {
    /// The containers whose repr is being computed on this thread, so that
    /// a container that contains itself prints `[...]` (CPython's
    /// `Py_ReprEnter`).
    static REPR_STACK: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Marks `op` as being printed; false when it already is (a cycle).
pub(crate) fn repr_enter(op: *mut PyObject) -> bool {
    REPR_STACK.with(|s| {
        let mut s = s.borrow_mut();
        if s.contains(&(op as usize)) {
            false
        } else {
            s.push(op as usize);
            true
        }
    })
}

/// Ends [`repr_enter`].
pub(crate) fn repr_leave(op: *mut PyObject) {
    REPR_STACK.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(i) = s.iter().rposition(|&p| p == op as usize) {
            s.remove(i);
        }
    })
}

/// `repr(op)` as a Rust string, or None with the error set.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn repr_string(op: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded contract.
    unsafe { crate::objects::object::repr(op) }
}

// ==========================================================================
// Integers as indices
// ==========================================================================

/// `PyIndex_Check(obj)`: 1 when `obj`'s type has `nb_index` (it can be used
/// as an integer index), else 0.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyIndex_Check(obj: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    unsafe { number_methods(obj) }.is_some_and(|m| m.nb_index.is_some()) as c_int
}

/// True when `op` is an `int` (or a subclass, `bool` included).
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_int(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { has_flag(type_of(op), Py_TPFLAGS_LONG_SUBCLASS) }
}

/// CPython's `_PyNumber_Index`: `item` itself when it is an `int` (any
/// subclass), else the result of its `nb_index`, which must be an `int`.
/// A new reference, or NULL with `TypeError("'T' object cannot be
/// interpreted as an integer")`, `TypeError("__index__ returned non-int
/// (type T)")` or `SystemError` for NULL.
///
/// # Safety
/// `item` must be NULL or a live object.
pub(crate) unsafe fn number_index(item: *mut PyObject) -> *mut PyObject {
    if item.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if is_int(item) {
            Py_IncRef(item);
            return item;
        }
        let Some(f) = number_methods(item).and_then(|m| m.nb_index) else {
            return type_error("'{}' object cannot be interpreted as an integer", item);
        };
        let result = f(item);
        if result.is_null() || is_int(result) {
            return result;
        }
        let name = type_name_200(result);
        Py_DecRef(result);
        errors::fail_null(
            Exc::TypeError,
            format!("__index__ returned non-int (type {name})"),
        )
    }
}

/// `PyNumber_Index(item)`: `item` as an `int` through `__index__` (a new
/// reference).
///
/// Fails (NULL) with `TypeError("'T' object cannot be interpreted as an
/// integer")`, `TypeError("__index__ returned non-int (type T)")` or
/// `SystemError` for NULL.
///
/// # Safety
/// `item` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_Index(item: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    let result = unsafe { number_index(item) };
    // SAFETY: NULL or a live int.
    if result.is_null() || unsafe { type_of(result) } == PyLong_Type.get() {
        return result;
    }
    // SAFETY: a live int of a subclass (bool included): an exact copy.
    unsafe {
        let copy = crate::objects::longobject::long_copy(result);
        Py_DecRef(result);
        copy
    }
}

/// `PyNumber_AsSsize_t(item, exc)`: `item` (through `__index__`) as a
/// `Py_ssize_t`. When the value does not fit, a NULL `exc` clamps it to
/// `PY_SSIZE_T_MIN`/`MAX`; otherwise `exc` is raised with "cannot fit 'T'
/// into an index-sized integer".
///
/// Fails (-1) with the errors of [`PyNumber_Index`] or `exc`.
///
/// # Safety
/// `item` must be NULL or a live object; `exc` NULL or a live exception
/// type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_AsSsize_t(item: *mut PyObject, exc: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    let value = unsafe { number_index(item) };
    if value.is_null() {
        return -1;
    }
    // SAFETY: `value` is a live int.
    let result = unsafe { crate::objects::longobject::PyLong_AsSsize_t(value) };
    let failed = result == -1 && !errors::PyErr_Occurred().is_null();
    let out = if !failed {
        result
    // SAFETY: the pending error is a live type.
    } else if unsafe { errors::PyErr_ExceptionMatches(Exc::OverflowError.type_object()) } == 0 {
        -1
    } else {
        errors::PyErr_Clear();
        if exc.is_null() {
            // SAFETY: a live int.
            if unsafe { crate::objects::longobject::long_is_negative(value) } {
                Py_ssize_t::MIN
            } else {
                Py_ssize_t::MAX
            }
        } else {
            // SAFETY: live per the contract.
            let name = unsafe { type_name_200(item) };
            let msg =
                std::ffi::CString::new(format!("cannot fit '{name}' into an index-sized integer"))
                    .unwrap_or_default();
            // SAFETY: `exc` is a live exception type; the message is a
            // NUL-terminated string.
            unsafe { errors::PyErr_SetString(exc, msg.as_ptr()) };
            -1
        }
    };
    // SAFETY: our reference from number_index.
    unsafe { Py_DecRef(value) };
    out
}

// ==========================================================================
// Iterators
// ==========================================================================

/// `PyObject_SelfIter(obj)`: the `tp_iter` of iterators, returning a new
/// reference to `obj` itself.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_SelfIter(obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe { Py_IncRef(obj) };
    obj
}

/// [`PyObject_SelfIter`] under the name the built-in iterator types use.
pub(crate) use PyObject_SelfIter as self_iter;
