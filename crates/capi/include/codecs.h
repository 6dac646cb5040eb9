/*
 * codecs.h -- Py_hexdigits, the lower-case hex digits CPython's
 * Python/codecs.c exports (extensions use it to hex-format digests).
 * pybuffer has no codec registry: PyCodec_* is not declared.
 */
#ifndef Py_CODECREGISTRY_H
#define Py_CODECREGISTRY_H

#include "pyport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "0123456789abcdef" */
PyAPI_DATA(const char *) Py_hexdigits;

#ifdef __cplusplus
}
#endif

#endif /* !Py_CODECREGISTRY_H */
