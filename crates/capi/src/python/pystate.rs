//! Thread states, the interpreter state and the `PyGILState_*` API
//! (CPython's `Python/pystate.c`), and [`Guard`], the Rust handle on the
//! GIL.
//!
//! ## Design
//!
//! 1. *One interpreter.* There is a single, static [`PyInterpreterState`]
//!    standing for CPython's main interpreter; every thread state belongs
//!    to it.
//! 2. *Thread states* are heap objects registered in a process-wide list
//!    (for the fatal-error dump and to refuse deleting an unknown state).
//!    Each OS thread has at most one "auto" state, kept in a thread-local
//!    as CPython keeps it under its `autoTSSkey`: the first state created
//!    on the thread (by `PyThreadState_New`, `Py_Initialize` or
//!    `PyGILState_Ensure`).
//! 3. *`PyGILState_Ensure` works on any thread, with or without
//!    `Py_Initialize`*: the interpreter always exists. It nests: the state
//!    counts its `Ensure`s, and the outermost `Release` deletes a state
//!    that `Ensure` created and drops the GIL.
//!
//! ## Who holds the GIL
//!
//! * A C program (test driver, embedder) calls `Py_Initialize()`: the
//!   calling thread then holds the GIL until `Py_Finalize()`, and releases
//!   it with `Py_BEGIN_ALLOW_THREADS` around blocking work, as with
//!   CPython.
//! * Threads started by C code take it with `PyGILState_Ensure()` /
//!   `PyGILState_Release()` before touching objects.
//! * Rust code (the Node layer) takes it with [`Guard::acquire_lasting`]
//!   around every call into extension code (its threads' states last
//!   between calls, as a Python thread's do): module init, functions and methods,
//!   `bf_getbuffer`/`bf_releasebuffer` of extension types and deallocation
//!   of extension objects. The buffer core (`PyObject_GetBuffer` on
//!   pybuffer's own exporters, the `PyBuffer_*` functions and copies) does
//!   not need it.

use std::cell::Cell;
use std::ffi::{c_int, c_ulong};
use std::marker::PhantomData;
use std::ptr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::ffi::*;
use crate::objects::dictobject::PyDict_New;
use crate::objects::object::Py_DecRef;
use crate::python::ceval_gil::{
    PyEval_RestoreThread, PyEval_SaveThread, current, drop_gil, swap_current,
};
use crate::python::errors;
use crate::python::pylifecycle::{fatal_error, fatal_tstate_null};
use crate::python::thread::PyThread_get_thread_ident;

// ==========================================================================
// The interpreter and the thread-state registry
// ==========================================================================

/// The interpreter state, as a C-visible static.
struct Interpreter(std::cell::UnsafeCell<PyInterpreterState>);

// SAFETY: `id` is never written; `dict` is written once, under
// INTERPRETER_DICT, before it is published.
unsafe impl Sync for Interpreter {}

static MAIN_INTERPRETER: Interpreter =
    Interpreter(std::cell::UnsafeCell::new(PyInterpreterState {
        id: 0,
        dict: ptr::null_mut(),
    }));

/// Serialises the lazy creation of the interpreter's dict.
static INTERPRETER_DICT: Mutex<()> = Mutex::new(());

/// The interpreter every thread state belongs to.
pub(crate) fn main_interpreter() -> *mut PyInterpreterState {
    MAIN_INTERPRETER.0.get()
}

/// Every live thread state (as addresses), oldest first.
static THREADS: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// The source of `PyThreadState_GetID` values.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's auto thread state (CPython's `autoTSSkey`).
    static AUTO_TSTATE: Cell<*mut PyThreadState> = const { Cell::new(ptr::null_mut()) };
}

fn threads() -> std::sync::MutexGuard<'static, Vec<usize>> {
    THREADS.lock().unwrap_or_else(|e| e.into_inner())
}

/// The thread idents of every live thread state, newest first, for the
/// fatal-error dump; None when the registry is busy (a fatal error inside
/// it must not deadlock).
pub(crate) fn thread_idents() -> Option<Vec<(usize, c_ulong)>> {
    let list = THREADS.try_lock().ok()?;
    Some(
        list.iter()
            .rev()
            // SAFETY: registered states are live until removed under this lock.
            .map(|&t| (t, unsafe { (*(t as *mut PyThreadState)).thread_id }))
            .collect(),
    )
}

/// The thread-state registry held across a `fork()` (from
/// `PyOS_BeforeFork`), so that no other thread is registering or deleting a
/// state while the process is copied.
pub(crate) struct RegistryForkLock(std::sync::MutexGuard<'static, Vec<usize>>);

/// Locks the registry for a fork.
pub(crate) fn lock_registry_for_fork() -> RegistryForkLock {
    RegistryForkLock(threads())
}

/// [`lock_registry_for_fork`] without waiting: None when another thread
/// holds it (in a child, one that no longer exists).
pub(crate) fn try_lock_registry_for_fork() -> Option<RegistryForkLock> {
    match THREADS.try_lock() {
        Ok(g) => Some(RegistryForkLock(g)),
        Err(std::sync::TryLockError::Poisoned(e)) => Some(RegistryForkLock(e.into_inner())),
        Err(std::sync::TryLockError::WouldBlock) => None,
    }
}

impl RegistryForkLock {
    /// In a forked child: unregisters every thread state but `keep` (the
    /// caller's), whose threads do not exist here, and returns them for
    /// [`free_forgotten_states`] to clear and free once the locks are
    /// released (clearing may run destructors).
    pub(crate) fn forget_others(&mut self, keep: *mut PyThreadState) -> Vec<usize> {
        let (kept, others): (Vec<usize>, Vec<usize>) =
            self.0.iter().partition(|&&t| t == keep as usize);
        *self.0 = kept;
        others
    }
}

/// Clears and frees thread states [`RegistryForkLock::forget_others`]
/// unregistered in a forked child (CPython's `_PyThreadState_DeleteExcept`).
///
/// # Safety
/// Each entry is a state unregistered in this child, whose thread does not
/// exist; the caller holds the GIL.
pub(crate) unsafe fn free_forgotten_states(states: Vec<usize>) {
    for t in states {
        let tstate = t as *mut PyThreadState;
        // SAFETY: per the contract no one uses the state any more; it was
        // allocated by PyThreadState_New as a Box.
        unsafe {
            PyThreadState_Clear(tstate);
            drop(Box::from_raw(tstate));
        }
    }
}

/// The native id (the kernel's thread id on Linux) of the thread whose
/// `PyThread_get_thread_ident()` is `ident`: the calling thread's own, or
/// the one recorded in the newest thread state a thread of that ident
/// made. None for an ident no thread state knows.
///
/// Nothing reads through `ident` (a `pthread_t`, which C code may hand in
/// made up or stale), so any value is safe to ask about.
pub(crate) fn native_id_of(ident: c_ulong) -> Option<c_ulong> {
    if ident == crate::python::thread::PyThread_get_thread_ident() {
        return Some(crate::python::thread::PyThread_get_thread_native_id());
    }
    threads()
        .iter()
        .rev()
        // SAFETY: registered states are live until removed under this lock.
        .map(|&t| unsafe { &*(t as *const PyThreadState) })
        .find(|t| t.thread_id == ident)
        .map(|t| t.native_thread_id)
}

/// This thread's auto thread state, or NULL.
pub(crate) fn this_thread_state() -> *mut PyThreadState {
    AUTO_TSTATE.with(Cell::get)
}

/// Makes `tstate` this thread's auto state if it has none, with a nesting
/// count of 1 so `PyGILState_Release` never deletes it (CPython's
/// `_PyGILState_NoteThreadState`).
fn note_thread_state(tstate: *mut PyThreadState) {
    AUTO_TSTATE.with(|auto| {
        if auto.get().is_null() {
            auto.set(tstate);
            // SAFETY: a fresh, live state.
            unsafe { (*tstate).gilstate_counter = 1 };
        }
    });
}

/// Unregisters and frees `tstate` (CPython's `tstate_delete_common` +
/// `free_threadstate`).
///
/// # Safety
/// `tstate` must be a registered state that no thread uses any more.
unsafe fn delete_state(tstate: *mut PyThreadState, func: &str) {
    {
        let mut list = threads();
        let Some(pos) = list.iter().position(|&t| t == tstate as usize) else {
            drop(list);
            fatal_error(Some(func), &format!("unknown thread state {tstate:p}"));
        };
        list.remove(pos);
    }
    AUTO_TSTATE.with(|auto| {
        if auto.get() == tstate {
            auto.set(ptr::null_mut());
        }
    });
    // SAFETY: allocated by PyThreadState_New; unregistered, so unused.
    drop(unsafe { Box::from_raw(tstate) });
}

// ==========================================================================
// C entry points: the interpreter
// ==========================================================================

/// `PyInterpreterState_Get()`: the current thread state's interpreter.
/// Fatal error, as CPython, when no thread state is current.
#[unsafe(no_mangle)]
pub extern "C" fn PyInterpreterState_Get() -> *mut PyInterpreterState {
    let tstate = current();
    if tstate.is_null() {
        fatal_tstate_null("PyInterpreterState_Get");
    }
    // SAFETY: the current state is live.
    unsafe { (*tstate).interp }
}

/// `PyInterpreterState_Main()`: the main (here: the only) interpreter.
#[unsafe(no_mangle)]
pub extern "C" fn PyInterpreterState_Main() -> *mut PyInterpreterState {
    main_interpreter()
}

/// `PyInterpreterState_GetID(interp)`: 0 for the interpreter; -1 with
/// `RuntimeError("no interpreter provided")` for NULL.
///
/// # Safety
/// `interp` must be NULL or the interpreter.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInterpreterState_GetID(interp: *mut PyInterpreterState) -> i64 {
    if interp.is_null() {
        errors::raise(
            crate::objects::exceptions::Exc::RuntimeError,
            "no interpreter provided",
        );
        return -1;
    }
    // SAFETY: a live interpreter per the contract.
    unsafe { (*interp).id }
}

/// `PyInterpreterState_GetDict(interp)`: the interpreter's dict for
/// extensions to keep state in (borrowed; made on first use), or NULL
/// without an exception when it cannot be made.
///
/// # Safety
/// `interp` must be NULL or the interpreter.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyInterpreterState_GetDict(
    interp: *mut PyInterpreterState,
) -> *mut PyObject {
    if interp.is_null() {
        return ptr::null_mut();
    }
    let _once = INTERPRETER_DICT.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the interpreter; its dict is written only here, under the lock.
    unsafe {
        if (*interp).dict.is_null() {
            let dict = PyDict_New();
            if dict.is_null() {
                errors::PyErr_Clear();
            }
            (*interp).dict = dict;
        }
        (*interp).dict
    }
}

// ==========================================================================
// C entry points: the interpreter's configuration
// ==========================================================================

/// The configuration [`_PyInterpreterState_GetConfig`] hands out, made
/// once and never freed: a `PyConfig` and the wide strings it points to.
struct Config(*const PyConfig);

// SAFETY: made once, then only read (C gets a `const PyConfig *`).
unsafe impl Send for Config {}
// SAFETY: as above.
unsafe impl Sync for Config {}

/// A NUL-terminated wide copy of `s`, never freed.
fn wide(s: &str) -> *mut libc::wchar_t {
    let mut w: Vec<libc::wchar_t> = s.chars().map(|c| c as libc::wchar_t).collect();
    w.push(0);
    Box::leak(w.into_boxed_slice()).as_mut_ptr()
}

/// CPython's `_Py_get_env_flag`: the level an environment variable such as
/// `PYTHONVERBOSE` asks for (None when unset or empty; a value that is not
/// a non-negative integer counts as 1).
fn env_flag(name: &str) -> Option<c_int> {
    let v = std::env::var_os(name)?;
    let v = v.to_str().unwrap_or("x");
    if v.is_empty() {
        return None;
    }
    Some(
        v.trim()
            .parse::<c_int>()
            .ok()
            .filter(|n| *n >= 0)
            .unwrap_or(1),
    )
}

/// The runtime's configuration in CPython 3.11's terms, as CPython's
/// `Py_Initialize()` (the "compat" configuration) would describe this
/// library: no command line, arguments, import path, installation or
/// bytecode (paths and names are empty strings, `argv` is empty), no site
/// import, no OS signal handlers installed (Node owns them), UTF-8 with
/// `surrogateescape` for file names and UTF-8 for stdio, CPython's
/// defaults for every switch, `PYTHONHASHSEED` as CPython reads it. As
/// CPython's, the switches with a legacy global variable take its value
/// (`Py_VerboseFlag`, `Py_OptimizeFlag`, ...) and, unless
/// `Py_IgnoreEnvironmentFlag` or `Py_IsolatedFlag` is set, the
/// environment's (`PYTHONVERBOSE`, `PYTHONDEBUG`, `PYTHONINSPECT`,
/// `PYTHONUNBUFFERED`) when first asked.
fn config() -> *const PyConfig {
    static CONFIG: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let empty_list = || PyWideStringList {
                length: 0,
                items: ptr::null_mut(),
            };
            use crate::python::pylifecycle::{
                Py_BytesWarningFlag, Py_DebugFlag, Py_IgnoreEnvironmentFlag, Py_InspectFlag,
                Py_InteractiveFlag, Py_IsolatedFlag, Py_OptimizeFlag, Py_QuietFlag,
                Py_UnbufferedStdioFlag, Py_VerboseFlag, read_flag,
            };
            let seed = crate::python::pyhash::hash_seed();
            let isolated = c_int::from(read_flag(&Py_IsolatedFlag) != 0);
            let use_environment =
                c_int::from(isolated == 0 && read_flag(&Py_IgnoreEnvironmentFlag) == 0);
            // A flag's level, raised by its environment variable's.
            let level = |flag: c_int, var: &str| {
                let env = if use_environment != 0 {
                    env_flag(var).unwrap_or(0)
                } else {
                    0
                };
                flag.max(env)
            };
            let unbuffered = read_flag(&Py_UnbufferedStdioFlag) != 0
                || (use_environment != 0 && env_flag("PYTHONUNBUFFERED").is_some());
            let config = PyConfig {
                _config_init: 1,
                isolated,
                use_environment,
                dev_mode: 0,
                install_signal_handlers: 0,
                use_hash_seed: c_int::from(seed.is_some()),
                hash_seed: c_ulong::from(seed.unwrap_or(0)),
                faulthandler: 0,
                tracemalloc: 0,
                import_time: 0,
                code_debug_ranges: 1,
                show_ref_count: 0,
                dump_refs: 0,
                dump_refs_file: ptr::null_mut(),
                malloc_stats: 0,
                filesystem_encoding: wide("utf-8"),
                filesystem_errors: wide("surrogateescape"),
                pycache_prefix: ptr::null_mut(),
                parse_argv: 0,
                orig_argv: empty_list(),
                argv: empty_list(),
                xoptions: empty_list(),
                warnoptions: empty_list(),
                site_import: 0,
                bytes_warning: read_flag(&Py_BytesWarningFlag),
                warn_default_encoding: 0,
                inspect: level(read_flag(&Py_InspectFlag), "PYTHONINSPECT"),
                interactive: read_flag(&Py_InteractiveFlag),
                optimization_level: read_flag(&Py_OptimizeFlag),
                parser_debug: level(read_flag(&Py_DebugFlag), "PYTHONDEBUG"),
                write_bytecode: 0,
                verbose: level(read_flag(&Py_VerboseFlag), "PYTHONVERBOSE"),
                quiet: read_flag(&Py_QuietFlag),
                user_site_directory: 0,
                configure_c_stdio: 0,
                buffered_stdio: c_int::from(!unbuffered),
                stdio_encoding: wide("utf-8"),
                stdio_errors: wide("strict"),
                #[cfg(windows)]
                legacy_windows_stdio: 0,
                check_hash_pycs_mode: wide("default"),
                use_frozen_modules: 0,
                safe_path: isolated,
                pathconfig_warnings: 0,
                program_name: wide(""),
                pythonpath_env: ptr::null_mut(),
                home: ptr::null_mut(),
                platlibdir: wide("lib"),
                module_search_paths_set: 1,
                module_search_paths: empty_list(),
                stdlib_dir: wide(""),
                executable: wide(""),
                base_executable: wide(""),
                prefix: wide(""),
                base_prefix: wide(""),
                exec_prefix: wide(""),
                base_exec_prefix: wide(""),
                skip_source_first_line: 0,
                run_command: ptr::null_mut(),
                run_module: ptr::null_mut(),
                run_filename: ptr::null_mut(),
                _install_importlib: 0,
                _init_main: 1,
                _isolated_interpreter: 0,
                _is_python_build: 0,
            };
            Config(Box::leak(Box::new(config)))
        })
        .0
}

/// `_PyInterpreterState_GetConfig(interp)`: the interpreter's
/// configuration (read-only, for the life of the process), which code
/// generated by Cython 0.29 reads `optimization_level` from to decide
/// whether `assert` runs. See [`config`] for what it says.
///
/// # Safety
/// `interp` must be the interpreter (its value is not read: there is one).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn _PyInterpreterState_GetConfig(
    _interp: *mut PyInterpreterState,
) -> *const PyConfig {
    config()
}

/// `_Py_GetConfig()`: the configuration of the current interpreter (the
/// same as [`_PyInterpreterState_GetConfig`]).
#[unsafe(no_mangle)]
pub extern "C" fn _Py_GetConfig() -> *const PyConfig {
    config()
}

// ==========================================================================
// C entry points: thread states
// ==========================================================================

/// `PyThreadState_New(interp)`: a new thread state, not current. It becomes
/// the calling thread's auto state if that has none (as in CPython).
/// A NULL `interp` means the interpreter (stricter: CPython crashes).
///
/// # Safety
/// `interp` must be NULL or the interpreter.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThreadState_New(interp: *mut PyInterpreterState) -> *mut PyThreadState {
    let interp = if interp.is_null() {
        main_interpreter()
    } else {
        interp
    };
    let tstate = Box::into_raw(Box::new(PyThreadState {
        prev: ptr::null_mut(),
        next: ptr::null_mut(),
        interp,
        _cpython_ints: [0; 5],
        tracing: 0,
        _tracing_what: 0,
        _cpython_ptrs: [ptr::null_mut(); 5],
        err: ErrorSlots {
            curexc_type: ptr::null_mut(),
            curexc_value: ptr::null_mut(),
            curexc_traceback: ptr::null_mut(),
            exc_info: ptr::null_mut(),
        },
        dict: ptr::null_mut(),
        gilstate_counter: 0,
        _async_exc: ptr::null_mut(),
        thread_id: PyThread_get_thread_ident(),
        native_thread_id: crate::python::thread::PyThread_get_thread_native_id(),
        _trash_delete_nesting: 0,
        _cpython_ptrs2: [ptr::null_mut(); 3],
        _coroutine_origin_tracking_depth: 0,
        _async_gen_hooks: [ptr::null_mut(); 2],
        context: ptr::null_mut(),
        _context_ver: 0,
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        exc_state: _PyErr_StackItem {
            exc_value: ptr::null_mut(),
            previous_item: ptr::null_mut(),
        },
    }));
    // SAFETY: a fresh state; the stack's bottom lives inside it, which
    // stays put (a Box never moves).
    unsafe { (*tstate).err.exc_info = &raw mut (*tstate).exc_state };
    threads().push(tstate as usize);
    note_thread_state(tstate);
    tstate
}

/// `PyThreadState_EnterTracing(tstate)`: marks `tstate` as running a trace
/// or profile function, which suspends tracing and profiling on it until
/// the matching `PyThreadState_LeaveTracing` (calls nest). Nothing here
/// traces or profiles (there is no `PyEval_SetTrace`), so the count is all
/// there is to keep.
///
/// # Safety
/// `tstate` must be a live thread state of the calling thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThreadState_EnterTracing(tstate: *mut PyThreadState) {
    if tstate.is_null() {
        fatal_tstate_null("PyThreadState_EnterTracing");
    }
    // SAFETY: live and this thread's per the contract.
    unsafe { (*tstate).tracing += 1 };
}

/// `PyThreadState_LeaveTracing(tstate)`: ends one
/// `PyThreadState_EnterTracing`.
///
/// # Safety
/// As [`PyThreadState_EnterTracing`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThreadState_LeaveTracing(tstate: *mut PyThreadState) {
    if tstate.is_null() {
        fatal_tstate_null("PyThreadState_LeaveTracing");
    }
    // SAFETY: live and this thread's per the contract.
    unsafe { (*tstate).tracing -= 1 };
}

/// `PyThreadState_Clear(tstate)`: drops what the state holds (its dict,
/// its current context, its handled exception, and its pending error
/// unless it is current on the calling thread: the error belongs to the
/// thread there, see [`crate::python::errors`]).
///
/// # Safety
/// `tstate` must be a live thread state; the GIL should be held, as
/// destructors may run.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThreadState_Clear(tstate: *mut PyThreadState) {
    if tstate.is_null() {
        fatal_tstate_null("PyThreadState_Clear");
    }
    // SAFETY: live per the contract.
    let (dict, context) = unsafe {
        (
            std::mem::replace(&mut (*tstate).dict, ptr::null_mut()),
            std::mem::replace(&mut (*tstate).context, ptr::null_mut()),
        )
    };
    // SAFETY: the state owned these references; live per the contract.
    unsafe {
        Py_DecRef(dict);
        Py_DecRef(context);
        crate::python::errors::clear_thread_state(tstate);
    }
}

/// `PyThreadState_Delete(tstate)`: frees a state that is not current. Fatal
/// error if it is current (as CPython) or unknown (stricter: CPython frees
/// whatever it is given).
///
/// # Safety
/// `tstate` must be a thread state no thread uses any more.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThreadState_Delete(tstate: *mut PyThreadState) {
    if tstate.is_null() {
        fatal_tstate_null("tstate_delete_common");
    }
    if tstate == current() {
        fatal_error(
            Some("_PyThreadState_Delete"),
            &format!("tstate {tstate:p} is still current"),
        );
    }
    // SAFETY: not current, and unused per the contract.
    unsafe { delete_state(tstate, "PyThreadState_Delete") }
}

/// `PyThreadState_DeleteCurrent()`: frees the current state and releases
/// the GIL. Fatal error when no state is current.
#[unsafe(no_mangle)]
pub extern "C" fn PyThreadState_DeleteCurrent() {
    let tstate = current();
    if tstate.is_null() {
        fatal_tstate_null("_PyThreadState_DeleteCurrent");
    }
    // Not current first, so the thread's pending error moves out of it.
    swap_current(ptr::null_mut());
    // SAFETY: the state was current, so it is registered; nobody uses it
    // now.
    unsafe { delete_state(tstate, "PyThreadState_DeleteCurrent") };
    drop_gil();
}

/// `PyThreadState_Get()`: the current thread state. Fatal error, as
/// CPython, when the GIL is released (no state is current).
#[unsafe(no_mangle)]
pub extern "C" fn PyThreadState_Get() -> *mut PyThreadState {
    let tstate = current();
    if tstate.is_null() {
        fatal_tstate_null("PyThreadState_Get");
    }
    tstate
}

/// `_PyThreadState_UncheckedGet()`: the current thread state or NULL.
#[unsafe(no_mangle)]
pub extern "C" fn _PyThreadState_UncheckedGet() -> *mut PyThreadState {
    current()
}

/// `PyThreadState_Swap(tstate)`: makes `tstate` (or none, for NULL) current
/// and returns the previous state, without touching the GIL; the caller
/// must hold it.
///
/// # Safety
/// `tstate` must be NULL or a live thread state.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThreadState_Swap(tstate: *mut PyThreadState) -> *mut PyThreadState {
    swap_current(tstate)
}

/// `PyThreadState_GetDict()`: the current thread state's dict for
/// extensions to keep per-thread state in (borrowed; made on first use), or
/// NULL without an exception when no state is current.
#[unsafe(no_mangle)]
pub extern "C" fn PyThreadState_GetDict() -> *mut PyObject {
    let tstate = current();
    if tstate.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: the current state, touched only by the GIL holder.
    unsafe {
        if (*tstate).dict.is_null() {
            let dict = PyDict_New();
            if dict.is_null() {
                errors::PyErr_Clear();
            }
            (*tstate).dict = dict;
        }
        (*tstate).dict
    }
}

/// `PyThreadState_GetInterpreter(tstate)`.
///
/// # Safety
/// `tstate` must be a live thread state.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThreadState_GetInterpreter(
    tstate: *mut PyThreadState,
) -> *mut PyInterpreterState {
    if tstate.is_null() {
        fatal_tstate_null("PyThreadState_GetInterpreter");
    }
    // SAFETY: live per the contract.
    unsafe { (*tstate).interp }
}

/// `PyThreadState_GetID(tstate)`: the state's unique id.
///
/// # Safety
/// `tstate` must be a live thread state.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThreadState_GetID(tstate: *mut PyThreadState) -> u64 {
    if tstate.is_null() {
        fatal_tstate_null("PyThreadState_GetID");
    }
    // SAFETY: live per the contract.
    unsafe { (*tstate).id }
}

/// `PyThreadState_GetFrame(tstate)`: the Python frame the thread is
/// running, as a new reference. No Python code runs in this library, so
/// there is none: NULL, with no error, which is also what CPython returns
/// for a thread running only C code.
///
/// # Safety
/// `tstate` must be a live thread state.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PyThreadState_GetFrame(tstate: *mut PyThreadState) -> *mut PyFrameObject {
    if tstate.is_null() {
        fatal_tstate_null("PyThreadState_GetFrame");
    }
    ptr::null_mut()
}

/// `PyEval_GetFrame()`: the current Python frame (borrowed); NULL, as for
/// [`PyThreadState_GetFrame`].
#[unsafe(no_mangle)]
pub extern "C" fn PyEval_GetFrame() -> *mut PyFrameObject {
    ptr::null_mut()
}

// ==========================================================================
// C entry points: PyGILState
// ==========================================================================

/// `PyGILState_GetThisThreadState()`: the calling thread's auto state, or
/// NULL.
#[unsafe(no_mangle)]
pub extern "C" fn PyGILState_GetThisThreadState() -> *mut PyThreadState {
    this_thread_state()
}

/// `PyGILState_Check()`: 1 when the calling thread holds the GIL through its
/// auto state, else 0. (CPython answers 1 before `Py_Initialize`, when no
/// GIL exists yet; here the GIL always exists.)
#[unsafe(no_mangle)]
pub extern "C" fn PyGILState_Check() -> c_int {
    let tstate = current();
    (!tstate.is_null() && tstate == this_thread_state()) as c_int
}

/// `PyGILState_Ensure()`: makes sure the calling thread holds the GIL with
/// its auto state (creating one if needed), and says whether it already
/// did. Calls nest; each needs a matching [`PyGILState_Release`].
#[unsafe(no_mangle)]
pub extern "C" fn PyGILState_Ensure() -> PyGILState_STATE {
    let mut tcur = this_thread_state();
    let was_current = if tcur.is_null() {
        // SAFETY: NULL means the interpreter.
        tcur = unsafe { PyThreadState_New(ptr::null_mut()) };
        // Ours: the matching Release deletes it.
        // SAFETY: a fresh, live state.
        unsafe { (*tcur).gilstate_counter = 0 };
        false
    } else {
        tcur == current()
    };
    if !was_current {
        // SAFETY: a live state of this thread.
        unsafe { PyEval_RestoreThread(tcur) };
    }
    // SAFETY: live, and only this thread (holding the GIL) touches it.
    unsafe { (*tcur).gilstate_counter += 1 };
    if was_current {
        PyGILState_LOCKED
    } else {
        PyGILState_UNLOCKED
    }
}

/// `PyGILState_Release(state)`: undoes the matching `PyGILState_Ensure`:
/// releases the GIL if that call took it, and deletes the auto state after
/// the outermost release of a state `Ensure` created. Fatal errors, with
/// CPython's messages, when the thread has no auto state or it is not
/// current.
#[unsafe(no_mangle)]
pub extern "C" fn PyGILState_Release(oldstate: PyGILState_STATE) {
    let tstate = this_thread_state();
    if tstate.is_null() {
        fatal_error(
            Some("PyGILState_Release"),
            "auto-releasing thread-state, but no thread-state for this thread",
        );
    }
    if tstate != current() {
        fatal_error(
            Some("PyGILState_Release"),
            &format!("thread state {tstate:p} must be current when releasing"),
        );
    }
    // SAFETY: live and current, so only this thread touches it.
    let counter = unsafe {
        (*tstate).gilstate_counter -= 1;
        (*tstate).gilstate_counter
    };
    if counter == 0 {
        // SAFETY: current and live; cleared while the GIL is held.
        unsafe { PyThreadState_Clear(tstate) };
        PyThreadState_DeleteCurrent();
    } else if oldstate == PyGILState_UNLOCKED {
        PyEval_SaveThread();
    }
}

// ==========================================================================
// The Rust API
// ==========================================================================

/// Holds the GIL for the calling thread while it lives (`PyGILState_Ensure`
/// on creation, `PyGILState_Release` on drop). Reentrant: a thread that
/// already holds the GIL gets a guard that leaves it held when dropped.
///
/// Not `Send`: the GIL is released by the thread that took it.
#[must_use = "the GIL is released when the guard is dropped"]
pub struct Guard {
    state: PyGILState_STATE,
    _not_send: PhantomData<*const ()>,
}

thread_local! {
    /// Whether this thread's auto state was made to last (see
    /// [`Guard::acquire_lasting`]).
    static LASTING: Cell<bool> = const { Cell::new(false) };
}

impl Guard {
    /// Takes the GIL, waiting for it if another thread holds it.
    pub fn acquire() -> Guard {
        Guard {
            state: PyGILState_Ensure(),
            _not_send: PhantomData,
        }
    }

    /// [`Guard::acquire`] on a thread state that outlives the guard: the
    /// first call on a thread makes its state and keeps one `Ensure` level
    /// of it for the thread's life, as CPython keeps the state of a thread
    /// it knows (the main thread, a `threading` thread). What C code keeps
    /// per thread (`PyThreadState_GetDict()`, the current context of
    /// `contextvars`) then lasts from one call to the next, as between two
    /// calls of a Python script; with [`Guard::acquire`] every outermost
    /// release deleted it. The state is never deleted (an exiting thread
    /// cannot safely wait for the GIL to clear it).
    pub fn acquire_lasting() -> Guard {
        if !LASTING.get() {
            LASTING.set(true);
            // The level this `Ensure` adds is never released; only the GIL
            // is, if this call took it.
            if PyGILState_Ensure() == PyGILState_UNLOCKED {
                PyEval_SaveThread();
            }
        }
        Guard::acquire()
    }

    /// True when the calling thread holds the GIL.
    pub fn is_held() -> bool {
        PyGILState_Check() == 1
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        PyGILState_Release(self.state);
    }
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("was_held", &(self.state == PyGILState_LOCKED))
            .finish()
    }
}

/// Runs `work` with the GIL released (as `Py_BEGIN_ALLOW_THREADS` …
/// `Py_END_ALLOW_THREADS`) when the calling thread holds it, and takes it
/// back afterwards; runs it directly otherwise.
pub fn allow_threads<T>(work: impl FnOnce() -> T) -> T {
    if !Guard::is_held() {
        return work();
    }
    /// Takes the GIL back even if `work` unwinds.
    struct Restore(*mut PyThreadState);
    impl Drop for Restore {
        fn drop(&mut self) {
            // SAFETY: the state saved below, still live (it is this
            // thread's auto state).
            unsafe { PyEval_RestoreThread(self.0) };
        }
    }
    let _restore = Restore(PyEval_SaveThread());
    work()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize};

    #[test]
    fn guard_is_reentrant() {
        assert!(!Guard::is_held());
        {
            let outer = Guard::acquire();
            assert!(Guard::is_held());
            let tstate = PyGILState_GetThisThreadState();
            assert!(!tstate.is_null());
            {
                let _inner = Guard::acquire();
                assert!(Guard::is_held());
                assert_eq!(PyGILState_GetThisThreadState(), tstate);
            }
            assert!(Guard::is_held(), "the inner guard leaves the GIL held");
            drop(outer);
        }
        assert!(!Guard::is_held());
        assert!(PyGILState_GetThisThreadState().is_null());
    }

    #[test]
    fn guards_exclude_each_other_and_allow_threads_releases() {
        let inside = Arc::new(AtomicUsize::new(0));
        let overlap = Arc::new(AtomicBool::new(false));
        let released_together = Arc::new(std::sync::Barrier::new(3));
        let threads: Vec<_> = (0..3)
            .map(|_| {
                let (inside, overlap, barrier) =
                    (inside.clone(), overlap.clone(), released_together.clone());
                std::thread::spawn(move || {
                    let _gil = Guard::acquire();
                    for _ in 0..200 {
                        if inside.fetch_add(1, Ordering::SeqCst) != 0 {
                            overlap.store(true, Ordering::SeqCst);
                        }
                        std::thread::yield_now();
                        inside.fetch_sub(1, Ordering::SeqCst);
                    }
                    // All three meet here only if each released the GIL.
                    allow_threads(|| barrier.wait());
                    assert!(Guard::is_held());
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(
            !overlap.load(Ordering::SeqCst),
            "two threads held the GIL at once"
        );
    }
}
