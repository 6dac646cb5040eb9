//! Compiles the C half of the shim: the variadic entry points (such as
//! `PyErr_Format` and `PyUnicode_FromFormat`), which stable Rust cannot
//! define.
//!
//! Every `.c` file under `src/` is compiled, next to the Rust module it
//! completes and named after the CPython source file that defines the same
//! functions (`src/python/errors.c` beside `src/python/errors.rs`). A new C
//! file needs no change here:
//!
//! * The objects are linked whole (`+whole-archive`), so no Rust code has to
//!   reference a C function to keep it in the library.
//! * The exported C symbols are found by [`c_exports`]: every top-level,
//!   non-`static` function *definition* whose name starts with `Py` or `_Py`.
//!   Helpers are `static`; declarations (ending in `;`) are not definitions.
//!
//! rustc's version script for the cdylib exports only Rust symbols, so the
//! C symbols get a second version script that makes them global too. It is
//! also announced to dependents as `DEP_PYBUFFER_VERSION_SCRIPT` (on ELF
//! targets, the only ones with version scripts), for a crate such as the
//! Node addon whose own cdylib must re-export them.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=include");
    let mut sources = Vec::new();
    c_sources(Path::new("src"), &mut sources);
    sources.sort();

    let mut exports = Vec::new();
    for src in &sources {
        println!("cargo:rerun-if-changed={}", src.display());
        let text = fs::read_to_string(src).expect("C sources are readable UTF-8");
        exports.extend(c_exports(&text));
    }
    exports.sort();
    exports.dedup();

    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    cc::Build::new()
        .files(&sources)
        .include("include")
        .flag_if_supported("-std=c11")
        .warnings(true)
        .cargo_metadata(false)
        .compile("pybuffer_c");
    // cc's own metadata would link the archive normally, keeping only the
    // objects Rust code references.
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static:+whole-archive=pybuffer_c");

    let script = out.join("c_exports.map");
    let globals: String = exports.iter().map(|s| format!(" {s};")).collect();
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

/// Every `.c` file under `dir`, recursively.
fn c_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("src/ is readable").path();
        if path.is_dir() {
            c_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "c") {
            out.push(path);
        }
    }
}

/// The names of the API functions a C file defines: top-level, not `static`,
/// named `Py*` or `_Py*`.
///
/// A simple scan, not a C parser: comments, string and character literals
/// and preprocessor lines are blanked, then the text at brace depth 0 is cut
/// into declarations at each `;` and each `{`. A piece that ends at `{` and
/// whose text before it ends in `)` is a function definition; its name is
/// the identifier before the first `(`. Struct, enum and array initialisers
/// (`= {`, `struct x {`) do not end in `)` and are skipped, and the body up
/// to the matching `}` is skipped whole.
fn c_exports(text: &str) -> Vec<String> {
    let code = strip_comments_and_literals(text);
    let mut names = Vec::new();
    let mut piece = String::new();
    let mut depth = 0usize;
    for c in code.chars() {
        match (depth, c) {
            (0, ';') => piece.clear(),
            (0, '{') => {
                depth = 1;
                let head = piece.trim();
                if head.ends_with(')')
                    && let Some(name) = function_name(head)
                    && !head.split_whitespace().any(|w| w == "static")
                    && (name.starts_with("Py") || name.starts_with("_Py"))
                {
                    names.push(name);
                }
                piece.clear();
            }
            (0, c) => piece.push(c),
            (_, '{') => depth += 1,
            (_, '}') => depth -= 1,
            _ => {}
        }
    }
    names
}

/// The identifier right before the first `(` of a declaration head.
fn function_name(head: &str) -> Option<String> {
    let before = head[..head.find('(')?].trim_end();
    let start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = &before[start..];
    (!name.is_empty()).then(|| name.to_string())
}

/// `text` with comments, string and character literals and preprocessor
/// lines replaced by spaces, so that their braces and semicolons are not
/// mistaken for code.
fn strip_comments_and_literals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut line_start = true;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                out.push(' ');
            }
            '/' if chars.peek() == Some(&'/') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
                out.push('\n');
                line_start = true;
                continue;
            }
            '"' | '\'' => {
                let mut escaped = false;
                for d in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == c {
                        break;
                    }
                }
                out.push(' ');
            }
            '#' if line_start => {
                // A directive runs to the end of the line, or further after
                // a backslash.
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if d == '\n' && prev != '\\' {
                        break;
                    }
                    prev = d;
                }
                out.push('\n');
                continue;
            }
            _ => out.push(c),
        }
        if c == '\n' {
            line_start = true;
        } else if !c.is_whitespace() {
            line_start = false;
        }
    }
    out
}
