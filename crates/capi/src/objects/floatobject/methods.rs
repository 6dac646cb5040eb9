//! The Python-level methods of `float` (CPython's `float_methods`):
//! `is_integer`, `hex`, `fromhex` (a classmethod), `as_integer_ratio`,
//! `conjugate`, `__trunc__`, `__floor__`, `__ceil__`, `__round__` and
//! `__format__`.

use std::ptr;

use super::{PyFloat_FromDouble, PyFloat_Type, float_repr, float_value};
use crate::ffi::*;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::object::Py_DecRef;
use crate::objects::unicodeobject::{PyUnicode_AsUTF8AndSize, unicode_from_str};
use crate::python::clinic::{METHOD_END, getter, method};
use crate::python::errors;

/// `float.is_integer()`: finite with no fractional part.
unsafe extern "C" fn float_is_integer(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    let x = unsafe { float_value(op) }.unwrap_or(f64::NAN);
    bool_from_bool(x.is_finite() && x.floor() == x)
}

/// CPython's `float_hex`: `[-]0x<d>.<13 hex digits>p<sign><exp>`, the
/// leading digit 1 for normal numbers and 0 for subnormals (exponent
/// -1022); `inf`, `-inf`, `nan` and `0x0.0p+0` as CPython writes them.
fn hex_of(x: f64) -> String {
    if x.is_nan() || x.is_infinite() {
        return float_repr(x);
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (lead, exp) = if biased == 0 {
        (0, -1022)
    } else {
        (1, biased - 1023)
    };
    let esign = if exp < 0 { '-' } else { '+' };
    format!("{sign}0x{lead}.{fraction:013x}p{esign}{}", exp.abs())
}

/// `float.hex()`.
unsafe extern "C" fn float_hex(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    let x = unsafe { float_value(op) }.unwrap_or(f64::NAN);
    unicode_from_str(&hex_of(x))
}

/// Why a hexadecimal string is refused.
#[derive(Debug, PartialEq)]
enum HexError {
    /// `ValueError("invalid hexadecimal floating-point string")`.
    Invalid,
    /// `ValueError("hexadecimal string too long to convert")`.
    TooLong,
    /// `OverflowError("hexadecimal value too large to represent as a
    /// float")`.
    Overflow,
}

/// `x * 2**e` for an `x` whose scaled value is exactly representable (or
/// rounds to zero), in steps that stay exact.
fn scale(mut x: f64, mut e: i64) -> f64 {
    let pow2 = |k: i64| f64::from_bits(((k + 1023) as u64) << 52);
    while e > 1000 {
        x *= pow2(1000);
        e -= 1000;
    }
    while e < -1000 {
        x *= pow2(-1000);
        e += 1000;
    }
    x * pow2(e)
}

/// `Py_ISSPACE`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// CPython's `float_fromhex` on the UTF-8 text `text`: optional
/// whitespace, `inf`/`infinity`/`nan` or `[sign][0x]<hex>[.<hex>][p<exp>]`,
/// whitespace; rounded half to even.
fn parse_hex(text: &[u8]) -> Result<f64, HexError> {
    // A NUL ends the text as it ends CPython's C string.
    let at = |i: usize| text.get(i).copied().unwrap_or(0);
    let hex = |b: u8| (b as char).to_digit(16);
    let mut s = 0;
    while is_space(at(s)) {
        s += 1;
    }
    let finish = |mut s: usize, x: f64| -> Result<f64, HexError> {
        while is_space(at(s)) {
            s += 1;
        }
        if s != text.len() {
            return Err(HexError::Invalid);
        }
        Ok(x)
    };
    // Infinities and NaNs (CPython's `_Py_parse_inf_or_nan`).
    {
        let mut p = s;
        let mut neg = false;
        if at(p) == b'-' {
            neg = true;
            p += 1;
        } else if at(p) == b'+' {
            p += 1;
        }
        let word = |p: usize, w: &str| {
            w.bytes()
                .enumerate()
                .all(|(i, c)| at(p + i).eq_ignore_ascii_case(&c))
        };
        if word(p, "inf") {
            p += 3;
            if word(p, "inity") {
                p += 5;
            }
            return finish(
                p,
                if neg {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                },
            );
        }
        if word(p, "nan") {
            return finish(p + 3, if neg { -f64::NAN } else { f64::NAN });
        }
    }
    let mut negate = false;
    if at(s) == b'-' {
        negate = true;
        s += 1;
    } else if at(s) == b'+' {
        s += 1;
    }
    if at(s) == b'0' && matches!(at(s + 1), b'x' | b'X') {
        s += 2;
    }
    // The coefficient's digits, most significant first, and how many
    // follow the point.
    let mut digits: Vec<u32> = Vec::new();
    while let Some(d) = hex(at(s)) {
        digits.push(d);
        s += 1;
    }
    let mut fdigits: i64 = 0;
    if at(s) == b'.' {
        s += 1;
        while let Some(d) = hex(at(s)) {
            digits.push(d);
            fdigits += 1;
            s += 1;
        }
    }
    if digits.is_empty() {
        return Err(HexError::Invalid);
    }
    // CPython's bound, the smaller of its two on LP64:
    // (DBL_MIN_EXP - DBL_MANT_DIG - LONG_MIN/2) / 4.
    if digits.len() as i64 > (-1021 - 53 - i64::MIN / 2) / 4 {
        return Err(HexError::TooLong);
    }
    let mut exp: i64 = 0;
    if matches!(at(s), b'p' | b'P') {
        s += 1;
        let mut neg = false;
        if at(s) == b'-' || at(s) == b'+' {
            neg = at(s) == b'-';
            s += 1;
        }
        if !at(s).is_ascii_digit() {
            return Err(HexError::Invalid);
        }
        // strtol saturates.
        while at(s).is_ascii_digit() {
            let d = (at(s) - b'0') as i64;
            exp = if neg {
                exp.saturating_mul(10).saturating_sub(d)
            } else {
                exp.saturating_mul(10).saturating_add(d)
            };
            s += 1;
        }
    }
    // Digit j from the least significant end (CPython's HEX_DIGIT).
    let mut ndigits = digits.len();
    let digit = |j: usize| digits[digits.len() - 1 - j];
    while ndigits > 0 && digit(ndigits - 1) == 0 {
        ndigits -= 1;
    }
    // Leading zeros are gone: keep only the significant digits' view.
    let lead_zeros = digits.len() - ndigits;
    let digit = |j: usize| digits[lead_zeros + (ndigits - 1 - j)];
    let sign = |x: f64| if negate { -x } else { x };
    if ndigits == 0 || exp < i64::MIN / 2 {
        return finish(s, sign(0.0));
    }
    if exp > i64::MAX / 2 {
        return Err(HexError::Overflow);
    }
    let exp = exp - 4 * fdigits;
    let mut top_exp = exp + 4 * (ndigits as i64 - 1);
    let mut d = digit(ndigits - 1);
    while d != 0 {
        top_exp += 1;
        d /= 2;
    }
    if top_exp < -1021 - 53 {
        return finish(s, sign(0.0));
    }
    if top_exp > 1024 {
        return Err(HexError::Overflow);
    }
    let lsb = top_exp.max(-1021) - 53;
    let mut x = 0.0f64;
    if exp >= lsb {
        for i in (0..ndigits).rev() {
            x = 16.0 * x + digit(i) as f64;
        }
        return finish(s, sign(scale(x, exp)));
    }
    let half_eps: u32 = 1 << ((lsb - exp - 1) % 4);
    let key_digit = ((lsb - exp - 1) / 4) as usize;
    for i in (key_digit + 1..ndigits).rev() {
        x = 16.0 * x + digit(i) as f64;
    }
    let kd = digit(key_digit);
    x = 16.0 * x + (kd & (16 - 2 * half_eps)) as f64;
    if kd & half_eps != 0 {
        let round_up = (kd & (3 * half_eps - 1)) != 0
            || (half_eps == 8 && key_digit + 1 < ndigits && digit(key_digit + 1) & 1 != 0)
            || (0..key_digit).any(|i| digit(i) != 0);
        if round_up {
            x += (2 * half_eps) as f64;
            if top_exp == 1024 && x == scale((2 * half_eps) as f64, 53) {
                return Err(HexError::Overflow);
            }
        }
    }
    finish(s, sign(scale(x, exp + 4 * key_digit as i64)))
}

/// `float.fromhex(string, /)`: a classmethod; for a subclass,
/// `cls(value)`.
unsafe extern "C" fn float_fromhex(cls: *mut PyObject, string: *mut PyObject) -> *mut PyObject {
    let mut len: Py_ssize_t = 0;
    // SAFETY: a live argument; its UTF-8 form (the str's own, readable
    // for `len` bytes) is copied through the raw pointer.
    let text = unsafe {
        let p = PyUnicode_AsUTF8AndSize(string, &mut len);
        if p.is_null() {
            return ptr::null_mut();
        }
        let mut text = vec![0u8; len as usize];
        ptr::copy_nonoverlapping(p as *const u8, text.as_mut_ptr(), text.len());
        text
    };
    let x = match parse_hex(&text) {
        Ok(x) => x,
        Err(HexError::Invalid) => {
            return errors::fail_null(Exc::ValueError, "invalid hexadecimal floating-point string");
        }
        Err(HexError::TooLong) => {
            return errors::fail_null(Exc::ValueError, "hexadecimal string too long to convert");
        }
        Err(HexError::Overflow) => {
            return errors::fail_null(
                Exc::OverflowError,
                "hexadecimal value too large to represent as a float",
            );
        }
    };
    let v = PyFloat_FromDouble(x);
    if v.is_null() || cls == PyFloat_Type.get().cast() {
        return v;
    }
    // SAFETY: a live class and our new float.
    unsafe {
        let r = crate::objects::call::PyObject_CallOneArg(cls, v);
        Py_DecRef(v);
        r
    }
}

/// `float.conjugate()`: `self` as an exact float.
unsafe extern "C" fn float_conjugate(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    unsafe {
        if crate::objects::object::type_of(op) == PyFloat_Type.get() {
            crate::objects::object::Py_IncRef(op);
            return op;
        }
        PyFloat_FromDouble(float_value(op).unwrap_or(f64::NAN))
    }
}

/// `float.__trunc__()`: the integer part, as an int.
unsafe extern "C" fn float_trunc(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    let x = unsafe { float_value(op) }.unwrap_or(f64::NAN);
    crate::objects::longobject::PyLong_FromDouble(x)
}

/// `float.__floor__()`: the largest integer not above the value, as an
/// int; `OverflowError` for an infinity, `ValueError` for a NaN (as
/// `int()`).
unsafe extern "C" fn float_floor(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    let x = unsafe { float_value(op) }.unwrap_or(f64::NAN);
    crate::objects::longobject::PyLong_FromDouble(x.floor())
}

/// `float.__ceil__()`: the smallest integer not below the value, as an
/// int; errors as [`float_floor`].
unsafe extern "C" fn float_ceil(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    let x = unsafe { float_value(op) }.unwrap_or(f64::NAN);
    crate::objects::longobject::PyLong_FromDouble(x.ceil())
}

/// `float.as_integer_ratio()`: the exact value as a fraction in lowest
/// terms with a positive denominator; `OverflowError("cannot convert
/// Infinity to integer ratio")` or `ValueError("cannot convert NaN to
/// integer ratio")`.
unsafe extern "C" fn float_as_integer_ratio(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    use num_bigint::BigInt;
    // SAFETY: a live float.
    let x = unsafe { float_value(op) }.unwrap_or(f64::NAN);
    if x.is_infinite() {
        return errors::fail_null(
            Exc::OverflowError,
            "cannot convert Infinity to integer ratio",
        );
    }
    if x.is_nan() {
        return errors::fail_null(Exc::ValueError, "cannot convert NaN to integer ratio");
    }
    // x = mantissa * 2**exp exactly, the mantissa odd (or zero).
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1u64 << 52) - 1);
    let (mut mantissa, mut exp) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    };
    if mantissa == 0 {
        exp = 0;
    } else {
        let tz = mantissa.trailing_zeros();
        mantissa >>= tz;
        exp += tz as i64;
    }
    let mut num = BigInt::from(mantissa);
    if x.is_sign_negative() {
        num = -num;
    }
    let mut den = BigInt::from(1u8);
    if exp > 0 {
        num <<= exp as usize;
    } else {
        den <<= (-exp) as usize;
    }
    let n = crate::objects::longobject::long_from_bigint(&num);
    let d = crate::objects::longobject::long_from_bigint(&den);
    if n.is_null() || d.is_null() {
        // SAFETY: our references (or NULL).
        unsafe {
            Py_DecRef(n);
            Py_DecRef(d);
        }
        return ptr::null_mut();
    }
    // SAFETY: live ints; the tuple takes its own references.
    unsafe {
        let t = crate::objects::tupleobject::tuple_from_slice(&[n, d]);
        Py_DecRef(n);
        Py_DecRef(d);
        t
    }
}

/// CPython's `double_round`: `x` rounded to `ndigits` decimal places,
/// correctly: the decimal digits of the exact value rounded half to even
/// (dtoa mode 3), read back as a double. `OverflowError("rounded value too
/// large to represent")` when that is infinite.
fn double_round(x: f64, ndigits: i32) -> *mut PyObject {
    let (digits, decpt) = crate::python::pystrtod::rounded_digits(x, 3, ndigits);
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let text = format!("{sign}0{digits}e{}", decpt - digits.len() as i32);
    let rounded: f64 = text.parse().unwrap_or(f64::NAN);
    if rounded.is_infinite() {
        return errors::fail_null(Exc::OverflowError, "rounded value too large to represent");
    }
    PyFloat_FromDouble(rounded)
}

/// `float.__round__(ndigits=None, /)`: the nearest int (ties to even)
/// without `ndigits`, else a float rounded to that many decimal places.
unsafe extern "C" fn float_round(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live float.
    unsafe {
        let Ok(ndigits) = crate::python::clinic::round_ndigits(args, nargs) else {
            return ptr::null_mut();
        };
        let x = float_value(op).unwrap_or(f64::NAN);
        let Some(ndigits) = ndigits else {
            let mut rounded = x.round();
            if (x - rounded).abs() == 0.5 {
                // Halfway: to the even neighbour.
                rounded = 2.0 * (x / 2.0).round();
            }
            return crate::objects::longobject::PyLong_FromDouble(rounded);
        };
        let n = crate::objects::r#abstract::PyNumber_AsSsize_t(ndigits, ptr::null_mut());
        if n == -1 && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        if !x.is_finite() {
            return PyFloat_FromDouble(x);
        }
        // Beyond these, every double rounds to itself / to a signed zero:
        // CPython's NDIGITS_MAX = (int)((DBL_MANT_DIG - DBL_MIN_EXP) *
        // 0.30103) and NDIGITS_MIN = -(int)((DBL_MAX_EXP + 1) * 0.30103).
        const NDIGITS_MAX: Py_ssize_t = 323;
        const NDIGITS_MIN: Py_ssize_t = -308;
        if n > NDIGITS_MAX {
            PyFloat_FromDouble(x)
        } else if n < NDIGITS_MIN {
            PyFloat_FromDouble(0.0 * x)
        } else {
            double_round(x, n as i32)
        }
    }
}

/// `float.__getnewargs__()`: `(value,)`, a new exact `float`.
unsafe extern "C" fn float_getnewargs(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float (the method's self).
    match unsafe { super::float_value(op) } {
        // SAFETY: a new reference moves into the tuple.
        Some(v) => unsafe {
            crate::objects::tupleobject::getnewargs_of(super::PyFloat_FromDouble(v))
        },
        None => errors::fail_null(Exc::SystemError, "bad argument to internal function"),
    }
}

pub(super) static FLOAT_METHODS: StaticObject<[PyMethodDef; 12]> = StaticObject::new([
    method(c"conjugate", float_conjugate, METH_NOARGS),
    method(c"__getnewargs__", float_getnewargs, METH_NOARGS),
    method(c"__trunc__", float_trunc, METH_NOARGS),
    method(c"__floor__", float_floor, METH_NOARGS),
    method(c"__ceil__", float_ceil, METH_NOARGS),
    method(c"as_integer_ratio", float_as_integer_ratio, METH_NOARGS),
    method(c"hex", float_hex, METH_NOARGS),
    method(c"is_integer", float_is_integer, METH_NOARGS),
    method(c"fromhex", float_fromhex, METH_O | METH_CLASS),
    crate::python::clinic::fastcall(c"__round__", float_round),
    method(
        c"__format__",
        crate::python::formatter_unicode::float_format_method,
        METH_O,
    ),
    METHOD_END,
]);

// ==========================================================================
// Attributes
// ==========================================================================

/// `float.real`: the value as an exact float (the float itself when
/// exact).
unsafe extern "C" fn float_real(op: *mut PyObject, _: *mut std::ffi::c_void) -> *mut PyObject {
    // SAFETY: a live float.
    unsafe { super::float_float(op) }
}

/// `float.imag`: 0.0.
unsafe extern "C" fn float_imag(_: *mut PyObject, _: *mut std::ffi::c_void) -> *mut PyObject {
    PyFloat_FromDouble(0.0)
}

pub(super) static FLOAT_GETSET: StaticObject<[PyGetSetDef; 3]> = StaticObject::new([
    getter(c"real", float_real),
    getter(c"imag", float_imag),
    PyGetSetDef::zeroed(),
]);

#[cfg(test)]
mod tests {
    use super::hex_of;

    #[test]
    fn hex_matches_cpython_forms() {
        assert_eq!(hex_of(1.0), "0x1.0000000000000p+0");
        assert_eq!(hex_of(-0.1), "-0x1.999999999999ap-4");
        assert_eq!(hex_of(5e-324), "0x0.0000000000001p-1022");
        assert_eq!(hex_of(-0.0), "-0x0.0p+0");
    }

    #[test]
    fn fromhex_round_trips_and_rounds_half_even() {
        use super::parse_hex;
        for x in [1.0, -0.1, 5e-324, 1e300, f64::MAX, 2.2250738585072014e-308] {
            assert_eq!(parse_hex(super::hex_of(x).as_bytes()), Ok(x));
        }
        assert_eq!(parse_hex(b"0x1.00000000000008p0"), Ok(1.0));
        assert_eq!(parse_hex(b"0x1.00000000000018p0"), Ok(1.0000000000000004));
        assert!(parse_hex(b"0x1p1024").is_err());
    }
}
