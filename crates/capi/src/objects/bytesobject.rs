//! `bytes` (CPython's `Objects/bytesobject.c`), with CPython 3.11's layout:
//! the bytes follow the header inline and end with a NUL, so
//! `PyBytes_AS_STRING` is a pointer computation and the data can be passed
//! to C string functions.
//!
//! * A `bytes` object exports a read-only buffer with no
//!   `bf_releasebuffer`, which is what `PyArg_ParseTuple`'s `y#` and `s#`
//!   accept.
//! * `PyBytes_FromStringAndSize(NULL, n)` makes a zeroed `bytes` that C
//!   code fills through `PyBytes_AS_STRING` before sharing it, as in
//!   CPython. As in CPython 3.11, a `bytes` of length 0 is the one
//!   immortal empty `bytes` (except `b'ab' * 0`, a new one there too), and
//!   one of one byte made from existing bytes is one of 256 immortal ones.
//! * The hash is CPython's (SipHash-1-3 of the bytes), cached in
//!   `ob_shash`.
//! * `PyBytes_FromFormat` and `PyBytes_FromFormatV`, which are variadic,
//!   are in `bytesobject.c` beside this file.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_int};
use std::mem::offset_of;
use std::ptr;
use std::sync::atomic::{AtomicIsize, Ordering};

use crate::buffer::{
    PyBuffer_FillInfo, PyBuffer_Release, PyObject_CheckBuffer, PyObject_GetBuffer,
};
use crate::ffi::*;
use crate::objects::r#abstract::{
    self as abstract_, PyNumber_AsSsize_t, type_name_200, type_name_n,
};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::iterobject::{index_iter_new, index_iter_next, index_iter_type};
use crate::objects::longobject::long_from_i64;
use crate::objects::object::{Py_DecRef, Py_IncRef, Py_REFCNT, not_implemented, type_of};
use crate::objects::obmalloc::{
    PyObject_Calloc, PyObject_Free, PyObject_Realloc, TERMINATOR_SLACK,
};
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::{compare_op, unicode_from_str};
use crate::python::errors;
use crate::python::pyhash;

/// Bytes before the data (`offsetof(PyBytesObject, ob_sval)`).
const HEADER: usize = offset_of!(PyBytesObject, ob_sval);

// ==========================================================================
// The type and the empty bytes
// ==========================================================================

static BYTES_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(bytes_length),
    sq_concat: Some(bytes_concat),
    sq_repeat: Some(bytes_repeat),
    sq_item: Some(bytes_item),
    sq_contains: Some(bytes_contains),
    ..PySequenceMethods::empty()
};

static BYTES_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(bytes_length),
    mp_subscript: Some(bytes_subscript),
    mp_ass_subscript: None,
};

static BYTES_AS_BUFFER: PyBufferProcs = PyBufferProcs {
    bf_getbuffer: Some(bytes_getbuffer),
    bf_releasebuffer: None,
};

/// `PyBytes_Type`: `bytes`.
#[unsafe(no_mangle)]
pub static PyBytes_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"bytes",
        HEADER + 1,
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_BYTES_SUBCLASS,
        bytes_dealloc,
    );
    ty.tp_itemsize = 1;
    ty.tp_repr = Some(bytes_repr);
    ty.tp_str = Some(bytes_repr);
    ty.tp_hash = Some(bytes_hash);
    ty.tp_richcompare = Some(bytes_richcompare);
    ty.tp_iter = Some(bytes_iter);
    ty.tp_as_sequence = &raw const BYTES_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const BYTES_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_as_buffer = &raw const BYTES_AS_BUFFER as *mut PyBufferProcs;
    ty.tp_new = Some(_Pyb_bytes_new);
    ty.tp_as_number = &raw const BYTES_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_methods = crate::objects::bytes_methods::BYTES_METHODS.get().cast();
    ty
});

/// `bytes % args` (the formatting engine is unicodeformat.rs's).
static BYTES_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_remainder: Some(bytes_mod),
    ..PyNumberMethods::empty()
};

/// `nb_remainder`: `format % args` when the left operand is a `bytes`,
/// else `NotImplemented` (CPython's `bytes_mod`).
unsafe extern "C" fn bytes_mod(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands (the slot's contract).
    unsafe {
        if !is_bytes(v) {
            return crate::objects::object::not_implemented();
        }
        crate::objects::unicodeformat::bytes_format(&bytes_to_vec(v), w, false)
    }
}

unsafe extern "C" {
    /// `bytes(source=b'', encoding=..., errors=...)` (bytesobject.c).
    fn _Pyb_bytes_new(
        ty: *mut PyTypeObject,
        args: *mut PyObject,
        kwds: *mut PyObject,
    ) -> *mut PyObject;
}

/// A `bytes` of length 0 laid out as [`PyBytesObject`], its NUL followed by
/// the zeroed slack every `bytes` has (see [`TERMINATOR_SLACK`]).
#[repr(C)]
struct EmptyBytes {
    ob_base: PyVarObject,
    ob_shash: Py_hash_t,
    ob_sval: [c_char; 1 + TERMINATOR_SLACK],
}

/// The empty `bytes`, shared by every `bytes` of length 0.
static EMPTY: StaticObject<EmptyBytes> = StaticObject::new(EmptyBytes {
    ob_base: PyVarObject {
        ob_base: PyObject {
            ob_refcnt: IMMORTAL_REFCNT,
            ob_type: PyBytes_Type.get(),
        },
        ob_size: 0,
    },
    ob_shash: 0,
    ob_sval: [0; 1 + TERMINATOR_SLACK],
});

/// A one-byte `bytes` laid out as [`PyBytesObject`]: its byte, NUL and
/// slack.
#[repr(C)]
struct CharBytes {
    ob_base: PyVarObject,
    ob_shash: Py_hash_t,
    ob_sval: [c_char; 2 + TERMINATOR_SLACK],
}

const fn char_bytes_table() -> [CharBytes; 256] {
    let mut chars = [const {
        CharBytes {
            ob_base: PyVarObject {
                ob_base: PyObject {
                    ob_refcnt: IMMORTAL_REFCNT,
                    ob_type: PyBytes_Type.get(),
                },
                ob_size: 1,
            },
            ob_shash: -1,
            ob_sval: [0; 2 + TERMINATOR_SLACK],
        }
    }; 256];
    let mut c = 0;
    while c < 256 {
        chars[c].ob_sval[0] = c as u8 as c_char;
        c += 1;
    }
    chars
}

/// The 256 one-byte `bytes`, shared as CPython 3.11 shares them
/// (`_Py_SINGLETON(bytes_characters)`): every `bytes` of one byte made
/// from existing bytes (`PyBytes_FromStringAndSize(s, 1)`, a slice, an
/// encoding) is one of these; one C fills in (`PyBytes_FromStringAndSize(
/// NULL, 1)`) is not.
static CHARS: StaticObject<[CharBytes; 256]> = StaticObject::new(char_bytes_table());

/// A new reference to the shared `bytes` of the one byte `c`. Never fails.
fn char_bytes(c: u8) -> *mut PyObject {
    // SAFETY: in bounds of the static table.
    let op = unsafe { CHARS.get().cast::<CharBytes>().add(c as usize) }.cast::<PyObject>();
    // SAFETY: an immortal static object.
    unsafe { Py_IncRef(op) };
    op
}

/// True for the static `bytes` (the empty one, the one-byte ones).
fn is_static(op: *mut PyObject) -> bool {
    let addr = op as usize;
    let chars = CHARS.get() as usize;
    addr == EMPTY.get() as usize || (chars..chars + size_of::<[CharBytes; 256]>()).contains(&addr)
}

/// A new reference to the empty `bytes`. Never fails.
fn empty_bytes() -> *mut PyObject {
    let op = EMPTY.get() as *mut PyObject;
    // SAFETY: an immortal static object.
    unsafe { Py_IncRef(op) };
    op
}

/// True when `op` is a `bytes` or an instance of a subclass.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_bytes(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { abstract_::has_flag(type_of(op), Py_TPFLAGS_BYTES_SUBCLASS) }
}

/// The number of bytes.
///
/// # Safety
/// `op` must be a live `bytes`.
unsafe fn len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: the var header.
    unsafe { (*(op as *mut PyVarObject)).ob_size }
}

/// A pointer to the first byte.
///
/// # Safety
/// `op` must be a live `bytes`.
unsafe fn data(op: *mut PyObject) -> *mut u8 {
    // SAFETY: the data follow the header inside the object.
    unsafe { (op as *mut u8).add(HEADER) }
}

/// The bytes as a slice.
///
/// # Safety
/// `op` must be a live `bytes` that no C code writes while the slice
/// lives (true once it is shared: `bytes` are immutable).
unsafe fn as_slice<'a>(op: *mut PyObject) -> &'a [u8] {
    // SAFETY: `len` initialised bytes at `data` (per the contract).
    unsafe { std::slice::from_raw_parts(data(op), len(op) as usize) }
}

/// A copy of the bytes of a `bytes` (or subclass).
///
/// # Safety
/// `op` must be a live `bytes`.
pub(crate) unsafe fn bytes_to_vec(op: *mut PyObject) -> Vec<u8> {
    // SAFETY: a live bytes; bytes are immutable.
    unsafe { as_slice(op).to_vec() }
}

/// Allocates a zeroed `bytes` of `n` bytes (the empty one for 0).
fn from_size(n: Py_ssize_t) -> *mut PyObject {
    if n == 0 {
        return empty_bytes();
    }
    alloc_bytes(n)
}

/// Allocates a new zeroed `bytes` of `n` bytes, even for 0.
fn alloc_bytes(n: Py_ssize_t) -> *mut PyObject {
    let Some(total) = (n as usize)
        .checked_add(HEADER + 1 + TERMINATOR_SLACK)
        .filter(|&t| t <= isize::MAX as usize)
    else {
        return errors::fail_null(Exc::OverflowError, "byte string is too large");
    };
    // calloc, not malloc + memset: a large block comes from the kernel
    // already zeroed, so a big `bytes` costs no pass over its memory here;
    // the C that fills it (a decompressor, often with the GIL released)
    // touches it first.
    let op = PyObject_Calloc(1, total) as *mut PyObject;
    if op.is_null() {
        return errors::PyErr_NoMemory();
    }
    // SAFETY: fresh memory of `total` bytes.
    unsafe {
        (*op).ob_refcnt = 1;
        (*op).ob_type = PyBytes_Type.get();
        (*(op as *mut PyVarObject)).ob_size = n;
        (*(op as *mut PyBytesObject)).ob_shash = -1;
    }
    op
}

/// A `bytes` holding a copy of `bytes` (the shared one for no byte or
/// one); NULL with `MemoryError`.
pub fn bytes_from_slice(bytes: &[u8]) -> *mut PyObject {
    if let [c] = *bytes {
        return char_bytes(c);
    }
    let op = from_size(bytes.len() as Py_ssize_t);
    if !op.is_null() && !bytes.is_empty() {
        // SAFETY: a fresh bytes of that length.
        unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), data(op), bytes.len()) };
    }
    op
}

/// A new `bytes` holding a copy of `bytes`, never a shared one-byte one
/// (the empty one still is): what CPython's methods that fill a
/// `PyBytes_FromStringAndSize(NULL, n)` give (`bytes.lower`, ...).
pub(crate) fn bytes_from_slice_fresh(bytes: &[u8]) -> *mut PyObject {
    let op = from_size(bytes.len() as Py_ssize_t);
    if !op.is_null() && !bytes.is_empty() {
        // SAFETY: a fresh bytes of that length.
        unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), data(op), bytes.len()) };
    }
    op
}

/// The data pointer and length of a `bytes` (or subclass), or None for any
/// other object. The memory lives as long as the object and must not be
/// written once the object is shared.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn bytes_data(op: *mut PyObject) -> Option<(*mut u8, usize)> {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_bytes(op) } {
        return None;
    }
    // SAFETY: a bytes.
    Some(unsafe { (data(op), len(op) as usize) })
}

unsafe extern "C" fn bytes_dealloc(op: *mut PyObject) {
    if is_static(op) {
        // SAFETY: a static bytes.
        unsafe { crate::objects::object::immortal_dealloc(op) };
        return;
    }
    // SAFETY: an unreferenced bytes from PyObject_Malloc.
    unsafe { PyObject_Free(op.cast()) }
}

// ==========================================================================
// C API
// ==========================================================================

/// `PyBytes_FromStringAndSize(v, len)`: a new `bytes` of `len` bytes copied
/// from `v`, or zeroed (for C to fill before sharing) when `v` is NULL.
///
/// Fails (NULL) with `SystemError("Negative size passed to
/// PyBytes_FromStringAndSize")`, `OverflowError("byte string is too
/// large")` or `MemoryError`.
///
/// # Safety
/// `v` must be NULL or readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBytes_FromStringAndSize(
    v: *const c_char,
    len: Py_ssize_t,
) -> *mut PyObject {
    if len < 0 {
        return errors::fail_null(
            Exc::SystemError,
            "Negative size passed to PyBytes_FromStringAndSize",
        );
    }
    if len == 1 && !v.is_null() {
        // SAFETY: readable for one byte per the contract.
        return char_bytes(unsafe { *v.cast::<u8>() });
    }
    let op = from_size(len);
    if !op.is_null() && !v.is_null() && len > 0 {
        // SAFETY: readable per the contract; a fresh bytes of `len` bytes.
        unsafe { ptr::copy_nonoverlapping(v.cast::<u8>(), data(op), len as usize) };
    }
    op
}

/// `PyBytes_FromString(v)`: a new `bytes` holding the NUL-terminated `v`
/// (without the NUL).
///
/// Fails (NULL) with `OverflowError("byte string is too large")`,
/// `MemoryError`, or `SystemError` for NULL (CPython crashes).
///
/// # Safety
/// `v` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBytes_FromString(v: *const c_char) -> *mut PyObject {
    if v.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract.
    bytes_from_slice(unsafe { CStr::from_ptr(v) }.to_bytes())
}

/// Raises CPython's `TypeError("expected bytes, T found")`.
///
/// # Safety
/// `op` must be a live object.
unsafe fn expected_bytes(op: *mut PyObject) {
    // SAFETY: live per the contract.
    let name = unsafe { type_name_200(op) };
    errors::raise(Exc::TypeError, format!("expected bytes, {name} found"));
}

/// `PyBytes_Size(op)`: the number of bytes.
///
/// Fails (-1) with `TypeError("expected bytes, T found")`, or `SystemError`
/// for NULL.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBytes_Size(op: *mut PyObject) -> Py_ssize_t {
    if op.is_null() {
        return errors::bad_internal_call() as Py_ssize_t;
    }
    // SAFETY: live per the contract.
    if !unsafe { is_bytes(op) } {
        // SAFETY: live.
        unsafe { expected_bytes(op) };
        return -1;
    }
    // SAFETY: a bytes.
    unsafe { len(op) }
}

/// `PyBytes_AsString(op)`: the NUL-terminated data (valid as long as the
/// object).
///
/// Fails (NULL) with `TypeError("expected bytes, T found")`, or
/// `SystemError` for NULL.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBytes_AsString(op: *mut PyObject) -> *mut c_char {
    if op.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    if !unsafe { is_bytes(op) } {
        // SAFETY: live.
        unsafe { expected_bytes(op) };
        return ptr::null_mut();
    }
    // SAFETY: a bytes.
    unsafe { data(op).cast() }
}

/// `PyBytes_AsStringAndSize(op, &s, &len)`: the data into `*s` and, when
/// `len` is not NULL, the length into `*len`. With a NULL `len` the bytes
/// must not contain a NUL.
///
/// Fails (-1) with `TypeError("expected bytes, T found")`,
/// `ValueError("embedded null byte")`, or `SystemError` for NULL `op` or
/// `s`.
///
/// # Safety
/// `op` must be NULL or a live object; `s` NULL or writable; `len` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBytes_AsStringAndSize(
    op: *mut PyObject,
    s: *mut *mut c_char,
    len_out: *mut Py_ssize_t,
) -> c_int {
    if op.is_null() || s.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: live per the contract.
    if !unsafe { is_bytes(op) } {
        // SAFETY: live.
        unsafe { expected_bytes(op) };
        return -1;
    }
    // SAFETY: a bytes; the out-pointers are writable per the contract.
    unsafe {
        *s = data(op).cast();
        if len_out.is_null() {
            if as_slice(op).contains(&0) {
                return errors::fail(Exc::ValueError, "embedded null byte");
            }
        } else {
            *len_out = len(op);
        }
    }
    0
}

/// `_PyBytes_Resize(&op, newsize)`: resizes a `bytes` nobody else
/// references, in place when possible (new bytes are zeroed).
///
/// Fails (-1, with `*p` set to NULL and the object released) with
/// `SystemError` when `*p` is not a `bytes`, is shared, or `newsize` is
/// negative, or with `MemoryError`.
///
/// # Safety
/// `p` must point to NULL or an owned reference to a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyBytes_Resize(p: *mut *mut PyObject, newsize: Py_ssize_t) -> c_int {
    if p.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: readable per the contract.
    let v = unsafe { *p };
    // SAFETY: live per the contract.
    if v.is_null() || !unsafe { is_bytes(v) } || newsize < 0 {
        // SAFETY: the reference is consumed on failure.
        unsafe {
            *p = ptr::null_mut();
            Py_DecRef(v);
        }
        return errors::bad_internal_call();
    }
    // SAFETY: a bytes.
    let old = unsafe { len(v) };
    if old == newsize {
        return 0;
    }
    if old == 0 || newsize == 0 {
        let new = from_size(newsize);
        // SAFETY: `*p` is writable; the old reference is released.
        unsafe {
            *p = new;
            Py_DecRef(v);
        }
        return if new.is_null() { -1 } else { 0 };
    }
    // SAFETY: live.
    if unsafe { Py_REFCNT(v) } != 1 || is_static(v) {
        // SAFETY: as above.
        unsafe {
            *p = ptr::null_mut();
            Py_DecRef(v);
        }
        return errors::bad_internal_call();
    }
    let total = (newsize as usize)
        .checked_add(HEADER + 1 + TERMINATOR_SLACK)
        .filter(|&t| t <= isize::MAX as usize);
    let new = match total {
        // SAFETY: an unshared bytes from PyObject_Malloc.
        Some(t) => (unsafe { PyObject_Realloc(v.cast(), t) }) as *mut PyObject,
        None => ptr::null_mut(),
    };
    if new.is_null() {
        // SAFETY: the old object is intact; release it.
        unsafe {
            *p = ptr::null_mut();
            Py_DecRef(v);
        }
        errors::PyErr_NoMemory();
        return -1;
    }
    // SAFETY: the reallocated object has room for `newsize + 1` bytes and
    // the slack after them.
    unsafe {
        if newsize > old {
            ptr::write_bytes(data(new).add(old as usize), 0, (newsize - old) as usize);
        }
        (*(new as *mut PyVarObject)).ob_size = newsize;
        (*(new as *mut PyBytesObject)).ob_shash = -1;
        // The NUL and the slack after it (realloc copies old bytes there).
        ptr::write_bytes(data(new).add(newsize as usize), 0, 1 + TERMINATOR_SLACK);
        *p = new;
    }
    0
}

/// `PyBytes_Concat(&op, w)`: replaces `*op` with `*op + w` (any bytes-like
/// `w`); `*op` becomes NULL on error or when `w` is NULL, and nothing
/// happens when `*op` is NULL. An unshared exact `bytes` grows in place.
///
/// Fails (`*op` NULL) with `TypeError("can't concat T to bytes")` or
/// `MemoryError`.
///
/// # Safety
/// `pv` must point to NULL or an owned reference; `w` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBytes_Concat(pv: *mut *mut PyObject, w: *mut PyObject) {
    if pv.is_null() {
        errors::PyErr_BadInternalCall();
        return;
    }
    // SAFETY: per the contract.
    unsafe {
        let v = *pv;
        if v.is_null() {
            return;
        }
        if w.is_null() {
            *pv = ptr::null_mut();
            Py_DecRef(v);
            return;
        }
        if Py_REFCNT(v) == 1 && type_of(v) == PyBytes_Type.get() {
            let mut wb = Py_buffer::zeroed();
            if PyObject_GetBuffer(w, &mut wb, PyBUF_SIMPLE) != 0 {
                let msg = format!(
                    "can't concat {} to {}",
                    type_name_n(w, 100),
                    type_name_n(v, 100)
                );
                errors::raise(Exc::TypeError, msg);
                *pv = ptr::null_mut();
                Py_DecRef(v);
                return;
            }
            let old = len(v);
            let ok = if old > Py_ssize_t::MAX - wb.len {
                errors::PyErr_NoMemory();
                false
            } else {
                _PyBytes_Resize(pv, old + wb.len) == 0
            };
            if ok {
                ptr::copy_nonoverlapping(
                    wb.buf.cast::<u8>(),
                    data(*pv).add(old as usize),
                    wb.len as usize,
                );
            } else {
                Py_DecRef(*pv);
                *pv = ptr::null_mut();
            }
            PyBuffer_Release(&mut wb);
            return;
        }
        let r = bytes_concat(v, w);
        *pv = r;
        Py_DecRef(v);
    }
}

/// `PyBytes_ConcatAndDel(&op, w)`: [`PyBytes_Concat`], then releases `w`.
///
/// # Safety
/// As [`PyBytes_Concat`]; `w` an owned reference or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBytes_ConcatAndDel(pv: *mut *mut PyObject, w: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe {
        PyBytes_Concat(pv, w);
        Py_DecRef(w);
    }
}

/// `PyBytes_FromObject(o)`: `bytes(o)`: `o` itself for an exact `bytes`, a
/// copy of any buffer, or the integers of a list, tuple or iterable.
///
/// Fails (NULL) with `TypeError("cannot convert 'T' object to bytes")` (a
/// `str`, or a non-iterable), `ValueError("bytes must be in range(0,
/// 256)")`, the integers' `TypeError`, or `SystemError` for NULL.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBytes_FromObject(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    unsafe {
        if type_of(o) == PyBytes_Type.get() {
            Py_IncRef(o);
            return o;
        }
        if PyObject_CheckBuffer(o) != 0 {
            return from_buffer(o);
        }
        match byte_values(o) {
            Ok(v) => bytes_from_slice(&v),
            Err(true) => ptr::null_mut(),
            Err(false) => {
                let name = type_name_200(o);
                errors::fail_null(
                    Exc::TypeError,
                    format!("cannot convert '{name}' object to bytes"),
                )
            }
        }
    }
}

/// A C-contiguous copy of any exporter's memory as a new `bytes`.
///
/// # Safety
/// `o` must be a live exporter.
pub(crate) unsafe fn from_buffer(o: *mut PyObject) -> *mut PyObject {
    let mut view = Py_buffer::zeroed();
    // SAFETY: live per the contract.
    if unsafe { PyObject_GetBuffer(o, &mut view, PyBUF_FULL_RO) } < 0 {
        return ptr::null_mut();
    }
    let new = from_size(view.len);
    // SAFETY: `new` has room for `view.len` bytes.
    if !new.is_null()
        && view.len > 0
        && unsafe {
            crate::buffer::PyBuffer_ToContiguous(data(new).cast(), &view, view.len, b'C' as c_char)
        } < 0
    {
        // SAFETY: our reference.
        unsafe { Py_DecRef(new) };
        // SAFETY: acquired above.
        unsafe { PyBuffer_Release(&mut view) };
        return ptr::null_mut();
    }
    // SAFETY: acquired above.
    unsafe { PyBuffer_Release(&mut view) };
    new
}

/// The integers (each in `0..256`) of a list, tuple or other iterable that
/// is not a `str`, as `bytes(iterable)` reads them. `Err(false)` when `o`
/// is a `str` or not iterable (no error set), `Err(true)` with an error.
///
/// # Safety
/// `o` must be a live object.
pub(crate) unsafe fn byte_values(o: *mut PyObject) -> Result<Vec<u8>, bool> {
    // SAFETY: live per the contract.
    unsafe {
        if abstract_::has_flag(type_of(o), Py_TPFLAGS_UNICODE_SUBCLASS) {
            return Err(false);
        }
        let it = abstract_::PyObject_GetIter(o);
        if it.is_null() {
            if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                errors::PyErr_Clear();
                return Err(false);
            }
            return Err(true);
        }
        let mut out = Vec::new();
        let result = loop {
            let item = abstract_::PyIter_Next(it);
            if item.is_null() {
                break if errors::PyErr_Occurred().is_null() {
                    Ok(())
                } else {
                    Err(true)
                };
            }
            let v = PyNumber_AsSsize_t(item, ptr::null_mut());
            Py_DecRef(item);
            if v == -1 && !errors::PyErr_Occurred().is_null() {
                break Err(true);
            }
            if !(0..256).contains(&v) {
                errors::raise(Exc::ValueError, "bytes must be in range(0, 256)");
                break Err(true);
            }
            out.push(v as u8);
        };
        Py_DecRef(it);
        result.map(|()| out)
    }
}

/// Python's repr of a byte string: `b'...'`, with `"` quotes when
/// `smartquotes` and the data hold `'` but no `"`; `\\`, the quote, `\t`,
/// `\n`, `\r` and every byte outside `0x20..0x7f` escaped.
pub(crate) fn repr_bytes(bytes: &[u8], smartquotes: bool) -> String {
    let quote = if smartquotes && bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &c in bytes {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c as char);
            }
            c if !(0x20..0x7f).contains(&c) => out.push_str(&format!("\\x{c:02x}")),
            c => out.push(c as char),
        }
    }
    out.push(quote as char);
    out
}

/// `PyBytes_Repr(op, smartquotes)`: `repr(op)` of a `bytes`; with
/// `smartquotes` 0 the quote is always `'`.
///
/// Fails (NULL) with `SystemError` when `op` is not a `bytes` (CPython
/// does not check), or `MemoryError`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBytes_Repr(op: *mut PyObject, smartquotes: c_int) -> *mut PyObject {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_bytes(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a shared bytes (immutable).
    unicode_from_str(&repr_bytes(unsafe { as_slice(op) }, smartquotes != 0))
}

// ==========================================================================
// Slots
// ==========================================================================

/// `bf_getbuffer`: a read-only view of the bytes.
unsafe extern "C" fn bytes_getbuffer(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: a live bytes; the view is the caller's.
    unsafe { PyBuffer_FillInfo(view, op, data(op).cast(), len(op), 1, flags) }
}

unsafe extern "C" fn bytes_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytes.
    unsafe { PyBytes_Repr(op, 1) }
}

/// `hash(bytes)`, cached in `ob_shash`.
unsafe extern "C" fn bytes_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live bytes; the cache is read and written atomically, so
    // threads computing it at once agree.
    unsafe {
        let cache = AtomicIsize::from_ptr(&raw mut (*(op as *mut PyBytesObject)).ob_shash);
        let h = cache.load(Ordering::Relaxed);
        if h != -1 {
            return h;
        }
        let h = pyhash::hash_bytes(as_slice(op));
        cache.store(h, Ordering::Relaxed);
        h
    }
}

/// `tp_richcompare`: by bytes, for two `bytes`; `NotImplemented`
/// otherwise.
unsafe extern "C" fn bytes_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects.
    if !unsafe { is_bytes(a) } || !unsafe { is_bytes(b) } {
        return not_implemented();
    }
    // SAFETY: two shared bytes.
    let (x, y) = unsafe { (as_slice(a), as_slice(b)) };
    bool_from_bool(compare_op(x.cmp(y), op))
}

unsafe extern "C" fn bytes_length(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live bytes.
    unsafe { len(op) }
}

/// `sq_concat`: `a + b` for any two bytes-like objects, as a `bytes`;
/// `TypeError("can't concat B to A")`.
unsafe extern "C" fn bytes_concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    let mut va = Py_buffer::zeroed();
    let mut vb = Py_buffer::zeroed();
    // SAFETY: live objects; every view acquired is released.
    unsafe {
        let got_a = PyObject_GetBuffer(a, &mut va, PyBUF_SIMPLE) == 0;
        let got_b = got_a && PyObject_GetBuffer(b, &mut vb, PyBUF_SIMPLE) == 0;
        let result = if !got_b {
            let msg = format!(
                "can't concat {} to {}",
                type_name_n(b, 100),
                type_name_n(a, 100)
            );
            errors::fail_null(Exc::TypeError, msg)
        } else if va.len == 0 && type_of(b) == PyBytes_Type.get() {
            Py_IncRef(b);
            b
        } else if vb.len == 0 && type_of(a) == PyBytes_Type.get() {
            Py_IncRef(a);
            a
        } else if va.len > Py_ssize_t::MAX - vb.len {
            errors::PyErr_NoMemory()
        } else {
            let r = from_size(va.len + vb.len);
            if !r.is_null() {
                ptr::copy_nonoverlapping(va.buf.cast::<u8>(), data(r), va.len as usize);
                ptr::copy_nonoverlapping(
                    vb.buf.cast::<u8>(),
                    data(r).add(va.len as usize),
                    vb.len as usize,
                );
            }
            r
        };
        if got_a {
            PyBuffer_Release(&mut va);
        }
        if got_b {
            PyBuffer_Release(&mut vb);
        }
        result
    }
}

/// `sq_repeat`: `a * n`; `OverflowError("repeated bytes are too long")`.
unsafe extern "C" fn bytes_repeat(a: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live bytes.
    let size = unsafe { len(a) };
    let n = n.max(0);
    let Some(total) = size.checked_mul(n) else {
        return errors::fail_null(Exc::OverflowError, "repeated bytes are too long");
    };
    // SAFETY: live.
    if total == size && unsafe { type_of(a) } == PyBytes_Type.get() {
        // SAFETY: live.
        unsafe { Py_IncRef(a) };
        return a;
    }
    // A fresh object even when empty (`b'ab' * 0 is not b''`), as
    // CPython 3.11's bytes_repeat allocates one.
    let r = alloc_bytes(total);
    if !r.is_null() && size > 0 {
        for k in 0..n as usize {
            // SAFETY: in bounds of both.
            unsafe {
                ptr::copy_nonoverlapping(data(a), data(r).add(k * size as usize), size as usize)
            };
        }
    }
    r
}

/// `sq_item`: the byte at `i` as an `int`; `IndexError("index out of
/// range")`.
unsafe extern "C" fn bytes_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live bytes.
    if i < 0 || i >= unsafe { len(op) } {
        return errors::fail_null(Exc::IndexError, "index out of range");
    }
    // SAFETY: in bounds.
    long_from_i64(unsafe { *data(op).add(i as usize) } as i64)
}

/// CPython's `_Py_bytes_contains`: an integer in `0..256` is looked for as
/// a byte, anything else as a bytes-like substring, in the bytes `hay`
/// gives for `op`. `hay` is asked only after `arg` is converted: its
/// `__index__` (or buffer export) may resize a bytearray `op`, so a
/// pointer taken before would dangle.
///
/// # Safety
/// `op` and `arg` must be live; `hay(op)` must give a pointer readable for
/// its length, unchanged until the call returns (nothing runs after).
pub(crate) unsafe fn contains_in(
    op: *mut PyObject,
    hay: unsafe fn(*mut PyObject) -> (*const u8, usize),
    arg: *mut PyObject,
) -> c_int {
    // SAFETY: live per the contract.
    let ival = unsafe { PyNumber_AsSsize_t(arg, ptr::null_mut()) };
    if ival == -1 && !errors::PyErr_Occurred().is_null() {
        errors::PyErr_Clear();
        let mut v = Py_buffer::zeroed();
        // SAFETY: live.
        if unsafe { PyObject_GetBuffer(arg, &mut v, PyBUF_SIMPLE) } != 0 {
            return -1;
        }
        // SAFETY: both readable for their lengths while the view lives.
        let found = unsafe {
            let (p, n) = hay(op);
            let h = std::slice::from_raw_parts(p, n);
            let needle = std::slice::from_raw_parts(v.buf.cast::<u8>(), v.len as usize);
            needle.is_empty() || h.windows(needle.len()).any(|w| w == needle)
        };
        // SAFETY: acquired above.
        unsafe { PyBuffer_Release(&mut v) };
        return found as c_int;
    }
    if !(0..256).contains(&ival) {
        return errors::fail(Exc::ValueError, "byte must be in range(0, 256)");
    }
    // SAFETY: readable per the contract.
    unsafe {
        let (p, n) = hay(op);
        std::slice::from_raw_parts(p, n).contains(&(ival as u8)) as c_int
    }
}

/// The bytes of the live bytes object `op` and their count.
///
/// # Safety
/// `op` must be a live bytes object.
unsafe fn bytes_hay(op: *mut PyObject) -> (*const u8, usize) {
    // SAFETY: per the contract.
    unsafe { (data(op).cast_const(), len(op) as usize) }
}

unsafe extern "C" fn bytes_contains(op: *mut PyObject, arg: *mut PyObject) -> c_int {
    // SAFETY: a live bytes, immutable.
    unsafe { contains_in(op, bytes_hay, arg) }
}

/// `mp_subscript`: `b[i]` for any integer-like `i` as an `int`;
/// `TypeError("byte indices must be integers or slices, not T")`.
unsafe extern "C" fn bytes_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if let Some(sel) = crate::objects::sliceobject::selection(key, len(op)) {
            let Some((start, step, count)) = sel else {
                return ptr::null_mut();
            };
            // All of an exact bytes is the bytes itself, as in CPython.
            if start == 0 && step == 1 && count == len(op) && type_of(op) == PyBytes_Type.get() {
                Py_IncRef(op);
                return op;
            }
            let picked: Vec<u8> = (0..count)
                .map(|k| *data(op).offset(start + k * step))
                .collect();
            return PyBytes_FromStringAndSize(picked.as_ptr().cast(), count);
        }
        let Some(mut i) =
            abstract_::subscript_index(key, "byte indices must be integers or slices, not {}")
        else {
            return ptr::null_mut();
        };
        if i < 0 {
            i += len(op);
        }
        bytes_item(op, i)
    }
}

// ==========================================================================
// Iterator
// ==========================================================================

/// `PyBytesIter_Type`: `bytes_iterator`.
#[unsafe(no_mangle)]
pub static PyBytesIter_Type: StaticObject<PyTypeObject> = StaticObject::new(index_iter_type(
    c"bytes_iterator",
    bytes_iter_next,
    BYTES_ITER_METHODS.get(),
));

crate::objects::iterobject::index_seq!(
    /// The bytes iterator's view of its bytes; exhausted, it reduces to
    /// `iter(())`, as CPython's do.
    BytesSeq,
    BYTES_ITER_METHODS,
    |seq| len(seq),
    crate::objects::tupleobject::empty_tuple()
);

/// `tp_iter`: a new iterator over the bytes.
unsafe extern "C" fn bytes_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: our iterator type; the bytes is live.
    unsafe { index_iter_new(PyBytesIter_Type.get(), op) }
}

/// `tp_iternext`: the next item, or NULL without an error at the end (the
/// bytes is released then).
unsafe extern "C" fn bytes_iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a bytes_iterator over a live bytes; the index is in range.
    unsafe {
        index_iter_next::<BytesSeq>(
            op,
            |seq, i| long_from_i64(*data(seq).add(i as usize) as i64),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_cpython() {
        assert_eq!(size_of::<PyBytesObject>(), 40);
        assert_eq!(offset_of!(PyBytesObject, ob_shash), 24);
        assert_eq!(offset_of!(PyBytesObject, ob_sval), 32);
        // SAFETY: reading a static type.
        unsafe {
            assert_eq!((*PyBytes_Type.get()).tp_basicsize, 33);
            assert_eq!((*PyBytes_Type.get()).tp_itemsize, 1);
        }
    }

    #[test]
    fn reprs_match_python() {
        assert_eq!(repr_bytes(b"a'b", true), "b\"a'b\"");
        assert_eq!(repr_bytes(b"a'b\"", true), "b'a\\'b\"'");
        assert_eq!(repr_bytes(b"a'b", false), "b'a\\'b'");
        assert_eq!(
            repr_bytes(b"\x00\t\x7f\xff\\", true),
            "b'\\x00\\t\\x7f\\xff\\\\'"
        );
    }
}
