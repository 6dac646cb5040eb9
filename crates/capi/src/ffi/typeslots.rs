//! `typeslots.h`: the slot ids of `PyType_Slot`.

/// Slot ids from CPython's `typeslots.h`.
pub mod slots {
    #![allow(missing_docs, non_upper_case_globals)]
    use std::ffi::c_int;
    pub const Py_bf_getbuffer: c_int = 1;
    pub const Py_bf_releasebuffer: c_int = 2;
    pub const Py_tp_alloc: c_int = 47;
    pub const Py_tp_base: c_int = 48;
    pub const Py_tp_bases: c_int = 49;
    pub const Py_tp_call: c_int = 50;
    pub const Py_tp_clear: c_int = 51;
    pub const Py_tp_dealloc: c_int = 52;
    pub const Py_tp_del: c_int = 53;
    pub const Py_tp_descr_get: c_int = 54;
    pub const Py_tp_descr_set: c_int = 55;
    pub const Py_tp_doc: c_int = 56;
    pub const Py_tp_getattr: c_int = 57;
    pub const Py_tp_getattro: c_int = 58;
    pub const Py_tp_hash: c_int = 59;
    pub const Py_tp_init: c_int = 60;
    pub const Py_tp_is_gc: c_int = 61;
    pub const Py_tp_iter: c_int = 62;
    pub const Py_tp_iternext: c_int = 63;
    pub const Py_tp_methods: c_int = 64;
    pub const Py_tp_new: c_int = 65;
    pub const Py_tp_repr: c_int = 66;
    pub const Py_tp_richcompare: c_int = 67;
    pub const Py_tp_setattr: c_int = 68;
    pub const Py_tp_setattro: c_int = 69;
    pub const Py_tp_str: c_int = 70;
    pub const Py_tp_traverse: c_int = 71;
    pub const Py_tp_members: c_int = 72;
    pub const Py_tp_getset: c_int = 73;
    pub const Py_tp_free: c_int = 74;
    pub const Py_tp_finalize: c_int = 80;
    /// Highest slot id CPython 3.11 defines (`Py_am_send`).
    pub const MAX_SLOT: c_int = 81;
}
pub use slots::*;
