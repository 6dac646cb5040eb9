//! The generic object layer (CPython's `Objects/object.c`): reference
//! counting, object initialisation, `None`, and `repr()`, `str()` and
//! `ascii()` over every built-in type.
//!
//! Reference counts are updated atomically, so references may be taken and
//! dropped on any thread (the Node layer releases views from finalizers and
//! worker threads). An object is deallocated by its type's `tp_dealloc` when
//! the count reaches zero.
//!
//! Rust callers (the Node layer) convert scalar objects with [`as_scalar`]
//! and [`scalar_to_object`].

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, c_char, c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicIsize, Ordering};

use crate::ffi::*;
use crate::objects::boolobject::{PyBool_Type, bool_from_bool, py_false, py_true};
use crate::objects::dictobject::{
    PyDict_DelItem, PyDict_GetItemWithError, PyDict_New, PyDict_SetItem,
};
use crate::objects::exceptions::Exc;
use crate::objects::floatobject::{float_from_f64, float_repr, float_value};
use crate::objects::longobject::{
    long_from_i128, long_from_le_bytes, long_to_le_bytes, long_value,
};
use crate::objects::obmalloc::{PyObject_Free, PyObject_Malloc};
use crate::objects::typeobject::{
    _PyType_Lookup, ensure_ready, is_subtype, object_repr, object_str, static_type, subtype_dealloc,
};
use crate::objects::unicodeobject::{
    PyUnicode_AsUTF8, PyUnicode_AsUTF8AndSize, PyUnicode_FromString, PyUnicode_Type,
    escape_non_ascii, str_repr, str_value, unicode_from_str,
};
use crate::python::errors;

// ==========================================================================
// Reference counting
// ==========================================================================

/// The refcount of `op` as an atomic.
///
/// # Safety
/// `op` must point to a live object.
unsafe fn refcnt<'a>(op: *mut PyObject) -> &'a AtomicIsize {
    // SAFETY: `ob_refcnt` is an aligned isize inside a live object, and every
    // access to it (here and in the C header's inline functions) is atomic.
    unsafe { AtomicIsize::from_ptr(&raw mut (*op).ob_refcnt) }
}

/// `Py_IncRef(op)`: takes a new reference; NULL is ignored.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_IncRef(op: *mut PyObject) {
    if !op.is_null() {
        // SAFETY: live per the contract. Relaxed suffices: taking a reference
        // requires already holding one, which orders it after creation.
        unsafe { refcnt(op) }.fetch_add(1, Ordering::Relaxed);
    }
}

/// `Py_DecRef(op)`: drops a reference, deallocating at zero; NULL is ignored.
///
/// # Safety
/// `op` must be NULL or a live object the caller holds a reference to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_DecRef(op: *mut PyObject) {
    if op.is_null() {
        return;
    }
    // SAFETY: live per the contract. Release/acquire so that every write made
    // through other references happens before the dealloc below.
    if unsafe { refcnt(op) }.fetch_sub(1, Ordering::AcqRel) == 1 {
        // SAFETY: the count reached zero: this thread owns the object.
        unsafe { _Py_Dealloc(op) }
    }
}

/// `_Py_IncRef(op)`: [`Py_IncRef`] for a non-NULL `op`. CPython 3.11 exports
/// it for the limited API's debug-build `Py_INCREF`, and PyO3's abi3 builds
/// call it for every reference they take.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Py_IncRef(op: *mut PyObject) {
    // SAFETY: forwarded contract (non-NULL here; Py_IncRef also takes NULL).
    unsafe { Py_IncRef(op) }
}

/// `_Py_DecRef(op)`: [`Py_DecRef`] for a non-NULL `op`, the counterpart of
/// [`_Py_IncRef`].
///
/// # Safety
/// `op` must be a live object the caller holds a reference to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Py_DecRef(op: *mut PyObject) {
    // SAFETY: forwarded contract.
    unsafe { Py_DecRef(op) }
}

/// Exports each of the header's inline reference-counting macros as a
/// function of the same name, for callers that cannot use the header (FFI):
/// `Py_INCREF`/`Py_XINCREF` are `Py_IncRef`, `Py_DECREF`/`Py_XDECREF` are
/// `Py_DecRef` (both of which ignore NULL).
macro_rules! refcount_macro_exports {
    ($($(#[$doc:meta])* $name:ident => $target:ident;)*) => {$(
        $(#[$doc])*
        ///
        /// # Safety
        #[doc = concat!("As [`", stringify!($target), "`].")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $name(op: *mut PyObject) {
            // SAFETY: forwarded contract.
            unsafe { $target(op) }
        }
    )*};
}

/// `Py_NewRef(op)` as a function (CPython 3.11 exports it beside its
/// inline version, for callers that cannot use the header): takes a new
/// reference to `op` and returns it.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_NewRef(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { Py_IncRef(op) };
    op
}

/// `Py_XNewRef(op)` as a function: [`Py_NewRef`], NULL passing through.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_XNewRef(op: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract (Py_IncRef ignores NULL).
    unsafe { Py_IncRef(op) };
    op
}

/// `Py_Is(x, y)` as a function: 1 when `x` and `y` are the same object.
#[unsafe(no_mangle)]
pub extern "C" fn Py_Is(x: *mut PyObject, y: *mut PyObject) -> std::ffi::c_int {
    std::ffi::c_int::from(x == y)
}

refcount_macro_exports! {
    /// `Py_INCREF(op)` as a function (the header uses an inline version).
    Py_INCREF => Py_IncRef;
    /// `Py_DECREF(op)` as a function.
    Py_DECREF => Py_DecRef;
    /// `Py_XINCREF(op)` as a function.
    Py_XINCREF => Py_IncRef;
    /// `Py_XDECREF(op)` as a function.
    Py_XDECREF => Py_DecRef;
}

/// `Py_TYPE(op)` as a function.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_TYPE(op: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: live per the contract.
    unsafe { (*op).ob_type }
}

/// `Py_REFCNT(op)` as a function.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_REFCNT(op: *mut PyObject) -> Py_ssize_t {
    // SAFETY: live per the contract.
    unsafe { refcnt(op) }.load(Ordering::Relaxed)
}

/// `_Py_Dealloc(op)`: runs the type's `tp_dealloc`. Called when the count
/// reaches zero.
///
/// Deallocating a container drops its items, which may deallocate them in
/// turn, so a chain of a million nested lists would recurse a million
/// frames deep and overflow the stack. CPython bounds that per type with
/// its trashcan macros; here every deallocation is bounded: past
/// [`DEALLOC_DEPTH_MAX`] nested deallocations on a thread, an object waits
/// in that thread's list, and the outermost deallocation runs the waiting
/// ones in a loop. (pybuffer has no cycle collector, so nothing else can
/// see an object while it waits.)
///
/// # Safety
/// `op` must have a zero refcount and no other users.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Py_Dealloc(op: *mut PyObject) {
    let depth = DEALLOC_DEPTH.with(|d| d.get());
    if depth >= DEALLOC_DEPTH_MAX {
        // try_with: a thread's last objects may go while its locals are
        // torn down (the waiting list among them); those are deallocated
        // at once.
        if DEALLOC_WAITING
            .try_with(|w| w.borrow_mut().push(op))
            .is_ok()
        {
            return;
        }
    }
    DEALLOC_DEPTH.with(|d| d.set(depth + 1));
    // SAFETY: forwarded contract.
    unsafe { run_dealloc(op) };
    if depth == 0 {
        // The outermost deallocation: the waiting objects, each with the
        // full depth available again.
        while let Some(next) = DEALLOC_WAITING
            .try_with(|w| w.borrow_mut().pop())
            .ok()
            .flatten()
        {
            // SAFETY: an object put there with a zero refcount, unused
            // since.
            unsafe { run_dealloc(next) };
        }
    }
    DEALLOC_DEPTH.with(|d| d.set(depth));
}

/// `PyObject_CallFinalizer(self)`: runs the type's `tp_finalize`, once per
/// object for GC types (later calls do nothing), any number of times for
/// others, as CPython does.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CallFinalizer(op: *mut PyObject) {
    // SAFETY: live per the contract; the finalizer is the type's own.
    unsafe {
        let ty = type_of(op);
        let Some(finalize) = (*ty).tp_finalize else {
            return;
        };
        let gc = (*ty).tp_flags & Py_TPFLAGS_HAVE_GC != 0;
        if gc && crate::objects::gcmodule::is_finalized(op) {
            return;
        }
        finalize(op);
        if gc {
            crate::objects::gcmodule::set_finalized(op);
        }
    }
}

/// `PyObject_CallFinalizerFromDealloc(self)`, for a `tp_dealloc` to call
/// first: revives the object (refcount 1) for `PyObject_CallFinalizer`,
/// then drops that reference again. Returns 0 when the object is still
/// unreferenced (the dealloc goes on), -1 when the finalizer stored a new
/// reference to it (resurrection: the dealloc must return at once).
///
/// A nonzero refcount on entry, or a finalizer that released the revived
/// reference, is a fatal error, as in CPython.
///
/// # Safety
/// `op` must be an object whose refcount just dropped to zero.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_CallFinalizerFromDealloc(op: *mut PyObject) -> c_int {
    // SAFETY: the object's memory is live until its dealloc frees it.
    unsafe {
        if (*op).ob_refcnt != 0 {
            crate::python::pylifecycle::fatal_error(
                Some("PyObject_CallFinalizerFromDealloc"),
                "PyObject_CallFinalizerFromDealloc called on object with a non-zero refcount",
            );
        }
        (*op).ob_refcnt = 1;
        PyObject_CallFinalizer(op);
        if (*op).ob_refcnt <= 0 {
            crate::python::pylifecycle::fatal_error(
                Some("PyObject_CallFinalizerFromDealloc"),
                "refcount is too small",
            );
        }
        (*op).ob_refcnt -= 1;
        if (*op).ob_refcnt == 0 { 0 } else { -1 }
    }
}

/// How many deallocations may nest on one thread before further ones wait
/// (CPython's trashcan allows 50 per type).
const DEALLOC_DEPTH_MAX: u32 = 100;

thread_local! {
    static DEALLOC_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static DEALLOC_WAITING: std::cell::RefCell<Vec<*mut PyObject>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `op`'s `tp_dealloc`, or the default one.
///
/// # Safety
/// `op` must have a zero refcount and no other users.
unsafe fn run_dealloc(op: *mut PyObject) {
    // SAFETY: the object and its type are live until dealloc runs.
    let dealloc = unsafe { (*(*op).ob_type).tp_dealloc };
    match dealloc {
        // SAFETY: the type's own destructor for its own instance.
        Some(dealloc) => unsafe { dealloc(op) },
        // SAFETY: the object is unused; the default frees and drops the type.
        None => unsafe { subtype_dealloc(op) },
    }
}

// ==========================================================================
// Object creation
// ==========================================================================

/// True for types made by `PyType_FromSpec`.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn is_heap_type(ty: *mut PyTypeObject) -> bool {
    // SAFETY: live per the contract.
    unsafe { (*ty).tp_flags & Py_TPFLAGS_HEAPTYPE != 0 }
}

/// `PyObject_Init(op, type)`: sets the header of freshly allocated memory
/// (refcount 1) and, for heap types, takes a reference to the type.
///
/// # Safety
/// `op` must be NULL or writable for the header; `ty` a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Init(op: *mut PyObject, ty: *mut PyTypeObject) -> *mut PyObject {
    if op.is_null() {
        return errors::PyErr_NoMemory();
    }
    if ty.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: writable per the contract; the object is not shared yet.
    unsafe {
        (*op).ob_refcnt = 1;
        (*op).ob_type = ty;
    }
    // SAFETY: `ty` is live.
    if unsafe { is_heap_type(ty) } {
        // SAFETY: `ty` is live.
        unsafe { Py_IncRef(ty as *mut PyObject) };
    }
    op
}

/// `_Py_NewReference(op)`: makes memory an extension allocated itself
/// (`PyObject_Malloc`, a free list) a new object with one reference, its
/// type already set. As CPython's (private, exported, in its
/// cpython/object.h; recordclass's litelist calls it): only the reference
/// count is written, and a heap type gains no reference.
///
/// # Safety
/// `op` must be writable for an object header and not shared yet.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Py_NewReference(op: *mut PyObject) {
    if op.is_null() {
        return;
    }
    // SAFETY: writable and unshared per the contract; the header's count is
    // an atomic in C's view, stored through a raw pointer here.
    unsafe { ptr::addr_of_mut!((*op).ob_refcnt).write(1) };
}

/// `PyObject_InitVar(op, type, size)`.
///
/// # Safety
/// As [`PyObject_Init`], with room for a `PyVarObject` header.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_InitVar(
    op: *mut PyVarObject,
    ty: *mut PyTypeObject,
    size: Py_ssize_t,
) -> *mut PyVarObject {
    // SAFETY: forwarded contract.
    let op = unsafe { PyObject_Init(op as *mut PyObject, ty) } as *mut PyVarObject;
    if !op.is_null() {
        // SAFETY: initialised above; room for the var header per contract.
        unsafe { (*op).ob_size = size };
    }
    op
}

/// Instance size for `nitems` variable items, with CPython's extra sentinel
/// item, or None on overflow.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn instance_size(ty: *mut PyTypeObject, nitems: Py_ssize_t) -> Option<usize> {
    // SAFETY: live per the contract.
    let (basic, item) = unsafe { ((*ty).tp_basicsize, (*ty).tp_itemsize) };
    let basic = usize::try_from(basic).ok()?;
    let item = usize::try_from(item).ok()?;
    let nitems = usize::try_from(nitems).ok()?;
    let size = basic.max(std::mem::size_of::<PyObject>());
    if item == 0 {
        return Some(size);
    }
    item.checked_mul(nitems.checked_add(1)?)?.checked_add(size)
}

/// `_PyObject_New(type)`, behind CPython's `PyObject_New` macro: allocates
/// `tp_basicsize` bytes with `PyObject_Malloc` and initialises the header.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_New(ty: *mut PyTypeObject) -> *mut PyObject {
    if ty.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let Some(size) = (unsafe { instance_size(ty, 0) }) else {
        return errors::PyErr_NoMemory();
    };
    let op = PyObject_Malloc(size) as *mut PyObject;
    // SAFETY: `op` is NULL (handled) or fresh memory of `size` bytes.
    unsafe { PyObject_Init(op, ty) }
}

/// `_PyObject_NewVar(type, n)`, behind `PyObject_NewVar`.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_NewVar(
    ty: *mut PyTypeObject,
    nitems: Py_ssize_t,
) -> *mut PyVarObject {
    if ty.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let Some(size) = (unsafe { instance_size(ty, nitems) }) else {
        return errors::PyErr_NoMemory() as *mut PyVarObject;
    };
    let op = PyObject_Malloc(size) as *mut PyVarObject;
    // SAFETY: NULL or fresh memory big enough for the var header.
    unsafe { PyObject_InitVar(op, ty, nitems) }
}

/// The type name of `op` for messages ("NULL" for a NULL object).
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn type_name_of(op: *mut PyObject) -> String {
    if op.is_null() {
        return "NULL".into();
    }
    // SAFETY: live per the contract.
    let name = unsafe { (*(*op).ob_type).tp_name };
    if name.is_null() {
        return "?".into();
    }
    // SAFETY: a type's name is NUL-terminated.
    unsafe { CStr::from_ptr(name) }
        .to_string_lossy()
        .into_owned()
}

// ==========================================================================
// Helpers for the built-in types
// ==========================================================================

/// The dealloc of `None`, `True` and `False`: they are never freed; a count
/// driven to zero by unbalanced `Py_DECREF`s is reset.
///
/// # Safety
/// `op` must be one of the immortal statics.
pub(crate) unsafe extern "C" fn immortal_dealloc(op: *mut PyObject) {
    // SAFETY: a live static object; the refcount is only touched atomically.
    unsafe { std::sync::atomic::AtomicIsize::from_ptr(&raw mut (*op).ob_refcnt) }
        .store(IMMORTAL_REFCNT, std::sync::atomic::Ordering::Relaxed);
}

/// The dealloc of `int`, `float` and `str` instances, which own no other
/// memory: one `PyObject_Free`.
///
/// # Safety
/// `op` must be an unreferenced instance allocated by [`alloc`].
pub(crate) unsafe extern "C" fn free_dealloc(op: *mut PyObject) {
    // SAFETY: allocated with PyObject_Malloc and no longer referenced.
    unsafe { PyObject_Free(op.cast()) }
}

/// Allocates an instance of the static type `ty` of `size` bytes, with the
/// header initialised (refcount 1); NULL with `MemoryError` on failure.
pub(crate) fn alloc(ty: *mut PyTypeObject, size: usize) -> *mut PyObject {
    let op = PyObject_Malloc(size) as *mut PyObject;
    if op.is_null() {
        return errors::PyErr_NoMemory();
    }
    // SAFETY: fresh memory with room for the header; `ty` is a static type.
    unsafe { PyObject_Init(op, ty) }
}

/// The type of `op`.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn type_of(op: *mut PyObject) -> *mut PyTypeObject {
    // SAFETY: live per the contract.
    unsafe { (*op).ob_type }
}

/// The type of an immortal singleton (`None`, `NotImplemented`,
/// `Ellipsis`), named `name` and printed by `repr`: its one instance is a
/// bare object header ([`singleton`]) that is never freed, and which
/// calling the type gives back (`new`, CPython's `none_new` and kin).
const fn singleton_type(name: &'static CStr, repr: reprfunc, new: newfunc) -> PyTypeObject {
    let mut ty = static_type(name, std::mem::size_of::<PyObject>(), 0, immortal_dealloc);
    ty.tp_repr = Some(repr);
    ty.tp_new = Some(new);
    ty
}

/// The one instance of the singleton type `ty` (made by
/// [`singleton_type`]): immortal, as CPython's static singletons are.
const fn singleton(ty: *mut PyTypeObject) -> PyObject {
    PyObject {
        ob_refcnt: IMMORTAL_REFCNT,
        ob_type: ty,
    }
}

// ==========================================================================
// None
// ==========================================================================

/// `_PyNone_Type`: `type(None)`, named `NoneType`.
#[unsafe(no_mangle)]
pub static _PyNone_Type: StaticObject<PyTypeObject> =
    StaticObject::new(singleton_type(c"NoneType", none_repr, none_new));

/// `NoneType()`: None itself; any argument is CPython's TypeError.
unsafe extern "C" fn none_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's contract: a tuple and NULL or a dict.
    unsafe { singleton_new(args, kwds, "NoneType", py_none()) }
}

/// The `tp_new` of the singleton types: a new reference to `singleton`
/// when called with no arguments, else `TypeError("<name> takes no
/// arguments")`.
///
/// # Safety
/// `args` must be a tuple, `kwds` NULL or a dict.
unsafe fn singleton_new(
    args: *mut PyObject,
    kwds: *mut PyObject,
    name: &str,
    singleton: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: per the contract.
    let given = unsafe {
        crate::objects::tupleobject::size(args) != 0
            || (!kwds.is_null() && crate::objects::dictobject::PyDict_Size(kwds) != 0)
    };
    if given {
        errors::raise(Exc::TypeError, format!("{name} takes no arguments"));
        return ptr::null_mut();
    }
    // SAFETY: an immortal static object.
    unsafe { Py_IncRef(singleton) };
    singleton
}

/// `repr(None)`.
unsafe extern "C" fn none_repr(_op: *mut PyObject) -> *mut PyObject {
    unicode_from_str("None")
}

/// `_Py_NoneStruct`: the `None` object (`Py_None` in C).
#[unsafe(no_mangle)]
pub static _Py_NoneStruct: StaticObject<PyObject> =
    StaticObject::new(singleton(_PyNone_Type.get()));

/// `Py_None` as a pointer (borrowed; the object is immortal).
pub fn py_none() -> *mut PyObject {
    _Py_NoneStruct.get()
}

/// A new reference to `None`. Never fails.
pub fn none() -> *mut PyObject {
    let op = py_none();
    // SAFETY: an immortal static object.
    unsafe { Py_IncRef(op) };
    op
}

/// `Py_IsNone(x)` as a function (CPython exports it; the header's macro
/// compares pointers). Never fails.
#[unsafe(no_mangle)]
pub extern "C" fn Py_IsNone(x: *mut PyObject) -> c_int {
    (x == py_none()) as c_int
}

// ==========================================================================
// NotImplemented
// ==========================================================================

/// `repr(NotImplemented)`.
unsafe extern "C" fn not_implemented_repr(_op: *mut PyObject) -> *mut PyObject {
    unicode_from_str("NotImplemented")
}

/// `_PyNotImplemented_Type`: `type(NotImplemented)`, named
/// `NotImplementedType`.
#[unsafe(no_mangle)]
pub static _PyNotImplemented_Type: StaticObject<PyTypeObject> = StaticObject::new(singleton_type(
    c"NotImplementedType",
    not_implemented_repr,
    not_implemented_new,
));

/// `NotImplementedType()`: NotImplemented itself.
unsafe extern "C" fn not_implemented_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's contract: a tuple and NULL or a dict.
    unsafe { singleton_new(args, kwds, "NotImplementedType", py_not_implemented()) }
}

/// `_Py_NotImplementedStruct`: the `NotImplemented` object
/// (`Py_NotImplemented` in C), which binary and comparison slots return to
/// let the other operand try.
#[unsafe(no_mangle)]
pub static _Py_NotImplementedStruct: StaticObject<PyObject> =
    StaticObject::new(singleton(_PyNotImplemented_Type.get()));

/// `Py_NotImplemented` as a pointer (borrowed; the object is immortal).
pub fn py_not_implemented() -> *mut PyObject {
    _Py_NotImplementedStruct.get()
}

/// A new reference to `NotImplemented`. Never fails.
pub fn not_implemented() -> *mut PyObject {
    let op = py_not_implemented();
    // SAFETY: an immortal static object.
    unsafe { Py_IncRef(op) };
    op
}

// ==========================================================================
// Ellipsis
// ==========================================================================

/// `repr(...)`.
unsafe extern "C" fn ellipsis_repr(_op: *mut PyObject) -> *mut PyObject {
    unicode_from_str("Ellipsis")
}

/// `PyEllipsis_Type`: `type(...)`, named `ellipsis`.
#[unsafe(no_mangle)]
pub static PyEllipsis_Type: StaticObject<PyTypeObject> =
    StaticObject::new(singleton_type(c"ellipsis", ellipsis_repr, ellipsis_new));

/// `EllipsisType()`: Ellipsis itself (CPython's message names the type
/// `EllipsisType`, as `types` does, not `ellipsis`).
unsafe extern "C" fn ellipsis_new(
    _ty: *mut PyTypeObject,
    args: *mut PyObject,
    kwds: *mut PyObject,
) -> *mut PyObject {
    // SAFETY: tp_new's contract: a tuple and NULL or a dict.
    unsafe { singleton_new(args, kwds, "EllipsisType", _Py_EllipsisObject.get()) }
}

/// `_Py_EllipsisObject`: the `Ellipsis` singleton (`Py_Ellipsis` in C).
#[unsafe(no_mangle)]
pub static _Py_EllipsisObject: StaticObject<PyObject> =
    StaticObject::new(singleton(PyEllipsis_Type.get()));

/// `PyObject_HashNotImplemented(obj)`: the `tp_hash` of unhashable types
/// (`list`, `dict`, `bytearray`): raises `TypeError("unhashable type:
/// 'T'")` and returns -1.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_HashNotImplemented(obj: *mut PyObject) -> Py_hash_t {
    // SAFETY: live per the contract.
    let name = unsafe { type_name_of(obj) };
    errors::raise(
        Exc::TypeError,
        format!("unhashable type: '{}'", truncate(&name, 200)),
    );
    -1
}

/// `_PyObject_NextNotImplemented(obj)`: the `tp_iternext` that marks a
/// type as not an iterator (CPython's `PyIter_Check` and Cython compare
/// against it): raises `TypeError("'T' object is not iterable")`.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_NextNotImplemented(obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: live per the contract.
    let name = unsafe { type_name_of(obj) };
    errors::fail_null(
        Exc::TypeError,
        format!("'{}' object is not iterable", truncate(&name, 200)),
    )
}

/// `text` cut to at most `max` bytes, as C's `%.200s` cuts a type name in
/// CPython's messages (a character cut in two becomes U+FFFD, as
/// `PyUnicode_FromFormat` decodes it).
pub(crate) fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    String::from_utf8_lossy(&text.as_bytes()[..max])
}

// ==========================================================================
// Helpers: owned references and message text
// ==========================================================================

/// A strong reference, released when dropped: keeps error paths from
/// leaking.
pub(crate) struct Owned(*mut PyObject);

impl Owned {
    /// Takes over a new reference; None for NULL (a failed constructor).
    pub(crate) fn new(op: *mut PyObject) -> Option<Owned> {
        (!op.is_null()).then_some(Owned(op))
    }

    /// Takes a new reference to the borrowed object `op`.
    ///
    /// # Safety
    /// `op` must be a live object.
    pub(crate) unsafe fn borrowed(op: *mut PyObject) -> Owned {
        // SAFETY: live per the contract.
        unsafe { Py_IncRef(op) };
        Owned(op)
    }

    /// The object (still owned by `self`).
    pub(crate) fn as_ptr(&self) -> *mut PyObject {
        self.0
    }

    /// Gives up ownership: the caller now holds the reference.
    pub(crate) fn into_raw(self) -> *mut PyObject {
        let op = self.0;
        std::mem::forget(self);
        op
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: `self` holds a strong reference to a live object.
        unsafe { Py_DecRef(self.0) }
    }
}

/// Whether `op` is a `str` (or a subclass): CPython's `PyUnicode_Check`.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_str(op: *mut PyObject) -> bool {
    // SAFETY: a live object has a live type.
    unsafe { (*type_of(op)).tp_flags & Py_TPFLAGS_UNICODE_SUBCLASS != 0 }
}

/// Whether `op` is a type object: CPython's `PyType_Check`.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn is_type(op: *mut PyObject) -> bool {
    // SAFETY: a live object has a live type.
    unsafe { (*type_of(op)).tp_flags & Py_TPFLAGS_TYPE_SUBCLASS != 0 }
}

/// The text of the `str` `op` for messages (as `%U` prints it); `"?"` for
/// anything else.
///
/// # Safety
/// `op` must be NULL or a live object.
pub(crate) unsafe fn text_of(op: *mut PyObject) -> String {
    // SAFETY: live per the contract.
    if op.is_null() || !unsafe { is_str(op) } {
        return "?".into();
    }
    let mut len: Py_ssize_t = 0;
    // SAFETY: a live str; `len` is writable.
    let p = unsafe { PyUnicode_AsUTF8AndSize(op, &mut len) };
    if p.is_null() {
        errors::PyErr_Clear();
        return "?".into();
    }
    // SAFETY: `len` bytes of UTF-8 owned by the live str.
    let bytes = unsafe { std::slice::from_raw_parts(p.cast::<u8>(), len as usize) };
    String::from_utf8_lossy(bytes).into_owned()
}

/// A C string cut to at most `max` bytes, decoded as `%.<max>s` is by
/// `PyUnicode_FromFormat` (invalid UTF-8 becomes U+FFFD).
///
/// # Safety
/// `s` must be NULL or NUL-terminated.
pub(crate) unsafe fn c_text(s: *const c_char, max: usize) -> String {
    if s.is_null() {
        return "(null)".into();
    }
    // SAFETY: NUL-terminated per the contract.
    let bytes = unsafe { CStr::from_ptr(s) }.to_bytes();
    String::from_utf8_lossy(&bytes[..bytes.len().min(max)]).into_owned()
}

/// `tp_name` of the type `ty` as `%.<max>s` prints it.
///
/// # Safety
/// `ty` must be a live type object.
pub(crate) unsafe fn tp_name(ty: *mut PyTypeObject, max: usize) -> String {
    // SAFETY: live per the contract.
    unsafe { c_text((*ty).tp_name, max) }
}

/// `tp_name` of the type of `op` as `%.<max>s` prints it.
///
/// # Safety
/// `op` must be a live object.
pub(crate) unsafe fn type_name_max(op: *mut PyObject, max: usize) -> String {
    // SAFETY: live per the contract.
    unsafe { tp_name(type_of(op), max) }
}

/// The `TypeError` of a non-`str` attribute name.
///
/// # Safety
/// `name` must be a live object.
unsafe fn bad_attr_name(name: *mut PyObject) {
    errors::raise(
        Exc::TypeError,
        format!(
            "attribute name must be string, not '{}'",
            // SAFETY: live per the contract.
            unsafe { type_name_max(name, 200) }
        ),
    );
}

/// Sets `SystemError("null argument to internal routine")` unless an error
/// is already pending (CPython's `null_error`), and returns NULL.
pub(crate) fn null_error() -> *mut PyObject {
    if errors::PyErr_Occurred().is_null() {
        errors::raise(Exc::SystemError, "null argument to internal routine");
    }
    ptr::null_mut()
}

// ==========================================================================
// Attributes
// ==========================================================================

/// `PyObject_GetAttr(v, name)`: `v.name`, through the type's
/// `tp_getattro` (or legacy `tp_getattr`).
///
/// Fails (NULL) with `TypeError("attribute name must be string, not
/// 'T'")`, `AttributeError("'T' object has no attribute 'name'")`, or
/// whatever the slot raised. An `AttributeError` leaves normalised, with
/// its `name` and `obj` set to `name` and `v` (as CPython 3.10+ does for
/// its suggestions) unless the raiser set either.
///
/// # Safety
/// `v` and `name` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GetAttr(v: *mut PyObject, name: *mut PyObject) -> *mut PyObject {
    if v.is_null() || name.is_null() {
        return null_error();
    }
    // SAFETY: both live per the contract.
    unsafe {
        if !is_str(name) {
            bad_attr_name(name);
            return ptr::null_mut();
        }
        let tp = type_of(v);
        ensure_ready(tp);
        let result = if let Some(getattro) = (*tp).tp_getattro {
            getattro(v, name)
        } else if let Some(getattr) = (*tp).tp_getattr {
            let s = PyUnicode_AsUTF8(name);
            if s.is_null() {
                return ptr::null_mut();
            }
            getattr(v, s.cast_mut())
        } else {
            errors::raise(Exc::AttributeError, no_attribute_message(tp, 50, name));
            ptr::null_mut()
        };
        if result.is_null() {
            set_attribute_error_context(v, name);
        }
        result
    }
}

/// With an `AttributeError` pending: normalises it and, when neither its
/// `name` nor its `obj` is set, sets them to `name` and `v` (CPython's
/// `set_attribute_error_context`). Any other pending error is left alone.
///
/// # Safety
/// `v` and `name` must be live objects.
unsafe fn set_attribute_error_context(v: *mut PyObject, name: *mut PyObject) {
    let attribute_error = Exc::AttributeError.type_object();
    // SAFETY: the pending error, owned through the fetch and restore.
    unsafe {
        if errors::PyErr_ExceptionMatches(attribute_error) == 0 {
            return;
        }
        let (mut t, mut value, mut tb) = (ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        errors::PyErr_Fetch(&mut t, &mut value, &mut tb);
        errors::PyErr_NormalizeException(&mut t, &mut value, &mut tb);
        if !value.is_null() && errors::PyErr_GivenExceptionMatches(value, attribute_error) != 0 {
            // An instance of AttributeError (or a subclass), so laid out
            // as `PyAttributeErrorObject`.
            let exc = value.cast::<PyAttributeErrorObject>();
            if (*exc).name.is_null() && (*exc).obj.is_null() {
                Py_IncRef(name);
                (*exc).name = name;
                Py_IncRef(v);
                (*exc).obj = v;
            }
        }
        errors::PyErr_Restore(t, value, tb);
    }
}

/// `"'T' object has no attribute 'name'"`, `T` the name of `tp` cut to
/// `max` bytes (CPython's `%.50s` or `%.100s`, depending on the caller).
///
/// # Safety
/// `tp` must be a live type, `name` a live `str`.
unsafe fn no_attribute_message(tp: *mut PyTypeObject, max: usize, name: *mut PyObject) -> String {
    // SAFETY: per the contract.
    unsafe {
        format!(
            "'{}' object has no attribute '{}'",
            tp_name(tp, max),
            text_of(name)
        )
    }
}

/// `PyObject_GetAttrString(v, name)`: as [`PyObject_GetAttr`] with a
/// UTF-8 name.
///
/// # Safety
/// `v` must be NULL or a live object; `name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GetAttrString(
    v: *mut PyObject,
    name: *const c_char,
) -> *mut PyObject {
    if v.is_null() || name.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    let tp = unsafe { type_of(v) };
    // SAFETY: a live type.
    if let Some(getattr) = unsafe { (*tp).tp_getattr } {
        // SAFETY: the type's own legacy slot, given a NUL-terminated name.
        return unsafe { getattr(v, name.cast_mut()) };
    }
    // SAFETY: NUL-terminated per the contract.
    let Some(w) = Owned::new(unsafe { PyUnicode_FromString(name) }) else {
        return ptr::null_mut();
    };
    // SAFETY: both live.
    unsafe { PyObject_GetAttr(v, w.as_ptr()) }
}

/// `_PyObject_LookupAttr(v, name, &result)`: `v.name` without raising
/// `AttributeError`: 1 and a new reference in `*result` when found, 0 and
/// NULL when missing, -1 and NULL on any other error.
///
/// # Safety
/// `v` and `name` must be live objects; `result` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_LookupAttr(
    v: *mut PyObject,
    name: *mut PyObject,
    result: *mut *mut PyObject,
) -> c_int {
    if result.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: per the contract.
    unsafe {
        *result = ptr::null_mut();
        if v.is_null() || name.is_null() {
            null_error();
            return -1;
        }
        if !is_str(name) {
            bad_attr_name(name);
            return -1;
        }
        let tp = type_of(v);
        ensure_ready(tp);
        let res = match ((*tp).tp_getattro, (*tp).tp_getattr) {
            (Some(getattro), _)
                if getattro as usize == PyObject_GenericGetAttr as *const () as usize =>
            {
                let res = generic_getattr_with_dict(v, name, ptr::null_mut(), true);
                *result = res;
                return if !res.is_null() {
                    1
                } else if errors::PyErr_Occurred().is_null() {
                    0
                } else {
                    -1
                };
            }
            (Some(getattro), _) => getattro(v, name),
            (None, Some(getattr)) => {
                let s = PyUnicode_AsUTF8(name);
                if s.is_null() {
                    return -1;
                }
                getattr(v, s.cast_mut())
            }
            (None, None) => return 0,
        };
        if !res.is_null() {
            *result = res;
            return 1;
        }
        if errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) == 0 {
            return -1;
        }
        errors::PyErr_Clear();
        0
    }
}

/// `PyObject_HasAttr(v, name)`: 1 when `v.name` exists, else 0; every
/// error is cleared.
///
/// # Safety
/// `v` and `name` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_HasAttr(v: *mut PyObject, name: *mut PyObject) -> c_int {
    let mut res = ptr::null_mut();
    // SAFETY: forwarded contract; `res` is writable.
    if unsafe { _PyObject_LookupAttr(v, name, &mut res) } < 0 {
        errors::PyErr_Clear();
        return 0;
    }
    if res.is_null() {
        return 0;
    }
    // SAFETY: the new reference from the lookup.
    unsafe { Py_DecRef(res) };
    1
}

/// `PyObject_HasAttrString(v, name)`: as [`PyObject_HasAttr`].
///
/// # Safety
/// `v` must be NULL or a live object; `name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_HasAttrString(v: *mut PyObject, name: *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    let res = unsafe { PyObject_GetAttrString(v, name) };
    if res.is_null() {
        errors::PyErr_Clear();
        return 0;
    }
    // SAFETY: a new reference.
    unsafe { Py_DecRef(res) };
    1
}

/// `PyObject_SetAttr(v, name, value)`: `v.name = value`, or `del v.name`
/// when `value` is NULL, through `tp_setattro` (or `tp_setattr`).
///
/// Fails (-1) with `TypeError("attribute name must be string, not
/// 'T'")`, `TypeError("'T' object has no attributes (assign to .name)")`
/// (or "only read-only attributes", or "del") for types without a setter
/// slot, or whatever the slot raised.
///
/// # Safety
/// `v` and `name` must be NULL or live objects; `value` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_SetAttr(
    v: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    if v.is_null() || name.is_null() {
        null_error();
        return -1;
    }
    // SAFETY: live per the contract.
    unsafe {
        if !is_str(name) {
            bad_attr_name(name);
            return -1;
        }
        let tp = type_of(v);
        ensure_ready(tp);
        if let Some(setattro) = (*tp).tp_setattro {
            return setattro(v, name, value);
        }
        if let Some(setattr) = (*tp).tp_setattr {
            let s = PyUnicode_AsUTF8(name);
            if s.is_null() {
                return -1;
            }
            return setattr(v, s.cast_mut(), value);
        }
        let what = if (*tp).tp_getattr.is_none() && (*tp).tp_getattro.is_none() {
            "has no attributes"
        } else {
            "has only read-only attributes"
        };
        let op = if value.is_null() { "del" } else { "assign to" };
        errors::fail(
            Exc::TypeError,
            format!(
                "'{}' object {what} ({op} .{})",
                tp_name(tp, 100),
                text_of(name)
            ),
        )
    }
}

/// `PyObject_SetAttrString(v, name, value)`: as [`PyObject_SetAttr`] with
/// a UTF-8 name.
///
/// # Safety
/// As [`PyObject_SetAttr`]; `name` NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_SetAttrString(
    v: *mut PyObject,
    name: *const c_char,
    value: *mut PyObject,
) -> c_int {
    if v.is_null() || name.is_null() {
        null_error();
        return -1;
    }
    // SAFETY: live per the contract.
    let tp = unsafe { type_of(v) };
    // SAFETY: a live type.
    if let Some(setattr) = unsafe { (*tp).tp_setattr } {
        // SAFETY: the type's own legacy slot, given a NUL-terminated name.
        return unsafe { setattr(v, name.cast_mut(), value) };
    }
    // SAFETY: NUL-terminated per the contract.
    let Some(s) = Owned::new(unsafe { PyUnicode_FromString(name) }) else {
        return -1;
    };
    // SAFETY: forwarded contract.
    unsafe { PyObject_SetAttr(v, s.as_ptr(), value) }
}

/// `PyObject_DelAttr(v, name)` as a function (CPython 3.11's header makes
/// it a macro over `PyObject_SetAttr(v, name, NULL)`).
///
/// # Safety
/// As [`PyObject_SetAttr`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_DelAttr(v: *mut PyObject, name: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { PyObject_SetAttr(v, name, ptr::null_mut()) }
}

/// `PyObject_DelAttrString(v, name)` as a function (a macro in CPython
/// 3.11's header).
///
/// # Safety
/// As [`PyObject_SetAttrString`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_DelAttrString(v: *mut PyObject, name: *const c_char) -> c_int {
    // SAFETY: forwarded contract.
    unsafe { PyObject_SetAttrString(v, name, ptr::null_mut()) }
}

/// `_PyObject_GetDictPtr(obj)`: where the instance's `__dict__` pointer
/// lives (from the type's `tp_dictoffset`; a negative offset counts from
/// the end of a variable-size object), or NULL when it has none.
///
/// # Safety
/// `obj` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_GetDictPtr(obj: *mut PyObject) -> *mut *mut PyObject {
    // SAFETY: live per the contract.
    unsafe {
        let tp = type_of(obj);
        let mut offset = (*tp).tp_dictoffset;
        if offset == 0 {
            return ptr::null_mut();
        }
        if offset < 0 {
            let n = (*(obj as *mut PyVarObject)).ob_size.unsigned_abs();
            let item = (*tp).tp_itemsize.unsigned_abs();
            // CPython's _PyObject_VAR_SIZE: basicsize + n * itemsize,
            // rounded up to a pointer.
            let size = ((*tp).tp_basicsize as usize + n * item + 7) & !7;
            offset += size as isize;
        }
        (obj as *mut u8).offset(offset).cast()
    }
}

/// CPython's `_PyObject_GenericGetAttrWithDict`: data descriptors on the
/// type first, then the instance dict (`dict`, or the one at
/// `tp_dictoffset`), then other descriptors and plain class attributes.
/// With `suppress`, a missing attribute returns NULL without an error.
///
/// # Safety
/// `obj` and `name` must be live objects, `name` a `str`; `dict` NULL or a
/// live dict.
pub(crate) unsafe fn generic_getattr_with_dict(
    obj: *mut PyObject,
    name: *mut PyObject,
    mut dict: *mut PyObject,
    suppress: bool,
) -> *mut PyObject {
    // SAFETY: per the contract; every slot is called on its own type's
    // objects, and every borrowed reference is held while used.
    unsafe {
        let tp = type_of(obj);
        if !ensure_ready(tp) {
            return ptr::null_mut();
        }
        let _name = Owned::borrowed(name);
        let suppress_attr_error = |res: *mut PyObject| {
            if res.is_null()
                && suppress
                && errors::PyErr_ExceptionMatches(Exc::AttributeError.type_object()) != 0
            {
                errors::PyErr_Clear();
            }
            res
        };
        let descr = _PyType_Lookup(tp, name);
        let descr = (!descr.is_null()).then(|| Owned::borrowed(descr));
        let mut get = None;
        if let Some(d) = &descr {
            let dtype = type_of(d.as_ptr());
            get = (*dtype).tp_descr_get;
            if let Some(f) = get
                && (*dtype).tp_descr_set.is_some()
            {
                return suppress_attr_error(f(d.as_ptr(), obj, tp.cast()));
            }
        }
        if dict.is_null() {
            let dictptr = _PyObject_GetDictPtr(obj);
            if !dictptr.is_null() {
                dict = *dictptr;
            }
        }
        if !dict.is_null() {
            let dict = Owned::borrowed(dict);
            let res = PyDict_GetItemWithError(dict.as_ptr(), name);
            if !res.is_null() {
                Py_IncRef(res);
                return res;
            }
            if !errors::PyErr_Occurred().is_null() {
                return suppress_attr_error(ptr::null_mut());
            }
        }
        if let (Some(f), Some(d)) = (get, &descr) {
            return suppress_attr_error(f(d.as_ptr(), obj, tp.cast()));
        }
        if let Some(d) = descr {
            return d.into_raw();
        }
        if !suppress {
            errors::raise(Exc::AttributeError, no_attribute_message(tp, 50, name));
        }
        ptr::null_mut()
    }
}

/// `PyObject_GenericGetAttr(obj, name)`: the default `tp_getattro` (see
/// `generic_getattr_with_dict`).
///
/// Fails (NULL) with `TypeError("attribute name must be string, not
/// 'T'")`, `AttributeError("'T' object has no attribute 'name'")` or what
/// a descriptor raised.
///
/// # Safety
/// `obj` and `name` must be live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GenericGetAttr(
    obj: *mut PyObject,
    name: *mut PyObject,
) -> *mut PyObject {
    if obj.is_null() || name.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if !is_str(name) {
            bad_attr_name(name);
            return ptr::null_mut();
        }
        generic_getattr_with_dict(obj, name, ptr::null_mut(), false)
    }
}

/// CPython's `_PyObject_GenericSetAttrWithDict`: a data descriptor's
/// setter, else the instance dict; `value` NULL deletes.
///
/// # Safety
/// `obj` and `name` must be live objects, `name` a `str`; `value` and
/// `dict` NULL or live (`dict` a dict).
pub(crate) unsafe fn generic_setattr_with_dict(
    obj: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
    dict: *mut PyObject,
) -> c_int {
    // SAFETY: per the contract; the descriptor's setter is called on an
    // object of the type it was found on.
    unsafe {
        let tp = type_of(obj);
        if !ensure_ready(tp) {
            return -1;
        }
        let _name = Owned::borrowed(name);
        let _tp = Owned::borrowed(tp.cast());
        let descr = _PyType_Lookup(tp, name);
        let descr = (!descr.is_null()).then(|| Owned::borrowed(descr));
        if let Some(d) = &descr
            && let Some(set) = (*type_of(d.as_ptr())).tp_descr_set
        {
            return set(d.as_ptr(), obj, value);
        }
        let res = if dict.is_null() {
            let dictptr = _PyObject_GetDictPtr(obj);
            if dictptr.is_null() {
                let msg = if descr.is_none() {
                    no_attribute_message(tp, 100, name)
                } else {
                    format!(
                        "'{}' object attribute '{}' is read-only",
                        tp_name(tp, 50),
                        text_of(name)
                    )
                };
                return errors::fail(Exc::AttributeError, msg);
            }
            if (*dictptr).is_null() {
                let new = PyDict_New();
                if new.is_null() {
                    return -1;
                }
                *dictptr = new;
            }
            dict_set_or_del(*dictptr, name, value)
        } else {
            let dict = Owned::borrowed(dict);
            dict_set_or_del(dict.as_ptr(), name, value)
        };
        if res < 0 && errors::PyErr_ExceptionMatches(Exc::KeyError.type_object()) != 0 {
            let msg = if is_type(obj) {
                format!(
                    "type object '{}' has no attribute '{}'",
                    tp_name(obj.cast(), 50),
                    text_of(name)
                )
            } else {
                no_attribute_message(tp, 100, name)
            };
            errors::raise(Exc::AttributeError, msg);
        }
        res
    }
}

/// `dict[key] = value`, or `del dict[key]` for a NULL value.
///
/// # Safety
/// `dict` must be a live dict, `key` a live object, `value` NULL or live.
unsafe fn dict_set_or_del(dict: *mut PyObject, key: *mut PyObject, value: *mut PyObject) -> c_int {
    // SAFETY: per the contract.
    unsafe {
        if value.is_null() {
            PyDict_DelItem(dict, key)
        } else {
            PyDict_SetItem(dict, key, value)
        }
    }
}

/// `PyObject_GenericSetAttr(obj, name, value)`: the default
/// `tp_setattro` (see `generic_setattr_with_dict`).
///
/// Fails (-1) with `TypeError` for a non-`str` name, `AttributeError("'T'
/// object has no attribute 'x'")` / `("'T' object attribute 'x' is
/// read-only")` when there is nowhere to store it, or what a descriptor
/// raised.
///
/// # Safety
/// `obj` and `name` must be live objects; `value` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GenericSetAttr(
    obj: *mut PyObject,
    name: *mut PyObject,
    value: *mut PyObject,
) -> c_int {
    if obj.is_null() || name.is_null() {
        null_error();
        return -1;
    }
    // SAFETY: live per the contract.
    unsafe {
        if !is_str(name) {
            bad_attr_name(name);
            return -1;
        }
        generic_setattr_with_dict(obj, name, value, ptr::null_mut())
    }
}

/// `PyObject_GenericGetDict(obj, context)`: the `__dict__` getter for
/// types with a `tp_dictoffset`, creating the dict on first use.
///
/// Fails (NULL) with `AttributeError("This object has no __dict__")`, or
/// `SystemError` for a NULL `obj`.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GenericGetDict(
    obj: *mut PyObject,
    _context: *mut c_void,
) -> *mut PyObject {
    // Stricter than CPython, which crashes: code that passes on a failed
    // import's NULL (orjson's init, without `uuid`) gets an error.
    if obj.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    let dictptr = unsafe { _PyObject_GetDictPtr(obj) };
    if dictptr.is_null() {
        return errors::fail_null(Exc::AttributeError, "This object has no __dict__");
    }
    // SAFETY: the dict slot of a live object.
    unsafe {
        if (*dictptr).is_null() {
            let d = PyDict_New();
            if d.is_null() {
                return ptr::null_mut();
            }
            *dictptr = d;
        }
        Py_IncRef(*dictptr);
        *dictptr
    }
}

/// `PyObject_GenericSetDict(obj, value, context)`: the `__dict__` setter.
///
/// Fails (-1) with `AttributeError("This object has no __dict__")`,
/// `TypeError("cannot delete __dict__")` or `TypeError("__dict__ must be
/// set to a dictionary, not a 'T'")`.
///
/// # Safety
/// `obj` must be a live object; `value` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GenericSetDict(
    obj: *mut PyObject,
    value: *mut PyObject,
    _context: *mut c_void,
) -> c_int {
    // SAFETY: live per the contract.
    let dictptr = unsafe { _PyObject_GetDictPtr(obj) };
    if dictptr.is_null() {
        return errors::fail(Exc::AttributeError, "This object has no __dict__");
    }
    if value.is_null() {
        return errors::fail(Exc::TypeError, "cannot delete __dict__");
    }
    // SAFETY: live per the contract.
    if unsafe { (*type_of(value)).tp_flags } & Py_TPFLAGS_DICT_SUBCLASS == 0 {
        return errors::fail(
            Exc::TypeError,
            format!(
                "__dict__ must be set to a dictionary, not a '{}'",
                // SAFETY: live per the contract.
                unsafe { type_name_max(value, 200) }
            ),
        );
    }
    // SAFETY: the dict slot of a live object; the old dict is released
    // after the slot is updated.
    unsafe {
        Py_IncRef(value);
        let old = std::mem::replace(&mut *dictptr, value);
        Py_DecRef(old);
    }
    0
}

// ==========================================================================
// Comparison, truth, hashing, callability
// ==========================================================================

/// `_Py_SwappedOp`: the operator to try on the reflected operands.
const SWAPPED_OP: [c_int; 6] = [Py_GT, Py_GE, Py_EQ, Py_NE, Py_LT, Py_LE];
const OP_STRINGS: [&str; 6] = ["<", "<=", "==", "!=", ">", ">="];

/// Calls a `tp_richcompare`, turning `NotImplemented` into None.
///
/// # Safety
/// `f` must be the slot of `v`'s type; both objects live.
unsafe fn try_compare(
    f: richcmpfunc,
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> Option<*mut PyObject> {
    // SAFETY: per the contract.
    let res = unsafe { f(v, w, op) };
    if res == py_not_implemented() {
        // SAFETY: the slot returned a new reference.
        unsafe { Py_DecRef(res) };
        return None;
    }
    Some(res)
}

/// `PyObject_RichCompare(v, w, op)`: `v op w` as CPython evaluates it: the
/// reflected operation first when `w`'s type is a proper subtype of `v`'s,
/// then `v`'s slot, then `w`'s; if all return `NotImplemented`, `==` and
/// `!=` compare identity and the orderings raise `TypeError("'<' not
/// supported between instances of 'A' and 'B'")`.
///
/// Fails (NULL) as the slots do; NULL operands give `SystemError` (unless
/// an error is already set), an `op` outside `Py_LT..=Py_GE` too.
///
/// # Safety
/// `v` and `w` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_RichCompare(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> *mut PyObject {
    if v.is_null() || w.is_null() {
        if errors::PyErr_Occurred().is_null() {
            errors::PyErr_BadInternalCall();
        }
        return ptr::null_mut();
    }
    if !(Py_LT..=Py_GE).contains(&op) {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    let Some(_guard) = RecursionGuard::enter(" in comparison") else {
        return ptr::null_mut();
    };
    // SAFETY: both live; each slot is called with an object of its type
    // first.
    unsafe {
        let (vt, wt) = (type_of(v), type_of(w));
        ensure_ready(vt);
        ensure_ready(wt);
        let mut checked_reverse = false;
        if vt != wt
            && is_subtype(wt, vt)
            && let Some(f) = (*wt).tp_richcompare
        {
            checked_reverse = true;
            if let Some(res) = try_compare(f, w, v, SWAPPED_OP[op as usize]) {
                return res;
            }
        }
        if let Some(f) = (*vt).tp_richcompare
            && let Some(res) = try_compare(f, v, w, op)
        {
            return res;
        }
        if !checked_reverse
            && let Some(f) = (*wt).tp_richcompare
            && let Some(res) = try_compare(f, w, v, SWAPPED_OP[op as usize])
        {
            return res;
        }
        match op {
            Py_EQ => bool_from_bool(v == w),
            Py_NE => bool_from_bool(v != w),
            _ => errors::fail_null(
                Exc::TypeError,
                format!(
                    "'{}' not supported between instances of '{}' and '{}'",
                    OP_STRINGS[op as usize],
                    tp_name(vt, 100),
                    tp_name(wt, 100)
                ),
            ),
        }
    }
}

/// `PyObject_RichCompareBool(v, w, op)`: [`PyObject_RichCompare`] as 1
/// (true), 0 (false) or -1 (error). Identical objects are equal (and not
/// unequal) without calling any slot, as in CPython.
///
/// # Safety
/// `v` and `w` must be NULL or live objects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_RichCompareBool(
    v: *mut PyObject,
    w: *mut PyObject,
    op: c_int,
) -> c_int {
    if v == w && !v.is_null() {
        if op == Py_EQ {
            return 1;
        }
        if op == Py_NE {
            return 0;
        }
    }
    // SAFETY: forwarded contract.
    let Some(res) = Owned::new(unsafe { PyObject_RichCompare(v, w, op) }) else {
        return -1;
    };
    let r = res.as_ptr();
    if r == py_true() {
        1
    } else if r == py_false() {
        0
    } else {
        // SAFETY: a live result.
        unsafe { PyObject_IsTrue(r) }
    }
}

/// `PyObject_IsTrue(v)`: `bool(v)`: `True`, `False` and `None` directly,
/// else `nb_bool`, `mp_length` or `sq_length` (non-zero is true); objects
/// with none of them are true. -1 on error.
///
/// # Safety
/// `v` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_IsTrue(v: *mut PyObject) -> c_int {
    if v.is_null() {
        null_error();
        return -1;
    }
    if v == py_true() {
        return 1;
    }
    if v == py_false() || v == py_none() {
        return 0;
    }
    // SAFETY: live per the contract; each slot is the type's own.
    let res: Py_ssize_t = unsafe {
        let tp = type_of(v);
        ensure_ready(tp);
        let num = (*tp).tp_as_number;
        let map = (*tp).tp_as_mapping;
        let seq = (*tp).tp_as_sequence;
        if let Some(f) = num.as_ref().and_then(|n| n.nb_bool) {
            f(v) as Py_ssize_t
        } else if let Some(f) = map.as_ref().and_then(|m| m.mp_length) {
            f(v)
        } else if let Some(f) = seq.as_ref().and_then(|s| s.sq_length) {
            f(v)
        } else {
            return 1;
        }
    };
    if res > 0 { 1 } else { res as c_int }
}

/// `PyObject_Not(v)`: `not v`: 1, 0, or -1 on error.
///
/// # Safety
/// `v` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Not(v: *mut PyObject) -> c_int {
    // SAFETY: forwarded contract.
    match unsafe { PyObject_IsTrue(v) } {
        r if r < 0 => r,
        r => (r == 0) as c_int,
    }
}

/// `PyObject_Hash(v)`: `hash(v)` through `tp_hash` (readying the type
/// first, as CPython does for types that were never readied).
///
/// Fails (-1) with `TypeError("unhashable type: 'T'")` or what the slot
/// raised.
///
/// # Safety
/// `v` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Hash(v: *mut PyObject) -> Py_hash_t {
    if v.is_null() {
        null_error();
        return -1;
    }
    // SAFETY: live per the contract; the slot is the type's own.
    unsafe {
        let tp = type_of(v);
        if (*tp).tp_hash.is_none() && !ensure_ready(tp) {
            return -1;
        }
        match (*tp).tp_hash {
            Some(f) => f(v),
            None => PyObject_HashNotImplemented(v),
        }
    }
}

/// The hash of an address, as CPython's `_Py_HashPointer`: the pointer
/// rotated right by 4 bits (the low bits of aligned addresses are 0),
/// never -1.
pub(crate) fn hash_pointer(p: *const c_void) -> Py_hash_t {
    let h = (p as usize).rotate_right(4) as Py_hash_t;
    if h == -1 { -2 } else { h }
}

/// `PyCallable_Check(x)`: 1 when `x`'s type has `tp_call`, else 0 (also
/// for NULL).
///
/// # Safety
/// `x` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyCallable_Check(x: *mut PyObject) -> c_int {
    if x.is_null() {
        return 0;
    }
    // SAFETY: live per the contract.
    unsafe {
        let tp = type_of(x);
        ensure_ready(tp);
        (*tp).tp_call.is_some() as c_int
    }
}

// ==========================================================================
// Recursion depth
// ==========================================================================

/// CPython's default recursion limit, which also bounds nested C calls.
pub(crate) const DEFAULT_RECURSION_LIMIT: u32 = 1000;

/// The recursion limit (`sys.setrecursionlimit`, `Py_SetRecursionLimit`),
/// shared by every thread as CPython's per-interpreter limit is.
static RECURSION_LIMIT: std::sync::atomic::AtomicU32 =
    std::sync::atomic::AtomicU32::new(DEFAULT_RECURSION_LIMIT);

/// The current recursion limit.
pub(crate) fn recursion_limit() -> u32 {
    RECURSION_LIMIT.load(std::sync::atomic::Ordering::Relaxed)
}

/// Sets the recursion limit.
pub(crate) fn set_recursion_limit(limit: u32) {
    RECURSION_LIMIT.store(limit, std::sync::atomic::Ordering::Relaxed);
}

/// How many levels this thread has entered.
pub(crate) fn recursion_depth() -> u32 {
    DEPTH.with(|d| d.get())
}

thread_local! {
    static DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One level of nested calls (CPython's `_Py_EnterRecursiveCall`): entered
/// before calling into a slot that may call back, left on drop, so that
/// runaway recursion raises `RecursionError` instead of overflowing the C
/// stack.
pub(crate) struct RecursionGuard;

impl RecursionGuard {
    /// Enters one level, or raises `RecursionError("maximum recursion
    /// depth exceeded<where_>")` and returns None.
    pub(crate) fn enter(where_: &str) -> Option<RecursionGuard> {
        let depth = DEPTH.with(|d| {
            let n = d.get() + 1;
            d.set(n);
            n
        });
        if depth > recursion_limit() {
            DEPTH.with(|d| d.set(d.get() - 1));
            errors::raise(
                Exc::RecursionError,
                format!("maximum recursion depth exceeded{where_}"),
            );
            return None;
        }
        // A limit raised past the default must not let deep C recursion
        // overflow the thread's stack, where CPython would crash.
        if depth > DEFAULT_RECURSION_LIMIT && !enough_stack(where_) {
            DEPTH.with(|d| d.set(d.get() - 1));
            return None;
        }
        Some(RecursionGuard)
    }
}

impl Drop for RecursionGuard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get() - 1));
    }
}

/// `Py_LeaveRecursiveCall`'s side of the depth [`RecursionGuard`] counts:
/// one level fewer, never below zero (an unbalanced leave changes nothing).
pub(crate) fn leave_recursive_call() {
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
}

/// The stack a recursion bounded by [`enough_stack`] keeps free: room for
/// the C code its levels call.
const STACK_RESERVE: usize = 256 * 1024;

/// For recursions CPython leaves unbounded, and which crash it once deep
/// enough (a tuple hashed a million levels deep): true while at least
/// [`STACK_RESERVE`] bytes of this thread's stack remain, else raises
/// `RecursionError("maximum recursion depth exceeded<where_>")` and
/// returns false. Stricter than CPython only where CPython would crash.
pub fn enough_stack(where_: &str) -> bool {
    match stacker::remaining_stack() {
        Some(left) if left < STACK_RESERVE => {
            errors::raise(
                Exc::RecursionError,
                format!("maximum recursion depth exceeded{where_}"),
            );
            false
        }
        _ => true,
    }
}

// ==========================================================================
// repr(), str(), ascii()
// ==========================================================================

/// Python's `repr()` of `op` as a Rust string, or None (with the error set)
/// when `tp_repr` fails or returns a non-`str` (see [`PyObject_Repr`]).
///
/// # Safety
/// `op` must be NULL or a live object.
pub unsafe fn repr(op: *mut PyObject) -> Option<String> {
    // SAFETY: forwarded contract.
    let res = Owned::new(unsafe { PyObject_Repr(op) })?;
    // SAFETY: a live str.
    Some(unsafe { text_of(res.as_ptr()) })
}

/// The `repr()` of the built-in scalar types that do not define
/// `tp_repr` themselves.
///
/// # Safety
/// `op` must be a live object.
unsafe fn scalar_repr(op: *mut PyObject) -> Option<String> {
    // SAFETY: live per the contract; each accessor checks the type before
    // reading a payload.
    unsafe {
        if type_of(op) == PyBool_Type.get() {
            return Some(if op == py_true() { "True" } else { "False" }.into());
        }
        if let Some(v) = long_value(op) {
            return Some(v.to_string());
        }
        if let Some(v) = float_value(op) {
            return Some(float_repr(v));
        }
        str_value(op).map(str_repr)
    }
}

/// Checks what `tp_repr` / `tp_str` returned: a `str`, else
/// `TypeError("__repr__ returned non-string (type T)")`.
///
/// # Safety
/// `res` must be NULL (with an error set) or a new reference.
unsafe fn check_str_result(res: *mut PyObject, what: &str) -> *mut PyObject {
    let Some(res) = Owned::new(res) else {
        return ptr::null_mut();
    };
    // SAFETY: a live object.
    if unsafe { is_str(res.as_ptr()) } {
        return res.into_raw();
    }
    errors::fail_null(
        Exc::TypeError,
        format!(
            "{what} returned non-string (type {})",
            // SAFETY: a live object.
            unsafe { type_name_max(res.as_ptr(), 200) }
        ),
    )
}

/// `PyObject_Dir(obj)`: `dir(obj)`: the result of the type's `__dir__`
/// (looked up on the type, as special methods are) as a sorted list.
/// With `obj` NULL, the names in the current frame's locals: there is no
/// frame here, so NULL with `SystemError("frame does not exist")`, as
/// CPython answers outside one.
///
/// Fails (NULL) with `TypeError("object does not provide __dir__")`, or
/// the error of `__dir__`, of making its result a list, or of sorting it.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Dir(obj: *mut PyObject) -> *mut PyObject {
    if obj.is_null() {
        return crate::python::ceval::PyEval_GetLocals();
    }
    // SAFETY: live per the contract.
    unsafe {
        let dirfunc = match crate::objects::typeobject::lookup_special(obj, "__dir__") {
            Ok(Some(f)) => f,
            Ok(None) => {
                return errors::fail_null(Exc::TypeError, "object does not provide __dir__");
            }
            Err(()) => return ptr::null_mut(),
        };
        let Some(result) = Owned::new(crate::objects::call::PyObject_CallNoArgs(dirfunc.as_ptr()))
        else {
            return ptr::null_mut();
        };
        let Some(sorted) = Owned::new(crate::objects::r#abstract::PySequence_List(result.as_ptr()))
        else {
            return ptr::null_mut();
        };
        if crate::objects::listobject::PyList_Sort(sorted.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        sorted.into_raw()
    }
}

/// `PyObject_Repr(obj)`: `repr(obj)`: a new `str` from the type's
/// `tp_repr`, `<T object at 0x…>` for types without one, `<NULL>` for
/// NULL.
///
/// Fails (NULL) when `tp_repr` fails, returns a non-`str` (`TypeError`),
/// or recurses too deeply (`RecursionError`), and first, as CPython's,
/// when a signal handler raises (`KeyboardInterrupt` after
/// `PyErr_SetInterrupt`).
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Repr(obj: *mut PyObject) -> *mut PyObject {
    if crate::python::ceval::PyErr_CheckSignals() != 0 {
        return ptr::null_mut();
    }
    if obj.is_null() {
        return unicode_from_str("<NULL>");
    }
    // SAFETY: live per the contract; the slot is the type's own.
    unsafe {
        let tp = type_of(obj);
        ensure_ready(tp);
        let own = (*tp)
            .tp_repr
            .filter(|f| *f as usize != object_repr as *const () as usize);
        let Some(f) = own else {
            if let Some(text) = scalar_repr(obj) {
                return unicode_from_str(&text);
            }
            if (*tp).tp_repr.is_none() {
                return unicode_from_str(&format!(
                    "<{} object at {obj:p}>",
                    tp_name(tp, usize::MAX)
                ));
            }
            return object_repr(obj);
        };
        let Some(_guard) = RecursionGuard::enter(" while getting the repr of an object") else {
            return ptr::null_mut();
        };
        check_str_result(f(obj), "__repr__")
    }
}

/// `PyObject_Str(obj)`: `str(obj)`: a `str` itself (a new reference), the
/// type's `tp_str`, or else [`PyObject_Repr`].
///
/// Fails (NULL) as [`PyObject_Repr`] does (`"__str__ returned non-string
/// (type T)"`), a pending signal included.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Str(obj: *mut PyObject) -> *mut PyObject {
    if crate::python::ceval::PyErr_CheckSignals() != 0 {
        return ptr::null_mut();
    }
    if obj.is_null() {
        return unicode_from_str("<NULL>");
    }
    // SAFETY: live per the contract; the slot is the type's own.
    unsafe {
        let tp = type_of(obj);
        if tp == PyUnicode_Type.get() {
            Py_IncRef(obj);
            return obj;
        }
        ensure_ready(tp);
        match (*tp)
            .tp_str
            .filter(|f| *f as usize != object_str as *const () as usize)
        {
            Some(f) => {
                let Some(_guard) = RecursionGuard::enter(" while getting the str of an object")
                else {
                    return ptr::null_mut();
                };
                check_str_result(f(obj), "__str__")
            }
            None => PyObject_Repr(obj),
        }
    }
}

/// `PyObject_Bytes(v)`: `bytes(v)` for C callers: `v` itself when it is
/// exactly `bytes`, `v.__bytes__()` (looked up on the type), else
/// `PyBytes_FromObject(v)` (any buffer, or an iterable of ints); `b'<NULL>'`
/// for NULL, as in CPython.
///
/// Fails (NULL) with `TypeError("__bytes__ returned non-bytes (type T)")`,
/// `TypeError("cannot convert 'T' object to bytes")`, or the conversion's
/// error.
///
/// # Safety
/// `v` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Bytes(v: *mut PyObject) -> *mut PyObject {
    use crate::objects::bytesobject::{
        PyBytes_FromObject, PyBytes_Type, bytes_from_slice, is_bytes,
    };
    if v.is_null() {
        return bytes_from_slice(b"<NULL>");
    }
    // SAFETY: live per the contract.
    unsafe {
        if type_of(v) == PyBytes_Type.get() {
            Py_IncRef(v);
            return v;
        }
        let method = match crate::objects::typeobject::lookup_special(v, "__bytes__") {
            Ok(method) => method,
            Err(()) => return ptr::null_mut(),
        };
        let Some(method) = method else {
            return PyBytes_FromObject(v);
        };
        let result = crate::objects::call::PyObject_CallNoArgs(method.as_ptr());
        if result.is_null() || is_bytes(result) {
            return result;
        }
        let name = type_name_max(result, 200);
        Py_DecRef(result);
        errors::fail_null(
            Exc::TypeError,
            format!("__bytes__ returned non-bytes (type {name})"),
        )
    }
}

/// `PyObject_ASCII(obj)`: `repr(obj)` with every non-ASCII character
/// escaped (`\xe9`, `\u20ac`, `\U0001f600`), as Python's `ascii()`.
///
/// Fails (NULL) as [`PyObject_Repr`] does.
///
/// # Safety
/// `obj` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_ASCII(obj: *mut PyObject) -> *mut PyObject {
    // SAFETY: forwarded contract.
    match unsafe { repr(obj) } {
        Some(text) => {
            let escaped: String = text
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        escape_non_ascii(c)
                    }
                })
                .collect();
            unicode_from_str(&escaped)
        }
        None => ptr::null_mut(),
    }
}

// ==========================================================================
// Rust conversions
// ==========================================================================

/// A scalar Python value, as the Node layer passes arguments and results.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An `int` that fits an `i128`.
    Int(i128),
    /// Any other `int`: its sign and magnitude (little-endian bytes).
    BigInt {
        /// True for a negative value.
        negative: bool,
        /// `|value|` as little-endian bytes.
        magnitude_le: Vec<u8>,
    },
    /// A `float`.
    Float(f64),
    /// A `str`.
    Str(String),
}

/// The scalar value of `obj`, or None when it is not `None`, a `bool`, an
/// `int`, a `float` or a `str` (or is NULL). Sets no error.
///
/// # Safety
/// `obj` must be NULL or a live object.
pub unsafe fn as_scalar(obj: *mut PyObject) -> Option<Scalar> {
    if obj.is_null() {
        return None;
    }
    if obj == py_none() {
        return Some(Scalar::None);
    }
    if obj == py_true() || obj == py_false() {
        return Some(Scalar::Bool(obj == py_true()));
    }
    // SAFETY: live per the contract; the accessor checks the type.
    if let Some(v) = unsafe { long_value(obj) } {
        return Some(Scalar::Int(v));
    }
    // SAFETY: as above.
    if let Some((negative, magnitude_le)) = unsafe { long_to_le_bytes(obj) } {
        return Some(Scalar::BigInt {
            negative,
            magnitude_le,
        });
    }
    // SAFETY: as above.
    if let Some(v) = unsafe { float_value(obj) } {
        return Some(Scalar::Float(v));
    }
    // SAFETY: as above.
    unsafe { str_value(obj) }.map(|s| Scalar::Str(s.to_owned()))
}

/// A new reference to an object holding `value`; NULL with `MemoryError`
/// when allocation fails (`None`, `True` and `False` never fail).
pub fn scalar_to_object(value: &Scalar) -> *mut PyObject {
    match value {
        Scalar::None => none(),
        Scalar::Bool(b) => bool_from_bool(*b),
        Scalar::Int(v) => long_from_i128(*v),
        Scalar::BigInt {
            negative,
            magnitude_le,
        } => long_from_le_bytes(*negative, magnitude_le),
        Scalar::Float(v) => float_from_f64(*v),
        Scalar::Str(s) => unicode_from_str(s),
    }
}

/// `_PyObject_GenericGetAttrWithDict(obj, name, dict, suppress)`: the
/// generic attribute lookup with `dict` (NULL: the instance's own) as the
/// instance dict; a nonzero `suppress` turns a missing attribute into NULL
/// without an error.
///
/// Fails (NULL) with `TypeError("attribute name must be string, not
/// 'T'")`, `AttributeError` (unless suppressed) or what a descriptor
/// raised.
///
/// # Safety
/// `obj` and `name` must be NULL or live objects; `dict` NULL or a live
/// dict.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_GenericGetAttrWithDict(
    obj: *mut PyObject,
    name: *mut PyObject,
    dict: *mut PyObject,
    suppress: c_int,
) -> *mut PyObject {
    if obj.is_null() || name.is_null() {
        return null_error();
    }
    // SAFETY: live per the contract.
    unsafe {
        if !is_str(name) {
            bad_attr_name(name);
            return ptr::null_mut();
        }
        generic_getattr_with_dict(obj, name, dict, suppress != 0)
    }
}

/// `_PyObject_GetAttrId(v, name)`: `getattr(v, name)` with the name given
/// as a `_Py_IDENTIFIER` (NULL with the identifier's decoding error).
///
/// # Safety
/// `v` must be NULL or live, `name` a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_GetAttrId(
    v: *mut PyObject,
    name: *mut crate::objects::unicodeobject::_Py_Identifier,
) -> *mut PyObject {
    // SAFETY: per the contract; the name is borrowed from the identifier table.
    unsafe {
        let oname = crate::objects::unicodeobject::_PyUnicode_FromId(name);
        if oname.is_null() {
            return ptr::null_mut();
        }
        PyObject_GetAttr(v, oname)
    }
}

/// `_PyObject_SetAttrId(v, name, w)`: `setattr(v, name, w)` (or `del` for
/// a NULL `w`) with the name given as a `_Py_IDENTIFIER`; 0 or -1.
///
/// # Safety
/// `v` must be NULL or live, `name` a live identifier, `w` NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_SetAttrId(
    v: *mut PyObject,
    name: *mut crate::objects::unicodeobject::_Py_Identifier,
    w: *mut PyObject,
) -> c_int {
    // SAFETY: per the contract; the name is borrowed from the identifier table.
    unsafe {
        let oname = crate::objects::unicodeobject::_PyUnicode_FromId(name);
        if oname.is_null() {
            return -1;
        }
        PyObject_SetAttr(v, oname, w)
    }
}

/// `_PyObject_LookupAttrId(v, name, result)`: as [`_PyObject_LookupAttr`]
/// with the name given as a `_Py_IDENTIFIER` (-1 and `*result` NULL when
/// the identifier cannot be decoded).
///
/// # Safety
/// As [`_PyObject_LookupAttr`]; `name` a live identifier.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_LookupAttrId(
    v: *mut PyObject,
    name: *mut crate::objects::unicodeobject::_Py_Identifier,
    result: *mut *mut PyObject,
) -> c_int {
    // SAFETY: per the contract; the name is borrowed from the identifier table.
    unsafe {
        let oname = crate::objects::unicodeobject::_PyUnicode_FromId(name);
        if oname.is_null() {
            if !result.is_null() {
                *result = ptr::null_mut();
            }
            return -1;
        }
        _PyObject_LookupAttr(v, oname, result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::boolobject::{Py_IsFalse, Py_IsTrue, PyBool_FromLong};
    use crate::objects::typeobject::PyBaseObject_Type;
    use crate::objects::typeobject::PyType_GenericAlloc;
    use crate::objects::unicodeobject::PyUnicode_GetLength;

    #[test]
    fn refcounts_are_thread_safe() {
        // SAFETY: `object` is static; instances use the default allocator.
        let obj = unsafe { PyType_GenericAlloc(PyBaseObject_Type.get(), 0) } as usize;
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        // SAFETY: the test holds a reference throughout.
                        unsafe {
                            Py_IncRef(obj as *mut PyObject);
                            Py_DecRef(obj as *mut PyObject);
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        // SAFETY: still alive with the original reference.
        unsafe {
            assert_eq!(Py_REFCNT(obj as *mut PyObject), 1);
            Py_DecRef(obj as *mut PyObject);
        }
    }

    #[test]
    fn singletons_are_immortal() {
        for op in [py_none(), py_true(), py_false()] {
            // SAFETY: immortal statics.
            unsafe {
                let before = Py_REFCNT(op);
                assert!(before >= IMMORTAL_REFCNT / 2);
                Py_IncRef(op);
                Py_DecRef(op);
                assert_eq!(Py_REFCNT(op), before);
            }
        }
        assert_eq!(Py_IsNone(py_none()), 1);
        assert_eq!(Py_IsTrue(PyBool_FromLong(7)), 1);
        assert_eq!(Py_IsFalse(PyBool_FromLong(0)), 1);
    }

    #[test]
    fn reprs_match_python() {
        let floats = [
            (f64::MAX, "1.7976931348623157e+308"),
            (1e16, "1e+16"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (-0.0, "-0.0"),
            (1.5e300, "1.5e+300"),
            (2.5e-310, "2.5e-310"),
            (1e15, "1000000000000000.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (v, want) in floats {
            assert_eq!(float_repr(v), want);
        }
        assert_eq!(str_repr("a'b"), "\"a'b\"");
        assert_eq!(str_repr("a\"b'c"), "'a\"b\\'c'");
        assert_eq!(
            str_repr("\x00\t\n\x7f\u{e9}\u{2028}\u{1f600}"),
            "'\\x00\\t\\n\\x7f\u{e9}\\u2028\u{1f600}'"
        );
        let s = unicode_from_str("é\u{1f600}");
        // SAFETY: a live str.
        unsafe {
            let a = PyObject_ASCII(s);
            assert_eq!(str_value(a), Some("'\\xe9\\U0001f600'"));
            assert_eq!(PyUnicode_GetLength(s), 2);
            Py_DecRef(a);
            Py_DecRef(s);
        }
    }

    #[test]
    fn scalars_round_trip() {
        for v in [
            Scalar::None,
            Scalar::Bool(true),
            Scalar::Int(-(1 << 70)),
            Scalar::Int(u64::MAX.into()),
            Scalar::Float(2.5),
            Scalar::Str("héllo\0x".into()),
        ] {
            let op = scalar_to_object(&v);
            // SAFETY: a new reference.
            unsafe {
                assert_eq!(as_scalar(op), Some(v));
                Py_DecRef(op);
            }
        }
    }
}
