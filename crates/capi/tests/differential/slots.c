/* Differential cases for slot wrappers and object's own methods:
 *
 * - the `wrapper_descriptor`s PyType_Ready puts in a type's dict for the
 *   slots it defines (list, dict, int, float, str, bytes, tuple, set,
 *   object, type, a static type with many slots, a PyType_FromSpec type,
 *   a type()-made class): their reprs, names, qualnames, __objclass__,
 *   docs and text signatures, `__hash__ = None` for unhashable types;
 * - calling them unbound (`list.__len__(x)`) and bound (`x.__len__()`, a
 *   `method-wrapper`), with a wrong self type, wrong argument counts,
 *   keyword arguments, the sq_item negative-index fix-up, the reflected
 *   and ternary number operators, __next__'s StopIteration, __get__'s
 *   None handling, __setattr__'s check against C overrides;
 * - a tp_methods entry of the same name (kept only with METH_COEXIST);
 * - object.__reduce_ex__ / __reduce__ / __getstate__ / __format__ /
 *   __sizeof__ / __init_subclass__ / __subclasshook__, type.mro(),
 *   copyreg.__newobj__, and the lookups Cython's __Pyx_setup_reduce makes;
 * - reference counts around bound wrappers and calls.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

/* ---------------------------------------------------------------------- */
/* A static type with many slots                                          */
/* ---------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    long value;
    long items[4];
    PyObject *dict;
} ManyObject;

static PyTypeObject Many_Type;

static PyObject *many_new_value(long v)
{
    ManyObject *m = PyObject_New(ManyObject, &Many_Type);
    if (m == NULL)
        return NULL;
    m->value = v;
    for (int i = 0; i < 4; i++)
        m->items[i] = v * 10 + i;
    m->dict = NULL;
    return (PyObject *)m;
}

static PyObject *many_tp_new(PyTypeObject *t, PyObject *args, PyObject *kw)
{
    (void)t, (void)args, (void)kw;
    return many_new_value(0);
}

static int many_init(PyObject *self, PyObject *args, PyObject *kw)
{
    long v = 0;
    static char *kwlist[] = {"value", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|l", kwlist, &v))
        return -1;
    ((ManyObject *)self)->value = v;
    return 0;
}

static void many_dealloc(PyObject *self)
{
    Py_XDECREF(((ManyObject *)self)->dict);
    PyObject_Free(self);
}

static long val(PyObject *o)
{
    if (PyObject_TypeCheck(o, &Many_Type))
        return ((ManyObject *)o)->value;
    if (PyLong_Check(o))
        return PyLong_AsLong(o);
    return -999;
}

static PyObject *many_add(PyObject *a, PyObject *b)
{
    if (val(a) == -999 || val(b) == -999)
        Py_RETURN_NOTIMPLEMENTED;
    return PyUnicode_FromFormat("add(%ld, %ld)", val(a), val(b));
}

static PyObject *many_sub(PyObject *a, PyObject *b)
{
    return PyUnicode_FromFormat("sub(%ld, %ld)", val(a), val(b));
}

static PyObject *many_pow(PyObject *a, PyObject *b, PyObject *c)
{
    return PyUnicode_FromFormat("pow(%ld, %ld, %s)", val(a), val(b), c == Py_None ? "None" : "mod");
}

static PyObject *many_neg(PyObject *a)
{
    return PyLong_FromLong(-val(a));
}

static int many_bool(PyObject *a)
{
    if (val(a) == 13) {
        PyErr_SetString(PyExc_ValueError, "unlucky");
        return -1;
    }
    return val(a) != 0;
}

static PyObject *many_index(PyObject *a)
{
    return PyLong_FromLong(val(a) + 100);
}

static PyObject *many_iadd(PyObject *a, PyObject *b)
{
    ((ManyObject *)a)->value += val(b);
    return Py_NewRef(a);
}

static Py_ssize_t many_len(PyObject *a)
{
    if (val(a) < 0) {
        PyErr_SetString(PyExc_ValueError, "negative length");
        return -1;
    }
    return 4;
}

static PyObject *many_item(PyObject *a, Py_ssize_t i)
{
    if (i < 0 || i >= 4) {
        PyErr_Format(PyExc_IndexError, "Many index %zd out of range", i);
        return NULL;
    }
    return PyLong_FromLong(((ManyObject *)a)->items[i]);
}

static int many_ass_item(PyObject *a, Py_ssize_t i, PyObject *v)
{
    if (i < 0 || i >= 4) {
        PyErr_Format(PyExc_IndexError, "Many assignment index %zd out of range", i);
        return -1;
    }
    if (v == NULL) {
        ((ManyObject *)a)->items[i] = -1;
        return 0;
    }
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred())
        return -1;
    ((ManyObject *)a)->items[i] = x;
    return 0;
}

static int many_contains(PyObject *a, PyObject *v)
{
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred())
        return -1;
    for (int i = 0; i < 4; i++)
        if (((ManyObject *)a)->items[i] == x)
            return 1;
    return 0;
}

static PyObject *many_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!PyObject_TypeCheck(b, &Many_Type) && !PyLong_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    static const char *ops[] = {"<", "<=", "==", "!=", ">", ">="};
    return PyUnicode_FromFormat("%ld %s %ld", val(a), ops[op], val(b));
}

static Py_hash_t many_hash(PyObject *a)
{
    if (val(a) == 7) {
        PyErr_SetString(PyExc_TypeError, "no hash for seven");
        return -1;
    }
    return val(a) * 3;
}

static PyObject *many_call(PyObject *self, PyObject *args, PyObject *kw)
{
    return PyUnicode_FromFormat("call(%ld, nargs=%zd, kw=%zd)", val(self), PyTuple_GET_SIZE(args),
                                kw ? PyDict_Size(kw) : (Py_ssize_t)0);
}

static PyObject *many_repr(PyObject *self)
{
    return PyUnicode_FromFormat("Many(%ld)", val(self));
}

static PyObject *many_str(PyObject *self)
{
    return PyUnicode_FromFormat("many %ld", val(self));
}

static PyObject *many_iter(PyObject *self)
{
    return Py_NewRef(self);
}

static PyObject *many_next(PyObject *self)
{
    ManyObject *m = (ManyObject *)self;
    if (m->value <= 0)
        return NULL; /* exhausted, no error */
    return PyLong_FromLong(m->value--);
}

static PyObject *many_descr_get(PyObject *self, PyObject *obj, PyObject *type)
{
    return PyUnicode_FromFormat("get(%ld, %s, %s)", val(self), obj ? Py_TYPE(obj)->tp_name : "NULL",
                                type ? ((PyTypeObject *)type)->tp_name : "NULL");
}

static int many_descr_set(PyObject *self, PyObject *obj, PyObject *value)
{
    if (value == NULL) {
        ((ManyObject *)self)->value = -1;
        return 0;
    }
    if (!PyLong_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "set needs an int");
        return -1;
    }
    (void)obj;
    ((ManyObject *)self)->value = PyLong_AsLong(value);
    return 0;
}

static int finalized;

static void many_finalize(PyObject *self)
{
    (void)self;
    finalized++;
}

static PyObject *many_getitem_method(PyObject *self, PyObject *arg)
{
    (void)self, (void)arg;
    return PyUnicode_FromString("tp_methods __getitem__");
}

static PyObject *many_contains_method(PyObject *self, PyObject *arg)
{
    (void)self, (void)arg;
    return PyUnicode_FromString("tp_methods __contains__ (COEXIST)");
}

static PyMethodDef many_methods[] = {
    {"__getitem__", many_getitem_method, METH_O, "not used: the slot wrapper wins"},
    {"__contains__", many_contains_method, METH_O | METH_COEXIST, "replaces the slot wrapper"},
    {NULL, NULL, 0, NULL},
};

static PyNumberMethods many_as_number = {
    .nb_add = many_add,
    .nb_subtract = many_sub,
    .nb_power = many_pow,
    .nb_negative = many_neg,
    .nb_bool = many_bool,
    .nb_index = many_index,
    .nb_inplace_add = many_iadd,
};

static PySequenceMethods many_as_sequence = {
    .sq_length = many_len,
    .sq_item = many_item,
    .sq_ass_item = many_ass_item,
    .sq_contains = many_contains,
};

static PyTypeObject Many_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "slots.Many",
    .tp_basicsize = sizeof(ManyObject),
    .tp_dealloc = many_dealloc,
    .tp_repr = many_repr,
    .tp_as_number = &many_as_number,
    .tp_as_sequence = &many_as_sequence,
    .tp_hash = many_hash,
    .tp_call = many_call,
    .tp_str = many_str,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A type with many slots.",
    .tp_richcompare = many_richcompare,
    .tp_iter = many_iter,
    .tp_iternext = many_next,
    .tp_methods = many_methods,
    .tp_descr_get = many_descr_get,
    .tp_descr_set = many_descr_set,
    .tp_init = many_init,
    .tp_new = many_tp_new,
    .tp_finalize = many_finalize,
};

/* A static type that overrides tp_setattro in C (for __setattr__'s
   check) and compares without hashing (so it is unhashable). */
static int guarded_setattro(PyObject *self, PyObject *name, PyObject *value)
{
    (void)self, (void)value;
    PyErr_Format(PyExc_AttributeError, "Guarded refuses %U", name);
    return -1;
}

static PyObject *guarded_richcompare(PyObject *a, PyObject *b, int op)
{
    (void)a, (void)b, (void)op;
    Py_RETURN_NOTIMPLEMENTED;
}

static PyTypeObject Guarded_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "slots.Guarded",
    .tp_basicsize = sizeof(PyObject),
    .tp_setattro = guarded_setattro,
    .tp_richcompare = guarded_richcompare,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

/* ---------------------------------------------------------------------- */
/* A heap type from PyType_FromSpec                                       */
/* ---------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *key;
} SpecObject;

static PyObject *spec_subscript(PyObject *self, PyObject *key)
{
    (void)self;
    return PyUnicode_FromFormat("subscript %R", key);
}

static Py_ssize_t spec_length(PyObject *self)
{
    (void)self;
    return 42;
}

static PyObject *spec_repr(PyObject *self)
{
    (void)self;
    return PyUnicode_FromString("<Spec>");
}

static PyObject *spec_richcompare(PyObject *a, PyObject *b, int op)
{
    return PyBool_FromLong(op == Py_EQ ? a == b : a != b);
}

static PyObject *spec_or(PyObject *a, PyObject *b)
{
    return PyUnicode_FromFormat("or %s %s", Py_TYPE(a)->tp_name, Py_TYPE(b)->tp_name);
}

static int spec_ass_subscript(PyObject *self, PyObject *key, PyObject *value)
{
    (void)self;
    if (value == NULL) {
        PyErr_Format(PyExc_KeyError, "%R", key);
        return -1;
    }
    return 0;
}

static PyType_Slot spec_slots[] = {
    {Py_mp_subscript, spec_subscript},
    {Py_mp_ass_subscript, spec_ass_subscript},
    {Py_mp_length, spec_length},
    {Py_tp_repr, spec_repr},
    {Py_tp_richcompare, spec_richcompare},
    {Py_nb_or, spec_or},
    {0, NULL},
};

static PyType_Spec spec_spec = {
    .name = "slots.Spec",
    .basicsize = sizeof(SpecObject),
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = spec_slots,
};

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */
/* ---------------------------------------------------------------------- */

static PyObject *attr(PyObject *o, const char *name)
{
    if (o == NULL)
        return NULL;
    return PyObject_GetAttrString(o, name);
}

/* `o.name`, then its repr (one case). */
static void case_attr(const char *label, PyObject *o, const char *name)
{
    char what[256];
    snprintf(what, sizeof what, "%s.%s", label, name);
    CASE_OBJ(what, attr(o, name));
}

/* Where pybuffer's built-in types differ from CPython's apart from the
   slot machinery (they inherit `tp_getattro` rather than set it, have no
   `type.__or__` (PEP 604 unions), `dict.__or__` / `__ior__`, `str.__iter__`
   or `type.__init__`): not compared here. */
static const char *gaps[][2] = {
    {"*", "__or__"}, {"dict", "__ior__"}, {"str", "__iter__"}, {"type", "__init__"},
    {"list", "__getattribute__"}, {"dict", "__getattribute__"}, {"int", "__getattribute__"},
    {"float", "__getattribute__"}, {"str", "__getattribute__"}, {"bytes", "__getattribute__"},
    {"tuple", "__getattribute__"}, {"set", "__getattribute__"},
};

static int is_gap(const char *label, const char *name)
{
    for (size_t i = 0; i < sizeof gaps / sizeof gaps[0]; i++)
        if ((strcmp(gaps[i][0], "*") == 0 || strcmp(gaps[i][0], label) == 0) && strcmp(gaps[i][1], name) == 0)
            return 1;
    return 0;
}

/* The type of `T.name` and where it comes from: its repr. */
static void case_kind(const char *label, PyObject *t, const char *name)
{
    if (is_gap(label, name))
        return;
    char what[256];
    snprintf(what, sizeof what, "type(%s.%s)", label, name);
    begin(what);
    PyObject *a = attr(t, name);
    if (a == NULL) {
        obj_result(NULL);
    } else {
        put("%s ", Py_TYPE(a)->tp_name);
        obj_result(a);
    }
    end();
}

/* `T.name(*args)` (unbound), args from Py_BuildValue. */
static void case_unbound(const char *label, PyObject *t, const char *name, const char *fmt, ...)
{
    char what[256];
    snprintf(what, sizeof what, "%s.%s(%s)", label, name, fmt);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    begin(what);
    PyObject *f = attr(t, name);
    PyObject *r = NULL;
    if (f != NULL && args != NULL)
        r = PyObject_Call(f, args, NULL);
    Py_XDECREF(f);
    Py_XDECREF(args);
    obj_result(r);
    end();
}

/* `o.name(*args)` (bound), args from Py_BuildValue; `o` watched. */
static void case_bound(const char *label, PyObject *o, const char *name, const char *fmt, ...)
{
    char what[256];
    snprintf(what, sizeof what, "%s.%s(%s)", label, name, fmt);
    begin(what);
    watch(o);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *f = attr(o, name);
    PyObject *r = NULL;
    if (f != NULL && args != NULL)
        r = PyObject_Call(f, args, NULL);
    Py_XDECREF(f);
    Py_XDECREF(args);
    obj_result(r);
    end();
}

/* `o.name(**{k: 1})`: keywords to a wrapper. */
static void case_kw(const char *label, PyObject *o, const char *name)
{
    char what[256];
    snprintf(what, sizeof what, "%s.%s(k=1)", label, name);
    begin(what);
    PyObject *f = attr(o, name);
    PyObject *args = PyTuple_New(0);
    PyObject *kw = Py_BuildValue("{si}", "k", 1);
    PyObject *r = NULL;
    if (f != NULL)
        r = PyObject_Call(f, args, kw);
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kw);
    obj_result(r);
    end();
}

static const char *builtin_names[] = {
    "__repr__", "__hash__", "__call__", "__str__", "__getattribute__", "__setattr__", "__delattr__",
    "__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__", "__iter__", "__next__", "__init__",
    "__add__", "__radd__", "__sub__", "__mul__", "__rmul__", "__mod__", "__neg__", "__bool__",
    "__and__", "__or__", "__rxor__", "__int__", "__float__", "__index__", "__truediv__", "__floordiv__",
    "__len__", "__getitem__", "__setitem__", "__delitem__", "__contains__", "__iadd__", "__imul__",
    "__isub__", "__ior__", "__pow__", "__abs__", "__invert__", "__lshift__", "__divmod__",
    NULL,
};

/* A protocol 0/1 reduction, `(_reconstructor, (cls, base, state)[,
   dict])`, shown without the function's address: its name, whether
   args[0] is `cls`, base's name, state's and dict's reprs, then what
   calling it makes. Steals `r`. */
static void reduce01(const char *what, PyObject *cls, PyObject *r) {
    begin(what);
    if (r == NULL) {
        obj_result(NULL);
        end();
        return;
    }
    PyObject *f = PyTuple_GetItem(r, 0);
    PyObject *args = PyTuple_GetItem(r, 1);
    PyObject *fm = attr(f, "__module__"), *fn = attr(f, "__name__");
    PyObject *bn = attr(PyTuple_GetItem(args, 1), "__name__");
    put("len %zd; f %s.%s; args[0] is cls %d; base %s; state ", PyTuple_Size(r),
        fm ? PyUnicode_AsUTF8(fm) : "?", fn ? PyUnicode_AsUTF8(fn) : "?",
        PyTuple_GetItem(args, 0) == cls, bn ? PyUnicode_AsUTF8(bn) : "?");
    put_repr(PyTuple_GetItem(args, 2));
    if (PyTuple_Size(r) > 2) {
        put("; dict ");
        put_repr(PyTuple_GetItem(r, 2));
    }
    PyObject *made = PyObject_Call(f, args, NULL);
    put("; f(*args): ");
    if (made != NULL)
        put_repr(made);
    else
        put("failed");
    PyErr_Clear();
    Py_XDECREF(made);
    Py_XDECREF(fm);
    Py_XDECREF(fn);
    Py_XDECREF(bn);
    Py_DECREF(r);
    end();
}

int main(void)
{
    Py_Initialize();
    if (PyType_Ready(&Many_Type) < 0 || PyType_Ready(&Guarded_Type) < 0) {
        PyErr_Print();
        return 1;
    }
    PyObject *Many = (PyObject *)&Many_Type;
    PyObject *Guarded = (PyObject *)&Guarded_Type;
    PyObject *Spec = PyType_FromSpec(&spec_spec);
    PyObject *list = (PyObject *)&PyList_Type, *dict = (PyObject *)&PyDict_Type;
    PyObject *int_ = (PyObject *)&PyLong_Type, *float_ = (PyObject *)&PyFloat_Type;
    PyObject *str = (PyObject *)&PyUnicode_Type, *bytes = (PyObject *)&PyBytes_Type;
    PyObject *tuple = (PyObject *)&PyTuple_Type, *set = (PyObject *)&PySet_Type;
    PyObject *object = (PyObject *)&PyBaseObject_Type, *type = (PyObject *)&PyType_Type;

    /* Which wrappers each type has, and where they come from. */
    struct {
        const char *label;
        PyObject *t;
    } types[] = {
        {"list", list}, {"dict", dict}, {"int", int_}, {"float", float_}, {"str", str},
        {"bytes", bytes}, {"tuple", tuple}, {"set", set}, {"object", object}, {"type", type},
        {"Many", Many}, {"Spec", Spec},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        for (const char **n = builtin_names; *n; n++)
            case_kind(types[i].label, types[i].t, *n);

    /* The descriptor's own attributes. */
    PyObject *list_len = attr(list, "__len__");
    case_attr("list.__len__", list_len, "__name__");
    case_attr("list.__len__", list_len, "__qualname__");
    case_attr("list.__len__", list_len, "__objclass__");
    case_attr("list.__len__", list_len, "__doc__");
    case_attr("list.__len__", list_len, "__text_signature__");
    CASE_OBJ("type(list.__len__).__name__", attr((PyObject *)Py_TYPE(list_len), "__name__"));
    CASE_OBJ("list.__len__.__get__(None, list)", PyObject_CallMethod(list_len, "__get__", "OO", Py_None, list));
    Py_DECREF(list_len);
    {
        const char *docs[][2] = {
            {"int", "__add__"}, {"int", "__radd__"}, {"int", "__pow__"}, {"int", "__rpow__"},
            {"int", "__neg__"}, {"int", "__bool__"}, {"int", "__index__"}, {"list", "__iadd__"},
            {"list", "__imul__"}, {"tuple", "__getitem__"}, {"dict", "__setitem__"}, {"dict", "__delitem__"},
            {"list", "__init__"}, {"object", "__init__"}, {"object", "__lt__"}, {"object", "__setattr__"},
            {"type", "__call__"}, {"list", "__iter__"}, {"Many", "__next__"}, {"Many", "__get__"},
            {"Many", "__set__"}, {"Many", "__delete__"}, {"Many", "__del__"}, {"Many", "__contains__"},
            {"Spec", "__or__"}, {"Spec", "__ror__"}, {"Many", "__iadd__"}, {"set", "__isub__"},
        };
        for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
            PyObject *t = NULL;
            for (size_t j = 0; j < sizeof types / sizeof types[0]; j++)
                if (strcmp(types[j].label, docs[i][0]) == 0)
                    t = types[j].t;
            PyObject *d = attr(t, docs[i][1]);
            char label[64];
            snprintf(label, sizeof label, "%s.%s", docs[i][0], docs[i][1]);
            case_attr(label, d, "__doc__");
            case_attr(label, d, "__text_signature__");
            case_attr(label, d, "__qualname__");
            Py_XDECREF(d);
            PyErr_Clear();
        }
    }

    /* Unbound calls on built-in types, with their errors. */
    PyObject *l = Py_BuildValue("[iii]", 1, 2, 3);
    case_unbound("list", list, "__len__", "(O)", l);
    case_unbound("list", list, "__len__", "()");
    case_unbound("list", list, "__len__", "(i)", 5);
    case_unbound("list", list, "__len__", "(Oi)", l, 1);
    case_unbound("list", list, "__getitem__", "(Oi)", l, -1);
    case_unbound("list", list, "__getitem__", "(Oi)", l, 7);
    case_unbound("list", list, "__getitem__", "(O)", l);
    case_unbound("list", list, "__contains__", "(Oi)", l, 2);
    case_unbound("list", list, "__contains__", "(Oi)", l, 9);
    case_unbound("list", list, "__add__", "(OO)", l, l);
    case_unbound("list", list, "__mul__", "(Oi)", l, 2);
    case_unbound("list", list, "__mul__", "(Os)", l, "x");
    case_unbound("list", list, "__eq__", "(OO)", l, l);
    case_unbound("list", list, "__lt__", "(Oi)", l, 1);
    case_unbound("list", list, "__repr__", "(O)", l);
    case_unbound("list", list, "__setitem__", "(Oii)", l, 0, 10);
    case_unbound("list", list, "__delitem__", "(Oi)", l, 0);
    case_unbound("list", list, "__init__", "(O)", l);
    case_unbound("int", int_, "__add__", "(ii)", 2, 3);
    case_unbound("int", int_, "__radd__", "(ii)", 2, 3);
    case_unbound("int", int_, "__sub__", "(ii)", 2, 3);
    case_unbound("int", int_, "__rsub__", "(ii)", 2, 3);
    case_unbound("int", int_, "__add__", "(is)", 2, "x");
    case_unbound("int", int_, "__pow__", "(ii)", 2, 10);
    case_unbound("int", int_, "__pow__", "(iii)", 2, 10, 7);
    case_unbound("int", int_, "__pow__", "(i)", 2);
    case_unbound("int", int_, "__pow__", "(iiii)", 2, 1, 1, 1);
    case_unbound("int", int_, "__rpow__", "(ii)", 2, 10);
    case_unbound("int", int_, "__neg__", "(i)", 5);
    case_unbound("int", int_, "__bool__", "(i)", 0);
    case_unbound("int", int_, "__index__", "(i)", 9);
    case_unbound("int", int_, "__hash__", "(i)", -1);
    case_unbound("int", int_, "__add__", "(si)", "a", 1);
    case_unbound("int", int_, "__lt__", "(ii)", 1, 2);
    case_unbound("int", int_, "__ge__", "(ii)", 1, 2);
    case_unbound("int", int_, "__eq__", "(is)", 1, "1");
    case_unbound("float", float_, "__add__", "(dd)", 1.5, 2.0);
    case_unbound("float", float_, "__neg__", "(d)", 1.5);
    case_unbound("float", float_, "__int__", "(d)", 2.75);
    case_unbound("str", str, "__len__", "(s)", "hello");
    case_unbound("str", str, "__add__", "(ss)", "ab", "cd");
    case_unbound("str", str, "__getitem__", "(si)", "hello", 1);
    case_unbound("str", str, "__contains__", "(ss)", "hello", "ell");
    case_unbound("str", str, "__mul__", "(si)", "ab", 3);
    case_unbound("str", str, "__len__", "(y)", "bytes");
    case_unbound("bytes", bytes, "__len__", "(y)", "abc");
    case_unbound("bytes", bytes, "__getitem__", "(yi)", "abc", 0);
    case_unbound("tuple", tuple, "__len__", "((ii))", 1, 2);
    case_unbound("tuple", tuple, "__getitem__", "((ii)i)", 1, 2, -1);
    case_unbound("tuple", tuple, "__hash__", "(())");
    case_unbound("dict", dict, "__len__", "({si})", "a", 1);
    case_unbound("dict", dict, "__getitem__", "({si}s)", "a", 1, "a");
    case_unbound("dict", dict, "__getitem__", "({si}s)", "a", 1, "b");
    case_unbound("dict", dict, "__contains__", "({si}s)", "a", 1, "a");
    case_unbound("dict", dict, "__len__", "([])");
    case_unbound("set", set, "__len__", "(N)", PySet_New(NULL));
    case_unbound("object", object, "__repr__", "(O)", Py_None);
    case_unbound("object", object, "__eq__", "(OO)", l, l);
    case_unbound("object", object, "__eq__", "(Oi)", l, 1);
    case_unbound("object", object, "__ne__", "(ii)", 1, 2);
    case_unbound("object", object, "__lt__", "(ii)", 1, 2);
    case_unbound("object", object, "__str__", "(i)", 12);
    case_unbound("object", object, "__getattribute__", "(Os)", l, "append");
    case_unbound("object", object, "__getattribute__", "(Os)", l, "nope");
    case_unbound("object", object, "__init__", "(O)", l);
    case_unbound("object", object, "__setattr__", "(Osi)", l, "x", 1);
    case_unbound("type", type, "__repr__", "(O)", list);
    case_unbound("type", type, "__call__", "(O)", int_);
    case_unbound("type", type, "__call__", "(Os)", int_, "12");
    case_unbound("type", type, "__call__", "(i)", 1);
    case_unbound("type", type, "mro", "(O)", list);
    case_unbound("type", type, "mro", "(O)", Many);

    /* Keywords refused, except by __init__ and __call__. */
    case_kw("list", list, "__len__");
    case_kw("[]", l, "__len__");
    case_kw("Many(3)", NULL, "__len__");

    /* Bound calls (method-wrapper). */
    case_bound("[1,2,3]", l, "__len__", "()");
    case_bound("[1,2,3]", l, "__len__", "(i)", 1);
    case_bound("[1,2,3]", l, "__getitem__", "(i)", -2);
    case_bound("[1,2,3]", l, "__getitem__", "(i)", -4);
    case_bound("[1,2,3]", l, "__getitem__", "(s)", "x");
    case_bound("[1,2,3]", l, "__contains__", "(i)", 3);
    case_bound("[1,2,3]", l, "__iadd__", "([i])", 4);
    case_bound("[1,2,3,4]", l, "__imul__", "()");
    case_bound("[1,2,3,4]", l, "__imul__", "(i)", 1);
    case_bound("[1,2,3,4]", l, "__setitem__", "(i)", 1);
    case_bound("[1,2,3,4]", l, "__setitem__", "(iii)", 1, 2, 3);
    case_bound("[1,2,3,4]", l, "__delitem__", "()");
    case_bound("[1,2,3,4]", l, "__lt__", "()");
    case_bound("[1,2,3,4]", l, "__delitem__", "(i)", -1);
    case_bound("[1,2,3]", l, "__repr__", "()");
    case_bound("[1,2,3]", l, "__eq__", "(i)", 1);
    case_bound("[1,2,3]", l, "__ne__", "(O)", l);
    case_bound("[1,2,3]", l, "__hash__", "()");
    case_bound("[1,2,3]", l, "__init__", "([ii])", 7, 8);
    case_bound("[7,8]", l, "__repr__", "()");
    case_bound("[7,8]", l, "__init__", "(ii)", 7, 8);
    {
        PyObject *five = PyLong_FromLong(5);
        case_bound("5", five, "__add__", "(i)", 1);
        case_bound("5", five, "__radd__", "(i)", 1);
        case_bound("5", five, "__truediv__", "(i)", 2);
        case_bound("5", five, "__truediv__", "(i)", 0);
        case_bound("5", five, "__floordiv__", "(i)", 2);
        case_bound("5", five, "__divmod__", "(i)", 2);
        case_bound("5", five, "__mod__", "(i)", 3);
        case_bound("5", five, "__lshift__", "(i)", 2);
        case_bound("5", five, "__and__", "(i)", 3);
        case_bound("5", five, "__or__", "(i)", 3);
        case_bound("5", five, "__invert__", "()");
        case_bound("5", five, "__abs__", "()");
        case_bound("5", five, "__int__", "()");
        case_bound("5", five, "__float__", "()");
        case_bound("5", five, "__hash__", "()");
        case_bound("5", five, "__repr__", "()");
        case_bound("5", five, "__bool__", "()");
        case_bound("5", five, "__add__", "(d)", 1.0);
        Py_DECREF(five);
    }
    {
        PyObject *d = Py_BuildValue("{si}", "a", 1);
        case_bound("{'a':1}", d, "__setitem__", "(si)", "b", 2);
        case_bound("{'a':1,'b':2}", d, "__len__", "()");
        case_bound("{'a':1,'b':2}", d, "__delitem__", "(s)", "a");
        case_bound("{'b':2}", d, "__delitem__", "(s)", "a");
        case_bound("{'b':2}", d, "__setitem__", "([]i)", 2);
        case_bound("{'b':2}", d, "__getitem__", "(s)", "b");
        case_bound("{'b':2}", d, "__repr__", "()");
        case_bound("{'b':2}", d, "__hash__", "()");
        case_bound("{'b':2}", d, "__setattr__", "(si)", "x", 1);
        case_bound("{'b':2}", d, "__delattr__", "(s)", "x");
        case_bound("{'b':2}", d, "__setitem__", "(i)", 1);
        case_bound("{'b':2}", d, "__delitem__", "()");
        case_bound("{'b':2}", d, "__setattr__", "(s)", "x");
        case_bound("{'b':2}", d, "__delattr__", "()");
        case_bound("{'b':2}", d, "__len__", "(i)", 1);
        case_bound("{'b':2}", d, "__contains__", "()");
        Py_DECREF(d);
    }

    /* The static type with many slots. */
    PyObject *m3 = many_new_value(3), *m5 = many_new_value(5);
    case_kw("Many(3)", m3, "__len__");
    case_bound("Many(3)", m3, "__add__", "(O)", m5);
    case_bound("Many(3)", m3, "__radd__", "(O)", m5);
    case_bound("Many(3)", m3, "__radd__", "(i)", 1);
    case_bound("Many(3)", m3, "__add__", "(s)", "x");
    case_bound("Many(3)", m3, "__sub__", "(i)", 1);
    case_bound("Many(3)", m3, "__rsub__", "(i)", 1);
    case_bound("Many(3)", m3, "__pow__", "(i)", 2);
    case_bound("Many(3)", m3, "__pow__", "(ii)", 2, 5);
    case_bound("Many(3)", m3, "__rpow__", "(i)", 2);
    case_bound("Many(3)", m3, "__rpow__", "()");
    case_bound("Many(3)", m3, "__neg__", "()");
    case_bound("Many(3)", m3, "__neg__", "(i)", 1);
    case_bound("Many(3)", m3, "__bool__", "()");
    case_bound("Many(3)", m3, "__index__", "()");
    case_bound("Many(3)", m3, "__len__", "()");
    case_bound("Many(3)", m3, "__getitem__", "(i)", 0);
    case_bound("Many(3)", m3, "__getitem__", "(i)", -1);
    case_bound("Many(3)", m3, "__getitem__", "(i)", -5);
    case_bound("Many(3)", m3, "__getitem__", "(i)", 4);
    case_bound("Many(3)", m3, "__getitem__", "(O)", m5);
    case_bound("Many(3)", m3, "__getitem__", "(d)", 1.0);
    case_bound("Many(3)", m3, "__getitem__", "(N)", PyLong_FromString("99999999999999999999999", NULL, 10));
    case_bound("Many(3)", m3, "__getitem__", "()");
    case_bound("Many(3)", m3, "__setitem__", "(ii)", -1, 77);
    case_bound("Many(3)", m3, "__getitem__", "(i)", 3);
    case_bound("Many(3)", m3, "__setitem__", "(is)", 0, "x");
    case_bound("Many(3)", m3, "__setitem__", "(i)", 0);
    case_bound("Many(3)", m3, "__delitem__", "(i)", -4);
    case_bound("Many(3)", m3, "__getitem__", "(i)", 0);
    case_bound("Many(3)", m3, "__delitem__", "(i)", 9);
    case_bound("Many(3)", m3, "__contains__", "(i)", 31);
    case_unbound("Many", Many, "__contains__", "(Oi)", m3, 31);
    case_bound("Many(3)", m3, "__lt__", "(i)", 4);
    case_bound("Many(3)", m3, "__ge__", "(O)", m5);
    case_bound("Many(3)", m3, "__eq__", "(s)", "x");
    case_bound("Many(3)", m3, "__hash__", "()");
    case_bound("Many(3)", m3, "__call__", "(ii)", 1, 2);
    case_kw("Many(3)", m3, "__call__");
    case_bound("Many(3)", m3, "__repr__", "()");
    case_bound("Many(3)", m3, "__str__", "()");
    case_bound("Many(3)", m3, "__iter__", "()");
    case_bound("Many(3)", m3, "__get__", "(OO)", m5, Many);
    case_bound("Many(3)", m3, "__get__", "(O)", m5);
    case_bound("Many(3)", m3, "__get__", "(OO)", Py_None, Many);
    case_bound("Many(3)", m3, "__get__", "(OO)", Py_None, Py_None);
    case_bound("Many(3)", m3, "__get__", "(O)", Py_None);
    case_bound("Many(3)", m3, "__get__", "()");
    case_bound("Many(3)", m3, "__set__", "(Oi)", m5, 9);
    case_bound("Many(9)", m3, "__repr__", "()");
    case_bound("Many(9)", m3, "__set__", "(Os)", m5, "x");
    case_bound("Many(9)", m3, "__set__", "(O)", m5);
    case_bound("Many(9)", m3, "__delete__", "(O)", m5);
    case_bound("Many(-1)", m3, "__repr__", "()");
    case_bound("Many(-1)", m3, "__len__", "()");
    case_bound("Many(-1)", m3, "__init__", "(i)", 2);
    case_bound("Many(2)", m3, "__next__", "()");
    case_bound("Many(1)", m3, "__next__", "()");
    case_bound("Many(0)", m3, "__next__", "()");
    case_bound("Many(0)", m3, "__init__", "()");
    {
        PyObject *args = PyTuple_New(0);
        PyObject *kw = Py_BuildValue("{si}", "value", 13);
        PyObject *f = attr(m3, "__init__");
        CASE_OBJ("Many(0).__init__(value=13)", PyObject_Call(f, args, kw));
        Py_XDECREF(f);
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    case_bound("Many(13)", m3, "__bool__", "()");
    case_bound("Many(13)", m3, "__init__", "(s)", "x");
    case_bound("Many(13)", m3, "__init__", "(ii)", 1, 2);
    case_bound("Many(1)", m3, "__iadd__", "(i)", 6);
    case_bound("Many(7)", m3, "__hash__", "()");
    case_bound("Many(7)", m3, "__del__", "()");
    CASE_OBJ("finalized", PyLong_FromLong(finalized));
    case_unbound("Many", Many, "__len__", "(i)", 1);
    case_unbound("Many", Many, "__len__", "()");
    case_unbound("Many", Many, "__add__", "(Oi)", m5, 1);
    case_unbound("Many", Many, "__getitem__", "(Oi)", m5, 1);
    case_unbound("Many", Many, "__next__", "(i)", 1);
    case_unbound("int", int_, "__add__", "(Oi)", m5, 1);

    /* A C tp_setattro is not bypassed through object.__setattr__. */
    {
        PyObject *g = PyObject_CallNoArgs(Guarded);
        case_unbound("object", object, "__setattr__", "(Osi)", g, "x", 1);
        case_unbound("object", object, "__delattr__", "(Os)", g, "x");
        case_bound("Guarded()", g, "__setattr__", "(si)", "x", 1);
        case_bound("Guarded()", g, "__hash__", "()");
        case_kind("Guarded", Guarded, "__hash__");
        case_kind("Guarded", Guarded, "__eq__");
        case_kind("Guarded", Guarded, "__setattr__");
        case_unbound("type", type, "__setattr__", "(Osi)", Many, "x", 1);
        case_unbound("object", object, "__setattr__", "(Osi)", Many, "x", 1);
        Py_XDECREF(g);
    }

    /* The PyType_FromSpec type. */
    {
        PyObject *s = PyObject_CallNoArgs(Spec);
        case_bound("Spec()", s, "__getitem__", "(i)", 5);
        case_bound("Spec()", s, "__getitem__", "(s)", "k");
        case_bound("Spec()", s, "__len__", "()");
        case_bound("Spec()", s, "__setitem__", "(ii)", 1, 2);
        case_bound("Spec()", s, "__delitem__", "(i)", 1);
        case_bound("Spec()", s, "__or__", "(i)", 1);
        case_bound("Spec()", s, "__ror__", "(i)", 1);
        case_bound("Spec()", s, "__repr__", "()");
        case_bound("Spec()", s, "__eq__", "(O)", s);
        case_bound("Spec()", s, "__hash__", "()");
        case_kind("Spec", Spec, "__hash__");
        CASE_OBJ("Spec.__hash__ is None", PyBool_FromLong(attr(Spec, "__hash__") == Py_None));
        Py_XDECREF(s);
    }
    case_kind("list", list, "__hash__");
    case_kind("dict", dict, "__hash__");
    case_kind("set", set, "__hash__");

    /* method-wrapper objects. */
    {
        begin("[].__len__ attributes");
        PyObject *w = attr(l, "__len__");
        PyObject *w2 = attr(l, "__len__");
        PyObject *w3 = attr(l, "__repr__");
        put("type %s; ", Py_TYPE(w)->tp_name);
        PyObject *n = attr(w, "__name__");
        put("name %s; ", n ? PyUnicode_AsUTF8(n) : "?");
        PyObject *q = attr(w, "__qualname__");
        put("qualname %s; ", q ? PyUnicode_AsUTF8(q) : "?");
        PyObject *self = attr(w, "__self__");
        put("self is l %d; ", self == l);
        PyObject *oc = attr(w, "__objclass__");
        put("objclass is list %d; ", oc == list);
        PyObject *doc = attr(w, "__doc__");
        put("doc %s; ", doc && PyUnicode_Check(doc) ? PyUnicode_AsUTF8(doc) : "?");
        PyObject *sig = attr(w, "__text_signature__");
        put("sig %s; ", sig && PyUnicode_Check(sig) ? PyUnicode_AsUTF8(sig) : "?");
        put("w is w2 %d; ", w == w2);
        put("w == w2 %d; ", PyObject_RichCompareBool(w, w2, Py_EQ));
        put("w != w3 %d; ", PyObject_RichCompareBool(w, w3, Py_NE));
        put("hash(w) == hash(w2) %d; ", PyObject_Hash(w) == PyObject_Hash(w2));
        put("repr ");
        put_repr(w);
        Py_XDECREF(n);
        Py_XDECREF(q);
        Py_XDECREF(self);
        Py_XDECREF(oc);
        Py_XDECREF(doc);
        Py_XDECREF(sig);
        Py_XDECREF(w);
        Py_XDECREF(w2);
        Py_XDECREF(w3);
        end();
    }
    {
        PyObject *w = attr(m3, "__add__");
        CASE_OBJ("Many(1).__add__", Py_XNewRef(w));
        CASE_OBJ("Many(1).__add__(Many(5))", PyObject_CallOneArg(w, m5));
        Py_XDECREF(w);
        begin("list.__len__.__get__(1)");
        PyObject *d = attr(list, "__len__");
        obj_result(PyObject_CallMethod(d, "__get__", "i", 1));
        Py_XDECREF(d);
        end();
    }

    /* Reference counts. */
    {
        begin("refcounts: bound wrapper made and dropped");
        watch(l);
        watch(list);
        PyObject *w = attr(l, "__len__");
        Py_XDECREF(w);
        put("done");
        end();
        begin("refcounts: list.__getitem__(l, 0)");
        watch(l);
        obj_result(PyObject_CallMethod(list, "__getitem__", "Oi", l, 0));
        end();
        begin("refcounts: failed call with a wrong self");
        watch(l);
        watch(m3);
        PyObject *d = attr(list, "__len__");
        obj_result(PyObject_CallOneArg(d, m3));
        Py_XDECREF(d);
        end();
    }

    /* object's own methods. */
    {
        PyObject *C = PyObject_CallFunction(type, "s()N", "C", PyDict_New());
        PyObject *c = PyObject_CallNoArgs(C);
        case_kind("object", object, "__reduce_ex__");
        case_kind("object", object, "__reduce__");
        case_kind("object", object, "__getstate__");
        case_kind("object", object, "__init_subclass__");
        case_kind("object", object, "__subclasshook__");
        case_kind("object", object, "__format__");
        case_kind("object", object, "__sizeof__");
        case_kind("type", type, "mro");
        case_kind("C", C, "__reduce_ex__");
        case_kind("C", C, "__init__");
        case_kind("C", C, "__repr__");
        case_kind("C", C, "__eq__");
        case_kind("C", C, "__hash__");
        begin("C().__reduce_ex__(2)");
        {
            PyObject *r = PyObject_CallMethod(c, "__reduce_ex__", "i", 2);
            if (r == NULL) {
                obj_result(NULL);
            } else {
                put("len %zd; ", PyTuple_Size(r));
                PyObject *f = PyTuple_GetItem(r, 0);
                PyObject *fn = attr(f, "__name__");
                PyObject *fm = attr(f, "__module__");
                put("f %s.%s; ", fm ? PyUnicode_AsUTF8(fm) : "?", fn ? PyUnicode_AsUTF8(fn) : "?");
                put("args[0] is C %d; ", PyTuple_GetItem(PyTuple_GetItem(r, 1), 0) == C);
                put("nargs %zd; rest ", PyTuple_Size(PyTuple_GetItem(r, 1)));
                for (int i = 2; i < 5; i++) {
                    put_repr(PyTuple_GetItem(r, i));
                    put(" ");
                }
                PyObject *made = PyObject_Call(f, PyTuple_GetItem(r, 1), NULL);
                put("; f(*args): %s", made ? Py_TYPE(made)->tp_name : "failed");
                PyErr_Clear();
                Py_XDECREF(made);
                Py_XDECREF(fn);
                Py_XDECREF(fm);
                Py_DECREF(r);
            }
        }
        end();
        PyObject_SetAttrString(c, "a", PyLong_FromLong(1));
        Py_DECREF(PyLong_FromLong(1));
        begin("C(a=1).__reduce_ex__(4)[2]");
        {
            PyObject *r = PyObject_CallMethod(c, "__reduce_ex__", "i", 4);
            obj_result(r ? Py_NewRef(PyTuple_GetItem(r, 2)) : NULL);
            Py_XDECREF(r);
        }
        end();
        case_kind("C", C, "__slotnames__");
        case_bound("C()", c, "__getstate__", "()");
        case_bound("C()", c, "__reduce_ex__", "(s)", "2");
        case_bound("C()", c, "__reduce_ex__", "()");
        case_bound("C()", c, "__format__", "(s)", "");
        case_bound("Many(3)", m5, "__format__", "(s)", "");
        case_bound("Many(3)", m5, "__format__", "(s)", "x");
        case_bound("Many(3)", m5, "__format__", "(i)", 1);
        CASE_OBJ("format(Many(5), '')", PyObject_Format(m5, NULL));
        CASE_OBJ("format(Many(5), '>3')", PyObject_Format(m5, PyUnicode_FromString(">3")));
        case_bound("Many(3)", m5, "__sizeof__", "()");
        case_bound("object()", object, "__init_subclass__", "()");
        case_bound("object", object, "__subclasshook__", "(i)", 1);
        case_bound("C", C, "__subclasshook__", "()");
        case_bound("C", C, "__init_subclass__", "(i)", 1);
        CASE_OBJ("copyreg.__newobj__(C)", PyObject_CallMethod(PyImport_ImportModule("copyreg"), "__newobj__", "O", C));
        CASE_OBJ("copyreg.__newobj__()", PyObject_CallMethod(PyImport_ImportModule("copyreg"), "__newobj__", NULL));
        /* Static types with their own C layout: pickling refuses them. */
        case_bound("Many(5)", m5, "__reduce_ex__", "(i)", 2);
        case_bound("Many(5)", m5, "__getstate__", "()");
        PyObject *S = PyObject_CallFunction(type, "s()N", "S", Py_BuildValue("{s(ss)}", "__slots__", "x", "__y"));
        PyObject *so = S ? PyObject_CallNoArgs(S) : NULL;
        if (so != NULL) {
            PyObject_SetAttrString(so, "x", Py_None);
            case_bound("S()", so, "__getstate__", "()");
            begin("S(x=None).__reduce_ex__(2)[2]");
            PyObject *r = PyObject_CallMethod(so, "__reduce_ex__", "i", 2);
            obj_result(r ? Py_NewRef(PyTuple_GetItem(r, 2)) : NULL);
            Py_XDECREF(r);
            end();
            case_attr("S", S, "__slotnames__");
        }
        /* Protocols 0 and 1: copyreg._reduce_ex and its _reconstructor. */
        if (so != NULL) {
            case_bound("S(x=None)", so, "__reduce_ex__", "(i)", 0);
        }
        PyErr_Clear();
        reduce01("C(a=1).__reduce_ex__(0)", C, PyObject_CallMethod(c, "__reduce_ex__", "i", 0));
        reduce01("C(a=1).__reduce__()", C, PyObject_CallMethod(c, "__reduce__", NULL));
        PyObject *c2 = PyObject_CallNoArgs(C);
        reduce01("C().__reduce_ex__(1)", C, c2 ? PyObject_CallMethod(c2, "__reduce_ex__", "i", 1) : NULL);
        Py_XDECREF(c2);
        case_bound("Many(5)", m5, "__reduce_ex__", "(i)", 1);
        case_bound("Many(5)", m5, "__reduce__", "()");
        PyObject *L = PyObject_CallFunction(type, "s(O)N", "L", (PyObject *)&PyList_Type, PyDict_New());
        PyObject *lo = L ? PyObject_CallFunction(L, "((ii))", 1, 2) : NULL;
        if (lo != NULL) {
            reduce01("L([1, 2]).__reduce_ex__(0)", L, PyObject_CallMethod(lo, "__reduce_ex__", "i", 0));
            PyObject_SetAttrString(lo, "tag", Py_True);
            reduce01("L([1, 2], tag=True).__reduce_ex__(1)", L, PyObject_CallMethod(lo, "__reduce_ex__", "i", 1));
        }
        PyErr_Clear();
        Py_XDECREF(lo);
        Py_XDECREF(L);
        PyObject *copyreg = PyImport_ImportModule("copyreg");
        if (copyreg != NULL) {
            CASE_OBJ("copyreg._reduce_ex(C(), 2)", PyObject_CallMethod(copyreg, "_reduce_ex", "Oi", c, 2));
            CASE_OBJ("copyreg._reduce_ex(C(), 'x')", PyObject_CallMethod(copyreg, "_reduce_ex", "Os", c, "x"));
            CASE_OBJ("copyreg._reduce_ex(C())", PyObject_CallMethod(copyreg, "_reduce_ex", "(O)", c));
            CASE_OBJ("copyreg._reconstructor()", PyObject_CallMethod(copyreg, "_reconstructor", NULL));
            CASE_OBJ("copyreg._reconstructor(C, object)", PyObject_CallMethod(copyreg, "_reconstructor", "OO", C, object));
            CASE_OBJ("copyreg._reconstructor(1, 2, 3, 4)", PyObject_CallMethod(copyreg, "_reconstructor", "iiii", 1, 2, 3, 4));
            CASE_OBJ("copyreg._reconstructor(list, int, 7)", PyObject_CallMethod(copyreg, "_reconstructor", "OOi", (PyObject *)&PyList_Type, (PyObject *)&PyLong_Type, 7));
            CASE_OBJ("copyreg._reconstructor(int, int, '12')", PyObject_CallMethod(copyreg, "_reconstructor", "OOs", (PyObject *)&PyLong_Type, (PyObject *)&PyLong_Type, "12"));
            CASE_OBJ("copyreg._reconstructor(list, object, None)", PyObject_CallMethod(copyreg, "_reconstructor", "OOO", (PyObject *)&PyList_Type, object, Py_None));
            Py_DECREF(copyreg);
        }
        PyErr_Clear();
        Py_XDECREF(so);
        Py_XDECREF(S);
        Py_XDECREF(c);
        Py_XDECREF(C);
    }

    /* The lookups Cython's __Pyx_setup_reduce makes for a cdef class. */
    {
        PyObject *getstate = PyUnicode_FromString("__getstate__");
        PyObject *reduce_ex = PyUnicode_FromString("__reduce_ex__");
        PyObject *reduce = PyUnicode_FromString("__reduce__");
        begin("setup_reduce: Many's __getstate__ is object's");
        put("%d", _PyType_Lookup(&Many_Type, getstate) == _PyType_Lookup(&PyBaseObject_Type, getstate));
        end();
        begin("setup_reduce: getattr(Many, '__reduce_ex__') is object's");
        PyObject *a = PyObject_GetAttr(Many, reduce_ex), *b = PyObject_GetAttr(object, reduce_ex);
        put("%d", a != NULL && a == b);
        Py_XDECREF(a);
        Py_XDECREF(b);
        end();
        begin("setup_reduce: getattr(Many, '__reduce__') is object's");
        a = PyObject_GetAttr(Many, reduce);
        b = PyObject_GetAttr(object, reduce);
        put("%d", a != NULL && a == b);
        Py_XDECREF(a);
        Py_XDECREF(b);
        end();
        /* Cython then replaces __reduce__ in the type's dict by its
           __reduce_cython__ and calls PyType_Modified. */
        PyObject *rc = PyCFunction_New(&many_methods[0], NULL);
        CASE_INT("Many.__dict__['__reduce__'] = f", PyDict_SetItem(Many_Type.tp_dict, reduce, rc));
        PyType_Modified(&Many_Type);
        begin("getattr(Many, '__reduce__') is f");
        a = PyObject_GetAttr(Many, reduce);
        put("%d", a == rc);
        Py_XDECREF(a);
        end();
        CASE_OBJ("Many(5).__reduce_ex__(2) uses the override", PyObject_CallMethod(m5, "__reduce_ex__", "i", 2));
        Py_DECREF(rc);
        Py_DECREF(getstate);
        Py_DECREF(reduce_ex);
        Py_DECREF(reduce);
    }

    /* PyDescr_NewWrapper on its own. */
    {
        PyObject *d = PyObject_GetAttrString(list, "__len__");
        PyWrapperDescrObject *wd = (PyWrapperDescrObject *)d;
        PyObject *nd = PyDescr_NewWrapper(&Many_Type, wd->d_base, (void *)many_len);
        CASE_OBJ("PyDescr_NewWrapper(Many, __len__ row, many_len)", Py_XNewRef(nd));
        CASE_OBJ("  called on Many(5)", PyObject_CallOneArg(nd, m5));
        CASE_OBJ("  called on a list", PyObject_CallOneArg(nd, l));
        CASE_OBJ("  PyWrapper_New(nd, Many(5))()", PyObject_CallNoArgs(PyWrapper_New(nd, m5)));
        CASE_OBJ("  type(nd) is PyWrapperDescr_Type", PyBool_FromLong(Py_IS_TYPE(nd, &PyWrapperDescr_Type)));
        Py_XDECREF(nd);
        Py_XDECREF(d);
    }

    Py_DECREF(m3);
    Py_DECREF(m5);
    Py_DECREF(l);
    Py_XDECREF(Spec);
    return 0;
}
