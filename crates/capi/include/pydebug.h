/*
 * pydebug.h -- the interpreter's command-line flags, as CPython 3.11's
 * cpython/pydebug.h declares them.
 *
 * As in CPython they are inputs to Py_Initialize (the configuration takes
 * them, and the PYTHONVERBOSE, PYTHONDEBUG, PYTHONINSPECT and
 * PYTHONUNBUFFERED environment variables unless Py_IgnoreEnvironmentFlag
 * or Py_IsolatedFlag is set) and outputs: Py_Initialize rewrites each from
 * the configuration. pybuffer has no command line, no site import, no
 * user site directory, writes no bytecode and has no path configuration,
 * so after Py_Initialize Py_NoSiteFlag, Py_NoUserSiteDirectory,
 * Py_DontWriteBytecodeFlag and Py_FrozenFlag are 1; Py_OptimizeFlag (which
 * Cython reads to decide whether `assert` runs) is 0 unless C code set it.
 */
#ifndef Py_PYDEBUG_H
#define Py_PYDEBUG_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
PyAPI_DATA(int) Py_DebugFlag;
PyAPI_DATA(int) Py_VerboseFlag;
PyAPI_DATA(int) Py_QuietFlag;
PyAPI_DATA(int) Py_InteractiveFlag;
PyAPI_DATA(int) Py_InspectFlag;
PyAPI_DATA(int) Py_OptimizeFlag;
PyAPI_DATA(int) Py_NoSiteFlag;
PyAPI_DATA(int) Py_BytesWarningFlag;
PyAPI_DATA(int) Py_FrozenFlag;
PyAPI_DATA(int) Py_IgnoreEnvironmentFlag;
PyAPI_DATA(int) Py_DontWriteBytecodeFlag;
PyAPI_DATA(int) Py_NoUserSiteDirectory;
PyAPI_DATA(int) Py_UnbufferedStdioFlag;
PyAPI_DATA(int) Py_HashRandomizationFlag;
PyAPI_DATA(int) Py_IsolatedFlag;
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYDEBUG_H */
