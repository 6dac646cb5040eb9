//! `methodobject.h`: the `METH_*` calling conventions, the `PyCFunction`
//! signatures and `PyMethodDef`.

#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_int};

use crate::ffi::object::PyObject;
use crate::ffi::pyport::Py_ssize_t;

/// `METH_*` calling-convention flags, with CPython's values.
pub mod meth {
    #![allow(missing_docs)]
    use std::ffi::c_int;
    pub const METH_VARARGS: c_int = 0x0001;
    pub const METH_KEYWORDS: c_int = 0x0002;
    pub const METH_NOARGS: c_int = 0x0004;
    pub const METH_O: c_int = 0x0008;
    pub const METH_CLASS: c_int = 0x0010;
    pub const METH_STATIC: c_int = 0x0020;
    pub const METH_COEXIST: c_int = 0x0040;
    pub const METH_FASTCALL: c_int = 0x0080;
    pub const METH_METHOD: c_int = 0x0200;
}
pub use meth::*;

/// `PyCFunction`: the signature of `METH_NOARGS` (`arg` is NULL), `METH_O`
/// and `METH_VARARGS` functions, and the declared type of `ml_meth`.
pub type PyCFunction = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
/// `_PyCFunctionFast`: the signature of `METH_FASTCALL` functions.
pub type _PyCFunctionFast =
    unsafe extern "C" fn(*mut PyObject, *const *mut PyObject, Py_ssize_t) -> *mut PyObject;
/// `_PyCFunctionFastWithKeywords`: `METH_FASTCALL | METH_KEYWORDS`.
pub type _PyCFunctionFastWithKeywords = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    Py_ssize_t,
    *mut PyObject,
) -> *mut PyObject;
/// `PyCFunctionWithKeywords`: `METH_VARARGS | METH_KEYWORDS`.
pub type PyCFunctionWithKeywords =
    unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;

/// CPython's `PyMethodDef` (32 bytes on 64-bit platforms). A table ends with
/// an entry whose `ml_name` is NULL.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyMethodDef {
    /// The function's name.
    pub ml_name: *const c_char,
    /// The C function, cast to `PyCFunction` whatever its real signature.
    pub ml_meth: Option<PyCFunction>,
    /// `METH_*` flags.
    pub ml_flags: c_int,
    /// Docstring, or NULL.
    pub ml_doc: *const c_char,
}
