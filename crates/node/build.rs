fn main() {
    napi_build::setup();
    // Keeps JS memory allocated while views of it exist (see
    // src/backing_store.cc): V8's backing stores have no C or N-API
    // interface. No Node headers are needed, and no C++ library is linked:
    // the file uses only inline parts of <memory>.
    println!("cargo:rerun-if-changed=src/backing_store.cc");
    cc::Build::new()
        .cpp(true)
        .cpp_link_stdlib(None)
        .std("c++17")
        .flag("-fno-exceptions")
        .flag("-fno-rtti")
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .file("src/backing_store.cc")
        .compile("pybuffer_backing_store");
    // The shim's C symbols (PyErr_Format, PyUnicode_FromFormat and their
    // va_list forms) come from a C object. On x86-64 and AArch64 the shim
    // exports them through Rust items (see crates/capi/build.rs), which this
    // cdylib exports like any other; elsewhere it announces the linker
    // arguments that export them (a version script, -exported_symbol,
    // /EXPORT:), and this cdylib must pass them too: C extensions loaded
    // into Node resolve the C API against this addon.
    println!("cargo:rerun-if-env-changed=DEP_PYBUFFER_EXPORT_ARGS");
    if let Some(file) = std::env::var_os("DEP_PYBUFFER_EXPORT_ARGS") {
        let args =
            std::fs::read_to_string(&file).expect("the shim's export arguments are readable");
        for arg in args.lines().filter(|l| !l.is_empty()) {
            println!("cargo:rustc-cdylib-link-arg={arg}");
        }
    }
}
