/* Differential cases for the iterator protocol extras of the built-in
 * iterators, reached through the C API: __length_hint__ (directly and
 * through PyObject_LengthHint / operator.length_hint), __reduce__ (the
 * builtins.iter or builtins.reversed object itself, the sequence and the
 * index, or the empty sequence once exhausted), __setstate__ (clamping,
 * bad states, ignored once exhausted) and copy.copy / copy.deepcopy of the
 * iterators of list, tuple, str (ASCII and not), bytes, bytearray,
 * array.array, range (C long and arbitrary size), reversed(list), the
 * sequence iterator (PySeqIter_New) and the callable iterator; the dict
 * iterators (forward and reverse: hint, reduce to the list of what is
 * left, "dictionary changed size during iteration"), dict.__reversed__
 * and the views' __reversed__ and .mapping, PyDictRevIter*_Type, collections.abc
 * Reversible / MutableSequence (and the import of array failing with the
 * error of its registration); the set iterator's reduce; zip's and
 * map's reduce (and zip's strict state); memoryview's pickling error.
 *
 * Built against CPython 3.11 and against pybuffer; each build prints one
 * line per case (see case.h) and the two outputs must match.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *builtins, *copy_mod, *operator_mod;

static PyObject *b(int r)
{
    return r < 0 ? NULL : PyBool_FromLong(r);
}

static PyObject *ssize(Py_ssize_t n)
{
    return n == -1 && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(n);
}

/* `o.name()`, NULL-safe. */
static PyObject *call0(PyObject *o, const char *name)
{
    return o ? PyObject_CallMethod(o, name, NULL) : NULL;
}

/* `o.__setstate__(state)`; the state reference is given up. */
static PyObject *set_state(PyObject *o, PyObject *state)
{
    if (state == NULL)
        return NULL;
    PyObject *r = PyObject_CallMethod(o, "__setstate__", "O", state);
    Py_DECREF(state);
    return r;
}

/* list(o), NULL-safe; the reference to o is kept. */
static PyObject *listof(PyObject *o)
{
    return o ? PySequence_List(o) : NULL;
}

/* Shows what is told of `it` by reduce: the reduction, and whether its
   callable is builtins.iter / builtins.reversed itself. */
static void show_reduce(const char *what, PyObject *it)
{
    char buf[200];
    PyObject *r = call0(it, "__reduce__");
    if (r != NULL && PyTuple_Check(r) && PyTuple_GET_SIZE(r) > 0) {
        PyObject *f = PyTuple_GET_ITEM(r, 0);
        PyObject *iter = PyObject_GetAttrString(builtins, "iter");
        PyObject *rev = PyObject_GetAttrString(builtins, "reversed");
        snprintf(buf, sizeof buf, "%s: __reduce__ (callable is builtins.%s)", what,
                 f == iter ? "iter" : f == rev ? "reversed" : "?");
        Py_XDECREF(iter);
        Py_XDECREF(rev);
    } else {
        snprintf(buf, sizeof buf, "%s: __reduce__", what);
    }
    show(buf, r);
}

/* The hint both ways: the __length_hint__ method and PyObject_LengthHint
   (default 99). */
static void show_hint(const char *what, PyObject *it)
{
    char buf[200];
    snprintf(buf, sizeof buf, "%s: __length_hint__()", what);
    show(buf, call0(it, "__length_hint__"));
    snprintf(buf, sizeof buf, "%s: PyObject_LengthHint", what);
    show(buf, ssize(PyObject_LengthHint(it, 99)));
}

/* The whole protocol on iter(seq) (or `make(seq)`), after one next(). */
static void protocol(const char *what, PyObject *seq, PyObject *(*make)(PyObject *), int setstate_exhausted)
{
    char buf[200];
    if (seq == NULL) {
        show(what, NULL);
        return;
    }
    PyObject *it = make ? make(seq) : PyObject_GetIter(seq);
    snprintf(buf, sizeof buf, "%s: type", what);
    show(buf, it ? PyUnicode_FromString(Py_TYPE(it)->tp_name) : NULL);
    if (it == NULL) {
        Py_DECREF(seq);
        return;
    }
    snprintf(buf, sizeof buf, "%s: fresh", what);
    show_hint(buf, it);
    snprintf(buf, sizeof buf, "%s: next", what);
    show(buf, PyIter_Next(it));
    show_hint(what, it);
    show_reduce(what, it);

    PyObject *c = PyObject_CallMethod(copy_mod, "copy", "O", it);
    snprintf(buf, sizeof buf, "%s: copy.copy is a new iterator", what);
    show(buf, c ? PyBool_FromLong(c != it && Py_TYPE(c) == Py_TYPE(it)) : NULL);
    snprintf(buf, sizeof buf, "%s: list(copy.copy(it))", what);
    show(buf, listof(c));
    Py_XDECREF(c);
    PyObject *d = PyObject_CallMethod(copy_mod, "deepcopy", "O", it);
    snprintf(buf, sizeof buf, "%s: list(copy.deepcopy(it))", what);
    show(buf, listof(d));
    Py_XDECREF(d);
    snprintf(buf, sizeof buf, "%s: after the copies", what);
    show_hint(buf, it);

    static const char *states[] = {"-5", "99", "2", "0", NULL};
    for (int i = 0; states[i]; i++) {
        snprintf(buf, sizeof buf, "%s: __setstate__(%s)", what, states[i]);
        show(buf, set_state(it, PyLong_FromString(states[i], NULL, 10)));
        show_reduce(buf, it);
        show_hint(buf, it);
    }
    snprintf(buf, sizeof buf, "%s: __setstate__('x')", what);
    show(buf, set_state(it, PyUnicode_FromString("x")));
    snprintf(buf, sizeof buf, "%s: __setstate__(2**70)", what);
    show(buf, set_state(it, PyLong_FromString("1180591620717411303424", NULL, 10)));
    snprintf(buf, sizeof buf, "%s: __setstate__(1.5)", what);
    show(buf, set_state(it, PyFloat_FromDouble(1.5)));
    snprintf(buf, sizeof buf, "%s: __setstate__(True)", what);
    show(buf, set_state(it, Py_NewRef(Py_True)));
    show_reduce(buf, it);
    snprintf(buf, sizeof buf, "%s: __setstate__()", what);
    show(buf, PyObject_CallMethod(it, "__setstate__", NULL));

    snprintf(buf, sizeof buf, "%s: list(it)", what);
    show(buf, listof(it));
    snprintf(buf, sizeof buf, "%s: exhausted", what);
    show_hint(buf, it);
    show_reduce(buf, it);
    c = PyObject_CallMethod(copy_mod, "copy", "O", it);
    snprintf(buf, sizeof buf, "%s: exhausted: list(copy.copy(it))", what);
    show(buf, listof(c));
    Py_XDECREF(c);
    if (setstate_exhausted) {
        snprintf(buf, sizeof buf, "%s: exhausted: __setstate__(1)", what);
        show(buf, set_state(it, PyLong_FromLong(1)));
        show_reduce(buf, it);
        snprintf(buf, sizeof buf, "%s: exhausted: next", what);
        show(buf, PyIter_Next(it));
    }
    Py_DECREF(it);
    Py_DECREF(seq);
}

static PyObject *builtin_call(const char *name, PyObject *arg)
{
    PyObject *f = PyObject_GetAttrString(builtins, name);
    PyObject *r = f ? PyObject_CallOneArg(f, arg) : NULL;
    Py_XDECREF(f);
    return r;
}

static PyObject *make_reversed(PyObject *seq)
{
    return builtin_call("reversed", seq);
}

static PyObject *make_seqiter(PyObject *seq)
{
    return PySeqIter_New(seq);
}

/* array.array(code, [1, 2, 3]) */
static PyObject *array_of(const char *code)
{
    PyObject *m = PyImport_ImportModule("array");
    PyObject *r = m ? PyObject_CallMethod(m, "array", "s[iii]", code, 1, 2, 3) : NULL;
    Py_XDECREF(m);
    return r;
}

/* range(start, stop, step) */
static PyObject *range_of(long start, long stop, long step)
{
    return PyObject_CallMethod(builtins, "range", "lll", start, stop, step);
}

static void sequences(void)
{
    protocol("list", Py_BuildValue("[iii]", 1, 2, 3), NULL, 1);
    protocol("tuple", Py_BuildValue("(iii)", 1, 2, 3), NULL, 1);
    protocol("str ascii", PyUnicode_FromString("abc"), NULL, 1);
    protocol("str", PyUnicode_FromString("\xe1\x88\xb4" "bc"), NULL, 1);
    protocol("bytes", PyBytes_FromString("abc"), NULL, 1);
    protocol("bytearray", PyByteArray_FromStringAndSize("abc", 3), NULL, 1);
    /* CPython 3.11 crashes on __setstate__ of an exhausted arrayiterator. */
    protocol("array", array_of("b"), NULL, 0);
    protocol("range", range_of(1, 7, 2), NULL, 0);
    protocol("reversed(range)", range_of(0, 4, 1), make_reversed, 0);
    protocol("list_reverseiterator", Py_BuildValue("[iii]", 1, 2, 3), make_reversed, 1);
    protocol("reversed(tuple)", Py_BuildValue("(iii)", 1, 2, 3), make_reversed, 1);
    protocol("PySeqIter_New(list)", Py_BuildValue("[iii]", 1, 2, 3), make_seqiter, 1);
    protocol("PySeqIter_New(str)", PyUnicode_FromString("abcd"), make_seqiter, 1);
}

/* range(2**64, 2**64 + 6, 2), whose iterator is a longrange_iterator. */
static void long_range(void)
{
    PyObject *start = PyLong_FromString("18446744073709551616", NULL, 10);
    PyObject *stop = PyNumber_Add(start, PyLong_FromLong(6));
    PyObject *range = PyObject_GetAttrString(builtins, "range");
    PyObject *r = PyObject_CallFunction(range, "OOi", start, stop, 2);
    protocol("longrange", Py_XNewRef(r), NULL, 0);
    PyObject *it = PyObject_GetIter(r);
    show("longrange: __setstate__(1.5)", set_state(it, PyFloat_FromDouble(1.5)));
    show_reduce("longrange: after __setstate__(1.5)", it);
    show("longrange: __length_hint__ after __setstate__(1.5)", call0(it, "__length_hint__"));
    show("longrange: __setstate__(-2**70)", set_state(it, PyLong_FromString("-1180591620717411303424", NULL, 10)));
    show_reduce("longrange: after __setstate__(-2**70)", it);
    show("longrange: list(it)", listof(it));
    Py_XDECREF(it);
    Py_XDECREF(r);
    Py_XDECREF(range);
    Py_XDECREF(start);
    Py_XDECREF(stop);
}

/* A list that shrinks (and a bytearray) under its iterator. */
static void shrinking(void)
{
    PyObject *l = Py_BuildValue("[iiii]", 1, 2, 3, 4);
    PyObject *it = PyObject_GetIter(l);
    for (int i = 0; i < 3; i++)
        Py_XDECREF(PyIter_Next(it));
    PySequence_DelSlice(l, 2, 4);
    show_hint("list shrunk under its iterator", it);
    show_reduce("list shrunk under its iterator", it);
    show("list shrunk: __setstate__(10)", set_state(it, PyLong_FromLong(10)));
    show_reduce("list shrunk: after __setstate__(10)", it);
    show("list shrunk: list(it)", listof(it));
    show_reduce("list shrunk: exhausted", it);
    Py_DECREF(it);

    it = builtin_call("reversed", l);
    PyList_Append(l, Py_None);
    PyList_Append(l, Py_None);
    show_hint("list grown under its reverse iterator", it);
    PySequence_DelSlice(l, 0, 4);
    show_hint("list emptied under its reverse iterator", it);
    show_reduce("list emptied under its reverse iterator", it);
    show("list emptied: list(reversed)", listof(it));
    Py_XDECREF(it);
    Py_DECREF(l);

    PyObject *ba = PyByteArray_FromStringAndSize("abcd", 4);
    it = PyObject_GetIter(ba);
    for (int i = 0; i < 3; i++)
        Py_XDECREF(PyIter_Next(it));
    PyByteArray_Resize(ba, 1);
    show_hint("bytearray shrunk under its iterator", it);
    show_reduce("bytearray shrunk under its iterator", it);
    Py_DECREF(it);
    Py_DECREF(ba);

    PyObject *f = PyObject_GetAttrString(operator_mod, "length_hint");
    PyObject *l3 = Py_BuildValue("[iii]", 1, 2, 3);
    it = PyObject_GetIter(l3);
    show("operator.length_hint(iter([1, 2, 3]))", PyObject_CallFunction(f, "O", it));
    Py_XDECREF(it);
    PyObject *d = Py_BuildValue("{sisi}", "a", 1, "b", 2);
    it = PyObject_GetIter(d);
    show("operator.length_hint(iter({'a': 1, 'b': 2}))", PyObject_CallFunction(f, "O", it));
    Py_XDECREF(it);
    PyObject *s = PySet_New(l3);
    it = PyObject_GetIter(s);
    show("operator.length_hint(iter({1, 2, 3}))", PyObject_CallFunction(f, "O", it));
    Py_XDECREF(it);
    Py_XDECREF(s);
    Py_XDECREF(d);
    Py_XDECREF(l3);
    Py_XDECREF(f);
}

static void callable_iterator(void)
{
    PyObject *intf = PyObject_GetAttrString(builtins, "int");
    PyObject *one = PyLong_FromLong(1), *zero = PyLong_FromLong(0);
    PyObject *it = PyCallIter_New(intf, one);
    show_reduce("callable_iterator", it);
    show("callable_iterator: has __length_hint__", b(PyObject_HasAttrString(it, "__length_hint__")));
    show("callable_iterator: has __setstate__", b(PyObject_HasAttrString(it, "__setstate__")));
    Py_DECREF(it);
    it = PyCallIter_New(intf, zero);
    show("callable_iterator: next at the sentinel", PyIter_Next(it));
    show_reduce("callable_iterator: exhausted", it);
    Py_DECREF(it);
    Py_DECREF(one);
    Py_DECREF(zero);
    Py_DECREF(intf);
}

/* {1: 'a', 2: 'b', 3: 'c', 4: 'd'} with 2 deleted: a hole to skip both
   ways. */
static PyObject *holey_dict(void)
{
    PyObject *d = Py_BuildValue("{isisisis}", 1, "a", 2, "b", 3, "c", 4, "d");
    PyObject *k = PyLong_FromLong(2);
    PyDict_DelItem(d, k);
    Py_DECREF(k);
    return d;
}

static PyObject *view(PyObject *d, const char *which)
{
    return strcmp(which, "dict") == 0 ? Py_NewRef(d) : PyObject_CallMethod(d, which, NULL);
}

static void dicts(void)
{
    static const char *views[] = {"dict", "keys", "values", "items", NULL};
    char buf[200];
    for (int rev = 0; rev < 2; rev++) {
        for (int v = 0; views[v]; v++) {
            PyObject *d = holey_dict();
            PyObject *vw = view(d, views[v]);
            PyObject *it = rev ? builtin_call("reversed", vw) : PyObject_GetIter(vw);
            char what[100];
            snprintf(what, sizeof what, "%s(%s)", rev ? "reversed" : "iter", views[v]);
            snprintf(buf, sizeof buf, "%s: type", what);
            show(buf, it ? PyUnicode_FromString(Py_TYPE(it)->tp_name) : NULL);
            if (it == NULL) {
                Py_XDECREF(vw);
                Py_DECREF(d);
                continue;
            }
            show_hint(what, it);
            snprintf(buf, sizeof buf, "%s: next", what);
            show(buf, PyIter_Next(it));
            show_hint(buf, it);
            show_reduce(buf, it);
            PyObject *c = PyObject_CallMethod(copy_mod, "copy", "O", it);
            snprintf(buf, sizeof buf, "%s: list(copy.copy(it))", what);
            show(buf, listof(c));
            Py_XDECREF(c);
            snprintf(buf, sizeof buf, "%s: has __setstate__", what);
            show(buf, b(PyObject_HasAttrString(it, "__setstate__")));
            PyObject *k = PyLong_FromLong(9);
            PyDict_SetItem(d, k, Py_None);
            Py_DECREF(k);
            snprintf(buf, sizeof buf, "%s: after d[9] = None", what);
            show_hint(buf, it);
            show_reduce(buf, it);
            snprintf(buf, sizeof buf, "%s: next after d[9] = None", what);
            show(buf, PyIter_Next(it));
            snprintf(buf, sizeof buf, "%s: next again", what);
            show(buf, PyIter_Next(it));
            /* Back to the size it had: the iterator goes on from where it
               was. */
            k = PyLong_FromLong(9);
            PyDict_DelItem(d, k);
            Py_DECREF(k);
            snprintf(buf, sizeof buf, "%s: next after del d[9]", what);
            show(buf, PyIter_Next(it));
            Py_DECREF(it);

            it = rev ? builtin_call("reversed", vw) : PyObject_GetIter(vw);
            snprintf(buf, sizeof buf, "%s: list(it)", what);
            show(buf, listof(it));
            snprintf(buf, sizeof buf, "%s: exhausted", what);
            show_hint(buf, it);
            show_reduce(buf, it);
            Py_XDECREF(it);
            Py_XDECREF(vw);
            Py_DECREF(d);
        }
    }

    PyObject *d = holey_dict();
    show("dict.__reversed__()", listof(call0(d, "__reversed__")));
    Py_XDECREF(PyObject_CallMethod(d, "__reversed__", NULL));
    PyObject *it = PyObject_CallMethod(d, "__reversed__", NULL);
    show("reversed(d) is PyDictRevIterKey_Type", it ? PyBool_FromLong(Py_TYPE(it) == &PyDictRevIterKey_Type) : NULL);
    Py_XDECREF(it);
    PyObject *vs = PyDict_Values(d);
    PyObject *items = PyDict_Items(d);
    PyObject *dv = PyObject_CallMethod(d, "values", NULL), *di = PyObject_CallMethod(d, "items", NULL);
    it = builtin_call("reversed", dv);
    show("reversed(d.values()) is PyDictRevIterValue_Type", it ? PyBool_FromLong(Py_TYPE(it) == &PyDictRevIterValue_Type) : NULL);
    Py_XDECREF(it);
    it = builtin_call("reversed", di);
    show("reversed(d.items()) is PyDictRevIterItem_Type", it ? PyBool_FromLong(Py_TYPE(it) == &PyDictRevIterItem_Type) : NULL);
    Py_XDECREF(it);
    show("PyDictRevIterKey_Type.tp_name", PyUnicode_FromString(PyDictRevIterKey_Type.tp_name));
    show("PyDictRevIterValue_Type.tp_name", PyUnicode_FromString(PyDictRevIterValue_Type.tp_name));
    show("PyDictRevIterItem_Type.tp_name", PyUnicode_FromString(PyDictRevIterItem_Type.tp_name));
    show("d.values().__reversed__()", listof(call0(dv, "__reversed__")));
    Py_XDECREF(PyObject_CallMethod(dv, "__reversed__", NULL));
    show("d.__reversed__(1)", PyObject_CallMethod(d, "__reversed__", "i", 1));
    static const char *vnames[] = {"keys", "values", "items", NULL};
    for (int i = 0; vnames[i]; i++) {
        char buf[100];
        PyObject *v = PyObject_CallMethod(d, vnames[i], NULL);
        PyObject *m = v ? PyObject_GetAttrString(v, "mapping") : NULL;
        snprintf(buf, sizeof buf, "d.%s().mapping", vnames[i]);
        show(buf, Py_XNewRef(m));
        snprintf(buf, sizeof buf, "d.%s().mapping == d", vnames[i]);
        show(buf, m ? PyObject_RichCompare(m, d, Py_EQ) : NULL);
        snprintf(buf, sizeof buf, "d.%s().mapping['x'] = 1", vnames[i]);
        show(buf, m ? (PyMapping_SetItemString(m, "x", Py_None) < 0 ? NULL : Py_NewRef(Py_None)) : NULL);
        snprintf(buf, sizeof buf, "d.%s().mapping = 1", vnames[i]);
        show(buf, v ? (PyObject_SetAttrString(v, "mapping", Py_None) < 0 ? NULL : Py_NewRef(Py_None)) : NULL);
        snprintf(buf, sizeof buf, "type(d.%s()).mapping.__doc__", vnames[i]);
        PyObject *descr = v ? PyObject_GetAttrString((PyObject *)Py_TYPE(v), "mapping") : NULL;
        show(buf, descr ? PyObject_GetAttrString(descr, "__doc__") : NULL);
        Py_XDECREF(descr);
        Py_XDECREF(m);
        Py_XDECREF(v);
    }
    Py_XDECREF(dv);
    Py_XDECREF(di);
    Py_XDECREF(vs);
    Py_XDECREF(items);

    PyObject *empty = PyDict_New();
    it = builtin_call("reversed", empty);
    show("reversed({})", listof(it));
    show_hint("reversed({}) exhausted", it);
    Py_XDECREF(it);
    it = builtin_call("reversed", empty);
    PyDict_SetItemString(empty, "x", Py_None);
    show("reversed({}) after an insertion: next", PyIter_Next(it));
    show("reversed({}) after an insertion: next again", PyIter_Next(it));
    Py_XDECREF(it);
    Py_DECREF(empty);

    /* Deleting everything then inserting as many: same size, so the
       reverse iterator reads on (no keys-changed check there). */
    PyObject *d2 = Py_BuildValue("{sisi}", "a", 1, "b", 2);
    it = builtin_call("reversed", d2);
    show("reversed(d2): next", PyIter_Next(it));
    PyDict_DelItemString(d2, "a");
    PyDict_SetItemString(d2, "c", Py_None);
    show("reversed(d2) after del a, d2[c]: next", PyIter_Next(it));
    show("reversed(d2) after del a, d2[c]: rest", listof(it));
    Py_XDECREF(it);
    it = PyObject_GetIter(d2);
    show("iter(d2): next", PyIter_Next(it));
    PyDict_DelItemString(d2, "b");
    PyDict_SetItemString(d2, "e", Py_None);
    show("iter(d2) after del b, d2[e]: rest", listof(it));
    Py_XDECREF(it);
    Py_DECREF(d2);
    Py_DECREF(d);
}

static void sets(void)
{
    PyObject *l = Py_BuildValue("[iii]", 1, 2, 3);
    PyObject *s = PySet_New(l);
    PyObject *it = PyObject_GetIter(s);
    show("set: next", PyIter_Next(it));
    show_hint("set", it);
    show_reduce("set", it);
    PyObject *c = PyObject_CallMethod(copy_mod, "copy", "O", it);
    show("set: list(copy.copy(it))", listof(c));
    Py_XDECREF(c);
    show("set: has __setstate__", b(PyObject_HasAttrString(it, "__setstate__")));
    PyObject *k = PyLong_FromLong(7);
    PySet_Add(s, k);
    show_hint("set: after s.add(7)", it);
    show_reduce("set: after s.add(7)", it);
    show("set: next after s.add(7)", PyIter_Next(it));
    Py_DECREF(it);
    PySet_Discard(s, k);
    Py_DECREF(k);
    it = PyObject_GetIter(s);
    show("set: list(it)", listof(it));
    show_reduce("set: exhausted", it);
    Py_DECREF(it);
    PyObject *fs = PyFrozenSet_New(l);
    it = PyObject_GetIter(fs);
    show_reduce("frozenset", it);
    Py_DECREF(it);
    Py_DECREF(fs);
    Py_DECREF(s);
    Py_DECREF(l);
}

static void abcs(void)
{
    PyObject *cabc = PyImport_ImportModule("collections.abc");
    PyObject *rev = cabc ? PyObject_GetAttrString(cabc, "Reversible") : NULL;
    PyObject *mseq = cabc ? PyObject_GetAttrString(cabc, "MutableSequence") : NULL;
    if (rev == NULL || mseq == NULL) {
        show("collections.abc", NULL);
        Py_XDECREF(cabc);
        Py_XDECREF(rev);
        Py_XDECREF(mseq);
        return;
    }
    PyObject *d = holey_dict();
    PyObject *objs[6];
    const char *names[6] = {"dict", "d.keys()", "d.values()", "d.items()", "iter(d)", "reversed(d)"};
    objs[0] = Py_NewRef(d);
    objs[1] = PyObject_CallMethod(d, "keys", NULL);
    objs[2] = PyObject_CallMethod(d, "values", NULL);
    objs[3] = PyObject_CallMethod(d, "items", NULL);
    objs[4] = PyObject_GetIter(d);
    objs[5] = builtin_call("reversed", d);
    char buf[200];
    for (int i = 0; i < 6; i++) {
        snprintf(buf, sizeof buf, "isinstance(%s, Reversible)", names[i]);
        show(buf, objs[i] ? b(PyObject_IsInstance(objs[i], rev)) : NULL);
        snprintf(buf, sizeof buf, "issubclass(type(%s), Reversible)", names[i]);
        show(buf, objs[i] ? b(PyObject_IsSubclass((PyObject *)Py_TYPE(objs[i]), rev)) : NULL);
        Py_XDECREF(objs[i]);
    }
    PyObject *a = array_of("i");
    show("isinstance(array, MutableSequence)", a ? b(PyObject_IsInstance(a, mseq)) : NULL);
    show("isinstance(array, Reversible)", a ? b(PyObject_IsInstance(a, rev)) : NULL);
    Py_XDECREF(a);
    Py_DECREF(d);
    Py_DECREF(rev);
    Py_DECREF(mseq);
    Py_DECREF(cabc);
}

/* A reduction whose arguments are iterators (whose reprs hold addresses):
   the callable, the type name of each argument, and the rest. */
static void show_reduce_shape(const char *what, PyObject *o)
{
    char buf[200];
    PyObject *r = call0(o, "__reduce__");
    snprintf(buf, sizeof buf, "%s: __reduce__ length", what);
    show(buf, r ? PyLong_FromSsize_t(PyTuple_Size(r)) : NULL);
    if (r == NULL)
        return;
    snprintf(buf, sizeof buf, "%s: __reduce__[0]", what);
    show(buf, Py_XNewRef(PyTuple_GetItem(r, 0)));
    PyObject *args = PyTuple_GetItem(r, 1);
    PyObject *names = PyList_New(0);
    for (Py_ssize_t i = 0; args && i < PyTuple_Size(args); i++) {
        PyObject *n = PyUnicode_FromString(Py_TYPE(PyTuple_GET_ITEM(args, i))->tp_name);
        PyList_Append(names, n);
        Py_DECREF(n);
    }
    snprintf(buf, sizeof buf, "%s: __reduce__[1] types", what);
    show(buf, args ? names : NULL);
    if (args == NULL)
        Py_DECREF(names);
    snprintf(buf, sizeof buf, "%s: __reduce__[2:]", what);
    show(buf, PyTuple_GetSlice(r, 2, 10));
    Py_DECREF(r);
}

/* zip and map: reduction, copies sharing the iterators, zip's strict
   state. */
static void zip_map(void)
{
    PyObject *zip = PyObject_GetAttrString(builtins, "zip");
    PyObject *map = PyObject_GetAttrString(builtins, "map");
    PyObject *absf = PyObject_GetAttrString(builtins, "abs");
    PyObject *z = PyObject_CallFunction(zip, "[iii]s", 1, 2, 3, "ab");
    show_reduce_shape("zip", z);
    show("zip: next", PyIter_Next(z));
    PyObject *c = PyObject_CallMethod(copy_mod, "copy", "O", z);
    show("zip: list(copy.copy(z))", listof(c));
    show("zip: list(z) after the copy", listof(z));
    Py_XDECREF(c);
    show("zip: __setstate__(1)", set_state(z, PyLong_FromLong(1)));
    show_reduce_shape("zip: after __setstate__(1)", z);
    show("zip: __setstate__('')", set_state(z, PyUnicode_FromString("")));
    show_reduce_shape("zip: after __setstate__('')", z);
    show("zip: __setstate__()", PyObject_CallMethod(z, "__setstate__", NULL));
    Py_XDECREF(z);

    PyObject *kw = Py_BuildValue("{sO}", "strict", Py_True);
    PyObject *args = Py_BuildValue("([ii][iii])", 1, 2, 3, 4, 5);
    z = PyObject_Call(zip, args, kw);
    show_reduce_shape("zip(strict=True)", z);
    c = PyObject_CallMethod(copy_mod, "copy", "O", z);
    show("zip(strict=True): list(copy.copy(z))", listof(c));
    Py_XDECREF(c);
    show("zip(strict=True): __setstate__(False)", set_state(z, Py_NewRef(Py_False)));
    show("zip(strict=True): list(z) after __setstate__(False)", listof(z));
    Py_XDECREF(z);
    Py_XDECREF(args);
    Py_XDECREF(kw);

    PyObject *m = PyObject_CallFunction(map, "O[iii]", absf, -1, -2, 3);
    show_reduce_shape("map", m);
    show("map: next", PyIter_Next(m));
    c = PyObject_CallMethod(copy_mod, "copy", "O", m);
    show("map: list(copy.copy(m))", listof(c));
    show("map: list(m) after the copy", listof(m));
    Py_XDECREF(c);
    show("map: has __setstate__", m ? b(PyObject_HasAttrString(m, "__setstate__")) : NULL);
    Py_XDECREF(m);
    Py_XDECREF(absf);
    Py_XDECREF(map);
    Py_XDECREF(zip);
}

static void memoryviews(void)
{
    PyObject *bytes = PyBytes_FromString("ab");
    PyObject *mv = PyMemoryView_FromObject(bytes);
    show("copy.copy(memoryview)", PyObject_CallMethod(copy_mod, "copy", "O", mv));
    show("copy.deepcopy(memoryview)", PyObject_CallMethod(copy_mod, "deepcopy", "O", mv));
    show("memoryview.__reduce_ex__(4)", PyObject_CallMethod(mv, "__reduce_ex__", "i", 4));
    show("memoryview.__reduce__()", PyObject_CallMethod(mv, "__reduce__", NULL));
    PyObject *it = PyObject_GetIter(mv);
    show("memory_iterator: has __length_hint__", it ? b(PyObject_HasAttrString(it, "__length_hint__")) : NULL);
    show("memory_iterator: PyObject_LengthHint", it ? ssize(PyObject_LengthHint(it, 99)) : NULL);
    Py_XDECREF(it);
    Py_DECREF(mv);
    Py_DECREF(bytes);
}

/* Importing array with a collections.abc that has no MutableSequence:
   the import fails with the error of the registration, not as "No module
   named"; with the real collections.abc back it succeeds. Runs before
   anything imports array. */
static void array_import_error(void)
{
    PyObject *modules = PyImport_GetModuleDict();
    PyObject *saved = Py_XNewRef(PyDict_GetItemString(modules, "collections.abc"));
    PyObject *fake = PyModule_New("collections.abc");
    PyDict_SetItemString(modules, "collections.abc", fake);
    show("array imported before", b(PyDict_GetItemString(modules, "array") != NULL));
    show("import array (collections.abc without MutableSequence)", PyImport_ImportModule("array"));
    show("array in sys.modules after the failure", b(PyDict_GetItemString(modules, "array") != NULL));
    if (saved != NULL)
        PyDict_SetItemString(modules, "collections.abc", saved);
    else
        PyDict_DelItemString(modules, "collections.abc");
    PyObject *m = PyImport_ImportModule("array");
    show("import array again: __name__", m ? PyObject_GetAttrString(m, "__name__") : NULL);
    Py_XDECREF(m);
    Py_XDECREF(saved);
    Py_DECREF(fake);
}

int main(void)
{
    Py_Initialize();
    builtins = PyImport_ImportModule("builtins");
    copy_mod = PyImport_ImportModule("copy");
    operator_mod = PyImport_ImportModule("operator");
    if (builtins == NULL || copy_mod == NULL || operator_mod == NULL) {
        PyErr_Print();
        return 1;
    }
    array_import_error();
    sequences();
    long_range();
    shrinking();
    callable_iterator();
    dicts();
    sets();
    abcs();
    zip_map();
    memoryviews();
    Py_DECREF(operator_mod);
    Py_DECREF(copy_mod);
    Py_DECREF(builtins);
    return 0;
}
