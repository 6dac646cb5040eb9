/*
 * warnings.h -- issuing warnings from C.
 *
 * There is no warnings module: each warning goes to one process-wide hook
 * (the Node layer's), or without one is printed to stderr as CPython prints
 * it ("sys:1: UserWarning: message") when CPython's default filters would
 * show it. No filter turns a warning into an error, so these return 0, or
 * -1 only when the warning itself could not be made.
 */
#ifndef Py_WARNINGS_H
#define Py_WARNINGS_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(int) PyErr_WarnEx(PyObject *category, const char *message /* UTF-8 */,
                             Py_ssize_t stack_level);
PyAPI_FUNC(int) PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level,
                                 const char *format, ...);
/* Emit a ResourceWarning about `source`. */
PyAPI_FUNC(int) PyErr_ResourceWarning(PyObject *source, Py_ssize_t stack_level,
                                      const char *format, ...);
PyAPI_FUNC(int) PyErr_WarnExplicit(PyObject *category, const char *message /* UTF-8 */,
                                   const char *filename, int lineno,
                                   const char *module /* UTF-8, or NULL */,
                                   PyObject *registry);
PyAPI_FUNC(int) PyErr_WarnExplicitObject(PyObject *category, PyObject *message,
                                         PyObject *filename, int lineno,
                                         PyObject *module, PyObject *registry);
PyAPI_FUNC(int) PyErr_WarnExplicitFormat(PyObject *category, const char *filename,
                                         int lineno, const char *module,
                                         PyObject *registry, const char *format, ...);

/* DEPRECATED: use PyErr_WarnEx(). */
#define PyErr_Warn(category, msg) PyErr_WarnEx(category, msg, 1)

#ifdef __cplusplus
}
#endif

#endif /* !Py_WARNINGS_H */
