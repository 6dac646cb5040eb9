//! The trashcan (CPython's `Objects/object.c`, "Trashcan support"): the
//! functions behind `Py_TRASHCAN_BEGIN` / `Py_TRASHCAN_END`, which a
//! container type's `tp_dealloc` brackets its body with so that freeing a
//! long chain of containers does not recurse once per link.
//!
//! As in CPython 3.11, each thread counts the trashcan-bracketed
//! deallocations it is nested in; at [`UNWIND_LEVEL`] a further one is not
//! run but kept on the thread's list, and when the outermost bracketed
//! deallocation ends, the kept objects are deallocated one after another,
//! most recently kept first (CPython's list is a stack threaded through
//! the GC headers; here it is a `Vec`). The thread-state argument the
//! macros pass is the current thread's, so the state is thread-local.
//!
//! This is separate from `_Py_Dealloc`'s own bound on nested deallocations
//! (`object.rs`), which covers every type, bracketed or not.

use std::cell::{Cell, RefCell};
use std::ffi::c_int;

use crate::ffi::*;
use crate::objects::object::type_of;

/// CPython's `_PyTrash_UNWIND_LEVEL`.
const UNWIND_LEVEL: c_int = 50;

thread_local! {
    /// `tstate->trash_delete_nesting`.
    static NESTING: Cell<c_int> = const { Cell::new(0) };
    /// `tstate->trash_delete_later`: objects whose deallocation waits.
    static LATER: RefCell<Vec<*mut PyObject>> = const { RefCell::new(Vec::new()) };
}

/// `_PyTrash_cond(op, dealloc)`: whether `dealloc` is `op`'s own type's
/// `tp_dealloc` (a subclass's deallocator calling its base's does not
/// enter the trashcan a second time).
///
/// # Safety
/// `op` must be a live object.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTrash_cond(op: *mut PyObject, dealloc: Option<destructor>) -> c_int {
    // SAFETY: live per the contract, and so is its type.
    let own = unsafe { (*type_of(op)).tp_dealloc };
    c_int::from(own.map(|f| f as usize) == dealloc.map(|f| f as usize))
}

/// `_PyTrash_begin(tstate, op)`: 1 when `op` (refcount zero, untracked)
/// was kept for later and the deallocator's body must be skipped; else 0,
/// one level deeper. The levels are the current thread's; `tstate` is not
/// read.
///
/// # Safety
/// `op` must be an object being deallocated by its type's `tp_dealloc`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTrash_begin(_tstate: *mut PyThreadState, op: *mut PyObject) -> c_int {
    // try_with: while a thread's locals are torn down, bodies run at once.
    let Ok(nesting) = NESTING.try_with(Cell::get) else {
        return 0;
    };
    if nesting >= UNWIND_LEVEL && LATER.try_with(|l| l.borrow_mut().push(op)).is_ok() {
        return 1;
    }
    NESTING.with(|n| n.set(nesting + 1));
    0
}

/// `_PyTrash_end(tstate)`: one level up; leaving the outermost level
/// deallocates the objects kept meanwhile.
///
/// # Safety
/// Must pair with a `_PyTrash_begin` that returned 0 on this thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyTrash_end(_tstate: *mut PyThreadState) {
    let Ok(nesting) = NESTING.try_with(|n| {
        n.set(n.get() - 1);
        n.get()
    }) else {
        return;
    };
    let waiting = LATER.try_with(|l| !l.borrow().is_empty()).unwrap_or(false);
    if waiting && nesting <= 0 {
        // SAFETY: the kept objects wait with a zero refcount.
        unsafe { destroy_chain() };
    }
}

/// CPython's `_PyTrash_thread_destroy_chain`: runs each kept object's
/// `tp_dealloc`, one level deep (so that those bodies keep what they
/// free for this loop instead of recursing into it).
///
/// # Safety
/// Every object on the list must have a zero refcount and no other users.
unsafe fn destroy_chain() {
    NESTING.with(|n| n.set(n.get() + 1));
    while let Some(op) = LATER.with(|l| l.borrow_mut().pop()) {
        // SAFETY: kept by _PyTrash_begin from its own tp_dealloc, so the
        // type has one; nothing else uses the object.
        unsafe {
            if let Some(dealloc) = (*type_of(op)).tp_dealloc {
                dealloc(op);
            }
        }
    }
    NESTING.with(|n| n.set(n.get() - 1));
}
