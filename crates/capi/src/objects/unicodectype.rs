//! Character classes and case mappings of single code points (CPython's
//! `Objects/unicodectype.c`): the `_PyUnicode_Is*`/`_PyUnicode_To*`
//! functions behind the `Py_UNICODE_IS*`/`Py_UNICODE_TO*` macros, and the
//! engine of `str`'s predicates and case methods.
//!
//! The data is CPython 3.11's own (Unicode 14.0.0), generated into
//! `unicodetype_db.rs` by `scripts/gen_unicode_tables.py`, so results do
//! not move with the Unicode version of Rust's `char` methods. Every
//! function takes any `u32`: values past U+10FFFF have no class and map to
//! themselves, as in CPython.

use std::ffi::{c_double, c_int};

use crate::objects::unicodetype_db::{CTYPE_RUNS, FULL_CASE, NUMERIC_VALUES, SIMPLE_CASE};

// ==========================================================================
// Classes
// ==========================================================================

/// The class bits of `CTYPE_RUNS`, in the generator's `CLASSES` order.
#[derive(Clone, Copy)]
#[repr(u16)]
pub(crate) enum Class {
    Lowercase = 1 << 0,
    Uppercase = 1 << 1,
    Titlecase = 1 << 2,
    XidStart = 1 << 3,
    XidContinue = 1 << 4,
    Whitespace = 1 << 5,
    Linebreak = 1 << 6,
    CaseIgnorable = 1 << 7,
    Cased = 1 << 8,
    Decimal = 1 << 9,
    Digit = 1 << 10,
    Numeric = 1 << 11,
    Printable = 1 << 12,
    Alpha = 1 << 13,
}

/// The class bits of `ch` (0 past the last run's start only for code
/// points without a class; the runs cover 0..=U+10FFFF).
fn classes(ch: u32) -> u16 {
    if ch > 0x10FFFF {
        return 0;
    }
    // The first run starts at 0, so the index is at least 1.
    let i = CTYPE_RUNS.partition_point(|&(start, _)| start <= ch);
    CTYPE_RUNS[i - 1].1
}

/// Whether `ch` is in `class`.
pub(crate) fn is(ch: u32, class: Class) -> bool {
    classes(ch) & class as u16 != 0
}

// ==========================================================================
// Case mappings
// ==========================================================================

/// Which case of [`full_case`].
#[derive(Clone, Copy)]
pub(crate) enum Case {
    Lower = 0,
    Upper = 1,
    Title = 2,
    Fold = 3,
}

/// The simple (one code point) mapping of `ch` to `case` (not `Fold`,
/// which has no simple form).
fn simple_case(ch: u32, case: Case) -> u32 {
    match SIMPLE_CASE.binary_search_by_key(&ch, |e| e.0) {
        Ok(i) => {
            let (_, lower, upper, title) = SIMPLE_CASE[i];
            let delta = match case {
                Case::Lower => lower,
                Case::Upper => upper,
                Case::Title | Case::Fold => title,
            };
            ch.wrapping_add_signed(delta)
        }
        Err(_) => ch,
    }
}

/// The full mapping of `ch` to `case` (1 to 3 code points) written to
/// `out`; returns how many.
pub(crate) fn full_case(ch: u32, case: Case, out: &mut [u32; 3]) -> usize {
    if let Ok(i) = FULL_CASE.binary_search_by_key(&ch, |e| e.0) {
        let mapped = &FULL_CASE[i].1[case as usize];
        *out = *mapped;
        // Zero-padded; a mapping never holds U+0000 itself.
        return mapped.iter().take_while(|&&c| c != 0).count();
    }
    out[0] = match case {
        // Without a special entry the fold is the lower case.
        Case::Fold => simple_case(ch, Case::Lower),
        _ => simple_case(ch, case),
    };
    1
}

/// The numeric values of `ch`: (decimal, digit, numeric), -1 where it has
/// none.
fn numeric_values(ch: u32) -> (i8, i8, f64) {
    match NUMERIC_VALUES.binary_search_by_key(&ch, |e| e.0) {
        Ok(i) => {
            let (_, decimal, digit, numeric) = NUMERIC_VALUES[i];
            (decimal, digit, numeric)
        }
        Err(_) => (-1, -1, -1.0),
    }
}

// ==========================================================================
// The C API (Include/cpython/unicodeobject.h)
// ==========================================================================

macro_rules! class_predicates {
    ($($(#[$doc:meta])* $name:ident => $class:ident;)*) => {$(
        $(#[$doc])*
        #[unsafe(no_mangle)]
        pub extern "C" fn $name(ch: u32) -> c_int {
            is(ch, Class::$class) as c_int
        }
    )*};
}

class_predicates! {
    /// `Py_UNICODE_ISLOWER`: the Lowercase property.
    _PyUnicode_IsLowercase => Lowercase;
    /// `Py_UNICODE_ISUPPER`: the Uppercase property.
    _PyUnicode_IsUppercase => Uppercase;
    /// `Py_UNICODE_ISTITLE`: category Lt.
    _PyUnicode_IsTitlecase => Titlecase;
    /// XID_Start (the first character of an identifier, `_` aside).
    _PyUnicode_IsXidStart => XidStart;
    /// XID_Continue.
    _PyUnicode_IsXidContinue => XidContinue;
    /// `Py_UNICODE_ISLINEBREAK`: a line boundary of `str.splitlines()`.
    _PyUnicode_IsLinebreak => Linebreak;
    /// Case_Ignorable (skipped around a final sigma).
    _PyUnicode_IsCaseIgnorable => CaseIgnorable;
    /// Cased: Lowercase, Uppercase or Lt.
    _PyUnicode_IsCased => Cased;
    /// `Py_UNICODE_ISDECIMAL`: a decimal digit (`str.isdecimal()`).
    _PyUnicode_IsDecimalDigit => Decimal;
    /// `Py_UNICODE_ISDIGIT`: a digit (`str.isdigit()`).
    _PyUnicode_IsDigit => Digit;
    /// `Py_UNICODE_ISNUMERIC`: a numeric character (`str.isnumeric()`).
    _PyUnicode_IsNumeric => Numeric;
    /// `Py_UNICODE_ISPRINTABLE`: printable as `repr()` leaves it.
    _PyUnicode_IsPrintable => Printable;
    /// `Py_UNICODE_ISALPHA`: categories L* (`str.isalpha()`).
    _PyUnicode_IsAlpha => Alpha;
}

/// `_Py_ascii_whitespace`: 1 at the ASCII code points `str.isspace()`
/// accepts (TAB to CR and 0x1C to SPACE), the fast half of
/// `Py_UNICODE_ISSPACE`.
#[unsafe(no_mangle)]
pub static _Py_ascii_whitespace: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = matches!(c, 0x09..=0x0D | 0x1C..=0x20) as u8;
        c += 1;
    }
    t
};

/// `_PyUnicode_IsWhitespace` (`Py_UNICODE_ISSPACE`): whitespace as
/// `str.isspace()` counts it.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_IsWhitespace(ch: u32) -> c_int {
    is(ch, Class::Whitespace) as c_int
}

/// `Py_UNICODE_TOLOWER`: the simple lower case.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToLowercase(ch: u32) -> u32 {
    simple_case(ch, Case::Lower)
}

/// `Py_UNICODE_TOUPPER`: the simple upper case.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToUppercase(ch: u32) -> u32 {
    simple_case(ch, Case::Upper)
}

/// `Py_UNICODE_TOTITLE`: the simple title case.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToTitlecase(ch: u32) -> u32 {
    simple_case(ch, Case::Title)
}

/// Writes the full mapping of `ch` to `res` (room for 3 code points) and
/// returns its length.
///
/// # Safety
/// `res` must be writable for 3 `Py_UCS4`s.
unsafe fn write_full(ch: u32, case: Case, res: *mut u32) -> c_int {
    let mut out = [0; 3];
    let n = full_case(ch, case, &mut out);
    // SAFETY: room for 3 per the contract; `n <= 3`.
    unsafe { std::ptr::copy_nonoverlapping(out.as_ptr(), res, n) };
    n as c_int
}

/// `_PyUnicode_ToLowerFull(ch, res)`: the full lower case (special casing
/// included) in `res`, its length returned.
///
/// # Safety
/// `res` must be writable for 3 `Py_UCS4`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_ToLowerFull(ch: u32, res: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_full(ch, Case::Lower, res) }
}

/// `_PyUnicode_ToUpperFull(ch, res)`.
///
/// # Safety
/// `res` must be writable for 3 `Py_UCS4`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_ToUpperFull(ch: u32, res: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_full(ch, Case::Upper, res) }
}

/// `_PyUnicode_ToTitleFull(ch, res)`.
///
/// # Safety
/// `res` must be writable for 3 `Py_UCS4`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_ToTitleFull(ch: u32, res: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_full(ch, Case::Title, res) }
}

/// `_PyUnicode_ToFoldedFull(ch, res)`: the case fold of `str.casefold()`.
///
/// # Safety
/// `res` must be writable for 3 `Py_UCS4`s.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_ToFoldedFull(ch: u32, res: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { write_full(ch, Case::Fold, res) }
}

/// `Py_UNICODE_TODECIMAL`: the decimal value, or -1.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToDecimalDigit(ch: u32) -> c_int {
    numeric_values(ch).0 as c_int
}

/// `Py_UNICODE_TODIGIT`: the digit value, or -1.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToDigit(ch: u32) -> c_int {
    numeric_values(ch).1 as c_int
}

/// `Py_UNICODE_TONUMERIC`: the numeric value, or -1.0.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToNumeric(ch: u32) -> c_double {
    numeric_values(ch).2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_mappings_of_known_code_points() {
        assert!(is('a' as u32, Class::Lowercase) && is('a' as u32, Class::Cased));
        assert!(is(0x01C5, Class::Titlecase)); // Dž
        assert!(is(0x0345, Class::CaseIgnorable)); // combining ypogegrammeni
        assert!(!is(0x110000, Class::Printable));
        let mut out = [0; 3];
        assert_eq!(full_case(0xDF, Case::Upper, &mut out), 2); // ß -> SS
        assert_eq!(&out[..2], &[0x53, 0x53]);
        assert_eq!(full_case(0xDF, Case::Fold, &mut out), 2); // ß -> ss
        assert_eq!(&out[..2], &[0x73, 0x73]);
        assert_eq!(full_case(0x130, Case::Lower, &mut out), 2); // İ -> i̇
        assert_eq!(_PyUnicode_ToLowercase(0x130), 0x69);
        assert_eq!(_PyUnicode_ToNumeric(0xBD), 0.5); // ½
        assert_eq!(_PyUnicode_ToDigit(0xB2), 2); // ²
        assert_eq!(_PyUnicode_ToDecimalDigit(0xB2), -1);
        for c in 0..128u32 {
            assert_eq!(
                _Py_ascii_whitespace[c as usize] != 0,
                is(c, Class::Whitespace)
            );
        }
    }
}
