//! `pycapsule.h`: the capsule destructor signature (capsules themselves
//! are opaque).

#![allow(non_camel_case_types)]

use crate::ffi::object::PyObject;

/// `PyCapsule_Destructor`: called with the capsule when it dies.
pub type PyCapsule_Destructor = unsafe extern "C" fn(*mut PyObject);
