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
//! rustc's export list for a cdylib (a version script on ELF, an
//! `-exported_symbols_list` on macOS, a `.def` file on Windows) names only
//! Rust items, so the C symbols need their own way out:
//!
//! * On ELF targets whose architecture has a plain tail jump
//!   ([`tail_jump`]: x86-64, x86, AArch64) and whose toolchain has
//!   `objcopy`, each C export `Name` is renamed `_Pyb_c_Name` in the
//!   archive, and Rust defines `Name` as a naked function that only jumps to
//!   it (`$OUT_DIR/c_exports.rs`, included by `src/c_exports.rs`). That is
//!   a `#[no_mangle]` Rust item, so rustc's own version script exports it,
//!   from this cdylib and from every cdylib that links this crate (the
//!   Node addon too). The jump leaves every register and the stack as the
//!   caller left them, so variadic arguments arrive untouched. GNU ld needs
//!   this: it refuses a second version script next to rustc's anonymous one
//!   ("anonymous version tag cannot be combined with other version tags").
//! * Otherwise the linker is told, per object format: a second version
//!   script on ELF (which lld accepts), `-exported_symbol` per name on
//!   macOS, `/EXPORT:` per name with MSVC's linker. These arguments are
//!   also announced to dependents as `DEP_PYBUFFER_EXPORT_ARGS` (a file,
//!   one argument a line) for a crate such as the Node addon whose own
//!   cdylib must re-export the symbols.

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
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let env_ = env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();

    let mut build = cc::Build::new();
    build
        .files(&sources)
        .include("include")
        .flag_if_supported("-std=c11")
        .warnings(true)
        .cargo_metadata(false);
    build.compile("pybuffer_c");
    // cc's own metadata would link the archive normally, keeping only the
    // objects Rust code references.
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static:+whole-archive=pybuffer_c");
    let jump = if is_elf(&os) {
        tail_jump(&arch).filter(|_| rename_c_exports(&build, &out, &exports))
    } else {
        None
    };

    let mut trampolines = String::new();
    let mut link_args = Vec::new();
    if let Some(jump) = jump {
        trampolines.push_str("unsafe extern \"C\" {\n");
        for name in &exports {
            trampolines.push_str(&format!("    fn _Pyb_c_{name}();\n"));
        }
        trampolines.push_str("}\n");
        for name in &exports {
            trampolines.push_str(&format!(
                "\n/// `{name}`, defined in C: a tail jump to it.\n\
                 ///\n/// # Safety\n/// Called from C only, as the C declaration says.\n\
                 #[unsafe(naked)]\n#[unsafe(no_mangle)]\n\
                 pub unsafe extern \"C\" fn {name}() {{\n    \
                 core::arch::naked_asm!(\"{jump}\", sym _Pyb_c_{name})\n}}\n"
            ));
        }
    } else if is_elf(&os) {
        let script = out.join("c_exports.map");
        let globals: String = exports.iter().map(|s| format!(" {s};")).collect();
        fs::write(&script, format!("{{ global:{globals} }};\n")).expect("OUT_DIR is writable");
        link_args.push(format!("-Wl,--version-script={}", script.display()));
    } else if os == "macos" || os == "ios" {
        link_args.extend(exports.iter().map(|s| format!("-Wl,-exported_symbol,_{s}")));
    } else if os == "windows" && env_ == "msvc" {
        link_args.extend(exports.iter().map(|s| format!("/EXPORT:{s}")));
    } else {
        println!(
            "cargo:warning=pybuffer: no way known to export the C API's variadic functions from a \
             {arch}-{os} cdylib; C extensions will not find them"
        );
    }
    fs::write(out.join("c_exports.rs"), trampolines).expect("OUT_DIR is writable");
    for arg in &link_args {
        println!("cargo:rustc-cdylib-link-arg={arg}");
    }
    let args_file = out.join("export_link_args.txt");
    fs::write(&args_file, link_args.join("\n")).expect("OUT_DIR is writable");
    println!("cargo:export_args={}", args_file.display());
}

/// The instruction that jumps to `{}` leaving registers and stack as they
/// are, on the architectures of the targets pybuffer declares (the same
/// syntax on ELF, Mach-O and COFF). Others fall back to linker options.
fn tail_jump(arch: &str) -> Option<&'static str> {
    match arch {
        "x86_64" | "x86" => Some("jmp {}"),
        "aarch64" => Some("b {}"),
        _ => None,
    }
}

/// Renames every C export `Name` in the archive to `_Pyb_c_Name` with the
/// target's `objcopy` (binutils, which comes with GNU ld: the linker that
/// needs this); false when there is none, or it fails.
fn rename_c_exports(build: &cc::Build, out: &Path, exports: &[String]) -> bool {
    let Ok(ar) = build.try_get_archiver() else {
        return false;
    };
    let ar = ar.get_program().to_string_lossy().into_owned();
    // `ar` or `<triple>-ar` (or `<triple>-gcc-ar`): the same prefix.
    let Some(prefix) = ar.strip_suffix("ar") else {
        return false;
    };
    let prefix = prefix.strip_suffix("gcc-").unwrap_or(prefix);
    let objcopy = format!("{prefix}objcopy");
    let map = out.join("c_exports.rename");
    let pairs: String = exports
        .iter()
        .map(|s| format!("{s} _Pyb_c_{s}\n"))
        .collect();
    fs::write(&map, pairs).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-env-changed=PATH");
    std::process::Command::new(&objcopy)
        .arg(format!("--redefine-syms={}", map.display()))
        .arg(out.join("libpybuffer_c.a"))
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether the target's objects are ELF, where version scripts apply.
fn is_elf(os: &str) -> bool {
    matches!(
        os,
        "linux"
            | "android"
            | "freebsd"
            | "netbsd"
            | "openbsd"
            | "dragonfly"
            | "illumos"
            | "solaris"
    )
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
