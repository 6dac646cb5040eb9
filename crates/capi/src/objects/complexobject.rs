//! `complex` (CPython's `Objects/complexobject.c`), with CPython's layout
//! (`PyComplexObject`: the header, then `cval`). Only what the C API needs:
//! making complexes and reading them (`PyArg_ParseTuple`'s `D` unit and
//! `Py_BuildValue`'s `D` go through these); no arithmetic.

#![allow(non_upper_case_globals)]

use std::ffi::c_double;

use crate::ffi::*;
use crate::objects::floatobject::PyFloat_AsDouble;
use crate::objects::object::{alloc, free_dealloc, type_of};
use crate::objects::typeobject::static_type;
use crate::python::errors;

/// `PyComplex_Type`: `complex`.
#[unsafe(no_mangle)]
pub static PyComplex_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"complex",
        std::mem::size_of::<PyComplexObject>(),
        0,
        free_dealloc,
    );
    ty.tp_repr = Some(complex_repr);
    ty
});

/// A float as CPython's `PyOS_double_to_string(v, 'r', 0, flags)` writes
/// it without `Py_DTSF_ADD_DOT_0`: `repr(float)` less a trailing `.0`
/// (`1`, `1.5`, `1e+16`, `nan`, `inf`), with a `+` in front when `sign`
/// asks for one and the value has no `-`.
fn repr_part(v: f64, sign: bool) -> String {
    let r = crate::objects::floatobject::float_repr(v);
    let r = r.strip_suffix(".0").map_or(r.clone(), str::to_owned);
    if sign && !r.starts_with('-') {
        format!("+{r}")
    } else {
        r
    }
}

/// `repr(complex)`: `2j` when the real part is +0.0, else `(1+2j)`,
/// `(-0-1j)`, `(nan+infj)`.
unsafe extern "C" fn complex_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: the slot is called with a live complex.
    let Some(v) = (unsafe { complex_value(op) }) else {
        errors::PyErr_BadInternalCall();
        return std::ptr::null_mut();
    };
    let text = if v.real == 0.0 && v.real.is_sign_positive() {
        format!("{}j", repr_part(v.imag, false))
    } else {
        format!("({}{}j)", repr_part(v.real, false), repr_part(v.imag, true))
    };
    crate::objects::unicodeobject::unicode_from_str(&text)
}

/// `PyComplexObject`: CPython's layout.
#[repr(C)]
pub struct PyComplexObject {
    /// Object header.
    pub ob_base: PyObject,
    /// The value.
    pub cval: Py_complex,
}

/// The value of a `complex`, or None for anything else (and NULL).
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn complex_value(op: *mut PyObject) -> Option<Py_complex> {
    // SAFETY: live per the contract; the payload is read only from complexes.
    if op.is_null() || unsafe { type_of(op) } != PyComplex_Type.get() {
        return None;
    }
    // SAFETY: a PyComplexObject (checked above).
    Some(unsafe { (*op.cast::<PyComplexObject>()).cval })
}

/// `PyComplex_FromCComplex(v)`: a new `complex`. Fails only with
/// `MemoryError`.
#[unsafe(no_mangle)]
pub extern "C" fn PyComplex_FromCComplex(v: Py_complex) -> *mut PyObject {
    let op = alloc(PyComplex_Type.get(), std::mem::size_of::<PyComplexObject>());
    if !op.is_null() {
        // SAFETY: a fresh PyComplexObject-sized allocation.
        unsafe { (*op.cast::<PyComplexObject>()).cval = v };
    }
    op
}

/// `PyComplex_FromDoubles(real, imag)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyComplex_FromDoubles(real: c_double, imag: c_double) -> *mut PyObject {
    PyComplex_FromCComplex(Py_complex { real, imag })
}

/// `PyComplex_AsCComplex(op)`: the value of a `complex`; for anything else,
/// `PyFloat_AsDouble(op)` as the real part (so ints and floats convert and
/// other types fail with its `TypeError`, the real part then -1.0).
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyComplex_AsCComplex(op: *mut PyObject) -> Py_complex {
    if op.is_null() {
        errors::PyErr_BadInternalCall();
        return Py_complex {
            real: -1.0,
            imag: 0.0,
        };
    }
    // SAFETY: live per the contract.
    if let Some(v) = unsafe { complex_value(op) } {
        return v;
    }
    // SAFETY: live per the contract.
    let real = unsafe { PyFloat_AsDouble(op) };
    Py_complex { real, imag: 0.0 }
}

/// `PyComplex_RealAsDouble(op)`: the real part of a `complex`, else
/// `PyFloat_AsDouble(op)`.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyComplex_RealAsDouble(op: *mut PyObject) -> c_double {
    // SAFETY: NULL or live per the contract (PyFloat_AsDouble handles NULL).
    match unsafe { complex_value(op) } {
        Some(v) => v.real,
        // SAFETY: NULL or live per the contract; PyFloat_AsDouble handles NULL.
        None => unsafe { PyFloat_AsDouble(op) },
    }
}

/// `PyComplex_ImagAsDouble(op)`: the imaginary part of a `complex`, else
/// 0.0.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyComplex_ImagAsDouble(op: *mut PyObject) -> c_double {
    // SAFETY: NULL or live per the contract.
    unsafe { complex_value(op) }.map_or(0.0, |v| v.imag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::floatobject::PyFloat_FromDouble;
    use crate::objects::object::Py_DecRef;

    #[test]
    fn round_trip_and_conversions() {
        let c = PyComplex_FromDoubles(1.5, -2.0);
        // SAFETY: live objects made here.
        unsafe {
            assert_eq!(
                PyComplex_AsCComplex(c),
                Py_complex {
                    real: 1.5,
                    imag: -2.0
                }
            );
            assert_eq!(PyComplex_RealAsDouble(c), 1.5);
            assert_eq!(PyComplex_ImagAsDouble(c), -2.0);
            let f = PyFloat_FromDouble(0.25);
            assert_eq!(
                PyComplex_AsCComplex(f),
                Py_complex {
                    real: 0.25,
                    imag: 0.0
                }
            );
            assert_eq!(PyComplex_ImagAsDouble(f), 0.0);
            Py_DecRef(f);
            Py_DecRef(c);
        }
    }
}
