//! The `str` objects CPython 3.11 shares instead of making anew: the
//! empty string (`unicode_new_empty`) and the 256 one-character strings
//! of latin-1 (`get_latin1_char`), all static and immortal, as its
//! `_Py_SINGLETON(strings)` are. Every `str` of length 0 made here is the
//! empty one, and every `str` of one character below U+0100 made from
//! text (decoded, sliced, joined, `chr()`) is the shared one; only
//! `PyUnicode_New(1, ...)`, which C fills in afterwards, makes a fresh one.

use super::{ASCII, COMPACT, KIND_SHIFT, READY};
use crate::ffi::*;
use crate::objects::obmalloc::TERMINATOR_SLACK;

/// A static ASCII `str` of at most one character: the header, the
/// character, its NUL and the zeroed slack every `str` has.
#[repr(C)]
pub(super) struct AsciiStr {
    head: PyASCIIObject,
    data: [u8; 2 + TERMINATOR_SLACK],
}

/// A static compact latin-1 (non-ASCII) `str` of one character.
#[repr(C)]
pub(super) struct Latin1Str {
    head: PyCompactUnicodeObject,
    data: [u8; 2 + TERMINATOR_SLACK],
}

const fn ascii_head(length: Py_ssize_t, ascii: bool) -> PyASCIIObject {
    PyASCIIObject {
        ob_base: PyObject {
            ob_refcnt: IMMORTAL_REFCNT,
            ob_type: super::PyUnicode_Type.get(),
        },
        length,
        hash: -1,
        state: (1 << KIND_SHIFT) | COMPACT | READY | if ascii { ASCII } else { 0 },
        wstr: std::ptr::null_mut(),
    }
}

const fn ascii_str(length: Py_ssize_t, c: u8) -> AsciiStr {
    let mut data = [0; 2 + TERMINATOR_SLACK];
    data[0] = c;
    AsciiStr {
        head: ascii_head(length, true),
        data,
    }
}

const fn ascii_chars() -> [AsciiStr; 128] {
    let mut chars = [const { ascii_str(1, 0) }; 128];
    let mut c = 0;
    while c < 128 {
        chars[c].data[0] = c as u8;
        c += 1;
    }
    chars
}

const fn latin1_chars() -> [Latin1Str; 128] {
    let mut chars = [const {
        Latin1Str {
            head: PyCompactUnicodeObject {
                _base: ascii_head(1, false),
                utf8_length: 0,
                utf8: std::ptr::null_mut(),
                wstr_length: 0,
            },
            data: [0; 2 + TERMINATOR_SLACK],
        }
    }; 128];
    let mut c = 0;
    while c < 128 {
        chars[c].data[0] = 128 + c as u8;
        c += 1;
    }
    chars
}

/// `''`.
static EMPTY: StaticObject<AsciiStr> = StaticObject::new(ascii_str(0, 0));
/// `'\x00'` to `'\x7f'`.
static ASCII_CHARS: StaticObject<[AsciiStr; 128]> = StaticObject::new(ascii_chars());
/// `'\x80'` to `'\xff'`.
static LATIN1_CHARS: StaticObject<[Latin1Str; 128]> = StaticObject::new(latin1_chars());

/// A new reference to the empty `str`. Never fails.
pub(crate) fn empty() -> *mut PyObject {
    let op = EMPTY.get().cast::<PyObject>();
    // SAFETY: an immortal static str.
    unsafe { crate::objects::object::Py_IncRef(op) };
    op
}

/// A new reference to the shared `str` of the one character `c`
/// (below U+0100). Never fails.
pub(crate) fn latin1_char(c: u8) -> *mut PyObject {
    let op = if c < 128 {
        // SAFETY: in bounds of the static array.
        unsafe { ASCII_CHARS.get().cast::<AsciiStr>().add(c as usize) }.cast::<PyObject>()
    } else {
        // SAFETY: in bounds of the static array.
        unsafe { LATIN1_CHARS.get().cast::<Latin1Str>().add(c as usize - 128) }.cast::<PyObject>()
    };
    // SAFETY: an immortal static str.
    unsafe { crate::objects::object::Py_IncRef(op) };
    op
}

/// True for the static strs here, which are never freed.
pub(super) fn is_static(op: *mut PyObject) -> bool {
    let addr = op as usize;
    let within = |start: usize, size: usize| (start..start + size).contains(&addr);
    addr == EMPTY.get() as usize
        || within(ASCII_CHARS.get() as usize, size_of::<[AsciiStr; 128]>())
        || within(LATIN1_CHARS.get() as usize, size_of::<[Latin1Str; 128]>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layouts_put_the_characters_where_str_reads_them() {
        assert_eq!(
            std::mem::offset_of!(AsciiStr, data),
            size_of::<PyASCIIObject>()
        );
        assert_eq!(
            std::mem::offset_of!(Latin1Str, data),
            size_of::<PyCompactUnicodeObject>()
        );
        for c in 0..=255u8 {
            let op = latin1_char(c);
            // SAFETY: a live str.
            unsafe {
                assert_eq!(super::super::len(op), 1);
                assert_eq!(super::super::read(op, 0), u32::from(c));
                assert_eq!(super::super::is_ascii(op), c < 128);
                assert!(is_static(op));
                crate::objects::object::Py_DecRef(op);
            }
        }
        let e = empty();
        // SAFETY: a live str.
        unsafe {
            assert_eq!(super::super::len(e), 0);
            assert!(is_static(e));
            crate::objects::object::Py_DecRef(e);
        }
    }
}
