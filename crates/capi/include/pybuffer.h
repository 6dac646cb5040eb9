/*
 * pybuffer.h -- CPython 3.11's buffer protocol (PEP 3118) without an
 * interpreter.
 *
 * C code written against CPython's buffer API compiles unchanged against
 * this header (usually through the compatibility entry <Python.h>) and
 * links against libpybuffer. Types, field orders, constants, signatures,
 * return codes and exception types are CPython's. Where CPython would crash
 * on misuse (NULL arguments, a negative length, writing into a read-only
 * view, an invalid order character), pybuffer fails with -1 or NULL and an
 * exception instead; see the README for the list.
 */
#ifndef PYBUFFER_H
#define PYBUFFER_H

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/*                           Basic types and macros                         */
/* ======================================================================== */

#define PYBUFFER_VERSION "0.1.0"

typedef ssize_t Py_ssize_t;
typedef Py_ssize_t Py_hash_t;
#define PY_SSIZE_T_MAX ((Py_ssize_t)(((size_t)-1) >> 1))
#define PY_SSIZE_T_MIN (-PY_SSIZE_T_MAX - 1)

#define PyAPI_FUNC(RTYPE) extern RTYPE
#define PyAPI_DATA(RTYPE) extern RTYPE
#ifdef __cplusplus
#  define PyMODINIT_FUNC extern "C" __attribute__((visibility("default"))) PyObject *
#else
#  define PyMODINIT_FUNC __attribute__((visibility("default"))) PyObject *
#endif

#define Py_UNUSED(name) _unused_ ## name __attribute__((unused))
#define PyDoc_STR(str) str
#define PyDoc_STRVAR(name, str) static const char name[] = PyDoc_STR(str)
#define Py_STRINGIFY(x) _Py_XSTRINGIFY(x)
#define _Py_XSTRINGIFY(x) #x

/* ======================================================================== */
/*                                  Objects                                 */
/* ======================================================================== */

typedef struct _object PyObject;
typedef struct _typeobject PyTypeObject;

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

/* ======================================================================== */
/*                           Buffer protocol types                          */
/* ======================================================================== */

/* Field order and types are CPython's: 80 bytes on x86-64. */
typedef struct {
    void *buf;
    PyObject *obj;        /* owned reference */
    Py_ssize_t len;
    Py_ssize_t itemsize;
    int readonly;
    int ndim;
    char *format;
    Py_ssize_t *shape;
    Py_ssize_t *strides;
    Py_ssize_t *suboffsets;
    void *internal;
} Py_buffer;

typedef int (*getbufferproc)(PyObject *, Py_buffer *, int);
typedef void (*releasebufferproc)(PyObject *, Py_buffer *);

typedef struct {
    getbufferproc bf_getbuffer;
    releasebufferproc bf_releasebuffer;
} PyBufferProcs;

#define PyBUF_MAX_NDIM 64

#define PyBUF_SIMPLE 0
#define PyBUF_WRITABLE 0x0001
#define PyBUF_WRITEABLE PyBUF_WRITABLE
#define PyBUF_FORMAT 0x0004
#define PyBUF_ND 0x0008
#define PyBUF_STRIDES (0x0010 | PyBUF_ND)
#define PyBUF_C_CONTIGUOUS (0x0020 | PyBUF_STRIDES)
#define PyBUF_F_CONTIGUOUS (0x0040 | PyBUF_STRIDES)
#define PyBUF_ANY_CONTIGUOUS (0x0080 | PyBUF_STRIDES)
#define PyBUF_INDIRECT (0x0100 | PyBUF_STRIDES)

#define PyBUF_CONTIG (PyBUF_ND | PyBUF_WRITABLE)
#define PyBUF_CONTIG_RO (PyBUF_ND)
#define PyBUF_STRIDED (PyBUF_STRIDES | PyBUF_WRITABLE)
#define PyBUF_STRIDED_RO (PyBUF_STRIDES)
#define PyBUF_RECORDS (PyBUF_STRIDES | PyBUF_WRITABLE | PyBUF_FORMAT)
#define PyBUF_RECORDS_RO (PyBUF_STRIDES | PyBUF_FORMAT)
#define PyBUF_FULL (PyBUF_INDIRECT | PyBUF_WRITABLE | PyBUF_FORMAT)
#define PyBUF_FULL_RO (PyBUF_INDIRECT | PyBUF_FORMAT)

#define PyBUF_READ 0x100
#define PyBUF_WRITE 0x200

/* ======================================================================== */
/*                                   Types                                  */
/* ======================================================================== */

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

/* Slot ids from CPython's typeslots.h. */
#define Py_bf_getbuffer 1
#define Py_bf_releasebuffer 2
#define Py_tp_alloc 47
#define Py_tp_base 48
#define Py_tp_bases 49
#define Py_tp_call 50
#define Py_tp_clear 51
#define Py_tp_dealloc 52
#define Py_tp_del 53
#define Py_tp_descr_get 54
#define Py_tp_descr_set 55
#define Py_tp_doc 56
#define Py_tp_getattr 57
#define Py_tp_getattro 58
#define Py_tp_hash 59
#define Py_tp_init 60
#define Py_tp_is_gc 61
#define Py_tp_iter 62
#define Py_tp_iternext 63
#define Py_tp_methods 64
#define Py_tp_new 65
#define Py_tp_repr 66
#define Py_tp_richcompare 67
#define Py_tp_setattr 68
#define Py_tp_setattro 69
#define Py_tp_str 70
#define Py_tp_traverse 71
#define Py_tp_members 72
#define Py_tp_getset 73
#define Py_tp_free 74
#define Py_tp_finalize 80

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

/* ======================================================================== */
/*                                   Memory                                 */
/* ======================================================================== */

PyAPI_FUNC(void *) PyMem_Malloc(size_t size);
PyAPI_FUNC(void *) PyMem_Calloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyMem_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyMem_Free(void *ptr);
PyAPI_FUNC(void *) PyObject_Malloc(size_t size);
PyAPI_FUNC(void *) PyObject_Calloc(size_t nelem, size_t elsize);
PyAPI_FUNC(void *) PyObject_Realloc(void *ptr, size_t new_size);
PyAPI_FUNC(void) PyObject_Free(void *ptr);
#define PyObject_Del PyObject_Free
#define PyObject_DEL PyObject_Free

PyAPI_FUNC(PyObject *) PyObject_Init(PyObject *op, PyTypeObject *type);
PyAPI_FUNC(PyVarObject *) PyObject_InitVar(PyVarObject *op, PyTypeObject *type, Py_ssize_t size);
PyAPI_FUNC(PyObject *) _PyObject_New(PyTypeObject *type);
PyAPI_FUNC(PyVarObject *) _PyObject_NewVar(PyTypeObject *type, Py_ssize_t nitems);
#define PyObject_New(type, typeobj) ((type *)_PyObject_New(typeobj))
#define PyObject_NewVar(type, typeobj, n) ((type *)_PyObject_NewVar((typeobj), (n)))

/* ======================================================================== */
/*                              Error indicator                             */
/* ======================================================================== */

/* Exceptions are type objects; one error is pending per thread. */
PyAPI_DATA(PyObject *) PyExc_BaseException;
PyAPI_DATA(PyObject *) PyExc_Exception;
PyAPI_DATA(PyObject *) PyExc_BufferError;
PyAPI_DATA(PyObject *) PyExc_ValueError;
PyAPI_DATA(PyObject *) PyExc_TypeError;
PyAPI_DATA(PyObject *) PyExc_LookupError;
PyAPI_DATA(PyObject *) PyExc_IndexError;
PyAPI_DATA(PyObject *) PyExc_KeyError;
PyAPI_DATA(PyObject *) PyExc_MemoryError;
PyAPI_DATA(PyObject *) PyExc_ArithmeticError;
PyAPI_DATA(PyObject *) PyExc_OverflowError;
PyAPI_DATA(PyObject *) PyExc_ZeroDivisionError;
PyAPI_DATA(PyObject *) PyExc_RuntimeError;
PyAPI_DATA(PyObject *) PyExc_NotImplementedError;
PyAPI_DATA(PyObject *) PyExc_SystemError;
PyAPI_DATA(PyObject *) PyExc_AttributeError;
/* struct.error, which PyBuffer_SizeFromFormat raises (pybuffer extension). */
PyAPI_DATA(PyObject *) PyExc_StructError;
/* Raised by PyUnicode_FromString and friends for invalid UTF-8. */
PyAPI_DATA(PyObject *) PyExc_UnicodeError;
PyAPI_DATA(PyObject *) PyExc_UnicodeDecodeError;
PyAPI_DATA(PyObject *) PyExc_UnicodeEncodeError;

PyAPI_FUNC(void) PyErr_SetString(PyObject *exception, const char *message);
PyAPI_FUNC(void) PyErr_SetNone(PyObject *exception);
PyAPI_FUNC(PyObject *) PyErr_Occurred(void);
PyAPI_FUNC(void) PyErr_Clear(void);
PyAPI_FUNC(int) PyErr_ExceptionMatches(PyObject *exc);
PyAPI_FUNC(int) PyErr_GivenExceptionMatches(PyObject *given, PyObject *exc);
PyAPI_FUNC(PyObject *) PyErr_NoMemory(void);
PyAPI_FUNC(void) PyErr_BadInternalCall(void);
PyAPI_FUNC(void) _PyErr_BadInternalCall(const char *filename, int lineno);

/* ======================================================================== */
/*                             Buffer functions                             */
/* ======================================================================== */

PyAPI_FUNC(int) PyObject_CheckBuffer(PyObject *obj);
PyAPI_FUNC(int) PyObject_GetBuffer(PyObject *obj, Py_buffer *view, int flags);
PyAPI_FUNC(void) PyBuffer_Release(Py_buffer *view);
PyAPI_FUNC(int) PyBuffer_IsContiguous(const Py_buffer *view, char order);
PyAPI_FUNC(void *) PyBuffer_GetPointer(const Py_buffer *view, const Py_ssize_t *indices);
PyAPI_FUNC(Py_ssize_t) PyBuffer_SizeFromFormat(const char *format);
PyAPI_FUNC(int) PyBuffer_ToContiguous(void *buf, const Py_buffer *view, Py_ssize_t len, char order);
PyAPI_FUNC(int) PyBuffer_FromContiguous(const Py_buffer *view, const void *buf, Py_ssize_t len, char order);
PyAPI_FUNC(int) PyObject_CopyData(PyObject *dest, PyObject *src);
PyAPI_FUNC(void) PyBuffer_FillContiguousStrides(int ndims, Py_ssize_t *shape, Py_ssize_t *strides,
                                                int itemsize, char order);
PyAPI_FUNC(int) PyBuffer_FillInfo(Py_buffer *view, PyObject *o, void *buf, Py_ssize_t len,
                                  int readonly, int flags);

/* ======================================================================== */
/*                                memoryview                                */
/* ======================================================================== */

/* The leading fields of pybuffer's memoryview; the rest is private. */
typedef struct {
    PyObject_HEAD
    void *mbuf;
    int flags;
    Py_ssize_t exports;
    Py_buffer view;
} PyMemoryViewObject;

PyAPI_DATA(PyTypeObject) PyMemoryView_Type;

PyAPI_FUNC(PyObject *) PyMemoryView_FromObject(PyObject *base);
PyAPI_FUNC(PyObject *) PyMemoryView_FromMemory(char *mem, Py_ssize_t size, int flags);
PyAPI_FUNC(PyObject *) PyMemoryView_FromBuffer(const Py_buffer *info);
PyAPI_FUNC(PyObject *) PyMemoryView_GetContiguous(PyObject *base, int buffertype, char order);
#define PyMemoryView_Check(op) Py_IS_TYPE((op), &PyMemoryView_Type)
#define PyMemoryView_GET_BUFFER(op) (&((PyMemoryViewObject *)(op))->view)
#define PyMemoryView_GET_BASE(op) (((PyMemoryViewObject *)(op))->view.obj)


/* ======================================================================== */
/*                           None, True and False                           */
/* ======================================================================== */

/* Statics whose reference count is immortal: Py_INCREF and Py_DECREF work on
   them as on any object, but they are never freed. */
typedef struct _longobject PyLongObject; /* opaque: read it with PyLong_As* */

PyAPI_DATA(PyTypeObject) _PyNone_Type;
PyAPI_DATA(PyObject) _Py_NoneStruct;
PyAPI_DATA(PyLongObject) _Py_FalseStruct;
PyAPI_DATA(PyLongObject) _Py_TrueStruct;

PyAPI_FUNC(int) Py_IsNone(PyObject *x);
PyAPI_FUNC(int) Py_IsTrue(PyObject *x);
PyAPI_FUNC(int) Py_IsFalse(PyObject *x);

#define Py_None (&_Py_NoneStruct)
#define Py_False ((PyObject *)&_Py_FalseStruct)
#define Py_True ((PyObject *)&_Py_TrueStruct)
#define Py_IsNone(x) Py_Is((x), Py_None)
#define Py_IsTrue(x) Py_Is((x), Py_True)
#define Py_IsFalse(x) Py_Is((x), Py_False)
#define Py_RETURN_NONE return Py_NewRef(Py_None)
#define Py_RETURN_TRUE return Py_NewRef(Py_True)
#define Py_RETURN_FALSE return Py_NewRef(Py_False)

/* ======================================================================== */
/*                        int, bool, float and str                          */
/* ======================================================================== */

/* An int holds any value from LLONG_MIN to ULLONG_MAX. bool derives from
   int: PyLong_Check(Py_True) is true and PyLong_AsLong(Py_True) is 1. */
PyAPI_DATA(PyTypeObject) PyLong_Type;
PyAPI_DATA(PyTypeObject) PyBool_Type;
PyAPI_DATA(PyTypeObject) PyFloat_Type;
PyAPI_DATA(PyTypeObject) PyUnicode_Type;

#define PyType_FastSubclass(type, flag) PyType_HasFeature((type), (flag))
#define PyLong_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_LONG_SUBCLASS)
#define PyLong_CheckExact(op) Py_IS_TYPE((op), &PyLong_Type)
#define PyBool_Check(op) Py_IS_TYPE((op), &PyBool_Type)
#define PyFloat_Check(op) PyObject_TypeCheck((op), &PyFloat_Type)
#define PyFloat_CheckExact(op) Py_IS_TYPE((op), &PyFloat_Type)
#define PyUnicode_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_UNICODE_SUBCLASS)
#define PyUnicode_CheckExact(op) Py_IS_TYPE((op), &PyUnicode_Type)

/* Conversions to C raise OverflowError with CPython's messages when the
   value does not fit, and TypeError for a non-int. */
PyAPI_FUNC(PyObject *) PyLong_FromLong(long v);
PyAPI_FUNC(PyObject *) PyLong_FromUnsignedLong(unsigned long v);
PyAPI_FUNC(PyObject *) PyLong_FromLongLong(long long v);
PyAPI_FUNC(PyObject *) PyLong_FromUnsignedLongLong(unsigned long long v);
PyAPI_FUNC(PyObject *) PyLong_FromSsize_t(Py_ssize_t v);
PyAPI_FUNC(PyObject *) PyLong_FromSize_t(size_t v);
PyAPI_FUNC(long) PyLong_AsLong(PyObject *obj);
PyAPI_FUNC(long) PyLong_AsLongAndOverflow(PyObject *obj, int *overflow);
PyAPI_FUNC(long long) PyLong_AsLongLong(PyObject *obj);
PyAPI_FUNC(unsigned long) PyLong_AsUnsignedLong(PyObject *obj);
PyAPI_FUNC(unsigned long long) PyLong_AsUnsignedLongLong(PyObject *obj);
PyAPI_FUNC(Py_ssize_t) PyLong_AsSsize_t(PyObject *obj);
PyAPI_FUNC(size_t) PyLong_AsSize_t(PyObject *obj);
PyAPI_FUNC(double) PyLong_AsDouble(PyObject *obj);

PyAPI_FUNC(PyObject *) PyBool_FromLong(long v);

typedef struct {
    PyObject_HEAD
    double ob_fval;
} PyFloatObject;
#define PyFloat_AS_DOUBLE(op) (((PyFloatObject *)(op))->ob_fval)

PyAPI_FUNC(PyObject *) PyFloat_FromDouble(double v);
/* Accepts ints (and bools) as float() does. */
PyAPI_FUNC(double) PyFloat_AsDouble(PyObject *obj);

/* A str holds UTF-8; PyUnicode_AsUTF8's pointer lives as long as the str. */
PyAPI_FUNC(PyObject *) PyUnicode_FromString(const char *u);
PyAPI_FUNC(PyObject *) PyUnicode_FromStringAndSize(const char *u, Py_ssize_t size);
PyAPI_FUNC(const char *) PyUnicode_AsUTF8(PyObject *unicode);
PyAPI_FUNC(const char *) PyUnicode_AsUTF8AndSize(PyObject *unicode, Py_ssize_t *size);
PyAPI_FUNC(Py_ssize_t) PyUnicode_GetLength(PyObject *unicode);

PyAPI_FUNC(PyObject *) PyObject_Repr(PyObject *obj);
PyAPI_FUNC(PyObject *) PyObject_Str(PyObject *obj);
PyAPI_FUNC(PyObject *) PyObject_ASCII(PyObject *obj);

/* ======================================================================== */
/*                        Formatting and PyErr_Format                       */
/* ======================================================================== */

/* CPython 3.11's conversions: %% %c %d %i %u %x %ld %li %lu %lld %lli %llu
   %zd %zi %zu %p %s %U %V %S %R %A, with an optional '0' flag, width and
   precision. An unknown conversion copies the rest of the format as is. */
PyAPI_FUNC(PyObject *) PyUnicode_FromFormat(const char *format, ...);
PyAPI_FUNC(PyObject *) PyUnicode_FromFormatV(const char *format, va_list vargs);
/* Sets `exception` with the formatted message; always returns NULL. */
PyAPI_FUNC(PyObject *) PyErr_Format(PyObject *exception, const char *format, ...);
PyAPI_FUNC(PyObject *) PyErr_FormatV(PyObject *exception, const char *format, va_list vargs);

/* ======================================================================== */
/*                           Modules and functions                          */
/* ======================================================================== */

#define PYTHON_API_VERSION 1013
#define PYTHON_API_STRING "1013"
#define PYTHON_ABI_VERSION 3
#define PYTHON_ABI_STRING "3"

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
#define _PyCFunction_CAST(func) ((PyCFunction)(void (*)(void))(func))

struct PyMethodDef {
    const char *ml_name; /* NULL ends a table */
    PyCFunction ml_meth;
    int ml_flags;        /* METH_* */
    const char *ml_doc;
};
typedef struct PyMethodDef PyMethodDef;

typedef struct PyModuleDef_Base {
    PyObject_HEAD
    PyObject *(*m_init)(void);
    Py_ssize_t m_index;
    PyObject *m_copy;
} PyModuleDef_Base;

#define PyModuleDef_HEAD_INIT { PyObject_HEAD_INIT(NULL) NULL, 0, NULL, }

/* Multi-phase initialisation is not supported: m_slots must be NULL. */
typedef struct PyModuleDef_Slot {
    int slot;
    void *value;
} PyModuleDef_Slot;
#define Py_mod_create 1
#define Py_mod_exec 2

typedef struct PyModuleDef {
    PyModuleDef_Base m_base;
    const char *m_name;
    const char *m_doc;
    Py_ssize_t m_size;           /* bytes of PyModule_GetState; 0 or -1: none */
    PyMethodDef *m_methods;
    PyModuleDef_Slot *m_slots;
    traverseproc m_traverse;     /* never called: no cycle collector */
    inquiry m_clear;             /* never called */
    freefunc m_free;             /* called with the module when it dies */
} PyModuleDef;

PyAPI_DATA(PyTypeObject) PyModule_Type;
#define PyModule_Check(op) PyObject_TypeCheck((op), &PyModule_Type)
#define PyModule_CheckExact(op) Py_IS_TYPE((op), &PyModule_Type)

PyAPI_FUNC(PyObject *) PyModule_Create2(PyModuleDef *def, int apiver);
PyAPI_FUNC(PyObject *) PyModule_Create(PyModuleDef *def);
#define PyModule_Create(def) PyModule_Create2((def), PYTHON_API_VERSION)
PyAPI_FUNC(const char *) PyModule_GetName(PyObject *module);
PyAPI_FUNC(PyObject *) PyModule_GetNameObject(PyObject *module);
PyAPI_FUNC(PyModuleDef *) PyModule_GetDef(PyObject *module);
PyAPI_FUNC(void *) PyModule_GetState(PyObject *module);
PyAPI_FUNC(int) PyModule_AddObjectRef(PyObject *module, const char *name, PyObject *value);
/* Steals the reference to `value` on success only. */
PyAPI_FUNC(int) PyModule_AddObject(PyObject *module, const char *name, PyObject *value);
PyAPI_FUNC(int) PyModule_AddIntConstant(PyObject *module, const char *name, long value);
PyAPI_FUNC(int) PyModule_AddStringConstant(PyObject *module, const char *name, const char *value);
PyAPI_FUNC(int) PyModule_AddType(PyObject *module, PyTypeObject *type);
#define PyModule_AddIntMacro(m, c) PyModule_AddIntConstant((m), #c, (c))
#define PyModule_AddStringMacro(m, c) PyModule_AddStringConstant((m), #c, (c))

#ifdef __cplusplus
}
#endif

#endif /* PYBUFFER_H */
