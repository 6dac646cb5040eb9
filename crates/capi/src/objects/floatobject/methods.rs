//! The Python-level methods of `float` (CPython's `float_methods`):
//! `is_integer` and `hex`.

use super::{float_repr, float_value};
use crate::ffi::*;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::clinic::{METHOD_END, method};

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

pub(super) static FLOAT_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    method(c"hex", float_hex, METH_NOARGS),
    method(c"is_integer", float_is_integer, METH_NOARGS),
    METHOD_END,
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
}
