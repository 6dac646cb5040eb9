/* Differential cases for the AttributeError that PyObject_GetAttr leaves
 * (Objects/object.c, set_attribute_error_context): normalised, with its
 * `name` and `obj` set to the attribute name and the object, unless the
 * raiser set either; other errors (a KeyError from a getattro, the
 * TypeError for a non-str name) are left as they were raised. Shown as
 * PyErr_Fetch gives them before any normalising: the value's type, then
 * `name`, `obj` and the message.
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

#include <stdio.h>
#include <string.h>

static int case_no;

/* The object the case looks an attribute up in. */
static PyObject *current;

static void print_repr(PyObject *o) {
    PyObject *r = o ? PyObject_Repr(o) : NULL;
    printf("%s", r ? PyUnicode_AsUTF8(r) : "<none>");
    Py_XDECREF(r);
    PyErr_Clear();
}

/* The result of a lookup (owned), or the pending error as fetched. */
static void show_in(PyObject *in, const char *what, PyObject *result);
#define SHOW(in, what, expr) (current = (in), show_in(current, (what), (expr)))

static void show_in(PyObject *in, const char *what, PyObject *result) {
    (void)in;
    printf("%d\t%s\t", ++case_no, what);
    if (result != NULL) {
        printf("ok ");
        print_repr(result);
        printf("\n");
        Py_DECREF(result);
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    printf("%s value=%s", t ? ((PyTypeObject *)t)->tp_name : "no error", v ? Py_TYPE(v)->tp_name : "NULL");
    PyErr_NormalizeException(&t, &v, &tb);
    if (v != NULL && PyErr_GivenExceptionMatches(v, PyExc_AttributeError)) {
        PyObject *n = PyObject_GetAttrString(v, "name");
        PyObject *o = PyObject_GetAttrString(v, "obj");
        printf(" name=");
        print_repr(n);
        /* The object's type (its repr may hold an address), and whether
           it is the object looked up in (`self` of the case). */
        printf(" obj=%s%s", o ? Py_TYPE(o)->tp_name : "<none>", o == current ? " (the object)" : "");
        Py_XDECREF(n);
        Py_XDECREF(o);
    }
    PyObject *s = v ? PyObject_Str(v) : NULL;
    printf(" str=%s\n", s ? PyUnicode_AsUTF8(s) : "?");
    Py_XDECREF(s);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

/* A getattro that raises what its attribute name asks for. */
static PyObject *picky_getattro(PyObject *self, PyObject *name) {
    const char *n = PyUnicode_AsUTF8(name);
    if (strcmp(n, "key") == 0) {
        PyErr_SetString(PyExc_KeyError, "key");
        return NULL;
    }
    if (strcmp(n, "named") == 0) {
        /* An AttributeError whose name the raiser set itself. */
        PyObject *args = Py_BuildValue("(s)", "custom");
        PyObject *kw = Py_BuildValue("{s:s}", "name", "own");
        PyObject *e = PyObject_Call(PyExc_AttributeError, args, kw);
        Py_DECREF(args);
        Py_DECREF(kw);
        PyErr_SetObject(PyExc_AttributeError, e);
        Py_DECREF(e);
        return NULL;
    }
    if (strcmp(n, "sub") == 0) {
        PyErr_SetString(PyExc_ModuleNotFoundError, "not an AttributeError");
        return NULL;
    }
    if (strcmp(n, "plain") == 0) {
        PyErr_SetString(PyExc_AttributeError, "plain message");
        return NULL;
    }
    return PyObject_GenericGetAttr(self, name);
}

static PyType_Slot picky_slots[] = {
    {Py_tp_getattro, picky_getattro},
    {0, NULL},
};
static PyType_Spec picky_spec = {"attrerror.Picky", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, picky_slots};

/* A legacy tp_getattr that never finds anything. */
static PyObject *legacy_getattr(PyObject *self, char *name) {
    (void)self;
    PyErr_Format(PyExc_AttributeError, "legacy has no %s", name);
    return NULL;
}

static PyTypeObject Legacy = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "attrerror.Legacy",
    .tp_basicsize = sizeof(PyObject),
};

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();

    PyObject *i = PyLong_FromLong(5);
    SHOW(i, "GetAttrString(5, 'nope')", PyObject_GetAttrString(i, "nope"));
    SHOW(i, "GetAttrString(5, 'real')", PyObject_GetAttrString(i, "real"));
    PyObject *m = PyModule_New("mm");
    SHOW(m, "GetAttrString(module, 'nope')", PyObject_GetAttrString(m, "nope"));
    SHOW((PyObject *)&PyLong_Type, "GetAttrString(int type, 'nope')", PyObject_GetAttrString((PyObject *)&PyLong_Type, "nope"));
    PyObject *l = PyList_New(0);
    SHOW(l, "GetAttrString([], 'nope')", PyObject_GetAttrString(l, "nope"));
    PyObject *nm = PyUnicode_FromString("missing");
    SHOW(l, "GetAttr([], 'missing')", PyObject_GetAttr(l, nm));
    PyObject *num = PyLong_FromLong(3);
    SHOW(l, "GetAttr([], 3)", PyObject_GetAttr(l, num));
    PyObject *none = Py_None;
    SHOW(none, "GetAttrString(None, 'x')", PyObject_GetAttrString(none, "x"));
    PyObject *tup = PyTuple_New(0);
    SHOW(tup, "GetAttrString((), 'count')", PyObject_CallMethod(tup, "count", "i", 1));

    PyObject *picky_t = PyType_FromSpec(&picky_spec);
    PyObject *picky = PyObject_CallNoArgs(picky_t);
    SHOW(picky, "Picky.key (KeyError)", PyObject_GetAttrString(picky, "key"));
    SHOW(picky, "Picky.named (name set by the raiser)", PyObject_GetAttrString(picky, "named"));
    SHOW(picky, "Picky.sub (another error)", PyObject_GetAttrString(picky, "sub"));
    SHOW(picky, "Picky.plain", PyObject_GetAttrString(picky, "plain"));
    SHOW(picky, "Picky.other (generic)", PyObject_GetAttrString(picky, "other"));
    /* The lookup that suppresses AttributeError leaves nothing pending. */
    printf("%d\tHasAttrString(Picky, 'plain')\t%d pending=%d\n", ++case_no,
           PyObject_HasAttrString(picky, "plain"), PyErr_Occurred() != NULL);

    Legacy.tp_getattr = legacy_getattr;
    Legacy.tp_flags = Py_TPFLAGS_DEFAULT;
    if (PyType_Ready(&Legacy) < 0)
        return 1;
    PyObject *legacy = PyObject_New(PyObject, &Legacy);
    SHOW(legacy, "Legacy.anything (tp_getattr)", PyObject_GetAttrString(legacy, "anything"));

    Py_DECREF(legacy);
    Py_DECREF(picky);
    Py_DECREF(picky_t);
    Py_DECREF(tup);
    Py_DECREF(num);
    Py_DECREF(nm);
    Py_DECREF(l);
    Py_DECREF(m);
    Py_DECREF(i);
    PyGILState_Release(g);
    return 0;
}
