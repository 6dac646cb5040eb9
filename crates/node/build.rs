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
    // va_list forms) come from a C object, which rustc's export list for a
    // cdylib leaves local. The shim's build script announces a version script
    // that makes them global. C extensions loaded into Node resolve them
    // against this addon, so it must export them as libpybuffer.so does.
    println!("cargo:rerun-if-env-changed=DEP_PYBUFFER_VERSION_SCRIPT");
    // The shim announces the script only on ELF targets.
    if let Some(script) = std::env::var_os("DEP_PYBUFFER_VERSION_SCRIPT") {
        println!(
            "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
            script.to_string_lossy()
        );
    }
}
