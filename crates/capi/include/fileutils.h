/*
 * fileutils.h -- Py_DecodeLocale and Py_EncodeLocale (CPython's
 * Python/fileutils.c), with the locale encoding taken to be UTF-8 and the
 * surrogateescape handler. They set no exception.
 */
#ifndef Py_FILEUTILS_H
#define Py_FILEUTILS_H

#include <stddef.h>
#include <wchar.h>

#include "pyport.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A new wchar_t string from PyMem_RawMalloc (free with PyMem_RawFree);
   NULL with *size == (size_t)-1 when memory runs out. */
PyAPI_FUNC(wchar_t *) Py_DecodeLocale(const char *arg, size_t *size);
/* A new string from PyMem_Malloc (free with PyMem_Free); NULL with
   *error_pos at a surrogate it cannot encode, or (size_t)-1 when memory
   runs out. */
PyAPI_FUNC(char *) Py_EncodeLocale(const wchar_t *text, size_t *error_pos);

#ifdef __cplusplus
}
#endif

#endif /* !Py_FILEUTILS_H */
