//! Copy kernels behind `PyBuffer_ToContiguous`, `PyBuffer_FromContiguous`
//! and `PyObject_CopyData`.
//!
//! CPython 3.11 copies item by item: two `memcpy(itemsize)` calls per item in
//! `PyBuffer_ToContiguous`, a `PyBuffer_GetPointer` plus a `memcpy` per item
//! in `PyBuffer_FromContiguous` and `PyObject_CopyData`. These kernels produce
//! the same bytes much faster:
//!
//! 1. A layout is first reduced to a plan: dimensions of length 1 are
//!    dropped and neighbouring dimensions that are contiguous with each other
//!    on *both* sides are merged, so a C-contiguous copy becomes one `memmove`.
//! 2. When the written items provably never overlap each other (nor the items
//!    read), the order of the copy is unobservable and the plan may be
//!    rearranged freely: dimensions are walked in the order of the
//!    destination's memory (so 'F' copies walk the packed buffer in order),
//!    and a transpose (the destination's fastest dimension is a slow one in
//!    the source) is done in cache tiles, through a stack buffer for large
//!    blocks of small items.
//! 3. Otherwise the writes happen in exactly CPython's logical order, so
//!    where items alias, the last write wins exactly as it does in CPython.
//!    The aliasing test is cheap and conservative (see `no_self_overlap` and
//!    `analyze`).
//! 4. Inner loops are specialised on the item size (1, 2, 4, 8, 16 bytes, and
//!    overlapping word pairs for the other sizes below 32), with unaligned
//!    loads and stores, because strides need not be multiples of anything.
//!    Runs that read items a few bytes apart into contiguous items use SSSE3
//!    byte shuffles where the CPU has them; runs that write contiguous items
//!    a few bytes apart (in `Free` mode) use AVX-512 masked stores, which
//!    leave the bytes between items untouched. Large byte transposes into
//!    a contiguous destination write the stage out with AVX-512BW 16 × 16
//!    byte transposes (four per register), whole 64-byte destination rows
//!    at a time, streamed past the caches for large blocks; into a
//!    destination whose items are 2 to 4 bytes apart, the same transposes
//!    are spread over the row with AVX-512 VBMI byte permutes and masked
//!    stores (the gap bytes are never written).
//! 5. PIL-style suboffsets are handled by recursing through the indirect
//!    dimensions down to the direct "leaf" blocks, which then go through the
//!    same plans and inner kernels.
//!
//! Nothing here allocates: every per-dimension array is a fixed-size stack
//! array of 64 entries (`PyBUF_MAX_NDIM`).

pub mod cpu;

use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ops::{Deref, DerefMut};
use std::ptr;

/// The most dimensions a buffer may have (CPython's `PyBUF_MAX_NDIM`).
const MAX_NDIM: usize = 64;

// ==========================================================================
// Public interface
// ==========================================================================

/// The memory layout of a buffer as the copy kernels see it.
#[derive(Clone, Copy, Debug)]
pub struct Strided<'a> {
    /// Address of the first item (before any suboffset of dimension 0 is applied).
    pub buf: *mut u8,
    /// Bytes per item.
    pub itemsize: usize,
    /// Items per dimension; `ndim == shape.len()`.
    pub shape: &'a [isize],
    /// Byte step per dimension, same length as `shape`.
    pub strides: &'a [isize],
    /// PIL-style suboffsets, same length as `shape`, if any.
    pub suboffsets: Option<&'a [isize]>,
}

/// Logical order in which items are laid out in a packed buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Row-major: the last index varies fastest.
    C,
    /// Column-major: the first index varies fastest.
    F,
}

/// Copy every item of `src` into the packed buffer `dst`, in `order`
/// (`PyBuffer_ToContiguous`).
///
/// Item `i` of the logical order (C: last index fastest; F: first index
/// fastest) lands at `dst + i * itemsize`.
///
/// # Safety
/// * `src` is a valid layout: `shape.len() == strides.len() <= 64`,
///   `suboffsets` is `None` or has the same length, every shape entry is
///   `>= 0` and `itemsize >= 1`. `ndim == 0` means exactly one item at `buf`.
/// * Every item the layout addresses, and every suboffset pointer slot read
///   on the way to one, is readable memory.
/// * `dst` is writable for `product(shape) * itemsize` bytes. It should not
///   overlap the items of `src` (the result is then unspecified, but no
///   undefined behaviour occurs).
pub unsafe fn pack(dst: *mut u8, src: &Strided<'_>, order: Order) {
    let mut shape = Stack::new();
    if load_shape(src.shape, &mut shape) == 0 {
        return;
    }
    let mut packed = Stack::new();
    packed_strides(&shape, src.itemsize, order, &mut packed);
    let d = Side {
        buf: dst,
        strides: &packed,
        subs: None,
    };
    let s = Side::of(src);
    // The destination is packed, so its items never overlap: any order will do.
    // SAFETY: the caller guarantees both layouts address valid memory.
    unsafe { copy_block(&shape, &d, &s, src.itemsize, Mode::Free, false) }
}

/// Copy the first `nitems` items of the packed buffer `src` (in `order`) into
/// the items of `dst` (`PyBuffer_FromContiguous`).
///
/// Packed item `i` is written to the item of `dst` whose index comes `i`-th in
/// `order`. Writes happen in that order wherever items of `dst` may overlap
/// (zero or small strides), so the last write wins as in CPython.
///
/// # Safety
/// * `dst` is a valid layout as described for [`pack`], and every item it
///   addresses is writable (suboffset pointer slots readable).
/// * `nitems <= product(shape)` (larger values are clamped).
/// * `src` is readable for `nitems * itemsize` bytes. It should not overlap
///   the items of `dst` (the result is then unspecified, but no undefined
///   behaviour occurs).
pub unsafe fn unpack(dst: &Strided<'_>, src: *const u8, nitems: usize, order: Order) {
    let ndim = dst.shape.len();
    let k = dst.itemsize;
    let mut shape = Stack::new();
    let total = load_shape(dst.shape, &mut shape);
    let nitems = nitems.min(total);
    if nitems == 0 {
        return;
    }
    let psrc = src.cast_mut();
    let view = Side::of(dst);

    if view.subs.is_none() {
        // A direct layout: walking it in F order is walking it in C order
        // with the dimensions reversed, which lets one code path do both.
        let mut strides = Stack::new();
        for i in 0..ndim {
            let j = if order == Order::C { i } else { ndim - 1 - i };
            shape[i] = dst.shape[j] as usize;
            strides.push(dst.strides[j]);
        }
        let mut packed = Stack::new();
        packed_strides(&shape, k, Order::C, &mut packed);
        let d = Side {
            buf: dst.buf,
            strides: &strides,
            subs: None,
        };
        let s = Side {
            buf: psrc,
            strides: &packed,
            subs: None,
        };
        let mode = if no_self_overlap(&shape, &strides, k) {
            Mode::Free
        } else {
            Mode::Ordered
        };
        // SAFETY: the caller guarantees both layouts address valid memory;
        // the first `nitems` items in walk order are the ones to copy.
        unsafe { copy_prefix(&shape, &d, &s, k, mode, nitems, total) }
        return;
    }

    let shape = &shape[..];
    let mut packed = Stack::new();
    packed_strides(shape, k, order, &mut packed);
    let s = Side {
        buf: psrc,
        strides: &packed,
        subs: None,
    };
    // SAFETY: the caller guarantees the view's items and pointer slots are valid.
    let disjoint = unsafe { analyze(shape, &view, None, k) }.dst_disjoint;
    let mode = if disjoint { Mode::Free } else { Mode::Ordered };
    if order == Order::C {
        // SAFETY: as above; C order is the order in which the indirect
        // dimensions are walked, so prefixes decompose into sub-blocks.
        unsafe { copy_prefix(shape, &view, &s, k, mode, nitems, total) }
    } else if disjoint && nitems == total {
        // SAFETY: as above; no item is written twice, so order is free.
        unsafe { copy_block(shape, &view, &s, k, Mode::Free, false) }
    } else {
        // F order interleaves the indirect blocks, and the blocks may alias
        // (or only part of them is written): follow CPython item by item.
        // SAFETY: as above.
        unsafe { unpack_items_f(shape, &view, src, k, nitems) }
    }
}

/// Copy every item of `src` into the item at the same index of `dst`
/// (`PyObject_CopyData`'s element loop).
///
/// Where items may alias (items of `dst` overlapping each other, or `dst`
/// overlapping `src`), the copy follows CPython 3.11's loop exactly: item by
/// item, reading each source item just before writing its destination, in C
/// order starting at index `(0, …, 0, 1)` and visiting `(0, …, 0)` last
/// (CPython increments the index before its first copy).
///
/// # Safety
/// * `dst` and `src` are valid layouts as described for [`pack`], with the
///   same shape and itemsize.
/// * Every item of `src` is readable and every item of `dst` writable, as are
///   the suboffset pointer slots read on the way.
pub unsafe fn copy_between(dst: &Strided<'_>, src: &Strided<'_>) {
    let ndim = dst.shape.len();
    debug_assert_eq!(src.shape, dst.shape);
    debug_assert_eq!(src.itemsize, dst.itemsize);
    let k = dst.itemsize;
    let mut shape = Stack::new();
    if load_shape(dst.shape, &mut shape) == 0 {
        return;
    }
    let shape = &shape[..];
    let (d, s) = (Side::of(dst), Side::of(src));
    // SAFETY: the caller guarantees both layouts address valid memory.
    let ov = unsafe { analyze(shape, &d, Some(&s), k) };
    if ov.dst_disjoint && ov.hulls_disjoint {
        // SAFETY: as above; nothing aliases, so order is unobservable.
        unsafe { copy_block(shape, &d, &s, k, Mode::Free, false) }
        return;
    }
    let mode = if ov.hulls_disjoint {
        Mode::Ordered
    } else {
        Mode::Sequential
    };
    // SAFETY: as above. Item (0, …, 0) is skipped here and copied last, as
    // CPython's loop does.
    unsafe {
        copy_block(shape, &d, &s, k, mode, true);
        let dp = first_item(&d, ndim);
        let sp = first_item(&s, ndim);
        ptr::copy(sp, dp, k);
    }
}

// ==========================================================================
// Layout helpers
// ==========================================================================

/// A list of at most [`MAX_NDIM`] `T`s on the stack.
///
/// Unlike `[T; MAX_NDIM]` it is not initialised up front: zeroing half a
/// kilobyte per array on every call cost more than copying a small view.
struct Stack<T: Copy> {
    len: usize,
    buf: [MaybeUninit<T>; MAX_NDIM],
}

impl<T: Copy> Stack<T> {
    fn new() -> Self {
        Stack {
            len: 0,
            buf: [const { MaybeUninit::uninit() }; MAX_NDIM],
        }
    }

    /// Set to `n` copies of `v`.
    fn fill_with(&mut self, n: usize, v: T) {
        self.len = 0;
        for _ in 0..n {
            self.push(v);
        }
    }

    /// Append `v`; panics beyond [`MAX_NDIM`] entries (callers guarantee
    /// `ndim <= 64`).
    fn push(&mut self, v: T) {
        self.buf[self.len].write(v);
        self.len += 1;
    }

    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }
}

impl<T: Copy> Deref for Stack<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        // SAFETY: the first `len` entries were written by `push`, and
        // `MaybeUninit<T>` has the layout of `T`.
        unsafe { std::slice::from_raw_parts(self.buf.as_ptr().cast::<T>(), self.len) }
    }
}

impl<T: Copy> DerefMut for Stack<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as for `deref`, with unique access through `&mut self`.
        unsafe { std::slice::from_raw_parts_mut(self.buf.as_mut_ptr().cast::<T>(), self.len) }
    }
}

/// One side (source or destination) of a copy: a base pointer and, per
/// dimension, a byte step and an optional suboffset.
///
/// Assumes `strides` (and `subs`, if any) have one entry per dimension of the
/// shape the side is used with.
#[derive(Clone, Copy)]
struct Side<'a> {
    buf: *mut u8,
    strides: &'a [isize],
    /// `None` when no dimension is indirect (all suboffsets negative).
    subs: Option<&'a [isize]>,
}

impl<'a> Side<'a> {
    /// The side described by a public layout; suboffsets that are all
    /// negative are dropped, since they change nothing.
    fn of(v: &Strided<'a>) -> Self {
        let subs = v.suboffsets.filter(|s| s.iter().any(|&x| x >= 0));
        Side {
            buf: v.buf,
            strides: v.strides,
            subs,
        }
    }

    /// Number of leading dimensions that must be walked one index at a time
    /// because a pointer is loaded at the last of them; the dimensions after
    /// it form direct (strided) leaf blocks.
    fn leaf_depth(&self) -> usize {
        self.subs
            .and_then(|s| s.iter().rposition(|&x| x >= 0))
            .map_or(0, |i| i + 1)
    }

    /// The side restricted to dimensions `from..`, starting at `buf`.
    fn suffix(&self, from: usize, buf: *mut u8) -> Side<'a> {
        Side {
            buf,
            strides: &self.strides[from..],
            subs: self.subs.map(|s| &s[from..]),
        }
    }

    /// Advance `p` by index `i` of dimension `dim`, following the dimension's
    /// suboffset if it has one (`PyBuffer_GetPointer`'s step).
    ///
    /// # Safety
    /// When the dimension is indirect, the pointer slot at `p + i * stride`
    /// must be readable (it is for every in-range index of a valid layout).
    #[inline(always)]
    unsafe fn step(&self, dim: usize, p: *mut u8, i: usize) -> *mut u8 {
        let q = p.wrapping_offset((i as isize).wrapping_mul(self.strides[dim]));
        match self.subs {
            Some(subs) if subs[dim] >= 0 => {
                // SAFETY: the caller guarantees the slot is readable; it may
                // be unaligned since strides are arbitrary.
                let base = unsafe { (q as *const *mut u8).read_unaligned() };
                base.wrapping_offset(subs[dim])
            }
            _ => q,
        }
    }
}

/// Append `shape` to `out` as `usize`; return the number of items (0 if any dimension is
/// empty). Assumes entries are `>= 0` and at most 64 of them, and that the
/// product fits, which holds for any layout that addresses real memory.
fn load_shape(shape: &[isize], out: &mut Stack<usize>) -> usize {
    let mut total = 1usize;
    for &n in shape {
        out.push(n as usize);
        total = total.saturating_mul(n as usize);
    }
    total
}

/// Strides of a packed buffer of `shape` items of `k` bytes in `order`.
fn packed_strides(shape: &[usize], k: usize, order: Order, out: &mut Stack<isize>) {
    out.fill_with(shape.len(), 0);
    let mut step = k as isize;
    let n = shape.len();
    for i in 0..n {
        let d = if order == Order::C { n - 1 - i } else { i };
        out[d] = step;
        step = step.wrapping_mul(shape[d] as isize);
    }
}

/// Address of item `(0, …, 0)` of a side with `ndim` dimensions.
///
/// # Safety
/// The layout is valid and not empty, so every index-0 pointer slot exists.
unsafe fn first_item(side: &Side<'_>, ndim: usize) -> *mut u8 {
    let mut p = side.buf;
    for dim in 0..ndim {
        // SAFETY: index 0 is in range for every dimension of a non-empty layout.
        p = unsafe { side.step(dim, p, 0) };
    }
    p
}

/// Byte offsets `[lo, hi)` relative to item `(0, …, 0)` that cover every
/// item of a direct block with this shape and strides.
fn extent(shape: &[usize], strides: &[isize], k: usize) -> (isize, isize) {
    let (mut lo, mut hi) = (0isize, k as isize);
    for (&n, &s) in shape.iter().zip(strides) {
        let span = ((n as isize).wrapping_sub(1)).wrapping_mul(s);
        if span < 0 {
            lo = lo.wrapping_add(span);
        } else {
            hi = hi.wrapping_add(span);
        }
    }
    (lo, hi)
}

/// Whether no two items of a direct block share a byte.
///
/// Conservative: dimensions sorted by |stride| must each step over
/// everything the smaller ones span (the usual sufficient test). Zero
/// strides, or strides that make items interleave, fail it. Assumes the
/// block is non-empty.
fn no_self_overlap(shape: &[usize], strides: &[isize], k: usize) -> bool {
    // (|stride|, length) of the dimensions that have more than one index,
    // insertion-sorted by |stride|: ndim <= 64 and usually tiny.
    let mut dims: Stack<(usize, usize)> = Stack::new();
    for (&n, &s) in shape.iter().zip(strides) {
        if n > 1 {
            dims.push((s.unsigned_abs(), n));
            let mut i = dims.len() - 1;
            while i > 0 && dims[i - 1].0 > dims[i].0 {
                dims.swap(i - 1, i);
                i -= 1;
            }
        }
    }
    let mut span = k;
    for &(step, n) in dims.iter() {
        if step < span {
            return false;
        }
        span = span.saturating_add((n - 1).saturating_mul(step));
    }
    true
}

// ==========================================================================
// Aliasing analysis
// ==========================================================================

/// What [`analyze`] found out about a copy's aliasing.
struct Overlap {
    /// No two written items share a byte.
    dst_disjoint: bool,
    /// The bytes read and the bytes written are disjoint (always true when
    /// there is no source side to compare with).
    hulls_disjoint: bool,
}

/// Decide, cheaply and conservatively, whether a copy into `d` (from `s`, if
/// given) may be reordered.
///
/// Direct layouts use [`no_self_overlap`] and bounding intervals. Indirect
/// layouts are split into leaf blocks (see [`Side::leaf_depth`]): each leaf
/// must be self-disjoint, and the destination leaves, in C order, must lie
/// in strictly increasing or strictly decreasing, non-overlapping address
/// ranges (true of any sane row-pointer table; anything else is treated as
/// aliasing). The source is compared through the bounding interval of all
/// its leaves.
///
/// # Safety
/// `shape` is non-empty in every dimension and both sides are valid layouts
/// for it, so every pointer slot visited is readable.
unsafe fn analyze(shape: &[usize], d: &Side<'_>, s: Option<&Side<'_>>, k: usize) -> Overlap {
    let mut zeros = Stack::new();
    zeros.fill_with(shape.len(), 0isize);
    let dummy = Side {
        buf: d.buf,
        strides: &zeros,
        subs: None,
    };
    let src = s.unwrap_or(&dummy);
    let depth = d.leaf_depth().max(src.leaf_depth());
    let leaf = &shape[depth..];
    let leaf_ok = no_self_overlap(leaf, &d.strides[depth..], k);
    let (dlo, dhi) = extent(leaf, &d.strides[depth..], k);
    let (slo, shi) = extent(leaf, &src.strides[depth..], k);

    let mut dir = 0i8;
    let mut mono = true;
    let mut prev = (0usize, 0usize);
    let mut first = true;
    let (mut dmin, mut dmax, mut smin, mut smax) = (usize::MAX, 0usize, usize::MAX, 0usize);
    let mut visit = |dp: *mut u8, sp: *mut u8| {
        let lo = (dp as usize).wrapping_add_signed(dlo);
        let hi = (dp as usize).wrapping_add_signed(dhi);
        if !first {
            let (plo, phi) = prev;
            let up = lo >= phi;
            let down = hi <= plo;
            match dir {
                0 if up => dir = 1,
                0 if down => dir = -1,
                1 if up => {}
                -1 if down => {}
                _ => mono = false,
            }
        }
        first = false;
        prev = (lo, hi);
        dmin = dmin.min(lo);
        dmax = dmax.max(hi);
        smin = smin.min((sp as usize).wrapping_add_signed(slo));
        smax = smax.max((sp as usize).wrapping_add_signed(shi));
    };
    // SAFETY: the caller guarantees every pointer slot of the layouts is valid.
    unsafe { walk_leaves(shape, depth, (d, src), 0, (d.buf, src.buf), &mut visit) };
    Overlap {
        dst_disjoint: leaf_ok && mono,
        hulls_disjoint: s.is_none() || dmax <= smin || smax <= dmin,
    }
}

// ==========================================================================
// Block drivers: indirect dimensions and partial copies
// ==========================================================================

/// Call `f(dst_leaf, src_leaf)` for every leaf block, in C order of the first
/// `depth` dimensions (starting from dimension `dim` at `dp`/`sp`).
///
/// # Safety
/// Both sides are valid layouts for `shape`, so every pointer slot visited
/// for an in-range index is readable.
unsafe fn walk_leaves<F: FnMut(*mut u8, *mut u8)>(
    shape: &[usize],
    depth: usize,
    (d, s): (&Side<'_>, &Side<'_>),
    dim: usize,
    (dp, sp): (*mut u8, *mut u8),
    f: &mut F,
) {
    if dim == depth {
        f(dp, sp);
        return;
    }
    for i in 0..shape[dim] {
        // SAFETY: `i` is in range for this dimension.
        unsafe {
            let x = d.step(dim, dp, i);
            let y = s.step(dim, sp, i);
            walk_leaves(shape, depth, (d, s), dim + 1, (x, y), f);
        }
    }
}

/// Copy every item of a (possibly indirect) block from `s` to `d`.
///
/// In `Ordered` and `Sequential` mode items are copied in C order over
/// `shape`; with `skip_first` the first item is left out.
///
/// # Safety
/// Both sides are valid layouts for `shape` with `k`-byte items; `mode` is
/// only `Free` when [`analyze`] (or the packed destination) proves order is
/// unobservable, and `Ordered` only when source and destination are disjoint.
unsafe fn copy_block(
    shape: &[usize],
    d: &Side<'_>,
    s: &Side<'_>,
    k: usize,
    mode: Mode,
    skip_first: bool,
) {
    let depth = d.leaf_depth().max(s.leaf_depth());
    let mut plan = Plan::new();
    let dims = shape.iter().zip(d.strides).zip(s.strides).skip(depth);
    for ((&n, &ds), &ss) in dims {
        plan.push(n, ds, ss);
    }
    let exec = plan.prepare(k, mode);
    if exec.empty {
        return;
    }
    if depth == 0 {
        // SAFETY: the caller's guarantees; the leaf is the whole block.
        unsafe { plan.execute(&exec, d.buf, s.buf, skip_first) };
        return;
    }
    let mut skip = skip_first;
    let mut leaf = |dp: *mut u8, sp: *mut u8| {
        // SAFETY: the leaf pointers come from valid pointer slots, and the
        // leaf dimensions are direct on both sides.
        unsafe { plan.execute(&exec, dp, sp, skip) };
        skip = false;
    };
    // SAFETY: the caller's guarantees.
    unsafe { walk_leaves(shape, depth, (d, s), 0, (d.buf, s.buf), &mut leaf) };
}

/// Copy the first `m` of `total` items of a block, in C order over `shape`.
///
/// The prefix is split into at most `ndim` sub-blocks: with `m` written in
/// the mixed radix of `shape` as digits `c_0 … c_{n-1}`, sub-block `j` fixes
/// indices `c_0 … c_{j-1}`, runs dimension `j` over `0..c_j` and the later
/// dimensions in full. Each sub-block is a layout of its own, so it gets the
/// full speed of [`copy_block`]; sub-blocks are copied in order.
///
/// # Safety
/// As for [`copy_block`]; `m <= total == product(shape)`.
unsafe fn copy_prefix(
    shape: &[usize],
    d: &Side<'_>,
    s: &Side<'_>,
    k: usize,
    mode: Mode,
    m: usize,
    total: usize,
) {
    if m == total {
        // SAFETY: the caller's guarantees.
        unsafe { copy_block(shape, d, s, k, mode, false) };
        return;
    }
    let ndim = shape.len();
    let mut sub = Stack::new();
    sub.fill_with(ndim, 0usize);
    sub.copy_from_slice(shape);
    let mut after = total; // product of shape[j..]
    let mut rem = m;
    let (mut dp, mut sp) = (d.buf, s.buf);
    for j in 0..ndim {
        after /= shape[j];
        let c = rem / after;
        rem %= after;
        if c > 0 {
            sub[j] = c;
            let (dj, sj) = (d.suffix(j, dp), s.suffix(j, sp));
            // SAFETY: the sub-block's items are items of the block.
            unsafe { copy_block(&sub[j..ndim], &dj, &sj, k, mode, false) };
            sub[j] = shape[j];
        }
        if rem == 0 {
            break;
        }
        // SAFETY: `c < shape[j]` because `rem < shape[j] * after` before the
        // division, so index `c` is in range.
        unsafe {
            dp = d.step(j, dp, c);
            sp = s.step(j, sp, c);
        }
    }
}

/// `PyBuffer_FromContiguous`'s own loop for F order through indirect
/// dimensions: F order interleaves the leaf blocks, so when they may alias
/// (or only a prefix is written) the items are visited one by one.
///
/// # Safety
/// `view` is a valid layout for `shape`; `src` readable for `n * k` bytes.
unsafe fn unpack_items_f(shape: &[usize], view: &Side<'_>, src: *const u8, k: usize, n: usize) {
    let ndim = shape.len();
    let mut idx = [0usize; MAX_NDIM];
    let mut sp = src;
    for _ in 0..n {
        let mut p = view.buf;
        for (dim, &i) in idx[..ndim].iter().enumerate() {
            // SAFETY: every index is kept in range below.
            p = unsafe { view.step(dim, p, i) };
        }
        // SAFETY: `p` is an item of the view, `sp` one of the `n` source items.
        unsafe { ptr::copy(sp, p, k) };
        sp = sp.wrapping_add(k);
        for (i, &len) in idx[..ndim].iter_mut().zip(shape) {
            if *i + 1 < len {
                *i += 1;
                break;
            }
            *i = 0;
        }
    }
}

// ==========================================================================
// Plans: direct copies
// ==========================================================================

/// How much freedom a copy has to reorder its item copies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Written items never overlap each other nor the items read: any order
    /// and any grouping gives the same bytes.
    Free,
    /// Written items may overlap each other, but not the items read: writes
    /// must come in logical order; runs contiguous on both sides may still be
    /// copied with one `memmove` (their items are distinct).
    Ordered,
    /// Written items may overlap the items read: each item is read and then
    /// written, one after the other, in logical order.
    Sequential,
}

/// One direct dimension of a copy: `n` items, `ds` / `ss` bytes apart in the
/// destination / source.
#[derive(Clone, Copy, Debug, Default)]
struct Dim {
    n: usize,
    ds: isize,
    ss: isize,
}

impl Dim {
    /// Byte offset of index `i` on each side.
    #[inline(always)]
    fn at(self, i: usize) -> (isize, isize) {
        let i = i as isize;
        (i.wrapping_mul(self.ds), i.wrapping_mul(self.ss))
    }
}

/// A direct copy: dimensions in walk order (outermost first).
struct Plan {
    dims: Stack<Dim>,
}

/// How to execute a prepared [`Plan`].
struct Exec {
    /// Nothing to copy (some dimension has length 0).
    empty: bool,
    k: usize,
    mode: Mode,
    /// Added to the destination / source base after flipping dimensions.
    dshift: isize,
    sshift: isize,
    /// The innermost dimension is contiguous on both sides and may be copied
    /// with one `memmove`.
    bulk_inner: bool,
    /// A transpose: this dimension (removed from `dims`) is walked together
    /// with the innermost one in tiles.
    tile: Option<Tile>,
    /// A vector kernel for the innermost dimension (reads spread out,
    /// writes contiguous).
    gather: Option<Gather>,
    /// A vector kernel for the innermost dimension (reads contiguous,
    /// writes spread out); only in `Free` mode.
    scatter: Option<Scatter>,
}

/// How a transpose walks its two dimensions; see [`transpose`].
#[derive(Clone, Copy, Debug)]
struct Tile {
    /// The dimension read nearly in order (the innermost one, `b`, is
    /// written nearly in order).
    a: Dim,
    /// Items per tile along `a` and `b`.
    ta: usize,
    tb: usize,
    /// Copy each tile through a stack buffer (large blocks of small items).
    staged: bool,
    /// Use [`tile_pairs8`] (small blocks of 8-byte items, contiguous along
    /// `a` in the source and along `b` in the destination).
    pairs8: bool,
    /// Vector kernel for reading a tile row along `a` into the stage.
    gather: Option<Gather>,
    /// Use [`transpose8`] (8-byte items contiguous along `a` in the source
    /// and along `b` in the destination, AVX-512F available).
    avx8: bool,
    /// Write the stage out with [`drain_u8x64`] (staged 1-byte items,
    /// contiguous along `b` in the destination, AVX-512F/BW available).
    avx_u8: bool,
    /// Write the stage out with [`drain_u8x64_spread`] (staged 1-byte
    /// items `b.ds` of 2 to [`SPREAD_MAX`] bytes apart along `b` in the
    /// destination, AVX-512F/BW/VBMI available).
    spread_u8: bool,
    /// Let [`transpose8`] or [`drain_u8x64`] write whole aligned
    /// destination lines with non-temporal stores (large blocks only).
    stream: bool,
}

/// Smallest source step (bytes) of the innermost dimension at which a copy
/// is treated as a transpose: below it, consecutive items share cache lines
/// anyway.
const TILE_MIN_STRIDE: usize = 64;

impl Plan {
    fn new() -> Self {
        Plan { dims: Stack::new() }
    }

    fn push(&mut self, n: usize, ds: isize, ss: isize) {
        self.dims.push(Dim { n, ds, ss });
    }

    /// Simplify the plan and choose a strategy for `k`-byte items.
    ///
    /// Always: drop length-1 dimensions, then merge each dimension into the
    /// next when the pair is contiguous on both sides (this keeps C order).
    /// In `Free` mode also: flip dimensions the destination walks backwards
    /// (so it is written forwards), sort by destination step (so it is written
    /// in memory order, which also makes 'F' copies walk the packed buffer in
    /// order), and, if the innermost dimension reads far-apart items while
    /// another dimension reads nearby ones, tile those two.
    fn prepare(&mut self, k: usize, mode: Mode) -> Exec {
        let mut exec = Exec {
            empty: false,
            k,
            mode,
            dshift: 0,
            sshift: 0,
            bulk_inner: false,
            tile: None,
            gather: None,
            scatter: None,
        };
        let mut len = 0;
        for i in 0..self.dims.len() {
            let d = self.dims[i];
            if d.n == 0 {
                exec.empty = true;
                return exec;
            }
            if d.n > 1 {
                self.dims[len] = d;
                len += 1;
            }
        }
        if mode == Mode::Free {
            for d in &mut self.dims[..len] {
                if d.ds < 0 {
                    let (a, b) = d.at(d.n - 1);
                    exec.dshift = exec.dshift.wrapping_add(a);
                    exec.sshift = exec.sshift.wrapping_add(b);
                    d.ds = d.ds.wrapping_neg();
                    d.ss = d.ss.wrapping_neg();
                }
            }
            // Insertion sort, largest destination step first.
            for i in 1..len {
                let d = self.dims[i];
                let mut j = i;
                while j > 0 && self.dims[j - 1].ds < d.ds {
                    self.dims[j] = self.dims[j - 1];
                    j -= 1;
                }
                self.dims[j] = d;
            }
        }
        // Merge neighbours that are contiguous with each other on both sides.
        let mut out = 0;
        for i in 0..len {
            let d = self.dims[i];
            if out > 0 {
                let o = self.dims[out - 1];
                let (ds, ss) = d.at(d.n);
                if o.ds == ds && o.ss == ss {
                    self.dims[out - 1] = Dim {
                        n: o.n * d.n,
                        ds: d.ds,
                        ss: d.ss,
                    };
                    continue;
                }
            }
            self.dims[out] = d;
            out += 1;
        }
        self.dims.truncate(out);
        let Some(&inner) = self.dims[..out].last() else {
            return exec;
        };
        let ku = k as isize;
        exec.bulk_inner = mode != Mode::Sequential && inner.ds == ku && inner.ss == ku;
        if mode == Mode::Free && !exec.bulk_inner && out >= 2 {
            let far = inner.ss.unsigned_abs();
            let (p, a) = self.dims[..out - 1]
                .iter()
                .enumerate()
                .min_by_key(|(_, d)| d.ss.unsigned_abs())
                .map(|(p, d)| (p, *d))
                .unwrap();
            if far >= TILE_MIN_STRIDE && a.ss.unsigned_abs() < far {
                self.dims.copy_within(p + 1..out, p);
                self.dims.truncate(out - 1);
                exec.tile = Some(Tile::new(k, a, inner));
                return exec;
            }
        }
        // Only runs of a few vector steps are worth building the masks for.
        if mode != Mode::Sequential && !exec.bulk_inner && inner.ds == ku && inner.n * k >= 64 {
            exec.gather = Gather::new(k, inner.ss);
        }
        // The scatter writes a step's items with one masked store, in no
        // particular order within the step, so only where order is free.
        if mode == Mode::Free && !exec.bulk_inner && inner.ss == ku && inner.n * k >= 64 {
            exec.scatter = Scatter::new(k, inner.ds, inner.n);
        }
        exec
    }
}

/// Bytes of the stack buffer that large transposes copy through.
const STAGE_BYTES: usize = 16 * 1024;

/// Blocks (bytes) from which a transpose of small items goes through the
/// stage; below it the block is (nearly) cache-resident anyway.
const STAGE_MIN_BLOCK: usize = 256 * 1024;

impl Tile {
    /// Tiling for walking `a` (small source step) with `b` (the innermost:
    /// small destination step, large source step), `k`-byte items.
    ///
    /// A tile reads runs of about 2 KiB along `a` and writes runs of about
    /// 512 bytes along `b`: long source runs keep the hardware prefetchers
    /// busy, where the misses of a transpose hurt most, while the tile stays
    /// within L2. (Sizes measured on 2048² f64 and 4096² u8 transposes.)
    ///
    /// Large blocks of 1- and 2-byte items instead go through a 16 KiB stack
    /// buffer: each tile's source rows are read into it in full (a vector
    /// gather when they are strided), then the destination rows are written
    /// from its columns. Reading a line of tiny items directly from a
    /// power-of-two stride would touch as many pages and cache sets as the
    /// tile has rows, and evict them long before the line is used up.
    fn new(k: usize, a: Dim, b: Dim) -> Tile {
        let along = |step: usize, bytes: usize| (bytes / step.max(1)).clamp(4, 1024);
        let (ta, tb);
        let large = a.n.saturating_mul(b.n).saturating_mul(k) >= STAGE_MIN_BLOCK;
        let staged = k <= 2 && large;
        if staged {
            ta = 256 / k;
            tb = 64.min(STAGE_BYTES / (ta * k));
        } else {
            ta = along(a.ss.unsigned_abs().max(k), 2048);
            tb = along(b.ds.unsigned_abs().max(k), 512);
        }
        let bytes = a.n.saturating_mul(b.n).saturating_mul(k);
        // Without streaming stores, the 8 × 8 kernel's band order loses to
        // the tiles below (by half on a 2048² block), except on blocks that
        // stay in L1 / L2 anyway.
        let stream = bytes >= STREAM_MIN_BLOCK;
        let avx8 = k == 8
            && a.ss == 8
            && b.ds == 8
            && a.n >= 8
            && b.n >= 8
            && (stream || bytes <= AVX8_MAX_CACHED)
            && avx512f();
        let avx_u8 = staged && k == 1 && b.ds == 1 && avx512bw();
        let spread_u8 =
            staged && k == 1 && (2..=SPREAD_MAX as isize).contains(&b.ds) && avx512vbmi();
        Tile {
            a,
            ta: ta.min(a.n),
            tb: tb.min(b.n).max(1),
            staged,
            // Measured: on large blocks the 2 × 2 kernel loses to the
            // scalar rows (its paired rows make more cache misses overlap
            // badly), on small ones it halves the time.
            pairs8: k == 8 && a.ss == 8 && b.ds == 8 && !large,
            gather: if staged { Gather::new(k, a.ss) } else { None },
            avx8,
            avx_u8,
            spread_u8,
            stream: (avx8 || avx_u8) && stream,
        }
    }
}

// ==========================================================================
// Inner kernels
// ==========================================================================

/// Copies one item of a fixed size; the implementations read the whole item
/// before writing any of it, so an item copy behaves like `memmove`.
trait ItemCopy: Copy {
    /// # Safety
    /// `s` readable and `d` writable for the item size; no alignment needed.
    unsafe fn copy(self, d: *mut u8, s: *const u8);
}

/// An item that is exactly one `T`.
#[derive(Clone, Copy)]
struct Word<T>(PhantomData<T>);

impl<T: Copy> ItemCopy for Word<T> {
    #[inline(always)]
    unsafe fn copy(self, d: *mut u8, s: *const u8) {
        // SAFETY: the caller guarantees `size_of::<T>()` valid bytes at each
        // pointer; unaligned access is used because strides are arbitrary.
        unsafe { (d as *mut T).write_unaligned((s as *const T).read_unaligned()) }
    }
}

/// An item of `size_of::<T>() < k < 2 * size_of::<T>()` bytes, copied as two
/// overlapping `T`s at offsets 0 and `tail = k - size_of::<T>()`.
#[derive(Clone, Copy)]
struct Pair<T> {
    tail: usize,
    _t: PhantomData<T>,
}

impl<T: Copy> ItemCopy for Pair<T> {
    #[inline(always)]
    unsafe fn copy(self, d: *mut u8, s: *const u8) {
        // SAFETY: both words lie inside the item (`tail + size_of::<T>() == k`);
        // both are read before either is written.
        unsafe {
            let a = (s as *const T).read_unaligned();
            let b = (s.add(self.tail) as *const T).read_unaligned();
            (d as *mut T).write_unaligned(a);
            (d.add(self.tail) as *mut T).write_unaligned(b);
        }
    }
}

/// A large item (32 bytes or more): `memmove` is as good as anything.
#[derive(Clone, Copy)]
struct Bytes(usize);

impl ItemCopy for Bytes {
    #[inline(always)]
    unsafe fn copy(self, d: *mut u8, s: *const u8) {
        // SAFETY: the caller guarantees `self.0` valid bytes at each pointer.
        unsafe { ptr::copy(s, d, self.0) }
    }
}

/// Evaluate `$body` with `$c` bound to the [`ItemCopy`] for `$k`-byte items,
/// so that each kernel is compiled once per item-size class.
macro_rules! with_item_copy {
    ($k:expr, |$c:ident| $body:expr) => {{
        let k: usize = $k;
        match k {
            1 => {
                let $c = Word::<u8>(PhantomData);
                $body
            }
            2 => {
                let $c = Word::<u16>(PhantomData);
                $body
            }
            3 => {
                let $c = Pair::<u16> {
                    tail: 1,
                    _t: PhantomData,
                };
                $body
            }
            4 => {
                let $c = Word::<u32>(PhantomData);
                $body
            }
            5..=7 => {
                let $c = Pair::<u32> {
                    tail: k - 4,
                    _t: PhantomData,
                };
                $body
            }
            8 => {
                let $c = Word::<u64>(PhantomData);
                $body
            }
            9..=15 => {
                let $c = Pair::<u64> {
                    tail: k - 8,
                    _t: PhantomData,
                };
                $body
            }
            16 => {
                let $c = Word::<u128>(PhantomData);
                $body
            }
            17..=31 => {
                let $c = Pair::<u128> {
                    tail: k - 16,
                    _t: PhantomData,
                };
                $body
            }
            _ => {
                let $c = Bytes(k);
                $body
            }
        }
    }};
}

impl Plan {
    /// Run a prepared plan from these base pointers.
    ///
    /// # Safety
    /// The plan describes valid items on both sides from `dst` / `src`, and
    /// `exec` came from [`Plan::prepare`] on this plan. `skip_first` is only
    /// set outside `Free` mode.
    unsafe fn execute(&self, exec: &Exec, dst: *mut u8, src: *mut u8, skip_first: bool) {
        debug_assert!(!exec.empty);
        debug_assert!(!(skip_first && exec.mode == Mode::Free));
        let dst = dst.wrapping_offset(exec.dshift);
        let src = src.wrapping_offset(exec.sshift).cast_const();
        let dims = &self.dims[..];
        // SAFETY: the caller's guarantees, passed on.
        with_item_copy!(exec.k, |c| unsafe {
            run_plan(c, dims, exec, dst, src, skip_first)
        })
    }
}

/// Copy `n` items, `ds` / `ss` bytes apart, in increasing index order.
///
/// # Safety
/// The `n` items on each side are valid.
#[inline(always)]
unsafe fn run_items<C: ItemCopy>(c: C, d: *mut u8, ds: isize, s: *const u8, ss: isize, n: usize) {
    let (mut d, mut s) = (d, s);
    let mut left = n;
    let step = ds.unsigned_abs();
    if left >= 64 && step != 0 {
        let (per, ahead) = if step >= 64 {
            (1, ds.wrapping_mul(8))
        } else {
            (64 / step, ds.signum() * 1024)
        };
        while left >= per {
            prefetch(d.wrapping_offset(ahead));
            for _ in 0..per {
                // SAFETY: each pointer visited is one of the `n` valid items.
                unsafe { c.copy(d, s) };
                d = d.wrapping_offset(ds);
                s = s.wrapping_offset(ss);
            }
            left -= per;
        }
    }
    for _ in 0..left {
        // SAFETY: each pointer visited is one of the `n` valid items.
        unsafe { c.copy(d, s) };
        d = d.wrapping_offset(ds);
        s = s.wrapping_offset(ss);
    }
}

/// Ask for the cache line at `p` ahead of use; never faults, whatever `p` is.
#[inline(always)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it reads nothing architecturally and
    // cannot fault, even for an invalid address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Call `body(d, s)` once per index of the `outer` dimensions, in C order.
///
/// Pointers are advanced with wrapping arithmetic: after the last index of
/// a dimension they may point outside the buffer, but are never used there.
#[inline(always)]
fn odometer(outer: &[Dim], d: *mut u8, s: *const u8, mut body: impl FnMut(*mut u8, *const u8)) {
    match outer {
        [] => body(d, s),
        [a] => walk_dim(*a, d, s, &mut body),
        [rest @ .., a] => nest(rest, *a, d, s, &mut body),
    }
}

/// `body` at each index of one dimension.
#[inline(always)]
fn walk_dim(a: Dim, d: *mut u8, s: *const u8, body: &mut impl FnMut(*mut u8, *const u8)) {
    let (mut d, mut s) = (d, s);
    for _ in 0..a.n {
        body(d, s);
        d = d.wrapping_offset(a.ds);
        s = s.wrapping_offset(a.ss);
    }
}

/// [`odometer`] for two or more dimensions, `last` being the fastest: a
/// recursion (depth <= 64) that needs no index array.
fn nest(
    outer: &[Dim],
    last: Dim,
    d: *mut u8,
    s: *const u8,
    body: &mut impl FnMut(*mut u8, *const u8),
) {
    match outer.split_first() {
        None => walk_dim(last, d, s, body),
        Some((a, rest)) => {
            let (mut d, mut s) = (d, s);
            for _ in 0..a.n {
                nest(rest, last, d, s, body);
                d = d.wrapping_offset(a.ds);
                s = s.wrapping_offset(a.ss);
            }
        }
    }
}

/// Execute a prepared plan with item copier `c`.
///
/// # Safety
/// As for [`Plan::execute`], with the flips of `exec` already applied.
#[inline(always)]
unsafe fn run_plan<C: ItemCopy>(
    c: C,
    dims: &[Dim],
    exec: &Exec,
    dst: *mut u8,
    src: *const u8,
    skip_first: bool,
) {
    let Some((&inner, outer)) = dims.split_last() else {
        if !skip_first {
            // SAFETY: a plan without dimensions is a single valid item.
            unsafe { c.copy(dst, src) };
        }
        return;
    };
    if let Some(tile) = &exec.tile {
        odometer(outer, dst, src, |d, s| {
            // SAFETY: `tile.a` × `inner` from here are valid items.
            unsafe { transpose(c, exec.k, tile, inner, d, s) }
        });
        return;
    }
    let k = exec.k;
    let bulk = exec.bulk_inner;
    let mut skip = skip_first;
    odometer(outer, dst, src, |d, s| {
        let (mut d, mut s, mut n) = (d, s, inner.n);
        if skip {
            skip = false;
            d = d.wrapping_offset(inner.ds);
            s = s.wrapping_offset(inner.ss);
            n -= 1;
        }
        if bulk {
            // SAFETY: the run is `n * k` contiguous valid bytes on each
            // side; `copy` tolerates overlap.
            unsafe { ptr::copy(s, d, n * k) }
        } else if let Some(sc) = &exec.scatter {
            // SAFETY: the run's items are valid, contiguous in the source and
            // `inner.ds` bytes apart in the destination, which is what the
            // scatter was built for; order is free (`Free` mode).
            unsafe { sc.run(d, s, n) }
        } else {
            // SAFETY: the run's items are valid.
            unsafe { run_strided(c, exec.gather.as_ref(), d, inner.ds, s, inner.ss, n) }
        }
    });
}

/// [`run_items`], with the leading items done by `gather` when there is one.
///
/// # Safety
/// As for [`run_items`]; `gather` only when the destination is contiguous
/// and the source step is the one it was built for.
#[inline(always)]
unsafe fn run_strided<C: ItemCopy>(
    c: C,
    gather: Option<&Gather>,
    d: *mut u8,
    ds: isize,
    s: *const u8,
    ss: isize,
    n: usize,
) {
    // SAFETY: the caller's guarantees for the whole run.
    let done = gather.map_or(0, |g| unsafe { g.run(d, s, n) });
    let (od, os) = Dim { n, ds, ss }.at(done);
    // SAFETY: the remaining items of the run.
    unsafe {
        run_items(
            c,
            d.wrapping_offset(od),
            ds,
            s.wrapping_offset(os),
            ss,
            n - done,
        )
    }
}

/// Copy the 2-D block `tile.a` × `b` tile by tile (see [`Tile::new`]).
///
/// `b` is the innermost dimension (written nearly in order, read far
/// apart); `tile.a` reads nearby items.
///
/// # Safety
/// Every item of the block is valid on both sides; order is free.
#[inline(always)]
unsafe fn transpose<C: ItemCopy>(c: C, k: usize, tile: &Tile, b: Dim, d: *mut u8, s: *const u8) {
    if tile.staged {
        // SAFETY: the caller's guarantees.
        unsafe { transpose_staged(c, k, tile, b, d, s) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if tile.avx8 {
        // SAFETY: `avx8` is only set for 8-byte items contiguous along `a`
        // in the source and along `b` in the destination, on a CPU with
        // AVX-512F; the caller's guarantees.
        unsafe { transpose8(tile, b, d, s) };
        return;
    }
    let a = tile.a;
    for_each_tile(tile, b, d, s, |dt, st, na, nb| {
        if tile.pairs8 {
            // SAFETY: the tile's items are valid (the caller's guarantee).
            unsafe { tile_pairs8(dt, a.ds, st, b.ss, na, nb) };
            return;
        }
        for i in 0..na {
            let (id, is) = a.at(i);
            // SAFETY: row `i`, columns `0..nb` of the tile are valid items.
            unsafe {
                run_items(
                    c,
                    dt.wrapping_offset(id),
                    b.ds,
                    st.wrapping_offset(is),
                    b.ss,
                    nb,
                )
            };
        }
    });
}

/// [`transpose`] through a stack buffer: each tile's source rows (along
/// `a`) are copied into the stage, then the destination rows (along `b`)
/// are written from its columns ([`drain_u8x64`] with `tile.avx_u8`,
/// [`drain_u8x64_spread`] with `tile.spread_u8`). Kept
/// out of line so that only this path pays for the 16 KiB stack frame.
///
/// With `tile.stream` (only set with `tile.avx_u8`, whose destination is
/// contiguous along `b`), the columns before the first 64-byte aligned
/// destination byte of row 0 are done as a block of their own, so that
/// the full tiles after them start on line boundaries; an `sfence` at the
/// end orders the non-temporal stores before anything the caller does next.
///
/// # Safety
/// As for [`transpose`]; `tile.ta * tile.tb * k <= STAGE_BYTES`.
#[inline(never)]
unsafe fn transpose_staged<C: ItemCopy>(
    c: C,
    k: usize,
    tile: &Tile,
    b: Dim,
    d: *mut u8,
    s: *const u8,
) {
    let a = tile.a;
    let mut stage = [MaybeUninit::<u8>::uninit(); STAGE_BYTES];
    let stage = stage.as_mut_ptr().cast::<u8>();
    let pitch = tile.ta * k;
    let head = if tile.stream {
        ((64 - d as usize % 64) % 64).min(b.n)
    } else {
        0
    };
    #[cfg(target_arch = "x86_64")]
    let spread = tile.spread_u8.then(|| Spread::new(b.ds as usize));
    for (b0, n) in [(0, head), (head, b.n - head)] {
        if n == 0 {
            continue;
        }
        let (od, os) = b.at(b0);
        let part = Dim { n, ..b };
        let (d, s) = (d.wrapping_offset(od), s.wrapping_offset(os));
        for_each_tile(tile, part, d, s, |dt, st, na, nb| {
            for j in 0..nb {
                let row = stage.wrapping_add(j * pitch);
                let srow = st.wrapping_offset(b.at(j).1);
                if tile.avx_u8 || tile.spread_u8 {
                    // The same row of the next tile: its lines come from
                    // another page, which the hardware prefetchers do not
                    // follow (measured: +10% on a 4096 × 2048 block).
                    let next = srow.wrapping_offset(b.at(nb).1);
                    let span = (na as isize - 1) * a.ss;
                    let (mut o, end) = (span.min(0), span.max(0));
                    while o <= end {
                        prefetch(next.wrapping_offset(o));
                        o += 64;
                    }
                }
                if a.ss == k as isize {
                    // SAFETY: source row `j` of the tile is `na` contiguous
                    // items; stage row `j` holds `ta * k >= na * k` bytes and
                    // is not part of the source.
                    unsafe { ptr::copy_nonoverlapping(srow, row, na * k) };
                } else {
                    // SAFETY: as above, the source items `a.ss` bytes apart.
                    unsafe {
                        run_strided(c, tile.gather.as_ref(), row, k as isize, srow, a.ss, na)
                    };
                }
            }
            let mut done = 0;
            #[cfg(target_arch = "x86_64")]
            if tile.avx_u8 && nb == 64 {
                // `avx_u8` is only set for 1-byte items contiguous along `b`
                // in the destination, on a CPU with AVX-512F/BW; the stage
                // holds 64 rows of `na` items, `pitch` bytes apart, all
                // written above.
                // SAFETY: destination row `i` of the tile is 64 valid bytes
                // at `dt + i * a.ds`, and order is free (see above).
                done = unsafe { drain_u8x64(stage, pitch, na, dt, a.ds, tile.stream) };
            }
            #[cfg(target_arch = "x86_64")]
            if let Some(sp) = spread.as_ref().filter(|_| nb == 64) {
                // `spread_u8` is only set for 1-byte items `b.ds` bytes apart
                // along `b` in the destination, on a CPU with AVX-512F/BW/VBMI,
                // and `sp` was built for that step; the stage is as above.
                // SAFETY: destination row `i` of the tile is 64 valid items,
                // `b.ds` bytes apart from `dt + i * a.ds`; order is free.
                done = unsafe { drain_u8x64_spread(stage, pitch, na, dt, a.ds, sp) };
            }
            for i in done..na {
                let col = stage.wrapping_add(i * k);
                // SAFETY: destination row `i` of the tile is valid; stage
                // column `i` was filled above, `pitch` bytes apart.
                unsafe {
                    run_items(
                        c,
                        dt.wrapping_offset(a.at(i).0),
                        b.ds,
                        col,
                        pitch as isize,
                        nb,
                    )
                };
            }
        });
    }
    #[cfg(target_arch = "x86_64")]
    if tile.stream {
        // SAFETY: `stream` is only set on a CPU with AVX-512F (so SSE).
        unsafe { std::arch::x86_64::_mm_sfence() };
    }
}

/// Transpose 16 stage columns of 64 rows (`pitch` bytes apart, from `p`)
/// with AVX-512BW into `[__m512i; 16]`: each of 16 registers holds one
/// 16-byte stretch of stage rows `r`, `r + 16`, `r + 32` and `r + 48` in
/// its four 128-bit lanes, four rounds of in-lane unpacks (8-, 16-, 32-,
/// 64-bit) transpose each lane as a 16 × 16 byte block, and register `c`
/// of the result is then stage column `c`: 64 bytes, one from each row.
///
/// A macro rather than a function so that it is expanded inside each
/// `#[target_feature]` caller (a helper was measured not to be inlined,
/// passing the registers through memory). Must be used inside an
/// `unsafe` block of a function with AVX-512F/BW enabled, where the 16
/// bytes from `p + r * pitch` are readable and initialised for every
/// row `r < 64`.
#[cfg(target_arch = "x86_64")]
macro_rules! transpose_u8x16x64 {
    ($p:expr, $pitch:expr) => {{
        let (p, pitch): (*const u8, usize) = ($p, $pitch);
        let mut x = [_mm512_setzero_si512(); 16];
        for (r, v) in x.iter_mut().enumerate() {
            let w = _mm512_castsi128_si512(_mm_loadu_si128(p.add(r * pitch).cast()));
            let w = _mm512_inserti32x4::<1>(w, _mm_loadu_si128(p.add((r + 16) * pitch).cast()));
            let w = _mm512_inserti32x4::<2>(w, _mm_loadu_si128(p.add((r + 32) * pitch).cast()));
            *v = _mm512_inserti32x4::<3>(w, _mm_loadu_si128(p.add((r + 48) * pitch).cast()));
        }
        // Round m pairs registers 2j and 2j + 1 and interleaves their units
        // of 2^m bytes: after four rounds, register p holds, in each lane,
        // column bitrev4(p) of that lane's 16 × 16 block.
        let mut y = [_mm512_setzero_si512(); 16];
        macro_rules! round {
            ($lo:ident, $hi:ident, $from:ident, $to:ident) => {
                for j in 0..8 {
                    $to[j] = $lo($from[2 * j], $from[2 * j + 1]);
                    $to[j + 8] = $hi($from[2 * j], $from[2 * j + 1]);
                }
            };
        }
        round!(_mm512_unpacklo_epi8, _mm512_unpackhi_epi8, x, y);
        round!(_mm512_unpacklo_epi16, _mm512_unpackhi_epi16, y, x);
        round!(_mm512_unpacklo_epi32, _mm512_unpackhi_epi32, x, y);
        round!(_mm512_unpacklo_epi64, _mm512_unpackhi_epi64, y, x);
        for (c, &rev) in BITREV4.iter().enumerate() {
            y[c] = x[rev as usize];
        }
        y
    }};
}

/// Write out a stage of 64 rows of 1-byte items (`pitch` bytes apart, `na`
/// items each) transposed: destination row `i` (at `d + i * dsa`) gets the
/// 64 bytes of stage column `i` (see `transpose_u8x16x64!`). With
/// `stream`, rows that start on a 64-byte boundary are written with a
/// non-temporal store (the caller issues the `sfence`). Returns the number
/// of rows written (`na` rounded down to a multiple of 16); the caller
/// copies the rest.
///
/// # Safety
/// AVX-512F/BW are available; the stage's `64 × pitch` bytes are readable
/// and its first `na <= pitch` bytes of every row initialised; `na` rows of
/// 64 bytes each are writable at `d + i * dsa` and do not overlap the stage.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn drain_u8x64(
    stage: *const u8,
    pitch: usize,
    na: usize,
    d: *mut u8,
    dsa: isize,
    stream: bool,
) -> usize {
    use std::arch::x86_64::*;
    let rows = na / 16 * 16;
    let mut i = 0;
    while i < rows {
        // SAFETY: columns `i..i + 16 <= na` of the stage's 64 rows are
        // readable and initialised.
        let x = unsafe { transpose_u8x16x64!(stage.add(i), pitch) };
        for (c, v) in x.into_iter().enumerate() {
            let q = d.wrapping_offset(((i + c) as isize).wrapping_mul(dsa));
            // SAFETY: the 64 bytes of destination row `i + c < na`.
            unsafe {
                if stream && (q as usize).is_multiple_of(64) {
                    _mm512_stream_si512(q.cast(), v);
                } else {
                    _mm512_storeu_si512(q.cast(), v);
                }
            }
        }
        i += 16;
    }
    rows
}

/// Largest destination step (bytes) of [`drain_u8x64_spread`].
const SPREAD_MAX: usize = 4;

/// Byte permutes and store masks that spread 64 bytes to `ds` bytes apart:
/// destination line `c < ds` of a row (bytes `64c .. 64c + 64` from its
/// first item) takes byte `idx[c][p]` of the row's register at byte `p`
/// where bit `p` of `mask[c]` is set, i.e. where `64c + p` is a multiple
/// of `ds`. Every other bit is clear, so the gap bytes are never stored.
#[cfg(target_arch = "x86_64")]
struct Spread {
    ds: usize,
    idx: [[u8; 64]; SPREAD_MAX],
    mask: [u64; SPREAD_MAX],
}

#[cfg(target_arch = "x86_64")]
impl Spread {
    /// The tables for step `ds`, `2 <= ds <= SPREAD_MAX`.
    fn new(ds: usize) -> Spread {
        debug_assert!((2..=SPREAD_MAX).contains(&ds));
        let mut sp = Spread {
            ds,
            idx: [[0; 64]; SPREAD_MAX],
            mask: [0; SPREAD_MAX],
        };
        for c in 0..ds {
            for p in 0..64 {
                let at = 64 * c + p;
                if at % ds == 0 {
                    sp.idx[c][p] = (at / ds) as u8;
                    sp.mask[c] |= 1 << p;
                }
            }
        }
        sp
    }
}

/// [`drain_u8x64`] for a destination whose rows are 64 items `sp.ds`
/// bytes apart (`2 <= ds <= SPREAD_MAX`): each transposed register is
/// spread over the row's `ds` lines with a byte permute (AVX-512 VBMI) and
/// a masked store per line. A masked store writes only the bytes of its
/// mask, so the gap bytes between items are never written (not even with
/// their own values, which another thread could observe). Returns the
/// number of rows written (`na` rounded down to a multiple of 16).
///
/// # Safety
/// AVX-512F/BW/VBMI are available; the stage as for [`drain_u8x64`];
/// destination row `i < na` is 64 writable items `sp.ds` bytes apart from
/// `d + i * dsa`, none of them overlapping the stage.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
unsafe fn drain_u8x64_spread(
    stage: *const u8,
    pitch: usize,
    na: usize,
    d: *mut u8,
    dsa: isize,
    sp: &Spread,
) -> usize {
    use std::arch::x86_64::*;
    let ds = sp.ds;
    let mut idx = [_mm512_setzero_si512(); SPREAD_MAX];
    for (v, t) in idx.iter_mut().zip(&sp.idx) {
        // SAFETY: each table row is 64 readable bytes.
        *v = unsafe { _mm512_loadu_si512(t.as_ptr().cast()) };
    }
    let rows = na / 16 * 16;
    let mut i = 0;
    while i < rows {
        // SAFETY: columns `i..i + 16 <= na` of the stage's 64 rows are
        // readable and initialised.
        let x = unsafe { transpose_u8x16x64!(stage.add(i), pitch) };
        for (c, v) in x.into_iter().enumerate() {
            let q = d.wrapping_offset(((i + c) as isize).wrapping_mul(dsa));
            for (l, (&ix, &m)) in idx[..ds].iter().zip(&sp.mask[..ds]).enumerate() {
                let w = _mm512_permutexvar_epi8(ix, v);
                // The mask selects exactly the bytes `64l + p` (from the
                // first item of destination row `i + c < na`) with `p` a
                // multiple of `ds`, i.e. items of that row.
                // SAFETY: only item bytes are stored; the last item, 63, is
                // at `63 * ds < 64 * ds`, inside the row.
                unsafe { _mm512_mask_storeu_epi8(q.add(64 * l).cast(), m, w) };
                // The same line for the next tile (64 items on along the
                // row): each tile writes a few lines in each of up to 256
                // rows far apart, which the hardware prefetchers do not
                // follow (measured: +7% on a 4096 × 2048 block).
                _mm_prefetch::<_MM_HINT_ET0>(q.wrapping_add(64 * (ds + l)).cast());
            }
        }
        i += 16;
    }
    rows
}

/// `BITREV4[c]` is `c` with its four bits reversed.
#[cfg(target_arch = "x86_64")]
const BITREV4: [u8; 16] = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];

/// Call `f(dst, src, na, nb)` for each tile of the block `tile.a` × `b`, in
/// row-major tile order.
#[inline(always)]
fn for_each_tile(
    tile: &Tile,
    b: Dim,
    d: *mut u8,
    s: *const u8,
    mut f: impl FnMut(*mut u8, *const u8, usize, usize),
) {
    let a = tile.a;
    let mut a0 = 0;
    while a0 < a.n {
        let na = tile.ta.min(a.n - a0);
        let mut b0 = 0;
        while b0 < b.n {
            let nb = tile.tb.min(b.n - b0);
            let (ad, as_) = a.at(a0);
            let (bd, bs) = b.at(b0);
            f(
                d.wrapping_offset(ad.wrapping_add(bd)),
                s.wrapping_offset(as_.wrapping_add(bs)),
                na,
                nb,
            );
            b0 += nb;
        }
        a0 += na;
    }
}

// ==========================================================================
// Vector kernels
// ==========================================================================

/// One tile of a transpose of 8-byte items that are contiguous along `a` in
/// the source and along `b` in the destination: 2 × 2 blocks, each two
/// 16-byte loads, two unpacks and two 16-byte stores (SSE2 is part of
/// x86-64) instead of four scalar copies.
///
/// # Safety
/// The `na` × `nb` tile is valid on both sides: destination item `(i, j)` at
/// `d + i * dsa + 8 * j`, source item `(i, j)` at `s + 8 * i + j * ssb`.
#[inline(always)]
unsafe fn tile_pairs8(d: *mut u8, dsa: isize, s: *const u8, ssb: isize, na: usize, nb: usize) {
    let c = Word::<u64>(PhantomData);
    let mut i = 0;
    #[cfg(target_arch = "x86_64")]
    while i + 2 <= na {
        use std::arch::x86_64::*;
        let d0 = d.wrapping_offset(i as isize * dsa);
        let d1 = d0.wrapping_offset(dsa);
        let sc = s.wrapping_add(8 * i);
        let mut j = 0;
        while j + 2 <= nb {
            let x = sc.wrapping_offset(j as isize * ssb);
            let y = x.wrapping_offset(ssb);
            // Items (i, j), (i + 1, j) are 16 contiguous source bytes at
            // `x`, and (i, j + 1), (i + 1, j + 1) at `y`.
            // SAFETY: items (i, j), (i, j + 1) are 16 destination bytes at
            // `d0 + 8j`, and (i + 1, j), (i + 1, j + 1) at `d1 + 8j`.
            unsafe {
                let (x, y) = (_mm_loadu_si128(x.cast()), _mm_loadu_si128(y.cast()));
                _mm_storeu_si128(d0.add(8 * j).cast(), _mm_unpacklo_epi64(x, y));
                _mm_storeu_si128(d1.add(8 * j).cast(), _mm_unpackhi_epi64(x, y));
            }
            j += 2;
        }
        if j < nb {
            let x = sc.wrapping_offset(j as isize * ssb);
            // SAFETY: the last column of rows i and i + 1.
            unsafe {
                c.copy(d0.add(8 * j), x);
                c.copy(d1.add(8 * j), x.add(8));
            }
        }
        i += 2;
    }
    while i < na {
        let d0 = d.wrapping_offset(i as isize * dsa);
        // SAFETY: row i of the tile.
        unsafe { run_items(c, d0, 8, s.wrapping_add(8 * i), ssb, nb) };
        i += 1;
    }
}

/// Whether the CPU has AVX-512F (cached by the standard library).
#[inline(always)]
fn avx512f() -> bool {
    cpu::has(cpu::Feature::Avx512f)
}

/// Whether the CPU has AVX-512F, AVX-512BW and AVX-512VBMI (cached by the
/// standard library).
#[inline(always)]
fn avx512vbmi() -> bool {
    avx512bw() && cpu::has(cpu::Feature::Avx512vbmi)
}

/// Whether the CPU has AVX-512F and AVX-512BW (cached by the standard
/// library).
#[inline(always)]
fn avx512bw() -> bool {
    cpu::has(cpu::Feature::Avx512f) && cpu::has(cpu::Feature::Avx512bw)
}

/// Blocks (bytes) from which [`transpose8`] writes the destination with
/// non-temporal stores: well past L2, where the block would only evict
/// everything else and a normal store costs a read of the line first.
const STREAM_MIN_BLOCK: usize = 4 << 20;

/// Blocks (bytes) up to which [`transpose8`] is used without streaming.
const AVX8_MAX_CACHED: usize = 32 << 10;

/// Rows (along `a`) of one band of [`transpose8`], whose columns are walked
/// one after the other: long bands keep the source columns streaming
/// (measured on a 2048² transpose: 256 rows 51% of memcpy, 2048 rows 55%,
/// 64 rows 47%).
const BAND8: usize = 2048;

/// A transpose of 8-byte items, contiguous along `a` in the source and
/// along `b` in the destination, in 8 × 8 blocks with AVX-512F: eight
/// 64-byte loads (eight items along `a` from each of eight columns), 24
/// shuffles, eight 64-byte stores (eight items along `b` in each of eight
/// rows). Every load and store covers whole items only.
///
/// The columns after the last whole block and the rows after the last
/// whole block are copied by [`run_items`]. With `tile.stream`, the grid
/// starts at the first column whose destination is 64-byte aligned in
/// row 0 (the columns before it also go to [`run_items`]), and each block
/// row whose destination is 64-byte aligned (all of them when the
/// destination's row step is a multiple of 64) is written with a
/// non-temporal store, which writes the whole line (of items only: eight
/// items contiguous along `b`) without reading it first; an `sfence` at
/// the end orders those stores before anything the caller does next.
/// Streaming is only chosen in `Free` mode, where no two items alias.
///
/// # Safety
/// AVX-512F is available; every item of the block is valid on both sides,
/// destination item `(i, j)` at `d + i * a.ds + 8 * j`, source item at
/// `s + 8 * i + j * b.ss`; order is free.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn transpose8(tile: &Tile, b: Dim, d: *mut u8, s: *const u8) {
    use std::arch::x86_64::*;
    let c = Word::<u64>(PhantomData);
    let a = tile.a;
    let (dsa, ssb) = (a.ds, b.ss);
    let stream = tile.stream;
    // With streaming stores: columns before the first 64-byte aligned
    // destination in row 0 (alignment matters little to normal stores).
    let head = if stream && (d as usize).is_multiple_of(8) {
        ((64 - d as usize % 64) % 64 / 8).min(b.n)
    } else {
        0
    };
    let cols = (b.n - head) / 8 * 8;
    let rows = a.n / 8 * 8;
    for j in (0..head).chain(head + cols..b.n) {
        let (od, os) = b.at(j);
        // SAFETY: column `j`, rows `0..rows`, are valid items.
        unsafe {
            run_items(
                c,
                d.wrapping_offset(od),
                dsa,
                s.wrapping_offset(os),
                8,
                rows,
            )
        };
    }
    for i in rows..a.n {
        let (od, os) = a.at(i);
        // SAFETY: row `i` is `b.n` valid items.
        unsafe { run_items(c, d.wrapping_offset(od), 8, s.wrapping_offset(os), ssb, b.n) };
    }
    let mut i0 = 0;
    while i0 < rows {
        let band = BAND8.min(rows - i0);
        let mut j = head;
        while j < head + cols {
            let dc = d.wrapping_offset(8 * j as isize);
            let sc = s.wrapping_offset((j as isize).wrapping_mul(ssb));
            let mut i = i0;
            while i < i0 + band {
                let dp = dc.wrapping_offset((i as isize).wrapping_mul(dsa));
                let sp = sc.wrapping_add(8 * i);
                // The 8 × 8 block at (i, j) lies inside the block: `i + 8 <=
                // rows` and `j + 8 <= head + cols <= b.n`. Source column
                // `j + r` holds items (i..i + 8, j + r) in 64 contiguous bytes.
                // SAFETY: destination row `i + r` holds items (i + r, j..j + 8)
                // in 64 contiguous bytes, aligned for the stream store where
                // checked.
                unsafe {
                    let ld = |r: isize| _mm512_loadu_pd(sp.wrapping_offset(r * ssb).cast());
                    let (x0, x1, x2, x3) = (ld(0), ld(1), ld(2), ld(3));
                    let (x4, x5, x6, x7) = (ld(4), ld(5), ld(6), ld(7));
                    let t0 = _mm512_unpacklo_pd(x0, x1);
                    let t1 = _mm512_unpackhi_pd(x0, x1);
                    let t2 = _mm512_unpacklo_pd(x2, x3);
                    let t3 = _mm512_unpackhi_pd(x2, x3);
                    let t4 = _mm512_unpacklo_pd(x4, x5);
                    let t5 = _mm512_unpackhi_pd(x4, x5);
                    let t6 = _mm512_unpacklo_pd(x6, x7);
                    let t7 = _mm512_unpackhi_pd(x6, x7);
                    let u0 = _mm512_shuffle_f64x2::<0x88>(t0, t2);
                    let u1 = _mm512_shuffle_f64x2::<0x88>(t1, t3);
                    let u2 = _mm512_shuffle_f64x2::<0xdd>(t0, t2);
                    let u3 = _mm512_shuffle_f64x2::<0xdd>(t1, t3);
                    let u4 = _mm512_shuffle_f64x2::<0x88>(t4, t6);
                    let u5 = _mm512_shuffle_f64x2::<0x88>(t5, t7);
                    let u6 = _mm512_shuffle_f64x2::<0xdd>(t4, t6);
                    let u7 = _mm512_shuffle_f64x2::<0xdd>(t5, t7);
                    let out = [
                        _mm512_shuffle_f64x2::<0x88>(u0, u4),
                        _mm512_shuffle_f64x2::<0x88>(u1, u5),
                        _mm512_shuffle_f64x2::<0x88>(u2, u6),
                        _mm512_shuffle_f64x2::<0x88>(u3, u7),
                        _mm512_shuffle_f64x2::<0xdd>(u0, u4),
                        _mm512_shuffle_f64x2::<0xdd>(u1, u5),
                        _mm512_shuffle_f64x2::<0xdd>(u2, u6),
                        _mm512_shuffle_f64x2::<0xdd>(u3, u7),
                    ];
                    for (r, v) in out.into_iter().enumerate() {
                        let q = dp.wrapping_offset((r as isize).wrapping_mul(dsa));
                        if stream && (q as usize).is_multiple_of(64) {
                            _mm512_stream_pd(q.cast(), v);
                        } else {
                            _mm512_storeu_pd(q.cast(), v);
                        }
                    }
                }
                i += 8;
            }
            j += 8;
        }
        i0 += band;
    }
    if stream {
        _mm_sfence();
    }
}

/// Packs items that are a few bytes apart into contiguous items with SSSE3
/// byte shuffles: 16 destination bytes (`16 / k` items) from 32 source bytes
/// per step, for item sizes 1, 2, 4 and 8.
///
/// Reads may touch the gap bytes between two items of the run (never bytes
/// outside the run's first and last item); writes touch only items.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug)]
struct Gather {
    /// Shuffle for the first and the second 16 source bytes (0x80: zero).
    lo: [u8; 16],
    hi: [u8; 16],
    /// Items per step and their source step in bytes.
    per: usize,
    ss: usize,
    k: usize,
}

#[cfg(target_arch = "x86_64")]
impl Gather {
    /// The kernel for `k`-byte items `ss` bytes apart, if there is one and
    /// the CPU has SSSE3.
    fn new(k: usize, ss: isize) -> Option<Gather> {
        if !matches!(k, 1 | 2 | 4 | 8) || ss <= k as isize {
            return None;
        }
        let (ss, per) = (ss as usize, 16 / k);
        if (per - 1) * ss + k > 32 || !cpu::has(cpu::Feature::Ssse3) {
            return None;
        }
        let (mut lo, mut hi) = ([0x80u8; 16], [0x80u8; 16]);
        for j in 0..16 {
            let off = (j / k) * ss + j % k;
            if off < 16 {
                lo[j] = off as u8;
            } else {
                hi[j] = (off - 16) as u8;
            }
        }
        Some(Gather { lo, hi, per, ss, k })
    }

    /// Copy the leading items of a run of `n` (whole steps only, and only
    /// while a step's 32 source bytes stay within the run); returns how many.
    ///
    /// # Safety
    /// The run's `n` items are valid: the source ones `self.ss` bytes apart,
    /// the destination ones contiguous.
    #[inline(always)]
    unsafe fn run(&self, d: *mut u8, s: *const u8, n: usize) -> usize {
        let span = (n.max(1) - 1) * self.ss + self.k;
        if span < 32 {
            return 0;
        }
        let steps = (n / self.per).min((span - 32) / (self.per * self.ss) + 1);
        // SAFETY: `new` checked for SSSE3; the caller's guarantees.
        unsafe { self.run_ssse3(d, s, steps) };
        steps * self.per
    }

    /// # Safety
    /// SSSE3 is available; `steps` whole steps lie within the run.
    #[target_feature(enable = "ssse3")]
    unsafe fn run_ssse3(&self, d: *mut u8, s: *const u8, steps: usize) {
        use std::arch::x86_64::*;
        // SAFETY: the masks are 16 readable bytes each; every step reads 32
        // bytes inside the run's source span and writes `per` whole items.
        unsafe {
            let lo = _mm_loadu_si128(self.lo.as_ptr().cast());
            let hi = _mm_loadu_si128(self.hi.as_ptr().cast());
            for i in 0..steps {
                let sp = s.add(i * self.per * self.ss);
                let x = _mm_loadu_si128(sp.cast());
                let y = _mm_loadu_si128(sp.add(16).cast());
                let v = _mm_or_si128(_mm_shuffle_epi8(x, lo), _mm_shuffle_epi8(y, hi));
                _mm_storeu_si128(d.add(i * 16).cast(), v);
            }
        }
    }
}

/// Elsewhere there is no vector kernel (yet): runs use the scalar loops.
#[cfg(not(target_arch = "x86_64"))]
#[derive(Clone, Copy, Debug)]
struct Gather;

#[cfg(not(target_arch = "x86_64"))]
impl Gather {
    fn new(_k: usize, _ss: isize) -> Option<Gather> {
        None
    }

    /// # Safety
    /// Never called: no `Gather` is ever built.
    unsafe fn run(&self, _d: *mut u8, _s: *const u8, _n: usize) -> usize {
        0
    }
}

/// Spreads contiguous items into destination items `ds` bytes apart (`k <
/// ds`, `ds + k <= 64`) with AVX-512: per step, the `per` items that fit in
/// 64 destination bytes are loaded with one masked load, moved into place
/// with one byte permute (AVX-512 VBMI) or zero-extension (AVX-512BW, for
/// `ds == 2k` and `k` of 1, 2 or 4 only), and written with one masked
/// store. The last, partial step narrows both masks, so the whole run is
/// done by the kernel.
///
/// A masked store never writes the bytes its mask leaves out, so the gap
/// bytes between items are not touched at all (not even rewritten with
/// their own values, which another thread could observe); a masked load
/// never reads outside the run's source bytes.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy, Debug)]
struct Scatter {
    /// Source byte (within a step) of each of a step's 64 destination bytes.
    idx: [u8; 64],
    /// The destination bytes of a step that belong to items.
    mask: u64,
    /// Items per step, destination step and item size, in bytes.
    per: usize,
    ds: usize,
    k: usize,
    /// Permute with VBMI; otherwise zero-extend (`ds == 2k`).
    vbmi: bool,
}

/// The lowest `bits` bits set (all 64 from 64 on).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn low_bits(bits: usize) -> u64 {
    if bits >= 64 { !0 } else { (1u64 << bits) - 1 }
}

#[cfg(target_arch = "x86_64")]
impl Scatter {
    /// The kernel for runs of `n` `k`-byte items written `ds` bytes apart,
    /// if the stride suits it, the run has at least one full step and the
    /// CPU has AVX-512F/BW/VL (and VBMI, unless `ds == 2k` with `k` 1, 2
    /// or 4).
    fn new(k: usize, ds: isize, n: usize) -> Option<Scatter> {
        if ds <= k as isize || ds as usize + k > 64 {
            return None;
        }
        let ds = ds as usize;
        let per = (64 - k) / ds + 1;
        let widen = ds == 2 * k && matches!(k, 1 | 2 | 4);
        if n < per
            || !cpu::has(cpu::Feature::Avx512f)
            || !cpu::has(cpu::Feature::Avx512bw)
            || !cpu::has(cpu::Feature::Avx512vl)
        {
            return None;
        }
        let vbmi = cpu::has(cpu::Feature::Avx512vbmi);
        if !vbmi && !widen {
            return None;
        }
        Some(Scatter::build(k, ds, vbmi))
    }

    /// The tables for `k`-byte items `ds` bytes apart (`k < ds`, `ds + k <=
    /// 64`); `vbmi` picks the kernel, whose CPU features the caller checked.
    fn build(k: usize, ds: usize, vbmi: bool) -> Scatter {
        let per = (64 - k) / ds + 1;
        let (mut idx, mut mask) = ([0u8; 64], 0u64);
        for i in 0..per {
            for b in 0..k {
                idx[i * ds + b] = (i * k + b) as u8;
                mask |= 1 << (i * ds + b);
            }
        }
        Scatter {
            idx,
            mask,
            per,
            ds,
            k,
            vbmi,
        }
    }

    /// Copy a whole run of `n >= 1` items.
    ///
    /// # Safety
    /// The run's `n` items are valid: the source ones contiguous, the
    /// destination ones `self.ds` bytes apart, and the two do not overlap.
    #[inline(always)]
    unsafe fn run(&self, d: *mut u8, s: *const u8, n: usize) {
        if self.vbmi {
            // SAFETY: `new` checked for AVX-512F/BW/VBMI; the caller's guarantees.
            unsafe { self.run_vbmi(d, s, n) }
        } else {
            // SAFETY: `new` checked for AVX-512F/BW/VL and that `ds == 2k`
            // with `k` of 1, 2 or 4; the caller's guarantees.
            unsafe { self.run_widen(d, s, n) }
        }
    }

    /// # Safety
    /// AVX-512F/BW/VBMI are available; as for [`Scatter::run`].
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
    unsafe fn run_vbmi(&self, d: *mut u8, s: *const u8, n: usize) {
        use std::arch::x86_64::*;
        let (per, ds, k) = (self.per, self.ds, self.k);
        let full = n / per;
        let rest = n - full * per;
        // The table is 64 readable bytes. Step `i` starts at item `i * per`
        // on each side; the last step narrows both masks to its `rest` items.
        // SAFETY: each masked load reads only the source bytes of its items
        // and each masked store writes only the bytes of its items (the bits
        // of `self.mask`); every item is in the run.
        unsafe {
            let idx = _mm512_loadu_si512(self.idx.as_ptr().cast());
            let lm = low_bits(per * k);
            let (mut dp, mut sp) = (d, s);
            for _ in 0..full {
                let x = _mm512_maskz_loadu_epi8(lm, sp.cast());
                _mm512_mask_storeu_epi8(dp.cast(), self.mask, _mm512_permutexvar_epi8(idx, x));
                dp = dp.add(per * ds);
                sp = sp.add(per * k);
            }
            if rest > 0 {
                let x = _mm512_maskz_loadu_epi8(low_bits(rest * k), sp.cast());
                let sm = self.mask & low_bits((rest - 1) * ds + k);
                _mm512_mask_storeu_epi8(dp.cast(), sm, _mm512_permutexvar_epi8(idx, x));
            }
        }
    }

    /// # Safety
    /// AVX-512F/BW/VL are available, `ds == 2k` and `k` is 1, 2 or 4; as
    /// for [`Scatter::run`].
    #[target_feature(enable = "avx512f,avx512bw,avx512vl")]
    unsafe fn run_widen(&self, d: *mut u8, s: *const u8, n: usize) {
        use std::arch::x86_64::*;
        // Zero-extending `k`-byte lanes to `2k` bytes puts item `i` at byte
        // `2k * i`, its gap after it: exactly the layout of a step.
        macro_rules! widen {
            ($cvt:ident) => {{
                let (per, ds, k) = (self.per, self.ds, self.k);
                let full = n / per;
                let rest = n - full * per;
                // SAFETY: as in `run_vbmi`: each step loads only its items'
                // `per * k <= 32` source bytes and stores only their bytes.
                unsafe {
                    let lm = low_bits(per * k) as u32;
                    let (mut dp, mut sp) = (d, s);
                    for _ in 0..full {
                        let x = _mm256_maskz_loadu_epi8(lm, sp.cast());
                        _mm512_mask_storeu_epi8(dp.cast(), self.mask, $cvt(x));
                        dp = dp.add(per * ds);
                        sp = sp.add(per * k);
                    }
                    if rest > 0 {
                        let x = _mm256_maskz_loadu_epi8(low_bits(rest * k) as u32, sp.cast());
                        let sm = self.mask & low_bits((rest - 1) * ds + k);
                        _mm512_mask_storeu_epi8(dp.cast(), sm, $cvt(x));
                    }
                }
            }};
        }
        match self.k {
            1 => widen!(_mm512_cvtepu8_epi16),
            2 => widen!(_mm512_cvtepu16_epi32),
            _ => widen!(_mm512_cvtepu32_epi64),
        }
    }
}

/// Elsewhere there is no scatter kernel (yet): runs use the scalar loops.
#[cfg(not(target_arch = "x86_64"))]
#[derive(Clone, Copy, Debug)]
struct Scatter;

#[cfg(not(target_arch = "x86_64"))]
impl Scatter {
    fn new(_k: usize, _ds: isize, _n: usize) -> Option<Scatter> {
        None
    }

    /// # Safety
    /// Never called: no `Scatter` is ever built.
    unsafe fn run(&self, _d: *mut u8, _s: *const u8, _n: usize) {}
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::Scatter;

    /// Both scatter kernels (the BW-only zero-extension is not picked on a
    /// CPU with VBMI, so it is forced here) against a scalar loop, with the
    /// gap bytes and 64 guard bytes after the run checked unchanged.
    #[test]
    fn scatter_kernels_match_scalar() {
        let bw = super::cpu::has(super::cpu::Feature::Avx512f)
            && super::cpu::has(super::cpu::Feature::Avx512bw)
            && super::cpu::has(super::cpu::Feature::Avx512vl);
        let vbmi = bw && super::cpu::has(super::cpu::Feature::Avx512vbmi);
        for k in [1usize, 2, 4] {
            let ds = 2 * k;
            for n in 1..=80usize {
                let src: Vec<u8> = (0..n * k).map(|i| (i * 11 + 7) as u8).collect();
                let mut want: Vec<u8> = (0..n * ds + 64).map(|i| (i * 3) as u8 | 1).collect();
                for i in 0..n {
                    want[i * ds..i * ds + k].copy_from_slice(&src[i * k..(i + 1) * k]);
                }
                for (use_vbmi, have) in [(false, bw), (true, vbmi)] {
                    if !have {
                        continue;
                    }
                    let sc = Scatter::build(k, ds, use_vbmi);
                    let mut got: Vec<u8> = (0..n * ds + 64).map(|i| (i * 3) as u8 | 1).collect();
                    // SAFETY: the CPU features were checked above; `got`
                    // holds `n` items `ds` bytes apart, `src` `n` packed ones.
                    unsafe { sc.run(got.as_mut_ptr(), src.as_ptr(), n) };
                    assert!(got == want, "k={k} n={n} vbmi={use_vbmi}");
                }
            }
        }
    }
}
