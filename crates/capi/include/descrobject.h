/*
 * descrobject.h -- descriptors: PyGetSetDef, and the method, member and
 * getset descriptor objects that PyType_Ready puts in a type's dict, and the
 * slot wrappers (`wrapper_descriptor`, `method-wrapper`).
 */
#ifndef Py_DESCROBJECT_H
#define Py_DESCROBJECT_H

#include "object.h"
#include "methodobject.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef PyObject *(*getter)(PyObject *, void *);
typedef int (*setter)(PyObject *, PyObject *, void *);

struct PyGetSetDef {
    const char *name; /* NULL ends a table */
    getter get;
    setter set;       /* NULL: read-only */
    const char *doc;
    void *closure;
};

typedef struct {
    PyObject_HEAD
    PyTypeObject *d_type;
    PyObject *d_name;
    PyObject *d_qualname;
} PyDescrObject;

#define PyDescr_COMMON PyDescrObject d_common
#define PyDescr_TYPE(x) (((PyDescrObject *)(x))->d_type)
#define PyDescr_NAME(x) (((PyDescrObject *)(x))->d_name)

typedef struct {
    PyDescr_COMMON;
    PyMethodDef *d_method;
    vectorcallfunc vectorcall;
} PyMethodDescrObject;

typedef struct {
    PyDescr_COMMON;
    struct PyMemberDef *d_member;
} PyMemberDescrObject;

typedef struct {
    PyDescr_COMMON;
    PyGetSetDef *d_getset;
} PyGetSetDescrObject;

/* Slot wrappers (CPython's cpython/descrobject.h): a C slot of a type as a
   method (`list.__len__`), and that method bound to an object. */
typedef PyObject *(*wrapperfunc)(PyObject *self, PyObject *args, void *wrapped);
typedef PyObject *(*wrapperfunc_kwds)(PyObject *self, PyObject *args,
                                      void *wrapped, PyObject *kwds);

struct wrapperbase {
    const char *name;
    int offset;
    void *function;
    wrapperfunc wrapper;
    const char *doc;
    int flags;
    PyObject *name_strobj;
};

/* Flags for above struct */
#define PyWrapperFlag_KEYWORDS 1 /* wrapper function takes keyword args */

typedef struct {
    PyDescr_COMMON;
    struct wrapperbase *d_base;
    void *d_wrapped; /* This can be any function pointer */
} PyWrapperDescrObject;

PyAPI_DATA(PyTypeObject) PyWrapperDescr_Type;
PyAPI_DATA(PyTypeObject) _PyMethodWrapper_Type;

PyAPI_FUNC(PyObject *) PyDescr_NewWrapper(PyTypeObject *, struct wrapperbase *, void *);
PyAPI_FUNC(PyObject *) PyWrapper_New(PyObject *, PyObject *);

PyAPI_DATA(PyTypeObject) PyMethodDescr_Type;
PyAPI_DATA(PyTypeObject) PyClassMethodDescr_Type;
PyAPI_DATA(PyTypeObject) PyMemberDescr_Type;
PyAPI_DATA(PyTypeObject) PyGetSetDescr_Type;

PyAPI_FUNC(PyObject *) PyDescr_NewMethod(PyTypeObject *type, PyMethodDef *method);
PyAPI_FUNC(PyObject *) PyDescr_NewClassMethod(PyTypeObject *type, PyMethodDef *method);
PyAPI_FUNC(PyObject *) PyDescr_NewMember(PyTypeObject *type, struct PyMemberDef *member);
PyAPI_FUNC(PyObject *) PyDescr_NewGetSet(PyTypeObject *type, PyGetSetDef *getset);
PyAPI_FUNC(int) PyDescr_IsData(PyObject *descr);

/* mappingproxy: a read-only view of a mapping (type.__dict__). */
PyAPI_DATA(PyTypeObject) PyDictProxy_Type;
PyAPI_FUNC(PyObject *) PyDictProxy_New(PyObject *);

/* property(fget, fset, fdel, doc) */
PyAPI_DATA(PyTypeObject) PyProperty_Type;

#ifdef __cplusplus
}
#endif

#endif /* !Py_DESCROBJECT_H */
