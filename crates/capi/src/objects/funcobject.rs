//! `staticmethod` (from CPython's `Objects/funcobject.c`): what a
//! `METH_STATIC` entry of `tp_methods` becomes in its type's dict. Getting
//! it from the class or an instance gives the wrapped function unbound;
//! calling it calls the function. And `classmethod`, whose `__get__` binds
//! the wrapped callable to the class (`PyClassMethod_New`, or
//! `classmethod(f)` from C, which wraps as `functools.wraps` does).

#![allow(non_upper_case_globals)]

use std::ffi::c_int;
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::call::PyObject_Call;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::object::{Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, repr};
use crate::objects::typeobject::{PyType_GenericAlloc, PyType_Type};
use crate::objects::unicodeobject::unicode_from_str;

// ==========================================================================
// What staticmethod and classmethod share
// ==========================================================================

/// A `staticmethod` or `classmethod` object (CPython's `staticmethod` and
/// `classmethod` structs, laid out alike): the callable (NULL until
/// `__init__` runs on an object made by `__new__`) and the instance dict
/// `__init__` copies the callable's names into.
#[repr(C)]
struct CallableWrapper {
    ob_base: PyObject,
    callable: *mut PyObject,
    dict: *mut PyObject,
}

/// The wrapped callable (NULL before `__init__`).
///
/// # Safety
/// `op` must be a live staticmethod or classmethod.
unsafe fn callable_of(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { (*op.cast::<CallableWrapper>()).callable }
}

unsafe extern "C" fn wrapper_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced staticmethod or classmethod.
    unsafe {
        gc_untrack(op);
        let w = op.cast::<CallableWrapper>();
        Py_DecRef((*w).callable);
        Py_DecRef((*w).dict);
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn wrapper_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: a live staticmethod or classmethod; `visit` is the caller's
    // visitor.
    unsafe {
        let w = op.cast::<CallableWrapper>();
        for o in [(*w).callable, (*w).dict] {
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

/// `tp_init`'s work once the argument is checked: holds `callable` (in
/// place of any earlier one) and copies its names as `functools.wraps`
/// would.
///
/// # Safety
/// `op` must be a live staticmethod or classmethod, `callable` live.
unsafe fn wrap(op: *mut PyObject, callable: *mut PyObject) -> c_int {
    // SAFETY: per the contract; the old callable's reference is released.
    unsafe {
        Py_IncRef(callable);
        let old = std::mem::replace(&mut (*op.cast::<CallableWrapper>()).callable, callable);
        Py_DecRef(old);
        functools_wraps(op, callable)
    }
}

/// Copies `__module__`, `__name__`, `__qualname__`, `__doc__` and
/// `__annotations__` from `wrapped` to `wrapper` (those it has), as
/// `functools.wraps` would (CPython's `functools_wraps`). 0, or -1 with
/// the error of reading or setting one.
///
/// # Safety
/// Both must be live objects.
unsafe fn functools_wraps(wrapper: *mut PyObject, wrapped: *mut PyObject) -> c_int {
    use crate::objects::exceptions::Exc;
    use crate::python::errors;
    // SAFETY: per the contract; new references are released.
    unsafe {
        for name in [
            "__module__",
            "__name__",
            "__qualname__",
            "__doc__",
            "__annotations__",
        ] {
            let Some(key) = crate::objects::object::Owned::new(unicode_from_str(name)) else {
                return -1;
            };
            let value = crate::objects::object::PyObject_GetAttr(wrapped, key.as_ptr());
            if value.is_null() {
                if errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) != 0 {
                    errors::PyErr_Clear();
                    continue;
                }
                return -1;
            }
            let r = crate::objects::object::PyObject_SetAttr(wrapper, key.as_ptr(), value);
            Py_DecRef(value);
            if r < 0 {
                return -1;
            }
        }
        0
    }
}

/// `repr(staticmethod)` and `repr(classmethod)`: `<name(<repr of the
/// callable>)>` (`<NULL>` before `__init__`, where CPython's would crash).
///
/// # Safety
/// `op` must be a live staticmethod or classmethod.
unsafe fn wrapper_repr(op: *mut PyObject, name: &str) -> *mut PyObject {
    // SAFETY: per the contract.
    let callable = unsafe { callable_of(op) };
    if callable.is_null() {
        return unicode_from_str(&format!("<{name}(<NULL>)>"));
    }
    // SAFETY: a live callable.
    match unsafe { repr(callable) } {
        Some(r) => unicode_from_str(&format!("<{name}({r})>")),
        None => ptr::null_mut(),
    }
}

/// `__isabstractmethod__`: whether the callable says it is.
unsafe extern "C" fn wrapper_get_isabstract(
    op: *mut PyObject,
    _c: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: a live staticmethod or classmethod.
    unsafe { callable_isabstract(callable_of(op)) }
}

/// Whether `callable` (NULL: not yet set) says it is abstract, as a
/// `bool`; NULL with the error of reading or testing its
/// `__isabstractmethod__`.
///
/// # Safety
/// `callable` must be NULL or a live object.
unsafe fn callable_isabstract(callable: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if callable.is_null() {
            return crate::objects::boolobject::bool_from_bool(false);
        }
        let Some(key) =
            crate::objects::object::Owned::new(unicode_from_str("__isabstractmethod__"))
        else {
            return ptr::null_mut();
        };
        let mut value = ptr::null_mut();
        let r = crate::objects::object::_PyObject_LookupAttr(callable, key.as_ptr(), &mut value);
        if r < 0 {
            return ptr::null_mut();
        }
        if r == 0 {
            return crate::objects::boolobject::bool_from_bool(false);
        }
        let truth = crate::objects::object::PyObject_IsTrue(value);
        Py_DecRef(value);
        if truth < 0 {
            return ptr::null_mut();
        }
        crate::objects::boolobject::bool_from_bool(truth > 0)
    }
}

static WRAPPER_MEMBERS: StaticObject<[PyMemberDef; 3]> = StaticObject::new([
    PyMemberDef::new(
        c"__func__",
        T_OBJECT,
        offset_of!(CallableWrapper, callable),
        READONLY,
    ),
    PyMemberDef::new(
        c"__wrapped__",
        T_OBJECT,
        offset_of!(CallableWrapper, callable),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

static WRAPPER_GETSETS: StaticObject<[PyGetSetDef; 3]> = StaticObject::new([
    PyGetSetDef::getter(c"__isabstractmethod__", wrapper_get_isabstract),
    crate::python::clinic::generic_dict(),
    PyGetSetDef::zeroed(),
]);

// ==========================================================================
// staticmethod
// ==========================================================================

/// NULL with `RuntimeError("uninitialized staticmethod object")`, for
/// one made by `staticmethod.__new__` whose `__init__` never ran.
fn uninitialized() -> *mut PyObject {
    crate::python::errors::fail_null(
        crate::objects::exceptions::Exc::RuntimeError,
        "uninitialized staticmethod object",
    )
}

/// `staticmethod.__get__`: the callable itself.
unsafe extern "C" fn sm_descr_get(
    op: *mut PyObject,
    _obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live staticmethod.
    unsafe {
        let c = callable_of(op);
        if c.is_null() {
            return uninitialized();
        }
        Py_IncRef(c);
        c
    }
}

/// `staticmethod.__call__`: calls the callable.
unsafe extern "C" fn sm_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live staticmethod and the call's arguments.
    unsafe {
        let c = callable_of(op);
        if c.is_null() {
            return uninitialized();
        }
        PyObject_Call(c, args, kwargs)
    }
}

/// `staticmethod(callable)` (`tp_init`): wraps `callable` and copies its
/// names as `functools.wraps` would. Errors as CPython's: `TypeError` for
/// keywords or an argument count other than 1.
unsafe extern "C" fn sm_init(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject) -> c_int {
    use crate::python::getargs::{_PyArg_CheckPositional, _PyArg_NoKeywords};
    // SAFETY: a live staticmethod and the call's arguments.
    unsafe {
        if _PyArg_NoKeywords(c"staticmethod".as_ptr(), kwds) == 0 {
            return -1;
        }
        let n = crate::objects::tupleobject::size(args);
        if _PyArg_CheckPositional(c"staticmethod".as_ptr(), n, 1, 1) == 0 {
            return -1;
        }
        wrap(op, crate::objects::tupleobject::get(args, 0))
    }
}

unsafe extern "C" fn sm_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live staticmethod.
    unsafe { wrapper_repr(op, "staticmethod") }
}

/// `PyStaticMethod_Type`: `staticmethod`.
#[unsafe(no_mangle)]
pub static PyStaticMethod_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"staticmethod".as_ptr();
    ty.tp_basicsize = size_of::<CallableWrapper>() as Py_ssize_t;
    ty.tp_dealloc = Some(wrapper_dealloc);
    ty.tp_repr = Some(sm_repr);
    ty.tp_call = Some(sm_call);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(wrapper_traverse);
    ty.tp_members = WRAPPER_MEMBERS.get().cast();
    ty.tp_getset = WRAPPER_GETSETS.get().cast();
    ty.tp_descr_get = Some(sm_descr_get);
    ty.tp_dictoffset = offset_of!(CallableWrapper, dict) as Py_ssize_t;
    ty.tp_doc = SM_DOC.as_ptr();
    ty.tp_init = Some(sm_init);
    ty.tp_new = Some(crate::objects::typeobject::PyType_GenericNew);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

const SM_DOC: &std::ffi::CStr = c"staticmethod(function) -> method\n\nConvert a function to be a static method.\n\nA static method does not receive an implicit first argument.\nTo declare a static method, use this idiom:\n\n     class C:\n         @staticmethod\n         def f(arg1, arg2, argN):\n             ...\n\nIt can be called either on the class (e.g. C.f()) or on an instance\n(e.g. C().f()). Both the class and the instance are ignored, and\nneither is passed implicitly as the first argument to the method.\n\nStatic methods in Python are similar to those found in Java or C++.\nFor a more advanced concept, see the classmethod builtin.";

/// `PyStaticMethod_New(callable)`: a `staticmethod` wrapping `callable`.
///
/// Fails (NULL) with `MemoryError`.
///
/// # Safety
/// `callable` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyStaticMethod_New(callable: *mut PyObject) -> *mut PyObject {
    if callable.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: a static type whose first field is the callable (the
    // dict stays NULL until asked for).
    unsafe { crate::objects::typeobject::alloc_holding(PyStaticMethod_Type.get(), callable) }
}

// ==========================================================================
// classmethod
// ==========================================================================

/// `classmethod.__get__(obj, type)`: the callable bound to `type` (to
/// `type(obj)` when no type is given). As in CPython 3.11, a callable that
/// is itself a descriptor is asked to bind to the class instead (so a
/// classmethod of a classmethod, or of a property, chains).
///
/// Fails (NULL) with `RuntimeError("uninitialized classmethod object")`
/// for one whose `__init__` never ran.
unsafe extern "C" fn cm_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live classmethod; `obj` or `ty` is live.
    unsafe {
        let callable = callable_of(op);
        if callable.is_null() {
            return crate::python::errors::fail_null(
                crate::objects::exceptions::Exc::RuntimeError,
                "uninitialized classmethod object",
            );
        }
        let ty = if ty.is_null() {
            crate::objects::object::type_of(obj).cast()
        } else {
            ty
        };
        if let Some(get) = (*crate::objects::object::type_of(callable)).tp_descr_get {
            return get(callable, ty, ty);
        }
        crate::objects::classobject::PyMethod_New(callable, ty)
    }
}

/// `classmethod(callable)` (`tp_init`): wraps `callable` and copies its
/// `__module__`, `__name__`, `__qualname__`, `__doc__` and
/// `__annotations__` (those it has) into the classmethod's dict, as
/// `functools.wraps` would. Errors as CPython's: `TypeError` for keywords
/// or an argument count other than 1.
unsafe extern "C" fn cm_init(op: *mut PyObject, args: *mut PyObject, kwds: *mut PyObject) -> c_int {
    use crate::objects::exceptions::Exc;
    use crate::python::errors;
    // SAFETY: a live classmethod and the call's arguments.
    unsafe {
        if crate::python::getargs::_PyArg_NoKeywords(c"classmethod".as_ptr(), kwds) == 0 {
            return -1;
        }
        let n = crate::objects::tupleobject::size(args);
        if n != 1 {
            return errors::fail(
                Exc::TypeError,
                format!("classmethod expected 1 argument, got {n}"),
            );
        }
        wrap(op, crate::objects::tupleobject::get(args, 0))
    }
}

unsafe extern "C" fn cm_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live classmethod.
    unsafe { wrapper_repr(op, "classmethod") }
}

/// `PyClassMethod_Type`: `classmethod`.
#[unsafe(no_mangle)]
pub static PyClassMethod_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"classmethod".as_ptr();
    ty.tp_basicsize = size_of::<CallableWrapper>() as Py_ssize_t;
    ty.tp_dealloc = Some(wrapper_dealloc);
    ty.tp_repr = Some(cm_repr);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(wrapper_traverse);
    ty.tp_members = WRAPPER_MEMBERS.get().cast();
    ty.tp_getset = WRAPPER_GETSETS.get().cast();
    ty.tp_descr_get = Some(cm_descr_get);
    ty.tp_dictoffset = offset_of!(CallableWrapper, dict) as Py_ssize_t;
    ty.tp_init = Some(cm_init);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_new = Some(crate::objects::typeobject::PyType_GenericNew);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

/// `PyClassMethod_New(callable)`: a `classmethod` wrapping `callable`
/// (without the name copying `classmethod(callable)` does, as in CPython).
///
/// Fails (NULL) with `MemoryError`.
///
/// # Safety
/// `callable` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyClassMethod_New(callable: *mut PyObject) -> *mut PyObject {
    if callable.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: a static type whose first field is the callable (the
    // dict stays NULL until asked for).
    unsafe { crate::objects::typeobject::alloc_holding(PyClassMethod_Type.get(), callable) }
}

// ==========================================================================
// function
// ==========================================================================

/// CPython 3.11's `PyFunctionObject` (include/funcobject.h): the
/// `function` type's `tp_basicsize`. No instance is ever made.
#[repr(C)]
struct FunctionObject {
    ob_base: PyObject,
    func_globals: *mut PyObject,
    func_builtins: *mut PyObject,
    func_name: *mut PyObject,
    func_qualname: *mut PyObject,
    func_code: *mut PyObject,
    func_defaults: *mut PyObject,
    func_kwdefaults: *mut PyObject,
    func_closure: *mut PyObject,
    func_doc: *mut PyObject,
    func_dict: *mut PyObject,
    func_weakreflist: *mut PyObject,
    func_module: *mut PyObject,
    func_annotations: *mut PyObject,
    vectorcall: Option<vectorcallfunc>,
    func_version: u32,
}

/// `tp_dealloc`. Never reached (no instance can be made); it frees the
/// memory as any object's would, should one ever exist.
unsafe extern "C" fn func_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced object of this type.
    unsafe { crate::objects::obmalloc::PyObject_Free(op.cast()) }
}

/// `PyFunction_Type`: `function`, the type of Python functions. No Python
/// code runs in this library, so no function object can exist: the type is
/// here so that `PyFunction_Check` and `isinstance(x, types.FunctionType)`
/// compile and answer false for every object (wrapt and ExtensionClass ask
/// it of what they wrap). With no `tp_new`, calling it raises
/// `TypeError("cannot create 'function' instances")`, where CPython would
/// build a function from a code object.
#[unsafe(no_mangle)]
pub static PyFunction_Type: StaticObject<PyTypeObject> =
    StaticObject::new(crate::objects::typeobject::static_type(
        c"function",
        size_of::<FunctionObject>(),
        0,
        func_dealloc,
    ));
