//! The locale codec (CPython 3.11's `PyUnicode_DecodeLocale(AndSize)`,
//! `PyUnicode_EncodeLocale`, and `Py_DecodeLocale` / `Py_EncodeLocale`
//! of `Python/fileutils.c`). CPython runs the C library's `mbstowcs` /
//! `wcstombs` in the current `LC_CTYPE`; this library takes the locale
//! encoding to be UTF-8, as it takes the file-system encoding (what
//! CPython does under a UTF-8 locale and in its UTF-8 mode): the same
//! results, error positions and reasons ("decoding error", "encoding
//! error") there. Only the `strict` and `surrogateescape` handlers exist,
//! as in CPython.

use std::ffi::{CStr, c_char};
use std::ptr;

use super::{WChar, code_points, is_str, unicode_from_code_points};
use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::python::errors;

/// Decodes locale (UTF-8) bytes; with `escape` each undecodable byte
/// becomes U+DC80..U+DCFF (`surrogateescape`), else Err with the byte
/// position of the first one.
fn decode_locale(b: &[u8], escape: bool) -> Result<Vec<u32>, usize> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let (good, bad) = match std::str::from_utf8(&b[i..]) {
            Ok(s) => (s, None),
            Err(e) => {
                let valid = &b[i..i + e.valid_up_to()];
                // SAFETY: from_utf8 vouched for these bytes.
                (
                    unsafe { std::str::from_utf8_unchecked(valid) },
                    Some(i + e.valid_up_to()),
                )
            }
        };
        out.extend(good.chars().map(u32::from));
        let Some(at) = bad else {
            break;
        };
        if !escape {
            return Err(at);
        }
        // Only bytes from 0x80 up can fail to decode as UTF-8.
        out.push(0xdc00 + u32::from(b[at]));
        i = at + 1;
    }
    Ok(out)
}

/// Encodes code points to locale (UTF-8) bytes; with `escape` U+DC80..
/// U+DCFF become their byte (`surrogateescape`); any other surrogate is
/// Err with its index.
fn encode_locale(cps: &[u32], escape: bool) -> Result<Vec<u8>, usize> {
    let mut out = Vec::with_capacity(cps.len());
    for (i, &c) in cps.iter().enumerate() {
        match char::from_u32(c) {
            Some(ch) => out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
            None if escape && (0xdc80..0xdd00).contains(&c) => out.push((c - 0xdc00) as u8),
            None => return Err(i),
        }
    }
    Ok(out)
}

/// The handler: Some(true) for `surrogateescape`, Some(false) for
/// `strict` (or NULL), None with `ValueError("unsupported error
/// handler")` for anything else.
///
/// # Safety
/// `errors_` must be NULL or NUL-terminated.
unsafe fn locale_handler(errors_: *const c_char) -> Option<bool> {
    if errors_.is_null() {
        return Some(false);
    }
    // SAFETY: NUL-terminated per the contract.
    match unsafe { CStr::from_ptr(errors_) }.to_bytes() {
        b"strict" => Some(false),
        b"surrogateescape" => Some(true),
        _ => {
            errors::raise(Exc::ValueError, "unsupported error handler");
            None
        }
    }
}

/// Raises `exc(encoding, object, start, end, reason)` with CPython's
/// arguments for the locale codec.
fn raise_locale_error(exc: Exc, object: *mut PyObject, at: usize, reason: &str) {
    super::raise_codec_error(exc, "locale", object, at, at + 1, reason);
}

/// `PyUnicode_DecodeLocaleAndSize(str, len, errors)`: decodes the `len`
/// bytes of the NUL-terminated `str` from the locale encoding (UTF-8, see
/// the module documentation) with the handler `errors` (NULL or "strict",
/// or "surrogateescape").
///
/// Fails (NULL) with `ValueError("embedded null byte")` when `str` has a
/// NUL before `len` or none at `len`, `ValueError("unsupported error
/// handler")`, `UnicodeDecodeError('locale', str, pos, pos + 1, "decoding
/// error")`, or `MemoryError`.
///
/// # Safety
/// `str` must be readable for `len + 1` bytes; `errors_` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeLocaleAndSize(
    str: *const c_char,
    len: Py_ssize_t,
    errors_: *const c_char,
) -> *mut PyObject {
    if str.is_null() || len < 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: readable for `len + 1` bytes per the contract.
    let b = unsafe { std::slice::from_raw_parts(str.cast::<u8>(), len as usize + 1) };
    let (text, nul) = b.split_at(len as usize);
    if nul[0] != 0 || text.contains(&0) {
        errors::raise(Exc::ValueError, "embedded null byte");
        return ptr::null_mut();
    }
    // SAFETY: forwarded contract.
    let Some(escape) = (unsafe { locale_handler(errors_) }) else {
        return ptr::null_mut();
    };
    match decode_locale(text, escape) {
        Ok(cps) => unicode_from_code_points(&cps),
        Err(at) => {
            let obj = crate::objects::bytesobject::bytes_from_slice(text);
            if !obj.is_null() {
                raise_locale_error(Exc::UnicodeDecodeError, obj, at, "decoding error");
            }
            ptr::null_mut()
        }
    }
}

/// `PyUnicode_DecodeLocale(str, errors)`: [`PyUnicode_DecodeLocaleAndSize`]
/// over the whole NUL-terminated `str`.
///
/// # Safety
/// `str` must be NUL-terminated; `errors_` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeLocale(
    str: *const c_char,
    errors_: *const c_char,
) -> *mut PyObject {
    if str.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract.
    let n = unsafe { CStr::from_ptr(str) }.to_bytes().len();
    // SAFETY: readable for `n + 1` bytes.
    unsafe { PyUnicode_DecodeLocaleAndSize(str, n as Py_ssize_t, errors_) }
}

/// `PyUnicode_EncodeLocale(unicode, errors)`: a `bytes` of `unicode` in
/// the locale encoding (UTF-8, see the module documentation) with the
/// handler `errors` (NULL or "strict", or "surrogateescape").
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` for a non-str, `ValueError("embedded null character")`,
/// `ValueError("unsupported error handler")`,
/// `UnicodeEncodeError('locale', unicode, pos, pos + 1, "encoding
/// error")` for a surrogate it cannot encode, or `MemoryError`.
///
/// # Safety
/// `unicode` must be NULL or a live object; `errors_` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_EncodeLocale(
    unicode: *mut PyObject,
    errors_: *const c_char,
) -> *mut PyObject {
    // SAFETY: NULL or live per the contract.
    if unicode.is_null() || !unsafe { is_str(unicode) } {
        errors::bad_argument();
        return ptr::null_mut();
    }
    // SAFETY: a live str.
    let cps = unsafe { code_points(unicode) };
    if cps.contains(&0) {
        errors::raise(Exc::ValueError, "embedded null character");
        return ptr::null_mut();
    }
    // SAFETY: forwarded contract.
    let Some(escape) = (unsafe { locale_handler(errors_) }) else {
        return ptr::null_mut();
    };
    match encode_locale(&cps, escape) {
        Ok(bytes) => crate::objects::bytesobject::bytes_from_slice(&bytes),
        Err(at) => {
            // SAFETY: a live str, referenced by the exception.
            unsafe { crate::objects::object::Py_IncRef(unicode) };
            raise_locale_error(Exc::UnicodeEncodeError, unicode, at, "encoding error");
            ptr::null_mut()
        }
    }
}

/// The code points of NUL-terminated `wchar_t` text.
///
/// # Safety
/// `text` must be NUL-terminated.
unsafe fn wide_text(text: *const WChar) -> Vec<u32> {
    let mut n = 0;
    // SAFETY: reads stop at the NUL.
    while unsafe { *text.add(n) } != 0 {
        n += 1;
    }
    // SAFETY: `n` units before the NUL.
    super::wide_code_points(unsafe { std::slice::from_raw_parts(text, n) })
}

/// `Py_DecodeLocale(arg, &size)`: the NUL-terminated `arg` decoded from
/// the locale encoding with `surrogateescape`, as a new NUL-terminated
/// `wchar_t` string from `PyMem_RawMalloc` (free it with `PyMem_RawFree`);
/// `*size` (when `size` is not NULL) gets its length in `wchar_t` units.
/// NULL with `*size == (size_t)-1` when memory runs out (no exception is
/// set: this may run before the interpreter).
///
/// # Safety
/// `arg` must be NUL-terminated; `size` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_DecodeLocale(arg: *const c_char, size: *mut usize) -> *mut WChar {
    let fail = |code: usize| {
        if !size.is_null() {
            // SAFETY: writable per the contract.
            unsafe { *size = code };
        }
        ptr::null_mut()
    };
    if arg.is_null() {
        return fail(usize::MAX);
    }
    // SAFETY: NUL-terminated per the contract.
    let b = unsafe { CStr::from_ptr(arg) }.to_bytes();
    let Ok(cps) = decode_locale(b, true) else {
        return fail(usize::MAX - 1);
    };
    let mut units: Vec<WChar> = Vec::with_capacity(cps.len() + 1);
    for c in cps {
        if size_of::<WChar>() == 2 && c > 0xffff {
            let v = c - 0x10000;
            units.push((0xd800 + (v >> 10)) as WChar);
            units.push((0xdc00 + (v & 0x3ff)) as WChar);
        } else {
            units.push(c as WChar);
        }
    }
    let n = units.len();
    units.push(0);
    let out =
        crate::objects::obmalloc::PyMem_RawMalloc(units.len() * size_of::<WChar>()).cast::<WChar>();
    if out.is_null() {
        return fail(usize::MAX);
    }
    // SAFETY: a fresh block of `units.len()` units.
    unsafe { ptr::copy_nonoverlapping(units.as_ptr(), out, units.len()) };
    if !size.is_null() {
        // SAFETY: writable per the contract.
        unsafe { *size = n };
    }
    out
}

/// `Py_EncodeLocale(text, &error_pos)`: the NUL-terminated `wchar_t`
/// `text` encoded to the locale encoding with `surrogateescape`, as a new
/// NUL-terminated string from `PyMem_Malloc` (free it with `PyMem_Free`).
/// NULL for a surrogate it cannot encode, with `*error_pos` (when not
/// NULL) at its index, or with `*error_pos == (size_t)-1` when memory
/// runs out; `*error_pos` is `(size_t)-1` after a success. No exception is
/// set.
///
/// # Safety
/// `text` must be NUL-terminated; `error_pos` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_EncodeLocale(text: *const WChar, error_pos: *mut usize) -> *mut c_char {
    let set_pos = |v: usize| {
        if !error_pos.is_null() {
            // SAFETY: writable per the contract.
            unsafe { *error_pos = v };
        }
    };
    set_pos(usize::MAX);
    if text.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract.
    let cps = unsafe { wide_text(text) };
    let bytes = match encode_locale(&cps, true) {
        Ok(b) => b,
        Err(at) => {
            set_pos(at);
            return ptr::null_mut();
        }
    };
    let out = crate::objects::obmalloc::PyMem_Malloc(bytes.len() + 1).cast::<u8>();
    if out.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: a fresh block of `bytes.len() + 1` bytes.
    unsafe {
        ptr::copy_nonoverlapping(bytes.as_ptr(), out, bytes.len());
        *out.add(bytes.len()) = 0;
    }
    out.cast()
}
