//! Traceback objects (CPython's `Python/traceback.c`): the entries an
//! extension pushes onto the pending error with `PyTraceBack_Here` for
//! each C function the error leaves (Cython does, with a frame whose code
//! object names the function, its `.pyx` file and line). The pending
//! error keeps the chain as its traceback, as `PyErr_Fetch` returns it.

#![allow(non_upper_case_globals)]

use std::ffi::c_int;
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::member_types::{READONLY, T_INT, T_OBJECT};
use crate::ffi::*;
use crate::objects::frameobject::{
    PyFrame_GetLasti, PyFrame_Type, PyFrameObject, frame_first_line,
};
use crate::objects::object::{Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, alloc};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::typeobject::static_type;
use crate::python::errors;

/// `PyTracebackObject`, CPython 3.11's layout (include/traceback.h).
#[repr(C)]
pub struct PyTracebackObject {
    ob_base: PyObject,
    tb_next: *mut PyTracebackObject,
    tb_frame: *mut PyFrameObject,
    tb_lasti: c_int,
    tb_lineno: c_int,
}

unsafe extern "C" fn tb_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced traceback; its next entry and frame are NULL
    // or owned. A long chain is released one entry per level, as CPython's
    // (which bounds it with the trashcan) does.
    unsafe {
        let tb = op.cast::<PyTracebackObject>();
        Py_DecRef((*tb).tb_next.cast());
        Py_DecRef((*tb).tb_frame.cast());
        PyObject_Free(op.cast());
    }
}

static TB_MEMBERS: StaticObject<[PyMemberDef; 4]> = StaticObject::new([
    PyMemberDef::new(
        c"tb_next",
        T_OBJECT,
        offset_of!(PyTracebackObject, tb_next),
        READONLY,
    ),
    PyMemberDef::new(
        c"tb_frame",
        T_OBJECT,
        offset_of!(PyTracebackObject, tb_frame),
        READONLY,
    ),
    PyMemberDef::new(
        c"tb_lasti",
        T_INT,
        offset_of!(PyTracebackObject, tb_lasti),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

/// `tb_lineno`: the stored line, or while it is -1 (as CPython 3.11
/// leaves it, to compute it on demand) the line of instruction `tb_lasti`
/// in the frame's code, which without bytecode is the code object's first
/// line, as CPython gives for an empty code object.
unsafe extern "C" fn tb_get_lineno(
    op: *mut PyObject,
    _closure: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: the getter of traceback objects is called on tracebacks,
    // which always hold a frame.
    unsafe {
        let tb = op.cast::<PyTracebackObject>();
        let line = if (*tb).tb_lineno >= 0 {
            (*tb).tb_lineno
        } else {
            frame_first_line((*tb).tb_frame)
        };
        crate::objects::longobject::PyLong_FromLong(line.into())
    }
}

static TB_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef {
        name: c"tb_lineno".as_ptr(),
        get: Some(tb_get_lineno),
        set: None,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef {
        name: ptr::null(),
        get: None,
        set: None,
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
]);

/// `PyTraceBack_Type`: `traceback`.
#[unsafe(no_mangle)]
pub static PyTraceBack_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(c"traceback", size_of::<PyTracebackObject>(), 0, tb_dealloc);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_members = TB_MEMBERS.get().cast();
    ty.tp_getset = TB_GETSET.get().cast();
    ty
});

/// Whether `op` is a traceback object.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_traceback(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*op).ob_type == PyTraceBack_Type.get() }
}

/// `PyTraceBack_Here(frame)`: makes the pending error's traceback a new
/// entry for `frame` whose `tb_next` is the previous traceback. Returns 0.
/// As in CPython 3.11, the entry records the frame's last instruction
/// (`tb_lasti`, 0 here) and leaves `tb_lineno` -1 in the struct, so its
/// line is the code's line for that instruction, not the frame's
/// `f_lineno` (Cython makes each code object at the line it reports).
///
/// Fails (-1) with `SystemError` when `frame` is NULL or not a frame
/// (the pending error is then replaced, as CPython's `PyErr_BadInternalCall`
/// does), or `MemoryError`.
///
/// # Safety
/// `frame` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyTraceBack_Here(frame: *mut PyFrameObject) -> c_int {
    // SAFETY: NULL or live per the contract.
    if frame.is_null() || unsafe { (*frame.cast::<PyObject>()).ob_type } != PyFrame_Type.get() {
        return errors::bad_internal_call();
    }
    let (mut ty, mut value, mut old) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
    // SAFETY: valid out-pointers; the references move to this function.
    unsafe { errors::PyErr_Fetch(&mut ty, &mut value, &mut old) };
    let op = alloc(PyTraceBack_Type.get(), size_of::<PyTracebackObject>());
    if op.is_null() {
        // The MemoryError replaces the error being reported.
        // SAFETY: the references just fetched.
        unsafe {
            Py_DecRef(ty);
            Py_DecRef(value);
            Py_DecRef(old);
        }
        return -1;
    }
    // SAFETY: a fresh traceback; the frame is live and gets the reference
    // the entry keeps; `old` (NULL or a traceback) moves into tb_next.
    unsafe {
        Py_IncRef(frame.cast());
        ptr::write(
            op.cast::<PyTracebackObject>(),
            PyTracebackObject {
                ob_base: ptr::read(op),
                tb_next: old.cast(),
                tb_frame: frame,
                tb_lasti: PyFrame_GetLasti(frame),
                tb_lineno: -1,
            },
        );
        errors::PyErr_Restore(ty, value, op);
    }
    0
}

/// Drops `op` unless it is a traceback object: what the error indicator
/// accepts as its third element.
///
/// # Safety
/// `op` must be NULL or a strong reference the caller gives up.
pub(crate) unsafe fn keep_traceback(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if op.is_null() || is_traceback(op) {
            op
        } else {
            Py_DecRef(op);
            ptr::null_mut()
        }
    }
}
