//! Compiles the C half of the shim: the variadic entry points
//! (`PyErr_Format`, `PyUnicode_FromFormat` and their `va_list` forms), which
//! stable Rust cannot define.
//!
//! rustc's version script for the cdylib exports only Rust symbols, so the
//! C symbols get a second version script that makes them global too. It is
//! also announced to dependents as `DEP_PYBUFFER_VERSION_SCRIPT` (on ELF
//! targets, the only ones with version scripts), for a crate such as the
//! Node addon whose own cdylib must re-export them.

use std::env;
use std::fs;
use std::path::PathBuf;

/// The C symbols `libpybuffer.so` exports.
const C_EXPORTS: &[&str] = &[
    "PyErr_Format",
    "PyErr_FormatV",
    "PyUnicode_FromFormat",
    "PyUnicode_FromFormatV",
];

fn main() {
    println!("cargo:rerun-if-changed=src/pyerr_format.c");
    println!("cargo:rerun-if-changed=include");
    cc::Build::new()
        .file("src/pyerr_format.c")
        .include("include")
        .flag_if_supported("-std=c11")
        .warnings(true)
        .compile("pybuffer_format");

    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let script = out.join("c_exports.map");
    let globals: String = C_EXPORTS.iter().map(|s| format!(" {s};")).collect();
    fs::write(&script, format!("{{ global:{globals} }};\n")).expect("OUT_DIR is writable");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let elf = matches!(
        os.as_str(),
        "linux"
            | "android"
            | "freebsd"
            | "netbsd"
            | "openbsd"
            | "dragonfly"
            | "illumos"
            | "solaris"
    );
    if elf {
        println!(
            "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
            script.display()
        );
        // Announced only where version scripts apply, so dependents can
        // take its presence as the signal to use it.
        println!("cargo:version_script={}", script.display());
    }
}
