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
//!    destination's memory (so 'F' copies walk the packed buffer in order).
//! 3. In that free order, a copy whose destination's fastest dimension is a
//!    slow one in the source is a *transpose*, whichever the order asked
//!    for ('F' order of a C-ordered view is the common case), any item
//!    size, any number of dimensions, any strides: the fastest destination
//!    dimension and the source's nearest one form 2-D blocks, walked in
//!    tiles with the other dimensions around them (see `transpose.rs`).
//!    Blocks whose source lines are far apart, large blocks and PIL rows go
//!    through a 16 KiB stack buffer (each source line's run read once, in
//!    order; the lines of the tile two ahead prefetched into L2, one per
//!    line read, since lines a multiple of 4 KiB apart evict each other
//!    from L1 and a burst of prefetches stalls; tiles walked in bands of 1024
//!    destination lines, whose pages stay in the TLB) and are written out
//!    with in-register transposes, in whole destination lines, streamed
//!    past the caches for large blocks (lines a wide register's block
//!    leaves go through narrower registers; kernels whose blocks leave more
//!    lines half-written than the write-combining buffers hold use ordinary
//!    stores); large f64 transposes stream from registers directly, and
//!    so do every-other-item f32 lines far apart (the `[..., ::2]` of an
//!    f32 array in 'F' order), read 16 lines side by side with AVX2.
//!    Write-outs into items a few bytes apart (masked stores, which must
//!    own each line first) prefetch the next tile's destination runs owned.
//! 4. A broadcast dimension (source step 0) in a free-order copy has its
//!    packed destination block written once and then repeated within the
//!    destination, unless the block is a single run that one `memcpy` from
//!    the source per repeat copies best. A broadcast copy streams its
//!    stores only when it is larger than the last-level cache (CPUID's):
//!    its source stays in cache, and below that size ordinary stores keep
//!    the destination there too, as CPython's row-by-row `memcpy` does.
//! 5. Otherwise the writes happen in exactly CPython's logical order, so
//!    where items alias, the last write wins exactly as it does in CPython.
//!    The aliasing test is cheap and conservative (see `no_self_overlap` and
//!    `analyze`).
//! 6. Inner loops are specialised on the item size (1, 2, 4, 8, 16 bytes, and
//!    overlapping word pairs for the other sizes below 32), with unaligned
//!    loads and stores, because strides need not be multiples of anything.
//!    Runs that read items a few bytes apart into contiguous items use
//!    AVX-512 VBMI two-register byte permutes (any item size, masked at the
//!    run's end), SSSE3 byte shuffles, or (every other item, below SSSE3)
//!    SSE2 packs and shuffles, and fetch their source 4 KiB ahead when they
//!    write the caller's memory; runs that write contiguous items a few bytes apart (in
//!    `Free` mode) use AVX-512 masked stores, which leave the bytes between
//!    items untouched, as do the AVX-512 VBMI spreads that write a byte
//!    transpose into rows of items 2 to 4 bytes apart; without AVX-512,
//!    1- and 2-byte items are read 8 bytes at a time and stored one by one
//!    (`ItemCopy::spread`).
//! 7. PIL-style suboffsets are handled by walking the indirect dimensions
//!    down to the direct "leaf" blocks, which go through the same plans and
//!    inner kernels. In free order, the pointers of the last indirect
//!    dimension's rows are resolved 256 at a time, and when those rows are
//!    the destination's fastest or the source's nearest dimension they are
//!    copied together as one transpose whose lines come from the table of
//!    row pointers (packing: band by band over all the rows, the rows cut
//!    into chunks that start on 64-byte boundaries of the packed buffer,
//!    so that the tiles write whole cache lines). The entry
//!    points stage through a temporary only when the packed buffer meets
//!    the view's `footprint`, found by following its pointers.
//! 8. Every vector path is chosen at run time from the CPU features that
//!    `cpu` allows (what the CPU has, minus `PYBUFFER_DISABLE_CPU_FEATURES`),
//!    with scalar fallbacks; `x86.rs` holds the kernels, `portable.rs` the
//!    same interface without them for other architectures. Levels: AVX-512
//!    (F/BW/VL/VBMI), AVX2, SSSE3, and baseline x86-64 (SSE2).
//! 9. Each thread remembers its last direct plan with the layout it was
//!    prepared for (up to 4 dimensions). The same small copy repeated (a
//!    16 × 16 view in a loop) then skips planning, which otherwise costs
//!    more than its copy (see `Remembered`).
//!
//! Nothing here allocates, except the aliasing check of an indirect
//! destination whose rows are not in address order (it sorts their address
//! ranges): every per-dimension array is a fixed-size stack array of 64
//! entries (`PyBUF_MAX_NDIM`).

pub mod cpu;
mod items;
#[cfg(not(target_arch = "x86_64"))]
#[path = "copy/portable.rs"]
mod simd;
#[cfg(target_arch = "x86_64")]
#[path = "copy/x86.rs"]
mod simd;
mod transpose;

use std::cell::RefCell;
use std::mem::MaybeUninit;
use std::ops::{Deref, DerefMut};
use std::ptr;

use items::{ItemCopy, run_strided, with_item_copy};
use simd::{Gather, Scatter, copy_streaming, store_fence};
use transpose::{Folded, STREAM_MIN_BLOCK, Stepped, Table, Tile, transpose};

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

/// The bytes `[lo, hi)` holding every item of `v` and every pointer slot
/// read on the way to one (`(0, 0)` when `v` has no items): what a packed
/// buffer must stay clear of for a copy to be as if through a temporary.
/// For an indirect layout the pointers are followed, one slot per index of
/// the indirect dimensions (a PIL image's row table: one read per row).
///
/// # Safety
/// `v` is a valid layout as described for [`pack`], and its pointer slots
/// are readable.
pub unsafe fn footprint(v: &Strided<'_>) -> (usize, usize) {
    let mut shape = Stack::new();
    if load_shape(v.shape, &mut shape) == 0 {
        return (0, 0);
    }
    let side = Side::of(v);
    let depth = side.leaf_depth();
    let (llo, lhi) = extent(&shape[depth..], &v.strides[depth..], v.itemsize);
    let mut range = (usize::MAX, 0usize);
    // SAFETY: the caller's guarantees.
    unsafe { footprint_from(&shape, depth, &side, 0, v.buf, (llo, lhi), &mut range) };
    range
}

/// [`footprint`] from dimension `dim` at `p`, widening `range`.
///
/// # Safety
/// As for [`footprint`]; `p` is where index 0 of dimension `dim` is found.
unsafe fn footprint_from(
    shape: &[usize],
    depth: usize,
    side: &Side<'_>,
    dim: usize,
    p: *mut u8,
    (llo, lhi): (isize, isize),
    range: &mut (usize, usize),
) {
    let widen = |range: &mut (usize, usize), lo: usize, hi: usize| {
        range.0 = range.0.min(lo);
        range.1 = range.1.max(hi);
    };
    if dim == depth {
        let at = p as usize;
        widen(
            range,
            at.wrapping_add_signed(llo),
            at.wrapping_add_signed(lhi),
        );
        return;
    }
    let stride = side.strides[dim];
    let indirect = side.indirect(dim);
    for i in 0..shape[dim] {
        if indirect {
            let slot = p.wrapping_offset((i as isize).wrapping_mul(stride)) as usize;
            widen(range, slot, slot + size_of::<*mut u8>());
        }
        // SAFETY: index `i` is in range, so its pointer slot is readable.
        let q = unsafe { side.step(dim, p, i) };
        // SAFETY: as above, one dimension further.
        unsafe { footprint_from(shape, depth, side, dim + 1, q, (llo, lhi), range) };
    }
}

// ==========================================================================
// Layout helpers
// ==========================================================================

/// A list of at most [`MAX_NDIM`] `T`s on the stack.
///
/// Unlike `[T; MAX_NDIM]` it is not initialised up front: zeroing half a
/// kilobyte per array on every call cost more than copying a small view.
#[derive(Clone, Copy)]
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

    /// Whether a pointer is loaded at dimension `dim`.
    fn indirect(&self, dim: usize) -> bool {
        self.subs.is_some_and(|s| s[dim] >= 0)
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
/// must be self-disjoint, and the destination leaves must not overlap each
/// other. That is checked in one pass when they lie, in C order, in
/// strictly increasing or decreasing address ranges (true of most row
/// tables); otherwise (rows in any order, as a PIL image's may be) their
/// ranges are sorted in a heap buffer, for up to [`SORT_MAX_LEAVES`]
/// leaves (more, or a failed allocation, counts as aliasing). The source is
/// compared through the bounding interval of all its leaves.
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
    let hulls_disjoint = s.is_none() || dmax <= smin || smax <= dmin;
    let mut dst_disjoint = leaf_ok && mono;
    if leaf_ok && !mono {
        // SAFETY: as above.
        dst_disjoint = unsafe { leaves_disjoint(shape, depth, (d, src), (dlo, dhi)) };
    }
    Overlap {
        dst_disjoint,
        hulls_disjoint,
    }
}

/// Most leaves whose address ranges [`analyze`] sorts (16 MiB of ranges).
const SORT_MAX_LEAVES: usize = 1 << 20;

/// Whether the destination leaves (see [`analyze`]), each spanning
/// `[p + lo, p + hi)` from its first item `p`, are pairwise disjoint: their
/// ranges sorted by start must not overlap. False when there are more than
/// [`SORT_MAX_LEAVES`] of them or the buffer cannot be allocated.
///
/// # Safety
/// As for [`analyze`].
unsafe fn leaves_disjoint(
    shape: &[usize],
    depth: usize,
    sides: (&Side<'_>, &Side<'_>),
    (lo, hi): (isize, isize),
) -> bool {
    let leaves = shape[..depth].iter().product::<usize>();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    if leaves > SORT_MAX_LEAVES || ranges.try_reserve_exact(leaves).is_err() {
        return false;
    }
    let mut push = |dp: *mut u8, _sp: *mut u8| {
        let p = dp as usize;
        ranges.push((p.wrapping_add_signed(lo), p.wrapping_add_signed(hi)));
    };
    let (d, s) = sides;
    // SAFETY: the caller's guarantees.
    unsafe { walk_leaves(shape, depth, (d, s), 0, (d.buf, s.buf), &mut push) };
    ranges.sort_unstable();
    ranges.windows(2).all(|w| w[0].1 <= w[1].0)
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
    // SAFETY: the caller's guarantees; a direct block is one leaf.
    if depth == 0 && unsafe { run_remembered(shape, d, s, k, mode, skip_first) } {
        return;
    }
    let mut plan = Plan::new();
    let dims = shape.iter().zip(d.strides).zip(s.strides).skip(depth);
    for ((&n, &ds), &ss) in dims {
        plan.push(n, ds, ss);
    }
    let whole = shape.iter().fold(k, |t, &n| t.saturating_mul(n));
    let mut exec = Exec::new(k, mode, whole);
    plan.prepare(&mut exec);
    if exec.empty {
        return;
    }
    if depth == 0 {
        remember(shape, d, s, &plan, &exec);
        // SAFETY: the caller's guarantees; the leaf is the whole block.
        unsafe { plan.execute(&exec, d.buf, s.buf, skip_first) };
    } else if mode == Mode::Free {
        // SAFETY: the caller's guarantees; order is free.
        unsafe { copy_rows(shape, depth - 1, d, s, k, &plan, &exec) };
    }
    if exec.streams() {
        store_fence();
    }
    if depth == 0 || mode == Mode::Free {
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

/// Row pointers [`copy_rows`] resolves at a time.
const ROW_CHUNK: usize = 256;

/// Cache lines at the start of a row that [`copy_rows`] prefetches two
/// rows ahead, on each side.
const ROW_PREFETCH_LINES: usize = 4;

/// [`copy_block`] in `Free` mode for a block whose dimension `rows` is the
/// last one a pointer is loaded at (on either side): the dimensions before
/// it are walked one index at a time, then the pointers of up to
/// [`ROW_CHUNK`] rows are resolved at once, and the rows are copied either
/// one after the other with the prepared leaf `plan`, or, when the rows
/// are the destination's fastest dimension or the source's nearest one
/// (a PIL image copied in 'F' order), together as one transpose with a
/// table of lines (see [`RowsTranspose`]).
///
/// # Safety
/// As for [`copy_block`] in `Free` mode; `plan` / `exec` are the prepared
/// plan of the dimensions after `rows`.
unsafe fn copy_rows(
    shape: &[usize],
    rows: usize,
    d: &Side<'_>,
    s: &Side<'_>,
    k: usize,
    plan: &Plan,
    exec: &Exec,
) {
    let n = shape[rows];
    let rt = RowsTranspose::new(k, plan, exec, n, (d, s), rows);
    let bands = rt.as_ref().map_or(1, RowsTranspose::bands);
    let mut block = |dp: *mut u8, sp: *mut u8| {
        for band in 0..bands {
            // SAFETY: the caller's guarantees, for this block.
            unsafe { copy_row_chunks(n, rows, (d, s), (dp, sp), &rt, band, plan, exec) };
        }
    };
    // SAFETY: the caller's guarantees.
    unsafe { walk_leaves(shape, rows, (d, s), 0, (d.buf, s.buf), &mut block) };
}

/// [`copy_rows`] for one block of rows (dimension `rows` from `dp` / `sp`):
/// the rows' pointers resolved [`ROW_CHUNK`] at a time, each chunk copied
/// by band `band` of the transpose `rt`, or row by row with `plan`.
///
/// # Safety
/// As for [`copy_rows`], for the block at `dp` / `sp`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
unsafe fn copy_row_chunks(
    n: usize,
    rows: usize,
    (d, s): (&Side<'_>, &Side<'_>),
    (dp, sp): (*mut u8, *mut u8),
    rt: &Option<RowsTranspose>,
    band: usize,
    plan: &Plan,
    exec: &Exec,
) {
    {
        let first = rt.as_ref().map_or(ROW_CHUNK, |rt| rt.first_chunk(dp));
        let mut r0 = 0;
        while r0 < n {
            let len = if r0 == 0 { first } else { ROW_CHUNK }.min(n - r0);
            let mut dptr = [ptr::null_mut::<u8>(); ROW_CHUNK];
            let mut sptr = [ptr::null_mut::<u8>(); ROW_CHUNK];
            for (i, (x, y)) in dptr.iter_mut().zip(&mut sptr).take(len).enumerate() {
                // SAFETY: row `r0 + i` is in range, so its pointer slots
                // are readable.
                unsafe {
                    *x = d.step(rows, dp, r0 + i);
                    *y = s.step(rows, sp, r0 + i);
                }
            }
            let (dptr, sptr) = (&dptr[..len], &sptr[..len]);
            match rt {
                Some(rt) => {
                    // SAFETY: the rows' items are valid; order is free.
                    unsafe { rt.run((dp, sp), r0, (dptr, sptr), band) }
                }
                None => {
                    for (i, (&x, &y)) in dptr.iter().zip(sptr).enumerate() {
                        // The start of the row after next: rows may be
                        // anywhere, and the hardware prefetchers only pick a
                        // row up after its first misses.
                        if let (Some(&x2), Some(&y2)) = (dptr.get(i + 2), sptr.get(i + 2)) {
                            let (x2, y2) = (
                                x2.wrapping_offset(exec.dshift),
                                y2.wrapping_offset(exec.sshift),
                            );
                            for line in 0..ROW_PREFETCH_LINES {
                                items::prefetch(x2.wrapping_add(64 * line));
                                items::prefetch(y2.wrapping_add(64 * line));
                            }
                        }
                        // SAFETY: the row pointers come from valid pointer
                        // slots, and the leaf dimensions are direct.
                        unsafe { plan.execute(exec, x, y, false) };
                    }
                }
            }
            r0 += len;
        }
    }
}

/// The rows of an indirect block copied as one transpose, with a table of
/// row pointers on the side where the rows are indirect: either the rows
/// are `b`, the destination's fastest dimension (packing a PIL image in
/// 'F' order: destination lines along `a` are strided, source lines are
/// the rows), or they are `a`, the source's nearest dimension (unpacking
/// into one: destination lines are the rows, source lines are strided).
struct RowsTranspose {
    /// Item size in bytes.
    item: usize,
    tile: Tile,
    b: Dim,
    /// Leaf dimensions walked around each transpose, outermost first.
    outer: Stack<Dim>,
    /// Whether the rows are `b` (else `a`).
    rows_are_b: bool,
    /// The rows' step on their direct side.
    step: isize,
    /// The leaf plan's flips (see [`Exec`]).
    shift: (isize, isize),
}

impl RowsTranspose {
    /// The transpose for `n` rows at dimension `rows` of `d` / `s`, if the
    /// rows are indirect on one side only and the prepared leaf `plan` fits
    /// one of the two shapes above.
    fn new(
        k: usize,
        plan: &Plan,
        exec: &Exec,
        n: usize,
        (d, s): (&Side<'_>, &Side<'_>),
        rows: usize,
    ) -> Option<RowsTranspose> {
        let dims = &plan.dims[..];
        let inner = *dims.last()?;
        if n < 2 || exec.tile.is_some() || exec.repeat.is_some() {
            return None;
        }
        let (dtab, stab) = (d.indirect(rows), s.indirect(rows));
        let (rds, rss) = (d.strides[rows], s.strides[rows]);
        let nearest = |skip: Option<usize>| {
            (0..dims.len())
                .filter(|&p| Some(p) != skip)
                .min_by_key(|&p| dims[p].ss.unsigned_abs())
        };
        let mut outer = Stack::new();
        let total = dims
            .iter()
            .fold(n.saturating_mul(k), |t, d| t.saturating_mul(d.n));
        let (tile, b, rows_are_b, step);
        if stab && !dtab && rds.unsigned_abs() < inner.ds.unsigned_abs() {
            let p = nearest(None)?;
            b = Dim { n, ds: rds, ss: 0 };
            tile = Tile::new(k, dims[p], b, false, total);
            (rows_are_b, step) = (true, rds);
            dims.iter()
                .enumerate()
                .filter(|&(q, _)| q != p)
                .for_each(|(_, x)| outer.push(*x));
        } else if dtab && !stab && inner.ss.unsigned_abs() >= TILE_MIN_STRIDE {
            let p = nearest(Some(dims.len() - 1));
            if p.is_some_and(|p| dims[p].ss.unsigned_abs() <= rss.unsigned_abs()) {
                return None;
            }
            let a = Dim { n, ds: 0, ss: rss };
            (tile, b) = (Tile::new(k, a, inner, false, total), inner);
            (rows_are_b, step) = (false, rss);
            dims[..dims.len() - 1].iter().for_each(|x| outer.push(*x));
        } else {
            return None;
        }
        Some(RowsTranspose {
            item: k,
            tile,
            b,
            outer,
            rows_are_b,
            step,
            shift: (exec.dshift, exec.sshift),
        })
    }

    /// Bands of the transpose along `a`, copied one after the other over
    /// all the rows: when the rows are `b`, the destination lines are the
    /// items along `a`, and a band of [`transpose::BAND_ITEMS`] of them
    /// (pages, when far apart) stays in the TLB while every row is copied
    /// into it. (The rows' pointers are resolved again for each band,
    /// which costs little next to the TLB misses of sweeping all the
    /// destination lines for every chunk of rows.)
    fn bands(&self) -> usize {
        if self.rows_are_b {
            self.tile.a.n.div_ceil(transpose::BAND_ITEMS)
        } else {
            1
        }
    }

    /// Rows in the first chunk of a block whose dimension `rows` starts at
    /// `dp`: when the rows are `b` and packed in the destination, as many
    /// as take the destination to a 64-byte boundary (if any), so that every
    /// later chunk of [`ROW_CHUNK`] rows starts on one. A chunk is a block
    /// of the transpose, whose tiles write whole cache lines only from the
    /// first aligned item on (see `transpose::Tiles`): unaligned chunks left
    /// two partial columns of tiles each, copied through narrower
    /// registers with ordinary stores.
    fn first_chunk(&self, dp: *mut u8) -> usize {
        let k = self.item;
        if !self.rows_are_b || self.step != k as isize {
            return ROW_CHUNK;
        }
        let at = dp.wrapping_offset(self.shift.0) as usize;
        match (64 - at % 64) % 64 {
            gap if gap > 0 && gap % k == 0 => gap / k,
            _ => ROW_CHUNK,
        }
    }

    /// Copy band `band` (see [`RowsTranspose::bands`]) of rows `r0 .. r0 +
    /// dptr.len()` of the block whose dimension `rows` starts at `dp` /
    /// `sp`; `dptr` / `sptr` are those rows' resolved pointers.
    ///
    /// # Safety
    /// The rows' items are valid on both sides and order is free.
    unsafe fn run(
        &self,
        (dp, sp): (*mut u8, *mut u8),
        r0: usize,
        (dptr, sptr): (&[*mut u8], &[*mut u8]),
        band: usize,
    ) {
        let len = dptr.len();
        let at = (r0 as isize).wrapping_mul(self.step);
        let (od, os) = self.shift;
        if self.rows_are_b {
            let mut tile = self.tile;
            let a0 = band * transpose::BAND_ITEMS;
            tile.a.n = transpose::BAND_ITEMS.min(tile.a.n - a0);
            let (ad, as_) = tile.a.at(a0);
            let dl = Stepped {
                base: dp.wrapping_offset(at.wrapping_add(od).wrapping_add(ad)),
                step: tile.a.ds,
            };
            let sl = Table {
                ptrs: sptr,
                off: os.wrapping_add(as_),
            };
            let b = Dim { n: len, ..self.b };
            // Destination item (i, j) is at `dp + (r0 + j) * step + (a0 + i)
            // * a.ds`, source item at `sptr[j] + (a0 + i) * a.ss` (plus the
            // outer offsets), for the band's `i < tile.a.n`.
            // SAFETY: the caller's guarantees, at those addresses.
            unsafe { transpose(self.item, &tile, b, dl, sl, &self.outer) };
        } else {
            let mut tile = self.tile;
            tile.a.n = len;
            let dl = Table {
                ptrs: dptr,
                off: od,
            };
            let sl = Stepped {
                base: sp.wrapping_offset(at.wrapping_add(os)),
                step: self.b.ss,
            };
            // SAFETY: as above, destination item (i, j) at `dptr[i] + j *
            // b.ds`, source item at `sp + (r0 + i) * step + j * b.ss`.
            unsafe { transpose(self.item, &tile, self.b, dl, sl, &self.outer) };
        }
    }
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
#[derive(Clone, Copy)]
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
    /// with the innermost one in tiles, from the block's base moved by the
    /// given offsets (when `a` was flipped to read forwards).
    tile: Option<(Tile, (isize, isize))>,
    /// A vector kernel for the innermost dimension (reads spread out,
    /// writes contiguous).
    gather: Option<Gather>,
    /// A vector kernel for the innermost dimension (reads contiguous,
    /// writes spread out); only in `Free` mode.
    scatter: Option<Scatter>,
    /// Bytes of the whole copy (every block of it, for an indirect one).
    whole: usize,
    /// Write the contiguous runs of `bulk_inner` with non-temporal stores
    /// (see [`copy_streaming`]): a large copy (see [`STREAM_MIN_RUN`]).
    stream_runs: bool,
    /// A broadcast dimension (source step 0; only in `Free` mode): the
    /// dimensions after it are copied once per index of the ones before it,
    /// and the packed block they wrote is then repeated along it (see
    /// [`Plan::packed_after`]). The other fields describe those inner
    /// dimensions.
    repeat: Option<usize>,
    /// Bytes from which the copy's runs and repeats stream:
    /// [`STREAM_MIN_BLOCK`], or the last-level cache's size for a
    /// broadcast.
    stream_min: usize,
}

impl Exec {
    /// A plain walk of every dimension of a copy of `whole` bytes, to be
    /// refined by [`Plan::prepare`].
    fn new(k: usize, mode: Mode, whole: usize) -> Exec {
        Exec {
            empty: false,
            k,
            mode,
            whole,
            stream_runs: false,
            dshift: 0,
            sshift: 0,
            bulk_inner: false,
            tile: None,
            gather: None,
            scatter: None,
            repeat: None,
            stream_min: STREAM_MIN_BLOCK,
        }
    }

    /// Whether a broadcast's copies of its block are streamed (see
    /// [`repeat`]): the copy is large.
    fn streams_repeats(&self) -> bool {
        self.repeat.is_some() && self.whole >= self.stream_min
    }

    /// Whether the copy makes non-temporal stores, to be fenced after it.
    fn streams(&self) -> bool {
        self.stream_runs || self.streams_repeats()
    }
}

/// Shortest contiguous run (bytes) that a large copy streams (see
/// [`Exec::stream_runs`]); below it the partial lines at the ends weigh.
const STREAM_MIN_RUN: usize = 256;

/// Smallest source step (bytes) of the innermost dimension at which a copy
/// is treated as a transpose: below it, consecutive items share cache lines
/// anyway.
const TILE_MIN_STRIDE: usize = 64;

impl Plan {
    fn new() -> Self {
        Plan { dims: Stack::new() }
    }

    /// Whether dimension `p`'s destination step is exactly the bytes of a
    /// packed block of the dimensions after it (`k`-byte items, each
    /// dimension's step the size of the block after it).
    fn packed_after(&self, p: usize, k: usize) -> bool {
        let mut block = k as isize;
        for d in self.dims[p + 1..].iter().rev() {
            if d.ds != block {
                return false;
            }
            block = block.saturating_mul(d.n as isize);
        }
        self.dims[p].ds == block
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
    ///
    /// The strategy is written into `exec` (made by [`Exec::new`]) rather
    /// than returned: an `Exec` is a few hundred bytes, whose move cost a
    /// small transpose more than planning it.
    fn prepare(&mut self, exec: &mut Exec) {
        let (k, mode) = (exec.k, exec.mode);
        let mut len = 0;
        for i in 0..self.dims.len() {
            let d = self.dims[i];
            if d.n == 0 {
                exec.empty = true;
                return;
            }
            if d.n > 1 {
                // Entries are only moved when one was dropped before them:
                // a dimension just pushed (three scalar stores) read back
                // as one vector stalls store forwarding, which cost more
                // than the rest of planning a small copy.
                if len != i {
                    self.dims[len] = d;
                }
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
                if self.dims[i - 1].ds >= self.dims[i].ds {
                    continue;
                }
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
            if out != i {
                self.dims[out] = d;
            }
            out += 1;
        }
        self.dims.truncate(out);
        // A broadcast dimension (source step 0) whose destination block is
        // the packed block of the dimensions after it: that block is
        // written once, then copied within the destination.
        // (Not when that block is one contiguous run in the source too:
        // then each copy of it is one `memcpy` from the source, which
        // beats copying within the destination, whose copies would all lie
        // a multiple of the block apart; with a block a multiple of 4 KiB,
        // every load would wait on the store 4 KiB before it.)
        let first = if mode == Mode::Free {
            let ku = k as isize;
            let repeat = (0..out).find(|&p| {
                let after = &self.dims[p + 1..out];
                let run = matches!(after, [d] if d.ds == ku && d.ss == ku);
                self.dims[p].ss == 0 && !run && self.packed_after(p, k)
            });
            exec.repeat = repeat;
            // A broadcast's source is small and stays in cache, so its
            // destination alone decides where streaming pays: only past
            // the last-level cache. Below that, ordinary stores leave the
            // lines in cache, as CPython's row-by-row `memcpy` does, and
            // streaming them to memory ran at 0.6-0.8x of it in a loop (4096
            // x 4096 u8, strides [0, 1]: 22 against 34 GB/s; 64 MiB: 22
            // streamed against 13 either way).
            if self.dims[..out].iter().any(|d| d.ss == 0) {
                exec.stream_min = STREAM_MIN_BLOCK.max(simd::last_level_cache_bytes());
            }
            repeat.map_or(0, |p| p + 1)
        } else {
            0
        };
        let Some(&inner) = self.dims[first..out].last() else {
            return;
        };
        let ku = k as isize;
        exec.bulk_inner = mode != Mode::Sequential && inner.ds == ku && inner.ss == ku;
        // A large copy's runs are written past the caches: the lines are
        // written whole, and a normal store would first read each one.
        exec.stream_runs = mode == Mode::Free
            && exec.bulk_inner
            && exec.whole >= exec.stream_min
            && inner.n * k >= STREAM_MIN_RUN;
        if mode == Mode::Free && !exec.bulk_inner && out - first >= 2 {
            let far = inner.ss.unsigned_abs();
            let (p, mut a) = self.dims[first..out - 1]
                .iter()
                .enumerate()
                .min_by_key(|(_, d)| d.ss.unsigned_abs())
                .map(|(p, d)| (first + p, *d))
                .unwrap();
            if far >= TILE_MIN_STRIDE && a.ss.unsigned_abs() < far {
                let total = self.dims[..out]
                    .iter()
                    .fold(k, |t, d| t.saturating_mul(d.n));
                remove_dim(&mut self.dims[..out], p);
                let mut out = out - 1;
                // Read `a` forwards (its destination lines then run
                // backwards, which the transposes do not mind); the shift
                // stays with the tile, so that a repeated block still
                // starts at its base.
                let mut flip = (0, 0);
                if a.ss < 0 {
                    flip = a.at(a.n - 1);
                    a.ds = a.ds.wrapping_neg();
                    a.ss = a.ss.wrapping_neg();
                }
                // A short `a` continued in the source by another dimension
                // (the `[..., ::2]` of a 3-D view), or a short `b` continued
                // in the destination by another: fold that one in, so that
                // tiles read (or write) longer runs; the other side's lines
                // then take two steps (see `transpose::Folded`).
                let tile = &mut exec
                    .tile
                    .insert((Tile::new(k, a, inner, true, total), flip))
                    .0;
                let mut b = inner;
                for fold_a in [true, false] {
                    let (x, short) = if fold_a {
                        (a, tile.a_is_short(k))
                    } else {
                        (b, tile.b_is_short())
                    };
                    let step = |d: &Dim| if fold_a { d.ss } else { d.ds };
                    let next = step(&x).wrapping_mul(x.n as isize);
                    let Some(q) = (first..out - 1).find(|&q| step(&self.dims[q]) == next) else {
                        continue;
                    };
                    if !short {
                        continue;
                    }
                    let o = self.dims[q];
                    remove_dim(&mut self.dims[..out], q);
                    out -= 1;
                    let folded = Dim { n: x.n * o.n, ..x };
                    let (afold, bfold) = (tile.fold, tile.bfold);
                    if fold_a {
                        *tile = Tile::new(k, folded, b, false, total);
                        tile.fold = Some((a.n, o.ds));
                        tile.bfold = bfold;
                        a = folded;
                    } else {
                        *tile = Tile::new(k, a, folded, false, total);
                        tile.fold = afold;
                        tile.bfold = Some((b.n, o.ss));
                        b = folded;
                    }
                }
                self.dims[out - 1] = b;
                self.dims.truncate(out);
                return;
            }
        }
        // Only runs of a few vector steps are worth building the masks for.
        if mode != Mode::Sequential && !exec.bulk_inner && inner.ds == ku && inner.n * k >= 64 {
            exec.gather = Gather::new(k, inner.ss).map(Gather::writing_ahead);
        }
        // The scatter writes a step's items with one masked store, in no
        // particular order within the step, so only where order is free.
        if mode == Mode::Free && !exec.bulk_inner && inner.ss == ku && inner.n * k >= 64 {
            exec.scatter = Scatter::new(k, inner.ds, inner.n).map(Scatter::writing_ahead);
        }
    }
}

// ==========================================================================
// Execution
// ==========================================================================

impl Plan {
    /// Run a prepared plan from these base pointers.
    ///
    /// # Safety
    /// The plan describes valid items on both sides from `dst` / `src`, and
    /// `exec` came from [`Plan::prepare`] on this plan. `skip_first` is only
    /// set outside `Free` mode.
    unsafe fn execute(&self, exec: &Exec, dst: *mut u8, src: *mut u8, skip_first: bool) {
        // SAFETY: the caller's guarantees, passed on.
        unsafe { execute_dims(&self.dims, exec, dst, src, skip_first) }
    }
}

/// [`Plan::execute`] on the prepared dimensions `dims`.
///
/// # Safety
/// As for [`Plan::execute`]: `dims` and `exec` are a prepared plan's.
unsafe fn execute_dims(dims: &[Dim], exec: &Exec, dst: *mut u8, src: *mut u8, skip_first: bool) {
    debug_assert!(!exec.empty);
    debug_assert!(!(skip_first && exec.mode == Mode::Free));
    let dst = dst.wrapping_offset(exec.dshift);
    let src = src.wrapping_offset(exec.sshift).cast_const();
    // SAFETY: the caller's guarantees, passed on.
    with_item_copy!(exec.k, |c| unsafe {
        run_plan(c, dims, exec, dst, src, skip_first)
    })
}

// ==========================================================================
// The last plan: small copies repeated
// ==========================================================================

/// Dimensions up to which a direct copy's prepared plan is remembered.
const REMEMBER_NDIM: usize = 4;

/// A direct copy's prepared plan, with the layout it was prepared for.
///
/// The key is everything [`Plan::prepare`] reads: the item size, the mode,
/// the CPU features the kernels were chosen by (fixed at load, except where
/// [`cpu::set_disabled`] switches levels in-process, as the benchmark
/// does) and, per dimension, the length and both steps (the copy's size
/// follows from them). A prepared plan holds lengths, steps and kernel
/// choices, never an address, so it is as valid from any other pair of
/// base pointers.
#[derive(Clone, Copy)]
struct Remembered {
    k: usize,
    mode: Mode,
    features: u32,
    key_len: usize,
    key: [Dim; REMEMBER_NDIM],
    dims_len: usize,
    dims: [Dim; REMEMBER_NDIM],
    exec: Exec,
}

impl Remembered {
    /// Whether this plan was prepared for `shape` with these steps.
    fn fits(&self, shape: &[usize], d: &Side<'_>, s: &Side<'_>, k: usize, mode: Mode) -> bool {
        self.k == k
            && self.mode == mode
            && self.features == cpu::active()
            && self.key_len == shape.len()
            && self.key[..self.key_len]
                .iter()
                .zip(shape.iter().zip(d.strides.iter().zip(s.strides)))
                .all(|(x, (&n, (&ds, &ss)))| x.n == n && x.ds == ds && x.ss == ss)
    }
}

thread_local! {
    /// This thread's last direct plan (see [`Remembered`]): a small copy
    /// repeated (a 16 × 16 transposed view copied in a loop) spends more on
    /// planning than on copying, and repeats tend to come from one thread.
    static LAST_PLAN: RefCell<Option<Remembered>> = const { RefCell::new(None) };
}

/// Runs the copy of a direct block with this thread's last plan, if it was
/// prepared for the same layout; false (nothing copied) otherwise.
///
/// # Safety
/// As for [`copy_block`], with both sides direct.
unsafe fn run_remembered(
    shape: &[usize],
    d: &Side<'_>,
    s: &Side<'_>,
    k: usize,
    mode: Mode,
    skip_first: bool,
) -> bool {
    if shape.len() > REMEMBER_NDIM {
        return false;
    }
    LAST_PLAN.with(|last| {
        // A borrow that fails (no path copies from inside a copy) is a miss.
        let Ok(last) = last.try_borrow() else {
            return false;
        };
        let Some(r) = last.as_ref().filter(|r| r.fits(shape, d, s, k, mode)) else {
            return false;
        };
        // SAFETY: the caller's guarantees; the plan was prepared for this
        // layout, and a remembered plan is never empty.
        unsafe { execute_dims(&r.dims[..r.dims_len], &r.exec, d.buf, s.buf, skip_first) };
        if r.exec.streams() {
            store_fence();
        }
        true
    })
}

/// Keeps `plan` / `exec`, just prepared for the direct block `shape`, as
/// this thread's last plan (when the block and the plan are small enough).
fn remember(shape: &[usize], d: &Side<'_>, s: &Side<'_>, plan: &Plan, exec: &Exec) {
    if shape.len() > REMEMBER_NDIM || plan.dims.len() > REMEMBER_NDIM {
        return;
    }
    let mut r = Remembered {
        k: exec.k,
        mode: exec.mode,
        features: cpu::active(),
        key_len: shape.len(),
        key: [Dim::default(); REMEMBER_NDIM],
        dims_len: plan.dims.len(),
        dims: [Dim::default(); REMEMBER_NDIM],
        exec: *exec,
    };
    for (i, (&n, (&ds, &ss))) in shape
        .iter()
        .zip(d.strides.iter().zip(s.strides))
        .enumerate()
    {
        r.key[i] = Dim { n, ds, ss };
    }
    r.dims[..plan.dims.len()].copy_from_slice(&plan.dims);
    LAST_PLAN.with(|last| {
        if let Ok(mut last) = last.try_borrow_mut() {
            *last = Some(r);
        }
    });
}

/// Move the dimensions after `p` one place down (the last entry is then
/// stale). A plain loop: `copy_within` calls `memmove`, which costs more
/// than the few entries a plan has.
#[inline(always)]
fn remove_dim(dims: &mut [Dim], p: usize) {
    for i in p + 1..dims.len() {
        dims[i - 1] = dims[i];
    }
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
    let Some(p) = exec.repeat else {
        // SAFETY: the caller's guarantees.
        unsafe { run_dims(c, dims, exec, dst, src, skip_first) };
        return;
    };
    let (outer, rest) = dims.split_at(p);
    let (z, inner) = (rest[0], &rest[1..]);
    odometer(outer, dst, src, |d, s| {
        // SAFETY: the block at index 0 of `z` is valid on both sides; it is packed in the
        // destination, `z.ds` bytes, and the `z.n` blocks along `z` are the destination's
        // next `z.ds * z.n` bytes, none of them part of the source (`Free` mode).
        unsafe {
            run_dims(c, inner, exec, d, s, false);
            repeat(d, z.ds as usize, z.n, exec.streams_repeats());
        }
    });
}

/// Fill the `count - 1` blocks of `block` bytes after the one at `d` with
/// copies of it: doubling up to [`REPEAT_CHUNK`] bytes, then copying that
/// (cache-resident) prefix, with non-temporal stores if `stream` (the
/// caller then fences them).
///
/// # Safety
/// `block * count` bytes at `d` are writable, and the first `block` are
/// initialised.
unsafe fn repeat(d: *mut u8, block: usize, count: usize, stream: bool) {
    let total = block * count;
    if block == 1 {
        // SAFETY: `d` holds `total` bytes, the first initialised.
        unsafe { ptr::write_bytes(d.add(1), *d, total - 1) };
        return;
    }
    let mut done = block;
    let chunk = REPEAT_CHUNK.max(block);
    while done < total.min(chunk) {
        let n = done.min(total - done);
        // SAFETY: `[0, done)` is filled and `[done, done + n)` lies inside
        // the `total` bytes; the two do not overlap.
        unsafe { ptr::copy_nonoverlapping(d, d.add(done), n) };
        done += n;
    }
    let prefix = done;
    while done < total {
        let n = prefix.min(total - done);
        // SAFETY: as above; `n <= prefix <= done`, a whole number of blocks.
        unsafe {
            if stream {
                copy_streaming(d.add(done), d, n);
            } else {
                ptr::copy_nonoverlapping(d, d.add(done), n);
            }
        }
        done += n;
    }
}

/// Bytes a broadcast block is doubled up to before the prefix is copied.
const REPEAT_CHUNK: usize = 16 * 1024;

/// [`run_plan`] for the dimensions after any broadcast one (`exec.repeat`
/// is not looked at).
///
/// # Safety
/// As for [`run_plan`].
#[inline(always)]
unsafe fn run_dims<C: ItemCopy>(
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
    if let Some((tile, (fd, fs))) = &exec.tile {
        let (d, s) = (
            dst.wrapping_offset(*fd),
            src.cast_mut().wrapping_offset(*fs),
        );
        let k = exec.k;
        let (dl, sl) = (
            Stepped {
                base: d,
                step: tile.a.ds,
            },
            Stepped {
                base: s,
                step: inner.ss,
            },
        );
        // SAFETY: (every arm) `tile.a` × `inner` at each index of `outer`
        // are valid items, through folded lines where the tile folds;
        // order is free (tiles are only chosen in `Free` mode).
        unsafe {
            match (tile.fold, tile.bfold) {
                (None, None) => transpose(k, tile, inner, dl, sl, outer),
                (Some((n, step2)), None) => {
                    let dl = Folded::new(d, n, tile.a.ds, step2);
                    transpose(k, tile, inner, dl, sl, outer)
                }
                (None, Some((n, step2))) => {
                    let sl = Folded::new(s, n, inner.ss, step2);
                    transpose(k, tile, inner, dl, sl, outer)
                }
                (Some((n, step2)), Some((m, step3))) => {
                    let dl = Folded::new(d, n, tile.a.ds, step2);
                    let sl = Folded::new(s, m, inner.ss, step3);
                    transpose(k, tile, inner, dl, sl, outer)
                }
            }
        }
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
        if exec.stream_runs {
            // SAFETY: the run is `n * k` contiguous valid bytes on each
            // side, which do not overlap (`Free` mode).
            unsafe { copy_streaming(d, s, n * k) }
        } else if bulk {
            // SAFETY: the run is `n * k` contiguous valid bytes on each
            // side; `copy` tolerates overlap.
            unsafe { ptr::copy(s, d, n * k) }
        } else if let Some(sc) = &exec.scatter {
            // SAFETY: the run's items are valid, contiguous in the source and
            // `inner.ds` bytes apart in the destination, which is what the
            // scatter was built for; order is free (`Free` mode).
            unsafe { sc.run(d, s, n) }
        } else {
            // Contiguous source items spread out: wide loads where order is
            // free (they read ahead of the writes).
            let done = if exec.mode == Mode::Free && inner.ss == k as isize {
                // SAFETY: the run's items are valid, the source's
                // contiguous; order is free (`Free` mode).
                unsafe { c.spread(d, inner.ds, s, n) }
            } else {
                0
            };
            let (d, s) = (
                d.wrapping_offset(done as isize * inner.ds),
                s.wrapping_offset(done as isize * inner.ss),
            );
            // SAFETY: the run's remaining items are valid.
            unsafe { run_strided(c, exec.gather.as_ref(), d, inner.ds, s, inner.ss, n - done) }
        }
    });
}
