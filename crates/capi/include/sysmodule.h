/*
 * sysmodule.h -- the sys module. There is none in this library (no
 * interpreter, no sys.modules beyond the loaded-extension registry of
 * import.h): PySys_GetObject is declared only, and a call to it fails to
 * compile (see _Pyb_UNAVAILABLE in pyport.h).
 */
#ifndef Py_SYSMODULE_H
#define Py_SYSMODULE_H

#ifdef __cplusplus
extern "C" {
#endif

extern PyObject *PySys_GetObject(const char *name) _Pyb_UNAVAILABLE("pybuffer has no sys module");

#ifdef __cplusplus
}
#endif

#endif /* !Py_SYSMODULE_H */
