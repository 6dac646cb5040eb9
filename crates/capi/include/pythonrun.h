/*
 * pythonrun.h -- printing errors: PyErr_Print and PyErr_Display, in the
 * format of Python's default sys.excepthook (no traceback lines: without
 * Python frames there are none). No PyRun_* function is defined (see
 * PyRun_String below).
 */
#ifndef Py_PYTHONRUN_H
#define Py_PYTHONRUN_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Prints the pending error to stderr and clears it; a pending SystemExit
   exits the process with its code instead, as in CPython. */
PyAPI_FUNC(void) PyErr_Print(void);
PyAPI_FUNC(void) PyErr_PrintEx(int set_sys_last_vars);
PyAPI_FUNC(void) PyErr_Display(PyObject *type, PyObject *value, PyObject *traceback);

/* Running Python source needs an interpreter, which pybuffer does not have,
   and the library does not define PyRun_String. It is declared so that
   code naming it where the compiler removes the call builds: Cython 0.29
   and 3.0 output with a generator calls it only to register the generator
   type with collections.abc, which pyconfig.h switches off
   (CYTHON_REGISTER_ABCS). With GCC or Clang, a call that survives
   optimisation is a compile-time error naming it; elsewhere, a link
   error. */
#if defined(__has_attribute)
#  if __has_attribute(error)
#    define _Py_PYBUFFER_ABSENT(msg) __attribute__((error(msg)))
#  endif
#endif
#ifndef _Py_PYBUFFER_ABSENT
#  define _Py_PYBUFFER_ABSENT(msg)
#endif
_Py_PYBUFFER_ABSENT("pybuffer has no interpreter to run Python source: PyRun_String is not available")
PyAPI_FUNC(PyObject *) PyRun_String(const char *str, int start, PyObject *globals, PyObject *locals);

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYTHONRUN_H */
