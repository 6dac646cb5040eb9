//! The object operations argument parsing and value building need, reached
//! through the public C API exactly as a C extension reaches them.
//!
//! `getargs.rs` and `modsupport.rs` interpret formats on behalf of C code;
//! what they do to objects (read an `int`, take a buffer, look up a keyword)
//! must behave exactly as the same call made from C, so they go through the
//! exported C functions rather than through any one object module's Rust
//! internals. The type checks read `tp_flags` as CPython's `Py*_Check`
//! macros do, and tuples are read through CPython's `PyTupleObject` layout
//! (the header, then the item pointers), which this crate keeps.

use std::ffi::{
    CString, c_char, c_double, c_int, c_long, c_longlong, c_ulong, c_ulonglong, c_void,
};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;

unsafe extern "C" {
    static mut _Py_NoneStruct: PyObject;
    static mut PyTuple_Type: PyTypeObject;
    static mut PyDict_Type: PyTypeObject;
    static mut PyByteArray_Type: PyTypeObject;

    fn Py_IncRef(o: *mut PyObject);
    fn Py_DecRef(o: *mut PyObject);
    fn PyType_IsSubtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> c_int;
    fn PyObject_IsTrue(o: *mut PyObject) -> c_int;

    fn PyLong_AsLong(o: *mut PyObject) -> c_long;
    fn PyLong_AsLongLong(o: *mut PyObject) -> c_longlong;
    fn PyLong_AsUnsignedLongMask(o: *mut PyObject) -> c_ulong;
    fn PyLong_AsUnsignedLongLongMask(o: *mut PyObject) -> c_ulonglong;
    fn PyLong_AsSsize_t(o: *mut PyObject) -> Py_ssize_t;
    fn PyNumber_Index(o: *mut PyObject) -> *mut PyObject;
    fn PyFloat_AsDouble(o: *mut PyObject) -> c_double;
    fn PyComplex_AsCComplex(o: *mut PyObject) -> Py_complex;

    fn PyBytes_AsString(o: *mut PyObject) -> *mut c_char;
    fn PyBytes_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyByteArray_AsString(o: *mut PyObject) -> *mut c_char;
    fn PyByteArray_Size(o: *mut PyObject) -> Py_ssize_t;

    fn PyUnicode_FromString(s: *const c_char) -> *mut PyObject;
    fn PyUnicode_GetLength(o: *mut PyObject) -> Py_ssize_t;
    fn PyUnicode_ReadChar(o: *mut PyObject, index: Py_ssize_t) -> u32;
    fn PyUnicode_AsUTF8AndSize(o: *mut PyObject, size: *mut Py_ssize_t) -> *const c_char;
    fn PyUnicode_AsEncodedString(
        o: *mut PyObject,
        encoding: *const c_char,
        errors: *const c_char,
    ) -> *mut PyObject;

    fn PySequence_Check(o: *mut PyObject) -> c_int;
    fn PySequence_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PySequence_GetItem(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;

    fn PyTuple_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyDict_Size(o: *mut PyObject) -> Py_ssize_t;
    fn PyDict_GetItemWithError(d: *mut PyObject, key: *mut PyObject) -> *mut PyObject;
    fn PyDict_Next(
        d: *mut PyObject,
        pos: *mut Py_ssize_t,
        key: *mut *mut PyObject,
        value: *mut *mut PyObject,
    ) -> c_int;

    fn PyObject_GetBuffer(o: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> c_int;
    fn PyBuffer_Release(view: *mut Py_buffer);
    fn PyBuffer_IsContiguous(view: *const Py_buffer, order: c_char) -> c_int;
    fn PyBuffer_FillInfo(
        view: *mut Py_buffer,
        o: *mut PyObject,
        buf: *mut c_void,
        len: Py_ssize_t,
        readonly: c_int,
        flags: c_int,
    ) -> c_int;

    fn PyLong_FromLong(v: c_long) -> *mut PyObject;
    fn PyLong_FromUnsignedLong(v: c_ulong) -> *mut PyObject;
    fn PyLong_FromLongLong(v: c_longlong) -> *mut PyObject;
    fn PyLong_FromUnsignedLongLong(v: c_ulonglong) -> *mut PyObject;
    fn PyFloat_FromDouble(v: c_double) -> *mut PyObject;
    fn PyComplex_FromCComplex(v: Py_complex) -> *mut PyObject;
    fn PyBytes_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject;
    fn PyUnicode_FromStringAndSize(s: *const c_char, n: Py_ssize_t) -> *mut PyObject;
    fn PyUnicode_FromOrdinal(ordinal: c_int) -> *mut PyObject;
    fn PyList_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyList_SetItem(list: *mut PyObject, i: Py_ssize_t, item: *mut PyObject) -> c_int;
    fn PyDict_New() -> *mut PyObject;
    fn PyDict_SetItem(d: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> c_int;
    fn PyErr_Fetch(t: *mut *mut PyObject, v: *mut *mut PyObject, tb: *mut *mut PyObject);
    fn PyErr_Restore(t: *mut PyObject, v: *mut PyObject, tb: *mut PyObject);

    fn PyObject_Vectorcall(
        callable: *mut PyObject,
        args: *const *mut PyObject,
        nargsf: usize,
        kwnames: *mut PyObject,
    ) -> *mut PyObject;
    fn PyObject_GetAttrString(o: *mut PyObject, name: *const c_char) -> *mut PyObject;
    fn PyCallable_Check(o: *mut PyObject) -> c_int;
    fn PyUnicode_FromWideChar(w: *const libc_wchar, size: Py_ssize_t) -> *mut PyObject;

    fn PyMem_Malloc(n: usize) -> *mut c_void;
    fn PyMem_Free(p: *mut c_void);
}

/// C's `wchar_t`: UTF-16 code units on Windows, UTF-32 elsewhere.
#[allow(non_camel_case_types)]
#[cfg(windows)]
pub type libc_wchar = u16;
/// C's `wchar_t`: UTF-16 code units on Windows, UTF-32 elsewhere.
#[allow(non_camel_case_types)]
#[cfg(not(windows))]
pub type libc_wchar = i32;

// CPython's tp_flags bits that the fast subclass checks read (`tp_flags` is
// an `unsigned long`: 32 bits on Windows, where these bits still fit).
const LONG_SUBCLASS: c_ulong = 1 << 24;
const TUPLE_SUBCLASS: c_ulong = 1 << 26;
const BYTES_SUBCLASS: c_ulong = 1 << 27;
const UNICODE_SUBCLASS: c_ulong = 1 << 28;
const DICT_SUBCLASS: c_ulong = 1 << 29;

/// `Py_None`.
pub fn none() -> *mut PyObject {
    ptr::addr_of_mut!(_Py_NoneStruct)
}

/// `Py_TYPE(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn type_of(o: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: live per the contract.
    unsafe { (*o).ob_type }
}

/// # Safety
/// `o` must be a live object.
unsafe fn flags(o: *mut PyObject) -> c_ulong {
    // SAFETY: a live object's type is a live type object.
    unsafe { (*type_of(o)).tp_flags }
}

/// A type's `tp_name` as text.
///
/// # Safety
/// `ty` must be a live type object.
pub unsafe fn tp_name(ty: *mut PyTypeObject) -> String {
    // SAFETY: live per the contract; tp_name is NUL-terminated or NULL.
    unsafe {
        let name = (*ty).tp_name;
        if name.is_null() {
            String::new()
        } else {
            std::ffi::CStr::from_ptr(name)
                .to_string_lossy()
                .into_owned()
        }
    }
}

/// `Py_TYPE(o)->tp_name`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn type_name(o: *mut PyObject) -> String {
    // SAFETY: live per the contract.
    unsafe { tp_name(type_of(o)) }
}

/// `PyType_IsSubtype(a, b)`.
///
/// # Safety
/// Both live type objects.
pub unsafe fn is_subtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { PyType_IsSubtype(a, b) != 0 }
}

/// # Safety
/// `o` must be a live object.
pub unsafe fn incref(o: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { Py_IncRef(o) }
}

/// # Safety
/// `o` must be NULL or a live object whose reference the caller owns.
pub unsafe fn decref(o: *mut PyObject) {
    // SAFETY: forwarded contract (Py_DecRef accepts NULL).
    unsafe { Py_DecRef(o) }
}

/// `PyObject_IsTrue(o)`: 1, 0, or -1 with an exception.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn is_true(o: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { PyObject_IsTrue(o) }
}

// ---- numbers --------------------------------------------------------------

/// `PyLong_Check(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn long_check(o: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { flags(o) & LONG_SUBCLASS != 0 }
}

/// `PyLong_AsLong(o)` (`long` is 64 bits on the LP64 targets we build for).
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn as_long(o: *mut PyObject) -> i64 {
    // SAFETY: forwarded contract.
    unsafe { PyLong_AsLong(o) as i64 }
}

/// `PyLong_AsLongLong(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn as_long_long(o: *mut PyObject) -> i64 {
    // SAFETY: forwarded contract.
    unsafe { PyLong_AsLongLong(o) }
}

/// `PyLong_AsUnsignedLongMask(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn as_unsigned_long_mask(o: *mut PyObject) -> u64 {
    // SAFETY: forwarded contract.
    unsafe { PyLong_AsUnsignedLongMask(o) as u64 }
}

/// `PyLong_AsUnsignedLongLongMask(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn as_unsigned_long_long_mask(o: *mut PyObject) -> u64 {
    // SAFETY: forwarded contract.
    unsafe { PyLong_AsUnsignedLongLongMask(o) }
}

/// `PyLong_AsSsize_t(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn as_ssize_t(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { PyLong_AsSsize_t(o) }
}

/// `PyNumber_Index(o)`: a new reference to an `int`, or NULL.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn number_index(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyNumber_Index(o) }
}

/// `PyFloat_AsDouble(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn as_double(o: *mut PyObject) -> f64 {
    // SAFETY: forwarded contract.
    unsafe { PyFloat_AsDouble(o) }
}

/// `PyComplex_AsCComplex(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn as_complex(o: *mut PyObject) -> Py_complex {
    // SAFETY: forwarded contract.
    unsafe { PyComplex_AsCComplex(o) }
}

// ---- bytes, bytearray, str -------------------------------------------------

/// `PyBytes_Check(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn bytes_check(o: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { flags(o) & BYTES_SUBCLASS != 0 }
}

/// `PyBytes_AS_STRING(o)`: the NUL-terminated contents.
///
/// # Safety
/// `o` must be a live `bytes`.
pub unsafe fn bytes_data(o: *mut PyObject) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { PyBytes_AsString(o) }
}

/// `PyBytes_GET_SIZE(o)`.
///
/// # Safety
/// `o` must be a live `bytes`.
pub unsafe fn bytes_size(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { PyBytes_Size(o) }
}

/// `PyByteArray_Check(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn bytearray_check(o: *mut PyObject) -> bool {
    // SAFETY: live per the contract; the type static is never moved.
    unsafe {
        let ba = ptr::addr_of_mut!(PyByteArray_Type);
        type_of(o) == ba || is_subtype(type_of(o), ba)
    }
}

/// `PyByteArray_AS_STRING(o)`: the NUL-terminated contents.
///
/// # Safety
/// `o` must be a live `bytearray`.
pub unsafe fn bytearray_data(o: *mut PyObject) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { PyByteArray_AsString(o) }
}

/// `PyByteArray_GET_SIZE(o)`.
///
/// # Safety
/// `o` must be a live `bytearray`.
pub unsafe fn bytearray_size(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { PyByteArray_Size(o) }
}

/// `PyUnicode_Check(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn unicode_check(o: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { flags(o) & UNICODE_SUBCLASS != 0 }
}

/// `PyUnicode_GET_LENGTH(o)`, in code points.
///
/// # Safety
/// `o` must be a live `str`.
pub unsafe fn unicode_length(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_GetLength(o) }
}

/// `PyUnicode_READ_CHAR(o, i)`.
///
/// # Safety
/// `o` must be a live `str` with more than `i` code points.
pub unsafe fn unicode_read_char(o: *mut PyObject, i: Py_ssize_t) -> u32 {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_ReadChar(o, i) }
}

/// `PyUnicode_AsUTF8AndSize(o, &size)`.
///
/// # Safety
/// `o` must be a live `str`; `size` writable.
pub unsafe fn unicode_as_utf8_and_size(o: *mut PyObject, size: *mut Py_ssize_t) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_AsUTF8AndSize(o, size) }
}

/// `PyUnicode_AsEncodedString(o, encoding, errors)`.
///
/// # Safety
/// `o` a live `str`; the strings NULL or NUL-terminated.
pub unsafe fn unicode_as_encoded_string(
    o: *mut PyObject,
    encoding: *const c_char,
    errors: *const c_char,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_AsEncodedString(o, encoding, errors) }
}

/// The text of a `str` (None for anything else, or one that cannot be
/// encoded as UTF-8, which can then match no keyword name).
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn unicode_text(o: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded contract.
    unsafe {
        if !unicode_check(o) {
            return None;
        }
        let mut len: Py_ssize_t = 0;
        let p = PyUnicode_AsUTF8AndSize(o, &mut len);
        if p.is_null() {
            crate::python::errors::PyErr_Clear();
            return Some(String::from('\u{FFFD}'));
        }
        let bytes = std::slice::from_raw_parts(p.cast::<u8>(), len as usize);
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

// ---- sequences, tuples, dicts ----------------------------------------------

/// `PySequence_Check(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn sequence_check(o: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { PySequence_Check(o) != 0 }
}

/// `PySequence_Size(o)`.
///
/// # Safety
/// `o` must be a live sequence.
pub unsafe fn sequence_size(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { PySequence_Size(o) }
}

/// `PySequence_GetItem(o, i)`: a new reference, or NULL.
///
/// # Safety
/// `o` must be a live sequence.
pub unsafe fn sequence_get_item(o: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PySequence_GetItem(o, i) }
}

/// `PyTuple_Check(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn tuple_check(o: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { flags(o) & TUPLE_SUBCLASS != 0 }
}

/// `PyTuple_CheckExact(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn tuple_check_exact(o: *mut PyObject) -> bool {
    // SAFETY: live per the contract; the type static is never moved.
    unsafe { type_of(o) == ptr::addr_of_mut!(PyTuple_Type) }
}

/// `PyTuple_GET_SIZE(o)`: `ob_size`.
///
/// # Safety
/// `o` must be a live tuple.
pub unsafe fn tuple_size(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a tuple starts with a PyVarObject header.
    unsafe { (*o.cast::<PyVarObject>()).ob_size }
}

/// `&PyTuple_GET_ITEM(o, 0)`: the item pointers, which follow the
/// `PyVarObject` header in CPython's `PyTupleObject`.
///
/// # Safety
/// `o` must be a live tuple; the pointer is valid while it lives.
pub unsafe fn tuple_items(o: *mut PyObject) -> *const *mut PyObject {
    // SAFETY: `ob_item` follows the header (CPython's layout, kept here).
    unsafe { o.cast::<u8>().add(size_of::<PyVarObject>()).cast() }
}

/// A new tuple of `str`s; NULL with an exception on failure.
pub fn tuple_of_strs(names: &[String]) -> *mut PyObject {
    // SAFETY: a fresh tuple is filled before anyone else sees it.
    unsafe {
        let t = PyTuple_New(names.len() as Py_ssize_t);
        if t.is_null() {
            return t;
        }
        let items = tuple_items(t) as *mut *mut PyObject;
        for (i, name) in names.iter().enumerate() {
            let c = CString::new(name.as_str()).unwrap_or_default();
            let s = PyUnicode_FromString(c.as_ptr());
            if s.is_null() {
                Py_DecRef(t);
                return ptr::null_mut();
            }
            items.add(i).write(s);
        }
        t
    }
}

/// `PyDict_Check(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn dict_check(o: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { flags(o) & DICT_SUBCLASS != 0 }
}

/// `PyDict_CheckExact(o)`.
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn dict_check_exact(o: *mut PyObject) -> bool {
    // SAFETY: live per the contract; the type static is never moved.
    unsafe { type_of(o) == ptr::addr_of_mut!(PyDict_Type) }
}

/// `PyDict_GET_SIZE(o)`.
///
/// # Safety
/// `o` must be a live dict.
pub unsafe fn dict_size(o: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { PyDict_Size(o) }
}

/// `_PyDict_GetItemStringWithError(d, name)`: the value (borrowed), or NULL
/// -- with an exception set only if the lookup itself failed.
///
/// # Safety
/// `d` must be a live dict.
pub unsafe fn dict_get_item_string(d: *mut PyObject, name: &str) -> *mut PyObject {
    let Ok(c) = CString::new(name) else {
        return ptr::null_mut();
    };
    // SAFETY: forwarded contract; the key lives across the lookup.
    unsafe {
        let key = PyUnicode_FromString(c.as_ptr());
        if key.is_null() {
            return ptr::null_mut();
        }
        let v = PyDict_GetItemWithError(d, key);
        Py_DecRef(key);
        v
    }
}

/// `PyDict_Next(d, &pos, &key, &value)`; `value` may be NULL.
///
/// # Safety
/// `d` must be a live dict; the out-pointers writable (or NULL for value).
pub unsafe fn dict_next(
    d: *mut PyObject,
    pos: *mut Py_ssize_t,
    key: *mut *mut PyObject,
    value: *mut *mut PyObject,
) -> bool {
    // SAFETY: forwarded contract.
    unsafe { PyDict_Next(d, pos, key, value) != 0 }
}

// ---- buffers and memory ----------------------------------------------------

/// Whether `o`'s type has a `bf_releasebuffer` (so its buffers must be
/// released, which `s#`/`y#` cannot promise).
///
/// # Safety
/// `o` must be a live object.
pub unsafe fn has_releasebuffer(o: *mut PyObject) -> bool {
    // SAFETY: a live object's type is live; tp_as_buffer NULL or valid.
    unsafe {
        let procs = (*type_of(o)).tp_as_buffer;
        !procs.is_null() && (*procs).bf_releasebuffer.is_some()
    }
}

/// `PyObject_GetBuffer(o, view, flags)`.
///
/// # Safety
/// `o` live; `view` writable storage for a `Py_buffer`.
pub unsafe fn get_buffer(o: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { PyObject_GetBuffer(o, view, flags) }
}

/// `PyBuffer_Release(view)`.
///
/// # Safety
/// `view` a buffer filled by a successful `PyObject_GetBuffer` (or
/// `PyBuffer_FillInfo`), released once.
pub unsafe fn buffer_release(view: *mut Py_buffer) {
    // SAFETY: forwarded contract.
    unsafe { PyBuffer_Release(view) }
}

/// `PyBuffer_IsContiguous(view, order)`.
///
/// # Safety
/// `view` a filled buffer.
pub unsafe fn buffer_is_contiguous(view: *const Py_buffer, order: u8) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { PyBuffer_IsContiguous(view, order as c_char) }
}

/// `PyBuffer_FillInfo(view, o, buf, len, readonly, flags)`.
///
/// # Safety
/// As CPython's: `view` writable, `o` NULL or live, `buf` valid for `len`
/// bytes while the view lives.
pub unsafe fn buffer_fill_info(
    view: *mut Py_buffer,
    o: *mut PyObject,
    buf: *mut c_void,
    len: Py_ssize_t,
    readonly: c_int,
    flags: c_int,
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { PyBuffer_FillInfo(view, o, buf, len, readonly, flags) }
}

/// `PyMem_Malloc(n)`.
pub fn mem_malloc(n: usize) -> *mut c_void {
    // SAFETY: any size may be requested.
    unsafe { PyMem_Malloc(n) }
}

/// `PyMem_Free(p)`.
///
/// # Safety
/// `p` NULL or from `PyMem_Malloc`, freed once.
pub unsafe fn mem_free(p: *mut c_void) {
    // SAFETY: forwarded contract.
    unsafe { PyMem_Free(p) }
}

// ---- making values (Py_BuildValue) -----------------------------------------

/// `PyLong_FromLong(v)`.
pub fn long_from_long(v: i64) -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyLong_FromLong(v as c_long) }
}

/// `PyLong_FromUnsignedLong(v)`.
pub fn long_from_unsigned_long(v: u64) -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyLong_FromUnsignedLong(v as c_ulong) }
}

/// `PyLong_FromLongLong(v)`.
pub fn long_from_long_long(v: i64) -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyLong_FromLongLong(v) }
}

/// `PyLong_FromUnsignedLongLong(v)`.
pub fn long_from_unsigned_long_long(v: u64) -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyLong_FromUnsignedLongLong(v) }
}

/// `PyFloat_FromDouble(v)`.
pub fn float_from_double(v: f64) -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyFloat_FromDouble(v) }
}

/// `PyComplex_FromCComplex(v)`.
pub fn complex_from_c(v: Py_complex) -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyComplex_FromCComplex(v) }
}

/// `PyBytes_FromStringAndSize(s, n)`.
///
/// # Safety
/// `s` readable for `n` bytes (or NULL for an uninitialised bytes).
pub unsafe fn bytes_from_string_and_size(s: *const c_char, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyBytes_FromStringAndSize(s, n) }
}

/// `PyUnicode_FromStringAndSize(s, n)`, decoding UTF-8.
///
/// # Safety
/// `s` readable for `n` bytes.
pub unsafe fn unicode_from_string_and_size(s: *const c_char, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_FromStringAndSize(s, n) }
}

/// `PyUnicode_FromOrdinal(ordinal)`.
pub fn unicode_from_ordinal(ordinal: c_int) -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyUnicode_FromOrdinal(ordinal) }
}

/// `PyUnicode_FromWideChar(w, n)`.
///
/// # Safety
/// `w` readable for `n` wide characters.
pub unsafe fn unicode_from_wide_char(w: *const libc_wchar, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_FromWideChar(w, n) }
}

/// `PyTuple_New(n)`: a tuple whose items the caller must all set with
/// [`tuple_set_item`] before anyone else sees it.
pub fn tuple_new(n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyTuple_New(n) }
}

/// `PyTuple_SET_ITEM(t, i, item)`: stores (steals) `item` in a fresh tuple.
///
/// # Safety
/// `t` a tuple made by [`tuple_new`] and not yet shared, `i` in range, the
/// slot empty.
pub unsafe fn tuple_set_item(t: *mut PyObject, i: Py_ssize_t, item: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe {
        (tuple_items(t) as *mut *mut PyObject)
            .add(i as usize)
            .write(item)
    }
}

/// `PyList_New(n)`.
pub fn list_new(n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyList_New(n) }
}

/// `PyList_SetItem(l, i, item)` on a fresh list (steals `item`).
///
/// # Safety
/// `l` a live list, `i` in range; `item` a reference the caller gives up.
pub unsafe fn list_set_item(l: *mut PyObject, i: Py_ssize_t, item: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { PyList_SetItem(l, i, item) }
}

/// `PyDict_New()`.
pub fn dict_new() -> *mut PyObject {
    // SAFETY: no preconditions.
    unsafe { PyDict_New() }
}

/// `PyDict_SetItem(d, key, value)` (new references to both are taken).
///
/// # Safety
/// All live; `d` a dict.
pub unsafe fn dict_set_item(d: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { PyDict_SetItem(d, key, value) }
}

/// The pending exception, taken out of the indicator (`PyErr_Fetch`), to be
/// put back with [`ErrorState::restore`].
pub struct ErrorState {
    ty: *mut PyObject,
    value: *mut PyObject,
    tb: *mut PyObject,
}

impl ErrorState {
    /// `PyErr_Fetch`.
    pub fn fetch() -> Self {
        let mut e = ErrorState {
            ty: ptr::null_mut(),
            value: ptr::null_mut(),
            tb: ptr::null_mut(),
        };
        // SAFETY: three writable out-pointers.
        unsafe { PyErr_Fetch(&mut e.ty, &mut e.value, &mut e.tb) };
        e
    }

    /// `PyErr_Restore`: puts the exception back (replacing any newer one).
    pub fn restore(self) {
        // SAFETY: the references `fetch` took, handed back once.
        unsafe { PyErr_Restore(self.ty, self.value, self.tb) }
    }
}

// ---- calls ------------------------------------------------------------------

/// `callable(*args)` as CPython's variadic calls make it: a vectorcall
/// of the tuple's items, so the result is always checked (a callee
/// reached through `PyObject_Call` may not be).
///
/// # Safety
/// `callable` and `args` (a tuple) live.
pub unsafe fn call(callable: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract; the items stay in the tuple we hold.
    unsafe {
        let n = (*args.cast::<PyVarObject>()).ob_size;
        PyObject_Vectorcall(callable, tuple_items(args), n as usize, ptr::null_mut())
    }
}

/// `PyObject_GetAttrString(o, name)`.
///
/// # Safety
/// `o` live; `name` NUL-terminated.
pub unsafe fn get_attr_string(o: *mut PyObject, name: *const c_char) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyObject_GetAttrString(o, name) }
}

/// `PyCallable_Check(o)`.
///
/// # Safety
/// `o` live.
pub unsafe fn callable_check(o: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { PyCallable_Check(o) != 0 }
}
