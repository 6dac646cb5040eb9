//! `int` (CPython's `Objects/longobject.c`): integers of any size.
//!
//! ## Design
//!
//! 1. *CPython's layout.* An `int` is a `PyLongObject`: `|ob_size|` 30-bit
//!    digits in `uint32_t`s, least significant first, with the sign in
//!    `ob_size` (0 for zero). C code that reads digits (Cython's fast paths,
//!    `_PyLong_*` helpers) sees exactly what it would see under CPython.
//! 2. *Arithmetic* works on [`Int`]: an `i128` when the value fits (the
//!    common case, done with checked machine arithmetic), else a
//!    `num_bigint::BigInt`; results are converted back to digits. Every
//!    operation is CPython's: floor division and modulo, two's-complement
//!    bitwise operations and shifts, correctly rounded true division and
//!    int-to-float conversion, `pow` with a modulus and modular inverses.
//! 3. *Limits.* A result whose size cannot be represented raises
//!    `OverflowError("too many digits in integer")`, as CPython does. A
//!    result above [`MAX_BITS`] bits (4 GiB) raises `MemoryError` before
//!    any memory is committed, where CPython would try to allocate it.
//!    `str()`/`repr()` of an int of more than 4300 decimal digits, and
//!    parsing one, raise CPython 3.11's `ValueError` (the default
//!    `sys.set_int_max_str_digits` limit).
//! 4. `bool` derives from `int`: `True` and `False` are `int` objects with
//!    the digits 1 and 0.
//! 5. *Small ints.* As in CPython, every `int` from -5 to 256 that this
//!    module makes is one shared, statically allocated object
//!    ([`SMALL_INTS`]), so `PyLong_FromLong(7) == PyLong_FromLong(7)` and
//!    results compare by identity as they do there. Only `_PyLong_New`,
//!    whose digits C code fills in afterwards, always makes a new object.

#![allow(non_upper_case_globals)]

use std::ffi::{
    CStr, c_char, c_double, c_int, c_long, c_longlong, c_uchar, c_ulong, c_ulonglong, c_void,
};
use std::mem::{offset_of, size_of};
use std::ptr;

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::ffi::*;
use crate::objects::r#abstract::{self as abstract_, is_int, number_index};
use crate::objects::boolobject::PyBool_Type;
use crate::objects::exceptions::Exc;
use crate::objects::object::{Py_DecRef, Py_IncRef, not_implemented, type_of};
use crate::objects::obmalloc::{PyObject_Free, PyObject_Malloc};
use crate::objects::typeobject::static_type;
use crate::objects::unicodeobject::compare_op;
use crate::python::errors;
use crate::python::pyhash;

mod methods;

/// Bytes before the digits (`offsetof(PyLongObject, ob_digit)`).
const HEADER: usize = offset_of!(PyLongObject, ob_digit);
/// CPython's `MAX_LONG_DIGITS`: the most digits an `int` may have.
const MAX_LONG_DIGITS: usize = (isize::MAX as usize - HEADER) / size_of::<digit>();
/// The largest result, in bits, this implementation will build (4 GiB).
pub const MAX_BITS: u64 = 1 << 35;
/// CPython 3.11's default `sys.get_int_max_str_digits()`.
pub const MAX_STR_DIGITS: usize = 4300;

// ==========================================================================
// The type
// ==========================================================================

pub(crate) static LONG_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(long_add),
    nb_subtract: Some(long_sub),
    nb_multiply: Some(long_mul),
    nb_remainder: Some(long_mod),
    nb_divmod: Some(long_divmod),
    nb_power: Some(long_pow),
    nb_negative: Some(long_neg),
    nb_positive: Some(long_long),
    nb_absolute: Some(long_abs),
    nb_bool: Some(long_bool),
    nb_invert: Some(long_invert),
    nb_lshift: Some(long_lshift),
    nb_rshift: Some(long_rshift),
    nb_and: Some(long_and),
    nb_xor: Some(long_xor),
    nb_or: Some(long_or),
    nb_int: Some(long_long),
    nb_float: Some(long_float),
    nb_floor_divide: Some(long_floordiv),
    nb_true_divide: Some(long_truediv),
    nb_index: Some(long_long),
    ..PyNumberMethods::empty()
};

/// `PyLong_Type`: `int`.
#[unsafe(no_mangle)]
pub static PyLong_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"int",
        HEADER,
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_LONG_SUBCLASS,
        long_dealloc,
    );
    ty.tp_itemsize = size_of::<digit>() as Py_ssize_t;
    ty.tp_repr = Some(long_repr);
    ty.tp_hash = Some(long_hash);
    ty.tp_richcompare = Some(long_richcompare);
    ty.tp_as_number = &raw const LONG_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_new = Some(_Pyb_long_new);
    ty.tp_methods = methods::LONG_METHODS.get().cast();
    ty.tp_getset = methods::LONG_GETSET.get().cast();
    ty
});

unsafe extern "C" {
    /// `int(x=0, /, base=10)` (longobject.c).
    fn _Pyb_long_new(
        ty: *mut PyTypeObject,
        args: *mut PyObject,
        kwds: *mut PyObject,
    ) -> *mut PyObject;
}

impl PyLongObject {
    /// An immortal `int` with the value 0 or 1, for `False` and `True`.
    pub(crate) const fn immortal_bool(value: bool) -> Self {
        PyLongObject {
            ob_base: PyVarObject {
                ob_base: PyObject {
                    ob_refcnt: IMMORTAL_REFCNT,
                    ob_type: PyBool_Type.get(),
                },
                ob_size: value as Py_ssize_t,
            },
            ob_digit: [value as digit],
        }
    }
}

/// The smallest and one past the largest value of the shared small ints
/// (CPython's `_PY_NSMALLNEGINTS` and `_PY_NSMALLPOSINTS`).
const SMALL_MIN: i64 = -5;
const SMALL_END: i64 = 257;
const N_SMALL: usize = (SMALL_END - SMALL_MIN) as usize;

impl PyLongObject {
    /// A statically allocated `int` of a small value (`|value| < 2**30`).
    const fn immortal_small(value: i64) -> Self {
        PyLongObject {
            ob_base: PyVarObject {
                ob_base: PyObject {
                    ob_refcnt: IMMORTAL_REFCNT,
                    ob_type: PyLong_Type.get(),
                },
                ob_size: if value < 0 {
                    -1
                } else if value > 0 {
                    1
                } else {
                    0
                },
            },
            ob_digit: [value.unsigned_abs() as digit],
        }
    }
}

/// The shared ints -5..=256 (see the module docs, item 5).
static SMALL_INTS: StaticObject<[PyLongObject; N_SMALL]> = StaticObject::new({
    const ZERO: PyLongObject = PyLongObject::immortal_small(0);
    let mut all = [ZERO; N_SMALL];
    let mut i = 0;
    while i < N_SMALL {
        all[i] = PyLongObject::immortal_small(SMALL_MIN + i as i64);
        i += 1;
    }
    all
});

/// A new reference to the shared int `value`, if it is a small one.
fn small_int(value: i64) -> Option<*mut PyObject> {
    if !(SMALL_MIN..SMALL_END).contains(&value) {
        return None;
    }
    // SAFETY: an index within the array; the object is static, and its
    // refcount is only touched through raw pointers.
    unsafe {
        let op = SMALL_INTS
            .get()
            .cast::<PyLongObject>()
            .add((value - SMALL_MIN) as usize)
            .cast::<PyObject>();
        Py_IncRef(op);
        Some(op)
    }
}

/// Whether `op` is one of the shared small ints.
fn is_small_int(op: *mut PyObject) -> bool {
    let first = SMALL_INTS.get() as usize;
    let at = op as usize;
    at >= first && at < first + N_SMALL * size_of::<PyLongObject>()
}

unsafe extern "C" fn long_dealloc(op: *mut PyObject) {
    if is_small_int(op) {
        // Only unbalanced decrefs bring a shared small int to zero (CPython
        // 3.11 would free static memory here): it stays, as it is static.
        // SAFETY: a static object, touched only through raw pointers.
        unsafe { (*op).ob_refcnt = IMMORTAL_REFCNT };
        return;
    }
    // SAFETY: an unreferenced int from PyObject_Malloc (True and False
    // have bool's immortal dealloc; the small ints are handled above).
    unsafe { PyObject_Free(op.cast()) }
}

// ==========================================================================
// Digits
// ==========================================================================

/// The signed digit count of an `int`.
///
/// # Safety
/// `op` must be a live `int`.
unsafe fn size(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: the var header.
    unsafe { (*(op as *mut PyVarObject)).ob_size }
}

/// The digits of an `int` (least significant first).
///
/// # Safety
/// `op` must be a live `int`; the slice must not outlive it (ints are
/// immutable once shared).
unsafe fn digits<'a>(op: *mut PyObject) -> &'a [digit] {
    // SAFETY: `|ob_size|` digits follow the header.
    unsafe {
        let n = size(op).unsigned_abs();
        std::slice::from_raw_parts((op as *mut u8).add(HEADER) as *const digit, n)
    }
}

/// CPython's `_PyLong_New(n)`: an `int` with room for `n` digits and
/// `ob_size = n` (the digits zeroed). `OverflowError("too many digits in
/// integer")` past `MAX_LONG_DIGITS`, `MemoryError` when the allocation
/// fails.
fn new_long(n: usize) -> *mut PyObject {
    if n > MAX_LONG_DIGITS {
        return errors::fail_null(Exc::OverflowError, "too many digits in integer");
    }
    let bytes = HEADER + size_of::<digit>() * n.max(1);
    let op = PyObject_Malloc(bytes) as *mut PyObject;
    if op.is_null() {
        return errors::PyErr_NoMemory();
    }
    // SAFETY: fresh memory of `bytes` bytes.
    unsafe {
        (*op).ob_refcnt = 1;
        (*op).ob_type = PyLong_Type.get();
        (*(op as *mut PyVarObject)).ob_size = n as Py_ssize_t;
        ptr::write_bytes((op as *mut u8).add(HEADER), 0, bytes - HEADER);
    }
    op
}

/// A new `int` of sign `negative` and magnitude `digits` (30-bit, least
/// significant first; leading zeros are dropped).
fn long_from_digits(negative: bool, digits: &[digit]) -> *mut PyObject {
    let n = digits.iter().rposition(|&d| d != 0).map_or(0, |i| i + 1);
    if n <= 1 {
        let magnitude = digits.first().map_or(0, |&d| d as i64) * (n as i64);
        if let Some(op) = small_int(if negative { -magnitude } else { magnitude }) {
            return op;
        }
    }
    let op = new_long(n);
    if !op.is_null() {
        // SAFETY: a fresh int with room for `n` digits.
        unsafe {
            ptr::copy_nonoverlapping(
                digits.as_ptr(),
                (op as *mut u8).add(HEADER) as *mut digit,
                n,
            );
            if negative {
                (*(op as *mut PyVarObject)).ob_size = -(n as Py_ssize_t);
            }
        }
    }
    op
}

/// 32-bit words (least significant first) regrouped as 30-bit digits.
fn words_to_digits(words: &[u32]) -> Vec<digit> {
    let mut out = Vec::with_capacity(words.len() * 32 / 30 + 1);
    let mut acc: u64 = 0;
    let mut bits = 0;
    for &w in words {
        acc |= (w as u64) << bits;
        bits += 32;
        while bits >= PyLong_SHIFT {
            out.push((acc as digit) & PyLong_MASK);
            acc >>= PyLong_SHIFT;
            bits -= PyLong_SHIFT;
        }
    }
    if acc != 0 {
        out.push(acc as digit);
    }
    out
}

/// 30-bit digits regrouped as 32-bit words (least significant first).
fn digits_to_words(digits: &[digit]) -> Vec<u32> {
    let mut out = Vec::with_capacity(digits.len() * 30 / 32 + 1);
    let mut acc: u64 = 0;
    let mut bits = 0;
    for &d in digits {
        acc |= (d as u64) << bits;
        bits += PyLong_SHIFT;
        if bits >= 32 {
            out.push(acc as u32);
            acc >>= 32;
            bits -= 32;
        }
    }
    if bits > 0 && acc != 0 {
        out.push(acc as u32);
    }
    out
}

// ==========================================================================
// Values
// ==========================================================================

/// An `int`'s value for arithmetic: machine-sized when it fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Int {
    /// A value that fits an `i128`.
    Small(i128),
    /// Any other value.
    Big(BigInt),
}

impl Int {
    /// The value as a `BigInt`.
    pub fn to_big(&self) -> BigInt {
        match self {
            Int::Small(v) => BigInt::from(*v),
            Int::Big(b) => b.clone(),
        }
    }

    /// `b`, as `Small` when it fits.
    pub fn from_big(b: BigInt) -> Int {
        match b.to_i128() {
            Some(v) => Int::Small(v),
            None => Int::Big(b),
        }
    }

    /// True for a negative value.
    pub fn is_negative(&self) -> bool {
        match self {
            Int::Small(v) => *v < 0,
            Int::Big(b) => b.is_negative(),
        }
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        matches!(self, Int::Small(0))
    }

    /// The number of bits of the magnitude (0 for zero).
    pub fn bits(&self) -> u64 {
        match self {
            Int::Small(v) => 128 - v.unsigned_abs().leading_zeros() as u64,
            Int::Big(b) => b.bits(),
        }
    }
}

/// The value of an `int` (any subclass, `bool` included).
///
/// # Safety
/// `op` must be a live `int`.
pub(crate) unsafe fn int_of(op: *mut PyObject) -> Int {
    // SAFETY: a live int.
    let (n, d) = unsafe { (size(op), digits(op)) };
    if d.len() <= 4 {
        let mut v: i128 = 0;
        for &x in d.iter().rev() {
            v = (v << PyLong_SHIFT) | x as i128;
        }
        return Int::Small(if n < 0 { -v } else { v });
    }
    let mag = BigUint::new(digits_to_words(d));
    Int::from_big(BigInt::from_biguint(
        if n < 0 { Sign::Minus } else { Sign::Plus },
        mag,
    ))
}

/// A new `int` holding `v`; NULL with `MemoryError` (or `OverflowError`
/// for an impossible size).
pub fn long_from_int(v: &Int) -> *mut PyObject {
    match v {
        Int::Small(x) => long_from_i128(*x),
        Int::Big(b) => long_from_bigint(b),
    }
}

/// A new `int` holding `b`.
pub fn long_from_bigint(b: &BigInt) -> *mut PyObject {
    let digits = words_to_digits(&b.magnitude().to_u32_digits());
    long_from_digits(b.is_negative(), &digits)
}

/// A new `int` holding `value`; NULL with `MemoryError` when allocation
/// fails.
pub fn long_from_i128(value: i128) -> *mut PyObject {
    let mut m = value.unsigned_abs();
    let mut d = [0 as digit; 5];
    let mut n = 0;
    while m != 0 {
        d[n] = (m as digit) & PyLong_MASK;
        m >>= PyLong_SHIFT;
        n += 1;
    }
    long_from_digits(value < 0, &d[..n])
}

/// A new `int` from an `i64`; NULL with `MemoryError` when allocation fails.
pub fn long_from_i64(value: i64) -> *mut PyObject {
    long_from_i128(value.into())
}

/// A new `int` from a `u64`; NULL with `MemoryError` when allocation fails.
pub fn long_from_u64(value: u64) -> *mut PyObject {
    long_from_i128(value.into())
}

/// The value of an `int` or `bool` when it fits an `i128`; None for a
/// larger int or anything else (and NULL). See [`long_to_le_bytes`] for any
/// size.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn long_value(op: *mut PyObject) -> Option<i128> {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_int(op) } {
        return None;
    }
    // SAFETY: an int.
    match unsafe { int_of(op) } {
        Int::Small(v) => Some(v),
        Int::Big(_) => None,
    }
}

/// The sign and the magnitude (little-endian bytes, without trailing
/// zeros; empty for zero) of an `int` of any size; None for anything else.
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn long_to_le_bytes(op: *mut PyObject) -> Option<(bool, Vec<u8>)> {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_int(op) } {
        return None;
    }
    // SAFETY: an int.
    let v = unsafe { int_of(op) }.to_big();
    let mut bytes = v.magnitude().to_bytes_le();
    if v.is_zero() {
        bytes.clear();
    }
    Some((v.is_negative(), bytes))
}

/// A new `int` of sign `negative` and magnitude `magnitude_le`
/// (little-endian bytes); NULL with `MemoryError`.
pub fn long_from_le_bytes(negative: bool, magnitude_le: &[u8]) -> *mut PyObject {
    let mag = BigUint::from_bytes_le(magnitude_le);
    let sign = if negative { Sign::Minus } else { Sign::Plus };
    long_from_bigint(&BigInt::from_biguint(sign, mag))
}

/// True when the `int` `op` is negative.
///
/// # Safety
/// `op` must be a live `int`.
pub(crate) unsafe fn long_is_negative(op: *mut PyObject) -> bool {
    // SAFETY: a live int.
    unsafe { size(op) < 0 }
}

/// A new exact `int` with the value of the `int` (or subclass) `op`
/// (CPython's `_PyLong_Copy`).
///
/// # Safety
/// `op` must be a live `int`.
pub(crate) unsafe fn long_copy(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    unsafe { long_from_digits(size(op) < 0, digits(op)) }
}

/// The double nearest to `m * 2**e` (plus a nonzero remainder below `m`'s
/// last bit when `sticky`), ties to even, subnormals included; None when it
/// overflows.
fn scaled_to_f64(m: &BigUint, e: i64, sticky: bool) -> Option<f64> {
    if m.is_zero() {
        return Some(0.0);
    }
    let top = m.bits() as i64 - 1 + e;
    if top > 1023 {
        return None;
    }
    let lsb = (top - 52).max(-1074);
    let drop = lsb - e;
    let mut r = if drop <= 0 {
        (m << (-drop) as usize).to_u64().expect("at most 53 bits")
    } else {
        let kept = m >> drop as usize;
        let below = m - (&kept << drop as usize);
        let half = BigUint::one() << (drop - 1) as usize;
        let up = below > half || (below == half && (sticky || kept.bit(0)));
        kept.to_u64().expect("at most 53 bits") + up as u64
    };
    if r == 0 {
        return Some(0.0);
    }
    // r <= 2**53: exact as a double; scaling by a power of two is exact
    // unless it overflows.
    let mut lsb = lsb;
    while r.is_multiple_of(2) && lsb < 971 {
        r >>= 1;
        lsb += 1;
    }
    let v = r as f64 * pow2(lsb);
    v.is_finite().then_some(v)
}

/// `2**e` as a double, for `-1074 <= e <= 1023`.
fn pow2(e: i64) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

/// `_PyLong_Frexp` for a nonzero value: its magnitude as `m * 2**e`
/// with `0.5 <= m < 1` rounded to 53 bits (ties to even), for values of
/// any size (the logarithms of ints beyond the double range use it).
pub(crate) fn int_frexp(v: &Int) -> (f64, u64) {
    let big = v.to_big();
    let bits = big.bits();
    // The magnitude scaled by 2**-bits lies in [0.5, 1): no overflow.
    let m = scaled_to_f64(big.magnitude(), -(bits as i64), false).unwrap_or(0.5);
    if m == 1.0 {
        // Rounded up to the next power of two.
        (0.5, bits + 1)
    } else {
        (m, bits)
    }
}

/// The value as the nearest double (ties to even); None on overflow.
pub(crate) fn int_to_f64(v: &Int) -> Option<f64> {
    match v {
        // Rust's conversion rounds to nearest, ties to even.
        Int::Small(x) => Some(*x as f64),
        Int::Big(b) => {
            scaled_to_f64(b.magnitude(), 0, false).map(|f| if b.is_negative() { -f } else { f })
        }
    }
}

// ==========================================================================
// Conversions from C
// ==========================================================================

/// `PyLong_GetInfo()`: a new `sys.int_info` (digit size and the
/// int-to-str digit limits).
///
/// Fails (NULL) with `MemoryError`. The caller holds the GIL.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_GetInfo() -> *mut PyObject {
    crate::python::sysmodule::int_info()
}

/// `PyLong_FromLong(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromLong(v: c_long) -> *mut PyObject {
    long_from_i128(v.into())
}

/// `PyLong_FromUnsignedLong(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromUnsignedLong(v: c_ulong) -> *mut PyObject {
    long_from_i128(v.into())
}

/// `PyLong_FromLongLong(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromLongLong(v: c_longlong) -> *mut PyObject {
    long_from_i128(v.into())
}

/// `PyLong_FromUnsignedLongLong(v)`: a new `int`. Fails only with
/// `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromUnsignedLongLong(v: c_ulonglong) -> *mut PyObject {
    long_from_i128(v.into())
}

/// `PyLong_FromSsize_t(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromSsize_t(v: Py_ssize_t) -> *mut PyObject {
    long_from_i128(v as i128)
}

/// `PyLong_FromSize_t(v)`: a new `int`. Fails only with `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromSize_t(v: usize) -> *mut PyObject {
    long_from_i128(v as i128)
}

/// `PyLong_FromVoidPtr(p)`: the address as a non-negative `int`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromVoidPtr(p: *mut c_void) -> *mut PyObject {
    long_from_i128(p as usize as i128)
}

/// `PyLong_FromDouble(v)`: `int(v)`, truncated toward zero.
///
/// Fails (NULL) with `OverflowError("cannot convert float infinity to
/// integer")` or `ValueError("cannot convert float NaN to integer")`.
#[unsafe(no_mangle)]
pub extern "C" fn PyLong_FromDouble(v: c_double) -> *mut PyObject {
    match double_to_int(v) {
        Some(i) => long_from_int(&i),
        None => ptr::null_mut(),
    }
}

/// `int(v)` for a double, or None with CPython's error.
pub(crate) fn double_to_int(v: f64) -> Option<Int> {
    if v.is_infinite() {
        errors::raise(
            Exc::OverflowError,
            "cannot convert float infinity to integer",
        );
        return None;
    }
    if v.is_nan() {
        errors::raise(Exc::ValueError, "cannot convert float NaN to integer");
        return None;
    }
    let t = v.trunc();
    if t.abs() < 1.0e38 {
        return Some(Int::Small(t as i128));
    }
    let bits = t.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = BigInt::from((bits & ((1 << 52) - 1)) | (1 << 52));
    let mag = mantissa << exp as usize;
    Some(Int::from_big(if t < 0.0 { -mag } else { mag }))
}

/// `_PyLong_New(size)`: an `int` with room for `size` digits (zeroed),
/// `ob_size = size`, for C code to fill and normalise.
///
/// Fails (NULL) with `OverflowError("too many digits in integer")` or
/// `MemoryError`; `SystemError` for a negative size.
#[unsafe(no_mangle)]
pub extern "C" fn _PyLong_New(size: Py_ssize_t) -> *mut PyObject {
    if size < 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    new_long(size as usize)
}

/// `_PyLong_Copy(src)`: a new exact `int` equal to `src`.
///
/// # Safety
/// `src` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyLong_Copy(src: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if src.is_null() || !unsafe { is_int(src) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: an int.
    unsafe { long_copy(src) }
}

/// `_PyLong_FromByteArray(bytes, n, little_endian, is_signed)`: the integer
/// whose `n`-byte representation is `bytes` (two's complement when
/// `is_signed`).
///
/// Fails (NULL) only with `MemoryError` (or `SystemError` for a NULL
/// `bytes` with `n > 0`).
///
/// # Safety
/// `bytes` must be readable for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyLong_FromByteArray(
    bytes: *const c_uchar,
    n: usize,
    little_endian: c_int,
    is_signed: c_int,
) -> *mut PyObject {
    if n == 0 {
        return long_from_i128(0);
    }
    if bytes.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: readable per the contract.
    let src = unsafe { std::slice::from_raw_parts(bytes, n) };
    let v = match (little_endian != 0, is_signed != 0) {
        (true, true) => BigInt::from_signed_bytes_le(src),
        (false, true) => BigInt::from_signed_bytes_be(src),
        (true, false) => BigInt::from_bytes_le(Sign::Plus, src),
        (false, false) => BigInt::from_bytes_be(Sign::Plus, src),
    };
    long_from_bigint(&v)
}

/// `_PyLong_AsByteArray(v, bytes, n, little_endian, is_signed)`: writes
/// the `n`-byte representation of `v` (two's complement when `is_signed`).
///
/// Fails (-1) with `OverflowError("can't convert negative int to
/// unsigned")` or `OverflowError("int too big to convert")` when it does
/// not fit (the bytes then hold the low-order part), or `SystemError` when
/// `v` is not an `int`.
///
/// # Safety
/// `v` must be NULL or a live object; `bytes` writable for `n` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyLong_AsByteArray(
    v: *mut PyObject,
    bytes: *mut c_uchar,
    n: usize,
    little_endian: c_int,
    is_signed: c_int,
) -> c_int {
    // SAFETY: live per the contract.
    if v.is_null() || !unsafe { is_int(v) } || (bytes.is_null() && n > 0) {
        return errors::bad_internal_call();
    }
    // SAFETY: an int.
    let value = unsafe { int_of(v) }.to_big();
    if value.is_negative() && is_signed == 0 {
        return errors::fail(Exc::OverflowError, "can't convert negative int to unsigned");
    }
    // Two's complement, little-endian, sign-extended to at least n bytes.
    let mut le = value.to_signed_bytes_le();
    let fill = if value.is_negative() { 0xff } else { 0 };
    let fits = if is_signed != 0 {
        le.len() <= n
    } else {
        // An unsigned value may use the top bit: drop the sign byte.
        let mag = value.magnitude().to_bytes_le();
        let used = if value.is_zero() { 0 } else { mag.len() };
        le = mag;
        used <= n
    };
    le.resize(le.len().max(n), fill);
    // SAFETY: writable for `n` bytes per the contract.
    let out = unsafe { std::slice::from_raw_parts_mut(bytes, n) };
    if little_endian != 0 {
        out.copy_from_slice(&le[..n]);
    } else {
        for (o, b) in out.iter_mut().zip(le[..n].iter().rev()) {
            *o = *b;
        }
    }
    if !fits {
        return errors::fail(Exc::OverflowError, "int too big to convert");
    }
    0
}

// ==========================================================================
// Conversions to C
// ==========================================================================

/// The value of `op` for the conversions that, like CPython's, accept any
/// integer through `__index__`. `SystemError` for NULL, or the `TypeError`
/// of `__index__`.
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn index_value(op: *mut PyObject) -> Option<Int> {
    if op.is_null() {
        errors::PyErr_BadInternalCall();
        return None;
    }
    // SAFETY: live per the contract.
    unsafe {
        if is_int(op) {
            return Some(int_of(op));
        }
        let i = number_index(op);
        if i.is_null() {
            return None;
        }
        let v = int_of(i);
        Py_DecRef(i);
        Some(v)
    }
}

/// The value of `op` for the conversions that accept only `int` objects:
/// `SystemError` for NULL, `TypeError("an integer is required")`.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn exact_int_value(op: *mut PyObject) -> Option<Int> {
    if op.is_null() {
        errors::PyErr_BadInternalCall();
        return None;
    }
    // SAFETY: live per the contract.
    if !unsafe { is_int(op) } {
        errors::raise(Exc::TypeError, "an integer is required");
        return None;
    }
    // SAFETY: an int.
    Some(unsafe { int_of(op) })
}

/// `v` as `T`, or `OverflowError(too_big)` (`negative` for a negative value
/// when given).
fn convert<T: TryFrom<i128>>(v: &Int, too_big: &str, negative: Option<&str>) -> Option<T> {
    let fitted = match v {
        Int::Small(x) => T::try_from(*x).ok(),
        Int::Big(_) => None,
    };
    if fitted.is_none() {
        let msg = match negative {
            Some(neg) if v.is_negative() => neg,
            _ => too_big,
        };
        errors::raise(Exc::OverflowError, msg);
    }
    fitted
}

/// `PyLong_AsLong(obj)`: the value (through `__index__`) as a C `long`.
///
/// Fails (-1) with `OverflowError("Python int too large to convert to C
/// long")`, `TypeError("'T' object cannot be interpreted as an integer")`,
/// or `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsLong(obj: *mut PyObject) -> c_long {
    // SAFETY: forwarded contract.
    unsafe { index_value(obj) }
        .and_then(|v| convert(&v, "Python int too large to convert to C long", None))
        .unwrap_or(-1)
}

/// `_PyLong_AsInt(obj)`: the value (through `__index__`) as a C `int`.
///
/// Fails (-1) with `OverflowError("Python int too large to convert to C
/// int")` or the errors of [`PyLong_AsLong`].
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyLong_AsInt(obj: *mut PyObject) -> c_int {
    let mut overflow = 0;
    // SAFETY: forwarded contract.
    let v = unsafe { PyLong_AsLongAndOverflow(obj, &mut overflow) };
    if overflow != 0 || v > c_int::MAX as c_long || v < c_int::MIN as c_long {
        errors::raise(
            Exc::OverflowError,
            "Python int too large to convert to C int",
        );
        return -1;
    }
    v as c_int
}

/// `PyLong_AsLongLong(obj)`: the value (through `__index__`) as a C `long
/// long`.
///
/// Fails (-1) with `OverflowError("int too big to convert")`, the
/// `TypeError` of `__index__`, or `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsLongLong(obj: *mut PyObject) -> c_longlong {
    // SAFETY: forwarded contract.
    unsafe { index_value(obj) }
        .and_then(|v| convert(&v, "int too big to convert", None))
        .unwrap_or(-1)
}

/// The clamped result and overflow flag of the `...AndOverflow` functions.
///
/// # Safety
/// `obj` NULL or live; `overflow` NULL or writable.
unsafe fn and_overflow<T: TryFrom<i128>>(obj: *mut PyObject, overflow: *mut c_int) -> Option<T> {
    if overflow.is_null() {
        errors::PyErr_BadInternalCall();
        return None;
    }
    // SAFETY: writable per the contract.
    unsafe { *overflow = 0 };
    // SAFETY: forwarded contract.
    let v = unsafe { index_value(obj) }?;
    let fitted = match &v {
        Int::Small(x) => T::try_from(*x).ok(),
        Int::Big(_) => None,
    };
    if fitted.is_none() {
        // SAFETY: writable per the contract.
        unsafe { *overflow = if v.is_negative() { -1 } else { 1 } };
    }
    fitted
}

/// `PyLong_AsLongAndOverflow(obj, &overflow)`: as [`PyLong_AsLong`], but
/// an out-of-range value sets `*overflow` to 1 or -1 and returns -1
/// without an exception (`*overflow` is 0 otherwise).
///
/// # Safety
/// `obj` must be NULL or a live object; `overflow` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsLongAndOverflow(
    obj: *mut PyObject,
    overflow: *mut c_int,
) -> c_long {
    // SAFETY: forwarded contract.
    unsafe { and_overflow(obj, overflow) }.unwrap_or(-1)
}

/// `PyLong_AsLongLongAndOverflow(obj, &overflow)`: the `long long` version
/// of [`PyLong_AsLongAndOverflow`].
///
/// # Safety
/// `obj` must be NULL or a live object; `overflow` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsLongLongAndOverflow(
    obj: *mut PyObject,
    overflow: *mut c_int,
) -> c_longlong {
    // SAFETY: forwarded contract.
    unsafe { and_overflow(obj, overflow) }.unwrap_or(-1)
}

/// `PyLong_AsSsize_t(obj)`: the value of an `int` as a `Py_ssize_t`.
///
/// Fails (-1) with `OverflowError("Python int too large to convert to C
/// ssize_t")`, `TypeError("an integer is required")` (no `__index__`), or
/// `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsSsize_t(obj: *mut PyObject) -> Py_ssize_t {
    // SAFETY: forwarded contract.
    unsafe { exact_int_value(obj) }
        .and_then(|v| convert(&v, "Python int too large to convert to C ssize_t", None))
        .unwrap_or(-1)
}

/// `PyLong_AsSize_t(obj)`: the value of an `int` as a `size_t`.
///
/// Fails (`(size_t)-1`) with `OverflowError("can't convert negative value
/// to size_t")`, `OverflowError("Python int too large to convert to C
/// size_t")`, `TypeError("an integer is required")`, or `SystemError`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsSize_t(obj: *mut PyObject) -> usize {
    // SAFETY: forwarded contract.
    unsafe { exact_int_value(obj) }
        .and_then(|v| {
            convert(
                &v,
                "Python int too large to convert to C size_t",
                Some("can't convert negative value to size_t"),
            )
        })
        .unwrap_or(usize::MAX)
}

/// `PyLong_AsUnsignedLong(obj)`: the value of an `int` as a C `unsigned
/// long`.
///
/// Fails (`(unsigned long)-1`) with `OverflowError("can't convert negative
/// value to unsigned int")`, `OverflowError("Python int too large to
/// convert to C unsigned long")`, `TypeError("an integer is required")`,
/// or `SystemError`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsUnsignedLong(obj: *mut PyObject) -> c_ulong {
    // SAFETY: forwarded contract.
    unsafe { exact_int_value(obj) }
        .and_then(|v| {
            convert(
                &v,
                "Python int too large to convert to C unsigned long",
                Some("can't convert negative value to unsigned int"),
            )
        })
        .unwrap_or(c_ulong::MAX)
}

/// `PyLong_AsUnsignedLongLong(obj)`: the value of an `int` as a C
/// `unsigned long long`.
///
/// Fails (`(unsigned long long)-1`) with `OverflowError("can't convert
/// negative int to unsigned")`, `OverflowError("int too big to convert")`,
/// `TypeError("an integer is required")`, or `SystemError`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsUnsignedLongLong(obj: *mut PyObject) -> c_ulonglong {
    // SAFETY: forwarded contract.
    unsafe { exact_int_value(obj) }
        .and_then(|v| {
            convert(
                &v,
                "int too big to convert",
                Some("can't convert negative int to unsigned"),
            )
        })
        .unwrap_or(c_ulonglong::MAX)
}

/// The low 64 bits of the two's-complement value.
fn low_u64(v: &Int) -> u64 {
    match v {
        Int::Small(x) => *x as u64,
        Int::Big(b) => {
            let low = b.magnitude().iter_u64_digits().next().unwrap_or(0);
            if b.is_negative() {
                low.wrapping_neg()
            } else {
                low
            }
        }
    }
}

/// `PyLong_AsUnsignedLongMask(obj)`: the value (through `__index__`)
/// modulo `2**64`, never overflowing.
///
/// Fails (`(unsigned long)-1`) with the `TypeError` of `__index__` or
/// `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsUnsignedLongMask(obj: *mut PyObject) -> c_ulong {
    // SAFETY: forwarded contract.
    unsafe { index_value(obj) }.map_or(c_ulong::MAX, |v| low_u64(&v) as c_ulong)
}

/// `PyLong_AsUnsignedLongLongMask(obj)`: as
/// [`PyLong_AsUnsignedLongMask`], for `unsigned long long`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsUnsignedLongLongMask(obj: *mut PyObject) -> c_ulonglong {
    // SAFETY: forwarded contract.
    unsafe { index_value(obj) }.map_or(c_ulonglong::MAX, |v| low_u64(&v))
}

/// `PyLong_AsDouble(obj)`: the value of an `int` as the nearest `double`.
///
/// Fails (-1.0) with `OverflowError("int too large to convert to float")`,
/// `TypeError("an integer is required")`, or `SystemError` for NULL.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsDouble(obj: *mut PyObject) -> c_double {
    // SAFETY: forwarded contract.
    let Some(v) = (unsafe { exact_int_value(obj) }) else {
        return -1.0;
    };
    int_to_f64(&v).unwrap_or_else(|| {
        errors::raise(Exc::OverflowError, "int too large to convert to float");
        -1.0
    })
}

/// `PyLong_AsVoidPtr(obj)`: the value of an `int` as an address (a
/// negative value as its two's complement).
///
/// Fails (NULL) with the errors of `PyLong_AsUnsignedLongLong` /
/// `PyLong_AsLongLong`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_AsVoidPtr(obj: *mut PyObject) -> *mut c_void {
    // As CPython where a pointer fits a long: a negative int through
    // PyLong_AsLong, anything else through PyLong_AsUnsignedLong (so
    // their overflow and type messages).
    // SAFETY: live per the contract.
    let negative = !obj.is_null() && unsafe { is_int(obj) && size(obj) < 0 };
    let x = if negative {
        // SAFETY: forwarded contract.
        unsafe { PyLong_AsLong(obj) as u64 }
    } else {
        // SAFETY: forwarded contract.
        unsafe { PyLong_AsUnsignedLong(obj) as u64 }
    };
    if x == u64::MAX && !errors::PyErr_Occurred().is_null() {
        return ptr::null_mut();
    }
    x as usize as *mut c_void
}

/// `_PyLong_Sign(v)`: -1, 0 or 1.
///
/// # Safety
/// `v` must be a live `int`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyLong_Sign(v: *mut PyObject) -> c_int {
    // SAFETY: a live int per the contract.
    unsafe { size(v).signum() as c_int }
}

/// `_PyLong_NumBits(v)`: the number of bits of `|v|` (0 for zero).
///
/// Fails (`(size_t)-1`) with `SystemError` when `v` is not an `int`.
///
/// # Safety
/// `v` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyLong_NumBits(v: *mut PyObject) -> usize {
    // SAFETY: live per the contract.
    if v.is_null() || !unsafe { is_int(v) } {
        errors::PyErr_BadInternalCall();
        return usize::MAX;
    }
    // SAFETY: an int.
    unsafe { int_of(v) }.bits() as usize
}

// ==========================================================================
// Parsing
// ==========================================================================

/// CPython's `_PyLong_DigitValue`: the value of an ASCII digit or letter,
/// 37 for anything else.
fn digit_value(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => (c - b'0') as u32,
        b'a'..=b'z' => (c - b'a') as u32 + 10,
        b'A'..=b'Z' => (c - b'A') as u32 + 10,
        _ => 37,
    }
}

/// Python's `Py_ISSPACE` for ASCII.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Why a literal failed.
enum ParseError {
    /// Not a valid literal; the base to name in the message and where
    /// parsing stopped.
    Invalid { base: u32, at: usize },
    /// Any other error, already set.
    Raised,
}

/// CPython's `PyLong_FromString` on bytes (`s` ends at its first NUL):
/// the value and the index just past the literal and trailing spaces.
fn parse_int(s: &[u8], base: u32) -> Result<(Int, usize), ParseError> {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while at(i) != 0 && is_space(at(i)) {
        i += 1;
    }
    let mut negative = false;
    if at(i) == b'+' {
        i += 1;
    } else if at(i) == b'-' {
        i += 1;
        negative = true;
    }
    let mut base = base;
    let mut error_if_nonzero = false;
    if base == 0 {
        base = if at(i) != b'0' {
            10
        } else {
            match at(i + 1) {
                b'x' | b'X' => 16,
                b'o' | b'O' => 8,
                b'b' | b'B' => 2,
                _ => {
                    error_if_nonzero = true;
                    10
                }
            }
        };
    }
    if at(i) == b'0'
        && ((base == 16 && matches!(at(i + 1), b'x' | b'X'))
            || (base == 8 && matches!(at(i + 1), b'o' | b'O'))
            || (base == 2 && matches!(at(i + 1), b'b' | b'B')))
    {
        i += 2;
        if at(i) == b'_' {
            i += 1;
        }
    }
    let invalid = |base, at| Err(ParseError::Invalid { base, at });
    if at(i) == b'_' {
        return invalid(base, i);
    }
    let start = i;
    let mut digits = 0usize;
    let mut last_digit = i;
    let mut prev = 0u8;
    let mut scan = i;
    while digit_value(at(scan)) < base || at(scan) == b'_' {
        if at(scan) == b'_' {
            if prev == b'_' {
                return invalid(base, last_digit + 1);
            }
        } else {
            digits += 1;
            last_digit = scan;
        }
        prev = at(scan);
        scan += 1;
    }
    if prev == b'_' {
        return invalid(base, last_digit + 1);
    }
    if !base.is_power_of_two() && digits > 640 && digits > MAX_STR_DIGITS {
        errors::raise(
            Exc::ValueError,
            format!(
                "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: \
                 value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
            ),
        );
        return Err(ParseError::Raised);
    }
    let text: Vec<u8> = s[start..scan]
        .iter()
        .copied()
        .filter(|&c| c != b'_')
        .collect();
    let mut value = if text.is_empty() {
        BigInt::zero()
    } else {
        BigInt::parse_bytes(&text, base).expect("validated digits")
    };
    if error_if_nonzero && !value.is_zero() {
        return invalid(0, scan);
    }
    let base_shown = if error_if_nonzero { 0 } else { base };
    if scan == start {
        return invalid(base_shown, scan);
    }
    if negative {
        value = -value;
    }
    let mut end = scan;
    while at(end) != 0 && is_space(at(end)) {
        end += 1;
    }
    if at(end) != 0 {
        return invalid(base_shown, end);
    }
    Ok((Int::from_big(value), end))
}

/// `PyLong_FromString(str, pend, base)`: parses the NUL-terminated `str`
/// as Python's `int(str, base)` does (surrounding whitespace, a sign, the
/// `0x`/`0o`/`0b` prefixes for base 0 and their bases, single underscores
/// between digits). `*pend` (when not NULL) is set past the parsed text.
///
/// Fails (NULL) with `ValueError("int() arg 2 must be >= 2 and <= 36")`,
/// `ValueError("invalid literal for int() with base 10: 'x'")`, the
/// 4300-digit limit's `ValueError`, or `SystemError` for NULL.
///
/// # Safety
/// `s` must be NULL or NUL-terminated; `pend` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_FromString(
    s: *const c_char,
    pend: *mut *mut c_char,
    base: c_int,
) -> *mut PyObject {
    if s.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    if (base != 0 && base < 2) || base > 36 {
        return errors::fail_null(Exc::ValueError, "int() arg 2 must be >= 2 and <= 36");
    }
    // SAFETY: NUL-terminated per the contract.
    let bytes = unsafe { CStr::from_ptr(s) }.to_bytes();
    let set_end = |at: usize| {
        if !pend.is_null() {
            // SAFETY: writable per the contract; `at` is within the string.
            unsafe { *pend = s.add(at) as *mut c_char };
        }
    };
    match parse_int(bytes, base as u32) {
        Ok((v, end)) => {
            set_end(end);
            long_from_int(&v)
        }
        Err(ParseError::Raised) => ptr::null_mut(),
        Err(ParseError::Invalid { base, at }) => {
            set_end(at);
            let shown = &bytes[..bytes.len().min(200)];
            // SAFETY: readable bytes.
            let text = unsafe {
                crate::objects::unicodeobject::PyUnicode_FromStringAndSize(
                    shown.as_ptr().cast(),
                    shown.len() as Py_ssize_t,
                )
            };
            if text.is_null() {
                return ptr::null_mut();
            }
            // SAFETY: a live str.
            unsafe { invalid_literal(base, text) };
            // SAFETY: our reference.
            unsafe { Py_DecRef(text) };
            ptr::null_mut()
        }
    }
}

/// Raises `ValueError("invalid literal for int() with base B: R")` where
/// `R` is `repr(shown)` cut to 200 characters.
///
/// # Safety
/// `shown` must be a live object.
unsafe fn invalid_literal(base: u32, shown: *mut PyObject) {
    // SAFETY: live per the contract.
    let Some(r) = (unsafe { abstract_::repr_string(shown) }) else {
        return;
    };
    let r: String = r.chars().take(200).collect();
    errors::raise(
        Exc::ValueError,
        format!("invalid literal for int() with base {base}: {r}"),
    );
}

/// `PyLong_FromUnicodeObject(u, base)`: `int(u, base)` for a `str`, where
/// any Unicode decimal digit and whitespace counts as its ASCII equivalent.
///
/// Fails (NULL) as [`PyLong_FromString`], the message quoting `repr(u)`.
///
/// # Safety
/// `u` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyLong_FromUnicodeObject(u: *mut PyObject, base: c_int) -> *mut PyObject {
    // SAFETY: live per the contract.
    let Some(ascii) = (unsafe { crate::objects::unicodeobject::decimal_and_space_to_ascii(u) })
    else {
        return ptr::null_mut();
    };
    if (base != 0 && base < 2) || base > 36 {
        return errors::fail_null(Exc::ValueError, "int() arg 2 must be >= 2 and <= 36");
    }
    // An embedded NUL ends the C string and so the literal.
    let cut = ascii.iter().position(|&c| c == 0).unwrap_or(ascii.len());
    match parse_int(&ascii[..cut], base as u32) {
        Ok((v, end)) if end == ascii.len() => long_from_int(&v),
        Err(ParseError::Raised) => ptr::null_mut(),
        // The message names the base asked for.
        Ok(_) | Err(ParseError::Invalid { .. }) => {
            // SAFETY: live.
            unsafe { invalid_literal(base as u32, u) };
            ptr::null_mut()
        }
    }
}

/// `int(b, base)` for the bytes of a `bytes`-like object (CPython's
/// `_PyLong_FromBytes`): the message quotes the first 200 bytes.
pub(crate) fn long_from_bytes(s: &[u8], base: u32) -> *mut PyObject {
    let cut = s.iter().position(|&c| c == 0).unwrap_or(s.len());
    match parse_int(&s[..cut], base) {
        Ok((v, end)) if end == s.len() => long_from_int(&v),
        Err(ParseError::Raised) => ptr::null_mut(),
        Ok(_) | Err(ParseError::Invalid { .. }) => {
            let shown = crate::objects::bytesobject::bytes_from_slice(&s[..s.len().min(200)]);
            if !shown.is_null() {
                // SAFETY: a live bytes, then our reference dropped.
                unsafe {
                    invalid_literal(base, shown);
                    Py_DecRef(shown);
                }
            }
            ptr::null_mut()
        }
    }
}

/// [`long_from_bytes`] for int's tp_new in longobject.c: `int(b, base)`
/// for the `len` bytes at `s`.
///
/// # Safety
/// `s` must be readable for `len` bytes, which nothing writes meanwhile.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Pyb_long_from_bytes(
    s: *const std::ffi::c_char,
    len: Py_ssize_t,
    base: std::ffi::c_int,
) -> *mut PyObject {
    if s.is_null() || len < 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let mut bytes = vec![0u8; len as usize];
    // SAFETY: readable per the contract; copied through raw pointers
    // before any code runs.
    unsafe { ptr::copy_nonoverlapping(s.cast::<u8>(), bytes.as_mut_ptr(), bytes.len()) };
    long_from_bytes(&bytes, base as u32)
}

// ==========================================================================
// repr, hash, compare
// ==========================================================================

/// The decimal text of `v`, or None with CPython's 4300-digit `ValueError`.
pub(crate) fn int_to_decimal(v: &Int) -> Option<String> {
    let too_many = || {
        errors::raise(
            Exc::ValueError,
            format!(
                "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion; \
                 use sys.set_int_max_str_digits() to increase the limit"
            ),
        );
        None
    };
    let text = match v {
        Int::Small(x) => x.to_string(),
        Int::Big(b) => {
            // CPython's quick rejection by digit count (30-bit digits).
            let ndigits = b.bits().div_ceil(PyLong_SHIFT as u64);
            if ndigits >= 481 {
                return too_many();
            }
            b.to_string()
        }
    };
    let n = text.trim_start_matches('-').len();
    if n > MAX_STR_DIGITS {
        return too_many();
    }
    Some(text)
}

/// `repr(int)`: decimal digits.
unsafe extern "C" fn long_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    match int_to_decimal(&unsafe { int_of(op) }) {
        // CPython writes the digits into a fresh str: `str(5)` is not
        // the shared '5'.
        Some(s) => crate::objects::unicodeobject::unicode_from_code_points_fresh(
            &s.bytes().map(u32::from).collect::<Vec<_>>(),
        ),
        None => ptr::null_mut(),
    }
}

/// `hash(int)`: the value modulo `2**61 - 1`, with its sign.
pub(crate) unsafe extern "C" fn long_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live int.
    match unsafe { int_of(op) } {
        Int::Small(v) => pyhash::hash_i128(v),
        Int::Big(b) => {
            let words: Vec<u64> = b.magnitude().iter_u64_digits().collect();
            pyhash::hash_integer_words(&words, b.is_negative())
        }
    }
}

/// How two ints compare.
fn int_cmp(a: &Int, b: &Int) -> std::cmp::Ordering {
    match (a, b) {
        (Int::Small(x), Int::Small(y)) => x.cmp(y),
        _ => a.to_big().cmp(&b.to_big()),
    }
}

/// `tp_richcompare` of `int`: `NotImplemented` unless both are ints.
pub(crate) unsafe extern "C" fn long_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects.
    if !unsafe { is_int(a) && is_int(b) } {
        return not_implemented();
    }
    // SAFETY: two ints.
    let ord = unsafe { int_cmp(&int_of(a), &int_of(b)) };
    crate::objects::boolobject::bool_from_bool(compare_op(ord, op))
}

// ==========================================================================
// Arithmetic
// ==========================================================================

/// Raises `MemoryError` for a result estimated above [`MAX_BITS`].
fn check_bits(bits: u64) -> Option<()> {
    if bits > MAX_BITS {
        errors::PyErr_NoMemory();
        return None;
    }
    Some(())
}

/// Both operands as ints, or None when either is not one (the slot then
/// returns `NotImplemented`).
///
/// # Safety
/// Both must be live objects.
unsafe fn operands(a: *mut PyObject, b: *mut PyObject) -> Option<(Int, Int)> {
    // SAFETY: live per the contract.
    unsafe {
        if !is_int(a) || !is_int(b) {
            return None;
        }
        Some((int_of(a), int_of(b)))
    }
}

/// A binary slot over ints: `f` computes the result (None: error set).
///
/// # Safety
/// Both must be live objects.
unsafe fn binary(
    a: *mut PyObject,
    b: *mut PyObject,
    f: impl FnOnce(Int, Int) -> Option<Int>,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    match unsafe { operands(a, b) } {
        None => not_implemented(),
        Some((x, y)) => match f(x, y) {
            Some(r) => long_from_int(&r),
            None => ptr::null_mut(),
        },
    }
}

pub(crate) fn int_add(x: Int, y: Int) -> Option<Int> {
    Some(match (&x, &y) {
        (Int::Small(a), Int::Small(b)) => match a.checked_add(*b) {
            Some(v) => Int::Small(v),
            None => Int::from_big(x.to_big() + y.to_big()),
        },
        _ => Int::from_big(x.to_big() + y.to_big()),
    })
}

pub(crate) fn int_sub(x: Int, y: Int) -> Option<Int> {
    Some(match (&x, &y) {
        (Int::Small(a), Int::Small(b)) => match a.checked_sub(*b) {
            Some(v) => Int::Small(v),
            None => Int::from_big(x.to_big() - y.to_big()),
        },
        _ => Int::from_big(x.to_big() - y.to_big()),
    })
}

pub(crate) fn int_mul(x: Int, y: Int) -> Option<Int> {
    if let (Int::Small(a), Int::Small(b)) = (&x, &y)
        && let Some(v) = a.checked_mul(*b)
    {
        return Some(Int::Small(v));
    }
    check_bits(x.bits() + y.bits())?;
    Some(Int::from_big(x.to_big() * y.to_big()))
}

/// Floor division and modulo, or `ZeroDivisionError("integer division or
/// modulo by zero")`.
pub(crate) fn int_divmod(x: Int, y: Int) -> Option<(Int, Int)> {
    if y.is_zero() {
        errors::raise(Exc::ZeroDivisionError, "integer division or modulo by zero");
        return None;
    }
    if let (Int::Small(a), Int::Small(b)) = (&x, &y)
        && let (Some(q), Some(r)) = (a.checked_div(*b), a.checked_rem(*b))
    {
        let (q, r) = if r != 0 && ((r < 0) != (*b < 0)) {
            (q - 1, r + b)
        } else {
            (q, r)
        };
        return Some((Int::Small(q), Int::Small(r)));
    }
    let (q, r) = x.to_big().div_mod_floor(&y.to_big());
    Some((Int::from_big(q), Int::from_big(r)))
}

/// True division, correctly rounded, or CPython's errors.
pub(crate) fn int_truediv(x: &Int, y: &Int) -> Option<f64> {
    if y.is_zero() {
        errors::raise(Exc::ZeroDivisionError, "division by zero");
        return None;
    }
    let negate = x.is_negative() != y.is_negative();
    let sign = |v: f64| if negate { -v } else { v };
    if x.is_zero() {
        return Some(sign(0.0));
    }
    // Both exactly representable: one correctly rounded division.
    if x.bits() <= 53 && y.bits() <= 53 {
        let (a, b) = (int_to_f64(x)?.abs(), int_to_f64(y)?.abs());
        return Some(sign(a / b));
    }
    let (a, b) = (
        x.to_big().magnitude().clone(),
        y.to_big().magnitude().clone(),
    );
    let diff = a.bits() as i64 - b.bits() as i64;
    let overflow = || {
        errors::raise(
            Exc::OverflowError,
            "integer division result too large for a float",
        );
        None
    };
    if diff > 1025 {
        return overflow();
    }
    if diff < -1074 - 56 {
        return Some(sign(0.0));
    }
    // A quotient of 55 or 56 bits, then one rounding.
    let s = 55 - diff;
    let (q, r) = if s >= 0 {
        (&a << s as usize).div_rem(&b)
    } else {
        a.div_rem(&(&b << (-s) as usize))
    };
    match scaled_to_f64(&q, -s, !r.is_zero()) {
        Some(v) => Some(sign(v)),
        None => overflow(),
    }
}

unsafe extern "C" fn long_add(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, int_add) }
}

unsafe extern "C" fn long_sub(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, int_sub) }
}

unsafe extern "C" fn long_mul(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, int_mul) }
}

unsafe extern "C" fn long_floordiv(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, |x, y| int_divmod(x, y).map(|(q, _)| q)) }
}

unsafe extern "C" fn long_mod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        binary(a, b, |x, y| {
            if y.is_zero() {
                errors::raise(Exc::ZeroDivisionError, "integer modulo by zero");
                return None;
            }
            int_divmod(x, y).map(|(_, r)| r)
        })
    }
}

unsafe extern "C" fn long_divmod(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    let Some((x, y)) = (unsafe { operands(a, b) }) else {
        return not_implemented();
    };
    let Some((q, r)) = int_divmod(x, y) else {
        return ptr::null_mut();
    };
    let (q, r) = (long_from_int(&q), long_from_int(&r));
    if q.is_null() || r.is_null() {
        // SAFETY: our references (or NULL).
        unsafe {
            Py_DecRef(q);
            Py_DecRef(r);
        }
        return ptr::null_mut();
    }
    // SAFETY: the new references move into the tuple.
    unsafe { crate::objects::tupleobject::tuple_from_owned(vec![q, r]) }
}

unsafe extern "C" fn long_truediv(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    let Some((x, y)) = (unsafe { operands(a, b) }) else {
        return not_implemented();
    };
    match int_truediv(&x, &y) {
        Some(v) => crate::objects::floatobject::float_from_f64(v),
        None => ptr::null_mut(),
    }
}

/// `pow(v, w[, z])` for ints: a float for a negative exponent without a
/// modulus; with a modulus, the result has the modulus' sign, and a
/// negative exponent uses the modular inverse.
unsafe extern "C" fn long_pow(
    v: *mut PyObject,
    w: *mut PyObject,
    z: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live objects (z may be None).
    unsafe {
        let Some((base, exp)) = operands(v, w) else {
            return not_implemented();
        };
        let modulus = if is_int(z) {
            Some(int_of(z))
        } else if z == crate::objects::object::py_none() {
            None
        } else {
            return not_implemented();
        };
        match int_pow(base, exp, modulus) {
            Some(PowResult::Int(r)) => long_from_int(&r),
            Some(PowResult::Float) => {
                let pow = (*crate::objects::floatobject::PyFloat_Type.get()).tp_as_number;
                ((*pow).nb_power.expect("float has nb_power"))(v, w, z)
            }
            None => ptr::null_mut(),
        }
    }
}

/// The result of [`int_pow`].
pub(crate) enum PowResult {
    /// An int.
    Int(Int),
    /// A negative exponent without a modulus: computed by float's `pow`.
    Float,
}

/// `pow(base, exp[, modulus])` over ints.
pub(crate) fn int_pow(base: Int, exp: Int, modulus: Option<Int>) -> Option<PowResult> {
    let Some(m) = modulus else {
        if exp.is_negative() {
            return Some(PowResult::Float);
        }
        // Bases whose powers do not grow.
        match base {
            Int::Small(0) => return Some(PowResult::Int(Int::Small(exp.is_zero() as i128))),
            Int::Small(1) => return Some(PowResult::Int(Int::Small(1))),
            Int::Small(-1) => {
                let odd = match &exp {
                    Int::Small(e) => e & 1 == 1,
                    Int::Big(e) => e.bit(0),
                };
                return Some(PowResult::Int(Int::Small(if odd { -1 } else { 1 })));
            }
            _ => {}
        }
        let e = match exp {
            Int::Small(e) if e <= u32::MAX as i128 => e as u32,
            _ => {
                errors::PyErr_NoMemory();
                return None;
            }
        };
        check_bits(base.bits().saturating_mul(e as u64))?;
        if let Int::Small(b) = base
            && let Some(r) = b.checked_pow(e)
        {
            return Some(PowResult::Int(Int::Small(r)));
        }
        return Some(PowResult::Int(Int::from_big(num_traits::pow::Pow::pow(
            base.to_big(),
            e,
        ))));
    };
    if m.is_zero() {
        errors::raise(Exc::ValueError, "pow() 3rd argument cannot be 0");
        return None;
    }
    let m = m.to_big();
    let negative_out = m.is_negative();
    let mabs = m.abs();
    if mabs.is_one() {
        return Some(PowResult::Int(Int::Small(0)));
    }
    let mut b = base.to_big();
    let mut e = exp.to_big();
    if e.is_negative() {
        let Some(inv) = b.mod_floor(&mabs).modinv(&mabs) else {
            errors::raise(
                Exc::ValueError,
                "base is not invertible for the given modulus",
            );
            return None;
        };
        b = inv;
        e = -e;
    }
    let mut r = b.mod_floor(&mabs).modpow(&e, &mabs);
    if negative_out && !r.is_zero() {
        r -= &mabs;
    }
    Some(PowResult::Int(Int::from_big(r)))
}

/// A unary slot over an int.
///
/// # Safety
/// `a` must be a live int.
unsafe fn unary(a: *mut PyObject, f: impl FnOnce(Int) -> Int) -> *mut PyObject {
    // SAFETY: a live int.
    long_from_int(&f(unsafe { int_of(a) }))
}

pub(crate) fn int_neg(x: Int) -> Int {
    match x {
        Int::Small(v) => match v.checked_neg() {
            Some(n) => Int::Small(n),
            None => Int::from_big(-BigInt::from(v)),
        },
        Int::Big(b) => Int::from_big(-b),
    }
}

unsafe extern "C" fn long_neg(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    unsafe { unary(a, int_neg) }
}

unsafe extern "C" fn long_abs(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    unsafe { unary(a, |x| if x.is_negative() { int_neg(x) } else { x }) }
}

unsafe extern "C" fn long_invert(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    unsafe {
        unary(a, |x| match x {
            Int::Small(v) => Int::Small(!v),
            Int::Big(b) => Int::from_big(-b - 1),
        })
    }
}

/// `nb_int`, `nb_index` and `nb_positive`: the value as an exact `int`.
pub(super) unsafe extern "C" fn long_long(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    unsafe {
        if type_of(a) == PyLong_Type.get() {
            Py_IncRef(a);
            return a;
        }
        long_copy(a)
    }
}

unsafe extern "C" fn long_bool(a: *mut PyObject) -> c_int {
    // SAFETY: a live int.
    unsafe { (size(a) != 0) as c_int }
}

unsafe extern "C" fn long_float(a: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    match int_to_f64(&unsafe { int_of(a) }) {
        Some(v) => crate::objects::floatobject::float_from_f64(v),
        None => errors::fail_null(Exc::OverflowError, "int too large to convert to float"),
    }
}

/// CPython's `divmod_shift`: a non-negative shift count as whole digits
/// and remaining bits, the digit count clipped to `PY_SSIZE_T_MAX / 4`
/// (where a left shift can only overflow); `ValueError("negative shift
/// count")` for a negative count.
fn shift_parts(b: &Int) -> Option<(u64, u32)> {
    if b.is_negative() {
        errors::raise(Exc::ValueError, "negative shift count");
        return None;
    }
    let clip = (isize::MAX as u64) / size_of::<digit>() as u64;
    let (words, rem) = match b {
        Int::Small(v) => (
            (*v as u128 / PyLong_SHIFT as u128),
            (*v as u128 % PyLong_SHIFT as u128) as u32,
        ),
        Int::Big(big) => {
            let (q, r) = big.div_rem(&BigInt::from(PyLong_SHIFT));
            (q.to_u128().unwrap_or(u128::MAX), r.to_u32().unwrap_or(0))
        }
    };
    if words >= clip as u128 {
        return Some((clip, 0));
    }
    Some((words as u64, rem))
}

pub(crate) fn int_lshift(x: Int, y: Int) -> Option<Int> {
    let (words, rem) = shift_parts(&y)?;
    if x.is_zero() {
        return Some(Int::Small(0));
    }
    let old = x.bits().div_ceil(PyLong_SHIFT as u64);
    let newsize = old as u128 + words as u128 + (rem != 0) as u128;
    if newsize > MAX_LONG_DIGITS as u128 {
        errors::raise(Exc::OverflowError, "too many digits in integer");
        return None;
    }
    let n = words as u128 * PyLong_SHIFT as u128 + rem as u128;
    let bits = x.bits() as u128 + n;
    check_bits(u64::try_from(bits).unwrap_or(u64::MAX))?;
    let (n, bits) = (n as u64, bits as u64);
    if let Int::Small(v) = x
        && bits < 127
    {
        return Some(Int::Small(v << n));
    }
    Some(Int::from_big(x.to_big() << n as usize))
}

pub(crate) fn int_rshift(x: Int, y: Int) -> Option<Int> {
    let (words, rem) = shift_parts(&y)?;
    let n = words as u128 * PyLong_SHIFT as u128 + rem as u128;
    if n >= x.bits() as u128 {
        return Some(Int::Small(if x.is_negative() { -1 } else { 0 }));
    }
    let n = n as u64;
    Some(match x {
        Int::Small(v) => Int::Small(v >> n),
        // BigInt's >> rounds toward negative infinity, as Python's does.
        Int::Big(b) => Int::from_big(b >> n as usize),
    })
}

unsafe extern "C" fn long_lshift(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, int_lshift) }
}

unsafe extern "C" fn long_rshift(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, int_rshift) }
}

/// A bitwise operation with two's-complement semantics.
fn bitwise(
    x: Int,
    y: Int,
    small: fn(i128, i128) -> i128,
    big: fn(&BigInt, &BigInt) -> BigInt,
) -> Option<Int> {
    Some(match (&x, &y) {
        (Int::Small(a), Int::Small(b)) => Int::Small(small(*a, *b)),
        _ => Int::from_big(big(&x.to_big(), &y.to_big())),
    })
}

unsafe extern "C" fn long_and(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, |x, y| bitwise(x, y, |p, q| p & q, |p, q| p & q)) }
}

unsafe extern "C" fn long_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, |x, y| bitwise(x, y, |p, q| p | q, |p, q| p | q)) }
}

unsafe extern "C" fn long_xor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { binary(a, b, |x, y| bitwise(x, y, |p, q| p ^ q, |p, q| p ^ q)) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::boolobject::py_true;
    use crate::objects::floatobject::{PyFloat_AsDouble, float_from_f64};
    use crate::objects::object::py_none;
    use crate::python::errors::take_error;

    #[test]
    fn layout_matches_cpython() {
        assert_eq!(size_of::<PyLongObject>(), 32);
        assert_eq!(offset_of!(PyLongObject, ob_digit), 24);
        // SAFETY: reading a static type.
        unsafe {
            assert_eq!((*PyLong_Type.get()).tp_basicsize, 24);
            assert_eq!((*PyLong_Type.get()).tp_itemsize, 4);
        }
    }

    #[test]
    fn digits_round_trip() {
        for v in [
            0i128,
            1,
            -1,
            (1 << 30) - 1,
            1 << 30,
            -(1 << 90),
            i128::MAX,
            i128::MIN,
        ] {
            let op = long_from_i128(v);
            // SAFETY: a live int.
            unsafe {
                assert_eq!(long_value(op), Some(v));
                Py_DecRef(op);
            }
        }
        let big = BigInt::from(7) << 500usize;
        let op = long_from_bigint(&big);
        // SAFETY: a live int.
        unsafe {
            assert_eq!(size(op), 17);
            assert_eq!(int_of(op), Int::Big(big));
            Py_DecRef(op);
        }
    }

    #[test]
    fn long_conversions_match_cpython() {
        let big = long_from_u64(u64::MAX);
        let neg = long_from_i64(-1);
        // SAFETY: live objects.
        unsafe {
            assert_eq!(PyLong_AsUnsignedLongLong(big), u64::MAX);
            assert_eq!(PyLong_AsLong(big), -1);
            assert_eq!(
                take_error().unwrap().message,
                "Python int too large to convert to C long"
            );
            assert_eq!(PyLong_AsUnsignedLongLong(neg), u64::MAX);
            assert_eq!(
                take_error().unwrap().message,
                "can't convert negative int to unsigned"
            );
            let mut overflow = 0;
            assert_eq!(PyLong_AsLongAndOverflow(big, &mut overflow), -1);
            assert_eq!(overflow, 1);
            assert!(errors::PyErr_Occurred().is_null());
            assert_eq!(PyLong_AsLong(py_true()), 1);
            let f = float_from_f64(1.5);
            assert_eq!(PyLong_AsSsize_t(f), -1);
            assert_eq!(take_error().unwrap().message, "an integer is required");
            assert_eq!(PyFloat_AsDouble(big), 18446744073709551615.0);
            assert_eq!(PyFloat_AsDouble(py_none()), -1.0);
            assert_eq!(
                take_error().unwrap().message,
                "must be real number, not NoneType"
            );
            for op in [big, neg, f] {
                Py_DecRef(op);
            }
        }
    }

    #[test]
    fn rounding_to_double_is_correct() {
        // 2**53 + 1 rounds to even (down); 2**53 + 3 rounds up.
        let f = |v: BigInt| int_to_f64(&Int::Big(v)).unwrap();
        let two53 = BigInt::from(1u64 << 53) << 100usize;
        assert_eq!(f(&two53 + (BigInt::from(1) << 100usize)), 2f64.powi(153));
        assert_eq!(
            f(&two53 + (BigInt::from(3) << 100usize)),
            (2f64.powi(53) + 4.0) * 2f64.powi(100)
        );
        assert!(int_to_f64(&Int::Big(BigInt::from(1) << 1024usize)).is_none());
        assert_eq!(
            int_truediv(&Int::Small(1), &Int::Big(BigInt::from(1) << 1074usize)),
            Some(5e-324)
        );
        assert_eq!(
            int_truediv(&Int::Small(1), &Int::Big(BigInt::from(1) << 1076usize)),
            Some(0.0)
        );
        assert_eq!(
            int_truediv(&Int::Small(3), &Int::Big(BigInt::from(1) << 1076usize)),
            Some(5e-324)
        );
    }
}
