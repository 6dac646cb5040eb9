/*
 * fileobject.h -- writing to Python file objects from C (CPython's
 * Objects/fileobject.c): PyFile_WriteObject calls `f.write(str(v))` (with
 * Py_PRINT_RAW, from object.h) or `f.write(repr(v))`; PyFile_WriteString
 * writes a C string. There are no file objects of the library's own: `f`
 * is any object with a `write` method (what C code installs as
 * sys.stdout, say). What `print()` writes with. PyObject_AsFileDescriptor
 * takes an int or an object with a fileno() method.
 */
#ifndef Py_FILEOBJECT_H
#define Py_FILEOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(int) PyFile_WriteObject(PyObject *v, PyObject *f, int flags);
PyAPI_FUNC(int) PyFile_WriteString(const char *s, PyObject *f);
/* The fd an int is, or that o.fileno() returns; -1 with the error. */
PyAPI_FUNC(int) PyObject_AsFileDescriptor(PyObject *o);

/* The file-system encoding and its error handler: NULL until Py_Initialize,
   then "utf-8" and "surrogateescape", NULL again after Py_Finalize (as on
   Linux CPython, where Py_HasFileSystemDefaultEncoding is 0). Py_UTF8Mode
   is the UTF-8 mode (0 under Py_Initialize unless set before it or by
   PYTHONUTF8=1). */
PyAPI_DATA(const char *) Py_FileSystemDefaultEncoding;
PyAPI_DATA(const char *) Py_FileSystemDefaultEncodeErrors;
PyAPI_DATA(int) Py_HasFileSystemDefaultEncoding;
PyAPI_DATA(int) Py_UTF8Mode;

#ifndef Py_LIMITED_API
/* fgets() ending lines at \n, \r\n or \r, each stored as \n: at most n - 1
   characters, NUL-terminated; NULL when nothing was read. fobj must be
   NULL (else NULL with errno ENXIO). */
PyAPI_FUNC(char *) Py_UniversalNewlineFgets(char *buf, int n, FILE *stream, PyObject *fobj);
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_FILEOBJECT_H */
