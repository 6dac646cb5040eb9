//! `bool` (CPython's `Objects/boolobject.c`): a subclass of `int` with two
//! immortal instances, `True` and `False`.

#![allow(non_upper_case_globals)]

use std::ffi::{c_int, c_long};

use crate::ffi::*;
use crate::objects::longobject::{LONG_AS_NUMBER, PyLong_Type, long_hash, long_richcompare};
use crate::objects::object::{self, immortal_dealloc};
use crate::objects::typeobject::static_type;

/// `PyBool_Type`: `bool`, a subclass of `int` with two instances.
#[unsafe(no_mangle)]
pub static PyBool_Type: StaticObject<PyTypeObject> = StaticObject::new({
    // CPython's is sizeof(PyLongObject), one digit and padding more than
    // int's; extensions compare it (Cython refuses a smaller bool).
    let mut ty = static_type(
        c"bool",
        std::mem::size_of::<PyLongObject>(),
        Py_TPFLAGS_LONG_SUBCLASS,
        immortal_dealloc,
    );
    ty.tp_base = PyLong_Type.get();
    ty.tp_as_number = &raw const BOOL_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_repr = Some(bool_repr);
    // Inherited from int, as PyType_Ready would fill them.
    ty.tp_hash = Some(long_hash);
    ty.tp_richcompare = Some(long_richcompare);
    ty.tp_new = Some(bool_new);
    ty
});

/// `bool(x=False, /)` (`tp_new`): `x`'s truth value.
///
/// Fails (NULL) with `TypeError("bool() takes no keyword arguments")`,
/// `TypeError("bool expected at most 1 argument, got N")`, or the error of
/// `x.__bool__` / `__len__`.
unsafe extern "C" fn bool_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject;
    use crate::python::getargs::{_PyArg_CheckPositional, _PyArg_NoKeywords};
    // SAFETY: `args` a tuple, `kwds` NULL or a dict (tp_new's contract).
    unsafe {
        if _PyArg_NoKeywords(c"bool".as_ptr(), kwds) == 0 {
            return std::ptr::null_mut();
        }
        let n = tupleobject::size(args);
        if _PyArg_CheckPositional(c"bool".as_ptr(), n, 0, 1) == 0 {
            return std::ptr::null_mut();
        }
        if n == 0 {
            return bool_from_bool(false);
        }
        match object::PyObject_IsTrue(tupleobject::get(args, 0)) {
            r if r < 0 => std::ptr::null_mut(),
            r => bool_from_bool(r > 0),
        }
    }
}

/// int's number slots, with `&`, `|` and `^` of two bools giving a bool.
static BOOL_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_and: Some(bool_and),
    nb_or: Some(bool_or),
    nb_xor: Some(bool_xor),
    ..LONG_AS_NUMBER
};

/// `repr(bool)`: `True` or `False`.
unsafe extern "C" fn bool_repr(op: *mut PyObject) -> *mut PyObject {
    crate::objects::unicodeobject::unicode_from_str(if op == py_true() { "True" } else { "False" })
}

/// A bitwise slot of bool: both bools give a bool, anything else int's
/// result.
///
/// # Safety
/// Both must be live objects.
unsafe fn bool_bitwise(
    a: *mut PyObject,
    b: *mut PyObject,
    on_bools: fn(bool, bool) -> bool,
    on_ints: Option<binaryfunc>,
) -> *mut PyObject {
    let bool_type = PyBool_Type.get();
    // SAFETY: live objects; int's slot for ints.
    unsafe {
        if object::type_of(a) != bool_type || object::type_of(b) != bool_type {
            return on_ints.expect("int has its bitwise slots")(a, b);
        }
    }
    bool_from_bool(on_bools(a == py_true(), b == py_true()))
}

unsafe extern "C" fn bool_and(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { bool_bitwise(a, b, |x, y| x & y, LONG_AS_NUMBER.nb_and) }
}

unsafe extern "C" fn bool_or(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { bool_bitwise(a, b, |x, y| x | y, LONG_AS_NUMBER.nb_or) }
}

unsafe extern "C" fn bool_xor(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe { bool_bitwise(a, b, |x, y| x ^ y, LONG_AS_NUMBER.nb_xor) }
}

/// `_Py_FalseStruct`: the `False` object (`Py_False` in C).
#[unsafe(no_mangle)]
pub static _Py_FalseStruct: StaticObject<PyLongObject> =
    StaticObject::new(PyLongObject::immortal_bool(false));

/// `_Py_TrueStruct`: the `True` object (`Py_True` in C).
#[unsafe(no_mangle)]
pub static _Py_TrueStruct: StaticObject<PyLongObject> =
    StaticObject::new(PyLongObject::immortal_bool(true));

/// `Py_True` as a pointer (borrowed; the object is immortal).
pub fn py_true() -> *mut PyObject {
    _Py_TrueStruct.get().cast()
}

/// `Py_False` as a pointer (borrowed; the object is immortal).
pub fn py_false() -> *mut PyObject {
    _Py_FalseStruct.get().cast()
}

/// A new reference to `True` or `False`. Never fails.
pub fn bool_from_bool(value: bool) -> *mut PyObject {
    let op = if value { py_true() } else { py_false() };
    // SAFETY: an immortal static object.
    unsafe { object::Py_IncRef(op) };
    op
}

/// `Py_IsTrue(x)` as a function. Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn Py_IsTrue(x: *mut PyObject) -> c_int {
    (x == py_true()) as c_int
}

/// `Py_IsFalse(x)` as a function. Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn Py_IsFalse(x: *mut PyObject) -> c_int {
    (x == py_false()) as c_int
}

/// `PyBool_FromLong(v)`: a new reference to `True` when `v` is nonzero,
/// else `False`. Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn PyBool_FromLong(v: c_long) -> *mut PyObject {
    bool_from_bool(v != 0)
}
