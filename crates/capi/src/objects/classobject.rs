//! Bound method objects, `method` (CPython's `Objects/classobject.c`):
//! `PyMethod_New(func, self)` pairs a callable with the object it is bound
//! to; calling the pair calls `func(self, *args, **kwargs)`. Cython makes
//! them for its own function type, and C code unpacks them with
//! `PyMethod_GET_FUNCTION` / `PyMethod_GET_SELF`, so the layout is
//! CPython's `PyMethodObject`. Attributes other than `__func__` and
//! `__self__` are looked up on the type and then on the function
//! (`m.__name__` is the function's), as CPython does.

#![allow(non_upper_case_globals)]

use std::ffi::c_int;
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::call::PyObject_Call;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::object::{Py_DecRef, Py_IncRef, type_of};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Type};
use crate::python::errors;

/// CPython's `PyMethodObject` (the header's macros read its fields).
#[repr(C)]
struct PyMethodObject {
    ob_base: PyObject,
    im_func: *mut PyObject,
    im_self: *mut PyObject,
    im_weakreflist: *mut PyObject,
    vectorcall: Option<vectorcallfunc>,
}

static METHOD_MEMBERS: StaticObject<[PyMemberDef; 3]> = StaticObject::new([
    PyMemberDef::new(
        c"__func__",
        T_OBJECT,
        offset_of!(PyMethodObject, im_func),
        READONLY,
    ),
    PyMemberDef::new(
        c"__self__",
        T_OBJECT,
        offset_of!(PyMethodObject, im_self),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

/// `PyMethod_Type`: `method`.
#[unsafe(no_mangle)]
pub static PyMethod_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"method".as_ptr();
    ty.tp_basicsize = size_of::<PyMethodObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(method_dealloc);
    ty.tp_repr = Some(method_repr);
    ty.tp_hash = Some(method_hash);
    ty.tp_call = Some(method_call);
    ty.tp_getattro = Some(method_getattro);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(method_traverse);
    ty.tp_richcompare = Some(method_richcompare);
    ty.tp_weaklistoffset = offset_of!(PyMethodObject, im_weakreflist) as Py_ssize_t;
    ty.tp_members = METHOD_MEMBERS.get().cast();
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

/// True for a `method` object.
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_method(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { type_of(op) == PyMethod_Type.get() }
}

/// `PyMethod_New(func, self)`: `func` bound to `self`.
///
/// Fails (NULL) with `SystemError` for a NULL `self` or `func`, or
/// `MemoryError`.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMethod_New(func: *mut PyObject, self_: *mut PyObject) -> *mut PyObject {
    if func.is_null() || self_.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a static type; the new object is zeroed; both are live.
    unsafe {
        let m = PyType_GenericAlloc(PyMethod_Type.get(), 0);
        if !m.is_null() {
            Py_IncRef(func);
            Py_IncRef(self_);
            let mo = m.cast::<PyMethodObject>();
            (*mo).im_func = func;
            (*mo).im_self = self_;
        }
        m
    }
}

/// `PyMethod_Function(m)`: the function (borrowed), or NULL with
/// `SystemError` for anything but a `method`.
///
/// # Safety
/// `m` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMethod_Function(m: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    if m.is_null() || !unsafe { is_method(m) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a live method.
    unsafe { (*m.cast::<PyMethodObject>()).im_func }
}

/// `PyMethod_Self(m)`: the bound object (borrowed), or NULL with
/// `SystemError` for anything but a `method`.
///
/// # Safety
/// `m` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMethod_Self(m: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    if m.is_null() || !unsafe { is_method(m) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a live method.
    unsafe { (*m.cast::<PyMethodObject>()).im_self }
}

unsafe extern "C" fn method_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced method.
    unsafe {
        gc_untrack(op);
        let m = op.cast::<PyMethodObject>();
        if !(*m).im_weakreflist.is_null() {
            crate::objects::weakrefobject::PyObject_ClearWeakRefs(op);
        }
        Py_DecRef((*m).im_func);
        Py_DecRef((*m).im_self);
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn method_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: a live method; `visit` is the caller's visitor.
    unsafe {
        let m = op.cast::<PyMethodObject>();
        for o in [(*m).im_func, (*m).im_self] {
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

/// `m(*args, **kwargs)`: `func(self, *args, **kwargs)`.
unsafe extern "C" fn method_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::tupleobject::{items, size, tuple_from_slice};
    // SAFETY: a live method, a tuple and NULL or a dict.
    unsafe {
        let m = op.cast::<PyMethodObject>();
        let n = size(args) as usize;
        let mut all = Vec::new();
        if all.try_reserve(n + 1).is_err() {
            return errors::PyErr_NoMemory();
        }
        all.push((*m).im_self);
        all.extend((0..n).map(|i| *items(args).add(i)));
        let full = tuple_from_slice(&all);
        if full.is_null() {
            return ptr::null_mut();
        }
        let result = PyObject_Call((*m).im_func, full, kwargs);
        Py_DecRef(full);
        result
    }
}

/// `repr(m)`: `<bound method QUALNAME of REPR(self)>`, the function's
/// `__qualname__` or else `__name__` (`?` when neither is a `str`).
unsafe extern "C" fn method_repr(op: *mut PyObject) -> *mut PyObject {
    use crate::objects::object::{PyObject_GetAttrString, is_str, repr, text_of};
    // SAFETY: a live method; new references are released.
    unsafe {
        let m = op.cast::<PyMethodObject>();
        let func = (*m).im_func;
        let mut name = ptr::null_mut();
        for attr in [c"__qualname__", c"__name__"] {
            name = PyObject_GetAttrString(func, attr.as_ptr());
            if !name.is_null() {
                break;
            }
            if errors::PyErr_ExceptionMatches(
                crate::objects::exceptions::Exc::AttributeError.type_object(),
            ) == 0
            {
                return ptr::null_mut();
            }
            errors::PyErr_Clear();
        }
        let shown = if !name.is_null() && is_str(name) {
            text_of(name)
        } else {
            "?".to_owned()
        };
        Py_DecRef(name);
        let Some(self_repr) = repr((*m).im_self) else {
            return ptr::null_mut();
        };
        crate::objects::unicodeobject::unicode_from_str(&format!(
            "<bound method {shown} of {self_repr}>"
        ))
    }
}

/// `hash(m)`: the bound object's identity mixed with the function's hash.
unsafe extern "C" fn method_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live method.
    unsafe {
        let m = op.cast::<PyMethodObject>();
        let x = crate::python::pyhash::hash_pointer((*m).im_self.cast());
        let y = crate::objects::object::PyObject_Hash((*m).im_func);
        if y == -1 {
            return -1;
        }
        let h = x ^ y;
        if h == -1 { -2 } else { h }
    }
}

/// `m == other` / `m != other`: equal functions bound to the same object.
/// Other comparisons, or another type, are `NotImplemented`.
unsafe extern "C" fn method_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    use crate::objects::boolobject::bool_from_bool;
    // SAFETY: live objects.
    unsafe {
        if !is_method(a) || !is_method(b) || (op != Py_EQ && op != Py_NE) {
            let ni = crate::objects::object::_Py_NotImplementedStruct.get();
            Py_IncRef(ni);
            return ni;
        }
        let (ma, mb) = (a.cast::<PyMethodObject>(), b.cast::<PyMethodObject>());
        let mut eq =
            crate::objects::object::PyObject_RichCompareBool((*ma).im_func, (*mb).im_func, Py_EQ);
        if eq < 0 {
            return ptr::null_mut();
        }
        if eq == 1 {
            eq = c_int::from((*ma).im_self == (*mb).im_self);
        }
        bool_from_bool((eq == 1) == (op == Py_EQ))
    }
}

/// `getattr(m, name)`: the type's descriptors (`__func__`, `__self__`,
/// `__class__`, ...) first, then the function's attribute.
unsafe extern "C" fn method_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live method and a live name.
    unsafe {
        let ty = type_of(op);
        let descr = crate::objects::typeobject::_PyType_Lookup(ty, name);
        if !descr.is_null() {
            let get = (*type_of(descr)).tp_descr_get;
            if let Some(get) = get {
                return get(descr, op, ty.cast());
            }
            Py_IncRef(descr);
            return descr;
        }
        crate::objects::object::PyObject_GetAttr((*op.cast::<PyMethodObject>()).im_func, name)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn layout_matches_cpython() {
        // PyObject_HEAD, im_func, im_self, im_weakreflist, vectorcall.
        assert_eq!(
            std::mem::size_of::<super::PyMethodObject>(),
            std::mem::size_of::<crate::ffi::PyObject>() + 4 * std::mem::size_of::<usize>()
        );
    }
}
