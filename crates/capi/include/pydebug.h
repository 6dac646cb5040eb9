/*
 * pydebug.h -- the interpreter's command-line flags, as CPython 3.11's
 * cpython/pydebug.h declares them.
 *
 * Only Py_OptimizeFlag is here: extensions read it to know whether
 * `assert` statements run (Cython's generated code does). pybuffer has no
 * command line and never optimises, so it is 0, as CPython's without -O.
 */
#ifndef Py_PYDEBUG_H
#define Py_PYDEBUG_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
PyAPI_DATA(int) Py_OptimizeFlag;
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYDEBUG_H */
