//! The platform's dynamic loader: opening an extension library, and making
//! this addon's C API the one extensions bind to.
//!
//! An extension calls `Py*` functions it does not define. Where they come
//! from depends on the platform:
//!
//! * **Linux and other ELF systems; macOS.** Undefined symbols are bound at
//!   load time against the libraries loaded with `RTLD_GLOBAL`. Node loads
//!   addons with `RTLD_LOCAL` (Linux's default), so the addon re-opens
//!   itself with `RTLD_NOLOAD | RTLD_GLOBAL` (found with `dladdr` on one of
//!   its own functions) and then checks that the global definitions of a
//!   few probes are its own. On macOS an extension must be linked with
//!   `-undefined dynamic_lookup` (as CPython extensions are), which leaves
//!   its `Py*` references to this flat lookup; `.so` and `.dylib` files
//!   load alike.
//! * **Windows.** There is no global namespace: every import of a DLL
//!   names the DLL it comes from. An extension (`.pyd` or `.dll`) must be
//!   linked against the import library of this addon, so that its `Py*`
//!   imports name the addon's file; the loader then binds them to the addon
//!   already in the process. Nothing is promoted; the addon checks that it
//!   exports the probes, and a failed load says what the extension needs.

use std::ffi::c_void;

/// Symbols whose definition extensions must get from this addon: a
/// function, the `None` object, an exception type, and `PyErr_Format` (a C
/// symbol, exported by `crates/capi/build.rs`'s arrangements).
pub(super) const PROBES: &[&[u8]] = &[
    b"PyObject_GetBuffer\0",
    b"_Py_NoneStruct\0",
    b"PyExc_TypeError\0",
    b"PyErr_Format\0",
];

/// A symbol name of [`PROBES`], for messages.
fn probe_name(probe: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(&probe[..probe.len() - 1])
}

/// An address inside this addon, to find its own file by.
fn anchor() -> *const c_void {
    pybuffer::buffer::PyObject_GetBuffer as *const c_void
}

#[cfg(unix)]
pub(super) use unix::*;
#[cfg(windows)]
pub(super) use windows::*;

#[cfg(not(any(unix, windows)))]
compile_error!(
    "loading C extensions needs a dynamic loader: pybuffer implements it for Unix (dlopen) and Windows \
     (LoadLibraryExW) only"
);

#[cfg(unix)]
mod unix {
    use std::ffi::{CStr, OsStr, c_void};
    use std::os::unix::ffi::OsStrExt;
    use std::path::{Path, PathBuf};

    pub use libloading::os::unix::Library;
    use libloading::os::unix::{RTLD_GLOBAL, RTLD_LOCAL, RTLD_NOW};

    use super::{PROBES, anchor, probe_name};

    /// The file and load address of the object that holds `addr`.
    pub(crate) fn object_of(addr: *const c_void) -> Option<(PathBuf, usize)> {
        // SAFETY: a plain C struct, filled by dladdr.
        let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
        // SAFETY: dladdr only reads the loader's tables and fills `info`.
        if unsafe { libc::dladdr(addr, &mut info) } == 0 || info.dli_fname.is_null() {
            return None;
        }
        // SAFETY: dli_fname is a NUL-terminated string owned by the loader.
        let name = unsafe { CStr::from_ptr(info.dli_fname) };
        Some((
            PathBuf::from(OsStr::from_bytes(name.to_bytes())),
            info.dli_fbase as usize,
        ))
    }

    /// Opens an extension library. `RTLD_NOW` resolves every symbol now,
    /// so a missing one fails here rather than at a call; `RTLD_LOCAL`
    /// keeps its own symbols from binding later libraries.
    pub(crate) fn open_extension(path: &Path) -> Result<Library, String> {
        // SAFETY: loading runs the library's initialisers; loading a
        // library is what the caller asked for.
        unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL) }.map_err(|e| e.to_string())
    }

    /// Re-opens this addon with `RTLD_GLOBAL`, so the libraries loaded
    /// after it resolve `Py*` against it, and checks the result.
    pub(crate) fn promote_addon() -> Result<(), String> {
        let Some((own, own_base)) = object_of(anchor()) else {
            return Err("cannot find the pybuffer addon's own file (dladdr failed)".into());
        };
        // SAFETY: with RTLD_NOLOAD nothing is loaded or initialised: dlopen
        // returns the addon, already loaded, and makes its symbols global.
        let again =
            unsafe { Library::open(Some(&own), RTLD_NOW | RTLD_GLOBAL | libc::RTLD_NOLOAD) };
        let again = again.map_err(|e| {
            format!(
                "cannot make the pybuffer addon's C API visible to extensions: re-opening {} with \
                 RTLD_NOLOAD | RTLD_GLOBAL failed: {e}",
                own.display()
            )
        })?;
        // The addon stays loaded for the life of the process; so does this
        // reference to it.
        std::mem::forget(again);
        let global = Library::this();
        for probe in PROBES {
            let name = probe_name(probe);
            // SAFETY: the symbol is only looked up, never used.
            let found = match unsafe { global.get::<*const c_void>(probe) } {
                Ok(sym) => sym.into_raw() as *const c_void,
                Err(e) => {
                    return Err(format!(
                        "the pybuffer addon does not export {name} ({e}); rebuild it"
                    ));
                }
            };
            match object_of(found) {
                Some((_, base)) if base == own_base => {}
                other => {
                    let who = other.map_or_else(
                        || "an unknown object".to_owned(),
                        |(p, _)| p.display().to_string(),
                    );
                    return Err(format!(
                        "{name} resolves to {who}, not to the pybuffer addon {}: another library that \
                         defines CPython's C API (libpython, or a second copy of libpybuffer) is loaded \
                         globally in this process, and extensions would bind to it",
                        own.display()
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(windows)]
mod windows {
    use std::ffi::{OsString, c_void};
    use std::os::windows::ffi::OsStringExt;
    use std::path::{Path, PathBuf};

    pub use libloading::os::windows::Library;
    use libloading::os::windows::{
        LOAD_LIBRARY_SEARCH_DEFAULT_DIRS, LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR,
    };

    use super::{PROBES, anchor, probe_name};

    const GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS: u32 = 0x4;
    const GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT: u32 = 0x2;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetModuleHandleExW(flags: u32, name: *const u16, module: *mut *mut c_void) -> i32;
        fn GetModuleFileNameW(module: *mut c_void, file: *mut u16, size: u32) -> u32;
    }

    /// The file and base address (its `HMODULE`) of the module that holds
    /// `addr`.
    pub(crate) fn object_of(addr: *const c_void) -> Option<(PathBuf, usize)> {
        let mut module = std::ptr::null_mut();
        // SAFETY: looks the address up in the loader's module list; the
        // reference count is left alone, so there is nothing to free.
        let found = unsafe {
            GetModuleHandleExW(
                GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS
                    | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                addr.cast(),
                &mut module,
            )
        };
        if found == 0 {
            return None;
        }
        let mut name = vec![0u16; 32 * 1024];
        // SAFETY: writes at most `name.len()` UTF-16 units into `name`.
        let n = unsafe { GetModuleFileNameW(module, name.as_mut_ptr(), name.len() as u32) };
        if n == 0 || n as usize >= name.len() {
            return None;
        }
        Some((
            PathBuf::from(OsString::from_wide(&name[..n as usize])),
            module as usize,
        ))
    }

    /// Opens an extension DLL. Its own directory is searched for the DLLs
    /// it imports, besides the default directories; the addon it imports
    /// the C API from is found already loaded, by its file name.
    pub(crate) fn open_extension(path: &Path) -> Result<Library, String> {
        // SAFETY: loading runs the library's initialisers; loading a
        // library is what the caller asked for.
        unsafe {
            Library::load_with_flags(
                path,
                LOAD_LIBRARY_SEARCH_DEFAULT_DIRS | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR,
            )
        }
        .map_err(|e| {
            let addon = object_of(anchor())
                .and_then(|(p, _)| p.file_name().map(|f| f.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "the pybuffer addon".to_owned());
            format!(
                "{e}. On Windows an extension imports the C API from a named DLL: it must be linked \
                 against the import library of {addon} (not python3.lib or pybuffer.lib), so that its \
                 Py* imports bind to the addon this process has loaded"
            )
        })
    }

    /// Checks that this addon exports the probes. Windows has no global
    /// symbol namespace to join: extensions bind to the addon through their
    /// import tables (see the module note).
    pub(crate) fn promote_addon() -> Result<(), String> {
        let Some((own, _)) = object_of(anchor()) else {
            return Err(
                "cannot find the pybuffer addon's own file (GetModuleHandleExW failed)".into(),
            );
        };
        let addon = Library::open_already_loaded(&own)
            .map_err(|e| format!("cannot open the pybuffer addon {}: {e}", own.display()))?;
        for probe in PROBES {
            // SAFETY: the symbol is only looked up, never used.
            if let Err(e) = unsafe { addon.get::<*const c_void>(probe) } {
                return Err(format!(
                    "the pybuffer addon {} does not export {} ({e}); rebuild it",
                    own.display(),
                    probe_name(probe)
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn the_object_holding_our_code_is_found() {
        let (file, base) = object_of(anchor()).expect("the anchor lies in a loaded object");
        assert_ne!(base, 0);
        assert!(file.exists(), "{}", file.display());
    }

    #[test]
    fn a_library_that_cannot_be_opened_is_an_error_naming_it() {
        let missing = Path::new("no-such-dir/pybuffer-no-such-extension.so");
        let err = open_extension(missing).expect_err("nothing to open");
        assert!(err.contains("pybuffer-no-such-extension"), "{err}");
    }
}
