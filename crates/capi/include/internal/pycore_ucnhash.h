/*
 * internal/pycore_ucnhash.h -- the Unicode name database interface
 * CPython 3.11 declares only in this internal header: the struct of two
 * lookups (a code point's name, a name's code point) that unicodedata
 * exports in the capsule "unicodedata._ucnhash_CAPI" and the
 * "\N{...}" escape decoder imports. unicodedata2 includes it (defining
 * Py_BUILD_CORE) to export the same capsule from its newer tables.
 */
#ifndef Py_INTERNAL_UCNHASH_H
#define Py_INTERNAL_UCNHASH_H

#include "Python.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_BUILD_CORE
#  error "this header requires Py_BUILD_CORE define"
#endif

#define PyUnicodeData_CAPSULE_NAME "unicodedata._ucnhash_CAPI"

typedef struct {
    /* the name of `code` into `buffer` (of `buflen` bytes, NUL-terminated);
       nonzero on success, no exception set either way */
    int (*getname)(Py_UCS4 code, char *buffer, int buflen, int with_alias_and_seq);
    /* the code point named by `name[:namelen]` into *code; as getname */
    int (*getcode)(const char *name, int namelen, Py_UCS4 *code, int with_named_seq);
} _PyUnicode_Name_CAPI;

#ifdef __cplusplus
}
#endif

#endif /* !Py_INTERNAL_UCNHASH_H */
