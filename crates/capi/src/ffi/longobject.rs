//! `longobject.h` / `cpython/longintrepr.h`: `PyLongObject`, the
//! arbitrary-size integer whose 30-bit digits C code (Cython, for one) may
//! read directly.

#![allow(non_camel_case_types, non_upper_case_globals)]

use crate::ffi::object::PyVarObject;

/// One digit of an `int`: 30 bits in a `uint32_t`.
pub type digit = u32;
/// Bits per digit.
pub const PyLong_SHIFT: u32 = 30;
/// `2**PyLong_SHIFT`.
pub const PyLong_BASE: digit = 1 << PyLong_SHIFT;
/// `PyLong_BASE - 1`.
pub const PyLong_MASK: digit = PyLong_BASE - 1;

/// CPython 3.11's `PyLongObject`: `|ob_size|` digits, least significant
/// first, each below `PyLong_BASE`, with no leading zero digit; the sign of
/// `ob_size` is the sign of the value (0 for zero).
#[repr(C)]
#[derive(Debug)]
pub struct PyLongObject {
    /// Header; `ob_size` is the signed digit count.
    pub ob_base: PyVarObject,
    /// The digits (declared with one, allocated with `max(1, |ob_size|)`).
    pub ob_digit: [digit; 1],
}
