//! Layout rules: contiguity, stride filling, element addressing, and the
//! validation a view passes before anything reads its arrays or memory.
//!
//! [`check_view`] is the one statement of what a well-formed `Py_buffer` is.
//! `PyObject_GetBuffer` applies it to what every exporter fills in (with the
//! request's own rules on top, see `buffer::check_export`), and every C entry
//! point that reads a caller's view (`PyBuffer_ToContiguous`,
//! `PyBuffer_FromContiguous`, `PyBuffer_GetPointer`, `PyBuffer_IsContiguous`,
//! `PyObject_CopyData`) applies it again, because a view may be built by hand
//! in C without `PyObject_GetBuffer`.
//!
//! CPython's rules, restated:
//!
//! * A view is C-contiguous when, walking dimensions from last to first,
//!   every dimension longer than 1 has a stride equal to the bytes spanned
//!   by the dimensions after it. Dimensions of length 0 or 1 never break
//!   contiguity, and an empty view (`len == 0`) is contiguous in both orders.
//! * NULL `strides` means C-contiguous. It is *not* Fortran-contiguous
//!   unless at most one dimension is longer than 1.
//! * A view with `suboffsets` is never contiguous, even if every suboffset
//!   is negative.
//! * A 1-D view is contiguous only when its stride equals the itemsize (or it
//!   has at most one item): a strided 1-D view is not.

use std::ffi::{c_char, c_int};
use std::mem::MaybeUninit;

use crate::copy::{Order, Strided};
use crate::ffi::{Py_buffer, Py_ssize_t, PyBUF_MAX_NDIM};
use crate::objects::exceptions::Exc;

/// An error found while checking a layout: the exception to raise and its
/// message.
pub type LayoutError = (Exc, String);

// ==========================================================================
// Order characters
// ==========================================================================

/// The order argument of the C API: `'C'`, `'F'` or `'A'` (any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderArg {
    /// Row-major.
    C,
    /// Column-major.
    F,
    /// Either: whichever the view already is, C when it is neither.
    A,
}

impl OrderArg {
    /// Parses an order character; None for anything but `C`, `F`, `A`.
    #[inline]
    pub fn from_char(c: c_char) -> Option<OrderArg> {
        // c_char is i8 on x86 and u8 on AArch64: take its byte either way.
        match u8::from_ne_bytes(c.to_ne_bytes()) {
            b'C' => Some(OrderArg::C),
            b'F' => Some(OrderArg::F),
            b'A' => Some(OrderArg::A),
            _ => None,
        }
    }

    /// The packed order used when a copy is needed: 'A' packs in C order,
    /// as CPython does.
    pub fn packed(self) -> Order {
        match self {
            OrderArg::F => Order::F,
            OrderArg::C | OrderArg::A => Order::C,
        }
    }

    /// Parses an order character or reports `ValueError` naming `func`.
    #[inline]
    pub fn parse(c: c_char, func: &str) -> Result<OrderArg, LayoutError> {
        match OrderArg::from_char(c) {
            Some(order) => Ok(order),
            None => Err(OrderArg::invalid(c, func)),
        }
    }

    /// The error of [`OrderArg::parse`], out of line: every copy parses an
    /// order, and almost none is invalid.
    #[cold]
    #[inline(never)]
    fn invalid(c: c_char, func: &str) -> LayoutError {
        let byte = u8::from_ne_bytes(c.to_ne_bytes());
        let shown = if byte.is_ascii_graphic() {
            format!("'{}'", char::from(byte))
        } else {
            format!("{byte}")
        };
        (
            Exc::ValueError,
            format!("{func}: invalid order {shown}, must be 'C', 'F' or 'A'"),
        )
    }
}

// ==========================================================================
// Contiguity (on raw views, exactly as CPython decides it)
// ==========================================================================

/// The shape of `view` as a slice, treating a NULL shape on a 1-D view as
/// `[len / itemsize]` (CPython's reconstruction). None for a view with
/// `ndim > 1` and no shape, whose layout cannot be known.
///
/// # Safety
/// `view.shape` must be NULL or point to `ndim` readable entries (none for a
/// negative `ndim`).
unsafe fn shape_or_implied<'a>(
    view: &'a Py_buffer,
    implied: &'a mut [Py_ssize_t; 1],
) -> Option<&'a [Py_ssize_t]> {
    let ndim = view.ndim.max(0) as usize;
    if !view.shape.is_null() {
        // SAFETY: `ndim` readable entries per the contract.
        return Some(unsafe { std::slice::from_raw_parts(view.shape, ndim) });
    }
    match ndim {
        0 => Some(&[]),
        1 => {
            implied[0] = if view.itemsize > 0 {
                view.len / view.itemsize
            } else {
                0
            };
            Some(&implied[..])
        }
        _ => None,
    }
}

/// CPython's `_IsCContiguous`. A view with strides but, for `ndim > 1`, no
/// shape (CPython would dereference NULL) is not contiguous.
///
/// # Safety
/// As [`shape_or_implied`], and `strides` NULL or `ndim` entries.
unsafe fn is_c_contiguous(view: &Py_buffer) -> bool {
    if view.len == 0 || view.strides.is_null() {
        return true;
    }
    let mut implied = [0];
    // SAFETY: forwarded contract.
    let Some(shape) = (unsafe { shape_or_implied(view, &mut implied) }) else {
        return false;
    };
    // SAFETY: `strides` has as many entries as `shape`.
    let strides = unsafe { std::slice::from_raw_parts(view.strides, shape.len()) };
    let mut expected = view.itemsize;
    for (&dim, &stride) in shape.iter().zip(strides).rev() {
        if dim > 1 && stride != expected {
            return false;
        }
        expected = expected.wrapping_mul(dim);
    }
    true
}

/// CPython's `_IsFortranContiguous`. A view with `ndim > 1` and no shape
/// (CPython would dereference NULL) is not Fortran-contiguous.
///
/// # Safety
/// As [`is_c_contiguous`].
unsafe fn is_f_contiguous(view: &Py_buffer) -> bool {
    if view.len == 0 {
        return true;
    }
    let mut implied = [0];
    // SAFETY: forwarded contract.
    let Some(shape) = (unsafe { shape_or_implied(view, &mut implied) }) else {
        return false;
    };
    if view.strides.is_null() {
        // C-contiguous by definition; Fortran-contiguous only when at most
        // one dimension is longer than 1.
        return view.ndim <= 1 || shape.iter().filter(|&&d| d > 1).count() <= 1;
    }
    // SAFETY: `strides` has as many entries as `shape`.
    let strides = unsafe { std::slice::from_raw_parts(view.strides, shape.len()) };
    let mut expected = view.itemsize;
    for (&dim, &stride) in shape.iter().zip(strides) {
        if dim > 1 && stride != expected {
            return false;
        }
        expected = expected.wrapping_mul(dim);
    }
    true
}

/// Whether `view` is contiguous in `order`, as `PyBuffer_IsContiguous`
/// decides it.
///
/// # Safety
/// `view`'s `shape`, `strides` and `suboffsets` must each be NULL or point to
/// `ndim` readable entries (none for a negative `ndim`).
#[inline]
pub unsafe fn is_contiguous(view: &Py_buffer, order: OrderArg) -> bool {
    if !view.suboffsets.is_null() {
        return false;
    }
    match order {
        // SAFETY: forwarded contract.
        OrderArg::C => unsafe { is_c_contiguous(view) },
        // SAFETY: forwarded contract.
        OrderArg::F => unsafe { is_f_contiguous(view) },
        // SAFETY: forwarded contract.
        OrderArg::A => unsafe { is_c_contiguous(view) || is_f_contiguous(view) },
    }
}

// ==========================================================================
// Strides
// ==========================================================================

/// Fills `strides` with the contiguous strides of `shape` in `order`
/// (`PyBuffer_FillContiguousStrides`). Arithmetic wraps as CPython's does;
/// use [`contiguous_strides_checked`] for untrusted shapes.
pub fn fill_contiguous_strides(
    shape: &[isize],
    strides: &mut [isize],
    itemsize: isize,
    order: Order,
) {
    let mut step = itemsize;
    let pairs = shape.iter().zip(strides.iter_mut());
    match order {
        Order::F => {
            for (&dim, stride) in pairs {
                *stride = step;
                step = step.wrapping_mul(dim);
            }
        }
        Order::C => {
            for (&dim, stride) in pairs.rev() {
                *stride = step;
                step = step.wrapping_mul(dim);
            }
        }
    }
}

/// Contiguous strides of `shape` in `order`, failing with `OverflowError`
/// if the total size exceeds `isize::MAX` and `ValueError` for a negative
/// dimension or non-positive itemsize.
pub fn contiguous_strides_checked(
    shape: &[isize],
    itemsize: isize,
    order: Order,
) -> Result<Vec<isize>, LayoutError> {
    if itemsize < 1 {
        return Err((
            Exc::ValueError,
            format!("itemsize must be positive, got {itemsize}"),
        ));
    }
    if let Some(i) = shape.iter().position(|&d| d < 0) {
        return Err((
            Exc::ValueError,
            format!("shape[{i}] is negative ({})", shape[i]),
        ));
    }
    let mut strides = vec![0; shape.len()];
    let mut step = itemsize;
    let mut visit = |i: usize| -> Result<(), LayoutError> {
        strides[i] = step;
        step = step.checked_mul(shape[i]).ok_or_else(overflow)?;
        Ok(())
    };
    match order {
        Order::F => (0..shape.len()).try_for_each(&mut visit)?,
        Order::C => (0..shape.len()).rev().try_for_each(&mut visit)?,
    }
    Ok(strides)
}

fn overflow() -> LayoutError {
    (
        Exc::OverflowError,
        "product(shape) * itemsize overflows".into(),
    )
}

/// `product(shape) * itemsize`, or an error for a negative dimension or an
/// overflow.
pub fn checked_len(shape: &[isize], itemsize: isize) -> Result<isize, LayoutError> {
    let mut total = itemsize;
    for (i, &dim) in shape.iter().enumerate() {
        if dim < 0 {
            return Err((Exc::ValueError, format!("shape[{i}] is negative ({dim})")));
        }
        total = total.checked_mul(dim).ok_or_else(overflow)?;
    }
    Ok(total)
}

/// The byte range `[lo, hi)` relative to the first item that a strided
/// layout touches, or None when it has no items. Overflow-checked, so a
/// caller can compare it with the bounds of the memory it was given.
pub fn extent(
    itemsize: isize,
    shape: &[isize],
    strides: &[isize],
) -> Result<Option<(isize, isize)>, LayoutError> {
    if shape.contains(&0) {
        return Ok(None);
    }
    let (mut lo, mut hi) = (0isize, 0isize);
    for (i, (&dim, &stride)) in shape.iter().zip(strides).enumerate() {
        if dim < 0 {
            return Err((Exc::ValueError, format!("shape[{i}] is negative ({dim})")));
        }
        let span = (dim - 1).checked_mul(stride).ok_or_else(|| {
            (
                Exc::OverflowError,
                format!("shape[{i}] * strides[{i}] overflows"),
            )
        })?;
        if span < 0 {
            lo = lo.checked_add(span).ok_or_else(overflow)?;
        } else {
            hi = hi.checked_add(span).ok_or_else(overflow)?;
        }
    }
    let hi = hi.checked_add(itemsize).ok_or_else(overflow)?;
    Ok(Some((lo, hi)))
}

// ==========================================================================
// Validation
// ==========================================================================

/// What is wrong with a `Py_buffer`. [`check_view`] finds the violations of
/// the struct's own invariants; `PyObject_GetBuffer` adds those of a request
/// the exporter did not honour. Each caller decides how to report it:
/// [`Invalid::at`] gives the exception the C entry points raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// `ndim` outside `0..=64`: none of the view's arrays may be read.
    Ndim(c_int),
    /// `itemsize < 1`.
    Itemsize(isize),
    /// `ndim > 1` and a NULL shape: the layout cannot be known.
    NoShape,
    /// `len < 0`.
    NegativeLen(isize),
    /// A negative dimension: `shape[index] == value`.
    NegativeDim {
        /// The dimension.
        index: usize,
        /// Its (negative) length.
        value: isize,
    },
    /// `product(shape) * itemsize` does not fit in `Py_ssize_t`.
    LenOverflow,
    /// `len` differs from `product(shape) * itemsize` (`itemsize` for a
    /// 0-dimensional view).
    Len {
        /// The view's `len`.
        len: isize,
        /// What its shape and itemsize make.
        expected: isize,
    },
    /// Strides whose items span more than `isize::MAX` bytes.
    StridesOverflow,
    /// A NULL `buf` with `len > 0`.
    NullBuf,
    /// A read-only export for a `PyBUF_WRITABLE` request.
    NotWritable,
    /// An export that is not contiguous in the order the request asked
    /// for, or with strides that are not C-contiguous for a request without
    /// `PyBUF_STRIDES` (whose consumer assumes C order).
    NotContiguous(OrderArg),
    /// Suboffsets for a request without `PyBUF_INDIRECT`.
    Suboffsets,
    /// An export with a NULL `obj`: it could never be released.
    NoObj,
}

impl Invalid {
    /// The exception the C entry points raise for this violation.
    pub fn exc(self) -> Exc {
        match self {
            Invalid::Ndim(_)
            | Invalid::Itemsize(_)
            | Invalid::NegativeLen(_)
            | Invalid::NegativeDim { .. }
            | Invalid::Len { .. } => Exc::ValueError,
            Invalid::LenOverflow | Invalid::StridesOverflow => Exc::OverflowError,
            Invalid::NullBuf => Exc::SystemError,
            Invalid::NoShape
            | Invalid::NotWritable
            | Invalid::NotContiguous(_)
            | Invalid::Suboffsets
            | Invalid::NoObj => Exc::BufferError,
        }
    }

    /// What is wrong, naming the field and its value.
    pub fn message(self) -> String {
        match self {
            Invalid::Ndim(n) => {
                format!("ndim must be between 0 and {PyBUF_MAX_NDIM}, got {n}")
            }
            Invalid::Itemsize(n) => format!("itemsize must be positive, got {n}"),
            Invalid::NoShape => "a view with ndim > 1 must have a shape".into(),
            Invalid::NegativeLen(n) => format!("view->len is negative ({n})"),
            Invalid::NegativeDim { index, value } => {
                format!("shape[{index}] is negative ({value})")
            }
            Invalid::LenOverflow => "product(shape) * itemsize overflows".into(),
            Invalid::Len { len, expected } => {
                format!("view->len ({len}) != product(shape) * itemsize ({expected})")
            }
            Invalid::StridesOverflow => {
                "the items span more than PY_SSIZE_T_MAX bytes (strides overflow)".into()
            }
            Invalid::NullBuf => "view->buf is NULL".into(),
            Invalid::NotWritable => {
                "the buffer is read-only but PyBUF_WRITABLE was requested".into()
            }
            Invalid::NotContiguous(OrderArg::C) => "the buffer is not C-contiguous".into(),
            Invalid::NotContiguous(OrderArg::F) => "the buffer is not Fortran contiguous".into(),
            Invalid::NotContiguous(OrderArg::A) => "the buffer is not contiguous".into(),
            Invalid::Suboffsets => {
                "the buffer has suboffsets but PyBUF_INDIRECT was not requested".into()
            }
            Invalid::NoObj => "view->obj is NULL".into(),
        }
    }

    /// The error a C entry point named `func` raises.
    pub fn at(self, func: &str) -> LayoutError {
        (self.exc(), format!("{func}: {}", self.message()))
    }
}

/// Checks the invariants every reader of `view` relies on, reading its
/// arrays only once `ndim` is known to be in range:
///
/// * `ndim` in `0..=64` and `itemsize >= 1`;
/// * a shape whenever `ndim > 1` (a NULL shape on a 1-D view means
///   `[len / itemsize]`, as CPython reconstructs it);
/// * `len >= 0`, every dimension `>= 0`, and, where the view has a shape
///   (a 0-dimensional view has the empty one), `len == product(shape) *
///   itemsize` computed without overflow;
/// * strides whose items span at most `isize::MAX` bytes, so that no offset
///   computed from them overflows;
/// * a non-NULL `buf` when `len > 0`.
///
/// Beyond that, strides and suboffsets are not checked: any value addresses
/// memory the exporter vouches for, and the copy kernels handle negative,
/// zero and overlapping strides. What a view cannot do after this check is
/// make a reader index past its arrays, overflow an offset, or copy a `len`
/// its shape contradicts.
///
/// # Safety
/// When `ndim` is in `0..=64`, `view.shape` must be NULL or point to `ndim`
/// readable entries.
#[inline]
pub unsafe fn check_view(view: &Py_buffer) -> Result<(), Invalid> {
    if !(0..=PyBUF_MAX_NDIM).contains(&view.ndim) {
        return Err(Invalid::Ndim(view.ndim));
    }
    if view.itemsize < 1 {
        return Err(Invalid::Itemsize(view.itemsize));
    }
    if view.len < 0 {
        return Err(Invalid::NegativeLen(view.len));
    }
    let ndim = view.ndim as usize;
    if view.shape.is_null() && ndim > 1 {
        return Err(Invalid::NoShape);
    }
    if !view.shape.is_null() || ndim == 0 {
        let shape: &[isize] = if ndim == 0 {
            &[]
        } else {
            // SAFETY: `ndim` (1..=64) readable entries per the contract.
            unsafe { std::slice::from_raw_parts(view.shape, ndim) }
        };
        let strides: &[isize] = if view.strides.is_null() {
            &[]
        } else {
            // SAFETY: `ndim` readable entries per the contract.
            unsafe { std::slice::from_raw_parts(view.strides, ndim) }
        };
        // One pass over the dimensions (this check runs on every call of
        // every entry point, and small views are common): the item count,
        // and the span of the strides, each with its overflow noted but not
        // yet reported, since a negative dimension anywhere is reported
        // first, and an overflowing span only matters for a non-empty view.
        let (mut count, mut count_overflow, mut empty) = (view.itemsize, false, false);
        let (mut lo, mut hi, mut span_overflow) = (0isize, view.itemsize, false);
        for (i, &dim) in shape.iter().enumerate() {
            if dim < 0 {
                return Err(Invalid::NegativeDim {
                    index: i,
                    value: dim,
                });
            }
            empty |= dim == 0;
            match count.checked_mul(dim) {
                Some(c) => count = c,
                None => count_overflow = true,
            }
            if let Some(&stride) = strides.get(i) {
                match (dim - 1).checked_mul(stride) {
                    Some(span) if span < 0 => match lo.checked_add(span) {
                        Some(l) => lo = l,
                        None => span_overflow = true,
                    },
                    Some(span) => match hi.checked_add(span) {
                        Some(h) => hi = h,
                        None => span_overflow = true,
                    },
                    None => span_overflow = true,
                }
            }
        }
        // An empty shape holds no bytes however large its other dimensions.
        let expected = match (empty, count_overflow) {
            (true, _) => 0,
            (false, true) => return Err(Invalid::LenOverflow),
            (false, false) => count,
        };
        if view.len != expected {
            return Err(Invalid::Len {
                len: view.len,
                expected,
            });
        }
        if !strides.is_empty() && expected > 0 && (span_overflow || hi.checked_sub(lo).is_none()) {
            return Err(Invalid::StridesOverflow);
        }
    }
    if view.buf.is_null() && view.len > 0 {
        return Err(Invalid::NullBuf);
    }
    Ok(())
}

// ==========================================================================
// Resolved views
// ==========================================================================

/// Scratch space for the shape and strides of a view whose exporter left
/// them out; lives on the caller's stack so no call allocates.
pub struct Scratch {
    shape: [isize; 1],
    strides: MaybeUninit<[isize; PyBUF_MAX_NDIM as usize]>,
}

impl Scratch {
    /// Empty scratch space.
    pub fn new() -> Self {
        Scratch {
            shape: [0],
            strides: MaybeUninit::uninit(),
        }
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Self::new()
    }
}

/// Checks `view` with [`check_view`] and returns its layout with missing
/// shape and strides reconstructed as CPython reconstructs them (NULL shape
/// on a 1-D view: `[len / itemsize]`, a partial trailing item ignored; NULL
/// strides: C order). Errors are [`Invalid::at`] `func`.
///
/// # Safety
/// `shape`, `strides` and `suboffsets` must each be NULL or point to `ndim`
/// readable entries that outlive `'a`.
// Inlined: its result, returned through memory, was read back at once
// with other widths, which stalled every call on the store buffer.
#[inline(always)]
pub unsafe fn resolve<'a>(
    view: &'a Py_buffer,
    scratch: &'a mut Scratch,
    func: &str,
) -> Result<Strided<'a>, LayoutError> {
    // SAFETY: forwarded contract.
    unsafe { check_view(view) }.map_err(|e| e.at(func))?;
    let ndim = view.ndim as usize;
    let shape: &'a [isize] = if !view.shape.is_null() {
        // SAFETY: `ndim` readable entries per the contract.
        unsafe { std::slice::from_raw_parts(view.shape, ndim) }
    } else if ndim == 0 {
        &[]
    } else {
        // check_view refused a NULL shape for ndim > 1.
        scratch.shape[0] = view.len / view.itemsize;
        &scratch.shape[..]
    };
    let strides: &'a [isize] = if !view.strides.is_null() {
        // SAFETY: `ndim` readable entries per the contract.
        unsafe { std::slice::from_raw_parts(view.strides, ndim) }
    } else {
        let out = scratch.strides.as_mut_ptr() as *mut isize;
        // SAFETY: the scratch array has room for 64 >= ndim entries; every
        // entry below `ndim` is written before the slice is formed.
        let strides = unsafe {
            std::ptr::write_bytes(out, 0, ndim);
            std::slice::from_raw_parts_mut(out, ndim)
        };
        fill_contiguous_strides(shape, strides, view.itemsize, Order::C);
        strides
    };
    let suboffsets = if view.suboffsets.is_null() {
        None
    } else {
        // SAFETY: `ndim` readable entries per the contract.
        Some(unsafe { std::slice::from_raw_parts(view.suboffsets as *const isize, ndim) })
    };
    Ok(Strided {
        buf: view.buf as *mut u8,
        itemsize: view.itemsize as usize,
        shape,
        strides,
        suboffsets,
    })
}

// ==========================================================================
// Element addressing
// ==========================================================================

/// The address of the item at `indices` (`PyBuffer_GetPointer`), following
/// suboffsets. Each index is checked against the shape: negative or
/// too-large indices fail with `IndexError` instead of producing a wild
/// pointer as CPython would.
///
/// # Safety
/// `layout` must describe valid memory (its indirect pointers included).
pub unsafe fn get_pointer(layout: &Strided<'_>, indices: &[isize]) -> Result<*mut u8, LayoutError> {
    let mut ptr = layout.buf;
    for (dim, (&index, (&len, &stride))) in indices
        .iter()
        .zip(layout.shape.iter().zip(layout.strides))
        .enumerate()
    {
        if index < 0 || index >= len {
            return Err((
                Exc::IndexError,
                format!(
                    "PyBuffer_GetPointer: index {index} out of bounds for dimension {dim} of length {len}"
                ),
            ));
        }
        // In range, so the offset lies within the exporter's memory (and,
        // for a checked view, within isize; wrapping never panics anyway).
        ptr = ptr.wrapping_offset(index.wrapping_mul(stride));
        if let Some(sub) = layout.suboffsets.map(|s| s[dim]).filter(|&s| s >= 0) {
            // SAFETY: an indirect dimension stores a valid pointer here.
            ptr = unsafe { (ptr as *const *mut u8).read_unaligned() }.wrapping_offset(sub);
        }
    }
    Ok(ptr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ptr;

    fn view(
        len: isize,
        itemsize: isize,
        shape: &mut [isize],
        strides: Option<&mut [isize]>,
    ) -> Py_buffer {
        let mut v = Py_buffer::zeroed();
        v.len = len;
        v.itemsize = itemsize;
        v.ndim = shape.len() as i32;
        v.shape = shape.as_mut_ptr();
        v.strides = strides.map_or(ptr::null_mut(), |s| s.as_mut_ptr());
        v
    }

    #[test]
    fn strided_1d_is_not_contiguous() {
        let mut shape = [4];
        let mut strides = [2];
        let v = view(4, 1, &mut shape, Some(&mut strides));
        // SAFETY: arrays outlive the view.
        unsafe {
            assert!(!is_contiguous(&v, OrderArg::C));
            assert!(!is_contiguous(&v, OrderArg::F));
            assert!(!is_contiguous(&v, OrderArg::A));
        }
    }

    #[test]
    fn null_strides_are_c_but_not_f_unless_effectively_1d() {
        let mut shape = [2, 3];
        let v = view(6, 1, &mut shape, None);
        let mut shape1 = [1, 3];
        let v1 = view(3, 1, &mut shape1, None);
        // SAFETY: arrays outlive the views.
        unsafe {
            assert!(is_contiguous(&v, OrderArg::C));
            assert!(!is_contiguous(&v, OrderArg::F));
            assert!(is_contiguous(&v1, OrderArg::F));
        }
    }

    #[test]
    fn extent_handles_negative_strides_and_overflow() {
        assert_eq!(extent(1, &[3, 2], &[-4, 1]).unwrap(), Some((-8, 2)));
        assert_eq!(extent(8, &[0, 5], &[8, 8]).unwrap(), None);
        assert!(extent(1, &[isize::MAX, 2], &[2, 1]).is_err());
    }

    #[test]
    fn checked_strides() {
        assert_eq!(
            contiguous_strides_checked(&[2, 3, 4], 8, Order::C).unwrap(),
            vec![96, 32, 8]
        );
        assert_eq!(
            contiguous_strides_checked(&[2, 3, 4], 8, Order::F).unwrap(),
            vec![8, 16, 48]
        );
        assert_eq!(
            contiguous_strides_checked(&[2, 0, 4], 1, Order::C).unwrap(),
            vec![0, 4, 1]
        );
        assert!(contiguous_strides_checked(&[isize::MAX, 2], 1, Order::C).is_err());
    }
}
