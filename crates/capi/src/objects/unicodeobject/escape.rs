//! The `unicode_escape` and `raw_unicode_escape` codecs of the C API
//! (CPython 3.11's `PyUnicode_DecodeUnicodeEscape`,
//! `PyUnicode_DecodeRawUnicodeEscape`, `PyUnicode_AsUnicodeEscapeString`
//! and `PyUnicode_AsRawUnicodeEscapeString`): Python's string-literal
//! escapes over Latin-1 bytes.
//!
//! `\N{name}` looks the name up through the `unicodedata` module's
//! `_ucnhash_CAPI` capsule, as CPython does.

use std::ffi::{CStr, c_char, c_int};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use super::{code_points, is_str, raise_codec_error, unicode_from_code_points};
use crate::ffi::*;
use crate::modules::unicodedata::{CAPSULE_NAME, NameCapi};
use crate::objects::exceptions::Exc;
use crate::python::errors::{self, fail_null};

/// The value of an ASCII hex digit.
fn hex_value(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// Reads up to `n` hex digits of `b` from `at`: the value, or Err with the
/// end of the digits read when fewer than `n` are there.
fn hex_digits(b: &[u8], at: usize, n: usize) -> Result<u32, usize> {
    let mut v = 0u32;
    for k in 0..n {
        match b.get(at + k).copied().and_then(hex_value) {
            Some(d) => v = (v << 4) | d,
            None => return Err(at + k),
        }
    }
    Ok(v)
}

/// One step of decoding at a position.
enum Step {
    /// Characters to append, and where to go on.
    Chars(Vec<u32>, usize),
    /// A malformed escape `[start, end)` and CPython's reason.
    Bad(usize, usize, &'static str),
    /// An error that no handler sees (the `\N` escape), already set.
    Fail,
}

/// The step at `i` of `b` for `unicode_escape`; `first_invalid` records
/// where the first unknown escape (its character) or octal escape above
/// 0o377 (its first digit) is: CPython warns of it.
fn escape_step(b: &[u8], i: usize, first_invalid: &mut Option<usize>) -> Step {
    if b[i] != b'\\' {
        return Step::Chars(vec![u32::from(b[i])], i + 1);
    }
    let start = i;
    let Some(&c) = b.get(i + 1) else {
        return Step::Bad(start, b.len(), "\\ at end of string");
    };
    let at = i + 2;
    let simple = |ch: u8| Step::Chars(vec![u32::from(ch)], at);
    match c {
        b'\n' => Step::Chars(Vec::new(), at),
        b'\\' | b'\'' | b'"' => simple(c),
        b'b' => simple(0x08),
        b'f' => simple(0x0c),
        b't' => simple(b'\t'),
        b'n' => simple(b'\n'),
        b'r' => simple(b'\r'),
        b'v' => simple(0x0b),
        b'a' => simple(0x07),
        b'0'..=b'7' => {
            let mut v = u32::from(c - b'0');
            let mut j = at;
            while j < at + 2 && j < b.len() && (b'0'..=b'7').contains(&b[j]) {
                v = (v << 3) | u32::from(b[j] - b'0');
                j += 1;
            }
            if v > 0o377 && first_invalid.is_none() {
                *first_invalid = Some(i + 1);
            }
            Step::Chars(vec![v], j)
        }
        b'x' | b'u' | b'U' => {
            let (n, msg) = match c {
                b'x' => (2, "truncated \\xXX escape"),
                b'u' => (4, "truncated \\uXXXX escape"),
                _ => (8, "truncated \\UXXXXXXXX escape"),
            };
            match hex_digits(b, at, n) {
                Err(end) => Step::Bad(start, end, msg),
                Ok(v) if v > 0x10ffff => Step::Bad(start, at + n, "illegal Unicode character"),
                Ok(v) => Step::Chars(vec![v], at + n),
            }
        }
        b'N' => name_escape(b, start, at),
        _ => {
            if first_invalid.is_none() {
                *first_invalid = Some(i + 1);
            }
            Step::Chars(vec![u32::from(b'\\'), u32::from(c)], at)
        }
    }
}

/// The `unicodedata` module's name lookup (its `_ucnhash_CAPI` capsule),
/// imported on the first `\N` escape and kept, as CPython's
/// `_PyUnicode_GetNameCAPI` keeps it; None with the error when the module
/// cannot be had.
fn name_capi() -> Option<&'static NameCapi> {
    static CAPI: AtomicPtr<NameCapi> = AtomicPtr::new(ptr::null_mut());
    let mut p = CAPI.load(Ordering::Acquire);
    if p.is_null() {
        // SAFETY: a NUL-terminated capsule name.
        p = unsafe { crate::objects::capsule::PyCapsule_Import(CAPSULE_NAME.as_ptr(), 1) }.cast();
        if p.is_null() {
            errors::raise(
                Exc::UnicodeError,
                "\\N escapes not supported (can't load unicodedata module)",
            );
            return None;
        }
        CAPI.store(p, Ordering::Release);
    }
    // SAFETY: the capsule holds the module's static table, which lives
    // for the process.
    Some(unsafe { &*p })
}

/// The `\N{name}` escape whose backslash is at `start` (`at` after the
/// `N`): the named character, or CPython's "malformed \N character
/// escape" (no braces, an empty name; up to where the reading stopped) or
/// "unknown Unicode character name" (through the closing brace).
fn name_escape(b: &[u8], start: usize, at: usize) -> Step {
    const MALFORMED: &str = "malformed \\N character escape";
    let Some(capi) = name_capi() else {
        return Step::Fail;
    };
    if b.get(at) != Some(&b'{') {
        return Step::Bad(start, at.min(b.len()), MALFORMED);
    }
    let name_start = at + 1;
    let Some(len) = b[name_start..].iter().position(|&x| x == b'}') else {
        return Step::Bad(start, b.len(), MALFORMED);
    };
    let close = name_start + len;
    if len == 0 {
        return Step::Bad(start, close, MALFORMED);
    }
    let mut ch = 0u32;
    // SAFETY: the name's bytes are in `b`; `ch` is writable.
    let found = c_int::try_from(len).is_ok_and(|n| unsafe {
        (capi.getcode)(b[name_start..].as_ptr().cast(), n, &mut ch, 0) != 0
    });
    if found {
        Step::Chars(vec![ch], close + 1)
    } else {
        Step::Bad(start, close + 1, "unknown Unicode character name")
    }
}

/// The step at `i` of `b` for `raw_unicode_escape`: only `\u` and `\U`
/// after an odd number of backslashes are escapes.
fn raw_step(b: &[u8], i: usize) -> Step {
    if b[i] != b'\\' {
        return Step::Chars(vec![u32::from(b[i])], i + 1);
    }
    let run = b[i..].iter().take_while(|&&x| x == b'\\').count();
    let after = i + run;
    let escape = run % 2 == 1 && matches!(b.get(after), Some(b'u' | b'U'));
    if !escape {
        return Step::Chars(vec![u32::from(b'\\'); run], after);
    }
    // The backslashes before the escape's own stand for themselves.
    let start = after - 1;
    let mut out = vec![u32::from(b'\\'); run - 1];
    let (n, msg) = if b[after] == b'u' {
        (4, "truncated \\uXXXX escape")
    } else {
        (8, "truncated \\UXXXXXXXX escape")
    };
    match hex_digits(b, after + 1, n) {
        Err(end) if out.is_empty() => Step::Bad(start, end, msg),
        Ok(v) if v > 0x10ffff && out.is_empty() => {
            Step::Bad(start, after + 1 + n, "\\Uxxxxxxxx out of range")
        }
        Ok(v) if v <= 0x10ffff => {
            out.push(v);
            Step::Chars(out, after + 1 + n)
        }
        // Emit the plain backslashes first; the escape is looked at again.
        _ => Step::Chars(out, start),
    }
}

/// Decodes `b` with `step` and the error handler `h`; NULL with CPython's
/// error.
fn decode_with(
    b: &[u8],
    codec: &str,
    h: &str,
    mut step: impl FnMut(&[u8], usize) -> Step,
) -> *mut PyObject {
    let mut out: Vec<u32> = Vec::new();
    if out.try_reserve(b.len()).is_err() {
        return errors::PyErr_NoMemory();
    }
    let mut i = 0;
    while i < b.len() {
        let (start, end, reason) = match step(b, i) {
            Step::Chars(cs, next) => {
                out.extend(cs);
                i = next;
                continue;
            }
            Step::Fail => return ptr::null_mut(),
            Step::Bad(s, e, r) => (s, e, r),
        };
        let fail = || {
            let obj = crate::objects::bytesobject::bytes_from_slice(b);
            if !obj.is_null() {
                raise_codec_error(Exc::UnicodeDecodeError, codec, obj, start, end, reason);
            }
            ptr::null_mut()
        };
        match h {
            "strict" | "surrogatepass" => return fail(),
            "ignore" => {}
            "replace" => out.push(0xfffd),
            "backslashreplace" => {
                for &x in &b[start..end] {
                    out.extend(format!("\\x{x:02x}").chars().map(u32::from));
                }
            }
            "surrogateescape" => {
                let taken = b[start..end]
                    .iter()
                    .take(4)
                    .take_while(|&&x| x >= 128)
                    .count();
                if taken == 0 {
                    return fail();
                }
                out.extend(
                    b[start..start + taken]
                        .iter()
                        .map(|&x| 0xdc00 + u32::from(x)),
                );
                i = start + taken;
                continue;
            }
            "xmlcharrefreplace" | "namereplace" => {
                return fail_null(
                    Exc::TypeError,
                    "don't know how to handle UnicodeDecodeError in error callback",
                );
            }
            _ => {
                return fail_null(
                    Exc::LookupError,
                    format!("unknown error handler name '{h}'"),
                );
            }
        }
        i = end;
    }
    unicode_from_code_points(&out)
}

/// The input bytes and handler name of a decoder call, or None with
/// `SystemError` for a negative size or a NULL buffer with bytes.
///
/// # Safety
/// `s` must be readable for `size` bytes; `errors_` NULL or NUL-terminated.
unsafe fn decoder_args<'a>(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
) -> Option<(&'a [u8], String)> {
    if size < 0 || (s.is_null() && size > 0) {
        errors::PyErr_BadInternalCall();
        return None;
    }
    let b: &[u8] = if size == 0 {
        &[]
    } else {
        // SAFETY: readable for `size` bytes per the contract.
        unsafe { std::slice::from_raw_parts(s.cast(), size as usize) }
    };
    let h = if errors_.is_null() {
        "strict".to_owned()
    } else {
        // SAFETY: NUL-terminated per the contract.
        unsafe { CStr::from_ptr(errors_) }
            .to_string_lossy()
            .into_owned()
    };
    Some((b, h))
}

/// `PyUnicode_DecodeUnicodeEscape(s, size, errors)`: decodes Python's
/// string escapes (`\\ \' \" \a \b \f \n \r \t \v`, a backslash-newline,
/// octal `\ooo`, `\xhh`, `\uhhhh`, `\Uhhhhhhhh`) over Latin-1 bytes; an
/// unknown escape is kept as is, with a `DeprecationWarning("invalid
/// escape sequence '\c'")` (for the first one; "invalid octal escape
/// sequence '\ooo'" when that is an octal escape above 0o377).
///
/// Fails (NULL) with `UnicodeDecodeError('unicodeescape', ...)` ("\\ at
/// end of string", "truncated \\xXX escape", "truncated \\uXXXX escape",
/// "truncated \\UXXXXXXXX escape", "illegal Unicode character",
/// "malformed \\N character escape", "unknown Unicode character name")
/// unless the handler `errors` (NULL: strict) recovers, `UnicodeError`
/// when `unicodedata` cannot be had for `\N`, `LookupError` for an unknown handler,
/// the warning turned into an error, or `MemoryError`.
///
/// # Safety
/// `s` must be readable for `size` bytes; `errors_` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeUnicodeEscape(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    let Some((b, h)) = (unsafe { decoder_args(s, size, errors_) }) else {
        return ptr::null_mut();
    };
    let mut first_invalid = None;
    let r = decode_with(b, "unicodeescape", &h, |b, i| {
        escape_step(b, i, &mut first_invalid)
    });
    if let (false, Some(at)) = (r.is_null(), first_invalid) {
        let text = if (b'4'..=b'7').contains(&b[at]) {
            let digits: String = b[at..at + 3].iter().map(|&x| x as char).collect();
            format!("invalid octal escape sequence '\\{digits}'")
        } else {
            format!("invalid escape sequence '\\{}'", b[at] as char)
        };
        let message = std::ffi::CString::new(text).unwrap_or_default();
        // SAFETY: a static category and a NUL-terminated message.
        let rc = unsafe {
            crate::python::warnings::PyErr_WarnEx(
                Exc::DeprecationWarning.type_object(),
                message.as_ptr(),
                1,
            )
        };
        if rc < 0 {
            // SAFETY: our reference.
            unsafe { crate::objects::object::Py_DecRef(r) };
            return ptr::null_mut();
        }
    }
    r
}

/// `PyUnicode_DecodeRawUnicodeEscape(s, size, errors)`: Latin-1 bytes
/// where only `\uhhhh` and `\Uhhhhhhhh` after an odd number of backslashes
/// are escapes.
///
/// Fails (NULL) with `UnicodeDecodeError('rawunicodeescape', ...)`
/// ("truncated \\uXXXX escape", "truncated \\UXXXXXXXX escape",
/// "\\Uxxxxxxxx out of range") unless the handler recovers, `LookupError`
/// or `MemoryError`.
///
/// # Safety
/// As [`PyUnicode_DecodeUnicodeEscape`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_DecodeRawUnicodeEscape(
    s: *const c_char,
    size: Py_ssize_t,
    errors_: *const c_char,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    let Some((b, h)) = (unsafe { decoder_args(s, size, errors_) }) else {
        return ptr::null_mut();
    };
    decode_with(b, "rawunicodeescape", &h, raw_step)
}

/// Encodes a `str` with `escape` writing each character; a new `bytes`,
/// or NULL with `TypeError("bad argument type for built-in operation")`
/// for a non-str or `MemoryError`.
///
/// # Safety
/// `s` must be NULL or a live object.
unsafe fn encode_with(s: *mut PyObject, escape: impl Fn(u32, &mut Vec<u8>)) -> *mut PyObject {
    // SAFETY: NULL or live per the contract.
    if s.is_null() || !unsafe { is_str(s) } {
        errors::bad_argument();
        return ptr::null_mut();
    }
    // SAFETY: a live str.
    let cps = unsafe { code_points(s) };
    let mut out = Vec::new();
    if out.try_reserve(cps.len()).is_err() {
        return errors::PyErr_NoMemory();
    }
    for c in cps {
        escape(c, &mut out);
    }
    crate::objects::bytesobject::bytes_from_slice(&out)
}

/// `\uhhhh` or `\Uhhhhhhhh` for a character above U+00FF.
fn wide_escape(c: u32, out: &mut Vec<u8>) {
    let text = if c < 0x10000 {
        format!("\\u{c:04x}")
    } else {
        format!("\\U{c:08x}")
    };
    out.extend_from_slice(text.as_bytes());
}

/// `PyUnicode_AsUnicodeEscapeString(s)`: `s.encode("unicode_escape")`:
/// printable ASCII as is, backslash as `\\`, `\t \n \r`, other characters
/// below U+0100 as `\xhh`, the rest as `\uhhhh` / `\Uhhhhhhhh`.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` or `MemoryError`.
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUnicodeEscapeString(s: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe {
        encode_with(s, |c, out| match c {
            0x5c => out.extend_from_slice(b"\\\\"),
            0x09 => out.extend_from_slice(b"\\t"),
            0x0a => out.extend_from_slice(b"\\n"),
            0x0d => out.extend_from_slice(b"\\r"),
            0x20..=0x7e => out.push(c as u8),
            0..=0xff => out.extend_from_slice(format!("\\x{c:02x}").as_bytes()),
            _ => wide_escape(c, out),
        })
    }
}

/// `PyUnicode_AsRawUnicodeEscapeString(s)`:
/// `s.encode("raw_unicode_escape")`: characters below U+0100 as their
/// byte, the rest as `\uhhhh` / `\Uhhhhhhhh`.
///
/// Fails as [`PyUnicode_AsUnicodeEscapeString`].
///
/// # Safety
/// `s` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsRawUnicodeEscapeString(s: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe {
        encode_with(s, |c, out| {
            if c < 0x100 {
                out.push(c as u8);
            } else {
                wide_escape(c, out);
            }
        })
    }
}
