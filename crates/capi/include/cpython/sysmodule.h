/*
 * cpython/sysmodule.h -- audit hooks from C (sysmodule.rs): a hook sees
 * every audited event (PySys_Audit, sys.audit) before the hooks that
 * sys.addaudithook added, and cannot be removed. Not part of the limited
 * API.
 */
#ifndef Py_CPYTHON_SYSMODULE_H
#  error "this header file must not be included directly"
#endif

typedef int (*Py_AuditHookFunction)(const char *, PyObject *, void *);

PyAPI_FUNC(int) PySys_Audit(const char *event, const char *argFormat, ...);
PyAPI_FUNC(int) PySys_AddAuditHook(Py_AuditHookFunction, void *);
