//! Python exceptions as napi errors.
//!
//! A native function that fails returns a `napi::Error` whose reason encodes
//! the Python exception:
//! `"\u{1}<kind>\u{1}<code>\u{1}<python type>\u{1}<type keys>\u{1}<message>"`,
//! where `kind` is the closest built-in exception (`BufferError`,
//! `ValueError`, …), `code` the exception's name (a C extension's own
//! exception: its `__name__`), `python type` the dotted name Python
//! prints (`_block.LZ4BlockError`) and `type keys` the addresses of the
//! exception's type and of its bases up to the first built-in one, comma
//! separated (empty for a built-in exception), by which extension.ts finds
//! the JS class of a module's own exception. `index.ts` decodes it into that
//! class, or `BufferError`, `TypeError`, `RangeError` or `PyError`, with
//! `.code` set to the type name. Nothing else produces a reason that starts
//! with `\u{1}`.

use napi::{Error, Status};
use pybuffer::ffi::{PyObject, PyTypeObject};
use pybuffer::objects::exceptions::Exc;
use pybuffer::objects::typeobject::{PyType_IsSubtype, PyType_Type};
use pybuffer::python::errors::{PyErrInfo, take_error};

/// The separator that marks an encoded Python error.
const SEP: char = '\u{1}';

/// A JS error for the Python exception `kind` named `type_name`.
pub fn py_error(kind: Exc, type_name: &str, message: impl AsRef<str>) -> Error {
    py_error_typed(kind, type_name, type_name, message)
}

/// A JS error for the Python exception `kind`, with `.code` = `code` and
/// `.pythonType` = `python_type` (the dotted name Python prints).
pub fn py_error_typed(kind: Exc, code: &str, python_type: &str, message: impl AsRef<str>) -> Error {
    encode(kind, code, python_type, "", message.as_ref())
}

fn encode(kind: Exc, code: &str, python_type: &str, type_keys: &str, message: &str) -> Error {
    Error::new(
        Status::GenericFailure,
        format!(
            "{SEP}{}{SEP}{code}{SEP}{python_type}{SEP}{type_keys}{SEP}{message}",
            kind.name()
        ),
    )
}

/// The addresses of the exception type `ty` and its bases up to (not
/// including) the first built-in exception, comma separated.
fn type_keys(ty: *mut PyObject) -> String {
    let mut keys = Vec::new();
    let mut t = ty as *mut PyTypeObject;
    // SAFETY: the caller's type is live (PyErrInfo holds it), and so is its
    // base chain. A type that is not a type object has no base chain.
    unsafe {
        if PyType_IsSubtype((*ty).ob_type, PyType_Type.get()) == 0 {
            return String::new();
        }
        while !t.is_null() && Exc::from_type_object(t.cast()).is_none() {
            keys.push((t as usize).to_string());
            t = (*t).tp_base;
        }
    }
    keys.join(",")
}

/// A JS error for a built-in Python exception.
pub fn raise(kind: Exc, message: impl AsRef<str>) -> Error {
    py_error(kind, kind.name(), message)
}

/// A JS error for a pending C-level error.
pub fn from_info(info: PyErrInfo) -> Error {
    // Built-in exceptions keep their `tp_name` as the code (`ValueError`);
    // a module's own exception is coded by its `__name__` (`LZ4BlockError`),
    // except `struct.error`, a heap type named `error` as in CPython, which
    // keeps the code of its base, the library's `PyExc_StructError`.
    let code = if info.type_name == info.kind.name() {
        &info.type_name
    } else if pybuffer::python::errors::is_struct_error(info.exc_type.as_ptr()) {
        info.kind.name()
    } else {
        &info.name
    };
    let keys = type_keys(info.exc_type.as_ptr());
    encode(info.kind, code, &info.qualified_name, &keys, &info.message)
}

/// Takes this thread's pending C error (or a SystemError when the C layer
/// failed without setting one).
pub fn take() -> Error {
    match take_error() {
        Some(info) => from_info(info),
        None => raise(Exc::SystemError, "error return without exception set"),
    }
}

/// `layout::LayoutError` and friends.
pub fn from_pair((kind, message): (Exc, String)) -> Error {
    raise(kind, message)
}

/// The error every operation on a released view raises.
pub fn released() -> Error {
    raise(Exc::BufferError, "operation forbidden on released buffer")
}

/// The largest integer a JS number holds exactly, `Number.MAX_SAFE_INTEGER`.
pub const MAX_SAFE_INTEGER: i128 = (1 << 53) - 1;

/// `value` as a JS number, or the RangeError (`OverflowError`) for one a
/// double cannot hold exactly: `what` names it.
pub fn safe_number(value: impl Into<i128>, what: &str) -> Result<f64, Error> {
    let v = value.into();
    if (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&v) {
        return Ok(v as f64);
    }
    let side = if v > 0 {
        "above Number.MAX_SAFE_INTEGER (2**53 - 1)"
    } else {
        "below Number.MIN_SAFE_INTEGER (-(2**53 - 1))"
    };
    Err(raise(
        Exc::OverflowError,
        format!("{what} is {v}, {side}: a JS number cannot hold it exactly"),
    ))
}
