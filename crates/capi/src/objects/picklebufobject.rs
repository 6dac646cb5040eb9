//! `pickle.PickleBuffer` (PEP 574; CPython's `Objects/picklebufobject.c`):
//! a wrapper around another object's buffer that marks it as a candidate
//! for out-of-band pickling.
//!
//! The object holds a `Py_buffer` acquired from the wrapped object with
//! `PyBUF_FULL_RO` when it is made and released by `release()`,
//! `PyPickleBuffer_Release`, garbage collection or deallocation. It exports
//! buffers itself by asking the wrapped object again with the consumer's
//! flags, so a consumer sees the wrapped object's own buffer (its `obj` is
//! the wrapped object, and its release goes there). `raw()` gives a
//! memoryview of the bytes underneath, whatever the wrapped format and
//! shape, for a contiguous buffer.
//!
//! There is no `pickle` module here, so the type is reachable from C only
//! (`PyPickleBuffer_Type`, and the class of the objects made from it); its
//! `tp_name` is CPython's, `pickle.PickleBuffer`.

#![allow(non_upper_case_globals)]

use std::ffi::{c_char, c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::buffer::{PyBuffer_IsContiguous, PyBuffer_Release, PyObject_GetBuffer};
use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack, visit_each};
use crate::objects::object::{Py_DecRef, PyObject_GenericGetAttr, tp_name, type_of};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Type};
use crate::python::errors;

unsafe extern "C" {
    fn PyArg_ParseTupleAndKeywords(
        args: *mut PyObject,
        kw: *mut PyObject,
        format: *const c_char,
        kwlist: *mut *mut c_char,
        ...
    ) -> c_int;
}

/// CPython's `PyPickleBufferObject`.
#[repr(C)]
struct PyPickleBufferObject {
    ob_base: PyObject,
    /// The view exported by the wrapped object; `view.obj` is NULL once
    /// released.
    view: Py_buffer,
    /// The head of the list of weak references to this object.
    weakreflist: *mut PyObject,
}

/// The message of every operation on a released PickleBuffer.
const RELEASED: &str = "operation forbidden on released PickleBuffer object";

/// True when `op` is a PickleBuffer (exactly: the type cannot be
/// subclassed).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_picklebuffer(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { type_of(op) == PyPickleBuffer_Type.get() }
}

/// The view of a PickleBuffer (raw: C code may hold pointers into it).
///
/// # Safety
/// `op` must be a live PickleBuffer.
unsafe fn view_of(op: *mut PyObject) -> *mut Py_buffer {
    // SAFETY: live per the contract.
    unsafe { &raw mut (*op.cast::<PyPickleBufferObject>()).view }
}

/// Allocates a PickleBuffer of type `ty` over `base`'s buffer (CPython's
/// shared body of `PyPickleBuffer_FromObject` and `__new__`).
///
/// # Safety
/// `ty` must be `PyPickleBuffer_Type`; `base` a live object.
unsafe fn wrap(ty: *mut PyTypeObject, base: *mut PyObject) -> *mut PyObject {
    // SAFETY: a ready static type with a tp_alloc that zeroes the object
    // (so `view.obj` and `weakreflist` start NULL); `base` live.
    unsafe {
        let op = PyType_GenericAlloc(ty, 0);
        if op.is_null() {
            return op;
        }
        if PyObject_GetBuffer(base, view_of(op), PyBUF_FULL_RO) < 0 {
            (*view_of(op)).obj = ptr::null_mut();
            Py_DecRef(op);
            return ptr::null_mut();
        }
        op
    }
}

/// Sets CPython's `TypeError` for a non-PickleBuffer argument.
///
/// # Safety
/// `op` must be a live object.
unsafe fn expected_picklebuffer(op: *mut PyObject) {
    // SAFETY: live per the contract.
    let name = unsafe { tp_name(type_of(op), 200) };
    errors::raise(
        Exc::TypeError,
        format!("expected PickleBuffer, {name} found"),
    );
}

// ==========================================================================
// The C API
// ==========================================================================

/// `PyPickleBuffer_FromObject(base)`: a new PickleBuffer over `base`'s
/// buffer.
///
/// Fails (NULL) as `PyObject_GetBuffer(base, ..., PyBUF_FULL_RO)` does
/// (`TypeError` for an object without the buffer protocol).
///
/// # Safety
/// `base` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyPickleBuffer_FromObject(base: *mut PyObject) -> *mut PyObject {
    // SAFETY: the type, and `base` live per the contract.
    unsafe { wrap(PyPickleBuffer_Type.get(), base) }
}

/// `PyPickleBuffer_GetBuffer(obj)`: the view of the wrapped object
/// (borrowed; valid until the PickleBuffer is released or dies).
///
/// Fails (NULL) with `TypeError("expected PickleBuffer, T found")` for
/// another object and `ValueError` once released.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyPickleBuffer_GetBuffer(obj: *mut PyObject) -> *const Py_buffer {
    // SAFETY: live per the contract.
    unsafe {
        if !is_picklebuffer(obj) {
            expected_picklebuffer(obj);
            return ptr::null();
        }
        let view = view_of(obj);
        if (*view).obj.is_null() {
            return errors::fail_null::<Py_buffer>(Exc::ValueError, RELEASED);
        }
        view
    }
}

/// `PyPickleBuffer_Release(obj)`: releases the wrapped view (a no-op when
/// released already); 0.
///
/// Fails (-1) with `TypeError("expected PickleBuffer, T found")`.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyPickleBuffer_Release(obj: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    unsafe {
        if !is_picklebuffer(obj) {
            expected_picklebuffer(obj);
            return -1;
        }
        PyBuffer_Release(view_of(obj));
    }
    0
}

// ==========================================================================
// The type
// ==========================================================================

/// `PickleBuffer(obj, /)`.
unsafe extern "C" fn picklebuf_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    let mut keywords: [*mut c_char; 2] = [c"".as_ptr().cast_mut(), ptr::null_mut()];
    let mut base: *mut PyObject = ptr::null_mut();
    // SAFETY: tp_new's arguments; the format names one object slot, and
    // the one type with this tp_new is PickleBuffer (it has no subclasses).
    unsafe {
        if PyArg_ParseTupleAndKeywords(
            args,
            kwds,
            c"O:PickleBuffer".as_ptr(),
            keywords.as_mut_ptr(),
            &raw mut base,
        ) == 0
        {
            return ptr::null_mut();
        }
        wrap(ty, base)
    }
}

unsafe extern "C" fn picklebuf_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced PickleBuffer, GC-allocated by tp_alloc.
    unsafe {
        gc_untrack(op);
        if !(*op.cast::<PyPickleBufferObject>()).weakreflist.is_null() {
            crate::objects::weakrefobject::PyObject_ClearWeakRefs(op);
        }
        PyBuffer_Release(view_of(op));
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn picklebuf_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live PickleBuffer; `visit` is the caller's visitor.
    unsafe { visit_each(&[(*view_of(op)).obj], visit, arg) }
}

unsafe extern "C" fn picklebuf_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live PickleBuffer.
    unsafe { PyBuffer_Release(view_of(op)) };
    0
}

/// `bf_getbuffer`: the wrapped object's buffer with the consumer's flags.
unsafe extern "C" fn picklebuf_getbuf(
    op: *mut PyObject,
    view: *mut Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: a live PickleBuffer and the consumer's writable view.
    unsafe {
        let base = (*view_of(op)).obj;
        if base.is_null() {
            return errors::fail(Exc::ValueError, RELEASED);
        }
        PyObject_GetBuffer(base, view, flags)
    }
}

/// `bf_releasebuffer`: never called, since the consumer's view belongs to
/// the wrapped object; it exists, as in CPython, so that the type counts as
/// one whose buffers need releasing (`getargs`' `s*` and friends check).
unsafe extern "C" fn picklebuf_releasebuf(_op: *mut PyObject, _view: *mut Py_buffer) {}

static PICKLEBUF_AS_BUFFER: StaticObject<PyBufferProcs> = StaticObject::new(PyBufferProcs {
    bf_getbuffer: Some(picklebuf_getbuf),
    bf_releasebuffer: Some(picklebuf_releasebuf),
});

/// `raw()`: a memoryview of the wrapped bytes, format `B`, one dimension.
/// `BufferError` for a non-contiguous buffer or one with suboffsets.
unsafe extern "C" fn picklebuf_raw(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live PickleBuffer; its view is filled while `obj` is set.
    unsafe {
        let view = view_of(op);
        if (*view).obj.is_null() {
            return errors::fail_null(Exc::ValueError, RELEASED);
        }
        if !(*view).suboffsets.is_null() || PyBuffer_IsContiguous(view, b'A' as c_char) == 0 {
            return errors::fail_null(
                Exc::BufferError,
                "cannot extract raw buffer from non-contiguous buffer",
            );
        }
        let m = crate::objects::memoryobject::PyMemoryView_FromObject(op);
        if m.is_null() {
            return m;
        }
        // A fresh memoryview over the same (contiguous, suboffset-free)
        // buffer, seen by no one yet.
        crate::objects::memoryobject::make_raw_bytes(m);
        m
    }
}

/// `release()`: releases the wrapped view; None.
unsafe extern "C" fn picklebuf_release(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live PickleBuffer.
    unsafe {
        PyBuffer_Release(view_of(op));
        crate::objects::object::none()
    }
}

static PICKLEBUF_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"raw".as_ptr(),
        ml_meth: Some(picklebuf_raw),
        ml_flags: METH_NOARGS,
        ml_doc: c"raw($self, /)\n--\n\nReturn a memoryview of the raw memory underlying this buffer.\nWill raise BufferError is the buffer isn't contiguous.".as_ptr(),
    },
    PyMethodDef {
        ml_name: c"release".as_ptr(),
        ml_meth: Some(picklebuf_release),
        ml_flags: METH_NOARGS,
        ml_doc: c"release($self, /)\n--\n\nRelease the underlying buffer exposed by the PickleBuffer object.".as_ptr(),
    },
    crate::python::clinic::METHOD_END,
]);

/// `PyPickleBuffer_Type`: `pickle.PickleBuffer`.
#[unsafe(no_mangle)]
pub static PyPickleBuffer_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"pickle.PickleBuffer".as_ptr();
    ty.tp_doc = c"Wrapper for potentially out-of-band buffers".as_ptr();
    ty.tp_basicsize = size_of::<PyPickleBufferObject>() as Py_ssize_t;
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_new = Some(picklebuf_new);
    ty.tp_dealloc = Some(picklebuf_dealloc);
    ty.tp_traverse = Some(picklebuf_traverse);
    ty.tp_clear = Some(picklebuf_clear);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_weaklistoffset = offset_of!(PyPickleBufferObject, weakreflist) as Py_ssize_t;
    ty.tp_as_buffer = PICKLEBUF_AS_BUFFER.get();
    ty.tp_methods = PICKLEBUF_METHODS.get().cast();
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});
