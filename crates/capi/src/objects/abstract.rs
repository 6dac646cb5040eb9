//! The abstract object protocols (CPython's `Objects/abstract.c`): the
//! number, sequence, mapping and iterator protocols, dispatched through the
//! slot tables of each object's type (`tp_as_number`, `tp_as_sequence`,
//! `tp_as_mapping`, `tp_iter`, `tp_iternext`) exactly as CPython dispatches
//! them, with CPython's messages.
//!
//! Comparison, hashing and truth testing are object.rs's
//! (`PyObject_RichCompare`, `PyObject_Hash`, `PyObject_IsTrue`), as in
//! CPython's `Objects/object.c`; the built-in containers call those too.

#![allow(non_snake_case, non_upper_case_globals)]

use std::cell::RefCell;
use std::ffi::c_int;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::longobject::PyLong_Type;
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_RichCompareBool, py_none, py_not_implemented, truncate,
    type_name_of, type_of,
};
use crate::objects::typeobject::PyType_IsSubtype;
use crate::python::errors;
use num_traits::Signed;

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
    truncate(&name, 200).into_owned()
}

/// The `tp_name` of `op`'s type cut to `n` bytes.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn type_name_n(op: *mut PyObject, n: usize) -> String {
    // SAFETY: forwarded contract.
    let name = unsafe { type_name_of(op) };
    truncate(&name, n).into_owned()
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

/// The index an integer-like `key` gives a built-in sequence's
/// `mp_subscript` (`IndexError` when it does not fit a `Py_ssize_t`; a
/// negative one is left for the caller to count from the end); for any
/// other key `TypeError(not_index)`, `{}` its type name. None with the
/// error set.
///
/// # Safety
/// `key` must be a live object.
pub(crate) unsafe fn subscript_index(key: *mut PyObject, not_index: &str) -> Option<Py_ssize_t> {
    // SAFETY: live per the contract.
    unsafe {
        if PyIndex_Check(key) == 0 {
            type_error::<PyObject>(not_index, key);
            return None;
        }
        let i = PyNumber_AsSsize_t(key, Exc::IndexError.type_object());
        (i != -1 || errors::PyErr_Occurred().is_null()).then_some(i)
    }
}

/// CPython's `_PyObject_HasLen`: whether `op`'s type has `sq_length` or
/// `mp_length`.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn has_len(op: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe {
        sequence_methods(op).is_some_and(|m| m.sq_length.is_some())
            || mapping_methods(op).is_some_and(|m| m.mp_length.is_some())
    }
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

/// `Py_ReprEnter(obj)`: 0 when `obj` was not being printed on this thread
/// (it is now, and holds a reference until `Py_ReprLeave`, as in CPython's
/// per-thread list), 1 when it already was (the caller prints `...`).
/// Never -1 here: the stack cannot fail to grow short of aborting.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_ReprEnter(obj: *mut PyObject) -> c_int {
    if !repr_enter(obj) {
        return 1;
    }
    // SAFETY: live per the contract; released by Py_ReprLeave.
    unsafe { Py_IncRef(obj) };
    0
}

/// `Py_ReprLeave(obj)`: ends the latest `Py_ReprEnter(obj)` on this thread
/// (nothing when `obj` is not being printed).
///
/// # Safety
/// `obj` must be the object given to a `Py_ReprEnter` that returned 0.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_ReprLeave(obj: *mut PyObject) {
    let removed = REPR_STACK.with(|s| {
        let mut s = s.borrow_mut();
        s.iter()
            .rposition(|&p| p == obj as usize)
            .map(|i| s.remove(i))
            .is_some()
    });
    if removed {
        // SAFETY: the reference Py_ReprEnter took.
        unsafe { Py_DecRef(obj) };
    }
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

// ==========================================================================
// Calling a method (for the mapping protocol's keys()/values()/items())
// ==========================================================================

/// `o.name()` through the type's own attribute and call slots
/// (`tp_getattro`, then `tp_getattr`; `tp_call` with no arguments), as
/// CPython's `PyObject_CallMethodNoArgs` dispatches. A new reference, or
/// NULL with `AttributeError("'T' object has no attribute 'name'")`,
/// `TypeError("'T' object is not callable")` or the method's error.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn call_method_no_args(o: *mut PyObject, name: &std::ffi::CStr) -> *mut PyObject {
    // SAFETY: live per the contract; the slots are the type's own.
    unsafe {
        let ty = type_of(o);
        let method = if let Some(getattro) = (*ty).tp_getattro {
            let n = crate::objects::unicodeobject::PyUnicode_FromString(name.as_ptr());
            if n.is_null() {
                return ptr::null_mut();
            }
            let m = getattro(o, n);
            Py_DecRef(n);
            m
        } else if let Some(getattr) = (*ty).tp_getattr {
            getattr(o, name.as_ptr() as *mut std::ffi::c_char)
        } else {
            let msg = format!(
                "'{}' object has no attribute '{}'",
                type_name_n(o, 50),
                name.to_string_lossy()
            );
            return errors::fail_null(Exc::AttributeError, msg);
        };
        if method.is_null() {
            return ptr::null_mut();
        }
        let result = match (*type_of(method)).tp_call {
            Some(call) => {
                let args = crate::objects::tupleobject::empty_tuple();
                let r = call(method, args, ptr::null_mut());
                Py_DecRef(args);
                r
            }
            None => type_error("'{}' object is not callable", method),
        };
        Py_DecRef(method);
        result
    }
}

// ==========================================================================
// The object protocol: items and sizes
// ==========================================================================

/// `PyObject_GetItem(o, key)`: `o[key]` through `mp_subscript`, or for a
/// sequence `sq_item` with an integer key. A new reference.
///
/// Fails (NULL) with `TypeError("'T' object is not subscriptable")`,
/// `TypeError("sequence index must be integer, not 'T'")`, `TypeError("type
/// 'T' is not subscriptable")` for a type object without
/// `__class_getitem__` (PEP 560; `type[...]` is a generic alias), the container's own
/// error, or `SystemError` for NULL arguments.
///
/// # Safety
/// `o` and `key` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GetItem(o: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    if o.is_null() || key.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(f) = mapping_methods(o).and_then(|m| m.mp_subscript) {
            return f(o, key);
        }
        if sequence_methods(o).is_some_and(|m| m.sq_item.is_some()) {
            if PyIndex_Check(key) != 0 {
                let i = PyNumber_AsSsize_t(key, Exc::IndexError.type_object());
                if i == -1 && !errors::PyErr_Occurred().is_null() {
                    return ptr::null_mut();
                }
                return PySequence_GetItem(o, i);
            }
            return type_error("sequence index must be integer, not '{}'", key);
        }
        if has_flag(type_of(o), Py_TPFLAGS_TYPE_SUBCLASS) {
            // PEP 560: `C[key]` calls `C.__class_getitem__(key)`; `type`
            // itself makes `type[key]` (but `str[int]` must still fail).
            if o == crate::objects::typeobject::PyType_Type.get().cast() {
                return crate::objects::genericaliasobject::Py_GenericAlias(o, key);
            }
            let name_obj = crate::objects::object::Owned::new(
                crate::objects::unicodeobject::unicode_from_str("__class_getitem__"),
            );
            let Some(name_obj) = name_obj else {
                return ptr::null_mut();
            };
            let mut meth = ptr::null_mut();
            if crate::objects::object::_PyObject_LookupAttr(o, name_obj.as_ptr(), &mut meth) < 0 {
                return ptr::null_mut();
            }
            if let Some(meth) = crate::objects::object::Owned::new(meth)
                && meth.as_ptr() != crate::objects::object::py_none()
            {
                return crate::objects::call::PyObject_CallOneArg(meth.as_ptr(), key);
            }
            let name = std::ffi::CStr::from_ptr((*(o as *mut PyTypeObject)).tp_name)
                .to_string_lossy()
                .into_owned();
            return errors::fail_null(
                Exc::TypeError,
                format!("type '{}' is not subscriptable", truncate(&name, 200)),
            );
        }
        type_error("'{}' object is not subscriptable", o)
    }
}

/// `PyObject_SetItem(o, key, value)`: `o[key] = value` through
/// `mp_ass_subscript`, or `sq_ass_item` with an integer key.
///
/// Fails (-1) with `TypeError("'T' object does not support item
/// assignment")`, `TypeError("sequence index must be integer, not 'T'")`,
/// the container's own error, or `SystemError` for NULL arguments.
///
/// # Safety
/// All three must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_SetItem(
    o: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    if o.is_null() || key.is_null() || value.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(f) = mapping_methods(o).and_then(|m| m.mp_ass_subscript) {
            return f(o, key, value);
        }
        if let Some(sq) = sequence_methods(o) {
            if PyIndex_Check(key) != 0 {
                let i = PyNumber_AsSsize_t(key, Exc::IndexError.type_object());
                if i == -1 && !errors::PyErr_Occurred().is_null() {
                    return -1;
                }
                return PySequence_SetItem(o, i, value);
            } else if sq.sq_ass_item.is_some() {
                type_error::<PyObject>("sequence index must be integer, not '{}'", key);
                return -1;
            }
        }
        type_error::<PyObject>("'{}' object does not support item assignment", o);
    }
    -1
}

/// `PyObject_DelItem(o, key)`: `del o[key]`.
///
/// Fails (-1) with `TypeError("'T' object does not support item
/// deletion")` (`PySequence_DelItem` says "doesn't"), `TypeError("sequence
/// index must be integer, not 'T'")`,
/// the container's own error, or `SystemError` for NULL arguments.
///
/// # Safety
/// `o` and `key` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_DelItem(o: *mut PyObject, key: *mut PyObject) -> c_int {
    if o.is_null() || key.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(f) = mapping_methods(o).and_then(|m| m.mp_ass_subscript) {
            return f(o, key, ptr::null_mut());
        }
        if let Some(sq) = sequence_methods(o) {
            if PyIndex_Check(key) != 0 {
                let i = PyNumber_AsSsize_t(key, Exc::IndexError.type_object());
                if i == -1 && !errors::PyErr_Occurred().is_null() {
                    return -1;
                }
                return PySequence_DelItem(o, i);
            } else if sq.sq_ass_item.is_some() {
                type_error::<PyObject>("sequence index must be integer, not '{}'", key);
                return -1;
            }
        }
        type_error::<PyObject>("'{}' object does not support item deletion", o);
    }
    -1
}

/// `PyObject_DelItemString(o, key)`: `del o[key]` with a UTF-8 C string
/// key.
///
/// # Safety
/// `o` must be NULL or a live object; `key` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_DelItemString(
    o: *mut PyObject,
    key: *const std::ffi::c_char,
) -> c_int {
    if o.is_null() || key.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: NUL-terminated per the contract.
    let k = unsafe { crate::objects::unicodeobject::PyUnicode_FromString(key) };
    if k.is_null() {
        return -1;
    }
    // SAFETY: live.
    let r = unsafe { PyObject_DelItem(o, k) };
    // SAFETY: our reference.
    unsafe { Py_DecRef(k) };
    r
}

/// `PyObject_Type(o)`: `type(o)`, a new reference.
///
/// Fails (NULL) with `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Type(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract; a live object's type is live.
    unsafe {
        let t = type_of(o).cast::<PyObject>();
        Py_IncRef(t);
        t
    }
}

/// `PyObject_Size(o)` (also `PyObject_Length`): `len(o)` through
/// `sq_length`, then `mp_length`.
///
/// Fails (-1) with `TypeError("object of type 'T' has no len()")`, the
/// container's own error, or `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Size(o: *mut PyObject) -> Py_ssize_t {
    if o.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: live per the contract.
    if let Some(f) = unsafe { sequence_methods(o) }.and_then(|m| m.sq_length) {
        // SAFETY: the type's own slot.
        return unsafe { f(o) };
    }
    // SAFETY: live.
    unsafe { PyMapping_Size(o) }
}

/// `PyObject_Length(o)`: [`PyObject_Size`].
///
/// # Safety
/// As [`PyObject_Size`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Length(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { PyObject_Size(o) }
}

// ==========================================================================
// The sequence protocol
// ==========================================================================

/// `PySequence_Check(o)`: 1 when `o` supports `sq_item` and is not a dict,
/// else 0. Never fails.
///
/// # Safety
/// `o` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Check(o: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    unsafe {
        if has_flag(type_of(o), Py_TPFLAGS_DICT_SUBCLASS) {
            return 0;
        }
        sequence_methods(o).is_some_and(|m| m.sq_item.is_some()) as c_int
    }
}

/// `len(o)` through the length slot of one protocol (`own` reads it from
/// `o`'s type): -1 with `TypeError(not_this)` (its `{}` the type's name)
/// when only the other protocol (`other`) has one, `TypeError("object of
/// type 'T' has no len()")` when neither has, `SystemError` for NULL: the
/// body of `PySequence_Size` and `PyMapping_Size`.
///
/// # Safety
/// `o` must be NULL or a live object; `own` and `other` read its type.
unsafe fn protocol_size(
    o: *mut PyObject,
    own: impl FnOnce(*mut PyObject) -> Option<lenfunc>,
    other: impl FnOnce(*mut PyObject) -> Option<lenfunc>,
    not_this: &str,
) -> Py_ssize_t {
    if o.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(f) = own(o) {
            return f(o);
        }
        if other(o).is_some() {
            type_error::<PyObject>(not_this, o);
        } else {
            type_error::<PyObject>("object of type '{}' has no len()", o);
        }
    }
    -1
}

/// `PySequence_Size(o)` (also `PySequence_Length`): `len(o)` through
/// `sq_length`.
///
/// Fails (-1) with `TypeError("T is not a sequence")` for a mapping,
/// `TypeError("object of type 'T' has no len()")`, or `SystemError` for
/// NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Size(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: NULL or live per the contract.
    unsafe {
        protocol_size(
            o,
            |o| sequence_methods(o).and_then(|m| m.sq_length),
            |o| mapping_methods(o).and_then(|m| m.mp_length),
            "{} is not a sequence",
        )
    }
}

/// `PySequence_Length(o)`: [`PySequence_Size`].
///
/// # Safety
/// As [`PySequence_Size`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Length(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { PySequence_Size(o) }
}

/// `PySequence_GetItem(o, i)`: `o[i]` through `sq_item`; a negative `i`
/// counts from the end (by `sq_length`). A new reference.
///
/// Fails (NULL) with `TypeError("T is not a sequence")` for a mapping,
/// `TypeError("'T' object does not support indexing")`, the sequence's own
/// error, or `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(m) = sequence_methods(o)
            && let Some(item) = m.sq_item
        {
            let mut i = i;
            if i < 0
                && let Some(len) = m.sq_length
            {
                let n = len(o);
                if n < 0 {
                    return ptr::null_mut();
                }
                i += n;
            }
            return item(o, i);
        }
        if mapping_methods(o).is_some_and(|m| m.mp_subscript.is_some()) {
            return type_error("{} is not a sequence", o);
        }
        type_error("'{}' object does not support indexing", o)
    }
}

/// Shared by [`PySequence_SetItem`] and [`PySequence_DelItem`]: `o[i] = v`
/// (or deletion for a NULL `v`) through `sq_ass_item`.
///
/// # Safety
/// `o` must be NULL or live; `v` NULL or live.
unsafe fn sequence_ass_item(o: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int {
    if o.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(m) = sequence_methods(o)
            && let Some(ass) = m.sq_ass_item
        {
            let mut i = i;
            if i < 0
                && let Some(len) = m.sq_length
            {
                let n = len(o);
                if n < 0 {
                    return -1;
                }
                i += n;
            }
            return ass(o, i, v);
        }
        if mapping_methods(o).is_some_and(|m| m.mp_ass_subscript.is_some()) {
            type_error::<PyObject>("{} is not a sequence", o);
        } else if v.is_null() {
            type_error::<PyObject>("'{}' object doesn't support item deletion", o);
        } else {
            type_error::<PyObject>("'{}' object does not support item assignment", o);
        }
    }
    -1
}

/// `PySequence_SetItem(o, i, v)`: `o[i] = v` through `sq_ass_item` (a
/// negative `i` counts from the end).
///
/// Fails (-1) with `TypeError("'T' object does not support item
/// assignment")`, `TypeError("T is not a sequence")`, the sequence's own
/// error, or `SystemError` for NULL.
///
/// # Safety
/// `o` and `v` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_SetItem(
    o: *mut PyObject,
    i: Py_ssize_t,
    v: *mut PyObject,
) -> c_int {
    if v.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: forwarded contract.
    unsafe { sequence_ass_item(o, i, v) }
}

/// `PySequence_DelItem(o, i)`: `del o[i]` through `sq_ass_item`.
///
/// Fails (-1) with `TypeError("'T' object doesn't support item
/// deletion")`, `TypeError("T is not a sequence")`, the sequence's own
/// error, or `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_DelItem(o: *mut PyObject, i: Py_ssize_t) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { sequence_ass_item(o, i, ptr::null_mut()) }
}

/// What [`iter_search`] looks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IterSearch {
    Count,
    Index,
    Contains,
}

/// CPython's `_PySequence_IterSearch`: iterates `seq` comparing each item
/// `== obj`.
///
/// # Safety
/// Both must be NULL or live objects.
unsafe fn iter_search(seq: *mut PyObject, obj: *mut PyObject, op: IterSearch) -> Py_ssize_t {
    if seq.is_null() || obj.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: live per the contract.
    let it = unsafe { PyObject_GetIter(seq) };
    if it.is_null() {
        // SAFETY: the pending error is live.
        if unsafe { errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) } != 0 {
            // SAFETY: live.
            unsafe { type_error::<PyObject>("argument of type '{}' is not iterable", seq) };
        }
        return -1;
    }
    let mut n: Py_ssize_t = 0;
    let result = loop {
        // SAFETY: a live iterator.
        let item = unsafe { PyIter_Next(it) };
        if item.is_null() {
            if !errors::PyErr_Occurred().is_null() {
                break -1;
            }
            break match op {
                IterSearch::Index => {
                    errors::fail(Exc::ValueError, "sequence.index(x): x not in sequence")
                        as Py_ssize_t
                }
                IterSearch::Contains => 0,
                IterSearch::Count => n,
            };
        }
        // SAFETY: live objects.
        let cmp = unsafe { PyObject_RichCompareBool(item, obj, Py_EQ) };
        // SAFETY: our reference.
        unsafe { Py_DecRef(item) };
        if cmp < 0 {
            break -1;
        }
        if cmp > 0 {
            match op {
                IterSearch::Contains => break 1,
                IterSearch::Index => break n,
                IterSearch::Count => {
                    if n == Py_ssize_t::MAX {
                        break errors::fail(Exc::OverflowError, "count exceeds C integer size")
                            as Py_ssize_t;
                    }
                    n += 1;
                }
            }
        } else if op == IterSearch::Index {
            if n == Py_ssize_t::MAX {
                break errors::fail(Exc::OverflowError, "index exceeds C integer size")
                    as Py_ssize_t;
            }
            n += 1;
        }
    };
    // SAFETY: our reference.
    unsafe { Py_DecRef(it) };
    result
}

/// `PySequence_Contains(seq, ob)`: `ob in seq` through `sq_contains`, else
/// by iterating. 1, 0, or -1 with `TypeError("argument of type 'T' is not
/// iterable")` or a comparison's error.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Contains(seq: *mut PyObject, ob: *mut PyObject) -> c_int {
    if seq.is_null() || ob.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: live per the contract.
    if let Some(f) = unsafe { sequence_methods(seq) }.and_then(|m| m.sq_contains) {
        // SAFETY: the type's own slot.
        return unsafe { f(seq, ob) };
    }
    // SAFETY: live.
    unsafe { iter_search(seq, ob, IterSearch::Contains) as c_int }
}

/// `ob in seq` by iteration (CPython's `_PySequence_IterSearch` with
/// `PY_ITERSEARCH_CONTAINS`): 1, 0, or -1 with an error.
///
/// # Safety
/// Both must be live objects.
pub(crate) unsafe fn iter_contains(seq: *mut PyObject, ob: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe { iter_search(seq, ob, IterSearch::Contains) as c_int }
}

/// `PySequence_In(seq, ob)`: [`PySequence_Contains`].
///
/// # Safety
/// As [`PySequence_Contains`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_In(seq: *mut PyObject, ob: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { PySequence_Contains(seq, ob) }
}

/// `PySequence_Count(seq, ob)`: how many items equal `ob`; -1 with an
/// error.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Count(seq: *mut PyObject, ob: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { iter_search(seq, ob, IterSearch::Count) }
}

/// `PySequence_Index(seq, ob)`: the index of the first item equal to `ob`,
/// or -1 with `ValueError("sequence.index(x): x not in sequence")`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Index(seq: *mut PyObject, ob: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { iter_search(seq, ob, IterSearch::Index) }
}

/// `PySequence_Tuple(o)`: `tuple(o)` (the object itself for an exact
/// tuple). Fails (NULL) with `TypeError("'T' object is not iterable")`, the
/// iteration's error, or `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Tuple(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if type_of(o) == crate::objects::tupleobject::PyTuple_Type.get() {
            Py_IncRef(o);
            return o;
        }
        if crate::objects::listobject::is_list(o) {
            return crate::objects::listobject::PyList_AsTuple(o);
        }
        let list = PySequence_List(o);
        if list.is_null() {
            return ptr::null_mut();
        }
        let t = crate::objects::listobject::PyList_AsTuple(list);
        Py_DecRef(list);
        t
    }
}

/// `PySequence_List(o)`: `list(o)`, a new list. Fails (NULL) with
/// `TypeError("'T' object is not iterable")`, the iteration's error, or
/// `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_List(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    let list = crate::objects::listobject::PyList_New(0);
    if list.is_null() {
        return list;
    }
    // SAFETY: a new list and a live iterable.
    if unsafe { crate::objects::listobject::list_extend(list, o) } < 0 {
        // SAFETY: our reference.
        unsafe { Py_DecRef(list) };
        return ptr::null_mut();
    }
    list
}

/// `PySequence_Fast(o, message)`: `o` itself when it is an exact list or
/// tuple, else `list(o)`, for the `PySequence_Fast_*` macros. Fails (NULL)
/// with `TypeError(message)` when `o` is not iterable, or the iteration's
/// error.
///
/// # Safety
/// `o` must be NULL or a live object; `message` NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Fast(
    o: *mut PyObject,
    message: *const std::ffi::c_char,
) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let ty = type_of(o);
        if ty == crate::objects::listobject::PyList_Type.get()
            || ty == crate::objects::tupleobject::PyTuple_Type.get()
        {
            Py_IncRef(o);
            return o;
        }
        let it = PyObject_GetIter(o);
        if it.is_null() {
            if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                errors::PyErr_SetString(Exc::TypeError.type_object(), message);
            }
            return ptr::null_mut();
        }
        let list = PySequence_List(it);
        Py_DecRef(it);
        list
    }
}

/// The item array and length of a `PySequence_Fast` result (a list or a
/// tuple), as the `PySequence_Fast_ITEMS` and `_GET_SIZE` macros read them.
///
/// # Safety
/// `fast` must be a live list or tuple, unchanged while the array is used.
pub(crate) unsafe fn fast_items(fast: *mut PyObject) -> (*mut *mut PyObject, Py_ssize_t) {
    // SAFETY: per the contract.
    unsafe {
        if crate::objects::listobject::is_list(fast) {
            crate::objects::listobject::items_and_len(fast)
        } else {
            (
                crate::objects::tupleobject::items(fast),
                crate::objects::tupleobject::size(fast),
            )
        }
    }
}

// ==========================================================================
// The mapping protocol
// ==========================================================================

/// `PyMapping_Check(o)`: 1 when `o` supports `mp_subscript`, else 0. Never
/// fails.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_Check(o: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    (!o.is_null() && unsafe { mapping_methods(o) }.is_some_and(|m| m.mp_subscript.is_some()))
        as c_int
}

/// `PyMapping_Size(o)` (also `PyMapping_Length`): `len(o)` through
/// `mp_length`.
///
/// Fails (-1) with `TypeError("T is not a mapping")` for a sequence,
/// `TypeError("object of type 'T' has no len()")`, or `SystemError` for
/// NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_Size(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: NULL or live per the contract.
    unsafe {
        protocol_size(
            o,
            |o| mapping_methods(o).and_then(|m| m.mp_length),
            |o| sequence_methods(o).and_then(|m| m.sq_length),
            "{} is not a mapping",
        )
    }
}

/// `PyMapping_Length(o)`: [`PyMapping_Size`].
///
/// # Safety
/// As [`PyMapping_Size`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_Length(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { PyMapping_Size(o) }
}

/// `PyMapping_GetItemString(o, key)`: `o[key]` with a UTF-8 C string key.
///
/// # Safety
/// `o` must be NULL or a live object; `key` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_GetItemString(
    o: *mut PyObject,
    key: *const std::ffi::c_char,
) -> *mut PyObject {
    if o.is_null() || key.is_null() {
        return null_error();
    }
    // SAFETY: NUL-terminated per the contract.
    let k = unsafe { crate::objects::unicodeobject::PyUnicode_FromString(key) };
    if k.is_null() {
        return k;
    }
    // SAFETY: live.
    let r = unsafe { PyObject_GetItem(o, k) };
    // SAFETY: our reference.
    unsafe { Py_DecRef(k) };
    r
}

/// `PyMapping_SetItemString(o, key, value)`: `o[key] = value` with a UTF-8
/// C string key.
///
/// # Safety
/// `o`, `value` NULL or live; `key` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_SetItemString(
    o: *mut PyObject,
    key: *const std::ffi::c_char,
    value: *mut PyObject,
) -> c_int {
    if o.is_null() || key.is_null() || value.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: NUL-terminated per the contract.
    let k = unsafe { crate::objects::unicodeobject::PyUnicode_FromString(key) };
    if k.is_null() {
        return -1;
    }
    // SAFETY: live.
    let r = unsafe { PyObject_SetItem(o, k, value) };
    // SAFETY: our reference.
    unsafe { Py_DecRef(k) };
    r
}

/// `PyMapping_HasKey(o, key)`: 1 when `o[key]` succeeds, else 0; every
/// error is cleared.
///
/// # Safety
/// `o` and `key` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_HasKey(o: *mut PyObject, key: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    let v = unsafe { PyObject_GetItem(o, key) };
    if v.is_null() {
        errors::PyErr_Clear();
        return 0;
    }
    // SAFETY: our reference.
    unsafe { Py_DecRef(v) };
    1
}

/// `PyMapping_HasKeyString(o, key)`: as [`PyMapping_HasKey`] with a UTF-8
/// C string key.
///
/// # Safety
/// `o` must be NULL or a live object; `key` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_HasKeyString(
    o: *mut PyObject,
    key: *const std::ffi::c_char,
) -> c_int {
    // SAFETY: forwarded contract.
    let v = unsafe { PyMapping_GetItemString(o, key) };
    if v.is_null() {
        errors::PyErr_Clear();
        return 0;
    }
    // SAFETY: our reference.
    unsafe { Py_DecRef(v) };
    1
}

/// CPython's `method_output_as_list`: `o.name()` as a list.
///
/// # Safety
/// `o` must be a live object.
unsafe fn method_output_as_list(o: *mut PyObject, name: &std::ffi::CStr) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe {
        let out = call_method_no_args(o, name);
        if out.is_null() || type_of(out) == crate::objects::listobject::PyList_Type.get() {
            return out;
        }
        let it = PyObject_GetIter(out);
        if it.is_null() {
            if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                let msg = format!(
                    "{}.{}() returned a non-iterable (type {})",
                    type_name_200(o),
                    name.to_string_lossy(),
                    type_name_200(out)
                );
                errors::raise(Exc::TypeError, msg);
            }
            Py_DecRef(out);
            return ptr::null_mut();
        }
        Py_DecRef(out);
        let list = PySequence_List(it);
        Py_DecRef(it);
        list
    }
}

/// A new list of what the mapping `o`'s method `method` returns: through
/// `of_dict` for an exact dict, else `list(o.method())`. NULL with
/// `SystemError` for NULL, or the error raised. The body of
/// `PyMapping_Keys`, `PyMapping_Values` and `PyMapping_Items`.
///
/// # Safety
/// `o` must be NULL or a live object.
unsafe fn mapping_view_list(
    o: *mut PyObject,
    of_dict: unsafe extern "C" fn(*mut PyObject) -> *mut PyObject,
    method: &std::ffi::CStr,
) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if type_of(o) == crate::objects::dictobject::PyDict_Type.get() {
            return of_dict(o);
        }
        method_output_as_list(o, method)
    }
}

/// `PyMapping_Keys(o)`: a new list of `o`'s keys (`PyDict_Keys` for an
/// exact dict, else `list(o.keys())`).
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_Keys(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { mapping_view_list(o, crate::objects::dictobject::PyDict_Keys, c"keys") }
}

/// `PyMapping_Values(o)`: a new list of `o`'s values.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_Values(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { mapping_view_list(o, crate::objects::dictobject::PyDict_Values, c"values") }
}

/// `PyMapping_Items(o)`: a new list of `o`'s `(key, value)` tuples.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMapping_Items(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { mapping_view_list(o, crate::objects::dictobject::PyDict_Items, c"items") }
}

// ==========================================================================
// The iterator protocol
// ==========================================================================

/// `PyIter_Check(o)`: 1 when `o`'s type has `tp_iternext`, else 0.
///
/// # Safety
/// `o` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyIter_Check(o: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    unsafe {
        let next = (*type_of(o)).tp_iternext;
        // A class without `__next__` gets this marker, which is no iterator.
        let marker = crate::objects::object::_PyObject_NextNotImplemented as *const () as usize;
        next.is_some_and(|f| f as usize != marker) as c_int
    }
}

/// `PyObject_GetIter(o)`: `iter(o)` through `tp_iter`, or a sequence
/// iterator over `sq_item` for a sequence without one. A new reference.
///
/// Fails (NULL) with `TypeError("'T' object is not iterable")`,
/// `TypeError("iter() returned non-iterator of type 'T'")`, or
/// `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GetIter(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let Some(f) = (*type_of(o)).tp_iter else {
            if PySequence_Check(o) != 0 {
                return crate::objects::iterobject::PySeqIter_New(o);
            }
            return type_error("'{}' object is not iterable", o);
        };
        let res = f(o);
        if !res.is_null() && PyIter_Check(res) == 0 {
            let name = type_name_n(res, 100);
            Py_DecRef(res);
            return errors::fail_null(
                Exc::TypeError,
                format!("iter() returned non-iterator of type '{name}'"),
            );
        }
        res
    }
}

/// `PyIter_Next(iter)`: the next item (a new reference), or NULL at the end
/// (without an error: a `StopIteration` is cleared) or with an error.
///
/// Stricter than CPython (which crashes): an object that is not an iterator
/// raises `TypeError("'T' object is not an iterator")`.
///
/// # Safety
/// `iter` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyIter_Next(iter: *mut PyObject) -> *mut PyObject {
    if iter.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let Some(next) = (*type_of(iter)).tp_iternext else {
            return type_error("'{}' object is not an iterator", iter);
        };
        let r = next(iter);
        if r.is_null()
            && !errors::PyErr_Occurred().is_null()
            && errors::PyErr_ExceptionMatches(Exc::StopIteration.type_object()) != 0
        {
            errors::PyErr_Clear();
        }
        r
    }
}

/// `PyIter_Send(iter, arg, &result)`: one step of `yield from iter`, as a
/// generator delegating to `iter` takes it: the type's `am_send` when it
/// has one; else `next(iter)` when `arg` is `None` and `iter` is an
/// iterator, or `iter.send(arg)`. `PYGEN_NEXT` (1) with the value
/// yielded in `*result`; `PYGEN_RETURN` (0) when `iter` finished, with
/// its return value (the `StopIteration`'s `value`, cleared; `None` when
/// it had none or ended without an error) in `*result`; `PYGEN_ERROR`
/// (-1) with any other error pending (`*result` NULL).
///
/// Stricter than CPython (which asserts): a NULL argument raises
/// `SystemError` and gives `PYGEN_ERROR`.
///
/// # Safety
/// `iter` and `arg` must be NULL or live objects; `result` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyIter_Send(
    iter: *mut PyObject,
    arg: *mut PyObject,
    result: *mut *mut PyObject,
) -> c_int {
    const PYGEN_RETURN: c_int = 0;
    const PYGEN_ERROR: c_int = -1;
    const PYGEN_NEXT: c_int = 1;
    if iter.is_null() || arg.is_null() || result.is_null() {
        null_error::<PyObject>();
        return PYGEN_ERROR;
    }
    // SAFETY: live per the contract; `result` writable.
    unsafe {
        let ty = type_of(iter);
        let send = (*ty).tp_as_async.as_ref().and_then(|a| a.am_send);
        if let Some(send) = send {
            return send(iter, arg, result);
        }
        let r = match (*ty).tp_iternext {
            Some(next) if arg == py_none() => next(iter),
            _ => {
                let name =
                    crate::objects::unicodeobject::PyUnicode_InternFromString(c"send".as_ptr());
                if name.is_null() {
                    ptr::null_mut()
                } else {
                    let r = crate::objects::call::PyObject_CallMethodOneArg(iter, name, arg);
                    Py_DecRef(name);
                    r
                }
            }
        };
        result.write(r);
        if !r.is_null() {
            return PYGEN_NEXT;
        }
        if crate::objects::genobject::_PyGen_FetchStopIterationValue(result) == 0 {
            return PYGEN_RETURN;
        }
        PYGEN_ERROR
    }
}

// ==========================================================================
// The number protocol
// ==========================================================================

/// Which binary slot of `PyNumberMethods` an operation uses.
#[derive(Clone, Copy)]
enum Slot {
    Add,
    Subtract,
    Multiply,
    Remainder,
    Divmod,
    Lshift,
    Rshift,
    And,
    Xor,
    Or,
    FloorDivide,
    TrueDivide,
    MatrixMultiply,
    InplaceAdd,
    InplaceSubtract,
    InplaceMultiply,
    InplaceRemainder,
    InplaceLshift,
    InplaceRshift,
    InplaceAnd,
    InplaceXor,
    InplaceOr,
    InplaceFloorDivide,
    InplaceTrueDivide,
    InplaceMatrixMultiply,
}

impl Slot {
    /// The slot's function in `m`, if any.
    fn of(self, m: &PyNumberMethods) -> Option<binaryfunc> {
        match self {
            Slot::Add => m.nb_add,
            Slot::Subtract => m.nb_subtract,
            Slot::Multiply => m.nb_multiply,
            Slot::Remainder => m.nb_remainder,
            Slot::Divmod => m.nb_divmod,
            Slot::Lshift => m.nb_lshift,
            Slot::Rshift => m.nb_rshift,
            Slot::And => m.nb_and,
            Slot::Xor => m.nb_xor,
            Slot::Or => m.nb_or,
            Slot::FloorDivide => m.nb_floor_divide,
            Slot::TrueDivide => m.nb_true_divide,
            Slot::MatrixMultiply => m.nb_matrix_multiply,
            Slot::InplaceAdd => m.nb_inplace_add,
            Slot::InplaceSubtract => m.nb_inplace_subtract,
            Slot::InplaceMultiply => m.nb_inplace_multiply,
            Slot::InplaceRemainder => m.nb_inplace_remainder,
            Slot::InplaceLshift => m.nb_inplace_lshift,
            Slot::InplaceRshift => m.nb_inplace_rshift,
            Slot::InplaceAnd => m.nb_inplace_and,
            Slot::InplaceXor => m.nb_inplace_xor,
            Slot::InplaceOr => m.nb_inplace_or,
            Slot::InplaceFloorDivide => m.nb_inplace_floor_divide,
            Slot::InplaceTrueDivide => m.nb_inplace_true_divide,
            Slot::InplaceMatrixMultiply => m.nb_inplace_matrix_multiply,
        }
    }
}

/// CPython's `binary_op1`: `v`'s slot, then `w`'s (first when `w`'s type
/// is a subtype of `v`'s); `NotImplemented` (a new reference) when both
/// decline.
///
/// # Safety
/// Both must be live objects.
unsafe fn binary_op1(v: *mut PyObject, w: *mut PyObject, slot: Slot) -> *mut PyObject {
    // SAFETY: live per the contract; each slot is its type's own.
    unsafe {
        let (tv, tw) = (type_of(v), type_of(w));
        let slotv = number_methods(v).and_then(|m| slot.of(m));
        let mut slotw = if tv != tw {
            number_methods(w).and_then(|m| slot.of(m))
        } else {
            None
        };
        if let (Some(a), Some(b)) = (slotv, slotw)
            && std::ptr::fn_addr_eq(a, b)
        {
            slotw = None;
        }
        if let Some(fv) = slotv {
            if let Some(fw) = slotw
                && PyType_IsSubtype(tw, tv) != 0
            {
                let x = fw(v, w);
                if x != py_not_implemented() {
                    return x;
                }
                Py_DecRef(x);
                slotw = None;
            }
            let x = fv(v, w);
            if x != py_not_implemented() {
                return x;
            }
            Py_DecRef(x);
        }
        if let Some(fw) = slotw {
            let x = fw(v, w);
            if x != py_not_implemented() {
                return x;
            }
            Py_DecRef(x);
        }
    }
    crate::objects::object::not_implemented()
}

/// `TypeError("unsupported operand type(s) for +: 'A' and 'B'")`.
///
/// # Safety
/// Both must be live objects.
unsafe fn binop_type_error(v: *mut PyObject, w: *mut PyObject, op_name: &str) -> *mut PyObject {
    // SAFETY: live per the contract.
    let msg = unsafe {
        format!(
            "unsupported operand type(s) for {op_name}: '{}' and '{}'",
            type_name_n(v, 100),
            type_name_n(w, 100)
        )
    };
    errors::fail_null(Exc::TypeError, msg)
}

/// CPython's `binary_op`: [`binary_op1`], or the unsupported-operand
/// `TypeError`.
///
/// # Safety
/// Both must be NULL or live objects.
unsafe fn binary_op(
    v: *mut PyObject,
    w: *mut PyObject,
    slot: Slot,
    op_name: &str,
) -> *mut PyObject {
    if v.is_null() || w.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let r = binary_op1(v, w, slot);
        if r == py_not_implemented() {
            Py_DecRef(r);
            return binop_type_error(v, w, op_name);
        }
        r
    }
}

/// CPython's `binary_iop1`: the in-place slot of `v`, then the plain
/// operation.
///
/// # Safety
/// Both must be live objects.
unsafe fn binary_iop1(
    v: *mut PyObject,
    w: *mut PyObject,
    islot: Slot,
    slot: Slot,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe {
        if let Some(f) = number_methods(v).and_then(|m| islot.of(m)) {
            let x = f(v, w);
            if x != py_not_implemented() {
                return x;
            }
            Py_DecRef(x);
        }
        binary_op1(v, w, slot)
    }
}

/// CPython's `binary_iop`.
///
/// # Safety
/// Both must be NULL or live objects.
unsafe fn binary_iop(
    v: *mut PyObject,
    w: *mut PyObject,
    islot: Slot,
    slot: Slot,
    op_name: &str,
) -> *mut PyObject {
    if v.is_null() || w.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let r = binary_iop1(v, w, islot, slot);
        if r == py_not_implemented() {
            Py_DecRef(r);
            return binop_type_error(v, w, op_name);
        }
        r
    }
}

macro_rules! number_binops {
    ($( $(#[$doc:meta])* $name:ident => $slot:ident, $op:literal; )*) => {
        $(
            $(#[$doc])*
            ///
            /// Fails (NULL) with `TypeError("unsupported operand type(s)
            /// for OP: 'A' and 'B'")`, the operation's own error, or
            /// `SystemError` for NULL.
            ///
            /// # Safety
            /// Both must be NULL or live objects.
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn $name(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
                // SAFETY: forwarded contract.
                unsafe { binary_op(v, w, Slot::$slot, $op) }
            }
        )*
    };
}

number_binops! {
    /// `PyNumber_Subtract(v, w)`: `v - w`.
    PyNumber_Subtract => Subtract, "-";
    /// `PyNumber_Remainder(v, w)`: `v % w`.
    PyNumber_Remainder => Remainder, "%";
    /// `PyNumber_Divmod(v, w)`: `divmod(v, w)`.
    PyNumber_Divmod => Divmod, "divmod()";
    /// `PyNumber_Lshift(v, w)`: `v << w`.
    PyNumber_Lshift => Lshift, "<<";
    /// `PyNumber_Rshift(v, w)`: `v >> w`.
    PyNumber_Rshift => Rshift, ">>";
    /// `PyNumber_And(v, w)`: `v & w`.
    PyNumber_And => And, "&";
    /// `PyNumber_Xor(v, w)`: `v ^ w`.
    PyNumber_Xor => Xor, "^";
    /// `PyNumber_Or(v, w)`: `v | w`.
    PyNumber_Or => Or, "|";
    /// `PyNumber_FloorDivide(v, w)`: `v // w`.
    PyNumber_FloorDivide => FloorDivide, "//";
    /// `PyNumber_TrueDivide(v, w)`: `v / w`.
    PyNumber_TrueDivide => TrueDivide, "/";
    /// `PyNumber_MatrixMultiply(v, w)`: `v @ w`.
    PyNumber_MatrixMultiply => MatrixMultiply, "@";
}

macro_rules! number_inplace_binops {
    ($( $(#[$doc:meta])* $name:ident => $islot:ident, $slot:ident, $op:literal; )*) => {
        $(
            $(#[$doc])*
            ///
            /// Fails (NULL) with `TypeError("unsupported operand type(s)
            /// for OP=: 'A' and 'B'")`, the operation's own error, or
            /// `SystemError` for NULL.
            ///
            /// # Safety
            /// Both must be NULL or live objects.
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn $name(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
                // SAFETY: forwarded contract.
                unsafe { binary_iop(v, w, Slot::$islot, Slot::$slot, $op) }
            }
        )*
    };
}

number_inplace_binops! {
    /// `PyNumber_InPlaceSubtract(v, w)`: `v -= w`.
    PyNumber_InPlaceSubtract => InplaceSubtract, Subtract, "-=";
    /// `PyNumber_InPlaceRemainder(v, w)`: `v %= w`.
    PyNumber_InPlaceRemainder => InplaceRemainder, Remainder, "%=";
    /// `PyNumber_InPlaceLshift(v, w)`: `v <<= w`.
    PyNumber_InPlaceLshift => InplaceLshift, Lshift, "<<=";
    /// `PyNumber_InPlaceRshift(v, w)`: `v >>= w`.
    PyNumber_InPlaceRshift => InplaceRshift, Rshift, ">>=";
    /// `PyNumber_InPlaceAnd(v, w)`: `v &= w`.
    PyNumber_InPlaceAnd => InplaceAnd, And, "&=";
    /// `PyNumber_InPlaceXor(v, w)`: `v ^= w`.
    PyNumber_InPlaceXor => InplaceXor, Xor, "^=";
    /// `PyNumber_InPlaceOr(v, w)`: `v |= w`.
    PyNumber_InPlaceOr => InplaceOr, Or, "|=";
    /// `PyNumber_InPlaceFloorDivide(v, w)`: `v //= w`.
    PyNumber_InPlaceFloorDivide => InplaceFloorDivide, FloorDivide, "//=";
    /// `PyNumber_InPlaceTrueDivide(v, w)`: `v /= w`.
    PyNumber_InPlaceTrueDivide => InplaceTrueDivide, TrueDivide, "/=";
    /// `PyNumber_InPlaceMatrixMultiply(v, w)`: `v @= w`.
    PyNumber_InPlaceMatrixMultiply => InplaceMatrixMultiply, MatrixMultiply, "@=";
}

/// `PyNumber_Add(v, w)`: `v + w` through the number slots, then `v`'s
/// sequence concatenation.
///
/// Fails (NULL) with `TypeError("unsupported operand type(s) for +: 'A'
/// and 'B'")`, the operation's own error, or `SystemError` for NULL.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_Add(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
    if v.is_null() || w.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let r = binary_op1(v, w, Slot::Add);
        if r != py_not_implemented() {
            return r;
        }
        Py_DecRef(r);
        if let Some(f) = sequence_methods(v).and_then(|m| m.sq_concat) {
            return f(v, w);
        }
        binop_type_error(v, w, "+")
    }
}

/// CPython's `sequence_repeat`: `seq * n` for an integer-like `n`.
///
/// # Safety
/// Both must be live objects; `f` the sequence's repeat slot.
unsafe fn sequence_repeat(f: ssizeargfunc, seq: *mut PyObject, n: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe {
        if PyIndex_Check(n) == 0 {
            return type_error("can't multiply sequence by non-int of type '{}'", n);
        }
        let count = PyNumber_AsSsize_t(n, Exc::OverflowError.type_object());
        if count == -1 && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        f(seq, count)
    }
}

/// `PyNumber_Multiply(v, w)`: `v * w` through the number slots, then
/// sequence repetition (`[1] * 3`, `3 * b'x'`).
///
/// Fails (NULL) with `TypeError("unsupported operand type(s) for *: 'A'
/// and 'B'")`, `TypeError("can't multiply sequence by non-int of type
/// 'T'")`, the operation's own error, or `SystemError` for NULL.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_Multiply(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
    if v.is_null() || w.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let r = binary_op1(v, w, Slot::Multiply);
        if r != py_not_implemented() {
            return r;
        }
        Py_DecRef(r);
        if let Some(f) = sequence_methods(v).and_then(|m| m.sq_repeat) {
            return sequence_repeat(f, v, w);
        }
        if let Some(f) = sequence_methods(w).and_then(|m| m.sq_repeat) {
            return sequence_repeat(f, w, v);
        }
        binop_type_error(v, w, "*")
    }
}

/// `PyNumber_InPlaceAdd(v, w)`: `v += w`, falling back to in-place (then
/// plain) sequence concatenation.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_InPlaceAdd(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
    if v.is_null() || w.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let r = binary_iop1(v, w, Slot::InplaceAdd, Slot::Add);
        if r != py_not_implemented() {
            return r;
        }
        Py_DecRef(r);
        if let Some(m) = sequence_methods(v)
            && let Some(f) = m.sq_inplace_concat.or(m.sq_concat)
        {
            return f(v, w);
        }
        binop_type_error(v, w, "+=")
    }
}

/// `PySequence_Concat(s, o)`: `s + o` for sequences: `s`'s `sq_concat`,
/// else (both being sequences) the number protocol's `+`.
///
/// Fails (NULL) with `TypeError("'T' object can't be concatenated")`, the
/// operation's own error, or `SystemError` for NULL.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Concat(s: *mut PyObject, o: *mut PyObject) -> *mut PyObject {
    if s.is_null() || o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(f) = sequence_methods(s).and_then(|m| m.sq_concat) {
            return f(s, o);
        }
        // A class with only __add__ has nb_add and no sq_concat.
        if PySequence_Check(s) != 0 && PySequence_Check(o) != 0 {
            let r = binary_op1(s, o, Slot::Add);
            if r != py_not_implemented() {
                return r;
            }
            Py_DecRef(r);
        }
        type_error("'{}' object can't be concatenated", s)
    }
}

/// `PySequence_InPlaceConcat(s, o)`: `s += o` for sequences:
/// `sq_inplace_concat`, then `sq_concat`, then (both being sequences) the
/// number protocol's `+=`. Errors as [`PySequence_Concat`].
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_InPlaceConcat(
    s: *mut PyObject,
    o: *mut PyObject,
) -> *mut PyObject {
    if s.is_null() || o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(m) = sequence_methods(s)
            && let Some(f) = m.sq_inplace_concat.or(m.sq_concat)
        {
            return f(s, o);
        }
        if PySequence_Check(s) != 0 && PySequence_Check(o) != 0 {
            let r = binary_iop1(s, o, Slot::InplaceAdd, Slot::Add);
            if r != py_not_implemented() {
                return r;
            }
            Py_DecRef(r);
        }
        type_error("'{}' object can't be concatenated", s)
    }
}

/// `PySequence_Repeat(o, count)`: `o * count` for a sequence: `sq_repeat`,
/// else (a sequence) the number protocol's `*` with the int `count`.
///
/// Fails (NULL) with `TypeError("'T' object can't be repeated")`, the
/// operation's own error, or `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_Repeat(o: *mut PyObject, count: Py_ssize_t) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { repeat(o, count, false) }
}

/// `PySequence_InPlaceRepeat(o, count)`: `o *= count`: `sq_inplace_repeat`,
/// then `sq_repeat`, then the number protocol's `*=`. Errors as
/// [`PySequence_Repeat`].
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_InPlaceRepeat(
    o: *mut PyObject,
    count: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { repeat(o, count, true) }
}

/// The two repeats of the sequence protocol.
///
/// # Safety
/// `o` must be NULL or a live object.
unsafe fn repeat(o: *mut PyObject, count: Py_ssize_t, inplace: bool) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(m) = sequence_methods(o) {
            let f = if inplace {
                m.sq_inplace_repeat.or(m.sq_repeat)
            } else {
                m.sq_repeat
            };
            if let Some(f) = f {
                return f(o, count);
            }
        }
        // A class with only __mul__ has nb_multiply and no sq_repeat.
        if PySequence_Check(o) != 0 {
            let n = crate::objects::longobject::PyLong_FromSsize_t(count);
            if n.is_null() {
                return ptr::null_mut();
            }
            let r = if inplace {
                binary_iop1(o, n, Slot::InplaceMultiply, Slot::Multiply)
            } else {
                binary_op1(o, n, Slot::Multiply)
            };
            Py_DecRef(n);
            if r != py_not_implemented() {
                return r;
            }
            Py_DecRef(r);
        }
        type_error("'{}' object can't be repeated", o)
    }
}

/// `PyNumber_InPlaceMultiply(v, w)`: `v *= w`, falling back to in-place
/// (then plain) sequence repetition.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_InPlaceMultiply(
    v: *mut PyObject,
    w: *mut PyObject,
) -> *mut PyObject {
    if v.is_null() || w.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let r = binary_iop1(v, w, Slot::InplaceMultiply, Slot::Multiply);
        if r != py_not_implemented() {
            return r;
        }
        Py_DecRef(r);
        if let Some(m) = sequence_methods(v) {
            if let Some(f) = m.sq_inplace_repeat.or(m.sq_repeat) {
                return sequence_repeat(f, v, w);
            }
        } else if let Some(f) = sequence_methods(w).and_then(|m| m.sq_repeat) {
            return sequence_repeat(f, w, v);
        }
        binop_type_error(v, w, "*=")
    }
}

/// CPython's `ternary_op` for `**`: `v`'s `nb_power`, `w`'s, then `z`'s.
///
/// # Safety
/// All three must be live objects.
unsafe fn ternary_op(
    v: *mut PyObject,
    w: *mut PyObject,
    z: *mut PyObject,
    op_name: &str,
) -> *mut PyObject {
    // SAFETY: live per the contract; each slot is its type's own.
    unsafe {
        let (tv, tw) = (type_of(v), type_of(w));
        let slotv = number_methods(v).and_then(|m| m.nb_power);
        let mut slotw = if tv != tw {
            number_methods(w).and_then(|m| m.nb_power)
        } else {
            None
        };
        if let (Some(a), Some(b)) = (slotv, slotw)
            && std::ptr::fn_addr_eq(a, b)
        {
            slotw = None;
        }
        if let Some(fv) = slotv {
            if let Some(fw) = slotw
                && PyType_IsSubtype(tw, tv) != 0
            {
                let x = fw(v, w, z);
                if x != py_not_implemented() {
                    return x;
                }
                Py_DecRef(x);
                slotw = None;
            }
            let x = fv(v, w, z);
            if x != py_not_implemented() {
                return x;
            }
            Py_DecRef(x);
        }
        if let Some(fw) = slotw {
            let x = fw(v, w, z);
            if x != py_not_implemented() {
                return x;
            }
            Py_DecRef(x);
        }
        if let Some(fz) = number_methods(z).and_then(|m| m.nb_power)
            && !slotv.is_some_and(|f| std::ptr::fn_addr_eq(f, fz))
            && !slotw.is_some_and(|f| std::ptr::fn_addr_eq(f, fz))
        {
            let x = fz(v, w, z);
            if x != py_not_implemented() {
                return x;
            }
            Py_DecRef(x);
        }
        let msg = if z == py_none() {
            format!(
                "unsupported operand type(s) for {op_name}: '{}' and '{}'",
                type_name_n(v, 100),
                type_name_n(w, 100)
            )
        } else {
            format!(
                "unsupported operand type(s) for {op_name}: '{}', '{}', '{}'",
                type_name_n(v, 100),
                type_name_n(w, 100),
                type_name_n(z, 100)
            )
        };
        errors::fail_null(Exc::TypeError, msg)
    }
}

/// `PyNumber_Power(v, w, z)`: `pow(v, w)` with `z` `None`, else `pow(v,
/// w, z)`.
///
/// Fails (NULL) with `TypeError("unsupported operand type(s) for ** or
/// pow(): 'A' and 'B'")`, the operation's own error, or `SystemError` for
/// NULL.
///
/// # Safety
/// All three must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_Power(
    v: *mut PyObject,
    w: *mut PyObject,
    z: *mut PyObject,
) -> *mut PyObject {
    if v.is_null() || w.is_null() || z.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe { ternary_op(v, w, z, "** or pow()") }
}

/// `PyNumber_InPlacePower(v, w, z)`: `v **= w` (`nb_inplace_power`, then
/// `pow`).
///
/// # Safety
/// All three must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_InPlacePower(
    v: *mut PyObject,
    w: *mut PyObject,
    z: *mut PyObject,
) -> *mut PyObject {
    if v.is_null() || w.is_null() || z.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if let Some(f) = number_methods(v).and_then(|m| m.nb_inplace_power) {
            let x = f(v, w, z);
            if x != py_not_implemented() {
                return x;
            }
            Py_DecRef(x);
        }
        ternary_op(v, w, z, "**=")
    }
}

macro_rules! number_unops {
    ($( $(#[$doc:meta])* $name:ident => $field:ident, $what:literal; )*) => {
        $(
            $(#[$doc])*
            ///
            /// Fails (NULL) with `TypeError("bad operand type for ...:
            /// 'T'")`, the operation's own error, or `SystemError` for
            /// NULL.
            ///
            /// # Safety
            /// `o` must be NULL or a live object.
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn $name(o: *mut PyObject) -> *mut PyObject {
                if o.is_null() {
                    return null_error();
                }
                // SAFETY: live per the contract.
                unsafe {
                    if let Some(f) = number_methods(o).and_then(|m| m.$field) {
                        return f(o);
                    }
                    type_error(concat!("bad operand type for ", $what, ": '{}'"), o)
                }
            }
        )*
    };
}

number_unops! {
    /// `PyNumber_Negative(o)`: `-o`.
    PyNumber_Negative => nb_negative, "unary -";
    /// `PyNumber_Positive(o)`: `+o`.
    PyNumber_Positive => nb_positive, "unary +";
    /// `PyNumber_Invert(o)`: `~o`.
    PyNumber_Invert => nb_invert, "unary ~";
    /// `PyNumber_Absolute(o)`: `abs(o)`.
    PyNumber_Absolute => nb_absolute, "abs()";
}

/// `PyNumber_Check(o)`: 1 when `o` has `__index__`, `__int__` or
/// `__float__` (it is a number), else 0.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_Check(o: *mut PyObject) -> c_int {
    if o.is_null() {
        return 0;
    }
    // SAFETY: live per the contract.
    unsafe { number_methods(o) }
        .is_some_and(|m| m.nb_index.is_some() || m.nb_int.is_some() || m.nb_float.is_some())
        as c_int
}

/// `PyNumber_Long(o)`: `int(o)`: an int, `__int__`, `__index__`,
/// `__trunc__` (deprecated, with CPython's `DeprecationWarning`), or a
/// decimal literal in a `str`, `bytes`, `bytearray` or other buffer.
///
/// Fails (NULL) with `TypeError("int() argument must be a string, a
/// bytes-like object or a real number, not 'T'")`, `TypeError("__int__
/// returned non-int (type T)")`, `TypeError("__trunc__ returned
/// non-Integral (type T)")`, the literal's `ValueError`, or
/// `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_Long(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract; the slots are the type's own.
    unsafe {
        if type_of(o) == PyLong_Type.get() {
            Py_IncRef(o);
            return o;
        }
        let m = number_methods(o);
        if let Some(f) = m.and_then(|m| m.nb_int) {
            let r = f(o);
            if r.is_null() || type_of(r) == PyLong_Type.get() {
                return r;
            }
            if !is_int(r) {
                let name = type_name_200(r);
                Py_DecRef(r);
                return errors::fail_null(
                    Exc::TypeError,
                    format!("__int__ returned non-int (type {name})"),
                );
            }
            let copy = crate::objects::longobject::long_copy(r);
            Py_DecRef(r);
            return copy;
        }
        if m.is_some_and(|m| m.nb_index.is_some()) {
            return PyNumber_Index(o);
        }
        match crate::objects::typeobject::lookup_special(o, "__trunc__") {
            Err(()) => return ptr::null_mut(),
            Ok(Some(trunc)) => return int_from_trunc(trunc.as_ptr()),
            Ok(None) => {}
        }
        if has_flag(type_of(o), Py_TPFLAGS_UNICODE_SUBCLASS) {
            return crate::objects::longobject::PyLong_FromUnicodeObject(o, 10);
        }
        if let Some((p, n)) = crate::objects::bytesobject::bytes_data(o)
            .or_else(|| crate::objects::bytearrayobject::bytearray_data(o))
        {
            let s = std::slice::from_raw_parts(p, n).to_vec();
            return crate::objects::longobject::long_from_bytes(&s, 10);
        }
        let mut view = Py_buffer::zeroed();
        if crate::buffer::PyObject_GetBuffer(o, &mut view, PyBUF_SIMPLE) == 0 {
            let s = std::slice::from_raw_parts(view.buf.cast::<u8>(), view.len as usize).to_vec();
            crate::buffer::PyBuffer_Release(&mut view);
            return crate::objects::longobject::long_from_bytes(&s, 10);
        }
        type_error(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            o,
        )
    }
}

/// `int(o)` through `o.__trunc__` (the bound method `trunc`), after
/// CPython 3.11's `DeprecationWarning("The delegation of int() to
/// __trunc__ is deprecated.")`: an int (a copy for an int subclass), or
/// the result's `__index__`; `TypeError("__trunc__ returned non-Integral
/// (type T)")` otherwise.
///
/// # Safety
/// `trunc` must be a live callable.
unsafe fn int_from_trunc(trunc: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract; `result` is released on every path
    // that does not return it.
    unsafe {
        if crate::python::warnings::PyErr_WarnEx(
            Exc::DeprecationWarning.type_object(),
            c"The delegation of int() to __trunc__ is deprecated.".as_ptr(),
            1,
        ) < 0
        {
            return ptr::null_mut();
        }
        let result = crate::objects::call::PyObject_CallNoArgs(trunc);
        if result.is_null() || type_of(result) == PyLong_Type.get() {
            return result;
        }
        if is_int(result) {
            let copy = crate::objects::longobject::long_copy(result);
            Py_DecRef(result);
            return copy;
        }
        if PyIndex_Check(result) == 0 {
            let name = type_name_200(result);
            Py_DecRef(result);
            return errors::fail_null(
                Exc::TypeError,
                format!("__trunc__ returned non-Integral (type {name})"),
            );
        }
        let index = PyNumber_Index(result);
        Py_DecRef(result);
        index
    }
}

/// `PyNumber_Float(o)`: `float(o)`: a float, `__float__`, `__index__`, or
/// a literal in a `str` or bytes-like object.
///
/// Fails (NULL) with `TypeError("float() argument must be a string or a
/// real number, not 'T'")`, `TypeError("T.__float__ returned non-float
/// (type U)")`, `ValueError("could not convert string to float: ...")`,
/// `OverflowError`, or `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_Float(o: *mut PyObject) -> *mut PyObject {
    use crate::objects::floatobject::{
        PyFloat_FromString, PyFloat_Type, float_from_f64, float_value, is_float,
    };
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract; the slots are the type's own.
    unsafe {
        if type_of(o) == PyFloat_Type.get() {
            Py_IncRef(o);
            return o;
        }
        let m = number_methods(o);
        if let Some(f) = m.and_then(|m| m.nb_float) {
            let r = f(o);
            if r.is_null() || type_of(r) == PyFloat_Type.get() {
                return r;
            }
            if !is_float(r) {
                let msg = format!(
                    "{}.__float__ returned non-float (type {})",
                    type_name_n(o, 50),
                    type_name_n(r, 50)
                );
                Py_DecRef(r);
                return errors::fail_null(Exc::TypeError, msg);
            }
            let v = float_value(r).unwrap_or(0.0);
            Py_DecRef(r);
            return float_from_f64(v);
        }
        if m.is_some_and(|m| m.nb_index.is_some()) {
            let i = number_index(o);
            if i.is_null() {
                return i;
            }
            let v = crate::objects::longobject::PyLong_AsDouble(i);
            Py_DecRef(i);
            if v == -1.0 && !errors::PyErr_Occurred().is_null() {
                return ptr::null_mut();
            }
            return float_from_f64(v);
        }
        if let Some(v) = float_value(o) {
            return float_from_f64(v);
        }
        PyFloat_FromString(o)
    }
}

/// `PyNumber_ToBase(n, base)`: `bin(n)`, `oct(n)`, `str(n)` or `hex(n)`
/// for base 2, 8, 10 or 16 (`'-0b101'`, `'0o17'`, `'0x1f'`).
///
/// Fails (NULL) with `SystemError("PyNumber_ToBase: base must be 2, 8, 10
/// or 16")`, the `TypeError` of `__index__`, or the 4300-digit
/// `ValueError` for base 10.
///
/// # Safety
/// `n` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyNumber_ToBase(n: *mut PyObject, base: c_int) -> *mut PyObject {
    if !matches!(base, 2 | 8 | 10 | 16) {
        return errors::fail_null(
            Exc::SystemError,
            "PyNumber_ToBase: base must be 2, 8, 10 or 16",
        );
    }
    // SAFETY: live per the contract.
    let i = unsafe { number_index(n) };
    if i.is_null() {
        return i;
    }
    // SAFETY: a live int, released after.
    let v = unsafe { crate::objects::longobject::int_of(i) };
    // SAFETY: our reference.
    unsafe { Py_DecRef(i) };
    let text = if base == 10 {
        match crate::objects::longobject::int_to_decimal(&v) {
            Some(t) => t,
            None => return ptr::null_mut(),
        }
    } else {
        let big = v.to_big();
        let prefix = match base {
            2 => "0b",
            8 => "0o",
            _ => "0x",
        };
        let digits = big.magnitude().to_str_radix(base as u32);
        format!(
            "{}{prefix}{digits}",
            if big.is_negative() { "-" } else { "" }
        )
    };
    crate::objects::unicodeobject::unicode_from_str(&text)
}

/// `_PyNumber_Index(item)`: [`PyNumber_Index`] without the final copy to an
/// exact `int`, so an `int` subclass (`bool` included) comes back as
/// itself; Argument Clinic's generated parsers call it. A new reference, or
/// NULL with the errors of [`PyNumber_Index`].
///
/// # Safety
/// `item` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyNumber_Index(item: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { number_index(item) }
}

/// The slice `i1:i2` (CPython's `_PySlice_FromIndices`): a new reference,
/// or NULL with `MemoryError`.
fn slice_from_indices(i1: Py_ssize_t, i2: Py_ssize_t) -> *mut PyObject {
    use crate::objects::longobject::PyLong_FromSsize_t;
    use crate::objects::sliceobject::PySlice_New;
    let (start, stop) = (PyLong_FromSsize_t(i1), PyLong_FromSsize_t(i2));
    // SAFETY: new references (or NULL, checked) owned here; the slice takes
    // its own.
    unsafe {
        let slice = if start.is_null() || stop.is_null() {
            ptr::null_mut()
        } else {
            PySlice_New(start, stop, ptr::null_mut())
        };
        Py_DecRef(start);
        Py_DecRef(stop);
        slice
    }
}

/// `o[i1:i2] = v` (`del` for a NULL `v`) through the type's
/// `mp_ass_subscript`, or `TypeError(not_supported)` naming the type.
///
/// # Safety
/// `o` must be NULL or a live object; `v` NULL or a live object.
unsafe fn ass_slice(
    o: *mut PyObject,
    i1: Py_ssize_t,
    i2: Py_ssize_t,
    v: *mut PyObject,
    not_supported: &str,
) -> c_int {
    if o.is_null() {
        null_error::<PyObject>();
        return -1;
    }
    // SAFETY: live per the contract.
    let Some(ass) = (unsafe { mapping_methods(o) }).and_then(|m| m.mp_ass_subscript) else {
        // SAFETY: live per the contract.
        unsafe { type_error::<PyObject>(not_supported, o) };
        return -1;
    };
    let slice = slice_from_indices(i1, i2);
    if slice.is_null() {
        return -1;
    }
    // SAFETY: live objects; our slice is released after.
    unsafe {
        let r = ass(o, slice, v);
        Py_DecRef(slice);
        r
    }
}

/// `PySequence_SetSlice(o, i1, i2, v)`: `o[i1:i2] = v` (or `del o[i1:i2]`
/// for a NULL `v`) through the type's `mp_ass_subscript` with a slice of
/// the two indices (negative ones are the object's to interpret).
///
/// Fails (-1) with `TypeError("'T' object doesn't support slice
/// assignment")`, the object's own error, or `SystemError` for a NULL `o`.
///
/// # Safety
/// `o` and `v` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_SetSlice(
    o: *mut PyObject,
    i1: Py_ssize_t,
    i2: Py_ssize_t,
    v: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { ass_slice(o, i1, i2, v, "'{}' object doesn't support slice assignment") }
}

/// `PySequence_DelSlice(o, i1, i2)`: `del o[i1:i2]`, as
/// [`PySequence_SetSlice`] with a NULL value.
///
/// Fails (-1) with `TypeError("'T' object doesn't support slice
/// deletion")`, the object's own error, or `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_DelSlice(
    o: *mut PyObject,
    i1: Py_ssize_t,
    i2: Py_ssize_t,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        ass_slice(
            o,
            i1,
            i2,
            ptr::null_mut(),
            "'{}' object doesn't support slice deletion",
        )
    }
}

/// `PySequence_GetSlice(o, i1, i2)`: `o[i1:i2]` through the type's
/// `mp_subscript` with a slice of the two indices (negative ones are the
/// object's to interpret, as in CPython). A new reference.
///
/// Fails (NULL) with `TypeError("'T' object is unsliceable")` for a type
/// without `mp_subscript`, the object's own error, or `SystemError` for
/// NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySequence_GetSlice(
    o: *mut PyObject,
    i1: Py_ssize_t,
    i2: Py_ssize_t,
) -> *mut PyObject {
    if o.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    let Some(subscript) = (unsafe { mapping_methods(o) }).and_then(|m| m.mp_subscript) else {
        // SAFETY: live per the contract.
        return unsafe { type_error("'{}' object is unsliceable", o) };
    };
    let slice = slice_from_indices(i1, i2);
    if slice.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: live objects; our slice is released after.
    unsafe {
        let result = subscript(o, slice);
        Py_DecRef(slice);
        result
    }
}

/// `PyObject_Format(obj, format_spec)`: `format(obj, format_spec)`, with
/// NULL for `""`. An exact `str` or `int` with an empty spec is its own
/// `str()`; otherwise the type's `__format__` (looked up on the type, so a
/// C type's `tp_methods` entry or a subclass's override wins over the
/// built-in ones in `crate::python::formatter_unicode`) is called with the
/// spec, and its result must be a `str`.
///
/// Fails (NULL) with `SystemError("Format specifier must be a string, not
/// T")`, `TypeError("__format__ must return a str, not T")`,
/// `TypeError("Type T doesn't define __format__")` or what `__format__`
/// raised.
///
/// # Safety
/// `obj` must be NULL or a live object; `format_spec` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Format(
    obj: *mut PyObject,
    format_spec: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::object::{PyObject_Str, is_str, type_name_of};
    use crate::objects::unicodeobject::{PyUnicode_GetLength, PyUnicode_Type};
    if obj.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: live per the contract; every new reference is released.
    unsafe {
        if !format_spec.is_null() && !is_str(format_spec) {
            return errors::fail_null(
                Exc::SystemError,
                format!(
                    "Format specifier must be a string, not {}",
                    type_name_of(format_spec)
                ),
            );
        }
        let empty = format_spec.is_null() || PyUnicode_GetLength(format_spec) == 0;
        let ty = crate::objects::object::type_of(obj);
        if empty && (ty == PyUnicode_Type.get() || ty == PyLong_Type.get()) {
            return PyObject_Str(obj);
        }
        let meth = match crate::objects::typeobject::lookup_special(obj, "__format__") {
            Err(()) => return ptr::null_mut(),
            Ok(m) => m,
        };
        let Some(meth) = meth else {
            // Every type inherits `object.__format__`; only a type with
            // no `object` base (a C type not readied) lacks one.
            return errors::fail_null(
                Exc::TypeError,
                format!("Type {} doesn't define __format__", type_name_n(obj, 100)),
            );
        };
        let spec = if format_spec.is_null() {
            crate::objects::unicodeobject::unicode_from_str("")
        } else {
            crate::objects::object::Py_IncRef(format_spec);
            format_spec
        };
        if spec.is_null() {
            return ptr::null_mut();
        }
        let result = crate::objects::call::PyObject_CallOneArg(meth.as_ptr(), spec);
        crate::objects::object::Py_DecRef(spec);
        if !result.is_null() && !is_str(result) {
            let name = type_name_of(result);
            crate::objects::object::Py_DecRef(result);
            return errors::fail_null(
                Exc::TypeError,
                format!("__format__ must return a str, not {name}"),
            );
        }
        result
    }
}

/// `PyAIter_Check(o)`: 1 when `o`'s type has `__anext__` (`am_anext`),
/// else 0.
///
/// # Safety
/// `o` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyAIter_Check(o: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    unsafe {
        let am = (*type_of(o)).tp_as_async;
        if am.is_null() {
            return 0;
        }
        let marker = crate::objects::object::_PyObject_NextNotImplemented as *const () as usize;
        (*am).am_anext.is_some_and(|f| f as usize != marker) as c_int
    }
}

/// `PyObject_GetAIter(o)`: `aiter(o)`, what `o`'s `__aiter__`
/// (`am_aiter`) returns. A new reference.
///
/// Fails (NULL) with `TypeError("'T' object is not an async iterable")`,
/// `TypeError("aiter() returned not an async iterator of type 'T'")`, or
/// what `__aiter__` raised.
///
/// # Safety
/// `o` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GetAIter(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract; the result is released on failure.
    unsafe {
        let am = (*type_of(o)).tp_as_async;
        let aiter = if am.is_null() { None } else { (*am).am_aiter };
        let Some(aiter) = aiter else {
            return errors::fail_null(
                Exc::TypeError,
                format!("'{}' object is not an async iterable", type_name_200(o)),
            );
        };
        let it = aiter(o);
        if !it.is_null() && PyAIter_Check(it) == 0 {
            let name = crate::objects::object::tp_name(type_of(it), 100);
            Py_DecRef(it);
            return errors::fail_null(
                Exc::TypeError,
                format!("aiter() returned not an async iterator of type '{name}'"),
            );
        }
        it
    }
}
