//! The garbage-collector C API (CPython's `Modules/gcmodule.c`):
//! `PyObject_GC_New` / `NewVar` / `Resize` / `Track` / `UnTrack` / `Del` /
//! `IsTracked`, `PyObject_IS_GC`, `PyObject_GC_IsFinalized` (with the
//! finalized marks `PyObject_CallFinalizer` sets), and `PyGC_Enable` /
//! `Disable` / `IsEnabled`.
//!
//! pybuffer has **no cycle collector**: objects are freed by reference
//! counting alone, so reference cycles leak (decision 9 of the issue 8
//! design). Tracking is bookkeeping only: a tracked set answers
//! `PyObject_GC_IsTracked` as CPython would, and nothing ever calls a
//! type's `tp_traverse` or `tp_clear` on its own. GC objects carry no
//! header before the object (CPython's `PyGC_Head`), so memory from
//! `PyObject_GC_New` and from `PyObject_New` are interchangeable;
//! `PyObject_GC_Del` is `PyObject_Free` plus untracking.

use std::collections::HashSet;
use std::ffi::{c_int, c_void};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

use crate::ffi::*;
use crate::objects::object::{PyObject_InitVar, type_of};
use crate::objects::obmalloc::{PyObject_Free, PyObject_Malloc, PyObject_Realloc};
use crate::python::errors;

/// The addresses of the tracked objects.
static TRACKED: LazyLock<Mutex<HashSet<usize>>> = LazyLock::new(Mutex::default);

fn tracked() -> std::sync::MutexGuard<'static, HashSet<usize>> {
    TRACKED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Marks `op` tracked (idempotent). Tracking starts an object's life
/// (`PyType_GenericAlloc`, or the extension after filling its fields), so
/// any finalized mark a freed object left at this address goes.
pub(crate) fn gc_track(op: *mut PyObject) {
    forget_finalized(op);
    tracked().insert(op as usize);
}

// ==========================================================================
// Finalized marks (CPython's `_PyGC_FINALIZED` bit of `PyGC_Head`)
// ==========================================================================

/// The GC objects whose `tp_finalize` has run (`PyObject_CallFinalizer`
/// runs it once per object). There is no `PyGC_Head` to hold the bit, so
/// the addresses are kept here until the memory is freed
/// (`PyObject_GC_Del`) or a new object is tracked at the same address.
static FINALIZED: LazyLock<Mutex<HashSet<usize>>> = LazyLock::new(Mutex::default);

/// How many addresses `FINALIZED` holds: most programs finalize nothing,
/// and then tracking and freeing need not take its lock.
static FINALIZED_COUNT: AtomicUsize = AtomicUsize::new(0);

fn finalized() -> std::sync::MutexGuard<'static, HashSet<usize>> {
    FINALIZED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Marks the GC object `op` finalized.
pub(crate) fn set_finalized(op: *mut PyObject) {
    let mut set = finalized();
    if set.insert(op as usize) {
        FINALIZED_COUNT.store(set.len(), Ordering::Release);
    }
}

/// Whether `op`'s address is marked finalized (whatever its type).
pub(crate) fn is_finalized(op: *mut PyObject) -> bool {
    FINALIZED_COUNT.load(Ordering::Acquire) != 0 && finalized().contains(&(op as usize))
}

/// Drops the finalized mark of `op`'s address, if any.
fn forget_finalized(op: *mut PyObject) {
    if FINALIZED_COUNT.load(Ordering::Acquire) == 0 {
        return;
    }
    let mut set = finalized();
    if set.remove(&(op as usize)) {
        FINALIZED_COUNT.store(set.len(), Ordering::Release);
    }
}

/// `PyObject_GC_IsFinalized(op)`: 1 if `op` supports GC and its
/// `tp_finalize` has been run by `PyObject_CallFinalizer`, else 0.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GC_IsFinalized(op: *mut PyObject) -> c_int {
    // SAFETY: live per the contract.
    (unsafe { PyObject_IS_GC(op) } != 0 && is_finalized(op)) as c_int
}

/// Marks `op` untracked (idempotent).
pub(crate) fn gc_untrack(op: *mut PyObject) {
    tracked().remove(&(op as usize));
}

/// The `tp_dealloc` of a GC type without weak references or a finalizer:
/// untracks `op`, lets `release` drop the references it holds (the
/// type's `tp_clear` or the like), then frees the memory.
///
/// # Safety
/// `op` must be an unreferenced object of a GC type allocated by
/// `PyType_GenericAlloc` / `PyObject_GC_New`; `release` must leave it with
/// no references.
pub(crate) unsafe fn gc_dealloc(op: *mut PyObject, release: impl FnOnce(*mut PyObject)) {
    gc_untrack(op);
    release(op);
    // SAFETY: per the contract, GC memory nothing refers to any more.
    unsafe { PyObject_GC_Del(op.cast()) };
}

/// Calls `visit` on each non-NULL object of `objs` in turn, stopping at the
/// first non-zero result (CPython's `Py_VISIT` over a `tp_traverse`'s
/// fields).
///
/// # Safety
/// Each non-NULL entry is a live object; `visit` and `arg` are a
/// `tp_traverse` caller's.
pub(crate) unsafe fn visit_each(
    objs: &[*mut PyObject],
    visit: visitproc,
    arg: *mut c_void,
) -> c_int {
    for &o in objs {
        if !o.is_null() {
            // SAFETY: a live object, the caller's visitor.
            let r = unsafe { visit(o, arg) };
            if r != 0 {
                return r;
            }
        }
    }
    0
}

/// `_PyObject_VAR_SIZE(type, n)`: `tp_basicsize + n * tp_itemsize`
/// rounded up to a pointer, or None on overflow.
///
/// # Safety
/// `ty` must be a live type object.
unsafe fn var_size(ty: *mut PyTypeObject, n: Py_ssize_t) -> Option<usize> {
    // SAFETY: live per the contract.
    let (basic, item) = unsafe { ((*ty).tp_basicsize, (*ty).tp_itemsize) };
    let n = usize::try_from(n).ok()?;
    let size = usize::try_from(item)
        .ok()?
        .checked_mul(n)?
        .checked_add(usize::try_from(basic).ok()?)?
        .checked_add(7)?;
    (size <= isize::MAX as usize).then_some(size & !7)
}

/// `_PyObject_GC_New(type)`, behind `PyObject_GC_New`: `tp_basicsize`
/// bytes with the header initialised; not tracked yet (the caller tracks
/// it once its fields are set, as with CPython).
///
/// The fields past the header are zeroed, where CPython leaves them as
/// the allocator found them. Cython 3.x's generators need this under
/// pybuffer: for 3.11 it initialises only `gi_exc_state.exc_value`,
/// assuming CPython's one-field `_PyErr_StackItem`, but pyconfig.h turns
/// off `CYTHON_USE_EXC_INFO_STACK` (Cython then calls the `PyErr_*`
/// functions rather than reading the thread state), which selects
/// Cython's three-field struct, whose
/// `exc_type` and `exc_traceback` it then reads on the first resume. A
/// zeroed object reads as "no exception saved yet".
///
/// Fails (NULL) with `MemoryError`.
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_GC_New(ty: *mut PyTypeObject) -> *mut PyObject {
    if ty.is_null() {
        errors::PyErr_BadInternalCall();
        return std::ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let Some(size) = (unsafe { crate::objects::object::instance_size(ty, 0) }) else {
        return errors::PyErr_NoMemory();
    };
    let op = crate::objects::obmalloc::PyObject_Calloc(1, size).cast::<PyObject>();
    // SAFETY: `op` is NULL (reported) or fresh zeroed memory of `size`
    // bytes, room for the header.
    unsafe { crate::objects::object::PyObject_Init(op, ty) }
}

/// `_PyObject_GC_NewVar(type, n)`, behind `PyObject_GC_NewVar`.
///
/// Fails (NULL) with `MemoryError` (also for a negative or overflowing
/// size; CPython raises `SystemError` for a negative one, which is kept).
///
/// # Safety
/// `ty` must be a live type object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_GC_NewVar(
    ty: *mut PyTypeObject,
    nitems: Py_ssize_t,
) -> *mut PyVarObject {
    if ty.is_null() || nitems < 0 {
        errors::PyErr_BadInternalCall();
        return std::ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let Some(size) = (unsafe { var_size(ty, nitems) }) else {
        return errors::PyErr_NoMemory().cast();
    };
    let op = PyObject_Malloc(size).cast::<PyVarObject>();
    // SAFETY: NULL (reported) or fresh memory with room for the header.
    unsafe { PyObject_InitVar(op, ty, nitems) }
}

/// `_PyObject_GC_Resize(op, n)`, behind `PyObject_GC_Resize`: reallocates
/// a variable-size object for `n` items (its address may change).
///
/// Fails (NULL, the object unchanged) with `MemoryError`.
///
/// # Safety
/// `op` must be a live variable-size object made by `PyObject_GC_NewVar`
/// that nothing else refers to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyObject_GC_Resize(
    op: *mut PyVarObject,
    nitems: Py_ssize_t,
) -> *mut PyVarObject {
    if op.is_null() || nitems < 0 {
        errors::PyErr_BadInternalCall();
        return std::ptr::null_mut();
    }
    // SAFETY: live per the contract.
    let Some(size) = (unsafe { var_size(type_of(op.cast()), nitems) }) else {
        return errors::PyErr_NoMemory().cast();
    };
    let was_tracked = tracked().remove(&(op as usize));
    // SAFETY: memory from the object allocator, not shared per the contract.
    let new = unsafe { PyObject_Realloc(op.cast(), size) }.cast::<PyVarObject>();
    if new.is_null() {
        if was_tracked {
            gc_track(op.cast());
        }
        return errors::PyErr_NoMemory().cast();
    }
    if was_tracked {
        gc_track(new.cast());
    }
    // SAFETY: the reallocated object keeps its header.
    unsafe { (*new).ob_size = nitems };
    new
}

/// `PyObject_GC_Track(op)`: marks the object as tracked (bookkeeping only:
/// there is no collector to visit it). Tracking twice is harmless.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GC_Track(op: *mut c_void) {
    if !op.is_null() {
        gc_track(op.cast());
    }
}

/// `PyObject_GC_UnTrack(op)`: marks the object as untracked; untracking
/// twice is harmless, as in CPython.
///
/// # Safety
/// `op` must be NULL or a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GC_UnTrack(op: *mut c_void) {
    if !op.is_null() {
        gc_untrack(op.cast());
    }
}

/// `PyObject_GC_IsTracked(op)`: 1 when the object is tracked, else 0.
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GC_IsTracked(op: *mut PyObject) -> c_int {
    tracked().contains(&(op as usize)) as c_int
}

/// `PyObject_GC_Del(op)`: frees memory from `PyObject_GC_New` (untracking
/// it first).
///
/// # Safety
/// `op` must be NULL or unreferenced memory from the object allocator.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_GC_Del(op: *mut c_void) {
    if op.is_null() {
        return;
    }
    gc_untrack(op.cast());
    forget_finalized(op.cast());
    // SAFETY: per the contract.
    unsafe { PyObject_Free(op) }
}

/// `PyObject_IS_GC(op)`: whether the object's type supports GC (and, with
/// `tp_is_gc`, this instance).
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_IS_GC(op: *mut PyObject) -> c_int {
    // SAFETY: live per the contract; `tp_is_gc` is the type's own.
    unsafe {
        let ty = type_of(op);
        if (*ty).tp_flags & Py_TPFLAGS_HAVE_GC == 0 {
            return 0;
        }
        match (*ty).tp_is_gc {
            Some(f) => (f(op) != 0) as c_int,
            None => 1,
        }
    }
}

/// Whether the (absent) cycle collector is enabled: the state
/// `PyGC_Enable` / `PyGC_Disable` switch and `PyGC_IsEnabled` reports, as
/// `gc.enable()` / `gc.disable()` do. Nothing else reads it, since no
/// collection ever runs.
static GC_ENABLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// `PyGC_Enable()`: enables collection; returns the previous state (1
/// enabled, 0 disabled).
#[unsafe(no_mangle)]
pub extern "C" fn PyGC_Enable() -> c_int {
    GC_ENABLED.swap(true, std::sync::atomic::Ordering::AcqRel) as c_int
}

/// `PyGC_Disable()`: disables collection; returns the previous state.
#[unsafe(no_mangle)]
pub extern "C" fn PyGC_Disable() -> c_int {
    GC_ENABLED.swap(false, std::sync::atomic::Ordering::AcqRel) as c_int
}

/// `PyGC_IsEnabled()`: the current state.
#[unsafe(no_mangle)]
pub extern "C" fn PyGC_IsEnabled() -> c_int {
    GC_ENABLED.load(std::sync::atomic::Ordering::Acquire) as c_int
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::object::Py_DecRef;
    use crate::objects::typeobject::PyBaseObject_Type;

    #[test]
    fn tracking_is_bookkeeping() {
        // SAFETY: `object` is a live static type.
        unsafe {
            let op = _PyObject_GC_New(PyBaseObject_Type.get());
            assert_eq!(PyObject_GC_IsTracked(op), 0);
            PyObject_GC_Track(op.cast());
            PyObject_GC_Track(op.cast());
            assert_eq!(PyObject_GC_IsTracked(op), 1);
            PyObject_GC_UnTrack(op.cast());
            PyObject_GC_UnTrack(op.cast());
            assert_eq!(PyObject_GC_IsTracked(op), 0);
            PyObject_GC_Track(op.cast());
            PyObject_GC_Del(op.cast());
            let again = _PyObject_GC_New(PyBaseObject_Type.get());
            assert_eq!(PyObject_GC_IsTracked(again), 0);
            Py_DecRef(again);
        }
    }

    #[test]
    fn gc_new_zeroes_the_fields_past_the_header() {
        // Cython 3.x generators read fields it never set (see
        // `_PyObject_GC_New`): they must be NULL even in reused memory.
        let ty = crate::objects::rangeobject::PyRange_Type.get();
        // SAFETY: a live static type; the blocks are only written within
        // their size and freed without running the type's dealloc.
        unsafe {
            let size = (*ty).tp_basicsize as usize;
            for _ in 0..8 {
                let dirty = PyObject_Malloc(size).cast::<u8>();
                std::ptr::write_bytes(dirty, 0xff, size);
                PyObject_Free(dirty.cast());
                let op = _PyObject_GC_New(ty);
                assert!(!op.is_null());
                assert_eq!((*op).ob_type, ty);
                let fields = std::slice::from_raw_parts(
                    op.cast::<u8>().add(size_of::<PyObject>()),
                    size - size_of::<PyObject>(),
                );
                assert!(fields.iter().all(|&b| b == 0));
                PyObject_GC_Del(op.cast());
            }
        }
    }
}
