//! The generic object layer (CPython's `Objects/object.c`): reference
//! counting, object initialisation, `None`, and `repr()`, `str()` and
//! `ascii()` over every built-in type.
//!
//! Reference counts are updated atomically, so references may be taken and
//! dropped on any thread (the Node layer releases views from finalizers and
//! worker threads). An object is deallocated by its type's `tp_dealloc` when
//! the count reaches zero.
//!
//! Rust callers (the Node layer) convert scalar objects with [`as_scalar`]
//! and [`scalar_to_object`].

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_int};
use std::ptr;
use std::sync::atomic::{AtomicIsize, Ordering};

use crate::ffi::*;
use crate::objects::boolobject::{PyBool_Type, bool_from_bool, py_false, py_true};
use crate::objects::exceptions::Exc;
use crate::objects::floatobject::{float_from_f64, float_repr, float_value};
use crate::objects::longobject::{
    long_from_i128, long_from_le_bytes, long_to_le_bytes, long_value,
};
use crate::objects::obmalloc::{PyObject_Free, PyObject_Malloc};
use crate::objects::typeobject::{static_type, subtype_dealloc};
use crate::objects::unicodeobject::{escape_non_ascii, str_repr, str_value, unicode_from_str};
use crate::objects::{memoryobject, moduleobject};
use crate::python::errors;

// ==========================================================================
// Reference counting
// ==========================================================================

/// The refcount of `op` as an atomic.
///
/// # Safety
/// `op` must point to a live object.
unsafe fn refcnt<'a>(op: *mut PyObject) -> &'a AtomicIsize {
    // SAFETY: `ob_refcnt` is an aligned isize inside a live object, and every
    // access to it (here and in the C header's inline functions) is atomic.
    unsafe { AtomicIsize::from_ptr(&raw mut (*op).ob_refcnt) }
}

/// `Py_IncRef(op)`: takes a new reference; NULL is ignored.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_IncRef(op: *mut PyObject) {
    if !op.is_null() {
        // SAFETY: live per the contract. Relaxed suffices: taking a reference
        // requires already holding one, which orders it after creation.
        unsafe { refcnt(op) }.fetch_add(1, Ordering::Relaxed);
    }
}

/// `Py_DecRef(op)`: drops a reference, deallocating at zero; NULL is ignored.
///
/// # Safety
/// `op` must be NULL or a live object the caller holds a reference to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_DecRef(op: *mut PyObject) {
    if op.is_null() {
        return;
    }
    // SAFETY: live per the contract. Release/acquire so that every write made
    // through other references happens before the dealloc below.
    if unsafe { refcnt(op) }.fetch_sub(1, Ordering::AcqRel) == 1 {
        // SAFETY: the count reached zero: this thread owns the object.
        unsafe { _Py_Dealloc(op) }
    }
}

/// `Py_INCREF(op)` as a function (the header uses an inline version).
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_INCREF(op: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { Py_IncRef(op) }
}

/// `Py_DECREF(op)` as a function.
///
/// # Safety
/// `op` must be a live object the caller holds a reference to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_DECREF(op: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { Py_DecRef(op) }
}

/// `Py_XINCREF(op)` as a function.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_XINCREF(op: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { Py_IncRef(op) }
}

/// `Py_XDECREF(op)` as a function.
///
/// # Safety
/// `op` must be NULL or a live object the caller holds a reference to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_XDECREF(op: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { Py_DecRef(op) }
}

/// `Py_TYPE(op)` as a function.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_TYPE(op: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: live per the contract.
    unsafe { (*op).ob_type }
}

/// `Py_REFCNT(op)` as a function.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_REFCNT(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract.
    unsafe { refcnt(op) }.load(Ordering::Relaxed)
}

/// `_Py_Dealloc(op)`: runs the type's `tp_dealloc`. Called when the count
/// reaches zero.
///
/// # Safety
/// `op` must have a zero refcount and no other users.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Py_Dealloc(op: *mut PyObject) {
    // SAFETY: the object and its type are live until dealloc runs.
    let dealloc = unsafe { (*(*op).ob_type).tp_dealloc };
    match dealloc {
        // SAFETY: the type's own destructor for its own instance.
        Some(dealloc) => unsafe { dealloc(op) },
        // SAFETY: the object is unused; the default frees and drops the type.
        None => unsafe { subtype_dealloc(op) },
    }
}

// ==========================================================================
// Object creation
// ==========================================================================

/// True for types made by `PyType_FromSpec`.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn is_heap_type(ty: *mut PyTypeObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*ty).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 }
}

/// `PyObject_Init(op, type)`: sets the header of freshly allocated memory
/// (refcount 1) and, for heap types, takes a reference to the type.
///
/// # Safety
/// `op` must be NULL or writable for the header; `ty` a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Init(op: *mut PyObject, ty: *mut PyTypeObject) -> *mut PyObject {
    if op.is_null() {
        return errors::PyErr_NoMemory();
    }
    if ty.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: writable per the contract; the object is not shared yet.
    unsafe {
        (*op).ob_refcnt = 1;
        (*op).ob_type = ty;
    }
    // SAFETY: `ty` is live.
    if unsafe { is_heap_type(ty) } {
        // SAFETY: `ty` is live.
        unsafe { Py_IncRef(ty as *mut PyObject) };
    }
    op
}

/// `PyObject_InitVar(op, type, size)`.
///
/// # Safety
/// As [`PyObject_Init`], with room for a `PyVarObject` header.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_InitVar(
    op: *mut PyVarObject,
    ty: *mut PyTypeObject,
    size: Py_ssize_t,
) -> *mut PyVarObject {
    // SAFETY: forwarded contract.
    let op = unsafe { PyObject_Init(op as *mut PyObject, ty) } as *mut PyVarObject;
    if !op.is_null() {
        // SAFETY: initialised above; room for the var header per contract.
        unsafe { (*op).ob_size = size };
    }
    op
}

/// Instance size for `nitems` variable items, with CPython's extra sentinel
/// item, or None on overflow.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn instance_size(ty: *mut PyTypeObject, nitems: Py_ssize_t) -> Option<usize> {
    // SAFETY: live per the contract.
    let (basic, item) = unsafe { ((*ty).tp_basicsize, (*ty).tp_itemsize) };
    let basic = usize::try_from(basic).ok()?;
    let item = usize::try_from(item).ok()?;
    let nitems = usize::try_from(nitems).ok()?;
    let size = basic.max(std::mem::size_of::<PyObject>());
    if item == 0 {
        return Some(size);
    }
    item.checked_mul(nitems.checked_add(1)?)?.checked_add(size)
}

/// `_PyObject_New(type)`, behind CPython's `PyObject_New` macro: allocates
/// `tp_basicsize` bytes with `PyObject_Malloc` and initialises the header.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_New(ty: *mut PyTypeObject) -> *mut PyObject {
    if ty.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let Some(size) = (unsafe { instance_size(ty, 0) }) else {
        return errors::PyErr_NoMemory();
    };
    let op = PyObject_Malloc(size) as *mut PyObject;
    // SAFETY: `op` is NULL (handled) or fresh memory of `size` bytes.
    unsafe { PyObject_Init(op, ty) }
}

/// `_PyObject_NewVar(type, n)`, behind `PyObject_NewVar`.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_NewVar(
    ty: *mut PyTypeObject,
    nitems: Py_ssize_t,
) -> *mut PyVarObject {
    if ty.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let Some(size) = (unsafe { instance_size(ty, nitems) }) else {
        return errors::PyErr_NoMemory() as *mut PyVarObject;
    };
    let op = PyObject_Malloc(size) as *mut PyVarObject;
    // SAFETY: NULL or fresh memory big enough for the var header.
    unsafe { PyObject_InitVar(op, ty, nitems) }
}

/// The type name of `op` for messages ("NULL" for a NULL object).
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn type_name_of(op: *mut PyObject) -> String {
    if op.is_null() {
        return "NULL".into();
    }
    // SAFETY: live per the contract.
    let name = unsafe { (*(*op).ob_type).tp_name };
    if name.is_null() {
        return "?".into();
    }
    // SAFETY: a type's name is NUL-terminated.
    unsafe { CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned()
}

// ==========================================================================
// Helpers for the built-in types
// ==========================================================================

/// The dealloc of `None`, `True` and `False`: they are never freed; a count
/// driven to zero by unbalanced `Py_DECREF`s is reset.
///
/// # Safety
/// `op` must be one of the immortal statics.
pub(crate) unsafe extern "C" fn immortal_dealloc(op: *mut PyObject) {
    // SAFETY: a live static object; the refcount is only touched atomically.
    unsafe { std::sync::atomic::AtomicIsize::from_ptr(&raw mut (*op).ob_refcnt) }
        .store(IMMORTAL_REFCNT, std::sync::atomic::Ordering::Relaxed);
}

/// The dealloc of `int`, `float` and `str` instances, which own no other
/// memory: one `PyObject_Free`.
///
/// # Safety
/// `op` must be an unreferenced instance allocated by [`alloc`].
pub(crate) unsafe extern "C" fn free_dealloc(op: *mut PyObject) {
    // SAFETY: allocated with PyObject_Malloc and no longer referenced.
    unsafe { PyObject_Free(op.cast()) }
}

/// Allocates an instance of the static type `ty` of `size` bytes, with the
/// header initialised (refcount 1); NULL with `MemoryError` on failure.
pub(crate) fn alloc(ty: *mut PyTypeObject, size: usize) -> *mut PyObject {
    let op = PyObject_Malloc(size) as *mut PyObject;
    if op.is_null() {
        return errors::PyErr_NoMemory();
    }
    // SAFETY: fresh memory with room for the header; `ty` is a static type.
    unsafe { PyObject_Init(op, ty) }
}

/// The type of `op`.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn type_of(op: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: live per the contract.
    unsafe { (*op).ob_type }
}

// ==========================================================================
// None
// ==========================================================================

/// `_PyNone_Type`: `type(None)`, named `NoneType`.
#[unsafe(no_mangle)]
pub static _PyNone_Type: StaticObject<PyTypeObject> = StaticObject::new(static_type(
    c"NoneType",
    std::mem::size_of::<PyObject>(),
    0,
    immortal_dealloc,
));

/// `_Py_NoneStruct`: the `None` object (`Py_None` in C).
#[unsafe(no_mangle)]
pub static _Py_NoneStruct: StaticObject<PyObject> = StaticObject::new(PyObject {
    ob_refcnt: IMMORTAL_REFCNT,
    ob_type: _PyNone_Type.get(),
});

/// `Py_None` as a pointer (borrowed; the object is immortal).
pub fn py_none() -> *mut PyObject {
    _Py_NoneStruct.get()
}

/// A new reference to `None`. Never fails.
pub fn none() -> *mut PyObject {
    let op = py_none();
    // SAFETY: an immortal static object.
    unsafe { Py_IncRef(op) };
    op
}

/// `Py_IsNone(x)` as a function (CPython exports it; the header's macro
/// compares pointers). Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn Py_IsNone(x: *mut PyObject) -> c_int {
    (x == py_none()) as c_int
}

// ==========================================================================
// NotImplemented
// ==========================================================================

/// `repr(NotImplemented)`.
unsafe extern "C" fn not_implemented_repr(_op: *mut PyObject) -> *mut PyObject {
    unicode_from_str("NotImplemented")
}

/// `_PyNotImplemented_Type`: `type(NotImplemented)`, named
/// `NotImplementedType`.
#[unsafe(no_mangle)]
pub static _PyNotImplemented_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"NotImplementedType",
        std::mem::size_of::<PyObject>(),
        0,
        immortal_dealloc,
    );
    ty.tp_repr = Some(not_implemented_repr);
    ty
});

/// `_Py_NotImplementedStruct`: the `NotImplemented` object
/// (`Py_NotImplemented` in C), which binary and comparison slots return to
/// let the other operand try.
#[unsafe(no_mangle)]
pub static _Py_NotImplementedStruct: StaticObject<PyObject> = StaticObject::new(PyObject {
    ob_refcnt: IMMORTAL_REFCNT,
    ob_type: _PyNotImplemented_Type.get(),
});

/// `Py_NotImplemented` as a pointer (borrowed; the object is immortal).
pub fn py_not_implemented() -> *mut PyObject {
    _Py_NotImplementedStruct.get()
}

/// A new reference to `NotImplemented`. Never fails.
pub fn not_implemented() -> *mut PyObject {
    let op = py_not_implemented();
    // SAFETY: an immortal static object.
    unsafe { Py_IncRef(op) };
    op
}

/// `PyObject_HashNotImplemented(obj)`: the `tp_hash` of unhashable types
/// (`list`, `dict`, `bytearray`): raises `TypeError("unhashable type:
/// 'T'")` and returns -1.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_HashNotImplemented(obj: *mut PyObject) -> Py_hash_t {
    // SAFETY: live per the contract.
    let name = unsafe { type_name_of(obj) };
    errors::raise(
        Exc::TypeError,
        format!("unhashable type: '{}'", truncate(&name, 200)),
    );
    -1
}

/// `text` cut to at most `max` bytes, as C's `%.200s` cuts a type name in
/// CPython's messages (a character cut in two becomes U+FFFD, as
/// `PyUnicode_FromFormat` decodes it).
pub(crate) fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    String::from_utf8_lossy(&text.as_bytes()[..max])
}

// ==========================================================================
// repr(), str(), ascii()
// ==========================================================================

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
        if let Some(name) = moduleobject::module_name(op) {
            return Some(format!("<module {}>", str_repr(&name)));
        }
        if ty == memoryobject::PyMemoryView_Type.get() {
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
    unsafe { Py_DecRef(res) };
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
        unsafe { Py_IncRef(obj) };
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
// Rust conversions
// ==========================================================================

/// A scalar Python value, as the Node layer passes arguments and results.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` that fits an `i128`.
    Int(i128),
    /// Any other `int`: its sign and magnitude (little-endian bytes).
    BigInt {
        /// True for a negative value.
        negative: bool,
        /// `|value|` as little-endian bytes.
        magnitude_le: Vec<u8>,
    },
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
    if let Some((negative, magnitude_le)) = unsafe { long_to_le_bytes(obj) } {
        return Some(Scalar::BigInt {
            negative,
            magnitude_le,
        });
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
        Scalar::BigInt {
            negative,
            magnitude_le,
        } => long_from_le_bytes(*negative, magnitude_le),
        Scalar::Float(v) => float_from_f64(*v),
        Scalar::Str(s) => unicode_from_str(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::boolobject::{Py_IsFalse, Py_IsTrue, PyBool_FromLong};
    use crate::objects::typeobject::PyBaseObject_Type;
    use crate::objects::typeobject::PyType_GenericAlloc;
    use crate::objects::unicodeobject::PyUnicode_GetLength;

    #[test]
    fn refcounts_are_thread_safe() {
        // SAFETY: `object` is static; instances use the default allocator.
        let obj = unsafe { PyType_GenericAlloc(PyBaseObject_Type.get(), 0) } as usize;
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        // SAFETY: the test holds a reference throughout.
                        unsafe {
                            Py_IncRef(obj as *mut PyObject);
                            Py_DecRef(obj as *mut PyObject);
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        // SAFETY: still alive with the original reference.
        unsafe {
            assert_eq!(Py_REFCNT(obj as *mut PyObject), 1);
            Py_DecRef(obj as *mut PyObject);
        }
    }

    #[test]
    fn singletons_are_immortal() {
        for op in [py_none(), py_true(), py_false()] {
            // SAFETY: immortal statics.
            unsafe {
                let before = Py_REFCNT(op);
                assert!(before >= IMMORTAL_REFCNT / 2);
                Py_IncRef(op);
                Py_DecRef(op);
                assert_eq!(Py_REFCNT(op), before);
            }
        }
        assert_eq!(Py_IsNone(py_none()), 1);
        assert_eq!(Py_IsTrue(PyBool_FromLong(7)), 1);
        assert_eq!(Py_IsFalse(PyBool_FromLong(0)), 1);
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
