//! `pystate.h` (with `cpython/pystate.h`): thread states, the interpreter
//! state and `PyGILState_STATE`.
//!
//! C code sees `PyInterpreterState` only through pointers, and of
//! `PyThreadState` the fields the header declares: the first three of
//! CPython 3.11's `struct _ts` in its order (`prev`, `next`, `interp`),
//! then `thread_id`, `id` and `gilstate_counter`, which extensions use by
//! name (cffi raises `gilstate_counter` so that `PyGILState_Release` never
//! deletes a callback thread's state). The header's `struct _ts` must
//! stay a prefix of [`PyThreadState`]; the rest is pybuffer's own; see
//! [`crate::python::pystate`].

#![allow(non_camel_case_types, non_upper_case_globals)]

use std::ffi::{c_int, c_ulong};

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
    /// `PyThread_get_thread_ident()` of the thread that created it.
    pub thread_id: c_ulong,
    /// Unique, increasing id (`PyThreadState_GetID`).
    pub id: u64,
    /// `PyGILState_Ensure` nesting depth on the owning thread; 0 means the
    /// state was made by `PyGILState_Ensure` and is deleted by the matching
    /// `PyGILState_Release`. C reads and writes it (with the GIL held), as
    /// on CPython: cffi adds one to keep a callback thread's state alive.
    pub gilstate_counter: c_int,
    /// `PyThreadState_GetDict()`, created on first use.
    pub dict: *mut PyObject,
    /// The current `contextvars.Context` (a reference), NULL until first
    /// needed (see `crate::python::context`).
    pub context: *mut PyObject,
    /// `PyThreadState_EnterTracing` nesting (CPython's `tracing`): while
    /// positive, trace and profile functions would not be called. Private:
    /// the header declares no field past `gilstate_counter`.
    pub tracing: c_int,
    /// `PyThread_get_thread_native_id()` of the thread that created it (the
    /// kernel's id on Linux). Private: lets `time.pthread_getcpuclockid`
    /// name a thread's clock without reading through its `pthread_t`.
    pub native_thread_id: c_ulong,
}

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
