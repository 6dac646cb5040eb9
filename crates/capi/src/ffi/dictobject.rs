//! `dictobject.h`: `PyDictObject`, whose `ma_used` C code reads directly
//! (`PyDict_GET_SIZE`). The keys table behind `ma_keys` is private.

use std::ffi::c_void;

use crate::ffi::object::PyObject;
use crate::ffi::pyport::Py_ssize_t;

/// CPython 3.11's `PyDictObject`: the header, the number of items, a
/// version tag that changes with every mutation, and the (private) table.
#[repr(C)]
#[derive(Debug)]
pub struct PyDictObject {
    /// Object header.
    pub ob_base: PyObject,
    /// Number of items.
    pub ma_used: Py_ssize_t,
    /// Changes whenever the dict changes (a process-wide counter, as in
    /// CPython).
    pub ma_version_tag: u64,
    /// The table (private to the implementation).
    pub ma_keys: *mut c_void,
    /// Unused (CPython's split-table values); always NULL.
    pub ma_values: *mut c_void,
}
