//! `types.GenericAlias` (CPython's `Objects/genericaliasobject.c`): what
//! `list[int]` is, and what an extension type's `__class_getitem__`
//! returns when it is `Py_GenericAlias` (`{"__class_getitem__",
//! Py_GenericAlias, METH_O | METH_CLASS}`, as regex, the zstd modules and
//! many others declare it).
//!
//! Provided, as CPython 3.11 has them: `Py_GenericAlias(origin, args)`
//! (`args` made a 1-tuple unless it is a tuple), the read-only
//! `__origin__` and `__args__`, `__parameters__` (the arguments that are
//! type variables, or whose own `__parameters__` are: none without the
//! `typing` module), `repr` (`mod.Type[int, ...]`, builtins unqualified,
//! `...` for Ellipsis, other arguments by their repr), `==` / `!=` by origin
//! and arguments, `hash`, calling it (calls the origin, then sets
//! `__orig_class__` on the result where it can), and every other attribute
//! read from the origin, and `__mro_entries__` (the origin). Not provided:
//! calling `types.GenericAlias` itself, subscripting an alias again
//! (`__getitem__`), starred aliases and pickling.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_int};
use std::mem::{offset_of, size_of};
use std::ptr;

use crate::ffi::*;
use crate::objects::call::PyObject_Call;
use crate::objects::gcmodule::{_PyObject_GC_New, PyObject_GC_Del, gc_track, gc_untrack};
use crate::objects::object::{
    _Py_EllipsisObject, _PyObject_LookupAttr, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr,
    PyObject_GetAttr, PyObject_Hash, PyObject_RichCompare, PyObject_SetAttr, not_implemented, repr,
    text_of, type_of,
};
use crate::objects::tupleobject::{PyTuple_New, PyTuple_SetItem, get, size, tuple_from_slice};
use crate::objects::typeobject::PyType_Type;
use crate::objects::unicodeobject::{is_str, unicode_from_str};
use crate::python::errors;

/// `gaobject`'s leading fields: the origin and the argument tuple (strong
/// references), then the parameters, made when first asked for.
#[repr(C)]
pub struct GenericAliasObject {
    /// Object header.
    pub ob_base: PyObject,
    /// `__origin__`.
    pub origin: *mut PyObject,
    /// `__args__`, a tuple.
    pub args: *mut PyObject,
    /// `__parameters__` once computed, else NULL.
    pub parameters: *mut PyObject,
}

unsafe extern "C" fn ga_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced alias.
    unsafe {
        gc_untrack(op);
        let ga = op.cast::<GenericAliasObject>();
        Py_DecRef((*ga).origin);
        Py_DecRef((*ga).args);
        if !(*ga).parameters.is_null() {
            Py_DecRef((*ga).parameters);
        }
        PyObject_GC_Del(op.cast());
    }
}

unsafe extern "C" fn ga_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut std::ffi::c_void,
) -> c_int {
    // SAFETY: a live alias; `visit` is the caller's visitor.
    unsafe {
        let ga = op.cast::<GenericAliasObject>();
        for o in [(*ga).origin, (*ga).args, (*ga).parameters] {
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

/// Whether `op` is a `types.GenericAlias`.
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_alias(op: *mut PyObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { type_of(op) == Py_GenericAliasType.get() }
}

/// `o.name` without raising AttributeError: Ok(None) when missing, Err
/// with the error set on any other failure.
///
/// # Safety
/// `o` must be a live object.
unsafe fn lookup(o: *mut PyObject, name: &CStr) -> Result<Option<*mut PyObject>, ()> {
    let key = unicode_from_str(name.to_str().expect("ASCII attribute names"));
    if key.is_null() {
        return Err(());
    }
    let mut out = ptr::null_mut();
    // SAFETY: live objects; `out` is a local.
    let r = unsafe { _PyObject_LookupAttr(o, key, &mut out) };
    // SAFETY: ours.
    unsafe { Py_DecRef(key) };
    match r {
        1 => Ok(Some(out)),
        0 => Ok(None),
        _ => Err(()),
    }
}

/// One item of an alias's repr, as CPython's `ga_repr_item` writes it:
/// `...` for Ellipsis; the repr of anything with `__origin__` and
/// `__args__` (an alias); a class as its `__qualname__`, prefixed by its
/// `__module__` unless that is `builtins`; else the repr.
///
/// # Safety
/// `p` must be a live object.
unsafe fn repr_item(p: *mut PyObject) -> Option<String> {
    if p == _Py_EllipsisObject.get() {
        return Some("...".into());
    }
    // SAFETY: live per the contract (each lookup's result is ours).
    unsafe {
        let found = |name: &CStr| -> Result<Option<*mut PyObject>, ()> { lookup(p, name) };
        let is_alias_like = match found(c"__origin__").ok()? {
            Some(o) => {
                Py_DecRef(o);
                match found(c"__args__").ok()? {
                    Some(a) => {
                        Py_DecRef(a);
                        true
                    }
                    None => false,
                }
            }
            None => false,
        };
        if is_alias_like {
            return repr(p);
        }
        let Some(qualname) = found(c"__qualname__").ok()? else {
            return repr(p);
        };
        let module = match found(c"__module__") {
            Ok(m) => m,
            Err(()) => {
                Py_DecRef(qualname);
                return None;
            }
        };
        let out = match module {
            Some(m) if m != crate::objects::object::py_none() => {
                let q = text_of(qualname);
                let text = if is_str(m) && text_of(m) == "builtins" {
                    q
                } else {
                    let ms = repr_str(m);
                    format!("{}.{q}", ms?)
                };
                Py_DecRef(m);
                Some(text)
            }
            other => {
                if let Some(m) = other {
                    Py_DecRef(m);
                }
                repr(p)
            }
        };
        Py_DecRef(qualname);
        out
    }
}

/// `str(o)` as a Rust string, or None with the error set.
///
/// # Safety
/// `o` must be a live object.
unsafe fn repr_str(o: *mut PyObject) -> Option<String> {
    // SAFETY: live per the contract.
    unsafe {
        if is_str(o) {
            return Some(text_of(o));
        }
        let s = crate::objects::object::PyObject_Str(o);
        if s.is_null() {
            return None;
        }
        let t = text_of(s);
        Py_DecRef(s);
        Some(t)
    }
}

/// `repr(alias)`: `origin[arg, ...]`, `origin[()]` without arguments.
unsafe extern "C" fn ga_repr(op: *mut PyObject) -> *mut PyObject {
    let Some(_guard) =
        crate::objects::object::RecursionGuard::enter(" while getting the repr of an object")
    else {
        return ptr::null_mut();
    };
    // SAFETY: a live alias, whose fields are live.
    unsafe {
        let ga = op.cast::<GenericAliasObject>();
        let Some(origin) = repr_item((*ga).origin) else {
            return ptr::null_mut();
        };
        let args = (*ga).args;
        let n = size(args);
        let mut parts = Vec::with_capacity(n as usize);
        for i in 0..n {
            let a = get(args, i);
            let Some(part) = repr_item(a) else {
                return ptr::null_mut();
            };
            parts.push(part);
        }
        let body = if n == 0 {
            "()".to_owned()
        } else {
            parts.join(", ")
        };
        unicode_from_str(&format!("{origin}[{body}]"))
    }
}

/// The attributes an alias answers itself; every other one is its
/// origin's (CPython's `attr_exceptions`).
const OWN_ATTRIBUTES: [&str; 11] = [
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
];

unsafe extern "C" fn ga_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live alias and a live name.
    unsafe {
        if is_str(name) && !OWN_ATTRIBUTES.contains(&text_of(name).as_str()) {
            return PyObject_GetAttr((*op.cast::<GenericAliasObject>()).origin, name);
        }
        PyObject_GenericGetAttr(op, name)
    }
}

/// `alias(*args, **kwargs)`: the origin called, then `__orig_class__` set
/// on the result to the alias where the result allows it (an
/// AttributeError or TypeError from that is dropped, as CPython drops it).
unsafe extern "C" fn ga_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live alias; the call's own arguments.
    unsafe {
        let obj = PyObject_Call((*op.cast::<GenericAliasObject>()).origin, args, kwargs);
        if obj.is_null() {
            return obj;
        }
        let key = unicode_from_str("__orig_class__");
        if key.is_null() {
            Py_DecRef(obj);
            return ptr::null_mut();
        }
        let r = PyObject_SetAttr(obj, key, op);
        Py_DecRef(key);
        if r < 0 {
            let ignorable = crate::python::errors::PyErr_ExceptionMatches(
                crate::objects::exceptions::Exc::AttributeError.type_object(),
            ) != 0
                || crate::python::errors::PyErr_ExceptionMatches(
                    crate::objects::exceptions::Exc::TypeError.type_object(),
                ) != 0;
            if !ignorable {
                Py_DecRef(obj);
                return ptr::null_mut();
            }
            errors::PyErr_Clear();
        }
        obj
    }
}

/// `==` / `!=` between aliases: the same origin and equal arguments;
/// `NotImplemented` otherwise.
unsafe extern "C" fn ga_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live operands from the comparison machinery.
    unsafe {
        if !is_alias(a) || !is_alias(b) || (op != Py_EQ && op != Py_NE) {
            return not_implemented();
        }
        let (ga, gb) = (
            a.cast::<GenericAliasObject>(),
            b.cast::<GenericAliasObject>(),
        );
        let eq =
            crate::objects::object::PyObject_RichCompareBool((*ga).origin, (*gb).origin, Py_EQ);
        if eq < 0 {
            return ptr::null_mut();
        }
        if eq == 0 {
            return crate::objects::boolobject::bool_from_bool(op == Py_NE);
        }
        PyObject_RichCompare((*ga).args, (*gb).args, op)
    }
}

/// `hash(alias)`: `hash(origin) ^ hash(args)`.
unsafe extern "C" fn ga_hash(op: *mut PyObject) -> Py_hash_t {
    // SAFETY: a live alias.
    unsafe {
        let ga = op.cast::<GenericAliasObject>();
        let h0 = PyObject_Hash((*ga).origin);
        if h0 == -1 {
            return -1;
        }
        let h1 = PyObject_Hash((*ga).args);
        if h1 == -1 {
            return -1;
        }
        h0 ^ h1
    }
}

/// `__parameters__`: the arguments that are type variables (they have
/// `__typing_subst__`), then those of arguments with `__parameters__`
/// tuples, each once, made on first use.
unsafe extern "C" fn ga_parameters(
    op: *mut PyObject,
    _closure: *mut std::ffi::c_void,
) -> *mut PyObject {
    // SAFETY: a live alias.
    unsafe {
        let ga = op.cast::<GenericAliasObject>();
        if (*ga).parameters.is_null() {
            let args = (*ga).args;
            let mut params: Vec<*mut PyObject> = Vec::new();
            let mut add = |p: *mut PyObject| {
                if !params.contains(&p) {
                    params.push(p);
                }
            };
            for i in 0..size(args) {
                let a = get(args, i);
                if crate::objects::r#abstract::has_flag(type_of(a), Py_TPFLAGS_TYPE_SUBCLASS) {
                    continue;
                }
                match lookup(a, c"__typing_subst__") {
                    Err(()) => return ptr::null_mut(),
                    Ok(Some(s)) => {
                        Py_DecRef(s);
                        add(a);
                        continue;
                    }
                    Ok(None) => {}
                }
                match lookup(a, c"__parameters__") {
                    Err(()) => return ptr::null_mut(),
                    Ok(Some(ps)) => {
                        if crate::objects::tupleobject::is_tuple(ps) {
                            for j in 0..size(ps) {
                                add(get(ps, j));
                            }
                        }
                        Py_DecRef(ps);
                    }
                    Ok(None) => {}
                }
            }
            let t = tuple_from_slice(&params);
            if t.is_null() {
                return t;
            }
            (*ga).parameters = t;
        }
        Py_IncRef((*ga).parameters);
        (*ga).parameters
    }
}

static GA_MEMBERS: StaticObject<[PyMemberDef; 3]> = StaticObject::new([
    PyMemberDef::new(
        c"__origin__",
        T_OBJECT,
        offset_of!(GenericAliasObject, origin),
        READONLY,
    ),
    PyMemberDef::new(
        c"__args__",
        T_OBJECT,
        offset_of!(GenericAliasObject, args),
        READONLY,
    ),
    PyMemberDef::zeroed(),
]);

static GA_GETSET: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef::getter(c"__parameters__", ga_parameters),
    PyGetSetDef::zeroed(),
]);

/// `alias.__mro_entries__(bases)`: `(origin,)`, what a class statement
/// puts in the alias's place among the bases.
unsafe extern "C" fn ga_mro_entries(op: *mut PyObject, _bases: *mut PyObject) -> *mut PyObject {
    // SAFETY: called as METH_O on a live alias, whose origin is live.
    unsafe {
        crate::objects::tupleobject::tuple_from_slice(&[(*op.cast::<GenericAliasObject>()).origin])
    }
}

static GA_METHODS: StaticObject<[PyMethodDef; 2]> = StaticObject::new([
    PyMethodDef {
        ml_name: c"__mro_entries__".as_ptr(),
        ml_meth: Some(ga_mro_entries),
        ml_flags: METH_O,
        ml_doc: ptr::null(),
    },
    PyMethodDef::zeroed(),
]);

/// `Py_GenericAliasType`: `types.GenericAlias`.
#[unsafe(no_mangle)]
pub static Py_GenericAliasType: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"types.GenericAlias".as_ptr();
    ty.tp_basicsize = size_of::<GenericAliasObject>() as Py_ssize_t;
    ty.tp_dealloc = Some(ga_dealloc);
    ty.tp_repr = Some(ga_repr);
    ty.tp_hash = Some(ga_hash);
    ty.tp_call = Some(ga_call);
    ty.tp_getattro = Some(ga_getattro);
    ty.tp_flags = Py_TPFLAGS_HAVE_GC;
    ty.tp_traverse = Some(ga_traverse);
    ty.tp_richcompare = Some(ga_richcompare);
    ty.tp_members = GA_MEMBERS.get().cast();
    ty.tp_getset = GA_GETSET.get().cast();
    ty.tp_methods = GA_METHODS.get().cast();
    ty.tp_new = Some(ga_new);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

/// `types.GenericAlias(origin, args)`: [`Py_GenericAlias`], with
/// CPython's argument checks (no keywords, exactly two arguments).
unsafe extern "C" fn ga_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's contract: a tuple and NULL or a dict. The type
    // cannot be subclassed, so it is this one.
    unsafe {
        if crate::python::getargs::_PyArg_NoKeywords(c"GenericAlias".as_ptr(), kwds) == 0
            || crate::python::getargs::_PyArg_CheckPositional(
                c"GenericAlias".as_ptr(),
                size(args),
                2,
                2,
            ) == 0
        {
            return ptr::null_mut();
        }
        Py_GenericAlias(get(args, 0), get(args, 1))
    }
}

/// `Py_GenericAlias(origin, args)`: a new `origin[args]` (`args` as given
/// when it is a tuple, else the 1-tuple of it). Fails (NULL) with
/// `SystemError` for a NULL argument, or `MemoryError`.
///
/// # Safety
/// `origin` and `args` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_GenericAlias(
    origin: *mut PyObject,
    args: *mut PyObject,
) -> *mut PyObject {
    if origin.is_null() || args.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    unsafe {
        let args = if crate::objects::tupleobject::is_tuple(args) {
            Py_IncRef(args);
            args
        } else {
            let t = PyTuple_New(1);
            if t.is_null() {
                return t;
            }
            Py_IncRef(args);
            PyTuple_SetItem(t, 0, args);
            t
        };
        let op = _PyObject_GC_New(Py_GenericAliasType.get());
        if op.is_null() {
            Py_DecRef(args);
            return op;
        }
        let ga = op.cast::<GenericAliasObject>();
        Py_IncRef(origin);
        (*ga).origin = origin;
        (*ga).args = args;
        (*ga).parameters = ptr::null_mut();
        gc_track(op);
        op
    }
}
