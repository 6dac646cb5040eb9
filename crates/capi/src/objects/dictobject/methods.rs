//! The Python-level methods of `dict` (CPython's `mapp_methods` table and
//! the Argument Clinic code in `Objects/clinic/dictobject.c.h`): the same
//! names, positional/keyword rules, results and messages.

use std::ptr;

use super::views::{DictView, new_view};
use super::{
    _PyDict_Pop, PyDict_Clear, PyDict_Copy, PyDict_GetItemWithError, PyDict_SetDefault,
    PyDict_SetItem, dict_contains, dict_subscript, remove_entry, table, update_common, used,
};
use crate::ffi::*;
use crate::objects::r#abstract as abstract_;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::object::{Py_DecRef, Py_IncRef, none, py_none, type_of};
use crate::objects::tupleobject::tuple_from_slice;
use crate::python::clinic::{METHOD_END, arg, fastcall, method};
use crate::python::errors;
use crate::python::getargs::_PyArg_CheckPositional;

/// `dict.get(key, default=None, /)`.
unsafe extern "C" fn dict_get(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live dict.
    unsafe {
        if _PyArg_CheckPositional(c"get".as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let v = PyDict_GetItemWithError(op, arg(args, 0));
        if v.is_null() {
            if !errors::PyErr_Occurred().is_null() {
                return ptr::null_mut();
            }
            let default = if nargs >= 2 { arg(args, 1) } else { py_none() };
            Py_IncRef(default);
            return default;
        }
        Py_IncRef(v);
        v
    }
}

/// `dict.setdefault(key, default=None, /)`.
unsafe extern "C" fn dict_setdefault(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live dict.
    unsafe {
        if _PyArg_CheckPositional(c"setdefault".as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let default = if nargs >= 2 { arg(args, 1) } else { py_none() };
        let v = PyDict_SetDefault(op, arg(args, 0), default);
        if !v.is_null() {
            Py_IncRef(v);
        }
        v
    }
}

/// `dict.pop(key, default=<unrepresentable>, /)`: `KeyError(key)` when
/// missing without a default.
unsafe extern "C" fn dict_pop(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live dict.
    unsafe {
        if _PyArg_CheckPositional(c"pop".as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let default = if nargs >= 2 {
            arg(args, 1)
        } else {
            ptr::null_mut()
        };
        _PyDict_Pop(op, arg(args, 0), default)
    }
}

/// `dict.popitem()`: the last item as a `(key, value)` tuple (LIFO);
/// `KeyError("popitem(): dictionary is empty")`.
unsafe extern "C" fn dict_popitem(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict; the last live entry is found and removed with
    // no C code running in between (making the tuple first, as CPython
    // does, so a MemoryError leaves the dict alone).
    unsafe {
        if used(op) == 0 {
            return errors::fail_null(Exc::KeyError, "popitem(): dictionary is empty");
        }
        // The table is Rust's own (never seen by C), and no C code runs
        // while this reference lives.
        let t = &*table(op);
        let Some(ix) = t.entries.iter().rposition(|e| !e.key.is_null()) else {
            return errors::fail_null(Exc::KeyError, "popitem(): dictionary is empty");
        };
        let e = t.entries[ix];
        let pair = tuple_from_slice(&[e.key, e.value]);
        if pair.is_null() {
            return ptr::null_mut();
        }
        // The tuple holds its own references; the dict's go now. The
        // entries from `ix` on are all deleted now: dropping them (as
        // CPython lowers `dk_nentries`) keeps repeated popitem linear. No
        // index slot refers to them (removal marks a slot DUMMY).
        let (k, v) = remove_entry(op, ix);
        (*table(op)).entries.truncate(ix);
        Py_DecRef(k);
        Py_DecRef(v);
        pair
    }
}

/// `dict.update([other], /, **kwargs)`.
unsafe extern "C" fn dict_update(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call on a live dict.
    if unsafe { update_common(op, args, kwds, c"update") } < 0 {
        return ptr::null_mut();
    }
    none()
}

/// `dict.copy()`: a plain dict, also for subclasses.
unsafe extern "C" fn dict_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict.
    unsafe { PyDict_Copy(op) }
}

/// `dict.clear()`.
unsafe extern "C" fn dict_clear(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict.
    unsafe { PyDict_Clear(op) };
    none()
}

/// `dict.fromkeys(iterable, value=None, /)` (a classmethod, CPython's
/// `_PyDict_FromKeys`): `cls()`, then `d[key] = value` for every key.
unsafe extern "C" fn dict_fromkeys(
    cls: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
) -> *mut PyObject {
    // SAFETY: a fastcall on a live class.
    unsafe {
        if _PyArg_CheckPositional(c"fromkeys".as_ptr(), nargs, 1, 2) == 0 {
            return ptr::null_mut();
        }
        let iterable = arg(args, 0);
        let value = if nargs >= 2 { arg(args, 1) } else { py_none() };
        let d = crate::objects::call::PyObject_CallNoArgs(cls);
        if d.is_null() {
            return ptr::null_mut();
        }
        let it = abstract_::PyObject_GetIter(iterable);
        if it.is_null() {
            Py_DecRef(d);
            return ptr::null_mut();
        }
        let exact = type_of(d) == super::PyDict_Type.get();
        loop {
            let key = abstract_::PyIter_Next(it);
            if key.is_null() {
                break;
            }
            let status = if exact {
                PyDict_SetItem(d, key, value)
            } else {
                abstract_::PyObject_SetItem(d, key, value)
            };
            Py_DecRef(key);
            if status < 0 {
                break;
            }
        }
        Py_DecRef(it);
        if !errors::PyErr_Occurred().is_null() {
            Py_DecRef(d);
            return ptr::null_mut();
        }
        d
    }
}

/// `dict.__contains__(key, /)` (`METH_COEXIST`).
unsafe extern "C" fn dict_contains_method(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict and key.
    match unsafe { dict_contains(op, key) } {
        r if r < 0 => ptr::null_mut(),
        r => bool_from_bool(r > 0),
    }
}

/// `dict.__getitem__` (`METH_COEXIST`, the subscript).
unsafe extern "C" fn dict_getitem(op: *mut PyObject, key: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict and key.
    unsafe { dict_subscript(op, key) }
}

unsafe extern "C" fn dict_keys(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict.
    unsafe { new_view(op, DictView::Keys) }
}

unsafe extern "C" fn dict_values(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict.
    unsafe { new_view(op, DictView::Values) }
}

unsafe extern "C" fn dict_items(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict.
    unsafe { new_view(op, DictView::Items) }
}

/// `dict.__reversed__()`: an iterator over the keys, last first.
unsafe extern "C" fn dict_reversed(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live dict.
    unsafe { super::new_dict_iter(op, super::PyDictRevIterKey_Type.get()) }
}

pub(super) static DICT_METHODS: StaticObject<[PyMethodDef; 16]> = StaticObject::new([
    method(c"__contains__", dict_contains_method, METH_O | METH_COEXIST),
    method(c"__getitem__", dict_getitem, METH_O | METH_COEXIST),
    fastcall(c"get", dict_get),
    fastcall(c"setdefault", dict_setdefault),
    fastcall(c"pop", dict_pop),
    method(c"popitem", dict_popitem, METH_NOARGS),
    method(c"keys", dict_keys, METH_NOARGS),
    method(c"items", dict_items, METH_NOARGS),
    method(c"values", dict_values, METH_NOARGS),
    {
        // SAFETY: METH_VARARGS | METH_KEYWORDS tells the caller the real
        // signature.
        let meth = unsafe {
            std::mem::transmute::<
                unsafe extern "C" fn(*mut PyObject, *mut PyObject, *mut PyObject) -> *mut PyObject,
                PyCFunction,
            >(dict_update)
        };
        method(c"update", meth, METH_VARARGS | METH_KEYWORDS)
    },
    {
        let mut m = fastcall(c"fromkeys", dict_fromkeys);
        m.ml_flags |= METH_CLASS;
        m
    },
    method(c"clear", dict_clear, METH_NOARGS),
    method(c"copy", dict_copy, METH_NOARGS),
    method(c"__reversed__", dict_reversed, METH_NOARGS),
    method(
        c"__class_getitem__",
        crate::objects::genericaliasobject::Py_GenericAlias,
        METH_O | METH_CLASS,
    ),
    METHOD_END,
]);
