//! `PyObjectHandle`: a JS object that owns one reference to a PyObject.
//!
//! This is how a PyObject reaches JS: an exporter made by `exporter()`, or
//! any object C code hands to JS (`PyObjectHandle::from_owned`). The
//! reference is dropped when the handle is garbage-collected (napi-rs runs
//! `Drop` in the object's finalizer, on the JS thread) or earlier by
//! `dispose()`.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use pybuffer::ffi::{PyObject, PyTypeObject};
use pybuffer::objects::exceptions::Exc;
use pybuffer::objects::object;

use crate::errors;

/// An owned reference to a PyObject.
#[napi]
pub struct PyObjectHandle {
    ptr: *mut PyObject,
    /// This handle's entry in [`SLOTS`], once it has one (0 before).
    slot: f64,
}

// --------------------------------------------------------------------------
// Slots: numeric names for live handles
// --------------------------------------------------------------------------
//
// Passing a class instance to a napi-rs function costs a borrow-tracking
// round trip through a global map; the hot path (`viewAcquire`) takes a
// number instead. A handle registers itself here on first use and leaves
// when it is dropped or disposed; each slot has a generation, so a number
// that outlived its handle (or was made up) finds nothing. The table is per
// JS thread, like the handles.

const INDEX_BITS: u32 = 24;
const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;
const MAX_GEN: u32 = 1 << 29;

#[derive(Default)]
struct Slots {
    entries: Vec<(u32, *mut PyObject)>,
    free: Vec<u32>,
}

thread_local! {
    static SLOTS: std::cell::RefCell<Slots> = std::cell::RefCell::new(Slots::default());
}

fn decode(id: f64) -> Option<(usize, u32)> {
    // A whole number in [0, 2**53): the cast back to f64 is exact only
    // then (cheaper than `fract`, a libm call).
    let v = id as u64;
    if !(0.0..9_007_199_254_740_992.0).contains(&id) || v as f64 != id {
        return None;
    }
    Some(((v & INDEX_MASK) as usize, (v >> INDEX_BITS) as u32))
}

fn register(ptr: *mut PyObject) -> Result<f64> {
    SLOTS.with(|s| {
        let mut s = s.borrow_mut();
        let index = match s.free.pop() {
            Some(i) => i,
            None => {
                let i = s.entries.len() as u64;
                if i > INDEX_MASK {
                    return Err(errors::raise(
                        Exc::MemoryError,
                        "too many live PyObject handles",
                    ));
                }
                s.entries.push((0, std::ptr::null_mut()));
                i as u32
            }
        };
        let entry = &mut s.entries[index as usize];
        entry.0 = if entry.0 + 1 >= MAX_GEN {
            1
        } else {
            entry.0 + 1
        };
        entry.1 = ptr;
        Ok(((entry.0 as u64) << INDEX_BITS | index as u64) as f64)
    })
}

fn unregister(id: f64) {
    let Some((index, generation)) = decode(id) else {
        return;
    };
    // try_with: a handle dropped while the thread's locals are torn down.
    let _ = SLOTS.try_with(|s| {
        let mut s = s.borrow_mut();
        let live = matches!(s.entries.get(index), Some(e) if e.0 == generation && !e.1.is_null());
        if live {
            s.entries[index].1 = std::ptr::null_mut();
            s.free.push(index as u32);
        }
    });
}

/// The object of the live handle whose slot is `id` (borrowed: the handle
/// owns the reference), or a BufferError.
pub fn from_slot(id: f64) -> Result<*mut PyObject> {
    let found = decode(id).and_then(|(index, generation)| {
        SLOTS.with(|s| {
            s.borrow()
                .entries
                .get(index)
                .filter(|e| e.0 == generation && !e.1.is_null())
                .map(|e| e.1)
        })
    });
    found.ok_or_else(|| errors::raise(Exc::BufferError, "the PyObject handle was disposed"))
}

impl PyObjectHandle {
    /// Wraps an owned (new) reference; the handle drops it.
    ///
    /// # Safety
    /// `ptr` must be a live object and the caller must own the reference it
    /// gives away.
    pub unsafe fn from_owned(ptr: *mut PyObject) -> Self {
        PyObjectHandle { ptr, slot: 0.0 }
    }

    /// Wraps a borrowed reference, taking a new one.
    ///
    /// # Safety
    /// `ptr` must be a live object.
    pub unsafe fn from_borrowed(ptr: *mut PyObject) -> Self {
        // SAFETY: live per the contract.
        unsafe { object::Py_IncRef(ptr) };
        PyObjectHandle { ptr, slot: 0.0 }
    }

    /// The object (borrowed), or a BufferError once disposed.
    pub fn get(&self) -> Result<*mut PyObject> {
        if self.ptr.is_null() {
            Err(errors::raise(
                Exc::BufferError,
                "the PyObject handle was disposed",
            ))
        } else {
            Ok(self.ptr)
        }
    }

    /// The object (borrowed), or NULL once disposed.
    pub fn as_ptr(&self) -> *mut PyObject {
        self.ptr
    }
}

/// How [`PyObjectHandle::type_name`] sees through a wrapper to the object
/// it stands for. The extension layer wraps an extension's objects (to keep
/// its library loaded) and registers this when it loads one; handles come
/// before it in the layering and know no wrappers themselves.
static SEE_THROUGH: std::sync::OnceLock<unsafe fn(*mut PyObject) -> *mut PyObject> =
    std::sync::OnceLock::new();

/// Registers the function [`SEE_THROUGH`] holds (the first one stays).
pub(crate) fn see_through(f: unsafe fn(*mut PyObject) -> *mut PyObject) {
    let _ = SEE_THROUGH.set(f);
}

impl Drop for PyObjectHandle {
    fn drop(&mut self) {
        unregister(std::mem::take(&mut self.slot));
        let ptr = std::mem::replace(&mut self.ptr, std::ptr::null_mut());
        // SAFETY: the handle owned this reference.
        unsafe { object::Py_DecRef(ptr) };
    }
}

#[napi]
impl PyObjectHandle {
    /// The object's type name, as Python prints it (`"pybuffer.Exporter"`,
    /// `"memoryview"`, …). Empty once disposed.
    #[napi(getter)]
    pub fn type_name(&self) -> String {
        if self.ptr.is_null() {
            return String::new();
        }
        let obj = match SEE_THROUGH.get() {
            // SAFETY: a live object.
            Some(f) => unsafe { f(self.ptr) },
            None => self.ptr,
        };
        // SAFETY: a live object; types outlive their instances.
        let ty: *mut PyTypeObject = unsafe { (*obj).ob_type };
        // SAFETY: a live type object.
        let name = unsafe { (*ty).tp_name };
        if name.is_null() {
            return "<unnamed>".into();
        }
        // SAFETY: tp_name is NUL-terminated.
        unsafe { std::ffi::CStr::from_ptr(name) }
            .to_string_lossy()
            .into_owned()
    }

    /// The object's reference count (0 once disposed), for diagnostics.
    #[napi(getter)]
    pub fn refcnt(&self) -> i64 {
        if self.ptr.is_null() {
            return 0;
        }
        // SAFETY: a live object.
        unsafe { object::Py_REFCNT(self.ptr) as i64 }
    }

    /// A number naming this handle for as long as it is alive (see
    /// [`from_slot`]), registered on first use.
    #[napi(getter)]
    pub fn slot(&mut self) -> Result<f64> {
        if self.slot == 0.0 {
            self.slot = register(self.get()?)?;
        }
        Ok(self.slot)
    }

    /// Whether `dispose()` has run.
    #[napi(getter)]
    pub fn disposed(&self) -> bool {
        self.ptr.is_null()
    }

    /// Drops the reference now instead of at garbage collection. Views of
    /// the object keep their own references. A second call does nothing.
    #[napi]
    pub fn dispose(&mut self) {
        unregister(std::mem::take(&mut self.slot));
        let ptr = std::mem::replace(&mut self.ptr, std::ptr::null_mut());
        // SAFETY: the handle owned this reference.
        unsafe { object::Py_DecRef(ptr) };
    }
}
