/*
 * pylifecycle.h -- starting and stopping: Py_Initialize makes the calling
 * thread hold the GIL (there is no interpreter to start), Py_Finalize runs
 * the Py_AtExit functions and releases it. Py_FatalError is declared in
 * pyerrors.h, as in CPython.
 */
#ifndef Py_PYLIFECYCLE_H
#define Py_PYLIFECYCLE_H

#include "pyport.h"

#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(void) Py_Initialize(void);
PyAPI_FUNC(void) Py_InitializeEx(int initsigs);
PyAPI_FUNC(void) Py_Finalize(void);
PyAPI_FUNC(int) Py_FinalizeEx(void);
PyAPI_FUNC(int) Py_IsInitialized(void);
#ifndef Py_LIMITED_API
/* 1 once Py_FinalizeEx has begun, else 0. */
PyAPI_FUNC(int) _Py_IsFinalizing(void);
#endif

/* Registers a function to run at Py_FinalizeEx (at most 32; -1 when full). */
PyAPI_FUNC(int) Py_AtExit(void (*func)(void));

PyAPI_FUNC(void) Py_Exit(int status) _Py_NO_RETURN;

#ifndef Py_LIMITED_API
/* The command line the interpreter was started with (CPython's
   orig_argv). There is no interpreter command line here: always 0 and
   NULL, as embedded CPython after Py_Initialize() reports. */
PyAPI_FUNC(void) Py_GetArgcArgv(int *argc, wchar_t ***argv);
#endif

/* The version of the library the extension runs against, as
   PY_VERSION_HEX encodes it (3.11's runtime check; Cython reads it). */
PyAPI_DATA(const unsigned long) Py_Version;
/* The version as text: PY_VERSION, then what built it in parentheses
   (CPython's also names its build and compiler; code reads the leading
   "3.11"). */
PyAPI_FUNC(const char *) Py_GetVersion(void);
/* sys.platform ("linux", "darwin", "win32"). */
PyAPI_FUNC(const char *) Py_GetPlatform(void);
/* CPython 3.11's copyright notice, as sys.copyright. */
PyAPI_FUNC(const char *) Py_GetCopyright(void);
/* The compiler of the library, bracketed as CPython's ("[rustc]"). */
PyAPI_FUNC(const char *) Py_GetCompiler(void);
/* What Py_GetVersion gives in parentheses ("pybuffer <version>"). */
PyAPI_FUNC(const char *) Py_GetBuildInfo(void);

/* Signals: the handler of a signal, read and set with sigaction (an empty
   mask and SA_ONSTACK); SIG_ERR, errno set, for a bad signal number. */
typedef void (*PyOS_sighandler_t)(int);
PyAPI_FUNC(PyOS_sighandler_t) PyOS_getsig(int sig);
PyAPI_FUNC(PyOS_sighandler_t) PyOS_setsig(int sig, PyOS_sighandler_t handler);

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYLIFECYCLE_H */
