/*
 * methodobject.h -- C functions: the METH_* calling conventions, the
 * PyCFunction signatures and PyMethodDef.
 */
#ifndef Py_METHODOBJECT_H
#define Py_METHODOBJECT_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

#define METH_VARARGS 0x0001
#define METH_KEYWORDS 0x0002
#define METH_NOARGS 0x0004
#define METH_O 0x0008
#define METH_CLASS 0x0010
#define METH_STATIC 0x0020
#define METH_COEXIST 0x0040
#define METH_FASTCALL 0x0080
#define METH_METHOD 0x0200

/* METH_NOARGS (arg is NULL) and METH_O functions are PyCFunctions;
   METH_FASTCALL functions are _PyCFunctionFast and are cast to PyCFunction
   in the table, e.g. with _PyCFunction_CAST. For module functions, `self` is
   the module. */
typedef PyObject *(*PyCFunction)(PyObject *self, PyObject *arg);
typedef PyObject *(*_PyCFunctionFast)(PyObject *self, PyObject *const *args, Py_ssize_t nargs);
typedef PyObject *(*PyCFunctionWithKeywords)(PyObject *self, PyObject *args, PyObject *kwargs);
typedef PyObject *(*_PyCFunctionFastWithKeywords)(PyObject *self, PyObject *const *args,
                                                   Py_ssize_t nargs, PyObject *kwnames);
typedef PyObject *(*PyCMethod)(PyObject *self, PyTypeObject *defining_class, PyObject *const *args,
                               size_t nargs, PyObject *kwnames);
#define _PyCFunction_CAST(func) ((PyCFunction)(void (*)(void))(func))
#define _PyCFunctionWithKeywords_CAST(func) ((PyCFunctionWithKeywords)(void (*)(void))(func))

struct PyMethodDef {
    const char *ml_name; /* NULL ends a table */
    PyCFunction ml_meth;
    int ml_flags;        /* METH_* */
    const char *ml_doc;
};

/* A built-in function, or a method bound to `m_self`
   (builtin_function_or_method). */
typedef struct {
    PyObject_HEAD
    PyMethodDef *m_ml;
    PyObject *m_self;
    PyObject *m_module;
    PyObject *m_weakreflist;
    vectorcallfunc vectorcall;
} PyCFunctionObject;

/* A METH_METHOD function, which also receives its defining class. */
typedef struct {
    PyCFunctionObject func;
    PyTypeObject *mm_class;
} PyCMethodObject;

#ifdef __cplusplus
}
#endif

#endif /* !Py_METHODOBJECT_H */
