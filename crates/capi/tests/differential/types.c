/* Differential cases for types, attributes, descriptors, method objects,
 * calls, modules, capsules and the GC API (Objects/typeobject.c,
 * descrobject.c, methodobject.c, call.c, object.c, moduleobject.c,
 * capsule.c, Python/structmember.c, Modules/gcmodule.c).
 *
 * This one source is compiled twice: against CPython 3.11 (linked with
 * libpython3.11) and against pybuffer (linked with libpybuffer). Each build
 * runs every case below and prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * where "what happened" is the repr of the result (addresses masked as
 * 0x?) or the exception type and message, then whether the objects the
 * case used are back at their reference counts. scripts/c-tests.sh
 * compares the two outputs line for line.
 *
 * Warnings (truncated member values) go to stderr, which is compared with
 * CPython's too (c-tests: compare stderr).
 *
 * The types are static types written in C the way extensions write them
 * (tp_methods with every calling convention, tp_getset, tp_members with
 * every T_* type, tp_new / tp_init / tp_dealloc, tp_as_buffer, tp_base, rich
 * comparison and hashing), plus heap types from PyType_FromModuleAndSpec,
 * single- and multi-phase modules, and capsules.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/*                              Output                                */
/* ------------------------------------------------------------------ */

#include "refcase.h"

/* ------------------------------------------------------------------ */
/*                      A static type: Point                          */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    int i;
    double d;
    PyObject *obj;
    PyObject *ex;
    char c;
    char flag;
    signed char b;
    unsigned char ub;
    short s;
    unsigned short us;
    unsigned int ui;
    long l;
    unsigned long ul;
    long long ll;
    unsigned long long ull;
    Py_ssize_t ss;
    float f;
    const char *str;
    char inl[8];
    int ro;
    int exports;
} Point;

static PyTypeObject PointType;

static PyObject *point_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    (void)args;
    (void)kwds;
    Point *self = (Point *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->str = "hello";
        strcpy(self->inl, "inl");
        self->ro = 7;
        self->c = 'c';
    }
    return (PyObject *)self;
}

static int point_init(PyObject *op, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"i", "d", NULL};
    Point *self = (Point *)op;
    return PyArg_ParseTupleAndKeywords(args, kwds, "|id:Point", kwlist, &self->i, &self->d) ? 0 : -1;
}

static void point_dealloc(PyObject *op)
{
    Point *self = (Point *)op;
    Py_XDECREF(self->obj);
    Py_XDECREF(self->ex);
    Py_TYPE(op)->tp_free(op);
}

static PyObject *point_repr(PyObject *op)
{
    return PyUnicode_FromFormat("Point(%d)", ((Point *)op)->i);
}

static Py_hash_t point_hash(PyObject *op)
{
    Py_hash_t h = ((Point *)op)->i;
    return h == -1 ? -2 : h;
}

static PyObject *point_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!PyObject_TypeCheck(a, &PointType) || !PyObject_TypeCheck(b, &PointType))
        Py_RETURN_NOTIMPLEMENTED;
    Py_RETURN_RICHCOMPARE(((Point *)a)->i, ((Point *)b)->i, op);
}

static int point_getbuffer(PyObject *op, Py_buffer *view, int flags)
{
    Point *self = (Point *)op;
    if (PyBuffer_FillInfo(view, op, &self->i, sizeof self->i, 1, flags) < 0)
        return -1;
    self->exports++;
    return 0;
}

static void point_releasebuffer(PyObject *op, Py_buffer *view)
{
    (void)view;
    ((Point *)op)->exports--;
}

static PyBufferProcs point_as_buffer = {point_getbuffer, point_releasebuffer};

static PyObject *m_noargs(PyObject *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromLong(((Point *)self)->i);
}

static PyObject *m_one(PyObject *self, PyObject *arg)
{
    (void)self;
    return Py_NewRef(arg);
}

static PyObject *m_varargs(PyObject *self, PyObject *args)
{
    (void)self;
    return Py_NewRef(args);
}

static PyObject *m_varkw(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    return PyTuple_Pack(2, args, kwargs ? kwargs : Py_None);
}

static PyObject *m_fast(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    (void)args;
    return PyLong_FromSsize_t(nargs);
}

static PyObject *m_fastkw(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)self;
    (void)args;
    PyObject *n = PyLong_FromSsize_t(nargs);
    PyObject *r = PyTuple_Pack(2, n, kwnames ? kwnames : Py_None);
    Py_DECREF(n);
    return r;
}

static PyObject *m_cls(PyObject *cls, PyObject *unused)
{
    (void)unused;
    return Py_NewRef(cls);
}

static PyObject *m_stat(PyObject *self, PyObject *args)
{
    return PyTuple_Pack(2, self == NULL ? Py_True : Py_False, args);
}

static PyObject *m_defcls(PyObject *self, PyTypeObject *cls, PyObject *const *args, size_t nargs, PyObject *kwnames)
{
    (void)self;
    (void)args;
    PyObject *n = PyLong_FromSize_t(nargs);
    PyObject *r = PyTuple_Pack(3, (PyObject *)cls, n, kwnames ? kwnames : Py_None);
    Py_DECREF(n);
    return r;
}

static PyObject *m_fail(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return NULL; /* without an exception */
}

static PyMethodDef point_methods[] = {
    {"noargs", m_noargs, METH_NOARGS, "noargs($self, /)\n--\n\nReturns i."},
    {"one", m_one, METH_O, NULL},
    {"varargs", m_varargs, METH_VARARGS, NULL},
    {"varkw", _PyCFunction_CAST(m_varkw), METH_VARARGS | METH_KEYWORDS, NULL},
    {"fast", _PyCFunction_CAST(m_fast), METH_FASTCALL, NULL},
    {"fastkw", _PyCFunction_CAST(m_fastkw), METH_FASTCALL | METH_KEYWORDS, NULL},
    {"cls", m_cls, METH_CLASS | METH_NOARGS, NULL},
    {"stat", m_stat, METH_STATIC | METH_VARARGS, NULL},
    {"defcls", _PyCFunction_CAST(m_defcls), METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {"fail", m_fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyObject *g_twice(PyObject *self, void *closure)
{
    (void)closure;
    return PyLong_FromLong(2 * ((Point *)self)->i);
}

static int s_twice(PyObject *self, PyObject *value, void *closure)
{
    (void)closure;
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "can't delete twice");
        return -1;
    }
    long v = PyLong_AsLong(value);
    if (v == -1 && PyErr_Occurred())
        return -1;
    ((Point *)self)->i = (int)(v / 2);
    return 0;
}

static PyObject *g_closure(PyObject *self, void *closure)
{
    (void)self;
    return PyUnicode_FromString((const char *)closure);
}

static int s_only(PyObject *self, PyObject *value, void *closure)
{
    (void)closure;
    ((Point *)self)->ro = value == NULL ? -1 : 1;
    return 0;
}

static PyGetSetDef point_getset[] = {
    {"twice", g_twice, s_twice, "twice i", NULL},
    {"label", g_closure, NULL, NULL, "the closure"},
    {"writeonly", NULL, s_only, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

#define OFF(f) offsetof(Point, f)
static PyMemberDef point_members[] = {
    {"i", T_INT, OFF(i), 0, "an int"},
    {"d", T_DOUBLE, OFF(d), 0, NULL},
    {"obj", T_OBJECT, OFF(obj), 0, NULL},
    {"ex", T_OBJECT_EX, OFF(ex), 0, NULL},
    {"c", T_CHAR, OFF(c), 0, NULL},
    {"flag", T_BOOL, OFF(flag), 0, NULL},
    {"b", T_BYTE, OFF(b), 0, NULL},
    {"ub", T_UBYTE, OFF(ub), 0, NULL},
    {"s", T_SHORT, OFF(s), 0, NULL},
    {"us", T_USHORT, OFF(us), 0, NULL},
    {"ui", T_UINT, OFF(ui), 0, NULL},
    {"l", T_LONG, OFF(l), 0, NULL},
    {"ul", T_ULONG, OFF(ul), 0, NULL},
    {"ll", T_LONGLONG, OFF(ll), 0, NULL},
    {"ull", T_ULONGLONG, OFF(ull), 0, NULL},
    {"ss", T_PYSSIZET, OFF(ss), 0, NULL},
    {"f", T_FLOAT, OFF(f), 0, NULL},
    {"str", T_STRING, OFF(str), 0, NULL},
    {"inl", T_STRING_INPLACE, OFF(inl), 0, NULL},
    {"ro", T_INT, OFF(ro), READONLY, NULL},
    {"none", T_NONE, OFF(i), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject PointType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "difftypes.Point",
    .tp_basicsize = sizeof(Point),
    .tp_dealloc = point_dealloc,
    .tp_repr = point_repr,
    .tp_hash = point_hash,
    .tp_as_buffer = &point_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Point(i=0, d=0.0)\n--\n\nA point.",
    .tp_richcompare = point_richcompare,
    .tp_methods = point_methods,
    .tp_members = point_members,
    .tp_getset = point_getset,
    .tp_init = point_init,
    .tp_new = point_new,
};

/* A subtype adding a member. */
typedef struct {
    Point base;
    int z;
} Point3D;

static PyMemberDef point3d_members[] = {
    {"z", T_INT, offsetof(Point3D, z), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject Point3DType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "difftypes.Point3D",
    .tp_basicsize = sizeof(Point3D),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_members = point3d_members,
    .tp_base = &PointType,
};

/* Types that show the defaults. */
static PyTypeObject NoNewType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "difftypes.NoNew",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

static PyTypeObject PlainType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "difftypes.Plain",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static PyObject *unhashable_richcompare(PyObject *a, PyObject *b, int op)
{
    (void)a;
    (void)b;
    (void)op;
    Py_RETURN_FALSE;
}

static PyTypeObject UnhashableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "difftypes.Unhashable",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_richcompare = unhashable_richcompare,
    .tp_new = PyType_GenericNew,
};

static PyObject *bad_repr(PyObject *op)
{
    (void)op;
    return PyLong_FromLong(1);
}

static Py_ssize_t sized_len(PyObject *op)
{
    (void)op;
    return 0;
}

static PySequenceMethods sized_as_sequence = {.sq_length = sized_len};

static PyTypeObject OddType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "difftypes.Odd",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_repr = bad_repr,
    .tp_str = bad_repr,
    .tp_as_sequence = &sized_as_sequence,
    .tp_new = PyType_GenericNew,
};

static PyObject *recursive_repr(PyObject *op)
{
    return PyObject_Repr(op);
}

static PyTypeObject RecursiveType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "difftypes.Recursive",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_repr = recursive_repr,
    .tp_new = PyType_GenericNew,
};

/* A GC type. */
typedef struct {
    PyObject_HEAD
    PyObject *ref;
} GCObj;

static int gc_traverse(PyObject *op, visitproc visit, void *arg)
{
    Py_VISIT(((GCObj *)op)->ref);
    return 0;
}

static PyTypeObject GCType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "difftypes.GC",
    .tp_basicsize = sizeof(GCObj),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = gc_traverse,
};

/* ------------------------------------------------------------------ */
/*                             Helpers                                */
/* ------------------------------------------------------------------ */

static PyObject *str(const char *s)
{
    return PyUnicode_FromString(s);
}

static PyObject *attr(PyObject *o, const char *name)
{
    return PyObject_GetAttrString(o, name);
}

/* o.a.b, releasing o.a. */
static PyObject *attr2(PyObject *o, const char *a, const char *b)
{
    PyObject *x = attr(o, a);
    if (x == NULL)
        return NULL;
    PyObject *r = attr(x, b);
    Py_DECREF(x);
    return r;
}

static int setattr_long(PyObject *o, const char *name, long long v)
{
    PyObject *x = PyLong_FromLongLong(v);
    int r = PyObject_SetAttrString(o, name, x);
    Py_DECREF(x);
    return r;
}

static int setattr_obj(PyObject *o, const char *name, PyObject *v)
{
    int r = PyObject_SetAttrString(o, name, v);
    Py_XDECREF(v);
    return r;
}

/* Calls `f` with a tuple built from the objects (stolen) and a dict of
   keyword pairs (name, stolen value), NULL-terminated. */
static PyObject *call_kw(PyObject *f, PyObject *args, PyObject *kwargs)
{
    PyObject *r = PyObject_Call(f, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *kw1(const char *k, PyObject *v)
{
    PyObject *d = PyDict_New();
    PyDict_SetItemString(d, k, v);
    Py_DECREF(v);
    return d;
}

static PyObject *method_call(PyObject *o, const char *name, PyObject *args, PyObject *kwargs)
{
    PyObject *m = attr(o, name);
    if (m == NULL) {
        Py_DECREF(args);
        Py_XDECREF(kwargs);
        return NULL;
    }
    PyObject *r = call_kw(m, args, kwargs);
    Py_DECREF(m);
    return r;
}

/* ------------------------------------------------------------------ */
/*                              Cases                                 */
/* ------------------------------------------------------------------ */

static PyObject *mod;

static void type_cases(void)
{
    CASE_INT("PyType_Ready(Point)", PyType_Ready(&PointType));
    CASE_INT("PyType_Ready(Point3D)", PyType_Ready(&Point3DType));
    CASE_INT("PyType_Ready(NoNew)", PyType_Ready(&NoNewType));
    CASE_INT("PyType_Ready(Plain)", PyType_Ready(&PlainType));
    CASE_INT("PyType_Ready(Unhashable)", PyType_Ready(&UnhashableType));
    CASE_INT("PyType_Ready(Odd)", PyType_Ready(&OddType));
    CASE_INT("PyType_Ready(GC)", PyType_Ready(&GCType));
    CASE_INT("PyType_Ready(Recursive)", PyType_Ready(&RecursiveType));
    begin("ready flags and inherited slots");
    put("ready=%d immutable=%d getattro=%d alloc=%d free=%d base=%s",
        !!(PointType.tp_flags & Py_TPFLAGS_READY), !!(PointType.tp_flags & Py_TPFLAGS_IMMUTABLETYPE),
        PointType.tp_getattro == PyObject_GenericGetAttr, PointType.tp_alloc == PyType_GenericAlloc,
        PointType.tp_free == PyObject_Free, PointType.tp_base->tp_name);
    end();
    begin("subtype inherits buffer, methods, new, hash");
    put("buffer=%d new=%d hash=%d repr=%d richcompare=%d dealloc=%d basicsize_ok=%d",
        Point3DType.tp_as_buffer == &point_as_buffer, Point3DType.tp_new == point_new, Point3DType.tp_hash == point_hash,
        Point3DType.tp_repr == point_repr, Point3DType.tp_richcompare == point_richcompare,
        Point3DType.tp_dealloc == point_dealloc, Point3DType.tp_basicsize == (Py_ssize_t)sizeof(Point3D));
    end();
    begin("GC flags and free");
    put("gc=%d free_is_gc_del=%d", !!(GCType.tp_flags & Py_TPFLAGS_HAVE_GC), GCType.tp_free == PyObject_GC_Del);
    end();
    begin("static type without tp_new cannot be instantiated");
    put("flag=%d new=%d", !!(NoNewType.tp_flags & Py_TPFLAGS_DISALLOW_INSTANTIATION), NoNewType.tp_new == NULL);
    end();
    CASE_INT("PyType_IsSubtype(Point3D, Point)", PyType_IsSubtype(&Point3DType, &PointType));
    CASE_INT("PyType_IsSubtype(Point, Point3D)", PyType_IsSubtype(&PointType, &Point3DType));
    CASE_INT("PyType_IsSubtype(Point, object)", PyType_IsSubtype(&PointType, &PyBaseObject_Type));
    CASE_INT("PyType_Check(Point)", PyType_Check((PyObject *)&PointType));
    CASE_INT("PyType_CheckExact(Point)", PyType_CheckExact((PyObject *)&PointType));
    CASE_INT("PyType_Check(int 1)", PyType_Check(Py_None));

    PyObject *t = (PyObject *)&PointType;
    CASE_OBJ("repr(Point)", PyObject_Repr(t));
    CASE_OBJ("Point.__name__", attr(t, "__name__"));
    CASE_OBJ("Point.__qualname__", attr(t, "__qualname__"));
    CASE_OBJ("Point.__module__", attr(t, "__module__"));
    CASE_OBJ("Point.__doc__ (signature removed)", attr(t, "__doc__"));
    CASE_OBJ("Point.__base__", attr(t, "__base__"));
    CASE_OBJ("Point3D.__bases__", attr((PyObject *)&Point3DType, "__bases__"));
    CASE_OBJ("Point3D.__mro__", attr((PyObject *)&Point3DType, "__mro__"));
    CASE_OBJ("Point.nope", attr(t, "nope"));
    CASE_INT("Point.x = 1 (immutable)", setattr_long(t, "x", 1));
    CASE_OBJ("repr(Point.noargs)", attr(t, "noargs"));
    CASE_OBJ("repr(Point.i)", attr(t, "i"));
    CASE_OBJ("repr(Point.twice)", attr(t, "twice"));
    CASE_OBJ("Point.noargs.__doc__", attr2(t, "noargs", "__doc__"));
    CASE_OBJ("Point.noargs.__text_signature__", attr2(t, "noargs", "__text_signature__"));
    CASE_OBJ("Point.noargs.__qualname__", attr2(t, "noargs", "__qualname__"));
    CASE_OBJ("Point.i.__doc__", attr2(t, "i", "__doc__"));
    CASE_OBJ("Point.twice.__doc__", attr2(t, "twice", "__doc__"));
    CASE_OBJ("Point.cls (class method bound to the type)", attr(t, "cls"));
    CASE_OBJ("Point.stat (static method)", attr(t, "stat"));
    CASE_OBJ("Point3D.cls()", method_call((PyObject *)&Point3DType, "cls", PyTuple_New(0), NULL));
    CASE_OBJ("Point.__hash__ of Unhashable", attr((PyObject *)&UnhashableType, "__hash__"));
    CASE_OBJ("Point.__dict__-less __class__ of an instance type", attr(t, "__class__"));
}

static void instance_cases(void)
{
    PyObject *t = (PyObject *)&PointType;
    PyObject *args = Py_BuildValue("(id)", 3, 1.5);
    PyObject *p = PyObject_Call(t, args, NULL);
    Py_DECREF(args);
    begin("Point(3, 1.5)");
    obj_result(Py_NewRef(p));
    end();
    CASE_OBJ("Point(i='x')", call_kw(t, PyTuple_New(0), kw1("i", str("x"))));
    CASE_OBJ("Point(1, 2, 3)", call_kw(t, Py_BuildValue("(iii)", 1, 2, 3), NULL));
    CASE_OBJ("NoNew()", PyObject_CallNoArgs((PyObject *)&NoNewType));
    CASE_OBJ("Plain()", PyObject_CallNoArgs((PyObject *)&PlainType));
    CASE_OBJ("Plain(1)", PyObject_CallOneArg((PyObject *)&PlainType, Py_None));
    CASE_OBJ("object()", PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type));
    CASE_OBJ("object(1)", PyObject_CallOneArg((PyObject *)&PyBaseObject_Type, Py_None));
    CASE_OBJ("type(p)", PyObject_CallOneArg((PyObject *)&PyType_Type, p));
    {
        PyObject *P = (PyObject *)&PointType, *P3 = (PyObject *)&Point3DType;
        PyObject *num = PyLong_FromLong(1);
        PyObject *pair = PyTuple_Pack(2, (PyObject *)&PyLong_Type, P);
        PyObject *nested = Py_BuildValue("(O(OO))", (PyObject *)&PyLong_Type, (PyObject *)&PyUnicode_Type, P3);
        CASE_INT("isinstance(p, Point)", PyObject_IsInstance(p, P));
        CASE_INT("isinstance(p, Point3D)", PyObject_IsInstance(p, P3));
        CASE_INT("isinstance(p, (int, Point))", PyObject_IsInstance(p, pair));
        CASE_INT("isinstance(p, (int, (str, Point3D)))", PyObject_IsInstance(p, nested));
        CASE_INT("isinstance(1, object)", PyObject_IsInstance(num, (PyObject *)&PyBaseObject_Type));
        CASE_INT("isinstance(p, 1)", PyObject_IsInstance(p, num));
        CASE_INT("issubclass(Point3D, Point)", PyObject_IsSubclass(P3, P));
        CASE_INT("issubclass(Point, Point3D)", PyObject_IsSubclass(P, P3));
        CASE_INT("issubclass(Point3D, (int, Point))", PyObject_IsSubclass(P3, pair));
        CASE_INT("issubclass(1, Point)", PyObject_IsSubclass(num, P));
        CASE_INT("issubclass(Point, 1)", PyObject_IsSubclass(P, num));
        CASE_INT("issubclass(KeyError, LookupError)", PyObject_IsSubclass(PyExc_KeyError, PyExc_LookupError));
        CASE_INT("issubclass(KeyError, ValueError)", PyObject_IsSubclass(PyExc_KeyError, PyExc_ValueError));
        Py_DECREF(nested);
        Py_DECREF(pair);
        Py_DECREF(num);
    }
    CASE_INT("PyObject_TypeCheck(p, Point)", PyObject_TypeCheck(p, &PointType));
    CASE_INT("PyObject_TypeCheck(p, Point3D)", PyObject_TypeCheck(p, &Point3DType));

    static const char *members[] = {"i", "d", "obj", "ex", "c", "flag", "b", "ub", "s", "us", "ui", "l", "ul",
                                    "ll", "ull", "ss", "f", "str", "inl", "ro", "none", "twice", "label",
                                    "writeonly", "__class__", "__doc__", "missing", NULL};
    for (const char **m = members; *m; m++) {
        char what[64];
        snprintf(what, sizeof what, "p.%s", *m);
        begin(what);
        watch(p);
        obj_result(attr(p, *m));
        end();
    }
    static const struct {
        const char *name;
        long long value;
    } ints[] = {
        {"i", 5},          {"i", 1LL << 31},   {"i", 1LL << 40},    {"b", 127},          {"b", 200},
        {"b", -129},       {"ub", 255},        {"ub", 256},         {"ub", -1},          {"s", 40000},
        {"us", 70000},     {"us", -1},         {"ui", -1},          {"ui", 1LL << 33},   {"l", -5},
        {"ul", -1},        {"ll", -(1LL << 62)}, {"ull", -1},       {"ss", 1LL << 50},   {"flag", 1},
        {"d", 2},          {"f", 3},           {"ro", 1},           {"twice", 10},       {"label", 1},
        {"c", 1},          {"str", 1},         {"inl", 1},          {"missing", 1},      {"none", 1},
    };
    for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
        char what[96];
        snprintf(what, sizeof what, "p.%s = %lld", ints[k].name, ints[k].value);
        begin(what);
        int_result(setattr_long(p, ints[k].name, ints[k].value));
        if (!PyErr_Occurred()) {
            PyObject *v = attr(p, ints[k].name);
            put(", now ");
            if (v == NULL)
                put_exception();
            else
                put_repr(v);
            Py_XDECREF(v);
        }
        end();
    }
    CASE_INT("p.flag = True", setattr_obj(p, "flag", Py_NewRef(Py_True)));
    CASE_OBJ("p.flag after True", attr(p, "flag"));
    CASE_INT("p.d = 'x'", setattr_obj(p, "d", str("x")));
    CASE_OBJ("p.d kept", attr(p, "d"));
    CASE_INT("p.l = 2**64-1", setattr_obj(p, "l", PyLong_FromUnsignedLongLong(ULLONG_MAX)));
    CASE_OBJ("p.l kept", attr(p, "l"));
    CASE_INT("p.c = 'z'", setattr_obj(p, "c", str("z")));
    CASE_OBJ("p.c", attr(p, "c"));
    CASE_INT("p.c = 'zz'", setattr_obj(p, "c", str("zz")));
    CASE_INT("p.c = 1.5", setattr_obj(p, "c", PyFloat_FromDouble(1.5)));
    CASE_INT("p.i = 1.5", setattr_obj(p, "i", PyFloat_FromDouble(1.5)));
    CASE_INT("p.ull = 'x'", setattr_obj(p, "ull", str("x")));
    CASE_INT("p.ss = None", setattr_obj(p, "ss", Py_NewRef(Py_None)));
    CASE_INT("p.obj = 'v'", setattr_obj(p, "obj", str("v")));
    CASE_OBJ("p.obj", attr(p, "obj"));
    CASE_INT("del p.obj", PyObject_DelAttrString(p, "obj"));
    CASE_OBJ("p.obj after del", attr(p, "obj"));
    CASE_INT("del p.ex (unset)", PyObject_DelAttrString(p, "ex"));
    CASE_INT("p.ex = 5", setattr_long(p, "ex", 5));
    CASE_OBJ("p.ex", attr(p, "ex"));
    CASE_INT("del p.ex", PyObject_DelAttrString(p, "ex"));
    CASE_OBJ("p.ex after del", attr(p, "ex"));
    CASE_INT("del p.i", PyObject_DelAttrString(p, "i"));
    CASE_INT("del p.twice", PyObject_DelAttrString(p, "twice"));
    CASE_INT("del p.writeonly", PyObject_DelAttrString(p, "writeonly"));
    CASE_INT("p.writeonly = 1", setattr_long(p, "writeonly", 1));
    CASE_INT("p.new = 1", setattr_long(p, "new", 1));
    CASE_INT("del p.new", PyObject_DelAttrString(p, "new"));
    CASE_INT("p.noargs = 1 (method, no dict)", setattr_long(p, "noargs", 1));
    CASE_INT("hasattr(p, 'i')", PyObject_HasAttrString(p, "i"));
    CASE_INT("hasattr(p, 'zz')", PyObject_HasAttrString(p, "zz"));
    CASE_OBJ("getattr(p, 1)", PyObject_GetAttr(p, Py_True));
    CASE_INT("setattr(p, 1, 1)", PyObject_SetAttr(p, Py_True, Py_True));
    CASE_OBJ("repr(p)", PyObject_Repr(p));
    CASE_OBJ("str(p)", PyObject_Str(p));
    CASE_OBJ("ascii(p)", PyObject_ASCII(p));
    CASE_OBJ("repr(p.noargs)", attr(p, "noargs"));

    /* Methods, every convention. */
    CASE_OBJ("p.noargs()", method_call(p, "noargs", PyTuple_New(0), NULL));
    CASE_OBJ("p.noargs(1)", method_call(p, "noargs", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("p.noargs(x=1)", method_call(p, "noargs", PyTuple_New(0), kw1("x", PyLong_FromLong(1))));
    CASE_OBJ("p.one(1)", method_call(p, "one", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("p.one()", method_call(p, "one", PyTuple_New(0), NULL));
    CASE_OBJ("p.one(1, 2)", method_call(p, "one", Py_BuildValue("(ii)", 1, 2), NULL));
    CASE_OBJ("p.varargs(1, 2)", method_call(p, "varargs", Py_BuildValue("(ii)", 1, 2), NULL));
    CASE_OBJ("p.varargs(x=1)", method_call(p, "varargs", PyTuple_New(0), kw1("x", PyLong_FromLong(1))));
    CASE_OBJ("p.varkw(1, x=2)", method_call(p, "varkw", Py_BuildValue("(i)", 1), kw1("x", PyLong_FromLong(2))));
    CASE_OBJ("p.varkw()", method_call(p, "varkw", PyTuple_New(0), NULL));
    CASE_OBJ("p.fast(1, 2, 3)", method_call(p, "fast", Py_BuildValue("(iii)", 1, 2, 3), NULL));
    CASE_OBJ("p.fast(x=1)", method_call(p, "fast", PyTuple_New(0), kw1("x", PyLong_FromLong(1))));
    CASE_OBJ("p.fastkw(1, y=2)", method_call(p, "fastkw", Py_BuildValue("(i)", 1), kw1("y", PyLong_FromLong(2))));
    CASE_OBJ("p.cls()", method_call(p, "cls", PyTuple_New(0), NULL));
    CASE_OBJ("p.stat(1)", method_call(p, "stat", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("p.defcls(1, k=2)", method_call(p, "defcls", Py_BuildValue("(i)", 1), kw1("k", PyLong_FromLong(2))));
    CASE_OBJ("p.fail() returns NULL without an exception", method_call(p, "fail", PyTuple_New(0), NULL));
    CASE_OBJ("Point.noargs(p)", method_call(t, "noargs", Py_BuildValue("(O)", p), NULL));
    CASE_OBJ("Point.noargs()", method_call(t, "noargs", PyTuple_New(0), NULL));
    CASE_OBJ("Point.noargs(1)", method_call(t, "noargs", Py_BuildValue("(i)", 1), NULL));
    CASE_OBJ("Point.noargs(p, 1)", method_call(t, "noargs", Py_BuildValue("(Oi)", p, 1), NULL));
    CASE_OBJ("Point.one(p)", method_call(t, "one", Py_BuildValue("(O)", p), NULL));
    CASE_OBJ("Point.varargs(p, 1, k=1)", method_call(t, "varargs", Py_BuildValue("(Oi)", p, 1), kw1("k", PyLong_FromLong(1))));
    CASE_OBJ("Point.varkw(p, 1, k=1)", method_call(t, "varkw", Py_BuildValue("(Oi)", p, 1), kw1("k", PyLong_FromLong(1))));
    CASE_OBJ("Point.fastkw(p, 1, k=1)", method_call(t, "fastkw", Py_BuildValue("(Oi)", p, 1), kw1("k", PyLong_FromLong(1))));
    CASE_OBJ("Point.defcls(p)", method_call(t, "defcls", Py_BuildValue("(O)", p), NULL));
    CASE_OBJ("Point.i.__get__ via getattr on type", attr(t, "i"));

    /* Comparison, hashing, truth. */
    PyObject *q = call_kw(t, Py_BuildValue("(i)", 4), NULL);
    PyObject *one = PyLong_FromLong(1);
    CASE_OBJ("p < q", PyObject_RichCompare(p, q, Py_LT));
    CASE_OBJ("p >= q", PyObject_RichCompare(p, q, Py_GE));
    CASE_OBJ("p == 1", PyObject_RichCompare(p, one, Py_EQ));
    CASE_OBJ("p != 1", PyObject_RichCompare(p, one, Py_NE));
    CASE_OBJ("p < 1", PyObject_RichCompare(p, one, Py_LT));
    CASE_OBJ("1 <= p", PyObject_RichCompare(one, p, Py_LE));
    CASE_INT("RichCompareBool(p, q, ==)", PyObject_RichCompareBool(p, q, Py_EQ));
    PyObject *u = PyObject_CallNoArgs((PyObject *)&UnhashableType);
    CASE_INT("RichCompareBool(u, u, ==) (identity)", PyObject_RichCompareBool(u, u, Py_EQ));
    CASE_INT("RichCompareBool(u, u, !=) (identity)", PyObject_RichCompareBool(u, u, Py_NE));
    CASE_OBJ("u == u (slot)", PyObject_RichCompare(u, u, Py_EQ));
    CASE_INT("hash(p)", (int)PyObject_Hash(p));
    CASE_INT("hash(u)", (int)PyObject_Hash(u));
    PyObject *plain = PyObject_CallNoArgs((PyObject *)&PlainType);
    begin("hash(Plain()) is stable");
    put("-> %d", PyObject_Hash(plain) == PyObject_Hash(plain) && PyObject_Hash(plain) != -1);
    end();
    CASE_OBJ("Plain() == Plain() (identity)", PyObject_RichCompare(plain, u, Py_EQ));
    CASE_OBJ("Plain() != itself", PyObject_RichCompare(plain, plain, Py_NE));
    CASE_OBJ("Plain() < itself", PyObject_RichCompare(plain, plain, Py_LT));
    PyObject *odd = PyObject_CallNoArgs((PyObject *)&OddType);
    CASE_OBJ("repr(odd) returns int", PyObject_Repr(odd));
    CASE_OBJ("str(odd) returns int", PyObject_Str(odd));
    PyObject *rec = PyObject_CallNoArgs((PyObject *)&RecursiveType);
    CASE_OBJ("repr(x) recursing forever", PyObject_Repr(rec));
    Py_XDECREF(rec);
    CASE_INT("bool(odd) via sq_length 0", PyObject_IsTrue(odd));
    CASE_INT("not odd", PyObject_Not(odd));
    CASE_INT("bool(p) (no slots)", PyObject_IsTrue(p));
    CASE_INT("bool(None)", PyObject_IsTrue(Py_None));
    CASE_OBJ("repr(Plain())", PyObject_Repr(plain));
    CASE_OBJ("plain.x (no attribute)", attr(plain, "x"));
    CASE_INT("plain.x = 1", setattr_long(plain, "x", 1));
    CASE_INT("callable(p)", PyCallable_Check(p));
    CASE_INT("callable(Point)", PyCallable_Check(t));
    CASE_OBJ("p()", PyObject_CallNoArgs(p));

    /* The buffer export goes through the inherited slot. */
    PyObject *p3 = PyObject_CallNoArgs((PyObject *)&Point3DType);
    begin("Point3D buffer, members");
    Py_buffer view;
    if (PyObject_GetBuffer(p3, &view, PyBUF_SIMPLE) == 0) {
        put("len=%zd exports=%d", view.len, ((Point *)p3)->exports);
        PyBuffer_Release(&view);
        put(" after=%d", ((Point *)p3)->exports);
    } else {
        put_exception();
    }
    end();
    CASE_INT("p3.z = 9", setattr_long(p3, "z", 9));
    CASE_OBJ("p3.z", attr(p3, "z"));
    CASE_OBJ("p3.noargs()", method_call(p3, "noargs", PyTuple_New(0), NULL));
    CASE_OBJ("p3.defcls() (class is Point)", method_call(p3, "defcls", PyTuple_New(0), NULL));
    CASE_OBJ("Point3D.noargs(p)", method_call((PyObject *)&Point3DType, "noargs", Py_BuildValue("(O)", p), NULL));
    CASE_OBJ("repr(p3)", PyObject_Repr(p3));

    /* GC bookkeeping. */
    GCObj *g = PyObject_GC_New(GCObj, &GCType);
    g->ref = NULL;
    begin("PyObject_GC_New, Track, UnTrack");
    put("new=%d", PyObject_GC_IsTracked((PyObject *)g));
    PyObject_GC_Track(g);
    put(" tracked=%d", PyObject_GC_IsTracked((PyObject *)g));
    PyObject_GC_UnTrack(g);
    PyObject_GC_UnTrack(g);
    put(" untracked=%d is_gc=%d", PyObject_GC_IsTracked((PyObject *)g), PyObject_IS_GC((PyObject *)g));
    PyObject_GC_Del(g);
    put(" is_gc(p)=%d", PyObject_IS_GC(p));
    end();

    Py_DECREF(p3);
    Py_DECREF(odd);
    Py_DECREF(plain);
    Py_DECREF(u);
    Py_DECREF(one);
    Py_DECREF(q);
    Py_DECREF(p);
}

/* ------------------------------------------------------------------ */
/*                       Calls and module functions                   */
/* ------------------------------------------------------------------ */

static PyObject *f_noargs(PyObject *m, PyObject *unused)
{
    (void)unused;
    return Py_NewRef(m);
}

static PyObject *f_o(PyObject *m, PyObject *arg)
{
    (void)m;
    return Py_NewRef(arg);
}

static PyObject *f_varargs(PyObject *m, PyObject *args)
{
    (void)m;
    return Py_NewRef(args);
}

static PyObject *f_fastkw(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    (void)m;
    PyObject *list = PyList_New(0);
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t i = 0; i < nargs + nkw; i++)
        PyList_Append(list, args[i]);
    PyObject *r = PyTuple_Pack(2, list, kwnames ? kwnames : Py_None);
    Py_DECREF(list);
    return r;
}

static PyObject *f_raise(PyObject *m, PyObject *unused)
{
    (void)m;
    (void)unused;
    PyErr_SetString(PyExc_ValueError, "from f_raise");
    return Py_NewRef(Py_None); /* a result with an exception set */
}

static PyMethodDef mod_functions[] = {
    {"noargs", f_noargs, METH_NOARGS, "noargs($module, /)\n--\n\nThe module."},
    {"o", f_o, METH_O, NULL},
    {"varargs", f_varargs, METH_VARARGS, NULL},
    {"fastkw", _PyCFunction_CAST(f_fastkw), METH_FASTCALL | METH_KEYWORDS, NULL},
    {"raises", f_raise, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static int state_free_calls;
static void mod_free(void *m)
{
    (void)m;
    state_free_calls++;
}

static PyModuleDef mod_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "difftypes",
    .m_doc = "Differential cases.",
    .m_size = sizeof(int),
    .m_methods = mod_functions,
    .m_free = mod_free,
};

static void call_cases(void)
{
    mod = PyModule_Create(&mod_def);
    begin("PyModule_Create");
    put("module=%d state_zero=%d def=%d", PyModule_Check(mod), *(int *)PyModule_GetState(mod) == 0,
        PyModule_GetDef(mod) == &mod_def);
    end();
    CASE_OBJ("repr(module)", PyObject_Repr(mod));
    CASE_OBJ("module.__name__", attr(mod, "__name__"));
    CASE_OBJ("module.__doc__", attr(mod, "__doc__"));
    CASE_OBJ("module.__package__", attr(mod, "__package__"));
    CASE_OBJ("module.__spec__", attr(mod, "__spec__"));
    CASE_OBJ("module.nope", attr(mod, "nope"));
    CASE_OBJ("PyModule_GetNameObject", PyModule_GetNameObject(mod));
    CASE_OBJ("PyModule_GetFilenameObject (none)", PyModule_GetFilenameObject(mod));
    CASE_OBJ("PyModule_GetFilenameObject(int)", PyModule_GetFilenameObject(Py_None));
    begin("PyModule_GetName(None)");
    put("%s ", PyModule_GetName(Py_None) ? "name" : "NULL");
    put_exception();
    end();
    CASE_OBJ("PyModule_GetDict(None)", Py_XNewRef(PyModule_GetDict(Py_None)));
    CASE_INT("PyModule_AddObjectRef(mod, 'x', 5)", PyModule_AddObjectRef(mod, "x", PyLong_FromLong(5)) == 0 ? 0 : -1);
    CASE_OBJ("module.x", attr(mod, "x"));
    CASE_INT("PyModule_AddType(mod, Point)", PyModule_AddType(mod, &PointType));
    CASE_OBJ("module.Point", attr(mod, "Point"));
    CASE_INT("module.y = 1", setattr_long(mod, "y", 1));
    CASE_OBJ("module.y", attr(mod, "y"));
    CASE_INT("PyModule_SetDocString", PyModule_SetDocString(mod, "new doc"));
    CASE_OBJ("module.__doc__ after", attr(mod, "__doc__"));
    {
        PyObject *d = attr(mod, "__dict__");
        CASE_OBJ("module.__dict__ is GetDict", PyBool_FromLong(d == PyModule_GetDict(mod)));
        Py_XDECREF(d);
    }

    PyObject *f = attr(mod, "noargs");
    CASE_OBJ("repr(module.noargs)", Py_NewRef(f));
    CASE_OBJ("module.noargs.__module__", attr(f, "__module__"));
    CASE_OBJ("module.noargs.__self__ is module", PyBool_FromLong(PyCFunction_GET_SELF(f) == mod));
    CASE_OBJ("module.noargs.__qualname__", attr(f, "__qualname__"));
    CASE_OBJ("module.noargs.__doc__", attr(f, "__doc__"));
    CASE_OBJ("module.noargs()", PyObject_CallNoArgs(f));
    CASE_OBJ("module.noargs(1)", PyObject_CallOneArg(f, Py_None));
    CASE_OBJ("module.noargs(x=1) via VectorcallDict", PyObject_VectorcallDict(f, NULL, 0, kw1("x", Py_NewRef(Py_None))));
    begin("PyCFunction_GetFlags/GetSelf/GetFunction");
    put("flags=%d self=%d func=%d", PyCFunction_GetFlags(f), PyCFunction_GetSelf(f) == mod,
        PyCFunction_GetFunction(f) == (PyCFunction)f_noargs);
    end();
    CASE_INT("PyCFunction_GetFlags(None)", PyCFunction_GetFlags(Py_None));
    Py_DECREF(f);

    f = attr(mod, "o");
    CASE_OBJ("module.o(1)", PyObject_CallOneArg(f, Py_True));
    CASE_OBJ("module.o()", PyObject_CallNoArgs(f));
    CASE_OBJ("module.o via CallFunctionObjArgs", PyObject_CallFunctionObjArgs(f, Py_False, NULL));
    CASE_OBJ("module.o(1, 2) via CallFunctionObjArgs", PyObject_CallFunctionObjArgs(f, Py_False, Py_True, NULL));
    Py_DECREF(f);

    f = attr(mod, "varargs");
    {
        PyObject *a = Py_BuildValue("(ii)", 1, 2);
        CASE_OBJ("module.varargs(1, 2)", PyObject_CallObject(f, a));
        Py_DECREF(a);
    }
    CASE_OBJ("module.varargs() with NULL args", PyObject_CallObject(f, NULL));
    CASE_OBJ("module.varargs(x=1)", call_kw(f, PyTuple_New(0), kw1("x", PyLong_FromLong(1))));
    CASE_OBJ("module.varargs with an empty kwargs dict", call_kw(f, PyTuple_New(0), PyDict_New()));
    CASE_OBJ("PyObject_CallObject(f, 1)", PyObject_CallObject(f, Py_True));
    Py_DECREF(f);

    f = attr(mod, "fastkw");
    {
        PyObject *a = PyLong_FromLong(1), *b = PyLong_FromLong(2);
        PyObject *stack[] = {a, b};
        PyObject *names = Py_BuildValue("(s)", "k");
        CASE_OBJ("module.fastkw(1, k=2) via Vectorcall", PyObject_Vectorcall(f, stack, 1, names));
        CASE_OBJ("module.fastkw(1, 2) via Vectorcall", PyObject_Vectorcall(f, stack, 2, NULL));
        CASE_OBJ("module.fastkw(1, k=2) via VectorcallDict", PyObject_VectorcallDict(f, stack, 1, kw1("k", PyLong_FromLong(2))));
        PyObject *bad = PyDict_New();
        PyDict_SetItem(bad, a, b);
        CASE_OBJ("module.fastkw(**{1: 2})", PyObject_VectorcallDict(f, stack, 0, bad));
        Py_DECREF(bad);
        Py_DECREF(names);
        Py_DECREF(a);
        Py_DECREF(b);
    }
    Py_DECREF(f);

    f = attr(mod, "raises");
    CASE_OBJ("a function returning a result with an exception set", PyObject_CallNoArgs(f));
    Py_DECREF(f);

    PyObject *one = PyLong_FromLong(1);
    CASE_OBJ("1()", PyObject_CallNoArgs(one));
    CASE_OBJ("PyObject_Call(1, ())", call_kw(one, PyTuple_New(0), NULL));
    PyObject *name = str("noargs");
    CASE_OBJ("PyObject_CallMethodNoArgs(mod, 'noargs')", PyObject_CallMethodNoArgs(mod, name));
    CASE_OBJ("PyObject_CallMethodObjArgs(mod, 'noargs')", PyObject_CallMethodObjArgs(mod, name, NULL));
    Py_DECREF(name);
    name = str("o");
    CASE_OBJ("PyObject_CallMethodOneArg(mod, 'o', 1)", PyObject_CallMethodOneArg(mod, name, one));
    {
        PyObject *stack[] = {mod, one};
        CASE_OBJ("PyObject_VectorcallMethod('o', [mod, 1])", PyObject_VectorcallMethod(name, stack, 2, NULL));
    }
    Py_DECREF(name);
    name = str("missing");
    CASE_OBJ("PyObject_CallMethodNoArgs(mod, 'missing')", PyObject_CallMethodNoArgs(mod, name));
    Py_DECREF(name);
    Py_DECREF(one);

    /* New function objects directly. */
    static PyMethodDef bad_flags = {"bad", f_o, METH_O | METH_NOARGS, NULL};
    CASE_OBJ("PyCFunction_New with bad flags", PyCFunction_New(&bad_flags, NULL));
    static PyMethodDef needs_class = {"m", _PyCFunction_CAST(m_defcls), METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL};
    CASE_OBJ("PyCMethod_New METH_METHOD without class", PyCMethod_New(&needs_class, NULL, NULL, NULL));
    CASE_OBJ("PyCMethod_New class without METH_METHOD", PyCMethod_New(&mod_functions[0], NULL, NULL, &PointType));
    CASE_OBJ("PyCFunction_New(self=NULL) repr", PyCFunction_New(&mod_functions[1], NULL));
    static PyMethodDef classflag[] = {{"c", f_o, METH_O | METH_CLASS, NULL}, {NULL, NULL, 0, NULL}};
    CASE_INT("PyModule_AddFunctions with METH_CLASS", PyModule_AddFunctions(mod, classflag));
}

/* ------------------------------------------------------------------ */
/*                     Multi-phase init and heap types                */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject *type;
    int execs;
} heap_state;

static PyObject *h_defcls(PyObject *self, PyTypeObject *cls, PyObject *const *args, size_t nargs, PyObject *kwnames)
{
    (void)self;
    (void)args;
    (void)nargs;
    (void)kwnames;
    PyObject *m = PyType_GetModule(cls);
    heap_state *st = PyType_GetModuleState(cls);
    if (m == NULL || st == NULL)
        return NULL;
    return PyLong_FromLong(st->execs);
}

static PyMethodDef heap_methods[] = {
    {"state", _PyCFunction_CAST(h_defcls), METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

typedef struct {
    PyObject_HEAD
    PyObject *dict;
    long v;
} HeapObj;

static PyMemberDef heap_members[] = {
    {"v", T_LONG, offsetof(HeapObj, v), 0, NULL},
    {"__dictoffset__", T_PYSSIZET, offsetof(HeapObj, dict), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyObject *heap_add(PyObject *a, PyObject *b)
{
    (void)b;
    return PyLong_FromLong(((HeapObj *)a)->v + 100);
}

static PyType_Slot heap_slots[] = {
    {Py_tp_methods, heap_methods},
    {Py_tp_members, heap_members},
    {Py_tp_doc, "Heap(v)\n--\n\nA heap type."},
    {Py_nb_add, heap_add},
    {0, NULL},
};

static PyType_Spec heap_spec = {"difftypes.multi.Heap", sizeof(HeapObj), 0, Py_TPFLAGS_DEFAULT, heap_slots};

static PyModuleDef multi_def;

static int multi_exec(PyObject *m)
{
    heap_state *st = PyModule_GetState(m);
    st->execs++;
    st->type = PyType_FromModuleAndSpec(m, &heap_spec, NULL);
    if (st->type == NULL)
        return -1;
    if (PyModule_AddObjectRef(m, "Heap", st->type) < 0)
        return -1;
    return PyModule_AddIntConstant(m, "execs", st->execs);
}

static int multi_traverse(PyObject *m, visitproc visit, void *arg)
{
    heap_state *st = PyModule_GetState(m);
    Py_VISIT(st->type);
    return 0;
}

static int multi_clear(PyObject *m)
{
    heap_state *st = PyModule_GetState(m);
    Py_CLEAR(st->type);
    return 0;
}

static PyModuleDef_Slot multi_slots[] = {
    {Py_mod_exec, multi_exec},
    {0, NULL},
};

static PyModuleDef multi_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "multi",
    .m_doc = "Multi-phase.",
    .m_size = sizeof(heap_state),
    .m_methods = NULL,
    .m_slots = multi_slots,
    .m_traverse = multi_traverse,
    .m_clear = multi_clear,
};

static PyObject *created_module(PyObject *spec, PyModuleDef *def)
{
    (void)def;
    PyObject *name = PyObject_GetAttrString(spec, "name");
    PyObject *m = PyModule_NewObject(name);
    Py_DECREF(name);
    return m;
}

static int exec_silent_failure(PyObject *m)
{
    (void)m;
    return -1;
}

static PyObject *make_spec(const char *name)
{
    PyObject *spec = PyModule_New("spec");
    setattr_obj(spec, "name", str(name));
    return spec;
}

static void multi_cases(void)
{
    PyObject *def = PyModuleDef_Init(&multi_def);
    begin("PyModuleDef_Init");
    put("type=%s same=%d", Py_TYPE(def)->tp_name, def == (PyObject *)&multi_def);
    end();
    CASE_INT("PyObject_TypeCheck(def, PyModuleDef_Type)", PyObject_TypeCheck(def, &PyModuleDef_Type));
    PyObject *spec = make_spec("difftypes.multi");
    PyObject *m = PyModule_FromDefAndSpec(&multi_def, spec);
    begin("PyModule_FromDefAndSpec");
    obj_result(Py_XNewRef(m));
    if (m)
        put(" state=%s", PyModule_GetState(m) == NULL ? "NULL" : "set");
    end();
    CASE_INT("PyModule_ExecDef", PyModule_ExecDef(m, &multi_def));
    CASE_OBJ("multi.execs", attr(m, "execs"));
    CASE_OBJ("multi.__name__", attr(m, "__name__"));
    CASE_OBJ("multi.__doc__", attr(m, "__doc__"));
    PyObject *heap = attr(m, "Heap");
    CASE_OBJ("repr(Heap)", Py_XNewRef(heap));
    CASE_OBJ("Heap.__module__", attr(heap, "__module__"));
    CASE_OBJ("Heap.__name__", attr(heap, "__name__"));
    CASE_OBJ("Heap.__qualname__", attr(heap, "__qualname__"));
    CASE_OBJ("Heap.__doc__", attr(heap, "__doc__"));
    CASE_OBJ("Heap.__dictoffset__ removed", attr(heap, "__dictoffset__"));
    begin("Heap flags, dictoffset");
    put("heap=%d immutable=%d dictoffset=%d", !!(((PyTypeObject *)heap)->tp_flags & Py_TPFLAGS_HEAPTYPE),
        !!(((PyTypeObject *)heap)->tp_flags & Py_TPFLAGS_IMMUTABLETYPE),
        ((PyTypeObject *)heap)->tp_dictoffset == (Py_ssize_t)offsetof(HeapObj, dict));
    end();
    CASE_OBJ("PyType_GetModule(Heap) is multi", PyBool_FromLong(PyType_GetModule((PyTypeObject *)heap) == m));
    CASE_OBJ("PyType_GetModuleByDef(Heap)", PyBool_FromLong(PyType_GetModuleByDef((PyTypeObject *)heap, &multi_def) == m));
    CASE_OBJ("PyType_GetModuleByDef(Heap, other)", Py_XNewRef(PyType_GetModuleByDef((PyTypeObject *)heap, &mod_def)));
    CASE_OBJ("PyType_GetModule(int)", Py_XNewRef(PyType_GetModule(&PyLong_Type)));
    CASE_OBJ("PyType_GetModule(Point)", Py_XNewRef(PyType_GetModule(&PointType)));
    CASE_OBJ("PyType_GetName(Heap)", PyType_GetName((PyTypeObject *)heap));
    CASE_OBJ("PyType_GetQualName(Point)", PyType_GetQualName(&PointType));
    PyObject *h = PyObject_CallNoArgs(heap);
    CASE_OBJ("Heap()", Py_XNewRef(h));
    CASE_OBJ("Heap(1)", PyObject_CallOneArg(heap, Py_None));
    CASE_OBJ("h.state() (METH_METHOD, module state)", method_call(h, "state", PyTuple_New(0), NULL));
    CASE_INT("h.v = 5", setattr_long(h, "v", 5));
    CASE_OBJ("h + h (Py_nb_add)", ((PyTypeObject *)heap)->tp_as_number->nb_add(h, h));
    CASE_INT("h.extra = 1 (instance dict)", setattr_long(h, "extra", 1));
    CASE_OBJ("h.extra", attr(h, "extra"));
    CASE_OBJ("h.__dict__", attr(h, "__dict__"));
    CASE_INT("Heap.attr = 1 (mutable heap type)", setattr_long(heap, "attr", 1));
    CASE_OBJ("Heap.attr", attr(heap, "attr"));
    CASE_OBJ("h.attr (class attribute)", attr(h, "attr"));
    CASE_OBJ("PyType_GetSlot(Heap, Py_nb_add) is heap_add",
             PyBool_FromLong(PyType_GetSlot((PyTypeObject *)heap, Py_nb_add) == (void *)heap_add));
    CASE_OBJ("PyType_GetSlot(Heap, Py_tp_alloc) is GenericAlloc",
             PyBool_FromLong(PyType_GetSlot((PyTypeObject *)heap, Py_tp_alloc) == (void *)PyType_GenericAlloc));
    CASE_OBJ("PyType_GetSlot(Heap, 0)", (PyObject *)PyType_GetSlot((PyTypeObject *)heap, 0));
    Py_XDECREF(h);
    Py_XDECREF(heap);

    /* Multi-phase errors. */
    static PyModuleDef_Slot two_creates[] = {{Py_mod_create, created_module}, {Py_mod_create, created_module}, {0, NULL}};
    static PyModuleDef d1 = {PyModuleDef_HEAD_INIT, .m_name = "d1", .m_slots = two_creates};
    CASE_OBJ("two create slots", PyModule_FromDefAndSpec(&d1, spec));
    static PyModuleDef_Slot unknown[] = {{99, NULL}, {0, NULL}};
    static PyModuleDef d2 = {PyModuleDef_HEAD_INIT, .m_name = "d2", .m_slots = unknown};
    CASE_OBJ("unknown slot", PyModule_FromDefAndSpec(&d2, spec));
    static PyModuleDef d3 = {PyModuleDef_HEAD_INIT, .m_name = "d3", .m_size = -1, .m_slots = multi_slots};
    CASE_OBJ("negative m_size", PyModule_FromDefAndSpec(&d3, spec));
    static PyModuleDef_Slot fails[] = {{Py_mod_exec, exec_silent_failure}, {0, NULL}};
    static PyModuleDef d4 = {PyModuleDef_HEAD_INIT, .m_name = "d4", .m_slots = fails};
    PyObject *m4 = PyModule_FromDefAndSpec(&d4, spec);
    CASE_INT("exec slot failing without an exception", PyModule_ExecDef(m4, &d4));
    Py_XDECREF(m4);
    static PyModuleDef_Slot creates[] = {{Py_mod_create, created_module}, {0, NULL}};
    static PyModuleDef d5 = {PyModuleDef_HEAD_INIT, .m_name = "d5", .m_slots = creates, .m_methods = mod_functions};
    CASE_OBJ("create slot", PyModule_FromDefAndSpec(&d5, spec));
    CASE_OBJ("PyModule_Create with slots", PyModule_Create(&d5));
    PyObject *nospec = PyModule_New("nospec");
    CASE_OBJ("spec without name", PyModule_FromDefAndSpec(&d5, nospec));
    Py_DECREF(nospec);
    CASE_OBJ("PyState_FindModule(multi-phase)", Py_XNewRef(PyState_FindModule(&multi_def)));

    static PyType_Slot final_slots[] = {{0, NULL}};
    static PyType_Spec final_spec = {"difftypes.Final", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, final_slots};
    PyObject *final = PyType_FromSpec(&final_spec);
    CASE_OBJ("PyType_FromSpecWithBases(final base)", PyType_FromSpecWithBases(&final_spec, final));
    static PyType_Slot bad_slots[] = {{200, NULL}, {0, NULL}};
    static PyType_Spec bad_spec = {"difftypes.Bad", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, bad_slots};
    CASE_OBJ("PyType_FromSpec(invalid slot)", PyType_FromSpec(&bad_spec));
    static PyType_Spec noname = {NULL, sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, final_slots};
    CASE_OBJ("PyType_FromSpec(no name)", PyType_FromSpec(&noname));
    static PyType_Spec sub_spec = {"difftypes.Sub", sizeof(Point), 0, Py_TPFLAGS_DEFAULT, final_slots};
    PyObject *sub = PyType_FromSpecWithBases(&sub_spec, (PyObject *)&PointType);
    CASE_OBJ("heap subtype of Point", Py_XNewRef(sub));
    PyObject *s = sub ? PyObject_CallOneArg(sub, Py_True) : NULL;
    CASE_OBJ("Sub(True)", Py_XNewRef(s));
    CASE_OBJ("Sub(True).noargs()", s ? method_call(s, "noargs", PyTuple_New(0), NULL) : NULL);
    CASE_OBJ("Sub(True).__class__", s ? attr(s, "__class__") : NULL);
    Py_XDECREF(s);
    Py_XDECREF(sub);
    Py_XDECREF(final);
    Py_DECREF(spec);
    Py_XDECREF(m);
}

/* ------------------------------------------------------------------ */
/*                             Capsules                               */
/* ------------------------------------------------------------------ */

static int capsule_destructor_calls;
static void capsule_destructor(PyObject *c)
{
    (void)c;
    capsule_destructor_calls++;
}

static void capsule_cases(void)
{
    static int payload = 42, other = 7;
    CASE_OBJ("PyCapsule_New(NULL)", PyCapsule_New(NULL, "n", NULL));
    PyObject *c = PyCapsule_New(&payload, "difftypes.cap", capsule_destructor);
    CASE_OBJ("repr(capsule)", Py_NewRef(c));
    CASE_INT("PyCapsule_IsValid(c, name)", PyCapsule_IsValid(c, "difftypes.cap"));
    CASE_INT("PyCapsule_IsValid(c, other)", PyCapsule_IsValid(c, "other"));
    CASE_INT("PyCapsule_IsValid(c, NULL)", PyCapsule_IsValid(c, NULL));
    CASE_INT("PyCapsule_IsValid(None, name)", PyCapsule_IsValid(Py_None, "x"));
    begin("PyCapsule_GetPointer");
    int *p = PyCapsule_GetPointer(c, "difftypes.cap");
    put("-> %d", p ? *p : -1);
    end();
    begin("PyCapsule_GetPointer(wrong name)");
    put("%s ", PyCapsule_GetPointer(c, "wrong") ? "pointer" : "NULL");
    put_exception();
    end();
    begin("PyCapsule_GetPointer(None)");
    put("%s ", PyCapsule_GetPointer(Py_None, NULL) ? "pointer" : "NULL");
    put_exception();
    end();
    begin("PyCapsule_GetName");
    put("-> %s", PyCapsule_GetName(c));
    end();
    CASE_INT("PyCapsule_SetContext", PyCapsule_SetContext(c, &other));
    begin("PyCapsule_GetContext");
    int *ctx = PyCapsule_GetContext(c);
    put("-> %d", ctx ? *ctx : -1);
    end();
    CASE_INT("PyCapsule_SetPointer(NULL)", PyCapsule_SetPointer(c, NULL));
    CASE_INT("PyCapsule_SetName(NULL)", PyCapsule_SetName(c, NULL));
    CASE_OBJ("repr(capsule without name)", Py_NewRef(c));
    CASE_INT("PyCapsule_SetName(None)", PyCapsule_SetName(Py_None, "x"));
    CASE_INT("PyCapsule_SetDestructor(None)", PyCapsule_SetDestructor(Py_None, NULL));
    begin("PyCapsule_GetDestructor(None)");
    put("%s ", PyCapsule_GetDestructor(Py_None) ? "destructor" : "NULL");
    put_exception();
    end();
    begin("PyCapsule_Import(missing module)");
    put("%s ", PyCapsule_Import("difftypes_nosuch.cap", 0) ? "pointer" : "NULL");
    put_exception();
    end();
    Py_DECREF(c);
    begin("capsule destructor ran");
    put("-> %d", capsule_destructor_calls);
    end();
}

int main(void)
{
    Py_Initialize();
    type_cases();
    instance_cases();
    call_cases();
    multi_cases();
    capsule_cases();
    return 0;
}
