/*
 * internal/pycore_frame.h -- the frame object's struct, which CPython 3.11
 * defines only in this internal header. Cython includes it (defining
 * Py_BUILD_CORE) to set f_lineno on the frame it makes for a traceback
 * entry. The layout is CPython 3.11's, offset for offset, so extensions
 * built against either set of headers find the same fields: a frame
 * carries its interpreter frame inline, and f_frame points at it.
 */
#ifndef Py_INTERNAL_FRAME_H
#define Py_INTERNAL_FRAME_H

#include "Python.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _PyInterpreterFrame {
    PyObject *f_func;       /* always NULL: no Python function runs here */
    PyObject *f_globals;    /* a dict */
    PyObject *f_builtins;   /* always NULL */
    PyObject *f_locals;     /* or NULL */
    PyCodeObject *f_code;
    PyFrameObject *frame_obj;
    struct _PyInterpreterFrame *previous; /* always NULL */
    void *prev_instr;       /* always NULL: no instruction ran */
    int stacktop;
    char is_entry;          /* CPython's bool: one byte either way */
    char owner;
} _PyInterpreterFrame;

struct _frame {
    PyObject_HEAD
    PyFrameObject *f_back;  /* always NULL: no Python frames run here */
    _PyInterpreterFrame *f_frame; /* this frame's own, in _f_frame_data */
    PyObject *f_trace;      /* always NULL */
    int f_lineno;           /* 0: the code object's first line */
    char f_trace_lines;
    char f_trace_opcodes;
    char f_fast_as_locals;
    PyObject *_f_frame_data[1];
};

#ifdef __cplusplus
}
#endif

#endif /* !Py_INTERNAL_FRAME_H */
