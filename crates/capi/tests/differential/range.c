/* Differential cases for range (Objects/rangeobject.c): calling the type
 * with one to three arguments (ints of any size, __index__ objects, bad
 * types, a zero step, keywords), len() (OverflowError past
 * PY_SSIZE_T_MAX), indexing (negative, out of range, huge), slicing (any
 * step, huge bounds), `in`, count and index (ints, bools, floats, other
 * objects), iteration and reversed() (both iterator types, near the C long
 * limits), ==, hash, repr, bool and the start/stop/step attributes.
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

static PyObject *R(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args == NULL)
        return NULL;
    PyObject *r = PyObject_Call((PyObject *)&PyRange_Type, args, NULL);
    Py_DECREF(args);
    return r;
}

/* int(text) */
static PyObject *big(const char *text)
{
    return PyLong_FromString(text, NULL, 10);
}

static PyObject *list_of(PyObject *o)
{
    if (o == NULL)
        return NULL;
    PyObject *l = PySequence_List(o);
    Py_DECREF(o);
    return l;
}

static PyObject *first_items(PyObject *it, int n)
{
    if (it == NULL)
        return NULL;
    PyObject *l = PyList_New(0);
    for (int i = 0; i < n; i++) {
        PyObject *x = PyIter_Next(it);
        if (x == NULL)
            break;
        PyList_Append(l, x);
        Py_DECREF(x);
    }
    PyObject *r = Py_BuildValue("(sN)", Py_TYPE(it)->tp_name, l);
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        Py_DECREF(r);
        return NULL;
    }
    return r;
}

static PyObject *getitem(PyObject *o, PyObject *key)
{
    if (o == NULL || key == NULL) {
        Py_XDECREF(o);
        Py_XDECREF(key);
        return NULL;
    }
    PyObject *r = PyObject_GetItem(o, key);
    Py_DECREF(o);
    Py_DECREF(key);
    return r;
}

static PyObject *slice(PyObject *a, PyObject *b, PyObject *c)
{
    PyObject *s = PySlice_New(a, b, c);
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    return s;
}

static PyObject *I(long v)
{
    return PyLong_FromLong(v);
}

static PyObject *len_of(PyObject *o)
{
    if (o == NULL)
        return NULL;
    Py_ssize_t n = PyObject_Length(o);
    Py_DECREF(o);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyObject *contains(PyObject *o, PyObject *x)
{
    int r = o ? PySequence_Contains(o, x) : -1;
    Py_XDECREF(o);
    Py_DECREF(x);
    return r < 0 ? NULL : PyBool_FromLong(r);
}

static PyObject *meth(PyObject *o, const char *name, PyObject *x)
{
    if (o == NULL) {
        Py_DECREF(x);
        return NULL;
    }
    PyObject *r = PyObject_CallMethod(o, name, "O", x);
    Py_DECREF(o);
    Py_DECREF(x);
    return r;
}

static PyObject *cmp(PyObject *a, PyObject *b, int op)
{
    PyObject *r = a && b ? PyObject_RichCompare(a, b, op) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    return r;
}

static PyObject *hash_eq(PyObject *a, PyObject *b)
{
    PyObject *r = NULL;
    if (a && b) {
        Py_hash_t ha = PyObject_Hash(a), hb = PyObject_Hash(b);
        if (ha != -1 && hb != -1)
            r = PyBool_FromLong(ha == hb);
    }
    Py_XDECREF(a);
    Py_XDECREF(b);
    return r;
}

static PyObject *attr(PyObject *o, const char *name)
{
    if (o == NULL)
        return NULL;
    PyObject *r = PyObject_GetAttrString(o, name);
    Py_DECREF(o);
    return r;
}

int main(void)
{
    Py_Initialize();
    const char *big70 = "1180591620717411303424"; /* 2**70 */

    show("range(5)", R("(i)", 5));
    show("range(2, 5)", R("(ii)", 2, 5));
    show("range(2, 50, 7)", R("(iii)", 2, 50, 7));
    show("range(10, 0, -3)", R("(iii)", 10, 0, -3));
    show("range(-5)", R("(i)", -5));
    show("range(True, 3)", R("(Oi)", Py_True, 3));
    show("range(2**70)", R("(N)", big(big70)));
    show("range(-2**70, 2**70, 2**69)", R("(NNN)", big("-1180591620717411303424"), big(big70),
                                            big("590295810358705651712")));
    show("range()", R("()"));
    show("range(1, 2, 3, 4)", R("(iiii)", 1, 2, 3, 4));
    show("range(1, 2, 0)", R("(iii)", 1, 2, 0));
    show("range(1.0)", R("(d)", 1.0));
    show("range('3')", R("(s)", "3"));
    show("range(1, None)", R("(iO)", 1, Py_None));
    show("range(1, 2, 2.5)", R("(iid)", 1, 2, 2.5));
    {
        PyObject *args = Py_BuildValue("(i)", 1), *kw = Py_BuildValue("{si}", "step", 1);
        show("range(1, step=1)", PyObject_Call((PyObject *)&PyRange_Type, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    show("PyRange_Check(range(1))", PyBool_FromLong(PyRange_Check(R("(i)", 1))));
    show("type(range(1))", Py_NewRef((PyObject *)Py_TYPE(R("(i)", 1))));

    show("len(range(10, 0, -3))", len_of(R("(iii)", 10, 0, -3)));
    show("len(range(0))", len_of(R("(i)", 0)));
    show("len(range(5, 2))", len_of(R("(ii)", 5, 2)));
    show("len(range(2**70))", len_of(R("(N)", big(big70))));
    show("len(range(-2**62, 2**62))", len_of(R("(LL)", -(1LL << 62), 1LL << 62)));
    show("len(range(-2**63, 2**63 - 1))", len_of(R("(LL)", (long long)(-0x7fffffffffffffffLL - 1), 0x7fffffffffffffffLL)));
    show("bool(range(0))", PyBool_FromLong(PyObject_IsTrue(R("(i)", 0))));
    show("bool(range(2**70))", PyBool_FromLong(PyObject_IsTrue(R("(N)", big(big70)))));

    show("range(2, 50, 7)[3]", getitem(R("(iii)", 2, 50, 7), I(3)));
    show("range(2, 50, 7)[-1]", getitem(R("(iii)", 2, 50, 7), I(-1)));
    show("range(2, 50, 7)[-7]", getitem(R("(iii)", 2, 50, 7), I(-7)));
    show("range(2, 50, 7)[-8]", getitem(R("(iii)", 2, 50, 7), I(-8)));
    show("range(2, 50, 7)[7]", getitem(R("(iii)", 2, 50, 7), I(7)));
    show("range(5)[True]", getitem(R("(i)", 5), Py_NewRef(Py_True)));
    show("range(5)[1.0]", getitem(R("(i)", 5), PyFloat_FromDouble(1.0)));
    show("range(5)['a']", getitem(R("(i)", 5), PyUnicode_FromString("a")));
    show("range(5)[2**70]", getitem(R("(i)", 5), big(big70)));
    show("range(2**70)[2**69]", getitem(R("(N)", big(big70)), big("590295810358705651712")));
    show("range(2**70)[-1]", getitem(R("(N)", big(big70)), I(-1)));
    show("PySequence_GetItem(range(5), -2)", PySequence_GetItem(R("(i)", 5), -2));
    show("PySequence_GetItem(range(5), 9)", PySequence_GetItem(R("(i)", 5), 9));

    show("range(10)[::-1]", getitem(R("(i)", 10), slice(NULL, NULL, I(-1))));
    show("range(10)[2:100:3]", getitem(R("(i)", 10), slice(I(2), I(100), I(3))));
    show("range(0, 10, 3)[::2]", getitem(R("(iii)", 0, 10, 3), slice(NULL, NULL, I(2))));
    show("range(10)[-3:]", getitem(R("(i)", 10), slice(I(-3), NULL, NULL)));
    show("range(10)[-100:-50]", getitem(R("(i)", 10), slice(I(-100), I(-50), NULL)));
    show("range(10)[8:2:-2]", getitem(R("(i)", 10), slice(I(8), I(2), I(-2))));
    show("range(10, 0, -1)[1:4]", getitem(R("(iii)", 10, 0, -1), slice(I(1), I(4), NULL)));
    show("range(10)[::0]", getitem(R("(i)", 10), slice(NULL, NULL, I(0))));
    show("range(10)['a':]", getitem(R("(i)", 10), slice(PyUnicode_FromString("a"), NULL, NULL)));
    show("range(2**70)[::2]", getitem(R("(N)", big(big70)), slice(NULL, NULL, I(2))));
    show("range(2**70)[-5:]", getitem(R("(N)", big(big70)), slice(I(-5), NULL, NULL)));
    show("range(10)[2**70:]", getitem(R("(i)", 10), slice(big(big70), NULL, NULL)));
    show("PySequence_GetSlice(range(10), 3, 6)", PySequence_GetSlice(R("(i)", 10), 3, 6));

    show("3 in range(10)", contains(R("(i)", 10), I(3)));
    show("10 in range(10)", contains(R("(i)", 10), I(10)));
    show("4 in range(0, 10, 3)", contains(R("(iii)", 0, 10, 3), I(4)));
    show("6 in range(0, 10, 3)", contains(R("(iii)", 0, 10, 3), I(6)));
    show("7 in range(10, 0, -3)", contains(R("(iii)", 10, 0, -3), I(7)));
    show("0 in range(10, 0, -3)", contains(R("(iii)", 10, 0, -3), I(0)));
    show("True in range(2)", contains(R("(i)", 2), Py_NewRef(Py_True)));
    show("3.0 in range(5)", contains(R("(i)", 5), PyFloat_FromDouble(3.0)));
    show("3.5 in range(5)", contains(R("(i)", 5), PyFloat_FromDouble(3.5)));
    show("'a' in range(5)", contains(R("(i)", 5), PyUnicode_FromString("a")));
    show("2**69 in range(2**70)", contains(R("(N)", big(big70)), big("590295810358705651712")));
    show("range(10).count(3)", meth(R("(i)", 10), "count", I(3)));
    show("range(10).count(3.0)", meth(R("(i)", 10), "count", PyFloat_FromDouble(3.0)));
    show("range(10).count(11)", meth(R("(i)", 10), "count", I(11)));
    show("range(10).count('a')", meth(R("(i)", 10), "count", PyUnicode_FromString("a")));
    show("range(10, 0, -3).index(4)", meth(R("(iii)", 10, 0, -3), "index", I(4)));
    show("range(10).index(3.0)", meth(R("(i)", 10), "index", PyFloat_FromDouble(3.0)));
    show("range(1).index(5)", meth(R("(i)", 1), "index", I(5)));
    show("range(1).index('a')", meth(R("(i)", 1), "index", PyUnicode_FromString("a")));
    show("range(2**70).index(2**69)", meth(R("(N)", big(big70)), "index", big("590295810358705651712")));
    show("range(10).index(True)", meth(R("(i)", 10), "index", Py_NewRef(Py_True)));

    show("list(range(10, 0, -3))", list_of(R("(iii)", 10, 0, -3)));
    show("list(range(0))", list_of(R("(i)", 0)));
    show("iter(range(3))", first_items(PyObject_GetIter(R("(i)", 3)), 5));
    show("iter(range(2**70))", first_items(PyObject_GetIter(R("(N)", big(big70))), 3));
    show("iter(range(2**63 - 3, 2**63 - 1))",
         first_items(PyObject_GetIter(R("(LL)", 0x7ffffffffffffffdLL, 0x7fffffffffffffffLL)), 5));
    show("iter(range(2**63 - 3, 2**63 + 1))",
         first_items(PyObject_GetIter(R("(LN)", 0x7ffffffffffffffdLL, big("9223372036854775809"))), 5));
    show("reversed(range(10, 0, -3))", first_items(PyObject_CallMethod(R("(iii)", 10, 0, -3), "__reversed__", NULL), 9));
    show("reversed(range(0))", first_items(PyObject_CallMethod(R("(i)", 0), "__reversed__", NULL), 3));
    show("reversed(range(2**70))", first_items(PyObject_CallMethod(R("(N)", big(big70)), "__reversed__", NULL), 2));
    {
        PyObject *it = PyObject_GetIter(R("(i)", 7));
        PyObject *x = PyIter_Next(it);
        Py_XDECREF(x);
        show("range_iterator.__length_hint__()", PyObject_CallMethod(it, "__length_hint__", NULL));
        show("PyObject_LengthHint(range_iterator)", PyLong_FromSsize_t(PyObject_LengthHint(it, -1)));
        Py_DECREF(it);
    }

    show("range(0) == range(5, 2)", cmp(R("(i)", 0), R("(ii)", 5, 2), Py_EQ));
    show("range(3) == range(0, 3, 1)", cmp(R("(i)", 3), R("(iii)", 0, 3, 1), Py_EQ));
    show("range(1, 2, 5) == range(1, 3, 7)", cmp(R("(iii)", 1, 2, 5), R("(iii)", 1, 3, 7), Py_EQ));
    show("range(0, 10, 2) != range(0, 11, 2)", cmp(R("(iii)", 0, 10, 2), R("(iii)", 0, 11, 2), Py_NE));
    show("range(0, 10, 2) == range(0, 10, 3)", cmp(R("(iii)", 0, 10, 2), R("(iii)", 0, 10, 3), Py_EQ));
    show("range(3) == [0, 1, 2]", cmp(R("(i)", 3), Py_BuildValue("[iii]", 0, 1, 2), Py_EQ));
    show("range(3) < range(4)", cmp(R("(i)", 3), R("(i)", 4), Py_LT));
    show("hash(range(0)) == hash(range(5, 2))", hash_eq(R("(i)", 0), R("(ii)", 5, 2)));
    show("hash(range(1, 2, 5)) == hash(range(1, 3, 7))", hash_eq(R("(iii)", 1, 2, 5), R("(iii)", 1, 3, 7)));
    show("hash(range(3)) == hash((3, 0, 1))", hash_eq(R("(i)", 3), Py_BuildValue("(iii)", 3, 0, 1)));
    show("hash(range(0)) == hash((0, None, None))", hash_eq(R("(i)", 0), Py_BuildValue("(iOO)", 0, Py_None, Py_None)));
    show("hash(range(7, 8)) == hash((1, 7, None))", hash_eq(R("(ii)", 7, 8), Py_BuildValue("(iiO)", 1, 7, Py_None)));
    show("range(1, 9, 2).start", attr(R("(iii)", 1, 9, 2), "start"));
    show("range(1, 9, 2).stop", attr(R("(iii)", 1, 9, 2), "stop"));
    show("range(1, 9, 2).step", attr(R("(iii)", 1, 9, 2), "step"));
    show("range(4).step", attr(R("(i)", 4), "step"));
    show("range(4).nope", attr(R("(i)", 4), "nope"));
    show("repr(range(2**70, 0, -2**69))", PyObject_Repr(R("(NiN)", big(big70), 0, big("-590295810358705651712"))));
    show("str(range(3))", PyObject_Str(R("(i)", 3)));
    show("range(3).start = 1", PyLong_FromLong(PyObject_SetAttrString(R("(i)", 3), "start", Py_None)));
    /* __reduce__: (range, (start, stop, step)), what pickle and code
       wanting the three numbers at once (pyroaring's BitMap) use. */
    show("range(1, 9, 2).__reduce__()", PyObject_CallMethod(R("(iii)", 1, 9, 2), "__reduce__", NULL));
    show("range(4).__reduce__()", PyObject_CallMethod(R("(i)", 4), "__reduce__", NULL));
    show("range(5, 2, -1).__reduce__()", PyObject_CallMethod(R("(iii)", 5, 2, -1), "__reduce__", NULL));
    show("range(2**70).__reduce__()", PyObject_CallMethod(R("(N)", big(big70)), "__reduce__", NULL));
    show("range(3).__reduce__(1)", PyObject_CallMethod(R("(i)", 3), "__reduce__", "i", 1));
    {
        PyObject *red = PyObject_CallMethod(R("(iii)", 0, 10, 3), "__reduce__", NULL);
        PyObject *again = red ? PyObject_Call(PyTuple_GET_ITEM(red, 0), PyTuple_GET_ITEM(red, 1), NULL) : NULL;
        show("range(*range(0, 10, 3).__reduce__()[1])", again);
        show("range(0, 10, 3).__reduce__()[0] is range",
             red ? PyBool_FromLong(PyTuple_GET_ITEM(red, 0) == (PyObject *)&PyRange_Type) : NULL);
        Py_XDECREF(red);
    }
    show("range(3).__reduce_ex__(2)", PyObject_CallMethod(R("(i)", 3), "__reduce_ex__", "i", 2));
    /* range and reversed as the builtins module holds them. */
    {
        PyObject *b = PyImport_ImportModule("builtins");
        PyObject *r = b ? PyObject_GetAttrString(b, "range") : NULL;
        show("builtins.range is range", r ? PyBool_FromLong(r == (PyObject *)&PyRange_Type) : NULL);
        PyObject *rv = b ? PyObject_GetAttrString(b, "reversed") : NULL;
        PyObject *seq = rv ? PyObject_CallFunction(rv, "N", PyObject_CallFunction((PyObject *)&PyRange_Type, "iii", 1, 10, 3)) : NULL;
        show("list(builtins.reversed(range(1, 10, 3)))", seq ? PySequence_List(seq) : NULL);
        Py_XDECREF(seq);
        Py_XDECREF(rv);
        Py_XDECREF(r);
        Py_XDECREF(b);
    }
    return 0;
}
