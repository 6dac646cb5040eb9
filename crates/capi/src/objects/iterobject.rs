//! The sequence iterator (CPython's `Objects/iterobject.c`): what `iter()`
//! returns for an object that has `sq_item` but no `tp_iter`. It asks for
//! items 0, 1, 2, … until the sequence raises `IndexError` or
//! `StopIteration`.

#![allow(non_upper_case_globals)]

use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{PySequence_GetItem, self_iter};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Py_DecRef, Py_IncRef, alloc};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::typeobject::static_type;
use crate::python::errors;

/// A sequence iterator: the sequence (released at the end) and the next
/// index.
#[repr(C)]
struct SeqIter {
    ob_base: PyObject,
    index: Py_ssize_t,
    seq: *mut PyObject,
}

/// `PySeqIter_Type`: `iterator`.
#[unsafe(no_mangle)]
pub static PySeqIter_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(c"iterator", size_of::<SeqIter>(), 0, seq_iter_dealloc);
    ty.tp_iter = Some(self_iter);
    ty.tp_iternext = Some(seq_iter_next);
    ty
});

/// `PySeqIter_New(seq)`: a new iterator over `seq[0]`, `seq[1]`, ….
///
/// Fails (NULL) with `SystemError` when `seq` is not a sequence, or
/// `MemoryError`.
///
/// # Safety
/// `seq` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PySeqIter_New(seq: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    if seq.is_null() || unsafe { crate::objects::r#abstract::PySequence_Check(seq) } == 0 {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let it = alloc(PySeqIter_Type.get(), size_of::<SeqIter>());
    if !it.is_null() {
        // SAFETY: a fresh SeqIter; the sequence is live.
        unsafe {
            Py_IncRef(seq);
            (*(it as *mut SeqIter)).index = 0;
            (*(it as *mut SeqIter)).seq = seq;
        }
    }
    it
}

unsafe extern "C" fn seq_iter_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced SeqIter.
    unsafe {
        Py_DecRef((*(op as *mut SeqIter)).seq);
        PyObject_Free(op.cast());
    }
}

/// `tp_iternext`: `seq[index]`; `IndexError` or `StopIteration` from the
/// sequence ends the iteration (cleared, the sequence released).
unsafe extern "C" fn seq_iter_next(op: *mut PyObject) -> *mut PyObject {
    let it = op as *mut SeqIter;
    // SAFETY: a live SeqIter; its sequence is live while held.
    unsafe {
        let seq = (*it).seq;
        if seq.is_null() {
            return ptr::null_mut();
        }
        if (*it).index == Py_ssize_t::MAX {
            return errors::fail_null(Exc::OverflowError, "iter index too large");
        }
        let item = PySequence_GetItem(seq, (*it).index);
        if !item.is_null() {
            (*it).index += 1;
            return item;
        }
        if errors::PyErr_ExceptionMatches(Exc::IndexError.type_object()) != 0
            || errors::PyErr_ExceptionMatches(Exc::StopIteration.type_object()) != 0
        {
            errors::PyErr_Clear();
            (*it).seq = ptr::null_mut();
            Py_DecRef(seq);
        }
        ptr::null_mut()
    }
}
