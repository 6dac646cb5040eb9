/* Differential cases for the API the corpus4 members (scripts/corpus.py:
 * zstandard, pyrsistent, ...) added:
 *
 * - bytes.join called by name, as python-zstandard's stream readers join
 *   their chunks (`PyObject_CallMethod(b"", "join", "O", chunks)`):
 *   separators, bytes-like items, iterators, a one-item list holding
 *   exactly a bytes (returned as is), the type errors, and the method's
 *   argument-count errors;
 * - _PyEval_SliceIndex / _PyEval_SliceIndexNotNone (pvectorc's "O&"
 *   converter): ints, bools, None, clamping, __index__ results and errors;
 * - Py_ReprEnter / Py_ReprLeave (immutables' Map repr): first and repeated
 *   entries, the reference held meanwhile, leaving what was not entered,
 *   interleaved objects;
 * - the trashcan (Py_TRASHCAN_BEGIN/END over _PyTrash_begin/_end/_cond):
 *   a chain of GC objects freed at once, the order their bodies run in and
 *   how deep they nest; a subclass whose dealloc is not the one named.
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

#include "case.h"

static void bytes_join(void)
{
    PyObject *empty = PyBytes_FromStringAndSize("", 0), *dash = PyBytes_FromString("--");
    PyObject *abc = Py_BuildValue("[yyy]", "a", "bc", "");
    show("b''.join([b'a', b'bc', b''])", PyObject_CallMethod(empty, "join", "O", abc));
    show("b'--'.join([b'a', b'bc', b''])", PyObject_CallMethod(dash, "join", "O", abc));
    show("b'--'.join([])", PyObject_CallMethod(dash, "join", "(N)", PyList_New(0)));
    show("b'--'.join(())", PyObject_CallMethod(dash, "join", "(N)", PyTuple_New(0)));
    PyObject *only = PyBytes_FromString("only");
    PyObject *got = PyObject_CallMethod(dash, "join", "([O])", only);
    show("b'--'.join([x]) is x", PyBool_FromLong(got == only));
    Py_XDECREF(got);
    PyObject *ba = PyByteArray_FromStringAndSize("ba", 2);
    got = PyObject_CallMethod(dash, "join", "([O])", ba);
    show("b'--'.join([bytearray]) is a new bytes", got != NULL && got != ba ? got : NULL);
    PyObject *mv = PyMemoryView_FromObject(only);
    show("b'--'.join([bytearray, memoryview, bytes])", PyObject_CallMethod(dash, "join", "([OOy])", ba, mv, "z"));
    PyObject *it = PyObject_GetIter(abc);
    show("b'+'.join(iter([...]))", PyObject_CallMethod(PyBytes_FromString("+"), "join", "N", it));
    show("b'--'.join([b'a', 1])", PyObject_CallMethod(dash, "join", "([yi])", "a", 1));
    show("b'--'.join([b'a', 'str'])", PyObject_CallMethod(dash, "join", "([ys])", "a", "str"));
    show("b'--'.join(5)", PyObject_CallMethod(dash, "join", "i", 5));
    show("b'--'.join(None)", PyObject_CallMethod(dash, "join", "(O)", Py_None));
    show("b'--'.join(b'ab') (ints)", PyObject_CallMethod(dash, "join", "(y)", "ab"));
    show("b'--'.join()", PyObject_CallMethod(dash, "join", NULL));
    show("b'--'.join(a, b)", PyObject_CallMethod(dash, "join", "OO", abc, abc));
    PyObject *meth = PyObject_GetAttrString(dash, "join");
    PyObject *kw = Py_BuildValue("{s:O}", "iterable", abc);
    PyObject *no_args = PyTuple_New(0);
    show("b'--'.join(iterable=...)", PyObject_Call(meth, no_args, kw));
    show("bytes.join(b'--', [...])",
         PyObject_CallMethod((PyObject *)&PyBytes_Type, "join", "OO", dash, abc));
    show("bytes.join('str', [...])", PyObject_CallMethod((PyObject *)&PyBytes_Type, "join", "sO", "x", abc));
    show("hasattr(b'', 'join')", PyBool_FromLong(PyObject_HasAttrString(empty, "join")));
    Py_DECREF(no_args);
    Py_DECREF(kw);
    Py_DECREF(meth);
    Py_DECREF(mv);
    Py_DECREF(ba);
    Py_DECREF(only);
    Py_DECREF(abc);
    Py_DECREF(dash);
    Py_DECREF(empty);
}

/* ---- _PyEval_SliceIndex ---- */

static PyObject *index_result; /* what Indexable.__index__ returns (a new reference each time) */

static PyObject *indexable_index(PyObject *self)
{
    (void)self;
    if (index_result == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "__index__ failed");
        return NULL;
    }
    return Py_NewRef(index_result);
}

static PyType_Slot indexable_slots[] = {{Py_nb_index, (void *)indexable_index}, {0, NULL}};
static PyType_Spec indexable_spec = {"corpus4.Indexable", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT,
                                     indexable_slots};

static void slice_index_case(const char *what, PyObject *v, int not_none)
{
    Py_ssize_t i = -12345;
    int r = not_none ? _PyEval_SliceIndexNotNone(v, &i) : _PyEval_SliceIndex(v, &i);
    if (r)
        show(what, Py_BuildValue("(in)", r, i));
    else
        show(what, NULL);
}

static void slice_index(void)
{
    PyObject *big = PyLong_FromString("123456789012345678901234567890", NULL, 10);
    PyObject *neg = PyNumber_Negative(big);
    slice_index_case("_PyEval_SliceIndex(5)", PyLong_FromLong(5), 0);
    slice_index_case("_PyEval_SliceIndex(-7)", PyLong_FromLong(-7), 0);
    slice_index_case("_PyEval_SliceIndex(None) (leaves *pi)", Py_None, 0);
    slice_index_case("_PyEval_SliceIndex(True)", Py_True, 0);
    slice_index_case("_PyEval_SliceIndex(10**29 and more)", big, 0);
    slice_index_case("_PyEval_SliceIndex(-(10**29 and more))", neg, 0);
    slice_index_case("_PyEval_SliceIndex(1.5)", PyFloat_FromDouble(1.5), 0);
    slice_index_case("_PyEval_SliceIndex('3')", PyUnicode_FromString("3"), 0);
    slice_index_case("_PyEval_SliceIndex(b'3')", PyBytes_FromString("3"), 0);
    PyObject *indexable_type = PyType_FromSpec(&indexable_spec);
    PyObject *ix = PyObject_CallNoArgs(indexable_type);
    index_result = PyLong_FromLong(42);
    slice_index_case("_PyEval_SliceIndex(__index__ -> 42)", ix, 0);
    Py_SETREF(index_result, Py_NewRef(big));
    slice_index_case("_PyEval_SliceIndex(__index__ -> 10**29...)", ix, 0);
    Py_SETREF(index_result, PyUnicode_FromString("no"));
    slice_index_case("_PyEval_SliceIndex(__index__ -> 'no')", ix, 0);
    Py_CLEAR(index_result);
    slice_index_case("_PyEval_SliceIndex(__index__ raises)", ix, 0);
    slice_index_case("_PyEval_SliceIndexNotNone(5)", PyLong_FromLong(5), 1);
    slice_index_case("_PyEval_SliceIndexNotNone(None)", Py_None, 1);
    slice_index_case("_PyEval_SliceIndexNotNone(-(10**29 and more))", neg, 1);
    Py_DECREF(ix);
    Py_DECREF(indexable_type);
    Py_DECREF(neg);
    Py_DECREF(big);
}

/* ---- The trashcan ---- */

typedef struct {
    PyObject_HEAD
    long id;
    PyObject *next, *side;
} Link;

#define MAX_EVENTS 4096
static long started[MAX_EVENTS], n_started;
static int depth, max_depth;

static void link_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TRASHCAN_BEGIN(self, link_dealloc)
    if (n_started < MAX_EVENTS)
        started[n_started++] = ((Link *)self)->id;
    if (++depth > max_depth)
        max_depth = depth;
    Py_CLEAR(((Link *)self)->next);
    Py_CLEAR(((Link *)self)->side);
    --depth;
    PyObject_GC_Del(self);
    Py_DECREF(tp);
    Py_TRASHCAN_END
}

static int link_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(((Link *)self)->next);
    Py_VISIT(((Link *)self)->side);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot link_slots[] = {
    {Py_tp_dealloc, (void *)link_dealloc}, {Py_tp_traverse, (void *)link_traverse}, {0, NULL}};
static PyType_Spec link_spec = {"corpus4.Link", sizeof(Link), 0,
                                Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE, link_slots};

/* Another deallocator: _PyTrash_cond is true only for the object's own
   type's tp_dealloc (a base's dealloc called from a subclass's does not
   enter the trashcan again). */
static void other_dealloc(PyObject *self)
{
    link_dealloc(self);
}

static PyObject *new_link(PyObject *type, long id, PyObject *next, PyObject *side)
{
    Link *l = PyObject_GC_New(Link, (PyTypeObject *)type);
    if (l == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    l->id = id;
    l->next = next;
    l->side = side;
    PyObject_GC_Track((PyObject *)l);
    return (PyObject *)l;
}

/* Links 0..n-1, each holding the next; with `sides`, link i also holds a
   leaf link 10000 + i (freed after the rest of the chain below it, so the
   kept list holds two at a time). */
static PyObject *chain(PyObject *type, long n, int sides)
{
    PyObject *next = NULL;
    for (long i = n - 1; i >= 0; i--)
        next = new_link(type, i, next, sides ? new_link(type, 10000 + i, NULL, NULL) : NULL);
    return next;
}

static void show_run(const char *what)
{
    PyObject *ids = PyList_New(0);
    for (long i = 0; i < n_started; i++) {
        PyObject *x = PyLong_FromLong(started[i]);
        PyList_Append(ids, x);
        Py_DECREF(x);
    }
    char line[160];
    snprintf(line, sizeof line, "%s: bodies run, deepest nesting", what);
    show(line, Py_BuildValue("(li)", n_started, max_depth));
    snprintf(line, sizeof line, "%s: the order the bodies ran in", what);
    show(line, ids);
    n_started = 0;
    max_depth = 0;
}

static void trashcan(void)
{
    PyObject *link_type = PyType_FromSpec(&link_spec);
    static const long lengths[] = {1, 49, 50, 51, 120, 3000};
    for (int sides = 0; sides < 2; sides++)
        for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
            PyObject *head = chain(link_type, lengths[i], sides);
            Py_DECREF(head);
            char what[64];
            snprintf(what, sizeof what, "a chain of %ld links%s freed", lengths[i], sides ? " with sides" : "");
            show_run(what);
        }
    show("_PyTrash_cond(link, link_dealloc)", PyLong_FromLong(_PyTrash_cond(link_type, link_dealloc)));
    PyObject *head = chain(link_type, 1, 0);
    show("_PyTrash_cond(a link, link_dealloc)", PyLong_FromLong(_PyTrash_cond(head, link_dealloc)));
    show("_PyTrash_cond(a link, other_dealloc)", PyLong_FromLong(_PyTrash_cond(head, other_dealloc)));
    Py_DECREF(head);
    show_run("one more link");
    Py_DECREF(link_type);
}

/* ---- Py_ReprEnter / Py_ReprLeave ---- */

static void repr_guard(void)
{
    PyObject *a = PyList_New(0), *b = PyDict_New();
    Py_ssize_t base = Py_REFCNT(a);
    show("Py_ReprEnter(a)", PyLong_FromLong(Py_ReprEnter(a)));
    show("a's extra references while entered", PyLong_FromSsize_t(Py_REFCNT(a) - base));
    show("Py_ReprEnter(a) again", PyLong_FromLong(Py_ReprEnter(a)));
    show("Py_ReprEnter(b)", PyLong_FromLong(Py_ReprEnter(b)));
    show("repr(a) while entered (a list prints [...])", PyObject_Repr(a));
    Py_ReprLeave(a);
    show("a's extra references after leaving", PyLong_FromSsize_t(Py_REFCNT(a) - base));
    show("Py_ReprEnter(b) while still entered", PyLong_FromLong(Py_ReprEnter(b)));
    show("Py_ReprEnter(a) after leaving", PyLong_FromLong(Py_ReprEnter(a)));
    Py_ReprLeave(a);
    Py_ReprLeave(a); /* not entered: nothing */
    show("a's extra references after leaving twice", PyLong_FromSsize_t(Py_REFCNT(a) - base));
    Py_ReprLeave(b);
    show("Py_ReprEnter(b) after leaving", PyLong_FromLong(Py_ReprEnter(b)));
    Py_ReprLeave(b);
    show("repr([a]) after all that", PyObject_Repr(Py_BuildValue("[O]", a)));
    PyErr_SetString(PyExc_KeyError, "pending");
    Py_ReprEnter(a);
    Py_ReprLeave(a);
    show("a pending error survives Py_ReprEnter/Leave", PyErr_Occurred() ? NULL : Py_NewRef(Py_None));
    Py_DECREF(a);
    Py_DECREF(b);
}

int main(void)
{
    Py_Initialize();
    bytes_join();
    slice_index();
    repr_guard();
    trashcan();
    return 0;
}
