//! Capsules (CPython's `Objects/capsule.c`): a `void *` with a name, an
//! optional context and destructor, wrapped as an object so that one
//! extension can hand a C interface to another.
//!
//! `PyCapsule_Import("module.attr")` finds the module among those loaded
//! in this process ([`crate::python::import`]: there is no import system
//! to load one on demand), then follows the attributes.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_int, c_void};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::{_PyObject_New, Owned, PyObject_GetAttrString, c_text, type_of};
use crate::objects::obmalloc::PyObject_Free;
use crate::objects::typeobject::PyType_Type;
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;
use crate::python::import;

/// A capsule (opaque to C, as in CPython).
#[repr(C)]
struct PyCapsule {
    ob_base: PyObject,
    pointer: *mut c_void,
    name: *const c_char,
    context: *mut c_void,
    destructor: Option<PyCapsule_Destructor>,
}

/// Whether both names are NULL or equal strings.
///
/// # Safety
/// Both must be NULL or NUL-terminated.
unsafe fn name_matches(a: *const c_char, b: *const c_char) -> bool {
    if a.is_null() || b.is_null() {
        return a == b;
    }
    // SAFETY: per the contract.
    unsafe { CStr::from_ptr(a) == CStr::from_ptr(b) }
}

/// The capsule behind `o`, or None with CPython's `ValueError("<fn> called
/// with invalid PyCapsule object")` for anything else (or a capsule whose
/// pointer is NULL).
///
/// # Safety
/// `o` must be NULL or a live object.
unsafe fn legal(o: *mut PyObject, func: &str) -> Option<*mut PyCapsule> {
    // SAFETY: per the contract.
    let ok = !o.is_null()
        && unsafe { type_of(o) } == PyCapsule_Type.get()
        // SAFETY: a live capsule (checked just above), so its fields are readable.
        && !unsafe { (*o.cast::<PyCapsule>()).pointer }.is_null();
    if !ok {
        errors::raise(
            Exc::ValueError,
            format!("{func} called with invalid PyCapsule object"),
        );
        return None;
    }
    Some(o.cast())
}

unsafe extern "C" fn capsule_dealloc(o: *mut PyObject) {
    // SAFETY: an unreferenced capsule; the destructor is its owner's.
    unsafe {
        if let Some(d) = (*o.cast::<PyCapsule>()).destructor {
            d(o);
        }
        PyObject_Free(o.cast());
    }
}

unsafe extern "C" fn capsule_repr(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live capsule.
    let name = unsafe { (*o.cast::<PyCapsule>()).name };
    let shown = if name.is_null() {
        "NULL".to_string()
    } else {
        // SAFETY: a NUL-terminated name.
        format!("\"{}\"", unsafe { c_text(name, usize::MAX) })
    };
    unicode_from_str(&format!("<capsule object {shown} at {o:p}>"))
}

/// `PyCapsule_Type`: `PyCapsule`.
#[unsafe(no_mangle)]
pub static PyCapsule_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"PyCapsule".as_ptr();
    ty.tp_basicsize = size_of::<PyCapsule>() as Py_ssize_t;
    ty.tp_dealloc = Some(capsule_dealloc);
    ty.tp_repr = Some(capsule_repr);
    ty.tp_doc = c"Capsule objects let you wrap a C \"void *\" pointer in a Python\nobject.  They're a way of passing data through the Python interpreter\nwithout creating your own custom type.\n\nCapsules are used for communication between extension modules.\nThey provide a way for an extension module to export a C interface\nto other extension modules, so that extension modules can use the\nPython import mechanism to link to one another.\n".as_ptr();
    ty
});

/// `PyCapsule_New(pointer, name, destructor)`: a capsule. `name` is not
/// copied: it must outlive the capsule.
///
/// Fails (NULL) with `ValueError("PyCapsule_New called with null
/// pointer")` or `MemoryError`.
///
/// # Safety
/// `name` must be NULL or a NUL-terminated string that outlives the
/// capsule.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_New(
    pointer: *mut c_void,
    name: *const c_char,
    destructor: Option<PyCapsule_Destructor>,
) -> *mut PyObject {
    if pointer.is_null() {
        return errors::fail_null(Exc::ValueError, "PyCapsule_New called with null pointer");
    }
    // SAFETY: a static type; the new object's fields are written at once.
    unsafe {
        let o = _PyObject_New(PyCapsule_Type.get());
        if o.is_null() {
            return o;
        }
        let c = o.cast::<PyCapsule>();
        (*c).pointer = pointer;
        (*c).name = name;
        (*c).context = ptr::null_mut();
        (*c).destructor = destructor;
        o
    }
}

/// `PyCapsule_IsValid(o, name)`: 1 when `o` is a capsule with a pointer
/// and that name (NULL matches only NULL), else 0. Never fails.
///
/// # Safety
/// `o` must be NULL or a live object; `name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_IsValid(o: *mut PyObject, name: *const c_char) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        (!o.is_null()
            && type_of(o) == PyCapsule_Type.get()
            && !(*o.cast::<PyCapsule>()).pointer.is_null()
            && name_matches((*o.cast::<PyCapsule>()).name, name)) as c_int
    }
}

/// `PyCapsule_GetPointer(o, name)`: the pointer, if the name matches.
///
/// Fails (NULL) with `ValueError("PyCapsule_GetPointer called with
/// invalid PyCapsule object")` or `("... called with incorrect name")`.
///
/// # Safety
/// `o` must be NULL or a live object; `name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_GetPointer(
    o: *mut PyObject,
    name: *const c_char,
) -> *mut c_void {
    // SAFETY: per the contract.
    unsafe {
        let Some(c) = legal(o, "PyCapsule_GetPointer") else {
            return ptr::null_mut();
        };
        if !name_matches(name, (*c).name) {
            return errors::fail_null(
                Exc::ValueError,
                "PyCapsule_GetPointer called with incorrect name",
            );
        }
        (*c).pointer
    }
}

/// `PyCapsule_GetName(o)`: the name (may be NULL without an error).
///
/// Fails (NULL) with `ValueError("PyCapsule_GetName called with invalid
/// PyCapsule object")`.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_GetName(o: *mut PyObject) -> *const c_char {
    // SAFETY: per the contract.
    unsafe { legal(o, "PyCapsule_GetName").map_or(ptr::null(), |c| (*c).name) }
}

/// `PyCapsule_GetDestructor(o)`: the destructor (may be NULL without an
/// error).
///
/// Fails (NULL) with `ValueError("PyCapsule_GetDestructor called with
/// invalid PyCapsule object")`.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_GetDestructor(o: *mut PyObject) -> Option<PyCapsule_Destructor> {
    // SAFETY: per the contract.
    unsafe { legal(o, "PyCapsule_GetDestructor").and_then(|c| (*c).destructor) }
}

/// `PyCapsule_GetContext(o)`: the context (may be NULL without an error).
///
/// Fails (NULL) with `ValueError("PyCapsule_GetContext called with
/// invalid PyCapsule object")`.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_GetContext(o: *mut PyObject) -> *mut c_void {
    // SAFETY: per the contract.
    unsafe { legal(o, "PyCapsule_GetContext").map_or(ptr::null_mut(), |c| (*c).context) }
}

/// `PyCapsule_SetPointer(o, pointer)`.
///
/// Fails (-1) with `ValueError("PyCapsule_SetPointer called with null
/// pointer")` or `("... called with invalid PyCapsule object")`.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_SetPointer(o: *mut PyObject, pointer: *mut c_void) -> c_int {
    if pointer.is_null() {
        return errors::fail(
            Exc::ValueError,
            "PyCapsule_SetPointer called with null pointer",
        );
    }
    // SAFETY: per the contract.
    unsafe {
        let Some(c) = legal(o, "PyCapsule_SetPointer") else {
            return -1;
        };
        (*c).pointer = pointer;
    }
    0
}

/// `PyCapsule_SetName(o, name)`: `name` must outlive the capsule.
///
/// Fails (-1) with `ValueError("PyCapsule_SetName called with invalid
/// PyCapsule object")`.
///
/// # Safety
/// `o` must be NULL or a live object; `name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_SetName(o: *mut PyObject, name: *const c_char) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let Some(c) = legal(o, "PyCapsule_SetName") else {
            return -1;
        };
        (*c).name = name;
    }
    0
}

/// `PyCapsule_SetDestructor(o, destructor)`.
///
/// Fails (-1) with `ValueError("PyCapsule_SetDestructor called with
/// invalid PyCapsule object")`.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_SetDestructor(
    o: *mut PyObject,
    destructor: Option<PyCapsule_Destructor>,
) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let Some(c) = legal(o, "PyCapsule_SetDestructor") else {
            return -1;
        };
        (*c).destructor = destructor;
    }
    0
}

/// `PyCapsule_SetContext(o, context)`.
///
/// Fails (-1) with `ValueError("PyCapsule_SetContext called with invalid
/// PyCapsule object")`.
///
/// # Safety
/// `o` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_SetContext(o: *mut PyObject, context: *mut c_void) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let Some(c) = legal(o, "PyCapsule_SetContext") else {
            return -1;
        };
        (*c).context = context;
    }
    0
}

/// `PyCapsule_Import(name, no_block)`: the pointer of the capsule at the
/// dotted path `name` (`"module.attr"`), whose own name must be `name`.
/// The module must be loaded in this process already (see the module
/// docs); `no_block` is ignored, as in CPython 3.11.
///
/// Fails (NULL) with `ImportError("PyCapsule_Import could not import
/// module \"m\"")`, the `AttributeError` of a missing attribute, or
/// `AttributeError("PyCapsule_Import \"name\" is not valid")`.
///
/// # Safety
/// `name` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCapsule_Import(name: *const c_char, _no_block: c_int) -> *mut c_void {
    if name.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: per the contract.
    let full = unsafe { CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned();
    let mut parts = full.split('.');
    let first = parts.next().unwrap_or_default();
    let Some(mut object) = import::loaded_module(first) else {
        return errors::fail_null(
            Exc::ImportError,
            format!("PyCapsule_Import could not import module \"{first}\""),
        );
    };
    for part in parts {
        let Ok(c_part) = std::ffi::CString::new(part) else {
            return errors::fail_null(Exc::ValueError, "embedded null character");
        };
        // SAFETY: a live object and a NUL-terminated name.
        match Owned::new(unsafe { PyObject_GetAttrString(object.as_ptr(), c_part.as_ptr()) }) {
            Some(next) => object = next,
            None => return ptr::null_mut(),
        }
    }
    // SAFETY: a live object and the NUL-terminated name.
    if unsafe { PyCapsule_IsValid(object.as_ptr(), name) } != 0 {
        // SAFETY: a valid capsule.
        return unsafe { (*object.as_ptr().cast::<PyCapsule>()).pointer };
    }
    errors::fail_null(
        Exc::AttributeError,
        format!("PyCapsule_Import \"{full}\" is not valid"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::moduleobject::PyModule_New;
    use crate::objects::object::{Py_DecRef, PyObject_SetAttrString};
    use crate::python::errors::take_error;
    use crate::python::import::{register_module, unregister_module};

    #[test]
    fn import_finds_capsules_of_loaded_modules() {
        static mut PAYLOAD: u32 = 5;
        // SAFETY: a module and capsule made and released here; the names
        // are static.
        unsafe {
            let m = PyModule_New(c"capmod".as_ptr());
            let sub = PyModule_New(c"capmod.sub".as_ptr());
            let c = PyCapsule_New((&raw mut PAYLOAD).cast(), c"capmod.sub.api".as_ptr(), None);
            assert_eq!(PyObject_SetAttrString(sub, c"api".as_ptr(), c), 0);
            assert_eq!(PyObject_SetAttrString(m, c"sub".as_ptr(), sub), 0);
            assert!(PyCapsule_Import(c"capmod.sub.api".as_ptr(), 0).is_null());
            let e = take_error().unwrap();
            assert_eq!(
                e.message,
                "PyCapsule_Import could not import module \"capmod\""
            );
            register_module("capmod", m);
            assert_eq!(
                PyCapsule_Import(c"capmod.sub.api".as_ptr(), 0),
                (&raw mut PAYLOAD).cast()
            );
            assert!(PyCapsule_Import(c"capmod.sub.nope".as_ptr(), 0).is_null());
            assert_eq!(take_error().unwrap().kind, Exc::AttributeError);
            assert!(PyCapsule_Import(c"capmod.sub".as_ptr(), 0).is_null());
            let e = take_error().unwrap();
            assert_eq!(e.message, "PyCapsule_Import \"capmod.sub\" is not valid");
            assert_eq!(PyCapsule_SetName(c, c"other".as_ptr()), 0);
            assert!(PyCapsule_Import(c"capmod.sub.api".as_ptr(), 0).is_null());
            assert_eq!(take_error().unwrap().kind, Exc::AttributeError);
            unregister_module("capmod", m);
            Py_DecRef(c);
            Py_DecRef(sub);
            Py_DecRef(m);
        }
    }
}
