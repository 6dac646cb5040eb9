//! Initialisation, finalisation and fatal errors (CPython's
//! `Python/pylifecycle.c`): `Py_Initialize`, `Py_Finalize`, `Py_AtExit`,
//! `Py_FatalError`.
//!
//! There is no interpreter to start: the objects, the GIL and the one
//! interpreter state exist from the start. `Py_Initialize()` makes the
//! calling thread hold the GIL with a thread state of its own, as CPython's
//! leaves its main thread, so C programs written for CPython (which call it
//! before anything else) run unchanged; `Py_Finalize()` runs the
//! `Py_AtExit` functions and releases the GIL again.
//!
//! `_Py_FatalErrorFormat`, which is variadic, is in `pylifecycle.c` beside
//! this file.

use std::ffi::{CStr, c_char, c_int};
use std::io::Write;
use std::ptr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::ffi::{PyThreadState, PyTypeObject};
use crate::python::ceval_gil::{PyEval_RestoreThread, current};
use crate::python::errors::take_error;
use crate::python::pystate::{
    PyThreadState_Clear, PyThreadState_DeleteCurrent, PyThreadState_New, this_thread_state,
    thread_idents,
};

// ==========================================================================
// Fatal errors
// ==========================================================================

/// Set while a fatal error is being reported: a second one aborts at once.
static IN_FATAL_ERROR: AtomicBool = AtomicBool::new(false);

/// `Py_Version`: the version these headers describe, encoded as
/// `PY_VERSION_HEX` (3.11.7 final): what an extension compares with the
/// version it was built for.
#[unsafe(no_mangle)]
pub static Py_Version: std::ffi::c_ulong = (3 << 24) | (11 << 16) | (7 << 8) | (0xF << 4);

/// `Py_OptimizeFlag`: CPython's `-O` level, which extensions read to know
/// whether `assert` statements run (Cython's generated code does). There
/// is no command line here and nothing is optimised: 0, as CPython's
/// without `-O`. C code may set it before the configuration is made, which
/// takes it as `optimization_level` (and `Py_Initialize` writes that back).
#[unsafe(no_mangle)]
pub static Py_OptimizeFlag: crate::ffi::StaticObject<c_int> = crate::ffi::StaticObject::new(0);

// ==========================================================================
// The legacy global configuration variables
// ==========================================================================
//
// CPython 3.11's `Py_*Flag` variables (and the file-system encoding ones)
// are inputs to `Py_Initialize`, which reads them into its configuration,
// and outputs, which it then rewrites from that configuration
// (`_PyConfig_Write`). Here [`crate::python::pystate`]'s configuration
// reads them as inputs when it is made, and `Py_Initialize` writes them
// back from it by CPython's rules, so after `Py_Initialize` each says what
// the configuration says: no site import, no user site directory, no
// bytecode written and no path configuration here (so `Py_NoSiteFlag`,
// `Py_NoUserSiteDirectory`, `Py_DontWriteBytecodeFlag` and `Py_FrozenFlag`
// are 1), the rest as CPython's from the same flags and environment.

/// Declares one `int` flag, exported under its C name.
macro_rules! global_flags {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $(
            $(#[$doc])*
            #[unsafe(no_mangle)]
            pub static $name: crate::ffi::StaticObject<c_int> = crate::ffi::StaticObject::new(0);
        )*
    };
}

global_flags! {
    /// `Py_DebugFlag` (`-d`, `PYTHONDEBUG`): `config.parser_debug`.
    Py_DebugFlag;
    /// `Py_VerboseFlag` (`-v`, `PYTHONVERBOSE`): `config.verbose`.
    Py_VerboseFlag;
    /// `Py_QuietFlag` (`-q`): `config.quiet`.
    Py_QuietFlag;
    /// `Py_InteractiveFlag` (`-i`): `config.interactive`.
    Py_InteractiveFlag;
    /// `Py_InspectFlag` (`-i`, `PYTHONINSPECT`): `config.inspect`.
    Py_InspectFlag;
    /// `Py_NoSiteFlag` (`-S`): `!config.site_import`.
    Py_NoSiteFlag;
    /// `Py_BytesWarningFlag` (`-b`): `config.bytes_warning`.
    Py_BytesWarningFlag;
    /// `Py_FrozenFlag`: `!config.pathconfig_warnings`.
    Py_FrozenFlag;
    /// `Py_IgnoreEnvironmentFlag` (`-E`): `!config.use_environment`.
    Py_IgnoreEnvironmentFlag;
    /// `Py_DontWriteBytecodeFlag` (`-B`): `!config.write_bytecode`.
    Py_DontWriteBytecodeFlag;
    /// `Py_NoUserSiteDirectory` (`-s`): `!config.user_site_directory`.
    Py_NoUserSiteDirectory;
    /// `Py_UnbufferedStdioFlag` (`-u`, `PYTHONUNBUFFERED`):
    /// `!config.buffered_stdio`.
    Py_UnbufferedStdioFlag;
    /// `Py_HashRandomizationFlag`: 1 unless `PYTHONHASHSEED=0`.
    Py_HashRandomizationFlag;
    /// `Py_IsolatedFlag` (`-I`): `config.isolated`.
    Py_IsolatedFlag;
    /// `Py_UTF8Mode` (`-X utf8`, `PYTHONUTF8`): the UTF-8 mode of the
    /// pre-configuration, 0 by default under `Py_Initialize` (whose
    /// "compat" configuration leaves it off).
    Py_UTF8Mode;
    /// `Py_HasFileSystemDefaultEncoding`: 0, as on Linux CPython (the
    /// encoding is not a compile-time constant there).
    Py_HasFileSystemDefaultEncoding;
}

/// `Py_FileSystemDefaultEncoding`: NULL until `Py_Initialize`, then
/// `config.filesystem_encoding` ("utf-8"), and NULL again after
/// `Py_Finalize`, as CPython's.
#[unsafe(no_mangle)]
pub static Py_FileSystemDefaultEncoding: crate::ffi::StaticObject<*const c_char> =
    crate::ffi::StaticObject::new(ptr::null());

/// `Py_FileSystemDefaultEncodeErrors`: likewise, `config.filesystem_errors`
/// ("surrogateescape").
#[unsafe(no_mangle)]
pub static Py_FileSystemDefaultEncodeErrors: crate::ffi::StaticObject<*const c_char> =
    crate::ffi::StaticObject::new(ptr::null());

/// Reads one flag (C code may write them at any time before
/// `Py_Initialize`).
pub(crate) fn read_flag(flag: &crate::ffi::StaticObject<c_int>) -> c_int {
    // SAFETY: an aligned int that lives forever; C writes it only while
    // no thread runs the library (before initialisation), so a volatile
    // read sees its value.
    unsafe { ptr::read_volatile(flag.get()) }
}

/// Writes one flag.
fn write_flag(flag: &crate::ffi::StaticObject<c_int>, value: c_int) {
    // SAFETY: as in `read_flag`; `Py_Initialize` runs on one thread.
    unsafe { ptr::write_volatile(flag.get(), value) }
}

/// CPython's `_PyConfig_Write` for the legacy variables: sets each from the
/// configuration (`Py_Initialize` calls this).
fn write_global_flags() {
    // SAFETY: the configuration is made once and only read.
    let c = unsafe { &*crate::python::pystate::_Py_GetConfig() };
    let not = |v: c_int| c_int::from(v == 0);
    write_flag(&Py_IsolatedFlag, c.isolated);
    write_flag(&Py_IgnoreEnvironmentFlag, not(c.use_environment));
    write_flag(&Py_BytesWarningFlag, c.bytes_warning);
    write_flag(&Py_InspectFlag, c.inspect);
    write_flag(&Py_InteractiveFlag, c.interactive);
    write_flag(&Py_OptimizeFlag, c.optimization_level);
    write_flag(&Py_DebugFlag, c.parser_debug);
    write_flag(&Py_VerboseFlag, c.verbose);
    write_flag(&Py_QuietFlag, c.quiet);
    write_flag(&Py_FrozenFlag, not(c.pathconfig_warnings));
    write_flag(&Py_DontWriteBytecodeFlag, not(c.write_bytecode));
    write_flag(&Py_NoUserSiteDirectory, not(c.user_site_directory));
    write_flag(&Py_UnbufferedStdioFlag, not(c.buffered_stdio));
    write_flag(&Py_NoSiteFlag, not(c.site_import));
    write_flag(
        &Py_HashRandomizationFlag,
        c_int::from(c.use_hash_seed == 0 || c.hash_seed != 0),
    );
    if c.use_environment != 0 {
        // The pre-configuration's PYTHONUTF8 ("1" on, "0" off).
        match std::env::var("PYTHONUTF8").as_deref() {
            Ok("1") => write_flag(&Py_UTF8Mode, 1),
            Ok("0") => write_flag(&Py_UTF8Mode, 0),
            _ => {}
        }
    }
    // SAFETY: static strings, as the configuration's encoding is fixed.
    unsafe {
        *Py_FileSystemDefaultEncoding.get() = c"utf-8".as_ptr();
        *Py_FileSystemDefaultEncodeErrors.get() = c"surrogateescape".as_ptr();
    }
}

/// `Py_GetVersion()`: `"3.11.7 (pybuffer <version>)"`, a static string:
/// the Python version first, as in CPython's (whose parentheses hold its
/// build and are followed by its compiler).
#[unsafe(no_mangle)]
pub extern "C" fn Py_GetVersion() -> *const c_char {
    const VERSION: &str = concat!("3.11.7 (pybuffer ", env!("CARGO_PKG_VERSION"), ")\0");
    VERSION.as_ptr().cast()
}

/// The platform name, as CPython's `PLATFORM` (`sys.platform`): "linux",
/// "darwin", "win32", or the OS's name elsewhere.
pub(crate) const PLATFORM: &CStr = if cfg!(target_os = "linux") {
    c"linux"
} else if cfg!(target_os = "macos") {
    c"darwin"
} else if cfg!(windows) {
    c"win32"
} else if cfg!(target_os = "freebsd") {
    c"freebsd"
} else {
    c"unknown"
};

/// `Py_GetPlatform()`: `sys.platform`.
#[unsafe(no_mangle)]
pub extern "C" fn Py_GetPlatform() -> *const c_char {
    PLATFORM.as_ptr()
}

/// `Py_GetBuildInfo()`: what `Py_GetVersion()` (and `sys.version`) gives
/// in parentheses after the version: where CPython names its source
/// revision and build date, the library and its version.
#[unsafe(no_mangle)]
pub extern "C" fn Py_GetBuildInfo() -> *const c_char {
    const INFO: &str = concat!("pybuffer ", env!("CARGO_PKG_VERSION"), "\0");
    INFO.as_ptr().cast()
}

/// `Py_GetCompiler()`: the compiler that built the library, in CPython's
/// bracketed form ("[GCC 12.2.0]" there). `Py_GetVersion()` does not
/// append it, as sys.version here never named one.
#[unsafe(no_mangle)]
pub extern "C" fn Py_GetCompiler() -> *const c_char {
    c"[rustc]".as_ptr()
}

/// `Py_GetCopyright()`: CPython 3.11's copyright notice (`sys.copyright`):
/// the library implements its C API.
#[unsafe(no_mangle)]
pub extern "C" fn Py_GetCopyright() -> *const c_char {
    COPYRIGHT.as_ptr()
}

/// CPython 3.11's notice, as `Py_GetCopyright` and `sys.copyright` give it.
pub(crate) const COPYRIGHT: &CStr = c"Copyright (c) 2001-2023 Python Software Foundation.\n\
All Rights Reserved.\n\
\n\
Copyright (c) 2000 BeOpen.com.\n\
All Rights Reserved.\n\
\n\
Copyright (c) 1995-2001 Corporation for National Research Initiatives.\n\
All Rights Reserved.\n\
\n\
Copyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\n\
All Rights Reserved.";

/// Prints CPython's fatal-error report to stderr and aborts:
///
/// ```text
/// Fatal Python error: <func>: <message>
/// Python runtime state: initialized
/// <the pending exception, if this thread holds the GIL>
///
/// Current thread 0x00007f... (most recent call first):
///   <no Python frame>
/// ```
///
/// with one such thread entry per thread state (there are never Python
/// frames). `func` is the C function that failed, as CPython's
/// `Py_FatalError` macro passes `__func__`.
pub fn fatal_error(func: Option<&str>, message: &str) -> ! {
    if IN_FATAL_ERROR.swap(true, Ordering::SeqCst) {
        // SAFETY: abort has no preconditions.
        unsafe { libc::abort() }
    }
    let mut out = String::from("Fatal Python error: ");
    if let Some(func) = func {
        out.push_str(func);
        out.push_str(": ");
    }
    out.push_str(message);
    out.push('\n');
    out.push_str("Python runtime state: ");
    out.push_str(if Py_IsInitialized() != 0 {
        "initialized\n"
    } else {
        "unknown\n"
    });
    let mine = this_thread_state();
    if !mine.is_null() && mine == current() {
        // The thread holds the GIL: show the pending exception, which
        // never has a traceback here.
        if let Some(info) = take_error() {
            out.push_str(&info.to_string());
            out.push('\n');
        }
    }
    out.push('\n');
    if let Some(states) = thread_idents() {
        for (n, (tstate, ident)) in states.into_iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            let which = if tstate == mine as usize {
                "Current thread"
            } else {
                "Thread"
            };
            out.push_str(&format!(
                "{which} 0x{ident:016x} (most recent call first):\n  <no Python frame>\n"
            ));
        }
    }
    // One write, unbuffered, as CPython writes to fd 2.
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(out.as_bytes());
    let _ = stderr.flush();
    // SAFETY: abort has no preconditions.
    unsafe { libc::abort() }
}

/// The fatal error CPython's `_Py_EnsureTstateNotNULL` gives in `func`.
pub(crate) fn fatal_tstate_null(func: &str) -> ! {
    fatal_error(
        Some(func),
        "the function must be called with the GIL held, but the GIL is released \
         (the current Python thread state is NULL)",
    )
}

/// A C string argument as text ("<message not set>" for NULL, as CPython).
///
/// # Safety
/// `s` must be NULL or NUL-terminated.
unsafe fn c_text(s: *const c_char) -> Option<String> {
    // SAFETY: NUL-terminated per the contract.
    (!s.is_null()).then(|| unsafe { CStr::from_ptr(s) }.to_string_lossy().into_owned())
}

/// `Py_FatalError(message)` as a function (the header's macro calls
/// [`_Py_FatalErrorFunc`] with the caller's name): prints the report and
/// aborts.
///
/// # Safety
/// `message` must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_FatalError(message: *const c_char) -> ! {
    // SAFETY: forwarded contract.
    let message = unsafe { c_text(message) };
    fatal_error(None, message.as_deref().unwrap_or("<message not set>"))
}

/// `_Py_FatalErrorFunc(func, message)`: `Py_FatalError` naming the C
/// function it was called from.
///
/// # Safety
/// Both must be NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _Py_FatalErrorFunc(func: *const c_char, message: *const c_char) -> ! {
    // SAFETY: forwarded contract.
    let (func, message) = unsafe { (c_text(func), c_text(message)) };
    fatal_error(
        func.as_deref(),
        message.as_deref().unwrap_or("<message not set>"),
    )
}

// ==========================================================================
// Initialisation and finalisation
// ==========================================================================

/// Whether `Py_Initialize` ran (and `Py_Finalize` did not since).
static INITIALIZED: AtomicBool = AtomicBool::new(false);

/// Whether a host that never calls `Py_Initialize` (the Node addon) has
/// readied the runtime for extension code ([`start_hosted_runtime`]).
static HOSTED: AtomicBool = AtomicBool::new(false);

/// The thread state `Py_Initialize` gave its thread (as an address).
static MAIN_TSTATE: Mutex<usize> = Mutex::new(0);

/// The functions `Py_AtExit` registered, run last-in first-out.
static EXIT_FUNCS: Mutex<Vec<extern "C" fn()>> = Mutex::new(Vec::new());

/// CPython's `NEXITFUNCS`: how many `Py_AtExit` functions fit.
const MAX_EXIT_FUNCS: usize = 32;

// ==========================================================================
// The built-in types, readied at start-up
// ==========================================================================

/// Every built-in static type: the ones `builtins` names, their iterators,
/// views and descriptors, and the exception classes.
fn builtin_types() -> Vec<*mut PyTypeObject> {
    use crate::objects::*;
    let mut types = vec![
        typeobject::PyBaseObject_Type.get(),
        typeobject::PyType_Type.get(),
        object::_PyNone_Type.get(),
        object::_PyNotImplemented_Type.get(),
        object::PyEllipsis_Type.get(),
        boolobject::PyBool_Type.get(),
        longobject::PyLong_Type.get(),
        floatobject::PyFloat_Type.get(),
        complexobject::PyComplex_Type.get(),
        unicodeobject::PyUnicode_Type.get(),
        unicodeobject::PyUnicodeIter_Type.get(),
        unicodeobject::STR_ASCII_ITER_TYPE.get(),
        bytesobject::PyBytes_Type.get(),
        bytesobject::PyBytesIter_Type.get(),
        bytearrayobject::PyByteArray_Type.get(),
        bytearrayobject::PyByteArrayIter_Type.get(),
        memoryobject::PyMemoryView_Type.get(),
        memoryobject::MEMORY_ITER_TYPE.get(),
        tupleobject::PyTuple_Type.get(),
        tupleobject::PyTupleIter_Type.get(),
        listobject::PyList_Type.get(),
        listobject::PyListIter_Type.get(),
        listobject::PyListRevIter_Type.get(),
        dictobject::PyDict_Type.get(),
        dictobject::PyDictKeys_Type.get(),
        dictobject::PyDictValues_Type.get(),
        dictobject::PyDictItems_Type.get(),
        dictobject::PyDictIterKey_Type.get(),
        dictobject::PyDictIterValue_Type.get(),
        dictobject::PyDictIterItem_Type.get(),
        setobject::PySet_Type.get(),
        setobject::PyFrozenSet_Type.get(),
        setobject::PySetIter_Type.get(),
        sliceobject::PySlice_Type.get(),
        rangeobject::PyRange_Type.get(),
        rangeobject::PyRangeIter_Type.get(),
        rangeobject::PyLongRangeIter_Type.get(),
        enumobject::PyEnum_Type.get(),
        enumobject::PyReversed_Type.get(),
        iterobject::PySeqIter_Type.get(),
        iterobject::PyCallIter_Type.get(),
        iterobject::ANEXT_AWAITABLE_TYPE.get(),
        funcobject::PyStaticMethod_Type.get(),
        funcobject::PyClassMethod_Type.get(),
        funcobject::PyFunction_Type.get(),
        descrobject::PyProperty_Type.get(),
        descrobject::PyDictProxy_Type.get(),
        descrobject::PyMethodDescr_Type.get(),
        descrobject::PyClassMethodDescr_Type.get(),
        descrobject::PyMemberDescr_Type.get(),
        descrobject::PyGetSetDescr_Type.get(),
        descrobject::PyWrapperDescr_Type.get(),
        descrobject::_PyMethodWrapper_Type.get(),
        methodobject::PyCFunction_Type.get(),
        methodobject::PyCMethod_Type.get(),
        classobject::PyMethod_Type.get(),
        classobject::PyInstanceMethod_Type.get(),
        cellobject::PyCell_Type.get(),
        crate::objects::picklebufobject::PyPickleBuffer_Type.get(),
        superobject::PySuper_Type.get(),
        moduleobject::PyModule_Type.get(),
        moduleobject::PyModuleDef_Type.get(),
        capsule::PyCapsule_Type.get(),
        codeobject::PyCode_Type.get(),
        frameobject::PyFrame_Type.get(),
        genobject::PyGen_Type.get(),
        genobject::PyCoro_Type.get(),
        genobject::PyAsyncGen_Type.get(),
        genericaliasobject::Py_GenericAliasType.get(),
        weakrefobject::_PyWeakref_RefType.get(),
        weakrefobject::_PyWeakref_ProxyType.get(),
        weakrefobject::_PyWeakref_CallableProxyType.get(),
        crate::python::bltinmodule::PyMap_Type.get(),
        crate::python::bltinmodule::PyZip_Type.get(),
        crate::python::bltinmodule::PyFilter_Type.get(),
        crate::python::traceback::PyTraceBack_Type.get(),
        crate::python::context::PyContext_Type.get(),
        crate::python::context::PyContextVar_Type.get(),
        crate::python::context::PyContextToken_Type.get(),
    ];
    types.extend(
        exceptions::Exc::ALL
            .iter()
            .map(|e| e.type_object().cast::<PyTypeObject>()),
    );
    types
}

/// Readies every built-in type, as CPython's start-up does, so that the
/// references a type's readiness creates (its dict's descriptors hold the
/// type; `__doc__` entries hold None) exist before the embedding program
/// runs: readied on first use instead, a refcount watch around that first
/// use would see them. Types readied already are skipped. Hosts that do
/// not call `Py_Initialize` (the Node addon) call this before they first
/// run extension code. The caller holds the GIL.
pub fn ready_builtin_types() {
    for ty in builtin_types() {
        // SAFETY: a live static type.
        if !unsafe { crate::objects::typeobject::ensure_ready(ty) } {
            // A built-in type that cannot be readied is a bug here: report it
            // (with the pending error) as CPython reports a failed start-up.
            fatal_error(Some("Py_Initialize"), "can't initialize built-in types");
        }
    }
    // The one built-in exception class that is made, not static, as
    // CPython's start-up makes it.
    if crate::objects::exceptions::exception_group_type().is_null() {
        fatal_error(Some("Py_Initialize"), "can't initialize built-in types");
    }
}

/// `Py_Initialize()`: makes the calling thread hold the GIL with its own
/// thread state, until `Py_Finalize`. Does nothing if already initialised.
#[unsafe(no_mangle)]
pub extern "C" fn Py_Initialize() {
    let mut main = MAIN_TSTATE.lock().unwrap_or_else(|e| e.into_inner());
    if INITIALIZED.load(Ordering::SeqCst) {
        return;
    }
    let mut tstate = this_thread_state();
    if tstate.is_null() {
        // SAFETY: NULL means the interpreter; the new state becomes this
        // thread's auto state with a nesting count of 1.
        tstate = unsafe { PyThreadState_New(ptr::null_mut()) };
    } else {
        // The thread already has a state (it called PyGILState_Ensure):
        // keep it, one level deeper, so the GIL stays held after the
        // matching PyGILState_Release.
        // SAFETY: this thread's own live state.
        unsafe { (*tstate).gilstate_counter += 1 };
    }
    if current() != tstate {
        // SAFETY: a live state of this thread.
        unsafe { PyEval_RestoreThread(tstate) };
    }
    *main = tstate as usize;
    crate::python::ceval::note_main_thread();
    set_ctype_locale_from_env();
    ready_builtin_types();
    crate::python::import::note_builtin_module_names();
    write_global_flags();
    INITIALIZED.store(true, Ordering::SeqCst);
}

/// Sets the LC_CTYPE locale to the user's preferred one, as CPython's
/// pre-initialisation does for `Py_Initialize` (its compat config has
/// `configure_locale` on and no C-locale coercion): extensions that call
/// the C library's character functions (`wcwidth`, `mbstowcs`, `isalpha`
/// on bytes > 127) see the same locale as under CPython. Only
/// `Py_Initialize` does this; a host that never calls it (the Node addon)
/// keeps its own locale.
fn set_ctype_locale_from_env() {
    // SAFETY: an empty, NUL-terminated locale name; `Py_Initialize` runs
    // before the embedding program starts other threads that use the
    // locale, as CPython requires of its own call.
    unsafe { libc::setlocale(libc::LC_CTYPE, c"".as_ptr()) };
}

/// `Py_InitializeEx(initsigs)`: `Py_Initialize()` (there are no Python
/// signal handlers to install).
#[unsafe(no_mangle)]
pub extern "C" fn Py_InitializeEx(_initsigs: c_int) {
    Py_Initialize();
}

/// `Py_GetArgcArgv(&argc, &argv)`: the command line the interpreter was
/// started with (CPython's `orig_argv`, set from `PyConfig.orig_argv`).
/// This library is never started from a command line and has no
/// `Py_InitializeFromConfig`, so the list is always empty: 0 and NULL, what
/// CPython reports when embedded with `Py_Initialize()`. setproctitle
/// calls it and then reads `/proc/self/cmdline` instead, as it does under
/// embedded CPython.
///
/// # Safety
/// `argc` and `argv` must be valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn Py_GetArgcArgv(argc: *mut c_int, argv: *mut *mut *mut libc::wchar_t) {
    // SAFETY: writable per the contract.
    unsafe {
        *argc = 0;
        *argv = ptr::null_mut();
    }
}

/// `Py_IsInitialized()`: 1 between `Py_Initialize` and `Py_Finalize`, and
/// for good once a host that never calls `Py_Initialize` (the Node addon)
/// has readied the runtime: under CPython an extension's code only ever
/// runs in an initialised interpreter, and some check (PyO3 refuses to
/// take the GIL while this is 0).
#[unsafe(no_mangle)]
pub extern "C" fn Py_IsInitialized() -> c_int {
    (INITIALIZED.load(Ordering::SeqCst) || HOSTED.load(Ordering::SeqCst)) as c_int
}

/// What a host that does not call `Py_Initialize` does before it first
/// runs extension code: readies the built-in types
/// ([`ready_builtin_types`]) and from then on reports the runtime as
/// initialised (`Py_IsInitialized`). `Py_Finalize` does not end a hosted
/// runtime. The caller holds the GIL.
pub fn start_hosted_runtime() {
    ready_builtin_types();
    HOSTED.store(true, Ordering::SeqCst);
}

/// `Py_FinalizeEx()`: runs the `Py_AtExit` functions (last registered
/// first), then deletes the thread state `Py_Initialize` made and releases
/// the GIL. Returns 0; does nothing when not initialised. Fatal error, as
/// CPython, when called without holding the GIL.
#[unsafe(no_mangle)]
pub extern "C" fn Py_FinalizeEx() -> c_int {
    if !INITIALIZED.load(Ordering::SeqCst) {
        return 0;
    }
    let tstate = current();
    if tstate.is_null() {
        fatal_tstate_null("Py_FinalizeEx");
    }
    INITIALIZED.store(false, Ordering::SeqCst);
    crate::python::import::forget_builtin_module_names();
    // SAFETY: the statics' own slots; CPython frees its copies and resets
    // them to NULL here.
    unsafe {
        *Py_FileSystemDefaultEncoding.get() = ptr::null();
        *Py_FileSystemDefaultEncodeErrors.get() = ptr::null();
    }
    FINALIZING.store(true, Ordering::SeqCst);
    loop {
        let func = EXIT_FUNCS.lock().unwrap_or_else(|e| e.into_inner()).pop();
        match func {
            Some(f) => f(),
            None => break,
        }
    }
    let main = std::mem::take(&mut *MAIN_TSTATE.lock().unwrap_or_else(|e| e.into_inner()))
        as *mut PyThreadState;
    if main == tstate {
        // SAFETY: the current state, live; only this thread (holding the
        // GIL) touches its counter.
        unsafe {
            (*main).gilstate_counter -= 1;
            if (*main).gilstate_counter == 0 {
                PyThreadState_Clear(main);
                PyThreadState_DeleteCurrent();
            }
        }
    }
    // SAFETY: libc's stdio flush, as CPython's call_ll_exitfuncs does.
    unsafe { libc::fflush(ptr::null_mut()) };
    0
}

/// Set once `Py_FinalizeEx` has begun (CPython's `_PyRuntime._finalizing`).
static FINALIZING: AtomicBool = AtomicBool::new(false);

/// `_Py_IsFinalizing()`: 1 once `Py_FinalizeEx` has begun (and from then
/// on, as in CPython), else 0.
#[unsafe(no_mangle)]
pub extern "C" fn _Py_IsFinalizing() -> c_int {
    FINALIZING.load(Ordering::SeqCst) as c_int
}

/// `Py_Finalize()`: `Py_FinalizeEx()` without the status.
#[unsafe(no_mangle)]
pub extern "C" fn Py_Finalize() {
    Py_FinalizeEx();
}

/// `Py_AtExit(func)`: registers `func` to run at `Py_FinalizeEx`; 0, or -1
/// when 32 are already registered (CPython's limit).
#[unsafe(no_mangle)]
pub extern "C" fn Py_AtExit(func: Option<extern "C" fn()>) -> c_int {
    let Some(func) = func else {
        return -1;
    };
    let mut funcs = EXIT_FUNCS.lock().unwrap_or_else(|e| e.into_inner());
    if funcs.len() >= MAX_EXIT_FUNCS {
        return -1;
    }
    funcs.push(func);
    0
}

/// `Py_Exit(status)`: finalises and exits the process with `status` (120
/// if finalisation failed, as CPython).
#[unsafe(no_mangle)]
pub extern "C" fn Py_Exit(status: c_int) -> ! {
    let status = if Py_FinalizeEx() < 0 { 120 } else { status };
    std::process::exit(status)
}

// ==========================================================================
// Signal handlers (CPython's PyOS_getsig / PyOS_setsig)
// ==========================================================================

/// `PyOS_sighandler_t`: a C signal handler (or `SIG_DFL`, `SIG_IGN`,
/// `SIG_ERR`, which are small integers cast to this type).
#[allow(non_camel_case_types)]
pub type PyOS_sighandler_t = libc::sighandler_t;

/// `PyOS_getsig(sig)`: the current handler of signal `sig`, read with
/// `sigaction` (its `sa_handler`), or `SIG_ERR` (errno set) for an invalid
/// signal number. On Windows, as CPython there, the C runtime's `signal`
/// for the signals it knows and `SIG_ERR` for the others.
#[unsafe(no_mangle)]
pub extern "C" fn PyOS_getsig(sig: c_int) -> PyOS_sighandler_t {
    #[cfg(unix)]
    {
        let mut context = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
        // SAFETY: a NULL new action only reads the current one into
        // `context`, which is writable.
        if unsafe { libc::sigaction(sig, ptr::null(), context.as_mut_ptr()) } == -1 {
            return libc::SIG_ERR;
        }
        // SAFETY: initialised (zeroed, then filled by sigaction).
        unsafe { context.assume_init() }.sa_sigaction
    }
    #[cfg(windows)]
    {
        match sig {
            libc::SIGINT
            | libc::SIGILL
            | libc::SIGFPE
            | libc::SIGSEGV
            | libc::SIGTERM
            | 21 /* SIGBREAK */
            | libc::SIGABRT => {}
            _ => return libc::SIG_ERR,
        }
        // SAFETY: the C runtime's signal(); the handler read is put back
        // at once.
        unsafe {
            let handler = libc::signal(sig, libc::SIG_IGN);
            if handler != libc::SIG_ERR {
                libc::signal(sig, handler);
            }
            handler
        }
    }
}

/// `PyOS_setsig(sig, handler)`: installs `handler` for signal `sig` with
/// `sigaction` (an empty mask and `SA_ONSTACK`, as CPython: friendlier to
/// code running on small thread stacks) and returns the previous handler,
/// or `SIG_ERR` (errno set) when the signal number is invalid or the signal
/// cannot be caught. On Windows, the C runtime's `signal`.
///
/// # Safety
/// `handler` must be `SIG_DFL`, `SIG_IGN` or a function safe to run as a
/// signal handler.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyOS_setsig(sig: c_int, handler: PyOS_sighandler_t) -> PyOS_sighandler_t {
    #[cfg(unix)]
    {
        let mut context = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
        let mut old = std::mem::MaybeUninit::<libc::sigaction>::zeroed();
        // SAFETY: `context` is a zeroed sigaction filled in here; sigaction
        // reads it and writes the old action into `old`; the handler is the
        // caller's, per the contract.
        unsafe {
            let c = context.as_mut_ptr();
            (*c).sa_sigaction = handler;
            libc::sigemptyset(&raw mut (*c).sa_mask);
            (*c).sa_flags = libc::SA_ONSTACK;
            if libc::sigaction(sig, c, old.as_mut_ptr()) == -1 {
                return libc::SIG_ERR;
            }
            old.assume_init().sa_sigaction
        }
    }
    #[cfg(windows)]
    {
        // SAFETY: the C runtime's signal() with the caller's handler.
        unsafe { libc::signal(sig, handler) }
    }
}

// ==========================================================================
// fork() (CPython's PyOS_BeforeFork & co, in its Modules/posixmodule.c)
// ==========================================================================

/// The locks `PyOS_BeforeFork` holds until `PyOS_AfterFork_Parent` or
/// `PyOS_AfterFork_Child`, in the order they are taken (registry, pending
/// calls, GIL state), and how many `PyOS_BeforeFork` calls are open.
#[cfg(unix)]
struct ForkLocks {
    registry: crate::python::pystate::RegistryForkLock,
    pending: crate::python::ceval::PendingForkLock,
    gil: crate::python::ceval_gil::GilForkLock,
    depth: usize,
}

#[cfg(unix)]
thread_local! {
    /// The forking thread's held locks: a thread-local, since the same
    /// thread continues in the parent and (as the only thread) in the child.
    static FORK_LOCKS: std::cell::RefCell<Option<ForkLocks>> = const { std::cell::RefCell::new(None) };
}

/// `PyOS_BeforeFork()`: to call (holding the GIL) just before `fork()`.
/// Takes the library's internal locks that threads use without the GIL
/// (the thread-state registry, the pending-call queue, the GIL's own
/// state), so that the child cannot inherit one held by a thread it does
/// not have. Until `PyOS_AfterFork_Parent` / `_Child`, a thread starting,
/// ending, queueing a call or taking the GIL waits. Calls nest, as
/// CPython's import lock does.
#[cfg(unix)]
#[unsafe(no_mangle)]
pub extern "C" fn PyOS_BeforeFork() {
    FORK_LOCKS.with(|slot| {
        let mut slot = slot.borrow_mut();
        if let Some(locks) = slot.as_mut() {
            locks.depth += 1;
            return;
        }
        *slot = Some(ForkLocks {
            registry: crate::python::pystate::lock_registry_for_fork(),
            pending: crate::python::ceval::lock_pending_for_fork(),
            gil: crate::python::ceval_gil::lock_for_fork(),
            depth: 1,
        });
    });
}

/// `PyOS_AfterFork_Parent()`: to call in the parent after `fork()` (or
/// after it failed): releases what `PyOS_BeforeFork` took. Without a
/// `PyOS_BeforeFork` before it, a fatal error, as CPython's (whose
/// message names its import lock, which plays this part there).
#[cfg(unix)]
#[unsafe(no_mangle)]
pub extern "C" fn PyOS_AfterFork_Parent() {
    let released = FORK_LOCKS.with(|slot| {
        let mut slot = slot.borrow_mut();
        match slot.as_mut() {
            None => false,
            Some(locks) if locks.depth > 1 => {
                locks.depth -= 1;
                true
            }
            Some(_) => {
                // Dropped in reverse order of taking.
                if let Some(locks) = slot.take() {
                    let ForkLocks {
                        registry,
                        pending,
                        gil,
                        ..
                    } = locks;
                    drop(gil);
                    drop(pending);
                    drop(registry);
                }
                true
            }
        }
    });
    if !released {
        fatal_error(
            Some("PyOS_AfterFork_Parent"),
            "failed releasing import lock after fork",
        );
    }
}

/// `PyOS_AfterFork_Child()`: to call in the child after `fork()`, by the
/// thread that forked, which holds the GIL. Makes the runtime usable in a
/// process whose only thread is the caller: the GIL stays held by it and
/// forgets the threads that waited for it in the parent; the thread
/// states of the other threads are cleared and freed (CPython's
/// `_PyThreadState_DeleteExcept`); the caller becomes the main thread
/// (pending calls, signals, and, when another thread had initialized the
/// library, the state `Py_Finalize` ends); simulated signals pending in
/// the parent are dropped. Then the locks `PyOS_BeforeFork` took are
/// released.
///
/// Fatal errors, as CPython's: when the caller does not hold the GIL, and
/// (stricter) when the child was forked without `PyOS_BeforeFork` at a
/// moment another thread was inside one of those locks, which can then
/// never be released.
#[cfg(unix)]
#[unsafe(no_mangle)]
pub extern "C" fn PyOS_AfterFork_Child() {
    let held = FORK_LOCKS.with(|slot| slot.borrow_mut().take());
    let locks = match held {
        Some(locks) => locks,
        None => {
            // fork() without PyOS_BeforeFork (the legacy PyOS_AfterFork
            // pattern): the locks are free unless another thread was in
            // one at the moment of the fork.
            let registry = crate::python::pystate::try_lock_registry_for_fork();
            let pending = crate::python::ceval::try_lock_pending_for_fork();
            let gil = crate::python::ceval_gil::try_lock_for_fork();
            match (registry, pending, gil) {
                (Some(registry), Some(pending), Some(gil)) => ForkLocks {
                    registry,
                    pending,
                    gil,
                    depth: 1,
                },
                _ => fatal_error(
                    Some("PyOS_AfterFork_Child"),
                    "the process was forked without PyOS_BeforeFork() while another \
                     thread held the runtime's thread locks",
                ),
            }
        }
    };
    let ForkLocks {
        mut registry,
        pending,
        mut gil,
        ..
    } = locks;
    let tstate = current();
    if tstate.is_null() || !gil.held_by_me() {
        drop(gil);
        drop(pending);
        drop(registry);
        fatal_tstate_null("PyOS_AfterFork_Child");
    }
    gil.reset_in_child();
    let others = registry.forget_others(tstate);
    drop(gil);
    drop(pending);
    drop(registry);
    crate::python::ceval::reinit_main_thread_after_fork();
    {
        let mut main = MAIN_TSTATE.lock().unwrap_or_else(|e| e.into_inner());
        if *main != 0 && *main != tstate as usize && others.contains(&*main) {
            // The state Py_Initialize gave another thread is gone: the
            // caller's state takes its place until Py_Finalize, one level
            // deeper, as Py_Initialize keeps a state it finds.
            // SAFETY: the current state, live; this thread holds the GIL.
            unsafe { (*tstate).gilstate_counter += 1 };
            *main = tstate as usize;
        }
    }
    // SAFETY: unregistered states of threads this process does not have;
    // the caller holds the GIL.
    unsafe { crate::python::pystate::free_forgotten_states(others) };
}

/// `PyOS_AfterFork()`: the deprecated name of [`PyOS_AfterFork_Child`].
#[cfg(unix)]
#[unsafe(no_mangle)]
pub extern "C" fn PyOS_AfterFork() {
    PyOS_AfterFork_Child();
}
