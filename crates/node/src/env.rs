//! JS environments: which one the current code runs in, and JS memory that
//! outlives the one that made it.
//!
//! Node runs one JS environment per thread: the main thread and each
//! worker. An exporter of JS memory belongs to the environment that made it
//! ([`Owner`]): its napi references are valid only there, and only there
//! can the addon check that its ArrayBuffer is still attached. Acquiring a
//! view of it anywhere else, from JS or from C, is a `BufferError`. A
//! thread is named by a number no other thread ever gets, so an exporter
//! whose worker has exited belongs to no live thread and refuses every new
//! view.
//!
//! Views that exist when the environment is torn down are a different
//! matter: C may hold a raw `Py_buffer` of a worker's memory after the
//! worker exits. Teardown frees every ArrayBuffer's memory whatever
//! references N-API holds, so each exporter also holds its memory's V8
//! backing store ([`BackingStore`], see `backing_store.cc`), and the memory
//! is freed only when the exporter is, after its last view. Detaching the
//! ArrayBuffer (transferring it) does not free the memory either.
//!
//! Memory that native code gave V8 as an external ArrayBuffer
//! (`napi_create_external_arraybuffer`, `node::Buffer::New`) is the
//! exception: Node calls its owner's free callback at teardown whatever
//! holds the backing store.
//!
//! The main thread's environment goes only when the process exits, and
//! then V8 goes too: its backing stores can no longer be freed (their
//! allocator is gone). Backing stores still held then, by views the main
//! thread never released or by objects C never freed, are left to the
//! exiting process ([`watch_teardown`]).

use std::cell::Cell;
use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use napi::sys;
use pybuffer::layout::LayoutError;
use pybuffer::objects::exceptions::Exc;

// ==========================================================================
// Threads
// ==========================================================================

/// The next thread number; 0 means "not yet numbered".
static NEXT_THREAD: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static THREAD: Cell<u64> = const { Cell::new(0) };
}

/// This thread's number, unique for the life of the process.
pub fn current_thread() -> u64 {
    THREAD.with(|t| match t.get() {
        0 => {
            let n = NEXT_THREAD.fetch_add(1, Ordering::Relaxed);
            t.set(n);
            n
        }
        n => n,
    })
}

/// The JS environment an exporter belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    thread: u64,
}

impl Owner {
    /// The environment of the calling thread, which must be a JS thread.
    pub fn current() -> Owner {
        Owner {
            thread: current_thread(),
        }
    }

    /// Whether the calling thread runs this environment.
    pub fn is_current(self) -> bool {
        current_thread() == self.thread
    }

    /// `Ok` on the owner's thread; otherwise the `BufferError` every
    /// access from elsewhere gets.
    pub fn check(self) -> Result<(), LayoutError> {
        if self.is_current() {
            Ok(())
        } else {
            Err(foreign())
        }
    }
}

/// The error for an exporter used outside the environment that made it.
pub fn foreign() -> LayoutError {
    (
        Exc::BufferError,
        "pybuffer.Exporter: this exporter of JS memory belongs to another JS environment (the main thread or a \
         worker that made it, which may have exited); it can only be used there"
            .into(),
    )
}

// ==========================================================================
// Lending exporters to an async call
// ==========================================================================
//
// An async extension call (`extension/asynccall.rs`) runs C on a libuv pool
// thread, where the exporters of its arguments are foreign: C's
// `PyObject_GetBuffer` on them would be refused. The call pins those
// exporters on its JS thread first (their memory checked attached, an
// export held so that `close()` is refused), then lends them to the pool
// thread for the duration of the C call: there, and only for them, views
// may be acquired. Nothing else of the JS environment is lent: the pool
// thread makes no napi call and touches no other exporter.

thread_local! {
    /// The exporters (addresses) lent to this thread by the async call it
    /// is running.
    static LENT: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Lends the exporters `objects` (pinned by the caller on their JS thread)
/// to the calling thread until the returned guard drops.
pub fn lend(objects: &[*mut pybuffer::ffi::PyObject]) -> Lent {
    LENT.with(|l| l.borrow_mut().extend(objects.iter().map(|&o| o as usize)));
    Lent {
        count: objects.len(),
        _not_send: std::marker::PhantomData,
    }
}

/// Whether the exporter `object` is lent to the calling thread.
pub fn is_lent(object: *const pybuffer::ffi::PyObject) -> bool {
    LENT.with(|l| l.borrow().contains(&(object as usize)))
}

/// Exporters lent to this thread; the loan ends when it drops.
#[must_use = "the loan ends when the guard is dropped"]
pub struct Lent {
    count: usize,
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Drop for Lent {
    fn drop(&mut self) {
        LENT.with(|l| {
            let mut l = l.borrow_mut();
            let keep = l.len().saturating_sub(self.count);
            l.truncate(keep);
        });
    }
}

// ==========================================================================
// Teardown
// ==========================================================================

/// Set when the main thread's environment is torn down: the process is
/// exiting, and V8 with it.
static EXITING: AtomicBool = AtomicBool::new(false);

/// Whether the calling thread is the process's main thread (the one that
/// runs Node's main environment).
fn is_main_thread() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: plain system calls.
        unsafe { libc::gettid() == libc::getpid() }
    }
    #[cfg(not(target_os = "linux"))]
    {
        // Elsewhere every teardown counts: backing stores then leak after a
        // worker's end, which is safe.
        true
    }
}

unsafe extern "C" fn on_teardown(_arg: *mut c_void) {
    if is_main_thread() {
        EXITING.store(true, Ordering::Release);
    }
}

/// Watches `env`'s teardown (called once per environment, when the addon
/// is loaded into it).
///
/// # Safety
/// `env` must be the current env.
pub unsafe fn watch_teardown(env: sys::napi_env) -> napi::Result<()> {
    // SAFETY: the current env; the hook takes no data.
    let status = unsafe { sys::napi_add_env_cleanup_hook(env, Some(on_teardown), ptr::null_mut()) };
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::new(
            napi::Status::GenericFailure,
            format!("napi_add_env_cleanup_hook failed with status {status}"),
        ))
    }
}

// ==========================================================================
// Backing stores
// ==========================================================================

unsafe extern "C" {
    fn pybuffer_backing_store_retain(
        buffer: *mut c_void,
        shared: c_int,
        data: *mut *mut c_void,
        length: *mut usize,
    ) -> *mut c_void;
    fn pybuffer_backing_store_release(handle: *mut c_void);
}

/// One reference to the V8 backing store of an ArrayBuffer or
/// SharedArrayBuffer: its memory stays allocated while this exists.
#[derive(Debug)]
pub struct BackingStore {
    handle: *mut c_void,
    data: *mut u8,
    len: usize,
}

// SAFETY: a backing store's reference count is atomic and its memory is
// freed by whichever thread drops the last reference (V8 shares backing
// stores between threads for SharedArrayBuffers).
unsafe impl Send for BackingStore {}
// SAFETY: as above; `&BackingStore` only reads the address and length.
unsafe impl Sync for BackingStore {}

impl BackingStore {
    /// A reference to the backing store of `buffer`, an ArrayBuffer or a
    /// SharedArrayBuffer. None when the host is not V8 (no backing store
    /// API) or memory runs out.
    ///
    /// # Safety
    /// `env` must be the current env and `buffer` an ArrayBuffer or
    /// SharedArrayBuffer value of its current scope.
    pub unsafe fn retain(env: sys::napi_env, buffer: sys::napi_value) -> Option<BackingStore> {
        let mut plain = false;
        // SAFETY: a value of the current scope.
        let status = unsafe { sys::napi_is_arraybuffer(env, buffer, &mut plain) };
        if status != sys::Status::napi_ok {
            return None;
        }
        let (mut data, mut len) = (ptr::null_mut(), 0usize);
        // SAFETY: `buffer` is an ArrayBuffer (`plain`) or else, per the
        // contract, a SharedArrayBuffer, on its own thread in a handle scope.
        let handle = unsafe {
            pybuffer_backing_store_retain(buffer.cast(), (!plain) as c_int, &mut data, &mut len)
        };
        (!handle.is_null()).then_some(BackingStore {
            handle,
            data: data.cast(),
            len,
        })
    }

    /// Whether `[p, p + n)` lies inside this backing store's memory.
    pub fn contains(&self, p: *const u8, n: usize) -> bool {
        let (start, p) = (self.data as usize, p as usize);
        n == 0 || (p >= start && p.checked_add(n).is_some_and(|end| end <= start + self.len))
    }
}

impl Drop for BackingStore {
    fn drop(&mut self) {
        if EXITING.load(Ordering::Acquire) {
            // V8 is gone: the process's exit frees the memory.
            return;
        }
        // SAFETY: a reference made by `retain`, dropped once.
        unsafe { pybuffer_backing_store_release(self.handle) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_numbered_once_and_never_again() {
        let here = Owner::current();
        assert!(here.is_current());
        assert_eq!(current_thread(), current_thread());
        let there = std::thread::spawn(move || (Owner::current(), here.check().is_err()))
            .join()
            .unwrap();
        assert_ne!(there.0, here);
        assert!(there.1, "another thread is refused");
        assert!(!there.0.is_current());
        assert_eq!(there.0.check().unwrap_err().0, Exc::BufferError);
    }

    #[test]
    fn loans_last_while_their_guard_and_stay_on_their_thread() {
        // Loans compare addresses only: two distinct ones do.
        let a = std::ptr::dangling_mut::<pybuffer::ffi::PyObject>();
        let b = a.wrapping_add(1);
        assert!(!is_lent(a));
        {
            let _outer = lend(&[a]);
            {
                let _inner = lend(&[b, a]);
                assert!(is_lent(a) && is_lent(b));
                let (ua, ub) = (a as usize, b as usize);
                let elsewhere = std::thread::spawn(move || {
                    is_lent(ua as *const pybuffer::ffi::PyObject)
                        || is_lent(ub as *const pybuffer::ffi::PyObject)
                });
                assert!(
                    !elsewhere.join().unwrap(),
                    "a loan is the lending thread's only"
                );
            }
            assert!(is_lent(a), "the outer loan remains");
            assert!(!is_lent(b));
        }
        assert!(!is_lent(a));
    }
}
