//! Descriptors (CPython's `Objects/descrobject.c`): what `PyType_Ready`
//! puts in a type's dict for each `tp_methods`, `tp_members` and
//! `tp_getset` entry.
//!
//! * `method_descriptor`: an unbound method. Getting it from an instance
//!   binds it (a `builtin_function_or_method` with `self`); calling it
//!   takes `self` as its first argument, checked against the type.
//! * `classmethod_descriptor` (`METH_CLASS`): binds to the class.
//! * `member_descriptor`: reads and writes a C field (`PyMember_GetOne` /
//!   `PyMember_SetOne`).
//! * `getset_descriptor`: calls a `PyGetSetDef`'s getter and setter.
//! * `wrapper_descriptor` and `method-wrapper` ([`wrapper`]): a C slot as
//!   a method (`list.__len__`, `[].__len__`).
//! * `mappingproxy` ([`mappingproxy`]): the read-only view of a mapping
//!   that `type.__dict__` is.
//! * `property` ([`property`]): the data descriptor of `fget` / `fset` /
//!   `fdel`.
//!
//! Every message is CPython 3.11's (e.g. "descriptor 'x' for 'T' objects
//! doesn't apply to a 'U' object").

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::call::{PyVectorcall_Call, PyVectorcall_NARGS, function_str};
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::methodobject::PyCMethod_New;
use crate::objects::object::{
    Owned, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_GetAttr, is_str, is_type, none,
    text_of, tp_name, type_name_max, type_of,
};
use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_Size, tuple_from_slice};
use crate::objects::typeobject::{
    PyType_GenericAlloc, PyType_Type, doc_object, is_subtype, text_signature,
};
use crate::objects::unicodeobject::{
    PyUnicode_FromString, PyUnicode_FromStringAndSize, unicode_from_str,
};
use crate::python::clinic::getter;
use crate::python::errors;
use crate::python::structmember::{PyMember_GetOne, PyMember_SetOne};

mod mappingproxy;
mod property;
mod wrapper;
pub use mappingproxy::{PyDictProxy_New, PyDictProxy_Type};
pub use property::PyProperty_Type;
pub use wrapper::{_PyMethodWrapper_Type, PyDescr_NewWrapper, PyWrapper_New, PyWrapperDescr_Type};

// ==========================================================================
// Common parts
// ==========================================================================

/// The descriptor's name for messages (`%V` with `"?"`).
///
/// # Safety
/// `descr` must be a live descriptor.
unsafe fn descr_name(descr: *mut PyObject) -> String {
    // SAFETY: per the contract.
    unsafe {
        let name = (*descr.cast::<PyDescrObject>()).d_name;
        if name.is_null() || !is_str(name) {
            return "?".into();
        }
        text_of(name)
    }
}

/// The descriptor's type.
///
/// # Safety
/// `descr` must be a live descriptor.
unsafe fn descr_type(descr: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: per the contract.
    unsafe { (*descr.cast::<PyDescrObject>()).d_type }
}

/// Checks that `obj` is an instance of the descriptor's type (CPython's
/// `descr_check`); false with a `TypeError` set otherwise.
///
/// # Safety
/// `descr` must be a live descriptor, `obj` a live object.
unsafe fn descr_check(descr: *mut PyObject, obj: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        let ty = descr_type(descr);
        if is_subtype(type_of(obj), ty) {
            return true;
        }
        errors::raise(
            Exc::TypeError,
            format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                descr_name(descr),
                tp_name(ty, 100),
                type_name_max(obj, 100)
            ),
        );
        false
    }
}

/// The start every `tp_descr_get` of a descriptor shares: from the class
/// (`obj` NULL) the descriptor itself, then [`descr_check`] on `obj`.
/// `Some(result)` when that settles the call (a new reference, or NULL
/// with the `TypeError` set); `None` when `obj` may be bound.
///
/// # Safety
/// `descr` must be a live descriptor, `obj` NULL or a live object.
unsafe fn descr_get_start(descr: *mut PyObject, obj: *mut PyObject) -> Option<*mut PyObject> {
    // SAFETY: per the contract.
    unsafe {
        if obj.is_null() {
            Py_IncRef(descr);
            return Some(descr);
        }
        if !descr_check(descr, obj) {
            return Some(ptr::null_mut());
        }
    }
    None
}

/// The `self` of an unbound descriptor call `T.name(self, *args)`: the
/// first item of `args` (borrowed), or NULL with CPython's
/// `TypeError("descriptor 'name' of 'T' object needs an argument")` when
/// there is none.
///
/// # Safety
/// `descr` must be a live descriptor, `args` a live tuple.
unsafe fn descr_call_self(descr: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if PyTuple_Size(args) < 1 {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "descriptor '{}' of '{}' object needs an argument",
                    descr_name(descr),
                    tp_name(descr_type(descr), 100)
                ),
            );
        }
        PyTuple_GetItem(args, 0)
    }
}

/// Allocates a descriptor of `descrtype` for `name` on `ty` (CPython's
/// `descr_new`), then lets `fill` set the fields of its kind (`D`, the
/// layout of `descrtype`'s instances). NULL with `MemoryError`.
///
/// # Safety
/// `descrtype` must be one of the descriptor types, its instances laid out
/// as `D`; `ty` a live type, `name` NUL-terminated.
unsafe fn descr_new<D>(
    descrtype: *mut PyTypeObject,
    ty: *mut PyTypeObject,
    name: *const c_char,
    fill: impl FnOnce(*mut D),
) -> *mut PyObject {
    // SAFETY: per the contract; the new object is zeroed.
    unsafe {
        let Some(descr) = Owned::new(PyType_GenericAlloc(descrtype, 0)) else {
            return ptr::null_mut();
        };
        let d = descr.as_ptr().cast::<PyDescrObject>();
        if !ty.is_null() {
            Py_IncRef(ty.cast());
        }
        (*d).d_type = ty;
        (*d).d_name = PyUnicode_FromString(name);
        if (*d).d_name.is_null() {
            return ptr::null_mut();
        }
        fill(descr.as_ptr().cast());
        descr.into_raw()
    }
}

/// The dealloc of every descriptor.
unsafe extern "C" fn descr_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced descriptor.
    unsafe {
        gc_untrack(op);
        let d = op.cast::<PyDescrObject>();
        Py_DecRef((*d).d_type.cast());
        Py_DecRef((*d).d_name);
        Py_DecRef((*d).d_qualname);
        PyObject_GC_Del(op.cast());
    }
}

/// Visits the descriptor's type.
unsafe extern "C" fn descr_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live descriptor; `visit` is the caller's visitor.
    unsafe {
        let ty = descr_type(op);
        if ty.is_null() {
            0
        } else {
            visit(ty.cast(), arg)
        }
    }
}

/// `repr()` of a descriptor: `<{kind} 'name' of 'T' objects>`.
///
/// # Safety
/// `op` must be a live descriptor.
unsafe fn descr_repr(op: *mut PyObject, kind: &str) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        unicode_from_str(&format!(
            "<{kind} '{}' of '{}' objects>",
            descr_name(op),
            tp_name(descr_type(op), usize::MAX)
        ))
    }
}

unsafe extern "C" fn method_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live method descriptor.
    unsafe { descr_repr(op, "method") }
}

unsafe extern "C" fn member_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live member descriptor.
    unsafe { descr_repr(op, "member") }
}

unsafe extern "C" fn getset_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live getset descriptor.
    unsafe { descr_repr(op, "attribute") }
}

/// `__qualname__`: `Type.name`, computed once.
unsafe extern "C" fn descr_get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live descriptor.
    unsafe {
        let d = op.cast::<PyDescrObject>();
        if (*d).d_qualname.is_null() {
            if (*d).d_name.is_null() || !is_str((*d).d_name) {
                return errors::fail_null(
                    Exc::TypeError,
                    "<descriptor>.__name__ is not a unicode object",
                );
            }
            let Some(key) = Owned::new(unicode_from_str("__qualname__")) else {
                return ptr::null_mut();
            };
            let Some(q) = Owned::new(PyObject_GetAttr((*d).d_type.cast(), key.as_ptr())) else {
                return ptr::null_mut();
            };
            if !is_str(q.as_ptr()) {
                return errors::fail_null(
                    Exc::TypeError,
                    "<descriptor>.__objclass__.__qualname__ is not a unicode object",
                );
            }
            (*d).d_qualname =
                unicode_from_str(&format!("{}.{}", text_of(q.as_ptr()), text_of((*d).d_name)));
            if (*d).d_qualname.is_null() {
                return ptr::null_mut();
            }
        }
        Py_IncRef((*d).d_qualname);
        (*d).d_qualname
    }
}

/// `__doc__` from a C docstring: NULL gives None.
///
/// # Safety
/// `doc` must be NULL or NUL-terminated.
unsafe fn plain_doc(doc: *const c_char) -> *mut PyObject {
    if doc.is_null() {
        return none();
    }
    // SAFETY: per the contract.
    unsafe { PyUnicode_FromString(doc) }
}

// ==========================================================================
// Method descriptors
// ==========================================================================

/// The def behind a method descriptor.
///
/// # Safety
/// `descr` must be a live method descriptor.
unsafe fn method_def(descr: *mut PyObject) -> *mut PyMethodDef {
    // SAFETY: per the contract.
    unsafe { (*descr.cast::<PyMethodDescrObject>()).d_method }
}

/// `method_descriptor.__get__`: the descriptor itself from the class, a
/// bound method from an instance.
unsafe extern "C" fn method_get(
    descr: *mut PyObject,
    obj: *mut PyObject,
    ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as `tp_descr_get` with live objects.
    unsafe {
        if let Some(done) = descr_get_start(descr, obj) {
            return done;
        }
        let def = method_def(descr);
        if (*def).ml_flags & METH_METHOD != 0 {
            if !ty.is_null() && is_type(ty) {
                return PyCMethod_New(def, obj, ptr::null_mut(), descr_type(descr));
            }
            let tn = if ty.is_null() {
                "NULL".into()
            } else {
                type_name_max(ty, usize::MAX)
            };
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "descriptor '{}' needs a type, not '{tn}', as arg 2",
                    descr_name(descr)
                ),
            );
        }
        PyCMethod_New(def, obj, ptr::null_mut(), ptr::null_mut())
    }
}

/// `classmethod_descriptor.__get__`: a method bound to the class (the
/// given type, or the instance's).
unsafe extern "C" fn classmethod_get(
    descr: *mut PyObject,
    obj: *mut PyObject,
    mut ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as `tp_descr_get` with live objects.
    unsafe {
        let dtype = descr_type(descr);
        if ty.is_null() {
            if obj.is_null() {
                return errors::fail_null(
                    Exc::TypeError,
                    format!(
                        "descriptor '{}' for type '{}' needs either an object or a type",
                        descr_name(descr),
                        tp_name(dtype, 100)
                    ),
                );
            }
            ty = type_of(obj).cast();
        }
        if !is_type(ty) {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "descriptor '{}' for type '{}' needs a type, not a '{}' as arg 2",
                    descr_name(descr),
                    tp_name(dtype, 100),
                    type_name_max(ty, 100)
                ),
            );
        }
        if !is_subtype(ty.cast(), dtype) {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "descriptor '{}' requires a subtype of '{}' but received '{}'",
                    descr_name(descr),
                    tp_name(dtype, 100),
                    tp_name(ty.cast(), 100)
                ),
            );
        }
        let def = method_def(descr);
        let cls = if (*def).ml_flags & METH_METHOD != 0 {
            dtype
        } else {
            ptr::null_mut()
        };
        PyCMethod_New(def, ty, ptr::null_mut(), cls)
    }
}

/// `classmethod_descriptor.__call__(cls, *args)`: binds to `cls`, then
/// calls.
unsafe extern "C" fn classmethoddescr_call(
    descr: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as `tp_call` with a tuple and NULL or a dict.
    unsafe {
        let slf = descr_call_self(descr, args);
        if slf.is_null() {
            return ptr::null_mut();
        }
        let argc = PyTuple_Size(args);
        let Some(bound) = Owned::new(classmethod_get(descr, ptr::null_mut(), slf)) else {
            return ptr::null_mut();
        };
        let rest: Vec<*mut PyObject> = (1..argc).map(|i| PyTuple_GetItem(args, i)).collect();
        crate::objects::call::PyObject_VectorcallDict(
            bound.as_ptr(),
            rest.as_ptr(),
            rest.len(),
            kwds,
        )
    }
}

/// The checks every method-descriptor call starts with: a `self` of the
/// right type, and (unless the convention takes them) no keywords.
///
/// # Safety
/// `func` must be a live method descriptor; `args` `nargs` live objects;
/// `kwnames` NULL or a live tuple.
unsafe fn method_check_args(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargs: Py_ssize_t,
    kwnames: *mut PyObject,
) -> bool {
    // SAFETY: per the contract.
    unsafe {
        if nargs < 1 {
            if let Some(f) = function_str(func) {
                errors::raise(
                    Exc::TypeError,
                    format!("unbound method {f} needs an argument"),
                );
            }
            return false;
        }
        if !descr_check(func, *args) {
            return false;
        }
        if !kwnames.is_null() && PyTuple_Size(kwnames) > 0 {
            if let Some(f) = function_str(func) {
                errors::raise(Exc::TypeError, format!("{f} takes no keyword arguments"));
            }
            return false;
        }
    }
    true
}

/// The vectorcall of method descriptors: `args[0]` is `self`; the rest go
/// to the C function in the convention its flags name (CPython's
/// `method_vectorcall_*`).
unsafe extern "C" fn method_vectorcall(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = PyVectorcall_NARGS(nargsf);
    // SAFETY: a live method descriptor called with `nargs` live arguments
    // and NULL or a tuple of keyword names (their values follow the
    // arguments); the flags name the C function's real signature.
    unsafe {
        let def = method_def(func);
        let flags = (*def).ml_flags;
        let takes_kw = flags & METH_KEYWORDS != 0;
        if !method_check_args(
            func,
            args,
            nargs,
            if takes_kw { ptr::null_mut() } else { kwnames },
        ) {
            return ptr::null_mut();
        }
        let Some(_guard) =
            crate::objects::object::RecursionGuard::enter(" while calling a Python object")
        else {
            return ptr::null_mut();
        };
        let slf = *args;
        let rest = args.add(1);
        let nrest = nargs - 1;
        let meth = (*def).ml_meth.expect("a method descriptor has a function");
        match flags
            & (METH_VARARGS | METH_FASTCALL | METH_NOARGS | METH_O | METH_KEYWORDS | METH_METHOD)
        {
            f if f == METH_VARARGS || f == METH_VARARGS | METH_KEYWORDS => {
                let slice = std::slice::from_raw_parts(rest, nrest as usize);
                let Some(argstuple) = Owned::new(tuple_from_slice(slice)) else {
                    return ptr::null_mut();
                };
                if f == METH_VARARGS {
                    return meth(slf, argstuple.as_ptr());
                }
                let kwdict = if kwnames.is_null() || PyTuple_Size(kwnames) == 0 {
                    None
                } else {
                    match Owned::new(crate::objects::call::stack_as_dict(
                        rest.add(nrest as usize),
                        kwnames,
                    )) {
                        Some(d) => Some(d),
                        None => return ptr::null_mut(),
                    }
                };
                let f = std::mem::transmute::<PyCFunction, PyCFunctionWithKeywords>(meth);
                f(
                    slf,
                    argstuple.as_ptr(),
                    kwdict.as_ref().map_or(ptr::null_mut(), Owned::as_ptr),
                )
            }
            METH_FASTCALL => {
                let f = std::mem::transmute::<PyCFunction, _PyCFunctionFast>(meth);
                f(slf, rest, nrest)
            }
            f if f == METH_FASTCALL | METH_KEYWORDS => {
                let f = std::mem::transmute::<PyCFunction, _PyCFunctionFastWithKeywords>(meth);
                f(slf, rest, nrest, kwnames)
            }
            f if f == METH_METHOD | METH_FASTCALL | METH_KEYWORDS => {
                let f = std::mem::transmute::<PyCFunction, PyCMethod>(meth);
                f(slf, descr_type(func), rest, nrest as usize, kwnames)
            }
            METH_NOARGS => {
                if nrest != 0 {
                    if let Some(s) = function_str(func) {
                        errors::raise(
                            Exc::TypeError,
                            format!("{s} takes no arguments ({nrest} given)"),
                        );
                    }
                    return ptr::null_mut();
                }
                meth(slf, ptr::null_mut())
            }
            METH_O => {
                if nrest != 1 {
                    if let Some(s) = function_str(func) {
                        errors::raise(
                            Exc::TypeError,
                            format!("{s} takes exactly one argument ({nrest} given)"),
                        );
                    }
                    return ptr::null_mut();
                }
                meth(slf, *rest)
            }
            _ => errors::fail_null(
                Exc::SystemError,
                format!(
                    "{}() method: bad call flags",
                    crate::objects::object::c_text((*def).ml_name, usize::MAX)
                ),
            ),
        }
    }
}

/// Whether `flags` name a calling convention CPython accepts.
pub(crate) fn valid_call_flags(flags: c_int) -> bool {
    let f =
        flags & (METH_VARARGS | METH_FASTCALL | METH_NOARGS | METH_O | METH_KEYWORDS | METH_METHOD);
    [
        METH_VARARGS,
        METH_VARARGS | METH_KEYWORDS,
        METH_FASTCALL,
        METH_FASTCALL | METH_KEYWORDS,
        METH_NOARGS,
        METH_O,
        METH_METHOD | METH_FASTCALL | METH_KEYWORDS,
    ]
    .contains(&f)
}

/// `PyDescr_NewMethod(type, method)`: a method descriptor for `method` on
/// `type`.
///
/// Fails (NULL) with `SystemError("f() method: bad call flags")` or
/// `MemoryError`.
///
/// # Safety
/// `ty` must be a live type; `method` a def that outlives the descriptor.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDescr_NewMethod(
    ty: *mut PyTypeObject,
    method: *mut PyMethodDef,
) -> *mut PyObject {
    if method.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: per the contract.
    unsafe {
        if !valid_call_flags((*method).ml_flags) || (*method).ml_meth.is_none() {
            return errors::fail_null(
                Exc::SystemError,
                format!(
                    "{}() method: bad call flags",
                    crate::objects::object::c_text((*method).ml_name, usize::MAX)
                ),
            );
        }
        descr_new(
            PyMethodDescr_Type.get(),
            ty,
            (*method).ml_name,
            |d: *mut PyMethodDescrObject| {
                (*d).d_method = method;
                (*d).vectorcall = Some(method_vectorcall);
            },
        )
    }
}

/// `PyDescr_NewClassMethod(type, method)`: a class-method descriptor
/// (`METH_CLASS`).
///
/// Fails (NULL) with `MemoryError`.
///
/// # Safety
/// As [`PyDescr_NewMethod`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDescr_NewClassMethod(
    ty: *mut PyTypeObject,
    method: *mut PyMethodDef,
) -> *mut PyObject {
    if method.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: per the contract.
    unsafe {
        let class_method = PyClassMethodDescr_Type.get();
        descr_new(
            class_method,
            ty,
            (*method).ml_name,
            |d: *mut PyMethodDescrObject| {
                (*d).d_method = method;
            },
        )
    }
}

unsafe extern "C" fn method_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live method descriptor.
    unsafe {
        let def = method_def(op);
        if (*def).ml_doc.is_null() {
            return none();
        }
        doc_object((*def).ml_name, (*def).ml_doc, true).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

unsafe extern "C" fn method_get_text_signature(
    op: *mut PyObject,
    _c: *mut c_void,
) -> *mut PyObject {
    // SAFETY: a live method descriptor.
    unsafe { signature_object((*method_def(op)).ml_name, (*method_def(op)).ml_doc) }
}

/// `__text_signature__` from a C docstring, or None.
///
/// # Safety
/// `name` must be NUL-terminated; `doc` NULL or NUL-terminated.
pub(crate) unsafe fn signature_object(name: *const c_char, doc: *const c_char) -> *mut PyObject {
    if doc.is_null() {
        return none();
    }
    // SAFETY: per the contract.
    let (name, doc) = unsafe {
        (
            CStr::from_ptr(name).to_bytes(),
            CStr::from_ptr(doc).to_bytes(),
        )
    };
    match text_signature(name, doc) {
        // SAFETY: a byte range of the docstring.
        Some(sig) => unsafe {
            PyUnicode_FromStringAndSize(sig.as_ptr().cast(), sig.len() as isize)
        },
        None => none(),
    }
}

// ==========================================================================
// Member and getset descriptors
// ==========================================================================

unsafe extern "C" fn member_get(
    descr: *mut PyObject,
    obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as `tp_descr_get` with live objects.
    unsafe {
        if let Some(done) = descr_get_start(descr, obj) {
            return done;
        }
        PyMember_GetOne(obj.cast(), (*descr.cast::<PyMemberDescrObject>()).d_member)
    }
}

unsafe extern "C" fn member_set(
    descr: *mut PyObject,
    obj: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: called as `tp_descr_set` with live objects.
    unsafe {
        if !descr_check(descr, obj) {
            return -1;
        }
        PyMember_SetOne(
            obj.cast(),
            (*descr.cast::<PyMemberDescrObject>()).d_member,
            value,
        )
    }
}

unsafe extern "C" fn getset_get(
    descr: *mut PyObject,
    obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as `tp_descr_get` with live objects; the getter is
    // the def's own, given its closure.
    unsafe {
        if let Some(done) = descr_get_start(descr, obj) {
            return done;
        }
        let def = (*descr.cast::<PyGetSetDescrObject>()).d_getset;
        match (*def).get {
            Some(get) => get(obj, (*def).closure),
            None => errors::fail_null(
                Exc::AttributeError,
                format!(
                    "attribute '{}' of '{}' objects is not readable",
                    descr_name(descr),
                    tp_name(descr_type(descr), 100)
                ),
            ),
        }
    }
}

unsafe extern "C" fn getset_set(
    descr: *mut PyObject,
    obj: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: called as `tp_descr_set` with live objects; the setter is
    // the def's own, given its closure.
    unsafe {
        if !descr_check(descr, obj) {
            return -1;
        }
        let def = (*descr.cast::<PyGetSetDescrObject>()).d_getset;
        match (*def).set {
            Some(set) => set(obj, value, (*def).closure),
            None => errors::fail(
                Exc::AttributeError,
                format!(
                    "attribute '{}' of '{}' objects is not writable",
                    descr_name(descr),
                    tp_name(descr_type(descr), 100)
                ),
            ),
        }
    }
}

unsafe extern "C" fn member_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live member descriptor.
    unsafe { plain_doc((*(*op.cast::<PyMemberDescrObject>()).d_member).doc) }
}

unsafe extern "C" fn getset_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live getset descriptor.
    unsafe { plain_doc((*(*op.cast::<PyGetSetDescrObject>()).d_getset).doc) }
}

/// `PyDescr_NewMember(type, member)`: a member descriptor.
///
/// # Safety
/// `ty` must be a live type; `member` a def that outlives the descriptor.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDescr_NewMember(
    ty: *mut PyTypeObject,
    member: *mut PyMemberDef,
) -> *mut PyObject {
    if member.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: per the contract.
    unsafe {
        descr_new(
            PyMemberDescr_Type.get(),
            ty,
            (*member).name,
            |d: *mut PyMemberDescrObject| {
                (*d).d_member = member;
            },
        )
    }
}

/// `PyDescr_NewGetSet(type, getset)`: a getset descriptor.
///
/// # Safety
/// `ty` must be a live type; `getset` a def that outlives the descriptor.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDescr_NewGetSet(
    ty: *mut PyTypeObject,
    getset: *mut PyGetSetDef,
) -> *mut PyObject {
    if getset.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: per the contract.
    unsafe {
        descr_new(
            PyGetSetDescr_Type.get(),
            ty,
            (*getset).name,
            |d: *mut PyGetSetDescrObject| {
                (*d).d_getset = getset;
            },
        )
    }
}

/// `PyDescr_IsData(d)`: whether the descriptor's type defines
/// `__set__` (data descriptors take precedence over instance dicts).
///
/// # Safety
/// `d` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyDescr_IsData(d: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe { (*type_of(d)).tp_descr_set.is_some() as c_int }
}

// ==========================================================================
// The descriptor types
// ==========================================================================

static DESCR_MEMBERS: StaticObject<[PyMemberDef; 3]> = StaticObject::new([
    PyMemberDef::new(
        c"__objclass__",
        T_OBJECT,
        offset_of!(PyDescrObject, d_type),
        READONLY,
    ),
    PyMemberDef::new(
        c"__name__",
        T_OBJECT,
        offset_of!(PyDescrObject, d_name),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

static METHOD_GETSET: StaticObject<[PyGetSetDef; 4]> = StaticObject::new([
    getter(c"__doc__", method_get_doc),
    getter(c"__qualname__", descr_get_qualname),
    getter(c"__text_signature__", method_get_text_signature),
    PyGetSetDef::zeroed(),
]);

static MEMBER_GETSET: StaticObject<[PyGetSetDef; 3]> = StaticObject::new([
    getter(c"__doc__", member_get_doc),
    getter(c"__qualname__", descr_get_qualname),
    PyGetSetDef::zeroed(),
]);

static GETSET_GETSET: StaticObject<[PyGetSetDef; 3]> = StaticObject::new([
    getter(c"__doc__", getset_get_doc),
    getter(c"__qualname__", descr_get_qualname),
    PyGetSetDef::zeroed(),
]);

/// A descriptor type: GC, generic attributes, the common members.
const fn descr_type_object(name: &'static CStr, size: usize, repr: reprfunc) -> PyTypeObject {
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = name.as_ptr();
    ty.tp_basicsize = size as Py_ssize_t;
    ty.tp_dealloc = Some(descr_dealloc);
    ty.tp_repr = Some(repr);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(descr_traverse);
    ty.tp_members = DESCR_MEMBERS.get().cast();
    ty.tp_free = Some(PyObject_GC_Del);
    ty
}

/// `PyMethodDescr_Type`: `method_descriptor`.
#[unsafe(no_mangle)]
pub static PyMethodDescr_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = descr_type_object(
        c"method_descriptor",
        size_of::<PyMethodDescrObject>(),
        method_repr,
    );
    ty.tp_vectorcall_offset = offset_of!(PyMethodDescrObject, vectorcall) as Py_ssize_t;
    ty.tp_call = Some(PyVectorcall_Call);
    ty.tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_METHOD_DESCRIPTOR;
    ty.tp_getset = METHOD_GETSET.get().cast();
    ty.tp_descr_get = Some(method_get);
    ty
});

/// `PyClassMethodDescr_Type`: `classmethod_descriptor`.
#[unsafe(no_mangle)]
pub static PyClassMethodDescr_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = descr_type_object(
        c"classmethod_descriptor",
        size_of::<PyMethodDescrObject>(),
        method_repr,
    );
    ty.tp_call = Some(classmethoddescr_call);
    ty.tp_getset = METHOD_GETSET.get().cast();
    ty.tp_descr_get = Some(classmethod_get);
    ty
});

/// `PyMemberDescr_Type`: `member_descriptor`.
#[unsafe(no_mangle)]
pub static PyMemberDescr_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = descr_type_object(
        c"member_descriptor",
        size_of::<PyMemberDescrObject>(),
        member_repr,
    );
    ty.tp_getset = MEMBER_GETSET.get().cast();
    ty.tp_descr_get = Some(member_get);
    ty.tp_descr_set = Some(member_set);
    ty
});

/// `PyGetSetDescr_Type`: `getset_descriptor`.
#[unsafe(no_mangle)]
pub static PyGetSetDescr_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = descr_type_object(
        c"getset_descriptor",
        size_of::<PyGetSetDescrObject>(),
        getset_repr,
    );
    ty.tp_getset = GETSET_GETSET.get().cast();
    ty.tp_descr_get = Some(getset_get);
    ty.tp_descr_set = Some(getset_set);
    ty
});
