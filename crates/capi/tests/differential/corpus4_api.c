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
 * - PyObject_Print (repr and Py_PRINT_RAW to a stdio stream, NULL, a
 *   failing repr), the pyctype.h tables (every byte's Py_IS* classes and
 *   Py_TOLOWER/Py_TOUPPER), PyObject_LengthHint (len, __length_hint__
 *   results and errors, defaults) and _PyErr_WriteUnraisableMsg (its
 *   stderr must be CPython's too: c-tests: compare stderr) -- multidict's;
 * - the wchar_t views (PyUnicode_AsWideChar, PyUnicode_AsWideCharString)
 *   and the deprecated Py_UNICODE cache python-Levenshtein reads
 *   (PyUnicode_AsUnicode(AndSize), PyUnicode_AS_UNICODE, PyUnicode_GET_SIZE,
 *   PyUnicode_WSTR_LENGTH, PyUnicode_FromUnicode) over every str kind;
 * - dict.popitem called by name (hiredis builds its map replies with it):
 *   the last inserted item, interleaved with insertions, an emptied dict,
 *   the empty error; PyObject_Type;
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

/* ---- PyObject_Print ---- */

static PyObject *bad_repr(PyObject *self)
{
    (void)self;
    PyErr_SetString(PyExc_ValueError, "no repr");
    return NULL;
}

static PyType_Slot bad_repr_slots[] = {{Py_tp_repr, (void *)bad_repr}, {0, NULL}};
static PyType_Spec bad_repr_spec = {"corpus4.BadRepr", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, bad_repr_slots};

/* What PyObject_Print(o, fp, flags) wrote, as a str, or its error. */
static PyObject *printed(PyObject *o, int flags)
{
    char buf[512];
    FILE *fp = fmemopen(buf, sizeof buf, "w");
    if (fp == NULL)
        return PyErr_NoMemory();
    int r = PyObject_Print(o, fp, flags);
    long n = ftell(fp);
    fclose(fp);
    if (r < 0)
        return NULL;
    return PyUnicode_DecodeUTF8(buf, n, "strict");
}

static void object_print(void)
{
    PyObject *s = PyUnicode_FromString("h\xc3\xa9llo\n");
    show("PyObject_Print('héllo\\n', 0)", printed(s, 0));
    show("PyObject_Print('héllo\\n', Py_PRINT_RAW)", printed(s, Py_PRINT_RAW));
    PyObject *lone = PyUnicode_DecodeUTF8("\xed\xa0\x80", 3, "surrogatepass");
    show("PyObject_Print(a lone surrogate, Py_PRINT_RAW)", printed(lone, Py_PRINT_RAW));
    show("PyObject_Print(a lone surrogate, 0)", printed(lone, 0));
    PyObject *list = Py_BuildValue("[isy]", 1, "a", "b");
    show("PyObject_Print([1, 'a', b'b'], 0)", printed(list, 0));
    show("PyObject_Print(b'b', Py_PRINT_RAW)", printed(PyList_GET_ITEM(list, 2), Py_PRINT_RAW));
    show("PyObject_Print(NULL, 0)", printed(NULL, 0));
    PyObject *bad_type = PyType_FromSpec(&bad_repr_spec);
    PyObject *bad = PyObject_CallNoArgs(bad_type);
    show("PyObject_Print(an object whose repr raises, 0)", printed(bad, 0));
    show("PyObject_Print(an object whose repr raises, Py_PRINT_RAW) (str falls back to repr)",
         printed(bad, Py_PRINT_RAW));
    Py_DECREF(bad);
    Py_DECREF(bad_type);
    Py_DECREF(list);
    Py_DECREF(lone);
    Py_DECREF(s);
}

/* ---- pyctype.h ---- */

static void ctype_tables(void)
{
    /* Every byte's classes and case mappings, one case per property. */
    static const char *names[] = {"Py_ISLOWER", "Py_ISUPPER", "Py_ISALPHA", "Py_ISDIGIT",
                                  "Py_ISXDIGIT", "Py_ISALNUM", "Py_ISSPACE"};
    for (int p = 0; p < 7; p++) {
        char bits[257];
        for (int c = 0; c < 256; c++) {
            int v = p == 0 ? Py_ISLOWER(c) : p == 1 ? Py_ISUPPER(c) : p == 2 ? Py_ISALPHA(c)
                  : p == 3 ? Py_ISDIGIT(c) : p == 4 ? Py_ISXDIGIT(c) : p == 5 ? Py_ISALNUM(c) : Py_ISSPACE(c);
            bits[c] = v ? '1' : '0';
        }
        bits[256] = 0;
        char what[64];
        snprintf(what, sizeof what, "%s over bytes 0..255", names[p]);
        show(what, PyUnicode_FromString(bits));
    }
    PyObject *lower = PyList_New(0), *upper = PyList_New(0);
    for (int c = 0; c < 256; c++) {
        if (Py_TOLOWER(c) != c) {
            PyObject *x = Py_BuildValue("(ii)", c, Py_TOLOWER(c));
            PyList_Append(lower, x);
            Py_DECREF(x);
        }
        if (Py_TOUPPER(c) != c) {
            PyObject *x = Py_BuildValue("(ii)", c, Py_TOUPPER(c));
            PyList_Append(upper, x);
            Py_DECREF(x);
        }
    }
    show("the bytes Py_TOLOWER changes", lower);
    show("the bytes Py_TOUPPER changes", upper);
    show("Py_TOLOWER(-56) (a negative char is masked)", PyLong_FromLong(Py_TOLOWER((char)-56)));
}

/* ---- PyObject_LengthHint ---- */

static PyObject *hint_result;

static PyObject *hinted_length_hint(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    if (hint_result == NULL) {
        PyErr_SetString(PyExc_KeyError, "hint failed");
        return NULL;
    }
    return Py_NewRef(hint_result);
}

static PyMethodDef hinted_methods[] = {{"__length_hint__", hinted_length_hint, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyType_Slot hinted_slots[] = {{Py_tp_methods, hinted_methods}, {0, NULL}};
static PyType_Spec hinted_spec = {"corpus4.Hinted", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, hinted_slots};

static Py_ssize_t sized_len(PyObject *self)
{
    (void)self;
    PyErr_SetString(PyExc_TypeError, "len failed");
    return -1;
}
static PyType_Slot sized_slots[] = {{Py_sq_length, (void *)sized_len}, {Py_tp_methods, hinted_methods}, {0, NULL}};
static PyType_Spec sized_spec = {"corpus4.BadLen", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, sized_slots};

static void length_hint_case(const char *what, PyObject *o, Py_ssize_t dflt)
{
    Py_ssize_t n = PyObject_LengthHint(o, dflt);
    show(what, n == -1 && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(n));
}

static void length_hint(void)
{
    PyObject *list = Py_BuildValue("[iii]", 1, 2, 3);
    length_hint_case("PyObject_LengthHint([1, 2, 3], 7)", list, 7);
    length_hint_case("PyObject_LengthHint({'a': 1}, 7)", Py_BuildValue("{s:i}", "a", 1), 7);
    length_hint_case("PyObject_LengthHint(5, 7)", PyLong_FromLong(5), 7);
    length_hint_case("PyObject_LengthHint(object(), 0)", PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type), 0);
    PyObject *hinted_type = PyType_FromSpec(&hinted_spec);
    PyObject *hinted = PyObject_CallNoArgs(hinted_type);
    hint_result = PyLong_FromLong(12);
    length_hint_case("__length_hint__() -> 12", hinted, 7);
    Py_SETREF(hint_result, Py_NewRef(Py_NotImplemented));
    length_hint_case("__length_hint__() -> NotImplemented", hinted, 7);
    Py_SETREF(hint_result, PyLong_FromLong(-1));
    length_hint_case("__length_hint__() -> -1", hinted, 7);
    Py_SETREF(hint_result, PyFloat_FromDouble(2.0));
    length_hint_case("__length_hint__() -> 2.0", hinted, 7);
    Py_SETREF(hint_result, PyLong_FromString("99999999999999999999999", NULL, 10));
    length_hint_case("__length_hint__() -> 10**23-ish", hinted, 7);
    Py_SETREF(hint_result, Py_NewRef(Py_True));
    length_hint_case("__length_hint__() -> True", hinted, 7);
    Py_CLEAR(hint_result);
    length_hint_case("__length_hint__() raises KeyError", hinted, 7);
    PyObject *badlen_type = PyType_FromSpec(&sized_spec);
    PyObject *badlen = PyObject_CallNoArgs(badlen_type);
    hint_result = PyLong_FromLong(4);
    length_hint_case("len() raises TypeError, __length_hint__() -> 4", badlen, 7);
    Py_CLEAR(hint_result);
    Py_DECREF(badlen);
    Py_DECREF(badlen_type);
    Py_DECREF(hinted);
    Py_DECREF(hinted_type);
    Py_DECREF(list);
}

/* ---- _PyErr_WriteUnraisableMsg (stderr is compared whole) ---- */

static void write_unraisable(void)
{
    PyObject *obj = PyUnicode_FromString("the object");
    PyErr_SetString(PyExc_ValueError, "first");
    _PyErr_WriteUnraisableMsg("in a finalizer", obj);
    show("after _PyErr_WriteUnraisableMsg(msg, obj): the error is cleared", PyErr_Occurred() ? NULL : Py_NewRef(Py_None));
    PyErr_SetString(PyExc_KeyError, "second");
    _PyErr_WriteUnraisableMsg("while closing", NULL);
    PyErr_SetString(PyExc_RuntimeError, "third");
    _PyErr_WriteUnraisableMsg(NULL, obj);
    PyErr_SetString(PyExc_RuntimeError, "fourth");
    PyErr_WriteUnraisable(obj);
    fflush(stderr);
    Py_DECREF(obj);
}

/* ---- wchar_t and Py_UNICODE ---- */

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

static PyObject *wide_list(const wchar_t *w, Py_ssize_t n)
{
    PyObject *list = PyList_New(0);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *x = PyLong_FromLong((long)w[i]);
        PyList_Append(list, x);
        Py_DECREF(x);
    }
    return list;
}

/* The pending exception's type name as a str, cleared (for errors whose
   message names the C file and line that raised them). */
static PyObject *error_type_name(void)
{
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyObject *name = PyUnicode_FromString(t ? ((PyTypeObject *)t)->tp_name : "(no error)");
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    return name;
}

static void wide_chars(void)
{
    static const char *texts[] = {"", "ascii", "caf\xc3\xa9", "\xe2\x82\xac 5", "sushi \xf0\x9f\x8d\xa3!", "nul\0in"};
    static const Py_ssize_t lens[] = {0, 5, 5, 5, 11, 6};
    for (int t = 0; t < 6; t++) {
        PyObject *s = PyUnicode_DecodeUTF8(texts[t], lens[t], "strict");
        char what[96];
        Py_ssize_t size = -7;
        Py_UNICODE *u = PyUnicode_AsUnicodeAndSize(s, &size);
        snprintf(what, sizeof what, "PyUnicode_AsUnicodeAndSize(str %d): units", t);
        show(what, u ? wide_list(u, size + 1) : NULL);
        snprintf(what, sizeof what, "... the same pointer again, PyUnicode_AS_UNICODE too (str %d)", t);
        show(what, PyBool_FromLong(u == PyUnicode_AsUnicode(s) && u == PyUnicode_AS_UNICODE(s)));
        snprintf(what, sizeof what, "PyUnicode_GET_SIZE, GET_DATA_SIZE, WSTR_LENGTH (str %d)", t);
        show(what, Py_BuildValue("(nnn)", PyUnicode_GET_SIZE(s), PyUnicode_GET_DATA_SIZE(s), PyUnicode_WSTR_LENGTH(s)));
        snprintf(what, sizeof what, "PyUnicode_FromUnicode(its units) == it (str %d)", t);
        PyObject *back = u ? PyUnicode_FromUnicode(u, size) : NULL;
        show(what, back ? PyObject_RichCompare(back, s, Py_EQ) : NULL);
        Py_XDECREF(back);
        snprintf(what, sizeof what, "PyUnicode_AsWideChar(str %d, NULL, 0)", t);
        show(what, PyLong_FromSsize_t(PyUnicode_AsWideChar(s, NULL, 0)));
        wchar_t buf[16];
        for (int i = 0; i < 16; i++)
            buf[i] = (wchar_t)0x2a;
        Py_ssize_t n = PyUnicode_AsWideChar(s, buf, 3);
        snprintf(what, sizeof what, "PyUnicode_AsWideChar(str %d, buf, 3): result and 4 units", t);
        show(what, Py_BuildValue("(nN)", n, wide_list(buf, 4)));
        n = PyUnicode_AsWideChar(s, buf, 16);
        snprintf(what, sizeof what, "PyUnicode_AsWideChar(str %d, buf, 16): result and units", t);
        show(what, Py_BuildValue("(nN)", n, wide_list(buf, n + 1)));
        Py_ssize_t wsize = -7;
        wchar_t *ws = PyUnicode_AsWideCharString(s, &wsize);
        snprintf(what, sizeof what, "PyUnicode_AsWideCharString(str %d, &size)", t);
        show(what, ws ? Py_BuildValue("(nN)", wsize, wide_list(ws, wsize + 1)) : NULL);
        PyMem_Free(ws);
        ws = PyUnicode_AsWideCharString(s, NULL);
        snprintf(what, sizeof what, "PyUnicode_AsWideCharString(str %d, NULL)", t);
        show(what, ws ? wide_list(ws, (Py_ssize_t)wcslen(ws)) : NULL);
        PyMem_Free(ws);
        Py_DECREF(s);
    }
    static const wchar_t sushi[] = {0x73, 0x1f363, 0xe9, 0};
    show("PyUnicode_FromUnicode({'s', U+1F363, U+E9}, 3)", PyUnicode_FromUnicode(sushi, 3));
    show("PyUnicode_FromUnicode(NULL, 0)", PyUnicode_FromUnicode(NULL, 0));
    PyObject *r = PyUnicode_FromUnicode(sushi, -1);
    show("PyUnicode_FromUnicode(w, -1): the error's type", r ? r : error_type_name());
    PyObject *b = PyBytes_FromString("bytes");
    show("PyUnicode_AsUnicode(b'bytes')", PyUnicode_AsUnicode(b) ? Py_NewRef(Py_None) : NULL);
    show("PyUnicode_AsWideChar(b'bytes', NULL, 0)", PyUnicode_AsWideChar(b, NULL, 0) < 0 ? NULL : Py_NewRef(Py_None));
    show("PyUnicode_AsWideCharString(b'bytes', NULL)", PyUnicode_AsWideCharString(b, NULL) ? Py_NewRef(Py_None) : NULL);
    show("PyUnicode_AsWideChar(NULL, NULL, 0): the error's type",
         PyUnicode_AsWideChar(NULL, NULL, 0) < 0 ? error_type_name() : Py_NewRef(Py_None));
    Py_DECREF(b);
}

/* ---- dict.popitem, PyObject_Type ---- */

static void dict_popitem(void)
{
    PyObject *d = Py_BuildValue("{s:i,s:i,s:i}", "a", 1, "b", 2, "c", 3);
    show("{'a': 1, 'b': 2, 'c': 3}.popitem()", PyObject_CallMethod(d, "popitem", NULL));
    PyObject *k = PyUnicode_FromString("z");
    PyDict_SetItem(d, k, Py_None);
    show("... after d['z'] = None: popitem()", PyObject_CallMethod(d, "popitem", NULL));
    PyDict_SetItem(d, k, k);
    show("... d after d['z'] = 'z'", PyObject_Repr(d));
    show("... popitem()", PyObject_CallMethod(d, "popitem", NULL));
    show("... popitem()", PyObject_CallMethod(d, "popitem", NULL));
    show("... popitem()", PyObject_CallMethod(d, "popitem", NULL));
    show("... popitem() of the emptied dict", PyObject_CallMethod(d, "popitem", NULL));
    PyDict_SetItem(d, k, Py_True);
    show("... d after one more insertion", PyObject_Repr(d));
    show("... popitem(1)", PyObject_CallMethod(d, "popitem", "i", 1));
    /* Many insertions and pops: the order holds across resizes. */
    PyObject *order = PyList_New(0);
    for (int i = 0; i < 200; i++) {
        PyObject *key = PyLong_FromLong(i);
        PyDict_SetItem(d, key, key);
        Py_DECREF(key);
        if (i % 3 == 2) {
            PyObject *item = PyObject_CallMethod(d, "popitem", NULL);
            PyList_Append(order, PyTuple_GET_ITEM(item, 0));
            Py_DECREF(item);
        }
    }
    show("keys popped while inserting 0..199 (every third step)", order);
    show("... the dict's length after", PyLong_FromSsize_t(PyDict_Size(d)));
    PyObject *keys = PyDict_Keys(d);
    show("... its first and last keys", Py_BuildValue("(OO)", PyList_GET_ITEM(keys, 0), PyList_GET_ITEM(keys, PyList_GET_SIZE(keys) - 1)));
    Py_DECREF(keys);
    show("PyObject_Type({})", PyObject_Type(d));
    show("PyObject_Type(None)", PyObject_Type(Py_None));
    show("PyObject_Type(dict)", PyObject_Type((PyObject *)&PyDict_Type));
    PyObject *t = PyObject_Type(NULL);
    show("PyObject_Type(NULL)", t);
    Py_DECREF(k);
    Py_DECREF(d);
}

int main(void)
{
    Py_Initialize();
    dict_popitem();
    wide_chars();
    object_print();
    ctype_tables();
    length_hint();
    write_unraisable();
    bytes_join();
    slice_index();
    repr_guard();
    trashcan();
    return 0;
}
