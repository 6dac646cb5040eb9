//! Type objects (CPython's `Objects/typeobject.c`): the static `type` and
//! `object`, heap types made by `PyType_FromSpec`, `PyType_Ready` for static
//! C types, slot lookup and subtype checks.
//!
//! Types are either static (the built-in `type`, `object`, `memoryview` and
//! exception types, whose refcounts never reach zero) or heap types made by
//! `PyType_FromSpec`, which follow CPython 3.8+'s rules: every instance holds
//! a reference to its type, and the type's default dealloc drops it.

#![allow(non_upper_case_globals)]

use std::ffi::{CStr, CString, c_int, c_ulong, c_void};
use std::ptr;

use crate::ffi::*;
use crate::objects::exceptions::Exc;
use crate::objects::object::{Py_DecRef, Py_IncRef, PyObject_Init, instance_size, is_heap_type};
use crate::objects::obmalloc::{PyObject_Calloc, PyObject_Free};
use crate::python::errors;

// ==========================================================================
// Generic allocation and deallocation
// ==========================================================================

/// `PyType_GenericAlloc(type, nitems)`: the default `tp_alloc`. Allocates
/// zeroed memory for the instance and initialises the header.
///
/// Fails with `MemoryError` when the size overflows or memory runs out.
///
/// # Safety
/// `ty` must be a live type object.
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
    // SAFETY: a live, type-initialised object.
    if !op.is_null() && unsafe { (*ty).tp_itemsize } != 0 {
        // SAFETY: var objects have the var header.
        unsafe { (*(op as *mut PyVarObject)).ob_size = nitems };
    }
    op
}

/// `PyType_GenericNew(type, args, kwds)`: `type->tp_alloc(type, 0)`.
///
/// # Safety
/// `ty` must be a live type object.
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

/// The dealloc of heap types whose spec gives none (CPython's
/// `subtype_dealloc`): frees the instance with `tp_free` and drops the
/// instance's reference to its type.
///
/// # Safety
/// `op` must be an unreferenced object.
pub(crate) unsafe extern "C" fn subtype_dealloc(op: *mut PyObject) {
    // SAFETY: `op` is live until freed below; its type outlives it because
    // the instance holds a reference to a heap type.
    let ty = unsafe { (*op).ob_type };
    // SAFETY: `ty` is live.
    let free = unsafe { (*ty).tp_free }.unwrap_or(PyObject_Free);
    // SAFETY: the type's own deallocator for memory its allocator produced.
    unsafe { free(op as *mut c_void) };
    // SAFETY: `ty` is live.
    if unsafe { is_heap_type(ty) } {
        // SAFETY: drops the reference the instance held.
        unsafe { Py_DecRef(ty as *mut PyObject) };
    }
}

// ==========================================================================
// Static types: `type` and `object`
// ==========================================================================

/// A static built-in type: ready, immutable, deriving from `object`, with
/// the given instance size, extra flags and dealloc.
pub(crate) const fn static_type(
    name: &'static CStr,
    basicsize: usize,
    flags: std::ffi::c_ulong,
    dealloc: destructor,
) -> PyTypeObject {
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = name.as_ptr();
    ty.tp_basicsize = basicsize as Py_ssize_t;
    ty.tp_flags = flags | Py_TPFLAGS_READY | Py_TPFLAGS_IMMUTABLETYPE;
    ty.tp_dealloc = Some(dealloc);
    ty.tp_free = Some(PyObject_Free);
    ty.tp_base = PyBaseObject_Type.get();
    ty
}

/// `PyType_Type`: the type of every type object.
#[unsafe(no_mangle)]
pub static PyType_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"type".as_ptr();
    ty.tp_basicsize = std::mem::size_of::<HeapType>() as Py_ssize_t;
    ty.tp_flags = Py_TPFLAGS_TYPE_SUBCLASS | Py_TPFLAGS_READY;
    ty.tp_dealloc = Some(heap_type_dealloc);
    ty
});

/// `PyBaseObject_Type`: `object`.
#[unsafe(no_mangle)]
pub static PyBaseObject_Type: StaticObject<PyTypeObject> = StaticObject::new({
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_name = c"object".as_ptr();
    ty.tp_basicsize = std::mem::size_of::<PyObject>() as Py_ssize_t;
    ty.tp_flags = Py_TPFLAGS_BASETYPE | Py_TPFLAGS_READY;
    ty.tp_alloc = Some(PyType_GenericAlloc);
    ty.tp_free = Some(PyObject_Free);
    ty
});

// ==========================================================================
// Heap types: PyType_FromSpec
// ==========================================================================

/// A heap type: the type object followed by storage its pointers refer to,
/// as CPython's `PyHeapTypeObject` keeps the buffer procs inline.
#[repr(C)]
struct HeapType {
    ty: PyTypeObject,
    as_buffer: PyBufferProcs,
    name: CString,
    doc: Option<CString>,
}

/// Dealloc of heap type objects (reached when the last instance and the
/// creator have dropped their references).
///
/// # Safety
/// `op` must be an unreferenced heap type made by `PyType_FromSpec`.
unsafe extern "C" fn heap_type_dealloc(op: *mut PyObject) {
    // SAFETY: only heap types reach here with a zero count (static types are
    // immortal); they were allocated as `Box<HeapType>`.
    let heap = unsafe { Box::from_raw(op as *mut HeapType) };
    let base = heap.ty.tp_base;
    drop(heap);
    // SAFETY: a heap type holds a reference to its base.
    unsafe { Py_DecRef(base as *mut PyObject) };
}

/// `PyType_FromSpec(spec)`: creates a heap type from a limited-API spec.
///
/// Supported slots: `Py_bf_getbuffer`, `Py_bf_releasebuffer` and every
/// `Py_tp_*` slot (stored in the matching `PyTypeObject` field). Omitted
/// slots take CPython's defaults: `tp_alloc = PyType_GenericAlloc`,
/// `tp_free = PyObject_Free`, and a dealloc that frees the instance and drops
/// its reference to the type.
///
/// Fails with `SystemError` for a NULL spec or name, `RuntimeError("invalid
/// slot offset")` for an unknown slot id, and `NotImplementedError` for
/// number/sequence/mapping/async slots, which pybuffer does not support.
///
/// # Safety
/// `spec` must be NULL or a valid spec whose slot array ends with `{0, NULL}`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_FromSpec(spec: *mut PyType_Spec) -> *mut PyObject {
    // SAFETY: forwarded contract.
    unsafe { PyType_FromSpecWithBases(spec, ptr::null_mut()) }
}

/// `PyType_FromSpecWithBases(spec, bases)`: as [`PyType_FromSpec`]. A
/// non-NULL `bases` is accepted only if it is a type object, which becomes
/// `tp_base` (used for exception matching).
///
/// # Safety
/// As [`PyType_FromSpec`]; `bases` NULL or a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_FromSpecWithBases(
    spec: *mut PyType_Spec,
    bases: *mut PyObject,
) -> *mut PyObject {
    if spec.is_null() {
        errors::PyErr_BadInternalCall();
        return ptr::null_mut();
    }
    // SAFETY: a valid spec per the contract.
    let spec = unsafe { &*spec };
    if spec.name.is_null() {
        return errors::fail_null(
            Exc::SystemError,
            "Type spec does not define the name field.",
        );
    }
    // SAFETY: NUL-terminated per the contract.
    let name = unsafe { CStr::from_ptr(spec.name) }.to_owned();
    let mut heap = Box::new(HeapType {
        ty: PyTypeObject::empty(),
        as_buffer: PyBufferProcs {
            bf_getbuffer: None,
            bf_releasebuffer: None,
        },
        name,
        doc: None,
    });
    let ty = &mut heap.ty;
    ty.ob_base.ob_base.ob_refcnt = 1;
    ty.ob_base.ob_base.ob_type = PyType_Type.get();
    ty.tp_basicsize = spec.basicsize as Py_ssize_t;
    ty.tp_itemsize = spec.itemsize as Py_ssize_t;
    ty.tp_flags = spec.flags as c_ulong | Py_TPFLAGS_HEAPTYPE | Py_TPFLAGS_READY;
    ty.tp_base = if bases.is_null() {
        PyBaseObject_Type.get()
    } else {
        bases as *mut PyTypeObject
    };
    if ty.tp_basicsize < std::mem::size_of::<PyObject>() as Py_ssize_t {
        ty.tp_basicsize = std::mem::size_of::<PyObject>() as Py_ssize_t;
    }

    let mut slot = spec.slots;
    while !slot.is_null() {
        // SAFETY: the slot array is readable up to its `{0, NULL}` terminator.
        let PyType_Slot { slot: id, pfunc } = unsafe { *slot };
        if id == 0 {
            break;
        }
        if let Err((exc, msg)) = apply_slot(&mut heap, id, pfunc) {
            return errors::fail_null(exc, msg);
        }
        // SAFETY: not past the terminator yet.
        slot = unsafe { slot.add(1) };
    }

    let heap_ptr = Box::into_raw(heap);
    // SAFETY: `heap_ptr` is a fresh, exclusively owned HeapType.
    let ty = unsafe { &mut (*heap_ptr).ty };
    // SAFETY: as above; the procs live inside the same allocation.
    let procs = unsafe { &mut (*heap_ptr).as_buffer };
    if procs.bf_getbuffer.is_some() || procs.bf_releasebuffer.is_some() {
        ty.tp_as_buffer = procs;
    }
    // SAFETY: the name CString lives as long as the type.
    ty.tp_name = unsafe { (*heap_ptr).name.as_ptr() };
    fill_default_slots(ty);
    // SAFETY: the base is live; the new type holds a reference to it.
    unsafe { Py_IncRef(ty.tp_base as *mut PyObject) };
    heap_ptr as *mut PyObject
}

/// Copies one spec slot into the type under construction.
fn apply_slot(heap: &mut HeapType, id: c_int, pfunc: *mut c_void) -> Result<(), (Exc, String)> {
    // SAFETY: (for every transmute below) the slot id names the C type of
    // `pfunc`, as CPython's own PyType_FromSpec assumes; a function pointer
    // and a data pointer have the same size on every supported platform.
    macro_rules! func {
        ($t:ty) => {
            if pfunc.is_null() {
                None
            } else {
                // SAFETY: see above: `pfunc` has the C type the slot names.
                Some(unsafe { std::mem::transmute::<*mut c_void, $t>(pfunc) })
            }
        };
    }
    let ty = &mut heap.ty;
    match id {
        Py_bf_getbuffer => heap.as_buffer.bf_getbuffer = func!(getbufferproc),
        Py_bf_releasebuffer => heap.as_buffer.bf_releasebuffer = func!(releasebufferproc),
        Py_tp_alloc => ty.tp_alloc = func!(allocfunc),
        Py_tp_free => ty.tp_free = func!(freefunc),
        Py_tp_dealloc => ty.tp_dealloc = func!(destructor),
        Py_tp_new => ty.tp_new = func!(newfunc),
        Py_tp_init => ty.tp_init = func!(initproc),
        Py_tp_repr => ty.tp_repr = func!(reprfunc),
        Py_tp_str => ty.tp_str = func!(reprfunc),
        Py_tp_hash => ty.tp_hash = func!(hashfunc),
        Py_tp_call => ty.tp_call = func!(ternaryfunc),
        Py_tp_traverse => ty.tp_traverse = func!(traverseproc),
        Py_tp_clear => ty.tp_clear = func!(inquiry),
        Py_tp_is_gc => ty.tp_is_gc = func!(inquiry),
        Py_tp_del => ty.tp_del = func!(destructor),
        Py_tp_finalize => ty.tp_finalize = func!(destructor),
        Py_tp_base => ty.tp_base = pfunc as *mut PyTypeObject,
        Py_tp_bases => ty.tp_bases = pfunc as *mut PyObject,
        Py_tp_methods => ty.tp_methods = pfunc.cast(),
        Py_tp_members => ty.tp_members = pfunc.cast(),
        Py_tp_getset => ty.tp_getset = pfunc.cast(),
        Py_tp_getattr => ty.tp_getattr = func!(getattrfunc),
        Py_tp_getattro => ty.tp_getattro = func!(getattrofunc),
        Py_tp_setattr => ty.tp_setattr = func!(setattrfunc),
        Py_tp_setattro => ty.tp_setattro = func!(setattrofunc),
        Py_tp_richcompare => ty.tp_richcompare = func!(richcmpfunc),
        Py_tp_iter => ty.tp_iter = func!(getiterfunc),
        Py_tp_iternext => ty.tp_iternext = func!(iternextfunc),
        Py_tp_descr_get => ty.tp_descr_get = func!(descrgetfunc),
        Py_tp_descr_set => ty.tp_descr_set = func!(descrsetfunc),
        Py_tp_doc => {
            if !pfunc.is_null() {
                // SAFETY: Py_tp_doc carries a NUL-terminated string.
                let doc = unsafe { CStr::from_ptr(pfunc as *const _) }.to_owned();
                ty.tp_doc = doc.as_ptr();
                heap.doc = Some(doc);
            }
        }
        3..=46 | 75..=79 | 81 => {
            return Err((
                Exc::NotImplementedError,
                format!(
                    "PyType_FromSpec: slot {id} (a number, sequence, mapping or async slot) \
                     is not supported by pybuffer"
                ),
            ));
        }
        _ => return Err((Exc::RuntimeError, "invalid slot offset".into())),
    }
    Ok(())
}

/// Gives a type CPython's defaults for the allocation slots it leaves empty.
fn fill_default_slots(ty: &mut PyTypeObject) {
    if ty.tp_alloc.is_none() {
        ty.tp_alloc = Some(PyType_GenericAlloc);
    }
    if ty.tp_free.is_none() {
        ty.tp_free = Some(PyObject_Free);
    }
    if ty.tp_dealloc.is_none() {
        ty.tp_dealloc = Some(subtype_dealloc);
    }
}

/// `PyType_Ready(type)`: completes a statically defined C type by filling in
/// default slots, as CPython does. Always succeeds for a non-NULL type.
///
/// # Safety
/// `ty` must be NULL or a live, not yet shared type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_Ready(ty: *mut PyTypeObject) -> c_int {
    if ty.is_null() {
        return errors::bad_internal_call();
    }
    // SAFETY: live and not shared per the contract.
    let ty = unsafe { &mut *ty };
    if ty.tp_flags & Py_TPFLAGS_READY != 0 {
        return 0;
    }
    if ty.ob_base.ob_base.ob_type.is_null() {
        ty.ob_base.ob_base.ob_type = PyType_Type.get();
    }
    if ty.tp_base.is_null() && !ptr::eq(ty, PyBaseObject_Type.get()) {
        ty.tp_base = PyBaseObject_Type.get();
    }
    if ty.tp_basicsize < std::mem::size_of::<PyObject>() as Py_ssize_t {
        ty.tp_basicsize = std::mem::size_of::<PyObject>() as Py_ssize_t;
    }
    if ty.tp_alloc.is_none() {
        ty.tp_alloc = Some(PyType_GenericAlloc);
    }
    if ty.tp_free.is_none() {
        ty.tp_free = Some(PyObject_Free);
    }
    if ty.tp_dealloc.is_none() {
        ty.tp_dealloc = Some(static_type_instance_dealloc);
    }
    ty.tp_flags |= Py_TPFLAGS_READY;
    0
}

/// The default dealloc for instances of static types: `tp_free(self)`.
///
/// # Safety
/// `op` must be an unreferenced object.
unsafe extern "C" fn static_type_instance_dealloc(op: *mut PyObject) {
    // SAFETY: live until freed; the type is static.
    let free = unsafe { (*(*op).ob_type).tp_free }.unwrap_or(PyObject_Free);
    // SAFETY: the type's own deallocator.
    unsafe { free(op as *mut c_void) }
}

/// `PyType_GetSlot(type, slot)`: the function or value stored in `slot`, or
/// NULL when the slot is empty. Defaults filled by `PyType_FromSpec` are
/// returned (`Py_tp_alloc` gives `PyType_GenericAlloc`, `Py_tp_free` gives
/// `PyObject_Free`).
///
/// Fails (NULL with `SystemError`) for a NULL type or a slot id outside
/// CPython's range.
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
    let ty = unsafe { &*ty };
    fn f<T: Copy>(v: Option<T>) -> *mut c_void {
        match v {
            // SAFETY: every `T` here is an `extern "C"` function pointer,
            // which has the size of a data pointer.
            Some(p) => unsafe { std::mem::transmute_copy::<T, *mut c_void>(&p) },
            None => ptr::null_mut(),
        }
    }
    let procs = if ty.tp_as_buffer.is_null() {
        None
    } else {
        // SAFETY: non-NULL buffer procs of a live type.
        Some(unsafe { *ty.tp_as_buffer })
    };
    match slot {
        Py_bf_getbuffer => f(procs.and_then(|p| p.bf_getbuffer)),
        Py_bf_releasebuffer => f(procs.and_then(|p| p.bf_releasebuffer)),
        Py_tp_alloc => f(ty.tp_alloc),
        Py_tp_free => f(ty.tp_free),
        Py_tp_dealloc => f(ty.tp_dealloc),
        Py_tp_new => f(ty.tp_new),
        Py_tp_init => f(ty.tp_init),
        Py_tp_repr => f(ty.tp_repr),
        Py_tp_str => f(ty.tp_str),
        Py_tp_hash => f(ty.tp_hash),
        Py_tp_call => f(ty.tp_call),
        Py_tp_traverse => f(ty.tp_traverse),
        Py_tp_clear => f(ty.tp_clear),
        Py_tp_is_gc => f(ty.tp_is_gc),
        Py_tp_del => f(ty.tp_del),
        Py_tp_finalize => f(ty.tp_finalize),
        Py_tp_base => ty.tp_base as *mut c_void,
        Py_tp_bases => ty.tp_bases as *mut c_void,
        Py_tp_doc => ty.tp_doc as *mut c_void,
        Py_tp_methods => ty.tp_methods.cast(),
        Py_tp_members => ty.tp_members.cast(),
        Py_tp_getset => ty.tp_getset.cast(),
        Py_tp_getattr => f(ty.tp_getattr),
        Py_tp_getattro => f(ty.tp_getattro),
        Py_tp_setattr => f(ty.tp_setattr),
        Py_tp_setattro => f(ty.tp_setattro),
        Py_tp_richcompare => f(ty.tp_richcompare),
        Py_tp_iter => f(ty.tp_iter),
        Py_tp_iternext => f(ty.tp_iternext),
        Py_tp_descr_get => f(ty.tp_descr_get),
        Py_tp_descr_set => f(ty.tp_descr_set),
        _ => ptr::null_mut(),
    }
}

/// `PyType_GetFlags(type)`.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyType_GetFlags(ty: *mut PyTypeObject) -> c_ulong {
    if ty.is_null() {
        return 0;
    }
    // SAFETY: live per the contract.
    unsafe { (*ty).tp_flags }
}

/// `PyType_IsSubtype(a, b)`: 1 when `a` is `b` or derives from it.
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

/// True when `a` is `b` or derives from it through `tp_base`.
///
/// # Safety
/// Both must be NULL or live type objects.
pub(crate) unsafe fn is_subtype(a: *mut PyTypeObject, b: *mut PyTypeObject) -> bool {
    let mut ty = a;
    while !ty.is_null() {
        if ty == b {
            return true;
        }
        // SAFETY: `ty` is a live type object; its base chain is too.
        ty = unsafe { (*ty).tp_base };
    }
    false
}

/// `PyObject_TypeCheck` as a function: whether `op`'s type is `ty` or a
/// subtype of it.
///
/// # Safety
/// `op` must be a live object, `ty` a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_TypeCheck(op: *mut PyObject, ty: *mut PyTypeObject) -> c_int {
    if op.is_null() {
        return 0;
    }
    // SAFETY: forwarded contract.
    unsafe { PyType_IsSubtype((*op).ob_type, ty) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::object::Py_REFCNT;
    use crate::python::errors::take_error;
    use std::sync::atomic::AtomicUsize;
    use std::sync::atomic::Ordering;

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
            assert!(!ty.is_null());
            assert_eq!(Py_REFCNT(ty as _), 1);
            assert_eq!(
                PyType_GetSlot(ty, Py_tp_alloc),
                PyType_GenericAlloc as *mut c_void
            );
            let obj = PyType_GenericAlloc(ty, 0);
            assert_eq!(Py_REFCNT(ty as _), 2);
            assert_eq!(Py_REFCNT(obj), 1);
            Py_DecRef(obj);
            assert_eq!(FREED.load(Ordering::SeqCst), 1);
            assert_eq!(Py_REFCNT(ty as _), 1);
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
}
