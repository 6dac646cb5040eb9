//! The x86-64 vector kernels of the copy module.
//!
//! Each kernel is chosen at run time: the constructors below return a
//! kernel only when [`cpu::has`] allows every feature it uses (SSE2 needs
//! no check: it is part of x86-64), so the library runs on any x86-64 CPU
//! and `PYBUFFER_DISABLE_CPU_FEATURES` reaches every path. `portable.rs`
//! gives the same interface, with no kernels, on other architectures.
//!
//! The in-register transposes are macros rather than helper functions so
//! that they expand inside each `#[target_feature]` kernel (a helper was
//! measured not to be inlined, passing the registers through memory).

use std::arch::x86_64::*;
use std::ptr;

use super::cpu::{self, Feature};
use super::items::{Word, run_items};
use super::transpose::Lines;

// ==========================================================================
// Block transposes
// ==========================================================================

/// A register width, and so a CPU level, for [`Blocks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Width {
    /// 16-byte registers (SSE2, part of x86-64).
    Sse2,
    /// 32-byte registers (AVX2).
    Avx2,
    /// 64-byte registers (AVX-512F, and AVX-512BW for 1- and 2-byte items).
    Avx512,
}

/// An in-register transpose of whole blocks of items, for one item size
/// at one CPU level; see [`Blocks::run`].
///
/// For 1-, 2- and 4-byte items a register holds one, two or four 16-byte
/// lanes, and each lane is transposed on its own as a square of `16 / k`
/// items (unpack rounds of 1, 2, 4 and 8 bytes): a block is `16 / k`
/// destination lines by `16 / k` items per lane, so one register store
/// writes 16, 32 or 64 bytes of a destination line. 8-byte items use
/// whole-register transposes: 2 × 2 (SSE2), 4 × 4 (AVX2), 8 × 8 (AVX-512F).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Blocks {
    /// 1-byte items.
    U8(Width),
    /// 2-byte items.
    U16(Width),
    /// 4-byte items.
    U32(Width),
    /// 8-byte items.
    U64(Width),
}

impl Blocks {
    /// The widest kernel for `k`-byte items that the active features allow.
    pub(super) fn for_item(k: usize) -> Option<Blocks> {
        let bw = cpu::has(Feature::Avx512f) && cpu::has(Feature::Avx512bw);
        let width = if cpu::has(Feature::Avx512f) && (k >= 4 || bw) {
            Width::Avx512
        } else if cpu::has(Feature::Avx2) {
            Width::Avx2
        } else {
            Width::Sse2
        };
        match k {
            1 => Some(Blocks::U8(width)),
            2 => Some(Blocks::U16(width)),
            4 => Some(Blocks::U32(width)),
            8 => Some(Blocks::U64(width)),
            _ => None,
        }
    }

    /// The same transpose in the next narrower registers, if any.
    fn narrower(self) -> Option<Blocks> {
        let down = |w| match w {
            Width::Avx512 => Some(Width::Avx2),
            Width::Avx2 => Some(Width::Sse2),
            Width::Sse2 => None,
        };
        match self {
            Blocks::U8(w) => down(w).map(Blocks::U8),
            Blocks::U16(w) => down(w).map(Blocks::U16),
            Blocks::U32(w) => down(w).map(Blocks::U32),
            Blocks::U64(w) => down(w).map(Blocks::U64),
        }
    }

    fn item_size(self) -> usize {
        match self {
            Blocks::U8(_) => 1,
            Blocks::U16(_) => 2,
            Blocks::U32(_) => 4,
            Blocks::U64(_) => 8,
        }
    }

    /// [`Blocks::run`], then the same transpose in narrower registers on
    /// the source lines the wider one left over (narrower blocks have
    /// fewer source lines), so that only the last few lines, fewer than
    /// an SSE2 block has, are left to the caller. A tile cut at a
    /// streaming head, or a block whose width is not a multiple of 64
    /// bytes, would otherwise leave up to 63 lines of 1-byte items to
    /// scalar copies, each a destination line apart.
    ///
    /// # Safety
    /// As for [`Blocks::run`].
    pub(super) unsafe fn run_narrowing<D: Lines>(
        self,
        s: *const u8,
        sp: isize,
        d: D,
        na: usize,
        nb: usize,
        stream: bool,
    ) -> (usize, usize) {
        let k = self.item_size();
        let (mut na2, mut j0) = (na, 0);
        let mut kernel = Some(self);
        while let Some(b) = kernel.filter(|_| j0 < nb) {
            let sj = s.wrapping_offset((j0 as isize).wrapping_mul(sp));
            let dj = d.shifted(0, (j0 * k) as isize);
            // SAFETY: source lines `j0..nb` and the destination items
            // along `b` from `j0` are part of the caller's block; a
            // narrower width needs no more CPU features than a wider one.
            let (x, y) = unsafe { b.run(sj, sp, dj, na, nb - j0, stream) };
            // Destination lines done: those every pass did (8-byte items
            // have fewer lines per block in narrower registers; the lines a
            // narrower pass did beyond are copied again by the caller).
            na2 = na2.min(x);
            j0 += y;
            kernel = b.narrower();
        }
        (na2, j0)
    }

    /// Destination lines and source lines per block.
    #[cfg(test)]
    pub(super) fn shape(self) -> (usize, usize) {
        let lanes = |w| match w {
            Width::Sse2 => 1,
            Width::Avx2 => 2,
            Width::Avx512 => 4,
        };
        match self {
            Blocks::U8(w) => (16, 16 * lanes(w)),
            Blocks::U16(w) => (8, 8 * lanes(w)),
            Blocks::U32(w) => (4, 4 * lanes(w)),
            Blocks::U64(w) => (2 * lanes(w), 2 * lanes(w)),
        }
    }

    /// Transpose the whole blocks of an `na × nb` block of items: source
    /// line `j < nb` starts at `s + j * sp` and holds item `(i, j)` at
    /// `i * k`; destination line `i < na` starts at `d.line(i)` and gets it
    /// at `j * k`. Returns `(na', nb')`: every item with `i < na'` and
    /// `j < nb'` was copied (whole blocks); the caller copies the rest.
    /// With `stream`, register stores that fall on a register-sized
    /// boundary are non-temporal (the caller issues the `sfence`).
    ///
    /// # Safety
    /// Those items are valid on both sides, the two sides do not overlap,
    /// and order is free (no two destination items alias).
    pub(super) unsafe fn run<D: Lines>(
        self,
        s: *const u8,
        sp: isize,
        d: D,
        na: usize,
        nb: usize,
        stream: bool,
    ) -> (usize, usize) {
        // SAFETY: (every arm) `for_item` only returns a width whose CPU
        // features the switch allows; the caller's guarantees.
        unsafe {
            match self {
                Blocks::U8(Width::Sse2) => u8_sse2(s, sp, d, na, nb, stream),
                Blocks::U8(Width::Avx2) => u8_avx2(s, sp, d, na, nb, stream),
                Blocks::U8(Width::Avx512) => u8_avx512(s, sp, d, na, nb, stream),
                Blocks::U16(Width::Sse2) => u16_sse2(s, sp, d, na, nb, stream),
                Blocks::U16(Width::Avx2) => u16_avx2(s, sp, d, na, nb, stream),
                Blocks::U16(Width::Avx512) => u16_avx512(s, sp, d, na, nb, stream),
                Blocks::U32(Width::Sse2) => u32_sse2(s, sp, d, na, nb, stream),
                Blocks::U32(Width::Avx2) => u32_avx2(s, sp, d, na, nb, stream),
                Blocks::U32(Width::Avx512) => u32_avx512(s, sp, d, na, nb, stream),
                Blocks::U64(Width::Sse2) => u64_sse2(s, sp, d, na, nb, stream),
                Blocks::U64(Width::Avx2) => u64_avx2(s, sp, d, na, nb, stream),
                Blocks::U64(Width::Avx512) => u64_avx512(s, sp, d, na, nb, stream),
            }
        }
    }
}

/// `c` with its `log2(e)` low bits reversed (`e` a power of two, >= 2).
const fn bitrev(c: usize, e: usize) -> usize {
    c.reverse_bits() >> (usize::BITS - e.trailing_zeros())
}

/// One 16-byte lane: the 16 bytes at `p`.
macro_rules! load1 {
    ($p:expr, $sp:expr, $e:expr) => {
        _mm_loadu_si128($p.cast())
    };
}

/// Two lanes: the 16 bytes at `p` and at `p + e * sp` (source lines `r`
/// and `r + e`).
macro_rules! load2 {
    ($p:expr, $sp:expr, $e:expr) => {{
        let lo = _mm_loadu_si128($p.cast());
        let hi = _mm_loadu_si128($p.wrapping_offset($e as isize * $sp).cast());
        _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(lo), hi)
    }};
}

/// Four lanes: the 16 bytes of source lines `r`, `r + e`, `r + 2e`, `r + 3e`.
macro_rules! load4 {
    ($p:expr, $sp:expr, $e:expr) => {{
        let at = |l: isize| $p.wrapping_offset(l * $e as isize * $sp).cast();
        let w = _mm512_castsi128_si512(_mm_loadu_si128(at(0)));
        let w = _mm512_inserti32x4::<1>(w, _mm_loadu_si128(at(1)));
        let w = _mm512_inserti32x4::<2>(w, _mm_loadu_si128(at(2)));
        _mm512_inserti32x4::<3>(w, _mm_loadu_si128(at(3)))
    }};
}

/// `body` with `c` bound to each of `0..n` in turn (`n <= 16`, a
/// constant), written out: indices into register arrays that are
/// constants keep the arrays in registers (a loop, not unrolled by the
/// compiler, kept them on the stack).
macro_rules! unroll16 {
    ($n:expr, $c:ident => $body:block) => {{
        { let $c: usize = 0; if $c < $n $body }
        { let $c: usize = 1; if $c < $n $body }
        { let $c: usize = 2; if $c < $n $body }
        { let $c: usize = 3; if $c < $n $body }
        { let $c: usize = 4; if $c < $n $body }
        { let $c: usize = 5; if $c < $n $body }
        { let $c: usize = 6; if $c < $n $body }
        { let $c: usize = 7; if $c < $n $body }
        { let $c: usize = 8; if $c < $n $body }
        { let $c: usize = 9; if $c < $n $body }
        { let $c: usize = 10; if $c < $n $body }
        { let $c: usize = 11; if $c < $n $body }
        { let $c: usize = 12; if $c < $n $body }
        { let $c: usize = 13; if $c < $n $body }
        { let $c: usize = 14; if $c < $n $body }
        { let $c: usize = 15; if $c < $n $body }
    }};
}

/// The loop of a lane-wise block transpose (see [`Blocks`]): register `r`
/// gets, in lane `l`, 16 bytes of source line `j0 + r + l * E` from item
/// `i0`; the unpack rounds (pairing registers `2j` and `2j + 1`, the low
/// halves to `j`, the high ones to `j + E / 2`) leave destination line
/// `i0 + c` in register `bitrev(c)`: `E * LANES` items from item `j0`.
///
/// Expands to the body of [`Blocks::run`] inside an `unsafe` block of a
/// function with the features its intrinsics need, where its guarantees
/// hold.
macro_rules! lane_blocks {
    (
        ($s:expr, $sp:expr, $d:expr, $na:expr, $nb:expr, $stream:expr),
        k: $k:expr, lanes: $lanes:expr, zero: $zero:expr, load: $load:ident,
        store: $store:ident, stream_store: $nt:ident,
        rounds: [$(($lo:ident, $hi:ident)),+ $(,)?] $(,)?
    ) => {{
        const K: usize = $k;
        const E: usize = 16 / K;
        const ROWS: usize = E * $lanes;
        const BYTES: usize = 16 * $lanes;
        let (s, sp, d, na, nb, stream): (*const u8, isize, _, usize, usize, bool) =
            ($s, $sp, $d, $na, $nb, $stream);
        let (na2, nb2) = (na / E * E, nb / ROWS * ROWS);
        // A block stores `BYTES` into each of `E` lines, and the next
        // blocks along `b` the rest of those cache lines: streamed, every
        // line stays half-written in a write-combining buffer meanwhile.
        // More open lines than the buffers (16 for bytes with 16- and
        // 32-byte registers) get flushed as partial writes, 4-5x slower
        // than ordinary stores (the 'F' pack of every other byte of a
        // 4096 x 4096 array with AVX2: 30 against 7 ms).
        let whole_lines = BYTES == 64 || E <= 8;
        // So with narrower registers the blocks are kept in groups of
        // `GROUP` along `b` (on the stack), and each line's bytes of a
        // group are streamed together: a whole 64-byte line, which leaves
        // its write-combining buffer at once (with AVX2, the 'F' unpack of
        // a 4096 x 4096 PIL image: 6-7 against 14 ms; the 'F' pack of every
        // other byte of a 4096 x 4096 array: 2.4-3.2 against 7-8 ms).
        const GROUP: usize = 64 / BYTES;
        let grouped = if stream && !whole_lines {
            nb2 / (ROWS * GROUP) * (ROWS * GROUP)
        } else {
            0
        };
        let mut group = [[$zero; E]; GROUP];
        let mut i0 = 0;
        while i0 < na2 {
            let mut j0 = 0;
            // Blocks of the group being filled.
            let mut g = 0;
            while j0 < nb2 {
                let p = s
                    .wrapping_offset((j0 as isize).wrapping_mul(sp))
                    .wrapping_add(i0 * K);
                let mut x = [$zero; E];
                unroll16!(E, r => {
                    x[r] = $load!(p.wrapping_offset(r as isize * sp), sp, E);
                });
                $(
                    let mut y = [$zero; E];
                    unroll16!(E / 2, j => {
                        y[j] = $lo(x[2 * j], x[2 * j + 1]);
                        y[j + E / 2] = $hi(x[2 * j], x[2 * j + 1]);
                    });
                    x = y;
                )+
                if j0 < grouped {
                    group[g] = x;
                    g += 1;
                    if g == GROUP {
                        g = 0;
                        // The group's first item of each line.
                        let jg = j0 + ROWS - ROWS * GROUP;
                        unroll16!(E, c => {
                            let q = d.line(i0 + c).wrapping_add(jg * K);
                            let line = (q as usize).is_multiple_of(64);
                            for (g, v) in group.iter().enumerate() {
                                let (q, v) = (q.wrapping_add(g * BYTES), v[bitrev(c, E)]);
                                if line {
                                    $nt(q.cast(), v);
                                } else {
                                    $store(q.cast(), v);
                                }
                            }
                        });
                    }
                } else {
                    unroll16!(E, c => {
                        let q = d.line(i0 + c).wrapping_add(j0 * K);
                        let v = x[bitrev(c, E)];
                        if stream && whole_lines && (q as usize).is_multiple_of(BYTES) {
                            $nt(q.cast(), v);
                        } else {
                            $store(q.cast(), v);
                        }
                    });
                }
                j0 += ROWS;
            }
            i0 += E;
        }
        (na2, nb2)
    }};
}

/// 1-byte items, 16 × 16 blocks (SSE2).
///
/// # Safety
/// As for [`Blocks::run`].
unsafe fn u8_sse2<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: SSE2 is part of x86-64; every load reads 16 bytes of source
    // items of a whole block and every store writes 16 destination items
    // of one line (the caller's guarantees).
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 1, lanes: 1, zero: _mm_setzero_si128(), load: load1,
            store: _mm_storeu_si128, stream_store: _mm_stream_si128,
            rounds: [
                (_mm_unpacklo_epi8, _mm_unpackhi_epi8),
                (_mm_unpacklo_epi16, _mm_unpackhi_epi16),
                (_mm_unpacklo_epi32, _mm_unpackhi_epi32),
                (_mm_unpacklo_epi64, _mm_unpackhi_epi64),
            ],
        )
    }
}

/// 1-byte items, 16 destination lines × 32 items (AVX2).
///
/// # Safety
/// AVX2 is available; as for [`Blocks::run`].
#[target_feature(enable = "avx2")]
unsafe fn u8_avx2<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: as in `u8_sse2`, with 32-byte stores.
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 1, lanes: 2, zero: _mm256_setzero_si256(), load: load2,
            store: _mm256_storeu_si256, stream_store: _mm256_stream_si256,
            rounds: [
                (_mm256_unpacklo_epi8, _mm256_unpackhi_epi8),
                (_mm256_unpacklo_epi16, _mm256_unpackhi_epi16),
                (_mm256_unpacklo_epi32, _mm256_unpackhi_epi32),
                (_mm256_unpacklo_epi64, _mm256_unpackhi_epi64),
            ],
        )
    }
}

/// 1-byte items, 16 destination lines × 64 items (AVX-512F/BW).
///
/// # Safety
/// AVX-512F/BW are available; as for [`Blocks::run`].
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn u8_avx512<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: as in `u8_sse2`, with 64-byte stores.
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 1, lanes: 4, zero: _mm512_setzero_si512(), load: load4,
            store: _mm512_storeu_si512, stream_store: _mm512_stream_si512,
            rounds: [
                (_mm512_unpacklo_epi8, _mm512_unpackhi_epi8),
                (_mm512_unpacklo_epi16, _mm512_unpackhi_epi16),
                (_mm512_unpacklo_epi32, _mm512_unpackhi_epi32),
                (_mm512_unpacklo_epi64, _mm512_unpackhi_epi64),
            ],
        )
    }
}

/// 2-byte items, 8 × 8 blocks (SSE2).
///
/// # Safety
/// As for [`Blocks::run`].
unsafe fn u16_sse2<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: as in `u8_sse2`.
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 2, lanes: 1, zero: _mm_setzero_si128(), load: load1,
            store: _mm_storeu_si128, stream_store: _mm_stream_si128,
            rounds: [
                (_mm_unpacklo_epi16, _mm_unpackhi_epi16),
                (_mm_unpacklo_epi32, _mm_unpackhi_epi32),
                (_mm_unpacklo_epi64, _mm_unpackhi_epi64),
            ],
        )
    }
}

/// 2-byte items, 8 destination lines × 16 items (AVX2).
///
/// # Safety
/// AVX2 is available; as for [`Blocks::run`].
#[target_feature(enable = "avx2")]
unsafe fn u16_avx2<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: as in `u8_avx2`.
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 2, lanes: 2, zero: _mm256_setzero_si256(), load: load2,
            store: _mm256_storeu_si256, stream_store: _mm256_stream_si256,
            rounds: [
                (_mm256_unpacklo_epi16, _mm256_unpackhi_epi16),
                (_mm256_unpacklo_epi32, _mm256_unpackhi_epi32),
                (_mm256_unpacklo_epi64, _mm256_unpackhi_epi64),
            ],
        )
    }
}

/// 2-byte items, 8 destination lines × 32 items (AVX-512F/BW).
///
/// # Safety
/// AVX-512F/BW are available; as for [`Blocks::run`].
#[target_feature(enable = "avx512f,avx512bw")]
unsafe fn u16_avx512<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: as in `u8_avx512`.
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 2, lanes: 4, zero: _mm512_setzero_si512(), load: load4,
            store: _mm512_storeu_si512, stream_store: _mm512_stream_si512,
            rounds: [
                (_mm512_unpacklo_epi16, _mm512_unpackhi_epi16),
                (_mm512_unpacklo_epi32, _mm512_unpackhi_epi32),
                (_mm512_unpacklo_epi64, _mm512_unpackhi_epi64),
            ],
        )
    }
}

/// 4-byte items, 4 × 4 blocks (SSE2).
///
/// # Safety
/// As for [`Blocks::run`].
unsafe fn u32_sse2<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: as in `u8_sse2`.
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 4, lanes: 1, zero: _mm_setzero_si128(), load: load1,
            store: _mm_storeu_si128, stream_store: _mm_stream_si128,
            rounds: [
                (_mm_unpacklo_epi32, _mm_unpackhi_epi32),
                (_mm_unpacklo_epi64, _mm_unpackhi_epi64),
            ],
        )
    }
}

/// 4-byte items, 4 destination lines × 8 items (AVX2).
///
/// # Safety
/// AVX2 is available; as for [`Blocks::run`].
#[target_feature(enable = "avx2")]
unsafe fn u32_avx2<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: as in `u8_avx2`.
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 4, lanes: 2, zero: _mm256_setzero_si256(), load: load2,
            store: _mm256_storeu_si256, stream_store: _mm256_stream_si256,
            rounds: [
                (_mm256_unpacklo_epi32, _mm256_unpackhi_epi32),
                (_mm256_unpacklo_epi64, _mm256_unpackhi_epi64),
            ],
        )
    }
}

/// 4-byte items, 4 destination lines × 16 items (AVX-512F).
///
/// # Safety
/// AVX-512F is available; as for [`Blocks::run`].
#[target_feature(enable = "avx512f")]
unsafe fn u32_avx512<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: as in `u8_avx512`.
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 4, lanes: 4, zero: _mm512_setzero_si512(), load: load4,
            store: _mm512_storeu_si512, stream_store: _mm512_stream_si512,
            rounds: [
                (_mm512_unpacklo_epi32, _mm512_unpackhi_epi32),
                (_mm512_unpacklo_epi64, _mm512_unpackhi_epi64),
            ],
        )
    }
}

/// 8-byte items, 2 × 2 blocks (SSE2).
///
/// # Safety
/// As for [`Blocks::run`].
unsafe fn u64_sse2<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    // SAFETY: as in `u8_sse2`.
    unsafe {
        lane_blocks!(
            (s, sp, d, na, nb, stream),
            k: 8, lanes: 1, zero: _mm_setzero_si128(), load: load1,
            store: _mm_storeu_si128, stream_store: _mm_stream_si128,
            rounds: [(_mm_unpacklo_epi64, _mm_unpackhi_epi64)],
        )
    }
}

/// Transpose four rows of four 8-byte items (`__m256d` each): returns the
/// four columns. Expands inside an `unsafe` block with AVX enabled.
macro_rules! t64x4 {
    ($x0:expr, $x1:expr, $x2:expr, $x3:expr) => {{
        let t0 = _mm256_unpacklo_pd($x0, $x1);
        let t1 = _mm256_unpackhi_pd($x0, $x1);
        let t2 = _mm256_unpacklo_pd($x2, $x3);
        let t3 = _mm256_unpackhi_pd($x2, $x3);
        [
            _mm256_permute2f128_pd::<0x20>(t0, t2),
            _mm256_permute2f128_pd::<0x20>(t1, t3),
            _mm256_permute2f128_pd::<0x31>(t0, t2),
            _mm256_permute2f128_pd::<0x31>(t1, t3),
        ]
    }};
}

/// Transpose eight rows of eight 8-byte items (`__m512d` each): returns
/// the eight columns. Expands inside an `unsafe` block with AVX-512F.
macro_rules! t64x8 {
    ($x:expr) => {{
        let x: [__m512d; 8] = $x;
        let t0 = _mm512_unpacklo_pd(x[0], x[1]);
        let t1 = _mm512_unpackhi_pd(x[0], x[1]);
        let t2 = _mm512_unpacklo_pd(x[2], x[3]);
        let t3 = _mm512_unpackhi_pd(x[2], x[3]);
        let t4 = _mm512_unpacklo_pd(x[4], x[5]);
        let t5 = _mm512_unpackhi_pd(x[4], x[5]);
        let t6 = _mm512_unpacklo_pd(x[6], x[7]);
        let t7 = _mm512_unpackhi_pd(x[6], x[7]);
        let u0 = _mm512_shuffle_f64x2::<0x88>(t0, t2);
        let u1 = _mm512_shuffle_f64x2::<0x88>(t1, t3);
        let u2 = _mm512_shuffle_f64x2::<0xdd>(t0, t2);
        let u3 = _mm512_shuffle_f64x2::<0xdd>(t1, t3);
        let u4 = _mm512_shuffle_f64x2::<0x88>(t4, t6);
        let u5 = _mm512_shuffle_f64x2::<0x88>(t5, t7);
        let u6 = _mm512_shuffle_f64x2::<0xdd>(t4, t6);
        let u7 = _mm512_shuffle_f64x2::<0xdd>(t5, t7);
        [
            _mm512_shuffle_f64x2::<0x88>(u0, u4),
            _mm512_shuffle_f64x2::<0x88>(u1, u5),
            _mm512_shuffle_f64x2::<0x88>(u2, u6),
            _mm512_shuffle_f64x2::<0x88>(u3, u7),
            _mm512_shuffle_f64x2::<0xdd>(u0, u4),
            _mm512_shuffle_f64x2::<0xdd>(u1, u5),
            _mm512_shuffle_f64x2::<0xdd>(u2, u6),
            _mm512_shuffle_f64x2::<0xdd>(u3, u7),
        ]
    }};
}

/// 8-byte items, 4 × 4 blocks (AVX2).
///
/// # Safety
/// AVX2 is available; as for [`Blocks::run`].
#[target_feature(enable = "avx2")]
unsafe fn u64_avx2<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    let (na2, nb2) = (na / 4 * 4, nb / 4 * 4);
    for i0 in (0..na2).step_by(4) {
        for j0 in (0..nb2).step_by(4) {
            let p = s
                .wrapping_offset((j0 as isize).wrapping_mul(sp))
                .wrapping_add(8 * i0);
            let ld = |r: isize| p.wrapping_offset(r * sp).cast::<f64>();
            // SAFETY: source lines `j0..j0 + 4` hold items `i0..i0 + 4`
            // (32 bytes each) and destination lines `i0..i0 + 4` take items
            // `j0..j0 + 4` (the caller's guarantees); AVX2 is available.
            unsafe {
                let x = [
                    _mm256_loadu_pd(ld(0)),
                    _mm256_loadu_pd(ld(1)),
                    _mm256_loadu_pd(ld(2)),
                    _mm256_loadu_pd(ld(3)),
                ];
                for (c, v) in t64x4!(x[0], x[1], x[2], x[3]).into_iter().enumerate() {
                    let q = d.line(i0 + c).wrapping_add(8 * j0).cast::<f64>();
                    if stream && (q as usize).is_multiple_of(32) {
                        _mm256_stream_pd(q, v);
                    } else {
                        _mm256_storeu_pd(q, v);
                    }
                }
            }
        }
    }
    (na2, nb2)
}

/// 8-byte items, 8 × 8 blocks (AVX-512F).
///
/// # Safety
/// AVX-512F is available; as for [`Blocks::run`].
#[target_feature(enable = "avx512f")]
unsafe fn u64_avx512<D: Lines>(
    s: *const u8,
    sp: isize,
    d: D,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    let (na2, nb2) = (na / 8 * 8, nb / 8 * 8);
    for i0 in (0..na2).step_by(8) {
        for j0 in (0..nb2).step_by(8) {
            let p = s
                .wrapping_offset((j0 as isize).wrapping_mul(sp))
                .wrapping_add(8 * i0);
            // SAFETY: source lines `j0..j0 + 8` hold items `i0..i0 + 8`
            // (64 bytes each) and destination lines `i0..i0 + 8` take items
            // `j0..j0 + 8` (the caller's guarantees); AVX-512F is available.
            unsafe {
                let x: [__m512d; 8] = std::array::from_fn(|r| {
                    _mm512_loadu_pd(p.wrapping_offset(r as isize * sp).cast())
                });
                for (c, v) in t64x8!(x).into_iter().enumerate() {
                    let q = d.line(i0 + c).wrapping_add(8 * j0).cast::<f64>();
                    if stream && (q as usize).is_multiple_of(64) {
                        _mm512_stream_pd(q, v);
                    } else {
                        _mm512_storeu_pd(q, v);
                    }
                }
            }
        }
    }
    (na2, nb2)
}

// ==========================================================================
// Halves: transposes from every other item of far-apart lines
// ==========================================================================

/// An in-register transpose from far-apart source lines of every other
/// 4-byte item (items 8 bytes apart: the `[..., ::2]` of an f32 array)
/// into destination lines of contiguous items (AVX2, or SSE2 below it).
/// See [`Halves::run`].
///
/// The staged transpose reads far-apart lines one at a time, a long run
/// each, and then reads its stage again to write it out. This kernel reads
/// 16 source lines side by side instead, 64 bytes of each per block,
/// straight into registers (16 sequential streams are what the hardware
/// prefetchers follow), and writes each destination line one whole
/// 64-byte line per block. (AVX2 on a Zen 3 EPYC, `cargo bench`: the 'F'
/// pack of the `[::-1, :, ::2]` view of a 256 × 256 × 64 f32 array at
/// 3.4-4.7 GB/s against 1.4-1.8 staged; of every other column of a 2048 ×
/// 2048 f32 array, 3.4 against 1.3.)
///
/// The other way, into lines of every other item, stays staged: the
/// destination lines must be read before they are written (half their
/// bytes are not the view's), and 16 of them side by side, written item
/// by item, measured no faster than the stage (with masked `vmaskmovps`
/// stores, slow on AMD CPUs, half as fast).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Halves {
    /// 4-byte items, 8 destination lines × 16 source lines a block (AVX2).
    FromU32,
    /// The same with 16-byte registers, 4 destination lines a block (SSE2,
    /// part of x86-64).
    FromU32Sse2,
}

impl Halves {
    /// The far-apart source lines a block reads side by side, each along
    /// the whole of `a`.
    pub(super) const LINES: usize = 16;

    /// The kernel for `k`-byte items `ass` bytes apart along `a` in the
    /// source and `bds` bytes apart along `b` in the destination, if there
    /// is one at the active CPU level.
    pub(super) fn new(k: usize, ass: isize, bds: isize) -> Option<Halves> {
        if (k, ass, bds) != (4, 8, 4) {
            None
        } else if cpu::has(Feature::Avx2) {
            Some(Halves::FromU32)
        } else {
            Some(Halves::FromU32Sse2)
        }
    }

    /// Copies the items `(i, j)` of an `na × nb` block, `i < na'` and `j <
    /// nb'` for the `(na', nb')` it returns; the caller copies the rest.
    /// Source item `(i, j)` is at `s.line(j) + i * 8`, destination item
    /// `(i, j)` at `d.line(i) + j * 4`. With `stream`, destination lines
    /// that start on a 64-byte boundary are written with non-temporal
    /// stores (the caller fences).
    ///
    /// # Safety
    /// Every item of the block is valid on both sides, the sides do not
    /// overlap, and order is free. Each source line is one allocation
    /// from its first item to its last: the bytes between items are read
    /// and dropped, and nothing past the last item is.
    pub(super) unsafe fn run<D: Lines, S: Lines>(
        self,
        d: D,
        s: S,
        na: usize,
        nb: usize,
        stream: bool,
    ) -> (usize, usize) {
        match self {
            // SAFETY: the constructor checked AVX2; the caller's guarantees.
            Halves::FromU32 => unsafe { halves_from_u32_avx2(d, s, na, nb, stream) },
            // SAFETY: SSE2 is part of x86-64; the caller's guarantees.
            Halves::FromU32Sse2 => unsafe { halves_from_u32_sse2(d, s, na, nb, stream) },
        }
    }
}

/// The 8 × 8 transpose of 4-byte items in eight AVX registers: register
/// `c` ends up with item `c` of each of the eight.
macro_rules! transpose_8x8_ps {
    ($r:ident) => {{
        let t0 = _mm256_unpacklo_ps($r[0], $r[1]);
        let t1 = _mm256_unpackhi_ps($r[0], $r[1]);
        let t2 = _mm256_unpacklo_ps($r[2], $r[3]);
        let t3 = _mm256_unpackhi_ps($r[2], $r[3]);
        let t4 = _mm256_unpacklo_ps($r[4], $r[5]);
        let t5 = _mm256_unpackhi_ps($r[4], $r[5]);
        let t6 = _mm256_unpacklo_ps($r[6], $r[7]);
        let t7 = _mm256_unpackhi_ps($r[6], $r[7]);
        let u0 = _mm256_shuffle_ps::<0x44>(t0, t2);
        let u1 = _mm256_shuffle_ps::<0xEE>(t0, t2);
        let u2 = _mm256_shuffle_ps::<0x44>(t1, t3);
        let u3 = _mm256_shuffle_ps::<0xEE>(t1, t3);
        let u4 = _mm256_shuffle_ps::<0x44>(t4, t6);
        let u5 = _mm256_shuffle_ps::<0xEE>(t4, t6);
        let u6 = _mm256_shuffle_ps::<0x44>(t5, t7);
        let u7 = _mm256_shuffle_ps::<0xEE>(t5, t7);
        $r[0] = _mm256_permute2f128_ps::<0x20>(u0, u4);
        $r[1] = _mm256_permute2f128_ps::<0x20>(u1, u5);
        $r[2] = _mm256_permute2f128_ps::<0x20>(u2, u6);
        $r[3] = _mm256_permute2f128_ps::<0x20>(u3, u7);
        $r[4] = _mm256_permute2f128_ps::<0x31>(u0, u4);
        $r[5] = _mm256_permute2f128_ps::<0x31>(u1, u5);
        $r[6] = _mm256_permute2f128_ps::<0x31>(u2, u6);
        $r[7] = _mm256_permute2f128_ps::<0x31>(u3, u7);
    }};
}

/// The first bytes of source lines `j0 .. j0 + Halves::LINES`, which a
/// [`Halves`] block reads side by side.
#[inline(always)]
fn halves_lines<S: Lines>(s: &S, j0: usize) -> [*const u8; Halves::LINES] {
    std::array::from_fn(|r| s.line(j0 + r).cast_const())
}

/// [`Halves::FromU32`].
///
/// # Safety
/// AVX2 is available; as for [`Halves::run`].
#[target_feature(enable = "avx2")]
unsafe fn halves_from_u32_avx2<D: Lines, S: Lines>(
    d: D,
    s: S,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    const LINES: usize = Halves::LINES;
    let (na2, nb2) = (na / 8 * 8, nb / LINES * LINES);
    // The 8 items from `p`, 8 bytes apart, in order: items 0-3 are the even
    // 4-byte words of the 32 bytes at `p`, items 4-7 the odd words of the
    // 32 bytes at `p + 28`, which end with the last item. (Not a masked
    // load of the 32 bytes at `p + 32`: qemu's AVX2 reads the masked-off
    // word too, and faults when the page after the last item is unmapped.)
    macro_rules! items {
        ($p:expr) => {{
            let p: *const u8 = $p;
            // SAFETY: the 60 bytes from `p` are the run of 8 items and the
            // bytes between them (the caller's guarantees).
            let (lo, hi) = unsafe {
                (
                    _mm256_loadu_ps(p.cast()),
                    _mm256_loadu_ps(p.wrapping_add(28).cast()),
                )
            };
            // Per 128-bit half, words 0 and 2 of `lo` and 1 and 3 of `hi`:
            // [0 1 4 5 | 2 3 6 7], then its 64-bit pairs in the order 0, 2,
            // 1, 3.
            let mixed = _mm256_shuffle_ps::<0xD8>(lo, hi);
            _mm256_castpd_ps(_mm256_permute4x64_pd::<0xD8>(_mm256_castps_pd(mixed)))
        }};
    }
    let mut j0 = 0;
    while j0 < nb2 {
        let line = halves_lines(&s, j0);
        let mut i0 = 0;
        while i0 < na2 {
            let along = i0 * 8;
            let mut lo = [_mm256_setzero_ps(); 8];
            let mut hi = [_mm256_setzero_ps(); 8];
            unroll16!(8, r => {
                lo[r] = items!(line[r].wrapping_add(along));
                hi[r] = items!(line[r + 8].wrapping_add(along));
            });
            transpose_8x8_ps!(lo);
            transpose_8x8_ps!(hi);
            unroll16!(8, c => {
                let q = d.line(i0 + c).wrapping_add(j0 * 4).cast::<f32>();
                // SAFETY: items `j0 .. j0 + 16` of destination line `i0 + c`
                // (the caller's guarantees); the streamed stores are
                // 32-byte aligned, as the line is 64-byte aligned.
                unsafe {
                    if stream && (q as usize).is_multiple_of(64) {
                        _mm256_stream_ps(q, lo[c]);
                        _mm256_stream_ps(q.wrapping_add(8), hi[c]);
                    } else {
                        _mm256_storeu_ps(q, lo[c]);
                        _mm256_storeu_ps(q.wrapping_add(8), hi[c]);
                    }
                }
            });
            i0 += 8;
        }
        j0 += LINES;
    }
    (na2, nb2)
}

/// [`Halves::FromU32Sse2`].
///
/// # Safety
/// As for [`Halves::run`] (SSE2 is part of x86-64).
#[target_feature(enable = "sse2")]
unsafe fn halves_from_u32_sse2<D: Lines, S: Lines>(
    d: D,
    s: S,
    na: usize,
    nb: usize,
    stream: bool,
) -> (usize, usize) {
    const LINES: usize = Halves::LINES;
    let (na2, nb2) = (na / 4 * 4, nb / LINES * LINES);
    // The 4 items from `p`, 8 bytes apart, in order: words 0 and 2 of the
    // 16 bytes at `p`, words 1 and 3 of the 16 at `p + 12` (which end with
    // the last item), as the AVX2 kernel does with 32-byte loads.
    macro_rules! items {
        ($p:expr) => {{
            let p: *const u8 = $p;
            // SAFETY: the 28 bytes from `p` are the run of 4 items and the
            // bytes between them (the caller's guarantees).
            let (lo, hi) = unsafe {
                (
                    _mm_loadu_ps(p.cast()),
                    _mm_loadu_ps(p.wrapping_add(12).cast()),
                )
            };
            _mm_shuffle_ps::<0xD8>(lo, hi)
        }};
    }
    let mut j0 = 0;
    while j0 < nb2 {
        let line = halves_lines(&s, j0);
        let mut i0 = 0;
        while i0 < na2 {
            let along = i0 * 8;
            let q: [*mut f32; 4] =
                std::array::from_fn(|c| d.line(i0 + c).wrapping_add(j0 * 4).cast::<f32>());
            // Four source lines at a time: a 4 × 4 transpose gives each of
            // the 4 destination lines 16 bytes.
            unroll16!(4, g => {
                let r0 = items!(line[4 * g].wrapping_add(along));
                let r1 = items!(line[4 * g + 1].wrapping_add(along));
                let r2 = items!(line[4 * g + 2].wrapping_add(along));
                let r3 = items!(line[4 * g + 3].wrapping_add(along));
                let (t0, t1) = (_mm_unpacklo_ps(r0, r1), _mm_unpackhi_ps(r0, r1));
                let (t2, t3) = (_mm_unpacklo_ps(r2, r3), _mm_unpackhi_ps(r2, r3));
                let x = [
                    _mm_movelh_ps(t0, t2),
                    _mm_movehl_ps(t2, t0),
                    _mm_movelh_ps(t1, t3),
                    _mm_movehl_ps(t3, t1),
                ];
                unroll16!(4, c => {
                    let p = q[c].wrapping_add(4 * g);
                    // SAFETY: items `j0 + 4g .. j0 + 4g + 4` of destination
                    // line `i0 + c` (the caller's guarantees); streamed only
                    // within a line that starts 64-byte aligned.
                    unsafe {
                        if stream && (q[c] as usize).is_multiple_of(64) {
                            _mm_stream_ps(p, x[c]);
                        } else {
                            _mm_storeu_ps(p, x[c]);
                        }
                    }
                });
            });
            i0 += 4;
        }
        j0 += LINES;
    }
    (na2, nb2)
}

// ==========================================================================
// Bands: large and small f64 transposes
// ==========================================================================

/// The 8-byte transpose for whole blocks contiguous along `a` in the source
/// and along `b` in the destination: 8 × 8 blocks (AVX-512F, or four 4 × 4
/// transposes with AVX2), walked in bands of [`BAND8`] rows whose columns
/// are taken one after the other, so that the source columns stream in
/// order; see [`Bands::run`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bands {
    /// AVX2: four 4 × 4 transposes per 8 × 8 block.
    Avx2,
    /// AVX-512F: one 8 × 8 transpose.
    Avx512,
}

/// Rows (along `a`) of one band of [`Bands::run`], whose columns are walked
/// one after the other: long bands keep the source columns streaming
/// (measured on a 2048² transpose: 256 rows 51% of memcpy, 2048 rows 55%,
/// 64 rows 47%).
const BAND8: usize = 2048;

impl Bands {
    /// The widest kernel the active features allow, if any.
    pub(super) fn new() -> Option<Bands> {
        if cpu::has(Feature::Avx512f) {
            Some(Bands::Avx512)
        } else if cpu::has(Feature::Avx2) {
            Some(Bands::Avx2)
        } else {
            None
        }
    }

    /// Transpose an `an × bn` block of 8-byte items: destination item
    /// `(i, j)` at `d + i * dsa + 8 * j`, source item at `s + 8 * i + j *
    /// ssb`.
    ///
    /// The columns after the last whole block and the rows after the last
    /// whole block are copied by [`run_items`]. With `stream`, the grid
    /// starts at the first column whose destination is 64-byte aligned in
    /// row 0 (the columns before it also go to [`run_items`]), and each
    /// block row whose destination is 64-byte aligned (all of them when
    /// `dsa` is a multiple of 64) is written with non-temporal stores,
    /// which write the whole line (eight items contiguous along `b`)
    /// without reading it first; an `sfence` at the end orders those
    /// stores before anything the caller does next.
    ///
    /// # Safety
    /// Every item of the block is valid on both sides, the sides do not
    /// overlap, and order is free (streaming is only chosen in `Free` mode).
    pub(super) unsafe fn run(
        self,
        d: *mut u8,
        dsa: isize,
        s: *const u8,
        ssb: isize,
        (an, bn): (usize, usize),
        stream: bool,
    ) {
        let c = Word::<u64>(std::marker::PhantomData);
        // With streaming stores: columns before the first 64-byte aligned
        // destination in row 0 (alignment matters little to normal stores).
        let head = if stream && (d as usize).is_multiple_of(8) {
            ((64 - d as usize % 64) % 64 / 8).min(bn)
        } else {
            0
        };
        let cols = (bn - head) / 8 * 8;
        let rows = an / 8 * 8;
        for j in (0..head).chain(head + cols..bn) {
            let (od, os) = (8 * j as isize, (j as isize).wrapping_mul(ssb));
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
        for i in rows..an {
            let (od, os) = ((i as isize).wrapping_mul(dsa), 8 * i as isize);
            // SAFETY: row `i` is `bn` valid items.
            unsafe { run_items(c, d.wrapping_offset(od), 8, s.wrapping_offset(os), ssb, bn) };
        }
        let grid = (
            d.wrapping_add(8 * head),
            dsa,
            s.wrapping_offset((head as isize).wrapping_mul(ssb)),
            ssb,
        );
        // SAFETY: the grid's `rows × cols` items are valid (the caller's
        // guarantees); `new` checked the kernel's CPU features.
        unsafe {
            match self {
                Bands::Avx512 => bands_avx512(grid, rows, cols, stream),
                Bands::Avx2 => bands_avx2(grid, rows, cols, stream),
            }
            if stream {
                _mm_sfence();
            }
        }
    }
}

/// The band loop of [`Bands::run`] over a grid of `rows × cols` items
/// (multiples of 8): `$block!(dp, sp)` transposes the 8 × 8 block whose
/// destination row 0 starts at `dp` and source column 0 at `sp`.
macro_rules! band_loop {
    ($grid:expr, $rows:expr, $cols:expr, |$dp:ident, $sp:ident| $block:expr) => {{
        let (d, dsa, s, ssb): (*mut u8, isize, *const u8, isize) = $grid;
        let mut i0 = 0;
        while i0 < $rows {
            let band = BAND8.min($rows - i0);
            let mut j = 0;
            while j < $cols {
                let dc = d.wrapping_add(8 * j);
                let sc = s.wrapping_offset((j as isize).wrapping_mul(ssb));
                let mut i = i0;
                while i < i0 + band {
                    let $dp = dc.wrapping_offset((i as isize).wrapping_mul(dsa));
                    let $sp = sc.wrapping_add(8 * i);
                    $block;
                    i += 8;
                }
                j += 8;
            }
            i0 += band;
        }
    }};
}

/// [`Bands::run`]'s grid with AVX-512F: one 8 × 8 transpose per block.
///
/// # Safety
/// AVX-512F is available; the grid's items are valid (see [`Bands::run`]).
#[target_feature(enable = "avx512f")]
unsafe fn bands_avx512(
    grid: (*mut u8, isize, *const u8, isize),
    rows: usize,
    cols: usize,
    stream: bool,
) {
    let (dsa, ssb) = (grid.1, grid.3);
    band_loop!(grid, rows, cols, |dp, sp| {
        // The 8 × 8 block lies inside the grid. Source column `r` holds
        // its items (i..i + 8, j + r) in 64 contiguous bytes at `sp + r *
        // ssb`; destination row `r` takes (i + r, j..j + 8) in 64
        // contiguous bytes at `dp + r * dsa`.
        // SAFETY: those bytes are valid items; the stream store only where
        // aligned.
        unsafe {
            let x: [__m512d; 8] = std::array::from_fn(|r| {
                _mm512_loadu_pd(sp.wrapping_offset(r as isize * ssb).cast())
            });
            for (r, v) in t64x8!(x).into_iter().enumerate() {
                let q = dp
                    .wrapping_offset((r as isize).wrapping_mul(dsa))
                    .cast::<f64>();
                if stream && (q as usize).is_multiple_of(64) {
                    _mm512_stream_pd(q, v);
                } else {
                    _mm512_storeu_pd(q, v);
                }
            }
        }
    });
}

/// [`Bands::run`]'s grid with AVX2: four 4 × 4 transposes per 8 × 8
/// block, so that each destination row still gets 64 contiguous bytes.
///
/// # Safety
/// AVX2 is available; the grid's items are valid (see [`Bands::run`]).
#[target_feature(enable = "avx2")]
unsafe fn bands_avx2(
    grid: (*mut u8, isize, *const u8, isize),
    rows: usize,
    cols: usize,
    stream: bool,
) {
    let (dsa, ssb) = (grid.1, grid.3);
    band_loop!(grid, rows, cols, |dp, sp| {
        for ia in [0usize, 4] {
            // The 4 × 4 quarters at rows `ia..ia + 4` and columns `jb..jb +
            // 4` of the block, for both `jb`: source column `jb + r` holds
            // its items in 32 contiguous bytes at `quarter(jb)(r)`,
            // destination row `ia + r` takes them in 32 contiguous bytes.
            // Both halves of each destination row are stored one after the
            // other, so that a streamed row's 64 bytes leave the
            // write-combining buffer as one line (storing a quarter at a
            // time left four half-written lines open, which the CPU may
            // flush as partial writes: 52% of memcpy on a 2048² transpose).
            let quarter = |jb: usize| {
                let p = sp
                    .wrapping_offset((jb as isize).wrapping_mul(ssb))
                    .wrapping_add(8 * ia);
                // SAFETY: those bytes are valid items.
                unsafe {
                    let ld = |r: isize| p.wrapping_offset(r * ssb).cast::<f64>();
                    t64x4!(
                        _mm256_loadu_pd(ld(0)),
                        _mm256_loadu_pd(ld(1)),
                        _mm256_loadu_pd(ld(2)),
                        _mm256_loadu_pd(ld(3))
                    )
                }
            };
            let (left, right) = (quarter(0), quarter(4));
            for r in 0..4 {
                let row = dp.wrapping_offset(((ia + r) as isize).wrapping_mul(dsa));
                for (jb, v) in [(0usize, left[r]), (4, right[r])] {
                    let q = row.wrapping_add(8 * jb).cast::<f64>();
                    // SAFETY: 32 bytes of destination items; the stream
                    // store only where aligned.
                    unsafe {
                        if stream && (q as usize).is_multiple_of(32) {
                            _mm256_stream_pd(q, v);
                        } else {
                            _mm256_storeu_pd(q, v);
                        }
                    }
                }
            }
        }
    });
}

// ==========================================================================
// Streaming runs: large copies past the caches
// ==========================================================================

/// Copy `n` bytes from `s` to `d` (which do not overlap), writing the
/// destination's whole aligned 64-byte lines with non-temporal stores: a
/// line written whole then costs no read of it first, and the copy does not
/// evict the caches for data that is not read again soon. The partial
/// lines at either end are copied normally. Widest registers the active
/// features allow: AVX-512F, AVX2, or SSE2 (part of x86-64).
///
/// Callers issue [`store_fence`] once after their last streaming copy.
///
/// # Safety
/// `s` is readable and `d` writable for `n` bytes, and the two do not overlap.
pub(super) unsafe fn copy_streaming(d: *mut u8, s: *const u8, n: usize) {
    let head = d.align_offset(64).min(n);
    let lines = (n - head) / 64;
    let tail = n - head - lines * 64;
    // SAFETY: `[0, head)`, the `lines` whole lines after it and the last
    // `tail` bytes partition the `n` bytes, valid on both sides and disjoint
    // by the caller's guarantees; the lines' destination is 64-aligned.
    unsafe {
        ptr::copy_nonoverlapping(s, d, head);
        let (dl, sl) = (d.add(head), s.add(head));
        if cpu::has(Feature::Avx512f) {
            stream_lines_avx512(dl, sl, lines);
        } else if cpu::has(Feature::Avx2) {
            stream_lines_avx2(dl, sl, lines);
        } else {
            stream_lines_sse2(dl, sl, lines);
        }
        let done = head + lines * 64;
        ptr::copy_nonoverlapping(s.add(done), d.add(done), tail);
    }
}

/// # Safety
/// AVX-512F is available; `lines * 64` bytes valid on each side, `d`
/// 64-aligned, no overlap.
#[target_feature(enable = "avx512f")]
unsafe fn stream_lines_avx512(d: *mut u8, s: *const u8, lines: usize) {
    for i in 0..lines {
        // SAFETY: line `i` is inside both runs; the store is aligned.
        unsafe {
            let v = _mm512_loadu_si512(s.add(64 * i).cast());
            _mm512_stream_si512(d.add(64 * i).cast(), v);
        }
    }
}

/// # Safety
/// AVX2 is available; otherwise as for [`stream_lines_avx512`].
#[target_feature(enable = "avx2")]
unsafe fn stream_lines_avx2(d: *mut u8, s: *const u8, lines: usize) {
    for i in 0..lines {
        // SAFETY: as above, two aligned 32-byte halves of the line.
        unsafe {
            let (dp, sp) = (d.add(64 * i), s.add(64 * i));
            let a = _mm256_loadu_si256(sp.cast());
            let b = _mm256_loadu_si256(sp.add(32).cast());
            _mm256_stream_si256(dp.cast(), a);
            _mm256_stream_si256(dp.add(32).cast(), b);
        }
    }
}

/// # Safety
/// As for [`stream_lines_avx512`], with SSE2 (always available).
unsafe fn stream_lines_sse2(d: *mut u8, s: *const u8, lines: usize) {
    for i in 0..lines {
        // SAFETY: as above, four aligned 16-byte quarters of the line.
        unsafe {
            let (dp, sp) = (d.add(64 * i), s.add(64 * i));
            for q in 0..4 {
                let v = _mm_loadu_si128(sp.add(16 * q).cast());
                _mm_stream_si128(dp.add(16 * q).cast(), v);
            }
        }
    }
}

/// The size of the CPU's last-level cache in bytes, as CPUID reports it
/// (the largest data or unified cache of Intel's leaf 4 or AMD's leaf
/// 0x8000001D, which is what a core shares, else AMD's legacy L3 field of
/// leaf 0x80000006), or
/// [`LAST_LEVEL_CACHE_GUESS`] when none is reported. Read once.
pub(super) fn last_level_cache_bytes() -> usize {
    static BYTES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *BYTES.get_or_init(|| {
        // The legacy field is a last resort: it reports the package's
        // total (256 MiB on a 64-core EPYC, whose cores share 32 MiB each).
        let found = match cache_leaf_bytes(4).max(cache_leaf_bytes(0x8000_001D)) {
            0 => amd_legacy_l3_bytes(),
            n => n,
        };
        if found == 0 {
            LAST_LEVEL_CACHE_GUESS
        } else {
            found
        }
    })
}

/// The cache size assumed when CPUID reports none: a server part's L3.
const LAST_LEVEL_CACHE_GUESS: usize = 32 << 20;

/// The largest data or unified cache that the deterministic cache leaf
/// `leaf` (4 or 0x8000001D, which share their layout) describes; 0 when
/// the CPU does not have that leaf.
fn cache_leaf_bytes(leaf: u32) -> usize {
    let base = leaf & 0x8000_0000;
    // Leaf `base` reports the highest leaf of its range: none above it is
    // asked for.
    let max = std::arch::x86_64::__cpuid(base).eax;
    if max < leaf {
        return 0;
    }
    let mut best = 0usize;
    // Each subleaf describes one cache until a type of 0 (no more caches);
    // 16 bounds the walk on a CPU (or emulator) that never says so.
    for sub in 0..16 {
        let r = std::arch::x86_64::__cpuid_count(leaf, sub);
        let kind = r.eax & 0x1f;
        if kind == 0 {
            break;
        }
        if kind == 2 {
            continue; // an instruction cache
        }
        let ways = ((r.ebx >> 22) & 0x3ff) as usize + 1;
        let partitions = ((r.ebx >> 12) & 0x3ff) as usize + 1;
        let line = (r.ebx & 0xfff) as usize + 1;
        let sets = r.ecx as usize + 1;
        best = best.max(ways * partitions * line * sets);
    }
    best
}

/// AMD's L3 size from leaf 0x80000006 (EDX bits 31..18, in 512 KiB units);
/// 0 where the leaf is absent or reports none (as on Intel).
fn amd_legacy_l3_bytes() -> usize {
    let max = std::arch::x86_64::__cpuid(0x8000_0000).eax;
    if max < 0x8000_0006 {
        return 0;
    }
    let edx = std::arch::x86_64::__cpuid(0x8000_0006).edx;
    ((edx >> 18) as usize) * (512 << 10)
}

/// Order the non-temporal stores made so far before later stores.
pub(super) fn store_fence() {
    // SAFETY: SSE is part of x86-64.
    unsafe { _mm_sfence() }
}

// ==========================================================================
// Spread: byte transposes into rows of items a few bytes apart
// ==========================================================================

/// Largest destination step (bytes) of [`Spread`].
pub(super) const SPREAD_MAX: usize = 4;

/// Writes the stage of a staged byte transpose into destination lines of
/// 64 items `ds` bytes apart (`2 <= ds <= SPREAD_MAX`), with AVX-512
/// F/BW/VBMI: 16 stage columns of 64 rows are transposed in registers (as
/// [`Blocks::U8`] with 64-byte registers does), then each register is
/// spread over its line's `ds` cache lines with a byte permute and a
/// masked store per cache line.
///
/// The tables: cache line `c < ds` of a destination line (bytes `64c ..
/// 64c + 64` from its first item) takes byte `idx[c][p]` of the register
/// at byte `p` where bit `p` of `mask[c]` is set, i.e. where `64c + p` is
/// a multiple of `ds`. Every other bit is clear, so the gap bytes are never
/// stored (not even with their own values, which another thread could
/// observe).
pub(super) struct Spread {
    ds: usize,
    idx: [[u8; 64]; SPREAD_MAX],
    mask: [u64; SPREAD_MAX],
}

impl Spread {
    /// The kernel for step `ds`, if `2 <= ds <= SPREAD_MAX` and the active
    /// features include AVX-512F/BW/VBMI.
    pub(super) fn new(ds: isize) -> Option<Spread> {
        let usable = cpu::has(Feature::Avx512f)
            && cpu::has(Feature::Avx512bw)
            && cpu::has(Feature::Avx512vbmi);
        if !usable || !(2..=SPREAD_MAX as isize).contains(&ds) {
            return None;
        }
        let ds = ds as usize;
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
        Some(sp)
    }

    /// Write stage columns `0..na'` (`na` rounded down to a multiple of 16)
    /// of a stage of `nb'` rows (`nb` rounded down to a multiple of 64;
    /// `pitch` bytes apart, from `stage`) to items `0..nb'` of destination
    /// lines `0..na'`; returns `(na', nb')`. Each group of 16 destination
    /// lines is written whole (all `nb'` items) before the next, so each
    /// line's cache lines are written in address order.
    ///
    /// # Safety
    /// The stage's first `na` bytes of each of `nb` rows are initialised;
    /// destination line `i < na` is `nb` writable items `ds` bytes apart
    /// from `d.line(i)`, none of them overlapping the stage.
    pub(super) unsafe fn drain<D: Lines>(
        &self,
        stage: *const u8,
        pitch: usize,
        (na, nb): (usize, usize),
        d: D,
    ) -> (usize, usize) {
        // SAFETY: `new` checked the CPU features; the caller's guarantees.
        unsafe { self.drain_vbmi(stage, pitch as isize, (na, nb), d) }
    }

    /// # Safety
    /// AVX-512F/BW/VBMI are available; as for [`Spread::drain`].
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
    unsafe fn drain_vbmi<D: Lines>(
        &self,
        stage: *const u8,
        pitch: isize,
        (na, nb): (usize, usize),
        d: D,
    ) -> (usize, usize) {
        let ds = self.ds;
        let mut idx = [_mm512_setzero_si512(); SPREAD_MAX];
        for (v, t) in idx.iter_mut().zip(&self.idx) {
            // SAFETY: each table row is 64 readable bytes.
            *v = unsafe { _mm512_loadu_si512(t.as_ptr().cast()) };
        }
        let (cols, blocks) = (na / 16 * 16, nb / 64);
        // Bytes of a destination line one block of 64 stage rows fills.
        let span = 64 * ds;
        let mut i = 0;
        while i < cols {
            for blk in 0..blocks {
                let p = stage
                    .wrapping_offset(blk as isize * 64 * pitch)
                    .wrapping_add(i);
                // Register r holds 16 bytes of stage rows r, r + 16, r + 32
                // and r + 48 (of this block) from column i; after the four
                // rounds register `bitrev(c)` holds column i + c: 64 bytes,
                // one per row.
                // SAFETY: columns `i..i + 16 <= na` of the block's 64 rows
                // (`< nb`) are readable and initialised.
                let x = unsafe {
                    let mut x: [__m512i; 16] = std::array::from_fn(|r| {
                        load4!(p.wrapping_offset(r as isize * pitch), pitch, 16)
                    });
                    macro_rules! round {
                        ($lo:ident, $hi:ident) => {
                            let mut y = [_mm512_setzero_si512(); 16];
                            for j in 0..8 {
                                y[j] = $lo(x[2 * j], x[2 * j + 1]);
                                y[j + 8] = $hi(x[2 * j], x[2 * j + 1]);
                            }
                            x = y;
                        };
                    }
                    round!(_mm512_unpacklo_epi8, _mm512_unpackhi_epi8);
                    round!(_mm512_unpacklo_epi16, _mm512_unpackhi_epi16);
                    round!(_mm512_unpacklo_epi32, _mm512_unpackhi_epi32);
                    round!(_mm512_unpacklo_epi64, _mm512_unpackhi_epi64);
                    x
                };
                for c in 0..16 {
                    let v = x[bitrev(c, 16)];
                    let q = d.line(i + c).wrapping_add(blk * span);
                    for (l, (&ix, &m)) in idx[..ds].iter().zip(&self.mask[..ds]).enumerate() {
                        let w = _mm512_permutexvar_epi8(ix, v);
                        // The mask selects exactly the bytes `64l + p` (from
                        // the block's first item of destination line `i + c
                        // < na`) with `p` a multiple of `ds`, i.e. items of
                        // that line.
                        // SAFETY: only item bytes are stored; the block's
                        // last item, 63, is at `63 * ds < 64 * ds`, inside
                        // the line (block `blk < nb / 64`).
                        unsafe { _mm512_mask_storeu_epi8(q.wrapping_add(64 * l).cast(), m, w) };
                        // The same cache line of the next block along the
                        // line, owned early: the stores reach far-apart
                        // lines, which the hardware prefetchers do not
                        // follow, and a store that misses waits for its
                        // line while the ones behind it queue (without:
                        // 2.3x slower; prefetching a whole tile ahead
                        // instead: 1.2x slower).
                        _mm_prefetch::<_MM_HINT_ET0>(q.wrapping_add(span + 64 * l).cast());
                    }
                }
            }
            i += 16;
        }
        (cols, blocks * 64)
    }
}

// ==========================================================================
// Gather and scatter: runs of items a few bytes apart
// ==========================================================================

/// Packs items that are a few bytes apart into contiguous items.
///
/// * AVX-512 VBMI: up to 64 destination bytes (`64 / k` whole items, any
///   item size below 64, fewer items where they would span more than 128
///   source bytes) per step, from the up to 128 source bytes the step's
///   items span: two masked loads and one two-register byte permute. The
///   last, partial step narrows the masks, so the whole run is done here.
/// * SSSE3 (1-, 2-, 4- and 8-byte items): up to 16 destination bytes (`16 /
///   k` items, fewer where they would span more than 32 source bytes) from
///   32 source bytes per step, with two byte shuffles; steps whose 32 bytes
///   would pass the run's last item are left to the caller. A step whose
///   items fill fewer than 16 bytes still stores 16: the excess lands on
///   later items of the run, which are written again after it (by the next
///   step or by the caller, who copies the items not reported done).
/// * SSE2, for every other item only (`ss == 2k`, `k` of 1, 2, 4 or 8; the
///   `[::2]` slice, below SSSE3): the same steps of 16 destination bytes
///   from 32 source bytes, the even items picked out with a mask and a
///   pack (bytes), word and dword shuffles (2-byte items), `shufps`
///   (4-byte) or an unpack (8-byte).
///
/// Reads may touch the gap bytes between two items of the run (never bytes
/// outside the run's first and last item); writes touch only items of the
/// run's destination. Prefetches (never reads) may name any address.
#[derive(Clone, Copy, Debug)]
pub(super) struct Gather {
    /// Source byte (within a step's span) of each destination byte of a
    /// step. SSSE3: the shuffles for the first and the second 16 source
    /// bytes are bytes 0..16 and 16..32 (0x80: zero), and those of a run's
    /// last step (see [`Gather::run`]) bytes 32..48 and 48..64.
    idx: [u8; 64],
    /// Items per step and their source step in bytes.
    per: usize,
    ss: usize,
    k: usize,
    kernel: GatherKernel,
    /// Destination bytes ahead of each step to own early (0: none; see
    /// [`WRITE_AHEAD`]); when set, the source is also prefetched
    /// [`READ_AHEAD`] bytes ahead.
    ahead: usize,
}

/// How far ahead of a step the gather prefetches its source when it
/// writes straight to the caller's memory. The gather reads two source
/// bytes (or more) for each one it writes, faster than the hardware's
/// stream prefetcher runs ahead on its own (Zen 3 here: each step then
/// waited on its loads). Fetching the lines 4 KiB ahead made the f32
/// `[::-1, :, ::2]` 'C' pack 1.4-1.5x faster and the every-other-byte
/// 'C' pack of a 4096² array 1.3x (1-2 KiB: less; 8-16 KiB: the same).
/// Not for a transpose's stage rows, which are short runs of far-apart
/// lines prefetched per tile.
const READ_AHEAD: usize = 4096;

/// Which of [`Gather`]'s kernels runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GatherKernel {
    Vbmi,
    Ssse3,
    /// Every other item (`ss == 2k`) with SSE2 alone.
    EvenSse2,
}

impl Gather {
    /// The kernel for `k`-byte items `ss` bytes apart, if there is one the
    /// active CPU features allow.
    pub(super) fn new(k: usize, ss: isize) -> Option<Gather> {
        if ss <= k as isize || k >= 64 {
            return None;
        }
        let ss = ss as usize;
        let vbmi = cpu::has(Feature::Avx512f)
            && cpu::has(Feature::Avx512bw)
            && cpu::has(Feature::Avx512vbmi);
        let mut idx = [0u8; 64];
        // Items per step: as many as fill 64 destination bytes, or fewer
        // when their span would pass the two 64-byte loads (items three or
        // more sizes apart: a `[::3]` slice; then each step stores a
        // masked part of its 64 bytes, still many items per instruction).
        let per = (64 / k).min((128 - k) / ss + 1);
        if vbmi && per >= 2 {
            for (j, x) in idx.iter_mut().enumerate().take(per * k) {
                *x = ((j / k) * ss + j % k) as u8;
            }
            return Some(Gather {
                idx,
                per,
                ss,
                k,
                kernel: GatherKernel::Vbmi,
                ahead: 0,
            });
        }
        if !matches!(k, 1 | 2 | 4 | 8) {
            return None;
        }
        // As many items as fill 16 bytes, or as fit in the step's 32 source
        // bytes (see `run`).
        let per = (16 / k).min((32 - k) / ss + 1);
        if per < 2 {
            return None;
        }
        if !cpu::has(Feature::Ssse3) {
            // Every other item fills a step's 16 bytes from its 32.
            return (ss == 2 * k).then_some(Gather {
                idx,
                per,
                ss,
                k,
                kernel: GatherKernel::EvenSse2,
                ahead: 0,
            });
        }
        // Bytes 0..32: the shuffles of a step; bytes 32..64: those of the
        // run's last step, whose 32 source bytes end with its last item
        // (see `run`), so its items sit `tail` bytes further in.
        idx.fill(0x80);
        let tail = 32 - ((per - 1) * ss + k);
        for (table, shift) in [(0, 0), (32, tail)] {
            for j in 0..per * k {
                let off = (j / k) * ss + j % k + shift;
                if off < 16 {
                    idx[table + j] = off as u8;
                } else {
                    idx[table + 16 + j] = (off - 16) as u8;
                }
            }
        }
        Some(Gather {
            idx,
            per,
            ss,
            k,
            kernel: GatherKernel::Ssse3,
            ahead: 0,
        })
    }

    /// This kernel, owning the destination [`WRITE_AHEAD`] bytes ahead of
    /// each step and fetching the source [`READ_AHEAD`] bytes ahead: for
    /// long runs between the caller's memory, not into a stage.
    pub(super) fn writing_ahead(self) -> Gather {
        Gather {
            ahead: WRITE_AHEAD,
            ..self
        }
    }

    /// Copy the leading items of a run of `n`; returns how many (all of
    /// them with VBMI, and with SSSE3 where a step's items fill its 16
    /// bytes and the run has a step's worth; otherwise whole steps only,
    /// and only while a step's 32 source bytes stay within the run).
    ///
    /// # Safety
    /// The run's `n` items are valid: the source ones `self.ss` bytes apart,
    /// the destination ones contiguous.
    #[inline(always)]
    pub(super) unsafe fn run(&self, d: *mut u8, s: *const u8, n: usize) -> usize {
        if self.kernel == GatherKernel::Vbmi {
            // SAFETY: `new` checked for AVX-512F/BW/VBMI; the caller's
            // guarantees.
            unsafe { self.run_vbmi(d, s, n) };
            return n;
        }
        let span = (n.max(1) - 1) * self.ss + self.k;
        if span < 32 {
            return 0;
        }
        let mut steps = (n / self.per).min((span - 32) / (self.per * self.ss) + 1);
        // A step stores 16 bytes. Where its items fill fewer (items three
        // or more sizes apart), the rest of the store lands on the run's
        // next items, which the next step or the caller's copy of the
        // remaining items writes again: the store must stay inside the run.
        let out = self.per * self.k;
        if out < 16 {
            let run_bytes = n * self.k;
            if run_bytes < 16 {
                return 0;
            }
            steps = steps.min((run_bytes - 16) / out + 1);
        }
        match self.kernel {
            GatherKernel::Ssse3 => {
                // SAFETY: `new` checked for SSSE3; the caller's guarantees.
                unsafe { self.run_ssse3(d, s, steps) };
                // The items after the whole steps, when a step's worth or
                // fewer are left (scalar copies, they took a tenth of the
                // time of a 256-item stage row), as one more step: the one
                // that ends at the run's last byte, rewriting some items
                // the whole steps wrote with the same bytes. Only where a
                // step's items fill its 16-byte store, which then ends
                // with the run's last item.
                let (per, done) = (self.per, steps * self.per);
                if done < n && n - done <= per && n >= per && out == 16 {
                    // SAFETY: as for `run_ssse3`; the 32 source bytes end with the last
                    // item's, start inside the run (`span >= 32`), and the 16
                    // destination bytes are the last `per` items'.
                    unsafe { self.last_step_ssse3(d.add((n - per) * self.k), s.add(span - 32)) };
                    return n;
                }
                done
            }
            _ => {
                // SAFETY: SSE2 is part of x86-64; `new` made this kernel
                // for `ss == 2k` only; the caller's guarantees.
                unsafe { self.run_even_sse2(d, s, steps) };
                steps * self.per
            }
        }
    }

    /// The step whose 32 source bytes start at `s` and whose items are the
    /// last of those bytes (the tail shuffles of `new`), into the 16 bytes
    /// at `d`.
    ///
    /// # Safety
    /// SSSE3 is available; 32 bytes are readable at `s` and 16 writable at
    /// `d`.
    #[target_feature(enable = "ssse3")]
    unsafe fn last_step_ssse3(&self, d: *mut u8, s: *const u8) {
        // SAFETY: the contract's bytes; the shuffles are bytes 32..64 of
        // the 64-byte table.
        unsafe {
            let lo = _mm_loadu_si128(self.idx.as_ptr().add(32).cast());
            let hi = _mm_loadu_si128(self.idx.as_ptr().add(48).cast());
            let x = _mm_loadu_si128(s.cast());
            let y = _mm_loadu_si128(s.add(16).cast());
            let v = _mm_or_si128(_mm_shuffle_epi8(x, lo), _mm_shuffle_epi8(y, hi));
            _mm_storeu_si128(d.cast(), v);
        }
    }

    /// # Safety
    /// As for [`Gather::run_ssse3`] (SSE2 is part of x86-64); `self.ss ==
    /// 2 * self.k`.
    unsafe fn run_even_sse2(&self, d: *mut u8, s: *const u8, steps: usize) {
        let ahead = self.ahead;
        // SAFETY: the caller's guarantees, for this item size.
        unsafe {
            match self.k {
                1 => even_sse2::<1>(d, s, steps, ahead),
                2 => even_sse2::<2>(d, s, steps, ahead),
                4 => even_sse2::<4>(d, s, steps, ahead),
                _ => even_sse2::<8>(d, s, steps, ahead),
            }
        }
    }

    /// # Safety
    /// SSSE3 is available; `steps` whole steps lie within the run: each
    /// step's 32 source bytes and its 16 destination bytes.
    #[target_feature(enable = "ssse3")]
    unsafe fn run_ssse3(&self, d: *mut u8, s: *const u8, steps: usize) {
        let out = self.per * self.k;
        // SAFETY: 16-byte masks; each step reads 32 bytes of the run's source
        // span and writes 16 of its destination (past `per` items: later
        // ones); prefetches are hints that cannot fault.
        unsafe {
            let lo = _mm_loadu_si128(self.idx.as_ptr().cast());
            let hi = _mm_loadu_si128(self.idx.as_ptr().add(16).cast());
            for i in 0..steps {
                let sp = s.add(i * self.per * self.ss);
                if self.ahead != 0 {
                    _mm_prefetch::<_MM_HINT_ET0>(d.wrapping_add(i * out + self.ahead).cast());
                    // A step reads 32 bytes at most: one prefetch a step
                    // reaches every source line.
                    _mm_prefetch::<_MM_HINT_T0>(sp.wrapping_add(READ_AHEAD).cast());
                }
                let x = _mm_loadu_si128(sp.cast());
                let y = _mm_loadu_si128(sp.add(16).cast());
                let v = _mm_or_si128(_mm_shuffle_epi8(x, lo), _mm_shuffle_epi8(y, hi));
                _mm_storeu_si128(d.add(i * out).cast(), v);
            }
        }
    }

    /// # Safety
    /// AVX-512F/BW/VBMI are available; as for [`Gather::run`].
    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
    unsafe fn run_vbmi(&self, d: *mut u8, s: *const u8, n: usize) {
        let (per, ss, k) = (self.per, self.ss, self.k);
        // Source bytes of a step of `m` items, as masks of its two loads.
        let masks = |m: usize| {
            let span = (m - 1) * ss + k;
            (low_bits(span), low_bits(span.saturating_sub(64)))
        };
        let (full, rest) = (n / per, n % per);
        let (lo_m, hi_m) = masks(per);
        // A step's items fill its 64 bytes unless `k` does not divide 64.
        let whole = per * k == 64;
        // Each masked load reads only bytes from the step's first item to
        // its last, all inside the run, and each store writes only the
        // step's items (masked to them unless they fill its 64 bytes);
        // prefetches are hints that cannot fault.
        // SAFETY: as just said; the table is 64 readable bytes.
        unsafe {
            let idx = _mm512_loadu_si512(self.idx.as_ptr().cast());
            let (mut dp, mut sp) = (d, s);
            for _ in 0..full {
                if self.ahead != 0 {
                    _mm_prefetch::<_MM_HINT_ET0>(dp.wrapping_add(self.ahead).cast());
                    // A step reads up to 128 bytes: two source lines.
                    _mm_prefetch::<_MM_HINT_T0>(sp.wrapping_add(READ_AHEAD).cast());
                    _mm_prefetch::<_MM_HINT_T0>(sp.wrapping_add(READ_AHEAD + 64).cast());
                }
                let x = _mm512_maskz_loadu_epi8(lo_m, sp.cast());
                let y = _mm512_maskz_loadu_epi8(hi_m, sp.wrapping_add(64).cast());
                let v = _mm512_permutex2var_epi8(x, idx, y);
                if whole {
                    _mm512_storeu_si512(dp.cast(), v);
                } else {
                    _mm512_mask_storeu_epi8(dp.cast(), low_bits(per * k), v);
                }
                dp = dp.wrapping_add(per * k);
                sp = sp.wrapping_add(per * ss);
            }
            if rest > 0 {
                let (lo_m, hi_m) = masks(rest);
                let x = _mm512_maskz_loadu_epi8(lo_m, sp.cast());
                let y = _mm512_maskz_loadu_epi8(hi_m, sp.wrapping_add(64).cast());
                let v = _mm512_permutex2var_epi8(x, idx, y);
                _mm512_mask_storeu_epi8(dp.cast(), low_bits(rest * k), v);
            }
        }
    }
}

/// [`Gather`]'s SSE2 kernel for `K`-byte items `2K` bytes apart: `steps`
/// steps of 16 destination bytes from 32 source bytes, owning the
/// destination `ahead` bytes ahead (and fetching the source
/// [`READ_AHEAD`] ahead) unless `ahead` is 0.
///
/// # Safety
/// `K` is 1, 2, 4 or 8; each step's 32 source bytes (its items, the gaps
/// between them and the `K` gap bytes after its last item, which the run
/// goes on past) are readable, and its 16 destination bytes writable.
#[target_feature(enable = "sse2")]
unsafe fn even_sse2<const K: usize>(d: *mut u8, s: *const u8, steps: usize, ahead: usize) {
    // The even items of `x`, then those of `y`: the 16 bytes of a step.
    let pick = |x: __m128i, y: __m128i| match K {
        1 => {
            let low = _mm_set1_epi16(0x00ff);
            _mm_packus_epi16(_mm_and_si128(x, low), _mm_and_si128(y, low))
        }
        2 => {
            // Words 0 and 2 of each 8 bytes, then those pairs side by side.
            let even = |v: __m128i| {
                let v = _mm_shufflelo_epi16::<0b10_00_10_00>(v);
                let v = _mm_shufflehi_epi16::<0b10_00_10_00>(v);
                _mm_shuffle_epi32::<0b10_00_10_00>(v)
            };
            _mm_unpacklo_epi64(even(x), even(y))
        }
        4 => _mm_castps_si128(_mm_shuffle_ps::<0b10_00_10_00>(
            _mm_castsi128_ps(x),
            _mm_castsi128_ps(y),
        )),
        _ => _mm_unpacklo_epi64(x, y),
    };
    // SAFETY: the contract's bytes for each step; prefetches are hints
    // that cannot fault.
    unsafe {
        for i in 0..steps {
            let sp = s.add(i * 32);
            if ahead != 0 {
                _mm_prefetch::<_MM_HINT_ET0>(d.wrapping_add(i * 16 + ahead).cast());
                _mm_prefetch::<_MM_HINT_T0>(sp.wrapping_add(READ_AHEAD).cast());
            }
            let x = _mm_loadu_si128(sp.cast());
            let y = _mm_loadu_si128(sp.add(16).cast());
            _mm_storeu_si128(d.add(i * 16).cast(), pick(x, y));
        }
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
#[derive(Clone, Copy, Debug)]
pub(super) struct Scatter {
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
    /// Destination bytes ahead of each step to own early (0: none; see
    /// [`WRITE_AHEAD`]).
    ahead: usize,
}

/// How far ahead of a step the gather and scatter kernels prefetch their
/// destination for writing, when a plan writes their runs straight to the
/// caller's memory. A masked or vector store that misses holds up every
/// store behind it until its line arrives, and the hardware prefetchers
/// fetch lines for reads, not owned: owning the lines 32 steps ahead made
/// the stride-2 u8 scatter (the 'C' unpack of every other column of a
/// 4096² array) 1.4-1.7x faster and the f32 `[::-1, :, ::2]` gather 1.3-1.7x
/// faster here (2048 and 4096 bytes did as well; 512 a little worse). Not
/// for runs into or out of a transpose's stage: those lines are in the
/// first-level cache or prefetched per tile already, and the extra
/// prefetches made the staged 'F' copies of the f32 view 1.1-1.3x slower.
pub(super) const WRITE_AHEAD: usize = 2048;

/// The lowest `bits` bits set (all 64 from 64 on).
#[inline(always)]
fn low_bits(bits: usize) -> u64 {
    if bits >= 64 { !0 } else { (1u64 << bits) - 1 }
}

impl Scatter {
    /// The kernel for runs of `n` `k`-byte items written `ds` bytes apart,
    /// if the stride suits it, the run has at least one full step and the
    /// CPU has AVX-512F/BW/VL (and VBMI, unless `ds == 2k` with `k` 1, 2
    /// or 4).
    pub(super) fn new(k: usize, ds: isize, n: usize) -> Option<Scatter> {
        if ds <= k as isize || ds as usize + k > 64 {
            return None;
        }
        let ds = ds as usize;
        let per = (64 - k) / ds + 1;
        let widen = ds == 2 * k && matches!(k, 1 | 2 | 4);
        if n < per
            || !cpu::has(Feature::Avx512f)
            || !cpu::has(Feature::Avx512bw)
            || !cpu::has(Feature::Avx512vl)
        {
            return None;
        }
        let vbmi = cpu::has(Feature::Avx512vbmi);
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
            ahead: 0,
        }
    }

    /// This kernel, owning the destination [`WRITE_AHEAD`] bytes ahead of
    /// each step: for runs written straight to the caller's memory, not
    /// from a stage into a transpose's far-apart lines.
    pub(super) fn writing_ahead(self) -> Scatter {
        Scatter {
            ahead: WRITE_AHEAD,
            ..self
        }
    }

    /// Copy a whole run of `n >= 1` items.
    ///
    /// # Safety
    /// The run's `n` items are valid: the source ones contiguous, the
    /// destination ones `self.ds` bytes apart, and the two do not overlap.
    #[inline(always)]
    pub(super) unsafe fn run(&self, d: *mut u8, s: *const u8, n: usize) {
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
                if self.ahead != 0 {
                    _mm_prefetch::<_MM_HINT_ET0>(dp.wrapping_add(self.ahead).cast());
                }
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
                        if self.ahead != 0 {
                            _mm_prefetch::<_MM_HINT_ET0>(dp.wrapping_add(self.ahead).cast());
                        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copy::transpose::{Stepped, Table};

    #[test]
    fn last_level_cache_is_a_plausible_size() {
        let n = last_level_cache_bytes();
        // Every x86-64 CPU (and emulator) of the last 20 years reports, or
        // is given the guess: between 256 KiB and 4 GiB, in whole KiB.
        assert!((256 << 10..=4 << 30).contains(&n), "{n}");
        assert_eq!(n % 1024, 0, "{n}");
        assert_eq!(n, last_level_cache_bytes(), "read once");
    }

    /// Every block kernel this CPU can run (whatever the switch says: the
    /// kernels are called directly here).
    fn all_blocks() -> Vec<Blocks> {
        let have = |f: &str| match f {
            "avx2" => std::arch::is_x86_feature_detected!("avx2"),
            "avx512f" => std::arch::is_x86_feature_detected!("avx512f"),
            _ => {
                std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512bw")
            }
        };
        let mut out = Vec::new();
        for w in [Width::Sse2, Width::Avx2, Width::Avx512] {
            let ok = |small: bool| match w {
                Width::Sse2 => true,
                Width::Avx2 => have("avx2"),
                Width::Avx512 => have(if small { "avx512bw" } else { "avx512f" }),
            };
            for (b, small) in [
                (Blocks::U8(w), true),
                (Blocks::U16(w), true),
                (Blocks::U32(w), false),
                (Blocks::U64(w), false),
            ] {
                if ok(small) {
                    out.push(b);
                }
            }
        }
        out
    }

    fn item_size(b: Blocks) -> usize {
        match b {
            Blocks::U8(_) => 1,
            Blocks::U16(_) => 2,
            Blocks::U32(_) => 4,
            Blocks::U64(_) => 8,
        }
    }

    /// Each kernel against a scalar transpose, on blocks with whole and
    /// partial blocks at the edges, padded source lines, destination lines
    /// from a step and from a table (in reverse order), streaming on and
    /// off: the items it reports done must be right, and nothing else
    /// (neither the rest nor the padding) written.
    #[test]
    fn block_kernels_match_scalar() {
        for blocks in all_blocks() {
            let k = item_size(blocks);
            let (cols, rows) = blocks.shape();
            for (na, nb) in [
                (cols, rows),
                (2 * cols + 1, rows + 3),
                (cols - 1, 3 * rows),
                (37, 70),
            ] {
                let sp = (na * k + 24) as isize;
                let src: Vec<u8> = (0..nb * sp as usize).map(|i| (i * 7 + 1) as u8).collect();
                let dpitch = nb * k + 40;
                for (table, stream) in [(false, false), (true, false), (false, true)] {
                    let mut dst = vec![0xeeu8; na * dpitch + 64];
                    let base = dst
                        .as_mut_ptr()
                        .wrapping_add(64 - (dst.as_ptr() as usize % 64));
                    let line = |i: usize| {
                        base.wrapping_add(if table {
                            (na - 1 - i) * dpitch
                        } else {
                            i * dpitch
                        })
                    };
                    let ptrs: Vec<*mut u8> = (0..na).map(line).collect();
                    // SAFETY: the CPU has the kernel's features; source line
                    // `j` holds `na` items from `src + j * sp`, destination
                    // line `i` takes `nb` items at `line(i)`, inside `dst`.
                    let done = unsafe {
                        if table {
                            let d = Table {
                                ptrs: &ptrs,
                                off: 0,
                            };
                            blocks.run(src.as_ptr(), sp, d, na, nb, stream)
                        } else {
                            let d = Stepped {
                                base,
                                step: dpitch as isize,
                            };
                            blocks.run(src.as_ptr(), sp, d, na, nb, stream)
                        }
                    };
                    if stream {
                        store_fence();
                    }
                    assert_eq!(done, (na / cols * cols, nb / rows * rows), "{blocks:?}");
                    for i in 0..na {
                        for j in 0..nb {
                            // SAFETY: inside `dst`.
                            let got = unsafe { std::slice::from_raw_parts(line(i).add(j * k), k) };
                            if i < done.0 && j < done.1 {
                                let at = j * sp as usize + i * k;
                                assert_eq!(got, &src[at..at + k], "{blocks:?} {na}x{nb} ({i},{j})");
                            } else {
                                assert!(
                                    got.iter().all(|&b| b == 0xee),
                                    "{blocks:?} wrote ({i},{j})"
                                );
                            }
                        }
                    }
                    let written = na * dpitch;
                    let pad = dst.iter().enumerate().filter(|&(o, &b)| {
                        let rel = (o as isize) - (base as isize - dst.as_ptr() as isize);
                        b != 0xee
                            && (rel < 0
                                || rel as usize >= written
                                || rel as usize % dpitch >= nb * k)
                    });
                    assert_eq!(pad.count(), 0, "{blocks:?} wrote padding");
                }
            }
        }
    }

    /// The narrowing transpose leaves fewer source lines than an SSE2
    /// block to the caller, whatever width it starts at, and copies every
    /// item it reports done (blocks of odd widths, from a stage pitch).
    #[test]
    fn narrowing_block_kernels_leave_only_a_few_lines() {
        for blocks in all_blocks() {
            let k = item_size(blocks);
            let e = 16 / k;
            for (na, nb) in [(e, 63usize), (2 * e + 3, 48), (e, 17), (3 * e, 100)] {
                let sp = (na * k + 8) as isize;
                let src: Vec<u8> = (0..nb * sp as usize).map(|i| (i * 5 + 3) as u8).collect();
                let dpitch = nb * k + 16;
                let mut dst = vec![0xeeu8; na * dpitch];
                let d = Stepped {
                    base: dst.as_mut_ptr(),
                    step: dpitch as isize,
                };
                // SAFETY: the CPU has the kernel's features; source line
                // `j` holds `na` items, destination line `i` takes `nb`.
                let done = unsafe { blocks.run_narrowing(src.as_ptr(), sp, d, na, nb, false) };
                let lines = blocks.shape().0;
                assert_eq!(done.0, na / lines * lines, "{blocks:?}");
                assert!(nb - done.1 < e, "{blocks:?} {na}x{nb} left {}", nb - done.1);
                for i in 0..done.0 {
                    for j in 0..done.1 {
                        let got = &dst[i * dpitch + j * k..i * dpitch + (j + 1) * k];
                        let at = j * sp as usize + i * k;
                        assert_eq!(got, &src[at..at + k], "{blocks:?} ({i},{j})");
                    }
                }
            }
        }
    }

    /// Both banded f64 kernels against a scalar transpose, with and
    /// without streaming, at several destination alignments.
    #[test]
    fn band_kernels_match_scalar() {
        let mut kernels = vec![];
        if std::arch::is_x86_feature_detected!("avx2") {
            kernels.push(Bands::Avx2);
        }
        if std::arch::is_x86_feature_detected!("avx512f") {
            kernels.push(Bands::Avx512);
        }
        for bands in kernels {
            for (an, bn, pad) in [(8usize, 8usize, 0usize), (19, 45, 3), (70, 17, 8)] {
                let ssb = (an + pad) as isize * 8;
                let src: Vec<u64> = (0..bn * (an + pad)).map(|i| i as u64 * 3 + 1).collect();
                for (stream, skew) in [(false, 0usize), (true, 0), (true, 3)] {
                    let dsa = bn + pad;
                    let mut dst = vec![0u64; an * dsa + 16];
                    let d = dst.as_mut_ptr().wrapping_add(skew).cast::<u8>();
                    // SAFETY: the CPU has the kernel's features; both blocks
                    // lie inside their vectors.
                    unsafe {
                        bands.run(
                            d,
                            8 * dsa as isize,
                            src.as_ptr().cast(),
                            ssb,
                            (an, bn),
                            stream,
                        )
                    };
                    for i in 0..an {
                        for j in 0..bn {
                            let want = src[j * (an + pad) + i];
                            assert_eq!(dst[skew + i * dsa + j], want, "{bands:?} ({i},{j})");
                        }
                    }
                    let items =
                        |o: usize| o >= skew && (o - skew) / dsa < an && (o - skew) % dsa < bn;
                    assert!(dst.iter().enumerate().all(|(o, &v)| items(o) || v == 0));
                }
            }
        }
    }

    /// The gather against a scalar loop, for item sizes with and without a
    /// kernel, steps up to the largest a kernel takes and runs of every
    /// length up to a few steps: the items it reports done must be right,
    /// and nothing after the run written. (Which kernel runs follows the
    /// switch; the tests run at every CPU level, and only every other item
    /// has a kernel at the baseline.)
    #[test]
    fn gather_matches_scalar() {
        for k in [1usize, 2, 3, 4, 8, 12, 16, 24] {
            // Every other item too: below SSSE3, the only step with a kernel.
            let steps = (k + 1..=130).step_by(if k == 1 { 1 } else { 3 });
            for ss in steps.chain([2 * k]) {
                let Some(g) = Gather::new(k, ss as isize) else {
                    continue;
                };
                for n in [1usize, 2, 7, 15, 16, 17, 31, 63, 64, 65, 100, 129] {
                    let src: Vec<u8> = (0..(n - 1) * ss + k).map(|i| (i * 13 + 5) as u8).collect();
                    let mut dst = vec![0xeeu8; n * k + 64];
                    // SAFETY: `src` holds `n` items `ss` bytes apart, `dst`
                    // `n` packed ones.
                    let done = unsafe { g.run(dst.as_mut_ptr(), src.as_ptr(), n) };
                    assert!(done <= n);
                    for i in 0..done {
                        assert_eq!(
                            &dst[i * k..(i + 1) * k],
                            &src[i * ss..i * ss + k],
                            "k={k} ss={ss} n={n} item {i}"
                        );
                    }
                    // Later items of the run may hold a step's excess
                    // bytes (see `Gather`); nothing after the run may change.
                    assert!(
                        dst[n * k..].iter().all(|&b| b == 0xee),
                        "k={k} ss={ss} n={n}"
                    );
                }
            }
        }
    }

    /// Both scatter kernels (the BW-only zero-extension is not picked on a
    /// CPU with VBMI, so it is forced here) against a scalar loop, with the
    /// gap bytes and 64 guard bytes after the run checked unchanged.
    #[test]
    fn scatter_kernels_match_scalar() {
        let bw = cpu::has(Feature::Avx512f)
            && cpu::has(Feature::Avx512bw)
            && cpu::has(Feature::Avx512vl);
        let vbmi = bw && cpu::has(Feature::Avx512vbmi);
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
