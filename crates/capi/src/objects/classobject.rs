//! Bound method objects, `method` (CPython's `Objects/classobject.c`):
//! `PyMethod_New(func, self)` pairs a callable with the object it is bound
//! to; calling the pair calls `func(self, *args, **kwargs)`. Cython makes
//! them for its own function type, and C code unpacks them with
//! `PyMethod_GET_FUNCTION` / `PyMethod_GET_SELF`, so the layout is
//! CPython's `PyMethodObject`. Attributes other than `__func__` and
//! `__self__` are looked up on the type and then on the function
//! (`m.__name__` is the function's), as CPython does. `method(function,
//! instance)` makes one from C, and `__reduce__` pickles it as
//! `getattr(instance, name)`.
//!
//! And `instancemethod` (`PyInstanceMethod_New`): a callable that binds
//! like a function, the callable itself from the class and a `method`
//! from an instance. Cython wraps its function type in one.

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
    ty.tp_setattro = Some(crate::objects::object::PyObject_GenericSetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_doc =
        c"method(function, instance, /)\n--\n\nCreate a bound instance method object.".as_ptr();
    ty.tp_traverse = Some(method_traverse);
    ty.tp_richcompare = Some(method_richcompare);
    ty.tp_weaklistoffset = offset_of!(PyMethodObject, im_weakreflist) as Py_ssize_t;
    ty.tp_members = METHOD_MEMBERS.get().cast();
    ty.tp_methods = METHOD_METHODS.get().cast();
    ty.tp_getset = METHOD_GETSET.get().cast();
    ty.tp_new = Some(method_new);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

static METHOD_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    crate::python::clinic::method(c"__reduce__", method_reduce, METH_NOARGS),
    crate::python::clinic::METHOD_END,
]);

static METHOD_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef::getter(c"__doc__", method_get_doc),
    PyGetSetDef::zeroed(),
]);

/// `method(function, instance)`: positional only; `function` callable and
/// `instance` not None.
unsafe extern "C" fn method_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::exceptions::Exc;
    use crate::python::getargs::{_PyArg_CheckPositional, _PyArg_NoKeywords};
    // SAFETY: tp_new's contract: a tuple and NULL or a dict.
    unsafe {
        if _PyArg_NoKeywords(c"method".as_ptr(), kwds) == 0 {
            return ptr::null_mut();
        }
        let n = crate::objects::tupleobject::size(args);
        if _PyArg_CheckPositional(c"method".as_ptr(), n, 2, 2) == 0 {
            return ptr::null_mut();
        }
        let func = crate::objects::tupleobject::get(args, 0);
        let instance = crate::objects::tupleobject::get(args, 1);
        if crate::objects::object::PyCallable_Check(func) == 0 {
            return errors::fail_null(Exc::TypeError, "first argument must be callable");
        }
        if instance == crate::objects::object::py_none() {
            return errors::fail_null(Exc::TypeError, "instance must not be None");
        }
        PyMethod_New(func, instance)
    }
}

/// `m.__reduce__()`: `(getattr, (self, function.__name__))`, so a bound
/// method pickles as the attribute lookup that makes it again.
unsafe extern "C" fn method_reduce(op: *mut PyObject, _unused: *mut PyObject) -> *mut PyObject {
    use crate::objects::object::Owned;
    // SAFETY: a live method; new references are released or moved into
    // the result.
    unsafe {
        let m = op.cast::<PyMethodObject>();
        let Some(name) = Owned::new(crate::objects::object::PyObject_GetAttrString(
            (*m).im_func,
            c"__name__".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let Some(getattr) = crate::python::bltinmodule::builtin(c"getattr") else {
            return ptr::null_mut();
        };
        let Some(args) = Owned::new(crate::objects::tupleobject::tuple_from_slice(&[
            (*m).im_self,
            name.as_ptr(),
        ])) else {
            return ptr::null_mut();
        };
        crate::objects::tupleobject::tuple_from_slice(&[getattr.as_ptr(), args.as_ptr()])
    }
}

/// `m.__doc__`: the function's.
unsafe extern "C" fn method_get_doc(op: *mut PyObject, _c: *mut std::ffi::c_void) -> *mut PyObject {
    // SAFETY: a live method.
    unsafe {
        crate::objects::object::PyObject_GetAttrString(
            (*op.cast::<PyMethodObject>()).im_func,
            c"__doc__".as_ptr(),
        )
    }
}

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

// ==========================================================================
// instancemethod
// ==========================================================================

/// CPython's `PyInstanceMethodObject` (`PyInstanceMethod_GET_FUNCTION`
/// reads `func`).
#[repr(C)]
struct PyInstanceMethodObject {
    ob_base: PyObject,
    func: *mut PyObject,
}

static INSTANCEMETHOD_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef {
        doc: c"the function (or other callable) implemented by a method".as_ptr(),
        ..PyMemberDef::new(
            c"__func__",
            T_OBJECT,
            offset_of!(PyInstanceMethodObject, func),
            READONLY,
        )
    },
    PyMemberDef::zeroed(),
]);

static INSTANCEMETHOD_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef::getter(c"__doc__", instancemethod_get_doc),
    PyGetSetDef::zeroed(),
]);

/// `PyInstanceMethod_Type`: `instancemethod`, a callable that binds like a
/// function: from an instance it becomes a `method` bound to the instance,
/// from the class it is the callable itself. Cython wraps its own function
/// type in one so that it binds like a Python function.
#[unsafe(no_mangle)]
pub static PyInstanceMethod_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"instancemethod".as_ptr();
    ty.tp_basicsize = size_of::<PyInstanceMethodObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(instancemethod_dealloc);
    ty.tp_repr = Some(instancemethod_repr);
    ty.tp_call = Some(instancemethod_call);
    ty.tp_getattro = Some(instancemethod_getattro);
    ty.tp_setattro = Some(crate::objects::object::PyObject_GenericSetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_doc = c"Bind a function to a class.".as_ptr();
    ty.tp_traverse = Some(instancemethod_traverse);
    ty.tp_richcompare = Some(instancemethod_richcompare);
    ty.tp_members = INSTANCEMETHOD_MEMBERS.get().cast();
    ty.tp_getset = INSTANCEMETHOD_GETSET.get().cast();
    ty.tp_descr_get = Some(instancemethod_descr_get);
    ty.tp_new = Some(instancemethod_new);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

/// True for an `instancemethod` (exactly: the type cannot be subclassed).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_instancemethod(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { type_of(op) == PyInstanceMethod_Type.get() }
}

/// The wrapped callable (borrowed).
///
/// # Safety
/// `op` must be a live `instancemethod`.
unsafe fn instancemethod_func(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { (*op.cast::<PyInstanceMethodObject>()).func }
}

/// `PyInstanceMethod_New(func)`: an `instancemethod` wrapping `func`
/// (any object: CPython checks callability only in `instancemethod()`).
///
/// Fails (NULL) with `SystemError` for NULL, or `MemoryError`.
///
/// # Safety
/// `func` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInstanceMethod_New(func: *mut PyObject) -> *mut PyObject {
    if func.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a static type whose one field is the function; `func`
    // is live.
    unsafe { crate::objects::typeobject::alloc_holding(PyInstanceMethod_Type.get(), func) }
}

/// `PyInstanceMethod_Function(im)`: the wrapped callable (borrowed), or
/// NULL with `SystemError` for anything but an `instancemethod`.
///
/// # Safety
/// `im` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInstanceMethod_Function(im: *mut PyObject) -> *mut PyObject {
    // SAFETY: NULL or live per the contract.
    if im.is_null() || !unsafe { is_instancemethod(im) } {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a live instancemethod.
    unsafe { instancemethod_func(im) }
}

/// `instancemethod(function)`: no keywords, one callable.
unsafe extern "C" fn instancemethod_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    use crate::python::getargs::{_PyArg_CheckPositional, _PyArg_NoKeywords};
    // SAFETY: tp_new's contract: a tuple and NULL or a dict.
    unsafe {
        if _PyArg_NoKeywords(c"instancemethod".as_ptr(), kwds) == 0 {
            return ptr::null_mut();
        }
        let n = crate::objects::tupleobject::size(args);
        if _PyArg_CheckPositional(c"instancemethod".as_ptr(), n, 1, 1) == 0 {
            return ptr::null_mut();
        }
        let func = crate::objects::tupleobject::get(args, 0);
        if crate::objects::object::PyCallable_Check(func) == 0 {
            return errors::fail_null(
                crate::objects::exceptions::Exc::TypeError,
                "first argument must be callable",
            );
        }
        PyInstanceMethod_New(func)
    }
}

unsafe extern "C" fn instancemethod_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced instancemethod.
    unsafe {
        gc_untrack(op);
        Py_DecRef(instancemethod_func(op));
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn instancemethod_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: a live instancemethod; `visit` is the caller's visitor.
    unsafe {
        let f = instancemethod_func(op);
        if f.is_null() { 0 } else { visit(f, arg) }
    }
}

/// `im(*args, **kwargs)`: `func(*args, **kwargs)`, nothing bound.
unsafe extern "C" fn instancemethod_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live instancemethod and the call's arguments.
    unsafe { PyObject_Call(instancemethod_func(op), args, kwargs) }
}

/// `instancemethod.__get__`: the callable itself from the class, a
/// `method` bound to `obj` from an instance.
unsafe extern "C" fn instancemethod_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live instancemethod; `obj` NULL or live.
    unsafe {
        let func = instancemethod_func(op);
        if obj.is_null() {
            Py_IncRef(func);
            return func;
        }
        PyMethod_New(func, obj)
    }
}

/// `im == other` / `im != other`: two instancemethods of equal callables.
/// Other comparisons, or another type, are `NotImplemented`.
unsafe extern "C" fn instancemethod_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    use crate::objects::boolobject::bool_from_bool;
    // SAFETY: live objects.
    unsafe {
        if (op != Py_EQ && op != Py_NE) || !is_instancemethod(a) || !is_instancemethod(b) {
            return crate::objects::object::not_implemented();
        }
        let eq = crate::objects::object::PyObject_RichCompareBool(
            instancemethod_func(a),
            instancemethod_func(b),
            Py_EQ,
        );
        if eq < 0 {
            return ptr::null_mut();
        }
        bool_from_bool((eq == 1) == (op == Py_EQ))
    }
}

/// `repr(im)`: `<instancemethod NAME at ADDR>`, NAME the callable's
/// `__name__` (`?` when it has none or it is not a `str`).
unsafe extern "C" fn instancemethod_repr(op: *mut PyObject) -> *mut PyObject {
    use crate::objects::object::{_PyObject_LookupAttr, Owned, is_str, text_of};
    // SAFETY: a live instancemethod; new references are released.
    unsafe {
        let Some(key) = Owned::new(crate::objects::unicodeobject::unicode_from_str("__name__"))
        else {
            return ptr::null_mut();
        };
        let mut name = ptr::null_mut();
        if _PyObject_LookupAttr(instancemethod_func(op), key.as_ptr(), &mut name) < 0 {
            return ptr::null_mut();
        }
        let shown = if !name.is_null() && is_str(name) {
            text_of(name)
        } else {
            "?".to_owned()
        };
        Py_DecRef(name);
        crate::objects::unicodeobject::unicode_from_str(&format!(
            "<instancemethod {shown} at {op:p}>"
        ))
    }
}

/// `im.__doc__`: the callable's.
unsafe extern "C" fn instancemethod_get_doc(
    op: *mut PyObject,
    _c: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: a live instancemethod.
    unsafe {
        crate::objects::object::PyObject_GetAttrString(instancemethod_func(op), c"__doc__".as_ptr())
    }
}

/// `getattr(im, name)`: the type's descriptors (`__func__`, `__doc__`,
/// `__class__`, ...) first, then the callable's attribute.
unsafe extern "C" fn instancemethod_getattro(
    op: *mut PyObject,
    name: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live instancemethod and a live name.
    unsafe {
        let ty = type_of(op);
        if !crate::objects::typeobject::ensure_ready(ty) {
            return ptr::null_mut();
        }
        let descr = crate::objects::typeobject::_PyType_Lookup(ty, name);
        if !descr.is_null() {
            if let Some(get) = (*type_of(descr)).tp_descr_get {
                return get(descr, op, ty.cast());
            }
            Py_IncRef(descr);
            return descr;
        }
        crate::objects::object::PyObject_GetAttr(instancemethod_func(op), name)
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
        // PyObject_HEAD, func.
        assert_eq!(
            std::mem::size_of::<super::PyInstanceMethodObject>(),
            std::mem::size_of::<crate::ffi::PyObject>() + std::mem::size_of::<usize>()
        );
    }
}
