//! `setobject.h` (and `cpython/setobject.h`): `PySetObject`, CPython
//! 3.11's public layout, whose `used` C code reads directly
//! (`PySet_GET_SIZE`), and its hash-table slot `setentry`.

#![allow(non_camel_case_types, non_upper_case_globals)]

use crate::ffi::object::PyObject;
use crate::ffi::pyport::{Py_hash_t, Py_ssize_t};

/// Slots of the table embedded in every set (`PySet_MINSIZE`).
pub const PySet_MINSIZE: usize = 8;

/// One slot of a set's table: unused (`key` NULL, `hash` 0), a deleted
/// entry (`key` the private dummy object, `hash` -1), or an element.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct setentry {
    /// The element (owned), NULL, or the dummy.
    pub key: *mut PyObject,
    /// The element's hash (cached).
    pub hash: Py_hash_t,
}

/// CPython 3.11's `PySetObject`, shared by `set` and `frozenset`.
#[repr(C)]
#[derive(Debug)]
pub struct PySetObject {
    /// Object header.
    pub ob_base: PyObject,
    /// Slots holding an element or a dummy.
    pub fill: Py_ssize_t,
    /// Slots holding an element (the set's length).
    pub used: Py_ssize_t,
    /// The table has `mask + 1` slots (a power of two).
    pub mask: Py_ssize_t,
    /// The table: `smalltable` while it has 8 slots, else `PyMem_Malloc`ed.
    pub table: *mut setentry,
    /// The cached hash of a frozenset; -1 until computed.
    pub hash: Py_hash_t,
    /// Where `pop()` resumes its search.
    pub finger: Py_ssize_t,
    /// The table of a small set.
    pub smalltable: [setentry; PySet_MINSIZE],
    /// Weak references (none exist in pybuffer); always NULL.
    pub weakreflist: *mut PyObject,
}
