//! `float` (CPython's `Objects/floatobject.c`), with CPython's layout
//! (`PyFloatObject`, `ob_fval`, read by `PyFloat_AS_DOUBLE`).
//!
//! Arithmetic mixes with `int` as CPython's does: an `int` operand is
//! converted with correct rounding (`OverflowError("int too large to
//! convert to float")` when it cannot be), comparisons between the two are
//! exact, and equal values hash alike. The one result pybuffer cannot give
//! is a `complex` (a negative base raised to a fractional power): it
//! raises `NotImplementedError` instead.

#![allow(non_upper_case_globals)]

use std::ffi::{c_char, c_double, c_int};
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{is_int, type_name_200};
use crate::objects::exceptions::Exc;
use crate::objects::longobject::{Int, PyLong_FromDouble, double_to_int, int_of, int_to_f64};
use crate::objects::object::{
    Py_DecRef, Py_IncRef, alloc, free_dealloc, not_implemented, py_none, type_of,
};
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::{compare_op, unicode_from_str};
use crate::python::errors;

mod methods;

// ==========================================================================
// The type
// ==========================================================================

static FLOAT_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(float_add),
    nb_subtract: Some(float_sub),
    nb_multiply: Some(float_mul),
    nb_remainder: Some(float_rem),
    nb_divmod: Some(float_divmod),
    nb_power: Some(float_pow),
    nb_negative: Some(float_neg),
    nb_positive: Some(float_float),
    nb_absolute: Some(float_abs),
    nb_bool: Some(float_bool),
    nb_int: Some(float_trunc),
    nb_float: Some(float_float),
    nb_floor_divide: Some(float_floor_div),
    nb_true_divide: Some(float_div),
    ..PyNumberMethods::empty()
};

/// `PyFloat_Type`: `float`.
#[unsafe(no_mangle)]
pub static PyFloat_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"float",
        std::mem::size_of::<PyFloatObject>(),
        Py_TPFLAGS_BASETYPE,
        free_dealloc,
    );
    ty.tp_repr = Some(float_repr_slot);
    ty.tp_hash = Some(float_hash);
    ty.tp_richcompare = Some(float_richcompare);
    ty.tp_as_number = &raw const FLOAT_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_new = Some(float_new);
    ty.tp_methods = methods::FLOAT_METHODS.get().cast();
    ty.tp_getset = methods::FLOAT_GETSET.get().cast();
    ty
});

/// `float(x=0, /)` (`tp_new`): 0.0, the text of an exact `str` parsed as
/// `PyFloat_FromString` does, else `PyNumber_Float(x)`; for a subtype, an
/// instance holding that value.
///
/// Fails (NULL) with `TypeError("float() takes no keyword arguments")`
/// (for `float` and subtypes that keep its `__init__`), `TypeError("float
/// expected at most 1 argument, got N")`, or the conversion's error.
unsafe extern "C" fn float_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject;
    use crate::python::getargs::{_PyArg_CheckPositional, _PyArg_NoKeywords};
    let float_t = PyFloat_Type.get();
    // SAFETY: `float` or a subtype; `args` a tuple, `kwds` NULL or a dict.
    unsafe {
        let same_init = (*ty).tp_init.map(|f| f as usize) == (*float_t).tp_init.map(|f| f as usize);
        if (ty == float_t || same_init) && _PyArg_NoKeywords(c"float".as_ptr(), kwds) == 0 {
            return ptr::null_mut();
        }
        let n = tupleobject::size(args);
        if _PyArg_CheckPositional(c"float".as_ptr(), n, 0, 1) == 0 {
            return ptr::null_mut();
        }
        let value = if n == 0 {
            float_from_f64(0.0)
        } else {
            let x = tupleobject::get(args, 0);
            if type_of(x) == crate::objects::unicodeobject::PyUnicode_Type.get() {
                PyFloat_FromString(x)
            } else {
                crate::objects::r#abstract::PyNumber_Float(x)
            }
        };
        if ty == float_t || value.is_null() {
            return value;
        }
        let alloc = (*ty)
            .tp_alloc
            .unwrap_or(crate::objects::typeobject::PyType_GenericAlloc);
        let op = alloc(ty, 0);
        if !op.is_null() {
            (*(op as *mut PyFloatObject)).ob_fval = (*(value as *mut PyFloatObject)).ob_fval;
        }
        Py_DecRef(value);
        op
    }
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

/// The value of a `float` (or subclass), or None for anything else (and
/// NULL).
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn float_value(op: *mut PyObject) -> Option<f64> {
    // SAFETY: live per the contract; the payload is read only from floats.
    if op.is_null() || !unsafe { is_float(op) } {
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

/// `PyFloat_GetInfo()`: a new `sys.float_info` (the limits of `double`).
///
/// Fails (NULL) with `MemoryError`. The caller holds the GIL.
#[unsafe(no_mangle)]
pub extern "C" fn PyFloat_GetInfo() -> *mut PyObject {
    crate::python::sysmodule::float_info()
}

/// `PyFloat_GetMax()`: `DBL_MAX`.
#[unsafe(no_mangle)]
pub extern "C" fn PyFloat_GetMax() -> c_double {
    f64::MAX
}

/// `PyFloat_GetMin()`: `DBL_MIN` (the smallest normal double).
#[unsafe(no_mangle)]
pub extern "C" fn PyFloat_GetMin() -> c_double {
    f64::MIN_POSITIVE
}

/// True when `op` is a `float` or an instance of a subclass.
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_float(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe {
        let ty = type_of(op);
        ty == PyFloat_Type.get()
            || crate::objects::typeobject::PyType_IsSubtype(ty, PyFloat_Type.get()) != 0
    }
}

/// `PyFloat_AsDouble(obj)`: `float(obj)` as a `double`: a `float`'s value,
/// else the type's `__float__` (`nb_float`), else its `__index__`.
///
/// Fails (-1.0) with `TypeError("must be real number, not T")`,
/// `TypeError("T.__float__ returned non-float (type U)")`,
/// `OverflowError("int too large to convert to float")`, or
/// `TypeError("bad argument type for built-in operation")` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_AsDouble(obj: *mut PyObject) -> c_double {
    if obj.is_null() {
        errors::bad_argument();
        return -1.0;
    }
    // SAFETY: live per the contract; every slot is the type's own.
    unsafe {
        if is_float(obj) {
            return (*(obj as *mut PyFloatObject)).ob_fval;
        }
        let nb = crate::objects::r#abstract::number_methods(obj);
        let Some(nb_float) = nb.and_then(|m| m.nb_float) else {
            if nb.is_some_and(|m| m.nb_index.is_some()) {
                let i = crate::objects::r#abstract::number_index(obj);
                if i.is_null() {
                    return -1.0;
                }
                let v = crate::objects::longobject::PyLong_AsDouble(i);
                crate::objects::object::Py_DecRef(i);
                return v;
            }
            let name = crate::objects::r#abstract::type_name_n(obj, 50);
            errors::raise(Exc::TypeError, format!("must be real number, not {name}"));
            return -1.0;
        };
        let res = nb_float(obj);
        if res.is_null() {
            return -1.0;
        }
        if !is_float(res) {
            let msg = format!(
                "{}.__float__ returned non-float (type {})",
                crate::objects::r#abstract::type_name_n(obj, 50),
                crate::objects::r#abstract::type_name_n(res, 50)
            );
            crate::objects::object::Py_DecRef(res);
            errors::raise(Exc::TypeError, msg);
            return -1.0;
        }
        let v = (*(res as *mut PyFloatObject)).ob_fval;
        crate::objects::object::Py_DecRef(res);
        v
    }
}

/// How `x` compares with the integer `n`, exactly (no rounding of `n`);
/// None when `x` is a NaN.
pub(crate) fn compare_float_int(x: f64, n: &Int) -> Option<std::cmp::Ordering> {
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
    // An integral double is exactly an integer; compare that, then let
    // the fraction break a tie.
    let whole = x.trunc();
    let w = double_to_int(whole).expect("finite");
    let ord = match (&w, n) {
        (Int::Small(a), Int::Small(b)) => a.cmp(b),
        _ => w.to_big().cmp(&n.to_big()),
    };
    if ord != Ordering::Equal {
        return Some(ord);
    }
    let frac = x - whole;
    Some(frac.partial_cmp(&0.0).expect("finite"))
}

// ==========================================================================
// Parsing
// ==========================================================================

/// True when `s` (already stripped) is a Python float literal: an
/// optional sign, then `inf`, `infinity` or `nan` (any case), or digits
/// with an optional point and exponent (at least one digit before the
/// exponent).
fn is_float_literal(s: &[u8]) -> bool {
    let s = match s.first() {
        Some(b'+' | b'-') => &s[1..],
        _ => s,
    };
    let lower = s.to_ascii_lowercase();
    if lower == b"inf" || lower == b"infinity" || lower == b"nan" {
        return true;
    }
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < s.len() && s[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let mut mantissa = digits(&mut i);
    if i < s.len() && s[i] == b'.' {
        i += 1;
        mantissa += digits(&mut i);
    }
    if mantissa == 0 {
        return false;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        i += 1;
        if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == s.len()
}

/// CPython's `_Py_string_to_number_with_underscores` + `PyOS_string_to_double`
/// for `float()`: the value of `s`, or None when it is not a literal.
fn parse_float(s: &[u8]) -> Option<f64> {
    // Underscores only between digits; then dropped.
    let mut text = Vec::with_capacity(s.len());
    let cut = s.iter().position(|&c| c == 0).unwrap_or(s.len());
    if s[..cut].contains(&b'_') {
        let mut prev = 0u8;
        for &c in s {
            if c == b'_' {
                if !prev.is_ascii_digit() {
                    return None;
                }
            } else {
                if prev == b'_' && !c.is_ascii_digit() {
                    return None;
                }
                text.push(c);
            }
            prev = c;
        }
        if prev == b'_' {
            return None;
        }
    } else {
        text.extend_from_slice(s);
    }
    let is_space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let start = text.iter().position(|c| !is_space(c))?;
    let end = text
        .iter()
        .rposition(|c| !is_space(c))
        .expect("a non-space exists")
        + 1;
    let t = &text[start..end];
    if !is_float_literal(t) {
        return None;
    }
    let (negative, body) = match t[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let v = if lower.starts_with(b"inf") {
        f64::INFINITY
    } else if lower == b"nan" {
        f64::NAN
    } else {
        // Rust's parser rounds correctly, as CPython's dtoa does.
        std::str::from_utf8(body).ok()?.parse::<f64>().ok()?
    };
    Some(if negative { -v } else { v })
}

/// `PyFloat_FromString(v)`: `float(v)` for a `str` (Unicode digits and
/// spaces count as ASCII), a `bytes`/`bytearray` or any other buffer.
///
/// Fails (NULL) with `ValueError("could not convert string to float:
/// 'x'")` or `TypeError("float() argument must be a string or a real
/// number, not 'T'")`.
///
/// # Safety
/// `v` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_FromString(v: *mut PyObject) -> *mut PyObject {
    if v.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let text = unsafe {
        if crate::objects::r#abstract::has_flag(type_of(v), Py_TPFLAGS_UNICODE_SUBCLASS) {
            match crate::objects::unicodeobject::decimal_and_space_to_ascii(v) {
                Some(t) => t,
                None => return ptr::null_mut(),
            }
        } else if let Some((p, n)) = crate::objects::bytesobject::bytes_data(v) {
            std::slice::from_raw_parts(p, n).to_vec()
        } else if let Some((p, n)) = crate::objects::bytearrayobject::bytearray_data(v) {
            std::slice::from_raw_parts(p, n).to_vec()
        } else {
            let mut view = Py_buffer::zeroed();
            if crate::buffer::PyObject_GetBuffer(v, &mut view, PyBUF_SIMPLE) != 0 {
                errors::PyErr_Clear();
                let name = type_name_200(v);
                return errors::fail_null(
                    Exc::TypeError,
                    format!("float() argument must be a string or a real number, not '{name}'"),
                );
            }
            let t = std::slice::from_raw_parts(view.buf.cast::<u8>(), view.len as usize).to_vec();
            crate::buffer::PyBuffer_Release(&mut view);
            t
        }
    };
    match parse_float(&text) {
        Some(x) => float_from_f64(x),
        None => {
            // SAFETY: live.
            if let Some(r) = unsafe { crate::objects::r#abstract::repr_string(v) } {
                errors::raise(
                    Exc::ValueError,
                    format!("could not convert string to float: {r}"),
                );
            }
            ptr::null_mut()
        }
    }
}

// ==========================================================================
// Packing to and from IEEE 754 bytes (PyFloat_Pack2/4/8, PyFloat_Unpack2/4/8)
// ==========================================================================
//
// The portable routines struct's 'e', 'f' and 'd' codes (and extensions
// such as bitstruct) use to write a double as binary16/32/64 at `p`, big
// endian when `le` is 0 and little endian otherwise. The platform's float
// and double are IEEE 754 (as on every target pybuffer builds for), so,
// as in CPython on such platforms, 4 and 8 bytes are the native bits in the
// requested order and only binary16 is computed.

/// Writes `bits`' low `N` bytes at `p`, little endian when `le` is nonzero.
///
/// # Safety
/// `p` must be valid for `N` bytes of writes.
unsafe fn write_ordered<const N: usize>(p: *mut c_char, bits: u64, le: c_int) {
    let mut bytes = [0u8; N];
    bytes.copy_from_slice(&bits.to_le_bytes()[..N]);
    if le == 0 {
        bytes.reverse();
    }
    // SAFETY: valid for N bytes per the contract; a raw copy, since C may
    // alias `p` with anything.
    unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), p.cast::<u8>(), N) };
}

/// Reads `N` bytes at `p` as an unsigned integer, little endian when `le`
/// is nonzero.
///
/// # Safety
/// `p` must be valid for `N` bytes of reads.
unsafe fn read_ordered<const N: usize>(p: *const c_char, le: c_int) -> u64 {
    let mut bytes = [0u8; 8];
    // SAFETY: valid for N bytes per the contract.
    unsafe { ptr::copy_nonoverlapping(p.cast::<u8>(), bytes.as_mut_ptr(), N) };
    if le == 0 {
        bytes[..N].reverse();
    }
    u64::from_le_bytes(bytes)
}

/// `PyFloat_Pack2(x, p, le)`: `x` rounded (ties to even) to IEEE binary16
/// at `p[0..2]`. Infinities stay infinite and NaNs become the quiet NaN of
/// their sign; a finite `x` too large for a half fails (-1) with
/// `OverflowError("float too large to pack with e format")`, and `p` is
/// left untouched.
///
/// # Safety
/// `p` must be valid for 2 bytes of writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_Pack2(x: c_double, p: *mut c_char, le: c_int) -> c_int {
    match crate::format::f64_to_half(x) {
        Ok(bits) => {
            // SAFETY: 2 writable bytes per the contract.
            unsafe { write_ordered::<2>(p, u64::from(bits), le) };
            0
        }
        Err(e) => {
            errors::raise(Exc::OverflowError, e.message);
            -1
        }
    }
}

/// `PyFloat_Pack4(x, p, le)`: `(float)x` at `p[0..4]`. A finite `x` that
/// rounds to an infinite float fails (-1) with
/// `OverflowError("float too large to pack with f format")`.
///
/// # Safety
/// `p` must be valid for 4 bytes of writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_Pack4(x: c_double, p: *mut c_char, le: c_int) -> c_int {
    let y = x as f32;
    if y.is_infinite() && !x.is_infinite() {
        errors::raise(Exc::OverflowError, "float too large to pack with f format");
        return -1;
    }
    // SAFETY: 4 writable bytes per the contract.
    unsafe { write_ordered::<4>(p, u64::from(y.to_bits()), le) };
    0
}

/// `PyFloat_Pack8(x, p, le)`: `x`'s bits at `p[0..8]`. Cannot fail.
///
/// # Safety
/// `p` must be valid for 8 bytes of writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_Pack8(x: c_double, p: *mut c_char, le: c_int) -> c_int {
    // SAFETY: 8 writable bytes per the contract.
    unsafe { write_ordered::<8>(p, x.to_bits(), le) };
    0
}

/// `PyFloat_Unpack2(p, le)`: the binary16 at `p[0..2]`, widened exactly (a
/// NaN keeps only its sign). Cannot fail.
///
/// # Safety
/// `p` must be valid for 2 bytes of reads.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_Unpack2(p: *const c_char, le: c_int) -> c_double {
    // SAFETY: 2 readable bytes per the contract.
    crate::format::half_to_f64(unsafe { read_ordered::<2>(p, le) } as u16)
}

/// `PyFloat_Unpack4(p, le)`: the float at `p[0..4]`, widened. Cannot fail.
///
/// # Safety
/// `p` must be valid for 4 bytes of reads.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_Unpack4(p: *const c_char, le: c_int) -> c_double {
    // SAFETY: 4 readable bytes per the contract.
    f64::from(f32::from_bits(unsafe { read_ordered::<4>(p, le) } as u32))
}

/// `PyFloat_Unpack8(p, le)`: the double at `p[0..8]`. Cannot fail.
///
/// # Safety
/// `p` must be valid for 8 bytes of reads.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFloat_Unpack8(p: *const c_char, le: c_int) -> c_double {
    // SAFETY: 8 readable bytes per the contract.
    f64::from_bits(unsafe { read_ordered::<8>(p, le) })
}

// ==========================================================================
// Slots
// ==========================================================================

unsafe extern "C" fn float_repr_slot(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    unicode_from_str(&float_repr(unsafe {
        (*(op as *mut PyFloatObject)).ob_fval
    }))
}

/// `hash(float)`: equal to the hash of an equal int (`hash(2.0) ==
/// hash(2)`); a NaN hashes by address.
unsafe extern "C" fn float_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live float.
    let v = unsafe { (*(op as *mut PyFloatObject)).ob_fval };
    crate::python::pyhash::hash_double(op as *const std::ffi::c_void, v)
}

/// `tp_richcompare` of `float`: against a float or an int (exactly, as
/// CPython compares them); `NotImplemented` for anything else. NaN is
/// unequal to everything.
unsafe extern "C" fn float_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects (the slot's contract).
    let Some(x) = (unsafe { float_value(v) }) else {
        return not_implemented();
    };
    // SAFETY: as above.
    let ord = if let Some(y) = unsafe { float_value(w) } {
        x.partial_cmp(&y)
    // SAFETY: as above.
    } else if unsafe { is_int(w) } {
        // SAFETY: an int.
        compare_float_int(x, &unsafe { int_of(w) })
    } else {
        return not_implemented();
    };
    let r = match ord {
        Some(o) => compare_op(o, op),
        None => op == Py_NE,
    };
    crate::objects::boolobject::bool_from_bool(r)
}

/// An operand as a double (CPython's `CONVERT_TO_DOUBLE`): a float's value,
/// an int converted (`Err(true)`: `OverflowError` set), or `Err(false)`
/// for anything else (the slot returns `NotImplemented`).
///
/// # Safety
/// `op` must be a live object.
unsafe fn operand(op: *mut PyObject) -> Result<f64, bool> {
    // SAFETY: live per the contract.
    unsafe {
        if let Some(v) = float_value(op) {
            return Ok(v);
        }
        if is_int(op) {
            return int_to_f64(&int_of(op)).ok_or_else(|| {
                errors::raise(Exc::OverflowError, "int too large to convert to float");
                true
            });
        }
    }
    Err(false)
}

/// A binary float slot: `f` maps the two doubles to a result (None: error
/// set).
///
/// # Safety
/// Both must be live objects.
unsafe fn binary(
    a: *mut PyObject,
    b: *mut PyObject,
    f: impl FnOnce(f64, f64) -> Option<f64>,
) -> *mut PyObject {
    // SAFETY: live objects.
    let (x, y) = match unsafe { (operand(a), operand(b)) } {
        (Ok(x), Ok(y)) => (x, y),
        (Err(true), _) | (_, Err(true)) => return ptr::null_mut(),
        _ => return not_implemented(),
    };
    match f(x, y) {
        Some(r) => float_from_f64(r),
        None => ptr::null_mut(),
    }
}

unsafe extern "C" fn float_add(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, |x, y| Some(x + y)) }
}

unsafe extern "C" fn float_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, |x, y| Some(x - y)) }
}

unsafe extern "C" fn float_mul(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, |x, y| Some(x * y)) }
}

unsafe extern "C" fn float_div(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        binary(a, b, |x, y| {
            if y == 0.0 {
                errors::raise(Exc::ZeroDivisionError, "float division by zero");
                return None;
            }
            Some(x / y)
        })
    }
}

/// CPython's `_float_div_mod`: floor quotient and modulo with the
/// divisor's sign.
fn float_div_mod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

unsafe extern "C" fn float_rem(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        binary(a, b, |x, y| {
            if y == 0.0 {
                errors::raise(Exc::ZeroDivisionError, "float modulo");
                return None;
            }
            let mut m = x % y;
            if m != 0.0 {
                if (y < 0.0) != (m < 0.0) {
                    m += y;
                }
            } else {
                m = 0f64.copysign(y);
            }
            Some(m)
        })
    }
}

unsafe extern "C" fn float_floor_div(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        binary(a, b, |x, y| {
            if y == 0.0 {
                errors::raise(Exc::ZeroDivisionError, "float floor division by zero");
                return None;
            }
            Some(float_div_mod(x, y).0)
        })
    }
}

unsafe extern "C" fn float_divmod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    let (x, y) = match unsafe { (operand(a), operand(b)) } {
        (Ok(x), Ok(y)) => (x, y),
        (Err(true), _) | (_, Err(true)) => return ptr::null_mut(),
        _ => return not_implemented(),
    };
    if y == 0.0 {
        return errors::fail_null(Exc::ZeroDivisionError, "float divmod()");
    }
    let (q, m) = float_div_mod(x, y);
    let (q, m) = (float_from_f64(q), float_from_f64(m));
    if q.is_null() || m.is_null() {
        // SAFETY: our references (or NULL).
        unsafe {
            Py_DecRef(q);
            Py_DecRef(m);
        }
        return ptr::null_mut();
    }
    // SAFETY: the references move into the tuple.
    unsafe { crate::objects::tupleobject::tuple_from_owned(vec![q, m]) }
}

/// True when `x` is an odd integer.
fn is_odd_integer(x: f64) -> bool {
    x.abs() % 2.0 == 1.0
}

/// `pow(v, w)` for floats, with CPython's special cases.
unsafe extern "C" fn float_pow(
    v: *mut PyObject,
    w: *mut PyObject,
    z: *mut PyObject,
) -> *mut PyObject {
    if z != py_none() {
        return errors::fail_null(
            Exc::TypeError,
            "pow() 3rd argument not allowed unless all arguments are integers",
        );
    }
    // SAFETY: live objects.
    let (iv, iw) = match unsafe { (operand(v), operand(w)) } {
        (Ok(x), Ok(y)) => (x, y),
        (Err(true), _) | (_, Err(true)) => return ptr::null_mut(),
        _ => return not_implemented(),
    };
    let r = if iw == 0.0 {
        1.0
    } else if iv.is_nan() {
        iv
    } else if iw.is_nan() {
        if iv == 1.0 { 1.0 } else { iw }
    } else if iw.is_infinite() {
        let a = iv.abs();
        if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        }
    } else if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        if iw > 0.0 {
            if odd { iv } else { iv.abs() }
        } else if odd {
            0f64.copysign(iv)
        } else {
            0.0
        }
    } else if iv == 0.0 {
        if iw < 0.0 {
            return errors::fail_null(
                Exc::ZeroDivisionError,
                "0.0 cannot be raised to a negative power",
            );
        }
        if is_odd_integer(iw) { iv } else { 0.0 }
    } else {
        let mut base = iv;
        let mut negate = false;
        if iv < 0.0 {
            if iw != iw.floor() {
                return errors::fail_null(
                    Exc::NotImplementedError,
                    "pybuffer has no complex numbers: a negative float raised to a fractional \
                     power has a complex result",
                );
            }
            base = -iv;
            negate = is_odd_integer(iw);
        }
        if base == 1.0 {
            if negate { -1.0 } else { 1.0 }
        } else {
            let ix = base.powf(iw);
            if ix.is_infinite() {
                // CPython reports libm's ERANGE as OSError-style arguments.
                // SAFETY: a static exception type and a new tuple.
                unsafe { raise_erange() };
                return ptr::null_mut();
            }
            if negate { -ix } else { ix }
        }
    };
    float_from_f64(r)
}

/// Sets `OverflowError(34, 'Numerical result out of range')`, as
/// `PyErr_SetFromErrno(PyExc_OverflowError)` does for `ERANGE`.
///
/// # Safety
/// Must be called with the right to set the error indicator (any thread).
pub(crate) unsafe fn raise_erange() {
    let code = crate::objects::longobject::long_from_i64(34);
    let text = unicode_from_str("Numerical result out of range");
    if code.is_null() || text.is_null() {
        // SAFETY: our references (or NULL).
        unsafe {
            Py_DecRef(code);
            Py_DecRef(text);
        }
        return;
    }
    // SAFETY: the new references move into the tuple.
    let args = unsafe { crate::objects::tupleobject::tuple_from_owned(vec![code, text]) };
    if !args.is_null() {
        // SAFETY: a static exception type and a live tuple.
        unsafe {
            errors::PyErr_SetObject(Exc::OverflowError.type_object(), args);
            Py_DecRef(args);
        }
    }
}

unsafe extern "C" fn float_neg(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    float_from_f64(-unsafe { (*(a as *mut PyFloatObject)).ob_fval })
}

unsafe extern "C" fn float_abs(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    float_from_f64(unsafe { (*(a as *mut PyFloatObject)).ob_fval }.abs())
}

unsafe extern "C" fn float_bool(a: *mut PyObject) -> c_int {
    // SAFETY: a live float.
    (unsafe { (*(a as *mut PyFloatObject)).ob_fval } != 0.0) as c_int
}

/// `nb_float` and `nb_positive`: the value as an exact `float`.
pub(super) unsafe extern "C" fn float_float(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    unsafe {
        if type_of(a) == PyFloat_Type.get() {
            Py_IncRef(a);
            return a;
        }
        float_from_f64((*(a as *mut PyFloatObject)).ob_fval)
    }
}

/// `nb_int`: `int(x)`, truncated.
unsafe extern "C" fn float_trunc(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live float.
    PyLong_FromDouble(unsafe { (*(a as *mut PyFloatObject)).ob_fval })
}

/// The shortest decimal digits that read back as the finite `|v|`, and the
/// position of the decimal point relative to them (`digits` = "15",
/// `decpt` = 0 for 0.15): `_Py_dg_dtoa`'s mode 0. No trailing zeros; zero
/// is ("0", 1).
pub(crate) fn shortest_digits(v: f64) -> (String, i32) {
    // `{:e}` gives the shortest round-trip length; among the strings of that
    // length CPython takes the one nearest the exact value, ties to an even
    // digit, which is what exact formatting at that precision gives:
    // "-1.2345e-5".
    let shortest = format!("{:e}", v.abs());
    let n = shortest
        .split_once('e')
        .map_or(1, |(m, _)| m.chars().filter(char::is_ascii_digit).count());
    let nearest = format!("{:.*e}", n - 1, v.abs());
    // At a power of two the gap below is half the gap above, so an exact
    // tie at that length can round to a string that reads back as the next
    // double down (2**-24: "5.960464477539062e-08"); only the shortest
    // string itself round-trips then.
    let sci = if nearest.parse::<f64>() == Ok(v.abs()) {
        nearest
    } else {
        shortest
    };
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("LowerExp always has an exponent");
    let exp: i32 = exp.parse().expect("LowerExp exponent is an integer");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    (digits, exp + 1)
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
    let (digits, decpt) = shortest_digits(v);
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let exp = decpt - 1;
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
