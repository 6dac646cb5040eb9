//! Built-in functions and bound methods (CPython's
//! `Objects/methodobject.c`): `builtin_function_or_method` objects made
//! from a `PyMethodDef` and a `self` (the module for module functions, the
//! instance for bound methods, the class for class methods).
//!
//! Calls follow the def's `METH_*` convention exactly as CPython 3.11
//! dispatches them:
//!
//! | flags | the C function receives |
//! |---|---|
//! | `METH_NOARGS` | `(self, NULL)`; any argument is a `TypeError` |
//! | `METH_O` | `(self, arg)`; exactly one argument |
//! | `METH_VARARGS` | `(self, args tuple)`; keywords are a `TypeError` |
//! | `METH_VARARGS \| METH_KEYWORDS` | `(self, args tuple, kwargs dict or NULL)` |
//! | `METH_FASTCALL` | `(self, args, nargs)`; no keywords |
//! | `METH_FASTCALL \| METH_KEYWORDS` | `(self, args, nargs, kwnames tuple or NULL)` |
//! | `METH_METHOD \| METH_FASTCALL \| METH_KEYWORDS` | `(self, defining class, args, nargs, kwnames)` |
//!
//! Other combinations are refused when the function is made ("f() method:
//! bad call flags").

#![allow(non_upper_case_globals)]

use std::ffi::{c_int, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::boolobject::bool_from_bool;
use crate::objects::call::{
    PyVectorcall_Call, PyVectorcall_NARGS, check_function_result, function_str,
};
use crate::objects::descrobject::signature_object;
use crate::objects::dictobject::PyDict_Size;
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_untrack};
use crate::objects::moduleobject::is_module;
use crate::objects::object::{
    _PyObject_New, Owned, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_GetAttr,
    RecursionGuard, c_text, hash_pointer, is_str, is_type, none, not_implemented, text_of, type_of,
};
use crate::objects::tupleobject::PyTuple_Size;
use crate::objects::typeobject::{PyType_Type, doc_object, is_subtype};
use crate::objects::unicodeobject::{PyUnicode_FromString, unicode_from_str};
use crate::python::errors;

// ==========================================================================
// Accessors
// ==========================================================================

/// Whether `op` is a `builtin_function_or_method` (or subtype).
///
/// # Safety
/// `op` must be a live object.
pub unsafe fn is_cfunction(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { is_subtype(type_of(op), PyCFunction_Type.get()) }
}

/// The `self` C receives (CPython's `PyCFunction_GET_SELF`): NULL for
/// `METH_STATIC` functions, whose `m_self` is only their class.
///
/// # Safety
/// `op` must be a live function object.
unsafe fn call_self(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let (def, slf, _) = parts(op);
        if (*def).ml_flags & METH_STATIC != 0 {
            ptr::null_mut()
        } else {
            slf
        }
    }
}

/// The def, `m_self` and defining class of a function object.
///
/// # Safety
/// `op` must be a live function object.
unsafe fn parts(op: *mut PyObject) -> (*mut PyMethodDef, *mut PyObject, *mut PyTypeObject) {
    // SAFETY: per the contract.
    unsafe {
        let f = op.cast::<PyCFunctionObject>();
        let def = (*f).m_ml;
        let cls = if (*def).ml_flags & METH_METHOD != 0 {
            (*op.cast::<PyCMethodObject>()).mm_class
        } else {
            ptr::null_mut()
        };
        (def, (*f).m_self, cls)
    }
}

// ==========================================================================
// Construction
// ==========================================================================

/// `PyCFunction_New(ml, self)`: `PyCFunction_NewEx(ml, self, NULL)`.
///
/// # Safety
/// As [`PyCMethod_New`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCFunction_New(
    ml: *mut PyMethodDef,
    slf: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyCMethod_New(ml, slf, ptr::null_mut(), ptr::null_mut()) }
}

/// `PyCFunction_NewEx(ml, self, module)`: `PyCMethod_New(ml, self,
/// module, NULL)`.
///
/// # Safety
/// As [`PyCMethod_New`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCFunction_NewEx(
    ml: *mut PyMethodDef,
    slf: *mut PyObject,
    module: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyCMethod_New(ml, slf, module, ptr::null_mut()) }
}

/// `PyCMethod_New(ml, self, module, cls)`: a function object calling
/// `ml` with `self`; `module` becomes `__module__`; `cls` is the defining
/// class that `METH_METHOD` functions receive.
///
/// Fails (NULL) with `SystemError("f() method: bad call flags")`,
/// `SystemError("attempting to create PyCMethod with a METH_METHOD flag but
/// no class")` or `("... with class but no METH_METHOD flag")`, or
/// `MemoryError`. A NULL `ml` or `ml_meth` is a `SystemError` too (CPython
/// would crash when called).
///
/// # Safety
/// `ml` must be NULL or a def that outlives the function; `slf`, `module`
/// and `cls` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCMethod_New(
    ml: *mut PyMethodDef,
    slf: *mut PyObject,
    module: *mut PyObject,
    cls: *mut PyTypeObject,
) -> *mut PyObject {
    if ml.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: per the contract.
    unsafe {
        let flags = (*ml).ml_flags;
        let name = c_text((*ml).ml_name, usize::MAX);
        let vectorcall: Option<vectorcallfunc> = match flags
            & (METH_VARARGS | METH_FASTCALL | METH_NOARGS | METH_O | METH_KEYWORDS | METH_METHOD)
        {
            f if f == METH_VARARGS || f == METH_VARARGS | METH_KEYWORDS => None,
            METH_FASTCALL => Some(vectorcall_fastcall),
            f if f == METH_FASTCALL | METH_KEYWORDS => Some(vectorcall_fastcall_keywords),
            METH_NOARGS => Some(vectorcall_noargs),
            METH_O => Some(vectorcall_o),
            f if f == METH_METHOD | METH_FASTCALL | METH_KEYWORDS => {
                Some(vectorcall_fastcall_keywords_method)
            }
            _ => {
                return errors::fail_null(
                    Exc::SystemError,
                    format!("{name}() method: bad call flags"),
                );
            }
        };
        if (*ml).ml_meth.is_none() {
            return errors::fail_null(
                Exc::SystemError,
                format!("{name}() method: NULL function pointer"),
            );
        }
        let op = if flags & METH_METHOD != 0 {
            if cls.is_null() {
                return errors::fail_null(
                    Exc::SystemError,
                    "attempting to create PyCMethod with a METH_METHOD flag but no class",
                );
            }
            let op = _PyObject_New(PyCMethod_Type.get());
            if op.is_null() {
                return op;
            }
            Py_IncRef(cls.cast());
            (*op.cast::<PyCMethodObject>()).mm_class = cls;
            op
        } else {
            if !cls.is_null() {
                return errors::fail_null(
                    Exc::SystemError,
                    "attempting to create PyCFunction with class but no METH_METHOD flag",
                );
            }
            let op = _PyObject_New(PyCFunction_Type.get());
            if op.is_null() {
                return op;
            }
            op
        };
        let f = op.cast::<PyCFunctionObject>();
        (*f).m_weakreflist = ptr::null_mut();
        (*f).m_ml = ml;
        if !slf.is_null() {
            Py_IncRef(slf);
        }
        (*f).m_self = slf;
        if !module.is_null() {
            Py_IncRef(module);
        }
        (*f).m_module = module;
        (*f).vectorcall = vectorcall;
        crate::objects::gcmodule::gc_track(op);
        op
    }
}

/// [`parts`] of `op` when it is a function object, else None with
/// `SystemError`: what the `PyCFunction_Get*` accessors check first.
///
/// # Safety
/// `op` must be NULL or a live object.
unsafe fn checked_parts(
    op: *mut PyObject,
) -> Option<(*mut PyMethodDef, *mut PyObject, *mut PyTypeObject)> {
    // SAFETY: per the contract.
    if op.is_null() || !unsafe { is_cfunction(op) } {
        errors::PyErr_BadInternalCall();
        return None;
    }
    // SAFETY: a function object.
    Some(unsafe { parts(op) })
}

/// `PyCFunction_GetFunction(op)`: the C function.
///
/// Fails (NULL) with `SystemError` when `op` is not a function object.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCFunction_GetFunction(op: *mut PyObject) -> Option<PyCFunction> {
    // SAFETY: per the contract; a function's def outlives it.
    unsafe { checked_parts(op).and_then(|(def, _, _)| (*def).ml_meth) }
}

/// `PyCFunction_GetSelf(op)`: the `self` the function is called with
/// (borrowed; NULL for none and for `METH_STATIC` functions).
///
/// Fails (NULL) with `SystemError` when `op` is not a function object.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCFunction_GetSelf(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { checked_parts(op).map_or(ptr::null_mut(), |_| call_self(op)) }
}

/// `PyCFunction_GetFlags(op)`: `ml_flags`.
///
/// Fails (-1) with `SystemError` when `op` is not a function object.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCFunction_GetFlags(op: *mut PyObject) -> c_int {
    // SAFETY: per the contract; a function's def outlives it.
    unsafe { checked_parts(op).map_or(-1, |(def, _, _)| (*def).ml_flags) }
}

/// `PyCMethod_GetClass(op)`: the defining class of a `METH_METHOD`
/// function (borrowed), or NULL.
///
/// Fails (NULL) with `SystemError` when `op` is not a function object.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCMethod_GetClass(op: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: per the contract.
    unsafe { checked_parts(op).map_or(ptr::null_mut(), |(_, _, cls)| cls) }
}

// ==========================================================================
// Calling
// ==========================================================================

/// Refuses keyword arguments for the conventions without them.
///
/// # Safety
/// `func` must be a live function; `kwnames` NULL or a tuple.
unsafe fn check_no_kwargs(func: *mut PyObject, kwnames: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        if !kwnames.is_null() && PyTuple_Size(kwnames) > 0 {
            if let Some(f) = function_str(func) {
                errors::raise(Exc::TypeError, format!("{f} takes no keyword arguments"));
            }
            return false;
        }
    }
    true
}

/// The C function, after entering one level of call depth.
///
/// # Safety
/// `func` must be a live function.
unsafe fn enter_call(func: *mut PyObject) -> Option<(PyCFunction, RecursionGuard)> {
    let guard = RecursionGuard::enter(" while calling a Python object")?;
    // SAFETY: per the contract; the function was checked at creation.
    let meth = unsafe { (*parts(func).0).ml_meth }?;
    Some((meth, guard))
}

unsafe extern "C" fn vectorcall_fastcall(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live METH_FASTCALL function and its arguments; the flags
    // name the C function's real signature.
    unsafe {
        if !check_no_kwargs(func, kwnames) {
            return ptr::null_mut();
        }
        let Some((meth, _guard)) = enter_call(func) else {
            return ptr::null_mut();
        };
        let f = std::mem::transmute::<PyCFunction, _PyCFunctionFast>(meth);
        f(call_self(func), args, PyVectorcall_NARGS(nargsf))
    }
}

unsafe extern "C" fn vectorcall_fastcall_keywords(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: as above, for METH_FASTCALL | METH_KEYWORDS.
    unsafe {
        let Some((meth, _guard)) = enter_call(func) else {
            return ptr::null_mut();
        };
        let f = std::mem::transmute::<PyCFunction, _PyCFunctionFastWithKeywords>(meth);
        f(call_self(func), args, PyVectorcall_NARGS(nargsf), kwnames)
    }
}

unsafe extern "C" fn vectorcall_fastcall_keywords_method(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: as above, for METH_METHOD | METH_FASTCALL | METH_KEYWORDS.
    unsafe {
        let (_, _, cls) = parts(func);
        let slf = call_self(func);
        let Some((meth, _guard)) = enter_call(func) else {
            return ptr::null_mut();
        };
        let f = std::mem::transmute::<PyCFunction, PyCMethod>(meth);
        f(slf, cls, args, PyVectorcall_NARGS(nargsf) as usize, kwnames)
    }
}

/// The call of a `METH_NOARGS` or `METH_O` function: no keywords, exactly
/// `arity` (0 or 1) positional arguments, else `TypeError("f() <takes>
/// (N given)")`; then `meth(self, arg)`, `arg` the one argument or NULL.
///
/// # Safety
/// As the vectorcalls: `func` a live function of that kind, `args` holding
/// `nargsf`'s positional arguments, `kwnames` NULL or a tuple.
unsafe fn vectorcall_fixed_arity(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
    arity: Py_ssize_t,
    takes: &str,
) -> *mut PyObject {
    // SAFETY: per the contract; `args[0]` is read only when there is one.
    unsafe {
        if !check_no_kwargs(func, kwnames) {
            return ptr::null_mut();
        }
        let nargs = PyVectorcall_NARGS(nargsf);
        if nargs != arity {
            if let Some(f) = function_str(func) {
                errors::raise(Exc::TypeError, format!("{f} {takes} ({nargs} given)"));
            }
            return ptr::null_mut();
        }
        let Some((meth, _guard)) = enter_call(func) else {
            return ptr::null_mut();
        };
        let arg = if arity == 1 { *args } else { ptr::null_mut() };
        meth(call_self(func), arg)
    }
}

unsafe extern "C" fn vectorcall_noargs(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: as above, for METH_NOARGS.
    unsafe { vectorcall_fixed_arity(func, args, nargsf, kwnames, 0, "takes no arguments") }
}

unsafe extern "C" fn vectorcall_o(
    func: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: as above, for METH_O.
    unsafe { vectorcall_fixed_arity(func, args, nargsf, kwnames, 1, "takes exactly one argument") }
}

/// `tp_call` of functions: `METH_VARARGS` functions get the tuple (and
/// the dict with `METH_KEYWORDS`); the others go through vectorcall.
unsafe extern "C" fn cfunction_call(
    func: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live function with a tuple and NULL or a dict; the flags
    // name the C function's real signature.
    unsafe {
        let def = parts(func).0;
        let slf = call_self(func);
        let flags = (*def).ml_flags;
        if flags & METH_VARARGS == 0 {
            return PyVectorcall_Call(func, args, kwargs);
        }
        let Some(meth) = (*def).ml_meth else {
            return errors::fail_null(Exc::SystemError, "NULL function pointer");
        };
        let result = if flags & METH_KEYWORDS != 0 {
            let f = std::mem::transmute::<PyCFunction, PyCFunctionWithKeywords>(meth);
            f(slf, args, kwargs)
        } else {
            if !kwargs.is_null() && PyDict_Size(kwargs) != 0 {
                return errors::fail_null(
                    Exc::TypeError,
                    format!(
                        "{}() takes no keyword arguments",
                        c_text((*def).ml_name, 200)
                    ),
                );
            }
            meth(slf, args)
        };
        check_function_result(func, result)
    }
}

// ==========================================================================
// The type
// ==========================================================================

unsafe extern "C" fn meth_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced function object.
    unsafe {
        gc_untrack(op);
        crate::objects::weakrefobject::clear_weakrefs_of(op);
        let (_, slf, cls) = parts(op);
        Py_DecRef(cls.cast());
        Py_DecRef(slf);
        Py_DecRef((*op.cast::<PyCFunctionObject>()).m_module);
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn meth_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    // SAFETY: a live function; `visit` is the caller's visitor.
    unsafe {
        let (_, slf, cls) = parts(op);
        for o in [cls.cast(), slf, (*op.cast::<PyCFunctionObject>()).m_module] {
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

/// `<built-in function f>`, or `<built-in method f of T object at 0x…>`.
unsafe extern "C" fn meth_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live function.
    unsafe {
        let (def, slf, _) = parts(op);
        let name = c_text((*def).ml_name, usize::MAX);
        if slf.is_null() || is_module(slf) {
            return unicode_from_str(&format!("<built-in function {name}>"));
        }
        unicode_from_str(&format!(
            "<built-in method {name} of {} object at {slf:p}>",
            crate::objects::object::type_name_max(slf, usize::MAX)
        ))
    }
}

/// Functions are equal when they wrap the same C function with the same
/// `self`.
unsafe extern "C" fn meth_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects.
    unsafe {
        if (op != Py_EQ && op != Py_NE) || !is_cfunction(a) || !is_cfunction(b) {
            return not_implemented();
        }
        let (da, sa, _) = parts(a);
        let (db, sb, _) = parts(b);
        let eq = sa == sb && (*da).ml_meth.map(|f| f as usize) == (*db).ml_meth.map(|f| f as usize);
        bool_from_bool(if op == Py_EQ { eq } else { !eq })
    }
}

unsafe extern "C" fn meth_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live function.
    unsafe {
        let (def, slf, _) = parts(op);
        let x = hash_pointer(slf.cast())
            ^ hash_pointer((*def).ml_meth.map_or(ptr::null(), |f| f as *const c_void));
        if x == -1 { -2 } else { x }
    }
}

unsafe extern "C" fn meth_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live function.
    unsafe {
        let def = parts(op).0;
        if (*def).ml_doc.is_null() {
            return none();
        }
        doc_object((*def).ml_name, (*def).ml_doc, true).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

unsafe extern "C" fn meth_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live function.
    unsafe { PyUnicode_FromString((*parts(op).0).ml_name) }
}

/// `__qualname__`: the name for module functions, `Type.name` for
/// methods.
unsafe extern "C" fn meth_get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live function.
    unsafe {
        let (def, slf, _) = parts(op);
        if slf.is_null() || is_module(slf) {
            return PyUnicode_FromString((*def).ml_name);
        }
        let ty: *mut PyObject = if is_type(slf) {
            slf
        } else {
            type_of(slf).cast()
        };
        let Some(key) = Owned::new(unicode_from_str("__qualname__")) else {
            return ptr::null_mut();
        };
        let Some(q) = Owned::new(PyObject_GetAttr(ty, key.as_ptr())) else {
            return ptr::null_mut();
        };
        if !is_str(q.as_ptr()) {
            return errors::fail_null(
                Exc::TypeError,
                "<method>.__class__.__qualname__ is not a unicode object",
            );
        }
        unicode_from_str(&format!(
            "{}.{}",
            text_of(q.as_ptr()),
            c_text((*def).ml_name, usize::MAX)
        ))
    }
}

unsafe extern "C" fn meth_get_self(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live function.
    unsafe {
        let slf = call_self(op);
        if slf.is_null() {
            return none();
        }
        Py_IncRef(slf);
        slf
    }
}

unsafe extern "C" fn meth_get_text_signature(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live function.
    unsafe {
        let def = parts(op).0;
        signature_object((*def).ml_name, (*def).ml_doc)
    }
}

static METH_GETSETS: StaticObject<[PyGetSetDef; 6]> = StaticObject::new([
    PyGetSetDef::getter(c"__doc__", meth_get_doc),
    PyGetSetDef::getter(c"__name__", meth_get_name),
    PyGetSetDef::getter(c"__qualname__", meth_get_qualname),
    PyGetSetDef::getter(c"__self__", meth_get_self),
    PyGetSetDef::getter(c"__text_signature__", meth_get_text_signature),
    PyGetSetDef::zeroed(),
]);

static METH_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef::new(
        c"__module__",
        T_OBJECT,
        offset_of!(PyCFunctionObject, m_module),
        0,
    ),
    PyMemberDef::zeroed(),
]);

/// `PyCFunction_Type`: `builtin_function_or_method`.
#[unsafe(no_mangle)]
pub static PyCFunction_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"builtin_function_or_method".as_ptr();
    ty.tp_basicsize = size_of::<PyCFunctionObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(meth_dealloc);
    ty.tp_vectorcall_offset = offset_of!(PyCFunctionObject, vectorcall) as Py_ssize_t;
    ty.tp_repr = Some(meth_repr);
    ty.tp_hash = Some(meth_hash);
    ty.tp_call = Some(cfunction_call);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL;
    ty.tp_traverse = Some(meth_traverse);
    ty.tp_richcompare = Some(meth_richcompare);
    ty.tp_weaklistoffset = offset_of!(PyCFunctionObject, m_weakreflist) as Py_ssize_t;
    ty.tp_members = METH_MEMBERS.get().cast();
    ty.tp_getset = METH_GETSETS.get().cast();
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

/// `PyCMethod_Type`: `builtin_method`, the functions that also carry their
/// defining class.
#[unsafe(no_mangle)]
pub static PyCMethod_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"builtin_method".as_ptr();
    ty.tp_basicsize = size_of::<PyCMethodObject>() as Py_ssize_t;
    ty.tp_base = PyCFunction_Type.get();
    ty
});
