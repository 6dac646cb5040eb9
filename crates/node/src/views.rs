//! Acquired views, addressed from JS by numeric handles.
//!
//! A `PyBuffer` in JS holds a number; the view itself (a
//! [`pybuffer::view::BufferView`], which owns one export) lives in a
//! per-thread slab here. A handle encodes the slot and a generation, so a
//! stale handle (a released view, or a view of another JS thread) finds
//! nothing and raises BufferError instead of touching another view. The
//! number is also what the FinalizationRegistry holds, never the JS wrapper.
//!
//! Every function that reads or writes a view's memory first checks, when
//! the exporter holds JS memory, that the memory is still attached.
//!
//! Copies between a view and other JS memory (`out`, `src`, a value, the
//! other object of `copyData`) behave as if the source were copied to a
//! temporary first, as `TypedArray.prototype.set` and `Buffer.copy`
//! define it, and as CPython's memoryview slice assignment does: where the
//! two may overlap, they go through one. JS memory is only ever reached
//! through raw pointers (see [`crate::bytes`]), never Rust references,
//! since a view may alias it.

use std::cell::RefCell;
use std::ffi::{c_char, c_int};
use std::rc::Rc;

use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;
use pybuffer::buffer::{PyBuffer_FromContiguous, PyBuffer_ToContiguous, PyObject_CopyData};
use pybuffer::ffi::{Py_buffer, PyBUF_FULL_RO, PyObject};
use pybuffer::layout::{self, OrderArg, Scratch};
use pybuffer::objects::exceptions::Exc;
use pybuffer::view::BufferView;

use crate::bytes;
use crate::errors;
use crate::exporter;
use crate::handle::PyObjectHandle;
use crate::values::{self, Input};

const INDEX_BITS: u32 = 24;
const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;
const MAX_GEN: u32 = 1 << 29;

struct Slot {
    generation: u32,
    view: Option<BufferView>,
    /// The N-API reference whose finalizer releases the view once its JS
    /// wrapper is garbage-collected (see [`track`]); NULL when the view is
    /// not tracked this way.
    tracker: sys::napi_ref,
}

#[derive(Default)]
struct Slab {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

thread_local! {
    static SLAB: RefCell<Slab> = RefCell::new(Slab::default());
    /// How many views the garbage collector released (through [`track`]).
    static GC_RELEASED: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

fn encode(index: u32, generation: u32) -> f64 {
    ((generation as u64) << INDEX_BITS | index as u64) as f64
}

fn decode(id: f64) -> Option<(usize, u32)> {
    // A whole number in [0, 2**53): the cast back to f64 is exact only
    // then (cheaper than `fract`, a libm call).
    let v = id as u64;
    if !(0.0..9_007_199_254_740_992.0).contains(&id) || v as f64 != id {
        return None;
    }
    Some(((v & INDEX_MASK) as usize, (v >> INDEX_BITS) as u32))
}

pub(crate) fn insert(view: BufferView) -> Result<f64> {
    SLAB.with(|slab| {
        let mut slab = slab.borrow_mut();
        let index = match slab.free.pop() {
            Some(i) => i,
            None => {
                let i = slab.slots.len() as u64;
                if i > INDEX_MASK {
                    return Err(errors::raise(
                        Exc::MemoryError,
                        "too many live buffer views",
                    ));
                }
                slab.slots.push(Slot {
                    generation: 0,
                    view: None,
                    tracker: std::ptr::null_mut(),
                });
                i as u32
            }
        };
        let slot = &mut slab.slots[index as usize];
        slot.generation = if slot.generation + 1 >= MAX_GEN {
            1
        } else {
            slot.generation + 1
        };
        slot.view = Some(view);
        slot.tracker = std::ptr::null_mut();
        Ok(encode(index, slot.generation))
    })
}

/// Removes the view behind `id`, if it is live, and deletes its tracker
/// (so that its finalizer never runs).
pub(crate) fn take(env: sys::napi_env, id: f64) -> Option<BufferView> {
    let (index, generation) = decode(id)?;
    let (view, tracker) = SLAB
        .try_with(|slab| {
            let mut slab = slab.try_borrow_mut().ok()?;
            let slot = slab.slots.get_mut(index)?;
            if slot.generation != generation {
                return None;
            }
            let view = slot.view.take()?;
            let tracker = std::mem::replace(&mut slot.tracker, std::ptr::null_mut());
            slab.free.push(index as u32);
            Some((view, tracker))
        })
        .ok()??;
    if !tracker.is_null() {
        // SAFETY: our reference, made on this env by `track` and deleted
        // once (the slot no longer holds it). Deleting it from inside its
        // own finalizer is what N-API documents for such references.
        unsafe { sys::napi_delete_reference(env, tracker) };
    }
    Some(view)
}

/// Ties the live view `id` to the JS object `target` (its `PyBuffer`):
/// when `target` is garbage-collected before the view is released, the
/// view is released. An N-API finalizer costs a fraction of a
/// FinalizationRegistry's `register` + `unregister`, and `release` deletes
/// it in the same native call.
///
/// # Safety
/// `env` is the current env and `target` a value of its scope.
unsafe fn track(env: sys::napi_env, id: f64, target: sys::napi_value) -> Result<()> {
    let (index, generation) = decode(id).ok_or_else(errors::released)?;
    let live = SLAB.with(|slab| {
        matches!(slab.borrow().slots.get(index), Some(s) if s.generation == generation && s.view.is_some() && s.tracker.is_null())
    });
    if !live {
        return Err(errors::released());
    }
    let mut tracker = std::ptr::null_mut();
    // SAFETY: the current env and a value of its scope; the finalizer's
    // data and hint are plain numbers (the slot and its generation).
    let status = unsafe {
        sys::napi_add_finalizer(
            env,
            target,
            index as *mut std::ffi::c_void,
            Some(release_collected),
            generation as usize as *mut std::ffi::c_void,
            &mut tracker,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(errors::raise(
            Exc::TypeError,
            "viewTrack: the target must be an object",
        ));
    }
    SLAB.with(|slab| slab.borrow_mut().slots[index].tracker = tracker);
    Ok(())
}

/// The finalizer of a tracked view's JS object (see [`track`]): releases
/// the view, which is still live since `release` deletes the tracker.
unsafe extern "C" fn release_collected(
    env: sys::napi_env,
    data: *mut std::ffi::c_void,
    hint: *mut std::ffi::c_void,
) {
    let id = encode(data as usize as u32, hint as usize as u32);
    let released = std::panic::catch_unwind(|| take(env, id)).ok().flatten();
    if let Some(view) = released {
        let _ = GC_RELEASED.try_with(|n| n.set(n.get() + 1.0));
        // Outside the slab's borrow: releasing may free the exporter.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(view)));
    }
}

/// At the environment's teardown, deletes every tracker before N-API runs
/// their finalizers: the views stay in the slab until the thread ends, as
/// views C still holds do (see [`crate::env`]).
unsafe extern "C" fn forget_trackers(env: *mut std::ffi::c_void) {
    let env = env as sys::napi_env;
    let trackers: Vec<sys::napi_ref> = SLAB
        .try_with(|slab| {
            slab.try_borrow_mut().map_or_else(
                |_| Vec::new(),
                |mut slab| {
                    slab.slots
                        .iter_mut()
                        .map(|s| std::mem::replace(&mut s.tracker, std::ptr::null_mut()))
                        .filter(|t| !t.is_null())
                        .collect()
                },
            )
        })
        .unwrap_or_default();
    for t in trackers {
        // SAFETY: references made on this env by `track`, each deleted once.
        unsafe { sys::napi_delete_reference(env, t) };
    }
}

/// Runs `f` on the live view behind `id`, or raises BufferError.
pub(crate) fn with<T>(id: f64, f: impl FnOnce(&BufferView) -> Result<T>) -> Result<T> {
    let (index, generation) = decode(id).ok_or_else(errors::released)?;
    SLAB.with(|slab| {
        let slab = slab.borrow();
        match slab.slots.get(index) {
            Some(Slot {
                generation: g,
                view: Some(v),
                ..
            }) if *g == generation => f(v),
            _ => Err(errors::released()),
        }
    })
}

/// Like [`with`], after checking that JS memory behind the view is still
/// attached.
fn with_memory<T>(
    env: sys::napi_env,
    id: f64,
    f: impl FnOnce(&BufferView) -> Result<T>,
) -> Result<T> {
    with(id, |v| {
        check_attached_raw(env, v.obj())?;
        f(v)
    })
}

fn check_attached(env: &Env, obj: *mut PyObject) -> Result<Option<sys::napi_value>> {
    check_attached_raw(env.raw(), obj)
}

fn check_attached_raw(env: sys::napi_env, obj: *mut PyObject) -> Result<Option<sys::napi_value>> {
    // SAFETY: `obj` is kept alive by the caller's view or handle.
    match unsafe { exporter::downcast(obj) } {
        // SAFETY: we are on the JS thread inside a napi call.
        Some(ex) => unsafe { ex.check_attached(env) }.map_err(errors::from_pair),
        None => Ok(None),
    }
}

fn order(order: &str) -> Result<OrderArg> {
    match order {
        "C" => Ok(OrderArg::C),
        "F" => Ok(OrderArg::F),
        "A" => Ok(OrderArg::A),
        other => Err(errors::raise(
            Exc::ValueError,
            format!("order must be 'C', 'F' or 'A', got {other:?}"),
        )),
    }
}

fn order_char(o: OrderArg) -> c_char {
    (match o {
        OrderArg::C => b'C',
        OrderArg::F => b'F',
        OrderArg::A => b'A',
    }) as c_char
}

/// The view's format. Without `PyBUF_FORMAT` the consumer sees unsigned
/// bytes: `'B'` for 1-byte items, and each item as its raw bytes
/// (`"<itemsize>s"`) otherwise.
fn format_text(v: &BufferView) -> String {
    match v.format() {
        Some(f) => f.to_string_lossy().into_owned(),
        None if v.itemsize() == 1 => "B".to_owned(),
        None => format!("{}s", v.itemsize()),
    }
}

/// A view's format, parsed, with the text it was parsed from.
struct ParsedFormat {
    /// The format's bytes as the view gives them (see [`format_text`]).
    raw: Vec<u8>,
    /// The same as text, as errors name it.
    text: String,
    format: pybuffer::format::Format,
}

thread_local! {
    /// The format this thread parsed last: `get`, `set` and `tolist` are
    /// mostly called again and again on the same view, and parsing a
    /// format (and the string it is read from) cost more than the item.
    static LAST_FORMAT: RefCell<Option<Rc<ParsedFormat>>> = const { RefCell::new(None) };
}

/// The view's format, parsed: the last format parsed on this thread when
/// its text is the same, byte for byte.
fn view_format(v: &BufferView) -> Result<Rc<ParsedFormat>> {
    let sized;
    let raw: &[u8] = match v.format() {
        Some(f) => f.to_bytes(),
        None if v.itemsize() == 1 => b"B",
        None => {
            sized = format!("{}s", v.itemsize());
            sized.as_bytes()
        }
    };
    let hit = LAST_FORMAT.with(|last| last.borrow().as_ref().filter(|p| p.raw == raw).cloned());
    if let Some(parsed) = hit {
        return Ok(parsed);
    }
    let text = String::from_utf8_lossy(raw).into_owned();
    let format = values::parse_format(Some(text.as_bytes()))?;
    let parsed = Rc::new(ParsedFormat {
        raw: raw.to_vec(),
        text,
        format,
    });
    LAST_FORMAT.with(|last| *last.borrow_mut() = Some(Rc::clone(&parsed)));
    Ok(parsed)
}

/// Item indices read from a JS array by a raw callback: the first
/// `PyBUF_MAX_NDIM` of them, and how many there were.
struct Indices {
    first: [isize; pybuffer::ffi::PyBUF_MAX_NDIM as usize],
    count: usize,
}

impl Indices {
    /// No indices yet: filled in place by `indices_arg` (the struct is
    /// half a KiB, which moving by value would copy).
    fn new() -> Indices {
        Indices {
            first: [0; pybuffer::ffi::PyBUF_MAX_NDIM as usize],
            count: 0,
        }
    }
}

/// The first `count` of `first`, checked to be one per dimension of `v`:
/// `count` may exceed what `first` holds, which is then an error too
/// (`ndim` is at most `PyBUF_MAX_NDIM`).
/// The address of the item at `indices` (`PyBuffer_GetPointer`, with its
/// errors). A view with shape and strides is addressed from them at once:
/// its layout was checked when it was made (`PyObject_GetBuffer` checks
/// what the exporter filled in; derived views are built checked), which
/// `PyBuffer_GetPointer` would check again on every item.
fn item_pointer(v: &BufferView, indices: &[isize]) -> Result<*mut u8> {
    if let (Some(shape), Some(strides)) = (v.shape(), v.strides()) {
        let layout = pybuffer::copy::Strided {
            buf: v.buf(),
            itemsize: v.itemsize() as usize,
            shape,
            strides,
            suboffsets: v.suboffsets(),
        };
        // SAFETY: a live view's checked layout describes its memory.
        return unsafe { layout::get_pointer(&layout, indices) }.map_err(errors::from_pair);
    }
    v.get_pointer(indices).map_err(errors::from_info)
}

fn checked_indices<'a>(v: &BufferView, first: &'a [isize], count: usize) -> Result<&'a [isize]> {
    if count != v.ndim() || count > first.len() {
        return Err(errors::raise(
            Exc::IndexError,
            format!("expected {} indices, got {}", v.ndim(), count),
        ));
    }
    Ok(&first[..count])
}

fn indices_of(v: &BufferView, indices: &[i64]) -> Result<Vec<isize>> {
    if indices.len() != v.ndim() {
        return Err(errors::raise(
            Exc::IndexError,
            format!("expected {} indices, got {}", v.ndim(), indices.len()),
        ));
    }
    Ok(indices.iter().map(|&i| i as isize).collect())
}

// ==========================================================================
// Acquire and release
// ==========================================================================

/// `PyObject_GetBuffer(obj, flags)`: acquires a view of the object whose
/// handle has slot `obj` (see `PyObjectHandle.slot`) and returns its handle.
///
/// Registered as a raw N-API callback (see [`register_hot_paths`]).
pub fn view_acquire(env: sys::napi_env, obj: f64, flags: i32) -> Result<f64> {
    let ptr = crate::handle::from_slot(obj)?;
    check_attached_raw(env, ptr)?;
    // `PyObject_GetBuffer` checks what the exporter filled in, so every
    // field JS reads is in bounds.
    // SAFETY: the handle keeps the object alive.
    let view = unsafe { BufferView::acquire(ptr, flags) }.map_err(errors::from_info)?;
    insert(view)
}

/// `PyBuffer_Release`: releases the view behind `id`. Returns false when it
/// was already released (a no-op). Registered as a raw N-API callback.
pub fn view_release(env: sys::napi_env, id: f64) -> bool {
    // Dropping the view releases it, outside the slab's borrow.
    take(env, id).is_some()
}

/// Whether `id` names a live view.
#[napi]
pub fn view_is_live(id: f64) -> bool {
    with(id, |_| Ok(())).is_ok()
}

/// The fields of a view's `Py_buffer`. Absent arrays and format are
/// `undefined` (NULL in C). Sizes are bigints, exact: the JS getters turn
/// them into numbers, or a RangeError for one above 2**53.
#[napi(object)]
pub struct ViewInfo {
    pub len: BigInt,
    pub itemsize: BigInt,
    pub readonly: bool,
    pub ndim: u32,
    pub format: Option<String>,
    pub shape: Option<Vec<BigInt>>,
    pub strides: Option<Vec<BigInt>>,
    pub suboffsets: Option<Vec<BigInt>>,
    /// The exporter's type name.
    pub obj_type: String,
}

fn bigints(a: Option<&[isize]>) -> Option<Vec<BigInt>> {
    a.map(|a| a.iter().map(|&x| BigInt::from(x as i64)).collect())
}

/// The object a view is of, as JS sees it: for a view of an extension's
/// object, its wrapper rather than the per-view export in `obj`.
fn view_object(v: &BufferView) -> *mut PyObject {
    #[cfg(unix)]
    // SAFETY: the view holds a reference to its `obj`.
    return unsafe { crate::extension::public_object(v.obj()) };
    #[cfg(not(unix))]
    v.obj()
}

/// The view's fields.
#[napi]
pub fn view_info(id: f64) -> Result<ViewInfo> {
    with(id, |v| {
        // SAFETY: the view holds a reference to its exporter.
        let obj_type = unsafe { PyObjectHandle::from_borrowed(view_object(v)) };
        Ok(ViewInfo {
            len: BigInt::from(v.len() as i64),
            itemsize: BigInt::from(v.itemsize() as i64),
            readonly: v.readonly(),
            ndim: v.ndim() as u32,
            format: v.format().map(|f| f.to_string_lossy().into_owned()),
            shape: bigints(v.shape()),
            strides: bigints(v.strides()),
            suboffsets: bigints(v.suboffsets()),
            obj_type: obj_type.type_name(),
        })
    })
}

/// A new handle to the view's exporter (`view.obj`).
#[napi]
pub fn view_obj(id: f64) -> Result<PyObjectHandle> {
    // SAFETY: the view holds a reference to its exporter.
    with(id, |v| {
        Ok(unsafe { PyObjectHandle::from_borrowed(view_object(v)) })
    })
}

// ==========================================================================
// Layout queries and copies
// ==========================================================================

/// `PyBuffer_IsContiguous`.
#[napi]
pub fn view_is_contiguous(id: f64, order_arg: String) -> Result<bool> {
    let o = order(&order_arg)?;
    with(id, |v| v.is_contiguous(o).map_err(errors::from_info))
}

/// `PyBuffer_GetPointer`, as a byte offset: from the start of the
/// exporter's JS memory for JS exporters, from `buf` otherwise.
#[napi]
pub fn view_get_pointer(id: f64, indices: Vec<i64>) -> Result<f64> {
    with(id, |v| {
        let idx = indices_of(v, &indices)?;
        let p = v.get_pointer(&idx).map_err(errors::from_info)?;
        // SAFETY: the view holds a reference to its exporter.
        let offset = match unsafe { exporter::downcast(v.obj()) } {
            Some(ex) => ex.offset_of(p),
            None => (p as isize).wrapping_sub(v.buf() as isize),
        };
        errors::safe_number(offset as i64, "the offset")
    })
}

// --------------------------------------------------------------------------
// Overlap
// --------------------------------------------------------------------------

/// The addresses `[lo, hi)` the view's items occupy, or None when they
/// cannot be known without following pointers (suboffsets).
fn item_span(v: &BufferView) -> Option<(usize, usize)> {
    if v.suboffsets().is_some() {
        return None;
    }
    let base = v.buf() as usize;
    match (v.shape(), v.strides()) {
        (Some(shape), Some(strides)) => match layout::extent(v.itemsize(), shape, strides) {
            Ok(None) => Some((base, base)),
            Ok(Some((lo, hi))) => {
                Some((base.wrapping_add_signed(lo), base.wrapping_add_signed(hi)))
            }
            Err(_) => None,
        },
        // No strides (or no shape): contiguous.
        _ => Some((base, base.wrapping_add(v.len().max(0) as usize))),
    }
}

/// The bytes of the JS binary value `value` (an argument of this call):
/// a raw pointer, never a slice, since they may alias a view's memory.
fn js_bytes(env: &Env, value: &Unknown<'_>, what: &str) -> Result<(*mut u8, usize)> {
    // SAFETY: the current env and an argument of this call.
    unsafe { js_bytes_raw(env.raw(), value.raw(), what) }
}

/// [`js_bytes`] for a raw callback's argument.
///
/// # Safety
/// `env` must be the current env and `value` a value of its scope.
unsafe fn js_bytes_raw(
    env: sys::napi_env,
    value: sys::napi_value,
    what: &str,
) -> Result<(*mut u8, usize)> {
    // SAFETY: forwarded contract.
    match unsafe { bytes::read(env, value) }? {
        Some(b) if b.len == 0 => Ok((std::ptr::NonNull::dangling().as_ptr(), 0)),
        Some(b) => Ok((b.data, b.len)),
        None => Err(errors::raise(
            Exc::TypeError,
            format!("{what} must be a TypedArray, Buffer, DataView or ArrayBuffer"),
        )),
    }
}

/// `PyBuffer_ToContiguous` into the `n` bytes at `dst`, which may overlap
/// the view's items: the C function then packs through a temporary (as it
/// unpacks from one in `PyBuffer_FromContiguous`), so the copy reads as if
/// from a snapshot of the items.
///
/// # Safety
/// `dst` must be writable for `n` bytes.
unsafe fn to_contiguous_raw(v: &BufferView, dst: *mut u8, n: usize, o: OrderArg) -> Result<()> {
    // SAFETY: a live view; `dst` is writable for `n` bytes (the C function
    // checks that `n` is the view's len).
    let rc = unsafe { PyBuffer_ToContiguous(dst.cast(), v.as_raw(), n as isize, order_char(o)) };
    if rc == 0 { Ok(()) } else { Err(errors::take()) }
}

/// `PyBuffer_ToContiguous` into the `n` bytes at `dst` (exactly `len`; they
/// may be any JS memory, the view's own included). Raw callback
/// `viewToContiguous(id, order, out)`.
fn view_to_contiguous(
    env: sys::napi_env,
    id: f64,
    o: OrderArg,
    dst: *mut u8,
    n: usize,
) -> Result<()> {
    with_memory(env, id, |v| {
        if n as isize != v.len() {
            return Err(errors::raise(
                Exc::ValueError,
                format!("destination has {n} bytes but the view has {}", v.len()),
            ));
        }
        // SAFETY: `out`'s bytes, alive during this call.
        unsafe { to_contiguous_raw(v, dst, n, o) }
    })
}

/// Outputs this large or larger are prefaulted by [`prefault`].
#[cfg(target_os = "linux")]
const PREFAULT_MIN: usize = 1 << 20;

/// Maps in the pages of a new output of `n` bytes at `dst` before the
/// copy writes it (`MADV_POPULATE_WRITE`, Linux 5.14+; nothing elsewhere
/// or when refused): one system call instead of a page fault for every
/// 4 KiB page the copy touches first. Fresh pages are most of the time of
/// a new multi-MiB output (the README's performance notes), and more so in
/// a virtual machine, where each fault also exits to the hypervisor.
///
/// The allocator may also hand back memory it had before, already mapped
/// in; populating it again costs a page-table walk of about 0.1 µs a page,
/// more than it saves. So the first, middle and last page are sampled with
/// `mincore` (not one of them resident: the block is fresh) first.
fn prefault(dst: *mut u8, n: usize) {
    #[cfg(target_os = "linux")]
    if n >= PREFAULT_MIN {
        const PAGE: usize = 4096;
        let start = (dst as usize).div_ceil(PAGE) * PAGE;
        let end = (dst as usize + n) / PAGE * PAGE;
        if end <= start {
            return;
        }
        let pages = (end - start) / PAGE;
        let resident = [0, pages / 2, pages - 1].iter().any(|&k| {
            let mut vec = 0u8;
            // SAFETY: one whole page inside the output; `vec` holds the
            // one byte mincore writes for it.
            let rc =
                unsafe { libc::mincore((start + k * PAGE) as *mut libc::c_void, PAGE, &mut vec) };
            rc != 0 || vec & 1 != 0
        });
        if !resident {
            // SAFETY: whole pages inside the output, writable memory of
            // ours for this call; the advice changes no byte of it.
            unsafe {
                libc::madvise(
                    start as *mut libc::c_void,
                    end - start,
                    libc::MADV_POPULATE_WRITE,
                )
            };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (dst, n);
}

/// `PyBuffer_FromContiguous` from the `n` bytes at `p` (exactly `len`;
/// they may be any JS memory, the view's own included). Raw callback
/// `viewFromContiguous(id, src, order)`.
fn view_from_contiguous(
    env: sys::napi_env,
    id: f64,
    p: *const u8,
    n: usize,
    o: OrderArg,
) -> Result<()> {
    with_memory(env, id, |v| {
        if v.readonly() {
            return Err(errors::raise(
                Exc::BufferError,
                "fromContiguous: the view is read-only",
            ));
        }
        if n as isize != v.len() {
            return Err(errors::raise(
                Exc::ValueError,
                format!("source has {n} bytes but the view has {}", v.len()),
            ));
        }
        // SAFETY: a live, writable view; `p` is readable for `n` bytes. Where
        // they overlap the view's items, the C function unpacks from a copy.
        let rc =
            unsafe { PyBuffer_FromContiguous(v.as_raw(), p.cast(), n as isize, order_char(o)) };
        if rc == 0 { Ok(()) } else { Err(errors::take()) }
    })
}

/// Packs the view in C order into `out` and converts each item of a
/// single-number format to native byte order (for `toTypedArray`).
#[napi]
pub fn view_pack_native(env: Env, id: f64, out: Unknown<'_>) -> Result<()> {
    let (dst, n) = js_bytes(&env, &out, "out")?;
    with_memory(env.raw(), id, |v| {
        if n as isize != v.len() {
            return Err(errors::raise(
                Exc::ValueError,
                "destination has the wrong size",
            ));
        }
        // SAFETY: `out`'s bytes, alive during this call.
        unsafe { to_contiguous_raw(v, dst, n, OrderArg::C) }?;
        let parsed = view_format(v)?;
        let fmt = &parsed.format;
        if let (false, Some(field)) = (is_native_order(fmt), fmt.is_single()) {
            let (off, size, item) = (field.offset, field.size, v.itemsize() as usize);
            for start in (0..n).step_by(item.max(1)) {
                for k in 0..size / 2 {
                    // SAFETY: both bytes lie inside one item of `out`.
                    unsafe {
                        std::ptr::swap(
                            dst.add(start + off + k),
                            dst.add(start + off + size - 1 - k),
                        )
                    };
                }
            }
        }
        Ok(())
    })
}

/// The JS memory behind a view of a JS exporter: `{ bytes, offset }`, the
/// exporter's `Uint8Array` and the byte offset of `buf` within it; `null`
/// for other exporters, or a closed one.
#[napi(ts_return_type = "{ bytes: Uint8Array; offset: number } | null")]
pub fn view_memory(env: Env, id: f64) -> Result<sys::napi_value> {
    with(id, |v| {
        let raw_env = env.raw();
        let mut out = std::ptr::null_mut();
        // SAFETY: the view holds a reference to its exporter.
        let found = match unsafe { exporter::downcast(v.obj()) } {
            Some(ex) => check_attached(&env, v.obj())?.map(|bytes| (bytes, ex.offset_of(v.buf()))),
            None => None,
        };
        // SAFETY: (all calls) the current env and values of its scope.
        unsafe {
            match found {
                None => {
                    sys::napi_get_null(raw_env, &mut out);
                }
                Some((bytes, offset)) => {
                    let mut off = std::ptr::null_mut();
                    sys::napi_create_object(raw_env, &mut out);
                    sys::napi_create_double(raw_env, offset as f64, &mut off);
                    sys::napi_set_named_property(raw_env, out, c"bytes".as_ptr(), bytes);
                    sys::napi_set_named_property(raw_env, out, c"offset".as_ptr(), off);
                }
            }
        }
        Ok(out)
    })
}

/// A copy of the source of a `copyData` whose items may overlap the
/// destination's: the same layout over memory of its own, as a memoryview.
struct Snapshot {
    /// The memoryview over `_bytes` (owned reference).
    view: *mut PyObject,
    /// Keeps the source's format string, which the memoryview copied, and
    /// its export, until the copy is done.
    _source: BufferView,
    _bytes: Vec<u8>,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        // SAFETY: our reference to the memoryview, made in `snapshot`.
        unsafe { pybuffer::objects::object::Py_DecRef(self.view) };
    }
}

/// A snapshot of `src` when its items may overlap `dest`'s, so that
/// `PyObject_CopyData` reads as if through a temporary; None when they
/// cannot overlap (or either refuses a view: `PyObject_CopyData` then
/// reports it).
///
/// A direct source is copied as it lies in memory, every byte between its
/// first and last, under the same shape and strides: `PyObject_CopyData`
/// then takes exactly the path it takes for the source itself. An
/// indirect (suboffset) source is packed in C order.
///
/// # Safety
/// Both must be live objects.
unsafe fn snapshot(dest: *mut PyObject, src: *mut PyObject) -> Result<Option<Snapshot>> {
    // SAFETY: live per the contract.
    let d = unsafe { BufferView::acquire(dest, PyBUF_FULL_RO) };
    // SAFETY: live per the contract.
    let s = unsafe { BufferView::acquire(src, PyBUF_FULL_RO) };
    let (Ok(d), Ok(s)) = (d, s) else {
        pybuffer::python::errors::PyErr_Clear();
        return Ok(None);
    };
    let (dspan, sspan) = (item_span(&d), item_span(&s));
    let may_overlap = match (dspan, sspan) {
        (Some((dlo, dhi)), Some((slo, shi))) => dlo < shi && slo < dhi && dlo < dhi && slo < shi,
        _ => true,
    };
    if !may_overlap {
        return Ok(None);
    }
    drop(d);
    let (Some(shape), Some(strides)) = (s.shape(), s.strides()) else {
        return Ok(None);
    };
    let mut info = Py_buffer::zeroed();
    let mut c_strides = Vec::new();
    let bytes = match sspan {
        Some((lo, hi)) => {
            // SAFETY: the source's items lie in [lo, hi), readable memory.
            let mut bytes = unsafe { bytes::copy_out(lo as *const u8, hi - lo) };
            info.buf = bytes
                .as_mut_ptr()
                .wrapping_sub(lo - s.buf() as usize)
                .cast();
            info.strides = strides.as_ptr() as *mut isize;
            bytes
        }
        None => {
            let n = s.len().max(0) as usize;
            let mut bytes = vec![0u8; n.max(1)];
            // SAFETY: `bytes` holds `len` bytes.
            unsafe { to_contiguous_raw(&s, bytes.as_mut_ptr(), n, OrderArg::C) }?;
            c_strides =
                layout::contiguous_strides_checked(shape, s.itemsize(), pybuffer::copy::Order::C)
                    .map_err(errors::from_pair)?;
            info.buf = bytes.as_mut_ptr().cast();
            info.strides = c_strides.as_mut_ptr();
            bytes
        }
    };
    info.len = s.len();
    info.itemsize = s.itemsize();
    info.readonly = 1;
    info.ndim = s.ndim() as i32;
    info.format = s
        .format()
        .map_or(std::ptr::null_mut(), |f| f.as_ptr() as *mut _);
    info.shape = shape.as_ptr() as *mut isize;
    // SAFETY: a filled view over `bytes`, which the snapshot keeps for as
    // long as the memoryview (and the copy) uses it; the arrays are copied.
    let view = unsafe { pybuffer::objects::memoryobject::PyMemoryView_FromBuffer(&info) };
    drop(c_strides);
    if view.is_null() {
        return Err(errors::take());
    }
    Ok(Some(Snapshot {
        view,
        _source: s,
        _bytes: bytes,
    }))
}

/// `PyObject_CopyData(dest, src)`, as if `src` were first copied to a
/// temporary when the two overlap.
#[napi]
pub fn copy_data(env: Env, dest: &PyObjectHandle, src: &PyObjectHandle) -> Result<()> {
    let (d, s) = (dest.get()?, src.get()?);
    check_attached(&env, d)?;
    check_attached(&env, s)?;
    // SAFETY: the handles keep both objects alive.
    let snap = unsafe { snapshot(d, s) }?;
    let s = snap.as_ref().map_or(s, |snap| snap.view);
    // SAFETY: the handles (and the snapshot) keep both objects alive.
    if unsafe { PyObject_CopyData(d, s) } != 0 {
        return Err(errors::take());
    }
    Ok(())
}

// ==========================================================================
// Items
// ==========================================================================

/// `tolist()`: nested arrays of the view's items. `max_items` is the most
/// items the JS heap could hold (JS computes it from the heap limit): a
/// view with more fails at once with a RangeError (`MemoryError`), as
/// CPython fails at once to allocate the list, instead of building arrays
/// until the heap runs out. Raw callback `viewTolist(id, maxItems, scratch)`.
///
/// Building the arrays here costs an N-API call per item and per array
/// (about 150 ns an item). So when `scratch` is given, the view has at
/// least one dimension, fits in `scratch`, and its items are single
/// native-order numbers that a TypedArray reads exactly as `tolist()`
/// converts them ([`TypedKind::for_list`]), the items are packed into
/// `scratch` in C order instead, and the result is the name of the
/// TypedArray that reads them ([`TypedKind::name`]), a string: JS nests
/// them (`nestItems` in index.ts) at a few ns an item. The checks above
/// run first on either path.
fn view_tolist(
    env: sys::napi_env,
    id: f64,
    max_items: f64,
    scratch_bytes: Option<(*mut u8, usize)>,
) -> Result<sys::napi_value> {
    with_memory(env, id, |v| {
        let parsed = view_format(v)?;
        let fmt = &parsed.format;
        check_itemsize(v, fmt.size)?;
        // SAFETY: the view's arrays live as long as it does.
        let raw: &Py_buffer = unsafe { &*v.as_raw() };
        let mut scratch = Scratch::new();
        // SAFETY: an exporter-filled view.
        let layout =
            unsafe { layout::resolve(raw, &mut scratch, "tolist") }.map_err(errors::from_pair)?;
        // Arrays of items, and the arrays that hold them.
        let items = layout
            .shape
            .iter()
            .try_fold(1u128, |n, &d| n.checked_mul(d.max(0) as u128))
            .unwrap_or(u128::MAX);
        let longest = layout.shape.iter().copied().max().unwrap_or(0);
        if items as f64 > max_items || longest as u64 > MAX_ARRAY_LENGTH {
            return Err(errors::py_error(
                Exc::ValueError,
                "MemoryError",
                format!(
                    "tolist: the view has {items} items (shape {:?}), more than JS arrays can hold here \
                     (at most {max_items} items, {MAX_ARRAY_LENGTH} to an array)",
                    layout.shape
                ),
            ));
        }
        if let Some((dst, n)) = scratch_bytes
            && !layout.shape.is_empty()
            && n as isize >= v.len()
            && let Some(kind) = TypedKind::for_list(fmt)
        {
            // SAFETY: `scratch`'s bytes, alive during this call and at
            // least the view's len (checked above).
            unsafe { to_contiguous_raw(v, dst, v.len() as usize, OrderArg::C) }?;
            let (name, mut out) = (kind.name(), std::ptr::null_mut());
            // SAFETY: the current env; `name` is `name.len()` bytes of UTF-8.
            let status = unsafe {
                sys::napi_create_string_utf8(
                    env,
                    name.as_ptr().cast(),
                    name.len() as isize,
                    &mut out,
                )
            };
            if status != sys::Status::napi_ok {
                return Err(errors::raise(
                    Exc::RuntimeError,
                    "tolist: could not create a string",
                ));
            }
            return Ok(out);
        }
        // SAFETY: a validated layout of live memory; the current env.
        unsafe { values::tolist(env, fmt, &layout) }
    })
}

/// The TypedArrays whose elements are the items of a single-number format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TypedKind {
    Int8,
    Uint8,
    Int16,
    Uint16,
    Int32,
    Uint32,
    BigInt64,
    BigUint64,
    Float32,
    Float64,
}

impl TypedKind {
    /// The kind whose elements hold `fmt`'s one value with nothing around
    /// it (any byte order), or None.
    fn of(fmt: &pybuffer::format::Format) -> Option<(Self, pybuffer::format::Field)> {
        let field = fmt.is_single().filter(|f| f.size == fmt.size)?;
        let kind = match (field.code, field.size) {
            (b'b', 1) => Self::Int8,
            (b'B' | b'?' | b'c', 1) => Self::Uint8,
            (b'h', 2) => Self::Int16,
            (b'H', 2) => Self::Uint16,
            (b'i' | b'l', 4) => Self::Int32,
            (b'I' | b'L', 4) => Self::Uint32,
            (b'q' | b'l' | b'n', 8) => Self::BigInt64,
            (b'Q' | b'L' | b'N' | b'P', 8) => Self::BigUint64,
            (b'f', 4) => Self::Float32,
            (b'd', 8) => Self::Float64,
            _ => return None,
        };
        Some((kind, *field))
    }

    /// The kind whose elements read as the JS values `tolist()` gives
    /// `fmt`'s items (see `values::item_to_js`): numbers, and bigints for
    /// the 8-byte integers, in native byte order. Not `'?'` (booleans) nor
    /// `'c'` (Buffers).
    fn for_list(fmt: &pybuffer::format::Format) -> Option<Self> {
        let (kind, field) = Self::of(fmt)?;
        (is_native_order(fmt) && !matches!(field.code, b'?' | b'c')).then_some(kind)
    }

    fn name(self) -> &'static str {
        match self {
            Self::Int8 => "Int8Array",
            Self::Uint8 => "Uint8Array",
            Self::Int16 => "Int16Array",
            Self::Uint16 => "Uint16Array",
            Self::Int32 => "Int32Array",
            Self::Uint32 => "Uint32Array",
            Self::BigInt64 => "BigInt64Array",
            Self::BigUint64 => "BigUint64Array",
            Self::Float32 => "Float32Array",
            Self::Float64 => "Float64Array",
        }
    }
}

/// Whether `fmt`'s values are stored in this machine's byte order.
fn is_native_order(fmt: &pybuffer::format::Format) -> bool {
    fmt.native
        || (fmt.byte_order == pybuffer::format::ByteOrder::Little) == cfg!(target_endian = "little")
}

/// The longest JS array: 2**32 - 1 elements.
const MAX_ARRAY_LENGTH: u64 = u32::MAX as u64;

/// The TypedArray kind for the view's items: `{ kind, nativeOrder }`, the
/// constructor's name and whether the items are in native byte order. It
/// follows the format, whose size must be the itemsize (the same
/// RangeError as `tolist()` otherwise); a format of something other than
/// one integer, float, bool or char with no padding is a TypeError.
#[napi(object)]
pub struct TypedArrayKind {
    pub kind: String,
    pub native_order: bool,
}

/// See [`TypedArrayKind`].
#[napi]
pub fn view_typed_array_kind(id: f64) -> Result<TypedArrayKind> {
    with(id, |v| {
        let text = format_text(v);
        let fmt = values::parse_format(Some(text.as_bytes()))?;
        check_itemsize(v, fmt.size)?;
        let none = || {
            errors::raise(
                Exc::TypeError,
                format!("toTypedArray: format {text:?} has no TypedArray equivalent"),
            )
        };
        let (kind, _) = TypedKind::of(&fmt).ok_or_else(none)?;
        Ok(TypedArrayKind {
            kind: kind.name().to_owned(),
            native_order: is_native_order(&fmt),
        })
    })
}

fn check_itemsize(v: &BufferView, size: usize) -> Result<()> {
    if v.itemsize() as usize != size {
        return Err(errors::raise(
            Exc::ValueError,
            format!(
                "the view's itemsize ({}) does not match its format's size ({size})",
                v.itemsize()
            ),
        ));
    }
    Ok(())
}

/// `get(...indices)`: one item. Raw callbacks `viewGet(id, indices)` and
/// `viewGetAt(id, ...indices)`; `first` holds the first of `count`
/// indices.
fn view_get(env: sys::napi_env, id: f64, first: &[isize], count: usize) -> Result<sys::napi_value> {
    with_memory(env, id, |v| {
        let parsed = view_format(v)?;
        let fmt = &parsed.format;
        check_itemsize(v, fmt.size)?;
        let p = item_pointer(v, checked_indices(v, first, count)?)?;
        // SAFETY: an in-bounds item of live memory; the current env.
        unsafe { values::item_to_js(env, fmt, p) }
    })
}

/// `set(value, ...indices)`. Raw callbacks `viewSetNumber`,
/// `viewSetBigint`, `viewSetBool` and `viewSetBytes`, each
/// `(id, indices, value)`, and `viewSetNumberAt(id, value, ...indices)`;
/// `first` holds the first of `count` indices.
fn view_set(
    env: sys::napi_env,
    id: f64,
    first: &[isize],
    count: usize,
    input: Input<'_>,
) -> Result<()> {
    with_memory(env, id, |v| {
        if v.readonly() {
            return Err(errors::raise(
                Exc::BufferError,
                "cannot modify read-only memory",
            ));
        }
        let parsed = view_format(v)?;
        let (fmt, text) = (&parsed.format, &parsed.text);
        check_itemsize(v, fmt.size)?;
        let p = item_pointer(v, checked_indices(v, first, count)?)?;
        // An item of a number's size is packed on the stack, a longer one
        // in a vector of its own.
        let mut short = [0u8; 16];
        let mut long = Vec::new();
        let item: &mut [u8] = if fmt.size <= short.len() {
            &mut short[..fmt.size]
        } else {
            long.resize(fmt.size, 0);
            &mut long
        };
        // SAFETY: an in-bounds item of live memory, copied out and back so
        // that no Rust reference aliases JS memory.
        unsafe { std::ptr::copy_nonoverlapping(p, item.as_mut_ptr(), fmt.size) };
        values::pack_item(fmt, text, input, item)?;
        // SAFETY: as above; the view is writable.
        unsafe { std::ptr::copy_nonoverlapping(item.as_ptr(), p, fmt.size) };
        Ok(())
    })
}

// ==========================================================================
// Helpers for the C-level benchmark figures
// ==========================================================================

/// Times `iterations` runs of `call` (a C-level call returning 0, or -1
/// with a Python error, which stops the loop and is returned): nanoseconds
/// per call.
fn nanos_per_call(iterations: u32, mut call: impl FnMut() -> c_int) -> Result<f64> {
    let start = std::time::Instant::now();
    for _ in 0..iterations {
        if call() != 0 {
            return Err(errors::take());
        }
    }
    Ok(start.elapsed().as_nanos() as f64 / iterations.max(1) as f64)
}

/// Times `iterations` calls of `PyBuffer_ToContiguous` (C level) into one
/// preallocated buffer; returns nanoseconds per call. The first call's
/// output is returned through `check` for a correctness check.
#[napi]
pub fn bench_to_contiguous(
    env: Env,
    id: f64,
    order_arg: String,
    iterations: u32,
    check: Unknown<'_>,
) -> Result<f64> {
    let o = order(&order_arg)?;
    let (check, check_len) = js_bytes(&env, &check, "check")?;
    with_memory(env.raw(), id, |v| {
        let mut out = vec![0u8; v.len().max(0) as usize];
        // SAFETY: `out` holds `len` bytes.
        unsafe { to_contiguous_raw(v, out.as_mut_ptr(), out.len(), o) }?;
        if check_len == out.len() {
            // SAFETY: `check` is writable for its length, `out` ours.
            unsafe { std::ptr::copy_nonoverlapping(out.as_ptr(), check, check_len) };
        }
        let raw = v.as_raw();
        let (dst, n) = (out.as_mut_ptr(), out.len() as isize);
        nanos_per_call(iterations, || {
            // SAFETY: a live view and a buffer of exactly `len` bytes.
            unsafe { PyBuffer_ToContiguous(dst.cast(), raw, n, order_char(o)) }
        })
    })
}

/// Times `iterations` calls of `PyBuffer_ToContiguous` (C level) into an
/// output allocated per call, as a C caller that wants a new buffer does:
/// `malloc(len)`, the copy (which first-touches the pages), `free`.
/// Nanoseconds per call. With `keep`, each call's output stays allocated
/// until the loop ends, as a JS Buffer stays until the garbage collector
/// frees it: every call then writes to pages never touched before (the
/// frees at the end are timed too, as the collector's are in JS). With
/// `prefault_pages`, the output's pages are mapped in first, as
/// `toContiguous()` does (see [`prefault`]).
#[napi]
pub fn bench_to_contiguous_fresh(
    env: Env,
    id: f64,
    order_arg: String,
    iterations: u32,
    keep: bool,
    prefault_pages: Option<bool>,
) -> Result<f64> {
    let o = order(&order_arg)?;
    let prefault_pages = prefault_pages.unwrap_or(false);
    with_memory(env.raw(), id, |v| {
        let n = v.len().max(1) as usize;
        let raw = v.as_raw();
        let mut kept: Vec<*mut libc::c_void> = Vec::new();
        let start = std::time::Instant::now();
        let mut result = Ok(());
        for _ in 0..iterations {
            // SAFETY: a plain allocation, freed below.
            let out = unsafe { libc::malloc(n) };
            if out.is_null() {
                result = Err(errors::raise(Exc::MemoryError, "malloc failed"));
                break;
            }
            if prefault_pages {
                prefault(out.cast(), n);
            }
            // SAFETY: a live view and a buffer of exactly `len` bytes.
            let rc = unsafe { PyBuffer_ToContiguous(out, raw, v.len(), order_char(o)) };
            if keep {
                kept.push(out);
            } else {
                // SAFETY: allocated above, not used after.
                unsafe { libc::free(out) };
            }
            if rc != 0 {
                result = Err(errors::take());
                break;
            }
        }
        for p in kept {
            // SAFETY: allocated above, not used after.
            unsafe { libc::free(p) };
        }
        // The frees count too: a JS Buffer's memory is freed in the
        // collector's time, which the JS figure includes.
        let elapsed = start.elapsed().as_nanos() as f64;
        result.map(|()| elapsed / iterations.max(1) as f64)
    })
}

/// Times `iterations` calls of `PyBuffer_FromContiguous` (C level) from a
/// buffer of the view's size; returns nanoseconds per call.
#[napi]
pub fn bench_from_contiguous(
    env: Env,
    id: f64,
    order_arg: String,
    iterations: u32,
    src: Unknown<'_>,
) -> Result<f64> {
    let o = order(&order_arg)?;
    let (src, n) = js_bytes(&env, &src, "src")?;
    with_memory(env.raw(), id, |v| {
        let raw = v.as_raw();
        nanos_per_call(iterations, || {
            // SAFETY: a live view and `n` readable bytes at `src`.
            unsafe { PyBuffer_FromContiguous(raw, src.cast(), n as isize, order_char(o)) }
        })
    })
}

/// Times `iterations` acquire + release round trips of `obj` at the C level
/// (`PyObject_GetBuffer` + `PyBuffer_Release`); nanoseconds per round trip.
#[napi]
pub fn bench_acquire_release(obj: &PyObjectHandle, flags: i32, iterations: u32) -> Result<f64> {
    let ptr = obj.get()?;
    nanos_per_call(iterations, || {
        let mut view = Py_buffer::zeroed();
        // SAFETY: the handle keeps the object alive.
        unsafe {
            if pybuffer::buffer::PyObject_GetBuffer(ptr, &mut view, flags) != 0 {
                return -1;
            }
            pybuffer::buffer::PyBuffer_Release(&mut view);
        }
        0
    })
}

// ==========================================================================
// The hot paths as raw N-API callbacks
// ==========================================================================
//
// napi-rs wraps every #[napi] function in a borrow-tracking scope and
// converts each argument through its own machinery (a `String` allocated
// for an order, a `Vec` for indices), which costs more than the copy of a
// small view. The calls JS makes per item or per small copy are plain
// N-API callbacks instead: each reads its arguments with one N-API call
// apiece, before touching the view slab (no argument conversion can run JS
// while the slab is borrowed), and throws the same encoded Python errors.

/// The most arguments a raw callback reads: `napi_get_cb_info` fills
/// every slot (with `undefined` past the last argument passed), so the
/// callbacks that take few read no more.
const MAX_ARGS: usize = 3;

/// The most arguments the `…At` item callbacks read: an id, a value and
/// [`MAX_ARG_INDICES`] indices.
const MAX_ARGS_AT: usize = 6;

/// Reads argument `i` as a number, or throws a TypeError.
///
/// # Safety
/// `env` is the current env and `argv` the callback's arguments.
unsafe fn number_arg(
    env: sys::napi_env,
    argv: &[sys::napi_value],
    i: usize,
    what: &str,
) -> Result<f64> {
    let mut out = 0f64;
    // SAFETY: `env` is current; an absent argument is `undefined`.
    let status = unsafe { sys::napi_get_value_double(env, argv[i], &mut out) };
    if status != sys::Status::napi_ok {
        return Err(errors::raise(
            Exc::TypeError,
            format!("{what} must be a number"),
        ));
    }
    Ok(out)
}

/// Reads argument `i` as an order: the character code of `'C'`, `'F'` or
/// `'A'` (what JS passes, which costs less to read than a string), or the
/// one-letter string itself.
///
/// # Safety
/// As [`number_arg`].
unsafe fn order_arg(env: sys::napi_env, argv: &[sys::napi_value], i: usize) -> Result<OrderArg> {
    let mut code = 0f64;
    // SAFETY: `env` is current; a string fails with a status, read below.
    if unsafe { sys::napi_get_value_double(env, argv[i], &mut code) } == sys::Status::napi_ok {
        return match code {
            67.0 => Ok(OrderArg::C),
            70.0 => Ok(OrderArg::F),
            65.0 => Ok(OrderArg::A),
            other => Err(errors::raise(
                Exc::ValueError,
                format!("order must be 'C', 'F' or 'A' (or its character code), got {other}"),
            )),
        };
    }
    // Room for a longer (wrong) order to be named in the error.
    let mut text = [0u8; 16];
    let mut len = 0usize;
    // SAFETY: `env` is current; `text` has room for 15 bytes and the NUL.
    let status = unsafe {
        sys::napi_get_value_string_utf8(
            env,
            argv[i],
            text.as_mut_ptr().cast(),
            text.len(),
            &mut len,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(errors::raise(Exc::TypeError, "order must be a string"));
    }
    match &text[..len.min(text.len() - 1)] {
        b"C" => Ok(OrderArg::C),
        b"F" => Ok(OrderArg::F),
        b"A" => Ok(OrderArg::A),
        other => order(&String::from_utf8_lossy(other)),
    }
}

/// Reads argument `i` as item indices into `out`: either a Float64Array
/// `[count, i0, i1, …]` (what index.ts passes, one reused array, read with
/// one N-API call) or an array of integers (each converted as
/// `napi_get_value_int64` does). Either way, entries past the first
/// `PyBUF_MAX_NDIM` are counted but not read (more indices than
/// dimensions is an error anyway).
///
/// # Safety
/// As [`number_arg`].
unsafe fn indices_arg(
    env: sys::napi_env,
    argv: &[sys::napi_value],
    i: usize,
    out: &mut Indices,
) -> Result<()> {
    let not_array = || errors::raise(Exc::TypeError, "indices must be an array of integers");
    // SAFETY: `env` is current; an absent argument is `undefined`, for
    // which (like any non-TypedArray) the call fails.
    if let Ok(info) = unsafe { bytes::typedarray_info(env, argv[i]) } {
        let length = info.length;
        if info.ty != sys::TypedarrayType::float64_array || length == 0 {
            return Err(not_array());
        }
        let data = info.data.cast::<f64>();
        // SAFETY: element 0 of a Float64Array of `length` >= 1 elements,
        // read through the raw pointer (JS memory).
        let count = unsafe { data.read_unaligned() };
        if count as u32 as f64 != count {
            return Err(not_array());
        }
        out.count = count as usize;
        let read = out.count.min(out.first.len());
        if length < 1 + read {
            return Err(not_array());
        }
        for (k, slot) in out.first.iter_mut().enumerate().take(read) {
            // SAFETY: element 1 + k < `length`, as above.
            let v = unsafe { data.add(1 + k).read_unaligned() };
            if v as i64 as f64 != v {
                return Err(not_array());
            }
            *slot = v as isize;
        }
        return Ok(());
    }
    let mut count = 0u32;
    // SAFETY: `env` is current; an absent argument is `undefined`.
    if unsafe { sys::napi_get_array_length(env, argv[i], &mut count) } != sys::Status::napi_ok {
        return Err(not_array());
    }
    out.count = count as usize;
    for (k, slot) in out.first.iter_mut().enumerate().take(count as usize) {
        let mut element = std::ptr::null_mut();
        let mut value = 0i64;
        // SAFETY: `env` is current and `argv[i]` an array of its scope.
        let ok = unsafe {
            sys::napi_get_element(env, argv[i], k as u32, &mut element) == sys::Status::napi_ok
                && sys::napi_get_value_int64(env, element, &mut value) == sys::Status::napi_ok
        };
        if !ok {
            return Err(not_array());
        }
        *slot = value as isize;
    }
    Ok(())
}

/// Reads the view id (argument 0) and item indices (argument 1, into
/// `indices`: filled in place, as it is half a KiB) that the item
/// callbacks (`viewGet`, `viewSet*`) start with.
///
/// # Safety
/// As [`number_arg`].
unsafe fn id_and_indices(
    env: sys::napi_env,
    argv: &[sys::napi_value],
    indices: &mut Indices,
) -> Result<f64> {
    // SAFETY: forwarded contract.
    let id = unsafe { number_arg(env, argv, 0, "id") }?;
    // SAFETY: forwarded contract.
    unsafe { indices_arg(env, argv, 1, indices) }?;
    Ok(id)
}

/// The most indices the `…At` item callbacks take as arguments of their
/// own; JS passes more through the array form.
const MAX_ARG_INDICES: usize = MAX_ARGS_AT - 2;

/// Reads arguments `from..argc` as item indices, each a whole number that
/// fits an `isize` (what JS passes: safe integers), into `out`; returns
/// how many.
///
/// Plain arguments cost one N-API call apiece, far less than reading a
/// TypedArray's data (`napi_get_typedarray_info` materialises its
/// ArrayBuffer).
///
/// # Safety
/// As [`number_arg`]; `argv` holds the callback's first arguments
/// (`argc` of them were passed).
unsafe fn arg_indices(
    env: sys::napi_env,
    argv: &[sys::napi_value],
    from: usize,
    argc: usize,
    out: &mut [isize; MAX_ARG_INDICES],
) -> Result<usize> {
    let count = argc.saturating_sub(from);
    if argc > argv.len() {
        return Err(errors::raise(
            Exc::TypeError,
            format!("at most {MAX_ARG_INDICES} indices can be passed as arguments, got {count}"),
        ));
    }
    for (k, slot) in out.iter_mut().enumerate().take(count) {
        // SAFETY: forwarded contract; `from + k < argc <= argv.len()`.
        let v = unsafe { number_arg(env, argv, from + k, "an index") }?;
        // The casts saturate: exact only for a whole number in range.
        if v as isize as f64 != v {
            return Err(errors::raise(
                Exc::TypeError,
                format!("index {k} must be an integer, got {v}"),
            ));
        }
        *slot = v as isize;
    }
    Ok(count)
}

/// Reads argument `i` as JS memory: a raw pointer and a length.
///
/// # Safety
/// As [`number_arg`].
unsafe fn bytes_arg(
    env: sys::napi_env,
    argv: &[sys::napi_value],
    i: usize,
    what: &str,
) -> Result<(*mut u8, usize)> {
    // A TypedArray or DataView (what JS passes on the hot paths) in one
    // call: `napi_get_buffer_info` takes any ArrayBufferView and gives its
    // data and byte length from the view's internal slots, without the
    // element-type tests of `napi_get_typedarray_info`. It fails for
    // anything else, which `js_bytes_raw` then reads (or names in the
    // error).
    let (mut data, mut n) = (std::ptr::null_mut(), 0usize);
    // SAFETY: `env` is current; an absent argument is `undefined`.
    if unsafe { sys::napi_get_buffer_info(env, argv[i], &mut data, &mut n) } == sys::Status::napi_ok
    {
        if n == 0 {
            return Ok((std::ptr::NonNull::dangling().as_ptr(), 0));
        }
        return Ok((data.cast(), n));
    }
    // SAFETY: forwarded contract.
    unsafe { js_bytes_raw(env, argv[i], what) }
}

/// Runs `f` with the first `N` arguments and the count passed, turning errors into JS
/// exceptions and a panic into an Error instead of an abort. A NULL result
/// is `undefined`.
///
/// # Safety
/// The callback's own `env` and `info`.
unsafe fn raw_call<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    f: impl FnOnce(sys::napi_env, &[sys::napi_value], usize) -> Result<sys::napi_value>,
) -> sys::napi_value {
    let mut argc = N;
    let mut argv = [std::ptr::null_mut(); N];
    // SAFETY: the callback's own env and info; room for N arguments
    // (missing ones are filled with `undefined`).
    unsafe {
        sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    // `argc` is now how many arguments the call passed (more than fit
    // `argv`, possibly).
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(env, &argv, argc)))
        .unwrap_or_else(|_| Err(errors::raise(Exc::SystemError, "pybuffer: internal panic")));
    match result {
        Ok(v) => v,
        Err(e) => {
            let msg = std::ffi::CString::new(e.reason.replace('\0', " ")).unwrap_or_default();
            // SAFETY: throwing on the current env.
            unsafe { sys::napi_throw_error(env, std::ptr::null(), msg.as_ptr()) };
            std::ptr::null_mut()
        }
    }
}

/// Declares a raw N-API callback whose body runs inside [`raw_call`]; the
/// body may also name the count of arguments passed.
macro_rules! raw_callback {
    ($(#[$doc:meta])* $name:ident, |$env:ident, $argv:ident| $body:block) => {
        raw_callback!($(#[$doc])* $name, MAX_ARGS, |$env, $argv, _argc| $body);
    };
    ($(#[$doc:meta])* $name:ident, $n:expr, |$env:ident, $argv:ident, $argc:ident| $body:block) => {
        $(#[$doc])*
        unsafe extern "C" fn $name(
            env: sys::napi_env,
            info: sys::napi_callback_info,
        ) -> sys::napi_value {
            // SAFETY: called by N-API with its env and info; the body reads
            // its arguments and makes N-API calls on this env only.
            unsafe { raw_call::<{ $n }>(env, info, |$env, $argv, $argc| $body) }
        }
    };
}

/// `undefined`, as a raw callback returns it.
fn undefined() -> Result<sys::napi_value> {
    Ok(std::ptr::null_mut())
}

raw_callback!(
    /// `viewAcquire(slot, flags)`.
    raw_view_acquire,
    |env, argv| {
        let slot = number_arg(env, argv, 0, "slot")?;
        let flags = number_arg(env, argv, 1, "flags")?;
        // The cast saturates, and is exact only for an i32.
        if flags as i32 as f64 != flags {
            return Err(errors::raise(
                Exc::TypeError,
                format!("flags must be a 32-bit integer, got {flags}"),
            ));
        }
        let id = view_acquire(env, slot, flags as i32)?;
        let mut out = std::ptr::null_mut();
        sys::napi_create_double(env, id, &mut out);
        Ok(out)
    }
);

raw_callback!(
    /// `viewTrack(id, target)`: see [`track`].
    raw_view_track,
    |env, argv| {
        let id = number_arg(env, argv, 0, "id")?;
        track(env, id, argv[1])?;
        undefined()
    }
);

raw_callback!(
    /// `viewGcReleased()`: how many views of this thread the garbage
    /// collector released through [`track`].
    raw_view_gc_released,
    |env, _argv| {
        let n = GC_RELEASED.with(|n| n.get());
        let mut out = std::ptr::null_mut();
        sys::napi_create_double(env, n, &mut out);
        Ok(out)
    }
);

raw_callback!(
    /// `viewRelease(id)`.
    raw_view_release,
    |env, argv| {
        let released = view_release(env, number_arg(env, argv, 0, "id")?);
        let mut out = std::ptr::null_mut();
        sys::napi_get_boolean(env, released, &mut out);
        Ok(out)
    }
);

raw_callback!(
    /// `viewToContiguous(id, order, out)`.
    raw_view_to_contiguous,
    |env, argv| {
        let id = number_arg(env, argv, 0, "id")?;
        let o = order_arg(env, argv, 1)?;
        let (dst, n) = bytes_arg(env, argv, 2, "out")?;
        view_to_contiguous(env, id, o, dst, n)?;
        undefined()
    }
);

raw_callback!(
    /// `viewToContiguousFresh(id, order, out)`: `viewToContiguous` into a
    /// Buffer just allocated for it, whose pages are mapped in first (see
    /// [`prefault`]).
    raw_view_to_contiguous_fresh,
    |env, argv| {
        let id = number_arg(env, argv, 0, "id")?;
        let o = order_arg(env, argv, 1)?;
        let (dst, n) = bytes_arg(env, argv, 2, "out")?;
        with(id, |v| {
            if n as isize == v.len() {
                prefault(dst, n);
            }
            Ok(())
        })?;
        view_to_contiguous(env, id, o, dst, n)?;
        undefined()
    }
);

raw_callback!(
    /// `viewFromContiguous(id, src, order)`.
    raw_view_from_contiguous,
    |env, argv| {
        let id = number_arg(env, argv, 0, "id")?;
        let (src, n) = bytes_arg(env, argv, 1, "src")?;
        let o = order_arg(env, argv, 2)?;
        view_from_contiguous(env, id, src, n, o)?;
        undefined()
    }
);

raw_callback!(
    /// `viewTolist(id, maxItems, scratch?)`.
    raw_view_tolist,
    MAX_ARGS,
    |env, argv, argc| {
        let id = number_arg(env, argv, 0, "id")?;
        let max_items = number_arg(env, argv, 1, "maxItems")?;
        let scratch = if argc > 2 { Some(bytes_arg(env, argv, 2, "scratch")?) } else { None };
        view_tolist(env, id, max_items, scratch)
    }
);

raw_callback!(
    /// `viewGet(id, indices)`.
    raw_view_get,
    |env, argv| {
        let mut indices = Indices::new();
        let id = id_and_indices(env, argv, &mut indices)?;
        view_get(env, id, &indices.first, indices.count)
    }
);

raw_callback!(
    /// `viewGetAt(id, ...indices)`: `viewGet` with up to
    /// [`MAX_ARG_INDICES`] indices as arguments.
    raw_view_get_at,
    MAX_ARGS_AT,
    |env, argv, argc| {
        let id = number_arg(env, argv, 0, "id")?;
        let mut first = [0isize; MAX_ARG_INDICES];
        let count = arg_indices(env, argv, 1, argc, &mut first)?;
        view_get(env, id, &first, count)
    }
);

raw_callback!(
    /// `viewSetNumberAt(id, value, ...indices)`: `viewSetNumber` with up to
    /// [`MAX_ARG_INDICES`] indices as arguments.
    raw_view_set_number_at,
    MAX_ARGS_AT,
    |env, argv, argc| {
        let id = number_arg(env, argv, 0, "id")?;
        let value = number_arg(env, argv, 1, "value")?;
        let mut first = [0isize; MAX_ARG_INDICES];
        let count = arg_indices(env, argv, 2, argc, &mut first)?;
        view_set(env, id, &first, count, Input::Number(value))?;
        undefined()
    }
);

raw_callback!(
    /// `viewSetNumber(id, indices, value)`.
    raw_view_set_number,
    |env, argv| {
        let mut indices = Indices::new();
        let id = id_and_indices(env, argv, &mut indices)?;
        let value = number_arg(env, argv, 2, "value")?;
        view_set(env, id, &indices.first, indices.count, Input::Number(value))?;
        undefined()
    }
);

/// The bigint `value` rounded to the nearest double (ties to even; ±inf
/// beyond the largest), as `Number(value)` gives it.
///
/// # Safety
/// `env` is the current env and `value` a value of its current scope.
unsafe fn bigint_to_f64(env: sys::napi_env, value: sys::napi_value) -> Result<f64> {
    let not_bigint = || errors::raise(Exc::TypeError, "value must be a bigint");
    let (mut sign, mut count) = (0, 0usize);
    // SAFETY: per the contract. NULL sign and words ask for the count alone.
    let status = unsafe {
        sys::napi_get_value_bigint_words(
            env,
            value,
            std::ptr::null_mut(),
            &mut count,
            std::ptr::null_mut(),
        )
    };
    if status != sys::Status::napi_ok {
        return Err(not_bigint());
    }
    let mut words = vec![0u64; count];
    // SAFETY: per the contract; `words` holds `count` words.
    let status = unsafe {
        sys::napi_get_value_bigint_words(env, value, &mut sign, &mut count, words.as_mut_ptr())
    };
    if status != sys::Status::napi_ok {
        return Err(not_bigint());
    }
    let magnitude = crate::values::words_to_f64(&words[..count.min(words.len())]);
    Ok(if sign != 0 { -magnitude } else { magnitude })
}

raw_callback!(
    /// `viewSetBigint(id, indices, value)`: the value as an `i64` when it
    /// fits one, else as a `u64` when it fits that; beyond, float and bool
    /// formats take it as Python does (see [`values::Input::BigInt`]).
    raw_view_set_bigint,
    |env, argv| {
        let mut indices = Indices::new();
        let id = id_and_indices(env, argv, &mut indices)?;
        let (mut i, mut u) = (0i64, 0u64);
        let (mut i_exact, mut u_exact) = (false, false);
        let ok = sys::napi_get_value_bigint_int64(env, argv[2], &mut i, &mut i_exact)
            == sys::Status::napi_ok
            && sys::napi_get_value_bigint_uint64(env, argv[2], &mut u, &mut u_exact)
                == sys::Status::napi_ok;
        if !ok {
            return Err(errors::raise(Exc::TypeError, "value must be a bigint"));
        }
        let exact = if i_exact {
            Some(pybuffer::format::Value::Int(i))
        } else if u_exact {
            Some(pybuffer::format::Value::UInt(u))
        } else {
            None
        };
        let approx = match exact {
            Some(pybuffer::format::Value::Int(i)) => i as f64,
            Some(pybuffer::format::Value::UInt(u)) => u as f64,
            _ => bigint_to_f64(env, argv[2])?,
        };
        view_set(env, id, &indices.first, indices.count, Input::BigInt { exact, approx })?;
        undefined()
    }
);

raw_callback!(
    /// `viewSetBool(id, indices, value)`.
    raw_view_set_bool,
    |env, argv| {
        let mut indices = Indices::new();
        let id = id_and_indices(env, argv, &mut indices)?;
        let mut value = false;
        if sys::napi_get_value_bool(env, argv[2], &mut value) != sys::Status::napi_ok {
            return Err(errors::raise(Exc::TypeError, "value must be a boolean"));
        }
        view_set(env, id, &indices.first, indices.count, Input::Bool(value))?;
        undefined()
    }
);

raw_callback!(
    /// `viewSetBytes(id, indices, value)`. The value is copied first: it
    /// may alias the item.
    raw_view_set_bytes,
    |env, argv| {
        let mut indices = Indices::new();
        let id = id_and_indices(env, argv, &mut indices)?;
        let (p, n) = bytes_arg(env, argv, 2, "value")?;
        // SAFETY: the value's bytes, readable during this call.
        let copy = bytes::copy_out(p, n);
        view_set(env, id, &indices.first, indices.count, Input::Bytes(&copy))?;
        undefined()
    }
);

/// Adds the raw callbacks above to the exports, and watches the environment's teardown (see [`crate::env`]).
#[napi(module_exports)]
pub fn register_hot_paths(exports: Object<'_>, env: Env) -> Result<()> {
    // SAFETY: module initialisation, on the environment's thread.
    unsafe { crate::env::watch_teardown(env.raw()) }?;
    // SAFETY: as above.
    #[cfg(unix)]
    unsafe { crate::extension::keep_intrinsics(env.raw()) }?;
    // SAFETY: as above; the hook's argument is the env, which outlives it.
    let status = unsafe {
        sys::napi_add_env_cleanup_hook(env.raw(), Some(forget_trackers), env.raw().cast())
    };
    if status != sys::Status::napi_ok {
        return Err(Error::new(
            Status::GenericFailure,
            "napi_add_env_cleanup_hook failed",
        ));
    }
    let fns: [(&std::ffi::CStr, sys::napi_callback); 15] = [
        (c"viewAcquire", Some(raw_view_acquire)),
        (c"viewTrack", Some(raw_view_track)),
        (c"viewGcReleased", Some(raw_view_gc_released)),
        (c"viewRelease", Some(raw_view_release)),
        (c"viewToContiguous", Some(raw_view_to_contiguous)),
        (c"viewToContiguousFresh", Some(raw_view_to_contiguous_fresh)),
        (c"viewFromContiguous", Some(raw_view_from_contiguous)),
        (c"viewTolist", Some(raw_view_tolist)),
        (c"viewGet", Some(raw_view_get)),
        (c"viewGetAt", Some(raw_view_get_at)),
        (c"viewSetNumberAt", Some(raw_view_set_number_at)),
        (c"viewSetNumber", Some(raw_view_set_number)),
        (c"viewSetBigint", Some(raw_view_set_bigint)),
        (c"viewSetBool", Some(raw_view_set_bool)),
        (c"viewSetBytes", Some(raw_view_set_bytes)),
    ];
    for (name, cb) in fns {
        let mut f = std::ptr::null_mut();
        // SAFETY: module initialisation on the JS thread; `name` is NUL-terminated.
        unsafe {
            let status = sys::napi_create_function(
                env.raw(),
                name.as_ptr(),
                -1,
                cb,
                std::ptr::null_mut(),
                &mut f,
            );
            if status != sys::Status::napi_ok {
                return Err(Error::new(
                    Status::GenericFailure,
                    "napi_create_function failed",
                ));
            }
            let status = sys::napi_set_named_property(env.raw(), exports.raw(), name.as_ptr(), f);
            if status != sys::Status::napi_ok {
                return Err(Error::new(
                    Status::GenericFailure,
                    "napi_set_named_property failed",
                ));
            }
        }
    }
    Ok(())
}
