//! The buffer-protocol C entry points: `PyObject_GetBuffer`,
//! `PyBuffer_Release`, `PyBuffer_IsContiguous`, `PyBuffer_GetPointer`,
//! `PyBuffer_ToContiguous`, `PyBuffer_FromContiguous`,
//! `PyBuffer_FillContiguousStrides`, `PyBuffer_FillInfo`,
//! `PyObject_CopyData` and `PyBuffer_SizeFromFormat`.
//!
//! Each follows CPython 3.11's signature, return codes and exceptions. Each
//! is stricter where CPython would crash or corrupt memory; those cases are
//! listed in the function's documentation and in the crate docs.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::ptr;

use crate::copy::{self, Strided};
use crate::ffi::*;
use crate::format;
use crate::layout::{self, Invalid, LayoutError, OrderArg, Scratch};
use crate::objects::exceptions::Exc;
use crate::objects::object::type_name_of;
use crate::python::errors::{self, bad_internal_call, fail};

/// `name` cut to at most `max` bytes, as CPython's `%.100s` / `%.200s`
/// formats a type name in an error message: the precision counts bytes,
/// and a character cut in two decodes to U+FFFD.
pub(crate) fn truncated_name(name: String, max: usize) -> String {
    if name.len() <= max {
        return name;
    }
    String::from_utf8_lossy(&name.as_bytes()[..max]).into_owned()
}

fn raise_layout((exc, msg): LayoutError) -> c_int {
    fail(exc, msg)
}

// ==========================================================================
// Acquiring and releasing
// ==========================================================================

/// `PyObject_CheckBuffer(obj)`: 1 when `obj`'s type exports buffers, else 0
/// (also 0 for NULL).
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CheckBuffer(obj: *mut PyObject) -> c_int {
    if obj.is_null() {
        return 0;
    }
    // SAFETY: live per the contract.
    unsafe { getbuffer_of(obj) }.is_some() as c_int
}

/// The type's `bf_getbuffer`, if any.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn getbuffer_of(obj: *mut PyObject) -> Option<getbufferproc> {
    // SAFETY: live per the contract; type objects outlive their instances.
    let procs = unsafe { (*(*obj).ob_type).tp_as_buffer };
    if procs.is_null() {
        return None;
    }
    // SAFETY: non-NULL buffer procs of a live type.
    unsafe { (*procs).bf_getbuffer }
}

/// `PyObject_GetBuffer(obj, view, flags)`: asks `obj`'s exporter to fill
/// `view` for the request `flags`, then checks what it filled in. Returns
/// 0, or -1 with an exception set.
///
/// Fails with `TypeError("a bytes-like object is required, not 'T'")` (the
/// type name cut to 100 bytes, as CPython does) when `obj` exports no
/// buffer, with whatever the exporter raises when it refuses the request,
/// and with `SystemError` for a NULL `obj` or `view`.
///
/// Stricter than CPython, which hands on whatever the exporter filled in:
/// an export that breaks [`check_export`]'s rules is released again
/// (`bf_releasebuffer` runs and the reference in `view->obj` is dropped)
/// and the call fails with `BufferError("'T' exported an invalid buffer:
/// …")`, `view->obj` left NULL.
///
/// # Safety
/// `obj` must be NULL or a live object; `view` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GetBuffer(
    obj: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    if obj.is_null() || view.is_null() {
        return bad_internal_call();
    }
    // SAFETY: forwarded contract.
    unsafe { acquire(obj, view, flags, Acquirer::GetBuffer) }
}

/// Who asked for an export, which decides how a refused one is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Acquirer {
    /// `PyObject_GetBuffer`: `BufferError` naming the exporter's type.
    GetBuffer,
    /// `PyMemoryView_FromObject`: CPython's `memoryview: ...` messages.
    MemoryView,
}

/// The one place where a `bf_getbuffer` proc is called: fills `view` from
/// `obj`'s exporter and checks the result with [`check_export`] before
/// anyone reads it. A refused export is released before the error is set.
///
/// # Safety
/// `obj` must be a live object and `view` writable.
pub(crate) unsafe fn acquire(
    obj: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
    who: Acquirer,
) -> c_int {
    // SAFETY: live per the contract.
    let Some(getbuffer) = (unsafe { getbuffer_of(obj) }) else {
        return fail(
            Exc::TypeError,
            format!(
                "a bytes-like object is required, not '{}'",
                // SAFETY: live per the contract.
                truncated_name(unsafe { type_name_of(obj) }, 100)
            ),
        );
    };
    // SAFETY: the exporter's own proc, called as CPython calls it.
    let rc = unsafe { getbuffer(obj, view, flags) };
    if rc < 0 {
        return rc;
    }
    // SAFETY: the exporter reported success, so `view` is filled.
    let Err(problem) = (unsafe { check_export(&*view, flags) }) else {
        return rc;
    };
    // SAFETY: `view` is the export just made; releasing it undoes it.
    unsafe { release_refused(obj, view) };
    let (exc, message) = match who {
        Acquirer::MemoryView => memoryview_error(problem),
        Acquirer::GetBuffer => (
            Exc::BufferError,
            format!(
                "'{}' exported an invalid buffer: {}",
                // SAFETY: live per the contract.
                truncated_name(unsafe { type_name_of(obj) }, 100),
                problem.message()
            ),
        ),
    };
    fail(exc, message)
}

/// How memoryview reports an invalid view: CPython's `ValueError("memoryview:
/// number of dimensions must not exceed 64")` where CPython checks, and
/// `memoryview: ...` with the C entry points' exception elsewhere.
pub(crate) fn memoryview_error(problem: Invalid) -> LayoutError {
    match problem {
        Invalid::Ndim(n) if n > PyBUF_MAX_NDIM => (
            Exc::ValueError,
            format!("memoryview: number of dimensions must not exceed {PyBUF_MAX_NDIM}"),
        ),
        Invalid::Ndim(_) => (
            Exc::ValueError,
            "memoryview: ndim must not be negative".into(),
        ),
        problem => (problem.exc(), format!("memoryview: {}", problem.message())),
    }
}

/// Checks an exporter-filled `view` against [`layout::check_view`] and
/// against the request `flags`. Fields the request left out may be NULL
/// (`format` is then `"B"`, `strides` C order, a 1-D `shape` `[len /
/// itemsize]`); what the consumer will rely on must hold:
///
/// * `PyBUF_WRITABLE`: the export is not read-only;
/// * no `PyBUF_STRIDES`: strides, if any, are C-contiguous (the consumer
///   assumes C order and reads `len` bytes from `buf`);
/// * `PyBUF_C_CONTIGUOUS`, `PyBUF_F_CONTIGUOUS`, `PyBUF_ANY_CONTIGUOUS`:
///   the export is contiguous in that order;
/// * no `PyBUF_INDIRECT`: no suboffsets;
/// * `view->obj` is set, so that `PyBuffer_Release` can undo the export.
///
/// Strides are not required when `PyBUF_STRIDES` was requested: NULL
/// strides mean C order to every reader, and CPython's own exporters (ctypes)
/// leave them NULL. Nor is a format required for `PyBUF_FORMAT`: NULL means
/// unsigned bytes. Whether the format agrees with `itemsize` is checked by
/// the readers that interpret items, not here.
///
/// # Safety
/// `view` must have been filled by a `bf_getbuffer` proc that returned 0:
/// its arrays hold `ndim` entries when `ndim` is in `0..=64`.
pub unsafe fn check_export(view: &Py_buffer, flags: c_int) -> Result<(), Invalid> {
    // SAFETY: forwarded contract.
    unsafe { layout::check_view(view) }?;
    let req = |bits: c_int| flags & bits == bits;
    if req(PyBUF_WRITABLE) && view.readonly != 0 {
        return Err(Invalid::NotWritable);
    }
    if !req(PyBUF_INDIRECT) && !view.suboffsets.is_null() {
        return Err(Invalid::Suboffsets);
    }
    let order = if req(PyBUF_C_CONTIGUOUS) {
        Some(OrderArg::C)
    } else if req(PyBUF_F_CONTIGUOUS) {
        Some(OrderArg::F)
    } else if req(PyBUF_ANY_CONTIGUOUS) {
        Some(OrderArg::A)
    } else if !req(PyBUF_STRIDES) && !view.strides.is_null() {
        Some(OrderArg::C)
    } else {
        None
    };
    if let Some(order) = order {
        // SAFETY: checked: ndim is in range and the arrays hold ndim entries.
        if unsafe { !layout::is_contiguous(view, order) } {
            return Err(Invalid::NotContiguous(order));
        }
    }
    if view.obj.is_null() {
        return Err(Invalid::NoObj);
    }
    Ok(())
}

/// Releases an export [`acquire`] refused: `bf_releasebuffer` runs and the
/// reference the export holds is dropped, as `PyBuffer_Release` does. An
/// export without `obj` is released through the object that made it, so
/// that it too is undone exactly once.
///
/// # Safety
/// `view` was just filled by `obj`'s getbuffer proc.
unsafe fn release_refused(obj: *mut PyObject, view: *mut Py_buffer) {
    // SAFETY: writable per the contract.
    let v = unsafe { &mut *view };
    if v.obj.is_null() {
        // SAFETY: `obj` is live; the reference is dropped by the release.
        unsafe { crate::objects::object::Py_IncRef(obj) };
        v.obj = obj;
    }
    // SAFETY: a filled export, released exactly once; it leaves obj NULL.
    unsafe { PyBuffer_Release(view) };
}

/// `PyBuffer_Release(view)`: calls the exporter's `bf_releasebuffer`, drops
/// the reference in `view->obj` and sets it to NULL. Releasing twice, or
/// releasing a view with no `obj`, does nothing (as in CPython); so does a
/// NULL `view`.
///
/// # Safety
/// `view` must be NULL or a view filled by `PyObject_GetBuffer` (or
/// `PyBuffer_FillInfo`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBuffer_Release(view: *mut Py_buffer) {
    if view.is_null() {
        return;
    }
    // SAFETY: a filled view per the contract.
    let obj = unsafe { (*view).obj };
    if obj.is_null() {
        return;
    }
    // SAFETY: `obj` is live: the view holds a reference to it.
    let procs = unsafe { (*(*obj).ob_type).tp_as_buffer };
    if !procs.is_null() {
        // SAFETY: non-NULL procs of a live type.
        if let Some(release) = unsafe { (*procs).bf_releasebuffer } {
            // SAFETY: the exporter's own release proc for its own view.
            unsafe { release(obj, view) };
        }
    }
    // SAFETY: `view` is writable; clear before dropping the reference so a
    // re-entrant release during dealloc sees an already released view.
    unsafe { (*view).obj = ptr::null_mut() };
    // SAFETY: drops the reference the view held.
    unsafe { crate::objects::object::Py_DecRef(obj) };
}

/// `PyBuffer_FillInfo(view, obj, buf, len, readonly, flags)`: fills `view`
/// as a 1-D view of unsigned bytes, for exporters of simple memory.
///
/// Fails with `BufferError("PyBuffer_FillInfo: view==NULL argument is
/// obsolete")` for a NULL view and `BufferError("Object is not writable.")`
/// when `PyBUF_WRITABLE` is requested and `readonly == 1`, as CPython does.
/// Stricter than CPython: a negative `len` fails with `ValueError`, and a
/// NULL `buf` with a positive `len` with `SystemError`.
///
/// # Safety
/// `view` must be NULL or writable; `obj` NULL or live; `buf` valid for
/// `len` bytes for as long as the view is used.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBuffer_FillInfo(
    view: *mut Py_buffer,
    obj: *mut PyObject,
    buf: *mut c_void,
    len: Py_ssize_t,
    readonly: c_int,
    flags: c_int,
) -> c_int {
    if view.is_null() {
        return fail(
            Exc::BufferError,
            "PyBuffer_FillInfo: view==NULL argument is obsolete",
        );
    }
    if len < 0 {
        return fail(
            Exc::ValueError,
            format!("PyBuffer_FillInfo: len is negative ({len})"),
        );
    }
    if buf.is_null() && len > 0 {
        return fail(
            Exc::SystemError,
            "PyBuffer_FillInfo: buf is NULL but len is positive",
        );
    }
    if flags & PyBUF_WRITABLE == PyBUF_WRITABLE && readonly == 1 {
        return fail(Exc::BufferError, "Object is not writable.");
    }
    // SAFETY: `obj` is NULL or live per the contract.
    unsafe { crate::objects::object::Py_IncRef(obj) };
    // SAFETY: `view` is writable per the contract. shape and strides point
    // into the view itself (to `len` and `itemsize`), as CPython does.
    unsafe {
        let v = &mut *view;
        v.obj = obj;
        v.buf = buf;
        v.len = len;
        v.readonly = readonly;
        v.itemsize = 1;
        v.format = if flags & PyBUF_FORMAT == PyBUF_FORMAT {
            c"B".as_ptr() as *mut c_char
        } else {
            ptr::null_mut()
        };
        v.ndim = 1;
        v.shape = if flags & PyBUF_ND == PyBUF_ND {
            &raw mut v.len
        } else {
            ptr::null_mut()
        };
        v.strides = if flags & PyBUF_STRIDES == PyBUF_STRIDES {
            &raw mut v.itemsize
        } else {
            ptr::null_mut()
        };
        v.suboffsets = ptr::null_mut();
        v.internal = ptr::null_mut();
    }
    0
}

// ==========================================================================
// The old buffer API
// ==========================================================================
//
// CPython 3.11 keeps four functions of the pre-3.0 API (deprecated since
// 3.0) that older extensions still call. Each acquires a `PyBUF_SIMPLE`
// (or `PyBUF_WRITABLE`) view, copies out its pointer and length, and
// releases it at once: the pointer outlives the view, as in CPython, and
// stays valid only while the object's memory does not move (a bytes
// object, but not a resized bytearray or a JS buffer transferred away).

/// Acquires a `flags` view of `obj` through [`acquire`] and hands out its
/// pointer and length after releasing it (see the section note).
///
/// # Safety
/// `obj` is a live object; `buffer` and `len` are writable.
unsafe fn pointer_of(
    obj: *mut PyObject,
    flags: c_int,
    buffer: *mut *mut c_void,
    len: *mut Py_ssize_t,
) -> c_int {
    let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
    // SAFETY: a live object and a writable view (the contract).
    if unsafe { acquire(obj, view.as_mut_ptr(), flags, Acquirer::GetBuffer) } != 0 {
        return -1;
    }
    // SAFETY: `acquire` filled the view; the outputs are writable.
    unsafe {
        *buffer = (*view.as_ptr()).buf;
        *len = (*view.as_ptr()).len;
        PyBuffer_Release(view.as_mut_ptr());
    }
    0
}

/// The argument checks of the pointer getters: `SystemError("null argument
/// to internal routine")` (unless an error is pending) for a NULL argument.
fn null_argument() -> c_int {
    crate::objects::object::null_error();
    -1
}

/// `PyObject_CheckReadBuffer(obj)`: 1 when `obj` exports a simple
/// (contiguous) buffer, else 0, with no error set either way: an
/// exporter's refusal is cleared. Stricter than CPython: 0 for NULL, which
/// CPython dereferences.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CheckReadBuffer(obj: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    if obj.is_null() || unsafe { getbuffer_of(obj) }.is_none() {
        return 0;
    }
    let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
    let simple = pybuf::PyBUF_SIMPLE;
    // SAFETY: a live object and a writable view.
    if unsafe { acquire(obj, view.as_mut_ptr(), simple, Acquirer::GetBuffer) } != 0 {
        errors::PyErr_Clear();
        return 0;
    }
    // SAFETY: filled by `acquire` just now.
    unsafe { PyBuffer_Release(view.as_mut_ptr()) };
    1
}

/// `PyObject_AsCharBuffer(obj, &buffer, &len)`: a `PyBUF_SIMPLE` view's
/// pointer and length (see the section note); 0, or -1 with the export's
/// error (`TypeError` for an object without buffers).
///
/// # Safety
/// `obj` must be NULL or a live object; `buffer` and `len` NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_AsCharBuffer(
    obj: *mut PyObject,
    buffer: *mut *const c_char,
    len: *mut Py_ssize_t,
) -> c_int {
    // SAFETY: the same contract.
    unsafe { PyObject_AsReadBuffer(obj, buffer.cast(), len) }
}

/// `PyObject_AsReadBuffer(obj, &buffer, &len)`: as
/// [`PyObject_AsCharBuffer`], typed `const void *`.
///
/// # Safety
/// As for [`PyObject_AsCharBuffer`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_AsReadBuffer(
    obj: *mut PyObject,
    buffer: *mut *const c_void,
    len: *mut Py_ssize_t,
) -> c_int {
    if obj.is_null() || buffer.is_null() || len.is_null() {
        return null_argument();
    }
    // SAFETY: the contract; `*const` and `*mut` pointers have one layout.
    unsafe { pointer_of(obj, pybuf::PyBUF_SIMPLE, buffer.cast(), len) }
}

/// `PyObject_AsWriteBuffer(obj, &buffer, &len)`: a `PyBUF_WRITABLE` view's
/// pointer and length (see the section note). Any refusal, like an object
/// without buffers, becomes `TypeError("expected a writable bytes-like
/// object")`, as in CPython.
///
/// # Safety
/// As for [`PyObject_AsCharBuffer`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_AsWriteBuffer(
    obj: *mut PyObject,
    buffer: *mut *mut c_void,
    len: *mut Py_ssize_t,
) -> c_int {
    if obj.is_null() || buffer.is_null() || len.is_null() {
        return null_argument();
    }
    // SAFETY: the contract.
    if unsafe { pointer_of(obj, pybuf::PyBUF_WRITABLE, buffer, len) } != 0 {
        return fail(Exc::TypeError, "expected a writable bytes-like object");
    }
    0
}

// ==========================================================================
// Layout queries
// ==========================================================================

/// `PyBuffer_IsContiguous(view, order)`: 1 when `view` is contiguous in
/// `order` (`'C'`, `'F'`, or `'A'` for either), else 0. Views with
/// suboffsets are never contiguous; a strided 1-D view is not contiguous.
///
/// As in CPython an unknown order gives 0, and no exception is ever set.
/// Stricter: a NULL view gives 0 instead of crashing, and so does a view
/// that fails [`layout::check_view`] (`ndim` outside `0..=64`, no shape for
/// `ndim > 1`, `len` other than `product(shape) * itemsize`, ...), which
/// CPython would examine anyway, reading past its arrays when `ndim` lies.
///
/// # Safety
/// `view` must be NULL or a filled view.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBuffer_IsContiguous(view: *const Py_buffer, order: c_char) -> c_int {
    if view.is_null() {
        return 0;
    }
    // SAFETY: a filled view per the contract.
    let view = unsafe { &*view };
    let Some(order) = OrderArg::from_char(order) else {
        return 0;
    };
    // SAFETY: a filled view; its arrays are read only once ndim is checked.
    if unsafe { layout::check_view(view) }.is_err() {
        return 0;
    }
    // SAFETY: a checked view: its arrays hold `ndim` (0..=64) entries.
    unsafe { layout::is_contiguous(view, order) as c_int }
}

/// `PyBuffer_GetPointer(view, indices)`: the address of the item at
/// `indices` (one index per dimension), following suboffsets.
///
/// Stricter than CPython, which trusts its caller: returns NULL with
/// `IndexError` when an index is negative or not below its dimension's
/// length, `SystemError` for NULL arguments, and reconstructs missing
/// strides (C order) instead of dereferencing NULL.
///
/// # Safety
/// `view` must be NULL or a filled view; `indices` NULL or `ndim` entries.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBuffer_GetPointer(
    view: *const Py_buffer,
    indices: *const Py_ssize_t,
) -> *mut c_void {
    if view.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a filled view per the contract.
    let view = unsafe { &*view };
    if view.ndim > 0 && indices.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let mut scratch = Scratch::new();
    // SAFETY: a filled view per the contract.
    let result =
        unsafe { layout::resolve(view, &mut scratch, "PyBuffer_GetPointer") }.and_then(|layout| {
            let indices = if layout.shape.is_empty() {
                &[][..]
            } else {
                // SAFETY: `ndim` entries per the contract.
                unsafe { std::slice::from_raw_parts(indices, layout.shape.len()) }
            };
            // SAFETY: the exporter's layout describes valid memory.
            unsafe { layout::get_pointer(&layout, indices) }
        });
    match result {
        Ok(p) => p as *mut c_void,
        Err((exc, msg)) => errors::fail_null(exc, msg),
    }
}

/// `PyBuffer_FillContiguousStrides(ndim, shape, strides, itemsize, order)`:
/// fills `strides` for a contiguous array of `shape` in order `'F'`, or C
/// order for any other character (as CPython does).
///
/// Stricter: NULL arrays with `ndim > 0` set `SystemError` and write
/// nothing; a negative `ndim` writes nothing.
///
/// # Safety
/// `shape` and `strides` must hold `ndim` entries.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBuffer_FillContiguousStrides(
    ndim: c_int,
    shape: *const Py_ssize_t,
    strides: *mut Py_ssize_t,
    itemsize: c_int,
    order: c_char,
) {
    if ndim <= 0 {
        return;
    }
    if shape.is_null() || strides.is_null() {
        errors::PyErr_BadInternalCall();
        return;
    }
    let n = ndim as usize;
    // SAFETY: `ndim` entries each per the contract.
    let (shape, strides) = unsafe {
        (
            std::slice::from_raw_parts(shape, n),
            std::slice::from_raw_parts_mut(strides, n),
        )
    };
    let order = if u8::from_ne_bytes(order.to_ne_bytes()) == b'F' {
        copy::Order::F
    } else {
        copy::Order::C
    };
    layout::fill_contiguous_strides(shape, strides, itemsize as Py_ssize_t, order);
}

/// `PyBuffer_SizeFromFormat(format)`: the item size `struct.calcsize` gives
/// for `format`, or -1 with the exception CPython raises: `struct.error`
/// (the `struct` module's class, a subclass of the exported
/// `PyExc_StructError`) for a format `struct` rejects,
/// `UnicodeDecodeError` when `format` is not UTF-8 and `UnicodeEncodeError`
/// when it is not ASCII (CPython decodes it to `str`, then `struct` encodes
/// it as ASCII). A NULL format raises `SystemError`.
///
/// # Safety
/// `format` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBuffer_SizeFromFormat(format: *const c_char) -> Py_ssize_t {
    if format.is_null() {
        return bad_internal_call() as Py_ssize_t;
    }
    // SAFETY: NUL-terminated per the contract.
    let bytes = unsafe { CStr::from_ptr(format) }.to_bytes();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            crate::objects::unicodeobject::raise_decode_error(bytes, err);
            return -1;
        }
    };
    if let Some((start, end)) = non_ascii_run(text) {
        crate::objects::exceptions::raise_unicode_encode_error(
            "ascii",
            text,
            start,
            end,
            "ordinal not in range(128)",
        );
        return -1;
    }
    match format::calcsize(bytes) {
        Ok(size) => size as Py_ssize_t,
        Err(e) => crate::python::errors::fail_struct_error(&e.message) as Py_ssize_t,
    }
}

/// The first run of non-ASCII characters of `text`, as character indices
/// `start..end` (what CPython's ASCII encoder reports), or None.
fn non_ascii_run(text: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let start = chars.iter().position(|c| !c.is_ascii())?;
    let end = chars[start..]
        .iter()
        .position(|c| c.is_ascii())
        .map_or(chars.len(), |n| start + n);
    Some((start, end))
}

// ==========================================================================
// Copies
// ==========================================================================

/// Copies `len` bytes with memmove semantics, so overlapping memory is safe.
///
/// # Safety
/// `src` readable and `dst` writable for `len` bytes (either may be dangling
/// when `len == 0`).
unsafe fn move_bytes(dst: *mut c_void, src: *const c_void, len: usize) {
    if len > 0 {
        // SAFETY: valid for `len` bytes per the contract.
        unsafe { ptr::copy(src as *const u8, dst as *mut u8, len) }
    }
}

/// Whether the `len` bytes at `packed` may share bytes with the items of
/// `layout`: their byte ranges intersect. With suboffsets, the range is
/// that of every item and every pointer slot read on the way to one,
/// found by following the pointers (see [`copy::footprint`]).
///
/// `layout` must come from a checked view, whose item span fits in an
/// `isize`: the arithmetic below cannot overflow.
///
/// # Safety
/// With suboffsets, the pointer slots of `layout` are readable (as they
/// must be for the copy itself).
unsafe fn may_overlap(packed: *const u8, len: usize, layout: &Strided<'_>) -> bool {
    if len == 0 {
        return false;
    }
    let (start, end) = (packed as usize, packed as usize + len);
    if layout.suboffsets.is_some() {
        // SAFETY: the caller's guarantees.
        let (lo, hi) = unsafe { copy::footprint(layout) };
        return start < hi && lo < end;
    }
    let (mut lo, mut hi) = (0isize, layout.itemsize as isize);
    for (&dim, &stride) in layout.shape.iter().zip(layout.strides) {
        if dim == 0 {
            return false;
        }
        let span = (dim - 1) * stride;
        if span < 0 {
            lo += span;
        } else {
            hi += span;
        }
    }
    let base = layout.buf as usize;
    start < base.wrapping_add_signed(hi) && base.wrapping_add_signed(lo) < end
}

/// `PyBuffer_ToContiguous(buf, src, len, order)`: copies the items of `src`
/// into `buf` as a contiguous array in `order` (`'C'`, `'F'`, or `'A'`:
/// unchanged when `src` is already C- or F-contiguous, otherwise C order).
/// Handles every layout: strided (negative, zero, or non-multiple strides),
/// indirect with suboffsets, `ndim` 0 and zero-size shapes.
///
/// When `buf` overlaps the items of `src`, the result is as if the items
/// were packed into a temporary buffer first (CPython's result then depends
/// on its loop order).
///
/// Fails with `ValueError("PyBuffer_ToContiguous: len != view->len")` like
/// CPython. Stricter: `ValueError` for an invalid order or a negative `len`,
/// `SystemError` for NULL arguments, `ValueError`/`BufferError` for a view
/// whose `ndim`, shape or `len` are inconsistent.
///
/// # Safety
/// `src` must be NULL or a filled view; `buf` writable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBuffer_ToContiguous(
    buf: *mut c_void,
    src: *const Py_buffer,
    len: Py_ssize_t,
    order: c_char,
) -> c_int {
    const FUNC: &str = "PyBuffer_ToContiguous";
    if src.is_null() || (buf.is_null() && len != 0) {
        return bad_internal_call();
    }
    // SAFETY: a filled view per the contract.
    let src = unsafe { &*src };
    let order = match OrderArg::parse(order, FUNC) {
        Ok(order) => order,
        Err(e) => return raise_layout(e),
    };
    if len != src.len {
        return fail(Exc::ValueError, "PyBuffer_ToContiguous: len != view->len");
    }
    if len < 0 {
        return fail(Exc::ValueError, format!("{FUNC}: len is negative ({len})"));
    }
    let mut scratch = Scratch::new();
    // SAFETY: a filled view per the contract; resolving checks it first, so
    // `len` below is the one its shape and itemsize make.
    let layout = match unsafe { layout::resolve(src, &mut scratch, FUNC) } {
        Ok(layout) => layout,
        Err(e) => return raise_layout(e),
    };
    // SAFETY: a checked view.
    if unsafe { layout::is_contiguous(src, order) } {
        // SAFETY: a checked contiguous view spans `len` bytes at `buf`; the
        // destination holds `len` bytes per the contract.
        unsafe { move_bytes(buf, src.buf, len as usize) };
    // SAFETY: a checked layout, whose pointer slots are readable.
    } else if unsafe { may_overlap(buf as *const u8, len as usize, &layout) } {
        let mut staged = vec![0u8; len as usize];
        // SAFETY: a checked layout; `staged` holds `len` = product(shape) *
        // itemsize bytes and overlaps nothing.
        unsafe { copy::pack(staged.as_mut_ptr(), &layout, order.packed()) };
        // SAFETY: `buf` holds `len` bytes per the contract.
        unsafe { move_bytes(buf, staged.as_ptr().cast(), len as usize) };
    } else {
        // SAFETY: a checked layout; `buf` holds `len` = product(shape) *
        // itemsize bytes and overlaps none of its items.
        unsafe { copy::pack(buf as *mut u8, &layout, order.packed()) };
    }
    0
}

/// `PyBuffer_FromContiguous(view, buf, len, order)`: copies the contiguous
/// array `buf`, read in `order`, into the items of `view`. As in CPython,
/// only `min(len, view->len)` bytes are used: for a contiguous view that
/// many bytes are copied, otherwise that many whole items.
///
/// When `buf` overlaps the items of `view`, the result is as if `buf` were
/// copied to a temporary buffer first. Where items of `view` overlap each
/// other, they are written in CPython's order, so the last write wins as
/// there.
///
/// Stricter than CPython: fails with `BufferError` when `view` is
/// read-only, `ValueError` for a negative `len` or an invalid order, and
/// `SystemError` for NULL arguments. It never writes outside the view's
/// items.
///
/// # Safety
/// `view` must be NULL or a filled view; `buf` readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyBuffer_FromContiguous(
    view: *const Py_buffer,
    buf: *const c_void,
    len: Py_ssize_t,
    order: c_char,
) -> c_int {
    const FUNC: &str = "PyBuffer_FromContiguous";
    if view.is_null() || (buf.is_null() && len > 0) {
        return bad_internal_call();
    }
    // SAFETY: a filled view per the contract.
    let view = unsafe { &*view };
    let order = match OrderArg::parse(order, FUNC) {
        Ok(order) => order,
        Err(e) => return raise_layout(e),
    };
    if len < 0 {
        return fail(Exc::ValueError, format!("{FUNC}: len is negative ({len})"));
    }
    if view.readonly != 0 {
        return fail(Exc::BufferError, format!("{FUNC}: view is read-only"));
    }
    let mut scratch = Scratch::new();
    // SAFETY: a filled view per the contract; resolving checks it first, so
    // `view.len` below is the one its shape and itemsize make.
    let layout = match unsafe { layout::resolve(view, &mut scratch, FUNC) } {
        Ok(layout) => layout,
        Err(e) => return raise_layout(e),
    };
    let len = len.min(view.len);
    // SAFETY: a checked view.
    if unsafe { layout::is_contiguous(view, order) } {
        // SAFETY: a checked contiguous view spans view->len >= len bytes;
        // `buf` holds `len`.
        unsafe { move_bytes(view.buf, buf, len as usize) };
    } else {
        let nitems = len as usize / layout.itemsize;
        let used = nitems * layout.itemsize;
        // SAFETY: a checked layout, whose pointer slots are readable.
        let overlap = unsafe { may_overlap(buf as *const u8, used, &layout) };
        let staged: Option<Vec<u8>> = overlap.then(|| {
            let mut staged = vec![0u8; used];
            // SAFETY: `buf` holds `len >= used` bytes per the contract.
            unsafe { move_bytes(staged.as_mut_ptr().cast(), buf, used) };
            staged
        });
        let from = staged.as_ref().map_or(buf as *const u8, |s| s.as_ptr());
        // SAFETY: a checked layout; `from` holds `nitems` items and, when
        // staged, overlaps nothing.
        unsafe { copy::unpack(&layout, from, nitems, order.packed()) };
    }
    0
}

/// `PyObject_CopyData(dest, src)`: copies the items of `src` into `dest`.
///
/// Fails like CPython with `TypeError` when either object exports no
/// buffer, with the exporter's error when `dest` is not writable, and with
/// `BufferError("destination is too small to receive data from source")`.
/// When both are C-contiguous (or both F-contiguous) the bytes are copied
/// as is.
///
/// Otherwise, like CPython, each item of `src` is copied to the item of
/// `dest` at the same indices (so a smaller `src` fills the leading block of
/// a larger `dest`), in CPython's order: index `(0, …, 0, 1)` first and
/// `(0, …, 0)` last, which shows when `dest` overlaps itself or `src`. An
/// empty `src` copies nothing.
///
/// Stricter: where CPython's indices would not address items of `dest`
/// (different `ndim`, a `src` dimension longer than `dest`'s, or different
/// item sizes), it writes to the wrong items or out of bounds. pybuffer
/// then packs `src` in C order when `dest` is C-contiguous, and otherwise
/// fails with `BufferError`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CopyData(dest: *mut PyObject, src: *mut PyObject) -> c_int {
    // SAFETY: NULL or live per the contract.
    if unsafe { PyObject_CheckBuffer(dest) == 0 || PyObject_CheckBuffer(src) == 0 } {
        return fail(
            Exc::TypeError,
            "both destination and source must be bytes-like objects",
        );
    }
    let mut dview = Py_buffer::zeroed();
    let mut sview = Py_buffer::zeroed();
    // SAFETY: live objects; the views are local.
    if unsafe { PyObject_GetBuffer(dest, &mut dview, PyBUF_FULL) } != 0 {
        return -1;
    }
    // SAFETY: as above.
    if unsafe { PyObject_GetBuffer(src, &mut sview, PyBUF_FULL_RO) } != 0 {
        // SAFETY: acquired above.
        unsafe { PyBuffer_Release(&mut dview) };
        return -1;
    }
    // SAFETY: both views were just filled by their exporters.
    let result = unsafe { copy_views(&dview, &sview) };
    // SAFETY: both acquired above.
    unsafe {
        PyBuffer_Release(&mut dview);
        PyBuffer_Release(&mut sview);
    }
    match result {
        Ok(()) => 0,
        Err(e) => raise_layout(e),
    }
}

/// The copy behind `PyObject_CopyData`, between two acquired views.
///
/// # Safety
/// Both views must be filled with `PyBUF_FULL` information.
unsafe fn copy_views(dest: &Py_buffer, src: &Py_buffer) -> Result<(), LayoutError> {
    const FUNC: &str = "PyObject_CopyData";
    let (mut ds, mut ss) = (Scratch::new(), Scratch::new());
    // SAFETY: a filled view, checked before anything else reads it.
    let d: Strided<'_> = unsafe { layout::resolve(dest, &mut ds, FUNC) }?;
    // SAFETY: as above.
    let s: Strided<'_> = unsafe { layout::resolve(src, &mut ss, FUNC) }?;
    if dest.len < src.len {
        return Err((
            Exc::BufferError,
            "destination is too small to receive data from source".into(),
        ));
    }
    // SAFETY: (both) checked views.
    let both = |o| unsafe { layout::is_contiguous(dest, o) && layout::is_contiguous(src, o) };
    if both(OrderArg::C) || both(OrderArg::F) {
        // SAFETY: both checked and contiguous; dest holds at least src.len
        // bytes.
        unsafe { move_bytes(dest.buf, src.buf, src.len as usize) };
        return Ok(());
    }
    if s.shape.contains(&0) {
        // CPython's loop runs product(src.shape) == 0 times.
        return Ok(());
    }
    // CPython addresses dest with src's indices. When every src index is
    // also a dest index (same ndim, no dimension of src longer), that is
    // well defined: src lands in the leading block of dest.
    let fits = d.shape.len() == s.shape.len()
        && d.itemsize == s.itemsize
        && s.shape.iter().zip(d.shape).all(|(sn, dn)| sn <= dn);
    if fits {
        let block = Strided {
            shape: s.shape,
            ..d
        };
        // SAFETY: validated layouts; `block` addresses a subset of dest's
        // items and has src's shape and itemsize.
        unsafe { copy::copy_between(&block, &s) };
        return Ok(());
    }
    // SAFETY: filled view with valid ndim.
    if unsafe { layout::is_contiguous(dest, OrderArg::C) } {
        // SAFETY: dest is contiguous and holds at least src.len bytes.
        unsafe { copy::pack(dest.buf as *mut u8, &s, copy::Order::C) };
        return Ok(());
    }
    Err((
        Exc::BufferError,
        format!(
            "{FUNC}: destination and source have different shapes or item sizes and the destination is not C-contiguous"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::errors::take_error;

    fn size_error(format: &[u8]) -> (String, String) {
        let c = std::ffi::CString::new(format).unwrap();
        // SAFETY: a NUL-terminated format.
        assert_eq!(unsafe { PyBuffer_SizeFromFormat(c.as_ptr()) }, -1);
        let e = take_error().unwrap();
        // As Python names it: `struct.error` is a heap type named `error`
        // in module `struct`.
        (e.qualified_name, e.message)
    }

    #[test]
    fn size_from_format_reports_unicode_errors_like_cpython() {
        assert_eq!(
            size_error(b"\xff"),
            (
                "UnicodeDecodeError".into(),
                "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte".into()
            )
        );
        assert_eq!(
            size_error("i\u{e9}".as_bytes()),
            ("UnicodeEncodeError".into(), "'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)".into())
        );
        assert_eq!(
            size_error("\u{20ac}\u{e9}i".as_bytes()),
            (
                "UnicodeEncodeError".into(),
                "'ascii' codec can't encode characters in position 0-1: ordinal not in range(128)"
                    .into()
            )
        );
        assert_eq!(
            size_error(b"z"),
            ("struct.error".into(), "bad char in struct format".into())
        );
    }
}
