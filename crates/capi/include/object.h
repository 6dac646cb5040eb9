/*
 * object.h -- the object model: PyObject and PyVarObject, reference
 * counting, type objects (PyTypeObject, PyType_Spec, Py_TPFLAGS_*), None and
 * the generic repr(), str() and ascii().
 */
#ifndef Py_OBJECT_H
#define Py_OBJECT_H

#include "pyport.h"
#include "pytypedefs.h"
#include "pybuffer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* CPython's object header. Reference counts are updated atomically, so
   references may be taken and dropped from any thread. */
struct _object {
    Py_ssize_t ob_refcnt;
    PyTypeObject *ob_type;
};

typedef struct {
    PyObject ob_base;
    Py_ssize_t ob_size;
} PyVarObject;

#define PyObject_HEAD PyObject ob_base;
#define PyObject_VAR_HEAD PyVarObject ob_base;
#define PyObject_HEAD_INIT(type) { 1, (type) },
#define PyVarObject_HEAD_INIT(type, size) { PyObject_HEAD_INIT(type) (size) },

#define _PyObject_CAST(op) ((PyObject *)(op))

PyAPI_FUNC(void) _Py_Dealloc(PyObject *op);
PyAPI_FUNC(void) Py_IncRef(PyObject *op);
PyAPI_FUNC(void) Py_DecRef(PyObject *op);

static inline PyTypeObject *_Pyb_TYPE(PyObject *op) { return op->ob_type; }
static inline Py_ssize_t _Pyb_REFCNT(PyObject *op) {
    return __atomic_load_n(&op->ob_refcnt, __ATOMIC_RELAXED);
}
static inline void _Pyb_INCREF(PyObject *op) {
    __atomic_fetch_add(&op->ob_refcnt, 1, __ATOMIC_RELAXED);
}
static inline void _Pyb_DECREF(PyObject *op) {
    if (__atomic_sub_fetch(&op->ob_refcnt, 1, __ATOMIC_ACQ_REL) == 0) {
        _Py_Dealloc(op);
    }
}
static inline void _Pyb_XINCREF(PyObject *op) { if (op != NULL) _Pyb_INCREF(op); }
static inline void _Pyb_XDECREF(PyObject *op) { if (op != NULL) _Pyb_DECREF(op); }
static inline PyObject *_Pyb_NewRef(PyObject *op) { _Pyb_INCREF(op); return op; }
static inline PyObject *_Pyb_XNewRef(PyObject *op) { _Pyb_XINCREF(op); return op; }

#define Py_TYPE(op) _Pyb_TYPE(_PyObject_CAST(op))
#define Py_REFCNT(op) _Pyb_REFCNT(_PyObject_CAST(op))
#define Py_SIZE(op) (((PyVarObject *)(op))->ob_size)
#define Py_IS_TYPE(op, type) (Py_TYPE(op) == (type))
#define Py_INCREF(op) _Pyb_INCREF(_PyObject_CAST(op))
#define Py_DECREF(op) _Pyb_DECREF(_PyObject_CAST(op))
#define Py_XINCREF(op) _Pyb_XINCREF(_PyObject_CAST(op))
#define Py_XDECREF(op) _Pyb_XDECREF(_PyObject_CAST(op))
#define Py_NewRef(op) _Pyb_NewRef(_PyObject_CAST(op))
#define Py_XNewRef(op) _Pyb_XNewRef(_PyObject_CAST(op))
#define Py_Is(x, y) ((x) == (y))
#define Py_SETREF(dst, src)                           \
    do {                                              \
        PyObject **_py_tmp_ptr = (PyObject **)&(dst); \
        PyObject *_py_tmp_old = *_py_tmp_ptr;         \
        *_py_tmp_ptr = _PyObject_CAST(src);           \
        Py_DECREF(_py_tmp_old);                       \
    } while (0)
#define Py_XSETREF(dst, src)                          \
    do {                                              \
        PyObject **_py_tmp_ptr = (PyObject **)&(dst); \
        PyObject *_py_tmp_old = *_py_tmp_ptr;         \
        *_py_tmp_ptr = _PyObject_CAST(src);           \
        Py_XDECREF(_py_tmp_old);                      \
    } while (0)
#define Py_CLEAR(op)                                  \
    do {                                              \
        PyObject *_py_tmp = _PyObject_CAST(op);       \
        if (_py_tmp != NULL) {                        \
            (op) = NULL;                              \
            Py_DECREF(_py_tmp);                       \
        }                                             \
    } while (0)

typedef void (*destructor)(PyObject *);
typedef PyObject *(*allocfunc)(PyTypeObject *, Py_ssize_t);
typedef void (*freefunc)(void *);
typedef PyObject *(*newfunc)(PyTypeObject *, PyObject *, PyObject *);
typedef int (*initproc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*reprfunc)(PyObject *);
typedef Py_hash_t (*hashfunc)(PyObject *);
typedef PyObject *(*ternaryfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*inquiry)(PyObject *);
typedef int (*visitproc)(PyObject *, void *);
typedef int (*traverseproc)(PyObject *, visitproc, void *);
typedef PyObject *(*getattrfunc)(PyObject *, char *);
typedef int (*setattrfunc)(PyObject *, char *, PyObject *);
typedef PyObject *(*getattrofunc)(PyObject *, PyObject *);
typedef int (*setattrofunc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*richcmpfunc)(PyObject *, PyObject *, int);
typedef PyObject *(*getiterfunc)(PyObject *);
typedef PyObject *(*iternextfunc)(PyObject *);
typedef PyObject *(*descrgetfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*descrsetfunc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*vectorcallfunc)(PyObject *, PyObject *const *, size_t, PyObject *);

typedef struct {
    getbufferproc bf_getbuffer;
    releasebufferproc bf_releasebuffer;
} PyBufferProcs;

/* CPython 3.11's PyTypeObject, field for field. pybuffer uses the buffer,
   allocation and deallocation slots; the others are kept so offsets match. */
struct _typeobject {
    PyObject_VAR_HEAD
    const char *tp_name;
    Py_ssize_t tp_basicsize, tp_itemsize;
    destructor tp_dealloc;
    Py_ssize_t tp_vectorcall_offset;
    getattrfunc tp_getattr;
    setattrfunc tp_setattr;
    void *tp_as_async;
    reprfunc tp_repr;
    void *tp_as_number;
    void *tp_as_sequence;
    void *tp_as_mapping;
    hashfunc tp_hash;
    ternaryfunc tp_call;
    reprfunc tp_str;
    getattrofunc tp_getattro;
    setattrofunc tp_setattro;
    PyBufferProcs *tp_as_buffer;
    unsigned long tp_flags;
    const char *tp_doc;
    traverseproc tp_traverse;
    inquiry tp_clear;
    richcmpfunc tp_richcompare;
    Py_ssize_t tp_weaklistoffset;
    getiterfunc tp_iter;
    iternextfunc tp_iternext;
    struct PyMethodDef *tp_methods;
    struct PyMemberDef *tp_members;
    struct PyGetSetDef *tp_getset;
    PyTypeObject *tp_base;
    PyObject *tp_dict;
    descrgetfunc tp_descr_get;
    descrsetfunc tp_descr_set;
    Py_ssize_t tp_dictoffset;
    initproc tp_init;
    allocfunc tp_alloc;
    newfunc tp_new;
    freefunc tp_free;
    inquiry tp_is_gc;
    PyObject *tp_bases;
    PyObject *tp_mro;
    PyObject *tp_cache;
    void *tp_subclasses;
    PyObject *tp_weaklist;
    destructor tp_del;
    unsigned int tp_version_tag;
    destructor tp_finalize;
    vectorcallfunc tp_vectorcall;
};

#define Py_TPFLAGS_DISALLOW_INSTANTIATION (1UL << 7)
#define Py_TPFLAGS_IMMUTABLETYPE (1UL << 8)
#define Py_TPFLAGS_HEAPTYPE (1UL << 9)
#define Py_TPFLAGS_BASETYPE (1UL << 10)
#define Py_TPFLAGS_READY (1UL << 12)
#define Py_TPFLAGS_HAVE_GC (1UL << 14)
#define Py_TPFLAGS_HAVE_VERSION_TAG (1UL << 18)
#define Py_TPFLAGS_LONG_SUBCLASS (1UL << 24)
#define Py_TPFLAGS_UNICODE_SUBCLASS (1UL << 28)
#define Py_TPFLAGS_BASE_EXC_SUBCLASS (1UL << 30)
#define Py_TPFLAGS_TYPE_SUBCLASS (1UL << 31)
#define Py_TPFLAGS_DEFAULT 0

typedef struct {
    int slot;    /* a Py_bf_* / Py_tp_* id; 0 ends the array */
    void *pfunc;
} PyType_Slot;

typedef struct {
    const char *name;
    int basicsize;
    int itemsize;
    unsigned int flags;
    PyType_Slot *slots;
} PyType_Spec;

PyAPI_DATA(PyTypeObject) PyType_Type;
PyAPI_DATA(PyTypeObject) PyBaseObject_Type;

PyAPI_FUNC(PyObject *) PyType_FromSpec(PyType_Spec *spec);
PyAPI_FUNC(PyObject *) PyType_FromSpecWithBases(PyType_Spec *spec, PyObject *bases);
PyAPI_FUNC(void *) PyType_GetSlot(PyTypeObject *type, int slot);
PyAPI_FUNC(int) PyType_Ready(PyTypeObject *type);
PyAPI_FUNC(unsigned long) PyType_GetFlags(PyTypeObject *type);
PyAPI_FUNC(int) PyType_IsSubtype(PyTypeObject *a, PyTypeObject *b);
PyAPI_FUNC(PyObject *) PyType_GenericAlloc(PyTypeObject *type, Py_ssize_t nitems);
PyAPI_FUNC(PyObject *) PyType_GenericNew(PyTypeObject *type, PyObject *args, PyObject *kwds);
#define PyType_HasFeature(t, f) ((PyType_GetFlags(t) & (f)) != 0)
#define PyObject_TypeCheck(op, type) \
    (Py_IS_TYPE((op), (type)) || PyType_IsSubtype(Py_TYPE(op), (type)))

#define PyType_FastSubclass(type, flag) PyType_HasFeature((type), (flag))

/* None is a static whose reference count is immortal: Py_INCREF and
   Py_DECREF work on it as on any object, but it is never freed. */
PyAPI_DATA(PyTypeObject) _PyNone_Type;
PyAPI_DATA(PyObject) _Py_NoneStruct;
PyAPI_FUNC(int) Py_IsNone(PyObject *x);
#define Py_None (&_Py_NoneStruct)
#define Py_IsNone(x) Py_Is((x), Py_None)
#define Py_RETURN_NONE return Py_NewRef(Py_None)

PyAPI_FUNC(PyObject *) PyObject_Repr(PyObject *obj);
PyAPI_FUNC(PyObject *) PyObject_Str(PyObject *obj);
PyAPI_FUNC(PyObject *) PyObject_ASCII(PyObject *obj);

#ifdef __cplusplus
}
#endif

#endif /* !Py_OBJECT_H */
