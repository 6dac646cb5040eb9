//! A typed, safe Rust wrapper over an acquired `Py_buffer`.
//!
//! [`BufferView`] owns one export: it is acquired with `PyObject_GetBuffer`
//! and released exactly once, by [`BufferView::release`] or on drop. Every
//! method checks what the raw API leaves to its caller and returns a
//! [`PyErrInfo`] naming the problem instead of touching memory it should not.

use std::cell::UnsafeCell;
use std::ffi::{CStr, CString, c_char};
use std::sync::Arc;

use crate::buffer::{
    PyBuffer_FromContiguous, PyBuffer_GetPointer, PyBuffer_IsContiguous, PyBuffer_Release,
    PyBuffer_ToContiguous, PyObject_GetBuffer,
};
use crate::ffi::{Py_buffer, PyObject};
use crate::layout::OrderArg;
use crate::objects::exceptions::Exc;
use crate::python::errors::{PyErrInfo, raise, take_error};

/// One acquired buffer export: the `Py_buffer` the exporter filled in,
/// released when the last view presenting it (the acquired one and any
/// derived from it) is released.
///
/// The `Py_buffer` lives inside the `Arc`'s one allocation (a stable
/// address, which exporters may point into), in an `UnsafeCell`: C writes
/// it when filling it in and when releasing it, while Rust only reads it in
/// between.
#[derive(Debug)]
struct Export {
    raw: UnsafeCell<Py_buffer>,
}

// SAFETY: releasing an export only touches atomic refcounts and the
// exporter's release proc, which pybuffer's exporters make thread-safe. No
// method of `&Export` writes: sharing it only shares reads of the fields.
unsafe impl Send for Export {}
// SAFETY: as above; the fields are read-only once acquired.
unsafe impl Sync for Export {}

impl Export {
    /// The filled-in view. Nothing writes it until the export is dropped.
    fn view(&self) -> &Py_buffer {
        // SAFETY: written only by `PyObject_GetBuffer` before the export
        // was shared and by `drop`, which has it exclusively.
        unsafe { &*self.raw.get() }
    }
}

impl Drop for Export {
    fn drop(&mut self) {
        // SAFETY: the view was filled by `PyObject_GetBuffer` and this is
        // its only release: the last owner of the export is going away.
        // (A refused export has no `obj`: releasing it does nothing.)
        unsafe { PyBuffer_Release(self.raw.get()) };
    }
}

/// A layout derived from an export (a slice, a permutation, a cast): its
/// own `Py_buffer`, pointing into the export's memory and into the arrays
/// and format held here. `obj` is the export's object, borrowed: the
/// export's own reference keeps it alive, and this `Py_buffer` is never
/// handed to `PyBuffer_Release`.
#[derive(Debug)]
struct Derived {
    raw: Py_buffer,
    _shape: Box<[isize]>,
    _strides: Box<[isize]>,
    _suboffsets: Option<Box<[isize]>>,
    _format: CString,
}

/// One acquired buffer export, or a view derived from one. Released on
/// drop; an export is released with the last view presenting it.
#[derive(Debug)]
pub struct BufferView {
    export: Option<Arc<Export>>,
    derived: Option<Box<Derived>>,
}

// SAFETY: the export is Send and Sync; a derived layout is owned by this
// value and only points into memory the export keeps alive.
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

/// What a released view reads as: no object, no memory, no items.
struct ReleasedView(Py_buffer);
// SAFETY: all NULL and zero, and never written: nothing to race on.
unsafe impl Sync for ReleasedView {}
static RELEASED: ReleasedView = ReleasedView(Py_buffer::zeroed());

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
        let export = Arc::new(Export {
            raw: UnsafeCell::new(Py_buffer::zeroed()),
        });
        // SAFETY: live per the contract; the export is not shared yet.
        if unsafe { PyObject_GetBuffer(obj, export.raw.get(), flags) } != 0 {
            // A refused export holds nothing to release, whatever the
            // exporter left in `obj`.
            // SAFETY: still not shared.
            unsafe { (*export.raw.get()).obj = std::ptr::null_mut() };
            return Err(error());
        }
        Ok(BufferView {
            export: Some(export),
            derived: None,
        })
    }

    /// The view as C sees it: the derived layout, or the export itself.
    /// A released view reads as an empty one with no object.
    fn view(&self) -> &Py_buffer {
        match (&self.export, &self.derived) {
            (Some(_), Some(d)) => &d.raw,
            (Some(e), None) => e.view(),
            (None, _) => &RELEASED.0,
        }
    }

    /// The raw view, for passing to C.
    pub fn as_raw(&self) -> *const Py_buffer {
        self.view()
    }

    /// Whether [`release`](Self::release) has run.
    pub fn is_released(&self) -> bool {
        self.export.is_none()
    }

    fn live(&self) -> Result<&Py_buffer, PyErrInfo> {
        if self.is_released() {
            Err(released_error())
        } else {
            Ok(self.view())
        }
    }

    /// The exporting object (borrowed), or NULL once released.
    pub fn obj(&self) -> *mut PyObject {
        self.view().obj
    }
    /// Start of the buffer.
    pub fn buf(&self) -> *mut u8 {
        self.view().buf as *mut u8
    }
    /// Total bytes of the logical structure.
    pub fn len(&self) -> isize {
        self.view().len
    }
    /// True when the view has no bytes.
    pub fn is_empty(&self) -> bool {
        self.view().len == 0
    }
    /// Bytes per item.
    pub fn itemsize(&self) -> isize {
        self.view().itemsize
    }
    /// Whether writes are forbidden.
    pub fn readonly(&self) -> bool {
        self.view().readonly != 0
    }
    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        self.view().ndim.max(0) as usize
    }
    /// The item format, or None where the request left it out ("B").
    pub fn format(&self) -> Option<&CStr> {
        let p = self.view().format;
        // SAFETY: a non-NULL format is NUL-terminated and lives as long as
        // the export (or the derived layout holding it).
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) })
    }
    fn array(&self, p: *mut isize) -> Option<&[isize]> {
        // SAFETY: a non-NULL array holds `ndim` entries for the export's life.
        (!p.is_null()).then(|| unsafe { std::slice::from_raw_parts(p, self.ndim()) })
    }
    /// The shape, or None where the request left it out.
    pub fn shape(&self) -> Option<&[isize]> {
        self.array(self.view().shape)
    }
    /// The strides, or None where the request left them out.
    pub fn strides(&self) -> Option<&[isize]> {
        self.array(self.view().strides)
    }
    /// The suboffsets, or None for a direct buffer.
    pub fn suboffsets(&self) -> Option<&[isize]> {
        self.array(self.view().suboffsets)
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

    /// Releases the view now: the export too, unless views derived from
    /// it (or the view it was derived from) still present it. A second call
    /// does nothing.
    pub fn release(&mut self) {
        self.derived = None;
        // Dropping the last Arc releases the export (`Export::drop`).
        self.export = None;
    }
}

impl Drop for BufferView {
    fn drop(&mut self) {
        self.release();
    }
}

// ==========================================================================
// Derived views
// ==========================================================================

/// One dimension's part of [`BufferView::slice`]: Python's
/// `slice(start, stop, step)`, where None is an omitted bound.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SliceArg {
    /// The first index, or None for the start (the end for a negative step).
    pub start: Option<isize>,
    /// The index to stop before, or None to run to the end (the start for a negative step).
    pub stop: Option<isize>,
    /// The step, or None for 1; never 0.
    pub step: Option<isize>,
}

/// `PySlice_Unpack` + `PySlice_AdjustIndices`: the first index, the step
/// and the number of items a slice selects from `length` items, with
/// Python's clamping and negative indices. `ValueError` for a zero step.
pub fn slice_indices(s: SliceArg, length: isize) -> Result<(isize, isize, isize), PyErrInfo> {
    let step = s.step.unwrap_or(1);
    if step == 0 {
        return Err(fail(Exc::ValueError, "slice step cannot be zero"));
    }
    // Python clamps a step below -PY_SSIZE_T_MAX so that -step cannot overflow.
    let step = step.max(-isize::MAX);
    let back = step < 0;
    let clamp = |i: isize| -> isize {
        if i < 0 {
            let i = i.saturating_add(length);
            if i < 0 { if back { -1 } else { 0 } } else { i }
        } else if i >= length {
            if back { length - 1 } else { length }
        } else {
            i
        }
    };
    let start = clamp(s.start.unwrap_or(if back { isize::MAX } else { 0 }));
    let stop = clamp(s.stop.unwrap_or(if back { isize::MIN } else { isize::MAX }));
    let count = if back {
        if stop < start {
            (start - stop - 1) / -step + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start, step, count))
}

fn fail(kind: Exc, message: impl Into<String>) -> PyErrInfo {
    raise(kind, message);
    error()
}

/// The full layout of a view, with what the request left out filled in as
/// CPython's memoryview sees it: format `B`, the shape `[len / itemsize]`
/// of a 1-D view, C-contiguous strides.
struct Fields {
    buf: *mut u8,
    itemsize: isize,
    shape: Vec<isize>,
    strides: Vec<isize>,
    suboffsets: Option<Vec<isize>>,
    format: CString,
}

impl BufferView {
    fn fields(&self) -> Result<Fields, PyErrInfo> {
        let raw = self.live()?;
        let ndim = self.ndim();
        let itemsize = raw.itemsize;
        let shape = match self.shape() {
            Some(s) => s.to_vec(),
            None if ndim == 0 => Vec::new(),
            None if itemsize > 0 => vec![raw.len / itemsize],
            None => return Err(fail(Exc::BufferError, "the view has no shape")),
        };
        let strides = match self.strides() {
            Some(s) => s.to_vec(),
            None => crate::layout::contiguous_strides_checked(
                &shape,
                itemsize.max(1),
                OrderArg::C.packed(),
            )
            .map_err(|(kind, message)| fail(kind, message))?,
        };
        let format = match self.format() {
            Some(f) => f.to_owned(),
            None if itemsize == 1 => c"B".to_owned(),
            None => CString::new(format!("{itemsize}s")).expect("no NUL in a number"),
        };
        Ok(Fields {
            buf: self.buf(),
            itemsize,
            shape,
            strides,
            suboffsets: self.suboffsets().map(<[isize]>::to_vec),
            format,
        })
    }

    /// A new view presenting `f` over this view's export, which it keeps
    /// acquired.
    fn derive(&self, f: Fields) -> Result<BufferView, PyErrInfo> {
        let export = self.export.clone().ok_or_else(released_error)?;
        let len = crate::layout::checked_len(&f.shape, f.itemsize).map_err(|(k, m)| fail(k, m))?;
        let base = self.view();
        let shape = f.shape.into_boxed_slice();
        let strides = f.strides.into_boxed_slice();
        let suboffsets = f.suboffsets.map(Vec::into_boxed_slice);
        let raw = Py_buffer {
            buf: f.buf.cast(),
            obj: base.obj,
            len,
            itemsize: f.itemsize,
            readonly: base.readonly,
            ndim: shape.len() as i32,
            format: f.format.as_ptr() as *mut c_char,
            shape: if shape.is_empty() {
                std::ptr::null_mut()
            } else {
                shape.as_ptr() as *mut isize
            },
            strides: if strides.is_empty() {
                std::ptr::null_mut()
            } else {
                strides.as_ptr() as *mut isize
            },
            suboffsets: suboffsets
                .as_ref()
                .map_or(std::ptr::null_mut(), |s| s.as_ptr() as *mut isize),
            internal: std::ptr::null_mut(),
        };
        Ok(BufferView {
            export: Some(export),
            derived: Some(Box::new(Derived {
                raw,
                _shape: shape,
                _strides: strides,
                _suboffsets: suboffsets,
                _format: f.format,
            })),
        })
    }

    /// A view of the items `slices` select, one slice per leading
    /// dimension (the others whole), as `memoryview`'s slicing selects them
    /// along its first: no copy, the same export. `IndexError` for more
    /// slices than dimensions, `ValueError` for a zero step.
    pub fn slice(&self, slices: &[SliceArg]) -> Result<BufferView, PyErrInfo> {
        let mut f = self.fields()?;
        if slices.len() > f.shape.len() {
            return Err(fail(
                Exc::IndexError,
                format!(
                    "too many slices: {} for a {}-dimensional view",
                    slices.len(),
                    f.shape.len()
                ),
            ));
        }
        for (dim, &s) in slices.iter().enumerate() {
            let (start, step, count) = slice_indices(s, f.shape[dim])?;
            let stride = f.strides[dim];
            let shift = stride.checked_mul(start);
            let new_stride = stride.checked_mul(step);
            let (Some(shift), Some(new_stride)) = (shift, new_stride) else {
                return Err(fail(
                    Exc::OverflowError,
                    format!("slice of dimension {dim}: the new stride overflows"),
                ));
            };
            // As memoryview does: the first item moves by `start` steps, in
            // `buf`, or (past an indirect dimension) in the suboffset of the
            // nearest indirect dimension before this one.
            let indirect = match &f.suboffsets {
                Some(so) if dim > 0 => (0..dim).rev().find(|&n| so[n] >= 0),
                _ => None,
            };
            match (indirect, f.suboffsets.as_mut()) {
                (Some(n), Some(so)) => {
                    so[n] = so[n]
                        .checked_add(shift)
                        .ok_or_else(|| fail(Exc::OverflowError, "slice: suboffset overflows"))?;
                }
                _ => f.buf = f.buf.wrapping_offset(if count == 0 { 0 } else { shift }),
            }
            f.shape[dim] = count;
            f.strides[dim] = new_stride;
        }
        self.derive(f)
    }

    /// A view with its dimensions reordered: dimension `i` of the result is
    /// dimension `axes[i]` of this one (negative axes count from the end).
    /// `ValueError` unless `axes` names each dimension once; `BufferError`
    /// for indirect (suboffset) dimensions, whose order is their meaning.
    pub fn permute(&self, axes: &[isize]) -> Result<BufferView, PyErrInfo> {
        let f = self.fields()?;
        let ndim = f.shape.len();
        let bad = || {
            fail(
                Exc::ValueError,
                format!("permute: axes {axes:?} are not a permutation of the {ndim} dimensions"),
            )
        };
        if axes.len() != ndim {
            return Err(bad());
        }
        let mut seen = vec![false; ndim];
        let mut order = Vec::with_capacity(ndim);
        for &a in axes {
            let i = if a < 0 { a + ndim as isize } else { a };
            if i < 0 || i >= ndim as isize || seen[i as usize] {
                return Err(bad());
            }
            seen[i as usize] = true;
            order.push(i as usize);
        }
        if f.suboffsets
            .as_ref()
            .is_some_and(|so| so.iter().any(|&o| o >= 0))
        {
            return Err(fail(
                Exc::BufferError,
                "permute: a view with indirect (suboffset) dimensions cannot be reordered",
            ));
        }
        let g = Fields {
            shape: order.iter().map(|&i| f.shape[i]).collect(),
            strides: order.iter().map(|&i| f.strides[i]).collect(),
            suboffsets: f
                .suboffsets
                .as_ref()
                .map(|so| order.iter().map(|&i| so[i]).collect()),
            ..f
        };
        self.derive(g)
    }

    /// `memoryview.cast(format, shape)`, with its rules and messages: a
    /// C-contiguous view, 1-D -> N-D or N-D -> 1-D, one side a byte format
    /// (`b`, `B`, `c`), the destination a native single-character format,
    /// and the same number of bytes. `shape` None casts to 1-D.
    pub fn cast(&self, format: &str, shape: Option<&[isize]>) -> Result<BufferView, PyErrInfo> {
        let f = self.fields()?;
        let ndim = f.shape.len();
        // memoryview's own C-contiguity (init_flags): a 1-D view is
        // contiguous when its one item or its stride says so, which an
        // empty view with another stride is not.
        let c_contiguous = f.suboffsets.is_none()
            && match ndim {
                0 => true,
                1 => f.shape[0] == 1 || f.strides[0] == f.itemsize,
                _ => self.is_contiguous(OrderArg::C)?,
            };
        if !c_contiguous {
            return Err(fail(
                Exc::TypeError,
                "memoryview: casts are restricted to C-contiguous views",
            ));
        }
        if (shape.is_some() || ndim != 1) && f.shape.contains(&0) {
            return Err(fail(
                Exc::TypeError,
                "memoryview: cannot cast view with zeros in shape or strides",
            ));
        }
        if let Some(s) = shape {
            if s.len() > crate::ffi::PyBUF_MAX_NDIM as usize {
                return Err(fail(
                    Exc::ValueError,
                    "memoryview: number of dimensions must not exceed 64",
                ));
            }
            if ndim != 1 && s.len() != 1 {
                return Err(fail(
                    Exc::TypeError,
                    "memoryview: cast must be 1D -> ND or ND -> 1D",
                ));
            }
        }
        let Some((dest, itemsize)) = native_single_char(format.as_bytes()) else {
            return Err(fail(
                Exc::ValueError,
                "memoryview: destination format must be a native single character format prefixed with an optional '@'",
            ));
        };
        let is_byte = |c: u8| matches!(c, b'b' | b'B' | b'c');
        let src_byte = native_single_char(f.format.as_bytes()).is_some_and(|(c, _)| is_byte(c));
        if !src_byte && !is_byte(dest) {
            return Err(fail(
                Exc::TypeError,
                "memoryview: cannot cast between two non-byte formats",
            ));
        }
        let len = self.len();
        if len % itemsize != 0 {
            return Err(fail(
                Exc::TypeError,
                "memoryview: length is not a multiple of itemsize",
            ));
        }
        let new_shape = match shape {
            None => vec![len / itemsize],
            Some(s) => {
                let mut total = itemsize;
                for &x in s {
                    if x <= 0 {
                        return Err(fail(
                            Exc::ValueError,
                            "memoryview.cast(): elements of shape must be integers > 0",
                        ));
                    }
                    if x > isize::MAX / total {
                        return Err(fail(
                            Exc::ValueError,
                            "memoryview.cast(): product(shape) > SSIZE_MAX",
                        ));
                    }
                    total *= x;
                }
                if total != len {
                    return Err(fail(
                        Exc::TypeError,
                        "memoryview: product(shape) * itemsize != buffer size",
                    ));
                }
                s.to_vec()
            }
        };
        let strides =
            crate::layout::contiguous_strides_checked(&new_shape, itemsize, OrderArg::C.packed())
                .map_err(|(k, m)| fail(k, m))?;
        self.derive(Fields {
            buf: f.buf,
            itemsize,
            shape: new_shape,
            strides,
            suboffsets: None,
            format: CString::new(format).expect("a validated format has no NUL"),
        })
    }
}

/// memoryview's `get_native_fmtchar`: the character and native size of a
/// format that is one native character, with an optional `@` before it.
fn native_single_char(format: &[u8]) -> Option<(u8, isize)> {
    let f = format.strip_prefix(b"@").unwrap_or(format);
    let &[c] = f else { return None };
    let size = match c {
        b'c' | b'b' | b'B' | b'?' => 1,
        b'h' | b'H' => std::mem::size_of::<std::ffi::c_short>(),
        b'i' | b'I' => std::mem::size_of::<std::ffi::c_int>(),
        b'l' | b'L' => std::mem::size_of::<std::ffi::c_long>(),
        b'q' | b'Q' => std::mem::size_of::<std::ffi::c_longlong>(),
        b'n' | b'N' | b'P' => std::mem::size_of::<isize>(),
        b'f' => 4,
        b'd' => 8,
        _ => return None,
    };
    Some((c, size as isize))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: Option<isize>, stop: Option<isize>, step: Option<isize>) -> SliceArg {
        SliceArg { start, stop, step }
    }

    #[test]
    fn slice_indices_match_python() {
        // (length, slice) -> (first index, step, count), from CPython's
        // range(length)[slice]; the first index only matters when count > 0.
        let cases = [
            (5, s(None, None, Some(-1)), (4, -1, 5)),
            (5, s(Some(-7), Some(9), Some(2)), (0, 2, 3)),
            (5, s(Some(9), Some(-7), Some(-3)), (4, -3, 2)),
            (0, s(None, None, Some(-1)), (0, -1, 0)),
            (5, s(Some(-1), None, None), (4, 1, 1)),
            (5, s(Some(2), Some(2), Some(1)), (0, 1, 0)),
            (5, s(None, Some(-6), Some(-1)), (4, -1, 5)),
            (1, s(Some(0), Some(1), Some(-1)), (0, -1, 0)),
            (5, s(Some(3), Some(0), Some(-2)), (3, -2, 2)),
            (5, s(Some(-2), Some(-1), Some(7)), (3, 7, 1)),
        ];
        for (n, sl, (first, step, count)) in cases {
            let (a, b, c) = slice_indices(sl, n).unwrap();
            assert_eq!((b, c), (step, count), "{sl:?} of {n}");
            if count > 0 {
                assert_eq!(a, first, "{sl:?} of {n}");
            }
        }
        let zero = slice_indices(s(None, None, Some(0)), 3).unwrap_err();
        assert_eq!(zero.message, "slice step cannot be zero");
        assert_eq!(zero.kind, Exc::ValueError);
    }
}
