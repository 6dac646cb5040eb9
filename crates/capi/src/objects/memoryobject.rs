//! memoryview: the built-in exporter (CPython's `Objects/memoryobject.c`).
//!
//! As in CPython, memoryviews that come from one exporter share a *managed
//! buffer*: a single `Py_buffer` acquired from the exporter with
//! `PyBUF_FULL_RO` and released when the last memoryview using it is gone.
//! Each memoryview has a private copy of shape, strides and suboffsets, and
//! counts the buffers it exports itself; a buffer exported from a
//! memoryview holds a reference to it, so the chain exporter → managed
//! buffer → memoryview → consumer's view stays alive until the consumer's
//! last `PyBuffer_Release`.
//!
//! `memory_getbuf` applies CPython's rules for every flag combination:
//! writability, format, C/F/any contiguity, strides, shape and indirection.
//!
//! The Python-level behaviour lives in three submodules: [`items`]
//! (indexing, slicing, item and slice assignment), [`compare`] (`==`, `!=`,
//! `hash()`) and [`methods`] (the methods, attributes, iterator and
//! `memoryview(object)`). A memoryview can be released (`release()`, or
//! leaving a `with` block) once no buffer exported from it is held: it then
//! drops its managed buffer at once, and every operation but `repr()`,
//! `release()` and a cached `hash()` fails with `ValueError("operation
//! forbidden on released memoryview object")`.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, CString, c_char, c_int};
use std::ptr;
use std::sync::Arc;
use std::sync::atomic::{AtomicIsize, Ordering};

use crate::buffer::{
    Acquirer, PyBuffer_FillInfo, PyBuffer_Release, PyObject_CheckBuffer, truncated_name,
};
use crate::copy;
use crate::ffi::*;
use crate::layout::{self, OrderArg, Scratch};
use crate::objects::exceptions::Exc;
use crate::objects::object::{self, type_name_of};
use crate::objects::typeobject::PyType_Type;
use crate::python::errors::{self, fail, fail_null};

mod compare;
mod items;
mod methods;
// bytes.hex() and bytearray.hex() format alike.
pub(crate) use methods::{MEMORY_ITER_TYPE, hex_digits, strhex};

// ==========================================================================
// Managed buffer
// ==========================================================================

/// The exporter's buffer, shared by all memoryviews made from it.
struct ManagedBuffer {
    master: Py_buffer,
    /// Memory the managed buffer owns itself (contiguous copies).
    _owned: Option<Box<[u8]>>,
    /// A private copy of the format, so it outlives a caller's `Py_buffer`.
    _format: Option<CString>,
}

// SAFETY: the master buffer is written only while the ManagedBuffer is
// being built; afterwards it is read-only, and its release (in Drop) runs
// once. Refcounts are atomic, so the release may happen on any thread.
unsafe impl Send for ManagedBuffer {}
// SAFETY: as above.
unsafe impl Sync for ManagedBuffer {}

impl Drop for ManagedBuffer {
    fn drop(&mut self) {
        // SAFETY: `master` was filled by the exporter (or has a NULL obj, in
        // which case this is a no-op); it is released exactly once.
        unsafe { PyBuffer_Release(&mut self.master) };
    }
}

/// Acquires `base`'s buffer with `flags` into a new managed buffer.
///
/// # Safety
/// `base` must be a live object.
unsafe fn managed_from_object(base: *mut PyObject, flags: c_int) -> Option<Arc<ManagedBuffer>> {
    let mut mbuf = Arc::new(ManagedBuffer {
        master: Py_buffer::zeroed(),
        _owned: None,
        _format: None,
    });
    // Fill the master in its final place: exporters such as those using
    // PyBuffer_FillInfo point shape and strides into the Py_buffer itself.
    let master = &mut Arc::get_mut(&mut mbuf).expect("fresh Arc is unique").master;
    // SAFETY: live per the contract; `master` is writable and never moves.
    if unsafe { crate::buffer::acquire(base, master, flags, Acquirer::MemoryView) } < 0 {
        master.obj = ptr::null_mut();
        return None;
    }
    Some(mbuf)
}

// ==========================================================================
// The memoryview object
// ==========================================================================

/// `_Py_MEMORYVIEW_*` property flags (CPython's values).
const MV_RELEASED: c_int = 0x001;
const MV_C: c_int = 0x002;
const MV_FORTRAN: c_int = 0x004;
const MV_SCALAR: c_int = 0x008;
const MV_PIL: c_int = 0x010;

/// CPython 3.11's `PyMemoryViewObject`, offset for offset up to
/// `weakreflist`, so that `PyMemoryView_GET_BUFFER` finds `view` in an
/// extension built against either set of headers (a wheel for CPython
/// too). Where CPython keeps the shape, strides and suboffsets in the
/// object's variable part (`ob_array`), pybuffer keeps them in `arrays`.
#[repr(C)]
pub struct PyMemoryViewObject {
    /// Object header.
    pub ob_base: PyObject,
    /// CPython's `ob_size` (3 × ndim there, the length of `ob_array`):
    /// the same count here, read by nothing.
    ob_size: Py_ssize_t,
    /// The managed buffer (an `Arc` raw pointer; opaque to C).
    pub mbuf: *const std::ffi::c_void,
    /// The cached `hash()`, -1 until computed.
    hash: Py_hash_t,
    /// `_Py_MEMORYVIEW_*` flags.
    pub flags: c_int,
    /// Buffers currently exported from this memoryview (atomic).
    pub exports: Py_ssize_t,
    /// The memoryview's own view: full shape and strides, suboffsets as
    /// needed. `view.obj` is the exporter (borrowed from the managed buffer).
    pub view: Py_buffer,
    /// The head of the list of weak references to this memoryview.
    weakreflist: *mut PyObject,
    /// Backing store for `view.shape`, `view.strides`, `view.suboffsets`.
    arrays: Box<[Py_ssize_t]>,
}

// CPython 3.11's offsets on 64-bit platforms.
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(std::mem::offset_of!(PyMemoryViewObject, mbuf) == 24);
    assert!(std::mem::offset_of!(PyMemoryViewObject, hash) == 32);
    assert!(std::mem::offset_of!(PyMemoryViewObject, flags) == 40);
    assert!(std::mem::offset_of!(PyMemoryViewObject, exports) == 48);
    assert!(std::mem::offset_of!(PyMemoryViewObject, view) == 56);
    assert!(std::mem::offset_of!(PyMemoryViewObject, weakreflist) == 136);
};

static MEMORYVIEW_PROCS: StaticObject<PyBufferProcs> = StaticObject::new(PyBufferProcs {
    bf_getbuffer: Some(memory_getbuf),
    bf_releasebuffer: Some(memory_releasebuf),
});

/// `len()`, item access and assignment, for the abstract mapping and
/// sequence entry points alike (CPython's tables: there is no
/// `sq_ass_item`, so `PySequence_SetItem` refuses a memoryview).
static MEMORYVIEW_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(memory_length),
    mp_subscript: Some(items::memory_subscript),
    mp_ass_subscript: Some(items::memory_ass_sub),
};

static MEMORYVIEW_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_length: Some(memory_length),
    sq_concat: None,
    sq_repeat: None,
    sq_item: Some(items::memory_item),
    was_sq_slice: ptr::null_mut(),
    sq_ass_item: None,
    was_sq_ass_slice: ptr::null_mut(),
    sq_contains: None,
    sq_inplace_concat: None,
    sq_inplace_repeat: None,
};

/// CPython's `memory_length`: the first dimension's extent, 1 for a
/// 0-dimensional view.
///
/// # Safety
/// `op` must be a live memoryview.
unsafe extern "C" fn memory_length(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live memoryview per the contract; `view.shape` has `ndim`
    // entries when ndim > 0.
    unsafe {
        if !check_released(op.cast()) {
            return -1;
        }
        let view = &raw const (*op.cast::<PyMemoryViewObject>()).view;
        if (*view).ndim == 0 { 1 } else { *(*view).shape }
    }
}

/// `PyMemoryView_Type`.
#[unsafe(no_mangle)]
pub static PyMemoryView_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"memoryview".as_ptr();
    ty.tp_basicsize = std::mem::size_of::<PyMemoryViewObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(memory_dealloc);
    ty.tp_repr = Some(memory_repr);
    ty.tp_as_buffer = MEMORYVIEW_PROCS.get();
    ty.tp_as_mapping = &raw const MEMORYVIEW_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_as_sequence = &raw const MEMORYVIEW_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_hash = Some(compare::memory_hash);
    ty.tp_richcompare = Some(compare::memory_richcompare);
    ty.tp_iter = Some(methods::memory_iter);
    ty.tp_methods = methods::MEMORY_METHODS.get().cast();
    ty.tp_getset = methods::MEMORY_GETSETS.get().cast();
    ty.tp_new = Some(methods::memory_new);
    ty.tp_flags = Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_SEQUENCE;
    ty.tp_weaklistoffset = std::mem::offset_of!(PyMemoryViewObject, weakreflist) as Py_ssize_t;
    ty
});

/// `repr(memoryview)`: `<memory at 0x…>`, or `<released memory at 0x…>`.
unsafe extern "C" fn memory_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live memoryview (the slot's contract).
    let released = if unsafe { is_released(op.cast()) } {
        "released "
    } else {
        ""
    };
    crate::objects::unicodeobject::unicode_from_str(&format!("<{released}memory at {op:p}>"))
}

/// Whether the memoryview was released.
///
/// # Safety
/// `mv` must be a live memoryview.
unsafe fn is_released(mv: *mut PyMemoryViewObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*mv).flags & MV_RELEASED != 0 }
}

/// CPython's `CHECK_RELEASED`: false, with `ValueError` set, for a released
/// memoryview.
///
/// # Safety
/// `mv` must be a live memoryview.
unsafe fn check_released(mv: *mut PyMemoryViewObject) -> bool {
    // SAFETY: live per the contract.
    if unsafe { is_released(mv) } {
        errors::raise(
            Exc::ValueError,
            "operation forbidden on released memoryview object",
        );
        return false;
    }
    true
}

/// CPython's `_memory_release`: releases the memoryview's hold on its
/// managed buffer (the exporter's buffer goes when no other memoryview
/// holds it). A no-op for a released view; `BufferError("memoryview has N
/// exported buffer(s)")` while buffers exported from it are held.
///
/// # Safety
/// `mv` must be a live memoryview.
unsafe fn release(mv: *mut PyMemoryViewObject) -> c_int {
    // SAFETY: live per the contract.
    unsafe {
        if is_released(mv) {
            return 0;
        }
        let n = exports(mv).load(Ordering::Acquire);
        if n > 0 {
            return fail(
                Exc::BufferError,
                format!(
                    "memoryview has {n} exported buffer{}",
                    if n == 1 { "" } else { "s" }
                ),
            );
        }
        if n < 0 {
            return fail(Exc::SystemError, "_memory_release(): negative export count");
        }
        (*mv).flags |= MV_RELEASED;
        // The exporter's memory and format may go with the managed buffer:
        // nothing may reach them through this view any more.
        (*mv).view.buf = ptr::null_mut();
        (*mv).view.obj = ptr::null_mut();
        (*mv).view.format = ptr::null_mut();
        let mbuf = std::mem::replace(&mut (*mv).mbuf, ptr::null());
        // SAFETY: the memoryview's reference, taken by `Arc::into_raw`.
        drop(Arc::from_raw(mbuf as *const ManagedBuffer));
    }
    0
}

/// True when `op` is a memoryview.
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn is_memoryview(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    !op.is_null() && unsafe { (*op).ob_type } == PyMemoryView_Type.get()
}

/// Borrows the managed buffer of a memoryview.
///
/// # Safety
/// `mv` must be a live memoryview that is not released.
unsafe fn mbuf_of(mv: *mut PyMemoryViewObject) -> Arc<ManagedBuffer> {
    // SAFETY: `mbuf` came from `Arc::into_raw` and the memoryview still owns
    // that reference; taking another one leaves it intact.
    unsafe {
        let raw = (*mv).mbuf as *const ManagedBuffer;
        Arc::increment_strong_count(raw);
        Arc::from_raw(raw)
    }
}

/// CPython's `init_flags`: the contiguity properties of `view`.
///
/// # Safety
/// `view` has full shape and strides for its `ndim`.
unsafe fn compute_flags(view: &Py_buffer) -> c_int {
    let mut flags = match view.ndim {
        0 => MV_SCALAR | MV_C | MV_FORTRAN,
        1 => {
            // SAFETY: ndim 1 with full shape and strides.
            let (n, s) = unsafe { (*view.shape, *view.strides) };
            if n == 1 || s == view.itemsize {
                MV_C | MV_FORTRAN
            } else {
                0
            }
        }
        _ => {
            let mut f = 0;
            // SAFETY: full information per the contract.
            if unsafe { layout::is_contiguous(view, OrderArg::C) } {
                f |= MV_C;
            }
            // SAFETY: full information per the contract.
            if unsafe { layout::is_contiguous(view, OrderArg::F) } {
                f |= MV_FORTRAN;
            }
            f
        }
    };
    if !view.suboffsets.is_null() {
        flags |= MV_PIL;
        flags &= !(MV_C | MV_FORTRAN);
    }
    flags
}

/// Creates a memoryview registered with `mbuf`, copying the layout of `src`
/// (the managed buffer's master when None) and reconstructing missing shape
/// and strides as CPython's `init_shape_strides` does.
///
/// # Safety
/// `src` must be a filled view whose arrays hold `ndim` entries.
unsafe fn add_view(mbuf: Arc<ManagedBuffer>, src: Option<&Py_buffer>) -> *mut PyObject {
    let src: *const Py_buffer = src.map_or(&raw const mbuf.master, |s| s);
    // SAFETY: either the caller's view or the master inside the Arc's heap
    // allocation, which stays put when the Arc handle moves below.
    let src = unsafe { &*src };
    if src.ndim > PyBUF_MAX_NDIM {
        return fail_null(
            Exc::ValueError,
            "memoryview: number of dimensions must not exceed 64",
        );
    }
    if src.ndim < 0 {
        return fail_null(Exc::ValueError, "memoryview: ndim must not be negative");
    }
    let ndim = src.ndim as usize;
    if ndim > 1 && src.shape.is_null() {
        return fail_null(
            Exc::BufferError,
            "memoryview: a view with ndim > 1 must have a shape",
        );
    }
    if ndim >= 1 && src.itemsize <= 0 {
        return fail_null(Exc::ValueError, "memoryview: itemsize must be positive");
    }
    let mut arrays = vec![0 as Py_ssize_t; 3 * ndim].into_boxed_slice();
    let (shape, rest) = arrays.split_at_mut(ndim);
    let (strides, suboffsets) = rest.split_at_mut(ndim);
    // `src`'s non-NULL arrays hold `ndim` entries (the contract).
    if ndim == 1 {
        shape[0] = if src.shape.is_null() {
            src.len / src.itemsize
        } else {
            // SAFETY: one entry.
            unsafe { *src.shape }
        };
        strides[0] = if src.strides.is_null() {
            src.itemsize
        } else {
            // SAFETY: one entry.
            unsafe { *src.strides }
        };
    } else if ndim > 1 {
        // SAFETY: `ndim` entries; a NULL shape was refused above.
        shape.copy_from_slice(unsafe { std::slice::from_raw_parts(src.shape, ndim) });
        if src.strides.is_null() {
            layout::fill_contiguous_strides(shape, strides, src.itemsize, copy::Order::C);
        } else {
            // SAFETY: `ndim` entries.
            strides.copy_from_slice(unsafe { std::slice::from_raw_parts(src.strides, ndim) });
        }
    }
    let has_suboffsets = !src.suboffsets.is_null() && ndim > 0;
    if has_suboffsets {
        // SAFETY: `ndim` entries per the contract.
        suboffsets.copy_from_slice(unsafe { std::slice::from_raw_parts(src.suboffsets, ndim) });
    }
    let view = Py_buffer {
        buf: src.buf,
        obj: src.obj,
        len: src.len,
        itemsize: src.itemsize,
        readonly: src.readonly,
        ndim: src.ndim,
        format: if src.format.is_null() {
            c"B".as_ptr() as *mut c_char
        } else {
            src.format
        },
        shape: ptr::null_mut(),
        strides: ptr::null_mut(),
        suboffsets: ptr::null_mut(),
        internal: src.internal,
    };
    let mut mv = Box::new(PyMemoryViewObject {
        ob_base: PyObject {
            ob_refcnt: 1,
            ob_type: PyMemoryView_Type.get(),
        },
        ob_size: 3 * ndim as Py_ssize_t,
        mbuf: Arc::into_raw(mbuf) as *const _,
        hash: -1,
        flags: 0,
        exports: 0,
        view,
        weakreflist: ptr::null_mut(),
        arrays,
    });
    if ndim > 0 {
        let base = mv.arrays.as_mut_ptr();
        mv.view.shape = base;
        // SAFETY: the arrays box holds 3 * ndim entries.
        unsafe {
            mv.view.strides = base.add(ndim);
            if has_suboffsets {
                mv.view.suboffsets = base.add(2 * ndim);
            }
        }
    }
    // SAFETY: the view now has full shape and strides.
    mv.flags = unsafe { compute_flags(&mv.view) };
    Box::into_raw(mv) as *mut PyObject
}

/// `tp_dealloc` of memoryview: unregisters from the managed buffer (which
/// releases the exporter's buffer when this was the last memoryview).
///
/// # Safety
/// `op` must be an unreferenced memoryview.
unsafe extern "C" fn memory_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced memoryview, as the weak references expect.
    unsafe { crate::objects::weakrefobject::clear_weakrefs_of(op) };
    // SAFETY: memoryviews are allocated as `Box<PyMemoryViewObject>` in
    // `add_view` and nothing else references this one.
    let mv = unsafe { Box::from_raw(op as *mut PyMemoryViewObject) };
    if !mv.mbuf.is_null() {
        // SAFETY: `mbuf` holds the reference taken by `Arc::into_raw` (a
        // released view has given it up already).
        drop(unsafe { Arc::from_raw(mv.mbuf as *const ManagedBuffer) });
    }
}

/// The export counter of a memoryview.
///
/// # Safety
/// `mv` must be a live memoryview.
unsafe fn exports<'a>(mv: *mut PyMemoryViewObject) -> &'a AtomicIsize {
    // SAFETY: an aligned isize in a live object, only accessed atomically.
    unsafe { AtomicIsize::from_ptr(&raw mut (*mv).exports) }
}

/// `bf_getbuffer` of memoryview (CPython's `memory_getbuf`).
///
/// # Safety
/// `op` must be a live memoryview, `view` writable.
unsafe extern "C" fn memory_getbuf(op: *mut PyObject, view: *mut Py_buffer, flags: c_int) -> c_int {
    let mv = op as *mut PyMemoryViewObject;
    // SAFETY: live per the contract.
    if unsafe { !check_released(mv) } {
        return -1;
    }
    // SAFETY: live per the contract.
    let (base, baseflags) = unsafe { (&(*mv).view, (*mv).flags) };
    let mut out = Py_buffer {
        obj: ptr::null_mut(),
        ..*base
    };

    let req = |bits: c_int| flags & bits == bits;
    if flags & PyBUF_WRITABLE != 0 && base.readonly != 0 {
        return fail(
            Exc::BufferError,
            "memoryview: underlying buffer is not writable",
        );
    }
    if flags & PyBUF_FORMAT == 0 {
        // The consumer reads unsigned bytes; itemsize keeps the old value.
        out.format = ptr::null_mut();
    }
    if req(PyBUF_C_CONTIGUOUS) && baseflags & (MV_SCALAR | MV_C) == 0 {
        return fail(
            Exc::BufferError,
            "memoryview: underlying buffer is not C-contiguous",
        );
    }
    if req(PyBUF_F_CONTIGUOUS) && baseflags & (MV_SCALAR | MV_FORTRAN) == 0 {
        return fail(
            Exc::BufferError,
            "memoryview: underlying buffer is not Fortran contiguous",
        );
    }
    if req(PyBUF_ANY_CONTIGUOUS) && baseflags & (MV_SCALAR | MV_C | MV_FORTRAN) == 0 {
        return fail(
            Exc::BufferError,
            "memoryview: underlying buffer is not contiguous",
        );
    }
    if !req(PyBUF_INDIRECT) && baseflags & MV_PIL != 0 {
        return fail(
            Exc::BufferError,
            "memoryview: underlying buffer requires suboffsets",
        );
    }
    if !req(PyBUF_STRIDES) {
        if baseflags & (MV_SCALAR | MV_C) == 0 {
            return fail(
                Exc::BufferError,
                "memoryview: underlying buffer is not C-contiguous",
            );
        }
        out.strides = ptr::null_mut();
    }
    if !req(PyBUF_ND) {
        if !out.format.is_null() {
            return fail(
                Exc::BufferError,
                "memoryview: cannot cast to unsigned bytes if the format flag is present",
            );
        }
        out.ndim = 1;
        out.shape = ptr::null_mut();
    }
    // SAFETY: `op` is live; the view takes a reference to the memoryview.
    unsafe { object::Py_IncRef(op) };
    out.obj = op;
    // SAFETY: live per the contract.
    unsafe { exports(mv) }.fetch_add(1, Ordering::AcqRel);
    // SAFETY: writable per the contract.
    unsafe { *view = out };
    0
}

/// `bf_releasebuffer` of memoryview: counts the export as returned
/// (`PyBuffer_Release` drops the reference).
///
/// # Safety
/// `op` must be a live memoryview.
unsafe extern "C" fn memory_releasebuf(op: *mut PyObject, _view: *mut Py_buffer) {
    // SAFETY: live per the contract.
    unsafe { exports(op as *mut PyMemoryViewObject) }.fetch_sub(1, Ordering::AcqRel);
}

// ==========================================================================
// C entry points
// ==========================================================================

/// `PyMemoryView_Check(op)`: 1 when `op` is a memoryview (0 for NULL).
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMemoryView_Check(op: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { is_memoryview(op) as c_int }
}

/// `PyMemoryView_GET_BUFFER(op)` as a function: the memoryview's own view
/// (borrowed; valid while the memoryview lives). NULL when `op` is not a
/// memoryview.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMemoryView_GET_BUFFER(op: *mut PyObject) -> *mut Py_buffer {
    // SAFETY: forwarded contract.
    if unsafe { !is_memoryview(op) } {
        return ptr::null_mut();
    }
    // SAFETY: a live memoryview.
    unsafe { &raw mut (*(op as *mut PyMemoryViewObject)).view }
}

/// Turns a fresh memoryview over a contiguous buffer without suboffsets
/// into a "raw" one: unsigned bytes, one dimension of `len` items, stride 1
/// (what `PickleBuffer.raw()` returns; CPython mutates the memoryview the
/// same way rather than casting, which would refuse a Fortran-contiguous
/// view).
///
/// # Safety
/// `op` must be a live memoryview no one else has seen yet, whose view is
/// C- or Fortran-contiguous and has no suboffsets.
pub(crate) unsafe fn make_raw_bytes(op: *mut PyObject) {
    let mv = op.cast::<PyMemoryViewObject>();
    // SAFETY: a live memoryview nothing else references yet (the
    // contract), so its fields may be rewritten; the new arrays box lives
    // as long as the memoryview.
    unsafe {
        let len = (*mv).view.len;
        (*mv).arrays = vec![len, 1].into_boxed_slice();
        let base = (*mv).arrays.as_mut_ptr();
        (*mv).view.format = c"B".as_ptr().cast_mut();
        (*mv).view.ndim = 1;
        (*mv).view.itemsize = 1;
        (*mv).view.shape = base;
        (*mv).view.strides = base.add(1);
        (*mv).view.suboffsets = ptr::null_mut();
        (*mv).flags = MV_C | MV_FORTRAN;
    }
}

/// The number of buffers currently exported from memoryview `op` (-1 if
/// `op` is not a memoryview).
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn memoryview_exports(op: *mut PyObject) -> isize {
    // SAFETY: forwarded contract.
    if unsafe { !is_memoryview(op) } {
        return -1;
    }
    // SAFETY: a live memoryview.
    unsafe { exports(op as *mut PyMemoryViewObject) }.load(Ordering::Acquire)
}

/// `PyMemoryView_FromObject(obj)`: a memoryview of any exporter. A
/// memoryview argument gives a new memoryview registered with the same
/// managed buffer.
///
/// Fails with `TypeError("memoryview: a bytes-like object is required, not
/// 'T'")` (the type name cut to 200 bytes, as CPython does), with the
/// exporter's error, or `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMemoryView_FromObject(obj: *mut PyObject) -> *mut PyObject {
    if obj.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    if unsafe { is_memoryview(obj) } {
        let mv = obj as *mut PyMemoryViewObject;
        // SAFETY: a live memoryview.
        if unsafe { !check_released(mv) } {
            return ptr::null_mut();
        }
        // SAFETY: a live memoryview; its view lives as long as it does.
        return unsafe { add_view(mbuf_of(mv), Some(&(*mv).view)) };
    }
    // SAFETY: live per the contract.
    if unsafe { PyObject_CheckBuffer(obj) } != 0 {
        // SAFETY: live per the contract.
        return match unsafe { managed_from_object(obj, PyBUF_FULL_RO) } {
            // SAFETY: the master was just filled by the exporter.
            Some(mbuf) => unsafe { add_view(mbuf, None) },
            None => ptr::null_mut(),
        };
    }
    fail_null(
        Exc::TypeError,
        format!(
            "memoryview: a bytes-like object is required, not '{}'",
            // SAFETY: live per the contract.
            truncated_name(unsafe { type_name_of(obj) }, 200)
        ),
    )
}

/// `PyMemoryView_FromMemory(mem, size, flags)`: a 1-D memoryview of
/// unsigned bytes over caller-owned memory; `flags` is `PyBUF_READ` or
/// `PyBUF_WRITE`.
///
/// Stricter than CPython (which asserts): `SystemError` for a NULL `mem` or
/// flags other than `PyBUF_READ`/`PyBUF_WRITE`, `ValueError` for a negative
/// size.
///
/// # Safety
/// `mem` must be valid for `size` bytes while the memoryview or any buffer
/// exported from it is alive.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMemoryView_FromMemory(
    mem: *mut c_char,
    size: Py_ssize_t,
    flags: c_int,
) -> *mut PyObject {
    if mem.is_null() || (flags != PyBUF_READ && flags != PyBUF_WRITE) {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let readonly = (flags != PyBUF_WRITE) as c_int;
    let mut mbuf = Arc::new(ManagedBuffer {
        master: Py_buffer::zeroed(),
        _owned: None,
        _format: None,
    });
    let master = &mut Arc::get_mut(&mut mbuf).expect("fresh Arc is unique").master;
    // SAFETY: `master` is writable and never moves (its shape and strides
    // point into itself); `mem` is valid for `size` bytes.
    if unsafe {
        PyBuffer_FillInfo(
            master,
            ptr::null_mut(),
            mem as *mut _,
            size,
            readonly,
            PyBUF_FULL_RO,
        )
    } < 0
    {
        return ptr::null_mut();
    }
    // SAFETY: a filled 1-D view of the managed buffer.
    unsafe { add_view(mbuf, None) }
}

/// `PyMemoryView_FromBuffer(info)`: a memoryview over the memory described
/// by `info`. `info->obj` is not referenced or released (as in CPython);
/// the format string is copied.
///
/// Fails with `ValueError("PyMemoryView_FromBuffer(): info->buf must not be
/// NULL")` like CPython; stricter, `SystemError` for a NULL `info` and
/// `ValueError`/`BufferError` for an `ndim` over 64 or a missing shape.
///
/// # Safety
/// `info` must be NULL or a filled view whose memory outlives the
/// memoryview and the buffers exported from it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMemoryView_FromBuffer(info: *const Py_buffer) -> *mut PyObject {
    if info.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a filled view per the contract.
    let info = unsafe { &*info };
    if info.buf.is_null() {
        return fail_null(
            Exc::ValueError,
            "PyMemoryView_FromBuffer(): info->buf must not be NULL",
        );
    }
    // SAFETY: a filled view per the contract.
    if let Err(problem) = unsafe { layout::check_view(info) } {
        let (exc, msg) = crate::buffer::memoryview_error(problem);
        return fail_null(exc, msg);
    }
    let format = if info.format.is_null() {
        None
    } else {
        // SAFETY: NUL-terminated per the view contract.
        Some(unsafe { CStr::from_ptr(info.format) }.to_owned())
    };
    let mut master = Py_buffer {
        obj: ptr::null_mut(),
        ..*info
    };
    if let Some(f) = &format {
        master.format = f.as_ptr() as *mut c_char;
    }
    let mbuf = Arc::new(ManagedBuffer {
        master,
        _owned: None,
        _format: format,
    });
    let src = Py_buffer { ..mbuf.master };
    // SAFETY: `src` arrays are the caller's, valid for this call.
    unsafe { add_view(mbuf, Some(&src)) }
}

/// `PyMemoryView_GetContiguous(obj, buffertype, order)`: a memoryview of
/// `obj` that is contiguous in `order`. When `obj` already is, the
/// memoryview is based on it; otherwise, for `PyBUF_READ`, on a read-only
/// contiguous copy (C order for `'A'`).
///
/// Fails with `BufferError("underlying buffer is not writable")` and
/// `BufferError("writable contiguous buffer requested for a non-contiguous
/// object.")` like CPython. Stricter: `ValueError` for an invalid order and
/// `SystemError` for a NULL `obj` or a `buffertype` other than
/// `PyBUF_READ`/`PyBUF_WRITE`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMemoryView_GetContiguous(
    obj: *mut PyObject,
    buffertype: c_int,
    order: c_char,
) -> *mut PyObject {
    if obj.is_null() || (buffertype != PyBUF_READ && buffertype != PyBUF_WRITE) {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let order = match OrderArg::parse(order, "PyMemoryView_GetContiguous") {
        Ok(o) => o,
        Err((exc, msg)) => return fail_null(exc, msg),
    };
    // SAFETY: live per the contract.
    let mv = unsafe { PyMemoryView_FromObject(obj) };
    if mv.is_null() {
        return mv;
    }
    // SAFETY: a live memoryview we own a reference to.
    let view = unsafe { &(*(mv as *mut PyMemoryViewObject)).view };
    if buffertype == PyBUF_WRITE && view.readonly != 0 {
        // SAFETY: drops our reference.
        unsafe { object::Py_DecRef(mv) };
        return fail_null(Exc::BufferError, "underlying buffer is not writable");
    }
    // SAFETY: the memoryview's view has full information.
    if unsafe { layout::is_contiguous(view, order) } {
        return mv;
    }
    if buffertype == PyBUF_WRITE {
        // SAFETY: drops our reference.
        unsafe { object::Py_DecRef(mv) };
        return fail_null(
            Exc::BufferError,
            "writable contiguous buffer requested for a non-contiguous object.",
        );
    }
    // SAFETY: `view` is the memoryview's full view.
    let copy = unsafe { contiguous_copy(view, order.packed()) };
    // SAFETY: drops our reference.
    unsafe { object::Py_DecRef(mv) };
    copy
}

/// A read-only memoryview over a fresh contiguous copy of `src` in `order`.
///
/// # Safety
/// `src` must be a memoryview's full view.
unsafe fn contiguous_copy(src: &Py_buffer, order: copy::Order) -> *mut PyObject {
    let mut scratch = Scratch::new();
    // SAFETY: a full view.
    let layout = match unsafe { layout::resolve(src, &mut scratch, "PyMemoryView_GetContiguous") } {
        Ok(l) => l,
        Err((exc, msg)) => return fail_null(exc, msg),
    };
    let mut owned = vec![0u8; src.len as usize].into_boxed_slice();
    // SAFETY: `owned` holds len = product(shape) * itemsize bytes.
    unsafe { copy::pack(owned.as_mut_ptr(), &layout, order) };
    let format = if src.format.is_null() {
        None
    } else {
        // SAFETY: NUL-terminated.
        Some(unsafe { CStr::from_ptr(src.format) }.to_owned())
    };
    let mut strides = vec![0; layout.shape.len()];
    layout::fill_contiguous_strides(layout.shape, &mut strides, src.itemsize, order);
    let shape = layout.shape.to_vec();
    let mut master = Py_buffer::zeroed();
    master.buf = owned.as_mut_ptr() as *mut _;
    master.len = src.len;
    master.itemsize = src.itemsize;
    master.readonly = 1;
    master.ndim = src.ndim;
    master.format = format
        .as_ref()
        .map_or(ptr::null_mut(), |f| f.as_ptr() as *mut c_char);
    let mbuf = Arc::new(ManagedBuffer {
        master,
        _owned: Some(owned),
        _format: format,
    });
    let src = Py_buffer {
        shape: shape.as_ptr() as *mut _,
        strides: strides.as_ptr() as *mut _,
        ..mbuf.master
    };
    // SAFETY: `shape`/`strides` live until `add_view` has copied them.
    unsafe { add_view(mbuf, Some(&src)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::buffer::PyObject_GetBuffer;
    use crate::python::errors::take_error;

    #[test]
    fn from_memory_exports_and_flags() {
        let mut data = [1u8, 2, 3, 4];
        // SAFETY: `data` outlives the memoryview.
        unsafe {
            let mv = PyMemoryView_FromMemory(data.as_mut_ptr() as *mut c_char, 4, PyBUF_WRITE);
            assert!(!mv.is_null());
            assert_eq!(PyMemoryView_Check(mv), 1);
            let mut v = Py_buffer::zeroed();
            assert_eq!(PyObject_GetBuffer(mv, &mut v, PyBUF_FULL), 0);
            assert_eq!(memoryview_exports(mv), 1);
            assert_eq!(object::Py_REFCNT(mv), 2);
            assert_eq!(*v.shape, 4);
            assert_eq!(CStr::from_ptr(v.format).to_str().unwrap(), "B");
            PyBuffer_Release(&mut v);
            PyBuffer_Release(&mut v);
            assert_eq!(memoryview_exports(mv), 0);
            assert_eq!(object::Py_REFCNT(mv), 1);
            object::Py_DecRef(mv);
        }
    }

    /// A method call on `mv` by name, without arguments.
    unsafe fn call0(mv: *mut PyObject, name: &CStr) -> *mut PyObject {
        // SAFETY: forwarded contract.
        unsafe {
            let name = crate::objects::unicodeobject::unicode_from_str(name.to_str().unwrap());
            let r = crate::objects::call::PyObject_CallMethodNoArgs(mv, name);
            object::Py_DecRef(name);
            r
        }
    }

    #[test]
    fn items_smaller_than_their_code_are_refused() {
        let mut data = [1u8, 2, 3, 4];
        let mut shape = [4isize];
        let mut strides = [1isize];
        let mut info = Py_buffer::zeroed();
        info.buf = data.as_mut_ptr().cast();
        info.len = 4;
        info.itemsize = 1;
        info.ndim = 1;
        info.format = c"q".as_ptr() as *mut c_char;
        info.shape = shape.as_mut_ptr();
        info.strides = strides.as_mut_ptr();
        // SAFETY: `data` and the arrays outlive the memoryview.
        unsafe {
            let mv = PyMemoryView_FromBuffer(&info);
            assert!(!mv.is_null());
            let item = crate::objects::r#abstract::PySequence_GetItem(mv, 3);
            assert!(item.is_null());
            let err = take_error().unwrap();
            assert_eq!(err.kind, Exc::ValueError);
            assert_eq!(
                err.message,
                "memoryview: format 'q' needs 8 bytes but the itemsize is 1"
            );
            assert!(call0(mv, c"tolist").is_null());
            assert_eq!(take_error().unwrap().kind, Exc::ValueError);
            object::Py_DecRef(mv);
        }
    }

    #[test]
    fn a_released_view_forgets_its_memory() {
        let mut data = [1u8, 2, 3, 4];
        // SAFETY: `data` outlives the memoryview.
        unsafe {
            let mv = PyMemoryView_FromMemory(data.as_mut_ptr() as *mut c_char, 4, PyBUF_WRITE);
            let mut v = Py_buffer::zeroed();
            assert_eq!(PyObject_GetBuffer(mv, &mut v, PyBUF_SIMPLE), 0);
            assert!(call0(mv, c"release").is_null());
            let err = take_error().unwrap();
            assert_eq!(err.kind, Exc::BufferError);
            assert_eq!(err.message, "memoryview has 1 exported buffer");
            assert!(!(*PyMemoryView_GET_BUFFER(mv)).buf.is_null());
            PyBuffer_Release(&mut v);
            let none = call0(mv, c"release");
            assert!(!none.is_null());
            object::Py_DecRef(none);
            let view = PyMemoryView_GET_BUFFER(mv);
            assert!((*view).buf.is_null() && (*view).obj.is_null() && (*view).format.is_null());
            assert!(crate::objects::r#abstract::PyObject_GetIter(mv).is_null());
            let err = take_error().unwrap();
            assert_eq!(err.kind, Exc::ValueError);
            assert_eq!(
                err.message,
                "operation forbidden on released memoryview object"
            );
            assert_eq!(PyObject_GetBuffer(mv, &mut v, PyBUF_SIMPLE), -1);
            assert_eq!(take_error().unwrap().kind, Exc::ValueError);
            object::Py_DecRef(mv);
        }
    }

    #[test]
    fn read_only_refuses_writable() {
        let mut data = [0u8; 4];
        // SAFETY: `data` outlives the memoryview.
        unsafe {
            let mv = PyMemoryView_FromMemory(data.as_mut_ptr() as *mut c_char, 4, PyBUF_READ);
            let mut v = Py_buffer::zeroed();
            assert_eq!(PyObject_GetBuffer(mv, &mut v, PyBUF_WRITABLE), -1);
            let err = take_error().unwrap();
            assert_eq!(err.kind, Exc::BufferError);
            assert_eq!(err.message, "memoryview: underlying buffer is not writable");
            object::Py_DecRef(mv);
        }
    }
}
