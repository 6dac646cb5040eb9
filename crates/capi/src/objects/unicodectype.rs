//! Character types and case mappings of single code points, as CPython's
//! `Objects/unicodectype.c`: the functions behind the `Py_UNICODE_IS*` /
//! `Py_UNICODE_TO*` macros of `unicodeobject.h`. The data is CPython
//! 3.11's own (Unicode 14.0.0), generated into `unicodetype_db.rs`; a code
//! point above U+10FFFF has no properties and maps to itself, as there.

use std::ffi::c_int;

use crate::objects::unicodetype_db::{
    self as db, CTYPE_INDEX1, CTYPE_INDEX2, CTYPE_RECORDS, CTYPE_SHIFT, CtypeRecord,
    NUMERIC_VALUES, SPECIAL_CASES,
};

/// The record of `ch` (record 0, "no properties", beyond the code space).
fn record(ch: u32) -> &'static CtypeRecord {
    let ix = if ch > 0x10FFFF {
        0
    } else {
        let block = CTYPE_INDEX1[(ch >> CTYPE_SHIFT) as usize] as usize;
        let within = (ch & ((1 << CTYPE_SHIFT) - 1)) as usize;
        CTYPE_INDEX2[(block << CTYPE_SHIFT) + within] as usize
    };
    &CTYPE_RECORDS[ix]
}

fn has(ch: u32, flag: u16) -> c_int {
    c_int::from(record(ch).flags & flag != 0)
}

fn offset(ch: u32, delta: i32) -> u32 {
    ch.wrapping_add_signed(delta)
}

/// Copies a full mapping into the caller's three-slot buffer; the count.
///
/// # Safety
/// `res` must be valid for writing three code points.
unsafe fn write_full(mapping: &[u32], res: *mut u32) -> c_int {
    // SAFETY: the tables hold at most three code points per mapping and the
    // caller provides three slots (as CPython's callers do).
    unsafe { std::ptr::copy_nonoverlapping(mapping.as_ptr(), res, mapping.len()) };
    mapping.len() as c_int
}

macro_rules! predicate {
    ($(#[$doc:meta])* $name:ident, $flag:expr) => {
        $(#[$doc])*
        #[unsafe(no_mangle)]
        pub extern "C" fn $name(ch: u32) -> c_int {
            has(ch, $flag)
        }
    };
}

predicate!(
    /// `Py_UNICODE_ISALPHA`: a letter (categories Lm, Lt, Lu, Ll, Lo).
    _PyUnicode_IsAlpha, db::ALPHA
);
predicate!(
    /// `Py_UNICODE_ISDECIMAL`: has a decimal value (category Nd).
    _PyUnicode_IsDecimalDigit, db::DECIMAL
);
predicate!(
    /// `Py_UNICODE_ISDIGIT`: has a digit value.
    _PyUnicode_IsDigit, db::DIGIT
);
predicate!(
    /// `Py_UNICODE_ISNUMERIC`: has a numeric value.
    _PyUnicode_IsNumeric, db::NUMERIC
);
predicate!(
    /// `Py_UNICODE_ISLOWER`: lowercase.
    _PyUnicode_IsLowercase, db::LOWER
);
predicate!(
    /// `Py_UNICODE_ISUPPER`: uppercase.
    _PyUnicode_IsUppercase, db::UPPER
);
predicate!(
    /// `Py_UNICODE_ISTITLE`: titlecase.
    _PyUnicode_IsTitlecase, db::TITLE
);
predicate!(
    /// `Py_UNICODE_ISLINEBREAK`: a line boundary `str.splitlines()` splits at.
    _PyUnicode_IsLinebreak, db::LINEBREAK
);
predicate!(
    /// `Py_UNICODE_ISPRINTABLE`: printable as `str.isprintable()` counts it.
    _PyUnicode_IsPrintable, db::PRINTABLE
);
predicate!(
    /// May start an identifier (XID_Start).
    _PyUnicode_IsXidStart, db::XID_START
);
predicate!(
    /// May continue an identifier (XID_Continue).
    _PyUnicode_IsXidContinue, db::XID_CONTINUE
);
predicate!(
    /// Case-ignorable (for the final-sigma rule of `str.lower()`).
    _PyUnicode_IsCaseIgnorable, db::CASE_IGNORABLE
);
predicate!(
    /// Cased (has or is a case form).
    _PyUnicode_IsCased, db::CASED
);

/// `Py_UNICODE_TOUPPER`: the simple uppercase mapping (the first code
/// point of a full mapping that has several).
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToUppercase(ch: u32) -> u32 {
    offset(ch, record(ch).upper)
}

/// `Py_UNICODE_TOLOWER`: the simple lowercase mapping.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToLowercase(ch: u32) -> u32 {
    offset(ch, record(ch).lower)
}

/// `Py_UNICODE_TOTITLE`: the simple titlecase mapping.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToTitlecase(ch: u32) -> u32 {
    offset(ch, record(ch).title)
}

/// The special-casing entry of `ch`, if its full mappings are not simple.
fn special(ch: u32) -> Option<&'static db::SpecialCase> {
    let s = record(ch).special;
    (s != 0).then(|| &SPECIAL_CASES[s as usize - 1])
}

/// Writes the full lowercase mapping of `ch` (1 to 3 code points) to `res`
/// and returns its length.
///
/// # Safety
/// `res` must be valid for writing three code points.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_ToLowerFull(ch: u32, res: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        match special(ch) {
            Some(s) => write_full(s.lower, res),
            None => write_full(&[_PyUnicode_ToLowercase(ch)], res),
        }
    }
}

/// The full titlecase mapping, as [`_PyUnicode_ToLowerFull`].
///
/// # Safety
/// `res` must be valid for writing three code points.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_ToTitleFull(ch: u32, res: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        match special(ch) {
            Some(s) => write_full(s.title, res),
            None => write_full(&[_PyUnicode_ToTitlecase(ch)], res),
        }
    }
}

/// The full uppercase mapping, as [`_PyUnicode_ToLowerFull`].
///
/// # Safety
/// `res` must be valid for writing three code points.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_ToUpperFull(ch: u32, res: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        match special(ch) {
            Some(s) => write_full(s.upper, res),
            None => write_full(&[_PyUnicode_ToUppercase(ch)], res),
        }
    }
}

/// The full case folding (`str.casefold()`), as [`_PyUnicode_ToLowerFull`].
///
/// # Safety
/// `res` must be valid for writing three code points.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyUnicode_ToFoldedFull(ch: u32, res: *mut u32) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        match special(ch) {
            Some(s) => write_full(s.fold, res),
            None => write_full(&[_PyUnicode_ToLowercase(ch)], res),
        }
    }
}

/// `Py_UNICODE_TODECIMAL`: the decimal value of `ch`, or -1.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToDecimalDigit(ch: u32) -> c_int {
    c_int::from(record(ch).decimal)
}

/// `Py_UNICODE_TODIGIT`: the digit value of `ch`, or -1.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToDigit(ch: u32) -> c_int {
    c_int::from(record(ch).digit)
}

/// `Py_UNICODE_TONUMERIC`: the numeric value of `ch`, or -1.0.
#[unsafe(no_mangle)]
pub extern "C" fn _PyUnicode_ToNumeric(ch: u32) -> f64 {
    match record(ch).numeric {
        0 => -1.0,
        n => NUMERIC_VALUES[n as usize - 1],
    }
}
