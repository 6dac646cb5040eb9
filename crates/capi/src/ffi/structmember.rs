//! `structmember.h`: `PyMemberDef`, the `T_*` member types and the
//! `READONLY` / `READ_RESTRICTED` / `PY_WRITE_RESTRICTED` flags.

#![allow(non_camel_case_types)]

use std::ffi::{CStr, c_char, c_int};

use crate::ffi::pyport::Py_ssize_t;

/// CPython's `PyMemberDef` (40 bytes on 64-bit platforms): a C field of an
/// instance exposed as an attribute. A table ends with a NULL-named entry.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyMemberDef {
    /// Attribute name.
    pub name: *const c_char,
    /// One of the `T_*` types.
    pub type_code: c_int,
    /// Byte offset of the field in the instance.
    pub offset: Py_ssize_t,
    /// `READONLY` and friends.
    pub flags: c_int,
    /// Docstring, or NULL.
    pub doc: *const c_char,
}

impl PyMemberDef {
    /// The all-NULL entry that ends a table.
    pub const fn zeroed() -> Self {
        PyMemberDef {
            name: std::ptr::null(),
            type_code: 0,
            offset: 0,
            flags: 0,
            doc: std::ptr::null(),
        }
    }

    /// The attribute `name` for the field of type `type_code` at `offset`
    /// (`READONLY` and friends in `flags`), without doc.
    pub const fn new(name: &'static CStr, type_code: c_int, offset: usize, flags: c_int) -> Self {
        PyMemberDef {
            name: name.as_ptr(),
            type_code,
            offset: offset as Py_ssize_t,
            flags,
            doc: std::ptr::null(),
        }
    }
}

/// The `T_*` member types and access flags, with CPython's values.
pub mod member_types {
    #![allow(missing_docs)]
    use std::ffi::c_int;
    pub const T_SHORT: c_int = 0;
    pub const T_INT: c_int = 1;
    pub const T_LONG: c_int = 2;
    pub const T_FLOAT: c_int = 3;
    pub const T_DOUBLE: c_int = 4;
    pub const T_STRING: c_int = 5;
    pub const T_OBJECT: c_int = 6;
    pub const T_CHAR: c_int = 7;
    pub const T_BYTE: c_int = 8;
    pub const T_UBYTE: c_int = 9;
    pub const T_USHORT: c_int = 10;
    pub const T_UINT: c_int = 11;
    pub const T_ULONG: c_int = 12;
    pub const T_STRING_INPLACE: c_int = 13;
    pub const T_BOOL: c_int = 14;
    pub const T_OBJECT_EX: c_int = 16;
    pub const T_LONGLONG: c_int = 17;
    pub const T_ULONGLONG: c_int = 18;
    pub const T_PYSSIZET: c_int = 19;
    pub const T_NONE: c_int = 20;

    pub const READONLY: c_int = 1;
    pub const READ_RESTRICTED: c_int = 2;
    pub const PY_WRITE_RESTRICTED: c_int = 4;
    pub const RESTRICTED: c_int = READ_RESTRICTED | PY_WRITE_RESTRICTED;
}
pub use member_types::*;

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layout_matches_cpython() {
        assert_eq!(size_of::<PyMemberDef>(), 40);
        assert_eq!(offset_of!(PyMemberDef, type_code), 8);
        assert_eq!(offset_of!(PyMemberDef, offset), 16);
        assert_eq!(offset_of!(PyMemberDef, flags), 24);
        assert_eq!(offset_of!(PyMemberDef, doc), 32);
    }
}
