//! The `copyreg` module, built in (CPython's `Lib/copyreg.py`, of which
//! pybuffer has only the parts `object.__reduce_ex__` hands out for
//! protocol 2 and up): `__newobj__(cls, *args)` and `__newobj_ex__(cls,
//! args, kwargs)`, which call `cls.__new__` as unpickling does. The
//! protocol 0/1 helpers (`_reduce_ex`, `_reconstructor`) and the
//! extension registry are not there, so those protocols fail with
//! `AttributeError` (and `object.__reduce__()` with them).

use std::ffi::CStr;
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::{Owned, PyObject_GetAttrString};
use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_GetSlice, PyTuple_Size};
use crate::python::errors;

/// `cls.__new__`, or NULL with the error.
///
/// # Safety
/// `cls` must be a live object.
unsafe fn new_of(cls: *mut PyObject) -> Option<Owned> {
    // SAFETY: per the contract; a NUL-terminated name.
    Owned::new(unsafe { PyObject_GetAttrString(cls, c"__new__".as_ptr()) })
}

/// `__newobj__(cls, *args)`: `cls.__new__(cls, *args)`.
unsafe extern "C" fn newobj(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_VARARGS with a tuple.
    unsafe {
        if PyTuple_Size(args) < 1 {
            return errors::fail_null(
                Exc::TypeError,
                "__newobj__() missing 1 required positional argument: 'cls'",
            );
        }
        let Some(new) = new_of(PyTuple_GetItem(args, 0)) else {
            return ptr::null_mut();
        };
        crate::objects::call::PyObject_Call(new.as_ptr(), args, ptr::null_mut())
    }
}

/// `__newobj_ex__(cls, args, kwargs)`: `cls.__new__(cls, *args,
/// **kwargs)`.
unsafe extern "C" fn newobj_ex(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_VARARGS with a tuple; every object is live.
    unsafe {
        let n = PyTuple_Size(args);
        if n != 3 {
            return errors::fail_null(
                Exc::TypeError,
                if n < 3 {
                    let missing = ["'cls'", "'args'", "'kwargs'"];
                    let names = &missing[n as usize..];
                    let list = match names {
                        [a] => a.to_string(),
                        [a, b] => format!("{a} and {b}"),
                        [a, b, c] => format!("{a}, {b}, and {c}"),
                        _ => unreachable!("n < 3"),
                    };
                    format!(
                        "__newobj_ex__() missing {} required positional argument{}: {list}",
                        names.len(),
                        if names.len() == 1 { "" } else { "s" }
                    )
                } else {
                    format!("__newobj_ex__() takes 3 positional arguments but {n} were given")
                },
            );
        }
        let cls = PyTuple_GetItem(args, 0);
        let Some(new) = new_of(cls) else {
            return ptr::null_mut();
        };
        let Some(rest) = Owned::new(crate::objects::r#abstract::PySequence_Tuple(
            PyTuple_GetItem(args, 1),
        )) else {
            return ptr::null_mut();
        };
        let Some(cls_t) = Owned::new(PyTuple_GetSlice(args, 0, 1)) else {
            return ptr::null_mut();
        };
        let Some(all) = Owned::new(crate::objects::r#abstract::PySequence_Concat(
            cls_t.as_ptr(),
            rest.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        crate::objects::call::PyObject_Call(new.as_ptr(), all.as_ptr(), PyTuple_GetItem(args, 2))
    }
}

const fn def(name: &'static CStr, f: PyCFunction) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        ml_meth: Some(f),
        ml_flags: METH_VARARGS,
        ml_doc: ptr::null(),
    }
}

static COPYREG_METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    def(c"__newobj__", newobj),
    def(c"__newobj_ex__", newobj_ex),
    PyMethodDef::zeroed(),
]);

/// Makes the `copyreg` module (a new reference), or NULL with the error.
pub(crate) fn make_copyreg() -> *mut PyObject {
    // SAFETY: a NUL-terminated name; the static table outlives the module.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(
            c"copyreg".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_AddFunctions(
            m.as_ptr(),
            COPYREG_METHODS.get().cast(),
        ) < 0
        {
            return ptr::null_mut();
        }
        m.into_raw()
    }
}
