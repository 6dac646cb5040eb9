/*
 * pytypedefs.h -- forward declarations of the API's types that several
 * headers refer to, declared once here (repeating a typedef is only valid
 * from C11 on).
 */
#ifndef Py_PYTYPEDEFS_H
#define Py_PYTYPEDEFS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct PyModuleDef PyModuleDef;
typedef struct PyModuleDef_Slot PyModuleDef_Slot;
typedef struct PyMethodDef PyMethodDef;
typedef struct PyGetSetDef PyGetSetDef;
typedef struct PyMemberDef PyMemberDef;

typedef struct _object PyObject;
typedef struct _longobject PyLongObject; /* layout: cpython/longintrepr.h */
typedef struct _typeobject PyTypeObject;
typedef struct _ts PyThreadState;        /* opaque */
typedef struct _is PyInterpreterState;   /* opaque */
/* Frames and code objects: opaque in the public API, as in CPython 3.11.
   No Python code runs here, so there is never a frame to get (see
   PyEval_GetFrame), but code written for CPython names these types. */
typedef struct _frame PyFrameObject;
typedef struct PyCodeObject PyCodeObject;

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYTYPEDEFS_H */
