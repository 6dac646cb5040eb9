//! `str` (CPython's `Objects/unicodeobject.c`). A `str` holds its text as
//! NUL-terminated UTF-8 inside the object, so `PyUnicode_AsUTF8` returns a
//! pointer that lives as long as the object.
//!
//! `PyUnicode_FromFormat` and `PyUnicode_FromFormatV`, which are variadic,
//! are in `unicodeobject.c` beside this file.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char};
use std::mem::offset_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::{alloc, free_dealloc, type_of};
use crate::objects::typeobject::static_type;
use crate::python::errors::{self, fail_null};

/// `PyUnicode_Type`: `str`.
#[unsafe(no_mangle)]
pub static PyUnicode_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"str",
        std::mem::size_of::<StrObject>(),
        Py_TPFLAGS_UNICODE_SUBCLASS,
        free_dealloc,
    );
    ty.tp_hash = Some(unicode_hash);
    ty.tp_richcompare = Some(unicode_richcompare);
    ty
});

/// The text of a `str` as CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`
/// makes it for `int()` and `float()`: ASCII below 127 kept, Unicode
/// whitespace as `' '`, Unicode decimal digits as `'0'`-`'9'`; the first
/// other character becomes `'?'` and ends the text. None (with
/// `TypeError("bad argument type for built-in operation")`) for a non-str.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn decimal_and_space_to_ascii(op: *mut PyObject) -> Option<Vec<u8>> {
    // SAFETY: forwarded contract.
    let Some(text) = (unsafe { str_value(op) }) else {
        errors::bad_argument();
        return None;
    };
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let u = c as u32;
        if u < 127 {
            out.push(u as u8);
        } else if is_space(u) {
            out.push(b' ');
        } else if let Some(d) = decimal_value(u) {
            out.push(b'0' + d);
        } else {
            out.push(b'?');
            break;
        }
    }
    Some(out)
}

/// Python's `str.isspace()` for one code point.
pub(crate) fn is_space(u: u32) -> bool {
    crate::objects::unicodetype_db::WHITESPACE
        .binary_search(&u)
        .is_ok()
}

/// The decimal value of a Unicode decimal digit (`Nd`), if `u` is one.
pub(crate) fn decimal_value(u: u32) -> Option<u8> {
    let zeros = &crate::objects::unicodetype_db::DECIMAL_ZEROS;
    let i = zeros.partition_point(|&z| z <= u);
    (i > 0 && u - zeros[i - 1] < 10).then(|| (u - zeros[i - 1]) as u8)
}

/// True when two `str` objects hold the same text.
///
/// # Safety
/// Both must be live `str` objects.
pub(crate) unsafe fn unicode_eq(a: *mut PyObject, b: *mut PyObject) -> bool {
    // SAFETY: forwarded contract.
    unsafe { str_value(a) == str_value(b) }
}

/// `hash(str)`: SipHash-1-3 of the code units of the string's kind (1, 2
/// or 4 bytes per character, little-endian), as CPython hashes it.
unsafe extern "C" fn unicode_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live str.
    let text = unsafe { str_value(op) }.unwrap_or_default();
    let max = text.chars().map(|c| c as u32).max().unwrap_or(0);
    let units: Vec<u8> = if max < 0x100 {
        text.chars().map(|c| c as u8).collect()
    } else if max < 0x10000 {
        text.chars()
            .flat_map(|c| (c as u16).to_le_bytes())
            .collect()
    } else {
        text.chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect()
    };
    crate::python::pyhash::hash_bytes(&units)
}

/// `tp_richcompare` of `str`: by code points; `NotImplemented` unless both
/// are `str`.
unsafe extern "C" fn unicode_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: std::ffi::c_int,
) -> *mut PyObject {
    // SAFETY: live objects.
    let (Some(x), Some(y)) = (unsafe { str_value(a) }, unsafe { str_value(b) }) else {
        return crate::objects::object::not_implemented();
    };
    // UTF-8 byte order is code point order.
    crate::objects::boolobject::bool_from_bool(compare_op(x.cmp(y), op))
}

/// Whether `ordering` satisfies the comparison `op` (`Py_LT` … `Py_GE`).
pub(crate) fn compare_op(ordering: std::cmp::Ordering, op: std::ffi::c_int) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Py_LT => ordering == Less,
        Py_LE => ordering != Greater,
        Py_EQ => ordering == Equal,
        Py_NE => ordering != Equal,
        Py_GT => ordering == Greater,
        _ => ordering != Less,
    }
}

/// A `str` object: the header, the length in code points and in UTF-8
/// bytes, then the UTF-8 text and a NUL in the same allocation.
#[repr(C)]
struct StrObject {
    ob_base: PyObject,
    length: Py_ssize_t,
    utf8_length: Py_ssize_t,
    data: [u8; 0],
}

/// The text of a `str`, or None for anything else (and NULL).
///
/// # Safety
/// `op` must be NULL or a live object; the slice lives as long as it.
pub unsafe fn str_value<'a>(op: *mut PyObject) -> Option<&'a str> {
    // SAFETY: live per the contract; the payload is read only from strs.
    if op.is_null() || unsafe { type_of(op) } != PyUnicode_Type.get() {
        return None;
    }
    let s = op as *mut StrObject;
    // SAFETY: a StrObject holds `utf8_length` bytes of valid UTF-8 at `data`.
    unsafe {
        let len = (*s).utf8_length as usize;
        let data = (op as *const u8).add(offset_of!(StrObject, data));
        Some(std::str::from_utf8_unchecked(std::slice::from_raw_parts(
            data, len,
        )))
    }
}

/// A new `str` holding `text`; NULL with `MemoryError` when allocation
/// fails.
pub fn unicode_from_str(text: &str) -> *mut PyObject {
    let header = offset_of!(StrObject, data);
    let Some(size) = header
        .checked_add(text.len())
        .and_then(|n| n.checked_add(1))
    else {
        return errors::PyErr_NoMemory();
    };
    let op = alloc(PyUnicode_Type.get(), size);
    if op.is_null() {
        return op;
    }
    let s = op as *mut StrObject;
    // SAFETY: `size` bytes were allocated: the header, the text and a NUL.
    unsafe {
        (*s).length = text.chars().count() as Py_ssize_t;
        (*s).utf8_length = text.len() as Py_ssize_t;
        let data = (op as *mut u8).add(header);
        ptr::copy_nonoverlapping(text.as_ptr(), data, text.len());
        *data.add(text.len()) = 0;
    }
    op
}

/// Raises CPython's `UnicodeDecodeError` for the first invalid sequence of
/// `bytes`, with its message ("'utf-8' codec can't decode byte 0xff in
/// position 0: invalid start byte").
pub(crate) fn raise_decode_error(bytes: &[u8], err: std::str::Utf8Error) {
    let start = err.valid_up_to();
    let (end, reason) = match err.error_len() {
        Some(n) => {
            let lead = bytes[start];
            let invalid_start = (0x80..0xc2).contains(&lead) || lead > 0xf4;
            let reason = if invalid_start {
                "invalid start byte"
            } else {
                "invalid continuation byte"
            };
            (start + n, reason)
        }
        None => (bytes.len(), "unexpected end of data"),
    };
    crate::objects::exceptions::raise_unicode_decode_error("utf-8", bytes, start, end, reason);
}

/// Decodes `bytes` strictly into a new `str`: NULL with `UnicodeDecodeError`
/// for invalid UTF-8 or `MemoryError`.
fn unicode_from_utf8(bytes: &[u8]) -> *mut PyObject {
    match std::str::from_utf8(bytes) {
        Ok(text) => unicode_from_str(text),
        Err(err) => {
            raise_decode_error(bytes, err);
            ptr::null_mut()
        }
    }
}

/// `PyUnicode_FromString(u)`: decodes the NUL-terminated UTF-8 string `u`.
///
/// Fails (NULL) with `UnicodeDecodeError` (CPython's message) for invalid
/// UTF-8, `MemoryError`, or `SystemError` for a NULL `u` (CPython crashes).
///
/// # Safety
/// `u` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FromString(u: *const c_char) -> *mut PyObject {
    if u.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: NUL-terminated per the contract.
    unicode_from_utf8(unsafe { CStr::from_ptr(u) }.to_bytes())
}

/// `PyUnicode_FromStringAndSize(u, size)`: decodes `size` bytes of UTF-8
/// (embedded NULs allowed). A NULL `u` with `size == 0` gives `''`.
///
/// Fails (NULL) with `SystemError("Negative size passed to
/// PyUnicode_FromStringAndSize")`, `SystemError` for a NULL `u` with a
/// positive size (CPython returns uninitialised text, deprecated),
/// `UnicodeDecodeError` for invalid UTF-8, or `MemoryError`.
///
/// # Safety
/// `u` must be NULL or readable for `size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_FromStringAndSize(
    u: *const c_char,
    size: Py_ssize_t,
) -> *mut PyObject {
    if size < 0 {
        return fail_null(
            Exc::SystemError,
            "Negative size passed to PyUnicode_FromStringAndSize",
        );
    }
    if u.is_null() {
        if size == 0 {
            return unicode_from_str("");
        }
        return fail_null(
            Exc::SystemError,
            "NULL string with positive size passed to PyUnicode_FromStringAndSize",
        );
    }
    // SAFETY: readable for `size` bytes per the contract.
    unicode_from_utf8(unsafe { std::slice::from_raw_parts(u.cast::<u8>(), size as usize) })
}

/// Decodes `size` bytes of UTF-8, replacing each invalid sequence with
/// U+FFFD as CPython's `"replace"` error handler does. Used by
/// `PyUnicode_FromFormat` for `%s`. Fails only with `MemoryError` or
/// `SystemError` for a NULL `u` with a nonzero size or a negative size.
///
/// # Safety
/// `u` must be NULL or readable for `size` bytes.
#[doc(hidden)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_Unicode_DecodeUTF8Replace(
    u: *const c_char,
    size: Py_ssize_t,
) -> *mut PyObject {
    if size < 0 || (u.is_null() && size != 0) {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    if size == 0 {
        return unicode_from_str("");
    }
    // SAFETY: readable for `size` bytes per the contract.
    let bytes = unsafe { std::slice::from_raw_parts(u.cast::<u8>(), size as usize) };
    unicode_from_str(&String::from_utf8_lossy(bytes))
}

/// `PyUnicode_AsUTF8AndSize(obj, &size)`: the UTF-8 text of a `str`
/// (NUL-terminated, valid as long as the object) and, when `size` is not
/// NULL, its length in bytes.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` when `obj` is not a `str` (or is NULL).
///
/// # Safety
/// `obj` must be NULL or a live object; `size` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUTF8AndSize(
    obj: *mut PyObject,
    size: *mut Py_ssize_t,
) -> *const c_char {
    // SAFETY: live per the contract.
    let Some(text) = (unsafe { str_value(obj) }) else {
        errors::bad_argument();
        return ptr::null();
    };
    if !size.is_null() {
        // SAFETY: writable per the contract.
        unsafe { *size = text.len() as Py_ssize_t };
    }
    text.as_ptr().cast()
}

/// `PyUnicode_AsUTF8(obj)`: the NUL-terminated UTF-8 text of a `str`, valid
/// as long as the object. As in CPython 3.11, embedded NULs are not checked.
///
/// Fails (NULL) with `TypeError("bad argument type for built-in
/// operation")` when `obj` is not a `str` (or is NULL).
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_AsUTF8(obj: *mut PyObject) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe { PyUnicode_AsUTF8AndSize(obj, ptr::null_mut()) }
}

/// `PyUnicode_GetLength(obj)`: the length of a `str` in code points.
///
/// Fails (-1) with `TypeError("bad argument type for built-in operation")`
/// when `obj` is not a `str` (or is NULL).
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyUnicode_GetLength(obj: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract; the payload is read only from strs.
    if obj.is_null() || unsafe { type_of(obj) } != PyUnicode_Type.get() {
        errors::bad_argument();
        return -1;
    }
    // SAFETY: a StrObject (checked above).
    unsafe { (*(obj as *mut StrObject)).length }
}

/// Python's `str.isprintable()` for one character (CPython's
/// `Py_UNICODE_ISPRINTABLE`): false for the categories Cc, Cf, Cs, Co, Cn,
/// Zl, Zp and Zs other than the space.
pub(crate) fn is_printable(c: char) -> bool {
    let u = c as u32;
    let table = &crate::objects::unicodetype_db::NONPRINTABLE;
    let i = table.partition_point(|&(lo, _)| lo <= u);
    !(i > 0 && u <= table[i - 1].1)
}

/// Python's `repr(str)`.
pub fn str_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_ascii() || is_printable(c) => out.push(c),
            c => out.push_str(&escape_non_ascii(c)),
        }
    }
    out.push(quote);
    out
}

pub(crate) fn escape_non_ascii(c: char) -> String {
    let u = c as u32;
    if u <= 0xff {
        format!("\\x{u:02x}")
    } else if u <= 0xffff {
        format!("\\u{u:04x}")
    } else {
        format!("\\U{u:08x}")
    }
}

#[cfg(test)]
mod tests {
    use crate::objects::exceptions::PyExc_ValueError;
    use std::ffi::c_int;

    // The C half: unicodeobject.c and ../python/errors.c.
    unsafe extern "C" {
        fn PyUnicode_FromFormat(format: *const c_char, ...) -> *mut PyObject;
        fn PyErr_Format(exception: *mut PyObject, format: *const c_char, ...) -> *mut PyObject;
    }
    use super::*;
    use crate::objects::object::Py_DecRef;
    use crate::python::errors::take_error;

    #[test]
    fn decode_errors_match_cpython() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"\xff",
                "can't decode byte 0xff in position 0: invalid start byte",
            ),
            (
                b"a\xe2\x28\xa1",
                "can't decode byte 0xe2 in position 1: invalid continuation byte",
            ),
            (
                b"\xf0\x90\x28",
                "can't decode bytes in position 0-1: invalid continuation byte",
            ),
            (
                b"\xe2\x82",
                "can't decode bytes in position 0-1: unexpected end of data",
            ),
            (
                b"\xed\xa0\x80",
                "can't decode byte 0xed in position 0: invalid continuation byte",
            ),
            (
                b"ok\xc3",
                "can't decode byte 0xc3 in position 2: unexpected end of data",
            ),
            (
                b"\xc0\xaf",
                "can't decode byte 0xc0 in position 0: invalid start byte",
            ),
        ];
        for (bytes, msg) in cases {
            // SAFETY: a readable slice.
            let op =
                unsafe { PyUnicode_FromStringAndSize(bytes.as_ptr().cast(), bytes.len() as isize) };
            assert!(op.is_null());
            let e = take_error().unwrap();
            assert_eq!(e.type_name, "UnicodeDecodeError");
            assert_eq!(e.kind, Exc::UnicodeDecodeError);
            assert_eq!(e.message, format!("'utf-8' codec {msg}"));
        }
    }

    #[test]
    fn c_formatter_is_linked() {
        // SAFETY: valid formats with matching arguments.
        unsafe {
            let s = PyUnicode_FromFormat(
                c"%d|%05zd|%.2s|%c".as_ptr(),
                -5 as c_int,
                42isize,
                c"hello".as_ptr(),
                0xe9 as c_int,
            );
            assert_eq!(str_value(s), Some("-5|00042|he|\u{e9}"));
            Py_DecRef(s);
            let r = PyErr_Format(
                PyExc_ValueError.0,
                c"bad %s: %lld".as_ptr(),
                c"x".as_ptr(),
                -1i64,
            );
            assert!(r.is_null());
            let e = take_error().unwrap();
            assert_eq!((e.kind, e.message.as_str()), (Exc::ValueError, "bad x: -1"));
        }
    }
}
