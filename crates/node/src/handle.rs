//! `PyObjectHandle`: a JS object that owns one reference to a PyObject.
//!
//! This is how a PyObject reaches JS: an exporter made by `exporter()`, or
//! any object C code hands to JS (`PyObjectHandle::from_owned`). The
//! reference is dropped when the handle is garbage-collected (napi-rs runs
//! `Drop` in the object's finalizer, on the JS thread) or earlier by
//! `dispose()`.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use pybuffer::errors::Exc;
use pybuffer::ffi::{PyObject, PyTypeObject};
use pybuffer::object;

use crate::errors;

/// An owned reference to a PyObject.
#[napi]
pub struct PyObjectHandle {
    ptr: *mut PyObject,
}

impl PyObjectHandle {
    /// Wraps an owned (new) reference; the handle drops it.
    ///
    /// # Safety
    /// `ptr` must be a live object and the caller must own the reference it
    /// gives away.
    pub unsafe fn from_owned(ptr: *mut PyObject) -> Self {
        PyObjectHandle { ptr }
    }

    /// Wraps a borrowed reference, taking a new one.
    ///
    /// # Safety
    /// `ptr` must be a live object.
    pub unsafe fn from_borrowed(ptr: *mut PyObject) -> Self {
        // SAFETY: live per the contract.
        unsafe { object::Py_IncRef(ptr) };
        PyObjectHandle { ptr }
    }

    /// The object (borrowed), or a BufferError once disposed.
    pub fn get(&self) -> Result<*mut PyObject> {
        if self.ptr.is_null() {
            Err(errors::raise(Exc::BufferError, "the PyObject handle was disposed"))
        } else {
            Ok(self.ptr)
        }
    }

    /// The object (borrowed), or NULL once disposed.
    pub fn as_ptr(&self) -> *mut PyObject {
        self.ptr
    }
}

impl Drop for PyObjectHandle {
    fn drop(&mut self) {
        let ptr = std::mem::replace(&mut self.ptr, std::ptr::null_mut());
        // SAFETY: the handle owned this reference.
        unsafe { object::Py_DecRef(ptr) };
    }
}

#[napi]
impl PyObjectHandle {
    /// The object's type name, as Python prints it (`"pybuffer.Exporter"`,
    /// `"memoryview"`, …). Empty once disposed.
    #[napi(getter)]
    pub fn type_name(&self) -> String {
        if self.ptr.is_null() {
            return String::new();
        }
        // SAFETY: a live object; types outlive their instances.
        let ty = unsafe { (*self.ptr).ob_type } as *mut PyTypeObject;
        // SAFETY: a live type object.
        let name = unsafe { (*ty).tp_name };
        if name.is_null() {
            return "<unnamed>".into();
        }
        // SAFETY: tp_name is NUL-terminated.
        unsafe { std::ffi::CStr::from_ptr(name) }.to_string_lossy().into_owned()
    }

    /// The object's reference count (0 once disposed), for diagnostics.
    #[napi(getter)]
    pub fn refcnt(&self) -> i64 {
        if self.ptr.is_null() {
            return 0;
        }
        // SAFETY: a live object.
        unsafe { object::Py_REFCNT(self.ptr) as i64 }
    }

    /// Whether `dispose()` has run.
    #[napi(getter)]
    pub fn disposed(&self) -> bool {
        self.ptr.is_null()
    }

    /// Drops the reference now instead of at garbage collection. Views of
    /// the object keep their own references. A second call does nothing.
    #[napi]
    pub fn dispose(&mut self) {
        let ptr = std::mem::replace(&mut self.ptr, std::ptr::null_mut());
        // SAFETY: the handle owned this reference.
        unsafe { object::Py_DecRef(ptr) };
    }
}
