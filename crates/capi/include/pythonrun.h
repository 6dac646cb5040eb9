/*
 * pythonrun.h -- printing errors: PyErr_Print and PyErr_Display, in the
 * format of Python's default sys.excepthook (no traceback lines: without
 * Python frames there are none).
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

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYTHONRUN_H */
