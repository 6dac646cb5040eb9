//! Type objects (CPython's `Objects/typeobject.c`): `type` and `object`,
//! `PyType_Ready` for static C types, heap types made by
//! `PyType_FromSpec` and friends, attribute lookup along the method
//! resolution order, and calling a type (`tp_new`, then `tp_init`).
//!
//! Types are either static (the built-in types and C extensions' static
//! `PyTypeObject`s, never freed) or heap types made by `PyType_FromSpec`,
//! which follow CPython 3.8+'s rules: every instance holds a reference to
//! its type, and the type holds its base, its dict and its module.
//!
//! Design notes:
//!
//! 1. **Readying is lazy and locked.** The built-in static types are not
//!    ready at load time (there is no interpreter start-up to ready them);
//!    the generic entry points (`PyObject_GetAttr`, `PyObject_Hash`, …)
//!    ready a type the first time they meet it (`ensure_ready`), as
//!    CPython does for types nobody readied. `PyType_Ready` runs under one
//!    process-wide reentrant lock, and publishes `Py_TPFLAGS_READY` last
//!    with release ordering, so a type is never seen half-ready.
//! 2. **Multiple inheritance, as CPython.** `tp_bases` holds the bases;
//!    `tp_base` is the "best" one, whose instance layout the type extends
//!    (`best_base`: the bases' solid bases must form a chain, or "multiple
//!    bases have instance lay-out conflict"). `tp_mro` is the C3
//!    linearisation of the bases (`mro_implementation`), computed once
//!    when the type is readied (there is no `__bases__` assignment nor
//!    custom `mro()` of a metaclass, so it never changes). Slots are
//!    inherited from each type of the MRO in turn, first found wins;
//!    attribute lookup (`_PyType_Lookup`) and `PyType_IsSubtype` walk the
//!    MRO, or the `tp_base` chain while a type has none yet.
//! 3. **Slot wrappers.** As in CPython, every C slot a type defines
//!    itself shows in its dict as a `wrapper_descriptor` (`__init__`,
//!    `__repr__`, `__len__`, `__add__` …; the table is in [`slots`]),
//!    next to its methods, members, getsets, `__doc__`, `__module__`, and
//!    `__hash__ = None` for unhashable types.
//! 4. **Cycles.** A heap type refers to itself through its dict's
//!    descriptors and its `tp_mro`, so without a cycle collector it lives
//!    until [`type_clear`] breaks those references (the module teardown in
//!    [`crate::objects::moduleobject`] does so for the types of a module).

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_int, c_ulong, c_void};
use std::mem::{offset_of, size_of};
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread::{self, ThreadId};

use crate::ffi::*;
use crate::objects::descrobject::{
    PyDescr_NewClassMethod, PyDescr_NewGetSet, PyDescr_NewMember, PyDescr_NewMethod,
    PyMemberDescr_Type,
};
use crate::objects::dictobject::{
    PyDict_Clear, PyDict_Contains, PyDict_DelItem, PyDict_GetItemWithError, PyDict_New,
    PyDict_SetDefault, PyDict_SetItem,
};
use crate::objects::exceptions::Exc;
use crate::objects::funcobject::PyStaticMethod_New;
use crate::objects::gcmodule::{PyObject_GC_Del, gc_track, gc_untrack};
use crate::objects::methodobject::PyCFunction_NewEx;
use crate::objects::moduleobject::{module_def_of, module_state_of};
use crate::objects::object::{
    Owned, Py_DecRef, Py_IncRef, PyObject_GenericGetAttr, PyObject_GenericSetAttr,
    PyObject_HashNotImplemented, PyObject_Init, c_text, generic_setattr_with_dict, hash_pointer,
    instance_size, is_heap_type, is_str, is_type, none, py_none, text_of, tp_name, type_of,
};
use crate::objects::obmalloc::{PyMem_Free, PyMem_Malloc, PyObject_Calloc, PyObject_Free};
use crate::objects::tupleobject::{PyTuple_GetItem, PyTuple_Size, is_tuple, tuple_from_slice};
use crate::objects::unicodeobject::{PyUnicode_FromStringAndSize, unicode_from_str};
use crate::python::errors;

mod dispatch;
mod object_methods;
pub use object_methods::_PyObject_GetState;
mod slots;

pub(crate) use slots::add_slot_wrappers;

// ==========================================================================
// Readying: the lock and the flag
// ==========================================================================

/// The atomic twin of `tp_flags`, an `unsigned long`: 64 bits on LP64
/// targets, 32 on Windows (LLP64) and on 32-bit targets.
#[cfg(all(target_pointer_width = "64", not(windows)))]
type AtomicFlags = std::sync::atomic::AtomicU64;
/// The atomic twin of `tp_flags`, an `unsigned long`: 64 bits on LP64
/// targets, 32 on Windows (LLP64) and on 32-bit targets.
#[cfg(any(target_pointer_width = "32", windows))]
type AtomicFlags = std::sync::atomic::AtomicU32;
const _: () = assert!(size_of::<c_ulong>() == size_of::<AtomicFlags>());
const _: () = assert!(align_of::<c_ulong>() == align_of::<AtomicFlags>());

/// `tp_flags` of `ty`, read atomically (other threads may be readying it).
///
/// # Safety
/// `ty` must be a live type object.
unsafe fn flags_of(ty: *mut PyTypeObject) -> c_ulong {
    // SAFETY: `tp_flags` is an aligned `c_ulong` of a live type, and
    // `AtomicFlags` has its size and alignment (checked above).
    unsafe { AtomicFlags::from_ptr((&raw mut (*ty).tp_flags).cast()) }.load(Ordering::Acquire)
}

/// One process-wide lock around `PyType_Ready`, reentrant because readying
/// a type readies its base first.
struct ReadyLock {
    owner: Mutex<(Option<ThreadId>, usize)>,
    released: Condvar,
}

static READY_LOCK: ReadyLock = ReadyLock {
    owner: Mutex::new((None, 0)),
    released: Condvar::new(),
};

/// Holds [`READY_LOCK`] until dropped.
struct ReadyGuard;

impl ReadyLock {
    fn lock(&'static self) -> ReadyGuard {
        let me = thread::current().id();
        let mut state = self.owner.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            match state.0 {
                None => {
                    *state = (Some(me), 1);
                    break;
                }
                Some(owner) if owner == me => {
                    state.1 += 1;
                    break;
                }
                Some(_) => {
                    state = self.released.wait(state).unwrap_or_else(|e| e.into_inner());
                }
            }
        }
        ReadyGuard
    }
}

impl ReadyLock {
    /// Whether the calling thread is inside `PyType_Ready` (so a type
    /// marked `Py_TPFLAGS_READYING` is being readied by this thread).
    fn held_by_current_thread(&self) -> bool {
        let state = self.owner.lock().unwrap_or_else(|e| e.into_inner());
        state.0 == Some(thread::current().id())
    }
}

impl Drop for ReadyGuard {
    fn drop(&mut self) {
        let mut state = READY_LOCK.owner.lock().unwrap_or_else(|e| e.into_inner());
        state.1 -= 1;
        if state.1 == 0 {
            state.0 = None;
            READY_LOCK.released.notify_one();
        }
    }
}

/// Readies `ty` if nobody has yet (see the design notes); false (with the
/// error set) when that fails.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn ensure_ready(ty: *mut PyTypeObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { flags_of(ty) & Py_TPFLAGS_READY != 0 || PyType_Ready(ty) == 0 }
}

// ==========================================================================
// `object`
// ==========================================================================

/// Whether the call arguments are non-empty (CPython's `excess_args`).
///
/// # Safety
/// `args` must be NULL or a live tuple, `kwds` NULL or a live dict.
unsafe fn excess_args(args: *mut PyObject, kwds: *mut PyObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        (!args.is_null() && PyTuple_Size(args) > 0)
            || (!kwds.is_null() && crate::objects::dictobject::PyDict_Size(kwds) > 0)
    }
}

/// `object.__init__`: accepts no arguments, unless `__new__` was overridden
/// (CPython's rules, so a type overriding only one of them may take
/// arguments in the other).
unsafe extern "C" fn object_init(
    slf: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: called as `tp_init` with a live instance and the call's
    // arguments.
    unsafe {
        let ty = type_of(slf);
        if excess_args(args, kwds) {
            if (*ty).tp_init.map(|f| f as usize) != Some(object_init as *const () as usize) {
                return errors::fail(
                    Exc::TypeError,
                    "object.__init__() takes exactly one argument (the instance to initialize)",
                );
            }
            if (*ty).tp_new.map(|f| f as usize) == Some(object_new as *const () as usize) {
                return errors::fail(
                    Exc::TypeError,
                    format!(
                        "{}.__init__() takes exactly one argument (the instance to initialize)",
                        tp_name(ty, 200)
                    ),
                );
            }
        }
    }
    0
}

/// `object.__new__`: allocates with `tp_alloc`; refuses arguments unless
/// `__init__` was overridden.
unsafe extern "C" fn object_new(
    ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: called as `tp_new` with a live type and the call's arguments.
    unsafe {
        if excess_args(args, kwds) {
            if (*ty).tp_new.map(|f| f as usize) != Some(object_new as *const () as usize) {
                return errors::fail_null(
                    Exc::TypeError,
                    "object.__new__() takes exactly one argument (the type to instantiate)",
                );
            }
            if (*ty).tp_init.map(|f| f as usize) == Some(object_init as *const () as usize) {
                return errors::fail_null(
                    Exc::TypeError,
                    format!("{}() takes no arguments", tp_name(ty, 200)),
                );
            }
        }
        if (*ty).tp_flags & Py_TPFLAGS_IS_ABSTRACT != 0 {
            return abstract_instantiation_error(ty);
        }
        let alloc = (*ty).tp_alloc.unwrap_or(PyType_GenericAlloc);
        alloc(ty, 0)
    }
}

/// Raises `object.__new__`'s error for a class with abstract methods:
/// `TypeError("Can't instantiate abstract class X with abstract method
/// f")` (`methods f, g`, sorted), and returns NULL.
///
/// # Safety
/// `ty` must be a live type.
unsafe fn abstract_instantiation_error(ty: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: per the contract; every object made is owned here.
    unsafe {
        let Some(methods) = Owned::new(type_get_abstractmethods(ty.cast(), ptr::null_mut())) else {
            return ptr::null_mut();
        };
        let Some(sorted) = Owned::new(crate::objects::r#abstract::PySequence_List(
            methods.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        if crate::objects::listobject::PyList_Sort(sorted.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        let Some(sep) = Owned::new(unicode_from_str(", ")) else {
            return ptr::null_mut();
        };
        let Some(joined) = Owned::new(crate::objects::unicodeobject::PyUnicode_Join(
            sep.as_ptr(),
            sorted.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let count = crate::objects::r#abstract::PyObject_Size(sorted.as_ptr());
        if count < 0 {
            return ptr::null_mut();
        }
        errors::fail_null(
            Exc::TypeError,
            format!(
                "Can't instantiate abstract class {} with abstract method{} {}",
                tp_name(ty, usize::MAX),
                if count > 1 { "s" } else { "" },
                text_of(joined.as_ptr())
            ),
        )
    }
}

/// `object`'s dealloc: `tp_free(self)`.
unsafe extern "C" fn object_dealloc(op: *mut PyObject) {
    // SAFETY: an unreferenced instance; its type's allocator made it.
    unsafe {
        let free = (*type_of(op)).tp_free.unwrap_or(PyObject_Free);
        free(op.cast());
    }
}

/// `object.__repr__`: `<module.Qualname object at 0x…>`, or `<tp_name
/// object at 0x…>` for built-in types.
pub(crate) unsafe extern "C" fn object_repr(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live object.
    unsafe {
        let ty = type_of(op);
        match qualified_name(ty) {
            Some(name) => unicode_from_str(&format!("<{name} object at {op:p}>")),
            None => ptr::null_mut(),
        }
    }
}

/// `object.__str__`: `repr(self)`.
pub(crate) unsafe extern "C" fn object_str(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: a live object; `PyObject_Repr` does the dispatch.
    unsafe { crate::objects::object::PyObject_Repr(op) }
}

/// `object.__hash__`: the identity hash.
unsafe extern "C" fn object_hash(op: *mut PyObject) -> Py_hash_t {
    hash_pointer(op.cast())
}

/// `object`'s comparisons: `==` is identity, `!=` inverts the type's own
/// `==`, the orderings are not implemented.
unsafe extern "C" fn object_richcompare(
    slf: *mut PyObject,
    other: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    use crate::objects::boolobject::bool_from_bool;
    use crate::objects::object::not_implemented;
    match op {
        Py_EQ => {
            if slf == other {
                bool_from_bool(true)
            } else {
                not_implemented()
            }
        }
        Py_NE => {
            // SAFETY: live objects; the type's own `tp_richcompare`.
            let eq = unsafe { (*type_of(slf)).tp_richcompare };
            let Some(eq) = eq else {
                return not_implemented();
            };
            // SAFETY: as above.
            let res = unsafe { eq(slf, other, Py_EQ) };
            if res.is_null() || res == crate::objects::object::py_not_implemented() {
                return res;
            }
            let res = Owned::new(res).expect("checked above");
            // SAFETY: a live result.
            match unsafe { crate::objects::object::PyObject_IsTrue(res.as_ptr()) } {
                r if r < 0 => ptr::null_mut(),
                r => bool_from_bool(r == 0),
            }
        }
        _ => not_implemented(),
    }
}

/// `object.__class__`.
unsafe extern "C" fn object_get_class(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live object; its type is live.
    unsafe {
        let ty = type_of(op).cast::<PyObject>();
        Py_IncRef(ty);
        ty
    }
}

static OBJECT_GETSETS: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    PyGetSetDef {
        name: c"__class__".as_ptr(),
        get: Some(object_get_class),
        set: None,
        doc: c"the object's class".as_ptr(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef::zeroed(),
]);

/// `PyBaseObject_Type`: `object`.
#[unsafe(no_mangle)]
pub static PyBaseObject_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"object".as_ptr();
    ty.tp_basicsize = size_of::<PyObject>() as Py_ssize_t;
    ty.tp_flags = Py_TPFLAGS_BASETYPE;
    ty.tp_dealloc = Some(object_dealloc);
    ty.tp_repr = Some(object_repr);
    ty.tp_hash = Some(object_hash);
    ty.tp_str = Some(object_str);
    ty.tp_getattro = Some(PyObject_GenericGetAttr);
    ty.tp_setattro = Some(PyObject_GenericSetAttr);
    ty.tp_doc = c"The base class of the class hierarchy.".as_ptr();
    ty.tp_richcompare = Some(object_richcompare);
    ty.tp_methods = object_methods::OBJECT_METHODS.get().cast();
    ty.tp_getset = OBJECT_GETSETS.get().cast();
    ty.tp_init = Some(object_init);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_new = Some(object_new);
    ty.tp_free = Some(PyObject_Free);
    ty
});

// ==========================================================================
// Allocation and deallocation
// ==========================================================================

/// A new instance of `ty` (by `PyType_GenericAlloc`, so zeroed and, for a
/// GC type, tracked) whose first field after the object header holds a new
/// reference to `obj` (NULL allowed): the one-reference wrappers (`cell`,
/// `mappingproxy`, `staticmethod`, …). NULL with `MemoryError`.
///
/// # Safety
/// `ty` must be a live type whose instances are a `#[repr(C)]` struct of
/// a `PyObject` header then a `*mut PyObject` field (then anything zero is
/// valid for); `obj` NULL or a live object.
pub(crate) unsafe fn alloc_holding(ty: *mut PyTypeObject, obj: *mut PyObject) -> *mut PyObject {
    /// The layout the contract promises.
    #[repr(C)]
    struct Holder {
        ob_base: PyObject,
        held: *mut PyObject,
    }
    // SAFETY: per the contract; the zeroed field is written before anyone
    // else sees the object.
    unsafe {
        let op = PyType_GenericAlloc(ty, 0);
        if !op.is_null() {
            crate::objects::object::Py_IncRef(obj);
            (*op.cast::<Holder>()).held = obj;
        }
        op
    }
}

/// `PyType_GenericAlloc(type, nitems)`: the default `tp_alloc`: zeroed
/// memory for the instance (and `nitems` variable items plus CPython's
/// sentinel item), header initialised, tracked if the type is a GC type.
///
/// Fails (NULL) with `MemoryError` when the size overflows or memory runs
/// out; `SystemError` for a NULL type.
///
/// # Safety
/// `ty` must be NULL or a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GenericAlloc(
    ty: *mut PyTypeObject,
    nitems: Py_ssize_t,
) -> *mut PyObject {
    if ty.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let Some(size) = (unsafe { instance_size(ty, nitems) }) else {
        return errors::PyErr_NoMemory();
    };
    let op = PyObject_Calloc(1, size) as *mut PyObject;
    // SAFETY: NULL or fresh zeroed memory of `size` bytes.
    let op = unsafe { PyObject_Init(op, ty) };
    if op.is_null() {
        return op;
    }
    // SAFETY: a live, initialised object of the live type `ty`.
    unsafe {
        if (*ty).tp_itemsize != 0 {
            (*(op as *mut PyVarObject)).ob_size = nitems;
        }
        if (*ty).tp_flags & Py_TPFLAGS_HAVE_GC != 0 {
            gc_track(op);
        }
    }
    op
}

/// `PyType_GenericNew(type, args, kwds)`: `type->tp_alloc(type, 0)`,
/// ignoring the arguments.
///
/// # Safety
/// `ty` must be NULL or a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GenericNew(
    ty: *mut PyTypeObject,
    _args: *mut PyObject,
    _kwds: *mut PyObject,
) -> *mut PyObject {
    if ty.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let alloc = unsafe { (*ty).tp_alloc }.unwrap_or(PyType_GenericAlloc);
    // SAFETY: the type's own allocator.
    unsafe { alloc(ty, 0) }
}

/// The dealloc of heap types that define none (CPython's
/// `subtype_dealloc`): runs `tp_finalize`, drops an instance dict the type
/// added, calls the nearest base's own dealloc, then drops the instance's
/// reference to its type.
///
/// # Safety
/// `op` must be an unreferenced object.
pub(crate) unsafe extern "C" fn subtype_dealloc(op: *mut PyObject) {
    // SAFETY: `op` is live until the base dealloc frees it; its type is
    // kept alive by the instance's reference until the end.
    unsafe {
        let ty = type_of(op);
        if (*ty).tp_flags & Py_TPFLAGS_HAVE_GC != 0 {
            gc_untrack(op);
        }
        // The finalizer runs on a temporarily revived object (once per GC
        // object); if it stored a new reference, the object lives on.
        if (*ty).tp_finalize.is_some()
            && crate::objects::object::PyObject_CallFinalizerFromDealloc(op) != 0
        {
            return;
        }
        let mut base = ty;
        while (*base).tp_dealloc.map(|f| f as usize) == Some(subtype_dealloc as *const () as usize)
            && !(*base).tp_base.is_null()
        {
            clear_slots(base, op);
            base = (*base).tp_base;
        }
        if (*ty).tp_weaklistoffset > 0 && (*base).tp_weaklistoffset == 0 {
            crate::objects::weakrefobject::clear_weakrefs_of(op);
        }
        if (*ty).tp_dictoffset != 0 && (*base).tp_dictoffset == 0 {
            let dictptr = crate::objects::object::_PyObject_GetDictPtr(op);
            if !dictptr.is_null() {
                let dict = std::mem::replace(&mut *dictptr, ptr::null_mut());
                Py_DecRef(dict);
            }
        }
        let needs_decref = is_heap_type(ty) && !is_heap_type(base);
        match (*base).tp_dealloc {
            Some(dealloc) if dealloc as usize != subtype_dealloc as *const () as usize => {
                dealloc(op)
            }
            _ => object_dealloc(op),
        }
        if needs_decref {
            Py_DecRef(ty.cast());
        }
    }
}

/// Drops the object members a heap type declares (its `__slots__`, and
/// writable `T_OBJECT_EX` members of a spec), as CPython's `clear_slots`.
///
/// # Safety
/// `ty` must be a live type of `op`'s MRO; `op` an object being freed.
unsafe fn clear_slots(ty: *mut PyTypeObject, op: *mut PyObject) {
    // SAFETY: per the contract; a heap type's members are its own
    // variable items, each naming a field of its instances.
    unsafe {
        if !is_heap_type(ty) || (*ty).tp_members.is_null() {
            return;
        }
        let n = (*ty.cast::<PyVarObject>()).ob_size;
        let members = ty.cast::<PyHeapTypeObject>().add(1).cast::<PyMemberDef>();
        if (*ty).tp_members != members {
            return;
        }
        for i in 0..n.max(0) as usize {
            let m = members.add(i);
            if (*m).type_code == T_OBJECT_EX && (*m).flags & READONLY == 0 {
                let field = op.cast::<u8>().offset((*m).offset).cast::<*mut PyObject>();
                Py_DecRef(ptr::replace(field, ptr::null_mut()));
            }
        }
    }
}

/// A static built-in type deriving from `object`, with the given instance
/// size, extra flags and dealloc. It becomes ready on first use.
pub(crate) const fn static_type(
    name: &'static CStr,
    basicsize: usize,
    flags: c_ulong,
    dealloc: destructor,
) -> PyTypeObject {
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = name.as_ptr();
    ty.tp_basicsize = basicsize as Py_ssize_t;
    ty.tp_flags = flags | Py_TPFLAGS_IMMUTABLETYPE;
    ty.tp_dealloc = Some(dealloc);
    ty.tp_free = Some(PyObject_Free);
    ty.tp_base = PyBaseObject_Type.get();
    ty
}

// ==========================================================================
// PyType_Ready
// ==========================================================================

/// `PyType_Ready(type)`: completes a type as CPython 3.11 does: `tp_base`
/// (default `object`, readied first), `tp_bases` (default `(tp_base,)`;
/// an extension may list several), `tp_mro` (their C3 linearisation,
/// [`mro_implementation`]), the dict with
/// a descriptor for every `tp_methods` / `tp_members` / `tp_getset` entry
/// and `__doc__`, the slots, sizes and flags inherited along the MRO
/// (including the `tp_as_number` / `sequence` / `mapping` / `buffer`
/// suites), `tp_new` (static types deriving directly from `object` get
/// none, so they cannot be instantiated from outside), and `__hash__ =
/// None` when no hash is defined or inherited. A ready type returns 0 at
/// once.
///
/// Fails (-1) with `SystemError("Type does not define the tp_name
/// field.")`, `SystemError("type T has the Py_TPFLAGS_HAVE_GC flag but has
/// no traverse function")`, `TypeError` for a static type with a heap
/// base or for bases with no consistent MRO, `ValueError("method cannot
/// be both class and static")`, `SystemError` for a method with bad call
/// flags, or
/// `MemoryError`. A type whose readying failed can be readied again.
///
/// # Safety
/// `ty` must be NULL or a live type object that is not used by other
/// threads until it is ready.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_Ready(ty: *mut PyTypeObject) -> c_int {
    if ty.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: live per the contract.
    if unsafe { flags_of(ty) } & Py_TPFLAGS_READY != 0 {
        return 0;
    }
    let _lock = READY_LOCK.lock();
    // SAFETY: live; every write below happens under the lock, before the
    // ready flag is published.
    unsafe {
        let flags = (*ty).tp_flags;
        if flags & Py_TPFLAGS_READY != 0 {
            return 0;
        }
        if flags & Py_TPFLAGS_READYING != 0 {
            // Readying a base reached this type again: a base cycle.
            return errors::fail(
                Exc::TypeError,
                format!("type '{}' is its own base", tp_name(ty, 100)),
            );
        }
        (*ty).tp_flags |= Py_TPFLAGS_READYING;
        if flags & Py_TPFLAGS_HEAPTYPE == 0 {
            (*ty).tp_flags |= Py_TPFLAGS_IMMUTABLETYPE;
        }
        if type_ready(ty) < 0 {
            (*ty).tp_flags &= !Py_TPFLAGS_READYING;
            return -1;
        }
        let flags = ((*ty).tp_flags & !Py_TPFLAGS_READYING) | Py_TPFLAGS_READY;
        AtomicFlags::from_ptr((&raw mut (*ty).tp_flags).cast()).store(flags, Ordering::Release);
    }
    0
}

/// The steps of `PyType_Ready`, in CPython's order.
///
/// # Safety
/// `ty` must be a live type object being readied under the lock.
unsafe fn type_ready(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if (*ty).tp_name.is_null() {
            return errors::fail(Exc::SystemError, "Type does not define the tp_name field.");
        }
        if (*ty).tp_dict.is_null() {
            let dict = PyDict_New();
            if dict.is_null() {
                return -1;
            }
            (*ty).tp_dict = dict;
        }
        if ready_set_bases(ty) < 0
            || ready_mro(ty) < 0
            || ready_set_new(ty) < 0
            || ready_fill_dict(ty) < 0
            || crate::python::context::add_token_missing(ty) < 0
            || ready_inherit(ty) < 0
            || ready_managed_dict(ty) < 0
            || ready_set_hash(ty) < 0
            || ready_add_subclasses(ty) < 0
        {
            return -1;
        }
        if (*ty).tp_flags & Py_TPFLAGS_HAVE_GC != 0 && (*ty).tp_traverse.is_none() {
            return errors::fail(
                Exc::SystemError,
                format!(
                    "type {} has the Py_TPFLAGS_HAVE_GC flag but has no traverse function",
                    tp_name(ty, usize::MAX)
                ),
            );
        }
    }
    0
}

/// A type that asks for a managed `__dict__` (`Py_TPFLAGS_MANAGED_DICT`,
/// as pybind11's `py::dynamic_attr()` does on 3.11) and has no dict slot
/// from a base gets one: CPython keeps that dict in a pre-header before the
/// object, this library in one more pointer after the instance's fields
/// (or at the end of a variable-size one), which `tp_dictoffset` then
/// names. Either way `_PyObject_GetDictPtr`, `PyObject_GenericGetDict` and
/// attribute lookup find it, and subclasses inherit it; only
/// `__basicsize__` and `__dictoffset__` show the difference.
///
/// # Safety
/// As [`type_ready`]; the base's slots are inherited.
unsafe fn ready_managed_dict(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; nothing has been allocated from the type
    // yet, so its size may still grow.
    unsafe {
        if (*ty).tp_flags & Py_TPFLAGS_MANAGED_DICT == 0 {
            return 0;
        }
        let ptr_size = size_of::<*mut PyObject>() as Py_ssize_t;
        let offset = (*ty).tp_dictoffset;
        if offset < 0 {
            return 0;
        }
        if offset > 0 {
            // The base's slot, inherited: a subclass that states its own
            // (smaller) size, as pybind11 gives every class the size of
            // its instance record, still needs room for it where the
            // base's code looks.
            if (*ty).tp_basicsize < offset + ptr_size {
                (*ty).tp_basicsize = offset + ptr_size;
            }
            return 0;
        }
        let size = ((*ty).tp_basicsize + ptr_size - 1) / ptr_size * ptr_size;
        if (*ty).tp_itemsize == 0 {
            (*ty).tp_dictoffset = size;
        } else {
            // Counted from the end of the variable part.
            (*ty).tp_dictoffset = -ptr_size;
        }
        (*ty).tp_basicsize = size + ptr_size;
    }
    0
}

/// `tp_base` (default `object`), readied first; `ob_type` and `tp_bases`.
///
/// # Safety
/// As [`type_ready`].
unsafe fn ready_set_bases(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; the base is a live type.
    unsafe {
        let object = PyBaseObject_Type.get();
        if (*ty).tp_base.is_null() && ty != object {
            (*ty).tp_base = object;
            if is_heap_type(ty) {
                Py_IncRef(object.cast());
            }
        }
        let base = (*ty).tp_base;
        if !base.is_null() && PyType_Ready(base) < 0 {
            return -1;
        }
        if (*ty).ob_base.ob_base.ob_type.is_null() && !base.is_null() {
            (*ty).ob_base.ob_base.ob_type = type_of(base.cast());
        }
        if (*ty).tp_bases.is_null() {
            let bases = if base.is_null() {
                tuple_from_slice(&[])
            } else {
                tuple_from_slice(&[base.cast()])
            };
            if bases.is_null() {
                return -1;
            }
            (*ty).tp_bases = bases;
        } else if !is_tuple((*ty).tp_bases) {
            return errors::fail(
                Exc::TypeError,
                format!(
                    "type '{}' has a tp_bases that is not a tuple",
                    tp_name(ty, 100)
                ),
            );
        }
    }
    0
}

/// `tp_mro`: the C3 linearisation of the type and its bases
/// ([`mro_implementation`]); a static type may have no heap type in it.
///
/// # Safety
/// As [`type_ready`]; `tp_base` is ready and `tp_bases` set.
unsafe fn ready_mro(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; the MRO holds live types.
    unsafe {
        let Ok(chain) = mro_implementation(ty) else {
            return -1;
        };
        if !is_heap_type(ty) {
            for &b in &chain {
                let b = b.cast::<PyTypeObject>();
                if is_heap_type(b) {
                    return errors::fail(
                        Exc::TypeError,
                        format!(
                            "type '{}' is not dynamically allocated but its base type '{}' is \
                             dynamically allocated",
                            tp_name(ty, 100),
                            tp_name(b, 100)
                        ),
                    );
                }
            }
        }
        let mro = tuple_from_slice(&chain);
        if mro.is_null() {
            return -1;
        }
        // Published with release ordering: `is_subtype` and
        // `_PyType_Lookup` read it without the ready lock.
        let old = AtomicPtr::from_ptr(&raw mut (*ty).tp_mro).swap(mro, Ordering::AcqRel);
        Py_DecRef(old);
    }
    0
}

/// `tp_new`: inherited, except that static types deriving directly from
/// `object` without one cannot be instantiated.
///
/// # Safety
/// As [`type_ready`].
unsafe fn ready_set_new(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let base = (*ty).tp_base;
        if (*ty).tp_new.is_none() && base == PyBaseObject_Type.get() && !is_heap_type(ty) {
            (*ty).tp_flags |= Py_TPFLAGS_DISALLOW_INSTANTIATION;
        }
        if (*ty).tp_flags & Py_TPFLAGS_DISALLOW_INSTANTIATION != 0 {
            (*ty).tp_new = None;
        } else if (*ty).tp_new.is_some() {
            return add_tp_new_wrapper(ty);
        } else if !base.is_null() {
            (*ty).tp_new = (*base).tp_new;
        }
    }
    0
}

// ==========================================================================
// `T.__new__`
// ==========================================================================

/// The `PyMethodDef` of `__new__` (CPython's `tp_new_methoddef`).
static TP_NEW_METHODDEF: StaticObject<[PyMethodDef; 1]> = StaticObject::new([PyMethodDef {
    ml_name: c"__new__".as_ptr(),
    // SAFETY: called as METH_VARARGS | METH_KEYWORDS, its real signature.
    ml_meth: Some(unsafe {
        std::mem::transmute::<PyCFunctionWithKeywords, PyCFunction>(tp_new_wrapper)
    }),
    ml_flags: METH_VARARGS | METH_KEYWORDS,
    ml_doc: c"__new__($type, *args, **kwargs)\n--\n\nCreate and return a new object.  See help(type) for accurate signature.".as_ptr(),
}]);

/// Adds `__new__` (a built-in method bound to the type) to the type's
/// dict unless it has one, as CPython's `add_tp_new_wrapper` does.
///
/// # Safety
/// As [`type_ready`].
pub(crate) unsafe fn add_tp_new_wrapper(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; the method def is static.
    unsafe {
        let dict = (*ty).tp_dict;
        let Some(key) = Owned::new(unicode_from_str("__new__")) else {
            return -1;
        };
        match PyDict_Contains(dict, key.as_ptr()) {
            r if r < 0 => return -1,
            1 => return 0,
            _ => {}
        }
        let def = TP_NEW_METHODDEF.get().cast::<PyMethodDef>();
        let Some(func) = Owned::new(PyCFunction_NewEx(def, ty.cast(), ptr::null_mut())) else {
            return -1;
        };
        PyDict_SetItem(dict, key.as_ptr(), func.as_ptr())
    }
}

/// `T.__new__(S, *args, **kwargs)`: `T`'s `tp_new` for the subtype `S`
/// of `T` (CPython's `tp_new_wrapper`).
///
/// Fails (NULL) with `TypeError("T.__new__(): not enough arguments")`,
/// `("T.__new__(X): X is not a type object (U)")`, `("T.__new__(S): S is
/// not a subtype of T")`, `("T.__new__(S) is not safe, use B.__new__()")`
/// when the nearest static base of `S` makes its objects another way, or
/// what `tp_new` raised.
unsafe extern "C" fn tp_new_wrapper(
    slf: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    let ty = slf.cast::<PyTypeObject>();
    // SAFETY: bound to a live type; called with a tuple and NULL or a
    // dict; every type reached is live.
    unsafe {
        let name = tp_name(ty, usize::MAX);
        if !is_tuple(args) || PyTuple_Size(args) < 1 {
            return errors::fail_null(
                Exc::TypeError,
                format!("{name}.__new__(): not enough arguments"),
            );
        }
        let arg0 = PyTuple_GetItem(args, 0);
        if !is_type(arg0) {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "{name}.__new__(X): X is not a type object ({})",
                    tp_name(type_of(arg0), usize::MAX)
                ),
            );
        }
        let subtype = arg0.cast::<PyTypeObject>();
        let sub = tp_name(subtype, usize::MAX);
        if !is_subtype(subtype, ty) {
            return errors::fail_null(
                Exc::TypeError,
                format!("{name}.__new__({sub}): {sub} is not a subtype of {name}"),
            );
        }
        // The nearest base that is not a class whose `__new__` was
        // written in Python (CPython's slot_tp_new; here the enum
        // classes', whose `__new__` is `Enum.__new__`) must make objects
        // with this type's tp_new.
        let new_of = |t: *mut PyTypeObject| (*t).tp_new.map(|f| f as usize);
        let mut staticbase = subtype;
        let python_level = |t: *mut PyTypeObject| {
            let f = new_of(t);
            f == Some(crate::modules::enummodule::python_level_new())
                || f == Some(dispatch::slot_tp_new as *const () as usize)
        };
        while !staticbase.is_null() && python_level(staticbase) {
            staticbase = (*staticbase).tp_base;
        }
        if !staticbase.is_null() && new_of(staticbase) != new_of(ty) {
            let base = tp_name(staticbase, usize::MAX);
            return errors::fail_null(
                Exc::TypeError,
                format!("{name}.__new__({sub}) is not safe, use {base}.__new__()"),
            );
        }
        let Some(new) = (*ty).tp_new else {
            return errors::fail_null(Exc::TypeError, format!("cannot create '{name}' instances"));
        };
        let Some(rest) = Owned::new(crate::objects::tupleobject::PyTuple_GetSlice(
            args,
            1,
            PyTuple_Size(args),
        )) else {
            return ptr::null_mut();
        };
        new(subtype, rest.as_ptr(), kwds)
    }
}

/// Adds the slot wrappers, the method, member and getset descriptors and
/// `__doc__`.
///
/// # Safety
/// As [`type_ready`].
unsafe fn ready_fill_dict(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; the tables end with a NULL-named entry.
    unsafe {
        // The slot wrappers first, as CPython 3.11 does: a `tp_methods`
        // entry of the same name replaces one only with METH_COEXIST.
        if slots::add_operators(ty) < 0 {
            return -1;
        }
        let dict = (*ty).tp_dict;
        let mut meth = (*ty).tp_methods;
        while !meth.is_null() && !(*meth).ml_name.is_null() {
            if add_method(ty, meth) < 0 {
                return -1;
            }
            meth = meth.add(1);
        }
        let mut memb = (*ty).tp_members;
        while !memb.is_null() && !(*memb).name.is_null() {
            let Some(descr) = Owned::new(PyDescr_NewMember(ty, memb)) else {
                return -1;
            };
            let name = (*descr.as_ptr().cast::<PyDescrObject>()).d_name;
            if PyDict_SetDefault(dict, name, descr.as_ptr()).is_null() {
                return -1;
            }
            memb = memb.add(1);
        }
        let mut gsp = (*ty).tp_getset;
        while !gsp.is_null() && !(*gsp).name.is_null() {
            let Some(descr) = Owned::new(PyDescr_NewGetSet(ty, gsp)) else {
                return -1;
            };
            let name = (*descr.as_ptr().cast::<PyDescrObject>()).d_name;
            if PyDict_SetDefault(dict, name, descr.as_ptr()).is_null() {
                return -1;
            }
            gsp = gsp.add(1);
        }
        let Some(key) = Owned::new(unicode_from_str("__doc__")) else {
            return -1;
        };
        match PyDict_Contains(dict, key.as_ptr()) {
            r if r < 0 => return -1,
            1 => {}
            _ => {
                let doc = if (*ty).tp_doc.is_null() {
                    Some(Owned::borrowed(py_none()))
                } else {
                    doc_object((*ty).tp_name, (*ty).tp_doc, false)
                };
                let Some(doc) = doc else {
                    return -1;
                };
                if PyDict_SetItem(dict, key.as_ptr(), doc.as_ptr()) < 0 {
                    return -1;
                }
            }
        }
    }
    0
}

/// Adds the descriptor of one `tp_methods` entry (CPython's
/// `type_add_method`): a method descriptor, a class-method descriptor
/// (`METH_CLASS`), or a `staticmethod` around a function (`METH_STATIC`).
/// An existing entry wins unless the method has `METH_COEXIST`.
///
/// # Safety
/// `ty` must be a live type being readied, `meth` a live entry of its
/// table.
unsafe fn add_method(ty: *mut PyTypeObject, meth: *mut PyMethodDef) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let flags = (*meth).ml_flags;
        let descr = if flags & METH_CLASS != 0 {
            if flags & METH_STATIC != 0 {
                return errors::fail(Exc::ValueError, "method cannot be both class and static");
            }
            PyDescr_NewClassMethod(ty, meth)
        } else if flags & METH_STATIC != 0 {
            let Some(cfunc) = Owned::new(PyCFunction_NewEx(meth, ty.cast(), ptr::null_mut()))
            else {
                return -1;
            };
            PyStaticMethod_New(cfunc.as_ptr())
        } else {
            PyDescr_NewMethod(ty, meth)
        };
        let Some(descr) = Owned::new(descr) else {
            return -1;
        };
        let Some(name) = Owned::new(crate::objects::unicodeobject::PyUnicode_FromString(
            (*meth).ml_name,
        )) else {
            return -1;
        };
        let dict = (*ty).tp_dict;
        if flags & METH_COEXIST != 0 {
            if PyDict_SetItem(dict, name.as_ptr(), descr.as_ptr()) < 0 {
                return -1;
            }
        } else if PyDict_SetDefault(dict, name.as_ptr(), descr.as_ptr()).is_null() {
            return -1;
        }
    }
    0
}

/// Inherits from the base and along the MRO (CPython's `inherit_special`,
/// `inherit_slots` and the suites of static types).
///
/// # Safety
/// As [`type_ready`]; the MRO is set.
unsafe fn ready_inherit(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; every base in the MRO is a ready type.
    unsafe {
        let base = (*ty).tp_base;
        if !base.is_null() {
            inherit_special(ty, base);
        }
        let mro = (*ty).tp_mro;
        for i in 1..PyTuple_Size(mro) {
            let b = PyTuple_GetItem(mro, i).cast::<PyTypeObject>();
            if inherit_slots(ty, b) < 0 {
                return -1;
            }
            let collection = Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING;
            if (*ty).tp_flags & collection == 0 {
                (*ty).tp_flags |= (*b).tp_flags & collection;
            }
        }
        if !base.is_null() {
            if (*ty).tp_as_async.is_null() {
                (*ty).tp_as_async = (*base).tp_as_async;
            }
            if (*ty).tp_as_number.is_null() {
                (*ty).tp_as_number = (*base).tp_as_number;
            }
            if (*ty).tp_as_sequence.is_null() {
                (*ty).tp_as_sequence = (*base).tp_as_sequence;
            }
            if (*ty).tp_as_mapping.is_null() {
                (*ty).tp_as_mapping = (*base).tp_as_mapping;
            }
            if (*ty).tp_as_buffer.is_null() {
                (*ty).tp_as_buffer = (*base).tp_as_buffer;
            }
        }
        let flags = (*ty).tp_flags;
        if flags & Py_TPFLAGS_HAVE_GC != 0
            && flags & Py_TPFLAGS_BASETYPE != 0
            && (*ty)
                .tp_free
                .is_none_or(|f| f as usize == PyObject_Free as *const () as usize)
        {
            return errors::fail(
                Exc::TypeError,
                format!(
                    "type '{}' participates in gc and is a base type but has inappropriate \
                     tp_free slot",
                    tp_name(ty, 100)
                ),
            );
        }
    }
    0
}

/// CPython's `inherit_special`: GC flags, sizes, offsets and the
/// `*_SUBCLASS` fast-check flags of the base.
///
/// # Safety
/// Both must be live types; `ty` is being readied.
unsafe fn inherit_special(ty: *mut PyTypeObject, base: *mut PyTypeObject) {
    // SAFETY: per the contract.
    unsafe {
        let t = &mut *ty;
        let b = &*base;
        if t.tp_flags & Py_TPFLAGS_HAVE_GC == 0
            && b.tp_flags & Py_TPFLAGS_HAVE_GC != 0
            && t.tp_traverse.is_none()
            && t.tp_clear.is_none()
        {
            t.tp_flags |= Py_TPFLAGS_HAVE_GC;
            t.tp_traverse = b.tp_traverse;
            t.tp_clear = b.tp_clear;
        }
        t.tp_flags |= b.tp_flags & Py_TPFLAGS_MANAGED_DICT;
        if t.tp_basicsize == 0 {
            t.tp_basicsize = b.tp_basicsize;
        }
        if t.tp_itemsize == 0 {
            t.tp_itemsize = b.tp_itemsize;
        }
        if t.tp_weaklistoffset == 0 {
            t.tp_weaklistoffset = b.tp_weaklistoffset;
        }
        if t.tp_dictoffset == 0 {
            t.tp_dictoffset = b.tp_dictoffset;
        }
        // A ready base carries the fast-check flag of the one built-in
        // type it derives from (CPython derives the same flag with
        // PyType_IsSubtype against each built-in).
        t.tp_flags |= b.tp_flags & FAST_SUBCLASS_MASK;
    }
}

/// Whether `base` defines `slot` itself rather than inheriting it from
/// `basebase` (CPython's `SLOTDEFINED`).
fn slot_defined<T: Copy + PartialEq>(base: Option<T>, basebase: Option<Option<T>>) -> bool {
    match (base, basebase) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(b), Some(bb)) => Some(b) != bb,
    }
}

/// Copies `base`'s slot into an empty slot of `ty` when `base` defines it
/// itself (CPython's `COPYSLOT`).
macro_rules! copy_slot {
    ($t:expr, $b:expr, $bb:expr, $($field:tt)+) => {
        if $t.$($field)+.is_none() && slot_defined($b.$($field)+, $bb.map(|bb| bb.$($field)+)) {
            $t.$($field)+ = $b.$($field)+;
        }
    };
}

/// Copies the slots of one suite (`tp_as_number` …) present in both types.
macro_rules! copy_suite {
    ($t:expr, $base:expr, $suite:ident, [$($field:ident),* $(,)?]) => {
        if !$t.$suite.is_null() && !$base.$suite.is_null() {
            let bb_type = $base.tp_base;
            let bb = if bb_type.is_null() || (*bb_type).$suite.is_null() {
                None
            } else {
                Some(&*(*bb_type).$suite)
            };
            let t = &mut *$t.$suite;
            let b = &*$base.$suite;
            $( copy_slot!(t, b, bb, $field); )*
        }
    };
}

/// CPython's `inherit_slots`: every function slot `ty` leaves empty and
/// `base` defines itself, with CPython's special cases (getattr and
/// setattr pairs, hash with richcompare, GC-aware `tp_free`).
///
/// # Safety
/// Both must be live types; `ty` is being readied and has a dict.
unsafe fn inherit_slots(ty: *mut PyTypeObject, base: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; the suites are live where non-NULL (a
    // type's suites outlive it), and the type being readied is not shared.
    unsafe {
        let t = &mut *ty;
        let b = &*base;
        copy_suite!(
            t,
            b,
            tp_as_number,
            [
                nb_add,
                nb_subtract,
                nb_multiply,
                nb_remainder,
                nb_divmod,
                nb_power,
                nb_negative,
                nb_positive,
                nb_absolute,
                nb_bool,
                nb_invert,
                nb_lshift,
                nb_rshift,
                nb_and,
                nb_xor,
                nb_or,
                nb_int,
                nb_float,
                nb_inplace_add,
                nb_inplace_subtract,
                nb_inplace_multiply,
                nb_inplace_remainder,
                nb_inplace_power,
                nb_inplace_lshift,
                nb_inplace_rshift,
                nb_inplace_and,
                nb_inplace_xor,
                nb_inplace_or,
                nb_true_divide,
                nb_floor_divide,
                nb_inplace_true_divide,
                nb_inplace_floor_divide,
                nb_index,
                nb_matrix_multiply,
                nb_inplace_matrix_multiply,
            ]
        );
        copy_suite!(t, b, tp_as_async, [am_await, am_aiter, am_anext]);
        copy_suite!(
            t,
            b,
            tp_as_sequence,
            [
                sq_length,
                sq_concat,
                sq_repeat,
                sq_item,
                sq_ass_item,
                sq_contains,
                sq_inplace_concat,
                sq_inplace_repeat,
            ]
        );
        copy_suite!(
            t,
            b,
            tp_as_mapping,
            [mp_length, mp_subscript, mp_ass_subscript]
        );
        copy_suite!(t, b, tp_as_buffer, [bf_getbuffer, bf_releasebuffer]);

        let bb = (!b.tp_base.is_null()).then(|| &*b.tp_base);
        copy_slot!(t, b, bb, tp_dealloc);
        if t.tp_getattr.is_none() && t.tp_getattro.is_none() {
            t.tp_getattr = b.tp_getattr;
            t.tp_getattro = b.tp_getattro;
        }
        if t.tp_setattr.is_none() && t.tp_setattro.is_none() {
            t.tp_setattr = b.tp_setattr;
            t.tp_setattro = b.tp_setattro;
        }
        copy_slot!(t, b, bb, tp_repr);
        if t.tp_vectorcall_offset == 0 {
            t.tp_vectorcall_offset = b.tp_vectorcall_offset;
        }
        if t.tp_call.is_none()
            && b.tp_flags & Py_TPFLAGS_HAVE_VECTORCALL != 0
            && t.tp_flags & Py_TPFLAGS_IMMUTABLETYPE != 0
        {
            t.tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
        }
        copy_slot!(t, b, bb, tp_call);
        copy_slot!(t, b, bb, tp_str);
        if t.tp_richcompare.is_none() && t.tp_hash.is_none() {
            match overrides_hash(ty) {
                r if r < 0 => return -1,
                0 => {
                    t.tp_richcompare = b.tp_richcompare;
                    t.tp_hash = b.tp_hash;
                }
                _ => {}
            }
        }
        copy_slot!(t, b, bb, tp_iter);
        copy_slot!(t, b, bb, tp_iternext);
        copy_slot!(t, b, bb, tp_descr_get);
        if b.tp_descr_get.is_some()
            && t.tp_descr_get.map(|f| f as usize) == b.tp_descr_get.map(|f| f as usize)
            && t.tp_flags & Py_TPFLAGS_IMMUTABLETYPE != 0
            && b.tp_flags & Py_TPFLAGS_METHOD_DESCRIPTOR != 0
        {
            t.tp_flags |= Py_TPFLAGS_METHOD_DESCRIPTOR;
        }
        copy_slot!(t, b, bb, tp_descr_set);
        // Only a base the instances extend has its dict where `ty`'s
        // instances have it (a secondary base's may sit inside the best
        // base's fields).
        if t.tp_dictoffset == 0 && b.tp_dictoffset != 0 && on_base_chain(ty, base) {
            t.tp_dictoffset = b.tp_dictoffset;
        }
        copy_slot!(t, b, bb, tp_init);
        copy_slot!(t, b, bb, tp_alloc);
        copy_slot!(t, b, bb, tp_is_gc);
        copy_slot!(t, b, bb, tp_finalize);
        let t_gc = t.tp_flags & Py_TPFLAGS_HAVE_GC;
        if t_gc == b.tp_flags & Py_TPFLAGS_HAVE_GC {
            copy_slot!(t, b, bb, tp_free);
        } else if t_gc != 0
            && t.tp_free.is_none()
            && b.tp_free.map(|f| f as usize) == Some(PyObject_Free as *const () as usize)
        {
            t.tp_free = Some(PyObject_GC_Del);
        }
    }
    0
}

/// Whether `base` is on `ty`'s `tp_base` chain (the types whose instance
/// layout `ty`'s extends).
///
/// # Safety
/// Both must be live type objects.
unsafe fn on_base_chain(ty: *mut PyTypeObject, base: *mut PyTypeObject) -> bool {
    let mut t = ty;
    while !t.is_null() {
        if t == base {
            return true;
        }
        // SAFETY: a live type's base is a live type or NULL.
        t = unsafe { (*t).tp_base };
    }
    false
}

/// Whether the type's own dict defines `__eq__` or `__hash__`.
///
/// # Safety
/// `ty` must be a live type with a dict.
unsafe fn overrides_hash(ty: *mut PyTypeObject) -> c_int {
    for name in ["__eq__", "__hash__"] {
        let Some(key) = Owned::new(unicode_from_str(name)) else {
            return -1;
        };
        // SAFETY: the dict of a live type.
        match unsafe { PyDict_Contains((*ty).tp_dict, key.as_ptr()) } {
            0 => {}
            r => return r,
        }
    }
    0
}

/// A type with no hash after inheritance is unhashable: `tp_hash` becomes
/// `PyObject_HashNotImplemented` and `__hash__` None.
///
/// # Safety
/// As [`type_ready`].
unsafe fn ready_set_hash(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if (*ty).tp_hash.is_some() {
            return 0;
        }
        let Some(key) = Owned::new(unicode_from_str("__hash__")) else {
            return -1;
        };
        match PyDict_Contains((*ty).tp_dict, key.as_ptr()) {
            r if r < 0 => return -1,
            1 => return 0,
            _ => {}
        }
        if PyDict_SetItem((*ty).tp_dict, key.as_ptr(), py_none()) < 0 {
            return -1;
        }
        (*ty).tp_hash = Some(PyObject_HashNotImplemented);
    }
    0
}

// ==========================================================================
// Subclasses: `tp_subclasses`
// ==========================================================================

/// The key of `sub` in its bases' `tp_subclasses` dicts: its address as
/// an int, as CPython keys them.
fn subclass_key(sub: *mut PyTypeObject) -> Option<Owned> {
    Owned::new(crate::objects::longobject::PyLong_FromVoidPtr(sub.cast()))
}

/// Records `ty` in each of its bases' `tp_subclasses` (CPython's
/// `type_ready_add_subclasses`): a dict from the subclass's address to a
/// weak reference to it, made on first use, so the order of
/// `__subclasses__()` is the order the subclasses were readied and a
/// subclass that dies drops out.
///
/// # Safety
/// As [`type_ready`]; `tp_bases` is set.
unsafe fn ready_add_subclasses(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; the bases are live types.
    unsafe {
        let Some(key) = subclass_key(ty) else {
            return -1;
        };
        let Some(weak) = Owned::new(crate::objects::weakrefobject::PyWeakref_NewRef(
            ty.cast(),
            ptr::null_mut(),
        )) else {
            return -1;
        };
        for &b in tuple_items((*ty).tp_bases) {
            if !is_type(b) {
                continue;
            }
            let b = b.cast::<PyTypeObject>();
            if (*b).tp_subclasses.is_null() {
                let d = PyDict_New();
                if d.is_null() {
                    return -1;
                }
                (*b).tp_subclasses = d;
            }
            if PyDict_SetItem((*b).tp_subclasses, key.as_ptr(), weak.as_ptr()) < 0 {
                return -1;
            }
        }
    }
    0
}

/// Takes a dying `ty` out of its bases' `tp_subclasses` (CPython's
/// `remove_all_subclasses`); an error doing so is dropped, the one in
/// flight kept.
///
/// # Safety
/// `ty` must be a type being deallocated whose `tp_bases` is NULL or a
/// tuple of live types.
unsafe fn remove_from_bases(ty: *mut PyTypeObject) {
    // SAFETY: per the contract.
    unsafe {
        let bases = (*ty).tp_bases;
        if bases.is_null() || !is_tuple(bases) {
            return;
        }
        let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        errors::PyErr_Fetch(&mut t, &mut v, &mut tb);
        if let Some(key) = subclass_key(ty) {
            for &b in tuple_items(bases) {
                if !is_type(b) {
                    continue;
                }
                let d = (*b.cast::<PyTypeObject>()).tp_subclasses;
                if !d.is_null() && PyDict_Contains(d, key.as_ptr()) == 1 {
                    PyDict_DelItem(d, key.as_ptr());
                }
            }
        }
        errors::PyErr_Clear();
        errors::PyErr_Restore(t, v, tb);
    }
}

/// The live subclasses of `ty` (borrowed; alive while the caller holds
/// no reference it drops), in the order they were made.
///
/// # Safety
/// `ty` must be a live type.
pub(crate) unsafe fn live_subclasses(ty: *mut PyTypeObject) -> Vec<*mut PyObject> {
    let mut out = Vec::new();
    // SAFETY: per the contract; the dict's values are weak references.
    unsafe {
        let d = (*ty).tp_subclasses;
        if d.is_null() {
            return out;
        }
        let (mut pos, mut key, mut value) = (0, ptr::null_mut(), ptr::null_mut());
        while crate::objects::dictobject::PyDict_Next(d, &mut pos, &mut key, &mut value) != 0 {
            let o = crate::objects::weakrefobject::PyWeakref_GetObject(value);
            if !o.is_null() && o != py_none() {
                out.push(o);
            }
        }
    }
    out
}

/// `type.__subclasses__()`: a new list of the type's live immediate
/// subclasses (CPython's `type___subclasses___impl`).
///
/// # Safety
/// `ty` must be a live type.
pub(crate) unsafe fn subclasses_list(ty: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: per the contract; the subclasses are live while listed, as
    // nothing runs between reading them and the list taking references.
    unsafe {
        let subs = live_subclasses(ty);
        let list = crate::objects::listobject::PyList_New(0);
        if list.is_null() {
            return list;
        }
        for s in subs {
            if crate::objects::listobject::PyList_Append(list, s) < 0 {
                Py_DecRef(list);
                return ptr::null_mut();
            }
        }
        list
    }
}

// ==========================================================================
// The method resolution order: C3, best base, solid base
// ==========================================================================

/// The type's MRO tuple, or NULL before it is computed (or after
/// [`type_clear`] dropped it), read with acquire ordering (another thread
/// may be readying the type).
///
/// # Safety
/// `ty` must be a live type object.
unsafe fn mro_of(ty: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: `tp_mro` is an aligned pointer field of a live type.
    unsafe { AtomicPtr::from_ptr(&raw mut (*ty).tp_mro) }.load(Ordering::Acquire)
}

/// The items of a live tuple, borrowed.
///
/// # Safety
/// `t` must be a live tuple that outlives the slice.
unsafe fn tuple_items<'a>(t: *mut PyObject) -> &'a [*mut PyObject] {
    // SAFETY: a tuple's item slots are initialised and fixed; the tuple
    // is never resized, and readers never write through the slice.
    unsafe {
        let n = crate::objects::tupleobject::size(t).max(0) as usize;
        std::slice::from_raw_parts(crate::objects::tupleobject::items(t), n)
    }
}

/// A class's `__name__` for the MRO error messages (CPython's
/// `class_name`); every item here is a type.
///
/// # Safety
/// `ty` must be a live type object.
unsafe fn class_name(ty: *mut PyObject) -> Option<String> {
    // SAFETY: per the contract.
    let name = Owned::new(unsafe { type_name_obj(ty.cast()) })?;
    // SAFETY: a live str.
    Some(unsafe { text_of(name.as_ptr()) })
}

/// CPython's `mro_implementation`: the type, then the C3 merge of its
/// bases' MROs and the bases tuple itself, as borrowed pointers (each
/// type is kept alive by the bases). A single base takes the fast path
/// (the type, then that base's MRO). Bases not yet ready are readied
/// first (pybuffer's built-in types are readied lazily).
///
/// Fails with `TypeError("bases must be types")`, `("Cannot extend an
/// incomplete type 'B'")` for a base still being readied, `("duplicate
/// base class B")`, or `("Cannot create a consistent method
/// resolution\norder (MRO) for bases A, B")`.
///
/// # Safety
/// `ty` must be a live type whose `tp_bases` is a tuple.
pub(crate) unsafe fn mro_implementation(ty: *mut PyTypeObject) -> Result<Vec<*mut PyObject>, ()> {
    // SAFETY: per the contract; the bases tuple and the MROs of its types
    // stay alive while the type holds them.
    unsafe {
        let bases_obj = (*ty).tp_bases;
        let bases = tuple_items(bases_obj);
        for &b in bases {
            if !is_type(b) {
                errors::raise(Exc::TypeError, "bases must be types");
                return Err(());
            }
            let b = b.cast::<PyTypeObject>();
            if mro_of(b).is_null() && flags_of(b) & Py_TPFLAGS_READYING == 0 && !ensure_ready(b) {
                return Err(());
            }
            if mro_of(b).is_null() {
                errors::raise(
                    Exc::TypeError,
                    format!("Cannot extend an incomplete type '{}'", tp_name(b, 100)),
                );
                return Err(());
            }
        }
        let mut result = vec![ty.cast::<PyObject>()];
        if let [only] = bases {
            result.extend_from_slice(tuple_items(mro_of(only.cast())));
            return Ok(result);
        }
        for (i, &b) in bases.iter().enumerate() {
            if bases[i + 1..].contains(&b) {
                let name = class_name(b).ok_or(())?;
                errors::raise(Exc::TypeError, format!("duplicate base class {name}"));
                return Err(());
            }
        }
        let mut to_merge: Vec<&[*mut PyObject]> = bases
            .iter()
            .map(|&b| tuple_items(mro_of(b.cast())))
            .collect();
        to_merge.push(bases);
        pmerge(&mut result, &to_merge)?;
        Ok(result)
    }
}

/// The C3 merge (CPython's `pmerge`): repeatedly takes the first head of
/// the lists, in order, that appears in no list's tail, and drops it from
/// the heads. Items are compared by identity.
///
/// # Safety
/// Every item must be a live type object (for the error message).
unsafe fn pmerge(acc: &mut Vec<*mut PyObject>, to_merge: &[&[*mut PyObject]]) -> Result<(), ()> {
    let mut remain = vec![0usize; to_merge.len()];
    'again: loop {
        let mut empty = 0;
        for (i, list) in to_merge.iter().enumerate() {
            let Some(&candidate) = list.get(remain[i]) else {
                empty += 1;
                continue;
            };
            let in_a_tail = to_merge
                .iter()
                .zip(&remain)
                .any(|(l, &r)| l.get(r + 1..).is_some_and(|tail| tail.contains(&candidate)));
            if in_a_tail {
                continue;
            }
            acc.push(candidate);
            for (l, r) in to_merge.iter().zip(remain.iter_mut()) {
                if l.get(*r) == Some(&candidate) {
                    *r += 1;
                }
            }
            continue 'again;
        }
        if empty == to_merge.len() {
            return Ok(());
        }
        // SAFETY: live types per the contract.
        unsafe { set_mro_error(to_merge, &remain) };
        return Err(());
    }
}

/// The `TypeError` of a failed merge: the heads left, in first-seen
/// order, as CPython's `set_mro_error` builds it (in a 1000-byte buffer,
/// so a very long message is cut).
///
/// # Safety
/// Every item must be a live type object.
unsafe fn set_mro_error(to_merge: &[&[*mut PyObject]], remain: &[usize]) {
    let mut heads: Vec<*mut PyObject> = Vec::new();
    for (l, &r) in to_merge.iter().zip(remain) {
        if let Some(&c) = l.get(r)
            && !heads.contains(&c)
        {
            heads.push(c);
        }
    }
    let mut names = Vec::with_capacity(heads.len());
    for &h in &heads {
        // SAFETY: live per the contract.
        let Some(name) = (unsafe { class_name(h) }) else {
            return;
        };
        names.push(name);
    }
    let mut message = format!(
        "Cannot create a consistent method resolution\norder (MRO) for bases {}",
        names.join(", ")
    );
    if message.len() > 999 {
        let mut cut = 999;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
    }
    errors::raise(Exc::TypeError, message);
}

/// Whether `ty` adds fields to `base`'s instances, not counting an
/// instance dict or weak-reference list a heap type appended (CPython's
/// `extra_ivars`).
///
/// # Safety
/// Both must be live type objects.
unsafe fn extra_ivars(ty: *mut PyTypeObject, base: *mut PyTypeObject) -> bool {
    // SAFETY: per the contract.
    unsafe {
        let (t, b) = (&*ty, &*base);
        let mut t_size = t.tp_basicsize;
        if t.tp_itemsize != 0 || b.tp_itemsize != 0 {
            return t_size != b.tp_basicsize || t.tp_itemsize != b.tp_itemsize;
        }
        let ptr_size = size_of::<*mut PyObject>() as Py_ssize_t;
        let heap = t.tp_flags & Py_TPFLAGS_HEAPTYPE != 0;
        if heap
            && t.tp_weaklistoffset != 0
            && b.tp_weaklistoffset == 0
            && t.tp_weaklistoffset + ptr_size == t_size
        {
            t_size -= ptr_size;
        }
        if heap
            && t.tp_dictoffset != 0
            && b.tp_dictoffset == 0
            && t.tp_dictoffset + ptr_size == t_size
        {
            t_size -= ptr_size;
        }
        t_size != b.tp_basicsize
    }
}

/// The nearest type along the `tp_base` chain whose instances have a
/// different layout from its base's (CPython's `solid_base`).
///
/// # Safety
/// `ty` must be a live, ready type object.
unsafe fn solid_base(ty: *mut PyTypeObject) -> *mut PyTypeObject {
    // SAFETY: per the contract; the base chain is live.
    unsafe {
        let mut chain = vec![ty];
        while let Some(&last) = chain.last()
            && !(*last).tp_base.is_null()
        {
            chain.push((*last).tp_base);
        }
        // Fold from the root down, as CPython's recursion returns.
        let mut solid = PyBaseObject_Type.get();
        for &t in chain.iter().rev() {
            if extra_ivars(t, solid) {
                solid = t;
            }
        }
        solid
    }
}

/// The base whose instance layout a new type with these bases extends
/// (CPython's `best_base`): of the bases' solid bases, the one every
/// other derives from. Readies the bases.
///
/// Fails with `TypeError("bases must be types")`, `("type 'B' is not an
/// acceptable base type")` or `("multiple bases have instance lay-out
/// conflict")`.
///
/// # Safety
/// `bases` must be a live non-empty tuple.
unsafe fn best_base(bases: *mut PyObject) -> Option<*mut PyTypeObject> {
    // SAFETY: per the contract; every type reached is live.
    unsafe {
        let mut best: Option<(*mut PyTypeObject, *mut PyTypeObject)> = None;
        for &b in tuple_items(bases) {
            if !is_type(b) {
                errors::raise(Exc::TypeError, "bases must be types");
                return None;
            }
            let b = b.cast::<PyTypeObject>();
            if !ensure_ready(b) {
                return None;
            }
            if (*b).tp_flags & Py_TPFLAGS_BASETYPE == 0 {
                errors::raise(
                    Exc::TypeError,
                    format!("type '{}' is not an acceptable base type", tp_name(b, 100)),
                );
                return None;
            }
            let candidate = solid_base(b);
            match best {
                None => best = Some((candidate, b)),
                Some((winner, _)) if is_subtype(winner, candidate) => {}
                Some((winner, _)) if is_subtype(candidate, winner) => best = Some((candidate, b)),
                Some(_) => {
                    errors::raise(
                        Exc::TypeError,
                        "multiple bases have instance lay-out conflict",
                    );
                    return None;
                }
            }
        }
        match best {
            Some((_, base)) => Some(base),
            None => Some(PyBaseObject_Type.get()),
        }
    }
}

// ==========================================================================
// Lookup and subtypes
// ==========================================================================

/// `_PyType_Lookup(type, name)`: the first definition of `name` in the
/// dicts along the type's MRO, as a borrowed reference, or NULL (without
/// an error; a failing dict lookup is cleared, as in CPython). A type
/// still being readied (or whose MRO [`type_clear`] dropped) is searched
/// along its `tp_base` chain.
///
/// # Safety
/// `ty` must be a live type object, `name` a live `str`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyType_Lookup(
    ty: *mut PyTypeObject,
    name: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract; a type's MRO holds live types.
    unsafe {
        // A type this thread is readying is searched as it stands (CPython
        // does the same); any other is readied first, or waited for.
        let flags = flags_of(ty);
        let readying_here = flags & Py_TPFLAGS_READYING != 0 && READY_LOCK.held_by_current_thread();
        if flags & Py_TPFLAGS_READY == 0 && !readying_here && !ensure_ready(ty) {
            errors::PyErr_Clear();
            return ptr::null_mut();
        }
        // The dict of one type: Some(found or NULL), None on an error
        // (cleared).
        let find = |t: *mut PyTypeObject| -> Option<*mut PyObject> {
            let dict = (*t).tp_dict;
            if dict.is_null() {
                return Some(ptr::null_mut());
            }
            let res = PyDict_GetItemWithError(dict, name);
            if res.is_null() && !errors::PyErr_Occurred().is_null() {
                errors::PyErr_Clear();
                return None;
            }
            Some(res)
        };
        let mro = mro_of(ty);
        if !mro.is_null() {
            // Held while the dicts are searched: a lookup may run code
            // (a key's __eq__) that replaces the MRO.
            let mro = Owned::borrowed(mro);
            for &t in tuple_items(mro.as_ptr()) {
                match find(t.cast()) {
                    Some(res) if res.is_null() => {}
                    Some(res) => return res,
                    None => return ptr::null_mut(),
                }
            }
            return ptr::null_mut();
        }
        let mut t = ty;
        while !t.is_null() {
            match find(t) {
                Some(res) if res.is_null() => {}
                Some(res) => return res,
                None => return ptr::null_mut(),
            }
            t = (*t).tp_base;
        }
    }
    ptr::null_mut()
}

/// Whether `a` is `b` or derives from it: `b` is in `a`'s MRO, or, before
/// the MRO exists, on its `tp_base` chain (every type derives from
/// `object`), as CPython's `PyType_IsSubtype` decides.
///
/// # Safety
/// Both must be NULL or live type objects.
pub(crate) unsafe fn is_subtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> bool {
    if a.is_null() {
        return false;
    }
    // SAFETY: a live type's MRO is a live tuple of types.
    let mro = unsafe { mro_of(a) };
    if !mro.is_null() {
        // SAFETY: as above.
        return unsafe { tuple_items(mro) }.contains(&b.cast());
    }
    let mut t = a;
    while !t.is_null() {
        if t == b {
            return true;
        }
        // SAFETY: a live type's base is a live type or NULL.
        t = unsafe { (*t).tp_base };
    }
    b == PyBaseObject_Type.get()
}

/// `PyType_IsSubtype(a, b)`: 1 when `a` is `b` or a subtype of it, else 0.
///
/// # Safety
/// Both must be NULL or live type objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_IsSubtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> c_int {
    if a.is_null() || b.is_null() {
        return 0;
    }
    // SAFETY: forwarded contract.
    unsafe { is_subtype(a, b) as c_int }
}

/// `PyObject_TypeCheck(op, type)` as a function (the header has an inline
/// version): whether `op`'s type is `type` or a subtype of it.
///
/// # Safety
/// `op` must be NULL or a live object, `ty` NULL or a live type.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_TypeCheck(op: *mut PyObject, ty: *mut PyTypeObject) -> c_int {
    if op.is_null() {
        return 0;
    }
    // SAFETY: forwarded contract.
    unsafe { PyType_IsSubtype(type_of(op), ty) }
}

// ==========================================================================
// isinstance() and issubclass() (CPython's abstract.c)
// ==========================================================================

/// `cls.__bases__` when it is a tuple (CPython's `abstract_get_bases`):
/// None otherwise, with the error set only if the lookup itself failed.
///
/// # Safety
/// `cls` must be a live object.
unsafe fn abstract_get_bases(cls: *mut PyObject) -> Option<Owned> {
    let key = Owned::new(unicode_from_str("__bases__"))?;
    let mut bases = ptr::null_mut();
    // SAFETY: per the contract.
    unsafe { crate::objects::object::_PyObject_LookupAttr(cls, key.as_ptr(), &mut bases) };
    let bases = Owned::new(bases)?;
    // SAFETY: a live object.
    unsafe { is_tuple(bases.as_ptr()) }.then_some(bases)
}

/// Whether `cls` has a tuple of `__bases__`; false with `TypeError(error)`
/// (unless the lookup raised something else) when it has not.
///
/// # Safety
/// `cls` must be a live object.
unsafe fn check_class(cls: *mut PyObject, error: &str) -> bool {
    // SAFETY: per the contract.
    if unsafe { abstract_get_bases(cls) }.is_some() {
        return true;
    }
    if errors::PyErr_Occurred().is_null() {
        errors::raise(Exc::TypeError, error);
    }
    false
}

/// Whether `cls` is `derived` or among its `__bases__`, recursively
/// (CPython's `abstract_issubclass`): 1, 0 or -1.
///
/// # Safety
/// Both must be live objects.
unsafe fn abstract_issubclass(mut derived: *mut PyObject, cls: *mut PyObject) -> c_int {
    // SAFETY: per the contract; `bases` keeps the current item alive.
    unsafe {
        let mut bases;
        loop {
            if derived == cls {
                return 1;
            }
            bases = abstract_get_bases(derived);
            let Some(b) = &bases else {
                return if errors::PyErr_Occurred().is_null() {
                    0
                } else {
                    -1
                };
            };
            match PyTuple_Size(b.as_ptr()) {
                0 => return 0,
                1 => derived = PyTuple_GetItem(b.as_ptr(), 0),
                _ => break,
            }
        }
        let bases = bases.expect("checked in the loop");
        let Some(_guard) = crate::objects::object::RecursionGuard::enter(" in __issubclass__")
        else {
            return -1;
        };
        for i in 0..PyTuple_Size(bases.as_ptr()) {
            let r = abstract_issubclass(PyTuple_GetItem(bases.as_ptr(), i), cls);
            if r != 0 {
                return r;
            }
        }
        0
    }
}

/// CPython's `object_isinstance`: the type check, then `__class__`.
///
/// # Safety
/// Both must be live objects.
unsafe fn object_isinstance(inst: *mut PyObject, cls: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let Some(key) = Owned::new(unicode_from_str("__class__")) else {
            return -1;
        };
        let mut icls = ptr::null_mut();
        if is_type(cls) {
            if is_subtype(type_of(inst), cls.cast()) {
                return 1;
            }
            let r = crate::objects::object::_PyObject_LookupAttr(inst, key.as_ptr(), &mut icls);
            let Some(icls) = Owned::new(icls) else {
                return r.min(0);
            };
            let icls = icls.as_ptr();
            (icls != type_of(inst).cast() && is_type(icls) && is_subtype(icls.cast(), cls.cast()))
                as c_int
        } else {
            if !check_class(
                cls,
                "isinstance() arg 2 must be a type, a tuple of types, or a union",
            ) {
                return -1;
            }
            let r = crate::objects::object::_PyObject_LookupAttr(inst, key.as_ptr(), &mut icls);
            match Owned::new(icls) {
                Some(icls) => abstract_issubclass(icls.as_ptr(), cls),
                None => r.min(0),
            }
        }
    }
}

/// CPython's `_PyObject_LookupSpecial(v, name)`: the attribute `name` of
/// `v`'s type, bound to `v` as a method lookup binds it. `Ok(None)` when the
/// type has none; `Err` with the binding's error.
///
/// # Safety
/// `v` must be a live object.
pub(crate) unsafe fn lookup_special(v: *mut PyObject, name: &str) -> Result<Option<Owned>, ()> {
    let key = Owned::new(unicode_from_str(name)).ok_or(())?;
    // SAFETY: live per the contract; the found attribute is borrowed from
    // the type's dict and referenced before anything can run.
    unsafe {
        let ty = type_of(v);
        let found = _PyType_Lookup(ty, key.as_ptr());
        if found.is_null() {
            return if errors::PyErr_Occurred().is_null() {
                Ok(None)
            } else {
                Err(())
            };
        }
        let found = Owned::borrowed(found);
        match (*type_of(found.as_ptr())).tp_descr_get {
            Some(get) => Owned::new(get(found.as_ptr(), v, ty.cast()))
                .map(Some)
                .ok_or(()),
            None => Ok(Some(found)),
        }
    }
}

/// Calls `cls`'s special method `name` (looked up on its type, as CPython's
/// `_PyObject_LookupSpecial`) with `arg`, as a truth value; None when the
/// type has no such method.
///
/// # Safety
/// Both must be live objects.
unsafe fn call_special_check(
    cls: *mut PyObject,
    name: &str,
    arg: *mut PyObject,
    where_: &str,
) -> Option<c_int> {
    // SAFETY: per the contract; the descriptor is bound to `cls` as a
    // method lookup binds it.
    unsafe {
        let key = Owned::new(unicode_from_str(name))?;
        let meta = type_of(cls);
        let found = _PyType_Lookup(meta, key.as_ptr());
        if found.is_null() {
            return None;
        }
        let found = Owned::borrowed(found);
        let bound = match (*type_of(found.as_ptr())).tp_descr_get {
            Some(get) => Owned::new(get(found.as_ptr(), cls, meta.cast())),
            None => Some(Owned::borrowed(found.as_ptr())),
        };
        let Some(bound) = bound else {
            return Some(-1);
        };
        let Some(_guard) = crate::objects::object::RecursionGuard::enter(where_) else {
            return Some(-1);
        };
        let Some(res) = Owned::new(crate::objects::call::PyObject_CallOneArg(
            bound.as_ptr(),
            arg,
        )) else {
            return Some(-1);
        };
        Some(crate::objects::object::PyObject_IsTrue(res.as_ptr()))
    }
}

/// `PyObject_IsInstance(inst, cls)`: `isinstance(inst, cls)`: 1, 0, or -1
/// with an error. `cls` may be a type, a tuple of them (nested), or an
/// object with `__bases__` (as CPython's abstract classes); a class whose
/// metatype defines `__instancecheck__` is asked.
///
/// Fails (-1) with `TypeError("isinstance() arg 2 must be a type, a tuple
/// of types, or a union")`, `RecursionError`, or what a check raised.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_IsInstance(inst: *mut PyObject, cls: *mut PyObject) -> c_int {
    if inst.is_null() || cls.is_null() {
        crate::objects::object::null_error();
        return -1;
    }
    // SAFETY: per the contract.
    unsafe {
        if type_of(inst).cast::<PyObject>() == cls {
            return 1;
        }
        if type_of(cls) == PyType_Type.get() {
            return object_isinstance(inst, cls);
        }
        if is_tuple(cls) {
            let Some(_guard) =
                crate::objects::object::RecursionGuard::enter(" in __instancecheck__")
            else {
                return -1;
            };
            for i in 0..PyTuple_Size(cls) {
                let r = PyObject_IsInstance(inst, PyTuple_GetItem(cls, i));
                if r != 0 {
                    return r;
                }
            }
            return 0;
        }
        if let Some(r) = call_special_check(cls, "__instancecheck__", inst, " in __instancecheck__")
        {
            return r;
        }
        object_isinstance(inst, cls)
    }
}

/// CPython's `recursive_issubclass`.
///
/// # Safety
/// Both must be live objects.
unsafe fn recursive_issubclass(derived: *mut PyObject, cls: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if is_type(cls) && is_type(derived) {
            return is_subtype(derived.cast(), cls.cast()) as c_int;
        }
        if !check_class(derived, "issubclass() arg 1 must be a class") {
            return -1;
        }
        if !check_class(
            cls,
            "issubclass() arg 2 must be a class, a tuple of classes, or a union",
        ) {
            return -1;
        }
        abstract_issubclass(derived, cls)
    }
}

/// `PyObject_IsSubclass(derived, cls)`: `issubclass(derived, cls)`: 1, 0,
/// or -1 with an error; `cls` as for [`PyObject_IsInstance`].
///
/// Fails (-1) with `TypeError("issubclass() arg 1 must be a class")` or
/// `("issubclass() arg 2 must be a class, a tuple of classes, or a
/// union")`, `RecursionError`, or what a check raised.
///
/// # Safety
/// Both must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_IsSubclass(derived: *mut PyObject, cls: *mut PyObject) -> c_int {
    if derived.is_null() || cls.is_null() {
        crate::objects::object::null_error();
        return -1;
    }
    // SAFETY: per the contract.
    unsafe {
        if type_of(cls) == PyType_Type.get() {
            if derived == cls {
                return 1;
            }
            return recursive_issubclass(derived, cls);
        }
        if is_tuple(cls) {
            let Some(_guard) =
                crate::objects::object::RecursionGuard::enter(" in __subclasscheck__")
            else {
                return -1;
            };
            for i in 0..PyTuple_Size(cls) {
                let r = PyObject_IsSubclass(derived, PyTuple_GetItem(cls, i));
                if r != 0 {
                    return r;
                }
            }
            return 0;
        }
        if let Some(r) =
            call_special_check(cls, "__subclasscheck__", derived, " in __subclasscheck__")
        {
            return r;
        }
        recursive_issubclass(derived, cls)
    }
}

// ==========================================================================
// Names and docstrings
// ==========================================================================

/// The part of `tp_name` after its last dot (CPython's `_PyType_Name`).
fn short_name(full: &[u8]) -> &[u8] {
    match full.iter().rposition(|&c| c == b'.') {
        Some(i) => &full[i + 1..],
        None => full,
    }
}

/// `tp_name` of a live type as bytes.
///
/// # Safety
/// `ty` must be a live type with a non-NULL name.
unsafe fn name_bytes<'a>(ty: *mut PyTypeObject) -> &'a [u8] {
    // SAFETY: per the contract.
    unsafe { CStr::from_ptr((*ty).tp_name) }.to_bytes()
}

/// `type.__name__`: `ht_name` for heap types, the last part of `tp_name`
/// for static types.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn type_name_obj(ty: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if is_heap_type(ty) {
            let name = (*ty.cast::<PyHeapTypeObject>()).ht_name;
            Py_IncRef(name);
            return name;
        }
        let s = short_name(name_bytes(ty));
        PyUnicode_FromStringAndSize(s.as_ptr().cast(), s.len() as Py_ssize_t)
    }
}

/// `type.__qualname__`: `ht_qualname` for heap types, `__name__` otherwise.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn type_qualname_obj(ty: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if is_heap_type(ty) {
            let name = (*ty.cast::<PyHeapTypeObject>()).ht_qualname;
            Py_IncRef(name);
            return name;
        }
        type_name_obj(ty)
    }
}

/// `type.__module__`: `__module__` in a heap type's dict (AttributeError
/// when missing), or the part of a static type's `tp_name` before its last
/// dot, `"builtins"` when there is none.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn type_module_obj(ty: *mut PyTypeObject) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        if is_heap_type(ty) {
            let Some(key) = Owned::new(unicode_from_str("__module__")) else {
                return ptr::null_mut();
            };
            let m = PyDict_GetItemWithError((*ty).tp_dict, key.as_ptr());
            if m.is_null() {
                if errors::PyErr_Occurred().is_null() {
                    errors::raise(Exc::AttributeError, "__module__");
                }
                return ptr::null_mut();
            }
            Py_IncRef(m);
            return m;
        }
        let full = name_bytes(ty);
        match full.iter().rposition(|&c| c == b'.') {
            Some(i) => PyUnicode_FromStringAndSize(full.as_ptr().cast(), i as Py_ssize_t),
            None => unicode_from_str("builtins"),
        }
    }
}

/// `module.Qualname` as `repr()` shows a type or instance, or `tp_name`
/// for built-in types (module `builtins` or unknown); None with the error
/// set when the qualname cannot be read.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn qualified_name(ty: *mut PyTypeObject) -> Option<String> {
    // SAFETY: per the contract.
    unsafe {
        let module = Owned::new(type_module_obj(ty));
        if module.is_none() {
            errors::PyErr_Clear();
        }
        let module = module
            .filter(|m| is_str(m.as_ptr()))
            .map(|m| text_of(m.as_ptr()));
        let qualname = Owned::new(type_qualname_obj(ty))?;
        match module {
            Some(m) if m != "builtins" => Some(format!("{m}.{}", text_of(qualname.as_ptr()))),
            _ => Some(c_text((*ty).tp_name, usize::MAX)),
        }
    }
}

/// The docstring without the `name(...)\n--\n\n` signature line that
/// Argument Clinic puts first (CPython's `_PyType_DocWithoutSignature`).
pub(crate) fn doc_without_signature<'a>(name: &[u8], doc: &'a [u8]) -> &'a [u8] {
    match signature_span(name, doc) {
        Some((_, end)) => &doc[end..],
        None => doc,
    }
}

/// The signature `(...)` at the start of `doc` (CPython's
/// `_PyType_GetTextSignatureFromInternalDoc`), or None.
pub(crate) fn text_signature<'a>(name: &[u8], doc: &'a [u8]) -> Option<&'a [u8]> {
    let (start, end) = signature_span(name, doc)?;
    Some(&doc[start..end - (MARKER.len() - 1)])
}

const MARKER: &[u8] = b")\n--\n\n";

/// Where the signature starts (at `(`) and where the text after its end
/// marker starts, when `doc` begins with `<last part of name>(` and has the
/// marker before any blank line.
fn signature_span(name: &[u8], doc: &[u8]) -> Option<(usize, usize)> {
    let name = short_name(name);
    let rest = doc.strip_prefix(name)?;
    if rest.first() != Some(&b'(') {
        return None;
    }
    let start = name.len();
    let mut i = start;
    while i < doc.len() {
        if doc[i..].starts_with(MARKER) {
            return Some((start, i + MARKER.len()));
        }
        if doc[i] == b'\n' && doc.get(i + 1) == Some(&b'\n') {
            return None;
        }
        i += 1;
    }
    None
}

/// `__doc__` from a C docstring: the text without its signature, or None
/// when that is empty (`only_if_nonempty` false gives `""` as CPython's
/// heap types do).
///
/// # Safety
/// `name` and `doc` must be NUL-terminated.
pub(crate) unsafe fn doc_object(
    name: *const c_char,
    doc: *const c_char,
    empty_is_none: bool,
) -> Option<Owned> {
    // SAFETY: per the contract.
    let (name, doc) = unsafe {
        (
            CStr::from_ptr(name).to_bytes(),
            CStr::from_ptr(doc).to_bytes(),
        )
    };
    let text = doc_without_signature(name, doc);
    if text.is_empty() && empty_is_none {
        return Some(Owned::new(none()).expect("None is immortal"));
    }
    // SAFETY: `text` is a byte range of the docstring.
    Owned::new(unsafe { PyUnicode_FromStringAndSize(text.as_ptr().cast(), text.len() as isize) })
}

// ==========================================================================
// `type`: the metatype
// ==========================================================================

/// Calling a type (`type.__call__`): `tp_new`, then `tp_init` when the
/// result is an instance of the type, as CPython does; `type(x)` with one
/// argument returns `x`'s type.
///
/// `type(name, bases, dict)` makes a heap type ([`type_new`]).
///
/// Fails (NULL) with `TypeError("cannot create 'T' instances")` for types
/// without `tp_new`, `TypeError("type() takes 1 or 3 arguments")`, or what
/// `tp_new` / `tp_init` raised.
unsafe extern "C" fn type_call(
    callable: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    let ty = callable.cast::<PyTypeObject>();
    // SAFETY: called as `tp_call` of a live type with a tuple and NULL or
    // a dict; each slot is the type's own.
    unsafe {
        if ty == PyType_Type.get() {
            let nargs = PyTuple_Size(args);
            if nargs == 1 {
                // CPython's type_vectorcall, which PyObject_Call prefers.
                if crate::python::getargs::_PyArg_NoKeywords(c"type".as_ptr(), kwds) == 0 {
                    return ptr::null_mut();
                }
                let obj = PyTuple_GetItem(args, 0);
                let t = type_of(obj).cast::<PyObject>();
                Py_IncRef(t);
                return t;
            }
            if nargs != 3 {
                return errors::fail_null(Exc::TypeError, "type() takes 1 or 3 arguments");
            }
        }
        if !ensure_ready(ty) {
            return ptr::null_mut();
        }
        let Some(new) = (*ty).tp_new else {
            return errors::fail_null(
                Exc::TypeError,
                format!("cannot create '{}' instances", tp_name(ty, usize::MAX)),
            );
        };
        let obj = crate::objects::call::check_function_result(callable, new(ty, args, kwds));
        if obj.is_null() || !is_subtype(type_of(obj), ty) {
            return obj;
        }
        let t = type_of(obj);
        if let Some(init) = (*t).tp_init
            && init(obj, args, kwds) < 0
        {
            Py_DecRef(obj);
            return ptr::null_mut();
        }
        obj
    }
}

/// CPython's `slot_tp_init`, the `tp_init` of a class whose dict has
/// `__init__`: looks `__init__` up along the instance's type's MRO, calls
/// it with the instance first (a method descriptor is called unbound with
/// it, any other descriptor bound through its `__get__`, a plain callable
/// as it is), and insists on a None result.
unsafe extern "C" fn slot_tp_init(
    slf: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: called as `tp_init` with a live instance and the call's
    // tuple and dict (or NULL); every object reached is live.
    unsafe {
        let ty = type_of(slf);
        let Some(name) = Owned::new(unicode_from_str("__init__")) else {
            return -1;
        };
        let meth = _PyType_Lookup(ty, name.as_ptr());
        if meth.is_null() {
            return errors::fail(Exc::AttributeError, "__init__");
        }
        let Some(meth) = Owned::new({
            Py_IncRef(meth);
            meth
        }) else {
            return -1;
        };
        let mty = type_of(meth.as_ptr());
        let res = if (*mty).tp_flags & Py_TPFLAGS_METHOD_DESCRIPTOR != 0 {
            let n = PyTuple_Size(args);
            let mut items = Vec::with_capacity(n as usize + 1);
            items.push(slf);
            for i in 0..n {
                items.push(PyTuple_GetItem(args, i));
            }
            let Some(full) = Owned::new(tuple_from_slice(&items)) else {
                return -1;
            };
            crate::objects::call::PyObject_Call(meth.as_ptr(), full.as_ptr(), kwds)
        } else if let Some(get) = (*mty).tp_descr_get {
            let Some(bound) = Owned::new(get(meth.as_ptr(), slf, ty.cast())) else {
                return -1;
            };
            crate::objects::call::PyObject_Call(bound.as_ptr(), args, kwds)
        } else {
            crate::objects::call::PyObject_Call(meth.as_ptr(), args, kwds)
        };
        let Some(res) = Owned::new(res) else {
            return -1;
        };
        if res.as_ptr() != py_none() {
            return errors::fail(
                Exc::TypeError,
                format!(
                    "__init__() should return None, not '{}'",
                    crate::objects::object::type_name_max(res.as_ptr(), 200)
                ),
            );
        }
        0
    }
}

/// `type.__new__(metatype, name, bases, dict, **kwds)`, `type`'s
/// `tp_new` (CPython's `type_new`): checks the arguments, finds the most
/// derived metaclass of `metatype` and the bases' metatypes, hands the
/// call to that metaclass's `tp_new` when it is not this one, and makes
/// the class ([`type_new`]).
///
/// Fails (NULL) with `TypeError("type.__new__() takes exactly 3
/// arguments (N given)")`, `("type.__new__() argument 1 must be str, not
/// int")`, the metaclass conflict, or what making the class raised.
///
/// # Safety
/// `metatype` a live type deriving from `type`; `args` a live tuple;
/// `kwds` NULL or a dict.
unsafe extern "C" fn type_tp_new(
    metatype: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract; every object reached is live.
    unsafe {
        let n = PyTuple_Size(args);
        if n != 3 {
            return errors::fail_null(
                Exc::TypeError,
                format!("type.__new__() takes exactly 3 arguments ({n} given)"),
            );
        }
        let (name, bases, dict) = (
            PyTuple_GetItem(args, 0),
            PyTuple_GetItem(args, 1),
            PyTuple_GetItem(args, 2),
        );
        for (i, (o, want, ok)) in [
            (name, "str", is_str(name)),
            (bases, "tuple", is_tuple(bases)),
            (dict, "dict", crate::objects::dictobject::is_dict(dict)),
        ]
        .into_iter()
        .enumerate()
        {
            if !ok {
                return errors::fail_null(
                    Exc::TypeError,
                    format!(
                        "type.__new__() argument {} must be {want}, not {}",
                        i + 1,
                        crate::objects::object::type_name_max(o, usize::MAX)
                    ),
                );
            }
        }
        // A base that is not a type but has `__mro_entries__` (a generic
        // alias) needs `types.new_class()` (CPython's
        // type_new_get_bases).
        for &b in tuple_items(bases) {
            if is_type(b) {
                continue;
            }
            let Some(key) = Owned::new(unicode_from_str("__mro_entries__")) else {
                return ptr::null_mut();
            };
            let mut entries = ptr::null_mut();
            match crate::objects::object::_PyObject_LookupAttr(b, key.as_ptr(), &mut entries) {
                r if r < 0 => return ptr::null_mut(),
                0 => {}
                _ => {
                    Py_DecRef(entries);
                    return errors::fail_null(
                        Exc::TypeError,
                        "type() doesn't support MRO entry resolution; use types.new_class()",
                    );
                }
            }
        }
        let mut metatype = metatype;
        if PyTuple_Size(bases) > 0 {
            let winner = _PyType_CalculateMetaclass(metatype, bases);
            if winner.is_null() {
                return ptr::null_mut();
            }
            if winner != metatype {
                let ours = type_tp_new as *const () as usize;
                match (*winner).tp_new {
                    Some(new) if new as usize != ours => return new(winner, args, kwds),
                    Some(_) => metatype = winner,
                    None => {
                        return errors::fail_null(
                            Exc::TypeError,
                            format!("cannot create '{}' instances", tp_name(winner, usize::MAX)),
                        );
                    }
                }
            }
        }
        type_new(metatype, name, bases, dict, kwds)
    }
}

/// `type.__new__(metatype, *args, **kwds)` for native metaclasses whose
/// `__new__` makes the class through `type`'s (see [`type_tp_new`]).
///
/// # Safety
/// As [`type_tp_new`].
pub(crate) unsafe fn type_new_of(
    metatype: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { type_tp_new(metatype, args, kwds) }
}

/// CPython's `_PyType_CalculateMetaclass(metatype, bases)`: the most
/// derived of `metatype` and the bases' types (borrowed).
///
/// Fails (NULL) with `TypeError("metaclass conflict: ...")` when one of
/// them is not a subclass or superclass of the others.
///
/// # Safety
/// `metatype` a live type, `bases` a live tuple.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyType_CalculateMetaclass(
    metatype: *mut PyTypeObject,
    bases: *mut PyObject,
) -> *mut PyTypeObject {
    // SAFETY: per the contract.
    unsafe {
        let mut winner = metatype;
        for &b in tuple_items(bases) {
            let t = type_of(b);
            if is_subtype(winner, t) {
                continue;
            }
            if is_subtype(t, winner) {
                winner = t;
                continue;
            }
            return errors::fail_null(
                Exc::TypeError,
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
                 subclass of the metaclasses of all its bases",
            );
        }
        winner
    }
}

/// `type(name, bases, dict)`: a new heap type (CPython's `type_new`)
/// deriving from the bases (none: `object`), laid out as an extension of
/// the best base ([`best_base`]), with the dict's items, `__qualname__`
/// from the dict, and, unless `__slots__` says otherwise, an instance
/// dict and weak references where the best base has none (with
/// `__slots__`, where a secondary base has them). `__slots__` (a string
/// or an iterable of them) become `T_OBJECT_EX` members, private names
/// mangled; `__dict__` and `__weakref__` in it ask for those. Without a
/// Python frame, `__module__` is left unset unless the dict has it, as
/// CPython does when called from C alone.
///
/// Fails (NULL) with CPython's `TypeError`s for arguments of the wrong
/// type, a base that is not a type ("metaclass conflict: ..."), not an
/// acceptable base, or whose layout conflicts with another's, bad
/// `__slots__` or `__qualname__`, an inconsistent MRO or a duplicate base
/// ([`mro_implementation`]), what `__set_name__` (as `RuntimeError`) or
/// `__init_subclass__` raised, `ValueError` for a slot that conflicts
/// with a class variable.
///
/// # Safety
/// `metatype` must be `type` or a subtype; `name`, `bases`, `dict` live
/// and of the checked types; `kwds` NULL or a dict.
unsafe fn type_new(
    metatype: *mut PyTypeObject,
    name: *mut PyObject,
    bases: *mut PyObject,
    dict: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract; every object reached is live.
    unsafe {
        let name_text = text_of(name);
        // No bases means object; the layout extends the best base's.
        let bases = if PyTuple_Size(bases) == 0 {
            let Some(t) = Owned::new(tuple_from_slice(&[PyBaseObject_Type.get().cast()])) else {
                return ptr::null_mut();
            };
            t
        } else {
            Owned::borrowed(bases)
        };
        let Some(base) = best_base(bases.as_ptr()) else {
            return ptr::null_mut();
        };
        let Some(mut slots) = type_new_slots(&name_text, base, dict) else {
            return ptr::null_mut();
        };
        // With __slots__, a secondary base that has an instance dict or
        // weak references gives them to the class even though __slots__
        // does not ask (CPython's type_new_slots).
        let may_add_dict = (*base).tp_dictoffset == 0;
        let may_add_weak = (*base).tp_weaklistoffset == 0 && (*base).tp_itemsize == 0;
        if slots.declared {
            for &b in tuple_items(bases.as_ptr()) {
                let b = b.cast::<PyTypeObject>();
                if b == base {
                    continue;
                }
                if may_add_dict && !slots.add_dict && (*b).tp_dictoffset != 0 {
                    slots.add_dict = true;
                }
                if may_add_weak && !slots.add_weak && (*b).tp_weaklistoffset != 0 {
                    slots.add_weak = true;
                }
            }
        }
        let ptr_size = size_of::<*mut PyObject>() as Py_ssize_t;
        let mut offset = (*base).tp_basicsize;
        let mut members: Vec<PyMemberDef> = Vec::new();
        for s in &slots.names {
            members.push(member_def(
                crate::objects::unicodeobject::PyUnicode_AsUTF8(s.as_ptr()),
                T_OBJECT_EX,
                offset,
                0,
            ));
            offset += ptr_size;
        }
        let add_dict = slots.add_dict && (*base).tp_dictoffset == 0;
        let add_weak = slots.add_weak && (*base).tp_weaklistoffset == 0 && (*base).tp_itemsize == 0;
        if add_dict {
            let dictoffset = if (*base).tp_itemsize != 0 {
                -ptr_size
            } else {
                offset
            };
            members.push(member_def(
                c"__dictoffset__".as_ptr(),
                T_PYSSIZET,
                dictoffset,
                READONLY,
            ));
            offset += ptr_size;
        }
        if add_weak {
            members.push(member_def(
                c"__weaklistoffset__".as_ptr(),
                T_PYSSIZET,
                offset,
                READONLY,
            ));
            offset += ptr_size;
        }
        members.push(member_def(ptr::null(), 0, 0, 0));
        let Ok(cname) = std::ffi::CString::new(name_text.as_bytes()) else {
            return errors::fail_null(
                Exc::ValueError,
                "type name must not contain null characters",
            );
        };
        // The class dict starts as a copy of `dict` (CPython's
        // type_new_init), so its items come first, in their order, and
        // readying adds only what they leave out. `__qualname__` and
        // `__classcell__` leave it (type_new_set_ht_name,
        // type_new_set_classcell).
        let Some(seed) = Owned::new(crate::objects::dictobject::PyDict_Copy(dict)) else {
            return ptr::null_mut();
        };
        let take = |key: &str| -> Result<Option<Owned>, ()> {
            let key = Owned::new(unicode_from_str(key)).ok_or(())?;
            let v = PyDict_GetItemWithError(seed.as_ptr(), key.as_ptr());
            if v.is_null() {
                return if errors::PyErr_Occurred().is_null() {
                    Ok(None)
                } else {
                    Err(())
                };
            }
            let v = Owned::borrowed(v);
            if PyDict_DelItem(seed.as_ptr(), key.as_ptr()) < 0 {
                return Err(());
            }
            Ok(Some(v))
        };
        let qualname = match take("__qualname__") {
            Err(()) => return ptr::null_mut(),
            Ok(None) => Owned::borrowed(name),
            Ok(Some(q)) if is_str(q.as_ptr()) => q,
            Ok(Some(q)) => {
                return errors::fail_null(
                    Exc::TypeError,
                    format!(
                        "type __qualname__ must be a str, not {}",
                        crate::objects::object::type_name_max(q.as_ptr(), usize::MAX)
                    ),
                );
            }
        };
        let classcell = match take("__classcell__") {
            Err(()) => return ptr::null_mut(),
            Ok(None) => None,
            Ok(Some(c)) if crate::objects::cellobject::is_cell(c.as_ptr()) => Some(c),
            Ok(Some(c)) => {
                let Some(t) = crate::objects::object::repr(type_of(c.as_ptr()).cast()) else {
                    return ptr::null_mut();
                };
                return errors::fail_null(
                    Exc::TypeError,
                    format!("__classcell__ must be a nonlocal cell, not {t}"),
                );
            }
        };
        // `__dict__` and `__weakref__` descriptors for what this class
        // adds (CPython's subtype_getsets_*).
        let getsets = SUBTYPE_GETSETS.get().cast::<PyGetSetDef>();
        let getsets = match (add_dict, add_weak) {
            (true, true) => getsets,
            (true, false) => SUBTYPE_GETSETS_DICT.get().cast(),
            (false, true) => getsets.add(1),
            (false, false) => getsets.add(2),
        };
        let mut type_slots = [
            PyType_Slot {
                slot: Py_tp_members,
                pfunc: members.as_mut_ptr().cast(),
            },
            PyType_Slot {
                slot: Py_tp_getset,
                pfunc: getsets.cast(),
            },
            PyType_Slot {
                slot: Py_tp_traverse,
                pfunc: fn_to_ptr::<traverseproc>(subtype_traverse),
            },
            PyType_Slot {
                slot: 0,
                pfunc: ptr::null_mut(),
            },
        ];
        let mut spec = PyType_Spec {
            name: cname.as_ptr(),
            basicsize: offset as c_int,
            itemsize: (*base).tp_itemsize as c_int,
            flags: (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC) as _,
            slots: type_slots.as_mut_ptr(),
        };
        let Some(res) = Owned::new(from_spec(
            metatype,
            ptr::null_mut(),
            &mut spec,
            bases.as_ptr(),
            false,
            seed.as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        let ty = res.as_ptr().cast::<PyTypeObject>();
        let et = ty.cast::<PyHeapTypeObject>();
        // The names: `name` itself (tp_name is its UTF-8, which the spec
        // copied), the qualname from the dict, the slots kept alive with
        // the member names that point into them.
        Py_IncRef(name);
        Py_DecRef(ptr::replace(&raw mut (*et).ht_name, name));
        Py_DecRef(ptr::replace(
            &raw mut (*et).ht_qualname,
            qualname.into_raw(),
        ));
        if slots.declared {
            // The member names point into these strs' UTF-8.
            let names: Vec<*mut PyObject> = slots.names.iter().map(Owned::as_ptr).collect();
            let Some(t) = Owned::new(tuple_from_slice(&names)) else {
                return ptr::null_mut();
            };
            (*et).ht_slots = t.into_raw();
        }
        if let Some(cell) = classcell
            && crate::objects::cellobject::PyCell_Set(cell.as_ptr(), ty.cast()) < 0
        {
            return ptr::null_mut();
        }
        // `__eq__` without `__hash__` makes the class unhashable (CPython's
        // inherit_slots skips tp_hash, then type_ready_set_hash stores
        // `__hash__ = None`).
        let has = |k: &CStr| -> Result<bool, ()> {
            let key = Owned::new(unicode_from_str(&k.to_string_lossy())).ok_or(())?;
            match PyDict_Contains(dict, key.as_ptr()) {
                r if r < 0 => Err(()),
                r => Ok(r == 1),
            }
        };
        match (has(c"__eq__"), has(c"__hash__")) {
            (Ok(true), Ok(false))
                if crate::objects::dictobject::PyDict_SetItemString(
                    (*ty).tp_dict,
                    c"__hash__".as_ptr(),
                    py_none(),
                ) < 0 =>
            {
                return ptr::null_mut();
            }
            (Err(()), _) | (_, Err(())) => return ptr::null_mut(),
            _ => {}
        }
        // The C slots from the dunders along the MRO (`__init__`,
        // `__repr__`, `__eq__`, `__len__`, `__add__`, …), as CPython's
        // fixup_slot_dispatchers sets them.
        dispatch::fixup_slot_dispatchers(ty);
        // A str `__doc__` is also the type's `tp_doc` (a copy the type
        // frees), which C code reads, as CPython's type_new_set_doc does.
        let doc = crate::objects::dictobject::PyDict_GetItemString(dict, c"__doc__".as_ptr());
        if !doc.is_null() && is_str(doc) {
            let mut len: Py_ssize_t = 0;
            let utf8 = crate::objects::unicodeobject::PyUnicode_AsUTF8AndSize(doc, &mut len);
            if utf8.is_null() {
                return ptr::null_mut();
            }
            let copy = crate::objects::obmalloc::PyObject_Malloc(len as usize + 1).cast::<c_char>();
            if copy.is_null() {
                return errors::PyErr_NoMemory();
            }
            ptr::copy_nonoverlapping(utf8, copy, len as usize + 1);
            PyObject_Free((*ty).tp_doc.cast_mut().cast());
            (*ty).tp_doc = copy;
        }
        if set_names(ty) < 0 || init_subclass(ty, kwds) < 0 {
            return ptr::null_mut();
        }
        res.into_raw()
    }
}

/// Calls `__set_name__(cls, name)` of each value of the new class's dict
/// whose type has one (CPython's `type_new_set_names`).
///
/// Fails (-1) with `RuntimeError("Error calling __set_name__ on 'T'
/// instance 'x' in 'C'")` caused by what `__set_name__` raised.
///
/// # Safety
/// `ty` must be a live, ready heap type.
unsafe fn set_names(ty: *mut PyTypeObject) -> c_int {
    // SAFETY: per the contract; the items are held by the copy.
    unsafe {
        let Some(copy) = Owned::new(crate::objects::dictobject::PyDict_Copy((*ty).tp_dict)) else {
            return -1;
        };
        let (mut pos, mut key, mut value) = (0, ptr::null_mut(), ptr::null_mut());
        while crate::objects::dictobject::PyDict_Next(copy.as_ptr(), &mut pos, &mut key, &mut value)
            != 0
        {
            let set_name = match lookup_special(value, "__set_name__") {
                Ok(Some(f)) => f,
                Ok(None) => continue,
                Err(()) => return -1,
            };
            let args = [ty.cast::<PyObject>(), key];
            let res = crate::objects::call::PyObject_Vectorcall(
                set_name.as_ptr(),
                args.as_ptr(),
                2,
                ptr::null_mut(),
            );
            if let Some(res) = Owned::new(res) {
                drop(res);
                continue;
            }
            // The key's repr, with __set_name__'s error put aside.
            let (mut t, mut v, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
            errors::PyErr_Fetch(&mut t, &mut v, &mut tb);
            let k = crate::objects::object::repr(key);
            errors::PyErr_Restore(t, v, tb);
            let Some(k) = k else {
                return -1;
            };
            crate::objects::call::raise_from_cause(
                Exc::RuntimeError,
                format!(
                    "Error calling __set_name__ on '{}' instance {k} in '{}'",
                    crate::objects::object::type_name_max(value, 100),
                    tp_name(ty, 100)
                ),
            );
            return -1;
        }
    }
    0
}

/// Calls `super(cls, cls).__init_subclass__(**kwds)` for a new class
/// (CPython's `type_new_init_subclass`).
///
/// # Safety
/// `ty` must be a live, ready heap type; `kwds` NULL or a dict.
unsafe fn init_subclass(ty: *mut PyTypeObject, kwds: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        let args = [ty.cast::<PyObject>(), ty.cast::<PyObject>()];
        let Some(sup) = Owned::new(crate::objects::call::PyObject_Vectorcall(
            crate::objects::superobject::PySuper_Type.get().cast(),
            args.as_ptr(),
            2,
            ptr::null_mut(),
        )) else {
            return -1;
        };
        let Some(key) = Owned::new(unicode_from_str("__init_subclass__")) else {
            return -1;
        };
        let Some(func) = Owned::new(crate::objects::object::PyObject_GetAttr(
            sup.as_ptr(),
            key.as_ptr(),
        )) else {
            return -1;
        };
        let res =
            crate::objects::call::PyObject_VectorcallDict(func.as_ptr(), ptr::null(), 0, kwds);
        match Owned::new(res) {
            Some(_) => 0,
            None => -1,
        }
    }
}

/// `type.__init__(cls, name, bases, dict, **kwds)` (CPython's
/// `type_init`): only checks the arguments.
///
/// Fails (-1) with `TypeError("type.__init__() takes no keyword
/// arguments")` for keywords with one argument, `("type.__init__() takes
/// 1 or 3 arguments")`.
unsafe extern "C" fn type_init(
    _cls: *mut PyObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> c_int {
    // SAFETY: a tuple and NULL or a dict.
    unsafe {
        let n = PyTuple_Size(args);
        if n == 1 && !kwds.is_null() && crate::objects::dictobject::PyDict_Size(kwds) != 0 {
            return errors::fail(Exc::TypeError, "type.__init__() takes no keyword arguments");
        }
        if n != 1 && n != 3 {
            return errors::fail(Exc::TypeError, "type.__init__() takes 1 or 3 arguments");
        }
    }
    0
}

/// `__weakref__` of instances of classes made by [`type_new`]: the first
/// weak reference to the object, or None.
unsafe extern "C" fn subtype_get_weakref(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live instance of a type with a weak reference list.
    unsafe {
        let offset = (*type_of(op)).tp_weaklistoffset;
        let head = if offset > 0 {
            *op.cast::<u8>().offset(offset).cast::<*mut PyObject>()
        } else {
            ptr::null_mut()
        };
        if head.is_null() {
            return none();
        }
        Py_IncRef(head);
        head
    }
}

const fn getset(
    name: &'static CStr,
    get: getter,
    set: Option<setter>,
    doc: &'static CStr,
) -> PyGetSetDef {
    PyGetSetDef {
        name: name.as_ptr(),
        get: Some(get),
        set,
        doc: doc.as_ptr(),
        closure: ptr::null_mut(),
    }
}

const GETSET_END: PyGetSetDef = PyGetSetDef {
    name: ptr::null(),
    get: None,
    set: None,
    doc: ptr::null(),
    closure: ptr::null_mut(),
};

/// `__dict__`, `__weakref__`, end: a class adding both points at the
/// start, one adding only `__weakref__` one entry in, one adding neither
/// at the end.
static SUBTYPE_GETSETS: StaticObject<[PyGetSetDef; 3]> = StaticObject::new([
    getset(
        c"__dict__",
        crate::objects::object::PyObject_GenericGetDict,
        Some(crate::objects::object::PyObject_GenericSetDict),
        c"dictionary for instance variables (if defined)",
    ),
    getset(
        c"__weakref__",
        subtype_get_weakref,
        None,
        c"list of weak references to the object (if defined)",
    ),
    GETSET_END,
]);

/// `__dict__` alone.
static SUBTYPE_GETSETS_DICT: StaticObject<[PyGetSetDef; 2]> = StaticObject::new([
    getset(
        c"__dict__",
        crate::objects::object::PyObject_GenericGetDict,
        Some(crate::objects::object::PyObject_GenericSetDict),
        c"dictionary for instance variables (if defined)",
    ),
    GETSET_END,
]);

/// A member entry whose name is any C string.
fn member_def(
    name: *const c_char,
    type_code: c_int,
    offset: Py_ssize_t,
    flags: c_int,
) -> PyMemberDef {
    PyMemberDef {
        name,
        type_code,
        offset,
        flags,
        doc: ptr::null(),
    }
}

/// What `__slots__` in a class dict asks of [`type_new`].
struct ClassLayout {
    /// The slot names, mangled, sorted (no `__dict__` / `__weakref__`).
    names: Vec<Owned>,
    /// Whether the dict has `__slots__`.
    declared: bool,
    add_dict: bool,
    add_weak: bool,
}

/// Reads `__slots__` from a class dict (CPython's `type_new_slots`).
///
/// # Safety
/// `name` is the class name; `base` a ready type, `dict` a live dict.
unsafe fn type_new_slots(
    name: &str,
    base: *mut PyTypeObject,
    dict: *mut PyObject,
) -> Option<ClassLayout> {
    // SAFETY: per the contract.
    unsafe {
        let get = |k: &str| -> Option<*mut PyObject> {
            let key = Owned::new(unicode_from_str(k))?;
            let v = PyDict_GetItemWithError(dict, key.as_ptr());
            if v.is_null() && !errors::PyErr_Occurred().is_null() {
                return None;
            }
            Some(v)
        };
        let slots = get("__slots__")?;
        if slots.is_null() {
            return Some(ClassLayout {
                names: Vec::new(),
                declared: false,
                add_dict: true,
                add_weak: true,
            });
        }
        let tuple = if is_str(slots) {
            Owned::new(tuple_from_slice(&[slots]))?
        } else {
            Owned::new(crate::objects::r#abstract::PySequence_Tuple(slots))?
        };
        let items = tuple_items(tuple.as_ptr());
        // CPython's order of checks: a variable-size base refuses any
        // item (`__dict__` too), then every item is checked for what it
        // is, and only then are names mangled and compared with the dict.
        if !items.is_empty() && (*base).tp_itemsize != 0 {
            errors::raise(
                Exc::TypeError,
                format!(
                    "nonempty __slots__ not supported for subtype of '{}'",
                    tp_name(base, usize::MAX)
                ),
            );
            return None;
        }
        let (mut add_dict, mut add_weak) = (false, false);
        for &s in items {
            if !is_str(s) {
                errors::raise(
                    Exc::TypeError,
                    format!(
                        "__slots__ items must be strings, not '{}'",
                        crate::objects::object::type_name_max(s, 200)
                    ),
                );
                return None;
            }
            match crate::objects::unicodeobject::PyUnicode_IsIdentifier(s) {
                r if r < 0 => return None,
                0 => {
                    errors::raise(Exc::TypeError, "__slots__ must be identifiers");
                    return None;
                }
                _ => {}
            }
            let text = text_of(s);
            if text == "__dict__" {
                if add_dict || (*base).tp_dictoffset != 0 {
                    errors::raise(
                        Exc::TypeError,
                        "__dict__ slot disallowed: we already got one",
                    );
                    return None;
                }
                add_dict = true;
            } else if text == "__weakref__" {
                if add_weak || (*base).tp_weaklistoffset != 0 {
                    errors::raise(
                        Exc::TypeError,
                        "__weakref__ slot disallowed: either we already got one, or the base type \
                         does not support weak references",
                    );
                    return None;
                }
                add_weak = true;
            }
        }
        let mut names: Vec<(String, Owned)> = Vec::new();
        for &s in items {
            let text = text_of(s);
            if text == "__dict__" || text == "__weakref__" {
                continue;
            }
            // CPython's _Py_Mangle: a private name gets the class name
            // (without its leading underscores, and not at all when that
            // leaves nothing); any other is the item itself.
            let class = name.trim_start_matches('_');
            let (m, mangled) =
                if text.starts_with("__") && !text.ends_with("__") && !class.is_empty() {
                    let mangled = format!("_{class}{text}");
                    (Owned::new(unicode_from_str(&mangled))?, mangled)
                } else {
                    (Owned::borrowed(s), text)
                };
            // `__qualname__` and `__classcell__` leave the dict before the
            // members go in, so they never conflict.
            if mangled != "__qualname__" && mangled != "__classcell__" && !get(&mangled)?.is_null()
            {
                errors::raise(
                    Exc::ValueError,
                    format!("'{mangled}' in __slots__ conflicts with class variable"),
                );
                return None;
            }
            names.push((mangled, m));
        }
        // The members are laid out, and their descriptors enter the class
        // dict, in code-point order of the mangled names (CPython sorts
        // the list); UTF-8 byte order is code-point order.
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let names = names.into_iter().map(|(_, m)| m).collect();
        Some(ClassLayout {
            names,
            declared: true,
            add_dict,
            add_weak,
        })
    }
}

/// `tp_traverse` of classes made by [`type_new`]: the slots, the instance
/// dict and the type (CPython's `subtype_traverse`).
unsafe extern "C" fn subtype_traverse(
    op: *mut PyObject,
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: a live instance; its heap types' members name its fields.
    unsafe {
        let ty = type_of(op);
        let mut t = ty;
        while is_heap_type(t) {
            let n = (*t.cast::<PyVarObject>()).ob_size.max(0) as usize;
            let members = t.cast::<PyHeapTypeObject>().add(1).cast::<PyMemberDef>();
            if (*t).tp_members == members {
                for i in 0..n {
                    let m = members.add(i);
                    if (*m).type_code == T_OBJECT_EX {
                        let v = *op.cast::<u8>().offset((*m).offset).cast::<*mut PyObject>();
                        if !v.is_null() {
                            let r = visit(v, arg);
                            if r != 0 {
                                return r;
                            }
                        }
                    }
                }
            }
            t = (*t).tp_base;
        }
        let dictptr = crate::objects::object::_PyObject_GetDictPtr(op);
        if !dictptr.is_null() && !(*dictptr).is_null() {
            let r = visit(*dictptr, arg);
            if r != 0 {
                return r;
            }
        }
        visit(ty.cast(), arg)
    }
}

/// `type.__getattribute__`: data descriptors of the metatype first, then
/// the type's own MRO (binding descriptors to the type), then other
/// metatype attributes (CPython's `type_getattro`).
///
/// Fails (NULL) with `AttributeError("type object 'T' has no attribute
/// 'x'")`.
unsafe extern "C" fn type_getattro(op: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type and a name; every slot is called on an object
    // found through its own type.
    unsafe {
        if !is_str(name) {
            return errors::fail_null(
                Exc::TypeError,
                format!(
                    "attribute name must be string, not '{}'",
                    crate::objects::object::type_name_max(name, 200)
                ),
            );
        }
        if !ensure_ready(ty) {
            return ptr::null_mut();
        }
        let meta = type_of(op);
        let meta_attr = _PyType_Lookup(meta, name);
        let meta_attr = (!meta_attr.is_null()).then(|| Owned::borrowed(meta_attr));
        let mut meta_get = None;
        if let Some(m) = &meta_attr {
            let mt = type_of(m.as_ptr());
            meta_get = (*mt).tp_descr_get;
            if let Some(get) = meta_get
                && (*mt).tp_descr_set.is_some()
            {
                return get(m.as_ptr(), op, meta.cast());
            }
        }
        let attr = _PyType_Lookup(ty, name);
        if !attr.is_null() {
            let attr = Owned::borrowed(attr);
            if let Some(get) = (*type_of(attr.as_ptr())).tp_descr_get {
                return get(attr.as_ptr(), ptr::null_mut(), op);
            }
            return attr.into_raw();
        }
        if let (Some(get), Some(m)) = (meta_get, &meta_attr) {
            return get(m.as_ptr(), op, meta.cast());
        }
        if let Some(m) = meta_attr {
            return m.into_raw();
        }
        errors::fail_null(
            Exc::AttributeError,
            format!(
                "type object '{}' has no attribute '{}'",
                tp_name(ty, 50),
                text_of(name)
            ),
        )
    }
}

/// `type.__setattr__`: refused for immutable types (every static type);
/// otherwise a generic set in the type's dict.
///
/// Fails (-1) with `TypeError("cannot set 'x' attribute of immutable type
/// 'T'")`, or as `PyObject_GenericSetAttr`.
unsafe extern "C" fn type_setattro(
    op: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type and name.
    unsafe {
        if (*ty).tp_flags & Py_TPFLAGS_IMMUTABLETYPE != 0 {
            let Some(r) = crate::objects::object::repr(name) else {
                return -1;
            };
            return errors::fail(
                Exc::TypeError,
                format!(
                    "cannot set {r} attribute of immutable type '{}'",
                    tp_name(ty, usize::MAX)
                ),
            );
        }
        if !is_str(name) {
            return PyObject_GenericSetAttr(op, name, value);
        }
        let res = generic_setattr_with_dict(op, name, value, ptr::null_mut());
        // A dunder set or deleted on a class changes the C slot it
        // stands for (CPython's update_slot).
        let text = text_of(name);
        if res == 0 && text.len() > 4 && text.starts_with("__") && text.ends_with("__") {
            dispatch::update_slot(ty, &text);
        }
        res
    }
}

/// `type.__repr__`: `<class 'module.Qualname'>`, or `<class 'tp_name'>`.
unsafe extern "C" fn type_repr(op: *mut PyObject) -> *mut PyObject {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type.
    unsafe {
        if (*ty).tp_name.is_null() {
            return unicode_from_str(&format!("<class at {op:p}>"));
        }
        match qualified_name(ty) {
            Some(name) => unicode_from_str(&format!("<class '{name}'>")),
            None => ptr::null_mut(),
        }
    }
}

/// Deallocates a heap type (static types are immortal: a count driven to
/// zero by unbalanced decrefs is reset instead).
unsafe extern "C" fn type_dealloc(op: *mut PyObject) {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: an unreferenced type object.
    unsafe {
        if !is_heap_type(ty) {
            crate::objects::object::immortal_dealloc(op);
            return;
        }
        gc_untrack(op);
        crate::objects::weakrefobject::clear_weakrefs_of(op);
        remove_from_bases(ty);
        let t = &mut *ty;
        Py_DecRef(t.tp_subclasses);
        Py_DecRef(t.tp_base.cast());
        Py_DecRef(t.tp_dict);
        Py_DecRef(t.tp_bases);
        Py_DecRef(t.tp_mro);
        Py_DecRef(t.tp_cache);
        PyObject_Free(t.tp_doc.cast_mut().cast());
        let et = &mut *ty.cast::<PyHeapTypeObject>();
        Py_DecRef(et.ht_name);
        Py_DecRef(et.ht_qualname);
        Py_DecRef(et.ht_slots);
        Py_DecRef(et.ht_module);
        PyMem_Free(et._ht_tpname.cast());
        let free = (*type_of(op)).tp_free.unwrap_or(PyObject_GC_Del);
        free(op.cast());
    }
}

/// Visits a heap type's references (its dict, bases, MRO, module).
unsafe extern "C" fn type_traverse(op: *mut PyObject, visit: visitproc, arg: *mut c_void) -> c_int {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type; `visit` is the caller's visitor.
    unsafe {
        if !is_heap_type(ty) {
            return 0;
        }
        let et = &*ty.cast::<PyHeapTypeObject>();
        for o in [
            (*ty).tp_dict,
            (*ty).tp_cache,
            (*ty).tp_mro,
            (*ty).tp_bases,
            (*ty).tp_base.cast(),
            et.ht_module,
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

/// `type`'s `tp_clear`: empties a heap type's dict and drops its MRO,
/// which breaks the reference cycles every heap type is part of (CPython's
/// `type_clear`; see the design notes). Returns 0.
///
/// # Safety
/// `op` must be a live type object.
pub unsafe extern "C" fn type_clear(op: *mut PyObject) -> c_int {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type; the slots are replaced before the old values
    // are released.
    unsafe {
        if !is_heap_type(ty) {
            return 0;
        }
        if !(*ty).tp_dict.is_null() {
            PyDict_Clear((*ty).tp_dict);
        }
        let mro = std::mem::replace(&mut (*ty).tp_mro, ptr::null_mut());
        Py_DecRef(mro);
    }
    0
}

unsafe extern "C" fn type_get_name(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live type.
    unsafe { type_name_obj(op.cast()) }
}

unsafe extern "C" fn type_get_qualname(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live type.
    unsafe { type_qualname_obj(op.cast()) }
}

unsafe extern "C" fn type_get_module(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live type.
    unsafe { type_module_obj(op.cast()) }
}

/// `type.__doc__`: a static type's `tp_doc` without its signature, else
/// `__doc__` from the dict (bound if it is a descriptor), else None.
unsafe extern "C" fn type_get_doc(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type.
    unsafe {
        if !is_heap_type(ty) && !(*ty).tp_doc.is_null() {
            return doc_object((*ty).tp_name, (*ty).tp_doc, true)
                .map_or(ptr::null_mut(), Owned::into_raw);
        }
        let Some(key) = Owned::new(unicode_from_str("__doc__")) else {
            return ptr::null_mut();
        };
        let doc = PyDict_GetItemWithError((*ty).tp_dict, key.as_ptr());
        if doc.is_null() {
            if !errors::PyErr_Occurred().is_null() {
                return ptr::null_mut();
            }
            return none();
        }
        if let Some(get) = (*type_of(doc)).tp_descr_get {
            return get(doc, ptr::null_mut(), op);
        }
        Py_IncRef(doc);
        doc
    }
}

unsafe extern "C" fn type_get_bases(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live, ready type.
    unsafe {
        let b = (*op.cast::<PyTypeObject>()).tp_bases;
        if b.is_null() {
            return tuple_from_slice(&[]);
        }
        Py_IncRef(b);
        b
    }
}

unsafe extern "C" fn type_get_mro(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live type.
    unsafe {
        let m = (*op.cast::<PyTypeObject>()).tp_mro;
        if m.is_null() {
            return none();
        }
        Py_IncRef(m);
        m
    }
}

/// A read-only member entry.
const fn readonly_member(name: &'static CStr, type_code: c_int, offset: usize) -> PyMemberDef {
    PyMemberDef::new(name, type_code, offset, READONLY)
}

/// `type.__dict__`: a read-only `mappingproxy` over the type's dict (None
/// before the type has one).
/// `T.__abstractmethods__`: the value in the class's own dict (never for
/// `type` itself, whose dict holds this descriptor), as CPython's
/// `type_abstractmethods`.
///
/// Fails (NULL) with `AttributeError("__abstractmethods__")`.
unsafe extern "C" fn type_get_abstractmethods(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type.
    unsafe {
        let mut v = ptr::null_mut();
        if ty != PyType_Type.get() && !(*ty).tp_dict.is_null() {
            let Some(key) = Owned::new(unicode_from_str("__abstractmethods__")) else {
                return ptr::null_mut();
            };
            v = PyDict_GetItemWithError((*ty).tp_dict, key.as_ptr());
            if v.is_null() && !errors::PyErr_Occurred().is_null() {
                return ptr::null_mut();
            }
        }
        if v.is_null() {
            return errors::fail_null(Exc::AttributeError, "__abstractmethods__");
        }
        Py_IncRef(v);
        v
    }
}

/// CPython's `check_set_special_type_attr`: true when `attr` of `ty` may
/// be set to `value`; else false with `TypeError` (a static type, or a
/// deletion).
///
/// # Safety
/// `ty` a live type.
unsafe fn check_set_special_type_attr(
    ty: *mut PyTypeObject,
    value: *mut PyObject,
    attr: &str,
) -> bool {
    // SAFETY: per the contract.
    let (heap, name) = unsafe { (is_heap_type(ty), tp_name(ty, usize::MAX)) };
    if !heap {
        errors::raise(
            Exc::TypeError,
            format!("cannot set '{attr}' attribute of immutable type '{name}'"),
        );
        return false;
    }
    if value.is_null() {
        errors::raise(
            Exc::TypeError,
            format!("cannot delete '{attr}' attribute of immutable type '{name}'"),
        );
        return false;
    }
    true
}

/// Raises CPython's `TypeError("can only assign string to T.attr, not
/// 'V'")`.
///
/// # Safety
/// `ty` a live type, `value` a live object.
unsafe fn only_strings(ty: *mut PyTypeObject, value: *mut PyObject, attr: &str) -> c_int {
    // SAFETY: per the contract.
    let (name, value_type) =
        unsafe { (tp_name(ty, usize::MAX), tp_name(type_of(value), usize::MAX)) };
    errors::fail(
        Exc::TypeError,
        format!("can only assign string to {name}.{attr}, not '{value_type}'"),
    )
}

/// `T.__name__ = name` (CPython's `type_set_name`): a heap type's
/// `ht_name`, and its `tp_name` the new name's UTF-8 (which lives as long
/// as `ht_name` holds it; the name the type was made with stays in
/// `_ht_tpname` until the type is freed).
///
/// Fails (-1) with `TypeError` for a static type, a deletion or a value
/// that is not a `str`, `ValueError("type name must not contain null
/// characters")`, or the UTF-8 encoder's error.
unsafe extern "C" fn type_set_name(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type; NULL or a live value.
    unsafe {
        if !check_set_special_type_attr(ty, value, "__name__") {
            return -1;
        }
        if !is_str(value) {
            return only_strings(ty, value, "__name__");
        }
        let mut size: Py_ssize_t = 0;
        let utf8 = crate::objects::unicodeobject::PyUnicode_AsUTF8AndSize(value, &mut size);
        if utf8.is_null() {
            return -1;
        }
        if std::ffi::CStr::from_ptr(utf8).to_bytes().len() != size as usize {
            return errors::fail(
                Exc::ValueError,
                "type name must not contain null characters",
            );
        }
        (*ty).tp_name = utf8;
        Py_IncRef(value);
        let et = ty.cast::<PyHeapTypeObject>();
        Py_DecRef(ptr::replace(&raw mut (*et).ht_name, value));
        0
    }
}

/// `T.__qualname__ = name` (CPython's `type_set_qualname`): a heap
/// type's `ht_qualname`.
///
/// Fails (-1) with `TypeError` for a static type, a deletion or a value
/// that is not a `str`.
unsafe extern "C" fn type_set_qualname(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type; NULL or a live value.
    unsafe {
        if !check_set_special_type_attr(ty, value, "__qualname__") {
            return -1;
        }
        if !is_str(value) {
            return only_strings(ty, value, "__qualname__");
        }
        Py_IncRef(value);
        let et = ty.cast::<PyHeapTypeObject>();
        Py_DecRef(ptr::replace(&raw mut (*et).ht_qualname, value));
        0
    }
}

/// `T.__module__ = m` / `T.__doc__ = d` (CPython's `type_set_module`
/// and `type_set_doc`): stores the value in a mutable type's dict, where
/// the getters read it (pybind11 names each class's module this way).
///
/// Fails (-1) with `TypeError` for an immutable type or a deletion.
///
/// # Safety
/// `op` must be a live type; `value` NULL or a live object.
unsafe fn type_set_special(op: *mut PyObject, value: *mut PyObject, attr: &str) -> c_int {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type; NULL or a live value.
    unsafe {
        if !check_set_special_type_attr(ty, value, attr) {
            return -1;
        }
        let Some(key) = Owned::new(unicode_from_str(attr)) else {
            return -1;
        };
        PyType_Modified(ty);
        PyDict_SetItem((*ty).tp_dict, key.as_ptr(), value)
    }
}

unsafe extern "C" fn type_set_module(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    // SAFETY: called as a setter: a live type, NULL or a live value.
    unsafe { type_set_special(op, value, "__module__") }
}

unsafe extern "C" fn type_set_doc(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    // SAFETY: called as a setter: a live type, NULL or a live value.
    unsafe { type_set_special(op, value, "__doc__") }
}

/// `T.__abstractmethods__ = v` / `del T.__abstractmethods__`: stores (or
/// removes) the value in the class's dict and sets
/// `Py_TPFLAGS_IS_ABSTRACT` from its truth, which `object.__new__` then
/// checks (CPython's `type_set_abstractmethods`).
///
/// Fails (-1) with what `bool(v)` raised, or `AttributeError
/// ("__abstractmethods__")` deleting what is not there.
unsafe extern "C" fn type_set_abstractmethods(
    op: *mut PyObject,
    value: *mut PyObject,
    _c: *mut c_void,
) -> c_int {
    let ty = op.cast::<PyTypeObject>();
    // SAFETY: a live type; NULL or a live value.
    unsafe {
        let Some(key) = Owned::new(unicode_from_str("__abstractmethods__")) else {
            return -1;
        };
        let dict = (*ty).tp_dict;
        let (abstract_, res) = if value.is_null() {
            let r = PyDict_DelItem(dict, key.as_ptr());
            if r < 0 && errors::PyErr_ExceptionMatches(Exc::KeyError.type_object()) != 0 {
                return errors::fail(Exc::AttributeError, "__abstractmethods__");
            }
            (false, r)
        } else {
            let t = crate::objects::object::PyObject_IsTrue(value);
            if t < 0 {
                return -1;
            }
            (t != 0, PyDict_SetItem(dict, key.as_ptr(), value))
        };
        if res == 0 {
            if abstract_ {
                (*ty).tp_flags |= Py_TPFLAGS_IS_ABSTRACT;
            } else {
                (*ty).tp_flags &= !Py_TPFLAGS_IS_ABSTRACT;
            }
        }
        res
    }
}

unsafe extern "C" fn type_get_dict(op: *mut PyObject, _c: *mut c_void) -> *mut PyObject {
    // SAFETY: a live type.
    unsafe {
        let dict = (*op.cast::<PyTypeObject>()).tp_dict;
        if dict.is_null() {
            return none();
        }
        crate::objects::descrobject::PyDictProxy_New(dict)
    }
}

static TYPE_GETSETS: StaticObject<[PyGetSetDef; 9]> = StaticObject::new([
    PyGetSetDef {
        name: c"__name__".as_ptr(),
        get: Some(type_get_name),
        set: Some(type_set_name),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef {
        name: c"__qualname__".as_ptr(),
        get: Some(type_get_qualname),
        set: Some(type_set_qualname),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef::getter(c"__bases__", type_get_bases),
    PyGetSetDef::getter(c"__mro__", type_get_mro),
    PyGetSetDef {
        name: c"__abstractmethods__".as_ptr(),
        get: Some(type_get_abstractmethods),
        set: Some(type_set_abstractmethods),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef {
        name: c"__module__".as_ptr(),
        get: Some(type_get_module),
        set: Some(type_set_module),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef {
        name: c"__doc__".as_ptr(),
        get: Some(type_get_doc),
        set: Some(type_set_doc),
        doc: ptr::null(),
        closure: ptr::null_mut(),
    },
    PyGetSetDef::getter(c"__dict__", type_get_dict),
    PyGetSetDef::zeroed(),
]);

static TYPE_MEMBERS: StaticObject<[PyMemberDef; 7]> = StaticObject::new([
    readonly_member(
        c"__basicsize__",
        T_PYSSIZET,
        offset_of!(PyTypeObject, tp_basicsize),
    ),
    readonly_member(
        c"__itemsize__",
        T_PYSSIZET,
        offset_of!(PyTypeObject, tp_itemsize),
    ),
    readonly_member(c"__flags__", T_ULONG, offset_of!(PyTypeObject, tp_flags)),
    readonly_member(
        c"__weakrefoffset__",
        T_PYSSIZET,
        offset_of!(PyTypeObject, tp_weaklistoffset),
    ),
    readonly_member(c"__base__", T_OBJECT, offset_of!(PyTypeObject, tp_base)),
    readonly_member(
        c"__dictoffset__",
        T_PYSSIZET,
        offset_of!(PyTypeObject, tp_dictoffset),
    ),
    PyMemberDef::zeroed(),
]);

/// `PyType_Type`: `type`, the type of every type object. Its instances are
/// laid out as `PyHeapTypeObject`, followed by the member table a spec
/// brings (`tp_itemsize` is a `PyMemberDef`).
#[unsafe(no_mangle)]
pub static PyType_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"type".as_ptr();
    ty.tp_basicsize = size_of::<PyHeapTypeObject>() as Py_ssize_t;
    ty.tp_itemsize = size_of::<PyMemberDef>() as Py_ssize_t;
    ty.tp_dealloc = Some(type_dealloc);
    ty.tp_repr = Some(type_repr);
    ty.tp_call = Some(type_call);
    ty.tp_getattro = Some(type_getattro);
    ty.tp_setattro = Some(type_setattro);
    // A type whose `tp_vectorcall` is set (multidict's `istr` sets its
    // own) is called through it, as in CPython; the others through
    // `type_call`.
    ty.tp_flags = Py_TPFLAGS_HAVE_GC
        | Py_TPFLAGS_BASETYPE
        | Py_TPFLAGS_TYPE_SUBCLASS
        | Py_TPFLAGS_HAVE_VECTORCALL;
    ty.tp_vectorcall_offset = offset_of!(PyTypeObject, tp_vectorcall) as Py_ssize_t;
    ty.tp_doc = c"type(object) -> the object's type".as_ptr();
    ty.tp_traverse = Some(type_traverse);
    ty.tp_clear = Some(type_clear);
    ty.tp_methods = object_methods::TYPE_METHODS.get().cast();
    ty.tp_members = TYPE_MEMBERS.get().cast();
    ty.tp_getset = TYPE_GETSETS.get().cast();
    ty.tp_base = PyBaseObject_Type.get();
    ty.tp_dictoffset = offset_of!(PyTypeObject, tp_dict) as Py_ssize_t;
    ty.tp_weaklistoffset = offset_of!(PyTypeObject, tp_weaklist) as Py_ssize_t;
    ty.tp_init = Some(type_init);
    ty.tp_new = Some(type_tp_new);
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_GC_Del);
    ty
});

// ==========================================================================
// Heap types: PyType_FromSpec and friends
// ==========================================================================

/// Where a spec slot id's value goes: a field of the type object, or a
/// field of one of its suites.
macro_rules! slot_table {
    ($( $id:ident => $($path:ident).+ : $kind:ident ),* $(,)?) => {
        /// Stores `pfunc` in the slot `id` names. False for an unknown id.
        ///
        /// # Safety
        /// `et` must be a heap type under construction whose suites point
        /// at its own storage; `pfunc` must have the C type the slot names.
        unsafe fn store_slot(et: *mut PyHeapTypeObject, id: c_int, pfunc: *mut c_void) -> bool {
            // SAFETY: per the contract.
            unsafe {
                let ty = &mut (*et).ht_type;
                match id {
                    $( $id => slot_table!(@store ty, pfunc, $kind, $($path).+), )*
                    _ => return false,
                }
            }
            true
        }

        /// The value of slot `id`, or NULL when empty or unknown.
        ///
        /// # Safety
        /// `ty` must be a live type object.
        unsafe fn load_slot(ty: *mut PyTypeObject, id: c_int) -> *mut c_void {
            // SAFETY: per the contract; a non-NULL suite pointer is live.
            unsafe {
                let ty = &*ty;
                match id {
                    $( $id => slot_table!(@load ty, $kind, $($path).+), )*
                    _ => ptr::null_mut(),
                }
            }
        }
    };
    (@store $ty:ident, $p:ident, fn, $field:ident) => {
        $ty.$field = fn_from_ptr($p)
    };
    (@store $ty:ident, $p:ident, ptr, $field:ident) => {
        $ty.$field = $p.cast()
    };
    (@store $ty:ident, $p:ident, fn, $suite:ident . $field:ident) => {
        (*$ty.$suite).$field = fn_from_ptr($p)
    };
    (@load $ty:ident, fn, $field:ident) => {
        fn_to_ptr($ty.$field)
    };
    (@load $ty:ident, ptr, $field:ident) => {
        $ty.$field as *mut c_void
    };
    (@load $ty:ident, fn, $suite:ident . $field:ident) => {
        if $ty.$suite.is_null() {
            ptr::null_mut()
        } else {
            fn_to_ptr((*$ty.$suite).$field)
        }
    };
}

/// A slot value as the `Option<extern fn>` of its field.
///
/// # Safety
/// `T` must be an `Option` of an `extern "C"` function pointer type (the
/// size and NULL representation of a data pointer, as CPython's slot table
/// relies on `void *` holding a function), and `p` NULL or such a function.
unsafe fn fn_from_ptr<T: Copy>(p: *mut c_void) -> T {
    const { assert!(size_of::<T>() == size_of::<*mut c_void>()) };
    // SAFETY: per the contract; the sizes are equal.
    unsafe { std::mem::transmute_copy(&p) }
}

/// A function slot as a `void *`.
///
/// # Safety
/// As [`fn_from_ptr`].
unsafe fn fn_to_ptr<T: Copy>(f: T) -> *mut c_void {
    const { assert!(size_of::<T>() == size_of::<*mut c_void>()) };
    // SAFETY: per the contract; the sizes are equal.
    unsafe { std::mem::transmute_copy(&f) }
}

slot_table! {
    Py_bf_getbuffer => tp_as_buffer.bf_getbuffer: fn,
    Py_bf_releasebuffer => tp_as_buffer.bf_releasebuffer: fn,
    Py_mp_ass_subscript => tp_as_mapping.mp_ass_subscript: fn,
    Py_mp_length => tp_as_mapping.mp_length: fn,
    Py_mp_subscript => tp_as_mapping.mp_subscript: fn,
    Py_nb_absolute => tp_as_number.nb_absolute: fn,
    Py_nb_add => tp_as_number.nb_add: fn,
    Py_nb_and => tp_as_number.nb_and: fn,
    Py_nb_bool => tp_as_number.nb_bool: fn,
    Py_nb_divmod => tp_as_number.nb_divmod: fn,
    Py_nb_float => tp_as_number.nb_float: fn,
    Py_nb_floor_divide => tp_as_number.nb_floor_divide: fn,
    Py_nb_index => tp_as_number.nb_index: fn,
    Py_nb_inplace_add => tp_as_number.nb_inplace_add: fn,
    Py_nb_inplace_and => tp_as_number.nb_inplace_and: fn,
    Py_nb_inplace_floor_divide => tp_as_number.nb_inplace_floor_divide: fn,
    Py_nb_inplace_lshift => tp_as_number.nb_inplace_lshift: fn,
    Py_nb_inplace_multiply => tp_as_number.nb_inplace_multiply: fn,
    Py_nb_inplace_or => tp_as_number.nb_inplace_or: fn,
    Py_nb_inplace_power => tp_as_number.nb_inplace_power: fn,
    Py_nb_inplace_remainder => tp_as_number.nb_inplace_remainder: fn,
    Py_nb_inplace_rshift => tp_as_number.nb_inplace_rshift: fn,
    Py_nb_inplace_subtract => tp_as_number.nb_inplace_subtract: fn,
    Py_nb_inplace_true_divide => tp_as_number.nb_inplace_true_divide: fn,
    Py_nb_inplace_xor => tp_as_number.nb_inplace_xor: fn,
    Py_nb_int => tp_as_number.nb_int: fn,
    Py_nb_invert => tp_as_number.nb_invert: fn,
    Py_nb_lshift => tp_as_number.nb_lshift: fn,
    Py_nb_multiply => tp_as_number.nb_multiply: fn,
    Py_nb_negative => tp_as_number.nb_negative: fn,
    Py_nb_or => tp_as_number.nb_or: fn,
    Py_nb_positive => tp_as_number.nb_positive: fn,
    Py_nb_power => tp_as_number.nb_power: fn,
    Py_nb_remainder => tp_as_number.nb_remainder: fn,
    Py_nb_rshift => tp_as_number.nb_rshift: fn,
    Py_nb_subtract => tp_as_number.nb_subtract: fn,
    Py_nb_true_divide => tp_as_number.nb_true_divide: fn,
    Py_nb_xor => tp_as_number.nb_xor: fn,
    Py_sq_ass_item => tp_as_sequence.sq_ass_item: fn,
    Py_sq_concat => tp_as_sequence.sq_concat: fn,
    Py_sq_contains => tp_as_sequence.sq_contains: fn,
    Py_sq_inplace_concat => tp_as_sequence.sq_inplace_concat: fn,
    Py_sq_inplace_repeat => tp_as_sequence.sq_inplace_repeat: fn,
    Py_sq_item => tp_as_sequence.sq_item: fn,
    Py_sq_length => tp_as_sequence.sq_length: fn,
    Py_sq_repeat => tp_as_sequence.sq_repeat: fn,
    Py_tp_alloc => tp_alloc: fn,
    Py_tp_base => tp_base: ptr,
    Py_tp_bases => tp_bases: ptr,
    Py_tp_call => tp_call: fn,
    Py_tp_clear => tp_clear: fn,
    Py_tp_dealloc => tp_dealloc: fn,
    Py_tp_del => tp_del: fn,
    Py_tp_descr_get => tp_descr_get: fn,
    Py_tp_descr_set => tp_descr_set: fn,
    Py_tp_doc => tp_doc: ptr,
    Py_tp_getattr => tp_getattr: fn,
    Py_tp_getattro => tp_getattro: fn,
    Py_tp_hash => tp_hash: fn,
    Py_tp_init => tp_init: fn,
    Py_tp_is_gc => tp_is_gc: fn,
    Py_tp_iter => tp_iter: fn,
    Py_tp_iternext => tp_iternext: fn,
    Py_tp_methods => tp_methods: ptr,
    Py_tp_new => tp_new: fn,
    Py_tp_repr => tp_repr: fn,
    Py_tp_richcompare => tp_richcompare: fn,
    Py_tp_setattr => tp_setattr: fn,
    Py_tp_setattro => tp_setattro: fn,
    Py_tp_str => tp_str: fn,
    Py_tp_traverse => tp_traverse: fn,
    Py_tp_members => tp_members: ptr,
    Py_tp_getset => tp_getset: ptr,
    Py_tp_free => tp_free: fn,
    Py_nb_matrix_multiply => tp_as_number.nb_matrix_multiply: fn,
    Py_nb_inplace_matrix_multiply => tp_as_number.nb_inplace_matrix_multiply: fn,
    Py_am_await => tp_as_async.am_await: fn,
    Py_am_aiter => tp_as_async.am_aiter: fn,
    Py_am_anext => tp_as_async.am_anext: fn,
    Py_tp_finalize => tp_finalize: fn,
    Py_am_send => tp_as_async.am_send: fn,
}

/// The slots of a spec, up to the `{0, NULL}` terminator.
///
/// # Safety
/// `slots` must be NULL or a terminated slot array.
unsafe fn spec_slots<'a>(slots: *mut PyType_Slot) -> impl Iterator<Item = PyType_Slot> + 'a {
    let mut p = slots;
    std::iter::from_fn(move || {
        if p.is_null() {
            return None;
        }
        // SAFETY: readable up to and including the terminator.
        let s = unsafe { *p };
        if s.slot == 0 {
            return None;
        }
        // SAFETY: not past the terminator.
        p = unsafe { p.add(1) };
        Some(s)
    })
}

/// `PyType_FromSpec(spec)`: `PyType_FromModuleAndSpec(NULL, spec, NULL)`.
///
/// # Safety
/// As [`PyType_FromModuleAndSpec`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_FromSpec(spec: *mut PyType_Spec) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyType_FromModuleAndSpec(ptr::null_mut(), spec, ptr::null_mut()) }
}

/// `PyType_FromSpecWithBases(spec, bases)`:
/// `PyType_FromModuleAndSpec(NULL, spec, bases)`.
///
/// # Safety
/// As [`PyType_FromModuleAndSpec`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_FromSpecWithBases(
    spec: *mut PyType_Spec,
    bases: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyType_FromModuleAndSpec(ptr::null_mut(), spec, bases) }
}

/// `PyType_FromModuleAndSpec(module, spec, bases)`: a heap type made as
/// CPython 3.11 makes it: named after `spec->name` (`__name__` and
/// `__qualname__` after its last dot, `__module__` before it), with the
/// spec's size, flags and slots (every `Py_tp_*`, `Py_nb_*`, `Py_sq_*`,
/// `Py_mp_*`, `Py_am_*` and `Py_bf_*` id), its members copied into the
/// type (`__dictoffset__`, `__weaklistoffset__` and `__vectorcalloffset__`
/// members set those offsets), a copy of `Py_tp_doc`, and `module`
/// (`PyType_GetModule`). The bases are `bases` (a type or a tuple of
/// types), else `Py_tp_bases` / `Py_tp_base`, else `object`; `tp_base` is
/// the best of them ([`best_base`]). Then it is readied.
///
/// Fails (NULL) with `SystemError("Type spec does not define the name
/// field.")`, `SystemError("Py_tp_bases is not a tuple")`,
/// `RuntimeError("invalid slot offset")` for an unknown slot id,
/// `TypeError("type 'B' is not an acceptable base type")`,
/// `TypeError("bases must be types")`, `TypeError("multiple bases have
/// instance lay-out conflict")`, or as `PyType_Ready` (MRO errors).
///
/// # Safety
/// `spec` must be NULL or a valid spec whose slot array ends with `{0,
/// NULL}`; `module` and `bases` NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_FromModuleAndSpec(
    module: *mut PyObject,
    spec: *mut PyType_Spec,
    bases: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe {
        from_spec(
            PyType_Type.get(),
            module,
            spec,
            bases,
            true,
            ptr::null_mut(),
        )
    }
}

/// [`PyType_FromModuleAndSpec`]; `module_from_name` false leaves
/// `__module__` unset, and a non-NULL `dict` is the class dict readying
/// starts from (both for `type(name, bases, dict)`).
///
/// # Safety
/// As [`PyType_FromModuleAndSpec`]; `dict` NULL or a live dict no one
/// else holds.
unsafe fn from_spec(
    metatype: *mut PyTypeObject,
    module: *mut PyObject,
    spec: *mut PyType_Spec,
    bases: *mut PyObject,
    module_from_name: bool,
    dict: *mut PyObject,
) -> *mut PyObject {
    if spec.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a valid spec per the contract; `res` is the type under
    // construction, released on every failure path.
    unsafe {
        let spec = &*spec;
        let mut nmembers = 0;
        let (mut weaklistoffset, mut dictoffset, mut vectorcalloffset) = (0, 0, 0);
        for slot in spec_slots(spec.slots) {
            if slot.slot == Py_tp_members {
                nmembers = 0;
                let mut m = slot.pfunc.cast::<PyMemberDef>();
                while !m.is_null() && !(*m).name.is_null() {
                    nmembers += 1;
                    match CStr::from_ptr((*m).name).to_bytes() {
                        b"__weaklistoffset__" => weaklistoffset = (*m).offset,
                        b"__dictoffset__" => dictoffset = (*m).offset,
                        b"__vectorcalloffset__" => vectorcalloffset = (*m).offset,
                        _ => {}
                    }
                    m = m.add(1);
                }
            }
        }
        let res = PyType_GenericAlloc(metatype, nmembers);
        let Some(res) = Owned::new(res) else {
            return ptr::null_mut();
        };
        let et = res.as_ptr().cast::<PyHeapTypeObject>();
        let ty = &raw mut (*et).ht_type;
        if spec.name.is_null() {
            return errors::fail_null(
                Exc::SystemError,
                "Type spec does not define the name field.",
            );
        }
        (*ty).tp_flags = spec.flags as c_ulong | Py_TPFLAGS_HEAPTYPE;
        // The suites live inside the heap type (set before anything can
        // fail, so the dealloc never sees dangling suites).
        (*ty).tp_as_async = &raw mut (*et).as_async;
        (*ty).tp_as_number = &raw mut (*et).as_number;
        (*ty).tp_as_sequence = &raw mut (*et).as_sequence;
        (*ty).tp_as_mapping = &raw mut (*et).as_mapping;
        (*ty).tp_as_buffer = &raw mut (*et).as_buffer;

        let full = CStr::from_ptr(spec.name).to_bytes();
        let short = short_name(full);
        (*et).ht_name =
            PyUnicode_FromStringAndSize(short.as_ptr().cast(), short.len() as Py_ssize_t);
        if (*et).ht_name.is_null() {
            return ptr::null_mut();
        }
        Py_IncRef((*et).ht_name);
        (*et).ht_qualname = (*et).ht_name;
        let tpname = PyMem_Malloc(full.len() + 1).cast::<c_char>();
        if tpname.is_null() {
            return errors::PyErr_NoMemory();
        }
        ptr::copy_nonoverlapping(spec.name, tpname, full.len() + 1);
        (*et)._ht_tpname = tpname;
        (*ty).tp_name = tpname;
        if !module.is_null() {
            Py_IncRef(module);
            (*et).ht_module = module;
        }

        // The bases: the argument, else Py_tp_bases / Py_tp_base, else
        // object; always a tuple.
        let bases = if !bases.is_null() {
            if is_tuple(bases) {
                Owned::borrowed(bases)
            } else {
                let Some(t) = Owned::new(tuple_from_slice(&[bases])) else {
                    return ptr::null_mut();
                };
                t
            }
        } else {
            let mut base: *mut PyObject = PyBaseObject_Type.get().cast();
            let mut from_slot = ptr::null_mut();
            for slot in spec_slots(spec.slots) {
                if slot.slot == Py_tp_base {
                    base = slot.pfunc.cast();
                } else if slot.slot == Py_tp_bases {
                    from_slot = slot.pfunc.cast::<PyObject>();
                }
            }
            if from_slot.is_null() {
                let Some(t) = Owned::new(tuple_from_slice(&[base])) else {
                    return ptr::null_mut();
                };
                t
            } else if !is_tuple(from_slot) {
                return errors::fail_null(Exc::SystemError, "Py_tp_bases is not a tuple");
            } else {
                Owned::borrowed(from_slot)
            }
        };
        // An empty tuple means object, as one base (CPython asserts it
        // is not empty).
        let bases = if PyTuple_Size(bases.as_ptr()) == 0 {
            let Some(t) = Owned::new(tuple_from_slice(&[PyBaseObject_Type.get().cast()])) else {
                return ptr::null_mut();
            };
            t
        } else {
            bases
        };
        let Some(base) = best_base(bases.as_ptr()) else {
            return ptr::null_mut();
        };
        Py_IncRef(base.cast());
        (*ty).tp_base = base;
        (*ty).tp_bases = bases.into_raw();
        (*ty).tp_basicsize = spec.basicsize as Py_ssize_t;
        (*ty).tp_itemsize = spec.itemsize as Py_ssize_t;

        for slot in spec_slots(spec.slots) {
            match slot.slot {
                Py_tp_base | Py_tp_bases => {}
                Py_tp_doc => {
                    if slot.pfunc.is_null() {
                        (*ty).tp_doc = ptr::null();
                        continue;
                    }
                    let doc = CStr::from_ptr(slot.pfunc.cast()).to_bytes_with_nul();
                    let copy = crate::objects::obmalloc::PyObject_Malloc(doc.len()).cast::<u8>();
                    if copy.is_null() {
                        return errors::PyErr_NoMemory();
                    }
                    ptr::copy_nonoverlapping(doc.as_ptr(), copy, doc.len());
                    PyObject_Free((*ty).tp_doc.cast_mut().cast());
                    (*ty).tp_doc = copy.cast();
                }
                Py_tp_members => {
                    // The members move into the type itself (after the
                    // heap type, where PyType_Type's items live).
                    let storage = et.add(1).cast::<PyMemberDef>();
                    ptr::copy_nonoverlapping(
                        slot.pfunc.cast::<PyMemberDef>(),
                        storage,
                        nmembers as usize,
                    );
                    (*ty).tp_members = storage;
                }
                id if store_slot(et, id, slot.pfunc) => {}
                _ => return errors::fail_null(Exc::RuntimeError, "invalid slot offset"),
            }
        }
        if (*ty).tp_dealloc.is_none() {
            (*ty).tp_dealloc = Some(subtype_dealloc);
        }
        if vectorcalloffset != 0 {
            (*ty).tp_vectorcall_offset = vectorcalloffset;
        }
        if !dict.is_null() {
            Py_IncRef(dict);
            (*ty).tp_dict = dict;
        }
        if PyType_Ready(ty) < 0 {
            return ptr::null_mut();
        }
        let dict = (*ty).tp_dict;
        if !(*ty).tp_doc.is_null() {
            let Some(doc) = doc_object((*ty).tp_name, (*ty).tp_doc, false) else {
                return ptr::null_mut();
            };
            if crate::objects::dictobject::PyDict_SetItemString(
                dict,
                c"__doc__".as_ptr(),
                doc.as_ptr(),
            ) < 0
            {
                return ptr::null_mut();
            }
        }
        for (offset, field, name) in [
            (
                weaklistoffset,
                &raw mut (*ty).tp_weaklistoffset,
                "__weaklistoffset__",
            ),
            (dictoffset, &raw mut (*ty).tp_dictoffset, "__dictoffset__"),
        ] {
            if offset != 0 {
                *field = offset;
                let Some(key) = Owned::new(unicode_from_str(name)) else {
                    return ptr::null_mut();
                };
                // Only the member's own descriptor goes: a class dict's
                // item of that name stays (`type(name, bases, dict)`).
                let v = PyDict_GetItemWithError(dict, key.as_ptr());
                if v.is_null() {
                    if !errors::PyErr_Occurred().is_null() {
                        return ptr::null_mut();
                    }
                } else if type_of(v) == PyMemberDescr_Type.get()
                    && PyDict_DelItem(dict, key.as_ptr()) < 0
                {
                    return ptr::null_mut();
                }
            }
        }
        let Some(key) = Owned::new(unicode_from_str("__module__")) else {
            return ptr::null_mut();
        };
        match PyDict_Contains(dict, key.as_ptr()) {
            r if r < 0 => return ptr::null_mut(),
            0 if module_from_name => {
                if let Some(dot) = full.iter().rposition(|&c| c == b'.') {
                    let Some(m) = Owned::new(PyUnicode_FromStringAndSize(
                        full.as_ptr().cast(),
                        dot as Py_ssize_t,
                    )) else {
                        return ptr::null_mut();
                    };
                    if PyDict_SetItem(dict, key.as_ptr(), m.as_ptr()) < 0 {
                        return ptr::null_mut();
                    }
                } else {
                    let message = format!(
                        "builtin type {} has no __module__ attribute",
                        c_text(spec.name, 200)
                    );
                    let Ok(message) = std::ffi::CString::new(message) else {
                        return ptr::null_mut();
                    };
                    let category = Exc::DeprecationWarning.type_object();
                    if crate::python::warnings::PyErr_WarnEx(category, message.as_ptr(), 1) < 0 {
                        return ptr::null_mut();
                    }
                }
            }
            _ => {}
        }
        res.into_raw()
    }
}

/// `PyType_GetSlot(type, slot)`: the function or value stored in `slot`
/// (inherited and default values included), or NULL when it is empty.
///
/// Fails (NULL with `SystemError`) for a slot id outside CPython's range;
/// a NULL type also gives `SystemError` (CPython would crash).
///
/// # Safety
/// `ty` must be NULL or a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GetSlot(ty: *mut PyTypeObject, slot: c_int) -> *mut c_void {
    if ty.is_null() || slot <= 0 || slot > MAX_SLOT {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    unsafe { load_slot(ty, slot) }
}

/// `PyType_GetFlags(type)`: `tp_flags` (0 for NULL).
///
/// # Safety
/// `ty` must be NULL or a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GetFlags(ty: *mut PyTypeObject) -> c_ulong {
    if ty.is_null() {
        return 0;
    }
    // SAFETY: live per the contract.
    unsafe { flags_of(ty) }
}

/// `PyType_GetName(type)`: `type.__name__` as a new `str`.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GetName(ty: *mut PyTypeObject) -> *mut PyObject {
    if ty.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: live per the contract.
    unsafe { type_name_obj(ty) }
}

/// `PyType_GetQualName(type)`: `type.__qualname__` as a new `str`.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GetQualName(ty: *mut PyTypeObject) -> *mut PyObject {
    if ty.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: live per the contract.
    unsafe { type_qualname_obj(ty) }
}

/// `PyType_Modified(type)`: tells the runtime that the type's dict or
/// slots changed. pybuffer keeps no attribute cache (lookups always walk
/// the dicts), so there is nothing to invalidate.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_Modified(_ty: *mut PyTypeObject) {}

/// `PyType_GetModule(type)`: the module of a type made by
/// `PyType_FromModuleAndSpec` (a borrowed reference).
///
/// Fails (NULL) with `TypeError("PyType_GetModule: Type 'T' is not a heap
/// type")` or `("... has no associated module")`.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GetModule(ty: *mut PyTypeObject) -> *mut PyObject {
    if ty.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        let name = c_text((*ty).tp_name, usize::MAX);
        if !is_heap_type(ty) {
            return errors::fail_null(
                Exc::TypeError,
                format!("PyType_GetModule: Type '{name}' is not a heap type"),
            );
        }
        let m = (*ty.cast::<PyHeapTypeObject>()).ht_module;
        if m.is_null() {
            return errors::fail_null(
                Exc::TypeError,
                format!("PyType_GetModule: Type '{name}' has no associated module"),
            );
        }
        m
    }
}

/// `PyType_GetModuleState(type)`: the state of [`PyType_GetModule`]'s
/// module (NULL without an error when it has none).
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GetModuleState(ty: *mut PyTypeObject) -> *mut c_void {
    // SAFETY: forwarded contract.
    let m = unsafe { PyType_GetModule(ty) };
    if m.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: a live module.
    unsafe { module_state_of(m) }
}

/// `PyType_GetModuleByDef(type, def)`: the module made from `def` that
/// owns `type` or one of its bases (a borrowed reference).
///
/// Fails (NULL) with `TypeError("PyType_GetModuleByDef: No superclass of
/// 'T' has the given module")`.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GetModuleByDef(
    ty: *mut PyTypeObject,
    def: *mut PyModuleDef,
) -> *mut PyObject {
    if ty.is_null() {
        return crate::objects::object::null_error();
    }
    // SAFETY: live per the contract; bases are live types.
    unsafe {
        let mro = mro_of(ty);
        if !mro.is_null() {
            for &t in tuple_items(mro) {
                let t = t.cast::<PyTypeObject>();
                if is_heap_type(t) {
                    let m = (*t.cast::<PyHeapTypeObject>()).ht_module;
                    if !m.is_null() && module_def_of(m) == def {
                        return m;
                    }
                }
            }
        } else if is_heap_type(ty) {
            // Not readied (CPython requires a ready type): its own module.
            let m = (*ty.cast::<PyHeapTypeObject>()).ht_module;
            if !m.is_null() && module_def_of(m) == def {
                return m;
            }
        }
        errors::fail_null(
            Exc::TypeError,
            format!(
                "PyType_GetModuleByDef: No superclass of '{}' has the given module",
                c_text((*ty).tp_name, usize::MAX)
            ),
        )
    }
}

/// `_PyType_LookupId(type, name)`: as [`_PyType_Lookup`] with the name
/// given as a `_Py_IDENTIFIER` (borrowed; NULL when absent or when the
/// identifier cannot be decoded, the latter with its error).
///
/// # Safety
/// `type_` must be a live type, `name` a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyType_LookupId(
    type_: *mut PyTypeObject,
    name: *mut crate::objects::unicodeobject::_Py_Identifier,
) -> *mut PyObject {
    // SAFETY: per the contract.
    unsafe {
        let oname = crate::objects::unicodeobject::_PyUnicode_FromId(name);
        if oname.is_null() {
            return ptr::null_mut();
        }
        _PyType_Lookup(type_, oname)
    }
}

/// `_PyObject_LookupSpecialId(self, name)`: the special method `name` of
/// `self`'s type, bound to `self` (a new reference); NULL without an error
/// when the type has none, with one when binding (or decoding the
/// identifier) fails.
///
/// # Safety
/// `self_` must be a live object, `name` a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_LookupSpecialId(
    self_: *mut PyObject,
    name: *mut crate::objects::unicodeobject::_Py_Identifier,
) -> *mut PyObject {
    // SAFETY: per the contract; the identifier's string is NUL-terminated.
    unsafe {
        if crate::objects::unicodeobject::_PyUnicode_FromId(name).is_null() {
            return ptr::null_mut();
        }
        let text = std::ffi::CStr::from_ptr((*name).string).to_string_lossy();
        match lookup_special(self_, &text) {
            Ok(Some(found)) => found.into_raw(),
            Ok(None) | Err(()) => ptr::null_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::object::Py_REFCNT;
    use crate::python::errors::take_error;
    use std::sync::atomic::AtomicUsize;

    static FREED: AtomicUsize = AtomicUsize::new(0);

    unsafe extern "C" fn counting_free(p: *mut c_void) {
        FREED.fetch_add(1, Ordering::SeqCst);
        // SAFETY: allocated by PyType_GenericAlloc.
        unsafe { PyObject_Free(p) }
    }

    #[test]
    fn heap_type_lifecycle() {
        let mut slots = [
            PyType_Slot {
                slot: Py_tp_free,
                pfunc: counting_free as *mut c_void,
            },
            PyType_Slot {
                slot: 0,
                pfunc: ptr::null_mut(),
            },
        ];
        let mut spec = PyType_Spec {
            name: c"test.Thing".as_ptr(),
            basicsize: 32,
            itemsize: 0,
            flags: 0,
            slots: slots.as_mut_ptr(),
        };
        // SAFETY: a valid spec.
        unsafe {
            let ty = PyType_FromSpec(&mut spec) as *mut PyTypeObject;
            assert!(!ty.is_null(), "{:?}", take_error());
            assert_eq!(
                PyType_GetSlot(ty, Py_tp_alloc),
                PyType_GenericAlloc as *mut c_void
            );
            let before = Py_REFCNT(ty as _);
            let obj = PyType_GenericAlloc(ty, 0);
            assert_eq!(Py_REFCNT(ty as _), before + 1);
            assert_eq!(Py_REFCNT(obj), 1);
            Py_DecRef(obj);
            assert_eq!(FREED.load(Ordering::SeqCst), 1);
            assert_eq!(Py_REFCNT(ty as _), before);
            type_clear(ty.cast());
            Py_DecRef(ty as _);
        }
    }

    #[test]
    fn bad_slot_is_rejected() {
        let mut slots = [
            PyType_Slot {
                slot: 999,
                pfunc: ptr::null_mut(),
            },
            PyType_Slot {
                slot: 0,
                pfunc: ptr::null_mut(),
            },
        ];
        let mut spec = PyType_Spec {
            name: c"test.Bad".as_ptr(),
            basicsize: 0,
            itemsize: 0,
            flags: 0,
            slots: slots.as_mut_ptr(),
        };
        // SAFETY: a valid spec with an invalid slot id.
        assert!(unsafe { PyType_FromSpec(&mut spec) }.is_null());
        assert_eq!(take_error().unwrap().kind, Exc::RuntimeError);
    }

    #[test]
    fn signatures_split_like_cpython() {
        let doc = b"f($module, a, b=1, /)\n--\n\nAdds.";
        assert_eq!(doc_without_signature(b"mod.f", doc), b"Adds.");
        assert_eq!(
            text_signature(b"f", doc),
            Some(&b"($module, a, b=1, /)"[..])
        );
        assert_eq!(text_signature(b"g", doc), None);
        assert_eq!(
            doc_without_signature(b"f", b"f(x)\n\nno marker"),
            b"f(x)\n\nno marker"
        );
    }
}
