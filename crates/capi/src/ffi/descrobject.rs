//! `descrobject.h`: `PyGetSetDef` and the layouts of the descriptor objects
//! `PyType_Ready` puts in a type's dict (method, class-method, member and
//! getset descriptors).

#![allow(non_camel_case_types, non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_int, c_void};

use crate::ffi::methodobject::PyMethodDef;
use crate::ffi::object::{PyObject, PyTypeObject, vectorcallfunc};
use crate::ffi::structmember::PyMemberDef;

/// `getter`: reads a computed attribute; `closure` is the def's.
pub type getter = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> *mut PyObject;
/// `setter`: sets (value non-NULL) or deletes (value NULL) an attribute.
pub type setter = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void) -> c_int;

/// CPython's `PyGetSetDef` (40 bytes on 64-bit platforms). A table ends
/// with an entry whose `name` is NULL.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyGetSetDef {
    /// Attribute name.
    pub name: *const c_char,
    /// Reader, or NULL for a write-only attribute.
    pub get: Option<getter>,
    /// Writer, or NULL for a read-only attribute.
    pub set: Option<setter>,
    /// Docstring, or NULL.
    pub doc: *const c_char,
    /// Passed to `get` and `set`.
    pub closure: *mut c_void,
}

impl PyGetSetDef {
    /// The all-NULL entry that ends a table.
    pub const fn zeroed() -> Self {
        PyGetSetDef {
            name: std::ptr::null(),
            get: None,
            set: None,
            doc: std::ptr::null(),
            closure: std::ptr::null_mut(),
        }
    }

    /// A read-only attribute `name` read by `get`, without doc or closure.
    pub const fn getter(name: &'static CStr, get: getter) -> Self {
        PyGetSetDef {
            name: name.as_ptr(),
            get: Some(get),
            ..Self::zeroed()
        }
    }
}

/// CPython's `PyDescrObject`: what every descriptor made from a def starts
/// with (`PyDescr_COMMON`).
#[repr(C)]
#[derive(Debug)]
pub struct PyDescrObject {
    /// Object header.
    pub ob_base: PyObject,
    /// The type the descriptor belongs to (strong reference).
    pub d_type: *mut PyTypeObject,
    /// The attribute name (a `str`, strong reference).
    pub d_name: *mut PyObject,
    /// `Type.name` (a `str`), computed on first use, or NULL.
    pub d_qualname: *mut PyObject,
}

/// CPython's `PyMethodDescrObject`: a method of a type (`method_descriptor`,
/// or `classmethod_descriptor` for `METH_CLASS`).
#[repr(C)]
#[derive(Debug)]
pub struct PyMethodDescrObject {
    /// `PyDescr_COMMON`.
    pub d_common: PyDescrObject,
    /// The method's def (owned by the type's table).
    pub d_method: *mut PyMethodDef,
    /// How calls reach `d_method`.
    pub vectorcall: Option<vectorcallfunc>,
}

/// CPython's `PyMemberDescrObject` (`member_descriptor`).
#[repr(C)]
#[derive(Debug)]
pub struct PyMemberDescrObject {
    /// `PyDescr_COMMON`.
    pub d_common: PyDescrObject,
    /// The member's def.
    pub d_member: *mut PyMemberDef,
}

/// CPython's `PyGetSetDescrObject` (`getset_descriptor`).
#[repr(C)]
#[derive(Debug)]
pub struct PyGetSetDescrObject {
    /// `PyDescr_COMMON`.
    pub d_common: PyDescrObject,
    /// The getset's def.
    pub d_getset: *mut PyGetSetDef,
}

/// `wrapperfunc`: calls a slot function (`wrapped`) with a tuple of
/// arguments, for a slot wrapper (`wrapper_descriptor`).
pub type wrapperfunc =
    unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void) -> *mut PyObject;
/// `wrapperfunc_kwds`: a [`wrapperfunc`] that also takes keyword arguments
/// (a wrapperbase with `PyWrapperFlag_KEYWORDS`).
pub type wrapperfunc_kwds =
    unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut c_void, *mut PyObject) -> *mut PyObject;

/// A [`wrapperbase`] whose `wrapper` is a [`wrapperfunc_kwds`].
pub const PyWrapperFlag_KEYWORDS: c_int = 1;

/// CPython's `struct wrapperbase`: one row of the slot table (`slotdefs`):
/// the dunder name, the slot's offset in `PyHeapTypeObject`, and how to
/// call the slot's function from Python.
#[repr(C)]
#[derive(Debug)]
pub struct wrapperbase {
    /// The attribute name (`__add__`).
    pub name: *const c_char,
    /// Offset of the slot in `PyHeapTypeObject` (a suite's slots by their
    /// place in the heap type's embedded suite).
    pub offset: c_int,
    /// CPython's `slot_*` function (unused here: no classes in Python).
    pub function: *mut c_void,
    /// Calls the slot function; NULL for rows without a wrapper.
    pub wrapper: Option<wrapperfunc>,
    /// Docstring with its `name(...)\n--\n\n` signature.
    pub doc: *const c_char,
    /// `PyWrapperFlag_KEYWORDS` or 0.
    pub flags: c_int,
    /// The name as a `str` (unused here; CPython interns it).
    pub name_strobj: *mut PyObject,
}

/// CPython's `PyWrapperDescrObject` (`wrapper_descriptor`): a slot of a
/// type as a method.
#[repr(C)]
#[derive(Debug)]
pub struct PyWrapperDescrObject {
    /// `PyDescr_COMMON`.
    pub d_common: PyDescrObject,
    /// The slot table row.
    pub d_base: *mut wrapperbase,
    /// The slot function (any function pointer type).
    pub d_wrapped: *mut c_void,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_cpython() {
        // From offsetof/sizeof on CPython 3.11's headers (x86-64).
        assert_eq!(size_of::<PyGetSetDef>(), 40);
        assert_eq!(offset_of!(PyGetSetDef, get), 8);
        assert_eq!(offset_of!(PyGetSetDef, set), 16);
        assert_eq!(offset_of!(PyGetSetDef, doc), 24);
        assert_eq!(offset_of!(PyGetSetDef, closure), 32);
        assert_eq!(size_of::<PyDescrObject>(), 40);
        assert_eq!(offset_of!(PyDescrObject, d_type), 16);
        assert_eq!(offset_of!(PyDescrObject, d_name), 24);
        assert_eq!(offset_of!(PyDescrObject, d_qualname), 32);
        assert_eq!(size_of::<PyMethodDescrObject>(), 56);
        assert_eq!(offset_of!(PyMethodDescrObject, d_method), 40);
        assert_eq!(offset_of!(PyMethodDescrObject, vectorcall), 48);
        assert_eq!(size_of::<PyMemberDescrObject>(), 48);
        assert_eq!(offset_of!(PyMemberDescrObject, d_member), 40);
        assert_eq!(size_of::<PyGetSetDescrObject>(), 48);
        assert_eq!(offset_of!(PyGetSetDescrObject, d_getset), 40);
        assert_eq!(size_of::<wrapperbase>(), 56);
        assert_eq!(offset_of!(wrapperbase, wrapper), 24);
        assert_eq!(offset_of!(wrapperbase, flags), 40);
        assert_eq!(size_of::<PyWrapperDescrObject>(), 56);
        assert_eq!(offset_of!(PyWrapperDescrObject, d_wrapped), 48);
    }
}
