//! `staticmethod` (from CPython's `Objects/funcobject.c`): what a
//! `METH_STATIC` entry of `tp_methods` becomes in its type's dict. Getting
//! it from the class or an instance gives the wrapped function unbound;
//! calling it calls the function.

#![allow(non_upper_case_globals)]

use std::ffi::c_int;
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::call::PyObject_Call;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::object::{Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, repr};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Type};
use crate::objects::unicodeobject::unicode_from_str;

/// A `staticmethod` object.
#[repr(C)]
struct StaticMethodObject {
    ob_base: PyObject,
    sm_callable: *mut PyObject,
    sm_dict: *mut PyObject,
}

/// The wrapped callable.
///
/// # Safety
/// `op` must be a live staticmethod.
unsafe fn callable_of(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { (*op.cast::<StaticMethodObject>()).sm_callable }
}

unsafe extern "C" fn sm_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced staticmethod.
    unsafe {
        gc_untrack(op);
        let sm = op.cast::<StaticMethodObject>();
        Py_DecRef((*sm).sm_callable);
        Py_DecRef((*sm).sm_dict);
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn sm_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: a live staticmethod; `visit` is the caller's visitor.
    unsafe {
        let sm = op.cast::<StaticMethodObject>();
        for o in [(*sm).sm_callable, (*sm).sm_dict] {
            if !o.is_null() {
                let r = visit(o, arg);
                if r != 0 {
                    return r;
                }
            }
        }
    }
    0
}

/// `staticmethod.__get__`: the callable itself.
unsafe extern "C" fn sm_descr_get(
    op: *mut PyObject,
    _obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live staticmethod.
    unsafe {
        let c = callable_of(op);
        Py_IncRef(c);
        c
    }
}

/// `staticmethod.__call__`: calls the callable.
unsafe extern "C" fn sm_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live staticmethod and the call's arguments.
    unsafe { PyObject_Call(callable_of(op), args, kwargs) }
}

/// `repr(staticmethod)`: `<staticmethod(<repr of the callable>)>`.
unsafe extern "C" fn sm_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live staticmethod.
    match unsafe { repr(callable_of(op)) } {
        Some(r) => unicode_from_str(&format!("<staticmethod({r})>")),
        None => ptr::null_mut(),
    }
}

static SM_MEMBERS: StaticObject<[PyMemberDef; 3]> = StaticObject::new([
    PyMemberDef::new(
        c"__func__",
        T_OBJECT,
        offset_of!(StaticMethodObject, sm_callable),
        READONLY,
    ),
    PyMemberDef::new(
        c"__wrapped__",
        T_OBJECT,
        offset_of!(StaticMethodObject, sm_callable),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

/// `PyStaticMethod_Type`: `staticmethod`.
#[unsafe(no_mangle)]
pub static PyStaticMethod_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"staticmethod".as_ptr();
    ty.tp_basicsize = size_of::<StaticMethodObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(sm_dealloc);
    ty.tp_repr = Some(sm_repr);
    ty.tp_call = Some(sm_call);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(sm_traverse);
    ty.tp_members = SM_MEMBERS.get().cast();
    ty.tp_descr_get = Some(sm_descr_get);
    ty.tp_dictoffset = offset_of!(StaticMethodObject, sm_dict) as Py_ssize_t;
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

/// `PyStaticMethod_New(callable)`: a `staticmethod` wrapping `callable`.
///
/// Fails (NULL) with `MemoryError`.
///
/// # Safety
/// `callable` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyStaticMethod_New(callable: *mut PyObject) -> *mut PyObject {
    if callable.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: a static type; the new object is zeroed.
    unsafe {
        let sm = PyType_GenericAlloc(PyStaticMethod_Type.get(), 0);
        if !sm.is_null() {
            Py_IncRef(callable);
            (*sm.cast::<StaticMethodObject>()).sm_callable = callable;
        }
        sm
    }
}
