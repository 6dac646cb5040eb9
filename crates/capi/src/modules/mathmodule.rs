//! The `math` module (CPython's `Modules/mathmodule.c`): the constants
//! `pi`, `e`, `tau`, `inf` and `nan` and every function of CPython 3.11's
//! module. Cython modules that `import math` at module level, and C code
//! that imports it by name, load it from here.
//!
//! Floating-point functions call the platform's libm (the same functions
//! CPython calls, so results agree bit for bit on one machine), wrapped
//! the way CPython wraps them: special values are handled before libm
//! sees them where CPython does so, a NaN result from non-NaN arguments
//! raises `ValueError("math domain error")` and an infinite result from
//! finite arguments `OverflowError("math range error")` (or the domain
//! error, for functions that cannot overflow). CPython also consults
//! `errno` after libm returns a finite result; on an IEEE 754 libm that
//! never adds an error (a finite result with `ERANGE` is an underflow,
//! which CPython ignores), so it is not read here. `gamma` and `lgamma`
//! are CPython's own Lanczos implementations, reproduced so that results
//! match; `fsum` is the same exact summation, `hypot`/`dist` the same
//! compensated vector norm.
//!
//! Integer functions (`factorial`, `comb`, `perm`, `isqrt`, `gcd`, `lcm`)
//! work on ints of any size; their results are exact, so the algorithms
//! need not be CPython's.
//!
//! Argument handling and every error message follow 3.11's clinic code:
//! one-argument functions are METH_O, the fixed-arity ones METH_FASTCALL
//! with `_PyArg_CheckPositional`, `isclose` and `prod` take keywords,
//! `log` is METH_VARARGS.

use std::ffi::{CStr, c_int, c_long};
use std::ptr;

use num_bigint::BigInt;
use num_integer::{Integer, Roots};
use num_traits::{One, Signed, Zero};

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::floatobject::{PyFloat_AsDouble, PyFloat_Type, float_from_f64};
use crate::objects::longobject::{
    Int, PyLong_AsDouble, PyLong_AsLongAndOverflow, PyLong_FromDouble, int_frexp, int_of,
    long_from_int,
};
use crate::objects::object::{Owned, type_of};
use crate::python::clinic::{METHOD_END, fastcall, fastcall_kw, method, static_parser, unpack};
use crate::python::errors;
use crate::python::getargs::_PyArg_CheckPositional;

// ==========================================================================
// libm
// ==========================================================================

/// The C library's math functions, as CPython calls them. Each is a pure
/// function of its arguments (`frexp` and `modf` write only through their
/// out-pointer), hence `safe` where no pointer is involved.
mod libm {
    use std::ffi::c_int;

    unsafe extern "C" {
        pub safe fn acos(x: f64) -> f64;
        pub safe fn acosh(x: f64) -> f64;
        pub safe fn asin(x: f64) -> f64;
        pub safe fn asinh(x: f64) -> f64;
        pub safe fn atan(x: f64) -> f64;
        pub safe fn atan2(y: f64, x: f64) -> f64;
        pub safe fn atanh(x: f64) -> f64;
        pub safe fn cos(x: f64) -> f64;
        pub safe fn cosh(x: f64) -> f64;
        pub safe fn erf(x: f64) -> f64;
        pub safe fn erfc(x: f64) -> f64;
        pub safe fn exp(x: f64) -> f64;
        pub safe fn exp2(x: f64) -> f64;
        pub safe fn expm1(x: f64) -> f64;
        pub safe fn log(x: f64) -> f64;
        pub safe fn log1p(x: f64) -> f64;
        pub safe fn log2(x: f64) -> f64;
        pub safe fn log10(x: f64) -> f64;
        pub safe fn pow(x: f64, y: f64) -> f64;
        pub safe fn sin(x: f64) -> f64;
        pub safe fn sinh(x: f64) -> f64;
        pub safe fn sqrt(x: f64) -> f64;
        pub safe fn tan(x: f64) -> f64;
        pub safe fn tanh(x: f64) -> f64;
        pub safe fn nextafter(x: f64, y: f64) -> f64;
        pub safe fn ldexp(x: f64, e: c_int) -> f64;
        pub fn frexp(x: f64, e: *mut c_int) -> f64;
        pub fn modf(x: f64, ip: *mut f64) -> f64;
    }

    /// The C library's `cbrt`. Rust's runtime (compiler-builtins) links
    /// its own `cbrt` into this library, and a plain declaration binds to
    /// that one, whose results differ from glibc's in the last bit; so on
    /// glibc the function is taken from the loaded `libm.so.6` itself, as
    /// CPython's `math` module gets it. Elsewhere (or should that fail)
    /// Rust's `cbrt`.
    pub fn cbrt(x: f64) -> f64 {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        {
            use std::sync::OnceLock;
            type Cbrt = unsafe extern "C" fn(f64) -> f64;
            static CBRT: OnceLock<Option<Cbrt>> = OnceLock::new();
            let f = CBRT.get_or_init(|| {
                // SAFETY: NUL-terminated names; RTLD_NOLOAD only looks up
                // the libm this library is linked with (loaded with it),
                // and the handle is kept for the process.
                unsafe {
                    let h = libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW | libc::RTLD_NOLOAD);
                    if h.is_null() {
                        return None;
                    }
                    let sym = libc::dlsym(h, c"cbrt".as_ptr());
                    if sym.is_null() {
                        return None;
                    }
                    // SAFETY: libm's `cbrt` has this signature.
                    Some(std::mem::transmute::<*mut libc::c_void, Cbrt>(sym))
                }
            });
            if let Some(f) = f {
                // SAFETY: a pure function of its argument.
                return unsafe { f(x) };
            }
        }
        x.cbrt()
    }
}

// ==========================================================================
// Errors and conversions
// ==========================================================================

/// A result, or the exception to raise.
type MathResult = Result<f64, MathError>;

/// The two errors CPython's wrappers map libm failures to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MathError {
    /// `ValueError("math domain error")`: invalid argument or a pole.
    Domain,
    /// `OverflowError("math range error")`.
    Range,
}

/// Raises `e`; NULL for the caller.
fn raise(e: MathError) -> *mut PyObject {
    match e {
        MathError::Domain => errors::fail_null(Exc::ValueError, "math domain error"),
        MathError::Range => errors::fail_null(Exc::OverflowError, "math range error"),
    }
}

/// A new float, or the error.
fn to_float(r: MathResult) -> *mut PyObject {
    match r {
        Ok(v) => float_from_f64(v),
        Err(e) => raise(e),
    }
}

/// `PyFloat_AsDouble(o)` (clinic's `double` converter): None with its error.
///
/// # Safety
/// `o` a live object.
unsafe fn double_arg(o: *mut PyObject) -> Option<f64> {
    // SAFETY: live per the contract.
    let v = unsafe { PyFloat_AsDouble(o) };
    if v == -1.0 && !errors::PyErr_Occurred().is_null() {
        return None;
    }
    Some(v)
}

/// True for an object whose type is exactly `float`.
///
/// # Safety
/// `o` a live object.
unsafe fn is_exact_float(o: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { type_of(o) == PyFloat_Type.get() }
}

/// True for an `int` (subclasses and `bool` included).
///
/// # Safety
/// `o` a live object.
unsafe fn is_int(o: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { crate::objects::r#abstract::is_int(o) }
}

/// `operator.index(o)`'s value (`PyNumber_Index`), or None with its error.
///
/// # Safety
/// `o` a live object.
unsafe fn index_value(o: *mut PyObject) -> Option<Int> {
    // SAFETY: live per the contract; the index is an int.
    unsafe {
        let i = Owned::new(crate::objects::r#abstract::PyNumber_Index(o))?;
        Some(int_of(i.as_ptr()))
    }
}

/// A new int, or NULL with the error.
fn to_int(v: Option<Int>) -> *mut PyObject {
    match v {
        Some(v) => long_from_int(&v),
        None => ptr::null_mut(),
    }
}

/// The positional arguments of a fastcall, copied out of the caller's
/// array (no Rust reference is made to memory the caller owns).
///
/// # Safety
/// `args` valid for `nargs` live entries (any pointer when `nargs` is 0).
unsafe fn arg_slice(args: *const *mut PyObject, nargs: Py_ssize_t) -> Vec<*mut PyObject> {
    (0..nargs.max(0) as usize)
        // SAFETY: `i < nargs`, per the contract.
        .map(|i| unsafe { *args.add(i) })
        .collect()
}

/// `_PyArg_CheckPositional(name, nargs, min, max)` as a bool.
fn check_positional(name: &CStr, nargs: Py_ssize_t, min: Py_ssize_t, max: Py_ssize_t) -> bool {
    // SAFETY: a NUL-terminated name.
    unsafe { _PyArg_CheckPositional(name.as_ptr(), nargs, min, max) != 0 }
}

// ==========================================================================
// The libm wrappers
// ==========================================================================

/// CPython's `math_1`: `f(x)` for a one-argument function, a NaN from a
/// non-NaN argument being a domain error and an infinity from a finite one
/// a range error when `can_overflow`, else a domain error (a pole).
fn math_1(x: f64, f: fn(f64) -> f64, can_overflow: bool) -> MathResult {
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(MathError::Domain);
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            MathError::Range
        } else {
            MathError::Domain
        });
    }
    Ok(r)
}

/// CPython's `math_2` result rules for a two-argument function.
fn math_2(x: f64, y: f64, r: f64) -> MathResult {
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(MathError::Domain);
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

/// A METH_O function over [`math_1`].
///
/// # Safety
/// `arg` a live object.
unsafe fn one(arg: *mut PyObject, f: fn(f64) -> f64, can_overflow: bool) -> *mut PyObject {
    // SAFETY: live per the contract.
    match unsafe { double_arg(arg) } {
        Some(x) => to_float(math_1(x, f, can_overflow)),
        None => ptr::null_mut(),
    }
}

/// A METH_FASTCALL two-argument function `name(x, y, /)`: both arguments
/// converted in order, then `f` (which applies its own result rules).
///
/// # Safety
/// A fastcall's arguments.
unsafe fn two(
    name: &CStr,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    f: fn(f64, f64) -> MathResult,
) -> *mut PyObject {
    if !check_positional(name, nargs, 2, 2) {
        return ptr::null_mut();
    }
    // SAFETY: two live arguments, checked above.
    unsafe {
        let a = arg_slice(args, nargs);
        let Some(x) = double_arg(a[0]) else {
            return ptr::null_mut();
        };
        let Some(y) = double_arg(a[1]) else {
            return ptr::null_mut();
        };
        to_float(f(x, y))
    }
}

/// Declares METH_O functions over [`math_1`]: `name => (libm function,
/// can_overflow)`.
macro_rules! unary {
    ($($name:ident => ($f:expr, $over:expr)),* $(,)?) => {
        $(
            unsafe extern "C" fn $name(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
                // SAFETY: METH_O passes one live argument.
                unsafe { one(arg, |x| $f(x), $over) }
            }
        )*
    };
}

unary! {
    math_acos => (libm::acos, false),
    math_acosh => (libm::acosh, false),
    math_asin => (libm::asin, false),
    math_asinh => (libm::asinh, false),
    math_atan => (libm::atan, false),
    math_atanh => (libm::atanh, false),
    math_cbrt => (libm::cbrt, false),
    math_cos => (libm::cos, false),
    math_cosh => (libm::cosh, true),
    math_exp => (libm::exp, true),
    math_exp2 => (libm::exp2, true),
    math_expm1 => (libm::expm1, true),
    math_fabs => (f64::abs, false),
    math_log1p => (m_log1p, false),
    math_sin => (libm::sin, false),
    math_sinh => (libm::sinh, true),
    math_sqrt => (libm::sqrt, false),
    math_tan => (libm::tan, false),
    math_tanh => (libm::tanh, false),
}

/// `log1p`, keeping the sign of a zero argument (some libms lose it).
fn m_log1p(x: f64) -> f64 {
    if x == 0.0 { x } else { libm::log1p(x) }
}

/// Declares METH_O functions whose errors the function itself decides
/// (CPython's `math_1a`): `name => function returning a MathResult`.
macro_rules! unary_checked {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(
            unsafe extern "C" fn $name(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
                // SAFETY: METH_O passes one live argument.
                match unsafe { double_arg(arg) } {
                    Some(x) => to_float($f(x)),
                    None => ptr::null_mut(),
                }
            }
        )*
    };
}

unary_checked! {
    // libm's erf and erfc set errno only on underflow, which is no error.
    math_erf => |x| Ok(libm::erf(x)),
    math_erfc => |x| Ok(libm::erfc(x)),
    math_gamma => m_tgamma,
    math_lgamma => m_lgamma,
}

/// Declares METH_FASTCALL two-argument functions: `name => (its name for
/// messages, function returning a MathResult)`.
macro_rules! binary {
    ($($name:ident => ($text:literal, $f:expr)),* $(,)?) => {
        $(
            unsafe extern "C" fn $name(
                _m: *mut PyObject,
                args: *const *mut PyObject,
                nargs: Py_ssize_t,
            ) -> *mut PyObject {
                // SAFETY: a fastcall's arguments.
                unsafe { two($text, args, nargs, $f) }
            }
        )*
    };
}

binary! {
    math_atan2 => (c"atan2", |y, x| math_2(y, x, m_atan2(y, x))),
    math_copysign => (c"copysign", |x, y| math_2(x, y, f64::copysign(x, y))),
    math_remainder => (c"remainder", |x, y| math_2(x, y, m_remainder(x, y))),
    math_fmod => (c"fmod", m_fmod),
    math_pow => (c"pow", m_pow),
    math_nextafter => (c"nextafter", |x, y| Ok(libm::nextafter(x, y))),
}

/// `atan2` with C99's special values decided here, whatever the libm.
fn m_atan2(y: f64, x: f64) -> f64 {
    use std::f64::consts::PI;
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() {
        if x.is_infinite() {
            let angle = if x.is_sign_positive() {
                0.25 * PI
            } else {
                0.75 * PI
            };
            return angle.copysign(y);
        }
        return (0.5 * PI).copysign(y);
    }
    if x.is_infinite() || y == 0.0 {
        return if x.is_sign_positive() {
            0.0f64.copysign(y)
        } else {
            PI.copysign(y)
        };
    }
    libm::atan2(y, x)
}

/// IEEE 754 `remainder`: `x - n*y` for the integer `n` nearest `x/y`,
/// ties to even; always exact.
fn m_remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (ax, ay) = (x.abs(), y.abs());
        let m = ax % ay;
        // `ay - m` is exact whenever the comparison matters, so comparing
        // `m` with it tells whether `m` is below, at or above half of `ay`
        // without computing `0.5 * ay` (which may lose a bit).
        let c = ay - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            // Halfway: keep `m` when the quotient is even, else `-m`;
            // `(ax - m) / 2 mod ay` is `m` for an odd quotient, else 0.
            m - 2.0 * ((0.5 * (ax - m)) % ay)
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

/// `math.fmod`: C's `fmod`, returning a finite `x` for an infinite `y`.
fn m_fmod(x: f64, y: f64) -> MathResult {
    if y.is_infinite() && x.is_finite() {
        return Ok(x);
    }
    // Rust's `%` on doubles is C's fmod (exact).
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(MathError::Domain);
    }
    Ok(r)
}

/// `math.pow`: special values decided here; from libm, a NaN is a domain
/// error, an infinity from a zero base a pole (domain) and otherwise an
/// overflow.
fn m_pow(x: f64, y: f64) -> MathResult {
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
            if y == 0.0 { 1.0 } else { x }
        } else if y.is_nan() {
            if x == 1.0 { 1.0 } else { y }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y { x } else { x.abs() }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if (y > 0.0 && x.abs() > 1.0) || (y < 0.0 && x.abs() < 1.0) {
            f64::INFINITY
        } else {
            0.0
        };
        return Ok(r);
    }
    let r = libm::pow(x, y);
    if r.is_nan() {
        return Err(MathError::Domain);
    }
    if r.is_infinite() {
        return Err(if x == 0.0 {
            MathError::Domain
        } else {
            MathError::Range
        });
    }
    Ok(r)
}

// ==========================================================================
// gamma and lgamma
// ==========================================================================

// CPython computes both with the Lanczos approximation (N = 13,
// g = 6.024680040776729583740234375, Boost's parameters, as a rational
// function) and the reflection formula for negative arguments. The same
// arithmetic is done here in the same order so that results match.

#[allow(clippy::excessive_precision)]
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];

/// The denominator `x*(x+1)*...*(x+11)` as coefficients of `x**i`.
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];

// g and g - 0.5 are written out in full: both are exact doubles.
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;
#[allow(clippy::excessive_precision)]
const LOG_PI: f64 = 1.144729885849400174143427351353058711647;

/// `gamma(n)` for the integers 1 to 23, exact as doubles.
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
];

/// The Lanczos sum for positive `x`: evaluated in `x` below 5, else in
/// `1/x` (scaled by `x**-12`), which avoids overflow for large `x`.
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// `sin(pi*x)` for finite `x`, accurate near integers (reducing `x`
/// modulo 2 first and choosing sin or cos by the nearest half-integer).
fn m_sinpi(x: f64) -> f64 {
    use std::f64::consts::PI;
    let y = x.abs() % 2.0;
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => libm::sin(PI * y),
        1 => libm::cos(PI * (y - 0.5)),
        // sin(pi*(1-y)) rather than -sin(pi*(y-1)): +0.0 at y == 1.
        2 => libm::sin(PI * (1.0 - y)),
        3 => -libm::cos(PI * (y - 1.5)),
        _ => libm::sin(PI * (y - 2.0)),
    };
    1.0f64.copysign(x) * r
}

/// The gamma function: C99's special values, exact values at small
/// integers, `1/x` for tiny `x`, and the Lanczos sum with a correction
/// for the rounding error of `x + g - 0.5`.
fn m_tgamma(x: f64) -> MathResult {
    use std::f64::consts::PI;
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return Ok(x);
        }
        return Err(MathError::Domain);
    }
    if x == 0.0 {
        // A pole: +-inf, reported as a domain error.
        return Err(MathError::Domain);
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(MathError::Domain);
        }
        if x <= GAMMA_INTEGRAL.len() as f64 {
            return Ok(GAMMA_INTEGRAL[x as usize - 1]);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() {
            Err(MathError::Range)
        } else {
            Ok(r)
        };
    }
    if absx > 200.0 {
        // Overflows above 200; underflows to a signed zero below -200.
        if x < 0.0 {
            return Ok(0.0 / m_sinpi(x));
        }
        return Err(MathError::Range);
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    // z: the rounding error of y, scaled (see the correction below).
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -PI / m_sinpi(absx) / absx * libm::exp(y) / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= libm::pow(y, absx - 0.5);
        } else {
            let sqrtpow = libm::pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / libm::exp(y);
        r += z * r;
        if absx < 140.0 {
            r *= libm::pow(y, absx - 0.5);
        } else {
            let sqrtpow = libm::pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if r.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

/// The natural logarithm of `|gamma(x)|`.
fn m_lgamma(x: f64) -> MathResult {
    if !x.is_finite() {
        // lgamma(nan) = nan, lgamma(+-inf) = +inf.
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        if x <= 0.0 {
            // Poles at the non-positive integers.
            return Err(MathError::Domain);
        }
        return Ok(0.0);
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-libm::log(absx));
    }
    let mut r = libm::log(lanczos_sum(absx)) - LANCZOS_G;
    r += (absx - 0.5) * (libm::log(absx + LANCZOS_G - 0.5) - 1.0);
    if x < 0.0 {
        // The reflection formula.
        r = LOG_PI - libm::log(m_sinpi(absx).abs()) - libm::log(absx) - r;
    }
    if r.is_infinite() {
        return Err(MathError::Range);
    }
    Ok(r)
}

// ==========================================================================
// Logarithms
// ==========================================================================

/// `log` in base e, 2 or 10 (`f`, from libm: `log2` is exact at powers of
/// two) with its special values decided here: NaN for negative arguments,
/// -inf at zero (both then domain errors in [`math_1`]).
fn special_log(x: f64, f: extern "C" fn(f64) -> f64) -> f64 {
    if x.is_nan() || x > 0.0 {
        f(x)
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::NAN
    }
}

fn m_log(x: f64) -> f64 {
    special_log(x, libm::log)
}

fn m_log2(x: f64) -> f64 {
    special_log(x, libm::log2)
}

fn m_log10(x: f64) -> f64 {
    special_log(x, libm::log10)
}

/// CPython's `loghelper`: `func` of an int of any size (positive ones
/// only: others are a domain error), of anything else through
/// [`math_1`]. An int beyond the double range is taken as `m * 2**e`.
///
/// # Safety
/// `arg` a live object.
unsafe fn loghelper(arg: *mut PyObject, func: fn(f64) -> f64) -> Option<f64> {
    // SAFETY: live per the contract.
    unsafe {
        if is_int(arg) {
            let v = int_of(arg);
            if v.is_negative() || v.is_zero() {
                errors::raise(Exc::ValueError, "math domain error");
                return None;
            }
            let x = PyLong_AsDouble(arg);
            if x == -1.0 && !errors::PyErr_Occurred().is_null() {
                if errors::PyErr_ExceptionMatches(Exc::OverflowError.type_object()) == 0 {
                    return None;
                }
                errors::PyErr_Clear();
                let (m, e) = int_frexp(&v);
                return Some(func(m) + func(2.0) * e as f64);
            }
            return Some(func(x));
        }
        let x = double_arg(arg)?;
        match math_1(x, func, false) {
            Ok(v) => Some(v),
            Err(e) => {
                raise(e);
                None
            }
        }
    }
}

/// `log(x, [base=math.e])` (METH_VARARGS: an optional group).
unsafe extern "C" fn math_log(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_VARARGS passes a live tuple.
    unsafe {
        let a = crate::objects::tupleobject::size(args);
        if !(1..=2).contains(&a) {
            return errors::fail_null(Exc::TypeError, "math.log requires 1 to 2 arguments");
        }
        let x = crate::objects::tupleobject::get(args, 0);
        let Some(num) = loghelper(x, m_log) else {
            return ptr::null_mut();
        };
        if a == 1 {
            return float_from_f64(num);
        }
        let base = crate::objects::tupleobject::get(args, 1);
        let Some(den) = loghelper(base, m_log) else {
            return ptr::null_mut();
        };
        // As CPython divides the two floats: float division's error.
        if den == 0.0 {
            return errors::fail_null(Exc::ZeroDivisionError, "float division by zero");
        }
        float_from_f64(num / den)
    }
}

unsafe extern "C" fn math_log2(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument.
    match unsafe { loghelper(arg, m_log2) } {
        Some(v) => float_from_f64(v),
        None => ptr::null_mut(),
    }
}

unsafe extern "C" fn math_log10(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument.
    match unsafe { loghelper(arg, m_log10) } {
        Some(v) => float_from_f64(v),
        None => ptr::null_mut(),
    }
}

// ==========================================================================
// Rounding: ceil, floor, trunc
// ==========================================================================

/// `ceil`/`floor`: the argument's `special` method (`__ceil__` /
/// `__floor__`) when it is not exactly a float and has one, else the
/// rounded double as an int.
///
/// # Safety
/// `arg` a live object.
unsafe fn rounded(arg: *mut PyObject, special: &str, round: fn(f64) -> f64) -> *mut PyObject {
    // SAFETY: live per the contract.
    unsafe {
        if !is_exact_float(arg) {
            match crate::objects::typeobject::lookup_special(arg, special) {
                Ok(Some(m)) => return crate::objects::call::PyObject_CallNoArgs(m.as_ptr()),
                Ok(None) => {}
                Err(()) => return ptr::null_mut(),
            }
        }
        match double_arg(arg) {
            Some(x) => PyLong_FromDouble(round(x)),
            None => ptr::null_mut(),
        }
    }
}

unsafe extern "C" fn math_ceil(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument.
    unsafe { rounded(arg, "__ceil__", f64::ceil) }
}

unsafe extern "C" fn math_floor(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument.
    unsafe { rounded(arg, "__floor__", f64::floor) }
}

/// `trunc(x)`: a float's integer part, else `x.__trunc__()`.
unsafe extern "C" fn math_trunc(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument.
    unsafe {
        if is_exact_float(arg) {
            return PyLong_FromDouble((*arg.cast::<PyFloatObject>()).ob_fval);
        }
        match crate::objects::typeobject::lookup_special(arg, "__trunc__") {
            Ok(Some(m)) => crate::objects::call::PyObject_CallNoArgs(m.as_ptr()),
            Ok(None) => errors::fail_null(
                Exc::TypeError,
                format!(
                    "type {} doesn't define __trunc__ method",
                    crate::objects::object::type_name_max(arg, 100)
                ),
            ),
            Err(()) => ptr::null_mut(),
        }
    }
}

// ==========================================================================
// Float decomposition: frexp, ldexp, modf
// ==========================================================================

/// `(a, b)` as a new tuple of two floats, or `(a, int b)`.
fn pair(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    if a.is_null() || b.is_null() {
        // SAFETY: owned references or NULL.
        unsafe {
            crate::objects::object::Py_DecRef(a);
            crate::objects::object::Py_DecRef(b);
        }
        return ptr::null_mut();
    }
    // SAFETY: two owned, live references move into the tuple.
    unsafe { crate::objects::tupleobject::tuple_from_owned(vec![a, b]) }
}

unsafe extern "C" fn math_frexp(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument.
    let Some(x) = (unsafe { double_arg(arg) }) else {
        return ptr::null_mut();
    };
    let (m, e) = if x.is_nan() || x.is_infinite() || x == 0.0 {
        (x, 0)
    } else {
        let mut e: c_int = 0;
        // SAFETY: `e` is ours to write.
        let m = unsafe { libm::frexp(x, &mut e) };
        (m, e)
    };
    pair(
        float_from_f64(m),
        crate::objects::longobject::PyLong_FromLong(c_long::from(e)),
    )
}

unsafe extern "C" fn math_modf(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument.
    let Some(x) = (unsafe { double_arg(arg) }) else {
        return ptr::null_mut();
    };
    let (frac, whole) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        let mut whole = 0.0;
        // SAFETY: `whole` is ours to write.
        let frac = unsafe { libm::modf(x, &mut whole) };
        (frac, whole)
    };
    pair(float_from_f64(frac), float_from_f64(whole))
}

/// `ldexp(x, i, /)`: `i` must be an int; exponents beyond C's `int`
/// overflow or underflow outright.
unsafe extern "C" fn math_ldexp(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    if !check_positional(c"ldexp", nargs, 2, 2) {
        return ptr::null_mut();
    }
    // SAFETY: two live arguments, checked above.
    unsafe {
        let a = arg_slice(args, nargs);
        let Some(x) = double_arg(a[0]) else {
            return ptr::null_mut();
        };
        if !is_int(a[1]) {
            return errors::fail_null(
                Exc::TypeError,
                "Expected an int as second argument to ldexp.",
            );
        }
        let mut overflow: c_int = 0;
        let mut exp = PyLong_AsLongAndOverflow(a[1], &mut overflow);
        if exp == -1 && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        if overflow != 0 {
            exp = if overflow < 0 {
                c_long::MIN
            } else {
                c_long::MAX
            };
        }
        let r = if x == 0.0 || !x.is_finite() {
            x
        } else if exp > c_long::from(c_int::MAX) {
            return raise(MathError::Range);
        } else if exp < c_long::from(c_int::MIN) {
            0.0f64.copysign(x)
        } else {
            let r = libm::ldexp(x, exp as c_int);
            if r.is_infinite() {
                return raise(MathError::Range);
            }
            r
        };
        float_from_f64(r)
    }
}

// ==========================================================================
// Simple float functions
// ==========================================================================

unsafe extern "C" fn math_degrees(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    const RAD_TO_DEG: f64 = 180.0 / std::f64::consts::PI;
    // SAFETY: METH_O passes one live argument.
    match unsafe { double_arg(arg) } {
        Some(x) => float_from_f64(x * RAD_TO_DEG),
        None => ptr::null_mut(),
    }
}

unsafe extern "C" fn math_radians(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    const DEG_TO_RAD: f64 = std::f64::consts::PI / 180.0;
    // SAFETY: METH_O passes one live argument.
    match unsafe { double_arg(arg) } {
        Some(x) => float_from_f64(x * DEG_TO_RAD),
        None => ptr::null_mut(),
    }
}

/// Declares METH_O predicates over the argument as a double.
macro_rules! predicate {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(
            unsafe extern "C" fn $name(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
                // SAFETY: METH_O passes one live argument.
                match unsafe { double_arg(arg) } {
                    Some(x) => crate::objects::boolobject::bool_from_bool($f(x)),
                    None => ptr::null_mut(),
                }
            }
        )*
    };
}

predicate! {
    math_isfinite => f64::is_finite,
    math_isinf => f64::is_infinite,
    math_isnan => f64::is_nan,
}

/// `ulp(x)`: the gap from `|x|` to the next double away from zero (down
/// from the largest finite one).
unsafe extern "C" fn math_ulp(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument.
    let Some(x) = (unsafe { double_arg(arg) }) else {
        return ptr::null_mut();
    };
    if x.is_nan() {
        return float_from_f64(x);
    }
    let x = x.abs();
    if x.is_infinite() {
        return float_from_f64(x);
    }
    let up = libm::nextafter(x, f64::INFINITY);
    if up.is_infinite() {
        return float_from_f64(x - libm::nextafter(x, f64::NEG_INFINITY));
    }
    float_from_f64(up - x)
}

static_parser!(ISCLOSE_KW = [c"a", c"b", c"rel_tol", c"abs_tol"]; ISCLOSE_PARSER = c"isclose");

/// `isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`: Boost's "weak" test.
unsafe extern "C" fn math_isclose(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, live for the call.
    unsafe {
        let Some([a, b, rel, abs]) = unpack::<4>(&ISCLOSE_PARSER, args, nargs, kwnames, 2, 2)
        else {
            return ptr::null_mut();
        };
        let Some(a) = double_arg(a) else {
            return ptr::null_mut();
        };
        let Some(b) = double_arg(b) else {
            return ptr::null_mut();
        };
        let mut rel_tol = 1e-09;
        if !rel.is_null() {
            let Some(v) = double_arg(rel) else {
                return ptr::null_mut();
            };
            rel_tol = v;
        }
        let mut abs_tol = 0.0;
        if !abs.is_null() {
            let Some(v) = double_arg(abs) else {
                return ptr::null_mut();
            };
            abs_tol = v;
        }
        if rel_tol < 0.0 || abs_tol < 0.0 {
            return errors::fail_null(Exc::ValueError, "tolerances must be non-negative");
        }
        let close = if a == b {
            // Catches two infinities of the same sign.
            true
        } else if a.is_infinite() || b.is_infinite() {
            false
        } else {
            let diff = (b - a).abs();
            diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol
        };
        crate::objects::boolobject::bool_from_bool(close)
    }
}

// ==========================================================================
// Sums and norms: fsum, hypot, dist, prod
// ==========================================================================

/// `fsum(seq, /)`: the correctly rounded sum (Shewchuk's partials, then
/// CPython's half-even fix-up across partials). Infinities and NaNs are
/// summed apart; a finite overflow is an error.
unsafe extern "C" fn math_fsum(_m: *mut PyObject, seq: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument; the iterator and its items
    // are owned while used.
    unsafe {
        let Some(iter) = Owned::new(crate::objects::r#abstract::PyObject_GetIter(seq)) else {
            return ptr::null_mut();
        };
        let mut partials: Vec<f64> = Vec::new();
        let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
        loop {
            let item = crate::objects::r#abstract::PyIter_Next(iter.as_ptr());
            if item.is_null() {
                if !errors::PyErr_Occurred().is_null() {
                    return ptr::null_mut();
                }
                break;
            }
            let item = Owned::new(item).expect("not NULL");
            let Some(mut x) = double_arg(item.as_ptr()) else {
                return ptr::null_mut();
            };
            drop(item);
            let xsave = x;
            let mut i = 0;
            for j in 0..partials.len() {
                let mut y = partials[j];
                if x.abs() < y.abs() {
                    std::mem::swap(&mut x, &mut y);
                }
                let hi = x + y;
                let lo = y - (hi - x);
                if lo != 0.0 {
                    partials[i] = lo;
                    i += 1;
                }
                x = hi;
            }
            partials.truncate(i);
            if x != 0.0 {
                if !x.is_finite() {
                    // From an overflow, or an infinity or NaN summand.
                    if xsave.is_finite() {
                        return errors::fail_null(
                            Exc::OverflowError,
                            "intermediate overflow in fsum",
                        );
                    }
                    if xsave.is_infinite() {
                        inf_sum += xsave;
                    }
                    special_sum += xsave;
                    partials.clear();
                } else {
                    if partials.try_reserve(1).is_err() {
                        return errors::fail_null(Exc::MemoryError, "math.fsum partials");
                    }
                    partials.push(x);
                }
            }
        }
        if special_sum != 0.0 {
            if inf_sum.is_nan() {
                return errors::fail_null(Exc::ValueError, "-inf + inf in fsum");
            }
            return float_from_f64(special_sum);
        }
        let mut hi = 0.0;
        let mut n = partials.len();
        if n > 0 {
            n -= 1;
            hi = partials[n];
            let mut lo = 0.0;
            // Add from the top while the sum stays exact.
            while n > 0 {
                let x = hi;
                n -= 1;
                let y = partials[n];
                hi = x + y;
                lo = y - (hi - x);
                if lo != 0.0 {
                    break;
                }
            }
            // Half-even rounding across partials: when the rest has the
            // sign of the rounding error, round away once more.
            if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))
            {
                let y = lo * 2.0;
                let x = hi + y;
                if y == x - hi {
                    hi = x;
                }
            }
        }
        float_from_f64(hi)
    }
}

/// The Euclidean norm of `vec` (non-negative finite values, `max` the
/// largest, NaN/infinity flagged by the caller): scaled by a power of two,
/// squared exactly by Veltkamp-Dekker splitting, summed with compensation
/// and the square root corrected once, as CPython computes it.
fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    // 2**27 + 1: splits a double into two 26-bit halves.
    const T27: f64 = 134217729.0;
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let split = |x: f64| {
        let t = x * T27;
        let hi = t - (t - x);
        (hi, x - hi)
    };
    let (mut csum, mut frac1, mut frac2, mut frac3) = (1.0f64, 0.0f64, 0.0f64, 0.0f64);
    let add = |x: f64, frac: &mut f64, csum: &mut f64| {
        let old = *csum;
        *csum += x;
        *frac += (old - *csum) + x;
    };
    let mut max_e: c_int = 0;
    // SAFETY: `max_e` is ours to write.
    unsafe { libm::frexp(max, &mut max_e) };
    if max_e >= -1023 {
        let scale = libm::ldexp(1.0, -max_e);
        for &v in vec {
            let (hi, lo) = split(v * scale);
            add(hi * hi, &mut frac1, &mut csum);
            add(2.0 * hi * lo, &mut frac2, &mut csum);
            frac3 += lo * lo;
        }
        let h = libm::sqrt(csum - 1.0 + (frac1 + frac2 + frac3));
        let (hi, lo) = split(h);
        add(-hi * hi, &mut frac1, &mut csum);
        add(-2.0 * hi * lo, &mut frac2, &mut csum);
        add(-lo * lo, &mut frac3, &mut csum);
        let x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    // A subnormal maximum: 2**-max_e would overflow, so divide by it.
    for &v in vec {
        let x = v / max;
        add(x * x, &mut frac1, &mut csum);
    }
    max * libm::sqrt(csum - 1.0 + frac1)
}

/// `hypot(*coordinates)`.
unsafe extern "C" fn math_hypot(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's live arguments.
    unsafe {
        let mut coords = Vec::with_capacity(nargs.max(0) as usize);
        let (mut max, mut found_nan) = (0.0f64, false);
        for o in arg_slice(args, nargs) {
            let Some(x) = double_arg(o) else {
                return ptr::null_mut();
            };
            let x = x.abs();
            found_nan |= x.is_nan();
            if x > max {
                max = x;
            }
            coords.push(x);
        }
        float_from_f64(vector_norm(&coords, max, found_nan))
    }
}

/// `o` as a tuple (itself when it is one), or None with the error.
///
/// # Safety
/// `o` a live object.
unsafe fn as_tuple(o: *mut PyObject) -> Option<Owned> {
    // SAFETY: live per the contract.
    unsafe {
        if crate::objects::tupleobject::is_tuple(o) {
            return Some(Owned::borrowed(o));
        }
        Owned::new(crate::objects::r#abstract::PySequence_Tuple(o))
    }
}

/// `dist(p, q, /)`: the norm of the coordinate differences.
unsafe extern "C" fn math_dist(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    if !check_positional(c"dist", nargs, 2, 2) {
        return ptr::null_mut();
    }
    // SAFETY: two live arguments, checked above; the tuples are owned
    // while their items are read.
    unsafe {
        let a = arg_slice(args, nargs);
        let Some(p) = as_tuple(a[0]) else {
            return ptr::null_mut();
        };
        let Some(q) = as_tuple(a[1]) else {
            return ptr::null_mut();
        };
        let n = crate::objects::tupleobject::size(p.as_ptr());
        if n != crate::objects::tupleobject::size(q.as_ptr()) {
            return errors::fail_null(
                Exc::ValueError,
                "both points must have the same number of dimensions",
            );
        }
        let mut diffs = Vec::with_capacity(n as usize);
        let (mut max, mut found_nan) = (0.0f64, false);
        for i in 0..n {
            let Some(px) = double_arg(crate::objects::tupleobject::get(p.as_ptr(), i)) else {
                return ptr::null_mut();
            };
            let Some(qx) = double_arg(crate::objects::tupleobject::get(q.as_ptr(), i)) else {
                return ptr::null_mut();
            };
            let x = (px - qx).abs();
            found_nan |= x.is_nan();
            if x > max {
                max = x;
            }
            diffs.push(x);
        }
        float_from_f64(vector_norm(&diffs, max, found_nan))
    }
}

static_parser!(PROD_KW = [c"", c"start"]; PROD_PARSER = c"prod");

/// `prod(iterable, /, *, start=1)`: `start` times each item in turn, with
/// the items' own multiplication.
unsafe extern "C" fn math_prod(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall's arguments, live for the call; every object made
    // here is owned while used.
    unsafe {
        let Some([iterable, start]) = unpack::<2>(&PROD_PARSER, args, nargs, kwnames, 1, 1) else {
            return ptr::null_mut();
        };
        let Some(iter) = Owned::new(crate::objects::r#abstract::PyObject_GetIter(iterable)) else {
            return ptr::null_mut();
        };
        let mut result = if start.is_null() {
            match Owned::new(long_from_int(&Int::Small(1))) {
                Some(one) => one,
                None => return ptr::null_mut(),
            }
        } else {
            Owned::borrowed(start)
        };
        loop {
            let item = crate::objects::r#abstract::PyIter_Next(iter.as_ptr());
            if item.is_null() {
                if !errors::PyErr_Occurred().is_null() {
                    return ptr::null_mut();
                }
                return result.into_raw();
            }
            let item = Owned::new(item).expect("not NULL");
            let Some(next) = Owned::new(crate::objects::r#abstract::PyNumber_Multiply(
                result.as_ptr(),
                item.as_ptr(),
            )) else {
                return ptr::null_mut();
            };
            result = next;
        }
    }
}

// ==========================================================================
// Integer functions: gcd, lcm, isqrt, factorial, perm, comb
// ==========================================================================

/// `gcd(*integers)`: each argument through `__index__`; non-negative.
unsafe extern "C" fn math_gcd(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's live arguments.
    unsafe {
        let mut res = BigInt::zero();
        for o in arg_slice(args, nargs) {
            let Some(x) = index_value(o) else {
                return ptr::null_mut();
            };
            if !res.is_one() {
                res = res.gcd(&x.to_big());
            }
        }
        long_from_int(&Int::from_big(res.abs()))
    }
}

/// `lcm(*integers)`: each argument through `__index__`; non-negative.
unsafe extern "C" fn math_lcm(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall's live arguments.
    unsafe {
        let a = arg_slice(args, nargs);
        let Some((first, rest)) = a.split_first() else {
            return long_from_int(&Int::Small(1));
        };
        let Some(first) = index_value(*first) else {
            return ptr::null_mut();
        };
        let mut res = first.to_big().abs();
        for &o in rest {
            let Some(x) = index_value(o) else {
                return ptr::null_mut();
            };
            if res.is_zero() {
                continue;
            }
            let x = x.to_big();
            if x.is_zero() {
                res = BigInt::zero();
                continue;
            }
            let g = res.gcd(&x);
            let Some(m) = crate::objects::longobject::int_mul(
                Int::from_big(&res / g),
                Int::from_big(x.abs()),
            ) else {
                return ptr::null_mut();
            };
            res = m.to_big();
        }
        long_from_int(&Int::from_big(res))
    }
}

/// `isqrt(n, /)`: the floor of the square root of a non-negative integer.
unsafe extern "C" fn math_isqrt(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument; the index is an int.
    unsafe {
        let Some(i) = Owned::new(crate::objects::r#abstract::_PyNumber_Index(arg)) else {
            return ptr::null_mut();
        };
        let n = int_of(i.as_ptr());
        if n.is_negative() {
            return errors::fail_null(Exc::ValueError, "isqrt() argument must be nonnegative");
        }
        let r = match n {
            Int::Small(v) => Int::Small((v as u128).sqrt() as i128),
            Int::Big(b) => Int::from_big(b.sqrt()),
        };
        long_from_int(&r)
    }
}

/// The product of the integers in `lo..hi` (`lo < hi`), split in halves
/// so that the big multiplications are balanced; None with `MemoryError`
/// for an impossible size.
fn range_product(lo: &BigInt, hi: &BigInt) -> Option<BigInt> {
    let n = hi - lo;
    if n <= BigInt::from(16) {
        let mut acc = BigInt::one();
        let mut k = lo.clone();
        while &k < hi {
            acc *= &k;
            k += 1;
        }
        return Some(acc);
    }
    let mid = lo + (n >> 1usize);
    let a = range_product(lo, &mid)?;
    let b = range_product(&mid, hi)?;
    crate::objects::longobject::int_mul(Int::from_big(a), Int::from_big(b)).map(|v| v.to_big())
}

/// `n!` for a non-negative `n`.
fn factorial_of(n: u64) -> Option<Int> {
    if n < 2 {
        return Some(Int::Small(1));
    }
    range_product(&BigInt::one(), &(BigInt::from(n) + 1)).map(Int::from_big)
}

/// `factorial(n, /)`: `n` through `__index__` into a C long.
///
/// # Safety
/// `arg` a live object.
unsafe fn factorial(arg: *mut PyObject) -> *mut PyObject {
    let mut overflow: c_int = 0;
    // SAFETY: live per the contract; `overflow` is ours.
    let x = unsafe { PyLong_AsLongAndOverflow(arg, &mut overflow) };
    if x == -1 && !errors::PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    if overflow == 1 {
        return errors::fail_null(
            Exc::OverflowError,
            format!("factorial() argument should not exceed {}", c_long::MAX),
        );
    }
    if overflow == -1 || x < 0 {
        return errors::fail_null(
            Exc::ValueError,
            "factorial() not defined for negative values",
        );
    }
    to_int(factorial_of(x as u64))
}

unsafe extern "C" fn math_factorial(_m: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: METH_O passes one live argument.
    unsafe { factorial(arg) }
}

/// `n` and `k` through `__index__`, both non-negative, or None with the
/// error.
///
/// # Safety
/// Both live objects.
unsafe fn perm_comb_args(n: *mut PyObject, k: *mut PyObject) -> Option<(BigInt, BigInt)> {
    // SAFETY: live per the contract.
    let (n, k) = unsafe { (index_value(n)?, index_value(k)?) };
    if n.is_negative() {
        return raise_none(Exc::ValueError, "n must be a non-negative integer");
    }
    if k.is_negative() {
        return raise_none(Exc::ValueError, "k must be a non-negative integer");
    }
    Some((n.to_big(), k.to_big()))
}

fn raise_none<T>(exc: Exc, message: impl Into<String>) -> Option<T> {
    errors::raise(exc, message);
    None
}

/// `perm(n, k=None, /)`: `n! / (n-k)!`; `factorial(n)` without `k`.
unsafe extern "C" fn math_perm(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    if !check_positional(c"perm", nargs, 1, 2) {
        return ptr::null_mut();
    }
    // SAFETY: one or two live arguments, checked above.
    unsafe {
        let a = arg_slice(args, nargs);
        if nargs == 1 || a[1] == crate::objects::object::py_none() {
            return factorial(a[0]);
        }
        let Some((n, k)) = perm_comb_args(a[0], a[1]) else {
            return ptr::null_mut();
        };
        if n < k {
            return long_from_int(&Int::Small(0));
        }
        if k > BigInt::from(i64::MAX) {
            return errors::fail_null(
                Exc::OverflowError,
                format!("k must not exceed {}", i64::MAX),
            );
        }
        if k.is_zero() {
            return long_from_int(&Int::Small(1));
        }
        to_int(range_product(&(&n - &k + 1), &(n + 1)).map(Int::from_big))
    }
}

/// `comb(n, k, /)`: `n! / (k! * (n-k)!)`, 0 when `k > n`.
unsafe extern "C" fn math_comb(
    _m: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    if !check_positional(c"comb", nargs, 2, 2) {
        return ptr::null_mut();
    }
    // SAFETY: two live arguments, checked above.
    unsafe {
        let a = arg_slice(args, nargs);
        let Some((n, k)) = perm_comb_args(a[0], a[1]) else {
            return ptr::null_mut();
        };
        if k > n {
            return long_from_int(&Int::Small(0));
        }
        let k = k.clone().min(&n - &k);
        if k > BigInt::from(i64::MAX) {
            // Only reachable for an n beyond a C long long.
            return errors::fail_null(
                Exc::OverflowError,
                format!("min(n - k, k) must not exceed {}", i64::MAX),
            );
        }
        if k.is_zero() {
            return long_from_int(&Int::Small(1));
        }
        let Some(num) = range_product(&(&n - &k + 1), &(n + 1)) else {
            return ptr::null_mut();
        };
        let Some(den) = range_product(&BigInt::one(), &(k + 1)) else {
            return ptr::null_mut();
        };
        long_from_int(&Int::from_big(num / den))
    }
}

// ==========================================================================
// The module
// ==========================================================================

const fn meth_o(name: &'static CStr, f: PyCFunction) -> PyMethodDef {
    method(name, f, METH_O)
}

/// The functions, in CPython's order, with its docstrings (and so its
/// `__text_signature__`s).
static METHODS: StaticObject<[PyMethodDef; 56]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"acos($module, x, /)\n--\n\nReturn the arc cosine (measured in radians) of x.\n\nThe result is between 0 and pi.".as_ptr(),
        ..meth_o(c"acos", math_acos)
    },
    PyMethodDef {
        ml_doc: c"acosh($module, x, /)\n--\n\nReturn the inverse hyperbolic cosine of x.".as_ptr(),
        ..meth_o(c"acosh", math_acosh)
    },
    PyMethodDef {
        ml_doc: c"asin($module, x, /)\n--\n\nReturn the arc sine (measured in radians) of x.\n\nThe result is between -pi/2 and pi/2.".as_ptr(),
        ..meth_o(c"asin", math_asin)
    },
    PyMethodDef {
        ml_doc: c"asinh($module, x, /)\n--\n\nReturn the inverse hyperbolic sine of x.".as_ptr(),
        ..meth_o(c"asinh", math_asinh)
    },
    PyMethodDef {
        ml_doc: c"atan($module, x, /)\n--\n\nReturn the arc tangent (measured in radians) of x.\n\nThe result is between -pi/2 and pi/2.".as_ptr(),
        ..meth_o(c"atan", math_atan)
    },
    PyMethodDef {
        ml_doc: c"atan2($module, y, x, /)\n--\n\nReturn the arc tangent (measured in radians) of y/x.\n\nUnlike atan(y/x), the signs of both x and y are considered.".as_ptr(),
        ..fastcall(c"atan2", math_atan2)
    },
    PyMethodDef {
        ml_doc: c"atanh($module, x, /)\n--\n\nReturn the inverse hyperbolic tangent of x.".as_ptr(),
        ..meth_o(c"atanh", math_atanh)
    },
    PyMethodDef {
        ml_doc: c"cbrt($module, x, /)\n--\n\nReturn the cube root of x.".as_ptr(),
        ..meth_o(c"cbrt", math_cbrt)
    },
    PyMethodDef {
        ml_doc: c"ceil($module, x, /)\n--\n\nReturn the ceiling of x as an Integral.\n\nThis is the smallest integer >= x.".as_ptr(),
        ..meth_o(c"ceil", math_ceil)
    },
    PyMethodDef {
        ml_doc: c"copysign($module, x, y, /)\n--\n\nReturn a float with the magnitude (absolute value) of x but the sign of y.\n\nOn platforms that support signed zeros, copysign(1.0, -0.0)\nreturns -1.0.\n".as_ptr(),
        ..fastcall(c"copysign", math_copysign)
    },
    PyMethodDef {
        ml_doc: c"cos($module, x, /)\n--\n\nReturn the cosine of x (measured in radians).".as_ptr(),
        ..meth_o(c"cos", math_cos)
    },
    PyMethodDef {
        ml_doc: c"cosh($module, x, /)\n--\n\nReturn the hyperbolic cosine of x.".as_ptr(),
        ..meth_o(c"cosh", math_cosh)
    },
    PyMethodDef {
        ml_doc: c"degrees($module, x, /)\n--\n\nConvert angle x from radians to degrees.".as_ptr(),
        ..meth_o(c"degrees", math_degrees)
    },
    PyMethodDef {
        ml_doc: c"dist($module, p, q, /)\n--\n\nReturn the Euclidean distance between two points p and q.\n\nThe points should be specified as sequences (or iterables) of\ncoordinates.  Both inputs must have the same dimension.\n\nRoughly equivalent to:\n    sqrt(sum((px - qx) ** 2.0 for px, qx in zip(p, q)))".as_ptr(),
        ..fastcall(c"dist", math_dist)
    },
    PyMethodDef {
        ml_doc: c"erf($module, x, /)\n--\n\nError function at x.".as_ptr(),
        ..meth_o(c"erf", math_erf)
    },
    PyMethodDef {
        ml_doc: c"erfc($module, x, /)\n--\n\nComplementary error function at x.".as_ptr(),
        ..meth_o(c"erfc", math_erfc)
    },
    PyMethodDef {
        ml_doc: c"exp($module, x, /)\n--\n\nReturn e raised to the power of x.".as_ptr(),
        ..meth_o(c"exp", math_exp)
    },
    PyMethodDef {
        ml_doc: c"exp2($module, x, /)\n--\n\nReturn 2 raised to the power of x.".as_ptr(),
        ..meth_o(c"exp2", math_exp2)
    },
    PyMethodDef {
        ml_doc: c"expm1($module, x, /)\n--\n\nReturn exp(x)-1.\n\nThis function avoids the loss of precision involved in the direct evaluation of exp(x)-1 for small x.".as_ptr(),
        ..meth_o(c"expm1", math_expm1)
    },
    PyMethodDef {
        ml_doc: c"fabs($module, x, /)\n--\n\nReturn the absolute value of the float x.".as_ptr(),
        ..meth_o(c"fabs", math_fabs)
    },
    PyMethodDef {
        ml_doc: c"factorial($module, n, /)\n--\n\nFind n!.\n\nRaise a ValueError if x is negative or non-integral.".as_ptr(),
        ..meth_o(c"factorial", math_factorial)
    },
    PyMethodDef {
        ml_doc: c"floor($module, x, /)\n--\n\nReturn the floor of x as an Integral.\n\nThis is the largest integer <= x.".as_ptr(),
        ..meth_o(c"floor", math_floor)
    },
    PyMethodDef {
        ml_doc: c"fmod($module, x, y, /)\n--\n\nReturn fmod(x, y), according to platform C.\n\nx % y may differ.".as_ptr(),
        ..fastcall(c"fmod", math_fmod)
    },
    PyMethodDef {
        ml_doc: c"frexp($module, x, /)\n--\n\nReturn the mantissa and exponent of x, as pair (m, e).\n\nm is a float and e is an int, such that x = m * 2.**e.\nIf x is 0, m and e are both 0.  Else 0.5 <= abs(m) < 1.0.".as_ptr(),
        ..meth_o(c"frexp", math_frexp)
    },
    PyMethodDef {
        ml_doc: c"fsum($module, seq, /)\n--\n\nReturn an accurate floating point sum of values in the iterable seq.\n\nAssumes IEEE-754 floating point arithmetic.".as_ptr(),
        ..meth_o(c"fsum", math_fsum)
    },
    PyMethodDef {
        ml_doc: c"gamma($module, x, /)\n--\n\nGamma function at x.".as_ptr(),
        ..meth_o(c"gamma", math_gamma)
    },
    PyMethodDef {
        ml_doc: c"gcd($module, *integers)\n--\n\nGreatest Common Divisor.".as_ptr(),
        ..fastcall(c"gcd", math_gcd)
    },
    PyMethodDef {
        ml_doc: c"hypot(*coordinates) -> value\n\nMultidimensional Euclidean distance from the origin to a point.\n\nRoughly equivalent to:\n    sqrt(sum(x**2 for x in coordinates))\n\nFor a two dimensional point (x, y), gives the hypotenuse\nusing the Pythagorean theorem:  sqrt(x*x + y*y).\n\nFor example, the hypotenuse of a 3/4/5 right triangle is:\n\n    >>> hypot(3.0, 4.0)\n    5.0\n".as_ptr(),
        ..fastcall(c"hypot", math_hypot)
    },
    PyMethodDef {
        ml_doc: c"isclose($module, /, a, b, *, rel_tol=1e-09, abs_tol=0.0)\n--\n\nDetermine whether two floating point numbers are close in value.\n\n  rel_tol\n    maximum difference for being considered \"close\", relative to the\n    magnitude of the input values\n  abs_tol\n    maximum difference for being considered \"close\", regardless of the\n    magnitude of the input values\n\nReturn True if a is close in value to b, and False otherwise.\n\nFor the values to be considered close, the difference between them\nmust be smaller than at least one of the tolerances.\n\n-inf, inf and NaN behave similarly to the IEEE 754 Standard.  That\nis, NaN is not close to anything, even itself.  inf and -inf are\nonly close to themselves.".as_ptr(),
        ..fastcall_kw(c"isclose", math_isclose, 0)
    },
    PyMethodDef {
        ml_doc: c"isfinite($module, x, /)\n--\n\nReturn True if x is neither an infinity nor a NaN, and False otherwise.".as_ptr(),
        ..meth_o(c"isfinite", math_isfinite)
    },
    PyMethodDef {
        ml_doc: c"isinf($module, x, /)\n--\n\nReturn True if x is a positive or negative infinity, and False otherwise.".as_ptr(),
        ..meth_o(c"isinf", math_isinf)
    },
    PyMethodDef {
        ml_doc: c"isnan($module, x, /)\n--\n\nReturn True if x is a NaN (not a number), and False otherwise.".as_ptr(),
        ..meth_o(c"isnan", math_isnan)
    },
    PyMethodDef {
        ml_doc: c"isqrt($module, n, /)\n--\n\nReturn the integer part of the square root of the input.".as_ptr(),
        ..meth_o(c"isqrt", math_isqrt)
    },
    PyMethodDef {
        ml_doc: c"lcm($module, *integers)\n--\n\nLeast Common Multiple.".as_ptr(),
        ..fastcall(c"lcm", math_lcm)
    },
    PyMethodDef {
        ml_doc: c"ldexp($module, x, i, /)\n--\n\nReturn x * (2**i).\n\nThis is essentially the inverse of frexp().".as_ptr(),
        ..fastcall(c"ldexp", math_ldexp)
    },
    PyMethodDef {
        ml_doc: c"lgamma($module, x, /)\n--\n\nNatural logarithm of absolute value of Gamma function at x.".as_ptr(),
        ..meth_o(c"lgamma", math_lgamma)
    },
    PyMethodDef {
        ml_doc: c"log(x, [base=math.e])\nReturn the logarithm of x to the given base.\n\nIf the base not specified, returns the natural logarithm (base e) of x.".as_ptr(),
        ..method(c"log", math_log, METH_VARARGS)
    },
    PyMethodDef {
        ml_doc: c"log1p($module, x, /)\n--\n\nReturn the natural logarithm of 1+x (base e).\n\nThe result is computed in a way which is accurate for x near zero.".as_ptr(),
        ..meth_o(c"log1p", math_log1p)
    },
    PyMethodDef {
        ml_doc: c"log10($module, x, /)\n--\n\nReturn the base 10 logarithm of x.".as_ptr(),
        ..meth_o(c"log10", math_log10)
    },
    PyMethodDef {
        ml_doc: c"log2($module, x, /)\n--\n\nReturn the base 2 logarithm of x.".as_ptr(),
        ..meth_o(c"log2", math_log2)
    },
    PyMethodDef {
        ml_doc: c"modf($module, x, /)\n--\n\nReturn the fractional and integer parts of x.\n\nBoth results carry the sign of x and are floats.".as_ptr(),
        ..meth_o(c"modf", math_modf)
    },
    PyMethodDef {
        ml_doc: c"pow($module, x, y, /)\n--\n\nReturn x**y (x to the power of y).".as_ptr(),
        ..fastcall(c"pow", math_pow)
    },
    PyMethodDef {
        ml_doc: c"radians($module, x, /)\n--\n\nConvert angle x from degrees to radians.".as_ptr(),
        ..meth_o(c"radians", math_radians)
    },
    PyMethodDef {
        ml_doc: c"remainder($module, x, y, /)\n--\n\nDifference between x and the closest integer multiple of y.\n\nReturn x - n*y where n*y is the closest integer multiple of y.\nIn the case where x is exactly halfway between two multiples of\ny, the nearest even value of n is used. The result is always exact.".as_ptr(),
        ..fastcall(c"remainder", math_remainder)
    },
    PyMethodDef {
        ml_doc: c"sin($module, x, /)\n--\n\nReturn the sine of x (measured in radians).".as_ptr(),
        ..meth_o(c"sin", math_sin)
    },
    PyMethodDef {
        ml_doc: c"sinh($module, x, /)\n--\n\nReturn the hyperbolic sine of x.".as_ptr(),
        ..meth_o(c"sinh", math_sinh)
    },
    PyMethodDef {
        ml_doc: c"sqrt($module, x, /)\n--\n\nReturn the square root of x.".as_ptr(),
        ..meth_o(c"sqrt", math_sqrt)
    },
    PyMethodDef {
        ml_doc: c"tan($module, x, /)\n--\n\nReturn the tangent of x (measured in radians).".as_ptr(),
        ..meth_o(c"tan", math_tan)
    },
    PyMethodDef {
        ml_doc: c"tanh($module, x, /)\n--\n\nReturn the hyperbolic tangent of x.".as_ptr(),
        ..meth_o(c"tanh", math_tanh)
    },
    PyMethodDef {
        ml_doc: c"trunc($module, x, /)\n--\n\nTruncates the Real x to the nearest Integral toward 0.\n\nUses the __trunc__ magic method.".as_ptr(),
        ..meth_o(c"trunc", math_trunc)
    },
    PyMethodDef {
        ml_doc: c"prod($module, iterable, /, *, start=1)\n--\n\nCalculate the product of all the elements in the input iterable.\n\nThe default start value for the product is 1.\n\nWhen the iterable is empty, return the start value.  This function is\nintended specifically for use with numeric values and may reject\nnon-numeric types.".as_ptr(),
        ..fastcall_kw(c"prod", math_prod, 0)
    },
    PyMethodDef {
        ml_doc: c"perm($module, n, k=None, /)\n--\n\nNumber of ways to choose k items from n items without repetition and with order.\n\nEvaluates to n! / (n - k)! when k <= n and evaluates\nto zero when k > n.\n\nIf k is not specified or is None, then k defaults to n\nand the function returns n!.\n\nRaises TypeError if either of the arguments are not integers.\nRaises ValueError if either of the arguments are negative.".as_ptr(),
        ..fastcall(c"perm", math_perm)
    },
    PyMethodDef {
        ml_doc: c"comb($module, n, k, /)\n--\n\nNumber of ways to choose k items from n items without repetition and without order.\n\nEvaluates to n! / (k! * (n - k)!) when k <= n and evaluates\nto zero when k > n.\n\nAlso called the binomial coefficient because it is equivalent\nto the coefficient of k-th term in polynomial expansion of the\nexpression (1 + x)**n.\n\nRaises TypeError if either of the arguments are not integers.\nRaises ValueError if either of the arguments are negative.".as_ptr(),
        ..fastcall(c"comb", math_comb)
    },
    PyMethodDef {
        ml_doc: c"nextafter($module, x, y, /)\n--\n\nReturn the next floating-point value after x towards y.".as_ptr(),
        ..fastcall(c"nextafter", math_nextafter)
    },
    PyMethodDef {
        ml_doc: c"ulp($module, x, /)\n--\n\nReturn the value of the least significant bit of the float x.".as_ptr(),
        ..meth_o(c"ulp", math_ulp)
    },
    METHOD_END,
]);

/// Makes the `math` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; the static table outlives the module;
    // every object is checked before use.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(c"math".as_ptr()))
        else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_SetDocString(
            m.as_ptr(),
            c"This module provides access to the mathematical functions\ndefined by the C standard."
                .as_ptr(),
        ) < 0
            || crate::objects::moduleobject::PyModule_AddFunctions(m.as_ptr(), METHODS.get().cast())
                < 0
        {
            return ptr::null_mut();
        }
        let constants = [
            (c"pi", std::f64::consts::PI),
            (c"e", std::f64::consts::E),
            (c"tau", std::f64::consts::TAU),
            (c"inf", f64::INFINITY),
            (c"nan", f64::NAN),
        ];
        for (name, v) in constants {
            let Some(f) = Owned::new(float_from_f64(v)) else {
                return ptr::null_mut();
            };
            if crate::python::modsupport::PyModule_AddObjectRef(
                m.as_ptr(),
                name.as_ptr(),
                f.as_ptr(),
            ) < 0
            {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_values() {
        assert_eq!(m_remainder(5.0, 2.0), 1.0);
        assert_eq!(m_remainder(7.0, 2.0), -1.0);
        assert_eq!(m_tgamma(5.0), Ok(24.0));
        assert_eq!(m_tgamma(-1.0), Err(MathError::Domain));
        assert_eq!(m_lgamma(1.0), Ok(0.0));
        assert_eq!(m_pow(0.0, -1.0), Err(MathError::Domain));
        assert_eq!(m_pow(10.0, 400.0), Err(MathError::Range));
        assert_eq!(vector_norm(&[3.0, 4.0], 4.0, false), 5.0);
        assert_eq!(factorial_of(20), Some(Int::Small(2432902008176640000)));
    }
}
