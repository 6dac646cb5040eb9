//! Which CPU features the copy kernels may use, and the switch that turns
//! them off: `PYBUFFER_DISABLE_CPU_FEATURES`.
//!
//! The kernels pick their vector paths at run time. What they may pick is
//! the set of features the CPU has, minus the ones named in the environment
//! variable `PYBUFFER_DISABLE_CPU_FEATURES` (modelled on NumPy's
//! `NPY_DISABLE_CPU_FEATURES`): a list of names separated by commas or
//! spaces, case-insensitive, for example `avx512f,avx2,ssse3`. It lets a
//! user step around a bad path, and lets the tests reach every path on one
//! machine. The variable is read once, the first time a copy asks.
//!
//! The features form a ladder, and disabling one disables every feature
//! above it (a kernel that needs AVX-512BW also assumes AVX2, and so on):
//!
//! | name | also disables |
//! |---|---|
//! | `ssse3` | `avx2` and every AVX-512 feature |
//! | `avx2` | every AVX-512 feature |
//! | `avx512f` | `avx512bw`, `avx512vl`, `avx512vbmi` |
//! | `avx512bw` | `avx512vbmi` |
//! | `avx512vl`, `avx512vbmi` | nothing else |
//!
//! This gives the four levels the tests run at: everything (AVX-512), then
//! `avx512f` (AVX2), `avx2` (SSSE3) and `ssse3` (baseline x86-64, SSE2).
//! A name the switch does not know, `sse2` (the x86-64 baseline, which the
//! compiler itself uses) or a feature this CPU lacks changes nothing else:
//! the library keeps working and prints one warning on stderr. On other
//! architectures there are no x86 features: the kernels use their portable
//! paths, and naming any feature only warns.

use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

/// The environment variable read at first use.
pub const ENV_VAR: &str = "PYBUFFER_DISABLE_CPU_FEATURES";

/// One switchable CPU feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Feature {
    /// SSSE3 byte shuffles (`pshufb`).
    Ssse3 = 1 << 0,
    /// AVX2 256-bit integer and shuffle instructions.
    Avx2 = 1 << 1,
    /// AVX-512 Foundation.
    Avx512f = 1 << 2,
    /// AVX-512 byte and word instructions.
    Avx512bw = 1 << 3,
    /// AVX-512 on 128- and 256-bit registers.
    Avx512vl = 1 << 4,
    /// AVX-512 byte permutes (`vpermb`).
    Avx512vbmi = 1 << 5,
}

impl Feature {
    const ALL: [Feature; 6] = [
        Feature::Ssse3,
        Feature::Avx2,
        Feature::Avx512f,
        Feature::Avx512bw,
        Feature::Avx512vl,
        Feature::Avx512vbmi,
    ];

    /// The name the switch uses.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Ssse3 => "ssse3",
            Feature::Avx2 => "avx2",
            Feature::Avx512f => "avx512f",
            Feature::Avx512bw => "avx512bw",
            Feature::Avx512vl => "avx512vl",
            Feature::Avx512vbmi => "avx512vbmi",
        }
    }

    /// This feature and every feature built on it (see the module docs).
    fn with_dependents(self) -> u32 {
        let avx512 = Feature::Avx512f as u32
            | Feature::Avx512bw as u32
            | Feature::Avx512vl as u32
            | Feature::Avx512vbmi as u32;
        match self {
            Feature::Ssse3 => Feature::Ssse3 as u32 | Feature::Avx2 as u32 | avx512,
            Feature::Avx2 => Feature::Avx2 as u32 | avx512,
            Feature::Avx512f => avx512,
            Feature::Avx512bw => Feature::Avx512bw as u32 | Feature::Avx512vbmi as u32,
            Feature::Avx512vl | Feature::Avx512vbmi => self as u32,
        }
    }
}

/// Bit set in [`ACTIVE`] once it holds the usable features.
const READY: u32 = 1 << 31;

/// The features the kernels may use, with [`READY`]; 0 before first use.
static ACTIVE: AtomicU32 = AtomicU32::new(0);

/// Whether the kernels may use `f`: the CPU has it and the switch leaves it on.
#[inline(always)]
pub fn has(f: Feature) -> bool {
    let mut v = ACTIVE.load(Ordering::Relaxed);
    if v == 0 {
        v = init();
    }
    v & f as u32 != 0
}

/// The features the kernels may use now, as a set of [`Feature`] bits: a
/// kernel choice made under one set is only valid under the same set.
#[inline(always)]
pub fn active() -> u32 {
    let v = ACTIVE.load(Ordering::Relaxed);
    if v == 0 { init() } else { v }
}

/// The name of the level the active features amount to: `avx512`, `avx2`,
/// `ssse3` or `baseline`.
pub fn level() -> &'static str {
    if has(Feature::Avx512f) {
        "avx512"
    } else if has(Feature::Avx2) {
        "avx2"
    } else if has(Feature::Ssse3) {
        "ssse3"
    } else {
        "baseline"
    }
}

/// Read the switch and detect the CPU, once; returns [`ACTIVE`]'s value.
#[cold]
fn init() -> u32 {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let list = std::env::var(ENV_VAR).unwrap_or_default();
        let (off, problems) = parse(&list, detected());
        if !problems.is_empty() {
            eprintln!(
                "pybuffer: {ENV_VAR}: {}; the other features stay as they are",
                problems.join("; ")
            );
        }
        ACTIVE.store(READY | (detected() & !off), Ordering::Relaxed);
    });
    ACTIVE.load(Ordering::Relaxed)
}

/// Replace the switch's setting in this process with `list` (the syntax of
/// `PYBUFFER_DISABLE_CPU_FEATURES`), without warnings; returns the problems
/// the warning would have named. For benchmarks that compare levels in one
/// process. Safe at any time: a feature is only ever enabled if the CPU has
/// it, and a copy already running keeps the paths it chose.
#[doc(hidden)]
pub fn set_disabled(list: &str) -> Vec<String> {
    init();
    let (off, problems) = parse(list, detected());
    ACTIVE.store(READY | (detected() & !off), Ordering::Relaxed);
    problems
}

/// The features to turn off for `list`, and a description of each name
/// that does nothing (unknown, baseline, or absent from this CPU).
fn parse(list: &str, cpu: u32) -> (u32, Vec<String>) {
    let mut off = 0;
    let mut problems = Vec::new();
    for name in list.split([',', ' ', '\t']).filter(|s| !s.is_empty()) {
        let lower = name.to_ascii_lowercase();
        match Feature::ALL.iter().find(|f| f.name() == lower) {
            Some(&f) => {
                if cpu & f as u32 == 0 {
                    problems.push(format!("this CPU has no {lower}"));
                }
                off |= f.with_dependents();
            }
            None if lower == "sse2" || lower == "sse" => problems.push(format!(
                "{lower} is part of the x86-64 baseline and cannot be disabled"
            )),
            None => problems.push(format!(
                "unknown feature '{name}' (known: ssse3, avx2, avx512f, avx512bw, avx512vl, avx512vbmi)"
            )),
        }
    }
    (off, problems)
}

/// The switchable features this CPU has (and its OS enables).
fn detected() -> u32 {
    #[cfg(target_arch = "x86_64")]
    {
        let mut v = 0;
        if std::arch::is_x86_feature_detected!("ssse3") {
            v |= Feature::Ssse3 as u32;
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            v |= Feature::Avx2 as u32;
        }
        if std::arch::is_x86_feature_detected!("avx512f") {
            v |= Feature::Avx512f as u32;
        }
        if std::arch::is_x86_feature_detected!("avx512bw") {
            v |= Feature::Avx512bw as u32;
        }
        if std::arch::is_x86_feature_detected!("avx512vl") {
            v |= Feature::Avx512vl as u32;
        }
        if std::arch::is_x86_feature_detected!("avx512vbmi") {
            v |= Feature::Avx512vbmi as u32;
        }
        // A kernel that checks one feature relies on the ones below it on
        // the ladder; a CPU (or emulator) that reports a feature without
        // them gets neither.
        for f in Feature::ALL {
            let below = Feature::ALL
                .iter()
                .filter(|g| g.with_dependents() & f as u32 != 0 && **g != f);
            if below.clone().any(|g| v & *g as u32 == 0) {
                v &= !(f as u32);
            }
        }
        v
    }
    #[cfg(not(target_arch = "x86_64"))]
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: u32 = 0b11_1111;

    #[test]
    fn disabling_a_feature_disables_those_built_on_it() {
        let (off, problems) = parse("avx512f", ALL);
        assert!(problems.is_empty());
        assert_eq!(ALL & !off, Feature::Ssse3 as u32 | Feature::Avx2 as u32);
        let (off, _) = parse("AVX2", ALL);
        assert_eq!(ALL & !off, Feature::Ssse3 as u32);
        let (off, _) = parse(" ssse3 ,avx2", ALL);
        assert_eq!(ALL & !off, 0);
        let (off, _) = parse("avx512vbmi", ALL);
        assert_eq!(ALL & !off, ALL & !(Feature::Avx512vbmi as u32));
    }

    #[test]
    fn unknown_baseline_and_missing_features_are_reported() {
        let (off, problems) = parse("avx9,sse2,,avx512bw", Feature::Ssse3 as u32);
        assert_eq!(
            off,
            Feature::Avx512bw as u32 | Feature::Avx512vbmi as u32,
            "the known name still applies"
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("unknown feature 'avx9'"));
        assert!(problems[1].contains("baseline"));
        assert!(problems[2].contains("no avx512bw"));
        assert_eq!(parse("", ALL), (0, vec![]));
    }

    #[test]
    fn detected_features_respect_the_ladder() {
        let v = detected();
        for f in Feature::ALL {
            if v & f as u32 != 0 {
                let needs = Feature::ALL
                    .iter()
                    .filter(|g| g.with_dependents() & f as u32 != 0);
                assert!(needs.clone().all(|g| v & *g as u32 != 0), "{f:?}");
            }
        }
    }
}
