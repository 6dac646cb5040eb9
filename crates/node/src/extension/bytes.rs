//! `bytes` and `bytearray` objects as Buffers.

use super::*;

// ==========================================================================
// bytes and bytearray as Buffers
// ==========================================================================

/// Which of `bytes` / `bytearray` (or their subclasses) `obj` is, if either.
///
/// # Safety
/// `obj` must be a live object.
pub(super) unsafe fn bytes_kind(obj: *mut PyObject) -> Option<&'static str> {
    use pybuffer::objects::bytearrayobject::PyByteArray_Type;
    use pybuffer::objects::bytesobject::PyBytes_Type;
    use pybuffer::objects::typeobject::PyType_IsSubtype;
    // SAFETY: live per the contract; the types are static.
    unsafe {
        let ty = (*obj).ob_type;
        if PyType_IsSubtype(ty, PyBytes_Type.get()) != 0 {
            Some("bytes")
        } else if PyType_IsSubtype(ty, PyByteArray_Type.get()) != 0 {
            Some("bytearray")
        } else {
            None
        }
    }
}

/// Whether `obj` is exactly a `bytes` or `bytearray` (the shim's own code:
/// no wrapper is needed to keep a library loaded for it).
///
/// # Safety
/// `obj` must be a live object.
pub(super) unsafe fn is_exact_bytes_or_bytearray(obj: *mut PyObject) -> bool {
    use pybuffer::objects::bytearrayobject::PyByteArray_Type;
    use pybuffer::objects::bytesobject::PyBytes_Type;
    // SAFETY: live per the contract.
    let ty = unsafe { (*obj).ob_type };
    ty == PyBytes_Type.get() || ty == PyByteArray_Type.get()
}

/// `"bytes"` or `"bytearray"` for such an object, else null.
#[napi]
pub fn extension_bytes_kind(obj: &PyObjectHandle) -> Result<Option<String>> {
    let obj = obj.get()?;
    // SAFETY: the handle keeps the object alive.
    Ok(unsafe { bytes_kind(obj) }.map(str::to_owned))
}

/// Releases the export a Buffer of [`extension_bytes_buffer`] held.
unsafe extern "C" fn release_bytes_export(
    _env: sys::napi_env,
    _data: *mut c_void,
    hint: *mut c_void,
) {
    // SAFETY: `hint` is the Box<Py_buffer> made in extension_bytes_buffer,
    // handed to this finalizer once.
    let mut view = unsafe { Box::from_raw(hint.cast::<Py_buffer>()) };
    // A `bytes` export is one reference and nothing else (bytes has no
    // bf_releasebuffer; its dealloc is a free), so it is released without
    // the GIL: a collected Buffer never makes the JS thread wait for an
    // async call that holds the GIL. A bytearray counts its exports, which
    // C reads holding the GIL: that release takes it.
    // SAFETY: the view holds a reference to its live `obj`.
    let is_bytes =
        unsafe { (*view.obj).ob_type } == pybuffer::objects::bytesobject::PyBytes_Type.get();
    if is_bytes {
        if view.len as usize >= RELEASE_OFF_THREAD_MIN {
            release_off_thread(BytesExport(view));
        } else {
            // SAFETY: a bytes view acquired there and not yet released.
            unsafe { PyBuffer_Release(&mut *view) };
        }
        return;
    }
    let _gil = Gil::acquire_lasting();
    // SAFETY: a view acquired there and not yet released.
    unsafe { PyBuffer_Release(&mut *view) };
}

// ==========================================================================
// Large bytes released off the JS thread
// ==========================================================================
//
// N-API runs a Buffer's finalizer on the JS thread. When it drops the last
// reference to a large `bytes`, the free hands the pages back to the system,
// which costs about 4 ms for 64 MiB here: a few collected compressor results
// at once stalled the event loop by 20 ms. Exports of at least
// RELEASE_OFF_THREAD_MIN bytes therefore go to one background thread that
// releases them in order; smaller ones are released at once, since the hop
// costs more than their free.

/// The smallest `bytes` export released by the background thread.
const RELEASE_OFF_THREAD_MIN: usize = 1 << 20;

/// An export of an exact `bytes`, which any thread may release without the
/// GIL (an atomic reference count and a free of the C heap).
struct BytesExport(Box<Py_buffer>);

// SAFETY: see the type's comment: nothing in a `bytes` export is tied to
// the thread that acquired it.
unsafe impl Send for BytesExport {}

impl BytesExport {
    fn release(mut self) {
        // SAFETY: a bytes view acquired in extension_bytes_buffer and not yet
        // released; this consumes it.
        unsafe { PyBuffer_Release(&mut *self.0) };
    }
}

/// Releases `export` on the background thread, or here if that thread
/// could not be started.
fn release_off_thread(export: BytesExport) {
    use std::sync::OnceLock;
    use std::sync::mpsc::{Sender, channel};
    static RELEASER: OnceLock<Option<Sender<BytesExport>>> = OnceLock::new();
    let releaser = RELEASER.get_or_init(|| {
        let (tx, rx) = channel::<BytesExport>();
        std::thread::Builder::new()
            .name("pybuffer-release".into())
            .spawn(move || rx.into_iter().for_each(BytesExport::release))
            .ok()
            .map(|_| tx)
    });
    match releaser {
        Some(tx) => {
            if let Err(returned) = tx.send(export) {
                returned.0.release();
            }
        }
        None => export.release(),
    }
}

/// A Buffer over the memory of a `bytes` or `bytearray`, zero-copy: it
/// holds an export of the object until it is collected, so the object stays
/// alive and a bytearray cannot be resized (BufferError) meanwhile.
#[napi(ts_return_type = "Buffer")]
pub fn extension_bytes_buffer(env: Env, obj: &PyObjectHandle) -> Result<sys::napi_value> {
    let obj = obj.get()?;
    // SAFETY: the handle keeps the object alive.
    if unsafe { bytes_kind(obj) }.is_none() {
        return Err(errors::raise(
            Exc::TypeError,
            "expected a bytes or bytearray object",
        ));
    }
    let _gil = Gil::acquire_lasting();
    // SAFETY: a zeroed Py_buffer is a valid target for GetBuffer.
    let mut view: Box<Py_buffer> = Box::new(unsafe { std::mem::zeroed() });
    // SAFETY: a live object; `view` is writable.
    if unsafe { PyObject_GetBuffer(obj, &mut *view, pybuf::PyBUF_SIMPLE) } != 0 {
        return Err(errors::take());
    }
    let (buf, len) = (view.buf, view.len as usize);
    let hint = Box::into_raw(view);
    let mut out = ptr::null_mut();
    // SAFETY: the memory stays valid until the finalizer releases the export
    // (bytes data is inline and immutable in size; a bytearray with an export
    // cannot be resized).
    let status = unsafe {
        if len == 0 {
            // An external buffer needs memory; an empty one is a plain Buffer
            // (the export is released at once).
            let mut data = ptr::null_mut();
            let s = sys::napi_create_buffer(env.raw(), 0, &mut data, &mut out);
            release_bytes_export(env.raw(), ptr::null_mut(), hint.cast());
            s
        } else {
            let s = sys::napi_create_external_buffer(
                env.raw(),
                len,
                buf,
                Some(release_bytes_export),
                hint.cast(),
                &mut out,
            );
            if s != sys::Status::napi_ok {
                release_bytes_export(env.raw(), ptr::null_mut(), hint.cast());
            }
            s
        }
    };
    check(status)?;
    Ok(out)
}

/// A new `bytes` (or `bytearray` when `mutable`) holding a copy of `data`.
#[napi]
pub fn extension_new_bytes(data: &[u8], mutable: bool) -> Result<PyObjectHandle> {
    use pybuffer::objects::bytearrayobject::PyByteArray_FromStringAndSize;
    use pybuffer::objects::bytesobject::PyBytes_FromStringAndSize;
    let _gil = Gil::acquire_lasting();
    let n = data.len() as Py_ssize_t;
    // SAFETY: `data` is readable for its length and copied.
    let obj = unsafe {
        if mutable {
            PyByteArray_FromStringAndSize(data.as_ptr().cast(), n)
        } else {
            PyBytes_FromStringAndSize(data.as_ptr().cast(), n)
        }
    };
    if obj.is_null() {
        return Err(errors::take());
    }
    // SAFETY: a new reference, given to the handle.
    Ok(unsafe { PyObjectHandle::from_owned(obj) })
}
