//! The scalar objects extension functions take and return: `None`, `True`
//! and `False`, `int`, `float`, `bool` and `str`, with CPython 3.11's C API
//! over them (`PyLong_*`, `PyFloat_*`, `PyBool_FromLong`, `PyUnicode_*`,
//! `PyObject_Repr`/`Str`/`ASCII`).
//!
//! * `None`, `True` and `False` are statics (`_Py_NoneStruct`,
//!   `_Py_TrueStruct`, `_Py_FalseStruct`) with an immortal refcount: balanced
//!   `Py_INCREF`/`Py_DECREF` never frees them, and an unbalanced one that
//!   reaches zero only resets the count.
//! * An `int` holds an `i128`, enough for every value the C API can create
//!   (`long long` and `unsigned long long`); the conversions back to C types
//!   raise `OverflowError` with CPython's exact messages. `bool` derives from
//!   `int`, so `PyLong_Check(Py_True)` is true and `PyLong_AsLong(Py_True)`
//!   is 1.
//! * A `float` has CPython's layout (`PyFloatObject`, `ob_fval`).
//! * A `str` holds its text as NUL-terminated UTF-8 inside the object, so
//!   `PyUnicode_AsUTF8` returns a pointer that lives as long as the object.
//!
//! Rust callers (the Node layer) convert with [`as_scalar`] and
//! [`scalar_to_object`], or the typed constructors such as [`long_from_i64`].

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_double, c_int, c_long, c_longlong, c_ulong, c_ulonglong};
use std::mem::offset_of;
use std::ptr;

use crate::errors::{self, Exc, fail_null};
use crate::ffi::*;
use crate::object::{self, PyObject_Free, PyObject_Malloc, type_name_of};

// ==========================================================================
// Types
// ==========================================================================

const fn static_type(
    name: &'static CStr,
    basicsize: usize,
    flags: std::ffi::c_ulong,
    dealloc: destructor,
) -> PyTypeObject {
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = object::PyType_Type.get();
    ty.tp_name = name.as_ptr();
    ty.tp_basicsize = basicsize as Py_ssize_t;
    ty.tp_flags = flags | Py_TPFLAGS_READY | Py_TPFLAGS_IMMUTABLETYPE;
    ty.tp_dealloc = Some(dealloc);
    ty.tp_free = Some(PyObject_Free);
    ty.tp_base = object::PyBaseObject_Type.get();
    ty
}

/// `_PyNone_Type`: `type(None)`, named `NoneType`.
#[unsafe(no_mangle)]
pub static _PyNone_Type: StaticObject<PyTypeObject> = StaticObject::new(static_type(
    c"NoneType",
    std::mem::size_of::<PyObject>(),
    0,
    immortal_dealloc,
));

/// `PyLong_Type`: `int`.
#[unsafe(no_mangle)]
pub static PyLong_Type: StaticObject<PyTypeObject> = StaticObject::new(static_type(
    c"int",
    std::mem::size_of::<PyLongObject>(),
    Py_TPFLAGS_LONG_SUBCLASS,
    free_dealloc,
));

/// `PyBool_Type`: `bool`, a subclass of `int` with two instances.
#[unsafe(no_mangle)]
pub static PyBool_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"bool",
        std::mem::size_of::<PyLongObject>(),
        Py_TPFLAGS_LONG_SUBCLASS,
        immortal_dealloc,
    );
    ty.tp_base = PyLong_Type.get();
    ty
});

/// `PyFloat_Type`: `float`.
#[unsafe(no_mangle)]
pub static PyFloat_Type: StaticObject<PyTypeObject> = StaticObject::new(static_type(
    c"float",
    std::mem::size_of::<PyFloatObject>(),
    0,
    free_dealloc,
));

/// `PyUnicode_Type`: `str`.
#[unsafe(no_mangle)]
pub static PyUnicode_Type: StaticObject<PyTypeObject> = StaticObject::new(static_type(
    c"str",
    std::mem::size_of::<StrObject>(),
    Py_TPFLAGS_UNICODE_SUBCLASS,
    free_dealloc,
));

/// The dealloc of `None`, `True` and `False`: they are never freed; a count
/// driven to zero by unbalanced `Py_DECREF`s is reset.
///
/// # Safety
/// `op` must be one of the immortal statics.
unsafe extern "C" fn immortal_dealloc(op: *mut PyObject) {
    // SAFETY: a live static object; the refcount is only touched atomically.
    unsafe { std::sync::atomic::AtomicIsize::from_ptr(&raw mut (*op).ob_refcnt) }
        .store(IMMORTAL_REFCNT, std::sync::atomic::Ordering::Relaxed);
}

/// The dealloc of `int`, `float` and `str` instances, which own no other
/// memory: one `PyObject_Free`.
///
/// # Safety
/// `op` must be an unreferenced instance allocated by [`alloc`].
unsafe extern "C" fn free_dealloc(op: *mut PyObject) {
    // SAFETY: allocated with PyObject_Malloc and no longer referenced.
    unsafe { PyObject_Free(op.cast()) }
}

/// Allocates an instance of the static type `ty` of `size` bytes, with the
/// header initialised (refcount 1); NULL with `MemoryError` on failure.
fn alloc(ty: *mut PyTypeObject, size: usize) -> *mut PyObject {
    let op = PyObject_Malloc(size) as *mut PyObject;
    if op.is_null() {
        return errors::PyErr_NoMemory();
    }
    // SAFETY: fresh memory with room for the header; `ty` is a static type.
    unsafe { object::PyObject_Init(op, ty) }
}

/// The type of `op`.
///
/// # Safety
/// `op` must be a live object.
unsafe fn type_of(op: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: live per the contract.
    unsafe { (*op).ob_type }
}

// ==========================================================================
// None, True, False
// ==========================================================================

/// `_Py_NoneStruct`: the `None` object (`Py_None` in C).
#[unsafe(no_mangle)]
pub static _Py_NoneStruct: StaticObject<PyObject> = StaticObject::new(PyObject {
    ob_refcnt: IMMORTAL_REFCNT,
    ob_type: _PyNone_Type.get(),
});

/// `_Py_FalseStruct`: the `False` object (`Py_False` in C).
#[unsafe(no_mangle)]
pub static _Py_FalseStruct: StaticObject<PyLongObject> =
    StaticObject::new(PyLongObject::immortal_bool(0));

/// `_Py_TrueStruct`: the `True` object (`Py_True` in C).
#[unsafe(no_mangle)]
pub static _Py_TrueStruct: StaticObject<PyLongObject> =
    StaticObject::new(PyLongObject::immortal_bool(1));

/// `Py_None` as a pointer (borrowed; the object is immortal).
pub fn py_none() -> *mut PyObject {
    _Py_NoneStruct.get()
}

/// `Py_True` as a pointer (borrowed; the object is immortal).
pub fn py_true() -> *mut PyObject {
    _Py_TrueStruct.get().cast()
}

/// `Py_False` as a pointer (borrowed; the object is immortal).
pub fn py_false() -> *mut PyObject {
    _Py_FalseStruct.get().cast()
}

/// A new reference to `None`. Never fails.
pub fn none() -> *mut PyObject {
    let op = py_none();
    // SAFETY: an immortal static object.
    unsafe { object::Py_IncRef(op) };
    op
}

/// A new reference to `True` or `False`. Never fails.
pub fn bool_from_bool(value: bool) -> *mut PyObject {
    let op = if value { py_true() } else { py_false() };
    // SAFETY: an immortal static object.
    unsafe { object::Py_IncRef(op) };
    op
}

/// `Py_IsNone(x)` as a function (CPython exports it; the header's macro
/// compares pointers). Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn Py_IsNone(x: *mut PyObject) -> c_int {
    (x == py_none()) as c_int
}

/// `Py_IsTrue(x)` as a function. Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn Py_IsTrue(x: *mut PyObject) -> c_int {
    (x == py_true()) as c_int
}

/// `Py_IsFalse(x)` as a function. Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn Py_IsFalse(x: *mut PyObject) -> c_int {
    (x == py_false()) as c_int
}

/// `PyBool_FromLong(v)`: a new reference to `True` when `v` is nonzero,
/// else `False`. Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn PyBool_FromLong(v: c_long) -> *mut PyObject {
    bool_from_bool(v != 0)
}

// ==========================================================================
// int
// ==========================================================================

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
    const fn immortal_bool(value: u64) -> Self {
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
unsafe fn int_value(op: *mut PyObject) -> Option<i128> {
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

// ==========================================================================
// float
// ==========================================================================

/// CPython's `PyFloatObject`: the header and the value, which C code may
/// read directly with `PyFloat_AS_DOUBLE`.
#[repr(C)]
#[derive(Debug)]
pub struct PyFloatObject {
    /// Object header.
    pub ob_base: PyObject,
    /// The value.
    pub ob_fval: c_double,
}

/// A new `float`; NULL with `MemoryError` when allocation fails.
pub fn float_from_f64(value: f64) -> *mut PyObject {
    let op = alloc(PyFloat_Type.get(), std::mem::size_of::<PyFloatObject>());
    if !op.is_null() {
        // SAFETY: a fresh PyFloatObject-sized allocation.
        unsafe { (*(op as *mut PyFloatObject)).ob_fval = value };
    }
    op
}

/// The value of a `float`, or None for anything else (and NULL).
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn float_value(op: *mut PyObject) -> Option<f64> {
    // SAFETY: live per the contract; the payload is read only from floats.
    if op.is_null() || unsafe { type_of(op) } != PyFloat_Type.get() {
        return None;
    }
    // SAFETY: `op` is a PyFloatObject (checked above).
    Some(unsafe { (*(op as *mut PyFloatObject)).ob_fval })
}

/// `PyFloat_FromDouble(v)`: a new `float`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyFloat_FromDouble(v: c_double) -> *mut PyObject {
    float_from_f64(v)
}

/// `PyFloat_AsDouble(obj)`: the value of a `float`, or of an `int`/`bool`
/// converted as `float(x)` does.
///
/// Fails (-1.0) with `TypeError("must be real number, not str")` (naming
/// the type) for other objects and `TypeError("bad argument type for
/// built-in operation")` for NULL, as CPython does.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_AsDouble(obj: *mut PyObject) -> c_double {
    if obj.is_null() {
        bad_argument();
        return -1.0;
    }
    // SAFETY: live per the contract; the accessor checks the type.
    if let Some(v) = unsafe { float_value(obj) } {
        return v;
    }
    // SAFETY: as above.
    if let Some(v) = unsafe { long_value(obj) } {
        return v as f64;
    }
    // SAFETY: live per the contract.
    let name = unsafe { type_name_of(obj) };
    errors::raise(Exc::TypeError, format!("must be real number, not {name}"));
    -1.0
}

/// CPython's `PyErr_BadArgument()`.
fn bad_argument() {
    errors::raise(Exc::TypeError, "bad argument type for built-in operation");
}

// ==========================================================================
// str
// ==========================================================================

/// A `str` object: the header, the length in code points and in UTF-8
/// bytes, then the UTF-8 text and a NUL in the same allocation.
#[repr(C)]
struct StrObject {
    ob_base: PyObject,
    length: Py_ssize_t,
    utf8_length: Py_ssize_t,
    data: [u8; 0],
}

/// The text of a `str`, or None for anything else (and NULL).
///
/// # Safety
/// `op` must be NULL or a live object; the slice lives as long as it.
pub unsafe fn str_value<'a>(op: *mut PyObject) -> Option<&'a str> {
    // SAFETY: live per the contract; the payload is read only from strs.
    if op.is_null() || unsafe { type_of(op) } != PyUnicode_Type.get() {
        return None;
    }
    let s = op as *mut StrObject;
    // SAFETY: a StrObject holds `utf8_length` bytes of valid UTF-8 at `data`.
    unsafe {
        let len = (*s).utf8_length as usize;
        let data = (op as *const u8).add(offset_of!(StrObject, data));
        Some(std::str::from_utf8_unchecked(std::slice::from_raw_parts(
            data, len,
        )))
    }
}

/// A new `str` holding `text`; NULL with `MemoryError` when allocation
/// fails.
pub fn unicode_from_str(text: &str) -> *mut PyObject {
    let header = offset_of!(StrObject, data);
    let Some(size) = header
        .checked_add(text.len())
        .and_then(|n| n.checked_add(1))
    else {
        return errors::PyErr_NoMemory();
    };
    let op = alloc(PyUnicode_Type.get(), size);
    if op.is_null() {
        return op;
    }
    let s = op as *mut StrObject;
    // SAFETY: `size` bytes were allocated: the header, the text and a NUL.
    unsafe {
        (*s).length = text.chars().count() as Py_ssize_t;
        (*s).utf8_length = text.len() as Py_ssize_t;
        let data = (op as *mut u8).add(header);
        ptr::copy_nonoverlapping(text.as_ptr(), data, text.len());
        *data.add(text.len()) = 0;
    }
    op
}

/// Raises CPython's `UnicodeDecodeError` for the first invalid sequence of
/// `bytes`, with its message ("'utf-8' codec can't decode byte 0xff in
/// position 0: invalid start byte").
pub(crate) fn raise_decode_error(bytes: &[u8], err: std::str::Utf8Error) {
    let start = err.valid_up_to();
    let (end, reason) = match err.error_len() {
        Some(n) => {
            let lead = bytes[start];
            let invalid_start = (0x80..0xc2).contains(&lead) || lead > 0xf4;
            let reason = if invalid_start {
                "invalid start byte"
            } else {
                "invalid continuation byte"
            };
            (start + n, reason)
        }
        None => (bytes.len(), "unexpected end of data"),
    };
    let message = if end - start == 1 {
        format!(
            "'utf-8' codec can't decode byte 0x{:02x} in position {start}: {reason}",
            bytes[start]
        )
    } else {
        format!(
            "'utf-8' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        )
    };
    errors::raise(errors::Exc::UnicodeDecodeError, message);
}

/// Decodes `bytes` strictly into a new `str`: NULL with `UnicodeDecodeError`
/// for invalid UTF-8 or `MemoryError`.
fn unicode_from_utf8(bytes: &[u8]) -> *mut PyObject {
    match std::str::from_utf8(bytes) {
        Ok(text) => unicode_from_str(text),
        Err(err) => {
            raise_decode_error(bytes, err);
            ptr::null_mut()
        }
    }
}

/// `PyUnicode_FromString(u)`: decodes the NUL-terminated UTF-8 string `u`.
///
/// Fails (NULL) with `UnicodeDecodeError` (CPython's message) for invalid
/// UTF-8, `MemoryError`, or `SystemError` for a NULL `u` (CPython crashes).
///
/// # Safety
/// `u` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FromString(u: *const c_char) -> *mut PyObject {
    if u.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract.
    unicode_from_utf8(unsafe { CStr::from_ptr(u) }.to_bytes())
}

/// `PyUnicode_FromStringAndSize(u, size)`: decodes `size` bytes of UTF-8
/// (embedded NULs allowed). A NULL `u` with `size == 0` gives `''`.
///
/// Fails (NULL) with `SystemError("Negative size passed to
/// PyUnicode_FromStringAndSize")`, `SystemError` for a NULL `u` with a
/// positive size (CPython returns uninitialised text, deprecated),
/// `UnicodeDecodeError` for invalid UTF-8, or `MemoryError`.
///
/// # Safety
/// `u` must be NULL or readable for `size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FromStringAndSize(
    u: *const c_char,
    size: Py_ssize_t,
) -> *mut PyObject {
    if size < 0 {
        return fail_null(
            Exc::SystemError,
            "Negative size passed to PyUnicode_FromStringAndSize",
        );
    }
    if u.is_null() {
        if size == 0 {
            return unicode_from_str("");
        }
        return fail_null(
            Exc::SystemError,
            "NULL string with positive size passed to PyUnicode_FromStringAndSize",
        );
    }
    // SAFETY: readable for `size` bytes per the contract.
    unicode_from_utf8(unsafe { std::slice::from_raw_parts(u.cast::<u8>(), size as usize) })
}

/// Decodes `size` bytes of UTF-8, replacing each invalid sequence with
/// U+FFFD as CPython's `"replace"` error handler does. Used by
/// `PyUnicode_FromFormat` for `%s`. Fails only with `MemoryError` or
/// `SystemError` for a NULL `u` with a nonzero size or a negative size.
///
/// # Safety
/// `u` must be NULL or readable for `size` bytes.
#[doc(hidden)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_Unicode_DecodeUTF8Replace(
    u: *const c_char,
    size: Py_ssize_t,
) -> *mut PyObject {
    if size < 0 || (u.is_null() && size != 0) {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    if size == 0 {
        return unicode_from_str("");
    }
    // SAFETY: readable for `size` bytes per the contract.
    let bytes = unsafe { std::slice::from_raw_parts(u.cast::<u8>(), size as usize) };
    unicode_from_str(&String::from_utf8_lossy(bytes))
}

/// `PyUnicode_AsUTF8AndSize(obj, &size)`: the UTF-8 text of a `str`
/// (NUL-terminated, valid as long as the object) and, when `size` is not
/// NULL, its length in bytes.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` when `obj` is not a `str` (or is NULL).
///
/// # Safety
/// `obj` must be NULL or a live object; `size` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUTF8AndSize(
    obj: *mut PyObject,
    size: *mut Py_ssize_t,
) -> *const c_char {
    // SAFETY: live per the contract.
    let Some(text) = (unsafe { str_value(obj) }) else {
        bad_argument();
        return ptr::null();
    };
    if !size.is_null() {
        // SAFETY: writable per the contract.
        unsafe { *size = text.len() as Py_ssize_t };
    }
    text.as_ptr().cast()
}

/// `PyUnicode_AsUTF8(obj)`: the NUL-terminated UTF-8 text of a `str`, valid
/// as long as the object. As in CPython 3.11, embedded NULs are not checked.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` when `obj` is not a `str` (or is NULL).
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUTF8(obj: *mut PyObject) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_AsUTF8AndSize(obj, ptr::null_mut()) }
}

/// `PyUnicode_GetLength(obj)`: the length of a `str` in code points.
///
/// Fails (-1) with `TypeError("bad argument type for built-in operation")`
/// when `obj` is not a `str` (or is NULL).
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_GetLength(obj: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract; the payload is read only from strs.
    if obj.is_null() || unsafe { type_of(obj) } != PyUnicode_Type.get() {
        bad_argument();
        return -1;
    }
    // SAFETY: a StrObject (checked above).
    unsafe { (*(obj as *mut StrObject)).length }
}

// ==========================================================================
// repr(), str(), ascii()
// ==========================================================================

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed
/// notation when the decimal exponent is in `-4..16`, else scientific with a
/// signed two-digit exponent (`1e+16`, `1.5e-05`).
pub fn float_repr(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    // `{:e}` gives the shortest round-trip digits: "-1.2345e-5".
    let sci = format!("{:e}", v.abs());
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("LowerExp always has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let decpt = exp + 1;
    let n = digits.len() as i32;
    if (-3..=16).contains(&decpt) {
        let body = if decpt <= 0 {
            format!("0.{}{digits}", "0".repeat((-decpt) as usize))
        } else if decpt >= n {
            format!("{digits}{}.0", "0".repeat((decpt - n) as usize))
        } else {
            let (int, frac) = digits.split_at(decpt as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{frac}e{esign}{:02}", exp.abs())
    }
}

/// Whether Python prints `c` unescaped in a `str` repr. Control, format,
/// separator (other than space), surrogate and private-use characters are
/// escaped; unassigned code points are not known here and print as is.
fn is_printable(c: char) -> bool {
    let u = c as u32;
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let format_chars: &[(u32, u32)] = &[
        (0xad, 0xad),
        (0x600, 0x605),
        (0x61c, 0x61c),
        (0x6dd, 0x6dd),
        (0x70f, 0x70f),
        (0x180e, 0x180e),
        (0x200b, 0x200f),
        (0x202a, 0x202e),
        (0x2060, 0x2064),
        (0x2066, 0x206f),
        (0xfeff, 0xfeff),
        (0xfff9, 0xfffb),
        (0x110bd, 0x110bd),
        (0x1d173, 0x1d17a),
        (0xe0001, 0xe0001),
        (0xe0020, 0xe007f),
        (0xe000, 0xf8ff),
        (0xf0000, 0x10ffff),
    ];
    !format_chars.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// Python's `repr(str)`.
pub fn str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_ascii() || is_printable(c) => out.push(c),
            c => out.push_str(&escape_non_ascii(c)),
        }
    }
    out.push(quote);
    out
}

fn escape_non_ascii(c: char) -> String {
    let u = c as u32;
    if u <= 0xff {
        format!("\\x{u:02x}")
    } else if u <= 0xffff {
        format!("\\u{u:04x}")
    } else {
        format!("\\U{u:08x}")
    }
}

/// Python's `repr()` of `op` as a Rust string, or None (with the error set)
/// when a C type's `tp_repr` fails or returns a non-`str`.
///
/// Built-in objects print as Python prints them (`None`, `True`, `3`,
/// `1.5`, `'text'`, `<module 'name'>`, `<class 'int'>`,
/// `<memory at 0x…>`); other objects use their type's `tp_repr` slot or
/// `<T object at 0x…>`; NULL gives `<NULL>`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn repr(op: *mut PyObject) -> Option<String> {
    if op.is_null() {
        return Some("<NULL>".into());
    }
    // SAFETY: live per the contract.
    let ty = unsafe { type_of(op) };
    if op == py_none() {
        return Some("None".into());
    }
    // SAFETY: `op` is live; each accessor checks the type before reading a
    // payload, and `tp_repr` is the type's own slot for its instance.
    unsafe {
        if ty == PyBool_Type.get() {
            return Some(if op == py_true() { "True" } else { "False" }.into());
        }
        if let Some(v) = long_value(op) {
            return Some(v.to_string());
        }
        if let Some(v) = float_value(op) {
            return Some(float_repr(v));
        }
        if let Some(s) = str_value(op) {
            return Some(str_repr(s));
        }
        if let Some(name) = crate::module::module_name(op) {
            return Some(format!("<module {}>", str_repr(&name)));
        }
        if ty == crate::memoryview::PyMemoryView_Type.get() {
            return Some(format!("<memory at {op:p}>"));
        }
        if (*ty).tp_flags & Py_TPFLAGS_TYPE_SUBCLASS != 0 {
            return Some(format!("<class {}>", str_repr(&type_name_of_type(op))));
        }
        if let Some(tp_repr) = (*ty).tp_repr {
            return slot_result(tp_repr(op), "__repr__");
        }
        Some(format!("<{} object at {op:p}>", type_name_of(op)))
    }
}

/// Checks a `tp_repr`/`tp_str` result and takes its text (dropping the
/// reference).
///
/// # Safety
/// `res` must be NULL (with an error set) or a new reference.
unsafe fn slot_result(res: *mut PyObject, what: &str) -> Option<String> {
    if res.is_null() {
        if errors::PyErr_Occurred().is_null() {
            errors::raise(
                Exc::SystemError,
                format!("{what} returned NULL without setting an exception"),
            );
        }
        return None;
    }
    // SAFETY: a new reference per the contract.
    let text = unsafe { str_value(res) }.map(str::to_owned);
    if text.is_none() {
        // SAFETY: as above.
        let name = unsafe { type_name_of(res) };
        errors::raise(
            Exc::TypeError,
            format!("{what} returned non-string (type {name})"),
        );
    }
    // SAFETY: we own this reference.
    unsafe { object::Py_DecRef(res) };
    text
}

/// The type name of the object a type object describes.
///
/// # Safety
/// `op` must be a live type object.
unsafe fn type_name_of_type(op: *mut PyObject) -> String {
    // SAFETY: a live type object per the contract.
    let name = unsafe { (*(op as *mut PyTypeObject)).tp_name };
    if name.is_null() {
        return "?".into();
    }
    // SAFETY: NUL-terminated.
    unsafe { CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned()
}

/// `PyObject_Repr(obj)`: a new `str` holding `repr(obj)` (see [`repr`]).
///
/// Fails (NULL) when a C type's `tp_repr` fails or returns a non-`str`
/// (`TypeError`), or with `MemoryError`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Repr(obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    match unsafe { repr(obj) } {
        Some(text) => unicode_from_str(&text),
        None => ptr::null_mut(),
    }
}

/// `PyObject_Str(obj)`: a new `str` holding `str(obj)`: a `str` itself (a
/// new reference), a C type's `tp_str`, or else `repr(obj)`.
///
/// Fails (NULL) as [`PyObject_Repr`] does.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Str(obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if unsafe { str_value(obj) }.is_some() {
        // SAFETY: a live str.
        unsafe { object::Py_IncRef(obj) };
        return obj;
    }
    if !obj.is_null() {
        // SAFETY: live per the contract.
        let ty = unsafe { type_of(obj) };
        // SAFETY: our static types have no tp_str; C types may.
        if let Some(tp_str) = unsafe { (*ty).tp_str } {
            // SAFETY: the type's own slot for its own instance.
            return match unsafe { slot_result(tp_str(obj), "__str__") } {
                Some(text) => unicode_from_str(&text),
                None => ptr::null_mut(),
            };
        }
    }
    // SAFETY: forwarded contract.
    unsafe { PyObject_Repr(obj) }
}

/// `PyObject_ASCII(obj)`: `repr(obj)` with every non-ASCII character
/// escaped (`\xe9`, `\u20ac`, `\U0001f600`), as Python's `ascii()`.
///
/// Fails (NULL) as [`PyObject_Repr`] does.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_ASCII(obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    match unsafe { repr(obj) } {
        Some(text) => {
            let escaped: String = text
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        escape_non_ascii(c)
                    }
                })
                .collect();
            unicode_from_str(&escaped)
        }
        None => ptr::null_mut(),
    }
}

// ==========================================================================
// The C half: PyUnicode_FromFormat and PyErr_Format
// ==========================================================================

// Variadic functions cannot be defined in stable Rust; these are in
// `pyerr_format.c` (with their `va_list` forms), compiled by the build
// script. Referencing them keeps their object in every artifact, and the
// build script's version script exports them from the cdylib.
unsafe extern "C" {
    fn PyUnicode_FromFormat(format: *const c_char, ...) -> *mut PyObject;
    fn PyErr_Format(exception: *mut PyObject, format: *const c_char, ...) -> *mut PyObject;
}

#[used]
static KEEP_FROM_FORMAT: unsafe extern "C" fn(*const c_char, ...) -> *mut PyObject =
    PyUnicode_FromFormat;
#[used]
static KEEP_ERR_FORMAT: unsafe extern "C" fn(*mut PyObject, *const c_char, ...) -> *mut PyObject =
    PyErr_Format;

// ==========================================================================
// Rust conversions
// ==========================================================================

/// A scalar Python value, as the Node layer passes arguments and results.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` (the shim holds every value from `i64::MIN` to `u64::MAX`
    /// and beyond, up to `i128`).
    Int(i128),
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(String),
}

/// The scalar value of `obj`, or None when it is not `None`, a `bool`, an
/// `int`, a `float` or a `str` (or is NULL). Sets no error.
///
/// # Safety
/// `obj` must be NULL or a live object.
pub unsafe fn as_scalar(obj: *mut PyObject) -> Option<Scalar> {
    if obj.is_null() {
        return None;
    }
    if obj == py_none() {
        return Some(Scalar::None);
    }
    if obj == py_true() || obj == py_false() {
        return Some(Scalar::Bool(obj == py_true()));
    }
    // SAFETY: live per the contract; the accessor checks the type.
    if let Some(v) = unsafe { long_value(obj) } {
        return Some(Scalar::Int(v));
    }
    // SAFETY: as above.
    if let Some(v) = unsafe { float_value(obj) } {
        return Some(Scalar::Float(v));
    }
    // SAFETY: as above.
    unsafe { str_value(obj) }.map(|s| Scalar::Str(s.to_owned()))
}

/// A new reference to an object holding `value`; NULL with `MemoryError`
/// when allocation fails (`None`, `True` and `False` never fail).
pub fn scalar_to_object(value: &Scalar) -> *mut PyObject {
    match value {
        Scalar::None => none(),
        Scalar::Bool(b) => bool_from_bool(*b),
        Scalar::Int(v) => long_from_i128(*v),
        Scalar::Float(v) => float_from_f64(*v),
        Scalar::Str(s) => unicode_from_str(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::take_error;
    use crate::object::{Py_DecRef, Py_REFCNT};

    #[test]
    fn singletons_are_immortal() {
        for op in [py_none(), py_true(), py_false()] {
            // SAFETY: immortal statics.
            unsafe {
                let before = Py_REFCNT(op);
                assert!(before >= IMMORTAL_REFCNT / 2);
                object::Py_IncRef(op);
                Py_DecRef(op);
                assert_eq!(Py_REFCNT(op), before);
            }
        }
        assert_eq!(Py_IsNone(py_none()), 1);
        assert_eq!(Py_IsTrue(PyBool_FromLong(7)), 1);
        assert_eq!(Py_IsFalse(PyBool_FromLong(0)), 1);
    }

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

    #[test]
    fn decode_errors_match_cpython() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"\xff",
                "can't decode byte 0xff in position 0: invalid start byte",
            ),
            (
                b"a\xe2\x28\xa1",
                "can't decode byte 0xe2 in position 1: invalid continuation byte",
            ),
            (
                b"\xf0\x90\x28",
                "can't decode bytes in position 0-1: invalid continuation byte",
            ),
            (
                b"\xe2\x82",
                "can't decode bytes in position 0-1: unexpected end of data",
            ),
            (
                b"\xed\xa0\x80",
                "can't decode byte 0xed in position 0: invalid continuation byte",
            ),
            (
                b"ok\xc3",
                "can't decode byte 0xc3 in position 2: unexpected end of data",
            ),
            (
                b"\xc0\xaf",
                "can't decode byte 0xc0 in position 0: invalid start byte",
            ),
        ];
        for (bytes, msg) in cases {
            // SAFETY: a readable slice.
            let op =
                unsafe { PyUnicode_FromStringAndSize(bytes.as_ptr().cast(), bytes.len() as isize) };
            assert!(op.is_null());
            let e = take_error().unwrap();
            assert_eq!(e.type_name, "UnicodeDecodeError");
            assert_eq!(e.kind, Exc::UnicodeDecodeError);
            assert_eq!(e.message, format!("'utf-8' codec {msg}"));
        }
    }

    #[test]
    fn reprs_match_python() {
        let floats = [
            (f64::MAX, "1.7976931348623157e+308"),
            (1e16, "1e+16"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (-0.0, "-0.0"),
            (1.5e300, "1.5e+300"),
            (2.5e-310, "2.5e-310"),
            (1e15, "1000000000000000.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (v, want) in floats {
            assert_eq!(float_repr(v), want);
        }
        assert_eq!(str_repr("a'b"), "\"a'b\"");
        assert_eq!(str_repr("a\"b'c"), "'a\"b\\'c'");
        assert_eq!(
            str_repr("\x00\t\n\x7f\u{e9}\u{2028}\u{1f600}"),
            "'\\x00\\t\\n\\x7f\u{e9}\\u2028\u{1f600}'"
        );
        let s = unicode_from_str("é\u{1f600}");
        // SAFETY: a live str.
        unsafe {
            let a = PyObject_ASCII(s);
            assert_eq!(str_value(a), Some("'\\xe9\\U0001f600'"));
            assert_eq!(PyUnicode_GetLength(s), 2);
            Py_DecRef(a);
            Py_DecRef(s);
        }
    }

    #[test]
    fn c_formatter_is_linked() {
        // SAFETY: valid formats with matching arguments.
        unsafe {
            let s = PyUnicode_FromFormat(
                c"%d|%05zd|%.2s|%c".as_ptr(),
                -5 as c_int,
                42isize,
                c"hello".as_ptr(),
                0xe9 as c_int,
            );
            assert_eq!(str_value(s), Some("-5|00042|he|\u{e9}"));
            Py_DecRef(s);
            let r = PyErr_Format(
                errors::PyExc_ValueError.0,
                c"bad %s: %lld".as_ptr(),
                c"x".as_ptr(),
                -1i64,
            );
            assert!(r.is_null());
            let e = take_error().unwrap();
            assert_eq!((e.kind, e.message.as_str()), (Exc::ValueError, "bad x: -1"));
        }
    }

    #[test]
    fn scalars_round_trip() {
        for v in [
            Scalar::None,
            Scalar::Bool(true),
            Scalar::Int(-(1 << 70)),
            Scalar::Int(u64::MAX.into()),
            Scalar::Float(2.5),
            Scalar::Str("héllo\0x".into()),
        ] {
            let op = scalar_to_object(&v);
            // SAFETY: a new reference.
            unsafe {
                assert_eq!(as_scalar(op), Some(v));
                Py_DecRef(op);
            }
        }
    }
}
