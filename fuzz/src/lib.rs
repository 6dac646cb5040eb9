//! Fuzz harnesses for pybuffer's C API, one module per cargo-fuzz target.
//!
//! Each harness is a plain `run(data: &[u8])` that decodes the bytes into
//! an input, drives the real C entry points with it and asserts what must
//! hold; a failed assertion or a fault is the bug. The harnesses use no
//! fuzzing crate, so the same files are compiled into a stable `cargo test`
//! (`crates/capi/tests/fuzz_regressions.rs`), which replays the crash corpus
//! in `fuzz/regressions/<target>/` on every test run.
//!
//! Memory the harnesses hand to pybuffer lives between `PROT_NONE` guard
//! pages ([`guard::Guarded`]), so a read or write one byte outside faults
//! even without a sanitizer.

pub mod args;
pub mod copy;
pub mod format;
pub mod guard;
pub mod input;
pub mod validate;
