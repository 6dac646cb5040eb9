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

use std::cell::RefCell;
use std::ffi::c_char;

use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;
use pybuffer::buffer::PyObject_CopyData;
use pybuffer::ffi::{Py_buffer, PyObject};
use pybuffer::layout::{self, OrderArg, Scratch};
use pybuffer::objects::exceptions::Exc;
use pybuffer::view::BufferView;

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
}

#[derive(Default)]
struct Slab {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

thread_local! {
    static SLAB: RefCell<Slab> = RefCell::new(Slab::default());
}

fn encode(index: u32, generation: u32) -> f64 {
    ((generation as u64) << INDEX_BITS | index as u64) as f64
}

fn decode(id: f64) -> Option<(usize, u32)> {
    if !(0.0..9_007_199_254_740_992.0).contains(&id) || id.fract() != 0.0 {
        return None;
    }
    let v = id as u64;
    Some(((v & INDEX_MASK) as usize, (v >> INDEX_BITS) as u32))
}

fn insert(view: BufferView) -> Result<f64> {
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
        Ok(encode(index, slot.generation))
    })
}

/// Removes the view behind `id`, if it is live.
pub(crate) fn take(id: f64) -> Option<BufferView> {
    let (index, generation) = decode(id)?;
    SLAB.with(|slab| {
        let mut slab = slab.borrow_mut();
        let slot = slab.slots.get_mut(index)?;
        if slot.generation != generation {
            return None;
        }
        let view = slot.view.take()?;
        slab.free.push(index as u32);
        Some(view)
    })
}

/// Runs `f` on the live view behind `id`, or raises BufferError.
fn with<T>(id: f64, f: impl FnOnce(&BufferView) -> Result<T>) -> Result<T> {
    let (index, generation) = decode(id).ok_or_else(errors::released)?;
    SLAB.with(|slab| {
        let slab = slab.borrow();
        match slab.slots.get(index) {
            Some(Slot {
                generation: g,
                view: Some(v),
            }) if *g == generation => f(v),
            _ => Err(errors::released()),
        }
    })
}

/// Like [`with`], after checking that JS memory behind the view is still
/// attached.
fn with_memory<T>(env: &Env, id: f64, f: impl FnOnce(&BufferView) -> Result<T>) -> Result<T> {
    with(id, |v| {
        check_attached(env, v.obj())?;
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

fn view_format(v: &BufferView) -> Result<pybuffer::format::Format> {
    values::parse_format(Some(format_text(v).as_bytes()))
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
    // SAFETY: the handle keeps the object alive.
    let view = unsafe { BufferView::acquire(ptr, flags) }.map_err(errors::from_info)?;
    insert(view)
}

/// `PyBuffer_Release`: releases the view behind `id`. Returns false when it
/// was already released (a no-op). Registered as a raw N-API callback.
pub fn view_release(id: f64) -> bool {
    // Dropping the view releases it, outside the slab's borrow.
    take(id).is_some()
}

/// Whether `id` names a live view.
#[napi]
pub fn view_is_live(id: f64) -> bool {
    with(id, |_| Ok(())).is_ok()
}

/// The fields of a view's `Py_buffer`. Absent arrays and format are
/// `undefined` (NULL in C).
#[napi(object)]
pub struct ViewInfo {
    pub len: f64,
    pub itemsize: f64,
    pub readonly: bool,
    pub ndim: u32,
    pub format: Option<String>,
    pub shape: Option<Vec<f64>>,
    pub strides: Option<Vec<f64>>,
    pub suboffsets: Option<Vec<f64>>,
    /// The exporter's type name.
    pub obj_type: String,
}

fn floats(a: Option<&[isize]>) -> Option<Vec<f64>> {
    a.map(|a| a.iter().map(|&x| x as f64).collect())
}

/// The view's fields.
#[napi]
pub fn view_info(id: f64) -> Result<ViewInfo> {
    with(id, |v| {
        // SAFETY: the view holds a reference to its exporter.
        let obj_type = unsafe { PyObjectHandle::from_borrowed(v.obj()) };
        Ok(ViewInfo {
            len: v.len() as f64,
            itemsize: v.itemsize() as f64,
            readonly: v.readonly(),
            ndim: v.ndim() as u32,
            format: v.format().map(|f| f.to_string_lossy().into_owned()),
            shape: floats(v.shape()),
            strides: floats(v.strides()),
            suboffsets: floats(v.suboffsets()),
            obj_type: obj_type.type_name(),
        })
    })
}

/// A new handle to the view's exporter (`view.obj`).
#[napi]
pub fn view_obj(id: f64) -> Result<PyObjectHandle> {
    // SAFETY: the view holds a reference to its exporter.
    with(id, |v| {
        Ok(unsafe { PyObjectHandle::from_borrowed(v.obj()) })
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
        Ok(match unsafe { exporter::downcast(v.obj()) } {
            Some(ex) => ex.offset_of(p),
            None => (p as isize).wrapping_sub(v.buf() as isize),
        } as f64)
    })
}

/// `PyBuffer_ToContiguous` into `out` (exactly `len` bytes).
#[napi]
pub fn view_to_contiguous(
    env: Env,
    id: f64,
    order_arg: String,
    mut out: Uint8ArraySlice<'_>,
) -> Result<()> {
    let o = order(&order_arg)?;
    // SAFETY: JS does not run while this call uses the bytes.
    let out = unsafe { out.as_mut() };
    with_memory(&env, id, |v| {
        if out.len() as isize != v.len() {
            return Err(errors::raise(
                Exc::ValueError,
                format!(
                    "destination has {} bytes but the view has {}",
                    out.len(),
                    v.len()
                ),
            ));
        }
        v.to_contiguous_into(out, o).map_err(errors::from_info)
    })
}

/// `PyBuffer_FromContiguous` from `src` (exactly `len` bytes).
#[napi]
pub fn view_from_contiguous(env: Env, id: f64, src: &[u8], order_arg: String) -> Result<()> {
    let o = order(&order_arg)?;
    with_memory(&env, id, |v| {
        if v.readonly() {
            return Err(errors::raise(
                Exc::BufferError,
                "fromContiguous: the view is read-only",
            ));
        }
        v.from_contiguous(src, o).map_err(errors::from_info)
    })
}

/// Packs the view in C order into `out` and converts each item of a
/// single-number format to native byte order (for `toTypedArray`).
#[napi]
pub fn view_pack_native(env: Env, id: f64, mut out: Uint8ArraySlice<'_>) -> Result<()> {
    // SAFETY: JS does not run while this call uses the bytes.
    let out = unsafe { out.as_mut() };
    with_memory(&env, id, |v| {
        if out.len() as isize != v.len() {
            return Err(errors::raise(
                Exc::ValueError,
                "destination has the wrong size",
            ));
        }
        v.to_contiguous_into(out, OrderArg::C)
            .map_err(errors::from_info)?;
        let fmt = view_format(v)?;
        let native_order = fmt.native
            || (fmt.byte_order == pybuffer::format::ByteOrder::Little)
                == cfg!(target_endian = "little");
        if let (false, Some(field)) = (native_order, fmt.is_single()) {
            let (off, size, item) = (field.offset, field.size, v.itemsize() as usize);
            if size > 1 {
                for chunk in out.chunks_exact_mut(item) {
                    chunk[off..off + size].reverse();
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

/// `PyObject_CopyData(dest, src)`.
#[napi]
pub fn copy_data(env: Env, dest: &PyObjectHandle, src: &PyObjectHandle) -> Result<()> {
    let (d, s) = (dest.get()?, src.get()?);
    check_attached(&env, d)?;
    check_attached(&env, s)?;
    // SAFETY: the handles keep both objects alive.
    if unsafe { PyObject_CopyData(d, s) } != 0 {
        return Err(errors::take());
    }
    Ok(())
}

// ==========================================================================
// Items
// ==========================================================================

/// `tolist()`: nested arrays of the view's items.
#[napi]
pub fn view_tolist(env: Env, id: f64) -> Result<sys::napi_value> {
    with_memory(&env, id, |v| {
        let fmt = view_format(v)?;
        check_itemsize(v, fmt.size)?;
        // SAFETY: the view's arrays live as long as it does.
        let raw: &Py_buffer = unsafe { &*v.as_raw() };
        let mut scratch = Scratch::new();
        // SAFETY: an exporter-filled view.
        let layout =
            unsafe { layout::resolve(raw, &mut scratch, "tolist") }.map_err(errors::from_pair)?;
        // SAFETY: a validated layout of live memory; the current env.
        unsafe { values::tolist(env.raw(), &fmt, &layout) }
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

/// `get(...indices)`: one item.
#[napi]
pub fn view_get(env: Env, id: f64, indices: Vec<i64>) -> Result<sys::napi_value> {
    with_memory(&env, id, |v| {
        let fmt = view_format(v)?;
        check_itemsize(v, fmt.size)?;
        let idx = indices_of(v, &indices)?;
        let p = v.get_pointer(&idx).map_err(errors::from_info)?;
        // SAFETY: an in-bounds item of live memory; the current env.
        unsafe { values::item_to_js(env.raw(), &fmt, p) }
    })
}

fn set(env: &Env, id: f64, indices: &[i64], input: Input<'_>) -> Result<()> {
    with_memory(env, id, |v| {
        if v.readonly() {
            return Err(errors::raise(
                Exc::BufferError,
                "cannot modify read-only memory",
            ));
        }
        let text = format_text(v);
        let fmt = values::parse_format(Some(text.as_bytes()))?;
        check_itemsize(v, fmt.size)?;
        let idx = indices_of(v, indices)?;
        let p = v.get_pointer(&idx).map_err(errors::from_info)?;
        let mut item = vec![0u8; fmt.size];
        // SAFETY: an in-bounds item of live memory, copied out and back so
        // that no Rust reference aliases JS memory.
        unsafe { std::ptr::copy_nonoverlapping(p, item.as_mut_ptr(), fmt.size) };
        values::pack_item(&fmt, &text, input, &mut item)?;
        // SAFETY: as above; the view is writable.
        unsafe { std::ptr::copy_nonoverlapping(item.as_ptr(), p, fmt.size) };
        Ok(())
    })
}

/// `set(number, ...indices)`.
#[napi]
pub fn view_set_number(env: Env, id: f64, indices: Vec<i64>, value: f64) -> Result<()> {
    set(&env, id, &indices, Input::Number(value))
}

/// `set(bigint, ...indices)`.
#[napi]
pub fn view_set_bigint(env: Env, id: f64, indices: Vec<i64>, value: BigInt) -> Result<()> {
    let (i, lossless) = value.get_i64();
    let v = if lossless {
        Some(pybuffer::format::Value::Int(i))
    } else {
        match value.get_u64() {
            (false, u, true) => Some(pybuffer::format::Value::UInt(u)),
            _ => None,
        }
    };
    set(&env, id, &indices, Input::BigInt(v))
}

/// `set(boolean, ...indices)`.
#[napi]
pub fn view_set_bool(env: Env, id: f64, indices: Vec<i64>, value: bool) -> Result<()> {
    set(&env, id, &indices, Input::Bool(value))
}

/// `set(bytes, ...indices)`.
#[napi]
pub fn view_set_bytes(env: Env, id: f64, indices: Vec<i64>, value: &[u8]) -> Result<()> {
    set(&env, id, &indices, Input::Bytes(value))
}

// ==========================================================================
// Helpers for the C-level benchmark figures
// ==========================================================================

/// Times `iterations` calls of `PyBuffer_ToContiguous` (C level) into one
/// preallocated buffer; returns nanoseconds per call. The first call's
/// output is returned through `check` for a correctness check.
#[napi]
pub fn bench_to_contiguous(
    env: Env,
    id: f64,
    order_arg: String,
    iterations: u32,
    mut check: Uint8ArraySlice<'_>,
) -> Result<f64> {
    // SAFETY: JS does not run while this call uses the bytes.
    let check = unsafe { check.as_mut() };
    let o = order(&order_arg)?;
    with_memory(&env, id, |v| {
        let mut out = vec![0u8; v.len().max(0) as usize];
        v.to_contiguous_into(&mut out, o)
            .map_err(errors::from_info)?;
        if check.len() == out.len() {
            check.copy_from_slice(&out);
        }
        let raw = v.as_raw();
        let start = std::time::Instant::now();
        for _ in 0..iterations {
            // SAFETY: a live view and a buffer of exactly `len` bytes.
            let rc = unsafe {
                pybuffer::buffer::PyBuffer_ToContiguous(
                    out.as_mut_ptr().cast(),
                    raw,
                    out.len() as isize,
                    order_char(o),
                )
            };
            if rc != 0 {
                return Err(errors::take());
            }
        }
        Ok(start.elapsed().as_nanos() as f64 / iterations.max(1) as f64)
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
    src: &[u8],
) -> Result<f64> {
    let o = order(&order_arg)?;
    with_memory(&env, id, |v| {
        let raw = v.as_raw();
        let start = std::time::Instant::now();
        for _ in 0..iterations {
            // SAFETY: a live view and a buffer of `src.len()` bytes.
            let rc = unsafe {
                pybuffer::buffer::PyBuffer_FromContiguous(
                    raw,
                    src.as_ptr().cast(),
                    src.len() as isize,
                    order_char(o),
                )
            };
            if rc != 0 {
                return Err(errors::take());
            }
        }
        Ok(start.elapsed().as_nanos() as f64 / iterations.max(1) as f64)
    })
}

/// Times `iterations` acquire + release round trips of `obj` at the C level
/// (`PyObject_GetBuffer` + `PyBuffer_Release`); nanoseconds per round trip.
#[napi]
pub fn bench_acquire_release(obj: &PyObjectHandle, flags: i32, iterations: u32) -> Result<f64> {
    let ptr = obj.get()?;
    let start = std::time::Instant::now();
    for _ in 0..iterations {
        let mut view = Py_buffer::zeroed();
        // SAFETY: the handle keeps the object alive.
        unsafe {
            if pybuffer::buffer::PyObject_GetBuffer(ptr, &mut view, flags) != 0 {
                return Err(errors::take());
            }
            pybuffer::buffer::PyBuffer_Release(&mut view);
        }
    }
    Ok(start.elapsed().as_nanos() as f64 / iterations.max(1) as f64)
}

// ==========================================================================
// The hot path as raw N-API callbacks
// ==========================================================================
//
// napi-rs wraps every #[napi] function in a borrow-tracking scope that costs
// an allocation per call; `getBuffer` + `release` is two calls and must stay
// well under a microsecond, so these two are plain N-API callbacks.

/// Reads argument `i` as a number, or throws a TypeError.
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

/// Runs `f` with up to two arguments, turning errors into JS exceptions and
/// a panic into an Error instead of an abort.
unsafe fn raw_call(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    f: impl FnOnce(sys::napi_env, &[sys::napi_value]) -> Result<sys::napi_value>,
) -> sys::napi_value {
    let mut argc = 2usize;
    let mut argv = [std::ptr::null_mut(); 2];
    // SAFETY: the callback's own env and info; room for two arguments.
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
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(env, &argv)))
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

unsafe extern "C" fn raw_view_acquire(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by N-API with its env and info.
    unsafe {
        raw_call(env, info, |env, argv| {
            let slot = number_arg(env, argv, 0, "slot")?;
            let flags = number_arg(env, argv, 1, "flags")?;
            if flags.fract() != 0.0 || !(i32::MIN as f64..=i32::MAX as f64).contains(&flags) {
                return Err(errors::raise(
                    Exc::TypeError,
                    format!("flags must be a 32-bit integer, got {flags}"),
                ));
            }
            let id = view_acquire(env, slot, flags as i32)?;
            let mut out = std::ptr::null_mut();
            sys::napi_create_double(env, id, &mut out);
            Ok(out)
        })
    }
}

unsafe extern "C" fn raw_view_release(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: called by N-API with its env and info.
    unsafe {
        raw_call(env, info, |env, argv| {
            let released = view_release(number_arg(env, argv, 0, "id")?);
            let mut out = std::ptr::null_mut();
            sys::napi_get_boolean(env, released, &mut out);
            Ok(out)
        })
    }
}

/// Adds `viewAcquire(slot, flags)` and `viewRelease(id)` to the exports.
#[napi(module_exports)]
pub fn register_hot_paths(exports: Object<'_>, env: Env) -> Result<()> {
    let fns: [(&std::ffi::CStr, sys::napi_callback); 2] = [
        (c"viewAcquire", Some(raw_view_acquire)),
        (c"viewRelease", Some(raw_view_release)),
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
