/*
 * pystrcmp.h -- C-string comparison ignoring ASCII case, whatever the
 * locale (CPython's Python/pystrcmp.c).
 */
#ifndef Py_STRCMP_H
#define Py_STRCMP_H

#include "pyport.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(int) PyOS_mystrnicmp(const char *s1, const char *s2, Py_ssize_t size);
PyAPI_FUNC(int) PyOS_mystricmp(const char *s1, const char *s2);

#define PyOS_strnicmp PyOS_mystrnicmp
#define PyOS_stricmp PyOS_mystricmp

#ifdef __cplusplus
}
#endif

#endif /* !Py_STRCMP_H */
