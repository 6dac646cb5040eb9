//! Item copies: one item of a fixed size, and runs of items a fixed step
//! apart. Every kernel of the copy module bottoms out here for the items
//! its vector paths leave over.

use std::marker::PhantomData;
use std::ptr;

use super::simd::Gather;

/// Copies one item of a fixed size; the implementations read the whole item
/// before writing any of it, so an item copy behaves like `memmove`.
pub(super) trait ItemCopy: Copy {
    /// # Safety
    /// `s` readable and `d` writable for the item size; no alignment needed.
    unsafe fn copy(self, d: *mut u8, s: *const u8);

    /// Copies the leading items of a run whose source items are
    /// contiguous into destination items `ds` bytes apart, from 8-byte
    /// loads of the source, and returns how many it copied (the rest are
    /// left to [`run_items`]); 0 where that does not pay.
    ///
    /// # Safety
    /// As for [`run_items`] with `ss` the item size, and order is free: the
    /// source is read a whole load ahead of the writes.
    #[inline(always)]
    unsafe fn spread(self, _d: *mut u8, _ds: isize, _s: *const u8, _n: usize) -> usize {
        0
    }
}

/// An item that is exactly one `T`.
#[derive(Clone, Copy)]
pub(super) struct Word<T>(pub(super) PhantomData<T>);

impl<T: Copy> ItemCopy for Word<T> {
    #[inline(always)]
    unsafe fn copy(self, d: *mut u8, s: *const u8) {
        // SAFETY: the caller guarantees `size_of::<T>()` valid bytes at each
        // pointer; unaligned access is used because strides are arbitrary.
        unsafe { (d as *mut T).write_unaligned((s as *const T).read_unaligned()) }
    }

    /// Bytes and 2-byte items: one 8-byte load for 8 or 4 items, each
    /// stored from a shift of it. Item by item, a byte cost a load and a
    /// store, and the loop ran at about one byte a cycle (the 'C' unpack of
    /// every other byte below AVX-512, whose masked stores do it otherwise).
    #[inline(always)]
    unsafe fn spread(self, d: *mut u8, ds: isize, s: *const u8, n: usize) -> usize {
        let k = size_of::<T>();
        if k > 2 {
            return 0;
        }
        let per = 8 / k;
        let groups = n / per;
        let (mut d, mut s) = (d, s);
        // The next lines ahead of the stores, as `run_items` fetches them.
        let ahead = ds.signum() * 1024;
        for _ in 0..groups {
            prefetch(d.wrapping_offset(ahead));
            // SAFETY: the `per` source items at `s` are contiguous and
            // valid, 8 bytes; `u64::from_le` puts the first in the low
            // bits on any byte order.
            let w = u64::from_le(unsafe { s.cast::<u64>().read_unaligned() });
            for j in 0..per {
                let q = d.wrapping_offset(j as isize * ds);
                // SAFETY: destination item `j` of the group is valid for
                // `k` bytes; items of 1 or 2 bytes, written unaligned.
                unsafe {
                    if k == 1 {
                        q.write((w >> (8 * j)) as u8);
                    } else {
                        q.cast::<u16>().write_unaligned((w >> (16 * j)) as u16);
                    }
                }
            }
            d = d.wrapping_offset(per as isize * ds);
            s = s.wrapping_add(8);
        }
        groups * per
    }
}

/// An item of `size_of::<T>() < k < 2 * size_of::<T>()` bytes, copied as two
/// overlapping `T`s at offsets 0 and `tail = k - size_of::<T>()`.
#[derive(Clone, Copy)]
pub(super) struct Pair<T> {
    pub(super) tail: usize,
    pub(super) _t: PhantomData<T>,
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
pub(super) struct Bytes(pub(super) usize);

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
                let $c = $crate::copy::items::Word::<u8>(::std::marker::PhantomData);
                $body
            }
            2 => {
                let $c = $crate::copy::items::Word::<u16>(::std::marker::PhantomData);
                $body
            }
            3 => {
                let $c = $crate::copy::items::Pair::<u16> {
                    tail: 1,
                    _t: ::std::marker::PhantomData,
                };
                $body
            }
            4 => {
                let $c = $crate::copy::items::Word::<u32>(::std::marker::PhantomData);
                $body
            }
            5..=7 => {
                let $c = $crate::copy::items::Pair::<u32> {
                    tail: k - 4,
                    _t: ::std::marker::PhantomData,
                };
                $body
            }
            8 => {
                let $c = $crate::copy::items::Word::<u64>(::std::marker::PhantomData);
                $body
            }
            9..=15 => {
                let $c = $crate::copy::items::Pair::<u64> {
                    tail: k - 8,
                    _t: ::std::marker::PhantomData,
                };
                $body
            }
            16 => {
                let $c = $crate::copy::items::Word::<u128>(::std::marker::PhantomData);
                $body
            }
            17..=31 => {
                let $c = $crate::copy::items::Pair::<u128> {
                    tail: k - 16,
                    _t: ::std::marker::PhantomData,
                };
                $body
            }
            _ => {
                let $c = $crate::copy::items::Bytes(k);
                $body
            }
        }
    }};
}

pub(super) use with_item_copy;

/// Copy `n` items, `ds` / `ss` bytes apart, in increasing index order.
///
/// # Safety
/// The `n` items on each side are valid.
#[inline(always)]
pub(super) unsafe fn run_items<C: ItemCopy>(
    c: C,
    d: *mut u8,
    ds: isize,
    s: *const u8,
    ss: isize,
    n: usize,
) {
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
pub(super) fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it reads nothing architecturally and
    // cannot fault, even for an invalid address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// [`prefetch`] into the second-level cache only.
#[inline(always)]
pub(super) fn prefetch_l2(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: as for `prefetch`: a hint that cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T1 }>(p.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Prefetch the line holding `p` for writing (into the first-level cache,
/// owned): a store to it later need not wait for the line.
#[inline(always)]
pub(super) fn prefetch_w(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: as for `prefetch`: a hint that cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_ET0 }>(p.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// [`run_items`], with the leading items done by `gather` when there is one.
///
/// # Safety
/// As for [`run_items`]; `gather` only when the destination is contiguous
/// and the source step is the one it was built for.
#[inline(always)]
pub(super) unsafe fn run_strided<C: ItemCopy>(
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
    let (od, os) = (done as isize * ds, done as isize * ss);
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

/// Copy `n` bytes (a few hundred at most, typically) without calling
/// `memcpy`: the call and its size dispatch cost more than the copy for
/// the stage rows of a transpose, which are copied by the thousand.
///
/// # Safety
/// `n` bytes are readable at `s` and writable at `d`, and the two ranges
/// do not overlap.
#[inline(always)]
pub(super) unsafe fn copy_short(d: *mut u8, s: *const u8, n: usize) {
    let mut o = 0;
    while o + 32 <= n {
        // SAFETY: bytes `o .. o + 32` lie in both ranges.
        unsafe {
            let v = s.add(o).cast::<[u128; 2]>().read_unaligned();
            d.add(o).cast::<[u128; 2]>().write_unaligned(v);
        }
        o += 32;
    }
    // SAFETY: the remaining `n - o < 32` bytes lie in both ranges.
    unsafe { ptr::copy_nonoverlapping(s.add(o), d.add(o), n - o) };
}
