//! Memory allocation (CPython's `Objects/obmalloc.c`): the `PyMem_*` and
//! `PyObject_*` allocators, both thin layers over the C library's.

use std::ffi::c_void;
use std::ptr;

/// Zeroed bytes allocated after the NUL that ends the data of a `bytes` or
/// `str` (and a `str`'s UTF-8 form). Under CPython that data ends inside a
/// pymalloc block rounded up to 16 bytes, followed by more blocks of the
/// same pool, so C that looks a character or two past the NUL reads
/// something harmless; jellyfish 0.9's `metaphone` reads `s[i + 2]` while
/// `s[i + 1]` is the NUL. With exact-size allocations that read left the
/// allocation (valgrind and ASan report it; at a page's end it could
/// fault). These bytes keep such reads inside the object, reading zeros.
pub(crate) const TERMINATOR_SLACK: usize = 8;

/// `PyMem_Malloc(n)`: like `malloc`, but `n == 0` returns a unique pointer.
#[unsafe(no_mangle)]
pub extern "C" fn PyMem_Malloc(size: usize) -> *mut c_void {
    if size > isize::MAX as usize {
        return ptr::null_mut();
    }
    // SAFETY: plain libc allocation; size 0 is bumped to 1 as CPython does.
    unsafe { libc::malloc(size.max(1)) }
}

/// `PyMem_Calloc(n, size)`: zeroed allocation, overflow-checked.
#[unsafe(no_mangle)]
pub extern "C" fn PyMem_Calloc(nelem: usize, elsize: usize) -> *mut c_void {
    match nelem.checked_mul(elsize) {
        Some(total) if total <= isize::MAX as usize => {
            // SAFETY: plain libc allocation of a checked size.
            unsafe { libc::calloc(total.max(1), 1) }
        }
        _ => ptr::null_mut(),
    }
}

/// `PyMem_Realloc(p, n)`.
///
/// # Safety
/// `p` must be NULL or come from this allocator.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_Realloc(p: *mut c_void, size: usize) -> *mut c_void {
    if size > isize::MAX as usize {
        return ptr::null_mut();
    }
    // SAFETY: `p` came from malloc/calloc/realloc per the contract.
    unsafe { libc::realloc(p, size.max(1)) }
}

/// `PyMem_Free(p)`.
///
/// # Safety
/// `p` must be NULL or come from this allocator, and not be freed twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_Free(p: *mut c_void) {
    // SAFETY: per the contract.
    unsafe { libc::free(p) }
}

/// `PyObject_Malloc(n)`: the object allocator (the same heap as `PyMem_*`).
#[unsafe(no_mangle)]
pub extern "C" fn PyObject_Malloc(size: usize) -> *mut c_void {
    PyMem_Malloc(size)
}

/// `PyObject_Calloc(n, size)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyObject_Calloc(nelem: usize, elsize: usize) -> *mut c_void {
    PyMem_Calloc(nelem, elsize)
}

/// `PyObject_Realloc(p, n)`.
///
/// # Safety
/// As [`PyMem_Realloc`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Realloc(p: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: forwarded contract.
    unsafe { PyMem_Realloc(p, size) }
}

/// `PyObject_Free(p)`: the default `tp_free`.
///
/// # Safety
/// As [`PyMem_Free`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Free(p: *mut c_void) {
    // SAFETY: forwarded contract.
    unsafe { PyMem_Free(p) }
}

// ---------------------------------------------------------------------------
// The raw allocator
// ---------------------------------------------------------------------------
//
// CPython's `PyMem_Raw*` family may be called without the GIL (from a worker
// thread a codec starts, say). Ours is the C heap with the same size rules as
// `PyMem_*`, so a block from either family may be released by either, a
// latitude CPython does not promise but which costs nothing here.

/// `PyMem_RawMalloc(n)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyMem_RawMalloc(size: usize) -> *mut c_void {
    PyMem_Malloc(size)
}

/// `PyMem_RawCalloc(n, size)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyMem_RawCalloc(nelem: usize, elsize: usize) -> *mut c_void {
    PyMem_Calloc(nelem, elsize)
}

/// `PyMem_RawRealloc(p, n)`.
///
/// # Safety
/// As [`PyMem_Realloc`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_RawRealloc(p: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: forwarded contract.
    unsafe { PyMem_Realloc(p, size) }
}

/// `PyMem_RawFree(p)`.
///
/// # Safety
/// As [`PyMem_Free`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_RawFree(p: *mut c_void) {
    // SAFETY: forwarded contract.
    unsafe { PyMem_Free(p) }
}
