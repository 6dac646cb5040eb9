/*
 * pystrtod.h -- locale-independent conversions between double and text
 * (Python/pystrtod.c): PyOS_string_to_double and PyOS_double_to_string.
 */
#ifndef Py_STRTOD_H
#define Py_STRTOD_H

#ifdef __cplusplus
extern "C" {
#endif

/* The number s spells (all of it when endptr is NULL; else as much as can
   be read, *endptr set past it). -1.0 with ValueError when there is none;
   a finite number too large gives +-inf, or -1.0 with overflow_exception
   when that is not NULL. */
PyAPI_FUNC(double) PyOS_string_to_double(const char *str, char **endptr, PyObject *overflow_exception);

/* val as '%.*e' / '%.*f' / '%.*g' (upper case: 'E', 'F', 'G') or repr()
   ('r', precision 0), shaped by the Py_DTSF_* flags; *type (if not NULL)
   gets a Py_DTST_* kind. Free the result with PyMem_Free. */
PyAPI_FUNC(char *) PyOS_double_to_string(double val, char format_code, int precision, int flags, int *type);

/* PyOS_double_to_string's flags. */
#define Py_DTSF_SIGN 0x01      /* always add the sign */
#define Py_DTSF_ADD_DOT_0 0x02 /* if the result is an integer add ".0" */
#define Py_DTSF_ALT 0x04       /* "alternate" formatting; 'e', 'f' and 'g' only */
#define Py_DTSF_NO_NEG_0 0x08  /* negative zero result is coerced to 0 */

/* The kinds *type reports. */
#define Py_DTST_FINITE 0
#define Py_DTST_INFINITE 1
#define Py_DTST_NAN 2

#ifdef __cplusplus
}
#endif

#endif /* !Py_STRTOD_H */
