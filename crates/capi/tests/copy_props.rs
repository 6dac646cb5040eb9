//! Property tests for the copy kernels: `pack`, `unpack` and `copy_between`
//! against a naive item-by-item reference that follows CPython 3.11's loops
//! (`PyBuffer_GetPointer` per item, same visiting order, so the same write
//! wins where items alias).
//!
//! Every layout lives in a byte arena filled with a pattern, with guard gaps
//! around every block. The kernel and the reference each run on their own
//! copy of the arena, and the two copies must then be identical byte for
//! byte: the items got the same values and nothing outside them was touched.
//! Indirect (PIL-style) layouts are real: pointer tables inside the arena
//! point at row blocks, sometimes several slots at the same block (aliasing).

use std::collections::BTreeMap;

use proptest::prelude::*;
use pybuffer::copy::{self, Order, Strided};

/// Guard bytes before and after every block in an arena.
const GAP: usize = 24;
/// Upper bound on items per layout, to keep debug runs quick.
const MAX_ITEMS: usize = 2048;

// ==========================================================================
// Layout specifications (what proptest generates and shrinks)
// ==========================================================================

/// How one dimension's stride is chosen on one side.
#[derive(Clone, Debug)]
enum Kind {
    /// Nested like a packed array (the nesting order is given by `key`),
    /// with `pad` extra bytes per step.
    Natural,
    /// Stride 0: every index aliases.
    Zero,
    /// An arbitrary small stride (bytes), usually not a multiple of itemsize.
    Raw(i16),
}

#[derive(Clone, Debug)]
struct DimSide {
    kind: Kind,
    pad: usize,
    neg: bool,
    key: u8,
    indirect: bool,
    sub: isize,
}

#[derive(Clone, Debug)]
struct SideSpec {
    dims: Vec<DimSide>,
    /// Whether a suboffsets array is passed at all (it may be all negative).
    subs: bool,
    /// Every `share`-th pointer slot reuses the previous slot's block (0: never).
    share: u8,
    /// Byte offset added to the first block's base (tests unaligned bases).
    skew: u8,
}

#[derive(Clone, Debug)]
struct Spec {
    k: usize,
    shape: Vec<usize>,
    a: SideSpec,
    b: SideSpec,
    order: Order,
    /// For `unpack`: copy only `frac / 1000` of the items (None: all).
    frac: Option<u16>,
    /// For `copy_between` with direct layouts: place the source this many
    /// bytes from the destination's base, inside the same memory.
    overlap: Option<i16>,
}

fn itemsize() -> impl Strategy<Value = usize> {
    prop_oneof![1usize..=17, Just(32usize)]
}

fn dim_side() -> impl Strategy<Value = DimSide> {
    (
        prop_oneof![
            6 => Just(Kind::Natural),
            1 => Just(Kind::Zero),
            2 => (-40i16..=40).prop_map(Kind::Raw),
        ],
        prop_oneof![3 => Just(0usize), 1 => 1usize..=9],
        prop::bool::weighted(0.25),
        any::<u8>(),
        prop::bool::weighted(0.2),
        0isize..=16,
    )
        .prop_map(|(kind, pad, neg, key, indirect, sub)| DimSide {
            kind,
            pad,
            neg,
            key,
            indirect,
            sub,
        })
}

fn side_spec(ndim: usize) -> impl Strategy<Value = SideSpec> {
    (
        prop::collection::vec(dim_side(), ndim),
        prop::bool::weighted(0.35),
        prop_oneof![3 => Just(0u8), 1 => 1u8..=3],
        0u8..8,
    )
        .prop_map(|(dims, subs, share, skew)| SideSpec {
            dims,
            subs,
            share,
            skew,
        })
}

fn spec_with(shape: impl Strategy<Value = Vec<usize>>) -> impl Strategy<Value = Spec> {
    (itemsize(), shape).prop_flat_map(|(k, shape)| {
        let ndim = shape.len();
        (
            Just(k),
            Just(shape),
            side_spec(ndim),
            side_spec(ndim),
            prop_oneof![Just(Order::C), Just(Order::F)],
            prop::option::weighted(0.4, 0u16..=1000),
            prop::option::weighted(0.3, -48i16..=48),
        )
            .prop_map(|(k, shape, a, b, order, frac, overlap)| Spec {
                k,
                shape,
                a,
                b,
                order,
                frac,
                overlap,
            })
    })
}

/// Mostly small layouts; some with long runs (which reach the vector and
/// prefetching loops); a few wide ones made of length-1 and length-2 dims.
fn spec() -> impl Strategy<Value = Spec> {
    let len = prop_oneof![1 => Just(0usize), 2 => Just(1usize), 12 => 2usize..=5, 1 => 0usize..=2];
    let small = prop::collection::vec(len, 0..=5);
    let long = prop::collection::vec(prop_oneof![1 => 1usize..=4, 2 => 20usize..=300], 1..=3);
    let wide = prop::collection::vec(prop_oneof![5 => Just(1usize), 2 => Just(2usize)], 8..=64);
    spec_with(prop_oneof![10 => small, 3 => long, 1 => wide]).prop_map(|mut s| {
        // Keep the item count bounded by collapsing dimensions from the back.
        let mut i = s.shape.len();
        while s.shape.iter().product::<usize>() > MAX_ITEMS && i > 0 {
            i -= 1;
            if s.shape[i] > 1 {
                s.shape[i] = 1;
            }
        }
        s
    })
}

// ==========================================================================
// Building layouts inside an arena
// ==========================================================================

/// A layout whose addresses are arena offsets.
#[derive(Clone, Debug)]
struct Layout {
    base: usize,
    k: usize,
    shape: Vec<isize>,
    strides: Vec<isize>,
    subs: Option<Vec<isize>>,
}

/// Arena plan: its length and the pointer slots to fill in (slot offset,
/// offset the stored pointer points at).
#[derive(Default, Debug)]
struct Arena {
    len: usize,
    slots: Vec<(usize, usize)>,
}

impl Arena {
    /// Reserve a block whose addresses span `[base + lo, base + hi)`, with
    /// guard gaps; returns `base`.
    fn alloc(&mut self, lo: isize, hi: isize, skew: usize) -> usize {
        let base = self.len + GAP + skew + (-lo) as usize;
        self.len = (base as isize + hi) as usize + GAP;
        base
    }

    /// Materialise: a pattern-filled buffer with the pointer slots written.
    fn make(&self, seed: u8) -> Vec<u8> {
        let mut v: Vec<u8> = (0..self.len + 8)
            .map(|i| {
                (i as u32)
                    .wrapping_mul(2_654_435_761)
                    .rotate_left(seed as u32 % 31) as u8
                    ^ seed
            })
            .collect();
        let p = v.as_mut_ptr() as usize;
        for &(slot, target) in &self.slots {
            v[slot..slot + 8].copy_from_slice(&(p + target).to_ne_bytes());
        }
        v
    }

    /// Bytes of `v` that belong to pointer slots.
    fn slot_mask(&self) -> Vec<bool> {
        let mut m = vec![false; self.len + 8];
        for &(slot, _) in &self.slots {
            m[slot..slot + 8].iter_mut().for_each(|b| *b = true);
        }
        m
    }
}

fn span(shape: &[usize], strides: &[isize], elem: usize) -> (isize, isize) {
    let (mut lo, mut hi) = (0isize, elem as isize);
    for (&n, &s) in shape.iter().zip(strides) {
        let d = (n.max(1) as isize - 1) * s;
        if d < 0 {
            lo += d;
        } else {
            hi += d;
        }
    }
    (lo, hi)
}

/// Strides for dimensions `dims` (a contiguous range of the layout) whose
/// elements are `elem` bytes; pointer tables (`ptrs`) keep strides multiples
/// of 8 so distinct slots never partly overlap.
fn strides_for(
    spec: &SideSpec,
    shape: &[usize],
    dims: std::ops::Range<usize>,
    elem: usize,
    ptrs: bool,
    out: &mut [isize],
) {
    let mut nest: Vec<usize> = dims.clone().collect();
    nest.sort_by_key(|&d| (spec.dims[d].key, d));
    let mut step = elem as isize;
    for &d in nest.iter().rev() {
        let ds = &spec.dims[d];
        let pad = if ptrs { ds.pad * 8 } else { ds.pad } as isize;
        let natural = step + pad;
        step = natural * shape[d].max(1) as isize;
        let s = match ds.kind {
            Kind::Natural => natural,
            Kind::Zero => 0,
            Kind::Raw(r) if ptrs => (r as isize / 8) * 8,
            Kind::Raw(r) => r as isize,
        };
        out[d] = if ds.neg { -s } else { s };
    }
}

/// Lay out one side in `arena`: direct, or PIL-style with a pointer table
/// ending at each indirect dimension.
fn build(arena: &mut Arena, spec: &SideSpec, shape: &[usize], k: usize) -> Layout {
    let ndim = shape.len();
    let indirect: Vec<usize> = if spec.subs {
        (0..ndim).filter(|&d| spec.dims[d].indirect).collect()
    } else {
        vec![]
    };
    let mut subs = vec![-1isize; ndim];
    for &d in &indirect {
        subs[d] = spec.dims[d].sub;
    }
    // Segments: dims between pointer loads. Segment i ends at indirect[i].
    let mut segs = Vec::new();
    let mut start = 0;
    for &e in &indirect {
        segs.push(start..e + 1);
        start = e + 1;
    }
    segs.push(start..ndim);
    let mut strides = vec![0isize; ndim];
    for (i, seg) in segs.iter().enumerate() {
        let ptrs = i + 1 < segs.len();
        strides_for(
            spec,
            shape,
            seg.clone(),
            if ptrs { 8 } else { k },
            ptrs,
            &mut strides,
        );
    }
    let empty = shape.contains(&0);
    let mut counter = 0usize;
    let base = if empty {
        arena.alloc(0, k as isize, 0)
    } else {
        build_seg(
            arena,
            spec,
            shape,
            &strides,
            &subs,
            &segs,
            0,
            k,
            &mut counter,
        )
    };
    Layout {
        base,
        k,
        shape: shape.iter().map(|&n| n as isize).collect(),
        strides,
        subs: spec.subs.then_some(subs),
    }
}

#[allow(clippy::too_many_arguments)]
fn build_seg(
    arena: &mut Arena,
    spec: &SideSpec,
    shape: &[usize],
    strides: &[isize],
    subs: &[isize],
    segs: &[std::ops::Range<usize>],
    i: usize,
    k: usize,
    counter: &mut usize,
) -> usize {
    let seg = segs[i].clone();
    let last = i + 1 == segs.len();
    let elem = if last { k } else { 8 };
    let (lo, hi) = span(&shape[seg.clone()], &strides[seg.clone()], elem);
    let skew = if i == 0 {
        spec.skew as usize
    } else {
        *counter % 8
    };
    let base = arena.alloc(lo, hi, skew);
    if last {
        return base;
    }
    // One pointer per distinct slot offset; some slots share a block.
    let mut offs = BTreeMap::new();
    for idx in indices(&shape[seg.clone()]) {
        let off: isize = idx
            .iter()
            .zip(&strides[seg.clone()])
            .map(|(&j, &s)| j as isize * s)
            .sum();
        offs.insert(off, ());
    }
    let e = seg.end - 1;
    let mut prev: Option<usize> = None;
    for off in offs.keys() {
        *counter += 1;
        let target = match prev {
            Some(t) if spec.share > 0 && counter.is_multiple_of(spec.share as usize) => t,
            _ => build_seg(arena, spec, shape, strides, subs, segs, i + 1, k, counter),
        };
        prev = Some(target);
        arena
            .slots
            .push(((base as isize + off) as usize, target - subs[e] as usize));
    }
    base
}

/// All indices of `shape` in C order.
fn indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let total: usize = shape.iter().product();
    let mut out = Vec::with_capacity(total);
    let mut idx = vec![0usize; shape.len()];
    for _ in 0..total {
        out.push(idx.clone());
        add_one_c(&mut idx, shape);
    }
    out
}

fn strided<'a>(l: &'a Layout, arena: &mut [u8]) -> Strided<'a> {
    Strided {
        buf: arena.as_mut_ptr().wrapping_add(l.base),
        itemsize: l.k,
        shape: &l.shape,
        strides: &l.strides,
        suboffsets: l.subs.as_deref(),
    }
}

// ==========================================================================
// Reference: CPython 3.11's loops
// ==========================================================================

fn add_one_c(idx: &mut [usize], shape: &[usize]) {
    for d in (0..idx.len()).rev() {
        if idx[d] + 1 < shape[d] {
            idx[d] += 1;
            return;
        }
        idx[d] = 0;
    }
}

fn add_one_f(idx: &mut [usize], shape: &[usize]) {
    for d in 0..idx.len() {
        if idx[d] + 1 < shape[d] {
            idx[d] += 1;
            return;
        }
        idx[d] = 0;
    }
}

/// `PyBuffer_GetPointer`.
unsafe fn get_pointer(v: &Strided<'_>, idx: &[usize]) -> *mut u8 {
    let mut p = v.buf;
    for d in 0..idx.len() {
        p = p.wrapping_offset(v.strides[d] * idx[d] as isize);
        if let Some(s) = v.suboffsets
            && s[d] >= 0
        {
            // SAFETY: an indirect dimension of a layout built by `build` stores a pointer in this (possibly unaligned) slot of the arena.
            p = unsafe { (p as *const *mut u8).read_unaligned() }.wrapping_offset(s[d]);
        }
    }
    p
}

/// Copy one item byte by byte through a temporary (memmove semantics).
unsafe fn copy_item(d: *mut u8, s: *const u8, k: usize) {
    let mut small = [0u8; 64];
    let mut large = Vec::new();
    let tmp: &mut [u8] = if k <= 64 {
        &mut small[..k]
    } else {
        large.resize(k, 0);
        &mut large
    };
    for (i, b) in tmp.iter_mut().enumerate() {
        // SAFETY: the caller passes `k` readable bytes at `s`.
        *b = unsafe { *s.add(i) };
    }
    for (i, &b) in tmp.iter().enumerate() {
        // SAFETY: the caller passes `k` writable bytes at `d`.
        unsafe { *d.add(i) = b };
    }
}

fn shape_of(v: &Strided<'_>) -> Vec<usize> {
    v.shape.iter().map(|&n| n as usize).collect()
}

unsafe fn ref_pack(dst: *mut u8, v: &Strided<'_>, order: Order) {
    let shape = shape_of(v);
    let total: usize = shape.iter().product();
    let mut idx = vec![0usize; shape.len()];
    for i in 0..total {
        // SAFETY: indices stay in range, so `get_pointer` yields an item of the view; `dst` holds `total * k` bytes.
        unsafe { copy_item(dst.add(i * v.itemsize), get_pointer(v, &idx), v.itemsize) };
        if order == Order::C {
            add_one_c(&mut idx, &shape)
        } else {
            add_one_f(&mut idx, &shape)
        }
    }
}

unsafe fn ref_unpack(v: &Strided<'_>, src: *const u8, n: usize, order: Order) {
    let shape = shape_of(v);
    let mut idx = vec![0usize; shape.len()];
    for i in 0..n {
        // SAFETY: indices stay in range, so `get_pointer` yields an item of the view; `src` holds `n * k` bytes.
        unsafe { copy_item(get_pointer(v, &idx), src.add(i * v.itemsize), v.itemsize) };
        if order == Order::C {
            add_one_c(&mut idx, &shape)
        } else {
            add_one_f(&mut idx, &shape)
        }
    }
}

/// `PyObject_CopyData`'s loop: the index is incremented before each copy.
unsafe fn ref_copy_between(d: &Strided<'_>, s: &Strided<'_>) {
    let shape = shape_of(d);
    let total: usize = shape.iter().product();
    let mut idx = vec![0usize; shape.len()];
    for _ in 0..total {
        add_one_c(&mut idx, &shape);
        // SAFETY: indices stay in range, so both pointers are items of their views.
        unsafe { copy_item(get_pointer(d, &idx), get_pointer(s, &idx), d.itemsize) };
    }
}

// ==========================================================================
// Checks
// ==========================================================================

fn first_diff(a: &[u8], b: &[u8], skip: &[bool]) -> Option<usize> {
    (0..a.len()).find(|&i| !skip[i] && a[i] != b[i])
}

fn check_pack(spec: &Spec) -> Result<(), TestCaseError> {
    let mut arena = Arena::default();
    let view = build(&mut arena, &spec.a, &spec.shape, spec.k);
    let total: usize = spec.shape.iter().product();
    let out_len = total * spec.k + 2 * GAP;
    let mut mem = arena.make(7);
    let pristine = mem.clone();
    let mut want: Vec<u8> = (0..out_len).map(|i| (i * 13 + 5) as u8).collect();
    let mut got = want.clone();
    let v = strided(&view, &mut mem);
    // SAFETY: the layouts were built in the arenas passed, and the packed buffers hold every item they copy (after a guard gap where there is one).
    unsafe {
        ref_pack(want.as_mut_ptr().add(GAP), &v, spec.order);
        copy::pack(got.as_mut_ptr().add(GAP), &v, spec.order);
    }
    prop_assert!(
        want == got,
        "pack differs at {:?}\n{:?}",
        first_diff(&want, &got, &vec![false; out_len]),
        view
    );
    prop_assert!(mem == pristine, "pack wrote to its source");
    // Again, from other bytes into another buffer: a direct layout now
    // runs on the plan this thread remembered from the copy above.
    let mut mem = arena.make(11);
    let mut want: Vec<u8> = (0..out_len).map(|i| (i * 29 + 1) as u8).collect();
    let mut got = want.clone();
    let v = strided(&view, &mut mem);
    // SAFETY: as above.
    unsafe {
        ref_pack(want.as_mut_ptr().add(GAP), &v, spec.order);
        copy::pack(got.as_mut_ptr().add(GAP), &v, spec.order);
    }
    prop_assert!(
        want == got,
        "pack again differs at {:?}\n{:?}",
        first_diff(&want, &got, &vec![false; out_len]),
        view
    );
    Ok(())
}

fn check_unpack(spec: &Spec) -> Result<(), TestCaseError> {
    let mut arena = Arena::default();
    let view = build(&mut arena, &spec.a, &spec.shape, spec.k);
    let total: usize = spec.shape.iter().product();
    let n = spec.frac.map_or(total, |f| total * f as usize / 1000);
    let src: Vec<u8> = (0..n * spec.k).map(|i| (i * 7 + 3) as u8 ^ 0x5a).collect();
    let mut want = arena.make(9);
    let mut got = arena.make(9);
    let wmask = arena.slot_mask();
    // SAFETY: the layouts were built in the arenas passed, and the packed buffers hold every item they copy (after a guard gap where there is one).
    unsafe {
        ref_unpack(&strided(&view, &mut want), src.as_ptr(), n, spec.order);
        copy::unpack(&strided(&view, &mut got), src.as_ptr(), n, spec.order);
    }
    prop_assert!(
        first_diff(&want, &got, &wmask).is_none(),
        "unpack of {} items differs at {:?}\n{:?}",
        n,
        first_diff(&want, &got, &wmask),
        view
    );
    prop_assert!(
        got == arena.make_like(&got, 9),
        "unpack overwrote a pointer slot"
    );
    // Again, onto other bytes: the remembered plan (see `check_pack`).
    let mut want = arena.make(13);
    let mut got = arena.make(13);
    // SAFETY: as above.
    unsafe {
        ref_unpack(&strided(&view, &mut want), src.as_ptr(), n, spec.order);
        copy::unpack(&strided(&view, &mut got), src.as_ptr(), n, spec.order);
    }
    prop_assert!(
        first_diff(&want, &got, &wmask).is_none(),
        "unpack again differs at {:?}\n{:?}",
        first_diff(&want, &got, &wmask),
        view
    );
    Ok(())
}

fn check_copy_between(spec: &Spec) -> Result<(), TestCaseError> {
    let mut arena = Arena::default();
    let dst = build(&mut arena, &spec.a, &spec.shape, spec.k);
    let direct = !spec.a.subs && !spec.b.subs;
    let src = match spec.overlap {
        Some(delta) if direct => {
            // The source shares the destination's memory, shifted by `delta`.
            let mut l = build(&mut Arena::default(), &spec.b, &spec.shape, spec.k);
            let shape: Vec<usize> = spec.shape.clone();
            let (lo, hi) = span(&shape, &l.strides, spec.k);
            let base = (dst.base as isize + delta as isize).max(-lo);
            l.base = base as usize;
            arena.len = arena.len.max((base + hi) as usize + GAP);
            l
        }
        _ => build(&mut arena, &spec.b, &spec.shape, spec.k),
    };
    let mut want = arena.make(3);
    let mut got = arena.make(3);
    let mask = arena.slot_mask();
    // SAFETY: the layouts were built in the arenas passed, and the packed buffers hold every item they copy (after a guard gap where there is one).
    unsafe {
        let (d, s) = (strided(&dst, &mut want), strided(&src, &mut want));
        ref_copy_between(&d, &s);
        let (d, s) = (strided(&dst, &mut got), strided(&src, &mut got));
        copy::copy_between(&d, &s);
    }
    prop_assert!(
        first_diff(&want, &got, &mask).is_none(),
        "copy_between differs at {:?}\ndst {:?}\nsrc {:?}",
        first_diff(&want, &got, &mask),
        dst,
        src
    );
    prop_assert!(
        got == arena.make_like(&got, 3),
        "copy_between overwrote a pointer slot"
    );
    Ok(())
}

impl Arena {
    /// `v` with its pointer slots rewritten as [`Arena::make`] wrote them
    /// (for `v`'s own address), to check that no slot was overwritten.
    fn make_like(&self, v: &[u8], _seed: u8) -> Vec<u8> {
        let mut out = v.to_vec();
        let p = v.as_ptr() as usize;
        for &(slot, target) in &self.slots {
            out[slot..slot + 8].copy_from_slice(&(p + target).to_ne_bytes());
        }
        out
    }
}

// ==========================================================================
// Properties
// ==========================================================================

/// 512 cases per property unless `PROPTEST_CASES` says otherwise.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 512;
    }
    config
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn pack_matches_reference(spec in spec()) {
        check_pack(&spec)?;
    }

    #[test]
    fn unpack_matches_reference(spec in spec()) {
        check_unpack(&spec)?;
    }

    #[test]
    fn copy_between_matches_reference(spec in spec()) {
        check_copy_between(&spec)?;
    }
}

// ==========================================================================
// Hand-picked cases
// ==========================================================================

fn direct(shape: &[usize], strides: &[isize], k: usize) -> (Arena, Layout) {
    let mut arena = Arena::default();
    let (lo, hi) = span(shape, strides, k);
    let base = arena.alloc(lo, hi, 0);
    let l = Layout {
        base,
        k,
        shape: shape.iter().map(|&n| n as isize).collect(),
        strides: strides.to_vec(),
        subs: None,
    };
    (arena, l)
}

#[test]
fn zero_stride_unpack_last_write_wins() {
    // Every index aliases one item: C order leaves the last packed item there,
    // F order the last one in F order, which is the same item here.
    let (arena, l) = direct(&[3, 4], &[0, 0], 2);
    let src: Vec<u8> = (0..24).collect();
    for order in [Order::C, Order::F] {
        let mut m = arena.make(1);
        // SAFETY: the layout was built in this arena; `src` holds the items read.
        unsafe { copy::unpack(&strided(&l, &mut m), src.as_ptr(), 12, order) };
        assert_eq!(&m[l.base..l.base + 2], &[22, 23]);
        let mut m = arena.make(1);
        // SAFETY: the layout was built in this arena; `src` holds the items read.
        unsafe { copy::unpack(&strided(&l, &mut m), src.as_ptr(), 5, order) };
        assert_eq!(&m[l.base..l.base + 2], &[8, 9]);
    }
}

#[test]
fn broadcast_rows_unpack_keeps_last_row_or_last_column() {
    // shape (2, 3), strides (0, 1): both rows alias.
    let (arena, l) = direct(&[2, 3], &[0, 1], 1);
    let src = [1u8, 2, 3, 4, 5, 6];
    let mut m = arena.make(1);
    // SAFETY: the layout was built in this arena; `src` holds the items read.
    unsafe { copy::unpack(&strided(&l, &mut m), src.as_ptr(), 6, Order::C) };
    assert_eq!(&m[l.base..l.base + 3], &[4, 5, 6]);
    // F order visits (0,0),(1,0),(0,1),(1,1),(0,2),(1,2): items 2, 4, 6 win.
    let mut m = arena.make(1);
    // SAFETY: the layout was built in this arena; `src` holds the items read.
    unsafe { copy::unpack(&strided(&l, &mut m), src.as_ptr(), 6, Order::F) };
    assert_eq!(&m[l.base..l.base + 3], &[2, 4, 6]);
}

#[test]
fn copy_between_visits_first_index_last() {
    // A zero-stride destination keeps the value CPython writes last, which
    // is source item (0, 0) because its loop increments before copying.
    let (mut arena, d) = direct(&[2, 2], &[0, 0], 1);
    let (lo, hi) = span(&[2, 2], &[2, 1], 1);
    let sbase = arena.alloc(lo, hi, 0);
    let s = Layout {
        base: sbase,
        k: 1,
        shape: vec![2, 2],
        strides: vec![2, 1],
        subs: None,
    };
    let mut m = arena.make(1);
    m[sbase..sbase + 4].copy_from_slice(&[10, 11, 12, 13]);
    // SAFETY: both layouts were built in this arena.
    unsafe { copy::copy_between(&strided(&d, &mut m), &strided(&s, &mut m)) };
    assert_eq!(m[d.base], 10);
}

#[test]
fn ndim_zero_is_one_item() {
    let (arena, l) = direct(&[], &[], 5);
    let src = [9u8, 8, 7, 6, 5];
    let mut m = arena.make(2);
    // SAFETY: the layout was built in this arena; `src` holds the items read.
    unsafe { copy::unpack(&strided(&l, &mut m), src.as_ptr(), 1, Order::C) };
    assert_eq!(&m[l.base..l.base + 5], &src);
    let mut out = [0u8; 5];
    // SAFETY: the layout was built in this arena; `out` holds its one item.
    unsafe { copy::pack(out.as_mut_ptr(), &strided(&l, &mut m), Order::F) };
    assert_eq!(out, src);
}

/// Pack and unpack of one direct layout in both orders, against the
/// reference; `mem_seed` varies the arena contents.
fn check_direct_both_ways(shape: &[usize], strides: &[isize], k: usize) {
    let (arena, l) = direct(shape, strides, k);
    let total: usize = shape.iter().product();
    let mut mem = arena.make(4);
    let v = strided(&l, &mut mem);
    for order in [Order::C, Order::F] {
        let mut want = vec![0u8; total * k];
        let mut got = vec![1u8; total * k];
        // SAFETY: the layouts were built in the arenas passed, and the packed buffers hold every item they copy (after a guard gap where there is one).
        unsafe {
            ref_pack(want.as_mut_ptr(), &v, order);
            copy::pack(got.as_mut_ptr(), &v, order);
        }
        assert!(want == got, "pack k={k} {shape:?} {strides:?} {order:?}");
        let mut want_m = arena.make(5);
        let mut got_m = arena.make(5);
        // SAFETY: the layouts were built in the arenas passed, and the packed buffers hold every item they copy (after a guard gap where there is one).
        unsafe {
            ref_unpack(&strided(&l, &mut want_m), want.as_ptr(), total, order);
            copy::unpack(&strided(&l, &mut got_m), want.as_ptr(), total, order);
        }
        assert!(
            want_m == got_m,
            "unpack k={k} {shape:?} {strides:?} {order:?}"
        );
    }
}

/// Layouts that differ from each other only in one step, one length, the
/// item size or the order, copied in turn, each several times: a plan a
/// thread remembers must run only for the layout it was prepared for.
#[test]
fn remembered_plans_serve_only_their_own_layout() {
    let layouts: [(&[usize], &[isize], usize); 8] = [
        (&[16, 16], &[8, 128], 8),
        (&[16, 16], &[128, 8], 8),
        (&[16, 16], &[-8, 128], 8),
        (&[16, 16], &[8, 256], 8),
        (&[16, 15], &[8, 128], 8),
        (&[16, 16], &[8, 128], 4),
        (&[16, 16, 1], &[8, 128, 8], 8),
        (&[2, 16, 16], &[4096, 8, 128], 8),
    ];
    for round in 0..3 {
        for &(shape, strides, k) in &layouts {
            for _ in 0..=round {
                check_direct_both_ways(shape, strides, k);
            }
        }
    }
}

#[test]
fn strided_runs_take_the_vector_gather() {
    // Every item size the gather handles, with source steps it accepts and
    // run lengths that leave a scalar tail (and one whose vector steps would
    // read past the run if not bounded).
    for k in [1usize, 2, 4, 8] {
        for m in [2isize, 3] {
            for n in [7usize, 64, 97, 300] {
                let ss = m * k as isize;
                check_direct_both_ways(&[3, n], &[ss * n as isize + 5, ss], k);
                check_direct_both_ways(&[n], &[ss + 1], k);
            }
        }
    }
}

#[test]
fn large_staged_transposes_match_reference() {
    // Blocks of 256 KiB and more of 1- and 2-byte items go through the
    // stage; odd sizes leave partial tiles, padding breaks power-of-two
    // steps, and a step of 2 items makes the stage fill use the gather.
    check_direct_both_ways(&[515, 517], &[1, 517], 1);
    check_direct_both_ways(&[600, 300], &[640, 2], 1);
    check_direct_both_ways(&[300, 450], &[2, 1000], 2);
    check_direct_both_ways(&[700, 380], &[-3, 2200], 1);
}

#[test]
fn every_other_item_of_far_lines_matches_reference() {
    // 4-byte items 8 bytes apart along source lines 4 KiB or more apart
    // (the `[::-1, :, ::2]` of an f32 array, packed in 'F' order): the
    // `Halves` kernels (AVX2, or SSE2 below it). Lengths that
    // leave partial blocks along both sides, a middle dimension that folds
    // into the run, a layout with no fold, and one large enough to stream.
    check_direct_both_ways(&[37, 5, 21], &[-4400, 21 * 8, 8], 4);
    check_direct_both_ways(&[16, 8, 16], &[-(8 * 16 * 8), 16 * 8, 8], 4);
    check_direct_both_ways(&[33, 3, 9], &[8192, 9 * 8 + 4, 8], 4);
    check_direct_both_ways(&[50, 129], &[-5000, 8], 4);
    check_direct_both_ways(&[17, 64], &[4096 * 3, 8], 4);
    // Fewer far-apart lines than a block reads: staged.
    check_direct_both_ways(&[7, 300], &[-5000, 8], 4);
    check_direct_both_ways(&[520, 2100], &[2100 * 8 + 64, 8], 4);
}

/// `span` writable bytes that end where an inaccessible page starts: a
/// kernel that reads past the last of them faults. Unmapped when dropped.
struct Guarded {
    map: *mut u8,
    len: usize,
    base: *mut u8,
}

impl Guarded {
    const PAGE: usize = 4096;

    fn new(span: usize) -> Guarded {
        let pages = span.div_ceil(Self::PAGE) + 1;
        let len = (pages + 1) * Self::PAGE;
        // SAFETY: a private anonymous mapping of our own, unmapped on drop.
        let map = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(map, libc::MAP_FAILED);
        let map = map.cast::<u8>();
        // SAFETY: the last page of the mapping.
        let rc = unsafe {
            libc::mprotect(
                map.add(pages * Self::PAGE).cast(),
                Self::PAGE,
                libc::PROT_NONE,
            )
        };
        assert_eq!(rc, 0);
        Guarded {
            map,
            len,
            base: map.wrapping_add(pages * Self::PAGE - span),
        }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`.
        unsafe { libc::munmap(self.map.cast(), self.len) };
    }
}

#[test]
fn every_other_item_reads_nothing_past_the_last_item() {
    // Rows 4 KiB apart of 4-byte items 8 bytes apart, the last item ending
    // where an inaccessible page starts: a kernel that read the whole 64
    // bytes of a block's last line would fault here.
    const PAGE: usize = Guarded::PAGE;
    for cols in [8usize, 16, 24] {
        let rows = 16;
        let span = (rows - 1) * PAGE + (cols - 1) * 8 + 4;
        let mem = Guarded::new(span);
        let base = mem.base;
        for r in 0..rows {
            for c in 0..cols {
                let v = (r * 1000 + c) as f32;
                // SAFETY: item (r, c), inside the accessible pages.
                unsafe { base.add(r * PAGE + c * 8).cast::<f32>().write_unaligned(v) };
            }
        }
        let (shape, strides) = ([rows as isize, cols as isize], [PAGE as isize, 8]);
        let v = Strided {
            buf: base,
            itemsize: 4,
            shape: &shape,
            strides: &strides,
            suboffsets: None,
        };
        let mut out = vec![0f32; rows * cols];
        // SAFETY: every item of `v` is readable; `out` holds them all.
        unsafe { copy::pack(out.as_mut_ptr().cast(), &v, Order::F) };
        for c in 0..cols {
            for r in 0..rows {
                assert_eq!(out[c * rows + r], (r * 1000 + c) as f32, "{cols} columns");
            }
        }
    }
}

#[test]
fn strided_runs_read_nothing_past_the_last_item() {
    // Runs of items a few bytes apart, the last item ending where an
    // inaccessible page starts, packed in both orders (the gathers into the
    // packed buffer and into a transpose's stage, whose last vector step
    // ends exactly at a run's last byte), against the reference.
    for k in [1usize, 2, 4, 8] {
        for ss in [2 * k, 3 * k, k + 1] {
            for n in [31usize, 32, 33, 47, 64, 100, 257] {
                for rows in [1usize, 3, 40] {
                    let row_step = (n - 1) * ss + k + 5;
                    let span = (rows - 1) * row_step + (n - 1) * ss + k;
                    let mem = Guarded::new(span);
                    for i in 0..span {
                        // SAFETY: inside the accessible bytes.
                        unsafe { *mem.base.add(i) = (i * 7 + 3) as u8 };
                    }
                    let shape = [rows as isize, n as isize];
                    let strides = [row_step as isize, ss as isize];
                    let v = Strided {
                        buf: mem.base,
                        itemsize: k,
                        shape: &shape,
                        strides: &strides,
                        suboffsets: None,
                    };
                    for order in [Order::C, Order::F] {
                        let mut want = vec![0u8; rows * n * k];
                        let mut got = vec![1u8; rows * n * k];
                        // SAFETY: every item of `v` is readable; both
                        // buffers hold them all.
                        unsafe {
                            ref_pack(want.as_mut_ptr(), &v, order);
                            copy::pack(got.as_mut_ptr(), &v, order);
                        }
                        assert!(want == got, "k={k} ss={ss} n={n} rows={rows} {order:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn large_transposes_match_reference() {
    // Big enough to take the tiled path with partial tiles at the edges.
    for (k, n, m) in [
        (8usize, 67usize, 45usize),
        (1, 300, 130),
        (4, 33, 257),
        (3, 70, 70),
    ] {
        let (arena, l) = direct(&[n, m], &[k as isize, (n * k) as isize], k);
        let mut mem = arena.make(4);
        let v = strided(&l, &mut mem);
        for order in [Order::C, Order::F] {
            let mut want = vec![0u8; n * m * k];
            let mut got = vec![1u8; n * m * k];
            // SAFETY: the layouts were built in the arenas passed, and the packed buffers hold every item they copy (after a guard gap where there is one).
            unsafe {
                ref_pack(want.as_mut_ptr(), &v, order);
                copy::pack(got.as_mut_ptr(), &v, order);
            }
            assert!(want == got, "pack k={k} {n}x{m} {order:?}");
            let mut want_m = arena.make(5);
            let mut got_m = arena.make(5);
            // SAFETY: the layouts were built in the arenas passed, and the packed buffers hold every item they copy (after a guard gap where there is one).
            unsafe {
                ref_unpack(&strided(&l, &mut want_m), want.as_ptr(), n * m, order);
                copy::unpack(&strided(&l, &mut got_m), want.as_ptr(), n * m, order);
            }
            assert!(want_m == got_m, "unpack k={k} {n}x{m} {order:?}");
        }
    }
}

/// Unpack (whole and prefixes, both orders) and `copy_between` from a
/// packed source into a direct layout whose innermost dimension writes
/// items a few bytes apart, against the reference; the whole arena is
/// compared, so the gap bytes between items and the guards around the block
/// must be unchanged. `skew` moves the block relative to cache lines.
fn check_scatter(shape: &[usize], strides: &[isize], k: usize, skew: usize) {
    let mut arena = Arena::default();
    let (lo, hi) = span(shape, strides, k);
    let base = arena.alloc(lo, hi, skew);
    let l = Layout {
        base,
        k,
        shape: shape.iter().map(|&n| n as isize).collect(),
        strides: strides.to_vec(),
        subs: None,
    };
    let total: usize = shape.iter().product();
    let src: Vec<u8> = (0..total * k).map(|i| (i * 7 + 3) as u8 ^ 0x5a).collect();
    let what = format!("k={k} {shape:?} {strides:?} skew={skew}");
    for order in [Order::C, Order::F] {
        for n in [total, total - 1, total / 2 + 1] {
            let mut want = arena.make(5);
            let mut got = arena.make(5);
            // SAFETY: the layout was built in these arenas; `src` holds `total >= n` items.
            unsafe {
                ref_unpack(&strided(&l, &mut want), src.as_ptr(), n, order);
                copy::unpack(&strided(&l, &mut got), src.as_ptr(), n, order);
            }
            assert!(
                want == got,
                "unpack of {n} items, {what} {order:?}: differs at {:?}",
                first_diff(&want, &got, &vec![false; want.len()])
            );
        }
    }
    // `copy_between` from a packed C-order block elsewhere in the arena.
    let mut packed = vec![0isize; shape.len()];
    let mut step = k as isize;
    for d in (0..shape.len()).rev() {
        packed[d] = step;
        step *= shape[d] as isize;
    }
    let sbase = arena.alloc(0, step, skew / 2);
    let s = Layout {
        base: sbase,
        k,
        shape: l.shape.clone(),
        strides: packed,
        subs: None,
    };
    let mut want = arena.make(6);
    let mut got = arena.make(6);
    // SAFETY: both layouts were built in these arenas, in disjoint blocks.
    unsafe {
        ref_copy_between(&strided(&l, &mut want), &strided(&s, &mut want));
        copy::copy_between(&strided(&l, &mut got), &strided(&s, &mut got));
    }
    assert!(
        want == got,
        "copy_between, {what}: differs at {:?}",
        first_diff(&want, &got, &vec![false; want.len()])
    );
}

#[test]
fn strided_destination_runs_take_the_avx512_scatter() {
    // Item sizes the scatter handles (1, 2 and 4 also without VBMI when the
    // step is 2k), destination steps from k + 1 to the widest that still
    // fits two items in 64 bytes (and the first that does not), and run
    // lengths around whole steps of 64 destination bytes, so that the last
    // step is full, partial or a single item. Negative steps are flipped.
    for k in [1usize, 2, 3, 4, 5, 8, 16, 31] {
        let mut steps = vec![
            k + 1,
            2 * k,
            2 * k + 1,
            3 * k,
            64 / 3,
            32,
            64 - k,
            65 - k,
            64,
        ];
        steps.retain(|&ds| ds > k);
        steps.sort_unstable();
        steps.dedup();
        for ds in steps {
            let per = if ds + k <= 64 { (64 - k) / ds + 1 } else { 1 };
            let mut runs = vec![per - 1, per, per + 1, 2 * per - 1, 2 * per, 2 * per + 1];
            runs.extend([64 / k, 64 / k + 1, 130, 257]);
            runs.retain(|&n| n > 0);
            runs.sort_unstable();
            runs.dedup();
            for n in runs {
                let dsi = ds as isize;
                for skew in [0usize, 1, 33, 63] {
                    check_scatter(&[n], &[dsi], k, skew);
                    check_scatter(&[3, n], &[dsi * n as isize + 7, dsi], k, skew);
                }
                check_scatter(&[n], &[-dsi], k, 5);
                check_scatter(&[n, 2], &[dsi * 2 + 1, dsi], k, 2);
            }
        }
    }
}

/// Runs `copy` repeatedly for 150 ms while another thread owns the bytes of
/// `mem` at `gaps`, rewriting them with a new value each round and
/// re-checking them. Returns how many of that thread's writes were undone:
/// a kernel that wrote gap bytes back, even with the values it had read,
/// would sometimes undo one.
fn race_gap_bytes(mem: &[std::sync::atomic::AtomicU8], gaps: &[usize], copy: impl Fn()) -> usize {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
    let stop = AtomicBool::new(false);
    let lost = AtomicUsize::new(0);
    std::thread::scope(|sc| {
        sc.spawn(|| {
            let mut round = 0u8;
            while !stop.load(Relaxed) {
                round = round.wrapping_add(1);
                gaps.iter().for_each(|&b| mem[b].store(round, Relaxed));
                let bad = gaps.iter().filter(|&&b| mem[b].load(Relaxed) != round);
                lost.fetch_add(bad.count(), Relaxed);
            }
        });
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_millis(150) {
            copy();
        }
        stop.store(true, Relaxed);
    });
    lost.load(Relaxed)
}

#[test]
fn scatter_never_writes_the_gap_bytes() {
    // Another thread owns the bytes between items while they are unpacked
    // (see `race_gap_bytes`).
    use std::sync::atomic::{AtomicU8, Ordering::Relaxed};
    for (k, n) in [(1usize, 4096usize), (2, 2048), (4, 1024)] {
        let ds = 2 * k;
        let mem: Vec<AtomicU8> = (0..n * ds + 128).map(|_| AtomicU8::new(0)).collect();
        let src: Vec<u8> = (0..n * k).map(|i| (i * 5 + 1) as u8).collect();
        let (shape, strides) = ([n as isize], [ds as isize]);
        let view = Strided {
            // Items start 64 bytes in; AtomicU8 is an UnsafeCell, so the
            // kernel may write the item bytes through this pointer.
            buf: mem.as_ptr().cast::<u8>().cast_mut().wrapping_add(64),
            itemsize: k,
            shape: &shape,
            strides: &strides,
            suboffsets: None,
        };
        let gaps: Vec<usize> = (0..n)
            .flat_map(|i| 64 + i * ds + k..64 + (i + 1) * ds)
            .collect();
        let lost = race_gap_bytes(&mem, &gaps, || {
            // SAFETY: the view's items lie inside `mem`, which the other
            // thread only touches at the gap bytes, atomically; `src` holds
            // every item.
            unsafe { copy::unpack(&view, src.as_ptr(), n, Order::C) };
        });
        assert_eq!(lost, 0, "k={k}: gap bytes were overwritten");
        for i in 0..n {
            for b in 0..k {
                assert_eq!(mem[64 + i * ds + b].load(Relaxed), src[i * k + b]);
            }
        }
    }
}

/// Pack (into a buffer at byte offset `off`, guard bytes around it) and
/// unpack (into the block placed `skew` bytes further into its arena) of a
/// 2-D layout of 8-byte items with strides `[8, pitch]`, both orders,
/// against the reference; guard and padding bytes must be unchanged.
fn check_transpose8(n: usize, m: usize, pitch: isize, off: usize, skew: usize) {
    let k = 8;
    let (shape, strides) = ([n, m], [8isize, pitch]);
    let mut arena = Arena::default();
    let (lo, hi) = span(&shape, &strides, k);
    let base = arena.alloc(lo, hi, skew);
    let l = Layout {
        base,
        k,
        shape: vec![n as isize, m as isize],
        strides: strides.to_vec(),
        subs: None,
    };
    let bytes = n * m * k;
    let what = format!("{n}x{m} pitch={pitch} off={off} skew={skew}");
    let mut mem = arena.make(3);
    let v = strided(&l, &mut mem);
    for order in [Order::C, Order::F] {
        let mut want = vec![0xa5u8; bytes + off + 64];
        let mut got = want.clone();
        // SAFETY: the layout was built in `mem`; each packed buffer holds
        // `bytes` bytes from `off`.
        unsafe {
            ref_pack(want.as_mut_ptr().add(off), &v, order);
            copy::pack(got.as_mut_ptr().add(off), &v, order);
        }
        assert!(
            want == got,
            "pack {what} {order:?}: differs at {:?}",
            first_diff(&want, &got, &vec![false; want.len()])
        );
        let src = &want[off..off + bytes];
        let mut want_m = arena.make(5);
        let mut got_m = arena.make(5);
        // SAFETY: the layout was built in these arenas; `src` holds every item.
        unsafe {
            ref_unpack(&strided(&l, &mut want_m), src.as_ptr(), n * m, order);
            copy::unpack(&strided(&l, &mut got_m), src.as_ptr(), n * m, order);
        }
        assert!(
            want_m == got_m,
            "unpack {what} {order:?}: differs at {:?}",
            first_diff(&want_m, &got_m, &vec![false; want_m.len()])
        );
    }
}

#[test]
fn small_f64_transposes_take_the_8x8_kernel() {
    // Whole 8 × 8 blocks, partial ones at the right and bottom edges, and
    // blocks too narrow for one, at several alignments.
    for (n, m) in [
        (8usize, 8usize),
        (16, 16),
        (13, 21),
        (9, 64),
        (64, 9),
        (7, 40),
        (33, 8),
    ] {
        for (off, skew) in [(0usize, 0usize), (8, 24), (16, 40), (5, 3)] {
            check_transpose8(n, m, 8 * n as isize, off, skew);
            check_transpose8(n, m, 8 * n as isize + 24, off, skew);
        }
    }
}

#[test]
fn large_f64_transposes_stream_whole_lines() {
    // Blocks of 4 MiB and more take the 8 × 8 kernel with non-temporal
    // stores: destinations at every 8-byte alignment within a line (and an
    // unaligned one), row steps that are and are not multiples of 64, and
    // shapes that leave head columns, tail columns and tail rows.
    for (n, m, pad) in [
        (1031usize, 517usize, 0isize),
        (1024, 520, 0),
        (517, 1030, 24),
    ] {
        for (off, skew) in [
            (0usize, 0usize),
            (8, 16),
            (16, 40),
            (40, 8),
            (56, 56),
            (3, 5),
        ] {
            check_transpose8(n, m, 8 * n as isize + pad, off, skew);
        }
    }
}

/// Pack a `[nb, na]` block of bytes (steps `[bss, ass]`) in F order, and the
/// same bytes seen as `[na, nb]` (steps `[ass, bss]`) in C order, into a
/// buffer whose destination starts `align` bytes past a 64-byte boundary,
/// with guard bytes before and after; then unpack both ways. With a far
/// `bss`, a near `ass` and 256 KiB or more, this is the staged byte
/// transpose (AVX-512BW drain, streaming from 4 MiB).
fn check_pack_u8(nb: usize, na: usize, ass: isize, bss: isize, align: usize, skew: usize) {
    let bytes = nb * na;
    for (shape, strides, order) in [
        ([nb, na], [bss, ass], Order::F),
        ([na, nb], [ass, bss], Order::C),
    ] {
        let mut arena = Arena::default();
        let (lo, hi) = span(&shape, &strides, 1);
        let base = arena.alloc(lo, hi, skew);
        let l = Layout {
            base,
            k: 1,
            shape: shape.iter().map(|&n| n as isize).collect(),
            strides: strides.to_vec(),
            subs: None,
        };
        let what = format!("{shape:?} strides {strides:?} {order:?} align={align} skew={skew}");
        let mut mem = arena.make(7);
        let v = strided(&l, &mut mem);
        let mut want = vec![0x5au8; bytes + 256];
        let mut got = want.clone();
        let off = |b: &Vec<u8>| (64 - b.as_ptr() as usize % 64) % 64 + 64 + align;
        let (wo, go) = (off(&want), off(&got));
        // SAFETY: the layout was built in `mem`; each buffer holds `bytes`
        // bytes from its offset (at most 127 + `bytes` <= len - 64).
        unsafe {
            ref_pack(want.as_mut_ptr().add(wo), &v, order);
            copy::pack(got.as_mut_ptr().add(go), &v, order);
        }
        let (wg, gg) = (&want[wo..wo + bytes], &got[go..go + bytes]);
        assert!(
            wg == gg,
            "pack {what}: differs at {:?}",
            first_diff(wg, gg, &vec![false; bytes])
        );
        assert!(
            got[..go]
                .iter()
                .chain(&got[go + bytes..])
                .all(|&b| b == 0x5a),
            "pack {what}: guard bytes written"
        );
        let mut want_m = arena.make(9);
        let mut got_m = arena.make(9);
        // SAFETY: the layout was built in these arenas; `wg` holds every item.
        unsafe {
            ref_unpack(&strided(&l, &mut want_m), wg.as_ptr(), bytes, order);
            copy::unpack(&strided(&l, &mut got_m), wg.as_ptr(), bytes, order);
        }
        assert!(
            want_m == got_m,
            "unpack {what}: differs at {:?}",
            first_diff(&want_m, &got_m, &vec![false; want_m.len()])
        );
    }
}

#[test]
fn large_byte_transposes_match_reference() {
    // Tiles are 64 (along the far-apart source rows) × 256 items, drained
    // 16 destination rows at a time: exact multiples, one more and one
    // less on each side, partial tiles whose 64 rows leave 15 or 12 scalar
    // rows, blocks narrower than a tile, source steps of 1, 2 and 3 bytes,
    // backwards along either dimension, and overlapping source rows.
    for (nb, na, ass, bss) in [
        (1024usize, 256usize, 1isize, 256isize),
        (1025, 257, 2, 520),
        (1087, 255, 1, 300),
        (1000, 271, 3, 820),
        (1090, 300, -2, 640),
        (700, 380, -1, -400),
        (1023, 513, 2, -1100),
        (40, 8000, 1, 64),
        (3000, 100, 2, 64),
    ] {
        for (align, skew) in [(0usize, 0usize), (3, 1)] {
            check_pack_u8(nb, na, ass, bss, align, skew);
        }
    }
}

#[test]
fn large_byte_transposes_stream_whole_lines() {
    // From 4 MiB the drain writes aligned destination lines with
    // non-temporal stores: destinations at several offsets within a line
    // (so the columns before the first line boundary are a block of their
    // own), row steps that are and are not multiples of 64, and partial
    // tiles at the edges.
    for (nb, na, ass, bss) in [
        (2048usize, 2048usize, 2isize, 4096isize),
        (2113, 2051, 1, 2100),
        (2100, 2000, -3, 6001),
    ] {
        for (align, skew) in [(0usize, 0usize), (16, 5), (1, 0), (63, 2)] {
            check_pack_u8(nb, na, ass, bss, align, skew);
        }
    }
}

#[test]
fn large_byte_transposes_into_spread_rows_match_reference() {
    // Unpacking in F order into rows of bytes a few bytes apart, 256 KiB and
    // more: the staged transpose whose write-out spreads each 64-item row
    // with masked stores (destination steps 2 to 4; 5 takes the scalar
    // write-out). Column counts around the 64-item blocks of the 256-item
    // tile width, row counts around the 64-row tile height, the 256-row
    // band and the 16-row drain step (so partial tiles leave scalar rows
    // and columns), padded and power-of-two row
    // steps, backwards along either dimension, and several alignments.
    // `check_scatter` also unpacks prefixes, in C order too, and compares
    // the whole arena, so gap and guard bytes must be unchanged.
    for ds in [2isize, 3, 4, 5] {
        for (rows, cols) in [
            (4096usize, 64usize),
            (2063, 127),
            (1040, 257),
            (1025, 320),
            (4111, 65),
        ] {
            let row = ds * cols as isize;
            for (strides, skew) in [
                ([row, ds], 0usize),
                ([row + 7, ds], 1),
                ([(row as usize).next_power_of_two() as isize, ds], 33),
                ([-row, ds], 5),
                ([row + 64, -ds], 63),
            ] {
                check_scatter(&[rows, cols], &strides, 1, skew);
            }
        }
    }
}

#[test]
fn spread_transpose_never_writes_the_gap_bytes() {
    // As `scatter_never_writes_the_gap_bytes`, for the staged transpose
    // with the spreading write-out: an F-order unpack of a large block of
    // bytes `ds` apart, while another thread rewrites and re-checks the
    // gap bytes after every item (and the padding after every row).
    use std::sync::atomic::{AtomicU8, Ordering::Relaxed};
    for ds in [2usize, 3, 4] {
        let (rows, cols) = (1040usize, 260usize);
        let row = ds * cols + 3;
        let n = rows * cols;
        let mem: Vec<AtomicU8> = (0..rows * row + 128).map(|_| AtomicU8::new(0)).collect();
        let src: Vec<u8> = (0..n).map(|i| (i * 5 + 1) as u8 | 1).collect();
        let (shape, strides) = ([rows as isize, cols as isize], [row as isize, ds as isize]);
        let view = Strided {
            // Items start 64 bytes in; AtomicU8 is an UnsafeCell, so the
            // kernel may write the item bytes through this pointer.
            buf: mem.as_ptr().cast::<u8>().cast_mut().wrapping_add(64),
            itemsize: 1,
            shape: &shape,
            strides: &strides,
            suboffsets: None,
        };
        let item = |i: usize, j: usize| 64 + i * row + j * ds;
        let is_item: Vec<bool> = {
            let mut v = vec![false; mem.len()];
            for i in 0..rows {
                for j in 0..cols {
                    v[item(i, j)] = true;
                }
            }
            v
        };
        let gaps: Vec<usize> = (0..mem.len()).filter(|&b| !is_item[b]).collect();
        let lost = race_gap_bytes(&mem, &gaps, || {
            // SAFETY: the view's items lie inside `mem`, which the other
            // thread only touches outside the items, atomically; `src` holds
            // every item.
            unsafe { copy::unpack(&view, src.as_ptr(), n, Order::F) };
        });
        assert_eq!(lost, 0, "ds={ds}: gap bytes were overwritten");
        for j in 0..cols {
            for i in 0..rows {
                assert_eq!(mem[item(i, j)].load(Relaxed), src[j * rows + i]);
            }
        }
    }
}

/// Pack (both orders), unpack (both orders, whole and a prefix) and
/// `copy_between` (into the layout from a C-contiguous copy, and out of it
/// into a C-contiguous block) of one layout built in `arena`, against the
/// reference. Unpacks and copies compare the whole arena, so gap bytes,
/// guards and pointer slots must be unchanged.
fn check_all_ways(arena: &Arena, l: &Layout, what: &str) {
    let k = l.k;
    let shape: Vec<usize> = l.shape.iter().map(|&n| n as usize).collect();
    let total: usize = shape.iter().product();
    let mask = arena.slot_mask();
    let mut mem = arena.make(4);
    let pristine = mem.clone();
    let v = strided(l, &mut mem);
    for order in [Order::C, Order::F] {
        let mut want = vec![0u8; total * k + GAP];
        let mut got = vec![1u8; total * k + GAP];
        // SAFETY: the layout was built in `mem`; each packed buffer holds
        // every item.
        unsafe {
            ref_pack(want.as_mut_ptr(), &v, order);
            copy::pack(got.as_mut_ptr(), &v, order);
        }
        want[total * k..].fill(1);
        assert!(
            want == got,
            "pack {what} {order:?}: differs at {:?}",
            first_diff(&want, &got, &vec![false; want.len()])
        );
        let src = &want[..total * k];
        for n in [total, total * 2 / 3] {
            let mut want_m = arena.make(5);
            let mut got_m = arena.make(5);
            // SAFETY: the layout was built in these arenas; `src` holds
            // `total >= n` items.
            unsafe {
                ref_unpack(&strided(l, &mut want_m), src.as_ptr(), n, order);
                copy::unpack(&strided(l, &mut got_m), src.as_ptr(), n, order);
            }
            assert!(
                first_diff(&want_m, &got_m, &mask).is_none(),
                "unpack {what} {order:?} {n} items: differs at {:?}",
                first_diff(&want_m, &got_m, &mask)
            );
            assert!(
                got_m == arena.make_like(&got_m, 5),
                "unpack {what}: pointer slot written"
            );
        }
    }
    assert!(mem == pristine, "pack {what} wrote to its source");

    // copy_between with a C-contiguous block of the same shape placed
    // after the arena (in the same memory, so that both are one arena).
    let mut c_strides = vec![0isize; shape.len()];
    let mut step = k as isize;
    for (s, &n) in c_strides.iter_mut().zip(&shape).rev() {
        *s = step;
        step *= n.max(1) as isize;
    }
    let mut both = Arena {
        len: arena.len,
        slots: arena.slots.clone(),
    };
    let cbase = both.alloc(0, (total * k) as isize, 3);
    let c = Layout {
        base: cbase,
        k,
        shape: l.shape.clone(),
        strides: c_strides,
        subs: None,
    };
    let mask = both.slot_mask();
    for into_view in [true, false] {
        let mut want = both.make(6);
        let mut got = both.make(6);
        let (dl, sl) = if into_view { (l, &c) } else { (&c, l) };
        // SAFETY: both layouts were built in these arenas.
        unsafe {
            ref_copy_between(&strided(dl, &mut want), &strided(sl, &mut want));
            copy::copy_between(&strided(dl, &mut got), &strided(sl, &mut got));
        }
        assert!(
            first_diff(&want, &got, &mask).is_none(),
            "copy_between {what} into_view={into_view}: differs at {:?}",
            first_diff(&want, &got, &mask)
        );
    }
}

/// A PIL-style layout: dimension 0 is a table of pointers (8 bytes apart,
/// suboffset `sub`), pointer `i` to block `place[i]` of `shape[1..]` items
/// with steps `inner` (the blocks are laid out in the arena in block
/// order, so a permutation puts the rows out of address order, and a
/// repeated block makes rows alias).
fn pil(shape: &[usize], inner: &[isize], k: usize, place: &[usize], sub: isize) -> (Arena, Layout) {
    assert_eq!(place.len(), shape[0]);
    let mut arena = Arena::default();
    let table = arena.alloc(0, 8 * shape[0] as isize, 0);
    let (lo, hi) = span(&shape[1..], inner, k);
    let nblocks = place.iter().max().map_or(0, |&m| m + 1);
    let blocks: Vec<usize> = (0..nblocks).map(|i| arena.alloc(lo, hi, i % 7)).collect();
    for (i, &p) in place.iter().enumerate() {
        arena
            .slots
            .push((table + 8 * i, (blocks[p] as isize - sub) as usize));
    }
    let mut strides = vec![8isize];
    strides.extend_from_slice(inner);
    let mut subs = vec![-1isize; shape.len()];
    subs[0] = sub;
    let l = Layout {
        base: table,
        k,
        shape: shape.iter().map(|&n| n as isize).collect(),
        strides,
        subs: Some(subs),
    };
    (arena, l)
}

/// A fixed shuffle of `0..n`.
fn shuffled(n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
}

#[test]
fn pil_rows_in_any_order_transpose_with_a_table_of_lines() {
    // Rows permuted (and in order, and reversed), enough of them for
    // several chunks of resolved row pointers and several tiles, for the
    // item sizes the stage handles and one it does not; rows whose items
    // are padded, reversed, or two dimensions; suboffsets into the block.
    for k in [1usize, 2, 4, 8, 3, 24] {
        let rows = if k > 8 { 70 } else { 530 };
        let cols = 300 / k.min(8) + 3;
        let ku = k as isize;
        for place in [
            shuffled(rows),
            (0..rows).collect(),
            (0..rows).rev().collect(),
        ] {
            let (arena, l) = pil(&[rows, cols], &[ku], k, &place, 0);
            check_all_ways(&arena, &l, &format!("k={k} {rows}x{cols}"));
        }
        let place = shuffled(rows);
        let (arena, l) = pil(&[rows, cols], &[-ku - 1], k, &place, 16);
        check_all_ways(&arena, &l, &format!("k={k} reversed padded items"));
        let (arena, l) = pil(
            &[rows / 4, 6, cols / 2],
            &[ku * cols as isize, ku],
            k,
            &place[..rows / 4],
            0,
        );
        check_all_ways(&arena, &l, &format!("k={k} 3-D"));
    }
}

#[test]
fn pil_rows_that_alias_keep_cpythons_last_write() {
    // Several row pointers to one block: unpacking and copying into the
    // view must leave what CPython's item-by-item loop leaves.
    let rows = 300;
    let mut place = shuffled(rows);
    for p in place.iter_mut() {
        *p %= 200;
    }
    for k in [1usize, 4, 8] {
        let (arena, l) = pil(&[rows, 140], &[k as isize], k, &place, 0);
        check_all_ways(&arena, &l, &format!("k={k} aliasing rows"));
    }
}

/// A direct layout's arena and layout, checked all ways.
fn check_direct_all_ways(shape: &[usize], strides: &[isize], k: usize) {
    let (arena, l) = direct(shape, strides, k);
    check_all_ways(&arena, &l, &format!("k={k} {shape:?} {strides:?}"));
}

#[test]
fn staged_transposes_of_every_item_size() {
    // Blocks whose source lines are at least a page apart go through the
    // stage for items up to 16 bytes, written out with each level's block
    // transposes: 2-D blocks with edges around the kernels' block sizes,
    // and 3-D views like `[::-1, :, ::2]` of a C array (a full reversal
    // of the axes in 'F' order), whose blocks are small and many.
    for k in [1usize, 2, 4, 8, 16, 5] {
        let ku = k as isize;
        let far = (4096 / ku + 3) * ku;
        check_direct_all_ways(&[130, 67], &[ku, far], k);
        check_direct_all_ways(&[67, 131], &[far, ku], k);
        check_direct_all_ways(&[70, 65], &[2 * ku, far], k);
        let (a, b, c) = (9usize, 20usize, 40usize);
        let plane = (b * 2 * c) as isize * ku;
        let plane = plane.max(4096 + ku);
        check_direct_all_ways(&[a, b, c], &[-plane, 2 * c as isize * ku, 2 * ku], k);
    }
}

#[test]
fn broadcast_blocks_are_written_once_and_repeated() {
    // Zero steps at every position, with blocks of one item, of a strided
    // run and of a transposed block, large enough for the repeat to pass
    // its doubling stage, plus broadcast sources for copy_between.
    for k in [1usize, 2, 3, 8] {
        let ku = k as isize;
        check_direct_all_ways(&[300, 70], &[0, ku], k);
        check_direct_all_ways(&[70, 300], &[ku, 0], k);
        check_direct_all_ways(&[5, 40, 9], &[9 * ku, 0, ku], k);
        check_direct_all_ways(&[20, 30, 40], &[0, 2 * ku, 70 * ku], k);
        check_direct_all_ways(&[3, 4, 5, 6], &[0, 0, -ku, 0], k);
        check_direct_all_ways(&[2, 3000], &[ku, 0], k);
    }
}

#[test]
fn large_staged_transposes_stream_whole_lines() {
    // From 4 MiB the staged transposes write aligned destination lines with
    // non-temporal stores, for every item size with a block kernel, from
    // strided lines and from a table of rows, at two alignments.
    for k in [2usize, 4, 8] {
        let ku = k as isize;
        let (n, m) = (2100 / k + 7, 2050);
        for skew in [0usize, 3] {
            let (lo, hi) = span(&[n, m], &[2 * ku, (2 * n) as isize * ku + 64], k);
            let mut arena = Arena::default();
            let base = arena.alloc(lo, hi, skew * k);
            let l = Layout {
                base,
                k,
                shape: vec![n as isize, m as isize],
                strides: vec![2 * ku, (2 * n) as isize * ku + 64],
                subs: None,
            };
            check_all_ways(&arena, &l, &format!("k={k} {n}x{m} skew={skew}"));
        }
    }
    let (arena, l) = pil(&[2100, 2050], &[1], 1, &shuffled(2100), 0);
    check_all_ways(&arena, &l, "PIL 2100x2050 u8");
}

#[test]
fn large_copies_stream_their_contiguous_runs() {
    // From 4 MiB, runs contiguous on both sides (rows of a slice, a PIL
    // image's rows, the rows of a broadcast) and a broadcast's repeated
    // blocks are written with non-temporal stores: rows whose ends are not
    // line-aligned, at two alignments, and repeats of a strided run.
    for skew in [0usize, 5] {
        let (n, m) = (2049usize, 2051usize);
        let (lo, hi) = span(&[n, m], &[2100, 1], 1);
        let mut arena = Arena::default();
        let base = arena.alloc(lo, hi, skew);
        let l = Layout {
            base,
            k: 1,
            shape: vec![n as isize, m as isize],
            strides: vec![2100, 1],
            subs: None,
        };
        check_all_ways(&arena, &l, &format!("rows {n}x{m} skew={skew}"));
    }
    check_direct_all_ways(&[1030, 4100], &[0, 1], 1);
    check_direct_all_ways(&[2100, 2050], &[0, 2], 1);
    check_direct_all_ways(&[64, 260, 33], &[0, -264, 8], 8);
    let (arena, l) = pil(&[1100, 4000], &[1], 1, &shuffled(1100), 0);
    check_all_ways(&arena, &l, "PIL 1100x4000 u8 rows");
}

#[test]
fn runs_at_the_expected_cpu_level() {
    // The test runner sets PYBUFFER_EXPECT_LEVEL with each CPU level it
    // selects (through PYBUFFER_DISABLE_CPU_FEATURES or an emulated CPU), so
    // that a level silently not reached fails here.
    let level = pybuffer::copy::cpu::level();
    eprintln!("copy kernels run at CPU level {level}");
    let Ok(want) = std::env::var("PYBUFFER_EXPECT_LEVEL") else {
        return;
    };
    // Capped at what the CPU has: a machine without AVX-512 runs its
    // "avx512" level as avx2, and so on.
    let ladder = ["baseline", "ssse3", "avx2", "avx512"];
    let rank = |l: &str| ladder.iter().position(|&x| x == l).expect("a known level");
    #[cfg(target_arch = "x86_64")]
    let cpu = [
        true,
        std::arch::is_x86_feature_detected!("ssse3"),
        std::arch::is_x86_feature_detected!("avx2"),
        std::arch::is_x86_feature_detected!("avx512f"),
    ]
    .iter()
    .take_while(|&&has| has)
    .count()
        - 1;
    #[cfg(not(target_arch = "x86_64"))]
    let cpu = 0;
    let expect = ladder[rank(&want).min(cpu)];
    assert_eq!(level, expect, "the copy kernels run at the wrong CPU level");
}

#[test]
fn gathered_runs_of_every_item_size() {
    // Runs read a few bytes apart into contiguous items: the AVX-512 VBMI
    // gather takes any item size below 64 whose step's items span at most
    // 128 bytes and finishes the run with masked loads and stores; SSSE3
    // takes 1, 2, 4 and 8 bytes and leaves a tail. Odd lengths, lengths
    // around a step, steps near the limit, and reversed runs.
    for k in [1usize, 2, 3, 4, 8, 12, 16, 24] {
        let ku = k as isize;
        for ss in [ku + 1, 2 * ku, 3 * ku + 1, 128 / (64 / ku).max(2) + 1] {
            for n in [1usize, 5, 63, 64, 65, 200, 1001] {
                check_direct_both_ways(&[n], &[ss], k);
                check_direct_both_ways(&[n], &[-ss], k);
                check_direct_both_ways(&[3, n], &[ss * n as isize + 7, ss], k);
            }
        }
    }
}

#[test]
fn staged_transposes_longer_than_a_band() {
    // Staged tiles are walked in bands of 1024 items along `a` (the
    // destination's lines): more than one band, a partial last one, items
    // read a few bytes apart, reversed lines, and 3-D blocks whose lines
    // fold.
    for k in [1usize, 2, 4, 8, 3] {
        let ku = k as isize;
        let far = (4096 / ku + 5) * ku;
        check_direct_all_ways(&[2500, 9], &[2 * ku, far], k);
        check_direct_all_ways(&[1030, 17], &[-ku, far], k);
        check_direct_all_ways(&[9, 2049], &[far, ku], k);
        check_direct_all_ways(&[3, 6, 700], &[-(far * 8), 700 * 2 * ku, 2 * ku], k);
    }
}

#[test]
fn pil_rows_longer_than_a_band_transpose_band_by_band() {
    // Packing a PIL image in 'F' order copies bands of the rows' items
    // over all the rows, resolving the row pointers again per band: rows
    // longer than one band (and than two, with a partial last band), more
    // rows than one chunk of resolved pointers, in any order.
    for (k, rows, cols) in [(1usize, 300usize, 2100usize), (2, 270, 1025), (4, 40, 1500)] {
        let (arena, l) = pil(&[rows, cols], &[k as isize], k, &shuffled(rows), 0);
        check_all_ways(&arena, &l, &format!("k={k} PIL {rows}x{cols}"));
    }
}

/// Pack a `rows × cols` PIL image of `k`-byte items (rows in any order)
/// in 'F' order into a buffer placed at each of `offsets` bytes past a
/// 64-byte boundary, against the reference, checking that nothing outside
/// the packed bytes is written.
fn check_pil_f_alignments(k: usize, rows: usize, cols: usize, offsets: &[usize]) {
    let (arena, l) = pil(&[rows, cols], &[k as isize], k, &shuffled(rows), 0);
    let mut mem = arena.make(4);
    let v = strided(&l, &mut mem);
    let bytes = rows * cols * k;
    let mut want = vec![0u8; bytes];
    // SAFETY: the layout was built in `mem`; `want` holds every item.
    unsafe { ref_pack(want.as_mut_ptr(), &v, Order::F) };
    let mut buf = vec![0u8; bytes + 128];
    let first = (64 - buf.as_ptr() as usize % 64) % 64;
    for &off in offsets {
        let at = first + off;
        buf.fill(1);
        // SAFETY: `buf` holds `bytes` from `at`.
        unsafe { copy::pack(buf.as_mut_ptr().add(at), &v, Order::F) };
        assert!(
            buf[at..at + bytes] == want[..],
            "k={k} {rows}x{cols} at offset {off}: differs at {:?}",
            first_diff(&want, &buf[at..at + bytes], &vec![false; bytes])
        );
        assert!(
            buf[..at].iter().chain(&buf[at + bytes..]).all(|&b| b == 1),
            "k={k} {rows}x{cols} at offset {off}: wrote outside the packed buffer"
        );
    }
}

#[test]
fn pil_rows_packed_in_f_order_at_every_destination_alignment() {
    // Packing a PIL image in 'F' order cuts its rows into chunks so that
    // all but the first start on a 64-byte boundary of the packed buffer:
    // the packed buffer at offsets from a boundary that are item multiples
    // or not, more rows than three chunks.
    let offsets = [0, 1, 3, 8, 16, 24, 48, 63];
    for (k, rows, cols) in [
        (1, 700, 400),
        (2, 600, 200),
        (4, 530, 100),
        (8, 530, 40),
        (3, 520, 30),
    ] {
        check_pil_f_alignments(k, rows, cols, &offsets);
    }
}

#[test]
fn large_pil_rows_packed_in_f_order_stream_at_any_alignment() {
    // The same, large enough for the tiles to stream whole lines.
    check_pil_f_alignments(1, 2100, 2050, &[0, 5, 16, 48]);
}

#[test]
fn footprint_covers_every_item_and_pointer_slot() {
    // The byte range an entry point keeps its packed buffer clear of:
    // exactly from the lowest to the highest byte of any item or pointer
    // slot, found by following the pointers (rows in any order, aliasing
    // rows, suboffsets into the blocks, reversed items).
    let naive = |arena: &Arena, l: &Layout, mem: &mut Vec<u8>| {
        let base = mem.as_ptr() as usize;
        let v = strided(l, mem);
        let shape = shape_of(&v);
        let (mut lo, mut hi) = (usize::MAX, 0);
        for idx in indices(&shape) {
            // SAFETY: an index of the layout built in `mem`.
            let p = unsafe { get_pointer(&v, &idx) } as usize;
            lo = lo.min(p);
            hi = hi.max(p + l.k);
        }
        for &(slot, _) in &arena.slots {
            lo = lo.min(base + slot);
            hi = hi.max(base + slot + 8);
        }
        (lo, hi)
    };
    let mut place = shuffled(40);
    place[7] = place[3];
    for (shape, inner, sub) in [
        (vec![40usize, 33], vec![1isize], 0isize),
        (vec![40, 33], vec![-3], 16),
        (vec![40, 3, 5], vec![20, 4], 8),
    ] {
        let (arena, l) = pil(&shape, &inner, 1, &place, sub);
        let mut mem = arena.make(1);
        let want = naive(&arena, &l, &mut mem);
        let v = strided(&l, &mut mem);
        // SAFETY: the layout was built in `mem`.
        let got = unsafe { copy::footprint(&v) };
        assert_eq!(got, want, "{shape:?} {inner:?}");
    }
    let (arena, l) = direct(&[7, 9], &[-40, 3], 2);
    let mut mem = arena.make(1);
    let want = naive(&arena, &l, &mut mem);
    // SAFETY: the layout was built in `mem`.
    assert_eq!(unsafe { copy::footprint(&strided(&l, &mut mem)) }, want);
}

#[test]
fn pil_packed_buffer_over_its_rows_copies_as_if_through_a_temporary() {
    // ToContiguous / FromContiguous of a PIL view whose packed buffer lies
    // over some of its own rows (from the start of row 5's block on): the
    // result is the one a separate buffer gives, moved into place.
    use pybuffer::buffer::{PyBuffer_FromContiguous, PyBuffer_ToContiguous};
    use pybuffer::ffi::Py_buffer;
    use std::ffi::c_char;
    let (rows, cols) = (24usize, 40usize);
    let bytes = rows * cols;
    let layout = || pil(&[rows, cols], &[1], 1, &shuffled(rows), 0);
    let (mut arena, _) = layout();
    // Room after the last block, for a packed buffer that starts late.
    arena.alloc(0, bytes as isize, 0);
    let mask = arena.slot_mask();
    let view = |mem: &mut Vec<u8>, l: &mut Layout| {
        let mut v = Py_buffer::zeroed();
        v.buf = mem.as_mut_ptr().wrapping_add(l.base).cast();
        v.len = bytes as isize;
        v.itemsize = 1;
        v.ndim = 2;
        v.shape = l.shape.as_mut_ptr();
        v.strides = l.strides.as_mut_ptr();
        v.suboffsets = l.subs.as_mut().unwrap().as_mut_ptr();
        v
    };
    let row5 = |mem: &[u8], l: &Layout| {
        let slot = l.base + 5 * 8;
        usize::from_ne_bytes(mem[slot..slot + 8].try_into().unwrap()) - mem.as_ptr() as usize
    };
    for order in [b'C', b'F'] {
        let order = order as c_char;
        let mut l = layout().1;
        let mut mem = arena.make(3);
        let at = row5(&mem, &l);
        let v = view(&mut mem, &mut l);
        let mut want = vec![0u8; bytes];
        // SAFETY: the view describes `mem`; `want` holds every item.
        let rc =
            unsafe { PyBuffer_ToContiguous(want.as_mut_ptr().cast(), &v, bytes as isize, order) };
        assert_eq!(rc, 0);
        let mut after = mem.clone();
        after[at..at + bytes].copy_from_slice(&want);
        let dst = mem.as_mut_ptr().wrapping_add(at);
        // SAFETY: `mem` holds `bytes` bytes from `at` (the room at its end).
        let rc = unsafe { PyBuffer_ToContiguous(dst.cast(), &v, bytes as isize, order) };
        assert_eq!(rc, 0);
        assert!(mem == after, "ToContiguous {order}");

        let packed: Vec<u8> = (0..bytes).map(|i| (i * 7 + 1) as u8).collect();
        let fresh = || {
            let mut m = arena.make(3);
            m[at..at + bytes].copy_from_slice(&packed);
            m
        };
        let mut want_mem = fresh();
        let wv = view(&mut want_mem, &mut l);
        // SAFETY: the view describes `want_mem`; `packed` holds every item.
        let rc =
            unsafe { PyBuffer_FromContiguous(&wv, packed.as_ptr().cast(), bytes as isize, order) };
        assert_eq!(rc, 0);
        let mut mem = fresh();
        let v = view(&mut mem, &mut l);
        let src = mem.as_ptr().wrapping_add(at);
        // SAFETY: `mem` holds the `bytes` packed bytes from `at`.
        let rc = unsafe { PyBuffer_FromContiguous(&v, src.cast(), bytes as isize, order) };
        assert_eq!(rc, 0);
        // Each memory's pointer slots point into itself: compare the rest.
        let differ = (0..mem.len()).find(|&i| !mask[i] && mem[i] != want_mem[i]);
        assert_eq!(differ, None, "FromContiguous {order}");
    }
}
