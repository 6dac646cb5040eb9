/*
 * getargs.c -- the variadic half of getargs.rs: PyArg_Parse,
 * PyArg_ParseTuple, PyArg_ParseTupleAndKeywords, PyArg_UnpackTuple, their
 * va_list forms and the _SizeT entry points that <Python.h> maps them to
 * when PY_SSIZE_T_CLEAN is defined. Each one only starts (or copies) its
 * va_list and hands it to the Rust implementation; the un-suffixed names
 * pass no FLAG_SIZE_T, so their '#' units raise SystemError, as in 3.11.
 */
#include "Python.h"

#define FLAG_COMPAT 1
#define FLAG_SIZE_T 2

/* getargs.rs */
int _Pyb_vgetargs1(PyObject *args, const char *format, va_list *va, int flags);
int _Pyb_vgetargs_stack(PyObject *const *args, Py_ssize_t nargs, const char *format, va_list *va, int flags);
int _Pyb_vgetargskeywords(PyObject *args, PyObject *kwargs, const char *format, char **kwlist, va_list *va,
                          int flags);
int _Pyb_vgetargskeywordsfast(PyObject *args, PyObject *kwargs, struct _PyArg_Parser *parser, va_list *va,
                              int flags);
int _Pyb_vgetargsstackkeywords(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                               struct _PyArg_Parser *parser, va_list *va, int flags);
int _Pyb_unpack_tuple(PyObject *args, const char *name, Py_ssize_t min, Py_ssize_t max, va_list *va);
int _Pyb_unpack_stack(PyObject *const *args, Py_ssize_t nargs, const char *name, Py_ssize_t min, Py_ssize_t max,
                      va_list *va);

/* The names the PY_SSIZE_T_CLEAN macros would otherwise rewrite. */
#undef PyArg_Parse
#undef PyArg_ParseTuple
#undef PyArg_ParseTupleAndKeywords
#undef PyArg_VaParse
#undef PyArg_VaParseTupleAndKeywords
#undef _PyArg_ParseTupleAndKeywordsFast
#undef _PyArg_ParseStack
#undef _PyArg_ParseStackAndKeywords
#undef _PyArg_VaParseTupleAndKeywordsFast

#define VARIADIC(call, last)            \
    int retval;                         \
    va_list va;                         \
    va_start(va, last);                 \
    retval = call;                      \
    va_end(va);                         \
    return retval

#define FROM_VA_LIST(call, given)       \
    int retval;                         \
    va_list va;                         \
    va_copy(va, given);                 \
    retval = call;                      \
    va_end(va);                         \
    return retval

int PyArg_Parse(PyObject *args, const char *format, ...)
{
    VARIADIC(_Pyb_vgetargs1(args, format, &va, FLAG_COMPAT), format);
}

int _PyArg_Parse_SizeT(PyObject *args, const char *format, ...)
{
    VARIADIC(_Pyb_vgetargs1(args, format, &va, FLAG_COMPAT | FLAG_SIZE_T), format);
}

int PyArg_ParseTuple(PyObject *args, const char *format, ...)
{
    VARIADIC(_Pyb_vgetargs1(args, format, &va, 0), format);
}

int _PyArg_ParseTuple_SizeT(PyObject *args, const char *format, ...)
{
    VARIADIC(_Pyb_vgetargs1(args, format, &va, FLAG_SIZE_T), format);
}

int _PyArg_ParseStack(PyObject *const *args, Py_ssize_t nargs, const char *format, ...)
{
    VARIADIC(_Pyb_vgetargs_stack(args, nargs, format, &va, 0), format);
}

int _PyArg_ParseStack_SizeT(PyObject *const *args, Py_ssize_t nargs, const char *format, ...)
{
    VARIADIC(_Pyb_vgetargs_stack(args, nargs, format, &va, FLAG_SIZE_T), format);
}

int PyArg_VaParse(PyObject *args, const char *format, va_list given)
{
    FROM_VA_LIST(_Pyb_vgetargs1(args, format, &va, 0), given);
}

int _PyArg_VaParse_SizeT(PyObject *args, const char *format, va_list given)
{
    FROM_VA_LIST(_Pyb_vgetargs1(args, format, &va, FLAG_SIZE_T), given);
}

int PyArg_ParseTupleAndKeywords(PyObject *args, PyObject *kwargs, const char *format, char **kwlist, ...)
{
    VARIADIC(_Pyb_vgetargskeywords(args, kwargs, format, kwlist, &va, 0), kwlist);
}

int _PyArg_ParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kwargs, const char *format, char **kwlist, ...)
{
    VARIADIC(_Pyb_vgetargskeywords(args, kwargs, format, kwlist, &va, FLAG_SIZE_T), kwlist);
}

int PyArg_VaParseTupleAndKeywords(PyObject *args, PyObject *kwargs, const char *format, char **kwlist,
                                  va_list given)
{
    FROM_VA_LIST(_Pyb_vgetargskeywords(args, kwargs, format, kwlist, &va, 0), given);
}

int _PyArg_VaParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kwargs, const char *format, char **kwlist,
                                         va_list given)
{
    FROM_VA_LIST(_Pyb_vgetargskeywords(args, kwargs, format, kwlist, &va, FLAG_SIZE_T), given);
}

int _PyArg_ParseTupleAndKeywordsFast(PyObject *args, PyObject *kwargs, struct _PyArg_Parser *parser, ...)
{
    VARIADIC(_Pyb_vgetargskeywordsfast(args, kwargs, parser, &va, 0), parser);
}

int _PyArg_ParseTupleAndKeywordsFast_SizeT(PyObject *args, PyObject *kwargs, struct _PyArg_Parser *parser, ...)
{
    VARIADIC(_Pyb_vgetargskeywordsfast(args, kwargs, parser, &va, FLAG_SIZE_T), parser);
}

int _PyArg_VaParseTupleAndKeywordsFast(PyObject *args, PyObject *kwargs, struct _PyArg_Parser *parser,
                                       va_list given)
{
    FROM_VA_LIST(_Pyb_vgetargskeywordsfast(args, kwargs, parser, &va, 0), given);
}

int _PyArg_VaParseTupleAndKeywordsFast_SizeT(PyObject *args, PyObject *kwargs, struct _PyArg_Parser *parser,
                                             va_list given)
{
    FROM_VA_LIST(_Pyb_vgetargskeywordsfast(args, kwargs, parser, &va, FLAG_SIZE_T), given);
}

int _PyArg_ParseStackAndKeywords(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                                 struct _PyArg_Parser *parser, ...)
{
    VARIADIC(_Pyb_vgetargsstackkeywords(args, nargs, kwnames, parser, &va, 0), parser);
}

int _PyArg_ParseStackAndKeywords_SizeT(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                                       struct _PyArg_Parser *parser, ...)
{
    VARIADIC(_Pyb_vgetargsstackkeywords(args, nargs, kwnames, parser, &va, FLAG_SIZE_T), parser);
}

int PyArg_UnpackTuple(PyObject *args, const char *name, Py_ssize_t min, Py_ssize_t max, ...)
{
    VARIADIC(_Pyb_unpack_tuple(args, name, min, max, &va), max);
}

int _PyArg_UnpackStack(PyObject *const *args, Py_ssize_t nargs, const char *name, Py_ssize_t min,
                       Py_ssize_t max, ...)
{
    VARIADIC(_Pyb_unpack_stack(args, nargs, name, min, max, &va), max);
}
