//! The Python-level methods of `tuple` (CPython's `tuple_methods` and its
//! Argument Clinic code): `index` and `count`.

use std::ptr;

use super::{get, size};
use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::longobject::PyLong_FromSsize_t;
use crate::objects::object::PyObject_RichCompareBool;
use crate::python::clinic::{METHOD_END, arg, clamp_index, fastcall, index_bounds, method};
use crate::python::errors;
use crate::python::getargs::_PyArg_CheckPositional;

/// `tuple.index(value, start=0, stop=sys.maxsize, /)`:
/// `ValueError("tuple.index(x): x not in tuple")`.
unsafe extern "C" fn tuple_index(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live tuple, whose items cannot change.
    unsafe {
        if _PyArg_CheckPositional(c"index".as_ptr(), nargs, 1, 3) == 0 {
            return ptr::null_mut();
        }
        let value = arg(args, 0);
        let Some((start, stop)) = index_bounds(args, nargs) else {
            return ptr::null_mut();
        };
        let n = size(op);
        let (start, stop) = (clamp_index(start, n), clamp_index(stop, n));
        let mut i = start;
        while i < stop {
            match PyObject_RichCompareBool(get(op, i), value, Py_EQ) {
                r if r > 0 => return PyLong_FromSsize_t(i),
                r if r < 0 => return ptr::null_mut(),
                _ => {}
            }
            i += 1;
        }
    }
    errors::fail_null(Exc::ValueError, "tuple.index(x): x not in tuple")
}

/// `tuple.count(value, /)`.
unsafe extern "C" fn tuple_count(op: *mut PyObject, value: *mut PyObject) -> *mut PyObject {
    let mut count: Py_ssize_t = 0;
    // SAFETY: a live tuple.
    unsafe {
        for i in 0..size(op) {
            match PyObject_RichCompareBool(get(op, i), value, Py_EQ) {
                r if r > 0 => count += 1,
                r if r < 0 => return ptr::null_mut(),
                _ => {}
            }
        }
    }
    PyLong_FromSsize_t(count)
}

/// `tuple.__getnewargs__()`: `(t,)` where `t` is an exact tuple of self's
/// items (self itself when it is one).
unsafe extern "C" fn tuple_getnewargs(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live tuple (the method's self); the slice is new or self
    // with a new reference.
    unsafe { super::getnewargs_of(super::PyTuple_GetSlice(op, 0, size(op))) }
}

pub(super) static TUPLE_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    fastcall(c"index", tuple_index),
    method(c"__getnewargs__", tuple_getnewargs, METH_NOARGS),
    method(c"count", tuple_count, METH_O),
    METHOD_END,
]);
