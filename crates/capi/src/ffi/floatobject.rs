//! `floatobject.h`: `PyFloatObject`, whose value C code reads directly.

use std::ffi::c_double;

use crate::ffi::object::PyObject;

/// CPython's `PyFloatObject`: the header and the value, which C code may
/// read directly with `PyFloat_AS_DOUBLE`.
#[repr(C)]
#[derive(Debug)]
pub struct PyFloatObject {
    /// Object header.
    pub ob_base: PyObject,
    /// The value.
    pub ob_fval: c_double,
}
