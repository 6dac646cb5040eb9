//! `pybuffer.Exporter`: a PyObject that exports JS memory through the buffer
//! protocol.
//!
//! The object holds an owned napi-rs `Uint8Array` over the JS memory (so the
//! memory stays alive as long as the object does) and one fixed, validated
//! layout. Its `bf_getbuffer` applies memoryview's flag rules (CPython's
//! `memory_getbuf`) to that layout, so every `PyBUF_*` request means what it
//! means for a memoryview. Views point into the object's own shape and
//! strides and hold a reference to it; the object, and with it the JS
//! memory, lives until the last view and the last `PyObjectHandle` are gone.
//!
//! The export count is atomic, and the object may be deallocated on any
//! thread: napi-rs routes the drop of the `Uint8Array` reference back to the
//! JS thread that created it. References are only touched on the JS thread.
//!
//! An exporter belongs to the JS environment that made it (see
//! [`crate::env`]): views are acquired only on its thread, from JS or from
//! C, and its memory's backing store is held until the exporter is freed,
//! so a view never outlives the memory it points to.

use std::ffi::{CString, c_char, c_int};
use std::ptr::{self, NonNull};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use napi::bindgen_prelude::{FromNapiValue, ToNapiValue, Uint8Array};
use napi::sys;
use pybuffer::copy::Order;
use pybuffer::ffi::*;
use pybuffer::format;
use pybuffer::layout::{self, LayoutError, OrderArg};
use pybuffer::objects::exceptions::Exc;
use pybuffer::objects::object;
use pybuffer::objects::typeobject::PyType_Type;
use pybuffer::python::errors::fail;

use crate::bytes::{self, JsBytes};
use crate::env::{self, BackingStore, Owner};

/// Set in [`JsExporter::state`] once the exporter is closed; the low bits
/// count the live exports.
const CLOSED: usize = 1 << (usize::BITS - 1);

/// memoryview's contiguity flags (CPython's `_Py_MEMORYVIEW_*`).
const MV_C: c_int = 0x002;
const MV_FORTRAN: c_int = 0x004;
const MV_SCALAR: c_int = 0x008;

/// A validated layout over `nbytes` bytes of source memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// `struct` format of one item.
    pub format: String,
    /// Bytes per item (`calcsize(format)`, at least 1).
    pub itemsize: isize,
    /// Items per dimension.
    pub shape: Vec<isize>,
    /// Byte step per dimension.
    pub strides: Vec<isize>,
    /// Byte offset of the first item within the source.
    pub offset: isize,
    /// `product(shape) * itemsize`.
    pub len: isize,
}

fn range(msg: String) -> LayoutError {
    (Exc::ValueError, msg)
}

/// Validates a user layout against a source of `nbytes` bytes, with
/// overflow-checked arithmetic, before any memory is touched.
///
/// Errors name the offending field (`layout.format`, `layout.itemsize`,
/// `layout.shape[i]`, `layout.strides`, `layout.offset`). A bad format is a
/// `struct.error` (TypeError in JS); every other problem is a `ValueError`
/// (RangeError in JS).
pub fn validate(
    nbytes: usize,
    fmt: &str,
    itemsize: Option<i64>,
    shape: &[i64],
    strides: Option<&[i64]>,
    offset: i64,
) -> Result<Layout, LayoutError> {
    let parsed = format::parse(fmt.as_bytes()).map_err(|e| {
        (
            Exc::StructError,
            format!(
                "layout.format {fmt:?} is not a valid struct format: {}",
                e.message
            ),
        )
    })?;
    if let Some(n) = itemsize {
        if n < 0 {
            return Err(range(format!(
                "layout.itemsize must not be negative, got {n}"
            )));
        }
        if n as u64 != parsed.size as u64 {
            return Err(range(format!(
                "layout.itemsize ({n}) does not equal the size of layout.format {fmt:?} ({})",
                parsed.size
            )));
        }
    }
    if parsed.size == 0 {
        return Err(range(format!(
            "layout.format {fmt:?} describes items of 0 bytes; items must be at least 1 byte"
        )));
    }
    let itemsize = isize::try_from(parsed.size)
        .map_err(|_| range(format!("layout.format {fmt:?} is too large")))?;
    if shape.len() > PyBUF_MAX_NDIM as usize {
        return Err(range(format!(
            "layout.shape has {} dimensions, more than the maximum of {PyBUF_MAX_NDIM}",
            shape.len()
        )));
    }
    let mut shp = Vec::with_capacity(shape.len());
    for (i, &d) in shape.iter().enumerate() {
        if d < 0 {
            return Err(range(format!(
                "layout.shape[{i}] must not be negative, got {d}"
            )));
        }
        shp.push(
            isize::try_from(d)
                .map_err(|_| range(format!("layout.shape[{i}] is too large ({d})")))?,
        );
    }
    let len = layout::checked_len(&shp, itemsize)
        .map_err(|(_, m)| range(format!("layout.shape: {m}")))?;
    let strides: Vec<isize> = match strides {
        Some(s) => {
            if s.len() != shape.len() {
                return Err(range(format!(
                    "layout.strides has {} entries but layout.shape has {}",
                    s.len(),
                    shape.len()
                )));
            }
            s.iter()
                .enumerate()
                .map(|(i, &v)| {
                    isize::try_from(v)
                        .map_err(|_| range(format!("layout.strides[{i}] is too large ({v})")))
                })
                .collect::<Result<_, _>>()?
        }
        None => layout::contiguous_strides_checked(&shp, itemsize, Order::C)
            .map_err(|(_, m)| range(format!("layout.shape: {m}")))?,
    };
    if offset < 0 {
        return Err(range(format!(
            "layout.offset must not be negative, got {offset}"
        )));
    }
    let size = nbytes as u64;
    if offset as u64 > size {
        return Err(range(format!(
            "layout.offset ({offset}) is past the end of the source ({nbytes} bytes)"
        )));
    }
    let off = offset as isize;
    match layout::extent(itemsize, &shp, &strides)
        .map_err(|(_, m)| range(format!("layout.strides: {m}")))?
    {
        None => {}
        Some((lo, hi)) => {
            let first = off.checked_add(lo);
            let end = off.checked_add(hi);
            let inside = matches!((first, end), (Some(f), Some(e)) if f >= 0 && (e as u64) <= size);
            if !inside {
                let show = |v: Option<isize>, base: isize, d: isize| match v {
                    Some(v) => v.to_string(),
                    None => format!("{base}{d:+}"),
                };
                return Err(range(format!(
                    "layout.strides: with layout.offset {offset}, layout.shape {shp:?} and layout.strides {strides:?} \
                     the view addresses bytes [{}, {}), outside the source's {nbytes} bytes",
                    show(first, off, lo),
                    show(end, off, hi),
                )));
            }
        }
    }
    Ok(Layout {
        format: fmt.to_owned(),
        itemsize,
        shape: shp,
        strides,
        offset: off,
        len,
    })
}

/// The exporter object. Allocated as a `Box` and freed by its `tp_dealloc`.
#[repr(C)]
pub struct JsExporter {
    ob_base: PyObject,
    /// Live exports in the low bits, [`CLOSED`] once closed.
    state: AtomicUsize,
    /// First byte of the source memory (dangling when it is empty).
    base: *mut u8,
    /// Bytes of source memory.
    nbytes: usize,
    /// Whether consumers may write.
    readonly: bool,
    /// memoryview-style contiguity flags of the layout.
    flags: c_int,
    layout: Layout,
    format: CString,
    /// The JS environment (thread) the exporter belongs to.
    owner: Owner,
    /// The JS memory; `None` after `close()`.
    memory: Mutex<Option<Memory>>,
}

/// What keeps an exporter's JS memory alive.
struct Memory {
    /// A Uint8Array over exactly the source's bytes: keeps the ArrayBuffer
    /// object alive, and tells whether it is still attached.
    bytes: Uint8Array,
    /// The memory's backing store: keeps the memory allocated even when the
    /// environment is torn down or the ArrayBuffer detached. None where the
    /// host has no V8 backing store API.
    #[allow(dead_code, reason = "held for what its Drop does")]
    store: Option<BackingStore>,
}

// SAFETY: the layout is immutable after creation, the state is atomic, and
// the memory references sit behind a mutex; napi-rs's `Uint8Array` may be
// dropped on any thread (it routes the reference's deletion to its JS
// thread), and so may a backing store reference.
unsafe impl Send for JsExporter {}
// SAFETY: as above.
unsafe impl Sync for JsExporter {}

static EXPORTER_PROCS: StaticObject<PyBufferProcs> = StaticObject::new(PyBufferProcs {
    bf_getbuffer: Some(exporter_getbuf),
    bf_releasebuffer: Some(exporter_releasebuf),
});

/// The type of JS-memory exporters, `pybuffer.Exporter`.
pub static EXPORTER_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"pybuffer.Exporter".as_ptr();
    ty.tp_basicsize = std::mem::size_of::<JsExporter>() as Py_ssize_t;
    ty.tp_dealloc = Some(exporter_dealloc);
    ty.tp_as_buffer = EXPORTER_PROCS.get();
    ty.tp_flags = Py_TPFLAGS_READY | Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION;
    ty
});

/// The exporter behind `op`, when `op` is one.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn downcast<'a>(op: *mut PyObject) -> Option<&'a JsExporter> {
    // SAFETY: live per the contract.
    if op.is_null() || unsafe { (*op).ob_type } != EXPORTER_TYPE.get() {
        return None;
    }
    // SAFETY: the type says it is a JsExporter, alive while the caller's
    // reference is.
    Some(unsafe { &*(op as *const JsExporter) })
}

fn compute_flags(layout: &Layout) -> c_int {
    let mut view = Py_buffer::zeroed();
    view.len = layout.len;
    view.itemsize = layout.itemsize;
    view.ndim = layout.shape.len() as c_int;
    view.shape = layout.shape.as_ptr() as *mut _;
    view.strides = layout.strides.as_ptr() as *mut _;
    if layout.shape.is_empty() {
        return MV_SCALAR | MV_C | MV_FORTRAN;
    }
    if layout.shape.len() == 1 {
        return if layout.shape[0] == 1 || layout.strides[0] == layout.itemsize {
            MV_C | MV_FORTRAN
        } else {
            0
        };
    }
    let mut f = 0;
    // SAFETY: the view has full shape and strides of `ndim` entries.
    if unsafe { layout::is_contiguous(&view, OrderArg::C) } {
        f |= MV_C;
    }
    // SAFETY: as above.
    if unsafe { layout::is_contiguous(&view, OrderArg::F) } {
        f |= MV_FORTRAN;
    }
    f
}

/// Creates an exporter over the Uint8Array `bytes` (whose memory `source`
/// describes) with a layout already checked by [`validate`] against
/// `source.len`, belonging to the calling thread's environment. Returns a
/// new reference.
///
/// # Safety
/// `env` must be the current env, `bytes` a Uint8Array of its current
/// scope, and `source` what [`bytes::read`] read of it, with no JS run
/// since.
pub unsafe fn create(
    env: sys::napi_env,
    bytes: sys::napi_value,
    source: &JsBytes,
    layout: Layout,
    readonly: bool,
) -> napi::Result<*mut PyObject> {
    let nbytes = source.len;
    // SAFETY: a Uint8Array of the current scope.
    let bytes = unsafe { Uint8Array::from_napi_value(env, bytes) }?;
    let base = if nbytes == 0 {
        NonNull::<u8>::dangling().as_ptr()
    } else {
        source.data
    };
    // SAFETY: the current env; the source's ArrayBuffer or
    // SharedArrayBuffer, of its scope.
    let store = unsafe { BackingStore::retain(env, source.buffer) };
    if let Some(s) = &store
        && !s.contains(base, nbytes)
    {
        return Err(napi::Error::new(
            napi::Status::GenericFailure,
            "the source's bytes are not in its ArrayBuffer's backing store",
        ));
    }
    let format = CString::new(layout.format.clone()).expect("validated formats contain no NUL");
    let flags = compute_flags(&layout);
    let exporter = Box::new(JsExporter {
        ob_base: PyObject {
            ob_refcnt: 1,
            ob_type: EXPORTER_TYPE.get(),
        },
        state: AtomicUsize::new(0),
        base,
        nbytes,
        readonly,
        flags,
        layout,
        format,
        owner: Owner::current(),
        memory: Mutex::new(Some(Memory { bytes, store })),
    });
    Ok(Box::into_raw(exporter) as *mut PyObject)
}

impl JsExporter {
    /// Live exports.
    pub fn exports(&self) -> usize {
        self.state.load(Ordering::Acquire) & !CLOSED
    }

    /// Whether `close()` has run.
    pub fn is_closed(&self) -> bool {
        self.state.load(Ordering::Acquire) & CLOSED != 0
    }

    /// The validated layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Whether consumers may write.
    pub fn readonly(&self) -> bool {
        self.readonly
    }

    /// Bytes of source memory.
    pub fn nbytes(&self) -> usize {
        self.nbytes
    }

    /// Byte offset of `p` from the start of the source memory.
    pub fn offset_of(&self, p: *const u8) -> isize {
        (p as isize).wrapping_sub(self.base as isize)
    }

    /// The environment the exporter belongs to.
    pub fn owner(&self) -> Owner {
        self.owner
    }

    /// Closes the exporter: no new exports, and the JS memory is let go.
    /// Fails with BufferError while exports exist (like
    /// `memoryview.release()`), or outside the exporter's environment.
    /// Closing twice does nothing.
    pub fn close(&self) -> Result<(), LayoutError> {
        self.owner.check()?;
        match self
            .state
            .compare_exchange(0, CLOSED, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => {}
            Err(s) if s & CLOSED != 0 => return Ok(()),
            Err(n) => {
                return Err((
                    Exc::BufferError,
                    format!(
                        "exporter has {n} exported buffer{}",
                        if n == 1 { "" } else { "s" }
                    ),
                ));
            }
        }
        // No export exists and none can start: nobody reads the memory now.
        let memory = self.memory.lock().unwrap_or_else(|e| e.into_inner()).take();
        drop(memory);
        Ok(())
    }

    /// Checks that the calling thread is the exporter's and that its JS
    /// memory is still there: an ArrayBuffer transferred away after the
    /// exporter was made is detached, and one resized (which `exporter()`
    /// refuses to export) may have shrunk. Returns the JS `Uint8Array` over
    /// the memory (None when the exporter is closed).
    ///
    /// # Safety
    /// `env` must be the current JS thread's env, inside a napi call.
    pub unsafe fn check_attached(
        &self,
        env: sys::napi_env,
    ) -> Result<Option<sys::napi_value>, LayoutError> {
        // Before any napi call: the references belong to the owner's env.
        self.owner.check()?;
        let mut guard = self.memory.lock().unwrap_or_else(|e| e.into_inner());
        let Some(memory) = guard.as_mut() else {
            return Ok(None);
        };
        // SAFETY: the reference is alive (we own it) and `env` is current,
        // the owner's (checked above).
        let value =
            unsafe { <&mut Uint8Array as ToNapiValue>::to_napi_value(env, &mut memory.bytes) }
                .map_err(|e| (Exc::SystemError, e.reason.clone()))?;
        if self.nbytes == 0 {
            return Ok(Some(value));
        }
        // The Uint8Array is ours, made by `exporter()` over exactly the
        // exported bytes of an ArrayBuffer that cannot be resized (resizable
        // ones are refused): its memory stays where it is until the buffer
        // is detached, which leaves it length 0. So its length alone tells
        // that the memory is still there, without the cost of looking up
        // its ArrayBuffer and data pointer on every call.
        // SAFETY: `value` is a Uint8Array in the current scope.
        if unsafe { bytes::view_byte_length(env, value) } == Ok(self.nbytes) {
            return Ok(Some(value));
        }
        // SAFETY: as above.
        let info = unsafe { bytes::typedarray_info(env, value) };
        let (ab, byte_offset) = match info {
            // SAFETY: the current env and a value of its scope.
            Ok(i) if !unsafe { bytes::is_detached(env, i.buffer) } => (i.buffer, i.byte_offset),
            _ => {
                return Err((
                    Exc::BufferError,
                    "the exporter's ArrayBuffer was detached (transferred); its memory can no longer be accessed".into(),
                ));
            }
        };
        let (mut ab_data, mut now) = (ptr::null_mut(), 0usize);
        // SAFETY: as above; fails (leaving `now` 0) for a SharedArrayBuffer.
        unsafe { sys::napi_get_arraybuffer_info(env, ab, &mut ab_data, &mut now) };
        Err((
            Exc::BufferError,
            format!(
                "the exporter's ArrayBuffer was resized: it now has {now} bytes, and the {} bytes exported from offset \
                 {byte_offset} are no longer all in it",
                self.nbytes
            ),
        ))
    }

    /// Pins the exporter for an async call: counts one export (so `close()`
    /// is refused with BufferError until [`unpin`](Self::unpin)) after
    /// checking, as every call does, that its memory is still attached.
    /// Closed exporters cannot be pinned.
    ///
    /// # Safety
    /// As [`check_attached`](Self::check_attached).
    pub unsafe fn pin(&self, env: sys::napi_env) -> Result<(), LayoutError> {
        // SAFETY: per the contract.
        unsafe { self.check_attached(env) }?;
        self.try_export().map_err(|()| {
            (
                Exc::ValueError,
                "operation forbidden on a closed exporter".into(),
            )
        })
    }

    /// Drops the export [`pin`](Self::pin) counted. Any thread.
    pub fn unpin(&self) {
        self.state.fetch_sub(1, Ordering::AcqRel);
    }

    fn try_export(&self) -> Result<(), ()> {
        let mut cur = self.state.load(Ordering::Acquire);
        loop {
            if cur & CLOSED != 0 {
                return Err(());
            }
            match self.state.compare_exchange_weak(
                cur,
                cur + 1,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return Ok(()),
                Err(now) => cur = now,
            }
        }
    }
}

/// `bf_getbuffer`: memoryview's rules (CPython's `memory_getbuf`).
///
/// # Safety
/// `op` must be a live exporter, `view` writable.
unsafe extern "C" fn exporter_getbuf(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: live per the contract; the type guarantees the layout.
    let ex = unsafe { &*(op as *const JsExporter) };
    // An async call's pool thread may view the exporters it was lent.
    if !ex.owner.is_current() && !env::is_lent(op) {
        let (exc, message) = env::foreign();
        return fail(exc, message);
    }
    let baseflags = ex.flags;
    let l = &ex.layout;
    let req = |bits: c_int| flags & bits == bits;
    if flags & PyBUF_WRITABLE != 0 && ex.readonly {
        return fail(
            Exc::BufferError,
            "exporter: underlying buffer is not writable",
        );
    }
    if req(PyBUF_C_CONTIGUOUS) && baseflags & (MV_SCALAR | MV_C) == 0 {
        return fail(
            Exc::BufferError,
            "exporter: underlying buffer is not C-contiguous",
        );
    }
    if req(PyBUF_F_CONTIGUOUS) && baseflags & (MV_SCALAR | MV_FORTRAN) == 0 {
        return fail(
            Exc::BufferError,
            "exporter: underlying buffer is not Fortran contiguous",
        );
    }
    if req(PyBUF_ANY_CONTIGUOUS) && baseflags & (MV_SCALAR | MV_C | MV_FORTRAN) == 0 {
        return fail(
            Exc::BufferError,
            "exporter: underlying buffer is not contiguous",
        );
    }
    let format = if flags & PyBUF_FORMAT != 0 {
        ex.format.as_ptr() as *mut c_char
    } else {
        ptr::null_mut()
    };
    let mut ndim = l.shape.len() as c_int;
    let mut shape = l.shape.as_ptr() as *mut Py_ssize_t;
    let mut strides = l.strides.as_ptr() as *mut Py_ssize_t;
    if !req(PyBUF_STRIDES) {
        if baseflags & (MV_SCALAR | MV_C) == 0 {
            return fail(
                Exc::BufferError,
                "exporter: underlying buffer is not C-contiguous",
            );
        }
        strides = ptr::null_mut();
    }
    if !req(PyBUF_ND) {
        if !format.is_null() {
            return fail(
                Exc::BufferError,
                "exporter: cannot cast to unsigned bytes if the format flag is present",
            );
        }
        ndim = 1;
        shape = ptr::null_mut();
    }
    if ex.try_export().is_err() {
        return fail(Exc::ValueError, "operation forbidden on a closed exporter");
    }
    // SAFETY: `op` is live; the view takes a reference to it.
    unsafe { object::Py_IncRef(op) };
    let out = Py_buffer {
        // In bounds: validate() checked offset against the source size.
        buf: ex.base.wrapping_offset(l.offset) as *mut _,
        obj: op,
        len: l.len,
        itemsize: l.itemsize,
        readonly: ex.readonly as c_int,
        ndim,
        format,
        shape,
        strides,
        suboffsets: ptr::null_mut(),
        internal: ptr::null_mut(),
    };
    // SAFETY: writable per the contract.
    unsafe { *view = out };
    0
}

/// `bf_releasebuffer`: counts the export as returned.
///
/// # Safety
/// `op` must be a live exporter.
unsafe extern "C" fn exporter_releasebuf(op: *mut PyObject, _view: *mut Py_buffer) {
    // SAFETY: live per the contract.
    let ex = unsafe { &*(op as *const JsExporter) };
    ex.state.fetch_sub(1, Ordering::AcqRel);
}

/// `tp_dealloc`: frees the object; dropping the `Uint8Array` deletes the JS
/// reference on its JS thread (directly there, through a threadsafe
/// function elsewhere, not at all once that thread's environment is gone),
/// and dropping the backing store lets the memory go.
///
/// # Safety
/// `op` must be an unreferenced exporter.
unsafe extern "C" fn exporter_dealloc(op: *mut PyObject) {
    // SAFETY: exporters are allocated as Box<JsExporter> in `create`.
    drop(unsafe { Box::from_raw(op as *mut JsExporter) });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(r: Result<Layout, LayoutError>) -> (Exc, String) {
        r.unwrap_err()
    }

    #[test]
    fn defaults_are_c_contiguous() {
        let l = validate(24, "d", None, &[3], None, 0).unwrap();
        assert_eq!((l.itemsize, l.strides.clone(), l.len), (8, vec![8], 24));
        let l = validate(24, "h", Some(2), &[3, 4], None, 0).unwrap();
        assert_eq!(l.strides, vec![8, 2]);
    }

    #[test]
    fn negative_and_zero_strides() {
        let l = validate(16, "B", None, &[4, 4], Some(&[-4, 1]), 12).unwrap();
        assert_eq!(l.offset, 12);
        validate(1, "B", None, &[1000], Some(&[0]), 0).unwrap();
        let (e, m) = err(validate(16, "B", None, &[4, 4], Some(&[-4, 1]), 11));
        assert_eq!(e, Exc::ValueError);
        assert!(m.contains("layout.strides"), "{m}");
        assert!(m.contains("[-1, 15)"), "{m}");
    }

    #[test]
    fn out_of_bounds_and_overflow() {
        let (_, m) = err(validate(16, "B", None, &[17], None, 0));
        assert!(m.contains("[0, 17)"), "{m}");
        let (_, m) = err(validate(16, "B", None, &[2], Some(&[isize::MAX as i64]), 0));
        assert!(m.contains("layout.strides"), "{m}");
        let (_, m) = err(validate(16, "B", None, &[i64::MAX, 2], None, 0));
        assert!(m.contains("layout.shape"), "{m}");
        let (_, m) = err(validate(16, "B", None, &[4], None, 17));
        assert!(m.contains("layout.offset"), "{m}");
        let (_, m) = err(validate(16, "B", None, &[4], None, -1));
        assert!(m.contains("layout.offset"), "{m}");
        // Empty views may sit at the very end.
        validate(16, "d", None, &[0, 5], Some(&[8, 8]), 16).unwrap();
    }

    #[test]
    fn fields_are_named() {
        assert_eq!(
            err(validate(8, "z", None, &[1], None, 0)).0,
            Exc::StructError
        );
        assert!(
            err(validate(8, "i", Some(2), &[1], None, 0))
                .1
                .contains("layout.itemsize")
        );
        assert!(
            err(validate(8, "i", Some(-2), &[1], None, 0))
                .1
                .contains("layout.itemsize")
        );
        assert!(
            err(validate(8, "i", None, &[1, -1], None, 0))
                .1
                .contains("layout.shape[1]")
        );
        assert!(
            err(validate(8, "i", None, &[1], Some(&[4, 4]), 0))
                .1
                .contains("layout.strides")
        );
        assert!(
            err(validate(8, "i", None, &[1; 65], None, 0))
                .1
                .contains("layout.shape")
        );
        assert!(
            err(validate(8, "0i", None, &[1], None, 0))
                .1
                .contains("layout.format")
        );
        validate(8, "i", None, &[1; 64], None, 0).unwrap();
    }
}
