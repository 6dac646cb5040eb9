//! Python file objects from C (CPython's `Objects/fileobject.c`, the part
//! that needs no file type of its own): `PyFile_WriteObject` and
//! `PyFile_WriteString`, which `print()` writes with (a "file" is any
//! object with a `write` method), and `PyObject_AsFileDescriptor`.

use std::ffi::{CStr, c_char, c_int};

use crate::ffi::*;
use crate::objects::r#abstract::is_int;
use crate::objects::exceptions::Exc;
use crate::objects::longobject::_PyLong_AsInt;
use crate::objects::object::{Owned, PyObject_GetAttrString, PyObject_Repr, PyObject_Str};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

/// object.h's `Py_PRINT_RAW`: write `str(v)` rather than `repr(v)`.
pub const PY_PRINT_RAW: c_int = 1;

/// `PyFile_WriteObject(v, f, flags)`: `f.write(str(v))` when `flags` has
/// `Py_PRINT_RAW`, else `f.write(repr(v))`. 0, or -1 with the error
/// (`TypeError("writeobject with NULL file")` for a NULL `f`).
///
/// # Safety
/// `v` must be a live object; `f` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFile_WriteObject(
    v: *mut PyObject,
    f: *mut PyObject,
    flags: c_int,
) -> c_int {
    if f.is_null() {
        errors::raise(Exc::TypeError, "writeobject with NULL file");
        return -1;
    }
    // SAFETY: live objects per the contract; each result is checked.
    unsafe {
        let Some(writer) = Owned::new(PyObject_GetAttrString(f, c"write".as_ptr())) else {
            return -1;
        };
        let text = if flags & PY_PRINT_RAW != 0 {
            PyObject_Str(v)
        } else {
            PyObject_Repr(v)
        };
        let Some(text) = Owned::new(text) else {
            return -1;
        };
        let Some(_result) = Owned::new(crate::objects::call::PyObject_CallOneArg(
            writer.as_ptr(),
            text.as_ptr(),
        )) else {
            return -1;
        };
    }
    0
}

/// `PyFile_WriteString(s, f)`: writes the UTF-8 string `s` to `f` as a
/// str. -1 without writing when an error is already pending, and
/// `SystemError("null file for PyFile_WriteString")` for a NULL `f` (when
/// none is), as CPython.
///
/// # Safety
/// `s` must be NUL-terminated; `f` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyFile_WriteString(s: *const c_char, f: *mut PyObject) -> c_int {
    if f.is_null() {
        if errors::PyErr_Occurred().is_null() {
            errors::raise(Exc::SystemError, "null file for PyFile_WriteString");
        }
        return -1;
    }
    if !errors::PyErr_Occurred().is_null() {
        return -1;
    }
    // SAFETY: a NUL-terminated string per the contract.
    let text = unsafe { CStr::from_ptr(s) };
    // SAFETY: the bytes of `text`, decoded as UTF-8 (the error is set when
    // they are not).
    let Some(v) = Owned::new(unsafe {
        crate::objects::unicodeobject::PyUnicode_FromStringAndSize(
            text.as_ptr(),
            text.to_bytes().len() as Py_ssize_t,
        )
    }) else {
        return -1;
    };
    // SAFETY: live objects.
    unsafe { PyFile_WriteObject(v.as_ptr(), f, PY_PRINT_RAW) }
}

/// `PyObject_AsFileDescriptor(o)`: the file descriptor `o` stands for: an
/// int itself, or what its `fileno()` returns (which must be an int).
/// The fd, or -1 with `TypeError("argument must be an int, or have a
/// fileno() method.")`, `TypeError("fileno() returned a non-integer")`,
/// `OverflowError` past a C int, or `ValueError("file descriptor cannot
/// be a negative integer (-5)")`, as CPython's.
///
/// # Safety
/// `o` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_AsFileDescriptor(o: *mut PyObject) -> c_int {
    // SAFETY: a live object per the contract; every result is checked.
    let fd = unsafe {
        if is_int(o) {
            _PyLong_AsInt(o)
        } else {
            let Some(name) = Owned::new(unicode_from_str("fileno")) else {
                return -1;
            };
            let mut meth = std::ptr::null_mut();
            if crate::objects::object::_PyObject_LookupAttr(o, name.as_ptr(), &mut meth) < 0 {
                return -1;
            }
            let Some(meth) = Owned::new(meth) else {
                errors::raise(
                    Exc::TypeError,
                    "argument must be an int, or have a fileno() method.",
                );
                return -1;
            };
            let Some(fno) = Owned::new(crate::objects::call::PyObject_CallNoArgs(meth.as_ptr()))
            else {
                return -1;
            };
            if !is_int(fno.as_ptr()) {
                errors::raise(Exc::TypeError, "fileno() returned a non-integer");
                return -1;
            }
            _PyLong_AsInt(fno.as_ptr())
        }
    };
    if fd == -1 && !errors::PyErr_Occurred().is_null() {
        return -1;
    }
    if fd < 0 {
        errors::raise(
            Exc::ValueError,
            format!("file descriptor cannot be a negative integer ({fd})"),
        );
        return -1;
    }
    fd
}

// ==========================================================================
// Py_UniversalNewlineFgets
// ==========================================================================

#[cfg(unix)]
unsafe extern "C" {
    fn flockfile(stream: *mut libc::FILE);
    fn funlockfile(stream: *mut libc::FILE);
    fn getc_unlocked(stream: *mut libc::FILE) -> c_int;
}

/// One character of `stream` (EOF at the end or on an error); the caller
/// holds the stream's lock on Unix.
///
/// # Safety
/// `stream` must be an open `FILE`.
unsafe fn next_char(stream: *mut libc::FILE) -> c_int {
    #[cfg(unix)]
    // SAFETY: an open stream whose lock the caller holds.
    unsafe {
        getc_unlocked(stream)
    }
    #[cfg(not(unix))]
    // SAFETY: an open stream.
    unsafe {
        libc::fgetc(stream)
    }
}

/// `Py_UniversalNewlineFgets(buf, n, stream, fobj)`: `fgets` that ends
/// lines at `\n`, `\r\n` or `\r` and stores each of them as `\n`. Reads
/// until a line end (stored), `n - 1` characters, or the end of the file;
/// NUL-terminates `buf` and returns it, or NULL when nothing was read. A
/// `\r` that ends the read is followed by a look at the next character,
/// which is consumed when it is the `\n` of a `\r\n`. `fobj` must be NULL
/// (CPython's contract since 3.x): otherwise NULL with `errno` ENXIO and
/// nothing read.
///
/// # Safety
/// `buf` must be writable for `n` bytes (n >= 1), `stream` an open `FILE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_UniversalNewlineFgets(
    buf: *mut c_char,
    n: c_int,
    stream: *mut libc::FILE,
    fobj: *mut PyObject,
) -> *mut c_char {
    if !fobj.is_null() {
        // SAFETY: the thread's errno.
        unsafe { *libc::__errno_location() = libc::ENXIO };
        return std::ptr::null_mut();
    }
    let mut len: usize = 0;
    let mut pending_cr = false;
    let mut left = n;
    // SAFETY: `stream` is open and `buf` writable for `n` bytes (the
    // contract); at most `n - 1` characters and the NUL are stored.
    unsafe {
        #[cfg(unix)]
        flockfile(stream);
        loop {
            left -= 1;
            if left <= 0 {
                break;
            }
            let mut c = next_char(stream);
            if c == libc::EOF {
                break;
            }
            if pending_cr {
                pending_cr = false;
                if c == b'\n' as c_int {
                    // The \n of a \r\n whose \r was stored as \n.
                    c = next_char(stream);
                    if c == libc::EOF {
                        break;
                    }
                }
            }
            if c == b'\r' as c_int {
                pending_cr = true;
                c = b'\n' as c_int;
            }
            *buf.add(len) = c as c_char;
            len += 1;
            if c == b'\n' as c_int {
                break;
            }
        }
        #[cfg(unix)]
        funlockfile(stream);
        *buf.add(len) = 0;
        if pending_cr {
            // The line ended at a \r: drop the \n of a \r\n now, since no
            // state survives to the next call.
            let c = libc::fgetc(stream);
            if c != b'\n' as c_int {
                libc::ungetc(c, stream);
            }
        }
    }
    if len == 0 { std::ptr::null_mut() } else { buf }
}
