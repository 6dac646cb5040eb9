//! The UTF-16 and UTF-32 codecs of the C API (CPython 3.11's
//! `PyUnicode_DecodeUTF16Stateful`, `PyUnicode_DecodeUTF32Stateful`,
//! `_PyUnicode_EncodeUTF16` and `_PyUnicode_EncodeUTF32`): byte-order marks,
//! an explicit byte order, the stateful forms that leave a cut sequence
//! unconsumed, and the decoding error handlers (`strict`, `ignore`,
//! `replace`, `backslashreplace`, `surrogateescape`, `surrogatepass`).

use std::ffi::{CStr, c_char, c_int};
use std::ptr;

use super::{code_points, is_str, raise_codec_error, unicode_from_code_points};
use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::python::errors::{self, fail_null};

/// Bytes per code unit: 2 for UTF-16, 4 for UTF-32.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Width {
    Two,
    Four,
}

impl Width {
    fn bytes(self) -> usize {
        match self {
            Width::Two => 2,
            Width::Four => 4,
        }
    }

    fn name(self, big: bool) -> &'static str {
        match (self, big) {
            (Width::Two, false) => "utf-16-le",
            (Width::Two, true) => "utf-16-be",
            (Width::Four, false) => "utf-32-le",
            (Width::Four, true) => "utf-32-be",
        }
    }
}

/// The code unit of `width` bytes at the start of `b`.
fn unit(b: &[u8], width: Width, big: bool) -> u32 {
    let n = width.bytes();
    let bytes = &b[..n];
    let fold = |acc: u32, &x: &u8| (acc << 8) | u32::from(x);
    if big {
        bytes.iter().fold(0, fold)
    } else {
        bytes.iter().rev().fold(0, fold)
    }
}

/// One step of decoding at a position: a character and its length, the
/// end of what may be decoded (a cut sequence a stateful decoder leaves),
/// or a malformed sequence `[start, end)` and CPython's reason.
enum Step {
    Char(u32, usize),
    Stop,
    Bad(usize, usize, &'static str),
}

/// The step at `i` of `b` (`i < b.len()`): CPython's `utf16_decode` /
/// UTF-32 loop. `stateful` stops at a cut sequence instead of failing.
fn step(b: &[u8], i: usize, width: Width, big: bool, stateful: bool) -> Step {
    let n = width.bytes();
    let rest = b.len() - i;
    if rest < n {
        return if stateful {
            Step::Stop
        } else {
            Step::Bad(i, b.len(), "truncated data")
        };
    }
    let u = unit(&b[i..], width, big);
    match width {
        Width::Four => {
            if (0xd800..0xe000).contains(&u) {
                Step::Bad(
                    i,
                    i + 4,
                    "code point in surrogate code point range(0xd800, 0xe000)",
                )
            } else if u >= 0x110000 {
                Step::Bad(i, i + 4, "code point not in range(0x110000)")
            } else {
                Step::Char(u, 4)
            }
        }
        Width::Two => {
            if !(0xd800..0xe000).contains(&u) {
                return Step::Char(u, 2);
            }
            if u >= 0xdc00 {
                return Step::Bad(i, i + 2, "illegal encoding");
            }
            if rest < 4 {
                return if stateful {
                    Step::Stop
                } else {
                    Step::Bad(i, b.len(), "unexpected end of data")
                };
            }
            let low = unit(&b[i + 2..], width, big);
            if !(0xdc00..0xe000).contains(&low) {
                return Step::Bad(i, i + 2, "illegal UTF-16 surrogate");
            }
            Step::Char(0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00), 4)
        }
    }
}

/// Decodes `b` (the whole input, a byte-order mark included) from `start`,
/// with the handler `h`; the `str` and how many bytes were consumed, or
/// NULL with CPython's error.
fn decode_units(
    b: &[u8],
    start: usize,
    width: Width,
    big: bool,
    h: &str,
    stateful: bool,
) -> (*mut PyObject, usize) {
    let mut out: Vec<u32> = Vec::new();
    if out.try_reserve(b.len() / width.bytes()).is_err() {
        return (errors::PyErr_NoMemory(), 0);
    }
    let mut i = start;
    while i < b.len() {
        let (bad_start, bad_end, reason) = match step(b, i, width, big, stateful) {
            Step::Char(c, n) => {
                out.push(c);
                i += n;
                continue;
            }
            Step::Stop => break,
            Step::Bad(s, e, r) => (s, e, r),
        };
        let fail = || {
            let obj = crate::objects::bytesobject::bytes_from_slice(b);
            if !obj.is_null() {
                raise_codec_error(
                    Exc::UnicodeDecodeError,
                    width.name(big),
                    obj,
                    bad_start,
                    bad_end,
                    reason,
                );
            }
            (ptr::null_mut(), 0)
        };
        match h {
            "strict" => return fail(),
            "ignore" => {}
            "replace" => out.push(0xfffd),
            "backslashreplace" => {
                for &x in &b[bad_start..bad_end] {
                    out.extend(format!("\\x{x:02x}").chars().map(u32::from));
                }
            }
            "surrogateescape" => {
                // CPython's handler takes the leading bytes >= 128 (at
                // most four) and decoding goes on right after them.
                let taken = b[bad_start..bad_end]
                    .iter()
                    .take(4)
                    .take_while(|&&x| x >= 128)
                    .count();
                if taken == 0 {
                    return fail();
                }
                out.extend(
                    b[bad_start..bad_start + taken]
                        .iter()
                        .map(|&x| 0xdc00 + u32::from(x)),
                );
                i = bad_start + taken;
                continue;
            }
            "surrogatepass" => {
                // One surrogate code unit is decoded as itself; anything
                // else fails as under strict.
                let n = width.bytes();
                if bad_end - bad_start < n {
                    return fail();
                }
                let u = unit(&b[bad_start..], width, big);
                if !(0xd800..0xe000).contains(&u) {
                    return fail();
                }
                out.push(u);
                i = bad_start + n;
                continue;
            }
            "xmlcharrefreplace" | "namereplace" => {
                return (
                    fail_null(
                        Exc::TypeError,
                        "don't know how to handle UnicodeDecodeError in error callback",
                    ),
                    0,
                );
            }
            _ => {
                return (
                    fail_null(
                        Exc::LookupError,
                        format!("unknown error handler name '{h}'"),
                    ),
                    0,
                );
            }
        }
        i = bad_end;
    }
    (unicode_from_code_points(&out), i)
}

/// The shared body of the four decoders.
///
/// # Safety
/// `s` must be readable for `size` bytes; `errors_` NULL or NUL-terminated;
/// `byteorder` and `consumed` NULL or writable.
unsafe fn decode_wide(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
    byteorder: *mut c_int,
    consumed: *mut Py_ssize_t,
    width: Width,
) -> *mut PyObject {
    if size < 0 || (s.is_null() && size > 0) {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let b: &[u8] = if size == 0 {
        &[]
    } else {
        // SAFETY: readable for `size` bytes per the contract.
        unsafe { std::slice::from_raw_parts(s.cast(), size as usize) }
    };
    let h = if errors_.is_null() {
        "strict".into()
    } else {
        // SAFETY: NUL-terminated per the contract.
        unsafe { CStr::from_ptr(errors_) }.to_string_lossy()
    };
    let n = width.bytes();
    let mut bo = if byteorder.is_null() {
        0
    } else {
        // SAFETY: not NULL, so writable per the contract.
        unsafe { *byteorder }
    };
    let mut start = 0;
    // Without a byte order given, a leading byte-order mark sets it (and
    // is skipped); the order found is reported back.
    if bo == 0 && b.len() >= n {
        match unit(b, width, false) {
            0xfeff => (start, bo) = (n, -1),
            u if (width == Width::Two && u == 0xfffe) || u == 0xfffe_0000 => (start, bo) = (n, 1),
            _ => {}
        }
        if !byteorder.is_null() {
            // SAFETY: writable per the contract.
            unsafe { *byteorder = bo };
        }
    }
    // Any positive order is big-endian, anything else little-endian.
    let big = bo > 0;
    let (r, used) = decode_units(b, start, width, big, &h, !consumed.is_null());
    if !r.is_null() && !consumed.is_null() {
        // SAFETY: writable per the contract.
        unsafe { *consumed = used as Py_ssize_t };
    }
    r
}

/// `PyUnicode_DecodeUTF16Stateful(s, size, errors, &byteorder, &consumed)`:
/// decodes UTF-16 in the order `*byteorder` gives (-1 little-endian, 1
/// big-endian, 0 or NULL: a leading byte-order mark's, else native, and
/// the order found is stored back). With `consumed` not NULL a sequence
/// cut at the end is left unread and the bytes read are stored there.
///
/// Fails (NULL) with CPython's `UnicodeDecodeError` ("truncated data",
/// "unexpected end of data", "illegal encoding", "illegal UTF-16
/// surrogate") unless the handler `errors` (NULL: strict) recovers,
/// `LookupError` for an unknown handler, or `MemoryError`.
///
/// # Safety
/// `s` must be readable for `size` bytes; `errors_` NULL or NUL-terminated;
/// `byteorder` and `consumed` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeUTF16Stateful(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
    byteorder: *mut c_int,
    consumed: *mut Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { decode_wide(s, size, errors_, byteorder, consumed, Width::Two) }
}

/// `PyUnicode_DecodeUTF16(s, size, errors, &byteorder)`: the whole input,
/// as [`PyUnicode_DecodeUTF16Stateful`] without `consumed`.
///
/// # Safety
/// As [`PyUnicode_DecodeUTF16Stateful`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeUTF16(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
    byteorder: *mut c_int,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { decode_wide(s, size, errors_, byteorder, ptr::null_mut(), Width::Two) }
}

/// `PyUnicode_DecodeUTF32Stateful(s, size, errors, &byteorder, &consumed)`:
/// as [`PyUnicode_DecodeUTF16Stateful`] for UTF-32 (reasons "truncated
/// data", "code point in surrogate code point range(0xd800, 0xe000)",
/// "code point not in range(0x110000)").
///
/// # Safety
/// As [`PyUnicode_DecodeUTF16Stateful`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeUTF32Stateful(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
    byteorder: *mut c_int,
    consumed: *mut Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { decode_wide(s, size, errors_, byteorder, consumed, Width::Four) }
}

/// `PyUnicode_DecodeUTF32(s, size, errors, &byteorder)`: the whole input,
/// as [`PyUnicode_DecodeUTF32Stateful`] without `consumed`.
///
/// # Safety
/// As [`PyUnicode_DecodeUTF16Stateful`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeUTF32(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
    byteorder: *mut c_int,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { decode_wide(s, size, errors_, byteorder, ptr::null_mut(), Width::Four) }
}

/// Encodes a `str` as UTF-16 or UTF-32 (CPython's `_PyUnicode_EncodeUTF16`
/// / `_PyUnicode_EncodeUTF32`): with `byteorder` 0 a native
/// (little-endian) byte-order mark and order, -1 little-endian, 1
/// big-endian (any positive order), no mark. Each lone surrogate is an
/// error ("surrogates not allowed", the codec named by CPython's rules)
/// for the handler `h`: `ignore`, `replace` (`?`), `backslashreplace` and
/// `namereplace` (`\udxxx`), `xmlcharrefreplace`, `surrogatepass` (the
/// surrogate's own unit); `strict` and `surrogateescape` (whose one byte
/// is no whole unit) raise `UnicodeEncodeError`.
///
/// Fails (NULL) with that error, `LookupError` for an unknown handler,
/// `TypeError("bad argument type for built-in operation")` for a non-str,
/// or `MemoryError`.
///
/// # Safety
/// `s` must be NULL or a live object.
pub(super) unsafe fn encode_wide(
    s: *mut PyObject,
    byteorder: c_int,
    utf32: bool,
    h: &str,
) -> *mut PyObject {
    let width = if utf32 { Width::Four } else { Width::Two };
    // SAFETY: NULL or live per the contract.
    if s.is_null() || !unsafe { is_str(s) } {
        errors::bad_argument();
        return ptr::null_mut();
    }
    // SAFETY: a live str.
    let cps = unsafe { code_points(s) };
    // Any positive order is big-endian (and any other little-endian);
    // only 0 writes a mark.
    let big = byteorder > 0;
    let mut out: Vec<u8> = Vec::new();
    let units = cps.len() + 1;
    if out
        .try_reserve(units.saturating_mul(2 * width.bytes()))
        .is_err()
    {
        return errors::PyErr_NoMemory();
    }
    let put = |out: &mut Vec<u8>, u: u32| {
        let n = width.bytes();
        let bytes = u.to_le_bytes();
        if big {
            out.extend(bytes[..n].iter().rev());
        } else {
            out.extend_from_slice(&bytes[..n]);
        }
    };
    if byteorder == 0 {
        put(&mut out, 0xfeff);
    }
    // CPython names the codec by these rules, whatever order the bytes
    // are written in; surrogatepass writes in the order of the name.
    let name = match (width, byteorder) {
        (Width::Two, 0) => "utf-16",
        (Width::Two, o) if o < 0 => "utf-16-le",
        (Width::Two, _) => "utf-16-be",
        (Width::Four, -1) => "utf-32-le",
        (Width::Four, 1) => "utf-32-be",
        (Width::Four, _) => "utf-32",
    };
    let pass_big = name.ends_with("-be");
    for (i, &c) in cps.iter().enumerate() {
        if !(0xd800..0xe000).contains(&c) {
            if width == Width::Two && c >= 0x10000 {
                let v = c - 0x10000;
                put(&mut out, 0xd800 + (v >> 10));
                put(&mut out, 0xdc00 + (v & 0x3ff));
            } else {
                put(&mut out, c);
            }
            continue;
        }
        let replacement = match h {
            "ignore" => String::new(),
            "replace" => "?".to_owned(),
            "backslashreplace" | "namereplace" => format!("\\u{c:04x}"),
            "xmlcharrefreplace" => format!("&#{c};"),
            "surrogatepass" => {
                let bytes = c.to_le_bytes();
                let n = width.bytes();
                if pass_big {
                    out.extend(bytes[..n].iter().rev());
                } else {
                    out.extend_from_slice(&bytes[..n]);
                }
                continue;
            }
            "strict" | "surrogateescape" => {
                // SAFETY: a live str, referenced by the exception.
                unsafe { crate::objects::object::Py_IncRef(s) };
                raise_codec_error(
                    Exc::UnicodeEncodeError,
                    name,
                    s,
                    i,
                    i + 1,
                    "surrogates not allowed",
                );
                return ptr::null_mut();
            }
            _ => {
                return fail_null(
                    Exc::LookupError,
                    format!("unknown error handler name '{h}'"),
                );
            }
        };
        for b in replacement.bytes() {
            put(&mut out, u32::from(b));
        }
    }
    crate::objects::bytesobject::bytes_from_slice(&out)
}

/// Decodes with a UTF-16 (`utf32` false) or UTF-32 codec named by
/// `byteorder` (0: a byte-order mark's, -1 little, 1 big-endian), for
/// `PyUnicode_Decode`.
///
/// # Safety
/// As [`PyUnicode_DecodeUTF16`].
pub(super) unsafe fn decode_named(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
    byteorder: c_int,
    utf32: bool,
) -> *mut PyObject {
    let mut bo = byteorder;
    let width = if utf32 { Width::Four } else { Width::Two };
    // SAFETY: forwarded contract; `bo` is ours.
    unsafe { decode_wide(s, size, errors_, &mut bo, ptr::null_mut(), width) }
}

/// `PyUnicode_AsUTF16String(s)`: `s.encode("utf-16")`, a byte-order mark
/// then little-endian units; fails (strict) as [`encode_wide`] says.
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUTF16String(s: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { encode_wide(s, 0, false, "strict") }
}

/// `PyUnicode_AsUTF32String(s)`: `s.encode("utf-32")`; fails (strict) as
/// [`encode_wide`] says.
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUTF32String(s: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { encode_wide(s, 0, true, "strict") }
}

/// `_PyUnicode_EncodeUTF16(s, errors, byteorder)`: [`encode_wide`] with
/// the handler `errors` (NULL: strict).
///
/// # Safety
/// `s` must be NULL or a live object; `errors_` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_EncodeUTF16(
    s: *mut PyObject,
    errors_: *const c_char,
    byteorder: c_int,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { encode_wide(s, byteorder, false, super::handler(errors_)) }
}

/// `_PyUnicode_EncodeUTF32(s, errors, byteorder)`: [`encode_wide`] with
/// the handler `errors` (NULL: strict).
///
/// # Safety
/// `s` must be NULL or a live object; `errors_` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_EncodeUTF32(
    s: *mut PyObject,
    errors_: *const c_char,
    byteorder: c_int,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { encode_wide(s, byteorder, true, super::handler(errors_)) }
}
