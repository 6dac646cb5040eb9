//! The ASCII character-class and case tables behind `pyctype.h`'s
//! `Py_ISDIGIT`, `Py_TOLOWER` and friends (CPython's `Python/pyctype.c`):
//! locale-independent, and nothing from 0x80 up has a class or a case.

use std::ffi::{c_uchar, c_uint};

const LOWER: c_uint = 0x01;
const UPPER: c_uint = 0x02;
const DIGIT: c_uint = 0x04;
const SPACE: c_uint = 0x08;
const XDIGIT: c_uint = 0x10;

/// The class bits of one byte.
const fn class_of(c: u8) -> c_uint {
    match c {
        b'a'..=b'f' => LOWER | XDIGIT,
        b'g'..=b'z' => LOWER,
        b'A'..=b'F' => UPPER | XDIGIT,
        b'G'..=b'Z' => UPPER,
        b'0'..=b'9' => DIGIT | XDIGIT,
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => SPACE,
        _ => 0,
    }
}

const fn class_table() -> [c_uint; 256] {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = class_of(i as u8);
        i += 1;
    }
    t
}

const fn case_table(upper: bool) -> [c_uchar; 256] {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = if upper {
            (i as u8).to_ascii_uppercase()
        } else {
            (i as u8).to_ascii_lowercase()
        };
        i += 1;
    }
    t
}

/// `_Py_ctype_table`: each byte's `PY_CTF_*` bits.
#[unsafe(no_mangle)]
pub static _Py_ctype_table: [c_uint; 256] = class_table();

/// `_Py_ctype_tolower`: ASCII upper case to lower case, every other byte
/// to itself.
#[unsafe(no_mangle)]
pub static _Py_ctype_tolower: [c_uchar; 256] = case_table(false);

/// `_Py_ctype_toupper`: ASCII lower case to upper case, every other byte
/// to itself.
#[unsafe(no_mangle)]
pub static _Py_ctype_toupper: [c_uchar; 256] = case_table(true);
