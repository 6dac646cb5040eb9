//! Slot wrappers (CPython's `wrapper_descriptor` and `method-wrapper` in
//! `Objects/descrobject.c`): a C slot of a type seen as a method.
//!
//! `PyType_Ready` puts a `wrapper_descriptor` in a type's dict for every
//! slot the type defines itself (`list.__len__`, `int.__add__`; the table
//! is in [`crate::objects::typeobject::slots`]). Calling it checks that
//! the first argument is an instance of the type, then lets the row's
//! `wrapper` unpack the arguments and call the slot function. Getting it
//! from an instance gives a `method-wrapper` bound to that instance.

use std::ffi::{CStr, c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use super::{
    descr_call_self, descr_check, descr_get_qualname, descr_get_start, descr_name, descr_new,
    descr_repr, descr_type, descr_type_object,
};
use crate::ffi::*;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::object::{
    Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, hash_pointer, none, not_implemented, tp_name,
    type_of,
};
use crate::objects::tupleobject::{PyTuple_GetSlice, PyTuple_Size};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Type, doc_object, is_subtype};
use crate::objects::unicodeobject::{PyUnicode_FromString, unicode_from_str};
use crate::python::errors;

// ==========================================================================
// wrapper_descriptor
// ==========================================================================

/// The slot table row of a wrapper descriptor.
///
/// # Safety
/// `descr` must be a live `wrapper_descriptor`.
unsafe fn wrapper_base(descr: *mut PyObject) -> *mut wrapperbase {
    // SAFETY: per the contract.
    unsafe { (*descr.cast::<PyWrapperDescrObject>()).d_base }
}

/// `PyDescr_NewWrapper(type, base, wrapped)`: a `wrapper_descriptor` named
/// `base->name` calling `wrapped` through `base->wrapper`. NULL with
/// `MemoryError`.
///
/// # Safety
/// `ty` must be a live type; `base` a row that outlives the descriptor
/// (static), whose wrapper takes `wrapped`'s function type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDescr_NewWrapper(
    ty: *mut PyTypeObject,
    base: *mut wrapperbase,
    wrapped: *mut c_void,
) -> *mut PyObject {
    // SAFETY: per the contract; the descriptor type's instances are
    // `PyWrapperDescrObject`s.
    unsafe {
        descr_new::<PyWrapperDescrObject>(PyWrapperDescr_Type.get(), ty, (*base).name, |d| {
            (*d).d_base = base;
            (*d).d_wrapped = wrapped;
        })
    }
}

/// Calls the row's wrapper for `slf` (already checked), refusing keyword
/// arguments unless the row takes them (CPython's
/// `wrapperdescr_raw_call`).
///
/// # Safety
/// `descr` must be a live wrapper descriptor, `slf` an instance of its
/// type, `args` a tuple, `kwds` NULL or a dict.
unsafe fn raw_call(
    descr: *mut PyObject,
    slf: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract; the wrapper was made for this row's slot
    // function type.
    unsafe {
        let d = descr.cast::<PyWrapperDescrObject>();
        let base = (*d).d_base;
        let Some(wrapper) = (*base).wrapper else {
            return errors::fail_null(Exc::SystemError, "slot wrapper without a wrapper function");
        };
        if (*base).flags & PyWrapperFlag_KEYWORDS != 0 {
            let wk = std::mem::transmute::<wrapperfunc, wrapperfunc_kwds>(wrapper);
            return wk(slf, args, (*d).d_wrapped, kwds);
        }
        if !kwds.is_null()
            && (!crate::objects::dictobject::is_dict(kwds)
                || crate::objects::dictobject::PyDict_Size(kwds) != 0)
        {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "wrapper {}() takes no keyword arguments",
                    CStr::from_ptr((*base).name).to_string_lossy()
                ),
            );
        }
        wrapper(slf, args, (*d).d_wrapped)
    }
}

/// Calling `T.__x__(self, *args)`: `self` must be an instance of `T`.
///
/// Fails (NULL) with `TypeError("descriptor '__x__' of 'T' object needs
/// an argument")`, `("descriptor '__x__' requires a 'T' object but
/// received a 'U'")`, or what the wrapper raised.
unsafe extern "C" fn wrapperdescr_call(
    descr: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as `tp_call` with a live descriptor, a tuple and NULL
    // or a dict.
    unsafe {
        let slf = descr_call_self(descr, args);
        if slf.is_null() {
            return ptr::null_mut();
        }
        let ty = descr_type(descr);
        let argc = PyTuple_Size(args);
        if !is_subtype(type_of(slf), ty) {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "descriptor '{}' requires a '{}' object but received a '{}'",
                    descr_name(descr),
                    tp_name(ty, 100),
                    tp_name(type_of(slf), 100)
                ),
            );
        }
        let rest = PyTuple_GetSlice(args, 1, argc);
        if rest.is_null() {
            return ptr::null_mut();
        }
        let res = raw_call(descr, slf, rest, kwds);
        Py_DecRef(rest);
        res
    }
}

/// `wrapper_descriptor.__get__`: itself from the class, a `method-wrapper`
/// bound to an instance.
unsafe extern "C" fn wrapperdescr_get(
    descr: *mut PyObject,
    obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as `tp_descr_get` with live objects.
    unsafe {
        if let Some(done) = descr_get_start(descr, obj) {
            return done;
        }
        PyWrapper_New(descr, obj)
    }
}

unsafe extern "C" fn wrapperdescr_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live wrapper descriptor.
    unsafe { descr_repr(op, "slot wrapper") }
}

/// `__doc__` of a slot table row: its text without the signature, None
/// when empty.
///
/// # Safety
/// `base` must be a live row.
unsafe fn base_doc(base: *mut wrapperbase) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if (*base).doc.is_null() {
            return none();
        }
        doc_object((*base).name, (*base).doc, true).map_or(ptr::null_mut(), |d| d.into_raw())
    }
}

unsafe extern "C" fn wrapperdescr_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live wrapper descriptor.
    unsafe { base_doc(wrapper_base(op)) }
}

unsafe extern "C" fn wrapperdescr_get_text_signature(
    op: *mut PyObject,
    _c: *mut c_void,
) -> *mut PyObject {
    // SAFETY: a live wrapper descriptor.
    unsafe {
        let base = wrapper_base(op);
        super::signature_object((*base).name, (*base).doc)
    }
}

static WRAPPERDESCR_GETSET: StaticObject<[PyGetSetDef; 4]> = StaticObject::new([
    crate::python::clinic::getter(c"__doc__", wrapperdescr_get_doc),
    crate::python::clinic::getter(c"__qualname__", descr_get_qualname),
    crate::python::clinic::getter(c"__text_signature__", wrapperdescr_get_text_signature),
    PyGetSetDef::zeroed(),
]);

/// `PyWrapperDescr_Type`: `wrapper_descriptor`.
#[unsafe(no_mangle)]
pub static PyWrapperDescr_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = descr_type_object(
        c"wrapper_descriptor",
        size_of::<PyWrapperDescrObject>(),
        wrapperdescr_repr,
    );
    ty.tp_call = Some(wrapperdescr_call);
    ty.tp_flags |= Py_TPFLAGS_METHOD_DESCRIPTOR;
    ty.tp_getset = WRAPPERDESCR_GETSET.get().cast();
    ty.tp_descr_get = Some(wrapperdescr_get);
    ty
});

// ==========================================================================
// method-wrapper
// ==========================================================================

/// CPython's `wrapperobject`: a wrapper descriptor bound to an instance.
#[repr(C)]
struct WrapperObject {
    ob_base: PyObject,
    /// The `wrapper_descriptor` (strong reference).
    descr: *mut PyObject,
    /// The instance (strong reference).
    slf: *mut PyObject,
}

/// `PyWrapper_New(descr, self)`: `descr` bound to `self` (a
/// `method-wrapper`), after checking that `self` is an instance of the
/// descriptor's type. NULL with `TypeError` or `MemoryError`.
///
/// # Safety
/// `descr` must be a live `wrapper_descriptor`, `slf` a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyWrapper_New(descr: *mut PyObject, slf: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; the new object is zeroed and laid out as
    // `WrapperObject`.
    unsafe {
        if !descr_check(descr, slf) {
            return ptr::null_mut();
        }
        let wp = PyType_GenericAlloc(_PyMethodWrapper_Type.get(), 0);
        if wp.is_null() {
            return ptr::null_mut();
        }
        let w = wp.cast::<WrapperObject>();
        Py_IncRef(descr);
        Py_IncRef(slf);
        (*w).descr = descr;
        (*w).slf = slf;
        wp
    }
}

/// The fields of a method-wrapper.
///
/// # Safety
/// `op` must be a live `method-wrapper`.
unsafe fn parts(op: *mut PyObject) -> (*mut PyObject, *mut PyObject) {
    // SAFETY: per the contract.
    unsafe {
        let w = op.cast::<WrapperObject>();
        ((*w).descr, (*w).slf)
    }
}

unsafe extern "C" fn wrapper_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced method-wrapper.
    unsafe {
        gc_untrack(op);
        let (descr, slf) = parts(op);
        Py_DecRef(descr);
        Py_DecRef(slf);
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn wrapper_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live method-wrapper; `visit` is the caller's visitor.
    unsafe {
        let (descr, slf) = parts(op);
        for o in [descr, slf] {
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

/// Whether `op` is a method-wrapper.
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_wrapper(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { type_of(op) == _PyMethodWrapper_Type.get() }
}

/// `==` and `!=`: the same descriptor bound to the same object.
unsafe extern "C" fn wrapper_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if !is_wrapper(a) || !is_wrapper(b) || (op != Py_EQ && op != Py_NE) {
            return not_implemented();
        }
        let eq = parts(a) == parts(b);
        bool_from_bool(eq == (op == Py_EQ))
    }
}

unsafe extern "C" fn wrapper_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live method-wrapper.
    let (descr, slf) = unsafe { parts(op) };
    let x = hash_pointer(slf.cast()) ^ hash_pointer(descr.cast());
    if x == -1 { -2 } else { x }
}

/// `<method-wrapper '__x__' of T object at 0x…>`.
unsafe extern "C" fn wrapper_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live method-wrapper.
    unsafe {
        let (descr, slf) = parts(op);
        let name = CStr::from_ptr((*wrapper_base(descr)).name).to_string_lossy();
        unicode_from_str(&format!(
            "<method-wrapper '{name}' of {} object at {slf:p}>",
            tp_name(type_of(slf), usize::MAX)
        ))
    }
}

unsafe extern "C" fn wrapper_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as `tp_call`; the bound object passed the type check.
    unsafe {
        let (descr, slf) = parts(op);
        raw_call(descr, slf, args, kwds)
    }
}

unsafe extern "C" fn wrapper_objclass(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method-wrapper; the descriptor's type is live.
    unsafe {
        let t = descr_type(parts(op).0).cast::<PyObject>();
        Py_IncRef(t);
        t
    }
}

unsafe extern "C" fn wrapper_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method-wrapper.
    unsafe { PyUnicode_FromString((*wrapper_base(parts(op).0)).name) }
}

unsafe extern "C" fn wrapper_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method-wrapper.
    unsafe { base_doc(wrapper_base(parts(op).0)) }
}

unsafe extern "C" fn wrapper_text_signature(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method-wrapper.
    unsafe { wrapperdescr_get_text_signature(parts(op).0, ptr::null_mut()) }
}

unsafe extern "C" fn wrapper_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method-wrapper.
    unsafe { descr_get_qualname(parts(op).0, ptr::null_mut()) }
}

static WRAPPER_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef::new(
        c"__self__",
        T_OBJECT,
        offset_of!(WrapperObject, slf),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

static WRAPPER_GETSETS: StaticObject<[PyGetSetDef; 6]> = StaticObject::new([
    crate::python::clinic::getter(c"__objclass__", wrapper_objclass),
    crate::python::clinic::getter(c"__name__", wrapper_name),
    crate::python::clinic::getter(c"__qualname__", wrapper_qualname),
    crate::python::clinic::getter(c"__doc__", wrapper_doc),
    crate::python::clinic::getter(c"__text_signature__", wrapper_text_signature),
    PyGetSetDef::zeroed(),
]);

/// `_PyMethodWrapper_Type`: `method-wrapper`.
#[unsafe(no_mangle)]
pub static _PyMethodWrapper_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"method-wrapper".as_ptr();
    ty.tp_basicsize = size_of::<WrapperObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(wrapper_dealloc);
    ty.tp_repr = Some(wrapper_repr);
    ty.tp_hash = Some(wrapper_hash);
    ty.tp_call = Some(wrapper_call);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(wrapper_traverse);
    ty.tp_richcompare = Some(wrapper_richcompare);
    ty.tp_members = WRAPPER_MEMBERS.get().cast();
    ty.tp_getset = WRAPPER_GETSETS.get().cast();
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});
