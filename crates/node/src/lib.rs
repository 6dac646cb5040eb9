//! # pybuffer-node
//!
//! The Node.js addon behind the `pybuffer` npm package: napi-rs bindings
//! over the pybuffer C-ABI shim. `index.ts` wraps these functions in the
//! public API; nothing here is meant to be called directly by users.
//!
//! * [`exporter`]: `pybuffer.Exporter`, a PyObject exporting JS memory.
//! * [`env`]: the JS environment (thread) an exporter belongs to, and the
//!   backing stores that keep its memory alive.
//! * [`bytes`]: JS binary values read through their internal slots.
//! * [`handle`]: `PyObjectHandle`, an owned PyObject reference in JS. C code
//!   that hands a PyObject to JS wraps it with
//!   [`PyObjectHandle::from_owned`]; `getBuffer` accepts the handle.
//! * [`views`]: acquired views, addressed by numeric handles.
//! * [`values`]: items as JS values.
//!
//! The addon also exports every C symbol of pybuffer (`PyObject_GetBuffer`,
//! `PyExc_BufferError`, …), so C code loaded into the same process can link
//! against them.

#![deny(unsafe_op_in_unsafe_fn)]

// Referenced so that the cdylib links pybuffer whole and exports its
// #[no_mangle] C symbols (checked by `nm -D`).
extern crate pybuffer;

pub mod bytes;
pub mod derive;
pub mod env;
pub mod errors;
pub mod exporter;
#[cfg(unix)]
pub mod extension;
pub mod handle;
pub mod values;
pub mod views;

use std::ffi::CString;

use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;
use pybuffer::layout;
use pybuffer::objects::exceptions::Exc;

pub use handle::PyObjectHandle;

/// Keeps the C entry points in the link even if nothing in Rust calls them.
#[used]
static KEEP_C_API: [unsafe extern "C" fn(*mut pybuffer::ffi::PyObject) -> std::ffi::c_int; 1] =
    [pybuffer::buffer::PyObject_CheckBuffer];

// ==========================================================================
// Exporters
// ==========================================================================

/// The memory of an exporter's source, read through its internal slots.
///
/// # Safety
/// `env` must be the current env and `source` a value of its scope.
unsafe fn source_bytes(
    env: sys::napi_env,
    source: sys::napi_value,
    detached: &str,
) -> Result<bytes::JsBytes> {
    // SAFETY: forwarded contract.
    let src = unsafe { bytes::read(env, source) }?.ok_or_else(|| {
        errors::raise(
            Exc::TypeError,
            "source must be a TypedArray, Buffer, DataView, ArrayBuffer, SharedArrayBuffer or ndarray",
        )
    })?;
    // SAFETY: forwarded contract.
    if unsafe { bytes::is_detached(env, src.buffer) } {
        return Err(errors::raise(Exc::TypeError, detached));
    }
    Ok(src)
}

/// What `exporter()` needs to know of a source before it reads the layout,
/// all from internal slots: returns the ArrayBuffer or SharedArrayBuffer
/// its bytes belong to, and writes to `out` (a Float64Array of 4) its
/// element type (the `napi_typedarray_type`; a DataView or ArrayBuffer
/// counts as a Uint8Array), element size, byte offset and byte length.
/// TypeError for anything else, or a detached source.
#[napi(ts_return_type = "ArrayBuffer | SharedArrayBuffer")]
pub fn source_info(env: Env, source: Unknown<'_>, out: Unknown<'_>) -> Result<sys::napi_value> {
    let raw = env.raw();
    // SAFETY: the current env and an argument of this call.
    let src = unsafe { source_bytes(raw, source.raw(), "source: the ArrayBuffer is detached") }?;
    let ty = match src.kind {
        bytes::Kind::TypedArray(ty) => ty,
        bytes::Kind::DataView | bytes::Kind::ArrayBuffer => sys::TypedarrayType::uint8_array,
    };
    let Some(size) = bytes::element_size(ty) else {
        return Err(errors::raise(
            Exc::TypeError,
            format!("source: unsupported TypedArray type {ty}"),
        ));
    };
    // SAFETY: the current env and an argument of this call.
    let out = unsafe { bytes::read(raw, out.raw()) }?;
    let Some(out) = out.filter(|o| {
        o.kind == bytes::Kind::TypedArray(sys::TypedarrayType::float64_array) && o.len == 32
    }) else {
        return Err(errors::raise(
            Exc::TypeError,
            "sourceInfo: out must be a Float64Array of 4",
        ));
    };
    let fields = [
        ty as f64,
        size as f64,
        src.byte_offset as f64,
        src.len as f64,
    ];
    // SAFETY: `out` holds 4 doubles, written through its raw pointer.
    unsafe { std::ptr::copy_nonoverlapping(fields.as_ptr(), out.data.cast::<f64>(), 4) };
    Ok(src.buffer)
}

/// Creates an exporter over `bytes`, a Uint8Array over the source's bytes
/// that JS made from [`source_info`], with a layout that is validated here
/// first. The bytes are read through their internal slots after every
/// getter of the layout has run. `shape` defaults to all of the bytes as
/// 1-D items; `strides` to C-contiguous.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn exporter_create(
    env: Env,
    bytes: Unknown<'_>,
    format: String,
    itemsize: Option<i64>,
    shape: Option<Vec<i64>>,
    strides: Option<Vec<i64>>,
    offset: Option<i64>,
    readonly: Option<bool>,
) -> Result<PyObjectHandle> {
    let raw = env.raw();
    // SAFETY: the current env and an argument of this call.
    let src = unsafe {
        source_bytes(
            raw,
            bytes.raw(),
            "source: the ArrayBuffer was detached while the layout was read",
        )
    }?;
    if src.kind != bytes::Kind::TypedArray(sys::TypedarrayType::uint8_array) {
        return Err(errors::raise(
            Exc::TypeError,
            "exporterCreate: bytes must be a Uint8Array",
        ));
    }
    let nbytes = src.len;
    let offset = offset.unwrap_or(0);
    let shape = match shape {
        Some(s) => s,
        None => {
            let size = pybuffer::format::calcsize(format.as_bytes()).map_err(|e| {
                errors::raise(
                    Exc::StructError,
                    format!(
                        "layout.format {format:?} is not a valid struct format: {}",
                        e.message
                    ),
                )
            })?;
            let avail = (nbytes as i64).saturating_sub(offset.max(0));
            if size == 0 {
                // validate() reports the format.
                vec![0]
            } else if avail < 0 || avail % size as i64 != 0 {
                return Err(errors::raise(
                    Exc::ValueError,
                    format!(
                        "layout.shape: the source's {avail} bytes after layout.offset are not a whole number of \
                         {size}-byte items of format {format:?}; give layout.shape"
                    ),
                ));
            } else {
                vec![avail / size as i64]
            }
        }
    };
    let layout = exporter::validate(
        nbytes,
        &format,
        itemsize,
        &shape,
        strides.as_deref(),
        offset,
    )
    .map_err(errors::from_pair)?;
    // SAFETY: the current env; a Uint8Array argument of this call, whose
    // bytes `src` read just now (no JS ran since).
    let obj =
        unsafe { exporter::create(raw, bytes.raw(), &src, layout, readonly.unwrap_or(false)) }?;
    // SAFETY: a new reference, handed to the handle.
    Ok(unsafe { PyObjectHandle::from_owned(obj) })
}

fn exporter_of(obj: &PyObjectHandle) -> Result<&'static exporter::JsExporter> {
    // SAFETY: the handle keeps the object alive while JS holds it; the
    // reference is used only during this call.
    unsafe { exporter::downcast(obj.get()?) }
        .ok_or_else(|| errors::raise(Exc::TypeError, "not a pybuffer.Exporter"))
}

/// Live exports of an exporter (or of a memoryview); -1 for other objects.
#[napi]
pub fn exporter_exports(obj: &PyObjectHandle) -> Result<i64> {
    let ptr = obj.get()?;
    // SAFETY: the handle keeps the object alive.
    if let Some(ex) = unsafe { exporter::downcast(ptr) } {
        return Ok(ex.exports() as i64);
    }
    // SAFETY: as above.
    Ok(unsafe { pybuffer::objects::memoryobject::memoryview_exports(ptr) } as i64)
}

/// `close()`: BufferError while exports exist; then no new exports, and the
/// JS memory is let go.
#[napi]
pub fn exporter_close(obj: &PyObjectHandle) -> Result<()> {
    exporter_of(obj)?.close().map_err(errors::from_pair)
}

/// Whether the exporter was closed.
#[napi]
pub fn exporter_closed(obj: &PyObjectHandle) -> Result<bool> {
    Ok(exporter_of(obj)?.is_closed())
}

// ==========================================================================
// Mirrors of C API functions
// ==========================================================================

/// `PyBuffer_FillContiguousStrides`, overflow-checked: the strides of a
/// contiguous array of `shape` in order 'F', or C for 'C' and 'A'.
#[napi]
pub fn fill_contiguous_strides(shape: Vec<i64>, itemsize: i64, order: String) -> Result<Vec<f64>> {
    let o = match order.as_str() {
        "F" => pybuffer::copy::Order::F,
        "C" | "A" => pybuffer::copy::Order::C,
        other => {
            return Err(errors::raise(
                Exc::ValueError,
                format!("order must be 'C', 'F' or 'A', got {other:?}"),
            ));
        }
    };
    if shape.len() > pybuffer::ffi::PyBUF_MAX_NDIM as usize {
        return Err(errors::raise(
            Exc::ValueError,
            format!(
                "shape has {} dimensions, more than the maximum of 64",
                shape.len()
            ),
        ));
    }
    let shape: Vec<isize> = shape.iter().map(|&d| d as isize).collect();
    let strides = layout::contiguous_strides_checked(&shape, itemsize as isize, o)
        .map_err(errors::from_pair)?;
    strides
        .into_iter()
        .enumerate()
        .map(|(i, s)| errors::safe_number(s as i64, &format!("strides[{i}]")))
        .collect()
}

/// `PyBuffer_SizeFromFormat`: `struct.calcsize(format)`.
#[napi]
pub fn size_from_format(format: String) -> Result<f64> {
    let Ok(c) = CString::new(format) else {
        return Err(errors::raise(Exc::StructError, "embedded null character"));
    };
    // SAFETY: a NUL-terminated string.
    let size = unsafe { pybuffer::buffer::PyBuffer_SizeFromFormat(c.as_ptr()) };
    if size < 0 {
        return Err(errors::take());
    }
    errors::safe_number(size as i64, "the size")
}

/// Whether the addon's C symbols are exported and reachable (a smoke check
/// for the build).
#[napi]
pub fn native_info() -> String {
    format!("pybuffer-node {} (napi9)", env!("CARGO_PKG_VERSION"))
}

// ==========================================================================
// Test helpers (used by the ava tests; not part of the public API)
// ==========================================================================

/// Releases the view `id` on a new native thread and waits for it. When the
/// view holds the last reference to a JS exporter, the exporter is
/// deallocated on that thread and napi-rs routes the JS reference's
/// deletion back to the JS thread.
#[napi]
pub fn testing_release_on_thread(env: Env, id: f64) -> Result<bool> {
    let Some(view) = views::take(env.raw(), id) else {
        return Ok(false);
    };
    std::thread::spawn(move || drop(view))
        .join()
        .map_err(|_| errors::raise(Exc::SystemError, "release thread panicked"))?;
    Ok(true)
}

/// A C-made memoryview (`PyMemoryView_FromMemory`) over a copy of `data`,
/// handed to JS as C code would hand an object. The copy is leaked; test
/// use only.
#[napi]
pub fn testing_memoryview(data: &[u8], readonly: bool) -> Result<PyObjectHandle> {
    let leaked: &'static mut [u8] = Box::leak(data.to_vec().into_boxed_slice());
    let flags = if readonly {
        pybuffer::ffi::PyBUF_READ
    } else {
        pybuffer::ffi::PyBUF_WRITE
    };
    let mem = if leaked.is_empty() {
        std::ptr::NonNull::<u8>::dangling().as_ptr()
    } else {
        leaked.as_mut_ptr()
    };
    // SAFETY: the memory is leaked, so it outlives the memoryview.
    let mv = unsafe {
        pybuffer::objects::memoryobject::PyMemoryView_FromMemory(
            mem.cast(),
            leaked.len() as isize,
            flags,
        )
    };
    if mv.is_null() {
        return Err(errors::take());
    }
    // SAFETY: a new reference.
    Ok(unsafe { PyObjectHandle::from_owned(mv) })
}

/// `PyMemoryView_FromObject(obj)` — a memoryview of any exporter, as C code
/// would make one.
#[napi]
pub fn testing_memoryview_of(obj: &PyObjectHandle) -> Result<PyObjectHandle> {
    // SAFETY: the handle keeps the object alive.
    let mv = unsafe { pybuffer::objects::memoryobject::PyMemoryView_FromObject(obj.get()?) };
    if mv.is_null() {
        return Err(errors::take());
    }
    // SAFETY: a new reference.
    Ok(unsafe { PyObjectHandle::from_owned(mv) })
}

/// A C error raised with a C extension's own exception type name, to test
/// how errors map: raises `kind` under `type_name`.
#[napi]
pub fn testing_raise(kind: String, type_name: String, message: String) -> Result<()> {
    let exc = Exc::ALL
        .iter()
        .copied()
        .find(|e| e.name() == kind)
        .ok_or_else(|| errors::raise(Exc::ValueError, format!("unknown exception {kind}")))?;
    Err(errors::py_error(exc, &type_name, message))
}
