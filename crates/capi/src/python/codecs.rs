//! What pybuffer has of CPython's `Python/codecs.c`: `Py_hexdigits`, the
//! digit string extensions index to hex-format bytes (hash digests,
//! escapes). There is no codec registry.

use std::ffi::{CStr, c_char};

/// A C `const char *` variable: a pointer to a NUL-terminated string that
/// lives as long as the library.
#[repr(transparent)]
pub struct ConstCString(*const c_char);

// SAFETY: the pointer is to a `'static` string literal that is never
// written, so sharing it between threads is sound.
unsafe impl Sync for ConstCString {}

const HEXDIGITS: &CStr = c"0123456789abcdef";

/// `Py_hexdigits`: `"0123456789abcdef"`, so that `Py_hexdigits[n]` is the
/// lower-case hex digit of `n` (0..=15).
#[unsafe(no_mangle)]
pub static Py_hexdigits: ConstCString = ConstCString(HEXDIGITS.as_ptr());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hexdigits_are_lower_case_and_nul_terminated() {
        // SAFETY: the pointer is the static literal above.
        let s = unsafe { CStr::from_ptr(Py_hexdigits.0) };
        assert_eq!(s.to_bytes(), b"0123456789abcdef");
    }
}
