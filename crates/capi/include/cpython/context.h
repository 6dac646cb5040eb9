/*
 * cpython/context.h -- context variables (PEP 567), as CPython 3.11's
 * header declares them: the Context, ContextVar and Token types of
 * _contextvars and the functions that make, enter and read them.
 *
 * The current context belongs to the thread state, as in CPython: a
 * thread that has none gets an empty one on first use. The object
 * layouts are opaque, as in CPython. Unlike CPython, calling these
 * without a current thread state (the GIL not held) fails with
 * RuntimeError instead of crashing.
 */
#ifndef Py_LIMITED_API
#ifndef Py_CONTEXT_H
#define Py_CONTEXT_H

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyContext_Type;
typedef struct _pycontextobject PyContext;

PyAPI_DATA(PyTypeObject) PyContextVar_Type;
typedef struct _pycontextvarobject PyContextVar;

PyAPI_DATA(PyTypeObject) PyContextToken_Type;
typedef struct _pycontexttokenobject PyContextToken;

#define PyContext_CheckExact(o) Py_IS_TYPE((o), &PyContext_Type)
#define PyContextVar_CheckExact(o) Py_IS_TYPE((o), &PyContextVar_Type)
#define PyContextToken_CheckExact(o) Py_IS_TYPE((o), &PyContextToken_Type)

/* A new, empty context; a copy of ctx (TypeError if not a Context); a
   copy of the current context. */
PyAPI_FUNC(PyObject *) PyContext_New(void);
PyAPI_FUNC(PyObject *) PyContext_Copy(PyObject *ctx);
PyAPI_FUNC(PyObject *) PyContext_CopyCurrent(void);

/* Make ctx the current context / restore the one current before it:
   0, or -1 with TypeError or RuntimeError (already entered, not entered,
   not the current context). */
PyAPI_FUNC(int) PyContext_Enter(PyObject *ctx);
PyAPI_FUNC(int) PyContext_Exit(PyObject *ctx);

/* A new context variable; default_value may be NULL. */
PyAPI_FUNC(PyObject *) PyContextVar_New(const char *name, PyObject *default_value);

/* 0 with *value a new reference to the variable's value in the current
   context, else default_value, else the variable's default, else NULL;
   -1 on error. */
PyAPI_FUNC(int) PyContextVar_Get(PyObject *var, PyObject *default_value, PyObject **value);

/* Set the variable in the current context: a new Token, or NULL. */
PyAPI_FUNC(PyObject *) PyContextVar_Set(PyObject *var, PyObject *value);

/* Restore the value the variable had before the set that made token:
   0, or -1. */
PyAPI_FUNC(int) PyContextVar_Reset(PyObject *var, PyObject *token);

#ifdef __cplusplus
}
#endif

#endif /* !Py_CONTEXT_H */
#endif /* !Py_LIMITED_API */
