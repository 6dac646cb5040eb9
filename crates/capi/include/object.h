/*
 * object.h -- the object model: PyObject and PyVarObject, reference
 * counting, type objects (PyTypeObject, PyType_Spec, Py_TPFLAGS_*), None and
 * the generic repr(), str() and ascii().
 */
#ifndef Py_OBJECT_H
#define Py_OBJECT_H

#include <stdio.h>

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

/* a size no object has: the "not computed yet" of caches */
#define Py_INVALID_SIZE (Py_ssize_t)-1

#define PyObject_HEAD PyObject ob_base;
#define PyObject_VAR_HEAD PyVarObject ob_base;
/* What a static object's initializer puts before its reference count:
   nothing (CPython's too, outside Py_TRACE_REFS builds), but code that
   spells out PyObject_HEAD_INIT names it. */
#define _PyObject_EXTRA_INIT
#define PyObject_HEAD_INIT(type) { _PyObject_EXTRA_INIT 1, (type) },
#define PyVarObject_HEAD_INIT(type, size) { PyObject_HEAD_INIT(type) (size) },

#define _PyObject_CAST(op) ((PyObject *)(op))
#define _PyVarObject_CAST(op) ((PyVarObject *)(op))

PyAPI_FUNC(void) _Py_Dealloc(PyObject *op);
/* Gives memory the extension allocated itself (type already set) a
   reference count of 1; the type gains no reference. (CPython's private
   form, in its cpython/object.h.) */
PyAPI_FUNC(void) _Py_NewReference(PyObject *op);
PyAPI_FUNC(void) Py_IncRef(PyObject *op);
PyAPI_FUNC(void) Py_DecRef(PyObject *op);
/* Private, as in CPython 3.11: the limited API's Py_INCREF / Py_DECREF
   in debug builds (and PyO3's abi3 builds) call them. */
PyAPI_FUNC(void) _Py_IncRef(PyObject *op);
PyAPI_FUNC(void) _Py_DecRef(PyObject *op);

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
/* The same as functions, for callers that cannot use the macros below
   (declared before them, as in CPython). */
PyAPI_FUNC(PyObject *) Py_NewRef(PyObject *obj);
PyAPI_FUNC(PyObject *) Py_XNewRef(PyObject *obj);
PyAPI_FUNC(int) Py_Is(PyObject *x, PyObject *y);

#define Py_TYPE(op) _Pyb_TYPE(_PyObject_CAST(op))
#define Py_REFCNT(op) _Pyb_REFCNT(_PyObject_CAST(op))
#define Py_SIZE(op) (((PyVarObject *)(op))->ob_size)
#define Py_IS_TYPE(op, type) (Py_TYPE(op) == (type))
static inline void _Pyb_SET_REFCNT(PyObject *op, Py_ssize_t n) {
    __atomic_store_n(&op->ob_refcnt, n, __ATOMIC_RELAXED);
}
#define Py_SET_REFCNT(op, n) _Pyb_SET_REFCNT(_PyObject_CAST(op), (n))
#define Py_SET_TYPE(op, type) ((void)(_PyObject_CAST(op)->ob_type = (type)))
#define Py_SET_SIZE(op, size) ((void)(((PyVarObject *)(op))->ob_size = (size)))
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

typedef PyObject *(*unaryfunc)(PyObject *);
typedef PyObject *(*binaryfunc)(PyObject *, PyObject *);
typedef PyObject *(*ternaryfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*inquiry)(PyObject *);
typedef Py_ssize_t (*lenfunc)(PyObject *);
typedef PyObject *(*ssizeargfunc)(PyObject *, Py_ssize_t);
typedef PyObject *(*ssizessizeargfunc)(PyObject *, Py_ssize_t, Py_ssize_t);
typedef int (*ssizeobjargproc)(PyObject *, Py_ssize_t, PyObject *);
typedef int (*ssizessizeobjargproc)(PyObject *, Py_ssize_t, Py_ssize_t, PyObject *);
typedef int (*objobjargproc)(PyObject *, PyObject *, PyObject *);
typedef int (*objobjproc)(PyObject *, PyObject *);
typedef int (*visitproc)(PyObject *, void *);
typedef int (*traverseproc)(PyObject *, visitproc, void *);
typedef void (*freefunc)(void *);
typedef void (*destructor)(PyObject *);
typedef PyObject *(*getattrfunc)(PyObject *, char *);
typedef PyObject *(*getattrofunc)(PyObject *, PyObject *);
typedef int (*setattrfunc)(PyObject *, char *, PyObject *);
typedef int (*setattrofunc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*reprfunc)(PyObject *);
typedef Py_hash_t (*hashfunc)(PyObject *);
typedef PyObject *(*richcmpfunc)(PyObject *, PyObject *, int);
typedef PyObject *(*getiterfunc)(PyObject *);
typedef PyObject *(*iternextfunc)(PyObject *);
typedef PyObject *(*descrgetfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*descrsetfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*initproc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*newfunc)(PyTypeObject *, PyObject *, PyObject *);
typedef PyObject *(*allocfunc)(PyTypeObject *, Py_ssize_t);
typedef PyObject *(*vectorcallfunc)(PyObject *callable, PyObject *const *args, size_t nargsf,
                                    PyObject *kwnames);

typedef enum {
    PYGEN_RETURN = 0,
    PYGEN_ERROR = -1,
    PYGEN_NEXT = 1,
} PySendResult;
typedef PySendResult (*sendfunc)(PyObject *iter, PyObject *value, PyObject **result);

/* The method suites, field for field as CPython 3.11's. */
typedef struct {
    binaryfunc nb_add;
    binaryfunc nb_subtract;
    binaryfunc nb_multiply;
    binaryfunc nb_remainder;
    binaryfunc nb_divmod;
    ternaryfunc nb_power;
    unaryfunc nb_negative;
    unaryfunc nb_positive;
    unaryfunc nb_absolute;
    inquiry nb_bool;
    unaryfunc nb_invert;
    binaryfunc nb_lshift;
    binaryfunc nb_rshift;
    binaryfunc nb_and;
    binaryfunc nb_xor;
    binaryfunc nb_or;
    unaryfunc nb_int;
    void *nb_reserved; /* the slot formerly known as nb_long */
    unaryfunc nb_float;
    binaryfunc nb_inplace_add;
    binaryfunc nb_inplace_subtract;
    binaryfunc nb_inplace_multiply;
    binaryfunc nb_inplace_remainder;
    ternaryfunc nb_inplace_power;
    binaryfunc nb_inplace_lshift;
    binaryfunc nb_inplace_rshift;
    binaryfunc nb_inplace_and;
    binaryfunc nb_inplace_xor;
    binaryfunc nb_inplace_or;
    binaryfunc nb_floor_divide;
    binaryfunc nb_true_divide;
    binaryfunc nb_inplace_floor_divide;
    binaryfunc nb_inplace_true_divide;
    unaryfunc nb_index;
    binaryfunc nb_matrix_multiply;
    binaryfunc nb_inplace_matrix_multiply;
} PyNumberMethods;

typedef struct {
    lenfunc sq_length;
    binaryfunc sq_concat;
    ssizeargfunc sq_repeat;
    ssizeargfunc sq_item;
    void *was_sq_slice;
    ssizeobjargproc sq_ass_item;
    void *was_sq_ass_slice;
    objobjproc sq_contains;
    binaryfunc sq_inplace_concat;
    ssizeargfunc sq_inplace_repeat;
} PySequenceMethods;

typedef struct {
    lenfunc mp_length;
    binaryfunc mp_subscript;
    objobjargproc mp_ass_subscript;
} PyMappingMethods;

typedef struct {
    unaryfunc am_await;
    unaryfunc am_aiter;
    unaryfunc am_anext;
    sendfunc am_send;
} PyAsyncMethods;

typedef struct {
    getbufferproc bf_getbuffer;
    releasebufferproc bf_releasebuffer;
} PyBufferProcs;

/* Allows printfunc in the tp_vectorcall_offset slot, as CPython does. */
typedef Py_ssize_t printfunc;

/* CPython 3.11's PyTypeObject, field for field. */
struct _typeobject {
    PyObject_VAR_HEAD
    const char *tp_name; /* "module.Name" */
    Py_ssize_t tp_basicsize, tp_itemsize;
    destructor tp_dealloc;
    Py_ssize_t tp_vectorcall_offset;
    getattrfunc tp_getattr;
    setattrfunc tp_setattr;
    PyAsyncMethods *tp_as_async;
    reprfunc tp_repr;
    PyNumberMethods *tp_as_number;
    PySequenceMethods *tp_as_sequence;
    PyMappingMethods *tp_as_mapping;
    hashfunc tp_hash;
    ternaryfunc tp_call;
    reprfunc tp_str;
    getattrofunc tp_getattro;
    setattrofunc tp_setattro;
    PyBufferProcs *tp_as_buffer;
    unsigned long tp_flags;
    const char *tp_doc;
    traverseproc tp_traverse; /* called by nothing: there is no cycle collector */
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
    PyObject *tp_subclasses;
    PyObject *tp_weaklist;
    destructor tp_del;
    unsigned int tp_version_tag;
    destructor tp_finalize;
    vectorcallfunc tp_vectorcall;
};

/* The layout of a type allocated on the heap (PyType_FromSpec). */
typedef struct _heaptypeobject {
    PyTypeObject ht_type;
    PyAsyncMethods as_async;
    PyNumberMethods as_number;
    PyMappingMethods as_mapping;
    PySequenceMethods as_sequence;
    PyBufferProcs as_buffer;
    PyObject *ht_name, *ht_slots, *ht_qualname;
    struct _dictkeysobject *ht_cached_keys;
    PyObject *ht_module;
    char *_ht_tpname;
    struct { PyObject *getitem; } _spec_cache;
} PyHeapTypeObject;

#define Py_TPFLAGS_HAVE_FINALIZE (1UL << 0)
#define Py_TPFLAGS_MANAGED_DICT (1UL << 4)
#define Py_TPFLAGS_SEQUENCE (1UL << 5)
#define Py_TPFLAGS_MAPPING (1UL << 6)
#define Py_TPFLAGS_DISALLOW_INSTANTIATION (1UL << 7)
#define Py_TPFLAGS_IMMUTABLETYPE (1UL << 8)
#define Py_TPFLAGS_HEAPTYPE (1UL << 9)
#define Py_TPFLAGS_BASETYPE (1UL << 10)
#define Py_TPFLAGS_HAVE_VECTORCALL (1UL << 11)
#define _Py_TPFLAGS_HAVE_VECTORCALL Py_TPFLAGS_HAVE_VECTORCALL
#define Py_TPFLAGS_READY (1UL << 12)
#define Py_TPFLAGS_READYING (1UL << 13)
#define Py_TPFLAGS_HAVE_GC (1UL << 14)
#define Py_TPFLAGS_HAVE_STACKLESS_EXTENSION 0
#define Py_TPFLAGS_METHOD_DESCRIPTOR (1UL << 17)
#define Py_TPFLAGS_HAVE_VERSION_TAG (1UL << 18)
#define Py_TPFLAGS_VALID_VERSION_TAG (1UL << 19)
#define Py_TPFLAGS_IS_ABSTRACT (1UL << 20)
#define Py_TPFLAGS_LONG_SUBCLASS (1UL << 24)
#define Py_TPFLAGS_LIST_SUBCLASS (1UL << 25)
#define Py_TPFLAGS_TUPLE_SUBCLASS (1UL << 26)
#define Py_TPFLAGS_BYTES_SUBCLASS (1UL << 27)
#define Py_TPFLAGS_UNICODE_SUBCLASS (1UL << 28)
#define Py_TPFLAGS_DICT_SUBCLASS (1UL << 29)
#define Py_TPFLAGS_BASE_EXC_SUBCLASS (1UL << 30)
#define Py_TPFLAGS_TYPE_SUBCLASS (1UL << 31)
#define Py_TPFLAGS_DEFAULT (Py_TPFLAGS_HAVE_STACKLESS_EXTENSION | 0)

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
PyAPI_DATA(PyTypeObject) PySuper_Type; /* built-in 'super' */

PyAPI_FUNC(PyObject *) PyType_FromSpec(PyType_Spec *spec);
PyAPI_FUNC(PyObject *) PyType_FromSpecWithBases(PyType_Spec *spec, PyObject *bases);
PyAPI_FUNC(void *) PyType_GetSlot(PyTypeObject *type, int slot);
PyAPI_FUNC(int) PyType_Ready(PyTypeObject *type);
PyAPI_FUNC(unsigned long) PyType_GetFlags(PyTypeObject *type);
PyAPI_FUNC(int) PyType_IsSubtype(PyTypeObject *a, PyTypeObject *b);
PyAPI_FUNC(PyObject *) PyType_GenericAlloc(PyTypeObject *type, Py_ssize_t nitems);
PyAPI_FUNC(PyObject *) PyType_GenericNew(PyTypeObject *type, PyObject *args, PyObject *kwds);
PyAPI_FUNC(PyObject *) PyType_FromModuleAndSpec(PyObject *module, PyType_Spec *spec, PyObject *bases);
PyAPI_FUNC(PyObject *) PyType_GetModule(PyTypeObject *type);
PyAPI_FUNC(void *) PyType_GetModuleState(PyTypeObject *type);
PyAPI_FUNC(PyObject *) PyType_GetModuleByDef(PyTypeObject *type, PyModuleDef *def);
PyAPI_FUNC(PyObject *) PyType_GetName(PyTypeObject *type);
PyAPI_FUNC(PyObject *) PyType_GetQualName(PyTypeObject *type);
/* pybuffer keeps no attribute cache, so this has nothing to invalidate. */
PyAPI_FUNC(void) PyType_Modified(PyTypeObject *type);
PyAPI_FUNC(PyObject *) _PyType_Lookup(PyTypeObject *type, PyObject *name);
PyAPI_FUNC(PyTypeObject *) _PyType_CalculateMetaclass(PyTypeObject *, PyObject *);
static inline int _Pyb_Type_HasFeature(PyTypeObject *type, unsigned long feature) {
    return (type->tp_flags & feature) != 0;
}
#define PyType_HasFeature(t, f) _Pyb_Type_HasFeature((t), (f))
#define _PyType_HasFeature(t, f) _Pyb_Type_HasFeature((t), (f))
static inline int _Pyb_ObjectTypeCheck(PyObject *ob, PyTypeObject *type) {
    return Py_IS_TYPE(ob, type) || PyType_IsSubtype(Py_TYPE(ob), type);
}
#define PyObject_TypeCheck(op, type) _Pyb_ObjectTypeCheck(_PyObject_CAST(op), (type))

#define PyType_FastSubclass(type, flag) PyType_HasFeature((type), (flag))
#define PyType_Check(op) PyType_FastSubclass(Py_TYPE(op), Py_TPFLAGS_TYPE_SUBCLASS)
#define PyType_CheckExact(op) Py_IS_TYPE((op), &PyType_Type)
#define _PyType_CAST(op) (assert(PyType_Check(op)), (PyTypeObject *)(op))

/* None is a static whose reference count is immortal: Py_INCREF and
   Py_DECREF work on it as on any object, but it is never freed. */
PyAPI_DATA(PyTypeObject) _PyNone_Type;
PyAPI_DATA(PyObject) _Py_NoneStruct;
PyAPI_FUNC(int) Py_IsNone(PyObject *x);
#define Py_None (&_Py_NoneStruct)
#define Py_IsNone(x) Py_Is((x), Py_None)
#define Py_RETURN_NONE return Py_NewRef(Py_None)

/* NotImplemented: what binary and comparison slots return to let the other
   operand try. Immortal, like None. */
PyAPI_DATA(PyTypeObject) _PyNotImplemented_Type;
PyAPI_DATA(PyObject) _Py_NotImplementedStruct;
#define Py_NotImplemented (&_Py_NotImplementedStruct)
#define Py_RETURN_NOTIMPLEMENTED return Py_NewRef(Py_NotImplemented)

/* Rich comparison opcodes. */
#define Py_LT 0
#define Py_LE 1
#define Py_EQ 2
#define Py_NE 3
#define Py_GT 4
#define Py_GE 5

/* Returns the result of comparing `val1 op val2` as True or False. */
#define Py_RETURN_RICHCOMPARE(val1, val2, op)                               \
    do {                                                                    \
        switch (op) {                                                       \
        case Py_EQ: if ((val1) == (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;  \
        case Py_NE: if ((val1) != (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;  \
        case Py_LT: if ((val1) < (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;   \
        case Py_GT: if ((val1) > (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;   \
        case Py_LE: if ((val1) <= (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;  \
        case Py_GE: if ((val1) >= (val2)) Py_RETURN_TRUE; Py_RETURN_FALSE;  \
        default: Py_UNREACHABLE();                                          \
        }                                                                   \
    } while (0)

/* The tp_hash of unhashable types: raises TypeError("unhashable type"). */
PyAPI_FUNC(Py_hash_t) PyObject_HashNotImplemented(PyObject *obj);
#ifndef Py_LIMITED_API
/* The tp_iternext of a type that is not an iterator: raises TypeError. */
PyAPI_FUNC(PyObject *) _PyObject_NextNotImplemented(PyObject *obj);
#endif

/* Attributes. */
PyAPI_FUNC(PyObject *) PyObject_GetAttr(PyObject *v, PyObject *name);
PyAPI_FUNC(PyObject *) PyObject_GetAttrString(PyObject *v, const char *name);
PyAPI_FUNC(int) PyObject_SetAttr(PyObject *v, PyObject *name, PyObject *value);
PyAPI_FUNC(int) PyObject_SetAttrString(PyObject *v, const char *name, PyObject *value);
PyAPI_FUNC(int) PyObject_HasAttr(PyObject *v, PyObject *name);
PyAPI_FUNC(int) PyObject_HasAttrString(PyObject *v, const char *name);
#define PyObject_DelAttr(O, A) PyObject_SetAttr((O), (A), NULL)
#define PyObject_DelAttrString(O, A) PyObject_SetAttrString((O), (A), NULL)
PyAPI_FUNC(int) _PyObject_LookupAttr(PyObject *v, PyObject *name, PyObject **result);

/* _Py_IDENTIFIER(name) declares a static identifier PyId_name for the
   string "name": extensions written before 3.12 name attributes and methods
   by one, and _PyUnicode_FromId gives its interned str (borrowed), made on
   first use and kept for the life of the process. */
typedef struct _Py_Identifier {
    const char *string;
    /* its interned str's slot in the process's table; -1 until first use */
    Py_ssize_t index;
} _Py_Identifier;

#define _Py_static_string_init(value) { .string = value, .index = -1 }
#define _Py_static_string(varname, value) static _Py_Identifier varname = _Py_static_string_init(value)
#define _Py_IDENTIFIER(varname) _Py_static_string(PyId_##varname, #varname)

PyAPI_FUNC(PyObject *) _PyUnicode_FromId(_Py_Identifier *id);
PyAPI_FUNC(PyObject *) _PyObject_GetAttrId(PyObject *v, _Py_Identifier *name);
PyAPI_FUNC(int) _PyObject_SetAttrId(PyObject *v, _Py_Identifier *name, PyObject *w);
PyAPI_FUNC(int) _PyObject_LookupAttrId(PyObject *v, _Py_Identifier *name, PyObject **result);
PyAPI_FUNC(PyObject *) _PyType_LookupId(PyTypeObject *type, _Py_Identifier *name);
PyAPI_FUNC(PyObject *) _PyObject_LookupSpecialId(PyObject *self, _Py_Identifier *name);
/* Runs tp_finalize (once per object for GC types); the FromDealloc form
   revives the object around it and returns -1 if it was resurrected. */
PyAPI_FUNC(void) PyObject_CallFinalizer(PyObject *);
PyAPI_FUNC(int) PyObject_CallFinalizerFromDealloc(PyObject *);

PyAPI_FUNC(PyObject *) PyObject_GenericGetAttr(PyObject *obj, PyObject *name);
#ifndef Py_LIMITED_API
/* PyObject_GenericGetAttr with `dict` (NULL: the instance's own) as the
   instance dict; with `suppress`, a missing attribute gives NULL without
   an AttributeError. */
PyAPI_FUNC(PyObject *) _PyObject_GenericGetAttrWithDict(PyObject *obj, PyObject *name,
                                                        PyObject *dict, int suppress);
#endif
PyAPI_FUNC(int) PyObject_GenericSetAttr(PyObject *obj, PyObject *name, PyObject *value);
PyAPI_FUNC(PyObject *) PyObject_GenericGetDict(PyObject *obj, void *context);
PyAPI_FUNC(int) PyObject_GenericSetDict(PyObject *obj, PyObject *value, void *context);
PyAPI_FUNC(PyObject **) _PyObject_GetDictPtr(PyObject *obj);
PyAPI_FUNC(PyObject *) _PyObject_FunctionStr(PyObject *func);

/* Comparison, truth, hashing, calls. */
PyAPI_FUNC(PyObject *) PyObject_RichCompare(PyObject *v, PyObject *w, int op);
PyAPI_FUNC(int) PyObject_RichCompareBool(PyObject *v, PyObject *w, int op);
PyAPI_FUNC(int) PyObject_IsTrue(PyObject *v);
PyAPI_FUNC(int) PyObject_Not(PyObject *v);
PyAPI_FUNC(Py_hash_t) PyObject_Hash(PyObject *v);
PyAPI_FUNC(int) PyCallable_Check(PyObject *x);

PyAPI_FUNC(PyObject *) PyObject_Repr(PyObject *obj);
/* dir(obj): the type's __dir__() as a sorted list. With NULL, the current
   frame's names: there is never a frame here, so NULL with SystemError. */
PyAPI_FUNC(PyObject *) PyObject_Dir(PyObject *obj);

/* Pickle support: the state __reduce__ methods of built-in types pass on
   (the object's __getstate__(), or its instance dict and set slots). */
#ifndef Py_LIMITED_API
PyAPI_FUNC(PyObject *) _PyObject_GetState(PyObject *);
#endif
PyAPI_FUNC(PyObject *) PyObject_Str(PyObject *obj);
PyAPI_FUNC(PyObject *) PyObject_ASCII(PyObject *obj);
PyAPI_FUNC(PyObject *) PyObject_Bytes(PyObject *v);

/* Writes repr(op) -- str(op) with Py_PRINT_RAW -- to fp as UTF-8 ("<nil>"
   for NULL): 0, or -1 with an exception (OSError when the stream fails). */
#define Py_PRINT_RAW 1
PyAPI_FUNC(int) PyObject_Print(PyObject *op, FILE *fp, int flags);
/* A container's repr guard: Py_ReprEnter(obj) is 0 the first time on
   this thread (then Py_ReprLeave(obj) when done), 1 when obj is already
   being printed (a cycle: print "..."). */
PyAPI_FUNC(int) Py_ReprEnter(PyObject *obj);
PyAPI_FUNC(void) Py_ReprLeave(PyObject *obj);

/* The trashcan: a container's tp_dealloc brackets its body (after
   PyObject_GC_UnTrack) with Py_TRASHCAN_BEGIN(op, its_dealloc) and
   Py_TRASHCAN_END, so that freeing a long chain of containers runs at
   most 50 bodies deep per thread, the rest one after another. */
PyAPI_FUNC(int) _PyTrash_begin(PyThreadState *tstate, PyObject *op);
PyAPI_FUNC(void) _PyTrash_end(PyThreadState *tstate);
PyAPI_FUNC(int) _PyTrash_cond(PyObject *op, destructor dealloc);

#define Py_TRASHCAN_BEGIN_CONDITION(op, cond) \
    do { \
        PyThreadState *_tstate = NULL; \
        if (cond) { \
            _tstate = PyThreadState_Get(); \
            if (_PyTrash_begin(_tstate, _PyObject_CAST(op))) { \
                break; \
            } \
        }
#define Py_TRASHCAN_END \
        if (_tstate) { \
            _PyTrash_end(_tstate); \
        } \
    } while (0);
#define Py_TRASHCAN_BEGIN(op, dealloc) \
    Py_TRASHCAN_BEGIN_CONDITION(op, _PyTrash_cond(_PyObject_CAST(op), (destructor)(dealloc)))

/* Deprecated in 3.11, still used: always enter the trashcan. */
Py_DEPRECATED(3.11) typedef int UsingDeprecatedTrashcanMacro;
#define Py_TRASHCAN_SAFE_BEGIN(op) \
    do { \
        UsingDeprecatedTrashcanMacro cond = 1; \
        Py_TRASHCAN_BEGIN_CONDITION(op, cond);
#define Py_TRASHCAN_SAFE_END(op) \
        Py_TRASHCAN_END; \
    } while (0);

#ifdef __cplusplus
}
#endif

#endif /* !Py_OBJECT_H */
