//! `str`'s case methods (lower, upper, capitalize, casefold, swapcase,
//! title) and its character-class predicates (isalpha, isdigit, islower,
//! istitle, isidentifier...), as CPython 3.11's `unicodeobject.c` defines
//! them over the Unicode 14.0.0 data of `unicodectype.rs`: full mappings
//! (`'ß'.upper()` is `'SS'`), the final-sigma rule, title case for a
//! capitalized first letter.

use std::ptr;

use super::methods::vec_with_room;
use super::{code_points, unicode_from_code_points_fresh};
use crate::ffi::*;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::unicodectype::{Case, Class, full_case, is};
use crate::python::errors;

// ==========================================================================
// Case mapping
// ==========================================================================

/// The output of a case method, grown fallibly: a mapping can triple the
/// length, and a string near the memory limit must fail with MemoryError
/// rather than abort.
struct Mapped(Vec<u32>);

impl Mapped {
    /// Room for `n` code points (the input's length), or None with
    /// `MemoryError`.
    fn with_room(n: usize) -> Option<Mapped> {
        vec_with_room(n).map(Mapped)
    }

    /// Appends the full `case` mapping of `c`, or false with `MemoryError`.
    fn push_case(&mut self, c: u32, case: Case) -> bool {
        let mut out = [0; 3];
        let n = full_case(c, case, &mut out);
        self.push_all(&out[..n])
    }

    fn push_all(&mut self, cps: &[u32]) -> bool {
        if self.0.try_reserve(cps.len()).is_err() {
            errors::PyErr_NoMemory();
            return false;
        }
        self.0.extend_from_slice(cps);
        true
    }

    /// The new `str`: CPython's case methods fill a fresh one, so even a
    /// one-character result is not the shared one.
    fn finish(self) -> *mut PyObject {
        unicode_from_code_points_fresh(&self.0)
    }
}

/// CPython's `handle_capital_sigma`: U+03A3 at `i` lowers to final sigma
/// (U+03C2) when a cased letter precedes it and none follows it, skipping
/// case-ignorable characters on both sides; else to U+03C3.
fn lower_sigma(s: &[u32], i: usize) -> u32 {
    let before = s[..i].iter().rev().find(|&&c| !is(c, Class::CaseIgnorable));
    let mut final_sigma = before.is_some_and(|&c| is(c, Class::Cased));
    if final_sigma {
        let after = s[i + 1..].iter().find(|&&c| !is(c, Class::CaseIgnorable));
        final_sigma = !after.is_some_and(|&c| is(c, Class::Cased));
    }
    if final_sigma { 0x3C2 } else { 0x3C3 }
}

/// CPython's `lower_ucs4`: the full lower case of `s[i]`, final sigma
/// included.
fn push_lower(out: &mut Mapped, s: &[u32], i: usize) -> bool {
    if s[i] == 0x3A3 {
        return out.push_all(&[lower_sigma(s, i)]);
    }
    out.push_case(s[i], Case::Lower)
}

/// Maps every character of the live str `op` with `map(out, s, i)`.
///
/// # Safety
/// `op` a live str.
unsafe fn map_chars(
    op: *mut PyObject,
    mut map: impl FnMut(&mut Mapped, &[u32], usize) -> bool,
) -> *mut PyObject {
    // SAFETY: per the contract.
    let s = unsafe { code_points(op) };
    let Some(mut out) = Mapped::with_room(s.len()) else {
        return ptr::null_mut();
    };
    for i in 0..s.len() {
        if !map(&mut out, &s, i) {
            return ptr::null_mut();
        }
    }
    out.finish()
}

/// `str.lower()`.
pub(super) unsafe extern "C" fn unicode_lower(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe { map_chars(op, push_lower) }
}

/// `str.upper()`.
pub(super) unsafe extern "C" fn unicode_upper(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe { map_chars(op, |out, s, i| out.push_case(s[i], Case::Upper)) }
}

/// `str.casefold()`.
pub(super) unsafe extern "C" fn unicode_casefold(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe { map_chars(op, |out, s, i| out.push_case(s[i], Case::Fold)) }
}

/// `str.capitalize()`: the first character in title case (since 3.8), the
/// rest in lower case.
pub(super) unsafe extern "C" fn unicode_capitalize(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe {
        map_chars(op, |out, s, i| {
            if i == 0 {
                out.push_case(s[0], Case::Title)
            } else {
                push_lower(out, s, i)
            }
        })
    }
}

/// `str.swapcase()`: upper-case letters lowered, lower-case ones raised.
pub(super) unsafe extern "C" fn unicode_swapcase(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe {
        map_chars(op, |out, s, i| {
            if is(s[i], Class::Uppercase) {
                push_lower(out, s, i)
            } else if is(s[i], Class::Lowercase) {
                out.push_case(s[i], Case::Upper)
            } else {
                out.push_all(&[s[i]])
            }
        })
    }
}

/// `str.title()`: title case after an uncased character, lower case after
/// a cased one.
pub(super) unsafe extern "C" fn unicode_title(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    let mut previous_is_cased = false;
    // SAFETY: a live str.
    unsafe {
        map_chars(op, |out, s, i| {
            let ok = if previous_is_cased {
                push_lower(out, s, i)
            } else {
                out.push_case(s[i], Case::Title)
            };
            previous_is_cased = is(s[i], Class::Cased);
            ok
        })
    }
}

// ==========================================================================
// Predicates
// ==========================================================================

/// `True` when `op` is not empty and every character passes `test`.
///
/// # Safety
/// `op` a live str.
unsafe fn all_chars(op: *mut PyObject, test: impl Fn(u32) -> bool) -> *mut PyObject {
    // SAFETY: per the contract.
    let s = unsafe { code_points(op) };
    bool_from_bool(!s.is_empty() && s.iter().all(|&c| test(c)))
}

macro_rules! all_chars_predicates {
    ($($(#[$doc:meta])* $name:ident => $test:expr;)*) => {$(
        $(#[$doc])*
        pub(super) unsafe extern "C" fn $name(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
            // SAFETY: a live str.
            unsafe { all_chars(op, $test) }
        }
    )*};
}

all_chars_predicates! {
    /// `str.isspace()`.
    unicode_isspace => |c| is(c, Class::Whitespace);
    /// `str.isalpha()`.
    unicode_isalpha => |c| is(c, Class::Alpha);
    /// `str.isdecimal()`.
    unicode_isdecimal => |c| is(c, Class::Decimal);
    /// `str.isdigit()`.
    unicode_isdigit => |c| is(c, Class::Digit);
    /// `str.isnumeric()`.
    unicode_isnumeric => |c| is(c, Class::Numeric);
    /// `str.isalnum()`: each character alphabetic, decimal, digit or
    /// numeric.
    unicode_isalnum => |c| {
        is(c, Class::Alpha) || is(c, Class::Decimal) || is(c, Class::Digit) || is(c, Class::Numeric)
    };
}

/// `str.isascii()`: every character below U+0080 (`True` when empty).
pub(super) unsafe extern "C" fn unicode_isascii(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    bool_from_bool(unsafe { code_points(op) }.iter().all(|&c| c < 0x80))
}

/// `str.isprintable()`: `True` when empty.
pub(super) unsafe extern "C" fn unicode_isprintable(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    bool_from_bool(
        unsafe { code_points(op) }
            .iter()
            .all(|&c| is(c, Class::Printable)),
    )
}

/// `str.islower()` / `isupper()`: at least one cased character, and none
/// of the other case or title case.
///
/// # Safety
/// `op` a live str.
unsafe fn cased_as(op: *mut PyObject, this: Class, other: Class) -> *mut PyObject {
    let mut cased = false;
    // SAFETY: per the contract.
    for c in unsafe { code_points(op) } {
        if is(c, other) || is(c, Class::Titlecase) {
            return bool_from_bool(false);
        }
        cased |= is(c, this);
    }
    bool_from_bool(cased)
}

/// `str.islower()`.
pub(super) unsafe extern "C" fn unicode_islower(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe { cased_as(op, Class::Lowercase, Class::Uppercase) }
}

/// `str.isupper()`.
pub(super) unsafe extern "C" fn unicode_isupper(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    unsafe { cased_as(op, Class::Uppercase, Class::Lowercase) }
}

/// `str.istitle()`: upper- and title-case characters only after uncased
/// ones, lower-case ones only after cased ones, and at least one cased.
pub(super) unsafe extern "C" fn unicode_istitle(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    let (mut cased, mut previous_is_cased) = (false, false);
    // SAFETY: a live str.
    for c in unsafe { code_points(op) } {
        if is(c, Class::Uppercase) || is(c, Class::Titlecase) {
            if previous_is_cased {
                return bool_from_bool(false);
            }
            (previous_is_cased, cased) = (true, true);
        } else if is(c, Class::Lowercase) {
            if !previous_is_cased {
                return bool_from_bool(false);
            }
            (previous_is_cased, cased) = (true, true);
        } else {
            previous_is_cased = false;
        }
    }
    bool_from_bool(cased)
}

/// `str.isidentifier()`: XID_Start or `_`, then XID_Continue.
pub(super) unsafe extern "C" fn unicode_isidentifier(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live str.
    bool_from_bool(is_identifier(&unsafe { code_points(op) }))
}

/// Whether `s` is a Python identifier (`str.isidentifier` and
/// `PyUnicode_IsIdentifier`): an XID_Start character or `_`, then
/// XID_Continue characters; never empty.
pub(super) fn is_identifier(s: &[u32]) -> bool {
    match s.split_first() {
        Some((&first, rest)) => {
            (first == u32::from(b'_') || is(first, Class::XidStart))
                && rest.iter().all(|&c| is(c, Class::XidContinue))
        }
        None => false,
    }
}
