//! Transposes: 2-D blocks whose destination is written along a dimension
//! (`b`) whose source items are far apart, while another dimension (`a`)
//! reads nearby items.
//!
//! A block is `a.n × b.n` items. Its destination is `a.n` *lines*, one per
//! index along `a`, each `b.n` items `b.ds` bytes apart; its source is
//! `b.n` lines, one per index along `b`, each `a.n` items `a.ss` bytes
//! apart. Where each line starts is given by [`Lines`]: a fixed step, or a
//! table of pointers (the rows of an indirect, PIL-style layout).
//!
//! Five ways to copy a block, chosen once per copy by [`Tile::new`]:
//!
//! * **Bands** (8-byte items contiguous along `a` in the source and along
//!   `b` in the destination): 8 × 8 in-register transposes in long bands,
//!   streamed past the caches when the block is large.
//! * **Direct**: in-register block transposes straight from the source,
//!   tile by tile (contiguous items, blocks that stay in cache).
//! * **Staged**: tile by tile through a 16 KiB stack buffer. Each source
//!   line's run of the tile is copied into a stage row (a `memcpy`, or a
//!   vector gather where the items are a few bytes apart), then the stage
//!   is written out along `b` with in-register transposes (whole lines,
//!   streamed when the block is large), a VBMI spread (1-byte items 2 to 4
//!   bytes apart) or scalar copies. Reading each source line once per tile
//!   in a long run is what makes far-apart lines (other pages, other
//!   allocations) cheap.
//! * **Halves** (4-byte items 8 bytes apart along far-apart source lines,
//!   contiguous destination lines; AVX2): 16 source lines read side by
//!   side along the whole of `a`, one cache line of each per block,
//!   straight into registers. For every other item the stage's
//!   line-at-a-time reads lose to 16 sequential streams (see [`Halves`]).
//! * **Rows**: scalar item copies, tile by tile.

use std::mem::MaybeUninit;

use super::items::{
    ItemCopy, copy_short, prefetch_l2, prefetch_w, run_items, run_strided, with_item_copy,
};
use super::simd::{Bands, Blocks, Gather, Halves, Scatter, Spread, store_fence};
use super::{Dim, Stack};

/// Where the lines of one side of a block start (see the module docs).
pub(super) trait Lines: Copy {
    /// The first byte of line `r`.
    fn line(&self, r: usize) -> *mut u8;
    /// These lines from line `r0` on, each moved `along` bytes.
    fn shifted(&self, r0: usize, along: isize) -> Self;
    /// The byte step from one line to the next, if it is fixed.
    fn step(&self) -> Option<isize>;
}

/// Lines `step` bytes apart from `base`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Stepped {
    pub(super) base: *mut u8,
    pub(super) step: isize,
}

impl Lines for Stepped {
    #[inline(always)]
    fn line(&self, r: usize) -> *mut u8 {
        self.base
            .wrapping_offset((r as isize).wrapping_mul(self.step))
    }

    #[inline(always)]
    fn shifted(&self, r0: usize, along: isize) -> Self {
        Stepped {
            base: self.line(r0).wrapping_offset(along),
            step: self.step,
        }
    }

    #[inline(always)]
    fn step(&self) -> Option<isize> {
        Some(self.step)
    }
}

/// Line `r` at `ptrs[r] + off`: rows resolved through suboffsets, each
/// pointer with the provenance of its own allocation.
#[derive(Clone, Copy, Debug)]
pub(super) struct Table<'t> {
    pub(super) ptrs: &'t [*mut u8],
    pub(super) off: isize,
}

impl Lines for Table<'_> {
    #[inline(always)]
    fn line(&self, r: usize) -> *mut u8 {
        self.ptrs[r].wrapping_offset(self.off)
    }

    #[inline(always)]
    fn shifted(&self, r0: usize, along: isize) -> Self {
        Table {
            ptrs: &self.ptrs[r0..],
            off: self.off.wrapping_add(along),
        }
    }

    #[inline(always)]
    fn step(&self) -> Option<isize> {
        None
    }
}

/// Lines of a dimension folded from two: line `r` (counted from `r0`) at
/// `base + (r % n) * step + (r / n) * step2`. A transpose's `a` made of a
/// short dimension and the one that continues it in the source has such
/// destination lines.
#[derive(Clone, Copy, Debug)]
pub(super) struct Folded {
    base: *mut u8,
    n: usize,
    step: isize,
    step2: isize,
    r0: usize,
}

impl Folded {
    pub(super) fn new(base: *mut u8, n: usize, step: isize, step2: isize) -> Folded {
        Folded {
            base,
            n,
            step,
            step2,
            r0: 0,
        }
    }
}

impl Lines for Folded {
    #[inline(always)]
    fn line(&self, r: usize) -> *mut u8 {
        let r = self.r0 + r;
        let (lo, hi) = ((r % self.n) as isize, (r / self.n) as isize);
        self.base
            .wrapping_offset(lo.wrapping_mul(self.step))
            .wrapping_offset(hi.wrapping_mul(self.step2))
    }

    #[inline(always)]
    fn shifted(&self, r0: usize, along: isize) -> Self {
        Folded {
            base: self.base.wrapping_offset(along),
            r0: self.r0 + r0,
            ..*self
        }
    }

    #[inline(always)]
    fn step(&self) -> Option<isize> {
        None
    }
}

/// Bytes of the stack buffer that staged transposes copy through.
const STAGE_BYTES: usize = 16 * 1024;

/// Items along `a` and `b` of a staged tile drained by [`Spread`]: 64
/// bytes of 256 source lines, so that each source cache line is read once
/// and each destination line gets 256 items (512-1024 bytes) in a row.
const SPREAD_TILE: (usize, usize) = (64, 256);

/// Items along `a` of a band of [`Spread`] tiles: each tile writes 512
/// to 1024 bytes of each of its destination lines, so a band of 256
/// lines keeps its lines in L2 between tiles, where the 1024 lines of
/// other bands got evicted (measured: 5.0-6.0 against 6.4-8.4 ms for the
/// 'F' unpack of a 4096 × 2048 view of every other byte).
const SPREAD_BAND: usize = 256;

/// Bytes of source items a staged tile reads from each source line.
const STAGE_ROW: usize = 256;

/// Largest item (bytes) a transpose stages: a stage row holds at least 16.
const STAGE_MAX_ITEM: usize = 16;

/// Blocks (bytes) from which a transpose goes through the stage even when
/// its source lines are near each other; below it the block is (nearly)
/// cache-resident anyway.
const STAGE_MIN_BLOCK: usize = 256 * 1024;

/// Source lines at least this far apart (bytes) lie on different pages:
/// reading one item from each of a tile's lines in turn would touch as many
/// pages (and TLB entries) as the tile has lines, so such blocks are staged
/// whatever their size.
const FAR_LINES: usize = 4096;

/// Blocks (bytes) from which the destination is written with non-temporal
/// stores: well past L2, where the block would only evict everything else
/// and a normal store costs a read of the line first.
pub(super) const STREAM_MIN_BLOCK: usize = 4 << 20;

/// Blocks (bytes) up to which [`Bands`] is used without streaming (with
/// larger ones the band order loses to the tiles, by half on a 2048²
/// block, except on blocks that stay in L1 / L2 anyway).
const BANDS_MAX_CACHED: usize = 32 << 10;

/// Items along `a` of a band of staged tiles (see [`Tile::sa`]): a band's
/// destination lines, one page each when far apart, take half of a
/// second-level TLB of 2048 entries.
pub(super) const BAND_ITEMS: usize = 1024;

/// How a transpose copies its blocks; see [`Tile::new`].
#[derive(Clone, Copy, Debug)]
pub(super) struct Tile {
    /// The dimension read nearly in order (taken out of the plan's
    /// dimensions; the innermost one, `b`, is written nearly in order).
    pub(super) a: Dim,
    /// Items per tile along `a` and `b`.
    ta: usize,
    tb: usize,
    /// Items along `a` of a band of tiles (a multiple of `ta`): the tiles
    /// of a band are walked along `a` first, then along `b` (see
    /// [`Tiles`]).
    sa: usize,
    path: Path,
    /// Write whole aligned destination lines with non-temporal stores
    /// (large copies; only with [`Path::Bands`] and [`Drain::Blocks`]).
    stream: bool,
    /// `a` is two dimensions folded into one: the first one's length and
    /// the second one's destination step (see [`Folded`]).
    pub(super) fold: Option<(usize, isize)>,
    /// `b` is two dimensions folded into one: the first one's length and
    /// the second one's source step.
    pub(super) bfold: Option<(usize, isize)>,
    /// Items along `b`.
    b_len: usize,
}

#[derive(Clone, Copy, Debug)]
enum Path {
    Rows,
    Direct(Blocks),
    /// Every other item of far-apart source lines, 16 lines side by side
    /// (see [`Halves`]).
    Halves(Halves),
    Bands(Bands),
    /// Through the stage; the vector kernel that reads source runs into
    /// stage rows (when `a.ss` is not the item size) is built by
    /// [`staged`] itself, which keeps a `Tile` small enough to pass
    /// around cheaply on the small copies that do not stage.
    Staged {
        drain: Drain,
    },
}

/// How a stage is written out.
#[derive(Clone, Copy, Debug)]
enum Drain {
    Scalar,
    /// In-register transposes (`b.ds == k`).
    Blocks(Blocks),
    /// 1-byte items 2 to 4 bytes apart along `b` (AVX-512 VBMI).
    Spread,
    /// In-register transposes into a second stage, whose lines are then
    /// written to destination lines of items a few bytes apart with the
    /// AVX-512 masked-store [`Scatter`] (which never writes the gap bytes).
    Scatter(Blocks),
}

impl Tile {
    /// The way to copy blocks of `k`-byte items walking `a` (small source
    /// step) with `b` (the innermost: small destination step, large source
    /// step). `stepped` says both sides' lines are [`Stepped`] (not a table
    /// of row pointers, nor [`Folded`]); `total` is the bytes of the whole
    /// copy (all blocks).
    ///
    /// Staged tiles read runs of 256 bytes along `a` from 64 source lines
    /// (fewer, longer runs when `a` is short); other tiles read runs of
    /// about 2 KiB along `a` and write runs of about 512 bytes along `b`:
    /// long source runs keep the hardware prefetchers busy, where the misses
    /// of a transpose hurt most, while the tile stays within L2. (Sizes
    /// measured on 2048² f64 and 4096² u8 transposes.)
    // Inlined: returned through memory and then copied into the plan, a
    // `Tile` stalled store forwarding (a tenth of a small transpose's time).
    #[inline(always)]
    pub(super) fn new(k: usize, a: Dim, b: Dim, stepped: bool, total: usize) -> Tile {
        let table = !stepped;
        let ku = k as isize;
        let bytes = a.n.saturating_mul(b.n).saturating_mul(k);
        let large = bytes >= STAGE_MIN_BLOCK;
        let stream = bytes.max(total) >= STREAM_MIN_BLOCK;
        let contiguous = a.ss == ku && b.ds == ku;
        let far = b.ss.unsigned_abs() >= FAR_LINES;
        let stageable = k <= STAGE_MAX_ITEM;
        let bands = Bands::new()
            .filter(|_| k == 8 && contiguous && !table && (stream || bytes <= BANDS_MAX_CACHED));
        // Every other item along far-apart source lines, into contiguous
        // destination lines: sixteen source lines side by side beat the
        // stage (see `Halves`). Fewer lines than a block reads would all
        // be left to the scalar copies.
        let halves = Halves::new(k, a.ss, b.ds).filter(|_| far && b.n >= Halves::LINES);
        let path = if let Some(bands) = bands {
            Path::Bands(bands)
        } else if let Some(halves) = halves {
            Path::Halves(halves)
        } else if stageable && (table || far || (k <= 2 && large) || (k <= 4 && large)) {
            let blocks = Blocks::for_item(k);
            let scatter = || Scatter::new(k, b.ds, b.n.min(256));
            let drain = match blocks {
                Some(blocks) if b.ds == ku => Drain::Blocks(blocks),
                _ if k == 1 && Spread::new(b.ds).is_some() => Drain::Spread,
                Some(blocks) if scatter().is_some() => Drain::Scatter(blocks),
                _ => Drain::Scalar,
            };
            Path::Staged { drain }
        } else if let Some(blocks) = Blocks::for_item(k).filter(|_| contiguous && !table && !large)
        {
            Path::Direct(blocks)
        } else {
            Path::Rows
        };
        let (ta, tb) = if let Path::Staged {
            drain: Drain::Spread,
        } = path
        {
            (SPREAD_TILE.0.min(a.n).max(1), SPREAD_TILE.1)
        } else if let Path::Staged { .. } = path {
            let ta = (STAGE_ROW / k).min(a.n).max(1);
            (ta, (STAGE_BYTES / (ta * k)).min(256))
        } else if let Path::Bands(_) = path {
            // A band kernel takes each block whole.
            (a.n, b.n)
        } else if let Path::Halves(_) = path {
            // Sixteen source lines at a time, each read along the whole of
            // `a` (one sequential stream each).
            (a.n, Halves::LINES)
        } else {
            let along = |step: usize, bytes: usize| (bytes / step.max(1)).clamp(4, 1024);
            (
                along(a.ss.unsigned_abs().max(k), 2048),
                along(b.ds.unsigned_abs().max(k), 512),
            )
        };
        let streams = matches!(
            path,
            Path::Bands(_)
                | Path::Halves(_)
                | Path::Staged {
                    drain: Drain::Blocks(_),
                    ..
                }
        );
        let ta = ta.min(a.n).max(1);
        // Staged tiles read far-apart lines (other pages): a band of them
        // along `a` reads each source line's run of the band in one go
        // and keeps the band's destination lines' pages in the TLB while
        // `b` is walked (a tile per band: every source page is read once
        // per tile along `a`, and the pages of a whole transpose do not
        // fit in the TLB).
        let sa = match path {
            Path::Staged {
                drain: Drain::Spread,
            } => (SPREAD_BAND / ta).max(1) * ta,
            Path::Staged { .. } => (BAND_ITEMS / ta).max(1) * ta,
            _ => ta,
        };
        Tile {
            a,
            ta,
            sa,
            tb: tb.min(b.n).max(1),
            path,
            stream: stream && streams,
            fold: None,
            bfold: None,
            b_len: b.n,
        }
    }

    /// Whether the tile is staged (or [`Path::Halves`]) and `a` shorter
    /// than a stage row, so that folding the dimension that continues `a`
    /// in the source into it (see [`Tile::fold`]) makes longer source runs.
    pub(super) fn a_is_short(&self, k: usize) -> bool {
        matches!(self.path, Path::Staged { .. } | Path::Halves(_)) && self.a.n * k < STAGE_ROW
    }

    /// Whether the tile is staged and `b` shorter than its tiles could be,
    /// so that folding the dimension that continues `b` in the destination
    /// into it (see [`Tile::bfold`]) makes longer destination runs.
    pub(super) fn b_is_short(&self) -> bool {
        matches!(self.path, Path::Staged { .. }) && self.tb == self.b_len && self.b_len < 256
    }
}

/// Copy the blocks `tile.a × b` at every index of the `outer` dimensions
/// (see the module docs): for outer offsets `(od, os)`, destination line
/// `i` from `d.line(i) + od`, source line `j` from `s.line(j) + os`.
///
/// # Safety
/// Every item of every block is valid on both sides, the sides do not
/// overlap, and order is free (no two destination items alias). A table
/// side, or [`Folded`] lines, only with a [`Tile`] built without `stepped`.
#[allow(clippy::too_many_arguments)]
#[inline]
pub(super) unsafe fn transpose<D: Lines, S: Lines>(
    k: usize,
    tile: &Tile,
    b: Dim,
    d: D,
    s: S,
    outer: &[Dim],
) {
    let a = tile.a;
    match tile.path {
        Path::Staged { drain } => {
            // SAFETY: the caller's guarantees.
            unsafe { staged(k, tile, b, (d, s), outer, drain) }
        }
        Path::Bands(bands) => {
            // `Bands` is only chosen without tables, so both sides are
            // `Stepped`, their steps `a.ds` and `b.ss`.
            let (Some(dsa), Some(ssb)) = (d.step(), s.step()) else {
                unreachable!("a banded transpose has stepped lines")
            };
            let (dp, sp) = (d.line(0), s.line(0));
            if outer.is_empty() {
                // SAFETY: as below, for the one block.
                unsafe { bands.run(dp, dsa, sp, ssb, (a.n, b.n), tile.stream) };
                return;
            }
            // One tile per block (see `Tile::new`).
            for t in Tiles::new(tile, b.n, outer, None) {
                let (dp, sp) = (dp.wrapping_offset(t.off.0), sp.wrapping_offset(t.off.1));
                // SAFETY: the caller's guarantees; `Bands` is only chosen for
                // 8-byte items contiguous along `a` in the source and along
                // `b` in the destination.
                unsafe { bands.run(dp, dsa, sp, ssb, (a.n, b.n), tile.stream) }
            }
        }
        Path::Halves(halves) => {
            let head = tile.stream.then(|| (d.line(0), k));
            for t in Tiles::new(tile, b.n, outer, head) {
                let (dt, st) = t.lines(a, b, d, s);
                // SAFETY: the tile's items are valid and their order free
                // (the caller's guarantees); `Halves` is only chosen for
                // the item size and steps it was made for.
                unsafe {
                    let done = halves.run(dt, st, t.na, t.nb, tile.stream);
                    with_item_copy!(k, |c| rest(c, a.ss, b.ds, dt, st, (t.na, t.nb), done));
                }
            }
            if tile.stream {
                store_fence();
            }
        }
        Path::Direct(blocks) => {
            for t in Tiles::new(tile, b.n, outer, None) {
                let (dt, st) = t.lines(a, b, d, s);
                let Some(ssb) = st.step() else {
                    unreachable!("a direct transpose has stepped source lines")
                };
                // SAFETY: the tile's items are valid (the caller's
                // guarantees); `Direct` is only chosen for items contiguous
                // along `a` in the source and along `b` in the destination.
                unsafe {
                    let done = blocks.run_narrowing(st.line(0), ssb, dt, t.na, t.nb, false);
                    with_item_copy!(k, |c| rest(c, a.ss, b.ds, dt, st, (t.na, t.nb), done));
                }
            }
        }
        Path::Rows => {
            for t in Tiles::new(tile, b.n, outer, None) {
                let (dt, st) = t.lines(a, b, d, s);
                // SAFETY: the tile's items are valid (the caller's guarantees).
                unsafe {
                    with_item_copy!(k, |c| rest(c, a.ss, b.ds, dt, st, (t.na, t.nb), (0, 0)))
                };
            }
        }
    }
}

/// Copy the items `(i, j)` of an `na × nb` tile that a block kernel left
/// over (`i >= na'` or `j >= nb'`, with `done = (na', nb')`), scalar:
/// source item `(i, j)` at `s.line(j) + i * ass`, destination item at
/// `d.line(i) + j * bds`.
///
/// # Safety
/// Those items are valid on both sides.
#[inline(always)]
unsafe fn rest<C: ItemCopy, D: Lines, S: Lines>(
    c: C,
    ass: isize,
    bds: isize,
    d: D,
    s: S,
    (na, nb): (usize, usize),
    (na2, nb2): (usize, usize),
) {
    // SAFETY: (both calls) sub-tiles of the tile.
    unsafe {
        let along_b = (nb2 as isize).wrapping_mul(bds);
        rows(
            c,
            ass,
            bds,
            d.shifted(0, along_b),
            s.shifted(nb2, 0),
            na2,
            nb - nb2,
        );
        let along_a = (na2 as isize).wrapping_mul(ass);
        rows(
            c,
            ass,
            bds,
            d.shifted(na2, 0),
            s.shifted(0, along_a),
            na - na2,
            nb,
        );
    }
}

/// Copy an `na × nb` tile with scalar item copies, along whichever
/// dimension has fixed steps on both sides.
///
/// # Safety
/// As for [`rest`], for the whole tile.
#[inline(always)]
unsafe fn rows<C: ItemCopy, D: Lines, S: Lines>(
    c: C,
    ass: isize,
    bds: isize,
    d: D,
    s: S,
    na: usize,
    nb: usize,
) {
    if na == 0 || nb == 0 {
        return;
    }
    if let Some(ssb) = s.step() {
        for i in 0..na {
            let sp = s.line(0).wrapping_offset((i as isize).wrapping_mul(ass));
            // SAFETY: destination line `i`, items `0..nb`.
            unsafe { run_items(c, d.line(i), bds, sp, ssb, nb) };
        }
    } else if let Some(dsa) = d.step() {
        for j in 0..nb {
            let dp = d.line(0).wrapping_offset((j as isize).wrapping_mul(bds));
            // SAFETY: source line `j`, items `0..na`.
            unsafe { run_items(c, dp, dsa, s.line(j), ass, na) };
        }
    } else {
        for i in 0..na {
            for j in 0..nb {
                let dp = d.line(i).wrapping_offset((j as isize).wrapping_mul(bds));
                let sp = s.line(j).wrapping_offset((i as isize).wrapping_mul(ass));
                // SAFETY: item `(i, j)`.
                unsafe { c.copy(dp, sp) };
            }
        }
    }
}

/// [`transpose`] through a stack buffer (see the module docs). Kept out of
/// line so that only this path pays for the 16 KiB stack frame.
///
/// While a tile is copied, the source lines of the tile
/// [`PREFETCH_TILES`] ahead are prefetched into L2, one line per stage row
/// filled: the lines of a transpose's tiles lie on other pages (or in
/// other allocations), which the hardware prefetchers do not follow, and
/// a tile's misses would otherwise wait one after the other.
///
/// With `tile.stream`, in each block the columns before the first 64-byte
/// aligned destination byte of line 0 are done as tiles of their own, so
/// that the other tiles start on cache-line boundaries; an `sfence` at the
/// end orders the non-temporal stores before anything the caller does
/// next.
///
/// # Safety
/// As for [`transpose`]; `tile.ta * tile.tb * k <= STAGE_BYTES`.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
unsafe fn staged<D: Lines, S: Lines>(
    k: usize,
    tile: &Tile,
    b: Dim,
    (d, s): (D, S),
    outer: &[Dim],
    drain: Drain,
) {
    let a = tile.a;
    let ku = k as isize;
    let gather = if a.ss == ku {
        None
    } else {
        Gather::new(k, a.ss)
    };
    let mut stage = [MaybeUninit::<u8>::uninit(); STAGE_BYTES];
    let stage = stage.as_mut_ptr().cast::<u8>();
    let pitch = tile.ta * k;
    let spread = match drain {
        Drain::Spread => Spread::new(b.ds),
        _ => None,
    };
    let scatter = match drain {
        Drain::Scatter(_) => Scatter::new(k, b.ds, b.n.min(256)),
        _ => None,
    };
    // The second stage of `Drain::Scatter`: line `i` holds destination line
    // `i`'s items, contiguous.
    let mut stage2 = [MaybeUninit::<u8>::uninit(); STAGE_BYTES];
    let stage2 = stage2.as_mut_ptr().cast::<u8>();
    let pitch2 = tile.tb * k;
    let head = tile.stream.then(|| (d.line(0), k));
    let tiles = Tiles::new(tile, b.n, outer, head);
    let mut ahead = tiles.clone();
    for _ in 0..PREFETCH_TILES {
        ahead.next();
    }
    for t in tiles {
        let (dt, st) = t.lines(a, b, d, s);
        let (na, nb) = (t.na, t.nb);
        // The rows of the tile ahead are prefetched one per stage row
        // filled: issued all at once, they filled the miss buffers and
        // stalled the fill behind them.
        let (ahead_nb, sf, span) = match ahead.next() {
            Some(f) => (f.nb, f.lines(a, b, d, s).1, (f.na as isize - 1) * a.ss),
            None => (0, st, 0),
        };
        with_item_copy!(k, |c| {
            for j in 0..nb.max(ahead_nb) {
                if j < ahead_nb {
                    prefetch_span(sf.line(j), span, k, prefetch_l2);
                }
                if j >= nb {
                    continue;
                }
                let row = stage.wrapping_add(j * pitch);
                if a.ss == ku {
                    // SAFETY: source line `j` of the tile is `na` contiguous
                    // items; stage row `j` holds `ta * k >= na * k` bytes and
                    // is not part of the source.
                    unsafe { copy_short(row, st.line(j), na * k) };
                } else {
                    // SAFETY: as above, the source items `a.ss` bytes apart.
                    unsafe { run_strided(c, gather.as_ref(), row, ku, st.line(j), a.ss, na) };
                }
            }
        });
        // Stage row `j` now holds source line `j`'s `na` items: the stage
        // is a source of `nb` lines `pitch` bytes apart.
        let sl = Stepped {
            base: stage,
            step: pitch as isize,
        };
        let done = match (drain, &spread) {
            // SAFETY: the stage's `nb` rows are initialised for `na` items; destination line
            // `i` takes `nb` items `k` bytes apart (`Blocks` drains only where `b.ds == k`),
            // none of them in the stage; order is free.
            (Drain::Blocks(blocks), _) => unsafe {
                blocks.run_narrowing(stage, pitch as isize, dt, na, nb, tile.stream)
            },
            // SAFETY: as above, with destination lines of `nb` items `b.ds`
            // bytes apart, the step `sp` was built for.
            (Drain::Spread, Some(sp)) => unsafe { sp.drain(stage, pitch, (na, nb), dt) },
            (Drain::Scatter(blocks), _) if scatter.is_some() => {
                let lines2 = Stepped {
                    base: stage2,
                    step: pitch2 as isize,
                };
                // SAFETY: the second stage holds `na` lines of `tb >= nb`
                // items `pitch2` bytes apart, apart from the first stage.
                unsafe {
                    let done = blocks.run_narrowing(stage, pitch as isize, lines2, na, nb, false);
                    with_item_copy!(k, |c| rest(c, ku, ku, lines2, sl, (na, nb), done));
                }
                if let Some(sc) = &scatter {
                    // The next tile along `b` writes the next run of
                    // these lines: own it now (see `prefetch_span`).
                    let next = (nb as isize).wrapping_mul(b.ds);
                    let span = (nb as isize - 1) * b.ds;
                    for i in 0..na {
                        prefetch_span(dt.line(i).wrapping_offset(next), span, k, prefetch_w);
                        // SAFETY: line `i` of the second stage holds `nb` items,
                        // destination line `i` takes them `b.ds` bytes apart (the
                        // step the scatter was built for); order is free.
                        unsafe { sc.run(dt.line(i), lines2.line(i), nb) };
                    }
                }
                (na, nb)
            }
            _ => (0, 0),
        };
        if let Drain::Scalar = drain {
            // As for the scatter: the item stores of the next tile along
            // `b` reach the next run of these far-apart lines, one line
            // ahead of the stores (issued all at once, the prefetches
            // filled the miss buffers).
            let next = (nb as isize).wrapping_mul(b.ds);
            let span = (nb as isize - 1) * b.ds;
            with_item_copy!(k, |c| {
                for i in 0..na {
                    prefetch_span(dt.line(i).wrapping_offset(next), span, k, prefetch_w);
                    // SAFETY: stage column `i` holds item `i` of
                    // each of the `nb` stage rows, `pitch` bytes apart;
                    // destination line `i` takes `nb` items `b.ds` apart.
                    unsafe {
                        run_items(
                            c,
                            dt.line(i),
                            b.ds,
                            stage.wrapping_add(i * k),
                            pitch as isize,
                            nb,
                        )
                    };
                }
            });
            continue;
        }
        // SAFETY: the items the drain left, read from the stage.
        unsafe { with_item_copy!(k, |c| rest(c, ku, b.ds, dt, sl, (na, nb), done)) };
    }
    if tile.stream {
        store_fence();
    }
}

/// Prefetch, with `fetch`, every cache line holding a byte of the items
/// from `p` to `p + span` (either way; `k`-byte items). (Stepping 64 bytes
/// from `p` left the last line out whenever `p` was not at a line's start.)
///
/// Source lines are prefetched into the second-level cache: the first
/// level could not hold them until they are read, since the lines of a
/// tile lie a multiple of 4 KiB apart more often than not and so compete
/// for the same few sets of it. Destination runs that masked stores will
/// write are prefetched owned, into the first level: a store that misses
/// holds up every store behind it until its line arrives, and the lines of
/// a tile are too far apart for the hardware prefetchers (the 'F' unpack
/// of a `[::-1, :, ::2]` f32 view: 6.1 -> 2.4 ms).
#[inline(always)]
fn prefetch_span(p: *const u8, span: isize, k: usize, fetch: fn(*const u8)) {
    let first = span.min(0);
    // From the start of the line holding byte `first` to the last byte.
    let mut o = first - (p.wrapping_offset(first) as usize % 64) as isize;
    let end = span.max(0) + k as isize - 1;
    while o <= end {
        fetch(p.wrapping_offset(o));
        o += 64;
    }
}

/// Tiles ahead of the one being copied whose source lines
/// [`staged`] prefetches.
const PREFETCH_TILES: usize = 2;

/// One tile of a transpose: the block at outer offsets `off`
/// (destination, source), items `a0 .. a0 + na` along `a` and `b0 .. b0 +
/// nb` along `b`.
#[derive(Clone, Copy, Debug)]
struct TileAt {
    off: (isize, isize),
    a0: usize,
    na: usize,
    b0: usize,
    nb: usize,
}

impl TileAt {
    /// The tile's destination and source lines.
    #[inline(always)]
    fn lines<D: Lines, S: Lines>(&self, a: Dim, b: Dim, d: D, s: S) -> (D, S) {
        let along_b = (self.b0 as isize).wrapping_mul(b.ds);
        let along_a = (self.a0 as isize).wrapping_mul(a.ss);
        (
            d.shifted(self.a0, self.off.0.wrapping_add(along_b)),
            s.shifted(self.b0, self.off.1.wrapping_add(along_a)),
        )
    }
}

/// The tiles of a transpose in order: the `outer` dimensions' indices in C
/// order, then bands along `a`, then tiles along `b`, then tiles along `a`
/// within the band (one tile per band unless [`Tile::sa`] says more). With
/// `head` (the
/// destination's line 0 and the item size), each block's `b` range is cut
/// at the first item whose destination is 64-byte aligned in line 0.
#[derive(Clone)]
struct Tiles<'o> {
    outer: &'o [Dim],
    idx: Stack<usize>,
    off: (isize, isize),
    head_of: Option<(*mut u8, usize)>,
    head: usize,
    an: usize,
    bn: usize,
    ta: usize,
    tb: usize,
    sa: usize,
    band: usize,
    a0: usize,
    b0: usize,
    done: bool,
}

impl<'o> Tiles<'o> {
    fn new(tile: &Tile, bn: usize, outer: &'o [Dim], head_of: Option<(*mut u8, usize)>) -> Self {
        let mut idx = Stack::new();
        idx.fill_with(outer.len(), 0);
        let mut t = Tiles {
            outer,
            idx,
            off: (0, 0),
            head_of,
            head: 0,
            an: tile.a.n,
            bn,
            ta: tile.ta,
            tb: tile.tb,
            sa: tile.sa,
            band: 0,
            a0: 0,
            b0: 0,
            done: tile.a.n == 0 || bn == 0 || outer.iter().any(|o| o.n == 0),
        };
        t.head = t.head();
        t
    }

    /// The current block's head (see the type's docs).
    fn head(&self) -> usize {
        let Some((line0, k)) = self.head_of else {
            return 0;
        };
        let first = line0.wrapping_offset(self.off.0) as usize;
        if first.is_multiple_of(k) {
            ((64 - first % 64) % 64 / k).min(self.bn)
        } else {
            0
        }
    }
}

impl Iterator for Tiles<'_> {
    type Item = TileAt;

    fn next(&mut self) -> Option<TileAt> {
        if self.done {
            return None;
        }
        let band_end = self.an.min(self.band + self.sa);
        let na = self.ta.min(band_end - self.a0);
        let end = if self.b0 < self.head {
            self.head
        } else {
            self.bn
        };
        let nb = self.tb.min(end - self.b0);
        let t = TileAt {
            off: self.off,
            a0: self.a0,
            na,
            b0: self.b0,
            nb,
        };
        self.a0 += na;
        if self.a0 == band_end {
            self.a0 = self.band;
            self.b0 += nb;
        }
        if self.b0 == self.bn {
            self.b0 = 0;
            self.band = band_end;
            self.a0 = band_end;
            if self.band == self.an {
                self.band = 0;
                self.a0 = 0;
                // The next outer index, odometer-style.
                let mut q = self.outer.len();
                loop {
                    if q == 0 {
                        self.done = true;
                        break;
                    }
                    q -= 1;
                    let o = self.outer[q];
                    self.idx[q] += 1;
                    if self.idx[q] < o.n {
                        self.off.0 = self.off.0.wrapping_add(o.ds);
                        self.off.1 = self.off.1.wrapping_add(o.ss);
                        break;
                    }
                    let (x, y) = o.at(o.n - 1);
                    self.off.0 = self.off.0.wrapping_sub(x);
                    self.off.1 = self.off.1.wrapping_sub(y);
                    self.idx[q] = 0;
                }
                self.head = self.head();
            }
        }
        Some(t)
    }
}
