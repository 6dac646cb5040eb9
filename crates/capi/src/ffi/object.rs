//! `object.h`: the object header, type objects and their slot signatures,
//! `Py_TPFLAGS_*` and `PyType_Spec`, laid out exactly as CPython 3.11 lays
//! them out on the same platform.

#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use std::cell::UnsafeCell;
use std::ffi::{c_char, c_int, c_uint, c_ulong, c_void};
use std::ptr;

use crate::ffi::descrobject::PyGetSetDef;
use crate::ffi::methodobject::PyMethodDef;
use crate::ffi::pybuffer::{getbufferproc, releasebufferproc};
use crate::ffi::pyport::{Py_hash_t, Py_ssize_t};
use crate::ffi::structmember::PyMemberDef;

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
/// `unaryfunc`.
pub type unaryfunc = unsafe extern "C" fn(*mut PyObject) -> *mut PyObject;
/// `binaryfunc`.
pub type binaryfunc = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
/// `ternaryfunc`.
pub type ternaryfunc =
    unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
/// `inquiry`.
pub type inquiry = unsafe extern "C" fn(*mut PyObject) -> c_int;
/// `lenfunc`.
pub type lenfunc = unsafe extern "C" fn(*mut PyObject) -> Py_ssize_t;
/// `ssizeargfunc`.
pub type ssizeargfunc = unsafe extern "C" fn(*mut PyObject, Py_ssize_t) -> *mut PyObject;
/// `ssizeobjargproc`.
pub type ssizeobjargproc = unsafe extern "C" fn(*mut PyObject, Py_ssize_t, *mut PyObject) -> c_int;
/// `objobjargproc`.
pub type objobjargproc = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int;
/// `objobjproc`.
pub type objobjproc = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> c_int;
/// `visitproc`.
pub type visitproc = unsafe extern "C" fn(*mut PyObject, *mut c_void) -> c_int;
/// `traverseproc`.
pub type traverseproc = unsafe extern "C" fn(*mut PyObject, visitproc, *mut c_void) -> c_int;
/// `getattrfunc`.
pub type getattrfunc = unsafe extern "C" fn(*mut PyObject, *mut c_char) -> *mut PyObject;
/// `setattrfunc`.
pub type setattrfunc = unsafe extern "C" fn(*mut PyObject, *mut c_char, *mut PyObject) -> c_int;
/// `getattrofunc`.
pub type getattrofunc = unsafe extern "C" fn(*mut PyObject, *mut PyObject) -> *mut PyObject;
/// `setattrofunc`.
pub type setattrofunc = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int;
/// `richcmpfunc`.
pub type richcmpfunc = unsafe extern "C" fn(*mut PyObject, *mut PyObject, c_int) -> *mut PyObject;
/// `getiterfunc`.
pub type getiterfunc = unsafe extern "C" fn(*mut PyObject) -> *mut PyObject;
/// `iternextfunc`.
pub type iternextfunc = unsafe extern "C" fn(*mut PyObject) -> *mut PyObject;
/// `descrgetfunc`.
pub type descrgetfunc =
    unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject;
/// `descrsetfunc`.
pub type descrsetfunc = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> c_int;
/// `vectorcallfunc`: `(callable, args, nargsf, kwnames)`.
pub type vectorcallfunc = unsafe extern "C" fn(
    *mut PyObject,
    *const *mut PyObject,
    usize,
    *mut PyObject,
) -> *mut PyObject;
/// `sendfunc` (`PySendResult` is an `int`-sized enum).
pub type sendfunc = unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut *mut PyObject) -> c_int;

/// CPython's `PyNumberMethods` (`tp_as_number`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct PyNumberMethods {
    pub nb_add: Option<binaryfunc>,
    pub nb_subtract: Option<binaryfunc>,
    pub nb_multiply: Option<binaryfunc>,
    pub nb_remainder: Option<binaryfunc>,
    pub nb_divmod: Option<binaryfunc>,
    pub nb_power: Option<ternaryfunc>,
    pub nb_negative: Option<unaryfunc>,
    pub nb_positive: Option<unaryfunc>,
    pub nb_absolute: Option<unaryfunc>,
    pub nb_bool: Option<inquiry>,
    pub nb_invert: Option<unaryfunc>,
    pub nb_lshift: Option<binaryfunc>,
    pub nb_rshift: Option<binaryfunc>,
    pub nb_and: Option<binaryfunc>,
    pub nb_xor: Option<binaryfunc>,
    pub nb_or: Option<binaryfunc>,
    pub nb_int: Option<unaryfunc>,
    pub nb_reserved: *mut c_void,
    pub nb_float: Option<unaryfunc>,
    pub nb_inplace_add: Option<binaryfunc>,
    pub nb_inplace_subtract: Option<binaryfunc>,
    pub nb_inplace_multiply: Option<binaryfunc>,
    pub nb_inplace_remainder: Option<binaryfunc>,
    pub nb_inplace_power: Option<ternaryfunc>,
    pub nb_inplace_lshift: Option<binaryfunc>,
    pub nb_inplace_rshift: Option<binaryfunc>,
    pub nb_inplace_and: Option<binaryfunc>,
    pub nb_inplace_xor: Option<binaryfunc>,
    pub nb_inplace_or: Option<binaryfunc>,
    pub nb_floor_divide: Option<binaryfunc>,
    pub nb_true_divide: Option<binaryfunc>,
    pub nb_inplace_floor_divide: Option<binaryfunc>,
    pub nb_inplace_true_divide: Option<binaryfunc>,
    pub nb_index: Option<unaryfunc>,
    pub nb_matrix_multiply: Option<binaryfunc>,
    pub nb_inplace_matrix_multiply: Option<binaryfunc>,
}

/// CPython's `PySequenceMethods` (`tp_as_sequence`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct PySequenceMethods {
    pub sq_length: Option<lenfunc>,
    pub sq_concat: Option<binaryfunc>,
    pub sq_repeat: Option<ssizeargfunc>,
    pub sq_item: Option<ssizeargfunc>,
    pub was_sq_slice: *mut c_void,
    pub sq_ass_item: Option<ssizeobjargproc>,
    pub was_sq_ass_slice: *mut c_void,
    pub sq_contains: Option<objobjproc>,
    pub sq_inplace_concat: Option<binaryfunc>,
    pub sq_inplace_repeat: Option<ssizeargfunc>,
}

/// CPython's `PyMappingMethods` (`tp_as_mapping`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
#[allow(missing_docs)]
pub struct PyMappingMethods {
    pub mp_length: Option<lenfunc>,
    pub mp_subscript: Option<binaryfunc>,
    pub mp_ass_subscript: Option<objobjargproc>,
}

/// CPython's `PyAsyncMethods` (`tp_as_async`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
#[allow(missing_docs)]
pub struct PyAsyncMethods {
    pub am_await: Option<unaryfunc>,
    pub am_aiter: Option<unaryfunc>,
    pub am_anext: Option<unaryfunc>,
    pub am_send: Option<sendfunc>,
}

/// CPython's `PyBufferProcs`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct PyBufferProcs {
    /// Fills a `Py_buffer`.
    pub bf_getbuffer: Option<getbufferproc>,
    /// Releases what `bf_getbuffer` acquired.
    pub bf_releasebuffer: Option<releasebufferproc>,
}

/// CPython 3.11's `PyTypeObject`, field for field.
///
/// Static types written in C fill it directly; `PyType_Ready`
/// ([`crate::objects::typeobject`]) completes them, and `PyType_FromSpec`
/// makes heap types ([`PyHeapTypeObject`]) with the same layout.
#[repr(C)]
#[derive(Debug)]
pub struct PyTypeObject {
    /// Header; `ob_type` is `&PyType_Type` (the metatype).
    pub ob_base: PyVarObject,
    /// "module.Name" (or just "Name" for built-in types).
    pub tp_name: *const c_char,
    /// Instance size.
    pub tp_basicsize: Py_ssize_t,
    /// Size of each variable-part item.
    pub tp_itemsize: Py_ssize_t,
    /// Called when the refcount reaches zero.
    pub tp_dealloc: Option<destructor>,
    /// Offset of the instances' `vectorcallfunc` pointer (with
    /// `Py_TPFLAGS_HAVE_VECTORCALL`), or 0.
    pub tp_vectorcall_offset: Py_ssize_t,
    /// `getattr` by C string (legacy).
    pub tp_getattr: Option<getattrfunc>,
    /// `setattr` by C string (legacy).
    pub tp_setattr: Option<setattrfunc>,
    /// The async suite.
    pub tp_as_async: *mut PyAsyncMethods,
    /// `repr()`.
    pub tp_repr: Option<reprfunc>,
    /// The number suite.
    pub tp_as_number: *mut PyNumberMethods,
    /// The sequence suite.
    pub tp_as_sequence: *mut PySequenceMethods,
    /// The mapping suite.
    pub tp_as_mapping: *mut PyMappingMethods,
    /// `hash()`.
    pub tp_hash: Option<hashfunc>,
    /// Call.
    pub tp_call: Option<ternaryfunc>,
    /// `str()`.
    pub tp_str: Option<reprfunc>,
    /// Attribute lookup.
    pub tp_getattro: Option<getattrofunc>,
    /// Attribute assignment and deletion (value NULL).
    pub tp_setattro: Option<setattrofunc>,
    /// The buffer procs, or NULL for a type that exports no buffer.
    pub tp_as_buffer: *mut PyBufferProcs,
    /// `Py_TPFLAGS_*`.
    pub tp_flags: c_ulong,
    /// Docstring.
    pub tp_doc: *const c_char,
    /// GC traversal (called by nothing: pybuffer has no cycle collector).
    pub tp_traverse: Option<traverseproc>,
    /// GC clear (called by nothing, as above).
    pub tp_clear: Option<inquiry>,
    /// Rich comparison.
    pub tp_richcompare: Option<richcmpfunc>,
    /// Offset of the instances' weak-reference list, or 0.
    pub tp_weaklistoffset: Py_ssize_t,
    /// `iter()`.
    pub tp_iter: Option<getiterfunc>,
    /// `next()`.
    pub tp_iternext: Option<iternextfunc>,
    /// Method table, ending with a NULL-named entry.
    pub tp_methods: *mut PyMethodDef,
    /// Member table, ending with a NULL-named entry.
    pub tp_members: *mut PyMemberDef,
    /// Getset table, ending with a NULL-named entry.
    pub tp_getset: *mut PyGetSetDef,
    /// Base type (single inheritance).
    pub tp_base: *mut PyTypeObject,
    /// The type's attribute dict, made by `PyType_Ready`.
    pub tp_dict: *mut PyObject,
    /// Descriptor `__get__`.
    pub tp_descr_get: Option<descrgetfunc>,
    /// Descriptor `__set__` / `__delete__`.
    pub tp_descr_set: Option<descrsetfunc>,
    /// Offset of the instances' `__dict__` pointer, or 0.
    pub tp_dictoffset: Py_ssize_t,
    /// `__init__`.
    pub tp_init: Option<initproc>,
    /// Instance allocator.
    pub tp_alloc: Option<allocfunc>,
    /// `__new__`.
    pub tp_new: Option<newfunc>,
    /// Frees what `tp_alloc` allocated.
    pub tp_free: Option<freefunc>,
    /// Whether an instance of a GC type is collectable.
    pub tp_is_gc: Option<inquiry>,
    /// Tuple of base types.
    pub tp_bases: *mut PyObject,
    /// Method resolution order (a tuple).
    pub tp_mro: *mut PyObject,
    #[doc(hidden)]
    pub tp_cache: *mut PyObject,
    #[doc(hidden)]
    pub tp_subclasses: *mut PyObject,
    #[doc(hidden)]
    pub tp_weaklist: *mut PyObject,
    /// Legacy finalizer.
    pub tp_del: Option<destructor>,
    #[doc(hidden)]
    pub tp_version_tag: c_uint,
    /// PEP 442 finalizer.
    pub tp_finalize: Option<destructor>,
    /// Vectorcall of the type object itself (calling the type).
    pub tp_vectorcall: Option<vectorcallfunc>,
}

impl PyTypeObject {
    /// A type with every slot empty, for static initialisers.
    pub const fn empty() -> Self {
        PyTypeObject {
            ob_base: PyVarObject {
                ob_base: PyObject {
                    ob_refcnt: IMMORTAL_REFCNT,
                    ob_type: ptr::null_mut(),
                },
                ob_size: 0,
            },
            tp_name: ptr::null(),
            tp_basicsize: 0,
            tp_itemsize: 0,
            tp_dealloc: None,
            tp_vectorcall_offset: 0,
            tp_getattr: None,
            tp_setattr: None,
            tp_as_async: ptr::null_mut(),
            tp_repr: None,
            tp_as_number: ptr::null_mut(),
            tp_as_sequence: ptr::null_mut(),
            tp_as_mapping: ptr::null_mut(),
            tp_hash: None,
            tp_call: None,
            tp_str: None,
            tp_getattro: None,
            tp_setattro: None,
            tp_as_buffer: ptr::null_mut(),
            tp_flags: 0,
            tp_doc: ptr::null(),
            tp_traverse: None,
            tp_clear: None,
            tp_richcompare: None,
            tp_weaklistoffset: 0,
            tp_iter: None,
            tp_iternext: None,
            tp_methods: ptr::null_mut(),
            tp_members: ptr::null_mut(),
            tp_getset: ptr::null_mut(),
            tp_base: ptr::null_mut(),
            tp_dict: ptr::null_mut(),
            tp_descr_get: None,
            tp_descr_set: None,
            tp_dictoffset: 0,
            tp_init: None,
            tp_alloc: None,
            tp_new: None,
            tp_free: None,
            tp_is_gc: None,
            tp_bases: ptr::null_mut(),
            tp_mro: ptr::null_mut(),
            tp_cache: ptr::null_mut(),
            tp_subclasses: ptr::null_mut(),
            tp_weaklist: ptr::null_mut(),
            tp_del: None,
            tp_version_tag: 0,
            tp_finalize: None,
            tp_vectorcall: None,
        }
    }
}

impl PyNumberMethods {
    /// Every slot empty, for static initialisers.
    pub const fn empty() -> Self {
        PyNumberMethods {
            nb_add: None,
            nb_subtract: None,
            nb_multiply: None,
            nb_remainder: None,
            nb_divmod: None,
            nb_power: None,
            nb_negative: None,
            nb_positive: None,
            nb_absolute: None,
            nb_bool: None,
            nb_invert: None,
            nb_lshift: None,
            nb_rshift: None,
            nb_and: None,
            nb_xor: None,
            nb_or: None,
            nb_int: None,
            nb_reserved: ptr::null_mut(),
            nb_float: None,
            nb_inplace_add: None,
            nb_inplace_subtract: None,
            nb_inplace_multiply: None,
            nb_inplace_remainder: None,
            nb_inplace_power: None,
            nb_inplace_lshift: None,
            nb_inplace_rshift: None,
            nb_inplace_and: None,
            nb_inplace_xor: None,
            nb_inplace_or: None,
            nb_floor_divide: None,
            nb_true_divide: None,
            nb_inplace_floor_divide: None,
            nb_inplace_true_divide: None,
            nb_index: None,
            nb_matrix_multiply: None,
            nb_inplace_matrix_multiply: None,
        }
    }
}

impl PySequenceMethods {
    /// Every slot empty, for static initialisers.
    pub const fn empty() -> Self {
        PySequenceMethods {
            sq_length: None,
            sq_concat: None,
            sq_repeat: None,
            sq_item: None,
            was_sq_slice: ptr::null_mut(),
            sq_ass_item: None,
            was_sq_ass_slice: ptr::null_mut(),
            sq_contains: None,
            sq_inplace_concat: None,
            sq_inplace_repeat: None,
        }
    }
}

impl PyMappingMethods {
    /// Every slot empty, for static initialisers.
    pub const fn empty() -> Self {
        PyMappingMethods {
            mp_length: None,
            mp_subscript: None,
            mp_ass_subscript: None,
        }
    }
}

impl PyAsyncMethods {
    /// Every slot empty, for static initialisers.
    pub const fn empty() -> Self {
        PyAsyncMethods {
            am_await: None,
            am_aiter: None,
            am_anext: None,
            am_send: None,
        }
    }
}

impl PyBufferProcs {
    /// Every slot empty, for static initialisers.
    pub const fn empty() -> Self {
        PyBufferProcs {
            bf_getbuffer: None,
            bf_releasebuffer: None,
        }
    }
}

// The slot tables of static types are immutable statics shared by every
// thread; the only raw pointers in them (`nb_reserved`, `was_sq_*`) are
// always NULL.
// SAFETY: see above.
unsafe impl Sync for PyNumberMethods {}
// SAFETY: see above.
unsafe impl Sync for PySequenceMethods {}

/// CPython 3.11's `PyHeapTypeObject`: the layout of a type made by
/// `PyType_FromSpec` (or any heap type). The method suites live inline and
/// the type's `tp_as_*` pointers point at them, so a heap type owns them.
#[repr(C)]
#[derive(Debug)]
pub struct PyHeapTypeObject {
    /// The type object proper.
    pub ht_type: PyTypeObject,
    /// Storage of `tp_as_async`.
    pub as_async: PyAsyncMethods,
    /// Storage of `tp_as_number`.
    pub as_number: PyNumberMethods,
    /// Storage of `tp_as_mapping`.
    pub as_mapping: PyMappingMethods,
    /// Storage of `tp_as_sequence`.
    pub as_sequence: PySequenceMethods,
    /// Storage of `tp_as_buffer`.
    pub as_buffer: PyBufferProcs,
    /// `__name__` (a `str`, strong reference).
    pub ht_name: *mut PyObject,
    /// `__slots__` (unused: types made from C have none).
    pub ht_slots: *mut PyObject,
    /// `__qualname__` (a `str`, strong reference).
    pub ht_qualname: *mut PyObject,
    #[doc(hidden)]
    pub ht_cached_keys: *mut c_void,
    /// The module of `PyType_FromModuleAndSpec` (strong reference), or NULL.
    pub ht_module: *mut PyObject,
    /// Storage of `tp_name` (`PyMem_Malloc`ed).
    pub _ht_tpname: *mut c_char,
    #[doc(hidden)]
    pub _spec_cache: *mut PyObject,
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

/// The comparison operators of `tp_richcompare` (`Py_LT` … `Py_GE`).
pub mod compare_ops {
    #![allow(missing_docs, non_upper_case_globals)]
    use std::ffi::c_int;
    pub const Py_LT: c_int = 0;
    pub const Py_LE: c_int = 1;
    pub const Py_EQ: c_int = 2;
    pub const Py_NE: c_int = 3;
    pub const Py_GT: c_int = 4;
    pub const Py_GE: c_int = 5;
}
pub use compare_ops::*;

/// `Py_TPFLAGS_*` values (CPython 3.11's).
pub mod tpflags {
    #![allow(missing_docs, non_upper_case_globals)]
    use std::ffi::c_ulong;
    pub const Py_TPFLAGS_HAVE_FINALIZE: c_ulong = 1 << 0;
    pub const Py_TPFLAGS_MANAGED_DICT: c_ulong = 1 << 4;
    pub const Py_TPFLAGS_SEQUENCE: c_ulong = 1 << 5;
    pub const Py_TPFLAGS_MAPPING: c_ulong = 1 << 6;
    pub const Py_TPFLAGS_DISALLOW_INSTANTIATION: c_ulong = 1 << 7;
    pub const Py_TPFLAGS_IMMUTABLETYPE: c_ulong = 1 << 8;
    pub const Py_TPFLAGS_HEAPTYPE: c_ulong = 1 << 9;
    pub const Py_TPFLAGS_BASETYPE: c_ulong = 1 << 10;
    pub const Py_TPFLAGS_HAVE_VECTORCALL: c_ulong = 1 << 11;
    pub const Py_TPFLAGS_READY: c_ulong = 1 << 12;
    pub const Py_TPFLAGS_READYING: c_ulong = 1 << 13;
    pub const Py_TPFLAGS_HAVE_GC: c_ulong = 1 << 14;
    pub const Py_TPFLAGS_HAVE_STACKLESS_EXTENSION: c_ulong = 0;
    pub const Py_TPFLAGS_METHOD_DESCRIPTOR: c_ulong = 1 << 17;
    pub const Py_TPFLAGS_HAVE_VERSION_TAG: c_ulong = 1 << 18;
    pub const Py_TPFLAGS_VALID_VERSION_TAG: c_ulong = 1 << 19;
    pub const Py_TPFLAGS_IS_ABSTRACT: c_ulong = 1 << 20;
    pub const Py_TPFLAGS_LONG_SUBCLASS: c_ulong = 1 << 24;
    pub const Py_TPFLAGS_LIST_SUBCLASS: c_ulong = 1 << 25;
    pub const Py_TPFLAGS_TUPLE_SUBCLASS: c_ulong = 1 << 26;
    pub const Py_TPFLAGS_BYTES_SUBCLASS: c_ulong = 1 << 27;
    pub const Py_TPFLAGS_UNICODE_SUBCLASS: c_ulong = 1 << 28;
    pub const Py_TPFLAGS_DICT_SUBCLASS: c_ulong = 1 << 29;
    pub const Py_TPFLAGS_BASE_EXC_SUBCLASS: c_ulong = 1 << 30;
    pub const Py_TPFLAGS_TYPE_SUBCLASS: c_ulong = 1 << 31;
    /// CPython 3.11 defines it as 0 (version tags are always on).
    pub const Py_TPFLAGS_DEFAULT: c_ulong = Py_TPFLAGS_HAVE_STACKLESS_EXTENSION;
    /// The `*_SUBCLASS` fast-check flags, which `PyType_Ready` inherits.
    pub const FAST_SUBCLASS_MASK: c_ulong = Py_TPFLAGS_LONG_SUBCLASS
        | Py_TPFLAGS_LIST_SUBCLASS
        | Py_TPFLAGS_TUPLE_SUBCLASS
        | Py_TPFLAGS_BYTES_SUBCLASS
        | Py_TPFLAGS_UNICODE_SUBCLASS
        | Py_TPFLAGS_DICT_SUBCLASS
        | Py_TPFLAGS_BASE_EXC_SUBCLASS
        | Py_TPFLAGS_TYPE_SUBCLASS;
}
pub use tpflags::*;

/// `PY_VECTORCALL_ARGUMENTS_OFFSET`: set in `nargsf` when the caller lets
/// the callee overwrite `args[-1]`.
pub const PY_VECTORCALL_ARGUMENTS_OFFSET: usize = 1 << (usize::BITS - 1);

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
        assert_eq!(offset_of!(PyTypeObject, tp_as_async), 80);
        assert_eq!(offset_of!(PyTypeObject, tp_as_number), 96);
        assert_eq!(offset_of!(PyTypeObject, tp_getattro), 144);
        assert_eq!(offset_of!(PyTypeObject, tp_richcompare), 200);
        assert_eq!(offset_of!(PyTypeObject, tp_methods), 232);
        assert_eq!(offset_of!(PyTypeObject, tp_members), 240);
        assert_eq!(offset_of!(PyTypeObject, tp_getset), 248);
        assert_eq!(offset_of!(PyTypeObject, tp_base), 256);
        assert_eq!(offset_of!(PyTypeObject, tp_dict), 264);
        assert_eq!(offset_of!(PyTypeObject, tp_dictoffset), 288);
        assert_eq!(offset_of!(PyTypeObject, tp_init), 296);
        assert_eq!(offset_of!(PyTypeObject, tp_new), 312);
        assert_eq!(offset_of!(PyTypeObject, tp_version_tag), 384);
        assert_eq!(offset_of!(PyTypeObject, tp_finalize), 392);
        assert_eq!(offset_of!(PyTypeObject, tp_vectorcall), 400);
    }

    #[test]
    fn suites_match_cpython_layout() {
        assert_eq!(size_of::<PyNumberMethods>(), 288);
        assert_eq!(offset_of!(PyNumberMethods, nb_bool), 72);
        assert_eq!(offset_of!(PyNumberMethods, nb_index), 264);
        assert_eq!(offset_of!(PyNumberMethods, nb_inplace_matrix_multiply), 280);
        assert_eq!(size_of::<PySequenceMethods>(), 80);
        assert_eq!(offset_of!(PySequenceMethods, sq_contains), 56);
        assert_eq!(size_of::<PyMappingMethods>(), 24);
        assert_eq!(size_of::<PyAsyncMethods>(), 32);
        assert_eq!(size_of::<PyBufferProcs>(), 16);
    }

    #[test]
    fn heap_type_matches_cpython_layout() {
        assert_eq!(size_of::<PyHeapTypeObject>(), 904);
        assert_eq!(offset_of!(PyHeapTypeObject, as_async), 408);
        assert_eq!(offset_of!(PyHeapTypeObject, as_number), 440);
        assert_eq!(offset_of!(PyHeapTypeObject, as_mapping), 728);
        assert_eq!(offset_of!(PyHeapTypeObject, as_sequence), 752);
        assert_eq!(offset_of!(PyHeapTypeObject, as_buffer), 832);
        assert_eq!(offset_of!(PyHeapTypeObject, ht_name), 848);
        assert_eq!(offset_of!(PyHeapTypeObject, ht_qualname), 864);
        assert_eq!(offset_of!(PyHeapTypeObject, ht_module), 880);
        assert_eq!(offset_of!(PyHeapTypeObject, _ht_tpname), 888);
        assert_eq!(offset_of!(PyHeapTypeObject, _spec_cache), 896);
    }
}
