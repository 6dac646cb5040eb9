//! `PyOS_mystricmp` and `PyOS_mystrnicmp` (CPython's `Python/pystrcmp.c`):
//! C-string comparison ignoring ASCII case, whatever the locale.

use std::ffi::{c_char, c_int};

use crate::ffi::Py_ssize_t;

/// `Py_TOLOWER`: ASCII letters lowered, every other byte kept.
fn lower(b: u8) -> c_int {
    c_int::from(b.to_ascii_lowercase())
}

/// `PyOS_mystrnicmp(s1, s2, size)`: compares at most `size` bytes of two
/// C strings ignoring ASCII case; negative, 0 or positive as `s1` sorts
/// before, equal to or after `s2` (the difference of the first unequal
/// lowered bytes). 0 when `size` is 0; a negative `size` compares the
/// first bytes only, as CPython does.
///
/// # Safety
/// `s1` and `s2` must be NUL-terminated or readable for `size` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyOS_mystrnicmp(
    s1: *const c_char,
    s2: *const c_char,
    size: Py_ssize_t,
) -> c_int {
    if size == 0 {
        return 0;
    }
    let (mut p1, mut p2) = (s1.cast::<u8>(), s2.cast::<u8>());
    let mut left = size;
    // SAFETY: reads stop at a NUL or after `size` bytes.
    unsafe {
        loop {
            left -= 1;
            if left <= 0 || *p1 == 0 || *p2 == 0 || lower(*p1) != lower(*p2) {
                break;
            }
            p1 = p1.add(1);
            p2 = p2.add(1);
        }
        lower(*p1) - lower(*p2)
    }
}

/// `PyOS_mystricmp(s1, s2)`: compares two C strings ignoring ASCII case;
/// negative, 0 or positive as for [`PyOS_mystrnicmp`].
///
/// # Safety
/// `s1` and `s2` must be NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyOS_mystricmp(s1: *const c_char, s2: *const c_char) -> c_int {
    let (mut p1, mut p2) = (s1.cast::<u8>(), s2.cast::<u8>());
    // SAFETY: reads stop at the first NUL of either.
    unsafe {
        while *p1 != 0 && *p2 != 0 && lower(*p1) == lower(*p2) {
            p1 = p1.add(1);
            p2 = p2.add(1);
        }
        lower(*p1) - lower(*p2)
    }
}
