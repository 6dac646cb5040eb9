/* Adversarial differential cases for the list, dict, set, tuple, bytes,
 * bytearray and str methods C code reaches with PyObject_CallMethod,
 * and for string.capwords: indexes and counts at PY_SSIZE_T_MIN/MAX,
 * repeats that overflow, self-referential arguments (l.extend(l),
 * l[::-1] = l, b += b), re-entrant __eq__ / __hash__ callbacks that
 * clear the container under search, iteration while the container
 * changes, and each method's argument errors. The object under test is
 * shown after each case.
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

/* ---- a key whose __hash__ / __eq__ first clear `target` (once) ---- */
typedef struct {
    PyObject_HEAD
    long hash;
    int on_hash;
    PyObject *target;
} Evil;

static PyObject *EvilType;

static int evil_act(Evil *e)
{
    if (e->target == NULL)
        return 0;
    PyObject *t = e->target;
    e->target = NULL;
    PyObject *r = PyObject_CallMethod(t, "clear", NULL);
    Py_DECREF(t);
    if (r == NULL)
        return -1;
    Py_DECREF(r);
    return 0;
}

static Py_hash_t evil_hash(PyObject *self)
{
    Evil *e = (Evil *)self;
    if (e->on_hash == 1 && evil_act(e) < 0)
        return -1;
    return e->hash;
}

static PyObject *evil_richcompare(PyObject *self, PyObject *other, int op)
{
    (void)other;
    Evil *e = (Evil *)self;
    if (!e->on_hash && evil_act(e) < 0)
        return NULL;
    if (op == Py_EQ)
        Py_RETURN_FALSE;
    if (op == Py_NE)
        Py_RETURN_TRUE;
    Py_RETURN_NOTIMPLEMENTED;
}

/* __index__: the hash value, after clearing the target (on_hash 2). */
static PyObject *evil_index(PyObject *self)
{
    Evil *e = (Evil *)self;
    if (e->on_hash == 2 && evil_act(e) < 0)
        return NULL;
    return PyLong_FromLong(e->hash);
}

static PyObject *evil_repr(PyObject *self) { return PyUnicode_FromFormat("Evil(%ld)", ((Evil *)self)->hash); }

static void evil_dealloc(PyObject *self)
{
    Py_XDECREF(((Evil *)self)->target);
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot evil_slots[] = {
    {Py_tp_hash, (void *)evil_hash},
    {Py_tp_richcompare, (void *)evil_richcompare},
    {Py_tp_repr, (void *)evil_repr},
    {Py_nb_index, (void *)evil_index},
    {Py_tp_dealloc, (void *)evil_dealloc},
    {0, NULL},
};
static PyType_Spec evil_spec = {"adv.Evil", sizeof(Evil), 0, Py_TPFLAGS_DEFAULT, evil_slots};

/* An Evil hashing (and indexing) to `h` that clears `target` in
   __hash__ (on_hash 1), in __index__ (2) or in __eq__ (0). */
static PyObject *EVIL(long h, int on_hash, PyObject *target)
{
    Evil *e = PyObject_New(Evil, (PyTypeObject *)EvilType);
    if (e == NULL)
        return NULL;
    e->hash = h;
    e->on_hash = on_hash;
    e->target = Py_XNewRef(target);
    return (PyObject *)e;
}

#define MAXS "9223372036854775807"
#define MINS "-9223372036854775808"
#define BIGN "1267650600228229401496703205376"

static PyObject *L(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *o = Py_VaBuildValue(fmt, va);
    va_end(va);
    return o;
}

static PyObject *KWCALL(PyObject *o, const char *name, PyObject *args, PyObject *kw)
{
    PyObject *m = PyObject_GetAttrString(o, name);
    PyObject *r = m && args ? PyObject_Call(m, args, kw) : NULL;
    Py_XDECREF(m);
    Py_XDECREF(args);
    Py_XDECREF(kw);
    return r;
}

static void list_cases(void)
{
    PyObject *l = L("[iiiiii]", 0, 1, 2, 3, 4, 5);
    state = l;
    R("l.index(3, MIN, MAX)", CM(l, "index", "(iNN)", 3, BIG(MINS), BIG(MAXS)));
    R("l.index(3, 2**100)", CM(l, "index", "(iN)", 3, BIG(BIGN)));
    R("l.index(3, -2**100, -1)", CM(l, "index", "(iNi)", 3, BIG("-" BIGN), -1));
    R("l.index(3, 4, 2)", CM(l, "index", "(iii)", 3, 4, 2));
    R("l.index(3, None)", CM(l, "index", "(iO)", 3, Py_None));
    R("l.index(9)", CM(l, "index", "(i)", 9));
    R("l.insert(MAX, 6)", CM(l, "insert", "(Ni)", BIG(MAXS), 6));
    R("l.insert(MIN, -1)", CM(l, "insert", "(Ni)", BIG(MINS), -1));
    R("l.insert(2**100, 0)", CM(l, "insert", "(Ni)", BIG(BIGN), 0));
    R("l.pop(MAX)", CM(l, "pop", "(N)", BIG(MAXS)));
    R("l.pop(MIN)", CM(l, "pop", "(N)", BIG(MINS)));
    R("l.pop(-8)", CM(l, "pop", "(i)", -8));
    R("l.pop(-1)", CM(l, "pop", "(i)", -1));
    R("l.pop(1.0)", CM(l, "pop", "(d)", 1.0));
    R("l.extend(l)", CM(l, "extend", "(O)", l));
    RI("l[::-1] = l", SET(l, SL(NULL, NULL, I(-1)), NEW(l)));
    RI("l[::2] = l", SET(l, SL(NULL, NULL, I(2)), NEW(l)));
    RI("l[1:3] = l", SET(l, SL(I(1), I(3), NULL), NEW(l)));
    RI("l[::MAX] = [9]", SET(l, SL(NULL, NULL, BIG(MAXS)), L("[i]", 9)));
    RI("l[1::MAX] = [8]", SET(l, SL(I(1), NULL, BIG(MAXS)), L("[i]", 8)));
    RI("l[-1::-MAX] = [7]", SET(l, SL(I(-1), NULL, BIG("-" MAXS)), L("[i]", 7)));
    RI("del l[1::MAX]", DEL(l, SL(I(1), NULL, BIG(MAXS))));
    RI("del l[::-MAX]", DEL(l, SL(NULL, NULL, BIG("-" MAXS))));
    RI("del l[::MIN]", DEL(l, SL(NULL, NULL, BIG(MINS))));
    RI("del l[2:20:3]", DEL(l, SL(I(2), I(20), I(3))));
    RI("l[::3] = 5", SET(l, SL(NULL, NULL, I(3)), I(5)));
    RI("l[1:2] = 5", SET(l, SL(I(1), I(2), NULL), I(5)));
    RI("l[1:2] = 'ab'", SET(l, SL(I(1), I(2), NULL), PyUnicode_FromString("ab")));
    RI("l[::-2] = iter('xyz...')", SET(l, SL(NULL, NULL, I(-2)), PyObject_GetIter(PyUnicode_FromString("xyzwvutsrqponmlkjihgfedcba"))));
    RI("l['a'] = 1", SET(l, PyUnicode_FromString("a"), I(1)));
    RI("l[2**100] = 1", SET(l, BIG(BIGN), I(1)));
    R("l * MAX", PyNumber_Multiply(l, BIG(MAXS)));
    R("l * 2**100", PyNumber_Multiply(l, BIG(BIGN)));
    R("l *= 2**40", PySequence_InPlaceRepeat(l, (Py_ssize_t)1 << 40));
    R("l += 5", PyNumber_InPlaceAdd(l, I(5)));
    R("l + (1,)", PyNumber_Add(l, L("(i)", 1)));
    R("l.sort(1)", CM(l, "sort", "(i)", 1));
    R("l.sort(reverse=2**100)", KWCALL(l, "sort", L("()"), L("{sN}", "reverse", BIG(BIGN))));
    R("l.sort(key=5)", KWCALL(l, "sort", L("()"), L("{si}", "key", 5)));
    R("l.sort(bogus=1)", KWCALL(l, "sort", L("()"), L("{si}", "bogus", 1)));
    R("l.sort()", CM(l, "sort", "()"));
    R("l.__init__(l)", CM(l, "__init__", "(O)", l));
    Py_DECREF(l);

    l = L("[iiii]", 1, 2, 3, 4);
    state = l;
    R("l.index(Evil(eq clears l))", CM(l, "index", "(N)", EVIL(1, 0, l)));
    Py_DECREF(CM(l, "extend", "([iiii])", 1, 2, 3, 4));
    R("l.count(Evil(eq clears l))", CM(l, "count", "(N)", EVIL(1, 0, l)));
    Py_DECREF(CM(l, "extend", "([iiii])", 1, 2, 3, 4));
    R("l.remove(Evil(eq clears l))", CM(l, "remove", "(N)", EVIL(1, 0, l)));
    Py_DECREF(CM(l, "extend", "([iiii])", 1, 2, 3, 4));
    RI("Evil(eq clears l) in l", PySequence_Contains(l, EVIL(1, 0, l)));
    Py_DECREF(CM(l, "extend", "([iiii])", 1, 2, 3, 4));
    {
        PyObject *other = L("[iiiN]", 1, 2, 3, EVIL(1, 0, l));
        R("l == [1, 2, 3, Evil(eq clears l)]", PyObject_RichCompare(l, other, Py_EQ));
        Py_DECREF(other);
    }
    Py_DECREF(CM(l, "extend", "([iiii])", 1, 2, 3, 4));
    PyErr_Clear();
    {
        PyObject *e = EVIL(3, 0, l);
        PyList_Append(l, e);
        Py_DECREF(e);
        R("l.sort() with an item whose __lt__ is not there", CM(l, "sort", "()"));
    }
    Py_DECREF(l);
    state = NULL;
    {
        PyObject *t = L("(iii)", 1, 2, 3);
        R("t.index(2, MIN, MAX)", CM(t, "index", "(iNN)", 2, BIG(MINS), BIG(MAXS)));
        R("t.index(2, 2)", CM(t, "index", "(ii)", 2, 2));
        R("t.index()", CM(t, "index", "()"));
        R("t.count()", CM(t, "count", "()"));
        R("t * MAX", PyNumber_Multiply(t, BIG(MAXS)));
        R("t * -1", PyNumber_Multiply(t, I(-1)));
        R("t[MIN:MAX:MAX]", GET(t, SL(BIG(MINS), BIG(MAXS), BIG(MAXS))));
        R("t[::-MAX]", GET(t, SL(NULL, NULL, BIG("-" MAXS))));
        R("t + [1]", PyNumber_Add(t, L("[i]", 1)));
        R("t[3]", GET(t, I(3)));
        Py_DECREF(t);
    }
}

static void dict_set_cases(void)
{
    PyObject *d = L("{sisisi}", "a", 1, "b", 2, "c", 3);
    state = d;
    R("d.pop('x')", CM(d, "pop", "(s)", "x"));
    R("d.pop('x', 0)", CM(d, "pop", "(si)", "x", 0));
    R("d.pop([])", CM(d, "pop", "([])"));
    R("d.pop()", CM(d, "pop", "()"));
    R("d.get([])", CM(d, "get", "([])"));
    R("d.setdefault([])", CM(d, "setdefault", "([])"));
    R("d.update(1)", CM(d, "update", "(i)", 1));
    R("d.update([(1,)])", CM(d, "update", "([(i)])", 1));
    R("d.update([1])", CM(d, "update", "([i])", 1));
    R("d.update([('z', 1), 'ab', (1, 2, 3)])", CM(d, "update", "([(si)s(iii)])", "z", 1, "ab", 1, 2, 3));
    R("d.update({}, {})", CM(d, "update", "({}{})"));
    R("dict.fromkeys(1)", PyObject_CallMethod((PyObject *)&PyDict_Type, "fromkeys", "i", 1));
    R("dict.fromkeys([[]])", PyObject_CallMethod((PyObject *)&PyDict_Type, "fromkeys", "[[]]"));
    R("d | 1", PyNumber_Or(d, I(1)));
    R("d |= 1", PyNumber_InPlaceOr(d, I(1)));
    R("d |= [(1, 2)]", PyNumber_InPlaceOr(d, L("[(ii)]", 1, 2)));
    R("d |= d", PyNumber_InPlaceOr(d, d));
    R("d.update(d)", CM(d, "update", "(O)", d));
    R("d.popitem()", CM(d, "popitem", "()"));
    R("d[Evil(hash clears d)] = 1", SET(d, EVIL(5, 1, d), I(1)) < 0 ? NULL : NEW(Py_None));
    R("d.update(a=1, b=2)", KWCALL(d, "update", L("()"), L("{sisi}", "a", 1, "b", 2)));
    R("d.get(Evil(hash 5, eq clears d))", CM(d, "get", "(N)", EVIL(5, 0, d)));
    Py_DECREF(CM(d, "update", "({sisi})", "a", 1, "b", 2));
    R("d.pop(Evil(hash clears d))", CM(d, "pop", "(N)", EVIL(5, 1, d)));
    Py_DECREF(CM(d, "update", "({sisi})", "a", 1, "b", 2));
    RI("del d[Evil(hash clears d)]", DEL(d, EVIL(5, 1, d)));
    R("d.clear(); d.popitem()", (Py_DECREF(CM(d, "clear", "()")), CM(d, "popitem", "()")));
    Py_DECREF(CM(d, "update", "({sisisi})", "a", 1, "b", 2, "c", 3));
    {
        PyObject *it = PyObject_GetIter(d);
        R("next(iter(d))", PyIter_Next(it));
        PyDict_SetItemString(d, "n", Py_None);
        R("next(it) after an insert", PyIter_Next(it));
        R("next(it) again", PyIter_Next(it));
        Py_DECREF(it);
        PyObject *keys = CM(d, "keys", "()");
        it = PyObject_GetIter(keys);
        R("next(iter(d.keys()))", PyIter_Next(it));
        PyDict_DelItemString(d, "n");
        PyDict_SetItemString(d, "m", Py_None);
        R("next(it) after a delete + insert", PyIter_Next(it));
        Py_DECREF(it);
        Py_DECREF(keys);
        PyObject *items = CM(d, "items", "()");
        it = PyObject_GetIter(items);
        PyDict_DelItemString(d, "m");
        R("next(iter(d.items())) after a delete", PyIter_Next(it));
        Py_DECREF(it);
        Py_DECREF(items);
    }
    Py_DECREF(d);

    PyObject *s = L("[iii]", 1, 2, 3);
    PyObject *st = PySet_New(s);
    Py_DECREF(s);
    s = st;
    state = s;
    R("s.remove(9)", CM(s, "remove", "(i)", 9));
    R("s.remove([])", CM(s, "remove", "([])"));
    R("s.remove({9})", CM(s, "remove", "(N)", PySet_New(NULL)));
    R("s.discard({9})", CM(s, "discard", "(N)", PySet_New(NULL)));
    R("s.discard([])", CM(s, "discard", "([])"));
    R("s.add([])", CM(s, "add", "([])"));
    R("s.update(1)", CM(s, "update", "(i)", 1));
    R("s.update([[]])", CM(s, "update", "([[]])"));
    R("s.isdisjoint(1)", CM(s, "isdisjoint", "(i)", 1));
    R("s.issubset(1)", CM(s, "issubset", "(i)", 1));
    R("s - [1]", PyNumber_Subtract(s, L("[i]", 1)));
    R("s ^= s", PyNumber_InPlaceXor(s, s));
    Py_DECREF(CM(s, "update", "([iii])", 1, 2, 3));
    R("s -= s", PyNumber_InPlaceSubtract(s, s));
    R("s.pop()", CM(s, "pop", "()"));
    Py_DECREF(CM(s, "update", "([iii])", 1, 2, 3));
    R("s.add(Evil(hash clears s))", CM(s, "add", "(N)", EVIL(2, 1, s)));
    Py_DECREF(CM(s, "update", "([iii])", 1, 2, 3));
    RI("Evil(hash 2, eq clears s) in s", PySequence_Contains(s, EVIL(2, 0, s)));
    Py_DECREF(CM(s, "update", "([iii])", 1, 2, 3));
    R("s.discard(Evil(hash 2, eq clears s))", CM(s, "discard", "(N)", EVIL(2, 0, s)));
    Py_DECREF(CM(s, "update", "([iii])", 1, 2, 3));
    R("s.remove(Evil(hash 3, eq clears s))", CM(s, "remove", "(N)", EVIL(3, 0, s)));
    Py_DECREF(CM(s, "update", "([iii])", 1, 2, 3));
    {
        PyObject *it = PyObject_GetIter(s);
        R("next(iter(s))", PyIter_Next(it));
        PySet_Add(s, PyLong_FromLong(99));
        R("next(it) after an add", PyIter_Next(it));
        Py_DECREF(it);
    }
    Py_DECREF(s);
    state = NULL;
}

static void bytes_cases(void)
{
    PyObject *b = PyBytes_FromString("a\tbc");
    R("b.hex(':', 0)", CM(b, "hex", "(si)", ":", 0));
    R("b.hex(':', MAX)", CM(b, "hex", "(sN)", ":", BIG(MAXS)));
    R("b.hex('::')", CM(b, "hex", "(s)", "::"));
    R("b.split(b'')", CM(b, "split", "(y)", ""));
    R("b.split(maxsplit=MIN)", KWCALL(b, "split", L("()"), L("{sN}", "maxsplit", BIG(MINS))));
    R("b.replace(b'', b'x', MAX)", CM(b, "replace", "(yyN)", "", "x", BIG(MAXS)));
    R("b.replace(b'', b'x', 2)", CM(b, "replace", "(yyi)", "", "x", 2));
    R("b.center(MAX)", CM(b, "center", "(N)", BIG(MAXS)));
    R("b.center(-5)", CM(b, "center", "(i)", -5));
    R("b.ljust(10, b'ab')", CM(b, "ljust", "(iy)", 10, "ab"));
    R("b.ljust(10, 'a')", CM(b, "ljust", "(is)", 10, "a"));
    R("b.expandtabs(MAX)", CM(b, "expandtabs", "(N)", BIG(MAXS)));
    R("b.expandtabs(2**62)", CM(b, "expandtabs", "(L)", 1LL << 62));
    R("b.expandtabs(-1)", CM(b, "expandtabs", "(i)", -1));
    R("b * MAX", PyNumber_Multiply(b, BIG(MAXS)));
    R("b.zfill(MAX)", CM(b, "zfill", "(N)", BIG(MAXS)));
    R("b.translate(b'x' * 10)", CM(b, "translate", "(y)", "xxxxxxxxxx"));
    R("b.translate(None, b'a')", CM(b, "translate", "(Oy)", Py_None, "a"));
    R("bytes.maketrans(b'a', b'bc')", PyObject_CallMethod((PyObject *)&PyBytes_Type, "maketrans", "yy", "a", "bc"));
    R("bytes.fromhex('a')", PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "s", "a"));
    R("bytes.fromhex('0g')", PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "s", "0g"));
    R("bytes.fromhex('\\u00e9')", PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "N", PyUnicode_FromString("\xc3\xa9")));
    R("bytes.fromhex(b'00')", PyObject_CallMethod((PyObject *)&PyBytes_Type, "fromhex", "y", "00"));
    R("b'\\xff'.decode('utf-8', 'bogus')", PyObject_CallMethod(PyBytes_FromString("\xff"), "decode", "ss", "utf-8", "bogus"));
    R("b.decode('bogus')", CM(b, "decode", "(s)", "bogus"));
    R("b.startswith((b'a', 1))", CM(b, "startswith", "((yi))", "a", 1));
    R("b.startswith('a')", CM(b, "startswith", "(s)", "a"));
    R("b.find(b'b', MIN, MAX)", CM(b, "find", "(yNN)", "b", BIG(MINS), BIG(MAXS)));
    R("b.find(300)", CM(b, "find", "(i)", 300));
    R("b.find(-1)", CM(b, "find", "(i)", -1));
    R("b.count(b'', MAX)", CM(b, "count", "(yN)", "", BIG(MAXS)));
    R("b.count(b'', -2)", CM(b, "count", "(yi)", "", -2));
    R("b.index(b'z')", CM(b, "index", "(y)", "z"));
    R("b.join([b'a', 'b'])", CM(b, "join", "([ys])", "a", "b"));
    R("b.join([b'a', memoryview(b'b')])", CM(b, "join", "([yN])", "a", PyMemoryView_FromObject(PyBytes_FromString("b"))));
    R("b.split(b'\\t', MAX)", CM(b, "split", "(yN)", "\t", BIG(MAXS)));
    R("b.partition(b'')", CM(b, "partition", "(y)", ""));
    R("b.rsplit(None, -1)", CM(b, "rsplit", "(Oi)", Py_None, -1));
    R("b % ()", PyNumber_Remainder(b, L("()")));
    R("b'%s %s' % (1,)", PyNumber_Remainder(PyBytes_FromString("%s %s"), L("(i)", 1)));
    R("b'%c' % 256", PyNumber_Remainder(PyBytes_FromString("%c"), I(256)));
    R("b'%c' % b'ab'", PyNumber_Remainder(PyBytes_FromString("%c"), PyBytes_FromString("ab")));
    R("b'%(a)s' % 1", PyNumber_Remainder(PyBytes_FromString("%(a)s"), I(1)));
    R("b'%y' % 1", PyNumber_Remainder(PyBytes_FromString("%y"), I(1)));
    R("bytes(-1)", PyObject_CallFunction((PyObject *)&PyBytes_Type, "i", -1));
    R("bytes([256])", PyObject_CallFunction((PyObject *)&PyBytes_Type, "([i])", 256));
    R("bytes('a')", PyObject_CallFunction((PyObject *)&PyBytes_Type, "s", "a"));
    R("bytes('a', 'bogus')", PyObject_CallFunction((PyObject *)&PyBytes_Type, "ss", "a", "bogus"));
    R("bytes(1, 'utf-8')", PyObject_CallFunction((PyObject *)&PyBytes_Type, "is", 1, "utf-8"));
    Py_DECREF(b);

    PyObject *ba = PyByteArray_FromStringAndSize("abc", 3);
    state = ba;
    R("ba += ba", PyNumber_InPlaceAdd(ba, ba));
    {
        PyObject *mv = PyMemoryView_FromObject(ba);
        R("ba += memoryview(ba)", PyNumber_InPlaceAdd(ba, mv));
        Py_XDECREF(CM(mv, "release", "()"));
        Py_DECREF(mv);
    }
    R("ba += b''", PyNumber_InPlaceAdd(ba, PyBytes_FromString("")));
    R("ba += 1", PyNumber_InPlaceAdd(ba, I(1)));
    R("ba.extend(ba)", CM(ba, "extend", "(O)", ba));
    R("ba.extend([1, 256])", CM(ba, "extend", "([ii])", 1, 256));
    R("ba.extend([1, 'a'])", CM(ba, "extend", "([is])", 1, "a"));
    R("ba.extend('ab')", CM(ba, "extend", "(s)", "ab"));
    R("ba.extend(5)", CM(ba, "extend", "(i)", 5));
    RI("ba[::-1] = ba", SET(ba, SL(NULL, NULL, I(-1)), NEW(ba)));
    RI("ba[1:2] = ba", SET(ba, SL(I(1), I(2), NULL), NEW(ba)));
    RI("ba[::2] = ba", SET(ba, SL(NULL, NULL, I(2)), NEW(ba)));
    RI("ba[::MAX] = b'z'", SET(ba, SL(NULL, NULL, BIG(MAXS)), PyBytes_FromString("z")));
    RI("del ba[1::MAX]", DEL(ba, SL(I(1), NULL, BIG(MAXS))));
    RI("del ba[::-MAX]", DEL(ba, SL(NULL, NULL, BIG("-" MAXS))));
    RI("ba[0:1] = 5", SET(ba, SL(I(0), I(1), NULL), I(5)));
    RI("ba[0:1] = [300]", SET(ba, SL(I(0), I(1), NULL), L("[i]", 300)));
    RI("ba[0:1] = 'x'", SET(ba, SL(I(0), I(1), NULL), PyUnicode_FromString("x")));
    RI("ba[0] = 256", SET(ba, I(0), I(256)));
    RI("ba[0] = b'a'", SET(ba, I(0), PyBytes_FromString("a")));
    R("ba.insert(MAX, 1)", CM(ba, "insert", "(Ni)", BIG(MAXS), 1));
    R("ba.insert(MIN, 2)", CM(ba, "insert", "(Ni)", BIG(MINS), 2));
    R("ba.insert(0, 256)", CM(ba, "insert", "(ii)", 0, 256));
    R("ba.pop(MIN)", CM(ba, "pop", "(N)", BIG(MINS)));
    R("ba.remove(256)", CM(ba, "remove", "(i)", 256));
    R("ba.remove(99)", CM(ba, "remove", "(i)", 99));
    R("ba.append(-1)", CM(ba, "append", "(i)", -1));
    R("ba *= MAX", PySequence_InPlaceRepeat(ba, PY_SSIZE_T_MAX));
    R("ba *= -1", PySequence_InPlaceRepeat(ba, -1));
    R("ba.pop()", CM(ba, "pop", "()"));
    R("ba.__init__(ba)", (Py_XDECREF(CM(ba, "extend", "(y)", "xyz")), CM(ba, "__init__", "(O)", ba)));
    R("ba.__init__(3)", CM(ba, "__init__", "(i)", 3));
    R("ba.__init__(-1)", CM(ba, "__init__", "(i)", -1));
    R("ba.__init__('a')", CM(ba, "__init__", "(s)", "a"));
    R("ba.__init__(b'', 'utf-8')", CM(ba, "__init__", "(ys)", "", "utf-8"));
    {
        Py_buffer v;
        PyObject_GetBuffer(ba, &v, PyBUF_SIMPLE);
        R("exported ba.__init__(b'zz')", CM(ba, "__init__", "(y)", "zz"));
        R("exported ba.clear()", CM(ba, "clear", "()"));
        R("exported ba *= 1", PySequence_InPlaceRepeat(ba, 1));
        R("exported ba[0:1] = b'q'", SET(ba, SL(I(0), I(1), NULL), PyBytes_FromString("q")) < 0 ? NULL : NEW(Py_None));
        R("exported ba[0:1] = b''", SET(ba, SL(I(0), I(1), NULL), PyBytes_FromString("")) < 0 ? NULL : NEW(Py_None));
        PyBuffer_Release(&v);
    }
    Py_DECREF(ba);

    /* __index__ that empties the bytearray or list being written. */
    ba = PyByteArray_FromStringAndSize("abc", 3);
    state = ba;
    RI("ba[1] = Evil(98, index clears ba)", SET(ba, I(1), EVIL(98, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    RI("PySequence_SetItem(ba, 2, Evil(clears ba))", PySequence_SetItem(ba, 2, EVIL(98, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    RI("ba[Evil(1, index clears ba)] = 100", SET(ba, EVIL(1, 2, ba), I(100)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba.insert(1, Evil(98, clears ba))", CM(ba, "insert", "(iN)", 1, EVIL(98, 2, ba)));
    R("ba.append(Evil(98, clears ba))", CM(ba, "append", "(N)", EVIL(98, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba.insert(Evil(2, clears ba), 100)", CM(ba, "insert", "(Ni)", EVIL(2, 2, ba), 100));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba.pop(Evil(2, clears ba))", CM(ba, "pop", "(N)", EVIL(2, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba.remove(Evil(98, clears ba))", CM(ba, "remove", "(N)", EVIL(98, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba.index(Evil(99, clears ba))", CM(ba, "index", "(N)", EVIL(99, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba.count(Evil(99, clears ba))", CM(ba, "count", "(N)", EVIL(99, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    RI("Evil(99, clears ba) in ba", PySequence_Contains(ba, EVIL(99, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba.find(Evil(99, clears ba))", CM(ba, "find", "(N)", EVIL(99, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba.find(b'c', Evil(1, clears ba))", CM(ba, "find", "(yN)", "c", EVIL(1, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    RI("ba[Evil(0, clears ba):2] = b'xyz'", SET(ba, SL(EVIL(0, 2, ba), I(2), NULL), PyBytes_FromString("xyz")));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    RI("ba[::Evil(1, clears ba)] = b'xyz'", SET(ba, SL(NULL, NULL, EVIL(1, 2, ba)), PyBytes_FromString("xyz")));
    Py_XDECREF(CM(ba, "extend", "(y)", "abcdef"));
    RI("ba[::2] = [1, Evil(2, clears ba), 3]", SET(ba, SL(NULL, NULL, I(2)), L("[iNi]", 1, EVIL(2, 2, ba), 3)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba.extend([1, Evil(2, clears ba)])", CM(ba, "extend", "([iN])", 1, EVIL(2, 2, ba)));
    R("ba * Evil(2, clears ba)", PyNumber_Multiply(ba, EVIL(2, 2, ba)));
    Py_XDECREF(CM(ba, "extend", "(y)", "abc"));
    R("ba *= Evil(2, clears ba)", PyNumber_InPlaceMultiply(ba, EVIL(2, 2, ba)));
    Py_DECREF(ba);
    {
        PyObject *l = L("[iii]", 1, 2, 3);
        PyObject *e = EVIL(2, 2, l);
        PyList_SetItem(l, 1, Py_NewRef(e));
        state = l;
        R("bytes([1, Evil(clears the list), 3])", PyBytes_FromObject(l));
        PyList_Append(l, I(1));
        PyList_Append(l, e);
        Py_DECREF(e);
        ((Evil *)e)->target = Py_NewRef(l);
        R("bytearray([1, Evil(clears the list)])", PyByteArray_FromObject(l));
        PyList_Append(l, I(1));
        R("l.insert(Evil(0, clears l), 5)", CM(l, "insert", "(Ni)", EVIL(0, 2, l), 5));
        R("l.pop(Evil(0, clears l))", CM(l, "pop", "(N)", EVIL(0, 2, l)));
        Py_XDECREF(CM(l, "extend", "([iii])", 1, 2, 3));
        RI("l[Evil(2, clears l)] = 5", SET(l, EVIL(2, 2, l), I(5)));
        Py_XDECREF(CM(l, "extend", "([iii])", 1, 2, 3));
        RI("del l[Evil(2, clears l)]", DEL(l, EVIL(2, 2, l)));
        Py_XDECREF(CM(l, "extend", "([iii])", 1, 2, 3));
        R("l[Evil(2, clears l)]", GET(l, EVIL(2, 2, l)));
        Py_XDECREF(CM(l, "extend", "([iii])", 1, 2, 3));
        R("l.index(3, Evil(0, clears l))", CM(l, "index", "(iN)", 3, EVIL(0, 2, l)));
        Py_XDECREF(CM(l, "extend", "([iii])", 1, 2, 3));
        RI("l[Evil(0, clears l):] = [7]", SET(l, SL(EVIL(0, 2, l), NULL, NULL), L("[i]", 7)));
        Py_XDECREF(CM(l, "extend", "([iii])", 1, 2, 3));
        RI("del l[::Evil(2, clears l)]", DEL(l, SL(NULL, NULL, EVIL(2, 2, l))));
        Py_XDECREF(CM(l, "extend", "([iii])", 1, 2, 3));
        R("l * Evil(2, clears l)", PyNumber_Multiply(l, EVIL(2, 2, l)));
        Py_DECREF(l);
    }
    state = NULL;
}

static void str_cases(void)
{
    PyObject *s = PyUnicode_FromString("a\tbc");
    R("s * MAX", PyNumber_Multiply(s, BIG(MAXS)));
    R("s.center(MAX)", CM(s, "center", "(N)", BIG(MAXS)));
    R("s.expandtabs(MAX)", CM(s, "expandtabs", "(N)", BIG(MAXS)));
    R("s.expandtabs(2**62)", CM(s, "expandtabs", "(L)", 1LL << 62));
    R("s.zfill(MAX)", CM(s, "zfill", "(N)", BIG(MAXS)));
    R("s.ljust(5, 'ab')", CM(s, "ljust", "(is)", 5, "ab"));
    R("s.ljust(5, b'a')", CM(s, "ljust", "(iy)", 5, "a"));
    R("s.replace('', 'x', -1)", CM(s, "replace", "(ssi)", "", "x", -1));
    R("s.replace('', 'x', MIN)", CM(s, "replace", "(ssN)", "", "x", BIG(MINS)));
    R("s.split('')", CM(s, "split", "(s)", ""));
    R("s.rsplit(None, MIN)", CM(s, "rsplit", "(ON)", Py_None, BIG(MINS)));
    R("s.join([1])", CM(s, "join", "([i])", 1));
    R("s.join(['a', b'b'])", CM(s, "join", "([sy])", "a", "b"));
    R("s.join(5)", CM(s, "join", "(i)", 5));
    R("str.maketrans({'ab': 1})", PyObject_CallMethod((PyObject *)&PyUnicode_Type, "maketrans", "({si})", "ab", 1));
    R("str.maketrans({1.5: 1})", PyObject_CallMethod((PyObject *)&PyUnicode_Type, "maketrans", "({di})", 1.5, 1));
    R("str.maketrans('a', 'bc')", PyObject_CallMethod((PyObject *)&PyUnicode_Type, "maketrans", "ss", "a", "bc"));
    R("str.maketrans('a')", PyObject_CallMethod((PyObject *)&PyUnicode_Type, "maketrans", "s", "a"));
    R("s.translate({97: 0x110000})", CM(s, "translate", "({ii})", 97, 0x110000));
    R("s.translate({97: -1})", CM(s, "translate", "({ii})", 97, -1));
    R("s.translate({97: 1.5})", CM(s, "translate", "({id})", 97, 1.5));
    R("s.translate({97: 'xyz', 98: None})", CM(s, "translate", "({isiO})", 97, "xyz", 98, Py_None));
    R("s.translate(5)", CM(s, "translate", "(i)", 5));
    R("'{0}'.format()", PyObject_CallMethod(PyUnicode_FromString("{0}"), "format", NULL));
    R("'{'.format()", PyObject_CallMethod(PyUnicode_FromString("{"), "format", NULL));
    R("'}'.format()", PyObject_CallMethod(PyUnicode_FromString("}"), "format", NULL));
    R("'{:d}'.format('x')", PyObject_CallMethod(PyUnicode_FromString("{:d}"), "format", "s", "x"));
    R("'{0[}'.format([])", PyObject_CallMethod(PyUnicode_FromString("{0[}"), "format", "[]"));
    R("'{0.}'.format(1)", PyObject_CallMethod(PyUnicode_FromString("{0.}"), "format", "i", 1));
    R("'{0:{1:{2}}}'.format(1, 2, 3)", PyObject_CallMethod(PyUnicode_FromString("{0:{1:{2}}}"), "format", "iii", 1, 2, 3));
    R("'{:9999999999999999999}'.format(1)", PyObject_CallMethod(PyUnicode_FromString("{:9999999999999999999}"), "format", "i", 1));
    R("'{0}{}'.format(1, 2)", PyObject_CallMethod(PyUnicode_FromString("{0}{}"), "format", "ii", 1, 2));
    R("'{!x}'.format(1)", PyObject_CallMethod(PyUnicode_FromString("{!x}"), "format", "i", 1));
    R("s.encode('bogus')", CM(s, "encode", "(s)", "bogus"));
    R("'\\u00e9'.encode('ascii')", PyObject_CallMethod(PyUnicode_FromString("\xc3\xa9"), "encode", "s", "ascii"));
    R("'\\u00e9'.encode('ascii', 'bogus')", PyObject_CallMethod(PyUnicode_FromString("\xc3\xa9"), "encode", "ss", "ascii", "bogus"));
    R("'\\ud800'.encode('utf-8')", PyObject_CallMethod(PyUnicode_FromOrdinal(0xd800), "encode", "s", "utf-8"));
    R("s.startswith(('a', 1))", CM(s, "startswith", "((si))", "a", 1));
    R("s.startswith(b'a')", CM(s, "startswith", "(y)", "a"));
    R("s.find('b', MIN, MAX)", CM(s, "find", "(sNN)", "b", BIG(MINS), BIG(MAXS)));
    R("s.count('', MAX)", CM(s, "count", "(sN)", "", BIG(MAXS)));
    R("s.index('z')", CM(s, "index", "(s)", "z"));
    R("s.rindex('a', 1)", CM(s, "rindex", "(si)", "a", 1));
    R("s.splitlines(2**100)", CM(s, "splitlines", "(N)", BIG(BIGN)));
    R("s % ()", PyNumber_Remainder(s, L("()")));
    R("'%s %s' % (1,)", PyNumber_Remainder(PyUnicode_FromString("%s %s"), L("(i)", 1)));
    R("'%s' % (1, 2)", PyNumber_Remainder(PyUnicode_FromString("%s"), L("(ii)", 1, 2)));
    R("'%c' % 0x110000", PyNumber_Remainder(PyUnicode_FromString("%c"), I(0x110000)));
    R("'%c' % 'ab'", PyNumber_Remainder(PyUnicode_FromString("%c"), PyUnicode_FromString("ab")));
    R("'%(a)s' % 1", PyNumber_Remainder(PyUnicode_FromString("%(a)s"), I(1)));
    R("'%(a' % {}", PyNumber_Remainder(PyUnicode_FromString("%(a"), L("{}")));
    R("'%y' % 1", PyNumber_Remainder(PyUnicode_FromString("%y"), I(1)));
    R("'%d' % 'x'", PyNumber_Remainder(PyUnicode_FromString("%d"), PyUnicode_FromString("x")));
    R("'%*d' % (MAX, 1)", PyNumber_Remainder(PyUnicode_FromString("%*d"), L("(Ni)", BIG(MAXS), 1)));
    R("'%.*d' % (2**31, 1)", PyNumber_Remainder(PyUnicode_FromString("%.*d"), L("(Li)", 1LL << 31, 1)));
    R("'%' % ()", PyNumber_Remainder(PyUnicode_FromString("%"), L("()")));
    R("s[MIN:MAX:-MAX]", GET(s, SL(BIG(MINS), BIG(MAXS), BIG("-" MAXS))));
    R("s[::MAX]", GET(s, SL(NULL, NULL, BIG(MAXS))));
    R("s[4]", GET(s, I(4)));
    R("str(b'a', 'bogus')", PyObject_CallFunction((PyObject *)&PyUnicode_Type, "ys", "a", "bogus"));
    R("str('a', 'utf-8')", PyObject_CallFunction((PyObject *)&PyUnicode_Type, "ss", "a", "utf-8"));
    R("str(b'\\xff', 'utf-8', 'strict')", PyObject_CallFunction((PyObject *)&PyUnicode_Type, "yss", "\xff", "utf-8", "strict"));
    Py_DECREF(s);
}

static void capwords_cases(void)
{
    PyObject *m = PyImport_ImportModule("string");
    if (m == NULL) {
        R("import string", NULL);
        return;
    }
    PyObject *cw = PyObject_GetAttrString(m, "capwords");
    R("capwords('  hello   wORLD  ')", PyObject_CallFunction(cw, "s", "  hello   wORLD  "));
    R("capwords('a-b-c', '-')", PyObject_CallFunction(cw, "ss", "a-b-c", "-"));
    R("capwords('a--b', '--')", PyObject_CallFunction(cw, "ss", "a--b-c", "--"));
    R("capwords('ab', '')", PyObject_CallFunction(cw, "ss", "ab", ""));
    R("capwords('a b', None)", PyObject_CallFunction(cw, "sO", "a b", Py_None));
    R("capwords('a b', 0)", PyObject_CallFunction(cw, "si", "a b", 0));
    R("capwords('a b', 1)", PyObject_CallFunction(cw, "si", "a b", 1));
    R("capwords('a b', b' ')", PyObject_CallFunction(cw, "sy", "a b", " "));
    R("capwords(b'a b')", PyObject_CallFunction(cw, "y", "a b"));
    R("capwords(b'a b', b' ')", PyObject_CallFunction(cw, "yy", "a b", " "));
    R("capwords(b'', b' ')", PyObject_CallFunction(cw, "yy", "", " "));
    R("capwords(1)", PyObject_CallFunction(cw, "i", 1));
    R("capwords(['a'])", PyObject_CallFunction(cw, "[s]", "a"));
    R("capwords('')", PyObject_CallFunction(cw, "s", ""));
    R("capwords('\\u00dfa \\u01c6b')", PyObject_CallFunction(cw, "N", PyUnicode_FromString("\xc3\x9f" "a \xc7\x86" "b")));
    R("capwords('\\U00010428x')", PyObject_CallFunction(cw, "N", PyUnicode_FromString("\xf0\x90\x90\xa8x")));
    R("capwords('a\\x00b c')", PyObject_CallFunction(cw, "N", PyUnicode_FromStringAndSize("a\0b c", 5)));
    R("capwords('a\\u2028b\\x1cc')", PyObject_CallFunction(cw, "N", PyUnicode_FromString("a\xe2\x80\xa8" "b\x1c" "c")));
    R("capwords()", PyObject_CallNoArgs(cw));
    R("capwords('a', 'b', 'c')", PyObject_CallFunction(cw, "sss", "a", "b", "c"));
    R("capwords('a', s='b')", PyObject_Call(cw, L("(s)", "a"), L("{ss}", "s", "b")));
    R("capwords(s='x y', sep='y')", PyObject_Call(cw, L("()"), L("{ssss}", "s", "x y", "sep", "y")));
    R("capwords('x', bogus=1)", PyObject_Call(cw, L("(s)", "x"), L("{si}", "bogus", 1)));
    R("capwords(sep=' ')", PyObject_Call(cw, L("()"), L("{ss}", "sep", " ")));
    R("capwords('x', {1: 2})", PyObject_Call(cw, L("(s{ii})", "x", 1, 2), NULL));
    R("capwords('x y', ['a'])", PyObject_Call(cw, L("(s[s])", "x y", "a"), NULL));
    Py_DECREF(cw);
    Py_DECREF(m);
}

int main(void)
{
    Py_Initialize();
    EvilType = PyType_FromSpec(&evil_spec);
    if (EvilType == NULL) {
        PyErr_Print();
        return 1;
    }
    list_cases();
    dict_set_cases();
    bytes_cases();
    str_cases();
    capwords_cases();
    return 0;
}
