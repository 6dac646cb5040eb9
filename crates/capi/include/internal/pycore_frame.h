/*
 * internal/pycore_frame.h -- the frame object's struct, which CPython 3.11
 * defines only in this internal header. Cython includes it (defining
 * Py_BUILD_CORE) to set f_lineno on the frame it makes for a traceback
 * entry, so it is provided with the fields such code touches; the layout
 * is pybuffer's own (see frameobject.h).
 */
#ifndef Py_INTERNAL_FRAME_H
#define Py_INTERNAL_FRAME_H

#include "Python.h"

#ifdef __cplusplus
extern "C" {
#endif

struct _frame {
    PyObject_HEAD
    PyFrameObject *f_back;  /* always NULL: no Python frames run here */
    PyCodeObject *f_code;   /* strong */
    PyObject *f_globals;    /* strong, a dict */
    PyObject *f_locals;     /* strong, or NULL */
    PyObject *f_trace;      /* always NULL */
    int f_lineno;           /* 0: the code object's first line */
    char f_trace_lines;
    char f_trace_opcodes;
    char f_fast_as_locals;
};

#ifdef __cplusplus
}
#endif

#endif /* !Py_INTERNAL_FRAME_H */
