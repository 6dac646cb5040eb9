fn main() {
    napi_build::setup();
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
