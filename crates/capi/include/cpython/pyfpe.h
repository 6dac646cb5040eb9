/*
 * cpython/pyfpe.h -- the floating-point-exception guards of old CPython
 * (PyFPE_START_PROTECT / PyFPE_END_PROTECT). CPython 3.11 keeps them as
 * empty macros so that code written for it (Cython 0.2x's generated C,
 * for one) still compiles; they expand to nothing here too.
 * Not part of the limited API.
 */
#ifndef Py_PYFPE_H
#define Py_PYFPE_H
#ifndef Py_LIMITED_API

/* Both take a statement-like argument list and expand to nothing, so the
   `PyFPE_END_PROTECT(x)` a caller writes without a trailing semicolon
   stays valid C. */
#define PyFPE_START_PROTECT(err_string, leave_stmt)
#define PyFPE_END_PROTECT(v)

#endif /* !Py_LIMITED_API */
#endif /* !Py_PYFPE_H */
