/* Differential cases for the runtime's configuration as C code reads it:
 * _PyInterpreterState_GetConfig (Cython 0.29 reads optimization_level from
 * it to decide whether assert statements run) and _Py_GetConfig. Only the
 * switches both runtimes share are compared: pybuffer has no command line,
 * import path, site import, bytecode or OS signal handlers of its own
 * (see the README), so those fields, the paths and the environment-set
 * stdio switches differ by design.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>

#include "case.h"

int main(void)
{
    Py_Initialize();
    const PyConfig *c = _PyInterpreterState_GetConfig(PyThreadState_Get()->interp);
    show("the config is there", PyBool_FromLong(c != NULL));
    show("_Py_GetConfig() is the same", PyBool_FromLong(_Py_GetConfig() == c));
    show("PyInterpreterState_Get()'s is the same",
         PyBool_FromLong(_PyInterpreterState_GetConfig(PyInterpreterState_Get()) == c));
#define FIELD(f) show("config->" #f, PyLong_FromLong((long)c->f))
    FIELD(_config_init);
    FIELD(isolated);
    FIELD(use_environment);
    FIELD(dev_mode);
    FIELD(use_hash_seed);
    FIELD(hash_seed);
    FIELD(faulthandler);
    FIELD(tracemalloc);
    FIELD(import_time);
    FIELD(code_debug_ranges);
    FIELD(show_ref_count);
    FIELD(dump_refs);
    FIELD(malloc_stats);
    FIELD(parse_argv);
    FIELD(orig_argv.length);
    FIELD(xoptions.length);
    FIELD(warnoptions.length);
    FIELD(bytes_warning);
    FIELD(warn_default_encoding);
    FIELD(inspect);
    FIELD(interactive);
    FIELD(optimization_level);
    FIELD(parser_debug);
    FIELD(verbose);
    FIELD(quiet);
    FIELD(configure_c_stdio);
    FIELD(safe_path);
    FIELD(module_search_paths_set);
    FIELD(skip_source_first_line);
    FIELD(_init_main);
    FIELD(_isolated_interpreter);
    FIELD(_is_python_build);
    show("optimization_level == Py_OptimizeFlag", PyBool_FromLong(c->optimization_level == Py_OptimizeFlag));
    show("check_hash_pycs_mode", PyUnicode_FromWideChar(c->check_hash_pycs_mode, -1));
    show("platlibdir", PyUnicode_FromWideChar(c->platlibdir, -1));
    show("run_command is NULL", PyBool_FromLong(c->run_command == NULL));
    show("run_module is NULL", PyBool_FromLong(c->run_module == NULL));
    show("run_filename is NULL", PyBool_FromLong(c->run_filename == NULL));
    show("pycache_prefix is NULL", PyBool_FromLong(c->pycache_prefix == NULL));
    show("home is NULL", PyBool_FromLong(c->home == NULL));
    show("filesystem_errors", PyUnicode_FromWideChar(c->filesystem_errors, -1));
    return 0;
}
