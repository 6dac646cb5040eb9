/*
 * traceback.h -- traceback objects, as CPython 3.11's traceback.h and
 * cpython/traceback.h declare them (same struct layout).
 *
 * An extension adds an entry for a C function it reports with
 * PyFrame_New + PyTraceBack_Here (Cython does for every function an
 * exception leaves): the entry names the frame, whose code object carries
 * the function's name, file and line, and the pending error keeps it as
 * its traceback (PyErr_Fetch's third result).
 */
#ifndef Py_TRACEBACK_H
#define Py_TRACEBACK_H

#ifdef __cplusplus
extern "C" {
#endif

/* Pushes a traceback entry for `frame` onto the pending error's
   traceback: 0, or -1 with MemoryError (SystemError without an error). */
PyAPI_FUNC(int) PyTraceBack_Here(PyFrameObject *frame);
/* Writes the traceback to `file` (any object with a write(str) method)
   as CPython prints it: 0, or -1 with the error. */
PyAPI_FUNC(int) PyTraceBack_Print(PyObject *tb, PyObject *file);

PyAPI_DATA(PyTypeObject) PyTraceBack_Type;
#define PyTraceBack_Check(v) Py_IS_TYPE((v), &PyTraceBack_Type)

#ifndef Py_LIMITED_API
typedef struct _traceback PyTracebackObject;
struct _traceback {
    PyObject_HEAD
    PyTracebackObject *tb_next;
    PyFrameObject *tb_frame;
    int tb_lasti;
    int tb_lineno;
};
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_TRACEBACK_H */
