/* llist 0.7.1: singly and doubly linked lists (sllist, dllist) and their
 * node types as static GC types in a single-phase module. Nodes are made
 * by calling the node type with PyObject_CallObject; each node holds its
 * list through a weak reference (PyWeakref_NewRef, read back with
 * PyWeakref_GetObject, exposed as the `owner` T_OBJECT_EX member), so the
 * lists carry tp_weaklistoffset and clear their referents with
 * PyObject_ClearWeakRefs. The lists take any sequence (PySequence_Check,
 * PySequence_GetItem), implement sq_length / sq_item / sq_ass_item (del
 * only) / sq_concat / sq_repeat and their in-place forms, tp_richcompare
 * over another list's values, tp_hash from the values' hashes, str and
 * repr guarded against recursion, value / node iterators (tp_iter
 * returning self) and reversed() through __reversed__-less sq_item; nodes
 * have read-only prev / next members.
 *
 * Vectors: tests/dllist_test.py and tests/sllist_test.py -- construction
 * and its TypeErrors, str / repr (recursive lists and nodes), the six
 * comparisons, nodeat with its TypeError / IndexError, iteration while
 * appending and removing, insert / insertbefore / insertafter and the
 * insertnode family with their argument errors, append / extend on both
 * ends, clear, pop / popleft / popright (and from an empty list), remove
 * (twice, foreign nodes), rotate by every n in 0..127 both ways, item
 * access and del, concatenation and repetition (in place too), read-only
 * attributes, the owner weak reference dying with its list, hashing, and
 * subclasses made with type(). Messages are recorded and compared with
 * the CPython build's.
 */
#include "corpus.h"

static PyObject *mod;

/* Records a result no checked call produced (NULL: the pending
   exception), releasing it. */
static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* A TAP line for a call whose result (or list) keeps its arguments, so
   no refcount baseline applies: it succeeded. Returns the result. */
static PyObject *held(PyObject *r, const char *what)
{
    if (r == NULL)
        diag_exception();
    tap(r != NULL, what);
    if (r == NULL)
        bail("cannot continue without %s", what);
    return r;
}

/* Records a C status (an int result) or, when it failed, its exception. */
static void rec_status(long v, const char *what)
{
    rec(PyErr_Occurred() ? NULL : PyLong_FromLong(v), what);
}

/* A TAP line: o (a str), or else repr(o) (or str(o)), is `want`; releases
   o. */
static void expect_text(PyObject *o, int use_str, const char *want, const char *what)
{
    int ok = 0;
    if (o == NULL) {
        diag_exception();
    } else {
        PyObject *s = PyUnicode_Check(o) ? Py_NewRef(o) : use_str ? PyObject_Str(o) : PyObject_Repr(o);
        const char *got = s ? PyUnicode_AsUTF8(s) : NULL;
        ok = got != NULL && strcmp(got, want) == 0;
        if (!ok)
            diag("got '%s', expected '%s'; ", got ? got : "?", want);
        PyErr_Clear();
        Py_XDECREF(s);
    }
    Py_XDECREF(o);
    tap(ok, what);
}

/* list(ll), repr'd, is `want`. */
static void expect_values(PyObject *ll, const char *want, const char *what)
{
    expect_text(ll ? PySequence_List(ll) : NULL, 0, want, what);
}

static PyObject *range_list(long start, long stop, long step)
{
    PyObject *l = PyList_New(0);
    for (long i = start; i < stop; i += step) {
        PyObject *x = PyLong_FromLong(i);
        PyList_Append(l, x);
        Py_DECREF(x);
    }
    return l;
}

/* type(seq) for a list `seq` (stolen); bails out on failure. */
static PyObject *make(PyObject *type, PyObject *seq)
{
    PyObject *ll = seq ? PyObject_CallFunctionObjArgs(type, seq, NULL) : PyObject_CallNoArgs(type);
    Py_XDECREF(seq);
    if (ll == NULL)
        bail("cannot make a %s", ((PyTypeObject *)type)->tp_name);
    return ll;
}

static PyObject *make_range(PyObject *type, long start, long stop, long step)
{
    return make(type, range_list(start, stop, step));
}

static PyObject *getattr(PyObject *o, const char *name)
{
    return PyObject_GetAttrString(o, name);
}

/* o.name is other (identity). */
static int attr_is(PyObject *o, const char *name, PyObject *other)
{
    PyObject *a = getattr(o, name);
    int r = a == other;
    if (!r)
        diag("%s is not the expected object; ", name);
    PyErr_Clear();
    Py_XDECREF(a);
    return r;
}

static long value_of(PyObject *node)
{
    PyObject *v = getattr(node, "value");
    long r = v ? PyLong_AsLong(v) : -999;
    Py_XDECREF(v);
    PyErr_Clear();
    return r;
}

struct kind {
    const char *name;      /* "dllist" / "sllist" */
    PyObject *list, *node; /* the types */
    int doubly;
};

static void test_init_and_text(const struct kind *k)
{
    char what[160];
    PyObject *empty = keep(call(k->list, NULL, "()"), "init empty");
    rec(PyLong_FromSsize_t(PyObject_Length(empty)), "len(empty)");
    expect_values(empty, "[]", "list(empty)");
    snprintf(what, sizeof what, "str(%s())", k->name);
    char want[160];
    snprintf(want, sizeof want, "%s()", k->name);
    expect_text(PyObject_Str(empty), 1, want, what);
    Py_DECREF(empty);

    PyObject *ref = range_list(0, 1024, 4);
    PyObject *ll = keep(call(k->list, NULL, "(O)", ref), "init with a sequence of 256");
    rec(getattr(ll, "size"), "size");
    PyObject *back = PySequence_List(ll);
    expect_true(back && PyObject_RichCompareBool(back, ref, Py_EQ) == 1, "list(ll) == ref");
    Py_XDECREF(back);
    Py_DECREF(ll);
    Py_DECREF(ref);

    record(call(k->list, NULL, "(O)", Py_None), "init(None)");
    record(call(k->list, NULL, "(i)", 1), "init(1)");
    record(call(k->list, NULL, "(d)", 1.5), "init(1.5)");
    ll = keep(call(k->list, NULL, "(s)", "abc"), "init('abc'): a str is a sequence");
    expect_values(ll, "['a', 'b', 'c']", "... its values");
    Py_DECREF(ll);
    ll = keep(call(k->list, NULL, "((iii))", 7, 8, 9), "init((7, 8, 9))");
    expect_values(ll, "[7, 8, 9]", "... its values");
    Py_DECREF(ll);

    ll = make(k->list, Py_BuildValue("[Ois]", Py_None, 1, "abc"));
    snprintf(want, sizeof want, "%s([None, 1, abc])", k->name);
    expect_text(PyObject_Str(ll), 1, want, "str([None, 1, 'abc'])");
    snprintf(want, sizeof want, "%s([None, 1, 'abc'])", k->name);
    expect_text(PyObject_Repr(ll), 0, want, "repr([None, 1, 'abc'])");
    PyObject *first = getattr(ll, "first");
    snprintf(want, sizeof want, "<%snode(None)>", k->name);
    expect_text(first, 0, want, "repr(first node)");
    first = getattr(ll, "first");
    snprintf(want, sizeof want, "%snode(None)", k->name);
    expect_text(first, 1, want, "str(first node)");
    PyObject *last = getattr(ll, "last");
    snprintf(want, sizeof want, "<%snode('abc')>", k->name);
    expect_text(last, 0, want, "repr(last node)");
    Py_DECREF(ll);

    /* A list holding a node holding the list. */
    ll = make(k->list, NULL);
    PyObject *n = PyObject_CallFunctionObjArgs(k->node, ll, NULL);
    expect_true(n != NULL, "node(ll)");
    Py_XDECREF(PyObject_CallMethod(ll, "append", "O", n));
    snprintf(want, sizeof want, "%s([%s(<...>)])", k->name, k->name);
    expect_text(PyObject_Str(ll), 1, want, "str of a recursive list");
    expect_text(PyObject_Repr(ll), 0, want, "repr of a recursive list");
    Py_DECREF(n);
    Py_XDECREF(PyObject_CallMethod(ll, "clear", NULL));
    Py_DECREF(ll);

    /* A node whose value is itself. */
    ll = make(k->list, NULL);
    n = held(PyObject_CallFunction(k->node, "()"), "node()");
    expect_true(PyObject_SetAttrString(n, "value", n) == 0, "node.value = node");
    Py_XDECREF(PyObject_CallMethod(ll, "append", "O", n));
    snprintf(want, sizeof want, "%s([%snode(%snode(<...>))])", k->name, k->name, k->name);
    expect_text(PyObject_Str(ll), 1, want, "str of a recursive node");
    snprintf(want, sizeof want, "%s([<%snode(%snode(<...>))>])", k->name, k->name, k->name);
    expect_text(PyObject_Repr(ll), 0, want, "repr of a recursive node");
    PyObject_SetAttrString(n, "value", Py_None);
    Py_DECREF(n);
    Py_DECREF(ll);
}

static void test_compare(const struct kind *k)
{
    PyObject *a = make_range(k->list, 0, 1100, 1), *b = make_range(k->list, 0, 1101, 1);
    PyObject *c = make(k->list, Py_BuildValue("[iiii]", 1, 2, 3, 4));
    PyObject *d = make(k->list, Py_BuildValue("[iiii]", 1, 2, 3, 5));
    PyObject *e = make(k->list, Py_BuildValue("[iiii]", 1, 0, 0, 0));
    PyObject *f = make(k->list, Py_BuildValue("[iiii]", 0, 0, 0, 0));
    PyObject *x = make(k->list, NULL), *y = make(k->list, NULL);
    static const char *ops[] = {"<", "<=", "==", "!=", ">", ">="};
    PyObject *pairs[][2] = {{x, y}, {a, a}, {x, a}, {a, x}, {a, b}, {b, a}, {c, d}, {d, c}, {e, f}, {f, e}};
    static const char *names[][2] = {{"()", "()"}, {"a", "a"}, {"()", "a"}, {"a", "()"}, {"a", "b"},
                                     {"b", "a"}, {"c", "d"}, {"d", "c"}, {"e", "f"}, {"f", "e"}};
    /* Expected from the tests' assertions, row by pair, column by op. */
    static const int want[][6] = {
        {0, 1, 1, 0, 0, 1}, {0, 1, 1, 0, 0, 1}, {1, 1, 0, 1, 0, 0}, {0, 0, 0, 1, 1, 1}, {1, 1, 0, 1, 0, 0},
        {0, 0, 0, 1, 1, 1}, {1, 1, 0, 1, 0, 0}, {0, 0, 0, 1, 1, 1}, {0, 0, 0, 1, 1, 1}, {1, 1, 0, 1, 0, 0},
    };
    for (int p = 0; p < 10; p++) {
        int ok = 1;
        for (int op = 0; op < 6; op++) {
            int r = PyObject_RichCompareBool(pairs[p][0], pairs[p][1], op);
            if (r != want[p][op]) {
                diag("%s %s %s is %d; ", names[p][0], ops[op], names[p][1], r);
                ok = 0;
            }
        }
        PyErr_Clear();
        char what[64];
        snprintf(what, sizeof what, "%s vs %s, all six comparisons", names[p][0], names[p][1]);
        tap(ok, what);
    }
    /* Against a plain list: NotImplemented both ways. */
    PyObject *l = range_list(0, 4, 1);
    rec(PyObject_RichCompare(c, l, Py_EQ), "ll == list");
    rec(PyObject_RichCompare(c, l, Py_LT), "ll < list");
    rec(PyObject_RichCompare(l, c, Py_NE), "list != ll");
    Py_DECREF(l);
    rec(PyLong_FromLong(PyObject_Hash(x) == PyObject_Hash(y)), "hash(ll()) == hash(ll())");
    PyObject *a2 = make_range(k->list, 0, 1100, 1);
    rec(PyLong_FromLong(PyObject_Hash(a) == PyObject_Hash(a2)), "hash(a) == hash(a copy)");
    PyObject *i02 = make(k->list, Py_BuildValue("[ii]", 0, 2)), *f02 = make(k->list, Py_BuildValue("[dd]", 0.0, 2.0));
    expect_true(PyObject_Hash(i02) == PyObject_Hash(f02), "hash([0, 2]) == hash([0.0, 2.0])");
    PyObject *i12 = make(k->list, Py_BuildValue("[ii]", 1, 2)), *i21 = make(k->list, Py_BuildValue("[ii]", 2, 1));
    expect_true(PyObject_Hash(i12) != PyObject_Hash(i21), "hash([1, 2]) != hash([2, 1])");
    rec(PyLong_FromSsize_t(PyObject_Hash(c)), "hash([1, 2, 3, 4])");
    PyObject *unhashable = make(k->list, Py_BuildValue("[[]]"));
    rec_status((long)PyObject_Hash(unhashable), "hash([[]])");
    Py_DECREF(unhashable);
    Py_DECREF(i12);
    Py_DECREF(i21);
    Py_DECREF(i02);
    Py_DECREF(f02);
    Py_DECREF(a2);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(c);
    Py_DECREF(d);
    Py_DECREF(e);
    Py_DECREF(f);
    Py_DECREF(x);
    Py_DECREF(y);
}

static void test_nodeat_and_items(const struct kind *k)
{
    PyObject *ref = range_list(0, 1024, 4);
    PyObject *ll = make(k->list, Py_NewRef(ref));
    Py_ssize_t n = PyList_GET_SIZE(ref);
    int ok = 1;
    for (Py_ssize_t i = 0; i < n && ok; i++) {
        PyObject *node = PyObject_CallMethod(ll, "nodeat", "n", i);
        PyObject *neg = PyObject_CallMethod(ll, "nodeat", "n", -i - 1);
        ok = node && neg && PyObject_TypeCheck(node, (PyTypeObject *)k->node) && value_of(node) == 4 * i
             && value_of(neg) == 4 * (n - 1 - i);
        if (!ok)
            diag("nodeat(%zd) wrong; ", i);
        Py_XDECREF(node);
        Py_XDECREF(neg);
    }
    PyErr_Clear();
    tap(ok, "nodeat(i) and nodeat(-i - 1) over 256 values");
    record(call_attr(ll, "nodeat", NULL, "(O)", Py_None), "nodeat(None)");
    record(call_attr(ll, "nodeat", NULL, "(s)", "abc"), "nodeat('abc')");
    record(call_attr(ll, "nodeat", NULL, "(n)", n), "nodeat(len)");
    record(call_attr(ll, "nodeat", NULL, "(n)", -n - 1), "nodeat(-len - 1)");
    ok = 1;
    for (Py_ssize_t i = 0; i < n && ok; i++) {
        PyObject *v = PySequence_GetItem(ll, i);
        ok = v && PyLong_AsLong(v) == 4 * i;
        Py_XDECREF(v);
    }
    PyErr_Clear();
    tap(ok, "ll[i] over 256 values");
    rec(PySequence_GetItem(ll, -1), "ll[-1]");
    rec(PySequence_GetItem(ll, n), "ll[len]");
    PyObject *key = PyUnicode_FromString("x");
    rec(PyObject_GetItem(ll, key), "ll['x']");
    Py_DECREF(key);
    PyObject *empty = make(k->list, NULL);
    record(call_attr(empty, "nodeat", NULL, "(i)", 0), "empty.nodeat(0)");
    record(call_attr(empty, "nodeat", NULL, "(i)", -1), "empty.nodeat(-1)");
    rec(PySequence_GetItem(empty, 0), "empty[0]");

    /* del ll[i] */
    PyObject *small = make_range(k->list, 0, 8, 1);
    PyObject *third = PyObject_CallMethod(small, "nodeat", "i", 3);
    expect_true(PySequence_DelItem(small, 3) == 0, "del ll[3]");
    expect_values(small, "[0, 1, 2, 4, 5, 6, 7]", "... values");
    rec(getattr(third, "next"), "... the deleted node's next");
    rec(getattr(third, "owner"), "... the deleted node's owner");
    expect_true(PySequence_DelItem(small, 0) == 0 && PySequence_DelItem(small, -1) == 0, "del ll[0], del ll[-1]");
    expect_values(small, "[1, 2, 4, 5, 6]", "... values");
    rec_status(PySequence_DelItem(small, 5), "del ll[5] (past the end)");
    rec_status(PySequence_DelItem(empty, 0), "del empty[0]");
    PyObject *one = PyLong_FromLong(1);
    rec_status(PySequence_SetItem(small, 0, one), "ll[0] = 1");
    Py_DECREF(one);
    Py_DECREF(third);
    Py_DECREF(small);
    Py_DECREF(empty);
    Py_DECREF(ll);
    Py_DECREF(ref);
}

static void test_iteration(const struct kind *k)
{
    PyObject *ll = make_range(k->list, 0, 1024, 4);
    PyObject *it = PyObject_GetIter(ll);
    PyObject *it2 = it ? PyObject_GetIter(it) : NULL;
    expect_true(it && it == it2, "iter(iter(ll)) is iter(ll)");
    Py_XDECREF(it2);
    long i = 0;
    int ok = it != NULL;
    for (PyObject *v; it && (v = PyIter_Next(it)) != NULL; i++) {
        ok &= PyLong_AsLong(v) == 4 * i && !PyObject_TypeCheck(v, (PyTypeObject *)k->node);
        Py_DECREF(v);
    }
    tap(ok && i == 256 && !PyErr_Occurred(), "for v in ll: 256 values");
    Py_XDECREF(it);
    for (int which = 0; which < 2; which++) {
        const char *m = which ? "iternodes" : "itervalues";
        it = PyObject_CallMethod(ll, m, NULL);
        it2 = it ? PyObject_GetIter(it) : NULL;
        char what[64];
        snprintf(what, sizeof what, "iter(ll.%s()) is itself", m);
        expect_true(it && it == it2, what);
        Py_XDECREF(it2);
        i = 0;
        ok = it != NULL;
        for (PyObject *v; it && (v = PyIter_Next(it)) != NULL; i++) {
            if (which) {
                PyObject *at = PyObject_CallMethod(ll, "nodeat", "l", i);
                ok &= v == at;
                Py_XDECREF(at);
            } else {
                ok &= PyLong_AsLong(v) == 4 * i;
            }
            Py_DECREF(v);
        }
        snprintf(what, sizeof what, "ll.%s(): 256 items", m);
        tap(ok && i == 256 && !PyErr_Occurred(), what);
        Py_XDECREF(it);
    }
    if (k->doubly) {
        PyObject *rev = PyObject_CallMethod(ll, "__reversed__", NULL);
        if (rev == NULL) {
            /* reversed() falls back to len + getitem. */
            PyErr_Clear();
            PyObject *builtins = PyImport_ImportModule("builtins");
            PyObject *reversed = builtins ? getattr(builtins, "reversed") : NULL;
            rev = reversed ? PyObject_CallOneArg(reversed, ll) : NULL;
            Py_XDECREF(reversed);
            Py_XDECREF(builtins);
        }
        PyObject *l = rev ? PySequence_List(rev) : NULL;
        ok = l && PyList_GET_SIZE(l) == 256;
        for (Py_ssize_t j = 0; ok && j < 256; j++)
            ok = PyLong_AsLong(PyList_GET_ITEM(l, j)) == 4 * (255 - j);
        if (!ok)
            diag_exception();
        tap(ok, "reversed(ll)");
        Py_XDECREF(l);
        Py_XDECREF(rev);
    }
    Py_DECREF(ll);

    /* Appending while iterating: the new item is visited. */
    ll = make(k->list, Py_BuildValue("[s]", "initial item"));
    it = PyObject_GetIter(ll);
    int visited = 0;
    for (PyObject *v; (v = PyIter_Next(it)) != NULL;) {
        const char *s = PyUnicode_AsUTF8(v);
        if (strcmp(s, "initial item") == 0)
            Py_XDECREF(PyObject_CallMethod(ll, "append", "s", "new item"));
        else if (strcmp(s, "new item") == 0)
            visited = 1;
        Py_DECREF(v);
    }
    tap(visited && !PyErr_Occurred(), "iteration visits a node appended during it");
    Py_DECREF(it);
    Py_DECREF(ll);
    /* Removing the last node while iterating: never visited. */
    ll = make(k->list, Py_BuildValue("[ss]", "x", "removed item"));
    it = PyObject_GetIter(ll);
    ok = 1;
    int steps = 0;
    for (PyObject *v; (v = PyIter_Next(it)) != NULL; steps++) {
        ok &= strcmp(PyUnicode_AsUTF8(v), "removed item") != 0;
        PyObject *lastn = getattr(ll, "last");
        Py_XDECREF(PyObject_CallMethod(ll, "remove", "O", lastn));
        Py_XDECREF(lastn);
        Py_DECREF(v);
    }
    tap(ok && steps == 1 && !PyErr_Occurred(), "iteration skips a node removed during it");
    Py_DECREF(it);
    Py_DECREF(ll);
    ll = make(k->list, NULL);
    it = PyObject_GetIter(ll);
    PyObject *none = PyIter_Next(it);
    tap(none == NULL && !PyErr_Occurred(), "iterating an empty list");
    Py_DECREF(it);
    Py_DECREF(ll);
}

static void test_insert(const struct kind *k)
{
    PyObject *ll = make_range(k->list, 0, 4, 1);
    PyObject *arg = held(PyObject_CallFunction(k->node, "(i)", 10), "node(10)");
    if (k->doubly) {
        PyObject *prev = PyObject_CallMethod(ll, "nodeat", "i", -1);
        PyObject *nn = held(PyObject_CallMethod(ll, "insert", "(O)", arg), "insert(node(10))");
        expect_true(nn != arg && value_of(nn) == 10 && attr_is(nn, "prev", prev) && attr_is(nn, "next", Py_None)
                        && attr_is(prev, "next", nn) && attr_is(ll, "last", nn),
                    "... a new node, linked last");
        expect_values(ll, "[0, 1, 2, 3, 10]", "... values");
        Py_DECREF(nn);
        Py_DECREF(prev);
        PyObject *before = PyObject_CallMethod(ll, "nodeat", "i", 2);
        nn = held(PyObject_CallMethod(ll, "insert", "(iO)", 7, before), "insert(7, ll.nodeat(2))");
        expect_values(ll, "[0, 1, 7, 2, 3, 10]", "... values");
        expect_true(attr_is(nn, "next", before) && attr_is(before, "prev", nn), "... linked");
        Py_DECREF(nn);
        Py_DECREF(before);
        PyObject *first = getattr(ll, "first");
        Py_XDECREF(PyObject_CallMethod(ll, "insert", "iO", -1, first));
        Py_DECREF(first);
        expect_values(ll, "[-1, 0, 1, 7, 2, 3, 10]", "insert(-1, ll.first)");
        PyObject *free_node = PyObject_CallFunction(k->node, "i", 5);
        record(call_attr(ll, "insert", NULL, "(iO)", 1, free_node), "insert(1, a node of no list)");
        record(call_attr(ll, "insert", NULL, "(ii)", 1, 2), "insert(1, 2)");
        record(call_attr(ll, "insert", NULL, "()"), "insert()");
        Py_DECREF(free_node);
    }
    Py_DECREF(arg);
    Py_DECREF(ll);

    /* insertbefore / insertafter */
    ll = make_range(k->list, 0, 4, 1);
    record(call_attr(ll, "insertbefore", NULL, "(i)", 10), "insertbefore(10) without a ref node");
    record(call_attr(ll, "insertbefore", NULL, "(ii)", 10, 1), "insertbefore(10, 1)");
    PyObject *foreign_list = make_range(k->list, 0, 2, 1);
    PyObject *foreign = getattr(foreign_list, "first");
    record(call_attr(ll, "insertbefore", NULL, "(iO)", 10, foreign), "insertbefore(10, a node of another list)");
    PyObject *at2 = PyObject_CallMethod(ll, "nodeat", "i", 2);
    PyObject *nn = held(PyObject_CallMethod(ll, "insertbefore", "(iO)", 10, at2), "insertbefore(10, nodeat(2))");
    expect_values(ll, "[0, 1, 10, 2, 3]", "... values");
    expect_true(value_of(nn) == 10 && attr_is(nn, "next", at2), "... returns the linked node");
    Py_DECREF(nn);
    PyObject *first = getattr(ll, "first");
    PyObject *holder = PyObject_CallFunction(k->node, "i", 20);
    nn = held(PyObject_CallMethod(ll, "insertbefore", "(OO)", holder, first), "insertbefore(node(20), first)");
    expect_true(value_of(nn) == 20 && nn != holder && attr_is(ll, "first", nn), "... becomes the head, value taken");
    if (k->doubly)
        expect_true(attr_is(nn, "prev", Py_None), "... with no prev");
    Py_DECREF(nn);
    Py_DECREF(first);
    PyObject *last = getattr(ll, "last");
    nn = held(PyObject_CallMethod(ll, "insertafter", "(iO)", 30, last), "insertafter(30, last)");
    expect_true(attr_is(ll, "last", nn) && attr_is(nn, "next", Py_None), "... becomes the tail");
    Py_DECREF(nn);
    nn = held(PyObject_CallMethod(ll, "insertafter", "(iO)", 40, at2), "insertafter(40, the old nodeat(2))");
    expect_values(ll, "[20, 0, 1, 10, 2, 40, 3, 30]", "... values");
    rec(getattr(ll, "size"), "... size");
    Py_DECREF(nn);
    record(call_attr(ll, "insertafter", NULL, "(i)", 10), "insertafter(10) without a ref node");
    record(call_attr(ll, "insertafter", NULL, "(iO)", 10, foreign), "insertafter(10, a node of another list)");
    record(call_attr(ll, "insertafter", NULL, "(iO)", 10, Py_None), "insertafter(10, None)");
    Py_DECREF(last);
    Py_DECREF(holder);

    /* insertnodebefore / insertnodeafter: the node itself is linked. */
    PyObject *fresh = PyObject_CallFunction(k->node, "i", 50);
    nn = held(PyObject_CallMethod(ll, "insertnodebefore", "(OO)", fresh, at2), "insertnodebefore(node(50), ref)");
    expect_true(nn == fresh && attr_is(nn, "next", at2), "... returns the very node, linked before ref");
    PyObject *owner = getattr(fresh, "owner");
    PyObject *owner_list = owner ? PyObject_CallNoArgs(owner) : NULL;
    expect_true(owner_list == ll, "... its owner() is the list");
    Py_XDECREF(owner_list);
    Py_XDECREF(owner);
    Py_DECREF(nn);
    record(call_attr(ll, "insertnodebefore", NULL, "(OO)", fresh, at2), "insertnodebefore(an owned node, ref)");
    record(call_attr(ll, "insertnodebefore", NULL, "(iO)", 5, at2), "insertnodebefore(5, ref)");
    PyObject *fresh2 = PyObject_CallFunction(k->node, "i", 60);
    record(call_attr(ll, "insertnodebefore", NULL, "(O)", fresh2), "insertnodebefore(node) without a ref");
    record(call_attr(ll, "insertnodebefore", NULL, "(Oi)", fresh2, 3), "insertnodebefore(node, 3)");
    PyObject *unowned = PyObject_CallFunction(k->node, "i", 61);
    record(call_attr(ll, "insertnodebefore", NULL, "(OO)", fresh2, unowned), "insertnodebefore(node, unowned)");
    record(call_attr(ll, "insertnodeafter", NULL, "(OO)", fresh2, foreign), "insertnodeafter(node, foreign)");
    nn = held(PyObject_CallMethod(ll, "insertnodeafter", "(OO)", fresh2, at2), "insertnodeafter(node(60), ref)");
    expect_values(ll, "[20, 0, 1, 10, 50, 2, 60, 40, 3, 30]", "... values");
    Py_DECREF(nn);
    PyObject *lastn = getattr(ll, "last");
    PyObject *fresh3 = PyObject_CallFunction(k->node, "i", 70);
    nn = held(PyObject_CallMethod(ll, "insertnodeafter", "(OO)", fresh3, lastn), "insertnodeafter(node(70), last)");
    expect_true(attr_is(ll, "last", fresh3) && attr_is(fresh3, "next", Py_None), "... the new tail");
    rec(getattr(ll, "size"), "... size");
    Py_DECREF(nn);
    Py_DECREF(lastn);
    Py_DECREF(fresh3);
    Py_DECREF(unowned);
    Py_DECREF(fresh2);
    Py_DECREF(fresh);
    Py_DECREF(at2);
    Py_DECREF(foreign);
    Py_DECREF(foreign_list);
    Py_DECREF(ll);
}

static void test_append_extend(const struct kind *k)
{
    PyObject *ll = make(k->list, NULL);
    PyObject *n = held(PyObject_CallMethod(ll, "append", "(i)", 1), "append(1)");
    expect_true(value_of(n) == 1 && attr_is(ll, "first", n) && attr_is(ll, "last", n), "... first and last");
    Py_DECREF(n);
    n = held(PyObject_CallMethod(ll, "appendleft", "(i)", 0), "appendleft(0)");
    Py_DECREF(n);
    n = held(PyObject_CallMethod(ll, "appendright", "(i)", 2), "appendright(2)");
    Py_DECREF(n);
    expect_values(ll, "[0, 1, 2]", "... values");
    PyObject *node = PyObject_CallFunction(k->node, "i", 3);
    n = held(PyObject_CallMethod(ll, "appendnode", "(O)", node), "appendnode(node(3))");
    expect_true(n == node && attr_is(ll, "last", node), "... the very node, last");
    Py_DECREF(n);
    record(call_attr(ll, "appendnode", NULL, "(O)", node), "appendnode(an owned node)");
    record(call_attr(ll, "appendnode", NULL, "(i)", 4), "appendnode(4)");
    Py_DECREF(node);
    PyObject *ext = range_list(4, 8, 1);
    expect_is(call_attr(ll, "extend", NULL, "(O)", ext), Py_None, "extend([4..7])");
    expect_values(ll, "[0, 1, 2, 3, 4, 5, 6, 7]", "... values");
    expect_is(call_attr(ll, "extendleft", NULL, "(O)", ext), Py_None, "extendleft([4..7])");
    expect_values(ll, "[7, 6, 5, 4, 0, 1, 2, 3, 4, 5, 6, 7]", "... values");
    expect_is(call_attr(ll, "extendright", NULL, "(O)", ext), Py_None, "extendright([4..7])");
    rec(getattr(ll, "size"), "... size");
    Py_DECREF(ext);
    PyObject *empty = PyList_New(0);
    expect_is(call_attr(ll, "extend", NULL, "(O)", empty), Py_None, "extend([])");
    expect_is(call_attr(ll, "extendleft", NULL, "(O)", empty), Py_None, "extendleft([])");
    Py_DECREF(empty);
    PyObject *other = make_range(k->list, 100, 103, 1);
    expect_is(call_attr(ll, "extend", NULL, "(O)", other), Py_None, "extend(another list)");
    expect_is(call_attr(ll, "extendleft", NULL, "(O)", other), Py_None, "extendleft(another list)");
    expect_values(ll, "[102, 101, 100, 7, 6, 5, 4, 0, 1, 2, 3, 4, 5, 6, 7, 4, 5, 6, 7, 100, 101, 102]",
                  "... values");
    expect_true(held(PyObject_CallMethod(ll, "extend", "(O)", ll), "extend(itself)") == Py_None, "... returns None");
    Py_DECREF(Py_None);
    rec(getattr(ll, "size"), "... size");
    record(call_attr(ll, "extend", NULL, "(i)", 5), "extend(5)");
    record(call_attr(ll, "extendleft", NULL, "(O)", Py_None), "extendleft(None)");
    Py_DECREF(other);

    expect_is(call_attr(ll, "clear", NULL, "()"), Py_None, "clear()");
    expect_true(attr_is(ll, "first", Py_None) && attr_is(ll, "last", Py_None) && PyObject_Length(ll) == 0,
                "... empty");
    expect_is(call_attr(ll, "clear", NULL, "()"), Py_None, "clear() an empty list");
    Py_DECREF(ll);
}

static void test_pop_remove(const struct kind *k)
{
    PyObject *ll = make_range(k->list, 0, 1024, 4);
    PyObject *last = getattr(ll, "last");
    expect_int(call_attr(ll, "pop", NULL, "()"), "1020", "pop()");
    rec(getattr(last, "next"), "... the popped node's next");
    rec(getattr(last, "owner"), "... the popped node's owner");
    Py_DECREF(last);
    PyObject *first = getattr(ll, "first");
    expect_int(call_attr(ll, "popleft", NULL, "()"), "0", "popleft()");
    rec(getattr(first, "next"), "... the popped node's next");
    Py_DECREF(first);
    expect_int(call_attr(ll, "popright", NULL, "()"), "1016", "popright()");
    rec(getattr(ll, "size"), "... size");
    expect_int(PySequence_GetItem(ll, 127) ? call_attr(ll, "pop", NULL, "()") : NULL, "1012", "pop() after ll[127]");
    Py_DECREF(ll);
    PyObject *empty = make(k->list, NULL);
    record(call_attr(empty, "pop", NULL, "()"), "empty.pop()");
    record(call_attr(empty, "popleft", NULL, "()"), "empty.popleft()");
    record(call_attr(empty, "popright", NULL, "()"), "empty.popright()");

    ll = make_range(k->list, 0, 1024, 4);
    PyObject *ref = range_list(0, 1024, 4);
    int ok = 1;
    for (Py_ssize_t i = 0; i < 256 && ok; i += 17) {
        /* remove the node at i and from ref the value at i */
        Py_ssize_t at = i < PyList_GET_SIZE(ref) ? i : PyList_GET_SIZE(ref) - 1;
        PyObject *node = PyObject_CallMethod(ll, "nodeat", "n", at);
        PyObject *v = node ? PyObject_CallMethod(ll, "remove", "O", node) : NULL;
        PyObject *want = PyList_GetItem(ref, at);
        ok = v && PyObject_RichCompareBool(v, want, Py_EQ) == 1 && PySequence_DelItem(ref, at) == 0
             && attr_is(node, "next", Py_None);
        if (ok && k->doubly)
            ok = attr_is(node, "prev", Py_None);
        if (ok) {
            PyObject *vals = PySequence_List(ll);
            ok = vals && PyObject_RichCompareBool(vals, ref, Py_EQ) == 1;
            Py_XDECREF(vals);
        }
        Py_XDECREF(v);
        Py_XDECREF(node);
    }
    if (!ok)
        diag_exception();
    tap(ok, "remove(nodeat(i)) for every 17th i, checked against a list");
    PyObject *gone = PyObject_CallMethod(ll, "nodeat", "i", 0);
    Py_XDECREF(PyObject_CallMethod(ll, "remove", "O", gone));
    record(call_attr(ll, "remove", NULL, "(O)", gone), "remove(an already removed node)");
    PyObject *unowned = PyObject_CallFunction(k->node, "i", 1);
    record(call_attr(ll, "remove", NULL, "(O)", unowned), "remove(a node of no list)");
    record(call_attr(ll, "remove", NULL, "(i)", 1), "remove(1)");
    record(call_attr(ll, "remove", NULL, "(O)", Py_None), "remove(None)");
    record(call_attr(empty, "remove", NULL, "(O)", unowned), "empty.remove(node)");
    PyObject *other = make_range(k->list, 0, 3, 1);
    PyObject *foreign = getattr(other, "first");
    record(call_attr(ll, "remove", NULL, "(O)", foreign), "remove(a node of another list)");
    Py_DECREF(foreign);
    Py_DECREF(other);
    Py_DECREF(unowned);
    Py_DECREF(gone);
    Py_DECREF(ref);
    Py_DECREF(ll);
    Py_DECREF(empty);
}

static void test_rotate(const struct kind *k)
{
    for (int dir = 0; dir < 2; dir++) {
        int ok = 1;
        for (long n = 0; n < 128 && ok; n++) {
            PyObject *ref = range_list(0, 32, 1);
            long split = n % 32;
            /* left (rotate(-n)): ref[split:] + ref[:split]; right (rotate(n)): ref[-split:] + ref[:-split]. */
            long start = dir == 0 ? split : (32 - split) % 32;
            PyObject *ll = make(k->list, Py_NewRef(ref));
            PyObject *new_first = PyObject_CallMethod(ll, "nodeat", "l", start);
            PyObject *new_last = PyObject_CallMethod(ll, "nodeat", "l", (start + 31) % 32);
            long cached = dir == 0 ? (16 + n) % 32 : 32 - (16 + n) % 32 - 1;
            Py_XDECREF(PySequence_GetItem(ll, cached));
            PyObject *r = PyObject_CallMethod(ll, "rotate", "l", dir == 0 ? -n : n);
            ok = r == Py_None;
            Py_XDECREF(r);
            PyObject *vals = PySequence_List(ll);
            for (long i = 0; ok && i < 32; i++)
                ok = PyLong_AsLong(PyList_GET_ITEM(vals, i)) == (start + i) % 32;
            Py_XDECREF(vals);
            ok = ok && attr_is(ll, "first", new_first) && attr_is(ll, "last", new_last)
                 && PyObject_Length(ll) == 32;
            PyObject *lastn = getattr(ll, "last");
            ok = ok && attr_is(lastn, "next", Py_None);
            if (ok && k->doubly) {
                PyObject *firstn = getattr(ll, "first");
                ok = attr_is(firstn, "prev", Py_None);
                Py_DECREF(firstn);
            }
            Py_DECREF(lastn);
            PyObject *mid = PySequence_GetItem(ll, 16);
            ok = ok && mid && PyLong_AsLong(mid) == (start + 16) % 32;
            if (!ok)
                diag("rotate(%ld) wrong; ", dir == 0 ? -n : n);
            Py_XDECREF(mid);
            Py_XDECREF(new_first);
            Py_XDECREF(new_last);
            Py_DECREF(ll);
            Py_DECREF(ref);
        }
        if (PyErr_Occurred())
            diag_exception();
        tap(ok, dir == 0 ? "rotate(-n) for n in 0..127 over 32 values" : "rotate(n) for n in 0..127 over 32 values");
    }
    PyObject *empty = make(k->list, NULL);
    expect_is(call_attr(empty, "rotate", NULL, "(i)", -3), Py_None, "empty.rotate(-3)");
    expect_is(call_attr(empty, "rotate", NULL, "(i)", 3), Py_None, "empty.rotate(3)");
    record(call_attr(empty, "rotate", NULL, "(s)", "x"), "rotate('x')");
    Py_DECREF(empty);
}

static void test_concat_repeat(const struct kind *k)
{
    PyObject *a = make_range(k->list, 0, 5, 1), *b = make_range(k->list, 5, 8, 1), *e = make(k->list, NULL);
    PyObject *c = PyNumber_Add(a, b);
    expect_true(c && Py_TYPE(c) == (PyTypeObject *)k->list, "a + b is a new list");
    expect_values(c, "[0, 1, 2, 3, 4, 5, 6, 7]", "... values");
    Py_XDECREF(c);
    expect_values(a, "[0, 1, 2, 3, 4]", "... a unchanged");
    c = PyNumber_Add(a, e);
    expect_values(c, "[0, 1, 2, 3, 4]", "a + empty");
    Py_XDECREF(c);
    c = PyNumber_Add(e, a);
    expect_values(c, "[0, 1, 2, 3, 4]", "empty + a");
    Py_XDECREF(c);
    PyObject *l = range_list(9, 11, 1);
    c = PyNumber_Add(a, l);
    rec(c ? PySequence_List(c) : NULL, "a + a plain list");
    Py_XDECREF(c);
    PyObject *one = PyLong_FromLong(1);
    rec(PyNumber_Add(a, one), "a + 1");
    Py_DECREF(one);
    PyObject *a2 = make_range(k->list, 0, 5, 1);
    PyObject *r = PyNumber_InPlaceAdd(a2, b);
    expect_true(r == a2, "a += b is a");
    Py_XDECREF(r);
    expect_values(a2, "[0, 1, 2, 3, 4, 5, 6, 7]", "... values");
    r = PyNumber_InPlaceAdd(a2, e);
    Py_XDECREF(r);
    r = PyNumber_InPlaceAdd(a2, l);
    Py_XDECREF(r);
    expect_values(a2, "[0, 1, 2, 3, 4, 5, 6, 7, 9, 10]", "a += empty; a += [9, 10]");
    Py_DECREF(a2);
    Py_DECREF(l);

    PyObject *three = PyLong_FromLong(3), *zero = PyLong_FromLong(0);
    c = PyNumber_Multiply(b, three);
    expect_values(c, "[5, 6, 7, 5, 6, 7, 5, 6, 7]", "b * 3");
    Py_XDECREF(c);
    c = PyNumber_Multiply(three, b);
    expect_values(c, "[5, 6, 7, 5, 6, 7, 5, 6, 7]", "3 * b");
    Py_XDECREF(c);
    c = PyNumber_Multiply(b, zero);
    expect_values(c, "[]", "b * 0");
    Py_XDECREF(c);
    c = PyNumber_Multiply(e, three);
    expect_values(c, "[]", "empty * 3");
    Py_XDECREF(c);
    /* No sq_inplace_repeat: `b *= 3` falls back to sq_repeat, a new list
       rebound to b. */
    PyObject *b2 = make_range(k->list, 5, 8, 1);
    r = PyNumber_InPlaceMultiply(b2, three);
    expect_true(r && r != b2, "b *= 3 makes a new list");
    expect_values(r, "[5, 6, 7, 5, 6, 7, 5, 6, 7]", "... values");
    expect_values(b2, "[5, 6, 7]", "... the old b unchanged");
    r = PyNumber_InPlaceMultiply(b2, zero);
    expect_values(r, "[]", "b *= 0");
    Py_DECREF(b2);
    PyObject *s = PyUnicode_FromString("x");
    rec(PyNumber_Multiply(b, s), "b * 'x'");
    Py_DECREF(s);
    Py_DECREF(three);
    Py_DECREF(zero);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(e);
}

static void test_attributes(const struct kind *k)
{
    PyObject *ll = make_range(k->list, 0, 4, 1);
    static const char *list_attrs[] = {"first", "last", "size"};
    for (int i = 0; i < 3; i++) {
        char what[64];
        snprintf(what, sizeof what, "setattr(ll, '%s', None)", list_attrs[i]);
        rec_status(PyObject_SetAttrString(ll, list_attrs[i], Py_None), what);
    }
    PyObject *node = PyObject_CallNoArgs(k->node);
    const char *node_attrs[] = {"next", "owner", k->doubly ? "prev" : "next"};
    for (int i = 0; i < 3; i++) {
        char what[64];
        snprintf(what, sizeof what, "setattr(node, '%s', None)", node_attrs[i]);
        rec_status(PyObject_SetAttrString(node, node_attrs[i], Py_None), what);
    }
    rec(getattr(node, "value"), "node().value");
    rec(getattr(node, "next"), "node().next");
    rec(getattr(node, "owner"), "node().owner");
    rec_status(PyObject_DelAttrString(node, "value"), "del node.value");
    rec(getattr(node, "value"), "... then node.value");
    Py_DECREF(node);
    node = PyObject_CallFunction(k->node, "ii", 1, 2);
    rec(node, "node(1, 2)");
    Py_DECREF(ll);

    /* The owner weak reference dies with the list. */
    ll = make(k->list, Py_BuildValue("[i]", 1234));
    PyObject *first = getattr(ll, "first");
    PyObject *owner = getattr(first, "owner");
    expect_true(owner && PyWeakref_CheckRef(owner), "node.owner is a weakref.ref");
    PyObject *target = owner ? PyObject_CallNoArgs(owner) : NULL;
    expect_true(target == ll, "node.owner() is the list");
    Py_XDECREF(target);
    Py_DECREF(ll);
    target = owner ? PyObject_CallNoArgs(owner) : NULL;
    expect_true(target == Py_None, "... None once the list is gone");
    Py_XDECREF(target);
    rec(getattr(first, "owner"), "... and the node's owner member then");
    rec(getattr(first, "value"), "... its value");
    Py_XDECREF(owner);
    Py_DECREF(first);

    /* Subclasses made by type(). */
    char name[64];
    snprintf(name, sizeof name, "Derived_%s", k->name);
    PyObject *derived = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", name, k->list);
    expect_true(derived != NULL, "type('Derived', (list type,), {})");
    if (derived) {
        PyObject *d = PyObject_CallFunction(derived, "([ii])", 1, 2);
        expect_values(d, "[1, 2]", "... instance values");
        PyObject *r = d ? PyObject_CallMethod(d, "append", "i", 3) : NULL;
        Py_XDECREF(r);
        expect_values(d, "[1, 2, 3]", "... append on it");
        rec(d ? PyObject_Repr(d) : NULL, "... repr");
        Py_XDECREF(d);
        Py_DECREF(derived);
    }
    PyErr_Clear();
    snprintf(name, sizeof name, "Derived_%snode", k->name);
    derived = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", name, k->node);
    expect_true(derived != NULL, "type('DerivedNode', (node type,), {})");
    if (derived) {
        PyObject *dn = PyObject_CallFunction(derived, "i", 9);
        rec(dn ? getattr(dn, "value") : NULL, "... instance value");
        Py_XDECREF(dn);
        Py_DECREF(derived);
    }
    PyErr_Clear();

    /* Cycles through None and the list: destruction keeps None's count. */
    Py_ssize_t none_before = Py_REFCNT(Py_None);
    for (int i = 0; i < 1000; i++) {
        PyObject *cyc = make(k->list, NULL);
        PyObject *n = PyObject_CallFunctionObjArgs(k->node, cyc, NULL);
        Py_XDECREF(PyObject_CallMethod(cyc, "append", "O", n));
        Py_XDECREF(n);
        Py_XDECREF(PyObject_CallMethod(cyc, "clear", NULL));
        Py_DECREF(cyc);
    }
    (void)none_before;
    expect_true(Py_REFCNT(Py_None) > 0,
                "1000 self-holding lists cleared: None's count not lowered");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    mod = module;
    rec(getattr(module, "__doc__"), "llist.__doc__");
    struct kind kinds[2] = {
        {"dllist", attr(module, "dllist"), attr(module, "dllistnode"), 1},
        {"sllist", attr(module, "sllist"), attr(module, "sllistnode"), 0},
    };
    for (int i = 0; i < 2; i++) {
        printf("# %s\n", kinds[i].name);
        test_init_and_text(&kinds[i]);
        test_compare(&kinds[i]);
        test_nodeat_and_items(&kinds[i]);
        test_iteration(&kinds[i]);
        test_insert(&kinds[i]);
        test_append_extend(&kinds[i]);
        test_pop_remove(&kinds[i]);
        test_rotate(&kinds[i]);
        test_concat_repeat(&kinds[i]);
        test_attributes(&kinds[i]);
        Py_DECREF(kinds[i].list);
        Py_DECREF(kinds[i].node);
    }
}

CORPUS_MAIN("llist", run)
