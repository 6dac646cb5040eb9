//! The `_functools` module (CPython 3.11's `Modules/_functoolsmodule.c`)
//! and the `functools` module over it (the parts of CPython's
//! `Lib/functools.py` that C extensions use at import time).
//!
//! Design:
//! - `partial`, `KeyWrapper` (what `cmp_to_key` returns) and
//!   `_lru_cache_wrapper` are static types laid out as CPython lays them
//!   out (`func`/`args`/`keywords` members, `__dict__` and weak reference
//!   slots, a vectorcall slot for `partial`). A partial of a partial
//!   whose instance dict is unused is flattened, recognised (as CPython
//!   does) by its `tp_call`, so subclasses flatten too.
//! - The LRU cache keeps a doubly linked list of `_lru_list_elem` links
//!   (its sentinel inside the wrapper object) and a dict from key to
//!   link; the list and the dict each hold one reference to a link, and
//!   every list edit is done before anything that can run Python code
//!   (hashing, `__eq__`, `__del__`), so a re-entrant call sees a
//!   consistent list. Keys are built as CPython's `lru_cache_make_key`
//!   builds them (a lone str or int argument is its own key; keyword
//!   arguments follow a private marker object; `typed` appends the
//!   types).
//! - `CacheInfo` is a struct sequence named like the namedtuple of
//!   `Lib/functools.py` (same repr, fields and tuple behaviour), built
//!   directly when the wrapper was given it and called with the four
//!   counts otherwise, as CPython calls its `cache_info_type`.
//! - The Python-level functions (`update_wrapper`, `wraps`,
//!   `total_ordering`, `lru_cache`, `cache`) are built-in functions that
//!   bind their arguments as the Python functions do (same messages).
//!   The comparison methods `total_ordering` adds are method descriptors
//!   of the class, one per generated operation, named as CPython names
//!   them (`__gt__`, ...).
//! - Not provided: `partialmethod`, `cached_property`, `singledispatch`,
//!   `singledispatchmethod`, `recursive_repr`, `get_cache_token`; they
//!   are left out of `__all__` so `from functools import *` works.

use std::ffi::{CStr, c_char, c_int};
use std::mem::offset_of;
use std::ptr;

use crate::ffi::*;
use crate::modules::MadeOnce;
use crate::modules::native::bind_python_args;
use crate::objects::exceptions::Exc;
use crate::objects::object::Owned;
use crate::objects::structseq::{PyStructSequence_Desc, PyStructSequence_Field};
use crate::objects::typeobject::static_type;
use crate::python::clinic;
use crate::python::errors;

unsafe extern "C" {
    fn Py_IncRef(o: *mut PyObject);
    fn Py_DecRef(o: *mut PyObject);
    fn PyType_Ready(ty: *mut PyTypeObject) -> c_int;
    fn PyType_GenericAlloc(ty: *mut PyTypeObject, n: Py_ssize_t) -> *mut PyObject;
    fn PyObject_RichCompare(a: *mut PyObject, b: *mut PyObject, op: c_int) -> *mut PyObject;
    fn PyObject_IsTrue(o: *mut PyObject) -> c_int;
    fn PyObject_Not(o: *mut PyObject) -> c_int;
    fn PyObject_Hash(o: *mut PyObject) -> Py_hash_t;
    fn PyObject_GetAttr(o: *mut PyObject, name: *mut PyObject) -> *mut PyObject;
    fn PyObject_SetAttr(o: *mut PyObject, name: *mut PyObject, v: *mut PyObject) -> c_int;
    fn PyObject_GetAttrString(o: *mut PyObject, name: *const c_char) -> *mut PyObject;
    fn PyObject_SetAttrString(o: *mut PyObject, name: *const c_char, v: *mut PyObject) -> c_int;
    fn PyObject_Call(f: *mut PyObject, args: *mut PyObject, kw: *mut PyObject) -> *mut PyObject;
    fn PyObject_CallMethod(
        o: *mut PyObject,
        name: *const c_char,
        fmt: *const c_char,
        ...
    ) -> *mut PyObject;
    fn PyObject_CallFunction(f: *mut PyObject, fmt: *const c_char, ...) -> *mut PyObject;
    fn PyObject_Vectorcall(
        f: *mut PyObject,
        args: *const *mut PyObject,
        nargsf: usize,
        kwnames: *mut PyObject,
    ) -> *mut PyObject;
    fn PyVectorcall_Function(f: *mut PyObject) -> Option<vectorcallfunc>;
    fn PyCallable_Check(o: *mut PyObject) -> c_int;
    fn PyObject_GetIter(o: *mut PyObject) -> *mut PyObject;
    fn PyIter_Next(o: *mut PyObject) -> *mut PyObject;
    fn PyObject_GenericGetAttr(o: *mut PyObject, name: *mut PyObject) -> *mut PyObject;
    fn PyObject_GenericSetAttr(o: *mut PyObject, name: *mut PyObject, v: *mut PyObject) -> c_int;
    fn PyObject_ClearWeakRefs(o: *mut PyObject);
    fn PySequence_Concat(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject;
    fn PySequence_Tuple(o: *mut PyObject) -> *mut PyObject;
    fn PyNumber_AsSsize_t(o: *mut PyObject, exc: *mut PyObject) -> Py_ssize_t;
    fn PyIndex_Check(o: *mut PyObject) -> c_int;
    fn PyLong_FromSsize_t(v: Py_ssize_t) -> *mut PyObject;
    fn PyTuple_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyTuple_Size(t: *mut PyObject) -> Py_ssize_t;
    fn PyTuple_GetItem(t: *mut PyObject, i: Py_ssize_t) -> *mut PyObject;
    fn PyTuple_SetItem(t: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int;
    fn PyTuple_GetSlice(t: *mut PyObject, lo: Py_ssize_t, hi: Py_ssize_t) -> *mut PyObject;
    fn PyDict_New() -> *mut PyObject;
    fn PyDict_Size(d: *mut PyObject) -> Py_ssize_t;
    fn PyDict_Copy(d: *mut PyObject) -> *mut PyObject;
    fn PyDict_Merge(a: *mut PyObject, b: *mut PyObject, over: c_int) -> c_int;
    fn PyDict_Clear(d: *mut PyObject);
    fn PyDict_SetItem(d: *mut PyObject, k: *mut PyObject, v: *mut PyObject) -> c_int;
    fn PyDict_SetItemString(d: *mut PyObject, k: *const c_char, v: *mut PyObject) -> c_int;
    fn PyDict_Next(
        d: *mut PyObject,
        pos: *mut Py_ssize_t,
        k: *mut *mut PyObject,
        v: *mut *mut PyObject,
    ) -> c_int;
    fn _PyDict_GetItem_KnownHash(d: *mut PyObject, k: *mut PyObject, h: Py_hash_t)
    -> *mut PyObject;
    fn _PyDict_SetItem_KnownHash(
        d: *mut PyObject,
        k: *mut PyObject,
        v: *mut PyObject,
        h: Py_hash_t,
    ) -> c_int;
    fn _PyDict_Pop(d: *mut PyObject, k: *mut PyObject, default: *mut PyObject) -> *mut PyObject;
    fn PyUnicode_FromString(s: *const c_char) -> *mut PyObject;
    fn PyUnicode_FromFormat(format: *const c_char, ...) -> *mut PyObject;
    fn PyList_New(n: Py_ssize_t) -> *mut PyObject;
    fn PyList_SetItem(l: *mut PyObject, i: Py_ssize_t, v: *mut PyObject) -> c_int;
    fn Py_ReprEnter(o: *mut PyObject) -> c_int;
    fn Py_ReprLeave(o: *mut PyObject);
    fn Py_BuildValue(format: *const c_char, ...) -> *mut PyObject;
    fn Py_GenericAlias(origin: *mut PyObject, args: *mut PyObject) -> *mut PyObject;
    fn PyMethod_New(f: *mut PyObject, slf: *mut PyObject) -> *mut PyObject;
    fn PyDescr_NewMethod(ty: *mut PyTypeObject, def: *mut PyMethodDef) -> *mut PyObject;
    fn PyCFunction_NewEx(
        def: *mut PyMethodDef,
        slf: *mut PyObject,
        module: *mut PyObject,
    ) -> *mut PyObject;
    fn PyModule_New(name: *const c_char) -> *mut PyObject;
    fn PyModule_AddObjectRef(m: *mut PyObject, name: *const c_char, v: *mut PyObject) -> c_int;
    fn PyModule_AddFunctions(m: *mut PyObject, defs: *mut PyMethodDef) -> c_int;
    fn PyModule_SetDocString(m: *mut PyObject, doc: *const c_char) -> c_int;
    fn PyStructSequence_NewType(desc: *mut PyStructSequence_Desc) -> *mut PyTypeObject;
    fn PyStructSequence_New(ty: *mut PyTypeObject) -> *mut PyObject;
    fn PyStructSequence_SetItem(o: *mut PyObject, i: Py_ssize_t, v: *mut PyObject);
    fn PyArg_UnpackTuple(
        args: *mut PyObject,
        name: *const c_char,
        min: Py_ssize_t,
        max: Py_ssize_t,
        ...
    ) -> c_int;
    fn PyArg_ParseTupleAndKeywords(
        args: *mut PyObject,
        kw: *mut PyObject,
        format: *const c_char,
        keywords: *mut *mut c_char,
        ...
    ) -> c_int;
    static mut PyExc_OverflowError: *mut PyObject;
}

// ==========================================================================
// Small helpers
// ==========================================================================

/// A new reference to `o` (live).
///
/// # Safety
/// `o` live.
unsafe fn new_ref(o: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { Py_IncRef(o) };
    o
}

/// Drops a reference that may be NULL.
///
/// # Safety
/// `o` NULL or a reference the caller owns.
unsafe fn xdecref(o: *mut PyObject) {
    if !o.is_null() {
        // SAFETY: per the contract.
        unsafe { Py_DecRef(o) };
    }
}

fn none() -> *mut PyObject {
    crate::objects::object::none()
}

fn py_none() -> *mut PyObject {
    crate::objects::object::py_none()
}

/// # Safety
/// `o` a live object.
unsafe fn type_of(o: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: per the contract.
    unsafe { (*o).ob_type }
}

/// Whether `o`'s type has `flag` (a `Py_TPFLAGS_*_SUBCLASS` check).
///
/// # Safety
/// `o` live.
unsafe fn has_flag(o: *mut PyObject, flag: std::ffi::c_ulong) -> bool {
    // SAFETY: per the contract.
    unsafe { (*type_of(o)).tp_flags & flag != 0 }
}

/// Whether `o`'s type is exactly `ty`.
///
/// # Safety
/// `o` live.
unsafe fn is_exact(o: *mut PyObject, ty: &StaticObject<PyTypeObject>) -> bool {
    // SAFETY: per the contract.
    unsafe { type_of(o) == ty.get() }
}

/// A C-string keyword list as `PyArg_ParseTupleAndKeywords` takes it.
fn kwlist<const N: usize>(k: &'static clinic::Keywords<N>) -> *mut *mut c_char {
    k.0.as_ptr().cast_mut().cast()
}

/// A new str from a static C string, or None with the error.
fn cstr(s: &CStr) -> Option<Owned> {
    // SAFETY: a NUL-terminated string.
    Owned::new(unsafe { PyUnicode_FromString(s.as_ptr()) })
}

// ==========================================================================
// partial
// ==========================================================================

/// CPython 3.11's `partialobject`.
#[repr(C)]
struct Partial {
    ob_base: PyObject,
    func: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
    dict: *mut PyObject,
    weakreflist: *mut PyObject,
    vectorcall: Option<vectorcallfunc>,
}

/// Whether `o` is laid out as a partial: its type calls through
/// [`partial_call`], as CPython recognises partials (and subclasses) to
/// flatten.
///
/// # Safety
/// `o` live.
unsafe fn is_partial_layout(o: *mut PyObject) -> bool {
    // SAFETY: a live object's type is live; the partial type is static.
    // Subclasses inherit the very pointer the partial type holds.
    unsafe {
        let call = |t: *mut PyTypeObject| (*t).tp_call.map(|f| f as usize);
        call(type_of(o)) == call(PARTIAL_TYPE.get())
    }
}

/// `partial(func, /, *args, **keywords)`.
unsafe extern "C" fn partial_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_new's live arguments; the new object is ours until
    // returned and fully set before anything can see it.
    unsafe {
        if PyTuple_Size(args) < 1 {
            return errors::fail_null(Exc::TypeError, "type 'partial' takes at least one argument");
        }
        let mut func = PyTuple_GetItem(args, 0);
        let (mut pargs, mut pkw) = (ptr::null_mut(), ptr::null_mut());
        if is_partial_layout(func) {
            let part = func.cast::<Partial>();
            if (*part).dict.is_null() {
                pargs = (*part).args;
                pkw = (*part).kw;
                func = (*part).func;
            }
        }
        if PyCallable_Check(func) == 0 {
            return errors::fail_null(Exc::TypeError, "the first argument must be callable");
        }
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let Some(op) = Owned::new(alloc(ty, 0)) else {
            return ptr::null_mut();
        };
        let pto = op.as_ptr().cast::<Partial>();
        (*pto).func = new_ref(func);
        let Some(nargs) = Owned::new(PyTuple_GetSlice(args, 1, Py_ssize_t::MAX)) else {
            return ptr::null_mut();
        };
        if pargs.is_null() {
            (*pto).args = nargs.into_raw();
        } else {
            (*pto).args = PySequence_Concat(pargs, nargs.as_ptr());
            if (*pto).args.is_null() {
                return ptr::null_mut();
            }
        }
        if pkw.is_null() || PyDict_Size(pkw) == 0 {
            (*pto).kw = if kw.is_null() {
                PyDict_New()
            } else if (*kw).ob_refcnt == 1 {
                // The caller's own dict, unshared: taken as it is, as
                // CPython takes it.
                new_ref(kw)
            } else {
                PyDict_Copy(kw)
            };
        } else {
            (*pto).kw = PyDict_Copy(pkw);
            if !kw.is_null() && !(*pto).kw.is_null() && PyDict_Merge((*pto).kw, kw, 1) != 0 {
                return ptr::null_mut();
            }
        }
        if (*pto).kw.is_null() {
            return ptr::null_mut();
        }
        set_vectorcall(pto);
        op.into_raw()
    }
}

/// Uses [`partial_vectorcall`] when the wrapped callable has vectorcall,
/// as CPython does.
///
/// # Safety
/// `pto` a live partial with its `func` set.
unsafe fn set_vectorcall(pto: *mut Partial) {
    // SAFETY: per the contract.
    unsafe {
        let vc: Option<vectorcallfunc> = if PyVectorcall_Function((*pto).func).is_none() {
            None
        } else {
            Some(partial_vectorcall)
        };
        ptr::addr_of_mut!((*pto).vectorcall).write(vc);
    }
}

unsafe extern "C" fn partial_dealloc(op: *mut PyObject) {
    // SAFETY: the dying partial (or a subclass instance that reached
    // here); its type frees it.
    unsafe {
        let pto = op.cast::<Partial>();
        if !(*pto).weakreflist.is_null() {
            PyObject_ClearWeakRefs(op);
        }
        xdecref(std::mem::replace(&mut (*pto).func, ptr::null_mut()));
        xdecref(std::mem::replace(&mut (*pto).args, ptr::null_mut()));
        xdecref(std::mem::replace(&mut (*pto).kw, ptr::null_mut()));
        xdecref(std::mem::replace(&mut (*pto).dict, ptr::null_mut()));
        if let Some(free) = (*type_of(op)).tp_free {
            free(op.cast());
        }
    }
}

/// `partial(*args, **kwargs)`: the stored arguments first, the stored
/// keywords updated by the call's.
unsafe extern "C" fn partial_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwargs: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_call's live arguments; a live partial.
    unsafe {
        let pto = op.cast::<Partial>();
        let kw2 = if PyDict_Size((*pto).kw) == 0 {
            if kwargs.is_null() {
                None
            } else {
                Some(Owned::borrowed(kwargs))
            }
        } else {
            let Some(d) = Owned::new(PyDict_Copy((*pto).kw)) else {
                return ptr::null_mut();
            };
            if !kwargs.is_null() && PyDict_Merge(d.as_ptr(), kwargs, 1) != 0 {
                return ptr::null_mut();
            }
            Some(d)
        };
        let Some(args2) = Owned::new(PySequence_Concat((*pto).args, args)) else {
            return ptr::null_mut();
        };
        PyObject_Call(
            (*pto).func,
            args2.as_ptr(),
            kw2.as_ref().map_or(ptr::null_mut(), Owned::as_ptr),
        )
    }
}

unsafe extern "C" fn partial_vectorcall(
    op: *mut PyObject,
    args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    let nargs = (nargsf & !PY_VECTORCALL_ARGUMENTS_OFFSET) as Py_ssize_t;
    // SAFETY: a vectorcall's arguments (`nargs` positional ones then one
    // per keyword name); a live partial.
    unsafe {
        let pto = op.cast::<Partial>();
        let nkw = if kwnames.is_null() {
            0
        } else {
            PyTuple_Size(kwnames)
        };
        if PyDict_Size((*pto).kw) != 0 {
            // Merging keywords is done by the tuple call; the partial stops
            // using vectorcall, as CPython's does.
            ptr::addr_of_mut!((*pto).vectorcall).write(None);
            let Some(t) = Owned::new(PyTuple_New(nargs)) else {
                return ptr::null_mut();
            };
            for i in 0..nargs {
                PyTuple_SetItem(t.as_ptr(), i, new_ref(*args.add(i as usize)));
            }
            let d = if nkw == 0 {
                None
            } else {
                let Some(d) = Owned::new(PyDict_New()) else {
                    return ptr::null_mut();
                };
                for j in 0..nkw {
                    let v = *args.add((nargs + j) as usize);
                    if PyDict_SetItem(d.as_ptr(), PyTuple_GetItem(kwnames, j), v) < 0 {
                        return ptr::null_mut();
                    }
                }
                Some(d)
            };
            return partial_call(
                op,
                t.as_ptr(),
                d.as_ref().map_or(ptr::null_mut(), Owned::as_ptr),
            );
        }
        let pargs = (*pto).args;
        let pn = PyTuple_Size(pargs);
        let mut stack: Vec<*mut PyObject> = Vec::with_capacity((pn + nargs + nkw) as usize);
        for i in 0..pn {
            stack.push(PyTuple_GetItem(pargs, i));
        }
        for i in 0..(nargs + nkw) {
            stack.push(*args.add(i as usize));
        }
        // The stack borrows the stored arguments; the partial's tuple
        // could be replaced by `__setstate__` during the call, so hold it.
        let _hold = Owned::borrowed(pargs);
        let func = Owned::borrowed((*pto).func);
        PyObject_Vectorcall(
            func.as_ptr(),
            stack.as_ptr(),
            (pn + nargs) as usize,
            if nkw == 0 { ptr::null_mut() } else { kwnames },
        )
    }
}

unsafe extern "C" fn partial_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live partial.
    unsafe {
        let pto = op.cast::<Partial>();
        let status = Py_ReprEnter(op);
        if status != 0 {
            if status < 0 {
                return ptr::null_mut();
            }
            return PyUnicode_FromString(c"...".as_ptr());
        }
        let r = (|| {
            let mut arglist = cstr(c"")?;
            let args = Owned::borrowed((*pto).args);
            for i in 0..PyTuple_Size(args.as_ptr()) {
                arglist = Owned::new(PyUnicode_FromFormat(
                    c"%U, %R".as_ptr(),
                    arglist.as_ptr(),
                    PyTuple_GetItem(args.as_ptr(), i),
                ))?;
            }
            let kw = Owned::borrowed((*pto).kw);
            let (mut pos, mut k, mut v) = (0, ptr::null_mut(), ptr::null_mut());
            while PyDict_Next(kw.as_ptr(), &mut pos, &mut k, &mut v) != 0 {
                // Held: the key's `__str__` could delete them.
                let (k, v) = (Owned::borrowed(k), Owned::borrowed(v));
                arglist = Owned::new(PyUnicode_FromFormat(
                    c"%U, %S=%R".as_ptr(),
                    arglist.as_ptr(),
                    k.as_ptr(),
                    v.as_ptr(),
                ))?;
            }
            Owned::new(PyUnicode_FromFormat(
                c"%s(%R%U)".as_ptr(),
                (*type_of(op)).tp_name,
                (*pto).func,
                arglist.as_ptr(),
            ))
        })()
        .map_or(ptr::null_mut(), Owned::into_raw);
        Py_ReprLeave(op);
        r
    }
}

unsafe extern "C" fn partial_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live partial.
    unsafe {
        let pto = op.cast::<Partial>();
        let dict = if (*pto).dict.is_null() {
            py_none()
        } else {
            (*pto).dict
        };
        Py_BuildValue(
            c"O(O)(OOOO)".as_ptr(),
            type_of(op),
            (*pto).func,
            (*pto).func,
            (*pto).args,
            (*pto).kw,
            dict,
        )
    }
}

unsafe extern "C" fn partial_setstate(op: *mut PyObject, state: *mut PyObject) -> *mut PyObject {
    use crate::objects::dictobject::PyDict_Type;
    use crate::objects::tupleobject::PyTuple_Type;
    // SAFETY: a live partial and state; the old fields are released only
    // after the new ones are stored.
    unsafe {
        let valid = has_flag(state, Py_TPFLAGS_TUPLE_SUBCLASS) && PyTuple_Size(state) == 4 && {
            let fn_ = PyTuple_GetItem(state, 0);
            let fnargs = PyTuple_GetItem(state, 1);
            let kw = PyTuple_GetItem(state, 2);
            PyCallable_Check(fn_) != 0
                && has_flag(fnargs, Py_TPFLAGS_TUPLE_SUBCLASS)
                && (kw == py_none() || has_flag(kw, Py_TPFLAGS_DICT_SUBCLASS))
        };
        if !valid {
            return errors::fail_null(Exc::TypeError, "invalid partial state");
        }
        let fn_ = PyTuple_GetItem(state, 0);
        let fnargs = PyTuple_GetItem(state, 1);
        let kw = PyTuple_GetItem(state, 2);
        let dict = PyTuple_GetItem(state, 3);
        let Some(fnargs) = Owned::new(if is_exact(fnargs, &PyTuple_Type) {
            new_ref(fnargs)
        } else {
            PySequence_Tuple(fnargs)
        }) else {
            return ptr::null_mut();
        };
        let Some(kw) = Owned::new(if kw == py_none() {
            PyDict_New()
        } else if !is_exact(kw, &PyDict_Type) {
            PyDict_Copy(kw)
        } else {
            new_ref(kw)
        }) else {
            return ptr::null_mut();
        };
        let dict = if dict == py_none() {
            ptr::null_mut()
        } else {
            new_ref(dict)
        };
        let pto = op.cast::<Partial>();
        let old = [
            std::mem::replace(&mut (*pto).func, new_ref(fn_)),
            std::mem::replace(&mut (*pto).args, fnargs.into_raw()),
            std::mem::replace(&mut (*pto).kw, kw.into_raw()),
            std::mem::replace(&mut (*pto).dict, dict),
        ];
        set_vectorcall(pto);
        for o in old {
            xdecref(o);
        }
        none()
    }
}

unsafe extern "C" fn class_getitem(cls: *mut PyObject, arg: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_O | METH_CLASS call's live arguments.
    unsafe { Py_GenericAlias(cls, arg) }
}

// CPython 3.11 makes the type from a spec, which consumes the
// `__dictoffset__` / `__weaklistoffset__` members (instances do not show
// them) but keeps `__vectorcalloffset__`.
static PARTIAL_METHODS: StaticObject<[PyMethodDef; 4]> = StaticObject::new([
    clinic::method(c"__reduce__", partial_reduce, METH_NOARGS),
    clinic::method(c"__setstate__", partial_setstate, METH_O),
    PyMethodDef {
        ml_doc: c"See PEP 585".as_ptr(),
        ..clinic::method(c"__class_getitem__", class_getitem, METH_O | METH_CLASS)
    },
    clinic::METHOD_END,
]);

static PARTIAL_MEMBERS: StaticObject<[PyMemberDef; 5]> = StaticObject::new([
    PyMemberDef {
        doc: c"function object to use in future partial calls".as_ptr(),
        ..PyMemberDef::new(
            c"func",
            member_types::T_OBJECT,
            offset_of!(Partial, func),
            member_types::READONLY,
        )
    },
    PyMemberDef {
        doc: c"tuple of arguments to future partial calls".as_ptr(),
        ..PyMemberDef::new(
            c"args",
            member_types::T_OBJECT,
            offset_of!(Partial, args),
            member_types::READONLY,
        )
    },
    PyMemberDef {
        doc: c"dictionary of keyword arguments to future partial calls".as_ptr(),
        ..PyMemberDef::new(
            c"keywords",
            member_types::T_OBJECT,
            offset_of!(Partial, kw),
            member_types::READONLY,
        )
    },
    PyMemberDef::new(
        c"__vectorcalloffset__",
        member_types::T_PYSSIZET,
        offset_of!(Partial, vectorcall),
        member_types::READONLY,
    ),
    PyMemberDef::zeroed(),
]);

static DICT_GETSET: StaticObject<[PyGetSetDef; 2]> =
    StaticObject::new([clinic::generic_dict(), PyGetSetDef::zeroed()]);

static PARTIAL_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"functools.partial",
        size_of::<Partial>(),
        Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL,
        partial_dealloc,
    );
    ty.tp_new = Some(partial_new);
    ty.tp_call = Some(partial_call);
    ty.tp_vectorcall_offset = offset_of!(Partial, vectorcall) as Py_ssize_t;
    ty.tp_repr = Some(partial_repr);
    ty.tp_methods = PARTIAL_METHODS.get().cast();
    ty.tp_members = PARTIAL_MEMBERS.get().cast();
    ty.tp_getset = DICT_GETSET.get().cast();
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_setattro = Some(PyObject_GenericSetAttr);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_dictoffset = offset_of!(Partial, dict) as Py_ssize_t;
    ty.tp_weaklistoffset = offset_of!(Partial, weakreflist) as Py_ssize_t;
    ty.tp_doc = c"partial(func, *args, **keywords) - new function with partial application\n    of the given arguments and keywords.\n".as_ptr();
    ty
});

/// Calls `partial(func, **kw)` (`kw` NULL or a dict): what `wraps` returns.
///
/// # Safety
/// `func` live, `kw` NULL or a live dict; the type is ready.
unsafe fn make_partial(func: *mut PyObject, kw: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(args) = Owned::new(Py_BuildValue(c"(O)".as_ptr(), func)) else {
            return ptr::null_mut();
        };
        PyObject_Call(PARTIAL_TYPE.get().cast(), args.as_ptr(), kw)
    }
}

// ==========================================================================
// reduce
// ==========================================================================

/// `reduce(function, iterable[, initial])`.
unsafe extern "C" fn functools_reduce(_m: *mut PyObject, args: *mut PyObject) -> *mut PyObject {
    // SAFETY: a METH_VARARGS call's live tuple; every reference taken is
    // owned by an `Owned`.
    unsafe {
        let mut func: *mut PyObject = ptr::null_mut();
        let mut seq: *mut PyObject = ptr::null_mut();
        let mut initial: *mut PyObject = ptr::null_mut();
        if PyArg_UnpackTuple(
            args,
            c"reduce".as_ptr(),
            2,
            3,
            &mut func as *mut *mut PyObject,
            &mut seq as *mut *mut PyObject,
            &mut initial as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        let mut result = if initial.is_null() {
            None
        } else {
            Some(Owned::borrowed(initial))
        };
        let Some(it) = Owned::new(PyObject_GetIter(seq)) else {
            if errors::PyErr_ExceptionMatches(Exc::TypeError.type_object()) != 0 {
                errors::raise(Exc::TypeError, "reduce() arg 2 must support iteration");
            }
            return ptr::null_mut();
        };
        loop {
            let Some(item) = Owned::new(PyIter_Next(it.as_ptr())) else {
                if !errors::PyErr_Occurred().is_null() {
                    return ptr::null_mut();
                }
                break;
            };
            result = Some(match result {
                None => item,
                Some(acc) => {
                    let stack = [acc.as_ptr(), item.as_ptr()];
                    let Some(r) = Owned::new(PyObject_Vectorcall(
                        func,
                        stack.as_ptr(),
                        2,
                        ptr::null_mut(),
                    )) else {
                        return ptr::null_mut();
                    };
                    r
                }
            });
        }
        match result {
            Some(r) => r.into_raw(),
            None => errors::fail_null(
                Exc::TypeError,
                "reduce() of empty iterable with no initial value",
            ),
        }
    }
}

// ==========================================================================
// cmp_to_key
// ==========================================================================

/// CPython 3.11's `keyobject`.
#[repr(C)]
struct KeyObject {
    ob_base: PyObject,
    cmp: *mut PyObject,
    /// The wrapped value; NULL for the function `cmp_to_key` returns (and
    /// after `del k.obj`).
    object: *mut PyObject,
}

/// A new key object of type `ty` over `cmp` and `object` (NULL or live).
///
/// # Safety
/// `ty` the ready key type (or the type of a live key), `cmp` live.
unsafe fn new_key(
    ty: *mut PyTypeObject,
    cmp: *mut PyObject,
    object: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract; the new object is ours until returned.
    unsafe {
        let op = PyType_GenericAlloc(ty, 0);
        if op.is_null() {
            return op;
        }
        let k = op.cast::<KeyObject>();
        (*k).cmp = new_ref(cmp);
        (*k).object = if object.is_null() {
            object
        } else {
            new_ref(object)
        };
        op
    }
}

unsafe extern "C" fn key_dealloc(op: *mut PyObject) {
    // SAFETY: the dying key; its type frees it.
    unsafe {
        let k = op.cast::<KeyObject>();
        xdecref(std::mem::replace(&mut (*k).cmp, ptr::null_mut()));
        xdecref(std::mem::replace(&mut (*k).object, ptr::null_mut()));
        if let Some(free) = (*type_of(op)).tp_free {
            free(op.cast());
        }
    }
}

static KEY_CALL_KW: clinic::Keywords<2> = clinic::Keywords([c"obj".as_ptr(), ptr::null()]);

/// `K(obj)`: a key wrapping `obj`.
unsafe extern "C" fn key_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_call's live arguments; a live key.
    unsafe {
        let mut object = ptr::null_mut();
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"O:K".as_ptr(),
            kwlist(&KEY_CALL_KW),
            &mut object as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        new_key(type_of(op), (*op.cast::<KeyObject>()).cmp, object)
    }
}

unsafe extern "C" fn key_richcompare(
    op: *mut PyObject,
    other: *mut PyObject,
    cmpop: c_int,
) -> *mut PyObject {
    // SAFETY: a tp_richcompare's live operands; the compared objects are
    // held across the user's call.
    unsafe {
        if type_of(other) != type_of(op) {
            return errors::fail_null(Exc::TypeError, "other argument must be K instance");
        }
        let (a, b) = (op.cast::<KeyObject>(), other.cast::<KeyObject>());
        let (x, y) = ((*a).object, (*b).object);
        if x.is_null() || y.is_null() {
            return errors::fail_null(Exc::AttributeError, "object");
        }
        let (cmp, x, y) = (
            Owned::borrowed((*a).cmp),
            Owned::borrowed(x),
            Owned::borrowed(y),
        );
        let stack = [x.as_ptr(), y.as_ptr()];
        let Some(res) = Owned::new(PyObject_Vectorcall(
            cmp.as_ptr(),
            stack.as_ptr(),
            2,
            ptr::null_mut(),
        )) else {
            return ptr::null_mut();
        };
        let Some(zero) = Owned::new(PyLong_FromSsize_t(0)) else {
            return ptr::null_mut();
        };
        PyObject_RichCompare(res.as_ptr(), zero.as_ptr(), cmpop)
    }
}

static KEY_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef {
        doc: c"Value wrapped by a key function.".as_ptr(),
        ..PyMemberDef::new(
            c"obj",
            member_types::T_OBJECT,
            offset_of!(KeyObject, object),
            0,
        )
    },
    PyMemberDef::zeroed(),
]);

static KEY_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"functools.KeyWrapper",
        size_of::<KeyObject>(),
        0,
        key_dealloc,
    );
    ty.tp_call = Some(key_call);
    ty.tp_richcompare = Some(key_richcompare);
    ty.tp_members = KEY_MEMBERS.get().cast();
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_setattro = Some(PyObject_GenericSetAttr);
    ty
});

static CMP_TO_KEY_KW: clinic::Keywords<2> = clinic::Keywords([c"mycmp".as_ptr(), ptr::null()]);

/// `cmp_to_key(mycmp)`.
unsafe extern "C" fn functools_cmp_to_key(
    _m: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call's live arguments.
    unsafe {
        let mut cmp = ptr::null_mut();
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"O:cmp_to_key".as_ptr(),
            kwlist(&CMP_TO_KEY_KW),
            &mut cmp as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        new_key(KEY_TYPE.get(), cmp, ptr::null_mut())
    }
}

// ==========================================================================
// The LRU cache
// ==========================================================================

/// A link of the cache's list (CPython's `lru_list_elem`); the wrapper's
/// sentinel is one too (its object header unused).
#[repr(C)]
struct Link {
    ob_base: PyObject,
    prev: *mut Link,
    next: *mut Link,
    hash: Py_hash_t,
    key: *mut PyObject,
    result: *mut PyObject,
}

unsafe extern "C" fn link_dealloc(op: *mut PyObject) {
    // SAFETY: the dying link, out of the list; its type frees it.
    unsafe {
        let l = op.cast::<Link>();
        xdecref(std::mem::replace(&mut (*l).key, ptr::null_mut()));
        xdecref(std::mem::replace(&mut (*l).result, ptr::null_mut()));
        if let Some(free) = (*type_of(op)).tp_free {
            free(op.cast());
        }
    }
}

static LINK_TYPE: StaticObject<PyTypeObject> = StaticObject::new(static_type(
    c"functools._lru_list_elem",
    size_of::<Link>(),
    0,
    link_dealloc,
));

/// How a wrapper calls: CPython's `lru_cache_ternaryfunc`.
type WrapperFn = unsafe fn(*mut LruCache, *mut PyObject, *mut PyObject) -> *mut PyObject;

/// CPython 3.11's `lru_cache_object`.
#[repr(C)]
struct LruCache {
    ob_base: PyObject,
    root: Link,
    wrapper: WrapperFn,
    typed: c_int,
    cache: *mut PyObject,
    hits: Py_ssize_t,
    func: *mut PyObject,
    /// -1 for no bound.
    maxsize: Py_ssize_t,
    misses: Py_ssize_t,
    kwd_mark: *mut PyObject,
    cache_info_type: *mut PyObject,
    dict: *mut PyObject,
    weakreflist: *mut PyObject,
}

/// The private object between positional and keyword arguments in keys.
static KWD_MARK: MadeOnce = MadeOnce::new();

fn kwd_mark() -> *mut PyObject {
    KWD_MARK.get_or_make(|| {
        // SAFETY: `object` is a ready type; makes a new plain object.
        unsafe {
            let ty = crate::objects::typeobject::PyBaseObject_Type.get();
            PyType_GenericAlloc(ty, 0)
        }
    })
}

/// The cache key of a call, as CPython's `lru_cache_make_key` builds it.
///
/// # Safety
/// `mark` and `args` (a tuple) live, `kwds` NULL or a live dict.
unsafe fn make_key(
    mark: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
    typed: bool,
) -> Option<Owned> {
    use crate::objects::longobject::PyLong_Type;
    use crate::objects::unicodeobject::PyUnicode_Type;
    // SAFETY: per the contract; the new tuple is filled in order before
    // it is returned.
    unsafe {
        let kwds_size = if kwds.is_null() { 0 } else { PyDict_Size(kwds) };
        let nargs = PyTuple_Size(args);
        if !typed && kwds_size == 0 {
            if nargs == 1 {
                let key = PyTuple_GetItem(args, 0);
                if is_exact(key, &PyUnicode_Type) || is_exact(key, &PyLong_Type) {
                    return Some(Owned::borrowed(key));
                }
            }
            return Some(Owned::borrowed(args));
        }
        let mut size = nargs;
        if kwds_size != 0 {
            size += kwds_size * 2 + 1;
        }
        if typed {
            size += nargs + kwds_size;
        }
        let key = Owned::new(PyTuple_New(size))?;
        let mut at = 0;
        let mut put = |o: *mut PyObject| {
            PyTuple_SetItem(key.as_ptr(), at, new_ref(o));
            at += 1;
        };
        for i in 0..nargs {
            put(PyTuple_GetItem(args, i));
        }
        let (mut k, mut v) = (ptr::null_mut(), ptr::null_mut());
        if kwds_size != 0 {
            put(mark);
            let mut pos = 0;
            while PyDict_Next(kwds, &mut pos, &mut k, &mut v) != 0 {
                put(k);
                put(v);
            }
        }
        if typed {
            for i in 0..nargs {
                put(type_of(PyTuple_GetItem(args, i)).cast());
            }
            if kwds_size != 0 {
                let mut pos = 0;
                while PyDict_Next(kwds, &mut pos, &mut k, &mut v) != 0 {
                    put(type_of(v).cast());
                }
            }
        }
        Some(key)
    }
}

/// maxsize 0: every call misses.
unsafe fn uncached_wrapper(
    s: *mut LruCache,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live wrapper and call arguments.
    unsafe {
        (*s).misses += 1;
        PyObject_Call((*s).func, args, kw)
    }
}

/// maxsize None: the dict alone.
unsafe fn infinite_wrapper(
    s: *mut LruCache,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live wrapper and call arguments; the cache dict is held
    // across the user function's call.
    unsafe {
        let Some(key) = make_key((*s).kwd_mark, args, kw, (*s).typed != 0) else {
            return ptr::null_mut();
        };
        let hash = PyObject_Hash(key.as_ptr());
        if hash == -1 {
            return ptr::null_mut();
        }
        let cache = Owned::borrowed((*s).cache);
        let found = _PyDict_GetItem_KnownHash(cache.as_ptr(), key.as_ptr(), hash);
        if !found.is_null() {
            (*s).hits += 1;
            return new_ref(found);
        }
        if !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        (*s).misses += 1;
        let Some(result) = Owned::new(PyObject_Call((*s).func, args, kw)) else {
            return ptr::null_mut();
        };
        if _PyDict_SetItem_KnownHash(cache.as_ptr(), key.as_ptr(), result.as_ptr(), hash) < 0 {
            return ptr::null_mut();
        }
        result.into_raw()
    }
}

/// Takes `link` out of the list.
///
/// # Safety
/// `link` in a live wrapper's list.
unsafe fn extract_link(link: *mut Link) {
    // SAFETY: per the contract; neighbours are links or the sentinel.
    unsafe {
        let (prev, next) = ((*link).prev, (*link).next);
        (*prev).next = next;
        (*next).prev = prev;
    }
}

/// Puts `link` last (most recently used).
///
/// # Safety
/// `s` a live wrapper, `link` a live link out of any list.
unsafe fn append_link(s: *mut LruCache, link: *mut Link) {
    // SAFETY: per the contract.
    unsafe {
        let root = ptr::addr_of_mut!((*s).root);
        let last = (*root).prev;
        (*last).next = link;
        (*root).prev = link;
        (*link).prev = last;
        (*link).next = root;
    }
}

/// Puts `link` first (least recently used).
///
/// # Safety
/// As [`append_link`].
unsafe fn prepend_link(s: *mut LruCache, link: *mut Link) {
    // SAFETY: per the contract.
    unsafe {
        let root = ptr::addr_of_mut!((*s).root);
        let first = (*root).next;
        (*first).prev = link;
        (*root).next = link;
        (*link).prev = root;
        (*link).next = first;
    }
}

/// A bounded cache: the dict maps keys to links of the list.
unsafe fn bounded_wrapper(
    s: *mut LruCache,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live wrapper and call arguments. The list only changes
    // between calls that run Python code, never across one.
    unsafe {
        let Some(key) = make_key((*s).kwd_mark, args, kw, (*s).typed != 0) else {
            return ptr::null_mut();
        };
        let hash = PyObject_Hash(key.as_ptr());
        if hash == -1 {
            return ptr::null_mut();
        }
        let cache = Owned::borrowed((*s).cache);
        let found = _PyDict_GetItem_KnownHash(cache.as_ptr(), key.as_ptr(), hash);
        if !found.is_null() {
            let link = found.cast::<Link>();
            extract_link(link);
            append_link(s, link);
            (*s).hits += 1;
            return new_ref((*link).result);
        }
        if !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        (*s).misses += 1;
        let Some(result) = Owned::new(PyObject_Call((*s).func, args, kw)) else {
            return ptr::null_mut();
        };
        let again = _PyDict_GetItem_KnownHash(cache.as_ptr(), key.as_ptr(), hash);
        if !again.is_null() {
            // The call itself cached this key; its link is in place.
            return result.into_raw();
        }
        if !errors::PyErr_Occurred().is_null() {
            return ptr::null_mut();
        }
        let root = ptr::addr_of_mut!((*s).root);
        if PyDict_Size(cache.as_ptr()) < (*s).maxsize || (*root).next == root {
            // Not full: a new link, referenced by the dict and the list.
            let op = PyType_GenericAlloc(LINK_TYPE.get(), 0);
            if op.is_null() {
                return ptr::null_mut();
            }
            let link = op.cast::<Link>();
            (*link).hash = hash;
            (*link).key = key.into_raw();
            (*link).result = new_ref(result.as_ptr());
            (*link).prev = ptr::null_mut();
            (*link).next = ptr::null_mut();
            if _PyDict_SetItem_KnownHash(cache.as_ptr(), (*link).key, op, hash) < 0 {
                Py_DecRef(op);
                return ptr::null_mut();
            }
            // The list takes the creation reference.
            append_link(s, link);
            return result.into_raw();
        }
        // Full: the oldest link is taken out and reused for this key.
        let link = (*root).next;
        extract_link(link);
        let Some(popped) = Owned::new(_PyDict_Pop(cache.as_ptr(), (*link).key, py_none())) else {
            // Restored as the oldest; the error passes up.
            prepend_link(s, link);
            return ptr::null_mut();
        };
        if popped.as_ptr() == py_none() {
            // Already out of the dict: the list's reference goes too.
            Py_DecRef(link.cast());
            return result.into_raw();
        }
        // The old key and result are released only once the links are
        // consistent again.
        let oldkey = Owned::new(std::mem::replace(&mut (*link).key, key.into_raw()));
        let oldresult = Owned::new(std::mem::replace(
            &mut (*link).result,
            new_ref(result.as_ptr()),
        ));
        (*link).hash = hash;
        if _PyDict_SetItem_KnownHash(cache.as_ptr(), (*link).key, link.cast(), hash) < 0 {
            // The link is lost; the list's reference goes with it.
            Py_DecRef(link.cast());
            drop((oldkey, oldresult, popped));
            return ptr::null_mut();
        }
        append_link(s, link);
        drop((popped, oldkey, oldresult));
        result.into_raw()
    }
}

static LRU_NEW_KW: clinic::Keywords<5> = clinic::Keywords([
    c"user_function".as_ptr(),
    c"maxsize".as_ptr(),
    c"typed".as_ptr(),
    c"cache_info_type".as_ptr(),
    ptr::null(),
]);

/// `_lru_cache_wrapper(user_function, maxsize, typed, cache_info_type)`.
unsafe extern "C" fn lru_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_new's live arguments; the new object is ours until
    // returned and fully set before anything can see it.
    unsafe {
        let (mut func, mut maxsize_o, mut info) =
            (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        let mut typed: c_int = 0;
        if PyArg_ParseTupleAndKeywords(
            args,
            kw,
            c"OOpO:lru_cache".as_ptr(),
            kwlist(&LRU_NEW_KW),
            &mut func as *mut *mut PyObject,
            &mut maxsize_o as *mut *mut PyObject,
            &mut typed as *mut c_int,
            &mut info as *mut *mut PyObject,
        ) == 0
        {
            return ptr::null_mut();
        }
        if PyCallable_Check(func) == 0 {
            return errors::fail_null(Exc::TypeError, "the first argument must be callable");
        }
        let (wrapper, maxsize): (WrapperFn, Py_ssize_t) = if maxsize_o == py_none() {
            (infinite_wrapper, -1)
        } else if PyIndex_Check(maxsize_o) != 0 {
            let n = PyNumber_AsSsize_t(maxsize_o, PyExc_OverflowError);
            if n == -1 && !errors::PyErr_Occurred().is_null() {
                return ptr::null_mut();
            }
            let n = n.max(0);
            if n == 0 {
                (uncached_wrapper, 0)
            } else {
                (bounded_wrapper, n)
            }
        } else {
            return errors::fail_null(Exc::TypeError, "maxsize should be integer or None");
        };
        let mark = kwd_mark();
        if mark.is_null() {
            return ptr::null_mut();
        }
        let Some(cache) = Owned::new(PyDict_New()) else {
            return ptr::null_mut();
        };
        let op = PyType_GenericAlloc(ty, 0);
        if op.is_null() {
            return ptr::null_mut();
        }
        let s = op.cast::<LruCache>();
        let root = ptr::addr_of_mut!((*s).root);
        (*root).prev = root;
        (*root).next = root;
        ptr::addr_of_mut!((*s).wrapper).write(wrapper);
        (*s).typed = typed;
        (*s).cache = cache.into_raw();
        (*s).func = new_ref(func);
        (*s).maxsize = maxsize;
        (*s).kwd_mark = new_ref(mark);
        (*s).cache_info_type = new_ref(info);
        op
    }
}

/// Takes the whole list out of wrapper `s`, leaving it empty; the first
/// link (NULL if none), the last one's `next` NULL.
///
/// # Safety
/// `s` a live wrapper.
unsafe fn unlink_list(s: *mut LruCache) -> *mut Link {
    // SAFETY: per the contract.
    unsafe {
        let root = ptr::addr_of_mut!((*s).root);
        let first = (*root).next;
        if first == root {
            return ptr::null_mut();
        }
        (*(*root).prev).next = ptr::null_mut();
        (*root).prev = root;
        (*root).next = root;
        first
    }
}

/// Drops the list's reference to each link of a list [`unlink_list`]
/// took out.
///
/// # Safety
/// `link` NULL or such a list.
unsafe fn clear_list(mut link: *mut Link) {
    // SAFETY: per the contract.
    unsafe {
        while !link.is_null() {
            let next = (*link).next;
            Py_DecRef(link.cast());
            link = next;
        }
    }
}

unsafe extern "C" fn lru_dealloc(op: *mut PyObject) {
    // SAFETY: the dying wrapper; its type frees it.
    unsafe {
        let s = op.cast::<LruCache>();
        if !(*s).weakreflist.is_null() {
            PyObject_ClearWeakRefs(op);
        }
        let list = unlink_list(s);
        xdecref(std::mem::replace(&mut (*s).cache, ptr::null_mut()));
        xdecref(std::mem::replace(&mut (*s).func, ptr::null_mut()));
        xdecref(std::mem::replace(&mut (*s).kwd_mark, ptr::null_mut()));
        xdecref(std::mem::replace(
            &mut (*s).cache_info_type,
            ptr::null_mut(),
        ));
        xdecref(std::mem::replace(&mut (*s).dict, ptr::null_mut()));
        clear_list(list);
        if let Some(free) = (*type_of(op)).tp_free {
            free(op.cast());
        }
    }
}

unsafe extern "C" fn lru_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_call's live arguments; a live wrapper.
    unsafe {
        let s = op.cast::<LruCache>();
        ((*s).wrapper)(s, args, kw)
    }
}

unsafe extern "C" fn lru_descr_get(
    op: *mut PyObject,
    obj: *mut PyObject,
    _ty: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a tp_descr_get's live arguments.
    unsafe {
        if obj.is_null() || obj == py_none() {
            return new_ref(op);
        }
        PyMethod_New(op, obj)
    }
}

/// The `CacheInfo` type (see [`cache_info_type`]).
static CACHE_INFO: MadeOnce = MadeOnce::new();

unsafe extern "C" fn lru_cache_info(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live wrapper.
    unsafe {
        let s = op.cast::<LruCache>();
        let currsize = PyDict_Size((*s).cache);
        let info = (*s).cache_info_type;
        if info == CACHE_INFO.made() {
            let Some(r) = Owned::new(PyStructSequence_New(info.cast())) else {
                return ptr::null_mut();
            };
            let maxsize = if (*s).maxsize == -1 {
                none()
            } else {
                PyLong_FromSsize_t((*s).maxsize)
            };
            for (i, v) in [
                PyLong_FromSsize_t((*s).hits),
                PyLong_FromSsize_t((*s).misses),
                maxsize,
                PyLong_FromSsize_t(currsize),
            ]
            .into_iter()
            .enumerate()
            {
                if v.is_null() {
                    return ptr::null_mut();
                }
                PyStructSequence_SetItem(r.as_ptr(), i as Py_ssize_t, v);
            }
            return r.into_raw();
        }
        let info = Owned::borrowed(info);
        if (*s).maxsize == -1 {
            PyObject_CallFunction(
                info.as_ptr(),
                c"nnOn".as_ptr(),
                (*s).hits,
                (*s).misses,
                py_none(),
                currsize,
            )
        } else {
            PyObject_CallFunction(
                info.as_ptr(),
                c"nnnn".as_ptr(),
                (*s).hits,
                (*s).misses,
                (*s).maxsize,
                currsize,
            )
        }
    }
}

unsafe extern "C" fn lru_cache_clear(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live wrapper; the list is emptied before the dict, whose
    // clearing can run Python code.
    unsafe {
        let s = op.cast::<LruCache>();
        let list = unlink_list(s);
        (*s).hits = 0;
        (*s).misses = 0;
        let cache = Owned::borrowed((*s).cache);
        PyDict_Clear(cache.as_ptr());
        clear_list(list);
        none()
    }
}

unsafe extern "C" fn lru_reduce(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live wrapper.
    unsafe { PyObject_GetAttrString(op, c"__qualname__".as_ptr()) }
}

unsafe extern "C" fn lru_copy(op: *mut PyObject, _: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live wrapper.
    unsafe { new_ref(op) }
}

static LRU_METHODS: StaticObject<[PyMethodDef; 6]> = StaticObject::new([
    // No docs, as in 3.11 (clinic gave them docs in 3.12).
    clinic::method(c"cache_info", lru_cache_info, METH_NOARGS),
    clinic::method(c"cache_clear", lru_cache_clear, METH_NOARGS),
    clinic::method(c"__reduce__", lru_reduce, METH_NOARGS),
    clinic::method(c"__copy__", lru_copy, METH_NOARGS),
    clinic::method(c"__deepcopy__", lru_copy, METH_O),
    clinic::METHOD_END,
]);

static LRU_TYPE: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"functools._lru_cache_wrapper",
        size_of::<LruCache>(),
        Py_TPFLAGS_METHOD_DESCRIPTOR,
        lru_dealloc,
    );
    ty.tp_new = Some(lru_new);
    ty.tp_call = Some(lru_call);
    ty.tp_descr_get = Some(lru_descr_get);
    ty.tp_methods = LRU_METHODS.get().cast();
    ty.tp_getset = DICT_GETSET.get().cast();
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_setattro = Some(PyObject_GenericSetAttr);
    ty.tp_dictoffset = offset_of!(LruCache, dict) as Py_ssize_t;
    ty.tp_weaklistoffset = offset_of!(LruCache, weakreflist) as Py_ssize_t;
    ty.tp_doc = c"Create a cached callable that wraps another function.\n\nuser_function:      the function being cached\n\nmaxsize:  0         for no caching\n          None      for unlimited cache size\n          n         for a bounded cache\n\ntyped:    False     cache f(3) and f(3.0) as identical calls\n          True      cache f(3) and f(3.0) as distinct calls\n\ncache_info_type:    namedtuple class with the fields:\n                        hits misses currsize maxsize\n".as_ptr();
    ty
});

static CACHE_INFO_FIELDS: StaticObject<[PyStructSequence_Field; 5]> = StaticObject::new([
    PyStructSequence_Field {
        name: c"hits".as_ptr(),
        doc: ptr::null(),
    },
    PyStructSequence_Field {
        name: c"misses".as_ptr(),
        doc: ptr::null(),
    },
    PyStructSequence_Field {
        name: c"maxsize".as_ptr(),
        doc: ptr::null(),
    },
    PyStructSequence_Field {
        name: c"currsize".as_ptr(),
        doc: ptr::null(),
    },
    PyStructSequence_Field {
        name: ptr::null(),
        doc: ptr::null(),
    },
]);

/// `functools.CacheInfo` (`_CacheInfo`): a struct sequence whose repr is
/// the namedtuple's, `CacheInfo(hits=.., misses=.., maxsize=..,
/// currsize=..)`, borrowed; NULL with the error.
fn cache_info_type() -> *mut PyObject {
    CACHE_INFO.get_or_make(|| {
        // SAFETY: a static field table; the new type is ours until kept.
        unsafe {
            let mut desc = PyStructSequence_Desc {
                name: c"CacheInfo".as_ptr(),
                doc: c"CacheInfo(hits, misses, maxsize, currsize)".as_ptr(),
                fields: CACHE_INFO_FIELDS.get().cast(),
                n_in_sequence: 4,
            };
            let Some(ty) = Owned::new(PyStructSequence_NewType(&mut desc).cast()) else {
                return ptr::null_mut();
            };
            let Some(m) = cstr(c"functools") else {
                return ptr::null_mut();
            };
            if PyObject_SetAttrString(ty.as_ptr(), c"__module__".as_ptr(), m.as_ptr()) < 0 {
                return ptr::null_mut();
            }
            ty.into_raw()
        }
    })
}

// ==========================================================================
// functools: update_wrapper, wraps
// ==========================================================================

const ASSIGNMENTS: [&CStr; 5] = [
    c"__module__",
    c"__name__",
    c"__qualname__",
    c"__doc__",
    c"__annotations__",
];

/// `WRAPPER_ASSIGNMENTS` / `WRAPPER_UPDATES`, made once.
static WRAPPER_ASSIGNMENTS: MadeOnce = MadeOnce::new();
static WRAPPER_UPDATES: MadeOnce = MadeOnce::new();

/// A tuple of the names, a new reference (None with the error).
fn name_tuple(names: &[&CStr]) -> *mut PyObject {
    // SAFETY: fills a new tuple in order.
    unsafe {
        let Some(t) = Owned::new(PyTuple_New(names.len() as Py_ssize_t)) else {
            return ptr::null_mut();
        };
        for (i, n) in names.iter().enumerate() {
            let Some(s) = cstr(n) else {
                return ptr::null_mut();
            };
            PyTuple_SetItem(t.as_ptr(), i as Py_ssize_t, s.into_raw());
        }
        t.into_raw()
    }
}

fn wrapper_assignments() -> *mut PyObject {
    WRAPPER_ASSIGNMENTS.get_or_make(|| name_tuple(&ASSIGNMENTS))
}

fn wrapper_updates() -> *mut PyObject {
    WRAPPER_UPDATES.get_or_make(|| name_tuple(&[c"__dict__"]))
}

/// The body of `update_wrapper` over bound arguments.
///
/// # Safety
/// All live.
unsafe fn do_update_wrapper(
    wrapper: *mut PyObject,
    wrapped: *mut PyObject,
    assigned: *mut PyObject,
    updated: *mut PyObject,
) -> Option<Owned> {
    // SAFETY: per the contract.
    unsafe {
        let it = Owned::new(PyObject_GetIter(assigned))?;
        while let Some(attr) = Owned::new(PyIter_Next(it.as_ptr())) {
            match Owned::new(PyObject_GetAttr(wrapped, attr.as_ptr())) {
                Some(value) => {
                    if PyObject_SetAttr(wrapper, attr.as_ptr(), value.as_ptr()) < 0 {
                        return None;
                    }
                }
                None => {
                    if errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) == 0 {
                        return None;
                    }
                    errors::PyErr_Clear();
                }
            }
        }
        if !errors::PyErr_Occurred().is_null() {
            return None;
        }
        let it = Owned::new(PyObject_GetIter(updated))?;
        while let Some(attr) = Owned::new(PyIter_Next(it.as_ptr())) {
            let target = Owned::new(PyObject_GetAttr(wrapper, attr.as_ptr()))?;
            let source = match Owned::new(PyObject_GetAttr(wrapped, attr.as_ptr())) {
                Some(v) => v,
                None => {
                    if errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) == 0 {
                        return None;
                    }
                    errors::PyErr_Clear();
                    Owned::new(PyDict_New())?
                }
            };
            Owned::new(PyObject_CallMethod(
                target.as_ptr(),
                c"update".as_ptr(),
                c"O".as_ptr(),
                source.as_ptr(),
            ))?;
        }
        if !errors::PyErr_Occurred().is_null() {
            return None;
        }
        if PyObject_SetAttrString(wrapper, c"__wrapped__".as_ptr(), wrapped) < 0 {
            return None;
        }
        Some(Owned::borrowed(wrapper))
    }
}

const WRAP_PARAMS: [&str; 4] = ["wrapper", "wrapped", "assigned", "updated"];

/// `update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS,
/// updated=WRAPPER_UPDATES)`.
unsafe extern "C" fn functools_update_wrapper(
    _m: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call's live arguments.
    unsafe {
        let Some(b) = bind_python_args("update_wrapper", &WRAP_PARAMS, 2, args, kw) else {
            return ptr::null_mut();
        };
        let assigned = if b[2].is_null() {
            wrapper_assignments()
        } else {
            b[2]
        };
        let updated = if b[3].is_null() {
            wrapper_updates()
        } else {
            b[3]
        };
        if assigned.is_null() || updated.is_null() {
            return ptr::null_mut();
        }
        do_update_wrapper(b[0], b[1], assigned, updated).map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// The module's `update_wrapper` function, which `wraps` binds.
static UPDATE_WRAPPER: MadeOnce = MadeOnce::new();

/// `wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS,
/// updated=WRAPPER_UPDATES)`: `partial(update_wrapper, wrapped=wrapped,
/// assigned=assigned, updated=updated)`.
unsafe extern "C" fn functools_wraps(
    _m: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call's live arguments.
    unsafe {
        let Some(b) = bind_python_args("wraps", &WRAP_PARAMS[1..], 1, args, kw) else {
            return ptr::null_mut();
        };
        let assigned = if b[1].is_null() {
            wrapper_assignments()
        } else {
            b[1]
        };
        let updated = if b[2].is_null() {
            wrapper_updates()
        } else {
            b[2]
        };
        let uw = UPDATE_WRAPPER.made();
        if assigned.is_null() || updated.is_null() || uw.is_null() {
            return ptr::null_mut();
        }
        let Some(d) = Owned::new(PyDict_New()) else {
            return ptr::null_mut();
        };
        for (k, v) in [
            (c"wrapped", b[0]),
            (c"assigned", assigned),
            (c"updated", updated),
        ] {
            if PyDict_SetItemString(d.as_ptr(), k.as_ptr(), v) < 0 {
                return ptr::null_mut();
            }
        }
        make_partial(uw, d.as_ptr())
    }
}

// ==========================================================================
// functools: total_ordering
// ==========================================================================

/// How a generated comparison combines the root's result `r` with
/// `self`/`other`.
#[derive(Clone, Copy)]
enum Derive {
    /// `not r and self != other`
    NotAndNe,
    /// `r or self == other`
    OrEq,
    /// `not r`
    Not,
    /// `not r or self == other`
    NotOrEq,
    /// `r and self != other`
    AndNe,
}

/// A comparison `total_ordering` adds: `type(self).<root>(self, other)`,
/// NotImplemented passed on, else combined as `how` says.
///
/// # Safety
/// `slf` and `other` live.
unsafe fn derived(
    slf: *mut PyObject,
    other: *mut PyObject,
    root: &CStr,
    how: Derive,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let Some(method) = Owned::new(PyObject_GetAttrString(type_of(slf).cast(), root.as_ptr()))
        else {
            return ptr::null_mut();
        };
        let stack = [slf, other];
        let Some(r) = Owned::new(PyObject_Vectorcall(
            method.as_ptr(),
            stack.as_ptr(),
            2,
            ptr::null_mut(),
        )) else {
            return ptr::null_mut();
        };
        if r.as_ptr() == crate::objects::object::py_not_implemented() {
            return r.into_raw();
        }
        let bool_of = |v: c_int| {
            if v < 0 {
                ptr::null_mut()
            } else {
                crate::objects::boolobject::bool_from_bool(v != 0)
            }
        };
        if let Derive::Not = how {
            return bool_of(PyObject_Not(r.as_ptr()));
        }
        let t = PyObject_IsTrue(r.as_ptr());
        if t < 0 {
            return ptr::null_mut();
        }
        let truth = t != 0;
        match how {
            Derive::NotAndNe if truth => bool_of(0),
            Derive::NotAndNe => PyObject_RichCompare(slf, other, Py_NE),
            Derive::NotOrEq if truth => PyObject_RichCompare(slf, other, Py_EQ),
            Derive::NotOrEq => bool_of(1),
            Derive::OrEq if truth => r.into_raw(),
            Derive::OrEq => PyObject_RichCompare(slf, other, Py_EQ),
            Derive::AndNe if truth => PyObject_RichCompare(slf, other, Py_NE),
            Derive::AndNe | Derive::Not => r.into_raw(),
        }
    }
}

/// Declares the generated comparisons: `fn(self, other)` (METH_O).
macro_rules! derived_ops {
    ($($f:ident = $root:literal, $how:ident;)*) => {$(
        unsafe extern "C" fn $f(slf: *mut PyObject, other: *mut PyObject) -> *mut PyObject {
            // SAFETY: a METH_O method's live self and argument.
            unsafe { derived(slf, other, $root, Derive::$how) }
        }
    )*};
}

derived_ops! {
    gt_from_lt = c"__lt__", NotAndNe;
    le_from_lt = c"__lt__", OrEq;
    ge_from_lt = c"__lt__", Not;
    ge_from_le = c"__le__", NotOrEq;
    lt_from_le = c"__le__", AndNe;
    gt_from_le = c"__le__", Not;
    lt_from_gt = c"__gt__", NotAndNe;
    ge_from_gt = c"__gt__", OrEq;
    le_from_gt = c"__gt__", Not;
    le_from_ge = c"__ge__", NotOrEq;
    gt_from_ge = c"__ge__", AndNe;
    lt_from_ge = c"__ge__", Not;
}

const fn op_def(name: &'static CStr, f: PyCFunction, doc: &'static CStr) -> PyMethodDef {
    PyMethodDef {
        ml_doc: doc.as_ptr(),
        ..clinic::method(name, f, METH_O)
    }
}

/// `Lib/functools.py`'s `_convert`: for each root (in the order
/// `max(roots)` prefers: `__lt__`, `__le__`, `__gt__`, `__ge__`), the three
/// comparisons derived from it.
static CONVERT: StaticObject<[PyMethodDef; 12]> = StaticObject::new([
    op_def(
        c"__gt__",
        gt_from_lt,
        c"Return a > b.  Computed by @total_ordering from (not a < b) and (a != b).",
    ),
    op_def(
        c"__le__",
        le_from_lt,
        c"Return a <= b.  Computed by @total_ordering from (a < b) or (a == b).",
    ),
    op_def(
        c"__ge__",
        ge_from_lt,
        c"Return a >= b.  Computed by @total_ordering from (not a < b).",
    ),
    op_def(
        c"__ge__",
        ge_from_le,
        c"Return a >= b.  Computed by @total_ordering from (not a <= b) or (a == b).",
    ),
    op_def(
        c"__lt__",
        lt_from_le,
        c"Return a < b.  Computed by @total_ordering from (a <= b) and (a != b).",
    ),
    op_def(
        c"__gt__",
        gt_from_le,
        c"Return a > b.  Computed by @total_ordering from (not a <= b).",
    ),
    op_def(
        c"__lt__",
        lt_from_gt,
        c"Return a < b.  Computed by @total_ordering from (not a > b) and (a != b).",
    ),
    op_def(
        c"__ge__",
        ge_from_gt,
        c"Return a >= b.  Computed by @total_ordering from (a > b) or (a == b).",
    ),
    op_def(
        c"__le__",
        le_from_gt,
        c"Return a <= b.  Computed by @total_ordering from (not a > b).",
    ),
    op_def(
        c"__le__",
        le_from_ge,
        c"Return a <= b.  Computed by @total_ordering from (not a >= b) or (a == b).",
    ),
    op_def(
        c"__gt__",
        gt_from_ge,
        c"Return a > b.  Computed by @total_ordering from (a >= b) and (a != b).",
    ),
    op_def(
        c"__lt__",
        lt_from_ge,
        c"Return a < b.  Computed by @total_ordering from (not a >= b).",
    ),
]);

const ROOTS: [&CStr; 4] = [c"__lt__", c"__le__", c"__gt__", c"__ge__"];

/// `getattr(o, name, None)`, a new reference; None with the error.
///
/// # Safety
/// `o` live.
unsafe fn getattr_or_none(o: *mut PyObject, name: &CStr) -> Option<Owned> {
    // SAFETY: per the contract.
    unsafe {
        if let Some(v) = Owned::new(PyObject_GetAttrString(o, name.as_ptr())) {
            return Some(v);
        }
        if errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) == 0 {
            return None;
        }
        errors::PyErr_Clear();
        Some(Owned::borrowed(py_none()))
    }
}

/// `total_ordering(cls)`.
unsafe extern "C" fn functools_total_ordering(
    _m: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call's live arguments.
    unsafe {
        let Some(b) = bind_python_args("total_ordering", &["cls"], 1, args, kw) else {
            return ptr::null_mut();
        };
        let cls = b[0];
        let object = crate::objects::typeobject::PyBaseObject_Type.get().cast();
        let mut roots = [false; 4];
        for (i, op) in ROOTS.iter().enumerate() {
            let Some(mine) = getattr_or_none(cls, op) else {
                return ptr::null_mut();
            };
            let Some(base) = getattr_or_none(object, op) else {
                return ptr::null_mut();
            };
            roots[i] = mine.as_ptr() != base.as_ptr();
        }
        let Some(root) = roots.iter().position(|r| *r) else {
            return errors::fail_null(
                Exc::ValueError,
                "must define at least one ordering operation: < > <= >=",
            );
        };
        let defs = CONVERT.get().cast::<PyMethodDef>();
        for j in 0..3 {
            let def = defs.add(root * 3 + j);
            let name = CStr::from_ptr((*def).ml_name);
            let Some(k) = ROOTS.iter().position(|r| *r == name) else {
                continue;
            };
            if roots[k] {
                continue;
            }
            // A descriptor only a type can own; anything else fails as
            // `setattr` of a function would not, so use the instance
            // method wrapper then.
            let is_type = has_flag(cls, Py_TPFLAGS_TYPE_SUBCLASS);
            let Some(f) = Owned::new(if is_type {
                PyDescr_NewMethod(cls.cast(), def)
            } else {
                let Some(func) =
                    Owned::new(PyCFunction_NewEx(def, ptr::null_mut(), ptr::null_mut()))
                else {
                    return ptr::null_mut();
                };
                crate::objects::classobject::PyInstanceMethod_New(func.as_ptr())
            }) else {
                return ptr::null_mut();
            };
            if PyObject_SetAttrString(cls, name.as_ptr(), f.as_ptr()) < 0 {
                return ptr::null_mut();
            }
        }
        new_ref(cls)
    }
}

// ==========================================================================
// functools: lru_cache, cache
// ==========================================================================

/// `_lru_cache_wrapper(user_function, maxsize, typed, _CacheInfo)` with
/// `cache_parameters` and the wrapped function's attributes, as the
/// decorator in `Lib/functools.py` returns it. `params` is the
/// `(maxsize, typed, lambda qualname)` tuple `cache_parameters` reports.
///
/// # Safety
/// All live; the types ready.
unsafe fn decorate(func: *mut PyObject, params: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let info = cache_info_type();
        if info.is_null() {
            return ptr::null_mut();
        }
        let Some(args) = Owned::new(Py_BuildValue(
            c"(OOOO)".as_ptr(),
            func,
            PyTuple_GetItem(params, 0),
            PyTuple_GetItem(params, 1),
            info,
        )) else {
            return ptr::null_mut();
        };
        let Some(w) = Owned::new(PyObject_Call(
            LRU_TYPE.get().cast(),
            args.as_ptr(),
            ptr::null_mut(),
        )) else {
            return ptr::null_mut();
        };
        let Some(cp) = Owned::new(PyCFunction_NewEx(
            CACHE_PARAMETERS_DEF.get(),
            params,
            ptr::null_mut(),
        )) else {
            return ptr::null_mut();
        };
        if PyObject_SetAttrString(w.as_ptr(), c"cache_parameters".as_ptr(), cp.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        let (assigned, updated) = (wrapper_assignments(), wrapper_updates());
        if assigned.is_null() || updated.is_null() {
            return ptr::null_mut();
        }
        do_update_wrapper(w.as_ptr(), func, assigned, updated)
            .map_or(ptr::null_mut(), Owned::into_raw)
    }
}

/// The qualified names of the `cache_parameters` lambdas of
/// `Lib/functools.py` (in `lru_cache` itself for the bare form, in its
/// `decorating_function` otherwise), which its call errors name.
const BARE_LAMBDA: &CStr = c"lru_cache.<locals>.<lambda>";
const DECORATING_LAMBDA: &CStr = c"lru_cache.<locals>.decorating_function.<locals>.<lambda>";

/// `cache_parameters()`: `{'maxsize': maxsize, 'typed': typed}`, a new
/// dict each call.
unsafe extern "C" fn cache_parameters(
    params: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call's live arguments; self
    // is the `(maxsize, typed, lambda qualname)` tuple.
    unsafe {
        let name = crate::objects::object::text_of(PyTuple_GetItem(params, 2));
        if bind_python_args(&name, &[], 0, args, kw).is_none() {
            return ptr::null_mut();
        }
        Py_BuildValue(
            c"{sOsO}".as_ptr(),
            c"maxsize".as_ptr(),
            PyTuple_GetItem(params, 0),
            c"typed".as_ptr(),
            PyTuple_GetItem(params, 1),
        )
    }
}

/// `decorating_function(user_function)`, what `lru_cache(maxsize,
/// typed)` returns; self is the `(maxsize, typed, lambda qualname)` tuple.
unsafe extern "C" fn decorating_function(
    params: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call's live arguments.
    unsafe {
        let Some(b) = bind_python_args(
            "lru_cache.<locals>.decorating_function",
            &["user_function"],
            1,
            args,
            kw,
        ) else {
            return ptr::null_mut();
        };
        decorate(b[0], params)
    }
}

/// `lru_cache(maxsize=128, typed=False)`.
unsafe extern "C" fn functools_lru_cache(
    _m: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    use crate::objects::boolobject::PyBool_Type;
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call's live arguments.
    unsafe {
        let Some(b) = bind_python_args("lru_cache", &["maxsize", "typed"], 0, args, kw) else {
            return ptr::null_mut();
        };
        let Some(mut maxsize) = Owned::new(if b[0].is_null() {
            PyLong_FromSsize_t(128)
        } else {
            new_ref(b[0])
        }) else {
            return ptr::null_mut();
        };
        let typed = if b[1].is_null() {
            Owned::new(crate::objects::boolobject::bool_from_bool(false))
        } else {
            Some(Owned::borrowed(b[1]))
        };
        let Some(typed) = typed else {
            return ptr::null_mut();
        };
        if has_flag(maxsize.as_ptr(), Py_TPFLAGS_LONG_SUBCLASS) {
            let Some(zero) = Owned::new(PyLong_FromSsize_t(0)) else {
                return ptr::null_mut();
            };
            let Some(lt) = Owned::new(PyObject_RichCompare(maxsize.as_ptr(), zero.as_ptr(), Py_LT))
            else {
                return ptr::null_mut();
            };
            match PyObject_IsTrue(lt.as_ptr()) {
                r if r < 0 => return ptr::null_mut(),
                0 => {}
                _ => maxsize = zero,
            }
        } else if PyCallable_Check(maxsize.as_ptr()) != 0 && is_exact(typed.as_ptr(), &PyBool_Type)
        {
            let func = maxsize;
            let Some(params) = Owned::new(Py_BuildValue(
                c"(nOs)".as_ptr(),
                128 as Py_ssize_t,
                typed.as_ptr(),
                BARE_LAMBDA.as_ptr(),
            )) else {
                return ptr::null_mut();
            };
            return decorate(func.as_ptr(), params.as_ptr());
        } else if maxsize.as_ptr() != py_none() {
            return errors::fail_null(
                Exc::TypeError,
                "Expected first argument to be an integer, a callable, or None",
            );
        }
        let Some(params) = Owned::new(Py_BuildValue(
            c"(OOs)".as_ptr(),
            maxsize.as_ptr(),
            typed.as_ptr(),
            DECORATING_LAMBDA.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        PyCFunction_NewEx(DECORATING_DEF.get(), params.as_ptr(), ptr::null_mut())
    }
}

/// `cache(user_function)`: `lru_cache(maxsize=None)(user_function)`.
unsafe extern "C" fn functools_cache(
    _m: *mut PyObject,
    args: *mut PyObject,
    kw: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a METH_VARARGS | METH_KEYWORDS call's live arguments.
    unsafe {
        let Some(b) = bind_python_args("cache", &["user_function"], 1, args, kw) else {
            return ptr::null_mut();
        };
        let Some(params) = Owned::new(Py_BuildValue(
            c"(ONs)".as_ptr(),
            py_none(),
            crate::objects::boolobject::bool_from_bool(false),
            DECORATING_LAMBDA.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        decorate(b[0], params.as_ptr())
    }
}

/// A METH_VARARGS | METH_KEYWORDS row.
const fn varargs_kw(
    name: &'static CStr,
    f: PyCFunctionWithKeywords,
    doc: &'static CStr,
) -> PyMethodDef {
    PyMethodDef {
        ml_name: name.as_ptr(),
        // SAFETY: the flags tell the caller the real signature.
        ml_meth: Some(unsafe { std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(f) }),
        ml_flags: METH_VARARGS | METH_KEYWORDS,
        ml_doc: doc.as_ptr(),
    }
}

static CACHE_PARAMETERS_DEF: StaticObject<PyMethodDef> =
    StaticObject::new(varargs_kw(c"<lambda>", cache_parameters, c""));

static DECORATING_DEF: StaticObject<PyMethodDef> =
    StaticObject::new(varargs_kw(c"decorating_function", decorating_function, c""));

// ==========================================================================
// The modules
// ==========================================================================

static METHODS: StaticObject<[PyMethodDef; 3]> = StaticObject::new([
    PyMethodDef {
        ml_doc: c"reduce(function, iterable[, initial]) -> value\n\nApply a function of two arguments cumulatively to the items of a sequence\nor iterable, from left to right, so as to reduce the iterable to a single\nvalue.  For example, reduce(lambda x, y: x+y, [1, 2, 3, 4, 5]) calculates\n((((1+2)+3)+4)+5).  If initial is present, it is placed before the items\nof the iterable in the calculation, and serves as a default when the\niterable is empty.".as_ptr(),
        ..clinic::method(c"reduce", functools_reduce, METH_VARARGS)
    },
    varargs_kw(
        c"cmp_to_key",
        functools_cmp_to_key,
        c"Convert a cmp= function into a key= function.",
    ),
    clinic::METHOD_END,
]);

/// The Python-level functions of `functools`, made with `__module__`
/// "functools".
static PY_FUNCTIONS: StaticObject<[PyMethodDef; 5]> = StaticObject::new([
    varargs_kw(
        c"update_wrapper",
        functools_update_wrapper,
        c"Update a wrapper function to look like the wrapped function\n\n       wrapper is the function to be updated\n       wrapped is the original function\n       assigned is a tuple naming the attributes assigned directly\n       from the wrapped function to the wrapper function (defaults to\n       functools.WRAPPER_ASSIGNMENTS)\n       updated is a tuple naming the attributes of the wrapper that\n       are updated with the corresponding attribute from the wrapped\n       function (defaults to functools.WRAPPER_UPDATES)\n    ",
    ),
    varargs_kw(
        c"wraps",
        functools_wraps,
        c"Decorator factory to apply update_wrapper() to a wrapper function\n\n       Returns a decorator that invokes update_wrapper() with the decorated\n       function as the wrapper argument and the arguments to wraps() as the\n       remaining arguments. Default arguments are as for update_wrapper().\n       This is a convenience function to simplify applying partial() to\n       update_wrapper().\n    ",
    ),
    varargs_kw(
        c"total_ordering",
        functools_total_ordering,
        c"Class decorator that fills in missing ordering methods",
    ),
    varargs_kw(
        c"lru_cache",
        functools_lru_cache,
        c"Least-recently-used cache decorator.\n\n    If *maxsize* is set to None, the LRU features are disabled and the cache\n    can grow without bound.\n\n    If *typed* is True, arguments of different types will be cached separately.\n    For example, f(3.0) and f(3) will be treated as distinct calls with\n    distinct results.\n\n    Arguments to the cached function must be hashable.\n\n    View the cache statistics named tuple (hits, misses, maxsize, currsize)\n    with f.cache_info().  Clear the cache and statistics with f.cache_clear().\n    Access the underlying function with f.__wrapped__.\n\n    See:  https://en.wikipedia.org/wiki/Cache_replacement_policies#Least_recently_used_(LRU)\n\n    ",
    ),
    varargs_kw(
        c"cache",
        functools_cache,
        c"Simple lightweight unbounded cache.  Sometimes called \"memoize\".",
    ),
]);

const MODULE_DOC: &CStr = c"Tools that operate on functions.";

/// Makes the `_functools` module (a new reference), or NULL with the
/// error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: static types readied before use; NUL-terminated names; the
    // static tables outlive the module.
    unsafe {
        let Some(modname) = cstr(c"functools") else {
            return ptr::null_mut();
        };
        for ty in [&PARTIAL_TYPE, &KEY_TYPE, &LINK_TYPE, &LRU_TYPE] {
            if PyType_Ready(ty.get()) < 0 {
                return ptr::null_mut();
            }
            // CPython 3.11 makes these as heap types, whose dict holds
            // `__module__`, so instances have the attribute too (which
            // `update_wrapper` copies).
            let d = (*ty.get()).tp_dict;
            if PyDict_SetItemString(d, c"__module__".as_ptr(), modname.as_ptr()) < 0 {
                return ptr::null_mut();
            }
        }
        let Some(m) = Owned::new(PyModule_New(c"_functools".as_ptr())) else {
            return ptr::null_mut();
        };
        if PyModule_SetDocString(m.as_ptr(), MODULE_DOC.as_ptr()) < 0
            || PyModule_AddFunctions(m.as_ptr(), METHODS.get().cast()) < 0
        {
            return ptr::null_mut();
        }
        for (name, ty) in [
            (c"partial", &PARTIAL_TYPE),
            (c"_lru_cache_wrapper", &LRU_TYPE),
        ] {
            if PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), ty.get().cast()) < 0 {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}

/// `functools.__all__`: `Lib/functools.py`'s, without the names not
/// provided (see the module doc).
const ALL: [&CStr; 10] = [
    c"update_wrapper",
    c"wraps",
    c"WRAPPER_ASSIGNMENTS",
    c"WRAPPER_UPDATES",
    c"total_ordering",
    c"cache",
    c"cmp_to_key",
    c"lru_cache",
    c"reduce",
    c"partial",
];

/// Makes the `functools` module over the live `_functools` module `base`
/// (a new reference), or NULL with the error: its C parts are
/// `_functools`' own objects, as `Lib/functools.py` imports them.
///
/// # Safety
/// `base` the live `_functools` module.
pub(crate) unsafe fn functools_module(base: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract; NUL-terminated names; static tables.
    unsafe {
        let Some(m) = Owned::new(PyModule_New(c"functools".as_ptr())) else {
            return ptr::null_mut();
        };
        if PyModule_SetDocString(
            m.as_ptr(),
            c"functools.py - Tools for working with functions and callable objects\n".as_ptr(),
        ) < 0
        {
            return ptr::null_mut();
        }
        let Some(all) = Owned::new(PyList_New(ALL.len() as Py_ssize_t)) else {
            return ptr::null_mut();
        };
        for (i, name) in ALL.iter().enumerate() {
            let Some(s) = cstr(name) else {
                return ptr::null_mut();
            };
            PyList_SetItem(all.as_ptr(), i as Py_ssize_t, s.into_raw());
        }
        let (assigned, updated, info) =
            (wrapper_assignments(), wrapper_updates(), cache_info_type());
        if assigned.is_null() || updated.is_null() || info.is_null() {
            return ptr::null_mut();
        }
        for (name, v) in [
            (c"__all__", all.as_ptr()),
            (c"WRAPPER_ASSIGNMENTS", assigned),
            (c"WRAPPER_UPDATES", updated),
            (c"_CacheInfo", info),
        ] {
            if PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), v) < 0 {
                return ptr::null_mut();
            }
        }
        for name in [c"reduce", c"cmp_to_key", c"partial", c"_lru_cache_wrapper"] {
            let Some(obj) = Owned::new(PyObject_GetAttrString(base, name.as_ptr())) else {
                return ptr::null_mut();
            };
            if PyModule_AddObjectRef(m.as_ptr(), name.as_ptr(), obj.as_ptr()) < 0 {
                return ptr::null_mut();
            }
        }
        let Some(modname) = cstr(c"functools") else {
            return ptr::null_mut();
        };
        let defs = PY_FUNCTIONS.get().cast::<PyMethodDef>();
        for i in 0..5 {
            let def = defs.add(i);
            let f = if i == 0 {
                UPDATE_WRAPPER
                    .get_or_make(|| PyCFunction_NewEx(def, ptr::null_mut(), modname.as_ptr()))
            } else {
                let Some(f) = Owned::new(PyCFunction_NewEx(def, ptr::null_mut(), modname.as_ptr()))
                else {
                    return ptr::null_mut();
                };
                if PyModule_AddObjectRef(m.as_ptr(), (*def).ml_name, f.as_ptr()) < 0 {
                    return ptr::null_mut();
                }
                continue;
            };
            if f.is_null() || PyModule_AddObjectRef(m.as_ptr(), (*def).ml_name, f) < 0 {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}
