//! `object.h`: the object header, type objects and their slot signatures,
//! `Py_TPFLAGS_*` and `PyType_Spec`, laid out exactly as CPython 3.11 lays
//! them out on the same platform.

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use std::cell::UnsafeCell;
use std::ffi::{c_char, c_int, c_uint, c_ulong, c_void};

use crate::ffi::pybuffer::{getbufferproc, releasebufferproc};
use crate::ffi::pyport::{Py_hash_t, Py_ssize_t};

/// CPython's object header. Every object starts with it.
///
/// `ob_refcnt` is only ever touched atomically (see [`crate::objects::object`]), so
/// references may be taken and dropped from any thread.
#[repr(C)]
#[derive(Debug)]
pub struct PyObject {
    /// Reference count.
    pub ob_refcnt: Py_ssize_t,
    /// The object's type.
    pub ob_type: *mut PyTypeObject,
}

/// CPython's variable-size object header.
#[repr(C)]
#[derive(Debug)]
pub struct PyVarObject {
    /// The fixed header.
    pub ob_base: PyObject,
    /// Number of items in the variable part.
    pub ob_size: Py_ssize_t,
}

/// `destructor`.
pub type destructor = unsafe extern "C" fn(*mut PyObject);
/// `allocfunc`.
pub type allocfunc = unsafe extern "C" fn(*mut PyTypeObject, Py_ssize_t) -> *mut PyObject;
/// `freefunc`.
pub type freefunc = unsafe extern "C" fn(*mut c_void);
/// `newfunc`.
pub type newfunc =
    unsafe extern "C" fn(*mut PyTypeObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
/// `initproc`.
pub type initproc = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int;
/// `reprfunc`.
pub type reprfunc = unsafe extern "C" fn(*mut PyObject) -> *mut PyObject;
/// `hashfunc`.
pub type hashfunc = unsafe extern "C" fn(*mut PyObject) -> Py_hash_t;
/// `ternaryfunc`.
pub type ternaryfunc =
    unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
/// `inquiry`.
pub type inquiry = unsafe extern "C" fn(*mut PyObject) -> c_int;
/// `visitproc`.
pub type visitproc = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int;
/// `traverseproc`.
pub type traverseproc = unsafe extern "C" fn(*mut PyObject, visitproc, *mut c_void) -> c_int;

/// CPython's `PyBufferProcs`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyBufferProcs {
    /// Fills a `Py_buffer`.
    pub bf_getbuffer: Option<getbufferproc>,
    /// Releases what `bf_getbuffer` acquired.
    pub bf_releasebuffer: Option<releasebufferproc>,
}

/// CPython 3.11's `PyTypeObject`, field for field.
///
/// pybuffer uses the buffer, allocation and deallocation fields; the rest are
/// kept (as untyped pointers where pybuffer has no use for them) so that
/// offsets match and C code that reads `tp_free` or `tp_name` directly works.
#[repr(C)]
#[derive(Debug)]
pub struct PyTypeObject {
    /// Header; `ob_type` is `&PyType_Type`.
    pub ob_base: PyVarObject,
    /// "module.Name".
    pub tp_name: *const c_char,
    /// Instance size.
    pub tp_basicsize: Py_ssize_t,
    /// Size of each variable-part item.
    pub tp_itemsize: Py_ssize_t,
    /// Called when the refcount reaches zero.
    pub tp_dealloc: Option<destructor>,
    #[doc(hidden)]
    pub tp_vectorcall_offset: Py_ssize_t,
    #[doc(hidden)]
    pub tp_getattr: *mut c_void,
    #[doc(hidden)]
    pub tp_setattr: *mut c_void,
    #[doc(hidden)]
    pub tp_as_async: *mut c_void,
    /// `repr()`.
    pub tp_repr: Option<reprfunc>,
    #[doc(hidden)]
    pub tp_as_number: *mut c_void,
    #[doc(hidden)]
    pub tp_as_sequence: *mut c_void,
    #[doc(hidden)]
    pub tp_as_mapping: *mut c_void,
    /// `hash()`.
    pub tp_hash: Option<hashfunc>,
    /// Call.
    pub tp_call: Option<ternaryfunc>,
    /// `str()`.
    pub tp_str: Option<reprfunc>,
    #[doc(hidden)]
    pub tp_getattro: *mut c_void,
    #[doc(hidden)]
    pub tp_setattro: *mut c_void,
    /// The buffer procs, or NULL for a type that exports no buffer.
    pub tp_as_buffer: *mut PyBufferProcs,
    /// `Py_TPFLAGS_*`.
    pub tp_flags: c_ulong,
    /// Docstring.
    pub tp_doc: *const c_char,
    /// GC traversal (never called: pybuffer has no cycle collector).
    pub tp_traverse: Option<traverseproc>,
    /// GC clear (never called).
    pub tp_clear: Option<inquiry>,
    #[doc(hidden)]
    pub tp_richcompare: *mut c_void,
    #[doc(hidden)]
    pub tp_weaklistoffset: Py_ssize_t,
    #[doc(hidden)]
    pub tp_iter: *mut c_void,
    #[doc(hidden)]
    pub tp_iternext: *mut c_void,
    /// Method table (`PyMethodDef *`).
    pub tp_methods: *mut c_void,
    #[doc(hidden)]
    pub tp_members: *mut c_void,
    #[doc(hidden)]
    pub tp_getset: *mut c_void,
    /// Base type, for exception matching.
    pub tp_base: *mut PyTypeObject,
    #[doc(hidden)]
    pub tp_dict: *mut PyObject,
    #[doc(hidden)]
    pub tp_descr_get: *mut c_void,
    #[doc(hidden)]
    pub tp_descr_set: *mut c_void,
    #[doc(hidden)]
    pub tp_dictoffset: Py_ssize_t,
    /// `__init__`.
    pub tp_init: Option<initproc>,
    /// Instance allocator.
    pub tp_alloc: Option<allocfunc>,
    /// `__new__`.
    pub tp_new: Option<newfunc>,
    /// Frees what `tp_alloc` allocated.
    pub tp_free: Option<freefunc>,
    #[doc(hidden)]
    pub tp_is_gc: Option<inquiry>,
    #[doc(hidden)]
    pub tp_bases: *mut PyObject,
    #[doc(hidden)]
    pub tp_mro: *mut PyObject,
    #[doc(hidden)]
    pub tp_cache: *mut PyObject,
    #[doc(hidden)]
    pub tp_subclasses: *mut c_void,
    #[doc(hidden)]
    pub tp_weaklist: *mut PyObject,
    #[doc(hidden)]
    pub tp_del: Option<destructor>,
    #[doc(hidden)]
    pub tp_version_tag: c_uint,
    #[doc(hidden)]
    pub tp_finalize: Option<destructor>,
    #[doc(hidden)]
    pub tp_vectorcall: *mut c_void,
}

impl PyTypeObject {
    /// A type with every slot empty, for static initialisers.
    pub const fn empty() -> Self {
        const NULL: *mut c_void = std::ptr::null_mut();
        PyTypeObject {
            ob_base: PyVarObject {
                ob_base: PyObject {
                    ob_refcnt: IMMORTAL_REFCNT,
                    ob_type: std::ptr::null_mut(),
                },
                ob_size: 0,
            },
            tp_name: std::ptr::null(),
            tp_basicsize: 0,
            tp_itemsize: 0,
            tp_dealloc: None,
            tp_vectorcall_offset: 0,
            tp_getattr: NULL,
            tp_setattr: NULL,
            tp_as_async: NULL,
            tp_repr: None,
            tp_as_number: NULL,
            tp_as_sequence: NULL,
            tp_as_mapping: NULL,
            tp_hash: None,
            tp_call: None,
            tp_str: None,
            tp_getattro: NULL,
            tp_setattro: NULL,
            tp_as_buffer: std::ptr::null_mut(),
            tp_flags: 0,
            tp_doc: std::ptr::null(),
            tp_traverse: None,
            tp_clear: None,
            tp_richcompare: NULL,
            tp_weaklistoffset: 0,
            tp_iter: NULL,
            tp_iternext: NULL,
            tp_methods: NULL,
            tp_members: NULL,
            tp_getset: NULL,
            tp_base: std::ptr::null_mut(),
            tp_dict: std::ptr::null_mut(),
            tp_descr_get: NULL,
            tp_descr_set: NULL,
            tp_dictoffset: 0,
            tp_init: None,
            tp_alloc: None,
            tp_new: None,
            tp_free: None,
            tp_is_gc: None,
            tp_bases: std::ptr::null_mut(),
            tp_mro: std::ptr::null_mut(),
            tp_cache: std::ptr::null_mut(),
            tp_subclasses: NULL,
            tp_weaklist: std::ptr::null_mut(),
            tp_del: None,
            tp_version_tag: 0,
            tp_finalize: None,
            tp_vectorcall: NULL,
        }
    }
}

/// The refcount given to statically allocated objects; it can never reach
/// zero through balanced use, so they are never deallocated.
pub const IMMORTAL_REFCNT: Py_ssize_t = 1 << 40;

/// A statically allocated, C-visible object of type `T` (a type object, an
/// exception type, `None`, …).
///
/// C code mutates statics through their address (refcounts, for example), so
/// the value lives in an `UnsafeCell`; the wrapper is transparent, so the C
/// symbol has exactly `T`'s layout.
#[repr(transparent)]
pub struct StaticObject<T>(UnsafeCell<T>);

// SAFETY: all mutation of a `StaticObject` goes through raw pointers with
// atomic refcount operations (`crate::objects::object`) or happens during
// one-time initialisation guarded by `Once`; Rust never forms a `&mut` to the
// content.
unsafe impl<T> Sync for StaticObject<T> {}

impl<T> StaticObject<T> {
    /// Wraps a value.
    pub const fn new(value: T) -> Self {
        StaticObject(UnsafeCell::new(value))
    }
    /// The address C code sees.
    pub const fn get(&self) -> *mut T {
        self.0.get()
    }
}

/// `Py_TPFLAGS_*` values (CPython's).
pub mod tpflags {
    #![allow(missing_docs, non_upper_case_globals)]
    use std::ffi::c_ulong;
    pub const Py_TPFLAGS_DISALLOW_INSTANTIATION: c_ulong = 1 << 7;
    pub const Py_TPFLAGS_IMMUTABLETYPE: c_ulong = 1 << 8;
    pub const Py_TPFLAGS_HEAPTYPE: c_ulong = 1 << 9;
    pub const Py_TPFLAGS_BASETYPE: c_ulong = 1 << 10;
    pub const Py_TPFLAGS_READY: c_ulong = 1 << 12;
    pub const Py_TPFLAGS_HAVE_GC: c_ulong = 1 << 14;
    pub const Py_TPFLAGS_HAVE_VERSION_TAG: c_ulong = 1 << 18;
    pub const Py_TPFLAGS_LONG_SUBCLASS: c_ulong = 1 << 24;
    pub const Py_TPFLAGS_UNICODE_SUBCLASS: c_ulong = 1 << 28;
    pub const Py_TPFLAGS_BASE_EXC_SUBCLASS: c_ulong = 1 << 30;
    pub const Py_TPFLAGS_TYPE_SUBCLASS: c_ulong = 1 << 31;
    /// CPython 3.11 defines it as 0 (version tags are always on).
    pub const Py_TPFLAGS_DEFAULT: c_ulong = 0;
}
pub use tpflags::*;

// ==========================================================================
// PyType_Spec (limited API type creation)
// ==========================================================================

/// One `(slot id, function or value)` pair of a [`PyType_Spec`].
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct PyType_Slot {
    /// A `Py_bf_*` / `Py_tp_*` id; 0 ends the array.
    pub slot: c_int,
    /// The function pointer or value.
    pub pfunc: *mut c_void,
}

/// CPython's `PyType_Spec`.
#[repr(C)]
#[derive(Debug)]
pub struct PyType_Spec {
    /// "module.Name".
    pub name: *const c_char,
    /// Instance size.
    pub basicsize: c_int,
    /// Variable-part item size.
    pub itemsize: c_int,
    /// `Py_TPFLAGS_*`.
    pub flags: c_uint,
    /// Slot array ended by `{0, NULL}`.
    pub slots: *mut PyType_Slot,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn type_object_matches_cpython_layout() {
        // Offsets from CPython 3.11 on x86-64 (offsetof on the real header).
        assert_eq!(offset_of!(PyTypeObject, tp_name), 24);
        assert_eq!(offset_of!(PyTypeObject, tp_dealloc), 48);
        assert_eq!(offset_of!(PyTypeObject, tp_as_buffer), 160);
        assert_eq!(offset_of!(PyTypeObject, tp_flags), 168);
        assert_eq!(offset_of!(PyTypeObject, tp_alloc), 304);
        assert_eq!(offset_of!(PyTypeObject, tp_free), 320);
        assert_eq!(size_of::<PyTypeObject>(), 408);
    }
}
