//! The C API of CPython's `tracemalloc` (`Modules/_tracemalloc.c` in 3.11):
//! what extensions that keep their own allocations call to report them to
//! tracemalloc (cykhash's sets and maps, NumPy's data buffers).
//!
//! tracemalloc traces only once Python code calls `tracemalloc.start()` (or
//! `-X tracemalloc` is given); the library has neither that module nor a
//! command line, so it is never tracing, and each function answers as
//! CPython's does then: tracking and untracking return -2 ("tracemalloc is
//! disabled") and record nothing, and no block has a traceback.

use std::ffi::c_int;

use crate::ffi::*;

/// What CPython returns from the tracking functions while tracemalloc is
/// not tracing.
const DISABLED: c_int = -2;

/// `PyTraceMalloc_Track(domain, ptr, size)`: -2, tracemalloc not tracing.
#[unsafe(no_mangle)]
pub extern "C" fn PyTraceMalloc_Track(_domain: u32, _ptr: usize, _size: usize) -> c_int {
    DISABLED
}

/// `PyTraceMalloc_Untrack(domain, ptr)`: -2, tracemalloc not tracing.
#[unsafe(no_mangle)]
pub extern "C" fn PyTraceMalloc_Untrack(_domain: u32, _ptr: usize) -> c_int {
    DISABLED
}

/// `_PyTraceMalloc_GetTraceback(domain, ptr)`: None (a new reference), as
/// for a block tracemalloc does not track.
#[unsafe(no_mangle)]
pub extern "C" fn _PyTraceMalloc_GetTraceback(_domain: u32, _ptr: usize) -> *mut PyObject {
    crate::objects::object::none()
}
