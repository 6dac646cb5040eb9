//! `modsupport.h`: the API versions `PyModule_Create` passes.

use std::ffi::c_int;

/// `PYTHON_API_VERSION` of CPython 3.11, which `PyModule_Create` passes.
pub const PYTHON_API_VERSION: c_int = 1013;
/// `PYTHON_ABI_VERSION`, which `PyModule_Create` passes under the limited API.
pub const PYTHON_ABI_VERSION: c_int = 3;
