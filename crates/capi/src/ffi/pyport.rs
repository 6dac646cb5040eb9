//! `pyport.h`: the basic integer types.

#![allow(non_camel_case_types)]

/// CPython's `Py_ssize_t`: a signed `size_t`.
pub type Py_ssize_t = isize;
/// CPython's `Py_hash_t`.
pub type Py_hash_t = isize;
