/* Differential cases for weak references (Objects/weakrefobject.c):
 * PyWeakref_NewRef / NewProxy / GetObject, PyWeakref_GET_OBJECT and the
 * Check macros, the shared callback-less reference and proxy, callbacks
 * called with their reference when the referent dies (in CPython's order,
 * an exception reported as unraisable), calling, hashing, comparing and
 * printing references, the reference type called from C, proxies, which
 * built-in types can be weakly referenced, and tp_weaklistoffset on a
 * static type, on a heap type (PyType_FromSpec's __weaklistoffset__) and
 * on a heap type whose dealloc is the default one.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * (addresses masked) and scripts/c-tests.sh compares the two outputs line
 * for line. The unraisable exception a callback raises goes to stderr,
 * which is compared with CPython's too (c-tests: compare stderr).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include <stdio.h>
#include <string.h>

static int case_no;

static void print_masked(const char *s)
{
    while (*s) {
        if (s[0] == '0' && s[1] == 'x') {
            fputs("0x?", stdout);
            s += 2;
            while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
                s++;
        } else {
            putchar(*s++);
        }
    }
}

/* One case: the type and repr of `o` (owned), or the pending error. */
static void show(const char *what, PyObject *o)
{
    printf("%d\t%s\t", ++case_no, what);
    if (o == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        printf("%s: ", t ? ((PyTypeObject *)t)->tp_name : "no error");
        print_masked(s ? PyUnicode_AsUTF8(s) : "?");
        putchar('\n');
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        return;
    }
    PyObject *r = PyObject_Repr(o);
    printf("%s ", Py_TYPE(o)->tp_name);
    print_masked(r ? PyUnicode_AsUTF8(r) : "<repr failed>");
    putchar('\n');
    Py_XDECREF(r);
    PyErr_Clear();
    Py_DECREF(o);
}

static void show_int(const char *what, long v)
{
    if (v == -1 && PyErr_Occurred())
        show(what, NULL);
    else
        show(what, PyLong_FromLong(v));
}

/* ------------------------------------------------------------------ */
/*                    Types that can be weakly referenced             */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    long value;
    PyObject *weakreflist;
} WObject;

/* A heap type as extensions write one: its dealloc clears the refs. */
static void w_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    if (((WObject *)self)->weakreflist != NULL)
        PyObject_ClearWeakRefs(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}
static PyMemberDef w_members[] = {
    {"value", T_LONG, offsetof(WObject, value), 0, NULL},
    {"__weaklistoffset__", T_PYSSIZET, offsetof(WObject, weakreflist), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};
static PyObject *w_call(PyObject *self, PyObject *args, PyObject *kwds)
{
    (void)args, (void)kwds;
    return PyLong_FromLong(((WObject *)self)->value * 10);
}
static PyType_Slot w_slots[] = {
    {Py_tp_dealloc, w_dealloc}, {Py_tp_members, w_members}, {Py_tp_new, PyType_GenericNew}, {0, NULL}};
static PyType_Spec w_spec = {"weakref_cases.W", sizeof(WObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                             w_slots};
/* The same with a tp_call (its proxies are callable) and no dealloc of
   its own (a GC type: CPython's default dealloc of a heap type without
   GC leaves the weak references dangling). */
static int wc_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}
static PyType_Slot wc_slots[] = {{Py_tp_members, w_members},
                                 {Py_tp_call, w_call},
                                 {Py_tp_new, PyType_GenericNew},
                                 {Py_tp_traverse, wc_traverse},
                                 {0, NULL}};
static PyType_Spec wc_spec = {"weakref_cases.WC", sizeof(WObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
                              wc_slots};

/* A static type with tp_weaklistoffset. */
static void s_dealloc(PyObject *self)
{
    if (((WObject *)self)->weakreflist != NULL)
        PyObject_ClearWeakRefs(self);
    Py_TYPE(self)->tp_free(self);
}
static PyTypeObject SType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "weakref_cases.S",
    .tp_basicsize = sizeof(WObject),
    .tp_dealloc = s_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_weaklistoffset = offsetof(WObject, weakreflist),
    .tp_new = PyType_GenericNew,
};

/* ------------------------------------------------------------------ */
/*                              Callbacks                             */
/* ------------------------------------------------------------------ */

static PyObject *log_list;
static PyObject *watched[4];

/* Records which watched reference it got, and what it points to. */
static PyObject *cb(PyObject *mod, PyObject *ref)
{
    (void)mod;
    int which = -1;
    for (int i = 0; i < 4; i++)
        if (watched[i] == ref)
            which = i;
    PyObject *entry = PyUnicode_FromFormat("cb(ref%d) sees %s", which,
                                           PyWeakref_GET_OBJECT(ref) == Py_None ? "None" : "the object");
    PyList_Append(log_list, entry);
    Py_DECREF(entry);
    Py_RETURN_NONE;
}
static PyObject *cb_raise(PyObject *mod, PyObject *ref)
{
    (void)mod, (void)ref;
    PyObject *entry = PyUnicode_FromString("cb_raise");
    PyList_Append(log_list, entry);
    Py_DECREF(entry);
    PyErr_SetString(PyExc_ValueError, "from a callback");
    return NULL;
}
static PyMethodDef functions[] = {
    {"cb", cb, METH_O, NULL},
    {"cb_raise", cb_raise, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static PyModuleDef module_def = {PyModuleDef_HEAD_INIT, .m_name = "weakref_cases", .m_methods = functions};

static PyObject *take_log(void)
{
    PyObject *r = PySequence_List(log_list);
    PyList_SetSlice(log_list, 0, PyList_GET_SIZE(log_list), NULL);
    return r;
}

/* Whether the pending error is a SystemError (cleared: CPython's message
   names its own source line). */
static int internal_error(void)
{
    int r = PyErr_ExceptionMatches(PyExc_SystemError);
    PyErr_Clear();
    return r;
}

static PyObject *bool_of(int v)
{
    if (v < 0)
        return NULL;
    return PyBool_FromLong(v);
}

int main(void)
{
    Py_Initialize();
    log_list = PyList_New(0);
    PyObject *mod = PyModule_Create(&module_def);
    PyObject *f_cb = PyObject_GetAttrString(mod, "cb");
    PyObject *f_raise = PyObject_GetAttrString(mod, "cb_raise");
    PyObject *W = PyType_FromSpec(&w_spec);
    PyObject *WC = PyType_FromSpec(&wc_spec);
    PyType_Ready(&SType);

    show_int("W.__weaklistoffset__ == offsetof",
             ((PyTypeObject *)W)->tp_weaklistoffset == (Py_ssize_t)offsetof(WObject, weakreflist));

    /* Which objects can be weakly referenced. */
    {
        PyObject *objs[] = {
            PyLong_FromLong(1), PyUnicode_FromString("s"), PyList_New(0), PyDict_New(), PyTuple_New(0),
            PyBytes_FromString(""), PyByteArray_FromStringAndSize("", 0), PyFloat_FromDouble(1.0),
            Py_NewRef(Py_None), Py_NewRef(Py_True), PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type),
            PySlice_New(NULL, NULL, NULL), PySet_New(NULL), PyFrozenSet_New(NULL), Py_NewRef(f_cb),
            Py_NewRef((PyObject *)&PyLong_Type), Py_NewRef(mod), PyMemoryView_FromMemory("ab", 2, PyBUF_READ),
            PyComplex_FromDoubles(1, 2), PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "upper"),
            PyExc_ValueError ? PyObject_CallNoArgs(PyExc_ValueError) : NULL, PyCapsule_New((void *)1, NULL, NULL),
        };
        for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
            char what[128];
            snprintf(what, sizeof what, "PyWeakref_NewRef(<%s>)", Py_TYPE(objs[i])->tp_name);
            PyObject *r = PyWeakref_NewRef(objs[i], NULL);
            if (r != NULL) {
                Py_DECREF(r);
                show(what, PyUnicode_FromString("ok"));
            } else {
                show(what, NULL);
            }
            Py_DECREF(objs[i]);
        }
    }

    /* The shared reference, and the ones with callbacks. */
    PyObject *w = PyObject_CallNoArgs(W);
    ((WObject *)w)->value = 7;
    PyObject *r0 = PyWeakref_NewRef(w, NULL);
    PyObject *r0b = PyWeakref_NewRef(w, Py_None);
    PyObject *r1 = PyWeakref_NewRef(w, f_cb);
    PyObject *r2 = PyWeakref_NewRef(w, f_cb);
    PyObject *p0 = PyWeakref_NewProxy(w, NULL);
    PyObject *p0b = PyWeakref_NewProxy(w, NULL);
    PyObject *p1 = PyWeakref_NewProxy(w, f_cb);
    watched[0] = r1, watched[1] = r2, watched[2] = p1, watched[3] = r0;
    show("NewRef(w, NULL) is NewRef(w, None)", PyBool_FromLong(r0 == r0b));
    show("NewRef(w, cb) is not NewRef(w, cb)", PyBool_FromLong(r1 != r2 && r1 != r0));
    show("NewProxy(w, NULL) is NewProxy(w, NULL)", PyBool_FromLong(p0 == p0b));
    show("type(ref)", Py_NewRef((PyObject *)Py_TYPE(r0)));
    show("type(proxy)", Py_NewRef((PyObject *)Py_TYPE(p0)));
    show("repr(ref)", PyObject_Repr(r0));
    show("repr(proxy)", PyObject_Repr(p0));
    show("repr(ref to a function)", PyObject_Repr(PyWeakref_NewRef(f_cb, NULL)));
    show("checks of a ref", PyUnicode_FromFormat("Check=%d CheckRef=%d CheckRefExact=%d CheckProxy=%d",
                                                 PyWeakref_Check(r0), PyWeakref_CheckRef(r0),
                                                 PyWeakref_CheckRefExact(r0), PyWeakref_CheckProxy(r0)));
    show("checks of a proxy", PyUnicode_FromFormat("Check=%d CheckRef=%d CheckRefExact=%d CheckProxy=%d",
                                                   PyWeakref_Check(p0), PyWeakref_CheckRef(p0),
                                                   PyWeakref_CheckRefExact(p0), PyWeakref_CheckProxy(p0)));
    show("checks of w", PyUnicode_FromFormat("Check=%d CheckRef=%d CheckProxy=%d", PyWeakref_Check(w),
                                             PyWeakref_CheckRef(w), PyWeakref_CheckProxy(w)));
    show("PyWeakref_GetObject(ref) is w", PyBool_FromLong(PyWeakref_GetObject(r1) == w));
    show("PyWeakref_GET_OBJECT(ref) is w", PyBool_FromLong(PyWeakref_GET_OBJECT(r2) == w));
    show_int("PyWeakref_GetObject(w) is a SystemError", PyWeakref_GetObject(w) == NULL && internal_error());
    show_int("PyWeakref_GetObject(NULL) is a SystemError", PyWeakref_GetObject(NULL) == NULL && internal_error());
    show("ref() is w", PyBool_FromLong(PyObject_CallNoArgs(r0) == w));
    Py_DECREF(w); /* the call's reference */
    show("ref(1)", PyObject_CallOneArg(r0, Py_None));
    {
        PyObject *kw = Py_BuildValue("{si}", "x", 1);
        PyObject *empty = PyTuple_New(0);
        show("ref(x=1)", PyObject_Call(r0, empty, kw));
        Py_DECREF(kw);
        Py_DECREF(empty);
    }
    show("ref.__callback__ (none)", PyObject_GetAttrString(r0, "__callback__"));
    show("ref.__callback__", PyObject_GetAttrString(r1, "__callback__"));
    show_int("hash(ref) == hash(w)", PyObject_Hash(r0) == PyObject_Hash(w));
    show("ref == ref with callback", PyObject_RichCompare(r0, r1, Py_EQ));
    show("ref != ref with callback", PyObject_RichCompare(r0, r1, Py_NE));
    show("ref < ref", PyObject_RichCompare(r0, r1, Py_LT));
    show("ref == w", PyObject_RichCompare(r0, w, Py_EQ));
    show("proxy.value", PyObject_GetAttrString(p0, "value"));
    show_int("proxy.value = 9", PyObject_SetAttrString(p0, "value", PyLong_FromLong(9)));
    show("w.value after", PyLong_FromLong(((WObject *)w)->value));
    show("proxy.nope", PyObject_GetAttrString(p0, "nope"));
    show("str(proxy) == str(w)", PyObject_RichCompare(PyObject_Str(p0), PyObject_Str(w), Py_EQ));
    show("proxy == w", PyObject_RichCompare(p0, w, Py_EQ));
    show_int("hash(proxy)", PyObject_Hash(p0));
    show_int("bool(proxy)", PyObject_IsTrue(p0));
    show("proxy()", PyObject_CallNoArgs(p0));
    show("proxy + 1", PyNumber_Add(p0, Py_True));
    show_int("PyCallable_Check(proxy)", PyCallable_Check(p0));
    show("ref.__callback__ is cb", PyBool_FromLong(((PyWeakReference *)r1)->wr_callback == f_cb));
    show_int("_PyWeakref_GetWeakrefCount", _PyWeakref_GetWeakrefCount((PyWeakReference *)((WObject *)w)->weakreflist));
    show("list order", PyUnicode_FromFormat(
        "head=%s second=%s",
        ((WObject *)w)->weakreflist == r0 ? "shared ref" : "?",
        ((PyWeakReference *)((WObject *)w)->weakreflist)->wr_next == (PyWeakReference *)p0 ? "shared proxy" : "?"));
    show_int("PyObject_ClearWeakRefs(live) is a SystemError", (PyObject_ClearWeakRefs(w), internal_error()));
    show_int("PyObject_ClearWeakRefs(NULL) is a SystemError", (PyObject_ClearWeakRefs(NULL), internal_error()));

    /* Killing the referent. */
    {
        Py_ssize_t r1_refs = Py_REFCNT(r1);
        Py_DECREF(w);
        show("callbacks after the referent died", take_log());
        show("PyWeakref_GetObject(dead ref) is None", PyBool_FromLong(PyWeakref_GetObject(r1) == Py_None));
        show("dead ref()", PyObject_CallNoArgs(r0));
        show("repr(dead ref)", PyObject_Repr(r0));
        show("repr(dead proxy)", PyObject_Repr(p0));
        show_int("hash(dead ref) asked before", PyObject_Hash(r0) != -1);
        show_int("hash(dead ref) never asked", PyObject_Hash(r1));
        show("dead ref == dead ref", PyObject_RichCompare(r1, r2, Py_EQ));
        show("dead ref == itself", PyObject_RichCompare(r1, r1, Py_EQ));
        show("dead proxy.value", PyObject_GetAttrString(p0, "value"));
        show_int("bool(dead proxy)", PyObject_IsTrue(p0));
        show("dead ref.__callback__", PyObject_GetAttrString(r1, "__callback__"));
        show_int("refcount of a ref unchanged by its callback", Py_REFCNT(r1) - r1_refs);
    }
    Py_DECREF(r0);
    Py_DECREF(r0b);
    Py_DECREF(r1);
    Py_DECREF(r2);
    Py_DECREF(p0);
    Py_DECREF(p0b);
    Py_DECREF(p1);

    /* A callback that raises; a reference dropped before its referent. */
    {
        PyObject *x = PyObject_CallNoArgs(W);
        PyObject *ra = PyWeakref_NewRef(x, f_raise);
        PyObject *rb = PyWeakref_NewRef(x, f_cb);
        PyObject *rc = PyWeakref_NewRef(x, f_cb);
        watched[0] = ra, watched[1] = rb, watched[2] = rc, watched[3] = NULL;
        Py_DECREF(rc);
        PyErr_SetString(PyExc_KeyError, "pending");
        Py_DECREF(x);
        show("pending error kept across the callbacks", NULL);
        show("callbacks: one raises, one ref already gone", take_log());
        Py_DECREF(ra);
        Py_DECREF(rb);
    }

    /* The reference type called from C. */
    {
        PyObject *ref_type = (PyObject *)&_PyWeakref_RefType;
        PyObject *x = PyObject_CallNoArgs(WC);
        ((WObject *)x)->value = 3;
        PyObject *a = PyObject_CallOneArg(ref_type, x);
        PyObject *b = PyWeakref_NewRef(x, NULL);
        show("weakref.ref(x) is NewRef(x, NULL)", PyBool_FromLong(a == b));
        PyObject *c = PyObject_CallFunctionObjArgs(ref_type, x, f_cb, NULL);
        show("weakref.ref(x, cb) is new", PyBool_FromLong(c != a && c != NULL));
        show("weakref.ref()", PyObject_CallNoArgs(ref_type));
        show("weakref.ref(1)", PyObject_CallOneArg(ref_type, Py_True));
        show("weakref.ref(x, cb, 3)", PyObject_CallFunctionObjArgs(ref_type, x, f_cb, Py_None, NULL));
        {
            PyObject *args = PyTuple_Pack(1, x);
            PyObject *kw = Py_BuildValue("{sO}", "callback", f_cb);
            show("weakref.ref(x, callback=cb)", PyObject_Call(ref_type, args, kw));
            Py_DECREF(args);
            Py_DECREF(kw);
        }
        PyObject *p = PyWeakref_NewProxy(x, NULL);
        show("type(proxy of a callable)", Py_NewRef((PyObject *)Py_TYPE(p)));
        show("proxy of a callable()", PyObject_CallNoArgs(p));
        show_int("PyCallable_Check(callable proxy)", PyCallable_Check(p));
        show("ref() of WC", PyObject_CallNoArgs(a) == x ? PyUnicode_FromString("x") : NULL);
        Py_DECREF(x); /* ref()'s */
        watched[0] = c, watched[1] = a, watched[2] = NULL;
        Py_DECREF(x);
        show("WC's default dealloc cleared the refs", PyBool_FromLong(PyWeakref_GetObject(a) == Py_None));
        show("callbacks", take_log());
        show("dead callable proxy()", PyObject_CallNoArgs(p));
        Py_DECREF(p);
        Py_DECREF(a);
        Py_DECREF(b);
        Py_XDECREF(c);
    }

    /* A static type; a module; a built-in function; a set. */
    {
        PyObject *s = PyObject_CallNoArgs((PyObject *)&SType);
        PyObject *r = PyWeakref_NewRef(s, f_cb);
        memset(watched, 0, sizeof watched);
        watched[0] = r;
        Py_DECREF(s);
        show("static type: callbacks", take_log());
        show("static type: ref()", PyObject_CallNoArgs(r));
        Py_DECREF(r);

        PyObject *st = PySet_New(NULL);
        r = PyWeakref_NewRef(st, f_cb);
        memset(watched, 0, sizeof watched);
        watched[0] = r;
        show("set: ref() is the set", PyBool_FromLong(PyWeakref_GetObject(r) == st));
        Py_DECREF(st);
        show("set: callbacks", take_log());
        Py_DECREF(r);

        PyObject *m2 = PyModule_New("doomed");
        r = PyWeakref_NewRef(m2, f_cb);
        PyObject *p = PyWeakref_NewProxy(m2, NULL);
        memset(watched, 0, sizeof watched);
        watched[0] = r;
        show("proxy(module).__name__", PyObject_GetAttrString(p, "__name__"));
        Py_DECREF(m2);
        show("module: callbacks", take_log());
        Py_DECREF(r);
        Py_DECREF(p);

        PyObject *sub_args = Py_BuildValue("(s(O){})", "Sub", W);
        PyObject *heap_t = PyType_FromSpec(&w_spec);
        r = PyWeakref_NewRef(heap_t, NULL);
        show("ref(heap type)() is the type", PyBool_FromLong(PyWeakref_GetObject(r) == heap_t));
        Py_DECREF(r);
        Py_DECREF(heap_t);
        Py_DECREF(sub_args);
    }
    show_int("bool_of", PyObject_IsTrue(bool_of(1)));

    Py_DECREF(f_cb);
    Py_DECREF(f_raise);
    Py_DECREF(WC);
    Py_DECREF(W);
    Py_DECREF(mod);
    Py_DECREF(log_list);
    return 0;
}
