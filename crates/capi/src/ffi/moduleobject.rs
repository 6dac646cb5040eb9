//! `moduleobject.h`: `PyModuleDef` and its parts.

#![allow(non_camel_case_types, non_upper_case_globals)]

use std::ffi::{c_char, c_int, c_void};

use crate::ffi::methodobject::PyMethodDef;
use crate::ffi::object::{PyObject, freefunc, inquiry, traverseproc};
use crate::ffi::pyport::Py_ssize_t;

/// CPython's `PyModuleDef_Base` (what `PyModuleDef_HEAD_INIT` fills).
#[repr(C)]
#[derive(Debug)]
pub struct PyModuleDef_Base {
    /// Object header (type NULL until `PyModuleDef_Init`).
    pub ob_base: PyObject,
    /// Single-phase init function (unused by pybuffer).
    pub m_init: Option<unsafe extern "C" fn() -> *mut PyObject>,
    /// Index in the interpreter's module list (unused by pybuffer).
    pub m_index: Py_ssize_t,
    /// Copy of the module dict for re-initialisation (unused by pybuffer).
    pub m_copy: *mut PyObject,
}

/// `Py_mod_create`: the slot's value is `PyObject *(*)(PyObject *spec,
/// PyModuleDef *def)`.
pub const Py_mod_create: c_int = 1;
/// `Py_mod_exec`: the slot's value is `int (*)(PyObject *module)`.
pub const Py_mod_exec: c_int = 2;

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
    /// Visits the module state's references (called by the module's
    /// `tp_traverse`; pybuffer has no cycle collector to call that).
    pub m_traverse: Option<traverseproc>,
    /// Clears the module state's references (called by the module's
    /// `tp_clear`).
    pub m_clear: Option<inquiry>,
    /// Called with the module when it is deallocated.
    pub m_free: Option<freefunc>,
}

/// The module object's layout (CPython's internal `PyModuleObject`, which
/// pybuffer keeps field for field).
#[repr(C)]
#[derive(Debug)]
pub struct PyModuleObject {
    /// Object header.
    pub ob_base: PyObject,
    /// The module's `__dict__` (a `dict`, strong reference).
    pub md_dict: *mut PyObject,
    /// The definition the module was made from, or NULL.
    pub md_def: *mut PyModuleDef,
    /// `m_size` bytes of zeroed state, or NULL.
    pub md_state: *mut c_void,
    /// Weak-reference list (unused).
    pub md_weaklist: *mut PyObject,
    /// The name given at creation (a `str`, strong reference), for messages
    /// when `__name__` is gone.
    pub md_name: *mut PyObject,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_cpython() {
        // From offsetof/sizeof on CPython 3.11's headers (x86-64).
        assert_eq!(size_of::<PyModuleDef_Base>(), 40);
        assert_eq!(offset_of!(PyModuleDef_Base, m_init), 16);
        assert_eq!(offset_of!(PyModuleDef_Base, m_copy), 32);
        assert_eq!(size_of::<PyModuleDef>(), 104);
        assert_eq!(offset_of!(PyModuleDef, m_name), 40);
        assert_eq!(offset_of!(PyModuleDef, m_size), 56);
        assert_eq!(offset_of!(PyModuleDef, m_methods), 64);
        assert_eq!(offset_of!(PyModuleDef, m_slots), 72);
        assert_eq!(offset_of!(PyModuleDef, m_free), 96);
        assert_eq!(size_of::<PyModuleDef_Slot>(), 16);
        assert_eq!(size_of::<PyModuleObject>(), 56);
    }
}
