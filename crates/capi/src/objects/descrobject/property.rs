//! `property` (`PyProperty_Type`, from CPython's `Objects/descrobject.c`):
//! a data descriptor calling `fget(obj)`, `fset(obj, value)` and
//! `fdel(obj)`. `getter` / `setter` / `deleter` return a copy with one
//! function replaced (of the same type, so subclasses survive), and a
//! property without a `doc` takes its getter's `__doc__`.
//!
//! A missing function is CPython 3.11's `AttributeError`: "property 'x' of
//! 'C' object has no setter" once `__set_name__` has named the property,
//! "property of 'C' object has no setter" before.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::call::{PyObject_CallOneArg, PyObject_Vectorcall};
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::object::{
    _PyObject_LookupAttr, Owned, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_IsTrue,
    PyObject_SetAttr, none, py_none, repr, type_of,
};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_GenericNew, PyType_Type, is_subtype};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::clinic::static_parser;
use crate::python::errors;

/// CPython's `propertyobject`.
#[repr(C)]
struct PropertyObject {
    ob_base: PyObject,
    prop_get: *mut PyObject,
    prop_set: *mut PyObject,
    prop_del: *mut PyObject,
    prop_doc: *mut PyObject,
    /// Set by `__set_name__`, for the messages.
    prop_name: *mut PyObject,
    /// Whether `prop_doc` came from the getter (a copy with a new getter
    /// then takes the new getter's).
    getter_doc: c_int,
}

/// The property's fields (a raw pointer: C code may hold the object too).
fn prop(op: *mut PyObject) -> *mut PropertyObject {
    op.cast()
}

/// Stores `value` (a reference moved in, or NULL) in `slot`, then
/// releases the old value: last, as that may run arbitrary code.
///
/// # Safety
/// `slot` must be a field of a live property.
unsafe fn set_field(slot: *mut *mut PyObject, value: *mut PyObject) {
    // SAFETY: per the contract.
    unsafe {
        let old = slot.read();
        slot.write(value);
        Py_DecRef(old);
    }
}

/// The `repr` of the instance's type's qualified name (`'C'`), as the
/// messages show it; None when that fails (the error is cleared, as
/// CPython falls back to a message without it).
///
/// # Safety
/// `obj` must be NULL or a live object.
unsafe fn qualname_repr(obj: *mut PyObject) -> Option<String> {
    if obj.is_null() {
        return None;
    }
    // SAFETY: a live object.
    unsafe {
        let q = Owned::new(crate::objects::typeobject::PyType_GetQualName(type_of(obj)));
        let shown = q.and_then(|q| repr(q.as_ptr()));
        if shown.is_none() {
            errors::PyErr_Clear();
        }
        shown
    }
}

/// Raises CPython's `AttributeError` for a property without the function
/// `what` ("getter", "setter", "deleter") on `obj`; NULL.
///
/// # Safety
/// `op` must be a live property, `obj` NULL or a live object.
unsafe fn missing(op: *mut PyObject, obj: *mut PyObject, what: &str) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let qualname = qualname_repr(obj);
        let name = (*prop(op)).prop_name;
        let message = match (qualname, name.is_null()) {
            (Some(q), false) => {
                let Some(n) = repr(name) else {
                    return ptr::null_mut();
                };
                format!("property {n} of {q} object has no {what}")
            }
            (Some(q), true) => format!("property of {q} object has no {what}"),
            (None, _) if what == "getter" => "property has no getter".to_owned(),
            (None, _) if what == "setter" => "can't set attribute".to_owned(),
            (None, _) => "can't delete attribute".to_owned(),
        };
        errors::fail_null(Exc::AttributeError, message)
    }
}

// ==========================================================================
// The descriptor
// ==========================================================================

/// `property.__get__(obj, type)`: the property itself from the class (or
/// for None), else `fget(obj)`.
unsafe extern "C" fn property_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live property; `obj` NULL or live.
    unsafe {
        if obj.is_null() || obj == py_none() {
            Py_IncRef(op);
            return op;
        }
        let get = (*prop(op)).prop_get;
        if get.is_null() {
            return missing(op, obj, "getter");
        }
        PyObject_CallOneArg(get, obj)
    }
}

/// `property.__set__(obj, value)` / `__delete__(obj)` (`value` NULL):
/// `fset(obj, value)` / `fdel(obj)`.
unsafe extern "C" fn property_descr_set(
    op: *mut PyObject,
    obj: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: a live property; `obj` and `value` NULL or live.
    unsafe {
        let p = prop(op);
        let func = if value.is_null() {
            (*p).prop_del
        } else {
            (*p).prop_set
        };
        if func.is_null() {
            missing(op, obj, if value.is_null() { "deleter" } else { "setter" });
            return -1;
        }
        // The property may go while the function runs.
        let func = Owned::borrowed(func);
        let res = if value.is_null() {
            PyObject_CallOneArg(func.as_ptr(), obj)
        } else {
            let args = [obj, value];
            PyObject_Vectorcall(func.as_ptr(), args.as_ptr(), 2, ptr::null_mut())
        };
        if res.is_null() {
            return -1;
        }
        Py_DecRef(res);
        0
    }
}

// ==========================================================================
// Construction
// ==========================================================================

static_parser!(INIT_KW = [c"fget", c"fset", c"fdel", c"doc"]; INIT_PARSER = c"property");

/// `property(fget=None, fset=None, fdel=None, doc=None)` (`tp_init`): None
/// functions are absent; without a `doc`, the getter's `__doc__` (kept in
/// the instance dict of a subclass, where the subclass's own `__doc__`
/// would hide the field).
unsafe extern "C" fn property_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a live property, a tuple and NULL or a dict; references are
    // moved into the fields or released.
    unsafe {
        let Some([fget, fset, fdel, doc]) = crate::python::clinic::unpack_call::<4>(
            &INIT_PARSER,
            crate::objects::tupleobject::items(args),
            crate::objects::tupleobject::size(args),
            kwds,
            ptr::null_mut(),
            0,
            4,
        ) else {
            return -1;
        };
        let absent = |o: *mut PyObject| if o == py_none() { ptr::null_mut() } else { o };
        let (fget, fset, fdel) = (absent(fget), absent(fset), absent(fdel));
        for o in [fget, fset, fdel, doc] {
            Py_IncRef(o);
        }
        let p = op.cast::<PropertyObject>();
        set_field(&raw mut (*p).prop_get, fget);
        set_field(&raw mut (*p).prop_set, fset);
        set_field(&raw mut (*p).prop_del, fdel);
        set_field(&raw mut (*p).prop_doc, doc);
        set_field(&raw mut (*p).prop_name, ptr::null_mut());
        (*p).getter_doc = 0;
        if (doc.is_null() || doc == py_none()) && !fget.is_null() {
            let Some(key) = Owned::new(unicode_from_str("__doc__")) else {
                return -1;
            };
            let mut get_doc = ptr::null_mut();
            let rc = _PyObject_LookupAttr(fget, key.as_ptr(), &mut get_doc);
            if rc <= 0 {
                return rc;
            }
            if type_of(op) == PyProperty_Type.get() {
                set_field(&raw mut (*p).prop_doc, get_doc);
            } else {
                let err = PyObject_SetAttr(op, key.as_ptr(), get_doc);
                Py_DecRef(get_doc);
                if err < 0 {
                    return -1;
                }
            }
            (*p).getter_doc = 1;
        }
        0
    }
}

/// A copy of the property, by calling its type with `get`, `set`, `del`
/// (NULL or None: the property's own) and the doc; the copy keeps the
/// name.
///
/// # Safety
/// `op` must be a live property; the others NULL or live.
unsafe fn property_copy(
    op: *mut PyObject,
    get: *mut PyObject,
    set: *mut PyObject,
    del: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let p = prop(op);
        let pick = |given: *mut PyObject, own: *mut PyObject| {
            if !given.is_null() && given != py_none() {
                given
            } else if !own.is_null() {
                own
            } else {
                py_none()
            }
        };
        let get = pick(get, (*p).prop_get);
        let set = pick(set, (*p).prop_set);
        let del = pick(del, (*p).prop_del);
        let doc = if (*p).getter_doc != 0 && get != py_none() {
            // The new getter's doc, through `__init__`.
            py_none()
        } else if (*p).prop_doc.is_null() {
            py_none()
        } else {
            (*p).prop_doc
        };
        let args = [get, set, del, doc];
        let name = (*p).prop_name;
        let ty = type_of(op).cast::<PyObject>();
        let Some(new) = Owned::new(PyObject_Vectorcall(ty, args.as_ptr(), 4, ptr::null_mut()))
        else {
            return ptr::null_mut();
        };
        if is_subtype(type_of(new.as_ptr()), PyProperty_Type.get()) {
            Py_IncRef(name);
            set_field(
                &raw mut (*new.as_ptr().cast::<PropertyObject>()).prop_name,
                name,
            );
        }
        new.into_raw()
    }
}

unsafe extern "C" fn property_getter(op: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live property and argument.
    unsafe { property_copy(op, f, ptr::null_mut(), ptr::null_mut()) }
}

unsafe extern "C" fn property_setter(op: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live property and argument.
    unsafe { property_copy(op, ptr::null_mut(), f, ptr::null_mut()) }
}

unsafe extern "C" fn property_deleter(op: *mut PyObject, f: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live property and argument.
    unsafe { property_copy(op, ptr::null_mut(), ptr::null_mut(), f) }
}

/// `property.__set_name__(owner, name)`: remembers `name` for the
/// messages.
unsafe extern "C" fn property_set_name(op: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live property and a tuple.
    unsafe {
        let n = crate::objects::tupleobject::size(args);
        if n != 2 {
            return errors::fail_null(
                Exc::TypeError,
                format!("__set_name__() takes 2 positional arguments but {n} were given"),
            );
        }
        let name = crate::objects::tupleobject::get(args, 1);
        Py_IncRef(name);
        set_field(&raw mut (*op.cast::<PropertyObject>()).prop_name, name);
        none()
    }
}

/// Whether `f` says it is abstract (`f.__isabstractmethod__` true); false
/// for NULL; -1 with the error.
///
/// # Safety
/// `f` must be NULL or a live object.
unsafe fn is_abstract(f: *mut PyObject) -> c_int {
    if f.is_null() {
        return 0;
    }
    // SAFETY: a live object.
    unsafe {
        let Some(key) = Owned::new(unicode_from_str("__isabstractmethod__")) else {
            return -1;
        };
        let mut value = ptr::null_mut();
        let r = _PyObject_LookupAttr(f, key.as_ptr(), &mut value);
        if r <= 0 {
            return r;
        }
        let truth = PyObject_IsTrue(value);
        Py_DecRef(value);
        truth
    }
}

/// `property.__isabstractmethod__`: whether any of the functions is.
unsafe extern "C" fn property_get_isabstract(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live property.
    unsafe {
        for f in [
            (*prop(op)).prop_get,
            (*prop(op)).prop_set,
            (*prop(op)).prop_del,
        ] {
            match is_abstract(f) {
                0 => {}
                r if r < 0 => return ptr::null_mut(),
                _ => return bool_from_bool(true),
            }
        }
        bool_from_bool(false)
    }
}

unsafe extern "C" fn property_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced property.
    unsafe {
        gc_untrack(op);
        let p = prop(op);
        for o in [
            (*p).prop_get,
            (*p).prop_set,
            (*p).prop_del,
            (*p).prop_doc,
            (*p).prop_name,
        ] {
            Py_DecRef(o);
        }
        match (*type_of(op)).tp_free {
            Some(free) => free(op.cast()),
            None => PyObject_GC_Del(op.cast()),
        }
    }
}

unsafe extern "C" fn property_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live property; `visit` is the caller's visitor.
    unsafe {
        let p = prop(op);
        for o in [
            (*p).prop_get,
            (*p).prop_set,
            (*p).prop_del,
            (*p).prop_doc,
            (*p).prop_name,
        ] {
            if !o.is_null() {
                let r = visit(o, arg);
                if r != 0 {
                    return r;
                }
            }
        }
    }
    0
}

unsafe extern "C" fn property_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live property.
    unsafe {
        set_field(
            &raw mut (*op.cast::<PropertyObject>()).prop_doc,
            ptr::null_mut(),
        )
    };
    0
}

// ==========================================================================
// The type
// ==========================================================================

/// A `METH_O` row with a docstring.
const fn method_o(name: &'static CStr, meth: PyCFunction, doc: &'static CStr) -> PyMethodDef {
    let mut row = crate::python::clinic::method(name, meth, METH_O);
    row.ml_doc = doc.as_ptr();
    row
}

static PROPERTY_METHODS: StaticObject<[PyMethodDef; 5]> = StaticObject::new([
    method_o(
        c"getter",
        property_getter,
        c"Descriptor to obtain a copy of the property with a different getter.",
    ),
    method_o(
        c"setter",
        property_setter,
        c"Descriptor to obtain a copy of the property with a different setter.",
    ),
    method_o(
        c"deleter",
        property_deleter,
        c"Descriptor to obtain a copy of the property with a different deleter.",
    ),
    PyMethodDef {
        ml_name: c"__set_name__".as_ptr(),
        ml_meth: Some(property_set_name),
        ml_flags: METH_VARARGS,
        ml_doc: c"Method to set name of a property.".as_ptr(),
    },
    crate::python::clinic::METHOD_END,
]);

static PROPERTY_MEMBERS: StaticObject<[PyMemberDef; 5]> = StaticObject::new([
    PyMemberDef::new(
        c"fget",
        T_OBJECT,
        offset_of!(PropertyObject, prop_get),
        READONLY,
    ),
    PyMemberDef::new(
        c"fset",
        T_OBJECT,
        offset_of!(PropertyObject, prop_set),
        READONLY,
    ),
    PyMemberDef::new(
        c"fdel",
        T_OBJECT,
        offset_of!(PropertyObject, prop_del),
        READONLY,
    ),
    PyMemberDef::new(
        c"__doc__",
        T_OBJECT,
        offset_of!(PropertyObject, prop_doc),
        0,
    ),
    PyMemberDef::zeroed(),
]);

static PROPERTY_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef::getter(c"__isabstractmethod__", property_get_isabstract),
    PyGetSetDef::zeroed(),
]);

/// `PyProperty_Type`: `property`.
#[unsafe(no_mangle)]
pub static PyProperty_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"property".as_ptr();
    ty.tp_basicsize = size_of::<PropertyObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(property_dealloc);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE;
    ty.tp_doc = PROPERTY_DOC.as_ptr();
    ty.tp_traverse = Some(property_traverse);
    ty.tp_clear = Some(property_clear);
    ty.tp_methods = PROPERTY_METHODS.get().cast();
    ty.tp_members = PROPERTY_MEMBERS.get().cast();
    ty.tp_getset = PROPERTY_GETSET.get().cast();
    ty.tp_descr_get = Some(property_descr_get);
    ty.tp_descr_set = Some(property_descr_set);
    ty.tp_init = Some(property_init);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_new = Some(PyType_GenericNew);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

const PROPERTY_DOC: &CStr = c"property(fget=None, fset=None, fdel=None, doc=None)\n--\n\nProperty attribute.\n\n  fget\n    function to be used for getting an attribute value\n  fset\n    function to be used for setting an attribute value\n  fdel\n    function to be used for del'ing an attribute\n  doc\n    docstring\n\nTypical use is to define a managed attribute x:\n\nclass C(object):\n    def getx(self): return self._x\n    def setx(self, value): self._x = value\n    def delx(self): del self._x\n    x = property(getx, setx, delx, \"I'm the 'x' property.\")\n\nDecorators make defining new properties or modifying existing ones easy:\n\nclass C(object):\n    @property\n    def x(self):\n        \"I am the 'x' property.\"\n        return self._x\n    @x.setter\n    def x(self, value):\n        self._x = value\n    @x.deleter\n    def x(self):\n        del self._x";

#[cfg(test)]
mod tests {
    #[test]
    fn layout_matches_cpython() {
        // PyObject_HEAD, five pointers, an int (padded).
        assert_eq!(
            std::mem::size_of::<super::PropertyObject>(),
            std::mem::size_of::<crate::ffi::PyObject>() + 6 * std::mem::size_of::<usize>()
        );
    }
}
