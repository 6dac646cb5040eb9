//! `object`'s own methods and `type.mro` (CPython's `object_methods` and
//! `type_methods` in `Objects/typeobject.c`): the pickling helpers
//! `__reduce_ex__` / `__reduce__` / `__getstate__`, `__init_subclass__`,
//! `__subclasshook__`, `__dir__`, `__format__` and `__sizeof__`; `type.__dir__`.
//!
//! Pickling by protocol 2 and up builds CPython's 5-tuple `(copyreg.__newobj__,
//! (cls, *args), state, listitems, dictitems)` natively; `copyreg` is the
//! built-in module of [`crate::python::copyreg`]. Protocols 0 and 1 go
//! through `copyreg._reduce_ex`, as in CPython.

use std::ffi::c_int;
use std::ptr;

use crate::ffi::*;
use crate::objects::call::{
    PyObject_CallMethodNoArgs, PyObject_CallMethodOneArg, PyObject_CallNoArgs,
};
use crate::objects::dictobject::{PyDict_GetItemWithError, PyDict_New, PyDict_SetItem, is_dict};
use crate::objects::exceptions::Exc;
use crate::objects::listobject::is_list;
use crate::objects::longobject::{_PyLong_AsInt, PyLong_FromSsize_t};
use crate::objects::object::{
    _PyObject_GetDictPtr, _PyObject_LookupAttr, Owned, PyObject_GetAttr, is_str,
    is_type as is_type_object, none, not_implemented, py_none, tp_name, type_name_max, type_of,
};
use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_Size, is_tuple, tuple_from_slice};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::clinic::method_with_doc;
use crate::python::errors;

use super::{PyBaseObject_Type, lookup_special};

/// A new `str`, or None with `MemoryError` set.
fn name(text: &str) -> Option<Owned> {
    Owned::new(unicode_from_str(text))
}

/// `import copyreg` (CPython's `import_copyreg`).
fn import_copyreg() -> Option<Owned> {
    // SAFETY: a NUL-terminated name.
    Owned::new(unsafe { crate::python::import::PyImport_ImportModule(c"copyreg".as_ptr()) })
}

// ==========================================================================
// __reduce_ex__ / __reduce__
// ==========================================================================

/// `object.__reduce_ex__(protocol)`: a `__reduce__` overridden by the
/// type is called; otherwise the common reduction.
unsafe extern "C" fn object_reduce_ex(slf: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O with live objects.
    unsafe {
        let protocol = _PyLong_AsInt(arg);
        if protocol == -1 && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        let Some(key) = name("__reduce__") else {
            return ptr::null_mut();
        };
        let objreduce = PyDict_GetItemWithError((*PyBaseObject_Type.get()).tp_dict, key.as_ptr());
        if objreduce.is_null() && !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        let mut reduce = ptr::null_mut();
        if _PyObject_LookupAttr(slf, key.as_ptr(), &mut reduce) < 0 {
            return ptr::null_mut();
        }
        if let Some(reduce) = Owned::new(reduce) {
            let Some(clsreduce) = Owned::new(PyObject_GetAttr(type_of(slf).cast(), key.as_ptr()))
            else {
                return ptr::null_mut();
            };
            if clsreduce.as_ptr() != objreduce {
                return PyObject_CallNoArgs(reduce.as_ptr());
            }
        }
        common_reduce(slf, protocol)
    }
}

/// `object.__reduce__()`: the protocol-0 reduction.
unsafe extern "C" fn object_reduce(slf: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS with a live object.
    unsafe { common_reduce(slf, 0) }
}

/// CPython's `_common_reduce`.
///
/// # Safety
/// `slf` must be a live object.
unsafe fn common_reduce(slf: *mut PyObject, protocol: c_int) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if protocol >= 2 {
            return reduce_newobj(slf);
        }
        let Some(copyreg) = import_copyreg() else {
            return ptr::null_mut();
        };
        let Some(f) = Owned::new(crate::objects::object::PyObject_GetAttrString(
            copyreg.as_ptr(),
            c"_reduce_ex".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let Some(p) = Owned::new(crate::objects::longobject::PyLong_FromLong(protocol.into()))
        else {
            return ptr::null_mut();
        };
        let Some(args) = Owned::new(tuple_from_slice(&[slf, p.as_ptr()])) else {
            return ptr::null_mut();
        };
        crate::objects::call::PyObject_Call(f.as_ptr(), args.as_ptr(), ptr::null_mut())
    }
}

/// What `__getnewargs_ex__` or `__getnewargs__` give (CPython's
/// `_PyObject_GetNewArguments`): `(args, kwargs)`, each possibly None
/// (absent); Err with an error set.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn new_arguments(obj: *mut PyObject) -> Result<(Option<Owned>, Option<Owned>), ()> {
    // SAFETY: per the contract.
    unsafe {
        if let Some(f) = lookup_special(obj, "__getnewargs_ex__")? {
            let newargs = Owned::new(PyObject_CallNoArgs(f.as_ptr())).ok_or(())?;
            let r = newargs.as_ptr();
            if !is_tuple(r) {
                errors::raise(
                    Exc::TypeError,
                    format!(
                        "__getnewargs_ex__ should return a tuple, not '{}'",
                        type_name_max(r, 200)
                    ),
                );
                return Err(());
            }
            if PyTuple_Size(r) != 2 {
                errors::raise(
                    Exc::ValueError,
                    format!(
                        "__getnewargs_ex__ should return a tuple of length 2, not {}",
                        PyTuple_Size(r)
                    ),
                );
                return Err(());
            }
            let (args, kwargs) = (PyTuple_GetItem(r, 0), PyTuple_GetItem(r, 1));
            if !is_tuple(args) {
                errors::raise(
                    Exc::TypeError,
                    format!(
                        "first item of the tuple returned by __getnewargs_ex__ must be a tuple, \
                         not '{}'",
                        type_name_max(args, 200)
                    ),
                );
                return Err(());
            }
            if !is_dict(kwargs) {
                errors::raise(
                    Exc::TypeError,
                    format!(
                        "second item of the tuple returned by __getnewargs_ex__ must be a dict, \
                         not '{}'",
                        type_name_max(kwargs, 200)
                    ),
                );
                return Err(());
            }
            return Ok((Some(Owned::borrowed(args)), Some(Owned::borrowed(kwargs))));
        }
        if let Some(f) = lookup_special(obj, "__getnewargs__")? {
            let args = Owned::new(PyObject_CallNoArgs(f.as_ptr())).ok_or(())?;
            if !is_tuple(args.as_ptr()) {
                errors::raise(
                    Exc::TypeError,
                    format!(
                        "__getnewargs__ should return a tuple, not '{}'",
                        type_name_max(args.as_ptr(), 200)
                    ),
                );
                return Err(());
            }
            return Ok((Some(args), None));
        }
        Ok((None, None))
    }
}

/// The protocol-2 reduction (CPython's `reduce_newobj`):
/// `(copyreg.__newobj__, (cls, *args), state, listitems, dictitems)`, or
/// with `copyreg.__newobj_ex__` and `(cls, args, kwargs)` when
/// `__getnewargs_ex__` gives keywords.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn reduce_newobj(obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; every object reached is live.
    unsafe {
        let ty = type_of(obj);
        if (*ty).tp_new.is_none() {
            return errors::fail_null(
                Exc::TypeError,
                format!("cannot pickle '{}' object", tp_name(ty, 200)),
            );
        }
        let Ok((args, kwargs)) = new_arguments(obj) else {
            return ptr::null_mut();
        };
        let Some(copyreg) = import_copyreg() else {
            return ptr::null_mut();
        };
        let hasargs = args.is_some();
        let no_kwargs = kwargs
            .as_ref()
            .is_none_or(|k| crate::objects::dictobject::PyDict_Size(k.as_ptr()) == 0);
        let (newobj, newargs) = if no_kwargs {
            let Some(newobj) = Owned::new(crate::objects::object::PyObject_GetAttrString(
                copyreg.as_ptr(),
                c"__newobj__".as_ptr(),
            )) else {
                return ptr::null_mut();
            };
            let mut items = vec![ty.cast::<PyObject>()];
            if let Some(a) = &args {
                for i in 0..PyTuple_Size(a.as_ptr()) {
                    items.push(PyTuple_GetItem(a.as_ptr(), i));
                }
            }
            let Some(newargs) = Owned::new(tuple_from_slice(&items)) else {
                return ptr::null_mut();
            };
            (newobj, newargs)
        } else if let (Some(a), Some(k)) = (&args, &kwargs) {
            let Some(newobj) = Owned::new(crate::objects::object::PyObject_GetAttrString(
                copyreg.as_ptr(),
                c"__newobj_ex__".as_ptr(),
            )) else {
                return ptr::null_mut();
            };
            let Some(newargs) = Owned::new(tuple_from_slice(&[ty.cast(), a.as_ptr(), k.as_ptr()]))
            else {
                return ptr::null_mut();
            };
            (newobj, newargs)
        } else {
            errors::bad_internal_call();
            return ptr::null_mut();
        };
        let required = !(hasargs || is_list(obj) || is_dict(obj));
        let Some(state) = Owned::new(object_getstate(obj, required)) else {
            return ptr::null_mut();
        };
        let listitems = if is_list(obj) {
            crate::objects::r#abstract::PyObject_GetIter(obj)
        } else {
            none()
        };
        let Some(listitems) = Owned::new(listitems) else {
            return ptr::null_mut();
        };
        let dictitems = if is_dict(obj) {
            let Some(key) = name("items") else {
                return ptr::null_mut();
            };
            let Some(items) = Owned::new(PyObject_CallMethodNoArgs(obj, key.as_ptr())) else {
                return ptr::null_mut();
            };
            crate::objects::r#abstract::PyObject_GetIter(items.as_ptr())
        } else {
            none()
        };
        let Some(dictitems) = Owned::new(dictitems) else {
            return ptr::null_mut();
        };
        tuple_from_slice(&[
            newobj.as_ptr(),
            newargs.as_ptr(),
            state.as_ptr(),
            listitems.as_ptr(),
            dictitems.as_ptr(),
        ])
    }
}

// ==========================================================================
// __getstate__
// ==========================================================================

/// `object.__getstate__()`: the default state, not required.
unsafe extern "C" fn object_getstate_method(
    slf: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS with a live object.
    unsafe { getstate_default(slf, false) }
}

/// `_PyObject_GetState(obj)`: the object's state for pickling, as the
/// built-in types' `__reduce__` methods (set, bytearray) take it: its
/// `__getstate__()`, or the default state (the instance dict, with the
/// set `__slots__`) when that is `object.__getstate__`.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_GetState(obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { object_getstate(obj, false) }
}

/// The object's state for pickling (CPython's `object_getstate`): its
/// `__getstate__()`, or the default state with `required` when that is
/// `object.__getstate__` bound to it.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn object_getstate(obj: *mut PyObject, required: bool) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(key) = name("__getstate__") else {
            return ptr::null_mut();
        };
        let Some(getstate) = Owned::new(PyObject_GetAttr(obj, key.as_ptr())) else {
            return ptr::null_mut();
        };
        let g = getstate.as_ptr();
        if crate::objects::methodobject::is_cfunction(g) {
            let f = g.cast::<PyCFunctionObject>();
            let ours = object_getstate_method as *const () as usize;
            if (*f).m_self == obj && (*(*f).m_ml).ml_meth.map(|m| m as usize) == Some(ours) {
                return getstate_default(obj, required);
            }
        }
        PyObject_CallNoArgs(g)
    }
}

/// CPython's `object_getstate_default`: the instance dict (None when
/// empty), paired with a dict of the set `__slots__` when there are any;
/// with `required`, refuses objects whose C layout holds more than those.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn getstate_default(obj: *mut PyObject, required: bool) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let ty = type_of(obj);
        // CPython's memoryview is variable-size (its shape and strides
        // inline); ours boxes them, but refuses pickling the same way.
        let var_size =
            (*ty).tp_itemsize != 0 || ty == crate::objects::memoryobject::PyMemoryView_Type.get();
        if required && var_size {
            return errors::fail_null(
                Exc::TypeError,
                format!("cannot pickle {} objects", tp_name(ty, 200)),
            );
        }
        let dictptr = _PyObject_GetDictPtr(obj);
        let empty = dictptr.is_null()
            || (*dictptr).is_null()
            || crate::objects::dictobject::PyDict_Size(*dictptr) == 0;
        let state = if empty {
            none()
        } else {
            crate::objects::object::PyObject_GenericGetDict(obj, ptr::null_mut())
        };
        let Some(mut state) = Owned::new(state) else {
            return ptr::null_mut();
        };
        let Some(slotnames) = slot_names(ty) else {
            return ptr::null_mut();
        };
        let nslots = if slotnames.as_ptr() == py_none() {
            0
        } else {
            crate::objects::listobject::PyList_Size(slotnames.as_ptr())
        };
        if required {
            let ptr_size = size_of::<*mut PyObject>() as Py_ssize_t;
            let mut basicsize = (*PyBaseObject_Type.get()).tp_basicsize;
            // A managed dict has its slot in the instance here (see
            // `ready_managed_dict`), so it counts as any dict slot does.
            if (*ty).tp_dictoffset != 0 {
                basicsize += ptr_size;
            }
            if (*ty).tp_weaklistoffset != 0 {
                basicsize += ptr_size;
            }
            basicsize += ptr_size * nslots;
            if (*ty).tp_basicsize > basicsize {
                return errors::fail_null(
                    Exc::TypeError,
                    format!("cannot pickle '{}' object", tp_name(ty, 200)),
                );
            }
        }
        if nslots > 0 {
            let Some(slots) = Owned::new(PyDict_New()) else {
                return ptr::null_mut();
            };
            let mut any = false;
            for i in 0..nslots {
                let n = crate::objects::listobject::PyList_GetItem(slotnames.as_ptr(), i);
                let mut value = ptr::null_mut();
                if _PyObject_LookupAttr(obj, n, &mut value) < 0 {
                    return ptr::null_mut();
                }
                if let Some(value) = Owned::new(value) {
                    if PyDict_SetItem(slots.as_ptr(), n, value.as_ptr()) < 0 {
                        return ptr::null_mut();
                    }
                    any = true;
                }
            }
            if any {
                let Some(pair) = Owned::new(tuple_from_slice(&[state.as_ptr(), slots.as_ptr()]))
                else {
                    return ptr::null_mut();
                };
                state = pair;
            }
        }
        state.into_raw()
    }
}

/// The names of the type's `__slots__` along its MRO, private names
/// mangled (CPython's `_PyType_GetSlotNames`): `__slotnames__` from the
/// type's dict when there, otherwise what `copyreg._slotnames(cls)`
/// returns (it computes the names and caches them in the class), which
/// must be a list or None.
///
/// # Safety
/// `ty` must be a live, ready type.
unsafe fn slot_names(ty: *mut PyTypeObject) -> Option<Owned> {
    // SAFETY: per the contract.
    unsafe {
        let key = name("__slotnames__")?;
        let cached = PyDict_GetItemWithError((*ty).tp_dict, key.as_ptr());
        if !cached.is_null() {
            if cached != py_none() && !is_list(cached) {
                errors::raise(
                    Exc::TypeError,
                    format!(
                        "{}.__slotnames__ should be a list or None, not {}",
                        tp_name(ty, 200),
                        type_name_max(cached, 200)
                    ),
                );
                return None;
            }
            return Some(Owned::borrowed(cached));
        }
        if !errors::PyErr_Occurred().is_null() {
            return None;
        }
        let copyreg = import_copyreg()?;
        let method = name("_slotnames")?;
        let names = Owned::new(PyObject_CallMethodOneArg(
            copyreg.as_ptr(),
            method.as_ptr(),
            ty.cast(),
        ))?;
        if names.as_ptr() != py_none() && !is_list(names.as_ptr()) {
            errors::raise(
                Exc::TypeError,
                "copyreg._slotnames didn't return a list or None",
            );
            return None;
        }
        Some(names)
    }
}

// ==========================================================================
// The other methods
// ==========================================================================

/// `object.__subclasshook__(*args)`: NotImplemented.
unsafe extern "C" fn object_subclasshook(
    _cls: *mut PyObject,
    _args: *mut PyObject,
) -> *mut PyObject {
    not_implemented()
}

/// `object.__init_subclass__()`: does nothing.
unsafe extern "C" fn object_init_subclass(
    _cls: *mut PyObject,
    _unused: *mut PyObject,
) -> *mut PyObject {
    none()
}

/// `object.__format__(format_spec)`: `str(self)` for an empty spec.
///
/// Fails (NULL) with `TypeError("__format__() argument must be str, not
/// T")` or `TypeError("unsupported format string passed to
/// T.__format__")`.
unsafe extern "C" fn object_format(slf: *mut PyObject, spec: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O with live objects.
    unsafe {
        if !is_str(spec) {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "__format__() argument must be str, not {}",
                    type_name_max(spec, usize::MAX)
                ),
            );
        }
        if crate::objects::unicodeobject::PyUnicode_GetLength(spec) > 0 {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "unsupported format string passed to {}.__format__",
                    tp_name(type_of(slf), 200)
                ),
            );
        }
        crate::objects::object::PyObject_Str(slf)
    }
}

/// `object.__sizeof__()`: `tp_basicsize`, plus `tp_itemsize` per item.
unsafe extern "C" fn object_sizeof(slf: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS with a live object.
    unsafe {
        let ty = type_of(slf);
        let mut size: Py_ssize_t = 0;
        let isize = (*ty).tp_itemsize;
        if isize > 0 {
            size = (*slf.cast::<PyVarObject>()).ob_size.wrapping_mul(isize);
        }
        PyLong_FromSsize_t(size.wrapping_add((*ty).tp_basicsize))
    }
}

// ==========================================================================
// __dir__
// ==========================================================================

/// `v.name` as `_PyObject_LookupAttr` gives it: Ok(None) when missing,
/// Err with the error set otherwise.
///
/// # Safety
/// `v` must be a live object.
unsafe fn optional_attr(v: *mut PyObject, attr: &str) -> Result<Option<Owned>, ()> {
    let key = name(attr).ok_or(())?;
    let mut out = ptr::null_mut();
    // SAFETY: live objects and a writable out-pointer.
    match unsafe { _PyObject_LookupAttr(v, key.as_ptr(), &mut out) } {
        r if r < 0 => Err(()),
        0 => Ok(None),
        _ => Ok(Owned::new(out)),
    }
}

/// Adds to `dict` the names in `class.__dict__` and, recursively, in
/// those of each of `class.__bases__` (CPython's `merge_class_dict`, which
/// asks through attributes, so a class may present any `__dict__` and
/// `__bases__` it likes): 0, or -1 with the error.
///
/// # Safety
/// `dict` must be a live dict and `class` a live object.
pub(crate) unsafe fn merge_class_dict(dict: *mut PyObject, class: *mut PyObject) -> c_int {
    use crate::objects::r#abstract::{PySequence_GetItem, PySequence_Size};
    // SAFETY: live per the contract; the recursion only visits objects
    // held by the `bases` reference.
    unsafe {
        // A type whose metatype is `type` itself: `__dict__` is a view of
        // its dict and `__bases__` its bases tuple, read here directly
        // (pybuffer's `type` has no `__dict__` attribute: no mappingproxy).
        if is_type_object(class) && type_of(class) == super::PyType_Type.get() {
            let ty = class.cast::<PyTypeObject>();
            if !super::ensure_ready(ty) {
                return -1;
            }
            if !(*ty).tp_dict.is_null()
                && crate::objects::dictobject::PyDict_Update(dict, (*ty).tp_dict) < 0
            {
                return -1;
            }
            let bases = (*ty).tp_bases;
            if bases.is_null() {
                return 0;
            }
            let bases = Owned::borrowed(bases);
            for i in 0..PyTuple_Size(bases.as_ptr()) {
                let Some(_guard) = crate::objects::object::RecursionGuard::enter("") else {
                    return -1;
                };
                if merge_class_dict(dict, PyTuple_GetItem(bases.as_ptr(), i)) < 0 {
                    return -1;
                }
            }
            return 0;
        }
        let Ok(classdict) = optional_attr(class, "__dict__") else {
            return -1;
        };
        if let Some(cd) = classdict
            && crate::objects::dictobject::PyDict_Update(dict, cd.as_ptr()) < 0
        {
            return -1;
        }
        let Ok(bases) = optional_attr(class, "__bases__") else {
            return -1;
        };
        let Some(bases) = bases else {
            return 0;
        };
        let n = PySequence_Size(bases.as_ptr());
        if n < 0 {
            return -1;
        }
        for i in 0..n {
            let Some(base) = Owned::new(PySequence_GetItem(bases.as_ptr(), i)) else {
                return -1;
            };
            let Some(_guard) = crate::objects::object::RecursionGuard::enter("") else {
                return -1;
            };
            if merge_class_dict(dict, base.as_ptr()) < 0 {
                return -1;
            }
        }
        0
    }
}

/// `object.__dir__()`: the names in the instance's `__dict__` (when it is
/// a dict) and in its `__class__`'s merged class dicts, unsorted (dir()
/// sorts).
unsafe extern "C" fn object_dir(slf: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS on a live object.
    unsafe {
        let Ok(own) = optional_attr(slf, "__dict__") else {
            return ptr::null_mut();
        };
        // A copy: the instance's own dict must not change.
        let dict = match own {
            Some(d) if is_dict(d.as_ptr()) => crate::objects::dictobject::PyDict_Copy(d.as_ptr()),
            _ => PyDict_New(),
        };
        let Some(dict) = Owned::new(dict) else {
            return ptr::null_mut();
        };
        let Ok(class) = optional_attr(slf, "__class__") else {
            return ptr::null_mut();
        };
        if let Some(class) = class
            && merge_class_dict(dict.as_ptr(), class.as_ptr()) < 0
        {
            return ptr::null_mut();
        }
        crate::objects::dictobject::PyDict_Keys(dict.as_ptr())
    }
}

/// `type.__dir__()`: the names in the merged dicts of the type and its
/// bases, unsorted. The metaclass's names are not included.
unsafe extern "C" fn type_dir(slf: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    let Some(dict) = Owned::new(PyDict_New()) else {
        return ptr::null_mut();
    };
    // SAFETY: called as METH_NOARGS on a live type.
    unsafe {
        if merge_class_dict(dict.as_ptr(), slf) < 0 {
            return ptr::null_mut();
        }
        crate::objects::dictobject::PyDict_Keys(dict.as_ptr())
    }
}

/// `object`'s `tp_methods`, in CPython 3.11's order.
pub(super) static OBJECT_METHODS: StaticObject<[PyMethodDef; 9]> = StaticObject::new([
    method_with_doc(
        c"__reduce_ex__",
        object_reduce_ex,
        METH_O,
        c"__reduce_ex__($self, protocol, /)\n--\n\nHelper for pickle.",
    ),
    method_with_doc(
        c"__reduce__",
        object_reduce,
        METH_NOARGS,
        c"__reduce__($self, /)\n--\n\nHelper for pickle.",
    ),
    method_with_doc(
        c"__getstate__",
        object_getstate_method,
        METH_NOARGS,
        c"__getstate__($self, /)\n--\n\nHelper for pickle.",
    ),
    method_with_doc(
        c"__subclasshook__",
        object_subclasshook,
        METH_CLASS | METH_VARARGS,
        c"Abstract classes can override this to customize issubclass().\n\nThis is invoked early on by abc.ABCMeta.__subclasscheck__().\nIt should return True, False or NotImplemented.  If it returns\nNotImplemented, the normal algorithm is used.  Otherwise, it\noverrides the normal algorithm (and the outcome is cached).\n",
    ),
    method_with_doc(
        c"__init_subclass__",
        object_init_subclass,
        METH_CLASS | METH_NOARGS,
        c"This method is called when a class is subclassed.\n\nThe default implementation does nothing. It may be\noverridden to extend subclasses.\n",
    ),
    method_with_doc(
        c"__dir__",
        object_dir,
        METH_NOARGS,
        c"__dir__($self, /)\n--\n\nDefault dir() implementation.",
    ),
    method_with_doc(
        c"__format__",
        object_format,
        METH_O,
        c"__format__($self, format_spec, /)\n--\n\nDefault object formatter.",
    ),
    method_with_doc(
        c"__sizeof__",
        object_sizeof,
        METH_NOARGS,
        c"__sizeof__($self, /)\n--\n\nSize of object in memory, in bytes.",
    ),
    PyMethodDef::zeroed(),
]);

/// `type.mro()`: the method resolution order computed afresh from the
/// bases (the C3 linearisation), as a list.
unsafe extern "C" fn type_mro(slf: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS on a live type; the MRO's types are
    // live while the type is.
    unsafe {
        let ty = slf.cast::<PyTypeObject>();
        if !super::ensure_ready(ty) {
            return ptr::null_mut();
        }
        let Ok(mro) = super::mro_implementation(ty) else {
            return ptr::null_mut();
        };
        let Some(tuple) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&mro)) else {
            return ptr::null_mut();
        };
        crate::objects::r#abstract::PySequence_List(tuple.as_ptr())
    }
}

/// `type.__sizeof__()`: the type object's struct, a `PyHeapTypeObject`
/// for a heap type (CPython adds its cached dict keys, which this library
/// does not keep).
unsafe extern "C" fn type_sizeof(slf: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS on a live type.
    let heap = unsafe { (*slf.cast::<PyTypeObject>()).tp_flags } & Py_TPFLAGS_HEAPTYPE != 0;
    let size = if heap {
        size_of::<PyHeapTypeObject>()
    } else {
        size_of::<PyTypeObject>()
    };
    PyLong_FromSsize_t(size as Py_ssize_t)
}

/// `type.__prepare__(name, bases, **kwds)`: a new empty dict, the
/// namespace of a class statement (the arguments are not looked at).
unsafe extern "C" fn type_prepare(
    _cls: *mut PyObject,
    _args: *const *mut PyObject,
    _nargs: Py_ssize_t,
    _kwnames: *mut PyObject,
) -> *mut PyObject {
    PyDict_New()
}

/// A truth value as a new bool, NULL for -1.
fn bool_or_null(r: c_int) -> *mut PyObject {
    if r < 0 {
        return ptr::null_mut();
    }
    crate::objects::boolobject::bool_from_bool(r != 0)
}

/// `type.__instancecheck__(instance)`: isinstance without the metaclass
/// hook (CPython's `_PyObject_RealIsInstance`).
unsafe extern "C" fn type_instancecheck(slf: *mut PyObject, inst: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O on a live type.
    bool_or_null(unsafe { super::object_isinstance(inst, slf) })
}

/// `type.__subclasscheck__(subclass)`: issubclass without the metaclass
/// hook (CPython's `_PyObject_RealIsSubclass`).
unsafe extern "C" fn type_subclasscheck(slf: *mut PyObject, sub: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O on a live type.
    bool_or_null(unsafe { super::recursive_issubclass(sub, slf) })
}

/// `type.__subclasses__()`: the type's live immediate subclasses.
unsafe extern "C" fn type_subclasses(slf: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_NOARGS on a live type.
    unsafe { super::subclasses_list(slf.cast()) }
}

/// `type`'s `tp_methods`.
pub(super) static TYPE_METHODS: StaticObject<[PyMethodDef; 8]> = StaticObject::new([
    method_with_doc(
        c"__prepare__",
        // SAFETY: called as METH_FASTCALL | METH_KEYWORDS, its signature.
        unsafe { std::mem::transmute::<_PyCFunctionFastWithKeywords, PyCFunction>(type_prepare) },
        METH_FASTCALL | METH_KEYWORDS | METH_CLASS,
        c"__prepare__() -> dict\nused to create the namespace for the class statement",
    ),
    method_with_doc(
        c"__instancecheck__",
        type_instancecheck,
        METH_O,
        c"__instancecheck__($self, instance, /)\n--\n\nCheck if an object is an instance.",
    ),
    method_with_doc(
        c"__subclasscheck__",
        type_subclasscheck,
        METH_O,
        c"__subclasscheck__($self, subclass, /)\n--\n\nCheck if a class is a subclass.",
    ),
    method_with_doc(
        c"mro",
        type_mro,
        METH_NOARGS,
        c"mro($self, /)\n--\n\nReturn a type's method resolution order.",
    ),
    method_with_doc(
        c"__subclasses__",
        type_subclasses,
        METH_NOARGS,
        c"__subclasses__($self, /)\n--\n\nReturn a list of immediate subclasses.",
    ),
    method_with_doc(
        c"__dir__",
        type_dir,
        METH_NOARGS,
        c"__dir__($self, /)\n--\n\nSpecialized __dir__ implementation for types.",
    ),
    method_with_doc(
        c"__sizeof__",
        type_sizeof,
        METH_NOARGS,
        c"__sizeof__($self, /)\n--\n\nReturn memory consumption of the type object.",
    ),
    PyMethodDef::zeroed(),
]);
