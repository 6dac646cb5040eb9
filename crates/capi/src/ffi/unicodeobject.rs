//! `unicodeobject.h`: the compact `str` layouts whose fields CPython's
//! macros (`PyUnicode_KIND`, `PyUnicode_DATA`, `PyUnicode_GET_LENGTH`, …)
//! read.

use std::ffi::{c_char, c_void};

use crate::ffi::object::PyObject;
use crate::ffi::pyport::{Py_hash_t, Py_ssize_t};

/// CPython 3.11's `PyASCIIObject`: the header of every `str`; a compact
/// ASCII string's characters (1 byte each, NUL-terminated) follow it.
#[repr(C)]
#[derive(Debug)]
pub struct PyASCIIObject {
    /// Object header.
    pub ob_base: PyObject,
    /// Length in code points.
    pub length: Py_ssize_t,
    /// Cached hash, or -1.
    pub hash: Py_hash_t,
    /// The `state` bitfield: interned (bits 0-1), kind (2-4), compact (5),
    /// ascii (6), ready (7).
    pub state: u32,
    /// Unused (the deprecated `wchar_t` cache); always NULL.
    pub wstr: *mut c_void,
}

/// CPython 3.11's `PyCompactUnicodeObject`: a compact non-ASCII `str`; its
/// characters (of the kind's width, NUL-terminated) follow it.
#[repr(C)]
#[derive(Debug)]
pub struct PyCompactUnicodeObject {
    /// The ASCII header.
    pub _base: PyASCIIObject,
    /// Bytes of the UTF-8 cache (without the NUL).
    pub utf8_length: Py_ssize_t,
    /// The UTF-8 cache, made on first use, or NULL.
    pub utf8: *mut c_char,
    /// Unused; always 0.
    pub wstr_length: Py_ssize_t,
}
