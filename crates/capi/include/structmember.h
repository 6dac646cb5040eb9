/*
 * structmember.h -- PyMemberDef: C fields of an instance exposed as
 * attributes (tp_members), with the T_* field types and access flags.
 */
#ifndef Py_STRUCTMEMBER_H
#define Py_STRUCTMEMBER_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

struct PyMemberDef {
    const char *name; /* NULL ends a table */
    int type;         /* T_* */
    Py_ssize_t offset;
    int flags;        /* READONLY, ... */
    const char *doc;
};

#define T_SHORT 0
#define T_INT 1
#define T_LONG 2
#define T_FLOAT 3
#define T_DOUBLE 4
#define T_STRING 5
#define T_OBJECT 6
#define T_CHAR 7
#define T_BYTE 8
#define T_UBYTE 9
#define T_USHORT 10
#define T_UINT 11
#define T_ULONG 12
#define T_STRING_INPLACE 13
#define T_BOOL 14
#define T_OBJECT_EX 16
#define T_LONGLONG 17
#define T_ULONGLONG 18
#define T_PYSSIZET 19
#define T_NONE 20

#define READONLY 1
#define READ_RESTRICTED 2
#define PY_WRITE_RESTRICTED 4
#define RESTRICTED (READ_RESTRICTED | PY_WRITE_RESTRICTED)
#define PY_AUDIT_READ READ_RESTRICTED

/* Reads and writes the field `m` describes in the object at `addr`. When a
   conversion fails, the field keeps its old value (CPython writes -1 into
   some numeric fields first). */
PyAPI_FUNC(PyObject *) PyMember_GetOne(const char *addr, PyMemberDef *m);
PyAPI_FUNC(int) PyMember_SetOne(char *addr, PyMemberDef *m, PyObject *value);

#ifdef __cplusplus
}
#endif

#endif /* !Py_STRUCTMEMBER_H */
