//! `moduleobject.h`: `PyModuleDef` and its parts.

#![allow(non_camel_case_types)]

use std::ffi::{c_char, c_int, c_void};

use crate::ffi::methodobject::PyMethodDef;
use crate::ffi::object::{PyObject, freefunc, inquiry, traverseproc};
use crate::ffi::pyport::Py_ssize_t;

/// CPython's `PyModuleDef_Base` (what `PyModuleDef_HEAD_INIT` fills).
#[repr(C)]
#[derive(Debug)]
pub struct PyModuleDef_Base {
    /// Object header (type NULL until CPython's `PyModuleDef_Init`).
    pub ob_base: PyObject,
    /// Single-phase init function (unused by pybuffer).
    pub m_init: Option<unsafe extern "C" fn() -> *mut PyObject>,
    /// Index in the interpreter's module list (unused by pybuffer).
    pub m_index: Py_ssize_t,
    /// Copy of the module dict for re-initialisation (unused by pybuffer).
    pub m_copy: *mut PyObject,
}

/// CPython's `PyModuleDef_Slot` (multi-phase initialisation).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyModuleDef_Slot {
    /// `Py_mod_create` or `Py_mod_exec`; 0 ends the array.
    pub slot: c_int,
    /// The function.
    pub value: *mut c_void,
}

/// CPython's `PyModuleDef` (104 bytes on 64-bit platforms).
#[repr(C)]
#[derive(Debug)]
pub struct PyModuleDef {
    /// `PyModuleDef_HEAD_INIT`.
    pub m_base: PyModuleDef_Base,
    /// Module name.
    pub m_name: *const c_char,
    /// Docstring, or NULL.
    pub m_doc: *const c_char,
    /// Bytes of per-module state (`PyModule_GetState`); 0 or -1 for none.
    pub m_size: Py_ssize_t,
    /// Method table ending with a NULL-named entry, or NULL.
    pub m_methods: *mut PyMethodDef,
    /// Multi-phase slots (must be NULL for `PyModule_Create`).
    pub m_slots: *mut PyModuleDef_Slot,
    /// GC traversal (never called: pybuffer has no cycle collector).
    pub m_traverse: Option<traverseproc>,
    /// GC clear (never called).
    pub m_clear: Option<inquiry>,
    /// Called with the module when it is deallocated.
    pub m_free: Option<freefunc>,
}
