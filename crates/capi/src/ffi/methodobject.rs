//! `methodobject.h`: the `METH_*` calling conventions, the `PyCFunction`
//! signatures and `PyMethodDef`.

#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_int};

use crate::ffi::object::{PyObject, PyTypeObject, vectorcallfunc};
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
/// `PyCMethod`: `METH_METHOD | METH_FASTCALL | METH_KEYWORDS`, which also
/// receives the class that defines the method.
pub type PyCMethod = unsafe extern "C" fn(
    *mut PyObject,
    *mut PyTypeObject,
    *const *mut PyObject,
    usize,
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

impl PyMethodDef {
    /// The all-NULL entry that ends a table.
    pub const fn zeroed() -> Self {
        PyMethodDef {
            ml_name: std::ptr::null(),
            ml_meth: None,
            ml_flags: 0,
            ml_doc: std::ptr::null(),
        }
    }
}

/// CPython's `PyCFunctionObject`: a built-in function or a method bound to
/// its `self` (`builtin_function_or_method`). The header's
/// `PyCFunction_GET_*` macros read these fields.
#[repr(C)]
#[derive(Debug)]
pub struct PyCFunctionObject {
    /// Object header.
    pub ob_base: PyObject,
    /// The def (not owned: static tables outlive their functions).
    pub m_ml: *mut PyMethodDef,
    /// `self` passed to the C function (strong reference), or NULL.
    pub m_self: *mut PyObject,
    /// `__module__` (strong reference), or NULL.
    pub m_module: *mut PyObject,
    /// Weak-reference list (unused).
    pub m_weakreflist: *mut PyObject,
    /// How calls reach `m_ml`.
    pub vectorcall: Option<vectorcallfunc>,
}

/// CPython's `PyCMethodObject`: a `PyCFunctionObject` that also knows the
/// class defining it (`METH_METHOD`).
#[repr(C)]
#[derive(Debug)]
pub struct PyCMethodObject {
    /// The function part.
    pub func: PyCFunctionObject,
    /// The defining class (strong reference).
    pub mm_class: *mut PyTypeObject,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_cpython() {
        // From offsetof/sizeof on CPython 3.11's headers (x86-64).
        assert_eq!(size_of::<PyMethodDef>(), 32);
        assert_eq!(offset_of!(PyMethodDef, ml_meth), 8);
        assert_eq!(offset_of!(PyMethodDef, ml_flags), 16);
        assert_eq!(offset_of!(PyMethodDef, ml_doc), 24);
        assert_eq!(size_of::<PyCFunctionObject>(), 56);
        assert_eq!(offset_of!(PyCFunctionObject, m_ml), 16);
        assert_eq!(offset_of!(PyCFunctionObject, m_self), 24);
        assert_eq!(offset_of!(PyCFunctionObject, m_module), 32);
        assert_eq!(offset_of!(PyCFunctionObject, m_weakreflist), 40);
        assert_eq!(offset_of!(PyCFunctionObject, vectorcall), 48);
        assert_eq!(size_of::<PyCMethodObject>(), 64);
        assert_eq!(offset_of!(PyCMethodObject, mm_class), 56);
    }
}
