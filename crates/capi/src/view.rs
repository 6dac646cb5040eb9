//! A typed, safe Rust wrapper over an acquired `Py_buffer`.
//!
//! [`BufferView`] owns one export: it is acquired with `PyObject_GetBuffer`
//! and released exactly once, by [`BufferView::release`] or on drop. Every
//! method checks what the raw API leaves to its caller and returns a
//! [`PyErrInfo`] naming the problem instead of touching memory it should not.

use std::ffi::{CStr, c_char};

use crate::buffer::{
    PyBuffer_FromContiguous, PyBuffer_GetPointer, PyBuffer_IsContiguous, PyBuffer_Release,
    PyBuffer_ToContiguous, PyObject_GetBuffer,
};
use crate::ffi::{Py_buffer, PyObject};
use crate::layout::OrderArg;
use crate::objects::exceptions::Exc;
use crate::python::errors::{PyErrInfo, raise, take_error};

/// One acquired buffer export. Released on drop.
#[derive(Debug)]
pub struct BufferView {
    raw: Box<Py_buffer>,
    released: bool,
}

// SAFETY: releasing a view only touches atomic refcounts and the exporter's
// release proc, which pybuffer's exporters make thread-safe; the Py_buffer
// is owned by this value.
unsafe impl Send for BufferView {}

/// Takes the pending error, or a SystemError if the C layer failed silently.
fn error() -> PyErrInfo {
    take_error().unwrap_or_else(|| {
        raise(Exc::SystemError, "error return without exception set");
        take_error().expect("an error was just raised")
    })
}

fn released_error() -> PyErrInfo {
    raise(Exc::ValueError, "operation forbidden on released buffer");
    error()
}

fn order_char(order: OrderArg) -> c_char {
    (match order {
        OrderArg::C => b'C',
        OrderArg::F => b'F',
        OrderArg::A => b'A',
    }) as c_char
}

impl BufferView {
    /// Acquires a view of `obj` with the `PyBUF_*` request `flags`.
    ///
    /// Fails with the exporter's error (e.g. `BufferError` for a writable
    /// request on a read-only exporter, `TypeError` if `obj` exports no
    /// buffer).
    ///
    /// # Safety
    /// `obj` must be a live object.
    pub unsafe fn acquire(obj: *mut PyObject, flags: i32) -> Result<BufferView, PyErrInfo> {
        let mut raw = Box::new(Py_buffer::zeroed());
        // SAFETY: live per the contract; the box gives the view a stable
        // address, which exporters may point into.
        if unsafe { PyObject_GetBuffer(obj, &mut *raw, flags) } != 0 {
            return Err(error());
        }
        Ok(BufferView {
            raw,
            released: false,
        })
    }

    /// The raw view, for passing to C.
    pub fn as_raw(&self) -> *const Py_buffer {
        &*self.raw
    }

    /// Whether [`release`](Self::release) has run.
    pub fn is_released(&self) -> bool {
        self.released
    }

    fn live(&self) -> Result<&Py_buffer, PyErrInfo> {
        if self.released {
            Err(released_error())
        } else {
            Ok(&self.raw)
        }
    }

    /// The exporting object (borrowed), or NULL once released.
    pub fn obj(&self) -> *mut PyObject {
        self.raw.obj
    }
    /// Start of the buffer.
    pub fn buf(&self) -> *mut u8 {
        self.raw.buf as *mut u8
    }
    /// Total bytes of the logical structure.
    pub fn len(&self) -> isize {
        self.raw.len
    }
    /// True when the view has no bytes.
    pub fn is_empty(&self) -> bool {
        self.raw.len == 0
    }
    /// Bytes per item.
    pub fn itemsize(&self) -> isize {
        self.raw.itemsize
    }
    /// Whether writes are forbidden.
    pub fn readonly(&self) -> bool {
        self.raw.readonly != 0
    }
    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        self.raw.ndim.max(0) as usize
    }
    /// The item format, or None where the request left it out ("B").
    pub fn format(&self) -> Option<&CStr> {
        // SAFETY: a non-NULL format is NUL-terminated and lives as long as
        // the export.
        (!self.raw.format.is_null()).then(|| unsafe { CStr::from_ptr(self.raw.format) })
    }
    fn array(&self, p: *mut isize) -> Option<&[isize]> {
        // SAFETY: a non-NULL array holds `ndim` entries for the export's life.
        (!p.is_null()).then(|| unsafe { std::slice::from_raw_parts(p, self.ndim()) })
    }
    /// The shape, or None where the request left it out.
    pub fn shape(&self) -> Option<&[isize]> {
        self.array(self.raw.shape)
    }
    /// The strides, or None where the request left them out.
    pub fn strides(&self) -> Option<&[isize]> {
        self.array(self.raw.strides)
    }
    /// The suboffsets, or None for a direct buffer.
    pub fn suboffsets(&self) -> Option<&[isize]> {
        self.array(self.raw.suboffsets)
    }

    /// `PyBuffer_IsContiguous`. Fails only when the view was released.
    pub fn is_contiguous(&self, order: OrderArg) -> Result<bool, PyErrInfo> {
        let raw = self.live()?;
        // SAFETY: a live, exporter-filled view.
        Ok(unsafe { PyBuffer_IsContiguous(raw, order_char(order)) } == 1)
    }

    /// `PyBuffer_GetPointer`: the address of the item at `indices`.
    ///
    /// Fails with `IndexError` for a wrong number of indices or one out of
    /// range.
    pub fn get_pointer(&self, indices: &[isize]) -> Result<*mut u8, PyErrInfo> {
        let raw = self.live()?;
        if indices.len() != self.ndim() {
            raise(
                Exc::IndexError,
                format!("expected {} indices, got {}", self.ndim(), indices.len()),
            );
            return Err(error());
        }
        // SAFETY: a live view and `ndim` indices.
        let p = unsafe { PyBuffer_GetPointer(raw, indices.as_ptr()) };
        if p.is_null() {
            Err(error())
        } else {
            Ok(p as *mut u8)
        }
    }

    /// `PyBuffer_ToContiguous` into a new vector.
    pub fn to_contiguous(&self, order: OrderArg) -> Result<Vec<u8>, PyErrInfo> {
        let mut out = vec![0u8; self.live()?.len.max(0) as usize];
        self.to_contiguous_into(&mut out, order)?;
        Ok(out)
    }

    /// `PyBuffer_ToContiguous` into `out`, which must be exactly `len()`
    /// bytes (`ValueError` otherwise).
    pub fn to_contiguous_into(&self, out: &mut [u8], order: OrderArg) -> Result<(), PyErrInfo> {
        let raw = self.live()?;
        let len = isize::try_from(out.len()).unwrap_or(-1);
        // SAFETY: `out` is writable for `len` bytes; the C function checks
        // that it matches the view.
        let rc =
            unsafe { PyBuffer_ToContiguous(out.as_mut_ptr().cast(), raw, len, order_char(order)) };
        if rc == 0 { Ok(()) } else { Err(error()) }
    }

    /// `PyBuffer_FromContiguous` from `src`, read in `order`.
    ///
    /// Unlike the C function, which silently copies a prefix, a `src` of a
    /// length other than `len()` fails with `ValueError`; a read-only view
    /// fails with `BufferError`.
    pub fn from_contiguous(&self, src: &[u8], order: OrderArg) -> Result<(), PyErrInfo> {
        let raw = self.live()?;
        if src.len() as isize != raw.len {
            raise(
                Exc::ValueError,
                format!(
                    "source has {} bytes but the view has {}",
                    src.len(),
                    raw.len
                ),
            );
            return Err(error());
        }
        // SAFETY: `src` is readable for its length.
        let rc = unsafe {
            PyBuffer_FromContiguous(
                raw,
                src.as_ptr().cast(),
                src.len() as isize,
                order_char(order),
            )
        };
        if rc == 0 { Ok(()) } else { Err(error()) }
    }

    /// Releases the export now. A second call does nothing.
    pub fn release(&mut self) {
        if !self.released {
            self.released = true;
            // SAFETY: the view was filled by `acquire` and is released once.
            unsafe { PyBuffer_Release(&mut *self.raw) };
        }
    }
}

impl Drop for BufferView {
    fn drop(&mut self) {
        self.release();
    }
}
