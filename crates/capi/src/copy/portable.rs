//! The vector-kernel interface of the copy module on architectures without
//! kernels of their own (everything but x86-64; see `x86.rs`): every
//! constructor returns `None`, so the callers take their scalar paths. The
//! types are uninhabited, so no method here can ever run.

use super::transpose::Lines;

/// Packs items a few bytes apart into contiguous ones (none here).
#[derive(Clone, Copy, Debug)]
pub(super) enum Gather {}

impl Gather {
    pub(super) fn new(_k: usize, _ss: isize) -> Option<Gather> {
        None
    }

    pub(super) fn writing_ahead(self) -> Gather {
        match self {}
    }

    /// # Safety
    /// Never called: no `Gather` exists.
    pub(super) unsafe fn run(&self, _d: *mut u8, _s: *const u8, _n: usize) -> usize {
        match *self {}
    }
}

/// Spreads contiguous items a few bytes apart (none here).
#[derive(Clone, Copy, Debug)]
pub(super) enum Scatter {}

impl Scatter {
    pub(super) fn new(_k: usize, _ds: isize, _n: usize) -> Option<Scatter> {
        None
    }

    pub(super) fn writing_ahead(self) -> Scatter {
        match self {}
    }

    /// # Safety
    /// Never called: no `Scatter` exists.
    pub(super) unsafe fn run(&self, _d: *mut u8, _s: *const u8, _n: usize) {
        match *self {}
    }
}

/// In-register block transposes (none here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Blocks {}

impl Blocks {
    pub(super) fn for_item(_k: usize) -> Option<Blocks> {
        None
    }

    /// # Safety
    /// Never called: no `Blocks` exists.
    pub(super) unsafe fn run_narrowing<D: Lines>(
        self,
        _s: *const u8,
        _sp: isize,
        _d: D,
        _na: usize,
        _nb: usize,
        _stream: bool,
    ) -> (usize, usize) {
        match self {}
    }
}

/// Transposes from lines of every other item (none here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Halves {}

impl Halves {
    pub(super) const LINES: usize = 16;

    pub(super) fn new(_k: usize, _ass: isize, _bds: isize) -> Option<Halves> {
        None
    }

    /// # Safety
    /// Never called: no `Halves` exists.
    pub(super) unsafe fn run<D: Lines, S: Lines>(
        self,
        _d: D,
        _s: S,
        _na: usize,
        _nb: usize,
        _stream: bool,
    ) -> (usize, usize) {
        match self {}
    }
}

/// Banded 8-byte transposes (none here).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Bands {}

impl Bands {
    pub(super) fn new() -> Option<Bands> {
        None
    }

    /// # Safety
    /// Never called: no `Bands` exists.
    pub(super) unsafe fn run(
        self,
        _d: *mut u8,
        _dsa: isize,
        _s: *const u8,
        _ssb: isize,
        _shape: (usize, usize),
        _stream: bool,
    ) {
        match self {}
    }
}

/// Byte transposes into rows of items a few bytes apart (none here).
pub(super) enum Spread {}

impl Spread {
    pub(super) fn new(_ds: isize) -> Option<Spread> {
        None
    }

    /// # Safety
    /// Never called: no `Spread` exists.
    pub(super) unsafe fn drain<D: Lines>(
        &self,
        _stage: *const u8,
        _pitch: usize,
        _tile: (usize, usize),
        _d: D,
    ) -> (usize, usize) {
        match *self {}
    }
}

/// The last-level cache size assumed on other architectures (nothing here
/// streams, so it only decides between two ordinary copies).
pub(super) fn last_level_cache_bytes() -> usize {
    32 << 20
}

/// Nothing streams here, so there is nothing to order.
pub(super) fn store_fence() {}

/// Copy `n` bytes (no streaming stores here).
///
/// # Safety
/// `s` is readable and `d` writable for `n` bytes, and the two do not overlap.
pub(super) unsafe fn copy_streaming(d: *mut u8, s: *const u8, n: usize) {
    // SAFETY: the caller's guarantees.
    unsafe { std::ptr::copy_nonoverlapping(s, d, n) }
}
