//! `float` (CPython's `Objects/floatobject.c`), with CPython's layout
//! (`PyFloatObject`, `ob_fval`).

#![allow(non_upper_case_globals)]

use std::ffi::c_double;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::longobject::long_value;
use crate::objects::object::type_name_of;
use crate::objects::object::{alloc, free_dealloc, type_of};
use crate::objects::typeobject::static_type;
use crate::python::errors;

/// `PyFloat_Type`: `float`.
#[unsafe(no_mangle)]
pub static PyFloat_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"float",
        std::mem::size_of::<PyFloatObject>(),
        Py_TPFLAGS_BASETYPE,
        free_dealloc,
    );
    ty.tp_hash = Some(float_hash);
    ty.tp_richcompare = Some(float_richcompare);
    ty
});

/// `hash(float)`: equal to the hash of an equal int (`hash(2.0) ==
/// hash(2)`); a NaN hashes by address.
unsafe extern "C" fn float_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live float.
    let v = unsafe { (*(op as *mut PyFloatObject)).ob_fval };
    crate::python::pyhash::hash_double(op as *const std::ffi::c_void, v)
}

/// How `x` compares with the integer `n`, exactly (no rounding of `n`);
/// None when `x` is a NaN.
pub(crate) fn compare_float_int(x: f64, n: i128) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    let whole = x.trunc();
    // 2**127 and beyond cannot be an i128: the sign decides.
    if whole >= 170141183460469231731687303715884105728.0 {
        return Some(Ordering::Greater);
    }
    if whole < -170141183460469231731687303715884105728.0 {
        return Some(Ordering::Less);
    }
    let ord = (whole as i128).cmp(&n);
    if ord != Ordering::Equal {
        return Some(ord);
    }
    let frac = x - whole;
    Some(if frac > 0.0 {
        Ordering::Greater
    } else if frac < 0.0 {
        Ordering::Less
    } else {
        Ordering::Equal
    })
}

/// `tp_richcompare` of `float`: against a float or an int (exactly, as
/// CPython compares them); `NotImplemented` for anything else. NaN is
/// unequal to everything.
unsafe extern "C" fn float_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: std::ffi::c_int,
) -> *mut PyObject {
    use crate::objects::unicodeobject::compare_op;
    // SAFETY: live objects (the slot's contract).
    let Some(x) = (unsafe { float_value(v) }) else {
        return crate::objects::object::not_implemented();
    };
    // SAFETY: as above.
    let ord = if let Some(y) = unsafe { float_value(w) } {
        x.partial_cmp(&y)
    // SAFETY: as above.
    } else if let Some(n) = unsafe { long_value(w) } {
        compare_float_int(x, n)
    } else {
        return crate::objects::object::not_implemented();
    };
    let r = match ord {
        Some(o) => compare_op(o, op),
        None => op == Py_NE,
    };
    crate::objects::boolobject::bool_from_bool(r)
}

/// A new `float`; NULL with `MemoryError` when allocation fails.
pub fn float_from_f64(value: f64) -> *mut PyObject {
    let op = alloc(PyFloat_Type.get(), std::mem::size_of::<PyFloatObject>());
    if !op.is_null() {
        // SAFETY: a fresh PyFloatObject-sized allocation.
        unsafe { (*(op as *mut PyFloatObject)).ob_fval = value };
    }
    op
}

/// The value of a `float`, or None for anything else (and NULL).
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn float_value(op: *mut PyObject) -> Option<f64> {
    // SAFETY: live per the contract; the payload is read only from floats.
    if op.is_null() || unsafe { type_of(op) } != PyFloat_Type.get() {
        return None;
    }
    // SAFETY: `op` is a PyFloatObject (checked above).
    Some(unsafe { (*(op as *mut PyFloatObject)).ob_fval })
}

/// `PyFloat_FromDouble(v)`: a new `float`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyFloat_FromDouble(v: c_double) -> *mut PyObject {
    float_from_f64(v)
}

/// `PyFloat_AsDouble(obj)`: the value of a `float`, or of an `int`/`bool`
/// converted as `float(x)` does.
///
/// Fails (-1.0) with `TypeError("must be real number, not str")` (naming
/// the type) for other objects and `TypeError("bad argument type for
/// built-in operation")` for NULL, as CPython does.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_AsDouble(obj: *mut PyObject) -> c_double {
    if obj.is_null() {
        errors::bad_argument();
        return -1.0;
    }
    // SAFETY: live per the contract; the accessor checks the type.
    if let Some(v) = unsafe { float_value(obj) } {
        return v;
    }
    // SAFETY: as above.
    if let Some(v) = unsafe { long_value(obj) } {
        return v as f64;
    }
    // SAFETY: live per the contract.
    let name = unsafe { type_name_of(obj) };
    errors::raise(Exc::TypeError, format!("must be real number, not {name}"));
    -1.0
}

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed
/// notation when the decimal exponent is in `-4..16`, else scientific with a
/// signed two-digit exponent (`1e+16`, `1.5e-05`).
pub fn float_repr(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    // `{:e}` gives the shortest round-trip digits: "-1.2345e-5".
    let sci = format!("{:e}", v.abs());
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("LowerExp always has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let decpt = exp + 1;
    let n = digits.len() as i32;
    if (-3..=16).contains(&decpt) {
        let body = if decpt <= 0 {
            format!("0.{}{digits}", "0".repeat((-decpt) as usize))
        } else if decpt >= n {
            format!("{digits}{}.0", "0".repeat((decpt - n) as usize))
        } else {
            let (int, frac) = digits.split_at(decpt as usize);
            format!("{int}.{frac}")
        };
        format!("{sign}{body}")
    } else {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{first}{frac}e{esign}{:02}", exp.abs())
    }
}
