//! Adding objects to extension modules: `PyModule_AddObjectRef` and the
//! other `PyModule_Add*` helpers (CPython's `Python/modsupport.c`).

use std::ffi::{CStr, c_char, c_int, c_long};

use crate::ffi::*;
use crate::objects::dictobject::PyDict_SetItemString;
use crate::objects::exceptions::Exc;
use crate::objects::longobject::PyLong_FromLong;
use crate::objects::moduleobject;
use crate::objects::object::Py_DecRef;
use crate::objects::typeobject::PyType_Ready;
use crate::objects::unicodeobject::PyUnicode_FromString;
use crate::python::errors::{self, fail};

/// `PyModule_AddObjectRef(module, name, value)`: sets the attribute `name`
/// to `value` (a new reference is taken; an earlier value of that name is
/// replaced and released). Returns 0.
///
/// Fails (-1) with `TypeError("PyModule_AddObjectRef() first argument must
/// be a module")`, `SystemError` for a NULL `name`, and, for a NULL `value`,
/// keeps the pending error or sets `SystemError("PyModule_AddObjectRef()
/// must be called with an exception raised if value is NULL")`.
///
/// # Safety
/// `module` and `value` must be NULL or live objects; `name` NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddObjectRef(
    module: *mut PyObject,
    name: *const c_char,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded contract.
    if !unsafe { moduleobject::is_module(module) } {
        return fail(
            Exc::TypeError,
            "PyModule_AddObjectRef() first argument must be a module",
        );
    }
    if value.is_null() {
        if errors::PyErr_Occurred().is_null() {
            return fail(
                Exc::SystemError,
                "PyModule_AddObjectRef() must be called with an exception raised if value is NULL",
            );
        }
        return -1;
    }
    if name.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: a live module.
    let dict = unsafe { moduleobject::PyModule_GetDict(module) };
    if dict.is_null() {
        // SAFETY: a live module.
        let mname = unsafe {
            crate::objects::object::c_text(moduleobject::PyModule_GetName(module), usize::MAX)
        };
        errors::PyErr_Clear();
        return fail(
            Exc::SystemError,
            format!("module '{mname}' has no __dict__"),
        );
    }
    // SAFETY: a live dict, a NUL-terminated name and a live value.
    if unsafe { PyDict_SetItemString(dict, name, value) } != 0 {
        return -1;
    }
    0
}

/// `PyModule_AddObject(module, name, value)`: as
/// [`PyModule_AddObjectRef`], but steals the reference to `value` on
/// success only (on failure the caller still owns it). Fails as
/// [`PyModule_AddObjectRef`].
///
/// # Safety
/// As [`PyModule_AddObjectRef`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddObject(
    module: *mut PyObject,
    name: *const c_char,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: forwarded contract.
    let res = unsafe { PyModule_AddObjectRef(module, name, value) };
    if res == 0 {
        // SAFETY: the stolen reference; the module holds its own.
        unsafe { Py_DecRef(value) };
    }
    res
}

/// `PyModule_AddIntConstant(module, name, value)`: adds an `int`. Fails (-1)
/// as [`PyModule_AddObjectRef`] or with `MemoryError`.
///
/// # Safety
/// As [`PyModule_AddObjectRef`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddIntConstant(
    module: *mut PyObject,
    name: *const c_char,
    value: c_long,
) -> c_int {
    // SAFETY: forwarded contract; the int is a new reference.
    unsafe { add_new_reference(module, name, PyLong_FromLong(value)) }
}

/// Adds `obj`, a new reference or NULL (a failed constructor, whose error is
/// set), to `module` and drops the reference.
///
/// # Safety
/// As [`PyModule_AddObjectRef`]; `obj` NULL or a new reference.
unsafe fn add_new_reference(
    module: *mut PyObject,
    name: *const c_char,
    obj: *mut PyObject,
) -> c_int {
    if obj.is_null() {
        return -1;
    }
    // SAFETY: forwarded contract.
    let res = unsafe { PyModule_AddObjectRef(module, name, obj) };
    // SAFETY: `obj` is the new reference handed to us.
    unsafe { Py_DecRef(obj) };
    res
}

/// `PyModule_AddStringConstant(module, name, value)`: adds a `str` decoded
/// from UTF-8. Fails (-1) as [`PyModule_AddObjectRef`], or as
/// `PyUnicode_FromString` (`UnicodeDecodeError`, `SystemError` for NULL).
///
/// # Safety
/// As [`PyModule_AddObjectRef`]; `value` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddStringConstant(
    module: *mut PyObject,
    name: *const c_char,
    value: *const c_char,
) -> c_int {
    // SAFETY: forwarded contract; the str is a new reference.
    unsafe { add_new_reference(module, name, PyUnicode_FromString(value)) }
}

/// `PyModule_AddType(module, type)`: readies `type` and adds it under the
/// last dotted component of its `tp_name` (`"imageops.Image"` → `Image`).
///
/// Fails (-1) with `SystemError` for a NULL type, or as
/// [`PyModule_AddObjectRef`].
///
/// # Safety
/// `module` must be NULL or a live object; `ty` NULL or a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyModule_AddType(module: *mut PyObject, ty: *mut PyTypeObject) -> c_int {
    // SAFETY: forwarded contract.
    if unsafe { PyType_Ready(ty) } < 0 {
        return -1;
    }
    // SAFETY: a live type object.
    let full = unsafe { (*ty).tp_name };
    if full.is_null() {
        return fail(Exc::SystemError, "PyModule_AddType: the type has no name");
    }
    // SAFETY: NUL-terminated.
    let bytes = unsafe { CStr::from_ptr(full) }.to_bytes();
    let start = bytes.iter().rposition(|&b| b == b'.').map_or(0, |i| i + 1);
    // SAFETY: a suffix of a NUL-terminated string is NUL-terminated.
    let short = unsafe { full.add(start) };
    // SAFETY: forwarded contract.
    unsafe { PyModule_AddObjectRef(module, short, ty as *mut PyObject) }
}
