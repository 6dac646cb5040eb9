//! `bytearray` (CPython's `Objects/bytearrayobject.c`), with CPython 3.11's
//! layout, so `PyByteArray_AS_STRING` and `PyByteArray_GET_SIZE` read the
//! fields in C.
//!
//! * The bytes live in a separate allocation (`ob_bytes`, from
//!   `PyObject_Malloc`, NUL-terminated) starting at `ob_start`; an empty
//!   `bytearray` has none, and `PyByteArray_AS_STRING` then gives
//!   `_PyByteArray_empty_string`.
//! * It exports a writable buffer and counts the exports in `ob_exports`:
//!   while any is alive, every operation that would move or resize the
//!   bytes raises `BufferError("Existing exports of data: object cannot be
//!   re-sized")`, as in CPython.
//! * Growth over-allocates as CPython's `PyByteArray_Resize` does.

#![allow(non_upper_case_globals)]

use std::ffi::{c_char, c_int};
use std::mem::size_of;
use std::ptr;

use crate::buffer::{
    PyBuffer_FillInfo, PyBuffer_Release, PyObject_CheckBuffer, PyObject_GetBuffer,
};
use crate::ffi::*;
use crate::objects::r#abstract::{
    self as abstract_, PyIndex_Check, PyNumber_AsSsize_t, type_name_200, type_name_n,
};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::bytesobject::{contains_in, repr_bytes};
use crate::objects::exceptions::Exc;
use crate::objects::iterobject::{index_iter_new, index_iter_next, index_iter_type};
use crate::objects::longobject::{PyLong_AsLongAndOverflow, long_from_i64};
use crate::objects::object::{Py_DecRef, Py_IncRef, not_implemented, type_of};
use crate::objects::obmalloc::{PyObject_Free, PyObject_Malloc, PyObject_Realloc};
use crate::objects::sliceobject::FittedSlice;
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::{compare_op, unicode_from_str};
use crate::python::errors;

/// `_PyByteArray_empty_string`: what `PyByteArray_AS_STRING` gives for an
/// empty `bytearray` (a NUL).
#[unsafe(no_mangle)]
pub static _PyByteArray_empty_string: StaticObject<[c_char; 1]> = StaticObject::new([0]);

// ==========================================================================
// The type
// ==========================================================================

static BYTEARRAY_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(bytearray_length),
    sq_concat: Some(PyByteArray_Concat),
    sq_repeat: Some(bytearray_repeat),
    sq_item: Some(bytearray_item),
    sq_ass_item: Some(bytearray_ass_item),
    sq_contains: Some(bytearray_contains),
    sq_inplace_concat: Some(bytearray_iconcat),
    sq_inplace_repeat: Some(bytearray_irepeat),
    ..PySequenceMethods::empty()
};

static BYTEARRAY_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(bytearray_length),
    mp_subscript: Some(bytearray_subscript),
    mp_ass_subscript: Some(bytearray_ass_subscript),
};

static BYTEARRAY_AS_BUFFER: PyBufferProcs = PyBufferProcs {
    bf_getbuffer: Some(bytearray_getbuffer),
    bf_releasebuffer: Some(bytearray_releasebuffer),
};

/// `PyByteArray_Type`: `bytearray`.
#[unsafe(no_mangle)]
pub static PyByteArray_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"bytearray",
        size_of::<PyByteArrayObject>(),
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_SEQUENCE,
        bytearray_dealloc,
    );
    ty.tp_repr = Some(bytearray_repr);
    ty.tp_str = Some(bytearray_repr);
    ty.tp_hash = Some(crate::objects::object::PyObject_HashNotImplemented);
    ty.tp_richcompare = Some(bytearray_richcompare);
    ty.tp_iter = Some(bytearray_iter);
    ty.tp_as_sequence = &raw const BYTEARRAY_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const BYTEARRAY_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_as_buffer = &raw const BYTEARRAY_AS_BUFFER as *mut PyBufferProcs;
    ty.tp_new = Some(bytearray_new);
    ty.tp_init = Some(_Pyb_bytearray_init);
    ty.tp_as_number = &raw const BYTEARRAY_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_methods = crate::objects::bytes_methods::BYTEARRAY_METHODS
        .get()
        .cast();
    ty
});

/// `bytearray % args` (the formatting engine is unicodeformat.rs's).
static BYTEARRAY_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_remainder: Some(bytearray_mod),
    ..PyNumberMethods::empty()
};

/// `nb_remainder`: `format % args` as a new `bytearray` when the left
/// operand is one, else `NotImplemented` (CPython's `bytearray_mod`).
unsafe extern "C" fn bytearray_mod(v: *mut PyObject, w: *mut PyObject) -> *mut PyObject {
    // SAFETY: live operands (the slot's contract).
    unsafe {
        // A copy: formatting runs code that may resize `v`.
        let Some(format) = bytearray_to_vec(v) else {
            return crate::objects::object::not_implemented();
        };
        crate::objects::unicodeformat::bytes_format(&format, w, true)
    }
}

unsafe extern "C" {
    /// `bytearray.__init__(source=b'', encoding=..., errors=...)`
    /// (bytearrayobject.c).
    fn _Pyb_bytearray_init(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject) -> c_int;
}

/// `tp_new` (CPython's `PyType_GenericNew` for bytearrays): an empty
/// `bytearray` of type `ty`, from the type's allocator, which zeroes it.
unsafe extern "C" fn bytearray_new(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    if ty == PyByteArray_Type.get() {
        return new_empty();
    }
    // SAFETY: a subtype of bytearray, whose instances start with a
    // PyByteArrayObject; all-zero fields are an empty bytearray.
    unsafe {
        let alloc = (*ty)
            .tp_alloc
            .unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
        alloc(ty, 0)
    }
}

/// `bytearray(x)` for one argument that is not a `str`, into the empty
/// `op` (called by `bytearray.__init__` in bytearrayobject.c): a count of
/// zero bytes, a buffer's bytes, or an iterable's ints.
///
/// # Safety
/// `op` must be a live, empty `bytearray`; `arg` a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_bytearray_fill(op: *mut PyObject, arg: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { init_from(op, arg) }
}

fn fields(op: *mut PyObject) -> *mut PyByteArrayObject {
    op as *mut PyByteArrayObject
}

/// True when `op` is a `bytearray` or an instance of a subclass.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_bytearray(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe {
        let ty = type_of(op);
        ty == PyByteArray_Type.get()
            || crate::objects::typeobject::PyType_IsSubtype(ty, PyByteArray_Type.get()) != 0
    }
}

/// The number of bytes.
///
/// # Safety
/// `op` must be a live `bytearray`.
unsafe fn len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live bytearray.
    unsafe { (*fields(op)).ob_base.ob_size }
}

/// The first byte (`PyByteArray_AS_STRING`).
///
/// # Safety
/// `op` must be a live `bytearray`.
unsafe fn start(op: *mut PyObject) -> *mut u8 {
    // SAFETY: a live bytearray.
    unsafe {
        if len(op) == 0 {
            _PyByteArray_empty_string.get().cast()
        } else {
            (*fields(op)).ob_start.cast()
        }
    }
}

/// The data pointer and length of a `bytearray` (or subclass), or None for
/// any other object. The pointer is valid until the object is resized.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn bytearray_data(op: *mut PyObject) -> Option<(*mut u8, usize)> {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_bytearray(op) } {
        return None;
    }
    // SAFETY: a bytearray.
    Some(unsafe { (start(op), len(op) as usize) })
}

/// A copy of the bytes of a `bytearray` (or subclass), or None for any
/// other object. Copied through raw pointers: C code may hold the bytes.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn bytearray_to_vec(op: *mut PyObject) -> Option<Vec<u8>> {
    // SAFETY: forwarded contract.
    let (p, n) = unsafe { bytearray_data(op) }?;
    let mut copy = vec![0u8; n];
    // SAFETY: `n` readable bytes at `p` (the bytearray's own).
    unsafe { ptr::copy_nonoverlapping(p, copy.as_mut_ptr(), n) };
    Some(copy)
}

/// CPython's `_canresize`: false (with `BufferError`) while buffers are
/// exported.
///
/// # Safety
/// `op` must be a live `bytearray`.
unsafe fn can_resize(op: *mut PyObject) -> bool {
    // SAFETY: a live bytearray.
    if unsafe { (*fields(op)).ob_exports } > 0 {
        errors::raise(
            Exc::BufferError,
            "Existing exports of data: object cannot be re-sized",
        );
        return false;
    }
    true
}

/// A new, empty `bytearray`; NULL with `MemoryError`.
fn new_empty() -> *mut PyObject {
    let op = crate::objects::object::alloc(PyByteArray_Type.get(), size_of::<PyByteArrayObject>());
    if !op.is_null() {
        let b = fields(op);
        // SAFETY: a fresh PyByteArrayObject.
        unsafe {
            (*b).ob_base.ob_size = 0;
            (*b).ob_alloc = 0;
            (*b).ob_bytes = ptr::null_mut();
            (*b).ob_start = ptr::null_mut();
            (*b).ob_exports = 0;
        }
    }
    op
}

/// A new `bytearray` holding a copy of `bytes`; NULL with `MemoryError`.
pub fn bytearray_from_slice(bytes: &[u8]) -> *mut PyObject {
    // SAFETY: readable for its length.
    unsafe { PyByteArray_FromStringAndSize(bytes.as_ptr().cast(), bytes.len() as Py_ssize_t) }
}

unsafe extern "C" fn bytearray_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced bytearray; views hold references, so no
    // export is alive.
    unsafe {
        PyObject_Free((*fields(op)).ob_bytes.cast());
        PyObject_Free(op.cast());
    }
}

// ==========================================================================
// C API
// ==========================================================================

/// `PyByteArray_FromStringAndSize(v, len)`: a new `bytearray` of `len`
/// bytes copied from `v`, or zeroed when `v` is NULL.
///
/// Fails (NULL) with `SystemError("Negative size passed to
/// PyByteArray_FromStringAndSize")` or `MemoryError`.
///
/// # Safety
/// `v` must be NULL or readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyByteArray_FromStringAndSize(
    v: *const c_char,
    len: Py_ssize_t,
) -> *mut PyObject {
    if len < 0 {
        return errors::fail_null(
            Exc::SystemError,
            "Negative size passed to PyByteArray_FromStringAndSize",
        );
    }
    if len == Py_ssize_t::MAX {
        return errors::PyErr_NoMemory();
    }
    let op = new_empty();
    if op.is_null() || len == 0 {
        return op;
    }
    let alloc = len as usize + 1;
    let bytes = PyObject_Malloc(alloc) as *mut u8;
    if bytes.is_null() {
        // SAFETY: our new reference.
        unsafe { Py_DecRef(op) };
        return errors::PyErr_NoMemory();
    }
    // SAFETY: `alloc` fresh bytes; `v` readable per the contract.
    unsafe {
        if v.is_null() {
            ptr::write_bytes(bytes, 0, len as usize);
        } else {
            ptr::copy_nonoverlapping(v.cast::<u8>(), bytes, len as usize);
        }
        *bytes.add(len as usize) = 0;
        let b = fields(op);
        (*b).ob_bytes = bytes.cast();
        (*b).ob_start = bytes.cast();
        (*b).ob_alloc = alloc as Py_ssize_t;
        (*b).ob_base.ob_size = len;
    }
    op
}

/// `PyByteArray_FromObject(o)`: `bytearray(o)`: the bytes of any buffer,
/// `n` zero bytes for an integer `n`, or the integers of an iterable.
///
/// Fails (NULL) with `TypeError("string argument without an encoding")`,
/// `TypeError("cannot convert 'T' object to bytearray")`,
/// `ValueError("negative count")`, `ValueError("byte must be in range(0,
/// 256)")`, or the iteration's error.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyByteArray_FromObject(o: *mut PyObject) -> *mut PyObject {
    if o.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let op = new_empty();
    // SAFETY: a new bytearray and a live argument.
    if !op.is_null() && unsafe { init_from(op, o) } < 0 {
        // SAFETY: our reference.
        unsafe { Py_DecRef(op) };
        return ptr::null_mut();
    }
    op
}

/// CPython's `_getbytevalue`: `arg` (through `__index__`) as a byte value.
///
/// # Safety
/// `arg` must be a live object.
unsafe fn byte_value(arg: *mut PyObject) -> Option<u8> {
    let mut overflow = 0;
    // SAFETY: live per the contract.
    let v = unsafe { PyLong_AsLongAndOverflow(arg, &mut overflow) };
    if v == -1 && !errors::PyErr_Occurred().is_null() {
        return None;
    }
    if !(0..256).contains(&v) {
        errors::raise(Exc::ValueError, "byte must be in range(0, 256)");
        return None;
    }
    Some(v as u8)
}

/// `bytearray.__init__(self, arg)` for one argument.
///
/// # Safety
/// `op` must be a live, empty `bytearray`; `arg` a live object.
unsafe fn init_from(op: *mut PyObject, arg: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    unsafe {
        if abstract_::has_flag(type_of(arg), Py_TPFLAGS_UNICODE_SUBCLASS) {
            return errors::fail(Exc::TypeError, "string argument without an encoding");
        }
        if PyIndex_Check(arg) != 0 {
            let count = PyNumber_AsSsize_t(arg, Exc::OverflowError.type_object());
            if count == -1 && !errors::PyErr_Occurred().is_null() {
                if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) == 0 {
                    return -1;
                }
                errors::PyErr_Clear();
            } else {
                if count < 0 {
                    return errors::fail(Exc::ValueError, "negative count");
                }
                if count > 0 {
                    if PyByteArray_Resize(op, count) < 0 {
                        return -1;
                    }
                    ptr::write_bytes(start(op), 0, count as usize);
                }
                return 0;
            }
        }
        if PyObject_CheckBuffer(arg) != 0 {
            let mut view = Py_buffer::zeroed();
            if PyObject_GetBuffer(arg, &mut view, PyBUF_FULL_RO) < 0 {
                return -1;
            }
            let mut r = PyByteArray_Resize(op, view.len);
            if r == 0 && view.len > 0 {
                r = crate::buffer::PyBuffer_ToContiguous(
                    start(op).cast(),
                    &view,
                    view.len,
                    b'C' as c_char,
                );
            }
            PyBuffer_Release(&mut view);
            return r;
        }
        let it = abstract_::PyObject_GetIter(arg);
        if it.is_null() {
            if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                let name = type_name_200(arg);
                errors::raise(
                    Exc::TypeError,
                    format!("cannot convert '{name}' object to bytearray"),
                );
            }
            return -1;
        }
        let mut status = 0;
        loop {
            let item = abstract_::PyIter_Next(it);
            if item.is_null() {
                if !errors::PyErr_Occurred().is_null() {
                    status = -1;
                }
                break;
            }
            let v = byte_value(item);
            Py_DecRef(item);
            let Some(v) = v else {
                status = -1;
                break;
            };
            let n = len(op);
            if PyByteArray_Resize(op, n + 1) < 0 {
                status = -1;
                break;
            }
            *start(op).add(n as usize) = v;
        }
        Py_DecRef(it);
        status
    }
}

/// `PyByteArray_Concat(a, b)`: a new `bytearray` holding `a + b` for any
/// two bytes-like objects.
///
/// Fails (NULL) with `TypeError("can't concat B to A")` or `MemoryError`.
///
/// # Safety
/// `a` and `b` must be live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyByteArray_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    if a.is_null() || b.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
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
        } else if va.len > Py_ssize_t::MAX - vb.len {
            errors::PyErr_NoMemory()
        } else {
            let r = PyByteArray_FromStringAndSize(ptr::null(), va.len + vb.len);
            if !r.is_null() && va.len + vb.len > 0 {
                ptr::copy_nonoverlapping(va.buf.cast::<u8>(), start(r), va.len as usize);
                ptr::copy_nonoverlapping(
                    vb.buf.cast::<u8>(),
                    start(r).add(va.len as usize),
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

/// `PyByteArray_Size(op)`: the number of bytes.
///
/// Stricter than CPython (which only asserts): fails (-1) with
/// `SystemError` when `op` is not a `bytearray`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyByteArray_Size(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_bytearray(op) } {
        return errors::bad_internal_call() as Py_ssize_t;
    }
    // SAFETY: a bytearray.
    unsafe { len(op) }
}

/// `PyByteArray_AsString(op)`: the (NUL-terminated) bytes, valid until the
/// object is resized.
///
/// Stricter than CPython (which only asserts): fails (NULL) with
/// `SystemError` when `op` is not a `bytearray`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyByteArray_AsString(op: *mut PyObject) -> *mut c_char {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_bytearray(op) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a bytearray.
    unsafe { start(op).cast() }
}

/// `PyByteArray_Resize(op, size)`: sets the length to `size`, keeping the
/// leading bytes (new bytes are unspecified, zero here), with CPython's
/// over-allocation.
///
/// Fails (-1) with `BufferError("Existing exports of data: object cannot
/// be re-sized")` while buffers are exported, or `MemoryError`. Stricter
/// than CPython (which only asserts): `SystemError` when `op` is not a
/// `bytearray` or `size` is negative.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyByteArray_Resize(op: *mut PyObject, size: Py_ssize_t) -> c_int {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_bytearray(op) } || size < 0 {
        return errors::bad_internal_call();
    }
    let b = fields(op);
    // SAFETY: a live bytearray; its allocation is owned by it.
    unsafe {
        let old = len(op);
        if size == old {
            return 0;
        }
        if !can_resize(op) {
            return -1;
        }
        let mut alloc = (*b).ob_alloc as usize;
        let offset = (*b).ob_start.offset_from((*b).ob_bytes).max(0) as usize;
        let want = size as usize;
        if want + offset < alloc {
            if want < alloc / 2 {
                alloc = want + 1;
            } else {
                (*b).ob_base.ob_size = size;
                *(*b).ob_start.add(want) = 0;
                return 0;
            }
        } else if (want as f64) <= (alloc as f64) * 1.125 {
            alloc = want + (want >> 3) + if want < 9 { 3 } else { 6 };
        } else {
            alloc = want + 1;
        }
        if alloc > isize::MAX as usize {
            errors::PyErr_NoMemory();
            return -1;
        }
        let bytes = if offset > 0 {
            let fresh = PyObject_Malloc(alloc) as *mut u8;
            if fresh.is_null() {
                errors::PyErr_NoMemory();
                return -1;
            }
            ptr::copy_nonoverlapping((*b).ob_start.cast::<u8>(), fresh, want.min(old as usize));
            PyObject_Free((*b).ob_bytes.cast());
            fresh
        } else {
            let grown = PyObject_Realloc((*b).ob_bytes.cast(), alloc) as *mut u8;
            if grown.is_null() {
                errors::PyErr_NoMemory();
                return -1;
            }
            grown
        };
        if want > old as usize {
            ptr::write_bytes(bytes.add(old as usize), 0, want - old as usize);
        }
        *bytes.add(want) = 0;
        (*b).ob_bytes = bytes.cast();
        (*b).ob_start = bytes.cast();
        (*b).ob_alloc = alloc as Py_ssize_t;
        (*b).ob_base.ob_size = size;
    }
    0
}

/// Replaces bytes `lo..hi` with `n` bytes from `src` (NULL to delete),
/// resizing as needed (CPython's `bytearray_setslice_linear`: removing a
/// prefix advances `ob_start` instead of moving the rest).
///
/// Fails (-1) with `BufferError` when it would resize while buffers are
/// exported, or `MemoryError`; the bytes are then unchanged.
///
/// # Safety
/// `op` must be a live `bytearray`, `0 <= lo <= hi <= len`; `src` readable
/// for `n` bytes and not inside the bytearray.
unsafe fn set_range(
    op: *mut PyObject,
    lo: Py_ssize_t,
    hi: Py_ssize_t,
    src: *const u8,
    n: Py_ssize_t,
) -> c_int {
    // SAFETY: per the contract; every move stays within the bytes the
    // bytearray holds before or after the resize.
    unsafe {
        let size = len(op);
        let growth = n - (hi - lo);
        if growth < 0 {
            if !can_resize(op) {
                return -1;
            }
            let b = fields(op);
            if lo == 0 {
                (*b).ob_start = (*b).ob_start.offset(-growth);
            } else {
                let s = start(op);
                ptr::copy(
                    s.add(hi as usize),
                    s.add((lo + n) as usize),
                    (size - hi) as usize,
                );
            }
            if PyByteArray_Resize(op, size + growth) < 0 {
                if lo == 0 {
                    (*b).ob_start = (*b).ob_start.offset(growth);
                } else {
                    // The bytes are already moved; keep them (as CPython).
                    (*b).ob_base.ob_size = size + growth;
                }
                return -1;
            }
        } else if growth > 0 {
            if size > Py_ssize_t::MAX - growth {
                errors::PyErr_NoMemory();
                return -1;
            }
            if PyByteArray_Resize(op, size + growth) < 0 {
                return -1;
            }
            let s = start(op);
            ptr::copy(
                s.add(hi as usize),
                s.add((lo + n) as usize),
                (size - hi) as usize,
            );
        }
        if n > 0 {
            ptr::copy_nonoverlapping(src, start(op).add(lo as usize), n as usize);
        }
    }
    0
}

/// `del b[a:b:c]` for a step other than 1: the kept bytes close up, then
/// the bytearray shrinks. Refused (`BufferError`) while buffers are
/// exported, even when nothing is selected, as in CPython.
///
/// # Safety
/// `op` must be a live `bytearray` and `sel` fitted to its length.
unsafe fn del_extended(op: *mut PyObject, sel: FittedSlice) -> c_int {
    // SAFETY: a live bytearray.
    if !unsafe { can_resize(op) } {
        return -1;
    }
    if sel.count <= 0 {
        return 0;
    }
    let (first, step) = if sel.step < 0 {
        (sel.start + sel.step * (sel.count - 1), -sel.step)
    } else {
        (sel.start, sel.step)
    };
    // SAFETY: every index read or written is below the length `n`.
    unsafe {
        let s = start(op);
        let n = len(op);
        let mut write = first;
        let mut taken = 0;
        for read in first..n {
            if taken < sel.count && read == first + taken * step {
                taken += 1;
            } else {
                *s.add(write as usize) = *s.add(read as usize);
                write += 1;
            }
        }
        PyByteArray_Resize(op, n - sel.count)
    }
}

// ==========================================================================
// Slots
// ==========================================================================

/// `bf_getbuffer`: a writable view of the bytes; counts the export.
unsafe extern "C" fn bytearray_getbuffer(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    if view.is_null() {
        return errors::fail(
            Exc::BufferError,
            "bytearray_getbuffer: view==NULL argument is obsolete",
        );
    }
    // SAFETY: a live bytearray; the view is the caller's.
    unsafe {
        let r = PyBuffer_FillInfo(view, op, start(op).cast(), len(op), 0, flags);
        if r == 0 {
            (*fields(op)).ob_exports += 1;
        }
        r
    }
}

/// `bf_releasebuffer`: ends an export.
unsafe extern "C" fn bytearray_releasebuffer(op: *mut PyObject, _view: *mut Py_buffer) {
    // SAFETY: a live bytearray with an export.
    unsafe { (*fields(op)).ob_exports -= 1 };
}

/// `repr(bytearray)`: `bytearray(b'...')` (the type's own name for a
/// subclass); a `'` is always escaped, and the quotes are `"` when the data
/// hold `'` but no `"`.
unsafe extern "C" fn bytearray_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live bytearray, unchanged while printed.
    let (bytes, name) = unsafe {
        let name = crate::objects::object::type_name_of(op);
        let short = name.rsplit('.').next().unwrap_or(&name).to_owned();
        (
            std::slice::from_raw_parts(start(op), len(op) as usize),
            short,
        )
    };
    let mut body = repr_bytes(bytes, true);
    if body.starts_with("b\"") {
        // CPython's bytearray repr escapes ' even inside "...".
        let inner = &body[2..body.len() - 1];
        body = format!("b\"{}\"", inner.replace('\'', "\\'"));
    }
    unicode_from_str(&format!("{name}({body})"))
}

/// `tp_richcompare`: against any bytes-like object, by bytes;
/// `NotImplemented` when either exports no buffer.
unsafe extern "C" fn bytearray_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects; the views are released.
    unsafe {
        if PyObject_CheckBuffer(a) == 0 || PyObject_CheckBuffer(b) == 0 {
            return not_implemented();
        }
        let mut va = Py_buffer::zeroed();
        if PyObject_GetBuffer(a, &mut va, PyBUF_SIMPLE) != 0 {
            errors::PyErr_Clear();
            return not_implemented();
        }
        let mut vb = Py_buffer::zeroed();
        if PyObject_GetBuffer(b, &mut vb, PyBUF_SIMPLE) != 0 {
            errors::PyErr_Clear();
            PyBuffer_Release(&mut va);
            return not_implemented();
        }
        let r = if va.len != vb.len && (op == Py_EQ || op == Py_NE) {
            op == Py_NE
        } else {
            let x = std::slice::from_raw_parts(va.buf.cast::<u8>(), va.len as usize);
            let y = std::slice::from_raw_parts(vb.buf.cast::<u8>(), vb.len as usize);
            compare_op(x.cmp(y), op)
        };
        PyBuffer_Release(&mut va);
        PyBuffer_Release(&mut vb);
        bool_from_bool(r)
    }
}

unsafe extern "C" fn bytearray_length(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live bytearray.
    unsafe { len(op) }
}

/// `sq_repeat`: a new `bytearray` of `a * n`.
unsafe extern "C" fn bytearray_repeat(a: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live bytearray.
    let size = unsafe { len(a) };
    let n = n.max(0);
    let Some(total) = size.checked_mul(n) else {
        return errors::PyErr_NoMemory();
    };
    // SAFETY: a new bytearray of `total` bytes.
    let r = unsafe { PyByteArray_FromStringAndSize(ptr::null(), total) };
    if !r.is_null() {
        for k in 0..n as usize {
            // SAFETY: in bounds of both.
            unsafe {
                ptr::copy_nonoverlapping(start(a), start(r).add(k * size as usize), size as usize)
            };
        }
    }
    r
}

/// `sq_inplace_repeat`: `a *= n`.
unsafe extern "C" fn bytearray_irepeat(a: *mut PyObject, n: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live bytearray.
    unsafe {
        let size = len(a);
        let n = n.max(0);
        let Some(total) = size.checked_mul(n) else {
            return errors::PyErr_NoMemory();
        };
        if PyByteArray_Resize(a, total) < 0 {
            return ptr::null_mut();
        }
        for k in 1..n as usize {
            ptr::copy_nonoverlapping(start(a), start(a).add(k * size as usize), size as usize);
        }
        Py_IncRef(a);
        a
    }
}

/// `sq_inplace_concat`: `a += b` for any bytes-like `b`.
unsafe extern "C" fn bytearray_iconcat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    let mut vb = Py_buffer::zeroed();
    // SAFETY: live objects; the view is released.
    unsafe {
        if PyObject_GetBuffer(b, &mut vb, PyBUF_SIMPLE) != 0 {
            let msg = format!(
                "can't concat {} to {}",
                type_name_n(b, 100),
                type_name_n(a, 100)
            );
            return errors::fail_null(Exc::TypeError, msg);
        }
        let size = len(a);
        if size > Py_ssize_t::MAX - vb.len {
            PyBuffer_Release(&mut vb);
            return errors::PyErr_NoMemory();
        }
        // The view is held across the resize, as CPython holds it: so
        // `a += a` (or a view of `a`) with anything to add is refused by
        // the resize ("Existing exports"), exactly as there, and the
        // source stays put while it is copied.
        if PyByteArray_Resize(a, size + vb.len) < 0 {
            PyBuffer_Release(&mut vb);
            return ptr::null_mut();
        }
        if vb.len > 0 {
            ptr::copy_nonoverlapping(
                vb.buf.cast::<u8>(),
                start(a).add(size as usize),
                vb.len as usize,
            );
        }
        PyBuffer_Release(&mut vb);
        Py_IncRef(a);
        a
    }
}

/// `sq_item`: the byte at `i` as an `int`; `IndexError("bytearray index
/// out of range")`.
unsafe extern "C" fn bytearray_item(op: *mut PyObject, i: Py_ssize_t) -> *mut PyObject {
    // SAFETY: a live bytearray.
    if i < 0 || i >= unsafe { len(op) } {
        return errors::fail_null(Exc::IndexError, "bytearray index out of range");
    }
    // SAFETY: in bounds.
    long_from_i64(unsafe { *start(op).add(i as usize) } as i64)
}

/// `sq_ass_item`: `b[i] = v` (an integer in `0..256`) or `del b[i]`; a
/// negative `i` counts from the end.
unsafe extern "C" fn bytearray_ass_item(
    op: *mut PyObject,
    i: Py_ssize_t,
    v: *mut PyObject,
) -> c_int {
    // SAFETY: live objects; the value is converted before the index is
    // checked, as CPython does.
    unsafe {
        let value = if v.is_null() {
            None
        } else {
            match byte_value(v) {
                Some(x) => Some(x),
                None => return -1,
            }
        };
        let mut i = i;
        if i < 0 {
            i += len(op);
        }
        if i < 0 || i >= len(op) {
            return errors::fail(Exc::IndexError, "bytearray index out of range");
        }
        match value {
            Some(x) => {
                *start(op).add(i as usize) = x;
                0
            }
            None => set_range(op, i, i + 1, ptr::null(), 0),
        }
    }
}

/// The current bytes of the live bytearray `op` and their count.
///
/// # Safety
/// `op` must be a live bytearray.
unsafe fn bytearray_hay(op: *mut PyObject) -> (*const u8, usize) {
    // SAFETY: per the contract.
    unsafe { (start(op).cast_const(), len(op) as usize) }
}

unsafe extern "C" fn bytearray_contains(op: *mut PyObject, arg: *mut PyObject) -> c_int {
    // SAFETY: a live bytearray, read after `arg` is converted.
    unsafe { contains_in(op, bytearray_hay, arg) }
}

/// `mp_subscript`: `b[i]` as an `int`; `TypeError("bytearray indices must
/// be integers or slices, not T")`.
unsafe extern "C" fn bytearray_subscript(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if let Some(sel) = crate::objects::sliceobject::selection(key, len(op)) {
            let Some((first, step, count)) = sel else {
                return ptr::null_mut();
            };
            let picked: Vec<u8> = (0..count)
                .map(|k| *start(op).offset(first + k * step))
                .collect();
            return PyByteArray_FromStringAndSize(picked.as_ptr().cast(), count);
        }
        let Some(mut i) =
            abstract_::subscript_index(key, "bytearray indices must be integers or slices, not {}")
        else {
            return ptr::null_mut();
        };
        if i < 0 {
            i += len(op);
        }
        bytearray_item(op, i)
    }
}

/// `mp_ass_subscript` (CPython's `bytearray_ass_subscript`): `b[i] = v`
/// (an integer in `0..256`), `del b[i]`, `b[a:b:c] = v` and `del
/// b[a:b:c]`. A value that is not a `bytearray` (or is `b` itself) is
/// first made one with `bytearray(v)` (any buffer or iterable of ints; a
/// number or `str` is a `TypeError`), and the key is then read again, as in
/// CPython. An extended slice takes exactly as many bytes as it selects
/// (`ValueError("attempt to assign bytes of size X to extended slice of
/// size Y")`), except that assigning no bytes deletes it, as in CPython.
unsafe extern "C" fn bytearray_ass_subscript(
    op: *mut PyObject,
    key: *mut PyObject,
    values: *mut PyObject,
) -> c_int {
    // SAFETY: live objects; the selection is fitted to the current length
    // and no C code runs between that and the moves.
    unsafe {
        let sel = match crate::objects::sliceobject::unpacked(key) {
            Some(Some(parts)) => parts.fit(len(op)),
            Some(None) => return -1,
            None => {
                let Some(i) = abstract_::subscript_index(
                    key,
                    "bytearray indices must be integers or slices, not {}",
                ) else {
                    return -1;
                };
                if !values.is_null() {
                    return bytearray_ass_item(op, i, values);
                }
                let i = if i < 0 { i + len(op) } else { i };
                if i < 0 || i >= len(op) {
                    return errors::fail(Exc::IndexError, "bytearray index out of range");
                }
                FittedSlice {
                    start: i,
                    stop: i + 1,
                    step: 1,
                    count: 1,
                }
            }
        };
        let (src, needed): (*const u8, Py_ssize_t) = if values.is_null() {
            (ptr::null(), 0)
        } else if values == op || !is_bytearray(values) {
            if abstract_::PyNumber_Check(values) != 0
                || abstract_::has_flag(type_of(values), Py_TPFLAGS_UNICODE_SUBCLASS)
            {
                return errors::fail(
                    Exc::TypeError,
                    "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                );
            }
            let copy = PyByteArray_FromObject(values);
            if copy.is_null() {
                return -1;
            }
            let r = bytearray_ass_subscript(op, key, copy);
            Py_DecRef(copy);
            return r;
        } else {
            (start(values), len(values))
        };
        if sel.step == 1 {
            // Make sure b[5:2] = ... inserts before 5, not before 2.
            return set_range(op, sel.start, sel.stop.max(sel.start), src, needed);
        }
        if needed == 0 {
            return del_extended(op, sel);
        }
        if needed != sel.count {
            return errors::fail(
                Exc::ValueError,
                format!(
                    "attempt to assign bytes of size {needed} to extended slice of size {}",
                    sel.count
                ),
            );
        }
        let s = start(op);
        for k in 0..sel.count {
            *s.offset(sel.start + k * sel.step) = *src.add(k as usize);
        }
        0
    }
}

// ==========================================================================
// Iterator
// ==========================================================================

/// `PyByteArrayIter_Type`: `bytearray_iterator`.
#[unsafe(no_mangle)]
pub static PyByteArrayIter_Type: StaticObject<PyTypeObject> = StaticObject::new(index_iter_type(
    c"bytearray_iterator",
    bytearray_iter_next,
    BYTEARRAY_ITER_METHODS.get(),
));

crate::objects::iterobject::index_seq!(
    /// The bytearray iterator's view of its bytearray; exhausted, it reduces to
    /// `iter(())`, as CPython's do.
    ByteArraySeq,
    BYTEARRAY_ITER_METHODS,
    |seq| len(seq),
    crate::objects::tupleobject::empty_tuple()
);

/// `tp_iter`: a new iterator over the bytearray.
unsafe extern "C" fn bytearray_iter(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: our iterator type; the bytearray is live.
    unsafe { index_iter_new(PyByteArrayIter_Type.get(), op) }
}

/// `tp_iternext`: the next item, or NULL without an error at the end (the
/// bytearray is released then).
unsafe extern "C" fn bytearray_iter_next(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a bytearray_iterator over a live bytearray; the index is in range.
    unsafe {
        index_iter_next::<ByteArraySeq>(op, |seq, i| {
            long_from_i64(*start(seq).add(i as usize) as i64)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::offset_of;

    #[test]
    fn layout_matches_cpython() {
        assert_eq!(size_of::<PyByteArrayObject>(), 56);
        assert_eq!(offset_of!(PyByteArrayObject, ob_alloc), 24);
        assert_eq!(offset_of!(PyByteArrayObject, ob_bytes), 32);
        assert_eq!(offset_of!(PyByteArrayObject, ob_start), 40);
        assert_eq!(offset_of!(PyByteArrayObject, ob_exports), 48);
    }

    #[test]
    fn resizing_while_exported_is_refused() {
        let b = bytearray_from_slice(b"abc");
        // SAFETY: live objects; the view is released.
        unsafe {
            let mut view = Py_buffer::zeroed();
            assert_eq!(PyObject_GetBuffer(b, &mut view, PyBUF_WRITABLE), 0);
            assert_eq!(PyByteArray_Resize(b, 10), -1);
            let e = errors::take_error().unwrap();
            assert_eq!(
                (e.kind, e.message.as_str()),
                (
                    Exc::BufferError,
                    "Existing exports of data: object cannot be re-sized"
                )
            );
            *view.buf.cast::<u8>() = b'X';
            PyBuffer_Release(&mut view);
            assert_eq!(PyByteArray_Resize(b, 10), 0);
            assert_eq!(std::slice::from_raw_parts(start(b), 3), b"Xbc");
            Py_DecRef(b);
        }
    }
}
