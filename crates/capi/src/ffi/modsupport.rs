//! `modsupport.h`: the API versions `PyModule_Create` passes, and
//! `_PyArg_Parser`, the static parser description Argument Clinic's
//! generated code hands to `_PyArg_UnpackKeywords` (CPython 3.11's layout,
//! from `cpython/modsupport.h`).

use std::ffi::{c_char, c_int};

use super::object::PyObject;

/// `PYTHON_API_VERSION` of CPython 3.11, which `PyModule_Create` passes.
pub const PYTHON_API_VERSION: c_int = 1013;
/// `PYTHON_ABI_VERSION`, which `PyModule_Create` passes under the limited API.
pub const PYTHON_ABI_VERSION: c_int = 3;

/// `struct _PyArg_Parser` (3.11). Generated code initialises `format` or
/// `keywords` and `fname`; the parser fills `pos`, `min`, `max` and
/// `kwtuple` on first use.
#[repr(C)]
#[derive(Debug)]
pub struct _PyArg_Parser {
    /// A `PyArg_ParseTupleAndKeywords`-style format (NULL for Clinic).
    pub format: *const c_char,
    /// The parameter names, NULL-terminated; "" for positional-only.
    pub keywords: *const *const c_char,
    /// The function name for messages (or taken from `format`'s `:`).
    pub fname: *const c_char,
    /// A custom error message (from `format`'s `;`).
    pub custom_msg: *const c_char,
    /// Number of positional-only parameters.
    pub pos: c_int,
    /// Minimal number of arguments.
    pub min: c_int,
    /// Maximal number of positional arguments.
    pub max: c_int,
    /// A tuple of the keyword parameter names (a strong reference).
    pub kwtuple: *mut PyObject,
    /// CPython's list of initialised parsers (unused here, kept NULL).
    pub next: *mut _PyArg_Parser,
}
