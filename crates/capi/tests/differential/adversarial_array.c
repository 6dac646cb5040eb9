/* Adversarial differential cases for array.array (Modules/arraymodule.c)
 * reached from C: hostile sizes and counts, indexes at and past every
 * bound, huge slice steps, self-referential arguments (a.extend(a),
 * a[::-1] = a, a.frombytes(a)), re-entrant __index__ / __eq__ callbacks
 * that mutate the array, resizes while a buffer is exported, 'u' arrays
 * holding values that are no code point, and cross-typecode comparisons.
 * After each case the array under test is shown, so a half-changed
 * object shows as a difference.
 *
 * Built against CPython 3.11 and against pybuffer; scripts/c-tests.sh
 * compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "adv_common.h"

static PyObject *ArrayType;

/* array(tc, init) with `init` built by Py_BuildValue (NULL: no init). */
static PyObject *ARR(const char *tc, const char *fmt, ...)
{
    if (fmt == NULL)
        return PyObject_CallFunction(ArrayType, "s", tc);
    va_list va;
    va_start(va, fmt);
    PyObject *init = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (init == NULL)
        return NULL;
    PyObject *r = PyObject_CallFunction(ArrayType, "sO", tc, init);
    Py_DECREF(init);
    return r;
}

/* ---- a hostile number: __index__ / __int__ / __float__ / __eq__ that
   mutate a target sequence first (action 1: clear it; 2: append 7 to
   it; 3: raise RuntimeError) ---- */
typedef struct {
    PyObject_HEAD
    long value;
    int action;
    PyObject *target;
} Evil;

static PyObject *EvilType;

static int evil_act(Evil *e)
{
    if (e->target == NULL)
        return 0;
    PyObject *t = e->target;
    e->target = NULL; /* once */
    int r = 0;
    if (e->action == 1)
        r = PySequence_DelSlice(t, 0, PY_SSIZE_T_MAX);
    else if (e->action == 2) {
        PyObject *x = PyObject_CallMethod(t, "append", "i", 7);
        r = x ? 0 : -1;
        Py_XDECREF(x);
    } else if (e->action == 3) {
        PyErr_SetString(PyExc_RuntimeError, "evil callback");
        r = -1;
    }
    Py_DECREF(t);
    return r;
}

static PyObject *evil_index(PyObject *self)
{
    Evil *e = (Evil *)self;
    if (evil_act(e) < 0)
        return NULL;
    return PyLong_FromLong(e->value);
}

static PyObject *evil_float(PyObject *self)
{
    Evil *e = (Evil *)self;
    if (evil_act(e) < 0)
        return NULL;
    return PyFloat_FromDouble((double)e->value);
}

static PyObject *evil_richcompare(PyObject *self, PyObject *other, int op)
{
    (void)other;
    Evil *e = (Evil *)self;
    if (evil_act(e) < 0)
        return NULL;
    if (PyLong_Check(other)) {
        long o = PyLong_AsLong(other);
        if (op == Py_EQ)
            return PyBool_FromLong(o == e->value);
        if (op == Py_NE)
            return PyBool_FromLong(o != e->value);
    }
    Py_RETURN_NOTIMPLEMENTED;
}

static void evil_dealloc(PyObject *self)
{
    Py_XDECREF(((Evil *)self)->target);
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot evil_slots[] = {
    {Py_nb_index, (void *)evil_index},
    {Py_nb_float, (void *)evil_float},
    {Py_tp_richcompare, (void *)evil_richcompare},
    {Py_tp_dealloc, (void *)evil_dealloc},
    {0, NULL},
};
static PyType_Spec evil_spec = {"adv.Evil", sizeof(Evil), 0, Py_TPFLAGS_DEFAULT, evil_slots};

static PyObject *EVIL(long value, int action, PyObject *target)
{
    Evil *e = PyObject_New(Evil, (PyTypeObject *)EvilType);
    if (e == NULL)
        return NULL;
    e->value = value;
    e->action = action;
    e->target = target;
    Py_XINCREF(target);
    return (PyObject *)e;
}

/* ---- a file-like object: read(n) answers `reply` (or raises when it
   is NULL); write(b) appends b to `log` ---- */
typedef struct {
    PyObject_HEAD
    PyObject *reply;
    PyObject *log;
} File;

static PyObject *file_read(PyObject *self, PyObject *args)
{
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "n:read", &n))
        return NULL;
    File *f = (File *)self;
    if (f->reply == NULL) {
        PyErr_Format(PyExc_OSError, "read(%zd) refused", n);
        return NULL;
    }
    Py_INCREF(f->reply);
    return f->reply;
}

static PyObject *file_write(PyObject *self, PyObject *b)
{
    File *f = (File *)self;
    if (PyList_Append(f->log, b) < 0)
        return NULL;
    return PyLong_FromSsize_t(PyObject_Length(b));
}

static void file_dealloc(PyObject *self)
{
    Py_XDECREF(((File *)self)->reply);
    Py_XDECREF(((File *)self)->log);
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyMethodDef file_methods[] = {
    {"read", file_read, METH_VARARGS, NULL},
    {"write", file_write, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static PyType_Slot file_slots[] = {
    {Py_tp_methods, file_methods},
    {Py_tp_dealloc, (void *)file_dealloc},
    {0, NULL},
};
static PyType_Spec file_spec = {"adv.File", sizeof(File), 0, Py_TPFLAGS_DEFAULT, file_slots};
static PyObject *FileType;

static PyObject *FILEOBJ(PyObject *reply)
{
    File *f = PyObject_New(File, (PyTypeObject *)FileType);
    if (f == NULL)
        return NULL;
    f->reply = reply; /* stolen */
    f->log = PyList_New(0);
    return (PyObject *)f;
}

#define MAXS "9223372036854775807"
#define MINS "-9223372036854775808"

static void constructor_cases(void)
{
    state = NULL;
    R("array('x')", ARR("x", NULL));
    R("array('w')", ARR("w", NULL));
    R("array('')", PyObject_CallFunction(ArrayType, "s", ""));
    R("array('bb')", PyObject_CallFunction(ArrayType, "s", "bb"));
    R("array(1)", PyObject_CallFunction(ArrayType, "i", 1));
    R("array()", PyObject_CallNoArgs(ArrayType));
    R("array('b', 5)", ARR("b", "i", 5));
    R("array('b', [1, 'a'])", ARR("b", "[is]", 1, "a"));
    R("array('b', [128])", ARR("b", "[i]", 128));
    R("array('b', [-129])", ARR("b", "[i]", -129));
    R("array('B', [-1])", ARR("B", "[i]", -1));
    R("array('B', [256])", ARR("B", "[i]", 256));
    R("array('h', [32768])", ARR("h", "[i]", 32768));
    R("array('H', [-1])", ARR("H", "[i]", -1));
    R("array('H', [65536])", ARR("H", "[i]", 65536));
    R("array('i', [2**31])", ARR("i", "[L]", 2147483648LL));
    R("array('I', [-1])", ARR("I", "[i]", -1));
    R("array('I', [2**32])", ARR("I", "[L]", 4294967296LL));
    R("array('l', [2**63])", ARR("l", "[N]", BIG("9223372036854775808")));
    R("array('L', [-1])", ARR("L", "[i]", -1));
    R("array('L', [2**64])", ARR("L", "[N]", BIG("18446744073709551616")));
    R("array('q', [-2**63-1])", ARR("q", "[N]", BIG("-9223372036854775809")));
    R("array('Q', [-1])", ARR("Q", "[i]", -1));
    R("array('Q', [2**64])", ARR("Q", "[N]", BIG("18446744073709551616")));
    R("array('Q', [2**64-1])", ARR("Q", "[N]", BIG("18446744073709551615")));
    R("array('f', [1e300])", ARR("f", "[d]", 1e300));
    R("array('f', ['x'])", ARR("f", "[s]", "x"));
    R("array('d', [1])", ARR("d", "[i]", 1));
    R("array('d', [2**2000])", ARR("d", "[N]", BIG("1" "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")));
    R("array('i', [1.5])", ARR("i", "[d]", 1.5));
    R("array('I', [1.5])", ARR("I", "[d]", 1.5));
    R("array('Q', [1.5])", ARR("Q", "[d]", 1.5));
    R("array('i', [None])", ARR("i", "[O]", Py_None));
    R("array('b', 'abc')", ARR("b", "s", "abc"));
    R("array('u', 'abc')", ARR("u", "s", "abc"));
    R("array('u', 'a\\U0010ffff')", ARR("u", "N", PyUnicode_FromString("a\xf4\x8f\xbf\xbf")));
    R("array('u', [1])", ARR("u", "[i]", 1));
    R("array('u', ['ab'])", ARR("u", "[s]", "ab"));
    R("array('u', [''])", ARR("u", "[s]", ""));
    R("array('u', b'ab')", ARR("u", "y", "ab"));
    R("array('u', b'abcd')", ARR("u", "y", "abcd"));
    R("array('i', b'abc')", ARR("i", "y", "abc"));
    R("array('i', bytearray(b'abcd'))", ARR("i", "N", PyByteArray_FromStringAndSize("abcd", 4)));
    R("array('d', array('i', [1, 2]))", ARR("d", "N", ARR("i", "[ii]", 1, 2)));
    R("array('i', array('d', [1.5]))", ARR("i", "N", ARR("d", "[d]", 1.5)));
    R("array('i', array('u', 'a'))", ARR("i", "N", ARR("u", "s", "a")));
    R("array('u', array('i', [97]))", ARR("u", "N", ARR("i", "[i]", 97)));
    R("array('u', array('u', 'xy'))", ARR("u", "N", ARR("u", "s", "xy")));
    R("array('i', (1, 2))", ARR("i", "(ii)", 1, 2));
    R("array('i', {1: 2})", ARR("i", "{ii}", 1, 2));
    R("array('i', range(3))", ARR("i", "N", PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 3)));
    R("array('i', iter([1, 'x']))", ARR("i", "N", PyObject_GetIter(Py_BuildValue("[is]", 1, "x"))));
    R("array('i', memoryview(b'abcd'))", ARR("i", "N", PyMemoryView_FromObject(PyBytes_FromString("abcd"))));
    {
        PyObject *kw = Py_BuildValue("{si}", "x", 1);
        PyObject *args = Py_BuildValue("(s)", "i");
        R("array('i', x=1)", PyObject_Call(ArrayType, args, kw));
        Py_DECREF(kw);
        Py_DECREF(args);
    }
    /* An __index__ that empties the list being read. */
    {
        PyObject *l = PyList_New(0);
        PyObject *e = EVIL(5, 1, l);
        PyList_Append(l, e);
        PyList_Append(l, e);
        PyList_Append(l, e);
        Py_DECREF(e);
        R("array('i', [Evil(clears list)] * 3)", ARR("i", "O", l));
        Py_DECREF(l);
    }
    {
        PyObject *e = EVIL(5, 3, Py_None);
        R("array('i', [Evil(raises)])", ARR("i", "[O]", e));
        Py_DECREF(e);
        e = EVIL(5, 3, Py_None);
        R("array('I', [Evil(raises)])", ARR("I", "[O]", e));
        Py_DECREF(e);
        e = EVIL(6, 0, NULL);
        R("array('I', [Evil(6)])", ARR("I", "[O]", e));
        Py_DECREF(e);
        e = EVIL(6, 0, NULL);
        R("array('d', [Evil(6)])", ARR("d", "[O]", e));
        Py_DECREF(e);
        e = EVIL(6, 0, NULL);
        R("array('b', [Evil(6)])", ARR("b", "[O]", e));
        Py_DECREF(e);
    }
}

static void method_cases(void)
{
    PyObject *a = ARR("i", "[iiiii]", 0, 1, 2, 3, 4);
    state = a;
    R("pop()", CM(a, "pop", "()"));
    R("pop(10)", CM(a, "pop", "(i)", 10));
    R("pop(-5)", CM(a, "pop", "(i)", -5));
    R("pop(-4)", CM(a, "pop", "(i)", -4));
    R("pop(2**63)", CM(a, "pop", "(N)", BIG("9223372036854775808")));
    R("pop(-2**63-1)", CM(a, "pop", "(N)", BIG("-9223372036854775809")));
    R("pop('x')", CM(a, "pop", "(s)", "x"));
    R("pop(1.0)", CM(a, "pop", "(d)", 1.0));
    R("pop(1, 2)", CM(a, "pop", "(ii)", 1, 2));
    R("insert(2**63, 9)", CM(a, "insert", "(Ni)", BIG("9223372036854775808"), 9));
    R("insert(" MAXS ", 9)", CM(a, "insert", "(Ni)", BIG(MAXS), 9));
    R("insert(" MINS ", 8)", CM(a, "insert", "(Ni)", BIG(MINS), 8));
    R("insert(-1, 7)", CM(a, "insert", "(ii)", -1, 7));
    R("insert(0, 'x')", CM(a, "insert", "(is)", 0, "x"));
    R("insert(0, 2**40)", CM(a, "insert", "(iL)", 0, 1LL << 40));
    R("insert(0)", CM(a, "insert", "(i)", 0));
    R("insert('a', 1)", CM(a, "insert", "(si)", "a", 1));
    R("index(9)", CM(a, "index", "(i)", 9));
    R("index(9, -1)", CM(a, "index", "(ii)", 9, -1));
    R("index(9, -100, -1)", CM(a, "index", "(iii)", 9, -100, -1));
    R("index(8, 2**100)", CM(a, "index", "(iN)", 8, BIG("1267650600228229401496703205376")));
    R("index(8, -2**100, 2**100)", CM(a, "index", "(iNN)", 8, BIG("-1267650600228229401496703205376"), BIG("1267650600228229401496703205376")));
    R("index(8, 'a')", CM(a, "index", "(is)", 8, "a"));
    R("index(8, None)", CM(a, "index", "(iO)", 8, Py_None));
    R("index(8, 0, 1.5)", CM(a, "index", "(iid)", 8, 0, 1.5));
    R("index(42)", CM(a, "index", "(i)", 42));
    R("index()", CM(a, "index", "()"));
    R("index(1, 2, 3, 4)", CM(a, "index", "(iiii)", 1, 2, 3, 4));
    R("index('x')", CM(a, "index", "(s)", "x"));
    R("count('x')", CM(a, "count", "(s)", "x"));
    R("count(9)", CM(a, "count", "(i)", 9));
    R("remove(42)", CM(a, "remove", "(i)", 42));
    R("remove(None)", CM(a, "remove", "(O)", Py_None));
    R("remove(9)", CM(a, "remove", "(i)", 9));
    RI("1.0 in a", PySequence_Contains(a, PyFloat_FromDouble(1.0)));
    R("append()", CM(a, "append", "()"));
    R("append(2**31)", CM(a, "append", "(L)", 1LL << 31));
    R("append(-2**31)", CM(a, "append", "(L)", -(1LL << 31)));
    R("extend(5)", CM(a, "extend", "(i)", 5));
    R("extend([1, 'x', 2])", CM(a, "extend", "([isi])", 1, "x", 2));
    R("extend(array('d'))", CM(a, "extend", "(N)", ARR("d", NULL)));
    R("extend(a)", CM(a, "extend", "(O)", a));
    R("extend('ab')", CM(a, "extend", "(s)", "ab"));
    R("extend(b'ab')", CM(a, "extend", "(y)", "ab"));
    R("extend()", CM(a, "extend", "()"));
    R("fromlist((1,))", CM(a, "fromlist", "((i))", 1));
    R("fromlist([1, 2, 'x'])", CM(a, "fromlist", "([iis])", 1, 2, "x"));
    R("fromlist([1, 2**40])", CM(a, "fromlist", "([iL])", 1, 1LL << 40));
    R("fromlist([])", CM(a, "fromlist", "([])"));
    R("fromlist([3])", CM(a, "fromlist", "([i])", 3));
    R("frombytes(b'abc')", CM(a, "frombytes", "(y)", "abc"));
    R("frombytes('abcd')", CM(a, "frombytes", "(s)", "abcd"));
    R("frombytes(5)", CM(a, "frombytes", "(i)", 5));
    R("frombytes(array('h', [1]))", CM(a, "frombytes", "(N)", ARR("h", "[i]", 1)));
    R("frombytes(array('h', [1, 2]))", CM(a, "frombytes", "(N)", ARR("h", "[ii]", 1, 2)));
    R("frombytes(a)", CM(a, "frombytes", "(O)", a));
    {
        PyObject *mv = PyMemoryView_FromObject(a);
        PyObject *sl = mv ? GET(mv, SL(NULL, NULL, I(2))) : NULL;
        R("frombytes(memoryview(a)[::2])", CM(a, "frombytes", "(O)", sl));
        Py_XDECREF(sl);
        if (mv)
            Py_XDECREF(CM(mv, "release", "()"));
        Py_XDECREF(mv);
        PyErr_Clear();
    }
    R("frombytes(memoryview(b'abcd').cast('i'))", CM(a, "frombytes", "(N)", PyObject_CallMethod(PyMemoryView_FromObject(PyBytes_FromString("abcd")), "cast", "s", "i")));
    R("fromunicode('x')", CM(a, "fromunicode", "(s)", "x"));
    R("fromunicode(b'x')", CM(a, "fromunicode", "(y)", "x"));
    R("tounicode()", CM(a, "tounicode", "()"));
    R("tobytes()", CM(a, "tobytes", "()"));
    R("tolist()", CM(a, "tolist", "()"));
    R("byteswap()", CM(a, "byteswap", "()"));
    R("byteswap(1)", CM(a, "byteswap", "(i)", 1));
    R("reverse()", CM(a, "reverse", "()"));
    R("__copy__()", CM(a, "__copy__", "()"));
    R("__deepcopy__()", CM(a, "__deepcopy__", "()"));
    R("__deepcopy__({})", CM(a, "__deepcopy__", "({})"));
    R("fromfile(f, -1)", CM(a, "fromfile", "(Ni)", FILEOBJ(PyBytes_FromString("")), -1));
    R("fromfile(f, 2**62)", CM(a, "fromfile", "(NL)", FILEOBJ(PyBytes_FromString("")), 1LL << 62));
    R("fromfile(f -> str, 1)", CM(a, "fromfile", "(Ni)", FILEOBJ(PyUnicode_FromString("abcd")), 1));
    R("fromfile(f -> bytearray, 1)", CM(a, "fromfile", "(Ni)", FILEOBJ(PyByteArray_FromStringAndSize("abcd", 4)), 1));
    R("fromfile(f -> 3 bytes, 1)", CM(a, "fromfile", "(Ni)", FILEOBJ(PyBytes_FromString("abc")), 1));
    R("fromfile(f -> 4 bytes, 2)", CM(a, "fromfile", "(Ni)", FILEOBJ(PyBytes_FromString("\1\0\0\0")), 2));
    R("fromfile(f -> 8 bytes, 1)", CM(a, "fromfile", "(Ni)", FILEOBJ(PyBytes_FromString("\2\0\0\0\3\0\0\0")), 1));
    R("fromfile(f raises, 1)", CM(a, "fromfile", "(Ni)", FILEOBJ(NULL), 1));
    R("fromfile(f -> b'', 0)", CM(a, "fromfile", "(Ni)", FILEOBJ(PyBytes_FromString("")), 0));
    R("fromfile(5, 1)", CM(a, "fromfile", "(ii)", 5, 1));
    R("fromfile(f, 'x')", CM(a, "fromfile", "(Ns)", FILEOBJ(PyBytes_FromString("")), "x"));
    R("fromfile(f)", CM(a, "fromfile", "(N)", FILEOBJ(PyBytes_FromString(""))));
    {
        PyObject *f = FILEOBJ(NULL);
        R("tofile(f)", CM(a, "tofile", "(O)", f));
        R("f.log", NEW(((File *)f)->log));
        Py_DECREF(f);
    }
    R("tofile(5)", CM(a, "tofile", "(i)", 5));
    R("buffer_info()[1]", PySequence_GetItem(CM(a, "buffer_info", "()"), 1));
    RI("hash(a)", PyObject_Hash(a));
    R("a.typecode = 'd'", PyObject_SetAttrString(a, "typecode", Py_None) < 0 ? NULL : NEW(Py_None));
    R("a.itemsize", PyObject_GetAttrString(a, "itemsize"));
    R("__class_getitem__(int)", CM(ArrayType, "__class_getitem__", "(O)", &PyLong_Type));
    Py_DECREF(a);

    /* Empty array: every bound. */
    a = ARR("d", NULL);
    state = a;
    R("empty pop()", CM(a, "pop", "()"));
    R("empty pop(0)", CM(a, "pop", "(i)", 0));
    R("empty pop(2**63)", CM(a, "pop", "(N)", BIG("9223372036854775808")));
    R("empty index(1.0)", CM(a, "index", "(d)", 1.0));
    R("empty remove(1.0)", CM(a, "remove", "(d)", 1.0));
    R("empty reverse()", CM(a, "reverse", "()"));
    R("empty byteswap()", CM(a, "byteswap", "()"));
    R("empty tobytes()", CM(a, "tobytes", "()"));
    R("empty a[0]", PySequence_GetItem(a, 0));
    R("empty a[-1]", PySequence_GetItem(a, -1));
    R("empty a[::-1]", GET(a, SL(NULL, NULL, I(-1))));
    RI("empty del a[::-1]", DEL(a, SL(NULL, NULL, I(-1))));
    RI("empty del a[::2]", DEL(a, SL(NULL, NULL, I(2))));
    RI("empty del a[0]", DEL(a, I(0)));
    RI("empty a[::-1] = a", SET(a, SL(NULL, NULL, I(-1)), NEW(a)));
    RI("empty a[5:] = array('d', [1])", SET(a, SL(I(5), NULL, NULL), ARR("d", "[d]", 1.0)));
    R("a *= 0", PyNumber_InPlaceMultiply(a, PyLong_FromLong(0)));
    Py_DECREF(a);
    state = NULL;
}

static void slice_cases(void)
{
    PyObject *a = ARR("h", "[iiiiiiii]", 0, 1, 2, 3, 4, 5, 6, 7);
    state = a;
    R("a[8]", GET(a, I(8)));
    R("a[-9]", GET(a, I(-9)));
    R("a[2**63]", GET(a, BIG("9223372036854775808")));
    R("a[-2**63-1]", GET(a, BIG("-9223372036854775809")));
    R("a['x']", GET(a, PyUnicode_FromString("x")));
    R("a[1.0]", GET(a, PyFloat_FromDouble(1.0)));
    R("a[None]", GET(a, NEW(Py_None)));
    R("a[::0]", GET(a, SL(NULL, NULL, I(0))));
    R("a[::MAX]", GET(a, SL(NULL, NULL, BIG(MAXS))));
    R("a[1::MAX]", GET(a, SL(I(1), NULL, BIG(MAXS))));
    R("a[7::MAX]", GET(a, SL(I(7), NULL, BIG(MAXS))));
    R("a[::-MAX]", GET(a, SL(NULL, NULL, BIG("-" MAXS))));
    R("a[::MIN]", GET(a, SL(NULL, NULL, BIG(MINS))));
    R("a[::2**70]", GET(a, SL(NULL, NULL, BIG("1180591620717411303424"))));
    R("a[-2**70:2**70]", GET(a, SL(BIG("-1180591620717411303424"), BIG("1180591620717411303424"), NULL)));
    R("a['a':]", GET(a, SL(PyUnicode_FromString("a"), NULL, NULL)));
    R("a[MIN:MAX:-3]", GET(a, SL(BIG(MINS), BIG(MAXS), I(-3))));
    R("a[MAX:MIN:-3]", GET(a, SL(BIG(MAXS), BIG(MINS), I(-3))));
    RI("a[8] = 1", SET(a, I(8), I(1)));
    RI("a[-9] = 1", SET(a, I(-9), I(1)));
    RI("a[0] = 2**15", SET(a, I(0), I(32768)));
    RI("a[0] = 'x'", SET(a, I(0), PyUnicode_FromString("x")));
    RI("a[0] = 1.0", SET(a, I(0), PyFloat_FromDouble(1.0)));
    RI("a[2**63] = 1", SET(a, BIG("9223372036854775808"), I(1)));
    RI("a[::0] = a", SET(a, SL(NULL, NULL, I(0)), NEW(a)));
    RI("a[1:3] = [1]", SET(a, SL(I(1), I(3), NULL), Py_BuildValue("[i]", 1)));
    RI("a[1:3] = array('i', [1])", SET(a, SL(I(1), I(3), NULL), ARR("i", "[i]", 1)));
    RI("a['x':] = a", SET(a, SL(PyUnicode_FromString("x"), NULL, NULL), NEW(a)));
    RI("a[::2] = array('h', [1])", SET(a, SL(NULL, NULL, I(2)), ARR("h", "[i]", 1)));
    RI("a[::-1] = a", SET(a, SL(NULL, NULL, I(-1)), NEW(a)));
    RI("a[::2] = a", SET(a, SL(NULL, NULL, I(2)), NEW(a)));
    RI("a[1:3] = a", SET(a, SL(I(1), I(3), NULL), NEW(a)));
    RI("a[5:2] = a", SET(a, SL(I(5), I(2), NULL), NEW(a)));
    RI("a[100:] = array('h', [9])", SET(a, SL(I(100), NULL, NULL), ARR("h", "[i]", 9)));
    RI("a[-100:2] = array('h', [8])", SET(a, SL(I(-100), I(2), NULL), ARR("h", "[i]", 8)));
    RI("a[::MAX] = array('h', [5])", SET(a, SL(NULL, NULL, BIG(MAXS)), ARR("h", "[i]", 5)));
    RI("a[3::MAX] = array('h', [6])", SET(a, SL(I(3), NULL, BIG(MAXS)), ARR("h", "[i]", 6)));
    RI("a[-1::-MAX] = array('h', [4])", SET(a, SL(I(-1), NULL, BIG("-" MAXS)), ARR("h", "[i]", 4)));
    RI("a[::MAX] = array('h')", SET(a, SL(NULL, NULL, BIG(MAXS)), ARR("h", NULL)));
    RI("del a[1::MAX]", DEL(a, SL(I(1), NULL, BIG(MAXS))));
    RI("del a[-2::MAX]", DEL(a, SL(I(-2), NULL, BIG(MAXS))));
    RI("del a[::-MAX]", DEL(a, SL(NULL, NULL, BIG("-" MAXS))));
    RI("del a[2::-MAX]", DEL(a, SL(I(2), NULL, BIG("-" MAXS))));
    RI("del a[::MIN]", DEL(a, SL(NULL, NULL, BIG(MINS))));
    RI("del a[5:1:2]", DEL(a, SL(I(5), I(1), I(2))));
    RI("del a[1:5:-2]", DEL(a, SL(I(1), I(5), I(-2))));
    RI("del a[::3]", DEL(a, SL(NULL, NULL, I(3))));
    RI("del a[::-2]", DEL(a, SL(NULL, NULL, I(-2))));
    RI("del a[10]", DEL(a, I(10)));
    RI("del a[-1]", DEL(a, I(-1)));
    RI("del a[-100:100]", DEL(a, SL(I(-100), I(100), NULL)));
    Py_DECREF(a);

    /* Re-entrant __index__ in slice bounds and assigned values. */
    a = ARR("i", "[iiiiii]", 0, 1, 2, 3, 4, 5);
    state = a;
    R("a[Evil(2, clears a):]", GET(a, SL(EVIL(2, 1, a), NULL, NULL)));
    Py_DECREF(a);
    a = ARR("i", "[iiiiii]", 0, 1, 2, 3, 4, 5);
    state = a;
    RI("del a[Evil(1, clears a)::2]", DEL(a, SL(EVIL(1, 1, a), NULL, I(2))));
    RI("a.extend([1,2,3,4])", (Py_XDECREF(CM(a, "extend", "([iiii])", 1, 2, 3, 4)), 0));
    RI("a[::Evil(2, appends to a)] = array('i', [9, 9])", SET(a, SL(NULL, NULL, EVIL(2, 2, a)), ARR("i", "[ii]", 9, 9)));
    R("a.index(Evil(3, clears a))", CM(a, "index", "(N)", EVIL(3, 1, a)));
    RI("a.extend([1,2,3,4])", (Py_XDECREF(CM(a, "extend", "([iiii])", 1, 2, 3, 4)), 0));
    R("a.count(Evil(3, clears a))", CM(a, "count", "(N)", EVIL(3, 1, a)));
    RI("a.extend([1,2,3,4])", (Py_XDECREF(CM(a, "extend", "([iiii])", 1, 2, 3, 4)), 0));
    R("a.remove(Evil(4, clears a))", CM(a, "remove", "(N)", EVIL(4, 1, a)));
    RI("a.extend([1,2,3,4])", (Py_XDECREF(CM(a, "extend", "([iiii])", 1, 2, 3, 4)), 0));
    RI("Evil(4, clears a) in a", PySequence_Contains(a, EVIL(4, 1, a)));
    RI("a.extend([1,2,3,4])", (Py_XDECREF(CM(a, "extend", "([iiii])", 1, 2, 3, 4)), 0));
    R("a.index(1, Evil(0, clears a))", CM(a, "index", "(iN)", 1, EVIL(0, 1, a)));
    RI("a.extend([1,2,3,4])", (Py_XDECREF(CM(a, "extend", "([iiii])", 1, 2, 3, 4)), 0));
    R("a.pop(Evil(-1, appends to a))", CM(a, "pop", "(N)", EVIL(-1, 2, a)));
    R("a.insert(Evil(0, appends to a), 5)", CM(a, "insert", "(Ni)", EVIL(0, 2, a), 5));
    R("a.fromlist([1, Evil(raises), 2])", CM(a, "fromlist", "([iNi])", 1, EVIL(1, 3, Py_None), 2));
    {
        PyObject *l = Py_BuildValue("[iii]", 1, 2, 3);
        PyObject *e = EVIL(9, 1, l);
        Py_INCREF(e); /* the list's reference is borrowed by fromlist */
        PyList_SetItem(l, 1, e);
        R("a.fromlist([1, Evil(clears the list), 3])", CM(a, "fromlist", "(O)", l));
        Py_DECREF(e);
        Py_DECREF(l);
    }
    Py_DECREF(a);
    state = NULL;
}

static void repeat_cases(void)
{
    PyObject *a = ARR("q", "[ii]", 1, 2);
    state = a;
    R("a * 2**62", PySequence_Repeat(a, (Py_ssize_t)1 << 62));
    R("a * MAX", PySequence_Repeat(a, PY_SSIZE_T_MAX));
    R("a * -1", PySequence_Repeat(a, -1));
    R("a * 2**70", PyNumber_Multiply(a, BIG("1180591620717411303424")));
    R("a * 'x'", PyNumber_Multiply(a, PyUnicode_FromString("x")));
    R("a * 1.5", PyNumber_Multiply(a, PyFloat_FromDouble(1.5)));
    R("a *= 2**62", PySequence_InPlaceRepeat(a, (Py_ssize_t)1 << 62));
    R("a *= 2**59", PySequence_InPlaceRepeat(a, (Py_ssize_t)1 << 59));
    R("a *= MAX", PySequence_InPlaceRepeat(a, PY_SSIZE_T_MAX));
    R("a *= 3", PySequence_InPlaceRepeat(a, 3));
    R("a *= 1", PySequence_InPlaceRepeat(a, 1));
    R("a + [1]", PyNumber_Add(a, Py_BuildValue("[i]", 1)));
    R("a + array('d')", PyNumber_Add(a, ARR("d", NULL)));
    R("a + a", PyNumber_Add(a, a));
    R("a += a", PyNumber_InPlaceAdd(a, a));
    R("a += [1]", PyNumber_InPlaceAdd(a, Py_BuildValue("[i]", 1)));
    R("a += array('Q', [1])", PyNumber_InPlaceAdd(a, ARR("Q", "[i]", 1)));
    R("a *= -5", PySequence_InPlaceRepeat(a, -5));
    R("a *= 3 (empty)", PySequence_InPlaceRepeat(a, 3));
    Py_DECREF(a);
    state = NULL;
}

static void export_cases(void)
{
    PyObject *a = ARR("H", "[iii]", 1, 2, 3);
    state = a;
    Py_buffer view;
    if (PyObject_GetBuffer(a, &view, PyBUF_FULL_RO) < 0) {
        printf("getbuffer failed\n");
        return;
    }
    R("exported append(4)", CM(a, "append", "(i)", 4));
    R("exported pop()", CM(a, "pop", "()"));
    R("exported insert(0, 1)", CM(a, "insert", "(ii)", 0, 1));
    R("exported extend([])", CM(a, "extend", "([])"));
    R("exported extend([5])", CM(a, "extend", "([i])", 5));
    R("exported extend(array('H'))", CM(a, "extend", "(N)", ARR("H", NULL)));
    R("exported extend(a)", CM(a, "extend", "(O)", a));
    R("exported fromlist([])", CM(a, "fromlist", "([])"));
    R("exported fromlist([1])", CM(a, "fromlist", "([i])", 1));
    R("exported frombytes(b'')", CM(a, "frombytes", "(y)", ""));
    R("exported frombytes(b'ab')", CM(a, "frombytes", "(y)", "ab"));
    R("exported remove(2)", CM(a, "remove", "(i)", 2));
    R("exported remove(9)", CM(a, "remove", "(i)", 9));
    R("exported a *= 1", PySequence_InPlaceRepeat(a, 1));
    R("exported a *= 2", PySequence_InPlaceRepeat(a, 2));
    R("exported a *= 0", PySequence_InPlaceRepeat(a, 0));
    R("exported a += array('H')", PyNumber_InPlaceAdd(a, ARR("H", NULL)));
    R("exported a += array('H', [1])", PyNumber_InPlaceAdd(a, ARR("H", "[i]", 1)));
    RI("exported del a[0]", DEL(a, I(0)));
    RI("exported del a[5:]", DEL(a, SL(I(5), NULL, NULL)));
    RI("exported del a[::2]", DEL(a, SL(NULL, NULL, I(2))));
    RI("exported del a[5::2]", DEL(a, SL(I(5), NULL, I(2))));
    RI("exported a[0:1] = array('H', [9])", SET(a, SL(I(0), I(1), NULL), ARR("H", "[i]", 9)));
    RI("exported a[0:0] = array('H')", SET(a, SL(I(0), I(0), NULL), ARR("H", NULL)));
    RI("exported a[0:1] = array('H', [1, 2])", SET(a, SL(I(0), I(1), NULL), ARR("H", "[ii]", 1, 2)));
    RI("exported a[::-1] = a", SET(a, SL(NULL, NULL, I(-1)), NEW(a)));
    RI("exported a[:] = a", SET(a, SL(NULL, NULL, NULL), NEW(a)));
    RI("exported PySequence_DelSlice(a, 0, 0)", PySequence_DelSlice(a, 0, 0));
    R("exported byteswap()", CM(a, "byteswap", "()"));
    R("exported reverse()", CM(a, "reverse", "()"));
    R("exported fromfile(f -> b'', 0)", CM(a, "fromfile", "(Ni)", FILEOBJ(PyBytes_FromString("")), 0));
    R("exported fromfile(f -> 2 bytes, 1)", CM(a, "fromfile", "(Ni)", FILEOBJ(PyBytes_FromString("ab")), 1));
    PyBuffer_Release(&view);
    R("released append(4)", CM(a, "append", "(i)", 4));
    Py_DECREF(a);

    /* 'u' exports and invalid code points. */
    a = ARR("u", "s", "ab");
    state = NULL;
    R("u frombytes(b'\\xff\\xff\\xff\\xff')", CM(a, "frombytes", "(y#)", "\xff\xff\xff\xff", (Py_ssize_t)4));
    R("u frombytes(b'\\x00\\x00\\x11\\x00')", CM(a, "frombytes", "(y#)", "\x00\x00\x11\x00", (Py_ssize_t)4));
    R("u repr", PyObject_Repr(a));
    R("u a[2]", PySequence_GetItem(a, 2));
    R("u a[3]", PySequence_GetItem(a, 3));
    R("u tounicode()", CM(a, "tounicode", "()"));
    R("u tolist()", CM(a, "tolist", "()"));
    R("u a == a", PyObject_RichCompare(a, a, Py_EQ));
    R("u a < a[:2] + 'c'", PyObject_RichCompare(a, ARR("u", "s", "ac"), Py_LT));
    R("u count('a')", CM(a, "count", "(s)", "a"));
    R("u index('z')", CM(a, "index", "(s)", "z"));
    RI("u 'z' in a", PySequence_Contains(a, PyUnicode_FromString("z")));
    R("u iter", PySequence_List(a));
    R("u fromunicode('\\U0010ffff')", CM(a, "fromunicode", "(N)", PyUnicode_FromString("\xf4\x8f\xbf\xbf")));
    R("u fromunicode('')", CM(a, "fromunicode", "(s)", ""));
    R("u fromunicode(5)", CM(a, "fromunicode", "(i)", 5));
    R("u byteswap()", CM(a, "byteswap", "()"));
    R("u tobytes()", CM(a, "tobytes", "()"));
    R("u a[0] = 'xy'", SET(a, I(0), PyUnicode_FromString("xy")) < 0 ? NULL : NEW(Py_None));
    R("u a[0] = 5", SET(a, I(0), I(5)) < 0 ? NULL : NEW(Py_None));
    R("u a[0] = b'x'", SET(a, I(0), PyBytes_FromString("x")) < 0 ? NULL : NEW(Py_None));
    {
        Py_buffer v;
        if (PyObject_GetBuffer(a, &v, PyBUF_FORMAT) == 0) {
            printf("%d\tu buffer format/itemsize/len\t%s %zd %zd\n", ++case_no, v.format, v.itemsize, v.len);
            PyBuffer_Release(&v);
        } else
            R("u buffer", NULL);
    }
    R("u memoryview(a).tolist()", PyObject_CallMethod(PyMemoryView_FromObject(a), "tolist", NULL));
    PyErr_Clear();
    Py_DECREF(a);
    a = ARR("u", "N", PyUnicode_FromOrdinal(0xd800));
    state = a;
    R("u array('u', '\\ud800')", NEW(a));
    R("u fromunicode('\\udc00x')", CM(a, "fromunicode", "(N)", PyUnicode_FromOrdinal(0xdc00)));
    R("u tounicode() with surrogates", CM(a, "tounicode", "()"));
    R("u a[0]", PySequence_GetItem(a, 0));
    R("u a.index('\\udc00')", CM(a, "index", "(N)", PyUnicode_FromOrdinal(0xdc00)));
    {
        Py_buffer v;
        PyObject_GetBuffer(a, &v, PyBUF_SIMPLE);
        R("u exported fromunicode('x')", CM(a, "fromunicode", "(s)", "x"));
        R("u exported fromunicode('')", CM(a, "fromunicode", "(s)", ""));
        PyBuffer_Release(&v);
    }
    R("u a.__init__('i', [1])", CM(a, "__init__", "(s[i])", "i", 1));
    R("u a.__init__()", CM(a, "__init__", "()"));
    Py_DECREF(a);
    state = NULL;
}

static void compare_cases(void)
{
    state = NULL;
    const char *ops[] = {"<", "<=", "==", "!=", ">", ">="};
    struct { const char *what; PyObject *a, *b; } pairs[] = {
        {"b[1,2] ? d[1,2.5]", ARR("b", "[ii]", 1, 2), ARR("d", "[id]", 1, 2.5)},
        {"f[nan] ? f[nan]", ARR("f", "[d]", Py_NAN), ARR("f", "[d]", Py_NAN)},
        {"d[nan] ? f[nan]", ARR("d", "[d]", Py_NAN), ARR("f", "[d]", Py_NAN)},
        {"b[1] ? u'a'", ARR("b", "[i]", 1), ARR("u", "s", "a")},
        {"Q[2**64-1] ? q[-1]", ARR("Q", "[N]", BIG("18446744073709551615")), ARR("q", "[i]", -1)},
        {"Q[2**64-1] ? Q[1]", ARR("Q", "[N]", BIG("18446744073709551615")), ARR("Q", "[i]", 1)},
        {"b[-1] ? B[255]", ARR("b", "[i]", -1), ARR("B", "[i]", 255)},
        {"i[1,2] ? i[1]", ARR("i", "[ii]", 1, 2), ARR("i", "[i]", 1)},
        {"i[] ? i[]", ARR("i", NULL), ARR("i", NULL)},
        {"u'ab' ? u'b'", ARR("u", "s", "ab"), ARR("u", "s", "b")},
        {"i[1] ? [1]", ARR("i", "[i]", 1), Py_BuildValue("[i]", 1)},
    };
    char what[160];
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        for (int op = 0; op < 6; op++) {
            snprintf(what, sizeof what, "%s (%s)", pairs[p].what, ops[op]);
            R(what, PyObject_RichCompare(pairs[p].a, pairs[p].b, op));
        }
        Py_XDECREF(pairs[p].a);
        Py_XDECREF(pairs[p].b);
    }
}

static void iter_cases(void)
{
    PyObject *a = ARR("B", "[iii]", 1, 2, 3);
    state = a;
    PyObject *it = PyObject_GetIter(a);
    R("next(it)", PyIter_Next(it));
    R("a.pop(0)", CM(a, "pop", "(i)", 0));
    R("next(it)", PyIter_Next(it));
    R("del a[:]", PySequence_DelSlice(a, 0, 100) < 0 ? NULL : NEW(Py_None));
    R("next(it) (empty)", PyIter_Next(it));
    R("a.append(5)", CM(a, "append", "(i)", 5));
    R("next(it) (exhausted)", PyIter_Next(it));
    Py_DECREF(it);
    Py_DECREF(a);
    state = NULL;
}

int main(void)
{
    Py_Initialize();
    PyObject *mod = PyImport_ImportModule("array");
    if (mod == NULL) {
        PyErr_Print();
        return 1;
    }
    ArrayType = PyObject_GetAttrString(mod, "array");
    EvilType = PyType_FromSpec(&evil_spec);
    FileType = PyType_FromSpec(&file_spec);
    if (ArrayType == NULL || EvilType == NULL || FileType == NULL) {
        PyErr_Print();
        return 1;
    }
    constructor_cases();
    method_cases();
    slice_cases();
    repeat_cases();
    export_cases();
    compare_cases();
    iter_cases();
    Py_DECREF(ArrayType);
    Py_DECREF(mod);
    return 0;
}
