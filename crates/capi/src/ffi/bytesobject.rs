//! `bytesobject.h`: `PyBytesObject`, whose bytes follow the header inline,
//! so `PyBytes_AS_STRING` is a pointer computation in C.

use std::ffi::c_char;

use crate::ffi::object::PyVarObject;
use crate::ffi::pyport::Py_hash_t;

/// CPython 3.11's `PyBytesObject`: `ob_size` bytes at `ob_sval`, followed
/// by a NUL, and the cached hash (-1 until computed).
#[repr(C)]
#[derive(Debug)]
pub struct PyBytesObject {
    /// Header; `ob_size` is the number of bytes.
    pub ob_base: PyVarObject,
    /// The cached hash, or -1.
    pub ob_shash: Py_hash_t,
    /// The bytes (declared with one, allocated with `ob_size + 1`).
    pub ob_sval: [c_char; 1],
}
