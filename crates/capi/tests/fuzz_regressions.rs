//! The fuzz harnesses (`fuzz/src`) on stable: every input kept in
//! `fuzz/regressions/<target>/` (crashes found by `npm run fuzz`, and seeds
//! that reach the interesting paths) is replayed through the same `run`
//! functions the cargo-fuzz targets call, so a fixed crash stays fixed
//! without nightly or libFuzzer.

#[path = "../../../fuzz/src/args.rs"]
mod args;
#[path = "../../../fuzz/src/copy.rs"]
mod copy;
#[path = "../../../fuzz/src/format.rs"]
mod format;
#[path = "../../../fuzz/src/guard.rs"]
mod guard;
#[path = "../../../fuzz/src/input.rs"]
mod input;
#[path = "../../../fuzz/src/validate.rs"]
mod validate;

use std::path::Path;

/// Runs every file of `fuzz/regressions/<target>` through `run`; returns
/// how many there were.
fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).expect("a readable regression input");
        eprintln!("replaying {}", file.display());
        run(&data);
    }
    files.len()
}

#[test]
fn format_regressions() {
    assert!(replay("format", format::run) > 0);
}

#[test]
fn validate_regressions() {
    assert!(replay("validate", validate::run) > 0);
}

#[test]
fn copy_regressions() {
    assert!(replay("copy", copy::run) > 0);
}

#[test]
fn args_regressions() {
    assert!(replay("args", args::run) > 0);
}

/// A few thousand generated inputs through each harness, so the harnesses
/// themselves are exercised on stable (the fuzzer explores far more).
#[test]
fn harnesses_run_on_generated_inputs() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..4000 {
        let len = (next() % 96) as usize;
        let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        match round % 4 {
            0 => format::run(&data),
            1 => validate::run(&data),
            2 => copy::run(&data),
            _ => args::run(&data),
        }
    }
}
