//! `pystate.h` (with `cpython/pystate.h`): thread states, the interpreter
//! state and `PyGILState_STATE`.
//!
//! C code sees `PyInterpreterState` only through pointers. `PyThreadState`
//! keeps CPython 3.11's `struct _ts` layout up to `id`: C code reads
//! `interp` (Cython) and `gilstate_counter` (pybind11's
//! `gil_scoped_acquire` and cffi's callbacks count their nesting there),
//! may read `thread_id`, `native_thread_id` and `id`, and code built
//! against CPython's headers (Cython's "fast thread state") reads and
//! writes the error indicator and the handled-exception stack in place
//! (`curexc_*`, `exc_info`); the header names those and reserves the rest.
//! See [`crate::python::pystate`] and [`crate::python::errors`].

#![allow(non_camel_case_types, non_upper_case_globals)]

use std::ffi::{c_int, c_ulong, c_void};

use crate::ffi::object::PyObject;

/// `PyFrameObject` (`struct _frame`): opaque. No Python frame ever exists
/// here; the type is named by `PyThreadState_GetFrame` / `PyEval_GetFrame`.
#[repr(C)]
pub struct PyFrameObject {
    _opaque: [u8; 0],
}

/// A Python thread state: what a thread holds while it holds the GIL.
#[repr(C)]
#[derive(Debug)]
pub struct PyThreadState {
    /// CPython's link to the previous state of the interpreter: always
    /// NULL (the states are kept in a registry instead), and there only so
    /// `interp` sits where 3.11's header puts it.
    pub prev: *mut PyThreadState,
    /// Likewise, always NULL.
    pub next: *mut PyThreadState,
    /// The interpreter it belongs to (there is one); C reads it as
    /// `tstate->interp`.
    pub interp: *mut PyInterpreterState,
    /// CPython's `_initialized`, `_static` and recursion counters: unused
    /// (no Python frames run here), kept so later fields sit at 3.11's
    /// offsets.
    pub _cpython_ints: [c_int; 5],
    /// `PyThreadState_EnterTracing` nesting, at CPython's `tracing`: while
    /// positive, trace and profile functions would not be called.
    pub tracing: c_int,
    /// CPython's `tracing_what`: unused.
    pub _tracing_what: c_int,
    /// CPython's `cframe` and trace/profile hooks: unused, always NULL.
    pub _cpython_ptrs: [*mut c_void; 5],
    /// The error indicator and the handled-exception stack, at CPython's
    /// `curexc_type` .. `exc_info`: the calling thread's own while this
    /// state is current on it (see [`crate::python::errors`]).
    pub err: ErrorSlots,
    /// `PyThreadState_GetDict()`, created on first use (CPython's `dict`).
    pub dict: *mut PyObject,
    /// CPython's `gilstate_counter`: the `PyGILState_Ensure` nesting on the
    /// owning thread. `PyThreadState_New` sets 1 on a state that becomes
    /// the thread's auto state (so `PyGILState_Release` never deletes it);
    /// `Ensure` sets 0 on a state it makes, and the `Release` that brings it
    /// back to 0 deletes that state. pybind11 adjusts it directly.
    pub gilstate_counter: c_int,
    /// CPython's `async_exc`: unused (nothing raises asynchronously here),
    /// always NULL.
    pub _async_exc: *mut c_void,
    /// `PyThread_get_thread_ident()` of the thread that created it.
    pub thread_id: c_ulong,
    /// `PyThread_get_thread_native_id()` of the thread that created it (the
    /// kernel's id on Linux): lets `time.pthread_getcpuclockid` name a
    /// thread's clock without reading through its `pthread_t`.
    pub native_thread_id: c_ulong,
    /// CPython's `trash_delete_nesting`: unused (the trashcan keeps its
    /// own per-thread state).
    pub _trash_delete_nesting: c_int,
    /// CPython's `trash_delete_later`, `on_delete` and `on_delete_data`:
    /// unused, always NULL.
    pub _cpython_ptrs2: [*mut c_void; 3],
    /// CPython's `coroutine_origin_tracking_depth`: unused.
    pub _coroutine_origin_tracking_depth: c_int,
    /// CPython's `async_gen_firstiter` and `async_gen_finalizer`: unused,
    /// always NULL.
    pub _async_gen_hooks: [*mut c_void; 2],
    /// The current `contextvars.Context` (a reference), NULL until first
    /// needed (see `crate::python::context`), at CPython's `context`.
    /// Private: the header reserves it.
    pub context: *mut PyObject,
    /// CPython's `context_ver`: unused.
    pub _context_ver: u64,
    /// Unique, increasing id (`PyThreadState_GetID`). The last field C
    /// reads by name.
    pub id: u64,
    /// The bottom of the handled-exception stack (CPython's `exc_state`,
    /// which C reaches only through `exc_info`).
    pub exc_state: _PyErr_StackItem,
}

/// CPython's `_PyErr_StackItem`: one entry of a thread's stack of handled
/// exceptions. A generator built against CPython's headers pushes its own
/// while it runs (Cython's coroutines do).
#[repr(C)]
#[derive(Debug)]
pub struct _PyErr_StackItem {
    /// The exception handled at this level (a strong reference), or NULL
    /// or None for none.
    pub exc_value: *mut PyObject,
    /// The entry below, or NULL at the bottom.
    pub previous_item: *mut _PyErr_StackItem,
}

/// CPython 3.11's `curexc_type`, `curexc_value`, `curexc_traceback` and
/// `exc_info` fields, which sit together in `PyThreadState`.
#[repr(C)]
#[derive(Debug)]
pub struct ErrorSlots {
    /// The pending error's type (a strong reference), or NULL for none.
    pub curexc_type: *mut PyObject,
    /// Its value (a strong reference or NULL), possibly not yet normalised.
    pub curexc_value: *mut PyObject,
    /// Its traceback (a strong reference), or NULL.
    pub curexc_traceback: *mut PyObject,
    /// The top of the handled-exception stack; never NULL once in use.
    pub exc_info: *mut _PyErr_StackItem,
}

// C code (pybind11's gil.h) writes `gilstate_counter` at CPython 3.11's
// offset: three pointers, seven ints, ten pointers.
const _: () = assert!(
    std::mem::offset_of!(PyThreadState, gilstate_counter)
        == 13 * std::mem::size_of::<*mut c_void>()
            + 7 * std::mem::size_of::<c_int>()
            + if std::mem::size_of::<*mut c_void>() == 8 {
                4
            } else {
                0
            }
);

// C code reads `curexc_*`, `exc_info`, `thread_id`, `native_thread_id` and
// `id` by name; on 64-bit Linux these are CPython 3.11's offsets (checked
// against its header).
#[cfg(all(target_pointer_width = "64", target_os = "linux"))]
const _: () = {
    assert!(std::mem::offset_of!(PyThreadState, err) == 96);
    assert!(std::mem::offset_of!(PyThreadState, dict) == 128);
    assert!(std::mem::offset_of!(PyThreadState, thread_id) == 152);
    assert!(std::mem::offset_of!(PyThreadState, native_thread_id) == 160);
    assert!(std::mem::offset_of!(PyThreadState, context) == 224);
    assert!(std::mem::offset_of!(PyThreadState, id) == 240);
};

/// The interpreter state. pybuffer has one, which stands for CPython's main
/// interpreter.
#[repr(C)]
#[derive(Debug)]
pub struct PyInterpreterState {
    /// `PyInterpreterState_GetID` (0, the main interpreter's id).
    pub id: i64,
    /// `PyInterpreterState_GetDict()`, created on first use.
    pub dict: *mut PyObject,
}

/// `PyGILState_STATE`: whether `PyGILState_Ensure` found the GIL held.
pub type PyGILState_STATE = c_int;
/// The GIL was already held by the calling thread.
pub const PyGILState_LOCKED: PyGILState_STATE = 0;
/// The GIL was not held; `PyGILState_Release` releases it again.
pub const PyGILState_UNLOCKED: PyGILState_STATE = 1;
