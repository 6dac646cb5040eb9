//! The Python-level methods of `int` (CPython's `long_methods` table and
//! the Argument Clinic code in `Objects/clinic/longobject.c.h`):
//! `to_bytes`, `from_bytes` (a classmethod), `bit_length`, `bit_count`,
//! `as_integer_ratio`, `conjugate`, `__trunc__`/`__floor__`/`__ceil__`,
//! `__round__`, `__format__`,
//! with 3.11's defaults (`length=1`, `byteorder='big'`).

use std::ffi::c_int;
use std::ptr;

use super::{_PyLong_AsByteArray, _PyLong_FromByteArray, PyLong_FromSize_t, PyLong_Type, int_of};
use crate::ffi::*;
use crate::objects::r#abstract::type_name_200;
use crate::objects::bytesobject::{
    PyBytes_FromObject, PyBytes_Type, bytes_from_slice, bytes_to_vec,
};
use crate::objects::exceptions::Exc;
use crate::objects::object::{Py_DecRef, PyObject_IsTrue, type_of};
use crate::objects::unicodeobject::{is_str, str_value};
use crate::python::clinic::{
    METHOD_END, fastcall_kw, getter, method, ssize_arg, static_parser, unpack,
};
use crate::python::errors;
use crate::python::getargs::_PyArg_BadArgument;

static_parser!(TO_BYTES_KW = [c"length", c"byteorder", c"signed"]; TO_BYTES_PARSER = c"to_bytes");
static_parser!(
    FROM_BYTES_KW = [c"bytes", c"byteorder", c"signed"];
    FROM_BYTES_PARSER = c"from_bytes"
);

/// The `byteorder` and `signed` arguments: (little-endian, signed), or
/// None with Clinic's `TypeError` or `ValueError("byteorder must be either
/// 'little' or 'big'")`. The type check and `signed`'s truth come first,
/// as the generated parser runs them before the function body.
///
/// # Safety
/// Both NULL or live.
unsafe fn order_and_sign(
    fname: &std::ffi::CStr,
    byteorder: *mut PyObject,
    signed: *mut PyObject,
) -> Option<(bool, bool)> {
    // SAFETY: live per the contract.
    unsafe {
        if !byteorder.is_null() && !is_str(byteorder) {
            _PyArg_BadArgument(
                fname.as_ptr(),
                c"argument 'byteorder'".as_ptr(),
                c"str".as_ptr(),
                byteorder,
            );
            return None;
        }
        let mut is_signed = false;
        if !signed.is_null() {
            match PyObject_IsTrue(signed) {
                r if r < 0 => return None,
                r => is_signed = r > 0,
            }
        }
        let little = if byteorder.is_null() {
            false
        } else {
            match str_value(byteorder) {
                Some("little") => true,
                Some("big") => false,
                _ => {
                    errors::raise(
                        Exc::ValueError,
                        "byteorder must be either 'little' or 'big'",
                    );
                    return None;
                }
            }
        };
        Some((little, is_signed))
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`.
unsafe extern "C" fn int_to_bytes(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live int.
    unsafe {
        let Some([length, byteorder, signed]) =
            unpack::<3>(&TO_BYTES_PARSER, args, nargs, kwnames, 0, 2)
        else {
            return ptr::null_mut();
        };
        let mut n: Py_ssize_t = 1;
        if !length.is_null() {
            match ssize_arg(length) {
                Some(v) => n = v,
                None => return ptr::null_mut(),
            }
        }
        let Some((little, is_signed)) = order_and_sign(c"to_bytes", byteorder, signed) else {
            return ptr::null_mut();
        };
        if n < 0 {
            return errors::fail_null(Exc::ValueError, "length argument must be non-negative");
        }
        let mut out = Vec::new();
        if out.try_reserve_exact(n as usize).is_err() {
            return errors::PyErr_NoMemory();
        }
        out.resize(n as usize, 0u8);
        if _PyLong_AsByteArray(
            op,
            out.as_mut_ptr(),
            out.len(),
            little as c_int,
            is_signed as c_int,
        ) < 0
        {
            return ptr::null_mut();
        }
        bytes_from_slice(&out)
    }
}

/// CPython's `PyObject_Bytes` for `from_bytes`: a bytes as is, else what
/// the type's `__bytes__` returns (a bytes, or `TypeError("__bytes__
/// returned non-bytes (type T)")`), else `PyBytes_FromObject`.
///
/// # Safety
/// `o` a live object.
unsafe fn object_bytes(o: *mut PyObject) -> Option<Vec<u8>> {
    // SAFETY: live per the contract; references taken are released.
    unsafe {
        if type_of(o) == PyBytes_Type.get() {
            return Some(bytes_to_vec(o));
        }
        let name = crate::objects::unicodeobject::unicode_from_str("__bytes__");
        if name.is_null() {
            return None;
        }
        let mut func = ptr::null_mut();
        let found =
            crate::objects::object::_PyObject_LookupAttr(type_of(o).cast(), name, &mut func);
        Py_DecRef(name);
        let b = match found {
            r if r < 0 => return None,
            0 => PyBytes_FromObject(o),
            _ => {
                let r = crate::objects::call::PyObject_CallOneArg(func, o);
                Py_DecRef(func);
                if !r.is_null() && !crate::objects::bytesobject::is_bytes(r) {
                    let msg = format!("__bytes__ returned non-bytes (type {})", type_name_200(r));
                    Py_DecRef(r);
                    errors::raise(Exc::TypeError, msg);
                    return None;
                }
                r
            }
        };
        if b.is_null() {
            return None;
        }
        let v = bytes_to_vec(b);
        Py_DecRef(b);
        Some(v)
    }
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`: a
/// classmethod; for a subclass, `cls(value)`.
unsafe extern "C" fn int_from_bytes(
    cls: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live class.
    unsafe {
        let Some([bytes, byteorder, signed]) =
            unpack::<3>(&FROM_BYTES_PARSER, args, nargs, kwnames, 1, 2)
        else {
            return ptr::null_mut();
        };
        let Some((little, is_signed)) = order_and_sign(c"from_bytes", byteorder, signed) else {
            return ptr::null_mut();
        };
        let Some(data) = object_bytes(bytes) else {
            return ptr::null_mut();
        };
        let v = _PyLong_FromByteArray(
            data.as_ptr(),
            data.len(),
            little as c_int,
            is_signed as c_int,
        );
        if v.is_null() || cls == PyLong_Type.get().cast() {
            return v;
        }
        let r = crate::objects::call::PyObject_CallOneArg(cls, v);
        Py_DecRef(v);
        r
    }
}

/// `int.__sizeof__()`: the header and the digits, of which there is at
/// least one (zero is stored with one).
unsafe extern "C" fn int_sizeof(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int, whose header holds its signed digit count.
    let ndigits = unsafe { (*op.cast::<PyVarObject>()).ob_size }
        .unsigned_abs()
        .max(1);
    PyLong_FromSize_t(std::mem::offset_of!(PyLongObject, ob_digit) + ndigits * size_of::<digit>())
}

/// `int.bit_length()`: the bits of `abs(self)`.
unsafe extern "C" fn int_bit_length(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    PyLong_FromSize_t(unsafe { int_of(op) }.to_big().bits() as usize)
}

/// `int.bit_count()`: the ones in the binary form of `abs(self)`.
unsafe extern "C" fn int_bit_count(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    let v = unsafe { int_of(op) }.to_big();
    let ones: u64 = v
        .magnitude()
        .to_u64_digits()
        .iter()
        .map(|d| d.count_ones() as u64)
        .sum();
    PyLong_FromSize_t(ones as usize)
}

/// CPython's `long_long`: `self` as an exact int (itself when it is one;
/// a copy for bool and subclasses). `conjugate`, `__trunc__`, `__floor__`
/// and `__ceil__` are this.
unsafe extern "C" fn int_exact(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int.
    unsafe {
        if type_of(op) == PyLong_Type.get() {
            crate::objects::object::Py_IncRef(op);
            return op;
        }
        super::long_from_bigint(&int_of(op).to_big())
    }
}

/// `int.as_integer_ratio()`: `(int(self), 1)`.
unsafe extern "C" fn int_as_integer_ratio(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int; our references are released.
    unsafe {
        let n = int_exact(op, ptr::null_mut());
        if n.is_null() {
            return n;
        }
        let one = PyLong_FromSize_t(1);
        if one.is_null() {
            Py_DecRef(n);
            return one;
        }
        let t = crate::objects::tupleobject::tuple_from_slice(&[n, one]);
        Py_DecRef(n);
        Py_DecRef(one);
        t
    }
}

/// `v` rounded to a multiple of `10**n` (`n` > 0), ties to the even
/// multiple: `v - r` where `r` is the remainder of CPython's
/// `_PyLong_DivmodNear(v, 10**n)`. A power of ten more than twice `|v|`
/// rounds every value to 0, so it is not computed (CPython would build
/// `10**n` however large `n` is).
fn round_to_power_of_ten(v: &super::Int, n: u64) -> super::Int {
    use num_bigint::BigInt;
    use num_integer::Integer;
    // 10**n >= 2**(3n) > 2 * |v| once 3n > bits + 1.
    if n.saturating_mul(3) > v.bits() + 1 {
        return super::Int::Small(0);
    }
    let b = num_traits::pow::pow(BigInt::from(10), n as usize);
    let a = v.to_big();
    let (q, mut r) = a.div_mod_floor(&b);
    let twice: BigInt = &r * 2;
    if twice > b || (twice == b && q.is_odd()) {
        r -= &b;
    }
    super::Int::from_big(a - r)
}

/// `int.__round__(ndigits=None, /)`: the int itself for no or a
/// non-negative `ndigits`, else rounded to a multiple of `10**-ndigits`,
/// ties to even.
unsafe extern "C" fn int_round(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live int.
    unsafe {
        let Ok(ndigits) = crate::python::clinic::round_ndigits(args, nargs) else {
            return ptr::null_mut();
        };
        let Some(ndigits) = ndigits else {
            return super::long_long(op);
        };
        let index = crate::objects::r#abstract::_PyNumber_Index(ndigits);
        if index.is_null() {
            return ptr::null_mut();
        }
        let n = int_of(index);
        Py_DecRef(index);
        if !n.is_negative() {
            return super::long_long(op);
        }
        // -n does not fit u64 only when it is astronomically large, where
        // the result is 0 as well.
        let places = match &n {
            super::Int::Small(x) => u64::try_from(x.unsigned_abs()).unwrap_or(u64::MAX),
            super::Int::Big(_) => u64::MAX,
        };
        super::long_from_int(&round_to_power_of_ten(&int_of(op), places))
    }
}

/// `int.__getnewargs__()`: `(copy,)`, an exact `int` of self's value
/// (what `object.__reduce_ex__(2)` rebuilds an `int` or a subclass
/// instance from).
unsafe extern "C" fn int_getnewargs(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live int (the method's self).
    unsafe { crate::objects::tupleobject::getnewargs_of(super::long_copy(op)) }
}

pub(super) static LONG_METHODS: StaticObject<[PyMethodDef; 14]> = StaticObject::new([
    method(c"conjugate", int_exact, METH_NOARGS),
    method(c"__getnewargs__", int_getnewargs, METH_NOARGS),
    method(c"as_integer_ratio", int_as_integer_ratio, METH_NOARGS),
    method(c"__trunc__", int_exact, METH_NOARGS),
    method(c"__floor__", int_exact, METH_NOARGS),
    method(c"__ceil__", int_exact, METH_NOARGS),
    method(c"bit_length", int_bit_length, METH_NOARGS),
    method(c"bit_count", int_bit_count, METH_NOARGS),
    method(c"__sizeof__", int_sizeof, METH_NOARGS),
    fastcall_kw(c"to_bytes", int_to_bytes, 0),
    fastcall_kw(c"from_bytes", int_from_bytes, METH_CLASS),
    crate::python::clinic::fastcall(c"__round__", int_round),
    method(
        c"__format__",
        crate::python::formatter_unicode::long_format_method,
        METH_O,
    ),
    METHOD_END,
]);

// ==========================================================================
// Attributes
// ==========================================================================

/// `int.real` and `int.numerator`: the value as an exact int (the int
/// itself when exact; `True.real` is 1).
unsafe extern "C" fn long_self(op: *mut PyObject, _: *mut std::ffi::c_void) -> *mut PyObject {
    // SAFETY: a live int.
    unsafe { super::long_long(op) }
}

/// `int.imag`: 0.
unsafe extern "C" fn long_zero(_: *mut PyObject, _: *mut std::ffi::c_void) -> *mut PyObject {
    PyLong_FromSize_t(0)
}

/// `int.denominator`: 1.
unsafe extern "C" fn long_one(_: *mut PyObject, _: *mut std::ffi::c_void) -> *mut PyObject {
    PyLong_FromSize_t(1)
}

pub(super) static LONG_GETSET: StaticObject<[PyGetSetDef; 5]> = StaticObject::new([
    getter(c"real", long_self),
    getter(c"imag", long_zero),
    getter(c"numerator", long_self),
    getter(c"denominator", long_one),
    PyGetSetDef::zeroed(),
]);
