//! `bytearrayobject.h`: `PyByteArrayObject`, whose buffer pointers the
//! `PyByteArray_AS_STRING` macro reads.

use std::ffi::c_char;

use crate::ffi::object::PyVarObject;
use crate::ffi::pyport::Py_ssize_t;

/// CPython 3.11's `PyByteArrayObject`: `ob_size` bytes at `ob_start`
/// inside the `ob_alloc`-byte allocation `ob_bytes` (NULL when empty), and
/// the number of buffer exports alive.
#[repr(C)]
#[derive(Debug)]
pub struct PyByteArrayObject {
    /// Header; `ob_size` is the number of bytes.
    pub ob_base: PyVarObject,
    /// Bytes allocated at `ob_bytes`.
    pub ob_alloc: Py_ssize_t,
    /// The allocation (from `PyObject_Malloc`), or NULL.
    pub ob_bytes: *mut c_char,
    /// The first byte (inside `ob_bytes`).
    pub ob_start: *mut c_char,
    /// Live buffer exports; resizing is refused while nonzero.
    pub ob_exports: Py_ssize_t,
}
