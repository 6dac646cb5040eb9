//! Locale-independent conversions between `double` and text (CPython's
//! `Python/pystrtod.c`, over its `Python/dtoa.c`): `PyOS_string_to_double`
//! and `PyOS_double_to_string`.
//!
//! CPython builds on David Gay's correctly rounded `_Py_dg_strtod` and
//! `_Py_dg_dtoa`. Rust's float parsing and formatting are correctly rounded
//! too, so the digits come from them: the shortest round-trip digits
//! (dtoa's mode 0) from [`shortest_digits`], and the fixed-count modes (2:
//! `n` significant digits, 3: `n` digits after the point) by rounding the
//! double's exact decimal expansion, half to even, as dtoa does. Around the
//! digits, the text is laid out exactly as `format_float_short` lays it
//! out (signs, padding zeros, `Py_DTSF_*` flags, a two-digit exponent).

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_double, c_int};
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::floatobject::shortest_digits;
use crate::objects::obmalloc::PyMem_Malloc;
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

/// `Py_DTSF_SIGN`: always write a sign.
pub const Py_DTSF_SIGN: c_int = 0x01;
/// `Py_DTSF_ADD_DOT_0`: an integral result in fixed notation gets ".0".
pub const Py_DTSF_ADD_DOT_0: c_int = 0x02;
/// `Py_DTSF_ALT`: `#` formatting (keep the point and trailing zeros).
pub const Py_DTSF_ALT: c_int = 0x04;
/// `Py_DTSF_NO_NEG_0`: a result that rounds to zero loses its minus sign.
pub const Py_DTSF_NO_NEG_0: c_int = 0x08;
/// `*type` for a finite value.
pub const Py_DTST_FINITE: c_int = 0;
/// `*type` for an infinity.
pub const Py_DTST_INFINITE: c_int = 1;
/// `*type` for a NaN.
pub const Py_DTST_NAN: c_int = 2;

// ===========================================================================
//                              Text to double
// ===========================================================================

/// The length of the longest prefix of `s` that `_Py_dg_strtod` reads as a
/// decimal number: `[+-]digits[.digits][(e|E)[+-]digits]`, at least one
/// digit in the significand, an exponent only when it has a digit. No
/// leading whitespace, no underscores, no hexadecimal. 0 when there is none.
fn decimal_prefix(s: &[u8]) -> usize {
    let digits = |from: usize| s[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = usize::from(matches!(s.first(), Some(b'+' | b'-')));
    let int = digits(i);
    i += int;
    let mut frac = 0;
    if s.get(i) == Some(&b'.') {
        frac = digits(i + 1);
        i += 1 + frac;
    }
    if int + frac == 0 {
        return 0;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp = digits(j);
        if exp > 0 {
            i = j + exp;
        }
    }
    i
}

/// `_Py_parse_inf_or_nan`: `[+-]inf`, `[+-]infinity` or `[+-]nan`, any case.
fn inf_or_nan_prefix(s: &[u8]) -> Option<(f64, usize)> {
    let negative = s.first() == Some(&b'-');
    let start = usize::from(matches!(s.first(), Some(b'+' | b'-')));
    let rest = &s[start..];
    let starts =
        |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
    let (value, len) = if starts(b"infinity") {
        (f64::INFINITY, 8)
    } else if starts(b"inf") {
        (f64::INFINITY, 3)
    } else if starts(b"nan") {
        (f64::NAN, 3)
    } else {
        return None;
    };
    Some((if negative { -value } else { value }, start + len))
}

/// What `_PyOS_ascii_strtod` reads at the start of `s`: the value, the
/// number of bytes used (0: none), and whether a finite decimal overflowed
/// to an infinity (its `ERANGE` with `|x| >= 1`).
fn ascii_strtod(s: &[u8]) -> (f64, usize, bool) {
    let n = decimal_prefix(s);
    if n > 0 {
        // SAFETY of the unwraps: ASCII digits, signs, '.', 'e' only, in a
        // form Rust's parser accepts ("1.", ".5", "+1e5").
        let text = std::str::from_utf8(&s[..n]).expect("ASCII");
        let x: f64 = text.parse().expect("a decimal prefix parses");
        return (x, n, x.is_infinite());
    }
    match inf_or_nan_prefix(s) {
        Some((x, n)) => (x, n, false),
        None => (-1.0, 0, false),
    }
}

/// `'%.200s'` of `s`: at most 200 bytes, decoded as UTF-8 with
/// replacement, as `PyUnicode_FromFormat` does.
fn quoted_200(s: &[u8]) -> String {
    String::from_utf8_lossy(&s[..s.len().min(200)]).into_owned()
}

/// `PyOS_string_to_double(s, endptr, overflow_exception)`: the number `s`
/// spells, in the C locale.
///
/// With `endptr` NULL the whole of `s` must be the number; otherwise as much
/// as can be read is, and `*endptr` points past it (at `s` when nothing
/// could be). Failure is -1.0 with `ValueError("could not convert string to
/// float: 's'")`. A finite number too large for a double gives +-inf, or,
/// when `overflow_exception` is given, -1.0 with that exception ("value too
/// large to convert to float: 's'"). Rounding to zero is not an error.
///
/// # Safety
/// `s` must be a NUL-terminated string; `endptr` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyOS_string_to_double(
    s: *const c_char,
    endptr: *mut *mut c_char,
    overflow_exception: *mut PyObject,
) -> c_double {
    if s.is_null() {
        errors::PyErr_BadInternalCall();
        return -1.0;
    }
    // SAFETY: NUL-terminated per the contract.
    let bytes = unsafe { CStr::from_ptr(s) }.to_bytes();
    let (x, used, overflowed) = ascii_strtod(bytes);
    let mut result = -1.0;
    if used == 0 || (endptr.is_null() && used != bytes.len()) {
        errors::raise(
            Exc::ValueError,
            format!("could not convert string to float: '{}'", quoted_200(bytes)),
        );
    } else if overflowed && !overflow_exception.is_null() {
        let message = unicode_from_str(&format!(
            "value too large to convert to float: '{}'",
            quoted_200(bytes)
        ));
        // SAFETY: a live exception type per the contract; `message` is a
        // new reference or NULL (then the type stands alone).
        unsafe {
            errors::PyErr_SetObject(overflow_exception, message);
            crate::objects::object::Py_DecRef(message);
        }
    } else {
        result = x;
    }
    if !endptr.is_null() {
        // SAFETY: writable per the contract; `used` is within `s`.
        unsafe { *endptr = s.add(used).cast_mut() };
    }
    result
}

// ===========================================================================
//                              Double to text
// ===========================================================================

/// The digits of the finite `|v|` rounded, half to even, to `ndigits`
/// significant digits (dtoa mode 2; `ndigits` >= 1) or to `ndigits` digits
/// after the point (mode 3, any sign), with dtoa's conventions: no trailing
/// zeros; zero is ("0", 1); a nonzero value that rounds to nothing is
/// ("", -ndigits).
pub(crate) fn rounded_digits(v: f64, mode: c_int, ndigits: i32) -> (String, i32) {
    if v == 0.0 {
        return ("0".into(), 1);
    }
    // The exact decimal expansion: a double has at most 1074 fraction digits.
    let exact = format!("{:.1074}", v.abs());
    let (int, frac) = exact.split_once('.').expect("a fraction was asked for");
    let all: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    let first = all.iter().position(|&c| c != b'0').expect("v is nonzero");
    let significant = &all[first..];
    // The point sits after int.len() digits of `all`.
    let decpt = int.len() as i32 - first as i32;
    let keep = if mode == 2 { ndigits } else { decpt + ndigits };
    if keep <= 0 {
        // Everything rounds off: to 1 in the first kept place only when
        // more than half of it remains (exactly half goes to even, 0).
        let more_than_half = keep == 0
            && (significant[0] > b'5'
                || (significant[0] == b'5' && significant[1..].iter().any(|&c| c != b'0')));
        return if more_than_half {
            ("1".into(), decpt + 1)
        } else {
            (String::new(), -ndigits)
        };
    }
    // The expansion is exact, so asking for more digits than it has rounds
    // nothing.
    let keep = (keep as usize).min(significant.len());
    let mut digits: Vec<u8> = significant[..keep].to_vec();
    let mut decpt = decpt;
    if significant.len() > keep {
        let rest = &significant[keep..];
        let round_up = rest[0] > b'5'
            || (rest[0] == b'5'
                && (rest[1..].iter().any(|&c| c != b'0') || (digits[keep - 1] - b'0') % 2 == 1));
        if round_up {
            let mut i = keep;
            loop {
                if i == 0 {
                    // 99.9 -> 100: one more digit before the point.
                    digits.insert(0, b'1');
                    digits.pop();
                    decpt += 1;
                    break;
                }
                i -= 1;
                if digits[i] == b'9' {
                    digits[i] = b'0';
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
    }
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (String::from_utf8(digits).expect("ASCII digits"), decpt)
}

/// `format_float_short`: lays out `digits` (with the point after `decpt`
/// of them) per `code` ('e', 'f', 'g' or 'r', lower case), as CPython does.
/// None when the text cannot be allocated (a huge precision).
fn layout(
    negative: bool,
    digits: &str,
    decpt: i32,
    code: u8,
    precision: i32,
    flags: c_int,
    upper: bool,
) -> Option<String> {
    let add_dot_0 = flags & Py_DTSF_ADD_DOT_0 != 0;
    let alt = flags & Py_DTSF_ALT != 0;
    let digits_len = digits.len() as i64;
    let mut decpt = i64::from(decpt);
    let mut vdigits_end = digits_len;
    let mut use_exp = false;
    match code {
        b'e' => {
            use_exp = true;
            vdigits_end = i64::from(precision);
        }
        b'f' => vdigits_end = decpt + i64::from(precision),
        b'g' => {
            let limit = i64::from(if add_dot_0 { precision - 1 } else { precision });
            use_exp = decpt <= -4 || decpt > limit;
            if alt {
                vdigits_end = i64::from(precision);
            }
        }
        _ => use_exp = decpt <= -4 || decpt > 16, // 'r'
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && add_dot_0 {
        vdigits_end.max(decpt + 1)
    } else {
        vdigits_end.max(decpt)
    };
    // CPython's bound on the length: sign, point, NUL, the digits and
    // padding, an exponent.
    let bound = 3 + (vdigits_end - vdigits_start) + if use_exp { 5 } else { 0 };
    let mut out = String::new();
    out.try_reserve(usize::try_from(bound).ok()?).ok()?;
    let zeros = |out: &mut String, n: i64| (0..n.max(0)).for_each(|_| out.push('0'));
    if negative {
        out.push('-');
    } else if flags & Py_DTSF_SIGN != 0 {
        out.push('+');
    }
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        out += &digits[..decpt as usize];
        out.push('.');
        out += &digits[decpt as usize..];
    } else {
        out += digits;
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out += &format!("{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    Some(out)
}

/// Why `PyOS_double_to_string` failed.
#[derive(Debug, PartialEq)]
pub(crate) enum DoubleToStringError {
    /// Another format code, or a nonzero precision with 'r'
    /// (`PyErr_BadInternalCall`).
    BadCall,
    /// The text could not be allocated (`MemoryError`).
    NoMemory,
}

/// The text `PyOS_double_to_string` returns, and its `Py_DTST_*` kind.
pub(crate) fn double_to_string(
    val: f64,
    format_code: u8,
    precision: i32,
    flags: c_int,
) -> Result<(String, c_int), DoubleToStringError> {
    let upper = format_code.is_ascii_uppercase() && format_code != b'R';
    let code = format_code.to_ascii_lowercase();
    let (mode, precision) = match format_code {
        b'e' | b'E' => (2, precision.saturating_add(1)),
        b'f' | b'F' => (3, precision),
        b'g' | b'G' => (2, if precision == 0 { 1 } else { precision }),
        b'r' if precision == 0 => (0, 0),
        _ => return Err(DoubleToStringError::BadCall),
    };
    let sign_flag = flags & Py_DTSF_SIGN != 0;
    if val.is_nan() || val.is_infinite() {
        // A NaN's sign is not shown.
        let negative = val.is_infinite() && val < 0.0;
        let word = match (val.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        };
        let sign = if negative {
            "-"
        } else if sign_flag {
            "+"
        } else {
            ""
        };
        let kind = if val.is_nan() {
            Py_DTST_NAN
        } else {
            Py_DTST_INFINITE
        };
        return Ok((format!("{sign}{word}"), kind));
    }
    let (digits, decpt) = if mode == 0 {
        shortest_digits(val)
    } else {
        rounded_digits(
            val,
            mode,
            if mode == 2 {
                precision.max(1)
            } else {
                precision
            },
        )
    };
    let mut negative = val.is_sign_negative();
    if flags & Py_DTSF_NO_NEG_0 != 0 && negative && (digits.is_empty() || digits == "0") {
        negative = false;
    }
    let text = layout(negative, &digits, decpt, code, precision, flags, upper)
        .ok_or(DoubleToStringError::NoMemory)?;
    Ok((text, Py_DTST_FINITE))
}

/// `PyOS_double_to_string(val, format_code, precision, flags, type)`: `val`
/// as text, like `'%.*e'`, `'%.*f'`, `'%.*g'` (upper case for 'E', 'F',
/// 'G') or `repr()` ('r', precision 0), in the C locale, shaped by the
/// `Py_DTSF_*` flags; `*type` (if `type` is not NULL) gets the
/// `Py_DTST_*` kind. The result is a NUL-terminated string from
/// `PyMem_Malloc` that the caller frees with `PyMem_Free`; NULL with
/// `SystemError` for another format code or a nonzero precision with 'r',
/// or with `MemoryError`.
///
/// # Safety
/// `type_` must be NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyOS_double_to_string(
    val: c_double,
    format_code: c_char,
    precision: c_int,
    flags: c_int,
    type_: *mut c_int,
) -> *mut c_char {
    let (text, kind) = match double_to_string(val, format_code as u8, precision, flags) {
        Ok(done) => done,
        Err(DoubleToStringError::BadCall) => {
            errors::PyErr_BadInternalCall();
            return ptr::null_mut();
        }
        Err(DoubleToStringError::NoMemory) => {
            errors::PyErr_NoMemory();
            return ptr::null_mut();
        }
    };
    let buf = PyMem_Malloc(text.len() + 1).cast::<c_char>();
    if buf.is_null() {
        errors::PyErr_NoMemory();
        return ptr::null_mut();
    }
    // SAFETY: `buf` holds text.len() + 1 bytes; `type_` per the contract.
    unsafe {
        ptr::copy_nonoverlapping(text.as_ptr().cast::<c_char>(), buf, text.len());
        *buf.add(text.len()) = 0;
        if !type_.is_null() {
            *type_ = kind;
        }
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: f64, code: u8, precision: i32, flags: c_int) -> String {
        double_to_string(v, code, precision, flags).unwrap().0
    }

    #[test]
    fn like_printf_and_repr() {
        assert_eq!(fmt(1.5, b'e', 3, 0), "1.500e+00");
        assert_eq!(fmt(0.000123456, b'E', 2, 0), "1.23E-04");
        assert_eq!(fmt(2.5, b'f', 0, 0), "2");
        assert_eq!(fmt(3.5, b'f', 0, 0), "4");
        assert_eq!(fmt(0.125, b'f', 2, 0), "0.12");
        assert_eq!(fmt(-0.0004, b'f', 2, 0), "-0.00");
        assert_eq!(fmt(-0.0004, b'f', 2, Py_DTSF_NO_NEG_0), "0.00");
        assert_eq!(fmt(1234.0, b'f', -2, 0), "1200");
        assert_eq!(fmt(99.96, b'f', 1, 0), "100.0");
        assert_eq!(fmt(100000.0, b'g', 6, 0), "100000");
        assert_eq!(fmt(1000000.0, b'g', 6, 0), "1e+06");
        assert_eq!(fmt(1.0, b'g', 6, Py_DTSF_ALT), "1.00000");
        assert_eq!(fmt(1.0, b'r', 0, Py_DTSF_ADD_DOT_0), "1.0");
        assert_eq!(fmt(1e16, b'r', 0, Py_DTSF_ADD_DOT_0), "1e+16");
        assert_eq!(fmt(f64::NEG_INFINITY, b'F', 2, 0), "-INF");
        assert_eq!(fmt(-f64::NAN, b'g', 2, Py_DTSF_SIGN), "+nan");
        assert_eq!(
            double_to_string(1.0, b'r', 1, 0),
            Err(DoubleToStringError::BadCall)
        );
        assert_eq!(
            double_to_string(1.0, b'x', 1, 0),
            Err(DoubleToStringError::BadCall)
        );
    }

    #[test]
    fn prefixes() {
        assert_eq!(decimal_prefix(b"1.5e3x"), 5);
        assert_eq!(decimal_prefix(b"1e"), 1);
        assert_eq!(decimal_prefix(b"-.5"), 3);
        assert_eq!(decimal_prefix(b"."), 0);
        assert_eq!(decimal_prefix(b" 1"), 0);
        assert_eq!(inf_or_nan_prefix(b"-Infinity!").map(|p| p.1), Some(9));
        assert_eq!(inf_or_nan_prefix(b"infinit").map(|p| p.1), Some(3));
    }
}
