//! What the modules written natively in place of CPython's Python source
//! (`abc`, `numbers`, `enum`) share: the C API they call and a few small
//! helpers over it.
//!
//! The C API is re-exported from where the library defines it, so these
//! modules call the Rust functions directly instead of each redeclaring
//! them in an `extern "C"` block; only the variadic `PyObject_CallMethod`,
//! defined in C, is declared here.

use std::ffi::CStr;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::python::errors;

pub(crate) use crate::objects::r#abstract::{
    PyIter_Next, PyNumber_Add, PyNumber_And, PyNumber_Float, PyNumber_FloorDivide,
    PyNumber_InPlaceOr, PyNumber_Invert, PyNumber_Long, PyNumber_Lshift, PyNumber_Negative,
    PyNumber_Or, PyNumber_Positive, PyNumber_Remainder, PyNumber_Subtract, PyNumber_ToBase,
    PyNumber_TrueDivide, PyNumber_Xor, PyObject_Format, PyObject_GetItem, PyObject_GetIter,
    PySequence_Contains, PySequence_List,
};
pub(crate) use crate::objects::call::{
    PyObject_Call, PyObject_CallMethodNoArgs, PyObject_CallMethodOneArg, PyObject_CallOneArg,
};
pub(crate) use crate::objects::classobject::PyMethod_New;
pub(crate) use crate::objects::descrobject::{
    PyDescr_NewClassMethod, PyDescr_NewGetSet, PyDescr_NewMethod, PyDictProxy_New,
};
pub(crate) use crate::objects::dictobject::{
    PyDict_Contains, PyDict_DelItem, PyDict_DelItemString, PyDict_GetItemString,
    PyDict_GetItemWithError, PyDict_Keys, PyDict_New, PyDict_Next, PyDict_SetDefault,
    PyDict_SetItem, PyDict_SetItemString, PyDict_Size,
};
pub(crate) use crate::objects::listobject::{
    PyList_Append, PyList_GetItem, PyList_New, PyList_Reverse, PyList_Size, PyList_Sort,
};
pub(crate) use crate::objects::longobject::{
    PyLong_AsLong, PyLong_AsSsize_t, PyLong_FromLong, PyLong_FromSsize_t,
    PyLong_FromUnsignedLongLong,
};
pub(crate) use crate::objects::methodobject::PyCFunction_NewEx;
pub(crate) use crate::objects::moduleobject::PyModule_New;
pub(crate) use crate::objects::object::{
    PyObject_GetAttrString, PyObject_Hash, PyObject_IsTrue, PyObject_RichCompare,
    PyObject_RichCompareBool, PyObject_SetAttr, PyObject_SetAttrString, PyObject_Str,
};
pub(crate) use crate::objects::setobject::{
    PyFrozenSet_New, PySet_Add, PySet_Clear, PySet_Contains, PySet_Discard, PySet_New, PySet_Size,
};
pub(crate) use crate::objects::tupleobject::{
    PyTuple_GetItem, PyTuple_New, PyTuple_SetItem, PyTuple_Size,
};
pub(crate) use crate::objects::typeobject::{
    _PyType_Lookup, PyObject_IsInstance, PyObject_IsSubclass, PyType_GenericAlloc,
};
pub(crate) use crate::objects::unicodeobject::{
    PyUnicode_Join, PyUnicode_Replace, PyUnicode_Split,
};
pub(crate) use crate::objects::weakrefobject::{PyWeakref_GetObject, PyWeakref_NewRef};
pub(crate) use crate::python::errors::{
    PyErr_Clear, PyErr_ExceptionMatches, PyErr_Occurred, PyErr_SetNone, PyErr_SetObject,
};
pub(crate) use crate::python::modsupport::PyModule_AddObjectRef;
pub(crate) use crate::python::warnings::PyErr_WarnEx;

unsafe extern "C" {
    /// Defined in C: Rust cannot define a variadic function.
    pub(crate) fn PyObject_CallMethod(
        o: *mut PyObject,
        name: *const std::ffi::c_char,
        format: *const std::ffi::c_char,
        ...
    ) -> *mut PyObject;
}

// ==========================================================================
// Small helpers
// ==========================================================================

/// A new object, or None with the error set.
pub(crate) type R = Option<Owned>;

/// A new str, or None with the MemoryError.
pub(crate) fn s(text: &str) -> R {
    Owned::new(crate::objects::unicodeobject::unicode_from_str(text))
}

/// Raises `exc(message)` and returns None.
pub(crate) fn raise<T>(exc: Exc, message: impl Into<String>) -> Option<T> {
    errors::raise(exc, message);
    None
}

/// Puts a descriptor for each def in the class dict (the class's own
/// methods and attributes, as a class statement's `def`s would).
///
/// # Safety
/// `cls` must be a live, ready type; the defs static.
pub(crate) unsafe fn add_descriptors(
    cls: *mut PyObject,
    methods: &[PyMethodDef],
    getsets: &[PyGetSetDef],
) -> Option<()> {
    // SAFETY: per the contract; the defs outlive the descriptors.
    unsafe {
        let d = (*cls.cast::<PyTypeObject>()).tp_dict;
        for m in methods {
            let desc = Owned::new(PyDescr_NewMethod(cls.cast(), ptr::from_ref(m).cast_mut()))?;
            if PyDict_SetItemString(d, m.ml_name, desc.as_ptr()) < 0 {
                return None;
            }
        }
        for g in getsets {
            let desc = Owned::new(PyDescr_NewGetSet(cls.cast(), ptr::from_ref(g).cast_mut()))?;
            if PyDict_SetItemString(d, g.name, desc.as_ptr()) < 0 {
                return None;
            }
        }
        Some(())
    }
}

/// The one argument of a Python function `func(<param>)` (`func` as it
/// names itself in messages, e.g. `ABCMeta.register`; its `self` is
/// bound already and counted in the messages) called with `args` / `kw`,
/// borrowed; None with the TypeError a Python function raises.
///
/// # Safety
/// `args` a live tuple, `kw` NULL or a live dict.
pub(crate) unsafe fn one_arg(
    func: &str,
    param: &str,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> Option<*mut PyObject> {
    // SAFETY: per the contract.
    unsafe {
        let n = PyTuple_Size(args);
        if n > 1 {
            return raise(
                Exc::TypeError,
                format!(
                    "{func}() takes 2 positional arguments but {} were given",
                    n + 1
                ),
            );
        }
        let mut arg = if n == 1 {
            PyTuple_GetItem(args, 0)
        } else {
            ptr::null_mut()
        };
        if !kw.is_null() {
            let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(kw, &mut pos, &mut k, &mut v) != 0 {
                let key = crate::objects::object::text_of(k);
                if key != param {
                    return raise(
                        Exc::TypeError,
                        format!("{func}() got an unexpected keyword argument '{key}'"),
                    );
                }
                if !arg.is_null() {
                    return raise(
                        Exc::TypeError,
                        format!("{func}() got multiple values for argument '{param}'"),
                    );
                }
                arg = v;
            }
        }
        if arg.is_null() {
            return raise(
                Exc::TypeError,
                format!("{func}() missing 1 required positional argument: '{param}'"),
            );
        }
        Some(arg)
    }
}

/// The arguments of a call to a Python function `def func(params...)`
/// whose first `required` parameters have no default, bound from `args` /
/// `kw` as CPython binds them: the positional ones first, then each
/// keyword (an unknown one or a second value is an error), then the count
/// of positional ones, then the missing ones, each with CPython's message.
/// Borrowed, NULL where a defaulted parameter was not given; None with the
/// TypeError.
///
/// # Safety
/// `args` a live tuple, `kw` NULL or a live dict.
pub(crate) unsafe fn bind_python_args(
    func: &str,
    params: &[&str],
    required: usize,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> Option<Vec<*mut PyObject>> {
    // SAFETY: per the contract.
    unsafe {
        let given = PyTuple_Size(args) as usize;
        let mut bound = vec![ptr::null_mut(); params.len()];
        for (i, b) in bound.iter_mut().enumerate().take(given) {
            *b = PyTuple_GetItem(args, i as Py_ssize_t);
        }
        if !kw.is_null() {
            let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(kw, &mut pos, &mut k, &mut v) != 0 {
                if !crate::objects::unicodeobject::is_str(k) {
                    return raise(Exc::TypeError, "keywords must be strings");
                }
                let key = crate::objects::object::text_of(k);
                let Some(i) = params.iter().position(|p| *p == key) else {
                    return raise(
                        Exc::TypeError,
                        format!("{func}() got an unexpected keyword argument '{key}'"),
                    );
                };
                if !bound[i].is_null() {
                    return raise(
                        Exc::TypeError,
                        format!("{func}() got multiple values for argument '{key}'"),
                    );
                }
                bound[i] = v;
            }
        }
        if given > params.len() {
            let takes = if required == params.len() {
                let n = params.len();
                format!("{n} positional argument{}", if n == 1 { "" } else { "s" })
            } else {
                format!("from {required} to {} positional arguments", params.len())
            };
            let was = if given == 1 { "was" } else { "were" };
            return raise(
                Exc::TypeError,
                format!("{func}() takes {takes} but {given} {was} given"),
            );
        }
        let missing: Vec<String> = (0..required)
            .filter(|&i| bound[i].is_null())
            .map(|i| format!("'{}'", params[i]))
            .collect();
        if !missing.is_empty() {
            let list = match missing.as_slice() {
                [one] => one.clone(),
                [a, b] => format!("{a} and {b}"),
                [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
                [] => String::new(),
            };
            return raise(
                Exc::TypeError,
                format!(
                    "{func}() missing {} required positional argument{}: {list}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                ),
            );
        }
        Some(bound)
    }
}

/// `a, b = item`, as CPython's `UNPACK_SEQUENCE` unpacks it: the two items
/// of an iterable of exactly two, else "cannot unpack non-iterable T
/// object" (only for an object with neither `__iter__` nor the sequence
/// protocol; any other failure of `iter()` is passed on), "not enough
/// values to unpack (expected 2, got N)" or "too many values to unpack
/// (expected 2)" (after taking a third item).
///
/// # Safety
/// `item` must be live.
pub(crate) unsafe fn unpack_pair(item: *mut PyObject) -> Option<(Owned, Owned)> {
    // SAFETY: per the contract.
    unsafe {
        let Some(it) = Owned::new(PyObject_GetIter(item)) else {
            if PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0
                && (*crate::objects::object::type_of(item)).tp_iter.is_none()
                && crate::objects::r#abstract::PySequence_Check(item) == 0
            {
                PyErr_Clear();
                return raise(
                    Exc::TypeError,
                    format!(
                        "cannot unpack non-iterable {} object",
                        crate::objects::object::type_name_max(item, 200)
                    ),
                );
            }
            return None;
        };
        let mut got = Vec::with_capacity(3);
        loop {
            let Some(x) = Owned::new(PyIter_Next(it.as_ptr())) else {
                if !PyErr_Occurred().is_null() {
                    return None;
                }
                break;
            };
            got.push(x);
            if got.len() > 2 {
                return raise(Exc::ValueError, "too many values to unpack (expected 2)");
            }
        }
        if got.len() < 2 {
            return raise(
                Exc::ValueError,
                format!(
                    "not enough values to unpack (expected 2, got {})",
                    got.len()
                ),
            );
        }
        let b = got.pop()?;
        let a = got.pop()?;
        Some((a, b))
    }
}

/// Adds `(name, value)` to module `m` (new references taken).
///
/// # Safety
/// `m` a live module, the values live.
pub(crate) unsafe fn add_objects(m: *mut PyObject, items: &[(&CStr, *mut PyObject)]) -> Option<()> {
    // SAFETY: per the contract.
    unsafe {
        for (name, v) in items {
            if PyModule_AddObjectRef(m, name.as_ptr(), *v) < 0 {
                return None;
            }
        }
        Some(())
    }
}
