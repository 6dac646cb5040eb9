//! `listobject.h`: `PyListObject`, whose item array C code reads and writes
//! directly with `PyList_GET_ITEM` / `PyList_SET_ITEM`.

use crate::ffi::object::{PyObject, PyVarObject};
use crate::ffi::pyport::Py_ssize_t;

/// CPython's `PyListObject`: `ob_size` items in use in `ob_item`, which has
/// room for `allocated` (allocated with `PyMem_Malloc`; NULL when empty).
#[repr(C)]
#[derive(Debug)]
pub struct PyListObject {
    /// Header; `ob_size` is the number of items.
    pub ob_base: PyVarObject,
    /// The items (owned references).
    pub ob_item: *mut *mut PyObject,
    /// Capacity of `ob_item`.
    pub allocated: Py_ssize_t,
}
