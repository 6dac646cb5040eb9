//! Compiling Python source (CPython's `Python/pythonrun.c`), which needs
//! an interpreter the library does not have.
//!
//! `Py_CompileString` is defined so that code calling it where failure is
//! an expected outcome loads and runs: nanobind 2.x and 3.x compile a
//! small `atexit` hook at module init and clear the error when that
//! fails, so without the symbol no nanobind extension could be loaded at
//! all. It reports the failure through the error indicator, as a compile
//! error would be reported; no source is ever compiled.

use std::ffi::{c_char, c_int};

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::python::errors;

/// `Py_CompileString(str, filename, start)`: NULL with
/// `RuntimeError("pybuffer has no interpreter: Python source cannot be
/// compiled")`, whatever the source.
#[unsafe(no_mangle)]
pub extern "C" fn Py_CompileString(
    _str: *const c_char,
    _filename: *const c_char,
    _start: c_int,
) -> *mut PyObject {
    errors::fail_null(
        Exc::RuntimeError,
        "pybuffer has no interpreter: Python source cannot be compiled",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiling_and_running_fail_through_the_error_indicator() {
        errors::PyErr_Clear();
        let r = Py_CompileString(c"x = 1\n".as_ptr(), c"<internal>".as_ptr(), 257);
        assert!(r.is_null());
        let e = errors::take_error().expect("an error is set");
        assert_eq!(e.kind, Exc::RuntimeError);
        assert_eq!(
            e.message,
            "pybuffer has no interpreter: Python source cannot be compiled"
        );
        let r = crate::python::ceval::PyEval_EvalCode(
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        );
        assert!(r.is_null());
        let e = errors::take_error().expect("an error is set");
        assert_eq!(e.kind, Exc::RuntimeError);
        assert_eq!(
            e.message,
            "pybuffer has no interpreter: code objects cannot be run"
        );
    }
}
