//! `PyOS_strtoul` and `PyOS_strtol` (CPython's `Python/mystrtoul.c`): the
//! C library's `strtoul`/`strtol` with Python's literal rules, whatever the
//! locale. Base 0 reads a `0x`, `0o` or `0b` prefix (a bare leading `0`
//! gives 0 and stops: Python has no C octal literals); base 16, 8 and 2
//! skip their own prefix. Letters are digits 10 to 35 in both cases. An
//! overflow sets `errno` to `ERANGE` and clamps, as CPython does; as in
//! CPython `errno` is otherwise left alone, so callers clear it first.

use std::ffi::{c_char, c_int, c_long, c_ulong};

/// The value of `c` as a digit (0-9, then a-z / A-Z as 10-35), or 37 for
/// anything else (CPython's `_PyLong_DigitValue`), so that `>= base` means
/// "not a digit" for every base up to 36.
fn digit_value(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'a'..=b'z' => u32::from(c - b'a') + 10,
        b'A'..=b'Z' => u32::from(c - b'A') + 10,
        _ => 37,
    }
}

/// `Py_ISSPACE`: the ASCII white space of the C locale.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Sets the calling thread's `errno` to `ERANGE`.
fn set_erange() {
    // SAFETY: the calling thread's errno slot.
    unsafe { *libc::__errno_location() = libc::ERANGE };
}

/// The byte at `p`.
///
/// # Safety
/// `p` must point into a NUL-terminated string (at or before its NUL).
unsafe fn at(p: *const c_char) -> u8 {
    // SAFETY: per the contract.
    unsafe { *p as u8 }
}

/// Stores `p` in `*end` when `end` is not NULL.
///
/// # Safety
/// `end` must be NULL or writable.
unsafe fn set_end(end: *mut *mut c_char, p: *const c_char) {
    if !end.is_null() {
        // SAFETY: per the contract.
        unsafe { *end = p as *mut c_char };
    }
}

/// `PyOS_strtoul(str, &end, base)`: the unsigned value of the digits at
/// the start of `str` (after ASCII white space; no sign) in `base` (0 or 2
/// to 36), with `*end` (when `end` is not NULL) at the first byte not
/// read. 0 with `*end` at the prefix letter for a prefix with no digit
/// after it, or at `str` for a bad base.
///
/// An overflow gives `ULONG_MAX` with `errno = ERANGE`, `*end` after all
/// the digits.
///
/// # Safety
/// `str` must be NUL-terminated; `end` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyOS_strtoul(
    str: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
) -> c_ulong {
    let mut p = str;
    let mut base = base;
    // SAFETY: every read is at or before the string's NUL: each step
    // forward is past a byte that was not NUL.
    unsafe {
        while is_space(at(p)) {
            p = p.add(1);
        }
        // A prefix must be followed by a digit of its base; without one
        // the number is the "0" alone and `*end` is at the letter.
        let prefix = |letter: u8| -> Option<u32> {
            match letter {
                b'x' | b'X' => Some(16),
                b'o' | b'O' => Some(8),
                b'b' | b'B' => Some(2),
                _ => None,
            }
        };
        if at(p) == b'0' && matches!(base, 0 | 2 | 8 | 16) {
            let letter = at(p.add(1));
            match prefix(letter) {
                Some(b) if base == 0 || b == base as u32 => {
                    p = p.add(1);
                    if digit_value(at(p.add(1))) >= b {
                        set_end(end, p);
                        return 0;
                    }
                    p = p.add(1);
                    base = b as c_int;
                }
                _ if base == 0 => {
                    // A bare 0 (and any more zeros and trailing spaces):
                    // Python reads no C octal.
                    while at(p) == b'0' {
                        p = p.add(1);
                    }
                    while is_space(at(p)) {
                        p = p.add(1);
                    }
                    set_end(end, p);
                    return 0;
                }
                _ => p = p.add(1),
            }
        } else if base == 0 {
            base = 10;
        }
        if !(2..=36).contains(&base) {
            set_end(end, p);
            return 0;
        }
        let base = base as u32;
        let mut value: c_ulong = 0;
        let mut overflowed = false;
        loop {
            let d = digit_value(at(p));
            if d >= base {
                break;
            }
            if !overflowed {
                match value
                    .checked_mul(c_ulong::from(base))
                    .and_then(|v| v.checked_add(c_ulong::from(d)))
                {
                    Some(v) => value = v,
                    None => overflowed = true,
                }
            }
            p = p.add(1);
        }
        set_end(end, p);
        if overflowed {
            set_erange();
            return c_ulong::MAX;
        }
        value
    }
}

/// `PyOS_strtol(str, &end, base)`: [`PyOS_strtoul`] after an optional
/// `+` or `-` (white space may come before and after it).
///
/// A value out of range gives `LONG_MAX` with `errno = ERANGE`, whatever
/// the sign (as CPython does); exactly `-(LONG_MAX + 1)` is `LONG_MIN`.
///
/// # Safety
/// As [`PyOS_strtoul`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyOS_strtol(
    str: *const c_char,
    end: *mut *mut c_char,
    base: c_int,
) -> c_long {
    let mut p = str;
    // SAFETY: reads stop at the NUL, as in PyOS_strtoul.
    unsafe {
        while is_space(at(p)) {
            p = p.add(1);
        }
        let sign = at(p);
        if sign == b'+' || sign == b'-' {
            p = p.add(1);
        }
        let magnitude = PyOS_strtoul(p, end, base);
        if magnitude <= c_long::MAX as c_ulong {
            let v = magnitude as c_long;
            if sign == b'-' { -v } else { v }
        } else if sign == b'-' && magnitude == c_long::MIN.unsigned_abs() {
            c_long::MIN
        } else {
            set_erange();
            c_long::MAX
        }
    }
}
