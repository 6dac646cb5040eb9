/* Differential cases for multiple inheritance (Objects/typeobject.c's
 * mro_implementation, best_base and solid_base, inherit_slots along the
 * MRO, _PyType_Lookup, PyType_IsSubtype): MRO tuples (printed as type
 * names), __bases__ and __base__ of classes made by type(name, bases,
 * dict), PyType_FromSpecWithBases and PyType_Ready of static types with
 * tp_bases; attribute lookup and slot inheritance order; every error
 * (inconsistent MRO, duplicate base, lay-out conflict, unacceptable base,
 * non-type base); exceptions made by PyErr_NewException with a tuple of
 * bases (args, str, repr, matching); type.mro(); isinstance/issubclass;
 * reference counts of the bases.
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

static PyObject *Type = (PyObject *)&PyType_Type;

/* The result, or the pending error as the str "Type: message" (so the
   repr escapes the newline of CPython's MRO message). */
static PyObject *err_text(PyObject *r)
{
    if (r != NULL || !PyErr_Occurred())
        return r;
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    PyObject *s = PyUnicode_FromFormat("%s: %S", ((PyTypeObject *)t)->tp_name, v ? v : Py_None);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return s;
}

/* The names of a tuple's or list's types, joined by spaces (stolen). */
static PyObject *names(PyObject *seq)
{
    if (seq == NULL)
        return err_text(NULL);
    PyObject *fast = PySequence_Fast(seq, "not a sequence");
    Py_DECREF(seq);
    if (fast == NULL)
        return err_text(NULL);
    PyObject *parts = PyList_New(0);
    for (Py_ssize_t i = 0; parts && i < PySequence_Fast_GET_SIZE(fast); i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
        PyObject *n = PyType_Check(item) ? PyObject_GetAttrString(item, "__name__") : PyObject_Repr(item);
        if (n == NULL || PyList_Append(parts, n) < 0)
            Py_CLEAR(parts);
        Py_XDECREF(n);
    }
    Py_DECREF(fast);
    if (parts == NULL)
        return err_text(NULL);
    PyObject *sep = PyUnicode_FromString(" ");
    PyObject *r = PyUnicode_Join(sep, parts);
    Py_DECREF(sep);
    Py_DECREF(parts);
    return r;
}

static PyObject *attr(PyObject *o, const char *name)
{
    if (o == NULL)
        return NULL;
    return PyObject_GetAttrString(o, name);
}

/* type(name, bases, dict); the bases and dict references given up. */
static PyObject *mk(const char *name, PyObject *bases, PyObject *dict)
{
    PyObject *r = NULL;
    if (bases && dict)
        r = PyObject_CallFunction(Type, "sOO", name, bases, dict);
    Py_XDECREF(bases);
    Py_XDECREF(dict);
    return r;
}

/* A class deriving from the given bases, with `name` = value items from
   "key=value" strings (str values). */
static PyObject *cls(const char *name, PyObject *bases, ...)
{
    PyObject *dict = PyDict_New();
    va_list va;
    va_start(va, bases);
    for (const char *kv; (kv = va_arg(va, const char *)) != NULL;) {
        const char *eq = strchr(kv, '=');
        PyObject *k = PyUnicode_FromStringAndSize(kv, eq - kv);
        PyObject *v = PyUnicode_FromString(eq + 1);
        PyDict_SetItem(dict, k, v);
        Py_DECREF(k);
        Py_DECREF(v);
    }
    va_end(va);
    return mk(name, bases, dict);
}

static PyObject *status(int r)
{
    return r < 0 ? NULL : PyLong_FromLong(r);
}

/* Whether an error of type `t`, once raised, matches `against`. */
static int raised_matches(PyObject *t, PyObject *against)
{
    if (t == NULL)
        return -1;
    PyErr_SetString(t, "raised");
    int r = PyErr_ExceptionMatches(against);
    PyErr_Clear();
    return r;
}

static PyObject *call0(PyObject *o, const char *meth)
{
    if (o == NULL)
        return NULL;
    return PyObject_CallMethod(o, meth, NULL);
}

/* ------------------------------------------------------------------ */
/*                     C types made from specs                        */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    long a;
} AObject;

typedef struct {
    PyObject_HEAD
    double b;
} BObject;

static PyObject *who(PyObject *self, PyObject *unused)
{
    (void)unused;
    return PyUnicode_FromFormat("who of %s", Py_TYPE(self)->tp_name);
}

static PyObject *repr_l(PyObject *self)
{
    (void)self;
    return PyUnicode_FromString("<left repr>");
}

static PyObject *repr_r(PyObject *self)
{
    (void)self;
    return PyUnicode_FromString("<right repr>");
}

static PyObject *str_r(PyObject *self)
{
    (void)self;
    return PyUnicode_FromString("right str");
}

static PyObject *add_l(PyObject *a, PyObject *b)
{
    (void)a, (void)b;
    return PyUnicode_FromString("left +");
}

static PyObject *add_r(PyObject *a, PyObject *b)
{
    (void)a, (void)b;
    return PyUnicode_FromString("right +");
}

static Py_ssize_t len_r(PyObject *self)
{
    (void)self;
    return 7;
}

static PyObject *left_only(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return PyUnicode_FromString("left_only");
}

static PyObject *right_only(PyObject *self, PyObject *unused)
{
    (void)self, (void)unused;
    return PyUnicode_FromString("right_only");
}

static PyMethodDef left_methods[] = {
    {"who", who, METH_NOARGS, NULL},
    {"left_only", left_only, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef right_methods[] = {
    {"who", who, METH_NOARGS, NULL},
    {"right_only", right_only, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* Left: repr and nb_add, no str, no len. */
static PyType_Slot left_slots[] = {
    {Py_tp_repr, (void *)repr_l},
    {Py_nb_add, (void *)add_l},
    {Py_tp_methods, left_methods},
    {0, NULL},
};

/* Right: repr, str, nb_add and len. */
static PyType_Slot right_slots[] = {
    {Py_tp_repr, (void *)repr_r},
    {Py_tp_str, (void *)str_r},
    {Py_nb_add, (void *)add_r},
    {Py_sq_length, (void *)len_r},
    {Py_tp_methods, right_methods},
    {0, NULL},
};

static PyType_Slot plain_slots[] = {{0, NULL}};

#define FLAGS (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE)

static PyType_Spec left_spec = {"m.Left", sizeof(PyObject), 0, FLAGS, left_slots};
static PyType_Spec right_spec = {"m.Right", sizeof(PyObject), 0, FLAGS, right_slots};
static PyType_Spec a_spec = {"m.WithA", sizeof(AObject), 0, FLAGS, plain_slots};
static PyType_Spec b_spec = {"m.WithB", sizeof(BObject), 0, FLAGS, plain_slots};
static PyType_Spec final_spec = {"m.Final", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, plain_slots};
static PyType_Spec both_spec = {"m.Both", 0, 0, FLAGS, plain_slots};
static PyType_Spec both2_spec = {"m.Both2", 0, 0, FLAGS, plain_slots};
static PyType_Spec sub_a_spec = {"m.SubA", 0, 0, FLAGS, plain_slots};

/* ------------------------------------------------------------------ */
/*                     Static types with tp_bases                     */
/* ------------------------------------------------------------------ */

static PyMethodDef sleft_methods[] = {
    {"who", who, METH_NOARGS, NULL},
    {"left_only", left_only, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef sright_methods[] = {
    {"who", who, METH_NOARGS, NULL},
    {"right_only", right_only, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SLeft = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "m.SLeft",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = FLAGS,
    .tp_methods = sleft_methods,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject SRight = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "m.SRight",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = FLAGS,
    .tp_methods = sright_methods,
    .tp_str = str_r,
};

static PyTypeObject SBoth = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "m.SBoth",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = FLAGS,
};

/* Static, with ValueError and KeyError as bases (as some extensions
   define exception types statically). */
static PyTypeObject SErr = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "m.SErr",
    .tp_basicsize = sizeof(PyBaseExceptionObject),
    .tp_flags = FLAGS,
};

static PyTypeObject SBad = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "m.SBad",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = FLAGS,
};

/* ------------------------------------------------------------------ */

static void python_level_classes(void)
{
    /* The C3 example of the Python documentation. */
    PyObject *O = cls("O", PyTuple_New(0), NULL);
    PyObject *F = cls("F", PyTuple_Pack(1, O), NULL);
    PyObject *E = cls("E", PyTuple_Pack(1, O), NULL);
    PyObject *D = cls("D", PyTuple_Pack(1, O), NULL);
    PyObject *C = cls("C", PyTuple_Pack(2, D, F), NULL);
    PyObject *B = cls("B", PyTuple_Pack(2, D, E), NULL);
    CASE_OBJ("A(B, C).__mro__", names(attr(cls("A", PyTuple_Pack(2, B, C), NULL), "__mro__")));
    CASE_OBJ("A(C, B).__mro__", names(attr(cls("A", PyTuple_Pack(2, C, B), NULL), "__mro__")));
    PyObject *Z = cls("Z", PyTuple_Pack(3, D, E, F), NULL);
    CASE_OBJ("Z(D, E, F).__mro__", names(attr(Z, "__mro__")));
    CASE_OBJ("Z.__bases__", names(attr(Z, "__bases__")));
    CASE_OBJ("Z.__base__", attr(Z, "__base__"));
    CASE_OBJ("Z.mro()", names(call0(Z, "mro")));
    CASE_OBJ("type.mro(Z) type", PyObject_Type(call0(Z, "mro")));

    /* Diamond. */
    PyObject *Top = cls("Top", PyTuple_New(0), "who=Top", "only_top=top", NULL);
    PyObject *L = cls("L", PyTuple_Pack(1, Top), "who=L", NULL);
    PyObject *R = cls("R", PyTuple_Pack(1, Top), "who=R", "only_r=r", NULL);
    PyObject *Dm = cls("Dm", PyTuple_Pack(2, L, R), NULL);
    CASE_OBJ("Dm(L, R).__mro__", names(attr(Dm, "__mro__")));
    CASE_OBJ("Dm.who (L first)", attr(Dm, "who"));
    CASE_OBJ("Dm.only_r", attr(Dm, "only_r"));
    CASE_OBJ("Dm.only_top", attr(Dm, "only_top"));
    CASE_OBJ("Dm.missing", err_text(attr(Dm, "missing")));
    PyObject *Dr = cls("Dr", PyTuple_Pack(2, R, L), NULL);
    CASE_OBJ("Dr(R, L).who", attr(Dr, "who"));
    {
        PyObject *d = PyObject_CallNoArgs(Dm);
        CASE_OBJ("Dm().who", attr(d, "who"));
        CASE_OBJ("Dm().only_r", attr(d, "only_r"));
        CASE_INT("isinstance(Dm(), L)", PyObject_IsInstance(d, L));
        CASE_INT("isinstance(Dm(), R)", PyObject_IsInstance(d, R));
        CASE_INT("isinstance(Dm(), Top)", PyObject_IsInstance(d, Top));
        CASE_INT("isinstance(Dm(), Dr)", PyObject_IsInstance(d, Dr));
        CASE_INT("PyObject_TypeCheck(Dm(), R)", PyObject_TypeCheck(d, (PyTypeObject *)R));
        CASE_OBJ("Dm().x = 1", status(PyObject_SetAttrString(d, "x", PyLong_FromLong(1))));
        CASE_OBJ("Dm().__dict__", attr(d, "__dict__"));
        Py_XDECREF(d);
    }
    CASE_INT("issubclass(Dm, R)", PyObject_IsSubclass(Dm, R));
    CASE_INT("issubclass(R, Dm)", PyObject_IsSubclass(R, Dm));
    CASE_INT("issubclass(Dm, (int, Top))", PyObject_IsSubclass(Dm, Py_BuildValue("(OO)", &PyLong_Type, Top)));
    CASE_INT("PyType_IsSubtype(Dm, R)", PyType_IsSubtype((PyTypeObject *)Dm, (PyTypeObject *)R));
    CASE_INT("PyType_IsSubtype(Dm, Dr)", PyType_IsSubtype((PyTypeObject *)Dm, (PyTypeObject *)Dr));
    CASE_INT("PyType_IsSubtype(Dm, object)", PyType_IsSubtype((PyTypeObject *)Dm, &PyBaseObject_Type));

    /* Errors. */
    CASE_OBJ("type('X', (Top, L))", err_text(cls("X", PyTuple_Pack(2, Top, L), NULL)));
    CASE_OBJ("type('X', (object, Top))", err_text(cls("X", PyTuple_Pack(2, &PyBaseObject_Type, Top), NULL)));
    CASE_OBJ("type('X', (L, R, Top, Dr))", err_text(cls("X", PyTuple_Pack(4, L, R, Top, Dr), NULL)));
    CASE_OBJ("type('X', (Dm, Dr))", err_text(cls("X", PyTuple_Pack(2, Dm, Dr), NULL)));
    CASE_OBJ("type('X', (L, L))", err_text(cls("X", PyTuple_Pack(2, L, L), NULL)));
    CASE_OBJ("type('X', (L, R, L))", err_text(cls("X", PyTuple_Pack(3, L, R, L), NULL)));
    CASE_OBJ("type('X', (int, str))", err_text(cls("X", PyTuple_Pack(2, &PyLong_Type, &PyUnicode_Type), NULL)));
    CASE_OBJ("type('X', (list, dict))", err_text(cls("X", PyTuple_Pack(2, &PyList_Type, &PyDict_Type), NULL)));
    CASE_OBJ("type('X', (L, bool))", err_text(cls("X", PyTuple_Pack(2, L, &PyBool_Type), NULL)));
    CASE_OBJ("type('X', (int, NoneType))", err_text(cls("X", PyTuple_Pack(2, &PyLong_Type, Py_TYPE(Py_None)), NULL)));
    CASE_OBJ("type('X', (L, 1))", err_text(cls("X", Py_BuildValue("(Oi)", L, 1), NULL)));
    CASE_OBJ("type('X', (int, L))", names(attr(cls("X", PyTuple_Pack(2, &PyLong_Type, L), NULL), "__mro__")));
    {
        PyObject *X = cls("X", PyTuple_Pack(2, L, &PyLong_Type), NULL);
        CASE_OBJ("type('X', (L, int)).__base__", attr(X, "__base__"));
        PyObject *x = X ? PyObject_CallFunction(X, "i", 41) : NULL;
        CASE_OBJ("X(41) + 1", x ? PyNumber_Add(x, PyLong_FromLong(1)) : NULL);
        CASE_OBJ("X(41).who", attr(x, "who"));
        CASE_OBJ("X(41).y = 2", status(x ? PyObject_SetAttrString(x, "y", PyLong_FromLong(2)) : -1));
        Py_XDECREF(x);
        Py_XDECREF(X);
    }
    {
        /* A class whose list layout its subclasses share, with another
           plain class. */
        PyObject *Lst = cls("Lst", PyTuple_Pack(1, &PyList_Type), NULL);
        PyObject *X = cls("X", PyTuple_Pack(2, L, Lst), NULL);
        CASE_OBJ("type('X', (L, Lst)).__mro__", names(attr(X, "__mro__")));
        CASE_OBJ("X.__base__", attr(X, "__base__"));
        PyObject *x = X ? PyObject_CallFunction(X, "((ii))", 1, 2) : NULL;
        CASE_OBJ("len(X((1, 2)))", x ? PyLong_FromSsize_t(PyObject_Length(x)) : NULL);
        Py_XDECREF(x);
        CASE_OBJ("type('Y', (Lst, dict))", err_text(cls("Y", PyTuple_Pack(2, Lst, &PyDict_Type), NULL)));
        Py_XDECREF(X);
        Py_XDECREF(Lst);
    }
    {
        /* __slots__ and a secondary base with a dict. */
        PyObject *P = mk("P", PyTuple_New(0), Py_BuildValue("{s()}", "__slots__"));
        PyObject *Q = cls("Q", PyTuple_New(0), NULL);
        PyObject *Rs = mk("Rs", PyTuple_Pack(2, P, Q), Py_BuildValue("{s()}", "__slots__"));
        PyObject *r = Rs ? PyObject_CallNoArgs(Rs) : NULL;
        CASE_OBJ("Rs(P, Q) with __slots__: r.x = 1", status(r ? PyObject_SetAttrString(r, "x", PyLong_FromLong(1)) : -1));
        CASE_OBJ("Rs().__dict__", attr(r, "__dict__"));
        Py_XDECREF(r);
        PyObject *Ps = mk("Ps", PyTuple_Pack(1, P), Py_BuildValue("{s()}", "__slots__"));
        r = Ps ? PyObject_CallNoArgs(Ps) : NULL;
        CASE_OBJ("Ps(P) with __slots__: r.x = 1", err_text(status(r ? PyObject_SetAttrString(r, "x", PyLong_FromLong(1)) : -1)));
        Py_XDECREF(r);
        PyObject *S1 = mk("S1", PyTuple_New(0), Py_BuildValue("{s(s)}", "__slots__", "a"));
        PyObject *S2 = mk("S2", PyTuple_New(0), Py_BuildValue("{s(s)}", "__slots__", "b"));
        CASE_OBJ("type('X', (S1, S2))", err_text(cls("X", PyTuple_Pack(2, S1, S2), NULL)));
        CASE_OBJ("type('X', (S1, Q)).__base__", attr(cls("X", PyTuple_Pack(2, S1, Q), NULL), "__base__"));
        CASE_OBJ("type('X', (Q, S1)).__base__", attr(cls("X", PyTuple_Pack(2, Q, S1), NULL), "__base__"));
        Py_XDECREF(S1);
        Py_XDECREF(S2);
        Py_XDECREF(Ps);
        Py_XDECREF(Rs);
        Py_XDECREF(P);
        Py_XDECREF(Q);
    }
    {
        /* Reference counts: the bases tuple and the bases are held by the
           new type (tp_bases, tp_base, tp_mro); a failure holds none. */
        PyObject *bases = PyTuple_Pack(2, L, R);
        begin("type('K', (L, R)): counts");
        watch(bases);
        watch(L);
        watch(R);
        PyObject *K = PyObject_CallFunction(Type, "sO{}", "K", bases);
        obj_result(names(attr(K, "__mro__")));
        end();
        Py_DECREF(bases);
        bases = PyTuple_Pack(2, Top, L);
        begin("type('K', (Top, L)): counts after the error");
        watch(bases);
        watch(L);
        watch(Top);
        obj_result(err_text(PyObject_CallFunction(Type, "sO{}", "K", bases)));
        end();
        Py_DECREF(bases);
        bases = PyTuple_Pack(2, &PyLong_Type, &PyUnicode_Type);
        begin("type('K', (int, str)): counts after the error");
        watch(bases);
        obj_result(err_text(PyObject_CallFunction(Type, "sO{}", "K", bases)));
        end();
        Py_DECREF(bases);
        Py_XDECREF(K);
    }
    Py_XDECREF(Dm);
    Py_XDECREF(Dr);
    Py_XDECREF(Z);
}

static void spec_types(void)
{
    PyObject *Left = PyType_FromSpec(&left_spec);
    PyObject *Right = PyType_FromSpec(&right_spec);
    PyObject *WithA = PyType_FromSpec(&a_spec);
    PyObject *WithB = PyType_FromSpec(&b_spec);
    PyObject *Final = PyType_FromSpec(&final_spec);

    PyObject *bases = PyTuple_Pack(2, Left, Right);
    begin("FromSpecWithBases(Both, (Left, Right)): counts");
    watch(bases);
    watch(Left);
    watch(Right);
    PyObject *Both = PyType_FromSpecWithBases(&both_spec, bases);
    obj_result(names(attr(Both, "__mro__")));
    end();
    Py_DECREF(bases);
    CASE_OBJ("Both.__bases__", names(attr(Both, "__bases__")));
    CASE_OBJ("Both.__base__", attr(Both, "__base__"));
    PyObject *b = Both ? PyObject_CallNoArgs(Both) : NULL;
    CASE_OBJ("repr(Both()) (Left's)", b ? PyObject_Repr(b) : NULL);
    CASE_OBJ("str(Both()) (Right's)", b ? PyObject_Str(b) : NULL);
    CASE_OBJ("Both() + 1 (Left's)", b ? PyNumber_Add(b, Py_None) : NULL);
    CASE_OBJ("len(Both()) (Right's)", b ? PyLong_FromSsize_t(PyObject_Length(b)) : NULL);
    CASE_OBJ("Both().who()", call0(b, "who"));
    CASE_OBJ("Both().left_only()", call0(b, "left_only"));
    CASE_OBJ("Both().right_only()", call0(b, "right_only"));
    CASE_OBJ("Both.__repr__ is Left's", PyObject_RichCompare(attr(Both, "__repr__"), attr(Left, "__repr__"), Py_EQ));
    CASE_OBJ("Both.__str__ is Right's", PyObject_RichCompare(attr(Both, "__str__"), attr(Right, "__str__"), Py_EQ));
    Py_XDECREF(b);

    bases = PyTuple_Pack(2, Right, Left);
    PyObject *Both2 = PyType_FromSpecWithBases(&both2_spec, bases);
    Py_DECREF(bases);
    CASE_OBJ("Both2(Right, Left).__mro__", names(attr(Both2, "__mro__")));
    b = Both2 ? PyObject_CallNoArgs(Both2) : NULL;
    CASE_OBJ("repr(Both2())", b ? PyObject_Repr(b) : NULL);
    CASE_OBJ("Both2() + 1", b ? PyNumber_Add(b, Py_None) : NULL);
    CASE_OBJ("Both2().who()", call0(b, "who"));
    Py_XDECREF(b);

    /* Layout: the best base is the one with fields, wherever it is. */
    bases = PyTuple_Pack(2, Left, WithA);
    PyObject *SubA = PyType_FromSpecWithBases(&sub_a_spec, bases);
    Py_DECREF(bases);
    CASE_OBJ("SubA(Left, WithA).__base__", attr(SubA, "__base__"));
    CASE_OBJ("SubA.__basicsize__ == WithA's", PyBool_FromLong(SubA && ((PyTypeObject *)SubA)->tp_basicsize == (Py_ssize_t)sizeof(AObject)));
    CASE_OBJ("SubA.__mro__", names(attr(SubA, "__mro__")));

    bases = PyTuple_Pack(2, WithA, WithB);
    CASE_OBJ("FromSpecWithBases((WithA, WithB))", err_text(PyType_FromSpecWithBases(&both_spec, bases)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, Left, Final);
    CASE_OBJ("FromSpecWithBases((Left, Final))", err_text(PyType_FromSpecWithBases(&both_spec, bases)));
    Py_DECREF(bases);
    bases = Py_BuildValue("(Oi)", Left, 3);
    CASE_OBJ("FromSpecWithBases((Left, 3))", err_text(PyType_FromSpecWithBases(&both_spec, bases)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, Left, Left);
    CASE_OBJ("FromSpecWithBases((Left, Left))", err_text(PyType_FromSpecWithBases(&both_spec, bases)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, &PyBaseObject_Type, Left);
    CASE_OBJ("FromSpecWithBases((object, Left))", err_text(PyType_FromSpecWithBases(&both_spec, bases)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, Left, Both);
    CASE_OBJ("FromSpecWithBases((Left, Both))", err_text(PyType_FromSpecWithBases(&both_spec, bases)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, Both, Both2);
    CASE_OBJ("FromSpecWithBases((Both, Both2))", err_text(PyType_FromSpecWithBases(&both_spec, bases)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(3, Both, Left, Right);
    CASE_OBJ("FromSpecWithBases((Both, Left, Right))", names(attr(PyType_FromSpecWithBases(&both_spec, bases), "__mro__")));
    Py_DECREF(bases);
    /* Py_tp_bases in the spec's slots. */
    {
        PyObject *tb = PyTuple_Pack(2, Right, Left);
        PyType_Slot slots[] = {{Py_tp_bases, tb}, {0, NULL}};
        PyType_Spec spec = {"m.ViaSlot", 0, 0, FLAGS, slots};
        PyObject *V = PyType_FromSpec(&spec);
        CASE_OBJ("Py_tp_bases (Right, Left): __mro__", names(attr(V, "__mro__")));
        CASE_OBJ("V.__bases__ is the slot's tuple", PyBool_FromLong(V && attr(V, "__bases__") == tb));
        Py_XDECREF(V);
        Py_DECREF(tb);
    }
    /* A Python-level class over both. */
    PyObject *P = cls("P", PyTuple_Pack(2, Right, SubA), NULL);
    CASE_OBJ("type('P', (Right, SubA)).__mro__", names(attr(P, "__mro__")));
    CASE_OBJ("P.__base__", attr(P, "__base__"));
    b = P ? PyObject_CallNoArgs(P) : NULL;
    CASE_OBJ("repr(P())", b ? PyObject_Repr(b) : NULL);
    CASE_OBJ("P().who()", call0(b, "who"));
    CASE_OBJ("P().left_only()", call0(b, "left_only"));
    CASE_INT("isinstance(P(), WithA)", PyObject_IsInstance(b, WithA));
    CASE_INT("isinstance(P(), Left)", PyObject_IsInstance(b, Left));
    CASE_INT("isinstance(P(), WithB)", PyObject_IsInstance(b, WithB));
    Py_XDECREF(b);
    Py_XDECREF(P);
}

static void static_types(void)
{
    CASE_INT("PyType_Ready(SLeft)", PyType_Ready(&SLeft));
    CASE_INT("PyType_Ready(SRight)", PyType_Ready(&SRight));
    SBoth.tp_base = &SLeft;
    SBoth.tp_bases = PyTuple_Pack(2, &SLeft, &SRight);
    CASE_INT("PyType_Ready(SBoth) (bases SLeft, SRight)", PyType_Ready(&SBoth));
    CASE_OBJ("SBoth.__mro__", names(attr((PyObject *)&SBoth, "__mro__")));
    CASE_OBJ("SBoth.__bases__", names(attr((PyObject *)&SBoth, "__bases__")));
    PyObject *s = PyObject_CallNoArgs((PyObject *)&SBoth);
    CASE_OBJ("SBoth().who()", call0(s, "who"));
    CASE_OBJ("SBoth().right_only()", call0(s, "right_only"));
    CASE_OBJ("str(SBoth())", s ? PyObject_Str(s) : NULL);
    CASE_INT("PyType_IsSubtype(SBoth, SRight)", PyType_IsSubtype(&SBoth, &SRight));
    CASE_INT("isinstance(SBoth(), SRight)", PyObject_IsInstance(s, (PyObject *)&SRight));
    Py_XDECREF(s);

    SErr.tp_base = (PyTypeObject *)PyExc_ValueError;
    SErr.tp_bases = PyTuple_Pack(2, PyExc_ValueError, PyExc_KeyError);
    CASE_INT("PyType_Ready(SErr) (bases ValueError, KeyError)", PyType_Ready(&SErr));
    CASE_OBJ("SErr.__mro__", names(attr((PyObject *)&SErr, "__mro__")));
    CASE_OBJ("SErr.__base__", attr((PyObject *)&SErr, "__base__"));
    CASE_INT("raise SErr: matches KeyError", raised_matches((PyObject *)&SErr, PyExc_KeyError));
    CASE_INT("raise SErr: matches LookupError", raised_matches((PyObject *)&SErr, PyExc_LookupError));
    CASE_INT("raise SErr: matches TypeError", raised_matches((PyObject *)&SErr, PyExc_TypeError));
    PyObject *se = PyObject_CallFunction((PyObject *)&SErr, "s", "k");
    CASE_OBJ("str(SErr('k'))", se ? PyObject_Str(se) : NULL);
    CASE_OBJ("SErr('k').args", attr(se, "args"));
    Py_XDECREF(se);

    SBad.tp_bases = PyTuple_Pack(2, &SRight, &SLeft);
    SBad.tp_base = &SLeft;
    CASE_INT("PyType_Ready(SBad) (bases SRight, SLeft)", PyType_Ready(&SBad));
    CASE_OBJ("SBad.__mro__", names(attr((PyObject *)&SBad, "__mro__")));
    CASE_OBJ("SBad.__base__", attr((PyObject *)&SBad, "__base__"));
}

static void exceptions(void)
{
    PyObject *bases = PyTuple_Pack(2, PyExc_ValueError, PyExc_KeyError);
    begin("NewException('m.VK', (ValueError, KeyError)): counts");
    watch(bases);
    PyObject *VK = PyErr_NewException("m.VK", bases, NULL);
    obj_result(names(attr(VK, "__mro__")));
    end();
    Py_DECREF(bases);
    CASE_OBJ("VK.__base__", attr(VK, "__base__"));
    CASE_OBJ("VK.__bases__", names(attr(VK, "__bases__")));
    CASE_OBJ("VK.__module__", attr(VK, "__module__"));
    PyObject *e = VK ? PyObject_CallFunction(VK, "s", "x") : NULL;
    CASE_OBJ("VK('x').args", attr(e, "args"));
    CASE_OBJ("VK.__basicsize__ - ValueError's", PyLong_FromSsize_t(((PyTypeObject *)VK)->tp_basicsize - ((PyTypeObject *)PyExc_ValueError)->tp_basicsize));
    CASE_OBJ("VK.__weakrefoffset__ set", PyBool_FromLong(((PyTypeObject *)VK)->tp_weaklistoffset != 0));
    {
        PyObject *ref = e ? PyWeakref_NewRef(e, NULL) : NULL;
        CASE_OBJ("weakref(VK('x'))() is the instance", ref ? PyBool_FromLong(PyWeakref_GetObject(ref) == e) : NULL);
        Py_XDECREF(ref);
    }
    {
        PyObject *d = Py_BuildValue("{ss}", "extra", "class attribute");
        PyObject *W = PyErr_NewExceptionWithDoc("pkg.mod.W", "W doc.", PyExc_KeyError, d);
        CASE_OBJ("NewExceptionWithDoc('pkg.mod.W', doc, KeyError, d): the dict after", Py_NewRef(d));
        CASE_OBJ("W.__module__", attr(W, "__module__"));
        CASE_OBJ("W.__qualname__", attr(W, "__qualname__"));
        CASE_OBJ("W.__doc__", attr(W, "__doc__"));
        CASE_OBJ("W.extra", attr(W, "extra"));
        CASE_OBJ("repr(W)", W ? PyObject_Repr(W) : NULL);
        Py_XDECREF(W);
        Py_DECREF(d);
    }
    CASE_OBJ("str(VK('x')) (KeyError's)", e ? PyObject_Str(e) : NULL);
    CASE_OBJ("repr(VK('x'))", e ? PyObject_Repr(e) : NULL);
    CASE_OBJ("str(VK())", err_text(VK ? PyObject_Str(PyObject_CallNoArgs(VK)) : NULL));
    CASE_OBJ("str(VK('a', 'b'))", err_text(VK ? PyObject_Str(PyObject_CallFunction(VK, "ss", "a", "b")) : NULL));
    CASE_INT("Given(VK('x'), ValueError)", PyErr_GivenExceptionMatches(e, PyExc_ValueError));
    CASE_INT("Given(VK('x'), KeyError)", PyErr_GivenExceptionMatches(e, PyExc_KeyError));
    CASE_INT("Given(VK('x'), LookupError)", PyErr_GivenExceptionMatches(e, PyExc_LookupError));
    CASE_INT("Given(VK('x'), TypeError)", PyErr_GivenExceptionMatches(e, PyExc_TypeError));
    CASE_INT("Given(VK, (TypeError, KeyError))", PyErr_GivenExceptionMatches(VK, Py_BuildValue("(OO)", PyExc_TypeError, PyExc_KeyError)));
    Py_XDECREF(e);
    CASE_INT("raise VK: matches ValueError", raised_matches(VK, PyExc_ValueError));
    CASE_INT("raise VK: matches KeyError", raised_matches(VK, PyExc_KeyError));
    CASE_INT("raise VK: matches Exception", raised_matches(VK, PyExc_Exception));
    CASE_INT("raise VK: matches OSError", raised_matches(VK, PyExc_OSError));
    CASE_INT("raise VK: matches (OSError, LookupError)", raised_matches(VK, Py_BuildValue("(OO)", PyExc_OSError, PyExc_LookupError)));
    PyErr_SetString(VK, "raised");
    CASE_OBJ("raise VK: the error", err_text(NULL));

    /* cbor2's hierarchy. */
    PyObject *CBORError = PyErr_NewExceptionWithDoc("m.CBORError", "Base class.", NULL, NULL);
    PyObject *EncErr = PyErr_NewExceptionWithDoc("m.CBOREncodeError", "Encoding.", CBORError, NULL);
    bases = PyTuple_Pack(2, EncErr, PyExc_TypeError);
    PyObject *EncType = PyErr_NewExceptionWithDoc("m.CBOREncodeTypeError", "Type.", bases, NULL);
    Py_DECREF(bases);
    CASE_OBJ("CBOREncodeTypeError.__mro__", names(attr(EncType, "__mro__")));
    CASE_OBJ("CBOREncodeTypeError.__doc__", attr(EncType, "__doc__"));
    CASE_OBJ("CBOREncodeTypeError.__base__", attr(EncType, "__base__"));
    CASE_INT("raise CBOREncodeTypeError: matches TypeError", raised_matches(EncType, PyExc_TypeError));
    CASE_INT("raise CBOREncodeTypeError: matches CBORError", raised_matches(EncType, CBORError));
    CASE_INT("raise CBOREncodeTypeError: matches ValueError", raised_matches(EncType, PyExc_ValueError));
    PyErr_Format(EncType, "cannot encode %s", "thing");
    CASE_OBJ("the error", err_text(NULL));

    /* Layouts: OSError's is larger. */
    bases = PyTuple_Pack(2, PyExc_ValueError, PyExc_OSError);
    PyObject *VO = PyErr_NewException("m.VO", bases, NULL);
    Py_DECREF(bases);
    CASE_OBJ("VO(ValueError, OSError).__base__", attr(VO, "__base__"));
    CASE_OBJ("VO.__mro__", names(attr(VO, "__mro__")));
    e = VO ? PyObject_CallFunction(VO, "s", "gone") : NULL;
    CASE_OBJ("type(VO('gone'))", e ? PyObject_Type(e) : NULL);
    CASE_OBJ("VO('gone').args", attr(e, "args"));
    CASE_INT("raise VO: matches OSError", raised_matches(VO, PyExc_OSError));
    CASE_INT("raise VO: matches ValueError", raised_matches(VO, PyExc_ValueError));
    Py_XDECREF(e);
    bases = PyTuple_Pack(2, PyExc_OSError, PyExc_StopIteration);
    CASE_OBJ("NewException((OSError, StopIteration))", err_text(PyErr_NewException("m.X", bases, NULL)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, PyExc_UnicodeDecodeError, PyExc_KeyError);
    CASE_OBJ("NewException((UnicodeDecodeError, KeyError)).__base__", attr(PyErr_NewException("m.X", bases, NULL), "__base__"));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, PyExc_KeyError, PyExc_KeyError);
    CASE_OBJ("NewException((KeyError, KeyError))", err_text(PyErr_NewException("m.X", bases, NULL)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, PyExc_Exception, PyExc_KeyError);
    CASE_OBJ("NewException((Exception, KeyError))", err_text(PyErr_NewException("m.X", bases, NULL)));
    Py_DECREF(bases);
    bases = Py_BuildValue("(Os)", PyExc_KeyError, "no");
    CASE_OBJ("NewException((KeyError, 'no'))", err_text(PyErr_NewException("m.X", bases, NULL)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, PyExc_KeyError, &PyLong_Type);
    CASE_OBJ("NewException((KeyError, int))", err_text(PyErr_NewException("m.X", bases, NULL)));
    Py_DECREF(bases);
    bases = PyTuple_Pack(2, PyExc_KeyError, &PyBool_Type);
    CASE_OBJ("NewException((KeyError, bool))", err_text(PyErr_NewException("m.X", bases, NULL)));
    Py_DECREF(bases);
    Py_XDECREF(VO);
    Py_XDECREF(VK);
}

int main(void)
{
    Py_Initialize();
    python_level_classes();
    spec_types();
    static_types();
    exceptions();
    return 0;
}
