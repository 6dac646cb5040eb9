//! `int` (CPython's `Objects/longobject.c`).
//!
//! * An `int` holds an `i128`, enough for every value the C API can create
//!   (`long long` and `unsigned long long`); the conversions back to C types
//!   raise `OverflowError` with CPython's exact messages. `bool` derives from
//!   `int`, so `PyLong_Check(Py_True)` is true and `PyLong_AsLong(Py_True)`
//!   is 1.

#![allow(non_upper_case_globals)]

use std::ffi::{c_double, c_int, c_long, c_longlong, c_ulong, c_ulonglong};

use crate::ffi::*;
use crate::objects::boolobject::PyBool_Type;
use crate::objects::exceptions::Exc;
use crate::objects::object::{alloc, free_dealloc, type_name_of, type_of};
use crate::objects::typeobject::static_type;
use crate::python::errors;

/// `PyLong_Type`: `int`.
#[unsafe(no_mangle)]
pub static PyLong_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"int",
        std::mem::size_of::<PyLongObject>(),
        Py_TPFLAGS_LONG_SUBCLASS,
        free_dealloc,
    );
    ty.tp_as_number = &raw const LONG_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_hash = Some(long_hash);
    ty.tp_richcompare = Some(long_richcompare);
    ty
});

/// `hash(int)`: the value modulo `2**61 - 1`, with its sign.
pub(crate) unsafe extern "C" fn long_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live int.
    crate::python::pyhash::hash_i128(unsafe { long_value(op) }.unwrap_or(0))
}

/// `tp_richcompare` of `int`: `NotImplemented` unless both are ints.
pub(crate) unsafe extern "C" fn long_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects.
    let (Some(x), Some(y)) = (unsafe { long_value(a) }, unsafe { long_value(b) }) else {
        return crate::objects::object::not_implemented();
    };
    crate::objects::boolobject::bool_from_bool(crate::objects::unicodeobject::compare_op(
        x.cmp(&y),
        op,
    ))
}

/// An `int` (or `bool`) object. The value is private; C code reads it with
/// `PyLong_As*`. It is kept as two 64-bit halves of an `i128` so that the
/// object needs no more than `malloc`'s alignment.
#[repr(C)]
#[derive(Debug)]
pub struct PyLongObject {
    /// Object header.
    pub ob_base: PyObject,
    lo: u64,
    hi: i64,
}

impl PyLongObject {
    pub(crate) const fn immortal_bool(value: u64) -> Self {
        PyLongObject {
            ob_base: PyObject {
                ob_refcnt: IMMORTAL_REFCNT,
                ob_type: PyBool_Type.get(),
            },
            lo: value,
            hi: 0,
        }
    }

    fn value(&self) -> i128 {
        ((self.hi as i128) << 64) | self.lo as i128
    }
}

/// True when `op` is exactly an `int` or a `bool` made by this crate (the
/// objects whose payload may be read).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_long_object(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    let ty = unsafe { type_of(op) };
    ty == PyLong_Type.get() || ty == PyBool_Type.get()
}

/// The value of an `int` or `bool`, or None for anything else (and NULL).
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn long_value(op: *mut PyObject) -> Option<i128> {
    // SAFETY: live per the contract; the payload is read only from our types.
    if op.is_null() || !unsafe { is_long_object(op) } {
        return None;
    }
    // SAFETY: `op` is a PyLongObject (checked above).
    Some(unsafe { (*(op as *mut PyLongObject)).value() })
}

/// True when the `int` `op` is negative.
///
/// # Safety
/// `op` must be a live `int`.
pub(crate) unsafe fn long_is_negative(op: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { long_value(op) }.is_some_and(|v| v < 0)
}

/// A new exact `int` with the value of the `int` (or subclass) `op`.
///
/// # Safety
/// `op` must be a live `int`.
pub(crate) unsafe fn long_copy(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    long_from_i128(unsafe { long_value(op) }.unwrap_or(0))
}

/// `nb_index` of `int`: the value itself, as an exact `int`.
unsafe extern "C" fn long_index(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    unsafe {
        if type_of(op) == PyLong_Type.get() {
            crate::objects::object::Py_IncRef(op);
            return op;
        }
        long_copy(op)
    }
}

pub(crate) static LONG_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_index: Some(long_index),
    ..PyNumberMethods::empty()
};

/// A new `int` holding `value`; NULL with `MemoryError` when allocation
/// fails.
pub fn long_from_i128(value: i128) -> *mut PyObject {
    let op = alloc(PyLong_Type.get(), std::mem::size_of::<PyLongObject>());
    if !op.is_null() {
        let long = op as *mut PyLongObject;
        // SAFETY: a fresh PyLongObject-sized allocation.
        unsafe {
            (*long).lo = value as u64;
            (*long).hi = (value >> 64) as i64;
        }
    }
    op
}

/// A new `int` from an `i64`; NULL with `MemoryError` when allocation fails.
pub fn long_from_i64(value: i64) -> *mut PyObject {
    long_from_i128(value.into())
}

/// A new `int` from a `u64`; NULL with `MemoryError` when allocation fails.
pub fn long_from_u64(value: u64) -> *mut PyObject {
    long_from_i128(value.into())
}

/// `PyLong_FromLong(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromLong(v: c_long) -> *mut PyObject {
    long_from_i128(v.into())
}

/// `PyLong_FromUnsignedLong(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromUnsignedLong(v: c_ulong) -> *mut PyObject {
    long_from_i128(v.into())
}

/// `PyLong_FromLongLong(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromLongLong(v: c_longlong) -> *mut PyObject {
    long_from_i128(v.into())
}

/// `PyLong_FromUnsignedLongLong(v)`: a new `int`. Fails only with
/// `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromUnsignedLongLong(v: c_ulonglong) -> *mut PyObject {
    long_from_i128(v.into())
}

/// `PyLong_FromSsize_t(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromSsize_t(v: Py_ssize_t) -> *mut PyObject {
    long_from_i128(v as i128)
}

/// `PyLong_FromSize_t(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromSize_t(v: usize) -> *mut PyObject {
    long_from_i128(v as i128)
}

/// The value of `op` for the conversions that, like CPython's, accept any
/// integer (`__index__`): an `int` or `bool`. Otherwise raises `SystemError`
/// for NULL or `TypeError("'T' object cannot be interpreted as an
/// integer")`.
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn index_value(op: *mut PyObject) -> Option<i128> {
    if op.is_null() {
        errors::PyErr_BadInternalCall();
        return None;
    }
    // SAFETY: live per the contract.
    match unsafe { long_value(op) } {
        Some(v) => Some(v),
        None => {
            // SAFETY: live per the contract.
            let name = unsafe { type_name_of(op) };
            errors::raise(
                Exc::TypeError,
                format!("'{name}' object cannot be interpreted as an integer"),
            );
            None
        }
    }
}

/// The value of `op` for the conversions that, like CPython's, accept only
/// `int` (and `bool`) objects: otherwise `SystemError` for NULL or
/// `TypeError("an integer is required")`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn int_value(op: *mut PyObject) -> Option<i128> {
    if op.is_null() {
        errors::PyErr_BadInternalCall();
        return None;
    }
    // SAFETY: live per the contract.
    let v = unsafe { long_value(op) };
    if v.is_none() {
        errors::raise(Exc::TypeError, "an integer is required");
    }
    v
}

/// Converts `v` to `T` or raises `OverflowError`: `negative` is the message
/// for a negative value that `T` cannot hold (None: use `too_big`).
fn convert<T: TryFrom<i128>>(v: i128, too_big: &str, negative: Option<&str>) -> Option<T> {
    match T::try_from(v) {
        Ok(x) => Some(x),
        Err(_) => {
            let msg = match negative {
                Some(neg) if v < 0 => neg,
                _ => too_big,
            };
            errors::raise(Exc::OverflowError, msg);
            None
        }
    }
}

/// `PyLong_AsLong(obj)`: the value as a C `long`.
///
/// Fails (returns -1 with an exception) with `OverflowError("Python int too
/// large to convert to C long")` when out of range, `TypeError("'float'
/// object cannot be interpreted as an integer")` (for any non-int type) and
/// `SystemError` for NULL. `bool` is an `int`: `True` gives 1.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsLong(obj: *mut PyObject) -> c_long {
    // SAFETY: forwarded contract.
    unsafe { index_value(obj) }
        .and_then(|v| convert(v, "Python int too large to convert to C long", None))
        .unwrap_or(-1)
}

/// `PyLong_AsLongLong(obj)`: the value as a C `long long`.
///
/// Fails (-1) with `OverflowError("int too big to convert")`, the `TypeError`
/// of [`PyLong_AsLong`] for non-ints, or `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsLongLong(obj: *mut PyObject) -> c_longlong {
    // SAFETY: forwarded contract.
    unsafe { index_value(obj) }
        .and_then(|v| convert(v, "int too big to convert", None))
        .unwrap_or(-1)
}

/// `PyLong_AsLongAndOverflow(obj, &overflow)`: as [`PyLong_AsLong`], but an
/// out-of-range value sets `*overflow` to 1 or -1 and returns -1 without an
/// exception (`*overflow` is 0 otherwise).
///
/// Fails (-1 with an exception) with the `TypeError` of [`PyLong_AsLong`],
/// or `SystemError` when `obj` or `overflow` is NULL.
///
/// # Safety
/// `obj` must be NULL or a live object; `overflow` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsLongAndOverflow(
    obj: *mut PyObject,
    overflow: *mut c_int,
) -> c_long {
    if overflow.is_null() {
        errors::PyErr_BadInternalCall();
        return -1;
    }
    // SAFETY: writable per the contract.
    unsafe { *overflow = 0 };
    // SAFETY: forwarded contract.
    let Some(v) = (unsafe { index_value(obj) }) else {
        return -1;
    };
    match c_long::try_from(v) {
        Ok(x) => x,
        Err(_) => {
            // SAFETY: writable per the contract.
            unsafe { *overflow = if v < 0 { -1 } else { 1 } };
            -1
        }
    }
}

/// `PyLong_AsSsize_t(obj)`: the value as a `Py_ssize_t`.
///
/// Fails (-1) with `OverflowError("Python int too large to convert to C
/// ssize_t")`, `TypeError("an integer is required")` for a non-int (CPython
/// does not call `__index__` here), or `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsSsize_t(obj: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { int_value(obj) }
        .and_then(|v| convert(v, "Python int too large to convert to C ssize_t", None))
        .unwrap_or(-1)
}

/// `PyLong_AsSize_t(obj)`: the value as a `size_t`.
///
/// Fails (`(size_t)-1`) with `OverflowError("can't convert negative value to
/// size_t")` or `OverflowError("Python int too large to convert to C
/// size_t")`, `TypeError("an integer is required")`, or `SystemError` for
/// NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsSize_t(obj: *mut PyObject) -> usize {
    // SAFETY: forwarded contract.
    unsafe { int_value(obj) }
        .and_then(|v| {
            convert(
                v,
                "Python int too large to convert to C size_t",
                Some("can't convert negative value to size_t"),
            )
        })
        .unwrap_or(usize::MAX)
}

/// `PyLong_AsUnsignedLong(obj)`: the value as a C `unsigned long`.
///
/// Fails (`(unsigned long)-1`) with `OverflowError("can't convert negative
/// value to unsigned int")` or `OverflowError("Python int too large to
/// convert to C unsigned long")`, `TypeError("an integer is required")`, or
/// `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsUnsignedLong(obj: *mut PyObject) -> c_ulong {
    // SAFETY: forwarded contract.
    unsafe { int_value(obj) }
        .and_then(|v| {
            convert(
                v,
                "Python int too large to convert to C unsigned long",
                Some("can't convert negative value to unsigned int"),
            )
        })
        .unwrap_or(c_ulong::MAX)
}

/// `PyLong_AsUnsignedLongLong(obj)`: the value as a C `unsigned long long`
/// (every `int` from 0 to 2**64-1).
///
/// Fails (`(unsigned long long)-1`) with `OverflowError("can't convert
/// negative int to unsigned")` or `OverflowError("int too big to
/// convert")`, `TypeError("an integer is required")`, or `SystemError` for
/// NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsUnsignedLongLong(obj: *mut PyObject) -> c_ulonglong {
    // SAFETY: forwarded contract.
    unsafe { int_value(obj) }
        .and_then(|v| {
            convert(
                v,
                "int too big to convert",
                Some("can't convert negative int to unsigned"),
            )
        })
        .unwrap_or(c_ulonglong::MAX)
}

/// `PyLong_AsDouble(obj)`: the value of an `int` as a `double`, correctly
/// rounded.
///
/// Fails (-1.0) with `TypeError("an integer is required")` for a non-int
/// (floats included), or `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsDouble(obj: *mut PyObject) -> c_double {
    // SAFETY: forwarded contract.
    unsafe { int_value(obj) }.map_or(-1.0, |v| v as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::boolobject::py_true;
    use crate::objects::floatobject::{PyFloat_AsDouble, float_from_f64};
    use crate::objects::object::Py_DecRef;
    use crate::objects::object::py_none;
    use crate::python::errors::take_error;

    #[test]
    fn long_conversions_match_cpython() {
        let big = long_from_u64(u64::MAX);
        let neg = long_from_i64(-1);
        // SAFETY: live objects.
        unsafe {
            assert_eq!(PyLong_AsUnsignedLongLong(big), u64::MAX);
            assert_eq!(PyLong_AsLong(big), -1);
            assert_eq!(
                take_error().unwrap().message,
                "Python int too large to convert to C long"
            );
            assert_eq!(PyLong_AsLongLong(big), -1);
            assert_eq!(take_error().unwrap().message, "int too big to convert");
            assert_eq!(PyLong_AsUnsignedLongLong(neg), u64::MAX);
            let e = take_error().unwrap();
            assert_eq!(
                (e.kind, e.message.as_str()),
                (Exc::OverflowError, "can't convert negative int to unsigned")
            );
            let mut overflow = 0;
            assert_eq!(PyLong_AsLongAndOverflow(big, &mut overflow), -1);
            assert_eq!(overflow, 1);
            assert!(errors::PyErr_Occurred().is_null());
            assert_eq!(PyLong_AsLong(py_true()), 1);
            let f = float_from_f64(1.5);
            assert_eq!(PyLong_AsLong(f), -1);
            assert_eq!(
                take_error().unwrap().message,
                "'float' object cannot be interpreted as an integer"
            );
            assert_eq!(PyLong_AsSsize_t(f), -1);
            assert_eq!(take_error().unwrap().message, "an integer is required");
            assert_eq!(PyFloat_AsDouble(big), 18446744073709551615.0);
            assert_eq!(PyFloat_AsDouble(py_none()), -1.0);
            assert_eq!(
                take_error().unwrap().message,
                "must be real number, not NoneType"
            );
            for op in [big, neg, f] {
                Py_DecRef(op);
            }
        }
    }
}
