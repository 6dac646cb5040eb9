/* Differential cases for the Python-level methods of the built-in types,
 * called by name the way extensions call them (PyObject_CallMethod,
 * PyObject_VectorcallMethod with keywords, a bound method from
 * PyObject_GetAttrString): list (append ... sort), dict (get ... fromkeys),
 * and the others as they are added. Each case shows the result (or the
 * exception) and the receiver afterwards, so a method that fails must leave
 * it as CPython does. Wrong argument counts, types and keyword names
 * (Argument Clinic's messages), huge and negative indices, and callables
 * that mutate the receiver mid-operation (a key function, an __eq__ or
 * __lt__ that clears or grows the list) are included.
 *
 * Compiled twice, against CPython 3.11 and against pybuffer; each build
 * prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two line for line. Keys are ints and
 * short strs; the str cases run with PYTHONHASHSEED=42 so both sides hash
 * alike.
 */
#define _POSIX_C_SOURCE 200809L /* setenv */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int case_no;

static void put_exception(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    printf("%s: ", type ? ((PyTypeObject *)type)->tp_name : "(no exception set)");
    if (value != NULL) {
        PyObject *s = PyObject_Str(value);
        const char *m = s ? PyUnicode_AsUTF8(s) : NULL;
        printf("%s", m ? m : "(unprintable)");
        Py_XDECREF(s);
    }
    PyErr_Clear();
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

static void put_repr(PyObject *o)
{
    PyObject *r = PyObject_ASCII(o);
    if (r == NULL) {
        printf("<ascii failed: ");
        put_exception();
        printf(">");
        return;
    }
    printf("%s", PyUnicode_AsUTF8(r));
    Py_DECREF(r);
}

/* Shows `o` (owned, NULL for the pending error) and, when `self` is not
   NULL, the receiver afterwards. */
static void show(const char *what, PyObject *o, PyObject *self)
{
    printf("%d\t%s\t", ++case_no, what);
    if (o == NULL) {
        put_exception();
    } else {
        printf("%s ", Py_TYPE(o)->tp_name);
        put_repr(o);
        Py_DECREF(o);
    }
    if (self != NULL) {
        printf(" | now ");
        put_repr(self);
    }
    printf("\n");
    if (PyErr_Occurred()) {
        printf("%d\t(stray error)\t", ++case_no);
        put_exception();
        printf("\n");
    }
}

/* self.name(*args, **kw) through a bound method; `args` (a tuple) and `kw`
   (NULL or a dict) are consumed. */
static PyObject *call(PyObject *self, const char *name, PyObject *args, PyObject *kw)
{
    PyObject *m = PyObject_GetAttrString(self, name);
    PyObject *r = NULL;
    if (m != NULL && args != NULL)
        r = PyObject_Call(m, args, kw);
    Py_XDECREF(m);
    Py_XDECREF(args);
    Py_XDECREF(kw);
    return r;
}

/* A case: `self` (owned) .name(*Py_BuildValue(fmt, ...)), shown with
   `self` afterwards. */
static void m(PyObject *self, const char *name, const char *fmt, ...)
{
    char what[200];
    PyObject *before = PyObject_ASCII(self);
    snprintf(what, sizeof what, "%s.%s%s", before ? PyUnicode_AsUTF8(before) : "?", name, fmt);
    Py_XDECREF(before);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args != NULL && !PyTuple_Check(args)) {
        PyObject *t = PyTuple_Pack(1, args);
        Py_DECREF(args);
        args = t;
    }
    show(what, call(self, name, args, NULL), self);
    Py_DECREF(self);
}

/* As m() with keywords: `kw` is a Py_BuildValue format of a dict. */
static void mk(PyObject *self, const char *name, PyObject *args, PyObject *kw, const char *label)
{
    char what[200];
    PyObject *before = PyObject_ASCII(self);
    snprintf(what, sizeof what, "%s.%s%s", before ? PyUnicode_AsUTF8(before) : "?", name, label);
    Py_XDECREF(before);
    show(what, call(self, name, args, kw), self);
    Py_DECREF(self);
}

static PyObject *L(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *o = Py_VaBuildValue(fmt, va);
    va_end(va);
    return o;
}

/* A new reference to `o`. */
static PyObject *ref(PyObject *o)
{
    Py_INCREF(o);
    return o;
}

static PyObject *ints(long a, long b)
{
    PyObject *l = PyList_New(0);
    for (long i = a; i < b; i++) {
        PyObject *v = PyLong_FromLong(i);
        PyList_Append(l, v);
        Py_DECREF(v);
    }
    return l;
}

/* ======================================================================== */
/*        Callables and objects that misbehave                              */
/* ======================================================================== */

static PyObject *victim;   /* the receiver a misbehaving callable changes */
static int mischief;       /* 1 clears it, 2 appends to it, 3 raises */
static long countdown;     /* calls/comparisons left before the mischief */

static int misbehave(void)
{
    if (mischief == 0 || --countdown > 0)
        return 0;
    int what = mischief;
    mischief = 0;
    if (what == 1 && victim != NULL) {
        if (PyList_Check(victim))
            PyList_SetSlice(victim, 0, PyList_GET_SIZE(victim), NULL);
        else if (PyDict_Check(victim))
            PyDict_Clear(victim);
    } else if (what == 2 && victim != NULL) {
        PyObject *v = PyLong_FromLong(99);
        if (PyList_Check(victim))
            PyList_Append(victim, v);
        else if (PyDict_Check(victim))
            PyDict_SetItem(victim, v, v);
        Py_DECREF(v);
    } else if (what == 3) {
        PyErr_SetString(PyExc_RuntimeError, "mischief");
        return -1;
    }
    return 0;
}

static PyObject *neg_key(PyObject *self, PyObject *x)
{
    (void)self;
    if (misbehave() < 0)
        return NULL;
    return PyNumber_Negative(x);
}

static PyObject *mod3_key(PyObject *self, PyObject *x)
{
    (void)self;
    if (misbehave() < 0)
        return NULL;
    PyObject *three = PyLong_FromLong(3);
    PyObject *r = PyNumber_Remainder(x, three);
    Py_DECREF(three);
    return r;
}

static PyMethodDef neg_def = {"neg", neg_key, METH_O, NULL};
static PyMethodDef mod3_def = {"mod3", mod3_key, METH_O, NULL};

/* Evil(id): compares by id with == and <, misbehaving when armed. */
typedef struct {
    PyObject_HEAD
    long id;
} Evil;

static PyObject *evil_type;

static PyObject *evil_richcompare(PyObject *a, PyObject *b, int op)
{
    if ((op != Py_EQ && op != Py_LT) || Py_TYPE(b) != Py_TYPE(a))
        Py_RETURN_NOTIMPLEMENTED;
    if (misbehave() < 0)
        return NULL;
    long x = ((Evil *)a)->id, y = ((Evil *)b)->id;
    return PyBool_FromLong(op == Py_EQ ? x == y : x < y);
}

static PyObject *evil_repr(PyObject *self)
{
    return PyUnicode_FromFormat("E%ld", ((Evil *)self)->id);
}

static Py_hash_t evil_hash(PyObject *self)
{
    return ((Evil *)self)->id;
}

static PyType_Slot evil_slots[] = {
    {Py_tp_richcompare, (void *)evil_richcompare},
    {Py_tp_repr, (void *)evil_repr},
    {Py_tp_hash, (void *)evil_hash},
    {0, NULL},
};

static PyObject *evil(long id)
{
    PyObject *e = PyType_GenericAlloc((PyTypeObject *)evil_type, 0);
    if (e != NULL)
        ((Evil *)e)->id = id;
    return e;
}

/* A list of Evil(ids[i]). */
static PyObject *evils(int n, const long *ids)
{
    PyObject *l = PyList_New(n);
    for (int i = 0; i < n; i++)
        PyList_SET_ITEM(l, i, evil(ids[i]));
    return l;
}

static void arm(PyObject *v, int what, long after)
{
    victim = v;
    mischief = what;
    countdown = after;
}

static void disarm(void)
{
    victim = NULL;
    mischief = 0;
}

/* ======================================================================== */
/*        list                                                              */
/* ======================================================================== */

static void list_cases(void)
{
    m(ints(0, 3), "append", "(i)", 7);
    m(ints(0, 3), "append", "()");
    m(ints(0, 3), "append", "(ii)", 1, 2);
    m(ints(0, 0), "extend", "(N)", ints(5, 8));
    m(ints(0, 2), "extend", "(N)", L("(ii)", 8, 9));
    m(ints(0, 2), "extend", "(s)", "ab");
    m(ints(0, 2), "extend", "(i)", 5);
    m(ints(0, 2), "extend", "(N)", PyDict_New());
    {
        PyObject *l = ints(0, 3);
        Py_INCREF(l);
        m(l, "extend", "(N)", l);
    }
    for (int i = -6; i <= 6; i += 2)
        m(ints(0, 4), "insert", "(ii)", i, 9);
    m(ints(0, 4), "insert", "(ni)", PY_SSIZE_T_MAX, 9);
    m(ints(0, 4), "insert", "(ni)", PY_SSIZE_T_MIN, 9);
    m(ints(0, 4), "insert", "(Ni)", PyLong_FromString("100000000000000000000000", NULL, 10), 9);
    m(ints(0, 4), "insert", "(si)", "1", 9);
    m(ints(0, 4), "insert", "(di)", 1.0, 9);
    m(ints(0, 4), "insert", "(i)", 1);
    m(ints(0, 4), "insert", "(iii)", 1, 2, 3);
    m(ints(0, 4), "insert", "(Oi)", Py_True, 9);
    m(ints(0, 5), "pop", "()");
    for (int i = -7; i <= 6; i += 1)
        m(ints(0, 5), "pop", "(i)", i);
    m(ints(0, 0), "pop", "()");
    m(ints(0, 0), "pop", "(i)", 5);
    m(ints(0, 5), "pop", "(s)", "x");
    m(ints(0, 5), "pop", "(O)", Py_None);
    m(ints(0, 5), "pop", "(ii)", 1, 2);
    m(ints(0, 5), "pop", "(N)", PyLong_FromString("-100000000000000000000000", NULL, 10));
    m(L("[iiii]", 1, 2, 1, 2), "remove", "(i)", 2);
    m(L("[iiii]", 1, 2, 1, 2), "remove", "(d)", 1.0);
    m(L("[iiii]", 1, 2, 1, 2), "remove", "(i)", 3);
    m(L("[iiii]", 1, 2, 1, 2), "remove", "()");
    m(L("[iiii]", 1, 2, 1, 2), "remove", "(s)", "1");
    m(L("[sss]", "a", "b", "a"), "index", "(s)", "a");
    m(L("[sss]", "a", "b", "a"), "index", "(si)", "a", 1);
    m(L("[sss]", "a", "b", "a"), "index", "(sii)", "a", 0, 2);
    m(L("[sss]", "a", "b", "a"), "index", "(sii)", "a", -1, 3);
    m(L("[sss]", "a", "b", "a"), "index", "(sii)", "b", -100, 100);
    m(L("[sss]", "a", "b", "a"), "index", "(sii)", "b", 2, 1);
    m(L("[sss]", "a", "b", "a"), "index", "(sii)", "b", 0, -2);
    m(L("[sss]", "a", "b", "a"), "index", "(sOO)", "b", Py_None, Py_None);
    m(L("[sss]", "a", "b", "a"), "index", "(ssi)", "b", "0", 3);
    m(L("[sss]", "a", "b", "a"), "index", "(sin)", "b", 0, PY_SSIZE_T_MAX);
    m(L("[sss]", "a", "b", "a"), "index", "(sNN)", "b",
      PyLong_FromString("-100000000000000000000000", NULL, 10),
      PyLong_FromString("100000000000000000000000", NULL, 10));
    m(L("[sss]", "a", "b", "a"), "index", "(s)", "c");
    m(L("[sss]", "a", "b", "a"), "index", "(N)", ints(0, 2));
    m(L("[sss]", "a", "b", "a"), "index", "()");
    m(L("[sss]", "a", "b", "a"), "index", "(siii)", "a", 1, 2, 3);
    m(L("[iiidi]", 1, 2, 1, 1.0, 3), "count", "(i)", 1);
    m(L("[iiidi]", 1, 2, 1, 1.0, 3), "count", "(s)", "1");
    m(L("[iiidi]", 1, 2, 1, 1.0, 3), "count", "()");
    m(ints(0, 5), "clear", "()");
    m(ints(0, 5), "clear", "(i)", 1);
    m(ints(0, 5), "copy", "()");
    m(ints(0, 5), "reverse", "()");
    m(ints(0, 4), "reverse", "()");
    m(ints(0, 0), "reverse", "()");
    m(ints(0, 5), "__getitem__", "(i)", -1);
    m(ints(0, 5), "__sizeof__", "()");
    {
        PyObject *l = ints(0, 5);
        PyObject *r = PyObject_CallMethod(l, "__reversed__", NULL);
        show("reversed type", PyUnicode_FromString(Py_TYPE(r)->tp_name), NULL);
        show("next", PyIter_Next(r), NULL);
        PyList_SetSlice(l, 1, 5, NULL);
        show("next after shrinking to 1", PyIter_Next(r), NULL);
        PyObject *v = PyLong_FromLong(7);
        PyList_Append(l, v);
        Py_DECREF(v);
        show("next after exhaustion and growth", PyIter_Next(r), NULL);
        Py_DECREF(r);
        r = PyObject_CallMethod(l, "__reversed__", NULL);
        show("list(reversed([0, 7]))", PySequence_List(r), NULL);
        Py_DECREF(r);
        Py_DECREF(l);
        m(ints(0, 3), "__reversed__", "(i)", 1);
    }
    m(ints(0, 0), "__sizeof__", "()");
    m(L("[iii]", 1, 2, 3), "__sizeof__", "()");
    m(ints(0, 5), "__getitem__", "(N)", PySlice_New(NULL, NULL, NULL));
    m(ints(0, 5), "__getitem__", "(s)", "a");

    /* sort */
    m(L("[iiiii]", 3, 1, 4, 1, 5), "sort", "()");
    m(L("[sss]", "b", "c", "a"), "sort", "()");
    m(L("[dii]", 2.5, 1, 3), "sort", "()");
    m(L("[isi]", 2, "a", 1), "sort", "()");
    m(L("[iiiii]", 3, 1, 4, 1, 5), "sort", "(i)", 1);
    {
        PyObject *key = PyCFunction_New(&neg_def, NULL);
        PyObject *mod3 = PyCFunction_New(&mod3_def, NULL);
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{sO}", "key", key), "(key=neg)");
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{sO}", "key", mod3), "(key=mod3)");
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{sOsi}", "key", mod3, "reverse", 1),
           "(key=mod3, reverse=1)");
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{sOsO}", "key", mod3, "reverse", Py_True),
           "(key=mod3, reverse=True)");
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{sO}", "reverse", Py_True), "(reverse=True)");
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{sd}", "reverse", 1.5), "(reverse=1.5)");
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{ss}", "reverse", "x"), "(reverse='x')");
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{sO}", "key", Py_None), "(key=None)");
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{si}", "key", 3), "(key=3)");
        mk(ints(0, 10), "sort", PyTuple_New(0), L("{si}", "cmp", 3), "(cmp=3)");
        mk(ints(0, 10), "sort", L("(O)", key), NULL, "(neg)");
        mk(ints(0, 3), "sort", PyTuple_New(0), L("{sOsOsi}", "key", key, "reverse", Py_False, "x", 1),
           "(key=neg, reverse=False, x=1)");
        /* A key function that raises leaves the list unchanged. */
        for (int after = 1; after <= 4; after++) {
            PyObject *l = L("[iiii]", 4, 2, 3, 1);
            arm(l, 3, after);
            char label[64];
            snprintf(label, sizeof label, "(key raises at call %d)", after);
            mk(l, "sort", PyTuple_New(0), L("{sO}", "key", key), label);
            disarm();
        }
        /* ... also when it changes the list first. */
        for (int what = 1; what <= 2; what++) {
            PyObject *l = L("[iiii]", 4, 2, 3, 1);
            arm(l, what, 2);
            mk(l, "sort", PyTuple_New(0), L("{sO}", "key", key),
               what == 1 ? "(key clears the list)" : "(key appends to the list)");
            disarm();
        }
        Py_DECREF(key);
        Py_DECREF(mod3);
    }
    {
        static const long ids[] = {5, 3, 8, 1, 9, 2, 7};
        PyObject *l = evils(7, ids);
        m(l, "sort", "()");
        for (int what = 1; what <= 2; what++) {
            l = evils(7, ids);
            arm(l, what, 3);
            m(l, "sort", "()");
            disarm();
        }
        l = evils(7, ids);
        arm(l, 3, 3);
        printf("%d\tsort with a raising __lt__\t", ++case_no);
        PyObject *r = call(l, "sort", PyTuple_New(0), NULL);
        if (r == NULL)
            put_exception();
        Py_XDECREF(r);
        printf(" | len %zd\n", PyList_GET_SIZE(l));
        disarm();
        Py_DECREF(l);
        /* remove/index/count with an __eq__ that changes the list. */
        const char *names[] = {"remove", "index", "count"};
        for (int n = 0; n < 3; n++)
            for (int what = 1; what <= 3; what++) {
                l = evils(7, ids);
                arm(l, what, 2);
                PyObject *k = evil(9);
                m(l, names[n], "(N)", k);
                disarm();
            }
    }
    /* PyList_Sort: the same engine. */
    {
        PyObject *l = L("[iiiii]", 3, 1, 4, 1, 5);
        int rc = PyList_Sort(l);
        show("PyList_Sort([3, 1, 4, 1, 5])", PyLong_FromLong(rc), l);
        Py_DECREF(l);
    }
    /* A big sort: stability of a key with many ties. */
    {
        PyObject *l = ints(0, 200);
        PyObject *mod3 = PyCFunction_New(&mod3_def, NULL);
        PyObject *r = call(l, "sort", PyTuple_New(0), L("{sOsO}", "key", mod3, "reverse", Py_True));
        show("list(range(200)).sort(key=mod3, reverse=True)", r, l);
        Py_DECREF(mod3);
        Py_DECREF(l);
    }
    /* Calls through the other entry points. */
    {
        PyObject *l = ints(0, 3);
        show("PyObject_CallMethod(l, 'append', 'i', 5)", PyObject_CallMethod(l, "append", "i", 5), l);
        show("PyObject_CallMethod(l, 'pop', NULL)", PyObject_CallMethod(l, "pop", NULL), l);
        PyObject *name = PyUnicode_FromString("sort");
        PyObject *kwn = L("(s)", "reverse");
        PyObject *argv[] = {l, Py_True};
        show("PyObject_VectorcallMethod(sort, reverse=True)",
             PyObject_VectorcallMethod(name, argv, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, kwn), l);
        Py_DECREF(kwn);
        Py_DECREF(name);
        Py_DECREF(l);
        mk(ints(0, 3), "pop", PyTuple_New(0), L("{si}", "index", 1), "(index=1)");
        mk(ints(0, 3), "append", PyTuple_New(0), L("{si}", "object", 1), "(object=1)");
        mk(ints(0, 3), "clear", PyTuple_New(0), L("{si}", "x", 1), "(x=1)");
        mk(L("{si}", "a", 1), "get", PyTuple_New(0), L("{ss}", "key", "a"), "(key='a')");
        mk(PyUnicode_FromString("a b"), "strip", PyTuple_New(0), L("{ss}", "chars", "a"), "(chars='a')");
        mk(L("(i)", 1), "index", PyTuple_New(0), L("{si}", "value", 1), "(value=1)");
        l = ints(0, 2);
        show("list.append(l, 9) through the type", call((PyObject *)&PyList_Type, "append", L("(Oi)", l, 9), NULL), l);
        show("list.append() through the type", call((PyObject *)&PyList_Type, "append", PyTuple_New(0), NULL), NULL);
        Py_DECREF(l);
        show("dict.fromkeys through an instance's type", call((PyObject *)&PyDict_Type, "fromkeys", L("(s)", "xy"), NULL), NULL);
        show("str.join(', ', ['a'])", call((PyObject *)&PyUnicode_Type, "join", L("(s[s])", ", ", "a"), NULL), NULL);
        show("str.join(1, ['a'])", call((PyObject *)&PyUnicode_Type, "join", L("(i[s])", 1, "a"), NULL), NULL);
        show("list.sort(5)", call((PyObject *)&PyList_Type, "sort", L("(i)", 5), NULL), NULL);
        show("list.append.__name__", PyObject_GetAttrString(
             PyObject_GetAttrString((PyObject *)&PyList_Type, "append"), "__name__"), NULL);
    }
}

/* ======================================================================== */
/*        dict                                                              */
/* ======================================================================== */

/* Calls `self.name()` and shows what it returns as a list (a view's
   contents) next to its type and len. */
static void view_case(PyObject *d, const char *name)
{
    char what[120];
    snprintf(what, sizeof what, "%s() type, len, list, repr", name);
    PyObject *v = PyObject_CallMethod(d, name, NULL);
    printf("%d\t%s\t", ++case_no, what);
    if (v == NULL) {
        put_exception();
        printf("\n");
        return;
    }
    printf("%s %zd ", Py_TYPE(v)->tp_name, PyObject_Length(v));
    PyObject *l = PySequence_List(v);
    put_repr(l);
    Py_XDECREF(l);
    printf(" ");
    put_repr(v);
    printf("\n");
    Py_DECREF(v);
}

static void dict_cases(void)
{
    m(L("{sisi}", "a", 1, "b", 2), "get", "(s)", "a");
    m(L("{sisi}", "a", 1, "b", 2), "get", "(s)", "c");
    m(L("{sisi}", "a", 1, "b", 2), "get", "(si)", "c", 5);
    m(L("{sisi}", "a", 1, "b", 2), "get", "()");
    m(L("{sisi}", "a", 1, "b", 2), "get", "(sii)", "a", 1, 2);
    m(L("{sisi}", "a", 1, "b", 2), "get", "(N)", PyList_New(0));
    m(L("{iidi}", 1, 10, 2.5, 20), "get", "(d)", 1.0);
    m(L("{iidi}", 1, 10, 2.5, 20), "get", "(O)", Py_True);
    mk(L("{sisi}", "a", 1, "b", 2), "get", L("(s)", "a"), L("{si}", "default", 3), "('a', default=3)");
    m(L("{sisi}", "a", 1, "b", 2), "setdefault", "(s)", "a");
    m(L("{sisi}", "a", 1, "b", 2), "setdefault", "(s)", "c");
    m(L("{sisi}", "a", 1, "b", 2), "setdefault", "(si)", "c", 3);
    m(L("{sisi}", "a", 1, "b", 2), "setdefault", "(N)", PyList_New(0));
    m(L("{sisi}", "a", 1, "b", 2), "setdefault", "()");
    m(L("{sisi}", "a", 1, "b", 2), "pop", "(s)", "a");
    m(L("{sisi}", "a", 1, "b", 2), "pop", "(s)", "c");
    m(L("{sisi}", "a", 1, "b", 2), "pop", "(si)", "c", 9);
    m(L("{sisi}", "a", 1, "b", 2), "pop", "(N)", L("(ii)", 1, 2));
    m(L("{sisi}", "a", 1, "b", 2), "pop", "(N)", PyList_New(0));
    m(L("{}"), "pop", "(s)", "a");
    m(L("{}"), "pop", "(N)", PyList_New(0));
    m(L("{}"), "pop", "(si)", "a", 1);
    m(L("{sisi}", "a", 1, "b", 2), "pop", "()");
    m(L("{sisi}", "a", 1, "b", 2), "pop", "(sii)", "a", 1, 2);
    m(L("{sisisi}", "a", 1, "b", 2, "c", 3), "popitem", "()");
    m(L("{}"), "popitem", "()");
    m(L("{si}", "a", 1), "popitem", "(i)", 1);
    {
        PyObject *d = L("{sisisi}", "a", 1, "b", 2, "c", 3);
        PyDict_DelItemString(d, "c");
        m(d, "popitem", "()");
        d = L("{sisisi}", "a", 1, "b", 2, "c", 3);
        PyObject *r = PyObject_CallMethod(d, "popitem", NULL);
        Py_XDECREF(r);
        r = PyObject_CallMethod(d, "popitem", NULL);
        Py_XDECREF(r);
        PyDict_SetItemString(d, "z", Py_None);
        m(d, "popitem", "()");
    }
    {
        /* popitem, deletions and insertions interleaved: order and sizes. */
        PyObject *d = PyDict_New();
        for (long i = 0; i < 12; i++) {
            PyObject *k = PyLong_FromLong(i);
            PyDict_SetItem(d, k, k);
            Py_DECREF(k);
        }
        for (int r = 0; r < 3; r++)
            show("popitem", PyObject_CallMethod(d, "popitem", NULL), d);
        PyObject *k = PyLong_FromLong(5);
        PyDict_DelItem(d, k);
        Py_DECREF(k);
        show("popitem after deleting 5", PyObject_CallMethod(d, "popitem", NULL), d);
        for (long i = 100; i < 106; i++) {
            k = PyLong_FromLong(i);
            PyDict_SetItem(d, k, k);
            Py_DECREF(k);
        }
        show("after 6 inserts", PyObject_CallMethod(d, "popitem", NULL), d);
        while (PyDict_GET_SIZE(d) > 0) {
            PyObject *r = PyObject_CallMethod(d, "popitem", NULL);
            Py_XDECREF(r);
        }
        show("emptied by popitem", PyObject_CallMethod(d, "popitem", NULL), d);
        k = PyLong_FromLong(7);
        PyDict_SetItem(d, k, k);
        Py_DECREF(k);
        show("insert after emptying", PyObject_CallMethod(d, "copy", NULL), d);
        Py_DECREF(d);
    }
    m(L("{si}", "a", 1), "update", "(N)", L("{sisi}", "b", 2, "a", 3));
    m(L("{si}", "a", 1), "update", "(N)", L("[(si)(ii)]", "b", 2, 5, 6));
    m(L("{si}", "a", 1), "update", "(N)", L("[(sii)]", "b", 2, 3));
    m(L("{si}", "a", 1), "update", "(N)", L("[i]", 5));
    m(L("{si}", "a", 1), "update", "(N)", L("[s]", "ab"));
    m(L("{si}", "a", 1), "update", "(i)", 5);
    m(L("{si}", "a", 1), "update", "()");
    m(L("{si}", "a", 1), "update", "(OO)", Py_None, Py_None);
    mk(L("{si}", "a", 1), "update", PyTuple_New(0), L("{sisi}", "x", 1, "a", 7), "(x=1, a=7)");
    mk(L("{si}", "a", 1), "update", L("(N)", L("{si}", "q", 0)), L("{si}", "q", 1), "({'q': 0}, q=1)");
    m(L("{sisi}", "a", 1, "b", 2), "copy", "()");
    m(L("{sisi}", "a", 1, "b", 2), "copy", "(i)", 1);
    m(L("{sisi}", "a", 1, "b", 2), "clear", "()");
    m(L("{sisi}", "a", 1, "b", 2), "__contains__", "(s)", "a");
    m(L("{sisi}", "a", 1, "b", 2), "__contains__", "(s)", "z");
    m(L("{sisi}", "a", 1, "b", 2), "__contains__", "(N)", PyList_New(0));
    m(L("{sisi}", "a", 1, "b", 2), "__getitem__", "(s)", "a");
    m(L("{sisi}", "a", 1, "b", 2), "__getitem__", "(s)", "z");
    m(ref((PyObject *)&PyDict_Type), "fromkeys", "(s)", "abca");
    m(ref((PyObject *)&PyDict_Type), "fromkeys", "(si)", "abca", 0);
    m(ref((PyObject *)&PyDict_Type), "fromkeys", "(N)", L("[iii]", 1, 2, 1));
    m(ref((PyObject *)&PyDict_Type), "fromkeys", "(N)", L("{sisi}", "x", 1, "y", 2));
    m(ref((PyObject *)&PyDict_Type), "fromkeys", "(i)", 5);
    m(ref((PyObject *)&PyDict_Type), "fromkeys", "()");
    m(ref((PyObject *)&PyDict_Type), "fromkeys", "(N)", L("[N]", PyList_New(0)));
    m(L("{si}", "a", 1), "fromkeys", "(s)", "xy");
    /* Views. */
    {
        PyObject *d = L("{sisi}", "a", 1, "b", 2);
        PyObject *t = PyTuple_Pack(2, Py_None, Py_None);
        PyDict_SetItem(d, t, t);
        Py_DECREF(t);
        {
            PyObject *kv = PyObject_CallMethod(d, "keys", NULL), *iv = PyObject_CallMethod(d, "items", NULL);
            PyObject *vv = PyObject_CallMethod(d, "values", NULL);
            printf("%d\tview checks\t%d %d %d %d %d %d %d\n", ++case_no, PyDictKeys_Check(kv), PyDictItems_Check(iv),
                   PyDictValues_Check(vv), PyDictViewSet_Check(kv), PyDictViewSet_Check(vv), PyDictKeys_Check(d),
                   Py_TYPE(kv) == &PyDictKeys_Type);
            Py_DECREF(kv);
            Py_DECREF(iv);
            Py_DECREF(vv);
        }
        view_case(d, "keys");
        view_case(d, "values");
        view_case(d, "items");
        view_case(L("{}"), "keys");
        PyObject *k = PyObject_CallMethod(d, "keys", NULL);
        PyObject *it = PyObject_CallMethod(d, "items", NULL);
        PyObject *vals = PyObject_CallMethod(d, "values", NULL);
        PyObject *a = PyUnicode_FromString("a");
        show("'a' in keys", PyBool_FromLong(PySequence_Contains(k, a)), NULL);
        show("2 in values", PyBool_FromLong(PySequence_Contains(vals, PyLong_FromLong(2))), NULL);
        PyObject *pair = L("(si)", "a", 1), *pair2 = L("(si)", "a", 2), *pair3 = L("(ii)", 1, 2);
        show("('a', 1) in items", PyBool_FromLong(PySequence_Contains(it, pair)), NULL);
        show("('a', 2) in items", PyBool_FromLong(PySequence_Contains(it, pair2)), NULL);
        show("(1, 2) in items", PyBool_FromLong(PySequence_Contains(it, pair3)), NULL);
        show("'a' in items", PyBool_FromLong(PySequence_Contains(it, a)), NULL);
        PyObject *lst = L("[N]", L("(s)", "a"));
        show("([], 1) in items", PyLong_FromLong(PySequence_Contains(it, L("(Ni)", PyList_New(0), 1))), NULL);
        PyErr_Clear();
        PyObject *s = PySet_New(NULL);
        PySet_Add(s, a);
        show("keys == {'a'}", PyObject_RichCompare(k, s, Py_EQ), NULL);
        show("keys > {'a'}", PyObject_RichCompare(k, s, Py_GT), NULL);
        show("keys < {'a'}", PyObject_RichCompare(k, s, Py_LT), NULL);
        show("keys == ['a']", PyObject_RichCompare(k, lst, Py_EQ), NULL);
        show("keys == keys", PyObject_RichCompare(k, k, Py_EQ), NULL);
        show("keys != items", PyObject_RichCompare(k, it, Py_NE), NULL);
        show("values == values", PyObject_RichCompare(vals, vals, Py_EQ), NULL);
        {
            /* Set operators and isdisjoint, on str keys (whose hashes the
               seed fixes; None's hash is its address). */
            PyObject *d3 = L("{sisisi}", "a", 1, "b", 2, "c", 3);
            PyObject *k = PyObject_CallMethod(d3, "keys", NULL);
            PyObject *it = PyObject_CallMethod(d3, "items", NULL);
            PyObject *vals = PyObject_CallMethod(d3, "values", NULL);
            PyObject *other = L("{sisi}", "b", 2, "z", 0);
            PyObject *ok = PyObject_CallMethod(other, "keys", NULL);
            PyObject *oi = PyObject_CallMethod(other, "items", NULL);
            PyObject *st = PySet_New(NULL), *lst2 = L("[ssss]", "z", "a", "y", "b");
            PyObject *sa = PyUnicode_FromString("a");
            PySet_Add(st, sa);
            Py_DECREF(sa);
            PyObject *ops_[4][2] = {{k, ok}, {k, st}, {st, k}, {k, lst2}};
            const char *names_[4] = {"keys,keys", "keys,set", "set,keys", "keys,list"};
            for (int q = 0; q < 4; q++) {
                char w[64];
                snprintf(w, sizeof w, "%s &", names_[q]);
                show(w, PyNumber_And(ops_[q][0], ops_[q][1]), NULL);
                snprintf(w, sizeof w, "%s |", names_[q]);
                show(w, PyNumber_Or(ops_[q][0], ops_[q][1]), NULL);
                snprintf(w, sizeof w, "%s -", names_[q]);
                show(w, PyNumber_Subtract(ops_[q][0], ops_[q][1]), NULL);
                snprintf(w, sizeof w, "%s ^", names_[q]);
                show(w, PyNumber_Xor(ops_[q][0], ops_[q][1]), NULL);
            }
            show("items & items", PyNumber_And(it, oi), NULL);
            show("items ^ items", PyNumber_Xor(it, oi), NULL);
            show("items ^ items (same)", PyNumber_Xor(it, it), NULL);
            show("items | items", PyNumber_Or(it, oi), NULL);
            show("items - items", PyNumber_Subtract(it, oi), NULL);
            show("keys & 5", PyNumber_And(k, PyLong_FromLong(5)), NULL);
            show("keys | 5", PyNumber_Or(k, PyLong_FromLong(5)), NULL);
            show("values & keys", PyNumber_And(vals, k), NULL);
            show("keys & [[]]", PyNumber_And(k, L("[N]", PyList_New(0))), NULL);
            show("keys.isdisjoint(other keys)", PyObject_CallMethod(k, "isdisjoint", "O", ok), NULL);
            show("keys.isdisjoint(['q'])", PyObject_CallMethod(k, "isdisjoint", "(N)", L("[s]", "q")), NULL);
            show("keys.isdisjoint(keys)", PyObject_CallMethod(k, "isdisjoint", "O", k), NULL);
            show("keys.isdisjoint(5)", PyObject_CallMethod(k, "isdisjoint", "i", 5), NULL);
            show("items.isdisjoint(other items)", PyObject_CallMethod(it, "isdisjoint", "O", oi), NULL);
            show("values.isdisjoint", PyObject_GetAttrString(vals, "isdisjoint"), NULL);
            Py_DECREF(st);
            Py_DECREF(lst2);
            Py_DECREF(ok);
            Py_DECREF(oi);
            Py_DECREF(other);
            Py_DECREF(k);
            Py_DECREF(it);
            Py_DECREF(vals);
            Py_DECREF(d3);
        }
        PyDict_SetItemString(d, "c", Py_None);
        show("len(keys) after insert", PyLong_FromSsize_t(PyObject_Length(k)), NULL);
        PyObject *iter = PyObject_GetIter(k);
        PyObject *first = PyIter_Next(iter);
        PyDict_SetItemString(d, "d", Py_None);
        show("first key", first, NULL);
        show("next after the dict grew", PyIter_Next(iter), NULL);
        Py_DECREF(iter);
        Py_DECREF(s);
        Py_DECREF(lst);
        Py_DECREF(pair);
        Py_DECREF(pair2);
        Py_DECREF(pair3);
        Py_DECREF(a);
        Py_DECREF(k);
        Py_DECREF(it);
        Py_DECREF(vals);
        /* A view of a dict that holds the view. */
        PyObject *d2 = PyDict_New();
        PyObject *v2 = PyObject_CallMethod(d2, "values", NULL);
        PyDict_SetItemString(d2, "self", v2);
        show("repr of a values view inside its dict", PyObject_Repr(v2), NULL);
        PyDict_Clear(d2);
        Py_DECREF(v2);
        Py_DECREF(d2);
        Py_DECREF(d);
    }
    /* __eq__ that changes the dict during get/pop/setdefault. */
    {
        const char *names[] = {"get", "pop", "setdefault", "__contains__"};
        for (int n = 0; n < 4; n++)
            for (int what = 1; what <= 3; what++) {
                PyObject *d = PyDict_New();
                PyObject *e1 = evil(1), *e2 = evil(2);
                PyDict_SetItem(d, e1, e1);
                PyDict_SetItem(d, e2, e2);
                Py_DECREF(e1);
                Py_DECREF(e2);
                arm(d, what, 1);
                m(d, names[n], "(N)", evil(1));
                disarm();
            }
    }
    {
        PyObject *d = L("{sisi}", "a", 1, "b", 2);
        show("PyObject_CallMethod(d, 'get', 'si', 'z', 7)", PyObject_CallMethod(d, "get", "si", "z", 7), d);
        show("PyObject_CallMethod(d, 'keys', NULL) list",
             PySequence_List(PyObject_CallMethod(d, "keys", NULL)), NULL);
        Py_DECREF(d);
    }
}

/* ======================================================================== */
/*        str                                                               */
/* ======================================================================== */

static PyObject *B(const char *s);
static PyObject *BA(const char *s);

static PyObject *S(const char *utf8)
{
    return PyUnicode_FromString(utf8);
}

static void str_cases(void)
{
    m(S(", "), "join", "(N)", L("[sss]", "a", "b", "c"));
    m(S(""), "join", "(N)", L("(ss)", "x", "y"));
    m(S("-"), "join", "(N)", L("[si]", "a", 1));
    m(S("-"), "join", "(i)", 5);
    m(S("-"), "join", "(s)", "abc");
    m(S("-"), "join", "()");
    m(S("h\xc3\xa9llo \xe2\x82\xac"), "encode", "()");
    m(S("h\xc3\xa9llo"), "encode", "(s)", "latin-1");
    m(S("h\xc3\xa9llo \xe2\x82\xac"), "encode", "(s)", "ascii");
    m(S("h\xc3\xa9llo \xe2\x82\xac"), "encode", "(ss)", "ascii", "replace");
    m(S("h\xc3\xa9llo \xe2\x82\xac"), "encode", "(ss)", "ascii", "ignore");
    m(S("abc"), "encode", "(s)", "no-such-codec");
    m(S("abc"), "encode", "(i)", 5);
    m(S("abc"), "encode", "(si)", "utf-8", 5);
    m(S("abc"), "encode", "(N)", PyUnicode_FromStringAndSize("ut\0f8", 5));
    m(S("abc"), "encode", "(sss)", "utf-8", "strict", "x");
    mk(S("abc"), "encode", PyTuple_New(0), L("{ss}", "errors", "strict"), "(errors='strict')");
    mk(S("abc"), "encode", PyTuple_New(0), L("{ss}", "encoding", "ascii"), "(encoding='ascii')");
    mk(S("abc"), "encode", PyTuple_New(0), L("{ss}", "bogus", "ascii"), "(bogus='ascii')");
    mk(S("abc"), "encode", L("(s)", "ascii"), L("{ss}", "encoding", "ascii"), "('ascii', encoding='ascii')");
    const char *sw[] = {"startswith", "endswith"};
    for (int k = 0; k < 2; k++) {
        const char *n = sw[k];
        m(S("hello world"), n, "(s)", "hello");
        m(S("hello world"), n, "(s)", "world");
        m(S("hello world"), n, "(s)", "");
        m(S("hello world"), n, "(N)", L("(ss)", "x", "wor"));
        m(S("hello world"), n, "(N)", L("(ss)", "x", "hel"));
        m(S("hello world"), n, "(N)", L("()"));
        m(S("hello world"), n, "(N)", L("(si)", "x", 1));
        m(S("hello world"), n, "(N)", L("(is)", 1, "hello"));
        m(S("hello world"), n, "(i)", 1);
        m(S("hello world"), n, "(N)", L("[s]", "hello"));
        m(S("hello world"), n, "()");
        m(S("hello world"), n, "(siii)", "h", 1, 2, 3);
        m(S("hello world"), n, "(si)", "ello", 1);
        m(S("hello world"), n, "(sii)", "ello", 1, 5);
        m(S("hello world"), n, "(sii)", "orl", -4, -1);
        m(S("hello world"), n, "(sii)", "", 11, 11);
        m(S("hello world"), n, "(sii)", "", 12, 20);
        m(S("hello world"), n, "(sOO)", "hello", Py_None, Py_None);
        m(S("hello world"), n, "(ss)", "hello", "1");
        m(S("hello world"), n, "(sn)", "world", PY_SSIZE_T_MIN);
        m(S("hello world"), n, "(sN)", "h", PyLong_FromString("-99999999999999999999999", NULL, 10));
    }
    const char *fi[] = {"find", "rfind", "index", "rindex", "count"};
    for (int k = 0; k < 5; k++) {
        const char *n = fi[k];
        m(S("abcabcab"), n, "(s)", "ab");
        m(S("abcabcab"), n, "(s)", "");
        m(S("abcabcab"), n, "(s)", "x");
        m(S("abcabcab"), n, "(si)", "ab", 1);
        m(S("abcabcab"), n, "(sii)", "ab", 1, 6);
        m(S("abcabcab"), n, "(sii)", "ab", -3, 100);
        m(S("abcabcab"), n, "(sii)", "", 8, 8);
        m(S("abcabcab"), n, "(sii)", "", 9, 9);
        m(S("abcabcab"), n, "(sii)", "", 5, 3);
        m(S("abcabcab"), n, "(sOi)", "b", Py_None, -2);
        m(S("abcabcab"), n, "(i)", 1);
        m(S("abcabcab"), n, "()");
        m(S("abcabcab"), n, "(ssi)", "a", "x", 1);
        m(S("aaaa"), n, "(s)", "aa");
        m(S("\xe2\x82\xac\xf0\x9f\x98\x80\xe2\x82\xac"), n, "(s)", "\xe2\x82\xac");
        m(S("abc"), n, "(s)", "\xe2\x82\xac");
    }
    const char *sp[] = {"split", "rsplit"};
    for (int k = 0; k < 2; k++) {
        const char *n = sp[k];
        m(S("  a b\t c\n\n d  "), n, "()");
        m(S("  a b\t c\n\n d  "), n, "(Oi)", Py_None, 1);
        m(S("  a b\t c\n\n d  "), n, "(Oi)", Py_None, 2);
        m(S("  a b\t c\n\n d  "), n, "(Oi)", Py_None, 0);
        m(S("a,b,,c,"), n, "(s)", ",");
        m(S("a,b,,c,"), n, "(si)", ",", 2);
        m(S("a,b,,c,"), n, "(si)", ",", -5);
        m(S("a,b,,c,"), n, "(s)", ",,");
        m(S("aaa"), n, "(s)", "aa");
        m(S(""), n, "()");
        m(S(""), n, "(s)", ",");
        m(S("   "), n, "()");
        m(S("a\xc2\xa0" "b\xe3\x80\x80" "c"), n, "()");
        m(S("a,b"), n, "(s)", "");
        m(S("a,b"), n, "(i)", 1);
        m(S("a,b"), n, "(ss)", ",", "1");
        m(S("a,b"), n, "(sii)", ",", 1, 2);
        mk(S("a b c"), n, PyTuple_New(0), L("{si}", "maxsplit", 1), "(maxsplit=1)");
        mk(S("a,b,c"), n, PyTuple_New(0), L("{sssi}", "sep", ",", "maxsplit", 1), "(sep=',', maxsplit=1)");
        mk(S("a,b,c"), n, PyTuple_New(0), L("{ss}", "x", ","), "(x=',')");
    }
    const char *st[] = {"strip", "lstrip", "rstrip"};
    for (int k = 0; k < 3; k++) {
        const char *n = st[k];
        m(S(" \t xy z \n"), n, "()");
        m(S(" \t xy z \n"), n, "(O)", Py_None);
        m(S("xxhixyx"), n, "(s)", "xy");
        m(S("xxhixyx"), n, "(s)", "");
        m(S("\xc2\xa0hi\xe3\x80\x80"), n, "()");
        m(S("xxx"), n, "(s)", "x");
        m(S("abc"), n, "(i)", 1);
        m(S("abc"), n, "(ss)", "a", "b");
    }
    m(S("a-b-c-d"), "replace", "(ss)", "-", "+");
    m(S("a-b-c-d"), "replace", "(ssi)", "-", "+", 2);
    m(S("a-b-c-d"), "replace", "(ssi)", "-", "+", 0);
    m(S("a-b-c-d"), "replace", "(ssi)", "-", "+", -1);
    m(S("a-b-c-d"), "replace", "(ss)", "", "|");
    m(S("abc"), "replace", "(ssi)", "", "|", 2);
    m(S(""), "replace", "(ss)", "", "x");
    m(S("aaaa"), "replace", "(ss)", "aa", "b");
    m(S("abc"), "replace", "(ss)", "abcd", "x");
    m(S("abc"), "replace", "(ss)", "b", "\xe2\x82\xac\xe2\x82\xac");
    m(S("\xe2\x82\xac" "b"), "replace", "(ss)", "\xe2\x82\xac", "");
    m(S("abc"), "replace", "(is)", 1, "x");
    m(S("abc"), "replace", "(si)", "a", 1);
    m(S("abc"), "replace", "(sss)", "a", "b", "c");
    m(S("abc"), "replace", "(s)", "a");
    m(S("abc"), "replace", "(ssn)", "b", "x", PY_SSIZE_T_MAX);
    m(S("Hello W\xc3\xb6rld \xc3\x9f \xce\x86\xce\xa3 \xce\xa3\xce\xb1"), "lower", "()");
    m(S("Hello W\xc3\xb6rld \xc3\x9f \xce\x86\xce\xa3 \xce\xa3\xce\xb1"), "upper", "()");
    m(S("\xc4\xb0 \xef\xac\x81 \xce\xb0"), "lower", "()");
    m(S("\xc4\xb0 \xef\xac\x81 \xce\xb0"), "upper", "()");
    m(S("abc"), "upper", "(i)", 1);
    /* Needles longer than 8 (the linear-time search). */
    {
        const char *hay = "abaababaabaababaababaabaababaabab-abaababaabaababaababaabaababaabab";
        const char *needles[] = {"abaababaab", "baababaababa", "aababaabab-ab", "abaababaabaababaababaabaababaabab",
            "abaababaabx", "bab-abaababaa"};
        const char *ops[] = {"find", "rfind", "count", "split", "rsplit", "partition", "rpartition"};
        for (size_t k = 0; k < sizeof needles / sizeof needles[0]; k++) {
            for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
                m(S(hay), ops[o], "(s)", needles[k]);
            m(S(hay), "replace", "(ss)", needles[k], "#");
            m(B(hay), "find", "(N)", B(needles[k]));
            m(B(hay), "rindex", "(N)", B(needles[k]));
            m(S(hay), "find", "(sii)", needles[k], 3, 40);
            m(S(hay), "rfind", "(sii)", needles[k], 3, 40);
        }
    }
    const char *pa[] = {"partition", "rpartition"};
    for (int k = 0; k < 2; k++) {
        m(S("a=b=c"), pa[k], "(s)", "=");
        m(S("a=b=c"), pa[k], "(s)", "b=");
        m(S("a=b=c"), pa[k], "(s)", ":");
        m(S("a=b=c"), pa[k], "(s)", "");
        m(S("a=b=c"), pa[k], "(i)", 1);
        m(S("a=b=c"), pa[k], "()");
        m(B("a=b=c"), pa[k], "(N)", B("="));
        m(BA("a=b=c"), pa[k], "(N)", B(":"));
        m(B("a=b=c"), pa[k], "(N)", B(""));
        m(B("a=b=c"), pa[k], "(s)", "=");
    }
    const char *lines[] = {"", "a", "a\n", "a\nb", "a\r\nb\rc\n\n", "a\x0b" "b\x0c" "c\x1c" "d\x1d" "e\x1f" "f",
        "x\xc2\x85y\xe2\x80\xa8z\xe2\x80\xa9", "\r\n\r", "\n\r"};
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        m(S(lines[k]), "splitlines", "()");
        m(S(lines[k]), "splitlines", "(i)", 1);
        m(B(lines[k]), "splitlines", "()");
        m(BA(lines[k]), "splitlines", "(O)", Py_True);
    }
    mk(S("a\nb"), "splitlines", PyTuple_New(0), L("{sO}", "keepends", Py_True), "(keepends=True)");
    m(S("a\nb"), "splitlines", "(s)", "x");
    m(S("a\nb"), "splitlines", "(ii)", 1, 2);
    m(B("a\nb"), "splitlines", "(d)", 1.0);
    {
        PyObject *s = S("a,b");
        show("PyObject_CallMethod(s, 'encode', 's', 'utf-8')", PyObject_CallMethod(s, "encode", "s", "utf-8"), NULL);
        show("PyObject_CallMethod(s, 'split', 's', ',')", PyObject_CallMethod(s, "split", "s", ","), NULL);
        Py_DECREF(s);
    }
}

/* ======================================================================== */
/*        bytes and bytearray                                               */
/* ======================================================================== */

static PyObject *B(const char *s)
{
    return PyBytes_FromString(s);
}

static PyObject *BA(const char *s)
{
    return PyByteArray_FromStringAndSize(s, (Py_ssize_t)strlen(s));
}

static void bytes_cases(void)
{
    PyObject *(*mk_[2])(const char *) = {B, BA};
    for (int t = 0; t < 2; t++) {
        PyObject *(*X)(const char *) = mk_[t];
        m(X("h\xc3\xa9llo"), "decode", "()");
        m(X("h\xc3\xa9llo"), "decode", "(s)", "latin-1");
        m(X("h\xc3\xa9llo"), "decode", "(s)", "ascii");
        m(X("h\xc3\xa9llo"), "decode", "(ss)", "ascii", "replace");
        m(X("h\xc3\xa9llo"), "decode", "(ss)", "ascii", "ignore");
        m(X("abc"), "decode", "(s)", "nope");
        m(X("abc"), "decode", "(i)", 1);
        m(X("abc"), "decode", "(sss)", "a", "b", "c");
        mk(X("abc"), "decode", PyTuple_New(0), L("{ss}", "errors", "strict"), "(errors='strict')");
        m(X("\x01\xab\xff"), "hex", "()");
        m(X("\x01\xab\xff\x10"), "hex", "(s)", ":");
        m(X("\x01\xab\xff\x10"), "hex", "(si)", "-", 2);
        m(X("\x01\xab\xff\x10"), "hex", "(si)", "-", -3);
        m(X("\x01\xab\xff\x10"), "hex", "(N)", B(" "));
        m(X("\x01\xab"), "hex", "(s)", "ab");
        m(X("\x01\xab"), "hex", "(i)", 1);
        m(X("\x01\xab"), "hex", "(ss)", ":", "x");
        m(X(""), "hex", "()");
        const char *sw[] = {"startswith", "endswith"};
        for (int k = 0; k < 2; k++) {
            const char *n = sw[k];
            m(X("hello world"), n, "(N)", B("hello"));
            m(X("hello world"), n, "(N)", B("world"));
            m(X("hello world"), n, "(N)", BA("world"));
            m(X("hello world"), n, "(N)", PyMemoryView_FromObject(B("hel")));
            m(X("hello world"), n, "(N)", L("(NN)", B("x"), B("wor")));
            m(X("hello world"), n, "(N)", L("(NN)", B("x"), B("hel")));
            m(X("hello world"), n, "(N)", L("(sN)", "x", B("hel")));
            m(X("hello world"), n, "(s)", "hello");
            m(X("hello world"), n, "(i)", 104);
            m(X("hello world"), n, "(Nii)", B("ell"), 1, 4);
            m(X("hello world"), n, "(Nii)", B("orl"), -4, -1);
            m(X("hello world"), n, "()");
        }
        const char *fi[] = {"find", "rfind", "index", "rindex", "count"};
        for (int k = 0; k < 5; k++) {
            const char *n = fi[k];
            m(X("abcabcab"), n, "(N)", B("ab"));
            m(X("abcabcab"), n, "(N)", B(""));
            m(X("abcabcab"), n, "(N)", B("x"));
            m(X("abcabcab"), n, "(i)", 99);
            m(X("abcabcab"), n, "(i)", 120);
            m(X("abcabcab"), n, "(i)", 256);
            m(X("abcabcab"), n, "(i)", -1);
            m(X("abcabcab"), n, "(s)", "ab");
            m(X("abcabcab"), n, "(d)", 1.0);
            m(X("abcabcab"), n, "(Nii)", B("ab"), 1, 6);
            m(X("abcabcab"), n, "(NOi)", B("b"), Py_None, -2);
            m(X("aaaa"), n, "(N)", B("aa"));
            m(X("abc"), n, "()");
        }
        const char *sp[] = {"split", "rsplit"};
        for (int k = 0; k < 2; k++) {
            const char *n = sp[k];
            m(X("  a b\t c\x0b\x0c d\xa0 "), n, "()");
            m(X("  a b\t c\n\n d  "), n, "(Oi)", Py_None, 1);
            m(X("a,b,,c,"), n, "(N)", B(","));
            m(X("a,b,,c,"), n, "(Ni)", B(","), 2);
            m(X("a,b,,c,"), n, "(N)", BA(",,"));
            m(X("a,b"), n, "(N)", B(""));
            m(X("a,b"), n, "(s)", ",");
            m(X(""), n, "()");
            mk(X("a b c"), n, PyTuple_New(0), L("{si}", "maxsplit", 1), "(maxsplit=1)");
        }
        const char *st[] = {"strip", "lstrip", "rstrip"};
        for (int k = 0; k < 3; k++) {
            const char *n = st[k];
            m(X(" \t xy z \n\x0b"), n, "()");
            m(X("xxhixyx"), n, "(N)", B("xy"));
            m(X("xxhixyx"), n, "(O)", Py_None);
            m(X("xxhixyx"), n, "(s)", "xy");
            m(X("xxhixyx"), n, "(i)", 120);
            m(X("xx"), n, "(NN)", B("x"), B("x"));
        }
    }
    m(B(", "), "join", "(N)", L("[NN]", B("a"), B("b")));
    {
        const char *hexes[] = {"", "00ff", "0A 1b  2c", " 01 ", "1 2", "abc", "0g", "01\t02\n", "  ",
            "12\xc3\xa9", "zz\xc3\xa9", "1", "01 2"};
        for (size_t k = 0; k < sizeof hexes / sizeof hexes[0]; k++) {
            m(ref((PyObject *)&PyBytes_Type), "fromhex", "(s)", hexes[k]);
            m(ref((PyObject *)&PyByteArray_Type), "fromhex", "(s)", hexes[k]);
        }
        m(ref((PyObject *)&PyBytes_Type), "fromhex", "(N)", B("00"));
        m(ref((PyObject *)&PyBytes_Type), "fromhex", "()");
        m(ref((PyObject *)&PyBytes_Type), "fromhex", "(ss)", "00", "11");
        m(B("x"), "fromhex", "(s)", "41");
    }
    m(BA(", "), "join", "(N)", L("[NN]", B("a"), BA("b")));
    m(BA("-"), "join", "(N)", L("[N]", B("a")));
    m(BA("-"), "join", "(N)", L("[]"));
    m(BA("-"), "join", "(N)", L("[Ni]", B("a"), 1));
    m(BA("-"), "join", "(i)", 1);
    m(B("-"), "join", "(N)", L("[Ns]", B("a"), "b"));
    /* bytearray's mutators */
    m(BA("abc"), "append", "(i)", 100);
    m(BA("abc"), "append", "(i)", 256);
    m(BA("abc"), "append", "(i)", -1);
    m(BA("abc"), "append", "(s)", "d");
    m(BA("abc"), "append", "(N)", PyLong_FromString("100000000000000000000000", NULL, 10));
    m(BA("abc"), "append", "(O)", Py_True);
    m(BA("abc"), "extend", "(N)", B("de"));
    m(BA("abc"), "extend", "(N)", L("[ii]", 100, 101));
    m(BA("abc"), "extend", "(N)", L("[ii]", 100, 1001));
    m(BA("abc"), "extend", "(N)", L("[is]", 100, "x"));
    m(BA("abc"), "extend", "(s)", "de");
    m(BA("abc"), "extend", "(i)", 5);
    m(BA("abc"), "extend", "(N)", PyMemoryView_FromObject(B("xyz")));
    {
        PyObject *b = BA("abc");
        Py_INCREF(b);
        m(b, "extend", "(N)", b);
    }
    for (int i = -5; i <= 5; i += 2)
        m(BA("abc"), "insert", "(ii)", i, 120);
    m(BA("abc"), "insert", "(ii)", 1, 300);
    m(BA("abc"), "insert", "(si)", "1", 120);
    m(BA("abc"), "insert", "(i)", 1);
    m(BA("abc"), "pop", "()");
    for (int i = -4; i <= 3; i++)
        m(BA("abc"), "pop", "(i)", i);
    m(BA(""), "pop", "()");
    m(BA("abc"), "pop", "(s)", "x");
    m(BA("abc"), "pop", "(ii)", 1, 2);
    m(BA("abcb"), "remove", "(i)", 98);
    m(BA("abcb"), "remove", "(i)", 120);
    m(BA("abcb"), "remove", "(i)", 1000);
    m(BA("abcb"), "remove", "(N)", B("b"));
    m(BA("abcb"), "clear", "()");
    m(BA("abcb"), "copy", "()");
    m(BA("abcd"), "reverse", "()");
    m(BA("abc"), "reverse", "()");
    m(BA(""), "reverse", "()");
    /* Resizing an exported bytearray raises BufferError and changes
       nothing; reversing it is fine. */
    {
        const char *names[] = {"append", "extend", "insert", "pop", "remove", "clear", "reverse"};
        for (int k = 0; k < 7; k++) {
            PyObject *b = BA("abc");
            PyObject *mv = PyMemoryView_FromObject(b);
            Py_INCREF(b);
            switch (k) {
            case 0: m(b, names[k], "(i)", 100); break;
            case 1: m(b, names[k], "(N)", B("de")); break;
            case 2: m(b, names[k], "(ii)", 0, 100); break;
            case 3: m(b, names[k], "()"); break;
            case 4: m(b, names[k], "(i)", 98); break;
            default: m(b, names[k], "()"); break;
            }
            Py_DECREF(mv);
            Py_DECREF(b);
        }
    }
}

/* ======================================================================== */
/*        int, float, tuple                                                 */
/* ======================================================================== */

static PyObject *I(long v)
{
    return PyLong_FromLong(v);
}

static PyObject *big(const char *digits)
{
    return PyLong_FromString(digits, NULL, 10);
}

static void number_cases(void)
{
    m(I(1), "to_bytes", "()");
    m(I(258), "to_bytes", "()");
    m(I(258), "to_bytes", "(i)", 2);
    m(I(258), "to_bytes", "(is)", 2, "little");
    m(I(258), "to_bytes", "(is)", 4, "big");
    m(I(258), "to_bytes", "(is)", 2, "middle");
    m(I(258), "to_bytes", "(ii)", 2, 1);
    m(I(258), "to_bytes", "(i)", -1);
    m(I(258), "to_bytes", "(s)", "2");
    m(I(258), "to_bytes", "(isi)", 2, "big", 1);
    m(I(-1), "to_bytes", "()");
    m(I(0), "to_bytes", "(i)", 0);
    m(I(1), "to_bytes", "(i)", 0);
    m(big("340282366920938463463374607431768211455"), "to_bytes", "(is)", 16, "little");
    mk(I(-1), "to_bytes", L("(i)", 2), L("{sO}", "signed", Py_True), "(2, signed=True)");
    mk(I(-129), "to_bytes", L("(is)", 1, "big"), L("{sO}", "signed", Py_True), "(1, 'big', signed=True)");
    mk(I(128), "to_bytes", L("(i)", 1), L("{si}", "signed", 1), "(1, signed=1)");
    mk(I(5), "to_bytes", PyTuple_New(0), L("{sisssO}", "length", 3, "byteorder", "little", "signed", Py_False),
       "(length=3, byteorder='little', signed=False)");
    mk(I(5), "to_bytes", PyTuple_New(0), L("{si}", "size", 3), "(size=3)");
    mk(I(5), "to_bytes", L("(i)", 1), L("{si}", "length", 3), "(1, length=3)");
    m(ref(Py_True), "to_bytes", "()");
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(N)", B("\x01\x02"));
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(Ns)", B("\x01\x02"), "little");
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(Ns)", B("\xff\xff"), "big");
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(Ns)", B(""), "big");
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(N)", L("[iii]", 1, 0, 0));
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(N)", L("[i]", 300));
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(N)", BA("\x7f"));
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(i)", 3);
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(s)", "ab");
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(Ns)", B("\x01"), "sideways");
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "()");
    m(ref((PyObject *)&PyLong_Type), "from_bytes", "(Nsi)", B("\x01"), "big", 1);
    mk(ref((PyObject *)&PyLong_Type), "from_bytes", L("(N)", B("\xff\xfe")), L("{sO}", "signed", Py_True),
       "(b'\\xff\\xfe', signed=True)");
    mk(ref((PyObject *)&PyLong_Type), "from_bytes", L("(Ns)", B("\xff\xfe"), "little"), L("{sO}", "signed", Py_True),
       "(b'\\xff\\xfe', 'little', signed=True)");
    mk(ref((PyObject *)&PyLong_Type), "from_bytes", PyTuple_New(0), L("{sN}", "bytes", B("\x05")), "(bytes=b'\\x05')");
    m(ref((PyObject *)&PyBool_Type), "from_bytes", "(N)", B("\x01"));
    m(ref((PyObject *)&PyBool_Type), "from_bytes", "(N)", B("\x00"));
    m(I(0), "bit_length", "()");
    m(I(255), "bit_length", "()");
    m(I(-256), "bit_length", "()");
    m(big("-340282366920938463463374607431768211455"), "bit_length", "()");
    m(I(0), "bit_count", "()");
    m(I(255), "bit_count", "()");
    m(I(-255), "bit_count", "()");
    m(big("340282366920938463463374607431768211455"), "bit_count", "()");
    m(I(1), "bit_count", "(i)", 1);
    const char *exacts[] = {"conjugate", "as_integer_ratio", "__trunc__", "__floor__", "__ceil__"};
    for (size_t k = 0; k < sizeof exacts / sizeof exacts[0]; k++) {
        m(I(-7), exacts[k], "()");
        m(ref(Py_True), exacts[k], "()");
        m(big("-340282366920938463463374607431768211455"), exacts[k], "()");
    }
    double rs[] = {0.5, -0.75, 3.0, -0.0, 0.0, 1e300, 5e-324, 0.1, 1e16, 123.456};
    for (size_t k = 0; k < sizeof rs / sizeof rs[0]; k++) {
        m(PyFloat_FromDouble(rs[k]), "as_integer_ratio", "()");
        m(PyFloat_FromDouble(rs[k]), "__trunc__", "()");
        m(PyFloat_FromDouble(rs[k]), "conjugate", "()");
    }
    m(PyFloat_FromString(S("inf")), "as_integer_ratio", "()");
    m(PyFloat_FromString(S("nan")), "as_integer_ratio", "()");
    m(PyFloat_FromString(S("-inf")), "__trunc__", "()");
    m(PyFloat_FromString(S("nan")), "__trunc__", "()");
    double fs[] = {1.0, -0.1, 0.5, 3.0, 2.5, -0.0, 0.0, 1e300, 5e-324, 2.2250738585072014e-308, 1e16};
    for (size_t k = 0; k < sizeof fs / sizeof fs[0]; k++) {
        m(PyFloat_FromDouble(fs[k]), "hex", "()");
        m(PyFloat_FromDouble(fs[k]), "is_integer", "()");
    }
    m(PyFloat_FromString(S("inf")), "hex", "()");
    m(PyFloat_FromString(S("-inf")), "hex", "()");
    m(PyFloat_FromString(S("nan")), "hex", "()");
    m(PyFloat_FromString(S("inf")), "is_integer", "()");
    m(PyFloat_FromString(S("nan")), "is_integer", "()");
    m(PyFloat_FromDouble(1.0), "hex", "(i)", 1);
    {
        const char *hexes[] = {"0x1.8p1", "  -0X1.8P-1  ", "1", "0x.8", "0x8.", "0x", ".", "1p", "1p+",
            "0x1.00000000000008p0", "0x1.00000000000018p0", "0x1.fffffffffffff8p0", "0x1.fffffffffffff7ffp0",
            "0x1p1023", "0x1p1024", "0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023", "0x1p-1074",
            "0x1p-1075", "0x1.8p-1075", "0x1p-1076", "0x3p-1076", "0x0.0000000000001p-1022", "inf", "-Infinity",
            "nan", "-NaN", "infx", "0x1p99999999999999999999", "0x1p-99999999999999999999", "0x0p99999999999",
            "1.2.3", "0x1 2", "\t0x10\n", "+0x0.0", "-0x0", "0xg", "0x1P-0001", "ffffffffffffffffffffff"};
        for (size_t k = 0; k < sizeof hexes / sizeof hexes[0]; k++)
            m(ref((PyObject *)&PyFloat_Type), "fromhex", "(s)", hexes[k]);
        m(ref((PyObject *)&PyFloat_Type), "fromhex", "(i)", 1);
        m(ref((PyObject *)&PyFloat_Type), "fromhex", "(N)", PyUnicode_FromStringAndSize("0x1\0", 4));
        m(ref((PyObject *)&PyFloat_Type), "fromhex", "()");
        m(PyFloat_FromDouble(2.0), "fromhex", "(s)", "0x1p3");
    }
    m(L("(iiiii)", 1, 2, 3, 2, 1), "index", "(i)", 2);
    m(L("(iiiii)", 1, 2, 3, 2, 1), "index", "(ii)", 2, 2);
    m(L("(iiiii)", 1, 2, 3, 2, 1), "index", "(iii)", 2, -3, -1);
    m(L("(iiiii)", 1, 2, 3, 2, 1), "index", "(iii)", 1, -100, 100);
    m(L("(iiiii)", 1, 2, 3, 2, 1), "index", "(iii)", 1, 1, -100);
    m(L("(iiiii)", 1, 2, 3, 2, 1), "index", "(d)", 3.0);
    m(L("(iiiii)", 1, 2, 3, 2, 1), "index", "(i)", 9);
    m(L("(iiiii)", 1, 2, 3, 2, 1), "index", "(is)", 1, "a");
    m(L("(iiiii)", 1, 2, 3, 2, 1), "index", "()");
    m(L("(iiiii)", 1, 2, 3, 2, 1), "count", "(i)", 2);
    m(L("(iiiii)", 1, 2, 3, 2, 1), "count", "(O)", Py_True);
    m(L("(iiiii)", 1, 2, 3, 2, 1), "count", "()");
    {
        static const long ids[] = {1, 2, 3};
        PyObject *l = evils(3, ids);
        PyObject *t = PyList_AsTuple(l);
        Py_DECREF(l);
        arm(NULL, 3, 2);
        m(ref(t), "index", "(N)", evil(3));
        arm(NULL, 3, 2);
        m(t, "count", "(N)", evil(3));
        disarm();
    }
}

/* ======================================================================== */
/*        Subclasses made with PyType_FromSpecWithBases                     */
/* ======================================================================== */

static void subclass_cases(void)
{
    static PyType_Slot no_slots[] = {{0, NULL}};
    PyType_Spec dict_spec = {"methods.MyDict", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, no_slots};
    PyType_Spec list_spec = {"methods.MyList", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, no_slots};
    PyObject *my_dict = PyType_FromSpecWithBases(&dict_spec, (PyObject *)&PyDict_Type);
    PyObject *my_list = PyType_FromSpecWithBases(&list_spec, (PyObject *)&PyList_Type);
    if (my_dict == NULL || my_list == NULL) {
        show("subclasses", NULL, NULL);
        return;
    }
    m(ref(my_dict), "fromkeys", "(s)", "ab");
    m(ref(my_dict), "fromkeys", "(si)", "ab", 1);
    PyObject *d = PyObject_CallNoArgs(my_dict);
    PyDict_SetItemString(d, "k", Py_None);
    m(ref(d), "copy", "()");
    m(ref(d), "keys", "()");
    m(ref(d), "get", "(s)", "k");
    m(ref(d), "popitem", "()");
    Py_DECREF(d);
    PyObject *l = PyObject_CallOneArg(my_list, L("[iii]", 3, 1, 2));
    m(ref(l), "copy", "()");
    m(ref(l), "sort", "()");
    m(ref(l), "pop", "()");
    m(ref(l), "index", "(i)", 3);
    Py_DECREF(l);
    Py_DECREF(my_dict);
    Py_DECREF(my_list);
}

/* int and float attributes: real, imag, numerator, denominator, read
   from exact values, bool and a subclass, and refused writes. */
static void number_attribute_cases(void)
{
    PyObject *values[] = {PyLong_FromLong(-7), PyLong_FromString("123456789012345678901234567890", NULL, 10),
                          Py_NewRef(Py_True), PyFloat_FromDouble(2.5), PyFloat_FromDouble(-0.0)};
    const char *names[] = {"real", "imag", "numerator", "denominator"};
    for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
        for (size_t n = 0; n < sizeof names / sizeof *names; n++) {
            char what[64];
            snprintf(what, sizeof what, "%s.%s", Py_TYPE(values[v])->tp_name, names[n]);
            PyObject *r = PyObject_GetAttrString(values[v], names[n]);
            if (r != NULL && r == values[v])
                snprintf(what + strlen(what), sizeof what - strlen(what), " [self]");
            show(what, r, NULL);
        }
        char what[64];
        snprintf(what, sizeof what, "%s.real = 1", Py_TYPE(values[v])->tp_name);
        PyObject *one = PyLong_FromLong(1);
        int rc = PyObject_SetAttrString(values[v], "real", one);
        Py_DECREF(one);
        show(what, rc < 0 ? NULL : PyLong_FromLong(rc), NULL);
        Py_DECREF(values[v]);
    }
}

int main(void)
{
    setenv("PYTHONHASHSEED", "42", 1);
    Py_Initialize();
    PyType_Spec spec = {"methods.Evil", sizeof(Evil), 0, Py_TPFLAGS_DEFAULT, evil_slots};
    evil_type = PyType_FromSpec(&spec);
    if (evil_type == NULL) {
        show("Evil type", NULL, NULL);
        return 1;
    }
    list_cases();
    dict_cases();
    str_cases();
    bytes_cases();
    number_cases();
    subclass_cases();
    number_attribute_cases();
    return 0;
}
