//! Items of a memoryview: unpacking and packing single items, indexing,
//! slicing and assignment (CPython's "Unpack and pack single items" and
//! "Indexing and slicing" sections).
//!
//! Assumptions every function here relies on: a memoryview that is not
//! released has a full view (shape and strides for `ndim` dimensions,
//! suboffsets or NULL) whose `len` matches its shape, and whose format is a
//! NUL-terminated string. Item bytes are always copied through raw
//! pointers into a local buffer before they are decoded, and encoded into a
//! local buffer before they are stored: the exporter's memory is never
//! borrowed as a Rust slice.

use std::ffi::{CStr, c_int, c_void};
use std::ptr;

use super::{PyMemoryViewObject, add_view, check_released, mbuf_of};
use crate::buffer::{PyBuffer_Release, PyObject_GetBuffer};
use crate::copy::{self, Order};
use crate::ffi::*;
use crate::format::{self, ByteOrder, Field, Value};
use crate::layout::{self, Scratch};
use crate::objects::r#abstract::{_PyNumber_Index, PyIndex_Check, PyNumber_AsSsize_t};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::bytesobject::{bytes_data, bytes_from_slice};
use crate::objects::exceptions::Exc;
use crate::objects::floatobject::{PyFloat_AsDouble, PyFloat_FromDouble};
use crate::objects::longobject::{
    PyLong_AsLongLong, PyLong_AsSize_t, PyLong_AsSsize_t, PyLong_AsUnsignedLongLong,
    PyLong_AsVoidPtr, PyLong_FromLongLong, PyLong_FromUnsignedLongLong, PyLong_FromVoidPtr,
};
use crate::objects::object::{self, _Py_EllipsisObject, PyObject_IsTrue};
use crate::objects::sliceobject;
use crate::objects::tupleobject;
use crate::python::errors::{self, fail, fail_null, raise};

// ==========================================================================
// Formats
// ==========================================================================

/// The codes `unpack_single`/`pack_single` handle: CPython 3.11's native
/// single-character formats (`e` is not among them in 3.11).
const NATIVE_CODES: &[u8] = b"cbBhHiIlLqQnNfd?P";

/// The bytes of a view's format (`B` when it has none).
///
/// # Safety
/// `view.format` is NULL or a NUL-terminated string outliving `'a`.
pub(super) unsafe fn format_of<'a>(view: &Py_buffer) -> &'a [u8] {
    if view.format.is_null() {
        b"B"
    } else {
        // SAFETY: NUL-terminated per the contract.
        unsafe { CStr::from_ptr(view.format) }.to_bytes()
    }
}

/// CPython's `get_native_fmtchar`: the code and native size of a format
/// that is one native code, optionally prefixed with `@`.
pub(super) fn native_code(format: &[u8]) -> Option<(u8, usize)> {
    let format = format.strip_prefix(b"@").unwrap_or(format);
    match format {
        [code] if NATIVE_CODES.contains(code) => {
            format::calcsize(format).ok().map(|size| (*code, size))
        }
        _ => None,
    }
}

/// CPython's `adjust_fmt`: the one character of a single-character format
/// (after an optional `@`), the only formats items can be read and written
/// with; `NotImplementedError` otherwise.
pub(super) fn single_code(format: &[u8]) -> Option<u8> {
    match format.strip_prefix(b"@").unwrap_or(format) {
        [code] => Some(*code),
        _ => {
            raise(
                Exc::NotImplementedError,
                format!(
                    "memoryview: unsupported format {}",
                    String::from_utf8_lossy(format)
                ),
            );
            None
        }
    }
}

/// How one item of a single-character format is read and written: the
/// struct-module field of its code. Built before any item is touched;
/// errors (an unsupported code, an item too small for the code) are raised
/// when an item is accessed, as CPython raises them.
#[derive(Clone, Copy)]
pub(super) struct ItemCodec {
    code: u8,
    /// None for a code memoryview does not handle.
    field: Option<Field>,
    itemsize: usize,
}

impl ItemCodec {
    pub(super) fn new(code: u8, itemsize: isize) -> ItemCodec {
        let field = if NATIVE_CODES.contains(&code) {
            format::parse(&[code])
                .ok()
                .and_then(|f| f.is_single().copied())
        } else {
            None
        };
        ItemCodec {
            code,
            field,
            itemsize: itemsize.max(0) as usize,
        }
    }

    /// The field, or the error for a format memoryview cannot handle.
    fn field(&self) -> Option<Field> {
        let Some(field) = self.field else {
            raise(
                Exc::NotImplementedError,
                format!("memoryview: format {} not supported", char::from(self.code)),
            );
            return None;
        };
        // Stricter than CPython, which reads sizeof(type) bytes whatever
        // the itemsize: an item smaller than its code is refused.
        if field.size > self.itemsize {
            raise(
                Exc::ValueError,
                format!(
                    "memoryview: format '{}' needs {} bytes but the itemsize is {}",
                    char::from(self.code),
                    field.size,
                    self.itemsize
                ),
            );
            return None;
        }
        Some(field)
    }

    /// CPython's `unpack_single`: the item at `ptr` as a Python object.
    /// `mv` is checked first: converting the indices that led to `ptr` may
    /// have run code that released it (CPython's gh-92888).
    ///
    /// # Safety
    /// `mv` is a live memoryview; `ptr` addresses a readable item of
    /// `itemsize` bytes while `mv` is not released.
    pub(super) unsafe fn unpack(
        &self,
        mv: *mut PyMemoryViewObject,
        ptr: *const u8,
    ) -> *mut PyObject {
        // SAFETY: a live memoryview.
        if unsafe { !check_released(mv) } {
            return ptr::null_mut();
        }
        let Some(field) = self.field() else {
            return ptr::null_mut();
        };
        let mut local = [0u8; 16];
        // SAFETY: the item holds at least `field.size` (<= 8) bytes.
        unsafe { ptr::copy_nonoverlapping(ptr, local.as_mut_ptr(), field.size) };
        value_to_object(format::unpack_field(
            &field,
            ByteOrder::Native,
            &local[..field.size],
        ))
    }

    /// CPython's `pack_single`: stores `item` at `ptr`, converted as the
    /// code requires; `TypeError("memoryview: invalid type for format
    /// 'x'")` or `ValueError("memoryview: invalid value for format 'x'")`
    /// when it cannot be. `mv` is checked again after the conversion, which
    /// may run arbitrary code.
    ///
    /// # Safety
    /// `mv` is a live memoryview; `ptr` addresses a writable item of
    /// `itemsize` bytes while `mv` is not released; `item` is live.
    pub(super) unsafe fn pack(
        &self,
        mv: *mut PyMemoryViewObject,
        ptr: *mut u8,
        item: *mut PyObject,
    ) -> c_int {
        let Some(field) = self.field() else {
            return -1;
        };
        // SAFETY: `item` is live per the contract.
        let value = match unsafe { self.convert(item) } {
            Ok(v) => v,
            Err(()) => return -1,
        };
        // SAFETY: a live memoryview.
        if unsafe { !check_released(mv) } {
            return -1;
        }
        let mut local = [0u8; 16];
        if format::pack_field(&field, ByteOrder::Native, &value, &mut local).is_err() {
            // Unreachable: `convert` checked the range the code allows.
            return self.value_error();
        }
        // SAFETY: the item holds at least `field.size` bytes and the view
        // is still alive (checked above).
        unsafe { ptr::copy_nonoverlapping(local.as_ptr(), ptr, field.size) };
        0
    }

    fn type_error(&self) -> c_int {
        fail(
            Exc::TypeError,
            format!(
                "memoryview: invalid type for format '{}'",
                char::from(self.code)
            ),
        )
    }

    fn value_error(&self) -> c_int {
        fail(
            Exc::ValueError,
            format!(
                "memoryview: invalid value for format '{}'",
                char::from(self.code)
            ),
        )
    }

    /// CPython's `fix_error_int`: a conversion's `TypeError` becomes the
    /// invalid-type error, its `OverflowError`/`ValueError` the
    /// invalid-value error; anything else stays.
    fn fix_error(&self) -> Result<Value, ()> {
        // SAFETY: the pending error's type is live.
        let matches = |e: Exc| unsafe { errors::PyErr_ExceptionMatches(e.type_object()) } != 0;
        if matches(Exc::TypeError) {
            errors::PyErr_Clear();
            self.type_error();
        } else if matches(Exc::OverflowError) || matches(Exc::ValueError) {
            errors::PyErr_Clear();
            self.value_error();
        }
        Err(())
    }

    /// The Python object `item` as the value the code stores, with
    /// CPython's conversions and range checks.
    ///
    /// # Safety
    /// `item` is a live object.
    unsafe fn convert(&self, item: *mut PyObject) -> Result<Value, ()> {
        let failed = || !errors::PyErr_Occurred().is_null();
        // `__index__`, then a C conversion, as CPython's pylong_as_* do.
        let as_int = |conv: unsafe fn(*mut PyObject) -> i128| -> Result<i128, ()> {
            // SAFETY: live per the contract.
            let index = unsafe { _PyNumber_Index(item) };
            if index.is_null() {
                return Err(());
            }
            // SAFETY: a live int we own.
            let v = unsafe { conv(index) };
            // SAFETY: our reference.
            unsafe { object::Py_DecRef(index) };
            if v == -1 && failed() { Err(()) } else { Ok(v) }
        };
        match self.code {
            b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
                let conv = if self.code == b'n' {
                    as_ssize
                } else {
                    as_longlong
                };
                let v = match as_int(conv) {
                    Ok(v) => v,
                    Err(()) => return self.fix_error(),
                };
                let (lo, hi) = match self.code {
                    b'b' => (i8::MIN as i128, i8::MAX as i128),
                    b'h' => (i16::MIN as i128, i16::MAX as i128),
                    b'i' => (i32::MIN as i128, i32::MAX as i128),
                    _ => (i64::MIN as i128, i64::MAX as i128),
                };
                if v < lo || v > hi {
                    self.value_error();
                    return Err(());
                }
                Ok(Value::Int(v as i64))
            }
            b'B' | b'H' | b'I' | b'L' | b'Q' | b'N' => {
                let conv = if self.code == b'N' {
                    as_size
                } else {
                    as_ulonglong
                };
                let v = match as_int(conv) {
                    Ok(v) => v,
                    Err(()) => return self.fix_error(),
                };
                let hi = match self.code {
                    b'B' => u8::MAX as i128,
                    b'H' => u16::MAX as i128,
                    b'I' => u32::MAX as i128,
                    _ => u64::MAX as i128,
                };
                if v > hi {
                    self.value_error();
                    return Err(());
                }
                Ok(Value::UInt(v as u64))
            }
            b'f' | b'd' => {
                // SAFETY: live per the contract.
                let d = unsafe { PyFloat_AsDouble(item) };
                if d == -1.0 && failed() {
                    return self.fix_error();
                }
                Ok(Value::Float(d))
            }
            b'?' => {
                // SAFETY: live per the contract.
                match unsafe { PyObject_IsTrue(item) } {
                    r if r < 0 => Err(()), // the original error stays
                    r => Ok(Value::Bool(r != 0)),
                }
            }
            b'c' => {
                // SAFETY: live per the contract.
                match unsafe { bytes_data(item) } {
                    None => {
                        self.type_error();
                        Err(())
                    }
                    Some((_, n)) if n != 1 => {
                        self.value_error();
                        Err(())
                    }
                    // SAFETY: a bytes object of length 1.
                    Some((p, _)) => Ok(Value::Bytes(vec![unsafe { *p }])),
                }
            }
            b'P' => {
                // SAFETY: live per the contract.
                let p = unsafe { PyLong_AsVoidPtr(item) };
                if p.is_null() && failed() {
                    return self.fix_error();
                }
                Ok(Value::Pointer(p as usize))
            }
            // `field()` admitted only the codes above.
            _ => {
                self.type_error();
                Err(())
            }
        }
    }
}

unsafe fn as_longlong(o: *mut PyObject) -> i128 {
    // SAFETY: a live int (the caller's contract).
    i128::from(unsafe { PyLong_AsLongLong(o) })
}

unsafe fn as_ssize(o: *mut PyObject) -> i128 {
    // SAFETY: as above.
    unsafe { PyLong_AsSsize_t(o) as i128 }
}

unsafe fn as_ulonglong(o: *mut PyObject) -> i128 {
    // SAFETY: as above.
    let v = unsafe { PyLong_AsUnsignedLongLong(o) };
    // The error value (unsigned long long)-1 reads as -1 for the caller.
    if v == u64::MAX && !errors::PyErr_Occurred().is_null() {
        -1
    } else {
        i128::from(v)
    }
}

unsafe fn as_size(o: *mut PyObject) -> i128 {
    // SAFETY: as above.
    let v = unsafe { PyLong_AsSize_t(o) };
    if v == usize::MAX && !errors::PyErr_Occurred().is_null() {
        -1
    } else {
        v as i128
    }
}

/// The Python object for a decoded value.
pub(super) fn value_to_object(v: Value) -> *mut PyObject {
    match v {
        Value::Int(i) => PyLong_FromLongLong(i),
        Value::UInt(u) => PyLong_FromUnsignedLongLong(u),
        Value::Float(d) => PyFloat_FromDouble(d),
        Value::Bool(b) => bool_from_bool(b),
        Value::Bytes(b) => bytes_from_slice(&b),
        Value::Pointer(p) => PyLong_FromVoidPtr(p as *mut c_void),
    }
}

// ==========================================================================
// Addressing
// ==========================================================================

/// CPython's `lookup_dimension` over leading dimensions: the address of the
/// item at the indices `index_of` gives for dimensions `0..count` (negative
/// indices count from the end), `IndexError("index out of bounds on
/// dimension N")` otherwise. Each index is converted just before its
/// dimension is checked, as CPython interleaves the two; the address is
/// computed only after every conversion, which may have run code that
/// released the view (an indirect dimension's pointers are read then).
///
/// # Safety
/// `mv` a live memoryview, not released on entry; `count <= ndim`.
unsafe fn item_pointer(
    mv: *mut PyMemoryViewObject,
    count: usize,
    mut index_of: impl FnMut(usize) -> Option<isize>,
) -> Option<*mut u8> {
    let mut indices = [0isize; PyBUF_MAX_NDIM as usize];
    for (dim, slot) in indices.iter_mut().enumerate().take(count) {
        let mut index = index_of(dim)?;
        // SAFETY: the shape array belongs to the memoryview and holds
        // `ndim >= count` entries, released or not.
        let n = unsafe { *(*mv).view.shape.add(dim) };
        if index < 0 {
            index += n;
        }
        if index < 0 || index >= n {
            raise(
                Exc::IndexError,
                format!("index out of bounds on dimension {}", dim + 1),
            );
            return None;
        }
        *slot = index;
    }
    // SAFETY: a live memoryview.
    if unsafe { !check_released(mv) } {
        return None;
    }
    let mut scratch = Scratch::new();
    // SAFETY: not released: a memoryview's full view.
    let layout = match unsafe { layout::resolve(&(*mv).view, &mut scratch, "memoryview") } {
        Ok(l) => l,
        Err((exc, msg)) => {
            raise(exc, msg);
            return None;
        }
    };
    // SAFETY: every index is in range, so the address is an item of the
    // view (pointer slots of indirect dimensions included).
    match unsafe { layout::get_pointer(&layout, &indices[..count]) } {
        Ok(p) => Some(p),
        Err((exc, msg)) => {
            raise(exc, msg);
            None
        }
    }
}

/// The index of a key that is an integer or has `__index__`; an overflow
/// is `IndexError` as in CPython.
///
/// # Safety
/// `key` is live.
unsafe fn as_index(key: *mut PyObject) -> Option<isize> {
    // SAFETY: live per the contract.
    let i = unsafe { PyNumber_AsSsize_t(key, Exc::IndexError.type_object()) };
    if i == -1 && !errors::PyErr_Occurred().is_null() {
        None
    } else {
        Some(i)
    }
}

/// CPython's `ptr_from_tuple`: the item a tuple of at least `ndim` indices
/// addresses.
///
/// # Safety
/// `mv` a live memoryview, not released; `tup` a live tuple of index-able
/// objects.
unsafe fn pointer_from_tuple(mv: *mut PyMemoryViewObject, tup: *mut PyObject) -> Option<*mut u8> {
    // SAFETY: a live tuple and memoryview.
    let (n, ndim) = unsafe { (tupleobject::size(tup), (*mv).view.ndim) };
    if n > ndim as isize {
        raise(
            Exc::TypeError,
            format!("cannot index {ndim}-dimension view with {n}-element tuple"),
        );
        return None;
    }
    // SAFETY: in range of the tuple; its items are live.
    unsafe {
        item_pointer(mv, n as usize, |dim| {
            as_index(tupleobject::get(tup, dim as isize))
        })
    }
}

/// CPython's `is_multiindex`: a tuple (possibly empty) of index-able
/// objects.
///
/// # Safety
/// `key` is live.
unsafe fn is_multiindex(key: *mut PyObject) -> bool {
    // SAFETY: live per the contract; tuple items are live.
    unsafe {
        tupleobject::is_tuple(key)
            && (0..tupleobject::size(key)).all(|i| PyIndex_Check(tupleobject::get(key, i)) != 0)
    }
}

/// CPython's `is_multislice`: a non-empty tuple of slices.
///
/// # Safety
/// `key` is live.
unsafe fn is_multislice(key: *mut PyObject) -> bool {
    // SAFETY: live per the contract; tuple items are live.
    unsafe {
        tupleobject::is_tuple(key)
            && tupleobject::size(key) > 0
            && (0..tupleobject::size(key)).all(|i| is_slice(tupleobject::get(key, i)))
    }
}

/// `PySlice_Check`.
///
/// # Safety
/// `o` is live.
unsafe fn is_slice(o: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*o).ob_type == sliceobject::PySlice_Type.get() }
}

/// Whether `key` is the empty tuple.
///
/// # Safety
/// `key` is live.
unsafe fn is_empty_tuple(key: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { tupleobject::is_tuple(key) && tupleobject::size(key) == 0 }
}

/// The code of the memoryview's single-character format and its codec.
fn codec_of(view: &Py_buffer) -> Option<ItemCodec> {
    // SAFETY: a live view's format.
    let code = single_code(unsafe { format_of(view) })?;
    Some(ItemCodec::new(code, view.itemsize))
}

// ==========================================================================
// Reading
// ==========================================================================

/// CPython's `memory_item` (`sq_item`): item `index` of a 1-D view.
pub(super) unsafe extern "C" fn memory_item(op: *mut PyObject, index: Py_ssize_t) -> *mut PyObject {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: `op` is a live memoryview (the slot's contract).
    if unsafe { !check_released(mv) } {
        return ptr::null_mut();
    }
    // SAFETY: not released, so the view is full.
    let view = unsafe { &(*mv).view };
    let Some(codec) = codec_of(view) else {
        return ptr::null_mut();
    };
    match view.ndim {
        0 => fail_null(Exc::TypeError, "invalid indexing of 0-dim memory"),
        // SAFETY: one index for one dimension.
        1 => match unsafe { item_pointer(mv, 1, |_| Some(index)) } {
            // SAFETY: an item of the view.
            Some(p) => unsafe { codec.unpack(mv, p) },
            None => ptr::null_mut(),
        },
        _ => fail_null(
            Exc::NotImplementedError,
            "multi-dimensional sub-views are not implemented",
        ),
    }
}

/// CPython's `memory_item_multi`: the item a full tuple of indices names.
///
/// # Safety
/// `mv` a live memoryview, not released; `tup` a tuple of index-able
/// objects.
unsafe fn memory_item_multi(mv: *mut PyMemoryViewObject, tup: *mut PyObject) -> *mut PyObject {
    // SAFETY: not released per the contract.
    let view = unsafe { &(*mv).view };
    let Some(codec) = codec_of(view) else {
        return ptr::null_mut();
    };
    // SAFETY: a live tuple.
    if unsafe { tupleobject::size(tup) } < view.ndim as isize {
        return fail_null(Exc::NotImplementedError, "sub-views are not implemented");
    }
    // SAFETY: per the contract.
    match unsafe { pointer_from_tuple(mv, tup) } {
        // SAFETY: an item of the view.
        Some(p) => unsafe { codec.unpack(mv, p) },
        None => ptr::null_mut(),
    }
}

/// CPython's `init_slice` for the first dimension: `view` restricted to
/// the items `key` selects, as a new memoryview of the same managed buffer.
///
/// # Safety
/// `mv` a live memoryview, not released; `key` a slice.
unsafe fn slice_first_dimension(mv: *mut PyMemoryViewObject, key: *mut PyObject) -> *mut PyObject {
    // As in CPython, the new view holds the managed buffer and copies the
    // layout before the slice's bounds are converted: a bound's __index__
    // that releases `mv` leaves the slice valid.
    // SAFETY: not released per the contract.
    let (mbuf, base) = unsafe { (mbuf_of(mv), Py_buffer { ..(*mv).view }) };
    let ndim = base.ndim as usize;
    // SAFETY: ndim >= 1 here; the view's arrays hold ndim entries.
    let (mut shape, mut strides) = unsafe {
        (
            std::slice::from_raw_parts(base.shape, ndim).to_vec(),
            std::slice::from_raw_parts(base.strides, ndim).to_vec(),
        )
    };
    // SAFETY: a live slice.
    let Some(Some((start, step, count))) = (unsafe { sliceobject::selection(key, shape[0]) })
    else {
        return ptr::null_mut();
    };
    let buf = (base.buf as *mut u8).wrapping_offset(strides[0].wrapping_mul(start));
    shape[0] = count;
    strides[0] = strides[0].wrapping_mul(step);
    let len = if shape.contains(&0) {
        0
    } else {
        shape.iter().product::<isize>() * base.itemsize
    };
    let src = Py_buffer {
        buf: buf as *mut c_void,
        len,
        shape: shape.as_mut_ptr(),
        strides: strides.as_mut_ptr(),
        ..base
    };
    // SAFETY: `src`'s arrays hold ndim entries and live until add_view has
    // copied them; its memory, format and exporter belong to `mbuf`.
    unsafe { add_view(mbuf, Some(&src)) }
}

/// `mp_subscript` (CPython's `memory_subscript`): `mv[key]`.
pub(super) unsafe extern "C" fn memory_subscript(
    op: *mut PyObject,
    key: *mut PyObject,
) -> *mut PyObject {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: `op` is a live memoryview, `key` live (the slot's contract).
    unsafe {
        if !check_released(mv) {
            return ptr::null_mut();
        }
        let view = &(*mv).view;
        if view.ndim == 0 {
            if is_empty_tuple(key) {
                let Some(codec) = codec_of(view) else {
                    return ptr::null_mut();
                };
                return codec.unpack(mv, view.buf as *const u8);
            }
            if key == _Py_EllipsisObject.get() {
                object::Py_IncRef(op);
                return op;
            }
            return fail_null(Exc::TypeError, "invalid indexing of 0-dim memory");
        }
        if PyIndex_Check(key) != 0 {
            return match as_index(key) {
                Some(i) => memory_item(op, i),
                None => ptr::null_mut(),
            };
        }
        if is_slice(key) {
            return slice_first_dimension(mv, key);
        }
        if is_multiindex(key) {
            return memory_item_multi(mv, key);
        }
        if is_multislice(key) {
            return fail_null(
                Exc::NotImplementedError,
                "multi-dimensional slicing is not implemented",
            );
        }
    }
    fail_null(Exc::TypeError, "memoryview: invalid slice key")
}

// ==========================================================================
// Writing
// ==========================================================================

/// CPython's `equiv_shape`: equal ndim and shapes, where shapes compare
/// only up to the first zero extent.
pub(super) fn equiv_shape(a: &[isize], b: &[isize]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    for (&x, &y) in a.iter().zip(b) {
        if x != y {
            return false;
        }
        if x == 0 {
            break;
        }
    }
    true
}

/// `mv[key] = src` for a 1-D view and a slice key (CPython's fast path):
/// `src` must export a buffer of the same structure (format ignoring `@`,
/// itemsize, shape). The source is staged in a packed copy first, so an
/// overlapping source (a view of the same memory) is read before any of it
/// is overwritten, as CPython's copy does.
///
/// # Safety
/// `mv` a live, writable, 1-D memoryview, not released; `key` a slice;
/// `value` live.
unsafe fn assign_slice(
    mv: *mut PyMemoryViewObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    let mut src = Py_buffer::zeroed();
    // SAFETY: live per the contract; `src` is writable.
    if unsafe { PyObject_GetBuffer(value, &mut src, PyBUF_FULL_RO) } < 0 {
        return -1;
    }
    // SAFETY: `src` was just filled; per the contract for the rest.
    let rc = unsafe { assign_slice_from(mv, key, &src) };
    // SAFETY: released exactly once.
    unsafe { PyBuffer_Release(&mut src) };
    rc
}

/// The body of [`assign_slice`] once the source's buffer is held.
///
/// # Safety
/// As [`assign_slice`]; `src` a filled view.
unsafe fn assign_slice_from(
    mv: *mut PyMemoryViewObject,
    key: *mut PyObject,
    src: &Py_buffer,
) -> c_int {
    // SAFETY: not released per the contract: a full 1-D view.
    let view = unsafe { &(*mv).view };
    // SAFETY: ndim is 1.
    let (n, stride) = unsafe { (*view.shape, *view.strides) };
    // SAFETY: a live slice.
    let Some(Some((start, step, count))) = (unsafe { sliceobject::selection(key, n) }) else {
        return -1;
    };
    // `src`'s buffer request may run code that released the view.
    // SAFETY: a live memoryview.
    if unsafe { !check_released(mv) } {
        return -1;
    }
    let strip = |f: &'static [u8]| f.strip_prefix(b"@").unwrap_or(f);
    // SAFETY: both formats are NUL-terminated (or NULL, meaning "B").
    let (dfmt, sfmt) = unsafe { (strip(format_of(view)), strip(format_of(src))) };
    let mut scratch = Scratch::new();
    // SAFETY: a filled view from PyObject_GetBuffer.
    let src_layout = match unsafe { layout::resolve(src, &mut scratch, "memoryview assignment") } {
        Ok(l) => l,
        Err((exc, msg)) => return fail(exc, msg),
    };
    if dfmt != sfmt || view.itemsize != src.itemsize || !equiv_shape(&[count], src_layout.shape) {
        return fail(
            Exc::ValueError,
            "memoryview assignment: lvalue and rvalue have different structures",
        );
    }
    if count == 0 {
        return 0;
    }
    let mut staged = vec![0u8; (count * view.itemsize) as usize];
    // SAFETY: `src` is checked and has `count` items of `itemsize` bytes,
    // which is what `staged` holds.
    unsafe { copy::pack(staged.as_mut_ptr(), &src_layout, Order::C) };
    let dshape = [count];
    let dstrides = [stride.wrapping_mul(step)];
    // SAFETY: the view's suboffsets, when present, hold one entry.
    let dsub = (!view.suboffsets.is_null()).then(|| unsafe { [*view.suboffsets] });
    let dest = copy::Strided {
        buf: (view.buf as *mut u8).wrapping_offset(stride.wrapping_mul(start)),
        itemsize: view.itemsize as usize,
        shape: &dshape,
        strides: &dstrides,
        suboffsets: dsub.as_ref().map(|s| &s[..]),
    };
    // SAFETY: the selected items lie within the view, which is writable;
    // `staged` holds `count` packed items and overlaps nothing.
    unsafe { copy::unpack(&dest, staged.as_ptr(), count as usize, Order::C) };
    0
}

/// `mp_ass_subscript` (CPython's `memory_ass_sub`): `mv[key] = value`, and
/// `del mv[key]` (always refused).
pub(super) unsafe extern "C" fn memory_ass_sub(
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: `op` a live memoryview, `key` live, `value` NULL or live.
    unsafe {
        if !check_released(mv) {
            return -1;
        }
        let view = &(*mv).view;
        let Some(codec) = codec_of(view) else {
            return -1;
        };
        if view.readonly != 0 {
            return fail(Exc::TypeError, "cannot modify read-only memory");
        }
        if value.is_null() {
            return fail(Exc::TypeError, "cannot delete memory");
        }
        if view.ndim == 0 {
            if key == _Py_EllipsisObject.get() || is_empty_tuple(key) {
                return codec.pack(mv, view.buf as *mut u8, value);
            }
            return fail(Exc::TypeError, "invalid indexing of 0-dim memory");
        }
        if PyIndex_Check(key) != 0 {
            if view.ndim > 1 {
                return fail(Exc::NotImplementedError, "sub-views are not implemented");
            }
            let Some(index) = as_index(key) else {
                return -1;
            };
            return match item_pointer(mv, 1, |_| Some(index)) {
                Some(p) => codec.pack(mv, p, value),
                None => -1,
            };
        }
        if is_slice(key) && view.ndim == 1 {
            return assign_slice(mv, key, value);
        }
        if is_multiindex(key) {
            if tupleobject::size(key) < view.ndim as isize {
                return fail(Exc::NotImplementedError, "sub-views are not implemented");
            }
            return match pointer_from_tuple(mv, key) {
                Some(p) => codec.pack(mv, p, value),
                None => -1,
            };
        }
        if is_slice(key) || is_multislice(key) {
            return fail(
                Exc::NotImplementedError,
                "memoryview slice assignments are currently restricted to ndim = 1",
            );
        }
    }
    fail(Exc::TypeError, "memoryview: invalid slice key")
}
