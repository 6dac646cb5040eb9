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

/* Each METH_* convention has its signature; functions are cast to
   PyCFunction in the table (e.g. with _PyCFunction_CAST). `self` is the
   module for module functions, the instance for methods, the class for
   METH_CLASS methods and NULL for METH_STATIC ones. */
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

PyAPI_DATA(PyTypeObject) PyCFunction_Type;
PyAPI_DATA(PyTypeObject) PyCMethod_Type;
#define PyCFunction_CheckExact(op) Py_IS_TYPE((op), &PyCFunction_Type)
#define PyCFunction_Check(op) PyObject_TypeCheck((op), &PyCFunction_Type)
#define PyCMethod_CheckExact(op) Py_IS_TYPE((op), &PyCMethod_Type)
#define PyCMethod_Check(op) PyObject_TypeCheck((op), &PyCMethod_Type)

PyAPI_FUNC(PyObject *) PyCFunction_New(PyMethodDef *ml, PyObject *self);
PyAPI_FUNC(PyObject *) PyCFunction_NewEx(PyMethodDef *ml, PyObject *self, PyObject *module);
PyAPI_FUNC(PyObject *) PyCMethod_New(PyMethodDef *ml, PyObject *self, PyObject *module,
                                     PyTypeObject *cls);
#define PyCFunction_New(ML, SELF) PyCFunction_NewEx((ML), (SELF), NULL)
#define PyCFunction_NewEx(ML, SELF, MOD) PyCMethod_New((ML), (SELF), (MOD), NULL)
PyAPI_FUNC(PyCFunction) PyCFunction_GetFunction(PyObject *op);
PyAPI_FUNC(PyObject *) PyCFunction_GetSelf(PyObject *op);
PyAPI_FUNC(int) PyCFunction_GetFlags(PyObject *op);
PyAPI_FUNC(PyTypeObject *) PyCMethod_GetClass(PyObject *op);
PyAPI_FUNC(PyObject *) PyCFunction_Call(PyObject *callable, PyObject *args, PyObject *kwargs);

#define _PyCFunctionObject_CAST(func) ((PyCFunctionObject *)(func))
#define PyCFunction_GET_FUNCTION(func) (_PyCFunctionObject_CAST(func)->m_ml->ml_meth)
#define PyCFunction_GET_SELF(func)                                               \
    (_PyCFunctionObject_CAST(func)->m_ml->ml_flags & METH_STATIC ? NULL          \
                                                                : _PyCFunctionObject_CAST(func)->m_self)
#define PyCFunction_GET_FLAGS(func) (_PyCFunctionObject_CAST(func)->m_ml->ml_flags)
#define PyCFunction_GET_CLASS(func)                                              \
    (_PyCFunctionObject_CAST(func)->m_ml->ml_flags & METH_METHOD                 \
         ? ((PyCMethodObject *)(func))->mm_class                                 \
         : NULL)

#ifdef __cplusplus
}
#endif

#endif /* !Py_METHODOBJECT_H */
