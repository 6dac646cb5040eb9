//! `cpython/initconfig.h`: `PyWideStringList` and `PyConfig`, CPython
//! 3.11's interpreter configuration, member for member (the header
//! declares the same layout), for [`crate::python::pystate`]'s
//! `_PyInterpreterState_GetConfig`.

#![allow(non_camel_case_types)]

use std::ffi::{c_int, c_ulong};

use crate::ffi::pyport::Py_ssize_t;

/// A list of `length` wide strings.
#[allow(missing_docs)] // the fields are CPython's, documented there
#[repr(C)]
#[derive(Debug)]
pub struct PyWideStringList {
    pub length: Py_ssize_t,
    pub items: *mut *mut libc::wchar_t,
}

/// CPython 3.11's `PyConfig` (Windows' `legacy_windows_stdio` included
/// where the header has it).
#[allow(missing_docs)] // the fields are CPython's, documented there
#[repr(C)]
#[derive(Debug)]
pub struct PyConfig {
    pub _config_init: c_int,
    pub isolated: c_int,
    pub use_environment: c_int,
    pub dev_mode: c_int,
    pub install_signal_handlers: c_int,
    pub use_hash_seed: c_int,
    pub hash_seed: c_ulong,
    pub faulthandler: c_int,
    pub tracemalloc: c_int,
    pub import_time: c_int,
    pub code_debug_ranges: c_int,
    pub show_ref_count: c_int,
    pub dump_refs: c_int,
    pub dump_refs_file: *mut libc::wchar_t,
    pub malloc_stats: c_int,
    pub filesystem_encoding: *mut libc::wchar_t,
    pub filesystem_errors: *mut libc::wchar_t,
    pub pycache_prefix: *mut libc::wchar_t,
    pub parse_argv: c_int,
    pub orig_argv: PyWideStringList,
    pub argv: PyWideStringList,
    pub xoptions: PyWideStringList,
    pub warnoptions: PyWideStringList,
    pub site_import: c_int,
    pub bytes_warning: c_int,
    pub warn_default_encoding: c_int,
    pub inspect: c_int,
    pub interactive: c_int,
    pub optimization_level: c_int,
    pub parser_debug: c_int,
    pub write_bytecode: c_int,
    pub verbose: c_int,
    pub quiet: c_int,
    pub user_site_directory: c_int,
    pub configure_c_stdio: c_int,
    pub buffered_stdio: c_int,
    pub stdio_encoding: *mut libc::wchar_t,
    pub stdio_errors: *mut libc::wchar_t,
    #[cfg(windows)]
    pub legacy_windows_stdio: c_int,
    pub check_hash_pycs_mode: *mut libc::wchar_t,
    pub use_frozen_modules: c_int,
    pub safe_path: c_int,
    pub pathconfig_warnings: c_int,
    pub program_name: *mut libc::wchar_t,
    pub pythonpath_env: *mut libc::wchar_t,
    pub home: *mut libc::wchar_t,
    pub platlibdir: *mut libc::wchar_t,
    pub module_search_paths_set: c_int,
    pub module_search_paths: PyWideStringList,
    pub stdlib_dir: *mut libc::wchar_t,
    pub executable: *mut libc::wchar_t,
    pub base_executable: *mut libc::wchar_t,
    pub prefix: *mut libc::wchar_t,
    pub base_prefix: *mut libc::wchar_t,
    pub exec_prefix: *mut libc::wchar_t,
    pub base_exec_prefix: *mut libc::wchar_t,
    pub skip_source_first_line: c_int,
    pub run_command: *mut libc::wchar_t,
    pub run_module: *mut libc::wchar_t,
    pub run_filename: *mut libc::wchar_t,
    pub _install_importlib: c_int,
    pub _init_main: c_int,
    pub _isolated_interpreter: c_int,
    pub _is_python_build: c_int,
}
