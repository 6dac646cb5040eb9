//! `super` (`PySuper_Type`, from CPython's `Objects/typeobject.c`): a proxy
//! that looks attributes up along the MRO of an object's type, starting
//! after a given class, and binds what it finds to the object.
//! `super(T, obj)` is the instance form, `super(T, T2)` the class form
//! (`issubclass(T2, T)`), `super(T)` unbound (bound later by its
//! `__get__`).
//!
//! The zero-argument form reads `__class__` and the first argument from
//! the calling Python frame; there are no frames here, so it raises what
//! CPython raises when called from C with none: `RuntimeError("super():
//! no current frame")`.

#![allow(non_upper_case_globals)]

use std::ffi::{c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::call::PyVectorcall_NARGS;
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::object::{
    _PyObject_LookupAttr, Owned, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, c_text, is_str,
    is_type, py_none, text_of, type_name_max, type_of,
};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_GenericNew, PyType_Type, is_subtype};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

/// CPython's `superobject`.
#[repr(C)]
struct SuperObject {
    ob_base: PyObject,
    /// The class the lookup starts after.
    ty: *mut PyTypeObject,
    /// The bound object (an instance, or a class for the class form);
    /// NULL when unbound.
    obj: *mut PyObject,
    /// The type whose MRO is searched: `type(obj)`, or `obj` itself for
    /// the class form; NULL when unbound.
    obj_type: *mut PyTypeObject,
}

/// The fields (a raw pointer: C code may hold the object too).
fn sup(op: *mut PyObject) -> *mut SuperObject {
    op.cast()
}

/// The type whose MRO `super(ty, obj)` searches (a new reference):
/// `obj` itself when it is a subclass of `ty`, else `type(obj)` when that
/// is, else `obj.__class__` when that is (a proxy for an instance). NULL
/// with CPython's `TypeError` otherwise.
///
/// # Safety
/// `ty` must be a live type, `obj` a live object.
unsafe fn supercheck(ty: *mut PyTypeObject, obj: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: per the contract.
    unsafe {
        if is_type(obj) && is_subtype(obj.cast(), ty) {
            Py_IncRef(obj);
            return obj.cast();
        }
        let t = type_of(obj);
        if is_subtype(t, ty) {
            Py_IncRef(t.cast());
            return t;
        }
        let Some(key) = Owned::new(unicode_from_str("__class__")) else {
            return ptr::null_mut();
        };
        let mut class_attr = ptr::null_mut();
        if _PyObject_LookupAttr(obj, key.as_ptr(), &mut class_attr) < 0 {
            return ptr::null_mut();
        }
        if !class_attr.is_null()
            && is_type(class_attr)
            && class_attr != t.cast()
            && is_subtype(class_attr.cast(), ty)
        {
            return class_attr.cast();
        }
        Py_DecRef(class_attr);
        errors::fail_null(
            Exc::TypeError,
            "super(type, obj): obj must be an instance or subtype of type",
        )
    }
}

/// Fills a new (or re-initialised) super object: `ty` NULL is the
/// zero-argument form, `obj` NULL or None unbound. 0, or -1 with the error.
///
/// # Safety
/// `op` must be a live super object; `ty` NULL or a live type; `obj` NULL
/// or live.
unsafe fn super_init_impl(
    op: *mut PyObject,
    ty: *mut PyTypeObject,
    mut obj: *mut PyObject,
) -> c_int {
    if ty.is_null() {
        return errors::fail(Exc::RuntimeError, "super(): no current frame");
    }
    // SAFETY: per the contract; references are moved into the fields.
    unsafe {
        if obj == py_none() {
            obj = ptr::null_mut();
        }
        let mut obj_type = ptr::null_mut();
        if !obj.is_null() {
            obj_type = supercheck(ty, obj);
            if obj_type.is_null() {
                return -1;
            }
            Py_IncRef(obj);
        }
        Py_IncRef(ty.cast());
        let s = sup(op);
        let old = [
            (*s).ty.cast::<PyObject>(),
            (*s).obj,
            (*s).obj_type.cast::<PyObject>(),
        ];
        (*s).ty = ty;
        (*s).obj = obj;
        (*s).obj_type = obj_type;
        for o in old {
            Py_DecRef(o);
        }
    }
    0
}

/// `super.__init__(type=<frame>, obj=None)` (CPython's
/// `PyArg_ParseTuple(args, "|O!O:super", ...)` messages), for subclasses
/// and `super.__init__` called directly; `super(...)` itself goes through
/// the vectorcall.
unsafe extern "C" fn super_init(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a live super object, a tuple and NULL or a dict.
    unsafe {
        if crate::python::getargs::_PyArg_NoKeywords(c"super".as_ptr(), kwds) == 0 {
            return -1;
        }
        let n = crate::objects::tupleobject::size(args);
        if n > 2 {
            return errors::fail(
                Exc::TypeError,
                format!("super() takes at most 2 arguments ({n} given)"),
            );
        }
        let mut ty = ptr::null_mut();
        if n >= 1 {
            let a0 = crate::objects::tupleobject::get(args, 0);
            if !is_type(a0) {
                return errors::fail(
                    Exc::TypeError,
                    format!(
                        "super() argument 1 must be type, not {}",
                        if a0 == py_none() {
                            "None".to_owned()
                        } else {
                            type_name_max(a0, usize::MAX)
                        }
                    ),
                );
            }
            ty = a0.cast();
        }
        let obj = if n == 2 {
            crate::objects::tupleobject::get(args, 1)
        } else {
            ptr::null_mut()
        };
        super_init_impl(op, ty, obj)
    }
}

/// `super(...)`: no keywords, at most two arguments, the first a type.
unsafe extern "C" fn super_vectorcall(
    callable: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    use crate::python::getargs::{_PyArg_CheckPositional, _PyArg_NoKwnames};
    // SAFETY: a vectorcall's arguments; `callable` is a type whose
    // instances are super objects.
    unsafe {
        if _PyArg_NoKwnames(c"super".as_ptr(), kwnames) == 0 {
            return ptr::null_mut();
        }
        let nargs = PyVectorcall_NARGS(nargsf);
        if _PyArg_CheckPositional(c"super()".as_ptr(), nargs, 0, 2) == 0 {
            return ptr::null_mut();
        }
        let cls = callable.cast::<PyTypeObject>();
        let Some(alloc) = (*cls).tp_alloc else {
            return errors::fail_null(Exc::TypeError, "super type has no tp_alloc");
        };
        let Some(su) = Owned::new(alloc(cls, 0)) else {
            return ptr::null_mut();
        };
        let mut ty = ptr::null_mut();
        if nargs != 0 {
            let a0 = *args;
            if !is_type(a0) {
                return errors::fail_null(
                    Exc::TypeError,
                    format!(
                        "super() argument 1 must be a type, not {}",
                        type_name_max(a0, 200)
                    ),
                );
            }
            ty = a0.cast();
        }
        let obj = if nargs == 2 {
            *args.add(1)
        } else {
            ptr::null_mut()
        };
        if super_init_impl(su.as_ptr(), ty, obj) < 0 {
            return ptr::null_mut();
        }
        su.into_raw()
    }
}

/// `getattr(super(T, obj), name)`: the first class after `T` in the MRO
/// of the bound type whose own dict has `name`, bound to `obj` (to
/// nothing for the class form, where `obj` is that type); anything else
/// (`__class__`, unbound supers, names not found) is the super object's
/// own attribute.
unsafe extern "C" fn super_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live super object and name; the MRO is held while the
    // dicts are searched, as a lookup may replace it.
    unsafe {
        let s = sup(op);
        let start = (*s).obj_type;
        let skip = start.is_null()
            || (is_str(name) && text_of(name) == "__class__")
            || (*start).tp_mro.is_null();
        if !skip {
            let mro = Owned::borrowed((*start).tp_mro);
            let n = crate::objects::tupleobject::size(mro.as_ptr());
            let mut i = 0;
            // The last entry would be skipped anyway.
            while i + 1 < n {
                if crate::objects::tupleobject::get(mro.as_ptr(), i) == (*s).ty.cast() {
                    break;
                }
                i += 1;
            }
            i += 1;
            while i < n {
                let cls = crate::objects::tupleobject::get(mro.as_ptr(), i).cast::<PyTypeObject>();
                let dict = (*cls).tp_dict;
                if !dict.is_null() {
                    let res = crate::objects::dictobject::PyDict_GetItemWithError(dict, name);
                    if !res.is_null() {
                        let res = Owned::borrowed(res);
                        if let Some(get) = (*type_of(res.as_ptr())).tp_descr_get {
                            let bind = if (*s).obj == start.cast() {
                                ptr::null_mut()
                            } else {
                                (*s).obj
                            };
                            return get(res.as_ptr(), bind, start.cast());
                        }
                        return res.into_raw();
                    }
                    if !errors::PyErr_Occurred().is_null() {
                        return ptr::null_mut();
                    }
                }
                i += 1;
            }
        }
        PyObject_GenericGetAttr(op, name)
    }
}

/// `super.__get__(obj, type)`: an unbound super bound to `obj` (a new
/// super object); a bound one, or binding to None, is itself.
unsafe extern "C" fn super_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live super object; `obj` NULL or live.
    unsafe {
        let s = sup(op);
        if obj.is_null() || obj == py_none() || !(*s).obj.is_null() {
            Py_IncRef(op);
            return op;
        }
        if type_of(op) != PySuper_Type.get() {
            // A subclass: call it, as its __init__ may differ.
            let args = [(*s).ty.cast::<PyObject>(), obj];
            return crate::objects::call::PyObject_Vectorcall(
                type_of(op).cast(),
                args.as_ptr(),
                2,
                ptr::null_mut(),
            );
        }
        let obj_type = supercheck((*s).ty, obj);
        if obj_type.is_null() {
            return ptr::null_mut();
        }
        let new = PyType_GenericAlloc(PySuper_Type.get(), 0);
        if new.is_null() {
            Py_DecRef(obj_type.cast());
            return ptr::null_mut();
        }
        Py_IncRef((*s).ty.cast());
        Py_IncRef(obj);
        let n = sup(new);
        (*n).ty = (*s).ty;
        (*n).obj = obj;
        (*n).obj_type = obj_type;
        new
    }
}

/// `repr(super)`: `<super: <class 'T'>, <U object>>`, or `..., NULL>`
/// when unbound (`'NULL'` for the class before `__init__`).
unsafe extern "C" fn super_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live super object.
    unsafe {
        let s = sup(op);
        let ty = if (*s).ty.is_null() {
            "NULL".to_owned()
        } else {
            c_text((*(*s).ty).tp_name, usize::MAX)
        };
        let text = if (*s).obj_type.is_null() {
            format!("<super: <class '{ty}'>, NULL>")
        } else {
            format!(
                "<super: <class '{ty}'>, <{} object>>",
                c_text((*(*s).obj_type).tp_name, usize::MAX)
            )
        };
        unicode_from_str(&text)
    }
}

unsafe extern "C" fn super_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced super object.
    unsafe {
        gc_untrack(op);
        let s = sup(op);
        Py_DecRef((*s).obj);
        Py_DecRef((*s).ty.cast());
        Py_DecRef((*s).obj_type.cast());
        match (*type_of(op)).tp_free {
            Some(free) => free(op.cast()),
            None => PyObject_GC_Del(op.cast()),
        }
    }
}

unsafe extern "C" fn super_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live super object; `visit` is the caller's visitor.
    unsafe {
        let s = sup(op);
        for o in [
            (*s).obj,
            (*s).ty.cast::<PyObject>(),
            (*s).obj_type.cast::<PyObject>(),
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

/// A read-only object member with a docstring.
const fn member(
    name: &'static std::ffi::CStr,
    offset: usize,
    doc: &'static std::ffi::CStr,
) -> PyMemberDef {
    PyMemberDef {
        doc: doc.as_ptr(),
        ..PyMemberDef::new(name, T_OBJECT, offset, READONLY)
    }
}

static SUPER_MEMBERS: StaticObject<[PyMemberDef; 4]> = StaticObject::new([
    member(
        c"__thisclass__",
        offset_of!(SuperObject, ty),
        c"the class invoking super()",
    ),
    member(
        c"__self__",
        offset_of!(SuperObject, obj),
        c"the instance invoking super(); may be None",
    ),
    member(
        c"__self_class__",
        offset_of!(SuperObject, obj_type),
        c"the type of the instance invoking super(); may be None",
    ),
    PyMemberDef::zeroed(),
]);

/// `PySuper_Type`: `super`.
#[unsafe(no_mangle)]
pub static PySuper_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"super".as_ptr();
    ty.tp_basicsize = size_of::<SuperObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(super_dealloc);
    ty.tp_repr = Some(super_repr);
    ty.tp_getattro = Some(super_getattro);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE;
    ty.tp_doc = c"super() -> same as super(__class__, <first argument>)\nsuper(type) -> unbound super object\nsuper(type, obj) -> bound super object; requires isinstance(obj, type)\nsuper(type, type2) -> bound super object; requires issubclass(type2, type)\nTypical use to call a cooperative superclass method:\nclass C(B):\n    def meth(self, arg):\n        super().meth(arg)\nThis works for class methods too:\nclass C(B):\n    @classmethod\n    def cmeth(cls, arg):\n        super().cmeth(arg)\n".as_ptr();
    ty.tp_traverse = Some(super_traverse);
    ty.tp_members = SUPER_MEMBERS.get().cast();
    ty.tp_descr_get = Some(super_descr_get);
    ty.tp_init = Some(super_init);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_new = Some(PyType_GenericNew);
    ty.tp_free = Some(PyObject_GC_Del);
    ty.tp_vectorcall = Some(super_vectorcall);
    ty
});

#[cfg(test)]
mod tests {
    #[test]
    fn layout_matches_cpython() {
        // PyObject_HEAD, type, obj, obj_type.
        assert_eq!(
            std::mem::size_of::<super::SuperObject>(),
            std::mem::size_of::<crate::ffi::PyObject>() + 3 * std::mem::size_of::<usize>()
        );
    }
}
