/*
 * osmodule.h -- os.fspath() for C: PyOS_FSPath returns a str or bytes path
 * itself, or what an os.PathLike's __fspath__ returns.
 */
#ifndef Py_OSMODULE_H
#define Py_OSMODULE_H

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(PyObject *) PyOS_FSPath(PyObject *path);

#ifdef __cplusplus
}
#endif
#endif /* !Py_OSMODULE_H */
