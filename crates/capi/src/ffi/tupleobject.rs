//! `tupleobject.h`: `PyTupleObject`, whose items C code reads and writes
//! directly with `PyTuple_GET_ITEM` / `PyTuple_SET_ITEM`.

use crate::ffi::object::{PyObject, PyVarObject};

/// CPython's `PyTupleObject`: the var header (`ob_size` items) and the item
/// pointers inline. Declared with one item, as in C; an instance of `n`
/// items is allocated with room for `n`.
#[repr(C)]
#[derive(Debug)]
pub struct PyTupleObject {
    /// Header; `ob_size` is the number of items.
    pub ob_base: PyVarObject,
    /// The items (owned references; NULL only while C code fills a new
    /// tuple).
    pub ob_item: [*mut PyObject; 1],
}
