//! `pybuffer.h`: `Py_buffer`, the `PyBUF_*` request flags and the buffer
//! procs' signatures.

#![allow(non_camel_case_types, non_upper_case_globals)]

use std::ffi::{c_char, c_int, c_void};

use crate::ffi::object::PyObject;
use crate::ffi::pyport::Py_ssize_t;

/// CPython's `Py_buffer`: one exported view of an object's memory.
///
/// Field order and types are CPython's (80 bytes on x86-64). `shape`,
/// `strides` and `suboffsets` each point to `ndim` entries or are NULL, as
/// the request flags allowed.
#[repr(C)]
#[derive(Debug)]
pub struct Py_buffer {
    /// Address of the first byte of the logical structure.
    pub buf: *mut c_void,
    /// The exporting object (a new reference), or NULL.
    pub obj: *mut PyObject,
    /// `product(shape) * itemsize` bytes.
    pub len: Py_ssize_t,
    /// Bytes per item.
    pub itemsize: Py_ssize_t,
    /// 1 when the memory must not be written.
    pub readonly: c_int,
    /// Number of dimensions, 0..=64.
    pub ndim: c_int,
    /// `struct`-module item format, or NULL for unsigned bytes.
    pub format: *mut c_char,
    /// Items per dimension.
    pub shape: *mut Py_ssize_t,
    /// Byte step per dimension.
    pub strides: *mut Py_ssize_t,
    /// PIL-style indirection offsets.
    pub suboffsets: *mut Py_ssize_t,
    /// Reserved for the exporter.
    pub internal: *mut c_void,
}

impl Py_buffer {
    /// An all-NULL, zero-length buffer, ready to be filled by a getbuffer proc.
    pub const fn zeroed() -> Self {
        Py_buffer {
            buf: std::ptr::null_mut(),
            obj: std::ptr::null_mut(),
            len: 0,
            itemsize: 0,
            readonly: 0,
            ndim: 0,
            format: std::ptr::null_mut(),
            shape: std::ptr::null_mut(),
            strides: std::ptr::null_mut(),
            suboffsets: std::ptr::null_mut(),
            internal: std::ptr::null_mut(),
        }
    }
}

/// Largest `ndim` a buffer may have.
pub const PyBUF_MAX_NDIM: c_int = 64;

/// Request flags for `PyObject_GetBuffer`, with CPython's values.
pub mod pybuf {
    #![allow(missing_docs, non_upper_case_globals)]
    use std::ffi::c_int;
    pub const PyBUF_SIMPLE: c_int = 0;
    pub const PyBUF_WRITABLE: c_int = 0x0001;
    pub const PyBUF_WRITEABLE: c_int = PyBUF_WRITABLE;
    pub const PyBUF_FORMAT: c_int = 0x0004;
    pub const PyBUF_ND: c_int = 0x0008;
    pub const PyBUF_STRIDES: c_int = 0x0010 | PyBUF_ND;
    pub const PyBUF_C_CONTIGUOUS: c_int = 0x0020 | PyBUF_STRIDES;
    pub const PyBUF_F_CONTIGUOUS: c_int = 0x0040 | PyBUF_STRIDES;
    pub const PyBUF_ANY_CONTIGUOUS: c_int = 0x0080 | PyBUF_STRIDES;
    pub const PyBUF_INDIRECT: c_int = 0x0100 | PyBUF_STRIDES;
    pub const PyBUF_CONTIG: c_int = PyBUF_ND | PyBUF_WRITABLE;
    pub const PyBUF_CONTIG_RO: c_int = PyBUF_ND;
    pub const PyBUF_STRIDED: c_int = PyBUF_STRIDES | PyBUF_WRITABLE;
    pub const PyBUF_STRIDED_RO: c_int = PyBUF_STRIDES;
    pub const PyBUF_RECORDS: c_int = PyBUF_STRIDES | PyBUF_WRITABLE | PyBUF_FORMAT;
    pub const PyBUF_RECORDS_RO: c_int = PyBUF_STRIDES | PyBUF_FORMAT;
    pub const PyBUF_FULL: c_int = PyBUF_INDIRECT | PyBUF_WRITABLE | PyBUF_FORMAT;
    pub const PyBUF_FULL_RO: c_int = PyBUF_INDIRECT | PyBUF_FORMAT;
    pub const PyBUF_READ: c_int = 0x100;
    pub const PyBUF_WRITE: c_int = 0x200;
}
pub use pybuf::*;

/// `getbufferproc`: fill `view` for `flags`, or set an error and return -1.
pub type getbufferproc = unsafe extern "C" fn(*mut PyObject, *mut Py_buffer, c_int) -> c_int;
/// `releasebufferproc`: undo what the matching getbuffer call did.
pub type releasebufferproc = unsafe extern "C" fn(*mut PyObject, *mut Py_buffer);

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn py_buffer_matches_cpython_layout() {
        assert_eq!(size_of::<Py_buffer>(), 80);
        assert_eq!(offset_of!(Py_buffer, readonly), 32);
        assert_eq!(offset_of!(Py_buffer, ndim), 36);
        assert_eq!(offset_of!(Py_buffer, format), 40);
        assert_eq!(offset_of!(Py_buffer, internal), 72);
    }

    #[test]
    fn flag_values_are_cpythons() {
        assert_eq!(PyBUF_FULL_RO, 0x11c);
        assert_eq!(PyBUF_FULL, 0x11d);
        assert_eq!(PyBUF_RECORDS, 0x1d);
        assert_eq!(PyBUF_CONTIG, 0x9);
    }
}
