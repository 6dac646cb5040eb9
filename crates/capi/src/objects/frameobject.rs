//! Frame objects (CPython's `Objects/frameobject.c`), as far as they exist
//! without an interpreter: what an extension makes with `PyFrame_New` to
//! name a C function in a traceback entry (`PyTraceBack_Here`). Such a
//! frame holds its code object, globals and optional locals and a line
//! number C code may set (`f_lineno`, which Cython writes through the
//! struct in include/internal/pycore_frame.h); it never has a previous
//! frame, runs no instruction and has no fast locals.

#![allow(non_upper_case_globals)]

use std::ffi::{c_char, c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::member_types::{READONLY, T_OBJECT};
use crate::ffi::*;
use crate::objects::codeobject::{PyCodeObject, first_line, is_code};
use crate::objects::dictobject::is_dict;
use crate::objects::longobject::PyLong_FromLong;
use crate::objects::object::{Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, alloc};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::typeobject::static_type;
use crate::python::errors;

/// A frame: CPython 3.11's `struct _frame` (include/internal/pycore_frame.h),
/// field for field and offset for offset, so that an extension built
/// against CPython's own headers (a wheel) finds `f_lineno` where Cython's
/// traceback code writes it. Like a CPython frame that owns its data, it
/// carries its interpreter frame inline (`data`, CPython's
/// `_f_frame_data`) and `f_frame` points at it.
#[repr(C)]
pub struct PyFrameObject {
    ob_base: PyObject,
    f_back: *mut PyFrameObject,
    f_frame: *mut InterpreterFrame,
    f_trace: *mut PyObject,
    f_lineno: c_int,
    f_trace_lines: c_char,
    f_trace_opcodes: c_char,
    f_fast_as_locals: c_char,
    data: InterpreterFrame,
}

/// The head of CPython 3.11's `_PyInterpreterFrame`, up to its first
/// local, with the same offsets. Here it holds the frame's code object,
/// globals and locals (each a strong reference, where CPython borrows the
/// globals); no instruction runs, so the rest stays zero.
#[repr(C)]
struct InterpreterFrame {
    f_func: *mut PyObject,
    f_globals: *mut PyObject,
    f_builtins: *mut PyObject,
    f_locals: *mut PyObject,
    f_code: *mut PyCodeObject,
    frame_obj: *mut PyFrameObject,
    previous: *mut InterpreterFrame,
    prev_instr: *mut u16,
    stacktop: c_int,
    is_entry: bool,
    owner: c_char,
}

// CPython 3.11's offsets on 64-bit platforms, which its headers compile
// into extensions.
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(offset_of!(PyFrameObject, f_back) == 16);
    assert!(offset_of!(PyFrameObject, f_frame) == 24);
    assert!(offset_of!(PyFrameObject, f_trace) == 32);
    assert!(offset_of!(PyFrameObject, f_lineno) == 40);
    assert!(offset_of!(PyFrameObject, f_fast_as_locals) == 46);
    assert!(offset_of!(PyFrameObject, data) == 48);
    assert!(offset_of!(InterpreterFrame, f_locals) == 24);
    assert!(offset_of!(InterpreterFrame, f_code) == 32);
    assert!(offset_of!(InterpreterFrame, stacktop) == 64);
};

/// The offset of `field` of the frame's inline interpreter frame.
macro_rules! data_offset {
    ($field:ident) => {
        offset_of!(PyFrameObject, data) + offset_of!(InterpreterFrame, $field)
    };
}

unsafe extern "C" fn frame_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced frame; its object fields are NULL or owned.
    unsafe {
        let f = op.cast::<PyFrameObject>();
        Py_DecRef((*f).data.f_code.cast());
        Py_DecRef((*f).data.f_globals);
        Py_DecRef((*f).data.f_locals);
        PyObject_Free(op.cast());
    }
}

unsafe extern "C" fn frame_get_lineno(op: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    // SAFETY: the getter of frame objects is called on frames.
    PyLong_FromLong(unsafe { PyFrame_GetLineNumber(op.cast()) }.into())
}

unsafe extern "C" fn frame_get_lasti(_op: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    PyLong_FromLong(0)
}

unsafe extern "C" fn frame_get_back(_op: *mut PyObject, _closure: *mut c_void) -> *mut PyObject {
    crate::objects::object::none()
}

static FRAME_GETSET: StaticObject<[PyGetSetDef; 4]> = StaticObject::new([
    PyGetSetDef::getter(c"f_lineno", frame_get_lineno),
    PyGetSetDef::getter(c"f_lasti", frame_get_lasti),
    PyGetSetDef::getter(c"f_back", frame_get_back),
    PyGetSetDef::zeroed(),
]);

static FRAME_MEMBERS: StaticObject<[PyMemberDef; 3]> = StaticObject::new([
    PyMemberDef::new(c"f_code", T_OBJECT, data_offset!(f_code), READONLY),
    PyMemberDef::new(c"f_globals", T_OBJECT, data_offset!(f_globals), READONLY),
    PyMemberDef::zeroed(),
]);

/// CPython's `FRAME_OWNED_BY_FRAME_OBJECT`: the interpreter frame lives
/// inside its frame object.
const FRAME_OWNED_BY_FRAME_OBJECT: c_char = 2;

/// `PyFrame_Type`: `frame`.
#[unsafe(no_mangle)]
pub static PyFrame_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(c"frame", size_of::<PyFrameObject>(), 0, frame_dealloc);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_members = FRAME_MEMBERS.get().cast();
    ty.tp_getset = FRAME_GETSET.get().cast();
    ty
});

/// `PyFrame_New(tstate, code, globals, locals)`: a frame of `code` with
/// `globals` and `locals` (NULL for none), at line 0 (read as the code
/// object's first line until C code sets `f_lineno`). `tstate` is unused,
/// as in CPython 3.11.
///
/// Fails (NULL) with `SystemError` when `code` is not a code object or
/// `globals` not a dict (CPython asserts both), or `MemoryError`.
///
/// # Safety
/// `code`, `globals` and `locals` must each be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFrame_New(
    _tstate: *mut PyThreadState,
    code: *mut PyCodeObject,
    globals: *mut PyObject,
    locals: *mut PyObject,
) -> *mut PyFrameObject {
    // SAFETY: NULL or live per the contract.
    let valid = unsafe {
        !code.is_null() && is_code(code.cast()) && !globals.is_null() && is_dict(globals)
    };
    if !valid {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let op = alloc(PyFrame_Type.get(), size_of::<PyFrameObject>());
    if op.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: a fresh frame; the three objects are live and each gets the
    // reference the frame keeps.
    unsafe {
        Py_IncRef(code.cast());
        Py_IncRef(globals);
        if !locals.is_null() {
            Py_IncRef(locals);
        }
        let f = op.cast::<PyFrameObject>();
        ptr::write(
            f,
            PyFrameObject {
                ob_base: ptr::read(op),
                f_back: ptr::null_mut(),
                f_frame: ptr::null_mut(),
                f_trace: ptr::null_mut(),
                f_lineno: 0,
                f_trace_lines: 1,
                f_trace_opcodes: 0,
                f_fast_as_locals: 0,
                data: InterpreterFrame {
                    f_func: ptr::null_mut(),
                    f_globals: globals,
                    f_builtins: ptr::null_mut(),
                    f_locals: locals,
                    f_code: code,
                    frame_obj: f,
                    previous: ptr::null_mut(),
                    prev_instr: ptr::null_mut(),
                    stacktop: 0,
                    is_entry: false,
                    owner: FRAME_OWNED_BY_FRAME_OBJECT,
                },
            },
        );
        (*f).f_frame = &raw mut (*f).data;
        f
    }
}

/// `PyFrame_GetLineNumber(frame)`: `f_lineno` when C code set it, else
/// the code object's first line (no instruction ever ran).
///
/// # Safety
/// `frame` must be a live frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFrame_GetLineNumber(frame: *mut PyFrameObject) -> c_int {
    // SAFETY: per the contract; a frame always holds its code object.
    unsafe {
        if (*frame).f_lineno != 0 {
            (*frame).f_lineno
        } else {
            first_line((*frame).data.f_code)
        }
    }
}

/// `PyFrame_GetCode(frame)`: the frame's code object (a new reference).
///
/// # Safety
/// `frame` must be a live frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFrame_GetCode(frame: *mut PyFrameObject) -> *mut PyCodeObject {
    // SAFETY: per the contract.
    unsafe {
        Py_IncRef((*frame).data.f_code.cast());
        (*frame).data.f_code
    }
}

/// `PyFrame_GetBack(frame)`: the calling frame, a new reference: always
/// NULL (without an error), as no Python frame runs.
///
/// # Safety
/// `frame` must be a live frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFrame_GetBack(frame: *mut PyFrameObject) -> *mut PyFrameObject {
    // SAFETY: per the contract; f_back is always NULL here.
    unsafe { (*frame).f_back }
}

/// `PyFrame_GetGlobals(frame)`: the frame's globals (a new reference).
///
/// # Safety
/// `frame` must be a live frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFrame_GetGlobals(frame: *mut PyFrameObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        Py_IncRef((*frame).data.f_globals);
        (*frame).data.f_globals
    }
}

/// `PyFrame_GetLasti(frame)`: the offset of the last instruction run: 0,
/// what CPython 3.11 reports for a frame made by `PyFrame_New`.
///
/// # Safety
/// `frame` must be a live frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFrame_GetLasti(_frame: *mut PyFrameObject) -> c_int {
    0
}

/// The first line of the code `frame` runs.
///
/// # Safety
/// `frame` must be a live frame.
pub(crate) unsafe fn frame_first_line(frame: *mut PyFrameObject) -> c_int {
    // SAFETY: per the contract; a frame always holds its code object.
    unsafe { first_line((*frame).data.f_code) }
}

/// The code object `frame` runs (borrowed).
///
/// # Safety
/// `frame` must be a live frame.
pub(crate) unsafe fn frame_code(frame: *mut PyFrameObject) -> *mut PyCodeObject {
    // SAFETY: per the contract; a frame always holds its code object.
    unsafe { (*frame).data.f_code }
}
