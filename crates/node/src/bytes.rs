//! JS binary values (TypedArrays, DataViews, ArrayBuffers) read through
//! their internal slots.
//!
//! Everything here comes from N-API's `napi_get_*_info`, which read what
//! the engine knows: a subclass or an own property cannot change the
//! answer, as a `byteLength` getter or `Symbol.toStringTag` could. The
//! memory is handed on as a raw pointer and a length, never as a Rust
//! slice: JS and C may alias it (see the copies in `views.rs`).

use std::ptr;

use napi::sys;
use napi::{Error, Result, Status};
use pybuffer::objects::exceptions::Exc;

use crate::errors;

/// What a JS binary value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A TypedArray of this `napi_typedarray_type`.
    TypedArray(sys::napi_typedarray_type),
    /// A DataView.
    DataView,
    /// An ArrayBuffer (N-API cannot tell a SharedArrayBuffer by itself: JS
    /// passes one as a Uint8Array over all of it).
    ArrayBuffer,
}

/// The memory of a JS binary value, as its internal slots give it.
#[derive(Debug, Clone, Copy)]
pub struct JsBytes {
    /// What the value is.
    pub kind: Kind,
    /// First byte (NULL or dangling when `len` is 0).
    pub data: *mut u8,
    /// Bytes.
    pub len: usize,
    /// The ArrayBuffer or SharedArrayBuffer the bytes belong to.
    pub buffer: sys::napi_value,
    /// Offset of `data` in `buffer`.
    pub byte_offset: usize,
}

/// What `napi_get_typedarray_info` reports of a TypedArray.
pub struct TypedArrayInfo {
    /// Its element type.
    pub ty: sys::napi_typedarray_type,
    /// Its length in elements.
    pub length: usize,
    /// Its first element.
    pub data: *mut std::ffi::c_void,
    /// Its ArrayBuffer.
    pub buffer: sys::napi_value,
    /// Where in the ArrayBuffer it starts.
    pub byte_offset: usize,
}

/// `napi_get_typedarray_info(value)`; the failed status for anything but a
/// TypedArray (an absent argument, `undefined`, too).
///
/// # Safety
/// `env` must be the current env and `value` a value of its current scope.
pub unsafe fn typedarray_info(
    env: sys::napi_env,
    value: sys::napi_value,
) -> std::result::Result<TypedArrayInfo, sys::napi_status> {
    let (mut ty, mut length, mut data) = (0, 0usize, ptr::null_mut());
    let (mut buffer, mut byte_offset) = (ptr::null_mut(), 0usize);
    // SAFETY: per the contract.
    let status = unsafe {
        sys::napi_get_typedarray_info(
            env,
            value,
            &mut ty,
            &mut length,
            &mut data,
            &mut buffer,
            &mut byte_offset,
        )
    };
    if status != sys::Status::napi_ok {
        return Err(status);
    }
    Ok(TypedArrayInfo {
        ty,
        length,
        data,
        buffer,
        byte_offset,
    })
}

/// The byte length of a TypedArray or DataView, without the rest of what
/// [`typedarray_info`] gives: N-API's `napi_get_buffer_info` (which takes
/// any ArrayBufferView) then neither looks up the view's ArrayBuffer nor
/// tests each kind in turn for its element type. A detached view has
/// length 0. For the check every call makes on an exporter's memory.
///
/// # Safety
/// As for [`typedarray_info`].
pub unsafe fn view_byte_length(
    env: sys::napi_env,
    value: sys::napi_value,
) -> std::result::Result<usize, sys::napi_status> {
    let mut length = 0usize;
    // SAFETY: per the contract; N-API skips the NULL data output.
    let status = unsafe { sys::napi_get_buffer_info(env, value, ptr::null_mut(), &mut length) };
    if status != sys::Status::napi_ok {
        return Err(status);
    }
    Ok(length)
}

/// The size of one element of a TypedArray type, None for a type this
/// addon does not know (a newer engine's Float16Array).
pub fn element_size(ty: sys::napi_typedarray_type) -> Option<usize> {
    use sys::TypedarrayType as T;
    Some(match ty {
        T::int8_array | T::uint8_array | T::uint8_clamped_array => 1,
        T::int16_array | T::uint16_array => 2,
        T::int32_array | T::uint32_array | T::float32_array => 4,
        T::float64_array | T::bigint64_array | T::biguint64_array => 8,
        _ => return None,
    })
}

/// The `struct` format of a TypedArray type's elements, None for a type
/// this addon does not know (a newer engine's Float16Array).
pub fn element_format(ty: sys::napi_typedarray_type) -> Option<&'static str> {
    use sys::TypedarrayType as T;
    Some(match ty {
        T::int8_array => "b",
        T::uint8_array | T::uint8_clamped_array => "B",
        T::int16_array => "h",
        T::uint16_array => "H",
        T::int32_array => "i",
        T::uint32_array => "I",
        T::float32_array => "f",
        T::float64_array => "d",
        T::bigint64_array => "q",
        T::biguint64_array => "Q",
        _ => return None,
    })
}

fn check(status: sys::napi_status, what: &str) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(failed(status, what))
    }
}

/// The error of the N-API call `what` that returned `status`.
fn failed(status: sys::napi_status, what: &str) -> Error {
    Error::new(
        Status::GenericFailure,
        format!("{what} failed with status {status}"),
    )
}

/// The memory of `value`, or None when it is not a TypedArray, DataView or
/// ArrayBuffer.
///
/// # Safety
/// `env` must be the current env and `value` a value of its current scope.
pub unsafe fn read(env: sys::napi_env, value: sys::napi_value) -> Result<Option<JsBytes>> {
    let mut yes = false;
    // SAFETY: (every call below) the current env and a value of its scope.
    unsafe {
        check(
            sys::napi_is_typedarray(env, value, &mut yes),
            "napi_is_typedarray",
        )?;
        if yes {
            let TypedArrayInfo {
                ty,
                length,
                data,
                buffer,
                byte_offset,
            } = typedarray_info(env, value)
                .map_err(|status| failed(status, "napi_get_typedarray_info"))?;
            let len = element_size(ty)
                .and_then(|size| length.checked_mul(size))
                .ok_or_else(|| {
                    errors::raise(Exc::TypeError, format!("unsupported TypedArray type {ty}"))
                })?;
            return Ok(Some(JsBytes {
                kind: Kind::TypedArray(ty),
                data: data.cast(),
                len,
                buffer,
                byte_offset,
            }));
        }
        check(
            sys::napi_is_dataview(env, value, &mut yes),
            "napi_is_dataview",
        )?;
        if yes {
            let (mut len, mut data, mut buffer, mut byte_offset) =
                (0usize, ptr::null_mut(), ptr::null_mut(), 0usize);
            check(
                sys::napi_get_dataview_info(
                    env,
                    value,
                    &mut len,
                    &mut data,
                    &mut buffer,
                    &mut byte_offset,
                ),
                "napi_get_dataview_info",
            )?;
            return Ok(Some(JsBytes {
                kind: Kind::DataView,
                data: data.cast(),
                len,
                buffer,
                byte_offset,
            }));
        }
        check(
            sys::napi_is_arraybuffer(env, value, &mut yes),
            "napi_is_arraybuffer",
        )?;
        if yes {
            let (mut data, mut len) = (ptr::null_mut(), 0usize);
            check(
                sys::napi_get_arraybuffer_info(env, value, &mut data, &mut len),
                "napi_get_arraybuffer_info",
            )?;
            return Ok(Some(JsBytes {
                kind: Kind::ArrayBuffer,
                data: data.cast(),
                len,
                buffer: value,
                byte_offset: 0,
            }));
        }
    }
    Ok(None)
}

/// A copy of the `n` bytes at `p`, read through the raw pointer.
///
/// # Safety
/// `p` must be readable for `n` bytes (or dangling when `n` is 0).
pub unsafe fn copy_out(p: *const u8, n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    // SAFETY: forwarded contract.
    unsafe { copy_into(&mut out, p, n) };
    out
}

/// Replaces the contents of `out` with the `n` bytes at `p`, read through
/// the raw pointer.
///
/// # Safety
/// As [`copy_out`].
pub unsafe fn copy_into(out: &mut Vec<u8>, p: *const u8, n: usize) {
    out.clear();
    out.reserve(n);
    // SAFETY: `p` is readable for `n` bytes; `out` has room for them (a
    // buffer of its own), which are initialised before the length is set.
    unsafe {
        ptr::copy_nonoverlapping(p, out.as_mut_ptr(), n);
        out.set_len(n);
    }
}

/// Whether the ArrayBuffer `buffer` is detached (false for a
/// SharedArrayBuffer, which cannot be).
///
/// # Safety
/// As [`read`].
pub unsafe fn is_detached(env: sys::napi_env, buffer: sys::napi_value) -> bool {
    let mut detached = false;
    // SAFETY: the current env and a value of its scope.
    let status = unsafe { sys::napi_is_detached_arraybuffer(env, buffer, &mut detached) };
    status == sys::Status::napi_ok && detached
}
