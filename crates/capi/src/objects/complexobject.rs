//! `complex` (CPython's `Objects/complexobject.c`), with CPython's layout
//! (`PyComplexObject`: the header, then `cval`). Only what the C API needs:
//! making complexes and reading them (`PyArg_ParseTuple`'s `D` unit and
//! `Py_BuildValue`'s `D` go through these), and calling `complex(...)`
//! (numbers, `__complex__`, or a string such as `'(1+2j)'`); no
//! arithmetic.

#![allow(non_upper_case_globals)]

use std::ffi::c_double;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
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
    ty.tp_new = Some(complex_new);
    ty.tp_methods = COMPLEX_METHODS.get().cast();
    ty.tp_members = COMPLEX_MEMBERS.get().cast();
    ty
});

// ==========================================================================
// Methods and attributes
// ==========================================================================

/// `complex.conjugate()`: the complex with the imaginary part negated.
unsafe extern "C" fn complex_conjugate(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live complex (the method's self).
    match unsafe { complex_value(op) } {
        Some(v) => PyComplex_FromDoubles(v.real, -v.imag),
        None => errors::fail_null(Exc::SystemError, "bad argument to internal function"),
    }
}

static COMPLEX_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    crate::python::clinic::method(c"conjugate", complex_conjugate, METH_NOARGS),
    crate::python::clinic::method(
        c"__format__",
        crate::python::formatter_unicode::complex_format_method,
        METH_O,
    ),
    crate::python::clinic::METHOD_END,
]);

/// `complex.real` and `complex.imag`: read-only `double` members, as in
/// CPython (so assigning one fails with "readonly attribute").
static COMPLEX_MEMBERS: StaticObject<[PyMemberDef; 3]> = StaticObject::new([
    PyMemberDef::new(
        c"real",
        T_DOUBLE,
        std::mem::offset_of!(PyComplexObject, cval.real),
        READONLY,
    ),
    PyMemberDef::new(
        c"imag",
        T_DOUBLE,
        std::mem::offset_of!(PyComplexObject, cval.imag),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

// ==========================================================================
// complex(real=0, imag=0)
// ==========================================================================

/// `complex(real=0, imag=0)` (`tp_new`): Argument Clinic's parsing of the
/// two parameters (by position or keyword), then CPython's
/// `complex_new_impl`.
unsafe extern "C" fn complex_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::dictobject::{PyDict_GetItemString, PyDict_Next, PyDict_Size};
    use crate::objects::tupleobject::{get, size};
    const NAMES: [&std::ffi::CStr; 2] = [c"real", c"imag"];
    // SAFETY: `args` a tuple and `kwds` NULL or a dict (tp_new's contract).
    unsafe {
        let nargs = size(args);
        let nkw = if kwds.is_null() { 0 } else { PyDict_Size(kwds) };
        if nargs + nkw > 2 {
            let kind = if nargs == 0 { "keyword " } else { "" };
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "complex() takes at most 2 {kind}arguments ({} given)",
                    nargs + nkw
                ),
            );
        }
        let mut parts = [std::ptr::null_mut(); 2];
        let mut matched = 0;
        for (i, name) in NAMES.iter().enumerate() {
            if (i as Py_ssize_t) < nargs {
                parts[i] = get(args, i as Py_ssize_t);
            } else if nkw > 0 {
                parts[i] = PyDict_GetItemString(kwds, name.as_ptr());
                matched += (!parts[i].is_null()) as Py_ssize_t;
            }
        }
        if matched < nkw {
            for (i, name) in NAMES.iter().enumerate().take(nargs as usize) {
                if !PyDict_GetItemString(kwds, name.as_ptr()).is_null() {
                    return errors::fail_null(
                        Exc::TypeError,
                        format!(
                            "argument for complex() given by name ('{}') and position ({})",
                            name.to_string_lossy(),
                            i + 1
                        ),
                    );
                }
            }
            let (mut pos, mut key, mut value) = (0, std::ptr::null_mut(), std::ptr::null_mut());
            while PyDict_Next(kwds, &mut pos, &mut key, &mut value) != 0 {
                if !crate::objects::unicodeobject::is_str(key) {
                    return errors::fail_null(Exc::TypeError, "keywords must be strings");
                }
                let text = crate::objects::object::text_of(key);
                if !NAMES.iter().any(|n| n.to_bytes() == text.as_bytes()) {
                    return errors::fail_null(
                        Exc::TypeError,
                        format!("'{text}' is an invalid keyword argument for complex()"),
                    );
                }
            }
            return errors::fail_null(Exc::SystemError, "complex(): unexpected keywords");
        }
        complex_from_parts(parts[0], parts[1])
    }
}

/// CPython's `complex_new_impl` for `complex` itself: `r + i*1j`, where a
/// string `r` is parsed, `r` may convert through `__complex__`, and either
/// part may itself be complex.
///
/// # Safety
/// Each part must be NULL (omitted) or a live object.
unsafe fn complex_from_parts(r: *mut PyObject, i: *mut PyObject) -> *mut PyObject {
    use crate::objects::object::{Py_DecRef, Py_IncRef};
    use crate::objects::unicodeobject::is_str;
    // SAFETY: live per the contract; `owned_r` is released on every path.
    unsafe {
        if r.is_null() {
            if i.is_null() {
                return PyComplex_FromDoubles(0.0, 0.0);
            }
            let zero = crate::objects::longobject::long_from_i64(0);
            if zero.is_null() {
                return zero;
            }
            let result = complex_from_parts(zero, i);
            Py_DecRef(zero);
            return result;
        }
        if complex_value(r).is_some() && i.is_null() {
            Py_IncRef(r);
            return r;
        }
        if is_str(r) {
            if !i.is_null() {
                return errors::fail_null(
                    Exc::TypeError,
                    "complex() can't take second arg if first is a string",
                );
            }
            return complex_from_str(r);
        }
        if !i.is_null() && is_str(i) {
            return errors::fail_null(Exc::TypeError, "complex() second arg can't be a string");
        }
        let owned_r = match special_complex(r) {
            Ok(v) => v,
            Err(()) => return std::ptr::null_mut(),
        };
        let r = if owned_r.is_null() { r } else { owned_r };
        let result = (|| {
            if !is_number(r) {
                let name = crate::objects::r#abstract::type_name_200(r);
                return errors::fail_null(
                    Exc::TypeError,
                    format!("complex() first argument must be a string or a number, not '{name}'"),
                );
            }
            if !i.is_null() && !is_number(i) {
                let name = crate::objects::r#abstract::type_name_200(i);
                return errors::fail_null(
                    Exc::TypeError,
                    format!("complex() second argument must be a number, not '{name}'"),
                );
            }
            let (cr, cr_is_complex) = match complex_value(r) {
                Some(v) => (v, true),
                None => match as_double(r) {
                    Some(x) => (Py_complex { real: x, imag: 0.0 }, false),
                    None => return std::ptr::null_mut(),
                },
            };
            let (ci, ci_is_complex) = if i.is_null() {
                (
                    Py_complex {
                        real: cr.imag,
                        imag: 0.0,
                    },
                    false,
                )
            } else if let Some(v) = complex_value(i) {
                (v, true)
            } else {
                match as_double(i) {
                    Some(x) => (Py_complex { real: x, imag: 0.0 }, false),
                    None => return std::ptr::null_mut(),
                }
            };
            let mut real = cr.real;
            let mut imag = ci.real;
            if ci_is_complex {
                real -= ci.imag;
            }
            if cr_is_complex && !i.is_null() {
                imag += cr.imag;
            }
            PyComplex_FromDoubles(real, imag)
        })();
        Py_DecRef(owned_r);
        result
    }
}

/// Whether `complex()` takes `o` as a number: a complex, or a type with
/// `__float__` or `__index__`.
///
/// # Safety
/// `o` must be a live object.
unsafe fn is_number(o: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe {
        complex_value(o).is_some()
            || crate::objects::r#abstract::number_methods(o)
                .is_some_and(|m| m.nb_float.is_some() || m.nb_index.is_some())
    }
}

/// `PyNumber_Float(o)` as a double; None with its error.
///
/// # Safety
/// `o` must be a live object.
unsafe fn as_double(o: *mut PyObject) -> Option<f64> {
    // SAFETY: live per the contract; the float is released after reading.
    unsafe {
        let f = crate::objects::r#abstract::PyNumber_Float(o);
        if f.is_null() {
            return None;
        }
        let x = PyFloat_AsDouble(f);
        crate::objects::object::Py_DecRef(f);
        Some(x)
    }
}

/// CPython's `try_complex_special_method`: `o.__complex__()` (looked up on
/// the type), NULL when there is none; `TypeError("__complex__ returned
/// non-complex (type T)")`.
///
/// # Safety
/// `o` must be a live object.
unsafe fn special_complex(o: *mut PyObject) -> Result<*mut PyObject, ()> {
    // SAFETY: live per the contract.
    unsafe {
        let Some(method) = crate::objects::typeobject::lookup_special(o, "__complex__")? else {
            return Ok(std::ptr::null_mut());
        };
        let result = crate::objects::call::PyObject_CallNoArgs(method.as_ptr());
        if result.is_null() {
            return Err(());
        }
        if complex_value(result).is_none() {
            let name = crate::objects::r#abstract::type_name_200(result);
            crate::objects::object::Py_DecRef(result);
            errors::raise(
                Exc::TypeError,
                format!("__complex__ returned non-complex (type {name})"),
            );
            return Err(());
        }
        Ok(result)
    }
}

/// `complex(s)` for a `str` (CPython's `complex_subtype_from_string`):
/// Unicode digits and spaces read as ASCII, underscores between digits
/// dropped, then [`parse_complex`].
///
/// # Safety
/// `v` must be a live `str`.
unsafe fn complex_from_str(v: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    let Some(text) = (unsafe { crate::objects::unicodeobject::decimal_and_space_to_ascii(v) })
    else {
        return std::ptr::null_mut();
    };
    // CPython's _Py_string_to_number_with_underscores: its strchr stops at
    // the first NUL, and an embedded NUL is an error once underscores are
    // being removed.
    let first_nul = text.iter().position(|&c| c == 0).unwrap_or(text.len());
    let parsed = if !text[..first_nul].contains(&b'_') {
        parse_complex(&text)
    } else {
        let mut kept = Vec::with_capacity(text.len());
        let mut prev = 0u8;
        let mut ok = true;
        for &c in &text[..first_nul] {
            if c == b'_' {
                ok &= prev.is_ascii_digit();
            } else {
                ok &= prev != b'_' || c.is_ascii_digit();
                kept.push(c);
            }
            prev = c;
        }
        if !ok || prev == b'_' || first_nul != text.len() {
            // SAFETY: live per the contract.
            if let Some(r) = unsafe { crate::objects::r#abstract::repr_string(v) } {
                errors::raise(
                    Exc::ValueError,
                    format!("could not convert string to complex: {r}"),
                );
            }
            return std::ptr::null_mut();
        }
        parse_complex(&kept)
    };
    match parsed {
        Ok((real, imag)) => PyComplex_FromDoubles(real, imag),
        Err(()) => std::ptr::null_mut(),
    }
}

/// CPython's `complex_from_string_inner`: `<float>`, `<float>j`,
/// `<float><signed-float>j`, and the older `<float><sign>j`, `<sign>j`,
/// `j`, with surrounding spaces and optionally in parentheses; the floats
/// are whatever `PyOS_string_to_double` reads. The text is read up to its
/// first NUL, as in C, but must be that long. `ValueError("complex() arg
/// is a malformed string")`.
fn parse_complex(text: &[u8]) -> Result<(f64, f64), ()> {
    let mut buf = Vec::with_capacity(text.len() + 1);
    buf.extend_from_slice(text);
    buf.push(0);
    let at = |i: usize| buf[i.min(buf.len() - 1)];
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    // A float starting at `i`: Some((value, end)) or None when none starts
    // there; Err for an error other than "not a float".
    let float_at = |i: usize| -> Result<Option<(f64, usize)>, ()> {
        let mut end: *mut std::ffi::c_char = std::ptr::null_mut();
        // SAFETY: `buf` is NUL-terminated and `i` is within it; `end` is
        // set to a position within it.
        let (z, used) = unsafe {
            let start = buf.as_ptr().add(i).cast::<std::ffi::c_char>();
            let z = crate::python::pystrtod::PyOS_string_to_double(
                start,
                &mut end,
                std::ptr::null_mut(),
            );
            (z, end.offset_from(start) as usize)
        };
        if z == -1.0 && !errors::PyErr_Occurred().is_null() {
            // SAFETY: an exception is set.
            if unsafe { errors::PyErr_ExceptionMatches(Exc::ValueError.type_object()) } == 0 {
                return Err(());
            }
            errors::PyErr_Clear();
        }
        Ok((used > 0).then_some((z, i + used)))
    };
    let malformed = || {
        errors::raise(Exc::ValueError, "complex() arg is a malformed string");
        Err(())
    };
    let mut s = 0;
    while is_space(at(s)) {
        s += 1;
    }
    let bracket = at(s) == b'(';
    if bracket {
        s += 1;
        while is_space(at(s)) {
            s += 1;
        }
    }
    let (mut x, mut y) = (0.0, 0.0);
    let is_j = |c: u8| c == b'j' || c == b'J';
    if let Some((z, end)) = float_at(s)? {
        s = end;
        if at(s) == b'+' || at(s) == b'-' {
            x = z;
            match float_at(s)? {
                Some((w, end)) => {
                    y = w;
                    s = end;
                }
                None => {
                    y = if at(s) == b'+' { 1.0 } else { -1.0 };
                    s += 1;
                }
            }
            if !is_j(at(s)) {
                return malformed();
            }
            s += 1;
        } else if is_j(at(s)) {
            s += 1;
            y = z;
        } else {
            x = z;
        }
    } else {
        if at(s) == b'+' || at(s) == b'-' {
            y = if at(s) == b'+' { 1.0 } else { -1.0 };
            s += 1;
        } else {
            y = 1.0;
        }
        if !is_j(at(s)) {
            return malformed();
        }
        s += 1;
    }
    while is_space(at(s)) {
        s += 1;
    }
    if bracket {
        if at(s) != b')' {
            return malformed();
        }
        s += 1;
        while is_space(at(s)) {
            s += 1;
        }
    }
    if s != text.len() {
        return malformed();
    }
    Ok((x, y))
}

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
