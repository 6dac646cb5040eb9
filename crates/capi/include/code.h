/*
 * code.h -- code objects: CPython 3.11's code.h and cpython/code.h.
 *
 * No bytecode runs in this library, so a code object here is what
 * extensions make of one: the source location and signature counts that
 * PyCode_NewEmpty / PyCode_New record for tracebacks and introspection
 * (Cython builds one per function that raises, and one per function for
 * its __code__). The fields below are a prefix of CPython 3.11's
 * PyCodeObject in the same order and with the same names, so code that
 * reads co_flags, co_argcount, co_name, co_filename or co_firstlineno
 * compiles unchanged; what follows co_linetable is pybuffer's own.
 */
#ifndef Py_CODE_H
#define Py_CODE_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef Py_LIMITED_API
struct PyCodeObject {
    PyObject_VAR_HEAD
    PyObject *co_consts;         /* tuple */
    PyObject *co_names;          /* tuple of str */
    PyObject *co_exceptiontable; /* bytes */
    int co_flags;                /* CO_* */
    short co_warmup;
    short _co_linearray_entry_size;
    int co_argcount;
    int co_posonlyargcount;
    int co_kwonlyargcount;
    int co_stacksize;
    int co_firstlineno;
    int co_nlocalsplus;
    int co_nlocals;
    int co_nplaincellvars;
    int co_ncellvars;
    int co_nfreevars;
    PyObject *co_localsplusnames; /* tuple: varnames, then cellvars, then freevars */
    PyObject *co_localspluskinds; /* bytes */
    PyObject *co_filename;        /* str */
    PyObject *co_name;            /* str */
    PyObject *co_qualname;        /* str */
    PyObject *co_linetable;       /* bytes */
    PyObject *co_weakreflist;     /* always NULL: no weak references here */
    PyObject *_pyb_code;          /* bytes: the co_code given to PyCode_New */
};

/* Masks for co_flags. */
#define CO_OPTIMIZED    0x0001
#define CO_NEWLOCALS    0x0002
#define CO_VARARGS      0x0004
#define CO_VARKEYWORDS  0x0008
#define CO_NESTED       0x0010
#define CO_GENERATOR    0x0020
#define CO_NOFREE       0x0040 /* gone in 3.10; kept for code that still names it */
#define CO_COROUTINE            0x0080
#define CO_ITERABLE_COROUTINE   0x0100
#define CO_ASYNC_GENERATOR      0x0200

/* __future__ flags (bits shared with the compiler flags). */
#define CO_FUTURE_DIVISION      0x20000
#define CO_FUTURE_ABSOLUTE_IMPORT 0x40000
#define CO_FUTURE_WITH_STATEMENT  0x80000
#define CO_FUTURE_PRINT_FUNCTION  0x100000
#define CO_FUTURE_UNICODE_LITERALS 0x200000
#define CO_FUTURE_BARRY_AS_BDFL  0x400000
#define CO_FUTURE_GENERATOR_STOP  0x800000
#define CO_FUTURE_ANNOTATIONS    0x1000000

#define CO_MAXBLOCKS 20

PyAPI_DATA(PyTypeObject) PyCode_Type;

#define PyCode_Check(op) Py_IS_TYPE((op), &PyCode_Type)
#define PyCode_GetNumFree(op) ((op)->co_nfreevars)

/* CPython 3.11's signatures (the posonlyargcount form first takes it
   second). Each argument is checked as CPython checks it: SystemError for
   a wrong type, ValueError for negative counts. */
PyAPI_FUNC(PyCodeObject *) PyCode_New(
        int argcount, int kwonlyargcount, int nlocals, int stacksize, int flags,
        PyObject *code, PyObject *consts, PyObject *names, PyObject *varnames,
        PyObject *freevars, PyObject *cellvars, PyObject *filename, PyObject *name,
        PyObject *qualname, int firstlineno, PyObject *linetable,
        PyObject *exceptiontable);
PyAPI_FUNC(PyCodeObject *) PyCode_NewWithPosOnlyArgs(
        int argcount, int posonlyargcount, int kwonlyargcount, int nlocals,
        int stacksize, int flags, PyObject *code, PyObject *consts, PyObject *names,
        PyObject *varnames, PyObject *freevars, PyObject *cellvars,
        PyObject *filename, PyObject *name, PyObject *qualname, int firstlineno,
        PyObject *linetable, PyObject *exceptiontable);

/* co_varnames, co_cellvars, co_freevars and co_code as new references;
   SystemError for something that is not a code object. co_code is the
   bytes the object was made with (no bytecode is compiled here). */
PyAPI_FUNC(PyObject *) PyCode_GetCode(PyCodeObject *co);
PyAPI_FUNC(PyObject *) PyCode_GetVarnames(PyCodeObject *co);
PyAPI_FUNC(PyObject *) PyCode_GetCellvars(PyCodeObject *co);
PyAPI_FUNC(PyObject *) PyCode_GetFreevars(PyCodeObject *co);

/* A code object with no code at filename:firstlineno, named funcname. */
PyAPI_FUNC(PyCodeObject *) PyCode_NewEmpty(const char *filename, const char *funcname,
                                           int firstlineno);

#endif /* !Py_LIMITED_API */

#ifdef __cplusplus
}
#endif

#endif /* !Py_CODE_H */
