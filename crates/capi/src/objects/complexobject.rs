//! `complex` (CPython's `Objects/complexobject.c`), with CPython's layout
//! (`PyComplexObject`: the header, then `cval`). Only what the C API needs:
//! making complexes and reading them (`PyArg_ParseTuple`'s `D` unit and
//! `Py_BuildValue`'s `D` go through these), calling `complex(...)`
//! (numbers, `__complex__`, or a string such as `'(1+2j)'`), and the
//! number slots (`+ - * / **`, negation, `abs`, truth), `==`/`!=` and
//! hashing, with the `_Py_c_*` helpers under them. `complex` has no `//`,
//! `%` or `divmod` in 3.11, nor ordering.

#![allow(non_upper_case_globals)]

use std::ffi::c_double;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::floatobject::PyFloat_AsDouble;
use crate::objects::object::{alloc, free_dealloc, type_of};
use crate::objects::typeobject::static_type;
use crate::python::errors;

/// `PyComplex_Type`: `complex`.
#[unsafe(no_mangle)]
pub static PyComplex_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"complex",
        std::mem::size_of::<PyComplexObject>(),
        0,
        free_dealloc,
    );
    ty.tp_repr = Some(complex_repr);
    ty.tp_hash = Some(complex_hash);
    ty.tp_richcompare = Some(complex_richcompare);
    ty.tp_as_number = &raw const COMPLEX_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_new = Some(complex_new);
    ty.tp_methods = COMPLEX_METHODS.get().cast();
    ty.tp_members = COMPLEX_MEMBERS.get().cast();
    ty
});

// ==========================================================================
// Arithmetic on values (CPython's _Py_c_* helpers)
// ==========================================================================

/// Why a value operation failed, where CPython's helpers set `errno`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum MathError {
    /// `EDOM`: division by zero, or zero to a negative or complex power.
    Domain,
    /// `ERANGE`: the result overflowed.
    Range,
}

const ONE: Py_complex = Py_complex {
    real: 1.0,
    imag: 0.0,
};

fn c_sum(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real + b.real,
        imag: a.imag + b.imag,
    }
}

fn c_diff(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real - b.real,
        imag: a.imag - b.imag,
    }
}

fn c_neg(a: Py_complex) -> Py_complex {
    Py_complex {
        real: -a.real,
        imag: -a.imag,
    }
}

fn c_prod(a: Py_complex, b: Py_complex) -> Py_complex {
    Py_complex {
        real: a.real * b.real - a.imag * b.imag,
        imag: a.real * b.imag + a.imag * b.real,
    }
}

/// `a / b` by Smith's method (scaling by the larger part of `b`, as
/// CPython does, so that neither product overflows early). `Err(Domain)`
/// for a zero divisor; NaNs when a part of `b` is a NaN.
fn c_quot(a: Py_complex, b: Py_complex) -> Result<Py_complex, MathError> {
    let (abs_real, abs_imag) = (b.real.abs(), b.imag.abs());
    if abs_real >= abs_imag {
        if abs_real == 0.0 {
            return Err(MathError::Domain);
        }
        let ratio = b.imag / b.real;
        let denom = b.real + b.imag * ratio;
        Ok(Py_complex {
            real: (a.real + a.imag * ratio) / denom,
            imag: (a.imag - a.real * ratio) / denom,
        })
    } else if abs_imag >= abs_real {
        let ratio = b.real / b.imag;
        let denom = b.real * ratio + b.imag;
        Ok(Py_complex {
            real: (a.real * ratio + a.imag) / denom,
            imag: (a.imag * ratio - a.real) / denom,
        })
    } else {
        // A part of `b` is a NaN: neither comparison held.
        Ok(Py_complex {
            real: f64::NAN,
            imag: f64::NAN,
        })
    }
}

/// `a ** b` in polar form (CPython's `_Py_c_pow`), with the error its
/// `errno` would hold: `Domain` for zero to a negative or complex power
/// (the value then 0), and also when the phase is infinite (where the C
/// library's `cos`/`sin` report `EDOM`; the value is then NaNs), `Range`
/// when a part of the value is infinite.
fn c_pow(a: Py_complex, b: Py_complex) -> (Py_complex, Option<MathError>) {
    const ZERO: Py_complex = Py_complex {
        real: 0.0,
        imag: 0.0,
    };
    if b.real == 0.0 && b.imag == 0.0 {
        return (ONE, None);
    }
    if a.real == 0.0 && a.imag == 0.0 {
        if b.imag != 0.0 || b.real < 0.0 {
            return (ZERO, Some(MathError::Domain));
        }
        return (ZERO, None);
    }
    let vabs = a.real.hypot(a.imag);
    let mut len = vabs.powf(b.real);
    let at = a.imag.atan2(a.real);
    let mut phase = at * b.real;
    if b.imag != 0.0 {
        len /= (at * b.imag).exp();
        phase += b.imag * vabs.ln();
    }
    let r = Py_complex {
        real: len * phase.cos(),
        imag: len * phase.sin(),
    };
    let err = if phase.is_infinite() {
        Some(MathError::Domain)
    } else if r.real.is_infinite() || r.imag.is_infinite() {
        Some(MathError::Range)
    } else {
        None
    };
    (r, err)
}

/// `x ** n` for `n >= 0` by repeated squaring (CPython's `c_powu`).
fn c_powu(x: Py_complex, n: i64) -> Py_complex {
    let (mut r, mut p) = (ONE, x);
    let mut mask: i64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
    }
    r
}

/// `x ** n` for a small integer `n` (CPython's `c_powi`): more exact than
/// the polar form.
fn c_powi(x: Py_complex, n: i64) -> Result<Py_complex, MathError> {
    if n > 0 {
        Ok(c_powu(x, n))
    } else {
        c_quot(ONE, c_powu(x, -n))
    }
}

/// `abs(z)` (CPython's `_Py_c_abs`): an infinite part gives infinity even
/// beside a NaN; `Err(Range)` when the finite parts' modulus overflows.
fn c_abs(z: Py_complex) -> Result<f64, MathError> {
    if !z.real.is_finite() || !z.imag.is_finite() {
        if z.real.is_infinite() {
            return Ok(z.real.abs());
        }
        if z.imag.is_infinite() {
            return Ok(z.imag.abs());
        }
        return Ok(f64::NAN);
    }
    let r = z.real.hypot(z.imag);
    if r.is_finite() {
        Ok(r)
    } else {
        Err(MathError::Range)
    }
}

/// `_Py_c_sum(a, b)`: `a + b`.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_c_sum(a: Py_complex, b: Py_complex) -> Py_complex {
    c_sum(a, b)
}

/// `_Py_c_diff(a, b)`: `a - b`.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_c_diff(a: Py_complex, b: Py_complex) -> Py_complex {
    c_diff(a, b)
}

/// `_Py_c_neg(a)`: `-a`.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_c_neg(a: Py_complex) -> Py_complex {
    c_neg(a)
}

/// `_Py_c_prod(a, b)`: `a * b`.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_c_prod(a: Py_complex, b: Py_complex) -> Py_complex {
    c_prod(a, b)
}

/// The C library's `errno`, which the `_Py_c_*` entry points report
/// through as CPython's do.
fn set_errno(e: Option<MathError>) {
    let v = match e {
        None => 0,
        Some(MathError::Domain) => libc::EDOM,
        Some(MathError::Range) => libc::ERANGE,
    };
    // SAFETY: the calling thread's errno slot.
    unsafe { *libc::__errno_location() = v };
}

/// `_Py_c_quot(a, b)`: `a / b`; for a zero `b`, 0 with `errno = EDOM`.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_c_quot(a: Py_complex, b: Py_complex) -> Py_complex {
    match c_quot(a, b) {
        Ok(r) => r,
        Err(e) => {
            set_errno(Some(e));
            Py_complex {
                real: 0.0,
                imag: 0.0,
            }
        }
    }
}

/// `_Py_c_pow(a, b)`: `a ** b`; zero to a negative or complex power is 0
/// with `errno = EDOM` (as is an infinite phase, the value NaNs), an
/// infinite part `errno = ERANGE`.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_c_pow(a: Py_complex, b: Py_complex) -> Py_complex {
    let (r, err) = c_pow(a, b);
    if err.is_some() {
        set_errno(err);
    }
    r
}

/// `_Py_c_abs(z)`: `abs(z)`; `errno = ERANGE` (and infinity) when it
/// overflows, else `errno = 0`.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_c_abs(z: Py_complex) -> c_double {
    match c_abs(z) {
        Ok(r) => {
            if !r.is_nan() {
                set_errno(None);
            }
            r
        }
        Err(e) => {
            set_errno(Some(e));
            f64::INFINITY
        }
    }
}

// ==========================================================================
// Number slots, comparison and hash
// ==========================================================================

/// An operand as a complex value (CPython's `TO_COMPLEX`): a complex, an
/// int (converted as `PyLong_AsDouble`, which may raise OverflowError) or
/// a float. `Err(NotImplemented)` for anything else, `Err(NULL)` with the
/// error set.
///
/// # Safety
/// `o` must be a live object.
unsafe fn operand(o: *mut PyObject) -> Result<Py_complex, *mut PyObject> {
    // SAFETY: live per the contract.
    unsafe {
        if let Some(v) = complex_value(o) {
            return Ok(v);
        }
        if crate::objects::r#abstract::is_int(o) {
            let real = crate::objects::longobject::PyLong_AsDouble(o);
            if real == -1.0 && !errors::PyErr_Occurred().is_null() {
                return Err(std::ptr::null_mut());
            }
            return Ok(Py_complex { real, imag: 0.0 });
        }
        if let Some(real) = crate::objects::floatobject::float_value(o) {
            return Ok(Py_complex { real, imag: 0.0 });
        }
        Err(crate::objects::object::not_implemented())
    }
}

/// A binary slot over two complex values.
///
/// # Safety
/// `a` and `b` must be live objects.
unsafe fn binary(
    a: *mut PyObject,
    b: *mut PyObject,
    op: impl FnOnce(Py_complex, Py_complex) -> Result<Py_complex, *mut PyObject>,
) -> *mut PyObject {
    // SAFETY: live per the contract.
    let (x, y) = match unsafe { (operand(a), operand(b)) } {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    match op(x, y) {
        Ok(r) => PyComplex_FromCComplex(r),
        Err(e) => e,
    }
}

unsafe extern "C" fn complex_add(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: a number slot's live operands.
    unsafe { binary(a, b, |x, y| Ok(c_sum(x, y))) }
}

unsafe extern "C" fn complex_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: a number slot's live operands.
    unsafe { binary(a, b, |x, y| Ok(c_diff(x, y))) }
}

unsafe extern "C" fn complex_mul(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: a number slot's live operands.
    unsafe { binary(a, b, |x, y| Ok(c_prod(x, y))) }
}

unsafe extern "C" fn complex_div(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: a number slot's live operands.
    unsafe {
        binary(a, b, |x, y| {
            c_quot(x, y)
                .map_err(|_| errors::fail_null(Exc::ZeroDivisionError, "complex division by zero"))
        })
    }
}

/// `a ** b` (a third argument other than None is refused with
/// `ValueError("complex modulo")`): a small integral exponent multiplies,
/// any other goes through the polar form; `ZeroDivisionError` where the
/// helpers report `EDOM`, else an infinite part of the result is an
/// `OverflowError`.
unsafe extern "C" fn complex_pow(
    a: *mut PyObject,
    b: *mut PyObject,
    z: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a number slot's live operands.
    unsafe {
        binary(a, b, |x, y| {
            if z != crate::objects::object::py_none() {
                return Err(errors::fail_null(Exc::ValueError, "complex modulo"));
            }
            let (p, err) = if y.imag == 0.0 && y.real == y.real.floor() && y.real.abs() <= 100.0 {
                match c_powi(x, y.real as i64) {
                    Ok(p) => (p, None),
                    Err(e) => (ONE, Some(e)),
                }
            } else {
                c_pow(x, y)
            };
            // CPython's _Py_ADJUST_ERANGE2: EDOM stands; an infinite part
            // is an overflow.
            let overflow = p.real.is_infinite() || p.imag.is_infinite();
            match err {
                Some(MathError::Domain) => Err(errors::fail_null(
                    Exc::ZeroDivisionError,
                    "0.0 to a negative or complex power",
                )),
                _ if overflow => Err(errors::fail_null(
                    Exc::OverflowError,
                    "complex exponentiation",
                )),
                _ => Ok(p),
            }
        })
    }
}

/// The value of the receiver of a unary slot (always a complex here, as
/// `complex` cannot be subclassed).
///
/// # Safety
/// `op` must be a live complex.
unsafe fn receiver(op: *mut PyObject) -> Py_complex {
    // SAFETY: per the contract.
    unsafe { (*op.cast::<PyComplexObject>()).cval }
}

unsafe extern "C" fn complex_neg(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live complex.
    PyComplex_FromCComplex(c_neg(unsafe { receiver(op) }))
}

/// `+z`: the complex itself (exact complexes only exist here).
unsafe extern "C" fn complex_pos(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live complex.
    unsafe { crate::objects::object::Py_IncRef(op) };
    op
}

unsafe extern "C" fn complex_abs(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live complex.
    match c_abs(unsafe { receiver(op) }) {
        Ok(r) => crate::objects::floatobject::PyFloat_FromDouble(r),
        Err(_) => errors::fail_null(Exc::OverflowError, "absolute value too large"),
    }
}

unsafe extern "C" fn complex_bool(op: *mut PyObject) -> std::ffi::c_int {
    // SAFETY: a live complex.
    let v = unsafe { receiver(op) };
    std::ffi::c_int::from(v.real != 0.0 || v.imag != 0.0)
}

static COMPLEX_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(complex_add),
    nb_subtract: Some(complex_sub),
    nb_multiply: Some(complex_mul),
    nb_power: Some(complex_pow),
    nb_negative: Some(complex_neg),
    nb_positive: Some(complex_pos),
    nb_absolute: Some(complex_abs),
    nb_bool: Some(complex_bool),
    nb_true_divide: Some(complex_div),
    ..PyNumberMethods::empty()
};

/// `hash(z)`: the float hashes of the parts combined as
/// `real + 1000003 * imag` (wrapping), so a complex with a zero imaginary
/// part hashes as its real part.
unsafe extern "C" fn complex_hash(op: *mut PyObject) -> Py_hash_t {
    use crate::python::pyhash::hash_double;
    // SAFETY: a live complex.
    let v = unsafe { receiver(op) };
    let real = hash_double(op.cast(), v.real) as usize;
    let imag = hash_double(op.cast(), v.imag) as usize;
    let combined = real.wrapping_add(imag.wrapping_mul(1_000_003)) as Py_hash_t;
    if combined == -1 { -2 } else { combined }
}

/// `==` and `!=` with complexes, floats and ints (an int against a complex
/// with a zero imaginary part compares exactly, through float's
/// comparison); NotImplemented for the rest and for ordering.
unsafe extern "C" fn complex_richcompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: std::ffi::c_int,
) -> *mut PyObject {
    use crate::objects::object::not_implemented;
    if op != Py_EQ && op != Py_NE {
        return not_implemented();
    }
    // SAFETY: a live complex and a live object.
    unsafe {
        let Some(i) = complex_value(v) else {
            return not_implemented();
        };
        let equal = if crate::objects::r#abstract::is_int(w) {
            if i.imag == 0.0 {
                let j = crate::objects::floatobject::PyFloat_FromDouble(i.real);
                if j.is_null() {
                    return std::ptr::null_mut();
                }
                let r = crate::objects::object::PyObject_RichCompare(j, w, op);
                crate::objects::object::Py_DecRef(j);
                return r;
            }
            false
        } else if let Some(x) = crate::objects::floatobject::float_value(w) {
            i.real == x && i.imag == 0.0
        } else if let Some(j) = complex_value(w) {
            i.real == j.real && i.imag == j.imag
        } else {
            return not_implemented();
        };
        crate::objects::boolobject::bool_from_bool(equal == (op == Py_EQ))
    }
}

// ==========================================================================
// Methods and attributes
// ==========================================================================

/// `complex.conjugate()`: the complex with the imaginary part negated.
unsafe extern "C" fn complex_conjugate(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live complex (the method's self).
    match unsafe { complex_value(op) } {
        Some(v) => PyComplex_FromDoubles(v.real, -v.imag),
        None => errors::fail_null(Exc::SystemError, "bad argument to internal function"),
    }
}

/// `complex.__getnewargs__()`: `(real, imag)`, two floats.
unsafe extern "C" fn complex_getnewargs(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live complex (the method's self).
    match unsafe { complex_value(op) } {
        // SAFETY: two new references move into the tuple.
        Some(v) => unsafe {
            crate::objects::tupleobject::tuple_from_owned(vec![
                crate::objects::floatobject::PyFloat_FromDouble(v.real),
                crate::objects::floatobject::PyFloat_FromDouble(v.imag),
            ])
        },
        None => errors::fail_null(Exc::SystemError, "bad argument to internal function"),
    }
}

static COMPLEX_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    crate::python::clinic::method(c"conjugate", complex_conjugate, METH_NOARGS),
    crate::python::clinic::method(c"__getnewargs__", complex_getnewargs, METH_NOARGS),
    crate::python::clinic::method(
        c"__format__",
        crate::python::formatter_unicode::complex_format_method,
        METH_O,
    ),
    crate::python::clinic::METHOD_END,
]);

/// `complex.real` and `complex.imag`: read-only `double` members, as in
/// CPython (so assigning one fails with "readonly attribute").
static COMPLEX_MEMBERS: StaticObject<[PyMemberDef; 3]> = StaticObject::new([
    PyMemberDef::new(
        c"real",
        T_DOUBLE,
        std::mem::offset_of!(PyComplexObject, cval.real),
        READONLY,
    ),
    PyMemberDef::new(
        c"imag",
        T_DOUBLE,
        std::mem::offset_of!(PyComplexObject, cval.imag),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

// ==========================================================================
// complex(real=0, imag=0)
// ==========================================================================

/// `complex(real=0, imag=0)` (`tp_new`): Argument Clinic's parsing of the
/// two parameters (by position or keyword), then CPython's
/// `complex_new_impl`.
unsafe extern "C" fn complex_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::dictobject::{PyDict_GetItemString, PyDict_Next, PyDict_Size};
    use crate::objects::tupleobject::{get, size};
    const NAMES: [&std::ffi::CStr; 2] = [c"real", c"imag"];
    // SAFETY: `args` a tuple and `kwds` NULL or a dict (tp_new's contract).
    unsafe {
        let nargs = size(args);
        let nkw = if kwds.is_null() { 0 } else { PyDict_Size(kwds) };
        if nargs + nkw > 2 {
            let kind = if nargs == 0 { "keyword " } else { "" };
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "complex() takes at most 2 {kind}arguments ({} given)",
                    nargs + nkw
                ),
            );
        }
        let mut parts = [std::ptr::null_mut(); 2];
        let mut matched = 0;
        for (i, name) in NAMES.iter().enumerate() {
            if (i as Py_ssize_t) < nargs {
                parts[i] = get(args, i as Py_ssize_t);
            } else if nkw > 0 {
                parts[i] = PyDict_GetItemString(kwds, name.as_ptr());
                matched += (!parts[i].is_null()) as Py_ssize_t;
            }
        }
        if matched < nkw {
            for (i, name) in NAMES.iter().enumerate().take(nargs as usize) {
                if !PyDict_GetItemString(kwds, name.as_ptr()).is_null() {
                    return errors::fail_null(
                        Exc::TypeError,
                        format!(
                            "argument for complex() given by name ('{}') and position ({})",
                            name.to_string_lossy(),
                            i + 1
                        ),
                    );
                }
            }
            let (mut pos, mut key, mut value) = (0, std::ptr::null_mut(), std::ptr::null_mut());
            while PyDict_Next(kwds, &mut pos, &mut key, &mut value) != 0 {
                if !crate::objects::unicodeobject::is_str(key) {
                    return errors::fail_null(Exc::TypeError, "keywords must be strings");
                }
                let text = crate::objects::object::text_of(key);
                if !NAMES.iter().any(|n| n.to_bytes() == text.as_bytes()) {
                    return errors::fail_null(
                        Exc::TypeError,
                        format!("'{text}' is an invalid keyword argument for complex()"),
                    );
                }
            }
            return errors::fail_null(Exc::SystemError, "complex(): unexpected keywords");
        }
        complex_from_parts(parts[0], parts[1])
    }
}

/// CPython's `complex_new_impl` for `complex` itself: `r + i*1j`, where a
/// string `r` is parsed, `r` may convert through `__complex__`, and either
/// part may itself be complex.
///
/// # Safety
/// Each part must be NULL (omitted) or a live object.
unsafe fn complex_from_parts(r: *mut PyObject, i: *mut PyObject) -> *mut PyObject {
    use crate::objects::object::{Py_DecRef, Py_IncRef};
    use crate::objects::unicodeobject::is_str;
    // SAFETY: live per the contract; `owned_r` is released on every path.
    unsafe {
        if r.is_null() {
            if i.is_null() {
                return PyComplex_FromDoubles(0.0, 0.0);
            }
            let zero = crate::objects::longobject::long_from_i64(0);
            if zero.is_null() {
                return zero;
            }
            let result = complex_from_parts(zero, i);
            Py_DecRef(zero);
            return result;
        }
        if complex_value(r).is_some() && i.is_null() {
            Py_IncRef(r);
            return r;
        }
        if is_str(r) {
            if !i.is_null() {
                return errors::fail_null(
                    Exc::TypeError,
                    "complex() can't take second arg if first is a string",
                );
            }
            return complex_from_str(r);
        }
        if !i.is_null() && is_str(i) {
            return errors::fail_null(Exc::TypeError, "complex() second arg can't be a string");
        }
        let owned_r = match special_complex(r) {
            Ok(v) => v,
            Err(()) => return std::ptr::null_mut(),
        };
        let r = if owned_r.is_null() { r } else { owned_r };
        let result = (|| {
            if !is_number(r) {
                let name = crate::objects::r#abstract::type_name_200(r);
                return errors::fail_null(
                    Exc::TypeError,
                    format!("complex() first argument must be a string or a number, not '{name}'"),
                );
            }
            if !i.is_null() && !is_number(i) {
                let name = crate::objects::r#abstract::type_name_200(i);
                return errors::fail_null(
                    Exc::TypeError,
                    format!("complex() second argument must be a number, not '{name}'"),
                );
            }
            let (cr, cr_is_complex) = match complex_value(r) {
                Some(v) => (v, true),
                None => match as_double(r) {
                    Some(x) => (Py_complex { real: x, imag: 0.0 }, false),
                    None => return std::ptr::null_mut(),
                },
            };
            let (ci, ci_is_complex) = if i.is_null() {
                (
                    Py_complex {
                        real: cr.imag,
                        imag: 0.0,
                    },
                    false,
                )
            } else if let Some(v) = complex_value(i) {
                (v, true)
            } else {
                match as_double(i) {
                    Some(x) => (Py_complex { real: x, imag: 0.0 }, false),
                    None => return std::ptr::null_mut(),
                }
            };
            let mut real = cr.real;
            let mut imag = ci.real;
            if ci_is_complex {
                real -= ci.imag;
            }
            if cr_is_complex && !i.is_null() {
                imag += cr.imag;
            }
            PyComplex_FromDoubles(real, imag)
        })();
        Py_DecRef(owned_r);
        result
    }
}

/// Whether `complex()` takes `o` as a number: a complex, or a type with
/// `__float__` or `__index__`.
///
/// # Safety
/// `o` must be a live object.
unsafe fn is_number(o: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe {
        complex_value(o).is_some()
            || crate::objects::r#abstract::number_methods(o)
                .is_some_and(|m| m.nb_float.is_some() || m.nb_index.is_some())
    }
}

/// `PyNumber_Float(o)` as a double; None with its error.
///
/// # Safety
/// `o` must be a live object.
unsafe fn as_double(o: *mut PyObject) -> Option<f64> {
    // SAFETY: live per the contract; the float is released after reading.
    unsafe {
        let f = crate::objects::r#abstract::PyNumber_Float(o);
        if f.is_null() {
            return None;
        }
        let x = PyFloat_AsDouble(f);
        crate::objects::object::Py_DecRef(f);
        Some(x)
    }
}

/// CPython's `try_complex_special_method`: `o.__complex__()` (looked up on
/// the type), NULL when there is none; `TypeError("__complex__ returned
/// non-complex (type T)")`.
///
/// # Safety
/// `o` must be a live object.
unsafe fn special_complex(o: *mut PyObject) -> Result<*mut PyObject, ()> {
    // SAFETY: live per the contract.
    unsafe {
        let Some(method) = crate::objects::typeobject::lookup_special(o, "__complex__")? else {
            return Ok(std::ptr::null_mut());
        };
        let result = crate::objects::call::PyObject_CallNoArgs(method.as_ptr());
        if result.is_null() {
            return Err(());
        }
        if complex_value(result).is_none() {
            let name = crate::objects::r#abstract::type_name_200(result);
            crate::objects::object::Py_DecRef(result);
            errors::raise(
                Exc::TypeError,
                format!("__complex__ returned non-complex (type {name})"),
            );
            return Err(());
        }
        Ok(result)
    }
}

/// `complex(s)` for a `str` (CPython's `complex_subtype_from_string`):
/// Unicode digits and spaces read as ASCII, underscores between digits
/// dropped, then [`parse_complex`].
///
/// # Safety
/// `v` must be a live `str`.
unsafe fn complex_from_str(v: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    let Some(text) = (unsafe { crate::objects::unicodeobject::decimal_and_space_to_ascii(v) })
    else {
        return std::ptr::null_mut();
    };
    // CPython's _Py_string_to_number_with_underscores: its strchr stops at
    // the first NUL, and an embedded NUL is an error once underscores are
    // being removed.
    let first_nul = text.iter().position(|&c| c == 0).unwrap_or(text.len());
    let parsed = if !text[..first_nul].contains(&b'_') {
        parse_complex(&text)
    } else {
        let mut kept = Vec::with_capacity(text.len());
        let mut prev = 0u8;
        let mut ok = true;
        for &c in &text[..first_nul] {
            if c == b'_' {
                ok &= prev.is_ascii_digit();
            } else {
                ok &= prev != b'_' || c.is_ascii_digit();
                kept.push(c);
            }
            prev = c;
        }
        if !ok || prev == b'_' || first_nul != text.len() {
            // SAFETY: live per the contract.
            if let Some(r) = unsafe { crate::objects::r#abstract::repr_string(v) } {
                errors::raise(
                    Exc::ValueError,
                    format!("could not convert string to complex: {r}"),
                );
            }
            return std::ptr::null_mut();
        }
        parse_complex(&kept)
    };
    match parsed {
        Ok((real, imag)) => PyComplex_FromDoubles(real, imag),
        Err(()) => std::ptr::null_mut(),
    }
}

/// CPython's `complex_from_string_inner`: `<float>`, `<float>j`,
/// `<float><signed-float>j`, and the older `<float><sign>j`, `<sign>j`,
/// `j`, with surrounding spaces and optionally in parentheses; the floats
/// are whatever `PyOS_string_to_double` reads. The text is read up to its
/// first NUL, as in C, but must be that long. `ValueError("complex() arg
/// is a malformed string")`.
fn parse_complex(text: &[u8]) -> Result<(f64, f64), ()> {
    let mut buf = Vec::with_capacity(text.len() + 1);
    buf.extend_from_slice(text);
    buf.push(0);
    let at = |i: usize| buf[i.min(buf.len() - 1)];
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    // A float starting at `i`: Some((value, end)) or None when none starts
    // there; Err for an error other than "not a float".
    let float_at = |i: usize| -> Result<Option<(f64, usize)>, ()> {
        let mut end: *mut std::ffi::c_char = std::ptr::null_mut();
        // SAFETY: `buf` is NUL-terminated and `i` is within it; `end` is
        // set to a position within it.
        let (z, used) = unsafe {
            let start = buf.as_ptr().add(i).cast::<std::ffi::c_char>();
            let z = crate::python::pystrtod::PyOS_string_to_double(
                start,
                &mut end,
                std::ptr::null_mut(),
            );
            (z, end.offset_from(start) as usize)
        };
        if z == -1.0 && !errors::PyErr_Occurred().is_null() {
            // SAFETY: an exception is set.
            if unsafe { errors::PyErr_ExceptionMatches(Exc::ValueError.type_object()) } == 0 {
                return Err(());
            }
            errors::PyErr_Clear();
        }
        Ok((used > 0).then_some((z, i + used)))
    };
    let malformed = || {
        errors::raise(Exc::ValueError, "complex() arg is a malformed string");
        Err(())
    };
    let mut s = 0;
    while is_space(at(s)) {
        s += 1;
    }
    let bracket = at(s) == b'(';
    if bracket {
        s += 1;
        while is_space(at(s)) {
            s += 1;
        }
    }
    let (mut x, mut y) = (0.0, 0.0);
    let is_j = |c: u8| c == b'j' || c == b'J';
    if let Some((z, end)) = float_at(s)? {
        s = end;
        if at(s) == b'+' || at(s) == b'-' {
            x = z;
            match float_at(s)? {
                Some((w, end)) => {
                    y = w;
                    s = end;
                }
                None => {
                    y = if at(s) == b'+' { 1.0 } else { -1.0 };
                    s += 1;
                }
            }
            if !is_j(at(s)) {
                return malformed();
            }
            s += 1;
        } else if is_j(at(s)) {
            s += 1;
            y = z;
        } else {
            x = z;
        }
    } else {
        if at(s) == b'+' || at(s) == b'-' {
            y = if at(s) == b'+' { 1.0 } else { -1.0 };
            s += 1;
        } else {
            y = 1.0;
        }
        if !is_j(at(s)) {
            return malformed();
        }
        s += 1;
    }
    while is_space(at(s)) {
        s += 1;
    }
    if bracket {
        if at(s) != b')' {
            return malformed();
        }
        s += 1;
        while is_space(at(s)) {
            s += 1;
        }
    }
    if s != text.len() {
        return malformed();
    }
    Ok((x, y))
}

/// A float as CPython's `PyOS_double_to_string(v, 'r', 0, flags)` writes
/// it without `Py_DTSF_ADD_DOT_0`: `repr(float)` less a trailing `.0`
/// (`1`, `1.5`, `1e+16`, `nan`, `inf`), with a `+` in front when `sign`
/// asks for one and the value has no `-`.
fn repr_part(v: f64, sign: bool) -> String {
    let r = crate::objects::floatobject::float_repr(v);
    let r = r.strip_suffix(".0").map_or(r.clone(), str::to_owned);
    if sign && !r.starts_with('-') {
        format!("+{r}")
    } else {
        r
    }
}

/// `repr(complex)`: `2j` when the real part is +0.0, else `(1+2j)`,
/// `(-0-1j)`, `(nan+infj)`.
unsafe extern "C" fn complex_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: the slot is called with a live complex.
    let Some(v) = (unsafe { complex_value(op) }) else {
        errors::PyErr_BadInternalCall();
        return std::ptr::null_mut();
    };
    let text = if v.real == 0.0 && v.real.is_sign_positive() {
        format!("{}j", repr_part(v.imag, false))
    } else {
        format!("({}{}j)", repr_part(v.real, false), repr_part(v.imag, true))
    };
    crate::objects::unicodeobject::unicode_from_str(&text)
}

/// `PyComplexObject`: CPython's layout.
#[repr(C)]
pub struct PyComplexObject {
    /// Object header.
    pub ob_base: PyObject,
    /// The value.
    pub cval: Py_complex,
}

/// The value of a `complex`, or None for anything else (and NULL).
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn complex_value(op: *mut PyObject) -> Option<Py_complex> {
    // SAFETY: live per the contract; the payload is read only from complexes.
    if op.is_null() || unsafe { type_of(op) } != PyComplex_Type.get() {
        return None;
    }
    // SAFETY: a PyComplexObject (checked above).
    Some(unsafe { (*op.cast::<PyComplexObject>()).cval })
}

/// `PyComplex_FromCComplex(v)`: a new `complex`. Fails only with
/// `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyComplex_FromCComplex(v: Py_complex) -> *mut PyObject {
    let op = alloc(PyComplex_Type.get(), std::mem::size_of::<PyComplexObject>());
    if !op.is_null() {
        // SAFETY: a fresh PyComplexObject-sized allocation.
        unsafe { (*op.cast::<PyComplexObject>()).cval = v };
    }
    op
}

/// `PyComplex_FromDoubles(real, imag)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyComplex_FromDoubles(real: c_double, imag: c_double) -> *mut PyObject {
    PyComplex_FromCComplex(Py_complex { real, imag })
}

/// `PyComplex_AsCComplex(op)`: the value of a `complex`; for anything else,
/// `PyFloat_AsDouble(op)` as the real part (so ints and floats convert and
/// other types fail with its `TypeError`, the real part then -1.0).
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyComplex_AsCComplex(op: *mut PyObject) -> Py_complex {
    if op.is_null() {
        errors::PyErr_BadInternalCall();
        return Py_complex {
            real: -1.0,
            imag: 0.0,
        };
    }
    // SAFETY: live per the contract.
    if let Some(v) = unsafe { complex_value(op) } {
        return v;
    }
    // SAFETY: live per the contract.
    let real = unsafe { PyFloat_AsDouble(op) };
    Py_complex { real, imag: 0.0 }
}

/// `PyComplex_RealAsDouble(op)`: the real part of a `complex`, else
/// `PyFloat_AsDouble(op)`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyComplex_RealAsDouble(op: *mut PyObject) -> c_double {
    // SAFETY: NULL or live per the contract (PyFloat_AsDouble handles NULL).
    match unsafe { complex_value(op) } {
        Some(v) => v.real,
        // SAFETY: NULL or live per the contract; PyFloat_AsDouble handles NULL.
        None => unsafe { PyFloat_AsDouble(op) },
    }
}

/// `PyComplex_ImagAsDouble(op)`: the imaginary part of a `complex`, else
/// 0.0.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyComplex_ImagAsDouble(op: *mut PyObject) -> c_double {
    // SAFETY: NULL or live per the contract.
    unsafe { complex_value(op) }.map_or(0.0, |v| v.imag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::floatobject::PyFloat_FromDouble;
    use crate::objects::object::Py_DecRef;

    #[test]
    fn round_trip_and_conversions() {
        let c = PyComplex_FromDoubles(1.5, -2.0);
        // SAFETY: live objects made here.
        unsafe {
            assert_eq!(
                PyComplex_AsCComplex(c),
                Py_complex {
                    real: 1.5,
                    imag: -2.0
                }
            );
            assert_eq!(PyComplex_RealAsDouble(c), 1.5);
            assert_eq!(PyComplex_ImagAsDouble(c), -2.0);
            let f = PyFloat_FromDouble(0.25);
            assert_eq!(
                PyComplex_AsCComplex(f),
                Py_complex {
                    real: 0.25,
                    imag: 0.0
                }
            );
            assert_eq!(PyComplex_ImagAsDouble(f), 0.0);
            Py_DecRef(f);
            Py_DecRef(c);
        }
    }
}
