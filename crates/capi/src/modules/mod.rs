//! Standard-library extension modules the library implements itself
//! (CPython's `Modules/`), made when C code first imports them.

pub mod abcmodule;
pub mod arraymodule;
pub mod binascii;
pub mod bytesio;
pub mod collections_abc;
pub mod copymodule;
pub mod datetime;
pub mod enummodule;
#[cfg(any(target_os = "linux", target_os = "android"))]
pub mod errnomodule;
pub mod functoolsmodule;
pub mod iomodule;
pub mod mathmodule;
mod native;
pub mod numbersmodule;
pub mod operatormodule;
pub mod stringmodule;
pub mod structmodule;
// Linux only: it uses `clock_nanosleep` and `pthread_getcpuclockid`.
#[cfg(target_os = "linux")]
pub mod timemodule;
pub mod typesmodule;
pub mod unicodedata;
mod unicodedata_db;
pub mod zlibmodule;

use std::sync::Mutex;

use crate::ffi::PyObject;

// ==========================================================================
// Objects made once
// ==========================================================================

/// An object (a module, a module's exception class) made on its first use
/// and then kept for the life of the process, as CPython keeps a
/// single-phase module or its module state.
///
/// The lock is held while the object is made, so two threads never both
/// make it; the maker must therefore not ask for the same object again.
pub(crate) struct MadeOnce(Mutex<usize>);

impl MadeOnce {
    pub(crate) const fn new() -> Self {
        Self(Mutex::new(0))
    }

    /// The object as a borrowed reference, made by `make` (which returns a
    /// new reference, kept here, or NULL with the error set) when it is
    /// not made yet. NULL with the error when making fails; a later call
    /// tries again.
    pub(crate) fn get_or_make(&self, make: impl FnOnce() -> *mut PyObject) -> *mut PyObject {
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if *held == 0 {
            let made = make();
            if made.is_null() {
                return made;
            }
            *held = made as usize;
        }
        *held as *mut PyObject
    }

    /// [`get_or_make`](Self::get_or_make) as a new reference.
    pub(crate) fn new_ref(&self, make: impl FnOnce() -> *mut PyObject) -> *mut PyObject {
        let o = self.get_or_make(make);
        if !o.is_null() {
            // SAFETY: this cell holds a reference for the process, so the
            // object is live.
            unsafe { crate::objects::object::Py_IncRef(o) };
        }
        o
    }

    /// The object if it is made (borrowed), else NULL; never makes it.
    pub(crate) fn made(&self) -> *mut PyObject {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) as *mut PyObject
    }
}
