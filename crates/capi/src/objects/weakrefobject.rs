//! Weak references (CPython's `Objects/weakrefobject.c`): the
//! `weakref.ReferenceType`, `weakref.ProxyType` and
//! `weakref.CallableProxyType` types, `PyWeakref_NewRef`,
//! `PyWeakref_NewProxy`, `PyWeakref_GetObject` and
//! `PyObject_ClearWeakRefs`.
//!
//! An object whose type has a positive `tp_weaklistoffset` keeps, at that
//! offset, the head of a doubly linked list of the weak references to it,
//! laid out as CPython's `PyWeakReference` (C code reads `wr_object`
//! through `PyWeakref_GET_OBJECT`). The list keeps CPython's order: the
//! shared callback-less reference first, then the shared callback-less
//! proxy, then every other reference in creation order. A reference holds
//! its referent without owning it; the referent's dealloc calls
//! `PyObject_ClearWeakRefs`, which points every reference at `None` and
//! calls the callbacks, each with its reference (an exception a callback
//! raises is reported as unraisable).

use std::ffi::{c_int, c_void};
use std::mem::size_of;
use std::ptr;

use crate::ffi::*;
use crate::objects::r#abstract::{
    PyIter_Check, PyIter_Next, PyObject_DelItem, PyObject_GetItem, PyObject_GetIter,
    PyObject_SetItem, PyObject_Size, PySequence_Contains,
};
use crate::objects::boolobject::bool_from_bool;
use crate::objects::call::PyVectorcall_NARGS;
use crate::objects::exceptions::Exc;
use crate::objects::gcmodule::{_PyObject_GC_New, PyObject_GC_Del, gc_track, gc_untrack};
use crate::objects::object::{
    _PyObject_LookupAttr, Owned, Py_DecRef, Py_IncRef, PyCallable_Check, PyObject_GetAttr,
    PyObject_Hash, PyObject_IsTrue, PyObject_RichCompare, PyObject_SetAttr, PyObject_Str, is_str,
    none, not_implemented, py_none, text_of, tp_name, type_of,
};
use crate::objects::typeobject::{PyType_GenericAlloc, is_subtype, static_type};
use crate::objects::unicodeobject::unicode_from_str;
use crate::python::errors;

/// CPython 3.11's `PyWeakReference`.
#[repr(C)]
pub struct PyWeakReference {
    /// Object header.
    pub ob_base: PyObject,
    /// The referent (not owned), or `None` once it has died.
    pub wr_object: *mut PyObject,
    /// The callback (owned), or NULL.
    pub wr_callback: *mut PyObject,
    /// The referent's hash, or -1 until asked.
    pub hash: Py_hash_t,
    /// The previous reference in the referent's list.
    pub wr_prev: *mut PyWeakReference,
    /// The next reference in the referent's list.
    pub wr_next: *mut PyWeakReference,
    /// How the reference is called (`ref()`).
    pub vectorcall: Option<vectorcallfunc>,
}

/// `_PyWeakref_RefType`: `weakref.ReferenceType` (`weakref.ref`).
#[unsafe(no_mangle)]
pub static _PyWeakref_RefType: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = static_type(
        c"weakref.ReferenceType",
        size_of::<PyWeakReference>(),
        Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_VECTORCALL,
        weakref_dealloc,
    );
    ty.tp_vectorcall_offset = std::mem::offset_of!(PyWeakReference, vectorcall) as Py_ssize_t;
    ty.tp_call = Some(crate::objects::call::PyVectorcall_Call);
    ty.tp_repr = Some(weakref_repr);
    ty.tp_hash = Some(weakref_hash);
    ty.tp_traverse = Some(weakref_traverse);
    ty.tp_clear = Some(weakref_clear);
    ty.tp_richcompare = Some(weakref_richcompare);
    ty.tp_members = WEAKREF_MEMBERS.get().cast();
    ty.tp_init = Some(weakref_init);
    ty.tp_new = Some(weakref_new);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

static WEAKREF_MEMBERS: StaticObject<[PyMemberDef; 2]> = StaticObject::new([
    PyMemberDef {
        name: c"__callback__".as_ptr(),
        type_code: T_OBJECT,
        offset: std::mem::offset_of!(PyWeakReference, wr_callback) as Py_ssize_t,
        flags: READONLY,
        doc: ptr::null(),
    },
    PyMemberDef {
        name: ptr::null(),
        type_code: 0,
        offset: 0,
        flags: 0,
        doc: ptr::null(),
    },
]);

/// The part of the two proxy types they share.
const fn proxy_type(name: &'static std::ffi::CStr) -> PyTypeObject {
    let mut ty = static_type(
        name,
        size_of::<PyWeakReference>(),
        Py_TPFLAGS_HAVE_GC,
        weakref_dealloc,
    );
    ty.tp_repr = Some(proxy_repr);
    ty.tp_str = Some(proxy_str);
    ty.tp_getattro = Some(proxy_getattro);
    ty.tp_setattro = Some(proxy_setattro);
    ty.tp_traverse = Some(weakref_traverse);
    ty.tp_clear = Some(weakref_clear);
    ty.tp_richcompare = Some(proxy_richcompare);
    ty.tp_iter = Some(proxy_iter);
    ty.tp_iternext = Some(proxy_iternext);
    ty.tp_as_number = &raw const PROXY_AS_NUMBER as *mut PyNumberMethods;
    ty.tp_as_sequence = &raw const PROXY_AS_SEQUENCE as *mut PySequenceMethods;
    ty.tp_as_mapping = &raw const PROXY_AS_MAPPING as *mut PyMappingMethods;
    ty.tp_free = Some(PyObject_GC_Del);
    ty
}

/// `_PyWeakref_ProxyType`: `weakref.ProxyType`.
#[unsafe(no_mangle)]
pub static _PyWeakref_ProxyType: StaticObject<PyTypeObject> =
    StaticObject::new(proxy_type(c"weakref.ProxyType"));

/// `_PyWeakref_CallableProxyType`: `weakref.CallableProxyType`, the proxy
/// of a callable object.
#[unsafe(no_mangle)]
pub static _PyWeakref_CallableProxyType: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = proxy_type(c"weakref.CallableProxyType");
    ty.tp_call = Some(proxy_call);
    ty
});

// ==========================================================================
// The referent's list
// ==========================================================================

/// Whether objects of `ty` can be weakly referenced
/// (`_PyType_SUPPORTS_WEAKREFS`).
///
/// # Safety
/// `ty` must be a live type.
unsafe fn supports_weakrefs(ty: *mut PyTypeObject) -> bool {
    // SAFETY: per the contract.
    unsafe { (*ty).tp_weaklistoffset > 0 }
}

/// The head of `obj`'s list (`_PyObject_GET_WEAKREFS_LISTPTR`).
///
/// # Safety
/// `obj` must be a live object whose type supports weak references.
unsafe fn list_ptr(obj: *mut PyObject) -> *mut *mut PyWeakReference {
    // SAFETY: the type reserves a pointer at this offset.
    unsafe {
        obj.cast::<u8>()
            .offset((*type_of(obj)).tp_weaklistoffset)
            .cast()
    }
}

/// `PyType_SUPPORTS_WEAKREFS(type)`: 1 when instances of `type` can be
/// weakly referenced (its `tp_weaklistoffset` is positive), else 0.
///
/// # Safety
/// `ty` must be a live type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_SUPPORTS_WEAKREFS(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract.
    c_int::from(unsafe { supports_weakrefs(ty) })
}

/// `PyObject_GET_WEAKREFS_LISTPTR(op)`: the address of the head of `op`'s
/// weak-reference list, at its type's `tp_weaklistoffset`. As in CPython,
/// meaningful only when the type supports weak references (checked with
/// `PyType_SUPPORTS_WEAKREFS`); for another type it is `op` itself
/// (offset 0).
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GET_WEAKREFS_LISTPTR(op: *mut PyObject) -> *mut *mut PyObject {
    // SAFETY: a live object; the offset stays inside it (0, or the slot
    // its type reserves).
    unsafe {
        op.cast::<u8>()
            .offset((*type_of(op)).tp_weaklistoffset.max(0))
            .cast()
    }
}

/// Whether `op` is a reference (of the exact ref type, or a subtype).
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_ref(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { is_subtype(type_of(op), _PyWeakref_RefType.get()) }
}

/// Whether `op` is a proxy.
///
/// # Safety
/// `op` must be a live object.
unsafe fn is_proxy(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    let t = unsafe { type_of(op) };
    t == _PyWeakref_ProxyType.get() || t == _PyWeakref_CallableProxyType.get()
}

/// Whether `op` is any weak reference (`PyWeakref_Check`).
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_weakref(op: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe { is_ref(op) || is_proxy(op) }
}

/// The referent, or None once it has died (`PyWeakref_GET_OBJECT`
/// without `None`).
///
/// # Safety
/// `r` must be a live weak reference.
unsafe fn referent(r: *mut PyWeakReference) -> Option<*mut PyObject> {
    // SAFETY: per the contract; a referent stays readable until its
    // dealloc clears this reference.
    unsafe {
        let obj = (*r).wr_object;
        (obj != py_none() && (*obj).ob_refcnt > 0).then_some(obj)
    }
}

/// The shared callback-less reference and proxy at the head of a list
/// (CPython's `get_basic_refs`).
///
/// # Safety
/// `head` must be NULL or a live list.
unsafe fn basic_refs(
    mut head: *mut PyWeakReference,
) -> (*mut PyWeakReference, *mut PyWeakReference) {
    let (mut r, mut p) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: per the contract.
    unsafe {
        if !head.is_null() && (*head).wr_callback.is_null() {
            if type_of(head.cast()) == _PyWeakref_RefType.get() {
                r = head;
                head = (*head).wr_next;
            }
            if !head.is_null() && (*head).wr_callback.is_null() && is_proxy(head.cast()) {
                p = head;
            }
        }
    }
    (r, p)
}

/// Links `new` after `prev`, or at the head when `prev` is NULL.
///
/// # Safety
/// `list` must be the referent's list, `prev` NULL or in it, `new`
/// unlinked.
unsafe fn insert(
    list: *mut *mut PyWeakReference,
    new: *mut PyWeakReference,
    prev: *mut PyWeakReference,
) {
    // SAFETY: per the contract.
    unsafe {
        let next = if prev.is_null() {
            *list
        } else {
            (*prev).wr_next
        };
        (*new).wr_prev = prev;
        (*new).wr_next = next;
        if !next.is_null() {
            (*next).wr_prev = new;
        }
        if prev.is_null() {
            *list = new;
        } else {
            (*prev).wr_next = new;
        }
    }
}

/// Unlinks `r` from its referent's list, points it at `None` and drops
/// its callback (CPython's `clear_weakref`).
///
/// # Safety
/// `r` must be a live weak reference.
unsafe fn clear_weakref(r: *mut PyWeakReference) {
    // SAFETY: per the contract; a referent still linked is readable.
    unsafe {
        let obj = (*r).wr_object;
        if !obj.is_null() && obj != py_none() {
            let list = list_ptr(obj);
            if *list == r {
                *list = (*r).wr_next;
            }
            (*r).wr_object = py_none();
            if !(*r).wr_prev.is_null() {
                (*(*r).wr_prev).wr_next = (*r).wr_next;
            }
            if !(*r).wr_next.is_null() {
                (*(*r).wr_next).wr_prev = (*r).wr_prev;
            }
            (*r).wr_prev = ptr::null_mut();
            (*r).wr_next = ptr::null_mut();
        }
        let callback = std::mem::replace(&mut (*r).wr_callback, ptr::null_mut());
        Py_DecRef(callback);
    }
}

/// Sets a new reference's fields (CPython's `init_weakref`).
///
/// # Safety
/// `r` must be a fresh weak reference; `obj` live; `callback` NULL or
/// live.
unsafe fn init_weakref(r: *mut PyWeakReference, obj: *mut PyObject, callback: *mut PyObject) {
    // SAFETY: per the contract.
    unsafe {
        (*r).hash = -1;
        (*r).wr_object = obj;
        (*r).wr_prev = ptr::null_mut();
        (*r).wr_next = ptr::null_mut();
        Py_IncRef(callback);
        (*r).wr_callback = callback;
        (*r).vectorcall = Some(weakref_vectorcall);
    }
}

/// A new tracked weak reference of `ty` (the ref type or a proxy type),
/// not yet linked.
///
/// # Safety
/// As [`init_weakref`]; `ty` one of this file's static types.
unsafe fn new_weakref(
    ty: *mut PyTypeObject,
    obj: *mut PyObject,
    callback: *mut PyObject,
) -> *mut PyWeakReference {
    // SAFETY: per the contract; the memory is the type's basic size.
    unsafe {
        let r = _PyObject_GC_New(ty).cast::<PyWeakReference>();
        if !r.is_null() {
            init_weakref(r, obj, callback);
            gc_track(r.cast());
        }
        r
    }
}

/// `TypeError("cannot create weak reference to 'T' object")` unless
/// `obj`'s type supports weak references.
///
/// # Safety
/// `obj` must be a live object.
unsafe fn check_supports(obj: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        if supports_weakrefs(type_of(obj)) {
            return true;
        }
        errors::raise(
            Exc::TypeError,
            format!(
                "cannot create weak reference to '{}' object",
                tp_name(type_of(obj), usize::MAX)
            ),
        );
        false
    }
}

// ==========================================================================
// C API
// ==========================================================================

/// The start every new weak reference or proxy shares: `ob` must support
/// them (else `TypeError`, None returned), and a None callback is none.
/// The referent's list head and the callback (NULL for none).
///
/// # Safety
/// `ob` must be live; `callback` NULL or live.
unsafe fn weak_start(
    ob: *mut PyObject,
    callback: *mut PyObject,
) -> Option<(*mut *mut PyWeakReference, *mut PyObject)> {
    // SAFETY: per the contract.
    unsafe {
        if !check_supports(ob) {
            return None;
        }
        let callback = if callback == py_none() {
            ptr::null_mut()
        } else {
            callback
        };
        Some((list_ptr(ob), callback))
    }
}

/// A new weak reference (`proxy` false) or proxy to `ob`, shared by
/// [`PyWeakref_NewRef`] and [`PyWeakref_NewProxy`] as CPython's
/// `PyWeakref_NewRef` / `PyWeakref_NewProxy` share one shape. Without a
/// callback (NULL or None) the referent's one basic reference or proxy is
/// reused. The list keeps the basic reference first and the basic proxy
/// next, so a new basic object goes in its own place and one with a
/// callback after both.
///
/// # Safety
/// `ob` must be NULL or live; `callback` NULL or live.
unsafe fn new_weak(ob: *mut PyObject, callback: *mut PyObject, proxy: bool) -> *mut PyObject {
    if ob.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: per the contract.
    unsafe {
        let Some((list, callback)) = weak_start(ob, callback) else {
            return ptr::null_mut();
        };
        let (r, p) = basic_refs(*list);
        let basic = if proxy { p } else { r };
        if callback.is_null() && !basic.is_null() {
            Py_IncRef(basic.cast());
            return basic.cast();
        }
        let ty = if !proxy {
            _PyWeakref_RefType.get()
        } else if PyCallable_Check(ob) != 0 {
            _PyWeakref_CallableProxyType.get()
        } else {
            _PyWeakref_ProxyType.get()
        };
        let new = new_weakref(ty, ob, callback);
        if new.is_null() {
            return ptr::null_mut();
        }
        let prev = match (callback.is_null(), proxy) {
            (true, false) => ptr::null_mut(),
            (true, true) => r,
            (false, _) if p.is_null() => r,
            (false, _) => p,
        };
        insert(list, new, prev);
        new.cast()
    }
}

/// `PyWeakref_NewRef(ob, callback)`: a weak reference to `ob`; `callback`
/// (NULL or None for none) is called with the reference when `ob` dies.
/// Without a callback, the one shared reference is returned.
///
/// Fails (NULL) with `TypeError("cannot create weak reference to 'T'
/// object")`, or `MemoryError`.
///
/// # Safety
/// `ob` must be NULL or live; `callback` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyWeakref_NewRef(
    ob: *mut PyObject,
    callback: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { new_weak(ob, callback, false) }
}

/// `PyWeakref_NewProxy(ob, callback)`: a proxy for `ob` (a callable proxy
/// when `ob` is callable); without a callback, the one shared proxy.
///
/// Fails (NULL) as [`PyWeakref_NewRef`].
///
/// # Safety
/// As [`PyWeakref_NewRef`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyWeakref_NewProxy(
    ob: *mut PyObject,
    callback: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe { new_weak(ob, callback, true) }
}

/// `PyWeakref_GetObject(ref)`: the referent (borrowed), or `None` once it
/// has died.
///
/// Fails (NULL) with `SystemError` for anything but a weak reference.
///
/// # Safety
/// `r` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyWeakref_GetObject(r: *mut PyObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if r.is_null() || !is_weakref(r) {
            errors::PyErr_BadInternalCall();
            return ptr::null_mut();
        }
        referent(r.cast()).unwrap_or_else(py_none)
    }
}

/// `_PyWeakref_GetWeakrefCount(head)`: the length of a referent's list.
///
/// # Safety
/// `head` must be NULL or the head of a live list.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyWeakref_GetWeakrefCount(mut head: *mut PyWeakReference) -> Py_ssize_t {
    let mut n = 0;
    // SAFETY: per the contract.
    unsafe {
        while !head.is_null() {
            n += 1;
            head = (*head).wr_next;
        }
    }
    n
}

/// `PyObject_ClearWeakRefs(object)`: from the dealloc of an object whose
/// type supports weak references (its count at 0): every reference to it
/// is cleared, then the callbacks are called, each with its reference, in
/// list order; what one raises is reported as unraisable. A pending error
/// is kept across the callbacks.
///
/// Fails with `SystemError` (nothing cleared) for NULL, an object whose
/// type has no `tp_weaklistoffset`, or one still referenced.
///
/// # Safety
/// `object` must be NULL or an object in its `tp_dealloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_ClearWeakRefs(object: *mut PyObject) {
    // SAFETY: per the contract; each reference is live while in the
    // list (its dealloc unlinks it), and the ones with callbacks are held
    // by the tuple while the callbacks run.
    unsafe {
        if object.is_null() || !supports_weakrefs(type_of(object)) || (*object).ob_refcnt != 0 {
            errors::PyErr_BadInternalCall();
            return;
        }
        let list = list_ptr(object);
        // The callback-less refs first: they need no call.
        for _ in 0..2 {
            if !(*list).is_null() && (*(*list)).wr_callback.is_null() {
                clear_weakref(*list);
            }
        }
        if (*list).is_null() {
            return;
        }
        let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        errors::PyErr_Fetch(&mut t, &mut v, &mut tb);
        let mut pending: Vec<(*mut PyObject, *mut PyObject)> = Vec::new();
        let mut current = *list;
        while !current.is_null() {
            let next = (*current).wr_next;
            let callback = std::mem::replace(&mut (*current).wr_callback, ptr::null_mut());
            if (*current).ob_base.ob_refcnt > 0 {
                Py_IncRef(current.cast());
                pending.push((current.cast(), callback));
            } else {
                Py_DecRef(callback);
            }
            clear_weakref(current);
            current = next;
        }
        for (r, callback) in pending {
            if !callback.is_null() {
                let res = crate::objects::call::PyObject_CallOneArg(callback, r);
                if res.is_null() {
                    errors::PyErr_WriteUnraisable(callback);
                } else {
                    Py_DecRef(res);
                }
                Py_DecRef(callback);
            }
            Py_DecRef(r);
        }
        errors::PyErr_Restore(t, v, tb);
    }
}

/// `PyObject_ClearWeakRefs(op)` when `op` has any weak reference: what
/// the deallocs of the built-in types that support them do first.
///
/// # Safety
/// `op` must be an object in its `tp_dealloc`, of a type that supports
/// weak references, its count at 0.
pub(crate) unsafe fn clear_weakrefs_of(op: *mut PyObject) {
    // SAFETY: per the contract.
    unsafe {
        if !(*list_ptr(op)).is_null() {
            PyObject_ClearWeakRefs(op);
        }
    }
}

// ==========================================================================
// weakref.ref
// ==========================================================================

unsafe extern "C" fn weakref_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced weak reference.
    unsafe {
        gc_untrack(op);
        clear_weakref(op.cast());
        match (*type_of(op)).tp_free {
            Some(free) => free(op.cast()),
            None => PyObject_GC_Del(op.cast()),
        }
    }
}

unsafe extern "C" fn weakref_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live weak reference; `visit` is the caller's visitor.
    unsafe {
        let callback = (*op.cast::<PyWeakReference>()).wr_callback;
        if callback.is_null() {
            0
        } else {
            visit(callback, arg)
        }
    }
}

unsafe extern "C" fn weakref_clear(op: *mut PyObject) -> c_int {
    // SAFETY: a live weak reference.
    unsafe { clear_weakref(op.cast()) };
    0
}

/// `ref()`: the referent, or None once it has died.
unsafe extern "C" fn weakref_vectorcall(
    op: *mut PyObject,
    _args: *const *mut PyObject,
    nargsf: usize,
    kwnames: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live weak reference; the name is a C literal.
    unsafe {
        if crate::python::getargs::_PyArg_NoKwnames(c"weakref".as_ptr(), kwnames) == 0
            || crate::python::getargs::_PyArg_CheckPositional(
                c"weakref".as_ptr(),
                PyVectorcall_NARGS(nargsf),
                0,
                0,
            ) == 0
        {
            return ptr::null_mut();
        }
        match referent(op.cast()) {
            Some(obj) => {
                Py_IncRef(obj);
                obj
            }
            None => none(),
        }
    }
}

/// The referent's hash, computed once; `TypeError("weak object has gone
/// away")` when it died before anyone asked.
unsafe extern "C" fn weakref_hash(op: *mut PyObject) -> Py_hash_t {
    let r = op.cast::<PyWeakReference>();
    // SAFETY: a live weak reference.
    unsafe {
        if (*r).hash != -1 {
            return (*r).hash;
        }
        let Some(obj) = referent(r) else {
            return errors::fail(Exc::TypeError, "weak object has gone away") as Py_hash_t;
        };
        let obj = Owned::borrowed(obj);
        (*r).hash = PyObject_Hash(obj.as_ptr());
        (*r).hash
    }
}

/// `<weakref at 0x…; to 'T' at 0x… (name)>`, or `<weakref at 0x…; dead>`.
unsafe extern "C" fn weakref_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live weak reference; the referent is held during lookup.
    unsafe {
        let Some(obj) = referent(op.cast()) else {
            return unicode_from_str(&format!("<weakref at {op:p}; dead>"));
        };
        let obj = Owned::borrowed(obj);
        let Some(key) = Owned::new(unicode_from_str("__name__")) else {
            return ptr::null_mut();
        };
        let mut name = ptr::null_mut();
        if _PyObject_LookupAttr(obj.as_ptr(), key.as_ptr(), &mut name) < 0 {
            return ptr::null_mut();
        }
        let name = Owned::new(name);
        let tname = tp_name(type_of(obj.as_ptr()), usize::MAX);
        let o = obj.as_ptr();
        match name {
            Some(n) if is_str(n.as_ptr()) => unicode_from_str(&format!(
                "<weakref at {op:p}; to '{tname}' at {o:p} ({})>",
                text_of(n.as_ptr())
            )),
            _ => unicode_from_str(&format!("<weakref at {op:p}; to '{tname}' at {o:p}>")),
        }
    }
}

/// `==` and `!=` only: the referents compared while both live, else
/// identity.
unsafe extern "C" fn weakref_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects; the referents are held while compared.
    unsafe {
        if (op != Py_EQ && op != Py_NE) || !is_weakref(a) || !is_weakref(b) {
            return not_implemented();
        }
        match (referent(a.cast()), referent(b.cast())) {
            (Some(x), Some(y)) => {
                let (x, y) = (Owned::borrowed(x), Owned::borrowed(y));
                PyObject_RichCompare(x.as_ptr(), y.as_ptr(), op)
            }
            _ => bool_from_bool((a == b) == (op == Py_EQ)),
        }
    }
}

/// `weakref.ref(ob[, callback])`: the shared reference when there is no
/// callback and the type is exactly `weakref.ref`, else a new one.
unsafe extern "C" fn weakref_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live type with a tuple of arguments.
    unsafe {
        let Some((ob, callback)) = unpack_args(args, "__new__") else {
            return ptr::null_mut();
        };
        let Some((list, callback)) = weak_start(ob, callback) else {
            return ptr::null_mut();
        };
        let exact = ty == _PyWeakref_RefType.get();
        let (r, _) = basic_refs(*list);
        if callback.is_null() && exact && !r.is_null() {
            Py_IncRef(r.cast());
            return r.cast();
        }
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        let new = alloc(ty, 0).cast::<PyWeakReference>();
        if new.is_null() {
            return ptr::null_mut();
        }
        init_weakref(new, ob, callback);
        let prev = if callback.is_null() && exact {
            ptr::null_mut()
        } else {
            let (r, p) = basic_refs(*list);
            if p.is_null() { r } else { p }
        };
        insert(list, new, prev);
        new.cast()
    }
}

/// `weakref.ref.__init__`: checks the arguments `__new__` used.
unsafe extern "C" fn weakref_init(
    _op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a tuple of arguments and NULL or a dict.
    unsafe {
        if crate::python::getargs::_PyArg_NoKeywords(c"ref".as_ptr(), kwds) == 0 {
            return -1;
        }
        if unpack_args(args, "__init__").is_none() {
            return -1;
        }
    }
    0
}

/// `PyArg_UnpackTuple(args, name, 1, 2, &ob, &callback)`: the object and
/// the callback (NULL when not given).
///
/// # Safety
/// `args` must be a live tuple.
unsafe fn unpack_args(args: *mut PyObject, name: &str) -> Option<(*mut PyObject, *mut PyObject)> {
    // SAFETY: per the contract.
    unsafe {
        let n = crate::objects::tupleobject::PyTuple_Size(args);
        let cname = std::ffi::CString::new(name).expect("no NUL");
        if crate::python::getargs::_PyArg_CheckPositional(cname.as_ptr(), n, 1, 2) == 0 {
            return None;
        }
        let ob = crate::objects::tupleobject::PyTuple_GetItem(args, 0);
        let callback = if n == 2 {
            crate::objects::tupleobject::PyTuple_GetItem(args, 1)
        } else {
            ptr::null_mut()
        };
        Some((ob, callback))
    }
}

// ==========================================================================
// Proxies
// ==========================================================================

/// The live referent of a proxy, held; `ReferenceError("weakly-referenced
/// object no longer exists")` once it died.
///
/// # Safety
/// `op` must be a live proxy.
unsafe fn proxy_target(op: *mut PyObject) -> Option<Owned> {
    // SAFETY: per the contract.
    match unsafe { referent(op.cast()) } {
        // SAFETY: a live referent.
        Some(obj) => Some(unsafe { Owned::borrowed(obj) }),
        None => {
            errors::raise(
                Exc::ReferenceError,
                "weakly-referenced object no longer exists",
            );
            None
        }
    }
}

/// `o` itself, or its referent when it is a proxy (CPython's `UNWRAP`).
///
/// # Safety
/// `o` must be a live object.
unsafe fn unwrap(o: *mut PyObject) -> Option<Owned> {
    // SAFETY: per the contract.
    unsafe {
        if is_proxy(o) {
            proxy_target(o)
        } else {
            Some(Owned::borrowed(o))
        }
    }
}

/// `<weakproxy at 0x… to T at 0x…>` (`NoneType` once dead, as CPython).
unsafe extern "C" fn proxy_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy.
    unsafe {
        let obj = referent(op.cast()).unwrap_or_else(py_none);
        unicode_from_str(&format!(
            "<weakproxy at {op:p} to {} at {obj:p}>",
            tp_name(type_of(obj), usize::MAX)
        ))
    }
}

/// Defines proxy slots that unwrap their operands and forward to the
/// abstract API.
macro_rules! proxy_unary {
    ($( $name:ident => $f:path; )*) => {
        $(
            unsafe extern "C" fn $name(op: *mut PyObject) -> *mut PyObject {
                // SAFETY: a live proxy; the referent is held.
                unsafe {
                    match proxy_target(op) {
                        Some(o) => $f(o.as_ptr()),
                        None => ptr::null_mut(),
                    }
                }
            }
        )*
    };
}

macro_rules! proxy_binary {
    ($( $name:ident => $f:path; )*) => {
        $(
            unsafe extern "C" fn $name(a: *mut PyObject, b: *mut PyObject) -> *mut PyObject {
                // SAFETY: live objects; the referents are held.
                unsafe {
                    let (Some(a), Some(b)) = (unwrap(a), unwrap(b)) else {
                        return ptr::null_mut();
                    };
                    $f(a.as_ptr(), b.as_ptr())
                }
            }
        )*
    };
}

use crate::objects::r#abstract as ab;

proxy_unary! {
    proxy_str => PyObject_Str;
    proxy_iter => PyObject_GetIter;
    proxy_neg => ab::PyNumber_Negative;
    proxy_pos => ab::PyNumber_Positive;
    proxy_abs => ab::PyNumber_Absolute;
    proxy_invert => ab::PyNumber_Invert;
    proxy_int => ab::PyNumber_Long;
    proxy_float => ab::PyNumber_Float;
    proxy_index => ab::PyNumber_Index;
}

proxy_binary! {
    proxy_add => ab::PyNumber_Add;
    proxy_sub => ab::PyNumber_Subtract;
    proxy_mul => ab::PyNumber_Multiply;
    proxy_mod => ab::PyNumber_Remainder;
    proxy_divmod => ab::PyNumber_Divmod;
    proxy_lshift => ab::PyNumber_Lshift;
    proxy_rshift => ab::PyNumber_Rshift;
    proxy_and => ab::PyNumber_And;
    proxy_xor => ab::PyNumber_Xor;
    proxy_or => ab::PyNumber_Or;
    proxy_floor_div => ab::PyNumber_FloorDivide;
    proxy_true_div => ab::PyNumber_TrueDivide;
    proxy_getattro => PyObject_GetAttr;
    proxy_getitem => PyObject_GetItem;
}

unsafe extern "C" fn proxy_pow(
    a: *mut PyObject,
    b: *mut PyObject,
    c: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: live objects; the referents are held.
    unsafe {
        let (Some(a), Some(b), Some(c)) = (unwrap(a), unwrap(b), unwrap(c)) else {
            return ptr::null_mut();
        };
        ab::PyNumber_Power(a.as_ptr(), b.as_ptr(), c.as_ptr())
    }
}

unsafe extern "C" fn proxy_bool(op: *mut PyObject) -> c_int {
    // SAFETY: a live proxy; the referent is held.
    unsafe {
        match proxy_target(op) {
            Some(o) => PyObject_IsTrue(o.as_ptr()),
            None => -1,
        }
    }
}

unsafe extern "C" fn proxy_len(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: a live proxy; the referent is held.
    unsafe {
        match proxy_target(op) {
            Some(o) => PyObject_Size(o.as_ptr()),
            None => -1,
        }
    }
}

unsafe extern "C" fn proxy_contains(op: *mut PyObject, value: *mut PyObject) -> c_int {
    // SAFETY: a live proxy; the referent is held.
    unsafe {
        match proxy_target(op) {
            Some(o) => PySequence_Contains(o.as_ptr(), value),
            None => -1,
        }
    }
}

unsafe extern "C" fn proxy_setitem(
    op: *mut PyObject,
    key: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: a live proxy; the referent is held.
    unsafe {
        let Some(o) = proxy_target(op) else {
            return -1;
        };
        if value.is_null() {
            PyObject_DelItem(o.as_ptr(), key)
        } else {
            PyObject_SetItem(o.as_ptr(), key, value)
        }
    }
}

unsafe extern "C" fn proxy_setattro(
    op: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    // SAFETY: a live proxy; the referent is held.
    unsafe {
        match proxy_target(op) {
            Some(o) => PyObject_SetAttr(o.as_ptr(), name, value),
            None => -1,
        }
    }
}

unsafe extern "C" fn proxy_richcompare(
    a: *mut PyObject,
    b: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    // SAFETY: live objects; the referents are held.
    unsafe {
        let (Some(a), Some(b)) = (unwrap(a), unwrap(b)) else {
            return ptr::null_mut();
        };
        PyObject_RichCompare(a.as_ptr(), b.as_ptr(), op)
    }
}

/// `next(proxy)`: `TypeError("Weakref proxy referenced a non-iterator 'T'
/// object")` unless the referent is an iterator.
unsafe extern "C" fn proxy_iternext(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live proxy; the referent is held.
    unsafe {
        let Some(o) = proxy_target(op) else {
            return ptr::null_mut();
        };
        if PyIter_Check(o.as_ptr()) == 0 {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "Weakref proxy referenced a non-iterator '{}' object",
                    tp_name(type_of(o.as_ptr()), 200)
                ),
            );
        }
        PyIter_Next(o.as_ptr())
    }
}

unsafe extern "C" fn proxy_call(
    op: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: a live proxy; the referent is held.
    unsafe {
        match proxy_target(op) {
            Some(o) => crate::objects::call::PyObject_Call(o.as_ptr(), args, kwds),
            None => ptr::null_mut(),
        }
    }
}

static PROXY_AS_NUMBER: PyNumberMethods = PyNumberMethods {
    nb_add: Some(proxy_add),
    nb_subtract: Some(proxy_sub),
    nb_multiply: Some(proxy_mul),
    nb_remainder: Some(proxy_mod),
    nb_divmod: Some(proxy_divmod),
    nb_power: Some(proxy_pow),
    nb_negative: Some(proxy_neg),
    nb_positive: Some(proxy_pos),
    nb_absolute: Some(proxy_abs),
    nb_bool: Some(proxy_bool),
    nb_invert: Some(proxy_invert),
    nb_lshift: Some(proxy_lshift),
    nb_rshift: Some(proxy_rshift),
    nb_and: Some(proxy_and),
    nb_xor: Some(proxy_xor),
    nb_or: Some(proxy_or),
    nb_int: Some(proxy_int),
    nb_float: Some(proxy_float),
    nb_floor_divide: Some(proxy_floor_div),
    nb_true_divide: Some(proxy_true_div),
    nb_index: Some(proxy_index),
    ..PyNumberMethods::empty()
};

static PROXY_AS_SEQUENCE: PySequenceMethods = PySequenceMethods {
    sq_contains: Some(proxy_contains),
    ..PySequenceMethods::empty()
};

static PROXY_AS_MAPPING: PyMappingMethods = PyMappingMethods {
    mp_length: Some(proxy_len),
    mp_subscript: Some(proxy_getitem),
    mp_ass_subscript: Some(proxy_setitem),
};
