//! `bytes`/`bytearray` case methods and predicates, which treat only ASCII
//! letters as cased (CPython's `Objects/bytes_methods.c`): lower, upper,
//! capitalize, swapcase, title, isalnum, isalpha, isascii, isdigit,
//! islower, isspace, istitle, isupper. Results are of the receiver's kind.

use super::{data_of, is_space, new_like};
use crate::ffi::*;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::bytesobject::is_bytes;

/// Maps every byte of the receiver with `map(byte, index, previous)`,
/// where `previous` is the byte before it (0 at the start).
///
/// # Safety
/// `op` a live bytes or bytearray.
unsafe fn map_bytes(op: *mut PyObject, mut map: impl FnMut(u8, usize) -> u8) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let mut data = data_of(op);
        for (i, b) in data.iter_mut().enumerate() {
            *b = map(*b, i);
        }
        // CPython fills a fresh object: `b'A'.lower()` is not the shared
        // b'a'.
        if is_bytes(op) {
            crate::objects::bytesobject::bytes_from_slice_fresh(&data)
        } else {
            new_like(op, &data)
        }
    }
}

/// `lower()`.
pub(in crate::objects) unsafe extern "C" fn lower(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver.
    unsafe { map_bytes(op, |b, _| b.to_ascii_lowercase()) }
}

/// `upper()`.
pub(in crate::objects) unsafe extern "C" fn upper(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver.
    unsafe { map_bytes(op, |b, _| b.to_ascii_uppercase()) }
}

/// `capitalize()`: the first byte upper case, the rest lower case.
pub(in crate::objects) unsafe extern "C" fn capitalize(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver.
    unsafe {
        map_bytes(op, |b, i| {
            if i == 0 {
                b.to_ascii_uppercase()
            } else {
                b.to_ascii_lowercase()
            }
        })
    }
}

/// `swapcase()`.
pub(in crate::objects) unsafe extern "C" fn swapcase(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver.
    unsafe {
        map_bytes(op, |b, _| {
            if b.is_ascii_uppercase() {
                b.to_ascii_lowercase()
            } else {
                b.to_ascii_uppercase()
            }
        })
    }
}

/// `title()`: upper case after an uncased byte, lower case after a cased
/// one.
pub(in crate::objects) unsafe extern "C" fn title(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    let mut previous_is_cased = false;
    // SAFETY: a live receiver.
    unsafe {
        map_bytes(op, |b, _| {
            let out = if b.is_ascii_alphabetic() {
                if previous_is_cased {
                    b.to_ascii_lowercase()
                } else {
                    b.to_ascii_uppercase()
                }
            } else {
                b
            };
            previous_is_cased = b.is_ascii_alphabetic();
            out
        })
    }
}

/// `True` when the receiver is not empty and every byte passes `test`.
///
/// # Safety
/// `op` a live bytes or bytearray.
unsafe fn all_bytes(op: *mut PyObject, test: impl Fn(u8) -> bool) -> *mut PyObject {
    // SAFETY: per the contract.
    let data = unsafe { data_of(op) };
    bool_from_bool(!data.is_empty() && data.iter().all(|&b| test(b)))
}

macro_rules! all_bytes_predicates {
    ($($(#[$doc:meta])* $name:ident => $test:expr;)*) => {$(
        $(#[$doc])*
        pub(in crate::objects) unsafe extern "C" fn $name(
            op: *mut PyObject,
            _: *mut PyObject,
        ) -> *mut PyObject {
            // SAFETY: a live receiver.
            unsafe { all_bytes(op, $test) }
        }
    )*};
}

all_bytes_predicates! {
    /// `isalnum()`.
    isalnum => |b: u8| b.is_ascii_alphanumeric();
    /// `isalpha()`.
    isalpha => |b: u8| b.is_ascii_alphabetic();
    /// `isdigit()`.
    isdigit => |b: u8| b.is_ascii_digit();
    /// `isspace()`: space, \t, \n, \v, \f, \r.
    isspace => is_space;
}

/// `isascii()`: `True` when empty.
pub(in crate::objects) unsafe extern "C" fn isascii(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver.
    bool_from_bool(unsafe { data_of(op) }.is_ascii())
}

/// `islower()` / `isupper()`: at least one letter of `this` case, none of
/// the other.
///
/// # Safety
/// `op` a live bytes or bytearray.
unsafe fn cased_as(op: *mut PyObject, upper: bool) -> *mut PyObject {
    let mut cased = false;
    // SAFETY: per the contract.
    for b in unsafe { data_of(op) } {
        if (upper && b.is_ascii_lowercase()) || (!upper && b.is_ascii_uppercase()) {
            return bool_from_bool(false);
        }
        cased |= b.is_ascii_alphabetic();
    }
    bool_from_bool(cased)
}

/// `islower()`.
pub(in crate::objects) unsafe extern "C" fn islower(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver.
    unsafe { cased_as(op, false) }
}

/// `isupper()`.
pub(in crate::objects) unsafe extern "C" fn isupper(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live receiver.
    unsafe { cased_as(op, true) }
}

/// `istitle()`: upper-case letters only after uncased bytes, lower-case
/// ones only after cased ones, and at least one letter.
pub(in crate::objects) unsafe extern "C" fn istitle(
    op: *mut PyObject,
    _: *mut PyObject,
) -> *mut PyObject {
    let (mut cased, mut previous_is_cased) = (false, false);
    // SAFETY: a live receiver.
    for b in unsafe { data_of(op) } {
        if b.is_ascii_uppercase() {
            if previous_is_cased {
                return bool_from_bool(false);
            }
            (previous_is_cased, cased) = (true, true);
        } else if b.is_ascii_lowercase() {
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
