/*
 * cpython/initconfig.h -- the interpreter configuration types of CPython
 * 3.11, with their layout: PyWideStringList and PyConfig.
 *
 * pybuffer has no interpreter to configure and does not implement the
 * PyConfig_* / Py_InitializeFromConfig functions; the types are here because
 * code written for CPython names them (pythoncapi_compat.h's PyConfig_Get
 * backport reads PyConfig members by offset, which needs the layout to
 * compile) and reads the runtime's own (_PyInterpreterState_GetConfig,
 * declared in pystate.h). Not part of the limited API.
 */
#ifndef Py_LIMITED_API
#ifndef Py_CPYTHON_INITCONFIG_H
#define Py_CPYTHON_INITCONFIG_H

#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A list of wide strings: `length` items, each non-NULL. */
typedef struct {
    Py_ssize_t length;
    wchar_t **items;
} PyWideStringList;

/* CPython 3.11's configuration, member for member. */
typedef struct PyConfig {
    int _config_init;
    int isolated;
    int use_environment;
    int dev_mode;
    int install_signal_handlers;
    int use_hash_seed;
    unsigned long hash_seed;
    int faulthandler;
    int tracemalloc;
    int import_time;
    int code_debug_ranges;
    int show_ref_count;
    int dump_refs;
    wchar_t *dump_refs_file;
    int malloc_stats;
    wchar_t *filesystem_encoding;
    wchar_t *filesystem_errors;
    wchar_t *pycache_prefix;
    int parse_argv;
    PyWideStringList orig_argv;
    PyWideStringList argv;
    PyWideStringList xoptions;
    PyWideStringList warnoptions;
    int site_import;
    int bytes_warning;
    int warn_default_encoding;
    int inspect;
    int interactive;
    int optimization_level;
    int parser_debug;
    int write_bytecode;
    int verbose;
    int quiet;
    int user_site_directory;
    int configure_c_stdio;
    int buffered_stdio;
    wchar_t *stdio_encoding;
    wchar_t *stdio_errors;
#ifdef MS_WINDOWS
    int legacy_windows_stdio;
#endif
    wchar_t *check_hash_pycs_mode;
    int use_frozen_modules;
    int safe_path;
    /* path configuration inputs */
    int pathconfig_warnings;
    wchar_t *program_name;
    wchar_t *pythonpath_env;
    wchar_t *home;
    wchar_t *platlibdir;
    /* path configuration outputs */
    int module_search_paths_set;
    PyWideStringList module_search_paths;
    wchar_t *stdlib_dir;
    wchar_t *executable;
    wchar_t *base_executable;
    wchar_t *prefix;
    wchar_t *base_prefix;
    wchar_t *exec_prefix;
    wchar_t *base_exec_prefix;
    /* what to run */
    int skip_source_first_line;
    wchar_t *run_command;
    wchar_t *run_module;
    wchar_t *run_filename;
    /* private */
    int _install_importlib;
    int _init_main;
    int _isolated_interpreter;
    int _is_python_build;
} PyConfig;

#ifdef __cplusplus
}
#endif

#endif /* !Py_CPYTHON_INITCONFIG_H */
#endif /* !Py_LIMITED_API */
