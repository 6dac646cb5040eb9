//! Memory allocation (CPython's `Objects/obmalloc.c`): the `PyMem_Raw*`,
//! `PyMem_*` and `PyObject_*` allocators, and `PyMem_GetAllocator` /
//! `PyMem_SetAllocator`, which let C code replace or wrap the allocator of
//! each domain (tracemalloc-style hooks wrap the previous one).
//!
//! # Design
//! 1. **The default allocator of every domain is the C library's**
//!    (`malloc` & co, a request for 0 bytes made 1 so that it gives a
//!    unique pointer, as CPython's raw allocator does). There is no
//!    pymalloc, hence no arenas: `PyObject_GetArenaAllocator` /
//!    `PyObject_SetArenaAllocator` are not provided, since setting an arena
//!    allocator would change nothing.
//! 2. **The default path stays a direct call.** Each domain holds a
//!    pointer to its installed allocator, NULL while it is the default;
//!    an allocation loads that pointer once and calls `malloc` itself when
//!    it is NULL. Installing an allocator equal to the default (a hook
//!    putting back what `PyMem_GetAllocator` gave it) returns to that path.
//! 3. **An installed allocator is copied into memory that is never freed**,
//!    so that a thread reading the previous one while another installs a
//!    new one reads a whole, live record (CPython copies the structure in
//!    place, which a concurrent reader could see half-written). The copies
//!    stay listed, hence reachable: a few words per `PyMem_SetAllocator`.
//! 4. **The size checks are CPython's** and come before the allocator is
//!    called: a size above `PY_SSIZE_T_MAX`, or a `calloc` whose product
//!    would pass it, gives NULL.

use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicPtr, Ordering};

/// Zeroed bytes allocated after the NUL that ends the data of a `bytes` or
/// `str` (and a `str`'s UTF-8 form). Under CPython that data ends inside a
/// pymalloc block rounded up to 16 bytes, followed by more blocks of the
/// same pool, so C that looks a character or two past the NUL reads
/// something harmless; jellyfish 0.9's `metaphone` reads `s[i + 2]` while
/// `s[i + 1]` is the NUL. With exact-size allocations that read left the
/// allocation (valgrind and ASan report it; at a page's end it could
/// fault). These bytes keep such reads inside the object, reading zeros.
pub(crate) const TERMINATOR_SLACK: usize = 8;

// ==========================================================================
// The allocators of the three domains
// ==========================================================================

/// CPython's `PyMemAllocatorEx`: four functions and the context passed to
/// each.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct PyMemAllocatorEx {
    /// The first argument of each function.
    pub ctx: *mut c_void,
    /// Allocates a block (never NULL for 0 bytes).
    pub malloc: Option<unsafe extern "C" fn(*mut c_void, usize) -> *mut c_void>,
    /// Allocates a zeroed block of `nelem * elsize` bytes.
    pub calloc: Option<unsafe extern "C" fn(*mut c_void, usize, usize) -> *mut c_void>,
    /// Resizes (or, for NULL, allocates) a block.
    pub realloc: Option<unsafe extern "C" fn(*mut c_void, *mut c_void, usize) -> *mut c_void>,
    /// Releases a block (NULL: nothing).
    pub free: Option<unsafe extern "C" fn(*mut c_void, *mut c_void)>,
}

/// `PyMemAllocatorDomain` values.
pub const PYMEM_DOMAIN_RAW: c_int = 0;
/// `PyMem_Malloc` & co.
pub const PYMEM_DOMAIN_MEM: c_int = 1;
/// `PyObject_Malloc` & co.
pub const PYMEM_DOMAIN_OBJ: c_int = 2;

/// CPython's `_PyMem_RawMalloc`: `malloc`, 0 bytes made 1.
unsafe extern "C" fn default_malloc(_ctx: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: plain libc allocation.
    unsafe { libc::malloc(size.max(1)) }
}

/// CPython's `_PyMem_RawCalloc`: `calloc`, an empty request made 1 byte.
/// The caller checked that the product fits.
unsafe extern "C" fn default_calloc(_ctx: *mut c_void, nelem: usize, elsize: usize) -> *mut c_void {
    let (n, e) = if nelem == 0 || elsize == 0 {
        (1, 1)
    } else {
        (nelem, elsize)
    };
    // SAFETY: plain libc allocation.
    unsafe { libc::calloc(n, e) }
}

/// CPython's `_PyMem_RawRealloc`: `realloc`, 0 bytes made 1.
///
/// # Safety
/// `p` is NULL or a live block of this allocator.
unsafe extern "C" fn default_realloc(
    _ctx: *mut c_void,
    p: *mut c_void,
    size: usize,
) -> *mut c_void {
    // SAFETY: per the contract.
    unsafe { libc::realloc(p, size.max(1)) }
}

/// CPython's `_PyMem_RawFree`: `free`.
///
/// # Safety
/// `p` is NULL or a live block of this allocator.
unsafe extern "C" fn default_free(_ctx: *mut c_void, p: *mut c_void) {
    // SAFETY: per the contract.
    unsafe { libc::free(p) }
}

/// The C library's allocator, every domain's default.
const DEFAULT: PyMemAllocatorEx = PyMemAllocatorEx {
    ctx: ptr::null_mut(),
    malloc: Some(default_malloc),
    calloc: Some(default_calloc),
    realloc: Some(default_realloc),
    free: Some(default_free),
};

impl PyMemAllocatorEx {
    /// Whether this is [`DEFAULT`], comparing the functions by address. A
    /// function that is the default one at another address (which Rust
    /// does not rule out) only makes the domain take the indirect path,
    /// which calls the same functions.
    fn is_default(&self) -> bool {
        let addr = |f: Option<usize>| f.unwrap_or(0);
        self.ctx.is_null()
            && addr(self.malloc.map(|f| f as *const () as usize))
                == default_malloc as *const () as usize
            && addr(self.calloc.map(|f| f as *const () as usize))
                == default_calloc as *const () as usize
            && addr(self.realloc.map(|f| f as *const () as usize))
                == default_realloc as *const () as usize
            && addr(self.free.map(|f| f as *const () as usize))
                == default_free as *const () as usize
    }
}

/// The installed allocator of each domain (RAW, MEM, OBJ); NULL for the
/// default.
static INSTALLED: [AtomicPtr<PyMemAllocatorEx>; 3] = [
    AtomicPtr::new(ptr::null_mut()),
    AtomicPtr::new(ptr::null_mut()),
    AtomicPtr::new(ptr::null_mut()),
];

/// Every copy ever installed (never freed: a reader may still hold one).
struct Installed(Vec<*const PyMemAllocatorEx>);
// SAFETY: the pointers are to leaked, immutable records, readable from any
// thread.
unsafe impl Send for Installed {}
static ALL_INSTALLED: Mutex<Installed> = Mutex::new(Installed(Vec::new()));

/// The allocator installed for `domain` (0..3), None for the default.
#[inline]
fn installed(domain: usize) -> Option<&'static PyMemAllocatorEx> {
    let p = INSTALLED[domain].load(Ordering::Acquire);
    // SAFETY: a non-NULL pointer is a leaked record that is never written
    // or freed.
    unsafe { p.as_ref() }
}

/// Allocates `size` bytes in `domain`: CPython's size check, then the
/// installed allocator or `malloc`.
#[inline]
fn domain_malloc(domain: usize, size: usize) -> *mut c_void {
    if size > isize::MAX as usize {
        return ptr::null_mut();
    }
    match installed(domain) {
        // SAFETY: plain libc allocation; 0 bytes made 1, as CPython's.
        None => unsafe { libc::malloc(size.max(1)) },
        Some(a) => match a.malloc {
            // SAFETY: the installer's function with its context.
            Some(f) => unsafe { f(a.ctx, size) },
            None => ptr::null_mut(),
        },
    }
}

/// `calloc` in `domain`, with CPython's overflow check.
#[inline]
fn domain_calloc(domain: usize, nelem: usize, elsize: usize) -> *mut c_void {
    if elsize != 0 && nelem > isize::MAX as usize / elsize {
        return ptr::null_mut();
    }
    match installed(domain) {
        // SAFETY: the default allocator, the product checked above.
        None => unsafe { default_calloc(ptr::null_mut(), nelem, elsize) },
        Some(a) => match a.calloc {
            // SAFETY: the installer's function with its context.
            Some(f) => unsafe { f(a.ctx, nelem, elsize) },
            None => ptr::null_mut(),
        },
    }
}

/// `realloc` in `domain`, with CPython's size check.
///
/// # Safety
/// `p` is NULL or a live block of this domain.
#[inline]
unsafe fn domain_realloc(domain: usize, p: *mut c_void, size: usize) -> *mut c_void {
    if size > isize::MAX as usize {
        return ptr::null_mut();
    }
    match installed(domain) {
        // SAFETY: per the contract.
        None => unsafe { libc::realloc(p, size.max(1)) },
        Some(a) => match a.realloc {
            // SAFETY: the installer's function with its context; `p` is
            // one of its blocks per the contract.
            Some(f) => unsafe { f(a.ctx, p, size) },
            None => ptr::null_mut(),
        },
    }
}

/// `free` in `domain`.
///
/// # Safety
/// `p` is NULL or a live block of this domain, not freed twice.
#[inline]
unsafe fn domain_free(domain: usize, p: *mut c_void) {
    match installed(domain) {
        // SAFETY: per the contract.
        None => unsafe { libc::free(p) },
        Some(a) => {
            if let Some(f) = a.free {
                // SAFETY: the installer's function with its context.
                unsafe { f(a.ctx, p) }
            }
        }
    }
}

/// `PyMem_GetAllocator(domain, allocator)`: copies the allocator of
/// `domain` into `*allocator` (the C library's functions, context NULL,
/// while none was installed). An unknown domain gives all NULLs, as
/// CPython does.
///
/// # Safety
/// `allocator` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_GetAllocator(domain: c_int, allocator: *mut PyMemAllocatorEx) {
    let value = match domain {
        PYMEM_DOMAIN_RAW..=PYMEM_DOMAIN_OBJ => {
            installed(domain as usize).copied().unwrap_or(DEFAULT)
        }
        _ => PyMemAllocatorEx {
            ctx: ptr::null_mut(),
            malloc: None,
            calloc: None,
            realloc: None,
            free: None,
        },
    };
    // SAFETY: writable per the contract.
    unsafe { allocator.write(value) };
}

/// `PyMem_SetAllocator(domain, allocator)`: from now on the functions of
/// `domain` call `*allocator`'s (copied; the caller's structure may go).
/// An unknown domain is ignored, as in CPython. As CPython documents, the
/// new allocator must give a distinct non-NULL pointer for 0 bytes, the
/// RAW one must be thread-safe, and blocks allocated before the change are
/// freed by the new allocator (so it should wrap the previous one, or be
/// installed before any allocation).
///
/// # Safety
/// `allocator` must be readable, its functions callable with its context
/// from any thread for RAW and with the GIL held for MEM and OBJ.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_SetAllocator(domain: c_int, allocator: *mut PyMemAllocatorEx) {
    if !(PYMEM_DOMAIN_RAW..=PYMEM_DOMAIN_OBJ).contains(&domain) || allocator.is_null() {
        return;
    }
    // SAFETY: readable per the contract.
    let value = unsafe { allocator.read() };
    let record: *mut PyMemAllocatorEx = if value.is_default() {
        ptr::null_mut()
    } else {
        let mut all = ALL_INSTALLED.lock().unwrap_or_else(|e| e.into_inner());
        let leaked: *mut PyMemAllocatorEx = Box::into_raw(Box::new(value));
        all.0.push(leaked);
        leaked
    };
    INSTALLED[domain as usize].store(record, Ordering::Release);
}

// ==========================================================================
// PyMem_*
// ==========================================================================

/// `PyMem_Malloc(n)`: like `malloc`, but `n == 0` returns a unique pointer.
#[unsafe(no_mangle)]
pub extern "C" fn PyMem_Malloc(size: usize) -> *mut c_void {
    domain_malloc(PYMEM_DOMAIN_MEM as usize, size)
}

/// `PyMem_Calloc(n, size)`: zeroed allocation, overflow-checked.
#[unsafe(no_mangle)]
pub extern "C" fn PyMem_Calloc(nelem: usize, elsize: usize) -> *mut c_void {
    domain_calloc(PYMEM_DOMAIN_MEM as usize, nelem, elsize)
}

/// `PyMem_Realloc(p, n)`.
///
/// # Safety
/// `p` must be NULL or come from this allocator.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_Realloc(p: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: forwarded contract.
    unsafe { domain_realloc(PYMEM_DOMAIN_MEM as usize, p, size) }
}

/// `PyMem_Free(p)`.
///
/// # Safety
/// `p` must be NULL or come from this allocator, and not be freed twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_Free(p: *mut c_void) {
    // SAFETY: forwarded contract.
    unsafe { domain_free(PYMEM_DOMAIN_MEM as usize, p) }
}

// ==========================================================================
// PyObject_*
// ==========================================================================

/// `PyObject_Malloc(n)`: the object allocator.
#[unsafe(no_mangle)]
pub extern "C" fn PyObject_Malloc(size: usize) -> *mut c_void {
    domain_malloc(PYMEM_DOMAIN_OBJ as usize, size)
}

/// `PyObject_Calloc(n, size)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyObject_Calloc(nelem: usize, elsize: usize) -> *mut c_void {
    domain_calloc(PYMEM_DOMAIN_OBJ as usize, nelem, elsize)
}

/// `PyObject_Realloc(p, n)`.
///
/// # Safety
/// As [`PyMem_Realloc`], for this allocator.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Realloc(p: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: forwarded contract.
    unsafe { domain_realloc(PYMEM_DOMAIN_OBJ as usize, p, size) }
}

/// `PyObject_Free(p)`: the default `tp_free`.
///
/// # Safety
/// As [`PyMem_Free`], for this allocator.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyObject_Free(p: *mut c_void) {
    // SAFETY: forwarded contract.
    unsafe { domain_free(PYMEM_DOMAIN_OBJ as usize, p) }
}

// ==========================================================================
// PyMem_Raw*
// ==========================================================================
//
// CPython's `PyMem_Raw*` family may be called without the GIL (from a worker
// thread a codec starts, say). With the default allocators every domain is
// the C heap, so a block from one family may be released by another, a
// latitude CPython does not promise and that an installed allocator need
// not give.

/// `PyMem_RawMalloc(n)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyMem_RawMalloc(size: usize) -> *mut c_void {
    domain_malloc(PYMEM_DOMAIN_RAW as usize, size)
}

/// `PyMem_RawCalloc(n, size)`.
#[unsafe(no_mangle)]
pub extern "C" fn PyMem_RawCalloc(nelem: usize, elsize: usize) -> *mut c_void {
    domain_calloc(PYMEM_DOMAIN_RAW as usize, nelem, elsize)
}

/// `PyMem_RawRealloc(p, n)`.
///
/// # Safety
/// As [`PyMem_Realloc`], for this allocator.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_RawRealloc(p: *mut c_void, size: usize) -> *mut c_void {
    // SAFETY: forwarded contract.
    unsafe { domain_realloc(PYMEM_DOMAIN_RAW as usize, p, size) }
}

/// `PyMem_RawFree(p)`.
///
/// # Safety
/// As [`PyMem_Free`], for this allocator.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyMem_RawFree(p: *mut c_void) {
    // SAFETY: forwarded contract.
    unsafe { domain_free(PYMEM_DOMAIN_RAW as usize, p) }
}
