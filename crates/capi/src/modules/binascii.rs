//! The `binascii` module (CPython's `Modules/binascii.c`): hexadecimal,
//! base64 and uuencode conversions between binary data and ASCII, the
//! CRC-32 and CRC-CCITT (`crc_hqx`) checksums, and the `Error` and
//! `Incomplete` exceptions. C extensions import it for `hexlify` and
//! `unhexlify` (xxtea's `*_hex` functions, for one).
//!
//! Argument handling follows CPython 3.11's clinic code: the `a2b_*`
//! decoders take bytes-like objects or ASCII-only `str` (its
//! `ascii_buffer` converter, with that converter's messages), the
//! `b2a_*` encoders bytes-like objects only; the boolean keyword-only
//! flags take integers (`bool(accept={int})`, `_PyLong_AsInt`).
//! The quoted-printable pair (`a2b_qp`, `b2a_qp`) is not there.

use std::ffi::{CString, c_int};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::python::clinic::{fastcall, fastcall_kw, int_arg, static_parser, unpack};
use crate::python::errors;

// ==========================================================================
// The exceptions
// ==========================================================================

/// `binascii.Error` (a `ValueError`) and `binascii.Incomplete`, made with
/// the module and kept for the process, as CPython's module state keeps
/// them.
static ERROR: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());
static INCOMPLETE: AtomicPtr<PyObject> = AtomicPtr::new(ptr::null_mut());

/// Raises `binascii.Error(message)`; returns NULL for the caller.
fn error(message: &str) -> *mut PyObject {
    let exc = ERROR.load(Ordering::Acquire);
    let Ok(c) = CString::new(message) else {
        return ptr::null_mut();
    };
    // SAFETY: the live class the module made before any of its functions
    // could run; a C string.
    unsafe { errors::PyErr_SetString(exc, c.as_ptr()) };
    ptr::null_mut()
}

/// The class `slot` holds, made on first use (None with the error).
fn exception(
    slot: &AtomicPtr<PyObject>,
    name: &'static std::ffi::CStr,
    base: *mut PyObject,
) -> Option<*mut PyObject> {
    let exc = slot.load(Ordering::Acquire);
    if !exc.is_null() {
        return Some(exc);
    }
    // SAFETY: a NUL-terminated dotted name and a live base class.
    let exc = unsafe { errors::PyErr_NewException(name.as_ptr(), base, ptr::null_mut()) };
    if exc.is_null() {
        return None;
    }
    slot.store(exc, Ordering::Release);
    Some(exc)
}

// ==========================================================================
// Arguments
// ==========================================================================

/// CPython's `ascii_buffer` converter: the bytes of a bytes-like object
/// or of an ASCII-only `str`, copied (no Rust reference is made to memory
/// the exporter may change); None with the converter's error.
///
/// # Safety
/// `o` a live object.
unsafe fn ascii_bytes(o: *mut PyObject) -> Option<Vec<u8>> {
    use crate::objects::unicodeobject as u;
    // SAFETY: a live object; a str's characters are read before anything
    // else runs.
    unsafe {
        if u::is_str(o) {
            if !u::is_ascii(o) {
                errors::fail(
                    Exc::ValueError,
                    "string argument should contain only ASCII characters",
                );
                return None;
            }
            let n = u::len(o);
            let mut v = Vec::new();
            if v.try_reserve_exact(n).is_err() {
                errors::PyErr_NoMemory();
                return None;
            }
            v.extend_from_slice(std::slice::from_raw_parts(u::data(o), n));
            return Some(v);
        }
        let mut view = std::mem::MaybeUninit::<Py_buffer>::zeroed();
        if crate::buffer::PyObject_GetBuffer(o, view.as_mut_ptr(), PyBUF_SIMPLE) < 0 {
            // The converter replaces the exporter's error with its own.
            errors::PyErr_Clear();
            errors::fail(
                Exc::TypeError,
                format!(
                    "argument should be bytes, buffer or ASCII string, not '{}'",
                    crate::objects::object::type_name_max(o, 100)
                ),
            );
            return None;
        }
        crate::buffer::PyBuffer_Release(view.as_mut_ptr());
        // A simple (hence contiguous) export: copy it as the encoders do.
        crate::modules::zlibmodule::buffer_bytes(o)
    }
}

/// A bytes-like argument (clinic's `Py_buffer` converter), copied.
///
/// # Safety
/// `o` a live object.
unsafe fn data_bytes(o: *mut PyObject) -> Option<Vec<u8>> {
    // SAFETY: per the contract.
    unsafe { crate::modules::zlibmodule::buffer_bytes(o) }
}

/// An optional `bool(accept={int})` flag: `default` when absent.
///
/// # Safety
/// `o` NULL or live.
unsafe fn flag(o: *mut PyObject, default: bool) -> Option<bool> {
    if o.is_null() {
        return Some(default);
    }
    // SAFETY: live per the contract.
    unsafe { int_arg(o) }.map(|v| v != 0)
}

/// An output buffer of `capacity` bytes, or None with MemoryError (the
/// sizes follow from the caller's data).
fn output(capacity: usize) -> Option<Vec<u8>> {
    let mut v = Vec::new();
    if v.try_reserve_exact(capacity).is_err() {
        errors::PyErr_NoMemory();
        return None;
    }
    Some(v)
}

fn to_bytes(v: &[u8]) -> *mut PyObject {
    crate::objects::bytesobject::bytes_from_slice(v)
}

// ==========================================================================
// Hexadecimal
// ==========================================================================

/// The value of a hexadecimal digit (`_PyLong_DigitValue` below 16).
fn hex_value(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// `a2b_hex`/`unhexlify`: pairs of hexadecimal digits to bytes.
fn unhex(data: &[u8]) -> Result<Vec<u8>, &'static str> {
    if !data.len().is_multiple_of(2) {
        return Err("Odd-length string");
    }
    let mut out = Vec::with_capacity(data.len() / 2);
    for pair in data.chunks_exact(2) {
        match (hex_value(pair[0]), hex_value(pair[1])) {
            (Some(hi), Some(lo)) => out.push(hi << 4 | lo),
            _ => return Err("Non-hexadecimal digit found"),
        }
    }
    Ok(out)
}

static_parser!(
    B2A_HEX_KW = [c"data", c"sep", c"bytes_per_sep"];
    B2A_HEX_PARSER = c"b2a_hex",
    HEXLIFY_PARSER = c"hexlify"
);

/// `b2a_hex`/`hexlify(data, sep=<unrepresentable>, bytes_per_sep=1)`:
/// `bytes.hex()`'s digits, as bytes.
///
/// # Safety
/// A fastcall's arguments.
unsafe fn b2a_hex_with(
    p: &StaticObject<_PyArg_Parser>,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract; every argument is live for the call.
    unsafe {
        let Some([data, sep, per]) = unpack::<3>(p, args, nargs, kwnames, 1, 3) else {
            return ptr::null_mut();
        };
        let Some(data) = data_bytes(data) else {
            return ptr::null_mut();
        };
        let mut bytes_per_sep: c_int = 1;
        if !per.is_null() {
            match int_arg(per) {
                Some(v) => bytes_per_sep = v,
                None => return ptr::null_mut(),
            }
        }
        match crate::objects::memoryobject::hex_digits(&data, sep, bytes_per_sep, true) {
            Some(s) => to_bytes(&s),
            None => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn b2a_hex(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe { b2a_hex_with(&B2A_HEX_PARSER, args, nargs, kwnames) }
}

unsafe extern "C" fn hexlify(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe { b2a_hex_with(&HEXLIFY_PARSER, args, nargs, kwnames) }
}

/// `a2b_hex`/`unhexlify(hexstr, /)` (METH_O).
unsafe extern "C" fn a2b_hex(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: the live argument.
    let Some(data) = (unsafe { ascii_bytes(arg) }) else {
        return ptr::null_mut();
    };
    match unhex(&data) {
        Ok(v) => to_bytes(&v),
        Err(m) => error(m),
    }
}

// ==========================================================================
// Base64
// ==========================================================================

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The 6-bit value of a base64 character.
fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// CPython 3.11's base64 decoder. Not strict: characters outside the
/// alphabet are skipped and the first complete padding ends the data.
/// Strict: only the alphabet, padding only at the end and contiguous.
fn a2b_base64_bytes(data: &[u8], strict: bool) -> Result<Vec<u8>, String> {
    if strict && data.first() == Some(&b'=') {
        return Err("Leading padding not allowed".into());
    }
    let mut out = Vec::with_capacity(data.len().div_ceil(4) * 3);
    let mut quad_pos = 0;
    let mut left: u8 = 0;
    let mut pads = 0;
    let mut padding_started = false;
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            padding_started = true;
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    // A complete quad: nothing after it is decoded.
                    if strict && i + 1 < data.len() {
                        return Err("Excess data after padding".into());
                    }
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err("Only base64 data is allowed".into());
            }
            continue;
        };
        if strict && padding_started {
            return Err("Discontinuous padding not allowed".into());
        }
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push(left << 2 | v >> 4);
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push(left << 4 | v >> 2);
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push(left << 6 | v);
                left = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more \
             than a multiple of 4",
            out.len() / 3 * 4 + 1
        )),
        _ => Err("Incorrect padding".into()),
    }
}

/// Base64 of `data`, with a final newline when `newline`.
fn b2a_base64_bytes(data: &[u8], newline: bool) -> Option<Vec<u8>> {
    let mut out = output(data.len().div_ceil(3) * 4 + 1)?;
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        let chars = [
            B64[(n >> 18) as usize & 63],
            B64[(n >> 12) as usize & 63],
            B64[(n >> 6) as usize & 63],
            B64[n as usize & 63],
        ];
        // One byte gives two characters, two give three; '=' fills the quad.
        let used = chunk.len() + 1;
        out.extend_from_slice(&chars[..used]);
        out.extend(std::iter::repeat_n(b'=', 4 - used));
    }
    if newline {
        out.push(b'\n');
    }
    Some(out)
}

static_parser!(A2B_BASE64_KW = [c"", c"strict_mode"]; A2B_BASE64_PARSER = c"a2b_base64");

/// `a2b_base64(data, /, *, strict_mode=False)`.
unsafe extern "C" fn a2b_base64(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, live for the call.
    unsafe {
        let Some([data, strict]) = unpack::<2>(&A2B_BASE64_PARSER, args, nargs, kwnames, 1, 1)
        else {
            return ptr::null_mut();
        };
        let Some(data) = ascii_bytes(data) else {
            return ptr::null_mut();
        };
        let Some(strict) = flag(strict, false) else {
            return ptr::null_mut();
        };
        match a2b_base64_bytes(&data, strict) {
            Ok(v) => to_bytes(&v),
            Err(m) => error(&m),
        }
    }
}

static_parser!(B2A_BASE64_KW = [c"", c"newline"]; B2A_BASE64_PARSER = c"b2a_base64");

/// `b2a_base64(data, /, *, newline=True)`.
unsafe extern "C" fn b2a_base64(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, live for the call.
    unsafe {
        let Some([data, newline]) = unpack::<2>(&B2A_BASE64_PARSER, args, nargs, kwnames, 1, 1)
        else {
            return ptr::null_mut();
        };
        let Some(data) = data_bytes(data) else {
            return ptr::null_mut();
        };
        let Some(newline) = flag(newline, true) else {
            return ptr::null_mut();
        };
        match b2a_base64_bytes(&data, newline) {
            Some(v) => to_bytes(&v),
            None => ptr::null_mut(),
        }
    }
}

// ==========================================================================
// uuencode
// ==========================================================================

/// One uuencoded line to its bytes. The first character gives the
/// length; missing characters (and a line end) count as zero bits; after
/// the data only spaces, backticks and line ends may follow. An empty
/// line reads as a NUL length character, as CPython's reads the buffer's
/// terminator.
fn a2b_uu_bytes(data: &[u8]) -> Result<Vec<u8>, &'static str> {
    let first = data.first().copied().unwrap_or(0);
    let mut bin_len = usize::from(first.wrapping_sub(b' ') & 0o77);
    let mut out = Vec::with_capacity(bin_len);
    let mut rest = data.get(1..).unwrap_or(&[]).iter();
    let (mut left, mut bits) = (0u32, 0);
    while bin_len > 0 {
        let c = match rest.next() {
            None | Some(b'\n') | Some(b'\r') => 0,
            Some(&c) => {
                if !(b' '..=b' ' + 64).contains(&c) {
                    return Err("Illegal char");
                }
                u32::from((c - b' ') & 0o77)
            }
        };
        left = left << 6 | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((left >> bits) as u8);
            left &= (1 << bits) - 1;
            bin_len -= 1;
        }
    }
    if rest.any(|&c| !matches!(c, b' ' | b'`' | b'\n' | b'\r')) {
        return Err("Trailing garbage");
    }
    Ok(out)
}

/// At most 45 bytes as one uuencoded line (with its newline); `backtick`
/// writes zero groups as '`' rather than ' '.
fn b2a_uu_bytes(data: &[u8], backtick: bool) -> Result<Vec<u8>, &'static str> {
    if data.len() > 45 {
        return Err("At most 45 bytes at once");
    }
    let char_of = |v: u8| if backtick && v == 0 { b'`' } else { b' ' + v };
    let mut out = Vec::with_capacity(2 + data.len().div_ceil(3) * 4);
    out.push(char_of(data.len() as u8));
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for shift in [18, 12, 6, 0] {
            out.push(char_of((n >> shift) as u8 & 63));
        }
    }
    out.push(b'\n');
    Ok(out)
}

/// `a2b_uu(data, /)` (METH_O).
unsafe extern "C" fn a2b_uu(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: the live argument.
    let Some(data) = (unsafe { ascii_bytes(arg) }) else {
        return ptr::null_mut();
    };
    match a2b_uu_bytes(&data) {
        Ok(v) => to_bytes(&v),
        Err(m) => error(m),
    }
}

static_parser!(B2A_UU_KW = [c"", c"backtick"]; B2A_UU_PARSER = c"b2a_uu");

/// `b2a_uu(data, /, *, backtick=False)`.
unsafe extern "C" fn b2a_uu(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, live for the call.
    unsafe {
        let Some([data, backtick]) = unpack::<2>(&B2A_UU_PARSER, args, nargs, kwnames, 1, 1) else {
            return ptr::null_mut();
        };
        let Some(data) = data_bytes(data) else {
            return ptr::null_mut();
        };
        let Some(backtick) = flag(backtick, false) else {
            return ptr::null_mut();
        };
        match b2a_uu_bytes(&data, backtick) {
            Ok(v) => to_bytes(&v),
            Err(m) => error(m),
        }
    }
}

// ==========================================================================
// Checksums
// ==========================================================================

/// CRC-CCITT (polynomial 0x1021, most significant bit first), as BinHex
/// uses it.
fn crc_hqx_update(crc: u32, data: &[u8]) -> u32 {
    let mut crc = crc & 0xffff;
    for &b in data {
        crc ^= u32::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
        crc &= 0xffff;
    }
    crc
}

/// `crc_hqx(data, crc, /)`: both arguments required.
unsafe extern "C" fn crc_hqx(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        if crate::python::getargs::_PyArg_CheckPositional(c"crc_hqx".as_ptr(), nargs, 2, 2) == 0 {
            return ptr::null_mut();
        }
        crate::modules::zlibmodule::checksum(c"crc_hqx", args, nargs, 0, crc_hqx_update)
    }
}

/// `crc32(data, crc=0, /)`.
unsafe extern "C" fn crc32(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments.
    unsafe {
        crate::modules::zlibmodule::checksum(
            c"crc32",
            args,
            nargs,
            0,
            crate::modules::zlibmodule::crc32_update,
        )
    }
}

// ==========================================================================
// The module
// ==========================================================================

const fn meth_o(name: &'static std::ffi::CStr, f: PyCFunction) -> PyMethodDef {
    crate::python::clinic::method(name, f, METH_O)
}

static METHODS: StaticObject<[PyMethodDef; 11]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"a2b_uu($module, data, /)\n--\n\nDecode a line of uuencoded data.".as_ptr(),
        ..meth_o(c"a2b_uu", a2b_uu)
    },
    PyMethodDef {
        ml_doc: c"b2a_uu($module, data, /, *, backtick=False)\n--\n\nUuencode line of data."
            .as_ptr(),
        ..fastcall_kw(c"b2a_uu", b2a_uu, 0)
    },
    PyMethodDef {
        ml_doc: c"a2b_base64($module, data, /, *, strict_mode=False)\n--\n\nDecode a line of base64 data.".as_ptr(),
        ..fastcall_kw(c"a2b_base64", a2b_base64, 0)
    },
    PyMethodDef {
        ml_doc: c"b2a_base64($module, data, /, *, newline=True)\n--\n\nBase64-code line of data."
            .as_ptr(),
        ..fastcall_kw(c"b2a_base64", b2a_base64, 0)
    },
    PyMethodDef {
        ml_doc: c"crc_hqx($module, data, crc, /)\n--\n\nCompute CRC-CCITT incrementally.".as_ptr(),
        ..fastcall(c"crc_hqx", crc_hqx)
    },
    PyMethodDef {
        ml_doc: c"crc32($module, data, crc=0, /)\n--\n\nCompute CRC-32 incrementally.".as_ptr(),
        ..fastcall(c"crc32", crc32)
    },
    PyMethodDef {
        ml_doc: c"b2a_hex($module, /, data, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\nHexadecimal representation of binary data.".as_ptr(),
        ..fastcall_kw(c"b2a_hex", b2a_hex, 0)
    },
    PyMethodDef {
        ml_doc: c"hexlify($module, /, data, sep=<unrepresentable>, bytes_per_sep=1)\n--\n\nHexadecimal representation of binary data.".as_ptr(),
        ..fastcall_kw(c"hexlify", hexlify, 0)
    },
    PyMethodDef {
        ml_doc: c"a2b_hex($module, hexstr, /)\n--\n\nBinary data of hexadecimal representation."
            .as_ptr(),
        ..meth_o(c"a2b_hex", a2b_hex)
    },
    PyMethodDef {
        ml_doc: c"unhexlify($module, hexstr, /)\n--\n\nBinary data of hexadecimal representation."
            .as_ptr(),
        ..meth_o(c"unhexlify", a2b_hex)
    },
    PyMethodDef::zeroed(),
]);

/// Makes the `binascii` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static table outlives the module;
    // every object is checked before use.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(
            c"binascii".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(m.as_ptr(), METHODS.get().cast()) < 0
        {
            return ptr::null_mut();
        }
        let Some(err) = exception(&ERROR, c"binascii.Error", Exc::ValueError.type_object()) else {
            return ptr::null_mut();
        };
        let Some(incomplete) = exception(&INCOMPLETE, c"binascii.Incomplete", ptr::null_mut())
        else {
            return ptr::null_mut();
        };
        let add = crate::python::modsupport::PyModule_AddObjectRef;
        if add(m.as_ptr(), c"Error".as_ptr(), err) < 0
            || add(m.as_ptr(), c"Incomplete".as_ptr(), incomplete) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trip_and_errors() {
        for data in [&b""[..], b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"] {
            let enc = b2a_base64_bytes(data, false).unwrap();
            assert_eq!(a2b_base64_bytes(&enc, true).unwrap(), data);
        }
        assert_eq!(b2a_base64_bytes(b"fo", true).unwrap(), b"Zm8=\n");
        assert_eq!(a2b_base64_bytes(b"Zm8=garbage", false).unwrap(), b"fo");
        assert_eq!(a2b_base64_bytes(b"Z m\n8 =", false).unwrap(), b"fo");
        assert_eq!(
            a2b_base64_bytes(b"Zm8", false).unwrap_err(),
            "Incorrect padding"
        );
        assert!(
            a2b_base64_bytes(b"Zm9vY", false)
                .unwrap_err()
                .contains("(5)")
        );
        assert_eq!(
            a2b_base64_bytes(b"=Zm8=", true).unwrap_err(),
            "Leading padding not allowed"
        );
        assert_eq!(
            a2b_base64_bytes(b"Zm8=x", true).unwrap_err(),
            "Excess data after padding"
        );
        assert_eq!(
            a2b_base64_bytes(b"Zm!8", true).unwrap_err(),
            "Only base64 data is allowed"
        );
    }

    #[test]
    fn hex_uu_and_crc() {
        assert_eq!(unhex(b"00fFa5").unwrap(), [0, 255, 0xa5]);
        assert_eq!(unhex(b"abc").unwrap_err(), "Odd-length string");
        assert_eq!(unhex(b"zz").unwrap_err(), "Non-hexadecimal digit found");
        let line = b2a_uu_bytes(b"Cat", false).unwrap();
        assert_eq!(line, b"#0V%T\n");
        assert_eq!(a2b_uu_bytes(&line).unwrap(), b"Cat");
        assert_eq!(b2a_uu_bytes(b"", true).unwrap(), b"`\n");
        assert_eq!(crc_hqx_update(0, b"123456789"), 0x31c3);
    }
}
