//! `pyerrors.h` (with `cpython/pyerrors.h`): the instance layouts of the
//! exception types, field for field as CPython 3.11 lays them out, so that C
//! code reading `((PyBaseExceptionObject *)e)->args` or an `OSError`'s
//! `myerrno` sees what CPython's would.

#![allow(non_camel_case_types)]

use std::ffi::c_char;

use crate::ffi::object::PyObject;
use crate::ffi::pyport::Py_ssize_t;

/// `PyBaseExceptionObject`: the header every exception instance starts
/// with (`PyException_HEAD`).
#[repr(C)]
#[derive(Debug)]
pub struct PyBaseExceptionObject {
    /// The object header.
    pub ob_base: PyObject,
    /// The instance `__dict__`, created on first attribute assignment.
    pub dict: *mut PyObject,
    /// `args`: always a tuple once the instance is built.
    pub args: *mut PyObject,
    /// `__notes__` (a list), or NULL.
    pub notes: *mut PyObject,
    /// `__traceback__`, or NULL.
    pub traceback: *mut PyObject,
    /// `__context__`, or NULL.
    pub context: *mut PyObject,
    /// `__cause__`, or NULL.
    pub cause: *mut PyObject,
    /// `__suppress_context__`.
    pub suppress_context: c_char,
}

/// `PyBaseExceptionGroupObject`.
#[repr(C)]
#[derive(Debug)]
pub struct PyBaseExceptionGroupObject {
    /// The common exception header.
    pub exc: PyBaseExceptionObject,
    /// `message`.
    pub msg: *mut PyObject,
    /// `exceptions` (a tuple).
    pub excs: *mut PyObject,
}

/// `PySyntaxErrorObject`.
#[repr(C)]
#[derive(Debug)]
pub struct PySyntaxErrorObject {
    /// The common exception header.
    pub exc: PyBaseExceptionObject,
    /// `msg`.
    pub msg: *mut PyObject,
    /// `filename`.
    pub filename: *mut PyObject,
    /// `lineno`.
    pub lineno: *mut PyObject,
    /// `offset`.
    pub offset: *mut PyObject,
    /// `end_lineno`.
    pub end_lineno: *mut PyObject,
    /// `end_offset`.
    pub end_offset: *mut PyObject,
    /// `text`.
    pub text: *mut PyObject,
    /// `print_file_and_line`.
    pub print_file_and_line: *mut PyObject,
}

/// `PyImportErrorObject`.
#[repr(C)]
#[derive(Debug)]
pub struct PyImportErrorObject {
    /// The common exception header.
    pub exc: PyBaseExceptionObject,
    /// `msg`.
    pub msg: *mut PyObject,
    /// `name`.
    pub name: *mut PyObject,
    /// `path`.
    pub path: *mut PyObject,
}

/// `PyUnicodeErrorObject`: `UnicodeEncodeError`, `UnicodeDecodeError` and
/// `UnicodeTranslateError`.
#[repr(C)]
#[derive(Debug)]
pub struct PyUnicodeErrorObject {
    /// The common exception header.
    pub exc: PyBaseExceptionObject,
    /// `encoding`.
    pub encoding: *mut PyObject,
    /// `object`.
    pub object: *mut PyObject,
    /// `start`.
    pub start: Py_ssize_t,
    /// `end`.
    pub end: Py_ssize_t,
    /// `reason`.
    pub reason: *mut PyObject,
}

/// `PySystemExitObject`.
#[repr(C)]
#[derive(Debug)]
pub struct PySystemExitObject {
    /// The common exception header.
    pub exc: PyBaseExceptionObject,
    /// `code`.
    pub code: *mut PyObject,
}

/// `PyOSErrorObject` (the POSIX layout: no `winerror`).
#[repr(C)]
#[derive(Debug)]
pub struct PyOSErrorObject {
    /// The common exception header.
    pub exc: PyBaseExceptionObject,
    /// `errno`.
    pub myerrno: *mut PyObject,
    /// `strerror`.
    pub strerror: *mut PyObject,
    /// `filename`.
    pub filename: *mut PyObject,
    /// `filename2`.
    pub filename2: *mut PyObject,
    /// `characters_written`, for `BlockingIOError` only; -1 otherwise.
    pub written: Py_ssize_t,
}

/// `PyStopIterationObject`.
#[repr(C)]
#[derive(Debug)]
pub struct PyStopIterationObject {
    /// The common exception header.
    pub exc: PyBaseExceptionObject,
    /// `value`.
    pub value: *mut PyObject,
}

/// `PyNameErrorObject`.
#[repr(C)]
#[derive(Debug)]
pub struct PyNameErrorObject {
    /// The common exception header.
    pub exc: PyBaseExceptionObject,
    /// `name`.
    pub name: *mut PyObject,
}

/// `PyAttributeErrorObject`.
#[repr(C)]
#[derive(Debug)]
pub struct PyAttributeErrorObject {
    /// The common exception header.
    pub exc: PyBaseExceptionObject,
    /// `obj`.
    pub obj: *mut PyObject,
    /// `name`.
    pub name: *mut PyObject,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn layouts_match_cpython() {
        // sizeof/offsetof from CPython 3.11's headers on x86-64.
        assert_eq!(size_of::<PyBaseExceptionObject>(), 72);
        assert_eq!(offset_of!(PyBaseExceptionObject, dict), 16);
        assert_eq!(offset_of!(PyBaseExceptionObject, args), 24);
        assert_eq!(offset_of!(PyBaseExceptionObject, notes), 32);
        assert_eq!(offset_of!(PyBaseExceptionObject, traceback), 40);
        assert_eq!(offset_of!(PyBaseExceptionObject, context), 48);
        assert_eq!(offset_of!(PyBaseExceptionObject, cause), 56);
        assert_eq!(offset_of!(PyBaseExceptionObject, suppress_context), 64);
        assert_eq!(size_of::<PyBaseExceptionGroupObject>(), 88);
        assert_eq!(size_of::<PySyntaxErrorObject>(), 136);
        assert_eq!(size_of::<PyImportErrorObject>(), 96);
        assert_eq!(size_of::<PyUnicodeErrorObject>(), 112);
        assert_eq!(offset_of!(PyUnicodeErrorObject, start), 88);
        assert_eq!(size_of::<PySystemExitObject>(), 80);
        assert_eq!(size_of::<PyOSErrorObject>(), 112);
        assert_eq!(offset_of!(PyOSErrorObject, myerrno), 72);
        assert_eq!(offset_of!(PyOSErrorObject, written), 104);
        assert_eq!(size_of::<PyStopIterationObject>(), 80);
        assert_eq!(size_of::<PyNameErrorObject>(), 80);
        assert_eq!(size_of::<PyAttributeErrorObject>(), 88);
    }
}
