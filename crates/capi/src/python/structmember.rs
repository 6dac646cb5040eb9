//! C struct members as attributes (CPython's `Python/structmember.c`):
//! `PyMember_GetOne` and `PyMember_SetOne`, behind the member descriptors
//! of `tp_members`.
//!
//! Every `T_*` type converts as CPython 3.11 converts it, with its errors
//! ("readonly attribute", "can't delete numeric/char attribute",
//! "attribute value type must be bool", `AttributeError` for an unset
//! `T_OBJECT_EX`) and its `RuntimeWarning`s for values truncated into
//! narrow fields, down to CPython's order of writing and checking: a
//! failed conversion into a `T_LONG`, `T_ULONG`, `T_PYSSIZET`, `T_DOUBLE`,
//! `T_LONGLONG` or `T_ULONGLONG` field leaves -1 in it, as in CPython.
//! `READ_RESTRICTED` and `PY_WRITE_RESTRICTED` only raise audit events in
//! CPython 3.11, and there are no audit hooks here, so they change
//! nothing.

use std::ffi::{CStr, c_char, c_int, c_long, c_uint, c_ulong};
use std::ptr;

use crate::ffi::*;
use crate::objects::boolobject::{PyBool_FromLong, PyBool_Type, py_true};
use crate::objects::exceptions::Exc;
use crate::objects::floatobject::{PyFloat_AsDouble, PyFloat_FromDouble};
use crate::objects::longobject::{
    PyLong_AsLong, PyLong_AsLongLong, PyLong_AsSsize_t, PyLong_AsUnsignedLong,
    PyLong_AsUnsignedLongLong, PyLong_FromLong, PyLong_FromLongLong, PyLong_FromSsize_t,
    PyLong_FromUnsignedLong, PyLong_FromUnsignedLongLong,
};
use crate::objects::object::{Py_DecRef, Py_IncRef, c_text, none, tp_name, type_of};
use crate::objects::unicodeobject::{
    PyUnicode_AsUTF8AndSize, PyUnicode_FromString, PyUnicode_FromStringAndSize,
};
use crate::python::errors;

/// The member's name for messages.
///
/// # Safety
/// `l` must be a live member def.
unsafe fn member_name(l: *const PyMemberDef) -> String {
    // SAFETY: per the contract.
    unsafe { c_text((*l).name, usize::MAX) }
}

/// `PyMember_GetOne(obj_addr, member)`: the value of the field at
/// `obj_addr + member->offset` as a new object.
///
/// Fails (NULL) with `AttributeError("'T' object has no attribute 'x'")`
/// for an unset `T_OBJECT_EX`, `SystemError("bad memberdescr type")` for
/// an unknown type, or `MemoryError`; NULL arguments give `SystemError`.
///
/// # Safety
/// `obj_addr` must be the address of a live object whose layout has a
/// field of the member's type at its offset.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMember_GetOne(
    obj_addr: *const c_char,
    l: *mut PyMemberDef,
) -> *mut PyObject {
    if obj_addr.is_null() || l.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: per the contract, the field at the offset has the member's
    // type (unaligned reads, as C structs may be packed).
    unsafe {
        let addr = obj_addr.offset((*l).offset);
        macro_rules! read {
            ($t:ty) => {
                ptr::read_unaligned(addr.cast::<$t>())
            };
        }
        match (*l).type_code {
            T_BOOL => PyBool_FromLong(read!(c_char) as c_long),
            T_BYTE => PyLong_FromLong(read!(i8) as c_long),
            T_UBYTE => PyLong_FromUnsignedLong(read!(u8) as c_ulong),
            T_SHORT => PyLong_FromLong(read!(i16) as c_long),
            T_USHORT => PyLong_FromUnsignedLong(read!(u16) as c_ulong),
            T_INT => PyLong_FromLong(read!(c_int) as c_long),
            T_UINT => PyLong_FromUnsignedLong(read!(c_uint) as c_ulong),
            T_LONG => PyLong_FromLong(read!(c_long)),
            T_ULONG => PyLong_FromUnsignedLong(read!(c_ulong)),
            T_PYSSIZET => PyLong_FromSsize_t(read!(Py_ssize_t)),
            T_FLOAT => PyFloat_FromDouble(read!(f32) as f64),
            T_DOUBLE => PyFloat_FromDouble(read!(f64)),
            T_STRING => {
                let s = read!(*const c_char);
                if s.is_null() {
                    none()
                } else {
                    PyUnicode_FromString(s)
                }
            }
            T_STRING_INPLACE => PyUnicode_FromString(addr),
            T_CHAR => PyUnicode_FromStringAndSize(addr, 1),
            T_OBJECT => {
                let v = read!(*mut PyObject);
                if v.is_null() {
                    none()
                } else {
                    Py_IncRef(v);
                    v
                }
            }
            T_OBJECT_EX => {
                let v = read!(*mut PyObject);
                if v.is_null() {
                    let obj = obj_addr.cast_mut().cast::<PyObject>();
                    return errors::fail_null(
                        Exc::AttributeError,
                        format!(
                            "'{}' object has no attribute '{}'",
                            tp_name(type_of(obj), 200),
                            member_name(l)
                        ),
                    );
                }
                Py_IncRef(v);
                v
            }
            T_LONGLONG => PyLong_FromLongLong(read!(i64)),
            T_ULONGLONG => PyLong_FromUnsignedLongLong(read!(u64)),
            T_NONE => none(),
            _ => errors::fail_null(Exc::SystemError, "bad memberdescr type"),
        }
    }
}

/// Issues CPython's `RuntimeWarning` for a truncated or negative value;
/// false when the warning was turned into an error.
fn warn(message: &CStr) -> bool {
    // SAFETY: a static category and a NUL-terminated message.
    unsafe {
        crate::python::warnings::PyErr_WarnEx(
            Exc::RuntimeWarning.type_object(),
            message.as_ptr(),
            1,
        ) >= 0
    }
}

/// `PyLong_AsLong(v)`, None with the error set on failure.
///
/// # Safety
/// `v` must be a live object.
unsafe fn as_long(v: *mut PyObject) -> Option<c_long> {
    // SAFETY: per the contract.
    let x = unsafe { PyLong_AsLong(v) };
    (x != -1 || errors::PyErr_Occurred().is_null()).then_some(x)
}

/// A C integer field narrower than `long` (`T_BYTE` ... `T_INT`): a value
/// that does not fit is truncated, as C's conversion does, with CPython's
/// warning naming the C type.
trait NarrowField: Copy + TryFrom<c_long> {
    /// `"Truncation of value to <C type>"`.
    const TRUNCATION_WARNING: &'static CStr;
    /// `x` converted as C converts it (the low bits kept).
    fn truncate(x: c_long) -> Self;
}

macro_rules! narrow_fields {
    ($($t:ty => $warning:literal,)*) => {$(
        impl NarrowField for $t {
            const TRUNCATION_WARNING: &'static CStr = $warning;
            fn truncate(x: c_long) -> Self {
                x as $t
            }
        }
    )*};
}

narrow_fields! {
    i8 => c"Truncation of value to char",
    u8 => c"Truncation of value to unsigned char",
    i16 => c"Truncation of value to short",
    u16 => c"Truncation of value to unsigned short",
    c_int => c"Truncation of value to int",
}

/// Stores an integer converted with `PyLong_AsLong` into a narrow field,
/// warning when it does not fit (CPython only warns, for compatibility).
///
/// # Safety
/// `addr` must be writable for a `T`; `v` a live object.
unsafe fn set_narrow<T: NarrowField>(addr: *mut c_char, v: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    let Some(x) = (unsafe { as_long(v) }) else {
        return -1;
    };
    // SAFETY: per the contract.
    unsafe { ptr::write_unaligned(addr.cast::<T>(), T::truncate(x)) };
    if T::try_from(x).is_err() && !warn(T::TRUNCATION_WARNING) {
        return -1;
    }
    0
}

/// `PyMember_SetOne(addr, member, value)`: stores `value` in the field at
/// `addr + member->offset`; a NULL `value` deletes (only `T_OBJECT` and
/// `T_OBJECT_EX` can be deleted).
///
/// Fails (-1, with the field as CPython leaves it) with
/// `AttributeError("readonly attribute")` for `READONLY`
/// members, `TypeError("can't delete numeric/char attribute")`,
/// `TypeError("attribute value type must be bool")`, `AttributeError(name)`
/// when deleting an unset `T_OBJECT_EX`, `TypeError("readonly
/// attribute")` for `T_STRING` / `T_STRING_INPLACE`, `TypeError("bad
/// argument type for built-in operation")` for a `T_CHAR` that is not a
/// one-byte `str`, the conversion errors of `PyLong_As*` /
/// `PyFloat_AsDouble`, a `RuntimeWarning` made an error, or
/// `SystemError("bad memberdescr type for x")`.
///
/// # Safety
/// `addr` must be the address of a live object whose layout has a field of
/// the member's type at its offset; `v` NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMember_SetOne(
    addr: *mut c_char,
    l: *mut PyMemberDef,
    v: *mut PyObject,
) -> c_int {
    if addr.is_null() || l.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: per the contract (unaligned writes, as C structs may be
    // packed); every conversion happens before the field is written.
    unsafe {
        let def = &*l;
        let addr = addr.offset(def.offset);
        if def.flags & READONLY != 0 {
            return errors::fail(Exc::AttributeError, "readonly attribute");
        }
        if v.is_null() {
            if def.type_code == T_OBJECT_EX {
                if ptr::read_unaligned(addr.cast::<*mut PyObject>()).is_null() {
                    return errors::fail(Exc::AttributeError, member_name(l));
                }
            } else if def.type_code != T_OBJECT {
                return errors::fail(Exc::TypeError, "can't delete numeric/char attribute");
            }
        }
        macro_rules! write {
            ($t:ty, $x:expr) => {
                ptr::write_unaligned(addr.cast::<$t>(), $x)
            };
        }
        match def.type_code {
            T_BOOL => {
                if type_of(v) != PyBool_Type.get() {
                    return errors::fail(Exc::TypeError, "attribute value type must be bool");
                }
                write!(c_char, (v == py_true()) as c_char);
            }
            T_BYTE => return set_narrow::<i8>(addr, v),
            T_UBYTE => return set_narrow::<u8>(addr, v),
            T_SHORT => return set_narrow::<i16>(addr, v),
            T_USHORT => return set_narrow::<u16>(addr, v),
            T_INT => return set_narrow::<c_int>(addr, v),
            T_UINT => {
                let mut x = PyLong_AsUnsignedLong(v);
                if x == c_ulong::MAX && !errors::PyErr_Occurred().is_null() {
                    // For compatibility, negative ints are accepted (with a
                    // warning), as CPython does.
                    errors::PyErr_Clear();
                    let Some(signed) = as_long(v) else {
                        return -1;
                    };
                    x = signed as c_ulong;
                    write!(c_uint, x as c_uint);
                    if !warn(c"Writing negative value into unsigned field") {
                        return -1;
                    }
                } else {
                    write!(c_uint, x as c_uint);
                }
                if x > c_uint::MAX as c_ulong && !warn(c"Truncation of value to unsigned int") {
                    return -1;
                }
            }
            // CPython stores what the conversion returned (-1 on an error)
            // before checking for the error; so does this.
            T_LONG => {
                let x = PyLong_AsLong(v);
                write!(c_long, x);
                if x == -1 && !errors::PyErr_Occurred().is_null() {
                    return -1;
                }
            }
            T_ULONG => {
                let x = PyLong_AsUnsignedLong(v);
                write!(c_ulong, x);
                if x == c_ulong::MAX && !errors::PyErr_Occurred().is_null() {
                    // For compatibility, negative ints are accepted (with a
                    // warning), as CPython does.
                    errors::PyErr_Clear();
                    let signed = PyLong_AsLong(v);
                    write!(c_ulong, signed as c_ulong);
                    if signed == -1 && !errors::PyErr_Occurred().is_null() {
                        return -1;
                    }
                    if !warn(c"Writing negative value into unsigned field") {
                        return -1;
                    }
                }
            }
            T_PYSSIZET => {
                let x = PyLong_AsSsize_t(v);
                write!(Py_ssize_t, x);
                if x == -1 && !errors::PyErr_Occurred().is_null() {
                    return -1;
                }
            }
            T_FLOAT => {
                let x = PyFloat_AsDouble(v);
                if x == -1.0 && !errors::PyErr_Occurred().is_null() {
                    return -1;
                }
                write!(f32, x as f32);
            }
            T_DOUBLE => {
                let x = PyFloat_AsDouble(v);
                write!(f64, x);
                if x == -1.0 && !errors::PyErr_Occurred().is_null() {
                    return -1;
                }
            }
            T_OBJECT | T_OBJECT_EX => {
                if !v.is_null() {
                    Py_IncRef(v);
                }
                let old = ptr::read_unaligned(addr.cast::<*mut PyObject>());
                write!(*mut PyObject, v);
                Py_DecRef(old);
            }
            T_CHAR => {
                let mut len: Py_ssize_t = 0;
                let s = PyUnicode_AsUTF8AndSize(v, &mut len);
                if s.is_null() || len != 1 {
                    errors::PyErr_BadArgument();
                    return -1;
                }
                write!(c_char, *s);
            }
            T_STRING | T_STRING_INPLACE => {
                return errors::fail(Exc::TypeError, "readonly attribute");
            }
            T_LONGLONG => {
                let x = PyLong_AsLongLong(v);
                write!(i64, x);
                if x == -1 && !errors::PyErr_Occurred().is_null() {
                    return -1;
                }
            }
            T_ULONGLONG => {
                let x = if (*type_of(v)).tp_flags & Py_TPFLAGS_LONG_SUBCLASS != 0 {
                    PyLong_AsUnsignedLongLong(v)
                } else {
                    PyLong_AsLong(v) as u64
                };
                write!(u64, x);
                if x == u64::MAX && !errors::PyErr_Occurred().is_null() {
                    return -1;
                }
            }
            _ => {
                return errors::fail(
                    Exc::SystemError,
                    format!("bad memberdescr type for {}", member_name(l)),
                );
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::longobject::long_from_i64;

    #[repr(C)]
    struct Fields {
        head: [u8; 16],
        small: i8,
        wide: c_long,
    }

    #[test]
    fn truncation_and_failed_conversions_store_what_cpython_stores() {
        // (The RuntimeWarning of a truncation is checked against CPython's
        // stderr by the differential test; the warning hook is process-wide,
        // so unit tests running in parallel cannot share it.)
        let mut fields = Fields {
            head: [0; 16],
            small: 0,
            wide: 5,
        };
        let mut small = PyMemberDef {
            name: c"small".as_ptr(),
            type_code: T_BYTE,
            offset: std::mem::offset_of!(Fields, small) as Py_ssize_t,
            flags: 0,
            doc: ptr::null(),
        };
        let mut wide = PyMemberDef {
            name: c"wide".as_ptr(),
            type_code: T_LONG,
            offset: std::mem::offset_of!(Fields, wide) as Py_ssize_t,
            flags: 0,
            doc: ptr::null(),
        };
        let base = (&raw mut fields).cast::<c_char>();
        // SAFETY: `fields` has the fields the defs describe.
        unsafe {
            let v = long_from_i64(300);
            assert_eq!(PyMember_SetOne(base, &mut small, v), 0);
            assert_eq!(fields.small, 44);
            let text = PyUnicode_FromString(c"x".as_ptr());
            assert_eq!(PyMember_SetOne(base, &mut wide, text), -1);
            assert_eq!(fields.wide, -1, "CPython stores the -1 before checking");
            let e = errors::take_error().unwrap();
            assert_eq!(e.kind, Exc::TypeError);
            assert_eq!(PyMember_SetOne(base, &mut small, ptr::null_mut()), -1);
            assert_eq!(
                errors::take_error().unwrap().message,
                "can't delete numeric/char attribute"
            );
            Py_DecRef(text);
            Py_DecRef(v);
        }
    }
}
